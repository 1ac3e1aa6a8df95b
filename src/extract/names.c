/*
 * Japanese personal names against MeCab's ipadic name entries.
 *
 * The table (models/names-ja.tsv) is read once into one buffer. Rows come
 * sorted by kind, then surface, so a surface is found by binary search in
 * the surname or the given-name block; a second index sorted by reading
 * finds the names that are read a given way. On top of that: splitting a
 * name into family and given name, checking it against a printed reading,
 * a romanised name or an email local part (through Hepburn romanisation
 * with long vowels folded), and choosing between OCR look-alikes of the
 * name line only where that evidence agrees.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "meishi/buf.h"
#include "meishi/names.h"
#include "meishi/text.h"
#include "extract/kn_int.h"

struct nrow {
	uint32_t surface, reading; /* offsets into buf */
	int32_t cost;
	uint8_t kind;
};

struct ms_names {
	ms_buf buf;
	struct nrow *row;
	size_t nrow;
	size_t lo[3], hi[3];   /* row range per kind (1, 2) */
	uint32_t *by_reading; /* row indices sorted by kind, reading */
};

static const char *S(const ms_names *h, uint32_t off)
{
	return h->buf.data + off;
}

static const ms_names *sort_ctx;

static int reading_cmp(const void *a, const void *b)
{
	const struct nrow *x = &sort_ctx->row[*(const uint32_t *)a];
	const struct nrow *y = &sort_ctx->row[*(const uint32_t *)b];
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	c = strcmp(S(sort_ctx, x->reading), S(sort_ctx, y->reading));
	return c ? c : (x->cost > y->cost) - (x->cost < y->cost);
}

static pthread_mutex_t sort_lock = PTHREAD_MUTEX_INITIALIZER;

ms_rc ms_names_open(const char *models_dir, ms_names **out, ms_err *err)
{
	ms_names *h;
	char *cur, *line, *f[4];
	size_t cap, i;
	ms_rc rc;

	*out = NULL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return ms_err_set(err, MS_ERR_NOMEM, "Out of memory.");
	rc = kn_read_table(models_dir, "names-ja.tsv", MS_KN_NAMES_FILE_BYTES,
			   &h->buf, err);
	if (rc != MS_OK)
		goto out;
	cap = h->buf.len / 8 + 1;
	if (cap > MS_KN_NAMES_ROWS)
		cap = MS_KN_NAMES_ROWS;
	h->row = malloc(cap * sizeof(*h->row));
	if (!h->row) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "Out of memory.");
		goto out;
	}
	cur = h->buf.data;
	while ((line = kn_next_line(&cur)) != NULL) {
		struct nrow *r;
		char *end;
		long cost;

		for (i = 0; i < 4; i++)
			f[i] = kn_next_field(&line);
		if (h->nrow >= cap) {
			rc = ms_err_set(err, MS_ERR_TOO_BIG,
					"names-ja.tsv has more than %zu rows.",
					cap);
			goto out;
		}
		r = &h->row[h->nrow];
		r->kind = f[0][0] == 's' && !f[0][1]   ? MS_NAME_SURNAME
			  : f[0][0] == 'g' && !f[0][1] ? MS_NAME_GIVEN
						       : 0;
		cost = strtol(f[3], &end, 10);
		if (!r->kind || !*f[1] || !*f[2] || end == f[3] || *end ||
		    cost < 0 || cost > 1000000) {
			rc = ms_err_set(err, MS_ERR_CORRUPT,
					"names-ja.tsv row %zu is malformed.",
					h->nrow + 1);
			goto out;
		}
		r->surface = (uint32_t)(f[1] - h->buf.data);
		r->reading = (uint32_t)(f[2] - h->buf.data);
		r->cost = (int32_t)cost;
		if (h->nrow > 0) {
			const struct nrow *q = &h->row[h->nrow - 1];

			/* Each kind is one block, sorted by surface. */
			if ((q->kind != r->kind && h->hi[r->kind] != 0) ||
			    (q->kind == r->kind &&
			     strcmp(S(h, q->surface), S(h, r->surface)) > 0)) {
				rc = ms_err_set(err, MS_ERR_CORRUPT,
						"names-ja.tsv is not sorted at "
						"row %zu.",
						h->nrow + 1);
				goto out;
			}
		}
		if (h->hi[r->kind] == 0)
			h->lo[r->kind] = h->nrow;
		h->hi[r->kind] = h->nrow + 1;
		h->nrow++;
	}
	h->by_reading = malloc((h->nrow + 1) * sizeof(*h->by_reading));
	if (!h->by_reading) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "Out of memory.");
		goto out;
	}
	for (i = 0; i < h->nrow; i++)
		h->by_reading[i] = (uint32_t)i;
	pthread_mutex_lock(&sort_lock);
	sort_ctx = h;
	qsort(h->by_reading, h->nrow, sizeof(*h->by_reading), reading_cmp);
	sort_ctx = NULL;
	pthread_mutex_unlock(&sort_lock);
out:
	if (rc != MS_OK) {
		ms_names_close(h);
		return rc;
	}
	*out = h;
	return MS_OK;
}

void ms_names_close(ms_names *h)
{
	if (!h)
		return;
	ms_buf_free(&h->buf);
	free(h->row);
	free(h->by_reading);
	free(h);
}

size_t ms_names_count(const ms_names *h)
{
	return h ? h->nrow : 0;
}

/* First row of kind whose surface is >= s. */
static size_t lower_surface(const ms_names *h, ms_name_kind kind,
			    const char *s)
{
	size_t lo = h->lo[kind], hi = h->hi[kind];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(S(h, h->row[mid].surface), s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Inserts s into out[0..*n) (capped at cap), kept in order of cost,
 * commonest first; counts every call in *total. */
static void keep_commonest(const char **out, int32_t *costs, size_t *n,
			   size_t cap, size_t *total, const char *s,
			   int32_t cost)
{
	size_t k = *n;

	(*total)++;
	while (k > 0 && costs[k - 1] > cost) {
		if (k < cap) {
			out[k] = out[k - 1];
			costs[k] = costs[k - 1];
		}
		k--;
	}
	if (k < cap) {
		out[k] = s;
		costs[k] = cost;
		if (*n < cap)
			(*n)++;
	}
}

size_t ms_names_readings(const ms_names *h, ms_name_kind kind,
			 const char *surface, const char **readings,
			 size_t cap)
{
	int32_t costs[16];
	size_t i, n = 0, total = 0;

	if (!h || (kind != MS_NAME_SURNAME && kind != MS_NAME_GIVEN))
		return 0;
	if (cap > 16)
		cap = 16;
	for (i = lower_surface(h, kind, surface);
	     i < h->hi[kind] && strcmp(S(h, h->row[i].surface), surface) == 0;
	     i++)
		keep_commonest(readings, costs, &n, cap, &total,
			       S(h, h->row[i].reading), h->row[i].cost);
	return total;
}

/* The lowest cost of surface as kind, or -1 if it is not a known name
 * (ipadic's name costs are all positive; the loader keeps them >= 0). */
static long best_cost(const ms_names *h, ms_name_kind kind,
		      const char *surface)
{
	size_t i;
	long best = -1;

	for (i = lower_surface(h, kind, surface);
	     i < h->hi[kind] && strcmp(S(h, h->row[i].surface), surface) == 0;
	     i++)
		if (best < 0 || h->row[i].cost < best)
			best = h->row[i].cost;
	return best;
}

int ms_names_is_surname(const ms_names *h, const char *surface)
{
	return h && best_cost(h, MS_NAME_SURNAME, surface) >= 0;
}

int ms_names_is_given(const ms_names *h, const char *surface)
{
	return h && best_cost(h, MS_NAME_GIVEN, surface) >= 0;
}

/* ---- Code-point helpers ----------------------------------------------- */

struct cps {
	int32_t c[MS_KN_NAME_CPS];
	size_t n;
	size_t space; /* index where a space was, or 0 */
};

/* NFKC, then code points without white space; remembers the first space
 * between two characters. */
static int name_cps(const char *s, struct cps *o)
{
	char norm[MS_MAX_FIELD_BYTES * 4];
	int32_t tmp[MS_KN_NAME_CPS * 2];
	size_t n, i;

	o->n = o->space = 0;
	if (!s || ms_nfkc(s, norm, sizeof(norm)) != MS_OK)
		return 0;
	n = kn_decode(norm, tmp, MS_KN_NAME_CPS * 2);
	for (i = 0; i < n; i++) {
		if (kn_is_space(tmp[i])) {
			if (o->n > 0 && !o->space)
				o->space = o->n;
			continue;
		}
		if (o->n >= MS_KN_NAME_CPS)
			return 0;
		o->c[o->n++] = tmp[i];
	}
	if (o->space >= o->n)
		o->space = 0;
	return o->n > 0;
}

static int all_kana(const int32_t *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!kn_is_kana(c[i]))
			return 0;
	return n > 0;
}

static void to_hira(const int32_t *c, size_t n, char *out, size_t cap)
{
	int32_t t[MS_KN_NAME_CPS];
	size_t i;

	if (n > MS_KN_NAME_CPS)
		n = MS_KN_NAME_CPS;
	for (i = 0; i < n; i++)
		t[i] = kn_hira(c[i]);
	if (kn_encode(t, n, out, cap) != MS_OK)
		out[0] = '\0';
}

/* Readings of the part c[0..n) as kind: the part itself when it is kana,
 * else the dictionary's. Writes into buf (caller's storage). */
static size_t part_readings(const ms_names *h, ms_name_kind kind,
			    const int32_t *c, size_t n, const char **r,
			    size_t cap, char *buf, size_t bufcap)
{
	char s[MS_MAX_FIELD_BYTES];

	if (all_kana(c, n)) {
		to_hira(c, n, buf, bufcap);
		r[0] = buf;
		return 1;
	}
	if (kn_encode(c, n, s, sizeof(s)) != MS_OK)
		return 0;
	n = ms_names_readings(h, kind, s, r, cap);
	return n < cap ? n : cap;
}

/* ---- Splitting -------------------------------------------------------- */

static ms_rc split_cps(const ms_names *h, const struct cps *c,
		       ms_name_split *out)
{
	size_t k, best_k = 0, lo = 1, hi;
	double best_s = -1;
	long best_cost_sum = 0;
	const char *r[4];
	char fam[MS_MAX_FIELD_BYTES], giv[MS_MAX_FIELD_BYTES];
	ms_rc rc;

	memset(out, 0, sizeof(*out));
	if (c->n == 0)
		return MS_ERR_INVALID;
	hi = c->n - 1;
	if (c->space)
		lo = hi = c->space;
	for (k = lo; k <= hi && c->n > 1; k++) {
		long fc, gc;
		double sc;

		if (kn_encode(c->c, k, fam, sizeof(fam)) != MS_OK ||
		    kn_encode(c->c + k, c->n - k, giv, sizeof(giv)) != MS_OK)
			continue;
		fc = best_cost(h, MS_NAME_SURNAME, fam);
		gc = best_cost(h, MS_NAME_GIVEN, giv);
		sc = (fc >= 0 ? 0.5 : 0) + (gc >= 0 ? 0.5 : 0);
		if (sc > best_s || (sc == best_s && sc > 0 &&
				    (fc < 0 ? 0 : fc) + (gc < 0 ? 0 : gc) <
					    best_cost_sum)) {
			best_s = sc;
			best_k = k;
			best_cost_sum = (fc < 0 ? 0 : fc) + (gc < 0 ? 0 : gc);
		}
	}
	if (best_s <= 0) {
		best_s = 0;
		best_k = c->space	? c->space
			 : c->n >= 3	? 2
			 : c->n > 1	? 1
					: c->n;
	}
	rc = kn_encode(c->c, best_k, out->family, sizeof(out->family));
	if (rc == MS_OK)
		rc = kn_encode(c->c + best_k, c->n - best_k, out->given,
			       sizeof(out->given));
	if (rc != MS_OK)
		return rc;
	out->score = best_s;
	if (part_readings(h, MS_NAME_SURNAME, c->c, best_k, r, 1,
			  out->family_reading, sizeof(out->family_reading)) &&
	    r[0] != out->family_reading)
		ms_strlcpy_utf8(out->family_reading, r[0],
				sizeof(out->family_reading));
	if (best_k < c->n &&
	    part_readings(h, MS_NAME_GIVEN, c->c + best_k, c->n - best_k, r, 1,
			  out->given_reading, sizeof(out->given_reading)) &&
	    r[0] != out->given_reading)
		ms_strlcpy_utf8(out->given_reading, r[0],
				sizeof(out->given_reading));
	return MS_OK;
}

ms_rc ms_names_split(const ms_names *h, const char *name, ms_name_split *out)
{
	struct cps c;

	memset(out, 0, sizeof(*out));
	if (!h || !name_cps(name, &c))
		return MS_ERR_INVALID;
	return split_cps(h, &c, out);
}

/* ---- Readings --------------------------------------------------------- */

/* The reading in hiragana without spaces; *split is the byte offset of a
 * printed space between family and given name (0 if none). Hiragana are
 * three bytes each in UTF-8. */
static size_t reading_hira(const char *reading, char *out, size_t cap,
			   size_t *split)
{
	struct cps c;

	out[0] = '\0';
	*split = 0;
	if (!reading || !name_cps(reading, &c) || !all_kana(c.c, c.n))
		return 0;
	to_hira(c.c, c.n, out, cap);
	*split = 3 * c.space;
	if (*split >= strlen(out))
		*split = 0;
	return strlen(out);
}

static ms_name_match match_cps(const ms_names *h, const struct cps *c,
			       const char *R, size_t rsplit)
{
	char fbuf[MS_MAX_FIELD_BYTES], gbuf[MS_MAX_FIELD_BYTES];
	const char *fr[8], *gr[8];
	size_t k, lo = 1, hi, nf, ng, i, j, rl = strlen(R);
	ms_name_match best = MS_NAME_MATCH_NONE;

	if (c->n == 0 || rl == 0)
		return best;
	if (all_kana(c->c, c->n)) {
		to_hira(c->c, c->n, fbuf, sizeof(fbuf));
		return strcmp(fbuf, R) == 0 ? MS_NAME_MATCH_FULL : best;
	}
	hi = c->n - 1;
	if (c->space)
		lo = hi = c->space;
	for (k = lo; k <= hi && c->n > 1; k++) {
		nf = part_readings(h, MS_NAME_SURNAME, c->c, k, fr, 8, fbuf,
				   sizeof(fbuf));
		for (i = 0; i < nf; i++) {
			size_t fl = strlen(fr[i]);

			if (fl >= rl || strncmp(R, fr[i], fl) != 0 ||
			    (rsplit && fl != rsplit))
				continue;
			best = MS_NAME_MATCH_FAMILY;
			ng = part_readings(h, MS_NAME_GIVEN, c->c + k, c->n - k,
					   gr, 8, gbuf, sizeof(gbuf));
			for (j = 0; j < ng; j++)
				if (strcmp(R + fl, gr[j]) == 0)
					return MS_NAME_MATCH_FULL;
		}
	}
	return best;
}

ms_name_match ms_names_match_reading(const ms_names *h, const char *name,
				     const char *reading)
{
	char R[MS_MAX_FIELD_BYTES];
	struct cps c;
	size_t rsplit;

	if (!h || !name_cps(name, &c) ||
	    !reading_hira(reading, R, sizeof(R), &rsplit))
		return MS_NAME_MATCH_NONE;
	return match_cps(h, &c, R, rsplit);
}

/* ---- Romanisation ----------------------------------------------------- */

/* One romaniser serves extraction and duplicate detection (util's
 * ms_kana_romanise); readings and katakana company words need only the
 * kana: ー and anything else are dropped. */
ms_rc ms_names_romanise(const char *kana, char *out, size_t cap)
{
	return ms_kana_romanise(kana, out, cap, 0);
}

/* Folds spellings that name the same sound: long vowels (ou, oo, uu, oh
 * before a consonant), m for n before b, m, p, and Kunrei si, ti, tu, zi.
 * s is lower-case ASCII letters; folded in place. */
void kn_fold_latin(char *s)
{
	char t[MS_MAX_FIELD_BYTES * 2];
	size_t i, n = strlen(s), o = 0;

	for (i = 0; i < n && o + 4 < sizeof(t); i++) {
		char c = s[i], d = s[i + 1];

		if (c == 's' && d == 'i') {
			t[o++] = 's';
			t[o++] = 'h';
			continue;
		}
		if (c == 't' && d == 'i' && (i == 0 || s[i - 1] != 's')) {
			t[o++] = 'c';
			t[o++] = 'h';
			continue;
		}
		if (c == 't' && d == 'u' && (i == 0 || s[i - 1] != 's')) {
			t[o++] = 't';
			t[o++] = 's';
			continue;
		}
		if (c == 'z' && d == 'i') {
			t[o++] = 'j';
			continue;
		}
		if (c == 'm' && (d == 'b' || d == 'p' || d == 'm')) {
			t[o++] = 'n';
			continue;
		}
		t[o++] = c;
		if ((c == 'o' && (d == 'u' || d == 'o')) ||
		    (c == 'u' && d == 'u'))
			i++;
		else if (c == 'o' && d == 'h' &&
			 !strchr("aiueoy", s[i + 2] ? s[i + 2] : 'x'))
			i++;
	}
	t[o] = '\0';
	memcpy(s, t, o + 1);
}

/* Lower-case letters of s (tokens joined), folded. */
static void latin_key(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (; s && *s && o + 1 < cap; s++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c >= 'a' && c <= 'z')
			out[o++] = c;
	}
	out[o] = '\0';
	kn_fold_latin(out);
}

static void roma_key(const char *kana, char *out, size_t cap)
{
	if (!kana || ms_names_romanise(kana, out, cap) != MS_OK)
		out[0] = '\0';
	kn_fold_latin(out);
}

double ms_names_latin_agrees(const char *family_reading,
			     const char *given_reading, const char *latin)
{
	char F[MS_MAX_FIELD_BYTES], G[MS_MAX_FIELD_BYTES];
	char L[MS_MAX_FIELD_BYTES], x[MS_MAX_FIELD_BYTES * 2 + 2];

	roma_key(family_reading, F, sizeof(F));
	roma_key(given_reading, G, sizeof(G));
	latin_key(latin, L, sizeof(L));
	if (!*L || (!*F && !*G))
		return 0;
	if (*F && *G) {
		snprintf(x, sizeof(x), "%s%s", F, G);
		kn_fold_latin(x);
		if (strcmp(L, x) == 0)
			return 1.0;
		snprintf(x, sizeof(x), "%s%s", G, F);
		kn_fold_latin(x);
		if (strcmp(L, x) == 0)
			return 1.0;
		snprintf(x, sizeof(x), "%c%s", G[0], F);
		if (strcmp(L, x) == 0)
			return 0.7;
		snprintf(x, sizeof(x), "%s%c", F, G[0]);
		if (strcmp(L, x) == 0)
			return 0.7;
	}
	if (*F && strcmp(L, F) == 0)
		return 0.5;
	if (*G && strcmp(L, G) == 0)
		return 0.4;
	return 0;
}

/* ---- Choosing between OCR candidates ---------------------------------- */

struct variant {
	struct cps c;
	int origin; /* candidate index, or -1 for a generated variant */
	int look;   /* generated by a look-alike substitution */
	int ins;    /* generated by putting back a character the OCR lost */
	int full;   /* the printed reading reads it in full */
	long cost;  /* dictionary cost of the two names (lower: commoner) */
	double evidence, dict, total;
};

/* A lost character put back is not seen at all: where the evidence fits
 * several names (中村 and 仲村 are both なかむら), the commonest is taken
 * if its ipadic cost is lower than every other's by this much (about
 * three times as common), else none is. */
#define NAME_COST_MARGIN 1000

struct pool {
	struct variant *v;
	size_t n, cap;
};

static int same_cps(const struct cps *a, const struct cps *b)
{
	return a->n == b->n && memcmp(a->c, b->c, a->n * sizeof(a->c[0])) == 0;
}

static struct variant *pool_add(struct pool *p, const struct cps *c,
				 int origin, int look)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (same_cps(&p->v[i].c, c)) {
			p->v[i].look |= look;
			return NULL;
		}
	if (p->n >= p->cap)
		return NULL;
	memset(&p->v[p->n], 0, sizeof(p->v[0]));
	p->v[p->n].c = *c;
	p->v[p->n].origin = origin;
	p->v[p->n].look = look;
	return &p->v[p->n++];
}

/* The best agreement of a latin string with any dictionary reading of
 * any cut of the name. */
static double latin_cps(const ms_names *h, const struct cps *c,
			const char *latin)
{
	char fbuf[MS_MAX_FIELD_BYTES], gbuf[MS_MAX_FIELD_BYTES];
	const char *fr[4], *gr[4];
	size_t k, lo = 1, hi, nf, ng, i, j;
	double best = 0, s;

	if (!latin || !*latin || c->n < 2)
		return 0;
	hi = c->n - 1;
	if (c->space)
		lo = hi = c->space;
	for (k = lo; k <= hi; k++) {
		nf = part_readings(h, MS_NAME_SURNAME, c->c, k, fr, 4, fbuf,
				   sizeof(fbuf));
		ng = part_readings(h, MS_NAME_GIVEN, c->c + k, c->n - k, gr, 4,
				   gbuf, sizeof(gbuf));
		for (i = 0; i < nf; i++) {
			for (j = 0; j < ng; j++) {
				s = ms_names_latin_agrees(fr[i], gr[j], latin);
				if (s > best)
					best = s;
			}
			if (ng == 0) {
				s = ms_names_latin_agrees(fr[i], "", latin);
				if (s > best)
					best = s;
			}
		}
	}
	return best;
}

struct gen_ctx {
	const ms_names *h;
	struct pool *p;
	struct cps base;
	size_t pos;
};

static void gen_one(int32_t b, void *arg)
{
	struct gen_ctx *g = arg;
	struct cps v = g->base;
	ms_name_split sp;

	v.c[g->pos] = b;
	/* Only variants that are real names in the dictionary. */
	if (split_cps(g->h, &v, &sp) == MS_OK && sp.score >= 1.0)
		pool_add(g->p, &v, -1, 1);
}

/* First index into by_reading of the rows of kind read R, or h->nrow. */
static size_t first_by_reading(const ms_names *h, ms_name_kind kind,
			       const char *R)
{
	size_t lo = 0, hi = h->nrow;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct nrow *r = &h->row[h->by_reading[mid]];

		if (r->kind < kind ||
		    (r->kind == kind && strcmp(S(h, r->reading), R) < 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int has_reading(const ms_names *h, ms_name_kind kind, const char *R)
{
	size_t i = first_by_reading(h, kind, R);
	const struct nrow *r;

	if (i >= h->nrow)
		return 0;
	r = &h->row[h->by_reading[i]];
	return r->kind == kind && strcmp(S(h, r->reading), R) == 0;
}

static size_t reading_hira(const char *reading, char *out, size_t cap,
			   size_t *split);
static void latin_key(const char *s, char *out, size_t cap);
static void roma_key(const char *kana, char *out, size_t cap);

size_t ms_names_spellings(const ms_names *h, ms_name_kind kind,
			  const char *reading, const char **surfaces,
			  size_t cap)
{
	char R[MS_MAX_FIELD_BYTES];
	int32_t costs[MS_NAME_SPELLINGS];
	size_t i, n = 0, total = 0, split;

	if (!h || (kind != MS_NAME_SURNAME && kind != MS_NAME_GIVEN) ||
	    !reading_hira(reading, R, sizeof(R), &split) || split)
		return 0;
	if (cap > MS_NAME_SPELLINGS)
		cap = MS_NAME_SPELLINGS;
	for (i = first_by_reading(h, kind, R); i < h->nrow; i++) {
		const struct nrow *r = &h->row[h->by_reading[i]];

		if (r->kind != kind || strcmp(S(h, r->reading), R) != 0)
			break;
		keep_commonest(surfaces, costs, &n, cap, &total,
			       S(h, r->surface), r->cost);
	}
	return total;
}

size_t ms_names_spellings_latin(const ms_names *h, ms_name_kind kind,
				const char *word, const char **surfaces,
				size_t cap)
{
	char L[MS_MAX_FIELD_BYTES], K[MS_MAX_FIELD_BYTES];
	int32_t costs[MS_NAME_SPELLINGS];
	const char *last = NULL;
	size_t i, n = 0, total = 0;
	int same = 0;

	latin_key(word, L, sizeof(L));
	if (!h || (kind != MS_NAME_SURNAME && kind != MS_NAME_GIVEN) ||
	    strlen(L) < 2)
		return 0;
	if (cap > MS_NAME_SPELLINGS)
		cap = MS_NAME_SPELLINGS;
	for (i = first_by_reading(h, kind, ""); i < h->nrow; i++) {
		const struct nrow *r = &h->row[h->by_reading[i]];

		if (r->kind != kind)
			break;
		/* Rows come sorted by reading: romanise each reading once. */
		if (!last || strcmp(last, S(h, r->reading)) != 0) {
			last = S(h, r->reading);
			roma_key(last, K, sizeof(K));
			same = strcmp(K, L) == 0;
		}
		if (same)
			keep_commonest(surfaces, costs, &n, cap, &total,
				       S(h, r->surface), r->cost);
	}
	return total;
}

/* Adds c with its part [from, from + n) spelled s instead, where the two
 * differ in exactly one code point. */
static void add_one_off(struct pool *p, const struct cps *c, size_t from,
			const int32_t *s, size_t n)
{
	size_t k, diff = 0, at = 0;
	struct cps v;

	for (k = 0; k < n; k++)
		if (s[k] != c->c[from + k])
			diff++, at = from + k;
	if (diff != 1)
		return;
	v = *c;
	v.c[at] = s[at - from];
	pool_add(p, &v, -1, kn_lookalike(c->c[at], v.c[at]));
}

/* Names read as R (hiragana) whose surface differs from c's part
 * [from, to) in exactly one code point, or has one more: given or family
 * names that the printed reading names, one OCR error away. */
static void gen_by_reading(const ms_names *h, struct pool *p,
			   const struct cps *c, size_t from, size_t to,
			   ms_name_kind kind, const char *R)
{
	size_t i;

	for (i = first_by_reading(h, kind, R); i < h->nrow; i++) {
		const struct nrow *r = &h->row[h->by_reading[i]];
		int32_t s[MS_KN_NAME_CPS];
		size_t n;

		if (r->kind != kind || strcmp(S(h, r->reading), R) != 0)
			break;
		n = kn_decode(S(h, r->surface), s, MS_KN_NAME_CPS);
		if (n == to - from + 1 && to > from &&
		    c->n + 1 <= MS_KN_NAME_CPS) {
			/* One character missing from the OCR's reading. */
			size_t m = 0;
			struct cps v;

			while (m < to - from && s[m] == c->c[from + m])
				m++;
			if (memcmp(s + m + 1, c->c + from + m,
				   (to - from - m) * sizeof(s[0])) != 0)
				continue;
			v.n = c->n + 1;
			memcpy(v.c, c->c, (from + m) * sizeof(v.c[0]));
			v.c[from + m] = s[m];
			memcpy(v.c + from + m + 1, c->c + from + m,
			       (c->n - from - m) * sizeof(v.c[0]));
			v.space = c->space;
			if (c->space && from < c->space)
				v.space++;
			{
				struct variant *nv = pool_add(p, &v, -1, 0);
				if (nv)
					nv->ins = 1;
			}
			continue;
		}
		if (n == to - from)
			add_one_off(p, c, from, s, n);
	}
}

/* Adds variants of c that the printed reading R supports. */
static void gen_reading_variants(const ms_names *h, struct pool *p,
				 const struct cps *c, const char *R,
				 size_t rsplit)
{
	char fbuf[MS_MAX_FIELD_BYTES], gbuf[MS_MAX_FIELD_BYTES];
	char rest[MS_MAX_FIELD_BYTES];
	const char *fr[4], *gr[4];
	size_t k, lo = 1, hi, nf, ng, i, rl = strlen(R);

	if (c->n < 2)
		return;
	hi = c->n - 1;
	if (c->space)
		lo = hi = c->space;
	for (k = lo; k <= hi; k++) {
		nf = part_readings(h, MS_NAME_SURNAME, c->c, k, fr, 4, fbuf,
				   sizeof(fbuf));
		for (i = 0; i < nf; i++) {
			size_t fl = strlen(fr[i]);

			if (fl < rl && strncmp(R, fr[i], fl) == 0 &&
			    (!rsplit || fl == rsplit))
				gen_by_reading(h, p, c, k, c->n, MS_NAME_GIVEN,
					       R + fl);
		}
		ng = part_readings(h, MS_NAME_GIVEN, c->c + k, c->n - k, gr, 4,
				   gbuf, sizeof(gbuf));
		for (i = 0; i < ng; i++) {
			size_t gl = strlen(gr[i]);

			if (gl < rl && strcmp(R + rl - gl, gr[i]) == 0 &&
			    rl - gl < sizeof(rest) &&
			    (!rsplit || rl - gl == rsplit)) {
				memcpy(rest, R, rl - gl);
				rest[rl - gl] = '\0';
				gen_by_reading(h, p, c, 0, k, MS_NAME_SURNAME,
					       rest);
			}
		}
	}
}

/* Names spelled word (in Latin letters) whose surface differs from c's
 * part [from, to) in exactly one code point. */
static void gen_by_latin(const ms_names *h, struct pool *p,
			 const struct cps *c, size_t from, size_t to,
			 ms_name_kind kind, const char *word)
{
	const char *sf[MS_NAME_SPELLINGS];
	size_t ns = ms_names_spellings_latin(h, kind, word, sf,
					     MS_NAME_SPELLINGS), i;

	ns = ns < MS_NAME_SPELLINGS ? ns : MS_NAME_SPELLINGS;
	for (i = 0; i < ns; i++) {
		int32_t s[MS_KN_NAME_CPS];
		size_t n = kn_decode(sf[i], s, MS_KN_NAME_CPS);

		if (n == to - from)
			add_one_off(p, c, from, s, n);
	}
}

/* 1 if one of the readings r[0..n) romanises to the Latin word w. */
static int spells(const char *const *r, size_t n, const char *w)
{
	char K[MS_MAX_FIELD_BYTES], L[MS_MAX_FIELD_BYTES];
	size_t i;

	latin_key(w, L, sizeof(L));
	for (i = 0; i < n && L[0]; i++) {
		roma_key(r[i], K, sizeof(K));
		if (strcmp(K, L) == 0)
			return 1;
	}
	return 0;
}

/* Adds variants of c that a romanised name of two words supports: the
 * given name reads as one word, the family name is one character off a
 * name the other word spells (須田 俊 with IWATA Shun: 岩田 俊). Either
 * order of the words (IWATA Shun, Shun Iwata). Not the other way round:
 * a given name's sound has too many spellings (Ryo: 亮, 涼, 遼, 良) for
 * one of them to be chosen, and offering them all stops a better reading
 * of the line from being taken. */
static void gen_latin_variants(const ms_names *h, struct pool *p,
			       const struct cps *c, const char *latin)
{
	char w[2][MS_MAX_FIELD_BYTES], gbuf[MS_MAX_FIELD_BYTES];
	const char *gr[4];
	size_t k, lo = 1, hi, ng, nw = 0, o;
	const char *q = latin;

	if (c->n < 2 || !latin)
		return;
	while (*q) {
		size_t l;
		while (*q == ' ')
			q++;
		l = strcspn(q, " ");
		if (!l)
			break;
		if (nw == 2 || l >= sizeof(w[0]))
			return;
		memcpy(w[nw], q, l);
		w[nw++][l] = '\0';
		q += l;
	}
	if (nw != 2)
		return;
	hi = c->n - 1;
	if (c->space)
		lo = hi = c->space;
	for (k = lo; k <= hi; k++) {
		ng = part_readings(h, MS_NAME_GIVEN, c->c + k, c->n - k, gr, 4,
				   gbuf, sizeof(gbuf));
		for (o = 0; o < 2; o++)
			if (spells(gr, ng, w[1 - o]))
				gen_by_latin(h, p, c, 0, k, MS_NAME_SURNAME,
					     w[o]);
	}
}

static void put_name(const struct cps *c, char *out, size_t cap)
{
	int32_t t[MS_KN_NAME_CPS + 1];
	size_t i, n = 0;

	for (i = 0; i < c->n; i++) {
		if (c->space && i == c->space)
			t[n++] = ' ';
		t[n++] = c->c[i];
	}
	if (kn_encode(t, n, out, cap) != MS_OK)
		out[0] = '\0';
}

ms_rc ms_names_choose(const ms_names *h, const char *const *cands, size_t n,
		      const char *reading, const char *latin,
		      const char *email_local, ms_name_choice *out)
{
	struct pool p = {0};
	char R[MS_MAX_FIELD_BYTES];
	size_t i, norig, best = 0, rsplit = 0;
	double best_orig_ev = 0;
	ms_name_split sp;
	ms_rc rc = MS_OK;

	memset(out, 0, sizeof(*out));
	out->candidate = -1;
	if (!h || !cands || n == 0)
		return MS_ERR_INVALID;
	p.cap = MS_KN_NAME_CANDIDATES;
	p.v = calloc(p.cap, sizeof(*p.v));
	if (!p.v)
		return MS_ERR_NOMEM;
	reading_hira(reading, R, sizeof(R), &rsplit);
	for (i = 0; i < n && p.n < p.cap; i++) {
		struct cps c;

		if (cands[i] && name_cps(cands[i], &c))
			pool_add(&p, &c, (int)i, 0);
	}
	norig = p.n;
	if (norig == 0) {
		rc = MS_ERR_INVALID;
		goto out;
	}
	/* Variants: one look-alike character, or one character off a name
	 * the printed reading names. */
	for (i = 0; i < norig; i++) {
		struct gen_ctx g = {h, &p, p.v[i].c, 0};

		for (g.pos = 0; g.pos < g.base.n; g.pos++)
			kn_lookalikes_of(g.base.c[g.pos], gen_one, &g);
		if (*R)
			gen_reading_variants(h, &p, &p.v[i].c, R, rsplit);
		else if (latin && *latin)
			gen_latin_variants(h, &p, &p.v[i].c, latin);
	}
	for (i = 0; i < p.n; i++) {
		struct variant *v = &p.v[i];
		double r = 0, la = 0, em = 0;

		if (*R) {
			ms_name_match m = match_cps(h, &v->c, R, rsplit);

			r = m == MS_NAME_MATCH_FULL	? 1.0
			    : m == MS_NAME_MATCH_FAMILY ? 0.4
							: 0;
			v->full = m == MS_NAME_MATCH_FULL;
		}
		la = latin_cps(h, &v->c, latin);
		em = latin_cps(h, &v->c, email_local);
		v->evidence = r + la + 0.8 * em;
		split_cps(h, &v->c, &sp);
		v->dict = sp.score;
		v->cost = best_cost(h, MS_NAME_SURNAME, sp.family) +
			  best_cost(h, MS_NAME_GIVEN, sp.given);
		v->total = v->evidence + 0.3 * v->dict +
			   (v->origin == 0 ? 0.2 : v->origin > 0 ? 0.1 : 0);
		/* Between corrections the evidence fits equally, the one
		 * that is also a look-alike of what the OCR read. */
		if (v->origin < 0 && v->look)
			v->total += 0.05;
		if (v->origin >= 0 && v->evidence > best_orig_ev)
			best_orig_ev = v->evidence;
	}
	for (i = 0; i < p.n; i++) {
		struct variant *v = &p.v[i];

		if (v->origin < 0) {
			/* A correction needs strong evidence that the
			 * candidates lack: a full reading or a romanised name,
			 * or the email with the name's initial. */
			if (v->dict < 1.0 || v->evidence < 0.7 ||
			    v->evidence <= best_orig_ev)
				continue;
		}
		if (v->total > p.v[best].total)
			best = i;
	}
	if (p.v[best].origin < 0) {
		/* Other corrections that fit the evidence as well (和也, 和哉
		 * and 和弥 are all かずや): choosing one would be a guess, so
		 * keep the best candidate and ask for review. */
		size_t j, fallback = 0;

		for (j = 0; j < p.n; j++) {
			const struct variant *w = &p.v[j];

			if (j != best && w->origin < 0 && w->dict >= 1.0 &&
			    w->evidence >= p.v[best].evidence &&
			    w->look >= p.v[best].look)
				out->review = 1;
		}
		/* Unless every name that fits is a lost character put back
		 * and one of them is much the commonest. */
		if (out->review) {
			size_t m = best;
			int clear = 1;

			for (j = 0; j < p.n; j++) {
				const struct variant *w = &p.v[j];
				if (w->origin < 0 && w->dict >= 1.0 &&
				    w->evidence >= p.v[best].evidence &&
				    w->cost < p.v[m].cost)
					m = j;
			}
			for (j = 0; j < p.n && clear; j++) {
				const struct variant *w = &p.v[j];
				if (j == m || w->origin >= 0 || w->dict < 1.0 ||
				    w->evidence < p.v[best].evidence)
					continue;
				if (!w->ins || !p.v[m].ins ||
				    w->cost < p.v[m].cost + NAME_COST_MARGIN)
					clear = 0;
			}
			if (clear) {
				best = m;
				out->review = 0;
				out->completed = 1;
			}
		}
		if (out->review) {
			for (j = 0; j < norig; j++)
				if (p.v[j].total > p.v[fallback].total)
					fallback = j;
			best = fallback;
		}
	}
	{
		struct variant *v = &p.v[best];

		put_name(&v->c, out->name, sizeof(out->name));
		out->evidence = v->evidence;
		for (i = 0; i < p.n; i++)
			if (p.v[i].origin == 0)
				out->evidence0 = p.v[i].evidence;
		out->candidate = v->origin;
		out->corrected = v->origin < 0;
		if (split_cps(h, &v->c, &sp) == MS_OK) {
			ms_strlcpy_utf8(out->family, sp.family,
					sizeof(out->family));
			ms_strlcpy_utf8(out->given, sp.given,
					sizeof(out->given));
		}
		out->reading_full = v->full;
		if (reading && *reading) {
			ms_strlcpy_utf8(out->reading, reading,
					sizeof(out->reading));
			ms_trim(out->reading);
		} else if (*sp.family_reading && *sp.given_reading) {
			size_t fl = strlen(sp.family_reading);

			if (fl + 1 + strlen(sp.given_reading) <
			    sizeof(out->reading)) {
				memcpy(out->reading, sp.family_reading, fl);
				out->reading[fl] = ' ';
				memcpy(out->reading + fl + 1, sp.given_reading,
				       strlen(sp.given_reading) + 1);
			}
			out->reading_derived = 1;
		}
		{
			double e = v->evidence > 1 ? 1 : v->evidence;

			out->confidence = 0.5 + 0.2 * v->dict + 0.3 * e;
			if (out->corrected && out->confidence > 0.85)
				out->confidence = 0.85;
			if (out->completed && out->confidence > 0.6)
				out->confidence = 0.6;
			if (out->review && out->confidence > 0.4)
				out->confidence = 0.4;
		}
	}
out:
	free(p.v);
	return rc;
}

/* ---- Printed readings that name a person ------------------------------ */

/* 1 if R (hiragana, no spaces) cut at byte k is a surname's reading
 * followed by a given name's. */
static int reading_cut_ok(const ms_names *h, const char *R, size_t k)
{
	char f[MS_MAX_FIELD_BYTES];

	if (k == 0 || k >= strlen(R) || k >= sizeof(f))
		return 0;
	memcpy(f, R, k);
	f[k] = '\0';
	return has_reading(h, MS_NAME_SURNAME, f) &&
	       has_reading(h, MS_NAME_GIVEN, R + k);
}

int ms_names_is_name_reading(const ms_names *h, const char *reading)
{
	char R[MS_MAX_FIELD_BYTES];
	size_t rsplit, n, k;

	if (!h || !(n = reading_hira(reading, R, sizeof(R), &rsplit)))
		return 0;
	if (rsplit)
		return reading_cut_ok(h, R, rsplit);
	/* Kana are three bytes each. */
	for (k = 3; k < n; k += 3)
		if (reading_cut_ok(h, R, k))
			return 1;
	return 0;
}

/* 1 if one of the readings of surface as kind is r. */
static int read_as(const ms_names *h, ms_name_kind kind, const char *surface,
		   const char *r)
{
	const char *rs[16];
	size_t n = ms_names_readings(h, kind, surface, rs, 16), i;

	for (i = 0; i < n && i < 16; i++)
		if (strcmp(rs[i], r) == 0)
			return 1;
	return 0;
}

ms_name_kind ms_names_part_of_reading(const ms_names *h, const char *name,
				      const char *reading, size_t *cut)
{
	char R[MS_MAX_FIELD_BYTES], s[MS_MAX_FIELD_BYTES];
	char f[MS_MAX_FIELD_BYTES];
	struct cps c;
	size_t rsplit, n, k, lo, hi;
	size_t fcut = 0, gcut = 0;
	int fam = 0, giv = 0;

	if (cut)
		*cut = 0;
	if (!h || !name_cps(name, &c) || all_kana(c.c, c.n) ||
	    !(n = reading_hira(reading, R, sizeof(R), &rsplit)) ||
	    kn_encode(c.c, c.n, s, sizeof(s)) != MS_OK)
		return 0;
	lo = rsplit ? rsplit : 3;
	hi = rsplit ? rsplit : n - 3;
	for (k = lo; k <= hi && k < sizeof(f); k += 3) {
		if (!reading_cut_ok(h, R, k))
			continue;
		memcpy(f, R, k);
		f[k] = '\0';
		if (read_as(h, MS_NAME_SURNAME, s, f)) {
			fam++;
			fcut = k;
		}
		if (read_as(h, MS_NAME_GIVEN, s, R + k)) {
			giv++;
			gcut = k;
		}
	}
	/* Both, or one of them at two cuts, would be a guess (a name that
	 * is read the same way as a family and as a given name). */
	if ((fam > 0) == (giv > 0) || fam > 1 || giv > 1)
		return 0;
	if (cut)
		*cut = fam ? fcut : gcut;
	return fam ? MS_NAME_SURNAME : MS_NAME_GIVEN;
}

/* The unvoiced kana of a voiced or half-voiced hiragana (が -> か,
 * ぱ -> は), else c. */
static int32_t unvoiced(int32_t c)
{
	if (c >= 0x304B && c <= 0x3062)
		return c - ((c - 0x304B) & 1);
	if (c >= 0x3064 && c <= 0x3069)
		return c - ((c - 0x3064) & 1);
	if (c >= 0x306F && c <= 0x307D)
		return c - (c - 0x306F) % 3;
	if (c == 0x3094)
		return 0x3046;
	return c;
}

int ms_names_fix_reading(const ms_names *h, const char *name,
			 const char *reading, const char *email_local,
			 char *out, size_t cap)
{
	char R[MS_MAX_FIELD_BYTES], x[MS_MAX_FIELD_BYTES];
	char best[MS_MAX_FIELD_BYTES] = "";
	const char *fr[8], *gr[8];
	struct cps c;
	ms_name_split sp;
	size_t rsplit, rl, nf, ng, i, j, found = 0, bfl = 0;
	int voicing = 0;

	if (cap)
		out[0] = '\0';
	if (!h || !name_cps(name, &c) || all_kana(c.c, c.n) ||
	    !(rl = reading_hira(reading, R, sizeof(R), &rsplit)) ||
	    split_cps(h, &c, &sp) != MS_OK || sp.score < 1.0 ||
	    match_cps(h, &c, R, rsplit) == MS_NAME_MATCH_FULL)
		return 0;
	nf = ms_names_readings(h, MS_NAME_SURNAME, sp.family, fr, 8);
	ng = ms_names_readings(h, MS_NAME_GIVEN, sp.given, gr, 8);
	for (i = 0; i < nf && i < 8; i++)
		for (j = 0; j < ng && j < 8; j++) {
			size_t fl = strlen(fr[i]), gl = strlen(gr[j]), b;
			int32_t a = 0, z = 0;
			int d = 0;

			if (fl + gl >= sizeof(x))
				continue;
			memcpy(x, fr[i], fl);
			memcpy(x + fl, gr[j], gl + 1);
			if (fl + gl + 3 == rl) {
				/* One kana read that is not printed (うちだ
				 * はるかる, いちかわ ょようすけ): the
				 * reading without it is the dictionary's,
				 * its halves where the space says. */
				for (b = 0; b + 3 <= rl; b += 3)
					if (memcmp(R, x, b) == 0 &&
					    memcmp(R + b + 3, x + b,
					           rl - b - 3) == 0 &&
					    (!rsplit ||
					     rsplit == fl + (b < rsplit ? 3 : 0)))
						break;
				d = b + 3 <= rl ? 1 : 9;
			} else if (fl + gl != rl || (rsplit && fl != rsplit)) {
				continue;
			}
			/* Kana are three bytes each: compare kana by kana. */
			if (fl + gl == rl)
				for (b = 0; b + 3 <= rl; b += 3)
					if (memcmp(x + b, R + b, 3) != 0) {
						d++;
						if (ms_utf8_next(x + b, 3,
						                 &a) != 3 ||
						    ms_utf8_next(R + b, 3,
						                 &z) != 3)
							d = 9;
					}
			if (d != 1 || (found && strcmp(x, best) == 0))
				continue;
			if (found++)
				continue;
			ms_strlcpy_utf8(best, x, sizeof(best));
			bfl = fl;
			voicing = a && z && unvoiced(a) == unvoiced(z);
		}
	if (found != 1)
		return 0;
	{
		char f[MS_MAX_FIELD_BYTES], rf[MS_MAX_FIELD_BYTES];
		double now, then;

		memcpy(f, best, bfl);
		f[bfl] = '\0';
		memcpy(rf, R, bfl);
		rf[bfl] = '\0';
		now = ms_names_latin_agrees(rf, R + bfl, email_local);
		then = ms_names_latin_agrees(f, best + bfl, email_local);
		/* たかだ / たかた, なかじま / なかしま: a voicing mark may be
		 * the dictionary's gap, not the OCR's error; only the email
		 * may tell. And an email that spells the printed reading
		 * better keeps it. */
		if ((voicing && then <= now) || now > then)
			return 0;
		if (snprintf(out, cap, "%s %s", f, best + bfl) >= (int)cap) {
			out[0] = '\0';
			return 0;
		}
	}
	return 1;
}
