/*
 * fmt_html.c: the HTML report (-format html), one self-contained page
 * that a CI job keeps as an artifact and a person opens offline.
 *
 * It owns the page's layout: the heading (inputs, settings, the gate's
 * verdict), and per table a forest plot of the changes, the table with
 * the text format's cell texts (fmt_cell.c), and the runs of each
 * benchmark as dot strips.  Inline CSS and SVG only: no script, nothing
 * fetched.  The changes are change.c's: the gate's estimates and
 * intervals when it ran, else the same Hodges-Lehmann estimates with no
 * verdict.  Colour always has a second channel (a marker's shape and a
 * word), and every figure a text alternative (<title>, <desc>); the
 * table carries the same numbers for a screen reader.
 *
 * Size: a plot row is a few hundred bytes, and runs are drawn as one
 * path per sample; only the first DETAILS_MAX rows of a table get their
 * runs drawn, so that 3,000 benchmarks stay a page a browser opens.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "gate/gate.h"
#include "input/input.h"
#include "report/report.h"
#include "stats/shift.h"
#include "stats/stats.h"
#include "table/table.h"

/* Rows of a table whose runs are drawn (in the shown order). */
#define DETAILS_MAX	200
/* Rows of a table in its forest plot (in the shown order). */
#define PLOT_MAX	500
/* A sample "trends with run order" below this Mann-Kendall p. */
#define DRIFT_P		0.01
/* Tukey's fences: this many interquartile ranges past the quartiles. */
#define TUKEY_K		1.5
/* Characters of a name shown in a plot (the full name is its title). */
#define NAME_MAX_RUNES	44

/* The forest plot's geometry, in SVG units. */
enum {
	PLOT_W = 1000,
	NAME_X = 292,		/* right end of the names */
	AXIS_X0 = 310,
	AXIS_X1 = 690,
	VALUE_X = 704,
	ROW_H = 20,
	TOP = 12,
	AXIS_H = 34,
	/* The dot strips. */
	STRIP_H = 26,
};

struct html {
	FILE *out;
	const struct cbs_report_opts *o;
	const struct cbs_tables *ts;
	size_t ti;
	const struct cbs_table *t;
	struct cbs_change *ch;		/* [row * ncols + col] */
	struct cbs_change *gch;		/* [col]: the geomeans */
	struct cbs_notes nt;
	struct cbs_mw_cache mw;
	double confidence;		/* of the intervals computed here */
};

/* ------------------------------------------------------ verdicts */

struct look {
	const char *cls;	/* CSS class */
	const char *word;
	enum cbs_svg_mark mark;
};

static struct look
look_of(const struct cbs_change *c)
{
	static const struct look
	    reg = { "reg", "regression", CBS_MARK_UP },
	    imp = { "imp", "improvement", CBS_MARK_DOWN },
	    inc = { "inc", "inconclusive", CBS_MARK_DIAMOND },
	    unc = { "unc", "unchanged", CBS_MARK_CIRCLE },
	    nj = { "nj", "not judged", CBS_MARK_CIRCLE },
	    nc = { "nc", "not comparable", CBS_MARK_CROSS };

	if (!c->has)
		return nc;
	if (!c->judged)
		return nj;
	switch (c->verdict) {
	case CBS_VERDICT_REGRESSION:
		return reg;
	case CBS_VERDICT_IMPROVEMENT:
		return imp;
	case CBS_VERDICT_INCONCLUSIVE:
		return inc;
	case CBS_VERDICT_UNCHANGED:
	case CBS_VERDICT_NONE:
	case CBS_VERDICT_NOISE:
	case CBS_VERDICT_WITHIN:
		break;
	}
	return unc;
}

/* ------------------------------------------------------ texts */

/*
 * Column col's label, whole (table.c), malloc'd.  Out of memory NULL,
 * and the page fails with CBS_ENOMEM rather than show a label cut short.
 */
static char *
col_label(struct html *h, size_t col)
{
	char *s = cbs_table_col_label_dup(h->t, col);

	if (s == NULL)
		h->nt.oom = 1;
	return s;
}

static void
put_col_label(struct html *h, size_t col)
{
	char *s = col_label(h, col);

	if (s != NULL)
		cbs_html_escape(h->out, s);
	free(s);
}

/* "+19.90% (+18.69% to +20.98%)" */
static void
put_change(FILE *out, const struct cbs_change *c)
{
	char a[64], b[64];

	fputs(cbs_html_pct(c->estimate, a, sizeof(a)), out);
	if (!isnan(c->lo) && !isnan(c->hi))
		fprintf(out, " (%s to %s)", cbs_html_pct(c->lo, a, sizeof(a)),
		    cbs_html_pct(c->hi, b, sizeof(b)));
}

/*
 * "[column: ]+1.00% (+0.50% to +1.50%)[ verdict]": the column's label
 * when there are several, the verdict's word when the gate gave one or
 * there is no change at all (without a gate, the legend says it once).
 */
static void
put_change_text(struct html *h, size_t col, const struct cbs_change *c,
    const char *word)
{
	if (h->t->ncols > 2) {
		put_col_label(h, col);
		fputs(": ", h->out);
	}
	if (c->has)
		put_change(h->out, c);
	if (c->judged || !c->has)
		fprintf(h->out, "%s%s", c->has ? " " : "", word);
}

/* ------------------------------------------------------ the page */

static void
page_head(struct html *h)
{
	cbs_html_page_head(h->out, "cbenchstat report", NULL);
}

static void
page_inputs(struct html *h)
{
	size_t i;

	if (h->o->ninputs == 0)
		return;
	fputs("<p>Inputs, first the base:", h->out);
	for (i = 0; i < h->o->ninputs; i++) {
		fputs(i == 0 ? " <code>" : ", <code>", h->out);
		cbs_html_escape(h->out, h->o->inputs[i]);
		fputs("</code>", h->out);
	}
	fputs("</p>\n", h->out);
}

static void
page_verdict(struct html *h)
{
	const struct cbs_gate_opts *o = cbs_gate_options(h->o->gate);
	struct cbs_gate_counts n;
	char thr[64], alpha[64];
	int fails;

	cbs_gate_count(h->o->gate, &n);
	fails = n.regression > 0 || (o->strict && n.inconclusive > 0) ||
	    (o->gate_leaks && n.new_leaks > 0);
	fprintf(h->out, "<section class=\"verdict %s\" aria-label=\"Gate "
	    "verdict\"><strong>Gate: %s.</strong> <span class=\"reg\">%zu "
	    "regression%s</span>, <span class=\"imp\">%zu improvement%s"
	    "</span>, <span class=\"inc\">%zu inconclusive</span>, "
	    "<span class=\"unc\">%zu unchanged</span> (threshold %s%%, "
	    "family-wise level %s%s).", fails ? "fail" : "pass",
	    fails ? "fail" : "pass", n.regression, n.regression == 1 ? "" :
	    "s", n.improvement, n.improvement == 1 ? "" : "s",
	    n.inconclusive, n.unchanged,
	    cbs_fmt_go_float(o->threshold, thr, sizeof(thr)),
	    cbs_fmt_go_float(o->alpha, alpha, sizeof(alpha)),
	    o->strict ? ", inconclusive fails too" : "");
	if (n.drift > 0)
		fprintf(h->out, " The runs of %zu cell%s trend with their "
		    "order (drift); their verdicts are unreliable.", n.drift,
		    n.drift == 1 ? "" : "s");
	if (n.leaks > 0)
		fprintf(h->out, " The memory of %zu cell%s grows run after "
		    "run (leak), %zu not in the base column%s.", n.leaks,
		    n.leaks == 1 ? "" : "s", n.new_leaks,
		    o->gate_leaks ? ", which fail the gate" : "");
	fputs("</section>\n", h->out);
}

static void
page_settings(struct html *h)
{
	static const char *const sorts[] = { "upstream's",
	    "worst change first", "name" };
	const struct cbs_report_opts *o = h->o;
	char buf[64];
	int s = o->sort >= 0 && o->sort <= 2 ? o->sort : 0;

	fputs("<dl class=\"kv\" aria-label=\"Settings\">\n", h->out);
	fprintf(h->out, "<dt>significance level (-alpha)</dt><dd>%s</dd>\n",
	    cbs_fmt_go_float(o->alpha, buf, sizeof(buf)));
	fprintf(h->out, "<dt>confidence of ranges</dt><dd>%s</dd>\n",
	    cbs_fmt_go_float(o->confidence, buf, sizeof(buf)));
	fprintf(h->out, "<dt>interval of changes</dt><dd>%s</dd>\n",
	    cbs_fmt_go_float(h->confidence, buf, sizeof(buf)));
	if (o->gate == NULL)
		fputs("<dt>gate</dt><dd>off (no -threshold)</dd>\n", h->out);
	fprintf(h->out, "<dt>row order</dt><dd>%s</dd>\n</dl>\n", sorts[s]);
}

static void
legend_item(struct html *h, const struct cbs_change *c, const char *what)
{
	struct look l = look_of(c);

	fprintf(h->out, "<span class=\"%s\"><svg viewBox=\"-8 -8 16 16\" "
	    "aria-hidden=\"true\"><g class=\"%s\">", l.cls, l.cls);
	cbs_svg_marker(h->out, l.mark, 0, 0);
	fprintf(h->out, "</g></svg> %s</span>", what);
}

static void
page_legend(struct html *h)
{
	struct cbs_change c;
	static const enum cbs_verdict vs[] = { CBS_VERDICT_REGRESSION,
	    CBS_VERDICT_IMPROVEMENT, CBS_VERDICT_INCONCLUSIVE,
	    CBS_VERDICT_UNCHANGED };
	static const char *const words[] = { "regression", "improvement",
	    "inconclusive", "unchanged" };
	size_t i;

	memset(&c, 0, sizeof(c));
	fputs("<p class=\"legend\">", h->out);
	c.has = 1;
	if (h->o->gate != NULL) {
		c.judged = 1;
		for (i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
			c.verdict = vs[i];
			legend_item(h, &c, words[i]);
		}
	} else
		legend_item(h, &c, "change (not judged: no gate)");
	c.has = 0;
	legend_item(h, &c, "not comparable");
	fputs("<br>Each point is the estimated change of the new column "
	    "against the base (Hodges-Lehmann), the bar its confidence "
	    "interval; the solid line is no change", h->out);
	if (h->o->gate != NULL)
		fputs(", the dashed lines the threshold", h->out);
	fputs(".</p>\n</header>\n<main>\n", h->out);
}

/* ------------------------------------------------------ changes */

static int
table_changes(struct html *h)
{
	const struct cbs_table *t = h->t;
	size_t r, j;
	int rc;

	free(h->ch);
	free(h->gch);
	h->ch = malloc((t->nrows * t->ncols + 1) * sizeof(*h->ch));
	h->gch = malloc((t->ncols + 1) * sizeof(*h->gch));
	if (h->ch == NULL || h->gch == NULL)
		return CBS_ENOMEM;
	for (r = 0; r < t->nrows; r++)
		for (j = 0; j < t->ncols; j++)
			if ((rc = cbs_change_of_cell(h->o->gate, t, h->ti, r, j,
			    h->confidence, &h->mw, &h->ch[r * t->ncols +
			    j])) != 0)
				return rc;
	for (j = 0; j < t->ncols; j++)
		cbs_change_of_geomean(h->o->gate, t, h->ti, j, &h->gch[j]);
	return 0;
}

static double
widest(double m, const struct cbs_change *c)
{
	const double v[] = { c->estimate, c->lo, c->hi };
	size_t i;

	for (i = 0; i < 3; i++)
		if (isfinite(v[i]) && fabs(v[i]) > m)
			m = fabs(v[i]);
	return m;
}

/* A symmetric scale around 0 that holds every change and threshold. */
static struct cbs_svg_scale
plot_scale(const struct html *h)
{
	const struct cbs_table *t = h->t;
	struct cbs_svg_scale s;
	double m = h->o->has_threshold ? h->o->threshold * 1.5 : 0;
	size_t r, j;

	for (r = 0; r < t->nrows; r++)
		for (j = 1; j < t->ncols; j++)
			m = widest(m, &h->ch[r * t->ncols + j]);
	for (j = 1; j < t->ncols; j++)
		m = widest(m, &h->gch[j]);
	m = cbs_svg_nice(m > 0 ? m : 1);
	s.lo = -m;
	s.hi = m;
	s.x0 = AXIS_X0;
	s.x1 = AXIS_X1;
	return s;
}

/* ------------------------------------------------------ forest plot */

static void
plot_mark(struct html *h, const struct cbs_svg_scale *s,
    const struct cbs_change *c, size_t col, double y)
{
	struct look l = look_of(c);

	fprintf(h->out, "<g class=\"%s\">", l.cls);
	if (c->has && !isnan(c->lo) && !isnan(c->hi))
		cbs_svg_line(h->out, "ci", cbs_svg_scale(s, c->lo), y,
		    cbs_svg_scale(s, c->hi), y);
	cbs_svg_marker(h->out, l.mark, cbs_svg_scale(s, c->has ?
	    c->estimate : 0), y);
	cbs_svg_text(h->out, "num", VALUE_X, y + 4, NULL);
	put_change_text(h, col, c, l.word);
	fputs("</text></g>", h->out);
}

/* One plot row: a benchmark (or the geomean) with a mark per column. */
static void
plot_row(struct html *h, const struct cbs_svg_scale *s, const char *name,
    const struct cbs_change *cs, double y, int geomean)
{
	const struct cbs_table *t = h->t;
	size_t j, n = t->ncols - 1;

	fprintf(h->out, "<g class=\"fr%s\">", geomean ? " gm" : "");
	/* The full name as a tooltip, where the plot cuts it. */
	if (cbs_utf8_count(name) > NAME_MAX_RUNES) {
		fputs("<title>", h->out);
		cbs_html_escape(h->out, name);
		fputs("</title>", h->out);
	}
	if (geomean)
		cbs_svg_line(h->out, "zero", 0, y - ROW_H / 2.0, PLOT_W,
		    y - ROW_H / 2.0);
	cbs_svg_text(h->out, "name", NAME_X, y + 4 + (double)(n - 1) *
	    ROW_H / 2, NULL);
	cbs_html_short(h->out, NAME_MAX_RUNES, name);
	fputs("</text>", h->out);
	for (j = 1; j < t->ncols; j++)
		plot_mark(h, s, &cs[j], j, y + (double)(j - 1) * ROW_H);
	fputs("</g>\n", h->out);
}

static void
plot_axis(struct html *h, const struct cbs_svg_scale *s, double y0,
    double y1)
{
	char buf[64];
	double v;
	int i;

	cbs_svg_line(h->out, "axis", AXIS_X0, y1, AXIS_X1, y1);
	for (i = -2; i <= 2; i++) {
		v = s->hi * i / 2;
		cbs_svg_line(h->out, i == 0 ? "zero" : "axis",
		    cbs_svg_scale(s, v), i == 0 ? y0 : y1 - 4,
		    cbs_svg_scale(s, v), y1 + 4);
		cbs_svg_text(h->out, "mute", cbs_svg_scale(s, v), y1 + 18,
		    "middle");
		fprintf(h->out, "%s</text>", i == 0 ? "0" : cbs_html_pct(v,
		    buf, sizeof(buf)));
	}
	if (h->o->has_threshold)
		for (i = -1; i <= 1; i += 2)
			cbs_svg_line(h->out, "thr", cbs_svg_scale(s, i *
			    h->o->threshold), y0, cbs_svg_scale(s, i *
			    h->o->threshold), y1);
	fputs("\n", h->out);
}

/* The plot's text alternative: what it shows, and the worst rows. */
static void
plot_desc(struct html *h, size_t id)
{
	const struct cbs_table *t = h->t;
	size_t k, r, j, said = 0;
	struct look l;

	fputs("<title>Changes of ", h->out);
	cbs_html_escape(h->out, t->unit);
	fprintf(h->out, ", %zu benchmark%s</title><desc id=\"p%zu-d\">"
	    "Forest plot, one row per benchmark in the order of the table "
	    "below, which holds the same numbers.", t->nrows,
	    t->nrows == 1 ? "" : "s", id);
	for (k = 0; k < t->nrows && said < 5; k++) {
		r = cbs_table_row(t, k);
		for (j = 1; j < t->ncols; j++) {
			l = look_of(&h->ch[r * t->ncols + j]);
			if (strcmp(l.cls, "reg") != 0 &&
			    strcmp(l.cls, "inc") != 0)
				continue;
			fputs(said++ == 0 ? " Flagged: " : "; ", h->out);
			cbs_html_escape(h->out, t->row_labels[r]);
			fprintf(h->out, " %s ", l.word);
			put_change(h->out, &h->ch[r * t->ncols + j]);
		}
	}
	fputs("</desc>\n", h->out);
}

static void
forest_plot(struct html *h)
{
	const struct cbs_table *t = h->t;
	struct cbs_svg_scale s = plot_scale(h);
	size_t n = t->nrows < PLOT_MAX ? t->nrows : PLOT_MAX;
	size_t k, r, per = t->ncols - 1, rows = n + (t->nrows > 1);
	double height = TOP + (double)(rows * per) * ROW_H + AXIS_H, y;

	if (n < t->nrows)
		fprintf(h->out, "<p class=\"note\">The plot shows the first "
		    "%zu of %zu benchmarks, in the order of the table, which "
		    "lists them all.</p>\n", n, t->nrows);

	fprintf(h->out, "<figure>\n<svg viewBox=\"0 0 %d ", (int)PLOT_W);
	cbs_svg_num(h->out, height);
	/* tidy 5.6 takes an id on an SVG <title> for an error: the name
	 * goes in aria-label, the <desc> describes. */
	fputs("\" role=\"img\" aria-label=\"Changes of ", h->out);
	cbs_html_escape(h->out, t->unit);
	fprintf(h->out, "\" aria-describedby=\"p%zu-d\">\n", h->ti);
	plot_desc(h, h->ti);
	plot_axis(h, &s, TOP / 2.0, height - AXIS_H + 6);
	for (k = 0; k < n; k++) {
		r = cbs_table_row(t, k);
		y = TOP + ROW_H / 2.0 + (double)(k * per) * ROW_H;
		plot_row(h, &s, t->row_labels[r], &h->ch[r * t->ncols], y, 0);
	}
	if (t->nrows > 1)
		plot_row(h, &s, "geomean", h->gch, TOP + ROW_H / 2.0 +
		    (double)(n * per) * ROW_H, 1);
	fputs("</svg>\n</figure>\n", h->out);
}

/* ------------------------------------------------------ the table */

static void
note_marks(struct html *h, const char **w, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	fputs(" <sup>", h->out);
	for (i = 0; i < n; i++)
		fprintf(h->out, "%s%zu", i > 0 ? "," : "",
		    cbs_notes_number(&h->nt, w[i]));
	fputs("</sup>", h->out);
}

static void
table_header(struct html *h)
{
	const struct cbs_table *t = h->t;
	size_t j;

	fputs("<table>\n<caption>", h->out);
	cbs_html_escape(h->out, t->unit);
	fputs(" by benchmark and column</caption>\n<thead><tr><th scope="
	    "\"col\">benchmark</th>", h->out);
	for (j = 0; j < t->ncols; j++) {
		fputs("<th scope=\"col\">", h->out);
		put_col_label(h, j);
		fputs("</th>", h->out);
		if (j > 0)
			fputs("<th scope=\"col\">vs base</th>", h->out);
	}
	fputs("</tr></thead>\n<tbody>\n", h->out);
}

static void
delta_cell(struct html *h, const struct cbs_change *c, const char *delta,
    const char *test, const char **w, size_t nw)
{
	struct look l = look_of(c);

	if (c->judged)
		fprintf(h->out, "<td class=\"%s\">%s", l.cls, delta);
	else
		fprintf(h->out, "<td>%s", delta);
	if (test != NULL)
		fprintf(h->out, " (%s)", test);
	note_marks(h, w, nw);
	if (c->judged)
		fprintf(h->out, " %s", l.word);
	fputs("</td>", h->out);
}

static void
body_row(struct html *h, size_t r)
{
	const struct cbs_table *t = h->t;
	const struct cbs_cell *row = &t->cells[r * t->ncols], *c;
	struct cbs_scaler sc;
	char buf[256], test[128];
	size_t j;

	if (cbs_fmt_row_scale(t, r, &sc) != 0) {
		h->nt.oom = 1;
		return;
	}
	fputs("<tr><th scope=\"row\">", h->out);
	cbs_html_escape(h->out, t->row_labels[r]);
	fputs("</th>", h->out);
	for (j = 0; j < t->ncols; j++) {
		c = &row[j];
		fputs("<td>", h->out);
		if (c->present) {
			fprintf(h->out, "%s", cbs_unit_format(sc,
			    c->summary.center, buf, sizeof(buf)));
			fprintf(h->out, " \xc2\xb1 %s", cbs_format_range(
			    &c->summary, buf, sizeof(buf)));
			note_marks(h, c->warnings, c->nwarnings);
		}
		fputs("</td>", h->out);
		if (j == 0)
			continue;
		if (!c->present || !c->has_baseline) {
			fputs("<td></td>", h->out);
			continue;
		}
		delta_cell(h, &h->ch[r * t->ncols + j], cbs_format_delta(
		    &c->cmp, row[0].summary.center, c->summary.center, buf,
		    sizeof(buf)), cbs_format_comparison(&c->cmp, test,
		    sizeof(test)), c->cmp_warnings, c->ncmp_warnings);
	}
	fputs("</tr>\n", h->out);
}

static void
geomean_row(struct html *h)
{
	const struct cbs_table *t = h->t;
	enum cbs_unit_class cls = cbs_unit_class_of(t->unit);
	const struct cbs_col_summary *s;
	struct cbs_scaler sc;
	char buf[256];
	size_t j;

	fputs("<tr class=\"gm\"><th scope=\"row\">geomean</th>", h->out);
	for (j = 0; j < t->ncols; j++) {
		s = &t->summary[j];
		fputs("<td>", h->out);
		if (s->has_summary) {
			sc = cbs_unit_common_scale(&s->summary, 1, cls);
			fputs(cbs_unit_format(sc, s->summary, buf,
			    sizeof(buf)), h->out);
		}
		if (j == 0)
			note_marks(h, s->warnings, s->nwarnings);
		fputs("</td>", h->out);
		if (j == 0)
			continue;
		delta_cell(h, &h->gch[j], s->has_ratio ? cbs_format_ratio(
		    s->ratio, buf, sizeof(buf)) : "?", NULL, s->warnings,
		    s->nwarnings);
	}
	fputs("</tr>\n", h->out);
}

static void
html_table(struct html *h)
{
	const struct cbs_table *t = h->t;
	size_t k, i;

	table_header(h);
	for (k = 0; k < t->nrows; k++)
		body_row(h, cbs_table_row(t, k));
	if (t->nrows > 1)
		geomean_row(h);
	fputs("</tbody>\n</table>\n", h->out);
	if (h->nt.n == 0)
		return;
	fputs("<ol class=\"note\">\n", h->out);
	for (i = 0; i < h->nt.n; i++) {
		fputs("<li>", h->out);
		cbs_html_escape(h->out, h->nt.msgs[i]);
		fputs("</li>\n", h->out);
	}
	fputs("</ol>\n", h->out);
}

/* ------------------------------------------------------ runs */

/* The finite values of a cell, sorted (NaNs come first in values). */
static const double *
finite_sorted(const struct cbs_cell *c, size_t *n)
{
	size_t i = 0;

	while (i < c->n && isnan(c->values[i]))
		i++;
	*n = c->n - i;
	return c->values + i;
}

/* Tukey's fences of a sorted sample; lo > hi when n < 4 (none). */
static void
fences(const double *v, size_t n, double *lo, double *hi)
{
	double q1, q3;

	if (n < 4) {
		*lo = INFINITY;
		*hi = -INFINITY;
		return;
	}
	q1 = cbs_stats_quantile(v, n, 0.25);
	q3 = cbs_stats_quantile(v, n, 0.75);
	*lo = q1 - TUKEY_K * (q3 - q1);
	*hi = q3 + TUKEY_K * (q3 - q1);
}

static int
is_outlier(double v, double lo, double hi)
{
	return lo <= hi && (v < lo || v > hi);
}

/* The dots of one sample, in run order when known: one path for the
 * usual runs, one for the outliers. */
static void
strip_dots(struct html *h, const struct cbs_svg_scale *s,
    const struct cbs_cell *c, double y, double flo, double fhi, int out)
{
	const double *v = c->runs != NULL ? c->runs : c->values;
	size_t i, any = 0;

	for (i = 0; i < c->n; i++) {
		if (isnan(v[i]) || is_outlier(v[i], flo, fhi) != out)
			continue;
		if (any++ == 0)
			fprintf(h->out, "<path class=\"%s\" d=\"", out ?
			    "out" : "dots");
		putc('M', h->out);
		cbs_svg_num(h->out, cbs_svg_scale(s, v[i]));
		putc(' ', h->out);
		/* A little spread by run, so equal values stay countable. */
		cbs_svg_num(h->out, y + (double)((i * 3) % 5) * 2 - 4);
		fputs("h0", h->out);
	}
	if (any > 0)
		fputs("\"/>", h->out);
}

/* One sample's line of the dot strip: its dots, median and interval. */
static void
strip_sample(struct html *h, const struct cbs_svg_scale *s, size_t col,
    const struct cbs_cell *c, double y)
{
	char *label = col_label(h, col);
	const double *v;
	double flo, fhi;
	size_t n;

	cbs_svg_text(h->out, "name", NAME_X, y + 4, NULL);
	if (label != NULL)
		cbs_html_short(h->out, NAME_MAX_RUNES, label);
	free(label);
	fputs("</text>", h->out);
	if (!c->present)
		return;
	v = finite_sorted(c, &n);
	fences(v, n, &flo, &fhi);
	strip_dots(h, s, c, y, flo, fhi, 0);
	strip_dots(h, s, c, y, flo, fhi, 1);
	if (isfinite(c->summary.lo) && isfinite(c->summary.hi))
		cbs_svg_line(h->out, "med", cbs_svg_scale(s, c->summary.lo),
		    y + 9, cbs_svg_scale(s, c->summary.hi), y + 9);
	cbs_svg_line(h->out, "med", cbs_svg_scale(s, c->summary.center), y - 9,
	    cbs_svg_scale(s, c->summary.center), y + 9);
}

/* The range of a row's values, over every column. */
static struct cbs_svg_scale
strip_scale(const struct cbs_table *t, size_t r)
{
	struct cbs_svg_scale s = { INFINITY, -INFINITY, AXIS_X0, AXIS_X1 };
	const struct cbs_cell *c;
	const double *v;
	size_t j, n;

	for (j = 0; j < t->ncols; j++) {
		c = &t->cells[r * t->ncols + j];
		if (!c->present)
			continue;
		v = finite_sorted(c, &n);
		if (n > 0 && v[0] < s.lo)
			s.lo = v[0];
		if (n > 0 && v[n - 1] > s.hi)
			s.hi = v[n - 1];
	}
	if (!(s.lo < s.hi)) {
		s.lo = isfinite(s.lo) ? s.lo - 1 : -1;
		s.hi = isfinite(s.hi) ? s.hi + 1 : 1;
	}
	return s;
}

static void
strip_axis(struct html *h, const struct cbs_svg_scale *s, double y)
{
	double v[2];
	struct cbs_scaler sc;
	char buf[64];
	int i;

	v[0] = s->lo;
	v[1] = s->hi;
	sc = cbs_unit_common_scale(v, 2, cbs_unit_class_of(h->t->unit));
	cbs_svg_line(h->out, "axis", AXIS_X0, y, AXIS_X1, y);
	for (i = 0; i < 2; i++) {
		cbs_svg_text(h->out, "mute", i ? AXIS_X1 : AXIS_X0, y + 16,
		    "middle");
		fprintf(h->out, "%s</text>", cbs_unit_format(sc, v[i], buf,
		    sizeof(buf)));
	}
	cbs_svg_text(h->out, "mute", VALUE_X, y + 4, NULL);
	cbs_html_escape(h->out, h->t->unit);
	fputs("</text>", h->out);
}

/*
 * A leaking memory cell's note (the gate's leak line in words), in place
 * of the drift note its trend would otherwise get.  @return 1 if the
 * cell leaks.
 */
static int
leak_note(struct html *h, size_t r, size_t j)
{
	const struct cbs_leak *l = h->o->gate == NULL ? NULL :
	    cbs_gate_leak_at(h->o->gate, h->ti, r, j);
	char growth[112], interval[112];

	if (l == NULL)
		return 0;
	fputs("<p class=\"note\">Leak: the memory of <code>", h->out);
	put_col_label(h, j);
	fputs("</code> grows run after run, ", h->out);
	cbs_html_escape(h->out, cbs_format_leak_growth(h->t, l, growth,
	    sizeof(growth)));
	if (cbs_format_leak_interval(l, interval, sizeof(interval)) != NULL) {
		fputs(" (", h->out);
		cbs_html_escape(h->out, interval);
		fputs(")", h->out);
	}
	fprintf(h->out, " over %zu runs", l->runs);
	if (j > 0)
		fputs(l->also_in_base ? "; the base column's grows too" :
		    "; not in the base column", h->out);
	fputs(".</p>\n", h->out);
	return 1;
}

/* The notes under a strip: leaks, drift and outliers, in words. */
static void
strip_notes(struct html *h, size_t r)
{
	const struct cbs_table *t = h->t;
	const struct cbs_cell *c;
	char p[64];
	const double *v;
	double flo, fhi, mk;
	size_t j, n, i, outs;

	for (j = 0; j < t->ncols; j++) {
		c = &t->cells[r * t->ncols + j];
		if (!c->present)
			continue;
		mk = c->runs != NULL ? cbs_mann_kendall_p(c->runs, c->n) : NAN;
		if (leak_note(h, r, j))
			;	/* its trend is the leak, not drift */
		else if (mk < DRIFT_P || (j > 0 &&
		    h->ch[r * t->ncols + j].drift)) {
			fputs("<p class=\"note\">Drift: the runs of <code>",
			    h->out);
			put_col_label(h, j);
			fprintf(h->out, "</code> trend with their order "
			    "(Mann-Kendall p = %s).</p>\n", isnan(mk) ? "?" :
			    cbs_fmt_go_fixed(mk, 4, 0, p, sizeof(p)));
		}
		v = finite_sorted(c, &n);
		fences(v, n, &flo, &fhi);
		for (i = outs = 0; i < n; i++)
			outs += is_outlier(v[i], flo, fhi);
		if (outs == 0)
			continue;
		fprintf(h->out, "<p class=\"note\">Outliers: %zu run%s of "
		    "<code>", outs, outs == 1 ? "" : "s");
		put_col_label(h, j);
		fputs("</code> beyond Tukey's fences (1.5 interquartile ranges "
		    "past the quartiles), drawn in the regression colour.</p>"
		    "\n", h->out);
	}
}

/* The strip's text alternative: each column's runs and median. */
static void
strip_desc(struct html *h, size_t r)
{
	const struct cbs_table *t = h->t;
	const struct cbs_cell *c;
	struct cbs_scaler sc;
	char buf[64];
	size_t j;

	fputs("<desc>", h->out);
	for (j = 0; j < t->ncols; j++) {
		c = &t->cells[r * t->ncols + j];
		if (!c->present)
			continue;
		sc = cbs_unit_common_scale(&c->summary.center, 1,
		    cbs_unit_class_of(t->unit));
		put_col_label(h, j);
		fprintf(h->out, ": %zu run%s, median %s", c->n, c->n == 1 ?
		    "" : "s", cbs_unit_format(sc, c->summary.center, buf,
		    sizeof(buf)));
		fprintf(h->out, " \xc2\xb1 %s. ", cbs_format_range(&c->summary,
		    buf, sizeof(buf)));
	}
	fputs("</desc>", h->out);
}

static void
runs_of_row(struct html *h, size_t r)
{
	const struct cbs_table *t = h->t;
	struct cbs_svg_scale s = strip_scale(t, r);
	double height = (double)t->ncols * STRIP_H + 30;
	struct look l;
	size_t j;

	fputs("<details><summary>", h->out);
	cbs_html_escape(h->out, t->row_labels[r]);
	for (j = 1; j < t->ncols; j++) {
		l = look_of(&h->ch[r * t->ncols + j]);
		fprintf(h->out, " <span class=\"%s\">", l.cls);
		put_change_text(h, j, &h->ch[r * t->ncols + j], l.word);
		fputs("</span>", h->out);
	}
	fprintf(h->out, "</summary>\n<svg viewBox=\"0 0 %d ", (int)PLOT_W);
	cbs_svg_num(h->out, height);
	fprintf(h->out, "\" role=\"img\" aria-label=\"Runs of each column "
	    "on one axis, with medians and their intervals\"><title>Runs of "
	    "");
	cbs_html_escape(h->out, t->row_labels[r]);
	fputs("</title>", h->out);
	strip_desc(h, r);
	for (j = 0; j < t->ncols; j++) {
		if (j % 2 == 1)
			fprintf(h->out, "<rect class=\"band\" x=\"0\" y=\"%d\" "
			    "width=\"%d\" height=\"%d\"/>", (int)(j * STRIP_H),
			    (int)PLOT_W, (int)STRIP_H);
		strip_sample(h, &s, j, &t->cells[r * t->ncols + j],
		    (double)j * STRIP_H + STRIP_H / 2.0);
	}
	strip_axis(h, &s, (double)t->ncols * STRIP_H + 6);
	fputs("</svg>\n", h->out);
	strip_notes(h, r);
	fputs("</details>\n", h->out);
}

static void
runs_section(struct html *h)
{
	const struct cbs_table *t = h->t;
	size_t k, n = t->nrows < DETAILS_MAX ? t->nrows : DETAILS_MAX;

	fprintf(h->out, "<h3>Runs by benchmark</h3>\n");
	if (n < t->nrows)
		fprintf(h->out, "<p class=\"note\">The runs of the first %zu "
		    "of %zu benchmarks, in the order above; -filter selects "
		    "others.</p>\n", n, t->nrows);
	for (k = 0; k < n; k++)
		runs_of_row(h, cbs_table_row(t, k));
}

/* ------------------------------------------------------ tables */

static void
table_config(struct html *h)
{
	const struct cbs_table *t = h->t;
	size_t k;

	if (t->nkey == 0)
		return;
	fputs("<dl class=\"kv\">\n", h->out);
	for (k = 0; k < t->nkey; k++) {
		fputs("<dt>", h->out);
		cbs_html_escape(h->out, t->key_names[k]);
		fputs("</dt><dd>", h->out);
		cbs_html_escape(h->out, cbs_table_key_value(t, k));
		fputs("</dd>\n", h->out);
	}
	fputs("</dl>\n", h->out);
}

/* The run-wide shift of each column, when the gate used one. */
static void
run_wide_notes(struct html *h)
{
	const struct cbs_gate_cell *gc;
	struct cbs_change c;
	struct look l;
	size_t j;

	for (j = 1; j < h->t->ncols; j++) {
		if ((gc = cbs_gate_run_at(h->o->gate, h->ti, j)) == NULL)
			continue;
		memset(&c, 0, sizeof(c));
		c.has = c.judged = 1;
		c.verdict = gc->verdict;
		c.estimate = gc->estimate;
		c.lo = gc->lo;
		c.hi = gc->hi;
		l = look_of(&c);
		fputs("<p class=\"note\">Run-wide shift of <code>", h->out);
		put_col_label(h, j);
		fprintf(h->out, "</code>, the median of %zu benchmarks: "
		    "<span class=\"%s\">", gc->cells, l.cls);
		put_change(h->out, &c);
		fprintf(h->out, " %s</span>%s</p>\n", l.word,
		    gc->applied ? "; each benchmark is judged against it." :
		    "; each benchmark is judged as measured.");
	}
}

static int
one_table(struct html *h)
{
	int rc;

	if ((rc = table_changes(h)) != 0)
		return rc;
	h->nt.n = 0;
	fprintf(h->out, "<section aria-labelledby=\"t%zu\">\n<h2 id=\"t%zu\">",
	    h->ti, h->ti);
	cbs_html_escape(h->out, h->t->unit);
	fputs("</h2>\n", h->out);
	table_config(h);
	if (h->t->ncols > 1)
		forest_plot(h);
	html_table(h);
	run_wide_notes(h);
	runs_section(h);
	fputs("</section>\n", h->out);
	return h->nt.oom ? CBS_ENOMEM : 0;
}

static void
page_diags(struct html *h)
{
	char where[4096 + 32];
	size_t i;

	fprintf(h->out, "<details>\n<summary>%zu input warning%s</summary>"
	    "\n<ul>\n", h->o->ndiags, h->o->ndiags == 1 ? "" : "s");
	for (i = 0; i < h->o->ndiags; i++) {
		fputs("<li><code>", h->out);
		cbs_html_escape(h->out, cbs_diag_where(&h->o->diags[i],
		    where, sizeof(where)));
		fputs("</code>: ", h->out);
		cbs_html_escape(h->out, h->o->diags[i].msg);
		fputs("</li>\n", h->out);
	}
	fputs("</ul>\n</details>\n", h->out);
}

static int
format_html_in_c_locale(const struct cbs_tables *ts,
    const struct cbs_report_opts *o, FILE *out)
{
	struct html h;
	size_t i;
	int rc = 0;

	memset(&h, 0, sizeof(h));
	h.out = out;
	h.o = o;
	h.ts = ts;
	h.confidence = o->gate != NULL ? cbs_gate_options(o->gate)->confidence
	    : o->confidence > 0 && o->confidence < 1 ? o->confidence : 0.95;
	page_head(&h);
	page_inputs(&h);
	if (o->gate != NULL)
		page_verdict(&h);
	page_settings(&h);
	page_legend(&h);
	if (ts->ntables == 0)
		fputs("<p>No benchmark results in the inputs.</p>\n", out);
	for (i = 0; i < ts->ntables && rc == 0; i++) {
		h.ti = i;
		h.t = &ts->tables[i];
		rc = one_table(&h);
	}
	if (rc == 0 && o->ndiags > 0)
		page_diags(&h);
	fputs("</main>\n", out);
	cbs_html_page_foot(out);
	free(h.ch);
	free(h.gch);
	cbs_mw_cache_free(&h.mw);
	cbs_notes_free(&h.nt);
	if (rc == 0 && ferror(out))
		rc = CBS_EIO;
	return rc;
}

int
cbs_format_html(const struct cbs_tables *ts,
    const struct cbs_report_opts *o, FILE *out)
{
	return cbs_c_numeric_report(format_html_in_c_locale, ts, o, out);
}
