/*
 * Company, department and title.
 *
 * The company is the line with a legal form (株式会社, (株), Inc., GmbH,
 * models/legal_forms.txt) or, failing that, the line that spells the email
 * domain ("sakura-systems" in "Sakura Systems", or in サクラシステムズ read
 * as romaji). Departments and titles come from models/departments.txt and
 * models/titles.txt: a Japanese line is cut at spaces and each word is
 * matched by its ending (営業部 / 部長, 営業部部長), an English line is cut at
 * commas and each part matched by its words.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "extract/ex_int.h"
#include "meishi/text.h"

/* Drops stray punctuation OCR puts before a name (">, ACME", "@ Kestrel
 * Security Ltd.": a logo read as '@'). */
static void lead_junk(char *v)
{
	size_t i = 0;

	/* ASCII only: a byte of a UTF-8 sequence must never match */
	while (v[i] && strchr(">,.<*~=+#@ ", v[i]))
		i++;
	if ((unsigned char)v[i] == 0xC2 && ((unsigned char)v[i + 1] == 0xAB ||
	                                    (unsigned char)v[i + 1] == 0xBB))
		i += 2;
	memmove(v, v + i, strlen(v + i) + 1);
}

/* Drops a stray mark OCR puts after a company ("... Co., Ltd. 0"): a
 * last word of one or two characters that is not a letter word. */
static void tail_junk(char *v)
{
	char *sp = strrchr(v, ' ');
	ex_counts c;

	if (!sp || strlen(sp + 1) > 2)
		return;
	ex_count(sp + 1, &c);
	if (c.kanji + c.kana == 0 && (c.alpha == 0 || c.total == 1))
		*sp = '\0';
}

/* "Redwood Capital Inc. all", "Granite Peak Software LLC al": a short
 * lower-case word after an English legal form that ends the line is a
 * mark OCR read as letters. */
static void legal_tail_junk(ex_card *k, char *v)
{
	size_t len = 0, e, n;
	long at = ex_dict_find(&k->x->legal, v, &len);
	ex_counts c;

	if (at < 0 || (unsigned char)v[at] >= 0x80)
		return;
	e = (size_t)at + len;
	if (v[e] == '.')
		e++;
	if (v[e] != ' ')
		return;
	n = strlen(v + e + 1);
	ex_count(v + e + 1, &c);
	/* One kanji or kana after a Latin legal form is a speck too
	 * ("Harbor & Finch Corporation 回"). */
	if (c.kanji + c.kana == 1 && ms_utf8_len(v + e + 1) == 1) {
		v[e] = '\0';
		return;
	}
	if (n == 0 || n > 3 || strchr(v + e + 1, ' ') || c.upper > 0 ||
	    c.digit > 0 || c.kanji + c.kana > 0)
		return;
	v[e] = '\0';
}

static int mostly_cjk(const char *s)
{
	ex_counts c;

	ex_count(s, &c);
	return c.kanji + c.kana > c.alpha;
}

/* How well line text r spells the email domain core: 0..1. */
static float domain_match(ex_card *k, const char *r)
{
	char a[MS_EX_NORM_BYTES], core[MS_MAX_FIELD_BYTES], rom[256];
	size_t n = strlen(k->domain_core);

	if (n < 3)
		return 0;
	ex_alnum_lower(k->domain_core, core, sizeof(core));
	ex_alnum_lower(r, a, sizeof(a));
	if (core[0] && strstr(a, core))
		return 1;
	if (a[0] && strlen(a) >= 3 && strstr(core, a) && strlen(a) * 2 >= n)
		return 0.8f;
	/* Katakana company names against the romanised domain. */
	ex_romaji(r, rom, sizeof(rom));
	if (strlen(rom) >= 4) {
		char fc[MS_MAX_FIELD_BYTES];
		ms_strlcpy_utf8(fc, core, sizeof(fc));
		ex_fold_romaji(fc);
		if (ex_similar(rom, fc) >= 0.7f)
			return 0.8f;
	}
	return 0;
}

/* 1 for the marks OCR reads for the kanji 一 (ー, ―, ─, −, '-'). */
static int one_like(int32_t c)
{
	return c == 0x30FC || c == 0x2015 || c == 0x2500 || c == 0x2014 ||
	       c == 0x2212 || c == '-';
}

/* "ー般社団法人", "第ー営業": a long-vowel mark or dash where no kana goes
 * before it and a kanji follows is the kanji 一 (a long-vowel mark only
 * lengthens a kana). Rewrites v in place (capacity cap). */
static void kanji_one(char *v, size_t cap)
{
	char out[MS_EX_NORM_BYTES];
	size_t n = strlen(v), i = 0, k, o = 0;
	int32_t cp, prev = ' ', next;
	int changed = 0;

	out[0] = '\0';
	while (i < n && (k = ms_utf8_next(v + i, n - i, &cp)) != 0) {
		size_t k2 = ms_utf8_next(v + i + k, n - i - k, &next);
		if (k2 == 0)
			next = 0;
		if (one_like(cp) && !ex_is_kana(prev) &&
		    (prev == ' ' || ex_is_kanji(prev)) && ex_is_kanji(next)) {
			cp = 0x4E00;
			changed = 1;
		}
		if (ms_utf8_put(out, sizeof(out), cp) == 0)
			return;
		o = strlen(out);
		prev = cp;
		i += k;
	}
	if (changed && o < cap)
		memcpy(v, out, o + 1);
}

/* The span of the company in r given a legal form at [at, at+len). */
static void company_span(const char *r, long at, size_t len, size_t *s,
                         size_t *e)
{
	size_t n = strlen(r), a = (size_t)at, b = a + len;

	if ((unsigned char)r[a] < 0x80) {
		/* English forms: the whole line. */
		*s = 0;
		*e = n;
		return;
	}
	/* Japanese: the space-delimited word holding the form, and its
	 * neighbour when the form stands alone ("株式会社 サンプル"). */
	*s = a;
	while (*s > 0 && r[*s - 1] != ' ')
		(*s)--;
	*e = b;
	while (*e < n && r[*e] != ' ')
		(*e)++;
	if (*s == a && *e == b) {
		if (b < n && r[b] == ' ' && r[b + 1] && a == 0) {
			*e = b + 1;
			while (*e < n && r[*e] != ' ')
				(*e)++;
		} else if (a > 0) {
			*s = a - 1;
			while (*s > 0 && r[*s - 1] != ' ')
				(*s)--;
		} else if (b < n) {
			*e = b + 1;
			while (*e < n && r[*e] != ' ')
				(*e)++;
		}
	}
}

/* Code points of s, at most cap. */
static size_t decode(const char *s, int32_t *cp, size_t cap)
{
	size_t n = strlen(s), i = 0, o = 0, k;

	while (i < n && o < cap && (k = ms_utf8_next(s + i, n - i, cp + o)))
		i += k, o++;
	return o;
}

/* "み らし 設計株 式会社": OCR put spaces inside a Japanese legal form. The
 * spaces in the form go, and so do those between it and the one- and
 * two-character fragments of CJK just before it (a company name has no
 * spaces, and a word of its own is longer). Rewrites r in place when the
 * form is found only with its spaces taken out. */
static void join_split_form(ex_card *k, char *r)
{
	int32_t c[MS_EX_NORM_BYTES], f[64], o[MS_EX_NORM_BYTES];
	char out[MS_EX_NORM_BYTES];
	size_t n, i, j, m, nf, no = 0, a, b, t;
	const ex_dict *d = &k->x->legal;

	if (ex_dict_find(d, r, NULL) >= 0)
		return;
	n = decode(r, c, MS_EX_NORM_BYTES);
	for (i = 0; i < d->n; i++) {
		if ((unsigned char)d->v[i][0] < 0x80)
			continue;
		nf = decode(d->v[i], f, 64);
		if (nf < 2)
			continue;
		for (a = 0; a < n; a++) {
			/* f at a, with single spaces allowed inside. */
			for (j = a, m = 0; j < n && m < nf; j++) {
				if (c[j] == ' ' && m > 0)
					continue;
				if (c[j] != f[m])
					break;
				m++;
			}
			if (m == nf)
				break;
		}
		if (a == n)
			continue;
		b = j;
		/* Fragments before it: CJK words of one or two characters. */
		t = a;
		while (t > 0 && c[t - 1] != ' ')
			t--;
		while (t >= 2 && c[t - 1] == ' ') {
			size_t w = t - 1, len = 0;
			while (w > 0 && c[w - 1] != ' ')
				w--;
			for (j = w; j < t - 1; j++)
				len += ex_is_cjk(c[j]) ? 1 : 9;
			if (len == 0 || len > 2)
				break;
			t = w;
		}
		for (j = 0; j < n; j++)
			if (!(c[j] == ' ' && j >= t && j < b))
				o[no++] = c[j];
		out[0] = '\0';
		for (j = 0; j < no; j++)
			if (ms_utf8_put(out, sizeof(out), o[j]) == 0)
				return;
		ms_strlcpy_utf8(r, out, MS_EX_NORM_BYTES);
		return;
	}
}

/* Lowercase letters and digits of the leading words of r that, joined,
 * lie in core: their byte length in r (0 if even the first word does not)
 * and in *alen the length of their letters and digits. */
static size_t words_in_core(const char *r, const char *core, size_t *alen)
{
	char a[MS_EX_NORM_BYTES], w[MS_EX_NORM_BYTES];
	size_t i = 0, n = strlen(r), took = 0, al = 0;

	*alen = 0;
	a[0] = '\0';
	while (i < n) {
		size_t s, wl;
		while (i < n && r[i] == ' ')
			i++;
		s = i;
		while (i < n && r[i] != ' ')
			i++;
		if (i == s)
			break;
		memcpy(w, r + s, i - s);
		w[i - s] = '\0';
		ex_alnum_lower(w, w, sizeof(w));
		wl = strlen(w);
		if (wl == 0 || al + wl >= sizeof(a))
			break;
		memcpy(a + al, w, wl + 1);
		if (!strstr(core, a))
			break;
		al += wl;
		took = i;
	}
	*alen = al;
	return took;
}

/* A company name that the card prints on two lines ("Brunau" over
 * "Buffet eventos" for brunaubuffet.com.br, "DOMINIO" over "AUTO PECAS"
 * for autopecasdominio.com.br): when line b spells part of the domain
 * core, the leading words of the line just above or below that spell the
 * rest are joined to it, in reading order, into v. */
static void join_domain_words(ex_card *k, size_t b, char *v, size_t cap)
{
	char core[MS_MAX_FIELD_BYTES], a[MS_EX_NORM_BYTES];
	const ex_line *l = &k->l[b];
	size_t n, al, j;

	ex_alnum_lower(k->domain_core, core, sizeof(core));
	ex_alnum_lower(v, a, sizeof(a));
	n = strlen(core);
	al = strlen(a);
	if (al < 3 || al >= n || !strstr(core, a))
		return;
	for (j = 0; j < k->n; j++) {
		const ex_line *o = &k->l[j];
		char w[MS_EX_NORM_BYTES], both[MS_EX_NORM_BYTES * 2];
		size_t took, wl;
		int gap, h = l->box.h > o->box.h ? l->box.h : o->box.h;
		if (j == b || o->vertical || !ex_meaningful(o->rest) ||
		    (o->took & ((1u << MS_F_ADDRESS) | (1u << MS_F_COMPANY))))
			continue;
		gap = o->box.y > l->box.y
		          ? o->box.y - (l->box.y + l->box.h)
		          : l->box.y - (o->box.y + o->box.h);
		if (gap > h || gap < -h / 2)
			continue;
		took = words_in_core(o->rest, core, &wl);
		if (!took || al + wl != n)
			continue;
		memcpy(w, o->rest, took);
		w[took] = '\0';
		ex_tidy(w, "|:;-_'\"");
		if (o->box.y < l->box.y)
			snprintf(both, sizeof(both), "%s %s", w, v);
		else
			snprintf(both, sizeof(both), "%s %s", v, w);
		ex_alnum_lower(both, a, sizeof(a));
		if (strcmp(a, core) != 0 && strlen(both) < cap) {
			/* both pieces lie in the core: which order? */
			char rev[MS_EX_NORM_BYTES];
			ex_alnum_lower(w, rev, sizeof(rev));
			if (!strstr(core, rev))
				continue;
		}
		if (strlen(both) >= cap)
			return;
		memcpy(v, both, strlen(both) + 1);
		return;
	}
}

void ex_company(ex_card *k)
{
	size_t i, len = 0, s = 0, e = 0;
	long best = -1, at;
	float best_score = 0;

	for (i = 0; i < k->n; i++) {
		ex_line *l = &k->l[i];
		float score = 0, dm;
		if (!ex_meaningful(l->rest) || (l->took & (1u << MS_F_ADDRESS)))
			continue;
		join_split_form(k, l->rest);
		at = ex_dict_find(&k->x->legal, l->rest, &len);
		if (at >= 0)
			score += 3;
		dm = domain_match(k, l->rest);
		score += 2 * dm;
		if (score <= 0)
			continue;
		/* On a Japanese card the Japanese name of the company, not its
		 * English one (both often printed). */
		if (k->has_cjk && mostly_cjk(l->rest))
			score += 2.5f;
		if (k->size_max > 0)
			score += 0.5f * l->size / k->size_max;
		score += 0.2f * l->conf;
		if (score > best_score) {
			best_score = score;
			best = (long)i;
		}
	}
	if (best < 0)
		return;
	{
		ex_line *l = &k->l[best];
		char v[MS_EX_NORM_BYTES];
		float conf = l->conf;
		at = ex_dict_find(&k->x->legal, l->rest, &len);
		if (at >= 0) {
			company_span(l->rest, at, len, &s, &e);
		} else {
			s = 0;
			e = strlen(l->rest);
			conf *= 0.8f;
		}
		if (e - s >= sizeof(v))
			e = s + sizeof(v) - 1;
		memcpy(v, l->rest + s, e - s);
		v[e - s] = '\0';
		/* Before the tidying, which takes a leading dash for a
		 * stray mark ("-般社団法人" is 一般社団法人). */
		kanji_one(v, sizeof(v));
		ex_tidy(v, "|:;-_'\"");
		/* "般社団法人": the 一 lost, a stroke thin as a rule. */
		if ((strncmp(v, "般社団法人", 15) == 0 ||
		     strncmp(v, "般財団法人", 15) == 0) &&
		    strlen(v) + 4 <= sizeof(v)) {
			memmove(v + 3, v, strlen(v) + 1);
			memcpy(v, "一", 3);
		}
		lead_junk(v);
		tail_junk(v);
		legal_tail_junk(k, v);
		if (at < 0 && k->cc != EX_CC_JP && !mostly_cjk(v))
			join_domain_words(k, (size_t)best, v, sizeof(v));
		/* "株)白樺ホールディングス": the opening bracket lost. */
		if ((strncmp(v, "株)", 4) == 0 || strncmp(v, "有)", 4) == 0) &&
		    strlen(v) + 2 <= sizeof(v)) {
			memmove(v + 1, v, strlen(v) + 1);
			v[0] = '(';
		}
		if (ex_set(k, MS_F_COMPANY, v, conf, l->box, at < 0)) {
			l->took |= 1u << MS_F_COMPANY;
			ex_blank(l->rest, s, e);
		}
	}
}

/* 1 if word w (n bytes) reads as a department. */
static int is_dept_word(ex_card *k, const char *w)
{
	size_t n = strlen(w), sl = ex_dict_suffix(&k->x->depts, w), fam;

	if (sl == 0)
		return ex_dict_has(&k->x->depts, w);
	if (ms_utf8_count(w + n - sl, sl) == 1 && ms_utf8_count(w, n) < 3)
		return 0; /* 阿部, 岡部: names, not departments */
	if (ex_mecab_name(k, w, &fam, NULL, 0, NULL) && fam == n)
		return 0;
	return 1;
}

static void add(ex_card *k, ms_field f, const char *v, ex_line *l)
{
	if (!k->c->v[f][0]) {
		ex_set(k, f, v, l->conf, l->box, 0);
	} else if (k->c->box[f].x == l->box.x && k->c->box[f].y == l->box.y) {
		ex_append(k, f, " ", v);
	} else if (f == MS_F_DEPARTMENT) {
		ex_append(k, f, " ", v);
	} else {
		return;
	}
	l->took |= 1u << f;
}

/* s with the voicing marks of its katakana dropped (ダ -> タ, パ -> ハ),
 * into out. */
static void fold_voicing(const char *s, char *out, size_t cap)
{
	size_t n = strlen(s), i = 0, k;
	int32_t cp;

	out[0] = '\0';
	while (i < n && (k = ms_utf8_next(s + i, n - i, &cp)) != 0) {
		i += k;
		if (cp >= 0x30AB && cp <= 0x30C2)
			cp -= (cp - 0x30AB) % 2;
		else if (cp >= 0x30C4 && cp <= 0x30C9)
			cp -= (cp - 0x30C4) % 2;
		else if (cp >= 0x30CF && cp <= 0x30DD)
			cp -= (cp - 0x30CF) % 3;
		else if (cp == 0x30F4)
			cp = 0x30A6;
		if (ms_utf8_put(out, cap, cp) == 0)
			break;
	}
}

/* The katakana title that w is once OCR's lost or added voicing marks
 * are set aside ("リーター" is リーダー), or NULL. */
static const char *title_voicing(ex_card *k, const char *w)
{
	char fw[MS_EX_NORM_BYTES], fe[MS_EX_NORM_BYTES];
	const ex_dict *d = &k->x->titles;
	ex_counts c;
	size_t i;

	ex_count(w, &c);
	if (c.kata < 3 || c.kata != c.total)
		return NULL;
	fold_voicing(w, fw, sizeof(fw));
	for (i = 0; i < d->n; i++) {
		if ((unsigned char)d->v[i][0] < 0x80)
			continue;
		fold_voicing(d->v[i], fe, sizeof(fe));
		if (strcmp(fw, fe) == 0)
			return d->v[i];
	}
	return NULL;
}

/* The one whole department name of the table (three characters or more)
 * that w is with one character lost (営企画室 for 経営企画室) or, for
 * three characters or more, one misread (紹理部 for 経理部); NULL when
 * none or several are. A word that already ends like a department keeps
 * its ending (開発室 is not 開発部 misread). */
static const char *dept_near(ex_card *k, const char *w, int keep_end)
{
	int32_t a[24], b[24];
	size_t na = decode(w, a, 24), i, j, nb;
	const ex_dict *d = &k->x->depts;
	const char *found = NULL;

	if (na < 2 || na >= 20)
		return NULL;
	for (i = 0; i < d->n; i++) {
		int near = 0;
		if ((unsigned char)d->v[i][0] < 0x80)
			continue;
		nb = decode(d->v[i], b, 24);
		if (nb < 3)
			continue;
		if (nb == na + 1) {
			/* b with one character left out is a */
			for (j = 0; j < na && a[j] == b[j]; j++)
				;
			near = memcmp(a + j, b + j + 1,
				      (na - j) * sizeof(*a)) == 0;
		} else if (nb == na && na >= 3) {
			size_t diff = 0;
			for (j = 0; j < na; j++)
				diff += a[j] != b[j];
			near = diff == 1 &&
			       !(keep_end && a[na - 1] != b[na - 1]);
		}
		if (!near)
			continue;
		if (found)
			return NULL;
		found = d->v[i];
	}
	return found;
}

/* Adds the department w, or the table's whole name it is one character
 * off, flagged for review. */
static void add_dept(ex_card *k, const char *w, ex_line *l)
{
	const char *near = ex_dict_has(&k->x->depts, w)
				   ? NULL
				   : dept_near(k, w, is_dept_word(k, w));

	add(k, MS_F_DEPARTMENT, near ? near : w, l);
	if (near) {
		k->c->review |= 1u << MS_F_DEPARTMENT;
		k->c->conf[MS_F_DEPARTMENT] *= 0.8f;
	}
}

static void jp_line(ex_card *k, ex_line *l)
{
	char *r = l->rest;
	size_t i = 0, n = strlen(r);

	while (i < n) {
		char w[MS_EX_NORM_BYTES];
		size_t s, e, tl, wl;
		while (i < n && r[i] == ' ')
			i++;
		s = i;
		while (i < n && r[i] != ' ')
			i++;
		e = i;
		if (e == s)
			break;
		wl = e - s;
		memcpy(w, r + s, wl);
		w[wl] = '\0';
		if (ms_utf8_count(w, wl) > 20)
			continue; /* no title or department is this long */
		tl = ex_dict_suffix(&k->x->titles, w);
		if (tl > 0) {
			char pre[MS_EX_NORM_BYTES];
			memcpy(pre, w, wl - tl);
			pre[wl - tl] = '\0';
			if (pre[0] && ex_dict_suffix(&k->x->depts, pre) &&
			    !ex_dict_suffix(&k->x->titles, pre)) {
				add_dept(k, pre, l);
				add(k, MS_F_TITLE, w + wl - tl, l);
			} else {
				add(k, MS_F_TITLE, w, l);
			}
			ex_blank(r, s, e);
		} else if (is_dept_word(k, w)) {
			add_dept(k, w, l);
			ex_blank(r, s, e);
		} else if (title_voicing(k, w)) {
			add(k, MS_F_TITLE, title_voicing(k, w), l);
			ex_blank(r, s, e);
		} else if (dept_near(k, w, 0)) {
			/* Its ending lost or misread (造部, 広報補). */
			add_dept(k, w, l);
			ex_blank(r, s, e);
		} else {
			/* A title the OCR cut with a space ("リ ーダー",
			 * "課 長"): the word and the next, joined, are one
			 * of the table's titles as a whole. */
			size_t s2 = e, e2;
			char j[MS_EX_NORM_BYTES];
			const char *t;
			while (s2 < n && r[s2] == ' ')
				s2++;
			e2 = s2;
			while (e2 < n && r[e2] != ' ')
				e2++;
			if (e2 == s2 || wl + (e2 - s2) + 1 > sizeof(j))
				continue;
			memcpy(j, w, wl);
			memcpy(j + wl, r + s2, e2 - s2);
			j[wl + e2 - s2] = '\0';
			t = ex_dict_has(&k->x->titles, j) ? j
							   : title_voicing(k, j);
			if (!t)
				continue;
			add(k, MS_F_TITLE, t, l);
			ex_blank(r, s, e2);
			i = e2;
		}
	}
}

/* Drops what OCR read from a mark at the end of a title or department
 * line ("VP of Marketing O", "Sales Director Ss", "Enterprise Sales A",
 * "VP of Marketing ーー A"): last words of one character (but "I"), of two
 * that are not both capitals ("IT", "HR", "II" stay), or of CJK marks. */
static void en_tail_junk(char *p)
{
	static const char *const marks[] = {"\xE2\x80\x99", "\xE2\x80\x98",
					    "\xE2\x80\x9D", "'", "`", ",",
					    ";", ":", "\"", "|", "_"};
	size_t i, len = strlen(p), m;
	int cut;

	/* marks glued to the last word ("Engineer’") */
	do {
		cut = 0;
		for (i = 0; i < sizeof(marks) / sizeof(*marks); i++) {
			m = strlen(marks[i]);
			if (len > m && strcmp(p + len - m, marks[i]) == 0) {
				p[len -= m] = '\0';
				cut = 1;
			}
		}
	} while (cut);
	for (;;) {
		char *sp = strrchr(p, ' ');
		const char *w;
		size_t n;
		ex_counts c;
		if (!sp)
			return;
		w = sp + 1;
		n = strlen(w);
		ex_count(w, &c);
		if (c.kanji + c.kana + c.other == c.total && c.alpha == 0 &&
		    c.digit == 0)
			; /* "ーー", "©" */
		else if (n == 1 && w[0] != 'I' && w[0] != '&')
			;
		else if (n == 2 && c.alpha == 2 && c.upper < 2)
			;
		else
			return;
		*sp = '\0';
		ex_tidy(p, NULL);
	}
}

/* "Business Development Manager Global Partnerships": a title and, after
 * its last title word, a department that starts with a capital (not "of
 * Operations"). Cuts p at the title's end and copies the department into
 * dept. Returns 1 if it did. */
static int split_title_dept(ex_card *k, char *p, char *dept, size_t cap)
{
	size_t len = 0, end = 0, from = 0;
	long at;
	const char *rem;

	while ((at = ex_dict_find(&k->x->titles, p + from, &len)) >= 0) {
		end = from + (size_t)at + len;
		from = end;
	}
	if (end == 0 || !p[end] || p[end] != ' ')
		return 0;
	rem = p + end + 1;
	{
		/* "Head of Partnerships": the title goes on */
		static const char *const joins[] = {" of", " for", " and",
		                                    " &", " de", " da", " do"};
		size_t q, jl;
		for (q = 0; q < sizeof(joins) / sizeof(joins[0]); q++) {
			jl = strlen(joins[q]);
			if (end >= jl &&
			    !strncasecmp(p + end - jl, joins[q], jl))
				return 0;
		}
	}
	if (!isupper((unsigned char)rem[0]) ||
	    ex_dict_find(&k->x->depts, rem, NULL) < 0)
		return 0;
	ms_strlcpy_utf8(dept, rem, cap);
	p[end] = '\0';
	return 1;
}

static void en_line(ex_card *k, ex_line *l)
{
	char *r = l->rest;
	int has_title = ex_dict_find(&k->x->titles, r, NULL) >= 0;
	int has_dept = ex_dict_find(&k->x->depts, r, NULL) >= 0;
	char title[MS_EX_NORM_BYTES] = "", dept[MS_EX_NORM_BYTES] = "";
	size_t i = 0, n = strlen(r);

	if (!has_title && !has_dept)
		return;
	while (i < n) {
		char p[MS_EX_NORM_BYTES];
		size_t s = i, e;
		char *dst;
		while (i < n && r[i] != ',' && r[i] != '|' && r[i] != '/')
			i++;
		e = i;
		if (i < n)
			i++;
		memcpy(p, r + s, e - s);
		p[e - s] = '\0';
		ex_tidy(p, "-:;");
		/* (a Japanese card's English lines are left as they were) */
		if (k->cc != EX_CC_JP || k->latin)
			en_tail_junk(p);
		if (!p[0])
			continue;
		if (ex_dict_find(&k->x->titles, p, NULL) >= 0 && !dept[0] &&
		    (k->cc != EX_CC_JP || k->latin) &&
		    split_title_dept(k, p, dept, sizeof(dept)))
			dst = title;
		else if (ex_dict_find(&k->x->titles, p, NULL) >= 0)
			dst = title;
		else if (ex_dict_find(&k->x->depts, p, NULL) >= 0)
			dst = dept;
		else
			dst = has_title ? title : dept;
		if (dst[0]) {
			size_t dl = strlen(dst);
			ms_strlcpy_utf8(dst + dl, ", ", MS_EX_NORM_BYTES - dl);
		}
		ms_strlcpy_utf8(dst + strlen(dst), p,
		                MS_EX_NORM_BYTES - strlen(dst));
	}
	if (title[0])
		add(k, MS_F_TITLE, title, l);
	if (dept[0])
		add(k, MS_F_DEPARTMENT, dept, l);
	ex_blank(r, 0, n);
}

/* Word i (from 0, at spaces) of s into w; 0 if s has fewer words. */
static int word_at(const char *s, size_t i, char *w, size_t cap)
{
	size_t n;

	for (;;) {
		while (*s == ' ')
			s++;
		if (!*s)
			return 0;
		n = strcspn(s, " ");
		if (i-- == 0)
			break;
		s += n;
	}
	if (n >= cap)
		return 0;
	memcpy(w, s, n);
	w[n] = '\0';
	return 1;
}

static size_t count_words(const char *s)
{
	size_t n = 0;
	char w[MS_EX_NORM_BYTES];

	while (word_at(s, n, w, sizeof(w)))
		n++;
	return n;
}

/* "製造部 EM プロジェクトマネージャー" where the OCR's other reading of
 * the line is "製造部 生産管理課 ブロジェクトマネージャー": a speck of
 * Latin letters (no kanji, no kana) in the line becomes the other
 * reading's word in its place when that word is a department or a
 * title. Only when both readings have as many words. */
static void specks_from_alt(ex_card *k, ex_line *l)
{
	char alt[MS_EX_NORM_BYTES], out[MS_EX_NORM_BYTES];
	char w[MS_EX_NORM_BYTES], a[MS_EX_NORM_BYTES];
	size_t i, n, o = 0;
	int changed = 0;

	if (!l->alt || !l->alt[0] || strcmp(l->rest, l->t) != 0)
		return;
	ex_normalise(k->x, l->alt, alt, sizeof(alt));
	n = count_words(l->rest);
	if (n < 2 || count_words(alt) != n)
		return;
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		ex_counts cw, ca;
		const char *use = w;
		if (!word_at(l->rest, i, w, sizeof(w)) ||
		    !word_at(alt, i, a, sizeof(a)))
			return;
		ex_count(w, &cw);
		ex_count(a, &ca);
		if (cw.kanji + cw.kana == 0 && cw.alpha > 0 &&
		    ca.kanji + ca.kana == ca.total &&
		    (is_dept_word(k, a) || ex_dict_suffix(&k->x->titles, a))) {
			use = a;
			changed = 1;
		}
		if (o + strlen(use) + 2 > sizeof(out))
			return;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, use, strlen(use) + 1);
		o += strlen(use);
	}
	if (changed)
		memcpy(l->rest, out, o + 1);
}

void ex_dept_title(ex_card *k)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		ex_line *l = &k->l[i];
		if (!ex_meaningful(l->rest) || (l->took & (1u << MS_F_ADDRESS)))
			continue;
		if (mostly_cjk(l->rest)) {
			specks_from_alt(k, l);
			jp_line(k, l);
		}
		else
			en_line(k, l);
	}
}
