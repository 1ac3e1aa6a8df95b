/*
 * Helpers shared by the field-knowledge modules: code-point arrays, kana
 * folding, kanji numerals, white space and dashes, the table of characters
 * OCR confuses, and reading the tab-separated tables in models/.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meishi/limits.h"
#include "meishi/text.h"
#include "extract/kn_int.h"

size_t kn_decode(const char *s, int32_t *cp, size_t cap)
{
	size_t n = 0, len = strlen(s), k;

	while (n < cap && len > 0) {
		k = ms_utf8_next(s, len, &cp[n]);
		if (k == 0)
			break;
		s += k;
		len -= k;
		n++;
	}
	return n;
}

ms_rc kn_encode(const int32_t *cp, size_t n, char *out, size_t cap)
{
	size_t i, used = 0, k;

	if (cap == 0)
		return MS_ERR_TOO_BIG;
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		k = ms_utf8_put(out + used, cap - used, cp[i]);
		if (k == 0)
			return MS_ERR_TOO_BIG;
		used += k;
	}
	return MS_OK;
}

int32_t kn_hira(int32_t c)
{
	return c >= 0x30A1 && c <= 0x30F6 ? c - 0x60 : c;
}

ms_rc kn_hira_str(const char *s, char *out, size_t cap)
{
	int32_t cp[MS_MAX_FIELD_BYTES];
	size_t n = kn_decode(s, cp, MS_MAX_FIELD_BYTES), i;

	for (i = 0; i < n; i++)
		cp[i] = kn_hira(cp[i]);
	return kn_encode(cp, n, out, cap);
}

int32_t kn_kata(int32_t c)
{
	return c >= 0x3041 && c <= 0x3096 ? c + 0x60 : c;
}

int kn_is_kana(int32_t c)
{
	return (c >= 0x3041 && c <= 0x309F) || (c >= 0x30A0 && c <= 0x30FF);
}

int kn_is_kanji(int32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || c == 0x3005;
}

int kn_kanji_digit(int32_t c)
{
	static const int32_t d[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
				    0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D};
	int i;

	for (i = 0; i < 10; i++)
		if (d[i] == c)
			return i;
	return c == 0x96F6 ? 0 : -1;
}

/* Groups of characters that Tesseract mistakes for one another on cards.
 * Every pair within a group is a look-alike. Kept short on purpose: a
 * look-alike only lowers the cost of a substitution, and a correction is
 * still made only when other evidence on the card agrees. */
static const char *const lookalike_groups[] = {
	"部郎", "朗郎", "膝藤", "未末", "土士", "己已巳", "ロ口", "力カ刀",
	"二ニ", "一ー－-", "八ハ", "工エ", "夕タ", "卜ト", "へヘ", "ぺペ",
	"べベ", "千チ", "才オ", "入人", "大太犬", "王玉", "日曰目", "田由甲申",
	"間問", "崎埼", "斉斎", "沢択", "O0〇", "l1I|", "子了", "木本",
	"史吏", "治冶", "徹撤", "博傅", "祐佑", "裕祐", "恵惠", "辺邊邉",
	"島嶋", "条休", "也他", "ケヶ", "ソン", "シツ", "ハ八", "ウワ",
	/* measured on the generated sets' name lines (Mincho 遥 is read
	 * as another kanji under 辶 nearly every time) */
	"遥道送遂選通", "也世過", "菅普草", "拓招", "斗半", "圭工", "内肉",
	"勇男", "浩洗",
};

/* The groups above as sorted (a, b) pairs, built once. */
struct pair {
	int32_t a, b;
};
static struct pair pairs[512];
static size_t npairs;
static pthread_once_t pairs_once = PTHREAD_ONCE_INIT;

static int pair_cmp(const void *x, const void *y)
{
	const struct pair *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

static void build_pairs(void)
{
	int32_t set[8];
	size_t g, n, i, j;

	for (g = 0; g < sizeof(lookalike_groups) / sizeof(*lookalike_groups);
	     g++) {
		n = kn_decode(lookalike_groups[g], set, 8);
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++)
				if (i != j && npairs < 512)
					pairs[npairs++] =
						(struct pair){set[i], set[j]};
	}
	qsort(pairs, npairs, sizeof(pairs[0]), pair_cmp);
}

int kn_lookalike(int32_t a, int32_t b)
{
	struct pair key = {a, b};

	if (a == b)
		return 0;
	pthread_once(&pairs_once, build_pairs);
	return bsearch(&key, pairs, npairs, sizeof(pairs[0]), pair_cmp) !=
	       NULL;
}

void kn_lookalikes_of(int32_t a, void (*fn)(int32_t b, void *arg), void *arg)
{
	size_t i;

	pthread_once(&pairs_once, build_pairs);
	for (i = 0; i < npairs; i++)
		if (pairs[i].a == a && (i == 0 || pairs[i - 1].a != a ||
					pairs[i - 1].b != pairs[i].b))
			fn(pairs[i].b, arg);
}

int kn_is_space(int32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000 || c == 0x30FB ||
	       c == 0x00B7 || c == '\r' || c == '\n';
}

int kn_is_dash(int32_t c)
{
	return c == '-' || c == 0x30FC || c == 0x2212 || c == 0x2010 ||
	       c == 0x2011 || c == 0x2012 || c == 0x2013 || c == 0x2014 ||
	       c == 0x2015 || c == 0xFF0D || c == 0xFF70 || c == 0x2500 ||
	       c == 0x2501;
}

ms_rc kn_read_table(const char *dir, const char *name, size_t max,
		    ms_buf *out, ms_err *err)
{
	char path[4096];
	int n;
	ms_rc rc;

	n = snprintf(path, sizeof(path), "%s/%s", dir ? dir : "models", name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return ms_err_set(err, MS_ERR_INVALID,
				  "The models directory path is too long.");
	rc = ms_read_file(path, max, out, err);
	if (rc != MS_OK)
		return rc;
	/* ms_read_file keeps the data NUL-terminated. */
	if (!kn_utf8_valid(out->data, out->len)) {
		ms_buf_free(out);
		return ms_err_set(err, MS_ERR_CORRUPT,
				  "%s is not valid UTF-8.", path);
	}
	return MS_OK;
}

char *kn_next_line(char **p)
{
	char *s, *e;

	while (**p) {
		s = e = *p;
		while (*e && *e != '\n')
			e++;
		*p = *e ? e + 1 : e;
		*e = '\0';
		if (e > s && e[-1] == '\r')
			e[-1] = '\0';
		if (*s && *s != '#')
			return s;
	}
	return NULL;
}

char *kn_next_field(char **p)
{
	char *s = *p, *t = s;

	while (*t && *t != '\t')
		t++;
	if (*t) {
		*t = '\0';
		*p = t + 1;
	} else {
		*p = t;
	}
	return s;
}

int kn_utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned char c = u[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xE1 && c <= 0xEC && i + 2 < n &&
		    (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			i += 3; /* the common case: most kana and kanji */
			continue;
		}
		{
			int32_t cp;
			size_t k = ms_utf8_next(s + i, n - i, &cp);

			if (k == 0)
				return 0;
			i += k;
		}
	}
	return 1;
}
