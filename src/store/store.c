/*
 * Opening the store: the data directory, the connection pool with its
 * pragmas, the schema migrations, durable file writes and the integrity
 * check. The other files in src/store build on the helpers here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "meishi/text.h"
#include "store/store_int.h"

/* Each entry moves the schema from version i to i + 1. Never edit an
 * entry that has shipped; add a new one. */
static const char *const migrations[] = {
	/* 1: the first schema. */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"INSERT INTO meta VALUES('db_id', lower(hex(randomblob(8))));"
	"INSERT INTO meta VALUES('feed_floor', '0');"
	"CREATE TABLE users("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" role TEXT NOT NULL CHECK(role IN ('admin','rep')),"
	" pwhash TEXT NOT NULL,"
	" created_at TEXT NOT NULL);"
	"CREATE TABLE sessions("
	" hash BLOB PRIMARY KEY,"
	" user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	" csrf TEXT NOT NULL,"
	" created_at TEXT NOT NULL,"
	" expires INTEGER NOT NULL);"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE TABLE tokens("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" hash BLOB NOT NULL UNIQUE,"
	" created_at TEXT NOT NULL,"
	" revoked_at TEXT);"
	"CREATE UNIQUE INDEX tokens_live_name ON tokens(name)"
	" WHERE revoked_at IS NULL;"
	"CREATE TABLE cards("
	" id INTEGER PRIMARY KEY,"
	" sha256 TEXT NOT NULL,"
	" uploader_id INTEGER NOT NULL REFERENCES users(id),"
	" event TEXT NOT NULL DEFAULT '',"
	" mime TEXT NOT NULL,"
	" bytes INTEGER NOT NULL,"
	" image_path TEXT NOT NULL,"
	" crop_path TEXT NOT NULL DEFAULT '',"
	" status TEXT NOT NULL DEFAULT 'queued'"
	"  CHECK(status IN ('queued','scanning','done','failed')),"
	" error TEXT NOT NULL DEFAULT '',"
	" created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL);"
	"CREATE UNIQUE INDEX cards_sha ON cards(uploader_id, sha256);"
	"CREATE TABLE jobs("
	" card_id INTEGER PRIMARY KEY REFERENCES cards(id) ON DELETE CASCADE,"
	" state TEXT NOT NULL CHECK(state IN ('queued','running')),"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" enqueued_at TEXT NOT NULL,"
	" started_at TEXT);"
	"CREATE INDEX jobs_state ON jobs(state, card_id);"
	"CREATE TABLE idempotency("
	" user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	" key TEXT NOT NULL,"
	" status INTEGER NOT NULL,"
	" body TEXT NOT NULL,"
	" created INTEGER NOT NULL,"
	" PRIMARY KEY(user_id, key));"
	"CREATE TABLE leads("
	" id INTEGER PRIMARY KEY,"
	" card_id INTEGER UNIQUE REFERENCES cards(id),"
	" owner_id INTEGER NOT NULL REFERENCES users(id),"
	" event TEXT NOT NULL DEFAULT '',"
	" status TEXT NOT NULL DEFAULT 'new'"
	"  CHECK(status IN ('new','approved','rejected','removed')),"
	" version INTEGER NOT NULL DEFAULT 1,"
	" fields TEXT NOT NULL,"
	" confidence TEXT NOT NULL DEFAULT '{}',"
	" boxes TEXT NOT NULL DEFAULT '{}',"
	" search TEXT NOT NULL DEFAULT '',"
	" merged_into INTEGER REFERENCES leads(id),"
	" created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL);"
	"CREATE INDEX leads_owner ON leads(owner_id, id);"
	"CREATE INDEX leads_status ON leads(status, id);"
	"CREATE INDEX leads_event ON leads(event, id);"
	"CREATE INDEX leads_created ON leads(created_at);"
	"CREATE VIRTUAL TABLE leads_fts USING fts5(search,"
	" tokenize='trigram');"
	"CREATE TABLE audit("
	" id INTEGER PRIMARY KEY,"
	" lead_id INTEGER NOT NULL REFERENCES leads(id),"
	" user_id INTEGER REFERENCES users(id),"
	" field TEXT NOT NULL,"
	" old TEXT,"
	" new TEXT,"
	" at TEXT NOT NULL);"
	"CREATE INDEX audit_lead ON audit(lead_id, id);"
	"CREATE TABLE changes("
	" seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" lead_id INTEGER NOT NULL UNIQUE,"
	" version INTEGER NOT NULL,"
	" op TEXT NOT NULL CHECK(op IN ('upsert','delete')),"
	" reason TEXT NOT NULL DEFAULT '',"
	" merged_into INTEGER,"
	" at TEXT NOT NULL);",
	/* 2: two photos as the front and back of one card (the web UI). */
	"CREATE TABLE card_pairs("
	" back_id INTEGER PRIMARY KEY REFERENCES cards(id) ON DELETE CASCADE,"
	" front_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,"
	" created_at TEXT NOT NULL);"
	"CREATE INDEX card_pairs_front ON card_pairs(front_id);",
	/* 3: each change keeps its feed item's body, rendered at commit. */
	"ALTER TABLE changes ADD COLUMN body TEXT;",
	/* 4: 1- and 2-character search. FTS5's trigram index cannot answer
	 * them, and LIKE reads every lead when the name is rare. This index
	 * holds each lead's character pairs (ms_search_grams) as words, kept
	 * by triggers; contentless, so it deletes by recomputing them. */
	"CREATE VIRTUAL TABLE leads_grams USING fts5(grams, content='',"
	" tokenize='unicode61 remove_diacritics 0', detail=none);"
	"CREATE TRIGGER leads_grams_ai AFTER INSERT ON leads BEGIN"
	" INSERT INTO leads_grams(rowid, grams)"
	"  VALUES(new.id, ms_grams(new.search));"
	" END;"
	"CREATE TRIGGER leads_grams_au AFTER UPDATE OF search ON leads"
	" WHEN old.search IS NOT new.search BEGIN"
	" INSERT INTO leads_grams(leads_grams, rowid, grams)"
	"  VALUES('delete', old.id, ms_grams(old.search));"
	" INSERT INTO leads_grams(rowid, grams)"
	"  VALUES(new.id, ms_grams(new.search));"
	" END;"
	"CREATE TRIGGER leads_grams_ad AFTER DELETE ON leads BEGIN"
	" INSERT INTO leads_grams(leads_grams, rowid, grams)"
	"  VALUES('delete', old.id, ms_grams(old.search));"
	" END;"
	"INSERT INTO leads_grams(rowid, grams)"
	" SELECT id, ms_grams(search) FROM leads;",
	/* 5: an Idempotency-Key remembers which request it answered, so a
	 * different request reusing it is refused, not answered with the
	 * first one's response. */
	"ALTER TABLE idempotency ADD COLUMN fingerprint TEXT NOT NULL"
	" DEFAULT '';",
	/* 6: rescans from the review desk and a rep's recent cards. A job
	 * may carry the orientation a person chose (NULL: the text decides)
	 * and who asked; a card remembers the orientation of its crop. */
	"ALTER TABLE jobs ADD COLUMN rotation INTEGER"
	" CHECK(rotation IN (0, 90, 180, 270));"
	"ALTER TABLE jobs ADD COLUMN rescan_by INTEGER REFERENCES users(id);"
	"ALTER TABLE cards ADD COLUMN orientation INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX cards_uploader ON cards(uploader_id, id);"
	"CREATE INDEX leads_merged ON leads(merged_into)"
	" WHERE merged_into IS NOT NULL;",
	/* 7: duplicate detection (issue 4). The blocking keys of every live
	 * lead (meishi/dedupe.h), filled for older leads on the next open;
	 * the lead each card belongs to (several cards can share one lead);
	 * possible-duplicate links; merges with what undoing them needs;
	 * update proposals and the dated history they leave. */
	"CREATE TABLE lead_keys("
	" kind TEXT NOT NULL,"
	" key TEXT NOT NULL,"
	" lead_id INTEGER NOT NULL,"
	" PRIMARY KEY(kind, key, lead_id)) WITHOUT ROWID;"
	"CREATE INDEX lead_keys_lead ON lead_keys(lead_id);"
	"INSERT INTO meta VALUES('lead_keys_built', '0');"
	"ALTER TABLE cards ADD COLUMN lead_id INTEGER REFERENCES leads(id);"
	"UPDATE cards SET lead_id = (SELECT id FROM leads WHERE"
	" leads.card_id = cards.id);"
	"CREATE INDEX cards_lead ON cards(lead_id);"
	"ALTER TABLE cards ADD COLUMN dedupe TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE lead_links("
	" lead_id INTEGER NOT NULL REFERENCES leads(id),"
	" other_id INTEGER NOT NULL REFERENCES leads(id),"
	" score REAL NOT NULL,"
	" reasons TEXT NOT NULL DEFAULT '[]',"
	" created_at TEXT NOT NULL,"
	" PRIMARY KEY(lead_id, other_id));"
	"CREATE INDEX lead_links_other ON lead_links(other_id);"
	"CREATE TABLE merges("
	" id INTEGER PRIMARY KEY,"
	" survivor_id INTEGER NOT NULL REFERENCES leads(id),"
	" other_id INTEGER NOT NULL REFERENCES leads(id),"
	" kind TEXT NOT NULL DEFAULT 'merge'"
	"  CHECK(kind IN ('merge','pair')),"
	" survivor_before TEXT NOT NULL,"
	" survivor_after TEXT NOT NULL,"
	" other_status TEXT NOT NULL,"
	" cards TEXT NOT NULL DEFAULT '[]',"
	" user_id INTEGER REFERENCES users(id),"
	" at TEXT NOT NULL,"
	" undone_at TEXT,"
	" undone_by INTEGER REFERENCES users(id));"
	"CREATE INDEX merges_survivor ON merges(survivor_id, id);"
	"CREATE INDEX merges_other ON merges(other_id, id);"
	"CREATE TABLE proposals("
	" id INTEGER PRIMARY KEY,"
	" lead_id INTEGER NOT NULL REFERENCES leads(id),"
	" card_id INTEGER REFERENCES cards(id),"
	" changes TEXT NOT NULL,"
	" score REAL NOT NULL DEFAULT 0,"
	" reasons TEXT NOT NULL DEFAULT '[]',"
	" status TEXT NOT NULL DEFAULT 'open'"
	"  CHECK(status IN ('open','accepted','rejected')),"
	" created_at TEXT NOT NULL,"
	" decided_at TEXT,"
	" decided_by INTEGER REFERENCES users(id));"
	"CREATE INDEX proposals_lead ON proposals(lead_id, id);"
	"CREATE TABLE lead_history("
	" id INTEGER PRIMARY KEY,"
	" lead_id INTEGER NOT NULL REFERENCES leads(id),"
	" company TEXT NOT NULL,"
	" department TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" valid_from TEXT NOT NULL,"
	" valid_to TEXT NOT NULL,"
	" proposal_id INTEGER REFERENCES proposals(id));"
	"CREATE INDEX lead_history_lead ON lead_history(lead_id, id);",
	/* 8: "not a duplicate" (issue 4): an admin's word that two leads
	 * are different people, kept as a row (who and when) that an undo
	 * closes instead of deleting. lo_id < hi_id: one row per pair. */
	"CREATE TABLE lead_dismissals("
	" id INTEGER PRIMARY KEY,"
	" lo_id INTEGER NOT NULL REFERENCES leads(id),"
	" hi_id INTEGER NOT NULL REFERENCES leads(id),"
	" user_id INTEGER REFERENCES users(id),"
	" at TEXT NOT NULL,"
	" undone_at TEXT,"
	" undone_by INTEGER REFERENCES users(id),"
	" CHECK(lo_id < hi_id));"
	"CREATE UNIQUE INDEX lead_dismissals_live ON lead_dismissals(lo_id,"
	" hi_id) WHERE undone_at IS NULL;"
	"CREATE INDEX lead_dismissals_lo ON lead_dismissals(lo_id, id);"
	"CREATE INDEX lead_dismissals_hi ON lead_dismissals(hi_id, id);",
	/* 9: the review list shows how many possible duplicates each lead
	 * has. Two index probes per listed lead doubled the list's CPU, so
	 * a lead keeps a count of the links it is in: 0 means none, and
	 * only a lead with links pays for the exact count (dismissals and
	 * removed leads taken out). A link replaced in place may leave the
	 * count high, which only costs that exact count. */
	"ALTER TABLE leads ADD COLUMN dup_links INTEGER NOT NULL DEFAULT 0;"
	"UPDATE leads SET dup_links = (SELECT count(*) FROM lead_links k"
	" WHERE k.lead_id = leads.id OR k.other_id = leads.id);"
	"CREATE TRIGGER lead_links_ai AFTER INSERT ON lead_links BEGIN"
	" UPDATE leads SET dup_links = dup_links + 1"
	" WHERE id IN (NEW.lead_id, NEW.other_id); END;"
	"CREATE TRIGGER lead_links_ad AFTER DELETE ON lead_links BEGIN"
	" UPDATE leads SET dup_links = max(dup_links - 1, 0)"
	" WHERE id IN (OLD.lead_id, OLD.other_id); END;",
};

sqlite3 *st_get(ms_store *st)
{
	sqlite3 *db = NULL;
	int i;

	pthread_mutex_lock(&st->mu);
	for (;;) {
		for (i = 0; i < st->nconns; i++)
			if (!st->busy[i]) {
				st->busy[i] = 1;
				db = st->conns[i];
				break;
			}
		if (db)
			break;
		pthread_cond_wait(&st->cv, &st->mu);
	}
	pthread_mutex_unlock(&st->mu);
	return db;
}

void st_put(ms_store *st, sqlite3 *db)
{
	int i;

	pthread_mutex_lock(&st->mu);
	for (i = 0; i < st->nconns; i++)
		if (st->conns[i] == db)
			st->busy[i] = 0;
	pthread_cond_signal(&st->cv);
	pthread_mutex_unlock(&st->mu);
}

ms_rc st_fail(sqlite3 *db, const char *what, ms_err *err)
{
	int code = sqlite3_errcode(db);
	ms_rc rc = MS_ERR_INTERNAL;

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		rc = MS_ERR_BUSY;
	else if (code == SQLITE_FULL || code == SQLITE_IOERR)
		rc = MS_ERR_IO;
	else if (code == SQLITE_CONSTRAINT)
		rc = MS_ERR_CONFLICT;
	else if (code == SQLITE_NOMEM)
		rc = MS_ERR_NOMEM;
	return ms_err_set(err, rc, "database: %s: %s", what,
			  sqlite3_errmsg(db));
}

ms_rc st_prep(sqlite3 *db, const char *sql, sqlite3_stmt **out, ms_err *err)
{
	if (sqlite3_prepare_v2(db, sql, -1, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return st_fail(db, "prepare", err);
	}
	return MS_OK;
}

ms_rc st_run(sqlite3 *db, const char *what, ms_err *err, const char *sql,
	     const char *binds, ...)
{
	sqlite3_stmt *s;
	va_list ap;
	ms_rc rc;
	int i, step;

	if ((rc = st_prep(db, sql, &s, err)))
		return rc;
	va_start(ap, binds);
	for (i = 0; binds[i]; i++) {
		if (binds[i] == 'i') {
			sqlite3_bind_int64(s, i + 1, va_arg(ap, int64_t));
		} else if (binds[i] == 'd') {
			sqlite3_bind_int(s, i + 1, va_arg(ap, int));
		} else {
			const char *t = va_arg(ap, const char *);
			if (t)
				sqlite3_bind_text(s, i + 1, t, -1,
						  SQLITE_STATIC);
		}
	}
	va_end(ap);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		;
	if (step != SQLITE_DONE)
		rc = st_fail(db, what, err);
	sqlite3_finalize(s);
	return rc;
}

ms_rc st_exec(sqlite3 *db, const char *sql, ms_err *err)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return st_fail(db, "exec", err);
	return MS_OK;
}

ms_rc st_begin(sqlite3 *db, ms_err *err)
{
	return st_exec(db, "BEGIN IMMEDIATE", err);
}

ms_rc st_commit(sqlite3 *db, ms_err *err)
{
	ms_rc rc = st_exec(db, "COMMIT", err);

	if (rc)
		st_rollback(db);
	return rc;
}

void st_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

const char *st_text(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t ? (const char *)t : "";
}

ms_rc st_migrate(sqlite3 *db, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	int have, i, n = (int)(sizeof(migrations) / sizeof(migrations[0]));
	char sql[64];
	ms_rc rc;

	if ((rc = st_prep(db, "PRAGMA user_version", &s, err)))
		return rc;
	have = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (have > n)
		return ms_err_set(err, MS_ERR_INVALID,
				  "the database has schema version %d but "
				  "this meishi knows only up to %d; use a "
				  "newer meishi", have, n);
	for (i = have; i < n; i++) {
		if ((rc = st_begin(db, err)))
			return rc;
		if ((rc = st_exec(db, migrations[i], err))) {
			st_rollback(db);
			return rc;
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", i + 1);
		if ((rc = st_exec(db, sql, err))) {
			st_rollback(db);
			return rc;
		}
		if ((rc = st_commit(db, err)))
			return rc;
	}
	return MS_OK;
}

/* SQL function ms_feed_body(lead_json): the feed item's body from the
 * store's renderer, or NULL when none is set or it cannot render. */
static void sql_feed_body(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	ms_store *st = sqlite3_user_data(ctx);
	const char *lead = (const char *)sqlite3_value_text(v[0]);
	ms_buf b;
	char *data;
	size_t len;

	(void)argc;
	if (!st->render || !lead) {
		sqlite3_result_null(ctx);
		return;
	}
	ms_buf_init(&b, MS_SRV_MAX_FEED_BODY);
	if (st->render(lead, &b) || !b.len) {
		ms_buf_free(&b);
		sqlite3_result_null(ctx);
		return;
	}
	data = ms_buf_take(&b, &len);
	sqlite3_result_text64(ctx, data, len, free, SQLITE_UTF8);
}

/* SQL function ms_grams(search): the lead's short-query search words
 * (ms_search_grams). Deterministic and innocuous: the index triggers call
 * it, and recompute it to delete. */
static void sql_grams(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	const char *in = (const char *)sqlite3_value_text(v[0]);
	char *out;

	(void)argc;
	if (!in) {
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	out = malloc(MS_SRV_MAX_GRAMS);
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	/* Text past the cap is not indexed for short queries (the search
	 * text of a lead is capped well below it). */
	if (ms_search_grams(in, out, MS_SRV_MAX_GRAMS))
		out[0] = '\0';
	sqlite3_result_text(ctx, out, -1, free);
}

void ms_store_set_feed_render(ms_store *st, ms_feed_render_fn fn)
{
	st->render = fn;
}

static ms_rc open_conn(ms_store *st, const char *path, sqlite3 **out,
		       ms_err *err)
{
	sqlite3 *db = NULL;
	ms_rc rc;

	if (sqlite3_open_v2(path, &db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				    SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		rc = ms_err_set(err, MS_ERR_IO, "cannot open %s: %s", path,
				db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return rc;
	}
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_create_function(db, "ms_feed_body", 1,
				    SQLITE_UTF8 | SQLITE_DIRECTONLY, st,
				    sql_feed_body, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "ms_grams", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC |
					    SQLITE_INNOCUOUS,
				    NULL, sql_grams, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "ms_possible_dups", 2,
				    SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
				    st_sql_possible, NULL, NULL) != SQLITE_OK) {
		rc = st_fail(db, "register SQL functions", err);
		sqlite3_close(db);
		return rc;
	}
	if ((rc = st_exec(db,
			  "PRAGMA journal_mode=WAL;"
			  "PRAGMA synchronous=FULL;"
			  "PRAGMA foreign_keys=ON;"
			  "PRAGMA temp_store=MEMORY;",
			  err))) {
		sqlite3_close(db);
		return rc;
	}
	*out = db;
	return MS_OK;
}

static ms_rc mkdir_p(const char *path, ms_err *err)
{
	if (mkdir(path, 0750) != 0 && errno != EEXIST)
		return ms_err_set(err, MS_ERR_IO, "cannot create %s: %s",
				  path, strerror(errno));
	return MS_OK;
}

/* SQLite keeps allocation statistics behind one global mutex by default;
 * with many threads building JSON that mutex is the busiest lock in the
 * server. It must be switched off before SQLite initialises. */
static void sqlite_once(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

ms_rc ms_store_open(const char *dir, int conns, ms_store **out, ms_err *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	ms_store *st = calloc(1, sizeof(*st));
	char path[MS_SRV_MAX_PATH + 32];
	sqlite3_stmt *s = NULL;
	ms_rc rc;
	int i;

	*out = NULL;
	pthread_once(&once, sqlite_once);
	if (!st)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	pthread_mutex_init(&st->mu, NULL);
	pthread_cond_init(&st->cv, NULL);
	if (conns < 1)
		conns = 1;
	if (strlen(dir) + 40 >= sizeof(st->dir)) {
		rc = ms_err_set(err, MS_ERR_INVALID, "data directory path "
				"is too long");
		goto fail;
	}
	snprintf(st->dir, sizeof(st->dir), "%s", dir);
	if ((rc = mkdir_p(dir, err)))
		goto fail;
	snprintf(path, sizeof(path), "%s/images", dir);
	if ((rc = mkdir_p(path, err)))
		goto fail;
	snprintf(path, sizeof(path), "%s/crops", dir);
	if ((rc = mkdir_p(path, err)))
		goto fail;
	st->conns = calloc((size_t)conns, sizeof(*st->conns));
	st->busy = calloc((size_t)conns, sizeof(*st->busy));
	if (!st->conns || !st->busy) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/meishi.db", dir);
	for (i = 0; i < conns; i++) {
		if ((rc = open_conn(st, path, &st->conns[i], err)))
			goto fail;
		st->nconns++;
		if (i == 0 && ((rc = st_migrate(st->conns[0], err)) ||
			       (rc = st_keys_backfill(st->conns[0], err))))
			goto fail;
	}
	if ((rc = st_prep(st->conns[0],
			  "SELECT value FROM meta WHERE key='db_id'", &s,
			  err)))
		goto fail;
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(st->db_id, sizeof(st->db_id), "%s", st_text(s, 0));
	sqlite3_finalize(s);
	*out = st;
	return MS_OK;
fail:
	ms_store_close(st);
	return rc;
}

void ms_store_close(ms_store *st)
{
	int i;

	if (!st)
		return;
	for (i = 0; i < st->nconns; i++)
		sqlite3_close(st->conns[i]);
	free(st->conns);
	free(st->busy);
	pthread_mutex_destroy(&st->mu);
	pthread_cond_destroy(&st->cv);
	free(st);
}

const char *ms_store_dir(const ms_store *st)
{
	return st->dir;
}

ms_rc ms_store_path(const ms_store *st, const char *rel, char *out,
		    size_t cap)
{
	int n;

	if (strstr(rel, "..") || rel[0] == '/')
		return MS_ERR_INVALID;
	n = snprintf(out, cap, "%s/%s", st->dir, rel);
	return n < 0 || (size_t)n >= cap ? MS_ERR_TOO_BIG : MS_OK;
}

static ms_rc fsync_dir(const char *path, ms_err *err)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return ms_err_set(err, MS_ERR_IO, "cannot open %s: %s", path,
				  strerror(errno));
	if (fsync(fd) != 0) {
		close(fd);
		return ms_err_set(err, MS_ERR_IO, "cannot sync %s: %s", path,
				  strerror(errno));
	}
	close(fd);
	return MS_OK;
}

ms_rc ms_store_put_file(ms_store *st, const char *rel, const void *data,
			size_t len, ms_err *err)
{
	char path[MS_SRV_MAX_PATH + 64], tmp[MS_SRV_MAX_PATH + 96];
	char dir[MS_SRV_MAX_PATH + 64];
	const uint8_t *p = data;
	char *slash;
	int fd = -1;
	size_t off = 0;
	ms_rc rc;

	if (ms_store_path(st, rel, path, sizeof(path)))
		return ms_err_set(err, MS_ERR_INVALID, "bad file name");
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	if ((rc = mkdir_p(dir, err)))
		return rc;
	snprintf(tmp, sizeof(tmp), "%s.tmp%ld.%lx", path, (long)getpid(),
		 (unsigned long)pthread_self());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return ms_err_set(err, MS_ERR_IO, "cannot create %s: %s", tmp,
				  strerror(errno));
	while (off < len) {
		ssize_t w = write(fd, p + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = ms_err_set(err, MS_ERR_IO, "cannot write %s: %s",
					tmp, strerror(errno));
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0) {
		rc = ms_err_set(err, MS_ERR_IO, "cannot sync %s: %s", tmp,
				strerror(errno));
		goto fail;
	}
	close(fd);
	fd = -1;
	if (rename(tmp, path) != 0) {
		rc = ms_err_set(err, MS_ERR_IO, "cannot rename %s: %s", tmp,
				strerror(errno));
		goto fail;
	}
	return fsync_dir(dir, err);
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return rc;
}

ms_rc ms_store_check(ms_store *st, char *out, size_t cap, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db, "PRAGMA integrity_check", &s, err)))
		goto out;
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(out, cap, "%s", st_text(s, 0));
	else
		rc = st_fail(db, "integrity_check", err);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}
