/*
 * Private to src/store: the connection pool, statement helpers and the
 * pieces shared by the files that implement store.h.
 */
#ifndef MEISHI_STORE_INT_H
#define MEISHI_STORE_INT_H

#include <pthread.h>
#include <sqlite3.h>

#include "meishi/dd_lead.h"
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
/* Prepares sql, binds one argument per letter of binds (i: int64_t,
 * d: int, t: const char * or NULL for SQL NULL), runs it to the end
 * and finalizes it; on failure err says "database: what: ...". */
ms_rc st_run(sqlite3 *db, const char *what, ms_err *err, const char *sql,
	     const char *binds, ...) MS_WUR;
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
#define LEAD_JSON_PAIRS                                                  \
	"'id', l.id, 'card_id', coalesce(l.card_id, 0), "                  \
	"'uploader', u.name, 'event', l.event, 'status', l.status, "       \
	"'version', l.version, 'fields', json(l.fields), "                \
	"'confidence', json(l.confidence), 'boxes', json(l.boxes), "       \
	"'created_at', l.created_at, 'updated_at', l.updated_at"
#define LEAD_JSON_SQL "json_object(" LEAD_JSON_PAIRS ")"

/* SQL function ms_possible_dups(lead, owner): how many live leads the
 * lead is flagged against as a possible duplicate and not dismissed
 * (leads.c; registered on every connection). */
void st_sql_possible(sqlite3_context *ctx, int argc, sqlite3_value **v);

/* Writes the lead's change row for the feed (replacing its older one). */
ms_rc st_feed_touch(sqlite3 *db, int64_t lead_id, const char *op,
		    const char *reason, int64_t merged_into,
		    ms_err *err) MS_WUR;

/* The search text of a fields object: values joined, NFKC, lower case. */
ms_rc st_search_text(const json_t *fields, char *out, size_t cap) MS_WUR;

/* ---- Shared by leads.c, cards.c and the duplicate files --------------- */

/* The lead (not removed, visible to owner; 0: any) as JSON, or NULL with
 * err MS_ERR_NOTFOUND. */
json_t *st_lead_get(sqlite3 *db, int64_t id, int64_t owner, ms_err *err);
/* Inside a transaction: the lead, checked against the version the caller
 * saw (0: any); MS_ERR_CONFLICT naming both versions on a mismatch. */
ms_rc st_lock_lead(sqlite3 *db, int64_t id, int64_t owner, int64_t version,
		   json_t **lead, ms_err *err) MS_WUR;
/* Writes fields and status (bumping the version), the search index and
 * the blocking keys (dropped for a removed lead). */
ms_rc st_write_lead(sqlite3 *db, int64_t id, const json_t *fields,
		    const char *status, int64_t merged_into,
		    ms_err *err) MS_WUR;
/* One audit row (actor 0: the system). */
ms_rc st_audit(sqlite3 *db, int64_t lead, int64_t actor, const char *field,
	       const char *from, const char *to, ms_err *err) MS_WUR;
/* 1 if the lead has a row in the change sequence. */
int st_in_feed(sqlite3 *db, int64_t id);

/* Inserts a lead: for card_id > 0 owned by the card's uploader with its
 * event (the card then belongs to it), else owned by owner with no event.
 * Indexes its search text and blocking keys. */
ms_rc st_lead_insert(sqlite3 *db, int64_t card_id, int64_t owner,
		     const char *status, const json_t *fields,
		     const char *conf, const char *boxes, int64_t *id,
		     ms_err *err) MS_WUR;

/* ---- Duplicates (dupes.c) --------------------------------------------- */

/* Statements and buffers of key writes and lookups, for reuse. */
typedef struct st_ddctx st_ddctx;
st_ddctx *st_ddctx_new(sqlite3 *db, ms_err *err);
void st_ddctx_free(st_ddctx *x);

/* Adds what a single lead's page shows beyond its row: "cards" (the ids
 * of every card of the lead) and "merged_from" (ids merged into it). */
void st_lead_extras(sqlite3 *db, json_t *lead);

/* Replaces the lead's blocking keys with those of fields; st_keys_del
 * drops them. */
ms_rc st_keys_put(sqlite3 *db, int64_t lead_id, const json_t *fields,
		  ms_err *err) MS_WUR;
ms_rc st_keys_del(sqlite3 *db, int64_t lead_id, ms_err *err) MS_WUR;
/* Keys for leads written before schema 3, once. */
ms_rc st_keys_backfill(sqlite3 *db, ms_err *err) MS_WUR;

/* A stored lead that may be the same person as a new contact. */
typedef struct st_dup {
	int64_t lead, owner;
	ms_dd_match m;
} st_dup;

/* Up to max leads (other than `self`, owned by owner; 0: any) that match
 * fields with an outcome other than "new", best first. Returns how many,
 * or -1 with err. The cost is bounded by MS_DD_MAX_KEYS lookups of
 * MS_DD_MAX_POSTINGS postings and MS_DD_MAX_SCORED leads read, whatever
 * the number of leads. */
int st_dupes_find(sqlite3 *db, const json_t *fields, int64_t self,
		  int64_t owner, st_dup *out, int max, ms_err *err);

/* Links lead to a possible duplicate d (score and reasons kept). */
ms_rc st_link(sqlite3 *db, int64_t lead, const st_dup *d,
	      ms_err *err) MS_WUR;

/* The live leads an admin said are not the same person as lead x (an SQL
 * expression such as "l.id" or "?1"), as a parenthesised subquery for
 * "id IN ...": for each open dismissal between a lead of x's merge
 * family (x and the leads merged into it) and another lead, that lead
 * and the leads it was merged into since (dismissals.c). */
#define ST_NOTDUP_SQL(x)                                                 \
	"(WITH RECURSIVE nd_fam(id) AS (SELECT " x " UNION SELECT f.id"  \
	" FROM leads f JOIN nd_fam ON f.merged_into = nd_fam.id),"       \
	" nd_up(id) AS (SELECT CASE WHEN d.lo_id IN nd_fam THEN d.hi_id" \
	" ELSE d.lo_id END FROM lead_dismissals d"                       \
	" WHERE d.undone_at IS NULL AND (d.lo_id IN nd_fam"              \
	" OR d.hi_id IN nd_fam)"                                          \
	" UNION SELECT u.merged_into FROM leads u JOIN nd_up"            \
	" ON u.id = nd_up.id WHERE u.merged_into IS NOT NULL)"           \
	" SELECT id FROM nd_up)"

/* 1 if an open dismissal says leads lead and other are different people
 * (through merges, as ST_NOTDUP_SQL). */
int st_not_dup(sqlite3 *db, int64_t lead, int64_t other);

/* A finished scan of card_id (fields; conf and boxes as JSON text) finds
 * its lead, inside the job's transaction: the lead of its front when it
 * is a paired back, else an existing lead of the same person (same card:
 * attached; changed: attached with a proposal) or a new one (linked to
 * possible duplicates); a front then takes in its back's lead. */
ms_rc st_card_place(sqlite3 *db, int64_t card_id, const json_t *fields,
		    const char *conf, const char *boxes, ms_err *err) MS_WUR;

/* Makes the leads of a paired front and back card one lead, if both are
 * scanned (merges.c). */
ms_rc st_pair_combine(sqlite3 *db, int64_t front, int64_t back,
		      ms_err *err) MS_WUR;

/* Merges lead other into survivor with the given resulting fields, inside
 * a transaction (merges.c). kind: "merge" or "pair". */
ms_rc st_merge(sqlite3 *db, int64_t survivor, int64_t other,
	       const json_t *fields, const char *kind, int64_t actor,
	       int64_t *merge_id, ms_err *err) MS_WUR;

/* Migrations. */
ms_rc st_migrate(sqlite3 *db, ms_err *err) MS_WUR;

#endif /* MEISHI_STORE_INT_H */
