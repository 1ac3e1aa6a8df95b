/*
 * The endpoints of duplicate handling (issue 4): a lead's possible
 * duplicates, its merges and their undo, "not a duplicate" dismissals
 * and their undo, update proposals from later
 * cards of the same person, and the dated history of company, department
 * and title. Visibility is the store's: a rep sees only their own leads
 * (and only their own leads as candidates); merging, undoing and deciding
 * proposals are for admins (the route table says so).
 */
#include <stdio.h>
#include <string.h>

#include "http/http_int.h"

enum MHD_Result h_lead_duplicates(struct req *r)
{
	ms_err err;
	json_t *o =
	    ms_store_lead_duplicates(r->h->st, r->id, ms_owner_of(r), &err);

	if (!o)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200, o);
}

enum MHD_Result h_lead_merges(struct req *r)
{
	ms_err err;
	json_t *a = ms_store_lead_merges(r->h->st, r->id, ms_owner_of(r), &err);

	if (!a)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200, json_pack("{s:o}", "merges", a));
}

enum MHD_Result h_merge_undo(struct req *r)
{
	json_t *out = NULL;
	ms_err err;

	if (ms_store_merge_undo(r->h->st, r->id, r->who.user.id, &out, &err))
		return ms_change_err(r, &err);
	return ms_reply_json(r, 200, out);
}

/* {"other": LEAD_ID}: lead {id} and other are different people. */
enum MHD_Result h_lead_dismiss(struct req *r)
{
	enum MHD_Result ret;
	json_t *b = ms_body_json(r, &ret), *other, *out = NULL;
	int64_t oid;
	ms_err err;
	ms_rc rc;

	if (!b)
		return ret;
	other = json_object_get(b, "other");
	oid = json_is_integer(other) ? json_integer_value(other) : 0;
	json_decref(b);
	if (oid <= 0)
		return ms_reply_error(r, 400, "invalid_request",
				      "send {\"other\": LEAD_ID}, the lead "
				      "that is not the same person");
	rc = ms_store_dup_dismiss(r->h->st, r->id, oid, r->who.user.id, &out,
				  &err);
	if (rc)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 201, json_pack("{s:o}", "dismissal", out));
}

enum MHD_Result h_lead_dismissals(struct req *r)
{
	ms_err err;
	json_t *a =
	    ms_store_lead_dismissals(r->h->st, r->id, ms_owner_of(r), &err);

	if (!a)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200, json_pack("{s:o}", "dismissals", a));
}

enum MHD_Result h_dismissal_undo(struct req *r)
{
	json_t *out = NULL;
	ms_err err;

	if (ms_store_dismissal_undo(r->h->st, r->id, r->who.user.id, &out,
				    &err))
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200, json_pack("{s:o}", "dismissal", out));
}

enum MHD_Result h_lead_proposals(struct req *r)
{
	ms_err err;
	json_t *a =
	    ms_store_lead_proposals(r->h->st, r->id, ms_owner_of(r), &err);

	if (!a)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200, json_pack("{s:o}", "proposals", a));
}

static enum MHD_Result decide(struct req *r, int accept)
{
	int64_t version = ms_if_match(r);
	json_t *out = NULL;
	ms_err err;

	if (version < 0)
		return ms_reply_error(r, 400, "invalid_request",
		                      "If-Match is the lead's ETag, e.g. "
		                      "\"3\"");
	if (ms_store_proposal_decide(r->h->st, r->id, r->who.user.id, accept,
	                             version, &out, &err))
		return ms_change_err(r, &err);
	return ms_reply_json(r, 200, out);
}

enum MHD_Result h_proposal_accept(struct req *r)
{
	return decide(r, 1);
}

enum MHD_Result h_proposal_reject(struct req *r)
{
	return decide(r, 0);
}

enum MHD_Result h_lead_history(struct req *r)
{
	ms_err err;
	json_t *o =
	    ms_store_lead_history(r->h->st, r->id, ms_owner_of(r), &err);

	if (!o)
		return ms_reply_err(r, &err);
	return ms_reply_json(r, 200, o);
}
