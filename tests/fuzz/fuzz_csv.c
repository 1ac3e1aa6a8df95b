/*
 * libFuzzer target for the CSV reader and the import profiles: any bytes
 * are read record by record; the first record is taken as a Salesforce
 * header and every later record is turned into a contact and normalised,
 * with its blocking keys listed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "meishi/csv.h"
#include "meishi/dedupe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ms_dd_keys keys;
	ms_csv *r;
	const char *const *f;
	ms_dd_colmap map;
	ms_contact c;
	ms_dd_norm n;
	ms_err err;
	int nf, have_map = 0, rows = 0;
	ms_rc rc;

	if (ms_csv_new((const char *)data, size, &r) != MS_OK)
		return 0;
	while ((rc = ms_csv_next(r, &f, &nf, &err)) != MS_ERR_NOTFOUND &&
	       rc != MS_ERR_CORRUPT && rows++ < 1000) {
		if (rc != MS_OK)
			continue;
		if (!have_map) {
			have_map = ms_dd_colmap_new(MS_DD_PROFILE_SALESFORCE, f,
						    nf, &map, &err) == MS_OK;
			if (!have_map)
				break;
			continue;
		}
		if (ms_dd_row_contact(&map, f, nf, &c, &err) != MS_OK)
			continue;
		ms_dd_norm_contact(&c, NULL, &n);
		ms_dd_keys_of(&n, &keys);
	}
	ms_csv_free(r);
	return 0;
}
