/*
 * Duplicate handling on whole leads (meishi/dd_lead.h): candidate ranking,
 * merge choices, front and back of one card, and update proposals. Pure
 * functions over the JSON fields objects the store keeps.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "meishi/dd_lead.h"

const char *const ms_dd_lead_keys[MS_DD_LEAD_NKEYS] = {
    "name",       "family_name", "given_name", "name_reading", "name_latin",
    "company",    "department",  "title",      "postal_code",  "address",
    "phone",      "fax",         "mobile",     "email",        "url",
    "company_en", "title_en",
};

int ms_dd_is_lead_key(const char *k)
{
	int i;

	for (i = 0; i < MS_DD_LEAD_NKEYS; i++)
		if (!strcmp(k, ms_dd_lead_keys[i]))
			return 1;
	return 0;
}

/* ---- Ranking ------------------------------------------------------------ */

void ms_dd_rank_init(ms_dd_ranker *r)
{
	r->n = 0;
	memset(r->slot, 0, sizeof(r->slot));
}

static uint32_t slot_of(int64_t lead)
{
	uint64_t x = (uint64_t)lead * 0x9E3779B97F4A7C15ull;

	return (uint32_t)(x >> 40) & (MS_DD_RANK_SLOTS - 1);
}

/* 1 if key k is evidence beyond the name (ms_dd_cand.other). */
static int other_than_name(const ms_dd_key *k, int family)
{
	const char *s;

	if (family >= 2 && family <= 4)
		return 0;
	if (strcmp(k->kind, "loc") != 0)
		return 1;
	for (s = k->key; *s; s++)
		if (*s >= '0' && *s <= '9')
			return 1;
	return 0;
}

void ms_dd_rank_add(ms_dd_ranker *r, const ms_dd_key *k, int64_t lead,
		    int cut)
{
	int w = ms_dd_key_weight(k->kind), f = ms_dd_key_family(k->kind);
	uint32_t h = slot_of(lead);
	ms_dd_cand *c;

	/* A key more leads share than we read says nothing. */
	if (cut || w <= 0 || f < 0 || f >= MS_DD_KEY_FAMILIES)
		return;
	while (r->slot[h] && r->c[r->slot[h] - 1].lead != lead)
		h = (h + 1) & (MS_DD_RANK_SLOTS - 1);
	if (!r->slot[h]) {
		if (r->n >= MS_DD_MAX_CANDIDATES)
			return;
		c = &r->c[r->n++];
		memset(c, 0, sizeof(*c));
		c->lead = lead;
		c->slot = (int32_t)h;
		r->slot[h] = r->n;
	}
	c = &r->c[r->slot[h] - 1];
	if (w > c->fam[f]) {
		c->weight += w - c->fam[f];
		c->fam[f] = (unsigned char)w;
	}
	if (!c->other && other_than_name(k, f))
		c->other = 1;
}

static int cand_cmp(const void *x, const void *y)
{
	const ms_dd_cand *a = x, *b = y;

	if (a->weight != b->weight)
		return b->weight - a->weight;
	return a->lead < b->lead ? 1 : a->lead > b->lead ? -1 : 0;
}

int ms_dd_rank_sort(ms_dd_ranker *r, int max)
{
	int i, n = 0, name_only = 0;

	/* The slots index c; they are stale after sorting, so they are
	 * cleared now, and the next lookup starts from an empty table. */
	for (i = 0; i < r->n; i++)
		r->slot[r->c[i].slot] = 0;
	if (r->n > 1)
		qsort(r->c, (size_t)r->n, sizeof(r->c[0]), cand_cmp);
	for (i = 0; i < r->n && n < max; i++) {
		ms_dd_cand t;

		/* One main line and nothing else: a colleague. */
		if (r->c[i].weight <= 1 && r->c[i].other)
			continue;
		if (!r->c[i].other && name_only++ >= MS_DD_MAX_NAME_ONLY)
			continue;
		if (i != n) {
			t = r->c[n];
			r->c[n] = r->c[i];
			r->c[i] = t;
		}
		n++;
	}
	return n;
}

/* ---- Helpers ------------------------------------------------------------ */

static const char *str_of(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));

	return v ? v : "";
}

/* Latin script: ASCII only, with at least one letter. */
static int is_latin(const char *s)
{
	int letter = 0;

	for (; *s; s++) {
		if ((unsigned char)*s >= 0x80)
			return 0;
		if (isalpha((unsigned char)*s))
			letter = 1;
	}
	return letter;
}

/* Copies the e164 form of phone key k from src's fields into dst's. */
static void take_e164(json_t *dst, const json_t *src, const char *k)
{
	json_t *se = json_object_get(src, "e164"), *de;
	const char *v = json_string_value(json_object_get(se, k));

	if (strcmp(k, "phone") && strcmp(k, "fax") && strcmp(k, "mobile"))
		return;
	de = json_object_get(dst, "e164");
	if (!json_is_object(de)) {
		de = json_object();
		if (!de || json_object_set_new(dst, "e164", de))
			return;
	}
	json_object_set_new(de, k, json_string(v ? v : ""));
}

/* A copy of fields with every lead key present (as a string). */
static json_t *lead_copy(const json_t *fields)
{
	json_t *o =
	    json_is_object(fields) ? json_deep_copy(fields) : json_object();
	int i;

	if (!o)
		return NULL;
	for (i = 0; i < MS_DD_LEAD_NKEYS; i++)
		if (!json_is_string(json_object_get(o, ms_dd_lead_keys[i])))
			json_object_set_new(o, ms_dd_lead_keys[i],
			                    json_string(""));
	return o;
}

/* ---- Merging ------------------------------------------------------------ */

ms_rc ms_dd_merge_fields(const json_t *self, const json_t *other,
                         const json_t *choices, json_t **out, ms_err *err)
{
	const char *k;
	json_t *v, *o;
	int i;

	*out = NULL;
	if (choices && !json_is_object(choices))
		return ms_err_set(err, MS_ERR_INVALID,
		                  "fields must be an object such as "
		                  "{\"title\": \"other\"}");
	json_object_foreach((json_t *)choices, k, v)
	{
		const char *s = json_string_value(v);

		if (!ms_dd_is_lead_key(k))
			return ms_err_set(err, MS_ERR_INVALID,
			                  "'%.64s' is not a lead field", k);
		if (!s || (strcmp(s, "self") && strcmp(s, "other")))
			return ms_err_set(err, MS_ERR_INVALID,
			                  "the choice for '%.64s' must be "
			                  "\"self\" or \"other\"",
			                  k);
	}
	o = lead_copy(self);
	if (!o)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	for (i = 0; i < MS_DD_LEAD_NKEYS; i++) {
		const char *key = ms_dd_lead_keys[i];
		const char *c =
		    json_string_value(json_object_get(choices, key));
		const char *mine = str_of(o, key), *theirs = str_of(other, key);
		int take = c ? !strcmp(c, "other") : !mine[0] && theirs[0];

		if (!take || !strcmp(mine, theirs))
			continue;
		json_object_set_new(o, key, json_string(theirs));
		take_e164(o, other, key);
	}
	*out = o;
	return MS_OK;
}

/* ---- Front and back ------------------------------------------------------ */

json_t *ms_dd_front_back(const json_t *front, const json_t *back)
{
	json_t *o = lead_copy(front);
	const char *bl = str_of(back, "name_latin"), *bn = str_of(back, "name");
	int i;

	if (!o)
		return NULL;
	if (bl[0])
		json_object_set_new(o, "name_latin", json_string(bl));
	else if (is_latin(bn) && strcmp(bn, str_of(o, "name")))
		json_object_set_new(o, "name_latin", json_string(bn));
	if (is_latin(str_of(back, "company")) &&
	    strcmp(str_of(back, "company"), str_of(o, "company")))
		json_object_set_new(o, "company_en",
		                    json_string(str_of(back, "company")));
	if (is_latin(str_of(back, "title")) &&
	    strcmp(str_of(back, "title"), str_of(o, "title")))
		json_object_set_new(o, "title_en",
		                    json_string(str_of(back, "title")));
	for (i = 0; i < MS_DD_LEAD_NKEYS; i++) {
		const char *k = ms_dd_lead_keys[i];

		if (str_of(o, k)[0] || !str_of(back, k)[0])
			continue;
		/* The English back's name is the latin name, not the name;
		 * its company and title went to the _en fields. */
		if (is_latin(str_of(back, k)) &&
		    (!strcmp(k, "name") || !strcmp(k, "family_name") ||
		     !strcmp(k, "given_name")) &&
		    str_of(o, "name")[0])
			continue;
		if ((!strcmp(k, "company") && str_of(o, "company_en")[0] &&
		     !strcmp(str_of(o, "company_en"), str_of(back, k))) ||
		    (!strcmp(k, "title") && str_of(o, "title_en")[0] &&
		     !strcmp(str_of(o, "title_en"), str_of(back, k))))
			continue;
		json_object_set_new(o, k, json_string(str_of(back, k)));
		take_e164(o, back, k);
	}
	return o;
}

/* ---- Proposals ----------------------------------------------------------- */

json_t *ms_dd_proposal(const json_t *lead, const json_t *card, unsigned changed)
{
	json_t *o = json_object();
	int f;

	if (!o)
		return NULL;
	for (f = 0; f < MS_F_COUNT; f++) {
		const char *k = ms_field_keys[f], *to = str_of(card, k);

		if (!(changed & (1u << f)) || !to[0] || f <= MS_F_NAME_LATIN ||
		    !strcmp(to, str_of(lead, k)))
			continue;
		if (json_object_set_new(o, k,
		                        json_pack("{s:s, s:s}", "from",
		                                  str_of(lead, k), "to", to))) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* ---- Contacts ----------------------------------------------------------- */

void ms_dd_norm_fields(const json_t *fields, ms_dd_norm *out)
{
	ms_contact *c = malloc(sizeof(*c));
	int i;

	if (!c) {
		memset(out, 0, sizeof(*out));
		return;
	}
	ms_contact_init(c);
	for (i = 0; i < MS_F_COUNT; i++) {
		const char *s = str_of(fields, ms_field_keys[i]);

		if (strlen(s) < MS_MAX_FIELD_BYTES)
			memcpy(c->v[i], s, strlen(s) + 1);
	}
	ms_dd_norm_contact(c, NULL, out);
	free(c);
}

const char *ms_dd_outcome_api(ms_dd_outcome o)
{
	switch (o) {
	case MS_DD_SAME_CARD:
		return "same_card";
	case MS_DD_CHANGED:
		return "changed";
	case MS_DD_POSSIBLE:
		return "possible";
	case MS_DD_NEW:
		break;
	}
	return "new";
}
