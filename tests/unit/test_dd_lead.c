/*
 * Unit tests of duplicate handling on whole leads (meishi/dd_lead.h):
 * candidate ranking from postings, merge choices, the front and back of
 * one card made one lead, and what a changed card proposes. Table-driven.
 */
#include <stdlib.h>
#include <string.h>

#include "meishi/dd_lead.h"
#include "t.h"

static const char *get(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));

	return v ? v : "(missing)";
}

static void test_rank(void)
{
	static const struct {
		const char *kind, *key;
		int64_t lead;
		int cut;
	} post[] = {
	    /* Lead 7: email and name. */
	    {"email", "taro@a.jp", 7, 0},
	    {"name", "山田太郎", 7, 0},
	    /* Lead 9: a namesake sharing many deletion keys of one name:
	     * one family, counted once. */
	    {"name~", "田太郎", 9, 0},
	    {"name~", "山太郎", 9, 0},
	    {"name~", "山田郎", 9, 0},
	    {"name", "山田太郎", 9, 0},
	    /* Lead 4: a mobile many leads share (a cut list): ignored. */
	    {"mobile", "+819011112222", 4, 1},
	    /* Lead 5: unknown kinds count for nothing. */
	    {"nope", "x", 5, 0},
	    /* Lead 3: one main line, weight 1: not scored. */
	    {"phone", "+81312345678", 3, 0},
	    /* Lead 8: a main line and a name one character off: scored. */
	    {"phone", "+81312345678", 8, 0},
	    {"name~", "山田郎", 8, 0},
	    /* Lead 6: a name one character off and nothing else: scored
	     * (all an OCR error in the name and the email's domain leaves),
	     * within the namesakes' quota. */
	    {"name~", "田太郎", 6, 0},
	};
	ms_dd_ranker *r = malloc(sizeof(*r));
	ms_dd_key k;
	int n, i, w_email = ms_dd_key_weight("email");
	int w_name = ms_dd_key_weight("name");

	CHECK(w_email > w_name && w_name > 1);
	ms_dd_rank_init(r);
	for (i = 0; i < (int)(sizeof(post) / sizeof(post[0])); i++) {
		snprintf(k.kind, sizeof(k.kind), "%s", post[i].kind);
		snprintf(k.key, sizeof(k.key), "%s", post[i].key);
		ms_dd_rank_add(r, &k, post[i].lead, post[i].cut);
	}
	n = ms_dd_rank_sort(r, 8);
	CHECK_INT(r->n, 5);
	CHECK_INT(n, 4);
	CHECK_INT(r->c[0].lead, 7);
	CHECK_INT(r->c[0].weight, w_email + w_name);
	CHECK_INT(r->c[1].lead, 9);
	CHECK_INT(r->c[1].weight, w_name);
	CHECK_INT(r->c[2].lead, 8);
	CHECK_INT(r->c[2].weight, 2);
	CHECK_INT(r->c[3].lead, 6);
	CHECK_INT(r->c[3].weight, 1);
	CHECK_INT(r->c[4].lead, 3);
	/* At most max. */
	ms_dd_rank_init(r);
	for (i = 0; i < (int)(sizeof(post) / sizeof(post[0])); i++) {
		snprintf(k.kind, sizeof(k.kind), "%s", post[i].kind);
		snprintf(k.key, sizeof(k.key), "%s", post[i].key);
		ms_dd_rank_add(r, &k, post[i].lead, post[i].cut);
	}
	CHECK_INT(ms_dd_rank_sort(r, 2), 2);
	CHECK_INT(r->c[1].lead, 9);

	/* Namesakes: leads 100..139 share the name only (and an email name
	 * made of it at other domains: the name again); lead 50 shares the
	 * name and an email name with a digit. Lead 50 and the newest
	 * MS_DD_MAX_NAME_ONLY namesakes are scored, however many more. */
	ms_dd_rank_init(r);
	for (i = 0; i < 40; i++) {
		snprintf(k.kind, sizeof(k.kind), "name");
		snprintf(k.key, sizeof(k.key), "山田太郎");
		ms_dd_rank_add(r, &k, 100 + i, 0);
		snprintf(k.kind, sizeof(k.kind), "loc");
		snprintf(k.key, sizeof(k.key), "taro.yamada");
		ms_dd_rank_add(r, &k, 100 + i, 0);
	}
	snprintf(k.kind, sizeof(k.kind), "name");
	snprintf(k.key, sizeof(k.key), "山田太郎");
	ms_dd_rank_add(r, &k, 50, 0);
	snprintf(k.kind, sizeof(k.kind), "loc");
	snprintf(k.key, sizeof(k.key), "t.yamada07");
	ms_dd_rank_add(r, &k, 50, 0);
	n = ms_dd_rank_sort(r, MS_DD_MAX_SCORED);
	CHECK_INT(r->n, 41);
	CHECK_INT(n, 1 + MS_DD_MAX_NAME_ONLY);
	for (i = 0; i < MS_DD_MAX_NAME_ONLY; i++) {
		CHECK_INT(r->c[i].lead, 139 - i);
		CHECK_INT(r->c[i].other, 0);
	}
	CHECK_INT(r->c[MS_DD_MAX_NAME_ONLY].lead, 50);
	CHECK_INT(r->c[MS_DD_MAX_NAME_ONLY].other, 1);

	/* Bounded: no more than MS_DD_MAX_CANDIDATES leads, and no more
	 * than max scored. */
	ms_dd_rank_init(r);
	snprintf(k.kind, sizeof(k.kind), "cname");
	snprintf(k.key, sizeof(k.key), "sample|山田");
	for (i = 0; i < MS_DD_MAX_CANDIDATES + 100; i++)
		ms_dd_rank_add(r, &k, 1000 + i, 0);
	CHECK_INT(r->n, MS_DD_MAX_CANDIDATES);
	CHECK_INT(ms_dd_rank_sort(r, MS_DD_MAX_SCORED), MS_DD_MAX_SCORED);
	free(r);
}

static void test_merge(void)
{
	static const struct {
		const char *choices; /* JSON or NULL */
		const char *field, *want;
	} t[] = {
	    {NULL, "title", "部長"},   /* default: self */
	    {NULL, "email", "b@x.jp"}, /* self empty: other's */
	    {"{\"title\":\"other\"}", "title", "課長"},
	    {"{\"email\":\"self\"}", "email", ""}, /* an explicit self */
	    {"{\"name\":\"other\"}", "name", "山田 太郎"},
	    {"{\"mobile\":\"other\"}", "mobile", "090-1111-2222"},
	};
	static const char *const bad[] = {
	    "{\"nope\":\"other\"}",
	    "{\"title\":\"both\"}",
	    "{\"title\":1}",
	    "[1]",
	};
	json_t *self = json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "name",
	                         "山田太郎", "title", "部長", "email", "",
	                         "mobile", "", "e164", "mobile", "");
	json_t *other =
	    json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "name", "山田 太郎",
	              "title", "課長", "email", "b@x.jp", "mobile",
	              "090-1111-2222", "e164", "mobile", "+819011112222");
	json_t *out, *ch;
	ms_err err;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ch = t[i].choices ? json_loads(t[i].choices, 0, NULL) : NULL;
		CHECK_INT(ms_dd_merge_fields(self, other, ch, &out, &err),
		          MS_OK);
		CHECK_STR(get(out, t[i].field), t[i].want);
		if (!strcmp(t[i].field, "mobile"))
			CHECK_STR(get(json_object_get(out, "e164"), "mobile"),
			          "+819011112222");
		/* Every lead key is present. */
		CHECK_STR(get(out, "company_en"), "");
		json_decref(out);
		json_decref(ch);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ch = json_loads(bad[i], 0, NULL);
		CHECK_INT(ms_dd_merge_fields(self, other, ch, &out, &err),
		          MS_ERR_INVALID);
		CHECK(out == NULL && err.msg[0]);
		json_decref(ch);
	}
	json_decref(self);
	json_decref(other);
}

static void test_front_back(void)
{
	static const struct {
		const char *front, *back; /* JSON */
		const char *field, *want;
	} t[] = {
	    /* The English back: latin name, English company and title. */
	    {"{\"name\":\"山田 太郎\",\"company\":\"株式会社サンプル\","
	     "\"title\":\"部長\"}",
	     "{\"name\":\"Taro Yamada\",\"company\":\"Sample Inc.\","
	     "\"title\":\"Manager\",\"email\":\"taro@sample.jp\"}",
	     "name_latin", "Taro Yamada"},
	    {"{\"name\":\"山田 太郎\",\"company\":\"株式会社サンプル\"}",
	     "{\"name\":\"Taro Yamada\",\"company\":\"Sample Inc.\"}",
	     "company_en", "Sample Inc."},
	    {"{\"name\":\"山田 太郎\",\"title\":\"部長\"}",
	     "{\"title\":\"General Manager\"}", "title_en", "General Manager"},
	    /* The front keeps its own fields... */
	    {"{\"name\":\"山田 太郎\",\"company\":\"株式会社サンプル\"}",
	     "{\"name\":\"Taro Yamada\",\"company\":\"Sample Inc.\"}", "name",
	     "山田 太郎"},
	    {"{\"name\":\"山田 太郎\",\"company\":\"株式会社サンプル\"}",
	     "{\"company\":\"Sample Inc.\"}", "company", "株式会社サンプル"},
	    /* ... and takes what it lacks. */
	    {"{\"name\":\"山田 太郎\"}",
	     "{\"email\":\"taro@sample.jp\",\"address\":\"1-2-3 Marunouchi\"}",
	     "email", "taro@sample.jp"},
	    {"{\"name\":\"山田 太郎\"}", "{\"address\":\"1-2-3 Marunouchi\"}",
	     "address", "1-2-3 Marunouchi"},
	    /* The back's printed latin name wins over a derived one. */
	    {"{\"name\":\"山田 太郎\",\"name_latin\":\"Yamada Taro\"}",
	     "{\"name_latin\":\"Taro YAMADA\"}", "name_latin", "Taro YAMADA"},
	    /* A back with only an address: no English fields invented. */
	    {"{\"name\":\"山田 太郎\",\"company\":\"株式会社サンプル\"}",
	     "{\"address\":\"東京都千代田区\"}", "company_en", ""},
	    /* A Japanese back does not fill the English fields. */
	    {"{\"name\":\"山田 太郎\"}",
	     "{\"name\":\"山田 太郎\",\"company\":\"株式会社サンプル\"}",
	     "company_en", ""},
	    {"{\"name\":\"山田 太郎\"}",
	     "{\"name\":\"山田 太郎\",\"company\":\"株式会社サンプル\"}",
	     "company", "株式会社サンプル"},
	    /* An English name never replaces the Japanese name. */
	    {"{\"name\":\"山田 太郎\",\"family_name\":\"山田\"}",
	     "{\"name\":\"Taro Yamada\",\"given_name\":\"Taro\"}", "given_name",
	     ""},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		json_t *f = json_loads(t[i].front, 0, NULL);
		json_t *b = json_loads(t[i].back, 0, NULL);
		json_t *o = ms_dd_front_back(f, b);

		CHECK(o != NULL);
		CHECK_STR(get(o, t[i].field), t[i].want);
		json_decref(o);
		json_decref(f);
		json_decref(b);
	}
}

static void test_proposal(void)
{
	json_t *lead =
	    json_pack("{s:s, s:s, s:s, s:s}", "name", "山田 太郎", "title",
	              "課長", "company", "株式会社A", "email", "t@a.jp");
	json_t *card =
	    json_pack("{s:s, s:s, s:s, s:s}", "name", "山田 太朗", "title",
	              "部長", "company", "株式会社B", "email", "");
	unsigned all = (1u << MS_F_NAME) | (1u << MS_F_TITLE) |
	               (1u << MS_F_COMPANY) | (1u << MS_F_EMAIL);
	json_t *p = ms_dd_proposal(lead, card, all);

	/* Title and company change; a name is never proposed, nor an
	 * emptied field. */
	CHECK_INT(json_object_size(p), 2);
	CHECK_STR(get(json_object_get(p, "title"), "from"), "課長");
	CHECK_STR(get(json_object_get(p, "title"), "to"), "部長");
	CHECK_STR(get(json_object_get(p, "company"), "to"), "株式会社B");
	json_decref(p);
	/* Only the bits the match set. */
	p = ms_dd_proposal(lead, card, 1u << MS_F_TITLE);
	CHECK_INT(json_object_size(p), 1);
	json_decref(p);
	p = ms_dd_proposal(lead, card, 0);
	CHECK_INT(json_object_size(p), 0);
	json_decref(p);
	json_decref(lead);
	json_decref(card);
}

static void test_norm_fields(void)
{
	json_t *f = json_pack("{s:s, s:s, s:i}", "email", "Taro@Example.JP",
	                      "mobile", "090-1234-5678", "title", 5);
	ms_dd_norm *n = malloc(sizeof(*n));

	ms_dd_norm_fields(f, n);
	CHECK_STR(n->email, "taro@example.jp");
	CHECK_STR(n->mobile, "+819012345678");
	CHECK_STR(n->title, ""); /* not a string: ignored */
	CHECK_STR(ms_dd_outcome_api(MS_DD_CHANGED), "changed");
	CHECK_STR(ms_dd_outcome_api(MS_DD_POSSIBLE), "possible");
	CHECK(ms_dd_is_lead_key("title_en") && !ms_dd_is_lead_key("e164"));
	free(n);
	json_decref(f);
}

int main(void)
{
	test_rank();
	test_merge();
	test_front_back();
	test_proposal();
	test_norm_fields();
	return t_done();
}
