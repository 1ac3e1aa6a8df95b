/*
 * Salesforce and HubSpot mappings, CSV and vCard 4.0 (see export.h).
 *
 * Salesforce requires LastName and Company on a Lead; when the card has
 * neither, the mapping writes "[not provided]", the placeholder
 * Salesforce's own tools use. Japanese addresses are split into
 * prefecture (State), city (City, including a ward of a designated city)
 * and the rest (Street); the country is Japan when the postal code or
 * address is Japanese.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "meishi/export.h"
#include "meishi/text.h"

static const char *const prefs[] = {
	"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
	"茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都",
	"神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県",
	"長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府",
	"大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
	"岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県",
	"福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
	"鹿児島県", "沖縄県",
};

static const char *fv(const json_t *lead, const char *k)
{
	const char *v = json_string_value(
		json_object_get(json_object_get(lead, "fields"), k));

	return v ? v : "";
}

int ms_export_profile(const char *name, ms_profile *p)
{
	if (!strcmp(name, "salesforce"))
		*p = MS_PROFILE_SALESFORCE;
	else if (!strcmp(name, "hubspot"))
		*p = MS_PROFILE_HUBSPOT;
	else
		return -1;
	return 0;
}

static int has_cjk(const char *s)
{
	size_t n = strlen(s), k;
	int32_t cp;

	while (n && (k = ms_utf8_next(s, n, &cp)) > 0) {
		if (cp >= 0x3000 && cp <= 0x9FFF)
			return 1;
		s += k;
		n -= k;
	}
	return 0;
}

void ms_export_split_address(const char *addr, char *state, char *city,
			     char *street, size_t cap)
{
	const char *p = addr, *end;
	size_t i;

	state[0] = city[0] = street[0] = '\0';
	while (*p == ' ')
		p++;
	if (!strncmp(p, "〒", strlen("〒"))) {
		p += strlen("〒");
		while ((*p >= '0' && *p <= '9') || *p == '-' || *p == ' ')
			p++;
	}
	for (i = 0; i < sizeof(prefs) / sizeof(prefs[0]); i++) {
		size_t n = strlen(prefs[i]);

		if (!strncmp(p, prefs[i], n)) {
			ms_strlcpy_utf8(state, prefs[i],
					cap < n + 1 ? cap : n + 1);
			p += n;
			break;
		}
	}
	if (state[0]) {
		/* The city: through the first 市, 区, 町 or 村 (郡 goes
		 * with its town); a designated city keeps its ward. */
		const char *marks[] = {"市", "区", "町", "村"};
		const char *best = NULL, *gun = strstr(p, "郡");
		size_t m;

		for (m = 0; m < 4; m++) {
			const char *q = strstr(gun ? gun : p, marks[m]);

			if (q && (!best || q < best))
				best = q;
		}
		if (best && best - p <= 30) {
			end = best + 3;
			if (!strncmp(best, "市", 3)) {
				const char *ku = strstr(end, "区");

				if (ku && ku - end <= 12)
					end = ku + 3;
			}
			if ((size_t)(end - p) < cap) {
				memcpy(city, p, (size_t)(end - p));
				city[end - p] = '\0';
				p = end;
			}
		}
	}
	while (*p == ' ')
		p++;
	ms_strlcpy_utf8(street, p, cap);
}

struct mapped {
	char last[256], first[256], company[256], title[512], email[256];
	char phone[256], mobile[256], fax[256], street[256], city[256];
	char state[256], postal[64], country[32], website[256], source[160];
	char description[1024];
};

static void split_name(const json_t *lead, char *last, char *first,
		       size_t cap)
{
	const char *fam = fv(lead, "family_name"), *giv = fv(lead,
							      "given_name");
	const char *name = fv(lead, "name");
	const char *sp;

	if (*fam || *giv) {
		ms_strlcpy_utf8(last, fam, cap);
		ms_strlcpy_utf8(first, giv, cap);
		return;
	}
	first[0] = '\0';
	if (!*name)
		name = fv(lead, "name_latin");
	if (has_cjk(name) && (sp = strchr(name, ' ')) != NULL) {
		size_t n = (size_t)(sp - name);

		ms_strlcpy_utf8(last, name, n + 1 < cap ? n + 1 : cap);
		ms_strlcpy_utf8(first, sp + 1, cap);
	} else if ((sp = strrchr(name, ' ')) != NULL && !has_cjk(name)) {
		size_t n = (size_t)(sp - name);

		ms_strlcpy_utf8(first, name, n + 1 < cap ? n + 1 : cap);
		ms_strlcpy_utf8(last, sp + 1, cap);
	} else {
		ms_strlcpy_utf8(last, name, cap);
	}
	ms_trim(first);
	ms_trim(last);
}

static void map_lead(ms_profile prof, const json_t *lead, struct mapped *m)
{
	const char *pc = fv(lead, "postal_code"), *addr = fv(lead, "address");
	const char *event = json_string_value(json_object_get(lead, "event"));
	const char *dept = fv(lead, "department"), *title = fv(lead, "title");
	const char *reading = fv(lead, "name_reading");

	memset(m, 0, sizeof(*m));
	split_name(lead, m->last, m->first, sizeof(m->last));
	ms_strlcpy_utf8(m->company, fv(lead, "company"), sizeof(m->company));
	if (prof == MS_PROFILE_HUBSPOT && *dept)
		snprintf(m->title, sizeof(m->title), "%s%s%s", dept,
			 *title ? " " : "", title);
	else
		ms_strlcpy_utf8(m->title, title, sizeof(m->title));
	ms_strlcpy_utf8(m->email, fv(lead, "email"), sizeof(m->email));
	ms_strlcpy_utf8(m->phone, fv(lead, "phone"), sizeof(m->phone));
	ms_strlcpy_utf8(m->mobile, fv(lead, "mobile"), sizeof(m->mobile));
	ms_strlcpy_utf8(m->fax, fv(lead, "fax"), sizeof(m->fax));
	ms_strlcpy_utf8(m->website, fv(lead, "url"), sizeof(m->website));
	if (!strncmp(pc, "〒", strlen("〒")))
		pc += strlen("〒");
	ms_strlcpy_utf8(m->postal, pc, sizeof(m->postal));
	ms_trim(m->postal);
	ms_export_split_address(addr, m->state, m->city, m->street,
				sizeof(m->street));
	if (has_cjk(addr) || (strlen(m->postal) == 8 && m->postal[3] == '-'))
		snprintf(m->country, sizeof(m->country), "Japan");
	ms_strlcpy_utf8(m->source, event && *event ? event : "Business Card",
			sizeof(m->source));
	if (prof == MS_PROFILE_SALESFORCE) {
		if (!m->last[0])
			snprintf(m->last, sizeof(m->last), "[not provided]");
		if (!m->company[0])
			snprintf(m->company, sizeof(m->company),
				 "[not provided]");
		snprintf(m->description, sizeof(m->description),
			 "%s%s%s%s%s%sMeishi lead %lld",
			 *dept ? "Department: " : "", dept, *dept ? "\n" : "",
			 *reading ? "Reading: " : "", reading,
			 *reading ? "\n" : "",
			 (long long)json_integer_value(
				 json_object_get(lead, "id")));
	}
}

struct col {
	const char *name;
	size_t off;
};

#define C(n, f) {n, offsetof(struct mapped, f)}
static const struct col sf_cols[] = {
	C("LastName", last), C("FirstName", first), C("Company", company),
	C("Title", title), C("Email", email), C("Phone", phone),
	C("MobilePhone", mobile), C("Fax", fax), C("Street", street),
	C("City", city), C("State", state), C("PostalCode", postal),
	C("Country", country), C("Website", website),
	C("LeadSource", source), C("Description", description),
};
static const struct col hs_cols[] = {
	C("lastname", last), C("firstname", first), C("company", company),
	C("jobtitle", title), C("email", email), C("phone", phone),
	C("mobilephone", mobile), C("fax", fax), C("address", street),
	C("city", city), C("state", state), C("zip", postal),
	C("country", country), C("website", website),
};
#undef C

static const struct col *cols(ms_profile p, size_t *n)
{
	if (p == MS_PROFILE_HUBSPOT) {
		*n = sizeof(hs_cols) / sizeof(hs_cols[0]);
		return hs_cols;
	}
	*n = sizeof(sf_cols) / sizeof(sf_cols[0]);
	return sf_cols;
}

json_t *ms_export_map(ms_profile p, const json_t *lead)
{
	struct mapped m;
	const struct col *c;
	json_t *o = json_object();
	size_t i, n;

	if (!o)
		return NULL;
	map_lead(p, lead, &m);
	c = cols(p, &n);
	for (i = 0; i < n; i++)
		json_object_set_new(o, c[i].name,
				    json_string((const char *)&m + c[i].off));
	return o;
}

ms_rc ms_export_json_string(ms_buf *b, const char *v)
{
	const char *p, *run = v;
	ms_rc rc = ms_buf_add(b, "\"", 1);

	for (p = v; *p && !rc; p++) {
		unsigned char c = (unsigned char)*p;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (p > run)
			rc = ms_buf_add(b, run, (size_t)(p - run));
		if (!rc)
			rc = c == '"'    ? ms_buf_add(b, "\\\"", 2)
			     : c == '\\' ? ms_buf_add(b, "\\\\", 2)
			     : c == '\n'  ? ms_buf_add(b, "\\n", 2)
					 : ms_buf_addf(b, "\\u%04x", c);
		run = p + 1;
	}
	if (!rc && p > run)
		rc = ms_buf_add(b, run, (size_t)(p - run));
	return rc ? rc : ms_buf_add(b, "\"", 1);
}

ms_rc ms_export_map_text(ms_profile p, const json_t *lead, ms_buf *out)
{
	struct mapped m;
	const struct col *c;
	size_t i, n;
	ms_rc rc = MS_OK;

	map_lead(p, lead, &m);
	c = cols(p, &n);
	rc = ms_buf_add(out, "{", 1);
	for (i = 0; i < n && !rc; i++) {
		if (i)
			rc = ms_buf_add(out, ",", 1);
		if (!rc)
			rc = ms_export_json_string(out, c[i].name);
		if (!rc)
			rc = ms_buf_add(out, ":", 1);
		if (!rc)
			rc = ms_export_json_string(out, (const char *)&m +
							       c[i].off);
	}
	return rc ? rc : ms_buf_add(out, "}", 1);
}

ms_rc ms_export_feed_body(const char *lead_json, ms_buf *out)
{
	json_t *lead = json_loads(lead_json, 0, NULL);
	ms_rc rc;

	if (!json_is_object(lead)) {
		json_decref(lead);
		return MS_ERR_INVALID;
	}
	rc = ms_buf_adds(out, ",\"lead\":");
	if (!rc)
		rc = ms_buf_adds(out, lead_json);
	if (!rc)
		rc = ms_buf_adds(out, ",\"salesforce\":");
	if (!rc)
		rc = ms_export_map_text(MS_PROFILE_SALESFORCE, lead, out);
	if (!rc)
		rc = ms_buf_adds(out, ",\"hubspot\":");
	if (!rc)
		rc = ms_export_map_text(MS_PROFILE_HUBSPOT, lead, out);
	json_decref(lead);
	return rc;
}

static ms_rc csv_field(ms_buf *b, const char *v)
{
	int quote = 0, guard = 0;
	const char *p;
	ms_rc rc;

	/* A cell starting with = + - @ would run as a formula in a
	 * spreadsheet; phone numbers such as +81 3 ... are left alone. */
	if (*v == '=' || *v == '@' || *v == '\t' || *v == '\r')
		guard = 1;
	if ((*v == '+' || *v == '-') &&
	    strspn(v + 1, "0123456789 -()") != strlen(v + 1))
		guard = 1;
	for (p = v; *p; p++)
		if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r')
			quote = 1;
	if (quote || guard)
		if ((rc = ms_buf_add(b, "\"", 1)))
			return rc;
	if (guard && (rc = ms_buf_add(b, "'", 1)))
		return rc;
	for (p = v; *p; p++) {
		if (*p == '"' && (rc = ms_buf_add(b, "\"", 1)))
			return rc;
		if ((rc = ms_buf_add(b, p, 1)))
			return rc;
	}
	if (quote || guard)
		return ms_buf_add(b, "\"", 1);
	return MS_OK;
}

ms_rc ms_export_csv_header(ms_profile p, ms_buf *out)
{
	const struct col *c;
	size_t i, n;
	ms_rc rc;

	c = cols(p, &n);
	for (i = 0; i < n; i++)
		if ((rc = ms_buf_adds(out, i ? "," : "")) ||
		    (rc = ms_buf_adds(out, c[i].name)))
			return rc;
	return ms_buf_adds(out, "\r\n");
}

ms_rc ms_export_csv_row(ms_profile p, const json_t *lead, ms_buf *out)
{
	struct mapped m;
	const struct col *c;
	size_t i, n;
	ms_rc rc;

	map_lead(p, lead, &m);
	c = cols(p, &n);
	for (i = 0; i < n; i++)
		if ((rc = ms_buf_adds(out, i ? "," : "")) ||
		    (rc = csv_field(out, (const char *)&m + c[i].off)))
			return rc;
	return ms_buf_adds(out, "\r\n");
}

/* Appends a vCard value with \ , ; and newlines escaped. */
static ms_rc vc_esc(ms_buf *b, const char *v)
{
	ms_rc rc = MS_OK;

	for (; *v && !rc; v++) {
		if (*v == '\\' || *v == ',' || *v == ';')
			rc = ms_buf_add(b, "\\", 1);
		if (!rc && *v == '\n')
			rc = ms_buf_adds(b, "\\n");
		else if (!rc && *v != '\r')
			rc = ms_buf_add(b, v, 1);
	}
	return rc;
}

/* Appends one content line, folded at 75 octets without splitting a
 * UTF-8 sequence (RFC 6350 3.2). */
static ms_rc vc_line(ms_buf *out, const char *line)
{
	size_t n = strlen(line), col = 0, i = 0, k;
	int32_t cp;
	ms_rc rc;

	while (i < n) {
		k = ms_utf8_next(line + i, n - i, &cp);
		if (k == 0)
			k = 1;
		if (col + k > 75) {
			if ((rc = ms_buf_adds(out, "\r\n ")))
				return rc;
			col = 1;
		}
		if ((rc = ms_buf_add(out, line + i, k)))
			return rc;
		col += k;
		i += k;
	}
	return ms_buf_adds(out, "\r\n");
}

static ms_rc vc_prop(ms_buf *out, const char *name, const char *const *vals,
		     int nvals)
{
	ms_buf l;
	ms_rc rc;
	int i;

	ms_buf_init(&l, 8192);
	rc = ms_buf_adds(&l, name);
	if (!rc)
		rc = ms_buf_adds(&l, ":");
	for (i = 0; i < nvals && !rc; i++) {
		if (i)
			rc = ms_buf_adds(&l, ";");
		if (!rc)
			rc = vc_esc(&l, vals[i]);
	}
	if (!rc)
		rc = vc_line(out, l.data);
	ms_buf_free(&l);
	return rc;
}

static ms_rc vc_tel(ms_buf *out, const char *type, const json_t *lead,
		    const char *key)
{
	const char *v = fv(lead, key);
	const char *e = json_string_value(json_object_get(
		json_object_get(json_object_get(lead, "fields"), "e164"),
		key));
	char name[96], uri[64];
	const char *vals[1];

	if (!*v)
		return MS_OK;
	if (e && *e == '+') {
		snprintf(name, sizeof(name), "TEL;VALUE=uri;TYPE=\"%s\"",
			 type);
		snprintf(uri, sizeof(uri), "tel:%s", e);
		snprintf(name + strlen(name), sizeof(name) - strlen(name),
			 ":%s", uri);
		return vc_line(out, name);
	}
	snprintf(name, sizeof(name), "TEL;VALUE=text;TYPE=\"%s\"", type);
	vals[0] = v;
	return vc_prop(out, name, vals, 1);
}

ms_rc ms_export_vcard(const json_t *lead, ms_buf *out)
{
	struct mapped m;
	char last[256], first[256], rl[256], rf[256], uid[64];
	const char *reading = fv(lead, "name_reading"), *fn = fv(lead, "name");
	const char *v[7], *sp;
	ms_rc rc;

	map_lead(MS_PROFILE_SALESFORCE, lead, &m);
	split_name(lead, last, first, sizeof(last));
	rl[0] = rf[0] = '\0';
	if (*reading) {
		sp = strchr(reading, ' ');
		if (!sp)
			sp = strstr(reading, "\xe3\x80\x80"); /* U+3000 */
		if (sp) {
			size_t n = (size_t)(sp - reading);

			ms_strlcpy_utf8(rl, reading,
					n + 1 < sizeof(rl) ? n + 1
							   : sizeof(rl));
			ms_strlcpy_utf8(rf, sp + (*sp == ' ' ? 1 : 3),
					sizeof(rf));
		} else {
			ms_strlcpy_utf8(rl, reading, sizeof(rl));
		}
		ms_trim(rl);
		ms_trim(rf);
	}
	if (!*fn)
		fn = *fv(lead, "name_latin") ? fv(lead, "name_latin")
					     : fv(lead, "company");
	snprintf(uid, sizeof(uid), "urn:meishi:lead:%lld",
		 (long long)json_integer_value(json_object_get(lead, "id")));
	if ((rc = ms_buf_adds(out, "BEGIN:VCARD\r\nVERSION:4.0\r\n")))
		return rc;
	v[0] = uid;
	if ((rc = vc_prop(out, "UID", v, 1)))
		return rc;
	v[0] = fn;
	if ((rc = vc_prop(out, "FN", v, 1)))
		return rc;
	v[0] = last;
	v[1] = first;
	v[2] = v[3] = v[4] = "";
	if (*rl) {
		char nm[600];

		snprintf(nm, sizeof(nm), "N;SORT-AS=\"%s%s%s\"", rl,
			 *rf ? "," : "", rf);
		rc = vc_prop(out, nm, v, 5);
	} else {
		rc = vc_prop(out, "N", v, 5);
	}
	if (rc)
		return rc;
	if (*rl) {
		v[0] = rl;
		if ((rc = vc_prop(out, "X-PHONETIC-LAST-NAME", v, 1)))
			return rc;
	}
	if (*rf) {
		v[0] = rf;
		if ((rc = vc_prop(out, "X-PHONETIC-FIRST-NAME", v, 1)))
			return rc;
	}
	if (*fv(lead, "company") || *fv(lead, "department")) {
		v[0] = fv(lead, "company");
		v[1] = fv(lead, "department");
		if ((rc = vc_prop(out, "ORG", v, *v[1] ? 2 : 1)))
			return rc;
	}
	if (*fv(lead, "title")) {
		v[0] = fv(lead, "title");
		if ((rc = vc_prop(out, "TITLE", v, 1)))
			return rc;
	}
	if ((rc = vc_tel(out, "work,voice", lead, "phone")) ||
	    (rc = vc_tel(out, "cell,voice", lead, "mobile")) ||
	    (rc = vc_tel(out, "work,fax", lead, "fax")))
		return rc;
	if (*m.email) {
		v[0] = m.email;
		if ((rc = vc_prop(out, "EMAIL;TYPE=work", v, 1)))
			return rc;
	}
	if (*m.website) {
		v[0] = m.website;
		if ((rc = vc_prop(out, "URL;TYPE=work", v, 1)))
			return rc;
	}
	if (*fv(lead, "address") || *m.postal) {
		v[0] = "";
		v[1] = "";
		v[2] = m.street;
		v[3] = m.city;
		v[4] = m.state;
		v[5] = m.postal;
		v[6] = m.country;
		if ((rc = vc_prop(out, "ADR;TYPE=work", v, 7)))
			return rc;
	}
	if (*m.source && strcmp(m.source, "Business Card")) {
		v[0] = m.source;
		if ((rc = vc_prop(out, "CATEGORIES", v, 1)))
			return rc;
	}
	return ms_buf_adds(out, "END:VCARD\r\n");
}
