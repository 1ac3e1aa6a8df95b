/*
 * Flattening the card (meishi/card.h): ms_card_find, the projective warp,
 * the card's proportions, and the debug picture of the outline.
 *
 * The outline from card_find.c is mapped onto a rectangle whose long side
 * is MS_CARD_LONG_SIDE pixels. The rectangle's proportions come from the
 * outline's mean side lengths, snapped to a standard card size when within
 * a few per cent (a Japanese 91 x 55 mm card, an ISO 85 x 55 mm one, a US
 * 3.5 x 2 in one, a 90 x 50 mm one). Each output pixel is sampled from the
 * full-size photo, bilinearly, with 2 x 2 supersampling where the card
 * shrinks by more than half. A photo with no believable outline is passed
 * through, only rescaled.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "img/card_int.h"
#include "meishi/limits.h"

/* Standard card proportions (long side / short side). */
static const float card_ratios[] = {
	85.0f / 55.0f, /* ISO 7810-ish European card */
	91.0f / 55.0f, /* Japanese meishi */
	3.5f / 2.0f,   /* US */
	90.0f / 50.0f, /* Latin American, Chinese */
};

/* Coefficients of the projective map from the unit square (u right, v
 * down) to the quad, after Heckbert: x = (a u + b v + c) / (g u + h v + 1),
 * y = (d u + e v + f) / (g u + h v + 1). */
typedef struct homog {
	double a, b, c, d, e, f, g, h;
} homog;

static int square_to_quad(const ms_quad *q, homog *m)
{
	double x0 = q->x[0], y0 = q->y[0], x1 = q->x[1], y1 = q->y[1];
	double x2 = q->x[2], y2 = q->y[2], x3 = q->x[3], y3 = q->y[3];
	double sx = x0 - x1 + x2 - x3, sy = y0 - y1 + y2 - y3;
	double dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
	double den = dx1 * dy2 - dx2 * dy1;

	if (fabs(den) < 1e-9)
		return -1;
	m->g = (sx * dy2 - dx2 * sy) / den;
	m->h = (dx1 * sy - sx * dy1) / den;
	m->a = x1 - x0 + m->g * x1;
	m->b = x3 - x0 + m->h * x3;
	m->c = x0;
	m->d = y1 - y0 + m->g * y1;
	m->e = y3 - y0 + m->h * y3;
	m->f = y0;
	return 0;
}

/* Adds the bilinear sample at (x, y) (pixel centres at +0.5), clamped to
 * the image, times 65536, to acc. */
static inline void sample(const ms_image *im, float x, float y, int *acc)
{
	int xi, yi, x0, y0, ax, ay, c;
	const uint8_t *p0, *p1;
	int dx = 3, dy = (int)im->stride;

	xi = (int)((x - 0.5f) * 256 + 65536.0f) - 65536;
	yi = (int)((y - 0.5f) * 256 + 65536.0f) - 65536;
	x0 = xi >> 8, y0 = yi >> 8;
	ax = xi & 255, ay = yi & 255;
	if (x0 < 0 || y0 < 0 || x0 >= im->w - 1 || y0 >= im->h - 1) {
		if (x0 < 0)
			x0 = 0, ax = 0;
		if (y0 < 0)
			y0 = 0, ay = 0;
		if (x0 >= im->w - 1)
			x0 = im->w - 1, ax = 0, dx = 0;
		if (y0 >= im->h - 1)
			y0 = im->h - 1, ay = 0, dy = 0;
	}
	p0 = im->px + (size_t)y0 * im->stride + (size_t)x0 * 3;
	p1 = p0 + dy;
	for (c = 0; c < 3; c++)
		acc[c] += (256 - ay) * ((256 - ax) * p0[c] + ax * p0[c + dx]) +
			  ay * ((256 - ax) * p1[c] + ax * p1[c + dx]);
}

static float qdist(const ms_quad *q, int i, int j)
{
	float dx = q->x[i] - q->x[j], dy = q->y[i] - q->y[j];
	return sqrtf(dx * dx + dy * dy);
}

ms_rc ms_card_warp(const ms_image *photo, const ms_quad *q, int w, int h,
		   ms_image *out)
{
	homog m;
	int x, y, i, j, ss, c, *rowacc;
	float side = qdist(q, 0, 1) > qdist(q, 1, 2) ? qdist(q, 0, 1)
						      : qdist(q, 1, 2);
	ms_rc rc;

	if (square_to_quad(q, &m))
		return MS_ERR_INVALID;
	rc = ms_image_alloc(out, w, h, 3);
	if (rc)
		return rc;
	rowacc = malloc((size_t)w * 3 * sizeof(*rowacc));
	if (!rowacc) {
		ms_image_free(out);
		return MS_ERR_NOMEM;
	}
	ss = side > 1.6f * (w > h ? w : h) ? 2 : 1;
	for (y = 0; y < h; y++) {
		uint8_t *row = out->px + (size_t)y * out->stride;
		for (j = 0; j < ss; j++) {
			/* Along a row the homography's numerators and
			 * denominator grow linearly with u. */
			float v = (float)((y + (j + 0.5) / ss) / h);
			float du = 1.0f / ((float)w * ss);
			float u0 = 0.5f * du;
			float nx = (float)(m.a * u0 + m.b * v + m.c);
			float ny = (float)(m.d * u0 + m.e * v + m.f);
			float nz = (float)(m.g * u0 + m.h * v + 1);
			float sx = (float)m.a * du, sy = (float)m.d * du;
			float sz = (float)m.g * du;
			for (x = 0; x < w; x++) {
				int acc[3] = {0, 0, 0};
				for (i = 0; i < ss; i++) {
					float iz = 1.0f / nz;
					sample(photo, nx * iz, ny * iz, acc);
					nx += sx, ny += sy, nz += sz;
				}
				if (j == 0) {
					for (c = 0; c < 3; c++)
						rowacc[x * 3 + c] = acc[c];
				} else {
					for (c = 0; c < 3; c++)
						rowacc[x * 3 + c] += acc[c];
				}
			}
		}
		for (x = 0; x < 3 * w; x++)
			row[x] = (uint8_t)((rowacc[x] + (ss * ss << 15)) /
					   (ss * ss << 16));
	}
	free(rowacc);
	return MS_OK;
}

/* The card's long/short ratio, snapped to a standard size when close. */
static float card_ratio(float lw, float lh)
{
	float r = lw > lh ? lw / lh : lh / lw, best = 0.04f;
	size_t i;
	float snap = r;

	for (i = 0; i < sizeof(card_ratios) / sizeof(card_ratios[0]); i++) {
		float e = fabsf(r / card_ratios[i] - 1);
		if (e < best)
			best = e, snap = card_ratios[i];
	}
	return snap;
}

static ms_rc pass_through(const ms_image *photo, ms_card *out)
{
	double s = (double)MS_CARD_LONG_SIDE /
		   (photo->w > photo->h ? photo->w : photo->h);
	int w = (int)(photo->w * s + 0.5), h = (int)(photo->h * s + 0.5);

	out->found = 0;
	out->quad.x[0] = 0, out->quad.y[0] = 0;
	out->quad.x[1] = (float)photo->w, out->quad.y[1] = 0;
	out->quad.x[2] = (float)photo->w, out->quad.y[2] = (float)photo->h;
	out->quad.x[3] = 0, out->quad.y[3] = (float)photo->h;
	return ms_img_resize(photo, w < 1 ? 1 : w, h < 1 ? 1 : h, &out->flat);
}

ms_rc ms_card_find(const ms_image *photo, ms_card *out, ms_err *err)
{
	float score = 0, lw, lh, r;
	int found, w, h;
	ms_rc rc;

	memset(out, 0, sizeof(*out));
	if (!photo->px || photo->w < 1 || photo->h < 1 ||
	    (photo->ch != 3 && photo->ch != 1))
		return ms_err_set(err, MS_ERR_INVALID, "empty photo");
	found = photo->ch == 3 ? ms_card_find_quad(photo, &out->quad, &score)
			       : 0;
	if (found < 0)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	if (!found) {
		rc = pass_through(photo, out);
		if (rc)
			return ms_err_set(err, rc, "out of memory");
		return MS_OK;
	}
	lw = 0.5f * (qdist(&out->quad, 0, 1) + qdist(&out->quad, 3, 2));
	lh = 0.5f * (qdist(&out->quad, 0, 3) + qdist(&out->quad, 1, 2));
	r = card_ratio(lw, lh);
	if (lw >= lh) {
		w = MS_CARD_LONG_SIDE;
		h = (int)lrintf(MS_CARD_LONG_SIDE / r);
	} else {
		h = MS_CARD_LONG_SIDE;
		w = (int)lrintf(MS_CARD_LONG_SIDE / r);
	}
	rc = ms_card_warp(photo, &out->quad, w, h, &out->flat);
	if (rc == MS_ERR_INVALID) {
		rc = pass_through(photo, out);
		if (rc)
			return ms_err_set(err, rc, "out of memory");
		return MS_OK;
	}
	if (rc)
		return ms_err_set(err, rc, "out of memory");
	out->found = 1;
	out->score = score;
	return MS_OK;
}

void ms_card_free(ms_card *card)
{
	ms_image_free(&card->flat);
}

ms_rc ms_card_draw_quad(const ms_image *photo, const ms_quad *q,
			ms_image *out)
{
	int i, thick;
	ms_rc rc;

	if (photo->ch != 3)
		return MS_ERR_INVALID;
	rc = ms_image_copy(photo, out);
	if (rc)
		return rc;
	thick = (photo->w > photo->h ? photo->w : photo->h) / 300 + 1;
	for (i = 0; i < 4; i++) {
		int j = (i + 1) % 4;
		ms_img_draw_line(out, (int)q->x[i], (int)q->y[i],
				 (int)q->x[j], (int)q->y[j], i == 0 ? 255 : 0,
				 i == 0 ? 0 : 220, 0, thick);
	}
	return MS_OK;
}
