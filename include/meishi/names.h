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

/* The spellings of a reading (hiragana or katakana, no space) as a
 * surname or given name, most common first (つばさ as a given name:
 * 翼, 翔, ...). Returns how many there are; at most cap are
 * written (borrowed strings). */
size_t ms_names_spellings(const ms_names *n, ms_name_kind kind,
			  const char *reading, const char **surfaces,
			  size_t cap);
/* The same for a romanised word ("Tsubasa", "HARUKA"): the spellings
 * of every reading that romanises to it, long vowels folded. */
size_t ms_names_spellings_latin(const ms_names *n, ms_name_kind kind,
				const char *word, const char **surfaces,
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
	/* 1 when the correction puts back a character the OCR lost (村 彩
	 * with なかむら あや: 中村 彩) and several names fit, of which the
	 * dictionary's commonest was taken: a person should check it. */
	int completed;
	/* 0..1: how much the card's evidence supports the name. At most
	 * 0.85 for a correction, 0.6 for a completion, 0.4 when review is
	 * set. */
	double confidence;
	/* The evidence for the name chosen, and for cands[0]: the printed
	 * reading (1 in full, 0.4 the family name alone), plus the
	 * romanised name's and 0.8 times the email's agreement (0..1 each,
	 * as ms_names_latin_agrees). */
	double evidence, evidence0;
	/* 1 when a reading was given and it reads the chosen name in full:
	 * 0 when it names another given name (ささき ゆうた for 佐々木 和裕太),
	 * however well the email or the family name fits. */
	int reading_full;
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

/* 1 if a printed kana reading (spaces allowed) reads as a person's
 * name: a surname's dictionary reading followed by a given name's, cut at
 * the printed space if there is one ("こんどう たけし", not "チーフ"). */
int ms_names_is_name_reading(const ms_names *n, const char *reading);

/* Which half of the printed reading name alone reads as, when the OCR
 * kept only one of the two names: MS_NAME_SURNAME for 馬場 with "ばば
 * ともこ", MS_NAME_GIVEN for 涼子 with "はやし りょうこ", 0 when neither
 * or both (spaces in name are ignored). *cut (may be NULL) is the byte
 * offset in the reading's hiragana, spaces taken out, where the two
 * halves meet. */
ms_name_kind ms_names_part_of_reading(const ms_names *n, const char *name,
				      const char *reading, size_t *cut);

/* A printed reading one kana off the dictionary's reading of name (高田 修
 * printed "たかだ おきむ"), or with one kana too many (内田 遥 printed
 * "うちだ はるかる"): writes the reading that fits ("たかだ おさむ",
 * hiragana, a space between the names) into out and returns 1. Only when
 * name is a surname and a given name of the dictionary, exactly one of
 * their readings is one kana away, the space (if printed) falls between
 * the same two halves, and email_local (may be NULL) does not spell the
 * printed reading better. A difference of voicing alone (たかだ/たかた)
 * needs the email's agreement: the dictionary may lack the reading. */
int ms_names_fix_reading(const ms_names *n, const char *name,
			 const char *reading, const char *email_local,
			 char *out, size_t cap);

#endif /* MEISHI_NAMES_H */
