/*
 * The OCR line list of meishi/lines.h.
 */
#include <stdlib.h>
#include <string.h>

#include "meishi/lines.h"
#include "meishi/text.h"

void ms_lines_init(ms_lines *ls)
{
	ls->v = NULL;
	ls->n = 0;
	ls->cap = 0;
}

void ms_lines_free(ms_lines *ls)
{
	free(ls->v);
	ms_lines_init(ls);
}

ms_rc ms_lines_add(ms_lines *ls, const char *text, ms_box box, float conf,
		   int vertical)
{
	ms_line *l;

	if (ls->n >= MS_MAX_LINES)
		return MS_ERR_LIMIT;
	if (ls->n == ls->cap) {
		size_t ncap = ls->cap ? ls->cap * 2 : 32;
		ms_line *v;
		if (ncap > MS_MAX_LINES)
			ncap = MS_MAX_LINES;
		v = realloc(ls->v, ncap * sizeof(*v));
		if (!v)
			return MS_ERR_NOMEM;
		ls->v = v;
		ls->cap = ncap;
	}
	l = &ls->v[ls->n++];
	ms_strlcpy_utf8(l->text, text, sizeof(l->text));
	l->alt[0] = '\0';
	l->box = box;
	l->conf = conf < 0 ? 0 : conf > 1 ? 1 : conf;
	l->vertical = vertical;
	return MS_OK;
}

double ms_lines_mean_conf(const ms_lines *ls)
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

long ms_box_overlap(const ms_box *a, const ms_box *b)
{
	int x0 = a->x > b->x ? a->x : b->x, y0 = a->y > b->y ? a->y : b->y;
	int x1 = a->x + a->w < b->x + b->w ? a->x + a->w : b->x + b->w;
	int y1 = a->y + a->h < b->y + b->h ? a->y + a->h : b->y + b->h;

	return x1 > x0 && y1 > y0 ? (long)(x1 - x0) * (y1 - y0) : 0;
}
