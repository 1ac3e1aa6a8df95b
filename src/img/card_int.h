/*
 * Private interface between the card files of src/img: card_find.c finds
 * the card's outline, card_warp.c flattens it, card_clean.c cleans the
 * flat card. Nothing outside src/img includes this header.
 */
#ifndef MEISHI_CARD_INT_H
#define MEISHI_CARD_INT_H

#include "meishi/card.h"

/* Looks for the card's four sides in photo. On success fills q (corners
 * TL, TR, BR, BL in photo pixels, as the card lies in the photo) and
 * *score (0..1) and returns 1; returns 0 when no believable outline was
 * found, and -1 when memory ran out. */
int ms_card_find_quad(const ms_image *photo, ms_quad *q, float *score);

/* Warps the quad q of photo onto a w x h RGB rectangle by a projective
 * transform with bilinear sampling. */
ms_rc ms_card_warp(const ms_image *photo, const ms_quad *q, int w, int h,
		   ms_image *out) MS_WUR;

#endif /* MEISHI_CARD_INT_H */
