/*
 * Text normalisation for extraction: cleaning OCR text into valid, NFKC
 * UTF-8 with one kind of dash and one kind of space, character classes for
 * kanji and kana, kana conversion and a rough romanisation used to compare
 * a Japanese name or company with an email address or a romanised line.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "extract/ex_int.h"
#include "meishi/text.h"

int ex_is_kanji(int32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3005 || cp == 0x3006 ||
	       cp == 0x30F6;
}

int ex_is_hira(int32_t cp)
{
	return cp >= 0x3041 && cp <= 0x309F;
}

int ex_is_kata(int32_t cp)
{
	return (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC;
}

int ex_is_kana(int32_t cp)
{
	return ex_is_hira(cp) || ex_is_kata(cp);
}

int ex_is_cjk(int32_t cp)
{
	return ex_is_kanji(cp) || ex_is_kana(cp);
}

static int is_space_cp(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0;
}

/* Dashes that always mean '-' once NFKC has run. */
static int is_dash(int32_t cp)
{
	return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
	       cp == 0x2043 || cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF0D;
}

/* Dashes that are '-' only between digits (the katakana long vowel mark and
 * box-drawing lines, which OCR gives for a dash in a number). */
static int is_soft_dash(int32_t cp)
{
	return cp == 0x30FC || cp == 0xFF70 || cp == 0x2500 || cp == 0x2501 ||
	       cp == 0x4E00;
}

/* Copies in to out, replacing malformed bytes by U+FFFD and control
 * characters by spaces. */
static void clean_utf8(const char *in, char *out, size_t cap)
{
	size_t n = strlen(in), i = 0, o = 0, k;
	int32_t cp;

	out[0] = '\0';
	while (i < n) {
		k = ms_utf8_next(in + i, n - i, &cp);
		if (k == 0) {
			cp = 0xFFFD;
			k = 1;
		}
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			cp = ' ';
		if (ms_utf8_put(out + o, cap - o, cp) == 0)
			break;
		o += strlen(out + o);
		i += k;
	}
}

void ex_normalise(ms_extractor *x, const char *in, char *out, size_t cap)
{
	char *a = x->scratch[0], *b = x->scratch[1];
	const char *src;
	size_t n, i = 0, o = 0, k;
	int32_t cp, prev = 0, next;
	int pend_space = 0;

	out[0] = '\0';
	clean_utf8(in, a, sizeof(x->scratch[0]));
	src = ms_nfkc(a, b, sizeof(x->scratch[1])) == MS_OK ? b : a;
	n = strlen(src);
	while (i < n) {
		k = ms_utf8_next(src + i, n - i, &cp);
		if (k == 0)
			break;
		i += k;
		if (is_space_cp(cp)) {
			pend_space = 1;
			continue;
		}
		if (is_dash(cp)) {
			cp = '-';
		} else if (is_soft_dash(cp) && prev >= '0' && prev <= '9') {
			size_t j = i, kk;
			next = 0;
			while (j < n &&
			       (kk = ms_utf8_next(src + j, n - j, &next)) !=
			           0 &&
			       is_space_cp(next))
				j += kk;
			if (next >= '0' && next <= '9')
				cp = '-';
		}
		/* "( 株 )" as OCR spaces it: no space inside parentheses
		 * around CJK, so (株) and (有) read as legal forms. */
		if (pend_space && o > 0 &&
		    ((out[o - 1] == '(' && ex_is_cjk(cp)) ||
		     (cp == ')' && ex_is_cjk(prev))))
			pend_space = 0;
		if (pend_space && o > 0) {
			if (o + 2 > cap)
				break;
			out[o++] = ' ';
			out[o] = '\0';
		}
		pend_space = 0;
		if (ms_utf8_put(out + o, cap - o, cp) == 0)
			break;
		o += strlen(out + o);
		prev = cp;
	}
}

void ex_count(const char *s, ex_counts *k)
{
	size_t n = strlen(s), i = 0, m;
	int32_t cp;

	memset(k, 0, sizeof(*k));
	while (i < n && (m = ms_utf8_next(s + i, n - i, &cp)) != 0) {
		i += m;
		if (cp == ' ')
			continue;
		k->total++;
		if (ex_is_kanji(cp))
			k->kanji++;
		else if (ex_is_hira(cp))
			k->kana++, k->hira++;
		else if (ex_is_kata(cp))
			k->kana++, k->kata++;
		else if (cp < 0x80 && isalpha(cp))
			k->alpha++, k->upper += isupper(cp) ? 1 : 0;
		else if (cp >= '0' && cp <= '9')
			k->digit++;
		else if (cp >= 0xC0 && cp < 0x250)
			k->alpha++; /* Latin letters with accents */
		else
			k->other++;
	}
}

static void kana_shift(const char *s, char *out, size_t cap, int to_hira)
{
	size_t n = strlen(s), i = 0, m;
	int32_t cp;

	if (cap == 0)
		return;
	out[0] = '\0';
	while (i < n && (m = ms_utf8_next(s + i, n - i, &cp)) != 0) {
		i += m;
		if (to_hira && cp >= 0x30A1 && cp <= 0x30F6)
			cp -= 0x60;
		else if (!to_hira && cp >= 0x3041 && cp <= 0x3096)
			cp += 0x60;
		if (ms_utf8_put(out, cap, cp) == 0)
			break;
	}
}

void ex_kata_to_hira(const char *s, char *out, size_t cap)
{
	kana_shift(s, out, cap, 1);
}

void ex_hira_to_kata(const char *s, char *out, size_t cap)
{
	kana_shift(s, out, cap, 0);
}

/* Romanisation of katakana, two-character combinations first. */
static const char *const romaji_tab[][2] = {
    {"キャ", "kya"}, {"キュ", "kyu"}, {"キョ", "kyo"}, {"シャ", "sha"},
    {"シュ", "shu"}, {"ショ", "sho"}, {"チャ", "cha"}, {"チュ", "chu"},
    {"チョ", "cho"}, {"ニャ", "nya"}, {"ニュ", "nyu"}, {"ニョ", "nyo"},
    {"ヒャ", "hya"}, {"ヒュ", "hyu"}, {"ヒョ", "hyo"}, {"ミャ", "mya"},
    {"ミュ", "myu"}, {"ミョ", "myo"}, {"リャ", "rya"}, {"リュ", "ryu"},
    {"リョ", "ryo"}, {"ギャ", "gya"}, {"ギュ", "gyu"}, {"ギョ", "gyo"},
    {"ジャ", "ja"},  {"ジュ", "ju"},  {"ジョ", "jo"},  {"ビャ", "bya"},
    {"ビュ", "byu"}, {"ビョ", "byo"}, {"ピャ", "pya"}, {"ピュ", "pyu"},
    {"ピョ", "pyo"}, {"ティ", "ti"},  {"ディ", "di"},  {"ファ", "fa"},
    {"フィ", "fi"},  {"フェ", "fe"},  {"フォ", "fo"},  {"ウィ", "wi"},
    {"ウェ", "we"},  {"シェ", "she"}, {"ジェ", "je"},  {"チェ", "che"},
    {"ア", "a"},     {"イ", "i"},     {"ウ", "u"},     {"エ", "e"},
    {"オ", "o"},     {"カ", "ka"},    {"キ", "ki"},    {"ク", "ku"},
    {"ケ", "ke"},    {"コ", "ko"},    {"サ", "sa"},    {"シ", "shi"},
    {"ス", "su"},    {"セ", "se"},    {"ソ", "so"},    {"タ", "ta"},
    {"チ", "chi"},   {"ツ", "tsu"},   {"テ", "te"},    {"ト", "to"},
    {"ナ", "na"},    {"ニ", "ni"},    {"ヌ", "nu"},    {"ネ", "ne"},
    {"ノ", "no"},    {"ハ", "ha"},    {"ヒ", "hi"},    {"フ", "fu"},
    {"ヘ", "he"},    {"ホ", "ho"},    {"マ", "ma"},    {"ミ", "mi"},
    {"ム", "mu"},    {"メ", "me"},    {"モ", "mo"},    {"ヤ", "ya"},
    {"ユ", "yu"},    {"ヨ", "yo"},    {"ラ", "ra"},    {"リ", "ri"},
    {"ル", "ru"},    {"レ", "re"},    {"ロ", "ro"},    {"ワ", "wa"},
    {"ヲ", "o"},     {"ン", "n"},     {"ガ", "ga"},    {"ギ", "gi"},
    {"グ", "gu"},    {"ゲ", "ge"},    {"ゴ", "go"},    {"ザ", "za"},
    {"ジ", "ji"},    {"ズ", "zu"},    {"ゼ", "ze"},    {"ゾ", "zo"},
    {"ダ", "da"},    {"ヂ", "ji"},    {"ヅ", "zu"},    {"デ", "de"},
    {"ド", "do"},    {"バ", "ba"},    {"ビ", "bi"},    {"ブ", "bu"},
    {"ベ", "be"},    {"ボ", "bo"},    {"パ", "pa"},    {"ピ", "pi"},
    {"プ", "pu"},    {"ペ", "pe"},    {"ポ", "po"},    {"ヴ", "vu"},
    {"ァ", "a"},     {"ィ", "i"},     {"ゥ", "u"},     {"ェ", "e"},
    {"ォ", "o"},     {"ャ", "ya"},    {"ュ", "yu"},    {"ョ", "yo"},
};

void ex_romaji(const char *s, char *out, size_t cap)
{
	char kata[256];
	size_t i = 0, n, o = 0, t, len;
	int sokuon = 0;

	if (cap == 0)
		return;
	out[0] = '\0';
	ex_hira_to_kata(s, kata, sizeof(kata));
	n = strlen(kata);
	while (i < n) {
		const char *r = NULL;
		for (t = 0; t < sizeof(romaji_tab) / sizeof(romaji_tab[0]);
		     t++) {
			len = strlen(romaji_tab[t][0]);
			if (len <= n - i &&
			    memcmp(kata + i, romaji_tab[t][0], len) == 0) {
				r = romaji_tab[t][1];
				break;
			}
		}
		if (r) {
			i += len;
			len = strlen(r);
			if (o + len + 2 > cap)
				break;
			if (sokuon && r[0] != 'a' && r[0] != 'i' &&
			    r[0] != 'u' && r[0] != 'e' && r[0] != 'o')
				out[o++] = r[0] == 'c' ? 't' : r[0];
			memcpy(out + o, r, len);
			o += len;
			out[o] = '\0';
			sokuon = 0;
			continue;
		}
		if (n - i >= 3 && memcmp(kata + i, "ッ", 3) == 0) {
			sokuon = 1;
			i += 3;
			continue;
		}
		/* ー and anything else: skip the character. */
		i++;
		while (i < n && ((unsigned char)kata[i] & 0xC0) == 0x80)
			i++;
	}
	ex_fold_romaji(out);
}

void ex_fold_romaji(char *s)
{
	size_t i, o = 0;

	for (i = 0; s[i]; i++) {
		if (o > 0 && s[o - 1] == 'o' &&
		    (s[i] == 'u' || s[i] == 'h' || s[i] == 'o'))
			continue;
		if (o > 0 && s[o - 1] == 'u' && s[i] == 'u')
			continue;
		s[o++] = s[i];
	}
	s[o] = '\0';
}

void ex_alnum_lower(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	if (cap == 0)
		return;
	for (; *s && o + 1 < cap; s++) {
		unsigned char c = (unsigned char)*s, d = (unsigned char)s[1];
		if (isalnum(c)) {
			out[o++] = (char)tolower(c);
		} else if (c == 0xC3 && d >= 0x80 && d <= 0xBF) {
			/* a Latin-1 letter (Ç, ã): its letter */
			char b = ex_base_letter(0xC0 + (d - 0x80));
			if (b && b != '/')
				out[o++] = b;
			s++;
		}
	}
	out[o] = '\0';
}

void ex_blank(char *s, size_t from, size_t to)
{
	size_t n = strlen(s), i;

	if (to > n)
		to = n;
	for (i = from; i < to; i++)
		s[i] = ' ';
}

void ex_tidy(char *s, const char *strip)
{
	size_t i, o = 0, n;
	int sp = 0;

	for (i = 0; s[i]; i++) {
		if (s[i] == ' ') {
			sp = 1;
			continue;
		}
		if (sp && o > 0)
			s[o++] = ' ';
		sp = 0;
		s[o++] = s[i];
	}
	s[o] = '\0';
	if (!strip)
		return;
	n = o;
	while (n > 0 && (strchr(strip, s[n - 1]) || s[n - 1] == ' '))
		s[--n] = '\0';
	i = 0;
	while (s[i] && (strchr(strip, s[i]) || s[i] == ' '))
		i++;
	memmove(s, s + i, n - i + 1);
}

int ex_meaningful(const char *s)
{
	ex_counts k;

	ex_count(s, &k);
	return k.kanji + k.kana + k.alpha + k.digit > 0;
}

static int word_char(char c)
{
	return isalnum((unsigned char)c) || ((unsigned char)c & 0x80);
}

long ex_find_word(const char *s, const char *w, size_t from)
{
	size_t n = strlen(s), m = strlen(w), i;

	if (m == 0 || m > n)
		return -1;
	for (i = from; i + m <= n; i++) {
		if (tolower((unsigned char)s[i]) !=
		    tolower((unsigned char)w[0]))
			continue;
		if (strncasecmp(s + i, w, m) != 0)
			continue;
		if (i > 0 && word_char(s[i - 1]) && word_char(w[0]))
			continue;
		if (word_char(s[i + m]) && word_char(w[m - 1]))
			continue;
		return (long)i;
	}
	return -1;
}

size_t ex_common_len(const char *a, const char *b)
{
	unsigned char t[65][65];
	size_t na = strlen(a), nb = strlen(b), i, j;

	if (na > 64)
		na = 64;
	if (nb > 64)
		nb = 64;
	memset(t, 0, sizeof(t));
	for (i = 1; i <= na; i++)
		for (j = 1; j <= nb; j++)
			t[i][j] = a[i - 1] == b[j - 1]
			              ? (unsigned char)(t[i - 1][j - 1] + 1)
			          : t[i - 1][j] > t[i][j - 1] ? t[i - 1][j]
			                                      : t[i][j - 1];
	return t[na][nb];
}

float ex_similar(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	na = na > 64 ? 64 : na;
	nb = nb > 64 ? 64 : nb;
	if (na == 0 || nb == 0)
		return 0;
	return 2.0f * (float)ex_common_len(a, b) / (float)(na + nb);
}
