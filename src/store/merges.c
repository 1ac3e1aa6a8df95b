/*
 * Merging two leads and undoing it (issue 4). The survivor keeps its id,
 * takes the chosen fields, every card of the other lead, and (through the
 * merges table) the other's audit trail, proposals and history; the other
 * lead becomes a tombstone pointing to the survivor, which the export
 * feed shows as a delete with merged_into. A merge row keeps what undoing
 * needs: the survivor's fields and status before and after, the other's
 * status, and the cards that moved.
 *
 * Undo restores each field of the survivor that still holds the merged
 * value (a later edit wins), moves the cards back, and revives the other
 * lead with a higher version: an upsert in the feed if it was approved.
 * The front and back of one card are joined by the same machinery
 * (kind "pair"), so that too can be undone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

static const char *str_of(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));

	return v ? v : "";
}

/* Moves every card of lead `from` to lead `to`; *moved gets their ids. */
static ms_rc move_cards(sqlite3 *db, int64_t from, int64_t to, json_t *moved,
                        ms_err *err)
{
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db, "SELECT id FROM cards WHERE lead_id = ?", &s,
	                  err)))
		return rc;
	sqlite3_bind_int64(s, 1, from);
	while (sqlite3_step(s) == SQLITE_ROW)
		json_array_append_new(moved,
		                      json_integer(sqlite3_column_int64(s, 0)));
	sqlite3_finalize(s);
	return st_run(db, "move cards", err,
		      "UPDATE cards SET lead_id = ? WHERE lead_id = ?", "ii",
		      to, from);
}

/* Audits and writes new fields and status of a live lead; its feed row
 * follows (upsert if approved, else a tombstone with `why` if it was in
 * the feed). */
static ms_rc rewrite(sqlite3 *db, json_t *lead, const json_t *fields,
                     const char *status, const char *why, int64_t actor,
                     ms_err *err)
{
	int64_t id = json_integer_value(json_object_get(lead, "id"));
	const char *old = str_of(lead, "status");
	json_t *cur = json_object_get(lead, "fields");
	int i;
	ms_rc rc;

	for (i = 0; i < MS_DD_LEAD_NKEYS; i++) {
		const char *k = ms_dd_lead_keys[i];

		if (strcmp(str_of(cur, k), str_of(fields, k)) &&
		    (rc = st_audit(db, id, actor, k, str_of(cur, k),
		                   str_of(fields, k), err)))
			return rc;
	}
	if (strcmp(old, status) &&
	    (rc = st_audit(db, id, actor, "status", old, status, err)))
		return rc;
	if ((rc = st_write_lead(db, id, fields, status, 0, err)))
		return rc;
	if (!strcmp(status, "approved"))
		return st_feed_touch(db, id, "upsert", "", 0, err);
	if (st_in_feed(db, id))
		return st_feed_touch(db, id, "delete", why, 0, err);
	return MS_OK;
}

ms_rc st_merge(sqlite3 *db, int64_t survivor, int64_t other,
               const json_t *fields, const char *kind, int64_t actor,
               int64_t *merge_id, ms_err *err)
{
	json_t *sl = NULL, *ol = NULL, *before = NULL, *cards = json_array();
	char *bj = NULL, *aj = NULL, *cj = NULL, what[96];
	const char *sst, *ost, *nst;
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	*merge_id = 0;
	if (survivor == other) {
		rc = ms_err_set(err, MS_ERR_INVALID,
		                "a lead cannot be merged with itself");
		goto out;
	}
	sl = st_lead_get(db, survivor, 0, err);
	ol = sl ? st_lead_get(db, other, 0, err) : NULL;
	if (!sl || !ol || !cards) {
		rc = !cards ? ms_err_set(err, MS_ERR_NOMEM, "out of memory")
		            : err->rc;
		goto out;
	}
	sst = str_of(sl, "status");
	ost = str_of(ol, "status");
	/* The other lead may already be in the CRM: the survivor then is. */
	nst =
	    !strcmp(ost, "approved") && !strcmp(sst, "new") ? "approved" : sst;
	before = json_pack("{s:O, s:s}", "fields",
	                   json_object_get(sl, "fields"), "status", sst);
	bj = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	aj = json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS);
	if (!bj || !aj) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = rewrite(db, sl, fields, nst, sst, actor, err)) ||
	    (rc = move_cards(db, other, survivor, cards, err)) ||
	    (rc = st_audit(db, other, actor, "status", ost, "merged", err)) ||
	    (rc = st_write_lead(db, other, json_object_get(ol, "fields"),
	                        "removed", survivor, err)))
		goto out;
	if ((!strcmp(ost, "approved") || st_in_feed(db, other)) &&
	    (rc = st_feed_touch(db, other, "delete", "merged", survivor, err)))
		goto out;
	cj = json_dumps(cards, JSON_COMPACT);
	if (!cj) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = st_prep(db,
	                  "INSERT INTO merges(survivor_id, other_id, kind,"
	                  " survivor_before, survivor_after, other_status,"
	                  " cards, user_id, at) VALUES(?, ?, ?, ?, ?, ?, ?, "
	                  "?, " MS_NOW_SQL ")",
	                  &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, survivor);
	sqlite3_bind_int64(s, 2, other);
	sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, bj, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, aj, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, ost, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, cj, -1, SQLITE_STATIC);
	if (actor > 0)
		sqlite3_bind_int64(s, 8, actor);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = st_fail(db, "record merge", err);
		goto out;
	}
	*merge_id = sqlite3_last_insert_rowid(db);
	snprintf(what, sizeof(what), "lead %lld merged in (%s %lld)",
	         (long long)other, kind, (long long)*merge_id);
	rc = st_audit(db, survivor, actor, "merge", "", what, err);
out:
	sqlite3_finalize(s);
	json_decref(sl);
	json_decref(ol);
	json_decref(before);
	json_decref(cards);
	free(bj);
	free(aj);
	free(cj);
	return rc;
}

ms_rc st_pair_combine(sqlite3 *db, int64_t front, int64_t back, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	int64_t fl = 0, bl = 0, bown = 0, mid;
	json_t *f = NULL, *fj = NULL, *bj = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
	                  "SELECT (SELECT lead_id FROM cards WHERE id = ?1),"
	                  " (SELECT lead_id FROM cards WHERE id = ?2),"
	                  " (SELECT card_id FROM leads WHERE id = (SELECT"
	                  " lead_id FROM cards WHERE id = ?2))",
	                  &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, front);
	sqlite3_bind_int64(s, 2, back);
	if (sqlite3_step(s) == SQLITE_ROW) {
		fl = sqlite3_column_int64(s, 0);
		bl = sqlite3_column_int64(s, 1);
		bown = sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	/* Only a lead the back made itself is taken in. */
	if (!fl || !bl || fl == bl || bown != back)
		return MS_OK;
	fj = st_lead_get(db, fl, 0, NULL);
	bj = st_lead_get(db, bl, 0, NULL);
	if (fj && bj) {
		f = ms_dd_front_back(json_object_get(fj, "fields"),
		                     json_object_get(bj, "fields"));
		rc = f ? st_merge(db, fl, bl, f, "pair", 0, &mid, err)
		       : ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	}
	json_decref(f);
	json_decref(fj);
	json_decref(bj);
	return rc;
}

ms_rc ms_store_lead_merge(ms_store *st, int64_t survivor, int64_t other,
                          int64_t actor, int64_t version, int64_t other_version,
                          const json_t *choices, json_t **out,
                          int64_t *merge_id, ms_err *err)
{
	sqlite3 *db = st_get(st);
	json_t *sl = NULL, *ol = NULL, *f = NULL;
	ms_rc rc;

	*out = NULL;
	*merge_id = 0;
	if ((rc = st_begin(db, err)))
		goto out;
	if ((rc = st_lock_lead(db, survivor, 0, version, &sl, err)))
		goto fail;
	if (other == survivor) {
		rc = ms_err_set(err, MS_ERR_INVALID,
		                "a lead cannot be merged with itself");
		goto fail;
	}
	if ((rc = st_lock_lead(db, other, 0, other_version, &ol, err))) {
		if (rc == MS_ERR_NOTFOUND)
			rc = ms_err_set(err, MS_ERR_INVALID,
			                "no lead with id %lld to merge",
			                (long long)other);
		goto fail;
	}
	if ((rc = ms_dd_merge_fields(json_object_get(sl, "fields"),
	                             json_object_get(ol, "fields"), choices, &f,
	                             err)) ||
	    (rc = st_merge(db, survivor, other, f, "merge", actor, merge_id,
	                   err)))
		goto fail;
	*out = st_lead_get(db, survivor, 0, err);
	if (*out)
		st_lead_extras(db, *out);
	if ((rc = st_commit(db, err))) {
		json_decref(*out);
		*out = NULL;
	}
	goto out;
fail:
	st_rollback(db);
out:
	json_decref(sl);
	json_decref(ol);
	json_decref(f);
	st_put(st, db);
	return rc;
}

/* The fields of survivor after undo: each field the merge set and nobody
 * changed since goes back to its value before. */
static json_t *undo_fields(const json_t *cur, const json_t *before,
                           const json_t *after)
{
	json_t *o = json_deep_copy(cur);
	int i;

	if (!o)
		return NULL;
	for (i = 0; i < MS_DD_LEAD_NKEYS; i++) {
		const char *k = ms_dd_lead_keys[i];

		if (!strcmp(str_of(cur, k), str_of(after, k)) &&
		    strcmp(str_of(before, k), str_of(after, k)))
			json_object_set_new(o, k,
			                    json_string(str_of(before, k)));
	}
	if (json_object_get(before, "e164"))
		json_object_set(o, "e164", json_object_get(before, "e164"));
	return o;
}

ms_rc ms_store_merge_undo(ms_store *st, int64_t merge_id, int64_t actor,
                          json_t **out, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	json_t *before = NULL, *after = NULL, *cards = NULL, *sl = NULL;
	json_t *of = NULL, *nf = NULL, *ol = NULL, *c;
	int64_t surv = 0, other = 0, mi = 0;
	char ostatus[16] = "", what[96];
	const char *sst;
	size_t i;
	ms_rc rc;

	*out = NULL;
	if ((rc = st_begin(db, err)))
		goto out;
	if ((rc = st_prep(db,
	                  "SELECT g.survivor_id, g.other_id, g.survivor_before,"
	                  " g.survivor_after, g.other_status, g.cards,"
	                  " g.undone_at IS NOT NULL, l.fields,"
	                  " coalesce(l.merged_into, 0)"
	                  " FROM merges g JOIN leads l ON l.id = g.other_id"
	                  " WHERE g.id = ?",
	                  &s, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, merge_id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = ms_err_set(err, MS_ERR_NOTFOUND, "no merge with id %lld",
		                (long long)merge_id);
		goto fail;
	}
	surv = sqlite3_column_int64(s, 0);
	other = sqlite3_column_int64(s, 1);
	before = json_loads(st_text(s, 2), 0, NULL);
	after = json_loads(st_text(s, 3), 0, NULL);
	snprintf(ostatus, sizeof(ostatus), "%s", st_text(s, 4));
	cards = json_loads(st_text(s, 5), 0, NULL);
	of = json_loads(st_text(s, 7), 0, NULL);
	mi = sqlite3_column_int64(s, 8);
	if (sqlite3_column_int(s, 6)) {
		rc = ms_err_set(err, MS_ERR_CONFLICT,
		                "merge %lld was undone already",
		                (long long)merge_id);
		goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	sl = st_lead_get(db, surv, 0, err);
	if (!sl || mi != surv) {
		rc = ms_err_set(err, MS_ERR_CONFLICT,
		                "lead %lld was merged or removed since; undo "
		                "that first",
		                (long long)(sl ? other : surv));
		goto fail;
	}
	nf = undo_fields(json_object_get(sl, "fields"),
	                 json_object_get(before, "fields"), after);
	sst = str_of(sl, "status");
	if (!nf || !of || !cards) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto fail;
	}
	/* A status the merge raised goes back too, unless changed since. */
	if (!strcmp(sst, "approved") &&
	    strcmp(str_of(before, "status"), "approved") &&
	    !strcmp(ostatus, "approved"))
		sst = str_of(before, "status");
	/* Out of the feed only if the merge had brought it in. */
	if ((rc = rewrite(db, sl, nf, sst, "unmerged", actor, err)))
		goto fail;
	if ((rc = st_prep(db,
	                  "UPDATE cards SET lead_id = ?1 WHERE id = ?2 AND"
	                  " lead_id = ?3",
	                  &s, err)))
		goto fail;
	json_array_foreach(cards, i, c)
	{
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, other);
		sqlite3_bind_int64(s, 2, json_integer_value(c));
		sqlite3_bind_int64(s, 3, surv);
		if (sqlite3_step(s) != SQLITE_DONE) {
			rc = st_fail(db, "move card back", err);
			goto fail;
		}
	}
	sqlite3_finalize(s);
	s = NULL;
	/* The other lead lives again, with a higher version. */
	if ((rc = st_audit(db, other, actor, "status", "merged", ostatus,
	                   err)) ||
	    (rc = st_write_lead(db, other, of, ostatus, 0, err)))
		goto fail;
	if (!strcmp(ostatus, "approved"))
		rc = st_feed_touch(db, other, "upsert", "", 0, err);
	else if (st_in_feed(db, other))
		rc = st_feed_touch(db, other, "delete", ostatus, 0, err);
	if (rc)
		goto fail;
	if ((rc = st_prep(db,
	                  "UPDATE merges SET undone_at = " MS_NOW_SQL ","
	                  " undone_by = ? WHERE id = ?",
	                  &s, err)))
		goto fail;
	if (actor > 0)
		sqlite3_bind_int64(s, 1, actor);
	sqlite3_bind_int64(s, 2, merge_id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = st_fail(db, "undo merge", err);
		goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	snprintf(what, sizeof(what),
	         "lead %lld split off again (merge %lld "
	         "undone)",
	         (long long)other, (long long)merge_id);
	if ((rc = st_audit(db, surv, actor, "unmerge", "", what, err)))
		goto fail;
	snprintf(what, sizeof(what), "split off lead %lld (merge %lld undone)",
	         (long long)surv, (long long)merge_id);
	if ((rc = st_audit(db, other, actor, "unmerge", "", what, err)))
		goto fail;
	json_decref(sl);
	sl = st_lead_get(db, surv, 0, err);
	ol = st_lead_get(db, other, 0, err);
	if (sl)
		st_lead_extras(db, sl);
	if (ol)
		st_lead_extras(db, ol);
	if ((rc = st_commit(db, err)))
		goto out;
	*out = json_pack("{s:I, s:o, s:o}", "merge_id", (json_int_t)merge_id,
	                 "survivor", sl ? sl : json_null(), "other",
	                 ol ? ol : json_null());
	sl = ol = NULL;
	goto out;
fail:
	st_rollback(db);
out:
	sqlite3_finalize(s);
	json_decref(before);
	json_decref(after);
	json_decref(cards);
	json_decref(sl);
	json_decref(ol);
	json_decref(of);
	json_decref(nf);
	st_put(st, db);
	return rc;
}

json_t *ms_store_lead_merges(ms_store *st, int64_t id, int64_t owner,
                             ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	json_t *arr = NULL, *lead = st_lead_get(db, id, owner, err);

	if (!lead)
		goto out;
	if (st_prep(db,
	            "SELECT g.id, g.kind, g.survivor_id, g.other_id, g.at,"
	            " coalesce(u.name, ''), g.undone_at, coalesce(v.name, '')"
	            " FROM merges g LEFT JOIN users u ON u.id = g.user_id"
	            " LEFT JOIN users v ON v.id = g.undone_by"
	            " WHERE g.survivor_id = ?1 OR g.other_id = ?1"
	            " ORDER BY g.id",
	            &s, err))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	arr = json_array();
	while (arr && sqlite3_step(s) == SQLITE_ROW) {
		json_t *m =
		    json_pack("{s:I, s:s, s:I, s:I, s:s, s:s}", "id",
		              (json_int_t)sqlite3_column_int64(s, 0), "kind",
		              st_text(s, 1), "survivor",
		              (json_int_t)sqlite3_column_int64(s, 2), "other",
		              (json_int_t)sqlite3_column_int64(s, 3), "at",
		              st_text(s, 4), "user", st_text(s, 5));

		if (!m)
			continue;
		json_object_set_new(m, "undone_at",
		                    sqlite3_column_type(s, 6) == SQLITE_NULL
		                        ? json_null()
		                        : json_string(st_text(s, 6)));
		json_object_set_new(m, "undone_by",
		                    sqlite3_column_type(s, 6) == SQLITE_NULL
		                        ? json_null()
		                        : json_string(st_text(s, 7)));
		json_array_append_new(arr, m);
	}
out:
	json_decref(lead);
	sqlite3_finalize(s);
	st_put(st, db);
	return arr;
}
