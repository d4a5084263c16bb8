/*
 * shift.h: the statistics of the regression gate (shift.c): how much one
 * sample moved against another, how surely, and how many runs it would
 * take to know.  Pure functions of their arguments; the gate (gate.c)
 * combines them across the family of cells it examines.
 */
#ifndef CBS_SHIFT_H
#define CBS_SHIFT_H

#include <stddef.h>

/*
 * The shift of a new sample against an old one.  On the log scale (every
 * value > 0), estimate, lo and hi are differences of natural logarithms,
 * so exp(estimate) is the ratio new/old; otherwise they are differences
 * in the samples' own unit.
 */
struct cbs_shift {
	int log_scale;
	double estimate;	/* Hodges-Lehmann: median of pairwise y - x */
	double lo, hi;		/* distribution-free interval of the shift */
	double confidence;	/* the interval's achieved level */
	int exact;		/* the interval used the exact U distribution */
	double se;		/* standard error of estimate (NaN: unknown) */
	double df;		/* degrees of freedom for se */
};

struct cbs_mw_cache;

/*
 * Estimate the shift from old (n1 values) to new (n2 values), both
 * without NaNs, in any order.  The interval is the Mann-Whitney
 * (Moses/Lehmann) interval at the given confidence: the exact U
 * distribution without ties and with n1, n2 < 50 (as R's wilcox.test),
 * else its normal approximation.  The standard error is read off the
 * same kind of interval at 90%, so that it is honest for any continuous
 * distribution (a bimodal benchmark included), not only the normal.
 * cache may be NULL.
 * @return 0, CBS_EINVAL (n1 or n2 is 0) or CBS_ENOMEM.
 */
int cbs_shift_estimate(const double *old, size_t n1, const double *new_,
    size_t n2, double confidence, struct cbs_mw_cache *cache,
    struct cbs_shift *out);

/*
 * The exact U distribution of the last sizes asked for: most cells of a
 * run share their sizes, and the distribution costs n1 * n2 * n1 * n2
 * steps.  Zero it before first use; free it with cbs_mw_cache_free.
 */
struct cbs_mw_cache {
	size_t n1, n2;
	double *cdf;
};

void cbs_mw_cache_free(struct cbs_mw_cache *c);

/*
 * The lower tail of the Mann-Whitney U distribution without ties: the
 * largest k with P(U < k) <= tail, i.e. R's qwilcox(tail, n1, n2) when
 * that is above 0.  *achieved gets P(U < k).
 * @return k, or (size_t)-1 when out of memory.
 */
size_t cbs_mw_lower_quantile(size_t n1, size_t n2, double tail,
    struct cbs_mw_cache *cache, double *achieved);

/*
 * Runs per side for a one-sided test at level alpha to detect a shift of
 * effect with the given power, when one run's standard deviation is
 * scale and the estimator's variance is eff times the mean's (pi/3 for
 * Hodges-Lehmann): the smallest n with
 * effect / (scale * sqrt(eff * 2 / n)) >= t(1-alpha) + t(power), Student t
 * with 2n - 2 degrees of freedom.  @return n >= 2, or 0 when no n up to
 * 100000 suffices or the inputs are not positive and finite.
 */
size_t cbs_shift_runs_needed(double scale, double effect, double alpha,
    double power, double eff);
/*
 * The same when the estimate's error has a part more runs do not reduce,
 * floor_se (the run-wide shift's, subtracted from it): the smallest n
 * with effect / sqrt(floor_se^2 + scale^2 eff 2 / n) >= the same sum.
 * @return n >= 2, or 0 as above (also when floor_se alone is too large).
 */
size_t cbs_shift_runs_needed_over(double scale, double floor_se,
    double effect, double alpha, double power, double eff);

/*
 * Holm's step-down procedure at family-wise level alpha over m p-values:
 * reject[i] is set to 1 for each rejected hypothesis, else 0, and
 * level[i] to the level p[i] was compared with (NaN if never reached).
 * NaN p-values are never rejected.  @return 0 or CBS_ENOMEM.
 */
int cbs_holm(const double *p, size_t m, double alpha, unsigned char *reject,
    double *level);

/*
 * The Mann-Kendall test of a monotone trend of x (in run order) with the
 * run index: two-sided p-value from the normal approximation with the
 * tie correction of Kendall (1975).  @return p, or NaN when n < 3 or the
 * sample is constant.
 */
double cbs_mann_kendall_p(const double *x, size_t n);
/*
 * The variance of Kendall's S of x against the run index under no trend,
 * tie-corrected as above (Kendall 1975); also the ranks of Sen's (1968)
 * interval of the Theil-Sen slope.  @return it (0 for a constant x).
 */
double cbs_kendall_s_var(const double *x, size_t n);

#endif /* CBS_SHIFT_H */
