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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <leptonica/allheaders.h>
#include <pthread.h>
#include <tesseract/capi.h>

#include "meishi/buf.h"
#include "meishi/ocr.h"
#include "meishi/text.h"

/* The letters barred where kanji were read as Latin. */
#define OCR_LATIN_LETTERS \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/* Tesseract's LSTM reads a line best when its box is about this many
 * pixels high; large bold names in particular are misread at full size. */
#define OCR_LINE_HEIGHT 36

/* Below this confidence a line from automatic segmentation may be a
 * block of rows and marks read as one (see recover_missed). */
#define OCR_DOUBTFUL 0.70f

/* Most lines re-read at that height per card (each costs ~20-50 ms). */
#define OCR_MAX_REFINE 16
/* Words a big line is cut into to be read one by one. */
#define OCR_MAX_WORDS 4

#ifndef MEISHI_TESSDATA_DEFAULT
#define MEISHI_TESSDATA_DEFAULT "/usr/share/tesseract-ocr/5/tessdata"
#endif

struct ms_ocr {
	TessBaseAPI *h;    /* jpn+eng */
	TessBaseAPI *v;    /* jpn_vert, or NULL */
	TessBaseAPI *osd;  /* orientation detection, or NULL */
	char tessdata[1024];
};

static int is_cjk(int32_t c)
{
	return (c >= 0x3000 && c <= 0x30FF) || /* CJK punctuation, kana */
	       (c >= 0x3400 && c <= 0x4DBF) || /* extension A */
	       (c >= 0x4E00 && c <= 0x9FFF) || /* unified ideographs */
	       (c >= 0xF900 && c <= 0xFAFF) || /* compatibility */
	       (c >= 0xFF00 && c <= 0xFFEF);   /* full and half width */
}

/* Kanji or kana, not CJK punctuation (、。「」 and the like). */
static int is_cjk_letter(int32_t c)
{
	return is_cjk(c) && c > 0x303F;
}

/* Removes the spaces jpn_vert puts between CJK characters. */
static void tighten_cjk(char *s)
{
	char out[MS_MAX_LINE_BYTES];
	size_t n = strlen(s), i = 0, k;
	int32_t cp, prev = 0, next;

	out[0] = '\0';
	while (i < n) {
		k = ms_utf8_next(s + i, n - i, &cp);
		if (k == 0)
			break;
		if (cp == ' ' && is_cjk(prev) &&
		    ms_utf8_next(s + i + k, n - i - k, &next) && is_cjk(next)) {
			i += k;
			continue;
		}
		if (ms_utf8_put(out, sizeof(out), cp) == 0)
			break;
		prev = cp;
		i += k;
	}
	memcpy(s, out, strlen(out) + 1);
}

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

/* Tesseract calls Leptonica, which prints "Error in ..." lines on stderr
 * for conditions Tesseract handles itself (a box outside a small image).
 * They mean nothing to a user, so Leptonica is told to keep quiet. */
static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

static void quiet_leptonica(void)
{
	setMsgSeverity(L_SEVERITY_NONE);
}

ms_rc ms_ocr_new(const ms_ocr_opts *opts, ms_ocr **out, ms_err *err)
{
	const char *dir = opts ? opts->tessdata_dir : NULL;
	const char *langs = opts && opts->langs ? opts->langs : "jpn+eng";
	ms_ocr *o;

	*out = NULL;
	pthread_once(&quiet_once, quiet_leptonica);
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
	/* Orientation detection is optional: without osd.traineddata the
	 * pipeline falls back to reading each orientation. */
	o->osd = engine_new(o->tessdata, "osd", NULL);
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
	if (o->osd) {
		TessBaseAPIEnd(o->osd);
		TessBaseAPIDelete(o->osd);
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
	if (pl->vertical)
		tighten_cjk(clean);
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

/* The grey halfway between the darkest and the lightest pixel of rows
 * y0 to y1 of g: ink is darker. -1 when they differ by less than 40 (no
 * ink to tell from the paper). */
static int ink_threshold(const ms_image *g, int y0, int y1)
{
	int lo = 255, hi = 0, x, y;

	for (y = y0; y < y1; y++)
		for (x = 0; x < g->w; x++) {
			int v = g->px[(size_t)y * g->stride + x];
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
	return hi - lo < 40 ? -1 : (lo + hi) / 2;
}

/* Splits a grey crop into runs of rows (or, for vertical text, columns)
 * that hold ink, separated by blank ones: the text lines inside one OCR
 * box. Returns the number of runs (at most max). */
static int ink_runs(const ms_image *g, int vertical, int *lo_out, int *hi_out,
		    int max)
{
	int n = 0, in = 0, thr = ink_threshold(g, 0, g->h), i;
	int len = vertical ? g->w : g->h, across = vertical ? g->h : g->w;

	if (thr < 0)
		return 0;
	for (i = 0; i <= len; i++) {
		int ink = 0, j;
		for (j = 0; i < len && j < across; j++) {
			int v = vertical ? g->px[(size_t)j * g->stride + i]
					 : g->px[(size_t)i * g->stride + j];
			if (v < thr)
				ink++;
		}
		if (ink > 0 && !in) {
			in = 1;
			if (n < max)
				lo_out[n] = i;
		} else if (ink == 0 && in) {
			in = 0;
			if (n < max && i - lo_out[n] >= 5)
				hi_out[n++] = i;
		}
	}
	return n;
}

/* Reads one band of the crop (rows, or columns for vertical text, from
 * a to b) scaled so its ink is OCR_LINE_HEIGHT pixels across, as a single
 * line, into re. */
static void read_band(TessBaseAPI *h, const ms_image *crop, int cx, int cy,
		      int a, int b, int vertical, int target, ms_lines *re)
{
	int lim = vertical ? crop->w : crop->h;
	int m = (b - a) / 4 + 2, a0 = a - m < 0 ? 0 : a - m;
	int a1 = b + m > lim ? lim : b + m;
	double scale = (double)target / (b - a);
	ms_image band = {0}, sized = {0};
	struct placement pl;
	int w, hh;

	/* Enlarging small text makes it worse: read it at its own size. */
	if (scale > 1.0)
		scale = 1.0;
	if (vertical ? ms_img_crop(crop, a0, 0, a1 - a0, crop->h, &band)
		     : ms_img_crop(crop, 0, a0, crop->w, a1 - a0, &band))
		return;
	/* Blank the margins: they may hold the edge of the next line. */
	{
		int x, y;
		for (y = 0; y < band.h; y++)
			for (x = 0; x < band.w; x++) {
				int pos = (vertical ? x : y) + a0;
				if (pos < a || pos >= b)
					band.px[(size_t)y * band.stride + x] =
						255;
			}
	}
	/* Tesseract wants a white margin around a line: add one. */
	{
		int pad = (b - a) / 2 + 4, y;
		ms_image padded;
		if (ms_image_alloc(&padded, band.w + 2 * pad, band.h + 2 * pad,
				   1) != MS_OK) {
			ms_image_free(&band);
			return;
		}
		memset(padded.px, 255, padded.stride * (size_t)padded.h);
		for (y = 0; y < band.h; y++)
			memcpy(padded.px + (size_t)(y + pad) * padded.stride + pad,
			       band.px + (size_t)y * band.stride, (size_t)band.w);
		ms_image_free(&band);
		band = padded;
		cx -= pad;
		cy -= pad;
	}
	w = (int)(band.w * scale + 0.5);
	hh = (int)(band.h * scale + 0.5);
	if (w >= 8 && hh >= 8 && ms_img_resize(&band, w, hh, &sized) == MS_OK) {
		pl.ox = cx + (vertical ? a0 : 0);
		pl.oy = cy + (vertical ? 0 : a0);
		pl.scale = (double)w / band.w;
		pl.vertical = vertical;
		if (getenv("MEISHI_OCR_DUMP")) {
			static int seq;
			char path[256];
			uint8_t *j = NULL;
			size_t jl = 0;
			snprintf(path, sizeof(path), "%s/band-%03d.jpg",
				 getenv("MEISHI_OCR_DUMP"), seq++);
			if (ms_img_encode_jpeg(&sized, 95, &j, &jl, NULL) == 0 &&
			    ms_write_file(path, j, jl, NULL) != MS_OK)
				fprintf(stderr, "cannot write %s\n", path);
			free(j);
		}
		if (recognise(h,
			      vertical ? PSM_SINGLE_BLOCK_VERT_TEXT
				       : PSM_SINGLE_LINE,
			      &sized, &pl, re, NULL))
			ms_lines_free(re);
	}
	ms_image_free(&band);
	ms_image_free(&sized);
}

/* A Japanese line with a short run of capitals that is no label or
 * abbreviation: small kanji read as Latin ("海外事業部 ORR" for
 * 海外事業部 次長). Such a line is read again on its own. */
static int stray_capitals(const char *s)
{
	static const char *const ok[] = {
	    "TEL", "FAX", "URL", "MAIL", "E", "T", "F", "M", "P", "MOB",
	    "CEO", "CTO", "CFO", "COO", "CIO", "IT", "AI", "HR", "PR", "QA",
	    "EC", "DX", "IR", "WEB", "IOT", "SE", "PM", "ICT", "HP", "SNS"};
	size_t len = strlen(s), i = 0, k;
	int cjk = 0, stray = 0;
	int32_t cp;

	while (i < len) {
		size_t n = ms_utf8_next(s + i, len - i, &cp);
		if (!n)
			return 0;
		if (is_cjk_letter(cp))
			cjk++;
		if (cp >= 'A' && cp <= 'Z' && (i == 0 || s[i - 1] == ' ')) {
			size_t e = i;
			while (e < len && s[e] >= 'A' && s[e] <= 'Z')
				e++;
			if (e - i <= 4 && (e == len || s[e] == ' ')) {
				int known = 0;
				for (k = 0; k < sizeof(ok) / sizeof(ok[0]); k++)
					if (strlen(ok[k]) == e - i &&
					    !strncmp(ok[k], s + i, e - i))
						known = 1;
				stray |= !known;
			}
			i = e;
			continue;
		}
		i += n;
	}
	return cjk >= 2 && stray;
}

/* A line of kanji or kana with Latin letters in it ("久保 Alt" for
 * 久保 和也): big bold kanji that the jpn+eng engine took for Latin. */
static int count_letters(const char *s, int *latin)
{
	size_t len = strlen(s), i = 0, n;
	int cjk = 0;
	int32_t cp;

	*latin = 0;
	while (i < len && (n = ms_utf8_next(s + i, len - i, &cp)) > 0) {
		if (is_cjk_letter(cp))
			cjk++;
		else if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
			(*latin)++;
		i += n;
	}
	return cjk;
}

static int latin_amid_cjk(const char *s)
{
	int latin, cjk = count_letters(s, &latin);

	return cjk >= 1 && latin >= 1;
}

/* Reads a band again with Latin letters barred, so that big kanji cannot
 * come out as Latin. */
static void read_band_no_latin(TessBaseAPI *h, const ms_image *crop, int cx,
			       int cy, int a, int b, int target, ms_lines *re)
{
	TessBaseAPISetVariable(h, "tessedit_char_blacklist",
			       OCR_LATIN_LETTERS);
	read_band(h, crop, cx, cy, a, b, 0, target, re);
	TessBaseAPISetVariable(h, "tessedit_char_blacklist", "");
}

/* Reads a big horizontal line word by word: the band (rows a to b of
 * the crop) is cut at gaps in its ink wider than half its height (the
 * wide space between family and given name) and each word is read
 * alone, so that a two-kanji given name is not read as a Latin word
 * beside the family name. Writes the words joined by spaces into out
 * and returns how many words were read (0 when the line has no wide
 * gap). */
static int read_words(TessBaseAPI *h, const ms_image *crop, int cx, int cy,
		      int a, int b, int target, int no_latin, char *out,
		      size_t cap, float *conf)
{
	int x, y, thr, n = 0, i, start = -1, last = -1;
	int wx0[OCR_MAX_WORDS], wx1[OCR_MAX_WORDS], gap = (b - a) / 2;
	float sum = 0;

	out[0] = '\0';
	*conf = 0;
	if (b - a < 8 || (thr = ink_threshold(crop, a, b)) < 0)
		return 0;
	for (x = 0; x <= crop->w; x++) {
		int ink = 0;
		for (y = a; x < crop->w && y < b && !ink; y++)
			ink = crop->px[(size_t)y * crop->stride + x] < thr;
		if (!ink)
			continue;
		if (start >= 0 && x - last > gap) {
			if (n == OCR_MAX_WORDS)
				return 0;
			wx0[n] = start, wx1[n++] = last + 1;
			start = -1;
		}
		if (start < 0)
			start = x;
		last = x;
	}
	if (start >= 0) {
		if (n == OCR_MAX_WORDS)
			return 0;
		wx0[n] = start, wx1[n++] = last + 1;
	}
	if (n < 2)
		return 0;
	for (i = 0; i < n; i++) {
		int m = (b - a) / 4 + 2;
		int x0 = wx0[i] - m < 0 ? 0 : wx0[i] - m;
		int x1 = wx1[i] + m > crop->w ? crop->w : wx1[i] + m;
		ms_image word = {0};
		ms_lines re;

		if (ms_img_crop(crop, x0, 0, x1 - x0, crop->h, &word))
			return 0;
		ms_lines_init(&re);
		if (no_latin)
			read_band_no_latin(h, &word, cx + x0, cy, a, b, target,
					   &re);
		else
			read_band(h, &word, cx + x0, cy, a, b, 0, target, &re);
		ms_image_free(&word);
		if (re.n != 1) {
			ms_lines_free(&re);
			return 0;
		}
		{
			size_t len = strlen(out);
			if (i && len + 1 < cap)
				out[len++] = ' ', out[len] = '\0';
			ms_strlcpy_utf8(out + len, re.v[0].text, cap - len);
		}
		sum += re.v[0].conf;
		ms_lines_free(&re);
	}
	*conf = sum / n;
	return n;
}

/* Re-reads lines whose text is far from the height the LSTM reads best,
 * or whose confidence is low. The box is split into the text lines it
 * holds (Tesseract sometimes merges a small reading line into a big name)
 * and each is read alone. Large text is read at two heights around
 * OCR_LINE_HEIGHT, because Tesseract's reading of big bold type changes
 * with scale: where two of the three readings agree, that one wins;
 * otherwise the most confident. The runner-up is kept as the line's
 * alternative reading for the extraction stage to weigh. */
static void refine_lines(TessBaseAPI *h, const ms_image *gray, ms_lines *ls,
			 size_t first, int vertical)
{
	static const int big_targets[] = {OCR_LINE_HEIGHT - 4,
					  OCR_LINE_HEIGHT + 8};
	size_t i, end = ls->n, k;
	int done = 0;

	for (i = first; i < end && done < OCR_MAX_REFINE; i++) {
		ms_line *l = &ls->v[i];
		int across = vertical ? l->box.w : l->box.h;
		double scale = (double)OCR_LINE_HEIGHT / (across ? across : 1);
		ms_image crop = {0};
		int lo[4], hi[4], nb, j, t, nt, m = across / 8 + 2;
		int x0 = l->box.x, y0 = l->box.y, w = l->box.w, hh = l->box.h;
		int targets[2];
		ms_lines re[2];
		const char *cand[4];
		char orig[MS_MAX_LINE_BYTES], words[MS_MAX_LINE_BYTES];
		float cconf[4];
		int best, second, nc, big, agree;

		if (l->box.h < 8 || l->box.w < 8)
			continue;
		/* Large text, or a doubtful reading of normal text (a
		 * vertical column has been read alone already). */
		if (scale >= 0.75 && (l->conf >= 0.60 || vertical) &&
		    (vertical || !stray_capitals(l->text)))
			continue;
		if (scale < 0.75) {
			targets[0] = big_targets[0];
			targets[1] = big_targets[1];
			nt = 2;
		} else {
			targets[0] = across; /* its own size */
			nt = 1;
		}
		/* Pad along the line so edge glyphs are whole. */
		if (vertical)
			y0 -= m, hh += 2 * m;
		else
			x0 -= m, w += 2 * m;
		x0 = x0 < 0 ? 0 : x0;
		y0 = y0 < 0 ? 0 : y0;
		if (ms_img_crop(gray, x0, y0, w, hh, &crop))
			continue;
		done++;
		nb = ink_runs(&crop, vertical, lo, hi, 4);
		for (t = 0; t < nt; t++) {
			ms_lines_init(&re[t]);
			/* Vertical columns are read right to left. */
			for (j = 0; j < nb; j++) {
				int bi = vertical ? nb - 1 - j : j;
				read_band(h, &crop, x0, y0, lo[bi], hi[bi],
					  vertical, targets[t], &re[t]);
			}
		}
		if (getenv("MEISHI_OCR_TRACE")) {
			fprintf(stderr, "refine [%s] %.2f ->", l->text,
				(double)l->conf);
			for (t = 0; t < nt; t++)
				for (k = 0; k < re[t].n; k++)
					fprintf(stderr, " %d:[%s] %.2f", t,
						re[t].v[k].text,
						(double)re[t].v[k].conf);
			fprintf(stderr, "\n");
		}
		if (nb > 1) {
			/* The box held several lines: take the best split. */
			int bt = 0;
			for (t = 1; t < nt; t++)
				if (ms_lines_mean_conf(&re[t]) >
				    ms_lines_mean_conf(&re[bt]))
					bt = t;
			if (re[bt].n > 1 &&
			    ms_lines_mean_conf(&re[bt]) > l->conf) {
				*l = re[bt].v[0];
				for (k = 1; k < re[bt].n; k++)
					if (ms_lines_add(ls, re[bt].v[k].text,
							 re[bt].v[k].box,
							 re[bt].v[k].conf,
							 vertical) != MS_OK)
						break;
				goto next;
			}
		}
		/* One line: vote among the readings. */
		ms_strlcpy_utf8(orig, l->text, sizeof(orig));
		cand[0] = orig, cconf[0] = l->conf;
		for (t = 0; t < nt; t++) {
			cand[t + 1] = re[t].n == 1 ? re[t].v[0].text : "";
			cconf[t + 1] = re[t].n == 1 ? re[t].v[0].conf : -1;
		}
		nc = nt + 1;
		big = !vertical && nt == 2 && nb == 1;
		/* Unless no reading holds kanji or kana (a Latin name), or
		 * two agree on a line free of Latin amid kanji, a big line
		 * with a wide gap (between family and given name) is also
		 * read word by word: one more reading in the vote. */
		agree = 1;
		for (t = 0; t < nc; t++)
			agree &= !count_letters(cand[t], &j);
		for (t = 0; t < nc; t++)
			for (j = t + 1; j < nc; j++)
				if (cand[t][0] && !strcmp(cand[t], cand[j]) &&
				    !latin_amid_cjk(cand[t]))
					agree = 1;
		if (big && !agree &&
		    read_words(h, &crop, x0, y0, lo[0], hi[0], targets[0], 0,
			       words, sizeof(words), &cconf[nc])) {
			if (getenv("MEISHI_OCR_TRACE"))
				fprintf(stderr, "words [%s] -> [%s] %.2f\n",
					l->text, words, (double)cconf[nc]);
			cand[nc++] = words;
		}
		best = 0;
		for (t = 1; t < nc; t++)
			if (cconf[t] > cconf[best])
				best = t;
		for (t = 0; t < nc; t++)
			for (j = t + 1; j < nc; j++)
				if (cand[t][0] && !strcmp(cand[t], cand[j]))
					best = cconf[t] >= cconf[j] ? t : j;
		second = -1;
		for (t = 0; t < nc; t++)
			if (t != best && cand[t][0] &&
			    strcmp(cand[t], cand[best]) &&
			    (second < 0 || cconf[t] > cconf[second]))
				second = t;
		if (second >= 0)
			ms_strlcpy_utf8(l->alt, cand[second], sizeof(l->alt));
		if (best != 0) {
			ms_strlcpy_utf8(l->text, cand[best], sizeof(l->text));
			l->conf = cconf[best];
			if (best <= nt)
				l->box = re[best - 1].v[0].box;
		}
		/* Big kanji read as Latin: read it again with Latin barred,
		 * whole and word by word; the most confident reading that
		 * holds more kanji or kana wins, and the old one becomes
		 * the alternative. */
		if (big && latin_amid_cjk(l->text)) {
			ms_lines nl[2];
			int latin, had = count_letters(l->text, &latin);
			int pick = -1, nw = 0;
			float wc = 0;
			for (t = 0; t < nt; t++) {
				ms_lines_init(&nl[t]);
				read_band_no_latin(h, &crop, x0, y0, lo[0],
						   hi[0], targets[t], &nl[t]);
				if (getenv("MEISHI_OCR_TRACE") && nl[t].n)
					fprintf(stderr,
						"no-latin [%s] -> [%s] %.2f\n",
						l->text, nl[t].v[0].text,
						(double)nl[t].v[0].conf);
				if (nl[t].n == 1 &&
				    count_letters(nl[t].v[0].text, &latin) >
					had &&
				    (pick < 0 ||
				     nl[t].v[0].conf > nl[pick].v[0].conf))
					pick = t;
			}
			if (cand[nc - 1] == words)
				nw = read_words(h, &crop, x0, y0, lo[0], hi[0],
						targets[0], 1, words,
						sizeof(words), &wc);
			if (nw && getenv("MEISHI_OCR_TRACE"))
				fprintf(stderr, "no-latin words [%s] %.2f\n",
					words, (double)wc);
			ms_strlcpy_utf8(orig, l->text, sizeof(orig));
			if (nw && count_letters(words, &latin) > had &&
			    (pick < 0 || wc > nl[pick].v[0].conf)) {
				ms_strlcpy_utf8(l->text, words,
						sizeof(l->text));
				l->conf = wc;
				ms_strlcpy_utf8(l->alt, orig, sizeof(l->alt));
			} else if (pick >= 0) {
				*l = nl[pick].v[0];
				ms_strlcpy_utf8(l->alt, orig, sizeof(l->alt));
			}
			for (t = 0; t < nt; t++)
				ms_lines_free(&nl[t]);
		}
next:
		for (t = 0; t < nt; t++)
			ms_lines_free(&re[t]);
		ms_image_free(&crop);
	}
}

/* Horizontal text: rows top to bottom, then left to right. */
static int by_position(const void *a, const void *b)
{
	const ms_line *x = a, *y = b;
	int cx = x->box.y + x->box.h / 2, cy = y->box.y + y->box.h / 2;

	/* Same row when their vertical centres are close. */
	if (abs(cx - cy) * 2 < (x->box.h < y->box.h ? x->box.h : y->box.h))
		return (x->box.x > y->box.x) - (x->box.x < y->box.x);
	return (cx > cy) - (cx < cy);
}

/* Vertical text: columns right to left, then top to bottom. */
static int by_column(const void *a, const void *b)
{
	const ms_line *x = a, *y = b;
	int cx = x->box.x + x->box.w / 2, cy = y->box.x + y->box.w / 2;

	if (abs(cx - cy) * 2 < (x->box.w < y->box.w ? x->box.w : y->box.w))
		return (x->box.y > y->box.y) - (x->box.y < y->box.y);
	return (cx < cy) - (cx > cy);
}

static void recover_missed(TessBaseAPI *h, const ms_image *gray, ms_lines *ls,
			   size_t first);

static ms_rc crop_padded(const ms_image *g, int x, int y, int w, int h, int pad,
                         ms_image *out);

static int is_mail_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
	       c == '+';
}

/* A line that should hold an email address: an '@', or a mail label
 * ("E-mail", "Mail", "Email"). */
static int mail_line(const char *s)
{
	return strchr(s, '@') || strstr(s, "mail") || strstr(s, "Mail") ||
	       strstr(s, "MAIL");
}

/* 1 if s holds a whole email address: letters before an '@' and a
 * domain of small letters with a dot and a top-level part of two letters
 * or more after it, a space after a dot allowed ("co. jp", as OCR spaces
 * it), and a comma taken for the dot it stands for ("co,jp"). A capital
 * in the domain is a misread letter ("grouD.jp"). */
static int mail_whole(const char *s)
{
	const char *at = strchr(s, '@'), *p, *w;
	int dots = 0, tld = 0, lower = 1;

	if (!at || at == s || !is_mail_char((unsigned char)at[-1]))
		return 0;
	/* The word before the address, if any, is a label ("E-mail:"), not
	 * small letters split off the address ("a. oni shi@"). */
	for (p = at; p > s && (is_mail_char((unsigned char)p[-1]) ||
	                       (p[-1] == ' ' && p - 1 > s && p[-2] == '.'));
	     p--)
		;
	if (p > s && p[-1] == ' ') {
		for (w = p - 1; w > s && w[-1] != ' '; w--)
			lower &= w[-1] >= 'a' && w[-1] <= 'z';
		if (lower && w < p - 1)
			return 0;
	}
	for (p = at + 1; *p; p++) {
		if (*p == ' ' && (p[-1] == '.' || p[-1] == ','))
			continue;
		if (*p >= 'A' && *p <= 'Z')
			return 0;
		if (*p == '.' || (*p == ',' && p[1] >= 'a' && p[1] <= 'z')) {
			dots++;
			tld = 0;
			continue;
		}
		if (!is_mail_char((unsigned char)*p))
			break;
		tld = *p >= 'a' && *p <= 'z' ? tld + 1 : -100;
	}
	/* What follows the address is a space or the line's end. */
	return dots > 0 && tld >= 2 && (*p == '\0' || *p == ' ');
}

/* Digits in the domain of the email address in s (after its '@'). */
static int mail_digits(const char *s)
{
	const char *p = strchr(s, '@');
	int n = 0;

	for (; p && *p; p++)
		n += *p >= '0' && *p <= '9';
	return n;
}

/* Reads the line l of gray again when it should hold an email address
 * but does not hold a whole one: the '.' and '-' of a domain are faint
 * strokes that automatic segmentation drops, and '@' comes back as a
 * letter. The box is read as a single line, as it is and with its grey
 * ink darkened, and the first reading with a whole address wins. */
static void reread_mail(TessBaseAPI *h, const ms_image *gray, ms_line *l)
{
	int hh = l->box.h, m = hh / 2 + 2, x0, y0, x1, y1, v, x, y;
	ms_image crop = {0}, pad = {0};
	ms_lines re;

	if (!mail_line(l->text) || mail_whole(l->text) || hh < 8 ||
	    l->box.w < 4 * hh)
		return;
	x0 = l->box.x - m < 0 ? 0 : l->box.x - m;
	y0 = l->box.y - m / 2 < 0 ? 0 : l->box.y - m / 2;
	x1 = l->box.x + l->box.w + m > gray->w ? gray->w
	                                       : l->box.x + l->box.w + m;
	y1 = l->box.y + hh + m / 2 > gray->h ? gray->h : l->box.y + hh + m / 2;
	if (crop_padded(gray, x0, y0, x1 - x0, y1 - y0, hh / 2 + 4, &crop))
		return;
	for (v = 0; v < 2; v++) {
		struct placement pl = {x0 - (hh / 2 + 4), y0 - (hh / 2 + 4), 1.0,
		                       0};
		if (v == 1) {
			/* Darken the greys: faint dots and hyphens. */
			if (ms_image_copy(&crop, &pad))
				break;
			for (y = 0; y < pad.h; y++)
				for (x = 0; x < pad.w; x++) {
					uint8_t *q = pad.px + (size_t)y * pad.stride + x;
					*q = (uint8_t)((long)*q * *q * *q / (255L * 255));
				}
		}
		ms_lines_init(&re);
		if (recognise(h, PSM_SINGLE_LINE, v ? &pad : &crop, &pl, &re,
		              NULL) == MS_OK &&
		    getenv("MEISHI_OCR_TRACE"))
			fprintf(stderr, "mail [%s] -> %d [%s]\n", l->text, v,
			        re.n ? re.v[0].text : "");
		/* A digit the first reading did not have is an O or an l
		 * misread ("sora-consulting.0r.jp"). */
		if (re.n == 1 && mail_whole(re.v[0].text) &&
		    mail_digits(re.v[0].text) <= mail_digits(l->text)) {
			ms_strlcpy_utf8(l->alt, l->text, sizeof(l->alt));
			ms_strlcpy_utf8(l->text, re.v[0].text, sizeof(l->text));
			l->conf = re.v[0].conf > l->conf ? re.v[0].conf : l->conf;
			ms_lines_free(&re);
			break;
		}
		ms_lines_free(&re);
	}
	ms_image_free(&crop);
	ms_image_free(&pad);
}

/* 1 if line a's text, spaces left out, is in line b's. */
static int text_within(const ms_line *a, const ms_line *b)
{
	char x[MS_MAX_LINE_BYTES], y[MS_MAX_LINE_BYTES];

	ms_str_nospace(a->text, x, sizeof(x));
	ms_str_nospace(b->text, y, sizeof(y));
	return x[0] && strstr(y, x) != NULL;
}

/* 1 if lines a and b, overlapping by in pixels, cover the same ink: each
 * box lies at least 85 % within the other, and their texts are about as
 * long (spaces left out). */
static int same_ink(const ms_line *a, const ms_line *b, long in)
{
	char x[MS_MAX_LINE_BYTES], y[MS_MAX_LINE_BYTES];
	size_t nx, ny;

	if (in * 20 < (long)a->box.w * a->box.h * 17 ||
	    in * 20 < (long)b->box.w * b->box.h * 17)
		return 0;
	ms_str_nospace(a->text, x, sizeof(x));
	ms_str_nospace(b->text, y, sizeof(y));
	nx = ms_utf8_len(x), ny = ms_utf8_len(y);
	return nx + 1 >= ny && ny + 1 >= nx;
}

/* A block split into its lines may give again a line read on its own
 * ("〒532-0011" and "〒532-0011 ih" over it): of two horizontal lines on
 * one row where the narrower lies within the wider and its text within
 * the other's, the wider stays if it is about as sure, else the
 * narrower. Of two readings of the same ink, the surer stays. */
static void drop_doubles(ms_lines *ls, size_t first)
{
	unsigned char gone[MS_MAX_LINES] = {0};
	size_t i, j, out = first;

	/* Every pair is judged on the lines as read, then the list is
	 * compacted: compacting as it goes would overwrite lines that later
	 * ones are still compared with. */
	for (i = first; i < ls->n; i++) {
		const ms_line *a = &ls->v[i];
		for (j = first; j < ls->n && !gone[i]; j++) {
			const ms_line *b = &ls->v[j];
			const ms_line *nar, *wid;
			long in;
			if (j == i || a->vertical || b->vertical)
				continue;
			nar = a->box.w <= b->box.w ? a : b;
			wid = nar == a ? b : a;
			in = ms_box_overlap(&a->box, &b->box);
			if (same_ink(a, b, in)) {
				/* one line read twice, two ways ("御辛通タワー
				 * 7F", "御幸通タワー 7F"): the surer stays */
				gone[i] = b->conf > a->conf ||
				          (b->conf == a->conf && j < i);
				continue;
			}
			if (in * 10 < (long)nar->box.w * nar->box.h * 7 ||
			    !text_within(nar, wid))
				continue;
			if (a == nar)
				gone[i] = wid->conf >= nar->conf - 0.1f &&
					  (a->box.w < b->box.w || j < i);
			else
				gone[i] = wid->conf < nar->conf - 0.1f;
		}
	}
	for (i = first; i < ls->n; i++)
		if (!gone[i])
			ls->v[out++] = ls->v[i];
	ls->n = out;
}

ms_rc ms_ocr_read(ms_ocr *o, const ms_image *gray, ms_lines *out, ms_err *err)
{
	struct placement pl = {0, 0, 1.0, 0};
	size_t first = out->n, i;
	ms_rc rc = recognise(o->h, PSM_AUTO, gray, &pl, out, err);

	if (rc == MS_OK && out->n > first)
		refine_lines(o->h, gray, out, first, 0);
	if (rc == MS_OK && !getenv("MEISHI_OCR_NO_RECOVER"))
		recover_missed(o->h, gray, out, first);
	for (i = first; rc == MS_OK && i < out->n; i++)
		reread_mail(o->h, gray, &out->v[i]);
	if (rc == MS_OK)
		drop_doubles(out, first);
	if (rc == MS_OK && out->n > first)
		qsort(out->v + first, out->n - first, sizeof(ms_line),
		      by_position);
	return rc;
}

/* Otsu's threshold of a grey image: the level that best splits ink from
 * paper. */
static int otsu(const ms_image *g)
{
	long hist[256] = {0}, total = 0, sum = 0, sb = 0, wb = 0;
	double best = -1;
	int x, y, t, thr = 128;

	for (y = 0; y < g->h; y++)
		for (x = 0; x < g->w; x++)
			hist[g->px[(size_t)y * g->stride + x]]++;
	for (t = 0; t < 256; t++) {
		total += hist[t];
		sum += (long)t * hist[t];
	}
	for (t = 0; t < 256; t++) {
		double mb, mf, between;
		wb += hist[t];
		if (wb == 0 || wb == total)
			continue;
		sb += (long)t * hist[t];
		mb = (double)sb / wb;
		mf = (double)(sum - sb) / (total - wb);
		between = (double)wb * (total - wb) * (mb - mf) * (mb - mf);
		if (between > best) {
			best = between;
			thr = t;
		}
	}
	return thr;
}

/* ---- Text that automatic segmentation missed --------------------------
 *
 * Tesseract's layout analysis sometimes drops a whole block of a clean
 * card (a department, title and name set apart in a corner) or the first
 * character of a widely spaced name ("林　涼子" read as "涼子"). The ink
 * that no line covers is grouped into rows of glyphs here; a row beside a
 * line of the same height is read again together with it, and a row on
 * its own is read as a single line. */

struct grp {
	int x0, y0, x1, y1; /* box, x1 and y1 exclusive */
	long ink;
};

static int grp_h(const struct grp *g) { return g->y1 - g->y0; }

/* Overlap of two spans, in pixels (negative: the gap between them). */
static int span_overlap(int a0, int a1, int b0, int b1)
{
	return (a1 < b1 ? a1 : b1) - (a0 > b0 ? a0 : b0);
}

static int by_grp_x(const void *a, const void *b)
{
	const struct grp *x = a, *y = b;
	return (x->x0 > y->x0) - (x->x0 < y->x0);
}

static int by_grp_ink(const void *a, const void *b)
{
	const struct grp *x = a, *y = b;
	return (x->ink < y->ink) - (x->ink > y->ink);
}

/* Two groups belong to one row of text: they overlap vertically by half
 * the smaller height without making the row much taller, and the gap
 * between them is at most about a glyph, or two for glyphs of one size
 * (a name set wide). */
static int same_row(const struct grp *a, const struct grp *b)
{
	int ha = grp_h(a), hb = grp_h(b), hmax = ha > hb ? ha : hb;
	int hmin = ha < hb ? ha : hb;
	int vo = span_overlap(a->y0, a->y1, b->y0, b->y1);
	int gap = -span_overlap(a->x0, a->x1, b->x0, b->x1);
	int uy0 = a->y0 < b->y0 ? a->y0 : b->y0;
	int uy1 = a->y1 > b->y1 ? a->y1 : b->y1;

	if (gap > (hmin * 10 >= hmax * 7 ? 2 * hmax : hmax))
		return 0;
	return vo * 2 >= hmin && (uy1 - uy0) * 10 <= hmax * 13;
}

/* One group lies within the other's rows, beside or over it: a part of a
 * glyph (the top of 菊, a dakuten, the dot of an i) that formed a row of
 * its own. */
static int within_row(const struct grp *a, const struct grp *b)
{
	const struct grp *big = grp_h(a) >= grp_h(b) ? a : b;
	const struct grp *small = big == a ? b : a;
	int tol = grp_h(big) / 10 + 2;
	int gap = -span_overlap(a->x0, a->x1, b->x0, b->x1);

	return gap <= grp_h(big) / 2 && small->y0 >= big->y0 - tol &&
	       small->y1 <= big->y1 + tol;
}

static struct grp grp_of(const ms_box *b)
{
	struct grp g = {b->x, b->y, b->x + b->w, b->y + b->h, 0};
	return g;
}

static void grp_join(struct grp *a, const struct grp *b)
{
	a->x0 = a->x0 < b->x0 ? a->x0 : b->x0;
	a->y0 = a->y0 < b->y0 ? a->y0 : b->y0;
	a->x1 = a->x1 > b->x1 ? a->x1 : b->x1;
	a->y1 = a->y1 > b->y1 ? a->y1 : b->y1;
	a->ink += b->ink;
}

/* Reads the box (x, y, w, h) of gray as one line into re. Large text is
 * read at two heights around OCR_LINE_HEIGHT and the more confident
 * reading kept, as refine_lines does. */
static void read_box(TessBaseAPI *h, const ms_image *gray, int x, int y,
		     int w, int hh, int height, ms_lines *re)
{
	int mx = hh / 2 + 2, my = hh / 4 + 3, cx, cy, cw, ch, t, nt = 1;
	int targets[2] = {hh, 0};
	ms_image crop = {0};
	ms_lines two;

	cx = x - mx < 0 ? 0 : x - mx;
	cy = y - my < 0 ? 0 : y - my;
	cw = (x + w + mx > gray->w ? gray->w : x + w + mx) - cx;
	ch = (y + hh + my > gray->h ? gray->h : y + hh + my) - cy;
	if (cw < 8 || ch < 8 || ms_img_crop(gray, cx, cy, cw, ch, &crop))
		return;
	if (height > 0) {
		targets[0] = height;
	} else if (hh > OCR_LINE_HEIGHT + 4) {
		targets[0] = OCR_LINE_HEIGHT - 4;
		targets[1] = OCR_LINE_HEIGHT + 8;
		nt = 2;
	}
	for (t = 0; t < nt; t++) {
		ms_lines_init(&two);
		read_band(h, &crop, cx, cy, y - cy, y - cy + hh, 0, targets[t],
			  &two);
		if (two.n &&
		    (!re->n || ms_lines_mean_conf(&two) > ms_lines_mean_conf(re))) {
			ms_lines_free(re);
			*re = two;
		} else {
			ms_lines_free(&two);
		}
	}
	/* Big kanji read as Latin: read again with Latin barred, as
	 * refine_lines does. */
	if (nt == 2 && re->n == 1 && latin_amid_cjk(re->v[0].text)) {
		ms_line *l = &re->v[0];
		int latin, had = count_letters(l->text, &latin);
		for (t = 0; t < nt; t++) {
			ms_lines_init(&two);
			read_band_no_latin(h, &crop, cx, cy, y - cy,
					   y - cy + hh, targets[t], &two);
			if (getenv("MEISHI_OCR_TRACE") && two.n)
				fprintf(stderr, "no-latin box [%s] -> [%s]\n",
					l->text, two.v[0].text);
			if (two.n == 1 &&
			    count_letters(two.v[0].text, &latin) > had) {
				ms_strlcpy_utf8(l->alt, l->text,
						sizeof(l->alt));
				ms_strlcpy_utf8(l->text, two.v[0].text,
						sizeof(l->text));
				t = nt; /* one is enough */
			}
			ms_lines_free(&two);
		}
	}
	ms_image_free(&crop);
}

/* A reading worth keeping: some letters, digits or CJK, not just marks. */
static int has_words(const char *s)
{
	size_t i = 0, len = strlen(s);
	int n = 0;
	int32_t cp;

	while (i < len) {
		size_t k = ms_utf8_next(s + i, len - i, &cp);
		if (!k)
			break;
		i += k;
		if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= 'a' && cp <= 'z') || is_cjk_letter(cp))
			n++;
	}
	return n;
}

/* Removes the doubtful lines among [first, end) that hold, or mostly lie
 * in, a more confident line read again from their ink (those after end). */
static void drop_replaced(ms_lines *ls, size_t first, size_t end)
{
	size_t k, j, out = first;

	for (k = first; k < ls->n; k++) {
		int gone = 0;
		for (j = end; k < end && ls->v[k].conf < OCR_DOUBTFUL &&
			      j < ls->n && !gone;
		     j++) {
			const ms_box *nb = &ls->v[j].box, *ob = &ls->v[k].box;
			long in = ms_box_overlap(nb, ob);
			gone = ls->v[j].conf > ls->v[k].conf + 0.05f &&
			       (in * 10 >= (long)nb->w * nb->h * 6 ||
				in * 10 >= (long)ob->w * ob->h * 6);
		}
		if (!gone)
			ls->v[out++] = ls->v[k];
	}
	ls->n = out;
}

static void recover_missed(TessBaseAPI *h, const ms_image *gray, ms_lines *ls,
			   size_t first)
{
	int W = gray->w, H = gray->h, thr, x, y, wpl, i, j, n, ng = 0, tries;
	int pass;
	PIX *pix;
	BOXA *boxa;
	l_uint32 *data;
	struct grp *g = NULL;
	size_t k, end = ls->n;

	/* A portrait card is read both ways (scan.c): its columns must not
	 * come back here as rows of one glyph each. */
	if (W < 32 || H < 32 || H > W)
		return;
	thr = otsu(gray);
	pix = pixCreate(W, H, 1);
	if (!pix)
		return;
	data = pixGetData(pix);
	wpl = pixGetWpl(pix);
	for (y = 0; y < H; y++) {
		const uint8_t *row = gray->px + (size_t)y * gray->stride;
		l_uint32 *line = data + (size_t)y * wpl;
		for (x = 0; x < W; x++)
			if (row[x] < thr)
				SET_DATA_BIT(line, x);
	}
	/* Blank what the lines already cover. A doubtful line may be a
	 * block of several rows and a mark read as one: its ink is grouped
	 * again, and the line gives way to what is read there. */
	for (k = first; k < end; k++) {
		const ms_box *b = &ls->v[k].box;
		int m = b->h / 6 + 2;
		if (ls->v[k].conf < OCR_DOUBTFUL)
			continue;
		BOX *bx = boxCreate(b->x - m, b->y - m, b->w + 2 * m,
				    b->h + 2 * m);
		if (bx)
			pixClearInRect(pix, bx);
		boxDestroy(&bx);
	}
	boxa = pixConnCompBB(pix, 8);
	n = boxa ? boxaGetCount(boxa) : 0;
	if (n > 0 && n <= MS_OCR_MAX_SPECKS)
		g = calloc((size_t)n, sizeof(*g));
	for (i = 0; g && i < n; i++) {
		int bx, by, bw, bh;
		if (boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh))
			continue;
		/* Specks, rules, borders and what touches the card's edge. */
		if (bh < 3 || bh > H / 4 || bw > W * 3 / 4 || bx <= 2 ||
		    by <= 2 || bx + bw >= W - 2 || by + bh >= H - 2 ||
		    (bw > 8 * bh && bh < 6))
			continue;
		g[ng].x0 = bx, g[ng].y0 = by, g[ng].x1 = bx + bw;
		g[ng].y1 = by + bh, g[ng].ink = (long)bw * bh;
		ng++;
	}
	boxaDestroy(&boxa);
	if (!ng) { /* nothing unread, or too noisy to try */
		free(g);
		pixDestroy(&pix);
		return;
	}
	/* Join glyphs into rows, then the parts of glyphs left over into
	 * the rows they lie in, each until nothing changes. */
	qsort(g, (size_t)ng, sizeof(*g), by_grp_x);
	for (pass = 0; pass < 2; pass++)
		for (;;) {
			int joined = 0;
			for (i = 0; i < ng; i++)
				for (j = i + 1; j < ng; j++)
					if (pass ? within_row(&g[i], &g[j])
						 : same_row(&g[i], &g[j])) {
						grp_join(&g[i], &g[j]);
						g[j--] = g[--ng];
						joined = 1;
					}
			if (!joined)
				break;
		}
	qsort(g, (size_t)ng, sizeof(*g), by_grp_ink);
	for (i = 0, tries = 0; i < ng && tries < MS_OCR_MAX_RECOVER; i++) {
		struct grp *c = &g[i];
		int ch = grp_h(c), cw = c->x1 - c->x0;
		ms_line *beside = NULL;
		ms_lines re;

		if (getenv("MEISHI_OCR_TRACE"))
			fprintf(stderr, "group %d,%d %dx%d ink %ld\n", c->x0,
				c->y0, cw, ch, c->ink);
		/* Text rows, not specks, solid bands or lone marks. */
		if (ch < 10 || cw < ch / 2 || c->ink * 10 < (long)cw * ch * 3)
			continue;
		for (k = first; k < ls->n; k++) {
			ms_line *l = &ls->v[k];
			struct grp lb = grp_of(&l->box);
			int lh = l->box.h;
			if (l->vertical || l->conf < OCR_DOUBTFUL ||
			    lh * 3 < ch * 2 || ch * 3 < lh * 2)
				continue;
			if (span_overlap(lb.y0, lb.y1, c->y0, c->y1) * 10 <
			    (lh < ch ? lh : ch) * 6)
				continue;
			if (-span_overlap(lb.x0, lb.x1, c->x0, c->x1) >
			    4 * (lh > ch ? lh : ch))
				continue;
			beside = l;
			break;
		}
		tries++;
		ms_lines_init(&re);
		if (beside) {
			struct grp u = grp_of(&beside->box);
			grp_join(&u, c);
			read_box(h, gray, u.x0, u.y0, u.x1 - u.x0, u.y1 - u.y0, 0,
				 &re);
			if (getenv("MEISHI_OCR_TRACE"))
				fprintf(stderr, "recover beside [%s] -> [%s]\n",
					beside->text, re.n ? re.v[0].text : "");
			if (re.n == 1 && re.v[0].conf >= 0.5f &&
			    ms_utf8_len(re.v[0].text) >
				ms_utf8_len(beside->text) &&
			    re.v[0].conf + 0.15f >= beside->conf) {
				ms_strlcpy_utf8(beside->text, re.v[0].text,
						sizeof(beside->text));
				beside->box = re.v[0].box;
				beside->conf = re.v[0].conf;
				beside->alt[0] = '\0';
			}
		} else {
			/* A short row of small kanji (課長 under 総務部)
			 * often reads as nothing at its own size and right a
			 * tenth or a fifth smaller. A longer row has its own
			 * reading elsewhere more often than not, and big
			 * text (a name) is read at its best size already. */
			static const int tenths[] = {10, 9, 8};
			size_t q, took = 0,
				  nq = cw <= 4 * ch && ch <= OCR_LINE_HEIGHT
					       ? sizeof(tenths) /
							 sizeof(*tenths)
					       : 1;
			for (q = 0; q < nq && !took; q++) {
				ms_lines_free(&re);
				ms_lines_init(&re);
				read_box(h, gray, c->x0, c->y0, cw, ch,
					 q ? ch * tenths[q] / 10 : 0, &re);
				if (getenv("MEISHI_OCR_TRACE"))
					fprintf(stderr,
						"recover alone -> [%s] %.2f\n",
						re.n ? re.v[0].text : "",
						re.n ? (double)re.v[0].conf
						     : 0.0);
				for (k = 0; k < re.n; k++)
					if (re.v[k].conf >= 0.6f &&
					    has_words(re.v[k].text) &&
					    ++took &&
					    ms_lines_add(ls, re.v[k].text,
							 re.v[k].box,
							 re.v[k].conf,
							 0) != MS_OK)
						break;
			}
		}
		ms_lines_free(&re);
	}
	drop_replaced(ls, first, end);
	free(g);
	pixDestroy(&pix);
}

/* Splits a vertical card into its columns: runs of x whose ink (pixels
 * darker than thr) passes a share of the fullest column's, so a stray
 * horizontal line across several columns does not join them. Runs touching
 * the card's edge (its border or shadow) and runs wider than three fifths
 * of the card are left out; a wide run (columns that a horizontal line
 * joins) is read as one block. Returns the number of runs, right to
 * left. */
static int find_columns(const ms_image *g, int thr, int *x0, int *x1, int max)
{
	int *ink = calloc((size_t)g->w, sizeof(int));
	int x, y, peak = 0, lim, n = 0, in = 0, start = 0,
	          edge = g->w / 100 + 2, ey = g->h / 100 + 2;

	if (!ink)
		return 0;
	/* Only strokes count: a vertical run of ink longer than an eighth
	 * of the card is a ruled line, a border or the grid of a cutting
	 * mat, not text. The rows along the card's top and bottom edge
	 * (its border or shadow) do not count either. */
	for (x = 0; x < g->w; x++) {
		int run = 0, longest = g->h / 8 + 1;
		for (y = ey; y <= g->h - ey; y++) {
			if (y < g->h - ey &&
			    g->px[(size_t)y * g->stride + x] < thr) {
				run++;
				continue;
			}
			if (run <= longest)
				ink[x] += run;
			run = 0;
		}
	}
	for (x = 0; x < g->w; x++)
		peak = ink[x] > peak ? ink[x] : peak;
	/* A share of the fullest column, but no more than a thin rule
	 * gives: a column of two small characters (a title beside a big
	 * name) holds little ink. */
	lim = peak / 40;
	lim = lim > g->h / 150 ? g->h / 150 : lim;
	lim = lim > 2 ? lim : 2;
	for (x = g->w; x >= 0; x--) {
		/* A gap of one or two pixels is inside a glyph. */
		int on =
		    x < g->w && (ink[x] >= lim ||
		                 (x >= 2 && x + 2 < g->w &&
		                  (ink[x + 1] >= lim || ink[x + 2] >= lim) &&
		                  (ink[x - 1] >= lim || ink[x - 2] >= lim)));
		if (on && !in) {
			in = 1;
			start = x + 1;
		} else if (!on && in) {
			int a = x + 1, b = start;
			in = 0;
			if (b - a < 4 || b - a > g->w * 3 / 5 || a <= edge ||
			    b >= g->w - edge || n >= max)
				continue;
			x0[n] = a;
			x1[n++] = b;
		}
	}
	free(ink);
	return n;
}

/* The runs of rows of column [a, b) that hold ink, split where the
 * column is blank for longer than gap rows (a logo above the company, a
 * smudge at the card's foot); runs shorter than min rows are specks.
 * Returns the number of runs, top to bottom. */
static int column_rows(const ms_image *g, int thr, int a, int b, int gap,
                       int min, int *y0, int *y1, int max)
{
	int x, y, n = 0, lo = -1, last = -1, ey = g->h / 100 + 2;

	/* The rows along the card's edge are its border or shadow. */
	for (y = ey; y <= g->h - ey; y++) {
		int ink = 0;
		for (x = a; y < g->h - ey && x < b && !ink; x++)
			ink = g->px[(size_t)y * g->stride + x] < thr;
		if (ink && lo < 0)
			lo = y;
		if (ink) {
			last = y;
			continue;
		}
		if (lo >= 0 && (y == g->h - ey || y - last > gap)) {
			if (last + 1 - lo >= min && n < max) {
				y0[n] = lo;
				y1[n++] = last + 1;
			}
			lo = -1;
		}
	}
	return n;
}

/* Copies the rectangle (x, y, w, h) of g into out with a white margin of
 * pad pixels; the caller frees out. */
static ms_rc crop_padded(const ms_image *g, int x, int y, int w, int h, int pad,
                         ms_image *out)
{
	ms_image c = {0};
	ms_rc rc = ms_img_crop(g, x, y, w, h, &c);
	int r;

	if (rc)
		return rc;
	rc = ms_image_alloc(out, c.w + 2 * pad, c.h + 2 * pad, 1);
	if (!rc) {
		memset(out->px, 255, out->stride * (size_t)out->h);
		for (r = 0; r < c.h; r++)
			memcpy(out->px + (size_t)(r + pad) * out->stride + pad,
			       c.px + (size_t)r * c.stride, (size_t)c.w);
	}
	ms_image_free(&c);
	return rc;
}

/* Share of the characters of ls that are kanji or kana. */
static double cjk_share(const ms_lines *ls)
{
	size_t i, j, k, n = 0, c = 0;
	int32_t cp;

	for (i = 0; i < ls->n; i++) {
		const char *t = ls->v[i].text;
		size_t len = strlen(t);
		for (j = 0; j < len; j += k) {
			k = ms_utf8_next(t + j, len - j, &cp);
			if (k == 0)
				break;
			if (cp == ' ')
				continue;
			n++;
			c += is_cjk(cp) && cp != 0x30FC && cp != 0x30FB;
		}
	}
	return n ? (double)c / n : 0;
}

/* 1 if lines of ls lie in one column, one below the other: a column cut
 * into pieces (two columns side by side are not). */
static int fragmented(const ms_lines *ls)
{
	size_t i, j;

	for (i = 0; i < ls->n; i++)
		for (j = i + 1; j < ls->n; j++) {
			const ms_box *a = &ls->v[i].box, *b = &ls->v[j].box;
			int lo = a->x > b->x ? a->x : b->x;
			int hi = a->x + a->w < b->x + b->w ? a->x + a->w
			                                   : b->x + b->w;
			int narrow = a->w < b->w ? a->w : b->w;
			if (2 * (hi - lo) > narrow)
				return 1;
		}
	return 0;
}

/* Reads crop turned by deg degrees as one line with engine h, into out as
 * a single line with box (a column read whole). */
static ms_rc read_turned(TessBaseAPI *h, const ms_image *crop, int deg,
                         ms_box box, ms_lines *out, ms_err *err)
{
	struct placement pl = {0, 0, 1.0, 1};
	char text[MS_MAX_LINE_BYTES] = "";
	ms_image side = {0};
	ms_lines ls;
	size_t i;
	ms_rc rc;

	if (ms_img_rotate(crop, deg, &side) != MS_OK)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	ms_lines_init(&ls);
	rc = recognise(h, PSM_SINGLE_LINE, &side, &pl, &ls, err);
	for (i = 0; !rc && i < ls.n; i++) {
		size_t n = strlen(text);
		if (n && n + 1 < sizeof(text))
			text[n++] = ' ', text[n] = '\0';
		ms_strlcpy_utf8(text + n, ls.v[i].text, sizeof(text) - n);
	}
	if (!rc && text[0]) {
		rc = ms_lines_add(out, text, box,
		                  (float)ms_lines_mean_conf(&ls), 1);
		if (rc == MS_ERR_LIMIT)
			rc = MS_OK;
	}
	ms_lines_free(&ls);
	ms_image_free(&side);
	return rc;
}

/* Width of the ink in columns [a, b), rows [y0, y1). */
static int ink_width(const ms_image *g, int thr, int a, int b, int y0, int y1)
{
	int x, y, lo = b, hi = a - 1;

	for (y = y0; y < y1; y++)
		for (x = a; x < b; x++)
			if (g->px[(size_t)y * g->stride + x] < thr) {
				lo = x < lo ? x : lo;
				hi = x > hi ? x : hi;
			}
	return hi >= lo ? hi - lo + 1 : 0;
}

/* Most characters one short column is cut into. */
#define OCR_MAX_CELLS 16

/* Sets the characters of column [a, b) rows [y0, y1) of g side by side
 * on one line, into out: upright glyphs of vertical text make a line of
 * horizontal text so. The column is cut into character cells about as
 * high as its ink is wide; a thin upright stroke (ー in a column) is
 * turned flat. */
static ms_rc retypeset(const ms_image *g, int a, int b, int y0, int y1,
                       ms_image *out)
{
	int cy0[OCR_MAX_CELLS], cy1[OCR_MAX_CELLS], nc = 0, y, x, i;
	int thr = otsu(g), wi = ink_width(g, thr, a, b, y0, y1);
	int run0 = -1, pad, step, total, hmax = 0;
	ms_rc rc;

	if (wi < 6)
		return MS_ERR_INVALID;
	for (y = y0; y <= y1; y++) {
		int ink = 0;
		for (x = a; y < y1 && x < b && !ink; x++)
			ink = g->px[(size_t)y * g->stride + x] < thr;
		if (ink && run0 < 0)
			run0 = y;
		if (ink || run0 < 0)
			continue;
		/* A run of ink [run0, y): a new cell, or part of the last
		 * one while that stays about a character high. */
		if (nc > 0 && y - cy0[nc - 1] <= wi * 6 / 5)
			cy1[nc - 1] = y;
		else if (nc < OCR_MAX_CELLS)
			cy0[nc] = run0, cy1[nc++] = y;
		else
			return MS_ERR_LIMIT;
		run0 = -1;
	}
	if (nc == 0)
		return MS_ERR_INVALID;
	for (i = 0; i < nc; i++)
		hmax = cy1[i] - cy0[i] > hmax ? cy1[i] - cy0[i] : hmax;
	hmax = hmax > wi ? hmax : wi;
	pad = wi / 2 + 4;
	step = hmax + wi / 6 + 2;
	total = 2 * pad + nc * step;
	rc = ms_image_alloc(out, total, hmax + 2 * pad, 1);
	if (rc)
		return rc;
	memset(out->px, 255, out->stride * (size_t)out->h);
	for (i = 0; i < nc; i++) {
		int h = cy1[i] - cy0[i],
		    cw = ink_width(g, thr, a, b, cy0[i], cy1[i]);
		int flat = cw * 3 < wi && h * 5 > wi * 3, ox = pad + i * step;
		int oy = pad + (hmax - h) / 2;
		for (y = cy0[i]; y < cy1[i]; y++)
			for (x = a; x < b; x++) {
				uint8_t v = g->px[(size_t)y * g->stride + x];
				int dx = x - a - (b - a - hmax) / 2;
				int tx =
				    flat ? ox + (y - cy0[i]) + (hmax - h) / 2
				         : ox + dx;
				int ty = flat ? pad + hmax / 2 + (x - a) -
				                    (b - a) / 2
				              : oy + (y - cy0[i]);
				if (tx >= 0 && ty >= 0 && tx < out->w &&
				    ty < out->h && v < 255)
					out->px[(size_t)ty * out->stride + tx] =
					    v;
			}
	}
	return MS_OK;
}

/* Reads column [a, b) rows [y0, y1) of g. A column is turned a quarter
 * anticlockwise and read by jpn_vert as one line, which keeps it whole
 * where Tesseract's own segmentation cuts it into pieces; when that is
 * doubtful (the run may hold two columns) the block reading of the crop
 * may win instead, unless it cut the column into pieces. A column whose reading
 * is still doubtful or not Japanese is also read turned the other way by the
 * horizontal engine, as a line of Latin text (how vertical cards print an email
 * address or a URL). The most confident reading is kept. */
static ms_rc read_column(ms_ocr *o, const ms_image *g, int a, int b, int y0,
                         int y1, ms_lines *out, ms_err *err)
{
	int pad = (b - a) / 2 + 6;
	ms_image crop = {0};
	struct placement pl = {a - pad, y0 - pad, 1.0, 1};
	ms_box box = {a, y0, b - a, y1 - y0};
	ms_lines v, alt;
	double vc = -1, ac;
	ms_rc rc;
	size_t i;

	ms_lines_init(&v);
	ms_lines_init(&alt);
	rc = crop_padded(g, a, y0, b - a, y1 - y0, pad, &crop);
	if (rc)
		return ms_err_set(err, rc, "out of memory");
	if (y1 - y0 >= 2 * (b - a)) {
		rc = read_turned(o->v, &crop, 270, box, &v, err);
		vc = v.n ? ms_lines_mean_conf(&v) : -1;
	}
	if (!rc && vc < 0.80) {
		rc = recognise(o->v, PSM_SINGLE_BLOCK_VERT_TEXT, &crop, &pl,
		               &alt, err);
		ac = alt.n ? ms_lines_mean_conf(&alt) : -1;
		if (!rc && ac > vc && (vc < 0 || !fragmented(&alt))) {
			ms_lines_free(&v);
			v = alt;
			vc = ac;
			ms_lines_init(&alt);
		}
		ms_lines_free(&alt);
	}
	if (!rc && (y1 - y0) > 3 * (b - a) &&
	    (vc < 0.80 || cjk_share(&v) < 0.5)) {
		rc = read_turned(o->h, &crop, 270, box, &alt, err);
		ac = alt.n ? ms_lines_mean_conf(&alt) : -1;
		if (!rc && ac > vc + 0.10 && cjk_share(&alt) < 0.3) {
			ms_lines_free(&v);
			v = alt;
			ms_lines_init(&alt);
		}
		ms_lines_free(&alt);
	}
	/* A short column (a title, a department) that jpn_vert did not
	 * read: its characters set side by side, for the horizontal
	 * engine. */
	if (!rc && vc < 0.60 && y1 - y0 <= 8 * (b - a)) {
		ms_image line = {0};
		struct placement pr = {0, 0, 1.0, 1};
		if (retypeset(g, a, b, y0, y1, &line) == MS_OK) {
			rc = recognise(o->h, PSM_SINGLE_LINE, &line, &pr, &alt,
			               err);
			ac = alt.n == 1 ? alt.v[0].conf : -1;
			if (!rc && ac > vc && ac >= 0.60 &&
			    cjk_share(&alt) >= 0.5) {
				ms_lines_free(&v);
				rc = ms_lines_add(&v, alt.v[0].text, box,
				                  (float)ac, 1);
				if (rc == MS_ERR_LIMIT)
					rc = MS_OK;
			}
			ms_lines_free(&alt);
		}
		ms_image_free(&line);
	}
	for (i = 0; !rc && i < v.n; i++) {
		rc = ms_lines_add(out, v.v[i].text, v.v[i].box, v.v[i].conf, 1);
		if (rc == MS_ERR_LIMIT)
			rc = MS_OK;
	}
	ms_lines_free(&v);
	ms_image_free(&crop);
	return rc;
}

/* Where the text of column [a, b) rows [y0, y1) starts when a mark sits
 * on top of it, as a company's logo does above its name: a solid blob no
 * taller than about a character, then a gap; y0 when there is none. */
static int top_mark(const ms_image *g, int thr, int a, int b, int y0, int y1)
{
	int w = b - a, y, x, try;

	for (try = 0; try < 3; try++) {
		int start = -1, end = -1, ink = 0, gap = 0;
		for (y = y0; y < y1; y++) {
			int row = 0;
			for (x = a; x < b; x++)
				row += g->px[(size_t)y * g->stride + x] < thr;
			if (row == 0) {
				if (start >= 0 && ++gap >= w / 6 + 1) {
					end = y - gap + 1;
					break;
				}
				continue;
			}
			if (start < 0)
				start = y;
			gap = 0;
			ink += row;
			if (y - start > 3 * w / 2 + 2)
				return y0; /* text from the top */
		}
		if (start < 0 || end < 0)
			return y0;
		if (end - start < w / 4) {
			y0 = end + gap; /* a speck at the card's edge */
			continue;
		}
		/* Solid, about a character's size and wider than the
		 * text below it: a character is mostly paper. */
		if (end - start < w / 2 || ink * 10 < (end - start) * w * 4 ||
		    ink_width(g, thr, a, b, start, end) * 20 <
		        ink_width(g, thr, a, b, end + gap, y1) * 21)
			return y0;
		return end + gap;
	}
	return y0;
}

/* Reads a column that may carry a mark on top (see top_mark) both with
 * and without it, and keeps the clearly more confident reading. */
static ms_rc read_marked(ms_ocr *o, const ms_image *g, int thr, int a, int b,
                         int y0, int y1, ms_lines *out, ms_err *err)
{
	int t = top_mark(g, thr, a, b, y0, y1);
	ms_lines with, without;
	const ms_lines *keep;
	size_t i;
	ms_rc rc;

	if (t <= y0 || y1 - t < (b - a) / 2)
		return read_column(o, g, a, b, y0, y1, out, err);
	ms_lines_init(&with);
	ms_lines_init(&without);
	rc = read_column(o, g, a, b, y0, y1, &with, err);
	if (!rc)
		rc = read_column(o, g, a, b, t, y1, &without, err);
	keep = without.n > 0 && ms_lines_mean_conf(&without) >
	                            ms_lines_mean_conf(&with) + 0.05
	           ? &without
	           : &with;
	for (i = 0; !rc && i < keep->n; i++) {
		rc = ms_lines_add(out, keep->v[i].text, keep->v[i].box,
		                  keep->v[i].conf, 1);
		if (rc == MS_ERR_LIMIT)
			rc = MS_OK;
	}
	ms_lines_free(&with);
	ms_lines_free(&without);
	return rc;
}

/* Most columns read one by one; a card with more is read whole. */
#define OCR_MAX_COLUMNS 24

ms_rc ms_ocr_read_vertical(ms_ocr *o, const ms_image *gray, ms_lines *out,
			   ms_err *err)
{
	struct placement pl = {0, 0, 1.0, 1};
	size_t first = out->n;
	int x0[OCR_MAX_COLUMNS], x1[OCR_MAX_COLUMNS], nc, c, thr;
	ms_rc rc = MS_OK;

	if (!o->v)
		return ms_err_set(err, MS_ERR_OCR, "vertical model not loaded");
	if (gray->ch != 1)
		return ms_err_set(err, MS_ERR_INVALID, "OCR needs grey input");
	/* Tesseract's own layout analysis runs vertical columns together
	 * and into the text around them: the columns are found here, from
	 * the ink, and each is read alone. */
	thr = otsu(gray);
	nc = find_columns(gray, thr, x0, x1, OCR_MAX_COLUMNS);
	if (getenv("MEISHI_OCR_TRACE")) {
		fprintf(stderr, "vertical: %d columns (threshold %d):", nc,
		        thr);
		for (c = 0; c < nc; c++)
			fprintf(stderr, " %d-%d", x0[c], x1[c]);
		fprintf(stderr, "\n");
	}
	if (nc >= 2) {
		for (c = 0; c < nc && !rc; c++) {
			int w = x1[c] - x0[c], y0[8], y1[8], nr, r;
			int gap = 2 * w > gray->h / 8 ? 2 * w : gray->h / 8;
			nr = column_rows(gray, thr, x0[c], x1[c], gap,
			                 w / 2 + 2, y0, y1, 8);
			for (r = 0; r < nr && !rc; r++)
				rc = read_marked(o, gray, thr, x0[c], x1[c],
				                 y0[r], y1[r], out, err);
		}
	} else {
		rc = recognise(o->v, PSM_SINGLE_BLOCK_VERT_TEXT, gray, &pl, out,
		               err);
	}
	if (rc == MS_OK && out->n > first) {
		refine_lines(o->v, gray, out, first, 1);
		qsort(out->v + first, out->n - first, sizeof(ms_line),
		      by_column);
	}
	return rc;
}

ms_rc ms_ocr_orientation(ms_ocr *o, const ms_image *gray, int *rotate,
			 float *conf)
{
	const char *script = NULL;
	float sconf = 0;
	int deg = 0;
	BOOL ok;

	*rotate = 0;
	*conf = 0;
	if (!o->osd || gray->ch != 1)
		return MS_ERR_OCR;
	TessBaseAPISetPageSegMode(o->osd, PSM_OSD_ONLY);
	TessBaseAPISetImage(o->osd, gray->px, gray->w, gray->h, 1,
			    (int)gray->stride);
	TessBaseAPISetSourceResolution(o->osd, 300);
	ok = TessBaseAPIDetectOrientationScript(o->osd, &deg, conf, &script,
						&sconf);
	TessBaseAPIClear(o->osd);
	if (!ok)
		return MS_ERR_OCR;
	/* Tesseract reports the page's counter-clockwise rotation. */
	*rotate = (360 - deg) % 360;
	return MS_OK;
}

ms_rc ms_ocr_read_box(ms_ocr *o, const ms_image *gray, ms_box box,
		      int height, const char *chars, char *out, size_t cap)
{
	ms_lines re;
	int x0 = box.x < 0 ? 0 : box.x, y0 = box.y < 0 ? 0 : box.y;
	int x1 = box.x + box.w > gray->w ? gray->w : box.x + box.w;
	int y1 = box.y + box.h > gray->h ? gray->h : box.y + box.h;

	out[0] = '\0';
	if (gray->ch != 1 || x1 - x0 < 4 || y1 - y0 < 4)
		return MS_OK;
	ms_lines_init(&re);
	if (chars)
		TessBaseAPISetVariable(o->h, "tessedit_char_whitelist", chars);
	read_box(o->h, gray, x0, y0, x1 - x0, y1 - y0, height, &re);
	if (chars)
		TessBaseAPISetVariable(o->h, "tessedit_char_whitelist", "");
	if (getenv("MEISHI_OCR_TRACE"))
		fprintf(stderr,
			"box read %d,%d %dx%d at %d%s: %zu lines [%s] %.2f\n",
			x0, y0, x1 - x0, y1 - y0, height,
			chars ? " limited" : "", re.n,
			re.n ? re.v[0].text : "",
			re.n ? (double)re.v[0].conf : 0.0);
	if (re.n == 1)
		ms_strlcpy_utf8(out, re.v[0].text, cap);
	ms_lines_free(&re);
	return MS_OK;
}

ms_rc ms_ocr_read_column(ms_ocr *o, const ms_image *gray, ms_box box,
                         double scale, char *out, size_t cap)
{
	int pad = box.w / 2 + 6;
	ms_box all = {0, 0, 0, 0};
	ms_image crop = {0}, sized = {0};
	ms_lines ls;
	ms_err err;
	ms_rc rc;

	out[0] = '\0';
	if (!o->v || gray->ch != 1 || box.w < 4 || box.h < 2 * box.w ||
	    box.x < 0 || box.y < 0 || box.x + box.w > gray->w ||
	    box.y + box.h > gray->h || scale < 0.25 || scale > 4)
		return MS_OK;
	rc = crop_padded(gray, box.x, box.y, box.w, box.h, pad, &crop);
	if (rc)
		return rc;
	rc = ms_img_resize(&crop, (int)(crop.w * scale), (int)(crop.h * scale),
	                   &sized);
	ms_image_free(&crop);
	if (rc)
		return rc;
	ms_lines_init(&ls);
	rc = read_turned(o->v, &sized, 270, all, &ls, &err);
	if (!rc && ls.n == 1)
		ms_strlcpy_utf8(out, ls.v[0].text, cap);
	if (getenv("MEISHI_OCR_TRACE"))
		fprintf(stderr, "column read %d,%d %dx%d at %.2f: [%s]\n", box.x,
		        box.y, box.w, box.h, scale, out);
	ms_lines_free(&ls);
	ms_image_free(&sized);
	return rc;
}
