/*
 * The web UI's static files, served from the web directory (--web).
 *
 * Only GET and HEAD of paths outside /api/ come here, and only paths made
 * of a safe alphabet ([A-Za-z0-9._-] segments separated by '/', no segment
 * starting with a dot) are looked up, so ".." and hidden files can never
 * be reached; "/" is index.html. Files carry their MIME type, a strict
 * Content-Security-Policy (no inline script, nothing from elsewhere), a
 * weak ETag from size and mtime with "Cache-Control: no-cache", so a
 * browser revalidates cheaply and picks up a new release at once.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/http_int.h"

#define CSP                                                               \
	"default-src 'self'; script-src 'self'; style-src 'self'; "       \
	"img-src 'self' blob: data:; connect-src 'self'; "               \
	"object-src 'none'; base-uri 'none'; form-action 'self'; "       \
	"frame-ancestors 'none'"

static const struct {
	const char *ext;
	const char *type;
} mime[] = {
	{".html", "text/html; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".json", "application/json; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".webmanifest", "application/manifest+json"},
	{".txt", "text/plain; charset=utf-8"},
};

static const char *mime_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	size_t i;

	if (!dot || strchr(dot, '/'))
		return NULL;
	for (i = 0; i < sizeof(mime) / sizeof(mime[0]); i++)
		if (!strcmp(dot, mime[i].ext))
			return mime[i].type;
	return NULL;
}

/* 1 if url is '/' followed by safe segments. */
static int safe_path(const char *url)
{
	const char *p;
	int seg_start = 1;

	if (url[0] != '/' || strlen(url) > MS_UI_MAX_STATIC_PATH)
		return 0;
	for (p = url + 1; *p; p++) {
		char ch = *p;

		if (ch == '/') {
			if (seg_start)
				return 0; /* empty segment */
			seg_start = 1;
			continue;
		}
		if (seg_start && ch == '.')
			return 0;
		seg_start = 0;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
		      ch == '-'))
			return 0;
	}
	return 1;
}

int ms_static_wants(const char *method, const char *url)
{
	return (!strcmp(method, "GET") || !strcmp(method, "HEAD")) &&
	       strncmp(url, "/api/", 5) != 0 && strcmp(url, "/api");
}

enum MHD_Result ms_static(struct req *r)
{
	char path[MS_SRV_MAX_PATH + MS_UI_MAX_STATIC_PATH + 16];
	char etag[64];
	const char *url = r->url, *type, *inm;
	const char *dir = r->h->o.web_dir ? r->h->o.web_dir : ".";
	struct MHD_Response *resp;
	struct stat sb;
	int fd;

	if (!strcmp(url, "/"))
		url = "/index.html";
	if (!safe_path(url) || !(type = mime_of(url)))
		return ms_reply_error(r, 404, "not_found", "no such page: %s",
				      r->url);
	snprintf(path, sizeof(path), "%s%s", dir, url);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		if (fd >= 0)
			close(fd);
		return ms_reply_error(r, 404, "not_found", "no such page: %s",
				      r->url);
	}
	snprintf(etag, sizeof(etag), "W/\"%llx-%llx\"",
		 (unsigned long long)sb.st_size,
		 (unsigned long long)sb.st_mtime);
	inm = ms_header(r, "If-None-Match");
	if (inm && !strcmp(inm, etag)) {
		close(fd);
		resp = MHD_create_response_from_buffer(
			0, NULL, MHD_RESPMEM_PERSISTENT);
		if (!resp)
			return MHD_NO;
		MHD_add_response_header(resp, "ETag", etag);
		MHD_add_response_header(resp, "Cache-Control", "no-cache");
		return ms_queue(r, 304, resp);
	}
	resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
	if (!resp) {
		close(fd);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", type);
	MHD_add_response_header(resp, "ETag", etag);
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	return ms_queue(r, 200, resp);
}
