/*
 * The subcommands of the `meishi` command line. Each returns the process
 * exit status: 0 success, 1 a failure the user should know of, 2 bad usage.
 */
#ifndef MEISHI_CLI_H
#define MEISHI_CLI_H

int ms_cmd_scan(int argc, char **argv);
int ms_cmd_eval(int argc, char **argv);
int ms_cmd_serve(int argc, char **argv);
int ms_cmd_user(int argc, char **argv);
int ms_cmd_token(int argc, char **argv);
int ms_cmd_seed(int argc, char **argv);
int ms_cmd_import(int argc, char **argv);

/* Parses a whole decimal number in [lo, hi]; 0 on success. */
int ms_cli_int(const char *s, long lo, long hi, long *out);

/* Number of online CPUs, at least 1. */
int ms_cli_ncpu(void);



#include <jansson.h>
#include <stddef.h>

#include "meishi/err.h"
#include "meishi/scan.h"

/* One photo for ms_cli_scan_run: in `path`, out the rest. */
typedef struct ms_scan_item {
	const char *path;
	json_t *result; /* the card's JSON, or NULL if it failed */
	ms_err err;     /* why it failed */
	double seconds; /* read + scan, wall time */
} ms_scan_item;

/* Scans items on `jobs` threads, each with its own scanner, and calls emit
 * from the calling thread once per item, in order, as results complete.
 * Returns non-zero (with init_err set) if no scanner could be created. */
int ms_cli_scan_run(ms_scan_item *items, size_t n, int jobs,
		    const ms_scan_opts *opts,
		    void (*emit)(ms_scan_item *it, void *ud), void *ud,
		    ms_err *init_err);
#endif /* MEISHI_CLI_H */
