/*
 * HEIF/HEIC: the photos iPhones take, read with libheif.
 *
 * libheif parses the box structure into a context without touching the
 * coded picture, so the probe opens a context, takes the primary image and
 * reads its declared size: both the stored size ('ispe') and the size after
 * the file's own rotation and crop. Both must be within the limits, and
 * since HEIF cannot be decoded at a smaller scale, within
 * MS_MAX_DECODE_PIXELS too before anything is decoded.
 *
 * HEIF carries its orientation in 'irot'/'imir' boxes, which libheif
 * applies while decoding; any EXIF orientation in the file describes the
 * stored picture and must not be applied again, so the probe reports 1.
 * Tiles are decoded on the calling thread (the job pool gives parallelism),
 * HDR pictures are converted to 8 bits, and alpha is composited on white.
 */
#include <libheif/heif.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "img_int.h"
#include "meishi/limits.h"

static pthread_once_t heif_once = PTHREAD_ONCE_INIT;

static void heif_start(void)
{
	/* Registers the decoder plugins once for the whole process; the
	 * matching heif_deinit would only matter at exit. */
	(void)heif_init(NULL);
}

static ms_rc heif_failed(struct heif_error e, ms_err *err)
{
	if (e.subcode == heif_suberror_Security_limit_exceeded)
		return ms_err_set(err, MS_ERR_TOO_BIG,
		                  "the HEIC image is larger than the limits "
		                  "allow");
	if (e.code == heif_error_Unsupported_feature ||
	    e.code == heif_error_Unsupported_filetype)
		return ms_err_set(err, MS_ERR_FORMAT,
		                  "this HEIC image uses a feature that is not "
		                  "supported");
	if (e.code == heif_error_Memory_allocation_error)
		return ms_err_set(
		    err, MS_ERR_NOMEM,
		    "out of memory while decoding the HEIC image");
	return ms_err_set(err, MS_ERR_CORRUPT,
	                  "the HEIC image is truncated or damaged");
}

/* ---- Reference loops ---------------------------------------------------
 *
 * libheif 1.15 (Debian 12) decodes a grid by decoding each tile its 'dimg'
 * references name, and an image's alpha or depth plane by decoding the
 * 'auxl' image that names it, by recursion and without noticing loops: a
 * grid that names itself as its own tile takes the process down with a
 * stack overflow. So before libheif sees the file, the references are read
 * from the 'iref' box and any loop in "decoding X needs Y" is refused. */

struct heif_edge {
	uint32_t from, to;
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

#define FOURCC(a, b, c, d)                                                     \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 |      \
	 (uint32_t)(d))

/* Steps to the box at *pos, below end: its type, and its body as
 * [*body, *bend). Returns 0 at the end or where the box does not fit. */
static int box_next(const uint8_t *d, size_t end, size_t *pos,
                    uint32_t *type, size_t *body, size_t *bend)
{
	size_t at = *pos, hdr = 8;
	uint64_t size;

	if (at > end || end - at < 8)
		return 0;
	size = be32(d + at);
	*type = be32(d + at + 4);
	if (size == 1) {
		if (end - at < 16)
			return 0;
		size = (uint64_t)be32(d + at + 8) << 32 | be32(d + at + 12);
		hdr = 16;
	} else if (size == 0) {
		size = end - at;
	}
	if (size < hdr)
		return 0;
	if (size > end - at) /* libheif reads a box cut short too */
		size = end - at;
	*body = at + hdr;
	*bend = at + (size_t)size;
	*pos = *bend;
	return 1;
}

/* The body of the first box of the given type in [pos, end), or 0. */
static int box_find(const uint8_t *d, size_t pos, size_t end, uint32_t want,
                    size_t *body, size_t *bend)
{
	uint32_t type;

	while (box_next(d, end, &pos, &type, body, bend))
		if (type == want)
			return 1;
	return 0;
}

static int edge_cmp(const void *a, const void *b)
{
	const struct heif_edge *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->to < y->to ? -1 : x->to > y->to;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static size_t id_index(const uint32_t *ids, size_t n, uint32_t id)
{
	const uint32_t *hit = bsearch(&id, ids, n, sizeof(*ids), u32_cmp);
	return (size_t)(hit - ids);
}

/* Whether the edges hold a loop: Kahn's topological sort leaves the
 * images on a loop unvisited. -1 when out of memory. */
static int edges_loop(struct heif_edge *e, size_t ne)
{
	uint32_t *ids, *indeg, *queue;
	size_t *first, nid = 0, i, j, head = 0, tail = 0;
	int loop = -1;

	ids = malloc(2 * ne * sizeof(*ids));
	indeg = calloc(2 * ne, sizeof(*indeg));
	queue = malloc(2 * ne * sizeof(*queue));
	first = malloc(2 * ne * sizeof(*first));
	if (!ids || !indeg || !queue || !first)
		goto out;
	qsort(e, ne, sizeof(*e), edge_cmp);
	for (i = 0; i < ne; i++) {
		ids[2 * i] = e[i].from;
		ids[2 * i + 1] = e[i].to;
	}
	qsort(ids, 2 * ne, sizeof(*ids), u32_cmp);
	for (i = 0; i < 2 * ne; i++)
		if (nid == 0 || ids[nid - 1] != ids[i])
			ids[nid++] = ids[i];
	/* Edges are sorted by their source: first[k] is the first edge of
	 * the k-th image. */
	for (i = 0, j = 0; j < nid; j++) {
		while (i < ne && e[i].from < ids[j])
			i++;
		first[j] = i;
	}
	for (i = 0; i < ne; i++)
		indeg[id_index(ids, nid, e[i].to)]++;
	for (j = 0; j < nid; j++)
		if (!indeg[j])
			queue[tail++] = (uint32_t)j;
	while (head < tail) {
		size_t k = queue[head++];
		for (i = first[k]; i < ne && e[i].from == ids[k]; i++) {
			size_t t = id_index(ids, nid, e[i].to);
			if (--indeg[t] == 0)
				queue[tail++] = (uint32_t)t;
		}
	}
	loop = tail < nid;
out:
	free(ids);
	free(indeg);
	free(queue);
	free(first);
	return loop;
}

/* Refuses a file whose image references loop, or that declares more of
 * them than MS_HEIF_MAX_REFS. A file without an 'iref' box passes; one
 * whose boxes do not parse is left for libheif to refuse. */
static ms_rc heif_refs_check(const uint8_t *d, size_t len, ms_err *err)
{
	struct heif_edge *e;
	size_t body, bend, pos, rb, re, ne = 0;
	uint32_t type;
	int wide, loop;

	if (!box_find(d, 0, len, FOURCC('m', 'e', 't', 'a'), &body, &bend) ||
	    bend - body < 4 ||
	    !box_find(d, body + 4, bend, FOURCC('i', 'r', 'e', 'f'), &body,
	              &bend) ||
	    bend - body < 4)
		return MS_OK;
	wide = d[body] == 1; /* version 1: 32-bit item IDs */
	e = malloc(MS_HEIF_MAX_REFS * sizeof(*e));
	if (!e)
		return ms_err_set(err, MS_ERR_NOMEM,
		                  "out of memory while decoding the HEIC image");
	/* Like libheif, read the references one after another, each a box
	 * header, an item ID, a count and the IDs, without trusting the
	 * sizes in their headers. */
	pos = body + 4;
	while (bend - pos >= 8) {
		size_t w = wide ? 4 : 2, hdr = 8, n, k;
		uint32_t from;
		int dimg, auxl;

		type = be32(d + pos + 4);
		if (be32(d + pos) == 1)
			hdr = 16;
		if (type == FOURCC('u', 'u', 'i', 'd'))
			hdr += 16;
		dimg = type == FOURCC('d', 'i', 'm', 'g');
		auxl = type == FOURCC('a', 'u', 'x', 'l');
		if (bend - pos < hdr + w + 2)
			break;
		rb = pos + hdr;
		from = wide ? be32(d + rb) : (uint32_t)d[rb] << 8 | d[rb + 1];
		n = (size_t)d[rb + w] << 8 | d[rb + w + 1];
		re = rb + w + 2;
		for (k = 0; k < n && bend - re >= w; k++, re += w) {
			const uint8_t *q = d + re;
			uint32_t to = wide ? be32(q) : (uint32_t)q[0] << 8 | q[1];
			if (!dimg && !auxl)
				continue;
			if (ne == MS_HEIF_MAX_REFS) {
				free(e);
				return ms_err_set(
				    err, MS_ERR_TOO_BIG,
				    "the HEIC image declares more than %d "
				    "image references",
				    MS_HEIF_MAX_REFS);
			}
			/* A grid needs its tiles; an image needs the
			 * alpha or depth image that names it. */
			e[ne].from = dimg ? from : to;
			e[ne].to = dimg ? to : from;
			ne++;
		}
		pos = re;
	}
	loop = ne ? edges_loop(e, ne) : 0;
	free(e);
	if (loop < 0)
		return ms_err_set(err, MS_ERR_NOMEM,
		                  "out of memory while decoding the HEIC image");
	if (loop)
		return ms_err_set(err, MS_ERR_CORRUPT,
		                  "the HEIC image is damaged: its images refer "
		                  "to each other in a loop");
	return MS_OK;
}

/* Opens data (which must outlive the context) and its primary image, and
 * checks the declared sizes. */
static ms_rc heif_open(const uint8_t *data, size_t len,
                       struct heif_context **ctx, struct heif_image_handle **hd,
                       ms_err *err)
{
	struct heif_error e;
	int w, h, iw, ih;
	ms_rc rc;

	*hd = NULL;
	*ctx = NULL;
	rc = heif_refs_check(data, len, err);
	if (rc)
		return rc;
	pthread_once(&heif_once, heif_start);
	*ctx = heif_context_alloc();
	if (!*ctx)
		return ms_err_set(
		    err, MS_ERR_NOMEM,
		    "out of memory while decoding the HEIC image");
	heif_context_set_maximum_image_size_limit(*ctx, MS_HEIF_MAX_SIDE);
	heif_context_set_max_decoding_threads(*ctx, 0);
	e = heif_context_read_from_memory_without_copy(*ctx, data, len, NULL);
	if (e.code == heif_error_Ok)
		e = heif_context_get_primary_image_handle(*ctx, hd);
	if (e.code != heif_error_Ok)
		return heif_failed(e, err);
	w = heif_image_handle_get_width(*hd);
	h = heif_image_handle_get_height(*hd);
	iw = heif_image_handle_get_ispe_width(*hd);
	ih = heif_image_handle_get_ispe_height(*hd);
	if (w <= 0 || h <= 0)
		return ms_err_set(err, MS_ERR_CORRUPT,
		                  "the HEIC image is truncated or damaged");
	rc = ms_img_check_size((unsigned long)w, (unsigned long)h, err);
	if (rc == MS_OK && iw > 0 && ih > 0)
		rc = ms_img_check_size((unsigned long)iw, (unsigned long)ih,
		                       err);
	return rc;
}

static void heif_close(struct heif_context *ctx, struct heif_image_handle *hd)
{
	if (hd)
		heif_image_handle_release(hd);
	if (ctx)
		heif_context_free(ctx);
}

ms_rc ms_img_heif_probe(const uint8_t *data, size_t len, ms_probe *out,
                        ms_err *err)
{
	struct heif_context *ctx = NULL;
	struct heif_image_handle *hd = NULL;
	ms_rc rc;
	int iw, ih;

	rc = heif_open(data, len, &ctx, &hd, err);
	if (rc == MS_OK) {
		iw = heif_image_handle_get_ispe_width(hd);
		ih = heif_image_handle_get_ispe_height(hd);
		out->fmt = MS_FMT_HEIF;
		out->w =
		    iw > 0 && ih > 0 ? iw : heif_image_handle_get_width(hd);
		out->h =
		    iw > 0 && ih > 0 ? ih : heif_image_handle_get_height(hd);
		out->orientation = 1;
	}
	heif_close(ctx, hd);
	return rc;
}

static int over_decode_limit(int w, int h)
{
	return (unsigned long long)w * (unsigned)h > MS_MAX_DECODE_PIXELS;
}

ms_rc ms_img_heif_decode(const uint8_t *data, size_t len, const ms_probe *p,
                         ms_image *out, ms_err *err)
{
	struct heif_context *ctx = NULL;
	struct heif_image_handle *hd = NULL;
	struct heif_decoding_options *opt = NULL;
	struct heif_image *im = NULL;
	struct heif_error e;
	const uint8_t *plane;
	int w, h, alpha, stride, x, y;
	ms_rc rc;

	memset(out, 0, sizeof(*out));
	rc = heif_open(data, len, &ctx, &hd, err);
	if (rc)
		goto out;
	w = heif_image_handle_get_width(hd);
	h = heif_image_handle_get_height(hd);
	if (over_decode_limit(w, h) || over_decode_limit(p->w, p->h)) {
		rc = ms_img_err_decode_limit(err, "HEIC", w, h);
		goto out;
	}
	alpha = heif_image_handle_has_alpha_channel(hd);
	opt = heif_decoding_options_alloc();
	if (!opt) {
		rc = ms_err_set(err, MS_ERR_NOMEM,
		                "out of memory while decoding the HEIC image");
		goto out;
	}
	opt->convert_hdr_to_8bit = 1;
	e = heif_decode_image(hd, &im, heif_colorspace_RGB,
	                      alpha ? heif_chroma_interleaved_RGBA
	                            : heif_chroma_interleaved_RGB,
	                      opt);
	if (e.code != heif_error_Ok) {
		rc = heif_failed(e, err);
		goto out;
	}
	w = heif_image_get_width(im, heif_channel_interleaved);
	h = heif_image_get_height(im, heif_channel_interleaved);
	plane = heif_image_get_plane_readonly(im, heif_channel_interleaved,
	                                      &stride);
	if (!plane || w <= 0 || h <= 0 || over_decode_limit(w, h) ||
	    heif_image_get_bits_per_pixel_range(im, heif_channel_interleaved) !=
	        8 ||
	    stride < w * (alpha ? 4 : 3)) {
		rc = ms_err_set(err, MS_ERR_CORRUPT,
		                "the HEIC image is truncated or damaged");
		goto out;
	}
	rc = ms_image_alloc(out, w, h, 3);
	if (rc) {
		rc = ms_err_set(err, rc,
		                "out of memory while decoding the HEIC image");
		goto out;
	}
	for (y = 0; y < h; y++) {
		const uint8_t *s = plane + (size_t)y * (size_t)stride;
		uint8_t *d = out->px + (size_t)y * out->stride;
		if (!alpha) {
			memcpy(d, s, (size_t)w * 3);
			continue;
		}
		for (x = 0; x < w; x++, s += 4, d += 3) {
			unsigned a = s[3], k = 255 * (255 - a) + 127;
			d[0] = (uint8_t)((s[0] * a + k) / 255);
			d[1] = (uint8_t)((s[1] * a + k) / 255);
			d[2] = (uint8_t)((s[2] * a + k) / 255);
		}
	}
out:
	if (rc)
		ms_image_free(out);
	if (im)
		heif_image_release(im);
	heif_decoding_options_free(opt);
	heif_close(ctx, hd);
	return rc;
}
