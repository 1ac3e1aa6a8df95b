/*
 * Unit tests for finding, flattening and cleaning a card (meishi/card.h).
 *
 * The photos are drawn here: a white card with dark text-like bars, turned
 * by 10 degrees and seen in mild perspective, laid on dark wood, on a light
 * grey table, on a busy printed pattern and on a checked tablecloth (whose
 * long straight stripes once won over the card's own sides). The card must be
 * found with every corner within 2 % of the photo's diagonal of the truth, and
 * the flat card must have the card's proportions. An image that is already just
 * the card passes through, a blank photo does not crash, and cleaning turns
 * light text on a dark band into dark text on a light one.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "meishi/card.h"
#include "meishi/limits.h"
#include "t.h"

#define CARD_W 910.0 /* the card in tenths of a millimetre: 91 x 55 mm */
#define CARD_H 550.0

typedef struct mat3 {
	double m[9];
} mat3;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A cheap deterministic noise in 0..1. */
static double hash01(unsigned x, unsigned y, unsigned seed)
{
	unsigned h = x * 374761393u + y * 668265263u + seed * 2246822519u;
	h = (h ^ (h >> 13)) * 1274126177u;
	return (double)((h ^ (h >> 16)) & 0xffff) / 65535.0;
}

/* The projective map taking the card rectangle (0..CARD_W, 0..CARD_H) to
 * the quad (x[i], y[i]), TL TR BR BL, as a 3x3 matrix. */
static mat3 card_to_quad(const double *x, const double *y)
{
	double sx = x[0] - x[1] + x[2] - x[3], sy = y[0] - y[1] + y[2] - y[3];
	double dx1 = x[1] - x[2], dx2 = x[3] - x[2];
	double dy1 = y[1] - y[2], dy2 = y[3] - y[2];
	double den = dx1 * dy2 - dx2 * dy1;
	double g = (sx * dy2 - dx2 * sy) / den, h = (dx1 * sy - sx * dy1) / den;
	mat3 r = {{(x[1] - x[0] + g * x[1]) / CARD_W,
	           (x[3] - x[0] + h * x[3]) / CARD_H, x[0],
	           (y[1] - y[0] + g * y[1]) / CARD_W,
	           (y[3] - y[0] + h * y[3]) / CARD_H, y[0], g / CARD_W,
	           h / CARD_H, 1}};
	return r;
}

static mat3 inverse(mat3 a)
{
	const double *m = a.m;
	double det = m[0] * (m[4] * m[8] - m[5] * m[7]) -
	             m[1] * (m[3] * m[8] - m[5] * m[6]) +
	             m[2] * (m[3] * m[7] - m[4] * m[6]);
	mat3 r = {{(m[4] * m[8] - m[5] * m[7]) / det,
	           (m[2] * m[7] - m[1] * m[8]) / det,
	           (m[1] * m[5] - m[2] * m[4]) / det,
	           (m[5] * m[6] - m[3] * m[8]) / det,
	           (m[0] * m[8] - m[2] * m[6]) / det,
	           (m[2] * m[3] - m[0] * m[5]) / det,
	           (m[3] * m[7] - m[4] * m[6]) / det,
	           (m[1] * m[6] - m[0] * m[7]) / det,
	           (m[0] * m[4] - m[1] * m[3]) / det}};
	return r;
}

/* Where the card's lower band of colour starts (card units), or 0 for a
 * card all white: a two-tone card, white above and navy below. */
static double card_band;

/* The card's own colour at card coordinates (u, v): white paper with
 * dark bars where lines of text would be (light ones on the band). */
static void card_px(double u, double v, uint8_t *rgb)
{
	static const double rows[][3] = {
	    /* top, height, right end */
	    {60, 40, 520},  {120, 18, 380}, {230, 16, 700}, {265, 16, 640},
	    {300, 16, 690}, {420, 16, 600}, {455, 16, 560},
	};
	size_t i;

	int band = card_band > 0 && v >= card_band;

	rgb[0] = 246, rgb[1] = 244, rgb[2] = 238;
	if (band)
		rgb[0] = 30, rgb[1] = 55, rgb[2] = 95;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		double t = rows[i][0], hgt = rows[i][1];
		/* Bars broken into "words" so they look like text. */
		if (v >= t && v < t + hgt && u >= 70 && u < rows[i][2] &&
		    fmod(u - 70, 90) < 78) {
			if (band)
				rgb[0] = rgb[1] = rgb[2] = 225;
			else
				rgb[0] = 30, rgb[1] = 30, rgb[2] = 40;
			return;
		}
	}
}

enum bg { BG_WOOD, BG_GREY, BG_BUSY, BG_CLOTH, BG_MAT };

static void bg_px(enum bg kind, int x, int y, uint8_t *rgb)
{
	double n = hash01((unsigned)x, (unsigned)y, 7);
	double g, v;

	switch (kind) {
	case BG_WOOD:
		/* Dark brown with wavy grain along x. */
		g = 0.5 + 0.5 * sin(y * 0.15 + 3 * sin(x * 0.01) +
		                    0.7 * sin(y * 0.031));
		v = 0.75 + 0.25 * g + 0.08 * (n - 0.5);
		rgb[0] = (uint8_t)(95 * v), rgb[1] = (uint8_t)(58 * v);
		rgb[2] = (uint8_t)(35 * v);
		break;
	case BG_GREY:
		/* A light grey table with a soft shadow gradient. */
		v = 200 - 30.0 * x / 1600 - 20.0 * y / 1200 + 6 * (n - 0.5);
		rgb[0] = rgb[1] = rgb[2] = (uint8_t)v;
		break;
	case BG_BUSY:
		/* Newspaper-like: columns of dark text marks on grey, plus
		 * coloured diagonal stripes of a cloth. */
		if ((y % 22) < 9 && (x % 260) < 240 && ((x / 7) % 6) != 0 &&
		    hash01((unsigned)(x / 40), (unsigned)(y / 22), 3) > 0.2) {
			rgb[0] = rgb[1] = rgb[2] = 50;
		} else if (((x + y) / 30) % 3 == 0) {
			rgb[0] = 170, rgb[1] = 60, rgb[2] = 60;
		} else {
			rgb[0] = 205, rgb[1] = 200, rgb[2] = 190;
		}
		break;
	case BG_CLOTH:
		/* Gingham: green stripes both ways on off-white, darker
		 * where they cross, with a fine weave. */
		g = 0.3 * (sin(x / 26.0) > 0.2) + 0.3 * (sin(y / 26.0) > 0.2);
		v = 0.95 + 0.05 * sin(x * 1.1) * sin(y * 1.1) +
		    0.04 * (n - 0.5);
		rgb[0] = (uint8_t)((230 * (1 - g) + 0 * g) * v);
		rgb[1] = (uint8_t)((225 * (1 - g) + 110 * g) * v);
		rgb[2] = (uint8_t)((215 * (1 - g) + 80 * g) * v);
		break;
	case BG_MAT:
		/* A green cutting mat: light grid lines every 50 pixels on
		 * dark green, darker towards the corners. */
		v = 1 - 0.35 * (hypot(x - 800.0, y - 600.0) / 1000) +
		    0.05 * (n - 0.5);
		g = (x % 50) < 3 || (y % 50) < 3;
		rgb[0] = (uint8_t)((g ? 150 : 35) * v);
		rgb[1] = (uint8_t)((g ? 200 : 85) * v);
		rgb[2] = (uint8_t)((g ? 160 : 52) * v);
		break;
	}
}

/* Draws the card seen through the map m onto a background, with 2 x 2
 * supersampling so that its edges are antialiased like a photo's. */
static int render(ms_image *img, int w, int h, enum bg kind, mat3 m)
{
	mat3 inv = inverse(m);
	int x, y, i, c;

	if (ms_image_alloc(img, w, h, 3))
		return -1;
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			uint8_t *p = img->px + (size_t)y * img->stride + 3 * x;
			int acc[3] = {0, 0, 0};
			for (i = 0; i < 4; i++) {
				double px = x + 0.25 + 0.5 * (i & 1);
				double py = y + 0.25 + 0.5 * (i >> 1);
				const double *a = inv.m;
				double z = a[6] * px + a[7] * py + a[8];
				double u = (a[0] * px + a[1] * py + a[2]) / z;
				double v = (a[3] * px + a[4] * py + a[5]) / z;
				uint8_t rgb[3];
				if (u >= 0 && u < CARD_W && v >= 0 &&
				    v < CARD_H)
					card_px(u, v, rgb);
				else
					bg_px(kind, x, y, rgb);
				for (c = 0; c < 3; c++)
					acc[c] += rgb[c];
			}
			for (c = 0; c < 3; c++)
				p[c] = (uint8_t)((acc[c] + 2) / 4);
		}
	}
	return 0;
}

/* The true corners: a card covering about half the photo, turned by
 * `deg` degrees, its far (top) edge foreshortened by perspective. */
static void truth(int w, int h, double deg, double *x, double *y)
{
	double cx = w * 0.5, cy = h * 0.52, hw = w * 0.33, hh = hw / 1.655;
	double a = deg * M_PI / 180, c = cos(a), s = sin(a);
	double ux[4] = {-hw * 0.95, hw * 0.95, hw, -hw};
	double uy[4] = {-hh, -hh, hh, hh};
	int i;

	for (i = 0; i < 4; i++) {
		x[i] = cx + ux[i] * c - uy[i] * s;
		y[i] = cy + ux[i] * s + uy[i] * c;
	}
}

static void test_find(enum bg kind, const char *what, int w, int h, double deg)
{
	double tx[4], ty[4], diag = sqrt((double)w * w + (double)h * h);
	double worst = 0, t0, ratio;
	ms_image photo = {0};
	ms_card card;
	ms_err err;
	int i;

	truth(w, h, deg, tx, ty);
	if (render(&photo, w, h, kind, card_to_quad(tx, ty))) {
		CHECK(!"out of memory");
		return;
	}
	t0 = now_ms();
	CHECK_INT(ms_card_find(&photo, &card, &err), MS_OK);
	printf("%s: find+warp %.1f ms, found %d, score %.2f\n", what,
	       now_ms() - t0, card.found, (double)card.score);
	CHECK_INT(card.found, 1);
	for (i = 0; i < 4; i++) {
		double d =
		    hypot(card.quad.x[i] - tx[i], card.quad.y[i] - ty[i]);
		if (d > worst)
			worst = d;
	}
	printf("%s: worst corner %.1f px (%.2f %% of the diagonal)\n", what,
	       worst, 100 * worst / diag);
	CHECK(worst <= 0.02 * diag);
	/* Landscape, with a Japanese card's proportions. */
	CHECK_INT(card.flat.w, MS_CARD_LONG_SIDE);
	ratio = (double)card.flat.w / card.flat.h;
	CHECK(fabs(ratio - 1.655) < 0.03);
	ms_card_free(&card);
	ms_image_free(&photo);
}

/* A scan: the image is nothing but the card. */
static void test_full_frame(void)
{
	double x[4] = {0, 1000, 1000, 0}, y[4] = {0, 0, 604, 604};
	ms_image photo = {0};
	ms_card card;
	ms_err err;

	if (render(&photo, 1000, 604, BG_GREY, card_to_quad(x, y))) {
		CHECK(!"out of memory");
		return;
	}
	CHECK_INT(ms_card_find(&photo, &card, &err), MS_OK);
	CHECK_INT(card.found, 0);
	CHECK_INT(card.flat.w, MS_CARD_LONG_SIDE);
	CHECK(fabs((double)card.flat.w / card.flat.h - 1000.0 / 604) < 0.01);
	ms_card_free(&card);
	ms_image_free(&photo);
}

/* Blank and tiny photos: no card, no crash, still an image out. */
static void test_blank(void)
{
	static const int sizes[][2] = {{800, 600}, {3, 2}, {1, 1}, {2000, 9}};
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ms_image photo = {0}, gray = {0};
		ms_card card;
		ms_err err;

		if (ms_image_alloc(&photo, sizes[i][0], sizes[i][1], 3)) {
			CHECK(!"out of memory");
			return;
		}
		memset(photo.px, 128, photo.stride * (size_t)photo.h);
		CHECK_INT(ms_card_find(&photo, &card, &err), MS_OK);
		CHECK_INT(card.found, 0);
		CHECK(card.flat.px != NULL);
		CHECK_INT(ms_card_clean(&card.flat, &gray, &err), MS_OK);
		CHECK_INT(gray.w, card.flat.w);
		CHECK_INT(gray.h, card.flat.h);
		ms_image_free(&gray);
		ms_card_free(&card);
		ms_image_free(&photo);
	}
}

/* Words of 4-pixel strokes, like 10-point type. */
static int small_text(int x, int y)
{
	return (y % 60) >= 20 && (y % 60) < 38 && x >= 80 && x < 900 &&
	       (x % 70) < 58 && (x % 12) < 4;
}

/* A flat card whose lower half is a dark navy band with light text. */
static int band_card(ms_image *img, int band_top)
{
	int x, y;

	if (ms_image_alloc(img, 1100, 665, 3))
		return -1;
	for (y = 0; y < img->h; y++) {
		for (x = 0; x < img->w; x++) {
			uint8_t *p = img->px + (size_t)y * img->stride + 3 * x;
			int text = small_text(x, y);
			if (y >= band_top) {
				p[0] = 20, p[1] = 40, p[2] = 90;
				if (text)
					p[0] = p[1] = p[2] = 235;
			} else {
				p[0] = p[1] = p[2] = 240;
				if (text)
					p[0] = p[1] = p[2] = 35;
			}
		}
	}
	return 0;
}

/* Mean grey of the text and of the paper in rows y0..y1. */
static void means(const ms_image *g, int y0, int y1, double *text,
                  double *paper)
{
	double st = 0, sp = 0;
	long nt = 0, np = 0;
	int x, y;

	for (y = y0; y < y1; y++) {
		for (x = 80; x < 900; x++) {
			int t = (y % 60) >= 22 && (y % 60) < 36 &&
			        (x % 70) < 56 && (x % 12) >= 1 && (x % 12) < 3;
			int paper_px =
			    ((y % 60) < 14 || (y % 60) >= 46) || (x % 70) >= 62;
			uint8_t v = g->px[(size_t)y * g->stride + x];
			if (t)
				st += v, nt++;
			else if (paper_px)
				sp += v, np++;
		}
	}
	*text = nt ? st / nt : 0;
	*paper = np ? sp / np : 0;
}

/* Rows y0..y1 of the cleaned card hold dark text on light paper. */
static void check_dark_on_light(const ms_image *g, int y0, int y1,
				const char *what)
{
	double text, paper;

	means(g, y0, y1, &text, &paper);
	printf("clean: %s text %.0f paper %.0f\n", what, text, paper);
	CHECK(text < 100);
	CHECK(paper > 180);
}

static void test_clean_band(void)
{
	ms_image flat = {0}, gray = {0};
	ms_err err;
	double t0;

	if (band_card(&flat, 360)) {
		CHECK(!"out of memory");
		return;
	}
	t0 = now_ms();
	CHECK_INT(ms_card_clean(&flat, &gray, &err), MS_OK);
	printf("clean: %.1f ms\n", now_ms() - t0);
	CHECK_INT(gray.ch, 1);
	CHECK_INT(gray.w, flat.w);
	CHECK_INT(gray.h, flat.h);
	/* The white part stays dark text on light paper. */
	check_dark_on_light(&gray, 0, 360, "white part");
	/* The band is turned into dark text on light paper too. */
	check_dark_on_light(&gray, 380, 660, "band");
	ms_image_free(&gray);
	ms_image_free(&flat);
}

/* A glyph of a big name at (gx, gy): 80 px square, dense with strokes
 * 3 px wide every 10 px (a kanji like 藤 at 80 px). 2 for a stroke's
 * middle column, 1 for its edges, 0 for paper. */
static int big_stroke(int x, int y, int gx, int gy)
{
	int dx = x - gx, dy = y - gy;

	if (dx < 0 || dy < 0 || dx >= 80 || dy >= 80 || dx % 10 >= 3)
		return 0;
	return dx % 10 == 1 ? 2 : 1;
}

/* A card with a big bold name on white paper, and under it, touching its
 * last row of strokes, a navy band with light text. */
static int name_card(ms_image *img)
{
	int x, y, i;

	if (band_card(img, 330))
		return -1;
	for (y = 0; y < 330; y++) {
		for (x = 0; x < img->w; x++) {
			uint8_t *p = img->px + (size_t)y * img->stride + 3 * x;
			int name = 0;
			for (i = 0; i < 4; i++)
				name |= big_stroke(x, y, 100 + 110 * i, 250);
			p[0] = p[1] = p[2] = name ? 30 : 240;
		}
	}
	return 0;
}

/* A big bold name is dark text on paper, not a dark band: its strokes
 * stay dark and the paper between them light, even where the band below
 * touches it; the band's light text still turns dark. */
static void test_clean_big_name(void)
{
	ms_image flat = {0}, gray = {0};
	ms_err err;
	double stroke = 0, gap = 0;
	long ns = 0, ng = 0;
	int x, y, i;

	if (name_card(&flat)) {
		CHECK(!"out of memory");
		return;
	}
	CHECK_INT(ms_card_clean(&flat, &gray, &err), MS_OK);
	for (y = 255; y < 325; y++)
		for (x = 100; x < 520; x++) {
			int k = 0, glyph = 0;
			uint8_t v = gray.px[(size_t)y * gray.stride + x];
			for (i = 0; i < 4; i++) {
				k |= big_stroke(x, y, 100 + 110 * i, 250);
				glyph |= x >= 100 + 110 * i &&
					 x < 180 + 110 * i;
			}
			if (k == 2)
				stroke += v, ns++;
			else if (glyph && ((x - 100) % 110) % 10 >= 5 &&
				 ((x - 100) % 110) % 10 <= 7)
				gap += v, ng++;
		}
	stroke /= ns ? ns : 1;
	gap /= ng ? ng : 1;
	printf("clean: big name strokes %.0f, between them %.0f\n", stroke,
	       gap);
	CHECK(stroke < 100);
	CHECK(gap > 180);
	check_dark_on_light(&gray, 380, 660, "band under the name");
	ms_image_free(&gray);
	ms_image_free(&flat);
}

static void test_draw_quad(void)
{
	ms_image photo = {0}, out = {0};
	ms_quad q = {{10, 90, 90, 10}, {10, 10, 60, 60}};

	if (ms_image_alloc(&photo, 100, 70, 3)) {
		CHECK(!"out of memory");
		return;
	}
	memset(photo.px, 0, photo.stride * (size_t)photo.h);
	CHECK_INT(ms_card_draw_quad(&photo, &q, &out), MS_OK);
	CHECK_INT(out.w, 100);
	/* The outline is drawn; the inside and the original are not. */
	CHECK(out.px[(size_t)60 * out.stride + 3 * 50 + 1] > 100);
	CHECK_INT(out.px[(size_t)35 * out.stride + 3 * 50 + 1], 0);
	CHECK_INT(photo.px[(size_t)60 * photo.stride + 3 * 50 + 1], 0);
	ms_image_free(&out);
	ms_image_free(&photo);
}

int main(void)
{
	test_find(BG_WOOD, "wood", 1600, 1200, 10);
	test_find(BG_GREY, "grey table", 1600, 1200, -10);
	test_find(BG_BUSY, "busy pattern", 1600, 1200, 10);
	test_find(BG_WOOD, "wood, 2000 px", 2000, 1500, -8);
	test_find(BG_CLOTH, "checked cloth", 1600, 1200, 12);
	test_find(BG_CLOTH, "checked cloth, turned the other way", 1600, 1200,
	          -7);
	/* White above and navy below on a green mat: the grid outvotes
	 * the card's edges, and the bright region is only the white part;
	 * the band must be grown into. */
	card_band = 0.55 * CARD_H;
	test_find(BG_MAT, "two-tone card on a cutting mat", 1600, 1200, 6);
	card_band = 0;
	test_find(BG_MAT, "white card on a cutting mat", 1600, 1200, -9);
	test_full_frame();
	test_blank();
	test_clean_band();
	test_clean_big_name();
	test_draw_quad();
	return t_done();
}
