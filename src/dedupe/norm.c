/*
 * Normalisers for duplicate detection (meishi/dedupe.h): emails, phone
 * numbers, names, kana readings and their romanised forms, company names
 * without legal forms, and a bounded code-point edit distance.
 *
 * Every function writes into a caller buffer of stated capacity and never
 * allocates beyond what utf8proc needs for one NFKC mapping.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "dedupe/dd_int.h"
#include "meishi/dedupe.h"
#include "meishi/text.h"

/* NFKC + case folding of in into out. */
ms_rc dd_fold(const char *in, char *out, size_t cap)
{
	return ms_nfkc_casefold(in, out, cap);
}

/* 1 for spaces, punctuation, symbols and controls: what a key drops. */
static int dd_is_noise(int32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return !isalnum(cp);
	c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_PC;
}

/* Appends cp at out[*len] (capacity cap); 0 if it does not fit. */
static int put_at(char *out, size_t cap, size_t *len, int32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
	}
	if (*len + n + 1 > cap)
		return 0;
	memcpy(out + *len, b, n);
	*len += n;
	out[*len] = '\0';
	return 1;
}

ms_rc ms_dd_text_key(const char *in, char *out, size_t cap)
{
	char tmp[MS_DD_MAX_KEY_BYTES * 2];
	size_t n, i = 0, k, len = 0;
	int32_t cp;
	ms_rc rc;

	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	rc = dd_fold(in, tmp, sizeof(tmp));
	if (rc)
		return rc;
	n = strlen(tmp);
	while (i < n) {
		k = ms_utf8_next(tmp + i, n - i, &cp);
		if (k == 0)
			return MS_ERR_INVALID;
		i += k;
		if (dd_is_noise(cp))
			continue;
		if (!put_at(out, cap, &len, cp))
			return MS_ERR_TOO_BIG;
	}
	return MS_OK;
}

ms_rc ms_dd_kana_key(const char *in, char *out, size_t cap)
{
	char tmp[MS_DD_MAX_KEY_BYTES * 2];
	size_t n, i = 0, k, len = 0;
	int32_t cp;
	ms_rc rc;

	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	rc = ms_dd_text_key(in, tmp, sizeof(tmp));
	if (rc)
		return rc;
	n = strlen(tmp);
	while (i < n) {
		k = ms_utf8_next(tmp + i, n - i, &cp);
		if (k == 0)
			return MS_ERR_INVALID;
		i += k;
		if (cp >= 0x30A1 && cp <= 0x30F6)
			cp -= 0x60; /* katakana -> hiragana */
		else if (cp == 0x30FD || cp == 0x30FE)
			cp -= 0x60; /* iteration marks */
		if (!put_at(out, cap, &len, cp))
			return MS_ERR_TOO_BIG;
	}
	return MS_OK;
}

/* ---- Romanisation ----------------------------------------------------- */

/* util's ms_kana_romanise after NFKC and case folding: half-width kana
 * count, ー repeats its vowel (the loose fold folds it away again), and
 * spaces and other characters are kept as word breaks. */
ms_rc ms_dd_romanise(const char *in, char *out, size_t cap)
{
	char tmp[MS_DD_MAX_KEY_BYTES * 2];
	ms_rc rc;

	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	rc = dd_fold(in, tmp, sizeof(tmp));
	if (rc)
		return rc;
	return ms_kana_romanise(tmp, out, cap,
				MS_ROMA_KEEP_OTHER | MS_ROMA_LONG_VOWEL);
}

static int is_vowel(int c)
{
	return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o';
}

/* Replaces every occurrence of `from` by `to` (not longer) in s. */
static void repl(char *s, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);
	char *r = strstr(s, from), *w;

	if (!r)
		return;
	w = r;
	while (*r) {
		if (strncmp(r, from, fl) == 0) {
			memcpy(w, to, tl);
			w += tl;
			r += fl;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

void ms_dd_latin_fold(const char *in, char *out, size_t cap)
{
	char t[MS_DD_MAX_KEY_BYTES * 2];
	size_t n = 0, i;
	char *r, *w;

	if (cap == 0)
		return;
	out[0] = '\0';
	if (dd_fold(in, t, sizeof(t)) != MS_OK)
		return;
	/* Letters only (accented letters lose their marks under NFKC? no:
	 * they are dropped, which is close enough for names). */
	for (i = 0; t[i]; i++)
		if (t[i] >= 'a' && t[i] <= 'z')
			t[n++] = t[i];
	t[n] = '\0';
	repl(t, "tsu", "tu");
	repl(t, "sh", "s");
	repl(t, "ch", "t");
	repl(t, "j", "z");
	repl(t, "fu", "hu");
	repl(t, "dzu", "zu");
	repl(t, "du", "zu");
	repl(t, "di", "zi");
	/* y after a consonant: kyo, sya, ryu -> ko, sa, ru. */
	for (r = w = t; *r; r++) {
		if (*r == 'y' && r > t && !is_vowel(r[-1]) && r[-1] != 'n' &&
		    is_vowel(r[1]))
			continue;
		*w++ = *r;
	}
	*w = '\0';
	/* m before b, p, m is the moraic n (Homma = Honma). */
	for (r = t; *r; r++)
		if (*r == 'm' && (r[1] == 'b' || r[1] == 'p' || r[1] == 'm'))
			*r = 'n';
	/* oh before a consonant or at the end is a long o (Ohno, Satoh). */
	for (r = w = t; *r; r++) {
		*w++ = *r;
		if (*r == 'o' && r[1] == 'h' &&
		    (r[2] == '\0' || !is_vowel(r[2])))
			r++;
	}
	*w = '\0';
	/* Runs of one letter collapse (long vowels, doubled consonants). */
	for (r = w = t; *r; r++)
		if (w == t || w[-1] != *r)
			*w++ = *r;
	*w = '\0';
	repl(t, "ou", "o");
	for (r = w = t; *r; r++)
		if (w == t || w[-1] != *r)
			*w++ = *r;
	*w = '\0';
	ms_strlcpy_utf8(out, t, cap);
}

/* ---- Email ------------------------------------------------------------ */

ms_rc ms_dd_email(const char *in, char *out, size_t cap)
{
	char t[MS_DD_MAX_KEY_BYTES * 2];
	const char *s, *at;
	size_t i, n = 0;
	ms_rc rc;

	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	rc = dd_fold(in, t, sizeof(t));
	if (rc)
		return rc;
	/* Spaces never belong in an address (OCR inserts them). */
	for (i = 0; t[i]; i++)
		if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r' &&
		    t[i] != '\n')
			t[n++] = t[i];
	t[n] = '\0';
	s = t;
	if (strncmp(s, "mailto:", 7) == 0)
		s += 7;
	at = strchr(s, '@');
	if (!at || at == s || at[1] == '\0' || strchr(at + 1, '@'))
		return MS_ERR_INVALID;
	if (strlen(s) + 1 > cap)
		return MS_ERR_TOO_BIG;
	memcpy(out, s, strlen(s) + 1);
	return MS_OK;
}

static const char *const role_words[] = {
	"info", "sales", "contact", "contactus", "support", "office",
	"admin", "administrator", "hello", "inquiry", "inquiries", "enquiry",
	"enquiries", "mail", "email", "webmaster", "postmaster", "eigyo",
	"eigyou", "eigyoubu", "soumu", "somu", "jinji", "recruit",
	"recruiting", "recruitment", "saiyo", "saiyou", "pr", "ir", "press",
	"service", "services", "team", "hr", "jobs", "job", "career",
	"careers", "marketing", "customer", "customers", "cs", "help",
	"helpdesk", "noreply", "no-reply", "reception", "uketsuke",
	"toiawase", "otoiawase", "kouhou", "koho", "media", "news",
	"newsletter", "billing", "accounts", "accounting", "keiri", "finance",
	"legal", "privacy", "security", "abuse", "staff", "general",
	"desk", "order", "orders", "shop", "store", "web", "www", "master",
	"system", "sysadmin", "tech", "kikaku", "partner", "partners",
	"biz", "business", "global", "international", "japan", "tokyo",
	"osaka", "all", "group", "center", "centre", "head", "hq",
};

int ms_dd_email_is_role(const char *email)
{
	const char *at = strchr(email, '@');
	size_t n, i, wl;

	if (!at)
		return 0;
	n = (size_t)(at - email);
	for (i = 0; i < sizeof(role_words) / sizeof(role_words[0]); i++) {
		wl = strlen(role_words[i]);
		if (wl > n || strncmp(email, role_words[i], wl) != 0)
			continue;
		/* info@, info.jp@, sales-tokyo@, support2@ */
		if (wl == n || email[wl] == '.' || email[wl] == '-' ||
		    email[wl] == '_' || isdigit((unsigned char)email[wl]))
			return 1;
	}
	return 0;
}

/* ---- Phones ----------------------------------------------------------- */

ms_rc ms_dd_phone(const char *in, char *out, size_t cap)
{
	char t[MS_DD_MAX_KEY_BYTES * 2];
	char d[24];
	size_t i, n = 0;
	int plus = 0, started = 0;
	const char *p;
	ms_rc rc;

	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	rc = dd_fold(in, t, sizeof(t));
	if (rc)
		return rc;
	/* "+81 (0)3-..." : the trunk 0 in brackets is not dialled. */
	repl(t, "(0)", "");
	for (i = 0; t[i]; i++) {
		unsigned char ch = (unsigned char)t[i];
		if (ch == '+' && !started) {
			plus = 1;
			started = 1;
		} else if (isdigit(ch)) {
			if (n + 1 >= sizeof(d))
				return MS_ERR_INVALID;
			d[n++] = (char)ch;
			started = 1;
		} else if (started && (isalpha(ch) || ch >= 0x80)) {
			break; /* "ext. 12", "内線" */
		}
	}
	d[n] = '\0';
	p = d;
	if (!plus && n > 11 && d[0] == '0' && d[1] == '1' && d[2] == '0')
		p = d + 3, plus = 1; /* Japan's international prefix */
	else if (!plus && n > 2 && d[0] == '0' && d[1] == '0')
		p = d + 2, plus = 1;
	n = strlen(p);
	if (plus) {
		if (n < 8 || n > 15)
			return MS_ERR_INVALID;
		if (strncmp(p, "810", 3) == 0) { /* +81 0 3 ... */
			if (snprintf(out, cap, "+81%s", p + 3) >= (int)cap)
				return MS_ERR_TOO_BIG;
			return MS_OK;
		}
		if (snprintf(out, cap, "+%s", p) >= (int)cap)
			return MS_ERR_TOO_BIG;
		return MS_OK;
	}
	if (p[0] == '0' && (n == 10 || n == 11)) {
		if (snprintf(out, cap, "+81%s", p + 1) >= (int)cap)
			return MS_ERR_TOO_BIG;
		return MS_OK;
	}
	if (n == 10 && p[0] != '0' && p[0] != '1') {
		if (snprintf(out, cap, "+1%s", p) >= (int)cap)
			return MS_ERR_TOO_BIG;
		return MS_OK;
	}
	if (n == 11 && p[0] == '1') {
		if (snprintf(out, cap, "+%s", p) >= (int)cap)
			return MS_ERR_TOO_BIG;
		return MS_OK;
	}
	return MS_ERR_INVALID;
}

int ms_dd_phone_is_mobile(const char *e164)
{
	return strlen(e164) == 13 &&
	       (strncmp(e164, "+8170", 5) == 0 ||
		strncmp(e164, "+8180", 5) == 0 ||
		strncmp(e164, "+8190", 5) == 0);
}

/* ---- Companies -------------------------------------------------------- */

/* Japanese legal forms, after NFKC (㈱ -> (株), full-width brackets ->
 * ASCII). Longest first, so that 一般社団法人 goes before 社団法人. */
static const char *const jp_forms[] = {
	"特定非営利活動法人", "一般社団法人", "一般財団法人",
	"公益社団法人",
	"公益財団法人", "独立行政法人", "国立大学法人", "社会福祉法人",
	"株式会社", "有限会社", "合同会社", "合名会社", "合資会社",
	"相互会社", "社団法人", "財団法人", "医療法人", "学校法人",
	"宗教法人", "npo法人", "(株)", "(有)", "(合)", "(同)", "(資)",
	"(名)", "(社)", "(財)", "(医)", "(学)", "(株", "株)",
};

/* Latin legal-form tokens, lower case, dots removed. */
static const char *const en_forms[] = {
	"inc", "incorporated", "corp", "corporation", "co", "company",
	"ltd", "limited", "llc", "llp", "lp", "plc", "kk", "gk", "yk",
	"gmbh", "ag", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "oy",
	"pte", "pty", "kabushiki", "kaisha", "kabushikikaisha",
	"kabushikigaisha", "godo", "yugen", "coltd",
};

static int en_form(const char *tok)
{
	size_t i;

	for (i = 0; i < sizeof(en_forms) / sizeof(en_forms[0]); i++)
		if (strcmp(tok, en_forms[i]) == 0)
			return 1;
	return 0;
}

ms_rc ms_dd_company_key(const char *in, char *out, size_t cap)
{
	char t[MS_DD_MAX_KEY_BYTES * 2], tok[MS_DD_MAX_KEY_BYTES];
	size_t i, n, k, tl = 0;
	int32_t cp;
	ms_rc rc;

	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	rc = dd_fold(in, t, sizeof(t));
	if (rc)
		return rc;
	for (i = 0; i < sizeof(jp_forms) / sizeof(jp_forms[0]); i++)
		repl(t, jp_forms[i], " ");
	n = strlen(t);
	i = 0;
	tok[0] = '\0';
	while (i <= n) {
		k = i < n ? ms_utf8_next(t + i, n - i, &cp) : 1;
		if (i == n)
			cp = ' ';
		else if (k == 0)
			return MS_ERR_INVALID;
		i += k;
		if (cp < 0x80 && isalnum(cp)) {
			if (tl + 1 < sizeof(tok))
				tok[tl++] = (char)cp, tok[tl] = '\0';
			continue;
		}
		if (cp == '.' || cp == '\'' || cp == 0x2019)
			continue; /* K.K. -> kk, Inc. -> inc */
		if (tl > 0) {
			if (!en_form(tok)) {
				size_t ol = strlen(out);
				if (ol + tl + 1 > cap)
					return MS_ERR_TOO_BIG;
				memcpy(out + ol, tok, tl + 1);
			}
			tl = 0;
			tok[0] = '\0';
		}
		if (dd_is_noise(cp))
			continue;
		if (ms_utf8_put(out, cap, cp) == 0)
			return MS_ERR_TOO_BIG;
	}
	if (out[0] == '\0') /* nothing but a legal form: keep it all */
		return ms_dd_text_key(in, out, cap);
	return MS_OK;
}

/* ---- Edit distance ---------------------------------------------------- */

int ms_dd_distance(const char *a, const char *b, int max)
{
	int32_t ca[MS_DD_MAX_CPS], cb[MS_DD_MAX_CPS];
	int na = ms_utf8_to_cps(a, ca, MS_DD_MAX_CPS);
	int nb = ms_utf8_to_cps(b, cb, MS_DD_MAX_CPS);

	return ms_cps_distance(ca, na, cb, nb, max);
}
