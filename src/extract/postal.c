/*
 * Japanese postal codes and addresses against Japan Post's data.
 *
 * The table (models/postal-ja.tsv) is read once into one buffer; rows point
 * into it. Rows are sorted by code, so a code is found by binary search.
 * For the reverse way each (prefecture, city) pair is interned once and its
 * rows are listed together, so an address is matched against about 1,900
 * cities and then against the towns of the city it names.
 *
 * ms_postal_align aligns the printed address to the place the code names
 * with a weighted edit distance on code points (look-alikes cost half, kanji
 * and Arabic digits are equal) and corrects that part only where every part
 * (prefecture, city, town) is close enough to be an OCR misreading.
 */
#include <stdlib.h>
#include <string.h>

#include "meishi/buf.h"
#include "meishi/postal.h"
#include "meishi/text.h"
#include "extract/kn_int.h"

#define HASH_SLOTS (2u * MS_KN_POSTAL_CITIES)
#define ALL_CPS (MS_KN_ADDR_CPS + MS_KN_PLACE_CPS)

struct prow {
	uint32_t code;
	uint32_t pref, city, town, street; /* offsets into buf */
	uint32_t cid;                      /* index into cities */
	int32_t town_cp0;                  /* the town's first code point */
};

struct pcity {
	uint32_t pref, city; /* offsets into buf */
	int32_t first_cp;    /* the city's first code point */
	uint32_t pi;         /* index of the prefecture in pref[] */
	uint32_t first, n;   /* rows, as a range of by_city */
	uint32_t ngen;       /* of which the first ngen are not offices */
};

struct ms_postal {
	ms_buf buf;
	struct prow *row;
	size_t nrow;
	struct pcity *city;
	size_t ncity;
	uint32_t *by_city;
	uint32_t pref[64]; /* distinct prefectures, offsets into buf */
	size_t npref;
};

static const char *S(const ms_postal *p, uint32_t off)
{
	return p->buf.data + off;
}

static uint32_t hash2(const char *a, const char *b)
{
	uint32_t h = 2166136261u;

	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 16777619u;
	h = (h ^ 0xFFu) * 16777619u;
	for (; *b; b++)
		h = (h ^ (unsigned char)*b) * 16777619u;
	return h;
}

static int32_t first_cp(const char *s)
{
	int32_t c = 0;

	if (!*s || ms_utf8_next(s, strnlen(s, 4), &c) == 0)
		return 0;
	return c;
}

/* Returns the city index for (pref, city), adding it if new; UINT32_MAX
 * when the table of cities is full. */
static uint32_t intern_city(ms_postal *p, uint32_t *slots, uint32_t pref,
			    uint32_t city)
{
	uint32_t h = hash2(S(p, pref), S(p, city)) % HASH_SLOTS, c;

	for (;;) {
		if (slots[h] == 0)
			break;
		c = slots[h] - 1;
		if (strcmp(S(p, p->city[c].pref), S(p, pref)) == 0 &&
		    strcmp(S(p, p->city[c].city), S(p, city)) == 0)
			return c;
		h = (h + 1) % HASH_SLOTS;
	}
	if (p->ncity >= MS_KN_POSTAL_CITIES)
		return UINT32_MAX;
	c = (uint32_t)p->ncity++;
	p->city[c].pref = pref;
	p->city[c].city = city;
	p->city[c].first_cp = first_cp(S(p, city));
	p->city[c].n = 0;
	slots[h] = c + 1;
	return c;
}

static int parse_code7(const char *s, uint32_t *code)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 7; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (s[7] != '\0')
		return 0;
	*code = v;
	return 1;
}

/* Returns the index of the prefecture at off, adding it if new. */
static uint32_t add_pref(ms_postal *p, uint32_t off)
{
	size_t i;

	for (i = 0; i < p->npref; i++)
		if (strcmp(S(p, p->pref[i]), S(p, off)) == 0)
			return (uint32_t)i;
	if (p->npref < sizeof(p->pref) / sizeof(p->pref[0]))
		p->pref[p->npref++] = off;
	return (uint32_t)(p->npref - 1);
}

ms_rc ms_postal_open(const char *models_dir, ms_postal **out, ms_err *err)
{
	ms_postal *p;
	uint32_t *slots = NULL, pref = 0, city = 0, cid = 0, pi = 0;
	char *cur, *line, *f[5];
	size_t i, cap = 0;
	ms_rc rc = MS_OK;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return ms_err_set(err, MS_ERR_NOMEM, "Out of memory.");
	rc = kn_read_table(models_dir, "postal-ja.tsv", MS_KN_POSTAL_FILE_BYTES,
			   &p->buf, err);
	if (rc != MS_OK)
		goto out;
	slots = calloc(HASH_SLOTS, sizeof(*slots));
	p->city = calloc(MS_KN_POSTAL_CITIES, sizeof(*p->city));
	if (!slots || !p->city) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "Out of memory.");
		goto out;
	}
	/* A row is at least 9 bytes, so this bounds the row count. */
	cap = p->buf.len / 9 + 1;
	if (cap > MS_KN_POSTAL_ROWS)
		cap = MS_KN_POSTAL_ROWS;
	p->row = malloc(cap * sizeof(*p->row));
	if (!p->row) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "Out of memory.");
		goto out;
	}
	cur = p->buf.data;
	while ((line = kn_next_line(&cur)) != NULL) {
		struct prow *r;

		for (i = 0; i < 5; i++)
			f[i] = kn_next_field(&line);
		if (p->nrow >= cap) {
			rc = ms_err_set(err, MS_ERR_TOO_BIG,
					"postal-ja.tsv has more than %zu rows.",
					cap);
			goto out;
		}
		r = &p->row[p->nrow];
		if (!parse_code7(f[0], &r->code) ||
		    (p->nrow > 0 && r->code < p->row[p->nrow - 1].code) ||
		    (p->nrow == 0 && (!*f[1] || !*f[2]))) {
			rc = ms_err_set(err, MS_ERR_CORRUPT,
					"postal-ja.tsv row %zu is malformed "
					"or out of order.",
					p->nrow + 1);
			goto out;
		}
		if (*f[1]) {
			pref = (uint32_t)(f[1] - p->buf.data);
			pi = add_pref(p, pref);
		}
		if (*f[1] || *f[2]) {
			if (!*f[2]) {
				rc = ms_err_set(err, MS_ERR_CORRUPT,
						"postal-ja.tsv row %zu has a "
						"prefecture but no city.",
						p->nrow + 1);
				goto out;
			}
			city = (uint32_t)(f[2] - p->buf.data);
			cid = intern_city(p, slots, pref, city);
			if (cid == UINT32_MAX) {
				rc = ms_err_set(err, MS_ERR_TOO_BIG,
						"postal-ja.tsv has more than "
						"%u cities.",
						MS_KN_POSTAL_CITIES);
				goto out;
			}
			p->city[cid].pi = pi;
		}
		r->pref = p->city[cid].pref;
		r->city = p->city[cid].city;
		r->town = (uint32_t)(f[3] - p->buf.data);
		r->street = (uint32_t)(f[4] - p->buf.data);
		r->cid = cid;
		r->town_cp0 = first_cp(f[3]);
		p->city[cid].n++;
		p->nrow++;
	}
	if (p->nrow == 0) {
		rc = ms_err_set(err, MS_ERR_CORRUPT, "postal-ja.tsv is empty.");
		goto out;
	}
	/* List each city's rows together (a counting sort by city). */
	p->by_city = malloc(p->nrow * sizeof(*p->by_city));
	if (!p->by_city) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "Out of memory.");
		goto out;
	}
	{
		uint32_t acc = 0;

		for (i = 0; i < p->ncity; i++) {
			p->city[i].first = acc;
			acc += p->city[i].n;
			p->city[i].n = 0;
		}
		/* Each city's ordinary rows first, then its offices. */
		for (i = 0; i < p->nrow; i++) {
			struct pcity *c = &p->city[p->row[i].cid];

			if (*S(p, p->row[i].street))
				continue;
			p->by_city[c->first + c->n++] = (uint32_t)i;
		}
		for (i = 0; i < p->ncity; i++)
			p->city[i].ngen = p->city[i].n;
		for (i = 0; i < p->nrow; i++) {
			struct pcity *c = &p->city[p->row[i].cid];

			if (*S(p, p->row[i].street))
				p->by_city[c->first + c->n++] = (uint32_t)i;
		}
	}
out:
	free(slots);
	if (rc != MS_OK) {
		ms_postal_close(p);
		return rc;
	}
	*out = p;
	return MS_OK;
}

void ms_postal_close(ms_postal *p)
{
	if (!p)
		return;
	ms_buf_free(&p->buf);
	free(p->row);
	free(p->city);
	free(p->by_city);
	free(p);
}

size_t ms_postal_count(const ms_postal *p)
{
	return p ? p->nrow : 0;
}

int ms_postal_parse_code(const char *text, uint32_t *code)
{
	char norm[MS_MAX_LINE_BYTES * 4];
	const char *s;
	uint32_t v;
	int nd, i;

	if (ms_nfkc(text, norm, sizeof(norm)) != MS_OK)
		return 0;
	for (s = norm; *s; s++) {
		if (*s < '0' || *s > '9' || (s > norm && s[-1] >= '0' &&
					     s[-1] <= '9'))
			continue;
		v = 0;
		nd = 0;
		for (i = 0; s[i] && nd < 7; i++) {
			if (s[i] >= '0' && s[i] <= '9') {
				v = v * 10 + (uint32_t)(s[i] - '0');
				nd++;
			} else if (nd == 3 && i == 3 &&
				   (s[i] == '-' || s[i] == ' ')) {
				continue;
			} else if (nd == 3 && i == 3 &&
				   (unsigned char)s[i] == 0xE2 &&
				   (unsigned char)s[i + 1] == 0x88 &&
				   (unsigned char)s[i + 2] == 0x92) {
				i += 2; /* U+2212 minus sign */
			} else if (nd == 3 && i == 3 &&
				   (unsigned char)s[i] == 0xE3 &&
				   (unsigned char)s[i + 1] == 0x83 &&
				   (unsigned char)s[i + 2] == 0xBC) {
				i += 2; /* ー read for a hyphen */
			} else {
				break;
			}
		}
		if (nd == 7 && !(s[i] >= '0' && s[i] <= '9')) {
			*code = v;
			return 1;
		}
	}
	return 0;
}

void ms_postal_format(uint32_t code, char *out, size_t cap)
{
	if (cap == 0)
		return;
	snprintf(out, cap, "%03u-%04u", (unsigned)(code / 10000 % 1000),
		 (unsigned)(code % 10000));
}

static void fill_place(const ms_postal *p, const struct prow *r,
		       ms_postal_place *pl)
{
	pl->code = r->code;
	pl->pref = S(p, r->pref);
	pl->city = S(p, r->city);
	pl->town = S(p, r->town);
	pl->street = S(p, r->street);
}

size_t ms_postal_lookup(const ms_postal *p, uint32_t code,
			ms_postal_place *out, size_t cap)
{
	size_t lo = 0, hi, n = 0;

	if (!p)
		return 0;
	hi = p->nrow;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->row[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < p->nrow && p->row[lo].code == code; lo++, n++)
		if (n < cap)
			fill_place(p, &p->row[lo], &out[n]);
	return n;
}

/* ---- Matching on code points ------------------------------------------ */

/* 1 if a and b stand for the same thing in an address: equal, a kanji
 * numeral and its digit, or spellings Japan Post and cards mix (ヶ/ケ/が,
 * ノ/の/之). */
static int addr_equiv(int32_t a, int32_t b)
{
	/* ヶケがガヵ and ノの之 */
	static const int32_t ke[] = {0x30F6, 0x30B1, 0x304C, 0x30AC, 0x30F5};
	static const int32_t no[] = {0x30CE, 0x306E, 0x4E4B};
	int ia = 0, ib = 0;
	size_t i;

	if (a == b)
		return 1;
	if (a < 0x80 && b < 0x80)
		return 0;
	if ((a >= '0' && a <= '9' && kn_kanji_digit(b) == a - '0') ||
	    (b >= '0' && b <= '9' && kn_kanji_digit(a) == b - '0'))
		return 1;
	for (i = 0; i < 5; i++) {
		ia |= ke[i] == a;
		ib |= ke[i] == b;
	}
	if (ia && ib)
		return 1;
	ia = ib = 0;
	for (i = 0; i < 3; i++) {
		ia |= no[i] == a;
		ib |= no[i] == b;
	}
	return ia && ib;
}

/* If table string t is a prefix of s (white space in s skipped, address
 * equivalents equal), returns the bytes of s it covers; else 0. An empty t
 * covers 0 bytes. */
static size_t utf8_len_of(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static size_t match_prefix(const char *s, const char *t)
{
	size_t i = 0, j = 0, k, ks, kt;
	int32_t a, b;

	while (t[j]) {
		k = utf8_len_of((unsigned char)t[j]);
		/* Byte-equal characters: the common case, no decoding. */
		if (s[i] == t[j] && strncmp(s + i, t + j, k) == 0) {
			i += k;
			j += k;
			continue;
		}
		ks = ms_utf8_next(s + i, strnlen(s + i, 4), &a);
		if (ks == 0)
			return 0;
		if (kn_is_space(a)) {
			i += ks;
			continue;
		}
		kt = ms_utf8_next(t + j, strnlen(t + j, 4), &b);
		if (kt == 0 || !addr_equiv(a, b))
			return 0;
		i += ks;
		j += kt;
	}
	return i;
}

/* 1 for the code points addr_equiv may find equal to another. */
static int equiv_special(int32_t c)
{
	return (c >= '0' && c <= '9') || kn_kanji_digit(c) >= 0 ||
	       c == 0x30F6 || c == 0x30B1 || c == 0x304C || c == 0x30AC ||
	       c == 0x30F5 || c == 0x30CE || c == 0x306E || c == 0x4E4B;
}

/* Quick test before match_prefix: can t start where s does? s0 is the
 * first code point of s and s0_special equiv_special(s0). */
static int may_start(int32_t s0, int s0_special, int32_t t0)
{
	if (t0 == 0 || s0 == t0)
		return 1;
	return s0_special && addr_equiv(s0, t0);
}

static size_t skip_space(const char *s)
{
	size_t used = 0, k, n = strlen(s);
	int32_t c;

	while ((k = ms_utf8_next(s + used, n - used, &c)) != 0 &&
	       kn_is_space(c))
		used += k;
	return used;
}

/* The prefecture s starts with: its index in p->pref and the bytes it
 * covers, or -1. */
static int match_pref(const ms_postal *p, const char *s, size_t *used)
{
	size_t i, k;

	for (i = 0; i < p->npref; i++) {
		k = match_prefix(s, S(p, p->pref[i]));
		if (k) {
			*used = k;
			return (int)i;
		}
	}
	*used = 0;
	return -1;
}

/* The floor printed after a building name: "5F", "5階", " 12 F". Returns
 * the floor, 0 if none is printed. */
static long floor_after(const char *s)
{
	long v = 0;
	int nd = 0;

	while (*s == ' ')
		s++;
	while (*s >= '0' && *s <= '9' && nd < 4) {
		v = v * 10 + (*s++ - '0');
		nd++;
	}
	while (*s == ' ')
		s++;
	if (nd && (*s == 'F' || *s == 'f' || strncmp(s, "階", 3) == 0))
		return v;
	return 0;
}

/* High-rise buildings have a code per floor: Japan Post's town is then
 * the town, the building's name and "N階" (or no floor, for the basement
 * and unknown floors). rest is the address after the town. Returns the
 * one row whose building is named in rest on the floor printed there. */
static const struct prow *find_floor(const ms_postal *p,
				     const uint32_t *cands, size_t ncand,
				     const char *town, const char *rest)
{
	size_t tl = strlen(town), c, j, found = 0, best_len = 0;
	const struct prow *hit = NULL;
	char name[MS_MAX_LINE_BYTES];

	for (c = 0; c < ncand; c++) {
		const struct pcity *ct = &p->city[cands[c]];

		for (j = 0; j < ct->ngen; j++) {
			const struct prow *r =
				&p->row[p->by_city[ct->first + j]];
			const char *t = S(p, r->town), *at;
			size_t nl;
			long fl = 0, printed;

			if (strncmp(t, town, tl) != 0 || !t[tl])
				continue;
			nl = strlen(t + tl);
			if (nl >= sizeof(name))
				continue;
			memcpy(name, t + tl, nl + 1);
			/* Cut "N階" off the end. */
			if (nl > 3 && strcmp(name + nl - 3, "階") == 0) {
				size_t d = nl - 3, m = 1;

				while (d > 0 && name[d - 1] >= '0' &&
				       name[d - 1] <= '9')
					d--;
				/* A floor has one to three digits. */
				if (d == nl - 3 || d == 0 || nl - 3 - d > 3)
					continue;
				for (size_t q = nl - 4; q + 1 > d; q--, m *= 10)
					fl += (name[q] - '0') * (long)m;
				name[d] = '\0';
			}
			at = strstr(rest, name);
			if (!at)
				continue;
			printed = floor_after(at + strlen(name));
			if (printed != fl || strlen(name) < best_len)
				continue;
			/* The longest name wins: 新丸の内ビルディング holds
			 * 丸の内ビルディング. */
			if (strlen(name) > best_len)
				found = 0;
			best_len = strlen(name);
			hit = r;
			found++;
		}
	}
	return found == 1 ? hit : NULL;
}

size_t ms_postal_find(const ms_postal *p, const char *address,
		      ms_postal_place *out, size_t cap)
{
	char norm[MS_MAX_LINE_BYTES * 4];
	const char *s;
	size_t used, best_city = 0, best_town = 0, i, j, k, n = 0;
	uint32_t cands[16];
	size_t ncand = 0, c;
	const char *town = NULL;
	int32_t s0;
	int pi, s0sp;

	if (!p || ms_nfkc(address, norm, sizeof(norm)) != MS_OK)
		return 0;
	s = norm + skip_space(norm);
	pi = match_pref(p, s, &used);
	s += used;
	/* The longest city (in this prefecture, if one was printed). */
	s += skip_space(s);
	s0 = first_cp(s);
	s0sp = equiv_special(s0);
	for (i = 0; i < p->ncity; i++) {
		if (!may_start(s0, s0sp, p->city[i].first_cp) ||
		    (pi >= 0 && p->city[i].pi != (uint32_t)pi))
			continue;
		k = match_prefix(s, S(p, p->city[i].city));
		if (k == 0 || k < best_city)
			continue;
		if (k > best_city)
			ncand = 0;
		best_city = k;
		if (ncand < sizeof(cands) / sizeof(cands[0]))
			cands[ncand++] = (uint32_t)i;
	}
	if (ncand == 0)
		return 0;
	s += best_city;
	s += skip_space(s);
	s0 = first_cp(s);
	s0sp = equiv_special(s0);
	/* The longest town in those cities; a town-less code when none. */
	for (c = 0; c < ncand; c++) {
		const struct pcity *ct = &p->city[cands[c]];

		for (j = 0; j < ct->ngen; j++) {
			const struct prow *r =
				&p->row[p->by_city[ct->first + j]];

			if (!*S(p, r->town) ||
			    !may_start(s0, s0sp, r->town_cp0))
				continue;
			k = match_prefix(s, S(p, r->town));
			if (k > best_town) {
				best_town = k;
				town = S(p, r->town);
			}
		}
	}
	if (town) {
		const struct prow *r = find_floor(p, cands, ncand, town,
						  s + best_town);

		if (r) {
			if (cap > 0)
				fill_place(p, r, &out[0]);
			return 1;
		}
	}
	for (c = 0; c < ncand; c++) {
		const struct pcity *ct = &p->city[cands[c]];

		for (j = 0; j < ct->ngen; j++) {
			const struct prow *r =
				&p->row[p->by_city[ct->first + j]];
			size_t d;
			int dup = 0;

			if (best_town ? !may_start(s0, s0sp, r->town_cp0) ||
						match_prefix(s, S(p, r->town)) !=
							best_town
				      : *S(p, r->town) != '\0')
				continue;
			for (d = 0; d < n && d < cap; d++)
				dup |= out[d].code == r->code;
			if (dup)
				continue;
			if (n < cap)
				fill_place(p, r, &out[n]);
			n++;
		}
	}
	return n;
}

/* Substitutions between table string t and o[at..] (addr_equiv counts as
 * equal), or -1 if o is too short or more than max differ. */
static int subs_at(const int32_t *o, size_t n, size_t at, const char *t,
		   int max, size_t *len)
{
	int32_t tc[MS_KN_PLACE_CPS];
	size_t tn = kn_decode(t, tc, MS_KN_PLACE_CPS), i;
	int d = 0;

	*len = tn;
	if (tn == 0 || at + tn > n)
		return -1;
	for (i = 0; i < tn; i++)
		if (!addr_equiv(o[at + i], tc[i]) && ++d > max)
			return -1;
	return d;
}

/* The codes of the towns of city ct named at o[at..]: the longest town
 * read right (*subs 0), else the towns of two characters or more read
 * with one character wrong and a number right after (*subs 1). Writes
 * distinct codes to codes[0..8) and returns how many. */
static size_t towns_at(const ms_postal *p, const struct pcity *ct,
		       const int32_t *o, size_t n, size_t at,
		       uint32_t codes[8], int *subs)
{
	size_t j, len, best = 0, nc = 0, q;
	int pass, d;

	for (pass = 0; pass < 2 && nc == 0; pass++) {
		*subs = pass;
		for (j = 0; j < ct->ngen; j++) {
			const struct prow *r =
				&p->row[p->by_city[ct->first + j]];
			int dup = 0;

			if (!*S(p, r->town))
				continue;
			d = subs_at(o, n, at, S(p, r->town), pass, &len);
			if (d != pass || len < best)
				continue;
			if (pass == 1 &&
			    (len < 2 || at + len >= n ||
			     !((o[at + len] >= '0' && o[at + len] <= '9') ||
			       kn_kanji_digit(o[at + len]) > 0 ||
			       o[at + len] == 0x5341)))
				continue;
			if (len > best) {
				best = len;
				nc = 0;
			}
			for (q = 0; q < nc; q++)
				dup |= codes[q] == r->code;
			if (!dup && nc < 8)
				codes[nc++] = r->code;
		}
	}
	return nc;
}

uint32_t ms_postal_guess_code(const ms_postal *p, const char *address)
{
	char norm[MS_MAX_LINE_BYTES * 4];
	int32_t o[MS_KN_ADDR_CPS];
	uint32_t codes[8], found = 0;
	size_t n, i, at, len, best_len = 0, best_at = 0, pl = 0, nc, q;
	long city = -1;
	int pi, ties = 0, subs, best_subs = 2, clash = 0;

	if (!p || ms_nfkc(address, norm, sizeof(norm)) != MS_OK)
		return 0;
	n = kn_decode(norm, o, MS_KN_ADDR_CPS);
	/* A city read right, in the first characters (after a prefecture,
	 * or junk and a misread prefecture): the longest, then the first. */
	for (i = 0; i < p->ncity; i++)
		for (at = 0; at < 10 && at < n; at++) {
			if (o[at] != p->city[i].first_cp ||
			    subs_at(o, n, at, S(p, p->city[i].city), 0, &len) !=
				    0)
				continue;
			if (len > best_len || (len == best_len && at < best_at)) {
				best_len = len;
				best_at = at;
				city = (long)i;
				ties = 0;
			} else if (len == best_len && at == best_at) {
				ties = 1;
			}
			break;
		}
	if (city >= 0 && !ties) { /* (a tie: 府中市 of Tokyo or Hiroshima) */
		at = best_at + best_len;
		while (at < n && kn_is_space(o[at]))
			at++;
		nc = towns_at(p, &p->city[city], o, n, at, codes, &subs);
		for (q = 1; q < nc; q++)
			if (codes[q] != codes[0])
				return 0;
		if (nc)
			return codes[0];
	}
	/* Else (no city read right, or one naming none of its towns: 中央区
	 * of Tokyo in 大阪府大販市中央区北浜) the cities of the printed
	 * prefecture one character off, and of those the one whose town is
	 * named, read right before read one off (江東区 and 台東区 are both
	 * one off 合東区; 上野 is in 台東区, 平野, one off, in 江東区). */
	pi = match_pref(p, norm, &pl);
	if (pi < 0)
		return 0;
	{
		char pre[MS_MAX_LINE_BYTES * 4];
		int32_t tmp[MS_KN_ADDR_CPS];

		memcpy(pre, norm, pl);
		pre[pl] = '\0';
		pl = kn_decode(pre, tmp, MS_KN_ADDR_CPS);
	}
	while (pl < n && kn_is_space(o[pl]))
		pl++;
	for (i = 0; i < p->ncity; i++) {
		if (p->city[i].pi != (uint32_t)pi ||
		    subs_at(o, n, pl, S(p, p->city[i].city), 1, &len) != 1 ||
		    len < 3)
			continue;
		at = pl + len;
		while (at < n && kn_is_space(o[at]))
			at++;
		nc = towns_at(p, &p->city[i], o, n, at, codes, &subs);
		if (nc == 0 || subs > best_subs)
			continue;
		if (subs < best_subs) {
			best_subs = subs;
			found = 0;
			clash = 0;
		}
		for (q = 0; q < nc; q++) {
			if (found && codes[q] != found)
				clash = 1;
			found = codes[q];
		}
	}
	return clash ? 0 : found;
}

/* ---- Alignment -------------------------------------------------------- */

enum { OP_DIAG = 0, OP_DEL = 1, OP_INS = 2 };

/* Costs, in half edits: a look-alike substitution costs one, any other
 * edit two; white space in the OCR text is free. */
static unsigned sub_cost(int32_t e, int32_t o)
{
	if (addr_equiv(e, o))
		return 0;
	return kn_lookalike(e, o) ? 1 : 2;
}

struct expect {
	int32_t cp[MS_KN_PLACE_CPS];
	uint8_t seg[MS_KN_PLACE_CPS]; /* 0 prefecture, 1 city, 2 town */
	size_t n;
	size_t seglen[3];
};

static int add_seg(struct expect *e, const char *s, uint8_t seg)
{
	int32_t tmp[MS_KN_PLACE_CPS];
	size_t n = kn_decode(s, tmp, MS_KN_PLACE_CPS), i;

	if (e->n + n > MS_KN_PLACE_CPS)
		return 0;
	for (i = 0; i < n; i++) {
		e->cp[e->n] = tmp[i];
		e->seg[e->n++] = seg;
	}
	e->seglen[seg] += n;
	return 1;
}

struct alignment {
	unsigned cost;   /* in half edits */
	size_t end;      /* OCR code points covered */
	size_t errs[3];  /* edits per part */
	size_t town0, town1; /* the OCR code points read for the town */
	int32_t fixed[MS_KN_ADDR_CPS + MS_KN_PLACE_CPS];
	size_t nfixed;
};

/* Aligns all of e to a prefix of o[0..n) and builds the corrected prefix. */
static int align(const struct expect *e, const int32_t *o, size_t n,
		 struct alignment *a)
{
	size_t m = e->n, w = n + 1, i, j, best;
	uint16_t *d;
	uint8_t *op;
	int32_t rev[MS_KN_ADDR_CPS + MS_KN_PLACE_CPS];
	size_t nrev = 0;

	d = malloc((m + 1) * w * sizeof(*d));
	op = malloc((m + 1) * w);
	if (!d || !op) {
		free(d);
		free(op);
		return 0;
	}
	d[0] = 0;
	op[0] = OP_DIAG;
	for (j = 1; j <= n; j++) {
		d[j] = (uint16_t)(d[j - 1] + (kn_is_space(o[j - 1]) ? 0 : 2));
		op[j] = OP_INS;
	}
	for (i = 1; i <= m; i++) {
		d[i * w] = (uint16_t)(d[(i - 1) * w] + 2);
		op[i * w] = OP_DEL;
		for (j = 1; j <= n; j++) {
			unsigned dg = d[(i - 1) * w + j - 1] +
				      sub_cost(e->cp[i - 1], o[j - 1]);
			unsigned dl = d[(i - 1) * w + j] + 2u;
			unsigned in = d[i * w + j - 1] +
				      (kn_is_space(o[j - 1]) ? 0u : 2u);
			unsigned v = dg;
			uint8_t o1 = OP_DIAG;

			if (dl < v) {
				v = dl;
				o1 = OP_DEL;
			}
			if (in < v) {
				v = in;
				o1 = OP_INS;
			}
			d[i * w + j] = (uint16_t)v;
			op[i * w + j] = o1;
		}
	}
	best = 0;
	for (j = 1; j <= n; j++)
		if (d[m * w + j] <= d[m * w + best])
			best = j;
	a->cost = d[m * w + best];
	a->end = best;
	a->errs[0] = a->errs[1] = a->errs[2] = 0;
	a->town0 = n;
	a->town1 = 0;
	/* Walk back, building the corrected text in reverse. */
	i = m;
	j = best;
	while (i > 0 || j > 0) {
		uint8_t o1 = op[i * w + j];
		size_t seg = e->seg[i > 0 ? (i < m ? i : m - 1) : 0];

		if (j > 0 && o1 != OP_DEL &&
		    e->seg[i > 0 ? i - 1 : 0] == 2) {
			if (j - 1 < a->town0)
				a->town0 = j - 1;
			if (j > a->town1)
				a->town1 = j;
		}
		if (i > 0 && j > 0 && o1 == OP_DIAG) {
			unsigned c = sub_cost(e->cp[i - 1], o[j - 1]);

			if (c)
				a->errs[e->seg[i - 1]]++;
			rev[nrev++] = c ? e->cp[i - 1] : o[j - 1];
			i--;
			j--;
		} else if (i > 0 && (j == 0 || o1 == OP_DEL)) {
			a->errs[e->seg[i - 1]]++;
			rev[nrev++] = e->cp[i - 1];
			i--;
		} else {
			if (kn_is_space(o[j - 1]))
				rev[nrev++] = o[j - 1];
			else
				a->errs[seg]++;
			j--;
		}
	}
	a->nfixed = nrev;
	for (i = 0; i < nrev; i++)
		a->fixed[i] = rev[nrev - 1 - i];
	free(d);
	free(op);
	return 1;
}

/* Is every part close enough to be a misreading of the expected one? A
 * town of three characters or more may have half of them misread where
 * the prefecture and city have at most one (西た反還 for 西五反田), and a
 * city more where the town is read right: the code and the rest say
 * where it is, and a town the text names in full is caught by the
 * caller. The same for a prefecture, before a city mostly right. */
static int parts_close(const struct expect *e, const struct alignment *a)
{
	int s;

	for (s = 0; s < 3; s++) {
		if (a->errs[s] == 0)
			continue;
		if (s == 2 && e->seglen[2] >= 3 && a->errs[0] + a->errs[1] <= 1 &&
		    a->errs[2] * 2 <= e->seglen[2])
			continue;
		/* Likewise a city of three characters or more with up to
		 * two thirds misread (部謀市 for 那覇市) between a prefecture
		 * all but right and a town of two or more read right. */
		if (s == 1 && e->seglen[1] >= 3 && e->seglen[2] >= 2 &&
		    a->errs[0] <= 1 && a->errs[2] == 0 &&
		    a->errs[1] * 3 <= e->seglen[1] * 2)
			continue;
		/* And a prefecture two thirds misread (大販奉 for 大阪府)
		 * before a city mostly right and a town read right. */
		if (s == 0 && e->seglen[1] >= 3 && e->seglen[2] >= 2 &&
		    a->errs[2] == 0 && a->errs[1] * 2 <= e->seglen[1] &&
		    a->errs[0] * 3 <= e->seglen[0] * 2)
			continue;
		if (e->seglen[s] == 0 || a->errs[s] * 3 > e->seglen[s] + 1)
			return 0;
	}
	return 1;
}

/* Skips a printed code and 〒 at the start of the address. */
static size_t skip_code(const int32_t *o, size_t n)
{
	size_t i = 0, digits = 0;

	while (i < n && (o[i] == 0x3012 || (o[i] >= '0' && o[i] <= '9') ||
			 kn_is_dash(o[i]) || kn_is_space(o[i]))) {
		digits += o[i] >= '0' && o[i] <= '9';
		i++;
	}
	return digits >= 3 || (i > 0 && o[0] == 0x3012) ? i : 0;
}

/* The town to align an address with. A high-rise's per-floor code names
 * the town, the building and the floor (丸の内丸の内ビルディング5階; the
 * code ending in 90 has no floor); a card prints the town, chōme and
 * banchi first, so the plain town (丸の内) is used. */
static void town_for_align(const ms_postal *p, const ms_postal_place *pl,
			   char *out, size_t cap)
{
	size_t tl = strlen(pl->town), lo = 0, hi = p->nrow, j, best = 0;
	const struct pcity *ct;

	ms_strlcpy_utf8(out, pl->town, cap);
	if (!(tl > 3 && strcmp(pl->town + tl - 3, "階") == 0) &&
	    pl->code % 100 != 90)
		return;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->row[mid].code < pl->code)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= p->nrow)
		return;
	ct = &p->city[p->row[lo].cid];
	for (j = 0; j < ct->ngen; j++) {
		const char *t = S(p, p->row[p->by_city[ct->first + j]].town);
		size_t l = strlen(t);

		/* The shortest town it starts with: the building's own
		 * no-floor row (…90) starts it too. */
		if (l > 0 && l < tl && (best == 0 || l < best) &&
		    strncmp(pl->town, t, l) == 0)
			best = l;
	}
	if (best && best < cap)
		out[best] = '\0';
}

/* The same ink misread the same way: where the town as OCR read it (two
 * characters or more, each one replaced) is found again after the aligned
 * part, in a building named after the town (曙町プレイス read 暑町プレイス
 * as 曙町 was read 暑町), it is corrected there too. o is the OCR text
 * the alignment a started at. */
static void fix_town_again(int32_t *all, size_t na, size_t tail,
			   const int32_t *o, const struct alignment *a,
			   const char *town)
{
	int32_t t[MS_KN_PLACE_CPS], r[MS_KN_PLACE_CPS];
	size_t nt = kn_decode(town, t, MS_KN_PLACE_CPS), nr = 0, i, k;

	for (i = a->town0; i < a->town1 && nr < MS_KN_PLACE_CPS; i++)
		if (!kn_is_space(o[i]))
			r[nr++] = o[i];
	if (nr < 2 || nr != nt || memcmp(r, t, nr * sizeof(*r)) == 0)
		return;
	for (i = tail; i + nr <= na; i++) {
		for (k = 0; k < nr && all[i + k] == r[k]; k++)
			;
		if (k == nr) {
			memcpy(all + i, t, nt * sizeof(*t));
			i += nr - 1;
		}
	}
}

/* A building named after the town, read with one character wrong where
 * the town itself was read right (江野町 and 近野町ビル): a run after the
 * aligned part that is the town (three characters or more) but for one
 * character, right before a building word, becomes the town. Returns 1
 * if it changed all. */
static int fix_town_building(int32_t *all, size_t na, size_t tail,
			     const char *town)
{
	static const char *const words[] = {"ビル", "タワー", "会館",
					    "センター", "プレイス", "ビルディング"};
	int32_t t[MS_KN_PLACE_CPS], wd[8];
	size_t nt = kn_decode(town, t, MS_KN_PLACE_CPS), i, k, w, nw;
	int changed = 0;

	if (nt < 3)
		return 0;
	for (i = tail; i + nt < na; i++) {
		size_t diff = 0;
		int word = 0;
		for (k = 0; k < nt && diff < 2; k++)
			diff += all[i + k] != t[k];
		if (diff != 1 || (i > tail && !kn_is_space(all[i - 1])))
			continue;
		for (w = 0; w < sizeof(words) / sizeof(words[0]) && !word; w++) {
			nw = kn_decode(words[w], wd, 8);
			word = i + nt + nw <= na &&
			       memcmp(all + i + nt, wd, nw * sizeof(*wd)) == 0;
		}
		if (!word)
			continue;
		memcpy(all + i, t, nt * sizeof(*t));
		changed = 1;
	}
	return changed;
}

ms_rc ms_postal_align(const ms_postal *p, uint32_t code, const char *address,
		      char *out, size_t cap, double *score,
		      ms_postal_verdict *verdict)
{
	char norm[MS_MAX_LINE_BYTES * 4];
	ms_postal_place pl[8];
	int32_t o[MS_KN_ADDR_CPS];
	struct alignment *a = NULL, *best = NULL;
	struct expect e, best_e = {0};
	char town[MS_MAX_LINE_BYTES], best_town[MS_MAX_LINE_BYTES] = "";
	size_t nrow, n, lead, r, v, total;
	ms_rc rc;

	*score = 0;
	*verdict = MS_POSTAL_UNKNOWN;
	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	rc = ms_nfkc(address, norm, sizeof(norm));
	if (rc != MS_OK)
		return rc;
	ms_trim(norm);
	if (strlen(norm) + 1 > cap)
		return MS_ERR_TOO_BIG;
	memcpy(out, norm, strlen(norm) + 1);
	if (!p)
		return MS_ERR_INVALID;
	nrow = ms_postal_lookup(p, code, pl, 8);
	if (nrow == 0)
		return MS_OK;
	if (nrow > 8)
		nrow = 8;
	n = kn_decode(norm, o, MS_KN_ADDR_CPS);
	lead = skip_code(o, n);
	a = malloc(2 * sizeof(*a));
	if (!a)
		return MS_ERR_NOMEM;
	for (r = 0; r < nrow; r++) {
		if (*pl[r].street && r > 0)
			continue;
		town_for_align(p, &pl[r], town, sizeof(town));
		for (v = 0; v < 2; v++) {
			struct alignment *cur = best == &a[0] ? &a[1] : &a[0];

			memset(&e, 0, sizeof(e));
			if ((v == 0 && !add_seg(&e, pl[r].pref, 0)) ||
			    !add_seg(&e, pl[r].city, 1) ||
			    !add_seg(&e, town, 2) || e.n == 0)
				continue;
			if (!align(&e, o + lead, n - lead, cur)) {
				free(a);
				return MS_ERR_NOMEM;
			}
			/* Compare by edits per expected character. */
			if (!best || cur->cost * best_e.n < best->cost * e.n) {
				best = cur;
				best_e = e;
				memcpy(best_town, town, sizeof(town));
			}
		}
	}
	if (!best) {
		free(a);
		return MS_OK;
	}
	*score = 1.0 - (double)best->cost / (2.0 * (double)best_e.n);
	if (*score < 0)
		*score = 0;
	total = best->errs[0] + best->errs[1] + best->errs[2];
	if (total == 0) {
		*verdict = MS_POSTAL_AGREE;
	} else if (!parts_close(&best_e, best)) {
		*verdict = MS_POSTAL_DISAGREE;
	} else {
		/* A misreading must not be another real place: if the printed
		 * text names another town in full, trust neither. */
		ms_postal_place f[4];
		size_t nf = ms_postal_find(p, norm, f, 4), k, other = 0;

		for (k = 0; k < nf && k < 4; k++)
			if (f[k].code != code && *f[k].town &&
			    strcmp(f[k].town, best_town) != 0 &&
			    strncmp(f[k].town, best_town,
				    strlen(best_town)) != 0 &&
			    ms_utf8_len(f[k].town) >= best_e.seglen[2])
				other = 1;
		*verdict = other ? MS_POSTAL_DISAGREE : MS_POSTAL_CORRECTED;
	}
	if (*verdict == MS_POSTAL_AGREE || *verdict == MS_POSTAL_CORRECTED) {
		int32_t all[ALL_CPS];
		size_t k, na = 0, tail;

		for (k = 0; k < lead; k++)
			all[na++] = o[k];
		for (k = 0; k < best->nfixed && na < ALL_CPS; k++)
			all[na++] = best->fixed[k];
		tail = na;
		for (k = lead + best->end; k < n && na < ALL_CPS; k++)
			all[na++] = o[k];
		fix_town_again(all, na, tail, o + lead, best, best_town);
		if (fix_town_building(all, na, tail, best_town))
			*verdict = MS_POSTAL_CORRECTED;
		if (*verdict == MS_POSTAL_AGREE) {
			free(a);
			return MS_OK;
		}
		rc = kn_encode(all, na, out, cap);
		if (rc == MS_OK && n == MS_KN_ADDR_CPS) {
			/* Keep a tail beyond the aligned length as printed. */
			const char *t = norm;
			size_t len = strlen(t), used = 0, kk, cnt = 0;
			int32_t c;

			while (cnt < MS_KN_ADDR_CPS &&
			       (kk = ms_utf8_next(t + used, len - used, &c)))
				used += kk, cnt++;
			if (strlen(out) + strlen(t + used) + 1 > cap)
				rc = MS_ERR_TOO_BIG;
			else
				memcpy(out + strlen(out), t + used,
				       strlen(t + used) + 1);
		}
		if (rc != MS_OK)
			memcpy(out, norm, strlen(norm) + 1);
	}
	free(a);
	return rc;
}

/* ---- Normalising and splitting ---------------------------------------- */

static int is_digit(int32_t c)
{
	return c >= '0' && c <= '9';
}

/* Reads a number at o[i]: ASCII digits, or kanji numerals (with 十 and
 * 百). Returns code points read (0 if none) and the value in *v. */
static size_t read_number(const int32_t *o, size_t n, size_t i, long *v,
			  int *kanji)
{
	size_t k = i;
	long cur = 0, acc = 0;

	*v = 0;
	*kanji = 0;
	if (i < n && is_digit(o[i])) {
		while (k < n && is_digit(o[k]) && k - i < 6)
			*v = *v * 10 + (o[k++] - '0');
		return k - i;
	}
	while (k < n && k - i < 8) {
		int dg = kn_kanji_digit(o[k]);

		if (dg >= 0) {
			cur = cur * 10 + dg;
		} else if (o[k] == 0x5341) { /* 十 */
			acc += (cur ? cur : 1) * 10;
			cur = 0;
		} else if (o[k] == 0x767E) { /* 百 */
			acc += (cur ? cur : 1) * 100;
			cur = 0;
		} else {
			break;
		}
		k++;
	}
	*v = acc + cur;
	*kanji = k > i;
	return k - i;
}

static int at(const int32_t *o, size_t n, size_t i, const char *word,
	      size_t *len)
{
	int32_t w[4];
	size_t wn = kn_decode(word, w, 4), k;

	if (i + wn > n)
		return 0;
	for (k = 0; k < wn; k++)
		if (o[i + k] != w[k])
			return 0;
	*len = wn;
	return 1;
}

/* Reads a chōme-banchi-gō group at o[i] ("1丁目2番地3号", "1-2-3", "一丁目
 * 2-3", "2番地の5"). Returns code points read (0 if none); the numbers go
 * to nums. */
static size_t read_group(const int32_t *o, size_t n, size_t i, long *nums,
			 size_t *nn)
{
	size_t k = i, len, l;
	long v;
	int kanji;

	*nn = 0;
	while (k < n && *nn < 6) {
		l = read_number(o, n, k, &v, &kanji);
		if (l == 0)
			break;
		if (at(o, n, k + l, "丁目", &len) ||
		    at(o, n, k + l, "番地", &len) ||
		    at(o, n, k + l, "番", &len)) {
			nums[(*nn)++] = v;
			k += l + len;
			if (at(o, n, k, "の", &len) && k + 1 < n &&
			    is_digit(o[k + 1]))
				k += len;
			continue;
		}
		if (at(o, n, k + l, "号", &len)) {
			nums[(*nn)++] = v;
			k += l + len;
			break;
		}
		if (kanji)
			break;
		if (k + l + 1 < n &&
		    (kn_is_dash(o[k + l]) || o[k + l] == 0x306E) &&
		    is_digit(o[k + l + 1])) {
			nums[(*nn)++] = v;
			k += l + 1;
			continue;
		}
		if (*nn > 0 && !(k + l < n && (o[k + l] == 'F' ||
						o[k + l] == 0x968E))) {
			nums[(*nn)++] = v;
			k += l;
		}
		break;
	}
	return *nn ? k - i : 0;
}

ms_rc ms_addr_normalise(const char *address, char *out, size_t cap)
{
	char norm[MS_MAX_LINE_BYTES * 4];
	int32_t o[MS_KN_ADDR_CPS], r[MS_KN_ADDR_CPS * 2];
	size_t n, i = 0, nr = 0, g, nn, k;
	long nums[6];
	ms_rc rc;

	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	rc = ms_nfkc(address, norm, sizeof(norm));
	if (rc != MS_OK)
		return rc;
	n = kn_decode(norm, o, MS_KN_ADDR_CPS);
	while (i < n && nr + 32 < sizeof(r) / sizeof(r[0])) {
		if (kn_is_space(o[i])) {
			i++;
			continue;
		}
		/* A group starts at a number not glued to a digit before. */
		g = (i > 0 && is_digit(o[i - 1]))
			    ? 0
			    : read_group(o, n, i, nums, &nn);
		if (g == 0) {
			r[nr++] = kn_is_dash(o[i]) && i > 0 &&
						  is_digit(o[i - 1])
					  ? '-'
					  : o[i];
			i++;
			continue;
		}
		for (k = 0; k < nn; k++) {
			char num[24];
			int len = snprintf(num, sizeof(num), "%ld", nums[k]);

			if (k > 0)
				r[nr++] = '-';
			for (int q = 0; q < len; q++)
				r[nr++] = num[q];
		}
		i += g;
	}
	return kn_encode(r, nr, out, cap);
}

int ms_addr_equal(const char *a, const char *b)
{
	char ka[MS_MAX_LINE_BYTES * 2], kb[MS_MAX_LINE_BYTES * 2];

	if (ms_addr_normalise(a, ka, sizeof(ka)) != MS_OK ||
	    ms_addr_normalise(b, kb, sizeof(kb)) != MS_OK)
		return 0;
	return strcmp(ka, kb) == 0;
}

/* Without the table: a prefecture is a name ending in 都, 道, 府 or 県
 * within four characters; a city ends at the first 市 (and a ward after
 * it), 区, or 町/村 after a 郡. Returns bytes covered. */
static size_t guess_unit(const char *s, int city)
{
	int32_t c;
	size_t used = 0, k, len = strlen(s), cnt = 0, after_shi = 0;
	int gun = 0;

	while ((k = ms_utf8_next(s + used, len - used, &c)) != 0 &&
	       cnt < 12) {
		used += k;
		cnt++;
		if (!city) {
			if (cnt > 4)
				return 0;
			if (c == 0x90FD || c == 0x9053 || c == 0x5E9C ||
			    c == 0x770C)
				return cnt >= 2 ? used : 0;
			continue;
		}
		if (c == 0x90E1) /* 郡 */
			gun = 1;
		if (c == 0x5E02) /* 市 */
			after_shi = used;
		if (c == 0x533A) /* 区 */
			return used;
		if (!gun && after_shi && cnt > 1) {
			/* A ward may follow the city (札幌市中央区). */
			size_t u2 = used, c2 = 0;
			int32_t d;

			while (c2 < 4 && (k = ms_utf8_next(s + u2, len - u2,
							   &d)) != 0) {
				u2 += k;
				c2++;
				if (d == 0x533A)
					return u2;
			}
			return after_shi;
		}
		if (gun && (c == 0x753A || c == 0x6751))
			return used;
	}
	return 0;
}

ms_rc ms_addr_split(const ms_postal *p, const char *address,
		    ms_addr_parts *parts)
{
	char norm[MS_MAX_LINE_BYTES * 4];
	const char *s;
	size_t used = 0, k, best = 0, i;
	const char *pref = NULL, *city_pref = NULL;
	int pi = -1, ambiguous = 0;
	ms_rc rc;

	memset(parts, 0, sizeof(*parts));
	rc = ms_nfkc(address, norm, sizeof(norm));
	if (rc != MS_OK)
		return rc;
	ms_trim(norm);
	s = norm;
	if (p)
		pi = match_pref(p, s, &used);
	else
		used = guess_unit(s, 0);
	if (pi >= 0)
		pref = S(p, p->pref[pi]);
	if (used) {
		ms_strlcpy_utf8(parts->pref, pref ? pref : s,
				used + 1 < sizeof(parts->pref) && !pref
					? used + 1
					: sizeof(parts->pref));
		s += used;
	}
	s += skip_space(s);
	if (p) {
		int32_t s0 = first_cp(s);
		int s0sp = equiv_special(s0);

		for (i = 0; i < p->ncity; i++) {
			if (!may_start(s0, s0sp, p->city[i].first_cp) ||
			    (pref && strcmp(S(p, p->city[i].pref), pref) != 0))
				continue;
			k = match_prefix(s, S(p, p->city[i].city));
			if (k == 0 || k < best)
				continue;
			if (k > best || (city_pref && strcmp(city_pref,
						S(p, p->city[i].pref)) == 0))
				ambiguous = 0;
			else
				ambiguous = 1;
			best = k;
			city_pref = S(p, p->city[i].pref);
		}
		if (best && !pref && !ambiguous)
			ms_strlcpy_utf8(parts->pref, city_pref,
					sizeof(parts->pref));
		if (best && !pref && ambiguous) {
			/* 府中市 is in Tokyo and in Hiroshima: the town may
			 * tell which. */
			ms_postal_place f[8];
			size_t nf = ms_postal_find(p, norm, f, 8), q;
			int same = nf > 0 && nf <= 8 && *f[0].town;

			for (q = 1; same && q < nf; q++)
				same = strcmp(f[q].pref, f[0].pref) == 0;
			if (same)
				ms_strlcpy_utf8(parts->pref, f[0].pref,
						sizeof(parts->pref));
		}
	} else {
		best = guess_unit(s, 1);
	}
	if (best) {
		size_t c = best + 1;

		if (c > sizeof(parts->city))
			c = sizeof(parts->city);

		ms_strlcpy_utf8(parts->city, s, c);
		s += best;
	}
	s += skip_space(s);
	ms_strlcpy_utf8(parts->street, s, sizeof(parts->street));
	return MS_OK;
}
