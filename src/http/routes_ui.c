/*
 * Endpoints the web UI needs beyond the core review API: the review queue
 * (oldest first, with the count left), an export of a filtered lead list
 * as Salesforce CSV, HubSpot CSV or vCard, and the admin pages' user and
 * integration-token management over HTTP.
 *
 * These handlers only compose store and export functions; the routing
 * table in server.c admits the roles.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http_int.h"
#include "meishi/export.h"
#include "meishi/jobs.h"

static int num_arg(const char *s, int64_t lo, int64_t hi, int64_t *out)
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

int ms_dormant_arg(struct req *r, ms_lead_query *q, enum MHD_Result *ret)
{
	int bad = 0;
	const char *v = ms_arg(r, "dormant_months", &bad);
	int64_t n = 0;

	if (!v || !*v)
		return 0;
	if (bad || num_arg(v, 1, MS_UI_MAX_DORMANT_MONTHS, &n)) {
		*ret = ms_reply_error(r, 400, "invalid_request",
				      "dormant_months is a number from 1 to %d",
				      MS_UI_MAX_DORMANT_MONTHS);
		return -1;
	}
	q->dormant_months = (int)n;
	return 0;
}

/* Walks every lead matching q (newest first), page by page, calling fn
 * for each; stops after max leads. */
static ms_rc each_lead(ms_store *st, ms_lead_query *q, int64_t max,
		       ms_rc (*fn)(json_t *lead, void *ctx), void *ctx,
		       ms_err *err)
{
	int64_t seen = 0;
	ms_rc rc = MS_OK;

	q->after = 0;
	q->limit = MS_SRV_PAGE_MAX;
	for (;;) {
		json_t *res = ms_store_leads_list(st, q, err), *arr, *l;
		json_t *next;
		size_t i;

		if (!res)
			return err->rc ? err->rc : MS_ERR_NOMEM;
		arr = json_object_get(res, "leads");
		json_array_foreach(arr, i, l) {
			if (seen++ >= max)
				break;
			if ((rc = fn(l, ctx)))
				break;
		}
		next = json_object_get(res, "next");
		q->after = json_is_integer(next) ? json_integer_value(next)
						 : 0;
		json_decref(res);
		if (rc || !q->after || seen >= max)
			return rc;
	}
}

/* ---- The review queue -------------------------------------------------- */

static ms_rc collect(json_t *lead, void *ctx)
{
	return json_array_append(ctx, lead) ? MS_ERR_NOMEM : MS_OK;
}

/* The queue shows a card's back beside its front, not as a card of its
 * own: backs maps a front card id to its back, is_back the other way. */
static void pair_maps(ms_store *st, json_t *backs, json_t *is_back)
{
	ms_err err;
	json_t *pairs = ms_store_card_pairs(st, &err), *p;
	char k[32];
	size_t i;

	json_array_foreach(pairs, i, p) {
		json_int_t f = json_integer_value(json_array_get(p, 0));
		json_int_t b = json_integer_value(json_array_get(p, 1));

		snprintf(k, sizeof(k), "%lld", (long long)f);
		json_object_set_new(backs, k, json_integer(b));
		snprintf(k, sizeof(k), "%lld", (long long)b);
		json_object_set_new(is_back, k, json_true());
	}
	json_decref(pairs);
}

enum MHD_Result h_review_queue(struct req *r)
{
	ms_lead_query q;
	json_t *all = json_array(), *out, *backs, *is_back, *l;
	char k[32];
	size_t j;
	int64_t lim = MS_SRV_PAGE_DEFAULT;
	int bad = 0;
	const char *limit = ms_arg(r, "limit", &bad);
	size_t n, i;
	ms_err err;

	if (!all)
		return MHD_NO;
	if (limit && num_arg(limit, 1, MS_SRV_PAGE_MAX, &lim)) {
		json_decref(all);
		return ms_reply_error(r, 400, "invalid_request",
				      "limit is a number from 1 to %d",
				      MS_SRV_PAGE_MAX);
	}
	memset(&q, 0, sizeof(q));
	q.status = "new";
	if (each_lead(r->h->st, &q, MS_UI_QUEUE_SCAN_MAX, collect, all,
		      &err)) {
		json_decref(all);
		return ms_reply_err(r, &err);
	}
	/* Backs leave the queue; fronts carry back_card_id. */
	backs = json_object();
	is_back = json_object();
	if (backs && is_back)
		pair_maps(r->h->st, backs, is_back);
	for (j = json_array_size(all); j-- > 0;) {
		l = json_array_get(all, j);
		snprintf(k, sizeof(k), "%lld",
			 (long long)json_integer_value(
				 json_object_get(l, "card_id")));
		if (json_object_get(is_back, k))
			json_array_remove(all, j);
		else if (json_object_get(backs, k))
			json_object_set(l, "back_card_id",
					json_object_get(backs, k));
	}
	json_decref(backs);
	json_decref(is_back);
	/* The list comes newest first; the queue is oldest first. */
	n = json_array_size(all);
	out = json_array();
	for (i = 0; out && i < n && (int64_t)i < lim; i++)
		json_array_append(out, json_array_get(all, n - 1 - i));
	json_decref(all);
	return ms_reply_json(
		r, 200,
		json_pack("{s:I, s:I, s:o}", "count", (json_int_t)n,
			  "scanning",
			  (json_int_t)ms_store_jobs_waiting(r->h->st),
			  "leads", out ? out : json_array()));
}

/* ---- Export of a filtered list ----------------------------------------- */

struct exp {
	int vcard;
	ms_profile prof;
	ms_buf out;
};

static ms_rc export_one(json_t *lead, void *ctx)
{
	struct exp *x = ctx;

	return x->vcard ? ms_export_vcard(lead, &x->out)
			: ms_export_csv_row(x->prof, lead, &x->out);
}

enum MHD_Result h_leads_export(struct req *r)
{
	ms_lead_query q;
	struct exp x;
	int bad = 0;
	const char *format = ms_arg(r, "format", &bad);
	const char *profile = ms_arg(r, "profile", &bad);
	struct MHD_Response *resp = NULL;
	enum MHD_Result ret;
	ms_err err;
	ms_rc rc = MS_OK;
	char *data;
	size_t len;

	memset(&q, 0, sizeof(q));
	memset(&x, 0, sizeof(x));
	q.status = ms_arg(r, "status", &bad);
	q.uploader = ms_arg(r, "uploader", &bad);
	q.event = ms_arg(r, "event", &bad);
	q.created_from = ms_arg(r, "created_from", &bad);
	q.created_to = ms_arg(r, "created_to", &bad);
	q.q = ms_arg(r, "q", &bad);
	if (bad)
		return ms_reply_error(r, 400, "invalid_utf8",
				      "a query parameter is not valid UTF-8");
	if (ms_dormant_arg(r, &q, &ret))
		return ret;
	if (q.status && !*q.status)
		q.status = NULL;
	if (q.status && strcmp(q.status, "new") &&
	    strcmp(q.status, "approved") && strcmp(q.status, "rejected"))
		return ms_reply_error(r, 400, "invalid_request",
				      "status is new, approved or rejected");
	if (q.q && strlen(q.q) > MS_SRV_MAX_QUERY)
		return ms_reply_error(r, 400, "invalid_request",
				      "q is longer than %d bytes",
				      MS_SRV_MAX_QUERY);
	if (!format || (strcmp(format, "csv") && strcmp(format, "vcard")))
		return ms_reply_error(r, 400, "invalid_request",
				      "format is csv or vcard");
	x.vcard = !strcmp(format, "vcard");
	if (!x.vcard && (!profile || ms_export_profile(profile, &x.prof)))
		return ms_reply_error(r, 400, "invalid_request",
				      "format=csv needs profile=salesforce "
				      "or profile=hubspot");
	ms_buf_init(&x.out, MS_SRV_MAX_EXPORT);
	if (!x.vcard)
		rc = ms_export_csv_header(x.prof, &x.out);
	if (!rc)
		rc = each_lead(r->h->st, &q, INT64_MAX, export_one, &x, &err);
	if (!rc && !x.out.data)
		rc = ms_buf_adds(&x.out, "");
	if (rc) {
		ms_buf_free(&x.out);
		if (rc == MS_ERR_INVALID || rc == MS_ERR_NOTFOUND)
			return ms_reply_err(r, &err);
		return ms_reply_error(r, 413, "too_big",
				      "the export is over %u bytes; narrow "
				      "the filter", MS_SRV_MAX_EXPORT);
	}
	data = ms_buf_take(&x.out, &len);
	ms_reply_raw(r, 200,
		     x.vcard ? "text/vcard; charset=utf-8"
			     : "text/csv; charset=utf-8",
		     data, len, &resp);
	MHD_add_response_header(
		resp, "Content-Disposition",
		x.vcard ? "attachment; filename=\"leads.vcf\""
		: x.prof == MS_PROFILE_HUBSPOT
			? "attachment; filename=\"leads-hubspot.csv\""
			: "attachment; filename=\"leads-salesforce.csv\"");
	return ms_queue(r, 200, resp);
}

/* ---- Front and back -------------------------------------------------------- */

enum MHD_Result h_card_pair(struct req *r)
{
	enum MHD_Result ret;
	json_t *b = ms_body_json(r, &ret);
	json_int_t front;
	ms_err err;

	if (!b)
		return ret;
	front = json_integer_value(json_object_get(b, "front"));
	json_decref(b);
	if (front <= 0)
		return ms_reply_error(r, 400, "invalid_request",
				      "send {\"front\": CARD_ID}: this card "
				      "becomes that card's back");
	if (ms_store_card_pair(r->h->st, r->id, front,
			       r->who.role == MS_ROLE_ADMIN
				       ? 0
				       : r->who.user.id,
			       &err))
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200,
			     json_pack("{s:I, s:I}", "front", front, "back",
				       (json_int_t)r->id));
}

/* ---- Scanning a card again, a rep's recent cards ------------------------ */

enum MHD_Result h_card_rescan(struct req *r)
{
	enum MHD_Result ret;
	json_t *b = ms_body_json(r, &ret), *rot, *card;
	int rotate = -1;
	ms_err err;
	ms_rc rc;

	if (!b)
		return ret;
	rot = json_object_get(b, "rotate");
	if (rot && !json_is_null(rot) && !json_is_integer(rot)) {
		json_decref(b);
		return ms_reply_error(r, 400, "invalid_request",
				      "send {\"rotate\": 0, 90, 180 or 270} "
				      "(degrees clockwise from the card as "
				      "shown) or {} to let the text decide");
	}
	if (json_is_integer(rot)) {
		json_int_t v = json_integer_value(rot);

		rotate =
		    v == 0 || v == 90 || v == 180 || v == 270 ? (int)v : -2;
	}
	json_decref(b);
	if (rotate == -2)
		return ms_reply_error(r, 400, "invalid_request",
				      "rotate is 0, 90, 180 or 270 (degrees "
				      "clockwise)");
	rc = ms_store_card_rescan(r->h->st, r->id, rotate, r->who.user.id,
				  r->h->o.queue_max, &err);
	if (rc == MS_ERR_BUSY) {
		struct MHD_Response *resp = NULL;
		char secs[16];
		json_t *o = json_pack("{s:{s:s, s:s}}", "error", "code",
				      "queue_full", "message", err.msg);
		char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;

		json_decref(o);
		if (!s)
			return MHD_NO;
		ms_reply_raw(r, 503, "application/json; charset=utf-8", s,
			     strlen(s), &resp);
		snprintf(secs, sizeof(secs), "%d", MS_SRV_RETRY_AFTER);
		MHD_add_response_header(resp, "Retry-After", secs);
		return ms_queue(r, 503, resp);
	}
	if (rc)
		return ms_reply_err(r, &err);
	ms_jobs_kick(r->h->jobs);
	card = ms_store_card_get(r->h->st, r->id, 0, &err);
	if (!card)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 202, card);
}

enum MHD_Result h_cards_recent(struct req *r)
{
	int bad = 0;
	const char *limit = ms_arg(r, "limit", &bad);
	const char *cursor = ms_arg(r, "cursor", &bad);
	int64_t lim = MS_UI_RECENT_DEFAULT, after = 0;
	json_t *o;
	ms_err err;

	if (limit && num_arg(limit, 1, MS_SRV_PAGE_MAX, &lim))
		return ms_reply_error(r, 400, "invalid_request",
				      "limit is a number from 1 to %d",
				      MS_SRV_PAGE_MAX);
	if (cursor && num_arg(cursor, 1, INT64_MAX / 2, &after))
		return ms_reply_error(r, 400, "invalid_request",
				      "cursor is the next_cursor of a "
				      "previous page");
	o = ms_store_cards_recent(r->h->st, r->who.user.id, after, (int)lim,
				  &err);
	if (!o)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200, o);
}

/* ---- Users --------------------------------------------------------------- */

enum MHD_Result h_users_list(struct req *r)
{
	ms_err err;
	json_t *a = ms_store_user_list_ui(r->h->st, &err);

	if (!a)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200, json_pack("{s:o}", "users", a));
}

static enum MHD_Result bad_password(struct req *r)
{
	return ms_reply_error(r, 400, "invalid_request",
			      "the password has %d to %d bytes",
			      MS_UI_MIN_PASSWORD, MS_SRV_MAX_PASSWORD);
}

static int password_ok(const char *pw)
{
	size_t n = pw ? strlen(pw) : 0;

	return n >= MS_UI_MIN_PASSWORD && n <= MS_SRV_MAX_PASSWORD;
}

enum MHD_Result h_user_add(struct req *r)
{
	enum MHD_Result ret;
	json_t *b = ms_body_json(r, &ret), *o;
	const char *name, *pw, *role;
	char hash[MS_AUTH_HASH_MAX];
	ms_role ro;
	int64_t id;
	ms_err err;
	ms_rc rc;

	if (!b)
		return ret;
	name = json_string_value(json_object_get(b, "username"));
	pw = json_string_value(json_object_get(b, "password"));
	role = json_string_value(json_object_get(b, "role"));
	ro = role ? ms_role_by_name(role) : MS_ROLE_NONE;
	if (!name || !ms_auth_valid_name(name)) {
		json_decref(b);
		return ms_reply_error(r, 400, "invalid_request",
				      "username has 1 to %d of A-Z a-z 0-9 "
				      ". _ @ -", MS_SRV_MAX_NAME);
	}
	if (ro != MS_ROLE_REP && ro != MS_ROLE_ADMIN) {
		json_decref(b);
		return ms_reply_error(r, 400, "invalid_request",
				      "role is rep or admin");
	}
	if (!password_ok(pw)) {
		json_decref(b);
		return bad_password(r);
	}
	rc = ms_auth_hash_password(pw, hash, &err);
	if (!rc)
		rc = ms_store_user_add(r->h->st, name, ro, hash, &id, &err);
	if (rc) {
		ret = rc == MS_ERR_CONFLICT
			      ? ms_reply_error(r, 409, "conflict",
					       "a user named '%s' exists", name)
			      : ms_reply_err(r, &err);
		json_decref(b); /* name points into b */
		return ret;
	}
	o = json_pack("{s:{s:I, s:s, s:s, s:b}}", "user", "id",
		      (json_int_t)id, "name", name, "role", ms_role_name(ro),
		      "disabled", 0);
	json_decref(b);
	return ms_reply_json(r, 201, o);
}

enum MHD_Result h_user_password(struct req *r)
{
	enum MHD_Result ret;
	json_t *b = ms_body_json(r, &ret);
	const char *pw;
	char hash[MS_AUTH_HASH_MAX];
	ms_user u;
	ms_err err;
	ms_rc rc;

	if (!b)
		return ret;
	pw = json_string_value(json_object_get(b, "password"));
	if (!password_ok(pw)) {
		json_decref(b);
		return bad_password(r);
	}
	rc = ms_store_user_by_id(r->h->st, r->id, &u, &err);
	if (!rc)
		rc = ms_auth_hash_password(pw, hash, &err);
	json_decref(b);
	if (!rc)
		rc = ms_store_user_set_password(r->h->st, u.name, hash, &err);
	if (!rc && u.id != r->who.user.id)
		rc = ms_store_user_end_sessions(r->h->st, u.id, &err);
	if (rc)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200,
			     json_pack("{s:{s:I, s:s, s:s, s:b}}", "user",
				       "id", (json_int_t)u.id, "name", u.name,
				       "role", ms_role_name(u.role),
				       "disabled", 0));
}

enum MHD_Result h_user_disable(struct req *r)
{
	ms_user u;
	ms_err err;

	if (ms_store_user_by_id(r->h->st, r->id, &u, &err))
		return ms_reply_err(r, &err);
	if (u.id == r->who.user.id)
		return ms_reply_error(r, 409, "conflict",
				      "you cannot disable your own account");
	if (ms_store_user_disable(r->h->st, u.id, &err))
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200,
			     json_pack("{s:{s:I, s:s, s:s, s:b}}", "user",
				       "id", (json_int_t)u.id, "name", u.name,
				       "role", ms_role_name(u.role),
				       "disabled", 1));
}

/* ---- Integration tokens -------------------------------------------------- */

enum MHD_Result h_tokens(struct req *r)
{
	ms_err err;
	json_t *a = ms_store_token_list(r->h->st, &err);

	if (!a)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200, json_pack("{s:o}", "tokens", a));
}

enum MHD_Result h_token_create(struct req *r)
{
	enum MHD_Result ret;
	json_t *b = ms_body_json(r, &ret), *o;
	const char *name;
	char tok[MS_AUTH_SECRET_MAX];
	uint8_t dig[32];
	ms_err err;
	ms_rc rc;

	if (!b)
		return ret;
	name = json_string_value(json_object_get(b, "name"));
	if (!name || !ms_auth_valid_name(name)) {
		json_decref(b);
		return ms_reply_error(r, 400, "invalid_request",
				      "name has 1 to %d of A-Z a-z 0-9 . _ "
				      "@ -", MS_SRV_MAX_NAME);
	}
	ms_auth_secret("mst_", tok);
	ms_auth_digest(tok, dig);
	rc = ms_store_token_add(r->h->st, name, dig, &err);
	if (rc) {
		ret = rc == MS_ERR_CONFLICT
			      ? ms_reply_error(r, 409, "conflict",
					       "a live token is named '%s'",
					       name)
			      : ms_reply_err(r, &err);
		json_decref(b); /* name points into b */
		return ret;
	}
	o = json_pack("{s:s, s:s}", "name", name, "token", tok);
	json_decref(b);
	return ms_reply_json(r, 201, o);
}

enum MHD_Result h_token_revoke(struct req *r)
{
	ms_err err;
	json_t *a = ms_store_token_list(r->h->st, &err), *t;
	char name[MS_SRV_MAX_NAME + 1] = "";
	size_t i;

	if (!a)
		return ms_reply_err(r, &err);
	json_array_foreach(a, i, t) {
		if (json_integer_value(json_object_get(t, "id")) == r->id &&
		    json_is_null(json_object_get(t, "revoked_at")))
			snprintf(name, sizeof(name), "%s",
				 json_string_value(json_object_get(t,
								   "name")));
	}
	json_decref(a);
	if (!name[0])
		return ms_reply_error(r, 404, "not_found",
				      "no live token has id %lld",
				      (long long)r->id);
	if (ms_store_token_revoke(r->h->st, name, &err))
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200,
			     json_pack("{s:I, s:s, s:b}", "id",
				       (json_int_t)r->id, "name", name,
				       "revoked", 1));
}
