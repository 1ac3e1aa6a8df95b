/*
 * Numbers written in kanji numerals, as vertical cards print them:
 * 〇三（三二一一）四五六七 for a telephone number and 〒一〇〇ー〇〇〇一 for a
 * postal code. A run of digits (kanji numerals, with the ASCII digits and
 * look-alikes OCR mixes in) and separators becomes ASCII digits joined by
 * '-' ("03-3211-4567", "100-0001") when it has the shape of a Japanese
 * telephone number (ten or eleven digits from a trunk 0) or of a postal
 * code (seven digits after 〒, or in groups of three and four). Anything
 * else, the 一丁目二番三号 of an address or the 一 of a given name, is left
 * as printed: counting numerals (十, 百) are no digits, and no address or
 * name holds seven or more digit numerals in a row.
 */
#include <string.h>

#include "extract/ex_int.h"
#include "extract/kn_int.h"
#include "meishi/text.h"

/* Longest run examined, in code points. */
#define NUM_MAX_RUN 48

/* 0..9 for a digit (ASCII, a kanji numeral or 零), 10 + value for a
 * look-alike OCR gives for one inside a run of numerals (O and ○ for 〇),
 * -1 for anything else. */
static int digit_of(int32_t cp)
{
	int d;

	if (cp >= '0' && cp <= '9')
		return cp - '0';
	d = kn_kanji_digit(cp);
	if (d >= 0)
		return d;
	if (cp == 'O' || cp == 'o' || cp == 0x25CB || cp == 0x25EF)
		return 10;
	return -1;
}

/* Separators between the groups of a number. In a vertical column the
 * dash stands upright, and OCR reads it as a bar (|, I, l) or as the
 * katakana long-vowel mark; the parentheses around an exchange may come
 * back as ':' or ';'. */
static int is_sep(int32_t cp)
{
	return cp == ' ' || cp == '-' || cp == '(' || cp == ')' || cp == ':' ||
	       cp == ';' || cp == '.' || cp == '|' || cp == 'I' || cp == 'l' ||
	       cp == '~' || cp == 0x30FC || cp == 0xFF70 || cp == 0x30FB ||
	       cp == 0x301C || cp == 0x2025 || cp == 0x2026;
}

/* The usual grouping of a Japanese number given without separators:
 * mobiles and 050 as 3-4-4, free dial 0120 as 4-3-3, Tokyo and Osaka
 * (03, 06) as 2-4-4, others as 3-3-4. */
static void jp_groups(const char *d, size_t nd, size_t g[3])
{
	if (nd == 11) {
		if (strncmp(d, "0800", 4) == 0)
			g[0] = 4, g[1] = 3, g[2] = 4;
		else
			g[0] = 3, g[1] = 4, g[2] = 4;
	} else if (strncmp(d, "0120", 4) == 0 || strncmp(d, "0570", 4) == 0) {
		g[0] = 4, g[1] = 3, g[2] = 3;
	} else if (strncmp(d, "03", 2) == 0 || strncmp(d, "06", 2) == 0) {
		g[0] = 2, g[1] = 4, g[2] = 4;
	} else {
		g[0] = 3, g[1] = 3, g[2] = 4;
	}
}

/* Writes the run's digits as a number into out (cap bytes): a telephone
 * number in its printed groups when there are three plausible ones, else
 * in the usual grouping; a postal code as NNN-NNNN. Returns 0 when the
 * run is not one of those. */
static int format_run(const char *d, size_t nd, const size_t *glen, size_t ng,
                      int after_mark, char *out, size_t cap)
{
	size_t g[3], i, o = 0, at = 0;

	if (cap < 16)
		return 0;
	if (nd == 7 && (after_mark || (ng == 2 && glen[0] == 3))) {
		memcpy(out, d, 3);
		out[3] = '-';
		memcpy(out + 4, d + 3, 4);
		out[8] = '\0';
		return 1;
	}
	if ((nd != 10 && nd != 11) || d[0] != '0' || after_mark)
		return 0;
	if (ng == 3 && glen[0] >= 2 && glen[0] <= 5 && glen[1] >= 1 &&
	    glen[2] >= 3) {
		for (i = 0; i < 3; i++)
			g[i] = glen[i];
	} else {
		jp_groups(d, nd, g);
	}
	for (i = 0; i < 3; i++) {
		if (i > 0)
			out[o++] = '-';
		memcpy(out + o, d + at, g[i]);
		o += g[i];
		at += g[i];
	}
	out[o] = '\0';
	return 1;
}

/* 1 if the text before byte i ends with a postal mark (〒, 郵便番号),
 * spaces and ':' aside. */
static int after_postal_mark(const char *s, size_t i)
{
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == ':'))
		i--;
	return (i >= 3 && memcmp(s + i - 3, "〒", 3) == 0) ||
	       (i >= 12 && memcmp(s + i - 12, "郵便番号", 12) == 0);
}

void ex_kanji_numbers(char *s, size_t cap)
{
	char out[MS_EX_NORM_BYTES];
	size_t n = strlen(s), i = 0, o = 0, k;
	int32_t cp;

	if (cap > sizeof(out))
		cap = sizeof(out);
	while (i < n) {
		/* One run: digits and separators from byte i. */
		char d[NUM_MAX_RUN + 1], num[32];
		size_t glen[NUM_MAX_RUN], nd = 0, ng = 0, j = i, end = i;
		size_t seps = 0, cps = 0;
		int kanji = 0, v, first = 1;

		k = ms_utf8_next(s + i, n - i, &cp);
		if (k == 0)
			break;
		v = digit_of(cp);
		/* A run starts at a digit (or an O before a kanji numeral)
		 * that is not the tail of an ASCII word or number. */
		if (v >= 10) {
			int32_t nx = 0;
			if (i + k >= n ||
			    ms_utf8_next(s + i + k, n - i - k, &nx) == 0 ||
			    kn_kanji_digit(nx) < 0)
				v = -1;
		}
		if (v < 0 ||
		    (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') ||
		               (s[i - 1] >= 'A' && s[i - 1] <= 'Z') ||
		               (s[i - 1] >= 'a' && s[i - 1] <= 'z')))) {
			goto copy;
		}
		while (j < n && cps < NUM_MAX_RUN) {
			size_t kk = ms_utf8_next(s + j, n - j, &cp);
			if (kk == 0)
				break;
			v = digit_of(cp);
			if (v >= 0) {
				if (v >= 10)
					v -= 10;
				else if (cp > 0x7F)
					kanji++;
				if (first || seps > 0) {
					glen[ng++] = 0;
					first = 0;
				}
				glen[ng - 1]++;
				d[nd++] = (char)('0' + v);
				seps = 0;
				j += kk;
				end = j;
			} else if (is_sep(cp) && ++seps <= 3) {
				j += kk;
			} else {
				break;
			}
			cps++;
		}
		d[nd] = '\0';
		/* Kanji numerals make it a number written in kanji; a run of
		 * ASCII digits is left to the usual passes. */
		if (kanji * 2 >= (int)nd && kanji >= 3 &&
		    format_run(d, nd, glen, ng, after_postal_mark(s, i), num,
		               sizeof(num))) {
			size_t nl = strlen(num);
			if (o + nl + 1 > cap)
				break;
			memcpy(out + o, num, nl);
			o += nl;
			i = end;
			continue;
		}
		/* Not a number: copy the whole run, so that no part of it is
		 * taken for one either. */
		if (end > i) {
			if (o + (end - i) + 1 > cap)
				break;
			memcpy(out + o, s + i, end - i);
			o += end - i;
			i = end;
			continue;
		}
	copy:
		k = ms_utf8_next(s + i, n - i, &cp);
		if (o + k + 1 > cap)
			break;
		memcpy(out + o, s + i, k);
		o += k;
		i += k;
	}
	out[o] = '\0';
	memcpy(s, out, o + 1);
}
