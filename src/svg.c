/*
 * svg.c: the drawing primitives of the HTML pages (fmt_html.c, the
 * report; history_html.c, the history): text escaped for HTML, names
 * shortened, numbers in the C locale's form whatever the program's
 * locale, lines and texts, a linear scale, and the verdict markers,
 * whose shapes tell the verdicts apart without colour.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "internal.h"

/*
 * Escape s for HTML text and quoted attribute values: the five special
 * characters as references, each invalid UTF-8 byte and each control
 * character (which HTML5 forbids, and a browser may drop) as U+FFFD.
 * Input need not be UTF-8: upstream reads Latin-1 files too.
 */
static void
html_escape_n(FILE *out, const char *s, size_t len)
{
	size_t i = 0, n;
	unsigned r;
	unsigned char c;

	while (i < len) {
		c = (unsigned char)s[i];
		if (c >= 0x80) {
			n = cbs_utf8_decode(s + i, len - i, &r);
			if ((r == 0xFFFD && n == 1) || (r >= 0x80 && r < 0xA0))
				fputs("\xef\xbf\xbd", out);
			else
				fwrite(s + i, 1, n, out);
			i += n;
			continue;
		}
		i++;
		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fputs("\xef\xbf\xbd", out);
			else
				putc(c, out);
		}
	}
}

void
cbs_html_escape(FILE *out, const char *s)
{
	html_escape_n(out, s, strlen(s));
}

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

/* The first max characters of s, escaped, "…" if cut. */
void
cbs_html_short(FILE *out, size_t max, const char *s)
{
	size_t len = strlen(s), i = 0, runes = 0;
	unsigned r;

	while (i < len && runes < max) {
		i += cbs_utf8_decode(s + i, len - i, &r);
		runes++;
	}
	html_escape_n(out, s, i < len ? i : len);
	if (i < len)
		fputs("\xe2\x80\xa6", out);
}

/* A percentage with two decimals and its sign, "?" for NaN. */
const char *
cbs_html_pct(double v, char *buf, size_t len)
{
	size_t n;

	if (isnan(v))
		return "?";
	if (isinf(v))
		return v > 0 ? "+\xe2\x88\x9e%" : "-\xe2\x88\x9e%";
	cbs_fmt_go_fixed(v, 2, 1, buf, len - 1);
	n = strlen(buf);
	snprintf(buf + n, len - n, "%%");
	return buf;
}
