/*
 * Images: probing, decoding and encoding photos, bounded at every step.
 *
 * A photo arrives as bytes. ms_img_probe reads only the header: the format
 * (by magic bytes, never by file name), the declared size and the EXIF
 * orientation, and refuses anything over the limits in limits.h before a
 * single pixel is decoded. ms_img_decode then decodes JPEG (libjpeg-turbo,
 * with DCT scaling straight to about the working size and a scan limit),
 * PNG (libpng, with user limits) and HEIF/HEIC (libheif), applies the EXIF
 * orientation, and returns 8-bit RGB.
 */
#ifndef MEISHI_IMAGE_H
#define MEISHI_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "meishi/err.h"
#include "meishi/lines.h"

/* An 8-bit image, row-major, rows stride bytes apart. ch is 1 (grey) or 3
 * (RGB). The image owns px. */
typedef struct ms_image {
	int w, h, ch;
	size_t stride;
	uint8_t *px;
} ms_image;

typedef enum ms_format {
	MS_FMT_UNKNOWN = 0,
	MS_FMT_JPEG,
	MS_FMT_PNG,
	MS_FMT_HEIF
} ms_format;

typedef struct ms_probe {
	ms_format fmt;
	int w, h;        /* as stored, before orientation */
	int orientation; /* EXIF orientation 1..8; 1 when absent */
	int progressive; /* JPEG only */
} ms_probe;

/* Lowers the pixel limit that probing enforces (0 or anything above
 * MS_MAX_SOURCE_PIXELS restores that ceiling). Call once at start-up,
 * before any thread decodes. */
void ms_img_set_max_pixels(unsigned long long px);
unsigned long long ms_img_max_pixels(void);

/* Name of a format for messages and MIME types ("jpeg", "png", "heif"). */
const char *ms_format_name(ms_format fmt);
const char *ms_format_mime(ms_format fmt);

ms_rc ms_image_alloc(ms_image *img, int w, int h, int ch) MS_WUR;
void ms_image_free(ms_image *img);
ms_rc ms_image_copy(const ms_image *src, ms_image *dst) MS_WUR;

/* Reads the header only. Fails with MS_ERR_FORMAT for anything that is not
 * JPEG, PNG or HEIF, MS_ERR_TOO_BIG over the byte or pixel limits and
 * MS_ERR_CORRUPT for a header that cannot be parsed. */
ms_rc ms_img_probe(const uint8_t *data, size_t len, ms_probe *out,
		   ms_err *err) MS_WUR;

/* Decodes to RGB with EXIF orientation applied, scaled down (never up) so
 * that the long side is at most max_side (0 = no scaling). Probes first.
 * The result never exceeds MS_MAX_DECODE_PIXELS: a larger JPEG is decoded
 * at a reduced DCT scale even when max_side is 0; a larger PNG or HEIF is
 * refused with MS_ERR_TOO_BIG. A JPEG that ends early is accepted when at
 * most MS_JPEG_MAX_MISSING_PERCENT of its rows are missing (they come out
 * mid-grey); beyond that, or with a bad entropy code, MS_ERR_CORRUPT. */
ms_rc ms_img_decode(const uint8_t *data, size_t len, int max_side,
		    ms_image *out, ms_err *err) MS_WUR;

/* Encodes as JPEG (quality 1..100); the caller frees *out with free(). */
ms_rc ms_img_encode_jpeg(const ms_image *img, int quality, uint8_t **out,
			 size_t *len, ms_err *err) MS_WUR;

/* Writes a PNG file (for debug output and tests). */
ms_rc ms_img_write_png(const ms_image *img, const char *path,
		       ms_err *err) MS_WUR;

/* Area-averaging resize to exactly w x h (any channel count). */
ms_rc ms_img_resize(const ms_image *src, int w, int h, ms_image *dst) MS_WUR;

/* Copies the rectangle (x, y, w, h), clipped to the image, into dst. */
ms_rc ms_img_crop(const ms_image *src, int x, int y, int w, int h,
		  ms_image *dst) MS_WUR;

/* Rotates clockwise by 0, 90, 180 or 270 degrees. */
ms_rc ms_img_rotate(const ms_image *src, int degrees, ms_image *dst) MS_WUR;

/* Applies an EXIF orientation (1..8): 1 upright, 2 mirrored left-right,
 * 3 turned 180 degrees, 4 mirrored top-bottom, 5 transposed, 6 to be turned
 * 90 degrees clockwise, 7 transversed, 8 to be turned 90 degrees
 * anticlockwise. MS_ERR_INVALID for other values. */
ms_rc ms_img_orient(const ms_image *src, int orientation,
		    ms_image *dst) MS_WUR;

/* Draws a line of the given colour and thickness (debug pictures). */
void ms_img_draw_line(ms_image *img, int x0, int y0, int x1, int y1,
		      uint8_t r, uint8_t g, uint8_t b, int thick);

/* Luma (BT.601) of an RGB image, or a copy of a grey one. */
ms_rc ms_img_gray(const ms_image *src, ms_image *dst) MS_WUR;

/* Cuts the printed line in box line of a grey image (dark on light) into
 * glyphs: runs of inked columns, neighbouring runs joined while the glyph
 * stays about a character (the line's height) wide, each box as high as
 * its ink. At most max boxes into out, left to right; returns how many. */
size_t ms_img_glyphs(const ms_image *gray, ms_box line, ms_box *out,
		     size_t max);

/* The horizontal strokes in box glyph of that line (the rows to look at:
 * those of a full-height character beside it): 1 for 一, 2 for 二, 3 for
 * 三; 0 for anything else (an upright stroke, no ink, more strokes).
 * Faint strokes count. */
int ms_img_hstrokes(const ms_image *gray, ms_box line, ms_box glyph);

#endif /* MEISHI_IMAGE_H */
