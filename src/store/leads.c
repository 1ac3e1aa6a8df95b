/*
 * Leads in the store: the review list with its filters and full-text
 * search, edits with optimistic concurrency and an audit row per changed
 * field, approval, removal and merging, and the change sequence that the
 * export feed reads.
 *
 * Search text is every field joined, NFKC-normalised and lower-cased. It
 * is indexed by an FTS5 trigram table, which cannot match a query shorter
 * than three characters; such queries (a two-character Japanese family
 * name such as 山田 is common) fall back to a LIKE scan of the same text.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meishi/buf.h"
#include "meishi/text.h"
#include "store/store_int.h"

static const char *const field_keys[] = {
	"name", "family_name", "given_name", "name_reading", "name_latin",
	"company", "department", "title", "postal_code", "address", "phone",
	"fax", "mobile", "email", "url", "company_en", "title_en",
};
#define NKEYS (sizeof(field_keys) / sizeof(field_keys[0]))

static int is_field(const char *k)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (!strcmp(k, field_keys[i]))
			return 1;
	return 0;
}

ms_rc st_search_text(const json_t *fields, char *out, size_t cap)
{
	ms_buf b;
	size_t i;
	ms_rc rc = MS_OK;
	char *p;

	ms_buf_init(&b, cap - 1);
	for (i = 0; i < NKEYS && !rc; i++) {
		const char *v = json_string_value(json_object_get(fields,
								  field_keys[i]));
		if (v && *v) {
			rc = ms_buf_adds(&b, v);
			if (!rc)
				rc = ms_buf_adds(&b, " ");
		}
	}
	if (rc || !b.data) {
		out[0] = '\0';
		ms_buf_free(&b);
		return rc;
	}
	if (ms_nfkc(b.data, out, cap))
		snprintf(out, cap, "%s", b.data);
	ms_buf_free(&b);
	for (p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return MS_OK;
}

static json_t *parse_obj(const char *s)
{
	json_t *o = json_loads(s, 0, NULL);

	if (!o || !json_is_object(o)) {
		json_decref(o);
		o = json_object();
	}
	return o;
}

json_t *st_lead_json(sqlite3_stmt *s, int c)
{
	json_t *o;

	o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:s, s:s}",
		      "id", (json_int_t)sqlite3_column_int64(s, c),
		      "card_id", (json_int_t)sqlite3_column_int64(s, c + 1),
		      "uploader", st_text(s, c + 2),
		      "event", st_text(s, c + 3),
		      "status", st_text(s, c + 4),
		      "version", (json_int_t)sqlite3_column_int64(s, c + 5),
		      "fields", parse_obj(st_text(s, c + 6)),
		      "confidence", parse_obj(st_text(s, c + 7)),
		      "boxes", parse_obj(st_text(s, c + 8)),
		      "created_at", st_text(s, c + 9),
		      "updated_at", st_text(s, c + 10));
	return o;
}

ms_rc st_feed_touch(sqlite3 *db, int64_t lead_id, const char *op,
		    const char *reason, int64_t merged_into, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
			  "INSERT OR REPLACE INTO changes(lead_id, version,"
			  " op, reason, merged_into, at, body) SELECT l.id,"
			  " l.version, ?1, ?2, ?3, " MS_NOW_SQL ", CASE WHEN"
			  " ?1 = 'upsert' THEN ms_feed_body(" LEAD_JSON_SQL
			  ") END FROM leads l LEFT JOIN users u ON u.id ="
			  " l.owner_id WHERE l.id = ?4",
			  &s, err)))
		return rc;
	sqlite3_bind_text(s, 1, op, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, reason, -1, SQLITE_STATIC);
	if (merged_into)
		sqlite3_bind_int64(s, 3, merged_into);
	sqlite3_bind_int64(s, 4, lead_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "record change", err);
	sqlite3_finalize(s);
	return rc;
}

/* Escapes % _ and \ for LIKE ... ESCAPE '\'. */
static ms_rc like_pattern(const char *q, char *out, size_t cap)
{
	size_t o = 0;

	if (cap < 3)
		return MS_ERR_TOO_BIG;
	out[o++] = '%';
	for (; *q; q++) {
		if (o + 4 >= cap)
			return MS_ERR_TOO_BIG;
		if (*q == '%' || *q == '_' || *q == '\\')
			out[o++] = '\\';
		out[o++] = *q;
	}
	out[o++] = '%';
	out[o] = '\0';
	return MS_OK;
}

/* A phrase for FTS5 MATCH: the query in double quotes, quotes doubled. */
static ms_rc fts_phrase(const char *q, char *out, size_t cap)
{
	size_t o = 0;

	out[o++] = '"';
	for (; *q; q++) {
		if (o + 4 >= cap)
			return MS_ERR_TOO_BIG;
		if (*q == '"')
			out[o++] = '"';
		out[o++] = *q;
	}
	out[o++] = '"';
	out[o] = '\0';
	return MS_OK;
}

/* 1 if every character of s is a letter or digit. */
static int all_word_chars(const char *s)
{
	size_t n = strlen(s), i = 0, len;
	int32_t cp;

	while (i < n) {
		len = ms_utf8_next(s + i, n - i, &cp);
		if (!len || !ms_is_word_char(cp))
			return 0;
		i += len;
	}
	return 1;
}

/* How many live leads lead ?1 is linked to as a possible duplicate
 * (either way, when its scan or the other's was placed; only leads of
 * owner ?2 unless 0) and no admin dismissed as another person. */
#define POSSIBLE_COUNT_SQL                                               \
	"SELECT count(*) FROM (SELECT other_id AS o FROM lead_links"      \
	" WHERE lead_id = ?1 UNION SELECT lead_id FROM lead_links"       \
	" WHERE other_id = ?1) k JOIN leads y ON y.id = k.o"             \
	" WHERE y.status != 'removed' AND (?2 = 0 OR y.owner_id = ?2)"   \
	" AND k.o NOT IN " ST_NOTDUP_SQL("?1")

void st_sql_possible(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	sqlite3_stmt *s = NULL;
	sqlite3_int64 n = 0;

	(void)argc;
	if (sqlite3_prepare_v2(sqlite3_context_db_handle(ctx),
			       POSSIBLE_COUNT_SQL, -1, &s, NULL) != SQLITE_OK) {
		sqlite3_result_error(ctx, "possible duplicates", -1);
		return;
	}
	sqlite3_bind_value(s, 1, v[0]);
	sqlite3_bind_value(s, 2, v[1]);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_result_int64(ctx, n);
}

/* The count above for each listed lead l. Most leads have no link, and
 * the list is the busiest read: the lead's own count of links
 * (migration 9) decides, and only a linked lead pays for the full query
 * (kept out of this statement, whose text is prepared on every
 * request). */
#define POSSIBLE_SQL                                                     \
	"(CASE WHEN l.dup_links > 0 THEN ms_possible_dups(l.id, ?%d)"     \
	" ELSE 0 END)"

/* Runs the review-list query. As JSON objects into *res, or (out != NULL)
 * as JSON text built by SQLite's own JSON functions, which spares a parse
 * and a re-serialisation per lead on the busiest read. */
static json_t *list_run(ms_store *st, const ms_lead_query *q, ms_buf *out,
			ms_err *err)
{
	char sql[4096], norm[MS_SRV_MAX_QUERY * 4], cols[1536];
	char pat[MS_SRV_MAX_QUERY * 8] = "";
	const char *bind[8], *ix = NULL;
	int nbind = 0, nowner, i, n = 0, more = 0;
	int64_t last = 0;
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	json_t *arr = NULL, *res = NULL, *l;
	size_t len;
	char *p;

	/* A text query drives the scan from its index, newest first, so
	 * that a common word stops at the page's end and a rare one reads
	 * only its own leads: the trigram index for 3 characters or more,
	 * the pairs index (migration 4) for 1 or 2 word characters, LIKE
	 * only for 1 or 2 other characters such as "@". */
	if (q->q && *q->q) {
		size_t nq;

		if (ms_nfkc(q->q, norm, sizeof(norm))) {
			ms_err_set(err, MS_ERR_INVALID,
				   "q is not valid UTF-8 or is too long");
			return NULL;
		}
		for (p = norm; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		ms_trim(norm);
		nq = ms_utf8_len(norm);
		if (nq >= 3) {
			if (fts_phrase(norm, pat, sizeof(pat)))
				goto toolong;
			ix = "leads_fts";
		} else if (nq > 0 && all_word_chars(norm)) {
			if (fts_phrase(norm, pat, sizeof(pat) - 1))
				goto toolong;
			if (nq == 1)
				strcat(pat, "*");
			ix = "leads_grams";
		} else if (nq > 0) {
			if (like_pattern(norm, pat, sizeof(pat)))
				goto toolong;
		}
	}
	if (*pat)
		bind[nbind++] = pat;
	/* The owner for POSSIBLE_SQL is the next parameter (bound as an
	 * integer below). */
	if ((size_t)snprintf(cols, sizeof(cols),
			     out ? "l.id, json_object(" LEAD_JSON_PAIRS
				   ", 'possible_duplicates', " POSSIBLE_SQL
				   ")"
				 : LEAD_COLS ", " POSSIBLE_SQL,
			     nbind + 1) >= sizeof(cols)) {
		ms_err_set(err, MS_ERR_INTERNAL, "query too long");
		return NULL;
	}
	bind[nbind] = NULL;
	nowner = ++nbind;
	if (ix)
		len = (size_t)snprintf(
			sql, sizeof(sql),
			"SELECT %s FROM %s x CROSS JOIN leads l ON l.id ="
			" x.rowid JOIN users u ON u.id = l.owner_id WHERE"
			" l.status != 'removed' AND x.%s MATCH ?1",
			cols, ix, ix);
	else
		len = (size_t)snprintf(sql, sizeof(sql), "SELECT %s" LEAD_FROM
				       "WHERE l.status != 'removed'%s",
				       cols,
				       *pat ? " AND l.search LIKE ?1 ESCAPE"
					      " '\\'"
					    : "");
#define ADD(...)                                                         \
	len += (size_t)snprintf(sql + len, sizeof(sql) - len, __VA_ARGS__)
	if (q->owner > 0)
		ADD(" AND l.owner_id = %lld", (long long)q->owner);
	if (q->after > 0)
		ADD(" AND %s < %lld", ix ? "x.rowid" : "l.id",
		    (long long)q->after);
	if (q->status) {
		ADD(" AND l.status = ?%d", nbind + 1);
		bind[nbind++] = q->status;
	}
	if (q->uploader) {
		ADD(" AND u.name = ?%d", nbind + 1);
		bind[nbind++] = q->uploader;
	}
	if (q->event) {
		ADD(" AND l.event = ?%d", nbind + 1);
		bind[nbind++] = q->event;
	}
	if (q->created_from) {
		ADD(" AND l.created_at >= ?%d", nbind + 1);
		bind[nbind++] = q->created_from;
	}
	if (q->created_to) {
		ADD(" AND l.created_at < ?%d", nbind + 1);
		bind[nbind++] = q->created_to;
	}
	if (q->dormant_months > 0) {
		/* The newest card of the lead (its first, any card later
		 * placed on it by duplicate detection, its back) and of the
		 * leads merged into it (transitively); see store.h. */
		ADD(" AND coalesce((WITH RECURSIVE fam(id) AS (SELECT l.id"
		    " UNION SELECT m.id FROM leads m JOIN fam"
		    " ON m.merged_into = fam.id)"
		    " SELECT max(c.created_at) FROM fam"
		    " JOIN leads x ON x.id = fam.id"
		    " JOIN cards c ON c.id = x.card_id OR c.lead_id = x.id"
		    " OR c.id IN"
		    " (SELECT back_id FROM card_pairs"
		    " WHERE front_id = x.card_id)), l.created_at)"
		    " < strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now',"
		    " '-%d months')",
		    q->dormant_months);
	}
	ADD(" ORDER BY %s DESC LIMIT %d", ix ? "x.rowid" : "l.id",
	    q->limit + 1);
#undef ADD
	if (len >= sizeof(sql)) {
		ms_err_set(err, MS_ERR_INTERNAL, "query too long");
		return NULL;
	}
	db = st_get(st);
	if (st_prep(db, sql, &s, err))
		goto out;
	for (i = 0; i < nbind; i++)
		if (i + 1 == nowner)
			sqlite3_bind_int64(s, i + 1, q->owner > 0 ? q->owner : 0);
		else
			sqlite3_bind_text(s, i + 1, bind[i], -1, SQLITE_STATIC);
	if (out) {
		ms_rc rc = ms_buf_adds(out, "{\"leads\":[");

		while (!rc && sqlite3_step(s) == SQLITE_ROW) {
			if (n == q->limit) {
				more = 1;
				break;
			}
			last = sqlite3_column_int64(s, 0);
			if (n)
				rc = ms_buf_add(out, ",", 1);
			if (!rc)
				rc = ms_buf_add(out, sqlite3_column_text(s, 1),
						(size_t)sqlite3_column_bytes(s,
									     1));
			n++;
		}
		if (!rc && more)
			rc = ms_buf_addf(out, "],\"next_cursor\":\"%lld\"}",
					 (long long)last);
		else if (!rc)
			rc = ms_buf_adds(out, "],\"next_cursor\":null}");
		if (rc)
			ms_err_set(err, rc, "the page does not fit in memory");
		else
			res = json_true();
		goto out;
	}
	arr = json_array();
	while (arr && sqlite3_step(s) == SQLITE_ROW) {
		if (n == q->limit) {
			more = 1;
			break;
		}
		last = sqlite3_column_int64(s, 0);
		l = st_lead_json(s, 0);
		if (l)
			json_object_set_new(
				l, "possible_duplicates",
				json_integer(sqlite3_column_int64(s, 12)));
		json_array_append_new(arr, l);
		n++;
	}
	res = json_pack("{s:o}", "leads", arr);
	arr = NULL;
	if (res)
		json_object_set_new(res, "next",
				    more ? json_integer(last) : json_null());
out:
	json_decref(arr);
	sqlite3_finalize(s);
	if (db)
		st_put(st, db);
	return res;
toolong:
	ms_err_set(err, MS_ERR_TOO_BIG, "q is too long");
	return NULL;
}

json_t *ms_store_leads_list(ms_store *st, const ms_lead_query *q,
			    ms_err *err)
{
	return list_run(st, q, NULL, err);
}

ms_rc ms_store_leads_list_text(ms_store *st, const ms_lead_query *q,
			       ms_buf *out, ms_err *err)
{
	json_t *ok = list_run(st, q, out, err);

	if (!ok)
		return err && err->rc ? err->rc : MS_ERR_INTERNAL;
	json_decref(ok);
	return MS_OK;
}

static json_t *lead_get(sqlite3 *db, int64_t id, int64_t owner, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	json_t *o = NULL;

	if (st_prep(db,
		    "SELECT " LEAD_COLS LEAD_FROM
		    "WHERE l.id = ? AND l.status != 'removed' AND"
		    " (? = 0 OR l.owner_id = ?)",
		    &s, err))
		return NULL;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, owner);
	sqlite3_bind_int64(s, 3, owner);
	if (sqlite3_step(s) == SQLITE_ROW)
		o = st_lead_json(s, 0);
	else
		ms_err_set(err, MS_ERR_NOTFOUND, "no lead with id %lld",
			   (long long)id);
	sqlite3_finalize(s);
	return o;
}

json_t *ms_store_lead_get(ms_store *st, int64_t id, int64_t owner,
			  ms_err *err)
{
	sqlite3 *db = st_get(st);
	json_t *o = lead_get(db, id, owner, err);

	if (o)
		st_lead_extras(db, o);
	st_put(st, db);
	return o;
}

static ms_rc audit(sqlite3 *db, int64_t lead, int64_t actor,
		   const char *field, const char *from, const char *to,
		   ms_err *err)
{
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
			  "INSERT INTO audit(lead_id, user_id, field, old, new,"
			  " at) VALUES(?, ?, ?, ?, ?, " MS_NOW_SQL ")",
			  &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, lead);
	if (actor > 0)
		sqlite3_bind_int64(s, 2, actor);
	sqlite3_bind_text(s, 3, field, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, to, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "audit", err);
	sqlite3_finalize(s);
	return rc;
}

/* Loads the lead for a change inside a transaction and checks the version
 * the caller saw. */
static ms_rc lock_lead(sqlite3 *db, int64_t id, int64_t owner,
		       int64_t version, json_t **lead, ms_err *err)
{
	json_t *o = lead_get(db, id, owner, err);
	int64_t have;

	if (!o)
		return err ? err->rc : MS_ERR_NOTFOUND;
	have = json_integer_value(json_object_get(o, "version"));
	if (version > 0 && have != version) {
		json_decref(o);
		return ms_err_set(err, MS_ERR_CONFLICT,
				  "the lead changed since you read it (now "
				  "version %lld, you sent %lld); reload it "
				  "and apply your change again",
				  (long long)have, (long long)version);
	}
	*lead = o;
	return MS_OK;
}

static ms_rc write_lead(sqlite3 *db, int64_t id, const json_t *fields,
			const char *status, int64_t merged_into, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	char *f = json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS);
	char *search = malloc(8192);
	ms_rc rc;

	if (!f || !search || st_search_text(fields, search, 8192)) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = st_prep(db,
			  "UPDATE leads SET fields = ?, search = ?, status = ?,"
			  " merged_into = ?, version = version + 1,"
			  " updated_at = " MS_NOW_SQL " WHERE id = ?",
			  &s, err)))
		goto out;
	sqlite3_bind_text(s, 1, f, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, search, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, status, -1, SQLITE_STATIC);
	if (merged_into)
		sqlite3_bind_int64(s, 4, merged_into);
	sqlite3_bind_int64(s, 5, id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = st_fail(db, "update lead", err);
		goto out;
	}
	sqlite3_finalize(s);
	if ((rc = st_prep(db, "DELETE FROM leads_fts WHERE rowid = ?", &s,
			  err)))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_step(s);
	sqlite3_finalize(s);
	s = NULL;
	if (strcmp(status, "removed")) {
		if ((rc = st_prep(db,
				  "INSERT INTO leads_fts(rowid, search)"
				  " VALUES(?, ?)",
				  &s, err)))
			goto out;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, search, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = st_fail(db, "index lead", err);
	}
	/* The blocking keys of duplicate detection follow every write. */
	if (!rc)
		rc = strcmp(status, "removed") ? st_keys_put(db, id, fields, err)
					       : st_keys_del(db, id, err);
out:
	sqlite3_finalize(s);
	free(f);
	free(search);
	return rc;
}

static int in_feed(sqlite3 *db, int64_t id)
{
	sqlite3_stmt *s = NULL;
	int r = 0;

	if (st_prep(db, "SELECT 1 FROM changes WHERE lead_id = ?", &s, NULL))
		return 0;
	sqlite3_bind_int64(s, 1, id);
	r = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return r;
}

ms_rc ms_store_lead_patch(ms_store *st, int64_t id, int64_t owner,
			  int64_t actor, int64_t version, const json_t *fields,
			  json_t **out, ms_err *err)
{
	sqlite3 *db;
	json_t *lead = NULL, *cur;
	const char *k;
	json_t *v;
	int changed = 0;
	ms_rc rc;

	*out = NULL;
	if (!json_is_object(fields) || json_object_size(fields) == 0)
		return ms_err_set(err, MS_ERR_INVALID,
				  "send an object of fields to change");
	json_object_foreach((json_t *)fields, k, v) {
		const char *sv = json_string_value(v);

		if (!is_field(k))
			return ms_err_set(err, MS_ERR_INVALID,
					  "'%s' is not a lead field", k);
		if (!sv)
			return ms_err_set(err, MS_ERR_INVALID,
					  "field '%s' must be a string", k);
		if (strlen(sv) >= MS_MAX_FIELD_BYTES)
			return ms_err_set(err, MS_ERR_TOO_BIG,
					  "field '%s' is longer than %d bytes",
					  k, MS_MAX_FIELD_BYTES - 1);
	}
	db = st_get(st);
	if ((rc = st_begin(db, err)))
		goto out;
	if ((rc = lock_lead(db, id, owner, version, &lead, err)))
		goto fail;
	cur = json_object_get(lead, "fields");
	json_object_foreach((json_t *)fields, k, v) {
		const char *old = json_string_value(json_object_get(cur, k));
		const char *nv = json_string_value(v);

		if (!old)
			old = "";
		if (!strcmp(old, nv))
			continue;
		if ((rc = audit(db, id, actor, k, old, nv, err)))
			goto fail;
		json_object_set_new(cur, k, json_string(nv));
		changed++;
	}
	if (changed) {
		const char *status = json_string_value(
			json_object_get(lead, "status"));

		if ((rc = write_lead(db, id, cur, status, 0, err)))
			goto fail;
		if (!strcmp(status, "approved") &&
		    (rc = st_feed_touch(db, id, "upsert", "", 0, err)))
			goto fail;
	}
	json_decref(lead);
	lead = lead_get(db, id, 0, err);
	if ((rc = st_commit(db, err)))
		goto out;
	*out = lead;
	lead = NULL;
	goto out;
fail:
	st_rollback(db);
out:
	json_decref(lead);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_lead_set_status(ms_store *st, int64_t id, int64_t actor,
			       int64_t version, const char *status,
			       json_t **out, ms_err *err)
{
	sqlite3 *db = st_get(st);
	json_t *lead = NULL;
	const char *old;
	ms_rc rc;

	*out = NULL;
	if ((rc = st_begin(db, err)))
		goto out;
	if ((rc = lock_lead(db, id, 0, version, &lead, err)))
		goto fail;
	old = json_string_value(json_object_get(lead, "status"));
	if (strcmp(old, status)) {
		if ((rc = audit(db, id, actor, "status", old, status, err)) ||
		    (rc = write_lead(db, id, json_object_get(lead, "fields"),
				     status, 0, err)))
			goto fail;
		if (!strcmp(status, "approved"))
			rc = st_feed_touch(db, id, "upsert", "", 0, err);
		else if (in_feed(db, id))
			rc = st_feed_touch(db, id, "delete", status, 0, err);
		if (rc)
			goto fail;
	}
	json_decref(lead);
	lead = lead_get(db, id, 0, err);
	if ((rc = st_commit(db, err)))
		goto out;
	*out = lead;
	lead = NULL;
	goto out;
fail:
	st_rollback(db);
out:
	json_decref(lead);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_lead_remove(ms_store *st, int64_t id, int64_t actor,
			   int64_t version, int64_t into, ms_err *err)
{
	sqlite3 *db = st_get(st);
	json_t *lead = NULL, *target = NULL;
	const char *old;
	ms_rc rc;

	if ((rc = st_begin(db, err)))
		goto out;
	if ((rc = lock_lead(db, id, 0, version, &lead, err)))
		goto fail;
	if (into) {
		if (into == id) {
			rc = ms_err_set(err, MS_ERR_INVALID,
					"a lead cannot be merged into itself");
			goto fail;
		}
		target = lead_get(db, into, 0, err);
		if (!target) {
			rc = ms_err_set(err, MS_ERR_INVALID,
					"no lead with id %lld to merge into",
					(long long)into);
			goto fail;
		}
	}
	old = json_string_value(json_object_get(lead, "status"));
	if ((rc = audit(db, id, actor, "status", old,
			into ? "merged" : "removed", err)) ||
	    (rc = write_lead(db, id, json_object_get(lead, "fields"),
			     "removed", into, err)))
		goto fail;
	if ((!strcmp(old, "approved") || in_feed(db, id)) &&
	    (rc = st_feed_touch(db, id, "delete", into ? "merged" : "removed",
				into, err)))
		goto fail;
	rc = st_commit(db, err);
	goto out;
fail:
	st_rollback(db);
out:
	json_decref(lead);
	json_decref(target);
	st_put(st, db);
	return rc;
}

json_t *ms_store_lead_audit(ms_store *st, int64_t id, int64_t owner,
			    ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	json_t *arr = NULL, *lead = lead_get(db, id, owner, err);

	if (!lead)
		goto out;
	/* A survivor keeps the trail of every lead merged into it. */
	if (st_prep(db,
		    "WITH RECURSIVE m(id) AS (SELECT ?1 UNION SELECT"
		    " g.other_id FROM merges g JOIN m ON g.survivor_id = m.id"
		    " WHERE g.undone_at IS NULL)"
		    " SELECT a.field, a.old, a.new, coalesce(u.name, ''), a.at,"
		    " a.lead_id FROM audit a LEFT JOIN users u ON"
		    " u.id = a.user_id WHERE a.lead_id IN m ORDER BY a.id",
		    &s, err))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	arr = json_array();
	while (arr && sqlite3_step(s) == SQLITE_ROW)
		json_array_append_new(
			arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}",
				       "field", st_text(s, 0), "from",
				       st_text(s, 1), "to", st_text(s, 2),
				       "user", st_text(s, 3), "at",
				       st_text(s, 4), "lead_id",
				       (json_int_t)sqlite3_column_int64(s,
									5)));
out:
	json_decref(lead);
	sqlite3_finalize(s);
	st_put(st, db);
	return arr;
}

static int64_t meta_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t v = 0;

	if (st_prep(db, sql, &s, NULL))
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Parses since into *seq; MS_ERR_INVALID or MS_ERR_CONFLICT as for
 * ms_store_feed. */
static ms_rc feed_since(ms_store *st, const char *since, int64_t *seq,
			ms_err *err)
{
	const char *dot;
	char *end;

	*seq = 0;
	if (!since || !*since || !strcmp(since, "0"))
		return MS_OK;
	dot = strchr(since, '.');
	if (!dot || (size_t)(dot - since) != strlen(st->db_id) ||
	    !isdigit((unsigned char)dot[1]))
		return ms_err_set(err, MS_ERR_INVALID,
				  "since is not a cursor this server issued; "
				  "start with since=0");
	*seq = strtoll(dot + 1, &end, 10);
	if (*end || *seq < 0)
		return ms_err_set(err, MS_ERR_INVALID,
				  "since is not a cursor this server issued; "
				  "start with since=0");
	if (strncmp(since, st->db_id, strlen(st->db_id)))
		return ms_err_set(err, MS_ERR_CONFLICT,
				  "this cursor belongs to another database "
				  "(restored or replaced); resync from "
				  "since=0");
	return MS_OK;
}

/* Inside the feed's read transaction: can seq be served? */
static ms_rc feed_servable(sqlite3 *db, int64_t seq, ms_err *err)
{
	int64_t floor, top;

	floor = meta_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE"
			     " key = 'feed_floor'");
	top = meta_int(db, "SELECT seq FROM sqlite_sequence WHERE name ="
			   " 'changes'");
	if (seq > top)
		return ms_err_set(err, MS_ERR_CONFLICT,
				  "this cursor is ahead of the server's "
				  "history (the database was restored from a "
				  "backup); resync from since=0");
	if (seq > 0 && seq < floor)
		return ms_err_set(err, MS_ERR_CONFLICT,
				  "this cursor is older than the history the "
				  "server keeps; resync from since=0");
	return MS_OK;
}

ms_rc ms_store_feed_each(ms_store *st, const char *since, int limit,
			 ms_rc (*fn)(const ms_feed_row *row, void *ud),
			 void *ud, char next[80], int *more, ms_err *err)
{
	sqlite3 *db;
	sqlite3_stmt *s = NULL;
	int64_t seq, last;
	ms_feed_row row;
	int n = 0;
	ms_rc rc;

	*more = 0;
	if ((rc = feed_since(st, since, &seq, err)))
		return rc;
	db = st_get(st);
	if ((rc = st_exec(db, "BEGIN", err)))
		goto out;
	if ((rc = feed_servable(db, seq, err)))
		goto done;
	if ((rc = st_prep(db,
			  "SELECT c.seq, c.op, c.reason,"
			  " coalesce(c.merged_into, 0), c.version, c.lead_id,"
			  " c.at, CASE WHEN c.op = 'upsert' AND c.body IS"
			  " NULL THEN " LEAD_JSON_SQL " END, c.body"
			  " FROM changes c LEFT JOIN leads l ON"
			  " l.id = c.lead_id AND c.body IS NULL"
			  " LEFT JOIN users u ON u.id = l.owner_id"
			  " WHERE c.seq > ? ORDER BY c.seq LIMIT ?",
			  &s, err)))
		goto done;
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_int(s, 2, limit + 1);
	last = seq;
	while (sqlite3_step(s) == SQLITE_ROW) {
		int del;

		if (n == limit) {
			*more = 1;
			break;
		}
		del = !strcmp(st_text(s, 1), "delete");
		row.seq = sqlite3_column_int64(s, 0);
		row.op = st_text(s, 1);
		row.reason = st_text(s, 2);
		row.merged_into = sqlite3_column_int64(s, 3);
		row.version = sqlite3_column_int64(s, 4);
		row.lead_id = sqlite3_column_int64(s, 5);
		row.changed_at = st_text(s, 6);
		row.body = del || sqlite3_column_type(s, 8) == SQLITE_NULL
				   ? NULL
				   : st_text(s, 8);
		row.lead_json = del || row.body ? NULL : st_text(s, 7);
		if ((rc = fn(&row, ud)))
			goto done;
		last = row.seq;
		n++;
	}
	snprintf(next, 80, "%s.%lld", st->db_id, (long long)last);
done:
	sqlite3_finalize(s);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
out:
	st_put(st, db);
	return rc;
}

ms_rc ms_store_feed(ms_store *st, const char *since, int limit,
		    ms_feed_page *page, ms_err *err)
{
	sqlite3 *db;
	sqlite3_stmt *s = NULL;
	int64_t seq = 0, last;
	int n = 0;
	ms_rc rc;

	memset(page, 0, sizeof(*page));
	if ((rc = feed_since(st, since, &seq, err)))
		return rc;
	db = st_get(st);
	/* One read transaction: the floor, the top and the rows agree. */
	if ((rc = st_exec(db, "BEGIN", err)))
		goto out;
	if ((rc = feed_servable(db, seq, err)))
		goto fail;
	if ((rc = st_prep(db,
			  "SELECT c.seq, c.op, c.reason, c.merged_into,"
			  " c.version, c.lead_id, c.at, " LEAD_COLS
			  " FROM changes c LEFT JOIN leads l ON"
			  " l.id = c.lead_id LEFT JOIN users u ON"
			  " u.id = l.owner_id WHERE c.seq > ?"
			  " ORDER BY c.seq LIMIT ?",
			  &s, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_int(s, 2, limit + 1);
	page->items = json_array();
	last = seq;
	while (page->items && sqlite3_step(s) == SQLITE_ROW) {
		json_t *it;
		int del = !strcmp(st_text(s, 1), "delete");

		if (n == limit) {
			page->more = 1;
			break;
		}
		it = json_pack("{s:I, s:s, s:I, s:I, s:s}", "seq",
			       (json_int_t)sqlite3_column_int64(s, 0), "op",
			       st_text(s, 1), "lead_id",
			       (json_int_t)sqlite3_column_int64(s, 5),
			       "version",
			       (json_int_t)sqlite3_column_int64(s, 4),
			       "changed_at", st_text(s, 6));
		if (del) {
			json_object_set_new(it, "reason",
					    json_string(st_text(s, 2)));
			json_object_set_new(
				it, "merged_into",
				sqlite3_column_type(s, 3) == SQLITE_NULL
					? json_null()
					: json_integer(
						  sqlite3_column_int64(s, 3)));
		} else {
			json_object_set_new(it, "lead", st_lead_json(s, 7));
		}
		json_array_append_new(page->items, it);
		last = sqlite3_column_int64(s, 0);
		n++;
	}
	snprintf(page->next, sizeof(page->next), "%s.%lld", st->db_id,
		 (long long)last);
	sqlite3_finalize(s);
	s = NULL;
fail:
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	if (rc) {
		json_decref(page->items);
		page->items = NULL;
	}
	return rc;
}

int64_t ms_store_feed_prune(ms_store *st, int days, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	int64_t n = -1;
	char age[32];

	snprintf(age, sizeof(age), "%+d days", -days);
	if (st_begin(db, err))
		goto out;
	if (st_prep(db,
		    "UPDATE meta SET value = (SELECT coalesce(max(seq), 0)"
		    " FROM changes WHERE op = 'delete' AND at < strftime("
		    "'%Y-%m-%dT%H:%M:%fZ', 'now', ?)) + 0 WHERE key ="
		    " 'feed_floor' AND (SELECT count(*) FROM changes WHERE op"
		    " = 'delete' AND at < strftime('%Y-%m-%dT%H:%M:%fZ',"
		    " 'now', ?)) > 0",
		    &s, err))
		goto fail;
	sqlite3_bind_text(s, 1, age, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, age, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(s);
	if (st_prep(db,
		    "DELETE FROM changes WHERE op = 'delete' AND at <"
		    " strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)",
		    &s, err))
		goto fail;
	sqlite3_bind_text(s, 1, age, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto fail;
	n = sqlite3_changes(db);
	sqlite3_finalize(s);
	s = NULL;
	if (st_commit(db, err))
		n = -1;
	goto out;
fail:
	st_rollback(db);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return n;
}

ms_rc ms_store_seed(ms_store *st, int64_t owner, int64_t n, ms_err *err)
{
	static const char *const fam[] = {"山田", "佐藤", "鈴木", "高橋",
					  "田中", "伊藤", "渡辺", "中村"};
	static const char *const giv[] = {"太郎", "花子", "一郎", "美咲",
					  "健", "陽子"};
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL, *f = NULL, *c = NULL;
	char fields[1024], search[2048];
	json_t *fo;
	int64_t i, id;
	ms_rc rc;

	if ((rc = st_begin(db, err)))
		goto out;
	if ((rc = st_prep(db,
			  "INSERT INTO leads(owner_id, event, status, fields,"
			  " search, created_at, updated_at) VALUES(?, ?, ?, ?,"
			  " ?, " MS_NOW_SQL ", " MS_NOW_SQL ")",
			  &s, err)) ||
	    (rc = st_prep(db,
			  "INSERT INTO leads_fts(rowid, search) VALUES(?, ?)",
			  &f, err)))
		goto fail;
	for (i = 0; i < n; i++) {
		snprintf(fields, sizeof(fields),
			 "{\"name\":\"%s %s\",\"family_name\":\"%s\","
			 "\"given_name\":\"%s\",\"company\":\"株式会社テスト%lld\","
			 "\"email\":\"user%lld@example.co.jp\","
			 "\"phone\":\"03-1234-%04lld\"}",
			 fam[i % 8], giv[i % 6], fam[i % 8], giv[i % 6],
			 (long long)(i % 1000), (long long)i,
			 (long long)(i % 10000));
		fo = json_loads(fields, 0, NULL);
		if (!fo || st_search_text(fo, search, sizeof(search))) {
			json_decref(fo);
			rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
			goto fail;
		}
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, owner);
		sqlite3_bind_text(s, 2, i % 3 ? "Expo 2026" : "", -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(s, 3, i % 2 ? "approved" : "new", -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(s, 4, fields, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, search, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE) {
			json_decref(fo);
			rc = st_fail(db, "seed", err);
			goto fail;
		}
		id = sqlite3_last_insert_rowid(db);
		rc = st_keys_put(db, id, fo, err);
		json_decref(fo);
		if (rc)
			goto fail;
		sqlite3_reset(f);
		sqlite3_bind_int64(f, 1, id);
		sqlite3_bind_text(f, 2, search, -1, SQLITE_STATIC);
		if (sqlite3_step(f) != SQLITE_DONE) {
			rc = st_fail(db, "seed index", err);
			goto fail;
		}
		if (i % 2 && (rc = st_feed_touch(db, id, "upsert", "", 0, err)))
			goto fail;
	}
	sqlite3_finalize(s);
	sqlite3_finalize(f);
	s = f = NULL;
	rc = st_commit(db, err);
	goto out;
fail:
	st_rollback(db);
out:
	sqlite3_finalize(s);
	sqlite3_finalize(f);
	sqlite3_finalize(c);
	st_put(st, db);
	return rc;
}

/* ---- For the other files of src/store ------------------------------------ */

json_t *st_lead_get(sqlite3 *db, int64_t id, int64_t owner, ms_err *err)
{
	return lead_get(db, id, owner, err);
}

ms_rc st_lock_lead(sqlite3 *db, int64_t id, int64_t owner, int64_t version,
		   json_t **lead, ms_err *err)
{
	return lock_lead(db, id, owner, version, lead, err);
}

ms_rc st_write_lead(sqlite3 *db, int64_t id, const json_t *fields,
		    const char *status, int64_t merged_into, ms_err *err)
{
	return write_lead(db, id, fields, status, merged_into, err);
}

ms_rc st_audit(sqlite3 *db, int64_t lead, int64_t actor, const char *field,
	       const char *from, const char *to, ms_err *err)
{
	return audit(db, lead, actor, field, from, to, err);
}

int st_in_feed(sqlite3 *db, int64_t id)
{
	return in_feed(db, id);
}
