/*
 * libFuzzer target for field extraction: the input is split into lines at
 * '\n', each line gets a box and a confidence derived from its bytes, and
 * the contact that comes out must be valid UTF-8 within the field limits,
 * in the struct and in its JSON.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "meishi/contact.h"
#include "meishi/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ms_extractor *X;

static void check_str(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n >= cap || !ms_utf8_valid(s, n))
		abort();
}

static void check_json(json_t *v)
{
	const char *key;
	json_t *val;
	size_t i;

	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (!ms_utf8_valid(s, strlen(s)) ||
		    strlen(s) >= MS_MAX_FIELD_BYTES)
			abort();
	} else if (json_is_object(v)) {
		json_object_foreach(v, key, val) check_json(val);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, val) check_json(val);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ms_lines ls;
	ms_contact c;
	size_t i = 0, start = 0;
	json_t *o;
	int f;

	if (!X) {
		ms_err err;
		if (ms_extractor_new(NULL, &X, &err) != MS_OK)
			abort();
	}
	ms_lines_init(&ls);
	while (start <= size && ls.n < MS_MAX_LINES) {
		char text[MS_MAX_LINE_BYTES];
		size_t end = start, n;
		unsigned h = 0;
		ms_box b;
		while (end < size && data[end] != '\n')
			end++;
		n = end - start;
		if (n >= sizeof(text))
			n = sizeof(text) - 1;
		memcpy(text, data + start, n);
		text[n] = '\0'; /* embedded NULs just cut the line short */
		for (i = 0; i < n; i++)
			h = h * 31u + data[start + i];
		b.x = (int)(h % 1100u);
		b.y = (int)((unsigned)ls.n * 37u % 700u);
		b.w = (int)(n * 9u % 1100u);
		b.h = (int)(h / 7u % 120u) - 10;
		if (ms_lines_add(&ls, text, b, (float)(h % 101u) / 100.0f,
		                 (int)(h & 1u)) != MS_OK)
			break;
		if (end >= size)
			break;
		start = end + 1;
	}
	if (ms_extract(X, &ls, &c) != MS_OK)
		abort();
	for (f = 0; f < MS_F_COUNT; f++)
		check_str(c.v[f], sizeof(c.v[f]));
	check_str(c.phone_e164, sizeof(c.phone_e164));
	check_str(c.fax_e164, sizeof(c.fax_e164));
	check_str(c.mobile_e164, sizeof(c.mobile_e164));
	check_str(c.name_reading_source, sizeof(c.name_reading_source));
	o = ms_contact_to_json(&c);
	if (o) {
		check_json(o);
		json_decref(o);
	}
	ms_lines_free(&ls);
	return 0;
}
