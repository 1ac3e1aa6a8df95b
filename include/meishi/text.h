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

/* Copies s into out (capacity cap, NUL kept) without its ASCII spaces:
 * "山田 太郎" -> "山田太郎". */
void ms_str_nospace(const char *s, char *out, size_t cap);

/* Number of code points in a NUL-terminated UTF-8 string. */
size_t ms_utf8_len(const char *s);

/* Number of code points that start in the first n bytes of s. */
size_t ms_utf8_count(const char *s, size_t n);

/* Decodes s into at most max code points (a malformed byte becomes
 * U+FFFD); returns how many. */
int ms_utf8_to_cps(const char *s, int32_t *cps, int max);

/* Levenshtein distance of two code-point arrays (na, nb at most
 * MS_TEXT_MAX_CPS), bounded: max + 1 as soon as it exceeds max. */
int ms_cps_distance(const int32_t *a, int na, const int32_t *b, int nb,
		    int max);

/* The same for two UTF-8 strings, of their first MS_TEXT_MAX_CPS code
 * points. */
int ms_utf8_distance(const char *a, const char *b, int max);

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

/* Flags of ms_kana_romanise(). */
#define MS_ROMA_KEEP_OTHER 1u /* copy what is not kana (below) */
#define MS_ROMA_LONG_VOWEL 2u /* ー repeats the vowel before it */

/* Hepburn romanisation of kana, hiragana or katakana, in lower case:
 * "やまだ たろう" -> "yamadatarou", "ジェームズ" -> "jemuzu".
 *   - long vowels are spelled as printed (おう -> ou, とお -> too);
 *   - small っ doubles the next consonant, before ch as t (matcha);
 *   - ゃゅょ join the i-kana before them (kya, sha, cha, ja); small vowels
 *     join a syllable of two letters or more (fa, ti, va, she); a small
 *     kana that joins nothing keeps its own sound;
 *   - ん is always n (shinbun, honma, junichi): no m before b/m/p and no
 *     apostrophe before a vowel -- every caller compares letters only;
 *   - ヴ, ヷヸヹヺ, ゕゖ/ヵヶ are vu, va vi ve vo, ka ke.
 * ー is dropped unless MS_ROMA_LONG_VOWEL repeats the vowel before it
 * (コーヒー: "kohi", or "koohii"). Anything else is dropped unless
 * MS_ROMA_KEEP_OTHER copies it: spaces (ASCII or U+3000) as one ' ',
 * ASCII lower-cased, the rest as it is. Half-width katakana are not
 * kana here: NFKC the input first. MS_ERR_INVALID on bad UTF-8,
 * MS_ERR_TOO_BIG if the result does not fit (out then holds what did). */
ms_rc ms_kana_romanise(const char *in, char *out, size_t cap,
		       unsigned flags) MS_WUR;

/* The next space-separated word of *p, copied to w (cap bytes, cut at a
 * character boundary); *p moves past it. Returns its length in *p, 0 at
 * the end. */
size_t ms_next_word(const char **p, char *w, size_t cap);

#endif /* MEISHI_TEXT_H */
