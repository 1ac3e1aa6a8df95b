/*
 * libFuzzer target for src/export: arbitrary bytes become the fields of a
 * lead (split at NUL bytes, invalid UTF-8 kept as the store would never
 * hold it but export must not trip on it), which are mapped to Salesforce
 * and HubSpot, written as CSV and as vCard 4.0. Checks that every vCard
 * line stays within 75 octets.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "meishi/export.h"
#include "meishi/text.h"

static const char *const keys[] = {
	"name", "family_name", "given_name", "name_reading", "name_latin",
	"company", "department", "title", "postal_code", "address", "phone",
	"fax", "mobile", "email", "url",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *fields = json_object(), *lead;
	size_t i = 0, k = 0, start = 0;
	ms_buf b;
	char st[256], ci[256], sr[256];

	if (size > 4096)
		return 0;
	for (i = 0; i <= size && k < sizeof(keys) / sizeof(keys[0]); i++) {
		if (i == size || data[i] == 0) {
			size_t n = i - start;
			char *v = malloc(n + 1);

			memcpy(v, data + start, n);
			v[n] = '\0';
			/* The store only ever holds valid UTF-8. */
			if (ms_utf8_valid(v, n) && n < 256)
				json_object_set_new(fields, keys[k],
						    json_string(v));
			if (k == 9 && ms_utf8_valid(v, n))
				ms_export_split_address(v, st, ci, sr,
							sizeof(st));
			free(v);
			k++;
			start = i + 1;
		}
	}
	lead = json_pack("{s:i, s:i, s:s, s:o}", "id", 1, "version", 1,
			 "event", "", "fields", fields);
	ms_buf_init(&b, 1 << 20);
	if (ms_export_csv_header(MS_PROFILE_SALESFORCE, &b) ||
	    ms_export_csv_row(MS_PROFILE_SALESFORCE, lead, &b) ||
	    ms_export_csv_row(MS_PROFILE_HUBSPOT, lead, &b))
		abort();
	ms_buf_reset(&b);
	if (ms_export_vcard(lead, &b))
		abort();
	{
		const char *p = b.data, *nl;

		while (p && *p) {
			nl = strstr(p, "\r\n");
			if (!nl || nl - p > 75)
				abort();
			p = nl + 2;
		}
	}
	json_decref(ms_export_map(MS_PROFILE_SALESFORCE, lead));
	ms_buf_free(&b);
	json_decref(lead);
	return 0;
}
