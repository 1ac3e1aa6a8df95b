/*
 * Update proposals and the dated history of a lead (issue 4). A card of
 * the same person with a new title, department or company (or other
 * contact details) proposes the change instead of making a second lead;
 * an admin accepts or rejects it. Accepting applies the changes with an
 * audit row per field, and when the company, department or title changes
 * it closes a history entry holding the previous ones with their dates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

/* The leads whose records a lead shows: itself and, recursively, every
 * lead merged into it and not split off again (?1 is the lead). */
#define FAMILY_CTE                                                             \
	"WITH RECURSIVE m(id) AS (SELECT ?1 UNION SELECT g.other_id FROM"      \
	" merges g JOIN m ON g.survivor_id = m.id WHERE g.undone_at IS"        \
	" NULL) "

static const char *str_of(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));

	return v ? v : "";
}

static json_t *parse(const char *s, int array)
{
	json_t *o = json_loads(s, 0, NULL);

	if (!o || (array ? !json_is_array(o) : !json_is_object(o))) {
		json_decref(o);
		o = array ? json_array() : json_object();
	}
	return o;
}

#define PROP_COLS                                                              \
	"p.id, p.lead_id, coalesce(p.card_id, 0), p.changes, p.score,"         \
	" p.reasons, p.status, p.created_at, p.decided_at,"                    \
	" coalesce(u.name, '')"
#define PROP_FROM " FROM proposals p LEFT JOIN users u ON u.id = p.decided_by"

static json_t *prop_json(sqlite3_stmt *s)
{
	json_t *o = json_pack("{s:I, s:I, s:o, s:o, s:f, s:o, s:s, s:s}", "id",
	                      (json_int_t)sqlite3_column_int64(s, 0), "lead_id",
	                      (json_int_t)sqlite3_column_int64(s, 1), "card_id",
	                      sqlite3_column_int64(s, 2)
	                          ? json_integer(sqlite3_column_int64(s, 2))
	                          : json_null(),
	                      "changes", parse(st_text(s, 3), 0), "score",
	                      sqlite3_column_double(s, 4), "reasons",
	                      parse(st_text(s, 5), 1), "status", st_text(s, 6),
	                      "created_at", st_text(s, 7));

	if (!o)
		return NULL;
	json_object_set_new(o, "decided_at",
	                    sqlite3_column_type(s, 8) == SQLITE_NULL
	                        ? json_null()
	                        : json_string(st_text(s, 8)));
	json_object_set_new(o, "decided_by",
	                    sqlite3_column_type(s, 8) == SQLITE_NULL
	                        ? json_null()
	                        : json_string(st_text(s, 9)));
	return o;
}

json_t *ms_store_lead_proposals(ms_store *st, int64_t id, int64_t owner,
                                ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	json_t *arr = NULL, *lead = st_lead_get(db, id, owner, err);

	if (!lead)
		goto out;
	if (st_prep(db,
	            FAMILY_CTE "SELECT " PROP_COLS PROP_FROM
	                       " WHERE p.lead_id IN m ORDER BY p.id",
	            &s, err))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	arr = json_array();
	while (arr && sqlite3_step(s) == SQLITE_ROW)
		json_array_append_new(arr, prop_json(s));
out:
	json_decref(lead);
	sqlite3_finalize(s);
	st_put(st, db);
	return arr;
}

static json_t *prop_get(sqlite3 *db, int64_t pid, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	json_t *o = NULL;

	if (st_prep(db, "SELECT " PROP_COLS PROP_FROM " WHERE p.id = ?", &s,
	            err))
		return NULL;
	sqlite3_bind_int64(s, 1, pid);
	if (sqlite3_step(s) == SQLITE_ROW)
		o = prop_json(s);
	else
		ms_err_set(err, MS_ERR_NOTFOUND, "no proposal with id %lld",
		           (long long)pid);
	sqlite3_finalize(s);
	return o;
}

/* Closes a history entry: the lead's company, department and title as
 * they were from the end of the previous entry (or the lead's creation)
 * until now. */
static ms_rc add_history(sqlite3 *db, const json_t *lead, int64_t pid,
                         ms_err *err)
{
	const json_t *f = json_object_get(lead, "fields");
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc =
	         st_prep(db,
	                 "INSERT INTO lead_history(lead_id, company,"
	                 " department, title, valid_from, valid_to,"
	                 " proposal_id) VALUES(?1, ?2, ?3, ?4, coalesce((SELECT"
	                 " max(valid_to) FROM lead_history WHERE lead_id ="
	                 " ?1), ?5), " MS_NOW_SQL ", ?6)",
	                 &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1,
	                   json_integer_value(json_object_get(lead, "id")));
	sqlite3_bind_text(s, 2, str_of(f, "company"), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, str_of(f, "department"), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, str_of(f, "title"), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, str_of(lead, "created_at"), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, pid);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "add history", err);
	sqlite3_finalize(s);
	return rc;
}

/* Applies an open proposal's changes to its lead. */
static ms_rc accept(sqlite3 *db, const json_t *prop, json_t *lead,
                    int64_t actor, ms_err *err)
{
	int64_t id = json_integer_value(json_object_get(lead, "id"));
	int64_t pid = json_integer_value(json_object_get(prop, "id"));
	const char *status = str_of(lead, "status");
	json_t *cur = json_object_get(lead, "fields");
	json_t *nf = json_deep_copy(cur), *v;
	const char *k;
	int job = 0, changed = 0;
	char what[64];
	ms_rc rc = MS_OK;

	if (!nf)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	json_object_foreach(json_object_get(prop, "changes"), k, v)
	{
		const char *to = str_of(v, "to");

		if (!ms_dd_is_lead_key(k) || !strcmp(str_of(cur, k), to))
			continue;
		if (!strcmp(k, "company") || !strcmp(k, "department") ||
		    !strcmp(k, "title"))
			job = 1;
		if ((rc = st_audit(db, id, actor, k, str_of(cur, k), to, err)))
			goto out;
		json_object_set_new(nf, k, json_string(to));
		changed++;
	}
	if (job && (rc = add_history(db, lead, pid, err)))
		goto out;
	if (changed) {
		if ((rc = st_write_lead(db, id, nf, status, 0, err)))
			goto out;
		if (!strcmp(status, "approved") &&
		    (rc = st_feed_touch(db, id, "upsert", "", 0, err)))
			goto out;
	}
	snprintf(what, sizeof(what), "accepted proposal %lld", (long long)pid);
	rc = st_audit(db, id, actor, "proposal", "", what, err);
out:
	json_decref(nf);
	return rc;
}

ms_rc ms_store_proposal_decide(ms_store *st, int64_t pid, int64_t actor,
                               int accept_it, int64_t version, json_t **out,
                               ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	json_t *prop = NULL, *lead = NULL;
	int64_t lid, into;
	char what[64];
	ms_rc rc;

	*out = NULL;
	if ((rc = st_begin(db, err)))
		goto out;
	if (!(prop = prop_get(db, pid, err))) {
		rc = err->rc;
		goto fail;
	}
	if (strcmp(str_of(prop, "status"), "open")) {
		rc = ms_err_set(err, MS_ERR_CONFLICT,
		                "proposal %lld was %s already", (long long)pid,
		                str_of(prop, "status"));
		goto fail;
	}
	lid = json_integer_value(json_object_get(prop, "lead_id"));
	/* A proposal of a lead merged since applies to its survivor. */
	while ((into = 0, st_prep(db,
	                          "SELECT coalesce(merged_into, 0) FROM leads"
	                          " WHERE id = ? AND status = 'removed'",
	                          &s, err) == MS_OK)) {
		sqlite3_bind_int64(s, 1, lid);
		if (sqlite3_step(s) == SQLITE_ROW)
			into = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		s = NULL;
		if (!into)
			break;
		lid = into;
	}
	if ((rc = st_lock_lead(db, lid, 0, version, &lead, err)))
		goto fail;
	if (accept_it) {
		if ((rc = accept(db, prop, lead, actor, err)))
			goto fail;
	} else {
		snprintf(what, sizeof(what), "rejected proposal %lld",
		         (long long)pid);
		if ((rc = st_audit(db, lid, actor, "proposal", "", what, err)))
			goto fail;
	}
	if ((rc = st_prep(
	         db,
	         "UPDATE proposals SET status = ?, decided_at = " MS_NOW_SQL
	         ", decided_by = ? WHERE id = ?",
	         &s, err)))
		goto fail;
	sqlite3_bind_text(s, 1, accept_it ? "accepted" : "rejected", -1,
	                  SQLITE_STATIC);
	if (actor > 0)
		sqlite3_bind_int64(s, 2, actor);
	sqlite3_bind_int64(s, 3, pid);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = st_fail(db, "decide proposal", err);
		goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	json_decref(prop);
	json_decref(lead);
	prop = prop_get(db, pid, err);
	lead = st_lead_get(db, lid, 0, err);
	if (lead)
		st_lead_extras(db, lead);
	if ((rc = st_commit(db, err)))
		goto out;
	*out = json_pack("{s:o, s:o}", "proposal", prop ? prop : json_null(),
	                 "lead", lead ? lead : json_null());
	prop = lead = NULL;
	goto out;
fail:
	st_rollback(db);
out:
	sqlite3_finalize(s);
	json_decref(prop);
	json_decref(lead);
	st_put(st, db);
	return rc;
}

json_t *ms_store_lead_history(ms_store *st, int64_t id, int64_t owner,
                              ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	json_t *arr = NULL, *res = NULL,
	       *lead = st_lead_get(db, id, owner, err);
	const json_t *f;

	if (!lead)
		goto out;
	if (st_prep(db,
	            FAMILY_CTE
	            "SELECT h.lead_id, h.company, h.department, h.title,"
	            " h.valid_from, h.valid_to, coalesce(h.proposal_id, 0)"
	            " FROM lead_history h WHERE h.lead_id IN m"
	            " ORDER BY h.valid_to, h.id",
	            &s, err))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	arr = json_array();
	while (arr && sqlite3_step(s) == SQLITE_ROW)
		json_array_append_new(
		    arr,
		    json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "lead_id",
		              (json_int_t)sqlite3_column_int64(s, 0), "company",
		              st_text(s, 1), "department", st_text(s, 2),
		              "title", st_text(s, 3), "from", st_text(s, 4),
		              "to", st_text(s, 5), "proposal_id",
		              sqlite3_column_int64(s, 6)
		                  ? json_integer(sqlite3_column_int64(s, 6))
		                  : json_null()));
	f = json_object_get(lead, "fields");
	{
		size_t n = json_array_size(arr);
		const char *since =
		    n ? json_string_value(
		            json_object_get(json_array_get(arr, n - 1), "to"))
		      : json_string_value(json_object_get(lead, "created_at"));

		res =
		    json_pack("{s:o, s:{s:s, s:s, s:s, s:s}}", "history", arr,
		              "current", "company", str_of(f, "company"),
		              "department", str_of(f, "department"), "title",
		              str_of(f, "title"), "since", since ? since : "");
		arr = NULL;
	}
out:
	json_decref(arr);
	json_decref(lead);
	sqlite3_finalize(s);
	st_put(st, db);
	return res;
}
