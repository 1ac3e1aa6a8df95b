/*
 * Probing a photo: which format it is, by its magic bytes only, and whether
 * its declared size is within the limits of meishi/limits.h.
 *
 * Nothing here decodes a pixel. The byte size is checked before the first
 * byte is read, and each format's probe (jpeg.c, png.c, heif.c) checks the
 * declared width and height with ms_img_check_size as soon as it has read
 * them. A file we do not accept is described by what it starts with, so
 * that the person who uploaded it learns what went wrong.
 */
#include <stdio.h>
#include <string.h>

#include "img_int.h"
#include "meishi/limits.h"

#define MIB (1024.0 * 1024.0)

const char *ms_format_name(ms_format fmt)
{
	switch (fmt) {
	case MS_FMT_JPEG:
		return "jpeg";
	case MS_FMT_PNG:
		return "png";
	case MS_FMT_HEIF:
		return "heif";
	default:
		return "unknown";
	}
}

const char *ms_format_mime(ms_format fmt)
{
	switch (fmt) {
	case MS_FMT_JPEG:
		return "image/jpeg";
	case MS_FMT_PNG:
		return "image/png";
	case MS_FMT_HEIF:
		return "image/heic";
	default:
		return "application/octet-stream";
	}
}

/* 1 if the first bytes look like text: no control characters other than
 * white space. Bytes from 0x80 up are allowed (UTF-8 or a legacy code). */
static int looks_like_text(const uint8_t *p, size_t n)
{
	size_t i;

	if (n > 64)
		n = 64;
	for (i = 0; i < n; i++) {
		uint8_t c = p[i];
		if (c == '\t' || c == '\n' || c == '\r' || c == '\f')
			continue;
		if (c < 0x20 || c == 0x7F)
			return 0;
	}
	return 1;
}

void ms_img_describe_unknown(const uint8_t *d, size_t len, char *buf,
                             size_t size)
{
	const char *what = NULL;

	if (len >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6)))
		what = "it is a GIF image";
	else if (len >= 4 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4)))
		what = "it is a TIFF image";
	else if (len >= 12 && !memcmp(d, "RIFF", 4) &&
	         !memcmp(d + 8, "WEBP", 4))
		what = "it is a WebP image";
	else if (len >= 5 && !memcmp(d, "%PDF-", 5))
		what = "it is a PDF document";
	else if (len >= 4 && !memcmp(d, "PK\3\4", 4))
		what = "it is a ZIP archive or an office document";
	else if (len >= 8 && !memcmp(d + 4, "ftyp", 4))
		what = "it is a video or another ISO media file";
	else if (len >= 14 && d[0] == 'B' && d[1] == 'M' &&
	         !looks_like_text(d, len))
		what = "it is a BMP image";
	else if (looks_like_text(d, len))
		what = "it starts with text";
	if (what) {
		snprintf(buf, size, "%s", what);
		return;
	}
	if (len >= 4)
		snprintf(buf, size,
		         "it starts with the bytes %02X %02X %02X %02X", d[0],
		         d[1], d[2], d[3]);
	else
		snprintf(buf, size, "it is only %zu bytes long", len);
}

/* The pixel limit in force: MS_MAX_SOURCE_PIXELS unless lowered by
 * ms_img_set_max_pixels (set once at start-up, before any thread). */
static unsigned long long max_pixels = MS_MAX_SOURCE_PIXELS;

void ms_img_set_max_pixels(unsigned long long px)
{
	max_pixels = px == 0 || px > MS_MAX_SOURCE_PIXELS ? MS_MAX_SOURCE_PIXELS
							   : px;
}

unsigned long long ms_img_max_pixels(void)
{
	return max_pixels;
}

ms_rc ms_img_check_size(unsigned long w, unsigned long h, ms_err *err)
{
	if (w == 0 || h == 0)
		return ms_err_set(err, MS_ERR_CORRUPT,
		                  "the image declares %lu×%lu pixels, which "
		                  "is no picture at all",
		                  w, h);
	if ((unsigned long long)w * h > max_pixels)
		return ms_err_set(err, MS_ERR_TOO_BIG,
		                  "the image declares %lu×%lu pixels; the "
		                  "limit is %llu megapixels",
		                  w, h, max_pixels / 1000000u);
	if (w > MS_MAX_SOURCE_SIDE || h > MS_MAX_SOURCE_SIDE)
		return ms_err_set(err, MS_ERR_TOO_BIG,
		                  "the image declares %lu×%lu pixels; no side "
		                  "may be longer than %d pixels",
		                  w, h, MS_MAX_SOURCE_SIDE);
	return MS_OK;
}

ms_rc ms_img_err_decode_limit(ms_err *err, const char *fmt_name, int w, int h)
{
	return ms_err_set(err, MS_ERR_TOO_BIG,
	                  "the %s image is %d×%d pixels; %s images may have "
	                  "at most %u megapixels",
	                  fmt_name, w, h, fmt_name,
	                  MS_MAX_DECODE_PIXELS / 1000000u);
}

/* 1 if an ISO base media file's ftyp box names one of the HEIF brands we
 * accept; *avif is set when it is an AVIF file instead. */
static int is_heif(const uint8_t *d, size_t len, int *avif)
{
	static const char *const brands[] = {"heic", "heix", "mif1", "msf1",
	                                     "hevc"};
	size_t size, off, i;
	int found = 0;

	*avif = 0;
	if (len < 16 || memcmp(d + 4, "ftyp", 4))
		return 0;
	size = ms_img_be32(d);
	if (size < 16 || size > 4096)
		return 0;
	if (size > len)
		size = len;
	if (!memcmp(d + 8, "avif", 4) || !memcmp(d + 8, "avis", 4)) {
		*avif = 1;
		return 0;
	}
	/* The major brand at 8, the minor version at 12, then compatible
	 * brands four bytes each. */
	for (off = 8; off + 4 <= size; off += off == 8 ? 8 : 4)
		for (i = 0; i < sizeof(brands) / sizeof(brands[0]); i++)
			if (!memcmp(d + off, brands[i], 4))
				found = 1;
	return found;
}

ms_rc ms_img_probe(const uint8_t *data, size_t len, ms_probe *out, ms_err *err)
{
	static const uint8_t png_sig[8] = {0x89, 'P',  'N',  'G',
	                                   '\r', '\n', 0x1A, '\n'};
	char what[96];
	int avif;

	memset(out, 0, sizeof(*out));
	out->orientation = 1;
	if (len == 0 || !data)
		return ms_err_set(err, MS_ERR_FORMAT, "the file is empty");
	if (len > MS_MAX_IMAGE_BYTES)
		return ms_err_set(err, MS_ERR_TOO_BIG,
		                  "the image is %.1f MB; the limit is %.0f MB",
		                  len / MIB, MS_MAX_IMAGE_BYTES / MIB);
	if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
		return ms_img_jpeg_probe(data, len, out, err);
	if (len >= 8 && !memcmp(data, png_sig, 8))
		return ms_img_png_probe(data, len, out, err);
	if (is_heif(data, len, &avif))
		return ms_img_heif_probe(data, len, out, err);
	if (avif)
		return ms_err_set(err, MS_ERR_FORMAT,
		                  "this is an AVIF image; only JPEG, PNG and "
		                  "HEIC images are accepted");
	ms_img_describe_unknown(data, len, what, sizeof(what));
	return ms_err_set(err, MS_ERR_FORMAT,
	                  "this is not a JPEG, PNG or HEIC image (%s)", what);
}
