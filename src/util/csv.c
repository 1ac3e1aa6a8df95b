/*
 * The CSV reader of meishi/csv.h: one pass over the bytes, fields copied
 * unquoted into a row buffer of MS_CSV_MAX_ROW_BYTES.
 */
#include <stdlib.h>
#include <string.h>

#include "meishi/csv.h"
#include "meishi/limits.h"

struct ms_csv {
	const char *p;
	size_t len, pos;
	long line, start_line;
	char *row;  /* fields, each NUL-terminated */
	const char *fields[MS_CSV_MAX_COLS];
};

ms_rc ms_csv_new(const char *data, size_t len, ms_csv **out)
{
	ms_csv *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return MS_ERR_NOMEM;
	r->row = malloc(MS_CSV_MAX_ROW_BYTES + MS_CSV_MAX_COLS + 1);
	if (!r->row) {
		free(r);
		return MS_ERR_NOMEM;
	}
	r->p = data;
	r->len = len;
	r->line = 1;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
	*out = r;
	return MS_OK;
}

void ms_csv_free(ms_csv *r)
{
	if (!r)
		return;
	free(r->row);
	free(r);
}

long ms_csv_line(const ms_csv *r)
{
	return r->start_line;
}

ms_rc ms_csv_next(ms_csv *r, const char *const **fields, int *n,
		  ms_err *err)
{
	size_t used = 0, flen = 0, chars = 0;
	int nf = 0, quoted = 0, in_field_start = 1;
	ms_rc bad = MS_OK;
	const char *why = "";

	*n = 0;
	*fields = r->fields;
	if (r->pos >= r->len)
		return MS_ERR_NOTFOUND;
	r->start_line = r->line;
	r->fields[0] = r->row;
	for (;;) {
		int end_field = 0, end_row = 0;
		char ch;

		if (r->pos >= r->len) {
			if (quoted) {
				return ms_err_set(err, MS_ERR_CORRUPT,
						  "line %ld: a quoted field is "
						  "not closed",
						  r->start_line);
			}
			end_field = end_row = 1;
		} else {
			ch = r->p[r->pos++];
			if (quoted) {
				if (ch == '"') {
					if (r->pos < r->len &&
					    r->p[r->pos] == '"') {
						r->pos++;
					} else {
						quoted = 0;
						continue;
					}
				} else if (ch == '\n') {
					r->line++;
				}
			} else if (ch == '"' && in_field_start) {
				quoted = 1;
				in_field_start = 0;
				continue;
			} else if (ch == ',') {
				end_field = 1;
			} else if (ch == '\r' || ch == '\n') {
				if (ch == '\r' && r->pos < r->len &&
				    r->p[r->pos] == '\n')
					r->pos++;
				r->line++;
				end_field = end_row = 1;
			}
			if (!end_field) {
				in_field_start = 0;
				if (bad)
					continue;
				if (flen + 1 > MS_CSV_MAX_FIELD_BYTES - 1) {
					bad = MS_ERR_TOO_BIG;
					why = "a field is longer than the limit";
					continue;
				}
				if (chars + 1 > MS_CSV_MAX_ROW_BYTES) {
					bad = MS_ERR_TOO_BIG;
					why = "the row is longer than the limit";
					continue;
				}
				r->row[used++] = ch;
				flen++;
				chars++;
				continue;
			}
		}
		/* End of a field. */
		if (!bad) {
			if (nf >= MS_CSV_MAX_COLS) {
				bad = MS_ERR_LIMIT;
				why = "the row has more columns than the limit";
			} else {
				r->row[used++] = '\0';
				r->fields[nf++] = r->row + used - flen - 1;
			}
		}
		flen = 0;
		in_field_start = 1;
		if (end_row)
			break;
	}
	if (bad)
		return ms_err_set(err, bad, "line %ld: %s (%d bytes per field, "
				  "%d per row, %d columns)", r->start_line,
				  why, MS_CSV_MAX_FIELD_BYTES - 1,
				  MS_CSV_MAX_ROW_BYTES, MS_CSV_MAX_COLS);
	*n = nf;
	return MS_OK;
}
