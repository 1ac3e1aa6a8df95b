/*
 * "Not a duplicate" (issue 4): an admin's word that two leads flagged as
 * possibly the same person are different people. A dismissal is a row
 * (schema 8) with who and when; undoing it closes the row (undone_at,
 * undone_by) rather than deleting it, and both are audited on both
 * leads. Nothing about the leads themselves changes: their fields,
 * versions, links and feed rows stay as they were.
 *
 * A dismissal holds for the people, not only for two ids: it follows the
 * leads through merges (ST_NOTDUP_SQL in store_int.h), so a later scan of
 * either person that becomes a lead of its own and is merged back does
 * not bring the pair up again.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

#define DISMISSAL_SQL                                                    \
	"SELECT d.id, d.lo_id, d.hi_id, d.at, coalesce(u.name, ''),"      \
	" d.undone_at, coalesce(v.name, '') FROM lead_dismissals d"       \
	" LEFT JOIN users u ON u.id = d.user_id"                          \
	" LEFT JOIN users v ON v.id = d.undone_by "

/* A row selected by DISMISSAL_SQL as JSON; lead and other are the two
 * ends, `self` first when it is one of them. */
static json_t *dismissal_json(sqlite3_stmt *s, int64_t self)
{
	int64_t lo = sqlite3_column_int64(s, 1);
	int64_t hi = sqlite3_column_int64(s, 2);
	int undone = sqlite3_column_type(s, 5) != SQLITE_NULL;
	json_t *o;

	if (self == hi) {
		hi = lo;
		lo = self;
	}
	o = json_pack("{s:I, s:I, s:I, s:s, s:s}", "id",
		      (json_int_t)sqlite3_column_int64(s, 0), "lead",
		      (json_int_t)lo, "other", (json_int_t)hi, "at",
		      st_text(s, 3), "user", st_text(s, 4));
	if (!o)
		return NULL;
	json_object_set_new(o, "undone_at",
			    undone ? json_string(st_text(s, 5)) : json_null());
	json_object_set_new(o, "undone_by",
			    undone ? json_string(st_text(s, 6)) : json_null());
	return o;
}

static json_t *dismissal_get(sqlite3 *db, int64_t id, int64_t self,
			     ms_err *err)
{
	sqlite3_stmt *s = NULL;
	json_t *o = NULL;

	if (st_prep(db, DISMISSAL_SQL "WHERE d.id = ?", &s, err))
		return NULL;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		o = dismissal_json(s, self);
	if (!o)
		ms_err_set(err, MS_ERR_NOTFOUND, "no dismissal with id %lld",
			   (long long)id);
	sqlite3_finalize(s);
	return o;
}

int st_not_dup(sqlite3 *db, int64_t lead, int64_t other)
{
	sqlite3_stmt *s = NULL;
	int yes = 0;

	if (st_prep(db, "SELECT ?2 IN " ST_NOTDUP_SQL("?1"), &s, NULL))
		return 0;
	sqlite3_bind_int64(s, 1, lead);
	sqlite3_bind_int64(s, 2, other);
	if (sqlite3_step(s) == SQLITE_ROW)
		yes = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return yes;
}

ms_rc ms_store_dup_dismiss(ms_store *st, int64_t lead, int64_t other,
			   int64_t actor, json_t **out, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	json_t *a = NULL, *b = NULL;
	int64_t id = 0;
	char what[128];
	ms_rc rc;

	*out = NULL;
	if ((rc = st_begin(db, err)))
		goto out;
	if (!(a = st_lead_get(db, lead, 0, err))) {
		rc = err->rc;
		goto fail;
	}
	if (other == lead) {
		rc = ms_err_set(err, MS_ERR_INVALID,
				"a lead is always the same person as itself");
		goto fail;
	}
	if (!(b = st_lead_get(db, other, 0, err))) {
		rc = ms_err_set(err, MS_ERR_INVALID, "no lead with id %lld",
				(long long)other);
		goto fail;
	}
	if (st_not_dup(db, lead, other)) {
		rc = ms_err_set(err, MS_ERR_CONFLICT,
				"leads %lld and %lld are marked as different "
				"people already",
				(long long)lead, (long long)other);
		goto fail;
	}
	if ((rc = st_prep(db,
			  "INSERT INTO lead_dismissals(lo_id, hi_id, user_id,"
			  " at) VALUES(min(?1, ?2), max(?1, ?2), ?3, "
			  MS_NOW_SQL ")",
			  &s, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, lead);
	sqlite3_bind_int64(s, 2, other);
	if (actor > 0)
		sqlite3_bind_int64(s, 3, actor);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = st_fail(db, "dismiss duplicate", err);
		goto fail;
	}
	id = sqlite3_last_insert_rowid(db);
	snprintf(what, sizeof(what),
		 "not a duplicate of lead %lld (dismissal %lld)",
		 (long long)other, (long long)id);
	if ((rc = st_audit(db, lead, actor, "not_duplicate", "", what, err)))
		goto fail;
	snprintf(what, sizeof(what),
		 "not a duplicate of lead %lld (dismissal %lld)",
		 (long long)lead, (long long)id);
	if ((rc = st_audit(db, other, actor, "not_duplicate", "", what, err)))
		goto fail;
	if (!(*out = dismissal_get(db, id, lead, err))) {
		rc = err->rc;
		goto fail;
	}
	if ((rc = st_commit(db, err))) {
		json_decref(*out);
		*out = NULL;
	}
	goto out;
fail:
	st_rollback(db);
out:
	sqlite3_finalize(s);
	json_decref(a);
	json_decref(b);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_dismissal_undo(ms_store *st, int64_t id, int64_t actor,
			      json_t **out, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	int64_t lo = 0, hi = 0, ends[2];
	char what[128];
	int undone = 0, i;
	ms_rc rc;

	*out = NULL;
	if ((rc = st_begin(db, err)))
		goto out;
	if ((rc = st_prep(db,
			  "SELECT lo_id, hi_id, undone_at IS NOT NULL FROM"
			  " lead_dismissals WHERE id = ?",
			  &s, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = ms_err_set(err, MS_ERR_NOTFOUND,
				"no dismissal with id %lld", (long long)id);
		goto fail;
	}
	lo = sqlite3_column_int64(s, 0);
	hi = sqlite3_column_int64(s, 1);
	undone = sqlite3_column_int(s, 2);
	sqlite3_finalize(s);
	s = NULL;
	if (undone) {
		rc = ms_err_set(err, MS_ERR_CONFLICT,
				"dismissal %lld was undone already",
				(long long)id);
		goto fail;
	}
	if ((rc = st_prep(db,
			  "UPDATE lead_dismissals SET undone_at = " MS_NOW_SQL
			  ", undone_by = ? WHERE id = ?",
			  &s, err)))
		goto fail;
	if (actor > 0)
		sqlite3_bind_int64(s, 1, actor);
	sqlite3_bind_int64(s, 2, id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = st_fail(db, "undo dismissal", err);
		goto fail;
	}
	/* Audited on both leads, removed or merged ones included: their
	 * trail reaches the survivor's. */
	ends[0] = lo;
	ends[1] = hi;
	for (i = 0; i < 2; i++) {
		snprintf(what, sizeof(what),
			 "not a duplicate of lead %lld (dismissal %lld)",
			 (long long)ends[1 - i], (long long)id);
		if ((rc = st_audit(db, ends[i], actor, "not_duplicate", what,
				   "", err)))
			goto fail;
	}
	if (!(*out = dismissal_get(db, id, 0, err))) {
		rc = err->rc;
		goto fail;
	}
	if ((rc = st_commit(db, err))) {
		json_decref(*out);
		*out = NULL;
	}
	goto out;
fail:
	st_rollback(db);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

json_t *ms_store_lead_dismissals(ms_store *st, int64_t id, int64_t owner,
				 ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	json_t *arr = NULL, *lead = st_lead_get(db, id, owner, err);

	if (!lead)
		goto out;
	if (st_prep(db,
		    DISMISSAL_SQL "WHERE d.lo_id = ?1 OR d.hi_id = ?1"
				  " ORDER BY d.id",
		    &s, err))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	arr = json_array();
	while (arr && sqlite3_step(s) == SQLITE_ROW)
		json_array_append_new(arr, dismissal_json(s, id));
out:
	json_decref(lead);
	sqlite3_finalize(s);
	st_put(st, db);
	return arr;
}
