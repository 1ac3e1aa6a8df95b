/*
 * UTF-8 text helpers: validation, NFKC normalisation (through utf8proc),
 * and the small string tools every stage needs. Nothing here allocates
 * without a caller-given bound.
 */
#ifndef MEISHI_TEXT_H
#define MEISHI_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "meishi/err.h"

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
int ms_utf8_valid(const char *s, size_t n);

/* Decodes one code point from s (at most n bytes). Returns its length in
 * bytes, or 0 at the end or on a malformed sequence (then *cp = U+FFFD). */
size_t ms_utf8_next(const char *s, size_t n, int32_t *cp);

/* Appends cp to out (capacity cap, NUL kept). Returns bytes written or 0 if
 * it does not fit. */
size_t ms_utf8_put(char *out, size_t cap, int32_t cp);

/* Number of code points in a NUL-terminated UTF-8 string. */
size_t ms_utf8_len(const char *s);

/* NFKC of in into out (capacity cap). Full-width digits and letters become
 * ASCII, half-width katakana become full-width. Fails with MS_ERR_INVALID on
 * bad UTF-8 and MS_ERR_TOO_BIG if the result does not fit. */
ms_rc ms_nfkc(const char *in, char *out, size_t cap) MS_WUR;

/* NFKC and Unicode case folding together (for match keys). */
ms_rc ms_nfkc_casefold(const char *in, char *out, size_t cap) MS_WUR;

/* Copies src into dst (capacity cap), truncating at a code-point boundary.
 * Always NUL-terminates (cap > 0). Returns the bytes copied. */
size_t ms_strlcpy_utf8(char *dst, const char *src, size_t cap);

/* 1 if cp is a letter or a digit (Unicode L* or N*): the characters the
 * search index's words are made of. */
int ms_is_word_char(int32_t cp);

/* The short-query search words of in (already NFKC and lower case): for
 * each run of word characters, every pair of neighbouring characters and
 * the run's last character alone, separated by spaces. "山田 太郎" ->
 * "山田 田 太郎 郎". Any 2-character query made of word characters is then
 * one word, and any 1-character query the prefix of one. MS_ERR_TOO_BIG if
 * out (capacity cap) is too small, MS_ERR_INVALID on bad UTF-8. The words
 * feed an index that deletes by recomputing them: never change the output
 * for a given input without rebuilding that index in a migration. */
ms_rc ms_search_grams(const char *in, char *out, size_t cap) MS_WUR;

/* Trims ASCII and ideographic (U+3000) white space at both ends in place. */
void ms_trim(char *s);

#endif /* MEISHI_TEXT_H */
