/*
 * shift.c: the gate's statistics (see shift.h for the contracts).
 *
 * The tables keep upstream's medians and U-test untouched; the gate asks
 * a different question -- how large is the change, and how sure are we
 * of it -- and answers it with the Hodges-Lehmann shift estimate and its
 * distribution-free interval (Lehmann 1963, Moses 1965; the interval R's
 * wilcox.test(conf.int = TRUE) reports).  Quantiles of Student's t and of
 * the normal distribution come from GSL.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "stats/shift.h"

/*
 * The U distribution is exact below R's limit; its pairwise differences
 * are capped so that n1 * n2 never takes more than 32 MiB: larger samples
 * are thinned to evenly spaced order statistics first (see thin()).
 */
#define MW_EXACT_MAX	50
#define PAIRS_MAX	((size_t)1 << 22)
/* The level of the interval the standard error is read from. */
#define SE_LEVEL	0.90

/*
 * Copy x, on the log scale when asked, sorted, keeping at most max
 * evenly spaced order statistics (the i-th of max takes the value at
 * rank i * (n - 1) / (max - 1)): a sample of 10,000 runs keeps its shape
 * in 2,048 points, and the pairwise differences stay in memory.
 */
static double *
sorted_copy(const double *x, size_t n, int logs, size_t max, size_t *outn)
{
	double *s = malloc(n * sizeof(*s)), *t;
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		s[i] = logs ? log(x[i]) : x[i];
	qsort(s, n, sizeof(*s), cbs_float64_qsort_cmp);
	*outn = n;
	if (n <= max)
		return s;
	if ((t = malloc(max * sizeof(*t))) == NULL) {
		free(s);
		return NULL;
	}
	for (i = 0; i < max; i++)
		t[i] = s[(size_t)((double)i * (double)(n - 1) /
		    (double)(max - 1) + 0.5)];
	free(s);
	*outn = max;
	return t;
}

static int
all_positive(const double *x, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!(x[i] > 0) || isinf(x[i]))
			return 0;
	return 1;
}

/* Whether the pooled sorted samples share a value (a tie in ranks). */
static int
has_ties(const double *a, size_t n1, const double *b, size_t n2)
{
	size_t i = 0, j = 0;
	double last = NAN, v;

	while (i < n1 || j < n2) {
		if (j >= n2 || (i < n1 && a[i] <= b[j]))
			v = a[i++];
		else
			v = b[j++];
		if (v <= last && v >= last)
			return 1;
		last = v;
	}
	return 0;
}

/*
 * The number of ways each U arises without ties, for sizes (n1, n2): the
 * counts satisfy c(m, n; u) = c(m - 1, n; u - n) + c(m, n - 1; u), built
 * up one m at a time.  @return P(U <= u) for u = 0 .. n1 * n2, or NULL.
 */
static double *
mw_cdf(size_t n1, size_t n2)
{
	size_t umax = n1 * n2, w = umax + 1, m, n, u;
	double *prev = calloc((n2 + 1) * w, sizeof(double));
	double *cur = calloc((n2 + 1) * w, sizeof(double));
	double *cdf = NULL, *tmp, total = 0;

	if (prev == NULL || cur == NULL)
		goto out;
	for (n = 0; n <= n2; n++)
		prev[n * w] = 1;
	for (m = 1; m <= n1; m++) {
		memset(cur, 0, (n2 + 1) * w * sizeof(double));
		cur[0] = 1;
		for (n = 1; n <= n2; n++)
			for (u = 0; u <= m * n; u++)
				cur[n * w + u] = (u >= n ? prev[n * w + u - n] :
				    0) + cur[(n - 1) * w + u];
		tmp = prev, prev = cur, cur = tmp;
	}
	if ((cdf = malloc(w * sizeof(*cdf))) == NULL)
		goto out;
	for (u = 0; u <= umax; u++)
		total += prev[n2 * w + u];
	for (u = 0; u <= umax; u++)
		cdf[u] = (u > 0 ? cdf[u - 1] : 0) + prev[n2 * w + u] / total;
out:
	free(prev);
	free(cur);
	return cdf;
}

void
cbs_mw_cache_free(struct cbs_mw_cache *c)
{
	if (c == NULL)
		return;
	free(c->cdf);
	c->cdf = NULL;
}

size_t
cbs_mw_lower_quantile(size_t n1, size_t n2, double tail,
    struct cbs_mw_cache *cache, double *achieved)
{
	double *cdf;
	size_t q = 0;

	if (cache != NULL && cache->cdf != NULL && cache->n1 == n1 &&
	    cache->n2 == n2)
		cdf = cache->cdf;
	else if ((cdf = mw_cdf(n1, n2)) == NULL)
		return (size_t)-1;
	/* R's qwilcox: the smallest q with P(U <= q) >= tail ... */
	while (q < n1 * n2 && cdf[q] < tail * (1 - 64 * 2.2e-16))
		q++;
	/* ... and R's wilcox.test moves a 0 to 1. */
	if (q == 0)
		q = 1;
	*achieved = cdf[q - 1];
	if (cache == NULL)
		free(cdf);
	else if (cache->cdf != cdf) {
		free(cache->cdf);
		cache->cdf = cdf;
		cache->n1 = n1;
		cache->n2 = n2;
	}
	return q;
}

/*
 * The interval [d(k), d(N - k + 1)] (1-based) of the sorted pairwise
 * differences at the given confidence; *conf gets its achieved level.
 * @return 0 or CBS_ENOMEM.
 */
static int
mw_interval(const double *d, size_t n1, size_t n2, int exact,
    double confidence, struct cbs_mw_cache *cache, double *lo, double *hi,
    double *conf)
{
	size_t N = n1 * n2, k;
	double tail, z, sd, kk;

	if (exact) {
		k = cbs_mw_lower_quantile(n1, n2, (1 - confidence) / 2,
		    cache, &tail);
		if (k == (size_t)-1)
			return CBS_ENOMEM;
		*conf = 1 - 2 * tail;
	} else {
		/* The normal approximation, without continuity correction. */
		z = gsl_cdf_ugaussian_Pinv(0.5 + confidence / 2);
		sd = sqrt((double)n1 * (double)n2 * (double)(n1 + n2 + 1) /
		    12);
		kk = floor((double)N / 2 - z * sd);
		k = kk < 1 ? 1 : (size_t)kk;
		*conf = confidence;
	}
	*lo = d[k - 1];
	*hi = d[N - k];
	return 0;
}

static double
median_sorted(const double *d, size_t n)
{
	return n % 2 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
}

/*
 * Sort d[0..n), made of sorted runs of w values, by merging the runs
 * pairwise, the left value first on a tie: the order a stable sort of
 * the whole gives, in a few linear passes instead of a comparison sort
 * (this sort was most of the time of a report of thousands of cells).
 * No value may be NaN.  @return 0 or CBS_ENOMEM.
 */
static int
merge_runs(double *d, size_t n, size_t w)
{
	/* Zeroed: the static analyzer cannot tell that the caller and each
	 * pass write all of what the next pass reads. */
	double *tmp = calloc(n + 1, sizeof(*tmp)), *src = d, *dst = tmp;
	double *swap;
	size_t lo, mid, hi, i, j, k;

	if (tmp == NULL)
		return CBS_ENOMEM;
	for (; w > 0 && w < n; w *= 2) {
		for (lo = 0; lo < n; lo += 2 * w) {
			mid = lo + w < n ? lo + w : n;
			hi = lo + 2 * w < n ? lo + 2 * w : n;
			for (i = lo, j = mid, k = lo; i < mid && j < hi; )
				dst[k++] = src[j] < src[i] ? src[j++] :
				    src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		swap = src, src = dst, dst = swap;
	}
	if (src != d)
		memcpy(d, src, n * sizeof(*d));
	free(tmp);
	return 0;
}

/* The sorted differences b[j] - a[i] of all pairs; a and b sorted, so
 * each a[i]'s row is already in order (unless inf - inf made a NaN). */
static double *
pairwise_differences(const double *a, size_t n1, const double *b, size_t n2)
{
	/* Zeroed, as merge_runs's buffer is, for the static analyzer. */
	double *d = calloc(n1 * n2 + 1, sizeof(*d));
	size_t i, j;
	int nan = 0;

	if (d == NULL)
		return NULL;
	for (i = 0; i < n1; i++)
		for (j = 0; j < n2; j++) {
			d[i * n2 + j] = b[j] - a[i];
			nan |= isnan(d[i * n2 + j]);
		}
	if (nan)
		qsort(d, n1 * n2, sizeof(*d), cbs_float64_qsort_cmp);
	else if (merge_runs(d, n1 * n2, n2) != 0) {
		free(d);
		return NULL;
	}
	return d;
}

static int
shift_of_sorted(const double *a, size_t n1, const double *b, size_t n2,
    double confidence, struct cbs_mw_cache *cache, struct cbs_shift *out)
{
	double *d = pairwise_differences(a, n1, b, n2);
	double lo90, hi90, conf90;
	int rc;

	if (d == NULL)
		return CBS_ENOMEM;
	out->exact = n1 < MW_EXACT_MAX && n2 < MW_EXACT_MAX &&
	    !has_ties(a, n1, b, n2);
	out->estimate = median_sorted(d, n1 * n2);
	rc = mw_interval(d, n1, n2, out->exact, confidence, cache, &out->lo,
	    &out->hi, &out->confidence);
	if (rc == 0)
		rc = mw_interval(d, n1, n2, out->exact, SE_LEVEL, cache, &lo90,
		    &hi90, &conf90);
	free(d);
	if (rc != 0)
		return rc;
	/* An interval below 50% says nothing of the spread (1 run a side). */
	out->se = conf90 < 0.5 ? NAN : (hi90 - lo90) /
	    (2 * gsl_cdf_ugaussian_Pinv(0.5 + conf90 / 2));
	out->df = (double)(n1 + n2) - 2;
	return 0;
}

int
cbs_shift_estimate(const double *old, size_t n1, const double *new_,
    size_t n2, double confidence, struct cbs_mw_cache *cache,
    struct cbs_shift *out)
{
	size_t m1, m2, cap = 2048;
	double *a, *b;
	int rc;

	memset(out, 0, sizeof(*out));
	if (n1 == 0 || n2 == 0)
		return CBS_EINVAL;
	out->log_scale = all_positive(old, n1) && all_positive(new_, n2);
	while (cap > 2 && (n1 < cap ? n1 : cap) * (n2 < cap ? n2 : cap) >
	    PAIRS_MAX)
		cap /= 2;
	a = sorted_copy(old, n1, out->log_scale, cap, &m1);
	b = sorted_copy(new_, n2, out->log_scale, cap, &m2);
	rc = a == NULL || b == NULL ? CBS_ENOMEM :
	    shift_of_sorted(a, m1, b, m2, confidence, cache, out);
	free(a);
	free(b);
	return rc;
}

/* The power equation's two sides for n runs a side; see shift.h. */
static int
enough_runs(size_t n, double scale, double floor_se, double effect,
    double alpha, double power, double eff)
{
	double df = 2 * (double)n - 2;
	double need = gsl_cdf_tdist_Qinv(alpha, df) +
	    gsl_cdf_tdist_Pinv(power, df);
	double se = sqrt(floor_se * floor_se +
	    scale * scale * eff * 2 / (double)n);

	return effect / se >= need;
}

size_t
cbs_shift_runs_needed_over(double scale, double floor_se, double effect,
    double alpha, double power, double eff)
{
	size_t lo = 2, hi = 2, mid;

	if (!(scale > 0) || !(effect > 0) || !isfinite(effect / scale) ||
	    !(floor_se >= 0) || !isfinite(floor_se) ||
	    !(alpha > 0 && alpha < 1) || !(power > 0 && power < 1) ||
	    !(eff > 0))
		return 0;
	while (!enough_runs(hi, scale, floor_se, effect, alpha, power, eff)) {
		if (hi >= 100000)
			return 0;
		lo = hi + 1;
		hi *= 2;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (enough_runs(mid, scale, floor_se, effect, alpha, power,
		    eff))
			hi = mid;
		else
			lo = mid + 1;
	}
	return hi;
}

size_t
cbs_shift_runs_needed(double scale, double effect, double alpha,
    double power, double eff)
{
	return cbs_shift_runs_needed_over(scale, 0, effect, alpha, power,
	    eff);
}

/* A p-value with its index, sorted for Holm: ascending, NaN last, ties
 * in index order so that the result does not depend on qsort. */
struct ranked_p {
	double p;
	size_t i;
};

static int
ranked_p_cmp(const void *pa, const void *pb)
{
	const struct ranked_p *a = pa, *b = pb;

	if (isnan(a->p) || isnan(b->p))
		return isnan(a->p) - isnan(b->p);
	if (a->p < b->p || a->p > b->p)
		return a->p < b->p ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

int
cbs_holm(const double *p, size_t m, double alpha, unsigned char *reject,
    double *level)
{
	struct ranked_p *r = malloc((m + 1) * sizeof(*r));
	size_t k;

	if (r == NULL)
		return CBS_ENOMEM;
	for (k = 0; k < m; k++) {
		r[k].p = p[k];
		r[k].i = k;
		reject[k] = 0;
		level[k] = NAN;
	}
	qsort(r, m, sizeof(*r), ranked_p_cmp);
	for (k = 0; k < m; k++) {
		level[r[k].i] = alpha / (double)(m - k);
		if (!(r[k].p <= level[r[k].i]))
			break;
		reject[r[k].i] = 1;
	}
	free(r);
	return 0;
}

/* @return whether a and b are equal (NaN equals nothing), without
 * -Wfloat-equal's complaint. */
static int
same(double a, double b)
{
	return a <= b && a >= b;
}

/*
 * The ties' share of the variance: run * (run - 1) * (2 * run + 5) for
 * each group of equal values, each group counted at its first member.
 * Quadratic, as the statistic is, and with no copy to sort: out of
 * memory, the test would have nothing true to return (a NaN here made
 * the history drop a creep without an error, issue 19).
 */
static double
tie_terms(const double *x, size_t n)
{
	double sum = 0;
	size_t i, j, run;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i && !same(x[j], x[i]); j++)
			;
		if (j < i)
			continue;
		for (run = 1, j = i + 1; j < n; j++)
			run += same(x[j], x[i]);
		sum += (double)run * (double)(run - 1) * (double)(2 * run + 5);
	}
	return sum;
}

double
cbs_kendall_s_var(const double *x, size_t n)
{
	double var = (double)n * (double)(n - 1) * (double)(2 * n + 5);

	return (var - tie_terms(x, n)) / 18;
}

double
cbs_mann_kendall_p(const double *x, size_t n)
{
	double s = 0, var, z;
	size_t i, j;

	if (n < 3)
		return NAN;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			s += (x[j] > x[i]) - (x[j] < x[i]);
	var = cbs_kendall_s_var(x, n);
	if (!(var > 0))
		return NAN;
	z = (s - (s > 0) + (s < 0)) / sqrt(var);
	return 2 * gsl_cdf_ugaussian_Q(fabs(z));
}
