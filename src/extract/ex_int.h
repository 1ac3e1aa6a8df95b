/*
 * Internals of field extraction, shared by the files of src/extract/ and by
 * nobody else.
 *
 * Extraction runs in passes over one card. Every line is first normalised
 * (ex_line.t); each pass then reads the lines, fills the fields it knows
 * and blanks what it took out of ex_line.rest, so a later pass (company,
 * title, name) sees only what the earlier ones (email, phone, address) left.
 */
#ifndef MEISHI_EX_INT_H
#define MEISHI_EX_INT_H

#include <stddef.h>
#include <stdint.h>

#include <mecab.h>

#include "meishi/contact.h"
#include "meishi/limits.h"
#include "extract/verify_int.h"

/* A dictionary: one entry per line of a file in models/. */
typedef struct ex_dict {
	char *buf; /* the file, entries NUL-separated */
	char **v;  /* entries, longest first */
	size_t n;
} ex_dict;

/* Country the card seems to come from: it decides how a number without a
 * country code becomes E.164. */
enum { EX_CC_NONE = 0, EX_CC_JP, EX_CC_US, EX_CC_BR, EX_CC_UK };

typedef struct ex_line {
	char t[MS_EX_NORM_BYTES];    /* normalised text */
	char rest[MS_EX_NORM_BYTES]; /* t with taken spans blanked */
	ms_box box;
	float conf;
	float size; /* glyph size: box height, or width when vertical */
	int vertical;
	unsigned took; /* bit f: this line gave field f */
	const char *alt; /* the OCR's other reading (ms_line.alt), raw; ""
			  * if none or the line was merged from pieces */
} ex_line;

struct ms_extractor {
	ex_dict legal;  /* legal forms of companies */
	ex_dict titles; /* job titles, Japanese and English */
	ex_dict depts;  /* department words and suffixes */
	ex_dict prefs;  /* the 47 prefectures */
	ex_dict accents; /* Portuguese words with their accents */
	mecab_t *mecab;
	const ms_verify *kn; /* field-knowledge tables, shared */
	int knowledge;       /* 0: skip the field-knowledge stage */
	char scratch[2][MS_EX_NFKC_BYTES];
	ex_line line[MS_MAX_LINES];
};

typedef struct ex_card {
	ms_extractor *x;
	ms_contact *c;
	ex_line *l;
	size_t n;
	int cc;         /* EX_CC_* */
	int has_cjk;    /* any kanji or kana on the card */
	int latin;      /* Latin letters outnumber kanji and kana four to one */
	float size_max; /* largest glyph size */
	char email_local[MS_MAX_FIELD_BYTES];
	char domain_core[MS_MAX_FIELD_BYTES]; /* "sakura-systems" */
} ex_card;

/* ---- normalise.c ---- */

/* Normalises raw OCR text into out: invalid UTF-8 becomes U+FFFD, control
 * characters spaces; NFKC; dashes between digits become '-'; white space
 * collapsed and trimmed. */
void ex_normalise(ms_extractor *x, const char *in, char *out, size_t cap);

int ex_is_kanji(int32_t cp);
int ex_is_hira(int32_t cp);
int ex_is_kata(int32_t cp);
int ex_is_kana(int32_t cp);
int ex_is_cjk(int32_t cp);

/* Counts of code points in s: kanji, kana, ASCII letters, digits, other
 * (not space). */
typedef struct ex_counts {
	int kanji, kana, hira, kata, alpha, digit, other, upper, total;
} ex_counts;
void ex_count(const char *s, ex_counts *k);

/* Katakana in s become hiragana (and the other way), into out. */
void ex_kata_to_hira(const char *s, char *out, size_t cap);
void ex_hira_to_kata(const char *s, char *out, size_t cap);

/* A rough Hepburn romanisation of kana (for matching only), lower case,
 * long vowels folded ("タロウ" -> "taro"). */
void ex_romaji(const char *s, char *out, size_t cap);

/* Lower-case ASCII letters and digits of s, everything else dropped. */
void ex_alnum_lower(const char *s, char *out, size_t cap);

/* Folds long vowels in an ASCII romanisation ("tarou", "taroh" -> "taro"). */
void ex_fold_romaji(char *s);

/* Replaces bytes [from, to) of s with spaces. */
void ex_blank(char *s, size_t from, size_t to);

/* Collapses runs of spaces and trims, in place. Also strips leading and
 * trailing punctuation listed in strip (may be NULL). */
void ex_tidy(char *s, const char *strip);

/* 1 if rest holds a letter, digit or CJK character. */
int ex_meaningful(const char *s);

/* Case-insensitive (ASCII) search of word w in s on word boundaries, from
 * byte from. Returns the offset or -1. */
long ex_find_word(const char *s, const char *w, size_t from);

/* Length of the longest common subsequence of two short strings (at most
 * 64 bytes each are compared). */
size_t ex_common_len(const char *a, const char *b);

/* Length of the common subsequence similarity, 0..1, of two short strings
 * (at most 64 bytes each are compared). */
float ex_similar(const char *a, const char *b);

/* ---- accents.c ---- */

/* On a card from Brazil: gives Portuguese words read without their
 * accents them back ("Sao Paulo" -> "São Paulo"), and "17°" its ordinal
 * "17º", in s (cap bytes); emails and web addresses stay as they are. */
void ex_accents_pt(ms_extractor *x, char *s, size_t cap);

/* The unaccented lower-case ASCII letter of an ASCII or Latin-1 letter
 * ('Ç' -> 'c'), or 0. */
char ex_base_letter(int32_t c);

/* ---- numerals.c ---- */

/* Rewrites, in place, telephone numbers and postal codes written in kanji
 * numerals (〇三（三二一一）四五六七, 〒一〇〇ー〇〇〇一) as ASCII digits
 * joined by '-' ("03-3211-4567", "〒100-0001"); s holds cap bytes. Other
 * kanji numerals (一丁目二番三号, 一郎) are left as they are. vertical: s
 * was read from a column. */
void ex_kanji_numbers(char *s, size_t cap, int vertical);

/* The digit an ASCII digit, a kanji numeral or a look-alike OCR gives for
 * one in a column of numerals (O for 〇, ニ for 二, カ for 九) stands for;
 * -1 for anything else. */
int ex_numeral_digit(int32_t cp);

/* ---- dict.c ---- */

ms_rc ex_dict_load(ex_dict *d, const char *dir, const char *file,
                   ms_err *err) MS_WUR;
void ex_dict_free(ex_dict *d);

/* Finds the first (then longest) entry of d in s: ASCII entries match
 * case-insensitively on word boundaries, others as plain substrings.
 * Returns the offset and sets *len, or -1. */
long ex_dict_find(const ex_dict *d, const char *s, size_t *len);

/* The longest entry that s ends with (non-ASCII entries only, or ASCII on
 * a word boundary). Returns its length in bytes or 0. */
size_t ex_dict_suffix(const ex_dict *d, const char *s);

/* 1 if s equals an entry (ASCII case-insensitively). */
int ex_dict_has(const ex_dict *d, const char *s);

/* ---- extract.c ---- */

/* Sets field f from v (trimmed, truncated to the field size) unless it is
 * already set. Returns 1 if it was set. */
int ex_set(ex_card *k, ms_field f, const char *v, float conf, ms_box box,
           int review);

/* Appends v to field f, separated by sep. */
void ex_append(ex_card *k, ms_field f, const char *sep, const char *v);

/* ---- the passes ---- */
void ex_email_url(ex_card *k);
void ex_phones(ex_card *k);
/* A phone or fax line whose number did not parse takes the other's area
 * code and exchange and its own last four digits, where its own
 * numerals agree with them (flagged for review). */
void ex_phone_pairs(ex_card *k);
/* The number field (MS_F_PHONE, MS_F_FAX, MS_F_MOBILE) the label that
 * begins normalised line t names ("電話〇三...", "FAX 03-..."); -1 if
 * none or TEL/FAX names two. */
int ex_number_label(const char *t);
void ex_address(ex_card *k);
void ex_company(ex_card *k);
void ex_dept_title(ex_card *k);
void ex_name(ex_card *k);

/* 1 if MeCab reads s as one or more morphemes of which the first is a
 * family name (sets *fam_bytes to its length); fills reading (katakana)
 * of the whole of s if every morpheme has one. Used by org.c too. */
int ex_mecab_name(ex_card *k, const char *s, size_t *fam_bytes, char *reading,
                  size_t cap, int *person);

/* ---- phone.c ---- */

/* E.164 form of a number (digits, whether it began with '+', the display
 * form), given the card's country; "" if unsure. */
void ex_e164(const char *digits, int plus, const char *display, int cc,
             char *out, size_t cap);

#endif /* MEISHI_EX_INT_H */
