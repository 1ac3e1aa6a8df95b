/*
 * The scan pipeline: photo bytes in, a contact out.
 *
 *   bytes -> probe/decode (image.h) -> find + flatten (card.h)
 *         -> clean -> OCR lines (ocr.h) -> fields (contact.h)
 *
 * An ms_scanner bundles one OCR engine and one extractor. It is created
 * once per worker thread and reused; it is not thread-safe. Both the
 * `meishi scan` command and the server's workers use this interface.
 */
#ifndef MEISHI_SCAN_H
#define MEISHI_SCAN_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "meishi/card.h"
#include "meishi/contact.h"
#include "meishi/err.h"
#include "meishi/image.h"
#include "meishi/lines.h"

typedef struct ms_scanner ms_scanner;

typedef struct ms_scan_opts {
	const char *models_dir;   /* NULL: default */
	const char *tessdata_dir; /* NULL: default */
	const char *debug_dir;    /* non-NULL: write debug images here */
	int no_knowledge;         /* 1: skip the field-knowledge stage */
} ms_scan_opts;

typedef struct ms_scan_result {
	ms_contact contact;
	ms_lines lines;
	ms_quad quad;     /* card outline in the decoded photo */
	int card_found;   /* 0: the whole image was taken as the card */
	int rotation;     /* clockwise degrees applied to the card */
	int vertical;     /* 1: read as vertical Japanese */
	int photo_w, photo_h;
	ms_image crop;    /* the flattened colour card */
	double t_decode, t_card, t_ocr, t_extract; /* seconds */
} ms_scan_result;

ms_rc ms_scanner_new(const ms_scan_opts *opts, ms_scanner **out,
		     ms_err *err) MS_WUR;
void ms_scanner_free(ms_scanner *s);

/* Scans one photo. name labels debug files (may be NULL). On failure err
 * says why (not an image, too big, corrupt); the result is then empty. */
ms_rc ms_scan_bytes(ms_scanner *s, const uint8_t *data, size_t len,
		    const char *name, ms_scan_result *out, ms_err *err) MS_WUR;

/* Like ms_scan_bytes, but reads the card in the orientation a person
 * chose instead of the one the text suggests: `rotation` is clockwise
 * degrees (0, 90, 180 or 270) in the sense of ms_scan_result.rotation, so
 * a card first read with rotation r and shown turned by d more is read
 * again with (r + d) % 360. Only horizontal against vertical text is still
 * decided by the text. MS_ERR_INVALID for another angle. */
ms_rc ms_scan_bytes_turned(ms_scanner *s, const uint8_t *data, size_t len,
			   const char *name, int rotation, ms_scan_result *out,
			   ms_err *err) MS_WUR;

void ms_scan_result_free(ms_scan_result *r);

/* The card as JSON: contact fields plus "lines", "orientation",
 * "card_found", "vertical" and "quad". New reference. */
json_t *ms_scan_result_to_json(const ms_scan_result *r);

#endif /* MEISHI_SCAN_H */
