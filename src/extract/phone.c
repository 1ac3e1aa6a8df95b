/*
 * Telephone, fax and mobile numbers.
 *
 * A line is scanned for runs of digits and separators ("03-1234-5678",
 * "+81 (0)3 1234 5678", "(415) 555-0100"), reading 'O' as 0 and 'l', 'I',
 * '|' as 1 where they stand inside a number. The words between one number
 * and the previous decide what it is (TEL, FAX, 携帯, M, ...); a label after
 * a number ("(代表)") counts when there is none before. An unlabelled
 * number is a guess, flagged for review: 070, 080 and 090 are Japanese
 * mobiles, anything else a phone.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "extract/ex_int.h"
#include "extract/kn_int.h"
#include "meishi/text.h"

enum { K_NONE = 0, K_PHONE = 1, K_FAX = 2, K_MOBILE = 4 };

struct label {
	const char *w;
	int kind;
};

/* Longest first where one is the start of another. */
static const struct label label_tab[] = {
    {"携帯電話", K_MOBILE}, {"携帯", K_MOBILE},     {"ケータイ", K_MOBILE},
    {"ファックス", K_FAX},  {"ファクス", K_FAX},    {"ファクシミリ", K_FAX},
    {"電話", K_PHONE},      {"代表", K_PHONE},      {"直通", K_PHONE},
    {"FAX", K_FAX},         {"facsimile", K_FAX},   {"fax", K_FAX},
    {"fx", K_FAX},          {"f", K_FAX},           {"telephone", K_PHONE},
    {"telefone", K_PHONE},  {"tel", K_PHONE},       {"tél", K_PHONE},
    {"phone", K_PHONE},     {"ph", K_PHONE},        {"fone", K_PHONE},
    {"fones", K_PHONE},     {"office", K_PHONE},    {"direct", K_PHONE},
    {"dir", K_PHONE},       {"main", K_PHONE},      {"t", K_PHONE},
    {"p", K_PHONE},         {"d", K_PHONE},         {"mobile", K_MOBILE},
    {"mob", K_MOBILE},      {"cellular", K_MOBILE}, {"cell", K_MOBILE},
    {"celular", K_MOBILE},  {"cel", K_MOBILE},      {"whatsapp", K_MOBILE},
    {"nextel", K_MOBILE},
    {"handy", K_MOBILE},    {"m", K_MOBILE},        {"c", K_MOBILE},
};

/* The kinds named in text[from, to): the words are read left to right and
 * the last one wins, except that "TEL/FAX" names both. Sets *lab_at to
 * where the first label starts (or to). */
static int labels_in(const char *text, size_t from, size_t to, size_t *lab_at)
{
	char gap[MS_EX_NORM_BYTES];
	size_t n = to - from, i, t, wl;
	int kind = 0, prev = 0, slash = 0;

	*lab_at = to;
	if (n >= sizeof(gap))
		return 0;
	memcpy(gap, text + from, n);
	gap[n] = '\0';
	for (i = 0; i < n;) {
		unsigned char c = (unsigned char)gap[i];
		int hit = 0;
		if (c == '/' || c == '&') {
			slash = 1;
			i++;
			continue;
		}
		for (t = 0; t < sizeof(label_tab) / sizeof(label_tab[0]); t++) {
			const char *w = label_tab[t].w;
			wl = strlen(w);
			if (wl > n - i)
				continue;
			if ((unsigned char)w[0] < 0x80) {
				if (strncasecmp(gap + i, w, wl) != 0)
					continue;
				if (i > 0 && isalpha((unsigned char)gap[i - 1]))
					continue;
				if (isalpha((unsigned char)gap[i + wl]) ||
				    ((unsigned char)gap[i + wl] & 0x80))
					continue;
			} else if (memcmp(gap + i, w, wl) != 0) {
				continue;
			}
			if (*lab_at == to)
				*lab_at = from + i;
			kind = slash && prev ? (prev | label_tab[t].kind)
			                     : label_tab[t].kind;
			prev = kind;
			slash = 0;
			i += wl;
			hit = 1;
			break;
		}
		if (!hit) {
			if (c != ' ' && c != ':' && c != '.' && c != '(' &&
			    c != ')' && c != '-' && c != '|')
				slash = 0;
			i++;
		}
	}
	return kind;
}

static int confusable(char c)
{
	return c == 'O' || c == 'o' || c == 'l' || c == 'I' || c == '|';
}

static char confused_digit(char c)
{
	return (c == 'O' || c == 'o') ? '0' : '1';
}

struct run {
	size_t s, e; /* bytes in the line */
	char digits[32];
	char disp[64];
	int plus, nd;
};

/* Parses a number starting at t[i]. Returns 1 with r filled. */
static int parse_run(const char *t, size_t i, struct run *r, int nested)
{
	size_t j = i, last = i, seps = 0;
	size_t dl = 0, ngroups = 0, gat[16], gdi[16];
	int open = 0;

	memset(r, 0, sizeof(*r));
	r->s = i;
	if (t[j] == '+') {
		r->plus = 1;
		r->disp[dl++] = '+';
		j++;
		while (t[j] == ' ')
			j++;
	}
	for (; t[j]; j++) {
		char c = t[j], d = 0;
		if (isdigit((unsigned char)c)) {
			d = c;
		} else if (confusable(c) &&
		           (isdigit((unsigned char)t[j + 1]) ||
		            (t[j + 1] == '-' && r->nd > 0)) &&
		           (j == 0 || !isalpha((unsigned char)t[j - 1]) ||
		            r->nd > 0)) {
			d = confused_digit(c);
		}
		if (d) {
			if (r->nd >= 15)
				return 0; /* not one number */
			if (seps && t[j - 1] == ' ' && ngroups < 16) {
				gat[ngroups] = j;
				gdi[ngroups++] = (size_t)r->nd;
			}
			r->digits[r->nd++] = d;
			if (dl + 1 < sizeof(r->disp))
				r->disp[dl++] = d;
			last = j + 1;
			seps = 0;
			continue;
		}
		if (c == ' ' && r->nd >= (r->plus ? 12 : 10))
			break;
		if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') {
			if (++seps > 3)
				break;
			if (c == '(')
				open++;
			if (c == ')')
				open--;
			/* "03- 6826-6948": no space beside a dash */
			if (c == ' ' && dl > 0 &&
			    (r->disp[dl - 1] == ' ' || r->disp[dl - 1] == '-'))
				continue;
			if (c == '-' && dl > 0 && r->disp[dl - 1] == ' ')
				dl--;
			if (dl + 1 < sizeof(r->disp))
				r->disp[dl++] = c;
			continue;
		}
		break;
	}
	/* Cut the display after the last digit, then add a closing ')' if
	 * one is open ("(03)" never ends a number, but keep balance). */
	r->e = last;
	r->disp[dl] = '\0';
	{
		size_t k = strlen(r->disp);
		while (k > 0 && !isdigit((unsigned char)r->disp[k - 1]))
			r->disp[--k] = '\0';
	}
	(void)open;
	r->digits[r->nd] = '\0';
	/* An address number run into a phone number ("5丁目5- 25
	 * 03-5997-3306"): start at the group that begins a 10- or 11-digit
	 * number with its trunk 0. */
	if (!r->plus && r->nd > 11 && !nested) {
		size_t g;
		for (g = 0; g < ngroups; g++)
			if (r->digits[gdi[g]] == '0' &&
			    (r->nd - gdi[g] == 10 || r->nd - gdi[g] == 11))
				return parse_run(t, gat[g], r, 1);
	}
	return r->nd > 0;
}

/* A number on a Japanese card as dialled in Japan: ten or eleven digits
 * from the trunk 0. OCR reads that 0 as 6, 8 or 9 ("63-9790-6498",
 * "970-8258-1827"), which no such number starts with: it becomes 0 again
 * where the rest has the shape of a Japanese number (eleven digits only
 * for 050, 070, 080, 090 and 0800, whose third digit is 0 again where
 * OCR read it as 6, 8 or 9; no 0X0 in ten). Dots and spaces between the groups
 * ("070.8087.5319", "03 7613.3960") become the '-' of the usual form. */
static void jp_mend(struct run *r, int cc)
{
	char *d = r->digits;
	size_t i;

	if (r->plus || cc != EX_CC_JP || (r->nd != 10 && r->nd != 11))
		return;
	if (d[0] != '0') {
		/* No area code is 0X0 (those are mobiles, 11 digits),
		 * and no subscriber number starts with 0. */
		int ok = r->nd == 10 ? d[1] != '0' && d[2] != '0'
		                     : strchr("5789", d[1]) && d[2] == '0';
		if (!strchr("689", d[0]) || !ok || r->disp[0] != d[0])
			return;
		d[0] = '0';
		r->disp[0] = '0';
	}
	/* "079-4977-9663": eleven digits are 050, 070, 080, 090 or 0800,
	 * whose third digit is 0 */
	if (r->nd == 11 && strchr("5789", d[1]) && strchr("689", d[2]) &&
	    r->disp[1] == d[1] && r->disp[2] == d[2]) {
		d[2] = '0';
		r->disp[2] = '0';
	}
	if (strchr(r->disp, '(') || strchr(r->disp, ')'))
		return;
	/* A mobile or 050 number is always printed 0X0-XXXX-XXXX: a dash
	 * or speck in the wrong place ("080-291-2-4540", "080-4251-.7537")
	 * is OCR's. Not 0800 free dial (0800-XXX-XXXX). */
	if (r->nd == 11 && strchr("5789", d[1]) && d[2] == '0' &&
	    strncmp(r->disp, "0800", 4) != 0) {
		char f[16];
		snprintf(f, sizeof(f), "%.3s-%.4s-%.4s", d, d + 3, d + 7);
		memcpy(r->disp, f, strlen(f) + 1);
		return;
	}
	for (i = 1; r->disp[i]; i++)
		if ((r->disp[i] == '.' || r->disp[i] == ' ') &&
		    isdigit((unsigned char)r->disp[i - 1]) &&
		    isdigit((unsigned char)r->disp[i + 1]))
			r->disp[i] = '-';
	/* "03-4720-.3938": a speck beside a dash */
	for (i = 1; r->disp[i]; i++)
		if (r->disp[i - 1] == '-' &&
		    (r->disp[i] == '.' || r->disp[i] == '-'))
			memmove(r->disp + i, r->disp + i + 1,
				strlen(r->disp + i + 1) + 1), i--;
}

/* A telephone icon read as "9" before a Brazilian landline ("SP 9
 * 3569-6905"): no mobile has 2 to 5 after its leading 9. */
static void br_mend(struct run *r, int cc)
{
	if (cc != EX_CC_BR || r->plus || r->nd != 9 || r->disp[0] != '9' ||
	    r->disp[1] != ' ' || r->disp[2] < '2' || r->disp[2] > '5')
		return;
	memmove(r->disp, r->disp + 2, strlen(r->disp + 2) + 1);
	memmove(r->digits, r->digits + 1, strlen(r->digits + 1) + 1);
	r->nd--; /* r->s stays: the icon is blanked with the number */
}

static int run_start(const char *t, size_t i)
{
	char c = t[i];

	if (isdigit((unsigned char)c))
		return i == 0 || !isalpha((unsigned char)t[i - 1]) ||
		       (i >= 1 && (t[i - 1] == 'l' || t[i - 1] == 'L' ||
		                   t[i - 1] == 'T' || t[i - 1] == 'F' ||
		                   t[i - 1] == 'M' || t[i - 1] == 'X'));
	if (c == '+' && (isdigit((unsigned char)t[i + 1]) ||
	                 (t[i + 1] == ' ' && isdigit((unsigned char)t[i + 2]))))
		return 1;
	if (c == '(' &&
	    (isdigit((unsigned char)t[i + 1]) || confusable(t[i + 1])))
		return 1;
	if (confusable(c) && isdigit((unsigned char)t[i + 1]) &&
	    (i == 0 || !isalpha((unsigned char)t[i - 1])))
		return 1;
	return 0;
}

void ex_e164(const char *digits, int plus, const char *display, int cc,
             char *out, size_t cap)
{
	size_t n = strlen(digits);
	char d[32];

	out[0] = '\0';
	if (n >= sizeof(d))
		return;
	ms_strlcpy_utf8(d, digits, sizeof(d));
	if (plus) {
		/* "+81 (0)3 ..." and "+81 03 ...": drop the trunk 0. */
		if (strncmp(d, "81", 2) == 0 && d[2] == '0')
			memmove(d + 2, d + 3, strlen(d + 3) + 1);
		else if (strncmp(d, "44", 2) == 0 && d[2] == '0')
			memmove(d + 2, d + 3, strlen(d + 3) + 1);
		else if (strncmp(d, "55", 2) == 0 && d[2] == '0')
			memmove(d + 2, d + 3, strlen(d + 3) + 1);
		n = strlen(d);
		if (n < 8 || n > 15)
			return;
		snprintf(out, cap, "+%s", d);
		return;
	}
	if (d[0] == '0' && d[1] == '0')
		return; /* an international prefix we cannot place */
	if (cc == EX_CC_BR && strncmp(d, "55", 2) == 0 &&
	    (n == 12 || n == 13)) {
		snprintf(out, cap, "+%s", d); /* "55 11 3105-8655" */
		return;
	}
	if (n == 11 && d[0] == '1' && cc != EX_CC_JP && cc != EX_CC_BR &&
	    (display[1] == ' ' || display[1] == '-' || display[1] == '(' ||
	     display[1] == '.')) {
		snprintf(out, cap, "+%s", d);
		return;
	}
	if (cc == EX_CC_BR ||
	    (cc == EX_CC_NONE && display[0] == '(' &&
	     isdigit((unsigned char)display[1]) &&
	     isdigit((unsigned char)display[2]) && display[3] == ')')) {
		if (d[0] == '0')
			memmove(d, d + 1, strlen(d));
		n = strlen(d);
		if (n == 10 || n == 11)
			snprintf(out, cap, "+55%s", d);
		return;
	}
	if (cc == EX_CC_UK && d[0] == '0' && (n == 10 || n == 11)) {
		snprintf(out, cap, "+44%s", d + 1);
		return;
	}
	if (d[0] == '0' && (n == 10 || n == 11) &&
	    (cc == EX_CC_JP || cc == EX_CC_NONE)) {
		snprintf(out, cap, "+81%s", d + 1);
		return;
	}
	if (n == 10 && d[0] >= '2' && d[3] >= '2' &&
	    (cc == EX_CC_US || cc == EX_CC_NONE)) {
		snprintf(out, cap, "+1%s", d);
		return;
	}
}

static int jp_mobile(const struct run *r)
{
	const char *d = r->digits;

	if (r->plus)
		return strncmp(d, "81", 2) == 0 &&
		       (strncmp(d + 2, "70", 2) == 0 ||
		        strncmp(d + 2, "80", 2) == 0 ||
		        strncmp(d + 2, "90", 2) == 0 ||
		        strncmp(d + 2, "070", 3) == 0 ||
		        strncmp(d + 2, "080", 3) == 0 ||
		        strncmp(d + 2, "090", 3) == 0);
	return r->nd == 11 &&
	       (strncmp(d, "070", 3) == 0 || strncmp(d, "080", 3) == 0 ||
	        strncmp(d, "090", 3) == 0);
}

/* Brazilian mobiles: nine digits from the "ninth digit" 9 ("97038-8110",
 * "9.4000-4561"), or eight from 8 or 9 as printed before 2016
 * ("9933-6564"), after an optional country code 55 and a two-digit area
 * code ("(11) 9 9374 0268", "+55 11 99176-1552"). Landlines are eight
 * digits from 2 to 5. */
static int br_mobile(const struct run *r, int cc)
{
	const char *d = r->digits;
	int n = r->nd;

	if (r->plus && strncmp(d, "55", 2) != 0)
		return 0;
	if (!r->plus && cc != EX_CC_BR)
		return 0;
	if (strncmp(d, "55", 2) == 0 && (r->plus || n >= 12)) {
		d += 2;
		n -= 2;
	}
	if (n == 10 || n == 11) {
		if (d[0] == '0')
			return 0; /* an area code never starts with 0 */
		d += 2;
		n -= 2;
	}
	return (n == 9 && d[0] == '9') || (n == 8 && d[0] >= '8');
}

/* A Brazilian landline or mobile without its area code, as cards in one
 * city print them: "2651-9589", "97038-8110". */
static int br_local(const struct run *r, int cc)
{
	const char *p = r->disp;
	size_t n = strlen(p);

	if (cc != EX_CC_BR || r->plus || (n != 9 && n != 10))
		return 0;
	if (n == 10 && (p[0] != '9' ||
	                (p[1] != '.' && !isdigit((unsigned char)p[1]))))
		return 0;
	return p[n - 5] == '-' && p[0] != '0';
}

static void put(ex_card *k, ex_line *l, int kind, const struct run *r,
                int labelled)
{
	static const ms_field fields[3] = {MS_F_PHONE, MS_F_FAX, MS_F_MOBILE};
	ms_contact *c = k->c;
	char *e164[3] = {c->phone_e164, c->fax_e164, c->mobile_e164};
	float conf = l->conf * (labelled ? 1.0f : 0.75f);
	int i;

	if (r->nd < 9 || r->nd > 13)
		conf *= 0.8f;
	for (i = 0; i < 3; i++) {
		if (!(kind & (1 << i)))
			continue;
		if (ex_set(k, fields[i], r->disp, conf, l->box, !labelled)) {
			ex_e164(r->digits, r->plus, r->disp, k->cc, e164[i],
			        sizeof(c->phone_e164));
			l->took |= 1u << fields[i];
		}
	}
}

static int zip_like(const struct run *r, const char *t)
{
	size_t n = strlen(r->disp);

	/* US ZIP+4 "94105-1234" and a postal code after 〒 or CEP. */
	if (n == 10 && r->disp[5] == '-' && r->nd == 9)
		return 1;
	if (r->s >= 3 && memcmp(t + r->s - 3, "〒", 3) == 0)
		return 1;
	return 0;
}

/* The ASCII digits of s into d (cap bytes, NUL kept); returns how many. */
static size_t digits_of(const char *s, char *d, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; s[i] && o + 1 < cap; i++)
		if (isdigit((unsigned char)s[i]))
			d[o++] = s[i];
	d[o] = '\0';
	return o;
}

/* An unlabelled number when the card has its phone and no fax, the
 * same but for the last digits ("T 03-9790-6498 「 03-9790-6508", the F
 * lost): the fax, which cards print beside the phone. */
static int fax_beside_phone(ex_card *k, const struct run *u)
{
	char d[32];
	size_t o;
	const char *p = k->c->v[MS_F_PHONE];

	if (!p[0] || k->c->v[MS_F_FAX][0])
		return 0;
	o = digits_of(p, d, sizeof(d));
	return o == (size_t)u->nd && o >= 10 && strcmp(d, u->digits) != 0 &&
	       strncmp(d, u->digits, o - 4) == 0;
}

/* Whether the label at t[at], after a number that ends at from, is that
 * number's although another number follows: bracketed ("03-1234-5678
 * (代表)") or a word that follows what it names (代表, 直通). */
static int after_label(const char *t, size_t from, size_t at)
{
	size_t b = at;

	if (strncmp(t + at, "代表", 6) == 0 || strncmp(t + at, "直通", 6) == 0)
		return 1;
	while (b > from && t[b - 1] == ' ')
		b--;
	return b > from && t[b - 1] == '(';
}

void ex_phones(ex_card *k)
{
	size_t i, j, prev_end, lab_at, lab2;
	struct run runs[16];
	int kinds[16];

	for (i = 0; i < k->n; i++) {
		ex_line *l = &k->l[i];
		const char *t = l->rest;
		size_t nr = 0, r;
		int prev_kind = 0;

		for (j = 0; t[j] && nr < 16;) {
			if (run_start(t, j) && parse_run(t, j, &runs[nr], 0)) {
				jp_mend(&runs[nr], k->cc);
				br_mend(&runs[nr], k->cc);
				j = runs[nr].e > j ? runs[nr].e : j + 1;
				nr++;
			} else {
				j++;
			}
		}
		prev_end = 0;
		for (r = 0; r < nr; r++) {
			struct run *u = &runs[r];
			int kind = labels_in(t, prev_end, u->s, &lab_at);
			int labelled = kind != 0, min;
			size_t next = r + 1 < nr ? runs[r + 1].s : strlen(t);
			if (!kind) {
				/* "03-1234-5678(代表)"; but in "555-0156
				 * Cell: 555-0124" the label is the next
				 * number's. */
				kind = labels_in(t, u->e, next, &lab2);
				if (kind && (kind & K_FAX) == 0 &&
				    lab2 - u->e <= 4 &&
				    (r + 1 == nr || after_label(t, u->e, lab2)))
					labelled = 1;
				else
					kind = 0;
				lab_at = u->s;
			}
			if (!kind && prev_kind && r > 0 &&
			    u->s - runs[r - 1].e <= 3 &&
			    strchr(t + runs[r - 1].e, '/') &&
			    strchr(t + runs[r - 1].e, '/') < t + u->s) {
				/* "TEL 03-... / 03-..." shares the label */
				kind = prev_kind;
				labelled = 1;
			}
			min = labelled || br_local(u, k->cc) ? 8 : 9;
			kinds[r] = 0;
			if (u->nd < min || zip_like(u, t)) {
				prev_end = u->e;
				continue;
			}
			/* "Tel: (11) 99933-6564": in Brazil the number
			 * itself says it is a mobile. */
			if (kind == K_PHONE && br_mobile(u, k->cc))
				kind = K_MOBILE;
			if (!kind) {
				if (jp_mobile(u) || br_mobile(u, k->cc))
					kind = K_MOBILE;
				else if (fax_beside_phone(k, u))
					kind = K_FAX;
				else
					kind = K_PHONE;
			}
			kinds[r] = kind;
			put(k, l, kind, u, labelled);
			ex_blank(l->rest, labelled ? lab_at : u->s, u->e);
			prev_kind = kind;
			prev_end = u->e;
		}
		(void)kinds;
		/* Leftover labels after the numbers ("(代表)"). */
		if (nr > 0 &&
		    (l->took & ((1u << MS_F_PHONE) | (1u << MS_F_FAX) |
		                (1u << MS_F_MOBILE)))) {
			const char *tail[] = {"(代表)", "(直通)", "代表",
			                      "直通", "内線"};
			size_t q;
			for (q = 0; q < sizeof(tail) / sizeof(tail[0]); q++) {
				char *p = strstr(l->rest, tail[q]);
				if (p)
					ex_blank(l->rest, (size_t)(p - l->rest),
					         (size_t)(p - l->rest) +
					             strlen(tail[q]));
			}
		}
	}
}

/* Most numerals read from a broken number line. */
#define PAIR_DIGITS 24

/* The numerals of a number line that did not parse, from byte from of t
 * ("FAX 〇三石七〇 O 二 ) 五六五九"): those of its last group, after the
 * last bracket (or the last dash or space), into sub, and those before
 * into pre, skipping separators. 0 unless the last group is four clean
 * numerals (ー between numerals is 一) and at most three other marks
 * stand between the first numeral and it. */
static int broken_number(const char *t, size_t from, char *pre, char *sub)
{
	size_t n = strlen(t), i, k, cut = 0, dash = 0;
	int32_t cp, prev = 0;
	int junk = 0, np = 0, ns = 0, d;

	for (i = from; i < n; i += k) {
		k = ms_utf8_next(t + i, n - i, &cp);
		if (!k)
			return 0;
		if (cp == ')')
			cut = i + k;
		else if ((cp == '-' || cp == ' ' || cp == 0x30FC) &&
		         ex_numeral_digit(prev) >= 0)
			dash = i + k;
		prev = cp;
	}
	cut = cut ? cut : dash;
	if (!cut)
		return 0;
	for (i = from; i < cut; i += k) {
		k = ms_utf8_next(t + i, cut - i, &cp);
		d = ex_numeral_digit(cp);
		if (d >= 0 && np + 1 < PAIR_DIGITS)
			pre[np++] = (char)('0' + d);
		else if (d < 0 && np > 0 && cp != 0x30FC &&
		         (cp >= 0x80 || !strchr(" ()-.:", (int)cp)))
			junk++;
	}
	prev = 0;
	for (i = cut; i < n; i += k) {
		int32_t nx = 0;
		k = ms_utf8_next(t + i, n - i, &cp);
		if (i + k < n)
			ms_utf8_next(t + i + k, n - i - k, &nx);
		d = ex_numeral_digit(cp);
		if (d < 0 && cp == 0x30FC && ex_numeral_digit(prev) >= 0 &&
		    ex_numeral_digit(nx) >= 0)
			d = 1; /* 一 read as the long-vowel mark */
		if (d >= 0 && ns < 4)
			sub[ns++] = (char)('0' + d);
		else if (d >= 0 || cp != ' ')
			return 0;
		prev = cp;
	}
	pre[np] = sub[ns] = '\0';
	return ns == 4 && junk <= 3;
}

void ex_phone_pairs(ex_card *k)
{
	ms_contact *c = k->c;
	size_t i;

	for (i = 0; i < k->n; i++) {
		ex_line *l = &k->l[i];
		char pre[PAIR_DIGITS], sub[8], od[32], disp[64];
		size_t lab_at, o, p;
		int kind = labels_in(l->rest, 0, strlen(l->rest), &lab_at);
		ms_field f = kind == K_FAX ? MS_F_FAX : MS_F_PHONE;
		const char *other = c->v[f == MS_F_FAX ? MS_F_PHONE : MS_F_FAX];
		size_t dl = strlen(other);

		if ((kind != K_PHONE && kind != K_FAX) || c->v[f][0] ||
		    !other[0] || dl < 4 ||
		    (l->took & ((1u << MS_F_PHONE) | (1u << MS_F_FAX) |
		                (1u << MS_F_MOBILE))))
			continue;
		o = digits_of(other, od, sizeof(od));
		/* A Japanese number of ten digits, not a mobile's, that ends
		 * in its last four. */
		if (o != 10 || od[0] != '0' || od[2] == '0' ||
		    !isdigit((unsigned char)other[dl - 4]) ||
		    !isdigit((unsigned char)other[dl - 1]) ||
		    (dl > 4 && isdigit((unsigned char)other[dl - 5])))
			continue;
		for (p = 0; p < lab_at; p++)
			if (l->rest[p] != ' ')
				break;
		if (p < lab_at || !broken_number(l->rest, lab_at, pre, sub))
			continue;
		od[6] = '\0';
		if (strlen(pre) > 8 || ex_common_len(pre, od) < 5)
			continue;
		/* The other's area code and exchange, this line's last four:
		 * a guess, flagged for review. */
		snprintf(disp, sizeof(disp), "%.*s%s", (int)(dl - 4), other,
		         sub);
		if (ex_set(k, f, disp, l->conf * 0.6f, l->box, 1)) {
			char digits[48];
			snprintf(digits, sizeof(digits), "%s%s", od, sub);
			ex_e164(digits, 0, disp, k->cc,
			        f == MS_F_FAX ? c->fax_e164 : c->phone_e164,
			        sizeof(c->phone_e164));
			l->took |= 1u << f;
		}
	}
}

int ex_number_label(const char *t)
{
	size_t n = strlen(t), i = 0, k, lab_at;
	int32_t cp;
	int kind;

	/* the words before the first digit or kanji numeral */
	while (i < n && (k = ms_utf8_next(t + i, n - i, &cp)) != 0) {
		if ((cp >= '0' && cp <= '9') || kn_kanji_digit(cp) >= 0)
			break;
		i += k;
	}
	kind = labels_in(t, 0, i, &lab_at);
	return kind == K_PHONE ? MS_F_PHONE
	       : kind == K_FAX ? MS_F_FAX
	       : kind == K_MOBILE ? MS_F_MOBILE
	                          : -1;
}
