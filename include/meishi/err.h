/*
 * Result codes and error details shared by every module.
 *
 * Every fallible function returns an ms_rc whose zero is success. Where a
 * person will read the failure (a rejected upload, a file `meishi scan`
 * could not read), the function also fills an ms_err with a sentence that
 * says what was wrong and, where it helps, what the limit is.
 */
#ifndef MEISHI_ERR_H
#define MEISHI_ERR_H

#include "meishi/limits.h"

#if defined(__GNUC__)
#define MS_WUR __attribute__((warn_unused_result))
#define MS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MS_WUR
#define MS_PRINTF(f, a)
#endif

typedef enum ms_rc {
	MS_OK = 0,
	MS_ERR_NOMEM,    /* out of memory */
	MS_ERR_IO,       /* a read or write failed */
	MS_ERR_TOO_BIG,  /* over a byte or pixel limit */
	MS_ERR_FORMAT,   /* not a format we accept */
	MS_ERR_CORRUPT,  /* a format we accept, but damaged or truncated */
	MS_ERR_INVALID,  /* a bad argument or malformed value */
	MS_ERR_OCR,      /* the OCR engine failed */
	MS_ERR_LIMIT,    /* a capacity limit other than size was reached */
	MS_ERR_NOTFOUND, /* the thing asked for does not exist */
	MS_ERR_CONFLICT, /* the thing changed underneath the caller */
	MS_ERR_DENIED,   /* not allowed */
	MS_ERR_BUSY,     /* try again later */
	MS_ERR_INTERNAL  /* a bug or an unexpected library failure */
} ms_rc;

typedef struct ms_err {
	ms_rc rc;
	char msg[MS_MAX_ERR_MSG];
} ms_err;

/* A short stable name for a code, e.g. "too_big". Never NULL. */
const char *ms_rc_name(ms_rc rc);

/* Records rc and a printf-style message in err (which may be NULL) and
 * returns rc, so callers can write `return ms_err_set(err, ...)`. */
ms_rc ms_err_set(ms_err *err, ms_rc rc, const char *fmt, ...) MS_PRINTF(3, 4);

/* Resets err to MS_OK with an empty message. */
void ms_err_clear(ms_err *err);

#endif /* MEISHI_ERR_H */
