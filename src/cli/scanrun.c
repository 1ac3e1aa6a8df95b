/*
 * Scanning many photos on a bounded set of threads, each thread with its
 * own scanner (one OCR engine, initialised once), results handed back in
 * the order of the input.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "meishi/buf.h"
#include "meishi/limits.h"
#include "meishi/proc.h"

struct run {
	ms_scan_item *items;
	size_t n, next;
	char *done;
	const ms_scan_opts *opts;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int init_failed;
	ms_err init_err;
};

static void debug_name(const char *path, char *out, size_t cap)
{
	const char *b = strrchr(path, '/');
	char *dot;

	b = b ? b + 1 : path;
	snprintf(out, cap, "%s", b);
	dot = strrchr(out, '.');
	if (dot && dot != out)
		*dot = '\0';
}

static void scan_one(ms_scanner *sc, ms_scan_item *it)
{
	ms_scan_result r;
	ms_buf data;
	char name[256];
	double t0 = ms_now();

	ms_err_clear(&it->err);
	if (ms_read_file(it->path, MS_MAX_IMAGE_BYTES, &data, &it->err))
		goto out;
	debug_name(it->path, name, sizeof(name));
	if (ms_scan_bytes(sc, (const uint8_t *)data.data, data.len, name, &r,
			  &it->err) == MS_OK) {
		it->result = ms_scan_result_to_json(&r);
		if (!it->result)
			ms_err_set(&it->err, MS_ERR_NOMEM, "out of memory");
		ms_scan_result_free(&r);
	}
	ms_buf_free(&data);
out:
	it->seconds = ms_now() - t0;
}

static void *worker(void *arg)
{
	struct run *run = arg;
	ms_scanner *sc = NULL;
	ms_err err;

	ms_err_clear(&err);
	if (ms_scanner_new(run->opts, &sc, &err)) {
		pthread_mutex_lock(&run->mu);
		run->init_failed = 1;
		run->init_err = err;
		pthread_cond_broadcast(&run->cv);
		pthread_mutex_unlock(&run->mu);
		return NULL;
	}
	for (;;) {
		size_t i;
		pthread_mutex_lock(&run->mu);
		i = run->next < run->n ? run->next++ : run->n;
		pthread_mutex_unlock(&run->mu);
		if (i >= run->n)
			break;
		scan_one(sc, &run->items[i]);
		pthread_mutex_lock(&run->mu);
		run->done[i] = 1;
		pthread_cond_broadcast(&run->cv);
		pthread_mutex_unlock(&run->mu);
	}
	ms_scanner_free(sc);
	return NULL;
}

int ms_cli_scan_run(ms_scan_item *items, size_t n, int jobs,
		    const ms_scan_opts *opts,
		    void (*emit)(ms_scan_item *it, void *ud), void *ud,
		    ms_err *init_err)
{
	pthread_t th[MS_MAX_WORKERS];
	struct run run;
	int started = 0, i, rc = 0;
	size_t k;

	memset(&run, 0, sizeof(run));
	run.items = items;
	run.n = n;
	run.opts = opts;
	run.done = calloc(n ? n : 1, 1);
	if (!run.done) {
		ms_err_set(init_err, MS_ERR_NOMEM, "out of memory");
		return 1;
	}
	pthread_mutex_init(&run.mu, NULL);
	pthread_cond_init(&run.cv, NULL);
	if (jobs < 1)
		jobs = 1;
	if (jobs > MS_MAX_WORKERS)
		jobs = MS_MAX_WORKERS;
	if ((size_t)jobs > n)
		jobs = n ? (int)n : 1;
	for (i = 0; i < jobs; i++)
		if (pthread_create(&th[started], NULL, worker, &run) == 0)
			started++;
	if (!started) {
		ms_err_set(init_err, MS_ERR_INTERNAL,
			   "cannot start worker threads");
		rc = 1;
		goto out;
	}
	for (k = 0; k < n; k++) {
		pthread_mutex_lock(&run.mu);
		while (!run.done[k] && !run.init_failed)
			pthread_cond_wait(&run.cv, &run.mu);
		if (!run.done[k] && run.init_failed) {
			pthread_mutex_unlock(&run.mu);
			break;
		}
		pthread_mutex_unlock(&run.mu);
		emit(&items[k], ud);
	}
	if (run.init_failed) {
		if (init_err)
			*init_err = run.init_err;
		rc = 1;
	}
out:
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&run.mu);
	pthread_cond_destroy(&run.cv);
	free(run.done);
	return rc;
}
