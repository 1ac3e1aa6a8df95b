/*
 * Accents on cards from Brazil. The English OCR model reads "São Paulo" as
 * "Sao Paulo" and "PEÇAS" as "PECAS"; a word read without any accent that
 * is, but for its accents, a word of models/accents-pt.txt gets them back,
 * in the case it was read in. "°" after a digit or "n" is the ordinal
 * indicator "º" ("17º andar", "nº 36") that the OCR read as a degree sign.
 * Emails and web addresses are left alone.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "extract/ex_int.h"
#include "meishi/text.h"

char ex_base_letter(int32_t c)
{
	static const char lat1[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";

	if (c < 0x80)
		return isalpha((int)c) ? (char)tolower((int)c) : 0;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return lat1[c - 0xC0];
	if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
		return lat1[c - 0xE0];
	return 0;
}

/* Entry e equals the ASCII letters w[0..n) once its accents are off. */
static int folds_to(const char *e, const char *w, size_t n)
{
	size_t i = 0, m = strlen(e), k, o = 0;
	int32_t cp;

	while (i < m && (k = ms_utf8_next(e + i, m - i, &cp)) != 0) {
		if (o >= n || ex_base_letter(cp) != tolower((unsigned char)w[o]))
			return 0;
		i += k;
		o++;
	}
	return o == n;
}

/* Writes entry e into out in the case of the word w (n letters). */
static void put_cased(const char *e, const char *w, size_t n, char *out,
                      size_t cap)
{
	size_t i = 0, m = strlen(e), k, o = 0, up = 0;
	int32_t cp;

	for (k = 0; k < n; k++)
		up += isupper((unsigned char)w[k]) != 0;
	while (i < m && (k = ms_utf8_next(e + i, m - i, &cp)) != 0) {
		int upper = n > 1 && up == n ? 1
		            : o == 0         ? isupper((unsigned char)w[0]) != 0
		                             : 0;
		int is_up = cp < 0x80 ? isupper((int)cp) != 0
		                      : (cp >= 0xC0 && cp <= 0xDE);
		if (upper && !is_up)
			cp = cp < 0x80 ? toupper((int)cp) : cp - 0x20;
		else if (!upper && is_up)
			cp = cp < 0x80 ? tolower((int)cp) : cp + 0x20;
		if (ms_utf8_put(out, cap, cp) == 0)
			return;
		i += k;
		o++;
	}
}

/* A token that is (part of) an email or a web address. */
static int web_token(const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (t[i] == '@' || t[i] == '/')
			return 1;
		if (t[i] == '.' && i > 0 && i + 1 < n &&
		    isalpha((unsigned char)t[i - 1]) &&
		    isalpha((unsigned char)t[i + 1]))
			return 1;
	}
	return n >= 3 && strncasecmp(t, "www", 3) == 0;
}

void ex_accents_pt(ms_extractor *x, char *s, size_t cap)
{
	char out[MS_EX_NORM_BYTES];
	size_t n = strlen(s), i = 0, tok_end = 0;
	int web = 0, changed = 0;

	out[0] = '\0';
	while (i < n) {
		size_t o = strlen(out), j = i, q;
		if (i >= tok_end) {
			/* a new space-delimited token */
			tok_end = i;
			while (tok_end < n && s[tok_end] != ' ')
				tok_end++;
			web = web_token(s + i, tok_end - i);
		}
		/* a run of ASCII letters that starts a word */
		if (!web && isalpha((unsigned char)s[i]) &&
		    (i == 0 || !(isalpha((unsigned char)s[i - 1]) ||
		                 ((unsigned char)s[i - 1] & 0x80)))) {
			while (j < n && isalpha((unsigned char)s[j]))
				j++;
			if (!(j < n && ((unsigned char)s[j] & 0x80))) {
				for (q = 0; q < x->accents.n; q++)
					if (folds_to(x->accents.v[q], s + i,
					             j - i))
						break;
				if (q < x->accents.n &&
				    strlen(x->accents.v[q]) != j - i) {
					put_cased(x->accents.v[q], s + i,
					          j - i, out, sizeof(out));
					changed = 1;
					i = j;
					continue;
				}
			}
			if (o + (j - i) + 1 >= sizeof(out))
				return;
			memcpy(out + o, s + i, j - i);
			out[o + (j - i)] = '\0';
			i = j;
			continue;
		}
		/* "17°", "n°": the ordinal indicator */
		if (!web && (unsigned char)s[i] == 0xC2 &&
		    (unsigned char)s[i + 1] == 0xB0 && i > 0 &&
		    (isdigit((unsigned char)s[i - 1]) || s[i - 1] == 'n' ||
		     s[i - 1] == 'N')) {
			if (o + 3 >= sizeof(out))
				return;
			memcpy(out + o, "\xC2\xBA", 3);
			changed = 1;
			i += 2;
			continue;
		}
		if (o + 2 >= sizeof(out))
			return;
		out[o] = s[i];
		out[o + 1] = '\0';
		i++;
	}
	if (changed && strlen(out) < cap)
		memcpy(s, out, strlen(out) + 1);
}
