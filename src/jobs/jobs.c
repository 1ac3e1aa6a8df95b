/*
 * The worker pool (see jobs.h). Each worker loops: claim the oldest
 * queued card, read its photo, scan it with the worker's own scanner
 * (in the orientation a person chose, for a rescan that fixed one),
 * write the flattened card as a JPEG (durably), then record the lead, or
 * update it for a rescan, and finish the job in one transaction. With
 * nothing queued a worker sleeps until an upload kicks it, or for a few
 * seconds.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "meishi/buf.h"
#include "meishi/jobs.h"
#include "meishi/limits.h"

struct worker {
	ms_jobs *j;
	ms_scanner *sc;
	pthread_t th;
	int started;
};

struct ms_jobs {
	ms_store *st;
	struct worker *w;
	int n;
	int stop;
	long done, failed;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void scan_one(struct worker *w, int64_t card, const char *image)
{
	ms_jobs *j = w->j;
	ms_scan_result r;
	ms_buf data;
	ms_err err;
	char path[MS_SRV_MAX_PATH + 64], crop[64];
	uint8_t *jpg = NULL;
	size_t jlen = 0;
	json_t *js = NULL;
	int ok = 0, rescan, turn = -1;
	ms_rc rc;

	memset(&r, 0, sizeof(r));
	ms_err_clear(&err);
	ms_buf_init(&data, MS_MAX_IMAGE_BYTES);
	if (ms_store_path(j->st, image, path, sizeof(path))) {
		ms_err_set(&err, MS_ERR_INVALID, "bad image path");
		goto out;
	}
	if (ms_read_file(path, MS_MAX_IMAGE_BYTES, &data, &err))
		goto out;
	/* A rescan from the review desk may fix the orientation. */
	rescan = ms_store_job_rescan(j->st, card, &turn, &err) == MS_OK;
	ms_err_clear(&err);
	if (turn >= 0)
		rc = ms_scan_bytes_turned(w->sc, (const uint8_t *)data.data,
					  data.len, NULL, turn, &r, &err);
	else
		rc = ms_scan_bytes(w->sc, (const uint8_t *)data.data,
				   data.len, NULL, &r, &err);
	if (rc)
		goto out;
	js = ms_scan_result_to_json(&r);
	if (!js) {
		ms_err_set(&err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	crop[0] = '\0';
	if (r.crop.px &&
	    ms_img_encode_jpeg(&r.crop, 88, &jpg, &jlen, &err) == MS_OK) {
		snprintf(crop, sizeof(crop), "crops/%lld.jpg",
			 (long long)card);
		if (ms_store_put_file(j->st, crop, jpg, jlen, &err))
			goto out;
	}
	/* A card that has a lead already updates it; otherwise the lead is
	 * created (a first scan, or a rescan of a failed one). */
	rc = rescan ? ms_store_job_rescanned(j->st, card, crop, js, &err)
		    : MS_ERR_NOTFOUND;
	if (rc == MS_ERR_NOTFOUND) {
		if (ms_store_card_set_orientation(j->st, card, r.rotation,
						  &err) ||
		    ms_store_job_done(j->st, card, crop, js, &err))
			goto out;
	} else if (rc) {
		goto out;
	}
	ok = 1;
out:
	if (!ok) {
		ms_err e2;

		if (ms_store_job_fail(j->st, card,
				      err.msg[0] ? err.msg : "scan failed",
				      &e2))
			fprintf(stderr, "meishi: card %lld: %s\n",
				(long long)card, e2.msg);
	}
	pthread_mutex_lock(&j->mu);
	if (ok)
		j->done++;
	else
		j->failed++;
	pthread_mutex_unlock(&j->mu);
	free(jpg);
	json_decref(js);
	ms_scan_result_free(&r);
	ms_buf_free(&data);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	ms_jobs *j = w->j;
	char image[MS_SRV_MAX_PATH];
	int64_t card;
	ms_err err;

	for (;;) {
		ms_rc rc;

		pthread_mutex_lock(&j->mu);
		if (j->stop) {
			pthread_mutex_unlock(&j->mu);
			break;
		}
		pthread_mutex_unlock(&j->mu);
		rc = ms_store_job_claim(j->st, &card, image, sizeof(image),
					&err);
		if (rc == MS_OK) {
			scan_one(w, card, image);
			continue;
		}
		if (rc != MS_ERR_NOTFOUND)
			fprintf(stderr, "meishi: job queue: %s\n", err.msg);
		pthread_mutex_lock(&j->mu);
		if (!j->stop) {
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 5;
			pthread_cond_timedwait(&j->cv, &j->mu, &ts);
		}
		pthread_mutex_unlock(&j->mu);
	}
	return NULL;
}

ms_rc ms_jobs_start(ms_store *st, int workers, const ms_scan_opts *opts,
		    ms_jobs **out, ms_err *err)
{
	ms_jobs *j = calloc(1, sizeof(*j));
	ms_rc rc = MS_OK;
	int i;

	*out = NULL;
	if (!j)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	j->st = st;
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	if (ms_store_jobs_recover(st, err) < 0) {
		rc = err ? err->rc : MS_ERR_INTERNAL;
		goto fail;
	}
	if (workers > MS_MAX_WORKERS)
		workers = MS_MAX_WORKERS;
	j->w = calloc((size_t)(workers > 0 ? workers : 1), sizeof(*j->w));
	if (!j->w) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto fail;
	}
	for (i = 0; i < workers; i++) {
		j->w[i].j = j;
		if ((rc = ms_scanner_new(opts, &j->w[i].sc, err)))
			goto fail;
		j->n++;
	}
	for (i = 0; i < j->n; i++) {
		if (pthread_create(&j->w[i].th, NULL, worker_main,
				   &j->w[i]) != 0) {
			rc = ms_err_set(err, MS_ERR_INTERNAL,
					"cannot start a worker thread");
			goto fail;
		}
		j->w[i].started = 1;
	}
	*out = j;
	return MS_OK;
fail:
	ms_jobs_stop(j);
	return rc;
}

void ms_jobs_kick(ms_jobs *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->mu);
	pthread_cond_signal(&j->cv);
	pthread_mutex_unlock(&j->mu);
}

void ms_jobs_counts(ms_jobs *j, long *done, long *failed)
{
	pthread_mutex_lock(&j->mu);
	*done = j->done;
	*failed = j->failed;
	pthread_mutex_unlock(&j->mu);
}

void ms_jobs_stop(ms_jobs *j)
{
	int i;

	if (!j)
		return;
	pthread_mutex_lock(&j->mu);
	j->stop = 1;
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
	for (i = 0; i < j->n; i++) {
		if (j->w[i].started)
			pthread_join(j->w[i].th, NULL);
		ms_scanner_free(j->w[i].sc);
	}
	free(j->w);
	pthread_mutex_destroy(&j->mu);
	pthread_cond_destroy(&j->cv);
	free(j);
}
