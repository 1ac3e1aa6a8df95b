/*
 * Unit tests for the name knowledge (src/extract/names.c) against the real
 * ipadic table in models/: readings, splitting, reading and romanised-name
 * checks, Hepburn, and choosing between OCR look-alikes of the name line
 * only where the card's evidence agrees. Also times loading and lookups.
 */
#include <stdlib.h>
#include <time.h>

#include "meishi/names.h"
#include "t.h"

static ms_names *N;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_open(void)
{
	char dir[4096];
	const char *src = getenv("MEISHI_SOURCE_DIR");
	ms_err err;
	ms_names *bad = NULL;
	double t0, t1;

	snprintf(dir, sizeof(dir), "%s/models", src ? src : MEISHI_SOURCE_DIR);
	t0 = now();
	CHECK_INT(ms_names_open(dir, &N, &err), MS_OK);
	t1 = now();
	printf("load (CPU): %.1f ms, %zu rows\n", (t1 - t0) * 1e3,
	       ms_names_count(N));
	CHECK(ms_names_count(N) > 30000);
	CHECK(t1 - t0 < 0.3);
	CHECK(ms_names_open("/nonexistent", &bad, &err) != MS_OK);
}

static void test_dictionary(void)
{
	const char *r[4];

	CHECK(ms_names_readings(N, MS_NAME_SURNAME, "山田", r, 4) >= 1);
	CHECK_STR(r[0], "やまだ");
	CHECK(ms_names_readings(N, MS_NAME_GIVEN, "太郎", r, 4) >= 1);
	CHECK_STR(r[0], "たろう");
	CHECK(ms_names_is_surname(N, "佐藤"));
	CHECK(ms_names_is_surname(N, "藤田"));
	CHECK(!ms_names_is_surname(N, "膝田"));
	CHECK(ms_names_is_given(N, "和也"));
	CHECK(!ms_names_is_given(N, "太部"));
	CHECK_INT(ms_names_readings(N, MS_NAME_GIVEN, "株式会社", r, 4), 0);
}

static void test_split(void)
{
	static const struct {
		const char *in, *fam, *giv, *fr, *gr;
		double score;
	} cases[] = {
		{"山田太郎", "山田", "太郎", "やまだ", "たろう", 1.0},
		{"佐藤 花子", "佐藤", "花子", "さとう", "はなこ", 1.0},
		{"鈴木一郎", "鈴木", "一郎", "すずき", "いちろう", 1.0},
		{"田中　美咲", "田中", "美咲", "たなか", "みさき", 1.0},
		{"山田 太部", "山田", "太部", "やまだ", "", 0.5},
	};
	ms_name_split sp;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(ms_names_split(N, cases[i].in, &sp), MS_OK);
		CHECK_STR(sp.family, cases[i].fam);
		CHECK_STR(sp.given, cases[i].giv);
		CHECK_STR(sp.family_reading, cases[i].fr);
		CHECK_STR(sp.given_reading, cases[i].gr);
		CHECK(sp.score == cases[i].score);
	}
}

static void test_match_reading(void)
{
	static const struct {
		const char *name, *reading;
		ms_name_match m;
	} cases[] = {
		{"山田 太郎", "やまだ たろう", MS_NAME_MATCH_FULL},
		{"山田太郎", "ヤマダ タロウ", MS_NAME_MATCH_FULL},
		{"山田 太郎", "やまだ じろう", MS_NAME_MATCH_FAMILY},
		{"山田 太部", "やまだ たろう", MS_NAME_MATCH_FAMILY},
		{"山田 太郎", "たなか たろう", MS_NAME_MATCH_NONE},
		{"やまだ たろう", "ヤマダタロウ", MS_NAME_MATCH_FULL},
		{"山田 太郎", "Yamada", MS_NAME_MATCH_NONE},
		/* The reading's space must fall between the names. */
		{"山田 太郎", "やま だたろう", MS_NAME_MATCH_NONE},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_INT(ms_names_match_reading(N, cases[i].name,
						 cases[i].reading),
			  cases[i].m);
}

static void test_romanise(void)
{
	static const struct {
		const char *kana, *roma;
	} cases[] = {
		{"たろう", "tarou"},   {"しんいち", "shinichi"},
		{"きょうこ", "kyouko"}, {"じゅん", "jun"},
		{"はっとり", "hattori"}, {"ハッチ", "hatchi"},
		{"ちゃこ", "chako"},    {"ふみえ", "fumie"},
		{"ヤマダ", "yamada"},   {"づ", "zu"},
	};
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(ms_names_romanise(cases[i].kana, out, sizeof(out)),
			  MS_OK);
		CHECK_STR(out, cases[i].roma);
	}
	CHECK_INT(ms_names_romanise("やまだたろう", out, 4), MS_ERR_TOO_BIG);
}

static void test_latin(void)
{
	static const struct {
		const char *fr, *gr, *latin;
		double want;
	} cases[] = {
		{"やまだ", "たろう", "Taro Yamada", 1.0},
		{"やまだ", "たろう", "YAMADA Taro", 1.0},
		{"やまだ", "たろう", "yamada.tarou", 1.0},
		{"やまだ", "たろう", "t.yamada", 0.7},
		{"やまだ", "たろう", "yamada-t", 0.7},
		{"やまだ", "たろう", "tyamada", 0.7},
		{"やまだ", "たろう", "yamada", 0.5},
		{"やまだ", "たろう", "taro", 0.4},
		{"やまだ", "たろう", "suzuki", 0},
		{"やまだ", "たろう", "info", 0},
		{"おおの", "ひろし", "Hiroshi Ohno", 1.0},
		{"なんば", "しんいち", "Shinichi Namba", 1.0},
		{"さとう", "ゆうこ", "yuko.sato", 1.0},
		{"つじ", "ちひろ", "tuzi", 0.5},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double got = ms_names_latin_agrees(cases[i].fr, cases[i].gr,
						   cases[i].latin);

		if (got != cases[i].want)
			fprintf(stderr, "latin case %zu: got %.2f\n", i, got);
		CHECK(got == cases[i].want);
	}
}

static void test_choose(void)
{
	static const struct {
		const char *cands[3];
		const char *reading, *latin, *email;
		const char *want;
		int corrected, review;
	} cases[] = {
		/* The example: furigana confirms 郎 for 部. */
		{{"山田 太部"}, "やまだ たろう", NULL, NULL, "山田 太郎", 1, 0},
		/* No evidence: never correct, never invent. */
		{{"山田 太部"}, NULL, NULL, NULL, "山田 太部", 0, 0},
		/* The romanised name is evidence too. */
		{{"山田 太部"}, NULL, "Taro Yamada", NULL, "山田 太郎", 1, 0},
		/* An email with only the initial is not enough to correct. */
		{{"山田 太部"}, NULL, NULL, "t.yamada", "山田 太部", 0, 0},
		/* The reading picks between the OCR's own candidates. */
		{{"山田 太部", "山田 太郎"}, "やまだ たろう", NULL, NULL,
		 "山田 太郎", 0, 0},
		/* 和志 for 和也: but 和哉 and 和弥 are かずや too, and the card
		 * cannot tell them apart: no guess, a review flag. */
		{{"佐藤 和志"}, "さとう かずや", NULL, NULL, "佐藤 和志", 0, 1},
		/* A character the OCR lost; the reading names one name. */
		{{"田 太郎"}, "やまだ たろう", NULL, NULL, "山田 太郎", 1, 0},
		{{"藤 一郎"}, "ふじた いちろう", NULL, NULL, "藤田 一郎", 1, 0},
		{{"藤一郎"}, "ふじた いちろう", NULL, NULL, "藤田一郎", 1, 0},
		/* Without the reading's space, 藤 太一郎 fits as well, but
		 * the dictionary has 藤田 一郎 as far the commoner: a lost
		 * character is put back (flagged as a completion). */
		{{"藤一郎"}, "ふじたいちろう", NULL, NULL, "藤田一郎", 1, 0},
		/* 中村 and 仲村 are both なかむら; 中村 much the commoner. */
		{{"村 彩"}, "なかむら あや", NULL, "nakamura-a", "中村 彩", 1, 0},
		/* 近藤 and 近道 are both こんどう. */
		{{"近 武"}, "こんどう たけし", NULL, "kondo.takeshi", "近藤 武", 1,
		 0},
		/* ... and where it does not (太郎, 多郎, 太朗 are たろう). */
		{{"山田 郎"}, "やまだ たろう", NULL, NULL, "山田 郎", 0, 1},
		/* A Latin letter read for a kanji. */
		{{"B田 一郎"}, "やまだ いちろう", NULL, NULL, "山田 一郎", 1, 0},
		{{"藤田 一B"}, "ふじた いちろう", NULL, NULL, "藤田 一B", 0, 1},
		/* 膝 misread for 藤. */
		{{"膝田 一郎"}, "ふじた いちろう", NULL, NULL, "藤田 一郎", 1, 0},
		/* 未 and 末: the email's full name decides. */
		{{"末松 健"}, NULL, NULL, "ken.suematsu", "末松 健", 0, 0},
		/* A right name stays right. */
		{{"山田 太郎"}, "やまだ たろう", NULL, "t.yamada", "山田 太郎", 0, 0},
		/* A reading that names someone else changes nothing. */
		{{"山田 太部"}, "すずき いちろう", NULL, NULL, "山田 太部", 0, 0},
	};
	ms_name_choice ch;
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (n = 0; n < 3 && cases[i].cands[n]; n++)
			;
		CHECK_INT(ms_names_choose(N, cases[i].cands, n,
					  cases[i].reading, cases[i].latin,
					  cases[i].email, &ch),
			  MS_OK);
		CHECK_STR(ch.name, cases[i].want);
		CHECK_INT(ch.corrected, cases[i].corrected);
		CHECK_INT(ch.review, cases[i].review);
		if (ch.corrected)
			CHECK(ch.confidence <= 0.85);
		if (ch.review)
			CHECK(ch.confidence <= 0.4);
		if (ch.completed)
			CHECK(ch.corrected && ch.confidence <= 0.6);
	}
	/* The reading is derived from the dictionary when none is printed. */
	{
		const char *c[] = {"山田太郎"};

		CHECK_INT(ms_names_choose(N, c, 1, NULL, NULL, NULL, &ch),
			  MS_OK);
		CHECK_STR(ch.family, "山田");
		CHECK_STR(ch.given, "太郎");
		CHECK_STR(ch.reading, "やまだ たろう");
		CHECK_INT(ch.reading_derived, 1);
	}
}

/* A printed reading against a name the OCR read in part or not at all. */
static void test_reading_knowledge(void)
{
	static const struct {
		const char *reading;
		int is_name;
	} readings[] = {
		{"こんどう たけし", 1}, {"なかむらあや", 1},
		{"ナカムラ アヤ", 1},   {"チーフ", 0},
		{"ごだどう たけし", 0}, {"やま だたろう", 0},
		{"たけし", 0},          {"Kondo", 0},
	};
	static const struct {
		const char *name, *reading;
		ms_name_kind part;
	} parts[] = {
		/* The given name lost: 馬場 (智子). */
		{"馬場", "ばば ともこ", MS_NAME_SURNAME},
		{"馬 場", "ばば ともこ", MS_NAME_SURNAME},
		/* The family name lost: (林) 涼子. */
		{"涼子", "はやし りょうこ", MS_NAME_GIVEN},
		{"山田 太郎", "やまだ たろう", 0},
		{"涼子", "すずき いちろう", 0},
		{"ばば", "ばば ともこ", 0},
	};
	static const struct {
		const char *name, *reading, *email, *want;
	} fixes[] = {
		{"高田 修", "たかだ おきむ", NULL, "たかだ おさむ"},
		{"野口 武", "のぐも たけし", "noguchi.takeshi", "のぐち たけし"},
		{"野口武", "のぐもたけし", NULL, "のぐち たけし"},
		/* Right already, or someone else's reading. */
		{"山田 太郎", "やまだ たろう", NULL, ""},
		{"山田 太郎", "すずき いちろう", NULL, ""},
		/* The email spells the reading as printed. */
		{"野口 武", "のぐも たけし", "nogumo.takeshi", ""},
		/* Two kana off: not a misread kana. */
		{"高田 修", "たかだ おきめ", NULL, ""},
		/* Voicing alone: the dictionary may lack the reading, unless
		 * the email spells it. */
		{"近藤 武", "こんとう たけし", NULL, ""},
		{"近藤 武", "こんとう たけし", "kondo-t", "こんどう たけし"},
		/* The name not a dictionary name. */
		{"高部 修", "たかだ おきむ", NULL, ""},
		/* One kana too many: at a half's end, a small kana before */
		{"山田 太郎", "やまだ たろうる", NULL, "やまだ たろう"},
		{"野口 武", "のぐち ょたけし", NULL, "のぐち たけし"},
		{"野口 武", "のぐちち たけし", NULL, "のぐち たけし"},
		/* two too many, or the extra kana across the printed space */
		{"山田 太郎", "やまだ たろうるる", NULL, ""},
		{"野口 武", "のぐ ちたけし", NULL, ""},
	};
	char out[128];
	size_t i;

	for (i = 0; i < sizeof(readings) / sizeof(readings[0]); i++)
		if (ms_names_is_name_reading(N, readings[i].reading) !=
		    readings[i].is_name) {
			t_fail++;
			fprintf(stderr, "is_name_reading(%s) wrong\n",
				readings[i].reading);
		} else {
			t_pass++;
		}
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		CHECK_INT(ms_names_part_of_reading(N, parts[i].name,
						   parts[i].reading, NULL),
			  parts[i].part);
	for (i = 0; i < sizeof(fixes) / sizeof(fixes[0]); i++) {
		int r = ms_names_fix_reading(N, fixes[i].name,
					     fixes[i].reading, fixes[i].email,
					     out, sizeof(out));
		CHECK_INT(r, fixes[i].want[0] != '\0');
		CHECK_STR(out, fixes[i].want);
	}
	CHECK_INT(ms_names_fix_reading(N, "高田 修", "たかだ おきむ", NULL,
				       out, 8),
		  0);
}

static void test_speed(void)
{
	const char *c[] = {"山田 太部"};
	ms_name_choice ch;
	ms_name_split sp;
	double t0, t1;
	int i, n = 2000, ok = 0;

	t0 = now();
	for (i = 0; i < n; i++)
		ok += ms_names_split(N, "山田太郎", &sp) == MS_OK;
	t1 = now();
	printf("split (CPU): %.2f us\n", (t1 - t0) / n * 1e6);
	CHECK((t1 - t0) / n < 50e-6);
	t0 = now();
	for (i = 0; i < n / 10; i++)
		ok += ms_names_choose(N, c, 1, "やまだ たろう", NULL,
				      "t.yamada", &ch) == MS_OK;
	t1 = now();
	printf("choose (CPU): %.2f us\n", (t1 - t0) / (n / 10) * 1e6);
	CHECK((t1 - t0) / (n / 10) < 2e-3);
	CHECK(ok == n + n / 10);
}

int main(void)
{
	test_open();
	if (!N)
		return t_done();
	test_dictionary();
	test_split();
	test_match_reading();
	test_romanise();
	test_latin();
	test_choose();
	test_reading_knowledge();
	test_speed();
	ms_names_close(N);
	return t_done();
}
