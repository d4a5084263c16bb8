/*
 * stats.c: the statistics behind benchstat's columns: the median with a
 * distribution-free confidence interval, the two-sample Mann-Whitney
 * U-test and the geometric mean.
 *
 * benchstat (golang.org/x/perf/benchmath) gets these numbers from the
 * go-moremath stats package, and prints them as "±  7%", "p=0.046" and
 * four significant digits, or compares them with alpha.  A last-bit
 * difference can flip such a rounding or comparison, so every routine
 * here follows the definition upstream uses *and* its floating-point
 * evaluation order wherever the bits can matter; the comments say where
 * and why.  Where an exact integer computation gives the same double as
 * upstream's floating-point one (U-test counts, small binomial
 * coefficients) the integer form is used.
 *
 * No routine keeps hidden state between calls: the U-test's exact
 * distributions are reused only through a struct cbs_utest_cache the
 * caller creates, bounds and frees; otherwise the only allocations are
 * scratch arrays freed before returning.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "stats/stats.h"

/*
 * go-moremath's switch points between exact and approximate methods:
 * quantileCIApproxThreshold, MannWhitneyExactLimit and
 * MannWhitneyTiesExactLimit.
 */
#define QCI_EXACT_MAX		30
#define UTEST_EXACT_MAX		50
#define UTEST_TIES_EXACT_MAX	25

/*
 * The library never aborts, so the bounds below hold by construction,
 * not by assert(): every exact path's C(n, k) has n <= 60 (choose_u64).
 */
_Static_assert(QCI_EXACT_MAX <= 60 && 2 * UTEST_TIES_EXACT_MAX <= 60,
    "choose_u64 is exact for n <= 60 only");

/* Go's math.Sqrt2 and math.Pi, rounded to double. */
#define SQRT2		1.41421356237309504880168872420969808
#define PI		3.14159265358979323846264338327950288

/* ------------------------------------------------------------ helpers */

/*
 * Go's == on float64: tied sample values are meant literally, so this is
 * the one place that tests doubles for equality (spelt with <= and >= so
 * that -Wfloat-equal still catches accidental uses of ==).
 */
static int
fp_eq(double a, double b)
{
	return a <= b && a >= b;
}

/* Go's mathx.Sign / stats.sign: -1, 0 or +1. */
static double
fp_sign(double x)
{
	if (x < 0)
		return -1;
	if (x > 0)
		return 1;
	return 0;
}

/*
 * The binomial coefficient C(n, k) in exact integer arithmetic.  Each
 * partial product is C(n-k+i, i), an integer, and stays below
 * C(n, k) * n < 2^64 for n <= 60, which covers every caller.
 */
static uint64_t
choose_u64(unsigned n, unsigned k)
{
	uint64_t c = 1;
	unsigned i;

	if (k > n)
		return 0;
	if (k > n - k)
		k = n - k;
	for (i = 1; i <= k; i++)
		c = c * (n - k + i) / i;
	return c;
}

/* ------------------------------------------------------ normal (Gauss) */

/*
 * CDF of N(mu, sigma) at x, as go-moremath NormalDist.CDF:
 * erfc(-(x-mu)/(sigma*sqrt 2)) / 2, in that order.  Go's math.Erfc is
 * fdlibm's algorithm; glibc's erfc is too and agrees with it in ~89% of
 * inputs, the rest by one ulp (through the exp() inside), while GSL's
 * gsl_cdf_gaussian_P agrees in ~56% with ten times larger errors.
 * One ulp of a p-value printed as %.3f, or of a coverage compared
 * with the level, changes output only on an exact tie, so erfc is used
 * as is.  sigma == 0 gives a step (erfc of +-inf), as in Go.
 */
static double
normal_cdf(double mu, double sigma, double x)
{
	return erfc(-(x - mu) / (sigma * SQRT2)) / 2;
}

/*
 * Peter J. Acklam's rational approximation of the standard normal
 * quantile (relative error 1.15e-9), in the lower tail p < 0.02425 and
 * the central region; the upper tail uses the lower one on 1-p.
 * Horner form, no fused multiply-add (Go on amd64 fuses nothing, and
 * ISO C mode keeps GCC from contracting).
 */
static double
acklam_tail(double p)
{
	double q = sqrt(-2 * cbs_go_log(p));

	return (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q -
	    2.400758277161838e+00) * q - 2.549732539343734e+00) * q +
	    4.374664141464968e+00) * q + 2.938163982698783e+00) /
	    ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q +
	    2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
}

static double
acklam_central(double p)
{
	double q = p - 0.5, r = q * q;

	return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r -
	    2.759285104469687e+02) * r + 1.383577518672690e+02) * r -
	    3.066479806614716e+01) * r + 2.506628277459239e+00) * q /
	    (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r -
	    1.556989798598866e+02) * r + 6.680131188771972e+01) * r -
	    1.328068155288572e+01) * r + 1);
}

/*
 * Quantile p of N(mu, sigma), as go-moremath NormalDist.InvCDF: Acklam's
 * approximation polished by one Halley step on erfc, which brings it to
 * full double precision.  GSL's gsl_cdf_gaussian_Pinv (Wichura's AS241)
 * is as accurate but not bit-equal, and the CI orders are read off this
 * value by rounding, so the same steps are taken here.
 */
static double
normal_inv_cdf(double mu, double sigma, double p)
{
	double x, e, u;

	if (isnan(p) || p < 0 || p > 1)
		return NAN;
	if (!(p > 0))
		return -INFINITY;
	if (!(p < 1))
		return INFINITY;
	if (p < 0.02425)
		x = acklam_tail(p);
	else if (p > 0.97575)
		x = -acklam_tail(1 - p);
	else
		x = acklam_central(p);
	e = 0.5 * erfc(-x / SQRT2) - p;
	u = e * sqrt(2 * PI) * cbs_go_exp(x * x / 2);
	x = x - u / (1 + x * u / 2);
	return x * sigma + mu;
}

/* ------------------------------------------------- quantile intervals */

/*
 * How far, in units in the last place, go-moremath's mathx.Choose(n, k)
 * lies from the exact C(n, k) for 21 <= n <= 30 (row n-21, column k).
 * mathx.Choose is exact up to n = 20 but computes
 * exp(lgamma(n+1) - lgamma(k+1) - lgamma(n-k+1)) above, and the error
 * is not symmetric in k.  For the median, the exact interval then takes
 * the right-hand bucket first where C(n, k) and C(n, n-k) tie
 * mathematically, and for n = 22, 24, 27, 28, 29 that moves the
 * interval at common levels (n = 24 at 0.95: [x(8), x(18)], not
 * [x(7), x(17)]).  glibc's lgamma and exp differ from Go's in the last
 * bits, so the offsets are carried here; they come from Go 1.19's math
 * package on amd64 (tests/stats_reference.md has the program).  Without
 * FMA, Go's amd64 exp moves a few by one ulp, which changes no interval.
 */
static const short go_choose_ulps[10][31] = {
	{0, 39, 31, 47, 11, 29, 71, 64, 18, 17, 22, 22,
	    17, 6, 78, 58, 29, 34, 47, 44, 39, 0},
	{0, -20, 12, 22, 9, 18, 12, 25, 34, -26, -26, 12,
	    -6, -26, 24, 35, 3, 18, 37, 22, 26, -20, 0},
	{0, 0, -46, 30, -2, 25, 21, 3, 48, 27, -3, 4,
	    4, -21, 27, 33, 18, 9, 25, 15, 30, -31, 0, 0},
	{0, -74, -62, -123, -64, -42, -24, -59, -57, -43, -40, -73,
	    -69, -53, -70, -43, -69, -48, -32, -42, -43, -123, -54, -74,
	    0},
	{0, 89, -1, 11, -34, 45, 36, 47, 20, 10, 3, 29,
	    -12, -32, 29, 28, 10, 12, 62, 26, 45, -9, 11, 9,
	    89, 0},
	{0, -41, 29, -20, -59, -28, 8, -9, 11, -25, -52, -1,
	    -5, -81, -5, -1, -32, -25, -2, 1, -7, -28, -30, -20,
	    40, -41, 0},
	{0, -53, -90, 2, -69, -55, -65, -61, -34, -40, -70, -77,
	    -40, -79, -60, -40, -52, -54, -40, -42, -48, -74, -55, -52,
	    2, -79, -53, 0},
	{0, 101, 25, 4, 53, 19, 21, -10, 42, 24, 1, 14,
	    3, -12, 46, 6, 32, 14, 26, 24, 30, -1, 10, 19,
	    73, 4, 37, 101, 0},
	{0, 5, 82, 54, -17, 59, -27, 13, 0, 23, -5, 27,
	    12, -26, 45, 45, 6, 12, 27, 14, 23, -8, 25, 17,
	    117, 6, 54, 94, 5, 0},
	{0, 19, 7, 144, 40, -15, 51, 37, -8, 0, 16, 49,
	    40, -21, 34, 54, 51, 7, 40, 49, 45, 0, 25, 53,
	    78, 19, 67, 144, 21, 19, 0},
};

/* Go's mathx.Choose(n, k), for 0 <= k <= n <= 30: binom_pmf checks k,
 * and only qci_exact (n <= QCI_EXACT_MAX) calls it. */
static double
mathx_choose(int n, int k)
{
	double c;
	uint64_t bits;

	c = (double)choose_u64((unsigned)n, (unsigned)k);
	if (n <= 20)
		return c;
	/* For positive doubles, bit patterns count ulps. */
	memcpy(&bits, &c, sizeof(bits));
	bits += (uint64_t)(int64_t)go_choose_ulps[n - 21][k];
	memcpy(&c, &bits, sizeof(c));
	return c;
}

/*
 * P(X = k) for X ~ Binomial(n, p), as go-moremath BinomialDist.PMF:
 * C(n, k) * p^k * (1-p)^(n-k), multiplied left to right.  For the median
 * (p = 1/2) both powers are exact, so the value is C(n, k) / 2^n as in
 * Go.  For other p, glibc's pow and Go's math.Pow (repeated squaring)
 * may differ in the last bit; benchstat only asks for the median.
 * (GSL's gsl_ran_binomial_pdf goes through logarithms and would break
 * the exact symmetry the median's left bias relies on.)
 */
static double
binom_pmf(int n, double p, int k)
{
	if (k < 0 || k > n)
		return 0;
	return mathx_choose(n, k) * pow(p, k) * pow(1 - p, n - k);
}

/*
 * Exact interval for small n.  The number of sample values below the
 * population q-quantile is Binomial(n, q); "k values below" puts the
 * quantile between order statistics k and k+1.  Starting from the mode
 * (the lower one if there are two), take whole buckets, always the more
 * probable neighbour and the left one on a tie, until their mass reaches
 * the level: the narrowest interval, left-biased.  The buckets taken are
 * [l, r), i.e. the interval [x(l), x(r)].
 */
static void
qci_exact(int n, double q, double level, struct cbs_quantile_ci *out)
{
	double mass, left, right;
	int l, r;

	l = q > 0 ? (int)(ceil((double)(n + 1) * q) - 1) : 0;
	r = l + 1;
	mass = binom_pmf(n, q, l);
	left = binom_pmf(n, q, l - 1);
	right = binom_pmf(n, q, r);
	/* Stop also when nothing is left: rounding may keep mass < 1. */
	while (mass < level && (left > 0 || right > 0)) {
		if (left >= right) {
			mass += left;
			l--;
			left = binom_pmf(n, q, l - 1);
		} else {
			mass += right;
			r++;
			right = binom_pmf(n, q, r);
		}
	}
	out->lo_order = l;
	out->hi_order = r;
	out->confidence = mass;
}

/*
 * Go's int(x) on amd64 for an integral x: NaN and out-of-range values
 * become the most negative int (here INT_MIN, as C leaves it undefined).
 * Only absurd levels (NaN, <= -1) get there.
 */
static int
go_int(double x)
{
	if (!(x >= INT_MIN + 1.0 && x <= INT_MAX - 1.0))
		return INT_MIN;
	return (int)x;
}

/* Mass of buckets [l, r) under the continuity-corrected approximation. */
static double
qci_normal_mass(double mu, double sigma, int l, int r)
{
	return normal_cdf(mu, sigma, r - 0.5) - normal_cdf(mu, sigma, l - 0.5);
}

/*
 * Interval for large n from the normal approximation N(nq, nq(1-q)) of
 * the binomial: take the central `level' of the normal, widen it to
 * whole buckets (bucket k is [k-0.5, k+0.5] under continuity
 * correction), then drop the top bucket if the rest still reaches the
 * level (left bias).  An interval covering every bucket has level 1.
 */
static void
qci_normal(int n, double q, double level, struct cbs_quantile_ci *out)
{
	double mu = n * q;
	double sigma = sqrt(n * q * (1 - q));
	double lq, hq, mass, trimmed;
	int l, r;

	lq = normal_inv_cdf(mu, sigma, (1 - level) / 2);
	hq = 2 * mu - lq;
	/* Upstream's floor(floor(x) + 0.5) is just floor(x). */
	l = go_int(floor(lq - 0.5)) + 1;
	r = go_int(ceil(hq - 0.5)) + 1;
	mass = qci_normal_mass(mu, sigma, l, r);
	trimmed = qci_normal_mass(mu, sigma, l, r - 1);
	if (trimmed >= level && trimmed < mass) {
		mass = trimmed;
		r--;
	}
	if (l <= 0 && r >= n + 1)
		mass = 1;
	out->lo_order = l;
	out->hi_order = r;
	out->confidence = mass;
}

int
cbs_stats_quantile_ci(size_t n, double q, double confidence,
    struct cbs_quantile_ci *out)
{
	/* The orders are ints, as go-moremath's. */
	if (!(q >= 0 && q <= 1) || n >= INT32_MAX)
		return CBS_EINVAL;
	if (confidence >= 1) {
		out->confidence = 1;
		out->lo_order = 0;
		out->hi_order = (int)n + 1;
		return 0;
	}
	if (n <= QCI_EXACT_MAX)
		qci_exact((int)n, q, confidence, out);
	else
		qci_normal((int)n, q, confidence, out);
	/* Orders outside the sample mean an infinite bound. */
	if (out->lo_order < 0)
		out->lo_order = 0;
	if (out->hi_order > (int)n + 1)
		out->hi_order = (int)n + 1;
	return 0;
}

/*
 * Hyndman and Fan's (1996) definition 8, "median-unbiased", as
 * go-moremath Sample.Quantile: position 1/3 + q(n + 1/3), interpolated
 * linearly, clamped to the extremes.
 */
double
cbs_stats_quantile(const double *sorted, size_t n, double q)
{
	double pos, whole, frac;
	size_t k;

	if (n == 0)
		return NAN;
	if (q <= 0)
		return sorted[0];
	if (q >= 1)
		return sorted[n - 1];
	if (isnan(q))
		return sorted[0];	/* Go's int(NaN) is negative on amd64 */
	pos = 1 / 3.0 + q * ((double)n + 1 / 3.0);
	frac = modf(pos, &whole);
	if (whole < 1)
		return sorted[0];
	k = (size_t)whole;
	if (k >= n)
		return sorted[n - 1];
	return sorted[k - 1] + frac * (sorted[k] - sorted[k - 1]);
}

void
cbs_stats_median_ci(const double *sorted, size_t n,
    const struct cbs_quantile_ci *ci, struct cbs_summary *out)
{
	out->center = cbs_stats_quantile(sorted, n, 0.5);
	out->lo = ci->lo_order < 1 ? -INFINITY : sorted[ci->lo_order - 1];
	out->hi = ci->hi_order < 1 || (size_t)ci->hi_order > n ? INFINITY :
	    sorted[ci->hi_order - 1];
	out->confidence = ci->confidence;
}

/* ------------------------------------------------------------- U-test */

/*
 * Up to this many pooled values are sorted in a stack buffer; beyond it
 * only the normal approximation applies and the copy is malloc'ed.  The
 * exact paths need at most 2 * UTEST_EXACT_MAX, so they never allocate
 * for sorting, and the tie pattern always fits in an unsigned char.
 */
#define UTEST_STACK_VALUES	(2 * UTEST_EXACT_MAX)

static int
is_sorted(const double *x, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (cbs_float64_cmp(x[i - 1], x[i]) > 0)
			return 0;
	return 1;
}

static int
same_rank(double a, double b)
{
	return fp_eq(a, b) || (isnan(a) && isnan(b));
}

/*
 * The rank structure of the pooled sample: the size of each group of
 * equal values in ascending order (the tie pattern, kept only when the
 * pooled sample is small enough for an exact method), twice the rank
 * sum of sample 1 with tied values sharing their mean rank (doubling
 * keeps it integral) and sum(t^3 - t) for the normal approximation.
 */
struct ranking {
	unsigned char ties[UTEST_STACK_VALUES];
	size_t ngroups;
	int has_ties;
	uint64_t twice_r1;
	uint64_t tsum;
};

/*
 * Rank two sorted samples by merging them: the groups of equal values
 * come out in ascending order without sorting the pooled sample.  Only
 * the group sizes and sample 1's share of each matter, so the order
 * within a group is irrelevant.
 */
static void
rank_merge(const double *a, size_t n1, const double *b, size_t n2,
    struct ranking *rk)
{
	size_t i = 0, k = 0, pos = 0, from1, t;
	int keep = n1 + n2 <= UTEST_STACK_VALUES;
	double v;

	rk->ngroups = 0;
	rk->has_ties = 0;
	rk->twice_r1 = 0;
	rk->tsum = 0;
	while (i < n1 || k < n2) {
		if (k == n2 || (i < n1 && cbs_float64_cmp(a[i], b[k]) <= 0))
			v = a[i];
		else
			v = b[k];
		for (from1 = 0; i < n1 && same_rank(a[i], v); i++)
			from1++;
		for (t = from1; k < n2 && same_rank(b[k], v); k++)
			t++;
		/* Ranks pos+1..pos+t; twice their mean is 2 pos + t + 1. */
		rk->twice_r1 += (uint64_t)from1 * (2 * pos + t + 1);
		rk->tsum += (uint64_t)t * t * t - t;
		if (keep)
			rk->ties[rk->ngroups] = (unsigned char)t;
		rk->ngroups++;
		if (t > 1)
			rk->has_ties = 1;
		pos += t;
	}
}

/*
 * One row of the Mann-Whitney (1947) recurrence for the probabilities of
 * U without ties,
 *	p[a,b](u) = (a p[a-1,b](u-b) + b p[a,b-1](u)) / (a+b),
 * reading row a-1 (already p[a-1,b]) and row a (still p[a,b-1]) and
 * overwriting row a from the top down.  For a == b, p[a,b-1] is read as
 * p[b-1,a] from row a-1, by symmetry.  This is go-moremath's evaluation
 * order, so p-values come out bit-identical to upstream's.  Each
 * p[a,b](v) reads only entries at v and v-b, so the values do not
 * depend on umax: a table built to a larger umax (the cache's) holds
 * the same doubles as one built to just the u asked for.
 */
static void
mw_row(double *p, size_t width, size_t a, size_t b, size_t umax)
{
	const double *pa = p + (a - 1) * width;
	const double *pb = p + (a < b ? a : b - 1) * width;
	double *cur = p + a * width;
	double fa = (double)a, fb = (double)b, fab = (double)(a + b);
	double l;
	size_t v;

	for (v = (umax < a * b ? umax : a * b) + 1; v-- > 0;) {
		l = v >= b ? fa * pa[v - b] : 0.0;
		cur[v] = (l + fb * pb[v]) / fab;
	}
}

/* Doubles of scratch mw_cum needs. */
static size_t
mw_scratch(size_t n1, size_t n2, size_t umax)
{
	return ((n1 < n2 ? n1 : n2) + 1) * (umax + 1);
}

/*
 * cum[v] = P(U <= v) without ties for v = 0..umax.  Rows a =
 * 0..min(n1,n2) of the scratch table p hold p[a,b](0..umax) for the
 * current b = 0..max(n1,n2).  Time O(n1 n2 umax).  The sums are taken
 * left to right, as upstream adds up the lower tail, so cum[u] is
 * upstream's P(U <= u) for every u <= umax at once.  u lies below the
 * centre, so upstream's summing of the upper tail instead never
 * applies.
 */
static void
mw_cum(size_t n1, size_t n2, size_t umax, double *p, double *cum)
{
	size_t small = n1 < n2 ? n1 : n2, big = n1 < n2 ? n2 : n1;
	size_t width = umax + 1, a, b, v;
	double sum = 0;

	/* umax < (n1 n2 + 1) / 2: u_cdf_exact's only caller passes a U
	 * below the centre. */
	memset(p, 0, mw_scratch(n1, n2, umax) * sizeof(*p));
	for (b = 0; b <= big; b++) {
		p[0] = 1;	/* p[0,b]: U is 0 for sure */
		for (a = 1; a <= small && a <= b; a++)
			mw_row(p, width, a, b, umax);
	}
	for (v = 0; v <= umax; v++) {
		sum += p[small * width + v];
		cum[v] = sum;
	}
}

/* dst[i] += f * src[i], unrolled: GCC's -O2 does not vectorize it. */
static void
row_axpy(double *restrict dst, const double *restrict src, double f,
    size_t len)
{
	size_t i;

	for (i = 0; i + 4 <= len; i += 4) {
		dst[i] += f * src[i];
		dst[i + 1] += f * src[i + 1];
		dst[i + 2] += f * src[i + 2];
		dst[i + 3] += f * src[i + 3];
	}
	for (; i < len; i++)
		dst[i] += f * src[i];
}

/* Doubles of scratch ties_cum needs. */
static size_t
ties_scratch(size_t n1, size_t wmax)
{
	return (n1 + 1) * (wmax + 1);
}

/*
 * cum[w] = the number of the C(n, n1) equally likely ways to pick
 * sample 1's places whose 2 U1 is at most w, for w = 0..wmax, with ties
 * (pattern ties[0..ngroups)).  Upstream counts the same thing with
 * Cheung and Klotz's (1997) linked-list recursion; this is a dynamic
 * programme over the tie groups instead, polynomial in the sizes.
 *
 * c[j][w] counts the ways to place j of sample 1's values among the
 * groups so far with doubled partial U1 w.  Putting r of them into the
 * next group (t places, `start' places before it) adds
 * r (2 (start - j) + t - r): each beats the start - j values of sample 2
 * below and ties with the t - r in the group; there are C(t, r) ways.
 * Rows are updated from the top down, so rows j-r (r >= 1) still hold
 * the previous groups.  w never decreases, so only w <= wmax is kept,
 * and as each of the n1 - j values still to come beats at least the
 * start - j below it, a row needs w <= wmax - 2 (n1 - j)(start - j)
 * only; rows that can no longer reach j = n1 are dropped.  (That bound
 * is monotone along every path, so no entry read is ever stale: see
 * tests/stats_reference.md.)
 *
 * All counts are integers below C(50, 25) < 2^53 within the exact
 * limits, so every double here is exact and the result is the same
 * integer in any evaluation order; that is what makes caching the
 * whole table bit-identical to counting up to one u.
 */
static void
ties_cum(const unsigned char *ties, size_t ngroups, size_t n1, size_t n,
    size_t wmax, double *c, double *cum)
{
	size_t width = wmax + 1, start = 0, end, k, j, r, t, lo, hi;
	size_t gap, need, top, shift;
	double coef[UTEST_TIES_EXACT_MAX + 1], sum = 0;

	/* r <= n1 indexes coef: the ties path is exact only for n1 <=
	 * UTEST_TIES_EXACT_MAX (cbs_stats_utest). */
	memset(c, 0, ties_scratch(n1, wmax) * sizeof(*c));
	c[0] = 1;
	for (k = 0; k < ngroups; k++, start = end) {
		t = ties[k];
		end = start + t;
		for (r = 0; r <= t && r <= n1; r++)
			coef[r] = (double)choose_u64((unsigned)t, (unsigned)r);
		hi = end < n1 ? end : n1;
		lo = n1 + end > n ? n1 + end - n : 1;
		for (j = hi; j >= lo && j >= 1; j--) {
			gap = end - j;	/* sample 2's values so far */
			need = 2 * (n1 - j) * gap;
			if (need > wmax)
				continue;
			top = wmax - need;
			if (top > 2 * j * gap)
				top = 2 * j * gap;
			for (r = 1; r <= t && r <= j; r++) {
				if (j - r > start)
					continue;	/* row still empty */
				shift = r * (2 * (start - (j - r)) + t - r);
				if (shift > top)
					continue;
				row_axpy(c + j * width + shift,
				    c + (j - r) * width, coef[r],
				    top - shift + 1);
			}
		}
	}
	for (k = 0; k <= wmax; k++) {
		sum += c[n1 * width + k];
		cum[k] = sum;
	}
}

/*
 * Upstream's extra count for two distinct values, kept so that output
 * matches.  With tie groups t0 (lower) and t1, putting r of sample 1's
 * n1 values in the upper group gives 2U1 = n1(t0-n1) + r n, so
 * go-moremath (udist.go, base case of makeUmemo) sums r up to
 * (2u - n1(t0-n1)) / n; Go's integer division truncates toward zero,
 * and when the quotient lies in (-1, 0) the r = 0 arrangements, C(t0, n1)
 * of them, are counted although their U1 exceeds u.  That happens when
 * u = U2 lies below the least possible U1, e.g. x1 = {2}, x2 = {1, 1}
 * gives p = 4/3 upstream.  With three or more groups every sub-problem
 * is range-checked first and no such term arises.
 */
static double
two_group_extra(const struct ranking *rk, size_t n1, size_t n,
    uint64_t twice_u)
{
	size_t t0 = rk->ties[0];
	uint64_t least;

	if (rk->ngroups != 2 || n1 > t0)
		return 0;
	least = (uint64_t)n1 * (t0 - n1);	/* twice the least U1 */
	if (twice_u >= least || least - twice_u >= n)
		return 0;
	return (double)choose_u64((unsigned)t0, (unsigned)n1);
}

/* ------------------------------------------------------ U-test cache */

/*
 * A cached exact distribution: for no ties (ngroups == 0) keyed by the
 * smaller and larger sample size, cum[u] = P(U <= u) for u up to below
 * the centre; with ties keyed by n1, n2 and the tie pattern, cum[w] =
 * the count of arrangements with 2 U1 <= w for w < n1 n2.  The pattern
 * is stored after cum.  Entries are in a hash table and, for eviction,
 * in a list from the most to the least recently used.  The table is
 * chained, not base/htab.c's open addressing: eviction removes entries,
 * which that insert-only index does not do, and growing must stop at
 * the memory bound (longer chains only cost time).  The hash is
 * htab.c's.
 */
struct utest_entry {
	struct utest_entry *chain;
	struct utest_entry *newer;
	struct utest_entry *older;
	uint64_t hash;
	size_t bytes;
	size_t n1;
	size_t n2;
	size_t ngroups;
	const unsigned char *ties;
	size_t len;
	double cum[];
};

struct cbs_utest_cache {
	struct utest_entry **bucket;
	size_t nbuckets;		/* a power of two */
	size_t nentries;
	struct utest_entry *newest;
	struct utest_entry *oldest;
	size_t bytes;			/* entries, buckets beyond the first */
	size_t max_bytes;
	unsigned long hits;
	unsigned long misses;
	unsigned long evictions;
};

#define UTEST_CACHE_BUCKETS	64

/* The key's hash: the tie pattern's bytes, with the sizes mixed in. */
static uint64_t
key_hash(size_t n1, size_t n2, const unsigned char *ties, size_t ngroups)
{
	return cbs_hash_mix(cbs_hash_bytes(ties, ngroups) +
	    (uint64_t)n1 * 0x9E3779B97F4A7C15ULL + (uint64_t)n2);
}

struct cbs_utest_cache *
cbs_utest_cache_new_bounded(size_t max_bytes)
{
	struct cbs_utest_cache *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->nbuckets = UTEST_CACHE_BUCKETS;
	if ((c->bucket = calloc(c->nbuckets, sizeof(*c->bucket))) == NULL) {
		free(c);
		return NULL;
	}
	/* The initial buckets belong to the fixed-size handle. */
	c->max_bytes = max_bytes;
	return c;
}

struct cbs_utest_cache *
cbs_utest_cache_new(void)
{
	return cbs_utest_cache_new_bounded(CBS_UTEST_CACHE_DEFAULT_BYTES);
}

void
cbs_utest_cache_free(struct cbs_utest_cache *c)
{
	struct utest_entry *e, *next;

	if (c == NULL)
		return;
	for (e = c->newest; e != NULL; e = next) {
		next = e->older;
		free(e);
	}
	free(c->bucket);
	free(c);
}

void
cbs_utest_cache_stats(const struct cbs_utest_cache *c,
    struct cbs_utest_cache_stats *out)
{
	out->bytes = c->bytes;
	out->max_bytes = c->max_bytes;
	out->entries = c->nentries;
	out->hits = c->hits;
	out->misses = c->misses;
	out->evictions = c->evictions;
}

static void
lru_unlink(struct cbs_utest_cache *c, struct utest_entry *e)
{
	if (e->newer != NULL)
		e->newer->older = e->older;
	else
		c->newest = e->older;
	if (e->older != NULL)
		e->older->newer = e->newer;
	else
		c->oldest = e->newer;
}

static void
lru_push(struct cbs_utest_cache *c, struct utest_entry *e)
{
	e->newer = NULL;
	e->older = c->newest;
	if (c->newest != NULL)
		c->newest->newer = e;
	else
		c->oldest = e;
	c->newest = e;
}

/*
 * @return the entry for the key, now the most recently used, or NULL
 * (a miss).
 */
static struct utest_entry *
cache_get(struct cbs_utest_cache *c, uint64_t h, size_t n1, size_t n2,
    const unsigned char *ties, size_t ngroups)
{
	struct utest_entry *e;

	for (e = c->bucket[h & (c->nbuckets - 1)]; e != NULL; e = e->chain)
		if (e->hash == h && e->n1 == n1 && e->n2 == n2 &&
		    e->ngroups == ngroups && (ngroups == 0 ||
		    memcmp(e->ties, ties, ngroups) == 0))
			break;
	if (e == NULL) {
		c->misses++;
		return NULL;
	}
	lru_unlink(c, e);
	lru_push(c, e);
	return e;
}

static void
cache_remove(struct cbs_utest_cache *c, struct utest_entry *e)
{
	struct utest_entry **pp;

	for (pp = &c->bucket[e->hash & (c->nbuckets - 1)]; *pp != e;
	    pp = &(*pp)->chain)
		;
	*pp = e->chain;
	lru_unlink(c, e);
	c->nentries--;
	c->bytes -= e->bytes;
	free(e);
}

/*
 * Double the buckets when the table gets full, unless that would take
 * the cache over its bound (longer chains are only slower).
 */
static void
cache_grow(struct cbs_utest_cache *c)
{
	struct utest_entry **nb, *e, *next;
	size_t n = c->nbuckets * 2, i, extra;

	extra = (n - c->nbuckets) * sizeof(*nb);
	if (c->nentries < c->nbuckets || c->bytes + extra > c->max_bytes ||
	    (nb = calloc(n, sizeof(*nb))) == NULL)
		return;
	for (i = 0; i < c->nbuckets; i++)
		for (e = c->bucket[i]; e != NULL; e = next) {
			next = e->chain;
			e->chain = nb[e->hash & (n - 1)];
			nb[e->hash & (n - 1)] = e;
		}
	free(c->bucket);
	c->bucket = nb;
	c->nbuckets = n;
	c->bytes += extra;
}

/*
 * Insert a new entry (the caller has read what it needs from it), then
 * evict the least recently used until the cache is within its bound;
 * an entry larger than the whole bound goes straight out again.
 */
static void
cache_put(struct cbs_utest_cache *c, struct utest_entry *e)
{
	size_t i;

	cache_grow(c);
	i = e->hash & (c->nbuckets - 1);
	e->chain = c->bucket[i];
	c->bucket[i] = e;
	lru_push(c, e);
	c->nentries++;
	c->bytes += e->bytes;
	while (c->bytes > c->max_bytes && c->oldest != NULL) {
		cache_remove(c, c->oldest);
		c->evictions++;
	}
}

/* A new entry with room for len values and the pattern, not yet filled. */
static struct utest_entry *
entry_new(uint64_t h, size_t n1, size_t n2, const unsigned char *ties,
    size_t ngroups, size_t len)
{
	struct utest_entry *e;
	size_t bytes = sizeof(*e) + len * sizeof(e->cum[0]) + ngroups;
	unsigned char *pat;

	if ((e = malloc(bytes)) == NULL)
		return NULL;
	e->hash = h;
	e->bytes = bytes;
	e->n1 = n1;
	e->n2 = n2;
	e->ngroups = ngroups;
	e->len = len;
	pat = (unsigned char *)(e->cum + len);
	if (ngroups > 0)
		memcpy(pat, ties, ngroups);
	e->ties = pat;
	return e;
}

/* ------------------------------------------------------ exact p-values */

/*
 * The cached table for a key if it reaches index `need', else NULL
 * after dropping a table that is too short.  On a miss the caller
 * tabulates just up to `need' the first time, which is all a one-off
 * key (most tie patterns of a timing metric) ever asks for, and the
 * whole lower half once a key comes back for more.  *full says which.
 */
static const struct utest_entry *
cache_lookup(struct cbs_utest_cache *c, uint64_t h, size_t n1, size_t n2,
    const unsigned char *ties, size_t ngroups, size_t need, int *full)
{
	struct utest_entry *e;

	*full = 0;
	if ((e = cache_get(c, h, n1, n2, ties, ngroups)) == NULL)
		return NULL;
	if (need < e->len) {
		c->hits++;
		return e;
	}
	c->misses++;
	cache_remove(c, e);
	*full = 1;
	return NULL;
}

/*
 * P(U <= u) without ties, from a table for (n1, n2) built to u (no
 * cache, or a first miss) or to just below the centre.
 * @return 0, or -1 when out of memory.
 */
static int
u_cdf_exact(struct cbs_utest_cache *c, size_t n1, size_t n2, size_t u,
    double *cdf)
{
	size_t small = n1 < n2 ? n1 : n2, big = n1 < n2 ? n2 : n1;
	size_t half = (n1 * n2 + 1) / 2, umax = u, scratch;
	const struct utest_entry *got;
	struct utest_entry *e = NULL;
	uint64_t h = 0;
	double *p, *cum;
	int full;

	/* u < half: utest_exact passes min(U1, U2), U1 != U2. */
	if (c != NULL) {
		h = key_hash(small, big, NULL, 0);
		got = cache_lookup(c, h, small, big, NULL, 0, u, &full);
		if (got != NULL) {
			*cdf = got->cum[u];
			return 0;
		}
		if (full)
			umax = half - 1;
		if ((e = entry_new(h, small, big, NULL, 0, umax + 1)) == NULL)
			return -1;
	}
	scratch = mw_scratch(n1, n2, umax);
	if ((p = malloc((scratch + (e == NULL ? umax + 1 : 0)) *
	    sizeof(*p))) == NULL) {
		free(e);
		return -1;
	}
	cum = e != NULL ? e->cum : p + scratch;
	mw_cum(n1, n2, umax, p, cum);
	*cdf = cum[u];
	free(p);
	if (e != NULL)
		cache_put(c, e);
	return 0;
}

/*
 * The number of arrangements with 2 U1 <= twice_u, with ties, from a
 * table for (n1, n2, tie pattern) counted up to twice_u (no cache, or
 * a first miss) or up to 2 U1 < n1 n2.
 * @return 0, or -1 when out of memory.
 */
static int
u_count_ties(struct cbs_utest_cache *c, const struct ranking *rk,
    size_t n1, size_t n2, uint64_t twice_u, double *count)
{
	size_t w = (size_t)twice_u, wmax = w, scratch;
	const struct utest_entry *got;
	struct utest_entry *e = NULL;
	uint64_t h = 0;
	double *p, *cum;
	int full;

	/* w < n1 n2: utest_exact passes min(2 U1, 2 U2), U1 != U2. */
	if (c != NULL) {
		h = key_hash(n1, n2, rk->ties, rk->ngroups);
		got = cache_lookup(c, h, n1, n2, rk->ties, rk->ngroups, w,
		    &full);
		if (got != NULL) {
			*count = got->cum[w];
			return 0;
		}
		if (full)
			wmax = n1 * n2 - 1;
		if ((e = entry_new(h, n1, n2, rk->ties, rk->ngroups,
		    wmax + 1)) == NULL)
			return -1;
	}
	scratch = ties_scratch(n1, wmax);
	if ((p = malloc((scratch + (e == NULL ? wmax + 1 : 0)) *
	    sizeof(*p))) == NULL) {
		free(e);
		return -1;
	}
	cum = e != NULL ? e->cum : p + scratch;
	ties_cum(rk->ties, rk->ngroups, n1, n1 + n2, wmax, p, cum);
	*count = cum[w];
	free(p);
	if (e != NULL)
		cache_put(c, e);
	return 0;
}

/*
 * Two-sided p-value from the exact distribution of U1, as go-moremath:
 * twice P(U1 <= min(U1, U2)), or 1 when U1 == U2 (doubling would count
 * the mass at the centre twice).  With ties P is the count of
 * arrangements (plus upstream's two-group extra) over C(n, n1), both
 * exact integers below 2^53, so the division rounds once.
 */
static int
utest_exact(struct cbs_utest_cache *c, const struct ranking *rk, size_t n1,
    size_t n2, uint64_t twice_u1, double *p)
{
	uint64_t twice_mn = (uint64_t)n1 * n2 * 2;
	uint64_t twice_u2 = twice_mn - twice_u1;
	uint64_t twice_us = twice_u1 < twice_u2 ? twice_u1 : twice_u2;
	double cdf, sum;

	if (twice_u1 == twice_u2) {
		*p = 1;
		return CBS_UTEST_OK;
	}
	if (rk->has_ties) {
		if (u_count_ties(c, rk, n1, n2, twice_us, &sum) != 0)
			return CBS_ENOMEM;
		sum += two_group_extra(rk, n1, n1 + n2, twice_us);
		cdf = sum / (double)choose_u64((unsigned)(n1 + n2),
		    (unsigned)n1);
	} else if (u_cdf_exact(c, n1, n2, (size_t)(twice_us / 2), &cdf) != 0)
		return CBS_ENOMEM;
	*p = cdf * 2;
	return CBS_UTEST_OK;
}

/*
 * Normal approximation with tie correction, sd^2 = n1 n2 ((N+1) -
 * sum(t^3-t) / (N(N-1))) / 12, and continuity correction, evaluated as
 * go-moremath does (on U1, not min(U1, U2): the two are not bit-equal).
 */
static int
utest_normal(const struct ranking *rk, size_t n1, size_t n2, double u1,
    double *p)
{
	double nn = (double)(n1 + n2), mn = (double)(n1 * n2);
	double sd, dev, z, c;

	sd = sqrt(mn * ((nn + 1) - (double)rk->tsum / (nn * (nn - 1))) / 12);
	if (fp_eq(sd, 0))
		return CBS_UTEST_SAMPLES_EQUAL;
	dev = u1 - mn / 2;
	dev -= fp_sign(dev) * 0.5;
	z = dev / sd;
	c = normal_cdf(0, 1, z);
	*p = 2 * fmin(c, 1 - c);
	return CBS_UTEST_OK;
}

static int
utest_ranked(struct cbs_utest_cache *c, const struct ranking *rk,
    size_t n1, size_t n2, struct cbs_utest *out)
{
	uint64_t twice_u1;
	int exact;

	twice_u1 = rk->twice_r1 - (uint64_t)n1 * (n1 + 1);
	out->u = (double)twice_u1 / 2;
	if (rk->has_ties)
		exact = n1 <= UTEST_TIES_EXACT_MAX &&
		    n2 <= UTEST_TIES_EXACT_MAX;
	else
		exact = n1 <= UTEST_EXACT_MAX && n2 <= UTEST_EXACT_MAX;
	if (!exact)
		return utest_normal(rk, n1, n2, out->u, &out->p);
	if (rk->ngroups == 1)
		return CBS_UTEST_SAMPLES_EQUAL;
	return utest_exact(c, rk, n1, n2, twice_u1, &out->p);
}

/*
 * On failure out->p and out->u are NaN.  Besides the enum
 * cbs_utest_error codes this returns CBS_ENOMEM (negative, as
 * everywhere in the library) when memory runs out.  Samples that are
 * already in ascending order (as table.c keeps them) are ranked in
 * place; others are sorted in a copy, on the stack for the exact sizes.
 */
int
cbs_stats_utest_cached(struct cbs_utest_cache *c, const double *x1,
    size_t n1, const double *x2, size_t n2, struct cbs_utest *out)
{
	double stack[UTEST_STACK_VALUES], *copy = stack;
	const double *s1 = x1, *s2 = x2;
	struct ranking rk;
	int rc;

	out->n1 = n1;
	out->n2 = n2;
	out->p = NAN;
	out->u = NAN;
	if (n1 == 0 || n2 == 0)
		return CBS_UTEST_SAMPLE_SIZE;
	if (!is_sorted(x1, n1) || !is_sorted(x2, n2)) {
		if (n1 + n2 > UTEST_STACK_VALUES &&
		    (copy = malloc((n1 + n2) * sizeof(*copy))) == NULL)
			return CBS_ENOMEM;
		memcpy(copy, x1, n1 * sizeof(*copy));
		memcpy(copy + n1, x2, n2 * sizeof(*copy));
		qsort(copy, n1, sizeof(*copy), cbs_float64_qsort_cmp);
		qsort(copy + n1, n2, sizeof(*copy), cbs_float64_qsort_cmp);
		s1 = copy;
		s2 = copy + n1;
	}
	rank_merge(s1, n1, s2, n2, &rk);
	if (copy != stack)
		free(copy);
	rc = utest_ranked(c, &rk, n1, n2, out);
	if (rc != CBS_UTEST_OK)
		out->p = out->u = NAN;
	return rc;
}

int
cbs_stats_utest(const double *x1, size_t n1, const double *x2,
    size_t n2, struct cbs_utest *out)
{
	return cbs_stats_utest_cached(NULL, x1, n1, x2, n2, out);
}

const char *
cbs_stats_utest_strerror(int code)
{
	switch (code) {
	case CBS_UTEST_OK:
		return "no error";
	case CBS_UTEST_SAMPLE_SIZE:
		return "sample is too small";
	case CBS_UTEST_SAMPLES_EQUAL:
		return "all samples are equal";
	case CBS_ENOMEM:
		return "out of memory";
	default:
		return "unknown error";
	}
}

/*
 * go-moremath GeoMean: exp of the running mean of the logs, m += (log x -
 * m) / i.  benchstat's CSV output prints it in full, so it goes through
 * gomath.c's bit-exact copies of Go's math.Log and math.Exp.
 */
double
cbs_stats_geomean(const double *x, size_t n)
{
	return cbs_go_geomean(x, n);
}
