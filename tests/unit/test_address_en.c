/*
 * Unit tests for English address parts (src/extract/address_en.c): US
 * states and ZIP codes, the city/state/ZIP line, UK postcodes by the Royal
 * Mail rules, and Suite/Floor/Unit words, with OCR-style near misses.
 */
#include "meishi/address_en.h"
#include "t.h"

static void test_us(void)
{
	static const struct {
		const char *s, *code;
	} st[] = {
		{"CA", "CA"}, {"ny", "NY"}, {"California", "CA"},
		{"new york", "NY"}, {"D.C.", NULL}, {"DC", "DC"},
		{"XX", NULL}, {"Cal", NULL},
	};
	static const struct {
		const char *line, *city, *state, *zip;
	} pl[] = {
		{"San Francisco, CA 94105", "San Francisco", "CA", "94105"},
		{"New York, NY 10001-1234", "New York", "NY", "10001-1234"},
		{"Austin Texas 78701", "Austin", "TX", "78701"},
		{"Portland, OR 9720", NULL, NULL, NULL},   /* 4 digits */
		{"Portland, QQ 97201", NULL, NULL, NULL},  /* no such state */
		{"Tel 415 555 0100", NULL, NULL, NULL},
	};
	char code[3];
	ms_us_place p;
	size_t i;

	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++) {
		CHECK_INT(ms_us_state(st[i].s, code), st[i].code != NULL);
		if (st[i].code)
			CHECK_STR(code, st[i].code);
	}
	CHECK(ms_us_zip_valid("94105"));
	CHECK(ms_us_zip_valid("94105-1234"));
	CHECK(!ms_us_zip_valid("9410"));
	CHECK(!ms_us_zip_valid("94105-123"));
	CHECK(!ms_us_zip_valid("9410S"));
	for (i = 0; i < sizeof(pl) / sizeof(pl[0]); i++) {
		CHECK_INT(ms_us_place_parse(pl[i].line, &p),
			  pl[i].city != NULL);
		if (pl[i].city) {
			CHECK_STR(p.city, pl[i].city);
			CHECK_STR(p.state, pl[i].state);
			CHECK_STR(p.zip, pl[i].zip);
		}
	}
}

static void test_uk(void)
{
	static const struct {
		const char *s, *want;
	} cases[] = {
		{"SW1A 1AA", "SW1A 1AA"}, {"sw1a1aa", "SW1A 1AA"},
		{"EC1A 1BB", "EC1A 1BB"}, {"W1A 0AX", "W1A 0AX"},
		{"M1 1AE", "M1 1AE"},     {"B33 8TH", "B33 8TH"},
		{"CR2 6XH", "CR2 6XH"},   {"DN55 1PT", "DN55 1PT"},
		{"GIR 0AA", "GIR 0AA"},
		{"SW1A 1AI", NULL}, /* I is not used in the inward code */
		{"QW1 1AA", NULL},  /* Q does not start a postcode */
		{"SW1A IAA", NULL}, /* OCR: I for 1 */
		{"12345", NULL},    {"", NULL},
	};
	char out[16];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(ms_uk_postcode(cases[i].s, out, sizeof(out)),
			  cases[i].want != NULL);
		if (cases[i].want)
			CHECK_STR(out, cases[i].want);
	}
	CHECK(ms_uk_postcode_find("10 Downing Street, London SW1A 2AA", out,
				  sizeof(out)));
	CHECK_STR(out, "SW1A 2AA");
	CHECK(!ms_uk_postcode_find("Tel +44 20 7946 0000", out, sizeof(out)));
}

static void test_units(void)
{
	static const struct {
		const char *line, *kind, *value;
	} cases[] = {
		{"100 Main St, Suite 400", "suite", "400"},
		{"100 Main St. Ste. 400", "suite", "400"},
		{"100 Main St #400", "suite", "400"},
		{"12th Floor, 1 Market St", "floor", "12"},
		{"Fl. 3, 200 Park Ave", "floor", "3"},
		{"Unit B, Harbour Estate", "unit", "B"},
		{"Room 5", "room", "5"},
		{"Sweet Floors Ltd", NULL, NULL},
		{"Suite of products", NULL, NULL},
	};
	ms_en_unit u;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(ms_en_unit_find(cases[i].line, &u),
			  cases[i].kind != NULL);
		if (cases[i].kind) {
			CHECK_STR(u.kind, cases[i].kind);
			CHECK_STR(u.value, cases[i].value);
		}
	}
}

int main(void)
{
	test_us();
	test_uk();
	test_units();
	return t_done();
}
