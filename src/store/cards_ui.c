/*
 * Cards for the web UI: scanning a card again from the review desk, and
 * the list of a rep's own uploads, failures included.
 *
 * A rescan queues the card's job again, optionally with an orientation a
 * person chose: the rotation asked for turns the card from the way its
 * flattened image shows it now (cards.orientation), and the job keeps the
 * resulting orientation (jobs.rotation) and who asked (jobs.rescan_by).
 * The stored photo is never touched. When the scan finishes, the card's
 * lead takes the new fields, except those a person has edited (any audit
 * row with a user for that field), with a new version, audit rows and,
 * for an approved lead, a change in the export feed; all of it in one
 * transaction with the card's new state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meishi/contact.h"
#include "store/store_int.h"

/* The first column of the first row of sql (with id bound to its one
 * parameter, if it has one); MS_ERR_NOTFOUND for no row or NULL. */
static ms_rc one_int(sqlite3 *db, const char *sql, int64_t id, int64_t *v,
		     ms_err *err)
{
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db, sql, &s, err)))
		return rc;
	if (sqlite3_bind_parameter_count(s) > 0)
		sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) != SQLITE_NULL)
		*v = sqlite3_column_int64(s, 0);
	else
		rc = MS_ERR_NOTFOUND;
	sqlite3_finalize(s);
	return rc;
}

ms_rc ms_store_card_rescan(ms_store *st, int64_t id, int rotate, int64_t by,
			   int queue_max, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	int64_t orient = 0, n = 0;
	char status[16];
	ms_rc rc;

	if (rotate != -1 && rotate != 0 && rotate != 90 && rotate != 180 &&
	    rotate != 270) {
		rc = ms_err_set(err, MS_ERR_INVALID,
				"rotate is 0, 90, 180 or 270 (degrees "
				"clockwise)");
		goto out;
	}
	if ((rc = st_begin(db, err)))
		goto out;
	if ((rc = st_prep(db,
			  "SELECT status, orientation FROM cards WHERE id = ?",
			  &s, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = ms_err_set(err, MS_ERR_NOTFOUND, "no card with id %lld",
				(long long)id);
		goto fail;
	}
	snprintf(status, sizeof(status), "%s", st_text(s, 0));
	orient = sqlite3_column_int64(s, 1);
	sqlite3_finalize(s);
	s = NULL;
	if (!strcmp(status, "queued") || !strcmp(status, "scanning")) {
		rc = ms_err_set(err, MS_ERR_CONFLICT,
				"card %lld is already waiting to be scanned",
				(long long)id);
		goto fail;
	}
	if (one_int(db, "SELECT count(*) FROM jobs", 0, &n, err) == MS_OK &&
	    n >= queue_max) {
		rc = ms_err_set(err, MS_ERR_BUSY,
				"the scan queue is full (%d cards waiting); "
				"try again later",
				queue_max);
		goto fail;
	}
	if ((rc =
		 st_prep(db,
			 "INSERT INTO jobs(card_id, state, enqueued_at,"
			 " rotation, rescan_by) VALUES(?, 'queued', " MS_NOW_SQL
			 ", ?, ?)",
			 &s, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	if (rotate >= 0)
		sqlite3_bind_int64(s, 2, (orient + rotate) % 360);
	sqlite3_bind_int64(s, 3, by);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = st_fail(db, "queue job", err);
		goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	if ((rc = st_run(db, "update card", err,
			 "UPDATE cards SET status = 'queued', error = '',"
			 " updated_at = " MS_NOW_SQL " WHERE id = ?",
			 "i", id)))
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

ms_rc ms_store_job_rescan(ms_store *st, int64_t id, int *rotation, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	*rotation = -1;
	if ((rc = st_prep(db,
			  "SELECT rotation FROM jobs WHERE card_id = ? AND"
			  " rescan_by IS NOT NULL",
			  &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = MS_ERR_NOTFOUND;
		goto out;
	}
	if (sqlite3_column_type(s, 0) != SQLITE_NULL)
		*rotation = sqlite3_column_int(s, 0);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

static ms_rc set_orientation(sqlite3 *db, int64_t id, int rotation, ms_err *err)
{
	return st_run(db, "update card", err,
		      "UPDATE cards SET orientation = ? WHERE id = ?", "di",
		      ((rotation % 360) + 360) % 360, id);
}

ms_rc ms_store_card_set_orientation(ms_store *st, int64_t id, int rotation,
				    ms_err *err)
{
	sqlite3 *db = st_get(st);
	ms_rc rc = set_orientation(db, id, rotation, err);

	st_put(st, db);
	return rc;
}

/* The fields of lead a person has edited, as keys of an object. */
static json_t *edited_fields(sqlite3 *db, int64_t lead, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	json_t *o = json_object();

	if (!o || st_prep(db,
			  "SELECT DISTINCT field FROM audit WHERE lead_id = ?"
			  " AND user_id IS NOT NULL",
			  &s, err)) {
		json_decref(o);
		return NULL;
	}
	sqlite3_bind_int64(s, 1, lead);
	while (sqlite3_step(s) == SQLITE_ROW)
		json_object_set_new(o, st_text(s, 0), json_true());
	sqlite3_finalize(s);
	return o;
}

static json_t *parse_obj(const char *text)
{
	json_t *o = json_loads(text, 0, NULL);

	if (!json_is_object(o)) {
		json_decref(o);
		o = json_object();
	}
	return o;
}

/* The e164 entry that goes with each phone-like field. */
static const char *e164_key(const char *field)
{
	if (!strcmp(field, "phone") || !strcmp(field, "fax") ||
	    !strcmp(field, "mobile"))
		return field;
	return NULL;
}

struct lead_row {
	int64_t id, version;
	char status[16];
	json_t *fields, *conf, *boxes;
};

static ms_rc load_lead(sqlite3 *db, int64_t card, struct lead_row *l,
		       ms_err *err)
{
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	memset(l, 0, sizeof(*l));
	if ((rc = st_prep(db,
			  "SELECT l.id, l.version, l.status, l.fields,"
			  " l.confidence, l.boxes FROM cards c JOIN leads l"
			  " ON l.id = coalesce(c.lead_id, (SELECT id FROM"
			  " leads WHERE card_id = c.id)) WHERE c.id = ? AND"
			  " l.status != 'removed'",
			  &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, card);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return MS_ERR_NOTFOUND;
	}
	l->id = sqlite3_column_int64(s, 0);
	l->version = sqlite3_column_int64(s, 1);
	snprintf(l->status, sizeof(l->status), "%s", st_text(s, 2));
	l->fields = parse_obj(st_text(s, 3));
	l->conf = parse_obj(st_text(s, 4));
	l->boxes = parse_obj(st_text(s, 5));
	sqlite3_finalize(s);
	if (!l->fields || !l->conf || !l->boxes)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	return MS_OK;
}

static void free_lead(struct lead_row *l)
{
	json_decref(l->fields);
	json_decref(l->conf);
	json_decref(l->boxes);
}

/* Merges the scan into the lead's fields, confidence and boxes, keeping
 * what a person edited; writes an audit row per changed field (by no
 * user: the scan changed it). */
static ms_rc merge_scan(sqlite3 *db, struct lead_row *l, const json_t *scan,
			const json_t *edited, ms_err *err)
{
	const json_t *nconf = json_object_get(scan, "confidence");
	const json_t *nbox = json_object_get(scan, "boxes");
	const json_t *ne164 = json_object_get(scan, "e164");
	json_t *oe164 = json_object_get(l->fields, "e164");
	json_t *e164 = json_object(), *conf = json_object();
	json_t *boxes = json_object();
	ms_rc rc = MS_OK;
	int f;

	if (!e164 || !conf || !boxes) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (f = 0; f < MS_F_COUNT && !rc; f++) {
		const char *k = ms_field_keys[f];
		const char *ek = e164_key(k);
		const char *old =
		    json_string_value(json_object_get(l->fields, k));
		const char *nv = json_string_value(json_object_get(scan, k));

		if (!old)
			old = "";
		if (!nv)
			nv = "";
		if (json_object_get(edited, k)) {
			/* A person typed it: keep it, unflagged and without
			 * a box from another reading. */
			if (ek && json_object_get(oe164, ek))
				json_object_set(e164, ek,
						json_object_get(oe164, ek));
			continue;
		}
		if (!nv[0] && old[0]) {
			/* The new reading found nothing where the old one
			 * found a value (a rescan turned the wrong way, a
			 * line lost): keep the value, with its confidence,
			 * box and E.164. An admin clears a wrong one. */
			if (json_object_get(l->conf, k))
				json_object_set(conf, k,
						json_object_get(l->conf, k));
			if (json_object_get(l->boxes, k))
				json_object_set(boxes, k,
						json_object_get(l->boxes, k));
			if (ek && json_object_get(oe164, ek))
				json_object_set(e164, ek,
						json_object_get(oe164, ek));
			continue;
		}
		if (json_object_get(nconf, k))
			json_object_set(conf, k, json_object_get(nconf, k));
		if (json_object_get(nbox, k))
			json_object_set(boxes, k, json_object_get(nbox, k));
		if (ek && json_object_get(ne164, ek))
			json_object_set(e164, ek, json_object_get(ne164, ek));
		if (strcmp(old, nv)) {
			rc = st_audit(db, l->id, 0, k, old, nv, err);
			json_object_set_new(l->fields, k, json_string(nv));
		}
	}
	if (!rc) {
		json_object_set(l->fields, "e164", e164);
		json_decref(l->conf);
		json_decref(l->boxes);
		l->conf = conf;
		l->boxes = boxes;
		conf = boxes = NULL;
	}
out:
	json_decref(e164);
	json_decref(conf);
	json_decref(boxes);
	return rc;
}

static char *dump(const json_t *o)
{
	return json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
}

/* The lead with the rescan merged in: fields (and with them the search
 * indexes and duplicate-detection keys, through st_write_lead, which also
 * bumps the version), then the scan's confidence and boxes. */
static ms_rc write_rescanned(sqlite3 *db, const struct lead_row *l, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	char *c = dump(l->conf), *b = dump(l->boxes);
	ms_rc rc;

	if (!c || !b) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = st_write_lead(db, l->id, l->fields, l->status, 0, err)) ||
	    (rc = st_prep(db,
			  "UPDATE leads SET confidence = ?, boxes = ?"
			  " WHERE id = ?",
			  &s, err)))
		goto out;
	sqlite3_bind_text(s, 1, c, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, l->id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "update lead", err);
out:
	sqlite3_finalize(s);
	free(c);
	free(b);
	return rc;
}

ms_rc ms_store_job_rescanned(ms_store *st, int64_t card, const char *crop,
			     const json_t *scan, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	struct lead_row l;
	json_t *edited = NULL;
	int64_t by = 0, was = 0;
	int orient =
	    (int)json_integer_value(json_object_get(scan, "orientation"));
	char from[16], to[16];
	ms_rc rc;

	memset(&l, 0, sizeof(l));
	if ((rc = st_begin(db, err)))
		goto out;
	if ((rc = load_lead(db, card, &l, err)))
		goto fail; /* NOTFOUND: no lead, a first scan's job */
	if (one_int(db, "SELECT rescan_by FROM jobs WHERE card_id = ?", card,
		    &by, err) != MS_OK)
		by = 0;
	if (one_int(db, "SELECT orientation FROM cards WHERE id = ?", card,
		    &was, err) != MS_OK)
		was = 0;
	edited = edited_fields(db, l.id, err);
	if (!edited) {
		rc = err && err->rc ? err->rc : MS_ERR_NOMEM;
		goto fail;
	}
	snprintf(from, sizeof(from), "%lld", (long long)was);
	snprintf(to, sizeof(to), "%d", orient);
	if ((rc = st_audit(db, l.id, by, "rescan", from, to, err)) ||
	    (rc = merge_scan(db, &l, scan, edited, err)) ||
	    (rc = write_rescanned(db, &l, err)))
		goto fail;
	if (!strcmp(l.status, "approved") &&
	    (rc = st_feed_touch(db, l.id, "upsert", "", 0, err)))
		goto fail;
	if ((rc = set_orientation(db, card, orient, err)))
		goto fail;
	if ((rc = st_run(db, "update card", err,
			 "UPDATE cards SET status = 'done', error = '',"
			 " crop_path = CASE WHEN ?1 = '' THEN crop_path"
			 " ELSE ?1 END, updated_at = " MS_NOW_SQL
			 " WHERE id = ?2",
			 "ti", crop ? crop : "", card)))
		goto fail;
	if ((rc = st_run(db, "finish job", err,
			 "DELETE FROM jobs WHERE card_id = ?",
			 "i", card)))
		goto fail;
	rc = st_commit(db, err);
	goto out;
fail:
	st_rollback(db);
out:
	sqlite3_finalize(s);
	json_decref(edited);
	free_lead(&l);
	st_put(st, db);
	return rc;
}

json_t *ms_store_cards_recent(ms_store *st, int64_t uploader, int64_t after,
			      int limit, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	json_t *arr = json_array(), *res = NULL;
	int64_t last = 0;
	int n = 0, more = 0;

	if (!arr) {
		ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (st_prep(db,
		    "SELECT c.id, c.status, c.error, c.event, c.created_at,"
		    " c.updated_at, l.id, l.status,"
		    " json_extract(l.fields, '$.name'),"
		    " json_extract(l.fields, '$.company'),"
		    " (SELECT front_id FROM card_pairs WHERE back_id = c.id)"
		    " FROM cards c LEFT JOIN leads l ON l.id ="
		    " coalesce(c.lead_id, (SELECT id FROM leads WHERE"
		    " card_id = c.id))"
		    " WHERE c.uploader_id = ? AND (? = 0 OR c.id < ?)"
		    " ORDER BY c.id DESC LIMIT ?",
		    &s, err))
		goto out;
	sqlite3_bind_int64(s, 1, uploader);
	sqlite3_bind_int64(s, 2, after);
	sqlite3_bind_int64(s, 3, after);
	sqlite3_bind_int(s, 4, limit + 1);
	while (sqlite3_step(s) == SQLITE_ROW) {
		json_t *c, *lead = json_null();

		if (n == limit) {
			more = 1;
			break;
		}
		last = sqlite3_column_int64(s, 0);
		if (sqlite3_column_type(s, 6) != SQLITE_NULL)
			lead =
			    json_pack("{s:I, s:s, s:s, s:s}", "id",
				      (json_int_t)sqlite3_column_int64(s, 6),
				      "status", st_text(s, 7), "name",
				      st_text(s, 8), "company", st_text(s, 9));
		c = json_pack("{s:I, s:s, s:s?, s:s, s:s, s:s, s:o}", "id",
			      (json_int_t)last, "status", st_text(s, 1),
			      "error", *st_text(s, 2) ? st_text(s, 2) : NULL,
			      "event", st_text(s, 3), "created_at",
			      st_text(s, 4), "updated_at", st_text(s, 5),
			      "lead", lead ? lead : json_null());
		if (!c) {
			ms_err_set(err, MS_ERR_NOMEM, "out of memory");
			goto out;
		}
		json_object_set_new(
		    c, "back_of",
		    sqlite3_column_type(s, 10) == SQLITE_NULL
			? json_null()
			: json_integer(sqlite3_column_int64(s, 10)));
		json_array_append_new(arr, c);
		n++;
	}
	res = json_pack("{s:O, s:o}", "cards", arr, "next_cursor",
			more ? json_sprintf("%lld", (long long)last)
			     : json_null());
	if (!res)
		ms_err_set(err, MS_ERR_NOMEM, "out of memory");
out:
	json_decref(arr);
	sqlite3_finalize(s);
	st_put(st, db);
	return res;
}
