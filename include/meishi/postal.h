/*
 * Japanese postal codes and addresses, checked against Japan Post's data
 * (models/postal-ja.tsv, built by models/build-postal.sh).
 *
 * A card prints its postal code and its address; each checks the other.
 * The code gives the expected prefecture, city and town, so misread
 * characters in that part of the address can be corrected
 * (ms_postal_align); an address that names one town gives back its code
 * when the printed code was misread (ms_postal_find). The table is loaded
 * once (ms_postal_open) and is read-only afterwards: one handle may be
 * shared by every thread. Strings returned in ms_postal_place are borrowed
 * from the handle and live until ms_postal_close.
 *
 * Addresses are taken as UTF-8; they are NFKC-normalised inside, so
 * full-width digits and half-width kana are accepted.
 */
#ifndef MEISHI_POSTAL_H
#define MEISHI_POSTAL_H

#include <stddef.h>
#include <stdint.h>

#include "meishi/err.h"
#include "meishi/limits.h"

typedef struct ms_postal ms_postal;

/* One row of the table. code is the 7-digit code as a number (060-0001 is
 * 600001). street is set only for codes Japan Post gives to one large
 * office ("" otherwise); town is "" for a city-wide code. */
typedef struct ms_postal_place {
	uint32_t code;
	const char *pref;
	const char *city;
	const char *town;
	const char *street;
} ms_postal_place;

/* How a printed address relates to the printed postal code. */
typedef enum ms_postal_verdict {
	MS_POSTAL_UNKNOWN = 0, /* the code is not in the table */
	MS_POSTAL_AGREE,       /* the address names the code's place */
	MS_POSTAL_CORRECTED,   /* it does after correcting OCR misreads */
	MS_POSTAL_DISAGREE     /* they differ beyond OCR errors: review */
} ms_postal_verdict;

/* Loads models_dir/postal-ja.tsv. On success *out is a handle for
 * ms_postal_close. */
ms_rc ms_postal_open(const char *models_dir, ms_postal **out,
		     ms_err *err) MS_WUR;
void ms_postal_close(ms_postal *p);

/* Number of rows loaded. */
size_t ms_postal_count(const ms_postal *p);

/* Finds a postal code in text: 〒060-0001, 060-0001, ０６０－０００１ or
 * 0600001 (seven digits standing alone). Returns 1 and sets *code, else 0. */
int ms_postal_parse_code(const char *text, uint32_t *code);

/* Writes code as "060-0001" into out (at least 9 bytes). */
void ms_postal_format(uint32_t code, char *out, size_t cap);

/* The rows for code, at most cap of them into out. Returns how many rows
 * the code has (0 if unknown), which may exceed cap. */
size_t ms_postal_lookup(const ms_postal *p, uint32_t code,
			ms_postal_place *out, size_t cap);

/* Reverse lookup: the codes whose prefecture (optional in the address) +
 * city + town is the longest prefix of address. Office codes are left out.
 * Where the address names a high-rise with a code per floor (丸の内ビルディ
 * ング 5F), that floor's code alone is given. Where no town matches, the
 * city-wide code is given. Returns how many
 * distinct codes matched (at most cap are written); 1 means the address
 * names a single code, which may be proposed for a misread one. */
size_t ms_postal_find(const ms_postal *p, const char *address,
		      ms_postal_place *out, size_t cap);

/* For an address whose code is missing or misread, and whose place OCR
 * may have misread too: the one code of the town named after a city read
 * right (junk or a misread prefecture before it allowed), or after one
 * city of the printed prefecture read with one character wrong; the town
 * read right, or the one town with one character wrong and the block
 * number after it. 0 when none or several fit. A guess, to be flagged. */
uint32_t ms_postal_guess_code(const ms_postal *p, const char *address);

/* Aligns the OCR'd address (with or without the prefecture, with the
 * chōme, banchi and building after it) to the prefecture + city + town
 * that code names, by edit distance on code points, and writes to out the
 * address with the misread characters of that part corrected and the rest
 * as printed. *score is the share of that part read right (0..1) and
 * *verdict says whether code and address agree. For MS_POSTAL_DISAGREE and
 * MS_POSTAL_UNKNOWN, out is the address unchanged (NFKC): trust neither,
 * lower the confidence and flag the field for review. */
ms_rc ms_postal_align(const ms_postal *p, uint32_t code, const char *address,
		      char *out, size_t cap, double *score,
		      ms_postal_verdict *verdict) MS_WUR;

/* A key for comparing addresses: NFKC, no spaces, and chōme, banchi and
 * gō in one form, so 1丁目2番3号, 1-2-3, １－２－３ and 一丁目2-3 give
 * "1-2-3". Buildings and floors are left as printed. */
ms_rc ms_addr_normalise(const char *address, char *out, size_t cap) MS_WUR;

/* 1 if the two addresses have the same key. */
int ms_addr_equal(const char *a, const char *b);

/* The parts a CRM wants (Salesforce State, City, Street). */
typedef struct ms_addr_parts {
	char pref[32];
	char city[MS_MAX_FIELD_BYTES];
	char street[MS_MAX_FIELD_BYTES];
} ms_addr_parts;

/* Splits an address into prefecture, city and street (the rest, as
 * printed). Uses the table when p is not NULL (a missing prefecture is then
 * filled in where the city names only one), else the forms of the names
 * (都道府県, 市区町村). */
ms_rc ms_addr_split(const ms_postal *p, const char *address,
		    ms_addr_parts *parts) MS_WUR;

#endif /* MEISHI_POSTAL_H */
