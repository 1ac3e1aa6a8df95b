/*
 * `meishi import FILE.csv --profile salesforce|hubspot|meishi`: loads the
 * leads and contacts a CRM already holds, so that new cards are checked
 * against them. Each row is mapped by the profile (src/dedupe/import.c),
 * compared with the stored leads (and the rows before it) by the same
 * duplicate detection a scan goes through, and added unless it is the
 * same person as a stored lead. Rows are written MS_IMPORT_BATCH to a
 * transaction. The report gives the counts and, for each rejected row,
 * its line and why.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "meishi/auth.h"
#include "meishi/csv.h"
#include "meishi/dd_lead.h"
#include "meishi/limits.h"
#include "meishi/store.h"

static const char usage[] =
    "usage: meishi import FILE.csv --profile salesforce|hubspot|meishi\n"
    "                     [--owner USER] [--data DIR]\n"
    "Adds the rows as approved leads owned by USER (default \"admin\");\n"
    "a row that is the same person as a stored lead is counted as\n"
    "matched and not added.\n"
    "--data defaults to $MEISHI_DATA or ./meishi-data.\n";

struct counts {
	long rows, added, flagged, matched, rejected;
};

static int read_file(const char *path, char **data, size_t *len)
{
	struct stat sb;
	FILE *f = fopen(path, "rb");
	size_t got;

	if (!f || fstat(fileno(f), &sb) != 0) {
		fprintf(stderr, "meishi import: cannot read %s: %s\n", path,
		        strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	if ((unsigned long long)sb.st_size > MS_CSV_MAX_FILE_BYTES) {
		fprintf(stderr, "meishi import: %s is larger than %u MB\n",
		        path, MS_CSV_MAX_FILE_BYTES / (1024u * 1024u));
		fclose(f);
		return -1;
	}
	*data = malloc((size_t)sb.st_size + 1);
	if (!*data) {
		fclose(f);
		fprintf(stderr, "meishi import: out of memory\n");
		return -1;
	}
	got = fread(*data, 1, (size_t)sb.st_size, f);
	fclose(f);
	*len = got;
	return 0;
}

/* The lead fields of a contact: every lead key, and the e164 forms. */
static json_t *fields_of(const ms_contact *c)
{
	json_t *o = json_object();
	int i;

	if (!o)
		return NULL;
	for (i = 0; i < MS_DD_LEAD_NKEYS; i++)
		json_object_set_new(o, ms_dd_lead_keys[i],
		                    json_string(i < MS_F_COUNT ? c->v[i] : ""));
	json_object_set_new(o, "e164",
	                    json_pack("{s:s, s:s, s:s}", "phone", c->phone_e164,
	                              "fax", c->fax_e164, "mobile",
	                              c->mobile_e164));
	return o;
}

static int flush(ms_store_importer *im, json_t **rows, int n,
                 ms_import_outcome *res, struct counts *k)
{
	ms_err err;
	int i;

	if (n && ms_store_import(im, rows, n, res, &err)) {
		fprintf(stderr, "meishi import: %s\n", err.msg);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (res[i] == MS_IMPORT_MATCHED)
			k->matched++;
		else
			k->added++;
		if (res[i] == MS_IMPORT_FLAGGED)
			k->flagged++;
		json_decref(rows[i]);
		rows[i] = NULL;
	}
	return 0;
}

int ms_cmd_import(int argc, char **argv)
{
	const char *file = NULL, *profile = NULL, *owner = "admin";
	const char *data = getenv("MEISHI_DATA");
	json_t **rows = calloc(MS_IMPORT_BATCH, sizeof(*rows));
	ms_import_outcome *res = calloc(MS_IMPORT_BATCH, sizeof(*res));
	ms_contact *c = malloc(sizeof(*c));
	ms_dd_colmap *map = malloc(sizeof(*map));
	struct counts k = {0, 0, 0, 0, 0};
	const char *const *f;
	ms_store *st = NULL;
	ms_store_importer *im = NULL;
	ms_csv *rd = NULL;
	struct timespec t0, t1;
	char *buf = NULL;
	size_t len = 0;
	int a, nf, nrows = 0, prof, header = 1, rc = 1;
	ms_user u;
	ms_err err;
	ms_rc r;

	if (!rows || !res || !c || !map) {
		fprintf(stderr, "meishi import: out of memory\n");
		goto out;
	}
	if (!data || !*data)
		data = "meishi-data";
	for (a = 1; a < argc; a++) {
		const char **dst = !strcmp(argv[a], "--profile") ? &profile
		                   : !strcmp(argv[a], "--owner") ? &owner
		                   : !strcmp(argv[a], "--data")  ? &data
		                                                 : NULL;

		if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
			fputs(usage, stdout);
			rc = 0;
			goto out;
		}
		if (dst && a + 1 < argc) {
			*dst = argv[++a];
		} else if (argv[a][0] != '-' && !file) {
			file = argv[a];
		} else {
			fputs(usage, stderr);
			rc = 2;
			goto out;
		}
	}
	if (!file || !profile || (prof = ms_dd_profile_by_name(profile)) < 0) {
		fputs(usage, stderr);
		rc = 2;
		goto out;
	}
	if (read_file(file, &buf, &len))
		goto out;
	if (ms_auth_init(&err) || ms_store_open(data, 1, &st, &err) ||
	    ms_store_user_get(st, owner, &u, NULL, 0, &err) ||
	    ms_store_import_begin(st, u.id, &im, &err)) {
		fprintf(stderr, "meishi import: %s\n", err.msg);
		goto out;
	}
	if (ms_csv_new(buf, len, &rd)) {
		fprintf(stderr, "meishi import: out of memory\n");
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((r = ms_csv_next(rd, &f, &nf, &err)) != MS_ERR_NOTFOUND) {
		long line = ms_csv_line(rd);

		if (header) {
			if (r || ms_dd_colmap_new((ms_dd_profile)prof, f, nf,
			                          map, &err)) {
				fprintf(stderr,
				        "meishi import: %s: line %ld: "
				        "%s\n",
				        file, line, err.msg);
				goto out;
			}
			header = 0;
			continue;
		}
		if (!r && nf == 1 && !f[0][0])
			continue; /* a blank line */
		k.rows++;
		if (r || ms_dd_row_contact(map, f, nf, c, &err)) {
			k.rejected++;
			printf("line %ld: rejected: %s\n", line, err.msg);
			if (r == MS_ERR_CORRUPT)
				break;
			continue;
		}
		if (!(rows[nrows] = fields_of(c))) {
			fprintf(stderr, "meishi import: out of memory\n");
			goto out;
		}
		if (++nrows == MS_IMPORT_BATCH) {
			if (flush(im, rows, nrows, res, &k))
				goto out;
			nrows = 0;
		}
	}
	if (flush(im, rows, nrows, res, &k))
		goto out;
	nrows = 0;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%s: %ld rows: %ld added (%ld flagged as possible "
	       "duplicates), %ld matched existing leads, %ld rejected "
	       "(%.1f s)\n",
	       file, k.rows, k.added, k.flagged, k.matched, k.rejected,
	       (double)(t1.tv_sec - t0.tv_sec) +
	           (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	rc = 0;
out:
	for (a = 0; rows && a < nrows; a++)
		json_decref(rows[a]);
	ms_csv_free(rd);
	ms_store_import_end(im);
	ms_store_close(st);
	free(buf);
	free(rows);
	free(res);
	free(c);
	free(map);
	return rc;
}
