/*
 * English-language address parts: US states and ZIP codes, UK postcodes,
 * and the unit words (Suite, Ste., Floor, Fl., Unit, Room) that say where
 * in a building an office is. Pure functions on ASCII text; no tables to
 * load.
 */
#ifndef MEISHI_ADDRESS_EN_H
#define MEISHI_ADDRESS_EN_H

#include <stddef.h>

/* The two-letter code of a US state, DC or territory, from its code
 * ("ca", "CA") or its name ("California", "new york"). Returns 1 and
 * writes the upper-case code to out (3 bytes), else 0. */
int ms_us_state(const char *s, char out[3]);

/* 1 if s is a ZIP code: 5 digits or ZIP+4 (12345-6789). */
int ms_us_zip_valid(const char *s);

/* The end of a US address: "San Francisco, CA 94105" or "New York NY
 * 10001-1234". Returns 1 and fills the parts when line ends that way. */
typedef struct ms_us_place {
	char city[64];
	char state[3];
	char zip[11];
} ms_us_place;
int ms_us_place_parse(const char *line, ms_us_place *out);

/* Validates a UK postcode (any case, with or without the space) by the
 * Royal Mail format rules and writes it in its standard form, "SW1A 1AA".
 * Returns 1 if valid. */
int ms_uk_postcode(const char *s, char *out, size_t cap);

/* Finds a UK postcode in a line ("London EC1A 1BB"). Returns 1 and writes
 * its standard form. */
int ms_uk_postcode_find(const char *line, char *out, size_t cap);

/* A unit within a building: kind is "suite", "floor", "unit", "room" or
 * "apt"; value as printed ("400", "12", "B"). start and end are the byte
 * range of the unit in the line. */
typedef struct ms_en_unit {
	char kind[8];
	char value[16];
	size_t start, end;
} ms_en_unit;

/* Finds "Suite 400", "Ste. 400", "#400", "Floor 12", "12th Floor", "Fl.
 * 12", "Unit B", "Room 5", "Apt 3" in line. Returns 1 if one is found. */
int ms_en_unit_find(const char *line, ms_en_unit *out);

#endif /* MEISHI_ADDRESS_EN_H */
