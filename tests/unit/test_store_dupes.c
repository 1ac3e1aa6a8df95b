/*
 * Unit tests of duplicate handling in the store, through its interface:
 * the blocking keys follow every write (import, edit, removal), an
 * import counts the same person as matched, the duplicates of a lead
 * respect the owner's scope, and a merge moves the fields the caller
 * chose and is undone field by field (a later edit wins).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "meishi/auth.h"
#include "meishi/store.h"
#include "t.h"

static json_t *person(const char *name, const char *company, const char *email,
                      const char *mobile)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", name, "company",
	                 company, "email", email, "mobile", mobile, "title",
	                 "部長");
}

static const char *fld(const json_t *lead, const char *k)
{
	const char *v = json_string_value(
	    json_object_get(json_object_get(lead, "fields"), k));

	return v ? v : "(missing)";
}

static int64_t id_of(const json_t *lead)
{
	return json_integer_value(json_object_get(lead, "id"));
}

/* Ids of the candidates of lead id, as owner sees them; -1 if the lead
 * is not visible. *outcome gets the first candidate's outcome. */
static int cands(ms_store *st, int64_t id, int64_t owner, int64_t *out,
                 char *outcome)
{
	ms_err err;
	json_t *o = ms_store_lead_duplicates(st, id, owner, &err), *c;
	size_t i;
	int n = 0;

	if (!o)
		return -1;
	json_array_foreach(json_object_get(o, "candidates"), i, c)
	{
		if (n < 4)
			out[n] = id_of(json_object_get(c, "lead"));
		if (n == 0 && outcome)
			snprintf(
			    outcome, 32, "%s",
			    json_string_value(json_object_get(c, "outcome")));
		n++;
	}
	json_decref(o);
	return n;
}

/* PATCH one field as the admin. */
static ms_rc patch(ms_store *st, int64_t id, int64_t admin, const char *k,
                   const char *v)
{
	json_t *f = json_pack("{s:s}", k, v), *out = NULL;
	ms_err err;
	ms_rc rc = ms_store_lead_patch(st, id, 0, admin, 0, f, &out, &err);

	json_decref(f);
	json_decref(out);
	return rc;
}

static void run(ms_store *st, int64_t admin, int64_t rep)
{
	json_t *rows[4], *l = NULL, *out = NULL;
	ms_import_outcome res[4];
	ms_store_importer *im = NULL;
	int64_t ids[4], a, c, mid = 0, r1;
	char oc[32] = "";
	json_t *ch;
	ms_err err;
	int i;

	/* Import: two people, the first again, and the first's namesake at
	 * the same company with other contacts. */
	rows[0] = person("山田 太郎", "株式会社サンプル", "taro@sample.jp",
	                 "090-1111-2222");
	rows[1] = person("佐藤 花子", "株式会社テスト", "hanako@test.jp", "");
	rows[2] = person("山田太郎", "サンプル(株)", "TARO@sample.jp",
	                 "090-1111-2222");
	rows[3] =
	    person("山田 太郎", "株式会社サンプル", "yamada@other.jp", "");
	CHECK_INT(ms_store_import_begin(st, admin, &im, &err), MS_OK);
	CHECK_INT(ms_store_import(im, rows, 4, res, &err), MS_OK);
	ms_store_import_end(im);
	CHECK_INT(res[0], MS_IMPORT_ADDED);
	CHECK_INT(res[1], MS_IMPORT_ADDED);
	CHECK_INT(res[2], MS_IMPORT_MATCHED);
	CHECK_INT(res[3], MS_IMPORT_FLAGGED);
	for (i = 0; i < 4; i++)
		json_decref(rows[i]);
	a = 1;
	c = 3; /* the ids of rows 0 and 3 (row 2 was not added) */
	l = ms_store_lead_get(st, a, 0, &err);
	CHECK_STR(fld(l, "email"), "taro@sample.jp");
	CHECK_STR(json_string_value(json_object_get(l, "status")), "approved");
	json_decref(l);
	CHECK_INT(cands(st, c, 0, ids, oc), 1);
	CHECK_INT(ids[0], a);
	CHECK_STR(oc, "possible");
	/* A rep sees neither the admin's leads nor them as candidates. */
	CHECK(cands(st, c, rep, ids, NULL) < 0);

	/* An edit rewrites the keys: the same email makes them one. */
	CHECK_INT(patch(st, c, admin, "email", "taro@sample.jp"), MS_OK);
	CHECK_INT(patch(st, c, admin, "mobile", "090-1111-2222"), MS_OK);
	CHECK_INT(cands(st, c, 0, ids, oc), 1);
	CHECK_STR(oc, "same_card");

	/* Merge with choices, then an edit, then undo. */
	CHECK_INT(patch(st, c, admin, "title", "課長"), MS_OK);
	ch = json_pack("{s:s}", "title", "other");
	CHECK_INT(
	    ms_store_lead_merge(st, a, c, admin, 0, 0, ch, &out, &mid, &err),
	    MS_OK);
	json_decref(ch);
	CHECK(mid > 0);
	CHECK_STR(fld(out, "title"), "課長");
	json_decref(out);
	CHECK(ms_store_lead_get(st, c, 0, &err) == NULL);
	CHECK_INT(cands(st, a, 0, ids, NULL), 0); /* c's keys are gone */
	CHECK_INT(
	    ms_store_lead_merge(st, a, c, admin, 0, 0, NULL, &out, &r1, &err),
	    MS_ERR_INVALID); /* c is merged already */
	/* Someone fixes the name after the merge: undo keeps that. */
	CHECK_INT(patch(st, a, admin, "name", "山田 太朗"), MS_OK);
	CHECK_INT(ms_store_merge_undo(st, mid, admin, &out, &err), MS_OK);
	CHECK_STR(fld(json_object_get(out, "survivor"), "title"), "部長");
	CHECK_STR(fld(json_object_get(out, "survivor"), "name"), "山田 太朗");
	CHECK_INT(id_of(json_object_get(out, "other")), c);
	json_decref(out);
	CHECK_INT(ms_store_merge_undo(st, mid, admin, &out, &err),
	          MS_ERR_CONFLICT);
	CHECK_INT(cands(st, c, 0, ids, NULL), 1); /* keys back */

	/* A removed lead leaves the index. */
	CHECK_INT(ms_store_lead_remove(st, a, admin, 0, 0, &err), MS_OK);
	CHECK_INT(cands(st, c, 0, ids, NULL), 0);
}

/* A card that shares one weak key with its lead: the lookup must still
 * score that lead. Misread in the name's second character (so company +
 * name prefix differs too) and in the email's name and domain (so no
 * email key is shared), without a reading, mobile or phone, the card
 * shares one deletion key of the name with its lead and nothing else;
 * the matcher flags it (a name and an email each a character off at one
 * company). A stranger of another name at that company is no candidate. */
static void weak_key(ms_store *st, int64_t admin)
{
	static const struct {
		const char *name, *email;
		ms_import_outcome want;
	} t[] = {
	    {"鈴木 一郎", "ichiro.suzuki@test-seiki.co.jp", MS_IMPORT_ADDED},
	    {"鈴本 一郎", "ichiro.suzukl@test-selki.co.jp", MS_IMPORT_FLAGGED},
	    {"高橋 花子", "hanako.takahashi@test-seiki.co.jp",
	     MS_IMPORT_ADDED},
	};
	ms_store_importer *im = NULL;
	ms_import_outcome res;
	ms_err err;
	size_t i;

	CHECK_INT(ms_store_import_begin(st, admin, &im, &err), MS_OK);
	for (i = 0; im && i < sizeof(t) / sizeof(t[0]); i++) {
		json_t *row = person(t[i].name, "株式会社テスト精機",
		                     t[i].email, "");

		CHECK_INT(ms_store_import(im, &row, 1, &res, &err), MS_OK);
		if (res != t[i].want)
			fprintf(stderr, "weak key row %zu: outcome %d\n", i,
			        (int)res);
		CHECK_INT(res, t[i].want);
		json_decref(row);
	}
	ms_store_import_end(im);
}

int main(void)
{
	char dir[256], cmd[300];
	ms_store *st = NULL;
	int64_t admin = 0, rep = 0;
	ms_err err;

	if (ms_auth_init(&err))
		return 1;
	snprintf(dir, sizeof(dir), "/tmp/meishi-test-dupes-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	CHECK_INT(ms_store_open(dir, 2, &st, &err), MS_OK);
	if (st) {
		CHECK_INT(ms_store_user_add(st, "boss", MS_ROLE_ADMIN, "h",
		                            &admin, &err),
		          MS_OK);
		CHECK_INT(
		    ms_store_user_add(st, "rep1", MS_ROLE_REP, "h", &rep, &err),
		    MS_OK);
		run(st, admin, rep);
		weak_key(st, admin);
		ms_store_close(st);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return t_done();
}
