/*
 * Duplicate handling at the level of whole leads, on top of the matching
 * core in meishi/dedupe.h: ranking the candidates a key lookup found, the
 * fields of a merge chosen side by side, the front and back of one card
 * combined, and the changes a "same person, something changed" match
 * proposes.
 *
 * Leads are handled here as their JSON "fields" objects (the keys of
 * contact.h plus company_en and title_en, all strings, and optionally
 * "e164"), the form the store keeps. Everything is pure: no I/O, no global
 * state; results are new references the caller decrefs.
 */
#ifndef MEISHI_DD_LEAD_H
#define MEISHI_DD_LEAD_H

#include <jansson.h>
#include <stdint.h>

#include "meishi/dedupe.h"
#include "meishi/err.h"
#include "meishi/limits.h"

/* The keys of a lead's fields: the fifteen of contact.h, then
 * "company_en" and "title_en" (the English company and title read off
 * the back of a card). */
#define MS_DD_LEAD_NKEYS (MS_F_COUNT + 2)
extern const char *const ms_dd_lead_keys[MS_DD_LEAD_NKEYS];

/* 1 if k is one of ms_dd_lead_keys. */
int ms_dd_is_lead_key(const char *k);

/* ---- Ranking candidates ------------------------------------------------ */

typedef struct ms_dd_cand {
	int64_t lead;
	int weight;
	int32_t slot; /* its slot in the ranker's table */
	unsigned char fam[MS_DD_KEY_FAMILIES]; /* best weight per family */
	/* 1 if it shares a key that is not the name again: an email or its
	 * neighbours, a mobile, a main line, company + name, or an email
	 * name with a digit in it (t.yamada07). A name's text, reading and
	 * romanised form, and an email name made of letters only
	 * (taro.yamada at another domain), are all the name. */
	unsigned char other;
} ms_dd_cand;

/* Open addressing over candidate slots; a power of two, at least twice
 * MS_DD_MAX_CANDIDATES. */
#define MS_DD_RANK_SLOTS (4 * MS_DD_MAX_CANDIDATES)

/* Collects postings (a lead sharing one key of the new contact) and ranks
 * the leads as ms_dd_key_weight() describes. About 160 KB: allocate it. */
typedef struct ms_dd_ranker {
	int n;
	ms_dd_cand c[MS_DD_MAX_CANDIDATES];
	int32_t slot[MS_DD_RANK_SLOTS]; /* index + 1 into c, 0: empty */
} ms_dd_ranker;

/* Clears a ranker: the whole table once (init), then only the slots the
 * last lookup used (reset, called by ms_dd_rank_sort), so that a lookup
 * costs what it touches. */
void ms_dd_rank_init(ms_dd_ranker *r);

/* One posting: `lead` shares key k. cut = 1 if more leads share the key
 * than a lookup reads (ms_dd_key_postings): such a key is ignored
 * (meishi/dedupe.h says why), so a lookup need not pass its leads. Leads past
 * MS_DD_MAX_CANDIDATES are dropped; unknown kinds ignored. */
void ms_dd_rank_add(ms_dd_ranker *r, const ms_dd_key *k, int64_t lead,
		    int cut);

/* Sorts the candidates, heaviest first (ties: the newer, higher id
 * first), moves the ones worth scoring to the front, in that order, and
 * returns how many they are: at most max. Not worth scoring:
 *   - a candidate that shares one main line and nothing else: a
 *     colleague (the matcher never links on that alone);
 *   - past the first MS_DD_MAX_NAME_ONLY, a candidate that shares nothing
 *     but the name, or a name one character off (cand.other is 0): where
 *     a name is common, its namesakes would fill every slot, and their
 *     number grows with the number of leads. A name one character off
 *     and nothing else is still scored within that quota: it is all an
 *     OCR error in the name and in the email's domain leaves.
 * The order of the candidates from the returned count on is unspecified. */
int ms_dd_rank_sort(ms_dd_ranker *r, int max);

/* ---- Merging two leads ------------------------------------------------- */

/* The fields of `self` after merging `other` into it. choices maps a field
 * key to "self" or "other"; a field without a choice keeps self's value,
 * or takes other's when self's is empty. The e164 form of phone, fax and
 * mobile follows the side its field came from. MS_ERR_INVALID (err says
 * which) for a key that is not a lead field or a value other than "self"
 * or "other". */
ms_rc ms_dd_merge_fields(const json_t *self, const json_t *other,
                         const json_t *choices, json_t **out,
                         ms_err *err) MS_WUR;

/* The fields of one lead made from the front and the back of one card:
 * the front's fields, with name_latin from the back (its name_latin, or
 * its name when that is in Latin script), the back's company and title
 * kept as company_en and title_en when they are in Latin script, and
 * every field the front lacks filled from the back. NULL on
 * out-of-memory. */
json_t *ms_dd_front_back(const json_t *front, const json_t *back);

/* ---- Proposals ----------------------------------------------------------- */

/* What a new card of the same person proposes to change in the lead:
 * {"title": {"from": lead's, "to": card's}, ...} for every field whose bit
 * is set in `changed` (ms_dd_match.changed) and whose value on the card
 * is not empty. Names are never proposed (a misread name is no change).
 * An empty object if nothing is left; NULL on out-of-memory. */
json_t *ms_dd_proposal(const json_t *lead, const json_t *card,
                       unsigned changed);

/* ---- Contacts from lead fields ----------------------------------------- */

/* The contact a lead's fields hold (missing keys empty, e164 forms
 * copied), normalised for matching. */
void ms_dd_norm_fields(const json_t *fields, ms_dd_norm *out);

/* The name the duplicates API gives an outcome: "same_card", "changed",
 * "possible" or "new". */
const char *ms_dd_outcome_api(ms_dd_outcome o);

#endif /* MEISHI_DD_LEAD_H */
