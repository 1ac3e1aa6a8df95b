/*
 * Unit tests of duplicate detection: each normaliser against a table of
 * printed forms, the blocking keys that must (and must not) be shared, and
 * each matching rule on pairs built from the hard cases of issue 4.
 */
#include <stdlib.h>
#include <string.h>

#include "meishi/dedupe.h"
#include "meishi/text.h"
#include "t.h"

typedef struct pair {
	const char *in, *want;
} pair;

static void test_email(void)
{
	static const pair t[] = {
		{"  Taro.Yamada@Example.CO.JP ", "taro.yamada@example.co.jp"},
		{"ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "taro@example.com"},
		{"mailto:Info@Sample.jp", "info@sample.jp"},
		{"t. yamada @example.com", "t.yamada@example.com"},
	};
	static const char *bad[] = {"", "yamada", "@example.com", "a@", "a@b@c"};
	static const struct {
		const char *e;
		int role;
	} roles[] = {
		{"info@sample.jp", 1},      {"sales@sample.jp", 1},
		{"eigyo@sample.jp", 1},     {"info.tokyo@sample.jp", 1},
		{"sales-jp@sample.jp", 1},  {"support2@sample.jp", 1},
		{"soumu@sample.jp", 1},     {"pr@sample.jp", 1},
		{"t.yamada@sample.jp", 0},  {"information-tanaka@x.jp", 0},
		{"salesman@x.jp", 0},       {"prince@x.jp", 0},
		{"irene@x.jp", 0},          {"taro@x.jp", 0},
	};
	char out[256];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK_INT(ms_dd_email(t[i].in, out, sizeof(out)), MS_OK);
		CHECK_STR(out, t[i].want);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_INT(ms_dd_email(bad[i], out, sizeof(out)),
			  MS_ERR_INVALID);
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		CHECK_INT(ms_dd_email_is_role(roles[i].e), roles[i].role);
}

static void test_phone(void)
{
	static const pair t[] = {
		{"03-1234-5678", "+81312345678"},
		{"(03) 1234 5678", "+81312345678"},
		{"０３－１２３４－５６７８", "+81312345678"},
		{"+81 3 1234 5678", "+81312345678"},
		{"+81 (0)3-1234-5678", "+81312345678"},
		{"+81-03-1234-5678", "+81312345678"},
		{"090-1234-5678", "+819012345678"},
		{"TEL 06-6123-4567 内線 123", "+81661234567"},
		{"(415) 555-0100", "+14155550100"},
		{"1-415-555-0100", "+14155550100"},
		{"+44 20 7946 0958", "+442079460958"},
		{"010-44-20-7946-0958", "+442079460958"},
	};
	static const char *bad[] = {"", "12345", "abc", "+1 23"};
	char out[32];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK_INT(ms_dd_phone(t[i].in, out, sizeof(out)), MS_OK);
		CHECK_STR(out, t[i].want);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_INT(ms_dd_phone(bad[i], out, sizeof(out)),
			  MS_ERR_INVALID);
	CHECK(ms_dd_phone_is_mobile("+819012345678"));
	CHECK(ms_dd_phone_is_mobile("+818012345678"));
	CHECK(ms_dd_phone_is_mobile("+817012345678"));
	CHECK(!ms_dd_phone_is_mobile("+81312345678"));
	CHECK(!ms_dd_phone_is_mobile("+14155550100"));
}

static void test_name(void)
{
	static const pair text[] = {
		{"山田　太郎", "山田太郎"},
		{" Taro  YAMADA ", "taroyamada"},
		{"ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ"},
		{"O'Brien, Pat", "obrienpat"},
	};
	static const pair kana[] = {
		{"ヤマダ タロウ", "やまだたろう"},
		{"ﾔﾏﾀﾞ ﾀﾛｳ", "やまだたろう"},
		{"やまだ・たろう", "やまだたろう"},
	};
	static const pair roma[] = {
		{"やまだ たろう", "yamada tarou"},
		{"しんじ", "shinji"},
		{"きょうこ", "kyouko"},
		{"はっとり", "hattori"},
		{"チョウ", "chou"},
		{"マッチャ", "matcha"},
		{"ジェームズ", "jeemuzu"},
	};
	static const struct {
		const char *a, *b;
	} same_fold[] = {
		{"Satoh", "Satou"},   {"Sato", "sato"},   {"Shinji", "Sinzi"},
		{"Kyoko", "Kyouko"},  {"Honma", "Homma"}, {"Ohno", "Oono"},
		{"Hattori", "Hatori"}, {"Tsutomu", "Tutomu"},
		{"Chiaki", "Tiaki"},  {"Yuuko", "Yuko"},  {"Jun", "Zyun"},
		{"Fujii", "Huzii"},
	};
	static const struct {
		const char *a, *b;
	} diff_fold[] = {
		{"Sato", "Saito"}, {"Yamada", "Yamato"}, {"Kato", "Goto"},
	};
	char out[256], o2[256];
	size_t i;

	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		CHECK_INT(ms_dd_text_key(text[i].in, out, sizeof(out)), MS_OK);
		CHECK_STR(out, text[i].want);
	}
	for (i = 0; i < sizeof(kana) / sizeof(kana[0]); i++) {
		CHECK_INT(ms_dd_kana_key(kana[i].in, out, sizeof(out)), MS_OK);
		CHECK_STR(out, kana[i].want);
	}
	for (i = 0; i < sizeof(roma) / sizeof(roma[0]); i++) {
		CHECK_INT(ms_dd_romanise(roma[i].in, out, sizeof(out)), MS_OK);
		CHECK_STR(out, roma[i].want);
	}
	for (i = 0; i < sizeof(same_fold) / sizeof(same_fold[0]); i++) {
		ms_dd_latin_fold(same_fold[i].a, out, sizeof(out));
		ms_dd_latin_fold(same_fold[i].b, o2, sizeof(o2));
		CHECK_STR(out, o2);
	}
	for (i = 0; i < sizeof(diff_fold) / sizeof(diff_fold[0]); i++) {
		ms_dd_latin_fold(diff_fold[i].a, out, sizeof(out));
		ms_dd_latin_fold(diff_fold[i].b, o2, sizeof(o2));
		CHECK(strcmp(out, o2) != 0);
	}
	CHECK_INT(ms_dd_text_key("\xff\xfe", out, sizeof(out)),
		  MS_ERR_INVALID);
}

static void test_company(void)
{
	static const pair t[] = {
		{"株式会社サンプル", "サンプル"},
		{"(株)サンプル", "サンプル"},
		{"（株）サンプル", "サンプル"},
		{"㈱サンプル", "サンプル"},
		{"サンプル株式会社", "サンプル"},
		{"サンプル(株)", "サンプル"},
		{"サンプル ㈱", "サンプル"},
		{"有限会社 山田商店", "山田商店"},
		{"合同会社サンプル", "サンプル"},
		{"一般社団法人 日本サンプル協会", "日本サンプル協会"},
		{"Sample Inc.", "sample"},
		{"Sample, Inc.", "sample"},
		{"SAMPLE INC", "sample"},
		{"Sample Co., Ltd.", "sample"},
		{"Sample Corporation", "sample"},
		{"Sample K.K.", "sample"},
		{"Sample LLC", "sample"},
		{"Sample GmbH", "sample"},
		{"Sample Corp.", "sample"},
		{"Sample Systems Ltd", "samplesystems"},
		{"Inc.", "inc"},
		{"株式会社", "株式会社"},
	};
	char out[256];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK_INT(ms_dd_company_key(t[i].in, out, sizeof(out)), MS_OK);
		CHECK_STR(out, t[i].want);
	}
}

static void test_distance(void)
{
	static const struct {
		const char *a, *b;
		int max, want;
	} t[] = {
		{"山田太郎", "山田太郎", 2, 0},
		{"山田太郎", "山田大郎", 2, 1},
		{"山田太郎", "山田郎", 2, 1},
		{"山田太郎", "山田一太郎", 2, 1},
		{"yamada", "yarnada", 2, 2},
		{"yamada", "tanaka", 2, 3},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3},
		{"", "abc", 5, 3},
		{"abc", "", 1, 2},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK_INT(ms_dd_distance(t[i].a, t[i].b, t[i].max), t[i].want);
}

/* ---- Contacts for key and match tests -------------------------------- */

typedef struct card {
	const char *name, *reading, *latin, *company, *company_rd, *dept,
		*title, *phone, *mobile, *email;
} card;

static void mk(const card *k, ms_dd_norm *n)
{
	ms_contact c;

	ms_contact_init(&c);
	ms_strlcpy_utf8(c.v[MS_F_NAME], k->name ? k->name : "", 256);
	ms_strlcpy_utf8(c.v[MS_F_NAME_READING], k->reading ? k->reading : "",
			256);
	ms_strlcpy_utf8(c.v[MS_F_NAME_LATIN], k->latin ? k->latin : "", 256);
	ms_strlcpy_utf8(c.v[MS_F_COMPANY], k->company ? k->company : "", 256);
	ms_strlcpy_utf8(c.v[MS_F_DEPARTMENT], k->dept ? k->dept : "", 256);
	ms_strlcpy_utf8(c.v[MS_F_TITLE], k->title ? k->title : "", 256);
	ms_strlcpy_utf8(c.v[MS_F_PHONE], k->phone ? k->phone : "", 256);
	ms_strlcpy_utf8(c.v[MS_F_MOBILE], k->mobile ? k->mobile : "", 256);
	ms_strlcpy_utf8(c.v[MS_F_EMAIL], k->email ? k->email : "", 256);
	ms_dd_norm_contact(&c, k->company_rd, n);
}

static int share_key(const ms_dd_norm *a, const ms_dd_norm *b)
{
	ms_dd_keys *ka = malloc(sizeof(*ka)), *kb = malloc(sizeof(*kb));
	int i, j, hit = 0;

	ms_dd_keys_of(a, ka);
	ms_dd_keys_of(b, kb);
	for (i = 0; i < ka->n && !hit; i++)
		for (j = 0; j < kb->n; j++)
			if (strcmp(ka->k[i].kind, kb->k[j].kind) == 0 &&
			    strcmp(ka->k[i].key, kb->k[j].key) == 0) {
				hit = 1;
				break;
			}
	free(ka);
	free(kb);
	return hit;
}

static const card yamada = {
	"山田 太郎", "やまだ たろう", "", "株式会社サンプル", NULL, "営業部",
	"部長", "03-1234-5678", "090-1111-2222", "taro.yamada@sample.co.jp",
};

static void test_keys(void)
{
	ms_dd_norm a, b;
	ms_dd_keys *ks = malloc(sizeof(*ks));
	card x;
	int i, has_email = 0, has_role = 0;

	mk(&yamada, &a);
	ms_dd_keys_of(&a, ks);
	for (i = 0; i < ks->n; i++) {
		if (strcmp(ks->k[i].kind, "email") == 0)
			has_email = 1;
		CHECK(ks->k[i].key[0] != '\0');
	}
	CHECK(has_email);
	CHECK(ks->n > 10 && ks->n <= MS_DD_MAX_KEYS);

	/* A role address is never a key. */
	x = yamada;
	x.email = "info@sample.co.jp";
	mk(&x, &b);
	ms_dd_keys_of(&b, ks);
	for (i = 0; i < ks->n; i++)
		if (strstr(ks->k[i].key, "info"))
			has_role = 1;
	CHECK(!has_role);
	free(ks);

	/* One OCR error in the name alone still shares a key. */
	x = (card){"山田 大郎", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		   NULL, NULL};
	mk(&x, &b);
	mk(&(card){"山田 太郎", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		   NULL, NULL},
	   &a);
	CHECK(share_key(&a, &b));
	/* One error in the email alone. */
	mk(&(card){NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		   "taro.yamada@sample.co.jp"},
	   &a);
	mk(&(card){NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		   "taro.yarnada@sample.co.jp"},
	   &b);
	CHECK(share_key(&a, &b));
	/* Two errors, both in the first half of the local part. */
	mk(&(card){NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		   "t4r0.yamada@sample.co.jp"},
	   &b);
	CHECK(share_key(&a, &b));
	/* A handle moved to a new company's domain, the name aside. */
	mk(&(card){NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		   "yamada07@abc.co.jp"},
	   &a);
	mk(&(card){NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		   "yamada07@sample.co.jp"},
	   &b);
	CHECK(share_key(&a, &b));
	/* Japanese reading meets the English name. */
	mk(&(card){"山田 太郎", "やまだ たろう", NULL, NULL, NULL, NULL, NULL,
		   NULL, NULL, NULL},
	   &a);
	mk(&(card){"Taro Yamada", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		   NULL, NULL},
	   &b);
	CHECK(share_key(&a, &b));
	/* Different people with nothing in common share nothing. */
	mk(&(card){"佐藤 花子", "さとう はなこ", NULL, "ABC商事", NULL, NULL,
		   NULL, "06-1111-2222", NULL, "h.sato@abc.jp"},
	   &b);
	mk(&yamada, &a);
	CHECK(!share_key(&a, &b));
}

typedef struct mcase {
	const char *what;
	card a, b;
	ms_dd_outcome want;
	const char *why; /* a reason that must be given, or NULL */
} mcase;

static const mcase cases[] = {
	{"same card again", {0}, {0}, MS_DD_SAME_CARD, NULL}, /* a = b = yamada */
	{"OCR: name and email one character off",
	 {"山田 大郎", "やまだ たろう", "", "株式会社サンプル", NULL, "営業部",
	  "部長", "03-1234-5678", "", "taro.yarnada@sample.co.jp"},
	 {"山田 太郎", "やまだ たろう", "", "株式会社サンプル", NULL, "営業部",
	  "部長", "03-1234-5678", "", "taro.yamada@sample.co.jp"},
	 MS_DD_CHANGED, NULL},
	{"promotion: new title",
	 {"山田 太郎", "やまだ たろう", "", "株式会社サンプル", NULL, "営業部",
	  "取締役", "03-1234-5678", "090-1111-2222",
	  "taro.yamada@sample.co.jp"},
	 {"山田 太郎", "やまだ たろう", "", "株式会社サンプル", NULL, "営業部",
	  "部長", "03-1234-5678", "090-1111-2222",
	  "taro.yamada@sample.co.jp"},
	 MS_DD_CHANGED, NULL},
	{"job change keeping the mobile",
	 {"山田 太郎", "やまだ たろう", "", "ABC商事株式会社", NULL, "企画部",
	  "課長", "06-9999-0000", "090-1111-2222", "yamada@abc.co.jp"},
	 {"山田 太郎", "やまだ たろう", "", "株式会社サンプル", NULL, "営業部",
	  "部長", "03-1234-5678", "090-1111-2222",
	  "taro.yamada@sample.co.jp"},
	 MS_DD_CHANGED, NULL},
	{"same name at another company, nothing carried over: a namesake",
	 {"山田 太郎", "やまだ たろう", "", "ABC商事株式会社", NULL, "企画部",
	  "課長", "06-9999-0000", "", "yamada@abc.co.jp"},
	 {"山田 太郎", "やまだ たろう", "", "株式会社サンプル", NULL, "営業部",
	  "部長", "03-1234-5678", "", "taro.yamada@sample.co.jp"},
	 MS_DD_NEW, "no mobile or email carried over"},
	{"colleagues sharing info@ and the main line",
	 {"鈴木 一郎", "すずき いちろう", "", "株式会社サンプル", NULL, "営業部",
	  "", "03-1234-5678", "", "info@sample.co.jp"},
	 {"田中 花子", "たなか はなこ", "", "株式会社サンプル", NULL, "営業部",
	  "", "03-1234-5678", "", "info@sample.co.jp"},
	 MS_DD_NEW, NULL},
	{"father and son: same surname, same company and line",
	 {"山田 次郎", "やまだ じろう", "", "株式会社サンプル", NULL, "", "専務",
	  "03-1234-5678", "090-3333-4444", "jiro.yamada@sample.co.jp"},
	 {"山田 太郎", "やまだ たろう", "", "株式会社サンプル", NULL, "", "社長",
	  "03-1234-5678", "090-1111-2222", "taro.yamada@sample.co.jp"},
	 MS_DD_NEW, NULL},
	{"katakana and kanji forms of one company",
	 {"山田 太郎", "やまだ たろう", "", "ヤマダ電機株式会社", "ヤマダデンキ",
	  "", "", "", "", "taro.yamada@yamada.co.jp"},
	 {"山田 太郎", "やまだ たろう", "", "山田電機(株)", "やまだでんき", "",
	  "", "", "", "taro.yamada@yamada.co.jp"},
	 MS_DD_SAME_CARD, NULL},
	{"English back of a Japanese card",
	 {"Taro Yamada", "", "Taro Yamada", "Sample Inc.", NULL, "", "",
	  "+81-3-1234-5678", "", "t.yamada@sample.co.jp"},
	 {"山田 太郎", "やまだ たろう", "", "株式会社サンプル", NULL, "", "",
	  "03-1234-5678", "", "t.yamada@sample.co.jp"},
	 MS_DD_SAME_CARD, NULL},
	{"English card, email variant, no reading on the Japanese side",
	 {"Taro Yamada", "", "", "Sample Inc.", NULL, "", "", "", "",
	  "t.yamada@sample.co.jp"},
	 {"やまだ たろう", "", "", "株式会社サンプル", NULL, "", "", "", "",
	  "taro.yamada@sample.co.jp"},
	 MS_DD_POSSIBLE, NULL},
	{"same mobile, different name: flagged, not merged",
	 {"山田 花子", "やまだ はなこ", "", "", NULL, "", "", "", "090-1111-2222",
	  ""},
	 {"佐藤 花子", "さとう はなこ", "", "", NULL, "", "", "", "090-1111-2222",
	  ""},
	 MS_DD_POSSIBLE, NULL},
	{"colleagues told apart by the digits of their addresses",
	 {"後藤 舞", "", "", "千代田通信(株)", NULL, "", "", "03-1111-2222", "",
	  "m.goto34@chiyoda.co.jp"},
	 {"後藤 学", "", "", "千代田通信(株)", NULL, "", "", "03-1111-2222", "",
	  "m.goto33@chiyoda.co.jp"},
	 MS_DD_NEW, NULL},
	{"brothers told apart by their initials",
	 {"田中 達也", "たなか たつや", "", "若葉物産(株)", NULL, "", "",
	  "03-1111-2222", "", "t.tanaka@wakaba.co.jp"},
	 {"田中 和也", "たなか かずや", "", "若葉物産(株)", NULL, "", "",
	  "03-1111-2222", "", "k.tanaka@wakaba.co.jp"},
	 MS_DD_NEW, NULL},
	{"namesakes at one company, two personal addresses",
	 {"田中 花子", "たなか はなこ", "", "若葉物産(株)", NULL, "営業部", "",
	  "03-1111-2222", "", "h.tanaka@wakaba.co.jp"},
	 {"田中 花子", "たなか はなこ", "", "若葉物産(株)", NULL, "営業部", "",
	  "03-1111-2222", "", "tanaka11@wakaba.co.jp"},
	 MS_DD_NEW, "two personal addresses"},
	{"OCR error in the domain only",
	 {"佐藤 花子", "さとう はなこ", "", "ABC商事", NULL, "", "", "", "",
	  "h.sato@abc-shoji.co.jp"},
	 {"佐藤 花子", "さとう はなこ", "", "ABC商事", NULL, "", "", "", "",
	  "h.sato@abc-shojl.co.jp"},
	 MS_DD_CHANGED, NULL},
	{"strangers",
	 {"佐藤 花子", "さとう はなこ", "", "ABC商事", NULL, "", "",
	  "06-1111-2222", "", "h.sato@abc.jp"},
	 {"山田 太郎", "やまだ たろう", "", "株式会社サンプル", NULL, "", "",
	  "03-1234-5678", "", "taro.yamada@sample.co.jp"},
	 MS_DD_NEW, NULL},
	{"job change keeping the email name: flagged",
	 {"山田 太郎", "やまだ たろう", "", "ABC商事株式会社", NULL, "企画部",
	  "課長", "06-9999-0000", "", "yamada07@abc.co.jp"},
	 {"山田 太郎", "やまだ たろう", "", "株式会社サンプル", NULL, "営業部",
	  "部長", "03-1234-5678", "", "yamada07@sample.co.jp"},
	 MS_DD_POSSIBLE, "same email name at another domain"},
	{"namesakes at one company, one card without email: flagged",
	 {"田中 花子", "たなか はなこ", "", "若葉物産(株)", NULL, "営業部", "",
	  "03-1111-2222", "", "h.tanaka@wakaba.co.jp"},
	 {"田中 花子", "たなか はなこ", "", "若葉物産(株)", NULL, "営業部", "",
	  "03-1111-2222", "", ""},
	 MS_DD_POSSIBLE, "same company"},
	{"namesakes numbered apart by their company",
	 {"後藤 瞳", "ごとう ひとみ", "", "瑞穂興業(株)", NULL, "", "",
	  "03-1111-2222", "", "h.goto14@mizuho.co.jp"},
	 {"後藤 瞳", "ごとう ひとみ", "", "瑞穂興業(株)", NULL, "", "",
	  "03-1111-2222", "", "goto71@mizuho.co.jp"},
	 MS_DD_NEW, "namesakes"},
	{"same name and company, two mobiles, no email",
	 {"岡本 隆", "おかもと たかし", "", "未来電機(株)", NULL, "", "",
	  "03-1111-2222", "090-1111-2222", ""},
	 {"岡本 隆", "おかもと たかし", "", "未来電機(株)", NULL, "", "",
	  "03-1111-2222", "080-3333-4444", ""},
	 MS_DD_NEW, "two mobile numbers"},
	{"OCR: the initial misread, the number the same",
	 {"工藤 健", "くどう けん", "", "若葉物産(株)", NULL, "", "",
	  "03-1111-2222", "", "x.kudo46@wakaba.co.jp"},
	 {"工藤 健", "くどう けん", "", "若葉物産(株)", NULL, "", "",
	  "03-1111-2222", "", "k.kudo46@wakaba.co.jp"},
	 MS_DD_CHANGED, "name and company match, email differs by one"},
	{"OCR: a letter of the surname in the email misread",
	 {"鈴木 彩", "すずき あや", "", "青葉商事(株)", NULL, "", "",
	  "03-1111-2222", "", "aya.5uzuki@aoba.co.jp"},
	 {"鈴木 彩", "すずき あや", "", "青葉商事(株)", NULL, "", "",
	  "03-1111-2222", "", "aya.suzuki@aoba.co.jp"},
	 MS_DD_CHANGED, "email differs by one character"},
	{"English card with another address form, same mobile",
	 {"Taro Yamada", "", "Taro Yamada", "Sample Inc.", NULL, "", "",
	  "+81-3-1234-5678", "+81-90-1111-2222", "t.yamada07@sample.co.jp"},
	 {"山田 太郎", "やまだ たろう", "", "株式会社サンプル", NULL, "", "",
	  "03-1234-5678", "090-1111-2222", "taro.yamada@sample.co.jp"},
	 MS_DD_CHANGED, "same mobile number"},
	{"English card with a numbered address, no mobile: kept apart",
	 {"Taro Yamada", "", "Taro Yamada", "Sample Inc.", NULL, "", "",
	  "+81-3-1234-5678", "", "t.yamada07@sample.co.jp"},
	 {"山田 太郎", "やまだ たろう", "", "株式会社サンプル", NULL, "", "",
	  "03-1234-5678", "", "taro.yamada@sample.co.jp"},
	 MS_DD_NEW, "two personal addresses"},
	{"father and son at a family firm, both on info@ and the line",
	 {"山田 次郎", "やまだ じろう", "", "山田工務店(株)", NULL, "", "専務",
	  "03-1234-5678", "", "info@yamada-koumuten.co.jp"},
	 {"山田 太郎", "やまだ たろう", "", "山田工務店(株)", NULL, "", "社長",
	  "03-1234-5678", "", "info@yamada-koumuten.co.jp"},
	 MS_DD_NEW, "shared role address"},
	{"namesakes at one company: another department and title",
	 {"田中 花子", "たなか はなこ", "", "若葉物産(株)", NULL, "経理部",
	  "課長", "03-1111-2222", "", "h.tanaka@wakaba.co.jp"},
	 {"田中 花子", "たなか はなこ", "", "若葉物産(株)", NULL, "営業部",
	  "主任", "03-1111-2222", "", ""},
	 MS_DD_NEW, "another department and title"},
	{"an English namesake at another company, told by the domain",
	 {"Taro Yamada", "", "Taro Yamada", "Tokyo Trading Inc.", NULL, "", "",
	  "+81-3-9999-0000", "", "t.yamada12@tokyo-shoji.co.jp"},
	 {"山田 太郎", "やまだ たろう", "", "株式会社サンプル", NULL, "", "",
	  "03-1234-5678", "", "taro.yamada@sample.co.jp"},
	 MS_DD_NEW, "no mobile or email carried over"},
	{"two companies a syllable apart, their domains a letter apart",
	 {"菅原 理恵", "すがわら りえ", "", "信濃ムイ精機(株)", NULL, "", "",
	  "", "", "rie.sugawara@shinanomui-seiki.co.jp"},
	 {"菅原 理恵", "すがわら りえ", "", "信濃ミイ精機(株)", NULL, "", "",
	  "", "", "rie.sugawara@shinanomii-seiki.co.jp"},
	 MS_DD_POSSIBLE, "same email name at another domain"},
	{"name and email each one off: flagged, never merged",
	 {"竹内 恭子", "", "", "北海建設(株)", NULL, "", "", "03-1111-2222",
	  "", "takeuchi-kyoko@hokkai.co.jp"},
	 {"竹内 陽子", "たけうち ようこ", "", "北海建設(株)", NULL, "", "",
	  "03-1111-2222", "", "takeuchi-yoko@hokkai.co.jp"},
	 MS_DD_POSSIBLE, "name differs by one character"},
	{"OCR: a digit of the address misread, or a namesake's number",
	 {"吉田 恵子", "よしだ けいこ", "", "山田工業(株)", NULL, "", "",
	  "03-1111-2222", "", "yoshida81@yamada-kogyo.co.jp"},
	 {"吉田 恵子", "よしだ けいこ", "", "山田工業(株)", NULL, "", "",
	  "03-1111-2222", "", "yoshida01@yamada-kogyo.co.jp"},
	 MS_DD_POSSIBLE, "differs only in a digit"},
	{"namesakes: one address a whole word longer, the number the same",
	 {"武田 愛", "たけだ あい", "", "昭和製作所(株)", NULL, "", "",
	  "03-1111-2222", "", "a.takeda54@showa.co.jp"},
	 {"武田 愛", "たけだ あい", "", "昭和製作所(株)", NULL, "", "",
	  "03-1111-2222", "", "takeda54@showa.co.jp"},
	 MS_DD_POSSIBLE, "email of the same form"},
	{"OCR: a kanji of the name lost, the reading intact",
	 {"口 愛", "ヤマグチ アイ", "", "千代田商事(株)", NULL, "", "",
	  "03-1111-2222", "", ""},
	 {"山口 愛", "やまぐち あい", "", "千代田商事(株)", NULL, "", "",
	  "03-1111-2222", "", ""},
	 MS_DD_POSSIBLE, "same name reading"},
	{"a lost kanji does not explain another reading",
	 {"口 愛", "ヤマグチ マイ", "", "千代田商事(株)", NULL, "", "",
	  "03-1111-2222", "", ""},
	 {"山口 愛", "やまぐち あい", "", "千代田商事(株)", NULL, "", "",
	  "03-1111-2222", "", ""},
	 MS_DD_NEW, NULL},
	{"OCR: name one off, email name kept at a domain three off",
	 {"服部 健大", "", "", "平和建設(株)", NULL, "", "", "03-1111-2222",
	  "", "hattori05@heiwarnoi-kensetsu.co.jp"},
	 {"服部 健太", "", "", "平和建設(株)", NULL, "", "", "03-1111-2222",
	  "", "hattori05@heiwamai-kensetsu.co.jp"},
	 MS_DD_POSSIBLE, "same email name at another domain"},
};

static int has_reason(const ms_dd_match *m, const char *s)
{
	int i;

	for (i = 0; i < m->nreasons; i++)
		if (strstr(m->reasons[i], s))
			return 1;
	return 0;
}

static void test_match(void)
{
	ms_dd_norm a, b;
	ms_dd_match m;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const mcase *c = &cases[i];
		mk(i == 0 ? &yamada : &c->a, &a);
		mk(i == 0 ? &yamada : &c->b, &b);
		ms_dd_match_pair(&a, &b, &m);
		if (m.outcome != c->want) {
			int k;
			fprintf(stderr, "case \"%s\": %s (%.2f):", c->what,
				ms_dd_outcome_name(m.outcome), m.score);
			for (k = 0; k < m.nreasons; k++)
				fprintf(stderr, " [%s]", m.reasons[k]);
			fprintf(stderr, "\n");
		}
		CHECK_INT(m.outcome, c->want);
		CHECK(m.score >= 0 && m.score <= 1);
		CHECK(m.nreasons > 0);
		if (c->why && !has_reason(&m, c->why))
			fprintf(stderr, "case \"%s\": no reason \"%s\"\n",
				c->what, c->why);
		CHECK(!c->why || has_reason(&m, c->why));
	}

	/* How common the name is changes what an email name at another
	 * company means: made of the name alone, it links only where few
	 * leads share the name, and only where the printed names agree (an
	 * English card's romanised name is shared by every kanji spelling
	 * of it); with a number it always does. */
	{
		static const struct {
			const char *na, *ca, *ea, *nb, *eb;
			int namesakes;
			ms_dd_outcome want;
			const char *why;
		} t[] = {
			{"山田 太郎", "ABC商事株式会社", "taro.yamada@abc.co.jp",
			 "山田 太郎", "taro.yamada@sample.co.jp", 0,
			 MS_DD_POSSIBLE, "same email name at another domain"},
			{"山田 太郎", "ABC商事株式会社", "taro.yamada@abc.co.jp",
			 "山田 太郎", "taro.yamada@sample.co.jp",
			 MS_DD_COMMON_NAME - 1, MS_DD_POSSIBLE, NULL},
			{"山田 太郎", "ABC商事株式会社", "taro.yamada@abc.co.jp",
			 "山田 太郎", "taro.yamada@sample.co.jp",
			 MS_DD_COMMON_NAME, MS_DD_NEW, "common name"},
			{"山田 太郎", "ABC商事株式会社", "yamada07@abc.co.jp",
			 "山田 太郎", "yamada07@sample.co.jp", 500,
			 MS_DD_POSSIBLE, NULL},
			/* An English card against a Japanese lead. */
			{"Taro Yamada", "ABC Trading Inc.", "taro.yamada@abc.co.jp",
			 "山田 太郎", "taro.yamada@sample.co.jp", 0, MS_DD_NEW,
			 "agrees only romanised"},
			{"YAMADA Taro", "ABC Trading Inc.", "yamada-taro@abc.co.jp",
			 "山田 太郎", "yamada-taro@sample.co.jp", 0, MS_DD_NEW,
			 "agrees only romanised"},
			{"Taro Yamada", "ABC Trading Inc.", "yamada07@abc.co.jp",
			 "山田 太郎", "yamada07@sample.co.jp", 0, MS_DD_POSSIBLE,
			 "same email name at another domain"},
			/* Two English cards: the printed names agree. */
			{"Taro Yamada", "ABC Trading Inc.", "taro.yamada@abc.co.jp",
			 "Taro Yamada", "taro.yamada@sample.co.jp", 0,
			 MS_DD_POSSIBLE, "same email name at another domain"},
		};
		for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
			card x = {t[i].na, NULL, "", t[i].ca, NULL, "企画部",
				  "課長", "06-9999-0000", "", t[i].ea};
			card y = {t[i].nb, NULL, "", "株式会社サンプル", NULL,
				  "営業部", "部長", "03-1234-5678", "",
				  t[i].eb};
			/* Japanese names come with their reading. */
			if ((unsigned char)t[i].na[0] >= 0x80)
				x.reading = "やまだ たろう";
			if ((unsigned char)t[i].nb[0] >= 0x80)
				y.reading = "やまだ たろう";
			else
				y.company = "Sample Inc.";
			mk(&x, &a);
			mk(&y, &b);
			ms_dd_match_pair_ctx(&a, &b, t[i].namesakes, &m);
			if (m.outcome != t[i].want)
				fprintf(stderr, "email name case %zu: %s\n", i,
					ms_dd_outcome_name(m.outcome));
			CHECK_INT(m.outcome, t[i].want);
			CHECK(!t[i].why || has_reason(&m, t[i].why));
		}
	}

	/* The reasons a person reads. */
	mk(&cases[1].a, &a);
	mk(&cases[1].b, &b);
	ms_dd_match_pair(&a, &b, &m);
	CHECK(has_reason(&m, "name and company match, email differs by 2 "
			      "characters"));
	mk(&cases[4].a, &a);
	mk(&cases[4].b, &b);
	ms_dd_match_pair(&a, &b, &m);
	CHECK(!has_reason(&m, "possible job change"));
	mk(&cases[3].a, &a);
	mk(&cases[3].b, &b);
	ms_dd_match_pair(&a, &b, &m);
	CHECK(has_reason(&m, "same mobile number"));
	CHECK(m.changed & (1u << MS_F_COMPANY));
	CHECK(m.changed & (1u << MS_F_TITLE));
	mk(&cases[5].a, &a);
	mk(&cases[5].b, &b);
	ms_dd_match_pair(&a, &b, &m);
	CHECK(has_reason(&m, "shared role address"));
	mk(&cases[2].a, &a);
	mk(&cases[2].b, &b);
	ms_dd_match_pair(&a, &b, &m);
	CHECK_INT(m.changed, 1u << MS_F_TITLE);
}

static void test_import(void)
{
	static const char *const sf_head[] = {
		"FirstName", "LastName", "Company", "Title", "Email", "Phone",
		"MobilePhone", "Street", "City", "State", "PostalCode",
		"Country", "Website",
	};
	static const char *const sf_row[] = {
		"太郎", "山田", "株式会社サンプル", "部長",
		"taro.yamada@sample.co.jp", "03-1234-5678", "090-1111-2222",
		"丸の内1-1", "千代田区", "東京都", "100-0001", "Japan",
		"https://sample.co.jp",
	};
	static const char *const hs_head[] = {
		"First Name", "Last Name", "Company Name", "Job Title", "Email",
		"Phone Number", "Mobile Phone Number", "Fax Number",
		"Street Address", "City", "State/Region", "Postal Code",
		"Website URL",
	};
	static const char *const hs_row[] = {
		"Taro", "Yamada", "Sample Inc.", "Manager", "", "(415) 555-0100",
		"", "", "1 Main St", "San Francisco", "CA", "94105", "",
	};
	static const char *const me_head[] = {"name", "email", "bogus"};
	static const char *const no_name[] = {"", "", "Sample", "", "", "", "",
					       "", "", "", "", "", ""};
	static const char *const bad_utf8[] = {"\xff", "Y", "", "", "", "", "",
						"", "", "", "", "", ""};
	ms_dd_colmap m;
	ms_contact c;
	ms_err err;

	CHECK_INT(ms_dd_profile_by_name("salesforce"),
		  MS_DD_PROFILE_SALESFORCE);
	CHECK_INT(ms_dd_profile_by_name("hubspot"), MS_DD_PROFILE_HUBSPOT);
	CHECK_INT(ms_dd_profile_by_name("meishi"), MS_DD_PROFILE_MEISHI);
	CHECK_INT(ms_dd_profile_by_name("excel"), -1);

	CHECK_INT(ms_dd_colmap_new(MS_DD_PROFILE_SALESFORCE, sf_head, 13, &m,
				   &err),
		  MS_OK);
	CHECK_INT(ms_dd_row_contact(&m, sf_row, 13, &c, &err), MS_OK);
	CHECK_STR(c.v[MS_F_NAME], "山田 太郎");
	CHECK_STR(c.v[MS_F_FAMILY_NAME], "山田");
	CHECK_STR(c.v[MS_F_ADDRESS], "東京都 千代田区 丸の内1-1");
	CHECK_STR(c.v[MS_F_POSTAL_CODE], "100-0001");
	CHECK_STR(c.mobile_e164, "+819011112222");
	CHECK_STR(c.v[MS_F_URL], "https://sample.co.jp");

	CHECK_INT(ms_dd_colmap_new(MS_DD_PROFILE_HUBSPOT, hs_head, 13, &m,
				   &err),
		  MS_OK);
	CHECK_INT(ms_dd_row_contact(&m, hs_row, 13, &c, &err), MS_OK);
	CHECK_STR(c.v[MS_F_NAME], "Taro Yamada");
	CHECK_STR(c.v[MS_F_TITLE], "Manager");
	CHECK_STR(c.phone_e164, "+14155550100");
	CHECK_INT(ms_dd_row_contact(&m, no_name, 13, &c, &err),
		  MS_ERR_INVALID);
	CHECK(strstr(err.msg, "neither a name nor an email") != NULL);
	CHECK_INT(ms_dd_row_contact(&m, bad_utf8, 13, &c, &err),
		  MS_ERR_INVALID);
	CHECK(strstr(err.msg, "UTF-8") != NULL);

	/* A HubSpot file read as Salesforce has no name column. */
	CHECK_INT(ms_dd_colmap_new(MS_DD_PROFILE_SALESFORCE, hs_head + 5, 8,
				   &m, &err),
		  MS_ERR_FORMAT);
	CHECK_INT(ms_dd_colmap_new(MS_DD_PROFILE_MEISHI, me_head, 3, &m, &err),
		  MS_OK);
	CHECK_INT(m.col[0], MS_F_NAME);
	CHECK_INT(m.col[2], -1);
}

int main(void)
{
	test_email();
	test_phone();
	test_name();
	test_company();
	test_distance();
	test_keys();
	test_match();
	test_import();
	return t_done();
}
