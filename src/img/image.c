/*
 * Basic operations on ms_image: allocation, copy, resize, rotation, grey
 * conversion. Every allocation checks the decode pixel limit.
 */
#include <stdlib.h>
#include <string.h>

#include "meishi/image.h"
#include "meishi/limits.h"

ms_rc ms_image_alloc(ms_image *img, int w, int h, int ch)
{
	size_t stride;

	memset(img, 0, sizeof(*img));
	if (w <= 0 || h <= 0 || (ch != 1 && ch != 3))
		return MS_ERR_INVALID;
	if ((size_t)w * (size_t)h > MS_MAX_DECODE_PIXELS)
		return MS_ERR_TOO_BIG;
	stride = (size_t)w * (size_t)ch;
	img->px = malloc(stride * (size_t)h);
	if (!img->px)
		return MS_ERR_NOMEM;
	img->w = w;
	img->h = h;
	img->ch = ch;
	img->stride = stride;
	return MS_OK;
}

void ms_image_free(ms_image *img)
{
	if (!img)
		return;
	free(img->px);
	memset(img, 0, sizeof(*img));
}

ms_rc ms_image_copy(const ms_image *src, ms_image *dst)
{
	ms_rc rc = ms_image_alloc(dst, src->w, src->h, src->ch);
	int y;

	if (rc)
		return rc;
	for (y = 0; y < src->h; y++)
		memcpy(dst->px + (size_t)y * dst->stride,
		       src->px + (size_t)y * src->stride, dst->stride);
	return MS_OK;
}

/* Area-average resize for shrinking; bilinear for enlarging. */
ms_rc ms_img_resize(const ms_image *src, int w, int h, ms_image *dst)
{
	ms_rc rc = ms_image_alloc(dst, w, h, src->ch);
	double sx = (double)src->w / w, sy = (double)src->h / h;
	int x, y, c, ch = src->ch;

	if (rc)
		return rc;
	for (y = 0; y < h; y++) {
		uint8_t *out = dst->px + (size_t)y * dst->stride;
		for (x = 0; x < w; x++) {
			if (sx > 1.0 || sy > 1.0) {
				int x0 = (int)(x * sx), x1 = (int)((x + 1) * sx);
				int y0 = (int)(y * sy), y1 = (int)((y + 1) * sy);
				if (x1 <= x0)
					x1 = x0 + 1;
				if (y1 <= y0)
					y1 = y0 + 1;
				if (x1 > src->w)
					x1 = src->w;
				if (y1 > src->h)
					y1 = src->h;
				for (c = 0; c < ch; c++) {
					unsigned long sum = 0, n = 0;
					int i, j;
					for (j = y0; j < y1; j++) {
						const uint8_t *row =
							src->px +
							(size_t)j * src->stride;
						for (i = x0; i < x1; i++)
							sum += row[i * ch + c];
						n += (unsigned long)(x1 - x0);
					}
					out[x * ch + c] =
						(uint8_t)((sum + n / 2) / n);
				}
			} else {
				double fx = (x + 0.5) * sx - 0.5;
				double fy = (y + 0.5) * sy - 0.5;
				int ix, iy, ix1, iy1;
				double ax, ay;
				if (fx < 0)
					fx = 0;
				if (fy < 0)
					fy = 0;
				ix = (int)fx, iy = (int)fy;
				ix1 = ix + 1 < src->w ? ix + 1 : ix;
				iy1 = iy + 1 < src->h ? iy + 1 : iy;
				ax = fx - ix, ay = fy - iy;
				for (c = 0; c < ch; c++) {
					const uint8_t *r0 =
						src->px + (size_t)iy * src->stride;
					const uint8_t *r1 =
						src->px + (size_t)iy1 * src->stride;
					double v = (1 - ay) * ((1 - ax) * r0[ix * ch + c] +
							       ax * r0[ix1 * ch + c]) +
						   ay * ((1 - ax) * r1[ix * ch + c] +
							 ax * r1[ix1 * ch + c]);
					out[x * ch + c] = (uint8_t)(v + 0.5);
				}
			}
		}
	}
	return MS_OK;
}

ms_rc ms_img_rotate(const ms_image *src, int degrees, ms_image *dst)
{
	int w = src->w, h = src->h, ch = src->ch, x, y, c;
	int dw, dh;
	ms_rc rc;

	degrees = ((degrees % 360) + 360) % 360;
	if (degrees % 90)
		return MS_ERR_INVALID;
	if (degrees == 0)
		return ms_image_copy(src, dst);
	dw = degrees == 180 ? w : h;
	dh = degrees == 180 ? h : w;
	rc = ms_image_alloc(dst, dw, dh, ch);
	if (rc)
		return rc;
	for (y = 0; y < h; y++) {
		const uint8_t *row = src->px + (size_t)y * src->stride;
		for (x = 0; x < w; x++) {
			int nx, ny;
			uint8_t *o;
			if (degrees == 90)
				nx = h - 1 - y, ny = x;
			else if (degrees == 180)
				nx = w - 1 - x, ny = h - 1 - y;
			else
				nx = y, ny = w - 1 - x;
			o = dst->px + (size_t)ny * dst->stride + (size_t)nx * ch;
			for (c = 0; c < ch; c++)
				o[c] = row[x * ch + c];
		}
	}
	return MS_OK;
}

ms_rc ms_img_orient(const ms_image *src, int orientation, ms_image *dst)
{
	int w = src->w, h = src->h, ch = src->ch, x, y, c, swap;
	ms_rc rc;

	if (orientation < 1 || orientation > 8)
		return MS_ERR_INVALID;
	if (orientation == 1)
		return ms_image_copy(src, dst);
	swap = orientation >= 5;
	rc = ms_image_alloc(dst, swap ? h : w, swap ? w : h, ch);
	if (rc)
		return rc;
	for (y = 0; y < h; y++) {
		const uint8_t *row = src->px + (size_t)y * src->stride;
		for (x = 0; x < w; x++) {
			int nx, ny;
			uint8_t *o;
			switch (orientation) {
			case 2: nx = w - 1 - x, ny = y; break;
			case 3: nx = w - 1 - x, ny = h - 1 - y; break;
			case 4: nx = x, ny = h - 1 - y; break;
			case 5: nx = y, ny = x; break;
			case 6: nx = h - 1 - y, ny = x; break;
			case 7: nx = h - 1 - y, ny = w - 1 - x; break;
			default: nx = y, ny = w - 1 - x; break;
			}
			o = dst->px + (size_t)ny * dst->stride + (size_t)nx * ch;
			for (c = 0; c < ch; c++)
				o[c] = row[x * ch + c];
		}
	}
	return MS_OK;
}

ms_rc ms_img_gray(const ms_image *src, ms_image *dst)
{
	ms_rc rc;
	int x, y;

	if (src->ch == 1)
		return ms_image_copy(src, dst);
	rc = ms_image_alloc(dst, src->w, src->h, 1);
	if (rc)
		return rc;
	for (y = 0; y < src->h; y++) {
		const uint8_t *s = src->px + (size_t)y * src->stride;
		uint8_t *d = dst->px + (size_t)y * dst->stride;
		for (x = 0; x < src->w; x++)
			d[x] = (uint8_t)((299 * s[3 * x] + 587 * s[3 * x + 1] +
					  114 * s[3 * x + 2] + 500) / 1000);
	}
	return MS_OK;
}

static void put_px(ms_image *img, int x, int y, const uint8_t *rgb)
{
	uint8_t *p;

	if (x < 0 || y < 0 || x >= img->w || y >= img->h)
		return;
	p = img->px + (size_t)y * img->stride + (size_t)x * img->ch;
	if (img->ch == 1)
		p[0] = (uint8_t)((rgb[0] + rgb[1] + rgb[2]) / 3);
	else
		p[0] = rgb[0], p[1] = rgb[1], p[2] = rgb[2];
}

void ms_img_draw_line(ms_image *img, int x0, int y0, int x1, int y1,
		      uint8_t r, uint8_t g, uint8_t b, int thick)
{
	const uint8_t rgb[3] = {r, g, b};
	int dx = abs(x1 - x0), dy = -abs(y1 - y0);
	int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, e = dx + dy;
	int half = thick / 2, i, j, steps = 0;

	for (;;) {
		for (j = -half; j <= half; j++)
			for (i = -half; i <= half; i++)
				put_px(img, x0 + i, y0 + j, rgb);
		if ((x0 == x1 && y0 == y1) || ++steps > 200000)
			break;
		if (2 * e >= dy) {
			e += dy;
			x0 += sx;
		}
		if (2 * e <= dx) {
			e += dx;
			y0 += sy;
		}
	}
}

ms_rc ms_img_crop(const ms_image *src, int x, int y, int w, int h,
		  ms_image *dst)
{
	int x1 = x + w, y1 = y + h, j;
	ms_rc rc;

	if (x < 0)
		x = 0;
	if (y < 0)
		y = 0;
	if (x1 > src->w)
		x1 = src->w;
	if (y1 > src->h)
		y1 = src->h;
	if (x1 <= x || y1 <= y)
		return MS_ERR_INVALID;
	rc = ms_image_alloc(dst, x1 - x, y1 - y, src->ch);
	if (rc)
		return rc;
	for (j = y; j < y1; j++)
		memcpy(dst->px + (size_t)(j - y) * dst->stride,
		       src->px + (size_t)j * src->stride + (size_t)x * src->ch,
		       dst->stride);
	return MS_OK;
}
