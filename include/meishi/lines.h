/*
 * OCR lines: the hand-off between the OCR stage and field extraction.
 *
 * A line is one run of text as Tesseract read it, with its box in the
 * flattened card's pixels and a confidence from 0 to 1. Extraction reads
 * only this, so it can be tested and fuzzed without an OCR engine.
 */
#ifndef MEISHI_LINES_H
#define MEISHI_LINES_H

#include <stddef.h>

#include "meishi/err.h"
#include "meishi/limits.h"

typedef struct ms_box {
	int x, y, w, h;
} ms_box;

typedef struct ms_line {
	char text[MS_MAX_LINE_BYTES]; /* UTF-8, NFKC not yet applied */
	char alt[MS_MAX_LINE_BYTES];  /* another reading of the same ink, when
				       * the OCR read it twice (e.g. a big
				       * name at two scales); "" if none */
	ms_box box;
	float conf;   /* 0..1 */
	int vertical; /* 1 if read as a vertical (top-to-bottom) line */
} ms_line;

typedef struct ms_lines {
	ms_line *v;
	size_t n;
	size_t cap;
} ms_lines;

void ms_lines_init(ms_lines *ls);
void ms_lines_free(ms_lines *ls);

/* Appends a line; text is truncated to fit. MS_ERR_LIMIT past MS_MAX_LINES. */
ms_rc ms_lines_add(ms_lines *ls, const char *text, ms_box box, float conf,
		   int vertical) MS_WUR;

/* Area, in pixels, that two boxes share (0 when they do not meet). */
long ms_box_overlap(const ms_box *a, const ms_box *b);

/* Mean confidence of the lines, weighted by their length in code points;
 * 0 for no text. */
double ms_lines_mean_conf(const ms_lines *ls);

#endif /* MEISHI_LINES_H */
