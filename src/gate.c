/*
 * gate.c: the regression rule, one definition for the gate, the
 * Markdown marks and the JSON verdicts.
 *
 * A comparison is a regression when it is statistically significant
 * (upstream would not print "~") and its change exceeds the threshold in
 * the worse direction for its unit.  The direction comes from "better="
 * unit metadata when the input has it; otherwise rates are better higher
 * and every other unit (time, bytes, allocations, sizes) better lower.
 */
#include <math.h>
#include <string.h>

#include "cbenchstat.h"
#include "internal.h"

/* A rate is anything per second: "B/s", "MB/s", "ops/s", "x/sec". */
static int
unit_is_rate(const char *unit)
{
	const char *slash = strrchr(unit, '/');

	if (slash == NULL)
		return 0;
	slash++;
	return strcmp(slash, "s") == 0 || strcmp(slash, "sec") == 0 ||
	    strcmp(slash, "second") == 0 || strcmp(slash, "ns") == 0;
}

int
cbs_unit_better_by_name(const char *unit)
{
	return unit_is_rate(unit) ? CBS_BETTER_HIGHER : CBS_BETTER_LOWER;
}

int
cbs_unit_better(const struct cbs_reader *units, const char *unit)
{
	const char *meta = units ? cbs_reader_unit_meta(units, unit,
	    "better") : NULL;

	if (meta != NULL && strcmp(meta, "higher") == 0)
		return CBS_BETTER_HIGHER;
	if (meta != NULL && strcmp(meta, "lower") == 0)
		return CBS_BETTER_LOWER;
	return cbs_unit_better_by_name(unit);
}

enum cbs_verdict
cbs_gate_classify(int better, int significant, double old_center,
    double new_center, double threshold)
{
	double pct;

	if (!significant)
		return CBS_VERDICT_NOISE;
	if (isnan(old_center) || isnan(new_center) ||
	    !(old_center < new_center || old_center > new_center))
		return CBS_VERDICT_WITHIN;
	if (!(old_center < 0 || old_center > 0))
		pct = new_center > 0 ? INFINITY : -INFINITY;
	else
		pct = (new_center / old_center - 1) * 100;
	if (better == CBS_BETTER_HIGHER)
		pct = -pct;
	else if (better != CBS_BETTER_LOWER)
		return CBS_VERDICT_WITHIN;
	if (pct > threshold)
		return CBS_VERDICT_REGRESSION;
	if (-pct > threshold)
		return CBS_VERDICT_IMPROVEMENT;
	return CBS_VERDICT_WITHIN;
}

enum cbs_verdict
cbs_gate_cell(const struct cbs_table *t, size_t row, size_t col,
    double threshold)
{
	const struct cbs_cell *c = &t->cells[row * t->ncols + col];
	const struct cbs_cell *base = &t->cells[row * t->ncols];

	if (col == 0 || !c->present || !c->has_baseline)
		return CBS_VERDICT_NONE;
	return cbs_gate_classify(t->better, !(c->cmp.p > c->cmp.alpha),
	    base->summary.center, c->summary.center, threshold);
}

enum cbs_verdict
cbs_gate_geomean(const struct cbs_table *t, size_t col, double threshold)
{
	const struct cbs_col_summary *s = &t->summary[col];

	if (col == 0 || !s->has_ratio)
		return CBS_VERDICT_NONE;
	/* A geomean has no test of its own; its ratio is taken as is. */
	return cbs_gate_classify(t->better, 1, 1, s->ratio, threshold);
}

/* ------------------------------------------------------ reporting */

/* Append key=value, quoting the value when it holds a space, a quote or
 * nothing, so that every line splits the same way. */
static size_t
put_kv(char *buf, size_t len, size_t o, const char *key, const char *v)
{
	int quote = *v == '\0' || strpbrk(v, " \t\"\\=") != NULL;

	if (o >= len)
		return o;
	o += (size_t)snprintf(buf + o, len - o, " %s=%s", key,
	    quote ? "\"" : "");
	for (; quote && *v != '\0' && o + 3 < len; v++) {
		if (*v == '"' || *v == '\\')
			buf[o++] = '\\';
		buf[o++] = *v;
	}
	if (o < len)
		o += (size_t)snprintf(buf + o, len - o, "%s",
		    quote ? "\"" : v);
	return o;
}

char *
cbs_regression_line(const struct cbs_regression *r, char *buf, size_t len)
{
	char num[64], thr[72];
	size_t o;

	o = (size_t)snprintf(buf, len, "regression:");
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
	o = put_kv(buf, len, o, "p", r->p ? r->p : "none");
	cbs_fmt_go_float(r->threshold, num, sizeof(num));
	snprintf(thr, sizeof(thr), "%s%%", num);
	o = put_kv(buf, len, o, "threshold", thr);
	put_kv(buf, len, o, "config", r->config);
	return buf;
}

/* "goos=linux pkg=example.com/x": the table's configuration. */
static void
config_string(const struct cbs_table *t, char *buf, size_t len)
{
	size_t k, o = 0;

	buf[0] = '\0';
	for (k = 0; k < t->nkey && o < len; k++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s=%s",
		    o > 0 ? " " : "", t->key_names[k],
		    cbs_table_key_value(t, k));
}

static void
report_cell(const struct cbs_table *t, size_t row, size_t col,
    double threshold, cbs_regression_fn fn, void *ctx)
{
	const struct cbs_cell *cells = &t->cells[row * t->ncols];
	char config[1024], column[512], base[64], value[64], delta[64];
	char p[64], cmp[128];
	struct cbs_regression r;
	struct cbs_scaler sc;
	double centers[2];

	centers[0] = cells[0].summary.center;
	centers[1] = cells[col].summary.center;
	sc = cbs_unit_common_scale(centers, 2, cbs_unit_class_of(t->unit));
	config_string(t, config, sizeof(config));
	memset(&r, 0, sizeof(r));
	r.config = config;
	r.benchmark = t->row_labels[row];
	r.unit = t->unit;
	r.column = cbs_table_col_label(t, col, column, sizeof(column));
	r.base = cbs_unit_format(sc, centers[0], base, sizeof(base));
	r.value = cbs_unit_format(sc, centers[1], value, sizeof(value));
	r.delta = cbs_format_delta(&cells[col].cmp, centers[0], centers[1],
	    delta, sizeof(delta));
	r.threshold = threshold;
	if (!t->assume_exact) {
		/* The comparison text starts "p=0.000 " when there is a p. */
		cbs_format_comparison(&cells[col].cmp, cmp, sizeof(cmp));
		if (strncmp(cmp, "p=", 2) == 0) {
			snprintf(p, sizeof(p), "%.*s",
			    (int)strcspn(cmp + 2, " "), cmp + 2);
			r.p = p;
		}
	}
	fn(&r, ctx);
}

static void
report_geomean(const struct cbs_table *t, size_t col, double threshold,
    cbs_regression_fn fn, void *ctx)
{
	char config[1024], column[512], base[64], value[64], delta[64];
	struct cbs_regression r;
	struct cbs_scaler sc;
	enum cbs_unit_class cls = cbs_unit_class_of(t->unit);

	config_string(t, config, sizeof(config));
	memset(&r, 0, sizeof(r));
	r.config = config;
	r.benchmark = "geomean";
	r.unit = t->unit;
	r.column = cbs_table_col_label(t, col, column, sizeof(column));
	sc = cbs_unit_common_scale(&t->summary[0].summary, 1, cls);
	r.base = t->summary[0].has_summary ? cbs_unit_format(sc,
	    t->summary[0].summary, base, sizeof(base)) : "?";
	sc = cbs_unit_common_scale(&t->summary[col].summary, 1, cls);
	r.value = t->summary[col].has_summary ? cbs_unit_format(sc,
	    t->summary[col].summary, value, sizeof(value)) : "?";
	r.delta = cbs_format_ratio(t->summary[col].ratio, delta,
	    sizeof(delta));
	r.threshold = threshold;
	fn(&r, ctx);
}

long
cbs_gate_regressions(const struct cbs_tables *ts, double threshold,
    int gate_geomean, cbs_regression_fn fn, void *ctx)
{
	const struct cbs_table *t;
	size_t i, row, col;
	long n = 0;

	for (i = 0; i < ts->ntables; i++) {
		t = &ts->tables[i];
		for (row = 0; row < t->nrows; row++)
			for (col = 1; col < t->ncols; col++) {
				if (cbs_gate_cell(t, row, col, threshold) !=
				    CBS_VERDICT_REGRESSION)
					continue;
				report_cell(t, row, col, threshold, fn, ctx);
				n++;
			}
		for (col = 1; gate_geomean && t->nrows > 1 && col < t->ncols;
		    col++) {
			if (cbs_gate_geomean(t, col, threshold) !=
			    CBS_VERDICT_REGRESSION)
				continue;
			report_geomean(t, col, threshold, fn, ctx);
			n++;
		}
	}
	return n;
}
