/*
 * Export formats for approved leads: the mappings to Salesforce Lead
 * fields and HubSpot contact properties, CSV files those tools import as
 * they are, and vCard 4.0.
 *
 * Every function reads a lead as the store returns it ({"id", "version",
 * "event", "fields": {...}, ...}) and appends to a capped ms_buf.
 */
#ifndef MEISHI_EXPORT_H
#define MEISHI_EXPORT_H

#include <jansson.h>

#include "meishi/buf.h"
#include "meishi/err.h"

typedef enum ms_profile {
	MS_PROFILE_SALESFORCE = 0,
	MS_PROFILE_HUBSPOT
} ms_profile;

/* 0 and *p for "salesforce" or "hubspot", -1 otherwise. */
int ms_export_profile(const char *name, ms_profile *p);

/* The lead as an object keyed by the profile's field names (Salesforce
 * API names, HubSpot internal property names). New reference. */
json_t *ms_export_map(ms_profile p, const json_t *lead);

/* The same mapping as JSON object text appended to out. */
ms_rc ms_export_map_text(ms_profile p, const json_t *lead,
			 ms_buf *out) MS_WUR;

/* The body of one feed item after its header: `,"lead":LEAD,
 * "salesforce":{...},"hubspot":{...}`, from the lead's JSON text as the
 * store builds it. The store keeps this text with each change, rendered
 * once when the change commits, so that reading a feed page is a copy. */
ms_rc ms_export_feed_body(const char *lead_json, ms_buf *out) MS_WUR;

/* Appends s as a JSON string (quoted, escaped); s is valid UTF-8. */
ms_rc ms_export_json_string(ms_buf *out, const char *s) MS_WUR;

/* The CSV header row and one row per lead (RFC 4180, CRLF, UTF-8). */
ms_rc ms_export_csv_header(ms_profile p, ms_buf *out) MS_WUR;
ms_rc ms_export_csv_row(ms_profile p, const json_t *lead,
			ms_buf *out) MS_WUR;

/* One vCard 4.0 (RFC 6350), lines folded at 75 octets. */
ms_rc ms_export_vcard(const json_t *lead, ms_buf *out) MS_WUR;

/* Splits a Japanese address into prefecture, city and the rest (each cap
 * bytes). Non-Japanese addresses go whole into street. */
void ms_export_split_address(const char *addr, char *state, char *city,
			     char *street, size_t cap);

#endif /* MEISHI_EXPORT_H */
