/*
 * Private to src/http: the request context that lives from a request's
 * first byte to its completion, the routing table entry, and the response
 * helpers the handlers in routes.c use.
 */
#ifndef MEISHI_HTTP_INT_H
#define MEISHI_HTTP_INT_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdatomic.h>
#include <stdint.h>

#include "meishi/auth.h"
#include "meishi/buf.h"
#include "meishi/http.h"
#include "meishi/limits.h"
#include "meishi/store.h"

struct ms_http {
	struct MHD_Daemon *d;
	ms_http_opts o;
	ms_store *st;
	ms_jobs *jobs;
	ms_throttle *throttle;
	char *openapi;      /* web/openapi.json, read at start */
	size_t openapi_len;
	int tls;
	unsigned port;
	atomic_size_t buffered; /* upload bytes held by requests in flight */
};

/* Who is asking. */
struct who {
	ms_role role;       /* MS_ROLE_NONE: anonymous */
	ms_user user;       /* for rep and admin */
	int via_cookie;     /* state changes then need the CSRF token */
	char csrf[MS_AUTH_SECRET_MAX];
	uint8_t session[32];
	int bad;            /* credentials sent but not valid */
	char bad_msg[MS_MAX_ERR_MSG];
};

/* Roles a route admits, as bits. */
#define R_PUBLIC 1u
#define R_REP 2u
#define R_ADMIN 4u
#define R_INTEG 8u
#define R_USER (R_REP | R_ADMIN)

enum body_kind { BODY_NONE = 0, BODY_JSON, BODY_IMAGE, BODY_MULTIPART };

struct upfile {
	char name[128];
	ms_buf data;
	char sha[65]; /* hex SHA-256 of data, set once by h_upload */
};

struct req;
typedef enum MHD_Result (*handler_fn)(struct req *r);

struct route {
	const char *method;
	const char *path;   /* {id}: a positive decimal number */
	unsigned roles;
	enum body_kind body;
	handler_fn fn;
	const char *summary;
};

struct req {
	ms_http *h;
	struct MHD_Connection *c;
	const struct route *rt;
	const char *method;
	const char *url;
	int64_t id;
	struct who who;
	enum body_kind body;
	ms_buf buf;                /* JSON or raw image body */
	char ctype[128];
	struct MHD_PostProcessor *pp;
	struct upfile files[MS_SRV_MAX_FILES];
	int nfiles;
	char event[MS_SRV_MAX_EVENT + 1];
	size_t event_len;
	size_t received;
	size_t held;               /* bytes counted in h->buffered */
	int failed;                /* a response was queued early */
	int pending;               /* an error waits for the body's end */
	int status;                /* for the access log */
	char fail_code[32];
	char fail_msg[MS_MAX_ERR_MSG];
	int fail_status;
};

extern const struct route ms_routes[];
extern const size_t ms_nroutes;

/* Responses. Each queues the response and returns MHD's result. */
enum MHD_Result ms_reply_json(struct req *r, unsigned status, json_t *body);
enum MHD_Result ms_reply_error(struct req *r, unsigned status,
			       const char *code, const char *fmt, ...)
	MS_PRINTF(4, 5);
enum MHD_Result ms_reply_err(struct req *r, const ms_err *e);
enum MHD_Result ms_reply_raw(struct req *r, unsigned status,
			     const char *ctype, char *data, size_t len,
			     struct MHD_Response **resp_out);
enum MHD_Result ms_reply_file(struct req *r, const char *rel,
			      const char *ctype);
/* Queues resp (adding the common headers) and destroys it. */
enum MHD_Result ms_queue(struct req *r, unsigned status,
			 struct MHD_Response *resp);

/* A query argument, NULL when absent; *bad set when not valid UTF-8. */
const char *ms_arg(struct req *r, const char *name, int *bad);
const char *ms_header(struct req *r, const char *name);

/* The parsed JSON body (NULL after an error reply was queued). */
json_t *ms_body_json(struct req *r, enum MHD_Result *ret);

/* Handlers (routes.c). */
enum MHD_Result h_openapi(struct req *r);
enum MHD_Result h_health(struct req *r);
enum MHD_Result h_login(struct req *r);
enum MHD_Result h_logout(struct req *r);
enum MHD_Result h_whoami(struct req *r);
enum MHD_Result h_users(struct req *r);
enum MHD_Result h_upload(struct req *r);
enum MHD_Result h_card(struct req *r);
enum MHD_Result h_card_image(struct req *r);
enum MHD_Result h_card_crop(struct req *r);
enum MHD_Result h_leads(struct req *r);
enum MHD_Result h_lead(struct req *r);
enum MHD_Result h_lead_patch(struct req *r);
enum MHD_Result h_lead_delete(struct req *r);
enum MHD_Result h_lead_audit(struct req *r);
enum MHD_Result h_lead_approve(struct req *r);
enum MHD_Result h_lead_reject(struct req *r);
enum MHD_Result h_lead_merge(struct req *r);
enum MHD_Result h_feed(struct req *r);

/* Duplicates, merges and proposals (routes_dd.c). */
enum MHD_Result h_lead_duplicates(struct req *r);
enum MHD_Result h_lead_merges(struct req *r);
enum MHD_Result h_merge_undo(struct req *r);
enum MHD_Result h_lead_dismiss(struct req *r);
enum MHD_Result h_lead_dismissals(struct req *r);
enum MHD_Result h_dismissal_undo(struct req *r);
enum MHD_Result h_lead_proposals(struct req *r);
enum MHD_Result h_proposal_accept(struct req *r);
enum MHD_Result h_proposal_reject(struct req *r);
enum MHD_Result h_lead_history(struct req *r);

/* Shared by routes.c and routes_dd.c: the caller's visibility (0: all),
 * the If-Match version (0 absent, -1 malformed), a lead with its ETag,
 * and a store error of a change (412 for a version conflict). */
int64_t ms_owner_of(const struct req *r);
int64_t ms_if_match(struct req *r);
enum MHD_Result ms_reply_lead(struct req *r, unsigned status, json_t *l);
enum MHD_Result ms_change_err(struct req *r, const ms_err *err);

/* The web UI's endpoints (routes_ui.c). */
enum MHD_Result h_review_queue(struct req *r);
enum MHD_Result h_card_pair(struct req *r);
enum MHD_Result h_leads_export(struct req *r);
enum MHD_Result h_card_rescan(struct req *r);
enum MHD_Result h_cards_recent(struct req *r);
/* Reads ?dormant_months= into q: 0, or -1 with the 400 reply queued
 * and its result in *ret. */
int ms_dormant_arg(struct req *r, ms_lead_query *q, enum MHD_Result *ret);
enum MHD_Result h_users_list(struct req *r);
enum MHD_Result h_user_add(struct req *r);
enum MHD_Result h_user_password(struct req *r);
enum MHD_Result h_user_disable(struct req *r);
enum MHD_Result h_tokens(struct req *r);
enum MHD_Result h_token_create(struct req *r);
enum MHD_Result h_token_revoke(struct req *r);

/* Static files of the web UI (static.c): whether a request is for one,
 * and serving it. */
int ms_static_wants(const char *method, const char *url);
enum MHD_Result ms_static(struct req *r);

#endif /* MEISHI_HTTP_INT_H */
