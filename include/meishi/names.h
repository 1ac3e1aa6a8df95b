/*
 * Japanese personal names: surname and given-name dictionaries with
 * readings (models/names-ja.tsv, from MeCab's ipadic), splitting a name
 * into family and given name, checking a name against its printed kana
 * reading, a romanised name or an email local part, and choosing between
 * look-alike OCR readings of the name line.
 *
 * The table is loaded once (ms_names_open) and is read-only afterwards: one
 * handle may be shared by every thread. Strings it returns are borrowed
 * and live until ms_names_close. A name is corrected only when the
 * evidence printed on the card agrees; a name is never made up.
 */
#ifndef MEISHI_NAMES_H
#define MEISHI_NAMES_H

#include <stddef.h>

#include "meishi/err.h"
#include "meishi/limits.h"

typedef struct ms_names ms_names;

typedef enum ms_name_kind {
	MS_NAME_SURNAME = 1,
	MS_NAME_GIVEN = 2
} ms_name_kind;

/* Loads models_dir/names-ja.tsv. */
ms_rc ms_names_open(const char *models_dir, ms_names **out,
		    ms_err *err) MS_WUR;
void ms_names_close(ms_names *n);

/* Number of rows loaded. */
size_t ms_names_count(const ms_names *n);

/* The dictionary readings (hiragana) of surface as a surname or given
 * name, most common first. Returns how many there are (0: not in the
 * dictionary); at most cap are written. */
size_t ms_names_readings(const ms_names *n, ms_name_kind kind,
			 const char *surface, const char **readings,
			 size_t cap);

/* 1 if surface is a known surname / given name. */
int ms_names_is_surname(const ms_names *n, const char *surface);
int ms_names_is_given(const ms_names *n, const char *surface);

/* A name cut into family and given name, with the most common dictionary
 * reading of each ("" where the part is not in the dictionary). score is
 * 1 when both parts are known names, 0.5 when one is, 0 when neither (the
 * cut is then a guess: at a printed space, else after two characters). */
typedef struct ms_name_split {
	char family[MS_MAX_FIELD_BYTES];
	char given[MS_MAX_FIELD_BYTES];
	char family_reading[MS_MAX_FIELD_BYTES];
	char given_reading[MS_MAX_FIELD_BYTES];
	double score;
} ms_name_split;

/* Splits "山田太郎" or "山田 太郎" into 山田 / 太郎 with the dictionary: the
 * cut where both parts are known names, the more common pair first. */
ms_rc ms_names_split(const ms_names *n, const char *name,
		     ms_name_split *out) MS_WUR;

/* How a printed kana reading agrees with a name. */
typedef enum ms_name_match {
	MS_NAME_MATCH_NONE = 0,   /* no dictionary reading agrees */
	MS_NAME_MATCH_FAMILY = 1, /* the family name's reading agrees */
	MS_NAME_MATCH_FULL = 2    /* family and given names agree */
} ms_name_match;

/* Does the printed reading (hiragana or katakana, spaces ignored) agree
 * with the name (kanji, kana, or both, spaces ignored)? 山田 太郎 and
 * やまだ たろう give MS_NAME_MATCH_FULL. */
ms_name_match ms_names_match_reading(const ms_names *n, const char *name,
				     const char *reading);

/* Hepburn romanisation of kana (hiragana or katakana) in lower case:
 * たろう -> "tarou", しんいち -> "shin'ichi" is written "shinichi". ー and
 * other characters are dropped. ms_kana_romanise (meishi/text.h) with no
 * flags. */
ms_rc ms_names_romanise(const char *kana, char *out, size_t cap) MS_WUR;

/* How well a romanised name or an email local part agrees with the
 * readings of a family and a given name (kana): 1.0 for both names
 * ("Taro Yamada", "yamada.taro", "YAMADA Taro"), 0.7 for the family name
 * and the given name's initial ("t.yamada", "yamada-t", "tyamada"), 0.5
 * for the family name alone, 0.4 for the given name alone, else 0. Long
 * vowels (Tarou/Taro, Ohno/Ono), m/n before b, m, p and Kunrei spellings
 * are folded. */
double ms_names_latin_agrees(const char *family_reading,
			     const char *given_reading, const char *latin);

/* The name chosen from the OCR candidates of the name line. */
typedef struct ms_name_choice {
	char name[MS_MAX_FIELD_BYTES]; /* as printed, spacing kept */
	char family[MS_MAX_FIELD_BYTES];
	char given[MS_MAX_FIELD_BYTES];
	/* The printed reading when one was given, else derived from the
	 * dictionary (reading_derived = 1), "" when neither. */
	char reading[MS_MAX_FIELD_BYTES];
	int reading_derived;
	/* Index of the candidate chosen, or -1 when the name is a candidate
	 * with look-alike characters corrected (corrected = 1). */
	int candidate;
	int corrected;
	/* 1 when the evidence says the name was misread but fits several
	 * corrections equally (和也, 和哉, 和弥 are all かずや): the best
	 * candidate is kept, uncorrected, for a person to check. */
	int review;
	/* 0..1: how much the card's evidence supports the name. At most
	 * 0.85 for a correction, 0.4 when review is set. */
	double confidence;
} ms_name_choice;

/* Chooses between cands[0..n) (cands[0] is the OCR's best reading) and
 * their single-character look-alike variants (部/郎, 未/末, 膝/藤, ...;
 * and given or family names with the printed reading that differ in one
 * character). A variant wins only when the printed reading, the
 * romanised name or the email local part agrees with it and not with the
 * candidates. reading, latin and email_local may be NULL or "". */
ms_rc ms_names_choose(const ms_names *h, const char *const *cands, size_t n,
		      const char *reading, const char *latin,
		      const char *email_local, ms_name_choice *out) MS_WUR;

#endif /* MEISHI_NAMES_H */
