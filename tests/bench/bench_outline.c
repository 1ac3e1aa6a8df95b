/*
 * bench_outline: runs only the card finder (ms_card_find) on photos.
 *
 *   bench_outline PHOTO...
 *
 * Each photo is decoded at the working size exactly as `meishi scan` does
 * (MS_WORK_LONG_SIDE), and one JSON object per photo and line is printed:
 * the source, the decoded size, whether a card outline was found, its
 * score, the quad (TL, TR, BR, BL in decoded pixels) and the time the
 * finder and warp took in milliseconds. tests/tools/check_outlines.py
 * compares these quads with the renderer's true corners. No OCR runs, so
 * a whole set is measured in seconds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "meishi/card.h"
#include "meishi/image.h"
#include "meishi/limits.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Reads a whole file of at most MS_MAX_IMAGE_BYTES bytes; caller frees. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    (unsigned long)n > MS_MAX_IMAGE_BYTES || fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	*len = (size_t)n;
out:
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	int i, k, bad = 0;

	for (i = 1; i < argc; i++) {
		ms_image photo = {0};
		ms_card card;
		ms_err err;
		size_t len = 0;
		uint8_t *data = slurp(argv[i], &len);
		double t0;

		if (!data ||
		    ms_img_decode(data, len, MS_WORK_LONG_SIDE, &photo, &err)) {
			fprintf(stderr, "bench_outline: cannot read %s\n",
			        argv[i]);
			free(data);
			bad = 1;
			continue;
		}
		free(data);
		t0 = now_ms();
		if (ms_card_find(&photo, &card, &err)) {
			fprintf(stderr, "bench_outline: %s: %s\n", argv[i],
			        err.msg);
			ms_image_free(&photo);
			bad = 1;
			continue;
		}
		printf("{\"source\": \"%s\", \"size\": [%d, %d], "
		       "\"found\": %d, \"score\": %.3f, \"ms\": %.1f, "
		       "\"quad\": [",
		       argv[i], photo.w, photo.h, card.found,
		       (double)card.score, now_ms() - t0);
		for (k = 0; k < 4; k++)
			printf("%s[%.1f, %.1f]", k ? ", " : "",
			       (double)card.quad.x[k], (double)card.quad.y[k]);
		printf("]}\n");
		fflush(stdout);
		ms_card_free(&card);
		ms_image_free(&photo);
	}
	return bad;
}
