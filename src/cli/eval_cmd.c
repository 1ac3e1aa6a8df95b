/*
 * `meishi eval DIR`: how well `meishi scan` reads labelled photos.
 *
 * Every photo in DIR (.jpg, .jpeg, .png, .heic) that has a truth file
 * beside it (same name, .json, with the fifteen field keys) is scanned and
 * compared field by field. For each field it prints:
 *   - accuracy: exact match after normalisation, over the cards whose truth
 *     has a value for that field;
 *   - CER: character error rate (edit distance / truth length) over those;
 *   - FP: false positives, a value given where the truth is "" (a
 *     reading marked "derived" is allowed where none is printed).
 * Normalisation, the same for both sides: NFKC, lower case, every space
 * removed, dash variants made '-', "http(s)://" and a trailing '/' removed.
 *
 * It also prints accuracy by card kind (the truth's "kind"), time per card
 * (median, p90, max; run with --jobs 1 for per-core figures), and the
 * process's peak memory. Photos without a truth file are scanned too and
 * reported as "unlabelled": whether a card was found and how confident the
 * OCR was. --truth DIR reads the truth files from another folder, for
 * photos that live outside the repository.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "meishi/buf.h"
#include "meishi/contact.h"
#include "meishi/image.h"
#include "meishi/limits.h"
#include "meishi/proc.h"
#include "meishi/text.h"

#define EVAL_MAX_FILES 100000
#define EVAL_MAX_KINDS 16

static const char eval_usage[] =
	"usage: meishi eval [--jobs N] [--json] [--verbose] [--truth DIR]\n"
	"                   [--kind K] [--no-knowledge] DIR\n"
	"\n"
	"Scans every photo in DIR and compares it with NAME.json beside it.\n"
	"Prints per-field accuracy, character error rate and false positives,\n"
	"accuracy by card kind, time per card and peak memory.\n"
	"\n"
	"  -j, --jobs N    worker threads (default 1, so times are per core)\n"
	"      --json      print the figures as one JSON object\n"
	"  -v, --verbose   print every wrong field\n"
	"      --truth D   read NAME.json from D instead of beside the photo\n"
	"      --kind K    only cards whose truth has kind K (a comma-separated\n"
	"                  list: ja-horizontal,ja-vertical,en,pt)\n"
	"      --no-knowledge  skip the postal, name and domain checks, to\n"
	"                  measure what they do\n";

struct field_stat {
	long n;        /* cards whose truth has a value */
	long correct;  /* exact after normalisation */
	double cer;    /* summed character error rate */
	long empty;    /* cards whose truth is "" */
	long fp;       /* ... where a value was given anyway */
};

struct kind_stat {
	char name[32];
	long cards, n, correct;
};

struct eval_state {
	struct field_stat f[MS_F_COUNT];
	struct kind_stat kinds[EVAL_MAX_KINDS];
	int nkinds;
	double *times;
	/* Times by the photo's size as stored: < 3 MP, 3-6 MP (2400x1800 is
	 * 4.3 MP), 6-9 MP, >= 9 MP (12 MP phone photos). */
	double *btimes[4];
	long nbtimes[4];
	long ntimes;
	long labelled, unlabelled, failed, found_unlabelled;
	double conf_unlabelled;
	long lines_unlabelled;
	int verbose;
	char **truth_paths; /* parallel to items; NULL if unlabelled */
	ms_scan_item *items;
};

/* Normalises a field value for comparison into out (cap bytes). */
static void norm(const char *in, char *out, size_t cap)
{
	char nf[MS_MAX_FIELD_BYTES * 4];
	const char *p;
	size_t n, i = 0, k;
	int32_t cp;

	out[0] = '\0';
	if (ms_nfkc(in, nf, sizeof(nf)) != MS_OK)
		ms_strlcpy_utf8(nf, in, sizeof(nf));
	p = nf;
	if (!strncasecmp(p, "https://", 8))
		p += 8;
	else if (!strncasecmp(p, "http://", 7))
		p += 7;
	n = strlen(p);
	while (i < n) {
		k = ms_utf8_next(p + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		i += k;
		if (cp == ' ' || cp == '\t' || cp == 0x3000)
			continue;
		if (cp == 0x2010 || cp == 0x2011 || cp == 0x2012 ||
		    cp == 0x2013 || cp == 0x2014 || cp == 0x2015 ||
		    cp == 0x2212 || cp == 0xFF0D || cp == 0x30FC)
			cp = '-';
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (ms_utf8_put(out, cap, cp) == 0)
			break;
	}
	n = strlen(out);
	if (n > 0 && out[n - 1] == '/')
		out[n - 1] = '\0';
}

static struct kind_stat *kind_get(struct eval_state *st, const char *name)
{
	int i;

	for (i = 0; i < st->nkinds; i++)
		if (!strcmp(st->kinds[i].name, name))
			return &st->kinds[i];
	if (st->nkinds == EVAL_MAX_KINDS)
		return NULL;
	snprintf(st->kinds[st->nkinds].name, sizeof(st->kinds[0].name), "%s",
		 name);
	return &st->kinds[st->nkinds++];
}

static void compare(struct eval_state *st, const char *path,
		    const json_t *truth, const json_t *got)
{
	const char *kind = json_string_value(json_object_get(truth, "kind"));
	struct kind_stat *ks = kind_get(st, kind ? kind : "unknown");
	const char *src = json_string_value(
		json_object_get(got, "name_reading_source"));
	int derived = src && !strcmp(src, "derived");
	int f;

	if (ks)
		ks->cards++;
	for (f = 0; f < MS_F_COUNT; f++) {
		const char *t = json_string_value(
			json_object_get(truth, ms_field_keys[f]));
		const char *g = json_string_value(
			json_object_get(got, ms_field_keys[f]));
		char nt[MS_MAX_FIELD_BYTES * 2], ng[MS_MAX_FIELD_BYTES * 2];
		size_t tl;

		norm(t ? t : "", nt, sizeof(nt));
		norm(g ? g : "", ng, sizeof(ng));
		if (!nt[0]) {
			st->f[f].empty++;
			/* A reading derived from the dictionary, and marked so,
			 * is allowed where none is printed. */
			if (f == MS_F_NAME_READING && ng[0] && derived)
				continue;
			if (ng[0]) {
				st->f[f].fp++;
				if (st->verbose)
					printf("  FP  %-12s %s: \"%s\"\n",
					       ms_field_keys[f], path, g);
			}
			continue;
		}
		st->f[f].n++;
		if (ks)
			ks->n++;
		tl = ms_utf8_len(nt);
		if (!strcmp(nt, ng)) {
			st->f[f].correct++;
			if (ks)
				ks->correct++;
		} else if (st->verbose) {
			printf("  ERR %-12s %s: got \"%s\", want \"%s\"\n",
			       ms_field_keys[f], path, g ? g : "", t);
		}
		{
			double e = (double)ms_utf8_distance(nt, ng,
							    MS_TEXT_MAX_CPS) /
				   (double)tl;
			st->f[f].cer += e > 1 ? 1 : e;
		}
	}
}

static const char *const bucket_names[4] = {"<3MP", "3-6MP", "6-9MP",
					     ">=9MP"};

/* Which size bucket a photo falls in, from its header; -1 if unreadable. */
static int photo_bucket(const char *path)
{
	uint8_t head[65536];
	ms_probe p;
	size_t n;
	double mp;
	FILE *f = fopen(path, "rb");

	if (!f)
		return -1;
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (ms_img_probe(head, n, &p, NULL) != MS_OK)
		return -1;
	mp = (double)p.w * p.h / 1e6;
	return mp < 3 ? 0 : mp < 6 ? 1 : mp < 9 ? 2 : 3;
}

static void emit(ms_scan_item *it, void *ud)
{
	struct eval_state *st = ud;
	size_t idx = (size_t)(it - st->items);
	const char *tp = st->truth_paths[idx];

	st->times[st->ntimes++] = it->seconds;
	{
		int b = photo_bucket(it->path);
		if (b >= 0)
			st->btimes[b][st->nbtimes[b]++] = it->seconds;
	}
	if (!it->result) {
		st->failed++;
		fprintf(stderr, "eval: %s: %s\n", it->path, it->err.msg);
		if (tp) {
			/* A failed scan counts as every field wrong. */
			json_t *empty = json_object();
			json_error_t je;
			json_t *truth = json_load_file(tp, 0, &je);
			st->labelled++;
			if (truth && empty)
				compare(st, it->path, truth, empty);
			json_decref(truth);
			json_decref(empty);
		}
		return;
	}
	if (tp) {
		json_error_t je;
		json_t *truth = json_load_file(tp, 0, &je);
		if (!truth) {
			fprintf(stderr, "eval: %s: bad truth file: %s\n", tp,
				je.text);
		} else {
			st->labelled++;
			compare(st, it->path, truth, it->result);
			json_decref(truth);
		}
	} else {
		json_t *lines = json_object_get(it->result, "lines");
		size_t i;
		json_t *l;
		st->unlabelled++;
		if (json_is_true(json_object_get(it->result, "card_found")))
			st->found_unlabelled++;
		json_array_foreach(lines, i, l)
		{
			st->conf_unlabelled += json_number_value(
				json_object_get(l, "confidence"));
			st->lines_unlabelled++;
		}
	}
	json_decref(it->result);
	it->result = NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int is_photo(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg") ||
		       !strcasecmp(dot, ".png") || !strcasecmp(dot, ".heic"));
}

/* Whether the truth file at path has a "kind" in the comma-separated
 * list kinds. */
static int kind_wanted(const char *path, const char *kinds)
{
	json_error_t je;
	json_t *truth = json_load_file(path, 0, &je);
	const char *k = json_string_value(json_object_get(truth, "kind"));
	size_t kl = k ? strlen(k) : 0;
	const char *p = kinds;
	int hit = 0;

	while (k && *p && !hit) {
		size_t l = strcspn(p, ",");
		hit = l == kl && !strncmp(p, k, l);
		p += l + (p[l] == ',');
	}
	json_decref(truth);
	return hit;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static double median_of(double *v, long n)
{
	qsort(v, (size_t)n, sizeof(double), cmp_double);
	return n ? v[n / 2] : 0;
}

static double pct(long a, long b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

static void print_report(struct eval_state *st, int as_json, double wall,
			 int jobs)
{
	long tn = 0, tc = 0;
	double med = 0, p90 = 0, mx = 0;
	int f, k;

	qsort(st->times, (size_t)st->ntimes, sizeof(double), cmp_double);
	if (st->ntimes) {
		med = st->times[st->ntimes / 2];
		p90 = st->times[(st->ntimes * 9) / 10 < st->ntimes
					? (st->ntimes * 9) / 10
					: st->ntimes - 1];
		mx = st->times[st->ntimes - 1];
	}
	for (f = 0; f < MS_F_COUNT; f++)
		tn += st->f[f].n, tc += st->f[f].correct;
	if (as_json) {
		json_t *o = json_object(), *fields = json_object();
		json_t *kinds = json_object();
		char *s;
		for (f = 0; f < MS_F_COUNT; f++) {
			const struct field_stat *x = &st->f[f];
			json_object_set_new(
				fields, ms_field_keys[f],
				json_pack("{s:I, s:f, s:f, s:I, s:I}", "n",
					  (json_int_t)x->n, "accuracy",
					  pct(x->correct, x->n), "cer",
					  x->n ? x->cer / (double)x->n : 0.0,
					  "fp", (json_int_t)x->fp, "empty",
					  (json_int_t)x->empty));
		}
		for (k = 0; k < st->nkinds; k++)
			json_object_set_new(
				kinds, st->kinds[k].name,
				json_pack("{s:I, s:f}", "cards",
					  (json_int_t)st->kinds[k].cards,
					  "accuracy",
					  pct(st->kinds[k].correct,
					      st->kinds[k].n)));
		json_object_set_new(o, "fields", fields);
		json_object_set_new(o, "kinds", kinds);
		json_object_set_new(o, "overall_accuracy",
				    json_real(pct(tc, tn)));
		json_object_set_new(
			o, "time",
			json_pack("{s:f, s:f, s:f, s:f, s:i}", "median", med,
				  "p90", p90, "max", mx, "wall", wall, "jobs",
				  jobs));
		{
			json_t *bt = json_object();
			for (k = 0; k < 4; k++)
				if (st->nbtimes[k])
					json_object_set_new(
						bt, bucket_names[k],
						json_pack("{s:I, s:f}", "n",
							  (json_int_t)st->nbtimes[k],
							  "median",
							  median_of(st->btimes[k],
								    st->nbtimes[k])));
			json_object_set_new(o, "time_by_size", bt);
		}
		json_object_set_new(o, "peak_rss_mb",
				    json_real((double)ms_peak_rss() / 1e6));
		json_object_set_new(
			o, "cards",
			json_pack("{s:I, s:I, s:I, s:I}", "labelled",
				  (json_int_t)st->labelled, "unlabelled",
				  (json_int_t)st->unlabelled, "failed",
				  (json_int_t)st->failed, "card_found_unlabelled",
				  (json_int_t)st->found_unlabelled));
		s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
		if (s)
			puts(s);
		free(s);
		json_decref(o);
		return;
	}
	printf("cards: %ld labelled, %ld unlabelled, %ld failed to scan\n",
	       st->labelled, st->unlabelled, st->failed);
	if (st->labelled) {
		printf("\n%-14s %6s %9s %7s %9s\n", "field", "n", "accuracy",
		       "CER", "FP");
		for (f = 0; f < MS_F_COUNT; f++) {
			const struct field_stat *x = &st->f[f];
			printf("%-14s %6ld %8.1f%% %7.3f %4ld/%-4ld\n",
			       ms_field_keys[f], x->n, pct(x->correct, x->n),
			       x->n ? x->cer / (double)x->n : 0.0, x->fp,
			       x->empty);
		}
		printf("%-14s %6ld %8.1f%%\n", "all fields", tn, pct(tc, tn));
		printf("\n%-16s %6s %9s\n", "kind", "cards", "accuracy");
		for (k = 0; k < st->nkinds; k++)
			printf("%-16s %6ld %8.1f%%\n", st->kinds[k].name,
			       st->kinds[k].cards,
			       pct(st->kinds[k].correct, st->kinds[k].n));
	}
	if (st->unlabelled)
		printf("\nunlabelled: card outline found on %ld of %ld, "
		       "%.1f OCR lines per card, mean line confidence %.2f\n",
		       st->found_unlabelled, st->unlabelled,
		       (double)st->lines_unlabelled / (double)st->unlabelled,
		       st->lines_unlabelled ? st->conf_unlabelled /
						      (double)st->lines_unlabelled
					    : 0.0);
	printf("\ntime per card (jobs=%d): median %.3f s, p90 %.3f s, "
	       "max %.3f s; wall %.1f s\n",
	       jobs, med, p90, mx, wall);
	for (k = 0; k < 4; k++)
		if (st->nbtimes[k])
			printf("  photos %-6s %3ld cards, median %.3f s\n",
			       bucket_names[k], st->nbtimes[k],
			       median_of(st->btimes[k], st->nbtimes[k]));
	printf("peak memory: %.1f MB\n", (double)ms_peak_rss() / 1e6);
}

int ms_cmd_eval(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"jobs", required_argument, NULL, 'j'},
		{"json", no_argument, NULL, 'J'},
		{"verbose", no_argument, NULL, 'v'},
		{"truth", required_argument, NULL, 'T'},
		{"models", required_argument, NULL, 'm'},
		{"tessdata", required_argument, NULL, 't'},
		{"no-knowledge", no_argument, NULL, 'K'},
		{"kind", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct eval_state st;
	ms_scan_opts opts = {0};
	long jobs = 1;
	int as_json = 0, c, rc = 1;
	const char *dir, *truth_dir = NULL, *kinds = NULL;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i, m = 0;
	ms_err err;
	double t0;

	memset(&st, 0, sizeof(st));
	optind = 1;
	while ((c = getopt_long(argc, argv, "j:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (ms_cli_int(optarg, 1, MS_MAX_WORKERS, &jobs)) {
				fprintf(stderr, "meishi eval: bad --jobs\n");
				return 2;
			}
			break;
		case 'J': as_json = 1; break;
		case 'v': st.verbose = 1; break;
		case 'T': truth_dir = optarg; break;
		case 'm': opts.models_dir = optarg; break;
		case 't': opts.tessdata_dir = optarg; break;
		case 'K': opts.no_knowledge = 1; break;
		case 'k': kinds = optarg; break;
		case 'h': fputs(eval_usage, stdout); return 0;
		default: fputs(eval_usage, stderr); return 2;
		}
	}
	if (argc - optind != 1) {
		fputs(eval_usage, stderr);
		return 2;
	}
	dir = argv[optind];
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "meishi eval: cannot open %s\n", dir);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (!is_photo(de->d_name))
			continue;
		if (n == EVAL_MAX_FILES)
			break;
		if (n == cap) {
			char **nn;
			cap = cap ? cap * 2 : 64;
			nn = realloc(names, cap * sizeof(*nn));
			if (!nn)
				goto out;
			names = nn;
		}
		names[n] = malloc(strlen(dir) + strlen(de->d_name) + 2);
		if (!names[n])
			goto out;
		snprintf(names[n], strlen(dir) + strlen(de->d_name) + 2,
			 "%s/%s", dir, de->d_name);
		n++;
	}
	closedir(d);
	d = NULL;
	if (n == 0) {
		fprintf(stderr, "meishi eval: no photos in %s\n", dir);
		goto out;
	}
	qsort(names, n, sizeof(*names), cmp_str);
	st.items = calloc(n, sizeof(*st.items));
	st.truth_paths = calloc(n, sizeof(char *));
	st.times = calloc(n, sizeof(double));
	if (!st.items || !st.truth_paths || !st.times)
		goto out;
	for (i = 0; i < 4; i++) {
		st.btimes[i] = calloc(n, sizeof(double));
		if (!st.btimes[i])
			goto out;
	}
	for (i = 0, m = 0; i < n; i++) {
		const char *base = strrchr(names[i], '/');
		size_t len = strlen(names[i]) +
			     (truth_dir ? strlen(truth_dir) : 0) + 8;
		char *tp = malloc(len), *dot;
		FILE *f;
		if (!tp)
			goto out;
		if (truth_dir)
			snprintf(tp, len, "%s/%s", truth_dir,
				 base ? base + 1 : names[i]);
		else
			snprintf(tp, len, "%s", names[i]);
		dot = strrchr(tp, '.');
		snprintf(dot, 6, ".json");
		f = fopen(tp, "r");
		if (f)
			fclose(f);
		if (kinds && (!f || !kind_wanted(tp, kinds))) {
			free(tp);
			continue;
		}
		st.items[m].path = names[i];
		st.truth_paths[m++] = f ? tp : (free(tp), NULL);
	}
	if (m == 0) {
		fprintf(stderr, "meishi eval: no photos of kind %s in %s\n",
			kinds, dir);
		goto out;
	}
	ms_err_clear(&err);
	t0 = ms_now();
	if (ms_cli_scan_run(st.items, m, (int)jobs, &opts, emit, &st, &err)) {
		fprintf(stderr, "meishi eval: %s\n", err.msg);
		goto out;
	}
	print_report(&st, as_json, ms_now() - t0, (int)jobs);
	rc = 0;
out:
	if (d)
		closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	for (i = 0; i < m; i++)
		free(st.truth_paths[i]);
	free(names);
	free(st.items);
	free(st.truth_paths);
	free(st.times);
	for (i = 0; i < 4; i++)
		free(st.btimes[i]);
	return rc;
}
