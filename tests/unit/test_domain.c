/*
 * Unit tests for the company/domain check (src/extract/domain.c): domain
 * labels from emails and URLs, company names folded to romaji, scores, and
 * the choice between OCR candidates of the company line.
 */
#include <stdlib.h>
#include <time.h>

#include "meishi/domain.h"
#include "t.h"

static ms_domain *D;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_label(void)
{
	static const struct {
		const char *in, *want;
		ms_rc rc;
	} cases[] = {
		{"taro@sakura-systems.co.jp", "sakura-systems", MS_OK},
		{"t.yamada@mail.sakura-systems.co.jp", "sakura-systems", MS_OK},
		{"https://www.sakura-systems.co.jp/about", "sakura-systems",
		 MS_OK},
		{"www.Example.COM", "example", MS_OK},
		{"info@acme.co.uk", "acme", MS_OK},
		{"taro.yamada@gmail.com", "", MS_ERR_NOTFOUND},
		{"x@docomo.ne.jp", "", MS_ERR_NOTFOUND},
		{"localhost", "", MS_ERR_INVALID},
		{"a@b..jp", "", MS_ERR_INVALID},
		{"山田@例え.jp", "", MS_ERR_INVALID},
	};
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(ms_domain_label(cases[i].in, out, sizeof(out)),
			  cases[i].rc);
		if (cases[i].rc == MS_OK)
			CHECK_STR(out, cases[i].want);
	}
}

static void test_key(void)
{
	static const struct {
		const char *company;
		int variant;
		const char *want;
	} cases[] = {
		{"株式会社サクラシステムズ", 0, "sakurasystems"},
		{"株式会社サクラシステムズ", 1, "sakurashisutemuzu"},
		{"サクラ・テクノロジー株式会社", 0, "sakuratechnology"},
		{"(株)ミライネットワークス", 0, "mirainetworks"},
		{"Sakura Systems Co., Ltd.", 0, "sakurasystems"},
		{"ACME Inc.", 0, "acme"},
		{"山田製作所", 0, "yamadaseisakusho"},
	};
	char out[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(ms_domain_company_key(D, cases[i].company,
						cases[i].variant, out,
						sizeof(out)),
			  MS_OK);
		CHECK_STR(out, cases[i].want);
	}
}

static void test_score(void)
{
	static const struct {
		const char *company, *domain;
		double lo, hi;
	} cases[] = {
		{"株式会社サクラシステムズ", "taro@sakura-systems.co.jp", 1.0, 1.0},
		{"Sakura Systems Co., Ltd.", "www.sakura-systems.co.jp", 1.0,
		 1.0},
		{"株式会社サクラシステムズ", "https://sakura.co.jp", 0.6, 0.95},
		{"株式会社サクラシスデムズ", "taro@sakura-systems.co.jp", 0.3,
		 0.8},
		{"株式会社ミライネットワークス", "taro@sakura-systems.co.jp", 0,
		 0.45},
		{"株式会社サクラシステムズ", "taro@gmail.com", 0, 0},
		{"東芝", "info@toshiba.co.jp", 1.0, 1.0},
		{"山田製作所", "yamada@yamada-ss.co.jp", 0.6, 0.95},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double s = ms_domain_score(D, cases[i].company,
					   cases[i].domain);

		if (!(s >= cases[i].lo && s <= cases[i].hi))
			fprintf(stderr, "score case %zu: %.3f\n", i, s);
		CHECK(s >= cases[i].lo && s <= cases[i].hi);
	}
}

static void test_choose(void)
{
	/* The example: the domain picks the right reading even when
	 * the OCR put the misread first. */
	const char *c1[] = {"株式会社サクラシスデムズ", "株式会社サクラシステムズ"};
	const char *c2[] = {"株式会社サクラシステムズ", "株式会社サクラシスデムズ"};
	const char *c3[] = {"Sakura Svstems Inc.", "Sakura Systems Inc."};
	double s;

	CHECK_INT(ms_domain_choose(D, c1, 2, "taro@sakura-systems.co.jp", &s),
		  1);
	CHECK(s == 1.0);
	CHECK_INT(ms_domain_choose(D, c2, 2, "taro@sakura-systems.co.jp", &s),
		  0);
	CHECK_INT(ms_domain_choose(D, c3, 2, "https://sakura-systems.com/",
				   &s),
		  1);
	/* No usable domain: keep the OCR's first reading. */
	CHECK_INT(ms_domain_choose(D, c1, 2, "taro@gmail.com", &s), 0);
	CHECK(s == 0);
}

/* The two-kanji words a word of a domain label reads as. */
static void test_kanji_words(void)
{
	const char *w[64];
	size_t n = ms_domain_kanji_words(D, "seiki", w, 64), i;
	int seiki = 0;

	for (i = 0; i < n; i++)
		seiki |= strcmp(w[i], "精機") == 0;
	CHECK(n >= 5);
	CHECK(seiki);
	/* The long vowel folded as company keys fold it. */
	n = ms_domain_kanji_words(D, "toyo", w, 64);
	for (i = 0, seiki = 0; i < n; i++)
		seiki |= strcmp(w[i], "東洋") == 0;
	CHECK(seiki);
	CHECK_INT(ms_domain_kanji_words(D, "aoba", w, 1), 1);
	CHECK_STR(w[0], "青葉");
	CHECK_INT(ms_domain_kanji_words(D, "xqzt", w, 64), 0);
}

static void test_speed(void)
{
	double t0, t1, sum = 0;
	int i, n = 200;

	t0 = now();
	for (i = 0; i < n; i++)
		sum += ms_domain_score(D, "株式会社サクラシステムズ",
				       "taro@sakura-systems.co.jp");
	t1 = now();
	printf("score, katakana (CPU): %.2f us\n", (t1 - t0) / n * 1e6);
	CHECK((t1 - t0) / n < 200e-6);
	t0 = now();
	for (i = 0; i < n; i++)
		sum += ms_domain_score(D, "山田製作所", "yamada@yamada-ss.co.jp");
	t1 = now();
	printf("score, kanji via MeCab (CPU): %.2f us\n", (t1 - t0) / n * 1e6);
	CHECK(sum > 0);
}

int main(void)
{
	char dir[4096];
	const char *src = getenv("MEISHI_SOURCE_DIR");
	ms_err err;
	double t0, t1;

	snprintf(dir, sizeof(dir), "%s/models", src ? src : MEISHI_SOURCE_DIR);
	t0 = now();
	CHECK_INT(ms_domain_open(dir, &D, &err), MS_OK);
	t1 = now();
	printf("load with MeCab (CPU): %.1f ms\n", (t1 - t0) * 1e3);
	if (!D)
		return t_done();
	test_label();
	test_key();
	test_score();
	test_choose();
	test_kanji_words();
	test_speed();
	ms_domain_close(D);
	return t_done();
}
