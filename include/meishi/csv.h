/*
 * An RFC 4180 CSV reader over a buffer in memory: quoted fields with
 * embedded commas, quotes ("") and newlines, CRLF or LF line ends, and a
 * UTF-8 byte-order mark at the start. Every field, row and column count is
 * bounded by the limits in meishi/limits.h; a record over a limit is
 * skipped whole and reported, and reading goes on with the next record.
 */
#ifndef MEISHI_CSV_H
#define MEISHI_CSV_H

#include <stddef.h>

#include "meishi/err.h"

typedef struct ms_csv ms_csv;

/* A reader over data[0..len), which the caller keeps alive. */
ms_rc ms_csv_new(const char *data, size_t len, ms_csv **out) MS_WUR;
void ms_csv_free(ms_csv *r);

/* Reads the next record. MS_OK: *fields (valid until the next call) holds
 * *n NUL-terminated fields. MS_ERR_NOTFOUND at the end of the data.
 * MS_ERR_TOO_BIG or MS_ERR_LIMIT (err says which limit) for a record that
 * was skipped; MS_ERR_CORRUPT for a quoted field left open at the end. A
 * blank line is a record of one empty field. */
ms_rc ms_csv_next(ms_csv *r, const char *const **fields, int *n,
		  ms_err *err) MS_WUR;

/* The line (1-based) where the last record read began. */
long ms_csv_line(const ms_csv *r);

#endif /* MEISHI_CSV_H */
