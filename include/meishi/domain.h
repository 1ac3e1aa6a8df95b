/*
 * Company name against the card's email and web domains.
 *
 * A company's domain often spells its name: sakura-systems.co.jp for
 * 株式会社サクラシステムズ. The company line is folded to romaji (legal
 * forms removed; katakana through a table of loanwords in
 * models/loanwords-ja.tsv, システムズ -> systems, and Hepburn for the rest;
 * kanji through MeCab's readings) and compared with the domain's label.
 * The score raises or lowers confidence in the company field and picks
 * between OCR candidates of the company line.
 *
 * The handle is loaded once and is read-only afterwards: it may be shared
 * by every thread.
 */
#ifndef MEISHI_DOMAIN_H
#define MEISHI_DOMAIN_H

#include <stddef.h>

#include "meishi/err.h"
#include "meishi/limits.h"

typedef struct ms_domain ms_domain;

/* Loads models_dir/loanwords-ja.tsv, words-ja.tsv and MeCab's ipadic (for readings of
 * kanji; without it kanji are not compared and the rest still works). */
ms_rc ms_domain_open(const char *models_dir, ms_domain **out,
		     ms_err *err) MS_WUR;
void ms_domain_close(ms_domain *d);

/* The label of an email address or URL that names the organisation:
 * "taro@mail.sakura-systems.co.jp" and "https://www.sakura-systems.co.jp/
 * about" give "sakura-systems". Free-mail and webmail hosts give
 * MS_ERR_NOTFOUND (gmail.com says nothing about the company). */
ms_rc ms_domain_label(const char *email_or_url, char *out, size_t cap) MS_WUR;

/* The company name folded to lower-case ASCII letters: legal forms
 * removed, loanwords in English, other kana in Hepburn, kanji by reading.
 * variant 0 prefers the loanword spellings, variant 1 uses Hepburn only.
 * 株式会社サクラシステムズ gives "sakurasystems" (0) and
 * "sakurashisutemuzu" (1). */
ms_rc ms_domain_company_key(const ms_domain *d, const char *company,
			    int variant, char *out, size_t cap) MS_WUR;

/* How well company and the domain of email_or_url agree, 0..1: 1 when the
 * folded name is the label, less for a prefix, a shared word, or a near
 * spelling; 0 when they have nothing in common or there is no usable
 * domain. */
double ms_domain_score(const ms_domain *d, const char *company,
		       const char *email_or_url);

/* Index of the candidate that agrees best with the domain (ties go to the
 * earlier candidate, so cands[0] should be the OCR's best reading), and
 * its score. */
size_t ms_domain_choose(const ms_domain *d, const char *const *cands,
			size_t n, const char *email_or_url, double *score);

/* Two-kanji words of models/words-ja.tsv whose reading, romanised and
 * folded as company keys are, is word ("seiki": 正規, 生起, 世紀 ... 精機):
 * up to cap surfaces, commonest first. Returns how many. */
size_t ms_domain_kanji_words(const ms_domain *d, const char *word,
			     const char **out, size_t cap);

/* How many code points of s the table's katakana loanwords cover, the
 * longest match first from left to right (ソリューションズ: 8). */
size_t ms_domain_loanword_cover(const ms_domain *d, const char *s);

#endif /* MEISHI_DOMAIN_H */
