/*
 * Dictionaries for extraction: plain UTF-8 files in models/, one entry per
 * line, '#' starting a comment line. Each is read whole (under
 * MS_EX_DICT_BYTES), normalised like OCR text and sorted longest first, so
 * the first entry that matches is the longest.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/ex_int.h"
#include "meishi/text.h"

static int by_len_desc(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return la < lb ? 1 : la > lb ? -1 : 0;
}

ms_rc ex_dict_load(ex_dict *d, const char *dir, const char *file, ms_err *err)
{
	char path[4096];
	FILE *f = NULL;
	long size;
	char *p, *line, *end;
	ms_rc rc = MS_OK;

	memset(d, 0, sizeof(*d));
	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    (int)sizeof(path))
		return ms_err_set(err, MS_ERR_INVALID,
		                  "models directory path is too long");
	f = fopen(path, "rb");
	if (!f)
		return ms_err_set(err, MS_ERR_IO, "cannot open %s: %s", path,
		                  strerror(errno));
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		rc = ms_err_set(err, MS_ERR_IO, "cannot read %s", path);
		goto out;
	}
	if ((unsigned long)size > MS_EX_DICT_BYTES) {
		rc = ms_err_set(err, MS_ERR_TOO_BIG,
		                "%s is larger than %u bytes", path,
		                MS_EX_DICT_BYTES);
		goto out;
	}
	d->buf = malloc((size_t)size + 1);
	d->v = malloc(MS_EX_DICT_ENTRIES * sizeof(*d->v));
	if (!d->buf || !d->v) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (fread(d->buf, 1, (size_t)size, f) != (size_t)size) {
		rc = ms_err_set(err, MS_ERR_IO, "cannot read %s", path);
		goto out;
	}
	d->buf[size] = '\0';
	if (!ms_utf8_valid(d->buf, (size_t)size)) {
		rc = ms_err_set(err, MS_ERR_FORMAT, "%s is not UTF-8", path);
		goto out;
	}
	for (p = d->buf; p && *p; p = end) {
		end = strchr(p, '\n');
		if (end)
			*end++ = '\0';
		line = p;
		line[strcspn(line, "\r")] = '\0';
		ms_trim(line);
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (d->n >= MS_EX_DICT_ENTRIES) {
			rc = ms_err_set(err, MS_ERR_LIMIT,
			                "%s has more than %d entries", path,
			                MS_EX_DICT_ENTRIES);
			goto out;
		}
		d->v[d->n++] = line;
	}
	qsort(d->v, d->n, sizeof(*d->v), by_len_desc);
out:
	if (f)
		fclose(f);
	if (rc != MS_OK)
		ex_dict_free(d);
	return rc;
}

void ex_dict_free(ex_dict *d)
{
	free(d->buf);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

long ex_dict_find(const ex_dict *d, const char *s, size_t *len)
{
	long best = -1, at;
	size_t i, blen = 0;
	const char *p;

	for (i = 0; i < d->n; i++) {
		if (is_ascii(d->v[i])) {
			at = ex_find_word(s, d->v[i], 0);
		} else {
			p = strstr(s, d->v[i]);
			at = p ? (long)(p - s) : -1;
		}
		if (at < 0)
			continue;
		/* Entries are longest first: a later one wins only when it
		 * starts earlier. */
		if (best < 0 || at < best) {
			best = at;
			blen = strlen(d->v[i]);
		}
	}
	if (best >= 0 && len)
		*len = blen;
	return best;
}

size_t ex_dict_suffix(const ex_dict *d, const char *s)
{
	size_t n = strlen(s), i, m;

	for (i = 0; i < d->n; i++) {
		m = strlen(d->v[i]);
		if (m > n)
			continue;
		if (is_ascii(d->v[i])) {
			if (strcasecmp(s + n - m, d->v[i]) != 0)
				continue;
			if (n > m && (unsigned char)s[n - m - 1] < 0x80 &&
			    s[n - m - 1] != ' ')
				continue;
			return m;
		}
		if (memcmp(s + n - m, d->v[i], m) == 0)
			return m;
	}
	return 0;
}

int ex_dict_has(const ex_dict *d, const char *s)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcasecmp(s, d->v[i]) == 0)
			return 1;
	return 0;
}
