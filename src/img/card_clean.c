/*
 * Cleaning the flat card for OCR (meishi/card.h).
 *
 * The ground of the card (paper, coloured bands, dark panels) is estimated
 * without its text: the grey card is averaged into blocks of 8 x 8 pixels
 * and a 7 x 7 median over the blocks (about 5 mm on the card) keeps each
 * band's own colour, with sharp edges, while thin text strokes vanish.
 * Around every block the pixels that stand out from the ground say which
 * way the text runs: darker outliers are dark text on a light ground,
 * lighter ones light text on a dark ground. The counts are pooled over
 * neighbouring blocks of similar ground, so that a navy band votes as a
 * band and the paper beside it as paper; blocks without text take the side
 * their ground's brightness suggests. Light-on-dark regions are inverted
 * and every pixel is divided by its (possibly inverted) ground, which
 * flattens shadows and glare and turns every band into white paper with
 * dark text. The result stays grey: Tesseract's LSTM reads anti-aliased
 * strokes better than a hard threshold.
 */
#include <stdlib.h>
#include <string.h>

#include "meishi/card.h"
#include "meishi/limits.h"

#define BLK 8       /* block side in pixels */
#define MED_R 3     /* median radius in blocks */
#define POOL_R 6    /* vote pooling radius in blocks */
#define OUTLIER 35  /* grey levels from the ground that make a text pixel */
#define SAME_GROUND 35

typedef struct blk {
	uint8_t mean, ground;
	int16_t dark, light; /* outlier counts */
	int8_t pol;          /* +1 keep, -1 invert */
} blk;

static int cmp_u8(const void *a, const void *b)
{
	return *(const uint8_t *)a - *(const uint8_t *)b;
}

/* The ground of one block: the median of the block means around it. */
static uint8_t median_around(const blk *b, int nx, int ny, int i, int j)
{
	uint8_t v[(2 * MED_R + 1) * (2 * MED_R + 1)];
	int n = 0, di, dj;

	for (dj = -MED_R; dj <= MED_R; dj++) {
		for (di = -MED_R; di <= MED_R; di++) {
			int ii = i + di, jj = j + dj;
			if (ii < 0 || jj < 0 || ii >= nx || jj >= ny)
				continue;
			v[n++] = b[jj * nx + ii].mean;
		}
	}
	qsort(v, (size_t)n, 1, cmp_u8);
	return v[n / 2];
}

/* Of the four blocks around a pixel, the one whose ground is closest to
 * the pixel's grey value (for pixels on the border between grounds). */
static const blk *closest(const blk *const *k, int v)
{
	int q, best = 0, bd = 1 << 20;

	for (q = 0; q < 4; q++) {
		int d = abs(k[q]->ground - v);
		if (d < bd)
			bd = d, best = q;
	}
	return k[best];
}

ms_rc ms_card_clean(const ms_image *flat, ms_image *gray, ms_err *err)
{
	int nx, ny, i, j, x, y, di, dj;
	blk *b = NULL;
	unsigned hist[256] = {0}, want, acc;
	int lo;
	uint8_t lut[256];
	ms_rc rc;

	rc = ms_img_gray(flat, gray);
	if (rc)
		return ms_err_set(err, rc, "out of memory");
	if (gray->w < 4 * BLK || gray->h < 4 * BLK)
		return MS_OK;
	nx = (gray->w + BLK - 1) / BLK, ny = (gray->h + BLK - 1) / BLK;
	b = calloc((size_t)nx * ny, sizeof(*b));
	if (!b) {
		ms_image_free(gray);
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	}
	/* Block means, then the ground. */
	for (j = 0; j < ny; j++) {
		int y1 = (j + 1) * BLK < gray->h ? (j + 1) * BLK : gray->h;
		for (i = 0; i < nx; i++) {
			int x1 = (i + 1) * BLK < gray->w ? (i + 1) * BLK
							 : gray->w;
			unsigned s = 0, n = 0;
			for (y = j * BLK; y < y1; y++) {
				const uint8_t *row =
					gray->px + (size_t)y * gray->stride;
				for (x = i * BLK; x < x1; x++)
					s += row[x], n++;
			}
			b[j * nx + i].mean = (uint8_t)(s / n);
		}
	}
	for (j = 0; j < ny; j++)
		for (i = 0; i < nx; i++)
			b[j * nx + i].ground = median_around(b, nx, ny, i, j);
	/* Pixels standing out from their block's ground. */
	for (y = 0; y < gray->h; y++) {
		const uint8_t *row = gray->px + (size_t)y * gray->stride;
		blk *br = &b[(y / BLK) * nx];
		for (x = 0; x < gray->w; x++) {
			blk *k = &br[x / BLK];
			int d = row[x] - k->ground;
			if (d < -OUTLIER)
				k->dark++;
			else if (d > OUTLIER)
				k->light++;
		}
	}
	/* Pool the votes of neighbours standing on a similar ground. */
	for (j = 0; j < ny; j++) {
		for (i = 0; i < nx; i++) {
			blk *k = &b[j * nx + i];
			long dark = 0, light = 0;
			for (dj = -POOL_R; dj <= POOL_R; dj++) {
				for (di = -POOL_R; di <= POOL_R; di++) {
					int ii = i + di, jj = j + dj;
					const blk *o;
					if (ii < 0 || jj < 0 || ii >= nx ||
					    jj >= ny)
						continue;
					o = &b[jj * nx + ii];
					if (abs(o->ground - k->ground) >
					    SAME_GROUND)
						continue;
					dark += o->dark, light += o->light;
				}
			}
			if (dark + light >= 2 * BLK * BLK && light > 2 * dark)
				k->pol = -1;
			else if (dark + light >= 2 * BLK * BLK &&
				 dark > 2 * light)
				k->pol = 1;
			else
				k->pol = k->ground < 100 ? -1 : 1;
		}
	}
	/* Invert and divide by the ground. Inside a region the ground is
	 * interpolated between block centres; on a border between grounds
	 * the pixel follows the closest block. */
	for (y = 0; y < gray->h; y++) {
		uint8_t *row = gray->px + (size_t)y * gray->stride;
		float fy = (y + 0.5f) / BLK - 0.5f, ay;
		int cy0, cy1;
		if (fy < 0)
			fy = 0;
		cy0 = (int)fy, ay = fy - cy0;
		if (cy0 >= ny - 1)
			cy0 = ny - 1, ay = 0;
		cy1 = cy0 + 1 < ny ? cy0 + 1 : cy0;
		for (x = 0; x < gray->w; x++) {
			float fx = (x + 0.5f) / BLK - 0.5f, ax, g, v;
			const blk *k[4];
			int cx0, cx1, pol;
			if (fx < 0)
				fx = 0;
			cx0 = (int)fx, ax = fx - cx0;
			if (cx0 >= nx - 1)
				cx0 = nx - 1, ax = 0;
			cx1 = cx0 + 1 < nx ? cx0 + 1 : cx0;
			k[0] = &b[cy0 * nx + cx0], k[1] = &b[cy0 * nx + cx1];
			k[2] = &b[cy1 * nx + cx0], k[3] = &b[cy1 * nx + cx1];
			pol = k[0]->pol;
			if (k[1]->pol == pol && k[2]->pol == pol &&
			    k[3]->pol == pol &&
			    abs(k[0]->ground - k[3]->ground) <= SAME_GROUND &&
			    abs(k[1]->ground - k[2]->ground) <= SAME_GROUND) {
				g = (1 - ay) * ((1 - ax) * k[0]->ground +
						ax * k[1]->ground) +
				    ay * ((1 - ax) * k[2]->ground +
					  ax * k[3]->ground);
			} else {
				const blk *c = closest(k, row[x]);
				pol = c->pol;
				g = c->ground;
			}
			if (pol < 0) {
				g = 255 - g;
				v = 255.0f - row[x];
			} else {
				v = row[x];
			}
			if (g < 40)
				g = 40;
			v = v * 255.0f / g;
			row[x] = (uint8_t)(v > 255 ? 255 : v);
			hist[row[x]]++;
		}
	}
	/* Stretch: the darkest per cent to black, paper to white. */
	want = (unsigned)gray->w * gray->h / 100;
	for (lo = 0, acc = 0; lo < 255; lo++) {
		acc += hist[lo];
		if (acc > want)
			break;
	}
	if (lo > 100)
		lo = 100;
	for (i = 0; i < 256; i++) {
		int v = (i - lo) * 255 / (235 - lo);
		lut[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
	}
	for (y = 0; y < gray->h; y++) {
		uint8_t *row = gray->px + (size_t)y * gray->stride;
		for (x = 0; x < gray->w; x++)
			row[x] = lut[row[x]];
	}
	free(b);
	return MS_OK;
}
