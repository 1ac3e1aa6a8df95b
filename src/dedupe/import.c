/*
 * CSV import profiles (meishi/dedupe.h): the header names of a Salesforce
 * or HubSpot export, or of Meishi's own, mapped to contact fields, and the
 * checks that decide whether a row can become a contact.
 *
 * Salesforce is matched on both its API names (FirstName, MobilePhone) and
 * the labels of its report exports (First Name, Mobile). Address parts are
 * joined in Japanese order (state, city, street), the order of a card.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "meishi/dedupe.h"
#include "meishi/text.h"

/* Address parts: order within the composed address. */
enum { A_STATE = 0, A_CITY, A_STREET, A_PARTS };

typedef struct colname {
	const char *name;
	int field;
	int order;
} colname;

static const colname sf_cols[] = {
	{"FirstName", MS_F_GIVEN_NAME, 0},
	{"First Name", MS_F_GIVEN_NAME, 0},
	{"FirstNameLocal", MS_F_GIVEN_NAME, 0},
	{"LastName", MS_F_FAMILY_NAME, 0},
	{"Last Name", MS_F_FAMILY_NAME, 0},
	{"LastNameLocal", MS_F_FAMILY_NAME, 0},
	{"Name", MS_F_NAME, 0},
	{"Full Name", MS_F_NAME, 0},
	{"Company", MS_F_COMPANY, 0},
	{"Account Name", MS_F_COMPANY, 0},
	{"AccountName", MS_F_COMPANY, 0},
	{"Title", MS_F_TITLE, 0},
	{"Department", MS_F_DEPARTMENT, 0},
	{"Email", MS_F_EMAIL, 0},
	{"Phone", MS_F_PHONE, 0},
	{"Business Phone", MS_F_PHONE, 0},
	{"MobilePhone", MS_F_MOBILE, 0},
	{"Mobile", MS_F_MOBILE, 0},
	{"Mobile Phone", MS_F_MOBILE, 0},
	{"Fax", MS_F_FAX, 0},
	{"Street", MS_F_ADDRESS, A_STREET},
	{"MailingStreet", MS_F_ADDRESS, A_STREET},
	{"Mailing Street", MS_F_ADDRESS, A_STREET},
	{"City", MS_F_ADDRESS, A_CITY},
	{"MailingCity", MS_F_ADDRESS, A_CITY},
	{"Mailing City", MS_F_ADDRESS, A_CITY},
	{"State", MS_F_ADDRESS, A_STATE},
	{"State/Province", MS_F_ADDRESS, A_STATE},
	{"MailingState", MS_F_ADDRESS, A_STATE},
	{"Mailing State/Province", MS_F_ADDRESS, A_STATE},
	{"PostalCode", MS_F_POSTAL_CODE, 0},
	{"Zip/Postal Code", MS_F_POSTAL_CODE, 0},
	{"MailingPostalCode", MS_F_POSTAL_CODE, 0},
	{"Mailing Zip/Postal Code", MS_F_POSTAL_CODE, 0},
	{"Website", MS_F_URL, 0},
	{NULL, 0, 0},
};

static const colname hs_cols[] = {
	{"First Name", MS_F_GIVEN_NAME, 0},
	{"Last Name", MS_F_FAMILY_NAME, 0},
	{"Company Name", MS_F_COMPANY, 0},
	{"Company", MS_F_COMPANY, 0},
	{"Job Title", MS_F_TITLE, 0},
	{"Department", MS_F_DEPARTMENT, 0},
	{"Email", MS_F_EMAIL, 0},
	{"Phone Number", MS_F_PHONE, 0},
	{"Mobile Phone Number", MS_F_MOBILE, 0},
	{"Fax Number", MS_F_FAX, 0},
	{"Street Address", MS_F_ADDRESS, A_STREET},
	{"City", MS_F_ADDRESS, A_CITY},
	{"State/Region", MS_F_ADDRESS, A_STATE},
	{"Postal Code", MS_F_POSTAL_CODE, 0},
	{"Website URL", MS_F_URL, 0},
	{NULL, 0, 0},
};

int ms_dd_profile_by_name(const char *name)
{
	if (strcmp(name, "meishi") == 0)
		return MS_DD_PROFILE_MEISHI;
	if (strcmp(name, "salesforce") == 0)
		return MS_DD_PROFILE_SALESFORCE;
	if (strcmp(name, "hubspot") == 0)
		return MS_DD_PROFILE_HUBSPOT;
	return -1;
}

/* Header text, trimmed, into out. */
static void header_text(const char *h, char *out, size_t cap)
{
	ms_strlcpy_utf8(out, h, cap);
	ms_trim(out);
}

ms_rc ms_dd_colmap_new(ms_dd_profile p, const char *const *header, int ncols,
		       ms_dd_colmap *m, ms_err *err)
{
	const colname *tab = p == MS_DD_PROFILE_SALESFORCE ? sf_cols
			     : p == MS_DD_PROFILE_HUBSPOT  ? hs_cols
							   : NULL;
	int i, j, useful = 0;

	memset(m, 0, sizeof(*m));
	if (ncols < 1 || ncols > MS_CSV_MAX_COLS)
		return ms_err_set(err, MS_ERR_FORMAT,
				  "the header has %d columns (1 to %d allowed)",
				  ncols, MS_CSV_MAX_COLS);
	m->ncols = ncols;
	for (i = 0; i < ncols; i++) {
		char h[128];
		header_text(header[i], h, sizeof(h));
		m->col[i] = -1;
		if (!tab) {
			m->col[i] = ms_field_by_key(h);
		} else {
			for (j = 0; tab[j].name; j++)
				if (strcasecmp(tab[j].name, h) == 0) {
					m->col[i] = tab[j].field;
					m->order[i] = tab[j].order;
					break;
				}
		}
		if (m->col[i] == MS_F_NAME || m->col[i] == MS_F_FAMILY_NAME ||
		    m->col[i] == MS_F_GIVEN_NAME || m->col[i] == MS_F_EMAIL)
			useful = 1;
	}
	if (!useful)
		return ms_err_set(err, MS_ERR_FORMAT,
				  "no column of the header is a name or an "
				  "email for the %s profile",
				  p == MS_DD_PROFILE_SALESFORCE ? "salesforce"
				  : p == MS_DD_PROFILE_HUBSPOT  ? "hubspot"
								: "meishi");
	return MS_OK;
}

static int has_non_latin(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* Appends sep + s to dst (capacity cap); 0 if it does not fit. */
static int join(char *dst, size_t cap, const char *sep, const char *s)
{
	size_t dl = strlen(dst), sl = strlen(s), pl = dl ? strlen(sep) : 0;

	if (!sl)
		return 1;
	if (dl + pl + sl + 1 > cap)
		return 0;
	memcpy(dst + dl, sep, pl);
	memcpy(dst + dl + pl, s, sl + 1);
	return 1;
}

ms_rc ms_dd_row_contact(const ms_dd_colmap *m, const char *const *row,
			int ncols, ms_contact *c, ms_err *err)
{
	char addr[A_PARTS][MS_MAX_FIELD_BYTES];
	char v[MS_MAX_FIELD_BYTES];
	int i, f;

	ms_contact_init(c);
	memset(addr, 0, sizeof(addr));
	for (i = 0; i < ncols && i < m->ncols; i++) {
		size_t n = strlen(row[i]);
		f = m->col[i];
		if (f < 0)
			continue;
		if (!ms_utf8_valid(row[i], n))
			return ms_err_set(err, MS_ERR_INVALID,
					  "column %d (%s) is not valid UTF-8",
					  i + 1, ms_field_keys[f]);
		if (n >= sizeof(v))
			return ms_err_set(err, MS_ERR_TOO_BIG,
					  "column %d (%s) is longer than %d "
					  "bytes",
					  i + 1, ms_field_keys[f],
					  MS_MAX_FIELD_BYTES - 1);
		memcpy(v, row[i], n + 1);
		ms_trim(v);
		if (f == MS_F_ADDRESS && m->order[i] >= 0 &&
		    m->order[i] < A_PARTS)
			ms_strlcpy_utf8(addr[m->order[i]], v, sizeof(addr[0]));
		else if (v[0])
			ms_strlcpy_utf8(c->v[f], v, sizeof(c->v[f]));
	}
	for (i = 0; i < A_PARTS; i++)
		if (!join(c->v[MS_F_ADDRESS], sizeof(c->v[0]), " ", addr[i]))
			return ms_err_set(err, MS_ERR_TOO_BIG,
					  "the address is longer than %d bytes",
					  MS_MAX_FIELD_BYTES - 1);
	if (!c->v[MS_F_NAME][0]) {
		const char *fam = c->v[MS_F_FAMILY_NAME];
		const char *giv = c->v[MS_F_GIVEN_NAME];
		int jp = has_non_latin(fam) || has_non_latin(giv);
		/* 山田 太郎, but Taro Yamada. */
		if (!join(c->v[MS_F_NAME], sizeof(c->v[0]), " ",
			  jp ? fam : giv) ||
		    !join(c->v[MS_F_NAME], sizeof(c->v[0]), " ",
			  jp ? giv : fam))
			return ms_err_set(err, MS_ERR_TOO_BIG,
					  "the name is longer than %d bytes",
					  MS_MAX_FIELD_BYTES - 1);
	}
	if (!c->v[MS_F_NAME][0] && !c->v[MS_F_EMAIL][0])
		return ms_err_set(err, MS_ERR_INVALID,
				  "the row has neither a name nor an email");
	if (c->v[MS_F_PHONE][0] &&
	    ms_dd_phone(c->v[MS_F_PHONE], c->phone_e164,
			sizeof(c->phone_e164)) != MS_OK)
		c->phone_e164[0] = '\0';
	if (c->v[MS_F_FAX][0] &&
	    ms_dd_phone(c->v[MS_F_FAX], c->fax_e164, sizeof(c->fax_e164)) !=
		    MS_OK)
		c->fax_e164[0] = '\0';
	if (c->v[MS_F_MOBILE][0] &&
	    ms_dd_phone(c->v[MS_F_MOBILE], c->mobile_e164,
			sizeof(c->mobile_e164)) != MS_OK)
		c->mobile_e164[0] = '\0';
	for (f = 0; f < MS_F_COUNT; f++)
		if (c->v[f][0])
			c->conf[f] = 1.0f;
	return MS_OK;
}
