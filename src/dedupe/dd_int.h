/*
 * Helpers shared by the files of src/dedupe, not part of its interface.
 */
#ifndef MEISHI_DD_INT_H
#define MEISHI_DD_INT_H

#include <stdint.h>

#include "meishi/err.h"

/* NFKC and case folding of in into out (capacity cap). */
ms_rc dd_fold(const char *in, char *out, size_t cap) MS_WUR;

/* Decodes s into at most max code points; returns how many. */
int dd_to_cps(const char *s, int32_t *cps, int max);

/* Bounded Levenshtein distance of two code-point arrays (na, nb <=
 * MS_DD_MAX_CPS); max + 1 once it exceeds max. */
int dd_distance_cps(const int32_t *a, int na, const int32_t *b, int nb,
		    int max);

#endif /* MEISHI_DD_INT_H */
