/*
 * libFuzzer target for the image input stage: every upload goes through
 * ms_img_probe and ms_img_decode, so both must survive any bytes at all
 * without a crash, a leak, a hang or unbounded memory.
 *
 * The seeds in tests/fuzz/seeds/decode/ (baseline, progressive, EXIF and
 * grey JPEG; palette, RGBA and interlaced PNG; a rotated HEIC) are written
 * by `build/test_img --write-seeds tests/fuzz/seeds/decode`. Run with e.g.
 *   build-fuzz/fuzz_decode -timeout=10 -rss_limit_mb=2048 CORPUS \
 *     tests/fuzz/seeds/decode
 * Only Meishi's own code is instrumented, not the system's decoders.
 */
#include <stddef.h>
#include <stdint.h>

#include "meishi/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ms_probe p;
	ms_image img;
	ms_err err;

	if (ms_img_probe(data, size, &p, &err) == MS_OK &&
	    (p.w <= 0 || p.h <= 0 || p.orientation < 1 || p.orientation > 8))
		__builtin_trap();
	if (ms_img_decode(data, size, 512, &img, &err) == MS_OK) {
		if (img.ch != 3 || img.w <= 0 || img.h <= 0 || img.w > 512 ||
		    img.h > 512 || !img.px)
			__builtin_trap();
		ms_image_free(&img);
	} else if (img.px) {
		__builtin_trap();
	}
	return 0;
}
