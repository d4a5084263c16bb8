/*
 * gate.c: the regression gate, one definition for the exit status and
 * the verdicts, as numbers (struct cbs_gate_cell) that the report layer
 * prints: the lines (report/gate_lines.c), the Markdown marks and the
 * JSON verdicts.
 *
 * Upstream's "~" tests each cell alone at -alpha, so fifty benchmarks
 * give fifty chances to be fooled; a gate built on it goes red on one
 * run in four in which nothing changed (issue 9).  The gate therefore
 * judges every cell it examines in one run as one family:
 *
 *  - each compared cell gets the Hodges-Lehmann shift of its log values
 *    against the base column and a standard error read off the
 *    distribution-free (Mann-Whitney) interval of that shift (shift.c);
 *  - a table column of ten or more such cells also gets a run-wide
 *    shift, the median shift of the largest group of its cells that
 *    agree with one shift, when that group is at least half of them: a
 *    machine that drifted between the batches moves every benchmark
 *    alike, but a change to some benchmarks must not be taken for it.
 *    Its cells are judged relative to it, and it is judged itself as
 *    one more member, so that a run that slowed as a whole still fails;
 *  - a one-sided Student-t test asks whether the change is worse than a
 *    small allowance (a tenth of the threshold as measured, for the
 *    drift; a fortieth relative to the run, where the drift is gone);
 *  - the family's level -gate-alpha is shared out step-down, as Holm's
 *    procedure does, but by weight: a cell whose noise cannot carry it
 *    past the threshold gets only the tiny level it could use, the rest
 *    goes to the noisy cells that can raise a false alarm;
 *  - a regression is a cell that passes its test and whose estimate is
 *    past the threshold, relative to the run and as measured; an
 *    improvement likewise in the better direction (a family of its own);
 *    a cell whose estimate is past the threshold in the worse direction,
 *    suggested by its own test (p <= 0.075) but not confirmed by the
 *    family's, is inconclusive; every other cell is unchanged.  Each
 *    run trending with its order (Mann-Kendall, Holm at 5%) is reported
 *    as drift.
 *
 * cbenchstat(1), section STATISTICS, gives the rule and its measured
 * error rates.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "gate/gate.h"
#include "input/input.h"
#include "stats/shift.h"

/*
 * The share of the threshold that counts as no change: machines drift by
 * about that between two batches.  Once the run-wide shift is taken out
 * (below), only the benchmarks' uneven response to the drift is left.
 */
#define DRIFT_ALLOWANCE		0.1
#define RESIDUAL_ALLOWANCE	0.025
/*
 * The fewest cells of one table column with a run-wide shift: below
 * that their median is too uncertain to be worth subtracting.
 */
#define RUN_MIN_CELLS	10
/* A cell agrees with a run-wide shift within this many errors. */
#define CLUSTER_Z	3.0
/* The normal's MAD as a share of its deviation, and the median's
 * efficiency: sd(median) = sqrt(pi/2) sd / sqrt(m) for normal data. */
#define MAD_TO_SD	1.482602218505602
#define MEDIAN_SE	1.253314137315500
/* Hodges-Lehmann's variance relative to the mean's, normal data. */
#define HL_EFFICIENCY	(3.14159265358979323846 / 3)
/* The power the sample-size advice aims at. */
#define ADVICE_POWER	0.8
/*
 * An estimate past the threshold is inconclusive only when its one-sided
 * p-value, before the family's correction, is below this: a change the
 * data do not even suggest is unchanged, not worth a rerun.  Measured at
 * n = 10: the shared harness's regressions were caught or flagged in
 * 97.0% of runs at 0.05, 97.7% at 0.075, 97.8% at 0.1 (seed 13, 2000
 * trials), while A/A runs of the heavy-tailed model printed an
 * inconclusive line in 29.9%, 37.8% and 42.1% (make soundness, seed 1,
 * 1000 trials): 0.075 meets both goals, 97% and 40%.
 */
#define INCONCLUSIVE_P	0.075
/* The family-wise level of the drift warnings. */
#define DRIFT_ALPHA	0.05

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

/* ------------------------------------------------------ the family */

/*
 * One member of the family while it is judged: the shift on the scale
 * it was estimated on, signed so that positive is worse.
 */
struct member {
	struct cbs_gate_cell *out;
	int log_scale;
	double worse;		/* the estimate, positive = worse */
	double se;
	double df;
	double base;		/* |base centre|: percentages off the log scale */
	double p_worse, p_better;
	double p_drift;		/* Mann-Kendall, the likelier of the two */
	double reach;		/* reach_by_noise(), computed once */
	double run_sd;		/* one run's deviation on the scale */
	double allowance;	/* share of the threshold that is no change */
	int adjusted;		/* worse is relative to the run-wide shift */
	double raw;		/* worse before that adjustment */
	double raw_se, raw_df;	/* se and df before it */
	double run_se;		/* the run-wide shift's error in se */
	size_t nruns;		/* runs of the smaller side; 0: not a cell */
};

struct cbs_gate {
	struct cbs_gate_opts opts;
	const struct cbs_tables *tables;
	size_t *offset;			/* [table]: first cell's index */
	size_t *goffset;		/* [table]: first geomean's index */
	struct cbs_gate_cell *cells;	/* [offset + row * ncols + col] */
	struct cbs_gate_cell *geomeans;	/* [goffset + col] */
	struct cbs_gate_cell *runs;	/* [goffset + col]: run-wide shifts */
	struct member *members;
	size_t nmembers;
	size_t ncompared;		/* members that are compared cells */
	struct cbs_mw_cache mw;		/* while the members are made */
	struct cbs_leak *leaks;		/* memory cells (leak.c) */
	size_t nleaks;
};

/* A shift on its own scale as a percentage change. */
static double
to_percent(const struct member *m, double x)
{
	if (m->log_scale)
		return expm1(x) * 100;
	if (!(m->base > 0))
		return x > 0 ? INFINITY : x < 0 ? -INFINITY : 0;
	return x / m->base * 100;
}

/* The threshold on a member's scale. */
static double
threshold_on_scale(const struct member *m, double threshold)
{
	if (m->log_scale)
		return log1p(threshold / 100);
	return m->base > 0 ? threshold / 100 * m->base : 0;
}

/* The one-sided p-values of both directions for a member. */
static void
member_test(struct member *m, double threshold)
{
	double allow = m->allowance * threshold_on_scale(m, threshold);

	if (isnan(m->se) || isnan(m->worse)) {
		m->p_worse = m->p_better = NAN;
	} else if (!(m->se > 0)) {
		/* Constant samples (sizes, allocation counts): exact. */
		m->p_worse = m->worse > allow ? 0 : 1;
		m->p_better = -m->worse > allow ? 0 : 1;
	} else {
		m->p_worse = gsl_cdf_tdist_Q((m->worse - allow) / m->se,
		    m->df);
		m->p_better = gsl_cdf_tdist_Q((-m->worse - allow) / m->se,
		    m->df);
	}
}

/* The NaN-free values of a cell, in run order when known. */
static double *
clean_values(const struct cbs_cell *c, size_t *n)
{
	const double *v = c->runs != NULL ? c->runs : c->values;
	double *x = malloc((c->n + 1) * sizeof(*x));
	size_t i;

	*n = 0;
	if (x == NULL)
		return NULL;
	for (i = 0; i < c->n; i++)
		if (!isnan(v[i]))
			x[(*n)++] = v[i];
	return x;
}

/* The Mann-Kendall p of either sample trending, Bonferroni over two. */
static double
two_sample_drift(const double *x, size_t n1, const double *y, size_t n2)
{
	double a = cbs_mann_kendall_p(x, n1), b = cbs_mann_kendall_p(y, n2);

	if (isnan(a) || isnan(b))
		return isnan(a) ? (isnan(b) ? NAN : fmin(1, 2 * b)) :
		    fmin(1, 2 * a);
	return fmin(1, 2 * fmin(a, b));
}

/* Fill a member from the cell's samples against the base's. */
static int
member_of_cell(const struct cbs_table *t, const struct cbs_cell *base,
    const struct cbs_cell *c, const struct cbs_gate_opts *o,
    struct cbs_mw_cache *mw, struct member *m)
{
	struct cbs_shift s;
	size_t n1, n2;
	double *x = clean_values(base, &n1), *y = clean_values(c, &n2);
	double sign = t->better == CBS_BETTER_HIGHER ? -1 : 1;
	int rc = CBS_ENOMEM;

	if (x == NULL || y == NULL)
		goto out;
	m->base = fabs(base->summary.center);
	m->allowance = DRIFT_ALLOWANCE;
	m->out->run_shift = NAN;
	if (n1 == 0 || n2 == 0) {
		m->worse = m->se = NAN;
		m->out->estimate = m->out->lo = m->out->hi = NAN;
		rc = 0;
		goto out;
	}
	if ((rc = cbs_shift_estimate(x, n1, y, n2, o->confidence, mw,
	    &s)) != 0)
		goto out;
	m->log_scale = s.log_scale;
	m->worse = m->raw = sign * s.estimate;
	m->se = m->raw_se = s.se;
	m->df = m->raw_df = s.df;
	m->nruns = n1 < n2 ? n1 : n2;
	m->out->estimate = to_percent(m, s.estimate);
	/* One run a side has no interval to speak of. */
	m->out->lo = s.confidence > 0 ? to_percent(m, s.lo) : NAN;
	m->out->hi = s.confidence > 0 ? to_percent(m, s.hi) : NAN;
	m->out->confidence = s.confidence;
	/* One run's deviation: the estimate's error over sqrt(1/n1+1/n2). */
	m->run_sd = s.se / sqrt(1.0 / (double)n1 + 1.0 / (double)n2) /
	    sqrt(HL_EFFICIENCY);
	m->out->noise = to_percent(m, m->run_sd);
	/* Sorted values trend by construction: no run order, no check. */
	m->p_drift = base->runs != NULL && c->runs != NULL ?
	    two_sample_drift(x, n1, y, n2) : NAN;
out:
	free(x);
	free(y);
	return rc;
}

/*
 * A geomean's member: the table's geomean ratio as the estimate, and the
 * error of a mean of the rows' log shifts, sqrt(sum se^2) / rows.  Rows
 * off the log scale or without an error leave it unknown.
 */
static void
member_of_geomean(const struct cbs_table *t, const struct member *rows,
    size_t nrows_members, const struct cbs_col_summary *s, struct member *m)
{
	double var = 0, df = INFINITY;
	size_t i;

	m->log_scale = 1;
	m->base = 1;
	m->allowance = DRIFT_ALLOWANCE;
	m->worse = m->raw = (t->better == CBS_BETTER_HIGHER ? -1 : 1) *
	    log(s->ratio);
	for (i = 0; i < nrows_members; i++) {
		if (!rows[i].log_scale && rows[i].se > 0)
			var = NAN;
		var += rows[i].se * rows[i].se;
		df = fmin(df, rows[i].df);
	}
	m->se = nrows_members > 0 ? sqrt(var) / (double)nrows_members : NAN;
	m->df = df;
	m->p_drift = NAN;
	m->run_sd = NAN;
	m->out->estimate = (s->ratio - 1) * 100;
	m->out->lo = m->out->hi = NAN;
	m->out->confidence = NAN;
	m->out->noise = NAN;
	m->out->run_shift = NAN;
}

/* Whether a member takes part in its column's run-wide shift. */
static int
run_eligible(const struct member *m)
{
	return m->log_scale && isfinite(m->worse) && m->se > 0;
}

/* The median of x[0..n), n > 0; x is sorted in place. */
static double
median_in_place(double *x, size_t n)
{
	qsort(x, n, sizeof(*x), cbs_float64_qsort_cmp);
	return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

/* An eligible cell's shift and the reach of its agreement with others. */
struct shift_se {
	double w, se;
	double tol;	/* agrees with any shift within w +- tol */
};

/* An end of a cell's span of agreement, for the sweep below. */
struct span_end {
	double at;
	int step;	/* +1 opens, -1 closes */
};

static int
span_end_cmp(const void *pa, const void *pb)
{
	const struct span_end *a = pa, *b = pb;

	if (a->at < b->at || a->at > b->at)
		return a->at < b->at ? -1 : 1;
	return b->step - a->step;	/* spans are closed: open first */
}

/*
 * The shift that the most cells agree with: each cell agrees with the
 * shifts within its tolerance of its own, and a sweep over the ends of
 * those spans finds a point inside the most of them.  When some
 * benchmarks changed and the others did not, that point lies with one of
 * the two groups, where the median of all falls between them (issue 21).
 * @return 0, or CBS_ENOMEM.
 */
static int
most_agreed(const struct shift_se *x, size_t n, double *at)
{
	struct span_end *e = malloc((2 * n + 1) * sizeof(*e));
	size_t k;
	long open = 0, best = -1;

	if (e == NULL)
		return CBS_ENOMEM;
	for (k = 0; k < n; k++) {
		e[2 * k].at = x[k].w - x[k].tol;
		e[2 * k].step = 1;
		e[2 * k + 1].at = x[k].w + x[k].tol;
		e[2 * k + 1].step = -1;
	}
	qsort(e, 2 * n, sizeof(*e), span_end_cmp);
	for (k = 0; k < 2 * n; k++) {
		open += e[k].step;
		if (open > best) {	/* the middle of where it is best */
			best = open;
			*at = k + 1 < 2 * n ? (e[k].at + e[k + 1].at) / 2 :
			    e[k].at;
		}
	}
	free(e);
	return 0;
}

/* Move the cells that agree with shift at to the front of x; @return
 * their number.  The span is computed as the sweep computed it. */
static size_t
agreeing_cells(struct shift_se *x, size_t n, double at)
{
	size_t k, m = 0;
	struct shift_se t;

	for (k = 0; k < n; k++)
		if (x[k].w - x[k].tol <= at && at <= x[k].w + x[k].tol) {
			t = x[m], x[m++] = x[k], x[k] = t;
		}
	return m;
}

/*
 * The largest group of the eligible cells among members[first..last)
 * that agree with one shift, into *out (the caller frees it) with its
 * size in *group; 0 when it holds fewer than RUN_MIN_CELLS cells or
 * fewer than half of them.  @return 0 or CBS_ENOMEM.
 */
static int
run_group(const struct cbs_gate *g, size_t first, size_t last,
    struct shift_se **out, size_t *group)
{
	struct shift_se *x = malloc((last - first + 1) * sizeof(*x));
	/* The benchmarks' uneven response to a drift, beyond their noise. */
	double spread = RESIDUAL_ALLOWANCE * log1p(g->opts.threshold / 100);
	double at = 0;
	size_t k, n = 0;

	*out = x;
	*group = 0;
	if (x == NULL)
		return CBS_ENOMEM;
	for (k = first; k < last; k++)
		if (run_eligible(&g->members[k])) {
			x[n].w = g->members[k].worse;
			x[n].se = g->members[k].se;
			x[n].tol = CLUSTER_Z * hypot(x[n].se, spread);
			n++;
		}
	if (n < RUN_MIN_CELLS)
		return 0;
	if (most_agreed(x, n, &at) != 0)
		return CBS_ENOMEM;
	*group = agreeing_cells(x, n, at);
	if (*group < RUN_MIN_CELLS || 2 * *group < n)
		*group = 0;
	return 0;
}

/*
 * The run-wide shift of one table column, as a member of the family:
 * the shift which every benchmark of the new batch shares when the
 * machine drifted between the batches, there only when it is common
 * (run_group): the median of the group's shifts.  Its error is the
 * median's, from the group's robust spread (MAD), and no smaller than
 * its cells' own errors allow.  Only cells with an error on the log
 * scale take part; m is filled and *found set when there is one.
 * @return 0 or CBS_ENOMEM.
 */
static int
run_member(struct cbs_gate *g, int sign, size_t first, size_t last,
    struct member *m, int *found)
{
	struct shift_se *x;
	double *w, *se, mad, q;
	size_t k, n;
	int rc;

	*found = 0;
	if ((rc = run_group(g, first, last, &x, &n)) != 0 || n == 0) {
		free(x);
		return rc;
	}
	if ((w = malloc(2 * n * sizeof(*w))) == NULL) {
		free(x);
		return CBS_ENOMEM;
	}
	se = w + n;
	for (k = 0; k < n; k++) {
		w[k] = x[k].w;
		se[k] = x[k].se;
	}
	free(x);
	m->worse = m->raw = median_in_place(w, n);
	for (k = 0; k < n; k++)
		w[k] = fabs(w[k] - m->worse);
	mad = median_in_place(w, n);
	/*
	 * The median of estimates is no surer than their own errors let
	 * it be, even when over half of them agree exactly.
	 */
	m->se = MEDIAN_SE * fmax(MAD_TO_SD * mad, median_in_place(se, n)) /
	    sqrt((double)n);
	free(w);
	m->log_scale = 1;
	m->base = 1;
	m->allowance = DRIFT_ALLOWANCE;
	m->df = (double)n - 1;
	m->p_drift = m->run_sd = NAN;
	q = gsl_cdf_tdist_Qinv((1 - g->opts.confidence) / 2, m->df);
	m->out->estimate = to_percent(m, sign * m->worse);
	m->out->lo = to_percent(m, sign * m->worse - q * m->se);
	m->out->hi = to_percent(m, sign * m->worse + q * m->se);
	m->out->confidence = g->opts.confidence;
	m->out->noise = m->out->run_shift = NAN;
	m->out->cells = n;
	*found = 1;
	return 0;
}

/*
 * Judge the cells of a column relative to its run-wide shift: an
 * unchanged benchmark is then unchanged whatever the machine did between
 * the batches, and the run-wide member answers for the shift itself.  A
 * run-wide shift past the threshold is not subtracted: the run fails on
 * it anyway, and the cells judged as measured name every benchmark that
 * moved.
 */
static void
adjust_to_run(struct cbs_gate *g, size_t first, size_t last,
    struct member *run)
{
	struct member *m;
	size_t k;

	if (!(fabs(run->worse) <= threshold_on_scale(run, g->opts.threshold)))
		return;
	run->out->applied = 1;
	for (k = first; k < last; k++) {
		m = &g->members[k];
		if (!run_eligible(m))
			continue;
		m->adjusted = 1;
		m->worse = m->raw - run->worse;
		m->se = hypot(m->se, run->se);
		m->run_se = run->se;
		m->df = fmin(m->df, run->df);
		m->allowance = RESIDUAL_ALLOWANCE;
		m->out->run_shift = run->out->estimate;
	}
}

/* Count the members: compared cells, and geomeans when they gate. */
static int
gate_alloc(struct cbs_gate *g)
{
	const struct cbs_tables *ts = g->tables;
	size_t i, ncells = 0, ngeo = 0;

	g->offset = calloc(ts->ntables + 1, sizeof(*g->offset));
	g->goffset = calloc(ts->ntables + 1, sizeof(*g->goffset));
	if (g->offset == NULL || g->goffset == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < ts->ntables; i++) {
		g->offset[i] = ncells;
		g->goffset[i] = ngeo;
		ncells += ts->tables[i].nrows * ts->tables[i].ncols;
		ngeo += ts->tables[i].ncols;
	}
	g->cells = calloc(ncells + 1, sizeof(*g->cells));
	g->geomeans = calloc(ngeo + 1, sizeof(*g->geomeans));
	g->runs = calloc(ngeo + 1, sizeof(*g->runs));
	g->members = calloc(ncells + 2 * ngeo + 1, sizeof(*g->members));
	return g->cells && g->geomeans && g->runs && g->members ? 0 :
	    CBS_ENOMEM;
}

/* The members of one column of table i: its cells, then its geomean. */
static int
add_column(struct cbs_gate *g, size_t i, size_t col)
{
	const struct cbs_table *t = &g->tables->tables[i];
	const struct cbs_cell *c, *base;
	size_t row, first = g->nmembers, last;
	struct member *m;
	int rc, found;

	for (row = 0; row < t->nrows; row++) {
		c = &t->cells[row * t->ncols + col];
		base = &t->cells[row * t->ncols];
		if (!c->present || !c->has_baseline)
			continue;
		m = &g->members[g->nmembers++];
		g->ncompared++;
		m->out = &g->cells[g->offset[i] + row * t->ncols + col];
		if ((rc = member_of_cell(t, base, c, &g->opts, &g->mw,
		    m)) != 0)
			return rc;
	}
	last = g->nmembers;
	if (g->opts.gate_geomean && t->nrows > 1 &&
	    t->summary[col].has_ratio) {
		m = &g->members[g->nmembers++];
		m->out = &g->geomeans[g->goffset[i] + col];
		member_of_geomean(t, g->members + first, last - first,
		    &t->summary[col], m);
	}
	m = &g->members[g->nmembers];
	m->out = &g->runs[g->goffset[i] + col];
	if ((rc = run_member(g, t->better == CBS_BETTER_HIGHER ? -1 : 1,
	    first, last, m, &found)) != 0)
		return rc;
	if (found) {
		g->nmembers++;
		adjust_to_run(g, first, last, m);
	} else {
		memset(m, 0, sizeof(*m));
	}
	return 0;
}

/*
 * The chance that noise alone carries a member's estimate past the
 * threshold in direction dir (1 worse, 0 better): a member that cannot
 * get there by noise cannot raise a false alarm, and needs no share of
 * the family's level to speak of.
 */
static double
reach_by_noise(const struct cbs_gate *g, const struct member *m)
{
	double thr = threshold_on_scale(m, g->opts.threshold);

	/* No test (one run a side) or an exact one: no budget needed. */
	if (isnan(m->se) || !(m->se > 0))
		return 0;
	return gsl_cdf_tdist_Q(thr / m->se, m->df);
}

/*
 * The level that spends the family's alpha on the members that need it
 * ("water filling"): the lambda with sum over members of
 * min(reach_i, lambda) = alpha, where reach_i is the member's chance of
 * passing the threshold by noise alone.  A member tested at
 * min(reach_i, lambda) can raise a false alarm with at most that chance,
 * so the family's chance stays within alpha (a weighted Bonferroni
 * bound); with equal reaches this is Bonferroni's alpha / m.
 * reach is sorted in place.  @return lambda (1 when the members cannot
 * spend alpha at all).
 */
static double
water_level(double *reach, size_t m, double alpha)
{
	double spent = 0, lambda;
	size_t k;

	qsort(reach, m, sizeof(*reach), cbs_float64_qsort_cmp);
	for (k = 0; k < m; k++) {
		lambda = (alpha - spent) / (double)(m - k);
		if (reach[k] >= lambda)
			return lambda;
		spent += reach[k];
	}
	return 1;
}

/*
 * Test one direction (worse = 1, better = 0) step-down, as Holm's
 * procedure does with equal weights: the open members get the water
 * level of the family's whole alpha, those whose p-value passes their
 * level are rejected and leave, and the rest are tested again at the
 * level the smaller family allows, until nothing more is rejected.
 */
static int
test_direction(struct cbs_gate *g, int worse, unsigned char *reject,
    double *level)
{
	size_t m = g->nmembers, k, nopen, round;
	double *reach = malloc((m + 1) * sizeof(*reach)), lambda, p, r;
	int more = 1;

	if (reach == NULL)
		return CBS_ENOMEM;
	memset(reject, 0, m);
	for (k = 0; k < m; k++)
		level[k] = NAN;
	for (round = 0; more && round < m + 1; round++) {
		for (k = nopen = 0; k < m; k++)
			if (!reject[k])
				reach[nopen++] = g->members[k].reach;
		lambda = water_level(reach, nopen, g->opts.alpha);
		more = 0;
		for (k = 0; k < m; k++) {
			if (reject[k])
				continue;
			r = g->members[k].reach;
			level[k] = r < lambda ? r : lambda;
			p = worse ? g->members[k].p_worse :
			    g->members[k].p_better;
			if (p <= level[k])
				reject[k] = more = 1;
		}
	}
	free(reach);
	return 0;
}

/* Holm's procedure over the drift p-values. */
static int
test_drift(struct cbs_gate *g, unsigned char *reject, double *level)
{
	double *p = malloc((g->nmembers + 1) * sizeof(*p));
	size_t k;
	int rc;

	if (p == NULL)
		return CBS_ENOMEM;
	for (k = 0; k < g->nmembers; k++)
		p[k] = g->members[k].p_drift;
	rc = cbs_holm(p, g->nmembers, DRIFT_ALPHA, reject, level);
	free(p);
	return rc;
}

/*
 * Whether a member's estimate is past the threshold in direction dir
 * (1 worse, -1 better).  A cell judged against its run-wide shift must
 * be past it as measured too: when most benchmarks of a run slowed, an
 * unchanged one is not an improvement.
 */
static int
past_threshold(const struct member *m, double thr, int dir)
{
	return dir * m->worse > thr && (!m->adjusted || dir * m->raw > thr);
}

/*
 * Whether an inconclusive cell judged relative to its run-wide shift
 * owes its doubt to that shift: its runs already hold what a
 * threshold-sized change needs at its own noise (own), no number of
 * runs gets past the shift's error (over is 0), or its estimate as
 * measured passes its level against the drift's allowance.  What is
 * uncertain then is the shift subtracted (benchmarks that changed
 * alike, or in both directions), which more runs of this benchmark do
 * not settle (issue 21).
 */
static int
doubt_from_run(const struct member *m, double thr, double level,
    size_t own, size_t over)
{
	double p;

	if (!m->adjusted)
		return 0;
	if (own > 0 && (own <= m->nruns || over == 0))
		return 1;
	if (!(m->raw_se > 0))
		return 0;
	p = gsl_cdf_tdist_Q((m->raw - DRIFT_ALLOWANCE * thr) / m->raw_se,
	    m->raw_df);
	return p <= level;
}

/*
 * The advice of an inconclusive cell: none when the doubt is the
 * run-wide shift's, else more runs than it has.  A cell judged relative
 * to the run keeps the shift's error whatever its own runs, so its count
 * is solved with that error as a floor (the floor shrinks too when every
 * benchmark gets more runs: the advice errs on the safe side).  The
 * count can be at or below the runs it has only through the Student t's
 * degrees of freedom (the estimate's are fewer than the power equation's
 * 2n - 2); one more run a side is then the least that could tell.
 */
static void
advise(struct member *m, double thr, double level)
{
	struct cbs_gate_cell *o = m->out;
	size_t own = o->runs_needed, over = own;

	if (m->adjusted)
		over = cbs_shift_runs_needed_over(m->run_sd, m->run_se,
		    thr * (1 - m->allowance), level, ADVICE_POWER,
		    HL_EFFICIENCY);
	if (doubt_from_run(m, thr, level, own, over)) {
		o->run_doubt = 1;
		o->runs_needed = 0;
	} else {
		o->runs_needed = over > 0 && over <= m->nruns ? m->nruns + 1 :
		    over;
	}
}

static void
judge_member(const struct cbs_gate *g, struct member *m, int worse_ok,
    int better_ok, double level)
{
	double thr = threshold_on_scale(m, g->opts.threshold);
	struct cbs_gate_cell *o = m->out;

	o->p = m->p_worse;
	o->level = level;
	if (isnan(m->worse))
		o->verdict = CBS_VERDICT_UNCHANGED;
	else if (past_threshold(m, thr, 1) && worse_ok)
		o->verdict = CBS_VERDICT_REGRESSION;
	else if (past_threshold(m, thr, 1) && !(m->p_worse > INCONCLUSIVE_P))
		o->verdict = CBS_VERDICT_INCONCLUSIVE;
	else if (past_threshold(m, thr, -1) && better_ok)
		o->verdict = CBS_VERDICT_IMPROVEMENT;
	else
		o->verdict = CBS_VERDICT_UNCHANGED;
	/* The runs that would resolve a threshold-sized change. */
	o->runs_needed = cbs_shift_runs_needed(m->run_sd,
	    thr * (1 - m->allowance), level, ADVICE_POWER, HL_EFFICIENCY);
	if (o->verdict == CBS_VERDICT_INCONCLUSIVE)
		advise(m, thr, level);
}

static int
judge(struct cbs_gate *g)
{
	size_t k, m = g->nmembers;
	unsigned char *rw = malloc(m + 1), *rb = malloc(m + 1),
	    *rd = malloc(m + 1);
	double *lw = malloc((m + 1) * sizeof(double)),
	    *lb = malloc((m + 1) * sizeof(double)),
	    *ld = malloc((m + 1) * sizeof(double));
	int rc = CBS_ENOMEM;

	if (rw == NULL || rb == NULL || rd == NULL || lw == NULL ||
	    lb == NULL || ld == NULL)
		goto out;
	for (k = 0; k < m; k++) {
		member_test(&g->members[k], g->opts.threshold);
		g->members[k].reach = reach_by_noise(g, &g->members[k]);
	}
	if ((rc = test_direction(g, 1, rw, lw)) != 0 ||
	    (rc = test_direction(g, 0, rb, lb)) != 0 ||
	    (rc = test_drift(g, rd, ld)) != 0)
		goto out;
	for (k = 0; k < m; k++) {
		judge_member(g, &g->members[k], rw[k], rb[k], lw[k]);
		g->members[k].out->drift = rd[k];
	}
out:
	free(rw);
	free(rb);
	free(rd);
	free(lw);
	free(lb);
	free(ld);
	return rc;
}

/*
 * A memory cell that grows run after run is a leak, not a machine's
 * drift: its comparisons get a leak line instead of a drift line (a
 * leaking base cell takes the drift of every comparison of its row).
 */
static void
leaks_not_drift(struct cbs_gate *g)
{
	const struct cbs_leak *l;
	size_t k, col, ncols;

	for (k = 0; k < g->nleaks; k++) {
		l = &g->leaks[k];
		if (!l->leaks)
			continue;
		ncols = g->tables->tables[l->table].ncols;
		for (col = l->col > 0 ? l->col : 1; col < ncols; col++) {
			g->cells[g->offset[l->table] + l->row * ncols +
			    col].drift = 0;
			if (l->col > 0)
				break;
		}
	}
}

int
cbs_gate_new(const struct cbs_tables *t, const struct cbs_gate_opts *o,
    struct cbs_gate **out)
{
	struct cbs_gate *g;
	size_t i, col;
	int rc;

	*out = NULL;
	if (!(o->threshold >= 0) || !(o->alpha > 0 && o->alpha < 1) ||
	    !(o->confidence > 0 && o->confidence < 1))
		return CBS_EINVAL;
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return CBS_ENOMEM;
	g->opts = *o;
	g->tables = t;
	if ((rc = gate_alloc(g)) != 0)
		goto fail;
	for (i = 0; i < t->ntables; i++)
		for (col = 1; col < t->tables[i].ncols; col++)
			if ((rc = add_column(g, i, col)) != 0)
				goto fail;
	cbs_mw_cache_free(&g->mw);
	if ((rc = judge(g)) != 0 ||
	    (rc = cbs_leaks_find(t, o->alpha, o->confidence, &g->leaks,
	    &g->nleaks)) != 0)
		goto fail;
	leaks_not_drift(g);
	free(g->members);
	g->members = NULL;
	*out = g;
	return 0;
fail:
	cbs_gate_free(g);
	return rc;
}

size_t
cbs_gate_compared(const struct cbs_gate *g)
{
	return g->ncompared;
}

void
cbs_gate_free(struct cbs_gate *g)
{
	if (g == NULL)
		return;
	free(g->offset);
	free(g->goffset);
	free(g->cells);
	free(g->geomeans);
	free(g->runs);
	free(g->members);
	free(g->leaks);
	cbs_mw_cache_free(&g->mw);
	free(g);
}

const struct cbs_gate_cell *
cbs_gate_cell_at(const struct cbs_gate *g, size_t i, size_t row, size_t col)
{
	const struct cbs_gate_cell *c;

	if (g == NULL || i >= g->tables->ntables)
		return NULL;
	c = &g->cells[g->offset[i] + row * g->tables->tables[i].ncols + col];
	return c->verdict == CBS_VERDICT_NONE ? NULL : c;
}

const struct cbs_gate_cell *
cbs_gate_geomean_at(const struct cbs_gate *g, size_t i, size_t col)
{
	const struct cbs_gate_cell *c;

	if (g == NULL || i >= g->tables->ntables)
		return NULL;
	c = &g->geomeans[g->goffset[i] + col];
	return c->verdict == CBS_VERDICT_NONE ? NULL : c;
}

const struct cbs_gate_cell *
cbs_gate_run_at(const struct cbs_gate *g, size_t i, size_t col)
{
	const struct cbs_gate_cell *c;

	if (g == NULL || i >= g->tables->ntables)
		return NULL;
	c = &g->runs[g->goffset[i] + col];
	return c->verdict == CBS_VERDICT_NONE ? NULL : c;
}

const struct cbs_leak *
cbs_gate_leak_at(const struct cbs_gate *g, size_t i, size_t row, size_t col)
{
	size_t k;

	if (g == NULL)
		return NULL;
	for (k = 0; k < g->nleaks; k++)
		if (g->leaks[k].table == i && g->leaks[k].row == row &&
		    g->leaks[k].col == col)
			return g->leaks[k].leaks ? &g->leaks[k] : NULL;
	return NULL;
}

const struct cbs_leak *
cbs_gate_leaks(const struct cbs_gate *g, size_t *n)
{
	*n = g != NULL ? g->nleaks : 0;
	return g != NULL ? g->leaks : NULL;
}

const struct cbs_gate_opts *
cbs_gate_options(const struct cbs_gate *g)
{
	return &g->opts;
}

static void
count_one(const struct cbs_gate_cell *c, struct cbs_gate_counts *n)
{
	switch (c->verdict) {
	case CBS_VERDICT_REGRESSION:
		n->regression++;
		break;
	case CBS_VERDICT_IMPROVEMENT:
		n->improvement++;
		break;
	case CBS_VERDICT_INCONCLUSIVE:
		n->inconclusive++;
		break;
	case CBS_VERDICT_UNCHANGED:
		n->unchanged++;
		break;
	case CBS_VERDICT_NONE:
	case CBS_VERDICT_NOISE:
	case CBS_VERDICT_WITHIN:
		return;
	}
	n->drift += c->drift != 0;
}

void
cbs_gate_count(const struct cbs_gate *g, struct cbs_gate_counts *n)
{
	const struct cbs_table *t;
	size_t i, k;

	memset(n, 0, sizeof(*n));
	for (i = 0; i < g->tables->ntables; i++) {
		t = &g->tables->tables[i];
		for (k = 0; k < t->nrows * t->ncols; k++)
			count_one(&g->cells[g->offset[i] + k], n);
		for (k = 0; k < t->ncols; k++) {
			count_one(&g->geomeans[g->goffset[i] + k], n);
			count_one(&g->runs[g->goffset[i] + k], n);
		}
	}
	for (k = 0; k < g->nleaks; k++) {
		n->leaks += g->leaks[k].leaks != 0;
		n->new_leaks += g->leaks[k].leaks && g->leaks[k].col > 0 &&
		    !g->leaks[k].also_in_base;
	}
}

