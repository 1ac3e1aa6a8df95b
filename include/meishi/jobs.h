/*
 * The scan workers: a fixed pool of threads, each with its own scanner
 * (one OCR engine and one extractor), that take queued cards from the
 * store in upload order, scan them, store the flattened card and write
 * the lead. The queue itself lives in the store, so queued and half-done
 * jobs survive a restart or a crash.
 */
#ifndef MEISHI_JOBS_H
#define MEISHI_JOBS_H

#include "meishi/err.h"
#include "meishi/scan.h"
#include "meishi/store.h"

typedef struct ms_jobs ms_jobs;

/* Creates `workers` scanners (0 is allowed: cards then wait in the queue)
 * and starts the threads. Jobs a dead process left running are queued
 * again first. */
ms_rc ms_jobs_start(ms_store *st, int workers, const ms_scan_opts *opts,
		    ms_jobs **out, ms_err *err) MS_WUR;
/* Tells an idle worker that a card is waiting. */
void ms_jobs_kick(ms_jobs *j);
/* Cards scanned and failed since start (for logs and tests). */
void ms_jobs_counts(ms_jobs *j, long *done, long *failed);
/* Lets running scans finish, then stops the threads and frees j. */
void ms_jobs_stop(ms_jobs *j);

#endif /* MEISHI_JOBS_H */
