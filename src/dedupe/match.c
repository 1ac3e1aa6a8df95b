/*
 * The pairwise decision (meishi/dedupe.h): how sure we are that a new
 * contact and a stored lead are one person, why, and what to do about it.
 *
 * Evidence is weighed, not voted. A personal email or a mobile number
 * identifies a person; a name does so only with something beside it; a
 * role address (info@) and a company's main line never do, because
 * colleagues share them. A name is read through three channels -- the
 * printed name, the kana reading and the romanised form -- so that an OCR
 * error in one channel is outvoted by the others, and a Japanese card
 * meets its English back through the romanised reading. Names that
 * disagree in every channel they can be compared in veto the match unless
 * a personal email or mobile says otherwise.
 *
 * A name that agrees is not enough where it is likely a namesake's:
 *   - one company, two personal addresses (h.tanaka@ and tanaka11@: a
 *     company numbers addresses to tell namesakes apart) or two mobiles;
 *   - another company (by name, or by web site and email domain where
 *     the names are in two scripts) and nothing personal carried over:
 *     no mobile, no address, no email name (an email name made of the
 *     name alone carries nothing where the name is common, or where the
 *     names agree only romanised);
 *   - one company, nothing personal on both cards to compare, and both
 *     the department and the title differ.
 * Such pairs stay new, with the reason; a flag is a question an admin
 * must answer, so it is kept for pairs that could be one person.
 */
#include <stdio.h>
#include <string.h>

#include "dedupe/dd_int.h"
#include "meishi/dedupe.h"
#include "meishi/text.h"

/* Score thresholds: at or above SAME the pair is one person; at or above
 * POSSIBLE it is flagged for a person to decide. */
#define DD_SAME 0.75
#define DD_POSSIBLE 0.40

const char *ms_dd_outcome_name(ms_dd_outcome o)
{
	switch (o) {
	case MS_DD_POSSIBLE:
		return "possible_duplicate";
	case MS_DD_CHANGED:
		return "same_person_changed";
	case MS_DD_SAME_CARD:
		return "same_card";
	default:
		return "new";
	}
}

static void reason(ms_dd_match *m, const char *s)
{
	if (m->nreasons >= MS_DD_MAX_REASONS)
		return;
	ms_strlcpy_utf8(m->reasons[m->nreasons++], s, MS_DD_MAX_REASON_BYTES);
}

static int is_latin(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* Most edits tolerated between two values of n code points that are
 * still "close": one for short values, two from eight. */
static int tolerance(const char *a, const char *b)
{
	size_t n = ms_utf8_len(a), m = ms_utf8_len(b);
	size_t s = n < m ? n : m;

	if (s < 3)
		return 0;
	return s >= 8 ? 2 : 1;
}

enum { CH_NONE = -1, CH_DIFF = 0, CH_CLOSE = 1, CH_EXACT = 2 };

/* Compares one name channel: CH_NONE if it cannot be compared. */
static int channel(const char *a, const char *b, int *dist)
{
	int tol, d;

	*dist = 99;
	if (!a[0] || !b[0])
		return CH_NONE;
	if (strcmp(a, b) == 0) {
		*dist = 0;
		return CH_EXACT;
	}
	tol = tolerance(a, b);
	d = ms_dd_distance(a, b, tol);
	*dist = d;
	return d <= tol ? CH_CLOSE : CH_DIFF;
}

/* Splits an email's local part into letter tokens ("taro.yamada2" ->
 * "taro", "yamada"); returns how many (at most 4). */
static int local_tokens(const char *email, char tok[4][64])
{
	int n = 0;
	size_t l = 0;

	for (;; email++) {
		int letter = *email >= 'a' && *email <= 'z';
		if (letter && l + 1 < 64) {
			tok[n][l++] = *email;
			continue;
		}
		if (letter)
			continue;
		if (l > 0) {
			tok[n][l] = '\0';
			l = 0;
			if (++n == 4)
				return n;
		}
		if (!*email || *email == '@')
			return n;
	}
}

static int has_tok(char tok[4][64], int n, const char *t)
{
	for (int i = 0; i < n; i++)
		if (strcmp(tok[i], t) == 0)
			return 1;
	return 0;
}

enum {
	EM_NONE,
	EM_FAR,
	EM_NUMBER,
	EM_VARIANT,
	EM_CLOSE,
	EM_PERMUTED,
	EM_EQ
};

/* The digits of an email's local part, in order ("m.goto33" -> "33"). */
static void local_digits(const char *e, char *out, size_t cap)
{
	size_t k = 0;

	for (; *e && *e != '@'; e++)
		if (*e >= '0' && *e <= '9' && k + 1 < cap)
			out[k++] = *e;
	out[k] = '\0';
}

/* Compares two personal emails of one domain by their local parts. */
static int local_class(const char *a, const char *b, const char *na_lat,
		       const char *nb_lat, int *dist)
{
	char ta[4][64], tb[4][64], da[64], db[64];
	int na = local_tokens(a, ta), nb = local_tokens(b, tb), i, shared = 0;
	int only_a = 0, only_b = 0, ia = -1, ib = -1, tol;
	size_t ll = strcspn(a, "@");

	local_digits(a, da, sizeof(da));
	local_digits(b, db, sizeof(db));

	for (i = 0; i < na; i++) {
		if (has_tok(tb, nb, ta[i])) {
			if (strlen(ta[i]) >= 3)
				shared = 1;
		} else {
			only_a++;
			ia = i;
		}
	}
	for (i = 0; i < nb; i++)
		if (!has_tok(ta, na, tb[i]))
			only_b++, ib = i;
	/* t.yamada and k.yamada: two people's initials, however close --
	 * unless both carry one number (x.kudo46 and k.kudo46): a company
	 * does not number two addresses that already differ. */
	if (shared && only_a == 1 && only_b == 1 &&
	    (strlen(ta[ia]) == 1 || strlen(tb[ib]) == 1) &&
	    ta[ia][0] != tb[ib][0] && !(da[0] && strcmp(da, db) == 0))
		return EM_FAR;
	if (na > 0 && na == nb && only_a == 0 && only_b == 0) {
		/* taro.yamada and yamada-taro are one person; m.goto33 and
		 * m.goto34 are two: a company adds digits to tell apart
		 * people whose names give the same address -- or one digit
		 * was misread (okamoto21 and okamoto221, yoshida01 and
		 * yoshida81): numbers one character apart are a question
		 * for a person, further apart two people. */
		if (strcmp(da, db) != 0)
			return ms_dd_distance(da, db, 1) <= 1 ? EM_NUMBER
							      : EM_FAR;
		if (na > 1)
			return EM_PERMUTED;
	}
	/* a.takeda54 and takeda54: one address has a whole word more --
	 * another form of address (an alias, or a namesake's), not a
	 * misreading, however few characters it is. */
	if (shared && only_a + only_b == 1 && strcmp(da, db) == 0)
		return EM_VARIANT;
	/* OCR errors: the budget is set by the local part's length, so
	 * that yamada01 and yamada26 (two people) are not "close". */
	tol = ll >= 10 ? 2 : 1;
	*dist = ms_dd_distance(a, b, tol);
	if (*dist <= tol) {
		/* takeuchi-kyoko and takeuchi-yoko are close, but if each
		 * differing word is that side's own romanised name, and one
		 * of them is not the other side's, they are two people's
		 * names, not an OCR error (aya.5uzuki is aya.suzuki: "uzuki"
		 * is part of Suzuki too). */
		if (shared && only_a == 1 && only_b == 1 && na_lat && nb_lat) {
			char fa[64], fb[64];
			ms_dd_latin_fold(ta[ia], fa, sizeof(fa));
			ms_dd_latin_fold(tb[ib], fb, sizeof(fb));
			if (fa[0] && fb[0] && strcmp(fa, fb) != 0 &&
			    strstr(na_lat, fa) && strstr(nb_lat, fb) &&
			    (!strstr(nb_lat, fa) || !strstr(na_lat, fb)))
				return EM_FAR;
		}
		return EM_CLOSE;
	}
	/* t.goto14 and goto71, taro.tanaka and tanaka11: the company
	 * numbered one address to tell it from a namesake's, so two
	 * numberings are two mailboxes of two people. */
	if (strcmp(da, db) != 0)
		return EM_FAR;
	/* taro.yamada and t.yamada, yamada and taro.yamada. */
	if (shared && (only_a == 0 || only_b == 0 ||
		       (only_a == 1 && only_b == 1 &&
			ta[ia][0] == tb[ib][0])))
		return EM_VARIANT;
	return EM_FAR;
}

static const char *const cnt[] = {"", "one character", "2 characters"};

/* 1 if one printed name is the other with one or two characters lost
 * (口愛 and 山口愛, 太田 and 太田彩): OCR drops characters, it does not
 * write another kanji. */
static int lost_chars(const char *a, const char *b)
{
	int32_t x[MS_DD_MAX_CPS], y[MS_DD_MAX_CPS];
	int nx = ms_utf8_to_cps(a, x, MS_DD_MAX_CPS);
	int ny = ms_utf8_to_cps(b, y, MS_DD_MAX_CPS), i, j;

	if (nx > ny) {
		const char *t = a;
		a = b, b = t;
		nx = ms_utf8_to_cps(a, x, MS_DD_MAX_CPS);
		ny = ms_utf8_to_cps(b, y, MS_DD_MAX_CPS);
	}
	if (nx == 0 || ny - nx < 1 || ny - nx > 2)
		return 0;
	for (i = j = 0; i < nx && j < ny; j++)
		if (x[i] == y[j])
			i++;
	return i == nx;
}

static int company_same(const ms_dd_norm *a, const ms_dd_norm *b)
{
	if (a->company[0] && strcmp(a->company, b->company) == 0)
		return 1;
	if (a->company_rd[0] && strcmp(a->company_rd, b->company_rd) == 0)
		return 1;
	return 0;
}

/* 1 if x and y are both known, in one script, and differ. */
static int differs(const char *x, const char *y)
{
	return x[0] && y[0] && is_latin(x) == is_latin(y) && strcmp(x, y) != 0;
}

static unsigned changes(const ms_dd_norm *a, const ms_dd_norm *b)
{
	struct {
		int f;
		const char *x, *y;
	} t[] = {
		{MS_F_DEPARTMENT, a->department, b->department},
		{MS_F_TITLE, a->title, b->title},
		{MS_F_EMAIL, a->email, b->email},
		{MS_F_PHONE, a->phone, b->phone},
		{MS_F_MOBILE, a->mobile, b->mobile},
		{MS_F_FAX, a->fax, b->fax},
		{MS_F_POSTAL_CODE, a->postal, b->postal},
		{MS_F_ADDRESS, a->address, b->address},
		{MS_F_URL, a->url, b->url},
	};
	unsigned m = 0;
	size_t i;

	if (a->company[0] && !company_same(a, b) &&
	    (!b->company[0] || is_latin(a->company) == is_latin(b->company)))
		m |= 1u << MS_F_COMPANY;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		/* 部長 and "Manager": the two languages of one card. */
		if (t[i].x[0] && t[i].y[0] &&
		    is_latin(t[i].x) != is_latin(t[i].y))
			continue;
		if (t[i].x[0] && strcmp(t[i].x, t[i].y) != 0)
			m |= 1u << t[i].f;
	}
	return m;
}

void ms_dd_match_pair(const ms_dd_norm *a, const ms_dd_norm *b,
		      ms_dd_match *m)
{
	ms_dd_match_pair_ctx(a, b, 0, m);
}

void ms_dd_match_pair_ctx(const ms_dd_norm *a, const ms_dd_norm *b,
			  int namesakes, ms_dd_match *m)
{
	char r[MS_DD_MAX_REASON_BYTES];
	int dn = 99, dr = 99, dl = 99, d, i, j;
	int cn = CH_NONE, cr, cl = CH_NONE, name, best_d;
	int email_eq = 0, email_close = 0, email_far = 0, email_var = 0;
	int email_perm = 0, email_num = 0, local_same = 0, local_close1 = 0;
	int email_moved = 0, email_common = 0;
	int mob_eq = 0, mob_diff = 0, phone_eq = 0, comp_eq, comp_diff;
	int other_co, dom_far = 0;
	int shared_role = 0, carried;
	double s = 0;

	memset(m, 0, sizeof(*m));

	/* Name channels. The printed names are compared only within one
	 * script: 山田太郎 and "Taro Yamada" meet through the romanised
	 * reading instead. */
	if (is_latin(a->name) == is_latin(b->name))
		cn = channel(a->name, b->name, &dn);
	cr = channel(a->reading, b->reading, &dr);
	for (i = 0; i < 2; i++)
		for (j = 0; j < 2; j++) {
			int dd, c = channel(a->latin[i], b->latin[j], &dd);
			if (c > cl)
				cl = c;
			if (dd < dl)
				dl = dd;
		}
	name = CH_NONE;
	if (cn == CH_EXACT || cr == CH_EXACT || cl == CH_EXACT)
		name = CH_EXACT;
	else if (cn == CH_CLOSE || cr == CH_CLOSE || cl == CH_CLOSE)
		name = CH_CLOSE;
	else if (cn == CH_DIFF || cr == CH_DIFF || cl == CH_DIFF)
		name = CH_DIFF;
	/* A channel that disagrees outright overrules a matching one only
	 * for the printed name: same reading, different kanji (伊藤/伊東)
	 * stays a match only if the kanji are close. */
	if (name == CH_EXACT && cn == CH_DIFF &&
	    !(cr == CH_EXACT && lost_chars(a->name, b->name)))
		name = CH_CLOSE;
	best_d = dn < dr ? dn : dr;
	if (dl < best_d)
		best_d = dl;

	/* Email. */
	if (a->email[0] && b->email[0]) {
		const char *da = strchr(a->email, '@');
		const char *db = strchr(b->email, '@');
		if (a->email_role || b->email_role) {
			shared_role = strcmp(a->email, b->email) == 0;
		} else if (strcmp(a->email, b->email) == 0) {
			email_eq = 1;
		} else if (da && db) {
			/* One domain, or one a character or two off (an OCR
			 * error): then the local parts decide. */
			int dd = strcmp(da, db) == 0 ? 0
						      : ms_dd_distance(da, db, 2);
			size_t la = (size_t)(da - a->email);
			char al[2 * MS_MAX_FIELD_BYTES];
			local_same = la == (size_t)(db - b->email) &&
				     strncmp(a->email, b->email, la) == 0;
			snprintf(al, sizeof(al), "%.*s%s", (int)la, a->email,
				 db);
			/* Two characters off only at a company that matches:
			 * wakabamai-kogyo and wakabataa-kogyo are two. One
			 * off only where the company names do not disagree:
			 * 信濃ムイ精機 at shinanomui- and 信濃ミイ精機 at
			 * shinanomii- are two companies, not one misread. */
			int other = dd > 2 ||
				    (dd == 2 && !company_same(a, b)) ||
				    (dd == 1 && !company_same(a, b) &&
				     differs(a->company, b->company));
			/* Another company's address: the same local part
			 * there is a handle that moved along. A weak one when
			 * it is made of the name alone: it flags, never
			 * merges, and where the name is common it is a
			 * namesake's as often. */
			int digits = strcspn(b->email, "0123456789") <
				     (size_t)(db - b->email);

			/* Nor when the names agree only romanised (an
			 * English card against a Japanese one): a romanised
			 * name is a reading that every kanji spelling of it
			 * shares (Yuko: 裕子, 優子, 祐子), and an email name
			 * made of it says that reading again. */
			if (other) {
				email_moved = local_same &&
					      (digits ||
					       (namesakes < MS_DD_COMMON_NAME &&
						cn == CH_EXACT));
				email_common = local_same && !email_moved;
			} else if (local_same)
				email_close = dd;
			else
				switch (local_class(al, b->email, a->latin[0],
						    b->latin[0], &d)) {
				case EM_PERMUTED:
					email_perm = 1;
					break;
				case EM_CLOSE:
					email_close = d + dd > 2 ? 2 : d + dd;
					local_close1 = d == 1;
					break;
				case EM_VARIANT:
					email_var = 1;
					break;
				case EM_NUMBER:
					email_num = 1;
					break;
				default:
					email_far = 1;
				}
		}
	}
	if (a->mobile[0] && b->mobile[0]) {
		if (strcmp(a->mobile, b->mobile) == 0)
			mob_eq = 1;
		else if (ms_dd_distance(a->mobile, b->mobile, 1) > 1)
			mob_diff = 1;
	}
	phone_eq = a->phone[0] && strcmp(a->phone, b->phone) == 0;
	comp_eq = company_same(a, b);
	/* "Sample Inc." and サンプル are not comparable: the two sides of
	 * one card. */
	comp_diff = a->company[0] && b->company[0] && !comp_eq &&
		    is_latin(a->company) == is_latin(b->company) &&
		    ms_dd_distance(a->company, b->company, 1) > 1;
	/* Where the names cannot say (サンプル against "Tokyo Trading
	 * Inc.", or no company printed), the web site and the email domain
	 * still tell two companies apart. */
	if (a->email[0] && b->email[0]) {
		const char *da = strchr(a->email, '@');
		const char *db = strchr(b->email, '@');
		dom_far = da && db && ms_dd_distance(da, db, 2) > 2;
	}
	other_co = comp_diff ||
		   (!comp_eq &&
		    (dom_far || (a->url[0] && b->url[0] &&
				 ms_dd_distance(a->url, b->url, 2) > 2)));

	/* Weigh. */
	if (name == CH_EXACT)
		s += 0.45;
	else if (name == CH_CLOSE)
		s += 0.25;
	else if (name == CH_DIFF)
		s -= 0.6;
	if (email_eq)
		s += 0.5;
	else if (email_perm)
		s += 0.4;
	else if (email_close)
		s += 0.3;
	else if (email_var)
		s += 0; /* one company gives one person one address */
	else if (email_far && !mob_eq)
		s -= 0.35;
	if (mob_eq)
		s += 0.5;
	else if (mob_diff)
		s -= 0.3;
	if (phone_eq)
		s += 0.08;
	if (comp_eq)
		s += 0.15;
	else if (!comp_diff && a->company[0] && b->company[0] &&
		 is_latin(a->company) == is_latin(b->company))
		s += 0.1; /* one character off */
	if (a->department[0] && strcmp(a->department, b->department) == 0)
		s += 0.05;
	if (a->address[0] && strcmp(a->address, b->address) == 0)
		s += 0.03;
	if (a->url[0] && strcmp(a->url, b->url) == 0)
		s += 0.05; /* a company's site: weak */
	if (s < 0)
		s = 0;
	if (s > 1)
		s = 1;
	m->score = s;
	m->changed = changes(a, b);

	/* Something personal that a job change can carry to the new
	 * company: the mobile, the address, the email name. */
	carried = mob_eq || email_eq || email_moved || email_perm ||
		  email_close || email_var;

	/* Reasons, strongest first. */
	if (mob_eq)
		reason(m, "same mobile number");
	if (email_eq)
		reason(m, "same email address");
	if (email_perm)
		reason(m, "same email name in another order");
	if (email_var)
		reason(m, "email of the same form at the same domain");
	if (email_num)
		reason(m, "email differs only in a digit: misread, or a "
			  "namesake's number?");
	if (email_moved)
		reason(m, "same email name at another domain");
	if (email_common && cn == CH_EXACT)
		reason(m, "same email name at another domain, but made of a "
			  "common name alone");
	else if (email_common)
		reason(m, "same email name at another domain, but made of "
			  "the name alone, which agrees only romanised");
	if (name == CH_EXACT && comp_eq && email_close) {
		snprintf(r, sizeof(r),
			 "name and company match, email differs by %s",
			 cnt[email_close]);
		reason(m, r);
	} else if (email_close) {
		snprintf(r, sizeof(r), "email differs by %s",
			 cnt[email_close]);
		reason(m, r);
	}
	if (name == CH_EXACT) {
		if (cn == CH_EXACT)
			reason(m, "same name");
		else if (cr == CH_EXACT)
			reason(m, "same name reading");
		else
			reason(m, "same romanised name");
		if (other_co && carried)
			reason(m, "same name, different company: possible "
				  "job change");
	} else if (name == CH_CLOSE) {
		snprintf(r, sizeof(r), "name differs by %s",
			 cnt[best_d >= 1 && best_d <= 2 ? best_d : 1]);
		reason(m, r);
	} else if (name == CH_DIFF) {
		reason(m, "different names");
	}
	if (comp_eq && !(name == CH_EXACT && email_close))
		reason(m, "same company");
	if (email_far)
		reason(m, "different personal email at the same domain");
	if (mob_diff)
		reason(m, "different mobile numbers");
	if (shared_role)
		reason(m, "shared role address (never identifies a person)");
	if (phone_eq)
		reason(m, "same phone number (a main line: weak evidence)");

	/* Decide. */
	if (name == CH_DIFF) {
		/* A personal email or mobile shared under another name (a
		 * married name, an assistant's card): a person decides. */
		if (email_eq || mob_eq) {
			reason(m, "same personal contact under a different "
				  "name");
			m->outcome = MS_DD_POSSIBLE;
			m->score = DD_POSSIBLE;
			return;
		}
		m->outcome = MS_DD_NEW;
		if (m->score > 0.2)
			m->score = 0.2;
		return;
	}
	/* A name a character or two off is an OCR error only if a personal
	 * email (at most one character off, or its local part unchanged at
	 * a domain OCR damaged more) or mobile backs it; otherwise it is a
	 * colleague or relative (山田太郎 and 山田次郎 at one company, one
	 * main line, one info@). */
	if (name == CH_CLOSE && !email_eq && !email_perm && !mob_eq &&
	    !local_close1 && !(email_close && local_same) &&
	    !((email_moved || email_common) && comp_eq)) {
		reason(m, "similar name without a shared personal email or "
			  "mobile: a colleague or relative?");
		m->outcome = MS_DD_NEW;
		if (m->score > 0.3)
			m->score = 0.3;
		return;
	}
	/* A company gives a person one address: a different personal
	 * address at the same domain is a namesake's (田中花子 at
	 * h.tanaka@ and tanaka11@), unless the mobile is the same. */
	if (email_far && !mob_eq) {
		reason(m, "one company, two personal addresses: namesakes");
		m->outcome = MS_DD_NEW;
		if (m->score > 0.3)
			m->score = 0.3;
		return;
	}
	/* Two mobiles and no shared personal email: two people. */
	if (mob_diff && !email_eq && !email_perm && !email_close) {
		reason(m, "two mobile numbers and no shared email: namesakes");
		m->outcome = MS_DD_NEW;
		if (m->score > 0.3)
			m->score = 0.3;
		return;
	}
	/* At another company the name alone is as likely a namesake as a
	 * job change: link only if something personal came along (the
	 * mobile, the address, or the email name at the new domain). */
	if (other_co && !carried) {
		reason(m, "same name at another company, but no mobile or "
			  "email carried over: a namesake?");
		m->outcome = MS_DD_NEW;
		if (m->score > 0.3)
			m->score = 0.3;
		return;
	}
	/* One company, one name, and no mobile or email in common: the
	 * same person's cards share a department or a title;
	 * a namesake's differ in both (a transfer with a promotion is rarer
	 * than two people of one name at a large company). */
	if (comp_eq && !carried && !email_far && !mob_diff &&
	    differs(a->department, b->department) &&
	    differs(a->title, b->title)) {
		reason(m, "same name at one company, but another department "
			  "and title, and no mobile or email in common: a "
			  "namesake?");
		m->outcome = MS_DD_NEW;
		if (m->score > 0.3)
			m->score = 0.3;
		return;
	}
	/* Only a personal identifier merges on its own account: a name and
	 * a company alone are flagged, never merged (two people of one name
	 * can work at one company). */
	/* A merge also needs one exact anchor: the name, the mobile or the
	 * email. A name and an email each a character off (竹内恭子 at
	 * takeuchi-kyoko@, 竹内陽子 at takeuchi-yoko@) may be two
	 * misreadings, or two people: a person decides. */
	if (s >= DD_SAME && name >= CH_CLOSE &&
	    (email_eq || email_perm || mob_eq ||
	     (email_close && name == CH_EXACT))) {
		unsigned keep = (1u << MS_F_COMPANY) | (1u << MS_F_DEPARTMENT) |
				(1u << MS_F_TITLE) | (1u << MS_F_EMAIL) |
				(1u << MS_F_PHONE) | (1u << MS_F_MOBILE) |
				(1u << MS_F_FAX) | (1u << MS_F_POSTAL_CODE) |
				(1u << MS_F_ADDRESS) | (1u << MS_F_URL);
		m->outcome = (m->changed & keep) ? MS_DD_CHANGED
						 : MS_DD_SAME_CARD;
		return;
	}
	m->outcome = s >= DD_POSSIBLE ? MS_DD_POSSIBLE : MS_DD_NEW;
}
