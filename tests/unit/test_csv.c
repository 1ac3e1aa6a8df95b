/*
 * Unit tests of the CSV reader: RFC 4180 quoting, line ends, the BOM, and
 * records over a limit, which are reported and skipped without losing the
 * records after them.
 */
#include <stdlib.h>
#include <string.h>

#include "meishi/csv.h"
#include "meishi/limits.h"
#include "t.h"

/* Reads data and joins every record as "f1|f2;" into out ("!" for a
 * skipped record, "X" for a corrupt end). */
static void read_all(const char *data, size_t len, char *out, size_t cap)
{
	ms_csv *r;
	const char *const *f;
	int n, i;
	ms_rc rc;
	ms_err err;

	out[0] = '\0';
	if (ms_csv_new(data, len, &r) != MS_OK)
		return;
	while ((rc = ms_csv_next(r, &f, &n, &err)) != MS_ERR_NOTFOUND) {
		if (rc == MS_ERR_CORRUPT) {
			strncat(out, "X", cap - strlen(out) - 1);
			break;
		}
		if (rc != MS_OK) {
			strncat(out, "!;", cap - strlen(out) - 1);
			continue;
		}
		for (i = 0; i < n; i++) {
			if (i)
				strncat(out, "|", cap - strlen(out) - 1);
			strncat(out, f[i], cap - strlen(out) - 1);
		}
		strncat(out, ";", cap - strlen(out) - 1);
	}
	ms_csv_free(r);
}

static void test_table(void)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{"a,b,c\n1,2,3\n", "a|b|c;1|2|3;"},
		{"a,b\r\n1,2\r\n", "a|b;1|2;"},
		{"a,b\n1,2", "a|b;1|2;"},
		{"\xEF\xBB\xBFname,email\n", "name|email;"},
		{"\"a,b\",c\n", "a,b|c;"},
		{"\"say \"\"hi\"\"\",x\n", "say \"hi\"|x;"},
		{"\"line1\nline2\",x\n", "line1\nline2|x;"},
		{"\"crlf\r\ninside\",x\r\n", "crlf\r\ninside|x;"},
		{",,\n", "||;"},
		{"a\n\nb\n", "a;;b;"},
		{"\"\"\n", ";"},
		{"a\"b,c\n", "a\"b|c;"},
		{"山田,太郎\n", "山田|太郎;"},
		{"\"open,x\n", "X"},
	};
	char out[512];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		read_all(t[i].in, strlen(t[i].in), out, sizeof(out));
		CHECK_STR(out, t[i].want);
	}
}

static void test_limits(void)
{
	size_t big = MS_CSV_MAX_FIELD_BYTES + 10, i, len;
	char *data = malloc(big + 64), out[512];
	ms_csv *r;
	const char *const *f;
	int n;
	ms_err err;

	/* A field over the limit: that record is skipped, the next read. */
	len = 0;
	memcpy(data, "a,b\n", 4), len += 4;
	for (i = 0; i < big; i++)
		data[len++] = 'x';
	memcpy(data + len, "\nc,d\n", 5), len += 5;
	read_all(data, len, out, sizeof(out));
	CHECK_STR(out, "a|b;!;c|d;");
	CHECK(ms_csv_new(data, len, &r) == MS_OK);
	CHECK(ms_csv_next(r, &f, &n, &err) == MS_OK);
	CHECK_INT(ms_csv_next(r, &f, &n, &err), MS_ERR_TOO_BIG);
	CHECK(strstr(err.msg, "line 2") != NULL);
	CHECK_INT(ms_csv_next(r, &f, &n, &err), MS_OK);
	CHECK_INT(ms_csv_line(r), 3);
	ms_csv_free(r);
	free(data);

	/* Too many columns. */
	data = malloc(MS_CSV_MAX_COLS * 2 + 16);
	len = 0;
	for (i = 0; i < MS_CSV_MAX_COLS + 1; i++)
		data[len++] = 'x', data[len++] = ',';
	data[len - 1] = '\n';
	memcpy(data + len, "ok\n", 3), len += 3;
	read_all(data, len, out, sizeof(out));
	CHECK_STR(out, "!;ok;");
	free(data);
}

int main(void)
{
	test_table();
	test_limits();
	return t_done();
}
