/*
 * Field extraction (meishi/contact.h): the extractor's dictionaries and
 * MeCab tagger, and the order of the passes over one card.
 *
 * The passes go from the most certain pattern to the least: email and URL,
 * labelled numbers, postal code and address, company (legal forms and the
 * email domain), department and title (dictionaries), and last the name,
 * which is mostly what is left: the largest short line of kanji and kana,
 * checked with MeCab, the email and a romanised line.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "extract/ex_int.h"
#include "meishi/text.h"

#define MECAB_ARGS "-d /var/lib/mecab/dic/ipadic-utf8"

ms_rc ms_extractor_new(const char *models_dir, ms_extractor **out, ms_err *err)
{
	ms_extractor *x;
	const char *dir = models_dir;
	ms_rc rc;

	*out = NULL;
	if (!dir)
		dir = getenv("MEISHI_MODELS");
	if (!dir || !dir[0])
		dir = MEISHI_SOURCE_DIR "/models";
	x = calloc(1, sizeof(*x));
	if (!x)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	if ((rc = ex_dict_load(&x->legal, dir, "legal_forms.txt", err)) ||
	    (rc = ex_dict_load(&x->titles, dir, "titles.txt", err)) ||
	    (rc = ex_dict_load(&x->depts, dir, "departments.txt", err)) ||
	    (rc = ex_dict_load(&x->prefs, dir, "prefectures.txt", err)) ||
	    (rc = ex_dict_load(&x->accents, dir, "accents-pt.txt", err)))
		goto fail;
	x->mecab = mecab_new2(MECAB_ARGS);
	if (!x->mecab) {
		const char *why = mecab_strerror(NULL);
		rc = ms_err_set(err, MS_ERR_INTERNAL,
		                "cannot start MeCab with the dictionary "
		                "/var/lib/mecab/dic/ipadic-utf8 (install the "
		                "Debian package mecab-ipadic-utf8): %s",
		                why ? why : "unknown error");
		goto fail;
	}
	if ((rc = ms_verify_get(dir, &x->kn, err)))
		goto fail;
	x->knowledge = 1;
	*out = x;
	return MS_OK;
fail:
	ms_extractor_free(x);
	return rc;
}

void ms_extractor_free(ms_extractor *x)
{
	if (!x)
		return;
	if (x->mecab)
		mecab_destroy(x->mecab);
	ex_dict_free(&x->legal);
	ex_dict_free(&x->titles);
	ex_dict_free(&x->depts);
	ex_dict_free(&x->prefs);
	ex_dict_free(&x->accents);
	free(x);
}

int ex_set(ex_card *k, ms_field f, const char *v, float conf, ms_box box,
           int review)
{
	ms_contact *c = k->c;
	char tmp[MS_MAX_FIELD_BYTES];

	if (c->v[f][0])
		return 0;
	ms_strlcpy_utf8(tmp, v, sizeof(tmp));
	ex_tidy(tmp, NULL);
	if (!tmp[0])
		return 0;
	memcpy(c->v[f], tmp, sizeof(tmp));
	c->conf[f] = !(conf >= 0) ? 0 : conf > 1 ? 1 : conf; /* NaN: 0 */
	c->box[f] = box;
	if (review)
		c->review |= 1u << f;
	return 1;
}

void ex_append(ex_card *k, ms_field f, const char *sep, const char *v)
{
	char *d = k->c->v[f];
	size_t n = strlen(d);

	if (!v[0])
		return;
	if (n > 0 && n + strlen(sep) + strlen(v) + 1 > MS_MAX_FIELD_BYTES)
		return; /* would not fit whole: keep what we have */
	if (n > 0)
		ms_strlcpy_utf8(d + n, sep, MS_MAX_FIELD_BYTES - n);
	n = strlen(d);
	ms_strlcpy_utf8(d + n, v, MS_MAX_FIELD_BYTES - n);
}

int ex_mecab_name(ex_card *k, const char *s, size_t *fam_bytes, char *reading,
                  size_t cap, int *person)
{
	const mecab_node_t *node;
	size_t n = strlen(s), off = 0;
	int first = 1, fam = 0, all_read = 1;

	if (reading && cap)
		reading[0] = '\0';
	if (fam_bytes)
		*fam_bytes = 0;
	if (person)
		*person = 0;
	if (n == 0 || n >= MS_EX_MECAB_BYTES || !k->x->mecab)
		return 0;
	node = mecab_sparse_tonode2(k->x->mecab, s, n);
	for (; node; node = node->next) {
		char feat[256], *f[9];
		size_t nf = 0, i, lead;
		if (node->stat == MECAB_BOS_NODE ||
		    node->stat == MECAB_EOS_NODE)
			continue;
		ms_strlcpy_utf8(feat, node->feature ? node->feature : "",
		                sizeof(feat));
		f[nf++] = feat;
		for (i = 0; feat[i] && nf < 9; i++)
			if (feat[i] == ',') {
				feat[i] = '\0';
				f[nf++] = feat + i + 1;
			}
		lead = node->rlength > node->length
		           ? (size_t)(node->rlength - node->length)
		           : 0;
		if (nf >= 4 && strcmp(f[2], "人名") == 0) {
			if (person)
				(*person)++;
			if (first && strcmp(f[3], "姓") == 0) {
				fam = 1;
				if (fam_bytes)
					*fam_bytes = off + lead + node->length;
			}
		}
		if (nf >= 8 && strcmp(f[7], "*") != 0) {
			if (reading) {
				size_t used = strlen(reading);
				if (used < cap)
					ms_strlcpy_utf8(reading + used, f[7],
					                cap - used);
			}
		} else {
			all_read = 0;
		}
		off += lead + node->length;
		first = 0;
	}
	if (!all_read && reading && cap)
		reading[0] = '\0';
	return fam;
}

static int has_sub(const char *s, const char *w)
{
	return strstr(s, w) != NULL;
}

/* A Latin-script card from Brazil whose photo gave the OCR a few kanji
 * or kana out of noise (a logo, a texture): a ".br" domain, "+55" or
 * "CEP", and far more Latin letters than CJK characters. */
static int br_card(ex_card *k)
{
	size_t i;
	int br = 0, cjk = 0, alpha = 0;

	for (i = 0; i < k->n; i++) {
		const char *t = k->l[i].t;
		ex_counts c;
		if (has_sub(t, "〒") || has_sub(t, "+81") || has_sub(t, ".jp"))
			return 0;
		if (has_sub(t, "+55") || has_sub(t, ".br") ||
		    ex_find_word(t, "CEP", 0) >= 0 ||
		    has_sub(t, "São Paulo") || has_sub(t, "Sao Paulo"))
			br = 1;
		ex_count(t, &c);
		cjk += c.kanji + c.kana;
		alpha += c.alpha;
	}
	return br && cjk * 4 < alpha;
}

/* The country a card is from, from its text. */
static int guess_country(ex_card *k)
{
	size_t i;
	int br = 0, us = 0, uk = 0;

	if (k->has_cjk && !br_card(k))
		return EX_CC_JP;
	for (i = 0; i < k->n; i++) {
		const char *t = k->l[i].t;
		if (has_sub(t, "〒"))
			return EX_CC_JP;
		if (has_sub(t, "+81") || has_sub(t, ".jp"))
			return EX_CC_JP;
		if (has_sub(t, "+55") || has_sub(t, ".br") ||
		    has_sub(t, "Fone") || has_sub(t, "Cel.") ||
		    has_sub(t, "Celular") || has_sub(t, "Nextel") ||
		    ex_find_word(t, "Rua", 0) >= 0 ||
		    ex_find_word(t, "Av", 0) >= 0 ||
		    has_sub(t, "Brasil") || has_sub(t, "São Paulo") ||
		    has_sub(t, "Sao Paulo") || has_sub(t, "CEP") ||
		    has_sub(t, " SP") || has_sub(t, "Ltda"))
			br++;
		if (has_sub(t, "+1 ") || has_sub(t, "+1-") ||
		    has_sub(t, "USA") || has_sub(t, "Suite"))
			us++;
		if (has_sub(t, "+44") || has_sub(t, ".co.uk") ||
		    has_sub(t, "London") || has_sub(t, "United Kingdom"))
			uk++;
	}
	if (br > us && br > uk)
		return EX_CC_BR;
	if (uk > us)
		return EX_CC_UK;
	if (us)
		return EX_CC_US;
	return EX_CC_NONE;
}

static int cjk_short(const char *t, int max)
{
	ex_counts c;

	ex_count(t, &c);
	return c.kanji + c.kana == c.total && c.total > 0 && c.total <= max;
}

/* OCR cuts one line of Japanese into pieces ("おがわこ" + "とね", "小川" +
 * "琴音"): horizontal pieces of kanji and kana on one baseline, of one
 * size and close together, become one line again. */
static void merge_fragments(ex_card *k)
{
	size_t i, j, o;

	for (i = 0; i < k->n; i++) {
		ex_line *a = &k->l[i];
		/* Only lines that lie flat: a tall box flagged horizontal is
		 * a column of a card read sideways. */
		if (a->vertical || !a->t[0] || a->box.h <= 0 ||
		    a->box.w < a->box.h || !cjk_short(a->t, 12))
			continue;
		for (j = 0; j < k->n; j++) {
			ex_line *b = &k->l[j];
			int h = a->box.h, gap, dy;
			size_t al, bl;
			if (j == i || b->vertical || !b->t[0] ||
			    b->box.h <= 0 || b->box.w * 10 < b->box.h * 8 ||
			    !cjk_short(b->t, 12))
				continue;
			dy = abs((a->box.y + a->box.h / 2) -
			         (b->box.y + b->box.h / 2));
			gap = b->box.x - (a->box.x + a->box.w);
			if (dy * 3 > h || b->box.h * 10 > h * 14 ||
			    h * 10 > b->box.h * 14 || gap < -h / 4 ||
			    gap > 2 * h)
				continue;
			al = strlen(a->t);
			bl = strlen(b->t);
			if (al + bl + 2 > sizeof(a->t))
				continue;
			if (gap * 2 > h)
				a->t[al++] = ' ';
			memcpy(a->t + al, b->t, bl + 1);
			memcpy(a->rest, a->t, sizeof(a->rest));
			a->alt = "";
			a->box.w = b->box.x + b->box.w - a->box.x;
			if (b->conf < a->conf)
				a->conf = b->conf;
			b->t[0] = '\0';
			j = (size_t)-1; /* look again from the start */
		}
	}
	for (i = 0, o = 0; i < k->n; i++)
		if (k->l[i].t[0]) {
			if (o != i)
				k->l[o] = k->l[i];
			o++;
		}
	k->n = o;
}

/* How much normalised text t reads like a Japanese address line: 〒, a
 * prefecture, the marks of a city or town, and some Japanese at all. */
static int address_score(ms_extractor *x, const char *t)
{
	static const char *const units[] = {"市", "区", "町", "村", "郡"};
	ex_counts c;
	size_t i, len;
	int sc = 0, u = 0;

	if (strstr(t, "〒"))
		sc += 2;
	if (ex_dict_find(&x->prefs, t, &len) >= 0)
		sc += 2;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		u += strstr(t, units[i]) != NULL;
	sc += u > 2 ? 2 : u;
	ex_count(t, &c);
	return sc + (c.kanji + c.kana >= 5);
}

ms_rc ms_extract(ms_extractor *x, const ms_lines *lines, ms_contact *c)
{
	ex_card card;
	size_t i, n;
	ms_rc rc;

	ms_contact_init(c);
	memset(&card, 0, sizeof(card));
	card.x = x;
	card.c = c;
	card.l = x->line;
	n = lines ? lines->n : 0;
	if (n > MS_MAX_LINES)
		n = MS_MAX_LINES;
	for (i = 0; i < n; i++) {
		ex_line *l = &x->line[card.n];
		const ms_line *src = &lines->v[i];
		ex_counts cnt;
		char raw[MS_MAX_LINE_BYTES];
		ms_strlcpy_utf8(raw, src->text, sizeof(raw));
		ex_normalise(x, raw, l->t, sizeof(l->t));
		ex_kanji_numbers(l->t, sizeof(l->t), src->vertical);
		/* The OCR's other reading of the line, where it reads as an
		 * address and this one does not ("F 141-003) MC MBA" beside
		 * "〒141-003| 東京格品川区西た反還7-2-24"). */
		if (src->alt[0]) {
			char alt[MS_EX_NORM_BYTES];
			int st = address_score(x, l->t), sa;
			ms_strlcpy_utf8(raw, src->alt, sizeof(raw));
			ex_normalise(x, raw, alt, sizeof(alt));
			ex_kanji_numbers(alt, sizeof(alt), src->vertical);
			sa = address_score(x, alt);
			if (sa >= 4 && sa >= st + 3)
				memcpy(l->t, alt, sizeof(l->t));
		}
		if (!l->t[0])
			continue;
		memcpy(l->rest, l->t, sizeof(l->rest));
		l->box = src->box;
		l->conf = !(src->conf >= 0) ? 0 : src->conf > 1 ? 1 : src->conf;
		l->vertical = src->vertical;
		l->size = (float)(src->vertical ? src->box.w : src->box.h);
		if (l->size < 0 || l->size > 100000)
			l->size = 0;
		l->took = 0;
		l->alt = src->alt;
		ex_count(l->t, &cnt);
		if (cnt.kanji + cnt.kana >= 2)
			card.has_cjk = 1;
		if (l->size > card.size_max)
			card.size_max = l->size;
		card.n++;
	}
	merge_fragments(&card);
	{
		int cjk = 0, alpha = 0;
		for (i = 0; i < card.n; i++) {
			ex_counts cnt;
			ex_count(card.l[i].t, &cnt);
			cjk += cnt.kanji + cnt.kana;
			alpha += cnt.alpha;
		}
		card.latin = cjk * 4 < alpha;
	}
	card.cc = guess_country(&card);
	if (card.cc == EX_CC_BR)
		for (i = 0; i < card.n; i++) {
			ex_accents_pt(x, card.l[i].t, sizeof(card.l[i].t));
			memcpy(card.l[i].rest, card.l[i].t,
			       sizeof(card.l[i].rest));
		}
	ex_email_url(&card);
	if (card.cc == EX_CC_NONE) {
		/* An OCR-broken ".jp" reads well once the email is mended. */
		const char *e = c->v[MS_F_EMAIL], *u = c->v[MS_F_URL];
		size_t el = strlen(e), ul = strlen(u);
		if ((el > 3 && strcmp(e + el - 3, ".jp") == 0) ||
		    (ul > 3 && strstr(u, ".jp") != NULL))
			card.cc = EX_CC_JP;
	}
	ex_phones(&card);
	ex_phone_pairs(&card);
	ex_address(&card);
	ex_company(&card);
	ex_dept_title(&card);
	ex_name(&card);
	rc = x->knowledge ? ms_verify_contact(x->kn, lines, c) : MS_OK;
	/* A field flagged for review says so in its confidence too: the
	 * review desk marks fields by confidence alone. */
	for (i = 0; i < MS_F_COUNT; i++)
		if ((c->review & (1u << i)) && c->conf[i] >= MS_REVIEW_CONF)
			c->conf[i] = MS_REVIEW_CONF - 0.01f;
	return rc;
}

int ms_extract_name_reread(const ms_extractor *x, const ms_contact *c,
			   ms_name_reread *rr)
{
	return x->knowledge && ms_verify_name_reread(x->kn, c, rr);
}

int ms_extract_name_take(const ms_extractor *x, ms_contact *c,
			 const char *text)
{
	return x->knowledge && ms_verify_name_take(x->kn, c, text);
}

long ms_extract_number_reread(ms_extractor *x, const ms_lines *lines,
			      const ms_contact *c, size_t from)
{
	size_t i;

	for (i = from; lines && i < lines->n && i < MS_MAX_LINES; i++) {
		char t[MS_EX_NORM_BYTES];
		int f;
		if (!lines->v[i].vertical)
			continue;
		ex_normalise(x, lines->v[i].text, t, sizeof(t));
		f = ex_number_label(t);
		if (f >= 0 && !c->v[f][0])
			return (long)i;
	}
	return -1;
}

/* Appends the characters of d's non-ASCII entries that out (o bytes of
 * cap) lacks. Returns the new length. */
static size_t dict_chars(const ex_dict *d, char *out, size_t o, size_t cap)
{
	size_t i, k, n;
	int32_t cp;

	for (i = 0; i < d->n; i++) {
		const char *e = d->v[i];
		for (k = 0, n = strlen(e); k < n;) {
			size_t l = ms_utf8_next(e + k, n - k, &cp);
			char one[5];
			if (l == 0)
				break;
			memcpy(one, e + k, l);
			one[l] = '\0';
			k += l;
			if (cp < 0x80 || strstr(out, one))
				continue;
			if (o + l + 1 > cap)
				return o;
			memcpy(out + o, one, l + 1);
			o += l;
		}
	}
	return o;
}

void ms_extract_role_chars(const ms_extractor *x, char *out, size_t cap)
{
	if (cap == 0)
		return;
	out[0] = '\0';
	dict_chars(&x->depts, out, dict_chars(&x->titles, out, 0, cap), cap);
}

int ms_extract_title_whole(const ms_extractor *x, const char *text,
			   char *out, size_t cap)
{
	size_t i, tl = strlen(text), found = 0;
	const char *hit = NULL;

	if (ms_utf8_len(text) != 1 || (unsigned char)text[0] < 0x80)
		return 0;
	for (i = 0; i < x->titles.n; i++) {
		const char *e = x->titles.v[i];
		size_t el = strlen(e);
		if (ms_utf8_len(e) == 2 && el > tl &&
		    strcmp(e + el - tl, text) == 0) {
			hit = e;
			found++;
		}
	}
	if (found != 1 || strlen(hit) + 1 > cap)
		return 0;
	memcpy(out, hit, strlen(hit) + 1);
	return 1;
}

long ms_extract_role_reread(const ms_lines *lines, const ms_contact *c,
			    size_t from)
{
	size_t i, k;
	int japanese = 0;

	if (!lines || (c->v[MS_F_TITLE][0] && c->v[MS_F_DEPARTMENT][0]))
		return -1;
	for (i = 0; i < lines->n && i < MS_MAX_LINES && !japanese; i++) {
		ex_counts cnt;
		ex_count(lines->v[i].text, &cnt);
		japanese = cnt.kanji + cnt.kana >= 4;
	}
	if (!japanese)
		return -1;
	for (i = from; i < lines->n && i < MS_MAX_LINES; i++) {
		const char *t = lines->v[i].text;
		size_t n = strlen(t);
		ex_counts rest;
		if (lines->v[i].vertical)
			continue;
		for (k = 0; k < n && isalpha((unsigned char)t[k]); k++)
			;
		if (k < 2 || k > 4)
			continue;
		/* the word alone, or before the Japanese title it shares
		 * a line with ("ANH エンジニア" for 人事部 エンジニア) */
		if (k == n)
			return (long)i;
		ex_count(t + k, &rest);
		if (t[k] == ' ' && !c->v[MS_F_DEPARTMENT][0] &&
		    rest.kanji + rest.kana >= 2 && rest.alpha == 0)
			return (long)i;
	}
	return -1;
}

void ms_extractor_set_knowledge(ms_extractor *x, int on)
{
	x->knowledge = on && x->kn;
}
