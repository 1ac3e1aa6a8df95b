/*
 * The person's name, its reading and its romanised form.
 *
 * Runs last, on what the other passes left. A Japanese name is the largest
 * short line of kanji (and kana), two to eight characters; MeCab's person
 * tags (人名,姓 / 人名,名) confirm it and split family from given name when
 * no space is printed. The reading is a kana line printed next to it
 * ("printed"), or else MeCab's reading in hiragana with a space between
 * family and given name ("derived", flagged for review). A romanised line
 * ("Taro Yamada", "YAMADA Taro") becomes name_latin; on an English card it
 * is the name itself.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/ex_int.h"
#include "meishi/text.h"

#define NAME_STRIP "|:;,.-_'\"()[]<>!?*~=+#"

static void clean_copy(const char *r, char *out, size_t cap)
{
	ms_strlcpy_utf8(out, r, cap);
	ex_tidy(out, NAME_STRIP);
}

/* Byte length of the first n code points of s. */
static size_t cp_bytes(const char *s, size_t n)
{
	size_t i = 0;

	while (s[i] && n > 0) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		n--;
	}
	return i;
}

/* 1 if s is only marks that a printed rule reads as ("ーー 一"). */
static int rule_marks(const char *s)
{
	size_t n = strlen(s), i = 0, k;
	int32_t cp;

	while (i < n && (k = ms_utf8_next(s + i, n - i, &cp)) != 0) {
		if (cp != ' ' && cp != 0x30FC && cp != 0x4E00 &&
		    cp != 0x2015 && cp != 0x2500 && cp != 0xFF70)
			return 0;
		i += k;
	}
	return 1;
}

static int latin_words(const char *s)
{
	int words = 0, in = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ') {
			in = 0;
			continue;
		}
		if (!(isalpha(c) || c == '.' || c == '-' || c == '\'' ||
		      c >= 0x80))
			return -1;
		if (!in) {
			if (!isalpha(c) && c < 0x80)
				return -1;
			words++;
		}
		in = 1;
	}
	return words;
}

/* The text of a Japanese name candidate: punctuation trimmed, short
 * tokens with no kanji or kana dropped when kanji remain ("和田 ee", where
 * OCR garbled the given name), and a lone kana after both halves (a logo
 * beside the name read "の": "石川 里美 の"). */
static void jp_name_text(const char *rest, char *out, size_t cap)
{
	char tmp[MS_EX_NORM_BYTES];
	const char *p;
	ex_counts c;
	size_t o = 0;
	int words = 0;

	clean_copy(rest, tmp, sizeof(tmp));
	ex_count(tmp, &c);
	out[0] = '\0';
	if (c.kanji == 0 || cap == 0) {
		ms_strlcpy_utf8(out, tmp, cap);
		return;
	}
	for (p = tmp; *p;) {
		char w[MS_EX_NORM_BYTES];
		size_t n = ms_next_word(&p, w, sizeof(w));
		ex_counts wc;
		if (n == 0)
			break;
		ex_count(w, &wc);
		if (wc.kanji + wc.kana == 0 && wc.total <= 3)
			continue;
		if (words >= 2 && wc.kanji == 0 && wc.total == 1)
			continue;
		words++;
		if (o > 0 && o + 1 < cap)
			out[o++] = ' ';
		if (o + n + 1 > cap)
			break;
		memcpy(out + o, w, n);
		o += n;
		out[o] = '\0';
	}
}

/* The text of a kana line with the specks OCR reads beside it dropped
 * ("すがわら つばさ ©", "いまい しゅん al"): short tokens with no kana,
 * when kana remain. */
static void kana_text(const char *rest, char *out, size_t cap)
{
	char tmp[MS_EX_NORM_BYTES];
	const char *p;
	ex_counts c;
	size_t o = 0;
	int words = 0;

	clean_copy(rest, tmp, sizeof(tmp));
	ex_count(tmp, &c);
	out[0] = '\0';
	if (c.kana == 0 || c.kana == c.total || cap == 0) {
		ms_strlcpy_utf8(out, tmp, cap);
		return;
	}
	for (p = tmp; *p;) {
		char w[MS_EX_NORM_BYTES];
		size_t n = ms_next_word(&p, w, sizeof(w));
		ex_counts wc;
		if (n == 0)
			break;
		ex_count(w, &wc);
		/* Only after both halves of the reading: before them, or
		 * after one, a speck may be a misread half ("CIE みずほ",
		 * "おおつか HAT"). */
		if (words >= 2 && wc.kana == 0 && wc.total <= 3)
			continue;
		words++;
		if (o > 0 && o + 1 < cap)
			out[o++] = ' ';
		if (o + n + 1 > cap)
			break;
		memcpy(out + o, w, n);
		o += n;
		out[o] = '\0';
	}
}

/* The family name's romanisation, for matching with email and latin. */
static void family_romaji(ex_card *k, char *out, size_t cap)
{
	char rd[MS_MAX_FIELD_BYTES];

	out[0] = '\0';
	if (!k->c->v[MS_F_FAMILY_NAME][0])
		return;
	if (!ex_mecab_name(k, k->c->v[MS_F_FAMILY_NAME], NULL, rd, sizeof(rd),
	                   NULL) &&
	    !rd[0])
		return;
	ex_romaji(rd, out, cap);
}

/* 1 if the romanised reading of s (n bytes) is in the email local part
 * ("yamada" in "t.yamada", "taro.yamada", "yamada-t"). */
static int in_email(ex_card *k, const char *s, size_t n)
{
	char part[MS_MAX_FIELD_BYTES], rd[MS_MAX_FIELD_BYTES];
	char rom[MS_MAX_FIELD_BYTES], loc[MS_MAX_FIELD_BYTES];

	if (!k->email_local[0] || n == 0 || n >= sizeof(part))
		return 0;
	memcpy(part, s, n);
	part[n] = '\0';
	ex_mecab_name(k, part, NULL, rd, sizeof(rd), NULL);
	if (!rd[0])
		return 0;
	ex_romaji(rd, rom, sizeof(rom));
	if (strlen(rom) < 3)
		return 0;
	ex_alnum_lower(k->email_local, loc, sizeof(loc));
	ex_fold_romaji(loc);
	return strstr(loc, rom) != NULL;
}

/* If MeCab cuts s into exactly two words, the byte length of the first
 * ("春日部" + "葵"), else 0. */
static size_t two_words(ex_card *k, const char *s)
{
	const mecab_node_t *node;
	size_t n = strlen(s), first = 0;
	int words = 0;

	if (n == 0 || n >= MS_EX_MECAB_BYTES)
		return 0;
	node = mecab_sparse_tonode2(k->x->mecab, s, n);
	for (; node; node = node->next) {
		if (node->stat == MECAB_BOS_NODE ||
		    node->stat == MECAB_EOS_NODE)
			continue;
		if (++words == 1)
			first = node->rlength;
	}
	return words == 2 && first < n ? first : 0;
}

static void split_jp(ex_card *k, const char *name, int *person_out)
{
	char joined[MS_MAX_FIELD_BYTES], fam[MS_MAX_FIELD_BYTES];
	size_t fb = 0, n;
	const char *sp = strchr(name, ' ');
	int person = 0, guessed = 0;

	ms_str_nospace(name, joined, sizeof(joined));
	n = strlen(joined);
	ex_mecab_name(k, joined, &fb, NULL, 0, &person);
	*person_out = person;
	if (sp) {
		fb = (size_t)(sp - name);
	} else if (fb == n && ms_utf8_len(joined) <= 3) {
		/* Only a family name is legible ("和田", the given name lost):
		 * better one right part than a wrong split. */
		ex_set(k, MS_F_FAMILY_NAME, joined, k->c->conf[MS_F_NAME],
		       k->c->box[MS_F_NAME], 1);
		return;
	} else if (fb == 0 || fb >= n) {
		size_t c = ms_utf8_len(joined), i;
		fb = 0;
		/* The email tells where the family name ends. */
		for (i = 1; i < c && !fb; i++)
			if (in_email(k, joined, cp_bytes(joined, i)) ||
			    in_email(k, joined + cp_bytes(joined, i),
			             n - cp_bytes(joined, i)))
				fb = cp_bytes(joined, i);
		if (!fb) {
			fb = two_words(k, joined);
			if (!fb)
				fb = cp_bytes(joined,
				              c <= 3 ? 1 + (c == 3) : c / 2);
			guessed = 1;
		}
	}
	if (fb >= n || fb >= sizeof(fam))
		return;
	memcpy(fam, joined, fb);
	fam[fb] = '\0';
	ex_set(k, MS_F_FAMILY_NAME, fam,
	       k->c->conf[MS_F_NAME] * (guessed ? 0.6f : 1.0f),
	       k->c->box[MS_F_NAME], guessed);
	ex_set(k, MS_F_GIVEN_NAME, joined + fb,
	       k->c->conf[MS_F_NAME] * (guessed ? 0.6f : 1.0f),
	       k->c->box[MS_F_NAME], guessed);
}

static void derive_reading(ex_card *k)
{
	char rf[MS_MAX_FIELD_BYTES], rg[MS_MAX_FIELD_BYTES];
	char hf[MS_MAX_FIELD_BYTES], hg[MS_MAX_FIELD_BYTES];
	char out[MS_MAX_FIELD_BYTES];
	ms_contact *c = k->c;

	if (!c->v[MS_F_FAMILY_NAME][0] || !c->v[MS_F_GIVEN_NAME][0])
		return;
	ex_mecab_name(k, c->v[MS_F_FAMILY_NAME], NULL, rf, sizeof(rf), NULL);
	ex_mecab_name(k, c->v[MS_F_GIVEN_NAME], NULL, rg, sizeof(rg), NULL);
	if (!rf[0] || !rg[0])
		return;
	ex_kata_to_hira(rf, hf, sizeof(hf));
	ex_kata_to_hira(rg, hg, sizeof(hg));
	if (snprintf(out, sizeof(out), "%s %s", hf, hg) >= (int)sizeof(out))
		return;
	if (ex_set(k, MS_F_NAME_READING, out, c->conf[MS_F_NAME] * 0.6f,
	           c->box[MS_F_NAME], 1))
		ms_strlcpy_utf8(c->name_reading_source, "derived",
		                sizeof(c->name_reading_source));
}

/* "たなかけんじ" printed without a space: put one where MeCab's reading
 * of the family name ends, if the printed reading starts with it. */
static void space_reading(ex_card *k, char *r, size_t cap)
{
	char rf[MS_MAX_FIELD_BYTES], hf[MS_MAX_FIELD_BYTES];
	char hr[MS_EX_NORM_BYTES], joined[MS_EX_NORM_BYTES];
	size_t n, m;

	if (!k->c->v[MS_F_FAMILY_NAME][0])
		return;
	ex_mecab_name(k, k->c->v[MS_F_FAMILY_NAME], NULL, rf, sizeof(rf), NULL);
	if (!rf[0])
		return;
	ex_kata_to_hira(rf, hf, sizeof(hf));
	/* Spaces as printed may be OCR's ("おがわこ とね"): place the one
	 * space where the family name's reading ends. */
	ms_str_nospace(r, joined, sizeof(joined));
	ex_kata_to_hira(joined, hr, sizeof(hr));
	n = strlen(hf);
	m = strlen(joined);
	/* Kana are three bytes in UTF-8 in both scripts, so offsets agree. */
	if (n == 0 || n >= m || strncmp(hr, hf, n) != 0 || m + 2 > cap)
		return;
	memcpy(r, joined, n);
	r[n] = ' ';
	memcpy(r + n + 1, joined + n, m - n + 1);
}

/* No Japanese word starts with a small kana: where a part of the reading
 * r (hiragana) does, OCR took the full-size one for it ("ゃました", as
 * the small kana of a column sit apart from their cell's centre). */
static void big_initials(char *r)
{
	size_t i = 0;

	while (r[i]) {
		/* Hiragana are 3 bytes: E3 81 xx or E3 82 xx. */
		if ((i == 0 || r[i - 1] == ' ') &&
		    (unsigned char)r[i] == 0xE3) {
			int32_t cp;
			size_t k = ms_utf8_next(r + i, strlen(r + i), &cp);
			int32_t big = 0;
			if (cp == 0x3041 || cp == 0x3043 || cp == 0x3045 ||
			    cp == 0x3047 || cp == 0x3049 || cp == 0x3063 ||
			    cp == 0x3083 || cp == 0x3085 || cp == 0x3087 ||
			    cp == 0x308E)
				big = cp + 1;
			if (big && k == 3) {
				char tmp[4] = "";
				if (ms_utf8_put(tmp, sizeof(tmp), big) == 3)
					memcpy(r + i, tmp, 3);
			}
		}
		i++;
	}
}

/* A vertical card prints the reading of the family and of the given
 * name in two short kana columns, each beside its half of the name: the
 * other half of reading line ri (same column, above or below it, beside
 * name line ni), or -1. */
static long reading_half(ex_card *k, size_t ri, size_t ni)
{
	const ms_box *a = &k->l[ri].box, *nb = &k->l[ni].box;
	long best = -1;
	int bd = 0;
	size_t j;

	if (!k->l[ri].vertical || !k->l[ni].vertical)
		return -1;
	for (j = 0; j < k->n; j++) {
		const ms_box *b = &k->l[j].box;
		char r[MS_EX_NORM_BYTES];
		ex_counts c;
		int w = a->w > b->w ? a->w : b->w, d;
		if (j == ri || j == ni || !k->l[j].vertical || k->l[j].took)
			continue;
		clean_copy(k->l[j].rest, r, sizeof(r));
		ex_count(r, &c);
		if (c.total < 1 || c.total > 12 || c.kana != c.total)
			continue;
		/* The same column: centres within a column's width. */
		if (abs((a->x + a->w / 2) - (b->x + b->w / 2)) > w)
			continue;
		/* One above the other, both beside the name. */
		if (b->y < a->y + a->h && a->y < b->y + b->h)
			continue;
		if (b->y + b->h < nb->y - nb->w || b->y > nb->y + nb->h + nb->w)
			continue;
		d = b->y > a->y ? b->y - (a->y + a->h) : a->y - (b->y + b->h);
		if (best < 0 || d < bd) {
			best = (long)j;
			bd = d;
		}
	}
	return best;
}

/* 1 for two horizontal lines on one row (a family name and a given name
 * read apart, a mark beside a name). */
static int same_row(const ex_line *a, const ex_line *b)
{
	int top = a->box.y > b->box.y ? a->box.y : b->box.y;
	int bot = a->box.y + a->box.h < b->box.y + b->box.h
			  ? a->box.y + a->box.h
			  : b->box.y + b->box.h;
	int h = a->box.h < b->box.h ? a->box.h : b->box.h;

	return !a->vertical && !b->vertical && h > 0 && (bot - top) * 2 >= h;
}

static int all_hiragana(const char *s)
{
	size_t n = strlen(s), i = 0, k;
	int32_t cp;

	while (i < n && (k = ms_utf8_next(s + i, n - i, &cp)) != 0) {
		if (cp != ' ' && !ex_is_hira(cp))
			return 0;
		i += k;
	}
	return i == n && n > 0;
}

/* How many lines apart a and b are, not counting the OCR's low
 * confidence specks between them (a big name's ink read as "BR Pe a:")
 * nor the lines on the row of either (the other half of a name read
 * apart). */
static long line_gap(ex_card *k, size_t a, size_t b)
{
	size_t lo = a < b ? a : b, hi = a < b ? b : a, i;
	long d = 1;

	for (i = lo + 1; i < hi; i++)
		if (k->l[i].conf >= 0.55f && !same_row(&k->l[i], &k->l[a]) &&
		    !same_row(&k->l[i], &k->l[b]))
			d++;
	return d;
}

/* A kana line of two words that is the reading of a name MeCab reads
 * otherwise or the OCR misread: its first word is how the name begins in
 * derived (MeCab's reading, romanised: ふじい ゆうた where it guesses
 * ふじいひろしふとし for 藤井裕太), or it is in hiragana and printed
 * right next to the name (d 1), where titles and departments are not. */
static int two_words_heard(const char *r, const char *derived, long d)
{
	char first[MS_EX_NORM_BYTES], rom[MS_EX_NORM_BYTES];
	char whole[MS_MAX_FIELD_BYTES];
	const char *sp = strchr(r, ' ');
	size_t n;

	if (!sp || sp == r || !sp[1] || strchr(sp + 1, ' ') ||
	    (size_t)(sp - r) >= sizeof(first))
		return 0;
	memcpy(first, r, (size_t)(sp - r));
	first[sp - r] = '\0';
	if (d == 1 && all_hiragana(r))
		return 1;
	ex_romaji(first, rom, sizeof(rom));
	ms_str_nospace(derived, whole, sizeof(whole));
	n = strlen(rom);
	return n >= 3 && strncmp(whole, rom, n) == 0;
}

/* The kana line printed nearest to the name line ni (with its other half
 * on a vertical card). */
static void printed_reading(ex_card *k, size_t ni)
{
	size_t i, best = 0;
	long bd = -1;
	float bs = 0;
	char derived[MS_MAX_FIELD_BYTES] = "", rd[MS_MAX_FIELD_BYTES];
	char joined[MS_MAX_FIELD_BYTES];

	ms_str_nospace(k->c->v[MS_F_NAME], joined, sizeof(joined));
	ex_mecab_name(k, joined, NULL, rd, sizeof(rd), NULL);
	if (rd[0])
		ex_romaji(rd, derived, sizeof(derived));

	for (i = 0; i < k->n; i++) {
		char r[MS_EX_NORM_BYTES];
		ex_counts c;
		long d;
		float sim = 0;
		if (i == ni)
			continue;
		kana_text(k->l[i].rest, r, sizeof(r));
		ex_count(r, &c);
		if (c.total < 2 || c.total > 20 || c.kana != c.total)
			continue;
		d = line_gap(k, i, ni);
		if (d > 2)
			continue;
		if (derived[0]) {
			/* Where MeCab knows the name, the printed reading must
			 * sound like it ("グループリ" is a cut-off title). */
			char rr[MS_EX_NORM_BYTES];
			ex_romaji(r, rr, sizeof(rr));
			sim = ex_similar(rr, derived);
			if (sim < 0.6f && !two_words_heard(r, derived, d))
				continue;
			if (sim < 0.6f)
				sim = 0.6f;
		}
		/* The one that sounds most like the name: the OCR may read a
		 * piece of the reading line again ("ざき ゆたか" under
		 * "やまざき ゆたか"); then the nearer. */
		if (bd < 0 || sim > bs + 0.05f ||
		    (sim > bs - 0.05f && d < bd)) {
			bd = d;
			bs = sim;
			best = i;
		}
	}
	if (bd >= 0) {
		ex_line *l = &k->l[best];
		char r[MS_EX_NORM_BYTES];
		char h[MS_EX_NORM_BYTES];
		long other = reading_half(k, best, ni);
		kana_text(l->rest, h, sizeof(h));
		if (other >= 0) {
			/* Family reading above the given name's, one space. */
			ex_line *o = &k->l[other];
			char a[MS_EX_NORM_BYTES], b[MS_EX_NORM_BYTES];
			int first = o->box.y < l->box.y;
			clean_copy(first ? o->rest : l->rest, a, sizeof(a));
			clean_copy(first ? l->rest : o->rest, b, sizeof(b));
			if (strlen(a) + strlen(b) + 2 <= sizeof(h)) {
				memcpy(h, a, strlen(a));
				h[strlen(a)] = ' ';
				memcpy(h + strlen(a) + 1, b, strlen(b) + 1);
				o->took |= 1u << MS_F_NAME_READING;
				ex_blank(o->rest, 0, strlen(o->rest));
			}
		}
		/* Readings are given in hiragana whichever kana is printed. */
		ex_kata_to_hira(h, r, sizeof(r));
		big_initials(r);
		space_reading(k, r, sizeof(r));
		if (ex_set(k, MS_F_NAME_READING, r, l->conf, l->box, 0)) {
			ms_strlcpy_utf8(k->c->name_reading_source, "printed",
			                sizeof(k->c->name_reading_source));
			l->took |= 1u << MS_F_NAME_READING;
			ex_blank(l->rest, 0, strlen(l->rest));
		}
	}
}

/* How well the latin line r matches the email local part: 0..1. */
static float email_match(ex_card *k, const char *r)
{
	char loc[MS_MAX_FIELD_BYTES], w[MS_EX_NORM_BYTES];
	const char *p = r;
	float m = 0;

	if (!k->email_local[0])
		return 0;
	ex_alnum_lower(k->email_local, loc, sizeof(loc));
	while (*p) {
		size_t n = 0;
		while (*p == ' ')
			p++;
		while (p[n] && p[n] != ' ')
			n++;
		if (n >= 3 && n < sizeof(w)) {
			char word[MS_EX_NORM_BYTES];
			memcpy(word, p, n);
			word[n] = '\0';
			ex_alnum_lower(word, w, sizeof(w));
			if (w[0] && strlen(w) >= 3 && strstr(loc, w))
				m += 0.5f;
		}
		p += n;
	}
	return m > 1 ? 1 : m;
}

static void split_latin(ex_card *k, const char *name, float conf, ms_box box,
                        const char *fam_rom)
{
	char w[4][MS_MAX_FIELD_BYTES];
	int nw = 0, i, fam = -1;
	const char *p = name;

	while (*p && nw < 4 && ms_next_word(&p, w[nw], sizeof(w[0])) > 0)
		nw++;
	if (nw < 2)
		return;
	/* The family name: the one matching the Japanese family name, or
	 * the one in capitals ("YAMADA Taro"), or the last. */
	for (i = 0; i < nw && fam_rom && fam_rom[0]; i++) {
		char a[MS_MAX_FIELD_BYTES];
		ex_alnum_lower(w[i], a, sizeof(a));
		ex_fold_romaji(a);
		if (strcmp(a, fam_rom) == 0)
			fam = i;
	}
	if (fam < 0) {
		int caps = -1, ncaps = 0;
		for (i = 0; i < nw; i++) {
			ex_counts c;
			ex_count(w[i], &c);
			if (c.alpha >= 2 && c.upper == c.alpha) {
				caps = i;
				ncaps++;
			}
		}
		fam = ncaps == 1 ? caps : nw - 1;
	}
	if (!k->c->v[MS_F_FAMILY_NAME][0]) {
		char given[MS_MAX_FIELD_BYTES] = "";
		ex_set(k, MS_F_FAMILY_NAME, w[fam], conf, box, 0);
		for (i = 0; i < nw; i++) {
			size_t wl = strlen(w[i]);
			if (i == fam)
				continue;
			if (wl == 2 && w[i][1] == '.' && i > 0)
				continue; /* a middle initial, "Julia E. Moore"
				           */
			if (given[0])
				ms_strlcpy_utf8(given + strlen(given), " ",
				                sizeof(given) - strlen(given));
			ms_strlcpy_utf8(given + strlen(given), w[i],
			                sizeof(given) - strlen(given));
		}
		ex_set(k, MS_F_GIVEN_NAME, given, conf, box, 0);
	}
}

/* Particles that may stay lower case inside a name. */
static const char *const particles[] = {
    "de",  "da", "do", "dos", "das", "van", "von", "der",
    "den", "di", "du", "la",  "le",  "del", "bin", "al",
};

/* Connectors that are particles in lower case but, in capitals, mark a
 * slogan ("PECAS E SERVICOS") rather than a name. */
static const char *const connectors[] = {"e",   "em",  "and", "of",
                                         "for", "the", "com", "para"};

/* Drops words of one or two characters with no letter from both ends
 * of r: a speck or a logo's edge read as "4" or "|" beside a name
 * ("Michael Mitchel 4"). */
static void drop_specks(char *r)
{
	size_t n = strlen(r), a = 0, e, i;
	int letter;

	for (;;) {
		while (r[a] == ' ')
			a++;
		for (e = a; r[e] && r[e] != ' '; e++)
			;
		for (letter = 0, i = a; i < e; i++)
			letter |= isalpha((unsigned char)r[i]) || (r[i] & 0x80);
		if (e == a || e - a > 2 || letter || !r[e])
			break;
		a = e;
	}
	for (;;) {
		while (n > a && r[n - 1] == ' ')
			n--;
		for (e = n; e > a && r[e - 1] != ' '; e--)
			;
		for (letter = 0, i = e; i < n; i++)
			letter |= isalpha((unsigned char)r[i]) || (r[i] & 0x80);
		if (e == n || n - e > 2 || letter || e == a)
			break;
		n = e;
	}
	memmove(r, r + a, n - a);
	r[n - a] = '\0';
}

/* Names are capitalised words ("Taro", "YAMADA", "J."), particles aside,
 * with at least one word of three letters. */
static int name_words_ok(const char *r)
{
	const char *p = r;
	int long_word = 0;

	while (*p) {
		size_t n = 0, i;
		int particle = 0;
		while (*p == ' ')
			p++;
		while (p[n] && p[n] != ' ')
			n++;
		if (n == 0)
			break;
		for (i = 0; i < sizeof(connectors) / sizeof(connectors[0]); i++)
			if (strlen(connectors[i]) == n &&
			    strncasecmp(p, connectors[i], n) == 0)
				return 0;
		for (i = 0; i < sizeof(particles) / sizeof(particles[0]); i++)
			if (strlen(particles[i]) == n &&
			    strncmp(p, particles[i], n) == 0)
				particle = 1;
		if (!particle && islower((unsigned char)p[0]))
			return 0;
		if (n >= 3)
			long_word = 1;
		p += n;
	}
	return long_word;
}

/* Copies s to out with separator marks (§ | / : • ·) turned into \x01. */
static void split_marks(const char *s, char *out, size_t cap)
{
	size_t i = 0, o = 0;

	while (s[i] && o + 1 < cap) {
		if (s[i] == '|' || s[i] == '/' || s[i] == ':') {
			out[o++] = '\x01';
			i++;
		} else if (strncmp(s + i, "§", 2) == 0 ||
		           strncmp(s + i, "·", 2) == 0) {
			out[o++] = '\x01';
			i += 2;
		} else if (strncmp(s + i, "•", 3) == 0) {
			out[o++] = '\x01';
			i += 3;
		} else {
			out[o++] = s[i++];
		}
	}
	out[o] = '\0';
}

/* 1 if field f holds kanji or kana: the card is Japanese whatever the
 * name line is written in. */
static int japanese_field(ex_card *k, ms_field f)
{
	ex_counts c;

	ex_count(k->c->v[f], &c);
	return c.kanji + c.kana > 0;
}

/* The romanised name r on a Japanese card whose kanji name was not read:
 * a kana line that sounds like it, in either order of the names
 * ("いわさき まこと" for "IWASAKI Makoto"), is the printed reading. */
static void latin_reading(ex_card *k, const char *r)
{
	char w[2][MS_MAX_FIELD_BYTES], both[2][MS_MAX_FIELD_BYTES * 2];
	const char *p = r;
	int nw = 0;
	size_t i;

	while (*p && nw < 3) {
		size_t n = 0;
		while (*p == ' ')
			p++;
		while (p[n] && p[n] != ' ')
			n++;
		if (n == 0)
			break;
		if (nw < 2 && n < sizeof(w[0])) {
			char tmp[MS_MAX_FIELD_BYTES];
			memcpy(tmp, p, n);
			tmp[n] = '\0';
			ex_alnum_lower(tmp, w[nw], sizeof(w[0]));
			ex_fold_romaji(w[nw]);
		}
		nw++;
		p += n;
	}
	if (nw != 2 || !w[0][0] || !w[1][0])
		return;
	snprintf(both[0], sizeof(both[0]), "%s%s", w[0], w[1]);
	snprintf(both[1], sizeof(both[1]), "%s%s", w[1], w[0]);
	for (i = 0; i < k->n; i++) {
		ex_line *l = &k->l[i];
		char h[MS_EX_NORM_BYTES], j[MS_EX_NORM_BYTES];
		char rom[MS_EX_NORM_BYTES];
		ex_counts c;

		if (l->took)
			continue;
		kana_text(l->rest, h, sizeof(h));
		ex_count(h, &c);
		if (c.total < 3 || c.total > 16 || c.kana != c.total)
			continue;
		ms_str_nospace(h, j, sizeof(j));
		ex_romaji(j, rom, sizeof(rom));
		if (strcmp(rom, both[0]) != 0 && strcmp(rom, both[1]) != 0)
			continue;
		ex_kata_to_hira(h, j, sizeof(j));
		if (ex_set(k, MS_F_NAME_READING, j, l->conf, l->box, 0)) {
			ms_strlcpy_utf8(k->c->name_reading_source, "printed",
			                sizeof(k->c->name_reading_source));
			l->took |= 1u << MS_F_NAME_READING;
			ex_blank(l->rest, 0, strlen(l->rest));
		}
		return;
	}
}

static void latin_name(ex_card *k, long jp_line)
{
	size_t i;
	long best = -1;
	float best_score = 0;
	char fam_rom[MS_MAX_FIELD_BYTES] = "", full_rom[MS_MAX_FIELD_BYTES];
	char rd[MS_MAX_FIELD_BYTES], best_text[MS_EX_NORM_BYTES] = "";

	if (jp_line >= 0) {
		family_romaji(k, fam_rom, sizeof(fam_rom));
		full_rom[0] = '\0';
		rd[0] = '\0';
		ex_mecab_name(k, k->c->v[MS_F_GIVEN_NAME], NULL, rd, sizeof(rd),
		              NULL);
		ex_romaji(rd, full_rom, sizeof(full_rom));
	}
	for (i = 0; i < k->n; i++) {
		ex_line *l = &k->l[i];
		char segs[MS_EX_NORM_BYTES], *seg, *next;
		if ((long)i == jp_line)
			continue;
		if (l->took & ((1u << MS_F_COMPANY) | (1u << MS_F_TITLE) |
		               (1u << MS_F_DEPARTMENT) | (1u << MS_F_ADDRESS)))
			continue;
		/* A name merged with a logo or a second column: "ocn-wseamal
		 * § Julia E. Moore". Each part between separators is tried. */
		split_marks(l->rest, segs, sizeof(segs));
		for (seg = segs; seg; seg = next) {
			char r[MS_EX_NORM_BYTES], a[MS_EX_NORM_BYTES];
			ex_counts c;
			int nw;
			float score;
			next = strchr(seg, '\x01');
			if (next)
				*next++ = '\0';
			clean_copy(seg, r, sizeof(r));
			drop_specks(r);
			ex_count(r, &c);
			nw = latin_words(r);
			if (nw < 2 || nw > 4 || c.alpha < 4 ||
			    c.kanji + c.kana > 0 ||
			    c.alpha != c.total - c.other || c.total > 40)
				continue;
			if (!name_words_ok(r))
				continue;
			score = 0.3f * l->conf + email_match(k, r);
			if (c.upper == c.alpha && email_match(k, r) == 0)
				score -= 0.4f; /* "ASSISTENCIA TECNICA" */
			if (k->size_max > 0)
				score += 0.5f * l->size / k->size_max;
			if (jp_line >= 0) {
				long d = (long)i - jp_line;
				ex_alnum_lower(r, a, sizeof(a));
				ex_fold_romaji(a);
				if (fam_rom[0] && strstr(a, fam_rom))
					score += 1;
				if (full_rom[0] && strstr(a, full_rom))
					score += 1;
				score += d >= -2 && d <= 2 ? 0.3f : 0;
				if (score < 0.8f)
					continue;
			}
			if (jp_line < 0 && score < 0.5f)
				continue;
			if (score > best_score) {
				best_score = score;
				best = (long)i;
				ms_strlcpy_utf8(best_text, r,
				                sizeof(best_text));
			}
		}
	}
	if (best < 0)
		return;
	{
		ex_line *l = &k->l[best];
		const char *r = best_text;
		int conf_email = email_match(k, r) > 0;
		float conf = l->conf * (conf_email ? 1.0f : 0.8f);
		/* name_latin is the romanised line of a Japanese name; on an
		 * English card the name itself is the Latin line. */
		if (jp_line >= 0 &&
		    ex_set(k, MS_F_NAME_LATIN, r, conf, l->box, 0))
			l->took |= 1u << MS_F_NAME_LATIN;
		if (jp_line < 0 &&
		    ex_set(k, MS_F_NAME, r, conf, l->box, !conf_email)) {
			l->took |= 1u << MS_F_NAME;
			split_latin(k, r, conf, l->box, NULL);
			/* A Japanese card whose kanji name was not read: the
			 * romanised line is its name_latin, and stays the name
			 * too (the one name there is, better than none for a
			 * lead), flagged for a person to write it in kanji. */
			if (japanese_field(k, MS_F_ADDRESS) ||
			    japanese_field(k, MS_F_COMPANY)) {
				ex_set(k, MS_F_NAME_LATIN, r, conf, l->box, 0);
				k->c->review |= 1u << MS_F_NAME;
				latin_reading(k, r);
			}
		} else if (jp_line < 0) {
			return;
		}
		ex_blank(l->rest, 0, strlen(l->rest));
	}
}

void ex_name(ex_card *k)
{
	size_t i;
	long best = -1;
	float best_score = 0;
	int best_person = 0;

	for (i = 0; i < k->n; i++) {
		ex_line *l = &k->l[i];
		char r[MS_EX_NORM_BYTES], j[MS_EX_NORM_BYTES];
		ex_counts c;
		int person = 0;
		float score;
		size_t fb;
		jp_name_text(l->rest, r, sizeof(r));
		ex_count(r, &c);
		if (c.kanji < 1 || c.kanji + c.kana != c.total || c.total < 2 ||
		    c.total > 8 || rule_marks(r))
			continue;
		ms_str_nospace(r, j, sizeof(j));
		ex_mecab_name(k, j, &fb, NULL, 0, &person);
		if (!person && l->conf < 0.5f)
			continue; /* OCR garbage from a logo or a photo */
		if (!person && c.hira > 0 && !strchr(r, ' '))
			continue; /* a word with okurigana, not a name */
		score = 0.3f * l->conf + (person ? 0.6f : 0) +
		        (strchr(r, ' ') ? 0.2f : 0);
		if (k->size_max > 0)
			score += l->size / k->size_max;
		if (score > best_score) {
			best_score = score;
			best = (long)i;
			best_person = person;
		}
	}
	if (best >= 0) {
		ex_line *l = &k->l[best];
		char r[MS_EX_NORM_BYTES];
		int person = 0;
		jp_name_text(l->rest, r, sizeof(r));
		ex_set(k, MS_F_NAME, r, l->conf * (best_person ? 1.0f : 0.7f),
		       l->box, !best_person);
		l->took |= 1u << MS_F_NAME;
		ex_blank(l->rest, 0, strlen(l->rest));
		split_jp(k, r, &person);
		if (k->c->v[MS_F_FAMILY_NAME][0] && k->c->v[MS_F_GIVEN_NAME][0])
		/* Japanese names are written family, space, given. */
		{
			char *v = k->c->v[MS_F_NAME];
			size_t n;
			ms_strlcpy_utf8(v, k->c->v[MS_F_FAMILY_NAME],
			                MS_MAX_FIELD_BYTES);
			n = strlen(v);
			ms_strlcpy_utf8(v + n, " ", MS_MAX_FIELD_BYTES - n);
			n = strlen(v);
			ms_strlcpy_utf8(v + n, k->c->v[MS_F_GIVEN_NAME],
			                MS_MAX_FIELD_BYTES - n);
		}
		if (!best_person &&
		    in_email(k, k->c->v[MS_F_FAMILY_NAME],
		             strlen(k->c->v[MS_F_FAMILY_NAME]))) {
			/* Not a name MeCab knows, but the email spells it. */
			k->c->review &= ~(1u << MS_F_NAME);
			k->c->conf[MS_F_NAME] = l->conf * 0.95f;
		}
		printed_reading(k, (size_t)best);
		if (!k->c->v[MS_F_NAME_READING][0])
			derive_reading(k);
	}
	latin_name(k, best);
}
