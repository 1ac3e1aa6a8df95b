/*
 * The OCR stage (meishi/ocr.h): the only file that includes Tesseract.
 *
 * Horizontal text is read by a "jpn+eng" engine in automatic page
 * segmentation and returned line by line. Vertical Japanese is read by a
 * separate "jpn_vert" engine: Tesseract's automatic segmentation handles
 * vertical text badly, so the caller hands it the card image and it is
 * read as one uniform block of vertical text (PSM 5).
 *
 * Tesseract's Japanese models put spaces between CJK characters; those
 * are removed here, because they are an artefact of the engine, not text
 * on the card.
 */
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

#include "meishi/ocr.h"
#include "meishi/text.h"

#ifndef MEISHI_TESSDATA_DEFAULT
#define MEISHI_TESSDATA_DEFAULT "/usr/share/tesseract-ocr/5/tessdata"
#endif

struct ms_ocr {
	TessBaseAPI *h;    /* jpn+eng */
	TessBaseAPI *v;    /* jpn_vert, or NULL */
	char tessdata[1024];
};

static int is_cjk(int32_t c)
{
	return (c >= 0x3000 && c <= 0x30FF) ||  /* CJK punct, kana */
	       (c >= 0x3400 && c <= 0x4DBF) ||  /* ext A */
	       (c >= 0x4E00 && c <= 0x9FFF) ||  /* unified ideographs */
	       (c >= 0xF900 && c <= 0xFAFF) ||  /* compatibility */
	       (c >= 0xFF00 && c <= 0xFFEF) ||  /* full/half width forms */
	       (c >= 0x31F0 && c <= 0x31FF) || (c >= 0x3200 && c <= 0x32FF);
}

/* Removes spaces that stand between two CJK characters, trims, and drops
 * control characters. out has MS_MAX_LINE_BYTES. */
static void clean_line(const char *in, char *out, size_t cap)
{
	size_t n = strlen(in), i = 0, k;
	int32_t cp, prev = 0;

	out[0] = '\0';
	while (i < n) {
		k = ms_utf8_next(in + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		if (cp == ' ' || cp == 0x3000) {
			/* Look ahead past the run of spaces. */
			size_t j = i + k, kk;
			int32_t nx = 0;
			while (j < n) {
				kk = ms_utf8_next(in + j, n - j, &nx);
				if (kk == 0 || (nx != ' ' && nx != 0x3000))
					break;
				j += kk;
			}
			if (j >= n || prev == 0 ||
			    (is_cjk(prev) && is_cjk(nx))) {
				i = j;
				continue;
			}
			cp = ' ';
			k = j - i;
		} else if (cp < 0x20 || cp == 0x7F) {
			i += k;
			continue;
		}
		if (ms_utf8_put(out, cap, cp) == 0)
			break;
		prev = cp;
		i += k;
	}
	ms_trim(out);
}

static TessBaseAPI *engine_new(const char *dir, const char *lang,
			       ms_err *err)
{
	TessBaseAPI *h = TessBaseAPICreate();

	if (!h) {
		ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (TessBaseAPIInit3(h, dir, lang) != 0) {
		TessBaseAPIDelete(h);
		ms_err_set(err, MS_ERR_OCR,
			   "cannot load OCR models '%s' from %s (install "
			   "tesseract-ocr-jpn, -jpn-vert and -eng)",
			   lang, dir);
		return NULL;
	}
	/* Keep Tesseract quiet and let it see a card at ~300 dpi. */
	TessBaseAPISetVariable(h, "debug_file", "/dev/null");
	TessBaseAPISetVariable(h, "user_defined_dpi", "300");
	return h;
}

ms_rc ms_ocr_new(const ms_ocr_opts *opts, ms_ocr **out, ms_err *err)
{
	const char *dir = opts ? opts->tessdata_dir : NULL;
	const char *langs = opts && opts->langs ? opts->langs : "jpn+eng";
	ms_ocr *o;

	*out = NULL;
	if (!dir)
		dir = getenv("MEISHI_TESSDATA");
	if (!dir)
		dir = MEISHI_TESSDATA_DEFAULT;
	o = calloc(1, sizeof(*o));
	if (!o)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	ms_strlcpy_utf8(o->tessdata, dir, sizeof(o->tessdata));
	o->h = engine_new(o->tessdata, langs, err);
	if (!o->h) {
		free(o);
		return err ? err->rc : MS_ERR_OCR;
	}
	if (!opts || opts->vertical) {
		o->v = engine_new(o->tessdata, "jpn_vert", err);
		if (!o->v) {
			ms_ocr_free(o);
			return err ? err->rc : MS_ERR_OCR;
		}
	}
	*out = o;
	return MS_OK;
}

void ms_ocr_free(ms_ocr *o)
{
	if (!o)
		return;
	if (o->h) {
		TessBaseAPIEnd(o->h);
		TessBaseAPIDelete(o->h);
	}
	if (o->v) {
		TessBaseAPIEnd(o->v);
		TessBaseAPIDelete(o->v);
	}
	free(o);
}

const char *ms_ocr_tessdata(const ms_ocr *o)
{
	return o->tessdata;
}

static ms_rc read_with(TessBaseAPI *h, int psm, int vertical,
		       const ms_image *gray, ms_lines *out, ms_err *err)
{
	TessResultIterator *ri;
	TessPageIterator *pi;
	char clean[MS_MAX_LINE_BYTES];
	ms_rc rc = MS_OK;

	if (gray->ch != 1)
		return ms_err_set(err, MS_ERR_INVALID, "OCR needs grey input");
	TessBaseAPISetPageSegMode(h, (TessPageSegMode)psm);
	TessBaseAPISetImage(h, gray->px, gray->w, gray->h, 1,
			    (int)gray->stride);
	TessBaseAPISetSourceResolution(h, 300);
	if (TessBaseAPIRecognize(h, NULL) != 0) {
		TessBaseAPIClear(h);
		return ms_err_set(err, MS_ERR_OCR, "OCR failed on this image");
	}
	ri = TessBaseAPIGetIterator(h);
	if (!ri) {
		TessBaseAPIClear(h);
		return MS_OK; /* no text at all */
	}
	pi = TessResultIteratorGetPageIterator(ri);
	do {
		char *txt = TessResultIteratorGetUTF8Text(ri, RIL_TEXTLINE);
		int l, t, r, b;
		float conf;
		ms_box box;

		if (!txt)
			continue;
		conf = TessResultIteratorConfidence(ri, RIL_TEXTLINE) / 100.0f;
		if (!TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &l, &t, &r,
						 &b)) {
			TessDeleteText(txt);
			continue;
		}
		clean_line(txt, clean, sizeof(clean));
		TessDeleteText(txt);
		if (!clean[0])
			continue;
		box.x = l, box.y = t, box.w = r - l, box.h = b - t;
		rc = ms_lines_add(out, clean, box, conf, vertical);
		if (rc == MS_ERR_LIMIT) {
			rc = MS_OK; /* keep what fits */
			break;
		}
		if (rc) {
			ms_err_set(err, rc, "out of memory");
			break;
		}
	} while (TessPageIteratorNext(pi, RIL_TEXTLINE));
	TessResultIteratorDelete(ri);
	TessBaseAPIClear(h);
	return rc;
}

ms_rc ms_ocr_read(ms_ocr *o, const ms_image *gray, ms_lines *out, ms_err *err)
{
	return read_with(o->h, PSM_AUTO, 0, gray, out, err);
}

ms_rc ms_ocr_read_vertical(ms_ocr *o, const ms_image *gray, ms_lines *out,
			   ms_err *err)
{
	if (!o->v)
		return ms_err_set(err, MS_ERR_OCR, "vertical model not loaded");
	return read_with(o->v, PSM_SINGLE_BLOCK_VERT_TEXT, 1, gray, out, err);
}
