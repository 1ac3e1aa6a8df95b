/*
 * Email and URL: the most certain patterns on a card, taken first.
 *
 * OCR breaks both in known ways: spaces around '@' and '.', '@' read as
 * '©' or written "(at)", a label glued to the address ("E-mail:"), a
 * comma for a dot. The email's domain is kept as a hint for the company
 * pass ("sakura-systems" from taro@sakura-systems.co.jp).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "extract/ex_int.h"
#include "meishi/text.h"

static const char *const free_mail[] = {
    "gmail",  "yahoo", "hotmail",    "outlook", "icloud",  "live",
    "msn",    "aol",   "bol",        "uol",     "terra",   "ig",
    "docomo", "ezweb", "softbank",   "nifty",   "biglobe", "ocn",
    "me",     "mail",  "protonmail", "gmx",     "r7",
};

/* Second-level labels under a country code ("co" in co.jp). */
static const char *const second_level[] = {
    "co", "or",  "ne",  "ac",  "go",  "ed",  "lg",
    "gr", "com", "net", "org", "gov", "edu", "ad",
};

static const char *const tlds[] = {
    "com", "net", "org", "jp", "br",  "io",   "biz",   "info", "us",     "uk",
    "de",  "fr",  "it",  "es", "cn",  "kr",   "tw",    "hk",   "sg",     "au",
    "ca",  "co",  "me",  "ai", "app", "dev",  "tech",  "site", "online", "shop",
    "edu", "gov", "in",  "nz", "eu",  "asia", "tokyo", "pt",   "mx",     "ar",
    "cl",  "ch",  "nl",  "se", "ru",  "jobs", "pro",   "cc",   "tv",     "ly",
};

static int known_tld(const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(tlds) / sizeof(tlds[0]); i++)
		if (strlen(tlds[i]) == n && strncasecmp(t, tlds[i], n) == 0)
			return 1;
	return 0;
}

/* 1 if t starts with a known top-level domain standing alone. */
static int space_tld(const char *t)
{
	size_t n = 0;

	while (isalpha((unsigned char)t[n]))
		n++;
	return n >= 2 && (t[n] == '\0' || t[n] == ' ') && known_tld(t, n);
}

/* 1 if t is a known top-level domain that ends the address: letters up
 * to the end, a space or a character no domain has. */
static int tld_ends(const char *t)
{
	size_t n = 0;

	while (isalpha((unsigned char)t[n]))
		n++;
	return n >= 2 && !isalnum((unsigned char)t[n]) && t[n] != '.' &&
	       t[n] != '-' && t[n] != '_' && known_tld(t, n);
}

/* 1 if t starts with letters, digits and '-' that go on to a dot, maybe
 * after a space: the rest of a domain name ("idge. co. jp"). */
static int word_then_dot(const char *t)
{
	size_t n = 0;

	while (isalnum((unsigned char)t[n]) || t[n] == '-')
		n++;
	if (n == 0)
		return 0;
	if (t[n] == ' ')
		n++;
	if (t[n] != '.' && t[n] != ',')
		return 0;
	n++;
	if (t[n] == ' ')
		n++;
	return isalpha((unsigned char)t[n]);
}

static int second_level_word(const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(second_level) / sizeof(*second_level); i++)
		if (strlen(second_level[i]) == n &&
		    strncmp(t, second_level[i], n) == 0)
			return 1;
	return 0;
}

/* A domain whose dots and hyphens all came back as spaces ("sora
 * consulting or jp"): t, just after one such space, holds at most four
 * lower-case words up to the end of the line, the last a top-level domain
 * (after a second-level one, maybe). Returns what the space stood for:
 * '.' before the second-level or top-level word, '-' between the words
 * of the name, 0 when t is not such a tail. */
static char spaced_domain(const char *t)
{
	size_t len[5], nw = 0, n;

	while (*t) {
		const char *w = t;
		while (islower((unsigned char)*t) || isdigit((unsigned char)*t))
			t++;
		n = (size_t)(t - w);
		if (n == 0 || nw == 5 || (*t && *t != ' '))
			return 0;
		len[nw++] = n;
		if (*t)
			t++;
	}
	if (nw == 0)
		return 0;
	t -= len[nw - 1];
	if (!known_tld(t, len[nw - 1]))
		return 0;
	if (nw == 1)
		return '.';
	if (nw == 2 && second_level_word(t - 1 - len[0], len[0]))
		return '.';
	return '-';
}

/* 1 if the domain dom[0..nd) ends in a two-letter second-level label
 * after a dot ("sakurai-ri.co"): a country code should follow. */
static int after_second(const char *dom, size_t nd)
{
	size_t i, sl;

	for (i = 0; i < sizeof(second_level) / sizeof(*second_level); i++) {
		sl = strlen(second_level[i]);
		if (sl == 2 && nd > sl + 1 && dom[nd - sl - 1] == '.' &&
		    strncmp(dom + nd - sl, second_level[i], sl) == 0)
			return 1;
	}
	return 0;
}

/* Mends a Japanese domain as OCR misreads it: "x.co.ip" (j read as i)
 * and "x.cojp" (the last dot lost) become "x.co.jp". */
static void mend_domain(char *dom, size_t cap)
{
	size_t n = strlen(dom), i;
	char *last = strrchr(dom, '.');

	/* "sakurai-ri.c0.jp": a zero for the o of co or or */
	if (n >= 8 && strcmp(dom + n - 3, ".jp") == 0 && dom[n - 6] == '.' &&
	    (strncmp(dom + n - 5, "c0", 2) == 0 ||
	     strncmp(dom + n - 5, "0r", 2) == 0)) {
		dom[n - (dom[n - 5] == '0' ? 5 : 4)] = 'o';
		return;
	}
	if (n >= 6 && strcmp(dom + n - 3, ".ip") == 0) {
		for (i = 0; i < sizeof(second_level) / sizeof(*second_level);
		     i++) {
			size_t sl = strlen(second_level[i]);
			if (n > sl + 4 && dom[n - 4 - sl] == '.' &&
			    strncmp(dom + n - 3 - sl, second_level[i], sl) ==
			        0) {
				dom[n - 2] = 'j';
				return;
			}
		}
	}
	/* "hikari-nwjp": no dot at all, the one before jp lost */
	if (!last && n > 4 && n + 2 <= cap && strcmp(dom + n - 2, "jp") == 0 &&
	    isalnum((unsigned char)dom[n - 3])) {
		memmove(dom + n - 1, dom + n - 2, 3);
		dom[n - 2] = '.';
		return;
	}
	/* "or.jd", "group.jd": j and a letter like p, no top-level
	 * domain */
	if (last && n >= 6 && last[1] == 'j' && last[2] && !last[3] &&
	    strchr("dgq", last[2])) {
		last[2] = 'p';
		return;
	}
	if (last && last > dom && strlen(last + 1) == 4 &&
	    strcmp(last + 3, "jp") == 0 && n + 2 <= cap) {
		for (i = 0; i < sizeof(second_level) / sizeof(*second_level);
		     i++)
			if (strlen(second_level[i]) == 2 &&
			    strncmp(last + 1, second_level[i], 2) == 0) {
				memmove(last + 4, last + 3, 3);
				last[3] = '.';
				return;
			}
	}
}

static int local_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '_' || c == '%' ||
	       c == '+' || c == '-';
}

static int domain_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '-';
}

/* Email-domain core for the company hint, or "" for free mail. */
static void domain_core(const char *dom, char *out, size_t cap)
{
	char labels[8][64];
	size_t nl = 0, i, len;
	const char *p = dom, *e;

	out[0] = '\0';
	while (*p && nl < 8) {
		e = strchr(p, '.');
		len = e ? (size_t)(e - p) : strlen(p);
		if (len >= sizeof(labels[0]))
			len = sizeof(labels[0]) - 1;
		memcpy(labels[nl], p, len);
		labels[nl++][len] = '\0';
		if (!e)
			break;
		p = e + 1;
	}
	if (nl < 2)
		return;
	nl--; /* the top-level domain */
	for (i = 0; i < sizeof(second_level) / sizeof(second_level[0]); i++)
		if (nl >= 2 && strcmp(labels[nl - 1], second_level[i]) == 0) {
			nl--;
			break;
		}
	for (i = 0; i < sizeof(free_mail) / sizeof(free_mail[0]); i++)
		if (strcmp(labels[nl - 1], free_mail[i]) == 0)
			return;
	ms_strlcpy_utf8(out, labels[nl - 1], cap);
}

/* Label words that go with an email or URL and are blanked with it. */
static const char *const labels[] = {
    "e-mail", "email",    "mail", "url",   "web",    "website",      "site",
    "hp",     "homepage", "http", "https", "メール", "ホームページ",
};

static void blank_labels(char *rest)
{
	size_t i;
	long at;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		at = ex_find_word(rest, labels[i], 0);
		if (at >= 0) {
			size_t e = (size_t)at + strlen(labels[i]);
			while (rest[e] == ':' || rest[e] == '.' ||
			       rest[e] == ' ')
				e++;
			ex_blank(rest, (size_t)at, e);
		}
	}
}

/* Builds w from t with "(at)" and '©' turned into '@'; map[i] is the
 * offset in t of w[i]. */
static void at_fix(const char *t, char *w, size_t *map, size_t cap)
{
	size_t i = 0, o = 0;

	while (t[i] && o + 1 < cap) {
		if (strncasecmp(t + i, "(at)", 4) == 0 ||
		    strncasecmp(t + i, "[at]", 4) == 0) {
			map[o] = i;
			w[o++] = '@';
			i += 4;
		} else if ((unsigned char)t[i] == 0xC2 &&
		           ((unsigned char)t[i + 1] == 0xA9 ||
		            (unsigned char)t[i + 1] == 0xAE)) {
			map[o] = i;
			w[o++] = '@';
			i += 2;
		} else {
			map[o] = i;
			w[o++] = t[i++];
		}
	}
	w[o] = '\0';
	map[o] = i;
}

/* 1 if the word ending at w[end) is an email label ("E-mail", "Mail",
 * "E." and "E:" with their stop). */
static int label_before(const char *w, size_t end)
{
	static const char *const lab[] = {"e-mail", "email", "mail", "e"};
	size_t s, i;

	while (end > 0 && (w[end - 1] == '.' || w[end - 1] == ':'))
		end--;
	s = end;
	while (s > 0 && w[s - 1] != ' ' && w[s - 1] != ':')
		s--;
	for (i = 0; i < sizeof(lab) / sizeof(lab[0]); i++)
		if (strlen(lab[i]) == end - s &&
		    strncasecmp(w + s, lab[i], end - s) == 0)
			return 1;
	return 0;
}

/* An 'i' read as ':' in the local part before w[p] ("arak:. ke: ko@"):
 * a colon after a lower-case letter, before a lower-case letter, a dot or
 * a space, and not after a label ("Mail:taro@"), becomes 'i' in w.
 * Returns how many did. */
static int colon_i(char *w, size_t p)
{
	size_t q = p, i;
	int n = 0;

	while (q > 0 && p - q < MS_MAX_EMAIL_LOCAL &&
	       (local_char(w[q - 1]) || w[q - 1] == ':' || w[q - 1] == ' '))
		q--;
	for (i = q + 1; i + 1 < p; i++)
		if (w[i] == ':' && islower((unsigned char)w[i - 1]) &&
		    (islower((unsigned char)w[i + 1]) || w[i + 1] == '.' ||
		     w[i + 1] == ' ') &&
		    !label_before(w, i))
			w[i] = 'i', n++;
	return n;
}

/* 1 if the word ending at w[end) is a few lower-case letters right after
 * an email label ("E-mail sai"). */
static int lower_after_label(const char *w, size_t end)
{
	size_t s = end;

	while (s > 0 && islower((unsigned char)w[s - 1]))
		s--;
	if (s == end || end - s > 5 || s < 2 || w[s - 1] != ' ')
		return 0;
	return label_before(w, s - 1);
}

/* One email around the '@' at w[p]; fills out and the span [*s, *e) in
 * w. Returns 1 if it looks like an address. */
static int email_at(const char *w, size_t p, char *out, size_t cap, size_t *s,
                    size_t *e)
{
	char loc[128], dom[128];
	size_t j = p, nl = 0, nd = 0, i, n = strlen(w);
	char *dot;
	int joined = 0, guessed = 0;
	char sep;

	/* Left: local part, allowing spaces next to '@' and around dots. */
	while (j > 0 && w[j - 1] == ' ')
		j--;
	while (j > 0) {
		char c = w[j - 1];
		if (local_char(c)) {
			j--;
			continue;
		}
		/* Spaces around a dot ("taro . yamada"), but not the one
		 * after a label ("E. taro@..."). */
		if (c == ' ' && j >= 2 &&
		    (w[j - 2] == '.' || (j < n && w[j] == '.')) &&
		    !label_before(w, j - 1)) {
			j--;
			continue;
		}
		/* "hanako, sato@...", "kawaguchi,kyoko@...": a comma for
		 * the dot. */
		if (c == ',' && j >= 2 && isalnum((unsigned char)w[j - 2]) &&
		    (w[j] != ' ' || j + 1 < p)) {
			j--;
			continue;
		}
		if (c == ' ' && j >= 3 && w[j - 2] == ',' &&
		    isalnum((unsigned char)w[j - 3]) && w[j] != '@' &&
		    !label_before(w, j - 2)) {
			j--;
			continue;
		}
		/* "yamamot o@..." : OCR split off the last letters; "E-mail
		 * sai to-d@...": a short word in lower case right after the
		 * label is the start of the address. */
		if (c == ' ' && !joined && j >= 2 &&
		    isalnum((unsigned char)w[j - 2]) &&
		    !label_before(w, j - 1) &&
		    (p - j <= 2 || lower_after_label(w, j - 1))) {
			joined = 1;
			j--;
			continue;
		}
		break;
	}
	*s = j;
	for (i = j; i < p && nl + 1 < sizeof(loc); i++)
		if (w[i] != ' ')
			loc[nl++] = w[i] == ',' ? '.' : w[i];
	loc[nl] = '\0';
	/* Right: the domain. */
	j = p + 1;
	while (w[j] == ' ')
		j++;
	while (w[j]) {
		char c = w[j];
		if (domain_char(c)) {
			if (nd + 1 < sizeof(dom))
				dom[nd++] = (char)tolower((unsigned char)c);
			j++;
			continue;
		}
		if (c == ',' && nd > 0 && isalpha((unsigned char)dom[nd - 1]) &&
		    (isalpha((unsigned char)w[j + 1]) ||
		     (w[j + 1] == ' ' && isalpha((unsigned char)w[j + 2])))) {
			/* "nds.co,jp", "nds.co, jp": a comma for a dot */
			if (nd + 1 < sizeof(dom))
				dom[nd++] = '.';
			j += w[j + 1] == ' ' ? 2 : 1;
			continue;
		}
		if (c == ' ' && nd > 0 &&
		    (dom[nd - 1] == '.' || w[j + 1] == '.')) {
			j++;
			continue;
		}
		if (c == ' ' && nd > 0 && dom[nd - 1] != '.' &&
		    memchr(dom, '.', nd) == NULL && word_then_dot(w + j + 1)) {
			/* "technobr idge. co. jp": OCR split a word of the
			 * domain in two */
			j++;
			continue;
		}
		if (c == '_' && nd > 0 && isalnum((unsigned char)dom[nd - 1]) &&
		    tld_ends(w + j + 1)) {
			/* "kestrelsec_com": the dot before the top-level
			 * domain read low */
			if (nd + 1 < sizeof(dom))
				dom[nd++] = '.';
			guessed = 1;
			j++;
			continue;
		}
		if (c == '_' && nd > 0 && isalnum((unsigned char)dom[nd - 1]) &&
		    isalnum((unsigned char)w[j + 1])) {
			/* "tsubasa_ad": a hyphen read low */
			if (nd + 1 < sizeof(dom))
				dom[nd++] = '-';
			guessed = 1;
			j++;
			continue;
		}
		if (c == ' ' && nd > 0 && isalnum((unsigned char)dom[nd - 1]) &&
		    memchr(dom, '.', nd) == NULL && w[j + 1] != ' ' &&
		    (sep = spaced_domain(w + j + 1)) != 0) {
			/* "sora consulting or jp" */
			if (nd + 1 < sizeof(dom))
				dom[nd++] = sep;
			guessed = 1;
			j++;
			continue;
		}
		if (c == ' ' && nd > 0 && dom[nd - 1] != '.' &&
		    (memchr(dom, '.', nd) == NULL || after_second(dom, nd)) &&
		    space_tld(w + j + 1)) {
			/* "mizuho-research jp": the dot lost */
			if (nd + 1 < sizeof(dom))
				dom[nd++] = '.';
			j++;
			continue;
		}
		break;
	}
	dom[nd] = '\0';
	while (nd > 0 && (dom[nd - 1] == '.' || dom[nd - 1] == '-'))
		dom[--nd] = '\0';
	mend_domain(dom, sizeof(dom));
	*e = j;
	{
		size_t k = 0;
		while (loc[k] == '.' || loc[k] == '-')
			k++;
		memmove(loc, loc + k, strlen(loc + k) + 1);
	}
	/* A label glued to the address: "E-mailtaro@...", "Emailtaro@...". */
	if (strncasecmp(loc, "e-mail", 6) == 0 && loc[6])
		memmove(loc, loc + 6, strlen(loc + 6) + 1);
	else if (strncasecmp(loc, "email", 5) == 0 && loc[5] &&
	         strchr(".-_", loc[5]) == NULL && strlen(loc) > 8)
		memmove(loc, loc + 5, strlen(loc + 5) + 1);
	if (!loc[0] || strlen(loc) > MS_MAX_EMAIL_LOCAL)
		return 0;
	/* Addresses are written in lower case; a capital in one is OCR's
	 * (C.kaneko, nakayama.yOko), but for I, which may be an l and is
	 * left to the name to tell (verify.c). */
	for (i = 0; loc[i]; i++)
		if (loc[i] != 'I')
			loc[i] = (char)tolower((unsigned char)loc[i]);
	dot = strrchr(dom, '.');
	if (!dot || dot == dom || strlen(dot + 1) < 2 ||
	    strstr(dom, "..") != NULL)
		return 0;
	for (i = 1; dot[i]; i++)
		if (!isalpha((unsigned char)dot[i]))
			return 0;
	if (snprintf(out, cap, "%s@%s", loc, dom) >= (int)cap)
		return 0;
	return guessed ? 2 : 1;
}

/* Takes addr, read on line l, as the card's email: its local part and
 * the company hint of its domain are kept for the later passes. */
static void take_email(ex_card *k, ex_line *l, const char *addr, float conf,
                       int review)
{
	const char *at = strchr(addr, '@');

	ex_set(k, MS_F_EMAIL, addr, conf, l->box, review);
	l->took |= 1u << MS_F_EMAIL;
	ms_strlcpy_utf8(k->email_local, addr, sizeof(k->email_local));
	k->email_local[at - addr] = '\0';
	domain_core(at + 1, k->domain_core, sizeof(k->domain_core));
}

static void find_email(ex_card *k)
{
	size_t map[MS_EX_NORM_BYTES + 1];
	char w[MS_EX_NORM_BYTES], addr[MS_MAX_FIELD_BYTES];
	size_t i, p, s, e;
	int got, colons;

	for (i = 0; i < k->n; i++) {
		ex_line *l = &k->l[i];
		at_fix(l->t, w, map, sizeof(w));
		for (p = 0; w[p]; p++) {
			if (w[p] != '@')
				continue;
			colons = colon_i(w, p);
			got = email_at(w, p, addr, sizeof(addr), &s, &e);
			if (!got)
				continue;
			if (!k->c->v[MS_F_EMAIL][0]) {
				int fixed = got == 2 || colons ||
				            strchr(l->t, '@') == NULL ||
				            strstr(l->t, " @") ||
				            strstr(l->t, "@ ");
				take_email(k, l, addr,
				           l->conf * (fixed ? 0.85f : 1.0f), fixed);
			}
			ex_blank(l->rest, map[s], map[e]);
			blank_labels(l->rest);
			p = e > p ? e - 1 : p;
		}
	}
}

/* "www" as OCR misreads it at the start of a host: "avww.", "vww.",
 * "wvw." (letters like w, at least two w) and "www-" for "www.", when a
 * name and a top-level domain follow. */
static void mend_www(char *host, size_t cap)
{
	size_t n = strcspn(host, ".-"), i, nw = 0;
	const char *rest = host + n;

	if (n < 2 || n > 5 || !*rest || !strchr(rest + 1, '.') ||
	    strlen(host) + 2 > cap)
		return;
	for (i = 0; i < n; i++) {
		if (!strchr("wvam", host[i]))
			return;
		nw += host[i] == 'w';
	}
	/* "wmm.": three letters of w, v and m, one of them a w */
	if ((nw < 2 && !(n == 3 && nw == 1 && !memchr(host, 'a', n))) ||
	    (n == 3 && nw == 3 && *rest == '.'))
		return;
	memmove(host + 3, rest, strlen(rest) + 1);
	memcpy(host, "www", 3);
	host[3] = '.';
}

/* A URL in token tok (NUL-terminated, no spaces); fills out. */
static int url_token(const char *tok, char *out, size_t cap, int *sure)
{
	char t[MS_MAX_FIELD_BYTES], host[MS_MAX_FIELD_BYTES];
	const char *p = tok, *path, *dot;
	char scheme[16] = "";
	size_t i, hn, o;
	int has_dot = 0;

	*sure = 0;
	if (strchr(tok, '@') || strlen(tok) >= sizeof(t))
		return 0;
	/* Labels glued on: "URL:www...", "Web:" */
	for (i = 0; p[i] && p[i] != ':' && i < 10; i++)
		;
	if (p[i] == ':' && p[i + 1] != '/' && !isdigit((unsigned char)p[i + 1]))
		p += i + 1;
	if (strncasecmp(p, "https", 5) == 0 || strncasecmp(p, "http", 4) == 0) {
		size_t sl = strncasecmp(p, "https", 5) == 0 ? 5 : 4;
		memcpy(scheme, sl == 5 ? "https://" : "http://",
		       sl == 5 ? 9 : 8);
		p += sl;
		while (*p == ':' || *p == '/' || *p == ';')
			p++;
		*sure = 1;
	}
	if (strncasecmp(p, "www.", 4) == 0 || strncasecmp(p, "www,", 4) == 0)
		*sure = 1;
	path = strchr(p, '/');
	hn = path ? (size_t)(path - p) : strlen(p);
	if (hn == 0 || hn >= sizeof(host))
		return 0;
	for (i = 0, o = 0; i < hn; i++) {
		char c = p[i];
		if (c == ',')
			c = '.';
		/* "www_.sora", "sanga~fudosan": a hyphen read low or
		 * wavy, or a speck before a dot */
		if ((c == '_' || c == '~') && i + 1 < hn && p[i + 1] == '.')
			continue;
		if ((c == '_' || c == '~') && o > 0 && i + 1 < hn)
			c = '-';
		if (!domain_char(c))
			return 0;
		if (c == '.')
			has_dot = 1;
		host[o++] = (char)tolower((unsigned char)c);
	}
	host[o] = '\0';
	hn = o;
	while (hn > 0 && (host[hn - 1] == '.' || host[hn - 1] == '-'))
		host[--hn] = '\0';
	/* "https://hikari-nwjp": the dot before jp lost */
	if (!has_dot && *sure) {
		mend_domain(host, sizeof(host));
		has_dot = strchr(host, '.') != NULL;
	}
	if (!has_dot || host[0] == '.' || strstr(host, ".."))
		return 0;
	mend_www(host, sizeof(host));
	dot = strrchr(host, '.');
	if (!dot || strlen(dot + 1) < 2)
		return 0;
	for (i = 1; dot[i]; i++)
		if (!isalpha((unsigned char)dot[i]))
			return 0;
	mend_domain(host, sizeof(host));
	dot = strrchr(host, '.');
	/* "https://www.sakura": the rest of the name lost, no address */
	if (strncmp(host, "www.", 4) == 0 && !strchr(host + 4, '.'))
		return 0;
	if (!*sure && !known_tld(dot + 1, strlen(dot + 1)))
		return 0;
	if (!*sure) {
		/* A bare domain: every label a word, not "Co.,Ltd". */
		ex_counts c;
		ex_count(host, &c);
		if (c.alpha < 4)
			return 0;
	}
	ms_strlcpy_utf8(t, path ? path : "", sizeof(t));
	{
		size_t tn = strlen(t);
		while (tn > 0 && strchr(".,;)", t[tn - 1]))
			t[--tn] = '\0';
	}
	if (snprintf(out, cap, "%s%s%s", scheme, host, t) >= (int)cap)
		return 0;
	return 1;
}

static const char *const social[] = {
    "facebook.", "fb.com",   "twitter.", "x.com",   "instagram.",
    "linkedin.", "youtube.", "line.me",  "tiktok.", "wa.me",
};

/* Which URL of a card is its own: the one with the email's domain, then
 * one printed with www or a scheme, and a social page last. */
static float url_score(ex_card *k, const char *url, int sure)
{
	float s = 1 + (sure ? 1.0f : 0);
	size_t i;

	if (k->domain_core[0] && strstr(url, k->domain_core))
		s += 2;
	for (i = 0; i < sizeof(social) / sizeof(social[0]); i++)
		if (strstr(url, social[i]))
			s -= 0.8f;
	return s;
}

/* 1 if w[0..o) ends in a token that starts a URL: a scheme or "www". */
static int url_start(const char *w, size_t o)
{
	size_t s = o;

	while (s > 0 && w[s - 1] != ' ')
		s--;
	return (o - s >= 4 && strncasecmp(w + s, "http", 4) == 0) ||
	       (o - s >= 3 && strncasecmp(w + s, "www", 3) == 0);
}

/* 1 if r starts the rest of a domain after a comma read for its dot: a
 * second-level label with more after it ("co, jp", "or. jp") or a common
 * top-level domain at the end ("jp", "com"), in lower case as domains
 * are printed ("Denver, CO" and "Trading, Co., Ltd." are no domains). */
static int domain_label_next(const char *r)
{
	static const char *const next[] = {"jp", "com", "net", "org", "uk"};
	size_t n = 0, i;

	while (islower((unsigned char)r[n]))
		n++;
	if (n == 0)
		return 0;
	if (second_level_word(r, n) && (r[n] == '.' || r[n] == ',') &&
	    (islower((unsigned char)r[n + 1]) ||
	     (r[n + 1] == ' ' && islower((unsigned char)r[n + 2]))))
		return 1;
	if (r[n] && r[n] != ' ' && r[n] != '/')
		return 0;
	for (i = 0; i < sizeof(next) / sizeof(*next); i++)
		if (strlen(next[i]) == n && strncmp(r, next[i], n) == 0)
			return 1;
	return 0;
}

/* Whether the space at r[j] of a line is OCR's and not the printer's, so
 * that the URL around it is one token: spaces next to a dot or slash
 * ("www . acme . com"), after a comma read for a dot ("www, acme. co.
 * jp"), and inside the scheme ("https: //"). w[0..o) is what is kept so
 * far. A new URL after a label ("W. https://...") keeps its space. */
static int url_space(const char *w, size_t o, const char *r, size_t j)
{
	const char *nx = r + j + 1;
	char prev = o > 0 ? w[o - 1] : '\0';

	if (strncasecmp(nx, "http", 4) == 0 || strncasecmp(nx, "www", 3) == 0)
		return 0;
	/* "W. atlasfreight.com": a one-letter label and its stop */
	if (prev == '.' && o >= 2 && isalpha((unsigned char)w[o - 2]) &&
	    (o == 2 || w[o - 3] == ' '))
		return 0;
	if (prev == '.' || prev == '/' || *nx == '.')
		return 1;
	if (prev == ',' &&
	    (url_start(w, o) || domain_label_next(nx)) &&
	    isalnum((unsigned char)*nx))
		return 1;
	if (*nx == ':' && nx[1] == '/' && url_start(w, o))
		return 1;
	if (prev == ':' && *nx == '/' && url_start(w, o))
		return 1;
	return 0;
}

/* The host of a URL (after any scheme, before any path) into out. */
static void url_host(const char *url, char *out, size_t cap)
{
	const char *h = strstr(url, "://");

	h = h ? h + 3 : url;
	ms_strlcpy_utf8(out, h, cap);
	out[strcspn(out, "/")] = '\0';
}

/* 1 if the URL's top-level domain is one we know. */
static int url_known_tld(const char *url)
{
	char host[MS_MAX_FIELD_BYTES];
	const char *dot;

	url_host(url, host, sizeof(host));
	dot = strrchr(host, '.');
	return dot && known_tld(dot + 1, strlen(dot + 1));
}

/* Token tok of a line, as a URL, or tok with the next token glued on
 * when OCR split one name in two ("https://www.sora-consul" "ting.or.jp",
 * "www.technobr" "idge.co.jp"): the glued reading wins when it ends in a
 * known top-level domain and tok alone does not. Returns the number of
 * tokens used (0, 1 or 2). */
static int url_tokens(const char *tok, const char *next, char *out, size_t cap,
                      int *sure)
{
	char glued[MS_MAX_FIELD_BYTES], url2[MS_MAX_FIELD_BYTES];
	int one = url_token(tok, out, cap, sure), sure2 = 0;
	size_t tl = strlen(tok);

	if (!next || !next[0] || tl == 0 || !strchr(next, '.') ||
	    !isalnum((unsigned char)next[0]) ||
	    !(isalnum((unsigned char)tok[tl - 1]) || tok[tl - 1] == '-') ||
	    strchr(next, '@') ||
	    (one && url_known_tld(out)))
		return one;
	/* Only a token that is a URL already: a scheme, www or a dot. */
	if (!url_start(tok, tl) && !strchr(tok, '.'))
		return one;
	/* "www fuji-solutions.co.jp": the dot after www lost */
	if (snprintf(glued, sizeof(glued), "%s%s%s", tok,
	             tl >= 3 && strcasecmp(tok + tl - 3, "www") == 0 ? "."
	                                                             : "",
	             next) >=
	        (int)sizeof(glued) ||
	    !url_token(glued, url2, sizeof(url2), &sure2) ||
	    !url_known_tld(url2))
		return one;
	ms_strlcpy_utf8(out, url2, cap);
	*sure = sure2 || *sure;
	return 2;
}

static void find_url(ex_card *k)
{
	char w[MS_EX_NORM_BYTES], url[MS_MAX_FIELD_BYTES];
	char best[MS_MAX_FIELD_BYTES];
	size_t i, j, o, t, nt;
	size_t ts[MS_EX_NORM_BYTES / 2], te[MS_EX_NORM_BYTES / 2];
	int sure, best_sure = 0;
	long best_line = -1;
	float best_score = 0;

	for (i = 0; i < k->n; i++) {
		ex_line *l = &k->l[i];
		/* Drop OCR's spaces so "www . acme . com" is a token;
		 * remember where each byte of w came from in rest. */
		size_t map[MS_EX_NORM_BYTES + 1];
		const char *r = l->rest;
		for (j = 0, o = 0; r[j] && o + 1 < sizeof(w); j++) {
			char sep;
			if (r[j] == ' ' && url_space(w, o, r, j))
				continue;
			/* "www.yamato-shoji jp", "www.sakura- systems
			 * group jp": the dots and hyphens read as spaces. */
			if (r[j] == ' ' && o > 0 && url_start(w, o) &&
			    (sep = spaced_domain(r + j + 1)) != 0) {
				if (w[o - 1] == '-' || w[o - 1] == '.')
					continue;
				map[o] = j;
				w[o++] = sep;
				continue;
			}
			map[o] = j;
			w[o++] = r[j];
		}
		w[o] = '\0';
		map[o] = j;
		for (j = 0, nt = 0; w[j] && nt < sizeof(ts) / sizeof(*ts);) {
			while (w[j] == ' ')
				j++;
			ts[nt] = j;
			while (w[j] && w[j] != ' ')
				j++;
			te[nt] = j;
			if (te[nt] > ts[nt])
				nt++;
		}
		for (t = 0; t < nt; t++) {
			char tok[MS_MAX_FIELD_BYTES], nxt[MS_MAX_FIELD_BYTES];
			size_t tl = te[t] - ts[t], used;
			if (tl >= sizeof(tok))
				continue;
			memcpy(tok, w + ts[t], tl);
			tok[tl] = '\0';
			nxt[0] = '\0';
			if (t + 1 < nt && te[t + 1] - ts[t + 1] < sizeof(nxt)) {
				memcpy(nxt, w + ts[t + 1], te[t + 1] - ts[t + 1]);
				nxt[te[t + 1] - ts[t + 1]] = '\0';
			}
			used = (size_t)url_tokens(tok, nxt, url, sizeof(url),
			                          &sure);
			if (!used) {
				/* What is left of a URL OCR broke beyond
				 * repair is no department or name either. */
				if (url_start(tok, tl) && tl > 6) {
					ex_blank(l->rest, map[ts[t]],
					         map[te[t]]);
					blank_labels(l->rest);
				}
				continue;
			}
			{
				float sc = url_score(k, url, sure);
				if (sc > best_score) {
					best_score = sc;
					ms_strlcpy_utf8(best, url,
					                sizeof(best));
					best_line = (long)i;
					best_sure = sure;
				}
			}
			ex_blank(l->rest, map[ts[t]], map[te[t + used - 1]]);
			blank_labels(l->rest);
			t += used - 1;
		}
	}
	if (best_line >= 0) {
		ex_line *l = &k->l[best_line];
		if (ex_set(k, MS_F_URL, best,
		           l->conf * (best_sure ? 1.0f : 0.85f), l->box, 0))
			l->took |= 1u << MS_F_URL;
		if (!k->domain_core[0]) {
			/* No email: the web site's domain hints the company. */
			char host[MS_MAX_FIELD_BYTES];
			url_host(best, host, sizeof(host));
			domain_core(host, k->domain_core,
			            sizeof(k->domain_core));
		}
	}
}

/* Where no '@' was read: a line holding the web site's domain ("www."
 * and all) right after one character no address has there, after a local
 * part ("ryokoWtechnobridge.co. jp" beside www.technobridge.co.jp: the
 * '@' read as 'W'; "等" for '@' too). OCR's spaces inside the domain, a
 * comma for a dot, and a label before the local part are allowed for.
 * The email is flagged for review. */
static void lost_at(ex_card *k)
{
	char host[MS_MAX_FIELD_BYTES], addr[MS_MAX_FIELD_BYTES];
	const char *h;
	size_t hn, i;

	if (k->c->v[MS_F_EMAIL][0] || !k->c->v[MS_F_URL][0])
		return;
	url_host(k->c->v[MS_F_URL], host, sizeof(host));
	h = strncasecmp(host, "www.", 4) == 0 ? host + 4 : host;
	hn = strlen(h);
	if (hn < 5 || !strchr(h, '.'))
		return;
	for (i = 0; i < k->n; i++) {
		const char *t = k->l[i].t;
		size_t p, q, e, m, s;
		if (strchr(t, '@'))
			continue;
		for (p = 0; t[p]; p++) {
			/* h from t[p], skipping spaces, ',' for '.' */
			for (q = p, m = 0; t[q] && m < hn; q++) {
				char c = (char)tolower((unsigned char)t[q]);
				if (c == ' ' && m > 0)
					continue;
				if (c == ',' && h[m] == '.')
					c = '.';
				if (c != h[m])
					break;
				m++;
			}
			if (m < hn || isalnum((unsigned char)t[q]) ||
			    t[q] == '.' || t[q] == '-')
				continue;
			/* the character before: one misread '@' */
			e = p;
			while (e > 0 && ((unsigned char)t[e - 1] & 0xC0) == 0x80)
				e--;
			if (e == 0)
				break;
			e--;
			if (islower((unsigned char)t[e]) ||
			    isdigit((unsigned char)t[e]) ||
			    strchr(" ./:_-", t[e]))
				break;
			s = e;
			while (s > 0 && local_char(t[s - 1]))
				s--;
			if (e - s < 2 || e - s > MS_MAX_EMAIL_LOCAL)
				break;
			if (strncasecmp(t + s, "e-mail", 6) == 0 && e - s > 8)
				s += 6;
			else if (strncasecmp(t + s, "email", 5) == 0 &&
			         e - s > 7)
				s += 5;
			if (snprintf(addr, sizeof(addr), "%.*s@%s", (int)(e - s),
			             t + s, h) >= (int)sizeof(addr))
				break;
			for (m = 0; addr[m] != '@'; m++)
				addr[m] = (char)tolower((unsigned char)addr[m]);
			take_email(k, &k->l[i], addr, k->l[i].conf * 0.8f, 1);
			return;
		}
	}
}

/* 1 if long_ is short_ and one more known top-level label ("x.co" and
 * "x.co.jp"). */
static int one_label_more(const char *short_, const char *long_)
{
	size_t sn = strlen(short_), ln = strlen(long_);

	return sn > 0 && ln > sn + 1 && strncmp(long_, short_, sn) == 0 &&
	       long_[sn] == '.' && !strchr(long_ + sn + 1, '.') &&
	       known_tld(long_ + sn + 1, ln - sn - 1);
}

/* The email and the URL of one card name one domain, mostly: where OCR
 * cut one of them ("taro@sakurai-ri.co" beside www.sakurai-ri.co.jp, or
 * "idge.co.jp", the end of a split "www.technobr idge.co.jp", beside
 * taro@technobridge.co.jp), the other mends it. */
static void cross_check(ex_card *k)
{
	ms_contact *c = k->c;
	char host[MS_MAX_FIELD_BYTES], fixed[MS_MAX_FIELD_BYTES];
	char *at = strchr(c->v[MS_F_EMAIL], '@'), *u = c->v[MS_F_URL];
	const char *dom, *h;
	size_t hoff, dn, hn;

	if (!at || !u[0])
		return;
	dom = at + 1;
	url_host(u, host, sizeof(host));
	h = host;
	if (strncasecmp(h, "www.", 4) == 0)
		h += 4;
	if (!host[0] || !strstr(u, host))
		return;
	hoff = (size_t)(strstr(u, host) - u) + (size_t)(h - host);
	dn = strlen(dom);
	hn = strlen(h);
	if (one_label_more(dom, h)) {
		/* the email lost its country code */
		if (snprintf(fixed, sizeof(fixed), "%.*s%s",
		             (int)(dom - c->v[MS_F_EMAIL]), c->v[MS_F_EMAIL],
		             h) < (int)sizeof(fixed)) {
			memcpy(c->v[MS_F_EMAIL], fixed, sizeof(fixed));
			c->review |= 1u << MS_F_EMAIL;
		}
	} else if (one_label_more(h, dom) ||
	           (dn > hn && strcmp(dom + dn - hn, h) == 0 &&
	            dom[dn - hn - 1] != '.' && dom[dn - hn - 1] != '@')) {
		/* the URL lost its country code, or is the tail of a split
		 * name */
		if (snprintf(fixed, sizeof(fixed), "%.*s%s%s", (int)hoff, u,
		             dom, u + hoff + hn) < (int)sizeof(fixed)) {
			memcpy(u, fixed, sizeof(fixed));
			c->review |= 1u << MS_F_URL;
		}
	}
}

void ex_email_url(ex_card *k)
{
	find_email(k);
	find_url(k);
	lost_at(k);
	cross_check(k);
}
