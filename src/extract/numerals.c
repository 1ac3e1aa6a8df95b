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

/* Letters, kanji and kana OCR gives in a column for a kanji numeral. */
static const struct {
	int32_t cp;
	int digit;
} lookalike[] = {
	{'O', 0},    /* O, o, ○ and ◯ for 〇 */
	{'o', 0},
	{0x25CB, 0},
	{0x25EF, 0},
	{0x30CB, 2}, /* ニ for 二 */
	{0x30DF, 3}, /* ミ for 三 */
	{0x56DE, 4}, /* 回 for 四 */
	{0x6B63, 5}, /* 正 for 五 */
	{0x5927, 6}, /* 大 for 六 */
	{0x30D2, 7}, /* ヒ for 七 */
	{0x4EA1, 7}, /* 亡 for 七 */
	{0x4E16, 7}, /* 世 for 七 */
	{0x30CF, 8}, /* ハ for 八 */
	{0x4EBA, 8}, /* 人 for 八 */
	{0x30AB, 9}, /* カ for 九 */
};

/* 0..9 for a digit (ASCII, a kanji numeral or 零), 10 + value for a
 * look-alike OCR gives for one inside a run of numerals (O and ○ for 〇,
 * ニ for 二 ...), -1 for anything else. */
static int digit_of(int32_t cp)
{
	int d;

	if (cp >= '0' && cp <= '9')
		return cp - '0';
	d = kn_kanji_digit(cp);
	if (d >= 0)
		return d;
	for (d = 0; d < (int)(sizeof(lookalike) / sizeof(*lookalike)); d++)
		if (lookalike[d].cp == cp)
			return 10 + lookalike[d].digit;
	return -1;
}

int ex_numeral_digit(int32_t cp)
{
	int d = digit_of(cp);

	return d >= 10 ? d - 10 : d;
}

/* A closing parenthesis as OCR gives one in a column: ')', ':', a
 * closing CJK bracket (】」〕) or ご. */
static int is_close(int32_t cp)
{
	/* ご: the turned ) as jpn_vert sometimes reads it */
	return cp == ')' || cp == ':' || cp == 0x3011 || cp == 0x300D ||
	       cp == 0x3015 || cp == 0x3054;
}

/* Separators between the groups of a number. In a vertical column the
 * dash stands upright, and OCR reads it as a bar (|, I, l) or as the
 * katakana long-vowel mark; the parentheses around an exchange may come
 * back as ':', ';' or CJK brackets (【「〔 and is_close's). */
static int is_sep(int32_t cp)
{
	return is_close(cp) || cp == ' ' || cp == '-' || cp == '(' ||
	       cp == ';' || cp == '.' || cp == '|' || cp == 'I' || cp == 'l' ||
	       cp == '~' || cp == 0x30FC || cp == 0xFF70 || cp == 0x30FB ||
	       cp == 0x301C || cp == 0x2025 || cp == 0x2026 || cp == 0x3010 ||
	       cp == 0x300C || cp == 0x3014;
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
 * in the usual grouping; a postal code as NNN-NNNN. Returns 2 for a
 * telephone number in its printed groups, 1 for another number, 0 when
 * the run is not one. */
static int format_run(const char *d, size_t nd, const size_t *glen, size_t ng,
                      int after_mark, char *out, size_t cap)
{
	size_t g[3], i, o = 0, at = 0, gl[NUM_MAX_RUN];
	int as_printed = 1;

	if (cap < 16)
		return 0;
	/* "O 〇四三 (三一八) 三四四四", "OO 四三 (...)": a 〇 read twice
	 * (or a speck read as O before it) gives eleven digits from "00",
	 * which no number dialled in Japan has. Drop one 0; its group goes
	 * with the next when it is left empty or a lone digit. */
	if (nd == 11 && d[0] == '0' && d[1] == '0' && !after_mark && ng >= 3 &&
	    ng <= NUM_MAX_RUN) {
		memcpy(gl, glen, ng * sizeof(*gl));
		d++;
		nd--;
		if (--gl[0] == 0) {
			memmove(gl, gl + 1, --ng * sizeof(*gl));
		} else if (ng == 4 && gl[0] + gl[1] <= 5) {
			gl[1] += gl[0];
			memmove(gl, gl + 1, --ng * sizeof(*gl));
		}
		glen = gl;
	}
	if (nd == 7 && (after_mark || (ng == 2 && glen[0] == 3))) {
		memcpy(out, d, 3);
		out[3] = '-';
		memcpy(out + 4, d + 3, 4);
		out[8] = '\0';
		return 1;
	}
	if ((nd != 10 && nd != 11) || d[0] != '0' || d[1] == '0' ||
	    after_mark)
		return 0;
	/* Eleven digits are a mobile, a pager or an IP phone (020, 050,
	 * 070, 080, 090) or free dial 0800; "033-3880-9800" is a misread. */
	if (nd == 11 && !(d[2] == '0' && strchr("25789", d[1])) &&
	    strncmp(d, "0800", 4) != 0)
		return 0;
	if (ng == 3 && glen[0] >= 2 && glen[0] <= 5 && glen[1] >= 1 &&
	    glen[2] >= 3) {
		for (i = 0; i < 3; i++)
			g[i] = glen[i];
		as_printed = 2;
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
	return as_printed;
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

/* A dash as OCR gives it in a column: '-', the long-vowel mark, a bar. */
static int is_dash(int32_t cp)
{
	return cp == '-' || cp == 0x30FC || cp == 0xFF70 || cp == 0x2015 ||
	       cp == 0x2014;
}

/* One run of digits and separators. */
struct num_run {
	char d[NUM_MAX_RUN + 1];
	size_t glen[NUM_MAX_RUN], nd, ng, end;
	int kanji, weak, dashes;
};

/* How scan_run reads a doubtful run (see ex_kanji_numbers). */
enum {
	RUN_DASH_ONE = 1, /* a dash between numerals is the numeral 一 */
	RUN_DROP_O = 2    /* an O beside a 〇 is that 〇 read twice */
};

/* 1 if a closing bracket (is_close) follows byte j of s, spaces aside. */
static int bracket_next(const char *s, size_t n, size_t j)
{
	int32_t cp;

	while (j < n && s[j] == ' ')
		j++;
	return j < n && ms_utf8_next(s + j, n - j, &cp) && is_close(cp);
}

/* 1 if the code point next to byte j of s (before it when back, after
 * it otherwise), spaces aside, is 〇. */
static int zero_beside(const char *s, size_t n, size_t j, int back)
{
	static const char zero[] = "〇";

	if (back) {
		while (j > 0 && s[j - 1] == ' ')
			j--;
		return j >= 3 && memcmp(s + j - 3, zero, 3) == 0;
	}
	while (j < n && s[j] == ' ')
		j++;
	return j + 3 <= n && memcmp(s + j, zero, 3) == 0;
}

/* Reads the run that starts at byte i of s (n bytes), as how says. */
static void scan_run(const char *s, size_t n, size_t i, int how,
                     struct num_run *r)
{
	size_t j = i, seps = 0, cps = 0, kk;
	int32_t cp, prev = 0;
	int v, first = 1, joined = 0;

	memset(r, 0, sizeof(*r));
	r->end = i;
	while (j < n && cps < NUM_MAX_RUN && r->nd < NUM_MAX_RUN) {
		kk = ms_utf8_next(s + j, n - j, &cp);
		if (kk == 0)
			break;
		v = digit_of(cp);
		if ((how & RUN_DROP_O) && (cp == 'O' || cp == 'o') &&
		    (zero_beside(s, n, j, 1) || zero_beside(s, n, j + kk, 0)))
			v = -2; /* "八四 O 〇四" is 八四〇四 */
		if (is_dash(cp) && (how & RUN_DASH_ONE) &&
		    digit_of(prev) >= 0 && bracket_next(s, n, j + kk)) {
			/* "(六九六ー)", "(大ニー)": no separator stands
			 * before the closing bracket */
			v = 1;
		} else if (is_dash(cp) && (how & RUN_DASH_ONE) &&
		           kn_kanji_digit(prev) >= 0 && j + kk < n) {
			/* One flat stroke may come back as two marks
			 * ("〇ーー六八" for 〇一六八): the marks that follow
			 * are separators. */
			int32_t nx = 0;
			size_t q = j + kk, qk;
			while (q < n && (qk = ms_utf8_next(s + q, n - q, &nx)) &&
			       (nx == ' ' || is_dash(nx)))
				q += qk;
			if (q < n && ms_utf8_next(s + q, n - q, &nx) &&
			    kn_kanji_digit(nx) >= 0)
				v = 1;
		}
		if (is_dash(cp))
			r->dashes++;
		if (v >= 0) {
			if (v >= 10) {
				v -= 10;
				r->weak += cp > 0x7F;
			} else if (cp > 0x7F) {
				r->kanji++;
			}
			if (first || (seps > 0 && !joined)) {
				r->glen[r->ng++] = 0;
				first = 0;
			}
			joined = 0;
			r->glen[r->ng - 1]++;
			r->d[r->nd++] = (char)('0' + v);
			seps = 0;
			j += kk;
			r->end = j;
		} else if (v == -2) {
			/* the 〇 beside it and the spaces between are
			 * one glyph: no group ends here */
			j += kk;
			cps++;
			joined = digit_of(prev) >= 0;
			continue;
		} else if (is_sep(cp) && ++seps <= 3) {
			j += kk;
			joined = joined && cp == ' ';
		} else {
			break;
		}
		if (cp != ' ')
			prev = cp;
		cps++;
	}
	r->d[r->nd] = '\0';
}

/* A run in kanji numerals: most digits kanji, few look-alikes. After a
 * telephone label (labelled) the look-alikes may be as many as the
 * kanji, up to four: "電話〇三 ( ニカ八四 ) 三八七カ" is 03-2984-3879,
 * and format_run still wants the shape of a Japanese number. */
static int kanji_run(const struct num_run *r, int labelled)
{
	if (labelled)
		return (r->kanji + r->weak) * 2 >= (int)r->nd &&
		       r->kanji >= 3 && r->weak <= 4 && r->weak <= r->kanji;
	return r->kanji * 2 >= (int)r->nd && r->kanji >= 3 && r->weak <= 2;
}

/* 1 if s[0..i) holds a telephone, fax or mobile label. */
static int phone_label_before(const char *s, size_t i)
{
	static const char *const labels[] = {"電話", "TEL", "Tel", "FAX",
					     "Fax", "携帯", "直通", "代表"};
	char head[MS_EX_NORM_BYTES];
	size_t k;

	if (i >= sizeof(head))
		i = sizeof(head) - 1;
	memcpy(head, s, i);
	head[i] = '\0';
	for (k = 0; k < sizeof(labels) / sizeof(labels[0]); k++)
		if (strstr(head, labels[k]))
			return 1;
	return 0;
}

/* A labelled run one digit short of a number whose last digit is the
 * numeral 一 read as a long-vowel mark or dash at the run's end
 * ("五カニー" is 5921): takes that 1. */
static void trailing_one(const char *s, size_t n, struct num_run *r)
{
	size_t j = r->end;
	int32_t cp = 0;
	size_t kk;

	if (r->nd != 9 || r->ng == 0 || r->d[0] != '0')
		return;
	while (j < n && s[j] == ' ')
		j++;
	kk = j < n ? ms_utf8_next(s + j, n - j, &cp) : 0;
	if (!kk || !is_dash(cp))
		return;
	j += kk;
	while (j < n && s[j] == ' ')
		j++;
	if (j < n && ms_utf8_next(s + j, n - j, &cp) && digit_of(cp) >= 0)
		return;
	r->d[r->nd++] = '1';
	r->d[r->nd] = '\0';
	r->glen[r->ng - 1]++;
	r->end = j;
}

/* Reads the run at byte i of s as how says (see scan_run) and writes
 * it as a number into num: format_run's answer, 0 when it is none. */
static int read_run(const char *s, size_t n, size_t i, int how, int labelled,
                    int mark, struct num_run *r, char *num, size_t cap)
{
	scan_run(s, n, i, how, r);
	if (labelled)
		trailing_one(s, n, r);
	if (!kanji_run(r, labelled))
		return 0;
	return format_run(r->d, r->nd, r->glen, r->ng, mark, num, cap);
}

/* Reads the run at byte i again as how says; where that gives a better
 * answer than ok (format_run's), it replaces *r and num. Returns the
 * better answer. */
static int read_run_again(const char *s, size_t n, size_t i, int how,
                          int labelled, int mark, int ok, struct num_run *r,
                          char *num, size_t cap)
{
	struct num_run r2;
	char num2[32];
	int ok2 = read_run(s, n, i, how, labelled, mark, &r2, num2,
	                   sizeof(num2));

	if (ok2 <= ok)
		return ok;
	*r = r2;
	ms_strlcpy_utf8(num, num2, cap);
	return ok2;
}

void ex_kanji_numbers(char *s, size_t cap, int vertical)
{
	char out[MS_EX_NORM_BYTES];
	size_t n = strlen(s), i = 0, o = 0, k;
	int32_t cp;

	if (cap > sizeof(out))
		cap = sizeof(out);
	while (i < n) {
		struct num_run r;
		char num[32];
		int v, ok, mark, labelled;

		k = ms_utf8_next(s + i, n - i, &cp);
		if (k == 0)
			break;
		v = digit_of(cp);
		mark = after_postal_mark(s, i);
		labelled = !mark && v >= 10 && phone_label_before(s, i);
		/* A run starts at a digit (or an O before a kanji numeral;
		 * after a telephone label, any look-alike before another)
		 * that is not the tail of an ASCII word or number. */
		if (v >= 10) {
			int32_t nx = 0;
			size_t q = i + k;
			/* "OO 四三": 〇 read as two letters */
			while (q < n && (s[q] == ' ' || s[q] == 'O'))
				q++;
			if (q >= n || ms_utf8_next(s + q, n - q, &nx) == 0 ||
			    (labelled ? digit_of(nx) < 0 : kn_kanji_digit(nx) < 0))
				v = -1;
			else if (labelled)
				v = 10;
		}
		if (v < 0 || v > 10 ||
		    (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') ||
		               (s[i - 1] >= 'A' && s[i - 1] <= 'Z') ||
		               (s[i - 1] >= 'a' && s[i - 1] <= 'z')))) {
			goto copy;
		}
		labelled = !mark && phone_label_before(s, i);
		ok = read_run(s, n, i, 0, labelled, mark, &r, num,
		              sizeof(num));
		/* In a column a dash stands upright and OCR gives a bar for
		 * it; a flat stroke read as '-' is the numeral 一 ("〇 - 一
		 * ( 四九一 )" is 011-491-...), and a 〇 may come back as both
		 * O and 〇. A number that has not come out in its printed
		 * groups is read again so, and taken if it then does. */
		if (ok < 2 && vertical && r.dashes)
			ok = read_run_again(s, n, i, RUN_DASH_ONE, labelled,
			                    mark, ok, &r, num, sizeof(num));
		if (ok < 2 && vertical && labelled)
			ok = read_run_again(s, n, i, RUN_DROP_O | RUN_DASH_ONE,
			                    labelled, mark, ok, &r, num,
			                    sizeof(num));
		if (ok) {
			size_t nl = strlen(num);
			if (o + nl + 1 > cap)
				break;
			memcpy(out + o, num, nl);
			o += nl;
			i = r.end;
			continue;
		}
		/* Not a number: copy the whole run, so that no part of it is
		 * taken for one either. */
		if (r.end > i) {
			if (o + (r.end - i) + 1 > cap)
				break;
			memcpy(out + o, s + i, r.end - i);
			o += r.end - i;
			i = r.end;
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
