/*
 * English-language address parts: US states and ZIP codes, UK postcodes by
 * Royal Mail's format rules, and unit words (Suite, Floor, ...). ASCII
 * only; other bytes simply do not match.
 */
#include <ctype.h>
#include <string.h>

#include "meishi/address_en.h"

static const struct {
	const char *code, *name;
} states[] = {
	{"AL", "alabama"},	  {"AK", "alaska"},
	{"AZ", "arizona"},	  {"AR", "arkansas"},
	{"CA", "california"},	  {"CO", "colorado"},
	{"CT", "connecticut"},	  {"DE", "delaware"},
	{"DC", "district of columbia"},
	{"FL", "florida"},	  {"GA", "georgia"},
	{"HI", "hawaii"},	  {"ID", "idaho"},
	{"IL", "illinois"},	  {"IN", "indiana"},
	{"IA", "iowa"},		  {"KS", "kansas"},
	{"KY", "kentucky"},	  {"LA", "louisiana"},
	{"ME", "maine"},	  {"MD", "maryland"},
	{"MA", "massachusetts"},  {"MI", "michigan"},
	{"MN", "minnesota"},	  {"MS", "mississippi"},
	{"MO", "missouri"},	  {"MT", "montana"},
	{"NE", "nebraska"},	  {"NV", "nevada"},
	{"NH", "new hampshire"},  {"NJ", "new jersey"},
	{"NM", "new mexico"},	  {"NY", "new york"},
	{"NC", "north carolina"}, {"ND", "north dakota"},
	{"OH", "ohio"},		  {"OK", "oklahoma"},
	{"OR", "oregon"},	  {"PA", "pennsylvania"},
	{"RI", "rhode island"},	  {"SC", "south carolina"},
	{"SD", "south dakota"},	  {"TN", "tennessee"},
	{"TX", "texas"},	  {"UT", "utah"},
	{"VT", "vermont"},	  {"VA", "virginia"},
	{"WA", "washington"},	  {"WV", "west virginia"},
	{"WI", "wisconsin"},	  {"WY", "wyoming"},
	{"PR", "puerto rico"},	  {"GU", "guam"},
	{"VI", "virgin islands"}, {"AS", "american samoa"},
	{"MP", "northern mariana islands"},
};

/* Case-insensitive equality of s[0..n) and the lower-case word w. */
static int eq_word(const char *s, size_t n, const char *w)
{
	size_t i;

	if (strlen(w) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != w[i])
			return 0;
	return 1;
}

int ms_us_state(const char *s, char out[3])
{
	size_t i, n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.' || s[n - 1] == ','))
		n--;
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		const char *c = states[i].code;

		if ((n == 2 && toupper((unsigned char)s[0]) == c[0] &&
		     toupper((unsigned char)s[1]) == c[1]) ||
		    eq_word(s, n, states[i].name)) {
			memcpy(out, states[i].code, 3);
			return 1;
		}
	}
	return 0;
}

static int digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int ms_us_zip_valid(const char *s)
{
	size_t n = strlen(s);

	return (n == 5 && digits(s, 5)) ||
	       (n == 10 && digits(s, 5) && s[5] == '-' && digits(s + 6, 4));
}

int ms_us_place_parse(const char *line, ms_us_place *out)
{
	size_t n = strlen(line), z, st, i;
	char zip[11], state[3], word[32];

	memset(out, 0, sizeof(*out));
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '.'))
		n--;
	/* The ZIP: the last word. */
	z = n;
	while (z > 0 && line[z - 1] != ' ' && line[z - 1] != ',')
		z--;
	if (n - z >= sizeof(zip))
		return 0;
	memcpy(zip, line + z, n - z);
	zip[n - z] = '\0';
	if (!ms_us_zip_valid(zip))
		return 0;
	/* The state: the word before it (a two-letter code or a name of up
	 * to three words). */
	while (z > 0 && (line[z - 1] == ' ' || line[z - 1] == ','))
		z--;
	for (st = z, i = 0; i < 3 && st > 0; i++) {
		size_t w = st;

		while (w > 0 && line[w - 1] != ' ' && line[w - 1] != ',')
			w--;
		if (z - w >= sizeof(word))
			break;
		memcpy(word, line + w, z - w);
		word[z - w] = '\0';
		if (ms_us_state(word, state)) {
			st = w;
			memcpy(out->state, state, 3);
			break;
		}
		if (w == 0 || line[w - 1] == ',')
			break;
		st = w - 1;
	}
	if (!out->state[0])
		return 0;
	while (st > 0 && (line[st - 1] == ' ' || line[st - 1] == ','))
		st--;
	{
		size_t c = st;

		while (c > 0 && line[c - 1] != ',')
			c--;
		while (c < st && line[c] == ' ')
			c++;
		if (st - c >= sizeof(out->city))
			return 0;
		memcpy(out->city, line + c, st - c);
		out->city[st - c] = '\0';
	}
	memcpy(out->zip, zip, sizeof(zip));
	return 1;
}

/* ---- UK postcodes ----------------------------------------------------- */

static int in(char c, const char *set)
{
	return c && strchr(set, c) != NULL;
}

/* Validates the compact, upper-case form p (no space). */
static int uk_valid(const char *p, size_t n)
{
	const char *in_l = "ABDEFGHJLNPQRSTUWXYZ"; /* not C I K M O V */
	size_t o = n - 3;

	if (n < 5 || n > 7)
		return 0;
	if (n == 6 && memcmp(p, "GIR0AA", 6) == 0)
		return 1;
	/* Inward code: digit, two letters. */
	if (!isdigit((unsigned char)p[o]) || !in(p[o + 1], in_l) ||
	    !in(p[o + 2], in_l))
		return 0;
	/* Outward code: A9, A99, A9A, AA9, AA99, AA9A. */
	if (!isupper((unsigned char)p[0]) || in(p[0], "QVX"))
		return 0;
	if (o == 2)
		return isdigit((unsigned char)p[1]);
	if (o == 3) {
		if (isdigit((unsigned char)p[1]))
			return isdigit((unsigned char)p[2]) ||
			       in(p[2], "ABCDEFGHJKPSTUW");
		return !in(p[1], "IJZ") && isupper((unsigned char)p[1]) &&
		       isdigit((unsigned char)p[2]);
	}
	/* o == 4: AA99 or AA9A */
	return isupper((unsigned char)p[1]) && !in(p[1], "IJZ") &&
	       isdigit((unsigned char)p[2]) &&
	       (isdigit((unsigned char)p[3]) || in(p[3], "ABEHMNPRVWXY"));
}

int ms_uk_postcode(const char *s, char *out, size_t cap)
{
	char p[8];
	size_t n = 0, sp = 0;

	for (; *s; s++) {
		if (*s == ' ') {
			if (++sp > 1)
				return 0;
			continue;
		}
		if (n >= 7 || !isalnum((unsigned char)*s))
			return 0;
		p[n++] = (char)toupper((unsigned char)*s);
	}
	p[n] = '\0';
	if (!uk_valid(p, n) || cap < n + 2)
		return 0;
	memcpy(out, p, n - 3);
	out[n - 3] = ' ';
	memcpy(out + n - 2, p + n - 3, 4);
	return 1;
}

int ms_uk_postcode_find(const char *line, char *out, size_t cap)
{
	size_t n = strlen(line), i, j, k;
	char buf[16];

	/* Try every start of a word and an outward + inward pair after it,
	 * with or without the space. */
	for (i = 0; i < n; i++) {
		if (i > 0 && isalnum((unsigned char)line[i - 1]))
			continue;
		if (!isalpha((unsigned char)line[i]))
			continue;
		for (j = i + 2; j <= n && j <= i + 8; j++) {
			if (j < n && isalnum((unsigned char)line[j]))
				continue;
			k = j - i;
			if (k >= sizeof(buf))
				break;
			memcpy(buf, line + i, k);
			buf[k] = '\0';
			if (ms_uk_postcode(buf, out, cap))
				return 1;
		}
	}
	return 0;
}

/* ---- Units ------------------------------------------------------------ */

static size_t word_end(const char *s, size_t i, size_t n)
{
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-'))
		i++;
	return i;
}

int ms_en_unit_find(const char *line, ms_en_unit *out)
{
	static const struct {
		const char *word, *kind;
	} kw[] = {
		{"suite", "suite"}, {"ste", "suite"},  {"floor", "floor"},
		{"fl", "floor"},    {"flr", "floor"},  {"unit", "unit"},
		{"room", "room"},   {"rm", "room"},    {"apt", "apt"},
		{"apartment", "apt"}, {"level", "floor"},
	};
	size_t n = strlen(line), i, e, k, v, ve;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		if (i > 0 && isalnum((unsigned char)line[i - 1]))
			continue;
		if (line[i] == '#' && i + 1 < n &&
		    isalnum((unsigned char)line[i + 1])) {
			ve = word_end(line, i + 1, n);
			if (ve - i - 1 < sizeof(out->value)) {
				memcpy(out->kind, "suite", 6);
				memcpy(out->value, line + i + 1, ve - i - 1);
				out->start = i;
				out->end = ve;
				return 1;
			}
		}
		if (!isalnum((unsigned char)line[i]))
			continue;
		e = word_end(line, i, n);
		/* "12th Floor", "3rd Fl." */
		if (isdigit((unsigned char)line[i])) {
			size_t d = i, w;

			while (d < e && isdigit((unsigned char)line[d]))
				d++;
			if (e - d == 2 && (eq_word(line + d, 2, "st") ||
					   eq_word(line + d, 2, "nd") ||
					   eq_word(line + d, 2, "rd") ||
					   eq_word(line + d, 2, "th")) &&
			    e < n && line[e] == ' ') {
				const char *fw = line + e + 1;

				w = word_end(line, e + 1, n);
				if ((eq_word(fw, w - e - 1, "floor") ||
				     eq_word(fw, w - e - 1, "fl") ||
				     eq_word(fw, w - e - 1, "flr")) &&
				    d - i < sizeof(out->value)) {
					memcpy(out->kind, "floor", 6);
					memcpy(out->value, line + i, d - i);
					out->start = i;
					out->end = w;
					if (w < n && line[w] == '.')
						out->end = w + 1;
					return 1;
				}
			}
			i = e;
			continue;
		}
		for (k = 0; k < sizeof(kw) / sizeof(kw[0]); k++) {
			if (!eq_word(line + i, e - i, kw[k].word))
				continue;
			v = e;
			if (v < n && line[v] == '.')
				v++;
			while (v < n && (line[v] == ' ' || line[v] == '#'))
				v++;
			ve = word_end(line, v, n);
			if (ve == v || ve - v >= sizeof(out->value))
				break;
			/* A value must hold a digit or be one letter. */
			{
				size_t q;
				int dig = 0;

				for (q = v; q < ve; q++)
					dig |= isdigit((unsigned char)line[q]);
				if (!dig && ve - v != 1)
					break;
			}
			memcpy(out->kind, kw[k].kind, strlen(kw[k].kind) + 1);
			memcpy(out->value, line + v, ve - v);
			out->value[ve - v] = '\0';
			out->start = i;
			out->end = ve;
			return 1;
		}
		i = e;
	}
	return 0;
}
