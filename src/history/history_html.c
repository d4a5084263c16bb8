/*
 * history_html.c: the history as one self-contained HTML page
 * (cbenchstat history -format html).  It owns the page's layout: the
 * heading (query, settings, a count of the changes), the table of every
 * change found, and per series (benchmark, unit, configuration) an SVG
 * chart of the medians and their intervals along the commits with the
 * changes marked, the changes as a table and the medians as a table for
 * a screen reader.  The page, its style sheet and the drawing are the
 * report's (html_page.c, svg.c); the statistics are changepoint.c's,
 * handed over by history.c.
 *
 * Colour is never the only channel: a regression's marker points up, an
 * improvement's down, each label says "regression" or "improvement", a
 * step is a dashed line and a creep a shaded span with a bracket.
 *
 * Order and size: charts of series with a change come first, then the
 * others, each group in the store's order, CHARTS_MAX charts in all, so
 * that 3,000 series stay a page a browser opens; the table of changes
 * lists the first CHANGES_MAX.  The order is known only at the end, so
 * the parts are held in memory streams until then.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "history/history.h"
#include "history/history_html.h"
#include "input/input.h"
#include "report/report.h"

/* Series drawn, those with a change first. */
#define CHARTS_MAX	100
/* Rows of the table of changes. */
#define CHANGES_MAX	500
/* Characters of a commit id under the axis (git's short ids). */
#define TICK_RUNES	12
/* Characters of a name in a chart's label. */
#define NAME_RUNES	60

/* A chart's geometry, in SVG units. */
enum {
	CHART_W = 1000,
	X0 = 96,		/* the plot's left end; the values' labels
				 * end left of it */
	X1 = 980,
	LANE_H = 16,		/* one change label's line above the plot */
	LANES = 4,		/* lines of labels; more changes share them */
	PLOT_H = 180,
	TICK_W = 100,		/* room of one commit label */
};

/* A part of the page kept until the end: a memory stream. */
struct part {
	FILE *f;
	char *buf;
	size_t len;
};

struct cbs_history_html {
	FILE *out;
	struct cbs_history_change_opts co;
	const struct cbs_history_query *q;
	struct part changes;		/* rows of the table of changes */
	struct part hit;		/* charts of series with a change */
	struct part calm;		/* charts of the others */
	long calm_end[CHARTS_MAX];	/* calm's length after each chart */
	size_t nseries, ncommits_max;
	size_t nhit, ncalm;		/* series, drawn or not */
	size_t nhit_drawn, ncalm_drawn;
	size_t nchanges, nregressions;
};

static const char css[] =
"svg .iv{stroke:var(--mute);stroke-width:2}svg .ln{fill:none;"
"stroke:var(--fg);stroke-width:1;opacity:.45}svg .pt{stroke:var(--fg);"
"stroke-width:5;stroke-linecap:round}\n"
"svg .cp{stroke:currentColor;stroke-width:1.5;stroke-dasharray:5 3}"
"svg .creep{fill:currentColor;opacity:.13}svg .br{stroke:currentColor;"
"stroke-width:2}svg .lbl{font-size:11px}span.mute{color:var(--mute)}\n";

/* ------------------------------------------------------ texts */

/* "+10.00% (+8.12% to +11.90%)": a relative change in percent. */
static void
put_size(FILE *f, const struct cbs_history_change *c)
{
	char a[64], b[64];

	fputs(cbs_html_pct(100 * c->estimate, a, sizeof(a)), f);
	fprintf(f, " (%s to %s)", cbs_html_pct(100 * c->lo, a, sizeof(a)),
	    cbs_html_pct(100 * c->hi, b, sizeof(b)));
}

/* "step at ID, +10.00% (...) regression", escaped. */
static void
put_change(FILE *f, const struct cbs_history_series *s,
    const struct cbs_history_change *c)
{
	fprintf(f, "%s at ", cbs_history_kind_name(c));
	cbs_html_short(f, TICK_RUNES, s->commits[c->start]);
	if (c->kind == CBS_HISTORY_CREEP) {
		fputs(" to ", f);
		cbs_html_short(f, TICK_RUNES, s->commits[c->end - 1]);
	}
	fputs(": ", f);
	put_size(f, c);
	fputs(cbs_history_is_worse(s->better, c->estimate) ? " regression" :
	    " improvement", f);
}

/* The common scale of a series' medians and intervals, in *sc.
 * @return 0 or CBS_ENOMEM (no other scale would be the same numbers). */
static int
series_scale(const struct cbs_history_series *s,
    const struct cbs_history_summary *sum, struct cbs_scaler *sc)
{
	double *v = malloc((s->ncommits * 3 + 1) * sizeof(*v));
	size_t i, n = 0;

	if (v == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < s->ncommits; i++) {
		v[n++] = sum[i].median;
		if (isfinite(sum[i].lo))
			v[n++] = sum[i].lo;
		if (isfinite(sum[i].hi))
			v[n++] = sum[i].hi;
	}
	*sc = cbs_unit_common_scale(v, n, cbs_unit_class_of(s->unit));
	free(v);
	return 0;
}

/* ------------------------------------------------------ the chart */

/* Where a chart draws: commits along x, values up y. */
struct frame {
	size_t n;
	double top, bottom;		/* the plot's y range */
	struct cbs_svg_scale v;		/* value onto [0, PLOT_H] */
};

static double
x_of(const struct frame *fr, double i)
{
	return X0 + (i + 0.5) * (X1 - X0) / (double)fr->n;
}

/* The boundary before commit i. */
static double
x_before(const struct frame *fr, size_t i)
{
	return X0 + (double)i * (X1 - X0) / (double)fr->n;
}

static double
y_of(const struct frame *fr, double v)
{
	return fr->bottom - cbs_svg_scale(&fr->v, v);
}

static void
widen(double *lo, double *hi, double v)
{
	if (!isfinite(v))
		return;
	*lo = fmin(*lo, v);
	*hi = fmax(*hi, v);
}

static struct frame
frame_of(const struct cbs_history_series *s,
    const struct cbs_history_summary *sum, size_t nch)
{
	struct frame fr;
	double lo = INFINITY, hi = -INFINITY, pad;
	size_t i, lanes = nch < LANES ? nch : LANES;

	for (i = 0; i < s->ncommits; i++) {
		widen(&lo, &hi, sum[i].median);
		widen(&lo, &hi, sum[i].lo);
		widen(&lo, &hi, sum[i].hi);
	}
	if (!(lo < hi)) {
		pad = isfinite(lo) && fabs(lo) > 0 ? fabs(lo) * 0.05 : 1;
		lo = isfinite(lo) ? lo - pad : -1;
		hi = isfinite(hi) ? hi + pad : 1;
	}
	pad = (hi - lo) * 0.05;
	fr.n = s->ncommits;
	fr.top = 10 + (double)(lanes * LANE_H);
	fr.bottom = fr.top + PLOT_H;
	fr.v.lo = lo - pad;
	fr.v.hi = hi + pad;
	fr.v.x0 = 0;
	fr.v.x1 = PLOT_H;
	return fr;
}

/* The value axis: three grid lines with their values, and the unit
 * turned up along the left edge (the lanes above are the changes', the
 * line below the commits'). */
static void
value_axis(FILE *f, const struct frame *fr, const char *unit)
{
	struct cbs_scaler sc;
	double v[3], mid;
	char buf[64];
	int i;

	for (i = 0; i < 3; i++)
		v[i] = fr->v.lo + (fr->v.hi - fr->v.lo) * (0.05 + 0.45 * i);
	sc = cbs_unit_common_scale(v, 3, cbs_unit_class_of(unit));
	for (i = 0; i < 3; i++) {
		cbs_svg_line(f, "axis", X0, y_of(fr, v[i]), X1, y_of(fr,
		    v[i]));
		cbs_svg_text(f, "mute", X0 - 6, y_of(fr, v[i]) + 4, "end");
		fprintf(f, "%s</text>", cbs_unit_format(sc, v[i], buf,
		    sizeof(buf)));
	}
	mid = (fr->top + fr->bottom) / 2;
	fputs("<text class=\"mute\" text-anchor=\"middle\" transform=\""
	    "rotate(-90 14 ", f);
	cbs_svg_num(f, mid);
	fputs(")\" x=\"14\"", f);
	cbs_svg_attr(f, "y", mid);
	putc('>', f);
	cbs_html_escape(f, unit);
	fputs("</text>", f);
}

/* The commit axis: ids every few commits, so that none overlap. */
static void
commit_axis(FILE *f, const struct frame *fr,
    const struct cbs_history_series *s)
{
	size_t per = (size_t)ceil((double)fr->n * TICK_W / (X1 - X0)), i;

	if (per == 0)
		per = 1;
	cbs_svg_line(f, "axis", X0, fr->bottom, X1, fr->bottom);
	for (i = 0; i < fr->n; i += per) {
		cbs_svg_line(f, "axis", x_of(fr, (double)i), fr->bottom,
		    x_of(fr, (double)i), fr->bottom + 4);
		cbs_svg_text(f, "mute", x_of(fr, (double)i), fr->bottom + 17,
		    "middle");
		cbs_html_short(f, TICK_RUNES, s->commits[i]);
		fputs("</text>", f);
	}
}

/* The intervals as one path, the medians as a line and dots. */
static void
values(FILE *f, const struct frame *fr,
    const struct cbs_history_summary *sum)
{
	size_t i;

	fputs("<path class=\"iv\" d=\"", f);
	for (i = 0; i < fr->n; i++) {
		if (!isfinite(sum[i].lo) || !isfinite(sum[i].hi))
			continue;
		putc('M', f);
		cbs_svg_num(f, x_of(fr, (double)i));
		putc(' ', f);
		cbs_svg_num(f, y_of(fr, sum[i].lo));
		putc('V', f);
		cbs_svg_num(f, y_of(fr, sum[i].hi));
	}
	fputs("\"/><path class=\"ln\" d=\"", f);
	for (i = 0; i < fr->n; i++) {
		putc(i == 0 ? 'M' : 'L', f);
		cbs_svg_num(f, x_of(fr, (double)i));
		putc(' ', f);
		cbs_svg_num(f, y_of(fr, sum[i].median));
	}
	fputs("\"/><path class=\"pt\" d=\"", f);
	for (i = 0; i < fr->n; i++) {
		putc('M', f);
		cbs_svg_num(f, x_of(fr, (double)i));
		putc(' ', f);
		cbs_svg_num(f, y_of(fr, sum[i].median));
		fputs("h0", f);
	}
	fputs("\"/>", f);
}

/*
 * One change: a step as a dashed line where the new level starts, a
 * creep as a shaded span with a bracket over it; the marker (up for a
 * regression, down for an improvement) and the label on its lane.
 */
static void
change_mark(FILE *f, const struct frame *fr,
    const struct cbs_history_series *s, const struct cbs_history_change *c,
    size_t k)
{
	double lane = 10 + (double)(k % LANES) * LANE_H + LANE_H / 2.0;
	double x = x_before(fr, c->start), xe;
	int worse = cbs_history_is_worse(s->better, c->estimate);

	fprintf(f, "<g class=\"%s\">", worse ? "reg" : "imp");
	if (c->kind == CBS_HISTORY_CREEP) {
		xe = x_before(fr, c->end);
		fputs("<rect class=\"creep\"", f);
		cbs_svg_attr(f, "x", x);
		cbs_svg_attr(f, "y", fr->top);
		cbs_svg_attr(f, "width", xe - x);
		cbs_svg_attr(f, "height", PLOT_H);
		fputs("/>", f);
		/* Under the label, which would be struck through. */
		cbs_svg_line(f, "br", x, lane + 6, xe, lane + 6);
	} else
		cbs_svg_line(f, "cp", x, lane, x, fr->bottom);
	cbs_svg_marker(f, worse ? CBS_MARK_UP : CBS_MARK_DOWN, x, lane);
	if (x < (X0 + X1) / 2.0)
		cbs_svg_text(f, "lbl", x + 9, lane + 4, NULL);
	else
		cbs_svg_text(f, "lbl", x - 9, lane + 4, "end");
	put_change(f, s, c);
	fputs("</text></g>", f);
}

/* The chart's text alternative: what it shows, and every change. */
static void
chart_desc(FILE *f, size_t id, const struct cbs_history_series *s,
    const struct cbs_history_summary *sum, struct cbs_scaler sc,
    const struct cbs_history_change *ch, size_t nch)
{
	char a[64], b[64];
	size_t i;

	fputs("<title>", f);
	cbs_html_escape(f, s->benchmark);
	fputs(" (", f);
	cbs_html_escape(f, s->unit);
	fprintf(f, ")</title><desc id=\"s%zu-d\">Median and its interval "
	    "at each of %zu commits, oldest first, from ", id, s->ncommits);
	cbs_html_short(f, TICK_RUNES, s->commits[0]);
	fputs(" to ", f);
	cbs_html_short(f, TICK_RUNES, s->commits[s->ncommits - 1]);
	fprintf(f, "; the median goes from %s to %s ", cbs_unit_format(sc,
	    sum[0].median, a, sizeof(a)), cbs_unit_format(sc,
	    sum[s->ncommits - 1].median, b, sizeof(b)));
	cbs_html_escape(f, s->unit);
	fprintf(f, ". %zu change%s%s", nch, nch == 1 ? "" : "s",
	    nch > 0 ? ": " : ".");
	for (i = 0; i < nch; i++) {
		put_change(f, s, &ch[i]);
		fputs(i + 1 < nch ? "; " : ".", f);
	}
	fputs(" The tables below hold the same numbers.</desc>\n", f);
}

static void
chart(FILE *f, size_t id, const struct cbs_history_series *s,
    const struct cbs_history_summary *sum, struct cbs_scaler sc,
    const struct cbs_history_change *ch, size_t nch)
{
	struct frame fr = frame_of(s, sum, nch);
	size_t i;

	fprintf(f, "<figure>\n<svg viewBox=\"0 0 %d ", (int)CHART_W);
	cbs_svg_num(f, fr.bottom + 26);
	fputs("\" role=\"img\" aria-label=\"Medians of ", f);
	cbs_html_short(f, NAME_RUNES, s->benchmark);
	fputs(" (", f);
	cbs_html_escape(f, s->unit);
	fprintf(f, ") along %zu commits, %zu change%s marked\" "
	    "aria-describedby=\"s%zu-d\">\n", s->ncommits, nch, nch == 1 ?
	    "" : "s", id);
	chart_desc(f, id, s, sum, sc, ch, nch);
	value_axis(f, &fr, s->unit);
	commit_axis(f, &fr, s);
	for (i = 0; i < nch; i++)
		if (ch[i].kind == CBS_HISTORY_CREEP)
			change_mark(f, &fr, s, &ch[i], i);
	values(f, &fr, sum);
	for (i = 0; i < nch; i++)
		if (ch[i].kind != CBS_HISTORY_CREEP)
			change_mark(f, &fr, s, &ch[i], i);
	fputs("\n</svg>\n</figure>\n", f);
}

/* ------------------------------------------------------ the tables */

static void
change_cells(FILE *f, const struct cbs_history_series *s,
    const struct cbs_history_change *c)
{
	char a[64];
	int worse = cbs_history_is_worse(s->better, c->estimate);

	fprintf(f, "<td>%s</td><td><code>", cbs_history_kind_name(c));
	cbs_html_escape(f, s->commits[c->start]);
	fprintf(f, "</code></td><td>%zu to %zu of %zu</td><td class=\"%s\">",
	    c->start + 1, c->kind == CBS_HISTORY_CREEP ? c->end : c->start + 1,
	    s->ncommits, worse ? "reg" : "imp");
	put_size(f, c);
	if (c->p < 0.0001)
		snprintf(a, sizeof(a), "&lt; 0.0001");
	else
		cbs_fmt_go_fixed(c->p, 4, 0, a, sizeof(a));
	fprintf(f, "</td><td>%s</td><td class=\"%s\"><span aria-hidden="
	    "\"true\">%s</span> %s</td>", a, worse ? "reg" : "imp",
	    worse ? "\xe2\x96\xb2" : "\xe2\x96\xbc", worse ? "regression" :
	    "improvement");
}

static const char change_head[] = "<th scope=\"col\">kind</th>"
    "<th scope=\"col\">first commit</th><th scope=\"col\">commits</th>"
    "<th scope=\"col\">size (interval)</th><th scope=\"col\">p</th>"
    "<th scope=\"col\">verdict</th>";

static void
series_changes(FILE *f, const struct cbs_history_series *s,
    const struct cbs_history_change *ch, size_t nch)
{
	size_t i;

	if (nch == 0) {
		fputs("<p class=\"note\">No change found.</p>\n", f);
		return;
	}
	fputs("<table>\n<caption>Changes of ", f);
	cbs_html_escape(f, s->benchmark);
	fprintf(f, "</caption>\n<thead><tr>%s</tr></thead>\n<tbody>\n",
	    change_head);
	for (i = 0; i < nch; i++) {
		fputs("<tr>", f);
		change_cells(f, s, &ch[i]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

/* The medians by commit, folded: the chart's numbers as text. */
static void
series_values(FILE *f, const struct cbs_history_series *s,
    const struct cbs_history_summary *sum, struct cbs_scaler sc)
{
	char a[64], b[64], c[64];
	size_t i;

	fprintf(f, "<details><summary>Medians of %zu commits</summary>\n"
	    "<table>\n<thead><tr><th scope=\"col\">commit</th><th scope="
	    "\"col\">branch</th><th scope=\"col\">runs</th><th scope=\"col\">"
	    "median</th><th scope=\"col\">interval</th></tr></thead>\n"
	    "<tbody>\n", s->ncommits);
	for (i = 0; i < s->ncommits; i++) {
		fputs("<tr><th scope=\"row\"><code>", f);
		cbs_html_escape(f, s->commits[i]);
		fputs("</code></th><td>", f);
		cbs_html_escape(f, s->branches[i]);
		fprintf(f, "</td><td>%zu</td><td>%s</td><td>%s to %s</td></tr>"
		    "\n", sum[i].n, cbs_unit_format(sc, sum[i].median, a,
		    sizeof(a)), cbs_format_bound(sc, sum[i].lo, b, sizeof(b)),
		    cbs_format_bound(sc, sum[i].hi, c, sizeof(c)));
	}
	fputs("</tbody>\n</table>\n</details>\n", f);
}

/* @return 0 or CBS_ENOMEM. */
static int
series_section(FILE *f, size_t id, const struct cbs_history_series *s,
    const struct cbs_history_summary *sum, const struct cbs_history_change *ch,
    size_t nch)
{
	struct cbs_scaler sc;

	if (series_scale(s, sum, &sc) != 0)
		return CBS_ENOMEM;
	fprintf(f, "<section aria-labelledby=\"s%zu\">\n<h3 id=\"s%zu\">", id,
	    id);
	cbs_html_escape(f, s->benchmark);
	fputs(" <span class=\"mute\">", f);
	cbs_html_escape(f, s->unit);
	fputs("</span></h3>\n", f);
	if (*s->config != '\0') {
		fputs("<p class=\"note\">", f);
		cbs_html_escape(f, s->config);
		fputs("</p>\n", f);
	}
	chart(f, id, s, sum, sc, ch, nch);
	series_changes(f, s, ch, nch);
	series_values(f, s, sum, sc);
	fputs("</section>\n", f);
	return 0;
}

/* One row per change in the table of every change. */
static void
change_rows(struct cbs_history_html *hh, const struct cbs_history_series *s,
    const struct cbs_history_change *ch, size_t nch)
{
	FILE *f = hh->changes.f;
	size_t i;

	for (i = 0; i < nch && hh->nchanges + i < CHANGES_MAX; i++) {
		fputs("<tr><th scope=\"row\">", f);
		cbs_html_escape(f, s->benchmark);
		if (*s->config != '\0') {
			fputs(" <span class=\"mute\">", f);
			cbs_html_escape(f, s->config);
			fputs("</span>", f);
		}
		fputs("</th><td>", f);
		cbs_html_escape(f, s->unit);
		fputs("</td>", f);
		change_cells(f, s, &ch[i]);
		fputs("</tr>\n", f);
	}
}

/* ------------------------------------------------------ the page */

static int
part_open(struct part *p)
{
	p->f = open_memstream(&p->buf, &p->len);
	return p->f != NULL ? 0 : CBS_ENOMEM;
}

/* Close p's stream; @return 0 or CBS_ENOMEM if it failed to grow. */
static int
part_close(struct part *p)
{
	int bad;

	if (p->f == NULL)
		return 0;
	bad = ferror(p->f);
	bad |= fclose(p->f) != 0;
	p->f = NULL;
	return bad ? CBS_ENOMEM : 0;
}

int
cbs_history_html_new(FILE *out, const struct cbs_history_change_opts *co,
    const struct cbs_history_query *q, struct cbs_history_html **hhp)
{
	struct cbs_history_html *hh = calloc(1, sizeof(*hh));

	*hhp = hh;
	if (hh == NULL)
		return CBS_ENOMEM;
	hh->out = out;
	hh->co = *co;
	hh->q = q;
	if (part_open(&hh->changes) != 0 || part_open(&hh->hit) != 0 ||
	    part_open(&hh->calm) != 0)
		return CBS_ENOMEM;
	return 0;
}

int
cbs_history_html_series(struct cbs_history_html *hh,
    const struct cbs_history_series *s, const struct cbs_history_summary *sum,
    const struct cbs_history_change *ch, size_t nch)
{
	size_t i, id = hh->nseries++;
	int rc = 0;

	if (s->ncommits > hh->ncommits_max)
		hh->ncommits_max = s->ncommits;
	change_rows(hh, s, ch, nch);
	hh->nchanges += nch;
	for (i = 0; i < nch; i++)
		hh->nregressions += cbs_history_is_worse(s->better,
		    ch[i].estimate);
	if (nch > 0) {
		hh->nhit++;
		if (hh->nhit_drawn < CHARTS_MAX) {
			rc = series_section(hh->hit.f, id, s, sum, ch, nch);
			hh->nhit_drawn++;
		}
	} else {
		hh->ncalm++;
		if (hh->nhit_drawn + hh->ncalm_drawn < CHARTS_MAX) {
			rc = series_section(hh->calm.f, id, s, sum, ch, nch);
			hh->calm_end[hh->ncalm_drawn++] = ftell(hh->calm.f);
		}
	}
	return rc != 0 || ferror(hh->changes.f) || ferror(hh->hit.f) ||
	    ferror(hh->calm.f) ? CBS_ENOMEM : 0;
}

static void
page_top(struct cbs_history_html *hh)
{
	const struct cbs_history_query *q = hh->q;
	char buf[64];

	cbs_html_page_head(hh->out, "cbenchstat history", css);
	fputs("<dl class=\"kv\" aria-label=\"Query and settings\">\n",
	    hh->out);
	if (q->filter != NULL) {
		fputs("<dt>-filter</dt><dd><code>", hh->out);
		cbs_html_escape(hh->out, q->filter);
		fputs("</code></dd>\n", hh->out);
	}
	if (q->branch != NULL) {
		fputs("<dt>-branch</dt><dd><code>", hh->out);
		cbs_html_escape(hh->out, q->branch);
		fputs("</code></dd>\n", hh->out);
	}
	if (q->last > 0)
		fprintf(hh->out, "<dt>-last</dt><dd>%zu commits</dd>\n",
		    q->last);
	fprintf(hh->out, "<dt>series</dt><dd>%zu, up to %zu commits each</dd>"
	    "\n", hh->nseries, hh->ncommits_max);
	fprintf(hh->out, "<dt>family-wise level (-gate-alpha)</dt><dd>%s, "
	    "over %zu series</dd>\n", cbs_fmt_go_float(hh->co.alpha, buf,
	    sizeof(buf)), hh->co.family);
	fprintf(hh->out, "<dt>smallest change (-threshold)</dt><dd>%s%%</dd>\n",
	    cbs_fmt_go_float(hh->co.threshold, buf, sizeof(buf)));
	fprintf(hh->out, "<dt>confidence of intervals</dt><dd>%s</dd>\n</dl>\n",
	    cbs_fmt_go_float(hh->co.confidence, buf, sizeof(buf)));
	fprintf(hh->out, "<section class=\"verdict %s\" aria-label=\"Changes "
	    "found\"><strong>%zu change%s in %zu of %zu series:</strong> "
	    "<span class=\"reg\">%zu regression%s</span>, <span class=\"imp\">"
	    "%zu improvement%s</span>.</section>\n", hh->nregressions > 0 ?
	    "fail" : "pass", hh->nchanges, hh->nchanges == 1 ? "" : "s",
	    hh->nhit, hh->nseries, hh->nregressions, hh->nregressions == 1 ?
	    "" : "s", hh->nchanges - hh->nregressions, hh->nchanges -
	    hh->nregressions == 1 ? "" : "s");
}

static void
legend_mark(FILE *f, const char *cls, enum cbs_svg_mark m, const char *what)
{
	fprintf(f, "<span class=\"%s\"><svg viewBox=\"-8 -8 16 16\" "
	    "aria-hidden=\"true\"><g class=\"%s\">", cls, cls);
	cbs_svg_marker(f, m, 0, 0);
	fprintf(f, "</g></svg> %s</span>", what);
}

static void
page_legend(FILE *f)
{
	fputs("<p class=\"legend\">", f);
	legend_mark(f, "reg", CBS_MARK_UP, "regression");
	legend_mark(f, "imp", CBS_MARK_DOWN, "improvement");
	fputs("<br>Each dot is the median of a commit's runs, the bar its "
	    "confidence interval, commits oldest first.  A dashed line marks "
	    "the first commit of a step (a level shift), a shaded span with a "
	    "bracket a creep (a sustained trend); each is labelled with its "
	    "size, interval and verdict.</p>\n</header>\n<main>\n", f);
}

static void
page_changes(struct cbs_history_html *hh)
{
	if (hh->nchanges == 0)
		return;
	fputs("<h2>Changes</h2>\n", hh->out);
	if (hh->nchanges > CHANGES_MAX)
		fprintf(hh->out, "<p class=\"note\">The first %d of %zu changes"
		    "; -filter selects others.</p>\n", CHANGES_MAX,
		    hh->nchanges);
	fprintf(hh->out, "<table>\n<caption>Every change found, by series"
	    "</caption>\n<thead><tr><th scope=\"col\">benchmark</th>"
	    "<th scope=\"col\">unit</th>%s</tr></thead>\n<tbody>\n",
	    change_head);
	fwrite(hh->changes.buf, 1, hh->changes.len, hh->out);
	fputs("</tbody>\n</table>\n", hh->out);
}

static void
page_series(struct cbs_history_html *hh)
{
	size_t ncalm = hh->nhit_drawn < CHARTS_MAX ? CHARTS_MAX -
	    hh->nhit_drawn : 0;

	if (ncalm > hh->ncalm_drawn)
		ncalm = hh->ncalm_drawn;
	fputs("<h2>Series</h2>\n", hh->out);
	if (hh->nhit_drawn + ncalm < hh->nseries)
		fprintf(hh->out, "<p class=\"note\">Charts of %zu of %zu "
		    "series: those with a change first, then the others, each "
		    "in the order of benchmark, unit and configuration; "
		    "-filter selects others.</p>\n", hh->nhit_drawn + ncalm,
		    hh->nseries);
	fwrite(hh->hit.buf, 1, hh->hit.len, hh->out);
	if (ncalm > 0)
		fwrite(hh->calm.buf, 1, (size_t)hh->calm_end[ncalm - 1],
		    hh->out);
}

int
cbs_history_html_end(struct cbs_history_html *hh)
{
	if (part_close(&hh->changes) != 0 || part_close(&hh->hit) != 0 ||
	    part_close(&hh->calm) != 0)
		return CBS_ENOMEM;
	page_top(hh);
	page_legend(hh->out);
	if (hh->nseries == 0)
		fprintf(hh->out, "<p>No series %s.</p>\n", hh->q->filter !=
		    NULL || hh->q->branch != NULL ? "matches the query above" :
		    "recorded");
	else {
		page_changes(hh);
		page_series(hh);
	}
	fputs("</main>\n", hh->out);
	cbs_html_page_foot(hh->out);
	return ferror(hh->out) ? CBS_EIO : 0;
}

void
cbs_history_html_free(struct cbs_history_html *hh)
{
	if (hh == NULL)
		return;
	(void)part_close(&hh->changes);
	(void)part_close(&hh->hit);
	(void)part_close(&hh->calm);
	free(hh->changes.buf);
	free(hh->hit.buf);
	free(hh->calm.buf);
	free(hh);
}
