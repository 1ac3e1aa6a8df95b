/*
 * Accounts in the store: users with their password hashes, login sessions
 * (looked up by a hash of the cookie) and integration tokens (stored only
 * as hashes, revocable by name).
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

const char *ms_role_name(ms_role r)
{
	switch (r) {
	case MS_ROLE_REP: return "rep";
	case MS_ROLE_ADMIN: return "admin";
	case MS_ROLE_INTEGRATION: return "integration";
	case MS_ROLE_NONE: break;
	}
	return "none";
}

ms_role ms_role_by_name(const char *s)
{
	if (!strcmp(s, "rep"))
		return MS_ROLE_REP;
	if (!strcmp(s, "admin"))
		return MS_ROLE_ADMIN;
	if (!strcmp(s, "integration"))
		return MS_ROLE_INTEGRATION;
	return MS_ROLE_NONE;
}

ms_rc ms_store_user_add(ms_store *st, const char *name, ms_role role,
			const char *pwhash, int64_t *id, ms_err *err)
{
	sqlite3 *db;
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if (role != MS_ROLE_ADMIN && role != MS_ROLE_REP)
		return ms_err_set(err, MS_ERR_INVALID,
				  "a user's role is admin or rep");
	db = st_get(st);
	if ((rc = st_prep(db,
			  "INSERT INTO users(name, role, pwhash, created_at)"
			  " VALUES(?, ?, ?, " MS_NOW_SQL ")",
			  &s, err)))
		goto out;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, ms_role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, pwhash, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		if (sqlite3_errcode(db) == SQLITE_CONSTRAINT)
			rc = ms_err_set(err, MS_ERR_CONFLICT,
					"a user named '%s' already exists",
					name);
		else
			rc = st_fail(db, "add user", err);
		goto out;
	}
	if (id)
		*id = sqlite3_last_insert_rowid(db);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_user_set_password(ms_store *st, const char *name,
				 const char *pwhash, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db, "UPDATE users SET pwhash = ? WHERE name = ?",
			  &s, err)))
		goto out;
	sqlite3_bind_text(s, 1, pwhash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "set password", err);
	else if (sqlite3_changes(db) == 0)
		rc = ms_err_set(err, MS_ERR_NOTFOUND, "no user named '%s'",
				name);
	if (rc)
		goto out;
	sqlite3_finalize(s);
	if ((rc = st_prep(db,
			  "DELETE FROM sessions WHERE user_id = "
			  "(SELECT id FROM users WHERE name = ?)",
			  &s, err)))
		goto out;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "end sessions", err);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_user_get(ms_store *st, const char *name, ms_user *u,
			char *pwhash, size_t cap, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
			  "SELECT id, name, role, pwhash FROM users"
			  " WHERE name = ?",
			  &s, err)))
		goto out;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = ms_err_set(err, MS_ERR_NOTFOUND, "no user named '%s'",
				name);
		goto out;
	}
	u->id = sqlite3_column_int64(s, 0);
	snprintf(u->name, sizeof(u->name), "%s", st_text(s, 1));
	u->role = ms_role_by_name(st_text(s, 2));
	if (pwhash)
		snprintf(pwhash, cap, "%s", st_text(s, 3));
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_user_count(ms_store *st, ms_role role, int64_t *n,
			  ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db, "SELECT count(*) FROM users WHERE role = ?", &s,
			  err)))
		goto out;
	sqlite3_bind_text(s, 1, ms_role_name(role), -1, SQLITE_STATIC);
	*n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

static json_t *list_rows(ms_store *st, const char *sql, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	json_t *arr = NULL;
	int i, n;

	if (st_prep(db, sql, &s, err))
		goto out;
	arr = json_array();
	n = sqlite3_column_count(s);
	while (arr && sqlite3_step(s) == SQLITE_ROW) {
		json_t *o = json_object();

		for (i = 0; i < n; i++) {
			if (sqlite3_column_type(s, i) == SQLITE_NULL)
				json_object_set_new(o, sqlite3_column_name(s, i),
						    json_null());
			else if (sqlite3_column_type(s, i) == SQLITE_INTEGER)
				json_object_set_new(
					o, sqlite3_column_name(s, i),
					json_integer(
						sqlite3_column_int64(s, i)));
			else
				json_object_set_new(o, sqlite3_column_name(s, i),
						    json_string(st_text(s, i)));
		}
		json_array_append_new(arr, o);
	}
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return arr;
}

json_t *ms_store_user_list(ms_store *st, ms_err *err)
{
	return list_rows(st,
			 "SELECT id, name, role, created_at FROM users"
			 " ORDER BY id",
			 err);
}

json_t *ms_store_token_list(ms_store *st, ms_err *err)
{
	return list_rows(st,
			 "SELECT id, name, created_at, revoked_at FROM tokens"
			 " ORDER BY id",
			 err);
}

ms_rc ms_store_session_add(ms_store *st, const uint8_t hash[32],
			   int64_t user_id, const char *csrf, int64_t ttl,
			   ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_exec(db,
			  "DELETE FROM sessions WHERE expires < unixepoch()",
			  err)))
		goto out;
	if ((rc = st_prep(db,
			  "INSERT INTO sessions(hash, user_id, csrf,"
			  " created_at, expires) VALUES(?, ?, ?, " MS_NOW_SQL
			  ", unixepoch() + ?)",
			  &s, err)))
		goto out;
	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, user_id);
	sqlite3_bind_text(s, 3, csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, ttl);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "add session", err);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_session_get(ms_store *st, const uint8_t hash[32], ms_user *u,
			   char *csrf, size_t cap, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
			  "SELECT u.id, u.name, u.role, s.csrf FROM sessions s"
			  " JOIN users u ON u.id = s.user_id"
			  " WHERE s.hash = ? AND s.expires >= unixepoch()",
			  &s, err)))
		goto out;
	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = ms_err_set(err, MS_ERR_NOTFOUND,
				"the session has expired or was ended; "
				"log in again");
		goto out;
	}
	u->id = sqlite3_column_int64(s, 0);
	snprintf(u->name, sizeof(u->name), "%s", st_text(s, 1));
	u->role = ms_role_by_name(st_text(s, 2));
	snprintf(csrf, cap, "%s", st_text(s, 3));
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_session_del(ms_store *st, const uint8_t hash[32], ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db, "DELETE FROM sessions WHERE hash = ?", &s,
			  err)))
		goto out;
	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "end session", err);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_token_add(ms_store *st, const char *name,
			 const uint8_t hash[32], ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
			  "INSERT INTO tokens(name, hash, created_at)"
			  " VALUES(?, ?, " MS_NOW_SQL ")",
			  &s, err)))
		goto out;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, hash, 32, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		if (sqlite3_errcode(db) == SQLITE_CONSTRAINT)
			rc = ms_err_set(err, MS_ERR_CONFLICT,
					"a token named '%s' exists; revoke it "
					"first or choose another name",
					name);
		else
			rc = st_fail(db, "add token", err);
	}
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_token_check(ms_store *st, const uint8_t hash[32], char *name,
			   size_t cap, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
			  "SELECT name, revoked_at IS NOT NULL FROM tokens"
			  " WHERE hash = ?",
			  &s, err)))
		goto out;
	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = ms_err_set(err, MS_ERR_NOTFOUND, "unknown token");
		goto out;
	}
	snprintf(name, cap, "%s", st_text(s, 0));
	if (sqlite3_column_int(s, 1))
		rc = ms_err_set(err, MS_ERR_DENIED,
				"this token has been revoked");
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_token_revoke(ms_store *st, const char *name, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
			  "UPDATE tokens SET revoked_at = " MS_NOW_SQL
			  " WHERE name = ? AND revoked_at IS NULL",
			  &s, err)))
		goto out;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "revoke token", err);
	else if (sqlite3_changes(db) == 0)
		rc = ms_err_set(err, MS_ERR_NOTFOUND,
				"no live token named '%s'", name);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}
