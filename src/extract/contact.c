/*
 * The contact record (meishi/contact.h): field keys, and conversion to and
 * from JSON.
 */
#include <string.h>

#include "meishi/contact.h"
#include "meishi/text.h"

const char *const ms_field_keys[MS_F_COUNT] = {
	"name",    "family_name", "given_name", "name_reading",
	"name_latin", "company",  "department", "title",
	"postal_code", "address", "phone",      "fax",
	"mobile",  "email",       "url",
};

int ms_field_by_key(const char *key)
{
	int i;

	for (i = 0; i < MS_F_COUNT; i++)
		if (strcmp(ms_field_keys[i], key) == 0)
			return i;
	return -1;
}

void ms_contact_init(ms_contact *c)
{
	memset(c, 0, sizeof(*c));
}

json_t *ms_contact_to_json(const ms_contact *c)
{
	json_t *o = json_object(), *conf = json_object(), *boxes = json_object();
	json_t *e164 = json_object(), *review = json_array();
	int i;

	if (!o || !conf || !boxes || !e164 || !review)
		goto fail;
	for (i = 0; i < MS_F_COUNT; i++) {
		const ms_box *b = &c->box[i];
		json_object_set_new(o, ms_field_keys[i], json_string(c->v[i]));
		json_object_set_new(conf, ms_field_keys[i],
				    json_real(c->v[i][0] ? c->conf[i] : 0.0));
		if (c->v[i][0] && b->w > 0 && b->h > 0)
			json_object_set_new(boxes, ms_field_keys[i],
					    json_pack("[iiii]", b->x, b->y,
						      b->w, b->h));
		if (c->review & (1u << i))
			json_array_append_new(review,
					      json_string(ms_field_keys[i]));
	}
	json_object_set_new(e164, "phone", json_string(c->phone_e164));
	json_object_set_new(e164, "fax", json_string(c->fax_e164));
	json_object_set_new(e164, "mobile", json_string(c->mobile_e164));
	json_object_set_new(o, "name_reading_source",
			    json_string(c->name_reading_source));
	json_object_set_new(o, "confidence", conf);
	json_object_set_new(o, "boxes", boxes);
	json_object_set_new(o, "e164", e164);
	json_object_set_new(o, "review", review);
	return o;
fail:
	json_decref(o);
	json_decref(conf);
	json_decref(boxes);
	json_decref(e164);
	json_decref(review);
	return NULL;
}

ms_rc ms_contact_from_json(const json_t *obj, ms_contact *c, ms_err *err)
{
	int i;

	ms_contact_init(c);
	if (!json_is_object(obj))
		return ms_err_set(err, MS_ERR_INVALID, "expected a JSON object");
	for (i = 0; i < MS_F_COUNT; i++) {
		json_t *v = json_object_get(obj, ms_field_keys[i]);
		const char *s;
		if (!v || json_is_null(v))
			continue;
		if (!json_is_string(v))
			return ms_err_set(err, MS_ERR_INVALID,
					  "field %s must be a string",
					  ms_field_keys[i]);
		s = json_string_value(v);
		if (strlen(s) >= MS_MAX_FIELD_BYTES)
			return ms_err_set(err, MS_ERR_TOO_BIG,
					  "field %s is longer than %d bytes",
					  ms_field_keys[i],
					  MS_MAX_FIELD_BYTES - 1);
		ms_strlcpy_utf8(c->v[i], s, sizeof(c->v[i]));
	}
	return MS_OK;
}
