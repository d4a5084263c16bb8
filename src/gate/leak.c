/*
 * leak.c: memory that grows run after run.  A benchmark that keeps
 * state between the runs of one process (-count in one binary) shows a
 * leak as B/op or allocs/op rising with the run's order.  For each cell
 * of a memory unit, the base column's included, the runs in the order
 * they were recorded get the Theil-Sen slope (Theil 1950, Sen 1968: the
 * median of the pairwise slopes, in the unit per run) with Sen's
 * distribution-free interval, and the Mann-Kendall test of a trend
 * (stats/shift.c); Holm's procedure over every such cell at the gate's
 * level decides which ones leak (issue 23).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "gate/gate.h"
#include "stats/shift.h"

/* The pairwise slopes of x against the run index, sorted; *m of them. */
static double *
pairwise_slopes(const double *x, const double *at, size_t n, size_t *m)
{
	double *s;
	size_t i, j, k = 0;

	*m = 0;
	if (n > 1 && n - 1 > SIZE_MAX / sizeof(double) / n)
		return NULL;
	if ((s = malloc((n * (n - 1) / 2 + 1) * sizeof(*s))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			s[k++] = (x[j] - x[i]) / (at != NULL ?
			    at[j] - at[i] : (double)(j - i));
	qsort(s, k, sizeof(*s), cbs_float64_qsort_cmp);
	*m = k;
	return s;
}

/* cbs_leak_theil_sen with x[i] taken at run at[i] (NULL: at run i). */
static int
theil_sen_at(const double *x, const double *at, size_t n, double confidence,
    double *slope, double *lo, double *hi)
{
	double *s, c, m1, m2;
	size_t m;

	*slope = *lo = *hi = NAN;
	if (n < 2)
		return 0;
	if ((s = pairwise_slopes(x, at, n, &m)) == NULL)
		return CBS_ENOMEM;
	*slope = m % 2 ? s[m / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
	/*
	 * Sen's ranks, as Gilbert (1987, 16.5) gives them: the M1-th and
	 * (M2 + 1)-th smallest slopes, M1,2 = (N -+ z sqrt(var S)) / 2,
	 * rounded outwards.  Ranks off the ends leave the interval open.
	 */
	c = gsl_cdf_ugaussian_Qinv((1 - confidence) / 2) *
	    sqrt(cbs_kendall_s_var(x, n));
	m1 = floor(((double)m - c) / 2);
	m2 = ceil(((double)m + c) / 2) + 1;
	if (m1 >= 1 && m2 <= (double)m) {
		*lo = s[(size_t)m1 - 1];
		*hi = s[(size_t)m2 - 1];
	}
	free(s);
	return 0;
}

int
cbs_leak_theil_sen(const double *x, size_t n, double confidence,
    double *slope, double *lo, double *hi)
{
	return theil_sen_at(x, NULL, n, confidence, slope, lo, hi);
}

/*
 * The most runs a cell's leak check reads as they are: its pairwise
 * slopes are held at once, n (n - 1) / 2 of them (16 MB here).  A cell
 * of more runs is read as this many blocks of consecutive runs, each
 * its mean at its mean position: the trend stays, the memory of the
 * gate is not staked on one long series.
 */
#define LEAK_MAX_RUNS	2048

/*
 * Thin x[0..n) in place to LEAK_MAX_RUNS block means when longer, their
 * positions into at[]; *n becomes their number.  @return whether it did.
 */
static int
thin_runs(double *x, double *at, size_t *n)
{
	size_t k, i, lo, hi, total = *n;
	double sum;

	if (total <= LEAK_MAX_RUNS)
		return 0;
	for (k = 0; k < LEAK_MAX_RUNS; k++) {
		lo = k * total / LEAK_MAX_RUNS;
		hi = (k + 1) * total / LEAK_MAX_RUNS;
		for (sum = 0, i = lo; i < hi; i++)
			sum += x[i];
		/* Block k starts past block k - 1's end: x[lo..) unread. */
		x[k] = sum / (double)(hi - lo);
		at[k] = (double)(lo + hi - 1) / 2;
	}
	*n = LEAK_MAX_RUNS;
	return 1;
}

/* The NaN-free runs of a cell in their recorded order; *n of them. */
static double *
ordered_runs(const struct cbs_cell *c, size_t *n)
{
	double *x = malloc((c->n + 1) * sizeof(*x));
	size_t i;

	*n = 0;
	if (x == NULL)
		return NULL;
	for (i = 0; i < c->n; i++)
		if (!isnan(c->runs[i]))
			x[(*n)++] = c->runs[i];
	return x;
}

/* One cell's figures into l.  @return 0 or CBS_ENOMEM. */
static int
leak_of_cell(const struct cbs_cell *c, double confidence, struct cbs_leak *l)
{
	double *x, *at;
	size_t n;
	int rc, thinned;

	if ((x = ordered_runs(c, &l->runs)) == NULL)
		return CBS_ENOMEM;
	if ((at = malloc((LEAK_MAX_RUNS + 1) * sizeof(*at))) == NULL) {
		free(x);
		return CBS_ENOMEM;
	}
	n = l->runs;
	thinned = thin_runs(x, at, &n);
	l->p = cbs_mann_kendall_p(x, n);
	rc = theil_sen_at(x, thinned ? at : NULL, n, confidence, &l->growth,
	    &l->lo, &l->hi);
	free(at);
	free(x);
	return rc;
}

/* Whether cell (row, col) of t is one the leak check reads. */
static int
leak_candidate(const struct cbs_table *t, size_t row, size_t col)
{
	const struct cbs_cell *c = &t->cells[row * t->ncols + col];

	return c->present && c->runs != NULL && c->n >= 3;
}

static int
add_cells(const struct cbs_tables *ts, double confidence,
    struct cbs_leak **v, size_t *n, size_t *cap)
{
	const struct cbs_table *t;
	struct cbs_leak *l;
	size_t i, row, col;
	int rc;

	for (i = 0; i < ts->ntables; i++) {
		t = &ts->tables[i];
		if (!t->memory)
			continue;
		for (row = 0; row < t->nrows; row++)
			for (col = 0; col < t->ncols; col++) {
				if (!leak_candidate(t, row, col))
					continue;
				if ((rc = cbs_grow(v, cap, *n + 1,
				    sizeof(**v))) != 0)
					return rc;
				l = &(*v)[(*n)++];
				memset(l, 0, sizeof(*l));
				l->table = i;
				l->row = row;
				l->col = col;
				if ((rc = leak_of_cell(&t->cells[row *
				    t->ncols + col], confidence, l)) != 0)
					return rc;
			}
	}
	return 0;
}

/*
 * Holm over the family: the cells that have a test (constant runs have
 * none, and cannot leak, so they do not dilute the others' levels).  A
 * leak grows: a shrinking cell is no leak.
 */
static int
decide(struct cbs_leak *v, size_t n, double alpha)
{
	unsigned char *reject = malloc(n + 1);
	double *p = malloc((n + 1) * sizeof(*p)),
	    *level = malloc((n + 1) * sizeof(*level));
	size_t k, m = 0;
	int rc = CBS_ENOMEM;

	if (reject == NULL || p == NULL || level == NULL)
		goto out;
	for (k = 0; k < n; k++)
		if (!isnan(v[k].p))
			p[m++] = v[k].p;
	if ((rc = cbs_holm(p, m, alpha, reject, level)) != 0)
		goto out;
	for (k = 0, m = 0; k < n; k++) {
		v[k].level = NAN;
		if (isnan(v[k].p))
			continue;
		v[k].level = level[m];
		v[k].leaks = reject[m++] && v[k].growth > 0;
	}
out:
	free(reject);
	free(p);
	free(level);
	return rc;
}

/* Mark each compared cell whose row's base cell leaks too: add_cells
 * puts a row's base cell before the row's other cells. */
static void
mark_base(struct cbs_leak *v, size_t n)
{
	size_t k, b = 0;

	for (k = 0; k < n; k++) {
		if (v[k].col == 0) {
			b = k;
			continue;
		}
		v[k].also_in_base = v[b].col == 0 && v[b].table == v[k].table &&
		    v[b].row == v[k].row && v[b].leaks;
	}
}

int
cbs_leaks_find(const struct cbs_tables *ts, double alpha, double confidence,
    struct cbs_leak **out, size_t *nout)
{
	struct cbs_leak *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	if ((rc = add_cells(ts, confidence, &v, &n, &cap)) != 0 ||
	    (rc = decide(v, n, alpha)) != 0) {
		free(v);
		return rc;
	}
	mark_base(v, n);
	*out = v;
	*nout = n;
	return 0;
}
