/*
 * libFuzzer target for the contact parser: arbitrary bytes are parsed as
 * JSON (as a PATCH body or a truth file arrives) and read into a contact
 * with ms_contact_from_json, which must refuse non-strings and oversized
 * values; an accepted contact is written back out with ms_contact_to_json
 * and every field must then be within its limit.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "meishi/contact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t je;
	json_t *in, *out;
	ms_contact c;
	ms_err err;
	int f;

	in = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	if (!in)
		return 0;
	if (ms_contact_from_json(in, &c, &err) == MS_OK) {
		for (f = 0; f < MS_F_COUNT; f++)
			if (strlen(c.v[f]) >= MS_MAX_FIELD_BYTES)
				abort();
		out = ms_contact_to_json(&c);
		if (!out)
			abort();
		for (f = 0; f < MS_F_COUNT; f++)
			if (!json_is_string(json_object_get(out, ms_field_keys[f])))
				abort();
		json_decref(out);
	}
	json_decref(in);
	return 0;
}
