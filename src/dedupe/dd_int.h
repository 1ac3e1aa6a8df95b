/*
 * Helpers shared by the files of src/dedupe, not part of its interface.
 */
#ifndef MEISHI_DD_INT_H
#define MEISHI_DD_INT_H

#include <stdint.h>

#include "meishi/err.h"

/* NFKC and case folding of in into out (capacity cap). */
ms_rc dd_fold(const char *in, char *out, size_t cap) MS_WUR;

#endif /* MEISHI_DD_INT_H */
