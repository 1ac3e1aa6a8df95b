/*
 * Duplicate detection in the store (issue 4): the blocking keys of every
 * live lead in lead_keys, the candidate lookup over them, what happens to
 * a card whose scan completes, and the duplicates of one lead.
 *
 * A lookup reads, for each blocking key of the new contact (at most
 * MS_DD_MAX_KEYS), the newest MS_DD_MAX_POSTINGS leads sharing it, by
 * equality on the primary key of lead_keys (a key that more leads share
 * is ignored: see ms_dd_rank_add); ranks at most MS_DD_MAX_CANDIDATES
 * leads; and reads and scores at most MS_DD_MAX_SCORED of them, as
 * ms_dd_rank_sort chooses. Its cost therefore does not grow with the
 * number of leads.
 *
 * Scope: a scan is compared with every lead, whoever owns it. A same-card
 * or changed match acts (the card is attached to the lead, with a
 * proposal when something changed) only when the lead belongs to the
 * card's uploader; a match with another person's lead makes a new lead
 * for the uploader, linked to the other as a possible duplicate for an
 * admin to resolve. A rep's card never lands in someone else's lead and
 * a rep never sees another rep's lead through duplicates. A pair an admin
 * dismissed as different people (dismissals.c) is not offered again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

/* ---- Keys and lookup ------------------------------------------------- */

/* What one lookup or key write needs, allocated once and reused across
 * the rows of an import: the normalised forms, the keys, the ranker and
 * the prepared statements. */
struct st_ddctx {
	sqlite3 *db;
	sqlite3_stmt *post, *get, *ins, *del;
	sqlite3_stmt *lead, *fts, *link; /* prepared on first use */
	ms_dd_norm n, ln;
	ms_dd_keys ks;
	ms_dd_ranker *rk; /* lookups only */
	/* Import only: normalised leads by id, direct-mapped (a namesake is
	 * scored for many rows). Leads do not change during an import. */
	struct ddcache {
		int64_t id;
		int64_t owner;
		ms_dd_norm n;
	} * cache;
};

#define DD_CACHE_SLOTS 16384

void st_ddctx_free(st_ddctx *x)
{
	if (!x)
		return;
	sqlite3_finalize(x->post);
	sqlite3_finalize(x->get);
	sqlite3_finalize(x->ins);
	sqlite3_finalize(x->del);
	sqlite3_finalize(x->lead);
	sqlite3_finalize(x->fts);
	sqlite3_finalize(x->link);
	free(x->rk);
	free(x->cache);
	free(x);
}

/* A candidate's owner and contact fields, read by SQLite's JSON
 * functions (no parse into objects per candidate). */
/* clang-format off */
#define F(k) ", coalesce(json_extract(fields, '$." k "'), '')"
#define GET_SQL                                                          \
	"SELECT owner_id" F("name") F("family_name") F("given_name")       \
	F("name_reading") F("name_latin") F("company") F("department")     \
	F("title") F("postal_code") F("address") F("phone") F("fax")       \
	F("mobile") F("email") F("url")                                    \
	" FROM leads WHERE id = ? AND status != 'removed'"
/* clang-format on */

/* Normalises the contact in columns 1.. of x->get into out. */
static void get_norm(st_ddctx *x, ms_dd_norm *out)
{
	ms_contact c;
	int f;

	ms_contact_init(&c);
	for (f = 0; f < MS_F_COUNT; f++) {
		const char *v = st_text(x->get, f + 1);
		size_t n = strlen(v);

		if (n < sizeof(c.v[f]))
			memcpy(c.v[f], v, n + 1);
	}
	ms_dd_norm_contact(&c, NULL, out);
}

st_ddctx *st_ddctx_new(sqlite3 *db, ms_err *err)
{
	st_ddctx *x = calloc(1, sizeof(*x));

	if (!x) {
		ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		return NULL;
	}
	x->db = db;
	x->rk = malloc(sizeof(*x->rk));
	if (!x->rk) {
		ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		st_ddctx_free(x);
		return NULL;
	}
	ms_dd_rank_init(x->rk);
	if (st_prep(db,
	            "SELECT lead_id FROM lead_keys WHERE kind = ? AND key = ?"
	            " ORDER BY lead_id DESC LIMIT ?",
	            &x->post, err) ||
	    st_prep(db, GET_SQL, &x->get, err) ||
	    st_prep(db,
	            "INSERT OR IGNORE INTO lead_keys(kind, key, lead_id)"
	            " VALUES(?, ?, ?)",
	            &x->ins, err) ||
	    st_prep(db, "DELETE FROM lead_keys WHERE lead_id = ?", &x->del,
	            err)) {
		st_ddctx_free(x);
		return NULL;
	}
	return x;
}

/* Normalises fields and lists their keys into x->n and x->ks. */
static void ctx_keys(st_ddctx *x, const json_t *fields)
{
	ms_dd_norm_fields(fields, &x->n);
	ms_dd_keys_of(&x->n, &x->ks);
}

/* Writes x->ks as the keys of lead_id (after dropping its old ones). */
static ms_rc ctx_put(st_ddctx *x, int64_t lead_id, ms_err *err)
{
	int i;

	sqlite3_reset(x->del);
	sqlite3_bind_int64(x->del, 1, lead_id);
	if (sqlite3_step(x->del) != SQLITE_DONE)
		return st_fail(x->db, "drop lead keys", err);
	for (i = 0; i < x->ks.n; i++) {
		sqlite3_reset(x->ins);
		sqlite3_bind_text(x->ins, 1, x->ks.k[i].kind, -1,
		                  SQLITE_STATIC);
		sqlite3_bind_text(x->ins, 2, x->ks.k[i].key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(x->ins, 3, lead_id);
		if (sqlite3_step(x->ins) != SQLITE_DONE)
			return st_fail(x->db, "add lead key", err);
	}
	return MS_OK;
}

ms_rc st_keys_del(sqlite3 *db, int64_t lead_id, ms_err *err)
{
	return st_run(db, "drop lead keys", err,
		      "DELETE FROM lead_keys WHERE lead_id = ?", "i", lead_id);
}

ms_rc st_keys_put(sqlite3 *db, int64_t lead_id, const json_t *fields,
                  ms_err *err)
{
	/* Only what writing keys needs (no ranker): this runs on every
	 * write of a lead. */
	st_ddctx *x = calloc(1, sizeof(*x));
	ms_rc rc;

	if (!x)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	x->db = db;
	if ((rc = st_prep(db,
	                  "INSERT OR IGNORE INTO lead_keys(kind, key, lead_id)"
	                  " VALUES(?, ?, ?)",
	                  &x->ins, err)) ||
	    (rc = st_prep(db, "DELETE FROM lead_keys WHERE lead_id = ?",
	                  &x->del, err)))
		goto out;
	ctx_keys(x, fields);
	rc = ctx_put(x, lead_id, err);
out:
	sqlite3_finalize(x->ins);
	sqlite3_finalize(x->del);
	free(x);
	return rc;
}

ms_rc st_keys_backfill(sqlite3 *db, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	st_ddctx *x = NULL;
	int64_t done = 1;
	ms_rc rc;

	if ((rc = st_prep(db,
	                  "SELECT value FROM meta WHERE key ="
	                  " 'lead_keys_built'",
	                  &s, err)))
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		done = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (done)
		return MS_OK;
	if ((rc = st_begin(db, err)))
		return rc;
	if (!(x = st_ddctx_new(db, err))) {
		rc = err->rc;
		goto fail;
	}
	if ((rc = st_prep(db,
	                  "SELECT id, fields FROM leads WHERE status !="
	                  " 'removed'",
	                  &s, err)))
		goto fail;
	while (sqlite3_step(s) == SQLITE_ROW) {
		json_t *f = json_loads(st_text(s, 1), 0, NULL);

		ctx_keys(x, f);
		json_decref(f);
		if ((rc = ctx_put(x, sqlite3_column_int64(s, 0), err)))
			goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	st_ddctx_free(x);
	x = NULL;
	if ((rc = st_exec(db,
	                  "UPDATE meta SET value = '1' WHERE key ="
	                  " 'lead_keys_built'",
	                  err)))
		goto fail;
	return st_commit(db, err);
fail:
	sqlite3_finalize(s);
	st_ddctx_free(x);
	st_rollback(db);
	return rc;
}

static int dup_cmp(const void *x, const void *y)
{
	const st_dup *a = x, *b = y;

	if (a->m.score != b->m.score)
		return a->m.score < b->m.score ? 1 : -1;
	return a->lead < b->lead ? 1 : a->lead > b->lead ? -1 : 0;
}

/* The lookup on the keys already in x->n and x->ks. */
static int ctx_find(st_ddctx *x, int64_t self, int64_t owner, st_dup *out,
                    int max)
{
	int i, j, nscore, nout = 0, namesakes = 0;

	x->rk->n = 0; /* the table was cleared by the last sort */
	for (i = 0; i < x->ks.n; i++) {
		int64_t ids[MS_DD_MAX_POSTINGS + 1];
		int np = 0, cap = ms_dd_key_postings(x->ks.k[i].kind);

		sqlite3_reset(x->post);
		sqlite3_bind_text(x->post, 1, x->ks.k[i].kind, -1,
		                  SQLITE_STATIC);
		sqlite3_bind_text(x->post, 2, x->ks.k[i].key, -1,
		                  SQLITE_STATIC);
		sqlite3_bind_int(x->post, 3, cap + 1);
		while (np <= cap && sqlite3_step(x->post) == SQLITE_ROW)
			ids[np++] = sqlite3_column_int64(x->post, 0);
		/* A key more leads share than we read is ignored by the
		 * ranker; its ids still count the namesakes below. */
		for (j = 0; np <= cap && j < np; j++)
			if (ids[j] != self)
				ms_dd_rank_add(x->rk, &x->ks.k[i], ids[j], 0);
		/* How many leads share the name: the matcher treats an
		 * email made of a common name alone as weak evidence. */
		if (!strcmp(x->ks.k[i].kind, "name") ||
		    !strcmp(x->ks.k[i].kind, "read") ||
		    !strcmp(x->ks.k[i].kind, "lat")) {
			int others = np;

			for (j = 0; j < np; j++)
				if (ids[j] == self)
					others--;
			if (others > namesakes)
				namesakes = others;
		}
	}
	sqlite3_reset(x->post);
	/* The ranker leaves out what is not worth scoring: a lead that
	 * shares one weak key, and namesakes past the first few (the
	 * bench_dedupe lookup uses the same rules). */
	nscore = ms_dd_rank_sort(x->rk, MS_DD_MAX_SCORED);
	for (i = 0; i < nscore; i++) {
		ms_dd_match m;
		int64_t lo;

		int64_t lead = x->rk->c[i].lead;
		struct ddcache *c =
		    x->cache ? &x->cache[lead % DD_CACHE_SLOTS] : NULL;
		const ms_dd_norm *ln = &x->ln;

		if (c && c->id == lead) {
			lo = c->owner;
			ln = &c->n;
		} else {
			sqlite3_reset(x->get);
			sqlite3_bind_int64(x->get, 1, lead);
			if (sqlite3_step(x->get) != SQLITE_ROW)
				continue;
			lo = sqlite3_column_int64(x->get, 0);
			if (c) {
				c->id = lead;
				c->owner = lo;
				ln = &c->n;
			}
			get_norm(x, (ms_dd_norm *)ln);
		}
		if (owner > 0 && lo != owner)
			continue;
		ms_dd_match_pair_ctx(&x->n, ln, namesakes, &m);
		if (m.outcome == MS_DD_NEW)
			continue;
		if (nout < max) {
			out[nout].lead = x->rk->c[i].lead;
			out[nout].owner = lo;
			out[nout].m = m;
			nout++;
		} else if (max > 0) {
			qsort(out, (size_t)nout, sizeof(out[0]), dup_cmp);
			if (m.score > out[max - 1].m.score) {
				out[max - 1].lead = x->rk->c[i].lead;
				out[max - 1].owner = lo;
				out[max - 1].m = m;
			}
		}
	}
	sqlite3_reset(x->get);
	if (nout > 1)
		qsort(out, (size_t)nout, sizeof(out[0]), dup_cmp);
	return nout;
}

int st_dupes_find(sqlite3 *db, const json_t *fields, int64_t self,
                  int64_t owner, st_dup *out, int max, ms_err *err)
{
	st_ddctx *x = st_ddctx_new(db, err);
	int n;

	if (!x)
		return -1;
	ctx_keys(x, fields);
	n = ctx_find(x, self, owner, out, max);
	st_ddctx_free(x);
	return n;
}

static json_t *reasons_json(const ms_dd_match *m)
{
	json_t *a = json_array();
	int i;

	for (i = 0; a && i < m->nreasons; i++)
		json_array_append_new(a, json_string(m->reasons[i]));
	return a;
}

/* ---- One lead's page ----------------------------------------------------- */

static json_t *ids_of(sqlite3 *db, const char *sql, int64_t id)
{
	sqlite3_stmt *s = NULL;
	json_t *a = json_array();

	if (!a || st_prep(db, sql, &s, NULL))
		return a;
	sqlite3_bind_int64(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW)
		json_array_append_new(a,
		                      json_integer(sqlite3_column_int64(s, 0)));
	sqlite3_finalize(s);
	return a;
}

void st_lead_extras(sqlite3 *db, json_t *lead)
{
	int64_t id = json_integer_value(json_object_get(lead, "id"));

	json_object_set_new(lead, "cards",
	                    ids_of(db,
	                           "SELECT id FROM cards WHERE lead_id = ?"
	                           " ORDER BY id",
	                           id));
	json_object_set_new(lead, "merged_from",
	                    ids_of(db,
	                           "SELECT other_id FROM merges WHERE"
	                           " survivor_id = ? AND undone_at IS NULL"
	                           " ORDER BY id",
	                           id));
}

json_t *ms_store_lead_duplicates(ms_store *st, int64_t id, int64_t owner,
                                 ms_err *err)
{
	sqlite3 *db = st_get(st);
	st_dup *d = calloc(MS_DD_MAX_SCORED, sizeof(*d));
	json_t *lead = NULL, *arr = NULL, *res = NULL;
	int n, i;

	if (!d) {
		ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (st_exec(db, "BEGIN", err))
		goto out;
	lead = st_lead_get(db, id, owner, err);
	if (!lead)
		goto done;
	n = st_dupes_find(db, json_object_get(lead, "fields"), id, owner, d,
	                  MS_DD_MAX_SCORED, err);
	if (n < 0)
		goto done;
	arr = json_array();
	for (i = 0; arr && i < n; i++) {
		json_t *l;

		/* An admin said these are different people. */
		if (st_not_dup(db, id, d[i].lead))
			continue;
		if (!(l = st_lead_get(db, d[i].lead, 0, NULL)))
			continue;
		st_lead_extras(db, l);
		json_array_append_new(
		    arr, json_pack("{s:o, s:f, s:s, s:o}", "lead", l, "score",
		                   d[i].m.score, "outcome",
		                   ms_dd_outcome_api(d[i].m.outcome), "reasons",
		                   reasons_json(&d[i].m)));
	}
	res = json_pack("{s:o}", "candidates", arr ? arr : json_array());
done:
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
out:
	json_decref(lead);
	free(d);
	st_put(st, db);
	return res;
}

/* ---- A finished scan finds its lead -------------------------------------- */

static int64_t one_int(sqlite3 *db, const char *sql, int64_t a)
{
	sqlite3_stmt *s = NULL;
	int64_t v = 0;

	if (st_prep(db, sql, &s, NULL))
		return 0;
	sqlite3_bind_int64(s, 1, a);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* The lead a card belongs to, 0 if none yet. */
static int64_t card_lead(sqlite3 *db, int64_t card)
{
	return one_int(db,
	               "SELECT coalesce(c.lead_id, (SELECT l.id FROM leads l"
	               " WHERE l.card_id = c.id)) FROM cards c WHERE c.id = ?",
	               card);
}

static ms_rc card_set(sqlite3 *db, int64_t card, int64_t lead,
                      const char *outcome, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
	                  "UPDATE cards SET lead_id = coalesce(?, lead_id),"
	                  " dedupe = ? WHERE id = ?",
	                  &s, err)))
		return rc;
	if (lead)
		sqlite3_bind_int64(s, 1, lead);
	sqlite3_bind_text(s, 2, outcome, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, card);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "attach card", err);
	sqlite3_finalize(s);
	return rc;
}

/* Rewrites a lead's fields, one audit row per changed field (actor 0:
 * the system), and its feed row if it is approved. */
static ms_rc lead_update(sqlite3 *db, json_t *lead, const json_t *fields,
                         int64_t actor, ms_err *err)
{
	int64_t id = json_integer_value(json_object_get(lead, "id"));
	const char *status = json_string_value(json_object_get(lead, "status"));
	json_t *cur = json_object_get(lead, "fields");
	int i, changed = 0;
	ms_rc rc;

	for (i = 0; i < MS_DD_LEAD_NKEYS; i++) {
		const char *k = ms_dd_lead_keys[i];
		const char *a = json_string_value(json_object_get(cur, k));
		const char *b = json_string_value(json_object_get(fields, k));

		if (!strcmp(a ? a : "", b ? b : ""))
			continue;
		if ((rc = st_audit(db, id, actor, k, a ? a : "", b ? b : "",
		                   err)))
			return rc;
		changed++;
	}
	if (!changed)
		return MS_OK;
	if ((rc = st_write_lead(db, id, fields, status, 0, err)))
		return rc;
	if (!strcmp(status, "approved"))
		return st_feed_touch(db, id, "upsert", "", 0, err);
	return MS_OK;
}

/* A paired back whose front has a lead: the back fills that lead. */
static ms_rc place_back(sqlite3 *db, int64_t card, int64_t lead_id,
                        const json_t *fields, ms_err *err)
{
	json_t *lead = st_lead_get(db, lead_id, 0, err), *f = NULL;
	char what[96];
	ms_rc rc;

	if (!lead)
		return err->rc;
	f = ms_dd_front_back(json_object_get(lead, "fields"), fields);
	if (!f) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	snprintf(what, sizeof(what), "card %lld (back of the card)",
	         (long long)card);
	if ((rc = lead_update(db, lead, f, 0, err)) ||
	    (rc = st_audit(db, lead_id, 0, "card", "", what, err)) ||
	    (rc = card_set(db, card, lead_id, "back", err)))
		goto out;
out:
	json_decref(f);
	json_decref(lead);
	return rc;
}

static ms_rc add_proposal(sqlite3 *db, int64_t lead, int64_t card,
                          const json_t *changes, const ms_dd_match *m,
                          int64_t *id, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	json_t *rs = reasons_json(m);
	char *c = json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS);
	char *r = rs ? json_dumps(rs, JSON_COMPACT) : NULL;
	ms_rc rc;

	if (!c || !r) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = st_prep(db,
	                  "INSERT INTO proposals(lead_id, card_id, changes,"
	                  " score, reasons, created_at) VALUES(?, ?, ?, ?, "
	                  "?, " MS_NOW_SQL ")",
	                  &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, lead);
	sqlite3_bind_int64(s, 2, card);
	sqlite3_bind_text(s, 3, c, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 4, m->score);
	sqlite3_bind_text(s, 5, r, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "add proposal", err);
	*id = sqlite3_last_insert_rowid(db);
out:
	sqlite3_finalize(s);
	json_decref(rs);
	free(c);
	free(r);
	return rc;
}

/* Links lead to possible duplicate d with stmt s (prepared by the
 * caller, or NULL to prepare one here). */
static ms_rc link_with(sqlite3 *db, sqlite3_stmt **s, int64_t lead,
                       const st_dup *d, ms_err *err)
{
	json_t *rs = reasons_json(&d->m);
	char *r = rs ? json_dumps(rs, JSON_COMPACT) : NULL;
	ms_rc rc = MS_OK;

	json_decref(rs);
	if (!r)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	if (!*s && (rc = st_prep(db,
	                         "INSERT OR REPLACE INTO lead_links(lead_id,"
	                         " other_id, score, reasons, created_at)"
	                         " VALUES(?, ?, ?, ?, " MS_NOW_SQL ")",
	                         s, err)))
		goto out;
	sqlite3_reset(*s);
	sqlite3_bind_int64(*s, 1, lead);
	sqlite3_bind_int64(*s, 2, d->lead);
	sqlite3_bind_double(*s, 3, d->m.score);
	sqlite3_bind_text(*s, 4, r, -1, SQLITE_STATIC);
	if (sqlite3_step(*s) != SQLITE_DONE)
		rc = st_fail(db, "link possible duplicate", err);
	sqlite3_reset(*s);
out:
	free(r);
	return rc;
}

ms_rc st_link(sqlite3 *db, int64_t lead, const st_dup *d, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	ms_rc rc = link_with(db, &s, lead, d, err);

	sqlite3_finalize(s);
	return rc;
}

/* Same card again, or the same person changed: the card joins the lead,
 * with a proposal for what changed. *outcome says which it was. */
static ms_rc place_same(sqlite3 *db, int64_t card, const st_dup *d,
                        const json_t *fields, const char **outcome, ms_err *err)
{
	json_t *lead = st_lead_get(db, d->lead, 0, err), *ch = NULL;
	char what[128];
	int64_t pid = 0;
	ms_rc rc;

	if (!lead)
		return err->rc;
	*outcome = "same_card";
	if (d->m.outcome == MS_DD_CHANGED) {
		ch = ms_dd_proposal(json_object_get(lead, "fields"), fields,
		                    d->m.changed);
		if (!ch) {
			rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
			goto out;
		}
		if (json_object_size(ch)) {
			if ((rc = add_proposal(db, d->lead, card, ch, &d->m,
			                       &pid, err)))
				goto out;
			*outcome = "changed";
		}
	}
	if (pid)
		snprintf(what, sizeof(what),
		         "card %lld: the same person, changed (proposal "
		         "%lld)",
		         (long long)card, (long long)pid);
	else
		snprintf(what, sizeof(what), "card %lld: the same card again",
		         (long long)card);
	if ((rc = st_audit(db, d->lead, 0, "card", "", what, err)) ||
	    (rc = card_set(db, card, d->lead, *outcome, err)))
		goto out;
out:
	json_decref(ch);
	json_decref(lead);
	return rc;
}

ms_rc st_card_place(sqlite3 *db, int64_t card, const json_t *fields,
                    const char *conf, const char *boxes, ms_err *err)
{
	int64_t uploader, front, back, lead = 0, mid;
	st_dup d[MS_DD_MAX_REASONS];
	const char *outcome = "new";
	int n, i;
	ms_rc rc;

	/* A card that has its lead keeps it. */
	if (card_lead(db, card))
		return MS_OK;
	uploader =
	    one_int(db, "SELECT uploader_id FROM cards WHERE id = ?", card);
	front = one_int(db, "SELECT front_id FROM card_pairs WHERE back_id = ?",
	                card);
	back = one_int(db, "SELECT back_id FROM card_pairs WHERE front_id = ?",
	               card);
	/* (A front whose lead was removed since makes no home for it.) */
	if (front && (lead = card_lead(db, front)) &&
	    one_int(db,
	            "SELECT 1 FROM leads WHERE id = ? AND status != 'removed'",
	            lead))
		return place_back(db, card, lead, fields, err);
	n = st_dupes_find(db, fields, 0, 0, d, MS_DD_MAX_REASONS, err);
	if (n < 0)
		return err->rc;
	if (n > 0 && d[0].owner == uploader &&
	    (d[0].m.outcome == MS_DD_SAME_CARD ||
	     d[0].m.outcome == MS_DD_CHANGED)) {
		if ((rc = place_same(db, card, &d[0], fields, &outcome, err)))
			return rc;
		lead = d[0].lead;
	} else {
		if ((rc = st_lead_insert(db, card, 0, "new", fields, conf,
		                         boxes, &lead, err)))
			return rc;
		for (i = 0; i < n; i++)
			if ((rc = st_link(db, lead, &d[i], err)))
				return rc;
		outcome = n ? "possible" : "new";
		if ((rc = card_set(db, card, lead, outcome, err)))
			return rc;
	}
	/* A front whose back was scanned first takes in the back's lead. */
	if (back) {
		int64_t bl = card_lead(db, back);

		if (bl && bl != lead &&
		    one_int(db, "SELECT card_id FROM leads WHERE id = ?", bl) ==
		        back) {
			json_t *fl = st_lead_get(db, lead, 0, err);
			json_t *blj = st_lead_get(db, bl, 0, NULL), *f = NULL;

			if (!fl || !blj) {
				json_decref(fl);
				json_decref(blj);
				return fl ? MS_OK : err->rc;
			}
			f = ms_dd_front_back(json_object_get(fl, "fields"),
			                     json_object_get(blj, "fields"));
			rc = f ? st_merge(db, lead, bl, f, "pair", 0, &mid, err)
			       : ms_err_set(err, MS_ERR_NOMEM, "out of memory");
			json_decref(f);
			json_decref(fl);
			json_decref(blj);
			if (rc)
				return rc;
		}
	}
	return MS_OK;
}

/* ---- Import ------------------------------------------------------------ */

/* An imported lead: approved, owned by owner, no card and no event; its
 * keys are x->ks. No feed row: the CRM holds it already. */
static ms_rc ctx_insert(st_ddctx *x, int64_t owner, const json_t *fields,
                        int64_t *id, ms_err *err)
{
	char *f = json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS);
	char search[8192];
	ms_rc rc = MS_OK;

	if (!f || st_search_text(fields, search, sizeof(search))) {
		free(f);
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	}
	if ((!x->lead &&
	     (rc = st_prep(x->db,
	                   "INSERT INTO leads(owner_id, status, fields,"
	                   " search, created_at, updated_at) VALUES(?,"
	                   " 'approved', ?, ?, " MS_NOW_SQL ", " MS_NOW_SQL ")",
	                   &x->lead, err))) ||
	    (!x->fts && (rc = st_prep(x->db,
	                              "INSERT INTO leads_fts(rowid, search)"
	                              " VALUES(?, ?)",
	                              &x->fts, err))))
		goto out;
	sqlite3_reset(x->lead);
	sqlite3_bind_int64(x->lead, 1, owner);
	sqlite3_bind_text(x->lead, 2, f, -1, SQLITE_STATIC);
	sqlite3_bind_text(x->lead, 3, search, -1, SQLITE_STATIC);
	if (sqlite3_step(x->lead) != SQLITE_DONE) {
		rc = st_fail(x->db, "add lead", err);
		goto out;
	}
	*id = sqlite3_last_insert_rowid(x->db);
	sqlite3_reset(x->fts);
	sqlite3_bind_int64(x->fts, 1, *id);
	sqlite3_bind_text(x->fts, 2, search, -1, SQLITE_STATIC);
	if (sqlite3_step(x->fts) != SQLITE_DONE)
		rc = st_fail(x->db, "index lead", err);
	sqlite3_reset(x->lead);
	sqlite3_reset(x->fts);
out:
	free(f);
	return rc;
}

struct ms_store_importer {
	ms_store *st;
	sqlite3 *db;
	int64_t owner;
	st_ddctx *x;
};

ms_rc ms_store_import_begin(ms_store *st, int64_t owner,
                            ms_store_importer **out, ms_err *err)
{
	ms_store_importer *im = calloc(1, sizeof(*im));

	*out = NULL;
	if (!im)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	im->st = st;
	im->owner = owner;
	im->db = st_get(st);
	/* A bigger page cache: the key index is read at random. */
	if (st_exec(im->db, "PRAGMA cache_size = -65536", err) ||
	    !(im->x = st_ddctx_new(im->db, err))) {
		ms_store_import_end(im);
		return err->rc;
	}
	im->x->cache = calloc(DD_CACHE_SLOTS, sizeof(*im->x->cache));
	*out = im;
	return MS_OK;
}

void ms_store_import_end(ms_store_importer *im)
{
	if (!im)
		return;
	st_ddctx_free(im->x);
	if (im->db) {
		sqlite3_exec(im->db, "PRAGMA cache_size = -2000", NULL, NULL,
		             NULL);
		st_put(im->st, im->db);
	}
	free(im);
}

ms_rc ms_store_import(ms_store_importer *im, json_t *const *rows, int n,
                      ms_import_outcome *result, ms_err *err)
{
	sqlite3 *db = im->db;
	st_ddctx *x = im->x;
	st_dup d[MS_DD_MAX_REASONS];
	int64_t id = 0;
	int i, j, nd;
	ms_rc rc;

	if ((rc = st_begin(db, err)))
		return rc;
	for (i = 0; i < n; i++) {
		ctx_keys(x, rows[i]);
		nd = ctx_find(x, 0, 0, d, MS_DD_MAX_REASONS);
		if (nd > 0 && (d[0].m.outcome == MS_DD_SAME_CARD ||
		               d[0].m.outcome == MS_DD_CHANGED)) {
			result[i] = MS_IMPORT_MATCHED;
			continue;
		}
		if ((rc = ctx_insert(x, im->owner, rows[i], &id, err)) ||
		    (rc = ctx_put(x, id, err)))
			goto fail;
		for (j = 0; j < nd; j++)
			if ((rc = link_with(db, &x->link, id, &d[j], err)))
				goto fail;
		result[i] = nd ? MS_IMPORT_FLAGGED : MS_IMPORT_ADDED;
	}
	return st_commit(db, err);
fail:
	st_rollback(db);
	return rc;
}
