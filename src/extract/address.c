/*
 * Postal code and address.
 *
 * Japanese: 〒NNN-NNNN (OCR also gives "T", "干" or "〠" for 〒, and seven
 * digits without the dash) is the postal code; the address starts at the
 * prefecture (or right after the postal code) and runs to the end of the
 * line, plus the next line when that is a building or floor. English and
 * Brazilian: a street line ("123 Main St", "Rua ..."), then a city line
 * with a US ZIP, a UK postcode or a CEP; the code goes to postal_code and
 * the lines, joined with ", ", to address.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "extract/ex_int.h"
#include "extract/kn_int.h"
#include "meishi/address_en.h"
#include "meishi/text.h"

static int digit_at(const char *s, size_t i)
{
	return isdigit((unsigned char)s[i]);
}

/* A JP postal code at t[i]: "NNN-NNNN" or "NNNNNNN", not inside a longer
 * number (after_seven: t[i-1] is the 7 OCR read for 〒). After a postal
 * mark (marked) the dash may be read as a dot and a gap may split the
 * last four digits ("〒812.001 1"); after 〒 itself (marked 2), up to two
 * digits may be read as letters ("〒141-003|"). Sets *end and writes
 * "NNN-NNNN" to out. */
static int jp_code_at(const char *t, size_t i, size_t *end, char out[9],
                      int after_seven, int marked)
{
	size_t j = i, nd = 0;
	int gaps = 0, letters = 0;
	char d[8];

	if (i > 0 && digit_at(t, i - 1) && !after_seven)
		return 0;
	while (t[j] && nd < 7) {
		if (digit_at(t, j)) {
			d[nd++] = t[j++];
		} else if (marked > 1 && nd > 0 && letters < 2 &&
		           strchr("OoIl|", t[j])) {
			/* O for 0, I l | for 1, after 〒 */
			d[nd++] = (t[j] == 'O' || t[j] == 'o') ? '0' : '1';
			letters++;
			j++;
		} else if ((t[j] == '-' || (marked && t[j] == '.')) &&
		           nd == 3) {
			j++;
		} else if (t[j] == ' ' && nd == 3 && digit_at(t, j + 1)) {
			j++;
		} else if (marked && t[j] == ' ' && nd > 3 && !gaps &&
		           digit_at(t, j + 1)) {
			gaps++;
			j++;
		} else {
			break;
		}
	}
	if (nd != 7 || digit_at(t, j) || (t[j] == '-' && digit_at(t, j + 1)) ||
	    (letters && isalnum((unsigned char)t[j])))
		return 0;
	memcpy(out, d, 3);
	out[3] = '-';
	memcpy(out + 4, d + 3, 4);
	out[8] = '\0';
	*end = j;
	return 1;
}

static const char *const postal_marks[] = {
    "〒", "郵便番号", "〠", "干", "T", "丁", "F",
};

/* A digit of a postal code printed in kanji numerals (vertical cards:
 * 〒一〇〇ー〇〇〇五), as OCR reads them: 〇 as O or 0, 一 as I or |,
 * ニ for 二, ハ or 人 for 八, カ or 力 for 九. -1 if none. */
static int kanji_code_digit(int32_t c)
{
	int d = kn_kanji_digit(c);

	if (d >= 0)
		return d;
	if (c >= '0' && c <= '9')
		return c - '0';
	switch (c) {
	case 'O': case 'o': case 0x25CB: /* ○ */
		return 0;
	case 'I': case 'l': case '|':
		return 1;
	case 0x30CB: /* ニ */
		return 2;
	case 0x30CF: case 0x4EBA: /* ハ 人 */
		return 8;
	case 0x30AB: case 0x529B: /* カ 力 */
		return 9;
	default:
		return -1;
	}
}

/* A postal code in kanji numerals right after 〒 at t[i] ("〒O 六 OIOO 四
 * 二" is 060-0042): seven digits, or eight whose fourth is the dash (ー
 * read as 一, I or |); elsewhere a dash is 一 misread ("〒八 - ニーOO--"
 * is 812-0011). Only after the mark, where nothing else is printed; the
 * table checks the code later. */
static int jp_kanji_code_at(const char *t, size_t i, size_t *end,
                            char out[9])
{
	int d[8], nd = 0, dash4 = 0, kanji = 0;
	size_t j = i, k, len = strlen(t), last = i;
	int32_t c;

	while (j < len && nd < 8 && (k = ms_utf8_next(t + j, len - j, &c))) {
		int v = kanji_code_digit(c);
		if (c == ' ') {
			j += k;
			continue;
		}
		if (nd == 3 && (kn_is_dash(c) || c == 0x4E00 || c == 'I' ||
		                c == 'l' || c == '|'))
			dash4 = 1;
		/* 一 is read as a dash as often as the dash is read as 一 */
		if (v < 0 && kn_is_dash(c))
			v = 1;
		if (v < 0)
			break;
		kanji |= c > 0x7F;
		d[nd++] = v;
		j += k;
		last = j;
	}
	if (!kanji || nd < 7)
		return 0;
	if (nd == 8) {
		if (!dash4)
			return 0;
		memmove(d + 3, d + 4, 4 * sizeof(*d));
	}
	/* no more numerals right after */
	if (last < len && ms_utf8_next(t + last, len - last, &c) &&
	    kanji_code_digit(c) >= 0)
		return 0;
	for (k = 0; k < 7; k++)
		if (d[k] < 0)
			return 0;
	for (k = 0; k < 3; k++)
		out[k] = (char)('0' + d[k]);
	out[3] = '-';
	for (k = 3; k < 7; k++)
		out[k + 1] = (char)('0' + d[k]);
	out[8] = '\0';
	*end = last;
	return 1;
}

/* Finds a Japanese postal code in t; *s..*e is the span (mark included). */
static int find_jp_postal(const char *t, int cjk, size_t *s, size_t *e,
                          char code[9])
{
	size_t i, m, j;

	for (i = 0; t[i]; i++) {
		for (m = 0; m < sizeof(postal_marks) / sizeof(postal_marks[0]);
		     m++) {
			size_t ml = strlen(postal_marks[m]);
			if (strncmp(t + i, postal_marks[m], ml) != 0)
				continue;
			if (ml == 1 && i > 0 &&
			    isalpha((unsigned char)t[i - 1]))
				continue;
			j = i + ml;
			while (t[j] == ' ' || t[j] == ':')
				j++;
			if (jp_code_at(t, j, e, code, 0, m < 3 ? 2 : 1) ||
			    (cjk && m < 3 && jp_kanji_code_at(t, j, e, code))) {
				*s = i;
				return 1;
			}
		}
	}
	/* OCR reads 〒 as 7: "7141-0032" (eight digits in 4-4 is no
	 * Japanese phone number). */
	for (i = 0; cjk && t[i]; i++) {
		if (t[i] != '7' ||
		    (i > 0 && (digit_at(t, i - 1) || t[i - 1] == '-')))
			continue;
		if (digit_at(t, i + 1) && digit_at(t, i + 2) &&
		    digit_at(t, i + 3) && t[i + 4] == '-' &&
		    jp_code_at(t, i + 1, e, code, 1, 0)) {
			*s = i;
			return 1;
		}
	}
	/* A bare NNN-NNNN on a Japanese card, 〒 lost or read as junk
	 * ("= 150-0002 東京"): no Japanese phone number has this shape, and
	 * phone numbers are taken before this pass. */
	for (i = 0; cjk && t[i]; i++) {
		if (!digit_at(t, i) ||
		    (i > 0 &&
		     (isalnum((unsigned char)t[i - 1]) || t[i - 1] == '-')))
			continue;
		if (digit_at(t, i + 1) && digit_at(t, i + 2) &&
		    t[i + 3] == '-' && jp_code_at(t, i, e, code, 0, 0) &&
		    !isalnum((unsigned char)t[*e])) {
			*s = i;
			return 1;
		}
	}
	return 0;
}

static const char *const building[] = {
    "ビル",   "階",     "号室",     "号館",  "タワー", "館",
    "棟",     "プレイス", "スクエア", "ヒルズ", "プラザ", "テラス",
    "ガーデン", "センター", "Bldg",    "Building", "Tower", "Place",
    "F",
};

static int looks_building(const char *r)
{
	size_t i;
	ex_counts c;

	ex_count(r, &c);
	if (c.total > 40)
		return 0;
	for (i = 0; i < sizeof(building) / sizeof(building[0]); i++) {
		if (strcmp(building[i], "F") == 0) {
			/* "5F", "12F" */
			const char *p = r;
			while ((p = strchr(p, 'F')) != NULL) {
				if (p > r && isdigit((unsigned char)p[-1]))
					return 1;
				p++;
			}
		} else if (strstr(r, building[i])) {
			return 1;
		}
	}
	return 0;
}

/* A line that reads like a Japanese address without its prefecture:
 * a 市/区/町/村 and a number (in digits, or 一丁目, 二番三号 in kanji). */
static int looks_jp_address(const char *r)
{
	ex_counts c;

	ex_count(r, &c);
	return c.kanji >= 3 &&
	       (c.digit >= 1 || strstr(r, "丁目") || strstr(r, "番地") ||
	        (strstr(r, "番") && strstr(r, "号"))) &&
	       (strstr(r, "市") || strstr(r, "区") || strstr(r, "町") ||
	        strstr(r, "村") || strstr(r, "郡") || strstr(r, "丁目"));
}

/* The one prefecture whose name ends with the first characters of r
 * ("葉県..." -> 千葉県, *cut = the bytes of "千"), or NULL if none or
 * several do. */
static const char *cut_prefecture(ex_card *k, const char *r, size_t *cut)
{
	const ex_dict *d = &k->x->prefs;
	const char *found = NULL;
	size_t i, j, plen;

	r += strspn(r, " ");
	for (i = 0; i < d->n; i++) {
		plen = strlen(d->v[i]);
		/* Kanji are 3 bytes: keep at least two of them. */
		for (j = 3; j + 6 <= plen; j += 3)
			if (strncmp(r, d->v[i] + j, plen - j) == 0) {
				if (found && found != d->v[i])
					return NULL;
				found = d->v[i];
				*cut = j;
				break;
			}
	}
	return found;
}

/* The line just above line i on the card: overlapping it across, its
 * centre above i's by at most two line heights; for a vertical line the
 * column before it in OCR order. -1 if none. */
static long line_above(ex_card *k, size_t i)
{
	const ms_box *b = &k->l[i].box;
	long best = -1;
	int bd = 0;
	size_t j;

	if (k->l[i].vertical)
		return i > 0 && k->l[i - 1].vertical ? (long)(i - 1) : -1;

	for (j = 0; j < k->n; j++) {
		const ms_box *a = &k->l[j].box;
		int h = a->h > b->h ? a->h : b->h;
		/* centre to centre: OCR boxes of neighbouring lines overlap */
		int d = (b->y + b->h / 2) - (a->y + a->h / 2);
		if (j == i || a->h <= 0 || d <= 0 || d > 2 * h)
			continue;
		if (a->x > b->x + b->w || b->x > a->x + a->w)
			continue;
		if (best < 0 || d < bd) {
			best = (long)j;
			bd = d;
		}
	}
	return best;
}

/* The line just below line i on the card (the same test upside down), or
 * the next line in OCR order for a vertical card; not line skip. -1 if
 * none. */
static long line_below_but(ex_card *k, size_t i, long skip)
{
	const ms_box *a = &k->l[i].box;
	long best = -1;
	int bd = 0;
	size_t j;

	if (k->l[i].vertical)
		return i + 1 < k->n ? (long)(i + 1) : -1;
	for (j = 0; j < k->n; j++) {
		const ms_box *b = &k->l[j].box;
		int h = a->h > b->h ? a->h : b->h;
		int d = (b->y + b->h / 2) - (a->y + a->h / 2);
		if (j == i || (long)j == skip || b->h <= 0 || d <= 0 ||
		    d > 2 * h)
			continue;
		if (a->x > b->x + b->w || b->x > a->x + a->w)
			continue;
		if (best < 0 || d < bd) {
			best = (long)j;
			bd = d;
		}
	}
	return best;
}

static long line_below(ex_card *k, size_t i)
{
	return line_below_but(k, i, -1);
}

/* A speck or a rule read as a line of its own: no Japanese, hardly any
 * letters, a doubtful reading ("uS. @@ 1m 1" over a building's line). */
static int noise_line(const ex_line *l)
{
	ex_counts c;

	ex_count(l->rest, &c);
	return !l->vertical && l->conf < 0.5f && c.kanji + c.kana == 0 &&
	       !l->took;
}

/* 1 for a kanji numeral, 十 included (二十一階). */
static int kanji_num(int32_t cp)
{
	return kn_kanji_digit(cp) >= 0 || cp == 0x5341;
}

static int ascii_digit(int32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* A character that may follow the last number of a block in digits
 * ("15号", "3番地", "2の1", "5階", "5F") or a mark of its own. */
static int block_word(int32_t cp)
{
	return cp == 0x53F7 /* 号 */ || cp == 0x5730 /* 地 */ ||
	       cp == 0x306E /* の */ || cp == 0x4E01 /* 丁 */ ||
	       cp == 0x76EE /* 目 */ || cp == 0x756A /* 番 */ ||
	       cp == 0x968E /* 階 */ || cp < 0x80 || !ex_is_cjk(cp);
}

/* Mends the block number of a Japanese address in digits, as OCR reads
 * the kanji between the numbers: 丁 of 丁目 read as a bracket ("8」目",
 * "3」 日"), 番 between 丁目 and 号 read as another kanji ("4丁目1災3号"),
 * 号 after "番15" read as one or two stray characters ("22番15人な"), a
 * dot for the dash between numbers ("9.22-16"), a slash for a 7 before
 * one ("新宿/-21-2"). Returns the new length
 * of cp. */
static size_t mend_jp_blocks(int32_t *cp, size_t n)
{
	size_t i, o, j;
	int chome = 0, ban = 0;

	for (i = 0, o = 0; i < n; i++) {
		int32_t c = cp[i];
		if ((c == 0x300D || c == 0x300F || c == ']' || c == 'J' ||
		     c == 0x4E85) &&
		    o > 0 && ascii_digit(cp[o - 1])) {
			j = i + 1;
			if (j < n && cp[j] == ' ')
				j++;
			/* "6」上日5": one more stroke read on its own */
			if (j + 1 < n && ex_is_cjk(cp[j]) &&
			    (cp[j + 1] == 0x76EE || cp[j + 1] == 0x65E5) &&
			    j + 2 < n && ascii_digit(cp[j + 2]))
				j++;
			if (j < n && (cp[j] == 0x76EE || cp[j] == 0x65E5)) {
				cp[o++] = 0x4E01;
				cp[o++] = 0x76EE;
				i = j;
				chome = 1;
				continue;
			}
		}
		/* "新宿 - 丁目": 一 read as a dash */
		if ((c == '-' || c == 0x30FC) && o > 0 && i + 2 < n) {
			size_t b = o, f = i + 1;
			if (cp[b - 1] == ' ')
				b--;
			if (cp[f] == ' ')
				f++;
			if (b > 0 && ex_is_kanji(cp[b - 1]) && f + 1 < n &&
			    cp[f] == 0x4E01 && cp[f + 1] == 0x76EE) {
				o = b;
				cp[o++] = 0x4E00;
				i = f - 1;
				continue;
			}
		}
		/* "道玄坂 丁目", "道玄坂 | 丁目": 一, one thin stroke, lost
		 * to a space or read as a bar in a vertical column */
		if ((c == ' ' || c == '|') && o > 0 &&
		    ex_is_kanji(cp[o - 1]) && !kanji_num(cp[o - 1])) {
			j = i;
			while (j < n && (cp[j] == ' ' || cp[j] == '|'))
				j++;
			if (j + 1 < n && cp[j] == 0x4E01 &&
			    cp[j + 1] == 0x76EE) {
				cp[o++] = 0x4E00;
				i = j - 1;
				continue;
			}
		}
		/* "二丁目ニ + ニ番": 十 read as a plus between numerals */
		if ((c == '+' || c == 0xFF0B) && o > 0) {
			size_t b = o, f = i + 1;
			if (cp[b - 1] == ' ')
				b--;
			if (f < n && cp[f] == ' ')
				f++;
			if (b > 0 && f < n &&
			    (kanji_num(cp[b - 1]) || cp[b - 1] == 0x30CB) &&
			    (kanji_num(cp[f]) || cp[f] == 0x30CB ||
			     cp[f] == 0x756A || cp[f] == 0x53F7 ||
			     cp[f] == 0x968E)) {
				o = b;
				cp[o++] = 0x5341;
				i = f - 1;
				continue;
			}
		}
		/* "新宿/-21-2": 7 read as a slash before the block's dash */
		if (c == '/' && o > 0 && ex_is_kanji(cp[o - 1]) && i + 2 < n &&
		    cp[i + 1] == '-' && ascii_digit(cp[i + 2])) {
			cp[o++] = '7';
			continue;
		}
		if ((c == '.' || c == '=') && o > 0 && ascii_digit(cp[o - 1]) &&
		    i + 1 < n && ascii_digit(cp[i + 1])) {
			cp[o++] = '-';
			continue;
		}
		/* "1-.24-23": a speck after a dash */
		if (c == '.' && o > 0 && cp[o - 1] == '-' && i + 1 < n &&
		    ascii_digit(cp[i + 1]))
			continue;
		if (c == 0x76EE && o > 0 && cp[o - 1] == 0x4E01)
			chome = 1;
		if (c == 0x756A)
			ban = 1;
		/* "丁目1災3号": one kanji between two numbers */
		if (chome && !ban && ex_is_cjk(c) && !block_word(c) && o > 0 &&
		    ascii_digit(cp[o - 1]) && i + 1 < n &&
		    ascii_digit(cp[i + 1])) {
			for (j = i + 1; j < n && ascii_digit(cp[j]); j++)
				;
			if (j < n && cp[j] == 0x53F7) {
				cp[o++] = 0x756A;
				ban = 1;
				continue;
			}
		}
		/* "番15人な": the 号 after the last number */
		if (ban && ex_is_cjk(c) && !block_word(c) && o > 0 &&
		    ascii_digit(cp[o - 1])) {
			for (j = i + 1; j < n && j < i + 2 && ex_is_cjk(cp[j]) &&
			                !block_word(cp[j]);
			     j++)
				;
			/* two katakana may be a building ("5ビル") */
			if ((j == n || cp[j] == ' ') &&
			    !(j == i + 2 && ex_is_kata(c) && ex_is_kata(cp[i + 1]))) {
				size_t q = o;
				while (q > 0 && ascii_digit(cp[q - 1]))
					q--;
				if (q > 0 && cp[q - 1] == 0x756A) {
					cp[o++] = 0x53F7;
					i = j - 1;
					continue;
				}
			}
		}
		cp[o++] = c;
	}
	return o;
}

/* The block number of a Japanese address in kanji numerals (a vertical
 * card's 九丁目二十四番十八号), as OCR garbles its words: one to three
 * characters that are none of them between the chōme numeral and a
 * numeral followed by 番 ("九日二十四番", "八 目十八番", "三了日十八番",
 * "二丁卓二十八番") are 丁目; a dash between a numeral or 番 and 番 or 号
 * ("二十 - 番", "番 - 号") is 一; a plus after 丁目 or 番 before a numeral
 * or 番 ("丁目 + 九番") is 十; one character after the last numeral of
 * "番…" before a space or the end ("番十五引") is 号; 大 before 番 or 号
 * after a numeral is 六, 人 入 ハ 八. Only where the
 * address has no 丁目 of its own, for the first. Returns the new length. */
/* A word of a town's name that may follow a numeral (北五条西, 四谷三丁目
 * is a town too, 一番町, 六本木). */
static int town_word(int32_t c)
{
	static const int32_t w[] = {0x6761 /* 条 */, 0x897F /* 西 */,
				    0x6771 /* 東 */, 0x5357 /* 南 */,
				    0x5317 /* 北 */, 0x753A /* 町 */,
				    0x901A /* 通 */, 0x5E02 /* 市 */,
				    0x533A /* 区 */, 0x6751 /* 村 */,
				    0x756A /* 番 */, 0x672C /* 本 */,
				    0x6728 /* 木 */};
	size_t i;

	for (i = 0; i < sizeof(w) / sizeof(*w); i++)
		if (c == w[i])
			return 1;
	return 0;
}

static size_t mend_kanji_blocks(int32_t *cp, size_t n)
{
	int32_t out[MS_MAX_FIELD_BYTES];
	size_t i, j, k, o, ink;
	int chome = 0;

	if (n == 0 || n > MS_MAX_FIELD_BYTES)
		return n;
	for (i = 0; i + 1 < n; i++)
		chome |= cp[i] == 0x4E01 && cp[i + 1] == 0x76EE;
	out[0] = cp[0];
	for (i = 1, o = 1; i < n && o + 2 < MS_MAX_FIELD_BYTES; i++) {
		int32_t c = cp[i];
		/* "十大番", "二十人号": a look-alike inside a number (大 for
		 * 六, 人 入 ハ for 八) after a numeral, before 番 or 号 */
		if ((c == 0x5927 || c == 0x4EBA || c == 0x5165 ||
		     c == 0x30CF) &&
		    kanji_num(out[o - 1]) && i + 1 < n &&
		    (cp[i + 1] == 0x756A || cp[i + 1] == 0x53F7))
			c = c == 0x5927 ? 0x516D : 0x516B;
		/* 丁目 garbled: one to three characters (and spaces) */
		if (!chome && kanji_num(out[o - 1]) && !kanji_num(c) &&
		    c != 0x756A && c != 0x53F7) {
			for (j = i, ink = 0;
			     j < n && j < i + 5 && !kanji_num(cp[j]) &&
			     cp[j] != 0x756A && cp[j] != 0x53F7 && cp[j] != '-';
			     j++) {
				/* a town's own word: 北五条西二十五番 */
				if (town_word(cp[j]))
					break;
				ink += cp[j] != ' ';
			}
			for (k = j; k < n && kanji_num(cp[k]); k++)
				;
			if (ink > 0 && ink <= 3 && k > j && k < n &&
			    cp[k] == 0x756A) {
				out[o++] = 0x4E01;
				out[o++] = 0x76EE;
				chome = 1;
				i = j - 1;
				continue;
			}
		}
		/* a dash for 一, or a plus for 十 */
		if (c == '-' || c == 0x30FC || c == '+' || c == 0xFF0B) {
			size_t b = o, f = i + 1;
			int32_t before, after;
			while (b > 0 && out[b - 1] == ' ')
				b--;
			while (f < n && cp[f] == ' ')
				f++;
			before = b > 0 ? out[b - 1] : 0;
			after = f < n ? cp[f] : 0;
			if ((c == '-' || c == 0x30FC) &&
			    ((kanji_num(before) && after == 0x756A) ||
			     ((kanji_num(before) || before == 0x756A) &&
			      after == 0x53F7))) {
				o = b;
				out[o++] = 0x4E00;
				i = f - 1;
				continue;
			}
			if ((c == '+' || c == 0xFF0B) &&
			    (before == 0x76EE || before == 0x756A) &&
			    (kanji_num(after) || after == 0x756A)) {
				o = b;
				out[o++] = 0x5341;
				i = f - 1;
				continue;
			}
		}
		/* 号 garbled after the last numeral */
		if (kanji_num(out[o - 1]) && !kanji_num(c) && ex_is_cjk(c) &&
		    !block_word(c) && (i + 1 == n || cp[i + 1] == ' ')) {
			size_t q = o;
			while (q > 0 && kanji_num(out[q - 1]))
				q--;
			if (q > 0 && out[q - 1] == 0x756A) {
				out[o++] = 0x53F7;
				continue;
			}
		}
		out[o++] = c;
	}
	if (i < n) /* no room to mend: leave it as read */
		return n;
	memcpy(cp, out, o * sizeof(*cp));
	return o;
}

/* Mends what OCR makes of the numbers of a Japanese address, where no
 * other reading makes sense: ニ (katakana) and ー inside a number in kanji
 * numerals are 二 and 一; 丁日 is 丁目, and the kanji before 丁目 is a
 * numeral (人 is 八, 大 is 六); ニ after 第 is 二 (第ニニ too); a 阝 kanji
 * after a floor number (隊, 陸, 隅, 際, 障, 陪) is 階; ピル is ビル (a
 * building). */
static void mend_jp_address(char *a, size_t cap)
{
	int32_t cp[MS_MAX_FIELD_BYTES];
	size_t n = 0, len = strlen(a), i = 0, k;
	char out[MS_MAX_FIELD_BYTES * 2];

	while (i < len && n < MS_MAX_FIELD_BYTES &&
	       (k = ms_utf8_next(a + i, len - i, &cp[n])) != 0) {
		i += k;
		n++;
	}
	n = mend_jp_blocks(cp, n);
	n = mend_kanji_blocks(cp, n);
	for (i = 0; i < n; i++) {
		int32_t prev = i > 0 ? cp[i - 1] : 0,
		        next = i + 1 < n ? cp[i + 1] : 0;
		int after = next == 0x4E01 /* 丁 */ ||
		            next == 0x756A /* 番 */ ||
		            next == 0x53F7 /* 号 */ || next == 0x968E /* 階 */;
		if (cp[i] == 0x30CB /* ニ */ &&
		    (kanji_num(next) || (kanji_num(prev) && after) ||
		     prev == 0x7B2C /* 第 */)) {
			cp[i] = 0x4E8C;
			/* "第ニニサンポートビル": 二 read twice; no ordinal
			 * is 第二二 */
			if (prev == 0x7B2C && next == 0x30CB && i + 2 < n &&
			    !kanji_num(cp[i + 2]) && cp[i + 2] != 0x30CB) {
				memmove(cp + i + 1, cp + i + 2,
				        (n - i - 2) * sizeof(*cp));
				n--;
			}
		}
		else if (cp[i] == 0x30FC /* ー */ && kanji_num(prev) &&
		         (kanji_num(next) || after))
			cp[i] = 0x4E00;
		/* ー lengthens kana only: before a kanji and after no
		 * kana ("ー番町") it is 一 */
		else if (cp[i] == 0x30FC && !ex_is_kana(prev) &&
		         !(prev < 0x80 && isalnum(prev)) && ex_is_kanji(next))
			cp[i] = 0x4E00;
		/* "七本日六番": 丁目 read as 本日 between numerals */
		else if (cp[i] == 0x672C /* 本 */ && kanji_num(prev) &&
		         (next == 0x65E5 || next == 0x76EE) && i + 2 < n &&
		         kanji_num(cp[i + 2])) {
			cp[i] = 0x4E01;
			cp[i + 1] = 0x76EE;
		}
		else if (cp[i] == 0x65E5 /* 日 */ && prev == 0x4E01)
			cp[i] = 0x76EE;
		else if (next == 0x4E01 && i + 2 < n &&
		         (cp[i + 2] == 0x76EE || cp[i + 2] == 0x65E5) &&
		         (cp[i] == 0x4EBA || cp[i] == 0x5165 ||
		          cp[i] == 0x30CF))
			cp[i] = 0x516B; /* 人丁目, 入丁日, ハ丁目: 八 */
		else if (next == 0x4E01 && i + 2 < n &&
		         (cp[i + 2] == 0x76EE || cp[i + 2] == 0x65E5) &&
		         cp[i] == 0x5927)
			cp[i] = 0x516D; /* 大丁目: 六 */
		else if ((cp[i] == 0x968A || cp[i] == 0x9678 ||
		          cp[i] == 0x9685 || cp[i] == 0x969B ||
		          cp[i] == 0x969C || cp[i] == 0x966A ||
		          cp[i] == 0x6642 /* 時 */ || cp[i] == 0x754C /* 界 */) &&
		         (kanji_num(prev) || (prev >= '0' && prev <= '9')) &&
		         (next == 0 || next == ' '))
			cp[i] = 0x968E;
		else if (cp[i] == 0x30D4 /* ピ */ && next == 0x30EB /* ル */)
			cp[i] = 0x30D3;
	}
	/* "ビル二二六階": three numerals before a counter are X十Y, however
	 * OCR read the middle one. */
	for (i = 0; i + 3 < n; i++)
		if (kn_kanji_digit(cp[i]) > 0 && kn_kanji_digit(cp[i + 1]) > 0 &&
		    kn_kanji_digit(cp[i + 2]) > 0 &&
		    (i == 0 || !kanji_num(cp[i - 1])) &&
		    (cp[i + 3] == 0x4E01 || cp[i + 3] == 0x756A ||
		     cp[i + 3] == 0x53F7 || cp[i + 3] == 0x968E))
			cp[i + 1] = 0x5341;
	for (i = 0, k = 0; i < n; i++) {
		/* "ビル二二十五階": a numeral read twice before 十 (two
		 * digits never stand before 十). */
		if (i + 2 < n && kn_kanji_digit(cp[i]) > 0 &&
		    cp[i + 1] == cp[i] && cp[i + 2] == 0x5341 &&
		    (k == 0 || !kanji_num(cp[k - 1])))
			continue;
		/* "ピビル", "ビビル": one building read twice. */
		if (i + 2 < n && (cp[i] == 0x30D3 || cp[i] == 0x30D4) &&
		    cp[i + 1] == 0x30D3 && cp[i + 2] == 0x30EB)
			continue;
		/* "二十三番十四号王": one stray character after the last
		 * number, before the building or the end. */
		if (i >= 1 && cp[i - 1] == 0x53F7 && ex_is_cjk(cp[i]) &&
		    !kanji_num(cp[i]) && (i + 1 == n || cp[i + 1] == ' '))
			continue;
		/* "...号 0 アークラビル": a speck read as a lone letter or
		 * digit between two parts in Japanese. */
		if (i >= 2 && i + 2 < n && cp[i] < 0x80 && isalnum(cp[i]) &&
		    cp[i - 1] == ' ' && cp[i + 1] == ' ' &&
		    ex_is_cjk(cp[i - 2]) && ex_is_cjk(cp[i + 2]) &&
		    cp[i + 2] != 0x4E01 && cp[i + 2] != 0x756A &&
		    cp[i + 2] != 0x53F7 && cp[i + 2] != 0x968E) {
			i++; /* the space after it */
			continue;
		}
		cp[k++] = cp[i];
	}
	/* "道玄坂タワアー": a building's katakana suffix with one kana read
	 * twice or a speck read as one, before a space, a floor or the end. */
	for (i = 0; i < sizeof(building) / sizeof(*building); i++) {
		int32_t w[8];
		size_t m = kn_decode(building[i], w, 8), at, skip;
		if (m < 3 || !ex_is_kata(w[0]))
			continue;
		for (at = 0; at + m + 1 <= k; at++) {
			size_t end = at + m + 1, q, r;
			if (cp[at] != w[0] || (end < k && ex_is_kata(cp[end])))
				continue;
			for (skip = 1; skip < m; skip++) {
				for (q = 0, r = at; q < m; q++, r++) {
					if (r == at + skip)
						r++;
					if (cp[r] != w[q])
						break;
				}
				if (q == m && ex_is_kata(cp[at + skip]))
					break;
			}
			if (skip < m) {
				memmove(cp + at + skip, cp + at + skip + 1,
					(k - at - skip - 1) * sizeof(*cp));
				k--;
				break;
			}
		}
	}
	/* "ブルーオビル七階": the space between a building and its floor
	 * lost. A floor number straight after katakana or 館 at the end. */
	if (k > 2 && k < MS_MAX_FIELD_BYTES &&
	    (cp[k - 1] == 0x968E || cp[k - 1] == 'F')) {
		i = k - 1;
		while (i > 0 && (kanji_num(cp[i - 1]) || ascii_digit(cp[i - 1])))
			i--;
		if (i > 0 && i < k - 1 &&
		    ((ex_is_kata(cp[i - 1]) && cp[i - 1] != 0x30F6 /* ヶ */) ||
		     cp[i - 1] == 0x9928 /* 館 */)) {
			memmove(cp + i + 1, cp + i, (k - i) * sizeof(*cp));
			cp[i] = ' ';
			k++;
		}
	}
	if (kn_encode(cp, k, out, sizeof(out)) == MS_OK)
		ms_strlcpy_utf8(a, out, cap);
}

/* A letter OCR reads for a digit of a floor number, as that digit, or -1:
 * O for 0, I l L | i ! for 1, Z for 2, S for 5, T for 7, B for 8. On the
 * development sets' building lines S stood for 5 five times ("SF", "SP"
 * for 5階, "1S") and for 8 once; B for 8 three times (before F), T for 7
 * twice. */
static int floor_digit(int32_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	switch (c) {
	case 'O': case 'o': case 'D': case 'Q':
		return 0;
	case 'I': case 'l': case 'L': case '|': case 'i': case '!':
		return 1;
	case 'Z': case 'z':
		return 2;
	case 'S': case 's':
		return 5;
	case 'T':
		return 7;
	case 'B':
		return 8;
	default:
		return -1;
	}
}

/* Mends the floor printed after a building name, which OCR reads worst of
 * the address (small, and 階 is dense): "中央スクエア LIF" is 11F, "OF" 9F
 * (a floor number does not start with 0, and 9 is what OCR reads as O
 * there), "3M", "OBE", "3中" are N階 (a garbled mark that is not F is 階).
 * Only the last word of the address is touched, after a word that names a
 * building, and only when it is one to four characters starting with a
 * digit or a letter read for one. Returns 1 if it changed a. */
static int mend_floor(char *a, size_t cap)
{
	char *sp = strrchr(a, ' '), prev[MS_EX_NORM_BYTES], out[64];
	int32_t cp[8];
	size_t n = 0, i = 0, len, k, nd = 0, pb;
	long fl = 0;
	int mark_f = 0, d, real = 0, speck = 0;
	int as_floor; /* the word is digits and F or 階 already */

	if (!sp || sp == a)
		return 0;
	len = strlen(sp + 1);
	while (i < len && n < 8 && (k = ms_utf8_next(sp + 1 + i, len - i,
	                                             &cp[n])) != 0) {
		i += k;
		n++;
	}
	if (n == 0 || n > 4 || i < len)
		return 0;
	/* the word before: a building's name, in Japanese */
	pb = (size_t)(sp - a);
	if (pb >= sizeof(prev))
		return 0;
	memcpy(prev, a, pb);
	prev[pb] = '\0';
	{
		char *w = strrchr(prev, ' ');
		const char *word = w ? w + 1 : prev;
		int32_t last = 0;
		size_t wl = strlen(word), q = 0;
		while (q < wl && (k = ms_utf8_next(word + q, wl - q, &last)))
			q += k;
		for (i = 0; i < n && ascii_digit(cp[i]); i++)
			;
		/* "18FI", "3階|": a speck after the mark read as a letter */
		if (i > 0 && i + 2 == n && (cp[i] == 'F' || cp[i] == 0x968E) &&
		    (cp[n - 1] == 'I' || cp[n - 1] == 'l' ||
		     cp[n - 1] == '|' || cp[n - 1] == 'i' || cp[n - 1] == '!'))
			speck = 1, n--;
		as_floor = i > 0 && i + 1 == n && cp[0] != '0' &&
			   (cp[i] == 'F' || cp[i] == 0x968E);
		if (!ex_is_cjk(last) || !looks_building(word) ||
		    (looks_building(sp + 1) && !as_floor))
			return 0;
	}
	/* already a floor: "12F", "3階" */
	if (as_floor) {
		/* "130階": no building here has a hundred floors; a 0 after
		 * two digits is a speck of the mark read as a digit. */
		if (i == 3 && cp[2] == '0')
			i = 2;
		else if (!speck)
			return 0;
		for (k = 0, out[k++] = ' '; k <= i; k++)
			out[k] = (char)cp[k - 1];
		snprintf(out + k, sizeof(out) - k, "%s",
			 cp[n - 1] == 'F' ? "F" : "階");
		if (pb + strlen(out) + 1 > cap)
			return 0;
		memcpy(a + pb, out, strlen(out) + 1);
		return 1;
	}
	for (i = 0; i < n && nd < 2; i++) {
		d = floor_digit(cp[i]);
		/* B is 8 before the F ("IBF"), but a piece of 階 ("OBE") */
		if (d < 0 || (cp[i] == 'B' && (i + 1 == n || cp[i + 1] != 'F')))
			break;
		if (nd == 0 && d == 0)
			d = 9;
		real += ascii_digit(cp[i]);
		fl = fl * 10 + d;
		nd++;
	}
	/* "タワー 2": the mark lost. OCR loses the dense 階 where it keeps
	 * a Latin F (on the dev sets four bare floors were 階, one F): one
	 * or two digits are that floor. */
	if (i == n && real == (int)n && cp[0] != '0') {
		snprintf(out, sizeof(out), " %ld階", fl);
		if (pb + strlen(out) + 1 > cap)
			return 0;
		memcpy(a + pb, out, strlen(out) + 1);
		return 1;
	}
	/* no mark, or a digit for one: "305" may be a room number */
	if (nd == 0 || i == n || ascii_digit(cp[i]))
		return 0;
	if (i + 1 == n && (cp[i] == 'F' || cp[i] == 'f' || cp[i] == 'E'))
		mark_f = 1;
	else if (n - i > 2 || (real == 0 && n - i > 1 && nd > 1))
		return 0;
	snprintf(out, sizeof(out), " %ld%s", fl, mark_f ? "F" : "階");
	if (pb + strlen(out) + 1 > cap)
		return 0;
	memcpy(a + pb, out, strlen(out) + 1);
	return 1;
}

static void take_addr(ex_card *k, size_t i, size_t from, int review)
{
	ex_line *l = &k->l[i];
	char a[MS_EX_NORM_BYTES];
	float conf = l->conf;
	size_t j, step;
	int skipped = 0;
	ex_counts ac0;

	ms_strlcpy_utf8(a, l->rest + from, sizeof(a));
	ex_tidy(a, ",;:|\"'=_~*/");
	/* "9 在川県...": a speck read as a letter or digit of its own
	 * before the Japanese */
	if (k->has_cjk && isalnum((unsigned char)a[0]) &&
	    (a[1] == ' ' || (isalnum((unsigned char)a[1]) && a[2] == ' '))) {
		size_t sp = a[1] == ' ' ? 1 : 2;
		int32_t c0 = 0;
		if (ms_utf8_next(a + sp + 1, strlen(a + sp + 1), &c0) &&
		    ex_is_kanji(c0))
			memmove(a, a + sp + 1, strlen(a + sp + 1) + 1);
	}
	ex_count(a, &ac0);
	if (!ex_meaningful(a) || ac0.kanji < 2)
		return; /* a Japanese address has kanji: not OCR junk */
	if (!ex_set(k, MS_F_ADDRESS, a, conf * (review ? 0.7f : 1.0f), l->box,
	            review))
		return;
	l->took |= 1u << MS_F_ADDRESS;
	ex_blank(l->rest, from, strlen(l->rest));
	/* The rest of the address on the next lines: the block number when
	 * the first line stops at the ward ("東京都台東区" / "上野1-18-25"),
	 * then a building or floor. */
	for (j = i, step = 0; step < 2; step++) {
		long nj = line_below(k, j);
		ex_line *n;
		if (nj >= 0 && noise_line(&k->l[nj])) {
			long n2 = line_below_but(k, j, nj);
			if (n2 >= 0)
				nj = n2;
		}
		if (nj < 0)
			break;
		j = (size_t)nj;
		n = &k->l[j];
		char b[MS_EX_NORM_BYTES];
		ex_counts bc, ac;
		/* A line that gave an email, URL or number may still hold
		 * the building in another column ("渋谷タワー 12F URL
		 * http://..."): only what is left of it counts. */
		if (n->took & ~((1u << MS_F_EMAIL) | (1u << MS_F_URL) |
		                (1u << MS_F_PHONE) | (1u << MS_F_FAX) |
		                (1u << MS_F_MOBILE)))
			break;
		ms_strlcpy_utf8(b, n->rest, sizeof(b));
		ex_tidy(b, ",;:|\"'=_~*/");
		if (k->has_cjk)
			mend_jp_address(b, sizeof(b));
		ex_count(b, &bc);
		ex_count(k->c->v[MS_F_ADDRESS], &ac);
		/* A speck read as a column of its own ("~", "ERR +H")
		 * between the address and the building on a vertical card:
		 * a few characters and no Japanese, or a doubtful reading of
		 * hardly any. */
		if (n->vertical && skipped == 0 &&
		    ((!ex_meaningful(b) && bc.total <= 2) ||
		     (bc.kanji + bc.kana == 0 && bc.total <= 8) ||
		     (n->conf < 0.5f && (bc.kanji + bc.kana) * 2 < bc.total))) {
			skipped++;
			step--;
			continue;
		}
		if (!ex_meaningful(b) ||
		    ex_dict_find(&k->x->legal, b, NULL) >= 0)
			break;
		/* The building line read twice (a second box over the same
		 * ink): taken once. */
		{
			const char *av = k->c->v[MS_F_ADDRESS];
			size_t al = strlen(av), bl = strlen(b);
			if (bl > 0 && al > bl && av[al - bl - 1] == ' ' &&
			    strcmp(av + al - bl, b) == 0) {
				n->took |= 1u << MS_F_ADDRESS;
				ex_blank(n->rest, 0, strlen(n->rest));
				continue;
			}
		}
		/* The numbers of the next line, after a town in kanji or
		 * katakana (サンポート3-8-24 in 高松市), unless the address
		 * has its block number in kanji already (一丁目二番三号) or
		 * the line is a telephone number. */
		if (strstr(b, "電話") || strstr(b, "携帯") ||
		    ex_find_word(b, "TEL", 0) >= 0 ||
		    ex_find_word(b, "FAX", 0) >= 0)
			break;
		if (!looks_building(b) &&
		    !(ac.digit == 0 && bc.digit > 0 &&
		      bc.kanji + bc.kana >= 2 &&
		      bc.alpha == 0 && bc.total <= 24 &&
		      !strstr(k->c->v[MS_F_ADDRESS], "号") &&
		      !strstr(k->c->v[MS_F_ADDRESS], "番地")))
			break;
		ex_append(k, MS_F_ADDRESS, " ", b);
		n->took |= 1u << MS_F_ADDRESS;
		ex_blank(n->rest, 0, strlen(n->rest));
	}
}

static void jp_address_find(ex_card *k)
{
	size_t i, s, e, len;
	char code[9];
	long at;
	long postal_line = -1;

	for (i = 0; i < k->n; i++) {
		ex_line *l = &k->l[i];
		if (!find_jp_postal(l->rest, k->has_cjk || k->cc == EX_CC_JP,
		                    &s, &e, code))
			continue;
		if (ex_set(k, MS_F_POSTAL_CODE, code, l->conf, l->box,
		           strncmp(l->rest + s, "〒", 3) != 0)) {
			l->took |= 1u << MS_F_POSTAL_CODE;
			postal_line = (long)i;
		}
		ex_blank(l->rest, s, e);
		break;
	}
	/* None read: the OCR's other reading of a line may have the code
	 * after its 〒 ("〒 060-0042 iM oo 大通西23-16" for "*: 市中央区
	 * 大通相23.16"); taken for review. */
	for (i = 0; postal_line < 0 && i < k->n; i++) {
		ex_line *l = &k->l[i];
		char t[MS_EX_NORM_BYTES];

		if (!l->alt || !l->alt[0] || !k->has_cjk)
			continue;
		ex_normalise(k->x, l->alt, t, sizeof(t));
		if (!find_jp_postal(t, 1, &s, &e, code) ||
		    strncmp(t + s, "〒", 3) != 0)
			continue;
		if (ex_set(k, MS_F_POSTAL_CODE, code, l->conf * 0.7f, l->box,
		           1))
			postal_line = (long)i;
		break;
	}
	/* The prefecture starts the address. */
	for (i = 0; i < k->n; i++) {
		at = ex_dict_find(&k->x->prefs, k->l[i].rest, &len);
		if (at >= 0) {
			take_addr(k, i, (size_t)at, 0);
			return;
		}
	}
	/* OCR often loses the first character, or reads it as one or two
	 * others: "葉県千葉市...", "公燃馬県高崎市..." (群馬県). */
	for (i = 0; i < k->n; i++) {
		char *r = k->l[i].rest, tmp[MS_EX_NORM_BYTES];
		size_t cut = 0, off = 0, rl, q;
		const char *pref = NULL;
		if (!looks_jp_address(r))
			continue;
		r += strspn(r, " ");
		for (q = 0; q < 3 && r[off] && !pref; q++) {
			pref = cut_prefecture(k, r + off, &cut);
			if (pref)
				break;
			off++;
			while (((unsigned char)r[off] & 0xC0) == 0x80)
				off++;
		}
		rl = strlen(r + off);
		if (!pref || cut + rl + 1 > sizeof(tmp))
			continue;
		memcpy(tmp, pref, cut);
		memcpy(tmp + cut, r + off, rl + 1);
		ms_strlcpy_utf8(r, tmp,
		                MS_EX_NORM_BYTES - (size_t)(r - k->l[i].rest));
		take_addr(k, i, (size_t)(r - k->l[i].rest), 1);
		return;
	}
	/* No prefecture: what follows the postal code, or the line after. */
	if (postal_line >= 0) {
		ex_line *l = &k->l[postal_line];
		if (ex_meaningful(l->rest)) {
			take_addr(k, (size_t)postal_line, 0, 1);
			return;
		}
		if ((size_t)postal_line + 1 < k->n &&
		    looks_jp_address(k->l[postal_line + 1].rest)) {
			take_addr(k, (size_t)postal_line + 1, 0, 1);
			return;
		}
	}
	for (i = 0; i < k->n; i++)
		if (!k->l[i].took && looks_jp_address(k->l[i].rest)) {
			take_addr(k, i, 0, 1);
			return;
		}
}

static void jp_address(ex_card *k)
{
	jp_address_find(k);
	if (!k->c->v[MS_F_ADDRESS][0] || !(k->has_cjk || k->cc == EX_CC_JP))
		return;
	mend_jp_address(k->c->v[MS_F_ADDRESS], MS_MAX_FIELD_BYTES);
	/* A floor made out of a misreading is a guess: ask for review. */
	if (mend_floor(k->c->v[MS_F_ADDRESS], MS_MAX_FIELD_BYTES)) {
		k->c->conf[MS_F_ADDRESS] *= 0.8f;
		k->c->review |= 1u << MS_F_ADDRESS;
	}
}

static const char *const us_states[] = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI",
    "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI",
    "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
    "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY", "DC",
};

/* "CA 94105" or "CA 94105-1234": returns the ZIP's offset and length. */
static int find_us_zip(const char *t, size_t *zs, size_t *zl)
{
	size_t i, s, n;

	for (i = 0; t[i]; i++) {
		if (!isupper((unsigned char)t[i]) ||
		    !isupper((unsigned char)t[i + 1]) || t[i + 2] != ' ')
			continue;
		if (i > 0 && isalpha((unsigned char)t[i - 1]))
			continue;
		for (s = 0; s < sizeof(us_states) / sizeof(us_states[0]); s++)
			if (strncmp(t + i, us_states[s], 2) == 0)
				break;
		if (s == sizeof(us_states) / sizeof(us_states[0]))
			continue;
		for (n = 0; digit_at(t, i + 3 + n); n++)
			;
		if (n != 5)
			continue;
		if (t[i + 8] == '-' && digit_at(t, i + 9) &&
		    digit_at(t, i + 12) && !digit_at(t, i + 13))
			n = 10;
		*zs = i + 3;
		*zl = n;
		return 1;
	}
	return 0;
}

/* UK postcode "SW1A 1AA", "EC2V 7HH", "M1 1AE". */
static int find_uk_postcode(const char *t, size_t *zs, size_t *zl)
{
	size_t i, j, a;

	for (i = 0; t[i]; i++) {
		if (i > 0 && isalnum((unsigned char)t[i - 1]))
			continue;
		j = i;
		for (a = 0; isupper((unsigned char)t[j]) && a < 2; a++)
			j++;
		if (a == 0 || !digit_at(t, j))
			continue;
		j++;
		if (isupper((unsigned char)t[j]) || digit_at(t, j))
			j++;
		if (t[j] != ' ')
			continue;
		j++;
		if (digit_at(t, j) && isupper((unsigned char)t[j + 1]) &&
		    isupper((unsigned char)t[j + 2]) &&
		    !isalnum((unsigned char)t[j + 3])) {
			*zs = i;
			*zl = j + 3 - i;
			return 1;
		}
	}
	return 0;
}

/* Brazilian CEP "01310-100" (or eight digits after "CEP"). */
static int find_cep(const char *t, size_t *zs, size_t *zl)
{
	size_t i;

	for (i = 0; t[i]; i++) {
		if (i > 0 && digit_at(t, i - 1))
			continue;
		if (digit_at(t, i) && digit_at(t, i + 1) &&
		    digit_at(t, i + 2) && digit_at(t, i + 3) &&
		    digit_at(t, i + 4) && t[i + 5] == '-' &&
		    digit_at(t, i + 6) && digit_at(t, i + 7) &&
		    digit_at(t, i + 8) && !digit_at(t, i + 9)) {
			*zs = i;
			*zl = 9;
			return 1;
		}
	}
	return 0;
}

static const char *const street_words[] = {
    "Street",   "St",      "St.",      "Avenue",    "Ave",     "Ave.",
    "Road",     "Rd",      "Rd.",      "Boulevard", "Blvd",    "Blvd.",
    "Drive",    "Dr.",     "Lane",     "Ln",        "Way",     "Suite",
    "Ste",      "Ste.",    "Floor",    "Fl",        "Fl.",     "Plaza",
    "Court",    "Ct",      "Place",    "Pl",        "Parkway", "Pkwy",
    "Highway",  "Hwy",     "Building", "Bldg",      "Square",  "Sq",
    "Rua",      "R.",      "Av.",      "Avenida",   "Alameda", "Al.",
    "Travessa", "Estrada", "Rodovia",  "Praça",     "Praca",   "Sala",
    "Andar",    "Conj.",   "Unit",
};

static int looks_street(const char *r)
{
	size_t i;
	ex_counts c;

	ex_count(r, &c);
	if (c.alpha < 2 || c.total > 80)
		return 0;
	for (i = 0; i < sizeof(street_words) / sizeof(street_words[0]); i++) {
		/* "R. OLIVEIRA" is an initial, "R. Pinhal, 283" a street */
		if (c.digit == 0 && !strcmp(street_words[i], "R."))
			continue;
		if (ex_find_word(r, street_words[i], 0) >= 0)
			return c.digit > 0 || i >= 17;
	}
	return 0;
}

/* A line of a street address without a street word, right above the city
 * line: a unit ("Level 27", "Suite 2085") or a house number and a name
 * ("3000 El Camino Real", "1 Spinningfields"). */
static int looks_street_part(const char *r)
{
	ms_en_unit u;
	ex_counts c;
	size_t i = 0;

	ex_count(r, &c);
	if (c.total > 48 || c.kanji + c.kana > 0 || strchr(r, '@') ||
	    strchr(r, ':') || c.digit > 6)
		return 0;
	if (ms_en_unit_find(r, &u))
		return 1;
	r += strspn(r, " ");
	while (isdigit((unsigned char)r[i]))
		i++;
	if (i == 0 || i > 5 || r[i] != ' ' ||
	    !isupper((unsigned char)r[i + 1]))
		return 0;
	return c.alpha >= 4 && c.digit == (int)i;
}

/* Cuts text before the street word ("Lojas: « Av. ...", "mm) Rua ...")
 * and phone labels left at the end ("... - Tel/Fax:"). */
static void street_trim(char *a)
{
	static const char *const tail[] = {"tel",  "fax",      "tel/fax",
	                                   "fone", "fone/fax", "phone",
	                                   "cel",  "tel.",     "fax."};
	size_t i, n;
	long best = -1, at;
	int again = 1;

	for (i = 0; i < sizeof(street_words) / sizeof(street_words[0]); i++) {
		at = ex_find_word(a, street_words[i], 0);
		if (at >= 0 && (best < 0 || at < best))
			best = at;
	}
	if (best > 0) {
		ex_counts c;
		char pre[MS_EX_NORM_BYTES];
		memcpy(pre, a, (size_t)best);
		pre[best] = '\0';
		ex_count(pre, &c);
		if (c.digit == 0)
			memmove(a, a + best, strlen(a + best) + 1);
	}
	while (again) {
		char *sp;
		again = 0;
		ex_tidy(a, ",;:|-");
		sp = strrchr(a, ' ');
		if (!sp)
			break;
		n = strlen(sp + 1);
		for (i = 0; i < sizeof(tail) / sizeof(tail[0]); i++)
			if (strlen(tail[i]) == n &&
			    strncasecmp(sp + 1, tail[i], n) == 0) {
				*sp = '\0';
				again = 1;
			}
	}
}

static int is_country(const char *r)
{
	static const char *const names[] = {
	    "USA",
	    "U.S.A.",
	    "United States",
	    "United States of America",
	    "UK",
	    "U.K.",
	    "United Kingdom",
	    "England",
	    "Japan",
	    "Brasil",
	    "Brazil",
	    "Canada",
	    "Australia",
	    "Germany",
	    "Singapore",
	};
	char t[MS_EX_NORM_BYTES];
	size_t i;

	ms_strlcpy_utf8(t, r, sizeof(t));
	ex_tidy(t, ",.;:|-");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(t, names[i]) == 0)
			return 1;
	return 0;
}

/* "Chicago, IL , USA" (a code blanked out) -> "Chicago, IL, USA". */
static void fix_commas(char *s)
{
	size_t i, o = 0;

	ex_tidy(s, NULL);
	for (i = 0; s[i]; i++) {
		if (s[i] == ' ' && s[i + 1] == ',')
			continue;
		if (s[i] == ',' && o > 0 && s[o - 1] == ',')
			continue;
		s[o++] = s[i];
	}
	s[o] = '\0';
}

/* The 27 federative units of Brazil. */
static const char *const br_uf[] = {
    "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA",
    "MT", "MS", "MG", "PA", "PB", "PR", "PE", "PI", "RJ", "RN",
    "RS", "RO", "RR", "SC", "SP", "SE", "TO",
};

/* A Brazilian city line below a street line whose CEP the OCR could not
 * read: "São Paulo, SP", "Cep OIIHZ-OOO - Sao Paulo - SP" (the label and
 * the word after it go), ending in the code of a state. The city part is
 * written to out. */
static int br_city_line(const char *r, char *out, size_t cap)
{
	char t[MS_EX_NORM_BYTES];
	size_t n, i;
	long c;
	ex_counts cnt;

	ms_strlcpy_utf8(t, r, sizeof(t));
	c = ex_find_word(t, "CEP", 0);
	if (c >= 0) {
		size_t e = (size_t)c + 3;
		while (t[e] == ' ' || t[e] == ':' || t[e] == '.')
			e++;
		while (t[e] && t[e] != ' ')
			e++;
		ex_blank(t, (size_t)c, e);
	}
	ex_tidy(t, ",;:|-. ");
	n = strlen(t);
	ex_count(t, &cnt);
	if (n < 2 || cnt.digit > 0 || strchr(t, '@') || cnt.total > 40)
		return 0;
	for (i = 0; i < sizeof(br_uf) / sizeof(br_uf[0]); i++)
		if (strcmp(t + n - 2, br_uf[i]) == 0 &&
		    (n == 2 || t[n - 3] == ' ' || t[n - 3] == '-' ||
		     t[n - 3] == ','))
			break;
	if (i == sizeof(br_uf) / sizeof(br_uf[0]))
		return 0;
	ms_strlcpy_utf8(out, t, cap);
	return 1;
}

static void en_address(ex_card *k)
{
	size_t i, zs = 0, zl = 0, j, last, order[3], seq[5], nseq = 0, q2;
	long city = -1;
	int cep = 0;
	char code[32];

	for (i = 0; i < k->n && city < 0; i++) {
		const char *r = k->l[i].rest;
		if (find_us_zip(r, &zs, &zl) || find_uk_postcode(r, &zs, &zl))
			city = (long)i;
		else if (find_cep(r, &zs, &zl))
			city = (long)i, cep = 1;
	}
	/* "Chicago, 1, 60606": the state lost, a ZIP ends the line below a
	 * street line. */
	for (i = 0; i < k->n && city < 0 && !k->has_cjk; i++) {
		const char *r = k->l[i].rest;
		size_t n = strlen(r);
		long up = line_above(k, i);
		while (n > 0 && (r[n - 1] == ' ' || r[n - 1] == ','))
			n--;
		if (n >= 7 && up >= 0 && digit_at(r, n - 1) &&
		    digit_at(r, n - 5) && !digit_at(r, n - 6) &&
		    r[n - 6] == ' ' && looks_street(k->l[up].rest)) {
			zs = n - 5;
			zl = 5;
			city = (long)i;
		}
	}
	if (city >= 0) {
		ex_line *l = &k->l[city];
		size_t first = (size_t)city;
		char a[MS_EX_NORM_BYTES] = "";
		if (zl >= sizeof(code))
			zl = sizeof(code) - 1;
		memcpy(code, l->rest + zs, zl);
		code[zl] = '\0';
		if (ex_set(k, MS_F_POSTAL_CODE, code, l->conf, l->box, 0))
			l->took |= 1u << MS_F_POSTAL_CODE;
		/* The code is postal_code, not part of the address. */
		ex_blank(l->rest, zs, zs + zl);
		if (!cep) {
			/* "London EC3A 8EP United Kingdom", "Austin. TX
			 * 78701. USA": the code parted the city from the
			 * country, a comma does now; a dot before the state
			 * is the comma OCR misread. */
			char *r = l->rest;
			size_t q = zs + zl;
			if (r[q] == '.' || r[q] == ',')
				r[q++] = ' ';
			while (r[q] == ' ')
				q++;
			if (zs > 0 && isalpha((unsigned char)r[q]))
				r[zs] = ',';
			if (zs >= 5 && r[zs - 1] == ' ' &&
			    isupper((unsigned char)r[zs - 2]) &&
			    isupper((unsigned char)r[zs - 3]) &&
			    r[zs - 4] == ' ' && r[zs - 5] == '.')
				r[zs - 5] = ',';
		}
		/* A country on its own line below the city. */
		if ((size_t)city + 1 < k->n && is_country(k->l[city + 1].rest))
			last = (size_t)city + 1;
		else
			last = (size_t)city;
		/* Up to two street lines right above the city line (which
		 * may share a line with a number in another column), above
		 * on the card whatever order OCR gave them in. */
		{
			size_t nl = 0, q;
			long up = line_above(k, (size_t)city);
			while (up >= 0 && nl < 3 &&
			       !(k->l[up].took & ((1u << MS_F_ADDRESS) |
			                          (1u << MS_F_COMPANY))) &&
			       (looks_street(k->l[up].rest) ||
			        looks_street_part(k->l[up].rest))) {
				order[nl++] = (size_t)up;
				up = line_above(k, (size_t)up);
			}
			for (q = 0; q < nl; q++)
				seq[q] = order[nl - 1 - q];
			seq[nl++] = (size_t)city;
			if (last != (size_t)city)
				seq[nl++] = last;
			nseq = nl;
			first = seq[0];
		}
		for (q2 = 0; q2 < nseq; q2++) {
			j = seq[q2];
			char part[MS_EX_NORM_BYTES];
			size_t n = strlen(a);
			ms_strlcpy_utf8(part, k->l[j].rest, sizeof(part));
			/* "CEP: 01310-100" keeps the code, drops the label */
			{
				long c = ex_find_word(part, "CEP", 0);
				if (c >= 0)
					ex_blank(part, (size_t)c,
					         (size_t)c + 3);
			}
			fix_commas(part);
			ex_tidy(part, ",;:|-");
			if (j != (size_t)city && j != last)
				street_trim(part);
			if (!part[0])
				continue;
			if (n > 0 && n + 2 < sizeof(a)) {
				a[n++] = ',';
				a[n++] = ' ';
				a[n] = '\0';
			}
			ms_strlcpy_utf8(a + n, part, sizeof(a) - n);
			k->l[j].took |= 1u << MS_F_ADDRESS;
			ex_blank(k->l[j].rest, 0, strlen(k->l[j].rest));
		}
		ex_set(k, MS_F_ADDRESS, a, l->conf, k->l[first].box, 0);
		return;
	}
	for (i = 0; i < k->n; i++)
		if (!(k->l[i].took & ~((1u << MS_F_PHONE) | (1u << MS_F_FAX) |
		                       (1u << MS_F_MOBILE))) &&
		    looks_street(k->l[i].rest)) {
			ex_line *l = &k->l[i];
			char a[MS_EX_NORM_BYTES];
			long below = line_below(k, i);
			char cl[MS_EX_NORM_BYTES];
			ms_strlcpy_utf8(a, l->rest, sizeof(a));
			street_trim(a);
			if (below >= 0 && k->cc == EX_CC_BR &&
			    !(k->l[below].took & ~((1u << MS_F_PHONE) |
			                           (1u << MS_F_FAX) |
			                           (1u << MS_F_MOBILE))) &&
			    br_city_line(k->l[below].rest, cl, sizeof(cl)) &&
			    strlen(a) + strlen(cl) + 3 < sizeof(a)) {
				strcat(a, ", ");
				strcat(a, cl);
				k->l[below].took |= 1u << MS_F_ADDRESS;
				ex_blank(k->l[below].rest, 0,
				         strlen(k->l[below].rest));
			}
			if (ex_set(k, MS_F_ADDRESS, a, l->conf * 0.8f, l->box,
			           1)) {
				l->took |= 1u << MS_F_ADDRESS;
				ex_blank(l->rest, 0, strlen(l->rest));
			}
			return;
		}
}

void ex_address(ex_card *k)
{
	jp_address(k);
	if (!k->c->v[MS_F_ADDRESS][0])
		en_address(k);
}
