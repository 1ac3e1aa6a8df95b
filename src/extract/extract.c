/*
 * Field extraction (meishi/contact.h).
 *
 * PLACEHOLDER: finds nothing. To be replaced by the real extractor.
 */
#include <stdlib.h>

#include "meishi/contact.h"

struct ms_extractor {
	int unused;
};

ms_rc ms_extractor_new(const char *models_dir, ms_extractor **out,
		       ms_err *err)
{
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	return MS_OK;
}

void ms_extractor_free(ms_extractor *x)
{
	free(x);
}

ms_rc ms_extract(ms_extractor *x, const ms_lines *lines, ms_contact *c)
{
	ms_contact_init(c);
	return MS_OK;
}
