/*
 * Finding the card in a photo, flattening it, and cleaning it for OCR.
 *
 * ms_card_find looks for the business card in a phone photo (a card that
 * covers 30-90 % of the frame, on wood, leather, a white or grey table,
 * newspaper or cloth, tilted, in perspective, shadowed) and warps it to a
 * flat rectangle whose long side is MS_CARD_LONG_SIDE pixels. An image that
 * is already just the card passes through, only rescaled. The result is
 * landscape unless the card's text runs in portrait (a vertical card).
 *
 * ms_card_clean turns the flat colour card into the grey image the OCR
 * reads best: even illumination, normalised contrast, light text on dark
 * or coloured bands inverted to dark on light.
 */
#ifndef MEISHI_CARD_H
#define MEISHI_CARD_H

#include "meishi/err.h"
#include "meishi/image.h"

/* Corners in source-photo pixels: top-left, top-right, bottom-right,
 * bottom-left of the card as it will be read. */
typedef struct ms_quad {
	float x[4], y[4];
} ms_quad;

typedef struct ms_card {
	ms_image flat;  /* RGB, the flattened card */
	ms_quad quad;   /* where it was found in the photo */
	int found;      /* 1 if a card outline was found, 0 if pass-through */
	int rotation;   /* clockwise degrees (0/90/180/270) applied to flat */
	float score;    /* 0..1: how sure the outline is */
} ms_card;

ms_rc ms_card_find(const ms_image *photo, ms_card *out, ms_err *err) MS_WUR;
void ms_card_free(ms_card *card);

/* The grey image for OCR, same size as flat. */
ms_rc ms_card_clean(const ms_image *flat, ms_image *gray,
		    ms_err *err) MS_WUR;

/* Draws the quad onto a copy of photo (for `scan --debug`). */
ms_rc ms_card_draw_quad(const ms_image *photo, const ms_quad *q,
			ms_image *out) MS_WUR;

#endif /* MEISHI_CARD_H */
