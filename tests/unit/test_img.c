/*
 * Unit tests for src/img: probing and decoding photos, good and hostile.
 *
 * Every input is made here, in the test, with the same libraries the
 * decoder uses (TurboJPEG, libpng, libexif, libheif), so no binary files
 * are needed and each case says exactly what it holds. Bad inputs are
 * checked for the result code and for the sentence a user would read.
 */
#include <fcntl.h>
#include <libexif/exif-data.h>
#include <libheif/heif.h>
#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <turbojpeg.h>
#include <unistd.h>

#include "meishi/buf.h"
#include "meishi/image.h"
#include "meishi/limits.h"
#include "t.h"

#define CHECK_HAS(hay, needle)                                                 \
	do {                                                                   \
		const char *h_ = (hay), *n_ = (needle);                        \
		if (h_ && strstr(h_, n_)) {                                    \
			t_pass++;                                              \
		} else {                                                       \
			t_fail++;                                              \
			fprintf(stderr, "%s:%d: \"%s\" lacks \"%s\"\n",        \
			        __FILE__, __LINE__, h_ ? h_ : "(null)", n_);   \
		}                                                              \
	} while (0)

/* x265, which the HEIC test uses to make its input, leaves two blocks of
 * its global state allocated at exit. The decoder never loads it. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libx265.so\n";
}

/* ---- Making inputs ---------------------------------------------------- */

typedef struct bytes {
	uint8_t *p;
	size_t n;
} bytes;

static void bytes_free(bytes *b)
{
	free(b->p);
	b->p = NULL;
	b->n = 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Four solid quadrants: red top left, green top right, blue bottom left,
 * white bottom right. */
enum { RED, GREEN, BLUE, WHITE };
static const uint8_t quad_rgb[4][3] = {
    {220, 30, 30}, {30, 200, 30}, {30, 30, 220}, {250, 250, 250}};

static ms_image make_quadrants(int w, int h)
{
	ms_image img;
	int x, y;

	if (ms_image_alloc(&img, w, h, 3))
		abort();
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			int q = (y >= h / 2) * 2 + (x >= w / 2);
			memcpy(img.px + (size_t)y * img.stride + 3 * (size_t)x,
			       quad_rgb[q], 3);
		}
	return img;
}

/* Smooth colour gradients with a little noise, like a photo: compresses
 * at an even rate over the whole picture. */
static ms_image make_photo(int w, int h, unsigned seed)
{
	ms_image img;
	int x, y;

	if (ms_image_alloc(&img, w, h, 3))
		abort();
	for (y = 0; y < h; y++) {
		uint8_t *row = img.px + (size_t)y * img.stride;
		for (x = 0; x < w; x++) {
			seed = seed * 1103515245u + 12345u;
			row[3 * x] = (uint8_t)(x * 255 / w);
			row[3 * x + 1] = (uint8_t)(y * 255 / h);
			row[3 * x + 2] = (uint8_t)((seed >> 16) & 0x3F);
		}
	}
	return img;
}

static bytes jpeg_of(const ms_image *img, int quality, int samp, int flags)
{
	tjhandle tj = tjInitCompress();
	unsigned char *buf = NULL;
	unsigned long n = 0;
	bytes b = {0};

	if (!tj || tjCompress2(tj, img->px, img->w, (int)img->stride, img->h,
	                       TJPF_RGB, &buf, &n, samp, quality, flags))
		abort();
	b.p = malloc(n);
	memcpy(b.p, buf, n);
	b.n = n;
	tjFree(buf);
	tjDestroy(tj);
	return b;
}

/* A TIFF-structured EXIF block ("Exif\0\0" included) holding only an
 * orientation. */
static bytes exif_block(int orientation, ExifByteOrder order)
{
	ExifData *ed = exif_data_new();
	ExifEntry *e = exif_entry_new();
	unsigned char *d = NULL;
	unsigned int ds = 0;
	bytes b = {0};

	exif_data_set_data_type(ed, EXIF_DATA_TYPE_COMPRESSED);
	exif_data_set_byte_order(ed, order);
	exif_content_add_entry(ed->ifd[EXIF_IFD_0], e);
	exif_entry_initialize(e, EXIF_TAG_ORIENTATION);
	exif_set_short(e->data, order, (ExifShort)orientation);
	exif_entry_unref(e);
	exif_data_save_data(ed, &d, &ds);
	exif_data_unref(ed);
	if (!d || ds < 6 || memcmp(d, "Exif\0\0", 6))
		abort();
	b.p = malloc(ds);
	memcpy(b.p, d, ds);
	b.n = ds;
	free(d);
	return b;
}

/* The JPEG with an APP1 EXIF segment inserted right after SOI. */
static bytes with_exif(const bytes *jpeg, int orientation, ExifByteOrder order)
{
	bytes ex = exif_block(orientation, order), b;
	size_t seg = ex.n + 2;

	b.n = jpeg->n + 2 + seg;
	b.p = malloc(b.n);
	memcpy(b.p, jpeg->p, 2);
	b.p[2] = 0xFF;
	b.p[3] = 0xE1;
	b.p[4] = (uint8_t)(seg >> 8);
	b.p[5] = (uint8_t)seg;
	memcpy(b.p + 6, ex.p, ex.n);
	memcpy(b.p + 6 + ex.n, jpeg->p + 2, jpeg->n - 2);
	bytes_free(&ex);
	return b;
}

typedef struct png_spec {
	int w, h, depth, ctype, interlace;
	const uint8_t *rows; /* packed rows as libpng wants them */
	size_t rowbytes;
	const png_color *pal;
	int npal;
	const uint8_t *trns;
	int ntrns;
	const png_color_16 *trns_color;
	const bytes *exif; /* TIFF data, without "Exif\0\0" */
} png_spec;

static void mem_write(png_structp png, png_bytep p, size_t n)
{
	ms_buf *b = png_get_io_ptr(png);

	if (ms_buf_add(b, p, n))
		png_error(png, "full");
}

static void mem_flush(png_structp png)
{
	(void)png;
}

static bytes png_of(const png_spec *s)
{
	png_structp png =
	    png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	ms_buf buf;
	bytes b;
	int y;

	ms_buf_init(&buf, 1u << 24);
	if (setjmp(png_jmpbuf(png)))
		abort();
	png_set_write_fn(png, &buf, mem_write, mem_flush);
	png_set_compression_level(png, 9);
	png_set_IHDR(png, info, (png_uint_32)s->w, (png_uint_32)s->h, s->depth,
	             s->ctype, s->interlace, PNG_COMPRESSION_TYPE_DEFAULT,
	             PNG_FILTER_TYPE_DEFAULT);
	if (s->pal)
		png_set_PLTE(png, info, s->pal, s->npal);
	if (s->trns || s->trns_color)
		png_set_tRNS(png, info, s->trns, s->ntrns, s->trns_color);
	if (s->exif)
		png_set_eXIf_1(png, info, (png_uint_32)s->exif->n, s->exif->p);
	png_write_info(png, info);
	{
		int passes = png_set_interlace_handling(png), p;
		for (p = 0; p < passes; p++)
			for (y = 0; y < s->h; y++)
				png_write_row(png, s->rows +
				                       (size_t)y * s->rowbytes);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	b.n = buf.len;
	b.p = (uint8_t *)ms_buf_take(&buf, NULL);
	return b;
}

/* A PNG that is only a signature and an IHDR declaring w x h. */
static bytes png_header_only(uint32_t w, uint32_t h)
{
	static const uint8_t head[] = {0x89, 'P',  'N', 'G', '\r', '\n',
	                               0x1A, '\n', 0,   0,   0,    13,
	                               'I',  'H',  'D', 'R'};
	bytes b;

	b.n = sizeof(head) + 13 + 4;
	b.p = calloc(1, b.n);
	memcpy(b.p, head, sizeof(head));
	b.p[16] = (uint8_t)(w >> 24), b.p[17] = (uint8_t)(w >> 16);
	b.p[18] = (uint8_t)(w >> 8), b.p[19] = (uint8_t)w;
	b.p[20] = (uint8_t)(h >> 24), b.p[21] = (uint8_t)(h >> 16);
	b.p[22] = (uint8_t)(h >> 8), b.p[23] = (uint8_t)h;
	b.p[24] = 8; /* depth */
	b.p[25] = 2; /* RGB */
	return b;
}

static const uint8_t *px_at(const ms_image *img, int x, int y)
{
	return img->px + (size_t)y * img->stride + (size_t)x * img->ch;
}

static int near(const uint8_t *got, const uint8_t *want, int tol)
{
	int c;

	for (c = 0; c < 3; c++)
		if (abs((int)got[c] - (int)want[c]) > tol)
			return 0;
	return 1;
}

/* ---- Bad input: rc and message, from probe and from decode alike ------ */

static void test_bad_inputs(void)
{
	static const uint8_t text[] = "BEGIN:VCARD\nFN:Yamada Taro\n";
	static const uint8_t gif[] = "GIF89a\x01\x00\x01\x00\x00\x00\x00";
	static const uint8_t binary[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05};
	static const uint8_t soi[] = {0xFF, 0xD8, 0xFF};
	/* SOI, then an SOF0 whose length runs past the end of the file. */
	static const uint8_t bad_sof[] = {0xFF, 0xD8, 0xFF, 0xC0, 0x40, 0x00,
	                                  0x08, 0x00, 0x10, 0x00, 0x10};
	/* SOI, APP0 with a length of 1 (less than its own length field). */
	static const uint8_t bad_len[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01,
	                                  'J',  'F',  'I',  'F',  0};
	/* An ftyp box naming HEIC, then no meta box, just noise. */
	static const uint8_t heic_junk[] = {
	    0,   0,   0,    24,   'f',  't',  'y', 'p', 'h', 'e',
	    'i', 'c', 0,    0,    0,    0,    'm', 'i', 'f', '1',
	    'h', 'e', 'i',  'c',  0,    0,    0,   16,  'm', 'e',
	    't', 'a', 0xDE, 0xAD, 0xBE, 0xEF, 1,   2,   3,   4};
	/* ftyp, then a meta box whose iref names item 2 as a tile ('dimg')
	 * of itself: libheif 1.15 would recurse until the stack overflows
	 * (found by fuzz_decode). */
#define HEIC_FTYP 0, 0, 0, 20, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, \
	          0, 'm', 'i', 'f', '1'
	static const uint8_t heic_self_tile[] = {
	    HEIC_FTYP, 0, 0, 0, 38, 'm', 'e', 't', 'a', 0, 0, 0, 0, 0, 0, 0,
	    26, 'i', 'r', 'e', 'f', 0, 0, 0, 0, 0, 0, 0, 14, 'd', 'i', 'm',
	    'g', 0, 2, 0, 1, 0, 2};
	/* The same loop over two images and 32-bit IDs (iref version 1):
	 * grid 7 has tile 9, whose alpha plane ('auxl') is image 7. */
	static const uint8_t heic_alpha_loop[] = {
	    HEIC_FTYP, 0, 0, 0, 60, 'm', 'e', 't', 'a', 0, 0, 0, 0, 0, 0, 0,
	    48, 'i', 'r', 'e', 'f', 1, 0, 0, 0, 0, 0, 0, 18, 'd', 'i', 'm',
	    'g', 0, 0, 0, 7, 0, 1, 0, 0, 0, 9, 0, 0, 0, 18, 'a', 'u', 'x',
	    'l', 0, 0, 0, 7, 0, 1, 0, 0, 0, 9};
	/* A grid of two tiles, no loop: refused by libheif for what it
	 * lacks, not by the loop check. */
	static const uint8_t heic_grid[] = {
	    HEIC_FTYP, 0, 0, 0, 40, 'm', 'e', 't', 'a', 0, 0, 0, 0, 0, 0, 0,
	    28, 'i', 'r', 'e', 'f', 0, 0, 0, 0, 0, 0, 0, 16, 'd', 'i', 'm',
	    'g', 0, 1, 0, 2, 0, 2, 0, 3};
#undef HEIC_FTYP
	static const uint8_t avif[] = {0,   0,   0,   20,  'f', 't', 'y',
	                               'p', 'a', 'v', 'i', 'f', 0,   0,
	                               0,   0,   'm', 'i', 'f', '1'};
	static const uint8_t mp4[] = {0,   0,   0,   20,  'f', 't', 'y',
	                              'p', 'i', 's', 'o', 'm', 0,   0,
	                              2,   0,   'm', 'p', '4', '1'};
	bytes huge = png_header_only(40000, 40000);
	bytes wide = png_header_only(30001, 100);
	bytes big = png_header_only(8000, 8000);
	bytes zero = png_header_only(0, 10);
	const struct {
		const char *name;
		const uint8_t *p;
		size_t n;
		ms_rc probe_rc, decode_rc;
		const char *msg;
	} cases[] = {
	    {"empty", text, 0, MS_ERR_FORMAT, MS_ERR_FORMAT,
	     "the file is empty"},
	    {"text named .jpg", text, sizeof(text) - 1, MS_ERR_FORMAT,
	     MS_ERR_FORMAT,
	     "this is not a JPEG, PNG or HEIC image (it starts with "
	     "text)"},
	    {"gif", gif, sizeof(gif) - 1, MS_ERR_FORMAT, MS_ERR_FORMAT,
	     "this is not a JPEG, PNG or HEIC image (it is a GIF image)"},
	    {"binary", binary, sizeof(binary), MS_ERR_FORMAT, MS_ERR_FORMAT,
	     "this is not a JPEG, PNG or HEIC image (it starts with the "
	     "bytes 00 01 02 03)"},
	    {"jpeg soi only", soi, sizeof(soi), MS_ERR_CORRUPT, MS_ERR_CORRUPT,
	     "the JPEG is truncated or damaged"},
	    {"jpeg sof past end", bad_sof, sizeof(bad_sof), MS_ERR_CORRUPT,
	     MS_ERR_CORRUPT, "the JPEG is truncated or damaged"},
	    {"jpeg bad length", bad_len, sizeof(bad_len), MS_ERR_CORRUPT,
	     MS_ERR_CORRUPT, "the JPEG is truncated or damaged"},
	    {"png 40000x40000", huge.p, huge.n, MS_ERR_TOO_BIG, MS_ERR_TOO_BIG,
	     "the image declares 40000×40000 pixels; the limit is 120 "
	     "megapixels"},
	    {"png too wide", wide.p, wide.n, MS_ERR_TOO_BIG, MS_ERR_TOO_BIG,
	     "the image declares 30001×100 pixels; no side may be longer "
	     "than 30000 pixels"},
	    /* Passes the probe, but PNG cannot be decoded at a smaller
	     * scale: refused before its (absent) data is read. */
	    {"png 64 MP", big.p, big.n, MS_OK, MS_ERR_TOO_BIG,
	     "the PNG image is 8000×8000 pixels; PNG images may have at "
	     "most 50 megapixels"},
	    {"png zero width", zero.p, zero.n, MS_ERR_CORRUPT, MS_ERR_CORRUPT,
	     "no picture at all"},
	    {"png truncated ihdr", huge.p, 20, MS_ERR_CORRUPT, MS_ERR_CORRUPT,
	     "the PNG is truncated or damaged"},
	    {"heic junk", heic_junk, sizeof(heic_junk), MS_ERR_CORRUPT,
	     MS_ERR_CORRUPT, "the HEIC image is truncated or damaged"},
	    {"heic grid is its own tile", heic_self_tile,
	     sizeof(heic_self_tile), MS_ERR_CORRUPT, MS_ERR_CORRUPT,
	     "its images refer to each other in a loop"},
	    {"heic alpha loop", heic_alpha_loop, sizeof(heic_alpha_loop),
	     MS_ERR_CORRUPT, MS_ERR_CORRUPT,
	     "its images refer to each other in a loop"},
	    {"heic grid without loop", heic_grid, sizeof(heic_grid),
	     MS_ERR_CORRUPT, MS_ERR_CORRUPT,
	     "the HEIC image is truncated or damaged"},
	    {"avif", avif, sizeof(avif), MS_ERR_FORMAT, MS_ERR_FORMAT,
	     "this is an AVIF image; only JPEG, PNG and HEIC images are "
	     "accepted"},
	    {"mp4", mp4, sizeof(mp4), MS_ERR_FORMAT, MS_ERR_FORMAT,
	     "(it is a video or another ISO media file)"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ms_err err = {0};
		ms_probe p;
		ms_image img;
		ms_rc rc;

		rc = ms_img_probe(cases[i].p, cases[i].n, &p, &err);
		if (rc != cases[i].probe_rc)
			fprintf(stderr, "case %s\n", cases[i].name);
		CHECK_INT(rc, cases[i].probe_rc);
		if (cases[i].probe_rc)
			CHECK_HAS(err.msg, cases[i].msg);
		ms_err_clear(&err);
		rc = ms_img_decode(cases[i].p, cases[i].n, 512, &img, &err);
		if (rc != cases[i].decode_rc)
			fprintf(stderr, "case %s\n", cases[i].name);
		CHECK_INT(rc, cases[i].decode_rc);
		CHECK_HAS(err.msg, cases[i].msg);
		CHECK(img.px == NULL);
	}
	bytes_free(&huge);
	bytes_free(&wide);
	bytes_free(&big);
	bytes_free(&zero);
}

/* A 200 MB upload is refused from its size alone: ms_read_file looks at
 * the file size before reading, and ms_img_probe at the length before the
 * first byte. The file is sparse, so nothing is written to disk. */
static void test_200mb(void)
{
	const size_t size = 200u * 1024u * 1024u;
	char path[] = "/tmp/meishi-test-img-XXXXXX";
	ms_err err = {0};
	ms_buf b;
	ms_probe p;
	void *map;
	int fd = mkstemp(path);
	double t0;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_INT(ftruncate(fd, (off_t)size), 0);
	t0 = now();
	CHECK_INT(ms_read_file(path, MS_MAX_IMAGE_BYTES, &b, &err),
	          MS_ERR_TOO_BIG);
	CHECK(now() - t0 < 1.0);
	CHECK_HAS(err.msg, "the limit is 41943040 bytes");
	CHECK(b.data == NULL);
	/* Reading all 200 MB of the mapping would take seconds and fault
	 * in every page; the probe must not touch it. */
	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(map != MAP_FAILED);
	if (map != MAP_FAILED) {
		ms_err_clear(&err);
		CHECK_INT(ms_img_probe(map, size, &p, &err), MS_ERR_TOO_BIG);
		CHECK_STR(err.msg, "the image is 200.0 MB; the limit is 40 MB");
		munmap(map, size);
	}
	close(fd);
	unlink(path);
}

/* ---- JPEG ------------------------------------------------------------- */

static void test_jpeg_truncated(void)
{
	ms_image src = make_photo(640, 480, 7), img;
	bytes j = jpeg_of(&src, 90, TJSAMP_420, 0);
	ms_err err = {0};
	ms_probe p;
	const uint8_t *px;

	/* The first 30%: the header is whole, so the probe passes, but most
	 * of the picture is missing. */
	CHECK_INT(ms_img_probe(j.p, j.n * 3 / 10, &p, &err), MS_OK);
	CHECK_INT(ms_img_decode(j.p, j.n * 3 / 10, 0, &img, &err),
	          MS_ERR_CORRUPT);
	CHECK_HAS(err.msg, "the JPEG is truncated or damaged: about ");
	CHECK_HAS(err.msg, "% of the picture is missing");
	CHECK(img.px == NULL);
	/* Truncated inside the header. */
	CHECK_INT(ms_img_decode(j.p, 100, 0, &img, &err), MS_ERR_CORRUPT);
	CHECK_STR(err.msg, "the JPEG is truncated or damaged");
	/* Without the end marker, or 1% short: accepted, and the picture is
	 * right where it was decoded. */
	CHECK_INT(ms_img_decode(j.p, j.n - 2, 0, &img, &err), MS_OK);
	CHECK_INT(img.w, 640);
	ms_image_free(&img);
	CHECK_INT(ms_img_decode(j.p, j.n - j.n / 100, 0, &img, &err), MS_OK);
	if (img.px) {
		px = px_at(&img, 320, 10);
		CHECK(near(px, px_at(&src, 320, 10), 40));
	}
	ms_image_free(&img);
	bytes_free(&j);
	ms_image_free(&src);
}

/* Splits a JPEG into its header (up to the first SOS), its scans (each an
 * SOS segment with its entropy-coded data) and drops the EOI. */
static size_t jpeg_scans(const bytes *j, size_t *starts, size_t max,
                         size_t *end)
{
	size_t i = 2, n = 0;

	while (i + 4 <= j->n) {
		int m = j->p[i + 1];
		size_t len = (size_t)j->p[i + 2] << 8 | j->p[i + 3];
		if (m == 0xD9)
			break;
		if (m == 0xDA) {
			if (n < max)
				starts[n] = i;
			n++;
			i += 2 + len;
			while (i + 1 < j->n &&
			       !(j->p[i] == 0xFF && j->p[i + 1] != 0 &&
			         (j->p[i + 1] < 0xD0 || j->p[i + 1] > 0xD7)))
				i++;
			continue;
		}
		i += 2 + len;
	}
	*end = i;
	return n;
}

/* A progressive JPEG whose last scan is repeated until it has nscans:
 * the shape of a scan-count CPU bomb. */
static bytes progressive_bomb(const bytes *prog, size_t nscans)
{
	size_t starts[64], end, n, k, last, lastlen;
	bytes b;

	n = jpeg_scans(prog, starts, 64, &end);
	if (n < 2 || n > 64)
		abort();
	last = starts[n - 1];
	lastlen = end - last;
	b.n = end + (nscans - n) * lastlen + 2;
	b.p = malloc(b.n);
	memcpy(b.p, prog->p, end);
	for (k = 0; k < nscans - n; k++)
		memcpy(b.p + end + k * lastlen, prog->p + last, lastlen);
	b.p[b.n - 2] = 0xFF;
	b.p[b.n - 1] = 0xD9;
	return b;
}

static void test_jpeg_progressive(void)
{
	ms_image src = make_photo(1000, 750, 3), img;
	bytes prog = jpeg_of(&src, 85, TJSAMP_420, TJFLAG_PROGRESSIVE);
	bytes bomb;
	ms_err err = {0};
	ms_probe p;
	double t0;
	ms_rc rc;

	CHECK_INT(ms_img_probe(prog.p, prog.n, &p, &err), MS_OK);
	CHECK_INT(p.progressive, 1);
	CHECK_INT(ms_img_decode(prog.p, prog.n, 500, &img, &err), MS_OK);
	CHECK_INT(img.w, 500);
	CHECK_INT(img.h, 375);
	if (img.px)
		CHECK(near(px_at(&img, 250, 180), px_at(&src, 500, 360), 40));
	ms_image_free(&img);

	/* A progressive header over MS_MAX_PROGRESSIVE_PIXELS, and one with
	 * 12-bit samples: refused by the probe. */
	{
		bytes c = {malloc(prog.n), prog.n};
		size_t k;
		memcpy(c.p, prog.p, prog.n);
		for (k = 2; k + 9 < c.n; k++)
			if (c.p[k] == 0xFF && c.p[k + 1] == 0xC2)
				break;
		c.p[k + 5] = 5000 >> 8, c.p[k + 6] = 5000 & 0xFF;
		c.p[k + 7] = 7000 >> 8, c.p[k + 8] = 7000 & 0xFF;
		CHECK_INT(ms_img_probe(c.p, c.n, &p, &err), MS_ERR_TOO_BIG);
		CHECK_STR(err.msg, "the progressive JPEG declares 7000×5000 "
		                   "pixels; progressive JPEG images may have "
		                   "at most 32 megapixels");
		memcpy(c.p, prog.p, prog.n);
		c.p[k + 4] = 12;
		CHECK_INT(ms_img_decode(c.p, c.n, 0, &img, &err),
		          MS_ERR_FORMAT);
		CHECK_STR(err.msg, "this JPEG has 12-bit samples; only 8-bit "
		                   "JPEG images are supported");
		bytes_free(&c);
	}

	/* Over the scan limit: refused before decoding, at once. */
	bomb = progressive_bomb(&prog, MS_JPEG_MAX_SCANS + 100);
	t0 = now();
	CHECK_INT(ms_img_decode(bomb.p, bomb.n, 512, &img, &err),
	          MS_ERR_TOO_BIG);
	CHECK(now() - t0 < 1.0);
	CHECK_STR(err.msg, "the JPEG has more than 500 scans, which no camera "
	                   "makes; it is refused");
	bytes_free(&bomb);

	/* The same scans over a picture that declares 6 megapixels: each scan
	 * costs six times as much, so fewer are accepted. */
	bomb = progressive_bomb(&prog, 400);
	{
		size_t k;
		for (k = 2; k + 9 < bomb.n; k++)
			if (bomb.p[k] == 0xFF && bomb.p[k + 1] == 0xC2)
				break;
		bomb.p[k + 5] = 2000 >> 8, bomb.p[k + 6] = 2000 & 0xFF;
		bomb.p[k + 7] = 3000 >> 8, bomb.p[k + 8] = 3000 & 0xFF;
	}
	CHECK_INT(ms_img_probe(bomb.p, bomb.n, &p, &err), MS_OK);
	CHECK_INT(p.w, 3000);
	CHECK_INT(ms_img_decode(bomb.p, bomb.n, 512, &img, &err),
	          MS_ERR_TOO_BIG);
	CHECK_STR(err.msg, "the JPEG has more than 333 scans, which no camera "
	                   "makes for a 3000×2000 picture; it is refused");
	bytes_free(&bomb);

	/* Just under it: decoded (libjpeg warns about the repeated scans),
	 * in bounded time, without a crash. */
	bomb = progressive_bomb(&prog, MS_JPEG_MAX_SCANS - 10);
	t0 = now();
	rc = ms_img_decode(bomb.p, bomb.n, 512, &img, &err);
	printf("progressive JPEG 1000x750 with %d scans: rc %s, %.2f s\n",
	       MS_JPEG_MAX_SCANS - 10, ms_rc_name(rc), now() - t0);
	CHECK(rc == MS_OK || rc == MS_ERR_CORRUPT);
	CHECK(now() - t0 < 10.0);
	ms_image_free(&img);
	bytes_free(&bomb);
	bytes_free(&prog);
	ms_image_free(&src);
}

/* Colour at each corner (TL, TR, BL, BR) after each EXIF orientation of
 * the quadrant picture. */
static void test_exif_orientation(void)
{
	static const int want[9][4] = {
	    {0, 0, 0, 0},
	    {RED, GREEN, BLUE, WHITE}, /* 1 upright */
	    {GREEN, RED, WHITE, BLUE}, /* 2 mirrored */
	    {WHITE, BLUE, GREEN, RED}, /* 3 turned 180 */
	    {BLUE, WHITE, RED, GREEN}, /* 4 flipped */
	    {RED, BLUE, GREEN, WHITE}, /* 5 transposed */
	    {BLUE, RED, WHITE, GREEN}, /* 6 turn 90 clockwise */
	    {WHITE, GREEN, BLUE, RED}, /* 7 transversed */
	    {GREEN, WHITE, RED, BLUE}, /* 8 turn 90 anticlockwise */
	};
	ms_image src = make_quadrants(64, 32), img;
	bytes j = jpeg_of(&src, 95, TJSAMP_444, 0);
	int o;

	for (o = 1; o <= 8; o++) {
		ExifByteOrder order =
		    o % 2 ? EXIF_BYTE_ORDER_INTEL : EXIF_BYTE_ORDER_MOTOROLA;
		bytes e = with_exif(&j, o, order);
		ms_err err = {0};
		ms_probe p;
		int sw = o >= 5;

		CHECK_INT(ms_img_probe(e.p, e.n, &p, &err), MS_OK);
		CHECK_INT(p.orientation, o);
		CHECK_INT(p.w, 64); /* as stored */
		CHECK_INT(ms_img_decode(e.p, e.n, 0, &img, &err), MS_OK);
		CHECK_INT(img.w, sw ? 32 : 64);
		CHECK_INT(img.h, sw ? 64 : 32);
		if (img.px) {
			int W = img.w - 3, H = img.h - 3;
			if (!near(px_at(&img, 2, 2), quad_rgb[want[o][0]],
			          30) ||
			    !near(px_at(&img, W, 2), quad_rgb[want[o][1]],
			          30) ||
			    !near(px_at(&img, 2, H), quad_rgb[want[o][2]],
			          30) ||
			    !near(px_at(&img, W, H), quad_rgb[want[o][3]], 30))
				fprintf(stderr, "orientation %d\n", o);
			CHECK(
			    near(px_at(&img, 2, 2), quad_rgb[want[o][0]], 30));
			CHECK(
			    near(px_at(&img, W, 2), quad_rgb[want[o][1]], 30));
			CHECK(
			    near(px_at(&img, 2, H), quad_rgb[want[o][2]], 30));
			CHECK(
			    near(px_at(&img, W, H), quad_rgb[want[o][3]], 30));
		}
		ms_image_free(&img);
		bytes_free(&e);
	}
	/* Out-of-range and damaged EXIF count as upright. */
	{
		bytes e = with_exif(&j, 9, EXIF_BYTE_ORDER_INTEL);
		ms_probe p;
		CHECK_INT(ms_img_probe(e.p, e.n, &p, NULL), MS_OK);
		CHECK_INT(p.orientation, 1);
		memset(e.p + 6 + 6, 0xEE, 8); /* the TIFF header */
		CHECK_INT(ms_img_probe(e.p, e.n, &p, NULL), MS_OK);
		CHECK_INT(p.orientation, 1);
		bytes_free(&e);
	}
	bytes_free(&j);
	ms_image_free(&src);
}

/* DCT scaling: the decoder goes straight to the size asked for where a
 * scale factor hits it, and area-resizes the rest of the way. */
static void test_jpeg_scaling(void)
{
	static const struct {
		int w, h, max_side, want_w, want_h;
	} cases[] = {
	    {4000, 3000, 2000, 2000, 1500}, /* 1/2 */
	    {4000, 3000, 1000, 1000, 750},  /* 1/4 */
	    {4000, 3000, 1500, 1500, 1125}, /* 3/8 */
	    {3000, 4000, 2000, 1500, 2000}, /* portrait */
	    {3000, 2000, 2000, 2000, 1333}, /* 3/4, then resized */
	    {720, 1280, 2000, 720, 1280},   /* never enlarged */
	    {720, 1280, 0, 720, 1280},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ms_image src = make_photo(cases[i].w, cases[i].h, 1), img;
		bytes j = jpeg_of(&src, 80, TJSAMP_420, 0);
		ms_err err = {0};

		CHECK_INT(
		    ms_img_decode(j.p, j.n, cases[i].max_side, &img, &err),
		    MS_OK);
		CHECK_INT(img.w, cases[i].want_w);
		CHECK_INT(img.h, cases[i].want_h);
		CHECK_INT(img.ch, 3);
		if (img.px) {
			/* The gradient survives: red grows left to right. */
			const uint8_t *l = px_at(&img, img.w / 8, img.h / 2);
			const uint8_t *r =
			    px_at(&img, img.w * 7 / 8, img.h / 2);
			CHECK(r[0] > l[0] + 100);
		}
		ms_image_free(&img);
		bytes_free(&j);
		ms_image_free(&src);
	}
}

static void test_jpeg_grey_and_cmyk(void)
{
	ms_image src = make_quadrants(32, 32), grey, img;
	tjhandle tj = tjInitCompress();
	unsigned char *buf = NULL, *cmyk;
	unsigned long n = 0;
	ms_err err = {0};
	bytes j;
	int i;

	CHECK_INT(ms_img_gray(&src, &grey), MS_OK);
	j.n = 0;
	CHECK_INT(ms_img_encode_jpeg(&grey, 95, &j.p, &j.n, &err), MS_OK);
	CHECK_INT(ms_img_decode(j.p, j.n, 0, &img, &err), MS_OK);
	CHECK_INT(img.ch, 3);
	if (img.px) {
		const uint8_t *q = px_at(&img, 28, 28);
		CHECK(q[0] == q[1] && q[1] == q[2]);
		CHECK(abs(q[0] - grey.px[28 * 32 + 28]) < 8);
	}
	ms_image_free(&img);
	bytes_free(&j);

	/* CMYK, as print shops export: inverted inks, no ink = 255. White
	 * paper with full black ink in the top half. */
	cmyk = malloc(32 * 32 * 4);
	for (i = 0; i < 32 * 32; i++) {
		cmyk[4 * i] = cmyk[4 * i + 1] = cmyk[4 * i + 2] = 255;
		cmyk[4 * i + 3] = i < 32 * 16 ? 0 : 255;
	}
	CHECK_INT(tjCompress2(tj, cmyk, 32, 0, 32, TJPF_CMYK, &buf, &n,
	                      TJSAMP_444, 95, 0),
	          0);
	CHECK_INT(ms_img_decode(buf, n, 0, &img, &err), MS_OK);
	if (img.px) {
		CHECK(px_at(&img, 5, 5)[0] < 30);
		CHECK(px_at(&img, 5, 28)[0] > 225);
	}
	ms_image_free(&img);
	tjFree(buf);
	free(cmyk);
	tjDestroy(tj);
	ms_image_free(&grey);
	ms_image_free(&src);
}

/* ---- PNG -------------------------------------------------------------- */

#define PW 9
#define PH 7

/* Expected colour of pixel (x, y) for each PNG case. */
static void png_expect(int which, int x, int y, uint8_t out[3]);

static const png_color pal4[4] = {
    {0, 0, 0}, {255, 0, 0}, {0, 128, 255}, {250, 240, 230}};

static int pal_index(int x, int y)
{
	return (x + 2 * y) % 4;
}

static void png_expect(int which, int x, int y, uint8_t out[3])
{
	int v = (x * 31 + y * 17) & 0xFF;
	int a;

	switch (which) {
	case 0: /* palette 8-bit */
	case 1: /* palette 2-bit */
	case 6: /* interlaced palette */
		out[0] = pal4[pal_index(x, y)].red;
		out[1] = pal4[pal_index(x, y)].green;
		out[2] = pal4[pal_index(x, y)].blue;
		return;
	case 2: /* grey 8 */
		out[0] = out[1] = out[2] = (uint8_t)v;
		return;
	case 3: /* grey 1-bit */
		out[0] = out[1] = out[2] = (x + y) % 2 ? 255 : 0;
		return;
	case 4: /* RGB 16: stored as v * 257 + 128 per channel */
	case 5: /* interlaced RGB 8 */
		out[0] = (uint8_t)v;
		out[1] = (uint8_t)(255 - v);
		out[2] = (uint8_t)(x * 20);
		return;
	case 7: /* RGBA: alpha 0 on the left, 255 on the right, 128 between */
	case 8: /* grey+alpha 16-bit, same alpha */
		a = x < 3 ? 0 : x < 6 ? 128 : 255;
		if (which == 7) {
			uint8_t c[3] = {(uint8_t)v, 0, 200};
			int k;
			for (k = 0; k < 3; k++)
				out[k] = (uint8_t)((c[k] * a + 255 * (255 - a) +
				                    127) /
				                   255);
		} else {
			out[0] = out[1] = out[2] =
			    (uint8_t)((v * a + 255 * (255 - a) + 127) / 255);
		}
		return;
	case 9: /* palette with tRNS: index 1 (red) fully transparent */
		if (pal_index(x, y) == 1) {
			out[0] = out[1] = out[2] = 255;
			return;
		}
		png_expect(0, x, y, out);
		return;
	}
}

static bytes png_case(int which)
{
	uint8_t rows[PH * PW * 8];
	static const uint8_t trns[1 + 1] = {255, 0};
	png_spec s = {PW,
	              PH,
	              8,
	              PNG_COLOR_TYPE_RGB,
	              PNG_INTERLACE_NONE,
	              rows,
	              0,
	              NULL,
	              0,
	              NULL,
	              0,
	              NULL,
	              NULL};
	int x, y;

	memset(rows, 0, sizeof(rows));
	for (y = 0; y < PH; y++)
		for (x = 0; x < PW; x++) {
			int v = (x * 31 + y * 17) & 0xFF;
			int a = x < 3 ? 0 : x < 6 ? 128 : 255;
			uint8_t *r;
			switch (which) {
			case 0:
			case 6:
			case 9:
				s.rowbytes = PW;
				rows[y * PW + x] = (uint8_t)pal_index(x, y);
				break;
			case 1:
				s.rowbytes = (PW * 2 + 7) / 8;
				rows[y * s.rowbytes + x / 4] |=
				    (uint8_t)(pal_index(x, y)
				              << (6 - 2 * (x % 4)));
				break;
			case 2:
				s.rowbytes = PW;
				rows[y * PW + x] = (uint8_t)v;
				break;
			case 3:
				s.rowbytes = (PW + 7) / 8;
				if ((x + y) % 2)
					rows[y * s.rowbytes + x / 8] |=
					    (uint8_t)(0x80 >> (x % 8));
				break;
			case 4:
				s.rowbytes = PW * 6;
				r = rows + y * s.rowbytes + 6 * x;
				r[0] = (uint8_t)v, r[1] = 128;
				r[2] = (uint8_t)(255 - v), r[3] = 128;
				r[4] = (uint8_t)(x * 20), r[5] = 128;
				break;
			case 5:
				s.rowbytes = PW * 3;
				r = rows + y * s.rowbytes + 3 * x;
				r[0] = (uint8_t)v, r[1] = (uint8_t)(255 - v);
				r[2] = (uint8_t)(x * 20);
				break;
			case 7:
				s.rowbytes = PW * 4;
				r = rows + y * s.rowbytes + 4 * x;
				r[0] = (uint8_t)v, r[1] = 0, r[2] = 200;
				r[3] = (uint8_t)a;
				break;
			case 8:
				s.rowbytes = PW * 4;
				r = rows + y * s.rowbytes + 4 * x;
				r[0] = (uint8_t)v, r[1] = (uint8_t)v;
				r[2] = (uint8_t)a, r[3] = (uint8_t)a;
				break;
			}
		}
	switch (which) {
	case 0:
	case 6:
	case 9:
		s.ctype = PNG_COLOR_TYPE_PALETTE;
		s.pal = pal4, s.npal = 4;
		if (which == 6)
			s.interlace = PNG_INTERLACE_ADAM7;
		if (which == 9)
			s.trns = trns, s.ntrns = 2;
		break;
	case 1:
		s.ctype = PNG_COLOR_TYPE_PALETTE, s.depth = 2;
		s.pal = pal4, s.npal = 4;
		break;
	case 2:
		s.ctype = PNG_COLOR_TYPE_GRAY;
		break;
	case 3:
		s.ctype = PNG_COLOR_TYPE_GRAY, s.depth = 1;
		break;
	case 4:
		s.depth = 16;
		break;
	case 5:
		s.interlace = PNG_INTERLACE_ADAM7;
		break;
	case 7:
		s.ctype = PNG_COLOR_TYPE_RGB_ALPHA;
		break;
	case 8:
		s.ctype = PNG_COLOR_TYPE_GRAY_ALPHA, s.depth = 16;
		break;
	}
	return png_of(&s);
}

static void test_png_variants(void)
{
	static const char *const names[] = {
	    "palette 8-bit",      "palette 2-bit", "grey 8-bit",
	    "grey 1-bit",         "RGB 16-bit",    "RGB interlaced",
	    "palette interlaced", "RGBA",          "grey+alpha 16-bit",
	    "palette with tRNS"};
	int which;

	for (which = 0; which < 10; which++) {
		bytes b = png_case(which);
		ms_image img;
		ms_err err = {0};
		ms_probe p;
		int x, y, bad = 0;

		CHECK_INT(ms_img_probe(b.p, b.n, &p, &err), MS_OK);
		CHECK_INT(p.fmt, MS_FMT_PNG);
		CHECK_INT(ms_img_decode(b.p, b.n, 0, &img, &err), MS_OK);
		CHECK_INT(img.w, PW);
		CHECK_INT(img.h, PH);
		CHECK_INT(img.ch, 3);
		for (y = 0; img.px && y < PH; y++)
			for (x = 0; x < PW; x++) {
				uint8_t want[3];
				png_expect(which, x, y, want);
				if (!near(px_at(&img, x, y), want, 1))
					bad++;
			}
		if (bad || !img.px)
			fprintf(stderr, "PNG %s: %d wrong pixels\n",
			        names[which], bad);
		CHECK(img.px && bad == 0);
		ms_image_free(&img);
		/* Cut short inside the image data: refused. */
		CHECK_INT(ms_img_decode(b.p, b.n - 20, 0, &img, &err),
		          MS_ERR_CORRUPT);
		CHECK_STR(err.msg, "the PNG is truncated or damaged");
		bytes_free(&b);
	}
}

/* A blank page compresses about a thousandfold and must still decode; a
 * header that declares 49 megapixels followed by a few bytes of data is
 * refused as truncated before memory is taken for its pixels. */
static void test_png_compression_bound(void)
{
	ms_image blank;
	png_spec s = {3000,
	              2000,
	              8,
	              PNG_COLOR_TYPE_RGB,
	              PNG_INTERLACE_NONE,
	              NULL,
	              9000,
	              NULL,
	              0,
	              NULL,
	              0,
	              NULL,
	              NULL};
	static const uint8_t tail[] = {
	    0, 0, 0, 2, 'I', 'D', 'A', 'T', 0x78, 0x9C, 1,    2,    3,
	    4, 0, 0, 0, 0,   'I', 'E', 'N', 'D',  0xAE, 0x42, 0x60, 0x82};
	bytes b, h = png_header_only(7000, 7000);
	ms_image img;
	ms_err err = {0};

	CHECK_INT(ms_image_alloc(&blank, 3000, 2000, 3), MS_OK);
	memset(blank.px, 255, blank.stride * 2000);
	s.rows = blank.px;
	b = png_of(&s);
	CHECK(b.n * 500 < blank.stride * 2000); /* it did compress */
	CHECK_INT(ms_img_decode(b.p, b.n, 0, &img, &err), MS_OK);
	CHECK(img.px && img.w == 3000 && px_at(&img, 2999, 1999)[2] == 255);
	ms_image_free(&img);
	bytes_free(&b);
	ms_image_free(&blank);

	b.n = h.n + sizeof(tail);
	b.p = malloc(b.n);
	memcpy(b.p, h.p, h.n);
	memcpy(b.p + h.n, tail, sizeof(tail));
	CHECK_INT(ms_img_decode(b.p, b.n, 0, &img, &err), MS_ERR_CORRUPT);
	CHECK_STR(err.msg, "the PNG is truncated or damaged");
	bytes_free(&b);
	bytes_free(&h);
}

static void test_png_exif(void)
{
	ms_image src = make_quadrants(16, 8);
	bytes ex = exif_block(6, EXIF_BYTE_ORDER_MOTOROLA), tiff, b;
	png_spec s = {16,
	              8,
	              8,
	              PNG_COLOR_TYPE_RGB,
	              PNG_INTERLACE_NONE,
	              src.px,
	              src.stride,
	              NULL,
	              0,
	              NULL,
	              0,
	              NULL,
	              &tiff};
	ms_image img;
	ms_probe p;

	tiff.p = ex.p + 6;
	tiff.n = ex.n - 6;
	b = png_of(&s);
	CHECK_INT(ms_img_probe(b.p, b.n, &p, NULL), MS_OK);
	CHECK_INT(p.orientation, 6);
	CHECK_INT(ms_img_decode(b.p, b.n, 0, &img, NULL), MS_OK);
	CHECK_INT(img.w, 8);
	CHECK_INT(img.h, 16);
	if (img.px) {
		CHECK(near(px_at(&img, 0, 0), quad_rgb[BLUE], 0));
		CHECK(near(px_at(&img, 7, 15), quad_rgb[GREEN], 0));
	}
	ms_image_free(&img);
	bytes_free(&b);
	bytes_free(&ex);
	ms_image_free(&src);
}

static void test_png_write(void)
{
	char path[] = "/tmp/meishi-test-png-XXXXXX";
	ms_image src = make_photo(37, 23, 9), grey, img;
	ms_err err = {0};
	ms_buf file;
	int fd = mkstemp(path), ok = 1;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	CHECK_INT(ms_img_write_png(&src, path, &err), MS_OK);
	CHECK_INT(ms_read_file(path, MS_MAX_IMAGE_BYTES, &file, &err), MS_OK);
	CHECK_INT(ms_img_decode((uint8_t *)file.data, file.len, 0, &img, &err),
	          MS_OK);
	CHECK(img.px && img.w == 37 && img.h == 23 &&
	      !memcmp(img.px, src.px, 37 * 23 * 3));
	ms_image_free(&img);
	ms_buf_free(&file);

	CHECK_INT(ms_img_gray(&src, &grey), MS_OK);
	CHECK_INT(ms_img_write_png(&grey, path, &err), MS_OK);
	CHECK_INT(ms_read_file(path, MS_MAX_IMAGE_BYTES, &file, &err), MS_OK);
	CHECK_INT(ms_img_decode((uint8_t *)file.data, file.len, 0, &img, &err),
	          MS_OK);
	for (fd = 0; img.px && fd < 37 * 23; fd++)
		if (img.px[3 * fd] != grey.px[fd] ||
		    img.px[3 * fd + 2] != grey.px[fd])
			ok = 0;
	CHECK(img.px && ok);
	ms_image_free(&img);
	ms_buf_free(&file);
	CHECK_INT(ms_img_write_png(&src, "/nonexistent-dir/x.png", &err),
	          MS_ERR_IO);
	unlink(path);
	ms_image_free(&grey);
	ms_image_free(&src);
}

/* ---- HEIF ------------------------------------------------------------- */

static struct heif_error heif_mem_write(struct heif_context *ctx,
                                        const void *data, size_t size,
                                        void *userdata)
{
	struct heif_error ok = {heif_error_Ok, heif_suberror_Unspecified, ""};

	(void)ctx;
	if (ms_buf_add(userdata, data, size))
		ok.code = heif_error_Encoding_error;
	return ok;
}

/* Encodes the quadrant picture as HEIC with x265, displayed with the given
 * orientation. Returns 0 if this libheif has no HEVC encoder. */
static int heic_of(const ms_image *src, int orientation, bytes *out)
{
	struct heif_context *ctx;
	struct heif_encoder *enc = NULL;
	struct heif_image *im = NULL;
	struct heif_encoding_options *opt;
	struct heif_writer wr = {1, heif_mem_write};
	uint8_t *plane;
	int stride, y;
	ms_buf buf;

	if (!heif_have_encoder_for_format(heif_compression_HEVC))
		return 0;
	ctx = heif_context_alloc();
	if (heif_context_get_encoder_for_format(ctx, heif_compression_HEVC,
	                                        &enc)
	        .code)
		abort();
	heif_encoder_set_lossy_quality(enc, 90);
	heif_encoder_set_logging_level(enc, 0);
	if (heif_image_create(src->w, src->h, heif_colorspace_RGB,
	                      heif_chroma_interleaved_RGB, &im)
	        .code ||
	    heif_image_add_plane(im, heif_channel_interleaved, src->w, src->h,
	                         8)
	        .code)
		abort();
	plane = heif_image_get_plane(im, heif_channel_interleaved, &stride);
	for (y = 0; y < src->h; y++)
		memcpy(plane + (size_t)y * (size_t)stride,
		       src->px + (size_t)y * src->stride, src->stride);
	opt = heif_encoding_options_alloc();
	opt->image_orientation = (enum heif_orientation)orientation;
	if (heif_context_encode_image(ctx, im, enc, opt, NULL).code)
		abort();
	ms_buf_init(&buf, 1u << 26);
	if (heif_context_write(ctx, &wr, &buf).code)
		abort();
	out->n = buf.len;
	out->p = (uint8_t *)ms_buf_take(&buf, NULL);
	heif_encoding_options_free(opt);
	heif_image_release(im);
	heif_encoder_release(enc);
	heif_context_free(ctx);
	return 1;
}

static void test_heif(void)
{
	ms_image src = make_quadrants(64, 48), img;
	ms_err err = {0};
	ms_probe p;
	bytes b;

	if (!heic_of(&src, 1, &b)) {
		printf("no HEVC encoder: HEIC decoding not tested\n");
		ms_image_free(&src);
		return;
	}
	CHECK_INT(ms_img_probe(b.p, b.n, &p, &err), MS_OK);
	CHECK_INT(p.fmt, MS_FMT_HEIF);
	CHECK_INT(p.w, 64);
	CHECK_INT(p.h, 48);
	CHECK_INT(ms_img_decode(b.p, b.n, 0, &img, &err), MS_OK);
	CHECK_INT(img.w, 64);
	CHECK_INT(img.h, 48);
	if (img.px) {
		CHECK(near(px_at(&img, 4, 4), quad_rgb[RED], 40));
		CHECK(near(px_at(&img, 59, 43), quad_rgb[WHITE], 40));
	}
	ms_image_free(&img);
	/* Cut in half: the coded picture is gone. */
	CHECK_INT(ms_img_decode(b.p, b.n / 2, 0, &img, &err), MS_ERR_CORRUPT);
	CHECK_STR(err.msg, "the HEIC image is truncated or damaged");
	bytes_free(&b);

	/* The file's own rotation (irot) is applied by libheif. */
	CHECK(heic_of(&src, 6, &b));
	CHECK_INT(ms_img_probe(b.p, b.n, &p, &err), MS_OK);
	CHECK_INT(p.orientation, 1);
	CHECK_INT(ms_img_decode(b.p, b.n, 0, &img, &err), MS_OK);
	CHECK_INT(img.w, 48);
	CHECK_INT(img.h, 64);
	if (img.px) {
		CHECK(near(px_at(&img, 4, 4), quad_rgb[BLUE], 40));
		CHECK(near(px_at(&img, 43, 4), quad_rgb[RED], 40));
	}
	ms_image_free(&img);
	bytes_free(&b);
	ms_image_free(&src);
}

/* Writes the seed corpus of tests/fuzz/fuzz_decode.c: small valid files
 * of each kind the decoder takes. Run as `test_img --write-seeds DIR`. */
static int write_seeds(const char *dir)
{
	ms_image photo = make_photo(48, 32, 5), quads = make_quadrants(24, 16);
	bytes b[10], ex = exif_block(3, EXIF_BYTE_ORDER_INTEL), tiff;
	static const char *const names[10] = {
	    "baseline.jpg", "progressive.jpg", "exif6.jpg",      "grey.jpg",
	    "palette.png",  "rgba.png",        "interlaced.png", "exif3.png",
	    "cmyk.jpg",     "small.heic"};
	png_spec s = {24,
	              16,
	              8,
	              PNG_COLOR_TYPE_RGB,
	              PNG_INTERLACE_NONE,
	              quads.px,
	              quads.stride,
	              NULL,
	              0,
	              NULL,
	              0,
	              NULL,
	              &tiff};
	char path[4096];
	int i, n = 9, rc = 0;

	b[0] = jpeg_of(&photo, 75, TJSAMP_420, 0);
	b[1] = jpeg_of(&photo, 75, TJSAMP_420, TJFLAG_PROGRESSIVE);
	b[3] = jpeg_of(&quads, 75, TJSAMP_444, 0);
	b[2] = with_exif(&b[3], 6, EXIF_BYTE_ORDER_MOTOROLA);
	bytes_free(&b[3]);
	{
		ms_image g;
		if (ms_img_gray(&photo, &g) ||
		    ms_img_encode_jpeg(&g, 75, &b[3].p, &b[3].n, NULL))
			abort();
		ms_image_free(&g);
	}
	b[4] = png_case(1);
	b[5] = png_case(7);
	b[6] = png_case(5);
	tiff.p = ex.p + 6;
	tiff.n = ex.n - 6;
	b[7] = png_of(&s);
	{
		tjhandle tj = tjInitCompress();
		unsigned char cmyk[16 * 16 * 4], *buf = NULL;
		unsigned long len = 0;
		for (i = 0; i < 16 * 16 * 4; i++)
			cmyk[i] = (uint8_t)(i * 7);
		if (!tj || tjCompress2(tj, cmyk, 16, 0, 16, TJPF_CMYK, &buf,
		                       &len, TJSAMP_420, 75, 0))
			abort();
		b[8].p = malloc(len);
		memcpy(b[8].p, buf, len);
		b[8].n = len;
		tjFree(buf);
		tjDestroy(tj);
	}
	if (heic_of(&quads, 6, &b[9]))
		n = 10;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (ms_write_file(path, b[i].p, b[i].n, NULL))
			rc = 1;
		printf("%s: %zu bytes\n", path, b[i].n);
		bytes_free(&b[i]);
	}
	bytes_free(&ex);
	ms_image_free(&photo);
	ms_image_free(&quads);
	return rc;
}

/* CPU time of the whole process (all threads), in seconds. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The decode benchmark: `test_img --bench FILE [MAX_SIDE]` times ten
 * decodes of FILE at the working size (or MAX_SIDE) and prints the median
 * and the peak RSS of the process. `test_img --write-bench FILE` writes a
 * 4000x3000 test JPEG, and the same picture as FILE.png and FILE.heic. */
static int bench(const char *path, int write, int max_side)
{
	ms_buf file;
	ms_image img;
	double t[10], c[10], t0, c0;
	struct rusage ru;
	int i;

	if (write) {
		ms_image src = make_photo(4000, 3000, 11);
		bytes j = jpeg_of(&src, 90, TJSAMP_420, 0);
		char other[4096];
		i = ms_write_file(path, j.p, j.n, NULL);
		printf("%s: 4000x3000, %zu bytes\n", path, j.n);
		bytes_free(&j);
		/* The same picture as PNG and HEIC, for comparison. */
		snprintf(other, sizeof(other), "%s.png", path);
		if (i == MS_OK)
			i = ms_img_write_png(&src, other, NULL);
		snprintf(other, sizeof(other), "%s.heic", path);
		if (i == MS_OK && heic_of(&src, 1, &j)) {
			i = ms_write_file(other, j.p, j.n, NULL);
			bytes_free(&j);
		}
		ms_image_free(&src);
		return i != MS_OK;
	}
	if (ms_read_file(path, MS_MAX_IMAGE_BYTES, &file, NULL))
		return 1;
	for (i = 0; i < 10; i++) {
		t0 = now();
		c0 = cpu_now();
		if (ms_img_decode((uint8_t *)file.data, file.len, max_side,
		                  &img, NULL))
			return 1;
		t[i] = now() - t0;
		c[i] = cpu_now() - c0;
		if (i == 0)
			printf("decoded to %dx%d\n", img.w, img.h);
		ms_image_free(&img);
	}
	qsort(t, 10, sizeof(t[0]), cmp_double);
	qsort(c, 10, sizeof(c[0]), cmp_double);
	getrusage(RUSAGE_SELF, &ru);
	printf("median %.1f ms wall (min %.1f, max %.1f), %.1f ms CPU; "
	       "peak RSS %ld KiB\n",
	       (t[4] + t[5]) / 2 * 1000, t[0] * 1000, t[9] * 1000,
	       (c[4] + c[5]) / 2 * 1000, ru.ru_maxrss);
	ms_buf_free(&file);
	return 0;
}

/* Paints the rectangle [x, x+w) x [y, y+h) of grey image g with v. */
static void paint(ms_image *g, int x, int y, int w, int h, uint8_t v)
{
	int i, j;

	for (j = y; j < y + h; j++)
		for (i = x; i < x + w; i++)
			g->px[(size_t)j * g->stride + (size_t)i] = v;
}

/* A line "第?口" drawn as ink: a dense first glyph, then the numeral's
 * strokes (the top one faint, as a light Mincho prints it), then a boxy
 * glyph. The strokes are counted; upright strokes are not numerals. */
static void test_glyph_strokes(void)
{
	static const struct {
		int strokes, upright, want;
	} cases[] = {{1, 0, 1}, {2, 0, 2}, {3, 0, 3}, {2, 1, 0}};
	const ms_box line = {20, 10, 120, 30};
	ms_box gl[4];
	ms_image g;
	size_t i, n;
	int k;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		CHECK(ms_image_alloc(&g, 160, 50, 1) == MS_OK);
		memset(g.px, 235, g.stride * (size_t)g.h);
		/* 第: a full cell of crossing strokes */
		paint(&g, 21, 11, 28, 3, 30);
		paint(&g, 21, 20, 28, 3, 30);
		paint(&g, 21, 30, 28, 3, 30);
		paint(&g, 34, 11, 3, 28, 30);
		/* the numeral, 24 px wide; the top stroke fainter */
		for (k = 0; k < cases[i].strokes; k++)
			paint(&g, 56 + (k == 0 && cases[i].strokes > 1 ? 4 : 0),
			      14 + k * 20 / cases[i].strokes,
			      k == 0 && cases[i].strokes > 1 ? 16 : 24, 3,
			      k == 0 && cases[i].strokes > 1 ? 150 : 40);
		if (cases[i].upright)
			paint(&g, 67, 12, 3, 26, 40);
		/* 口 */
		paint(&g, 90, 12, 24, 3, 30);
		paint(&g, 90, 35, 24, 3, 30);
		paint(&g, 90, 12, 3, 26, 30);
		paint(&g, 111, 12, 3, 26, 30);
		n = ms_img_glyphs(&g, line, gl, 4);
		CHECK_INT((int)n, 3);
		if (n == 3) {
			CHECK_INT(gl[0].x, 21);
			CHECK_INT(gl[0].y, 11); /* as high as its ink */
			CHECK_INT(gl[0].h, 28);
			CHECK_INT(gl[1].x, 56);
			/* looked at in the rows of the full glyph beside */
			gl[1].y = gl[0].y, gl[1].h = gl[0].h;
			CHECK_INT(ms_img_hstrokes(&g, line, gl[1]),
			          cases[i].want);
			CHECK_INT(ms_img_hstrokes(&g, line, gl[2]), 0);
		}
		ms_image_free(&g);
	}
	/* A stroke of the next line's big glyph caught in the box: 第's
	 * height is its own ink, so the box is not one row of text. */
	CHECK(ms_image_alloc(&g, 160, 60, 1) == MS_OK);
	memset(g.px, 235, g.stride * (size_t)g.h);
	paint(&g, 21, 11, 28, 3, 30);
	paint(&g, 34, 11, 3, 24, 30);
	paint(&g, 21, 50, 28, 3, 30); /* below, after a gap */
	{
		ms_box tall = {20, 10, 120, 45};
		CHECK_INT((int)ms_img_glyphs(&g, tall, gl, 4), 1);
		CHECK_INT(gl[0].h, 24);
	}
	ms_image_free(&g);
	/* A blank line has no glyphs; a box outside the image none either. */
	CHECK(ms_image_alloc(&g, 160, 50, 1) == MS_OK);
	memset(g.px, 235, g.stride * (size_t)g.h);
	CHECK_INT((int)ms_img_glyphs(&g, line, gl, 4), 0);
	{
		ms_box out = {150, 10, 40, 30};
		CHECK_INT((int)ms_img_glyphs(&g, out, gl, 4), 0);
		CHECK_INT(ms_img_hstrokes(&g, line, out), 0);
	}
	ms_image_free(&g);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--write-seeds"))
		return write_seeds(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "--bench"))
		return bench(argv[2], 0,
		             argc > 3 ? (int)strtol(argv[3], NULL, 10)
		                      : MS_WORK_LONG_SIDE);
	if (argc == 3 && !strcmp(argv[1], "--write-bench"))
		return bench(argv[2], 1, 0);
	test_bad_inputs();
	test_200mb();
	test_jpeg_truncated();
	test_jpeg_progressive();
	test_exif_orientation();
	test_jpeg_scaling();
	test_jpeg_grey_and_cmyk();
	test_png_variants();
	test_png_compression_bound();
	test_png_exif();
	test_png_write();
	test_heif();
	test_glyph_strokes();
	return t_done();
}
