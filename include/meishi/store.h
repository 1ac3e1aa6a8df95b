/*
 * The store: every durable thing the server keeps, in one SQLite database
 * plus image files beside it in the data directory.
 *
 * Only src/store includes sqlite3.h. The database runs in WAL mode with
 * synchronous=FULL, foreign keys on and a busy timeout; its schema is
 * created and upgraded by numbered migrations (PRAGMA user_version). A
 * small pool of connections lets HTTP threads and scan workers read at
 * the same time; SQLite serialises the writers.
 *
 * Records that the HTTP layer shows to people are returned as jansson
 * objects (new references, caller decrefs). Visibility is decided here:
 * functions that take `owner` return only rows uploaded by that user when
 * owner > 0, and MS_ERR_NOTFOUND for the rest, so a rep cannot tell
 * another rep's card from a missing one.
 *
 * The export feed reads a change sequence: every change that affects an
 * approved lead writes a row in the same transaction as the change, and a
 * lead keeps only its latest row, so a client reading in sequence order
 * sees each lead once at its newest version and never misses one.
 */
#ifndef MEISHI_STORE_H
#define MEISHI_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "meishi/buf.h"
#include "meishi/err.h"
#include "meishi/limits.h"

typedef struct ms_store ms_store;

/* The schema version this build creates and expects. */
#define MS_STORE_SCHEMA_VERSION 3

/* Opens (creating if needed) DIR/meishi.db and DIR/images, runs pending
 * migrations and keeps `conns` connections (at least 1). */
ms_rc ms_store_open(const char *dir, int conns, ms_store **out,
		    ms_err *err) MS_WUR;
void ms_store_close(ms_store *st);
const char *ms_store_dir(const ms_store *st);

/* ---- Files ----------------------------------------------------------- */

/* Writes data under the data directory at rel (e.g. "images/ab/x.jpg"):
 * a temporary file, fsync, rename, fsync of the directory. An existing
 * file with that name is replaced. */
ms_rc ms_store_put_file(ms_store *st, const char *rel, const void *data,
			size_t len, ms_err *err) MS_WUR;

/* Absolute path of rel in the data directory. */
ms_rc ms_store_path(const ms_store *st, const char *rel, char *out,
		    size_t cap) MS_WUR;

/* ---- Users, sessions, tokens ---------------------------------------- */

typedef enum ms_role {
	MS_ROLE_NONE = 0,
	MS_ROLE_REP,
	MS_ROLE_ADMIN,
	MS_ROLE_INTEGRATION
} ms_role;

const char *ms_role_name(ms_role r);
ms_role ms_role_by_name(const char *s); /* MS_ROLE_NONE if unknown */

typedef struct ms_user {
	int64_t id;
	char name[MS_SRV_MAX_NAME + 1];
	ms_role role;
} ms_user;

/* MS_ERR_CONFLICT if the name is taken. */
ms_rc ms_store_user_add(ms_store *st, const char *name, ms_role role,
			const char *pwhash, int64_t *id, ms_err *err) MS_WUR;
ms_rc ms_store_user_set_password(ms_store *st, const char *name,
				 const char *pwhash, ms_err *err) MS_WUR;
/* The user and the stored password hash (pwhash may be NULL). */
ms_rc ms_store_user_get(ms_store *st, const char *name, ms_user *u,
			char *pwhash, size_t cap, ms_err *err) MS_WUR;
ms_rc ms_store_user_count(ms_store *st, ms_role role, int64_t *n,
			  ms_err *err) MS_WUR;
/* [{"id","name","role","created_at"}]. */
json_t *ms_store_user_list(ms_store *st, ms_err *err);

/* Sessions are looked up by a hash of the cookie value. */
ms_rc ms_store_session_add(ms_store *st, const uint8_t hash[32],
			   int64_t user_id, const char *csrf, int64_t ttl,
			   ms_err *err) MS_WUR;
/* MS_ERR_NOTFOUND for an unknown or expired session. csrf gets the
 * session's CSRF token (cap >= 65). */
ms_rc ms_store_session_get(ms_store *st, const uint8_t hash[32],
			   ms_user *u, char *csrf, size_t cap,
			   ms_err *err) MS_WUR;
ms_rc ms_store_session_del(ms_store *st, const uint8_t hash[32],
			   ms_err *err) MS_WUR;

/* Integration tokens, stored as hashes. MS_ERR_CONFLICT if a live token
 * has that name. */
ms_rc ms_store_token_add(ms_store *st, const char *name,
			 const uint8_t hash[32], ms_err *err) MS_WUR;
/* MS_ERR_NOTFOUND for an unknown token, MS_ERR_DENIED for a revoked one;
 * name (cap bytes) gets the token's name. */
ms_rc ms_store_token_check(ms_store *st, const uint8_t hash[32], char *name,
			   size_t cap, ms_err *err) MS_WUR;
/* MS_ERR_NOTFOUND if no live token has that name. */
ms_rc ms_store_token_revoke(ms_store *st, const char *name,
			    ms_err *err) MS_WUR;
json_t *ms_store_token_list(ms_store *st, ms_err *err);

/* ---- Cards and the job queue ----------------------------------------- */

typedef struct ms_card_in {
	const char *sha256;   /* 64 hex digits */
	int64_t uploader;
	const char *event;    /* "" for none */
	const char *mime;
	size_t bytes;
	const char *image;    /* path relative to the data directory */
} ms_card_in;

/* The card this uploader already has with these bytes: MS_OK with *id,
 * or MS_ERR_NOTFOUND. */
ms_rc ms_store_card_find(ms_store *st, int64_t uploader, const char *sha256,
			 int64_t *id, ms_err *err) MS_WUR;

/* Adds a card and its job in one transaction. If the uploader already
 * has these bytes, *existed = 1 and *id is that card. MS_ERR_BUSY when
 * queue_max jobs are already waiting. */
ms_rc ms_store_card_add(ms_store *st, const ms_card_in *in, int queue_max,
			int64_t *id, int *existed, ms_err *err) MS_WUR;

/* {"id","status","error","event","uploader","sha256","created_at",
 *  "updated_at","lead"} or NULL with err (MS_ERR_NOTFOUND). */
json_t *ms_store_card_get(ms_store *st, int64_t id, int64_t owner,
			  ms_err *err);

/* Relative paths of a card's original and crop ("" if none yet) and the
 * original's MIME type. */
ms_rc ms_store_card_files(ms_store *st, int64_t id, int64_t owner,
			  char *image, char *crop, char *mime, size_t cap,
			  ms_err *err) MS_WUR;

/* Jobs left running by a previous process go back to the queue. Returns
 * the number of jobs now waiting (or -1). */
int64_t ms_store_jobs_recover(ms_store *st, ms_err *err);
int64_t ms_store_jobs_waiting(ms_store *st);

/* Takes the oldest queued job and marks its card scanning. NOTFOUND when
 * the queue is empty. A job tried MS_SRV_JOB_ATTEMPTS times already fails
 * its card instead and the next one is taken. */
ms_rc ms_store_job_claim(ms_store *st, int64_t *card_id, char *image,
			 size_t cap, ms_err *err) MS_WUR;
/* Records a finished scan: the crop's path, the scan JSON (contact fields,
 * "confidence", "boxes"); creates the card's lead. */
ms_rc ms_store_job_done(ms_store *st, int64_t card_id, const char *crop,
			const json_t *scan, ms_err *err) MS_WUR;
ms_rc ms_store_job_fail(ms_store *st, int64_t card_id, const char *why,
			ms_err *err) MS_WUR;

/* ---- Idempotency keys -------------------------------------------------- */

/* The stored response for (user, key): MS_OK with *status, *body (caller
 * frees) and the fingerprint of the request that made it (64 hex digits,
 * "" for keys stored before fingerprints were kept), or MS_ERR_NOTFOUND. */
ms_rc ms_store_idem_get(ms_store *st, int64_t user, const char *key,
			int *status, char **body, char fingerprint[65],
			ms_err *err) MS_WUR;
ms_rc ms_store_idem_put(ms_store *st, int64_t user, const char *key,
			const char *fingerprint, int status,
			const char *body, ms_err *err) MS_WUR;

/* ---- Leads ------------------------------------------------------------ */

typedef struct ms_lead_query {
	int64_t owner;        /* > 0: only this uploader's leads (a rep) */
	const char *status;   /* new|approved|rejected or NULL */
	const char *uploader; /* user name or NULL */
	const char *event;    /* exact tag or NULL */
	const char *created_from; /* ISO 8601, inclusive, or NULL */
	const char *created_to;   /* ISO 8601, exclusive, or NULL */
	const char *q;        /* full-text query or NULL */
	int dormant_months;   /* > 0: only leads whose newest card is older
			       * than this many months (see below) */
	int64_t after;        /* page cursor: leads with id < after; 0 = top */
	int limit;
} ms_lead_query;

/* {"leads":[...], "next": id-or-null}; newest first.
 *
 * Dormant leads: a lead's cards are its own card, that card's back (a
 * card pair) and, through merges, the cards of every lead merged into it;
 * the lead is dormant when the newest of them was uploaded before now
 * minus dormant_months calendar months (SQLite's '-N months'). A lead
 * with no card at all counts from its own creation. */
json_t *ms_store_leads_list(ms_store *st, const ms_lead_query *q,
			    ms_err *err);

/* The same page as JSON text appended to out:
 * {"leads":[...],"next_cursor":"ID" or null}. Faster: SQLite builds the
 * text, with no parse and re-serialisation per lead. */
ms_rc ms_store_leads_list_text(ms_store *st, const ms_lead_query *q,
			       ms_buf *out, ms_err *err) MS_WUR;

json_t *ms_store_lead_get(ms_store *st, int64_t id, int64_t owner,
			  ms_err *err);

/* Changes the contact fields given in `fields` (keys of contact.h; values
 * strings), if the lead's version is still `version` (0: any). Writes one
 * audit row per changed field and bumps the version. MS_ERR_CONFLICT on a
 * version mismatch. *out gets the lead after the change. */
ms_rc ms_store_lead_patch(ms_store *st, int64_t id, int64_t owner,
			  int64_t actor, int64_t version, const json_t *fields,
			  json_t **out, ms_err *err) MS_WUR;

/* Sets status to "approved" or "rejected" (audited, versioned). */
ms_rc ms_store_lead_set_status(ms_store *st, int64_t id, int64_t actor,
			       int64_t version, const char *status,
			       json_t **out, ms_err *err) MS_WUR;

/* Removes a lead (into = 0) or merges it into another: it leaves the
 * review list and the feed shows a tombstone. */
ms_rc ms_store_lead_remove(ms_store *st, int64_t id, int64_t actor,
			   int64_t version, int64_t into,
			   ms_err *err) MS_WUR;

/* [{"field","from","to","user","at"}], oldest first. */
json_t *ms_store_lead_audit(ms_store *st, int64_t id, int64_t owner,
			    ms_err *err);

/* ---- Duplicates, merges, proposals (issue 4) --------------------------- */

/* {"candidates": [{"lead": {...}, "score", "outcome", "reasons"}]}: the
 * leads visible to owner (0: any) that may be the same person as lead id,
 * best first; outcome is "same_card", "changed" or "possible". A lead's
 * JSON from ms_store_lead_get also carries "cards" (ids of its cards) and
 * "merged_from" (ids of the leads merged into it). */
json_t *ms_store_lead_duplicates(ms_store *st, int64_t id, int64_t owner,
				 ms_err *err);

/* Merges lead other into survivor: fields per choices (see
 * ms_dd_merge_fields), every card of other moves to survivor, other
 * becomes a tombstone (feed: delete, reason "merged", merged_into). An
 * approved other makes a new survivor approved. version / other_version:
 * the versions the caller saw (0: any). *out: the survivor; *merge_id
 * the merge, for ms_store_merge_undo. */
ms_rc ms_store_lead_merge(ms_store *st, int64_t survivor, int64_t other,
			  int64_t actor, int64_t version,
			  int64_t other_version, const json_t *choices,
			  json_t **out, int64_t *merge_id, ms_err *err) MS_WUR;

/* Undoes a merge: {"merge_id", "survivor": lead, "other": lead}. The
 * survivor's fields the merge set go back unless edited since; the cards
 * move back; the other lead lives again with a higher version.
 * MS_ERR_CONFLICT if undone already or if a lead was merged since. */
ms_rc ms_store_merge_undo(ms_store *st, int64_t merge_id, int64_t actor,
			  json_t **out, ms_err *err) MS_WUR;

/* [{"id","kind","survivor","other","at","user","undone_at","undone_by"}]:
 * the merges a lead took part in. */
json_t *ms_store_lead_merges(ms_store *st, int64_t id, int64_t owner,
			     ms_err *err);

/* "Not a duplicate": records (who, when; audited on both leads) that
 * leads lead and other are different people. The pair then leaves
 * ms_store_lead_duplicates and the "possible_duplicates" count of the
 * lead list, and a later scan of either person does not bring it back,
 * also after merges. *out: {"id","lead","other","at","user","undone_at",
 * "undone_by"}. MS_ERR_NOTFOUND: no lead `lead`; MS_ERR_INVALID: other
 * is lead or no lead; MS_ERR_CONFLICT: dismissed already. */
ms_rc ms_store_dup_dismiss(ms_store *st, int64_t lead, int64_t other,
			   int64_t actor, json_t **out, ms_err *err) MS_WUR;

/* Undoes a dismissal: the row stays, closed with undone_at and
 * undone_by, audited on both leads; the pair may be flagged again.
 * MS_ERR_CONFLICT if undone already. */
ms_rc ms_store_dismissal_undo(ms_store *st, int64_t id, int64_t actor,
			      json_t **out, ms_err *err) MS_WUR;

/* The dismissals a lead (visible to owner; 0: any) is an end of, undone
 * ones included, oldest first; "lead" is always id. */
json_t *ms_store_lead_dismissals(ms_store *st, int64_t id, int64_t owner,
				 ms_err *err);

/* [{"id","lead_id","card_id","changes":{field:{"from","to"}},"score",
 *   "reasons","status","created_at","decided_at","decided_by"}]. */
json_t *ms_store_lead_proposals(ms_store *st, int64_t id, int64_t owner,
				ms_err *err);

/* Accepts (accept = 1) or rejects a proposal: {"proposal", "lead"}.
 * version: the lead's version the caller saw (0: any). Accepting writes
 * the changes with audit rows and a history entry. MS_ERR_CONFLICT if it
 * was decided already. */
ms_rc ms_store_proposal_decide(ms_store *st, int64_t pid, int64_t actor,
			       int accept, int64_t version, json_t **out,
			       ms_err *err) MS_WUR;

/* {"history": [{"company","department","title","from","to",
 *   "proposal_id","lead_id"}], "current": {"company","department","title",
 *   "since"}}, oldest first. */
json_t *ms_store_lead_history(ms_store *st, int64_t id, int64_t owner,
			      ms_err *err);

/* What ms_store_import did with one row. */
typedef enum ms_import_outcome {
	MS_IMPORT_ADDED = 0,
	MS_IMPORT_MATCHED, /* the same person as a stored lead: not added */
	MS_IMPORT_FLAGGED  /* added, linked to a possible duplicate */
} ms_import_outcome;

/* An import holds one connection and a lookup cache for its duration.
 * ms_store_import imports n contacts (lead fields objects) as leads of
 * the owner in one transaction, each compared with the leads stored
 * before it (earlier rows of the file included). Imported leads are
 * "approved" without a feed row: they are what the CRM already holds, and
 * reach the feed only when they change. */
typedef struct ms_store_importer ms_store_importer;
ms_rc ms_store_import_begin(ms_store *st, int64_t owner,
			    ms_store_importer **out, ms_err *err) MS_WUR;
ms_rc ms_store_import(ms_store_importer *im, json_t *const *rows, int n,
		      ms_import_outcome *result, ms_err *err) MS_WUR;
void ms_store_import_end(ms_store_importer *im);

/* ---- The export feed ---------------------------------------------------- */

/* A feed cursor is "<database id>.<sequence>". */
typedef struct ms_feed_page {
	json_t *items;      /* [{"seq","op","lead_id","version","lead"...}] */
	char next[80];      /* cursor for the next request */
	int more;           /* 1 if more items are waiting */
} ms_feed_page;

/* Reads up to limit items after `since` ("" or "0": from the start).
 * MS_ERR_INVALID for a malformed cursor; MS_ERR_CONFLICT ("resync") for
 * a cursor from another database or older than the retained history. */
ms_rc ms_store_feed(ms_store *st, const char *since, int limit,
		    ms_feed_page *page, ms_err *err) MS_WUR;

/* One feed row as text, for building the JSON feed without a parse and
 * re-serialisation per lead. body and lead_json are NULL for a
 * tombstone. Valid only during the callback. */
typedef struct ms_feed_row {
	int64_t seq, lead_id, version, merged_into; /* merged_into 0: none */
	const char *op, *reason, *changed_at;
	const char *lead_json;
	/* The item's body rendered when the change committed (see
	 * ms_store_set_feed_render), or NULL: then lead_json is set. */
	const char *body;
} ms_feed_row;

/* Renders the body of an approved lead's feed item from the lead's JSON
 * text (ms_export_feed_body). With a renderer set, every change stores
 * its body as it commits, so a feed page is read, not rebuilt; without
 * one (or for rows written before), rows carry lead_json instead. Set it
 * once, before the store is shared between threads. */
typedef ms_rc (*ms_feed_render_fn)(const char *lead_json, ms_buf *out);
void ms_store_set_feed_render(ms_store *st, ms_feed_render_fn fn);

/* Like ms_store_feed, calling fn for each row in order; a non-zero return
 * from fn stops and is returned. */
ms_rc ms_store_feed_each(ms_store *st, const char *since, int limit,
			 ms_rc (*fn)(const ms_feed_row *row, void *ud),
			 void *ud, char next[80], int *more,
			 ms_err *err) MS_WUR;

/* Deletes tombstones older than `days` and raises the oldest cursor the
 * feed can serve accordingly. Returns rows removed or -1. */
int64_t ms_store_feed_prune(ms_store *st, int days, ms_err *err);

/* ---- Maintenance ----------------------------------------------------- */

/* Inserts n synthetic leads (bench seeding), owned by `owner`, half of
 * them approved. */
ms_rc ms_store_seed(ms_store *st, int64_t owner, int64_t n,
		    ms_err *err) MS_WUR;

/* "ok" or the first problem PRAGMA integrity_check reports (cap bytes). */
ms_rc ms_store_check(ms_store *st, char *out, size_t cap,
		     ms_err *err) MS_WUR;

/* ---- For the web UI's admin pages (src/store/users_ui.c) -------------- */

/* [{"id","name","role","created_at","disabled"}], by name. */
json_t *ms_store_user_list_ui(ms_store *st, ms_err *err);
/* MS_ERR_NOTFOUND for an unknown id. */
ms_rc ms_store_user_by_id(ms_store *st, int64_t id, ms_user *u,
			  ms_err *err) MS_WUR;
/* Disables an account: its password stops working (a new password from
 * ms_store_user_set_password enables it again) and its sessions end. */
ms_rc ms_store_user_disable(ms_store *st, int64_t id, ms_err *err) MS_WUR;
/* Ends every session of a user (after a password reset). */
ms_rc ms_store_user_end_sessions(ms_store *st, int64_t id,
				 ms_err *err) MS_WUR;

/* Marks card `back` as the back side of card `front` (src/store/pairs.c).
 * Both must be visible to owner (0: any). MS_ERR_INVALID for a card
 * paired with itself or a back used as a front; MS_ERR_NOTFOUND for a
 * missing card. Pairing a back again moves it. */
ms_rc ms_store_card_pair(ms_store *st, int64_t back, int64_t front,
			 int64_t owner, ms_err *err) MS_WUR;
/* Every pair as [[front, back], ...]. */
json_t *ms_store_card_pairs(ms_store *st, ms_err *err);

/* ---- Rescans and a rep's recent cards (src/store/cards_ui.c) ------- */

/* Queues card id to be scanned again, asked by user `by`. rotate (0, 90,
 * 180 or 270 degrees clockwise) turns the card from the way its
 * flattened image shows it now and fixes that orientation for the scan;
 * -1 lets the text decide again. MS_ERR_INVALID for another angle,
 * MS_ERR_NOTFOUND for a missing card, MS_ERR_CONFLICT when the card is
 * already queued or scanning, MS_ERR_BUSY when queue_max jobs wait. */
ms_rc ms_store_card_rescan(ms_store *st, int64_t id, int rotate, int64_t by,
			   int queue_max, ms_err *err) MS_WUR;

/* For a worker that claimed card id: MS_OK when its job is a rescan,
 * with *rotation the orientation to read in (as ms_scan_result.rotation)
 * or -1 to let the text decide; MS_ERR_NOTFOUND for a first scan. */
ms_rc ms_store_job_rescan(ms_store *st, int64_t id, int *rotation,
			  ms_err *err) MS_WUR;

/* Remembers the orientation the card's crop was read in (a first scan
 * calls this before ms_store_job_done; rescans record it themselves). */
ms_rc ms_store_card_set_orientation(ms_store *st, int64_t id, int rotation,
				    ms_err *err) MS_WUR;

/* Finishes a rescan in one transaction: the card's live lead takes the
 * scan's fields (and their confidence, boxes and E.164 numbers) except
 * those a person has edited, which are kept; one audit row "rescan" (by
 * whoever asked, orientation from -> to) and one per changed field (by no
 * user); a new version; a feed change if the lead is approved; the card
 * is done with its new crop (crop "" keeps the old one) and orientation
 * ("orientation" in scan). MS_ERR_NOTFOUND, with nothing written, when
 * the card has no live lead: finish with ms_store_job_done instead. */
ms_rc ms_store_job_rescanned(ms_store *st, int64_t card, const char *crop,
			     const json_t *scan, ms_err *err) MS_WUR;

/* The cards `uploader` uploaded, newest first, failed scans included:
 * {"cards":[{"id","status","error","event","created_at","updated_at",
 * "lead":{"id","status","name","company"} or null, "back_of": card id or
 * null}], "next_cursor": "ID" or null}. after > 0: cards with id < after.
 * NULL with err on failure. */
json_t *ms_store_cards_recent(ms_store *st, int64_t uploader, int64_t after,
			      int limit, ms_err *err);

#endif /* MEISHI_STORE_H */
