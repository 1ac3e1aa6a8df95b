/*
 * `meishi scan`: photos in, one JSON object per line out, in the order of
 * the arguments. A photo that cannot be read gives {"source", "error"} and
 * the others go on; the exit status is then 1.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "meishi/limits.h"

static const char scan_usage[] =
	"usage: meishi scan [--jobs N] [--debug DIR] FILE...\n"
	"\n"
	"Reads business-card photos (JPEG, PNG, HEIC) and prints one JSON\n"
	"object per photo and line, in the order given.\n"
	"\n"
	"  -j, --jobs N      worker threads (default: number of cores)\n"
	"  -d, --debug DIR   write the card outline, the flattened card and\n"
	"                    the OCR lines of every photo into DIR\n"
	"      --models DIR  dictionaries (default: the built-in models/)\n"
	"      --tessdata DIR  Tesseract models (default: Debian's)\n"
	"      --no-knowledge  skip the postal, name and domain checks\n";

struct scan_state {
	int failed;
};

static void emit(ms_scan_item *it, void *ud)
{
	struct scan_state *st = ud;
	json_t *o = it->result;
	char *s;

	if (!o) {
		o = json_pack("{s:s, s:s, s:s}", "source", it->path, "error",
			      it->err.msg[0] ? it->err.msg : "scan failed",
			      "error_code", ms_rc_name(it->err.rc));
		st->failed = 1;
	} else {
		json_object_set_new(o, "source", json_string(it->path));
	}
	s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		fflush(stdout);
		free(s);
	}
	json_decref(o);
	it->result = NULL;
}

int ms_cmd_scan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"jobs", required_argument, NULL, 'j'},
		{"debug", required_argument, NULL, 'd'},
		{"models", required_argument, NULL, 'm'},
		{"tessdata", required_argument, NULL, 't'},
		{"no-knowledge", no_argument, NULL, 'K'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	ms_scan_opts opts = {0};
	struct scan_state st = {0};
	ms_scan_item *items;
	long jobs = ms_cli_ncpu();
	ms_err err;
	int c, i, n;

	optind = 1;
	while ((c = getopt_long(argc, argv, "j:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (ms_cli_int(optarg, 1, MS_MAX_WORKERS, &jobs)) {
				fprintf(stderr,
					"meishi scan: --jobs takes 1 to %d\n",
					MS_MAX_WORKERS);
				return 2;
			}
			break;
		case 'd': opts.debug_dir = optarg; break;
		case 'm': opts.models_dir = optarg; break;
		case 't': opts.tessdata_dir = optarg; break;
		case 'K': opts.no_knowledge = 1; break;
		case 'h': fputs(scan_usage, stdout); return 0;
		default: fputs(scan_usage, stderr); return 2;
		}
	}
	n = argc - optind;
	if (n <= 0) {
		fputs(scan_usage, stderr);
		return 2;
	}
	items = calloc((size_t)n, sizeof(*items));
	if (!items) {
		fprintf(stderr, "meishi scan: out of memory\n");
		return 1;
	}
	for (i = 0; i < n; i++)
		items[i].path = argv[optind + i];
	ms_err_clear(&err);
	if (ms_cli_scan_run(items, (size_t)n, (int)jobs, &opts, emit, &st,
			    &err)) {
		fprintf(stderr, "meishi scan: %s\n", err.msg);
		free(items);
		return 1;
	}
	free(items);
	return st.failed ? 1 : 0;
}
