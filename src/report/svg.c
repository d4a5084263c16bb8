/*
 * svg.c: the drawing primitives of the HTML pages (fmt_html.c, the
 * report; history_html.c, the history): numbers in the C locale's form
 * whatever the program's locale, lines and texts, a linear scale, and
 * the verdict markers, whose shapes tell the verdicts apart without
 * colour.  (Text for the pages is html_page.c's.)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "report/report.h"


/* A coordinate with one decimal, without printf's locale. */
void
cbs_svg_num(FILE *out, double v)
{
	long t;

	if (!isfinite(v))
		v = 0;
	/* Far off any drawing, and within lround's range. */
	if (fabs(v) > 1e9)
		v = v > 0 ? 1e9 : -1e9;
	t = lround(v * 10);
	if (t < 0) {
		putc('-', out);
		t = -t;
	}
	if (t % 10 != 0)
		fprintf(out, "%ld.%ld", t / 10, t % 10);
	else
		fprintf(out, "%ld", t / 10);
}

double
cbs_svg_scale(const struct cbs_svg_scale *s, double v)
{
	double x;

	if (isnan(v))
		return s->x0;
	x = s->x0 + (v - s->lo) / (s->hi - s->lo) * (s->x1 - s->x0);
	return x < s->x0 ? s->x0 : x > s->x1 ? s->x1 : x;
}

/* The smallest of 1, 2, 5 times a power of ten that is >= v > 0. */
double
cbs_svg_nice(double v)
{
	double p, m;

	if (!(v > 0) || !isfinite(v))
		return 1;
	p = pow(10, floor(log10(v)));
	m = v / p;
	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/* The path of a marker of kind k centred on (x, y), 10 units across. */
void
cbs_svg_marker(FILE *out, enum cbs_svg_mark k, double x, double y)
{
	static const char *const d[] = {
		[CBS_MARK_UP] = "m0 -6l6 10h-12z",
		[CBS_MARK_DOWN] = "m0 6l6 -10h-12z",
		[CBS_MARK_DIAMOND] = "m0 -6l6 6l-6 6l-6 -6z",
		[CBS_MARK_CIRCLE] = "m-4 0a4 4 0 1 0 8 0a4 4 0 1 0 -8 0z",
		[CBS_MARK_CROSS] = "m-4 -4l8 8m0 -8l-8 8",
	};

	fputs("<path class=\"mk\" d=\"M", out);
	cbs_svg_num(out, x);
	putc(' ', out);
	cbs_svg_num(out, y);
	fputs(d[k], out);
	fputs("\"/>", out);
}

/* A number attribute: ` name="v"`. */
void
cbs_svg_attr(FILE *out, const char *name, double v)
{
	fprintf(out, " %s=\"", name);
	cbs_svg_num(out, v);
	putc('"', out);
}

void
cbs_svg_line(FILE *out, const char *cls, double x1, double y1, double x2,
    double y2)
{
	fprintf(out, "<line class=\"%s\"", cls);
	cbs_svg_attr(out, "x1", x1);
	cbs_svg_attr(out, "y1", y1);
	cbs_svg_attr(out, "x2", x2);
	cbs_svg_attr(out, "y2", y2);
	fputs("/>", out);
}

void
cbs_svg_text(FILE *out, const char *cls, double x, double y,
    const char *anchor)
{
	fprintf(out, "<text class=\"%s\"", cls);
	if (anchor != NULL)
		fprintf(out, " text-anchor=\"%s\"", anchor);
	cbs_svg_attr(out, "x", x);
	cbs_svg_attr(out, "y", y);
	putc('>', out);
}
