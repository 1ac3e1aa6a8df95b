/*
 * Store functions the web UI's admin pages need beyond the command line's:
 * a user list that says who is disabled, looking a user up by id, and
 * disabling an account.
 *
 * A disabled account keeps its row (its cards and audit rows point at it)
 * but its password hash is prefixed with '!', which no argon2id check
 * accepts, and its sessions are deleted. Setting a new password (a reset)
 * replaces the hash and so enables the account again.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

json_t *ms_store_user_list_ui(ms_store *st, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	json_t *arr = NULL;

	if (st_prep(db,
		    "SELECT id, name, role, created_at,"
		    " substr(pwhash, 1, 1) = '!' FROM users ORDER BY name",
		    &s, err))
		goto out;
	arr = json_array();
	while (arr && sqlite3_step(s) == SQLITE_ROW)
		json_array_append_new(
			arr,
			json_pack("{s:I, s:s, s:s, s:s, s:b}", "id",
				  (json_int_t)sqlite3_column_int64(s, 0),
				  "name", st_text(s, 1), "role",
				  st_text(s, 2), "created_at", st_text(s, 3),
				  "disabled", sqlite3_column_int(s, 4)));
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return arr;
}

ms_rc ms_store_user_by_id(ms_store *st, int64_t id, ms_user *u, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db, "SELECT id, name, role FROM users WHERE id = ?",
			  &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = ms_err_set(err, MS_ERR_NOTFOUND, "no user has id %lld",
				(long long)id);
		goto out;
	}
	u->id = sqlite3_column_int64(s, 0);
	snprintf(u->name, sizeof(u->name), "%s", st_text(s, 1));
	u->role = ms_role_by_name(st_text(s, 2));
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_user_disable(ms_store *st, int64_t id, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_begin(db, err)))
		goto out;
	if ((rc = st_run(db, "disable user", err,
			 "UPDATE users SET pwhash = '!' || pwhash"
			 " WHERE id = ? AND substr(pwhash, 1, 1) <> '!'",
			 "i", id)))
		goto fail;
	if ((rc = st_prep(db, "DELETE FROM sessions WHERE user_id = ?", &s,
			  err)))
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = st_fail(db, "end sessions", err);
		goto fail;
	}
	rc = st_commit(db, err);
	goto out;
fail:
	st_rollback(db);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_user_end_sessions(ms_store *st, int64_t id, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db, "DELETE FROM sessions WHERE user_id = ?", &s,
			  err)))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "end sessions", err);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}
