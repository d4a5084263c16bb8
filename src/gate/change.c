/*
 * change.c: the change of one compared cell (or geomean) as the gate
 * sees it -- estimate, interval and verdict in percent -- for the
 * outputs that show or order by it (sort.c, fmt_html.c).
 *
 * With a gate, its figures are taken as they are, so a plot and the
 * exit status cannot disagree.  Without one, the same estimate is
 * computed here the gate's way (shift.c: the Hodges-Lehmann shift of the
 * log values and its Mann-Whitney interval, as percentages), with no
 * verdict: there is no threshold to judge against.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "gate/gate.h"
#include "stats/shift.h"

/* The NaN-free values of a cell. */
static double *
finite_values(const struct cbs_cell *c, size_t *n)
{
	double *x = malloc((c->n + 1) * sizeof(*x));
	size_t i;

	*n = 0;
	if (x == NULL)
		return NULL;
	for (i = 0; i < c->n; i++)
		if (!isnan(c->values[i]))
			x[(*n)++] = c->values[i];
	return x;
}

/* A shift on its own scale as a percentage of base, as gate.c has it. */
static double
shift_percent(const struct cbs_shift *s, double base, double x)
{
	if (s->log_scale)
		return expm1(x) * 100;
	if (!(base > 0))
		return x > 0 ? INFINITY : x < 0 ? -INFINITY : 0;
	return x / base * 100;
}

static int
compute_change(const struct cbs_cell *base, const struct cbs_cell *c,
    double confidence, struct cbs_mw_cache *mw, struct cbs_change *out)
{
	struct cbs_shift s;
	size_t n1, n2;
	double *x = finite_values(base, &n1), *y = finite_values(c, &n2);
	double b = fabs(base->summary.center);
	int rc = CBS_ENOMEM;

	if (x == NULL || y == NULL)
		goto out;
	rc = 0;
	if (n1 == 0 || n2 == 0)
		goto out;
	if ((rc = cbs_shift_estimate(x, n1, y, n2, confidence, mw, &s)) != 0)
		goto out;
	out->has = 1;
	out->estimate = shift_percent(&s, b, s.estimate);
	if (s.confidence > 0) {
		out->lo = shift_percent(&s, b, s.lo);
		out->hi = shift_percent(&s, b, s.hi);
		out->confidence = s.confidence;
	}
out:
	free(x);
	free(y);
	return rc;
}

static void
change_init(struct cbs_change *out)
{
	memset(out, 0, sizeof(*out));
	out->verdict = CBS_VERDICT_NONE;
	out->estimate = out->lo = out->hi = out->confidence = NAN;
}

static void
from_gate(const struct cbs_gate_cell *gc, struct cbs_change *out)
{
	out->has = !isnan(gc->estimate);
	out->judged = 1;
	out->verdict = gc->verdict;
	out->estimate = gc->estimate;
	out->lo = gc->lo;
	out->hi = gc->hi;
	out->confidence = gc->confidence;
	out->drift = gc->drift;
}

int
cbs_change_of_cell(const struct cbs_gate *g, const struct cbs_table *t,
    size_t ti, size_t row, size_t col, double confidence,
    struct cbs_mw_cache *mw, struct cbs_change *out)
{
	const struct cbs_cell *c = &t->cells[row * t->ncols + col];
	const struct cbs_gate_cell *gc;

	const struct cbs_change_cache *cache = t->changes;

	if (cache != NULL && cbs_go_equal(cache->confidence, confidence)) {
		*out = cache->cells[row * t->ncols + col];
		return 0;
	}
	change_init(out);
	if (col == 0 || !c->present || !c->has_baseline)
		return 0;
	if ((gc = cbs_gate_cell_at(g, ti, row, col)) != NULL) {
		from_gate(gc, out);
		return 0;
	}
	return compute_change(&t->cells[row * t->ncols], c, confidence, mw,
	    out);
}

void
cbs_change_of_geomean(const struct cbs_gate *g, const struct cbs_table *t,
    size_t ti, size_t col, struct cbs_change *out)
{
	const struct cbs_col_summary *s = &t->summary[col];
	const struct cbs_gate_cell *gc;

	change_init(out);
	if (col == 0 || !s->has_ratio)
		return;
	if ((gc = cbs_gate_geomean_at(g, ti, col)) != NULL) {
		from_gate(gc, out);
		return;
	}
	out->has = !isnan(s->ratio);
	out->estimate = (s->ratio - 1) * 100;
}

double
cbs_change_badness(const struct cbs_table *t, const struct cbs_change *c)
{
	if (!c->has)
		return NAN;
	if (t->better == CBS_BETTER_HIGHER)
		return -c->estimate;
	if (t->better == CBS_BETTER_LOWER)
		return c->estimate;
	return fabs(c->estimate);
}
