/*
 * The OCR stage (meishi/ocr.h): the only file that includes Tesseract.
 *
 * Horizontal text is read by a "jpn+eng" engine in automatic page
 * segmentation and returned line by line. Vertical Japanese is read by a
 * separate "jpn_vert" engine: Tesseract's automatic segmentation handles
 * vertical text badly, so the caller hands it the card image and it is
 * read as one uniform block of vertical text (PSM 5).
 *
 * Lines are assembled here from Tesseract's words: its Japanese models
 * split CJK text into many small words, so CJK words are joined without a
 * space unless the gap between them on the card is wide (the break between
 * family and given name, or department and title, is kept as one space).
 *
 * Large text (a bold name) and low-confidence lines are read again from a
 * crop scaled to the line height the LSTM was trained on.
 */
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

#include "meishi/ocr.h"
#include "meishi/text.h"

/* Tesseract's LSTM reads a line best when its box is about this many
 * pixels high; large bold names in particular are misread at full size. */
#define OCR_LINE_HEIGHT 36

/* Most lines re-read at that height per card (each costs ~20-50 ms). */
#define OCR_MAX_REFINE 16

#ifndef MEISHI_TESSDATA_DEFAULT
#define MEISHI_TESSDATA_DEFAULT "/usr/share/tesseract-ocr/5/tessdata"
#endif

struct ms_ocr {
	TessBaseAPI *h;    /* jpn+eng */
	TessBaseAPI *v;    /* jpn_vert, or NULL */
	char tessdata[1024];
};

/* Drops control characters, folds runs of spaces into one, and trims.
 * out has cap bytes. */
static void clean_line(const char *in, char *out, size_t cap)
{
	size_t n = strlen(in), i = 0, k;
	int32_t cp, prev = ' ';

	out[0] = '\0';
	while (i < n) {
		k = ms_utf8_next(in + i, n - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		i += k;
		if (cp == 0x3000 || cp == '\t')
			cp = ' ';
		if (cp < 0x20 || cp == 0x7F || (cp == ' ' && prev == ' '))
			continue;
		if (ms_utf8_put(out, cap, cp) == 0)
			break;
		prev = cp;
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

/* Where a recognised image sits on the card: card = offset + img / scale. */
struct placement {
	int ox, oy;
	double scale;
	int vertical;
};

/* Appends one line, its box mapped back to card pixels. */
static ms_rc add_line(ms_lines *out, const char *raw, float conf, int l,
		      int t, int r, int b, const struct placement *pl)
{
	char clean[MS_MAX_LINE_BYTES];
	ms_box box;
	ms_rc rc;

	clean_line(raw, clean, sizeof(clean));
	if (!clean[0])
		return MS_OK;
	box.x = pl->ox + (int)(l / pl->scale + 0.5);
	box.y = pl->oy + (int)(t / pl->scale + 0.5);
	box.w = (int)((r - l) / pl->scale + 0.5);
	box.h = (int)((b - t) / pl->scale + 0.5);
	rc = ms_lines_add(out, clean, box, conf, pl->vertical);
	return rc == MS_ERR_LIMIT ? MS_OK : rc;
}

static ms_rc recognise(TessBaseAPI *h, int psm, const ms_image *gray,
		       const struct placement *pl, ms_lines *out, ms_err *err)
{
	TessResultIterator *ri;
	TessPageIterator *pi;
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

		if (!txt)
			continue;
		conf = TessResultIteratorConfidence(ri, RIL_TEXTLINE) / 100.0f;
		if (TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &l, &t, &r,
						&b))
			rc = add_line(out, txt, conf, l, t, r, b, pl);
		TessDeleteText(txt);
		if (rc) {
			ms_err_set(err, rc, "out of memory");
			break;
		}
	} while (TessPageIteratorNext(pi, RIL_TEXTLINE));
	TessResultIteratorDelete(ri);
	TessBaseAPIClear(h);
	return rc;
}

static double lines_conf(const ms_lines *ls)
{
	double s = 0, n = 0;
	size_t i;

	for (i = 0; i < ls->n; i++) {
		double k = (double)ms_utf8_len(ls->v[i].text);
		s += ls->v[i].conf * k;
		n += k;
	}
	return n > 0 ? s / n : 0;
}

/* Splits the rows [y0, y1) of a grey crop into runs that hold ink,
 * separated by blank rows: the text lines inside one OCR box. Returns the
 * number of runs (at most max). */
static int ink_rows(const ms_image *g, int *top, int *bot, int max)
{
	int lo = 255, hi = 0, x, y, n = 0, in = 0, thr;

	for (y = 0; y < g->h; y++)
		for (x = 0; x < g->w; x++) {
			int v = g->px[(size_t)y * g->stride + x];
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
	if (hi - lo < 40)
		return 0;
	thr = (lo + hi) / 2;
	for (y = 0; y <= g->h; y++) {
		int ink = 0;
		if (y < g->h)
			for (x = 0; x < g->w; x++)
				if (g->px[(size_t)y * g->stride + x] < thr)
					ink++;
		if (ink > 0 && !in) {
			in = 1;
			if (n < max)
				top[n] = y;
		} else if (ink == 0 && in) {
			in = 0;
			if (n < max && y - top[n] >= 5)
				bot[n++] = y;
		}
	}
	return n;
}

/* Reads one band of the crop (rows top..bot) scaled so its ink is
 * OCR_LINE_HEIGHT pixels high, as a single line, into re. */
static void read_band(TessBaseAPI *h, const ms_image *crop, int cx, int cy,
		      int top, int bot, ms_lines *re)
{
	int m = (bot - top) / 4 + 2, y0 = top - m < 0 ? 0 : top - m;
	int y1 = bot + m > crop->h ? crop->h : bot + m;
	double scale = (double)OCR_LINE_HEIGHT / (bot - top);
	ms_image band = {0}, sized = {0};
	struct placement pl;
	int w, hh;

	if (scale > 1.0 && scale < 1.34)
		scale = 1.0;
	if (ms_img_crop(crop, 0, y0, crop->w, y1 - y0, &band))
		return;
	w = (int)(band.w * scale + 0.5);
	hh = (int)(band.h * scale + 0.5);
	if (w >= 8 && hh >= 8 && ms_img_resize(&band, w, hh, &sized) == MS_OK) {
		pl.ox = cx, pl.oy = cy + y0;
		pl.scale = (double)w / band.w;
		pl.vertical = 0;
		if (recognise(h, PSM_SINGLE_LINE, &sized, &pl, re, NULL))
			ms_lines_free(re);
	}
	ms_image_free(&band);
	ms_image_free(&sized);
}

/* Re-reads lines whose text is far from the height the LSTM reads best,
 * or whose confidence is low: the box is split into the text lines it
 * holds (Tesseract sometimes merges a small reading line into a big name),
 * and each is read alone at OCR_LINE_HEIGHT. The more confident reading
 * is kept. */
static void refine_lines(TessBaseAPI *h, const ms_image *gray, ms_lines *ls,
			 size_t first)
{
	size_t i, end = ls->n, k;
	int done = 0;

	for (i = first; i < end && done < OCR_MAX_REFINE; i++) {
		ms_line *l = &ls->v[i];
		double scale = (double)OCR_LINE_HEIGHT / (l->box.h ? l->box.h : 1);
		ms_image crop = {0};
		int top[4], bot[4], nb, j, mx = l->box.h / 8 + 2;
		int x0 = l->box.x - mx < 0 ? 0 : l->box.x - mx;
		ms_lines re;

		if (l->box.h < 8 || l->box.w < 8)
			continue;
		if (scale > 0.75 && scale < 1.34 && l->conf >= 0.80)
			continue;
		if (ms_img_crop(gray, x0, l->box.y, l->box.w + 2 * mx,
				l->box.h, &crop))
			continue;
		done++;
		nb = ink_rows(&crop, top, bot, 4);
		ms_lines_init(&re);
		for (j = 0; j < nb; j++)
			read_band(h, &crop, x0, l->box.y, top[j], bot[j], &re);
		if (re.n > 0 && lines_conf(&re) > l->conf) {
			*l = re.v[0];
			for (k = 1; k < re.n; k++)
				if (ms_lines_add(ls, re.v[k].text, re.v[k].box,
						 re.v[k].conf, 0) != MS_OK)
					break;
		}
		ms_lines_free(&re);
		ms_image_free(&crop);
	}
}

static int by_position(const void *a, const void *b)
{
	const ms_line *x = a, *y = b;
	int cx = x->box.y + x->box.h / 2, cy = y->box.y + y->box.h / 2;

	/* Same row when their vertical centres are close. */
	if (abs(cx - cy) * 2 < (x->box.h < y->box.h ? x->box.h : y->box.h))
		return (x->box.x > y->box.x) - (x->box.x < y->box.x);
	return (cx > cy) - (cx < cy);
}

ms_rc ms_ocr_read(ms_ocr *o, const ms_image *gray, ms_lines *out, ms_err *err)
{
	struct placement pl = {0, 0, 1.0, 0};
	size_t first = out->n;
	ms_rc rc = recognise(o->h, PSM_AUTO, gray, &pl, out, err);

	if (rc == MS_OK) {
		refine_lines(o->h, gray, out, first);
		qsort(out->v + first, out->n - first, sizeof(ms_line),
		      by_position);
	}
	return rc;
}

ms_rc ms_ocr_read_vertical(ms_ocr *o, const ms_image *gray, ms_lines *out,
			   ms_err *err)
{
	struct placement pl = {0, 0, 1.0, 1};

	if (!o->v)
		return ms_err_set(err, MS_ERR_OCR, "vertical model not loaded");
	return recognise(o->v, PSM_SINGLE_BLOCK_VERT_TEXT, gray, &pl, out,
			 err);
}
