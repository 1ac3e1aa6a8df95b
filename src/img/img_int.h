/*
 * Private interface between the files of src/img: one probe and one
 * decoder per format, the EXIF orientation reader, and the finishing step
 * every decoder shares. Nothing outside src/img includes this header.
 *
 * A format's probe reads the header only and fills an ms_probe; the
 * generic ms_img_probe (probe.c) has already checked the byte size and the
 * magic bytes, and checks the declared size against the limits afterwards.
 * A format's decoder is called with a probe that passed, and returns 8-bit
 * RGB at the size it decoded; ms_img_decode (decode.c) then scales it down
 * and applies the orientation.
 */
#ifndef MEISHI_IMG_INT_H
#define MEISHI_IMG_INT_H

#include <stddef.h>
#include <stdint.h>

#include "meishi/image.h"

/* What the JPEG marker walk learns before the first scan. */
typedef struct ms_jpeg_info {
	int w, h;
	int precision;       /* bits per sample, 8 for anything we decode */
	int sof;             /* the SOFn marker's low byte, 0xC0..0xCF */
	int ncomp;           /* components in the frame */
	int hmax, vmax;      /* largest sampling factors */
	int hs[4], vs[4];    /* sampling factors of the first 4 components */
	int progressive;     /* SOF2, SOF6, SOF10 or SOF14 */
	int buffered;        /* needs a whole-image coefficient buffer */
	const uint8_t *exif; /* APP1 payload after "Exif\0\0", or NULL */
	size_t exif_len;
	size_t sos; /* offset of the first SOS marker */
} ms_jpeg_info;

/* Walks the markers of a JPEG up to its first scan. */
ms_rc ms_img_jpeg_parse(const uint8_t *data, size_t len, ms_jpeg_info *out,
                        ms_err *err) MS_WUR;

ms_rc ms_img_jpeg_probe(const uint8_t *data, size_t len, ms_probe *out,
                        ms_err *err) MS_WUR;
ms_rc ms_img_png_probe(const uint8_t *data, size_t len, ms_probe *out,
                       ms_err *err) MS_WUR;
ms_rc ms_img_heif_probe(const uint8_t *data, size_t len, ms_probe *out,
                        ms_err *err) MS_WUR;

/* Decoders. max_side is a hint: the JPEG decoder uses it to pick a DCT
 * scale and may return a larger image; the others ignore it. */
ms_rc ms_img_jpeg_decode(const uint8_t *data, size_t len, const ms_probe *p,
                         int max_side, ms_image *out, ms_err *err) MS_WUR;
ms_rc ms_img_png_decode(const uint8_t *data, size_t len, const ms_probe *p,
                        ms_image *out, ms_err *err) MS_WUR;
ms_rc ms_img_heif_decode(const uint8_t *data, size_t len, const ms_probe *p,
                         ms_image *out, ms_err *err) MS_WUR;

/* The orientation (1..8) in a TIFF-structured EXIF block, which starts with
 * the byte-order mark "II" or "MM" (the APP1 or eXIf payload without the
 * "Exif\0\0" prefix). 1 when absent, unreadable or out of range. */
int ms_img_exif_orientation(const uint8_t *tiff, size_t len);

/* Fills a message that describes the first bytes of a file we do not
 * accept: "it starts with text", "it is a GIF image", ... */
void ms_img_describe_unknown(const uint8_t *data, size_t len, char *buf,
                             size_t size);

/* Checks a declared width and height against MS_MAX_SOURCE_PIXELS and
 * MS_MAX_SOURCE_SIDE (and that neither is 0). */
ms_rc ms_img_check_size(unsigned long w, unsigned long h, ms_err *err) MS_WUR;

/* The ms_err message for an image that is too large to decode in memory. */
ms_rc ms_img_err_decode_limit(ms_err *err, const char *fmt_name, int w, int h);

/* Big-endian readers over bytes already known to be in range. */
static inline uint32_t ms_img_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline unsigned ms_img_be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

#endif /* MEISHI_IMG_INT_H */
