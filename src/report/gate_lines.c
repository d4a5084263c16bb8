/*
 * gate_lines.c: the gate's verdicts as lines of text.  The gate
 * (gate/gate.c) judges cells and returns numbers; here each regression,
 * inconclusive or drifting cell becomes a struct cbs_regression of
 * printed fields ("benchmark=... estimate=+9.91% ...") for the
 * standard error and for -check's readers, in the C locale's numbers.
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
#include "table/table.h"


/*
 * Append s[0..n) at offset o as far as it fits in buf with its NUL, as
 * snprintf does.  @return o + n: the offset of the whole text, so that
 * the line's length is known whatever len is.
 */
static size_t
put_text(char *buf, size_t len, size_t o, const char *s, size_t n)
{
	size_t k;

	if (o + 1 < len) {
		k = len - 1 - o < n ? len - 1 - o : n;
		memcpy(buf + o, s, k);
		buf[o + k] = '\0';
	}
	return o + n;
}

static size_t
put_str(char *buf, size_t len, size_t o, const char *s)
{
	return put_text(buf, len, o, s, strlen(s));
}

/* Append key=value, quoting the value when it holds a space, a quote or
 * nothing, so that every line splits the same way. */
static size_t
put_kv(char *buf, size_t len, size_t o, const char *key, const char *v)
{
	int quote;

	if (v == NULL)
		return o;
	quote = *v == '\0' || strpbrk(v, " \t\"\\=") != NULL;
	o = put_str(buf, len, o, " ");
	o = put_str(buf, len, o, key);
	o = put_str(buf, len, o, quote ? "=\"" : "=");
	if (!quote)
		return put_str(buf, len, o, v);
	for (; *v != '\0'; v++) {
		if (*v == '"' || *v == '\\')
			o = put_str(buf, len, o, "\\");
		o = put_text(buf, len, o, v, 1);
	}
	return put_str(buf, len, o, "\"");
}

static size_t
put_threshold(char *buf, size_t len, size_t o, double threshold)
{
	char num[64], thr[72];

	cbs_fmt_go_float(threshold, num, sizeof(num));
	snprintf(thr, sizeof(thr), "%s%%", num);
	return put_kv(buf, len, o, "threshold", thr);
}

/* A leak line's own fields after its column (issue 23). */
static size_t
leak_fields(const struct cbs_regression *r, char *buf, size_t len, size_t o)
{
	o = put_kv(buf, len, o, "growth", r->growth);
	o = put_kv(buf, len, o, "interval", r->interval);
	o = put_kv(buf, len, o, "runs", r->nruns);
	o = put_kv(buf, len, o, "also_in_base", r->also_in_base);
	o = put_threshold(buf, len, o, r->threshold);
	return put_kv(buf, len, o, "config", r->config);
}

/* The line into buf, cut to len; @return the whole line's length. */
static size_t
regression_line_in_c_locale(const struct cbs_regression *r, char *buf,
    size_t len)
{
	char num[64];
	size_t o;

	if (len > 0)
		buf[0] = '\0';
	o = put_str(buf, len, 0, r->kind ? r->kind : "regression");
	o = put_str(buf, len, o, ":");
	if (r->file != NULL) {
		o = put_kv(buf, len, o, "file", r->file);
		snprintf(num, sizeof(num), "%zu", r->line);
		o = put_kv(buf, len, o, "line", num);
	}
	o = put_kv(buf, len, o, "benchmark", r->benchmark);
	o = put_kv(buf, len, o, "unit", r->unit);
	o = put_kv(buf, len, o, "column", r->column);
	o = put_kv(buf, len, o, "base", r->base);
	o = put_kv(buf, len, o, "new", r->value);
	o = put_kv(buf, len, o, "change", r->delta);
	if (r->kind != NULL && strcmp(r->kind, "leak") == 0)
		return leak_fields(r, buf, len, o);
	/* A drift warning is about the runs, not the gate's test. */
	if (r->kind != NULL && strcmp(r->kind, "drift") == 0)
		return put_kv(buf, len, o, "config", r->config);
	o = put_kv(buf, len, o, "p", r->p ? r->p : "none");
	o = put_kv(buf, len, o, "estimate", r->estimate);
	o = put_kv(buf, len, o, "interval", r->interval);
	o = put_kv(buf, len, o, "run_shift", r->run_shift);
	o = put_kv(buf, len, o, "cells", r->cells);
	o = put_kv(buf, len, o, "noise", r->noise);
	o = put_kv(buf, len, o, "runs_needed", r->runs);
	o = put_kv(buf, len, o, "doubt", r->doubt);
	o = put_threshold(buf, len, o, r->threshold);
	return put_kv(buf, len, o, "config", r->config);
}

/* The line above, in the C locale's numbers (c_numeric.c); in the
 * caller's when that cannot be had, rather than no line. */
char *
cbs_regression_line(const struct cbs_regression *r, char *buf, size_t len)
{
	locale_t saved;

	(void)cbs_c_numeric_enter(&saved);
	regression_line_in_c_locale(r, buf, len);
	cbs_c_numeric_leave(saved);
	return buf;
}

size_t
cbs_regression_line_size(const struct cbs_regression *r)
{
	locale_t saved;
	size_t n;

	(void)cbs_c_numeric_enter(&saved);
	n = regression_line_in_c_locale(r, NULL, 0) + 1;
	cbs_c_numeric_leave(saved);
	return n;
}

/*
 * "goos=linux pkg=example.com/x": the table's configuration, as long as
 * it is (sbuf.c).  @return it, malloc'd, or NULL.
 */
static char *
config_string(const struct cbs_table *t)
{
	struct cbs_sbuf b = { NULL, 0, 0, 0 };
	size_t k;

	cbs_sbuf_add(&b, "", 0);
	for (k = 0; k < t->nkey; k++) {
		if (k > 0)
			cbs_sbuf_byte(&b, ' ');
		cbs_sbuf_str(&b, t->key_names[k]);
		cbs_sbuf_byte(&b, '=');
		cbs_sbuf_str(&b, cbs_table_key_value(t, k));
	}
	if (b.nomem) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* Room for the strings of one report line; the configuration and the
 * column label are as long as the table's (issue 20, F19). */
struct line_text {
	char *config, *column;
	char base[64], value[64], delta[64];
	char p[64], estimate[64], interval[128], noise[64], runs[32];
	char run_shift[64], cells[32];
};

/*
 * The texts of any length of a line of column col into x and r.  Out of
 * memory they read "?": the line is still reported, and the gate's
 * count, which decides the exit status, does not depend on them.
 */
static void
line_texts(const struct cbs_table *t, size_t col, struct line_text *x,
    struct cbs_regression *r)
{
	x->config = config_string(t);
	x->column = cbs_table_col_label_dup(t, col);
	r->config = x->config != NULL ? x->config : "?";
	r->column = x->column != NULL ? x->column : "?";
}

static void
line_texts_free(struct line_text *x)
{
	free(x->config);
	free(x->column);
}

static const char *
fmt_percent(double v, char *buf, size_t len)
{
	if (isnan(v))
		return NULL;
	snprintf(buf, len, "%+.2f%%", v);
	return buf;
}

/* The gate's own figures, for the kinds of line that show them. */
static void
gate_fields(const struct cbs_gate_cell *gc, struct cbs_regression *r,
    struct line_text *x)
{
	char lo[48], hi[48];

	if (strcmp(r->kind, "drift") == 0)
		return;
	r->estimate = fmt_percent(gc->estimate, x->estimate,
	    sizeof(x->estimate));
	if (!isnan(gc->lo) && !isnan(gc->hi)) {
		snprintf(x->interval, sizeof(x->interval), "%s..%s",
		    fmt_percent(gc->lo, lo, sizeof(lo)),
		    fmt_percent(gc->hi, hi, sizeof(hi)));
		r->interval = x->interval;
	}
	r->run_shift = fmt_percent(gc->run_shift, x->run_shift,
	    sizeof(x->run_shift));
	if (gc->cells > 0) {
		snprintf(x->cells, sizeof(x->cells), "%zu", gc->cells);
		r->cells = x->cells;
	}
	if (strcmp(r->kind, "inconclusive") != 0)
		return;
	if (!isnan(gc->noise)) {
		snprintf(x->noise, sizeof(x->noise), "%.2f%%", gc->noise);
		r->noise = x->noise;
	}
	if (gc->runs_needed > 0) {
		snprintf(x->runs, sizeof(x->runs), "%zu", gc->runs_needed);
		r->runs = x->runs;
	} else if (gc->run_doubt) {
		r->runs = "-";
		r->doubt = "run_shift";
	}
}

static void
report_cell(const struct cbs_table *t, size_t row, size_t col,
    const struct cbs_gate_cell *gc, const char *kind, double threshold,
    cbs_regression_fn fn, void *ctx)
{
	const struct cbs_cell *cells = &t->cells[row * t->ncols];
	struct line_text x;
	struct cbs_regression r;
	struct cbs_scaler sc;
	double centers[2];

	centers[0] = cells[0].summary.center;
	centers[1] = cells[col].summary.center;
	sc = cbs_unit_common_scale(centers, 2, cbs_unit_class_of(t->unit));
	memset(&r, 0, sizeof(r));
	line_texts(t, col, &x, &r);
	r.kind = kind;
	r.benchmark = t->row_labels[row];
	r.unit = t->unit;
	r.base = cbs_unit_format(sc, centers[0], x.base, sizeof(x.base));
	r.value = cbs_unit_format(sc, centers[1], x.value, sizeof(x.value));
	r.delta = cbs_format_delta(&cells[col].cmp, centers[0], centers[1],
	    x.delta, sizeof(x.delta));
	r.threshold = threshold;
	/* The U-test's p as the table rounds it, also when it underflows. */
	if (!t->assume_exact) {
		snprintf(x.p, sizeof(x.p), "%.3f", cells[col].cmp.p);
		r.p = x.p;
	}
	gate_fields(gc, &r, &x);
	fn(&r, ctx);
	line_texts_free(&x);
}

static void
report_geomean(const struct cbs_table *t, size_t col,
    const struct cbs_gate_cell *gc, const char *kind, double threshold,
    cbs_regression_fn fn, void *ctx)
{
	struct line_text x;
	struct cbs_regression r;
	struct cbs_scaler sc;
	enum cbs_unit_class cls = cbs_unit_class_of(t->unit);

	memset(&r, 0, sizeof(r));
	line_texts(t, col, &x, &r);
	r.kind = kind;
	r.benchmark = "geomean";
	r.unit = t->unit;
	sc = cbs_unit_common_scale(&t->summary[0].summary, 1, cls);
	r.base = t->summary[0].has_summary ? cbs_unit_format(sc,
	    t->summary[0].summary, x.base, sizeof(x.base)) : "?";
	sc = cbs_unit_common_scale(&t->summary[col].summary, 1, cls);
	r.value = t->summary[col].has_summary ? cbs_unit_format(sc,
	    t->summary[col].summary, x.value, sizeof(x.value)) : "?";
	r.delta = cbs_format_ratio(t->summary[col].ratio, x.delta,
	    sizeof(x.delta));
	r.threshold = threshold;
	gate_fields(gc, &r, &x);
	fn(&r, ctx);
	line_texts_free(&x);
}

/* A column's run-wide shift: no medians or U-test of its own. */
static void
report_run(const struct cbs_table *t, size_t col,
    const struct cbs_gate_cell *gc, const char *kind, double threshold,
    cbs_regression_fn fn, void *ctx)
{
	struct line_text x;
	struct cbs_regression r;

	memset(&r, 0, sizeof(r));
	line_texts(t, col, &x, &r);
	r.kind = kind;
	r.benchmark = CBS_RUN_WIDE;
	r.unit = t->unit;
	r.threshold = threshold;
	gate_fields(gc, &r, &x);
	fn(&r, ctx);
	line_texts_free(&x);
}

/* A growth per run, "+512": whole units from 100 up, else 3 digits. */
static void
fmt_growth(double v, char *buf, size_t len)
{
	if (fabs(v) >= 100)
		snprintf(buf, len, "%+.0f", v);
	else
		snprintf(buf, len, "%+.3g", v);
}

/* "B/run" for "B/op": the unit's numerator per run. */
static void
per_run(const char *unit, char *buf, size_t len)
{
	size_t n = strcspn(unit, "/");

	snprintf(buf, len, "%.*s/run", (int)n, unit);
}

char *
cbs_format_leak_growth(const struct cbs_table *t, const struct cbs_leak *l,
    char *buf, size_t len)
{
	char g[48], u[48];

	fmt_growth(l->growth, g, sizeof(g));
	per_run(t->unit, u, sizeof(u));
	snprintf(buf, len, "%s %s", g, u);
	return buf;
}

char *
cbs_format_leak_interval(const struct cbs_leak *l, char *buf, size_t len)
{
	char lo[48], hi[48];

	if (isnan(l->lo) || isnan(l->hi))
		return NULL;
	fmt_growth(l->lo, lo, sizeof(lo));
	fmt_growth(l->hi, hi, sizeof(hi));
	snprintf(buf, len, "%s..%s", lo, hi);
	return buf;
}

static void
report_leak(const struct cbs_table *t, const struct cbs_leak *l,
    double threshold, cbs_regression_fn fn, void *ctx)
{
	struct line_text x;
	struct cbs_regression r;
	char growth[112], runs[32];

	memset(&r, 0, sizeof(r));
	line_texts(t, l->col, &x, &r);
	r.kind = "leak";
	r.benchmark = t->row_labels[l->row];
	r.unit = t->unit;
	r.growth = cbs_format_leak_growth(t, l, growth, sizeof(growth));
	r.interval = cbs_format_leak_interval(l, x.interval,
	    sizeof(x.interval));
	snprintf(runs, sizeof(runs), "%zu", l->runs);
	r.nruns = runs;
	if (l->col > 0)
		r.also_in_base = l->also_in_base ? "yes" : "no";
	r.threshold = threshold;
	fn(&r, ctx);
	line_texts_free(&x);
}

/* Each leaking memory cell, the base column's too. */
static void
report_leaks(const struct cbs_gate *g, const struct cbs_tables *ts,
    cbs_regression_fn fn, void *ctx)
{
	const struct cbs_leak *l;
	size_t k, n;

	l = cbs_gate_leaks(g, &n);
	for (k = 0; k < n; k++)
		if (l[k].leaks)
			report_leak(&ts->tables[l[k].table], &l[k],
			    cbs_gate_options(g)->threshold, fn, ctx);
}

/* Whether a cell belongs on a line of this kind. */
static int
is_kind(const struct cbs_gate_cell *gc, const char *kind)
{
	if (gc == NULL)
		return 0;
	if (strcmp(kind, "drift") == 0)
		return gc->drift;
	return gc->verdict == (strcmp(kind, "regression") == 0 ?
	    CBS_VERDICT_REGRESSION : CBS_VERDICT_INCONCLUSIVE);
}

static void
report_kind(const struct cbs_gate *g, const struct cbs_tables *ts,
    const char *kind, cbs_regression_fn fn, void *ctx)
{
	const struct cbs_table *t;
	const struct cbs_gate_cell *gc;
	double thr = cbs_gate_options(g)->threshold;
	size_t i, row, col;

	for (i = 0; i < ts->ntables; i++) {
		t = &ts->tables[i];
		for (row = 0; row < t->nrows; row++)
			for (col = 1; col < t->ncols; col++) {
				gc = cbs_gate_cell_at(g, i, row, col);
				if (is_kind(gc, kind))
					report_cell(t, row, col, gc, kind, thr,
					    fn, ctx);
			}
		for (col = 1; col < t->ncols; col++) {
			gc = cbs_gate_geomean_at(g, i, col);
			if (is_kind(gc, kind))
				report_geomean(t, col, gc, kind, thr, fn,
				    ctx);
			gc = cbs_gate_run_at(g, i, col);
			if (is_kind(gc, kind))
				report_run(t, col, gc, kind, thr, fn, ctx);
		}
	}
}

static long
gate_report_in_c_locale(const struct cbs_gate *g, const struct cbs_tables *t,
    cbs_regression_fn fn, void *ctx)
{
	struct cbs_gate_counts n;

	report_kind(g, t, "regression", fn, ctx);
	report_kind(g, t, "inconclusive", fn, ctx);
	report_kind(g, t, "drift", fn, ctx);
	report_leaks(g, t, fn, ctx);
	cbs_gate_count(g, &n);
	return (long)n.regression + (cbs_gate_options(g)->strict ?
	    (long)n.inconclusive : 0) + (cbs_gate_options(g)->gate_leaks ?
	    (long)n.new_leaks : 0);
}

/* The body above, in the C locale's numbers (c_numeric.c). */
long
cbs_gate_report(const struct cbs_gate *g, const struct cbs_tables *t,
    cbs_regression_fn fn, void *ctx)
{
	locale_t saved;
	long rc;

	/* The count decides the exit status: without the C locale (out of
	 * memory), report in the caller's rather than not at all. */
	(void)cbs_c_numeric_enter(&saved);
	rc = gate_report_in_c_locale(g, t, fn, ctx);
	cbs_c_numeric_leave(saved);
	return rc;
}
