/*
 * Cleaning the flat card for OCR (meishi/card.h).
 *
 * The card is looked at in blocks of 8 x 8 pixels. Its ground (paper,
 * coloured bands, dark panels) is the median of the block means over about
 * 5 mm, which keeps each band's own brightness with a sharp edge while
 * thin text strokes vanish. Blocks whose grounds join without a jump form
 * regions; a region too small to be a band (the inside of a bold letter, a
 * logo) joins the large region around it. In each region the pixels that
 * stand out from the ground vote on which way the text runs: darker ones
 * for dark text on a light ground, lighter ones for light text on a dark
 * ground; a region without text takes the side its brightness suggests.
 * Light-on-dark regions are inverted, and every pixel is divided by its
 * region's paper (the lightest pixels nearby, after inversion), which
 * flattens shadows and glare and turns every band into white paper with
 * dark text. The result stays grey: Tesseract's LSTM reads anti-aliased
 * strokes better than a hard threshold.
 */
#include <stdlib.h>
#include <string.h>

#include "meishi/card.h"
#include "meishi/limits.h"

#define BLK 8          /* block side in pixels */
#define MED_R 3        /* ground median radius in blocks */
#define PAPER_R 3      /* paper filter radius in blocks */
#define OUTLIER 35     /* grey levels from the ground that make a text pixel */
#define REGION_STEP 14 /* the largest ground step inside one region */

typedef struct blk {
	uint8_t mean, ground; /* block mean; median ground around it */
	uint8_t lo, hi;       /* block's third darkest and lightest pixel */
	int16_t dark, light;  /* pixels darker/lighter than the ground */
	int label;            /* region */
	float paper, tmp;     /* the ground to divide by, after inversion */
} blk;

typedef struct region {
	long dark, light, n, gsum;
	int pol; /* +1 keep, -1 invert */
} region;

static int cmp_u8(const void *a, const void *b)
{
	return *(const uint8_t *)a - *(const uint8_t *)b;
}

/* The median of the block means around block (i, j). */
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

/* Keeps the three smallest (largest) values seen, in order. */
static void keep3_low(uint8_t *k, uint8_t v)
{
	if (v >= k[2])
		return;
	if (v < k[0])
		k[2] = k[1], k[1] = k[0], k[0] = v;
	else if (v < k[1])
		k[2] = k[1], k[1] = v;
	else
		k[2] = v;
}

static void keep3_high(uint8_t *k, uint8_t v)
{
	if (v <= k[2])
		return;
	if (v > k[0])
		k[2] = k[1], k[1] = k[0], k[0] = v;
	else if (v > k[1])
		k[2] = k[1], k[1] = v;
	else
		k[2] = v;
}

static void block_stats(const ms_image *g, blk *b, int nx, int ny)
{
	int i, j, x, y;

	for (j = 0; j < ny; j++) {
		int y1 = (j + 1) * BLK < g->h ? (j + 1) * BLK : g->h;
		for (i = 0; i < nx; i++) {
			int x1 = (i + 1) * BLK < g->w ? (i + 1) * BLK : g->w;
			uint8_t l3[3] = {255, 255, 255}, h3[3] = {0, 0, 0};
			unsigned s = 0, n = 0;
			blk *k = &b[j * nx + i];
			for (y = j * BLK; y < y1; y++) {
				const uint8_t *row = g->px + (size_t)y * g->stride;
				for (x = i * BLK; x < x1; x++) {
					s += row[x], n++;
					keep3_low(l3, row[x]);
					keep3_high(h3, row[x]);
				}
			}
			k->mean = (uint8_t)(s / n);
			k->lo = n >= 3 ? l3[2] : l3[0];
			k->hi = n >= 3 ? h3[2] : h3[0];
		}
	}
	for (j = 0; j < ny; j++)
		for (i = 0; i < nx; i++)
			b[j * nx + i].ground = median_around(b, nx, ny, i, j);
	for (y = 0; y < g->h; y++) {
		const uint8_t *row = g->px + (size_t)y * g->stride;
		blk *br = &b[(y / BLK) * nx];
		for (x = 0; x < g->w; x++) {
			blk *k = &br[x / BLK];
			int d = row[x] - k->ground;
			if (d < -OUTLIER)
				k->dark++;
			else if (d > OUTLIER)
				k->light++;
		}
	}
}

/* Labels regions of blocks whose grounds join without a jump (flood fill
 * with an explicit stack). Returns the number of regions. */
static int label_regions(blk *b, int nx, int ny, int *stack)
{
	static const int dx[4] = {1, -1, 0, 0}, dy[4] = {0, 0, 1, -1};
	int n = nx * ny, nl = 0, p, sp, q;

	for (p = 0; p < n; p++)
		b[p].label = -1;
	for (p = 0; p < n; p++) {
		if (b[p].label >= 0)
			continue;
		b[p].label = nl;
		sp = 0;
		stack[sp++] = p;
		while (sp) {
			int c = stack[--sp], cx = c % nx, cy = c / nx;
			for (q = 0; q < 4; q++) {
				int xx = cx + dx[q], yy = cy + dy[q], o;
				if (xx < 0 || yy < 0 || xx >= nx || yy >= ny)
					continue;
				o = yy * nx + xx;
				if (b[o].label >= 0 ||
				    abs(b[o].ground - b[c].ground) >
					    REGION_STEP)
					continue;
				b[o].label = nl;
				stack[sp++] = o;
			}
		}
		nl++;
	}
	return nl;
}

/* Small regions (insides of bold letters, logos, specks) are taken over,
 * block by block, by the large regions around them. */
static void absorb_small(blk *b, int nx, int ny, region *r, int minn)
{
	static const int dx[4] = {1, -1, 0, 0}, dy[4] = {0, 0, 1, -1};
	int changed = 1, pass, p, q;

	for (pass = 0; changed && pass < nx + ny; pass++) {
		changed = 0;
		for (p = 0; p < nx * ny; p++) {
			int cx = p % nx, cy = p / nx;
			if (r[b[p].label].n >= minn)
				continue;
			for (q = 0; q < 4; q++) {
				int xx = cx + dx[q], yy = cy + dy[q], o;
				if (xx < 0 || yy < 0 || xx >= nx || yy >= ny)
					continue;
				o = yy * nx + xx;
				if (r[b[o].label].n >= minn) {
					b[p].label = b[o].label;
					changed = 1;
					break;
				}
			}
		}
	}
}

/* The paper under each block: the lightest (dark text) or darkest (light
 * text) pixels of the blocks of its region around it, so that even bold
 * strokes do not darken it; then smoothed within the region. */
static void paper_map(blk *b, int nx, int ny, const region *r)
{
	int i, j, di, dj;

	for (j = 0; j < ny; j++) {
		for (i = 0; i < nx; i++) {
			blk *k = &b[j * nx + i];
			int pol = r[k->label].pol;
			int m = pol > 0 ? k->hi : k->lo;
			for (dj = -PAPER_R; dj <= PAPER_R; dj++) {
				for (di = -PAPER_R; di <= PAPER_R; di++) {
					int ii = i + di, jj = j + dj;
					const blk *o;
					if (ii < 0 || jj < 0 || ii >= nx ||
					    jj >= ny)
						continue;
					o = &b[jj * nx + ii];
					if (o->label != k->label)
						continue;
					if (pol > 0 && o->hi > m)
						m = o->hi;
					if (pol < 0 && o->lo < m)
						m = o->lo;
				}
			}
			k->tmp = pol > 0 ? (float)m : 255.0f - m;
		}
	}
	for (j = 0; j < ny; j++) {
		for (i = 0; i < nx; i++) {
			blk *k = &b[j * nx + i];
			float s = 0;
			int n = 0;
			for (dj = -1; dj <= 1; dj++) {
				for (di = -1; di <= 1; di++) {
					int ii = i + di, jj = j + dj;
					const blk *o;
					if (ii < 0 || jj < 0 || ii >= nx ||
					    jj >= ny)
						continue;
					o = &b[jj * nx + ii];
					if (o->label != k->label)
						continue;
					s += o->tmp, n++;
				}
			}
			k->paper = s / n < 40 ? 40 : s / n;
		}
	}
}

/* Inverts light-on-dark regions and divides every pixel by its paper,
 * interpolated between the centres of the blocks of its own region. */
static void normalise(ms_image *g, const blk *b, int nx, int ny,
		      const region *r, unsigned *hist)
{
	int x, y, q;

	for (y = 0; y < g->h; y++) {
		uint8_t *row = g->px + (size_t)y * g->stride;
		float fy = (y + 0.5f) / BLK - 0.5f;
		int cy0 = fy < 0 ? 0 : (int)fy;
		float ay = fy < 0 ? 0 : fy - cy0;
		int cy1 = cy0 + 1 < ny ? cy0 + 1 : cy0;
		for (x = 0; x < g->w; x++) {
			const blk *own = &b[(y / BLK) * nx + x / BLK];
			float fx = (x + 0.5f) / BLK - 0.5f;
			int cx0 = fx < 0 ? 0 : (int)fx;
			float ax = fx < 0 ? 0 : fx - cx0;
			int cx1 = cx0 + 1 < nx ? cx0 + 1 : cx0;
			const blk *k[4] = {&b[cy0 * nx + cx0],
					   &b[cy0 * nx + cx1],
					   &b[cy1 * nx + cx0],
					   &b[cy1 * nx + cx1]};
			float wt[4] = {(1 - ax) * (1 - ay), ax * (1 - ay),
				       (1 - ax) * ay, ax * ay};
			float s = 0, ws = 0, v;
			for (q = 0; q < 4; q++) {
				if (k[q]->label != own->label)
					continue;
				s += wt[q] * k[q]->paper, ws += wt[q];
			}
			v = r[own->label].pol < 0 ? 255.0f - row[x] : row[x];
			v = v * 255.0f / (ws > 0.01f ? s / ws : own->paper);
			row[x] = (uint8_t)(v > 255 ? 255 : v);
			hist[row[x]]++;
		}
	}
}

/* Light text on a dark band comes out of normalise() paler than the
 * dark text on the paper (its strokes are thinner and bleed into the
 * band), so the card-wide stretch leaves it grey. Each inverted region
 * whose own darkest pixels stay well above the card's is stretched on its
 * own to the card's ink level first: up to a darkest per cent of 235
 * (pale print on teal comes out at 206); above that a band holds no
 * print, only noise. */
static ms_rc stretch_inverted(ms_image *g, const blk *b, int nx,
			      const region *r, int nl, int card_lo)
{
	/* Region labels run to nl, but few regions are inverted bands:
	 * each of those gets a histogram slot, the others none. */
	int *slot = malloc((size_t)nl * sizeof(*slot));
	int *lo = NULL, x, y, i, m = 0, any = 0;
	unsigned *hist = NULL;

	if (!slot)
		return MS_ERR_NOMEM;
	for (i = 0; i < nl; i++)
		slot[i] = r[i].pol < 0 && r[i].n ? m++ : -1;
	if (!m) {
		free(slot);
		return MS_OK;
	}
	hist = calloc((size_t)m * 256, sizeof(*hist));
	lo = malloc((size_t)m * sizeof(*lo));
	if (!hist || !lo) {
		free(slot);
		free(hist);
		free(lo);
		return MS_ERR_NOMEM;
	}
	for (y = 0; y < g->h; y++) {
		const uint8_t *row = g->px + (size_t)y * g->stride;
		for (x = 0; x < g->w; x++) {
			int k = slot[b[(y / BLK) * nx + x / BLK].label];
			if (k >= 0)
				hist[(size_t)k * 256 + row[x]]++;
		}
	}
	for (i = 0; i < nl; i++) {
		unsigned want, acc = 0;
		int k = slot[i];
		if (k < 0)
			continue;
		lo[k] = -1;
		want = (unsigned)r[i].n * BLK * BLK / 100;
		for (x = 0; x < 255; x++) {
			acc += hist[(size_t)k * 256 + x];
			if (acc > want)
				break;
		}
		if (x > card_lo + 30 && x < 235)
			lo[k] = x, any = 1;
	}
	for (y = 0; any && y < g->h; y++) {
		uint8_t *row = g->px + (size_t)y * g->stride;
		for (x = 0; x < g->w; x++) {
			int k = slot[b[(y / BLK) * nx + x / BLK].label], v;
			if (k < 0 || lo[k] < 0)
				continue;
			v = card_lo + (row[x] - lo[k]) * (255 - card_lo) /
					  (255 - lo[k]);
			row[x] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
		}
	}
	free(slot);
	free(hist);
	free(lo);
	return MS_OK;
}

ms_rc ms_card_clean(const ms_image *flat, ms_image *gray, ms_err *err)
{
	int nx, ny, nl, i, lo, x, y;
	blk *b = NULL;
	region *r = NULL;
	int *stack = NULL;
	unsigned hist[256] = {0}, want, acc;
	uint8_t lut[256];
	ms_rc rc;

	rc = ms_img_gray(flat, gray);
	if (rc)
		return ms_err_set(err, rc, "out of memory");
	if (gray->w < 4 * BLK || gray->h < 4 * BLK)
		return MS_OK;
	nx = (gray->w + BLK - 1) / BLK, ny = (gray->h + BLK - 1) / BLK;
	b = calloc((size_t)nx * ny, sizeof(*b));
	stack = malloc((size_t)nx * ny * sizeof(*stack));
	r = calloc((size_t)nx * ny, sizeof(*r));
	if (!b || !stack || !r) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	block_stats(gray, b, nx, ny);
	nl = label_regions(b, nx, ny, stack);
	for (i = 0; i < nx * ny; i++)
		r[b[i].label].n++;
	/* A band is at least about 1.5 % of the card. */
	absorb_small(b, nx, ny, r, nx * ny * 3 / 200 + 1);
	for (i = 0; i < nl; i++)
		r[i].n = 0;
	for (i = 0; i < nx * ny; i++) {
		region *g = &r[b[i].label];
		g->dark += b[i].dark, g->light += b[i].light;
		g->gsum += b[i].ground, g->n++;
	}
	for (i = 0; i < nl; i++) {
		region *g = &r[i];
		long votes = g->dark + g->light;
		if (!g->n)
			continue;
		/* Light text on a dark band: the band is the ground, so
		 * hardly anything is darker than it. A region of big dark
		 * letters has a ground between ink and paper, and its paper
		 * outvotes the strokes without making it a band. */
		if (votes >= 2 * BLK * BLK && g->light > 4 * g->dark)
			g->pol = -1;
		else if (votes >= 2 * BLK * BLK && 2 * g->dark > 3 * g->light)
			g->pol = 1;
		else
			g->pol = g->gsum / g->n < 100 ? -1 : 1;
	}
	paper_map(b, nx, ny, r);
	normalise(gray, b, nx, ny, r, hist);
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
	rc = stretch_inverted(gray, b, nx, r, nl, lo);
	if (rc) {
		ms_err_set(err, rc, "out of memory");
		goto out;
	}
	for (y = 0; y < gray->h; y++) {
		uint8_t *row = gray->px + (size_t)y * gray->stride;
		for (x = 0; x < gray->w; x++)
			row[x] = lut[row[x]];
	}
out:
	free(b);
	free(r);
	free(stack);
	if (rc)
		ms_image_free(gray);
	return rc;
}
