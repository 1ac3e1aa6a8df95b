/*
 * Contacts: the structured fields read off one card, and the extraction
 * stage that turns OCR lines into them.
 *
 * Extraction reads only ms_lines, so it is tested and fuzzed on text. It
 * knows the conventions of Japanese and English cards: legal forms of
 * companies, department and title words, labelled numbers (TEL, FAX, 携帯),
 * 〒 postal codes, kana readings and romanised names.
 */
#ifndef MEISHI_CONTACT_H
#define MEISHI_CONTACT_H

#include <jansson.h>

#include "meishi/err.h"
#include "meishi/limits.h"
#include "meishi/lines.h"

typedef enum ms_field {
	MS_F_NAME = 0,
	MS_F_FAMILY_NAME,
	MS_F_GIVEN_NAME,
	MS_F_NAME_READING,
	MS_F_NAME_LATIN,
	MS_F_COMPANY,
	MS_F_DEPARTMENT,
	MS_F_TITLE,
	MS_F_POSTAL_CODE,
	MS_F_ADDRESS,
	MS_F_PHONE,
	MS_F_FAX,
	MS_F_MOBILE,
	MS_F_EMAIL,
	MS_F_URL,
	MS_F_COUNT
} ms_field;

/* JSON key of each field, e.g. "family_name". */
extern const char *const ms_field_keys[MS_F_COUNT];

/* The field with this key, or -1. */
int ms_field_by_key(const char *key);

/* Below this confidence a field asks a person to check it (the review
 * desk marks it): a field flagged for review never has more. */
#define MS_REVIEW_CONF 0.6f

typedef struct ms_contact {
	char v[MS_F_COUNT][MS_MAX_FIELD_BYTES]; /* "" where the card has none */
	float conf[MS_F_COUNT];                 /* 0..1 */
	ms_box box[MS_F_COUNT];                 /* flattened-card pixels */
	unsigned review;                        /* bit f: flag f for review */
	char phone_e164[32], fax_e164[32], mobile_e164[32];
	char name_reading_source[16]; /* "printed", "derived" or "" */
	/* The reading as printed where the extractor corrected it to fit
	 * the name, or one printed beside the name that it left out as it
	 * disagrees ("" otherwise): the name may be the misread one. */
	char reading_printed[MS_MAX_FIELD_BYTES];
} ms_contact;

void ms_contact_init(ms_contact *c);

/* An extractor holds dictionaries and a MeCab tagger. Not thread-safe:
 * one per worker thread. models_dir NULL: MEISHI_MODELS or the built-in
 * path. */
typedef struct ms_extractor ms_extractor;

ms_rc ms_extractor_new(const char *models_dir, ms_extractor **out,
		       ms_err *err) MS_WUR;
void ms_extractor_free(ms_extractor *x);

/* Turns the field-knowledge stage (postal codes, name dictionaries, the
 * email domain; on by default) off (0) or on, e.g. to measure its effect. */
void ms_extractor_set_knowledge(ms_extractor *x, int on);

/* Fills c from lines. Never fails on odd text: unknown lines are ignored.
 * Fails only on out-of-memory. */
ms_rc ms_extract(ms_extractor *x, const ms_lines *lines,
		 ms_contact *c) MS_WUR;

/* A Japanese name whose printed reading says the OCR misread it or cut
 * it short ("菅原" or "松浦 男" with "すがわら つばさ", "まつうら いさむ"),
 * to be read again by an OCR limited to chars: the characters of the
 * name as read and of the dictionary's spellings of each half of the
 * reading. box is where to read, in the lines' pixels (widened to the
 * right where the given name is missing); more, where to read next if box
 * gave nothing (h 0: nowhere). */
typedef struct ms_name_reread {
	ms_box box;
	ms_box more[2];
	char chars[MS_NAME_REREAD_CHARS];
} ms_name_reread;

/* 1 when c's name is worth such a reading (and rr filled), else 0. Always
 * 0 with the field-knowledge stage off. */
int ms_extract_name_reread(const ms_extractor *x, const ms_contact *c,
			   ms_name_reread *rr);

/* text is the limited OCR's reading of rr.box: the name becomes it,
 * split into family and given name and flagged for review, if the
 * dictionary reads it as the printed reading in full. Returns 1 when the
 * name changed. */
int ms_extract_name_take(const ms_extractor *x, ms_contact *c,
			 const char *text);

/* The index of the first line of lines, from index from, that is a
 * column labelled as a telephone, fax or mobile number (電話, FAX, 携帯)
 * that c lacks: its numerals were misread, and another reading of the
 * column may give the number. -1 if none. */
long ms_extract_number_reread(ms_extractor *x, const ms_lines *lines,
			      const ms_contact *c, size_t from);

/* The index of the first line of lines, from index from, that may be a
 * Japanese card's title or department read as Latin (主任 as "EAE", 部長
 * as "BR", 人事部 as "ABB": small kanji the jpn+eng engine took for
 * letters) while c lacks one of them: a horizontal line of two to four
 * ASCII letters alone, or before Japanese text when c lacks the
 * department ("ANH エンジニア"), on a card with Japanese text. -1 if
 * none. */
long ms_extract_role_reread(const ms_lines *lines, const ms_contact *c,
			    size_t from);

/* The characters of the title and department dictionaries' Japanese
 * entries, each once, into chars (capacity cap, cut short if it does not
 * fit): what such a line is read again with. */
void ms_extract_role_chars(const ms_extractor *x, char *chars, size_t cap);

/* A title's first character lost in that reading ("任" for 主任): text,
 * one character, becomes the dictionary's only two-character title that
 * ends with it, into out. Returns 1 if there is one. */
int ms_extract_title_whole(const ms_extractor *x, const char *text,
			   char *out, size_t cap);

/* The contact as a JSON object: the fifteen field keys (strings),
 * "confidence" and "boxes" per field, "e164", "review" and
 * "name_reading_source". New reference; NULL on out-of-memory. */
json_t *ms_contact_to_json(const ms_contact *c);

/* Reads the fifteen field keys from a JSON object (for truth files and
 * edits). Missing keys become "". */
ms_rc ms_contact_from_json(const json_t *obj, ms_contact *c,
			   ms_err *err) MS_WUR;

#endif /* MEISHI_CONTACT_H */
