/*
 * The endpoint handlers. Each runs once the request's body is complete and
 * the caller is known and allowed to use the route; visibility of single
 * records (a rep sees only their own) is left to the store, which answers
 * "not found" for other people's cards and leads.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/http_int.h"
#include "meishi/export.h"
#include "meishi/image.h"
#include "meishi/jobs.h"
#include "meishi/text.h"

/* Reps see their own records only; admins see all (owner 0). */
static int64_t owner_of(const struct req *r)
{
	return r->who.role == MS_ROLE_ADMIN ? 0 : r->who.user.id;
}

enum MHD_Result h_openapi(struct req *r)
{
	char *copy;

	if (!r->h->openapi)
		return ms_reply_error(r, 404, "not_found",
				      "openapi.json was not found in the web "
				      "directory (--web)");
	copy = malloc(r->h->openapi_len);
	if (!copy)
		return MHD_NO;
	memcpy(copy, r->h->openapi, r->h->openapi_len);
	return ms_reply_raw(r, 200, "application/json; charset=utf-8", copy,
			    r->h->openapi_len, NULL);
}

enum MHD_Result h_health(struct req *r)
{
	return ms_reply_json(r, 200,
			     json_pack("{s:s, s:I}", "status", "ok",
				       "queued",
				       (json_int_t)ms_store_jobs_waiting(
					       r->h->st)));
}

static void client_ip(struct req *r, char *out, size_t cap)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		r->c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, cap, "?");
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  out, (socklen_t)cap);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  (socklen_t)cap);
}

static enum MHD_Result too_many(struct req *r, long wait)
{
	struct MHD_Response *resp = NULL;
	char secs[32];
	json_t *o = json_pack("{s:{s:s, s:s}}", "error", "code",
			      "too_many_requests", "message",
			      "too many failed logins; wait and try again");
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	if (!s)
		return MHD_NO;
	ms_reply_raw(r, 429, "application/json; charset=utf-8", s, strlen(s),
		     &resp);
	snprintf(secs, sizeof(secs), "%ld", wait);
	MHD_add_response_header(resp, "Retry-After", secs);
	return ms_queue(r, 429, resp);
}

enum MHD_Result h_login(struct req *r)
{
	enum MHD_Result ret;
	json_t *b = ms_body_json(r, &ret);
	const char *name, *pw;
	char hash[MS_AUTH_HASH_MAX], ip[64], kname[96], kip[80];
	char secret[MS_AUTH_SECRET_MAX], csrf[MS_AUTH_SECRET_MAX];
	char cookie[256];
	uint8_t dig[32];
	ms_user u;
	ms_err err;
	long wait;
	time_t now = time(NULL);
	struct MHD_Response *resp = NULL;
	json_t *o;
	char *s;
	int ok;

	if (!b)
		return ret;
	name = json_string_value(json_object_get(b, "username"));
	pw = json_string_value(json_object_get(b, "password"));
	if (!name || !pw) {
		json_decref(b);
		return ms_reply_error(r, 400, "invalid_request",
				      "send {\"username\": ..., \"password\":"
				      " ...}");
	}
	client_ip(r, ip, sizeof(ip));
	snprintf(kname, sizeof(kname), "u:%.64s", name);
	snprintf(kip, sizeof(kip), "ip:%s", ip);
	wait = ms_throttle_wait(r->h->throttle, kname, now);
	if (ms_throttle_wait(r->h->throttle, kip, now) > wait)
		wait = ms_throttle_wait(r->h->throttle, kip, now);
	if (wait > 0) {
		json_decref(b);
		return too_many(r, wait);
	}
	hash[0] = '\0';
	ok = ms_auth_valid_name(name) &&
	     ms_store_user_get(r->h->st, name, &u, hash, sizeof(hash),
			       &err) == MS_OK;
	ok = ms_auth_check_password(ok ? hash : NULL, pw) && ok;
	json_decref(b);
	if (!ok) {
		ms_throttle_fail(r->h->throttle, kname, MS_SRV_LOGIN_FAILS,
				 now);
		ms_throttle_fail(r->h->throttle, kip, MS_SRV_LOGIN_FAILS_IP,
				 now);
		return ms_reply_error(r, 401, "bad_credentials",
				      "wrong user name or password");
	}
	ms_throttle_ok(r->h->throttle, kname);
	ms_auth_secret("", secret);
	ms_auth_secret("", csrf);
	ms_auth_digest(secret, dig);
	if (ms_store_session_add(r->h->st, dig, u.id, csrf,
				 MS_SRV_SESSION_TTL, &err))
		return ms_reply_err(r, &err);
	o = json_pack("{s:s, s:{s:s, s:s}}", "csrf_token", csrf, "user",
		      "name", u.name, "role", ms_role_name(u.role));
	s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!s)
		return MHD_NO;
	ms_reply_raw(r, 200, "application/json; charset=utf-8", s, strlen(s),
		     &resp);
	snprintf(cookie, sizeof(cookie),
		 "meishi_session=%s; Path=/; Max-Age=%d; HttpOnly; "
		 "SameSite=Strict%s",
		 secret, MS_SRV_SESSION_TTL,
		 r->h->tls || r->h->o.secure_cookies ? "; Secure" : "");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	return ms_queue(r, 200, resp);
}

enum MHD_Result h_logout(struct req *r)
{
	struct MHD_Response *resp = NULL;
	ms_err err;
	char *s;

	if (r->who.via_cookie &&
	    ms_store_session_del(r->h->st, r->who.session, &err))
		return ms_reply_err(r, &err);
	s = strdup("{\"ok\":true}");
	if (!s)
		return MHD_NO;
	ms_reply_raw(r, 200, "application/json; charset=utf-8", s, strlen(s),
		     &resp);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE,
				"meishi_session=; Path=/; Max-Age=0; "
				"HttpOnly; SameSite=Strict");
	return ms_queue(r, 200, resp);
}

enum MHD_Result h_whoami(struct req *r)
{
	return ms_reply_json(
		r, 200,
		json_pack("{s:{s:I, s:s, s:s}, s:s?}", "user", "id",
			  (json_int_t)r->who.user.id, "name",
			  r->who.user.name, "role",
			  ms_role_name(r->who.role), "csrf_token",
			  r->who.via_cookie ? r->who.csrf : NULL));
}

enum MHD_Result h_users(struct req *r)
{
	ms_err err;
	json_t *a = ms_store_user_list(r->h->st, &err);

	if (!a)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200, json_pack("{s:o}", "users", a));
}

/* ---- Upload ------------------------------------------------------------ */

static int idem_key_ok(const char *k)
{
	size_t n = strlen(k), i;

	if (n == 0 || n > MS_SRV_MAX_IDEM_KEY)
		return 0;
	for (i = 0; i < n; i++)
		if (k[i] < 0x21 || k[i] > 0x7e)
			return 0;
	return 1;
}

static const char *ext_of(ms_format f)
{
	switch (f) {
	case MS_FMT_JPEG: return "jpg";
	case MS_FMT_PNG: return "png";
	case MS_FMT_HEIF: return "heic";
	case MS_FMT_UNKNOWN: break;
	}
	return "bin";
}

/* Stores one photo; returns its JSON entry or an error entry. *fatal is
 * set for a failure that should fail the whole request. */
static json_t *store_one(struct req *r, const struct upfile *f,
			 const char *event, int *created, ms_err *fatal)
{
	const char *fname = f->name, *sha = f->sha;
	const ms_buf *d = &f->data;
	ms_probe pr;
	ms_err err;
	char rel[128];
	int64_t id;
	int existed = 0;
	ms_card_in in;

	if (!d->data || d->len == 0)
		return json_pack("{s:s, s:{s:s, s:s}}", "filename", fname,
				 "error", "code", "empty", "message",
				 "the photo is empty");
	if (ms_img_probe((const uint8_t *)d->data, d->len, &pr, &err))
		return json_pack("{s:s, s:{s:s, s:s}}", "filename", fname,
				 "error", "code", ms_rc_name(err.rc),
				 "message", err.msg);
	if (ms_store_card_find(r->h->st, r->who.user.id, sha, &id, &err) ==
	    MS_OK) {
		existed = 1;
	} else {
		snprintf(rel, sizeof(rel), "images/%.2s/%s.%s", sha, sha,
			 ext_of(pr.fmt));
		if (ms_store_put_file(r->h->st, rel, d->data, d->len, fatal))
			return NULL;
		in.sha256 = sha;
		in.uploader = r->who.user.id;
		in.event = event;
		in.mime = ms_format_mime(pr.fmt);
		in.bytes = d->len;
		in.image = rel;
		if (ms_store_card_add(r->h->st, &in, r->h->o.queue_max, &id,
				      &existed, fatal))
			return NULL;
		if (!existed)
			*created = 1;
	}
	{
		json_t *card = ms_store_card_get(r->h->st, id, 0, &err);
		const char *st = json_string_value(json_object_get(card,
								   "status"));
		json_t *o = json_pack("{s:I, s:s, s:s, s:b}", "id",
				      (json_int_t)id, "status",
				      st ? st : "queued", "filename", fname,
				      "duplicate", existed);

		json_decref(card);
		return o;
	}
}

static enum MHD_Result queue_full(struct req *r, const char *msg)
{
	struct MHD_Response *resp = NULL;
	char secs[16];
	json_t *o = json_pack("{s:{s:s, s:s}}", "error", "code", "queue_full",
			      "message", msg);
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	if (!s)
		return MHD_NO;
	ms_reply_raw(r, 503, "application/json; charset=utf-8", s, strlen(s),
		     &resp);
	snprintf(secs, sizeof(secs), "%d", MS_SRV_RETRY_AFTER);
	MHD_add_response_header(resp, "Retry-After", secs);
	return ms_queue(r, 503, resp);
}

/* What an upload asked for: the event and each photo's hash. A retry
 * with the same Idempotency-Key must carry the same. */
static void upload_fingerprint(const struct req *r, const char *event,
			       char fp[65])
{
	ms_buf b;
	int i;

	ms_buf_init(&b, MS_SRV_MAX_EVENT + 66u * (size_t)r->nfiles + 1);
	if (ms_buf_adds(&b, event))
		goto out;
	for (i = 0; i < r->nfiles; i++)
		if (ms_buf_addf(&b, "\n%s", r->files[i].sha))
			goto out;
out:
	ms_auth_sha256_hex(b.data ? b.data : "", b.len, fp);
	ms_buf_free(&b);
}

enum MHD_Result h_upload(struct req *r)
{
	const char *key = ms_header(r, "Idempotency-Key");
	const char *ev_hdr;
	char event[MS_SRV_MAX_EVENT + 1];
	json_t *cards = NULL, *first_err = NULL, *o;
	int i, n, created = 0, stored = 0;
	ms_err fatal, err;
	unsigned status;
	char *body, fp[65];

	if (r->body == BODY_IMAGE) {
		ev_hdr = ms_arg(r, "event", &i);
		snprintf(r->files[0].name, sizeof(r->files[0].name), "photo");
		r->files[0].data = r->buf;
		ms_buf_init(&r->buf, 0);
		r->nfiles = 1;
		i = 0;
		if (ev_hdr) {
			if (strlen(ev_hdr) > MS_SRV_MAX_EVENT ||
			    !ms_utf8_valid(ev_hdr, strlen(ev_hdr)))
				return ms_reply_error(
					r, 400, "invalid_request",
					"event must be UTF-8 of at most %d "
					"bytes", MS_SRV_MAX_EVENT);
			snprintf(r->event, sizeof(r->event), "%s", ev_hdr);
		}
	}
	if (!ms_utf8_valid(r->event, strlen(r->event)))
		return ms_reply_error(r, 400, "invalid_utf8",
				      "event is not valid UTF-8");
	snprintf(event, sizeof(event), "%s", r->event);
	ms_trim(event);
	n = r->nfiles;
	if (n == 0)
		return ms_reply_error(r, 400, "no_photo",
				      "the request holds no photo; send an "
				      "image/* body or multipart files");
	for (i = 0; i < n; i++)
		ms_auth_sha256_hex(r->files[i].data.data, r->files[i].data.len,
				   r->files[i].sha);
	if (key) {
		char was[65];
		int st;

		if (!idem_key_ok(key))
			return ms_reply_error(r, 400, "invalid_request",
					      "Idempotency-Key must be 1 to %d "
					      "printable ASCII characters",
					      MS_SRV_MAX_IDEM_KEY);
		upload_fingerprint(r, event, fp);
		if (ms_store_idem_get(r->h->st, r->who.user.id, key, &st,
				      &body, was, &err) == MS_OK) {
			struct MHD_Response *resp = NULL;

			if (*was && strcmp(was, fp)) {
				free(body);
				return ms_reply_error(
					r, 422, "idempotency_key_reused",
					"this Idempotency-Key was used for a "
					"different upload; use a new key for "
					"new photos");
			}
			ms_reply_raw(r, (unsigned)st,
				     "application/json; charset=utf-8", body,
				     strlen(body), &resp);
			MHD_add_response_header(resp, "Idempotent-Replayed",
						"true");
			return ms_queue(r, (unsigned)st, resp);
		}
	}
	/* A full queue is found card by card (ms_store_card_add), so a
	 * duplicate of a stored photo is still answered; a retry after 503
	 * finds the photos stored before it as duplicates. */
	cards = json_array();
	if (!cards)
		return MHD_NO;
	for (i = 0; i < n; i++) {
		ms_err_clear(&fatal);
		o = store_one(r, &r->files[i], event, &created, &fatal);
		if (!o) {
			json_decref(cards);
			if (fatal.rc == MS_ERR_BUSY)
				return queue_full(r, fatal.msg);
			return ms_reply_err(r, &fatal);
		}
		if (json_object_get(o, "error")) {
			if (!first_err)
				first_err = json_incref(o);
		} else {
			stored++;
		}
		json_array_append_new(cards, o);
	}
	if (created)
		ms_jobs_kick(r->h->jobs);
	if (!stored) {
		json_t *e = json_object_get(first_err, "error");
		const char *code = json_string_value(json_object_get(e,
								     "code"));

		status = code && !strcmp(code, "unsupported_format") ? 415
			 : code && !strcmp(code, "too_big")          ? 413
								      : 422;
		o = json_pack("{s:{s:s, s:s}, s:o}", "error", "code",
			      code ? code : "bad_image", "message",
			      json_string_value(json_object_get(e, "message")),
			      "cards", cards);
		json_decref(first_err);
		return ms_reply_json(r, status, o);
	}
	json_decref(first_err);
	status = created ? 201 : 200;
	o = json_pack("{s:o}", "cards", cards);
	body = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!body)
		return MHD_NO;
	if (key && ms_store_idem_put(r->h->st, r->who.user.id, key, fp,
				     (int)status, body, &err))
		fprintf(stderr, "meishi: idempotency key: %s\n", err.msg);
	return ms_reply_raw(r, status, "application/json; charset=utf-8",
			    body, strlen(body), NULL);
}

/* ---- Cards ------------------------------------------------------------- */

enum MHD_Result h_card(struct req *r)
{
	ms_err err;
	json_t *o = ms_store_card_get(r->h->st, r->id, owner_of(r), &err);

	if (!o)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200, o);
}

static enum MHD_Result card_file(struct req *r, int crop)
{
	char image[MS_SRV_MAX_PATH], cropp[MS_SRV_MAX_PATH];
	char mime[MS_SRV_MAX_PATH];
	ms_err err;

	if (ms_store_card_files(r->h->st, r->id, owner_of(r), image, cropp,
				mime, sizeof(image), &err))
		return ms_reply_err(r, &err);
	if (!crop)
		return ms_reply_file(r, image, mime);
	if (!cropp[0])
		return ms_reply_error(r, 404, "not_found",
				      "card %lld has no flattened image yet "
				      "(it is not scanned, or the scan "
				      "failed)", (long long)r->id);
	return ms_reply_file(r, cropp, "image/jpeg");
}

enum MHD_Result h_card_image(struct req *r)
{
	return card_file(r, 0);
}

enum MHD_Result h_card_crop(struct req *r)
{
	return card_file(r, 1);
}

/* ---- Leads ------------------------------------------------------------- */

static int parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s || !isdigit((unsigned char)*s))
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int iso_ok(const char *s)
{
	/* YYYY-MM-DD, optionally THH:MM[:SS[.fff]][Z]. */
	static const char pat[] = "dddd-dd-ddTdd:dd:dd";
	size_t i, n = strlen(s);

	if (n < 10 || n > 30)
		return 0;
	for (i = 0; i < n && i < sizeof(pat) - 1; i++) {
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i])
				  : s[i] != pat[i])
			return 0;
	}
	if (n > 19)
		for (i = 19; i < n; i++)
			if (!(isdigit((unsigned char)s[i]) ||
			      (i == 19 && s[i] == '.') ||
			      (i == n - 1 && s[i] == 'Z')))
				return 0;
	return n == 10 || n == 16 || n >= 19;
}

enum MHD_Result h_leads(struct req *r)
{
	ms_lead_query q;
	int bad = 0;
	int64_t lim = MS_SRV_PAGE_DEFAULT, after = 0;
	const char *limit, *cursor;
	enum MHD_Result ret;
	ms_buf out;
	char *text;
	size_t len;
	ms_err err;

	memset(&q, 0, sizeof(q));
	q.owner = owner_of(r);
	q.status = ms_arg(r, "status", &bad);
	q.uploader = ms_arg(r, "uploader", &bad);
	q.event = ms_arg(r, "event", &bad);
	q.created_from = ms_arg(r, "created_from", &bad);
	q.created_to = ms_arg(r, "created_to", &bad);
	q.q = ms_arg(r, "q", &bad);
	limit = ms_arg(r, "limit", &bad);
	cursor = ms_arg(r, "cursor", &bad);
	if (bad)
		return ms_reply_error(r, 400, "invalid_utf8",
				      "a query parameter is not valid UTF-8");
	if (q.status && strcmp(q.status, "new") &&
	    strcmp(q.status, "approved") && strcmp(q.status, "rejected"))
		return ms_reply_error(r, 400, "invalid_request",
				      "status is new, approved or rejected");
	if (ms_dormant_arg(r, &q, &ret))
		return ret;
	if (limit && parse_i64(limit, 1, MS_SRV_PAGE_MAX, &lim))
		return ms_reply_error(r, 400, "invalid_request",
				      "limit is a number from 1 to %d",
				      MS_SRV_PAGE_MAX);
	if (cursor && parse_i64(cursor, 1, INT64_MAX / 2, &after))
		return ms_reply_error(r, 400, "invalid_request",
				      "cursor is the next_cursor of a "
				      "previous page");
	if ((q.created_from && !iso_ok(q.created_from)) ||
	    (q.created_to && !iso_ok(q.created_to)))
		return ms_reply_error(r, 400, "invalid_request",
				      "created_from and created_to are ISO "
				      "8601 UTC, e.g. 2026-04-01 or "
				      "2026-04-01T09:00:00Z");
	if (q.q && strlen(q.q) > MS_SRV_MAX_QUERY)
		return ms_reply_error(r, 400, "invalid_request",
				      "q is longer than %d bytes",
				      MS_SRV_MAX_QUERY);
	q.limit = (int)lim;
	q.after = after;
	ms_buf_init(&out, MS_SRV_MAX_EXPORT);
	if (ms_store_leads_list_text(r->h->st, &q, &out, &err)) {
		ms_buf_free(&out);
		return ms_reply_err(r, &err);
	}
	text = ms_buf_take(&out, &len);
	return ms_reply_raw(r, 200, "application/json; charset=utf-8", text,
			    len, NULL);
}

static enum MHD_Result reply_lead(struct req *r, unsigned status, json_t *l)
{
	struct MHD_Response *resp = NULL;
	char etag[48];
	char *s = json_dumps(l, JSON_COMPACT);

	snprintf(etag, sizeof(etag), "\"%lld\"",
		 (long long)json_integer_value(json_object_get(l, "version")));
	json_decref(l);
	if (!s)
		return MHD_NO;
	ms_reply_raw(r, status, "application/json; charset=utf-8", s,
		     strlen(s), &resp);
	MHD_add_response_header(resp, "ETag", etag);
	return ms_queue(r, status, resp);
}

enum MHD_Result h_lead(struct req *r)
{
	ms_err err;
	json_t *l = ms_store_lead_get(r->h->st, r->id, owner_of(r), &err);

	if (!l)
		return ms_reply_err(r, &err);
	return reply_lead(r, 200, l);
}

/* The version from If-Match ("3", W/"3" or 3): 0 if absent, -1 if bad. */
static int64_t if_match(struct req *r)
{
	const char *v = ms_header(r, "If-Match");
	char num[32];
	size_t n = 0;
	int64_t out;

	if (!v)
		return 0;
	if (!strncmp(v, "W/", 2))
		v += 2;
	if (*v == '"')
		v++;
	while (*v && *v != '"' && n + 1 < sizeof(num))
		num[n++] = *v++;
	num[n] = '\0';
	if (parse_i64(num, 1, INT64_MAX / 2, &out))
		return -1;
	return out;
}

static enum MHD_Result change_err(struct req *r, const ms_err *err)
{
	if (err->rc == MS_ERR_CONFLICT && strstr(err->msg, "version"))
		return ms_reply_error(r, 412, "version_conflict", "%s",
				      err->msg);
	return ms_reply_err(r, err);
}

enum MHD_Result h_lead_patch(struct req *r)
{
	enum MHD_Result ret;
	json_t *b = ms_body_json(r, &ret), *fields, *out = NULL;
	int64_t version = if_match(r);
	json_t *bv;
	ms_err err;
	ms_rc rc;

	if (!b)
		return ret;
	if (version < 0) {
		json_decref(b);
		return ms_reply_error(r, 400, "invalid_request",
				      "If-Match is the lead's ETag, e.g. "
				      "\"3\"");
	}
	bv = json_object_get(b, "version");
	if (bv && !json_is_integer(bv)) {
		json_decref(b);
		return ms_reply_error(r, 400, "invalid_request",
				      "version must be a number");
	}
	if (!version && bv)
		version = json_integer_value(bv);
	if (version <= 0) {
		json_decref(b);
		return ms_reply_error(r, 428, "precondition_required",
				      "send the version you edited in "
				      "If-Match (the ETag) or as \"version\"");
	}
	fields = json_object_get(b, "fields");
	if (!fields) {
		json_object_del(b, "version");
		fields = b;
	}
	rc = ms_store_lead_patch(r->h->st, r->id, owner_of(r),
				 r->who.user.id, version, fields, &out, &err);
	json_decref(b);
	if (rc)
		return change_err(r, &err);
	return reply_lead(r, 200, out);
}

static enum MHD_Result set_status(struct req *r, const char *status)
{
	int64_t version = if_match(r);
	json_t *out = NULL;
	ms_err err;

	if (version < 0)
		return ms_reply_error(r, 400, "invalid_request",
				      "If-Match is the lead's ETag, e.g. "
				      "\"3\"");
	if (ms_store_lead_set_status(r->h->st, r->id, r->who.user.id,
				     version, status, &out, &err))
		return change_err(r, &err);
	return reply_lead(r, 200, out);
}

enum MHD_Result h_lead_approve(struct req *r)
{
	return set_status(r, "approved");
}

enum MHD_Result h_lead_reject(struct req *r)
{
	return set_status(r, "rejected");
}

enum MHD_Result h_lead_delete(struct req *r)
{
	int64_t version = if_match(r);
	ms_err err;

	if (version < 0)
		return ms_reply_error(r, 400, "invalid_request",
				      "If-Match is the lead's ETag");
	if (ms_store_lead_remove(r->h->st, r->id, r->who.user.id, version, 0,
				 &err))
		return change_err(r, &err);
	return ms_reply_json(r, 200,
			     json_pack("{s:I, s:s}", "id", (json_int_t)r->id,
				       "status", "removed"));
}

/* {"other": ID, "fields": {field: "self"|"other"}} merges lead other into
 * this one, If-Match (or "version") naming this lead's version as for
 * PATCH. The earlier form {"into": ID}, posted to the lead that goes
 * away, is still accepted (If-Match then names that lead's version). */
enum MHD_Result h_lead_merge(struct req *r)
{
	enum MHD_Result ret;
	json_t *b = ms_body_json(r, &ret), *out = NULL, *bv, *o;
	int64_t version = if_match(r), other, into, ov = 0, mid = 0;
	int64_t survivor = r->id;
	struct MHD_Response *resp = NULL;
	char etag[48];
	ms_err err;
	ms_rc rc;
	char *s;

	if (!b)
		return ret;
	if (version < 0) {
		json_decref(b);
		return ms_reply_error(r, 400, "invalid_request",
				      "If-Match is the lead's ETag, e.g. "
				      "\"3\"");
	}
	other = json_integer_value(json_object_get(b, "other"));
	into = json_integer_value(json_object_get(b, "into"));
	bv = json_object_get(b, "version");
	if ((bv && !json_is_integer(bv)) ||
	    (json_object_get(b, "other_version") &&
	     !json_is_integer(json_object_get(b, "other_version")))) {
		json_decref(b);
		return ms_reply_error(r, 400, "invalid_request",
				      "version and other_version must be "
				      "numbers");
	}
	if (other <= 0 && into <= 0) {
		json_decref(b);
		return ms_reply_error(r, 400, "invalid_request",
				      "send {\"other\": LEAD_ID, \"fields\":"
				      " {\"title\": \"other\", ...}}");
	}
	if (other <= 0) {
		/* The earlier form: this lead goes into `into`. */
		survivor = into;
		other = r->id;
		ov = version;
		version = 0;
	} else {
		if (!version && bv)
			version = json_integer_value(bv);
		ov = json_integer_value(json_object_get(b, "other_version"));
		if (version <= 0) {
			json_decref(b);
			return ms_reply_error(
				r, 428, "precondition_required",
				"send this lead's version in If-Match (the "
				"ETag) or as \"version\"");
		}
	}
	rc = ms_store_lead_merge(r->h->st, survivor, other, r->who.user.id,
				 version, ov, json_object_get(b, "fields"),
				 &out, &mid, &err);
	json_decref(b);
	if (rc)
		return change_err(r, &err);
	snprintf(etag, sizeof(etag), "\"%lld\"",
		 (long long)json_integer_value(json_object_get(out,
							       "version")));
	o = json_pack("{s:I, s:o}", "merge_id", (json_int_t)mid, "lead", out);
	s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (!s)
		return MHD_NO;
	ms_reply_raw(r, 200, "application/json; charset=utf-8", s, strlen(s),
		     &resp);
	MHD_add_response_header(resp, "ETag", etag);
	return ms_queue(r, 200, resp);
}

enum MHD_Result h_lead_audit(struct req *r)
{
	ms_err err;
	json_t *a = ms_store_lead_audit(r->h->st, r->id, owner_of(r), &err);

	if (!a)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200, json_pack("{s:o}", "audit", a));
}

/* ---- The feed ---------------------------------------------------------- */

/* Writes one JSON feed item: the row's own fields, then the body stored
 * when the change committed (the lead and its two SFA mappings), or that
 * body built now for a row written without a renderer. */
static ms_rc feed_item(const ms_feed_row *row, void *ud)
{
	ms_buf *b = ud;
	ms_rc rc;

	rc = ms_buf_addf(b, "%s{\"seq\":%lld,\"op\":\"%s\",\"lead_id\":%lld,"
			 "\"version\":%lld,\"changed_at\":",
			 b->data[b->len - 1] == '[' ? "" : ",",
			 (long long)row->seq, row->op, (long long)row->lead_id,
			 (long long)row->version);
	if (!rc)
		rc = ms_export_json_string(b, row->changed_at);
	if (rc)
		return rc;
	if (!row->body && !row->lead_json) {
		rc = ms_buf_adds(b, ",\"reason\":");
		if (!rc)
			rc = ms_export_json_string(b, row->reason);
		if (!rc && row->merged_into)
			rc = ms_buf_addf(b, ",\"merged_into\":%lld}",
					 (long long)row->merged_into);
		else if (!rc)
			rc = ms_buf_adds(b, ",\"merged_into\":null}");
		return rc;
	}
	if (row->body)
		rc = ms_buf_adds(b, row->body);
	else
		rc = ms_export_feed_body(row->lead_json, b);
	return rc ? rc : ms_buf_add(b, "}", 1);
}

static enum MHD_Result feed_json(struct req *r, const char *since, int lim)
{
	char next[80];
	ms_buf b;
	ms_err err;
	char *data;
	size_t len;
	int more = 0;
	ms_rc rc;

	ms_buf_init(&b, MS_SRV_MAX_EXPORT);
	if (ms_buf_adds(&b, "{\"items\":[")) {
		ms_buf_free(&b);
		return MHD_NO;
	}
	ms_err_clear(&err);
	rc = ms_store_feed_each(r->h->st, since, lim, feed_item, &b, next,
				&more, &err);
	if (!rc)
		rc = ms_buf_addf(&b, "],\"next_cursor\":\"%s\",\"has_more\":%s}",
				 next, more ? "true" : "false");
	if (rc) {
		ms_buf_free(&b);
		if (err.rc == MS_ERR_CONFLICT)
			return ms_reply_error(r, 410, "resync_required",
					      "%s", err.msg);
		if (err.rc == MS_ERR_INVALID)
			return ms_reply_error(r, 400, "invalid_cursor", "%s",
					      err.msg);
		if (!err.rc)
			ms_err_set(&err, rc, "the feed page could not be "
				   "built; use a smaller limit");
		return ms_reply_err(r, &err);
	}
	data = ms_buf_take(&b, &len);
	return ms_reply_raw(r, 200, "application/json; charset=utf-8", data,
			    len, NULL);
}

enum MHD_Result h_feed(struct req *r)
{
	int bad = 0;
	const char *since = ms_arg(r, "since", &bad);
	const char *limit = ms_arg(r, "limit", &bad);
	const char *format = ms_arg(r, "format", &bad);
	const char *profile = ms_arg(r, "profile", &bad);
	int64_t lim = MS_SRV_FEED_DEFAULT;
	ms_profile prof = MS_PROFILE_SALESFORCE;
	struct MHD_Response *resp = NULL;
	ms_feed_page page;
	ms_buf out, deleted;
	ms_err err;
	size_t i;
	json_t *it;
	ms_rc rc = MS_OK;
	char *data;
	size_t len;
	int csv;

	if (bad)
		return ms_reply_error(r, 400, "invalid_utf8",
				      "a query parameter is not valid UTF-8");
	if (limit && parse_i64(limit, 1, MS_SRV_FEED_MAX, &lim))
		return ms_reply_error(r, 400, "invalid_request",
				      "limit is a number from 1 to %d",
				      MS_SRV_FEED_MAX);
	if (format && strcmp(format, "json") && strcmp(format, "csv") &&
	    strcmp(format, "vcard"))
		return ms_reply_error(r, 400, "invalid_request",
				      "format is json, csv or vcard");
	csv = format && !strcmp(format, "csv");
	if (profile && ms_export_profile(profile, &prof))
		return ms_reply_error(r, 400, "invalid_request",
				      "profile is salesforce or hubspot");
	if (csv && !profile)
		return ms_reply_error(r, 400, "invalid_request",
				      "format=csv needs "
				      "profile=salesforce or profile=hubspot");
	if (!format || !strcmp(format, "json"))
		return feed_json(r, since, (int)lim);
	if (ms_store_feed(r->h->st, since, (int)lim, &page, &err)) {
		if (err.rc == MS_ERR_CONFLICT)
			return ms_reply_error(r, 410, "resync_required",
					      "%s", err.msg);
		if (err.rc == MS_ERR_INVALID)
			return ms_reply_error(r, 400, "invalid_cursor", "%s",
					      err.msg);
		return ms_reply_err(r, &err);
	}
	ms_buf_init(&out, MS_SRV_MAX_EXPORT);
	ms_buf_init(&deleted, 64 * 1024);
	if (csv)
		rc = ms_export_csv_header(prof, &out);
	json_array_foreach(page.items, i, it) {
		json_t *lead = json_object_get(it, "lead");

		if (rc)
			break;
		if (!lead) {
			rc = ms_buf_addf(&deleted, "%s%lld",
					 deleted.len ? "," : "",
					 (long long)json_integer_value(
						 json_object_get(it,
								 "lead_id")));
			continue;
		}
		rc = csv ? ms_export_csv_row(prof, lead, &out)
			 : ms_export_vcard(lead, &out);
	}
	json_decref(page.items);
	if (rc || !out.data) {
		if (!rc && !out.data)
			rc = ms_buf_adds(&out, "");
		if (rc) {
			ms_buf_free(&out);
			ms_buf_free(&deleted);
			return ms_reply_error(r, 500, "internal",
					      "the export did not fit in "
					      "memory; use a smaller limit");
		}
	}
	data = ms_buf_take(&out, &len);
	ms_reply_raw(r, 200,
		     csv ? "text/csv; charset=utf-8"
			 : "text/vcard; charset=utf-8",
		     data, len, &resp);
	MHD_add_response_header(resp, "X-Next-Cursor", page.next);
	MHD_add_response_header(resp, "X-Has-More", page.more ? "true"
							      : "false");
	MHD_add_response_header(resp, "X-Deleted-Leads",
				deleted.data ? deleted.data : "");
	MHD_add_response_header(resp, "Content-Disposition",
				csv ? (prof == MS_PROFILE_HUBSPOT
					       ? "attachment; filename=\"leads-hubspot.csv\""
					       : "attachment; filename=\"leads-salesforce.csv\"")
				    : "attachment; filename=\"leads.vcf\"");
	ms_buf_free(&deleted);
	return ms_queue(r, 200, resp);
}

/* ---- For routes_dd.c ------------------------------------------------- */

int64_t ms_owner_of(const struct req *r)
{
	return owner_of(r);
}

int64_t ms_if_match(struct req *r)
{
	return if_match(r);
}

enum MHD_Result ms_reply_lead(struct req *r, unsigned status, json_t *l)
{
	return reply_lead(r, status, l);
}

enum MHD_Result ms_change_err(struct req *r, const ms_err *err)
{
	return change_err(r, err);
}
