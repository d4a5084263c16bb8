/*
 * fmt_cell.c: the texts of one table cell, shared by every output
 * (text, CSV, Markdown, JSON) and by the gate's verdict lines.
 *
 * It owns the column label ("old", "new" or the joined column values),
 * the range ("3%"), the delta ("+26.78%", "~", "?"), the test
 * ("p=0.000 n=8") and the geomean ratio, each as upstream benchstat
 * prints them, the scale of a row's centres, and the column layout
 * arithmetic of the table outputs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "input/input.h"
#include "report/report.h"
#include "table/table.h"

/*
 * mathx.Sign, with NaN as 2: NaN's sign is NaN there, which equals no
 * sign, not even its own, so a NaN bound or centre always reads "?".
 */
static int
sign_of(double x)
{
	return isnan(x) ? 2 : x < 0 ? -1 : x > 0;
}

char *
cbs_format_range(const struct cbs_summary *s, char *buf, size_t len)
{
	double v, hi, lo;
	int cs = sign_of(s->center);

	if (isinf(s->lo) || isinf(s->hi))
		snprintf(buf, len, "%s", CBS_INFINITY);
	else if (cs == 2 || cs != sign_of(s->lo) || cs != sign_of(s->hi))
		snprintf(buf, len, "?");
	else if (cbs_go_is_zero(s->center))
		snprintf(buf, len, "0%%");
	else {
		hi = s->hi / s->center - 1;
		lo = 1 - s->lo / s->center;
		/* math.Max: NaN wins. */
		v = isnan(hi) || isnan(lo) ? NAN : hi > lo ? hi : lo;
		cbs_fmt_go_fixed(100 * v, 0, 0, buf, len > 1 ? len - 1 : len);
		strncat(buf, "%", len - strlen(buf) - 1);
	}
	return buf;
}

const char *
cbs_format_unbounded(double v)
{
	if (!isinf(v))
		return NULL;
	return v > 0 ? CBS_INFINITY : "-" CBS_INFINITY;
}

char *
cbs_format_bound(struct cbs_scaler sc, double v, char *buf, size_t len)
{
	const char *u = cbs_format_unbounded(v);

	if (u == NULL)
		return cbs_unit_format(sc, v, buf, len);
	snprintf(buf, len, "%s", u);
	return buf;
}

char *
cbs_format_delta(const struct cbs_comparison *c, double old_center,
    double new_center, char *buf, size_t len)
{
	if (c->p > c->alpha)
		snprintf(buf, len, "~");
	else if (cbs_go_equal(old_center, new_center))
		snprintf(buf, len, "0.00%%");
	else if (cbs_go_is_zero(old_center))
		snprintf(buf, len, "?");
	else
		cbs_format_ratio(new_center / old_center, buf, len);
	return buf;
}

char *
cbs_format_comparison(const struct cbs_comparison *c, char *buf, size_t len)
{
	char p[64] = "";

	if (c->p < 0 || c->p > 0 || isnan(c->p)) {
		cbs_fmt_go_fixed(c->p, 3, 0, p + 2, sizeof(p) - 3);
		memcpy(p, "p=", 2);
		strcat(p, " ");
	}
	if (c->n1 == c->n2)
		snprintf(buf, len, "%sn=%zu", p, c->n1);
	else
		snprintf(buf, len, "%sn=%zu+%zu", p, c->n1, c->n2);
	return buf;
}

char *
cbs_format_ratio(double ratio, char *buf, size_t len)
{
	cbs_fmt_go_fixed((ratio - 1) * 100, 2, 1, buf, len > 1 ? len - 1 :
	    len);
	strncat(buf, "%", len - strlen(buf) - 1);
	return buf;
}

/* Every table output has one column of row labels. */
enum { LABEL_COLS = 1 };

size_t
cbs_fmt_start_col(size_t col, size_t center_cols, size_t delta_cols)
{
	if (col == 0)
		return LABEL_COLS;
	return LABEL_COLS + center_cols + (col - 1) *
	    (center_cols + delta_cols);
}

int
cbs_fmt_row_scale(const struct cbs_table *t, size_t r,
    struct cbs_scaler *out)
{
	const struct cbs_cell *row = &t->cells[r * t->ncols];
	double *vals = malloc((t->ncols + 1) * sizeof(*vals));
	size_t j, n = 0;

	if (vals == NULL)
		return CBS_ENOMEM;
	for (j = 0; j < t->ncols; j++)
		if (row[j].present)
			vals[n++] = row[j].summary.center;
	*out = cbs_unit_common_scale(vals, n, cbs_unit_class_of(t->unit));
	free(vals);
	return 0;
}

int
cbs_c_numeric_report(cbs_report_writer_fn fn, const struct cbs_tables *ts,
    const struct cbs_report_opts *o, FILE *out)
{
	locale_t saved;
	int rc;

	if (cbs_c_numeric_enter(&saved) != 0)
		return CBS_ENOMEM;
	rc = fn(ts, o, out);
	cbs_c_numeric_leave(saved);
	return rc;
}
