/*
 * Duplicate detection: normalised match keys, blocking keys for an indexed
 * candidate lookup, and the pairwise decision between a new contact and
 * one stored lead.
 *
 * The flow the store and the jobs stage follow for a new contact:
 *   1. ms_dd_norm_contact() turns it into normalised forms (once);
 *   2. ms_dd_keys() lists its blocking keys, (kind, key) strings; the store
 *      keeps the same keys for every lead in an indexed table (kind, key,
 *      lead_id) and looks each one up by equality, reading at most
 *      MS_DD_MAX_POSTINGS leads per key and MS_DD_MAX_CANDIDATES in all, so
 *      the cost of a lookup does not grow with the number of leads;
 *   3. ms_dd_match() scores each candidate and decides one of the four
 *      outcomes, with reasons a person can read.
 *
 * Everything here is pure: no I/O, no global state, thread-safe. It uses
 * only util (NFKC through utf8proc) and the contact record.
 */
#ifndef MEISHI_DEDUPE_H
#define MEISHI_DEDUPE_H

#include <stddef.h>
#include <stdint.h>

#include "meishi/contact.h"
#include "meishi/err.h"
#include "meishi/limits.h"

/* ---- Normalisers ------------------------------------------------------ */

/* Email: trimmed, NFKC, case-folded, "mailto:" dropped. Fails with
 * MS_ERR_INVALID unless it has one '@' with text on both sides. */
ms_rc ms_dd_email(const char *in, char *out, size_t cap) MS_WUR;

/* 1 if the (normalised) email is a role or shared address such as info@,
 * sales@ or eigyo@, which never identifies a person on its own. */
int ms_dd_email_is_role(const char *email);

/* A printed number in E.164 ("+81312345678"). Numbers printed with + keep
 * their country code; a national number starting with 0 is Japanese
 * (+81); 10 digits not starting with 0, or 11 starting with 1, are North
 * American (+1). MS_ERR_INVALID if it is not a plausible number. */
ms_rc ms_dd_phone(const char *in, char *out, size_t cap) MS_WUR;

/* 1 if an E.164 number is a mobile number (Japan 070/080/090). */
int ms_dd_phone_is_mobile(const char *e164);

/* Text key: NFKC, case-folded, every space and punctuation mark removed. */
ms_rc ms_dd_text_key(const char *in, char *out, size_t cap) MS_WUR;

/* Kana key: NFKC, katakana folded to hiragana, spaces removed. */
ms_rc ms_dd_kana_key(const char *in, char *out, size_t cap) MS_WUR;

/* Romanises kana (hiragana or katakana) to Hepburn after NFKC and case
 * folding: ms_kana_romanise (meishi/text.h) with ー repeating the vowel,
 * spaces kept as word breaks and other characters copied lower-cased. */
ms_rc ms_dd_romanise(const char *in, char *out, size_t cap) MS_WUR;

/* A loose romanised form for matching: lower-case letters only, with
 * Hepburn and Kunrei spellings and long vowels folded together
 * ("Satoh", "Satou", "Sato" -> "sato"; "Shinji" / "Sinzi" -> "sinzi"). */
void ms_dd_latin_fold(const char *in, char *out, size_t cap);

/* Company key: legal forms removed in any position and spelling
 * (株式会社, (株), ㈱, 有限会社, Inc., Co., Ltd., K.K., GmbH, LLC ...), then
 * a text key. "株式会社サンプル" and "サンプル(株)" -> "サンプル";
 * "Sample, Inc." -> "sample". */
ms_rc ms_dd_company_key(const char *in, char *out, size_t cap) MS_WUR;

/* Code-point Levenshtein distance between two UTF-8 strings, bounded:
 * returns max + 1 as soon as the distance is known to exceed max. Strings
 * longer than MS_DD_MAX_CPS code points are compared on their first
 * MS_DD_MAX_CPS. */
int ms_dd_distance(const char *a, const char *b, int max);

/* ---- Normalised contact ----------------------------------------------- */

typedef struct ms_dd_norm {
	char name[MS_MAX_FIELD_BYTES];    /* text key of the name */
	char family[MS_MAX_FIELD_BYTES];  /* text key of family_name */
	char reading[MS_MAX_FIELD_BYTES]; /* hiragana, no spaces */
	/* Loose romanised full name, both orders ("tarouyamada" folded to
	 * "taroyamada" and "yamadataro"); "" where unknown. */
	char latin[2][MS_MAX_FIELD_BYTES];
	char company[MS_MAX_FIELD_BYTES];   /* company key */
	char company_rd[MS_MAX_FIELD_BYTES]; /* company reading, hiragana */
	char department[MS_MAX_FIELD_BYTES];
	char title[MS_MAX_FIELD_BYTES];
	char email[MS_MAX_FIELD_BYTES];
	int email_role;
	char phone[32], fax[32], mobile[32]; /* E.164 or "" */
	char postal[16];                     /* digits only */
	char address[MS_MAX_FIELD_BYTES];
	char url[MS_MAX_FIELD_BYTES]; /* host, no scheme or www. */
} ms_dd_norm;

/* Normalises every field of c. company_reading is the company's reading
 * in kana when the caller knows it (the extractor's MeCab gives it), so
 * that a kanji and a katakana spelling of one company match; NULL or "" if
 * unknown. Fields that do not normalise (bad UTF-8, an email without @)
 * are left empty. Never fails. */
void ms_dd_norm_contact(const ms_contact *c, const char *company_reading,
			ms_dd_norm *out);

/* ---- Blocking keys ---------------------------------------------------- */

/* Kinds, in order of strength (strongest first):
 *   email   a personal (non-role) email
 *   loc     its local part alone, 5 characters or more (the same handle
 *           at a new company's domain)
 *   mobile  a mobile number
 *   name    the name's text key
 *   read    the kana reading
 *   lat     the loose romanised name (each order of family/given)
 *   phone   a phone number that is not a mobile (a main line: weak)
 *   cname   company key + "|" + the first two characters of the name
 *   name~, read~, lat~, email~
 *           deletion neighbourhood: the value with one character deleted
 *           (every position) -- two values within edit distance 1 always
 *           share one of these keys, so one OCR error still finds the lead
 *   emp, ems
 *           the first and the last 4 characters of a personal email's
 *           local part + "@" + domain: two OCR errors that fall in one half
 *           of the local part still leave the other half as a key
 * Keys are NUL-terminated UTF-8; the store indexes (kind, key, lead_id) and
 * looks up by equality. */
typedef struct ms_dd_key {
	char kind[8];
	char key[MS_DD_MAX_KEY_BYTES];
} ms_dd_key;

typedef struct ms_dd_keys {
	int n;
	ms_dd_key k[MS_DD_MAX_KEYS];
} ms_dd_keys;

/* Ranking candidates before scoring. Each kind has a weight (10 for email
 * and mobile, down to 1 for a main line or a deletion key; 0 if unknown)
 * and a family (0 email, 1 mobile, 2 name, 3 reading, 4 romanised name,
 * 5 phone, 6 company + name; -1 if unknown). A candidate's rank is the sum
 * over families of the largest weight among the keys it shares in that
 * family -- so a namesake sharing twenty deletion keys of one name counts
 * once. A key whose posting list was cut (ms_dd_key_postings) counts for
 * nothing: the newest leads of a key that many share are an arbitrary
 * sample of them, and reading them would make a lookup's work grow with
 * the number of leads. The ranker (meishi/dd_lead.h) decides which of the
 * best MS_DD_MAX_SCORED candidates the store scores in full. */
int ms_dd_key_weight(const char *kind);
int ms_dd_key_family(const char *kind);

/* How many leads a lookup reads for a key of this kind, newest first:
 * MS_DD_MAX_NEAR_POSTINGS for the one-deletion keys of a name (name~,
 * read~, lat~), MS_DD_MAX_POSTINGS for the others. A key shared by more
 * leads than that is cut: the ranker ignores it. */
int ms_dd_key_postings(const char *kind);
#define MS_DD_KEY_FAMILIES 7

/* Lists the blocking keys of a normalised contact, without repeats.
 * Never fails; keys past MS_DD_MAX_KEYS are dropped (weakest last). */
void ms_dd_keys_of(const ms_dd_norm *n, ms_dd_keys *out);

/* ---- Matching --------------------------------------------------------- */

typedef enum ms_dd_outcome {
	MS_DD_NEW = 0,      /* a different person: make a new lead */
	MS_DD_POSSIBLE,     /* possible duplicate: flag with score and reasons */
	MS_DD_CHANGED,      /* same person, fields changed: propose an update */
	MS_DD_SAME_CARD     /* same person, same fields: attach the card */
} ms_dd_outcome;

/* "new", "possible_duplicate", "same_person_changed", "same_card". */
const char *ms_dd_outcome_name(ms_dd_outcome o);

typedef struct ms_dd_match {
	double score;          /* 0..1: how sure we are it is one person */
	ms_dd_outcome outcome;
	unsigned changed;      /* bit f (ms_field): differs from the lead */
	int nreasons;
	char reasons[MS_DD_MAX_REASONS][MS_DD_MAX_REASON_BYTES];
} ms_dd_match;

/* Compares a new contact (a) with a stored lead (b). Never fails. */
void ms_dd_match_pair(const ms_dd_norm *a, const ms_dd_norm *b,
		      ms_dd_match *out);

/* The same, knowing how many stored leads share a's name: the largest
 * posting-list length among a's "name", "read" and "lat" keys, which the
 * store reads anyway while it looks up candidates (0 if unknown, which is
 * ms_dd_match_pair). From MS_DD_COMMON_NAME leads on, the name is common:
 * an email name made of the name alone (taro.yamada@ at another
 * company's domain) is then as likely a namesake's as a job change's, and
 * no longer links on its own. Nor does it, whatever the count, where the
 * two names agree only in their romanised form (an English card against
 * a Japanese one): every kanji spelling of a name shares that form. */
void ms_dd_match_pair_ctx(const ms_dd_norm *a, const ms_dd_norm *b,
			  int namesakes, ms_dd_match *out);

/* ---- CSV import profiles ---------------------------------------------- */

typedef enum ms_dd_profile {
	MS_DD_PROFILE_MEISHI = 0, /* our own export: the field keys */
	MS_DD_PROFILE_SALESFORCE,
	MS_DD_PROFILE_HUBSPOT
} ms_dd_profile;

/* The profile named "meishi", "salesforce" or "hubspot"; -1 if unknown. */
int ms_dd_profile_by_name(const char *name);

/* A header row mapped to contact fields: col[i] is the ms_field of column
 * i, or -1 for a column we do not import. Some source columns fill two
 * fields (Salesforce Street + City + State -> address); they are appended
 * in order. */
typedef struct ms_dd_colmap {
	int ncols;
	int col[MS_CSV_MAX_COLS];
	int order[MS_CSV_MAX_COLS]; /* position within a composed field */
} ms_dd_colmap;

/* Maps a header row. MS_ERR_FORMAT with a sentence if no column maps to a
 * name or email (the file is not of this profile). */
ms_rc ms_dd_colmap_new(ms_dd_profile p, const char *const *header, int ncols,
		       ms_dd_colmap *out, ms_err *err) MS_WUR;

/* Turns one data row into a contact. On a row that cannot be imported it
 * returns MS_ERR_INVALID or MS_ERR_TOO_BIG and err says why (for the
 * import report): no name and no email, invalid UTF-8, a field too long.
 * Phone numbers are also put in E.164 (phone_e164 ...). */
ms_rc ms_dd_row_contact(const ms_dd_colmap *m, const char *const *row,
			int ncols, ms_contact *c, ms_err *err) MS_WUR;

#endif /* MEISHI_DEDUPE_H */
