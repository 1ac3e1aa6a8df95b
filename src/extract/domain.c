/*
 * Company name against the card's email and web domains.
 *
 * The company line is folded to lower-case romaji: legal forms (株式会社,
 * Inc., Co., Ltd.) are dropped; katakana goes through the loanword table
 * (longest match first) with Hepburn for the rest; kanji through MeCab's
 * readings; Latin letters and digits are kept. The email's or URL's
 * registrable label is compared with the folded name: equal, a prefix, a
 * shared word, or a near spelling by edit distance.
 */
#include <ctype.h>
#include <mecab.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "meishi/buf.h"
#include "meishi/domain.h"
#include "meishi/names.h"
#include "meishi/text.h"
#include "extract/kn_int.h"

#define MECAB_ARGS "-d /var/lib/mecab/dic/ipadic-utf8"
#define KEY_BYTES (MS_KN_COMPANY_CPS * 4)

struct loanword {
	int32_t kata[24];
	size_t n;
	const char *english;
};

/* A two-kanji word of models/words-ja.tsv: its reading romanised and
 * folded (key), for the words of a domain label to find. */
struct kword {
	const char *surface, *key;
	long cost;
};

/* A short word of domain names and a company key's word it stands for
 * (models/domain-abbrev-ja.tsv: "hd", "holdings"). */
struct abbrev {
	const char *abbr, *full;
};

struct ms_domain {
	ms_buf buf;
	struct loanword *w;
	size_t nw;
	ms_buf abuf;       /* domain-abbrev-ja.tsv */
	struct abbrev *ab;
	size_t nab;
	ms_buf wbuf;     /* words-ja.tsv */
	struct kword *kw; /* sorted by key, then cost */
	size_t nkw;
	char *keys;      /* the keys' storage */
	mecab_model_t *mecab; /* NULL when ipadic is missing */
	mecab_t *tagger;      /* shared, used under lock */
	mecab_lattice_t *lat; /* likewise */
	pthread_mutex_t lock;
};

#define WORD_KEY_BYTES 32

static int by_key(const void *a, const void *b)
{
	const struct kword *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->cost > y->cost) - (x->cost < y->cost);
}

/* Reads models_dir/words-ja.tsv (reading, surface, cost) into d->kw. */
static ms_rc read_words(ms_domain *d, const char *models_dir, ms_err *err)
{
	char *cur, *line;
	ms_rc rc;

	rc = kn_read_table(models_dir, "words-ja.tsv", MS_KN_WORDS_FILE_BYTES,
			   &d->wbuf, err);
	if (rc != MS_OK)
		return rc;
	d->kw = calloc(MS_KN_WORDS_ROWS, sizeof(*d->kw));
	d->keys = malloc((size_t)MS_KN_WORDS_ROWS * WORD_KEY_BYTES);
	if (!d->kw || !d->keys)
		return ms_err_set(err, MS_ERR_NOMEM, "Out of memory.");
	cur = d->wbuf.data;
	while ((line = kn_next_line(&cur)) != NULL) {
		char *reading = kn_next_field(&line);
		char *surface = kn_next_field(&line);
		char *cost = kn_next_field(&line), *key, *end;
		struct kword *w;

		if (d->nkw >= MS_KN_WORDS_ROWS)
			return ms_err_set(err, MS_ERR_TOO_BIG,
					  "words-ja.tsv has more than %u rows.",
					  MS_KN_WORDS_ROWS);
		w = &d->kw[d->nkw];
		key = d->keys + d->nkw * WORD_KEY_BYTES;
		w->cost = strtol(cost, &end, 10);
		if (!*reading || !*surface || end == cost ||
		    ms_names_romanise(reading, key, WORD_KEY_BYTES) != MS_OK)
			return ms_err_set(err, MS_ERR_CORRUPT,
					  "words-ja.tsv row %zu is malformed.",
					  d->nkw + 1);
		kn_fold_latin(key);
		w->surface = surface;
		w->key = key;
		d->nkw++;
	}
	qsort(d->kw, d->nkw, sizeof(*d->kw), by_key);
	return MS_OK;
}

size_t ms_domain_kanji_words(const ms_domain *d, const char *word,
			     const char **out, size_t cap)
{
	char k[WORD_KEY_BYTES];
	size_t lo = 0, hi, n = 0;

	if (!d || !d->nkw || !word || strlen(word) >= sizeof(k))
		return 0;
	ms_strlcpy_utf8(k, word, sizeof(k));
	kn_fold_latin(k);
	hi = d->nkw;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(d->kw[mid].key, k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < d->nkw && n < cap && strcmp(d->kw[lo].key, k) == 0; lo++)
		out[n++] = d->kw[lo].surface;
	return n;
}

/* Reads models_dir/domain-abbrev-ja.tsv into d->ab. */
static ms_rc read_abbrevs(ms_domain *d, const char *models_dir, ms_err *err)
{
	char *cur, *line, *abbr, *full;
	ms_rc rc;

	rc = kn_read_table(models_dir, "domain-abbrev-ja.tsv",
			   MS_KN_TABLE_FILE_BYTES, &d->abuf, err);
	if (rc != MS_OK)
		return rc;
	d->ab = calloc(MS_KN_TABLE_ROWS, sizeof(*d->ab));
	if (!d->ab)
		return ms_err_set(err, MS_ERR_NOMEM, "Out of memory.");
	cur = d->abuf.data;
	while ((line = kn_next_line(&cur)) != NULL) {
		abbr = kn_next_field(&line);
		full = kn_next_field(&line);
		if (d->nab >= MS_KN_TABLE_ROWS)
			return ms_err_set(err, MS_ERR_TOO_BIG,
					  "domain-abbrev-ja.tsv has more "
					  "than %u rows.",
					  MS_KN_TABLE_ROWS);
		if (!*abbr || !*full || strlen(full) >= WORD_KEY_BYTES)
			return ms_err_set(err, MS_ERR_CORRUPT,
					  "domain-abbrev-ja.tsv row %zu is "
					  "malformed.",
					  d->nab + 1);
		d->ab[d->nab].abbr = abbr;
		d->ab[d->nab++].full = full;
	}
	return MS_OK;
}

ms_rc ms_domain_open(const char *models_dir, ms_domain **out, ms_err *err)
{
	ms_domain *d;
	char *cur, *line, *kata, *eng;
	ms_rc rc;

	*out = NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return ms_err_set(err, MS_ERR_NOMEM, "Out of memory.");
	pthread_mutex_init(&d->lock, NULL);
	rc = kn_read_table(models_dir, "loanwords-ja.tsv",
			   MS_KN_TABLE_FILE_BYTES, &d->buf, err);
	if (rc != MS_OK)
		goto out;
	d->w = calloc(MS_KN_TABLE_ROWS, sizeof(*d->w));
	if (!d->w) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "Out of memory.");
		goto out;
	}
	cur = d->buf.data;
	while ((line = kn_next_line(&cur)) != NULL) {
		struct loanword *w;

		kata = kn_next_field(&line);
		eng = kn_next_field(&line);
		if (d->nw >= MS_KN_TABLE_ROWS) {
			rc = ms_err_set(err, MS_ERR_TOO_BIG,
					"loanwords-ja.tsv has more than %u "
					"rows.",
					MS_KN_TABLE_ROWS);
			goto out;
		}
		w = &d->w[d->nw];
		w->n = kn_decode(kata, w->kata, 24);
		if (w->n == 0 || w->n >= 24 || !*eng) {
			rc = ms_err_set(err, MS_ERR_CORRUPT,
					"loanwords-ja.tsv row %zu is "
					"malformed.",
					d->nw + 1);
			goto out;
		}
		w->english = eng;
		d->nw++;
	}
	rc = read_words(d, models_dir, err);
	if (rc == MS_OK)
		rc = read_abbrevs(d, models_dir, err);
	if (rc != MS_OK)
		goto out;
	/* Kanji readings are a bonus: without MeCab the rest still works. */
	d->mecab = mecab_model_new2(MECAB_ARGS);
	if (d->mecab) {
		d->tagger = mecab_model_new_tagger(d->mecab);
		d->lat = mecab_model_new_lattice(d->mecab);
	}
out:
	if (rc != MS_OK) {
		ms_domain_close(d);
		return rc;
	}
	*out = d;
	return MS_OK;
}

void ms_domain_close(ms_domain *d)
{
	if (!d)
		return;
	if (d->lat)
		mecab_lattice_destroy(d->lat);
	if (d->tagger)
		mecab_destroy(d->tagger);
	if (d->mecab)
		mecab_model_destroy(d->mecab);
	pthread_mutex_destroy(&d->lock);
	ms_buf_free(&d->buf);
	free(d->w);
	ms_buf_free(&d->wbuf);
	ms_buf_free(&d->abuf);
	free(d->ab);
	free(d->kw);
	free(d->keys);
	free(d);
}

/* ---- Domain labels ---------------------------------------------------- */

static int in_list(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && memcmp(*list, s, n) == 0)
			return 1;
	return 0;
}

ms_rc ms_domain_label(const char *email_or_url, char *out, size_t cap)
{
	static const char *const second[] = {
		"co", "or", "ne", "ac", "go", "ed", "lg", "gr", "ad",
		"com", "net", "org", "gov", "edu", "ltd", "plc", NULL};
	static const char *const freemail[] = {
		"gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook",
		"live", "msn", "icloud", "me", "mac", "aol", "protonmail",
		"proton", "docomo", "ezweb", "softbank", "au", "nifty",
		"biglobe", "ocn", "so-net", "plala", "mail", "qq", "163",
		"naver", "gmx", "web", "yandex", NULL};
	char host[256];
	const char *s = email_or_url, *at, *lab[16];
	size_t n = 0, len[16], k;

	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	if (!s)
		return MS_ERR_INVALID;
	at = strrchr(s, '@');
	if (at)
		s = at + 1;
	else if (strstr(s, "://"))
		s = strstr(s, "://") + 3;
	for (k = 0; s[k] && k + 1 < sizeof(host); k++) {
		char c = (char)tolower((unsigned char)s[k]);

		if (c == '/' || c == ':' || c == '?' || c == '#' ||
		    c == ' ' || c == '>' || c == ')')
			break;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.'))
			return MS_ERR_INVALID;
		host[k] = c;
	}
	host[k] = '\0';
	/* Split into labels. */
	for (s = host; n < 16;) {
		const char *dot = strchr(s, '.');
		size_t l = dot ? (size_t)(dot - s) : strlen(s);

		if (l == 0)
			return MS_ERR_INVALID;
		lab[n] = s;
		len[n++] = l;
		if (!dot)
			break;
		s = dot + 1;
	}
	if (n < 2)
		return MS_ERR_INVALID;
	n--; /* the top-level domain */
	if (n >= 2 && in_list(lab[n - 1], len[n - 1], second))
		n--;
	if (in_list(lab[n - 1], len[n - 1], freemail) ||
	    (n == 1 && strncmp(lab[0], "www", len[0]) == 0))
		return MS_ERR_NOTFOUND;
	if (len[n - 1] + 1 > cap)
		return MS_ERR_TOO_BIG;
	memcpy(out, lab[n - 1], len[n - 1]);
	out[len[n - 1]] = '\0';
	return MS_OK;
}

/* ---- Company keys ----------------------------------------------------- */

struct key {
	char s[KEY_BYTES];
	size_t n;
};

static void key_add(struct key *k, const char *s)
{
	for (; *s && k->n + 1 < sizeof(k->s); s++) {
		char c = (char)tolower((unsigned char)*s);

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			k->s[k->n++] = c;
	}
	k->s[k->n] = '\0';
}

static void key_add_kana(struct key *k, const int32_t *c, size_t n)
{
	char utf[MS_KN_COMPANY_CPS * 4 + 1], roma[KEY_BYTES];

	if (n == 0 || kn_encode(c, n, utf, sizeof(utf)) != MS_OK)
		return;
	if (ms_names_romanise(utf, roma, sizeof(roma)) == MS_OK)
		key_add(k, roma);
}

static int is_kata(int32_t c)
{
	return c >= 0x30A1 && c <= 0x30FC;
}

static int is_hira(int32_t c)
{
	return c >= 0x3041 && c <= 0x309F;
}

/* Katakana run c[0..n): loanwords first (variant 0), Hepburn between. */
static void key_kata(const ms_domain *d, struct key *k, const int32_t *c,
		     size_t n, int variant)
{
	size_t i = 0, pend = 0, j, best, bl;

	while (i < n) {
		best = SIZE_MAX;
		bl = 0;
		for (j = 0; variant == 0 && j < d->nw; j++) {
			const struct loanword *w = &d->w[j];

			if (w->n > bl && i + w->n <= n &&
			    memcmp(c + i, w->kata, w->n * sizeof(*c)) == 0) {
				best = j;
				bl = w->n;
			}
		}
		if (best == SIZE_MAX) {
			i++;
			continue;
		}
		key_add_kana(k, c + pend, i - pend);
		key_add(k, d->w[best].english);
		i += bl;
		pend = i;
	}
	key_add_kana(k, c + pend, n - pend);
}

/* Kanji run through MeCab's readings. One tagger and lattice serve every
 * thread, one at a time: a company line is parsed once per card, so the
 * lock is rarely contended, and a lattice made per call costs more than
 * the parse. */
static void key_kanji(const ms_domain *d, struct key *k, const int32_t *c,
		      size_t n)
{
	char utf[MS_KN_COMPANY_CPS * 4 + 1];
	pthread_mutex_t *lock = (pthread_mutex_t *)&d->lock;
	const mecab_node_t *node;

	if (!d->tagger || !d->lat || kn_encode(c, n, utf, sizeof(utf)) != MS_OK)
		return;
	pthread_mutex_lock(lock);
	mecab_lattice_set_sentence(d->lat, utf);
	if (!mecab_parse_lattice(d->tagger, d->lat))
		goto out;
	for (node = mecab_lattice_get_bos_node(d->lat); node;
	     node = node->next) {
		const char *f = node->feature;
		char rd[KEY_BYTES];
		int32_t kc[MS_KN_COMPANY_CPS];
		size_t field = 0, l = 0, nk;

		if (node->stat != MECAB_NOR_NODE || !f)
			continue;
		/* The reading is ipadic's eighth feature. */
		for (; *f && field < 7; f++)
			field += *f == ',';
		while (f[l] && f[l] != ',' && l + 1 < sizeof(rd)) {
			rd[l] = f[l];
			l++;
		}
		rd[l] = '\0';
		if (field != 7 || l == 0 || strcmp(rd, "*") == 0)
			continue;
		nk = kn_decode(rd, kc, MS_KN_COMPANY_CPS);
		key_add_kana(k, kc, nk);
	}
out:
	mecab_lattice_clear(d->lat);
	pthread_mutex_unlock(lock);
}

/* Removes legal forms (Japanese ones anywhere, Latin ones as words). */
static size_t strip_legal(int32_t *c, size_t n)
{
	static const char *const ja[] = {
		"株式会社", "有限会社", "合同会社", "合資会社", "合名会社",
		"一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人",
		"特定非営利活動法人", "社会福祉法人", "医療法人", "学校法人",
		"NPO法人", "(株)", "(有)", "(同)", "(社)", "(財)", NULL};
	int32_t w[16];
	size_t i, j, wn, o;
	const char *const *p;

	for (p = ja; *p; p++) {
		wn = kn_decode(*p, w, 16);
		for (i = 0; i + wn <= n;) {
			if (memcmp(c + i, w, wn * sizeof(*c)) == 0) {
				for (j = i; j + wn < n; j++)
					c[j] = c[j + wn];
				n -= wn;
			} else {
				i++;
			}
		}
	}
	/* Latin words: Inc, Co, Ltd, LLC, Corp, Corporation, KK, ... */
	for (i = 0, o = 0; i < n;) {
		static const char *const en[] = {
			"inc", "co", "ltd", "llc", "corp", "corporation", "kk",
			"gmbh", "limited", "plc", "company", "ag", "sa", NULL};
		char word[16];
		size_t e = i, l = 0;

		while (e < n && c[e] < 0x80 && isalpha((int)c[e]))
			e++;
		if (e > i && e - i < sizeof(word)) {
			for (l = 0; l < e - i; l++)
				word[l] = (char)tolower((int)c[i + l]);
			if (in_list(word, l, en)) {
				i = e;
				continue;
			}
		}
		if (e == i)
			e = i + 1;
		while (i < e)
			c[o++] = c[i++];
	}
	return o;
}

ms_rc ms_domain_company_key(const ms_domain *d, const char *company,
			    int variant, char *out, size_t cap)
{
	char norm[MS_MAX_LINE_BYTES * 4];
	int32_t c[MS_KN_COMPANY_CPS];
	struct key k = {{0}, 0};
	size_t n, i, j;
	ms_rc rc;

	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	if (!d || !company)
		return MS_ERR_INVALID;
	rc = ms_nfkc(company, norm, sizeof(norm));
	if (rc != MS_OK)
		return rc;
	n = strip_legal(c, kn_decode(norm, c, MS_KN_COMPANY_CPS));
	for (i = 0; i < n; i = j) {
		int32_t x = c[i];

		j = i + 1;
		if (x < 0x80) {
			char a[2] = {(char)x, 0};

			key_add(&k, a);
		} else if (is_kata(x)) {
			while (j < n && is_kata(c[j]))
				j++;
			key_kata(d, &k, c + i, j - i, variant);
		} else if (is_hira(x)) {
			while (j < n && is_hira(c[j]))
				j++;
			key_add_kana(&k, c + i, j - i);
		} else if (kn_is_kanji(x)) {
			while (j < n && (kn_is_kanji(c[j]) || is_hira(c[j])))
				j++;
			key_kanji(d, &k, c + i, j - i);
		}
	}
	if (k.n + 1 > cap)
		return MS_ERR_TOO_BIG;
	memcpy(out, k.s, k.n + 1);
	return MS_OK;
}

/* ---- Scores ----------------------------------------------------------- */

static size_t lev(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[KEY_BYTES + 1];

	if (lb > KEY_BYTES)
		lb = KEY_BYTES;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t prev = row[0], cur;

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (cur + 1 < row[j])
				row[j] = cur + 1;
			prev = cur;
		}
	}
	return row[lb];
}

/* k: folded company key; label: the domain label ("sakura-systems"). */
static double score_key(const char *k, const char *label)
{
	char D[KEY_BYTES];
	struct key dk = {{0}, 0};
	size_t lk = strlen(k), ld, m, found = 0;
	double s = 0, x;
	const char *t = label;

	key_add(&dk, label);
	ms_strlcpy_utf8(D, dk.s, sizeof(D));
	ld = strlen(D);
	if (lk == 0 || ld == 0)
		return 0;
	if (strcmp(k, D) == 0)
		return 1.0;
	/* The whole label, its words in order, then more (asahidenshi in
	 * asahidenshikougyou for アサヒ電子工業). */
	if (ld >= 4 && strstr(k, D))
		s = 0.95;
	m = lk < ld ? lk : ld;
	if (m >= 3 && (strncmp(k, D, m) == 0)) {
		x = 0.5 + 0.4 * (double)m / (double)(lk > ld ? lk : ld);
		if (x > s)
			s = x;
	}
	/* Words of the label found in the name. */
	while (*t) {
		char word[KEY_BYTES];
		size_t l = strcspn(t, "-_.");

		if (l >= 3 && l < sizeof(word)) {
			memcpy(word, t, l);
			word[l] = '\0';
			if (strstr(k, word))
				found += l;
		}
		t += l;
		if (*t)
			t++;
	}
	if (found) {
		x = 0.4 + 0.5 * (double)found / (double)ld;
		if (x > s)
			s = x;
	}
	x = 0.9 * (1.0 - (double)lev(k, D) / (double)(lk > ld ? lk : ld));
	if (x > s)
		s = x;
	return s;
}

size_t ms_domain_loanword_cover(const ms_domain *d, const char *s)
{
	int32_t c[MS_KN_COMPANY_CPS];
	size_t n, i = 0, j, bl, cover = 0;

	if (!d || !s)
		return 0;
	n = kn_decode(s, c, MS_KN_COMPANY_CPS);
	while (i < n) {
		bl = 0;
		for (j = 0; j < d->nw; j++) {
			const struct loanword *w = &d->w[j];

			if (w->n > bl && i + w->n <= n &&
			    memcmp(c + i, w->kata, w->n * sizeof(*c)) == 0)
				bl = w->n;
		}
		cover += bl;
		i += bl ? bl : 1;
	}
	return cover;
}

/* The label with each short word the key k holds the expansion of
 * spelt out ("shirakaba-hd" as "shirakaba-holdings" beside the key
 * shirakanbaholdings), into out. Returns 1 if a word was. */
static int expand_label(const ms_domain *d, const char *k, const char *label,
                        char *out, size_t cap)
{
	size_t o = 0, i;
	int did = 0;

	out[0] = '\0';
	while (*label) {
		size_t l = strcspn(label, "-_.");
		const char *w = label;
		size_t wl = l;
		for (i = 0; i < d->nab; i++) {
			char f[WORD_KEY_BYTES];
			if (strlen(d->ab[i].abbr) != l ||
			    strncmp(d->ab[i].abbr, label, l) != 0)
				continue;
			ms_strlcpy_utf8(f, d->ab[i].full, sizeof(f));
			if (!strstr(k, f)) {
				kn_fold_latin(f);
				if (!strstr(k, f))
					continue;
			}
			w = strstr(k, f), wl = strlen(f), did = 1;
			break;
		}
		if (o + wl + 2 > cap)
			return 0;
		memcpy(out + o, w, wl);
		o += wl;
		label += l;
		if (*label)
			out[o++] = *label++;
		out[o] = '\0';
	}
	return did;
}

/* The best of score_key for k against the label and against the label
 * with its short words spelt out. */
static double score_both(const ms_domain *d, const char *k, const char *label)
{
	char full[256];
	double s = score_key(k, label), x;

	if (expand_label(d, k, label, full, sizeof(full)) &&
	    (x = score_key(k, full)) > s)
		s = x;
	return s;
}

double ms_domain_score(const ms_domain *d, const char *company,
		       const char *email_or_url)
{
	char label[256], k[KEY_BYTES];
	double best = 0, s;
	int v;

	if (!d || !company ||
	    ms_domain_label(email_or_url, label, sizeof(label)) != MS_OK)
		return 0;
	for (v = 0; v < 2; v++) {
		if (ms_domain_company_key(d, company, v, k, sizeof(k)) != MS_OK)
			continue;
		s = score_both(d, k, label);
		if (s > best)
			best = s;
		kn_fold_latin(k);
		s = score_both(d, k, label);
		if (s > best)
			best = s;
	}
	return best;
}

size_t ms_domain_choose(const ms_domain *d, const char *const *cands,
			size_t n, const char *email_or_url, double *score)
{
	size_t i, best = 0;
	double bs = -1, s;

	for (i = 0; i < n; i++) {
		s = ms_domain_score(d, cands[i], email_or_url);
		if (s > bs) {
			bs = s;
			best = i;
		}
	}
	if (score)
		*score = bs < 0 ? 0 : bs;
	return best;
}
