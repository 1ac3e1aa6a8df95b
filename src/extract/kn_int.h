/*
 * Private helpers shared by the field-knowledge modules (postal.c, names.c,
 * domain.c, address_en.c): code-point arrays, kana folding, kanji numerals
 * and the table of characters that OCR confuses. Not an interface for other
 * stages; the public ones are meishi/postal.h, names.h, domain.h and
 * address_en.h.
 */
#ifndef MEISHI_KN_INT_H
#define MEISHI_KN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "meishi/buf.h"
#include "meishi/err.h"

/* Decodes the NUL-terminated UTF-8 string s into at most cap code points.
 * Stops at the end, at cap, or at a malformed byte. Returns the count. */
size_t kn_decode(const char *s, int32_t *cp, size_t cap);

/* Encodes n code points into out (capacity cap, NUL-terminated).
 * MS_ERR_TOO_BIG if they do not fit (out then holds a cut-off prefix). */
ms_rc kn_encode(const int32_t *cp, size_t n, char *out, size_t cap) MS_WUR;

/* Katakana to hiragana (other code points unchanged), and back. */
int32_t kn_hira(int32_t c);
int32_t kn_kata(int32_t c);

/* s with its katakana turned to hiragana, into out (capacity cap).
 * MS_ERR_TOO_BIG if it does not fit. */
ms_rc kn_hira_str(const char *s, char *out, size_t cap) MS_WUR;

/* 1 for hiragana, katakana (with ー) or a kanji (CJK ideograph, 々). */
int kn_is_kana(int32_t c);
int kn_is_kanji(int32_t c);

/* The value 0..9 of a kanji numeral (〇一二三四五六七八九, 零), else -1. */
int kn_kanji_digit(int32_t c);

/* 1 if a and b are a pair that OCR confuses (部/郎, 未/末, ロ/口, ...). */
int kn_lookalike(int32_t a, int32_t b);

/* Calls fn(a, b, arg) for every look-alike b of a. */
void kn_lookalikes_of(int32_t a, void (*fn)(int32_t b, void *arg), void *arg);

/* 1 for white space (ASCII, U+3000) and the middle dots of names. */
int kn_is_space(int32_t c);

/* 1 for the dashes that separate chōme and banchi (-, ー, −, ‐, etc.). */
int kn_is_dash(int32_t c);

/* ms_utf8_valid, faster on text that is mostly kana and kanji. */
int kn_utf8_valid(const char *s, size_t n);

/* Folds romaji spellings of one sound in place (lower-case ASCII): long
 * vowels (ou, oo, uu, oh before a consonant), m before b/m/p, Kunrei si, ti,
 * tu, zi. Defined in names.c. */
void kn_fold_latin(char *s);

/* Reads path (at most max bytes) into out, NUL-terminated, with a sentence
 * in err on failure. */
ms_rc kn_read_table(const char *dir, const char *name, size_t max,
		    ms_buf *out, ms_err *err) MS_WUR;

/* Splits the next line off *p (in place: the newline becomes NUL). Returns
 * NULL at the end. Skips empty lines and lines starting with '#'. */
char *kn_next_line(char **p);

/* Splits the next tab-separated field off *p (in place). Returns "" once
 * the fields run out. */
char *kn_next_field(char **p);

#endif /* MEISHI_KN_INT_H */
