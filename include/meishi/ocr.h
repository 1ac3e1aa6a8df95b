/*
 * The OCR stage: the only interface to Tesseract.
 *
 * One ms_ocr holds Tesseract engines for Japanese + English (horizontal)
 * and for vertical Japanese. It is not thread-safe: each worker thread
 * creates its own once and reuses it for every card. OpenMP inside
 * Tesseract is limited to one thread, because on a small machine its
 * threads cost far more wall time than they save.
 *
 * Two environment variables help a person see why a line went wrong:
 * MEISHI_OCR_TRACE=1 prints every re-read line's candidates to stderr, and
 * MEISHI_OCR_DUMP=DIR writes each re-read band image into DIR.
 */
#ifndef MEISHI_OCR_H
#define MEISHI_OCR_H

#include "meishi/err.h"
#include "meishi/image.h"
#include "meishi/lines.h"

typedef struct ms_ocr ms_ocr;

typedef struct ms_ocr_opts {
	const char *tessdata_dir; /* NULL: MEISHI_TESSDATA or the default */
	const char *langs;        /* NULL: "jpn+eng" */
	int vertical;             /* 1: also load jpn_vert */
} ms_ocr_opts;

ms_rc ms_ocr_new(const ms_ocr_opts *opts, ms_ocr **out, ms_err *err) MS_WUR;
void ms_ocr_free(ms_ocr *ocr);

/* Reads the horizontal text of a grey card image into lines (appended). */
ms_rc ms_ocr_read(ms_ocr *ocr, const ms_image *gray, ms_lines *out,
		  ms_err *err) MS_WUR;

/* Reads a vertical-Japanese card image: columns right to left. */
ms_rc ms_ocr_read_vertical(ms_ocr *ocr, const ms_image *gray, ms_lines *out,
			   ms_err *err) MS_WUR;

/* Tesseract's orientation detection (osd.traineddata) on a grey card:
 * *rotate is the clockwise rotation (0/90/180/270) that makes the text
 * upright, *conf Tesseract's confidence (above ~2 is usually right).
 * MS_ERR_OCR if there is too little text to tell. */
ms_rc ms_ocr_orientation(ms_ocr *ocr, const ms_image *gray, int *rotate,
			 float *conf) MS_WUR;

/* Reads the line in box (pixels of gray, a horizontal card) again: its
 * text scaled to height pixels (0: the sizes the first reading tried),
 * the OCR limited to the characters of chars (UTF-8) unless chars is
 * NULL. The text into out ("" when nothing was read). */
ms_rc ms_ocr_read_box(ms_ocr *ocr, const ms_image *gray, ms_box box,
		      int height, const char *chars, char *out,
		      size_t cap) MS_WUR;

/* Reads the vertical column in box (pixels of gray, upright) again with
 * the vertical engine, scaled by scale (a misread column often reads
 * right at another size). The text into out ("" when nothing was read or
 * box is no column). */
ms_rc ms_ocr_read_column(ms_ocr *ocr, const ms_image *gray, ms_box box,
			 double scale, char *out, size_t cap) MS_WUR;

/* The directory the engines load models from, after defaults. */
const char *ms_ocr_tessdata(const ms_ocr *ocr);

#endif /* MEISHI_OCR_H */
