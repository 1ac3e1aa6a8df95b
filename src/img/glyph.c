/*
 * Glyphs of one printed line, looked at as ink: where each character
 * stands, and how many horizontal strokes it has. The OCR reads a faint
 * 二 in a light Mincho as 一 or as nothing at all; the ink still shows
 * two strokes.
 */
#include <stdlib.h>
#include <string.h>

#include "meishi/image.h"
#include "meishi/limits.h"

/* The ink threshold of the line in b: between its paper (the 90th
 * percentile of brightness) and its ink (the 3rd), nearer the paper so
 * that a faint stroke counts. -1 if the line has no contrast. */
static int ink_threshold(const ms_image *g, ms_box b)
{
	unsigned long hist[256] = {0}, n = 0, acc;
	int x, y, v, paper = 255, ink = 0;

	for (y = b.y; y < b.y + b.h; y++)
		for (x = b.x; x < b.x + b.w; x++, n++)
			hist[g->px[(size_t)y * g->stride + (size_t)x]]++;
	for (v = 0, acc = 0; v < 256; v++) {
		acc += hist[v];
		if (acc * 100 >= n * 3) {
			ink = v;
			break;
		}
	}
	for (v = 0, acc = 0; v < 256; v++) {
		acc += hist[v];
		if (acc * 100 >= n * 90) {
			paper = v;
			break;
		}
	}
	if (paper - ink < MS_GLYPH_MIN_CONTRAST)
		return -1;
	return paper - (paper - ink) * 3 / 10;
}

/* 1 if b lies inside g with room for a glyph. */
static int box_ok(const ms_image *g, ms_box b)
{
	return g->ch == 1 && b.x >= 0 && b.y >= 0 && b.w >= 4 && b.h >= 4 &&
	       b.w <= MS_GLYPH_MAX_LINE_W && b.x + b.w <= g->w &&
	       b.y + b.h <= g->h;
}

size_t ms_img_glyphs(const ms_image *g, ms_box line, ms_box *out,
		     size_t max)
{
	unsigned char ink[MS_GLYPH_MAX_LINE_W];
	int thr, x, y, h = line.h;
	size_t n = 0;

	if (!box_ok(g, line) || max == 0)
		return 0;
	thr = ink_threshold(g, line);
	if (thr < 0)
		return 0;
	for (x = 0; x < line.w; x++) {
		ink[x] = 0;
		for (y = line.y; y < line.y + line.h && !ink[x]; y++)
			ink[x] = g->px[(size_t)y * g->stride +
				       (size_t)(line.x + x)] < thr;
	}
	for (x = 0; x < line.w;) {
		int a, e;
		if (!ink[x]) {
			x++;
			continue;
		}
		for (a = x; x < line.w && ink[x]; x++)
			;
		e = x;
		/* A run joins the glyph before it while the glyph stays
		 * about a character wide and the gap is narrow (川, the two
		 * halves of ⺮). */
		if (n > 0 && e - out[n - 1].x + line.x <= h + h / 20 &&
		    a - (out[n - 1].x - line.x + out[n - 1].w) < h / 4) {
			out[n - 1].w = line.x + e - out[n - 1].x;
			continue;
		}
		if (n == max)
			break;
		out[n].x = line.x + a;
		out[n].y = line.y;
		out[n].w = e - a;
		out[n].h = line.h;
		n++;
	}
	/* Each glyph's box as high as its ink: the longest run of inked
	 * rows (a stroke of the next line's glyph, caught in the box, stands
	 * apart). */
	for (x = 0; x < (int)n; x++) {
		ms_box *b = &out[x];
		int run = 0, best = 0, end = 0, i, on;
		for (y = line.y; y < line.y + line.h; y++) {
			for (i = b->x, on = 0; i < b->x + b->w && !on; i++)
				on = g->px[(size_t)y * g->stride + (size_t)i] <
				     thr;
			run = on ? run + 1 : 0;
			if (run > best)
				best = run, end = y;
		}
		if (best > 0) {
			b->y = end - best + 1;
			b->h = best;
		}
	}
	return n;
}

int ms_img_hstrokes(const ms_image *g, ms_box line, ms_box glyph)
{
	int thr, x, y, bands = 0, in = 0;

	if (!box_ok(g, line) || !box_ok(g, glyph))
		return 0;
	thr = ink_threshold(g, line);
	if (thr < 0)
		return 0;
	/* An upright stroke (half the glyph's rows in one column): not
	 * 一二三 */
	for (x = glyph.x; x < glyph.x + glyph.w; x++) {
		int run = 0, most = 0;
		for (y = glyph.y; y < glyph.y + glyph.h; y++) {
			run = g->px[(size_t)y * g->stride + (size_t)x] < thr
				      ? run + 1
				      : 0;
			if (run > most)
				most = run;
		}
		if (most * 2 > glyph.h)
			return 0;
	}
	/* Rows inked across a quarter of the glyph, in bands */
	for (y = glyph.y; y < glyph.y + glyph.h; y++) {
		int cnt = 0;
		for (x = glyph.x; x < glyph.x + glyph.w; x++)
			cnt += g->px[(size_t)y * g->stride + (size_t)x] < thr;
		if (cnt * 4 >= glyph.w) {
			bands += !in;
			in = 1;
		} else if (cnt * 10 < glyph.w) {
			in = 0;
		}
	}
	return bands >= 1 && bands <= 3 ? bands : 0;
}
