/*
 * Probing and decoding photos (meishi/image.h).
 *
 * PLACEHOLDER: JPEG only, without EXIF, PNG or HEIF. To be completed.
 */
#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>

#include "meishi/image.h"
#include "meishi/limits.h"

const char *ms_format_name(ms_format fmt)
{
	switch (fmt) {
	case MS_FMT_JPEG: return "jpeg";
	case MS_FMT_PNG: return "png";
	case MS_FMT_HEIF: return "heif";
	default: return "unknown";
	}
}

const char *ms_format_mime(ms_format fmt)
{
	switch (fmt) {
	case MS_FMT_JPEG: return "image/jpeg";
	case MS_FMT_PNG: return "image/png";
	case MS_FMT_HEIF: return "image/heic";
	default: return "application/octet-stream";
	}
}

ms_rc ms_img_probe(const uint8_t *data, size_t len, ms_probe *out,
		   ms_err *err)
{
	tjhandle tj;
	int w, h, ss, cs;

	memset(out, 0, sizeof(*out));
	out->orientation = 1;
	if (len == 0)
		return ms_err_set(err, MS_ERR_FORMAT, "the file is empty");
	if (len > MS_MAX_IMAGE_BYTES)
		return ms_err_set(err, MS_ERR_TOO_BIG, "too big");
	if (len < 3 || data[0] != 0xFF || data[1] != 0xD8)
		return ms_err_set(err, MS_ERR_FORMAT, "not a JPEG");
	tj = tjInitDecompress();
	if (!tj)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	if (tjDecompressHeader3(tj, data, (unsigned long)len, &w, &h, &ss,
				&cs)) {
		tjDestroy(tj);
		return ms_err_set(err, MS_ERR_CORRUPT, "bad JPEG header");
	}
	tjDestroy(tj);
	out->fmt = MS_FMT_JPEG;
	out->w = w;
	out->h = h;
	return MS_OK;
}

ms_rc ms_img_decode(const uint8_t *data, size_t len, int max_side,
		    ms_image *out, ms_err *err)
{
	ms_probe p;
	tjhandle tj;
	ms_rc rc;
	int nsf, i, w, h;
	tjscalingfactor *sf, best = {1, 1};

	memset(out, 0, sizeof(*out));
	rc = ms_img_probe(data, len, &p, err);
	if (rc)
		return rc;
	sf = tjGetScalingFactors(&nsf);
	for (i = 0; sf && i < nsf; i++) {
		int sw = TJSCALED(p.w, sf[i]), sh = TJSCALED(p.h, sf[i]);
		int lng = sw > sh ? sw : sh;
		if (sf[i].num > sf[i].denom)
			continue;
		if (max_side > 0 && lng < max_side)
			continue;
		if ((double)sf[i].num / sf[i].denom <
		    (double)best.num / best.denom)
			best = sf[i];
	}
	w = TJSCALED(p.w, best);
	h = TJSCALED(p.h, best);
	rc = ms_image_alloc(out, w, h, 3);
	if (rc)
		return ms_err_set(err, rc, "image too large to decode");
	tj = tjInitDecompress();
	if (!tj || tjDecompress2(tj, data, (unsigned long)len, out->px, w,
				 (int)out->stride, h, TJPF_RGB,
				 TJFLAG_LIMITSCANS) != 0) {
		if (tj)
			tjDestroy(tj);
		ms_image_free(out);
		return ms_err_set(err, MS_ERR_CORRUPT, "JPEG decode failed");
	}
	tjDestroy(tj);
	if (max_side > 0 && (w > max_side || h > max_side)) {
		ms_image small;
		double s = (double)max_side / (w > h ? w : h);
		int nw = (int)(w * s + 0.5), nh = (int)(h * s + 0.5);
		rc = ms_img_resize(out, nw < 1 ? 1 : nw, nh < 1 ? 1 : nh,
				   &small);
		ms_image_free(out);
		if (rc)
			return ms_err_set(err, rc, "out of memory");
		*out = small;
	}
	return MS_OK;
}

ms_rc ms_img_encode_jpeg(const ms_image *img, int quality, uint8_t **out,
			 size_t *len, ms_err *err)
{
	tjhandle tj = tjInitCompress();
	unsigned char *buf = NULL;
	unsigned long n = 0;

	*out = NULL;
	*len = 0;
	if (!tj)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	if (tjCompress2(tj, img->px, img->w, (int)img->stride, img->h,
			img->ch == 1 ? TJPF_GRAY : TJPF_RGB, &buf, &n,
			img->ch == 1 ? TJSAMP_GRAY : TJSAMP_420, quality,
			0) != 0) {
		tjDestroy(tj);
		return ms_err_set(err, MS_ERR_INTERNAL, "JPEG encode failed");
	}
	tjDestroy(tj);
	*out = malloc(n);
	if (!*out) {
		tjFree(buf);
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	}
	memcpy(*out, buf, n);
	*len = n;
	tjFree(buf);
	return MS_OK;
}

ms_rc ms_img_write_png(const ms_image *img, const char *path, ms_err *err)
{
	return ms_err_set(err, MS_ERR_INTERNAL, "PNG writing not yet built");
}
