/*
 * The scan pipeline (meishi/scan.h): bytes -> photo -> flat card -> clean
 * grey image -> OCR lines -> contact.
 *
 * Orientation: the card stage returns the card landscape unless it judges
 * the text to run in portrait. The text itself decides the rest: the card
 * is read in the most likely orientation first, and only when that reading
 * is poor are the other candidates read too; the reading with the most
 * confident text wins. A portrait card is a candidate for vertical
 * Japanese (jpn_vert) as well as for a landscape card turned by 90 degrees.
 * When a person has chosen the orientation (a rescan from the review
 * desk), only the choice between horizontal and vertical text is left.
 *
 * Many vertical cards are mixed: name, company and address in columns,
 * the numbers, email and URL in horizontal lines along the bottom. Each
 * engine reads only its own kind well, so an upright portrait card is read
 * both ways, and a third candidate keeps the columns of the vertical
 * reading and the clear horizontal lines of the other.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "meishi/buf.h"
#include "meishi/limits.h"
#include "meishi/ocr.h"
#include "meishi/proc.h"
#include "meishi/scan.h"
#include "meishi/text.h"

struct ms_scanner {
	ms_ocr *ocr;
	ms_extractor *ex;
	char debug_dir[1024];
};

ms_rc ms_scanner_new(const ms_scan_opts *opts, ms_scanner **out, ms_err *err)
{
	ms_ocr_opts oo = {0};
	ms_scanner *s;
	ms_rc rc;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	oo.tessdata_dir = opts ? opts->tessdata_dir : NULL;
	oo.vertical = 1;
	rc = ms_ocr_new(&oo, &s->ocr, err);
	if (!rc)
		rc = ms_extractor_new(opts ? opts->models_dir : NULL, &s->ex,
				      err);
	if (!rc && opts && opts->no_knowledge)
		ms_extractor_set_knowledge(s->ex, 0);
	if (rc) {
		ms_scanner_free(s);
		return rc;
	}
	if (opts && opts->debug_dir) {
		ms_strlcpy_utf8(s->debug_dir, opts->debug_dir,
				sizeof(s->debug_dir));
		mkdir(s->debug_dir, 0755);
	}
	*out = s;
	return MS_OK;
}

void ms_scanner_free(ms_scanner *s)
{
	if (!s)
		return;
	ms_ocr_free(s->ocr);
	ms_extractor_free(s->ex);
	free(s);
}

void ms_scan_result_free(ms_scan_result *r)
{
	ms_lines_free(&r->lines);
	ms_image_free(&r->crop);
	memset(r, 0, sizeof(*r));
}

/* 1 if l is a horizontal reading's line of several characters whose box
 * stands upright: Tesseract turned the text to read it, so the card is
 * turned a quarter from the rotation the reading was made at. */
static int sideways(const ms_line *l)
{
	return !l->vertical && l->box.h > 2 * l->box.w &&
	       ms_utf8_len(l->text) >= 4;
}

/* 1 if a third or more of the lines of ls are sideways. */
static int mostly_sideways(const ms_lines *ls)
{
	size_t i, n = 0;

	for (i = 0; i < ls->n; i++)
		n += sideways(&ls->v[i]);
	return n > 0 && n * 3 >= ls->n;
}

/* How much believable text a reading holds: confidence-weighted
 * characters, with lines of very low confidence counted as noise, a
 * sideways line at a quarter (the reading at the card's true rotation
 * holds the same text the right way round), and a line read twice (both
 * engines of a mixed reading, the same text or not: their boxes cover the
 * same ink) counted once, at its better reading. */
static double reading_score(const ms_lines *ls)
{
	double s = 0;
	size_t i, j;

	for (i = 0; i < ls->n; i++) {
		const ms_line *l = &ls->v[i];
		double c = l->conf, v;
		long a = (long)l->box.w * l->box.h;
		if (c < 0.35)
			continue;
		v = c * c * (double)ms_utf8_len(l->text);
		if (sideways(l))
			v /= 4;
		for (j = 0; j < ls->n; j++) {
			const ms_line *o = &ls->v[j];
			long b = (long)o->box.w * o->box.h, m = a < b ? a : b;
			double w;
			if (j == i || o->conf < 0.35 || m <= 0 ||
			    ms_box_overlap(&l->box, &o->box) * 2 < m)
				continue;
			w = (double)o->conf * o->conf *
			    (double)ms_utf8_len(o->text);
			/* The other reading counts instead (ties: the first). */
			if (w > v || (w == v && j < i))
				break;
		}
		if (j == ls->n)
			s += v;
	}
	return s;
}

/* One candidate reading: rotate the clean grey card and OCR it. */
static ms_rc read_candidate(ms_scanner *s, const ms_image *gray, int rot,
			    int vertical, ms_lines *out, ms_err *err)
{
	ms_image g = {0};
	ms_rc rc;

	rc = ms_img_rotate(gray, rot, &g);
	if (rc)
		return ms_err_set(err, rc, "out of memory");
	if (vertical)
		rc = ms_ocr_read_vertical(s->ocr, &g, out, err);
	else
		rc = ms_ocr_read(s->ocr, &g, out, err);
	ms_image_free(&g);
	return rc;
}

/* Fills cands with (rotation, vertical) pairs, most likely first, and
 * returns how many. A confident orientation from Tesseract's OSD is tried
 * first; a card that is portrait once upright may be vertical Japanese. */
static int plan_readings(ms_scanner *s, const ms_image *gray, int cands[][2])
{
	int n = 0, rot = 0, w, h, i;
	float conf = 0;
	int have = ms_ocr_orientation(s->ocr, gray, &rot, &conf) == MS_OK &&
		   conf >= 1.5f;

	if (have) {
		w = rot % 180 ? gray->h : gray->w;
		h = rot % 180 ? gray->w : gray->h;
		cands[n][0] = rot, cands[n++][1] = 0;
		if (h > w)
			cands[n][0] = rot, cands[n++][1] = 1;
		cands[n][0] = (rot + 180) % 360, cands[n++][1] = 0;
		if (h > w) {
			cands[n][0] = (rot + 180) % 360, cands[n++][1] = 1;
		} else {
			/* OSD reads the columns of a vertical card turned on
			 * its side as upright lines. */
			cands[n][0] = (rot + 90) % 360, cands[n++][1] = 1;
			cands[n][0] = (rot + 270) % 360, cands[n++][1] = 1;
		}
		return n;
	}
	if (gray->w >= gray->h) {
		/* Last: a vertical card the card stage laid on its side. */
		static const int land[][2] = {
		    {0, 0}, {180, 0}, {0, 1}, {90, 1}, {270, 1}};
		for (i = 0; i < 5; i++)
			cands[n][0] = land[i][0], cands[n++][1] = land[i][1];
	} else {
		/* (0, 0) is read with (0, 1); a vertical card may lie
		 * upside down. */
		static const int port[][2] = {
		    {0, 1}, {90, 0}, {270, 0}, {180, 1}};
		for (i = 0; i < 4; i++)
			cands[n][0] = port[i][0], cands[n++][1] = port[i][1];
	}
	return n;
}

/* A line of the horizontal reading of a portrait card that is real
 * horizontal text: long, flat and confidently read. Reading vertical
 * columns across gives short, doubtful fragments instead. */
static int clear_horizontal(const ms_line *l)
{
	size_t n = 0;
	const char *p;

	for (p = l->text; *p; p++)
		if (*p != ' ' && ((unsigned char)*p & 0xC0) != 0x80)
			n++;
	/* Flat, and as long as its characters need: not a box drawn round
	 * a patch of columns. */
	return l->box.w >= 3 * l->box.h && n >= 6 && l->conf >= 0.70f &&
	       l->box.w * 5 >= (int)n * l->box.h * 2;
}

/* A horizontal line of a portrait card that holds a postal code or a
 * telephone number (seven digits or more), as vertical cards often print
 * them across: kept in the mixed reading even when its box is loose. */
static int number_line(const ms_line *l)
{
	const char *p;
	int nd = 0;

	if (l->conf < 0.70f)
		return 0;
	for (p = l->text; *p; p++)
		if (*p >= '0' && *p <= '9')
			nd++;
		else if (*p != '-' && *p != ' ' && nd < 7)
			nd = 0;
	return nd >= 7;
}

/* A flat line of a portrait card's horizontal reading that holds an
 * email address or a web address: no reading of vertical columns makes
 * "name@host.jp" or "www.", so it is kept even when its box is loose (a
 * stray mark at the card's edge read into it) or its reading doubtful
 * (the knowledge stage mends the address). */
static int address_line(const ms_line *l)
{
	const char *at = strchr(l->text, '@');

	return l->conf >= 0.50f && l->box.w >= 3 * l->box.h &&
	       strlen(l->text) >= 8 &&
	       ((at && at > l->text && strchr(at, '.')) ||
		strstr(l->text, "www.") || strstr(l->text, "http"));
}

static ms_rc add_copy(ms_lines *out, const ms_line *l)
{
	ms_rc rc = ms_lines_add(out, l->text, l->box, l->conf, l->vertical);

	if (rc == MS_OK)
		memcpy(out->v[out->n - 1].alt, l->alt, sizeof(l->alt));
	return rc == MS_ERR_LIMIT ? MS_OK : rc;
}

/* The mixed reading of a portrait card (see the top of the file): the
 * columns of the vertical reading v, less those lying mostly on a clear
 * horizontal line of h, then those horizontal lines, top to bottom. */
static ms_rc merge_mixed(const ms_lines *v, const ms_lines *h, ms_lines *out)
{
	size_t i, j;
	ms_rc rc = MS_OK;

	for (i = 0; i < v->n && !rc; i++) {
		const ms_box *b = &v->v[i].box;
		long area = (long)b->w * b->h, covered = 0;
		for (j = 0; j < h->n; j++)
			if (clear_horizontal(&h->v[j]))
				covered += ms_box_overlap(b, &h->v[j].box);
		if (area > 0 && covered * 5 >= area * 2)
			continue;
		rc = add_copy(out, &v->v[i]);
	}
	for (j = 0; j < h->n && !rc; j++)
		if (clear_horizontal(&h->v[j]) || number_line(&h->v[j]) ||
		    address_line(&h->v[j]))
			rc = add_copy(out, &h->v[j]);
	return rc;
}

/* Reads an upright portrait card both ways (see the top of the file):
 * ls[0] the horizontal reading, ls[1] the vertical one made with the
 * clear horizontal lines blanked out (jpn_vert otherwise runs its columns
 * through them), ls[2] the two merged. */
static ms_rc read_mixed(ms_scanner *s, const ms_image *gray, int rot,
                        ms_lines ls[3], ms_err *err)
{
	ms_image g = {0};
	size_t i;
	ms_rc rc;

	rc = ms_img_rotate(gray, rot, &g);
	if (rc)
		return ms_err_set(err, rc, "out of memory");
	rc = ms_ocr_read(s->ocr, &g, &ls[0], err);
	for (i = 0; !rc && i < ls[0].n; i++) {
		const ms_box *b = &ls[0].v[i].box;
		int m = b->h / 3 + 1, x, y;
		if (!clear_horizontal(&ls[0].v[i]))
			continue;
		for (y = b->y - m; y < b->y + b->h + m; y++)
			for (x = b->x - m; x < b->x + b->w + m; x++)
				if (x >= 0 && y >= 0 && x < g.w && y < g.h)
					g.px[(size_t)y * g.stride + x] = 255;
	}
	if (!rc)
		rc = ms_ocr_read_vertical(s->ocr, &g, &ls[1], err);
	if (!rc)
		rc = merge_mixed(&ls[1], &ls[0], &ls[2]);
	ms_image_free(&g);
	return rc;
}

static void debug_write(const ms_scanner *s, const char *name,
			const char *what, const ms_image *img)
{
	char path[2048];
	uint8_t *jpg = NULL;
	size_t len = 0;

	if (!s->debug_dir[0] || !img->px)
		return;
	snprintf(path, sizeof(path), "%s/%s.%s.jpg", s->debug_dir,
		 name ? name : "card", what);
	if (ms_img_encode_jpeg(img, 90, &jpg, &len, NULL) == MS_OK)
		if (ms_write_file(path, jpg, len, NULL) != MS_OK)
			fprintf(stderr, "meishi: cannot write %s\n", path);
	free(jpg);
}

static void debug_lines(const ms_scanner *s, const char *name,
			const ms_image *crop, const ms_lines *ls,
			const ms_contact *c)
{
	ms_image pic;
	size_t i;
	int f;

	if (!s->debug_dir[0] || ms_image_copy(crop, &pic))
		return;
	for (i = 0; i < ls->n; i++) {
		const ms_box *b = &ls->v[i].box;
		uint8_t red = (uint8_t)(255 * (1 - ls->v[i].conf));
		uint8_t green = (uint8_t)(255 * ls->v[i].conf);
		ms_img_draw_line(&pic, b->x, b->y, b->x + b->w, b->y, red,
				 green, 0, 1);
		ms_img_draw_line(&pic, b->x + b->w, b->y, b->x + b->w,
				 b->y + b->h, red, green, 0, 1);
		ms_img_draw_line(&pic, b->x + b->w, b->y + b->h, b->x,
				 b->y + b->h, red, green, 0, 1);
		ms_img_draw_line(&pic, b->x, b->y + b->h, b->x, b->y, red,
				 green, 0, 1);
	}
	for (f = 0; f < MS_F_COUNT; f++) {
		const ms_box *b = &c->box[f];
		if (!c->v[f][0] || b->w <= 0)
			continue;
		ms_img_draw_line(&pic, b->x - 2, b->y + b->h + 2,
				 b->x + b->w + 2, b->y + b->h + 2, 0, 0, 255,
				 3);
	}
	debug_write(s, name, "lines", &pic);
	ms_image_free(&pic);
}

/* The readings for a card whose orientation a person chose: turned by
 * rot, as horizontal text and as vertical Japanese, the likelier first. */
static int plan_forced(const ms_image *gray, int rot, int cands[][2])
{
	int w = rot % 180 ? gray->h : gray->w;
	int h = rot % 180 ? gray->w : gray->h;
	int vfirst = h > w;

	cands[0][0] = rot, cands[0][1] = vfirst;
	cands[1][0] = rot, cands[1][1] = !vfirst;
	return 2;
}

/* The clean grey card turned as its lines were read, for the re-reads
 * after extraction: made on the first use and shared by them (the card
 * itself when it was read unturned). */
struct upright {
	const ms_image *gray;
	int rot;
	ms_image turned;
};

/* The upright card of u, or NULL on out-of-memory. */
static const ms_image *upright_get(struct upright *u)
{
	if (u->rot == 0)
		return u->gray;
	if (!u->turned.px && ms_img_rotate(u->gray, u->rot, &u->turned))
		return NULL;
	return &u->turned;
}

/* A Japanese name its printed reading says was misread or cut short is
 * read again: first with the OCR limited to the characters the reading
 * allows, then at other text sizes (a big bold name one size garbles,
 * another often reads right). The extractor takes a reading only if the
 * dictionary reads it as the printed reading in full. */
static ms_rc reread_name(ms_scanner *s, struct upright *u, ms_contact *c,
			 ms_err *err)
{
	static const int heights[] = {0, 20, 24, 28, 32, 36, 40, 48};
	static const int limited[] = {0, 36, 24};
	const size_t n_heights = sizeof(heights) / sizeof(*heights);
	const size_t n_limited = sizeof(limited) / sizeof(*limited);
	ms_name_reread *rr;
	const ms_image *g;
	char text[MS_MAX_FIELD_BYTES];
	ms_rc rc = MS_OK;
	size_t j, k;
	int taken = 0;

	rr = malloc(sizeof(*rr));
	if (!rr)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	if (ms_extract_name_reread(s->ex, c, rr)) {
		const ms_box boxes[] = {rr->box, rr->more[0], rr->more[1]};

		if (!(g = upright_get(u)))
			rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		/* in each place (h 0: none), limited at its own size and at
		 * the sizes the LSTM reads best (a big name at 36 px, a kanji
		 * whose parts stand apart, 亮, at 24), then free at every
		 * size */
		for (j = 0; !rc && !taken && j < sizeof(boxes) / sizeof(*boxes);
		     j++)
			for (k = 0; !rc && !taken && boxes[j].h > 0 &&
				    k < n_limited + n_heights;
			     k++) {
				int lim = k < n_limited;

				rc = ms_ocr_read_box(
					s->ocr, g, boxes[j],
					lim ? limited[k] : heights[k - n_limited],
					lim ? rr->chars : NULL, text,
					sizeof(text));
				taken = !rc &&
					ms_extract_name_take(s->ex, c, text);
				/* a name found where none was read: the
				 * review page outlines where it was read,
				 * within the card */
				if (taken && c->box[MS_F_NAME].h <= 0) {
					ms_box b = boxes[j];
					if (b.x + b.w > g->w)
						b.w = g->w - b.x;
					if (b.y + b.h > g->h)
						b.h = g->h - b.y;
					c->box[MS_F_NAME] =
						c->box[MS_F_FAMILY_NAME] =
							c->box[MS_F_GIVEN_NAME] = b;
				}
			}
	}
	free(rr);
	return rc;
}

/* The fields contact b has otherwise than a, as bits 1 << f. */
static unsigned changed_fields(const ms_contact *a, const ms_contact *b)
{
	unsigned ch = 0;
	int f;

	for (f = 0; f < MS_F_COUNT; f++)
		if (strcmp(a->v[f], b->v[f]) != 0)
			ch |= 1u << f;
	return ch;
}

/* 1 if contact b differs from a only in the fields of mask, and in at
 * least one of them. */
static int differs_only(const ms_contact *a, const ms_contact *b,
                        unsigned mask)
{
	unsigned ch = changed_fields(a, b);

	return ch && !(ch & ~mask);
}

/* 1 if contact b only fills fields of mask that a left empty (at least
 * one): a reading that gains a field and changes nothing a has. */
static int gains_only(const ms_contact *a, const ms_contact *b,
                      unsigned mask)
{
	unsigned ch = changed_fields(a, b);
	int f;

	if (!ch || (ch & ~mask))
		return 0;
	for (f = 0; f < MS_F_COUNT; f++)
		if ((ch & (1u << f)) && a->v[f][0])
			return 0;
	return 1;
}

/* Contact a becomes b, each field that changed flagged for review (its
 * confidence below the review mark too: the review desk goes by it). */
static void take_flagged(ms_contact *a, const ms_contact *b)
{
	unsigned ch = changed_fields(a, b);
	int f;

	*a = *b;
	for (f = 0; f < MS_F_COUNT; f++)
		if (ch & (1u << f)) {
			a->review |= 1u << f;
			if (a->conf[f] >= MS_REVIEW_CONF)
				a->conf[f] = MS_REVIEW_CONF - 0.01f;
		}
}

/* Line l of out read as text: the contact is extracted again into c and
 * taken, its changed fields flagged, if it only fills empty fields of mask
 * (fill) or only changes fields of mask (!fill); otherwise the line's
 * text is put back. Returns 1 if taken; *rc is the extractor's failure. */
static int try_text(ms_scanner *s, ms_scan_result *out, ms_line *l,
                    const char *text, unsigned mask, int fill,
                    ms_contact *c, ms_rc *rc)
{
	char keep[MS_MAX_LINE_BYTES];
	int ok;

	ms_strlcpy_utf8(keep, l->text, sizeof(keep));
	ms_strlcpy_utf8(l->text, text, sizeof(l->text));
	*rc = ms_extract(s->ex, &out->lines, c);
	ok = !*rc && (fill ? gains_only(&out->contact, c, mask)
	                   : differs_only(&out->contact, c, mask));
	if (ok)
		take_flagged(&out->contact, c);
	else
		ms_strlcpy_utf8(l->text, keep, sizeof(l->text));
	return ok;
}

/* The glyph index of the first 第 in line text t: the characters before
 * it, all kana or kanji (each one glyph; spaces none), counted. -1 if t
 * has no 第 or something else before it. */
static long dai_glyph(const char *t)
{
	const char *d = strstr(t, "第");
	size_t i = 0, k;
	long n = 0;
	int32_t cp;

	if (!d)
		return -1;
	while (t + i < d && (k = ms_utf8_next(t + i, (size_t)(d - t) - i,
	                                      &cp)) != 0) {
		i += k;
		if (cp == ' ')
			continue;
		if (cp < 0x3041 || cp > 0x9FFF)
			return -1;
		n++;
	}
	return n;
}

/* The line text t with the numeral after its first 第 made the one of
 * strokes strokes, into out; 0 if t already has that numeral or a bigger
 * one there. What the OCR read for the numeral (一, ー, -, ニ, 二, or
 * nothing) goes; only one such character, for "第 - 一番町" is 第二一番町. */
static int dai_numeral(const char *t, int strokes, char *out, size_t cap)
{
	static const char *const num[] = {"一", "二", "三"};
	static const char *const read[] = {"一", "ー", "-", "ニ", "二", "三"};
	static const int read_strokes[] = {1, 1, 1, 2, 2, 3};
	const char *d = strstr(t, "第"), *p;
	size_t i;
	int had = 0;

	if (!d || strokes < 1 || strokes > 3)
		return 0;
	p = d + 3;
	while (*p == ' ')
		p++;
	for (i = 0; i < sizeof(read) / sizeof(*read); i++)
		if (strncmp(p, read[i], strlen(read[i])) == 0) {
			had = read_strokes[i];
			p += strlen(read[i]);
			break;
		}
	/* Faint strokes are lost, never made up: only more strokes than
	 * the OCR read change the line. */
	if (had >= strokes)
		return 0;
	while (*p == ' ')
		p++;
	return snprintf(out, cap, "%.*s第%s%s", (int)(d - t), t,
	                num[strokes - 1], p) < (int)cap;
}

/* A building or department line with 第 whose numeral the ink shows more
 * strokes of than the OCR read (第一 or "第 -" for a faint 第二): the line
 * is mended, and the contact takes it if only the address or department
 * changes, flagged. */
static ms_rc check_dai(ms_scanner *s, struct upright *u, ms_scan_result *out,
                       ms_err *err)
{
	const unsigned mask = (1u << MS_F_ADDRESS) | (1u << MS_F_DEPARTMENT);
	char text[MS_MAX_LINE_BYTES];
	ms_contact *c = NULL;
	const ms_image *g = NULL;
	ms_box gl[MS_SCAN_DAI_GLYPHS];
	ms_rc rc = MS_OK;
	size_t i, ng;
	long at;

	for (i = 0; !rc && i < out->lines.n; i++) {
		ms_line *l = &out->lines.v[i];
		at = dai_glyph(l->text);
		if (l->vertical || at < 0 || at + 2 >= MS_SCAN_DAI_GLYPHS)
			continue;
		if ((!g && !(g = upright_get(u))) ||
		    (!c && !(c = malloc(sizeof(*c)))))
			rc = MS_ERR_NOMEM;
		if (rc)
			break;
		/* 第 a glyph a full character wide and as high as the line
		 * (a box of one row of text), a glyph after it, looked at in
		 * 第's rows */
		ng = ms_img_glyphs(g, l->box, gl, MS_SCAN_DAI_GLYPHS);
		if ((size_t)at + 2 > ng || gl[at].w * 10 < l->box.h * 6 ||
		    gl[at].h * 10 < l->box.h * 7)
			continue;
		gl[at + 1].y = gl[at].y;
		gl[at + 1].h = gl[at].h;
		if (!dai_numeral(l->text,
		                 ms_img_hstrokes(g, l->box, gl[at + 1]), text,
		                 sizeof(text)))
			continue;
		if (getenv("MEISHI_OCR_TRACE"))
			fprintf(stderr, "strokes [%s] -> [%s]\n", l->text, text);
		try_text(s, out, l, text, mask, 0, c, &rc);
	}
	if (rc)
		rc = ms_err_set(err, rc, "out of memory");
	free(c);
	return rc;
}

/* A Japanese card without a title or department whose lines hold a short
 * word of Latin letters alone ("EAE" for 主任, "BR" for 部長, "ABB" for
 * 人事部: small kanji taken for letters): each such line is read again
 * with the OCR limited to the characters of the title and department
 * dictionaries, at its size and a tenth and a fifth smaller (small kanji
 * read at one size lose a character at another). The contact takes the
 * first reading that gives it a title or department and changes nothing
 * else, flagged. */
static ms_rc reread_role(ms_scanner *s, struct upright *u,
                         ms_scan_result *out, ms_err *err)
{
	struct {
		char chars[MS_ROLE_REREAD_CHARS];
		char keep[MS_MAX_LINE_BYTES], text[MS_MAX_LINE_BYTES];
		char whole[MS_MAX_LINE_BYTES];
		ms_contact c;
	} *v = NULL;
	const ms_image *g = NULL;
	ms_rc rc = MS_OK;
	long i = -1;
	size_t q;
	int done = 0;

	while (!done && (i = ms_extract_role_reread(&out->lines, &out->contact,
	                                            (size_t)(i + 1))) >= 0) {
		ms_line *l;
		if (!v) {
			if (!(v = malloc(sizeof(*v))) || !(g = upright_get(u))) {
				rc = MS_ERR_NOMEM;
				break;
			}
			ms_extract_role_chars(s->ex, v->chars,
			                      sizeof(v->chars));
		}
		l = &out->lines.v[i];
		ms_strlcpy_utf8(v->keep, l->text, sizeof(v->keep));
		for (q = 0; q < 3 && !done && !rc; q++) {
			rc = ms_ocr_read_box(s->ocr, g, l->box,
			                     q ? l->box.h * (10 - (int)q) / 10
			                       : 0,
			                     v->chars, v->text, sizeof(v->text));
			if (getenv("MEISHI_OCR_TRACE"))
				fprintf(stderr, "role read [%s] -> [%s]\n",
				        v->keep, v->text);
			if (rc || !v->text[0])
				continue;
			done = try_text(s, out, l,
			                ms_extract_title_whole(s->ex, v->text,
			                                       v->whole,
			                                       sizeof(v->whole))
			                        ? v->whole
			                        : v->text,
			                (1u << MS_F_TITLE) |
			                        (1u << MS_F_DEPARTMENT),
			                1, &v->c, &rc);
		}
	}
	if (rc)
		rc = ms_err_set(err, rc, "out of memory");
	free(v);
	return rc;
}

/* A column labelled as a number whose numerals were misread (no number
 * came of it) is read again at other sizes; the first reading that gives
 * the contact that number, and changes nothing else, is kept, its new
 * number flagged for review. */
static ms_rc reread_numbers(ms_scanner *s, struct upright *u,
			    ms_scan_result *out, ms_err *err)
{
	static const double scales[] = {0.75, 1.33, 0.6, 1.6};
	char text[MS_MAX_LINE_BYTES];
	ms_contact *c = NULL;
	const ms_image *g;
	ms_rc rc = MS_OK;
	long i = -1;
	size_t q;

	i = ms_extract_number_reread(s->ex, &out->lines, &out->contact, 0);
	if (i < 0)
		return MS_OK;
	c = malloc(sizeof(*c));
	if (!c)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	g = upright_get(u);
	rc = g ? MS_OK : MS_ERR_NOMEM;
	for (; !rc && i >= 0;
	     i = ms_extract_number_reread(s->ex, &out->lines, &out->contact,
	                                  (size_t)i + 1)) {
		ms_line *l = &out->lines.v[i];
		for (q = 0; !rc && q < sizeof(scales) / sizeof(*scales); q++) {
			rc = ms_ocr_read_column(s->ocr, g, l->box, scales[q],
			                        text, sizeof(text));
			if (rc || !text[0] || strcmp(text, l->text) == 0)
				continue;
			if (try_text(s, out, l, text,
			             (1u << MS_F_PHONE) | (1u << MS_F_FAX) |
			                     (1u << MS_F_MOBILE),
			             1, c, &rc))
				break;
		}
	}
	if (rc)
		rc = ms_err_set(err, rc, "out of memory");
	free(c);
	return rc;
}

/* The pipeline; force is the orientation to read in (as in
 * ms_scan_result.rotation) or -1 to let the text decide. */
static ms_rc scan_run(ms_scanner *s, const uint8_t *data, size_t len,
		      const char *name, int force, ms_scan_result *out,
		      ms_err *err)
{
	ms_image photo = {0};
	ms_card card;
	ms_rc rc;
	double t0 = ms_now(), t1, cpu0 = ms_thread_cpu();
	int cands[5][2]; /* rotation, vertical */
	ms_image gray = {0};
	int ncand = 0, i;
	int done[4][2] = {{0}}; /* readings made, by rotation and engine */
	double best = -1;
	int read_rot; /* the rotation of gray the lines were read at */
	struct upright up = {0}; /* gray turned as read, for the re-reads */

	memset(out, 0, sizeof(*out));
	memset(&card, 0, sizeof(card));
	ms_lines_init(&out->lines);
	ms_contact_init(&out->contact);

	rc = ms_img_decode(data, len, MS_WORK_LONG_SIDE, &photo, err);
	if (rc)
		return rc;
	out->photo_w = photo.w;
	out->photo_h = photo.h;
	t1 = ms_now();
	out->t_decode = t1 - t0;

	rc = ms_card_find(&photo, &card, err);
	if (rc)
		goto out;
	out->quad = card.quad;
	out->card_found = card.found;
	if (s->debug_dir[0]) {
		ms_image q;
		if (ms_card_draw_quad(&photo, &card.quad, &q) == MS_OK) {
			debug_write(s, name, "outline", &q);
			ms_image_free(&q);
		}
		debug_write(s, name, "flat", &card.flat);
	}
	out->t_card = ms_now() - t1;
	t1 = ms_now();

	rc = ms_card_clean(&card.flat, &gray, err);
	if (rc)
		goto out;
	if (s->debug_dir[0])
		debug_write(s, name, "clean", &gray);
	if (force >= 0)
		ncand = plan_forced(&gray, (force - card.rotation + 360) % 360,
				    cands);
	else
		ncand = plan_readings(s, &gray, cands);
	for (i = 0; i < ncand; i++) {
		ms_lines ls[3];
		int rot = cands[i][0], nl = 1, j;
		int portrait = rot % 180 ? gray.w > gray.h : gray.h > gray.w;

		if (done[rot / 90][cands[i][1]])
			continue;
		for (j = 0; j < 3; j++)
			ms_lines_init(&ls[j]);
		if (portrait && !done[rot / 90][0] && !done[rot / 90][1]) {
			/* An upright portrait card: both engines, and both. */
			rc = read_mixed(s, &gray, rot, ls, err);
			done[rot / 90][0] = done[rot / 90][1] = 1;
			nl = 3;
		} else {
			rc = read_candidate(s, &gray, rot, cands[i][1], &ls[0],
			                    err);
			done[rot / 90][cands[i][1]] = 1;
		}
		for (j = 0; j < nl && !rc; j++) {
			double sc = reading_score(&ls[j]);
			if (getenv("MEISHI_OCR_TRACE"))
			{
				size_t k;
				fprintf(stderr, "reading rot %d %d/%d: %.1f\n",
				        rot, j, nl, sc);
				for (k = 0; k < ls[j].n; k++)
					fprintf(stderr, "  %.2f %d,%d %dx%d [%s]\n",
					        (double)ls[j].v[k].conf,
					        ls[j].v[k].box.x, ls[j].v[k].box.y,
					        ls[j].v[k].box.w, ls[j].v[k].box.h,
					        ls[j].v[k].text);
			}
			if (sc > best) {
				best = sc;
				ms_lines_free(&out->lines);
				out->lines = ls[j];
				ms_lines_init(&ls[j]);
				out->rotation = rot;
				out->vertical = nl == 3 ? j > 0 : cands[i][1];
			}
		}
		for (j = 0; j < 3; j++)
			ms_lines_free(&ls[j]);
		if (rc)
			goto out;
		/* Good enough: a confident reading with real text in it,
		 * read the right way round. */
		if (ms_lines_mean_conf(&out->lines) >= 0.80 && best >= 20 &&
		    !mostly_sideways(&out->lines))
			break;
		if (ms_thread_cpu() - cpu0 > MS_SCAN_CPU_BUDGET)
			break;
	}
	rc = ms_img_rotate(&card.flat, out->rotation, &out->crop);
	if (rc) {
		ms_err_set(err, rc, "out of memory");
		goto out;
	}
	read_rot = out->rotation;
	out->rotation = (card.rotation + out->rotation) % 360;
	out->t_ocr = ms_now() - t1;
	t1 = ms_now();

	rc = ms_extract(s->ex, &out->lines, &out->contact);
	if (rc) {
		ms_err_set(err, rc, "out of memory");
		goto out;
	}
	/* The re-reads: a horizontal card's 第, titles and departments,
	 * name; a vertical card's number columns. One stops at an error
	 * (else the next would clear rc and the error be lost). */
	up.gray = &gray;
	up.rot = read_rot;
	if (out->vertical) {
		rc = reread_numbers(s, &up, out, err);
	} else {
		rc = check_dai(s, &up, out, err);
		if (!rc)
			rc = reread_role(s, &up, out, err);
		if (!rc)
			rc = reread_name(s, &up, &out->contact, err);
	}
	if (rc)
		goto out;
	out->t_extract = ms_now() - t1;
	debug_lines(s, name, &out->crop, &out->lines, &out->contact);
out:
	ms_card_free(&card);
	ms_image_free(&photo);
	ms_image_free(&up.turned);
	ms_image_free(&gray);
	if (rc) {
		ms_scan_result_free(out);
		ms_lines_init(&out->lines);
	}
	return rc;
}

ms_rc ms_scan_bytes(ms_scanner *s, const uint8_t *data, size_t len,
		    const char *name, ms_scan_result *out, ms_err *err)
{
	return scan_run(s, data, len, name, -1, out, err);
}

ms_rc ms_scan_bytes_turned(ms_scanner *s, const uint8_t *data, size_t len,
			   const char *name, int rotation, ms_scan_result *out,
			   ms_err *err)
{
	if (rotation != 0 && rotation != 90 && rotation != 180 &&
	    rotation != 270) {
		memset(out, 0, sizeof(*out));
		ms_lines_init(&out->lines);
		ms_contact_init(&out->contact);
		return ms_err_set(err, MS_ERR_INVALID,
				  "the rotation is 0, 90, 180 or 270 degrees");
	}
	return scan_run(s, data, len, name, rotation, out, err);
}

json_t *ms_scan_result_to_json(const ms_scan_result *r)
{
	json_t *o = ms_contact_to_json(&r->contact);
	json_t *lines = json_array(), *quad = json_array();
	size_t i;

	if (!o || !lines || !quad)
		goto fail;
	for (i = 0; i < r->lines.n; i++) {
		const ms_line *l = &r->lines.v[i];
		json_t *jl = json_pack("{s:s, s:[iiii], s:f, s:b}", "text",
				       l->text, "box", l->box.x, l->box.y,
				       l->box.w, l->box.h, "confidence",
				       (double)l->conf, "vertical",
				       l->vertical);
		if (jl && l->alt[0])
			json_object_set_new(jl, "alt", json_string(l->alt));
		json_array_append_new(lines, jl);
	}
	for (i = 0; i < 4; i++)
		json_array_append_new(quad, json_pack("[ff]",
						      (double)r->quad.x[i],
						      (double)r->quad.y[i]));
	json_object_set_new(o, "lines", lines);
	json_object_set_new(o, "orientation", json_integer(r->rotation));
	json_object_set_new(o, "vertical", json_boolean(r->vertical));
	json_object_set_new(o, "card_found", json_boolean(r->card_found));
	json_object_set_new(o, "quad", quad);
	json_object_set_new(o, "card_size",
			    json_pack("[ii]", r->crop.w, r->crop.h));
	json_object_set_new(o, "seconds",
			    json_pack("{s:f, s:f, s:f, s:f}", "decode",
				      r->t_decode, "card", r->t_card, "ocr",
				      r->t_ocr, "extract", r->t_extract));
	return o;
fail:
	json_decref(o);
	json_decref(lines);
	json_decref(quad);
	return NULL;
}
