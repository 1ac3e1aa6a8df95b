/*
 * Unit tests for src/store: migrations, accounts, the card queue with
 * crash recovery, edits with versions and audit, search (including
 * 1- and 2-character Japanese queries) and the change feed's cursors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "meishi/auth.h"
#include "meishi/store.h"
#include "t.h"

static char dir[256];

static ms_store *open_store(void)
{
	ms_store *st = NULL;
	ms_err err;

	CHECK_INT(ms_store_open(dir, 2, &st, &err), MS_OK);
	return st;
}

static void test_accounts(ms_store *st, int64_t *admin, int64_t *rep)
{
	uint8_t h1[32], h2[32];
	char csrf[65], name[80], pwh[MS_AUTH_HASH_MAX];
	ms_user u;
	ms_err err;
	int64_t n;

	CHECK_INT(ms_store_user_add(st, "boss", MS_ROLE_ADMIN, "h1", admin,
				    &err), MS_OK);
	CHECK_INT(ms_store_user_add(st, "rep1", MS_ROLE_REP, "h2", rep, &err),
		  MS_OK);
	CHECK_INT(ms_store_user_add(st, "rep1", MS_ROLE_REP, "h", NULL, &err),
		  MS_ERR_CONFLICT);
	CHECK_INT(ms_store_user_add(st, "x", MS_ROLE_INTEGRATION, "h", NULL,
				    &err), MS_ERR_INVALID);
	CHECK_INT(ms_store_user_get(st, "rep1", &u, pwh, sizeof(pwh), &err),
		  MS_OK);
	CHECK_STR(pwh, "h2");
	CHECK_INT(u.role, MS_ROLE_REP);
	CHECK_INT(ms_store_user_get(st, "nobody", &u, NULL, 0, &err),
		  MS_ERR_NOTFOUND);
	CHECK_INT(ms_store_user_count(st, MS_ROLE_ADMIN, &n, &err), MS_OK);
	CHECK_INT(n, 1);

	ms_auth_digest("cookie-1", h1);
	ms_auth_digest("cookie-2", h2);
	CHECK_INT(ms_store_session_add(st, h1, *rep, "csrf-1", 3600, &err),
		  MS_OK);
	CHECK_INT(ms_store_session_add(st, h2, *rep, "csrf-2", -10, &err),
		  MS_OK);
	CHECK_INT(ms_store_session_get(st, h1, &u, csrf, sizeof(csrf), &err),
		  MS_OK);
	CHECK_STR(u.name, "rep1");
	CHECK_STR(csrf, "csrf-1");
	/* An expired session is not found. */
	CHECK_INT(ms_store_session_get(st, h2, &u, csrf, sizeof(csrf), &err),
		  MS_ERR_NOTFOUND);
	/* A password change ends the user's sessions. */
	CHECK_INT(ms_store_user_set_password(st, "rep1", "h3", &err), MS_OK);
	CHECK_INT(ms_store_session_get(st, h1, &u, csrf, sizeof(csrf), &err),
		  MS_ERR_NOTFOUND);

	CHECK_INT(ms_store_token_add(st, "crm", h1, &err), MS_OK);
	CHECK_INT(ms_store_token_add(st, "crm", h2, &err), MS_ERR_CONFLICT);
	CHECK_INT(ms_store_token_check(st, h1, name, sizeof(name), &err),
		  MS_OK);
	CHECK_STR(name, "crm");
	CHECK_INT(ms_store_token_check(st, h2, name, sizeof(name), &err),
		  MS_ERR_NOTFOUND);
	CHECK_INT(ms_store_token_revoke(st, "crm", &err), MS_OK);
	CHECK_INT(ms_store_token_check(st, h1, name, sizeof(name), &err),
		  MS_ERR_DENIED);
	CHECK_INT(ms_store_token_revoke(st, "crm", &err), MS_ERR_NOTFOUND);
	/* The name is free again once revoked. */
	CHECK_INT(ms_store_token_add(st, "crm", h2, &err), MS_OK);
}

static int64_t add_card(ms_store *st, int64_t who, const char *sha,
			int qmax, ms_rc want, int want_existed)
{
	ms_card_in in = {sha, who, "Expo", "image/jpeg", 10, "images/x.jpg"};
	int64_t id = 0;
	int existed = -1;
	ms_err err;

	CHECK_INT(ms_store_card_add(st, &in, qmax, &id, &existed, &err), want);
	if (want == MS_OK)
		CHECK_INT(existed, want_existed);
	return id;
}

static json_t *scan_json(const char *family, const char *given,
			 const char *company)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:{s:f}, s:{s:[iiii]}}",
			 "name", "", "family_name", family, "given_name", given,
			 "company", company, "confidence", "family_name", 0.9,
			 "boxes", "family_name", 1, 2, 3, 4);
}

static void test_queue(ms_store *st, int64_t rep)
{
	char img[256];
	int64_t a, b, c, id;
	json_t *card, *scan;
	ms_err err;
	int i;

	a = add_card(st, rep, "aa", 10, MS_OK, 0);
	CHECK(a > 0);
	CHECK_INT(add_card(st, rep, "aa", 10, MS_OK, 1), a);
	b = add_card(st, rep, "bb", 10, MS_OK, 0);
	/* The queue holds 2 jobs: a limit of 2 refuses a third. */
	add_card(st, rep, "cc", 2, MS_ERR_BUSY, 0);
	c = add_card(st, rep, "cc", 10, MS_OK, 0);
	CHECK_INT(ms_store_jobs_waiting(st), 3);

	CHECK_INT(ms_store_job_claim(st, &id, img, sizeof(img), &err), MS_OK);
	CHECK_INT(id, a);
	card = ms_store_card_get(st, a, 0, &err);
	CHECK_STR(json_string_value(json_object_get(card, "status")),
		  "scanning");
	json_decref(card);
	/* The process dies; at start-up the job goes back to the queue. */
	CHECK_INT(ms_store_jobs_recover(st, &err), 3);
	CHECK_INT(ms_store_job_claim(st, &id, img, sizeof(img), &err), MS_OK);
	CHECK_INT(id, a);
	scan = scan_json("山田", "太郎", "株式会社サンプル");
	CHECK_INT(ms_store_job_done(st, a, "crops/1.jpg", scan, &err), MS_OK);
	json_decref(scan);
	card = ms_store_card_get(st, a, rep, &err);
	CHECK_STR(json_string_value(json_object_get(card, "status")), "done");
	CHECK_STR(json_string_value(json_object_get(
			  json_object_get(json_object_get(card, "lead"),
					  "fields"),
			  "family_name")),
		  "山田");
	CHECK(json_real_value(json_object_get(json_object_get(json_object_get(
		      card, "lead"), "confidence"), "family_name")) > 0.8);
	json_decref(card);
	/* Another rep cannot see it. */
	CHECK(ms_store_card_get(st, a, rep + 1000, &err) == NULL);
	CHECK_INT(err.rc, MS_ERR_NOTFOUND);

	CHECK_INT(ms_store_job_claim(st, &id, img, sizeof(img), &err), MS_OK);
	CHECK_INT(id, b);
	CHECK_INT(ms_store_job_fail(st, b, "not a card", &err), MS_OK);
	card = ms_store_card_get(st, b, 0, &err);
	CHECK_STR(json_string_value(json_object_get(card, "error")),
		  "not a card");
	json_decref(card);
	/* A photo that kills the server every time is given up. */
	for (i = 0; i < 3; i++) {
		CHECK_INT(ms_store_job_claim(st, &id, img, sizeof(img), &err),
			  MS_OK);
		CHECK_INT(id, c);
		CHECK(ms_store_jobs_recover(st, &err) >= 0);
	}
	CHECK_INT(ms_store_job_claim(st, &id, img, sizeof(img), &err),
		  MS_ERR_NOTFOUND);
	card = ms_store_card_get(st, c, 0, &err);
	CHECK_STR(json_string_value(json_object_get(card, "status")),
		  "failed");
	json_decref(card);
}

static int64_t count(ms_store *st, const char *q, int64_t owner)
{
	ms_lead_query lq;
	json_t *r;
	int64_t n;
	ms_err err;

	memset(&lq, 0, sizeof(lq));
	lq.q = q;
	lq.owner = owner;
	lq.limit = 100;
	r = ms_store_leads_list(st, &lq, &err);
	if (!r)
		return -1;
	n = (int64_t)json_array_size(json_object_get(r, "leads"));
	json_decref(r);
	return n;
}

static void test_search(ms_store *st, int64_t rep)
{
	static const struct {
		const char *q;
		int64_t n;
	} cases[] = {
		{"山田", 1},          /* 2 characters: below trigram length */
		{"山", 2},            /* 1 character */
		{"田中", 1},
		{"サンプル", 1},      /* trigram */
		{"株式会社", 2},
		{"ＳＡＭＰＬＥ", 1},  /* full-width: NFKC */
		{"sample", 1},        /* case-insensitive */
		{"%", 0},             /* no wildcard */
		{"_", 0},
		{"\"", 0},            /* quotes are not FTS syntax */
		{"田中 次郎", 0},
		{"nothing here", 0},
	};
	json_t *scan;
	int64_t id;
	char img[64];
	ms_err err;
	size_t i;

	add_card(st, rep, "dd", 10, MS_OK, 0);
	CHECK_INT(ms_store_job_claim(st, &id, img, sizeof(img), &err), MS_OK);
	scan = scan_json("田中", "山子", "株式会社 SAMPLE");
	CHECK_INT(ms_store_job_done(st, id, "", scan, &err), MS_OK);
	json_decref(scan);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t got = count(st, cases[i].q, 0);

		if (got != cases[i].n)
			fprintf(stderr, "q=%s\n", cases[i].q);
		CHECK_INT(got, cases[i].n);
	}
	CHECK_INT(count(st, "山田", rep + 1000), 0);

	/* The short-query index follows an edit: the old name is gone, the
	 * new one is found by 2 and by 1 character. */
	{
		ms_lead_query lq;
		json_t *r, *edit, *out = NULL;
		int64_t lead;

		memset(&lq, 0, sizeof(lq));
		lq.q = "田中";
		lq.limit = 10;
		r = ms_store_leads_list(st, &lq, &err);
		CHECK(r != NULL);
		lead = json_integer_value(json_object_get(
			json_array_get(json_object_get(r, "leads"), 0), "id"));
		json_decref(r);
		edit = json_pack("{s:s, s:s}", "name", "鱒渕 山子",
				 "family_name", "鱒渕");
		CHECK_INT(ms_store_lead_patch(st, lead, 0, rep, 0, edit, &out,
					      &err), MS_OK);
		json_decref(out);
		json_decref(edit);
		CHECK_INT(count(st, "田中", 0), 0);
		CHECK_INT(count(st, "鱒渕", 0), 1);
		CHECK_INT(count(st, "鱒", 0), 1);
		CHECK_INT(count(st, "渕", 0), 1); /* last of its run */
		CHECK_INT(count(st, "鱒渕 山子", 0), 1);
	}
}

/* A stand-in renderer: marks the body so the test sees which path ran. */
static ms_rc stub_render(const char *lead_json, ms_buf *out)
{
	ms_rc rc = ms_buf_adds(out, ",\"rendered\":");

	return rc ? rc : ms_buf_adds(out, lead_json);
}

struct seen {
	int n, bodies, built;
	char last_body[4096];
};

static ms_rc see_row(const ms_feed_row *row, void *ud)
{
	struct seen *s = ud;

	s->n++;
	if (row->body) {
		s->bodies++;
		snprintf(s->last_body, sizeof(s->last_body), "%s", row->body);
	} else if (row->lead_json) {
		s->built++;
	}
	return MS_OK;
}

/* The rows of the feed after cur, as the reader hands them out. */
static struct seen feed_seen(ms_store *st, const char *cur)
{
	struct seen sn = {0};
	char next[80];
	int more;
	ms_err err;

	CHECK_INT(ms_store_feed_each(st, cur, 10, see_row, &sn, next, &more,
				     &err), MS_OK);
	return sn;
}

static void test_edits_and_feed(ms_store *st, int64_t admin, int64_t rep)
{
	json_t *edit, *out = NULL, *audit;
	ms_feed_page p;
	char cur[80], bad[80];
	ms_err err;

	edit = json_pack("{s:s, s:s}", "title", "部長", "company", "New KK");
	CHECK_INT(ms_store_lead_patch(st, 1, rep, rep, 2, edit, &out, &err),
		  MS_ERR_CONFLICT);
	CHECK_INT(ms_store_lead_patch(st, 1, rep + 1000, rep, 1, edit, &out,
				      &err), MS_ERR_NOTFOUND);
	CHECK_INT(ms_store_lead_patch(st, 1, rep, rep, 1, edit, &out, &err),
		  MS_OK);
	CHECK_INT(json_integer_value(json_object_get(out, "version")), 2);
	json_decref(out);
	json_decref(edit);
	edit = json_pack("{s:s}", "nonsense", "x");
	CHECK_INT(ms_store_lead_patch(st, 1, 0, rep, 2, edit, &out, &err),
		  MS_ERR_INVALID);
	json_decref(edit);
	audit = ms_store_lead_audit(st, 1, 0, &err);
	CHECK_INT(json_array_size(audit), 2);
	CHECK_STR(json_string_value(json_object_get(json_array_get(audit, 0),
						    "user")), "rep1");
	json_decref(audit);

	CHECK_INT(ms_store_feed(st, "0", 10, &p, &err), MS_OK);
	CHECK_INT(json_array_size(p.items), 0);
	snprintf(cur, sizeof(cur), "%s", p.next);
	json_decref(p.items);
	CHECK_INT(ms_store_lead_set_status(st, 1, admin, 0, "approved", &out,
					   &err), MS_OK);
	json_decref(out);
	CHECK_INT(ms_store_lead_set_status(st, 2, admin, 0, "approved", &out,
					   &err), MS_OK);
	json_decref(out);
	CHECK_INT(ms_store_feed(st, cur, 1, &p, &err), MS_OK);
	CHECK_INT(json_array_size(p.items), 1);
	CHECK_INT(p.more, 1);
	json_decref(p.items);
	{
		/* Written without a renderer: the reader builds the body. */
		struct seen sn = feed_seen(st, cur);

		CHECK_INT(sn.n, 2);
		CHECK_INT(sn.built, 2);
		CHECK_INT(sn.bodies, 0);
	}
	/* Edit lead 1 again: it moves behind lead 2, with a new version. */
	ms_store_set_feed_render(st, stub_render);
	edit = json_pack("{s:s}", "title", "社長");
	CHECK_INT(ms_store_lead_patch(st, 1, 0, admin, 0, edit, &out, &err),
		  MS_OK);
	json_decref(out);
	json_decref(edit);
	{
		/* Written with one: the body is the lead as it committed, and
		 * a later edit stores a new one. */
		struct seen sn = feed_seen(st, cur);

		CHECK_INT(sn.n, 2);
		CHECK_INT(sn.bodies, 1);
		CHECK(strncmp(sn.last_body, ",\"rendered\":{", 13) == 0);
		CHECK(strstr(sn.last_body, "\"title\":\"社長\"") != NULL);
		CHECK(strstr(sn.last_body, "\"version\":4") != NULL);
	}
	ms_store_set_feed_render(st, NULL);
	CHECK_INT(ms_store_feed(st, cur, 10, &p, &err), MS_OK);
	CHECK_INT(json_array_size(p.items), 2);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(p.items, 0),
						     "lead_id")), 2);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(p.items, 1),
						     "version")), 4);
	snprintf(cur, sizeof(cur), "%s", p.next);
	json_decref(p.items);
	CHECK_INT(ms_store_lead_set_status(st, 2, admin, 0, "rejected", &out,
					   &err), MS_OK);
	json_decref(out);
	CHECK_INT(ms_store_lead_remove(st, 1, admin, 0, 0, &err), MS_OK);
	CHECK_INT(ms_store_feed(st, cur, 10, &p, &err), MS_OK);
	CHECK_INT(json_array_size(p.items), 2);
	CHECK_STR(json_string_value(json_object_get(json_array_get(p.items, 0),
						    "op")), "delete");
	CHECK_STR(json_string_value(json_object_get(json_array_get(p.items, 0),
						    "reason")), "rejected");
	CHECK_STR(json_string_value(json_object_get(json_array_get(p.items, 1),
						    "reason")), "removed");
	snprintf(cur, sizeof(cur), "%s", p.next);
	json_decref(p.items);

	CHECK_INT(ms_store_feed(st, "nonsense", 10, &p, &err), MS_ERR_INVALID);
	snprintf(bad, sizeof(bad), "%s", cur);
	bad[0] = bad[0] == '0' ? '1' : '0';
	CHECK_INT(ms_store_feed(st, bad, 10, &p, &err), MS_ERR_CONFLICT);
	snprintf(bad, sizeof(bad), "%.16s.999999", cur);
	CHECK_INT(ms_store_feed(st, bad, 10, &p, &err), MS_ERR_CONFLICT);
	/* Pruning every tombstone raises the floor: an old cursor must
	 * resync, the newest still works. */
	snprintf(bad, sizeof(bad), "%.16s.1", cur);
	CHECK_INT(ms_store_feed_prune(st, -1, &err), 2);
	CHECK_INT(ms_store_feed(st, bad, 10, &p, &err), MS_ERR_CONFLICT);
	CHECK_INT(ms_store_feed(st, cur, 10, &p, &err), MS_OK);
	json_decref(p.items);
}

int main(void)
{
	ms_store *st;
	int64_t admin = 0, rep = 0;
	char check[64], cmd[300];
	ms_err err;

	if (ms_auth_init(&err))
		return 1;
	snprintf(dir, sizeof(dir), "/tmp/meishi-test-store-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	st = open_store();
	test_accounts(st, &admin, &rep);
	test_queue(st, rep);
	test_search(st, rep);
	test_edits_and_feed(st, admin, rep);
	CHECK_INT(ms_store_check(st, check, sizeof(check), &err), MS_OK);
	CHECK_STR(check, "ok");
	ms_store_close(st);
	/* Reopening runs no migration twice and keeps the data. */
	st = open_store();
	CHECK(st != NULL);
	if (st) {
		ms_user u;

		CHECK_INT(ms_store_user_get(st, "boss", &u, NULL, 0, &err),
			  MS_OK);
		ms_store_close(st);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return t_done();
}
