/*
 * Cleaning the flat card for OCR (meishi/card.h).
 */
#include "meishi/card.h"

ms_rc ms_card_clean(const ms_image *flat, ms_image *gray, ms_err *err)
{
	ms_rc rc = ms_img_gray(flat, gray);

	if (rc)
		return ms_err_set(err, rc, "out of memory");
	return MS_OK;
}
