/*
 * A growable byte buffer with a hard maximum, in the manner of curl's
 * dynbuf. Every append checks the cap and fails with MS_ERR_TOO_BIG rather
 * than growing without bound. The buffer is always NUL-terminated, so text
 * can be read straight from it.
 */
#ifndef MEISHI_BUF_H
#define MEISHI_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "meishi/err.h"

typedef struct ms_buf {
	char *data; /* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
	size_t max; /* hard limit on len */
} ms_buf;

void ms_buf_init(ms_buf *b, size_t max);
void ms_buf_free(ms_buf *b);
void ms_buf_reset(ms_buf *b);
ms_rc ms_buf_add(ms_buf *b, const void *p, size_t n) MS_WUR;
ms_rc ms_buf_adds(ms_buf *b, const char *s) MS_WUR;
ms_rc ms_buf_addf(ms_buf *b, const char *fmt, ...) MS_PRINTF(2, 3) MS_WUR;

/* Hands the data to the caller, who frees it with free(); b is emptied. */
char *ms_buf_take(ms_buf *b, size_t *len);

/* Reads a whole file of at most max bytes. MS_ERR_TOO_BIG if larger. */
ms_rc ms_read_file(const char *path, size_t max, ms_buf *out,
		   ms_err *err) MS_WUR;

/* Writes data to path atomically: a temporary file, fsync, rename. */
ms_rc ms_write_file(const char *path, const void *data, size_t len,
		    ms_err *err) MS_WUR;

#endif /* MEISHI_BUF_H */
