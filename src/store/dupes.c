/*
 * Duplicate detection in the store (issue 4): the blocking keys of every
 * live lead in lead_keys, the candidate lookup over them, what happens to
 * a card whose scan completes, and the duplicates of one lead.
 *
 * A lookup reads, for each blocking key of the new contact (at most
 * MS_DD_MAX_KEYS), the newest MS_DD_MAX_POSTINGS leads sharing it, by
 * equality on the primary key of lead_keys; ranks at most
 * MS_DD_MAX_CANDIDATES leads; and reads and scores the best
 * MS_DD_MAX_SCORED. Its cost therefore does not grow with the number of
 * leads.
 *
 * Scope: a scan is compared with every lead, whoever owns it. A same-card
 * or changed match acts (the card is attached to the lead, with a
 * proposal when something changed) only when the lead belongs to the
 * card's uploader; a match with another person's lead makes a new lead
 * for the uploader, linked to the other as a possible duplicate for an
 * admin to resolve. A rep's card never lands in someone else's lead and
 * a rep never sees another rep's lead through duplicates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

/* ---- Keys ------------------------------------------------------------- */

ms_rc st_keys_del(sqlite3 *db, int64_t lead_id, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db, "DELETE FROM lead_keys WHERE lead_id = ?", &s,
	                  err)))
		return rc;
	sqlite3_bind_int64(s, 1, lead_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "drop lead keys", err);
	sqlite3_finalize(s);
	return rc;
}

ms_rc st_keys_put(sqlite3 *db, int64_t lead_id, const json_t *fields,
                  ms_err *err)
{
	ms_dd_norm *n = malloc(sizeof(*n));
	ms_dd_keys *ks = malloc(sizeof(*ks));
	sqlite3_stmt *s = NULL;
	ms_rc rc;
	int i;

	if (!n || !ks) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = st_keys_del(db, lead_id, err)))
		goto out;
	ms_dd_norm_fields(fields, n);
	ms_dd_keys_of(n, ks);
	if ((rc = st_prep(db,
	                  "INSERT OR IGNORE INTO lead_keys(kind, key, lead_id)"
	                  " VALUES(?, ?, ?)",
	                  &s, err)))
		goto out;
	for (i = 0; i < ks->n; i++) {
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, ks->k[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, ks->k[i].key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, lead_id);
		if (sqlite3_step(s) != SQLITE_DONE) {
			rc = st_fail(db, "add lead key", err);
			break;
		}
	}
out:
	sqlite3_finalize(s);
	free(n);
	free(ks);
	return rc;
}

ms_rc st_keys_backfill(sqlite3 *db, ms_err *err)
{
	sqlite3_stmt *s = NULL;
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
	if ((rc = st_prep(db,
	                  "SELECT id, fields FROM leads WHERE status !="
	                  " 'removed'",
	                  &s, err)))
		goto fail;
	while (sqlite3_step(s) == SQLITE_ROW) {
		json_t *f = json_loads(st_text(s, 1), 0, NULL);

		rc = st_keys_put(db, sqlite3_column_int64(s, 0), f, err);
		json_decref(f);
		if (rc)
			goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	if ((rc = st_exec(db,
	                  "UPDATE meta SET value = '1' WHERE key ="
	                  " 'lead_keys_built'",
	                  err)))
		goto fail;
	return st_commit(db, err);
fail:
	sqlite3_finalize(s);
	st_rollback(db);
	return rc;
}

/* ---- Lookup ------------------------------------------------------------ */

static int dup_cmp(const void *x, const void *y)
{
	const st_dup *a = x, *b = y;

	if (a->m.score != b->m.score)
		return a->m.score < b->m.score ? 1 : -1;
	return a->lead < b->lead ? 1 : a->lead > b->lead ? -1 : 0;
}

int st_dupes_find(sqlite3 *db, const json_t *fields, int64_t self,
                  int64_t owner, st_dup *out, int max, ms_err *err)
{
	ms_dd_norm *n = malloc(sizeof(*n)), *ln = malloc(sizeof(*ln));
	ms_dd_keys *ks = malloc(sizeof(*ks));
	ms_dd_ranker *rk = malloc(sizeof(*rk));
	sqlite3_stmt *post = NULL, *get = NULL;
	int i, j, nscore, nout = -1;

	if (!n || !ln || !ks || !rk) {
		ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	ms_dd_norm_fields(fields, n);
	ms_dd_keys_of(n, ks);
	ms_dd_rank_init(rk);
	if (st_prep(db,
	            "SELECT lead_id FROM lead_keys WHERE kind = ? AND key = ?"
	            " ORDER BY lead_id DESC LIMIT ?",
	            &post, err) ||
	    st_prep(db,
	            "SELECT owner_id, fields FROM leads WHERE id = ? AND"
	            " status != 'removed'",
	            &get, err))
		goto out;
	for (i = 0; i < ks->n; i++) {
		int64_t ids[MS_DD_MAX_POSTINGS + 1];
		int np = 0;

		sqlite3_reset(post);
		sqlite3_bind_text(post, 1, ks->k[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(post, 2, ks->k[i].key, -1, SQLITE_STATIC);
		sqlite3_bind_int(post, 3, MS_DD_MAX_POSTINGS + 1);
		while (np <= MS_DD_MAX_POSTINGS &&
		       sqlite3_step(post) == SQLITE_ROW)
			ids[np++] = sqlite3_column_int64(post, 0);
		for (j = 0; j < np && j < MS_DD_MAX_POSTINGS; j++)
			if (ids[j] != self)
				ms_dd_rank_add(rk, ks->k[i].kind, ids[j],
				               np > MS_DD_MAX_POSTINGS);
	}
	nscore = ms_dd_rank_sort(rk, MS_DD_MAX_SCORED);
	nout = 0;
	for (i = 0; i < nscore; i++) {
		json_t *lf;
		ms_dd_match m;
		int64_t lo;

		sqlite3_reset(get);
		sqlite3_bind_int64(get, 1, rk->c[i].lead);
		if (sqlite3_step(get) != SQLITE_ROW)
			continue;
		lo = sqlite3_column_int64(get, 0);
		if (owner > 0 && lo != owner)
			continue;
		lf = json_loads(st_text(get, 1), 0, NULL);
		ms_dd_norm_fields(lf, ln);
		json_decref(lf);
		ms_dd_match_pair(n, ln, &m);
		if (m.outcome == MS_DD_NEW)
			continue;
		if (nout < max) {
			out[nout].lead = rk->c[i].lead;
			out[nout].owner = lo;
			out[nout].m = m;
			nout++;
		} else if (max > 0 && m.score > out[max - 1].m.score) {
			qsort(out, (size_t)nout, sizeof(out[0]), dup_cmp);
			out[max - 1].lead = rk->c[i].lead;
			out[max - 1].owner = lo;
			out[max - 1].m = m;
		}
	}
	if (nout > 1)
		qsort(out, (size_t)nout, sizeof(out[0]), dup_cmp);
out:
	sqlite3_finalize(post);
	sqlite3_finalize(get);
	free(n);
	free(ln);
	free(ks);
	free(rk);
	return nout;
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
		json_t *l = st_lead_get(db, d[i].lead, 0, NULL);

		if (!l)
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

ms_rc st_link(sqlite3 *db, int64_t lead, const st_dup *d, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	json_t *rs = reasons_json(&d->m);
	char *r = rs ? json_dumps(rs, JSON_COMPACT) : NULL;
	ms_rc rc;

	if (!r) {
		json_decref(rs);
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	}
	if ((rc = st_prep(
	         db,
	         "INSERT OR REPLACE INTO lead_links(lead_id, other_id,"
	         " score, reasons, created_at) VALUES(?, ?, ?, ?, " MS_NOW_SQL
	         ")",
	         &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, lead);
	sqlite3_bind_int64(s, 2, d->lead);
	sqlite3_bind_double(s, 3, d->m.score);
	sqlite3_bind_text(s, 4, r, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "link possible duplicate", err);
out:
	sqlite3_finalize(s);
	json_decref(rs);
	free(r);
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
	if (front && (lead = card_lead(db, front)))
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

ms_rc ms_store_import(ms_store *st, int64_t owner, json_t *const *rows, int n,
                      ms_import_outcome *result, ms_err *err)
{
	sqlite3 *db = st_get(st);
	st_dup d[MS_DD_MAX_REASONS];
	int64_t id;
	int i, j, nd;
	ms_rc rc;

	if ((rc = st_begin(db, err)))
		goto out;
	for (i = 0; i < n; i++) {
		nd =
		    st_dupes_find(db, rows[i], 0, 0, d, MS_DD_MAX_REASONS, err);
		if (nd < 0) {
			rc = err->rc;
			goto fail;
		}
		if (nd > 0 && (d[0].m.outcome == MS_DD_SAME_CARD ||
		               d[0].m.outcome == MS_DD_CHANGED)) {
			result[i] = MS_IMPORT_MATCHED;
			continue;
		}
		if ((rc = st_lead_insert(db, 0, owner, "approved", rows[i],
		                         NULL, NULL, &id, err)))
			goto fail;
		for (j = 0; j < nd; j++)
			if ((rc = st_link(db, id, &d[j], err)))
				goto fail;
		result[i] = nd ? MS_IMPORT_FLAGGED : MS_IMPORT_ADDED;
	}
	rc = st_commit(db, err);
	goto out;
fail:
	st_rollback(db);
out:
	st_put(st, db);
	return rc;
}
