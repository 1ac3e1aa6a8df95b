/*
 * Front and back: a rep may photograph both sides of a card and mark the
 * second photo as the back of the first. The pair is kept in card_pairs
 * (schema version 2); the review queue then shows the back beside the
 * front instead of as a card of its own. The two cards make one lead: the
 * back fills its front's lead (src/store/dupes.c, merges.c), whichever
 * side is scanned first.
 */
#include <stdio.h>

#include "store/store_int.h"

/* 1 if card id exists and is visible to owner (0: any). */
static int visible(sqlite3 *db, int64_t id, int64_t owner)
{
	sqlite3_stmt *s = NULL;
	ms_err err;
	int ok = 0;

	if (st_prep(db,
		    "SELECT 1 FROM cards WHERE id = ? AND"
		    " (? = 0 OR uploader_id = ?)",
		    &s, &err))
		return 0;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, owner);
	sqlite3_bind_int64(s, 3, owner);
	ok = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return ok;
}

ms_rc ms_store_card_pair(ms_store *st, int64_t back, int64_t front,
			 int64_t owner, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_begin(db, err)))
		goto out;
	if (!visible(db, back, owner) || !visible(db, front, owner)) {
		rc = ms_err_set(err, MS_ERR_NOTFOUND,
				"card %lld or %lld was not found",
				(long long)back, (long long)front);
		goto fail;
	}
	if (back == front) {
		rc = ms_err_set(err, MS_ERR_INVALID,
				"a card cannot be its own back");
		goto fail;
	}
	if ((rc = st_prep(db,
			  "SELECT 1 FROM card_pairs WHERE back_id = ?"
			  " OR front_id = ?",
			  &s, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, front);
	sqlite3_bind_int64(s, 2, back);
	if (sqlite3_step(s) == SQLITE_ROW) {
		rc = ms_err_set(err, MS_ERR_INVALID,
				"card %lld is already a back, or %lld already "
				"has a back", (long long)front,
				(long long)back);
		goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	if ((rc = st_prep(db,
			  "INSERT OR REPLACE INTO card_pairs(back_id,"
			  " front_id, created_at) VALUES(?, ?, " MS_NOW_SQL
			  ")",
			  &s, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, back);
	sqlite3_bind_int64(s, 2, front);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = st_fail(db, "pair cards", err);
		goto fail;
	}
	/* Both sides scanned already: their leads become one. */
	if ((rc = st_pair_combine(db, front, back, err)))
		goto fail;
	rc = st_commit(db, err);
	goto out;
fail:
	st_rollback(db);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

json_t *ms_store_card_pairs(ms_store *st, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	json_t *arr = NULL;

	if (st_prep(db, "SELECT front_id, back_id FROM card_pairs", &s, err))
		goto out;
	arr = json_array();
	while (arr && sqlite3_step(s) == SQLITE_ROW)
		json_array_append_new(
			arr, json_pack("[II]",
				       (json_int_t)sqlite3_column_int64(s, 0),
				       (json_int_t)sqlite3_column_int64(s, 1)));
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return arr;
}
