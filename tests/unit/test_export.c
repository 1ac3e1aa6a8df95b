/*
 * Unit tests for src/export: Japanese address splitting, the Salesforce
 * and HubSpot mappings, CSV quoting and formula guards, and vCard 4.0
 * escaping and folding.
 */
#include <stdlib.h>

#include "meishi/export.h"
#include "t.h"

static void test_address(void)
{
	static const struct {
		const char *in, *state, *city, *street;
	} cases[] = {
		{"東京都千代田区丸の内1-2-3", "東京都", "千代田区", "丸の内1-2-3"},
		{"〒100-0005 東京都千代田区丸の内1-2-3", "東京都", "千代田区",
		 "丸の内1-2-3"},
		{"神奈川県横浜市中区本町1-1", "神奈川県", "横浜市中区", "本町1-1"},
		{"大阪府大阪市北区梅田3-1", "大阪府", "大阪市北区", "梅田3-1"},
		{"北海道札幌市中央区北1条西2丁目", "北海道", "札幌市中央区",
		 "北1条西2丁目"},
		{"長野県北佐久郡軽井沢町長倉", "長野県", "北佐久郡軽井沢町", "長倉"},
		{"京都府京都市左京区", "京都府", "京都市左京区", ""},
		{"1 Infinite Loop, Cupertino", "", "", "1 Infinite Loop, Cupertino"},
		{"", "", "", ""},
	};
	char st[256], ci[256], sr[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ms_export_split_address(cases[i].in, st, ci, sr, sizeof(st));
		CHECK_STR(st, cases[i].state);
		CHECK_STR(ci, cases[i].city);
		CHECK_STR(sr, cases[i].street);
	}
}

static json_t *lead(const char *fields)
{
	json_t *f = json_loads(fields, 0, NULL);

	return json_pack("{s:i, s:i, s:s, s:o}", "id", 7, "version", 3,
			 "event", "", "fields", f);
}

static void test_mapping(void)
{
	json_t *l = lead("{\"name\":\"John Smith\",\"email\":\"j@x.com\","
			 "\"department\":\"Sales\",\"title\":\"VP\"}");
	json_t *sf = ms_export_map(MS_PROFILE_SALESFORCE, l);
	json_t *hs = ms_export_map(MS_PROFILE_HUBSPOT, l);

	CHECK_STR(json_string_value(json_object_get(sf, "LastName")), "Smith");
	CHECK_STR(json_string_value(json_object_get(sf, "FirstName")), "John");
	CHECK_STR(json_string_value(json_object_get(sf, "Company")),
		  "[not provided]");
	CHECK_STR(json_string_value(json_object_get(sf, "LeadSource")),
		  "Business Card");
	CHECK_STR(json_string_value(json_object_get(sf, "Country")), "");
	CHECK_STR(json_string_value(json_object_get(hs, "jobtitle")),
		  "Sales VP");
	CHECK_STR(json_string_value(json_object_get(hs, "company")), "");
	json_decref(sf);
	json_decref(hs);
	json_decref(l);
	l = lead("{\"name\":\"山田 太郎\",\"postal_code\":\"〒100-0005\"}");
	sf = ms_export_map(MS_PROFILE_SALESFORCE, l);
	CHECK_STR(json_string_value(json_object_get(sf, "LastName")), "山田");
	CHECK_STR(json_string_value(json_object_get(sf, "FirstName")), "太郎");
	CHECK_STR(json_string_value(json_object_get(sf, "PostalCode")),
		  "100-0005");
	CHECK_STR(json_string_value(json_object_get(sf, "Country")), "Japan");
	json_decref(sf);
	json_decref(l);
}

static void test_csv(void)
{
	static const struct {
		const char *company, *want; /* the Company cell */
	} cases[] = {
		{"Plain", "Plain"},
		{"A, B & C", "\"A, B & C\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""},
		{"@SUM(A1)", "\"'@SUM(A1)\""},
		{"-2+3", "\"'-2+3\""},
		{"two\nlines", "\"two\nlines\""},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *f = json_pack("{s:s, s:s, s:s}", "family_name", "X",
				      "company", cases[i].company, "phone",
				      "+81 3-1234-5678");
		json_t *l = json_pack("{s:i, s:s, s:o}", "id", 1, "event", "",
				      "fields", f);
		ms_buf b;
		char want[256];

		ms_buf_init(&b, 4096);
		CHECK_INT(ms_export_csv_row(MS_PROFILE_SALESFORCE, l, &b),
			  MS_OK);
		snprintf(want, sizeof(want), "X,,%s,,,+81 3-1234-5678,",
			 cases[i].want);
		CHECK(b.data && strncmp(b.data, want, strlen(want)) == 0);
		if (b.data && strncmp(b.data, want, strlen(want)))
			fprintf(stderr, "got  %s\nwant %s\n", b.data, want);
		CHECK(b.data && strstr(b.data, "\r\n") != NULL);
		ms_buf_free(&b);
		json_decref(l);
	}
}

static void test_vcard(void)
{
	json_t *l = lead("{\"family_name\":\"山田\",\"given_name\":\"太郎\","
			 "\"name\":\"山田 太郎\",\"name_reading\":\"やまだ　たろう\","
			 "\"company\":\"A;B,C\",\"department\":\"営業部\","
			 "\"mobile\":\"090-1111-2222\","
			 "\"address\":\"東京都千代田区丸の内一丁目一番一号"
			 "東京駅前ビルディング二十三階\","
			 "\"e164\":{\"mobile\":\"+819011112222\"}}");
	ms_buf b;
	char *line, *save = NULL, *copy;

	ms_buf_init(&b, 65536);
	CHECK_INT(ms_export_vcard(l, &b), MS_OK);
	CHECK(strstr(b.data, "BEGIN:VCARD\r\nVERSION:4.0\r\n") == b.data);
	CHECK(strstr(b.data, "ORG:A\\;B\\,C;営業部\r\n") != NULL);
	CHECK(strstr(b.data, "X-PHONETIC-LAST-NAME:やまだ\r\n") != NULL);
	CHECK(strstr(b.data, "X-PHONETIC-FIRST-NAME:たろう\r\n") != NULL);
	CHECK(strstr(b.data, "N;SORT-AS=\"やまだ,たろう\":山田;太郎;;;") != NULL);
	CHECK(strstr(b.data, "TEL;VALUE=uri;TYPE=\"cell,voice\":"
			     "tel:+819011112222") != NULL);
	CHECK(strstr(b.data, "END:VCARD\r\n") != NULL);
	/* Every physical line is at most 75 octets and breaks no UTF-8. */
	copy = strdup(b.data);
	for (line = copy; line && *line; line = save) {
		size_t n;

		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		n = strlen(line);
		if (n && line[n - 1] == '\r')
			n--;
		CHECK(n <= 75);
		CHECK((line[0] & 0xC0) != 0x80 || line[0] == ' ');
		if (line[0] == ' ')
			CHECK((line[1] & 0xC0) != 0x80);
	}
	free(copy);
	ms_buf_free(&b);
	json_decref(l);
}

int main(void)
{
	test_address();
	test_mapping();
	test_csv();
	test_vcard();
	return t_done();
}
