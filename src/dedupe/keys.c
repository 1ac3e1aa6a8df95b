/*
 * A contact's normalised forms and its blocking keys (meishi/dedupe.h).
 *
 * Blocking keys are what the store indexes so that a new card finds its
 * candidate leads by equality lookups, never by a scan. Exact keys (email,
 * its local part, mobile, name, reading, romanised name, main line,
 * company + name prefix)
 * find the easy duplicates. OCR errors are found with deletion
 * neighbourhoods: a value and every string made by deleting one of its
 * characters. If two values are within edit distance 1 (one substitution,
 * insertion or deletion), they share at least one such string: deleting the
 * substituted position from both, or the inserted character from the
 * longer. A name of n characters costs n + 1 index rows, which is why the
 * neighbourhood stops at distance 1 and at MS_DD_MAX_DEL_CPS characters.
 * Two errors are caught by the other keys (a correct reading, email or
 * phone), and for the email's local part by its first and last four
 * characters: two errors in one half leave the other half intact.
 */
#include <stdio.h>
#include <string.h>

#include "dedupe/dd_int.h"
#include "meishi/dedupe.h"
#include "meishi/text.h"

static void key_add(ms_dd_keys *ks, const char *kind, const char *key)
{
	int i;

	if (!key[0] || ks->n >= MS_DD_MAX_KEYS)
		return;
	if (strlen(key) >= MS_DD_MAX_KEY_BYTES)
		return;
	for (i = 0; i < ks->n; i++)
		if (ks->k[i].key[0] == key[0] &&
		    strcmp(ks->k[i].key, key) == 0 &&
		    strcmp(ks->k[i].kind, kind) == 0)
			return;
	ms_strlcpy_utf8(ks->k[ks->n].kind, kind, sizeof(ks->k[0].kind));
	ms_strlcpy_utf8(ks->k[ks->n].key, key, sizeof(ks->k[0].key));
	ks->n++;
}

/* Adds s (+ suffix) and each one-deletion of s (+ suffix). */
static void key_dels(ms_dd_keys *ks, const char *kind, const char *s,
		     const char *suffix, int minlen)
{
	int32_t cps[MS_DD_MAX_CPS];
	char buf[MS_DD_MAX_KEY_BYTES];
	int n = ms_utf8_to_cps(s, cps, MS_DD_MAX_CPS), i, j;

	if (n < minlen || n > MS_DD_MAX_DEL_CPS)
		return;
	size_t sl = strlen(suffix);
	/* Byte offset of each code point in s. */
	size_t off[MS_DD_MAX_CPS + 1], len = strlen(s);

	off[0] = 0;
	for (j = 0; j < n; j++) {
		int32_t cp;
		size_t k = ms_utf8_next(s + off[j], len - off[j], &cp);
		off[j + 1] = off[j] + (k ? k : 1);
	}
	if (off[n] + sl + 1 > sizeof(buf))
		return;
	for (i = -1; i < n; i++) {
		size_t b = 0;
		if (i < 0) {
			memcpy(buf, s, off[n]);
			b = off[n];
		} else {
			memcpy(buf, s, off[i]);
			memcpy(buf + off[i], s + off[i + 1], off[n] - off[i + 1]);
			b = off[n] - (off[i + 1] - off[i]);
		}
		memcpy(buf + b, suffix, sl + 1);
		key_add(ks, kind, buf);
	}
}

static int all_kana(const char *s)
{
	size_t n = strlen(s), i = 0, k;
	int32_t cp;

	if (!*s)
		return 0;
	while (i < n) {
		k = ms_utf8_next(s + i, n - i, &cp);
		if (k == 0)
			return 0;
		if (!((cp >= 0x3041 && cp <= 0x309F) ||
		      (cp >= 0x30A0 && cp <= 0x30FF)))
			return 0;
		i += k;
	}
	return 1;
}

static int all_latin(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || *s == ' ' || *s == '.' ||
		      *s == ',' || *s == '-' || (*s >= 'A' && *s <= 'Z')))
			return 0;
	return 1;
}

/* Fills latin[0..1] from a romanised full name: first + last token and
 * last + first. */
static void latin_forms(const char *src, char latin[2][MS_MAX_FIELD_BYTES])
{
	char t[MS_MAX_FIELD_BYTES], first[MS_MAX_FIELD_BYTES] = "",
					    last[MS_MAX_FIELD_BYTES] = "";
	char both[2 * MS_MAX_FIELD_BYTES];
	size_t i = 0, n;
	int ntok = 0;

	ms_strlcpy_utf8(t, src, sizeof(t));
	n = strlen(t);
	while (i < n) {
		size_t s;
		while (i < n && (t[i] == ' ' || t[i] == ',' || t[i] == '.' ||
				 t[i] == '/' || t[i] == '\t'))
			i++;
		s = i;
		while (i < n && !(t[i] == ' ' || t[i] == ',' || t[i] == '.' ||
				  t[i] == '/' || t[i] == '\t'))
			i++;
		if (i > s) {
			char *dst = ntok == 0 ? first : last;
			memcpy(dst, t + s, i - s);
			dst[i - s] = '\0';
			ntok++;
		}
	}
	latin[0][0] = latin[1][0] = '\0';
	if (ntok == 0)
		return;
	if (ntok == 1) {
		ms_dd_latin_fold(first, latin[0], MS_MAX_FIELD_BYTES);
		return;
	}
	snprintf(both, sizeof(both), "%s %s", first, last);
	ms_dd_latin_fold(both, latin[0], MS_MAX_FIELD_BYTES);
	snprintf(both, sizeof(both), "%s %s", last, first);
	ms_dd_latin_fold(both, latin[1], MS_MAX_FIELD_BYTES);
}

static void url_host(const char *in, char *out, size_t cap)
{
	char t[MS_MAX_FIELD_BYTES * 2];
	char *s, *e;

	out[0] = '\0';
	if (dd_fold(in, t, sizeof(t)) != MS_OK)
		return;
	s = t;
	if (strncmp(s, "https://", 8) == 0)
		s += 8;
	else if (strncmp(s, "http://", 7) == 0)
		s += 7;
	if (strncmp(s, "www.", 4) == 0)
		s += 4;
	e = strpbrk(s, "/?# ");
	if (e)
		*e = '\0';
	ms_strlcpy_utf8(out, s, cap);
}

static void phone_of(const char *e164, const char *printed, char *out,
		     size_t cap)
{
	out[0] = '\0';
	if (e164[0] && ms_dd_phone(e164, out, cap) == MS_OK)
		return;
	if (printed[0] && ms_dd_phone(printed, out, cap) != MS_OK)
		out[0] = '\0';
}

/* Removes the readings of legal forms from a kana company reading. */
static void strip_kana_forms(char *s)
{
	static const char *const forms[] = {
		"かぶしきがいしゃ", "かぶしきかいしゃ", "ゆうげんがいしゃ",
		"ごうどうがいしゃ", "かぶ",
	};
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		size_t fl = strlen(forms[i]);
		char *p;
		if (i == 4) { /* (かぶ) only at either end */
			if (strncmp(s, forms[i], fl) == 0 && strlen(s) > fl + 6)
				memmove(s, s + fl, strlen(s + fl) + 1);
			continue;
		}
		while ((p = strstr(s, forms[i])) != NULL)
			memmove(p, p + fl, strlen(p + fl) + 1);
	}
}

void ms_dd_norm_contact(const ms_contact *c, const char *company_reading,
			ms_dd_norm *o)
{
	char t[MS_MAX_FIELD_BYTES];
	const char *v;
	size_t i, n;

	memset(o, 0, sizeof(*o));
	if (ms_dd_text_key(c->v[MS_F_NAME], o->name, sizeof(o->name)))
		o->name[0] = '\0';
	if (!o->name[0]) {
		char both[2 * MS_MAX_FIELD_BYTES];
		snprintf(both, sizeof(both), "%s%s", c->v[MS_F_FAMILY_NAME],
			 c->v[MS_F_GIVEN_NAME]);
		if (ms_dd_text_key(both, o->name, sizeof(o->name)))
			o->name[0] = '\0';
	}
	if (ms_dd_text_key(c->v[MS_F_FAMILY_NAME], o->family,
			   sizeof(o->family)))
		o->family[0] = '\0';

	v = c->v[MS_F_NAME_READING];
	if (!v[0] && all_kana(o->name))
		v = c->v[MS_F_NAME];
	if (ms_dd_kana_key(v, o->reading, sizeof(o->reading)) ||
	    !all_kana(o->reading))
		o->reading[0] = '\0';

	if (c->v[MS_F_NAME_LATIN][0]) {
		latin_forms(c->v[MS_F_NAME_LATIN], o->latin);
	} else if (all_latin(c->v[MS_F_NAME])) {
		latin_forms(c->v[MS_F_NAME], o->latin);
	} else if (o->reading[0]) {
		v = c->v[MS_F_NAME_READING][0] ? c->v[MS_F_NAME_READING]
					       : c->v[MS_F_NAME];
		if (ms_dd_romanise(v, t, sizeof(t)) == MS_OK)
			latin_forms(t, o->latin);
	}

	if (ms_dd_company_key(c->v[MS_F_COMPANY], o->company,
			      sizeof(o->company)))
		o->company[0] = '\0';
	v = company_reading && company_reading[0] ? company_reading
						  : o->company;
	if (ms_dd_kana_key(v, o->company_rd, sizeof(o->company_rd)) ||
	    !all_kana(o->company_rd))
		o->company_rd[0] = '\0';
	else
		strip_kana_forms(o->company_rd);

	if (ms_dd_text_key(c->v[MS_F_DEPARTMENT], o->department,
			   sizeof(o->department)))
		o->department[0] = '\0';
	if (ms_dd_text_key(c->v[MS_F_TITLE], o->title, sizeof(o->title)))
		o->title[0] = '\0';
	if (ms_dd_email(c->v[MS_F_EMAIL], o->email, sizeof(o->email)))
		o->email[0] = '\0';
	o->email_role = o->email[0] && ms_dd_email_is_role(o->email);

	phone_of(c->phone_e164, c->v[MS_F_PHONE], o->phone, sizeof(o->phone));
	phone_of(c->fax_e164, c->v[MS_F_FAX], o->fax, sizeof(o->fax));
	phone_of(c->mobile_e164, c->v[MS_F_MOBILE], o->mobile,
		 sizeof(o->mobile));
	/* A mobile printed as the only phone is still a mobile. */
	if (!o->mobile[0] && ms_dd_phone_is_mobile(o->phone))
		memcpy(o->mobile, o->phone, sizeof(o->mobile));

	for (i = 0, n = 0; c->v[MS_F_POSTAL_CODE][i]; i++) {
		char ch = c->v[MS_F_POSTAL_CODE][i];
		if (ch >= '0' && ch <= '9' && n + 1 < sizeof(o->postal))
			o->postal[n++] = ch;
	}
	o->postal[n] = '\0';
	if (ms_dd_text_key(c->v[MS_F_ADDRESS], o->address, sizeof(o->address)))
		o->address[0] = '\0';
	url_host(c->v[MS_F_URL], o->url, sizeof(o->url));
}

/* The first n code points of s into out. */
static void prefix_cps(const char *s, int n, char *out, size_t cap)
{
	int32_t cps[MS_DD_MAX_CPS];
	int m = ms_utf8_to_cps(s, cps, MS_DD_MAX_CPS), i;

	out[0] = '\0';
	for (i = 0; i < m && i < n; i++)
		if (ms_utf8_put(out, cap, cps[i]) == 0)
			return;
}

void ms_dd_keys_of(const ms_dd_norm *o, ms_dd_keys *ks)
{
	char buf[MS_DD_MAX_KEY_BYTES];
	char local[MS_MAX_FIELD_BYTES] = "";
	const char *domain = "";
	int i;

	ks->n = 0;
	if (o->email[0] && !o->email_role) {
		const char *at = strchr(o->email, '@');
		size_t ll = (size_t)(at - o->email);
		key_add(ks, "email", o->email);
		memcpy(local, o->email, ll);
		local[ll] = '\0';
		domain = at; /* with the '@' */
	}
	key_add(ks, "mobile", o->mobile);
	/* The local part alone finds the same handle at a new company's
	 * domain: a job change whose name is shared by more leads than
	 * one posting list holds. */
	if (strlen(local) >= 5)
		key_add(ks, "loc", local);
	if (ms_utf8_len(o->name) >= 2)
		key_add(ks, "name", o->name);
	if (ms_utf8_len(o->reading) >= 3)
		key_add(ks, "read", o->reading);
	for (i = 0; i < 2; i++)
		if (strlen(o->latin[i]) >= 4)
			key_add(ks, "lat", o->latin[i]);
	if (o->phone[0] && strcmp(o->phone, o->mobile) != 0)
		key_add(ks, "phone", o->phone);
	if (o->company[0] && o->name[0]) {
		char pre[32];
		prefix_cps(o->name, 2, pre, sizeof(pre));
		if (snprintf(buf, sizeof(buf), "%s|%s", o->company, pre) <
		    (int)sizeof(buf))
			key_add(ks, "cname", buf);
	}
	/* One-error neighbourhoods. */
	key_dels(ks, "name~", o->name, "", 3);
	key_dels(ks, "read~", o->reading, "", 4);
	if (local[0]) {
		size_t ll = strlen(local);
		key_dels(ks, "email~", local, domain, 3);
		if (ll >= 6) {
			snprintf(buf, sizeof(buf), "%.4s%s", local, domain);
			key_add(ks, "emp", buf);
			snprintf(buf, sizeof(buf), "%s%s", local + ll - 4,
				 domain);
			key_add(ks, "ems", buf);
		}
	}
	for (i = 0; i < 2; i++)
		key_dels(ks, "lat~", o->latin[i], "", 5);
}

static const struct {
	const char *kind;
	int w, family;
} key_kinds[] = {
	{"email", 10, 0}, {"email~", 3, 0}, {"emp", 2, 0}, {"ems", 2, 0},
	{"loc", 3, 0},
	{"mobile", 10, 1}, {"name", 4, 2},  {"name~", 1, 2}, {"read", 3, 3},
	{"read~", 1, 3},  {"lat", 3, 4},    {"lat~", 1, 4},  {"phone", 1, 5},
	{"cname", 3, 6},
};

int ms_dd_key_weight(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(key_kinds) / sizeof(key_kinds[0]); i++)
		if (strcmp(key_kinds[i].kind, kind) == 0)
			return key_kinds[i].w;
	return 0;
}

int ms_dd_key_family(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(key_kinds) / sizeof(key_kinds[0]); i++)
		if (strcmp(key_kinds[i].kind, kind) == 0)
			return key_kinds[i].family;
	return -1;
}

int ms_dd_key_postings(const char *kind)
{
	if (strcmp(kind, "name~") == 0 || strcmp(kind, "read~") == 0 ||
	    strcmp(kind, "lat~") == 0)
		return MS_DD_MAX_NEAR_POSTINGS;
	return MS_DD_MAX_POSTINGS;
}
