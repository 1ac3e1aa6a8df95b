/*
 * The libmicrohttpd daemon and the life of one request.
 *
 * On a request's first call the route is matched, the caller is
 * identified (Bearer token or session cookie), the route's roles, the
 * CSRF token and Sec-Fetch-Site are checked and a declared
 * Content-Length over the cap is refused, all before a byte of the body
 * is read. The body then streams in under its cap (multipart through
 * MHD's post processor); the handler runs when it is complete. Every
 * error is JSON: {"error": {"code": "...", "message": "..."}}.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http/http_int.h"
#include "meishi/text.h"

const struct route ms_routes[] = {
	{"GET", "/api/openapi.json", R_PUBLIC, BODY_NONE, h_openapi,
	 "this API's OpenAPI 3.1 description"},
	{"GET", "/healthz", R_PUBLIC, BODY_NONE, h_health,
	 "liveness and queue length"},
	{"POST", "/api/session", R_PUBLIC, BODY_JSON, h_login, "log in"},
	{"GET", "/api/session", R_USER, BODY_NONE, h_whoami,
	 "the logged-in user and CSRF token"},
	{"DELETE", "/api/session", R_USER, BODY_NONE, h_logout, "log out"},
	{"GET", "/api/users", R_ADMIN, BODY_NONE, h_users_list,
	 "list users (with whether each is disabled)"},
	{"POST", "/api/cards", R_USER, BODY_MULTIPART, h_upload,
	 "upload card photos"},
	{"GET", "/api/cards/{id}", R_USER, BODY_NONE, h_card,
	 "a card's status and lead"},
	{"GET", "/api/cards/{id}/image", R_USER, BODY_NONE, h_card_image,
	 "the original photo"},
	{"GET", "/api/cards/{id}/crop", R_USER, BODY_NONE, h_card_crop,
	 "the flattened card"},
	{"GET", "/api/leads", R_USER, BODY_NONE, h_leads,
	 "list and search leads"},
	{"GET", "/api/leads/{id}", R_USER, BODY_NONE, h_lead, "one lead"},
	{"PATCH", "/api/leads/{id}", R_USER, BODY_JSON, h_lead_patch,
	 "edit a lead's fields"},
	{"DELETE", "/api/leads/{id}", R_ADMIN, BODY_NONE, h_lead_delete,
	 "remove a lead"},
	{"GET", "/api/leads/{id}/audit", R_USER, BODY_NONE, h_lead_audit,
	 "a lead's change history"},
	{"POST", "/api/leads/{id}/approve", R_ADMIN, BODY_NONE,
	 h_lead_approve, "approve a lead for export"},
	{"POST", "/api/leads/{id}/reject", R_ADMIN, BODY_NONE, h_lead_reject,
	 "reject a lead"},
	{"POST", "/api/leads/{id}/merge", R_ADMIN, BODY_JSON, h_lead_merge,
	 "merge another lead into this one"},
	/* Duplicates, merges and proposals (routes_dd.c). */
	{"GET", "/api/leads/{id}/duplicates", R_USER, BODY_NONE,
	 h_lead_duplicates, "leads that may be the same person"},
	{"GET", "/api/leads/{id}/merges", R_USER, BODY_NONE, h_lead_merges,
	 "the merges a lead took part in"},
	{"POST", "/api/merges/{id}/undo", R_ADMIN, BODY_NONE, h_merge_undo,
	 "undo a merge"},
	{"POST", "/api/leads/{id}/dismissals", R_ADMIN, BODY_JSON,
	 h_lead_dismiss, "mark a possible duplicate as another person"},
	{"GET", "/api/leads/{id}/dismissals", R_USER, BODY_NONE,
	 h_lead_dismissals, "the \"not a duplicate\" marks of a lead"},
	{"POST", "/api/dismissals/{id}/undo", R_ADMIN, BODY_NONE,
	 h_dismissal_undo, "undo a \"not a duplicate\" mark"},
	{"GET", "/api/leads/{id}/proposals", R_USER, BODY_NONE,
	 h_lead_proposals, "update proposals from later cards"},
	{"POST", "/api/proposals/{id}/accept", R_ADMIN, BODY_NONE,
	 h_proposal_accept, "apply an update proposal"},
	{"POST", "/api/proposals/{id}/reject", R_ADMIN, BODY_NONE,
	 h_proposal_reject, "reject an update proposal"},
	{"GET", "/api/leads/{id}/history", R_USER, BODY_NONE, h_lead_history,
	 "previous companies, departments and titles, with dates"},
	{"GET", "/api/export/leads", R_ADMIN | R_INTEG, BODY_NONE, h_feed,
	 "the pull feed of approved leads"},
	/* The web UI's endpoints (routes_ui.c). */
	{"GET", "/api/review/queue", R_ADMIN, BODY_NONE, h_review_queue,
	 "leads waiting for review, oldest first, with the count"},
	{"POST", "/api/cards/{id}/pair", R_USER, BODY_JSON, h_card_pair,
	 "mark this card as the back of another"},
	{"GET", "/api/leads/export", R_ADMIN, BODY_NONE, h_leads_export,
	 "a filtered lead list as Salesforce/HubSpot CSV or vCard"},
	{"POST", "/api/cards/{id}/rescan", R_ADMIN, BODY_JSON, h_card_rescan,
	 "scan a card again, optionally turned by 90, 180 or 270 degrees"},
	{"GET", "/api/cards", R_USER, BODY_NONE, h_cards_recent,
	 "the caller's own uploads, newest first, failed scans included"},
	{"POST", "/api/users", R_ADMIN, BODY_JSON, h_user_add, "add a user"},
	{"POST", "/api/users/{id}/password", R_ADMIN, BODY_JSON,
	 h_user_password, "reset a user's password (enables the account)"},
	{"POST", "/api/users/{id}/disable", R_ADMIN, BODY_NONE,
	 h_user_disable, "disable a user and end their sessions"},
	{"GET", "/api/tokens", R_ADMIN, BODY_NONE, h_tokens,
	 "list integration tokens"},
	{"POST", "/api/tokens", R_ADMIN, BODY_JSON, h_token_create,
	 "create an integration token (shown once)"},
	{"POST", "/api/tokens/{id}/revoke", R_ADMIN, BODY_NONE,
	 h_token_revoke, "revoke an integration token"},
};
const size_t ms_nroutes = sizeof(ms_routes) / sizeof(ms_routes[0]);

void ms_http_print_routes(FILE *f)
{
	size_t i;

	for (i = 0; i < ms_nroutes; i++)
		fprintf(f, "%s %s\n", ms_routes[i].method, ms_routes[i].path);
}

/* Matches url against pattern; {id} takes a positive number. */
static int match(const char *pat, const char *url, int64_t *id)
{
	while (*pat && *url) {
		if (!strncmp(pat, "{id}", 4)) {
			int64_t v = 0;
			int n = 0;

			if (*url == '0')
				return 0;
			while (*url >= '0' && *url <= '9' && n < 15) {
				v = v * 10 + (*url - '0');
				url++;
				n++;
			}
			if (n == 0 || (*url >= '0' && *url <= '9'))
				return 0;
			*id = v;
			pat += 4;
			continue;
		}
		if (*pat != *url)
			return 0;
		pat++;
		url++;
	}
	return *pat == '\0' && *url == '\0';
}

const char *ms_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->c, MHD_HEADER_KIND, name);
}

const char *ms_arg(struct req *r, const char *name, int *bad)
{
	const char *v = MHD_lookup_connection_value(r->c,
						    MHD_GET_ARGUMENT_KIND,
						    name);

	if (v && !ms_utf8_valid(v, strlen(v)))
		*bad = 1;
	return v;
}

enum MHD_Result ms_queue(struct req *r, unsigned status,
			 struct MHD_Response *resp)
{
	enum MHD_Result ret;

	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	if (!MHD_get_response_header(resp, "Cache-Control"))
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (status == 503 && !MHD_get_response_header(resp, "Retry-After"))
		MHD_add_response_header(resp, "Retry-After", "5");
	r->status = (int)status;
	ret = MHD_queue_response(r->c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result ms_reply_raw(struct req *r, unsigned status,
			     const char *ctype, char *data, size_t len,
			     struct MHD_Response **resp_out)
{
	struct MHD_Response *resp = NULL;

	resp = MHD_create_response_from_buffer_with_free_callback(len, data,
								   free);
	if (!resp) {
		free(data);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", ctype);
	if (resp_out) {
		*resp_out = resp;
		return MHD_YES;
	}
	return ms_queue(r, status, resp);
}

enum MHD_Result ms_reply_json(struct req *r, unsigned status, json_t *body)
{
	char *s = body ? json_dumps(body, JSON_COMPACT) : NULL;

	json_decref(body);
	if (!s)
		return MHD_NO;
	return ms_reply_raw(r, status, "application/json; charset=utf-8", s,
			    strlen(s), NULL);
}

enum MHD_Result ms_reply_error(struct req *r, unsigned status,
			       const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	json_t *o;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o = json_pack("{s:{s:s, s:s}}", "error", "code", code, "message",
		      msg);
	return ms_reply_json(r, status, o);
}

enum MHD_Result ms_reply_err(struct req *r, const ms_err *e)
{
	const char *m = e->msg[0] ? e->msg : "request failed";

	switch (e->rc) {
	case MS_ERR_NOTFOUND:
		return ms_reply_error(r, 404, "not_found", "%s", m);
	case MS_ERR_INVALID:
		return ms_reply_error(r, 400, "invalid_request", "%s", m);
	case MS_ERR_TOO_BIG:
		return ms_reply_error(r, 413, "too_big", "%s", m);
	case MS_ERR_FORMAT:
		return ms_reply_error(r, 415, "unsupported_format", "%s", m);
	case MS_ERR_CORRUPT:
		return ms_reply_error(r, 422, "corrupt_image", "%s", m);
	case MS_ERR_CONFLICT:
		return ms_reply_error(r, 409, "conflict", "%s", m);
	case MS_ERR_DENIED:
		return ms_reply_error(r, 403, "forbidden", "%s", m);
	case MS_ERR_BUSY:
		return ms_reply_error(r, 503, "busy", "%s", m);
	default:
		fprintf(stderr, "meishi: %s %s: %s\n", r->method, r->url, m);
		return ms_reply_error(r, 500, "internal",
				      "the server failed: %s", m);
	}
}

enum MHD_Result ms_reply_file(struct req *r, const char *rel,
			      const char *ctype)
{
	char path[MS_SRV_MAX_PATH + 64];
	struct MHD_Response *resp = NULL;
	struct stat sb;
	int fd;

	if (ms_store_path(r->h->st, rel, path, sizeof(path)))
		return ms_reply_error(r, 404, "not_found", "no such file");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) != 0) {
		if (fd >= 0)
			close(fd);
		return ms_reply_error(r, 404, "not_found",
				      "the image file is missing");
	}
	resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
	if (!resp) {
		close(fd);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", ctype);
	MHD_add_response_header(resp, "Cache-Control", "private, max-age=3600");
	return ms_queue(r, 200, resp);
}

json_t *ms_body_json(struct req *r, enum MHD_Result *ret)
{
	json_error_t je;
	json_t *o;

	if (!r->buf.data || r->buf.len == 0) {
		*ret = ms_reply_error(r, 400, "invalid_json",
				      "the request needs a JSON body");
		return NULL;
	}
	if (!ms_utf8_valid(r->buf.data, r->buf.len)) {
		*ret = ms_reply_error(r, 400, "invalid_utf8",
				      "the body is not valid UTF-8");
		return NULL;
	}
	o = json_loadb(r->buf.data, r->buf.len, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		*ret = ms_reply_error(r, 400, "invalid_json",
				      "the body is not valid JSON: %s "
				      "(line %d, column %d)",
				      je.text, je.line, je.column);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		*ret = ms_reply_error(r, 400, "invalid_json",
				      "the body must be a JSON object");
		return NULL;
	}
	return o;
}

/* Identifies the caller from a Bearer token or the session cookie. */
static void identify(struct req *r)
{
	ms_http *h = r->h;
	struct who *w = &r->who;
	const char *authz = ms_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *cookie;
	ms_err err;

	if (authz) {
		uint8_t dig[32];
		char name[MS_SRV_MAX_NAME + 1];
		ms_rc rc;

		if (strncasecmp(authz, "Bearer ", 7) != 0) {
			w->bad = 1;
			snprintf(w->bad_msg, sizeof(w->bad_msg),
				 "use Authorization: Bearer TOKEN");
			return;
		}
		ms_auth_digest(authz + 7, dig);
		rc = ms_store_token_check(h->st, dig, name, sizeof(name),
					  &err);
		if (rc) {
			w->bad = 1;
			snprintf(w->bad_msg, sizeof(w->bad_msg), "%s",
				 rc == MS_ERR_DENIED
					 ? "this token has been revoked"
					 : "this token is not valid");
			return;
		}
		w->role = MS_ROLE_INTEGRATION;
		snprintf(w->user.name, sizeof(w->user.name), "%s", name);
		return;
	}
	cookie = MHD_lookup_connection_value(r->c, MHD_COOKIE_KIND,
					     "meishi_session");
	if (!cookie)
		return;
	ms_auth_digest(cookie, w->session);
	if (ms_store_session_get(h->st, w->session, &w->user, w->csrf,
				 sizeof(w->csrf), &err)) {
		w->bad = 1;
		snprintf(w->bad_msg, sizeof(w->bad_msg), "%s", err.msg);
		return;
	}
	w->role = w->user.role;
	w->via_cookie = 1;
}

static unsigned role_bit(ms_role role)
{
	switch (role) {
	case MS_ROLE_REP: return R_REP;
	case MS_ROLE_ADMIN: return R_ADMIN;
	case MS_ROLE_INTEGRATION: return R_INTEG;
	case MS_ROLE_NONE: break;
	}
	return 0;
}

static int state_changing(const char *m)
{
	return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

/* The first call: route, identify, authorise, check declared size. */
static enum MHD_Result begin(struct req *r)
{
	const char *cl, *sfs;
	const struct route *path_hit = NULL;
	char allow[64] = "";
	size_t i, cap;

	for (i = 0; i < ms_nroutes; i++) {
		int64_t id = 0;

		if (!match(ms_routes[i].path, r->url, &id))
			continue;
		path_hit = &ms_routes[i];
		if (strlen(allow) + 10 < sizeof(allow))
			snprintf(allow + strlen(allow),
				 sizeof(allow) - strlen(allow), "%s%s",
				 allow[0] ? ", " : "", ms_routes[i].method);
		if (!strcmp(ms_routes[i].method, r->method)) {
			r->rt = &ms_routes[i];
			r->id = id;
		}
	}
	if (!r->rt) {
		struct MHD_Response *resp = NULL;
		json_t *o;
		char *s;

		if (!path_hit && ms_static_wants(r->method, r->url))
			return ms_static(r);
		if (!path_hit)
			return ms_reply_error(r, 404, "not_found",
					      "no such endpoint: %s", r->url);
		o = json_pack("{s:{s:s, s:s}}", "error", "code",
			      "method_not_allowed", "message",
			      "this endpoint does not take that method");
		s = o ? json_dumps(o, JSON_COMPACT) : NULL;
		json_decref(o);
		if (!s)
			return MHD_NO;
		ms_reply_raw(r, 405, "application/json; charset=utf-8", s,
			     strlen(s), &resp);
		MHD_add_response_header(resp, "Allow", allow);
		return ms_queue(r, 405, resp);
	}
	if (!(r->rt->roles & R_PUBLIC)) {
		unsigned bit;

		identify(r);
		if (r->who.bad)
			return ms_reply_error(r, 401, "unauthorized", "%s",
					      r->who.bad_msg);
		if (r->who.role == MS_ROLE_NONE)
			return ms_reply_error(r, 401, "unauthorized",
					      "log in first (POST /api/session)"
					      " or send a Bearer token");
		bit = role_bit(r->who.role);
		if (!(r->rt->roles & bit))
			return ms_reply_error(
				r, 403, "forbidden",
				"the %s role may not use %s %s",
				ms_role_name(r->who.role), r->rt->method,
				r->rt->path);
	}
	if (state_changing(r->method)) {
		sfs = ms_header(r, "Sec-Fetch-Site");
		if (sfs && !strcmp(sfs, "cross-site"))
			return ms_reply_error(r, 403, "cross_site",
					      "cross-site requests may not "
					      "change anything");
		if (r->who.via_cookie) {
			const char *t = ms_header(r, "X-CSRF-Token");

			if (!t || !ms_auth_equal(t, r->who.csrf))
				return ms_reply_error(
					r, 403, "csrf",
					"send the csrf_token from login in "
					"an X-CSRF-Token header");
		}
	}
	r->body = r->rt->body;
	cap = r->body == BODY_JSON ? MS_SRV_MAX_JSON_BODY : r->h->o.max_body;
	cl = ms_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl) {
		char *end;
		unsigned long long n;

		errno = 0;
		n = strtoull(cl, &end, 10);
		if (!errno && !*end && n > cap)
			return ms_reply_error(r, 413, "too_big",
					      "the body is %llu bytes; the "
					      "limit is %zu", n, cap);
	}
	if (r->body == BODY_MULTIPART) {
		const char *ct = ms_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);

		snprintf(r->ctype, sizeof(r->ctype), "%s", ct ? ct : "");
		if (!strncasecmp(r->ctype, "image/", 6)) {
			r->body = BODY_IMAGE;
		} else if (strncasecmp(r->ctype, "multipart/form-data", 19)) {
			return ms_reply_error(
				r, 415, "unsupported_media_type",
				"send a photo as an image/* body or as "
				"multipart/form-data");
		}
	}
	ms_buf_init(&r->buf, r->body == BODY_JSON ? MS_SRV_MAX_JSON_BODY
						   : MS_MAX_IMAGE_BYTES);
	return MHD_YES;
}

static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind,
				 const char *key, const char *filename,
				 const char *content_type,
				 const char *transfer_encoding,
				 const char *data, uint64_t off, size_t size)
{
	struct req *r = cls;
	struct upfile *f;

	if (!key)
		return MHD_YES;
	if (!filename) {
		if (strcmp(key, "event"))
			return MHD_YES;
		if (r->event_len + size > MS_SRV_MAX_EVENT) {
			snprintf(r->fail_msg, sizeof(r->fail_msg),
				 "event is longer than %d bytes",
				 MS_SRV_MAX_EVENT);
			r->fail_status = 400;
			return MHD_NO;
		}
		memcpy(r->event + r->event_len, data, size);
		r->event_len += size;
		r->event[r->event_len] = '\0';
		return MHD_YES;
	}
	if (off == 0) {
		if (r->nfiles == MS_SRV_MAX_FILES) {
			snprintf(r->fail_msg, sizeof(r->fail_msg),
				 "at most %d photos per request",
				 MS_SRV_MAX_FILES);
			r->fail_status = 413;
			return MHD_NO;
		}
		f = &r->files[r->nfiles++];
		snprintf(f->name, sizeof(f->name), "%s", filename);
		if (!ms_utf8_valid(f->name, strlen(f->name)))
			snprintf(f->name, sizeof(f->name), "photo");
		ms_buf_init(&f->data, MS_MAX_IMAGE_BYTES);
	}
	if (r->nfiles == 0)
		return MHD_NO;
	f = &r->files[r->nfiles - 1];
	if (size && ms_buf_add(&f->data, data, size)) {
		snprintf(r->fail_msg, sizeof(r->fail_msg),
			 "photo '%.100s' is over the limit of %u bytes", f->name,
			 MS_MAX_IMAGE_BYTES);
		r->fail_status = 413;
		return MHD_NO;
	}
	return MHD_YES;
}

/* Records an error to answer once the body has been read: libmicrohttpd
 * 0.9.75 queues a response only before the body or after all of it. */
static void pend(struct req *r, int status, const char *code,
		 const char *fmt, ...) MS_PRINTF(4, 5);
static void pend(struct req *r, int status, const char *code,
		 const char *fmt, ...)
{
	va_list ap;

	if (r->pending)
		return;
	r->pending = 1;
	r->fail_status = status;
	snprintf(r->fail_code, sizeof(r->fail_code), "%s", code);
	va_start(ap, fmt);
	vsnprintf(r->fail_msg, sizeof(r->fail_msg), fmt, ap);
	va_end(ap);
}

/* Takes a chunk of the body; after an error the rest is discarded. */
static void take_body(struct req *r, const char *data, size_t size)
{
	size_t cap = r->body == BODY_JSON ? MS_SRV_MAX_JSON_BODY
					  : r->h->o.max_body;

	r->received += size;
	if (r->pending)
		return;
	if (r->received > cap) {
		pend(r, 413, "too_big", "the body is over the limit of %zu "
		     "bytes", cap);
		return;
	}
	/* All uploads in flight together hold at most MS_SRV_MAX_BUFFERED
	 * bytes of memory; past that new bodies are refused for now. */
	if (atomic_fetch_add(&r->h->buffered, size) + size >
	    MS_SRV_MAX_BUFFERED) {
		atomic_fetch_sub(&r->h->buffered, size);
		pend(r, 503, "busy", "the server is receiving too many "
		     "uploads at once; try again shortly");
		return;
	}
	r->held += size;
	if (r->body == BODY_MULTIPART) {
		if (!r->pp) {
			r->pp = MHD_create_post_processor(r->c, 65536,
							  post_iter, r);
			if (!r->pp) {
				pend(r, 400, "bad_multipart",
				     "the multipart/form-data body has no "
				     "usable boundary");
				return;
			}
		}
		if (MHD_post_process(r->pp, data, size) != MHD_YES) {
			if (r->fail_status)
				pend(r, r->fail_status,
				     r->fail_status == 413 ? "too_big"
							   : "bad_multipart",
				     "%s", r->fail_msg);
			else
				pend(r, 400, "bad_multipart",
				     "the multipart/form-data body is "
				     "malformed");
		}
		return;
	}
	if (r->body == BODY_NONE) {
		pend(r, 400, "invalid_request", "this endpoint takes no body");
		return;
	}
	if (ms_buf_add(&r->buf, data, size))
		pend(r, 413, "too_big", "the body is over the limit of %zu "
		     "bytes", (size_t)r->buf.max);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **ctx)
{
	struct req *r = *ctx;
	enum MHD_Result ret = MHD_YES;

	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return MHD_NO;
		*ctx = r;
		r->h = cls;
		r->c = c;
		r->url = url;
		r->method = method;
		ret = begin(r);
		if (r->status)
			r->failed = 1;
		return ret;
	}
	if (r->failed) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		take_body(r, upload, *upload_size);
		*upload_size = 0;
		/* Past the cap, read on only so far to answer with 413;
		 * a sender that keeps going is cut off. */
		if (r->pending && r->received > r->h->o.max_body +
							MS_SRV_DISCARD_MAX)
			return MHD_NO;
		return MHD_YES;
	}
	if (r->pp) {
		/* Destroying reports a body that stopped mid-part. */
		enum MHD_Result ok = MHD_destroy_post_processor(r->pp);

		r->pp = NULL;
		if (ok != MHD_YES)
			pend(r, 400, "bad_multipart",
			     "the multipart/form-data body is truncated or "
			     "malformed");
	}
	r->failed = 1;
	if (r->pending)
		return ms_reply_error(r, (unsigned)r->fail_status, r->fail_code,
				      "%s", r->fail_msg);
	return r->rt->fn(r);
}

static void on_done(void *cls, struct MHD_Connection *c, void **ctx,
		    enum MHD_RequestTerminationCode toe)
{
	struct req *r = *ctx;
	ms_http *h = cls;
	int i;

	if (!r)
		return;
	atomic_fetch_sub(&h->buffered, r->held);
	if (h->o.access_log)
		fprintf(stderr, "%s %s %d%s\n", r->method, r->url, r->status,
			toe == MHD_REQUEST_TERMINATED_COMPLETED_OK
				? ""
				: " (aborted)");
	if (r->pp)
		MHD_destroy_post_processor(r->pp);
	for (i = 0; i < r->nfiles; i++)
		ms_buf_free(&r->files[i].data);
	ms_buf_free(&r->buf);
	free(r);
	*ctx = NULL;
}

static ms_rc parse_listen(const char *s, struct sockaddr_storage *ss,
			  socklen_t *len, ms_err *err)
{
	char host[256], port[16];
	const char *colon;
	struct addrinfo hints, *ai = NULL;
	int e;

	if (s[0] == '[') {
		const char *rb = strchr(s, ']');

		if (!rb || rb[1] != ':' || (size_t)(rb - s - 1) >= sizeof(host))
			goto bad;
		memcpy(host, s + 1, (size_t)(rb - s - 1));
		host[rb - s - 1] = '\0';
		colon = rb + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= sizeof(host))
			goto bad;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
	}
	if (strlen(colon + 1) == 0 || strlen(colon + 1) >= sizeof(port) ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1))
		goto bad;
	snprintf(port, sizeof(port), "%s", colon + 1);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	e = getaddrinfo(host[0] ? host : NULL, port, &hints, &ai);
	if (e || !ai)
		return ms_err_set(err, MS_ERR_INVALID,
				  "cannot resolve listen address '%s': %s", s,
				  gai_strerror(e));
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return MS_OK;
bad:
	return ms_err_set(err, MS_ERR_INVALID,
			  "listen address '%s' is not HOST:PORT", s);
}

static char *slurp(const char *path, size_t max, size_t *len)
{
	ms_buf b;
	ms_err err;

	ms_buf_init(&b, max);
	if (ms_read_file(path, max, &b, &err)) {
		ms_buf_free(&b);
		return NULL;
	}
	return ms_buf_take(&b, len);
}

ms_rc ms_http_start(const ms_http_opts *o, ms_store *st, ms_jobs *jobs,
		    ms_http **out, ms_err *err)
{
	ms_http *h = calloc(1, sizeof(*h));
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	char path[MS_SRV_MAX_PATH + 32];
	char *cert = NULL, *key = NULL;
	size_t n;
	unsigned flags;
	const union MHD_DaemonInfo *info;
	ms_rc rc;

	*out = NULL;
	if (!h)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	h->o = *o;
	h->st = st;
	h->jobs = jobs;
	h->throttle = ms_throttle_new();
	if (!h->throttle) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto fail;
	}
	if ((rc = parse_listen(o->listen, &ss, &sslen, err)))
		goto fail;
	snprintf(path, sizeof(path), "%s/openapi.json",
		 o->web_dir ? o->web_dir : ".");
	h->openapi = slurp(path, 1u << 20, &h->openapi_len);
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
		MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (o->tls_cert || o->tls_key) {
		if (!o->tls_cert || !o->tls_key) {
			rc = ms_err_set(err, MS_ERR_INVALID,
					"TLS needs both a certificate and a "
					"key");
			goto fail;
		}
		cert = slurp(o->tls_cert, 1u << 20, &n);
		key = slurp(o->tls_key, 1u << 20, &n);
		if (!cert || !key) {
			rc = ms_err_set(err, MS_ERR_IO,
					"cannot read the TLS certificate or "
					"key");
			goto fail;
		}
		flags |= MHD_USE_TLS;
		h->tls = 1;
	}
	if (h->tls)
		h->d = MHD_start_daemon(
			flags, 0, NULL, NULL, on_request, h,
			MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			MHD_OPTION_HTTPS_MEM_CERT, cert,
			MHD_OPTION_HTTPS_MEM_KEY, key,
			MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout,
			MHD_OPTION_PER_IP_CONNECTION_LIMIT,
			(unsigned)o->per_ip, MHD_OPTION_CONNECTION_LIMIT,
			(unsigned)o->max_conns,
			MHD_OPTION_CONNECTION_MEMORY_LIMIT,
			(size_t)MS_SRV_CONN_MEMORY,
			MHD_OPTION_STRICT_FOR_CLIENT, 1,
			MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
			MHD_OPTION_NOTIFY_COMPLETED, on_done, h,
			MHD_OPTION_END);
	else
		h->d = MHD_start_daemon(
			flags, 0, NULL, NULL, on_request, h,
			MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout,
			MHD_OPTION_PER_IP_CONNECTION_LIMIT,
			(unsigned)o->per_ip, MHD_OPTION_CONNECTION_LIMIT,
			(unsigned)o->max_conns,
			MHD_OPTION_CONNECTION_MEMORY_LIMIT,
			(size_t)MS_SRV_CONN_MEMORY,
			MHD_OPTION_STRICT_FOR_CLIENT, 1,
			MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
			MHD_OPTION_NOTIFY_COMPLETED, on_done, h,
			MHD_OPTION_END);
	free(cert);
	free(key);
	cert = key = NULL;
	if (!h->d) {
		rc = ms_err_set(err, MS_ERR_IO,
				"cannot listen on %s (in use, or not an "
				"address of this machine?)", o->listen);
		goto fail;
	}
	info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info ? info->port : 0;
	*out = h;
	return MS_OK;
fail:
	free(cert);
	free(key);
	ms_http_stop(h);
	return rc;
}

unsigned ms_http_port(const ms_http *h)
{
	return h->port;
}

void ms_http_stop(ms_http *h)
{
	if (!h)
		return;
	if (h->d)
		MHD_stop_daemon(h->d);
	ms_throttle_free(h->throttle);
	free(h->openapi);
	free(h);
}
