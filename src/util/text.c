/*
 * UTF-8 validation and decoding, NFKC through utf8proc, and small string
 * helpers (meishi/text.h).
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "meishi/limits.h"
#include "meishi/text.h"

size_t ms_utf8_next(const char *s, size_t n, int32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, i;
	int32_t c, min;

	*cp = 0xFFFD;
	if (n == 0 || u[0] == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	} else if ((u[0] & 0xE0) == 0xC0) {
		len = 2, c = u[0] & 0x1F, min = 0x80;
	} else if ((u[0] & 0xF0) == 0xE0) {
		len = 3, c = u[0] & 0x0F, min = 0x800;
	} else if ((u[0] & 0xF8) == 0xF0) {
		len = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

int ms_utf8_valid(const char *s, size_t n)
{
	size_t i = 0, k;
	int32_t cp;

	while (i < n) {
		if (s[i] == 0)
			return 0;
		k = ms_utf8_next(s + i, n - i, &cp);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

size_t ms_utf8_put(char *out, size_t cap, int32_t cp)
{
	unsigned char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp, n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xC0 | (cp >> 6));
		b[1] = (unsigned char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xE0 | (cp >> 12));
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (unsigned char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | (cp >> 18));
		b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (unsigned char)(0x80 | (cp & 0x3F)), n = 4;
	}
	if (cap == 0)
		return 0;
	{
		size_t used = strlen(out);
		if (used + n + 1 > cap)
			return 0;
		memcpy(out + used, b, n);
		out[used + n] = '\0';
	}
	return n;
}

void ms_str_nospace(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	if (!cap)
		return;
	for (; *s && o + 1 < cap; s++)
		if (*s != ' ')
			out[o++] = *s;
	out[o] = '\0';
}

size_t ms_utf8_count(const char *s, size_t n)
{
	size_t c = 0, i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

size_t ms_utf8_len(const char *s)
{
	return ms_utf8_count(s, strlen(s));
}

int ms_utf8_to_cps(const char *s, int32_t *cps, int max)
{
	size_t n = strlen(s), i = 0, k;
	int m = 0;
	int32_t cp;

	while (i < n && m < max) {
		k = ms_utf8_next(s + i, n - i, &cp);
		if (k == 0)
			k = 1;
		cps[m++] = cp;
		i += k;
	}
	return m;
}

int ms_cps_distance(const int32_t *a, int na, const int32_t *b, int nb,
		    int max)
{
	int prev[MS_TEXT_MAX_CPS + 1], cur[MS_TEXT_MAX_CPS + 1];
	int i, j, big;

	if (max < 0)
		max = 0;
	if (max > MS_TEXT_MAX_CPS)
		max = MS_TEXT_MAX_CPS;
	big = max + 1;
	if (na > MS_TEXT_MAX_CPS)
		na = MS_TEXT_MAX_CPS;
	if (nb > MS_TEXT_MAX_CPS)
		nb = MS_TEXT_MAX_CPS;
	if (abs(na - nb) > max)
		return big;
	for (j = 0; j <= nb; j++)
		prev[j] = j;
	for (i = 1; i <= na; i++) {
		int lo = i - max > 1 ? i - max : 1;
		int hi = i + max < nb ? i + max : nb;
		int best = big;
		cur[0] = i;
		for (j = 1; j < lo; j++)
			cur[j] = big;
		for (j = lo; j <= hi; j++) {
			int v = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (v > big)
				v = big;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		for (j = hi + 1; j <= nb; j++)
			cur[j] = big;
		if (best > max && cur[0] > max)
			return big;
		memcpy(prev, cur, sizeof(int) * (size_t)(nb + 1));
	}
	return prev[nb] > max ? big : prev[nb];
}

int ms_utf8_distance(const char *a, const char *b, int max)
{
	int32_t ca[MS_TEXT_MAX_CPS], cb[MS_TEXT_MAX_CPS];
	int na = ms_utf8_to_cps(a, ca, MS_TEXT_MAX_CPS);
	int nb = ms_utf8_to_cps(b, cb, MS_TEXT_MAX_CPS);

	return ms_cps_distance(ca, na, cb, nb, max);
}

static ms_rc nfkc_map(const char *in, char *out, size_t cap, int fold)
{
	utf8proc_uint8_t *r = NULL;
	size_t n = strlen(in);
	utf8proc_ssize_t len;
	utf8proc_option_t opts =
		UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT;

	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	if (!ms_utf8_valid(in, n))
		return MS_ERR_INVALID;
	if (fold)
		opts |= UTF8PROC_CASEFOLD;
	len = utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)n,
			   &r, opts);
	if (len < 0)
		return len == UTF8PROC_ERROR_NOMEM ? MS_ERR_NOMEM
						   : MS_ERR_INVALID;
	if ((size_t)len + 1 > cap) {
		free(r);
		return MS_ERR_TOO_BIG;
	}
	memcpy(out, r, (size_t)len + 1);
	free(r);
	return MS_OK;
}

ms_rc ms_nfkc(const char *in, char *out, size_t cap)
{
	return nfkc_map(in, out, cap, 0);
}

ms_rc ms_nfkc_casefold(const char *in, char *out, size_t cap)
{
	return nfkc_map(in, out, cap, 1);
}

size_t ms_strlcpy_utf8(char *dst, const char *src, size_t cap)
{
	size_t n;

	if (cap == 0)
		return 0;
	n = strlen(src);
	if (n >= cap) {
		n = cap - 1;
		/* Back off to a code-point boundary. */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}

static size_t space_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
	    *s == '\f' || *s == '\v')
		return 1;
	if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

void ms_trim(char *s)
{
	size_t start = 0, end = strlen(s), k;

	while ((k = space_at(s + start)) != 0)
		start += k;
	while (end > start) {
		if (space_at(s + end - 1) == 1) {
			end--;
		} else if (end - start >= 3 && space_at(s + end - 3) == 3) {
			end -= 3;
		} else {
			break;
		}
	}
	memmove(s, s + start, end - start);
	s[end - start] = '\0';
}

/* ---- Kana to Hepburn -------------------------------------------------- */

/* Hepburn for U+3041 (ぁ) .. U+3096 (ゖ), in code-point order. っ
 * (U+3063) is handled in code: it doubles the next consonant. */
static const char *const kana_roma[] = {
	"a",  "a",  "i",   "i",  "u",   "u",   "e",  "e",  "o",  "o",
	"ka", "ga", "ki",  "gi", "ku",  "gu",  "ke", "ge", "ko", "go",
	"sa", "za", "shi", "ji", "su",  "zu",  "se", "ze", "so", "zo",
	"ta", "da", "chi", "ji", "",    "tsu", "zu", "te", "de", "to",
	"do", "na", "ni",  "nu", "ne",  "no",  "ha", "ba", "pa", "hi",
	"bi", "pi", "fu",  "bu", "pu",  "he",  "be", "pe", "ho", "bo",
	"po", "ma", "mi",  "mu", "me",  "mo",  "ya", "ya", "yu", "yu",
	"yo", "yo", "ra",  "ri", "ru",  "re",  "ro", "wa", "wa", "i",
	"e",  "o",  "n",   "vu", "ka",  "ke",
};

/* The syllable of one kana (katakana folded to hiragana), or NULL if cp
 * is not one: ヷヸヹヺ have no hiragana and are spelled here. */
static const char *kana_syllable(int32_t cp)
{
	static const char *const vwa[] = {"va", "vi", "ve", "vo"};

	if (cp >= 0x30F7 && cp <= 0x30FA)
		return vwa[cp - 0x30F7];
	if (cp >= 0x30A1 && cp <= 0x30F6)
		cp -= 0x60;
	if (cp < 0x3041 || cp > 0x3096 || cp == 0x3063)
		return NULL;
	return kana_roma[cp - 0x3041];
}

static int small_y(int32_t cp)
{
	if (cp >= 0x30A1 && cp <= 0x30F6)
		cp -= 0x60;
	return cp == 0x3083 || cp == 0x3085 || cp == 0x3087;
}

static int small_vowel(int32_t cp)
{
	if (cp >= 0x30A1 && cp <= 0x30F6)
		cp -= 0x60;
	return cp == 0x3041 || cp == 0x3043 || cp == 0x3045 ||
	       cp == 0x3047 || cp == 0x3049;
}

static int is_vowel(char c)
{
	return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o';
}

/* Appends s (n bytes) at out[*len]; 0 if it does not fit. */
static int roma_add(char *out, size_t cap, size_t *len, const char *s,
		    size_t n)
{
	if (*len + n + 1 > cap)
		return 0;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
	return 1;
}

ms_rc ms_kana_romanise(const char *in, char *out, size_t cap,
		       unsigned flags)
{
	size_t n = strlen(in), i = 0, len = 0, k;
	int32_t cp;
	int gem = 0;

	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	while (i < n) {
		const char *r;
		char syl[8];
		size_t sl;

		k = ms_utf8_next(in + i, n - i, &cp);
		if (k == 0)
			return MS_ERR_INVALID;
		i += k;
		if (cp == 0x3063 || cp == 0x30C3) { /* っ */
			gem = 1;
			continue;
		}
		r = kana_syllable(cp);
		if (!r) {
			char c[8];
			size_t cl;

			if (cp == 0x30FC) { /* ー */
				if (!(flags & MS_ROMA_LONG_VOWEL))
					continue;
				c[0] = len > 0 && is_vowel(out[len - 1])
					       ? out[len - 1]
					       : '\0';
				cl = c[0] ? 1 : 0;
			} else if (!(flags & MS_ROMA_KEEP_OTHER)) {
				continue;
			} else if (cp == ' ' || cp == 0x3000) {
				c[0] = ' ', cl = 1;
			} else if (cp < 0x80) {
				c[0] = (char)(cp >= 'A' && cp <= 'Z'
						      ? cp - 'A' + 'a'
						      : cp);
				cl = 1;
			} else {
				c[0] = '\0';
				cl = ms_utf8_put(c, sizeof(c), cp);
			}
			gem = 0;
			if (!roma_add(out, cap, &len, c, cl))
				return MS_ERR_TOO_BIG;
			continue;
		}
		sl = strlen(r);
		memcpy(syl, r, sl + 1);
		if (small_y(cp) || small_vowel(cp)) {
			/* A small kana that joins nothing: its own sound. */
			if (!roma_add(out, cap, &len, syl, sl))
				return MS_ERR_TOO_BIG;
			continue;
		}
		if (sl >= 2 && i < n) {
			/* Look at the next kana: a small ゃゅょ or a small
			 * vowel joins this one. */
			int32_t nx;
			size_t nk = ms_utf8_next(in + i, n - i, &nx);

			if (nk > 0 && small_y(nx) && syl[sl - 1] == 'i') {
				/* き+ゃ: kya, ひ+ゃ: hya; し+ゃ: sha, ち+ゃ:
				 * cha, じ+ゃ: ja */
				const char *v = kana_syllable(nx);

				sl--;
				if (!((sl == 2 && syl[1] == 'h') ||
				      (sl == 1 && syl[0] == 'j')))
					syl[sl++] = 'y';
				syl[sl++] = v[1];
				syl[sl] = '\0';
				i += nk;
			} else if (nk > 0 && small_vowel(nx)) {
				/* ふ+ぁ: fa; て+ぃ: ti; ヴ+ァ: va */
				syl[sl - 1] = kana_syllable(nx)[0];
				i += nk;
			}
		}
		if (gem && !is_vowel(syl[0])) {
			char d = syl[0] == 'c' ? 't' : syl[0];
			if (!roma_add(out, cap, &len, &d, 1))
				return MS_ERR_TOO_BIG;
		}
		gem = 0;
		if (!roma_add(out, cap, &len, syl, sl))
			return MS_ERR_TOO_BIG;
	}
	return MS_OK;
}

int ms_is_word_char(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

ms_rc ms_search_grams(const char *in, char *out, size_t cap)
{
	size_t n = strlen(in), i = 0, o = 0, len;
	char prev[8];
	size_t plen = 0; /* bytes of the previous word character, 0: none */
	int32_t cp;

	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	for (;;) {
		len = i < n ? ms_utf8_next(in + i, n - i, &cp) : 0;
		if (i < n && len == 0)
			return MS_ERR_INVALID;
		if (len && ms_is_word_char(cp)) {
			/* A pair: the previous character and this one. */
			if (plen) {
				if (o + plen + len + 2 > cap)
					return MS_ERR_TOO_BIG;
				if (o)
					out[o++] = ' ';
				memcpy(out + o, prev, plen);
				memcpy(out + o + plen, in + i, len);
				o += plen + len;
			}
			memcpy(prev, in + i, len);
			plen = len;
		} else if (plen) {
			/* The end of a run: its last character alone. */
			if (o + plen + 2 > cap)
				return MS_ERR_TOO_BIG;
			if (o)
				out[o++] = ' ';
			memcpy(out + o, prev, plen);
			o += plen;
			plen = 0;
		}
		if (!len)
			break;
		i += len;
	}
	out[o] = '\0';
	return MS_OK;
}

size_t ms_next_word(const char **p, char *w, size_t cap)
{
	size_t n = 0;

	while (**p == ' ')
		(*p)++;
	while ((*p)[n] && (*p)[n] != ' ')
		n++;
	if (cap > 0) {
		size_t c = n < cap ? n : cap - 1;
		while (c > 0 && c < n && ((unsigned char)(*p)[c] & 0xC0) == 0x80)
			c--;
		memcpy(w, *p, c);
		w[c] = '\0';
	}
	*p += n;
	return n;
}
