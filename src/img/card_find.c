/*
 * Finding the card's outline in a phone photo (card_int.h).
 *
 * The photo is scaled down to about MS_CARD_FIND_SIDE pixels. There the
 * colour gradient (the strongest of the three channels, so that a red card
 * on a grey table of the same brightness still has an edge) is thinned to
 * one-pixel edges, and every edge pixel votes in a Hough accumulator for
 * the few line angles its gradient allows. The strongest near-horizontal
 * and near-vertical lines are paired into candidate quadrilaterals, and
 * each is scored by how much of its perimeter runs along real edges whose
 * gradient crosses it, by its size and by how card-like its proportions
 * are; a side that is one of an evenly spaced family of equally strong
 * parallel lines (the checks of a tablecloth, a cutting mat's grid) costs
 * the quad most of its score. Where the background's lines outvote the
 * card's, the largest bright region stands in, grown across a side into a
 * band of one colour unlike the background (a card white above, navy
 * below). The best quad is then refined at full resolution:
 * each side is re-fitted to the strongest colour step along its normal, with
 * outliers (rounded corners, shadows, fingers) rejected, and the corners are
 * the intersections of the refined sides.
 */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "img/card_int.h"
#include "meishi/limits.h"

/* Bin 0 is -45 degrees: lines at 0 and 90 are far from the wrap-around. */
#define THETA0 (-45)
#define N_THETA 180   /* one-degree bins */
#define VOTE_SPREAD 5 /* degrees either side of the gradient's angle */
#define EDGE_MIN 20   /* Sobel magnitude of a step of about 5-10 levels */
#define FAMILY_MAX 64 /* parallel lines looked at for a periodic pattern */

typedef struct edges {
	int w, h;
	int16_t *gx, *gy;
	uint8_t *on; /* 1 where a thinned edge is */
} edges;

/* A line c*x + s*y = rho, with (c, s) its unit normal. */
typedef struct hline {
	float c, s, rho;
	int theta, votes;
	float pos;   /* where it crosses the image's middle row or column */
	int border;  /* 1 for an edge of the photo (a card cut off) */
	int texture; /* 1 for one of an evenly spaced family of parallel
	              * lines as strong as it (a checked cloth) */
	float t0;    /* the along-line coordinate of prof[0] */
	int np;      /* prof has np + 1 entries */
	float *prof; /* prefix sums of edge hits along the line */
} hline;

static void edges_free(edges *e)
{
	free(e->gx);
	free(e->gy);
	free(e->on);
}

/* Colour Sobel gradient and non-maximum suppression. */
static int edges_build(const ms_image *im, edges *e)
{
	int w = im->w, h = im->h, x, y, c;
	size_t n = (size_t)w * h;
	uint16_t *mag;

	memset(e, 0, sizeof(*e));
	e->w = w, e->h = h;
	e->gx = calloc(n, sizeof(*e->gx));
	e->gy = calloc(n, sizeof(*e->gy));
	e->on = calloc(n, 1);
	mag = calloc(n, sizeof(*mag));
	if (!e->gx || !e->gy || !e->on || !mag) {
		free(mag);
		edges_free(e);
		return -1;
	}
	for (y = 1; y < h - 1; y++) {
		const uint8_t *r0 = im->px + (size_t)(y - 1) * im->stride;
		const uint8_t *r1 = r0 + im->stride, *r2 = r1 + im->stride;
		for (x = 1; x < w - 1; x++) {
			int best = -1, bx = 0, by = 0;
			for (c = 0; c < 3; c++) {
				int a = (x - 1) * 3 + c, b = x * 3 + c,
				    d = (x + 1) * 3 + c;
				int gx = (r0[d] + 2 * r1[d] + r2[d]) -
				         (r0[a] + 2 * r1[a] + r2[a]);
				int gy = (r2[a] + 2 * r2[b] + r2[d]) -
				         (r0[a] + 2 * r0[b] + r0[d]);
				int m = gx * gx + gy * gy;
				if (m > best)
					best = m, bx = gx, by = gy;
			}
			e->gx[(size_t)y * w + x] = (int16_t)bx;
			e->gy[(size_t)y * w + x] = (int16_t)by;
			mag[(size_t)y * w + x] = (uint16_t)sqrt((double)best);
		}
	}
	for (y = 2; y < h - 2; y++) {
		for (x = 2; x < w - 2; x++) {
			size_t i = (size_t)y * w + x;
			int gx = e->gx[i], gy = e->gy[i], m = mag[i];
			int ax = abs(gx), ay = abs(gy);
			ptrdiff_t o;

			if (m < EDGE_MIN)
				continue;
			if (ax * 5 > ay * 12)
				o = 1;
			else if (ay * 5 > ax * 12)
				o = w;
			else if ((gx > 0) == (gy > 0))
				o = w + 1;
			else
				o = w - 1;
			if (m >= mag[i - o] && m > mag[i + o])
				e->on[i] = 1;
		}
	}
	free(mag);
	return 0;
}

static int float_cmp(const void *a, const void *b)
{
	float p = *(const float *)a, q = *(const float *)b;
	return (p > q) - (p < q);
}

/* How many of the n sorted positions r have another one period p away. */
static int count_paired(const float *r, int n, float p)
{
	float tol = fmaxf(2, 0.06f * p);
	int i, lo = 0, hi = 0, paired = 0;

	for (i = 0; i < n; i++) {
		while (lo < n && r[lo] < r[i] - p - tol)
			lo++;
		while (hi < n && r[hi] < r[i] + p - tol)
			hi++;
		if ((lo < n && r[lo] <= r[i] - p + tol) ||
		    (hi < n && r[hi] <= r[i] + p + tol))
			paired++;
	}
	return paired;
}

/* Whether the n positions r (sorted on return) repeat with one period, as
 * the stripes of a cloth do: with two edges per stripe, the period is one
 * of the spans across two gaps, and it is the one that gives most
 * positions a partner one period away. The card hides some stripes, so
 * six in ten suffice; the stripes of a card's own design are not so
 * regular. */
static int periodic(float *r, int n)
{
	int i, best = 0;

	if (n < 5)
		return 0;
	qsort(r, (size_t)n, sizeof(*r), float_cmp);
	for (i = 0; i + 2 < n; i++) {
		float p = r[i + 2] - r[i];
		int k;
		if (p < 8)
			continue;
		k = count_paired(r, n, p);
		if (k > best)
			best = k;
	}
	return 10 * best >= 6 * n;
}

static int line_cmp_votes(const void *a, const void *b)
{
	const hline *p = a, *q = b;
	return q->votes - p->votes;
}

static int line_cmp_pos(const void *a, const void *b)
{
	const hline *p = a, *q = b;
	return (p->pos > q->pos) - (p->pos < q->pos);
}

/* Keeps the strongest lines of a direction group: peaks of the
 * accumulator, far enough from each other, at most MS_CARD_MAX_LINES. */
static int pick_lines(const int *acc, int nrho, int d, int t0, int t1, int minv,
                      const float *cs, const float *sn, int w, int h, int horiz,
                      hline *out)
{
	hline cand[512];
	float fam[FAMILY_MAX];
	int nc = 0, n = 0, nf, t, r, i, j;

	for (t = t0; t <= t1; t++) {
		for (r = 1; r < nrho - 1; r++) {
			int v = acc[t * nrho + r], peak = 1, dt, dr;
			if (v < minv)
				continue;
			for (dt = -2; dt <= 2 && peak; dt++) {
				int tt = t + dt;
				if (tt < 0 || tt >= N_THETA)
					continue;
				for (dr = -3; dr <= 3; dr++) {
					int rr = r + dr, u;
					if (rr < 0 || rr >= nrho ||
					    (dt == 0 && dr == 0))
						continue;
					u = acc[tt * nrho + rr];
					if (u > v ||
					    (u == v &&
					     (dt < 0 || (dt == 0 && dr < 0)))) {
						peak = 0;
						break;
					}
				}
			}
			if (!peak)
				continue;
			if (nc == (int)(sizeof(cand) / sizeof(cand[0]))) {
				/* Replace the weakest if this one is better. */
				int wk = 0;
				for (i = 1; i < nc; i++)
					if (cand[i].votes < cand[wk].votes)
						wk = i;
				if (cand[wk].votes >= v)
					continue;
				nc--;
				cand[wk] = cand[nc];
			}
			memset(&cand[nc], 0, sizeof(cand[nc]));
			cand[nc].c = cs[t], cand[nc].s = sn[t];
			cand[nc].rho = (float)(r - d);
			cand[nc].theta = t;
			cand[nc].votes = v;
			nc++;
		}
	}
	qsort(cand, (size_t)nc, sizeof(cand[0]), line_cmp_votes);
	for (i = 0; i < nc && n < MS_CARD_MAX_LINES; i++) {
		int dup = 0, same = 0;
		for (j = 0; j < n && !dup; j++) {
			if (abs(out[j].theta - cand[i].theta) > 2)
				continue;
			if (fabsf(out[j].rho - cand[i].rho) <= 6)
				dup = 1;
			same++;
		}
		/* A pattern of parallel lines (ruled paper, newsprint, wood
		 * grain) must not crowd out the card's own sides. */
		if (dup || same >= MS_CARD_MAX_LINES / 3)
			continue;
		out[n] = cand[i];
		/* One of many parallel lines of about the same strength: the
		 * checks of a cloth, the rules of a page. */
		fam[0] = cand[i].rho;
		for (j = 0, nf = 1; j < nc; j++) {
			if (j != i && cand[j].theta == cand[i].theta &&
			    fabsf(cand[j].rho - cand[i].rho) > 6 &&
			    5 * cand[j].votes >= 3 * cand[i].votes &&
			    3 * cand[j].votes <= 5 * cand[i].votes &&
			    nf < FAMILY_MAX)
				fam[nf++] = cand[j].rho;
		}
		/* ... evenly spaced over most of the photo, unlike the rows of
		 * text or the stripes of the card's own design. */
		out[n].texture = periodic(fam, nf) && /* sorts fam */
		                 fam[nf - 1] - fam[0] >= 0.6f * (horiz ? h : w);
		if (horiz) /* y at the middle column */
			out[n].pos =
			    (out[n].rho - out[n].c * w * 0.5f) / out[n].s;
		else
			out[n].pos =
			    (out[n].rho - out[n].s * h * 0.5f) / out[n].c;
		n++;
	}
	qsort(out, (size_t)n, sizeof(out[0]), line_cmp_pos);
	return n;
}

static int intersect(const hline *a, const hline *b, float *x, float *y)
{
	float det = a->c * b->s - a->s * b->c;
	if (fabsf(det) < 1e-4f)
		return -1;
	*x = (a->rho * b->s - a->s * b->rho) / det;
	*y = (a->c * b->rho - a->rho * b->c) / det;
	return 0;
}

/* Along-line coordinate of a point: its projection on the direction
 * (-s, c). */
static float along(const hline *l, float x, float y)
{
	return -l->s * x + l->c * y;
}

/* Fills l->prof: prefix sums, one step per pixel along the line across the
 * image, of the points that lie on an edge pixel (or one either side)
 * whose gradient crosses the line. An edge of the photo counts half. */
static int line_profile(const edges *e, hline *l)
{
	float dx = -l->s, dy = l->c, px = l->c * l->rho, py = l->s * l->rho;
	float lo = -1e9f, hi = 1e9f, acc = 0;
	int i, ox, oy;

	/* Clip the parameter range of p + t d to the image. */
	if (fabsf(dx) > 1e-6f) {
		float a = (0 - px) / dx, b = (e->w - px) / dx;
		lo = fmaxf(lo, fminf(a, b)), hi = fminf(hi, fmaxf(a, b));
	}
	if (fabsf(dy) > 1e-6f) {
		float a = (0 - py) / dy, b = (e->h - py) / dy;
		lo = fmaxf(lo, fminf(a, b)), hi = fminf(hi, fmaxf(a, b));
	}
	if (hi - lo < 2) {
		lo = 0, hi = 1;
	}
	l->t0 = lo;
	l->np = (int)(hi - lo);
	l->prof = malloc(((size_t)l->np + 1) * sizeof(*l->prof));
	if (!l->prof)
		return -1;
	if (fabsf(l->c) > fabsf(l->s))
		ox = 1, oy = 0;
	else
		ox = 0, oy = 1;
	l->prof[0] = 0;
	for (i = 0; i < l->np; i++) {
		float t = lo + i + 0.5f;
		int x = (int)floorf(px + dx * t), y = (int)floorf(py + dy * t);
		int k;
		float hit = 0;
		if (l->border) {
			hit = 0.5f;
		} else {
			for (k = -1; k <= 1 && !hit; k++) {
				int xx = x + k * ox, yy = y + k * oy;
				size_t j;
				float gx, gy;
				if (xx < 0 || yy < 0 || xx >= e->w ||
				    yy >= e->h)
					continue;
				j = (size_t)yy * e->w + xx;
				if (!e->on[j])
					continue;
				gx = e->gx[j], gy = e->gy[j];
				if (fabsf(gx * l->c + gy * l->s) >=
				    0.92f * sqrtf(gx * gx + gy * gy))
					hit = 1;
			}
		}
		acc += hit;
		l->prof[i + 1] = acc;
	}
	return 0;
}

/* Fraction of the side of line l between two points on it, the ends left
 * out (rounded corners), that runs along edges. */
static float side_support(const hline *l, float x0, float y0, float x1,
                          float y1)
{
	float a = along(l, x0, y0) - l->t0, b = along(l, x1, y1) - l->t0;
	float len, lo, hi;
	int i0, i1;

	if (a > b) {
		float t = a;
		a = b, b = t;
	}
	len = b - a;
	if (len < 4)
		return 0;
	lo = a + 0.06f * len, hi = b - 0.06f * len;
	i0 = (int)lrintf(lo), i1 = (int)lrintf(hi);
	if (i0 < 0)
		i0 = 0;
	if (i1 > l->np)
		i1 = l->np;
	if (i1 <= i0)
		return 0;
	return (l->prof[i1] - l->prof[i0]) / (hi - lo);
}

static float dist(float ax, float ay, float bx, float by)
{
	return sqrtf((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
}

/* Scores one candidate quad (corners TL, TR, BR, BL); 0 rejects it. */
static float quad_score(const edges *e, const hline *const *sl, const float *x,
                        const float *y, float *cover)
{
	float len[4], sup[4], tot = 0, cov = 0, mins = 1, area = 0;
	float lw, lh, ratio, a, pen = 1, bpen = 1;
	int i;

	for (i = 0; i < 4; i++) {
		int j = (i + 1) % 4;
		float cr;
		int k = (i + 2) % 4;
		if (x[i] < -0.02f * e->w || x[i] > 1.02f * e->w ||
		    y[i] < -0.02f * e->h || y[i] > 1.02f * e->h)
			return 0;
		/* Convex, corners in clockwise order (y down). */
		cr = (x[j] - x[i]) * (y[k] - y[j]) -
		     (y[j] - y[i]) * (x[k] - x[j]);
		if (cr <= 0)
			return 0;
		area += x[i] * y[j] - x[j] * y[i];
		len[i] = dist(x[i], y[i], x[j], y[j]);
	}
	a = 0.5f * fabsf(area) / ((float)e->w * e->h);
	if (a < 0.05f)
		return 0;
	lw = 0.5f * (len[0] + len[2]), lh = 0.5f * (len[1] + len[3]);
	ratio = lw > lh ? lw / lh : lh / lw;
	if (ratio > 3.0f)
		return 0;
	if (ratio < 1.25f || ratio > 2.3f)
		pen = 0.6f;
	/* Opposite sides of similar length: perspective is mild. */
	if (len[0] > 1.5f * len[2] || len[2] > 1.5f * len[0] ||
	    len[1] > 1.5f * len[3] || len[3] > 1.5f * len[1])
		pen *= 0.5f;
	/* The photo's edges are no evidence of a card: they only let the
	 * real sides of a card that runs out of the frame be scored, at a
	 * price. */
	for (i = 0; i < 4; i++) {
		int j = (i + 1) % 4;
		if (sl[i]->border) {
			bpen *= 0.8f;
			continue;
		}
		if (sl[i]->texture)
			pen *= 0.35f;
		sup[i] = side_support(sl[i], x[i], y[i], x[j], y[j]);
		if (sup[i] < 0.2f)
			return 0;
		cov += sup[i] * len[i];
		tot += len[i];
		if (sup[i] < mins)
			mins = sup[i];
	}
	cov /= tot;
	*cover = cov * (0.6f + 0.4f * mins) * bpen;
	return *cover * sqrtf(a) * pen;
}

/* Bilinear colour sample, clamped to the photo. */
static void sample_rgb(const ms_image *im, float x, float y, float *rgb)
{
	int x0, y0, x1, y1, c;
	float ax, ay;
	const uint8_t *p00, *p01, *p10, *p11;

	x -= 0.5f, y -= 0.5f;
	if (x < 0)
		x = 0;
	if (y < 0)
		y = 0;
	if (x > im->w - 1)
		x = (float)(im->w - 1);
	if (y > im->h - 1)
		y = (float)(im->h - 1);
	x0 = (int)x, y0 = (int)y;
	x1 = x0 + 1 < im->w ? x0 + 1 : x0;
	y1 = y0 + 1 < im->h ? y0 + 1 : y0;
	ax = x - x0, ay = y - y0;
	p00 = im->px + (size_t)y0 * im->stride + (size_t)x0 * 3;
	p01 = im->px + (size_t)y0 * im->stride + (size_t)x1 * 3;
	p10 = im->px + (size_t)y1 * im->stride + (size_t)x0 * 3;
	p11 = im->px + (size_t)y1 * im->stride + (size_t)x1 * 3;
	for (c = 0; c < 3; c++)
		rgb[c] = (1 - ay) * ((1 - ax) * p00[c] + ax * p01[c]) +
		         ay * ((1 - ax) * p10[c] + ax * p11[c]);
}

#define REFINE_PTS 64
#define REFINE_MAXR 16

/* Re-fits the side from P to Q (full-size pixels) to the strongest colour
 * step within r pixels of it. Returns 0 and the line on success. */
static int refine_side(const ms_image *im, float px, float py, float qx,
                       float qy, float r, hline *out)
{
	float xs[REFINE_PTS], ys[REFINE_PTS];
	float dx = qx - px, dy = qy - py, len = dist(px, py, qx, qy);
	float nx, ny, prof[2 * REFINE_MAXR + 3][3];
	int n = 0, i, k, ri, round;
	int keep[REFINE_PTS];

	if (len < 8)
		return -1;
	ri = (int)ceilf(r);
	if (ri > REFINE_MAXR)
		ri = REFINE_MAXR;
	nx = -dy / len, ny = dx / len;
	for (i = 0; i < REFINE_PTS; i++) {
		float t = 0.1f + 0.8f * (float)i / (REFINE_PTS - 1);
		float cx = px + dx * t, cy = py + dy * t, best = 0, bd = 0;
		float m[2 * REFINE_MAXR + 3];
		for (k = -ri - 1; k <= ri + 1; k++)
			sample_rgb(im, cx + nx * k, cy + ny * k,
			           prof[k + ri + 1]);
		for (k = -ri; k <= ri; k++) {
			const float *a = prof[k + ri], *b = prof[k + ri + 2];
			float s = 0;
			int c;
			for (c = 0; c < 3; c++)
				s += (b[c] - a[c]) * (b[c] - a[c]);
			m[k + ri] = s;
			if (s > best)
				best = s, bd = (float)k;
		}
		if (best < 12.0f * 12.0f)
			continue;
		k = (int)bd;
		if (k > -ri && k < ri) {
			/* Parabolic sub-pixel peak. */
			float a = sqrtf(m[k + ri - 1]), b = sqrtf(m[k + ri]),
			      c = sqrtf(m[k + ri + 1]);
			float den = a - 2 * b + c;
			if (den < 0)
				bd += 0.5f * (a - c) / den;
		}
		xs[n] = cx + nx * bd, ys[n] = cy + ny * bd;
		keep[n] = 1;
		n++;
	}
	if (n < REFINE_PTS / 3)
		return -1;
	/* Total least squares with two rounds of outlier rejection. */
	for (round = 0; round < 3; round++) {
		double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0, cnt = 0;
		double th, c, s, rho, lim = round == 0 ? 3.0 : 1.5;
		for (i = 0; i < n; i++) {
			if (!keep[i])
				continue;
			mx += xs[i], my += ys[i], cnt++;
		}
		if (cnt < REFINE_PTS / 4)
			return -1;
		mx /= cnt, my /= cnt;
		for (i = 0; i < n; i++) {
			double ax = xs[i] - mx, ay = ys[i] - my;
			if (!keep[i])
				continue;
			sxx += ax * ax, syy += ay * ay, sxy += ax * ay;
		}
		/* Normal of the best line: the direction of least spread. */
		th = 0.5 * atan2(2 * sxy, sxx - syy) + M_PI / 2;
		c = cos(th), s = sin(th);
		rho = c * mx + s * my;
		out->c = (float)c, out->s = (float)s, out->rho = (float)rho;
		if (round == 2)
			break;
		for (i = 0; i < n; i++)
			keep[i] = fabs(c * xs[i] + s * ys[i] - rho) <= lim;
	}
	return 0;
}

/* One pass of a (2r+1)-wide minimum (grow 0) or maximum (grow 1) of the
 * 0/1 mask m along its rows (along_rows 1) or its columns, into out. */
static void mask_pass(const uint8_t *m, uint8_t *out, int w, int h, int r,
		      int along_rows, int grow)
{
	int x, y, k;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			int v = grow ? 0 : 1;
			for (k = -r; k <= r && v == (grow ? 0 : 1); k++) {
				int xx = along_rows ? x + k : x;
				int yy = along_rows ? y : y + k;
				int b = xx >= 0 && xx < w && yy >= 0 && yy < h
						? m[yy * w + xx]
						: 0;
				v = b;
			}
			out[y * w + x] = (uint8_t)v;
		}
}

/* Erodes (grow 0) or dilates (grow 1) the 0/1 mask m in place by a
 * (2r+1)-wide square. tmp is as large as m. */
static void mask_morph(uint8_t *m, uint8_t *tmp, int w, int h, int r,
		       int grow)
{
	mask_pass(m, tmp, w, h, r, 1, grow);
	mask_pass(tmp, m, w, h, r, 0, grow);
}

/* Opens the 0/1 mask m (erodes, then dilates, by r): lines thinner than
 * 2r+1 pixels go (a cutting mat's light grid, which joins the card to
 * the whole mat), the card stays. tmp is as large as m. */
static void mask_open(uint8_t *m, uint8_t *tmp, int w, int h, int r)
{
	mask_morph(m, tmp, w, h, r, 0);
	mask_morph(m, tmp, w, h, r, 1);
}

/* What a flood fill over a w x h grid takes: take(p) marks pixel p and
 * returns 1 if it joins, else 0. */
struct flood {
	int w, h;
	int *stack; /* room for w * h */
	int (*take)(int p, void *arg);
	void *arg;
};

/* Floods 4-connected from the sp pixels on f->stack, already taken;
 * returns how many pixels joined, those included. */
static long flood4(const struct flood *f, int sp)
{
	long cnt = 0;

	while (sp) {
		int p = f->stack[--sp], x = p % f->w, y = p / f->w, k;
		int nb[4] = {x > 0 ? p - 1 : -1, x + 1 < f->w ? p + 1 : -1,
			     y > 0 ? p - f->w : -1,
			     y + 1 < f->h ? p + f->w : -1};
		cnt++;
		for (k = 0; k < 4; k++)
			if (nb[k] >= 0 && f->take(nb[k], f->arg))
				f->stack[sp++] = nb[k];
	}
	return cnt;
}

/* The bright region being labelled, or flooded around. */
struct region {
	uint8_t *mask;
	int *lab, nl;
};

/* Labels p with r->nl if it is bright and not labelled yet. */
static int take_bright(int p, void *arg)
{
	struct region *r = arg;

	if (!r->mask[p] || r->lab[p] >= 0)
		return 0;
	r->lab[p] = r->nl;
	return 1;
}

/* Marks p (mask 2) if it lies outside region r->nl and is not marked. */
static int take_outside(int p, void *arg)
{
	struct region *r = arg;

	if (r->lab[p] == r->nl || r->mask[p] == 2)
		return 0;
	r->mask[p] = 2;
	return 1;
}

#define BAND_PTS 24 /* samples across a side */

/* The colours of the row k pixels out from the side (ax, ay)-(bx, by) of
 * a quad with clockwise corners, into s. Returns 0 if the row leaves the
 * photo. */
static int band_row(const ms_image *im, float ax, float ay, float bx,
                    float by, int k, float (*s)[3])
{
	float len = dist(ax, ay, bx, by), nx, ny;
	int i;

	if (len < 8)
		return 0;
	nx = (by - ay) / len, ny = -(bx - ax) / len; /* outward */
	for (i = 0; i < BAND_PTS; i++) {
		float t = 0.15f + 0.7f * i / (BAND_PTS - 1);
		float x = ax + t * (bx - ax) + k * nx;
		float y = ay + t * (by - ay) + k * ny;
		if (x < 0 || y < 0 || x >= im->w || y >= im->h)
			return 0;
		sample_rgb(im, x, y, s[i]);
	}
	return 1;
}

/* Each channel's median of the n colours s (n <= 4 * BAND_PTS), into
 * out. */
static void median_rgb(float (*s)[3], int n, float *out)
{
	float v[4 * BAND_PTS];
	int i, c;

	if (n > 4 * BAND_PTS)
		n = 4 * BAND_PTS;
	for (c = 0; c < 3; c++) {
		for (i = 0; i < n; i++)
			v[i] = s[i][c];
		qsort(v, (size_t)n, sizeof(v[0]), float_cmp);
		out[c] = v[n / 2];
	}
}

static float rgb_dist(const float *a, const float *b)
{
	return sqrtf((a[0] - b[0]) * (a[0] - b[0]) +
	             (a[1] - b[1]) * (a[1] - b[1]) +
	             (a[2] - b[2]) * (a[2] - b[2]));
}

/* The commonest colour of the n colours s, into out: the mean of those
 * near the colour with the most others near it (a median of each channel
 * would mix a green mat and a pink band into grey). */
static void mode_rgb(float (*s)[3], int n, float *out)
{
	int i, j, best = 0, bn = -1, c, m = 0;

	for (i = 0; i < n; i++) {
		int cnt = 0;
		for (j = 0; j < n; j++)
			cnt += rgb_dist(s[i], s[j]) < 30;
		if (cnt > bn)
			bn = cnt, best = i;
	}
	out[0] = out[1] = out[2] = 0;
	for (j = 0; j < n; j++) {
		if (rgb_dist(s[best], s[j]) >= 30)
			continue;
		for (c = 0; c < 3; c++)
			out[c] += s[j][c];
		m++;
	}
	for (c = 0; c < 3; c++)
		out[c] /= (float)m;
}

/* 1 if colour c is the background bg lit up or shaded (c - bg points
 * within about 25 degrees of white - bg or of -bg): the halo of a glare
 * or a shadow, not a printed band. */
static int faded(const float *c, const float *bg)
{
	float d[3], nd = 0, dot_w = 0, nw = 0, dot_b = 0, nb = 0;
	int i;

	for (i = 0; i < 3; i++) {
		d[i] = c[i] - bg[i];
		nd += d[i] * d[i];
		dot_w += d[i] * (255 - bg[i]);
		nw += (255 - bg[i]) * (255 - bg[i]);
		dot_b -= d[i] * bg[i];
		nb += bg[i] * bg[i];
	}
	nd = sqrtf(nd);
	return (nw > 0 && dot_w > 0.9f * nd * sqrtf(nw)) ||
	       (nb > 0 && dot_b > 0.9f * nd * sqrtf(nb));
}

/* How far past side i of a bright region a band of one colour unlike
 * the background runs (a card printed white above and navy or pink
 * below lies on a green mat: the bright region is only its white part).
 * bg is the colour just outside the quad, most of which is background.
 * Rows parallel to the side, k pixels out, are sampled; the band's colour
 * is that of the first. The band ends where two rows running are mostly
 * closer to the background's colour than to the band's; every row before
 * must be a quarter the band's at least (its text is not) and the band's
 * colour as a whole. Returns the band's depth in pixels, 0 for none. */
static int band_depth(const ms_image *im, const float *bg, float ax, float ay,
                      float bx, float by, int kmax)
{
	float s[BAND_PTS][3], fst[3 * BAND_PTS][3], band[3];
	int k, i, seen = 0, bgrun = 0;
	double fsum = 0;

	/* the band's colour three to five pixels out, past the blur of
	 * its edge with the bright region */
	for (k = 0; k < 3; k++)
		if (!band_row(im, ax, ay, bx, by, 3 + k, fst + k * BAND_PTS))
			return 0;
	median_rgb(fst, 3 * BAND_PTS, band);
	if (rgb_dist(band, bg) < 35 || faded(band, bg))
		return 0;
	for (k = 2; k <= kmax; k++) {
		int nb = 0, ng = 0;
		if (!band_row(im, ax, ay, bx, by, k, s))
			return 0; /* the band runs out of the photo */
		for (i = 0; i < BAND_PTS; i++) {
			float db = rgb_dist(s[i], band), dg = rgb_dist(s[i], bg);
			nb += db < dg;
			ng += dg <= db;
		}
		if (ng >= BAND_PTS * 6 / 10) {
			if (++bgrun == 2)
				break;
			continue;
		}
		bgrun = 0;
		if (nb < BAND_PTS / 4)
			return 0; /* neither band nor background */
		fsum += (double)nb / BAND_PTS;
		seen++;
	}
	if (k > kmax || seen == 0 || fsum / seen < 0.6)
		return 0;
	return k - 2;
}

/* Grows the bright quad (TL, TR, BR, BL) across each side into a band
 * of another colour (band_depth) when the band is at least a tenth as
 * deep as the quad and the grown quad is shaped like a card: each of the
 * two corners moves along its other side. */
static void grow_bands(const ms_image *im, float *qx, float *qy)
{
	float bg[3], gx[4], gy[4], d[4], len[4], lw, lh, ratio;
	float s[4 * BAND_PTS][3];
	int i, n = 0;

	for (i = 0; i < 4; i++) {
		int j = (i + 1) % 4;
		len[i] = dist(qx[i], qy[i], qx[j], qy[j]);
		n += band_row(im, qx[i], qy[i], qx[j], qy[j], 2,
		              s + n) ? BAND_PTS : 0;
	}
	if (n < 2 * BAND_PTS)
		return;
	mode_rgb(s, n, bg);
	for (i = 0; i < 4; i++) {
		/* the quad's depth across side i: the mean of its
		 * neighbours' lengths */
		float depth = 0.5f * (len[(i + 1) % 4] + len[(i + 3) % 4]);
		int j = (i + 1) % 4;
		d[i] = (float)band_depth(im, bg, qx[i], qy[i], qx[j], qy[j],
		                         (int)(1.5f * depth));
		if (d[i] < 0.1f * depth)
			d[i] = 0;
	}
	memcpy(gx, qx, sizeof(gx));
	memcpy(gy, qy, sizeof(gy));
	for (i = 0; i < 4; i++) {
		int j = (i + 1) % 4, pv = (i + 3) % 4, nx2 = (j + 1) % 4;
		float sx = qx[j] - qx[i], sy = qy[j] - qy[i], ox, oy, e;
		if (d[i] <= 0 || len[i] < 1 || len[pv] < 1 || len[j] < 1)
			continue;
		ox = sy / len[i], oy = -sx / len[i]; /* outward */
		/* corner i along side pv, past it; corner j along side j,
		 * backwards past it */
		e = ((qx[i] - qx[pv]) * ox + (qy[i] - qy[pv]) * oy) / len[pv];
		if (e > 0.5f) {
			gx[i] += d[i] / e * (qx[i] - qx[pv]) / len[pv];
			gy[i] += d[i] / e * (qy[i] - qy[pv]) / len[pv];
		}
		e = ((qx[j] - qx[nx2]) * ox + (qy[j] - qy[nx2]) * oy) / len[j];
		if (e > 0.5f) {
			gx[j] += d[i] / e * (qx[j] - qx[nx2]) / len[j];
			gy[j] += d[i] / e * (qy[j] - qy[nx2]) / len[j];
		}
	}
	for (i = 0; i < 4; i++)
		len[i] = dist(gx[i], gy[i], gx[(i + 1) % 4], gy[(i + 1) % 4]);
	lw = 0.5f * (len[0] + len[2]), lh = 0.5f * (len[1] + len[3]);
	if (lw < 1 || lh < 1)
		return;
	ratio = lw > lh ? lw / lh : lh / lw;
	if (getenv("MEISHI_CARD_TRACE"))
		fprintf(stderr, "bands %.0f %.0f %.0f %.0f, grown ratio %.2f\n",
		        (double)d[0], (double)d[1], (double)d[2],
		        (double)d[3], (double)ratio);
	if (d[0] + d[1] + d[2] + d[3] <= 0 || ratio < 1.25f || ratio > 2.3f)
		return;
	memcpy(qx, gx, sizeof(gx));
	memcpy(qy, gy, sizeof(gy));
}

/* A second source of candidates, for backgrounds whose own lines outvote
 * the card's (a cutting mat's grid, a tiled table): the card as the
 * largest bright region of the small photo (Otsu's threshold on
 * luminance), with its corners at the extremes of x + y and x - y. The
 * region must fill the quad those corners make, as a card does; the quad
 * then grows over a band of the card printed in colour (grow_bands).
 * Returns 1 and the corners (TL, TR, BR, BL) when there is such a
 * region. */
static int bright_quad(const ms_image *im, float *qx, float *qy)
{
	int w = im->w, h = im->h, n = w * h, i, thr = 128, best = -1;
	uint8_t *lum = malloc((size_t)n), *mask = malloc((size_t)n);
	int *lab = malloc((size_t)n * sizeof(int));
	int *stack = malloc((size_t)n * sizeof(int));
	long hist[256] = {0}, bestn = 0, sum = 0, sb = 0, wb = 0;
	double between, top = -1, area;
	int ext[4], ok = 0, nl = 0, seed = 0;

	struct region reg = {mask, lab, 0};
	struct flood fl = {w, h, stack, take_bright, &reg};

	if (!lum || !mask || !lab || !stack)
		goto out;
	for (i = 0; i < n; i++) {
		const uint8_t *p = im->px + (size_t)(i / w) * im->stride +
				   (size_t)(i % w) * 3;
		lum[i] = (uint8_t)((p[0] * 299 + p[1] * 587 + p[2] * 114) /
				   1000);
		hist[lum[i]]++;
		sum += lum[i];
		lab[i] = -1;
	}
	for (i = 0; i < 256; i++) {
		double mb, mf;
		wb += hist[i];
		if (wb == 0 || wb == n)
			continue;
		sb += (long)i * hist[i];
		mb = (double)sb / wb;
		mf = (double)(sum - sb) / (n - wb);
		between = (double)wb * (n - wb) * (mb - mf) * (mb - mf);
		if (between > top)
			top = between, thr = i;
	}
	/* Label the bright regions, keeping the largest, once thin bright
	 * lines are gone. */
	for (i = 0; i < n; i++)
		mask[i] = lum[i] > thr;
	mask_open(mask, (uint8_t *)stack, w, h, 2);
	for (i = 0; i < n; i++) {
		long cnt;

		reg.nl = nl;
		if (!take_bright(i, &reg))
			continue;
		stack[0] = i;
		cnt = flood4(&fl, 1);
		if (cnt > bestn)
			bestn = cnt, best = nl, seed = i;
		nl++;
	}
	if (best < 0 || bestn < n * 0.04 || bestn > n * 0.92)
		goto out;
	/* The region's corners, which the opening rounded off, from the
	 * bright pixels near it; its first pixel in raster order starts all
	 * four. */
	for (i = 0; i < n; i++)
		mask[i] = lab[i] == best;
	mask_morph(mask, (uint8_t *)stack, w, h, 2, 1);
	for (i = 0; i < n; i++)
		mask[i] = mask[i] && lum[i] > thr;
	for (seed = 0; seed < n && !mask[seed]; seed++)
		;
	ext[0] = ext[1] = ext[2] = ext[3] = seed;
	for (i = seed; i < n; i++) {
		int x = i % w, y = i / w;
		if (!mask[i])
			continue;
		if (x + y < ext[0] % w + ext[0] / w)
			ext[0] = i; /* TL */
		if (x - y > ext[1] % w - ext[1] / w)
			ext[1] = i; /* TR */
		if (x + y > ext[2] % w + ext[2] / w)
			ext[2] = i; /* BR */
		if (x - y < ext[3] % w - ext[3] / w)
			ext[3] = i; /* BL */
	}
	area = 0;
	for (i = 0; i < 4; i++)
		qx[i] = ext[i] % w + 0.5f, qy[i] = ext[i] / w + 0.5f;
	for (i = 0; i < 4; i++) {
		int j = (i + 1) % 4;
		area += (double)qx[i] * qy[j] - (double)qx[j] * qy[i];
	}
	area = area / 2;
	/* The region with its holes (the print, widened by the opening)
	 * filled: all that the outside, flooded from the photo's border
	 * around the region, does not reach. */
	{
		int sp = 0;

		fl.take = take_outside;
		reg.nl = best;
		for (i = 0; i < n; i++) {
			int x = i % w, y = i / w;
			if ((x == 0 || y == 0 || x == w - 1 || y == h - 1) &&
			    take_outside(i, &reg))
				stack[sp++] = i;
		}
		bestn = n - flood4(&fl, sp);
	}
	ok = area > 0 && bestn >= 0.88 * area && bestn <= 1.08 * area;
	if (ok)
		grow_bands(im, qx, qy);
out:
	free(lum);
	free(mask);
	free(lab);
	free(stack);
	return ok;
}

/* How many sides of quad (ax, ay) lie clearly outside quad (qx, qy):
 * every corner of q at least 4 % of the photo's short side inside. */
static int beyond(const float *ax, const float *ay, const float *qx,
		  const float *qy, int w, int h)
{
	float m = 0.04f * (w < h ? w : h);
	int i, k, n = 0;

	for (i = 0; i < 4; i++) {
		int j = (i + 1) % 4, all = 1;
		float len = dist(ax[i], ay[i], ax[j], ay[j]);
		if (len < 1)
			return 0;
		for (k = 0; k < 4; k++) {
			/* Positive inside for clockwise corners (y down). */
			float d = ((ax[j] - ax[i]) * (qy[k] - ay[i]) -
				   (ay[j] - ay[i]) * (qx[k] - ax[i])) /
				  len;
			if (d < m)
				all = 0;
		}
		n += all;
	}
	return n;
}

int ms_card_find_quad(const ms_image *photo, ms_quad *q, float *score)
{
	ms_image small = {0};
	edges e = {0};
	int *acc = NULL, ret = 0, d, nrho, x, y, t, i, j, k, l;
	int nh = 0, nv = 0, minv, sw, sh;
	float cs[N_THETA], sn[N_THETA], sc, best = 0, bestcov = 0;
	float bx[4] = {0}, by[4] = {0};
	hline hl[MS_CARD_MAX_LINES + 2], vl[MS_CARD_MAX_LINES + 2];
	int bborder[4] = {0}, bweak = 0;
	double s;

	*score = 0;
	if (photo->ch != 3 || photo->w < 16 || photo->h < 16)
		return 0;
	s = (double)MS_CARD_FIND_SIDE /
	    (photo->w > photo->h ? photo->w : photo->h);
	if (s > 1)
		s = 1;
	sw = (int)lround(photo->w * s), sh = (int)lround(photo->h * s);
	if (ms_img_resize(photo, sw, sh, &small))
		return -1;
	s = (double)sw / photo->w;
	if (edges_build(&small, &e)) {
		ret = -1;
		goto out;
	}
	d = (int)ceil(sqrt((double)sw * sw + (double)sh * sh)) + 2;
	nrho = 2 * d + 1;
	acc = calloc((size_t)N_THETA * nrho, sizeof(*acc));
	if (!acc) {
		ret = -1;
		goto out;
	}
	for (t = 0; t < N_THETA; t++) {
		double a = (t + THETA0) * M_PI / 180;
		cs[t] = (float)cos(a), sn[t] = (float)sin(a);
	}
	for (y = 0; y < sh; y++) {
		for (x = 0; x < sw; x++) {
			size_t p = (size_t)y * sw + x;
			double phi;
			int tc;
			if (!e.on[p])
				continue;
			phi = atan2(e.gy[p], e.gx[p]) * 180 / M_PI;
			if (phi < THETA0)
				phi += 180;
			if (phi >= THETA0 + 180)
				phi -= 180;
			tc = (int)lround(phi) - THETA0;
			for (t = tc - VOTE_SPREAD; t <= tc + VOTE_SPREAD; t++) {
				float rho;
				if (t < 0 || t >= N_THETA)
					continue;
				rho = (x + 0.5f) * cs[t] + (y + 0.5f) * sn[t];
				acc[t * nrho + (int)lrintf(rho) + d]++;
			}
		}
	}
	minv = (int)(0.10 * (sw < sh ? sw : sh));
	if (minv < 10)
		minv = 10;
	/* Near-vertical sides: normal within 35 degrees of the x axis. */
	nv = pick_lines(acc, nrho, d, -35 - THETA0, 35 - THETA0, minv, cs, sn,
	                sw, sh, 0, vl);
	nh = pick_lines(acc, nrho, d, 55 - THETA0, 125 - THETA0, minv, cs, sn,
	                sw, sh, 1, hl);
	/* The photo's own edges stand in for the sides of a card that runs
	 * out of the frame. */
	memset(&hl[nh], 0, 2 * sizeof(hl[0]));
	memset(&vl[nv], 0, 2 * sizeof(vl[0]));
	hl[nh].s = 1, hl[nh].pos = 0, hl[nh].border = 1;
	hl[nh + 1] = hl[nh];
	hl[nh + 1].rho = hl[nh + 1].pos = (float)sh;
	vl[nv].c = 1, vl[nv].pos = 0, vl[nv].border = 1;
	vl[nv + 1] = vl[nv];
	vl[nv + 1].rho = vl[nv + 1].pos = (float)sw;
	nh += 2, nv += 2;
	qsort(hl, (size_t)nh, sizeof(hl[0]), line_cmp_pos);
	qsort(vl, (size_t)nv, sizeof(vl[0]), line_cmp_pos);
	for (i = 0; i < nh; i++)
		if (line_profile(&e, &hl[i]))
			ret = -1;
	for (i = 0; i < nv; i++)
		if (line_profile(&e, &vl[i]))
			ret = -1;
	if (ret)
		goto out;
	for (i = 0; i < nh; i++) {
		for (j = i + 1; j < nh; j++) {
			if (hl[j].pos - hl[i].pos < 0.12f * sh)
				continue;
			for (k = 0; k < nv; k++) {
				for (l = k + 1; l < nv; l++) {
					float qx[4], qy[4], cov = 0;
					if (vl[l].pos - vl[k].pos < 0.12f * sw)
						continue;
					if (intersect(&hl[i], &vl[k], &qx[0],
					              &qy[0]) ||
					    intersect(&hl[i], &vl[l], &qx[1],
					              &qy[1]) ||
					    intersect(&hl[j], &vl[l], &qx[2],
					              &qy[2]) ||
					    intersect(&hl[j], &vl[k], &qx[3],
					              &qy[3]))
						continue;
					const hline *sl[4] = {&hl[i], &vl[l],
					                      &hl[j], &vl[k]};
					if (hl[i].border + hl[j].border +
					        vl[k].border + vl[l].border >
					    2)
						continue;
					sc = quad_score(&e, sl, qx, qy, &cov);
					if (sc > best) {
						best = sc, bestcov = cov;
						bborder[0] = hl[i].border;
						bborder[1] = vl[l].border;
						bborder[2] = hl[j].border;
						bborder[3] = vl[k].border;
						bweak = hl[i].border + hl[j].border +
							vl[k].border + vl[l].border +
							hl[i].texture + hl[j].texture +
							vl[k].texture + vl[l].texture;
						memcpy(bx, qx, sizeof(bx));
						memcpy(by, qy, sizeof(by));
					}
				}
			}
		}
	}
	{
		float qx[4], qy[4], cov = 0;
		hline side[4];
		memset(side, 0, sizeof(side));
		if (bright_quad(&small, qx, qy)) {
			const hline *sl[4] = {&side[0], &side[1], &side[2],
					      &side[3]};
			int bad = 0;
			for (i = 0; i < 4; i++) {
				int jn = (i + 1) % 4;
				float len = dist(qx[i], qy[i], qx[jn], qy[jn]);
				if (len < 1) {
					bad = 1;
					continue;
				}
				side[i].c = -(qy[jn] - qy[i]) / len;
				side[i].s = (qx[jn] - qx[i]) / len;
				side[i].rho = side[i].c * qx[i] +
					      side[i].s * qy[i];
				if (line_profile(&e, &side[i]))
					bad = 1;
			}
			sc = bad ? 0 : quad_score(&e, sl, qx, qy, &cov);
			if (getenv("MEISHI_CARD_TRACE"))
				fprintf(stderr,
					"bright quad %.3f vs %.3f (weak %d, "
					"beyond %d)\n",
					(double)sc, (double)best, bweak,
					beyond(bx, by, qx, qy, sw, sh));
			/* Against a quad that leans on the photo's edges or
			 * on a background pattern, or that reaches past the
			 * region on two sides or more (a card's coloured band
			 * along one side was grown into), a card-shaped
			 * bright region inside it is the card. */
			if (sc > best ||
			    ((bweak || beyond(bx, by, qx, qy, sw, sh) >= 2) &&
			     sc >= 0.6f * best)) {
				best = sc, bestcov = cov;
				memset(bborder, 0, sizeof(bborder));
				memcpy(bx, qx, sizeof(bx));
				memcpy(by, qy, sizeof(by));
			}
			for (i = 0; i < 4; i++)
				free(side[i].prof);
		}
	}
	if (best <= 0 || bestcov < 0.45f)
		goto out;
	/* Refine each side at full size; keep the coarse side where the
	 * refinement fails or wanders. */
	{
		hline side[4];
		float r = (float)(2.5 / s), fx[4], fy[4];
		for (i = 0; i < 4; i++) {
			int jn = (i + 1) % 4;
			float px = (float)(bx[i] / s), py = (float)(by[i] / s);
			float qx = (float)(bx[jn] / s),
			      qy = (float)(by[jn] / s);
			float len = dist(px, py, qx, qy);
			if (bborder[i] ||
			    refine_side(photo, px, py, qx, qy, r, &side[i]) ||
			    fabsf(side[i].c * px + side[i].s * py -
			          side[i].rho) > 1.5f * r ||
			    fabsf(side[i].c * qx + side[i].s * qy -
			          side[i].rho) > 1.5f * r) {
				side[i].c = -(qy - py) / len;
				side[i].s = (qx - px) / len;
				side[i].rho = side[i].c * px + side[i].s * py;
			}
		}
		for (i = 0; i < 4; i++) {
			int pv = (i + 3) % 4;
			if (intersect(&side[pv], &side[i], &fx[i], &fy[i]) ||
			    dist(fx[i], fy[i], (float)(bx[i] / s),
			         (float)(by[i] / s)) > 2.5f * r) {
				fx[i] = (float)(bx[i] / s);
				fy[i] = (float)(by[i] / s);
			}
			if (fx[i] < 0)
				fx[i] = 0;
			if (fy[i] < 0)
				fy[i] = 0;
			if (fx[i] > photo->w)
				fx[i] = (float)photo->w;
			if (fy[i] > photo->h)
				fy[i] = (float)photo->h;
			q->x[i] = fx[i], q->y[i] = fy[i];
		}
	}
	*score = bestcov > 1 ? 1 : bestcov;
	ret = 1;
out:
	for (i = 0; i < nh; i++)
		free(hl[i].prof);
	for (i = 0; i < nv; i++)
		free(vl[i].prof);
	free(acc);
	edges_free(&e);
	ms_image_free(&small);
	return ret;
}
