/*
 * Unit tests for src/util: the capped buffer, UTF-8, NFKC and the kana
 * romaniser that extraction and duplicate detection share.
 */
#include <stdlib.h>

#include "meishi/buf.h"
#include "meishi/text.h"
#include "t.h"

static void test_buf_cap(void)
{
	ms_buf b;
	char *p;
	size_t n;

	ms_buf_init(&b, 8);
	CHECK_INT(ms_buf_adds(&b, "12345"), MS_OK);
	CHECK_INT(ms_buf_adds(&b, "678"), MS_OK);
	/* One byte over the cap is refused and the content kept. */
	CHECK_INT(ms_buf_adds(&b, "9"), MS_ERR_TOO_BIG);
	CHECK_STR(b.data, "12345678");
	ms_buf_reset(&b);
	CHECK_INT(ms_buf_addf(&b, "%d-%s", 42, "ab"), MS_OK);
	CHECK_STR(b.data, "42-ab");
	CHECK_INT(ms_buf_addf(&b, "%s", "toolong"), MS_ERR_TOO_BIG);
	p = ms_buf_take(&b, &n);
	CHECK_STR(p, "42-ab");
	CHECK_INT(n, 5);
	CHECK(b.data == NULL);
	free(p);
}

static void test_utf8(void)
{
	static const struct {
		const char *s;
		int valid;
	} cases[] = {
		{"abc", 1},
		{"山田太郎", 1},
		{"\xC0\xAF", 0},         /* overlong '/' */
		{"\xED\xA0\x80", 0},     /* surrogate */
		{"\xE5\xB1", 0},         /* truncated */
		{"\xF4\x90\x80\x80", 0}, /* above U+10FFFF */
		{"\xFF", 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_INT(ms_utf8_valid(cases[i].s, strlen(cases[i].s)),
			  cases[i].valid);
	CHECK_INT(ms_utf8_len("山田 Taro"), 7);
	/* code points starting in a byte prefix: 山田 is 6 bytes; a cut
	 * inside 田 counts 田, which starts before it */
	CHECK_INT(ms_utf8_count("山田 Taro", 6), 2);
	CHECK_INT(ms_utf8_count("山田 Taro", 4), 2);
	CHECK_INT(ms_utf8_count("山田 Taro", 0), 0);
}

/* Edit distances count characters, not bytes, and stop at the bound. */
static void test_distance(void)
{
	char longer[2000];

	CHECK_INT(ms_utf8_distance("第一有楽町ビル", "第二有楽町ビル", 9), 1);
	CHECK_INT(ms_utf8_distance("第有楽町ビル", "第二有楽町ビル", 9), 1);
	CHECK_INT(ms_utf8_distance("abc", "abc", 0), 0);
	CHECK_INT(ms_utf8_distance("kitten", "sitting", 9), 3);
	CHECK_INT(ms_utf8_distance("kitten", "sitting", 2), 3); /* max + 1 */
	CHECK_INT(ms_utf8_distance("", "山田", 9), 2);
	CHECK_INT(ms_utf8_distance("\xFF\xFE", "??", 9), 2); /* bad bytes */
	/* Past MS_TEXT_MAX_CPS code points nothing more is compared. */
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	CHECK_INT(ms_utf8_distance(longer, longer + 1000, 10000), 0);
}

static void test_nfkc(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"０３－１２３４－５６７８", "03-1234-5678"},
		{"ＴＥＬ", "TEL"},
		{"ｶﾌﾞｼｷｶﾞｲｼｬ", "カブシキガイシャ"},
		{"㈱サンプル", "(株)サンプル"},
		{"〒100-0001", "〒100-0001"},
	};
	char out[128];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(ms_nfkc(cases[i].in, out, sizeof(out)), MS_OK);
		CHECK_STR(out, cases[i].want);
	}
	CHECK_INT(ms_nfkc("\xFF", out, sizeof(out)), MS_ERR_INVALID);
	CHECK_INT(ms_nfkc("abcdef", out, 4), MS_ERR_TOO_BIG);
}

static void test_trim_and_copy(void)
{
	char s[64] = "\xE3\x80\x80 山田 \t";
	char d[5];

	ms_trim(s);
	CHECK_STR(s, "山田");
	/* Truncation never splits a character: 山 is 3 bytes. */
	ms_strlcpy_utf8(d, "山田", sizeof(d));
	CHECK_STR(d, "山");
}

static void test_next_word(void)
{
	const char *p = "  山田 太郎  ab";
	char w[5];

	CHECK_INT((int)ms_next_word(&p, w, sizeof(w)), 6);
	CHECK_STR(w, "山"); /* cut at a character, not inside 田 */
	CHECK_INT((int)ms_next_word(&p, w, sizeof(w)), 6);
	CHECK_INT((int)ms_next_word(&p, w, sizeof(w)), 2);
	CHECK_STR(w, "ab");
	CHECK_INT((int)ms_next_word(&p, w, sizeof(w)), 0);
	CHECK_STR(w, "");
}

static void test_romanise(void)
{
	/* in, with no flags (extraction: kana only), with both flags
	 * (duplicate detection: ー and everything else kept). */
	static const struct {
		const char *in, *kana_only, *keep;
	} t[] = {
		/* Plain syllables, both scripts, a word break. */
		{"やまだ たろう", "yamadatarou", "yamada tarou"},
		{"ヤマダ　タロウ", "yamadatarou", "yamada tarou"},
		{"さとう", "satou", "satou"},
		{"しちつふじぢづ", "shichitsufujijizu", "shichitsufujijizu"},
		/* Long vowels: spelled as printed; ー only with the flag. */
		{"おおの", "oono", "oono"},
		{"ゆうこ", "yuuko", "yuuko"},
		{"コーヒー", "kohi", "koohii"},
		{"ジェームズ", "jemuzu", "jeemuzu"},
		{"ーあ", "a", "a"},
		/* Yoon: small ゃゅょ join an i-kana. */
		{"きょうこ", "kyouko", "kyouko"},
		{"しゃ しゅ しょ", "shashusho", "sha shu sho"},
		{"ちゃ ぢゃ じゅ", "chajaju", "cha ja ju"},
		{"ニャ リョ ヒュ", "nyaryohyu", "nya ryo hyu"},
		/* Small tsu: doubles the consonant, t before ch. */
		{"はっとり", "hattori", "hattori"},
		{"マッチャ", "matcha", "matcha"},
		{"いっぽん", "ippon", "ippon"},
		{"ザッシ", "zasshi", "zasshi"},
		{"あっ", "a", "a"},
		/* ん: always n, before a vowel, y, b, m or p too. */
		{"じゅんいち", "junichi", "junichi"},
		{"しんや", "shinya", "shinya"},
		{"ほんま", "honma", "honma"},
		{"しんぶん", "shinbun", "shinbun"},
		{"かんぱい", "kanpai", "kanpai"},
		/* Small vowels join the syllable before them. */
		{"ファイル", "fairu", "fairu"},
		{"ティーム", "timu", "tiimu"},
		{"シェフ", "shefu", "shefu"},
		{"ヴ", "vu", "vu"},
		{"ヴァイオリン", "vaiorin", "vaiorin"},
		{"ヴィ ヴェ ヴォ", "vivevo", "vi ve vo"},
		{"ヷヸヹヺ", "vavivevo", "vavivevo"},
		{"ヶ ヵ", "keka", "ke ka"},
		{"ゐゑを", "ieo", "ieo"},
		/* A small kana that joins nothing keeps its own sound. */
		{"ぁ", "a", "a"},
		{"いゃ", "iya", "iya"},
		/* What is not kana. */
		{"ABC ヤマダ", "yamada", "abc yamada"},
		{"山田 たろう", "tarou", "山田 tarou"},
		{"", "", ""},
	};
	char out[128];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK_INT(ms_kana_romanise(t[i].in, out, sizeof(out), 0), MS_OK);
		CHECK_STR(out, t[i].kana_only);
		CHECK_INT(ms_kana_romanise(t[i].in, out, sizeof(out),
					   MS_ROMA_KEEP_OTHER |
						   MS_ROMA_LONG_VOWEL),
			  MS_OK);
		CHECK_STR(out, t[i].keep);
	}
	/* Bad input and a short buffer. */
	CHECK_INT(ms_kana_romanise("や\xff", out, sizeof(out), 0),
		  MS_ERR_INVALID);
	CHECK_INT(ms_kana_romanise("やまだたろう", out, 4, 0), MS_ERR_TOO_BIG);
	CHECK(strlen(out) < 4);
	CHECK_INT(ms_kana_romanise("か", out, 0, 0), MS_ERR_TOO_BIG);
}

/* Short-query search words: a 2-character query must be one word, a
 * 1-character one the prefix of a word, whatever surrounds it. */
static void test_search_grams(void)
{
	static const struct {
		const char *in, *want;
	} t[] = {
	    {"山田 太郎", "山田 田 太郎 郎"},
	    {"林", "林"},
	    {"(株)サクラ", "株 サク クラ ラ"},
	    {"t.yamada@ex.jp", "t ya am ma ad da a ex x jp p"},
	    {"03-1234", "03 3 12 23 34 4"},
	    {"", ""},
	    {"   ", ""},
	};
	char out[128], small[6];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK_INT(ms_search_grams(t[i].in, out, sizeof(out)), MS_OK);
		CHECK_STR(out, t[i].want);
	}
	CHECK_INT(ms_search_grams("山田太郎", small, sizeof(small)),
	          MS_ERR_TOO_BIG);
	CHECK_INT(ms_search_grams("a\xff", out, sizeof(out)), MS_ERR_INVALID);
}

int main(void)
{
	test_buf_cap();
	test_utf8();
	test_distance();
	test_nfkc();
	test_trim_and_copy();
	test_next_word();
	test_search_grams();
	test_romanise();
	return t_done();
}
