/*
 * Decoding a photo (meishi/image.h): probe, hand it to its format's
 * decoder, scale it down to max_side and stand it upright.
 *
 * The probe runs first, so no decoder ever sees a file over the limits.
 * Scaling comes before orientation so that the turn works on the small
 * picture; the long side is the same either way.
 */
#include <string.h>

#include "img_int.h"
#include "meishi/limits.h"

static ms_rc nomem(ms_err *err)
{
	return ms_err_set(err, MS_ERR_NOMEM,
	                  "out of memory while decoding the image");
}

ms_rc ms_img_decode(const uint8_t *data, size_t len, int max_side,
                    ms_image *out, ms_err *err)
{
	ms_image img = {0}, tmp;
	ms_probe p;
	ms_rc rc;

	memset(out, 0, sizeof(*out));
	if (max_side < 0)
		return ms_err_set(err, MS_ERR_INVALID,
		                  "the largest side must not be negative");
	rc = ms_img_probe(data, len, &p, err);
	if (rc)
		return rc;
	switch (p.fmt) {
	case MS_FMT_JPEG:
		rc = ms_img_jpeg_decode(data, len, &p, max_side, &img, err);
		break;
	case MS_FMT_PNG:
		rc = ms_img_png_decode(data, len, &p, &img, err);
		break;
	case MS_FMT_HEIF:
		rc = ms_img_heif_decode(data, len, &p, &img, err);
		break;
	default:
		rc = ms_err_set(err, MS_ERR_INTERNAL, "unknown image format");
		break;
	}
	if (rc)
		return rc;
	if (max_side > 0 && (img.w > max_side || img.h > max_side)) {
		long lng = img.w > img.h ? img.w : img.h;
		long sht = img.w > img.h ? img.h : img.w;
		int s = (int)((sht * max_side + lng / 2) / lng);
		if (s < 1)
			s = 1;
		rc = ms_img_resize(&img, img.w >= img.h ? max_side : s,
		                   img.w >= img.h ? s : max_side, &tmp);
		ms_image_free(&img);
		if (rc)
			return nomem(err);
		img = tmp;
	}
	if (p.orientation != 1) {
		rc = ms_img_orient(&img, p.orientation, &tmp);
		ms_image_free(&img);
		if (rc)
			return nomem(err);
		img = tmp;
	}
	*out = img;
	return MS_OK;
}
