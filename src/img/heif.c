/*
 * HEIF/HEIC: the photos iPhones take, read with libheif.
 *
 * libheif parses the box structure into a context without touching the
 * coded picture, so the probe opens a context, takes the primary image and
 * reads its declared size: both the stored size ('ispe') and the size after
 * the file's own rotation and crop. Both must be within the limits, and
 * since HEIF cannot be decoded at a smaller scale, within
 * MS_MAX_DECODE_PIXELS too before anything is decoded.
 *
 * HEIF carries its orientation in 'irot'/'imir' boxes, which libheif
 * applies while decoding; any EXIF orientation in the file describes the
 * stored picture and must not be applied again, so the probe reports 1.
 * Tiles are decoded on the calling thread (the job pool gives parallelism),
 * HDR pictures are converted to 8 bits, and alpha is composited on white.
 */
#include <libheif/heif.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "img_int.h"
#include "meishi/limits.h"

static pthread_once_t heif_once = PTHREAD_ONCE_INIT;

static void heif_start(void)
{
	/* Registers the decoder plugins once for the whole process; the
	 * matching heif_deinit would only matter at exit. */
	(void)heif_init(NULL);
}

static ms_rc heif_failed(struct heif_error e, ms_err *err)
{
	if (e.subcode == heif_suberror_Security_limit_exceeded)
		return ms_err_set(err, MS_ERR_TOO_BIG,
		                  "the HEIC image is larger than the limits "
		                  "allow");
	if (e.code == heif_error_Unsupported_feature ||
	    e.code == heif_error_Unsupported_filetype)
		return ms_err_set(err, MS_ERR_FORMAT,
		                  "this HEIC image uses a feature that is not "
		                  "supported");
	if (e.code == heif_error_Memory_allocation_error)
		return ms_err_set(
		    err, MS_ERR_NOMEM,
		    "out of memory while decoding the HEIC image");
	return ms_err_set(err, MS_ERR_CORRUPT,
	                  "the HEIC image is truncated or damaged");
}

/* Opens data (which must outlive the context) and its primary image, and
 * checks the declared sizes. */
static ms_rc heif_open(const uint8_t *data, size_t len,
                       struct heif_context **ctx, struct heif_image_handle **hd,
                       ms_err *err)
{
	struct heif_error e;
	int w, h, iw, ih;
	ms_rc rc;

	*hd = NULL;
	pthread_once(&heif_once, heif_start);
	*ctx = heif_context_alloc();
	if (!*ctx)
		return ms_err_set(
		    err, MS_ERR_NOMEM,
		    "out of memory while decoding the HEIC image");
	heif_context_set_maximum_image_size_limit(*ctx, MS_MAX_SOURCE_SIDE);
	heif_context_set_max_decoding_threads(*ctx, 0);
	e = heif_context_read_from_memory_without_copy(*ctx, data, len, NULL);
	if (e.code == heif_error_Ok)
		e = heif_context_get_primary_image_handle(*ctx, hd);
	if (e.code != heif_error_Ok)
		return heif_failed(e, err);
	w = heif_image_handle_get_width(*hd);
	h = heif_image_handle_get_height(*hd);
	iw = heif_image_handle_get_ispe_width(*hd);
	ih = heif_image_handle_get_ispe_height(*hd);
	if (w <= 0 || h <= 0)
		return ms_err_set(err, MS_ERR_CORRUPT,
		                  "the HEIC image is truncated or damaged");
	rc = ms_img_check_size((unsigned long)w, (unsigned long)h, err);
	if (rc == MS_OK && iw > 0 && ih > 0)
		rc = ms_img_check_size((unsigned long)iw, (unsigned long)ih,
		                       err);
	return rc;
}

static void heif_close(struct heif_context *ctx, struct heif_image_handle *hd)
{
	if (hd)
		heif_image_handle_release(hd);
	if (ctx)
		heif_context_free(ctx);
}

ms_rc ms_img_heif_probe(const uint8_t *data, size_t len, ms_probe *out,
                        ms_err *err)
{
	struct heif_context *ctx = NULL;
	struct heif_image_handle *hd = NULL;
	ms_rc rc;
	int iw, ih;

	rc = heif_open(data, len, &ctx, &hd, err);
	if (rc == MS_OK) {
		iw = heif_image_handle_get_ispe_width(hd);
		ih = heif_image_handle_get_ispe_height(hd);
		out->fmt = MS_FMT_HEIF;
		out->w =
		    iw > 0 && ih > 0 ? iw : heif_image_handle_get_width(hd);
		out->h =
		    iw > 0 && ih > 0 ? ih : heif_image_handle_get_height(hd);
		out->orientation = 1;
	}
	heif_close(ctx, hd);
	return rc;
}

static int over_decode_limit(int w, int h)
{
	return (unsigned long long)w * (unsigned)h > MS_MAX_DECODE_PIXELS;
}

ms_rc ms_img_heif_decode(const uint8_t *data, size_t len, const ms_probe *p,
                         ms_image *out, ms_err *err)
{
	struct heif_context *ctx = NULL;
	struct heif_image_handle *hd = NULL;
	struct heif_decoding_options *opt = NULL;
	struct heif_image *im = NULL;
	struct heif_error e;
	const uint8_t *plane;
	int w, h, alpha, stride, x, y;
	ms_rc rc;

	memset(out, 0, sizeof(*out));
	rc = heif_open(data, len, &ctx, &hd, err);
	if (rc)
		goto out;
	w = heif_image_handle_get_width(hd);
	h = heif_image_handle_get_height(hd);
	if (over_decode_limit(w, h) || over_decode_limit(p->w, p->h)) {
		rc = ms_img_err_decode_limit(err, "HEIC", w, h);
		goto out;
	}
	alpha = heif_image_handle_has_alpha_channel(hd);
	opt = heif_decoding_options_alloc();
	if (!opt) {
		rc = ms_err_set(err, MS_ERR_NOMEM,
		                "out of memory while decoding the HEIC image");
		goto out;
	}
	opt->convert_hdr_to_8bit = 1;
	e = heif_decode_image(hd, &im, heif_colorspace_RGB,
	                      alpha ? heif_chroma_interleaved_RGBA
	                            : heif_chroma_interleaved_RGB,
	                      opt);
	if (e.code != heif_error_Ok) {
		rc = heif_failed(e, err);
		goto out;
	}
	w = heif_image_get_width(im, heif_channel_interleaved);
	h = heif_image_get_height(im, heif_channel_interleaved);
	plane = heif_image_get_plane_readonly(im, heif_channel_interleaved,
	                                      &stride);
	if (!plane || w <= 0 || h <= 0 || over_decode_limit(w, h) ||
	    heif_image_get_bits_per_pixel_range(im, heif_channel_interleaved) !=
	        8 ||
	    stride < w * (alpha ? 4 : 3)) {
		rc = ms_err_set(err, MS_ERR_CORRUPT,
		                "the HEIC image is truncated or damaged");
		goto out;
	}
	rc = ms_image_alloc(out, w, h, 3);
	if (rc) {
		rc = ms_err_set(err, rc,
		                "out of memory while decoding the HEIC image");
		goto out;
	}
	for (y = 0; y < h; y++) {
		const uint8_t *s = plane + (size_t)y * (size_t)stride;
		uint8_t *d = out->px + (size_t)y * out->stride;
		if (!alpha) {
			memcpy(d, s, (size_t)w * 3);
			continue;
		}
		for (x = 0; x < w; x++, s += 4, d += 3) {
			unsigned a = s[3], k = 255 * (255 - a) + 127;
			d[0] = (uint8_t)((s[0] * a + k) / 255);
			d[1] = (uint8_t)((s[1] * a + k) / 255);
			d[2] = (uint8_t)((s[2] * a + k) / 255);
		}
	}
out:
	if (rc)
		ms_image_free(out);
	if (im)
		heif_image_release(im);
	heif_decoding_options_free(opt);
	heif_close(ctx, hd);
	return rc;
}
