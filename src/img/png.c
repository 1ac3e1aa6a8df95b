/*
 * PNG: probing by hand, decoding and writing with libpng.
 *
 * The probe reads the IHDR chunk itself (the size is the first thing in the
 * file) and walks the chunks before the image data for an eXIf chunk with
 * an orientation. The decoder sets libpng's user limits, caps the memory it
 * may spend on ancillary chunks, and skips the chunks we never use (text,
 * ICC profiles, EXIF: their compressed forms are where decompression bombs
 * hide). Every colour type and bit depth becomes 8-bit RGB: palettes and
 * grey are expanded, 16-bit samples scaled, and transparency composited on
 * white, since a card with a transparent background is a card on paper.
 *
 * PNG cannot be decoded at a smaller scale, so the whole picture must fit
 * in MS_MAX_DECODE_PIXELS; that is checked before any pixel memory is
 * taken. A truncated PNG is refused: libpng stops with an error where the
 * image data runs out.
 *
 * libpng reports errors with longjmp. Each setjmp lives in a small function
 * of its own whose state is all in a context owned by its caller, so no
 * local variable is changed between setjmp and longjmp.
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "img_int.h"
#include "meishi/buf.h"
#include "meishi/limits.h"

static ms_rc damaged(ms_err *err)
{
	return ms_err_set(err, MS_ERR_CORRUPT,
	                  "the PNG is truncated or damaged");
}

ms_rc ms_img_png_probe(const uint8_t *data, size_t len, ms_probe *out,
                       ms_err *err)
{
	uint32_t w, h;
	size_t pos;
	ms_rc rc;

	/* Signature (8), IHDR length and type (8), IHDR data (13), CRC. */
	if (len < 8 + 8 + 13 + 4 || ms_img_be32(data + 8) != 13 ||
	    memcmp(data + 12, "IHDR", 4))
		return damaged(err);
	w = ms_img_be32(data + 16);
	h = ms_img_be32(data + 20);
	if (w > 0x7FFFFFFFu || h > 0x7FFFFFFFu)
		return damaged(err);
	rc = ms_img_check_size(w, h, err);
	if (rc)
		return rc;
	out->fmt = MS_FMT_PNG;
	out->w = (int)w;
	out->h = (int)h;
	out->orientation = 1;
	/* An eXIf chunk counts only before the image data. */
	for (pos = 33; pos + 8 <= len;) {
		uint32_t n = ms_img_be32(data + pos);
		const uint8_t *type = data + pos + 4;
		if (n > len - pos - 8 || !memcmp(type, "IDAT", 4))
			break;
		if (!memcmp(type, "eXIf", 4)) {
			out->orientation =
			    ms_img_exif_orientation(data + pos + 8, n);
			break;
		}
		if (len - pos - 8 - n < 4)
			break;
		pos += 8 + (size_t)n + 4;
	}
	return MS_OK;
}

/* State shared by libpng's callbacks and the function that calls setjmp. */
typedef struct png_ctx {
	png_structp png;
	png_infop info;
	const uint8_t *data;
	size_t len, pos;
	int w, h, alpha;
	uint8_t *px; /* w*h*(alpha ? 4 : 3) */
	png_bytep *rows;
	ms_buf *outbuf; /* writing */
	const ms_image *img;
} png_ctx;

static void on_error(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static void read_fn(png_structp png, png_bytep out, size_t n)
{
	png_ctx *c = png_get_io_ptr(png);

	if (n > c->len - c->pos)
		png_error(png, "truncated");
	memcpy(out, c->data + c->pos, n);
	c->pos += n;
}

/* The chunks we never read: libpng treats them as unknown and drops
 * them. */
static const png_byte skip_chunks[] = {
    'i', 'C', 'C', 'P', 0,   'i', 'T', 'X', 't', 0,   't', 'E', 'X', 't',
    0,   'z', 'T', 'X', 't', 0,   's', 'P', 'L', 'T', 0,   'e', 'X', 'I',
    'f', 0,   'h', 'I', 'S', 'T', 0,   't', 'I', 'M', 'E', 0,
};

/* Reads the header; returns 0, or -1 after a libpng error. */
static int read_header(png_ctx *c)
{
	png_uint_32 w, h;
	int depth, ctype, interlace;

	if (setjmp(png_jmpbuf(c->png)))
		return -1;
	png_set_read_fn(c->png, c, read_fn);
	png_set_user_limits(c->png, MS_MAX_SOURCE_SIDE, MS_MAX_SOURCE_SIDE);
	png_set_chunk_cache_max(c->png, MS_PNG_MAX_CHUNKS);
	png_set_chunk_malloc_max(c->png, MS_PNG_MAX_CHUNK_BYTES);
	png_set_keep_unknown_chunks(c->png, PNG_HANDLE_CHUNK_NEVER, NULL, 0);
	png_set_keep_unknown_chunks(c->png, PNG_HANDLE_CHUNK_NEVER, skip_chunks,
	                            (int)sizeof(skip_chunks) / 5);
	png_read_info(c->png, c->info);
	png_get_IHDR(c->png, c->info, &w, &h, &depth, &ctype, &interlace, NULL,
	             NULL);
	c->w = (int)w;
	c->h = (int)h;
	c->alpha = (ctype & PNG_COLOR_MASK_ALPHA) ||
	           png_get_valid(c->png, c->info, PNG_INFO_tRNS);
	png_set_expand(c->png);
	if (depth == 16)
		png_set_scale_16(c->png);
	if (!(ctype & PNG_COLOR_MASK_COLOR))
		png_set_gray_to_rgb(c->png);
	if (interlace != PNG_INTERLACE_NONE)
		png_set_interlace_handling(c->png);
	png_read_update_info(c->png, c->info);
	if (png_get_rowbytes(c->png, c->info) != (size_t)w * (c->alpha ? 4 : 3))
		png_error(c->png, "unexpected row size");
	return 0;
}

static int read_pixels(png_ctx *c)
{
	if (setjmp(png_jmpbuf(c->png)))
		return -1;
	png_read_image(c->png, c->rows);
	return 0;
}

/* 1 if the image data (all IDAT chunks) is too short to hold the picture
 * the header declares even at deflate's best ratio (1032 to 1): the file
 * is truncated, and we need not take memory for its pixels to know. */
static int data_too_short(const uint8_t *data, size_t len, const ms_probe *p)
{
	static const int channels[7] = {1, 0, 3, 1, 2, 0, 4};
	unsigned long long idat = 0, need;
	int depth = data[24], ctype = data[25];
	size_t pos;

	if (ctype > 6 || !channels[ctype])
		return 0; /* libpng will refuse it */
	for (pos = 33; pos + 8 <= len;) {
		uint32_t n = ms_img_be32(data + pos);
		if (n > len - pos - 8)
			break;
		if (!memcmp(data + pos + 4, "IDAT", 4))
			idat += n;
		if (!memcmp(data + pos + 4, "IEND", 4) || len - pos - 8 - n < 4)
			break;
		pos += 8 + (size_t)n + 4;
	}
	need = (unsigned long long)p->w * (unsigned)p->h * (unsigned)depth *
	       (unsigned)channels[ctype] / 8;
	return idat * 1032 + 64 < need;
}

ms_rc ms_img_png_decode(const uint8_t *data, size_t len, const ms_probe *p,
                        ms_image *out, ms_err *err)
{
	png_ctx c;
	size_t bpp, i, n;
	ms_rc rc;
	int y;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	if ((unsigned long long)p->w * (unsigned)p->h > MS_MAX_DECODE_PIXELS)
		return ms_img_err_decode_limit(err, "PNG", p->w, p->h);
	if (data_too_short(data, len, p))
		return damaged(err);
	c.data = data;
	c.len = len;
	c.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &c, on_error,
	                               on_warning);
	if (c.png)
		c.info = png_create_info_struct(c.png);
	if (!c.png || !c.info) {
		rc = ms_err_set(err, MS_ERR_NOMEM,
		                "out of memory while decoding the PNG");
		goto out;
	}
	if (read_header(&c) || c.w != p->w || c.h != p->h) {
		rc = damaged(err);
		goto out;
	}
	bpp = c.alpha ? 4 : 3;
	n = (size_t)c.w * (size_t)c.h;
	c.px = malloc(n * bpp);
	c.rows = malloc((size_t)c.h * sizeof(*c.rows));
	if (!c.px || !c.rows) {
		rc = ms_err_set(err, MS_ERR_NOMEM,
		                "out of memory while decoding the PNG");
		goto out;
	}
	for (y = 0; y < c.h; y++)
		c.rows[y] = c.px + (size_t)y * (size_t)c.w * bpp;
	if (read_pixels(&c)) {
		rc = damaged(err);
		goto out;
	}
	if (c.alpha) {
		/* Composite on white, packing RGBA into RGB in place. */
		uint8_t *shrunk;
		for (i = 0; i < n; i++) {
			const uint8_t *s = c.px + 4 * i;
			uint8_t *d = c.px + 3 * i;
			unsigned a = s[3], k = 255 * (255 - a) + 127;
			uint8_t r = s[0], g = s[1], b = s[2];
			d[0] = (uint8_t)((r * a + k) / 255);
			d[1] = (uint8_t)((g * a + k) / 255);
			d[2] = (uint8_t)((b * a + k) / 255);
		}
		shrunk = realloc(c.px, n * 3);
		if (shrunk)
			c.px = shrunk;
	}
	out->w = c.w;
	out->h = c.h;
	out->ch = 3;
	out->stride = (size_t)c.w * 3;
	out->px = c.px;
	c.px = NULL;
	rc = MS_OK;
out:
	if (c.png)
		png_destroy_read_struct(&c.png, c.info ? &c.info : NULL, NULL);
	free(c.rows);
	free(c.px);
	return rc;
}

static void write_fn(png_structp png, png_bytep p, size_t n)
{
	png_ctx *c = png_get_io_ptr(png);

	if (ms_buf_add(c->outbuf, p, n))
		png_error(png, "too big");
}

static void flush_fn(png_structp png)
{
	(void)png;
}

static int write_all(png_ctx *c)
{
	const ms_image *img = c->img;
	int y;

	if (setjmp(png_jmpbuf(c->png)))
		return -1;
	png_set_write_fn(c->png, c, write_fn, flush_fn);
	png_set_IHDR(c->png, c->info, (png_uint_32)img->w, (png_uint_32)img->h,
	             8, img->ch == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	             PNG_FILTER_TYPE_DEFAULT);
	png_write_info(c->png, c->info);
	for (y = 0; y < img->h; y++)
		png_write_row(c->png, img->px + (size_t)y * img->stride);
	png_write_end(c->png, c->info);
	return 0;
}

ms_rc ms_img_write_png(const ms_image *img, const char *path, ms_err *err)
{
	png_ctx c;
	ms_buf buf;
	size_t raw;
	ms_rc rc;

	if (!img || !img->px || (img->ch != 1 && img->ch != 3) || img->w <= 0 ||
	    img->h <= 0)
		return ms_err_set(err, MS_ERR_INVALID,
		                  "cannot write this image as PNG");
	/* Deflate never grows data by more than a few bytes per 16 KB block;
	 * allow for that, the filter byte of each row and the chunks. */
	raw = img->stride * (size_t)img->h;
	ms_buf_init(&buf, raw + raw / 1024 + (size_t)img->h + 65536);
	memset(&c, 0, sizeof(c));
	c.img = img;
	c.outbuf = &buf;
	c.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &c, on_error,
	                                on_warning);
	if (c.png)
		c.info = png_create_info_struct(c.png);
	if (!c.png || !c.info) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (write_all(&c)) {
		rc = ms_err_set(err, MS_ERR_INTERNAL,
		                "PNG encoding of %s failed", path);
		goto out;
	}
	rc = ms_write_file(path, buf.data, buf.len, err);
out:
	if (c.png)
		png_destroy_write_struct(&c.png, c.info ? &c.info : NULL);
	ms_buf_free(&buf);
	return rc;
}
