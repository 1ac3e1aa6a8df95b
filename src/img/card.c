/*
 * Finding and flattening the card (meishi/card.h).
 *
 * PLACEHOLDER: takes the whole photo as the card. To be replaced.
 */
#include <string.h>

#include "meishi/card.h"
#include "meishi/limits.h"

ms_rc ms_card_find(const ms_image *photo, ms_card *out, ms_err *err)
{
	double s = (double)MS_CARD_LONG_SIDE /
		   (photo->w > photo->h ? photo->w : photo->h);
	int w = (int)(photo->w * s + 0.5), h = (int)(photo->h * s + 0.5);
	ms_rc rc;

	memset(out, 0, sizeof(*out));
	rc = ms_img_resize(photo, w < 1 ? 1 : w, h < 1 ? 1 : h, &out->flat);
	if (rc)
		return ms_err_set(err, rc, "out of memory");
	out->quad.x[0] = 0, out->quad.y[0] = 0;
	out->quad.x[1] = (float)photo->w, out->quad.y[1] = 0;
	out->quad.x[2] = (float)photo->w, out->quad.y[2] = (float)photo->h;
	out->quad.x[3] = 0, out->quad.y[3] = (float)photo->h;
	return MS_OK;
}

void ms_card_free(ms_card *card)
{
	ms_image_free(&card->flat);
}

ms_rc ms_card_clean(const ms_image *flat, ms_image *gray, ms_err *err)
{
	ms_rc rc = ms_img_gray(flat, gray);

	if (rc)
		return ms_err_set(err, rc, "out of memory");
	return MS_OK;
}

ms_rc ms_card_draw_quad(const ms_image *photo, const ms_quad *q,
			ms_image *out)
{
	return ms_image_copy(photo, out);
}
