/*
 * Cards and the job queue in the store. A card row and its job row are
 * written in one transaction after the image file is durable, so a
 * crash leaves either nothing or a card that will be scanned. Workers
 * claim jobs in upload order; a job found running at start-up belonged
 * to a process that died and goes back to the queue, up to a bounded
 * number of attempts. Idempotency keys remember the answer to an upload.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

ms_rc ms_store_card_find(ms_store *st, int64_t uploader, const char *sha256,
			 int64_t *id, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
			  "SELECT id FROM cards WHERE uploader_id = ? AND"
			  " sha256 = ?",
			  &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, uploader);
	sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	else
		rc = MS_ERR_NOTFOUND;
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_card_add(ms_store *st, const ms_card_in *in, int queue_max,
			int64_t *id, int *existed, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	*existed = 0;
	if ((rc = st_begin(db, err)))
		goto out;
	if ((rc = st_prep(db,
			  "SELECT id FROM cards WHERE uploader_id = ? AND"
			  " sha256 = ?",
			  &s, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, in->uploader);
	sqlite3_bind_text(s, 2, in->sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*existed = 1;
		sqlite3_finalize(s);
		s = NULL;
		rc = st_commit(db, err);
		goto out;
	}
	sqlite3_finalize(s);
	if ((rc = st_prep(db, "SELECT count(*) FROM jobs", &s, err)))
		goto fail;
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_int64(s, 0) >= queue_max) {
		rc = ms_err_set(err, MS_ERR_BUSY,
				"the scan queue is full (%d cards waiting); "
				"try again later", queue_max);
		goto fail;
	}
	sqlite3_finalize(s);
	if ((rc = st_prep(db,
			  "INSERT INTO cards(sha256, uploader_id, event, mime,"
			  " bytes, image_path, created_at, updated_at)"
			  " VALUES(?, ?, ?, ?, ?, ?, " MS_NOW_SQL ", "
			  MS_NOW_SQL ")",
			  &s, err)))
		goto fail;
	sqlite3_bind_text(s, 1, in->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, in->uploader);
	sqlite3_bind_text(s, 3, in->event ? in->event : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(s, 4, in->mime, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)in->bytes);
	sqlite3_bind_text(s, 6, in->image, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = st_fail(db, "add card", err);
		goto fail;
	}
	*id = sqlite3_last_insert_rowid(db);
	sqlite3_finalize(s);
	s = NULL;
	if ((rc = st_run(db, "queue job", err,
			 "INSERT INTO jobs(card_id, state, enqueued_at)"
			 " VALUES(?, 'queued', " MS_NOW_SQL ")",
			 "i", *id)))
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

json_t *ms_store_card_get(ms_store *st, int64_t id, int64_t owner,
			  ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	json_t *o = NULL, *lead = json_null();
	int64_t lead_id = 0;

	if (st_prep(db,
		    "SELECT c.id, c.status, c.error, c.event, u.name,"
		    " c.sha256, c.mime, c.bytes, c.created_at, c.updated_at,"
		    " coalesce(c.lead_id, (SELECT id FROM leads WHERE"
		    " card_id = c.id)), c.crop_path != '', c.dedupe,"
		    " c.orientation"
		    " FROM cards c JOIN users u ON u.id = c.uploader_id"
		    " WHERE c.id = ? AND (? = 0 OR c.uploader_id = ?)",
		    &s, err))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, owner);
	sqlite3_bind_int64(s, 3, owner);
	if (sqlite3_step(s) != SQLITE_ROW) {
		ms_err_set(err, MS_ERR_NOTFOUND, "no card with id %lld",
			   (long long)id);
		goto out;
	}
	lead_id = sqlite3_column_int64(s, 10);
	o = json_pack("{s:I, s:s, s:s?, s:s, s:s, s:s, s:s, s:I, s:s, s:s, "
		      "s:b}",
		      "id", (json_int_t)id, "status", st_text(s, 1), "error",
		      sqlite3_column_type(s, 2) == SQLITE_NULL ||
				      !*st_text(s, 2)
			      ? NULL
			      : st_text(s, 2),
		      "event", st_text(s, 3), "uploader", st_text(s, 4),
		      "sha256", st_text(s, 5), "mime", st_text(s, 6), "bytes",
		      (json_int_t)sqlite3_column_int64(s, 7), "created_at",
		      st_text(s, 8), "updated_at", st_text(s, 9), "has_crop",
		      sqlite3_column_int(s, 11));
	if (o && !json_object_get(o, "error"))
		json_object_set_new(o, "error", json_null());
	/* How the crop is turned from the photo (clockwise degrees): a
	 * rescan's "rotate" counts from here. */
	if (o)
		json_object_set_new(o, "orientation",
				    json_integer(sqlite3_column_int(s, 13)));
	/* What duplicate detection did with the scan (dupes.c). */
	if (o)
		json_object_set_new(o, "dedupe",
				    *st_text(s, 12) ? json_string(st_text(s, 12))
						    : json_null());
	sqlite3_finalize(s);
	s = NULL;
	if (o && lead_id) {
		if (st_prep(db, "SELECT " LEAD_COLS LEAD_FROM "WHERE l.id = ?",
			    &s, err) == MS_OK) {
			sqlite3_bind_int64(s, 1, lead_id);
			if (sqlite3_step(s) == SQLITE_ROW) {
				json_decref(lead);
				lead = st_lead_json(s, 0);
			}
		}
	}
	if (o)
		json_object_set(o, "lead", lead ? lead : json_null());
out:
	json_decref(lead);
	sqlite3_finalize(s);
	st_put(st, db);
	return o;
}

ms_rc ms_store_card_files(ms_store *st, int64_t id, int64_t owner,
			  char *image, char *crop, char *mime, size_t cap,
			  ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
			  "SELECT image_path, crop_path, mime FROM cards"
			  " WHERE id = ? AND (? = 0 OR uploader_id = ?)",
			  &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, owner);
	sqlite3_bind_int64(s, 3, owner);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = ms_err_set(err, MS_ERR_NOTFOUND, "no card with id %lld",
				(long long)id);
		goto out;
	}
	snprintf(image, cap, "%s", st_text(s, 0));
	snprintf(crop, cap, "%s", st_text(s, 1));
	snprintf(mime, cap, "%s", st_text(s, 2));
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

int64_t ms_store_jobs_recover(ms_store *st, ms_err *err)
{
	sqlite3 *db = st_get(st);
	int64_t n = -1;

	if (st_begin(db, err))
		goto out;
	if (st_exec(db,
		    "UPDATE cards SET status = 'queued', updated_at = "
		    MS_NOW_SQL " WHERE id IN (SELECT card_id FROM jobs"
		    " WHERE state = 'running');"
		    "UPDATE jobs SET state = 'queued' WHERE state = 'running';",
		    err)) {
		st_rollback(db);
		goto out;
	}
	if (st_commit(db, err))
		goto out;
	st_put(st, db);
	return ms_store_jobs_waiting(st);
out:
	st_put(st, db);
	return n;
}

int64_t ms_store_jobs_waiting(ms_store *st)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	int64_t n = -1;

	if (st_prep(db, "SELECT count(*) FROM jobs WHERE state = 'queued'",
		    &s, NULL) == MS_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	st_put(st, db);
	return n;
}

static ms_rc set_card(sqlite3 *db, int64_t card_id, const char *status,
		      const char *error, const char *crop, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
			  "UPDATE cards SET status = ?, error = ?,"
			  " crop_path = coalesce(?, crop_path), updated_at = "
			  MS_NOW_SQL " WHERE id = ?",
			  &s, err)))
		return rc;
	sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, error, -1, SQLITE_STATIC);
	if (crop)
		sqlite3_bind_text(s, 3, crop, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, card_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "update card", err);
	sqlite3_finalize(s);
	return rc;
}

static ms_rc job_state(sqlite3 *db, int64_t card_id, int del, ms_err *err)
{
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
			  del ? "DELETE FROM jobs WHERE card_id = ?"
			      : "UPDATE jobs SET state = 'running', attempts ="
				" attempts + 1, started_at = " MS_NOW_SQL
				" WHERE card_id = ?",
			  &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, card_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "update job", err);
	sqlite3_finalize(s);
	return rc;
}

ms_rc ms_store_job_claim(ms_store *st, int64_t *card_id, char *image,
			 size_t cap, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_begin(db, err)))
		goto out;
	for (;;) {
		int attempts;

		if ((rc = st_prep(db,
				  "SELECT j.card_id, c.image_path, j.attempts"
				  " FROM jobs j JOIN cards c ON c.id ="
				  " j.card_id WHERE j.state = 'queued'"
				  " ORDER BY j.card_id LIMIT 1",
				  &s, err)))
			goto fail;
		if (sqlite3_step(s) != SQLITE_ROW) {
			/* Keep any given-up jobs marked failed above. */
			sqlite3_finalize(s);
			s = NULL;
			rc = st_commit(db, err);
			if (rc == MS_OK)
				rc = MS_ERR_NOTFOUND;
			goto out;
		}
		*card_id = sqlite3_column_int64(s, 0);
		snprintf(image, cap, "%s", st_text(s, 1));
		attempts = sqlite3_column_int(s, 2);
		sqlite3_finalize(s);
		s = NULL;
		if (attempts < MS_SRV_JOB_ATTEMPTS)
			break;
		/* The server died scanning this photo every time. */
		if ((rc = set_card(db, *card_id, "failed",
				   "scanning this photo stopped the server "
				   "repeatedly; it was given up",
				   NULL, err)) ||
		    (rc = job_state(db, *card_id, 1, err)))
			goto fail;
	}
	if ((rc = job_state(db, *card_id, 0, err)) ||
	    (rc = set_card(db, *card_id, "scanning", "", NULL, err)))
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

static char *dump_obj(const json_t *o)
{
	return json_dumps(o && json_is_object(o) ? o : json_object(),
			  JSON_COMPACT | JSON_SORT_KEYS);
}

/* The fields a scan gives a lead: every lead key (empty where the card
 * has none) and the e164 forms. */
static json_t *scan_fields(const json_t *scan)
{
	json_t *fields = json_object();
	int i;

	if (!fields)
		return NULL;
	for (i = 0; i < MS_DD_LEAD_NKEYS; i++) {
		const char *v = json_string_value(
			json_object_get(scan, ms_dd_lead_keys[i]));
		json_object_set_new(fields, ms_dd_lead_keys[i],
				    json_string(v ? v : ""));
	}
	if (json_object_get(scan, "e164"))
		json_object_set(fields, "e164", json_object_get(scan, "e164"));
	return fields;
}

ms_rc st_lead_insert(sqlite3 *db, int64_t card_id, int64_t owner,
		     const char *status, const json_t *fields,
		     const char *conf, const char *boxes, int64_t *id,
		     ms_err *err)
{
	sqlite3_stmt *s = NULL;
	char *f = dump_obj(fields);
	char *search = malloc(8192);
	ms_rc rc;

	*id = 0;
	if (!f || !search || st_search_text(fields, search, 8192)) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = st_prep(db,
			  card_id > 0
				  ? "INSERT INTO leads(card_id, owner_id, event,"
				    " status, fields, confidence, boxes, search,"
				    " created_at, updated_at) SELECT id,"
				    " uploader_id, event, ?2, ?3, ?4, ?5, ?6, "
				    MS_NOW_SQL ", " MS_NOW_SQL " FROM cards"
				    " WHERE id = ?1"
				  : "INSERT INTO leads(owner_id, event, status,"
				    " fields, confidence, boxes, search,"
				    " created_at, updated_at) VALUES(?1, '', ?2,"
				    " ?3, ?4, ?5, ?6, " MS_NOW_SQL ", "
				    MS_NOW_SQL ")",
			  &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, card_id > 0 ? card_id : owner);
	sqlite3_bind_text(s, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, conf ? conf : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, boxes ? boxes : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, search, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = st_fail(db, "add lead", err);
		goto out;
	}
	*id = sqlite3_last_insert_rowid(db);
	sqlite3_finalize(s);
	s = NULL;
	if ((rc = st_run(db, "index lead", err,
			 "INSERT INTO leads_fts(rowid, search) VALUES(?, ?)",
			 "it", *id, search)))
		goto out;
	if ((rc = st_keys_put(db, *id, fields, err)))
		goto out;
	if (card_id > 0) {
		if ((rc = st_prep(db, "UPDATE cards SET lead_id = ? WHERE id = ?",
				  &s, err)))
			goto out;
		sqlite3_bind_int64(s, 1, *id);
		sqlite3_bind_int64(s, 2, card_id);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = st_fail(db, "attach card", err);
	}
out:
	sqlite3_finalize(s);
	free(f);
	free(search);
	return rc;
}

ms_rc ms_store_job_done(ms_store *st, int64_t card_id, const char *crop,
			const json_t *scan, ms_err *err)
{
	sqlite3 *db = st_get(st);
	json_t *fields = scan_fields(scan);
	char *c = dump_obj(json_object_get(scan, "confidence"));
	char *b = dump_obj(json_object_get(scan, "boxes"));
	ms_rc rc;

	if (!fields || !c || !b) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = st_begin(db, err)))
		goto out;
	/* The card's lead: its front's, an existing one of the same
	 * person, or a new one (src/store/dupes.c). */
	if ((rc = st_card_place(db, card_id, fields, c, b, err)) ||
	    (rc = set_card(db, card_id, "done", "", crop, err)) ||
	    (rc = job_state(db, card_id, 1, err)))
		goto fail;
	rc = st_commit(db, err);
	goto out;
fail:
	st_rollback(db);
out:
	st_put(st, db);
	json_decref(fields);
	free(c);
	free(b);
	return rc;
}

ms_rc ms_store_job_fail(ms_store *st, int64_t card_id, const char *why,
			ms_err *err)
{
	sqlite3 *db = st_get(st);
	ms_rc rc;

	if ((rc = st_begin(db, err)))
		goto out;
	if ((rc = set_card(db, card_id, "failed", why, NULL, err)) ||
	    (rc = job_state(db, card_id, 1, err))) {
		st_rollback(db);
		goto out;
	}
	rc = st_commit(db, err);
out:
	st_put(st, db);
	return rc;
}

ms_rc ms_store_idem_get(ms_store *st, int64_t user, const char *key,
			int *status, char **body, char fingerprint[65],
			ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
			  "SELECT status, body, fingerprint FROM idempotency WHERE"
			  " user_id = ? AND key = ? AND created > unixepoch()"
			  " - ?",
			  &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, user);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, MS_SRV_IDEM_TTL);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = MS_ERR_NOTFOUND;
		goto out;
	}
	*status = sqlite3_column_int(s, 0);
	snprintf(fingerprint, 65, "%s", st_text(s, 2));
	*body = strdup(st_text(s, 1));
	if (!*body)
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}

ms_rc ms_store_idem_put(ms_store *st, int64_t user, const char *key,
			const char *fingerprint, int status,
			const char *body, ms_err *err)
{
	sqlite3 *db = st_get(st);
	sqlite3_stmt *s = NULL;
	ms_rc rc;

	if ((rc = st_prep(db,
			  "DELETE FROM idempotency WHERE created <"
			  " unixepoch() - ?",
			  &s, err)))
		goto out;
	sqlite3_bind_int(s, 1, MS_SRV_IDEM_TTL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	if ((rc = st_prep(db,
			  "INSERT OR REPLACE INTO idempotency(user_id, key,"
			  " status, body, fingerprint, created) VALUES(?, ?,"
			  " ?, ?, ?, unixepoch())",
			  &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, user);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, status);
	sqlite3_bind_text(s, 4, body, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, fingerprint, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = st_fail(db, "remember idempotency key", err);
out:
	sqlite3_finalize(s);
	st_put(st, db);
	return rc;
}
