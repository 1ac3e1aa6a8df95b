/*
 * Private to src/store: the connection pool, statement helpers and the
 * pieces shared by the files that implement store.h.
 */
#ifndef MEISHI_STORE_INT_H
#define MEISHI_STORE_INT_H

#include <pthread.h>
#include <sqlite3.h>

#include "meishi/store.h"

/* The current time as SQLite writes it: ISO 8601 UTC with milliseconds. */
#define MS_NOW_SQL "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

struct ms_store {
	char dir[MS_SRV_MAX_PATH];
	char db_id[40];
	sqlite3 **conns;
	int nconns;
	int *busy;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	ms_feed_render_fn render; /* NULL: feed bodies built when read */
};

/* Borrows a connection; every borrow is matched by st_put. */
sqlite3 *st_get(ms_store *st);
void st_put(ms_store *st, sqlite3 *db);

/* Prepares sql or fills err. */
ms_rc st_prep(sqlite3 *db, const char *sql, sqlite3_stmt **out,
	      ms_err *err) MS_WUR;
/* Runs sql without results. */
ms_rc st_exec(sqlite3 *db, const char *sql, ms_err *err) MS_WUR;
/* Maps a SQLite failure to an ms_rc with a message. */
ms_rc st_fail(sqlite3 *db, const char *what, ms_err *err);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
ms_rc st_begin(sqlite3 *db, ms_err *err) MS_WUR;
ms_rc st_commit(sqlite3 *db, ms_err *err) MS_WUR;
void st_rollback(sqlite3 *db);

/* Column text or "". */
const char *st_text(sqlite3_stmt *s, int col);

/* The lead row selected by LEAD_COLS as JSON. */
#define LEAD_COLS                                                        \
	"l.id, l.card_id, u.name, l.event, l.status, l.version, l.fields, " \
	"l.confidence, l.boxes, l.created_at, l.updated_at, l.owner_id"
#define LEAD_FROM " FROM leads l JOIN users u ON u.id = l.owner_id "
json_t *st_lead_json(sqlite3_stmt *s, int col0);
/* The same lead as JSON text, built by SQLite (one column). */
#define LEAD_JSON_SQL                                                    \
	"json_object('id', l.id, 'card_id', coalesce(l.card_id, 0), "      \
	"'uploader', u.name, 'event', l.event, 'status', l.status, "       \
	"'version', l.version, 'fields', json(l.fields), "                \
	"'confidence', json(l.confidence), 'boxes', json(l.boxes), "       \
	"'created_at', l.created_at, 'updated_at', l.updated_at)"

/* Writes the lead's change row for the feed (replacing its older one). */
ms_rc st_feed_touch(sqlite3 *db, int64_t lead_id, const char *op,
		    const char *reason, int64_t merged_into,
		    ms_err *err) MS_WUR;

/* The search text of a fields object: values joined, NFKC, lower case. */
ms_rc st_search_text(const json_t *fields, char *out, size_t cap) MS_WUR;

/* Migrations. */
ms_rc st_migrate(sqlite3 *db, ms_err *err) MS_WUR;

#endif /* MEISHI_STORE_INT_H */
