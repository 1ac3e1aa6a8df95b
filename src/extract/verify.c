/*
 * The field-knowledge stage (verify_int.h): run at the end of ms_extract,
 * it checks the contact the base passes filled against Japan Post's postal
 * codes, the surname and given-name dictionaries and the email and web
 * domain, the way a careful typist uses the redundancy of a card:
 *   - the postal code names the prefecture, city and town: misread
 *     characters there are corrected, a disagreement is flagged, and a
 *     missing or unknown code is proposed when the address names one town;
 *   - the printed reading, the romanised name and the email local part
 *     choose between look-alike readings of the name line;
 *   - the domain chooses between readings of the company line;
 *   - English cards get their US ZIP or UK postcode where the base passes
 *     missed it.
 * A correction is made only when the evidence agrees; every change lowers
 * or raises the field's confidence and sets its review bit as needed.
 */
#include <pthread.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/kn_int.h"
#include "extract/verify_int.h"
#include "meishi/address_en.h"
#include "meishi/limits.h"
#include "meishi/text.h"

/* ---- the tables, once per process and models folder ---- */

struct verify_slot {
	char dir[MS_MAX_PATH_BYTES];
	ms_verify v;
};

static pthread_mutex_t slots_mu = PTHREAD_MUTEX_INITIALIZER;
static struct verify_slot slots[MS_VF_MAX_MODEL_DIRS];
static size_t nslots;

ms_rc ms_verify_get(const char *models_dir, const ms_verify **out,
		    ms_err *err)
{
	ms_verify v = {0};
	ms_rc rc = MS_OK;
	size_t i;

	*out = NULL;
	if (strlen(models_dir) >= MS_MAX_PATH_BYTES)
		return ms_err_set(err, MS_ERR_TOO_BIG,
				  "the models folder's path is too long");
	pthread_mutex_lock(&slots_mu);
	for (i = 0; i < nslots; i++)
		if (strcmp(slots[i].dir, models_dir) == 0) {
			*out = &slots[i].v;
			goto out;
		}
	if (nslots == MS_VF_MAX_MODEL_DIRS) {
		rc = ms_err_set(err, MS_ERR_LIMIT,
				"too many different models folders in one "
				"process (at most %d)",
				MS_VF_MAX_MODEL_DIRS);
		goto out;
	}
	if ((rc = ms_postal_open(models_dir, &v.postal, err)) ||
	    (rc = ms_names_open(models_dir, &v.names, err)) ||
	    (rc = ms_domain_open(models_dir, &v.domain, err))) {
		ms_postal_close(v.postal);
		ms_names_close(v.names);
		goto out;
	}
	ms_strlcpy_utf8(slots[nslots].dir, models_dir, MS_MAX_PATH_BYTES);
	slots[nslots].v = v;
	*out = &slots[nslots].v;
	nslots++;
out:
	pthread_mutex_unlock(&slots_mu);
	return rc;
}

/* ---- small helpers ---- */

static void lower_conf(ms_contact *c, ms_field f, float cap)
{
	if (c->conf[f] > cap)
		c->conf[f] = cap;
}

static void raise_conf(ms_contact *c, ms_field f, float to)
{
	if (c->conf[f] < to)
		c->conf[f] = to > 1 ? 1 : to;
}

/* Stores v in field f. Values may come straight from an OCR line, which
 * is not guaranteed to be valid UTF-8: malformed bytes are dropped, so a
 * field always holds valid UTF-8 within its limit. */
static void set_field(ms_contact *c, ms_field f, const char *v)
{
	size_t n = strlen(v), i = 0, k;
	int32_t cp;

	c->v[f][0] = '\0';
	while (i < n) {
		k = ms_utf8_next(v + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		if (ms_utf8_put(c->v[f], MS_MAX_FIELD_BYTES, cp) == 0)
			break;
		i += k;
	}
	ms_trim(c->v[f]);
}

/* Counts of kanji + kana and of all non-space code points in s. */
static void count_cjk(const char *s, size_t *cjk, size_t *total)
{
	int32_t cp[MS_MAX_LINE_BYTES];
	size_t n = kn_decode(s, cp, MS_MAX_LINE_BYTES), i;

	*cjk = *total = 0;
	for (i = 0; i < n; i++) {
		if (kn_is_space(cp[i]))
			continue;
		(*total)++;
		if (kn_is_kana(cp[i]) || kn_is_kanji(cp[i]))
			(*cjk)++;
	}
}

static int is_japanese(const char *s)
{
	size_t cjk, total;

	count_cjk(s, &cjk, &total);
	return cjk > 0;
}

/* The OCR line the base passes took field f from (same top-left corner). */
static const ms_line *line_of(const ms_lines *ls, const ms_contact *c,
			      ms_field f)
{
	const ms_box *b = &c->box[f];
	size_t i;

	if (!ls || (b->w <= 0 && b->h <= 0))
		return NULL;
	for (i = 0; i < ls->n; i++)
		if (ls->v[i].box.x == b->x && ls->v[i].box.y == b->y &&
		    ls->v[i].box.h == b->h)
			return &ls->v[i];
	return NULL;
}

/* ---- postal code and address (Japan) ---- */

/* How many digits differ between two codes. */
static int code_digits_off(uint32_t a, uint32_t b)
{
	int i, d = 0;

	for (i = 0; i < 7; i++, a /= 10, b /= 10)
		d += a % 10 != b % 10;
	return d;
}

/* The one code the address names at town level, or 0. */
static uint32_t code_of_address(const ms_verify *v, const char *addr)
{
	ms_postal_place pl[4];
	size_t n = ms_postal_find(v->postal, addr, pl, 4);

	if (n != 1 || !pl[0].town[0])
		return 0;
	return pl[0].code;
}

/* The code the address names that is nearest the printed one (at most
 * two digits off, and nearer than any other the address names), or 0: a
 * town split between codes (札幌's 大通西 has two, by chōme) is told
 * apart by the digits OCR read right. */
static uint32_t code_near(const ms_verify *v, const char *addr, uint32_t code)
{
	ms_postal_place pl[8];
	size_t n = ms_postal_find(v->postal, addr, pl, 8), i;
	uint32_t best = 0;
	int bd = 3, ties = 0, d;

	if (n == 0 || n > 8)
		return 0;
	for (i = 0; i < n; i++) {
		if (!pl[i].town[0])
			continue;
		d = code_digits_off(pl[i].code, code);
		if (d < bd) {
			bd = d;
			best = pl[i].code;
			ties = 0;
		} else if (d == bd) {
			ties++;
		}
	}
	return ties ? 0 : best;
}

static void propose_code(ms_contact *c, uint32_t code, float conf)
{
	char buf[16];

	ms_postal_format(code, buf, sizeof(buf));
	set_field(c, MS_F_POSTAL_CODE, buf);
	c->conf[MS_F_POSTAL_CODE] = conf;
	c->review |= 1u << MS_F_POSTAL_CODE;
}

/* 番, 号, 町, 条: characters a place name or a number uses after a
 * digit (一番町11番19号), which a misread 丁目 is not taken from. */
static int town_word(int32_t c)
{
	return c == 0x756A || c == 0x53F7 || c == 0x753A || c == 0x6761;
}

/* 1 if cp[j..n) starts with digits and 番 (after spaces). */
static int banchi_at(const int32_t *cp, size_t n, size_t j)
{
	size_t d = 0;

	while (j < n && cp[j] == ' ')
		j++;
	while (j < n && cp[j] >= '0' && cp[j] <= '9')
		j++, d++;
	return d > 0 && j < n && cp[j] == 0x756A; /* 番 */
}

/* "西中島6 」 目20-24": 丁 of 丁目 misread as a speck between a digit and
 * 目. Puts 丁 back. And "大手町5本中30番10号": both characters misread,
 * where the 番 after them says a chōme goes there. */
static void mend_chome(ms_contact *c)
{
	int32_t cp[MS_MAX_FIELD_BYTES], out[MS_MAX_FIELD_BYTES];
	size_t n = kn_decode(c->v[MS_F_ADDRESS], cp, MS_MAX_FIELD_BYTES);
	size_t i, j, o = 0;
	char buf[MS_MAX_FIELD_BYTES];
	int changed = 0;

	for (i = 0; i < n; i++) {
		out[o++] = cp[i];
		if (!((cp[i] >= '0' && cp[i] <= '9') ||
		      kn_kanji_digit(cp[i]) >= 0))
			continue;
		/* digit, spaces, one character that is not 丁, spaces, 目 */
		j = i + 1;
		while (j < n && cp[j] == ' ')
			j++;
		/* "南池袋2 目4-17": 丁 lost, a space in its place */
		if (j > i + 1 && j + 1 < n && cp[j] == 0x76EE &&
		    cp[j + 1] >= '0' && cp[j + 1] <= '9') {
			out[o++] = 0x4E01;
			out[o++] = 0x76EE;
			i = j;
			changed = 1;
			continue;
		}
		if (j >= n || cp[j] == 0x4E01 || cp[j] == 0x76EE ||
		    (cp[j] >= '0' && cp[j] <= '9') || kn_is_kana(cp[j]))
			continue;
		if (cp[i] >= '0' && cp[i] <= '9' && j + 2 < n &&
		    !town_word(cp[j]) && !town_word(cp[j + 1]) &&
		    cp[j + 1] != ' ' && cp[j + 1] != 0x76EE &&
		    !(cp[j + 1] >= '0' && cp[j + 1] <= '9') &&
		    !kn_is_kana(cp[j + 1]) && banchi_at(cp, n, j + 2)) {
			out[o++] = 0x4E01;
			out[o++] = 0x76EE;
			i = j + 1;
			changed = 1;
			continue;
		}
		j++;
		while (j < n && cp[j] == ' ')
			j++;
		if (j >= n || cp[j] != 0x76EE || j + 1 >= n ||
		    !(cp[j + 1] >= '0' && cp[j + 1] <= '9'))
			continue;
		out[o++] = 0x4E01; /* 丁 */
		i = j - 1;
		changed = 1;
	}
	if (!changed || kn_encode(out, o, buf, sizeof(buf)) != MS_OK)
		return;
	set_field(c, MS_F_ADDRESS, buf);
	lower_conf(c, MS_F_ADDRESS, 0.8f);
}

/* "大手町5丁目30番10号 ! サクラ会館": a word of punctuation alone in the
 * address is a speck. It goes. And a floor "BF" is 8F. */
static void drop_lone_marks(ms_contact *c)
{
	static const char marks[] = "!|:;,.'\"`_~^*";
	char *s = c->v[MS_F_ADDRESS], out[MS_MAX_FIELD_BYTES];
	size_t i = 0, n = strlen(s), o = 0;
	int changed = 0;

	while (i < n) {
		size_t e = i, k;
		int lone = 1;
		while (e < n && s[e] != ' ')
			e++;
		for (k = i; k < e; k++)
			lone &= strchr(marks, s[k]) != NULL;
		/* 」 and 「 too, one to a word. */
		if (e - i == 3 && (memcmp(s + i, "」", 3) == 0 ||
				   memcmp(s + i, "「", 3) == 0))
			lone = 1;
		if (lone && i > 0 && e < n) {
			changed = 1;
		} else if (e > i) {
			if (o)
				out[o++] = ' ';
			memcpy(out + o, s + i, e - i);
			o += e - i;
		}
		i = e;
		while (i < n && s[i] == ' ')
			i++;
	}
	out[o] = '\0';
	/* "一番町タワー BF": no basement floor is written so (B1F is); the
	 * B is an 8. */
	if (o >= 4 && strcmp(out + o - 3, " BF") == 0) {
		out[o - 2] = '8';
		changed = 1;
	}
	/* "上野プレイス 178", "吉祥寺本町プレイス 2788", "上野スクエア 1308":
	 * a floor is never bare digits after a building's name; 階 came back
	 * as 8 or 88. */
	{
		size_t t = o, d;
		while (t > 0 && out[t - 1] >= '0' && out[t - 1] <= '9')
			t--;
		d = o - t;
		if (d >= 3 && t >= 4 && out[t - 1] == ' ' &&
		    (unsigned char)out[t - 2] >= 0x80 && out[o - 1] == '8') {
			size_t cut = d >= 4 && out[o - 2] == '8' ? 2 : 1;
			/* "1308": and a 0 after two digits is a speck of
			 * the mark too (130階, see mend_floor) */
			if (d - cut == 3 && out[o - cut - 1] == '0')
				cut++;
			if (o - cut + 4 <= sizeof(out)) {
				memcpy(out + o - cut, "階", 4);
				o = o - cut + 3;
				changed = 1;
			}
		}
	}
	if (changed) {
		set_field(c, MS_F_ADDRESS, out);
		lower_conf(c, MS_F_ADDRESS, 0.8f);
	}
}

/* "中央区京橋5-30-21": the address begins with the city of its postal
 * code and the prefecture was lost (cut off, or read into another line),
 * or only the end of the two is left ("都中央区京橋", "市中央区大通",
 * "市久茂地" in 那覇市久茂地): the code's prefecture and city go in
 * front. Less than three characters of them count only when the code's
 * town follows. */
static void put_prefecture(ms_contact *c, const ms_postal_place *pl)
{
	char *a = c->v[MS_F_ADDRESS], out[MS_MAX_FIELD_BYTES];
	char full[MS_MAX_FIELD_BYTES];
	size_t cl = strlen(pl->city), tl = strlen(pl->town), fl, cut;

	if (!pl->pref[0] || cl < 6 || strstr(a, pl->pref) ||
	    snprintf(full, sizeof(full), "%s%s", pl->pref, pl->city) >=
	        (int)sizeof(full))
		return;
	fl = strlen(full);
	/* kanji all, 3 bytes each: the longest end of full a begins with */
	for (cut = fl - 3; cut + 3 > 3; cut -= 3)
		if (strncmp(a, full + fl - cut, cut) == 0 &&
		    (cut >= 9 ||
		     (tl >= 6 && strncmp(a + cut, pl->town, tl) == 0)))
			break;
	if (cut < 3 ||
	    snprintf(out, sizeof(out), "%s%s", full, a + cut) >=
		    (int)sizeof(out))
		return;
	set_field(c, MS_F_ADDRESS, out);
	lower_conf(c, MS_F_ADDRESS, 0.8f);
}

/* A building named after its town ("曙町スクエア" in 曙町) with one
 * character of the town's name misread ("虫町スクエア"): the town's name
 * is put back, unless the name as read is a town of the same city too
 * (元町ビル in 本町). */
static void mend_building_town(const ms_verify *v, ms_contact *c,
			       const ms_postal_place *pl)
{
	int32_t a[MS_MAX_FIELD_BYTES], t[32];
	char buf[MS_MAX_FIELD_BYTES], probe[MS_MAX_FIELD_BYTES * 2];
	size_t n = kn_decode(c->v[MS_F_ADDRESS], a, MS_MAX_FIELD_BYTES);
	size_t nt = kn_decode(pl->town, t, 32), i, j, diff, at = 0;
	ms_postal_place other[4];
	size_t no, k;

	if (nt < 2 || nt >= 32)
		return;
	/* Words after the first: the building's, after a 第N of its own
	 * ("第二路町ビル" in 曙町). */
	for (i = 1; i + nt < n; i++) {
		if (a[i - 1] != ' ' &&
		    !(i >= 3 && a[i - 3] == ' ' && a[i - 2] == 0x7B2C &&
		      kn_kanji_digit(a[i - 1]) > 0))
			continue;
		for (j = 0, diff = 0; j < nt; j++)
			if (a[i + j] != t[j])
				diff++, at = i + j;
		if (diff != 1 || !kn_is_kanji(a[at]) ||
		    kn_is_kanji(a[i + nt]) || a[i + nt] == ' ')
			continue;
		if (kn_encode(a + i, nt, buf, sizeof(buf)) != MS_OK)
			return;
		snprintf(probe, sizeof(probe), "%s%s%s", pl->pref, pl->city,
			 buf);
		no = ms_postal_find(v->postal, probe, other, 4);
		for (k = 0; k < no; k++)
			if (strcmp(other[k].town, buf) == 0)
				return;
		a[at] = t[at - i];
		if (kn_encode(a, n, buf, sizeof(buf)) != MS_OK)
			return;
		set_field(c, MS_F_ADDRESS, buf);
		lower_conf(c, MS_F_ADDRESS, 0.8f);
		return;
	}
}

static ms_rc verify_postal(const ms_verify *v, ms_contact *c)
{
	char *addr = c->v[MS_F_ADDRESS];
	char out[MS_MAX_FIELD_BYTES];
	uint32_t code = 0, found;
	ms_postal_place pl[1];
	ms_postal_verdict verdict;
	double score;
	int have, placed;
	ms_rc rc;

	if (!addr[0] || !is_japanese(addr))
		return MS_OK;
	mend_chome(c);
	drop_lone_marks(c);
	have = c->v[MS_F_POSTAL_CODE][0] &&
	       ms_postal_parse_code(c->v[MS_F_POSTAL_CODE], &code);
	if (!have || ms_postal_lookup(v->postal, code, pl, 1) == 0) {
		/* Missing or not a code at all: the address may name one,
		 * or several of which one is a digit or two away. */
		found = code_of_address(v, addr);
		if (!found && have)
			found = code_near(v, addr, code);
		if (found) {
			propose_code(c, found, 0.5f);
		} else if ((found = ms_postal_guess_code(v->postal, addr))) {
			/* the place misread as well: a guess */
			propose_code(c, found, 0.3f);
		} else if (have || c->v[MS_F_POSTAL_CODE][0]) {
			lower_conf(c, MS_F_POSTAL_CODE, 0.4f);
			c->review |= 1u << MS_F_POSTAL_CODE;
		}
		if (!found)
			return MS_OK;
		code = found;
	}
	placed = ms_postal_lookup(v->postal, code, pl, 1) > 0;
	if (placed)
		put_prefecture(c, pl);
	rc = ms_postal_align(v->postal, code, addr, out, sizeof(out), &score,
			     &verdict);
	if (rc == MS_ERR_NOMEM)
		return rc;
	if (rc)
		return MS_OK; /* too long to align: leave it as read */
	switch (verdict) {
	case MS_POSTAL_AGREE:
		raise_conf(c, MS_F_ADDRESS, c->conf[MS_F_ADDRESS] + 0.1f);
		raise_conf(c, MS_F_POSTAL_CODE,
			   c->conf[MS_F_POSTAL_CODE] + 0.1f);
		if (placed)
			mend_building_town(v, c, pl);
		break;
	case MS_POSTAL_CORRECTED:
		set_field(c, MS_F_ADDRESS, out);
		lower_conf(c, MS_F_ADDRESS, 0.85f);
		if (placed) {
			put_prefecture(c, pl);
			mend_building_town(v, c, pl);
		}
		break;
	case MS_POSTAL_DISAGREE:
	case MS_POSTAL_UNKNOWN:
	default:
		/* The code may be the misread one: the address names
		 * another, a digit or two away. */
		found = code_of_address(v, addr);
		if (!found)
			found = code_near(v, addr, code);
		if (found && found != code &&
		    code_digits_off(found, code) <= 2) {
			propose_code(c, found, 0.5f);
			break;
		}
		lower_conf(c, MS_F_ADDRESS, 0.4f);
		lower_conf(c, MS_F_POSTAL_CODE, 0.4f);
		c->review |= 1u << MS_F_ADDRESS | 1u << MS_F_POSTAL_CODE;
		break;
	}
	return MS_OK;
}

/* ---- names ---- */

/* The kanji and kana of s with spaces kept, if s looks like a Japanese
 * name (2 to 12 of them and nothing else), into out; else "". */
static void name_text(const char *s, char *out, size_t cap)
{
	char nf[MS_MAX_LINE_BYTES * 4];
	size_t cjk, total;

	out[0] = '\0';
	if (ms_nfkc(s, nf, sizeof(nf)) != MS_OK)
		return;
	ms_trim(nf);
	count_cjk(nf, &cjk, &total);
	if (cjk < 2 || cjk != total || total > 12)
		return;
	ms_strlcpy_utf8(out, nf, cap);
}

static void email_local(const ms_contact *c, char *out, size_t cap)
{
	const char *e = c->v[MS_F_EMAIL], *at = strchr(e, '@');
	size_t n = at ? (size_t)(at - e) : 0;

	out[0] = '\0';
	if (n == 0 || n >= cap)
		return;
	memcpy(out, e, n);
	out[n] = '\0';
}

/* Writes family + " " + given into the name field. */
static void join_name(ms_contact *c)
{
	char buf[MS_MAX_FIELD_BYTES];

	if (!c->v[MS_F_FAMILY_NAME][0] || !c->v[MS_F_GIVEN_NAME][0])
		return;
	if (snprintf(buf, sizeof(buf), "%s %s", c->v[MS_F_FAMILY_NAME],
		     c->v[MS_F_GIVEN_NAME]) >= (int)sizeof(buf))
		return;
	set_field(c, MS_F_NAME, buf);
}

static int same_ignoring_spaces(const char *a, const char *b)
{
	while (*a || *b) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a != *b)
			return 0;
		if (!*a)
			return 1;
		a++;
		b++;
	}
	return 1;
}

/* 1 if a and b have the same number of non-space characters, give or
 * take one. */
static int near_length(const char *a, const char *b)
{
	size_t ca, cb, ta, tb;

	count_cjk(a, &ca, &ta);
	count_cjk(b, &cb, &tb);
	return ta + 1 >= tb && tb + 1 >= ta;
}

/* 1 if the characters of a (spaces aside) appear in b in the same order
 * and b has at most two more: the OCR's best reading of a name line lost
 * ink that another reading kept ("節 子" and "大橋 節子"). */
static int kept_in(const char *a, const char *b)
{
	int32_t x[MS_MAX_LINE_BYTES], y[MS_MAX_LINE_BYTES];
	size_t nx = kn_decode(a, x, MS_MAX_LINE_BYTES);
	size_t ny = kn_decode(b, y, MS_MAX_LINE_BYTES), i = 0, j, ca = 0,
	       cb = 0;

	for (j = 0; j < ny; j++) {
		if (kn_is_space(y[j]))
			continue;
		cb++;
		while (i < nx && kn_is_space(x[i]))
			i++;
		if (i < nx && x[i] == y[j]) {
			i++;
			ca++;
		}
	}
	while (i < nx && kn_is_space(x[i]))
		i++;
	return i == nx && ca > 0 && cb <= ca + 3;
}

/* The name line read twice, each reading losing one half to Latin specks
 * ("_ 藤原 RAE" and "Rel 美穂"): the CJK words that open the first
 * reading (specks after them) and those that close the second (specks
 * before them), joined, into out; else "". */
static void halves_of(const char *a, const char *b, char *out, size_t cap)
{
	char na[MS_MAX_LINE_BYTES * 4], nb[MS_MAX_LINE_BYTES * 4];
	char fa[MS_MAX_FIELD_BYTES] = "", fb[MS_MAX_FIELD_BYTES] = "";
	const char *src[2] = {na, nb};
	char *dst[2] = {fa, fb};
	int k;

	out[0] = '\0';
	if (ms_nfkc(a, na, sizeof(na)) != MS_OK ||
	    ms_nfkc(b, nb, sizeof(nb)) != MS_OK)
		return;
	for (k = 0; k < 2; k++) {
		const char *p = src[k];
		int seen_cjk = 0, junk_after = 0, junk_before = 0;
		while (*p) {
			char w[MS_MAX_FIELD_BYTES];
			size_t n = ms_next_word(&p, w, sizeof(w)), cjk, total;
			if (n == 0)
				break;
			if (n >= sizeof(w))
				return;
			count_cjk(w, &cjk, &total);
			if (cjk == 0) {
				if (seen_cjk)
					junk_after = 1;
				else
					junk_before = 1;
				continue;
			}
			if (cjk != total || junk_after)
				return; /* mixed, or CJK on both sides */
			seen_cjk = 1;
			if (strlen(dst[k]) + n + 2 > MS_MAX_FIELD_BYTES)
				return;
			{
				size_t dl = strlen(dst[k]);
				if (dl)
					dst[k][dl++] = ' ';
				memcpy(dst[k] + dl, w, n + 1);
			}
		}
		/* The first keeps its start, the second its end. */
		if (!seen_cjk || (k == 0 && !junk_after) ||
		    (k == 1 && !junk_before))
			return;
	}
	if (strlen(fa) + strlen(fb) + 2 <= cap) {
		size_t la = strlen(fa);
		memcpy(out, fa, la);
		out[la] = ' ';
		memcpy(out + la + 1, fb, strlen(fb) + 1);
	}
}

/* 1 if line l gave a field other than the name and its reading. */
static int gave_other_field(const ms_contact *c, const ms_line *l)
{
	int f;

	for (f = 0; f < MS_F_COUNT; f++) {
		const ms_box *b = &c->box[f];
		if (f == MS_F_NAME || f == MS_F_FAMILY_NAME ||
		    f == MS_F_GIVEN_NAME || f == MS_F_NAME_READING ||
		    !c->v[f][0])
			continue;
		if (b->x == l->box.x && b->y == l->box.y && b->h == l->box.h)
			return 1;
	}
	return 0;
}

/* The kana of line l in hiragana, tokens with no kana ("@", "|") dropped,
 * one space between tokens; "" if a token mixes kana with anything else
 * or there are fewer than 3 or more than 16 kana. */
static void kana_line(const ms_line *l, char *out, size_t cap)
{
	char nf[MS_MAX_LINE_BYTES * 4];
	int32_t cp[MS_MAX_LINE_BYTES], o[MS_MAX_LINE_BYTES];
	size_t n, i, j, no = 0, kana = 0;

	out[0] = '\0';
	if (ms_nfkc(l->text, nf, sizeof(nf)) != MS_OK)
		return;
	n = kn_decode(nf, cp, MS_MAX_LINE_BYTES);
	for (i = 0; i < n; i = j) {
		size_t k = 0, t = 0;
		while (i < n && kn_is_space(cp[i]))
			i++;
		for (j = i; j < n && !kn_is_space(cp[j]); j++, t++)
			k += kn_is_kana(cp[j]) && !kn_is_kanji(cp[j]);
		if (k == 0)
			continue;
		if (k != t)
			return;
		if (no > 0)
			o[no++] = ' ';
		for (; i < j; i++)
			o[no++] = kn_hira(cp[i]);
		kana += k;
	}
	if (kana < 3 || kana > 16 || kn_encode(o, no, out, cap) != MS_OK)
		out[0] = '\0';
}

/* A kana line printed within two lines of the name line nl that reads as
 * a person's name: the reading the base passes turned down because it did
 * not sound like a misread name (近 武 printed with こんどう たけし).
 * Writes it into out and returns its line, or NULL. */
static const ms_line *find_reading(const ms_verify *v, const ms_lines *ls,
				   const ms_contact *c, const ms_line *nl,
				   char *out, size_t cap)
{
	size_t ni = (size_t)(nl - ls->v), d, s;

	for (d = 1; d <= 2; d++)
		for (s = 0; s < 2; s++) {
			const ms_line *l;
			if ((s == 0 && ni < d) || (s == 1 && ni + d >= ls->n))
				continue;
			l = &ls->v[s == 0 ? ni - d : ni + d];
			if (gave_other_field(c, l))
				continue;
			kana_line(l, out, cap);
			if (out[0] && ms_names_is_name_reading(v->names, out))
				return l;
		}
	out[0] = '\0';
	return NULL;
}

/* The OCR's confidence in a name line above which a correction that only
 * the printed reading (read by the same OCR) supports is not made. */
#define SURE_NAME 0.95f

/* The name against its printed reading, after the choice: one name alone
 * (the other lost by the OCR) is put in its place, and a reading one kana
 * off the name's dictionary reading is corrected. found: the reading was
 * found by find_reading, not by the base passes, and is taken only if it
 * agrees with the name. */
static void name_vs_reading(const ms_verify *v, ms_contact *c,
			    const char *reading, const ms_line *found)
{
	char j[MS_MAX_FIELD_BYTES], fixed[MS_MAX_FIELD_BYTES];
	char local[MS_MAX_FIELD_BYTES];
	ms_name_match m;
	ms_name_kind part = 0;

	m = ms_names_match_reading(v->names, c->v[MS_F_NAME], reading);
	if (m != MS_NAME_MATCH_FULL)
		part = ms_names_part_of_reading(v->names, c->v[MS_F_NAME],
						reading, NULL);
	if (m != MS_NAME_MATCH_FULL && !part && !found) {
		/* The base passes place the reading's space where they think
		 * the family name ends ("ほん だたろう" for a misread 本 田):
		 * the halves may meet elsewhere. */
		char jr[MS_MAX_FIELD_BYTES], hr[MS_MAX_FIELD_BYTES];
		size_t cut;

		ms_str_nospace(reading, jr, sizeof(jr));
		part = ms_names_part_of_reading(v->names, c->v[MS_F_NAME], jr,
						&cut);
		if (part && kn_hira_str(jr, hr, sizeof(hr)) == MS_OK &&
		    cut < strlen(hr) && strlen(hr) + 2 <= sizeof(fixed)) {
			memcpy(fixed, hr, cut);
			fixed[cut] = ' ';
			memcpy(fixed + cut + 1, hr + cut, strlen(hr) - cut + 1);
			set_field(c, MS_F_NAME_READING, fixed);
		}
	}
	if (part) {
		ms_str_nospace(c->v[MS_F_NAME], j, sizeof(j));
		set_field(c, MS_F_NAME, j);
		set_field(c, part == MS_NAME_SURNAME ? MS_F_FAMILY_NAME
						     : MS_F_GIVEN_NAME,
			  j);
		set_field(c, part == MS_NAME_SURNAME ? MS_F_GIVEN_NAME
						     : MS_F_FAMILY_NAME,
			  "");
		c->conf[MS_F_FAMILY_NAME] = c->conf[MS_F_GIVEN_NAME] =
			c->conf[MS_F_NAME];
		lower_conf(c, MS_F_NAME, 0.5f);
		c->review |= 1u << MS_F_NAME | 1u << MS_F_FAMILY_NAME |
			     1u << MS_F_GIVEN_NAME;
	}
	if (found) {
		if (m != MS_NAME_MATCH_FULL && !part) {
			/* Kept as the evidence a reading of the name again
			 * may agree with (see ms_verify_name_reread). */
			ms_strlcpy_utf8(c->reading_printed, reading,
					sizeof(c->reading_printed));
			return;
		}
		set_field(c, MS_F_NAME_READING, reading);
		c->conf[MS_F_NAME_READING] = found->conf * 0.9f;
		c->box[MS_F_NAME_READING] = found->box;
		c->review &= ~(1u << MS_F_NAME_READING);
		ms_strlcpy_utf8(c->name_reading_source, "printed",
				sizeof(c->name_reading_source));
		return;
	}
	email_local(c, local, sizeof(local));
	if (m != MS_NAME_MATCH_FULL && !part &&
	    ms_names_fix_reading(v->names, c->v[MS_F_NAME], reading, local,
				 fixed, sizeof(fixed))) {
		ms_strlcpy_utf8(c->reading_printed, reading,
				sizeof(c->reading_printed));
		set_field(c, MS_F_NAME_READING, fixed);
		lower_conf(c, MS_F_NAME_READING, 0.6f);
		c->review |= 1u << MS_F_NAME_READING;
	}
}

static int has_kanji(const char *s)
{
	int32_t cp[MS_MAX_FIELD_BYTES];
	size_t n = kn_decode(s, cp, MS_MAX_FIELD_BYTES), i;

	for (i = 0; i < n; i++)
		if (kn_is_kanji(cp[i]))
			return 1;
	return 0;
}

/* 1 if one word of latin spells the family name's reading. */
static int family_in_words(const char *reading, const char *latin)
{
	char w[MS_MAX_FIELD_BYTES];
	const char *p = latin;

	while (*p) {
		size_t n = ms_next_word(&p, w, sizeof(w));
		if (n == 0)
			break;
		if (n < sizeof(w) && ms_names_latin_agrees(reading, "", w) >= 0.5)
			return 1;
	}
	return 0;
}

/* The name is the romanised line of a Japanese card (the base passes
 * found no kanji name): a line, or another reading of one, that the
 * dictionary splits into a surname and a given name that the romanised
 * name spells in full becomes the name. */
static void kanji_for_latin(const ms_verify *v, const ms_lines *ls,
			    ms_contact *c)
{
	char t[MS_MAX_FIELD_BYTES];
	ms_name_split sp;
	size_t i, k;

	if (!ls || !c->v[MS_F_NAME_LATIN][0] ||
	    strcmp(c->v[MS_F_NAME], c->v[MS_F_NAME_LATIN]) != 0)
		return;
	for (i = 0; i < ls->n; i++)
		for (k = 0; k < 2; k++) {
			const ms_line *l = &ls->v[i];
			name_text(k ? l->alt : l->text, t, sizeof(t));
			float conf = 0.7f;
			if (!t[0] || gave_other_field(c, l) || !has_kanji(t) ||
			    ms_names_split(v->names, t, &sp) != MS_OK ||
			    !sp.family_reading[0] || !sp.given[0])
				continue;
			if (sp.score < 1 ||
			    ms_names_latin_agrees(sp.family_reading,
						  sp.given_reading,
						  c->v[MS_F_NAME_LATIN]) < 1) {
				/* A given name the dictionary lacks (琴音):
				 * the family name must be one of the words. */
				if (!family_in_words(sp.family_reading,
						     c->v[MS_F_NAME_LATIN]))
					continue;
				conf = 0.55f;
			}
			set_field(c, MS_F_FAMILY_NAME, sp.family);
			set_field(c, MS_F_GIVEN_NAME, sp.given);
			join_name(c);
			c->box[MS_F_NAME] = c->box[MS_F_FAMILY_NAME] =
				c->box[MS_F_GIVEN_NAME] = l->box;
			c->conf[MS_F_NAME] = c->conf[MS_F_FAMILY_NAME] =
				c->conf[MS_F_GIVEN_NAME] = conf;
			c->review |= 1u << MS_F_NAME;
			return;
		}
}

/* The romanised name printed without its space ("MAEDAJUNKO"): a line of
 * one Latin word that spells the printed reading's family and given name
 * in full, in either order, becomes name_latin with the space put back. */
static void joined_latin(const ms_lines *ls, ms_contact *c)
{
	const char *r = c->v[MS_F_NAME_READING], *sp = strchr(r, ' ');
	char fr[MS_MAX_FIELD_BYTES], gr[MS_MAX_FIELD_BYTES];
	char w[MS_MAX_FIELD_BYTES], a[MS_MAX_FIELD_BYTES];
	char b[MS_MAX_FIELD_BYTES], out[MS_MAX_FIELD_BYTES];
	size_t i, k, n;

	if (!ls || c->v[MS_F_NAME_LATIN][0] || !sp || !c->v[MS_F_NAME][0] ||
	    (size_t)(sp - r) >= sizeof(fr) ||
	    strcmp(c->name_reading_source, "printed") != 0)
		return;
	memcpy(fr, r, (size_t)(sp - r));
	fr[sp - r] = '\0';
	ms_strlcpy_utf8(gr, sp + 1, sizeof(gr));
	for (i = 0; i < ls->n; i++) {
		ms_strlcpy_utf8(w, ls->v[i].text, sizeof(w));
		ms_trim(w);
		n = strlen(w);
		for (k = 0; k < n; k++)
			if (!((w[k] >= 'A' && w[k] <= 'Z') ||
			      (w[k] >= 'a' && w[k] <= 'z')))
				break;
		if (k < n || n < 4 || n + 2 > sizeof(out) ||
		    ms_names_latin_agrees(fr, gr, w) < 1)
			continue;
		for (k = 2; k + 2 <= n; k++) {
			memcpy(a, w, k);
			a[k] = '\0';
			ms_strlcpy_utf8(b, w + k, sizeof(b));
			if ((ms_names_latin_agrees(fr, "", a) >= 0.5 &&
			     ms_names_latin_agrees("", gr, b) >= 0.4) ||
			    (ms_names_latin_agrees("", gr, a) >= 0.4 &&
			     ms_names_latin_agrees(fr, "", b) >= 0.5)) {
				memcpy(out, w, k);
				out[k] = ' ';
				memcpy(out + k + 1, w + k, n - k + 1);
				set_field(c, MS_F_NAME_LATIN, out);
				c->conf[MS_F_NAME_LATIN] = ls->v[i].conf * 0.8f;
				c->box[MS_F_NAME_LATIN] = ls->v[i].box;
				c->review |= 1u << MS_F_NAME_LATIN;
				return;
			}
		}
	}
}

/* s reduced to its one word with kanji, if its other words are specks
 * of three characters or fewer with no kanji or kana; else unchanged. */
static void one_kanji_of(char *s)
{
	char w[MS_MAX_LINE_BYTES * 4] = "";
	const char *p = s;
	int words = 0;

	while (*p) {
		size_t cjk, total;
		char t[MS_MAX_LINE_BYTES * 4];
		size_t n = ms_next_word(&p, t, sizeof(t));
		if (n == 0)
			break;
		count_cjk(t, &cjk, &total);
		if (cjk == 0 && total <= 3)
			continue;
		if (cjk != total || words++ > 0)
			return;
		memcpy(w, t, strlen(t) + 1);
	}
	if (words == 1)
		memcpy(s, w, strlen(w) + 1);
}

/* The kanji name unread (or read only in Latin letters): a kana line
 * that reads as a surname and a given name, cut at its printed space, is
 * still the printed reading, if the romanised name (when there is one)
 * spells it. A line of one kanji beside it that the reading names as one
 * half becomes that half ("修" with "きくち おさむ"). */
static void reading_alone(const ms_verify *v, const ms_lines *ls,
			  ms_contact *c)
{
	char r[MS_MAX_FIELD_BYTES], fr[MS_MAX_FIELD_BYTES];
	const char *latin = c->v[MS_F_NAME_LATIN], *sp;
	size_t i, j;

	if (!ls || c->v[MS_F_NAME_READING][0] ||
	    (c->v[MS_F_NAME][0] && strcmp(c->v[MS_F_NAME], latin) != 0))
		return;
	for (i = 0; i < ls->n; i++) {
		const ms_line *l = &ls->v[i];
		if (gave_other_field(c, l))
			continue;
		kana_line(l, r, sizeof(r));
		sp = strchr(r, ' ');
		if (!r[0] || !sp || strchr(sp + 1, ' ') ||
		    (size_t)(sp - r) >= sizeof(fr) ||
		    !ms_names_is_name_reading(v->names, r))
			continue;
		memcpy(fr, r, (size_t)(sp - r));
		fr[sp - r] = '\0';
		if (latin[0] &&
		    ms_names_latin_agrees(fr, sp + 1, latin) < 0.5 &&
		    ms_names_latin_agrees(sp + 1, fr, latin) < 0.5)
			continue;
		set_field(c, MS_F_NAME_READING, r);
		c->conf[MS_F_NAME_READING] = l->conf * 0.8f;
		c->box[MS_F_NAME_READING] = l->box;
		c->review |= 1u << MS_F_NAME_READING;
		ms_strlcpy_utf8(c->name_reading_source, "printed",
				sizeof(c->name_reading_source));
		if (c->v[MS_F_NAME][0])
			return;
		for (j = i > 2 ? i - 2 : 0; j < ls->n && j <= i + 2; j++) {
			char nf[MS_MAX_LINE_BYTES * 4];
			int32_t cp[4];
			ms_name_kind part;
			if (j == i || gave_other_field(c, &ls->v[j]) ||
			    ms_nfkc(ls->v[j].text, nf, sizeof(nf)) != MS_OK)
				continue;
			ms_trim(nf);
			/* Specks of Latin beside it aside ("aA 正"). */
			one_kanji_of(nf);
			if (kn_decode(nf, cp, 4) != 1 || !kn_is_kanji(cp[0]))
				continue;
			part = ms_names_part_of_reading(v->names, nf, r, NULL);
			if (!part)
				continue;
			set_field(c, MS_F_NAME, nf);
			set_field(c, part == MS_NAME_SURNAME ? MS_F_FAMILY_NAME
							     : MS_F_GIVEN_NAME,
				  nf);
			c->conf[MS_F_NAME] = c->conf[MS_F_FAMILY_NAME] =
				c->conf[MS_F_GIVEN_NAME] = 0.5f;
			c->box[MS_F_NAME] = c->box[MS_F_FAMILY_NAME] =
				c->box[MS_F_GIVEN_NAME] = ls->v[j].box;
			c->review |= 1u << MS_F_NAME | 1u << MS_F_FAMILY_NAME |
				     1u << MS_F_GIVEN_NAME;
			return;
		}
		return;
	}
}

static ms_rc verify_name(const ms_verify *v, const ms_lines *ls,
			 ms_contact *c)
{
	char base[MS_MAX_FIELD_BYTES], alt[MS_MAX_FIELD_BYTES];
	char text[MS_MAX_FIELD_BYTES], local[MS_MAX_FIELD_BYTES];
	char found[MS_MAX_FIELD_BYTES] = "", halves[MS_MAX_FIELD_BYTES];
	const char *cands[4];
	/* Candidates that only the card's evidence may choose: a reading
	 * with a whole name more than the best one, or two halves joined. */
	int needs_evidence[4] = {0};
	size_t n = 0;
	const ms_line *l, *fl = NULL;
	ms_name_choice ch;
	int printed;
	ms_rc rc;

	kanji_for_latin(v, ls, c);
	reading_alone(v, ls, c);
	name_text(c->v[MS_F_NAME], base, sizeof(base));
	if (!base[0])
		return MS_OK;
	cands[n++] = base;
	l = line_of(ls, c, MS_F_NAME);
	if (l) {
		/* Other readings of the same ink, of about the same length
		 * (a title read with the name is not a reading of it). */
		name_text(l->text, text, sizeof(text));
		if (text[0] && !same_ignoring_spaces(text, base) &&
		    near_length(text, base))
			cands[n++] = text;
		name_text(l->alt, alt, sizeof(alt));
		if (alt[0] && !same_ignoring_spaces(alt, base) &&
		    (near_length(alt, base) || kept_in(base, alt)) &&
		    !(n > 1 && same_ignoring_spaces(alt, text))) {
			size_t ca, ta, cb, tb;
			count_cjk(base, &cb, &tb);
			count_cjk(alt, &ca, &ta);
			needs_evidence[n] = ta > tb + 2;
			cands[n++] = alt;
		}
		halves_of(l->text, l->alt, halves, sizeof(halves));
		if (!halves[0])
			halves_of(l->alt, l->text, halves, sizeof(halves));
		if (halves[0] && !same_ignoring_spaces(halves, base) &&
		    kept_in(base, halves)) {
			needs_evidence[n] = 1;
			cands[n++] = halves;
		}
	}
	email_local(c, local, sizeof(local));
	printed = strcmp(c->name_reading_source, "printed") == 0 &&
		  c->v[MS_F_NAME_READING][0];
	if (!printed && l)
		fl = find_reading(v, ls, c, l, found, sizeof(found));
	rc = ms_names_choose(v->names, cands, n,
			     printed ? c->v[MS_F_NAME_READING]
			     : fl    ? found
				     : NULL,
			     c->v[MS_F_NAME_LATIN], local, &ch);
	if (rc == MS_ERR_NOMEM)
		return rc;
	if (rc)
		return MS_OK;
	if (ch.review && ch.candidate > 0 && ch.evidence >= 0.4 &&
	    ch.evidence > ch.evidence0 && !c->v[MS_F_GIVEN_NAME][0]) {
		/* The best reading lost the given name ("川上 A"), another
		 * has one the card's evidence fits better, and names one
		 * character off it fit the reading too many ways to choose
		 * (悠太, 優太, 雄太 for ゆうた, where the dictionary lacks
		 * the printed 裕太): that reading, flagged. */
		set_field(c, MS_F_NAME, ch.name);
		if (ch.family[0] && ch.given[0]) {
			set_field(c, MS_F_FAMILY_NAME, ch.family);
			set_field(c, MS_F_GIVEN_NAME, ch.given);
		}
		c->conf[MS_F_NAME] = c->conf[MS_F_FAMILY_NAME] =
			c->conf[MS_F_GIVEN_NAME] = 0.6f;
		c->review |= 1u << MS_F_NAME;
	} else if (ch.review) {
		lower_conf(c, MS_F_NAME, (float)ch.confidence);
		c->review |= 1u << MS_F_NAME;
	} else if (ch.candidate > 0 && needs_evidence[ch.candidate] &&
		   ch.confidence < 0.8) {
		/* The card does not say the longer reading is right. */
	} else if (ch.corrected && !ch.completed && l &&
		   l->conf >= SURE_NAME && ch.evidence < 1.5) {
		/* The OCR was sure of the name and only the printed reading,
		 * read by the same OCR in smaller type, says otherwise
		 * (松浦 against "まつうち"): the reading is the likelier
		 * misread. The name stays, flagged. */
		c->review |= 1u << MS_F_NAME;
	} else if (ch.candidate != 0) {
		/* Another reading of the line, or a look-alike corrected,
		 * that the card's evidence agrees with. */
		set_field(c, MS_F_NAME, ch.name);
		if (ch.family[0] && ch.given[0]) {
			set_field(c, MS_F_FAMILY_NAME, ch.family);
			set_field(c, MS_F_GIVEN_NAME, ch.given);
		}
		c->conf[MS_F_NAME] = (float)ch.confidence;
		c->conf[MS_F_FAMILY_NAME] = (float)ch.confidence;
		c->conf[MS_F_GIVEN_NAME] = (float)ch.confidence;
		c->review |= 1u << MS_F_NAME;
		if (!ch.corrected && ch.confidence >= 0.8)
			c->review &= ~(1u << MS_F_NAME);
	} else if ((printed || fl) && !ch.reading_full) {
		/* The email or the family name fits, but the reading names
		 * another given name than the one read. */
		lower_conf(c, MS_F_NAME, 0.6f);
		c->review |= 1u << MS_F_NAME;
	} else if (ch.confidence >= 0.8) {
		raise_conf(c, MS_F_NAME, (float)ch.confidence);
		c->review &= ~(1u << MS_F_NAME);
	}
	/* Split with the dictionary where the base passes did not. */
	if (!c->v[MS_F_FAMILY_NAME][0] && !c->v[MS_F_GIVEN_NAME][0] &&
	    ms_utf8_len(c->v[MS_F_NAME]) >= 3) {
		ms_name_split sp;
		int spaced = strchr(c->v[MS_F_NAME], ' ') != NULL;
		if (ms_names_split(v->names, c->v[MS_F_NAME], &sp) == MS_OK &&
		    (sp.score >= 1 || (spaced && sp.score >= 0.5)) &&
		    sp.family[0] && sp.given[0]) {
			set_field(c, MS_F_FAMILY_NAME, sp.family);
			set_field(c, MS_F_GIVEN_NAME, sp.given);
			c->conf[MS_F_FAMILY_NAME] = c->conf[MS_F_NAME] *
						    (sp.score >= 1 ? 1 : 0.6f);
			c->conf[MS_F_GIVEN_NAME] = c->conf[MS_F_FAMILY_NAME];
			if (sp.score < 1)
				c->review |= 1u << MS_F_FAMILY_NAME |
					     1u << MS_F_GIVEN_NAME;
		}
	}
	join_name(c);
	if (printed || fl)
		name_vs_reading(v, c, printed ? c->v[MS_F_NAME_READING] : found,
				fl);
	joined_latin(ls, c);
	/* No reading printed: derive one. */
	if (!c->v[MS_F_NAME_READING][0] && ch.reading[0] &&
	    ch.reading_derived &&
	    same_ignoring_spaces(ch.name, c->v[MS_F_NAME])) {
		set_field(c, MS_F_NAME_READING, ch.reading);
		c->conf[MS_F_NAME_READING] = c->conf[MS_F_NAME] * 0.6f;
		c->review |= 1u << MS_F_NAME_READING;
		ms_strlcpy_utf8(c->name_reading_source, "derived",
				sizeof(c->name_reading_source));
	}
	return MS_OK;
}

/* ---- the name read again, limited to what its reading allows ---- */

/* The reading as printed: before a correction to fit the name. */
static const char *printed_reading(const ms_contact *c)
{
	return c->reading_printed[0] ? c->reading_printed
				     : c->v[MS_F_NAME_READING];
}

/* The printed reading's two halves, if it is printed with one space. */
static int reading_halves(const ms_contact *c, char *fr, char *gr,
			  size_t cap)
{
	const char *r = printed_reading(c), *sp = strchr(r, ' ');

	if ((!c->reading_printed[0] &&
	     strcmp(c->name_reading_source, "printed") != 0) ||
	    !sp ||
	    strchr(sp + 1, ' ') || sp == r || (size_t)(sp - r) >= cap ||
	    !sp[1])
		return 0;
	memcpy(fr, r, (size_t)(sp - r));
	fr[sp - r] = '\0';
	ms_strlcpy_utf8(gr, sp + 1, cap);
	return 1;
}

/* Adds the code points of s (spaces aside) that set lacks. */
static void add_chars(int32_t *set, size_t *n, size_t cap, const char *s)
{
	int32_t cp[MS_MAX_FIELD_BYTES];
	size_t k = kn_decode(s, cp, MS_MAX_FIELD_BYTES), i, j;

	for (i = 0; i < k; i++) {
		if (cp[i] == ' ')
			continue;
		for (j = 0; j < *n && set[j] != cp[i]; j++)
			;
		if (j == *n && *n < cap)
			set[(*n)++] = cp[i];
	}
}

/* 1 if surface is a kind of name the dictionary reads as reading. */
static int read_as_part(const ms_verify *v, ms_name_kind kind,
			const char *surface, const char *reading)
{
	const char *r[16];
	char h[MS_MAX_FIELD_BYTES];
	size_t n, i;

	if (!surface[0] || kn_hira_str(reading, h, sizeof(h)) != MS_OK)
		return 0;
	n = ms_names_readings(v->names, kind, surface, r, 16);
	for (i = 0; i < n && i < 16; i++)
		if (strcmp(r[i], h) == 0)
			return 1;
	return 0;
}

/* 1 if one of the dictionary's readings of surface as kind agrees with
 * the romanised word w (as that half alone). */
static int latin_reads(const ms_verify *v, ms_name_kind kind,
		       const char *surface, const char *w)
{
	const char *r[16];
	size_t n = ms_names_readings(v->names, kind, surface, r, 16), i;

	for (i = 0; i < n && i < 16; i++)
		if (kind == MS_NAME_SURNAME
			? ms_names_latin_agrees(r[i], "", w) >= 0.5
			: ms_names_latin_agrees("", r[i], w) >= 0.4)
			return 1;
	return 0;
}

/* No reading printed, but a romanised name of two words, one of which
 * spells the family name as read (石原 with "Akira Ishihara"): the
 * family name into fam and the other word, the given name, into gw. */
static int latin_halves(const ms_verify *v, const ms_contact *c, char *fam,
			char *gw, size_t cap)
{
	const char *latin = c->v[MS_F_NAME_LATIN], *sp = strchr(latin, ' ');
	char a[MS_MAX_FIELD_BYTES];
	const char *p = c->v[MS_F_NAME];
	size_t n;

	if (c->v[MS_F_NAME_READING][0] &&
	    strcmp(c->name_reading_source, "printed") == 0)
		return 0;
	if (!sp || strchr(sp + 1, ' ') || sp == latin || !sp[1] ||
	    (size_t)(sp - latin) >= cap)
		return 0;
	n = ms_next_word(&p, fam, cap);
	if (n == 0)
		return 0;
	memcpy(a, latin, (size_t)(sp - latin));
	a[sp - latin] = '\0';
	if (latin_reads(v, MS_NAME_SURNAME, fam, a))
		ms_strlcpy_utf8(gw, sp + 1, cap);
	else if (latin_reads(v, MS_NAME_SURNAME, fam, sp + 1))
		ms_strlcpy_utf8(gw, a, cap);
	else
		return 0;
	return 1;
}

int ms_verify_name_reread(const ms_verify *v, const ms_contact *c,
			  ms_name_reread *rr)
{
	char fr[MS_MAX_FIELD_BYTES], gr[MS_MAX_FIELD_BYTES];
	char joined[MS_MAX_FIELD_BYTES];
	const char *fam[MS_NAME_SPELLINGS], *giv[MS_NAME_SPELLINGS];
	int32_t set[MS_NAME_REREAD_CHARS / 4];
	size_t nf, ng, n = 0, i;
	ms_box b = c->box[MS_F_NAME];

	rr->more[0].h = rr->more[1].h = 0;
	/* The name in kanji not read at all (big bold type the layout
	 * analysis missed; the romanised name or nothing taken for it), its
	 * reading printed: the name lies under the reading, above the
	 * romanised name if that is below, or over the reading. */
	if (!has_kanji(c->v[MS_F_NAME]) &&
	    reading_halves(c, fr, gr, sizeof(fr)) &&
	    c->box[MS_F_NAME_READING].h > 0) {
		const ms_box *r = &c->box[MS_F_NAME_READING];
		const ms_box *l = &c->box[MS_F_NAME_LATIN];
		nf = ms_names_spellings(v->names, MS_NAME_SURNAME, fr, fam,
					MS_NAME_SPELLINGS);
		ng = ms_names_spellings(v->names, MS_NAME_GIVEN, gr, giv,
					MS_NAME_SPELLINGS);
		if (!nf || !ng)
			return 0;
		for (i = 0; i < nf; i++)
			add_chars(set, &n, sizeof(set) / sizeof(set[0]),
				  fam[i]);
		for (i = 0; i < ng; i++)
			add_chars(set, &n, sizeof(set) / sizeof(set[0]),
				  giv[i]);
		if (kn_encode(set, n, rr->chars, sizeof(rr->chars)) != MS_OK)
			return 0;
		b.x = r->x > r->h ? r->x - r->h : 0;
		b.y = r->y + r->h;
		b.w = 2 * r->w + r->h;
		b.h = 4 * r->h;
		if (l->h > 0 && l->y > b.y + r->h && l->y < b.y + b.h)
			b.h = l->y - b.y;
		rr->box = b;
		/* then wider, a name centred on its reading being wider than
		 * it (平田 哲也 starts five reading heights left of ひらた
		 * てつや); a box that fits the name reads best, so both */
		b.x = r->x > 5 * r->h ? r->x - 5 * r->h : 0;
		b.w = 2 * r->w + 6 * r->h;
		rr->more[0] = b;
		/* or over the reading (藤原美穂 over ふじわら みほ), below
		 * the nearest field read above it */
		b.y = r->y > 5 * r->h ? r->y - 5 * r->h : 0;
		for (i = 0; i < (size_t)MS_F_COUNT; i++) {
			const ms_box *o = &c->box[i];
			int bottom = o->y + o->h;

			if (o->h > 0 && bottom <= r->y + r->h / 2 &&
			    bottom > b.y && o->x < b.x + b.w &&
			    o->x + o->w > b.x)
				b.y = bottom;
		}
		b.h = r->y - b.y;
		if (b.h >= 2 * r->h)
			rr->more[1] = b;
		return 1;
	}
	if (!c->v[MS_F_NAME][0] || !has_kanji(c->v[MS_F_NAME]) || b.w <= 0 ||
	    b.h <= 0)
		return 0;
	if (reading_halves(c, fr, gr, sizeof(fr))) {
		if (ms_names_match_reading(v->names, c->v[MS_F_NAME],
					   printed_reading(c)) ==
		    MS_NAME_MATCH_FULL)
			return 0;
		nf = ms_names_spellings(v->names, MS_NAME_SURNAME, fr, fam,
					MS_NAME_SPELLINGS);
		ng = ms_names_spellings(v->names, MS_NAME_GIVEN, gr, giv,
					MS_NAME_SPELLINGS);
	} else if (latin_halves(v, c, fr, gr, sizeof(fr))) {
		/* fr is the family name as read, gr the given name in
		 * Latin letters. */
		if (c->v[MS_F_GIVEN_NAME][0] &&
		    latin_reads(v, MS_NAME_GIVEN, c->v[MS_F_GIVEN_NAME], gr))
			return 0;
		fam[0] = fr;
		nf = 1;
		ng = ms_names_spellings_latin(v->names, MS_NAME_GIVEN, gr,
					      giv, MS_NAME_SPELLINGS);
	} else {
		return 0;
	}
	if (!ng)
		return 0;
	nf = nf < MS_NAME_SPELLINGS ? nf : MS_NAME_SPELLINGS;
	ng = ng < MS_NAME_SPELLINGS ? ng : MS_NAME_SPELLINGS;
	/* The halves as read, where they fit their readings; a misread
	 * character is not offered again. */
	if (read_as_part(v, MS_NAME_SURNAME, c->v[MS_F_FAMILY_NAME], fr))
		add_chars(set, &n, sizeof(set) / sizeof(set[0]),
			  c->v[MS_F_FAMILY_NAME]);
	if (read_as_part(v, MS_NAME_GIVEN, c->v[MS_F_GIVEN_NAME], gr))
		add_chars(set, &n, sizeof(set) / sizeof(set[0]),
			  c->v[MS_F_GIVEN_NAME]);
	for (i = 0; i < nf; i++)
		add_chars(set, &n, sizeof(set) / sizeof(set[0]), fam[i]);
	for (i = 0; i < ng; i++)
		add_chars(set, &n, sizeof(set) / sizeof(set[0]), giv[i]);
	if (kn_encode(set, n, rr->chars, sizeof(rr->chars)) != MS_OK)
		return 0;
	/* A half the OCR lost lies beside the half it read: a given name
	 * of one or two characters after a wide space, or a family name
	 * before it (和樹, split 和 樹, read alone under さかい かずき). */
	ms_str_nospace(c->v[MS_F_NAME], joined, sizeof(joined));
	if ((!c->v[MS_F_GIVEN_NAME][0] && !strchr(c->v[MS_F_NAME], ' ')) ||
	    read_as_part(v, MS_NAME_SURNAME, joined, fr)) {
		b.w += 3 * b.h;
	} else if (!c->v[MS_F_FAMILY_NAME][0] ||
		   read_as_part(v, MS_NAME_GIVEN, joined, gr)) {
		int left = b.x < 3 * b.h ? b.x : 3 * b.h;
		b.x -= left;
		b.w += left;
	}
	rr->box = b;
	return 1;
}

int ms_verify_name_take(const ms_verify *v, ms_contact *c, const char *text)
{
	char t[MS_MAX_FIELD_BYTES];
	char fr[MS_MAX_FIELD_BYTES], gr[MS_MAX_FIELD_BYTES];
	ms_name_split sp;

	ms_str_nospace(text, t, sizeof(t));
	if (!t[0] || same_ignoring_spaces(t, c->v[MS_F_NAME]) ||
	    ms_names_split(v->names, t, &sp) != MS_OK || sp.score < 1 ||
	    !sp.family[0] || !sp.given[0])
		return 0;
	if (reading_halves(c, fr, gr, sizeof(fr))) {
		if (ms_names_match_reading(v->names, t, printed_reading(c)) !=
		    MS_NAME_MATCH_FULL)
			return 0;
		/* The name read again fits the reading as printed, which
		 * was corrected to fit the misread name: put it back. */
		if (c->reading_printed[0]) {
			set_field(c, MS_F_NAME_READING, c->reading_printed);
			c->conf[MS_F_NAME_READING] = 0.55f;
			c->review |= 1u << MS_F_NAME_READING;
			ms_strlcpy_utf8(c->name_reading_source, "printed",
					sizeof(c->name_reading_source));
			c->reading_printed[0] = '\0';
		}
	} else if (!latin_halves(v, c, fr, gr, sizeof(fr)) ||
		   strcmp(sp.family, fr) != 0 ||
		   !latin_reads(v, MS_NAME_GIVEN, sp.given, gr)) {
		/* The romanised name: the family name as read, a given
		 * name it spells. */
		return 0;
	}
	set_field(c, MS_F_FAMILY_NAME, sp.family);
	set_field(c, MS_F_GIVEN_NAME, sp.given);
	join_name(c);
	/* The reading's agreement is the evidence, not Tesseract's
	 * confidence in a limited reading (that of its own first choice,
	 * often another character): the name is set just under the review
	 * desk's mark (0.6), so that the correction is shown for checking. */
	c->conf[MS_F_NAME] = c->conf[MS_F_FAMILY_NAME] =
		c->conf[MS_F_GIVEN_NAME] = 0.55f;
	c->review |= 1u << MS_F_NAME | 1u << MS_F_FAMILY_NAME |
		     1u << MS_F_GIVEN_NAME;
	return 1;
}

/* ---- company and domain ---- */

/* 1 if s names a company by its legal form. */
static int looks_like_company(const char *s)
{
	static const char *const forms[] = {
		"株式会社", "有限会社", "合同会社", "合資会社", "(株)", "㈱",
		"Inc",      "Ltd",      "LLC",      "Corp",     "GmbH",
	};
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(*forms); i++)
		if (strstr(s, forms[i]))
			return 1;
	return 0;
}

struct co_best {
	const ms_verify *v;
	const char *dom;
	int32_t cp[MS_MAX_FIELD_BYTES];
	size_t n, pos;
	char best[MS_MAX_FIELD_BYTES];
	double score;
	int tried;
};

/* Scores the name cp[0..n) against the domain; keeps the best. */
static void co_score(struct co_best *g, const int32_t *cp, size_t n)
{
	char s[MS_MAX_FIELD_BYTES];
	double sc;

	if (kn_encode(cp, n, s, sizeof(s)) != MS_OK)
		return;
	sc = ms_domain_score(g->v->domain, s, g->dom);
	if (sc > g->score) {
		g->score = sc;
		ms_strlcpy_utf8(g->best, s, sizeof(g->best));
	}
}

/* Most dictionary words tried per word of the domain label. */
#define KANJI_WORDS 24

static void kanji_words(const ms_verify *v, struct co_best *g,
			const char *label)
{
	const char *t = label, *w[KANJI_WORDS];
	char word[MS_MAX_FIELD_BYTES];

	while (*t) {
		size_t l = strcspn(t, "-_."), nw, i, p;

		if (l >= 3 && l < sizeof(word)) {
			memcpy(word, t, l);
			word[l] = '\0';
			nw = ms_domain_kanji_words(v->domain, word, w,
						   KANJI_WORDS);
			for (i = 0; i < nw; i++) {
				int32_t k[4];
				if (kn_decode(w[i], k, 4) != 2)
					continue;
				for (p = 0; p + 1 < g->n; p++) {
					int32_t a = g->cp[p], b = g->cp[p + 1];
					/* one of the two misread, as a
					 * kanji or a kana (設き for 設計) */
					if ((!kn_is_kanji(a) && !kn_is_kana(a)) ||
					    (!kn_is_kanji(b) && !kn_is_kana(b)) ||
					    !(kn_is_kanji(a) || kn_is_kanji(b)) ||
					    (a == k[0]) == (b == k[1]))
						continue;
					g->cp[p] = k[0], g->cp[p + 1] = k[1];
					co_score(g, g->cp, g->n);
					g->cp[p] = a, g->cp[p + 1] = b;
				}
				/* or one of them lost (北エンジニアリング
				 * for 北斗 and hokuto-eng) */
				for (p = 0; p < g->n &&
					    g->n + 1 < MS_MAX_FIELD_BYTES;
				     p++) {
					size_t at;
					if (g->cp[p] == k[0] &&
					    (p + 1 == g->n || g->cp[p + 1] != k[1]))
						at = p + 1;
					else if (g->cp[p] == k[1] &&
						 (p == 0 || g->cp[p - 1] != k[0]))
						at = p;
					else
						continue;
					memmove(g->cp + at + 1, g->cp + at,
						(g->n - at) * sizeof(*g->cp));
					g->cp[at] = at == p ? k[0] : k[1];
					co_score(g, g->cp, g->n + 1);
					memmove(g->cp + at, g->cp + at + 1,
						(g->n - at) * sizeof(*g->cp));
				}
			}
		}
		t += l;
		if (*t)
			t++;
	}
}

static void co_try(int32_t b, void *arg)
{
	struct co_best *g = arg;
	int32_t keep = g->cp[g->pos];

	if (g->tried >= MS_VF_MAX_COMPANY_VARIANTS)
		return;
	g->tried++;
	g->cp[g->pos] = b;
	co_score(g, g->cp, g->n);
	g->cp[g->pos] = keep;
}

/* Byte offset of a Japanese legal form in s, or -1; *len its length. */
static long legal_form_at(const char *s, size_t *len)
{
	static const char *const forms[] = {
		"株式会社", "有限会社", "合同会社", "合資会社",
		"一般社団法人", "一般財団法人", "(株)", "(有)",
	};
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(*forms); i++) {
		const char *p = strstr(s, forms[i]);
		if (p) {
			*len = strlen(forms[i]);
			return (long)(p - s);
		}
	}
	return -1;
}

/* 1 if s[0..n) is one to four lower-case letters or bars ("al", "all",
 * "|l"): what a bar or a logo's edge reads as, not a word of a name. */
static int latin_speck(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 4)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '|'))
			return 0;
	return 1;
}

/* OCR adds a speck before a company that begins with its legal form
 * (依株式会社アオバ, 〇有限会社ミナト) and after an English one that ends
 * with it (Harbor & Finch Co., Ltd. 0): such a lone character is not part
 * of the name. */
static void trim_company_specks(ms_contact *c)
{
	static const char *const tails[] = {
		"Ltd.", "Ltd", "Limited", "Inc.", "Inc", "LLC", "Corp.",
		"Corporation", "GmbH", "Co.", "Ltda.", "Ltda", "S/A", "S.A.",
		"EIRELI",
	};
	char *s = c->v[MS_F_COMPANY];
	size_t n = strlen(s), len = 0, i;
	int32_t cp;
	size_t k = ms_utf8_next(s, n, &cp);
	long at = legal_form_at(s, &len);

	/* "リンクスタッフ株式会視": the legal form's last character
	 * misread at the end of the name (a kanji, so n >= e + 3) */
	if (at < 0 && ms_utf8_len(s) >= 6) {
		static const char *const stems[] = {"株式会", "有限会", "合同会"};
		size_t e = n; /* where the last character starts */
		int32_t last;

		while (e > 0 && ((unsigned char)s[e - 1] & 0xC0) == 0x80)
			e--;
		if (e > 0)
			e--;
		for (i = 0; i < sizeof(stems) / sizeof(*stems); i++) {
			size_t sl = strlen(stems[i]);
			if (e < sl || strncmp(s + e - sl, stems[i], sl) != 0 ||
			    !ms_utf8_next(s + e, n - e, &last) ||
			    !kn_is_kanji(last))
				continue;
			memcpy(s + e, "社", 4);
			n = strlen(s);
			at = legal_form_at(s, &len);
			k = ms_utf8_next(s, n, &cp);
			c->review |= 1u << MS_F_COMPANY;
			break;
		}
	}
	if (k > 0 && at == (long)k && ms_utf8_len(s + k + len) >= 2 &&
	    !kn_is_kana(cp)) {
		memmove(s, s + k, n - k + 1);
		c->review |= 1u << MS_F_COMPANY;
		return;
	}
	/* "© (株)コスモ情報システム", "月| | (株)瑞穂リサーチ": specks (up to
	 * three characters, spaces between) before a legal form that begins
	 * the name */
	if (at > 0 && ms_utf8_len(s + at + len) >= 2 && s[at - 1] == ' ') {
		size_t ink = 0;
		for (i = 0; i < (size_t)at; i += k) {
			int32_t x;
			k = ms_utf8_next(s + i, (size_t)at - i, &x);
			if (k == 0)
				break;
			ink += x != ' ';
		}
		if (i == (size_t)at && ink > 0 && ink <= 3) {
			memmove(s, s + at, n - (size_t)at + 1);
			n = strlen(s);
			at = 0;
			k = ms_utf8_next(s, n, &cp);
			c->review |= 1u << MS_F_COMPANY;
		}
	}
	/* "〇関西ケミカル株式会社", "(ぴマルヤマ食品株式会社": a name that
	 * ends with its legal form, after a circle, an opening bracket never
	 * closed, or one hiragana before katakana. */
	if (k > 0 && at > 0 && (size_t)at + len == n &&
	    (cp == 0x3007 || cp == 0x25CB || cp == '(' || cp == 0xFF08) &&
	    !strchr(s, ')') && !strstr(s, "）")) {
		memmove(s, s + k, n - k + 1);
		n -= k;
		c->review |= 1u << MS_F_COMPANY;
		k = ms_utf8_next(s, n, &cp);
		if (k > 0 && cp >= 0x3041 && cp <= 0x3096) {
			int32_t nx = 0;
			if (ms_utf8_next(s + k, n - k, &nx) && nx >= 0x30A1 &&
			    nx <= 0x30FA) {
				memmove(s, s + k, n - k + 1);
				n -= k;
			}
		}
		return;
	}
	/* "ロ Eletronica ADACHI Ltda.", "、CEASTEC S/C LTDA.": a Latin name
	 * after one kana, kanji or Japanese punctuation mark. */
	if (k > 0 && cp >= 0x3000 && cp <= 0x9FFF &&
	    !(cp >= 0x3200 && cp <= 0x33FF) && /* ㈱ and the like */
	    !is_japanese(s + k) &&
	    legal_form_at(s, &len) < 0) {
		size_t j = k, cjk, tot;
		while (s[j] == ' ')
			j++;
		count_cjk(s + j, &cjk, &tot);
		if (tot >= 3) {
			memmove(s, s + j, n - j + 1);
			n -= j;
			c->review |= 1u << MS_F_COMPANY;
		}
	}
	/* "all (株)富士ソリューションズ", "(株)ツバサ広告 al": a vertical
	 * bar or a logo's edge read as a short lower-case Latin word, apart
	 * from a Japanese name. */
	if (is_japanese(s)) {
		size_t w = strcspn(s, " ");
		char *last;
		if (s[w] == ' ' && latin_speck(s, w) && is_japanese(s + w + 1)) {
			memmove(s, s + w + 1, n - w);
			n -= w + 1;
			c->review |= 1u << MS_F_COMPANY;
		}
		last = strrchr(s, ' ');
		if (last && latin_speck(last + 1, strlen(last + 1))) {
			*last = '\0';
			n = strlen(s);
			c->review |= 1u << MS_F_COMPANY;
		}
	}
	/* "Maple & Stone Inc. eee all": lower-case specks after the legal
	 * form that ends an English name. */
	for (i = 0; i < sizeof(tails) / sizeof(*tails); i++) {
		const char *p = strstr(s, tails[i]), *q;
		size_t t = strlen(tails[i]);
		if (!p || p[t] != ' ')
			continue;
		for (q = p + t; *q == ' ';) {
			size_t w = strcspn(q + 1, " ");
			if (!latin_speck(q + 1, w))
				break;
			q += 1 + w;
		}
		if (*q == '\0') {
			s[p + t - s] = '\0';
			c->review |= 1u << MS_F_COMPANY;
			return;
		}
	}
	/* "alll Harbor & Finch LLP": a bar read as a, l, | before an English
	 * name */
	if (!is_japanese(s)) {
		size_t w = strcspn(s, " "), bars = 0;
		for (i = 0; i < w && strchr("al|I!", s[i]); i++)
			bars += s[i] != 'a';
		if (i == w && w <= 4 && bars > 0 && s[w] == ' ' &&
		    isupper((unsigned char)s[w + 1])) {
			memmove(s, s + w + 1, n - w);
			n -= w + 1;
			c->review |= 1u << MS_F_COMPANY;
		}
	}
	/* "... Ltd. 0", "... Limited Be": a space and one to three
	 * characters after the legal form. */
	for (k = 1; k <= 3 && n >= k + 2; k++) {
		size_t w = n - k - 1;
		if (s[w] != ' ')
			continue;
		for (i = w + 1; i < n && (unsigned char)s[i] < 0x80 &&
				s[i] != ' ';
		     i++)
			;
		if (i < n)
			break;
		for (i = 0; i < sizeof(tails) / sizeof(*tails); i++) {
			size_t t = strlen(tails[i]);
			if (w >= t && strncasecmp(s + w - t, tails[i], t) == 0) {
				s[w] = '\0';
				c->review |= 1u << MS_F_COMPANY;
				return;
			}
		}
		break;
	}
}

/* Levenshtein distance of two short ASCII words, capped at 9. */
static int word_distance(const char *a, const char *b)
{
	int d[33][33];
	size_t la = strlen(a), lb = strlen(b), i, j;

	if (la > 32 || lb > 32)
		return 9;
	for (i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			int x = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < x)
				x = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < x)
				x = d[i][j - 1] + 1;
			d[i][j] = x;
		}
	return d[la][lb] > 9 ? 9 : d[la][lb];
}

/* An English company's first word misread (Copperieat Studio Limited
 * with copperleaf.com): the domain label spells it. Only the first word,
 * only a near spelling of the whole label, and only in the same letters'
 * case style. */
static void fix_latin_company(ms_contact *c, const char *label)
{
	char *s = c->v[MS_F_COMPANY], w[33], lw[33];
	size_t n = strcspn(s, " "), i, ll = strlen(label);
	int d;

	if (n < 5 || n > 32 || strchr(label, '-') || ll + 1 < n ||
	    ll > n + 1)
		return;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x80)
			return;
		lw[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	lw[n] = '\0';
	if (strcmp(lw, label) == 0)
		return;
	d = word_distance(lw, label);
	if (d > 2 || d * 4 > (int)ll)
		return;
	for (i = 0; i < ll; i++)
		w[i] = label[i];
	w[ll] = '\0';
	if (s[0] >= 'A' && s[0] <= 'Z')
		w[0] = (char)(w[0] - 32);
	if (s[1] >= 'A' && s[1] <= 'Z')
		for (i = 1; i < ll; i++)
			if (w[i] >= 'a' && w[i] <= 'z')
				w[i] = (char)(w[i] - 32);
	{
		char out[MS_MAX_FIELD_BYTES];
		if (snprintf(out, sizeof(out), "%s%s", w, s + n) >=
		    (int)sizeof(out))
			return;
		set_field(c, MS_F_COMPANY, out);
	}
	lower_conf(c, MS_F_COMPANY, 0.8f);
	c->review |= 1u << MS_F_COMPANY;
}

/* Letters and digits of s, lower case, into out. */
static void alnum_lower(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (; *s && o + 1 < cap; s++)
		if (isalnum((unsigned char)*s))
			out[o++] = (char)tolower((unsigned char)*s);
	out[o] = '\0';
}

/* "Be Vantage Point Consulting, Inc." with vantagepoint.com: a word of
 * one or two letters before a name whose next word begins the domain
 * label, where the label does not begin with that word too, is a speck
 * read as letters. */
static void drop_lead_speck(ms_contact *c, const char *label)
{
	char *s = c->v[MS_F_COMPANY], lab[MS_MAX_FIELD_BYTES];
	char w[MS_MAX_FIELD_BYTES], first[8];
	size_t t0 = strcspn(s, " "), t1, i;

	if (t0 == 0 || t0 > 2 || s[t0] != ' ' ||
	    !isupper((unsigned char)s[t0 + 1]))
		return;
	for (i = 0; i < t0; i++)
		if (!isalpha((unsigned char)s[i]))
			return;
	t1 = strcspn(s + t0 + 1, " ");
	if (t1 >= sizeof(w))
		return;
	memcpy(w, s + t0 + 1, t1);
	w[t1] = '\0';
	alnum_lower(w, w, sizeof(w));
	alnum_lower(label, lab, sizeof(lab));
	memcpy(first, s, t0);
	first[t0] = '\0';
	alnum_lower(first, first, sizeof(first));
	if (strlen(w) < 3 || strncmp(lab, w, strlen(w)) != 0 ||
	    strncmp(lab, first, strlen(first)) == 0)
		return;
	memmove(s, s + t0 + 1, strlen(s + t0 + 1) + 1);
	c->review |= 1u << MS_F_COMPANY;
}

static int is_kata_letter(int32_t c)
{
	return c >= 0x30A1 && c <= 0x30FA;
}

/* A small vowel or y-kana modifies the katakana before it: after a dot,
 * a long-vowel mark, a space or a kanji it is a speck read as a kana
 * (ソラ・ァコンサルティング). */
static int is_small_kata(int32_t c)
{
	static const int32_t small[] = {0x30A1, 0x30A3, 0x30A5, 0x30A7,
					0x30A9, 0x30E3, 0x30E5, 0x30E7};
	size_t i;

	for (i = 0; i < sizeof(small) / sizeof(*small); i++)
		if (c == small[i])
			return 1;
	return 0;
}

/* The company name cp[0..n) as mended: the field changes, flagged. */
static void take_mended(ms_contact *c, const int32_t *cp, size_t n)
{
	char s[MS_MAX_FIELD_BYTES];

	if (kn_encode(cp, n, s, sizeof(s)) != MS_OK)
		return;
	set_field(c, MS_F_COMPANY, s);
	lower_conf(c, MS_F_COMPANY, 0.8f);
	c->review |= 1u << MS_F_COMPANY;
}

/* Katakana the OCR garbled in ways the loanword table shows, each mended
 * only where a loanword then covers at least two characters more of the
 * name (a long-vowel mark three): a kana read twice
 * (富士ソリリューションズ) or a long-vowel mark lost at a word's end
 * (アオバテクノロジ). A small kana with nothing to modify goes. One
 * mend of each kind. */
static void mend_kana(const ms_verify *v, ms_contact *c)
{
	int32_t cp[MS_MAX_FIELD_BYTES];
	char s[MS_MAX_FIELD_BYTES];
	size_t n = kn_decode(c->v[MS_F_COMPANY], cp, MS_MAX_FIELD_BYTES), i;
	size_t before;

	/* ブルーーオーシャン: no name doubles the long-vowel mark */
	for (i = 0; i + 1 < n; i++)
		if (cp[i] == 0x30FC && cp[i + 1] == 0x30FC) {
			memmove(cp + i + 1, cp + i + 2,
				(n - i - 2) * sizeof(*cp));
			take_mended(c, cp, --n);
			i--;
		}
	for (i = 0; i < n; i++) {
		if (!is_small_kata(cp[i]) ||
		    (i > 0 && is_kata_letter(cp[i - 1])))
			continue;
		memmove(cp + i, cp + i + 1, (n - i - 1) * sizeof(*cp));
		take_mended(c, cp, --n);
		break;
	}
	before = ms_domain_loanword_cover(v->domain, c->v[MS_F_COMPANY]);
	for (i = 0; i + 1 < n; i++) {
		if (cp[i] != cp[i + 1] || !is_kata_letter(cp[i]))
			continue;
		memmove(cp + i + 1, cp + i + 2, (n - i - 2) * sizeof(*cp));
		if (kn_encode(cp, n - 1, s, sizeof(s)) == MS_OK &&
		    ms_domain_loanword_cover(v->domain, s) >= before + 2) {
			take_mended(c, cp, --n);
			break;
		}
		memmove(cp + i + 2, cp + i + 1, (n - i - 2) * sizeof(*cp));
		cp[i + 1] = cp[i];
	}
	before = ms_domain_loanword_cover(v->domain, c->v[MS_F_COMPANY]);
	for (i = 0; i < n && n + 1 < MS_MAX_FIELD_BYTES; i++) {
		if (!is_kata_letter(cp[i]) ||
		    (i + 1 < n && (is_kata_letter(cp[i + 1]) ||
				   cp[i + 1] == 0x30FC)))
			continue;
		memmove(cp + i + 2, cp + i + 1, (n - i - 1) * sizeof(*cp));
		cp[i + 1] = 0x30FC;
		if (kn_encode(cp, n + 1, s, sizeof(s)) == MS_OK &&
		    ms_domain_loanword_cover(v->domain, s) >= before + 3) {
			take_mended(c, cp, ++n);
			break;
		}
		memmove(cp + i + 1, cp + i + 2, (n - i - 1) * sizeof(*cp));
	}
}

/* The company name holds the domain label and one character more at an
 * edge of the name (its first or last character, or the one beside the
 * legal form): without it the name spells the label exactly ("サクラシス
 * テムズメ株式会社", "今大和商事株式会社"). The character goes, flagged,
 * unless that breaks a loanword (ヒカリネットワークス with hikari-network:
 * the plural is printed). Returns 1 if it did. */
static int drop_edge_speck(const ms_verify *v, ms_contact *c, const char *dom)
{
	int32_t cp[MS_MAX_FIELD_BYTES];
	char s[MS_MAX_FIELD_BYTES];
	size_t n = kn_decode(c->v[MS_F_COMPANY], cp, MS_MAX_FIELD_BYTES), i, k;
	size_t before = ms_domain_loanword_cover(v->domain, c->v[MS_F_COMPANY]);
	long at;
	size_t len = 0, edge[4], ne = 0, a = 0, l = 0;

	if (n < 3)
		return 0;
	edge[ne++] = 0;
	edge[ne++] = n - 1;
	at = legal_form_at(c->v[MS_F_COMPANY], &len);
	if (at >= 0) {
		/* the legal form's place in code points */
		a = ms_utf8_count(c->v[MS_F_COMPANY], (size_t)at);
		l = ms_utf8_count(c->v[MS_F_COMPANY] + at, len);
		if (a > 0)
			edge[ne++] = a - 1;
		if (a + l < n)
			edge[ne++] = a + l;
	}
	for (k = 0; k < ne; k++) {
		int32_t keep;
		i = edge[k];
		if (cp[i] == ' ' || (at >= 0 && i >= a && i < a + l))
			continue;
		keep = cp[i];
		memmove(cp + i, cp + i + 1, (n - i - 1) * sizeof(*cp));
		if (kn_encode(cp, n - 1, s, sizeof(s)) == MS_OK &&
		    ms_domain_score(v->domain, s, dom) >= 1.0 &&
		    ms_domain_loanword_cover(v->domain, s) >= before) {
			take_mended(c, cp, n - 1);
			return 1;
		}
		memmove(cp + i + 1, cp + i, (n - i - 1) * sizeof(*cp));
		cp[i] = keep;
	}
	return 0;
}

/* The company's ・ read as a long-vowel mark or a small kana between two
 * katakana words ("ソラーコンサルティング", "ソラァコンサルティング") where
 * the domain label breaks its words at that point ("sora-consulting"):
 * the mark becomes ・, flagged. Returns 1 if it did. */
static int mend_word_break(const ms_verify *v, ms_contact *c,
			   const char *label)
{
	int32_t cp[MS_MAX_FIELD_BYTES];
	char pre[MS_MAX_FIELD_BYTES], key[MS_MAX_FIELD_BYTES];
	size_t n = kn_decode(c->v[MS_F_COMPANY], cp, MS_MAX_FIELD_BYTES), i;
	size_t kl;

	for (i = 1; i + 1 < n; i++) {
		if ((cp[i] != 0x30FC && !is_small_kata(cp[i])) ||
		    !is_kata_letter(cp[i - 1]) || !is_kata_letter(cp[i + 1]))
			continue;
		if (kn_encode(cp, i, pre, sizeof(pre)) != MS_OK ||
		    ms_domain_company_key(v->domain, pre, 0, key,
					  sizeof(key)) != MS_OK)
			continue;
		kl = strlen(key);
		if (kl < 2 || strncmp(label, key, kl) != 0 ||
		    (label[kl] != '-' && label[kl] != '_'))
			continue;
		cp[i] = 0x30FB;
		take_mended(c, cp, n);
		return 1;
	}
	return 0;
}

static void verify_company(const ms_verify *v, const ms_lines *ls,
			   ms_contact *c)
{
	const char *dom =
		c->v[MS_F_EMAIL][0] ? c->v[MS_F_EMAIL] : c->v[MS_F_URL];
	char label[MS_MAX_FIELD_BYTES];
	char cand[MS_VF_MAX_COMPANY_CANDS][MS_MAX_FIELD_BYTES];
	const char *cp[MS_VF_MAX_COMPANY_CANDS];
	const ms_line *l;
	size_t n = 0, i, best;
	double s0, sb, keep_best;
	char keep[MS_MAX_FIELD_BYTES];
	struct co_best g;

	if (!c->v[MS_F_COMPANY][0])
		return;
	trim_company_specks(c);
	mend_kana(v, c);
	if (!dom[0] || ms_domain_label(dom, label, sizeof(label)) != MS_OK)
		return;
	if (!is_japanese(c->v[MS_F_COMPANY])) {
		drop_lead_speck(c, label);
		/* A respelling needs two readings of the domain that agree:
		 * a misread email alone would carry its error over. */
		char l2[MS_MAX_FIELD_BYTES];
		if (c->v[MS_F_EMAIL][0] && c->v[MS_F_URL][0] &&
		    ms_domain_label(c->v[MS_F_EMAIL], label,
				    sizeof(label)) == MS_OK &&
		    ms_domain_label(c->v[MS_F_URL], l2, sizeof(l2)) == MS_OK &&
		    strcmp(label, l2) == 0)
			fix_latin_company(c, label);
	}
	if (c->v[MS_F_URL][0] && c->v[MS_F_EMAIL][0] &&
	    ms_domain_score(v->domain, c->v[MS_F_COMPANY], c->v[MS_F_URL]) >
		    ms_domain_score(v->domain, c->v[MS_F_COMPANY], dom))
		dom = c->v[MS_F_URL];
	ms_strlcpy_utf8(cand[n++], c->v[MS_F_COMPANY], MS_MAX_FIELD_BYTES);
	l = line_of(ls, c, MS_F_COMPANY);
	if (l && l->alt[0] && looks_like_company(l->alt) &&
	    is_japanese(l->alt) == is_japanese(c->v[MS_F_COMPANY]))
		ms_strlcpy_utf8(cand[n++], l->alt, MS_MAX_FIELD_BYTES);
	for (i = 0; ls && i < ls->n && n < MS_VF_MAX_COMPANY_CANDS; i++) {
		const char *t = ls->v[i].text;
		/* 株式会社テスト商事 and Test Shoji Co., Ltd. are both right:
		 * only readings in the same script compete. */
		if (&ls->v[i] == l || !looks_like_company(t) ||
		    strlen(t) >= MS_MAX_FIELD_BYTES ||
		    is_japanese(t) != is_japanese(c->v[MS_F_COMPANY]))
			continue;
		ms_strlcpy_utf8(cand[n++], t, MS_MAX_FIELD_BYTES);
	}
	for (i = 0; i < n; i++) {
		char nf[MS_MAX_FIELD_BYTES * 4];
		if (ms_nfkc(cand[i], nf, sizeof(nf)) == MS_OK)
			ms_strlcpy_utf8(cand[i], nf, MS_MAX_FIELD_BYTES);
		ms_trim(cand[i]);
		cp[i] = cand[i];
	}
	best = ms_domain_choose(v->domain, cp, n, dom, &sb);
	s0 = ms_domain_score(v->domain, cp[0], dom);
	if (best != 0 && sb >= 0.6 && sb >= s0 + 0.2) {
		set_field(c, MS_F_COMPANY, cp[best]);
		/* the other reading's specks ("有限会社ブルーオーシャン
		 * all") */
		trim_company_specks(c);
		c->review |= 1u << MS_F_COMPANY;
		c->conf[MS_F_COMPANY] = (float)(0.5 + 0.4 * sb);
		return;
	}
	/* "ソラーコンサルティング" with sora-consulting.co.jp: the domain
	 * breaks its words where the name has a ・, read as a long-vowel
	 * mark or a small kana. */
	if (mend_word_break(v, c, label))
		return;
	/* "サクラシステムズメ株式会社": a speck read as a character at the
	 * edge of a name that otherwise spells the label whole. */
	if (s0 >= 0.95 && s0 < 1.0 && drop_edge_speck(v, c, dom))
		return;
	/* A name that spells the domain needs no mending. */
	if (s0 >= 0.95) {
		raise_conf(c, MS_F_COMPANY, c->conf[MS_F_COMPANY] + 0.1f);
		return;
	}
	/* One look-alike or voicing mark misread in the company name. */
	memset(&g, 0, sizeof(g));
	g.v = v;
	g.dom = dom;
	g.n = kn_decode(cp[0], g.cp, MS_MAX_FIELD_BYTES);
	g.score = s0;
	/* One kana read that is not printed (テクノブリッツジ for
	 * technobridge): each kana left out in turn; before the look-alikes,
	 * so that a deletion wins a tie (アサヒビ電子 is アサヒ電子). */
	for (g.pos = 0; g.pos < g.n; g.pos++) {
		int32_t k = g.cp[g.pos];
		if (!(is_kata_letter(k) || (k >= 0x3041 && k <= 0x3094)))
			continue;
		memmove(g.cp + g.pos, g.cp + g.pos + 1,
			(g.n - g.pos - 1) * sizeof(*g.cp));
		co_score(&g, g.cp, g.n - 1);
		memmove(g.cp + g.pos + 1, g.cp + g.pos,
			(g.n - g.pos - 1) * sizeof(*g.cp));
		g.cp[g.pos] = k;
	}
	/* Or one kana lost (ハーモニーデザイ for harmony-design): each
	 * kana put in turn beside a kana of the same script. Only a name
	 * that then spells the label exactly counts: a kana added at the
	 * end fits a misread label too (fuji-solutionsj.jp). */
	keep_best = g.score;
	ms_strlcpy_utf8(keep, g.best, sizeof(keep));
	for (g.pos = 0; g.pos <= g.n && g.n + 1 < MS_MAX_FIELD_BYTES;
	     g.pos++) {
		int32_t lo, hi, k;
		int32_t nb = g.pos > 0 ? g.cp[g.pos - 1]
				       : g.pos < g.n ? g.cp[g.pos] : 0;
		if (is_kata_letter(nb) || nb == 0x30FC)
			lo = 0x30A1, hi = 0x30F4;
		else if (nb >= 0x3041 && nb <= 0x3094)
			lo = 0x3041, hi = 0x3094;
		else
			continue;
		memmove(g.cp + g.pos + 1, g.cp + g.pos,
			(g.n - g.pos) * sizeof(*g.cp));
		for (k = lo; k <= hi && g.tried < MS_VF_MAX_COMPANY_VARIANTS;
		     k++) {
			if (is_small_kata(k) || k == 0x3063 /* っ */)
				continue;
			g.tried++;
			g.cp[g.pos] = k;
			co_score(&g, g.cp, g.n + 1);
		}
		memmove(g.cp + g.pos, g.cp + g.pos + 1,
			(g.n - g.pos) * sizeof(*g.cp));
	}
	if (g.score < 1.0) {
		g.score = keep_best;
		ms_strlcpy_utf8(g.best, keep, sizeof(g.best));
	}
	/* Or one look-alike or voicing mark misread. */
	for (g.pos = 0; g.pos < g.n; g.pos++) {
		int32_t k;
		kn_lookalikes_of(g.cp[g.pos], co_try, &g);
		/* Katakana spell the domain sound by sound: any one of them
		 * may be the misread one (ウ for ソ, プ for ブ). */
		if (g.cp[g.pos] >= 0x30A1 && g.cp[g.pos] <= 0x30F4)
			for (k = 0x30A1; k <= 0x30F4; k++)
				if (k != g.cp[g.pos] && !is_small_kata(k))
					co_try(k, &g);
		/* So do hiragana (みらし設計 for mirai-sekkei). */
		if (g.cp[g.pos] >= 0x3041 && g.cp[g.pos] <= 0x3094)
			for (k = 0x3041; k <= 0x3094; k++)
				if (k != g.cp[g.pos])
					co_try(k, &g);
	}
	/* Or a word of two kanji misread by one of them (東洋精要 for
	 * toyo-seiki, 表葉フーズ for aoba-foods): the dictionary's words
	 * read as a word of the label, each put where it shares one kanji
	 * with the name. */
	kanji_words(v, &g, label);
	/* One edit that makes the name spell the whole label where it did
	 * not (アサヒビ電子工業 to アサヒ電子工業 for asahi-denshi) is
	 * enough: a word of the label found apart scores nearly as well. */
	if (g.best[0] && g.score >= 0.95 && s0 < 0.95) {
		set_field(c, MS_F_COMPANY, g.best);
		c->conf[MS_F_COMPANY] = 0.85f;
		c->review |= 1u << MS_F_COMPANY;
		return;
	}
	/* Or one that comes near it from far off (白樺ホトールディングス,
	 * 0.43, to 白樺ホールディングス, 0.86, for shirakaba-hd: the name's
	 * reading shirakanba is not the label's). */
	if (g.best[0] && ((g.score >= 0.9 && g.score >= s0 + 0.2) ||
	                  (g.score >= 0.8 && g.score >= s0 + 0.3))) {
		set_field(c, MS_F_COMPANY, g.best);
		c->conf[MS_F_COMPANY] = 0.85f;
		c->review |= 1u << MS_F_COMPANY;
		return;
	}
	/* The base passes may have found the company by the domain: a
	 * match raises the confidence but is not a second opinion. */
	if (s0 >= 0.8)
		raise_conf(c, MS_F_COMPANY, c->conf[MS_F_COMPANY] + 0.1f);
}

/* ---- English and Brazilian addresses ---- */

/* Finds a Brazilian CEP (01137-000, "CEP 01137000") standing alone in
 * line. Returns 1 and writes it as NNNNN-NNN. */
static int find_cep(const char *line, char *out, size_t cap)
{
	size_t n = strlen(line), i, j;
	const char *cep = strstr(line, "CEP");

	for (i = 0; i + 9 <= n; i++) {
		const char *p = line + i;
		int ok = 1;
		if (i > 0 && ((line[i - 1] >= '0' && line[i - 1] <= '9') ||
			      line[i - 1] == '-' || line[i - 1] == '.'))
			continue;
		for (j = 0; j < 5 && ok; j++)
			ok = p[j] >= '0' && p[j] <= '9';
		if (!ok)
			continue;
		j = 5;
		if (p[j] == '-')
			j++;
		else if (!cep)
			continue; /* 8 digits in a row: only after "CEP" */
		if (i + j + 3 > n)
			continue;
		if (!(p[j] >= '0' && p[j] <= '9' && p[j + 1] >= '0' &&
		      p[j + 1] <= '9' && p[j + 2] >= '0' && p[j + 2] <= '9'))
			continue;
		if ((p[j + 3] >= '0' && p[j + 3] <= '9') || p[j + 3] == '-')
			continue;
		if (cap < 10)
			return 0;
		memcpy(out, p, 5);
		out[5] = '-';
		memcpy(out + 6, p + j, 3);
		out[9] = '\0';
		return 1;
	}
	return 0;
}


static void verify_english(const ms_lines *ls, ms_contact *c)
{
	size_t i;

	if (c->v[MS_F_POSTAL_CODE][0] || !ls ||
	    is_japanese(c->v[MS_F_ADDRESS]))
		return;
	for (i = 0; i < ls->n; i++) {
		const ms_line *l = &ls->v[i];
		ms_us_place us;
		char uk[16];
		const char *code = NULL;

		if (ms_us_place_parse(l->text, &us))
			code = us.zip;
		else if (ms_uk_postcode_find(l->text, uk, sizeof(uk)))
			code = uk;
		else if (find_cep(l->text, uk, sizeof(uk)))
			code = uk;
		if (!code)
			continue;
		set_field(c, MS_F_POSTAL_CODE, code);
		c->conf[MS_F_POSTAL_CODE] = l->conf * 0.9f;
		c->box[MS_F_POSTAL_CODE] = l->box;
		if (!c->v[MS_F_ADDRESS][0]) {
			set_field(c, MS_F_ADDRESS, l->text);
			c->conf[MS_F_ADDRESS] = l->conf * 0.6f;
			c->box[MS_F_ADDRESS] = l->box;
			c->review |= 1u << MS_F_ADDRESS;
		}
		return;
	}
}

/* Where a and b (n bytes each) differ in exactly one byte, its index;
 * otherwise -1. */
static long one_byte_off(const char *a, const char *b, size_t n)
{
	long at = -1;
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i]) {
			if (at >= 0)
				return -1;
			at = (long)i;
		}
	return at;
}

/* Whether word and local (n bytes) differ at d as two romanisations of
 * one sound do (fu/hu, ji/zi, sampei/sanpei, oo/oh, uu/uh): that is how
 * the person writes the name, not a misreading. */
static int spelling_pair(const char *word, const char *local, size_t n,
			 size_t d)
{
	char a = word[d], b = local[d], next = d + 1 < n ? word[d + 1] : 0;
	char prev = d > 0 ? word[d - 1] : 0;

#define PAIR(x, y) ((a == (x) && b == (y)) || (a == (y) && b == (x)))
	if (PAIR('f', 'h') && next == 'u')
		return 1;
	if (PAIR('j', 'z') && (next == 'i' || next == 'y'))
		return 1;
	if (PAIR('m', 'n') && (next == 'b' || next == 'm' || next == 'p'))
		return 1;
	if ((PAIR('o', 'h') || PAIR('u', 'h')) && (prev == 'o' || prev == 'u'))
		return 1;
#undef PAIR
	return 0;
}

/* The words of the romanised name and of the printed reading, romanised,
 * that the email's local part is compared with; folded[i] is words[i]
 * folded. */
struct name_words {
	char words[8][MS_VF_NAME_WORD], folded[8][MS_VF_NAME_WORD];
	size_t n;
};

/* Adds the lower-case ASCII words of s (letters only, 3 or more) to
 * words. */
static void add_words(char (*words)[MS_VF_NAME_WORD], size_t *n, size_t cap,
		      const char *s)
{
	while (*s && *n < cap) {
		size_t k = 0;
		while (*s && !((*s >= 'a' && *s <= 'z') ||
			       (*s >= 'A' && *s <= 'Z')))
			s++;
		while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) {
			if (k + 1 < MS_VF_NAME_WORD)
				words[*n][k++] = (char)(*s | 0x20);
			s++;
		}
		words[*n][k] = '\0';
		if (k >= 3 && k + 1 < MS_VF_NAME_WORD)
			(*n)++;
	}
}

/* Whether s (n bytes) folded as romaji is folded, a word already
 * folded. */
static int same_folded(const char *s, size_t n, const char *folded)
{
	char a[MS_VF_NAME_WORD];

	if (n + 1 > sizeof(a))
		return 0;
	memcpy(a, s, n);
	a[n] = '\0';
	kn_fold_latin(a);
	return strcmp(a, folded) == 0;
}

/* Whether a local-part word (n bytes) is a way of writing the name
 * rather than a misreading of it: the name in another romanisation
 * (satoh, itou for ito), or one name with the other's initial (itoy,
 * saitot, tyamada). folded[i] is words[i] folded. */
static int writes_name(const char *t, size_t n, const struct name_words *nm)
{
	const char(*words)[MS_VF_NAME_WORD] = nm->words;
	const char(*folded)[MS_VF_NAME_WORD] = nm->folded;
	size_t nw = nm->n, a, b;

	for (a = 0; a < nw; a++) {
		if (same_folded(t, n, folded[a]))
			return 1;
		for (b = 0; b < nw && n > 1; b++)
			if (b != a && ((t[n - 1] == words[b][0] &&
					same_folded(t, n - 1, folded[a])) ||
				       (t[0] == words[b][0] &&
					same_folded(t + 1, n - 1, folded[a]))))
				return 1;
	}
	return 0;
}

/* Fills nm from c's romanised name and printed reading. */
static void gather_name_words(const ms_contact *c, struct name_words *nm)
{
	char half[MS_MAX_FIELD_BYTES], rom[MS_MAX_FIELD_BYTES];
	const char *r = c->v[MS_F_NAME_READING];
	char(*words)[MS_VF_NAME_WORD] = nm->words;
	size_t nw = 0, w;

	add_words(words, &nw, 8, c->v[MS_F_NAME_LATIN]);
	if (!c->v[MS_F_NAME_LATIN][0] && ms_utf8_count(c->v[MS_F_NAME],
	    strlen(c->v[MS_F_NAME])) == strlen(c->v[MS_F_NAME]))
		/* an English card's name is its own romanised name */
		add_words(words, &nw, 8, c->v[MS_F_NAME]);
	while (*r) {
		size_t k = strcspn(r, " ");
		if (k < sizeof(half)) {
			memcpy(half, r, k);
			half[k] = '\0';
			if (ms_names_romanise(half, rom, sizeof(rom)) == MS_OK)
				add_words(words, &nw, 8, rom);
		}
		r += k;
		r += strspn(r, " ");
	}
	for (w = 0; w < nw; w++) {
		memcpy(nm->folded[w], words[w], sizeof(nm->folded[w]));
		kn_fold_latin(nm->folded[w]);
	}
	nm->n = nw;
}

/* The email's local part spells the name with one letter misread
 * (morita.gariko@ beside MORITA MARIKO / もりた まりこ): a word of the
 * local part of four characters or more that is one letter off a word of
 * the romanised name or of the reading, and off no other, takes the
 * name's letter. The email is flagged for review. */
static void mend_local_part(ms_contact *c, const struct name_words *nm)
{
	const char(*words)[MS_VF_NAME_WORD] = nm->words;
	char e[MS_MAX_FIELD_BYTES];
	size_t nw = nm->n, i = 0, fixed = 0, w;
	char *at;

	ms_strlcpy_utf8(e, c->v[MS_F_EMAIL], sizeof(e));
	at = strchr(e, '@');
	if (!at)
		return;
	while (e + i < at) {
		size_t k = 0;
		long fix = -1; /* index of the one word one letter off */
		int ok;
		while (e + i + k < at &&
		       ((e[i + k] >= 'a' && e[i + k] <= 'z') ||
			(e[i + k] >= '0' && e[i + k] <= '9')))
			k++;
		ok = k >= 4 && !writes_name(e + i, k, nm);
		for (w = 0; ok && w < k; w++)
			ok = !(e[i + w] >= '0' && e[i + w] <= '9'); /* sato2 */
		for (w = 0; ok && w < nw; w++) {
			long d;
			if (strlen(words[w]) != k)
				continue;
			if (memcmp(words[w], e + i, k) == 0)
				break; /* spelt right */
			d = one_byte_off(words[w], e + i, k);
			if (d < 0 || spelling_pair(words[w], e + i, k, (size_t)d))
				continue;
			if (fix >= 0 && strcmp(words[fix], words[w]) != 0)
				break; /* two names it could be */
			fix = (long)w;
		}
		if (ok && w == nw && fix >= 0) {
			memcpy(e + i, words[fix], k);
			fixed++;
		}
		i += k ? k : 1;
	}
	if (!fixed)
		return;
	set_field(c, MS_F_EMAIL, e);
	lower_conf(c, MS_F_EMAIL, 0.8f);
	c->review |= 1u << MS_F_EMAIL;
}

/* Longest local part mend_local_shape looks at. */
#define VF_LOCAL_MAX 48

/* 1 for the separators of a local part's words. */
static int local_sep(char c)
{
	return c == '.' || c == '-' || c == '_';
}

/* How likely the local part l is a misreading of the candidate shape
 * cand, one edit away, 0 if not. Only edits that touch no letter of the
 * name are taken, as the name's words may be misread too (a local part
 * kikuchi-y is no misreading of kikuchi-r): a separator read as a letter
 * ("iiogawa" for i.ogawa), a separator too many ("iida.-haruka"), a
 * speck or a doubled letter before an initial ("lk.tsuchiya",
 * "mm.inoue"). A shape with a dot, the commonest separator, is
 * likelier. */
static int one_edit(const char *cand, const char *l)
{
	size_t nc = strlen(cand), nl = strlen(l), i = 0;
	int dot = strchr(cand, '.') != NULL;

	if (nc == nl) {
		long d = one_byte_off(cand, l, nc);
		return d >= 0 && local_sep(cand[d]) && !local_sep(l[d])
		           ? 4 + dot
		           : 0;
	}
	if (nl != nc + 1)
		return 0;
	while (cand[i] && cand[i] == l[i])
		i++;
	/* l[i] is the extra character */
	if (strcmp(cand + i, l + i + 1) != 0)
		return 0;
	if (local_sep(l[i]) &&
	    ((i > 0 && local_sep(l[i - 1])) || local_sep(l[i + 1])))
		return 2 + dot;
	/* before the initial: l[0] extra, l[1] the initial, l[2] a dot */
	if (local_sep(l[2]) && strcmp(cand, l + 1) == 0)
		return 2 + dot;
	return 0;
}

/* Whether the local part l is the shape (a, sep, b, form f: 0 both words,
 * 1 a's initial, 2 b's initial) with its whole words in another
 * romanisation (satoh.t, tsaito): each part is compared folded on its
 * own, so that folding does not run across the parts ("iiogawa" is no
 * "i" + "ogawa"). b == NULL: a alone. */
static int writes_shape(const char *l, const char *wa, const char *fa,
                        const char *sep, const char *wb, const char *fb,
                        int f)
{
	size_t n = strlen(l), ns = strlen(sep);

	if (!wb)
		return same_folded(l, n, fa);
	if (f == 1)
		return n > 1 + ns && l[0] == wa[0] &&
		       strncmp(l + 1, sep, ns) == 0 &&
		       same_folded(l + 1 + ns, n - 1 - ns, fb);
	if (f == 2)
		return n > 1 + ns && l[n - 1] == wb[0] &&
		       strncmp(l + n - 1 - ns, sep, ns) == 0 &&
		       same_folded(l, n - 1 - ns, fa);
	{
		size_t k;
		for (k = 1; k + ns < n; k++)
			if (strncmp(l + k, sep, ns) == 0 && same_folded(l, k, fa) &&
			    same_folded(l + k + ns, n - k - ns, fb))
				return 1;
	}
	return 0;
}

/* How the words of a local part are joined. */
static const char *const local_seps[] = {".", "_", "-", ""};

/* 1 if the local part l is one way of writing the name: one of its words,
 * or two joined by a separator or nothing, either cut to its initial
 * (writes_shape). */
static int local_is_name(const char *l, const struct name_words *nm)
{
	size_t nw = nm->n, a, b, s, f;

	for (a = 0; a < nw; a++)
		for (b = 0; b <= nw; b++) {
			/* b == nw: the word alone */
			if (b == a ||
			    (b < nw && strcmp(nm->words[a], nm->words[b]) == 0))
				continue;
			for (s = 0; s < (b < nw ? 4u : 1u); s++)
				for (f = 0; f < (b < nw ? 3u : 1u); f++)
					if (writes_shape(
					        l, nm->words[a], nm->folded[a],
					        local_seps[s],
					        b < nw ? nm->words[b] : NULL,
					        b < nw ? nm->folded[b] : NULL,
					        (int)f))
						return 1;
		}
	return 0;
}

/* A capital I in the email's local part, which OCR reads for l and for i
 * ("Imorgan@" beside Laura Morgan): the one of l and i that makes the
 * local part a way of writing the name, when only one does. The email is
 * flagged for review. */
static void mend_local_i(ms_contact *c, const struct name_words *nm)
{
	char l[2][VF_LOCAL_MAX], out[MS_MAX_FIELD_BYTES];
	const char *e = c->v[MS_F_EMAIL], *at = strchr(e, '@');
	size_t n = at ? (size_t)(at - e) : 0, i, v, fit = 0, which = 0;

	if (n < 2 || n >= sizeof(l[0]) || !memchr(e, 'I', n))
		return;
	for (v = 0; v < 2; v++) {
		for (i = 0; i < n; i++)
			l[v][i] = e[i] == 'I' ? "li"[v]
			                      : (char)tolower((unsigned char)e[i]);
		l[v][n] = '\0';
		if (local_is_name(l[v], nm))
			fit++, which = v;
	}
	if (fit != 1 ||
	    snprintf(out, sizeof(out), "%s%s", l[which], at) >= (int)sizeof(out))
		return;
	set_field(c, MS_F_EMAIL, out);
	lower_conf(c, MS_F_EMAIL, 0.8f);
	c->review |= 1u << MS_F_EMAIL;
}

/* The email's local part one edit away from one way of writing the name,
 * and itself none: "mm.inoue", "lk.tsuchiya", "iiogawa" (a dot read as
 * i), "iida.-haruka" beside the name INOUE M..., TSUCHIYA K..., OGAWA
 * I..., IIDA HARUKA. The shapes: one name word; two joined by a dot, an
 * underscore, a hyphen or nothing, either cut to its initial. Of shapes
 * one edit away (of the kinds one_edit takes) the likeliest is taken when
 * no other is as likely; the email is flagged for review. A local part
 * with a digit, or that is a name in another romanisation (satoh), stays. */
static void mend_local_shape(ms_contact *c, const struct name_words *nm)
{
	const char(*words)[MS_VF_NAME_WORD] = nm->words;
	char l[VF_LOCAL_MAX], best[VF_LOCAL_MAX] = "";
	char cand[VF_LOCAL_MAX], out[MS_MAX_FIELD_BYTES];
	const char *e = c->v[MS_F_EMAIL], *at = strchr(e, '@');
	size_t nw = nm->n, n, a, b, s, f, i;
	int rank = 0, tie = 0, r;

	n = at ? (size_t)(at - e) : 0;
	if (n < 5 || n >= sizeof(l) || nw == 0)
		return; /* info@, not ino@ */
	memcpy(l, e, n);
	l[n] = '\0';
	for (i = 0; i < n; i++)
		if (!((l[i] >= 'a' && l[i] <= 'z') || strchr("._-", l[i])))
			return;
	if (local_is_name(l, nm))
		return; /* a way of writing the name */
	for (a = 0; a < nw; a++) {
		for (b = 0; b <= nw; b++) {
			/* b == nw: the word alone */
			if (b == a || (b < nw && strcmp(words[a], words[b]) == 0))
				continue;
			for (s = 0; s < (b < nw ? 4u : 1u); s++)
				for (f = 0; f < (b < nw ? 3u : 1u); f++) {
					int len = b == nw
					    ? snprintf(cand, sizeof(cand), "%s",
					               words[a])
					    : snprintf(cand, sizeof(cand),
					               "%.*s%s%.*s",
					               f == 1 ? 1 : MS_VF_NAME_WORD,
					               words[a], local_seps[s],
					               f == 2 ? 1 : MS_VF_NAME_WORD,
					               words[b]);
					if (len < 0 || len >= (int)sizeof(cand))
						continue;
					r = one_edit(cand, l);
					if (r > rank)
						rank = r, tie = 0,
						memcpy(best, cand, sizeof(best));
					else if (r && r == rank && strcmp(cand, best))
						tie = 1;
				}
		}
	}
	if (!rank || tie ||
	    snprintf(out, sizeof(out), "%s%s", best, at) >= (int)sizeof(out))
		return;
	set_field(c, MS_F_EMAIL, out);
	lower_conf(c, MS_F_EMAIL, 0.8f);
	c->review |= 1u << MS_F_EMAIL;
}

/* Whether the n letters let are a letter or two off cand (one letter in
 * five or more, two in eight or more): 1 if so, 0 if not, -1 if they
 * are cand. */
static int near_spelling(const char *let, size_t n, const char *cand)
{
	size_t i, off = 0;

	if (strlen(cand) != n)
		return 0;
	for (i = 0; i < n; i++)
		off += let[i] != cand[i];
	if (off == 0)
		return -1;
	return off <= (n >= 8 ? 2u : 1u);
}

/* The organisation's label of the email and of the URL one letter apart
 * (sophier@copperieaf.com, www.copperleaf.com), or two in a label of
 * eight letters or more: the one the company name agrees with better is
 * written into the other, which is flagged. */
static void mend_domain_pair(const ms_verify *v, ms_contact *c)
{
	char le[MS_MAX_FIELD_BYTES], lu[MS_MAX_FIELD_BYTES];
	char out[MS_MAX_FIELD_BYTES];
	double se, su;
	size_t n;
	ms_field to;
	const char *good, *bad, *p;

	if (!c->v[MS_F_EMAIL][0] || !c->v[MS_F_URL][0] ||
	    !c->v[MS_F_COMPANY][0] ||
	    ms_domain_label(c->v[MS_F_EMAIL], le, sizeof(le)) != MS_OK ||
	    ms_domain_label(c->v[MS_F_URL], lu, sizeof(lu)) != MS_OK)
		return;
	n = strlen(le);
	/* one letter off, or two in a longer name (bivefield, bluefield) */
	if (n < 4 || near_spelling(le, n, lu) != 1)
		return;
	se = ms_domain_score(v->domain, c->v[MS_F_COMPANY], c->v[MS_F_EMAIL]);
	su = ms_domain_score(v->domain, c->v[MS_F_COMPANY], c->v[MS_F_URL]);
	if (se >= su + 0.1)
		to = MS_F_URL, good = le, bad = lu;
	else if (su >= se + 0.1)
		to = MS_F_EMAIL, good = lu, bad = le;
	else
		return;
	p = c->v[to];
	if (to == MS_F_EMAIL)
		p = strchr(p, '@');
	p = p ? strstr(p, bad) : NULL;
	if (!p || strlen(c->v[to]) >= sizeof(out))
		return;
	memcpy(out, c->v[to], strlen(c->v[to]) + 1);
	memcpy(out + (p - c->v[to]), good, n);
	set_field(c, to, out);
	lower_conf(c, to, 0.8f);
	c->review |= 1u << to;
}

/* The organisation's label of field f's domain a letter or two off the
 * company name as a domain would spell it (yano@fuji-seletions.co.jp
 * beside 富士ソリューションズ, samuel@copperieaf.co.uk beside Copperleaf
 * Studio Group): the label's letters, its hyphens left where they are,
 * are compared with the company key (ms_domain_company_key) and, for an
 * English name, with its first words run together; near_spelling takes
 * the name's letters, flagged. Not where the email and the URL agree:
 * two readings of the label are the label. */
static void mend_domain_company(const ms_verify *v, ms_contact *c, ms_field f)
{
	char lab[MS_MAX_FIELD_BYTES], let[MS_MAX_FIELD_BYTES];
	char cand[4][MS_MAX_FIELD_BYTES], out[MS_MAX_FIELD_BYTES];
	char other[MS_MAX_FIELD_BYTES];
	const char *co = c->v[MS_F_COMPANY], *at, *p;
	ms_field g = f == MS_F_EMAIL ? MS_F_URL : MS_F_EMAIL;
	size_t n = 0, i, j, k, nc = 0;
	int r, hit = -1;

	if (!c->v[f][0] || !co[0] ||
	    ms_domain_label(c->v[f], lab, sizeof(lab)) != MS_OK ||
	    (c->v[g][0] &&
	     ms_domain_label(c->v[g], other, sizeof(other)) == MS_OK &&
	     strcmp(lab, other) == 0))
		return;
	for (i = 0; lab[i]; i++) {
		if (lab[i] >= 'a' && lab[i] <= 'z')
			let[n++] = lab[i];
		else if (lab[i] != '-')
			return; /* digits: no spelling of a name */
	}
	let[n] = '\0';
	if (n < 5)
		return;
	for (r = 0; r < 2; r++)
		if (ms_domain_company_key(v->domain, co, r, cand[nc],
		                          sizeof(cand[0])) == MS_OK)
			nc++;
	if (!is_japanese(co) && nc < 4) {
		/* "Copperleaf Studio Group": its first words run together
		 * (copperleaf, copperleafstudio), as long as the label */
		size_t o = 0;
		for (p = co; *p && o < n; p++)
			if (*p >= 'A' && *p <= 'Z')
				cand[nc][o++] = (char)(*p - 'A' + 'a');
			else if (*p >= 'a' && *p <= 'z')
				cand[nc][o++] = *p;
		cand[nc][o] = '\0';
		if (o == n && (*p == ' ' || *p == ',' || !*p))
			nc++;
	}
	for (k = 0; k < nc; k++) {
		r = near_spelling(let, n, cand[k]);
		if (r < 0)
			return; /* spelt right */
		if (r && hit < 0)
			hit = (int)k;
	}
	if (hit < 0)
		return;
	at = f == MS_F_EMAIL ? strchr(c->v[f], '@') : c->v[f];
	p = at ? strstr(at, lab) : NULL;
	if (!p || strlen(c->v[f]) >= sizeof(out))
		return;
	memcpy(out, c->v[f], strlen(c->v[f]) + 1);
	for (i = 0, j = (size_t)(p - c->v[f]), k = 0; lab[i]; i++, j++)
		if (lab[i] != '-')
			out[j] = cand[hit][k++];
	set_field(c, f, out);
	lower_conf(c, f, 0.8f);
	c->review |= 1u << f;
}

ms_rc ms_verify_contact(const ms_verify *v, const ms_lines *lines,
			ms_contact *c)
{
	ms_rc rc;

	if (!v)
		return MS_OK;
	if ((rc = verify_postal(v, c)) || (rc = verify_name(v, lines, c)))
		return rc;
	if (c->v[MS_F_EMAIL][0]) {
		struct name_words nm;
		gather_name_words(c, &nm);
		mend_local_i(c, &nm);
		mend_local_part(c, &nm);
		mend_local_shape(c, &nm);
	}
	mend_domain_pair(v, c);
	verify_company(v, lines, c);
	mend_domain_company(v, c, MS_F_EMAIL);
	mend_domain_company(v, c, MS_F_URL);
	verify_english(lines, c);
	return MS_OK;
}
