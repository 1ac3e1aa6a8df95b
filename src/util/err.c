/*
 * Result-code names and the ms_err helpers declared in meishi/err.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "meishi/err.h"

const char *ms_rc_name(ms_rc rc)
{
	switch (rc) {
	case MS_OK: return "ok";
	case MS_ERR_NOMEM: return "out_of_memory";
	case MS_ERR_IO: return "io_error";
	case MS_ERR_TOO_BIG: return "too_big";
	case MS_ERR_FORMAT: return "unsupported_format";
	case MS_ERR_CORRUPT: return "corrupt";
	case MS_ERR_INVALID: return "invalid";
	case MS_ERR_OCR: return "ocr_failed";
	case MS_ERR_LIMIT: return "limit_reached";
	case MS_ERR_NOTFOUND: return "not_found";
	case MS_ERR_CONFLICT: return "conflict";
	case MS_ERR_DENIED: return "denied";
	case MS_ERR_BUSY: return "busy";
	case MS_ERR_INTERNAL: return "internal";
	}
	return "unknown";
}

ms_rc ms_err_set(ms_err *err, ms_rc rc, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return rc;
	err->rc = rc;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return rc;
}

void ms_err_clear(ms_err *err)
{
	if (!err)
		return;
	err->rc = MS_OK;
	err->msg[0] = '\0';
}
