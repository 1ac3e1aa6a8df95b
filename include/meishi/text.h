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

/* Trims ASCII and ideographic (U+3000) white space at both ends in place. */
void ms_trim(char *s);

#endif /* MEISHI_TEXT_H */
