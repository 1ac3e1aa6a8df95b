/*
 * The capped growable buffer of meishi/buf.h, and whole-file read and
 * atomic write on top of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "meishi/buf.h"

void ms_buf_init(ms_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void ms_buf_free(ms_buf *b)
{
	free(b->data);
	ms_buf_init(b, b->max);
}

void ms_buf_reset(ms_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static ms_rc buf_reserve(ms_buf *b, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (extra > b->max || b->len > b->max - extra)
		return MS_ERR_TOO_BIG;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return MS_OK;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	p = realloc(b->data, ncap);
	if (!p)
		return MS_ERR_NOMEM;
	b->data = p;
	b->cap = ncap;
	return MS_OK;
}

ms_rc ms_buf_add(ms_buf *b, const void *p, size_t n)
{
	ms_rc rc = buf_reserve(b, n);

	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return MS_OK;
}

ms_rc ms_buf_adds(ms_buf *b, const char *s)
{
	return ms_buf_add(b, s, strlen(s));
}

ms_rc ms_buf_addf(ms_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	ms_rc rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return MS_ERR_INVALID;
	rc = buf_reserve(b, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return MS_OK;
}

char *ms_buf_take(ms_buf *b, size_t *len)
{
	char *p = b->data;

	if (len)
		*len = b->len;
	ms_buf_init(b, b->max);
	return p;
}

ms_rc ms_read_file(const char *path, size_t max, ms_buf *out, ms_err *err)
{
	char chunk[65536];
	ms_rc rc = MS_OK;
	ssize_t n;
	int fd;

	ms_buf_init(out, max);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ms_err_set(err, MS_ERR_IO, "cannot open %s: %s", path,
				  strerror(errno));
	{
		struct stat st;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    (unsigned long long)st.st_size > max) {
			close(fd);
			return ms_err_set(err, MS_ERR_TOO_BIG,
					  "%s is %llu bytes; the limit is "
					  "%zu bytes",
					  path,
					  (unsigned long long)st.st_size, max);
		}
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = ms_err_set(err, MS_ERR_IO, "cannot read %s: %s",
					path, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		if (ms_buf_add(out, chunk, (size_t)n)) {
			rc = ms_err_set(err, MS_ERR_TOO_BIG,
					"%s is larger than the limit of %zu bytes",
					path, max);
			break;
		}
	}
	close(fd);
	if (rc == MS_OK && !out->data) {
		/* An empty file: give callers a valid empty string. */
		if (ms_buf_add(out, "", 0))
			rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	}
	if (rc)
		ms_buf_free(out);
	return rc;
}

ms_rc ms_write_file(const char *path, const void *data, size_t len,
		    ms_err *err)
{
	char tmp[4096];
	const char *p = data;
	size_t done = 0;
	int fd, n;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return ms_err_set(err, MS_ERR_INVALID, "path too long: %s",
				  path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return ms_err_set(err, MS_ERR_IO, "cannot create %s: %s", tmp,
				  strerror(errno));
	while (done < len) {
		ssize_t w = write(fd, p + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		done += (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) != 0) {
		fd = -1;
		goto fail;
	}
	return MS_OK;
fail:
	ms_err_set(err, MS_ERR_IO, "cannot write %s: %s", path,
		   strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return MS_ERR_IO;
}
