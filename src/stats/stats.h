/*
 * stats/stats.h: the statistics under every stage: Go's log and exp bit
 * for bit, quantile confidence intervals, the Mann-Whitney U-test and its
 * cache, geomeans.  (shift.h: the gate's shift estimates.) Private to the
 * library and its tests: only include/cbenchstat.h is installed.
 */
#ifndef CBS_STATS_H
#define CBS_STATS_H

#include "base/base.h"

/*
 * Go's math.Log and math.Exp, bit for bit as the Go toolchain computes
 * them on amd64 (gomath.c): geomeans are printed in full in CSV output,
 * and the C library's log and exp differ from Go's in the last bit.
 */
double cbs_go_log(double x);
double cbs_go_exp(double x);
/* go-moremath stats.GeoMean: exp of the running mean of logs; NaN when
 * n == 0 or some x[i] <= 0. */
double cbs_go_geomean(const double *x, size_t n);

/*
 * A distribution-free confidence interval for a quantile, as order
 * statistics: the interval is [x(lo_order), x(hi_order)] (1-based), where
 * lo_order == 0 means -inf and hi_order == n + 1 means +inf.
 */
struct cbs_quantile_ci {
	double confidence;
	int lo_order;
	int hi_order;
};

/*
 * The confidence interval of quantile q of a sample of size n at the
 * requested confidence (go-moremath stats.QuantileCI).
 * @return 0, or CBS_EINVAL when q is outside [0, 1] or n >= INT32_MAX
 * (the orders are ints), *out untouched.
 */
int cbs_stats_quantile_ci(size_t n, double q, double confidence,
    struct cbs_quantile_ci *out) CBS_WUR;

/* @return quantile q of sorted[0..n) (go-moremath Sample.Quantile). */
double cbs_stats_quantile(const double *sorted, size_t n, double q);

/*
 * Median and its interval from a precomputed ci (go-moremath
 * QuantileCIResult.SampleCI with q = 0.5).  sorted must be ascending.
 */
void cbs_stats_median_ci(const double *sorted, size_t n,
    const struct cbs_quantile_ci *ci, struct cbs_summary *out);

/* Result of a two-sided Mann-Whitney U-test. */
struct cbs_utest {
	double p;
	double u;
	size_t n1;
	size_t n2;
};

enum cbs_utest_error {
	CBS_UTEST_OK = 0,
	CBS_UTEST_SAMPLE_SIZE = 1,	/* "sample is too small" */
	CBS_UTEST_SAMPLES_EQUAL = 2,	/* "all samples are equal" */
};

/*
 * Two-sided Mann-Whitney U-test that the two samples differ in location
 * (go-moremath stats.MannWhitneyUTest with LocationDiffers): exact
 * p-values for small samples (with or without ties), the tie-corrected
 * normal approximation beyond.
 * @return an enum cbs_utest_error.
 */
int cbs_stats_utest(const double *x1, size_t n1, const double *x2,
    size_t n2, struct cbs_utest *out);

/*
 * A cache of exact U distributions, so that many U-tests share the work:
 * without ties the distribution depends only on (n1, n2), with ties only
 * on n1, n2 and the tie pattern (the sizes of the groups of equal values
 * in rank order).  The first test of a key tabulates the distribution
 * up to its U, the first to need more the whole lower half; later ones
 * read the p-value off in O(1), after O(n) to rank (O(n log n) if the
 * samples are not in ascending order).  Results are bit-identical to
 * cbs_stats_utest's.
 *
 * Memory is bounded: the entries and the growth of the hash table stay
 * within max_bytes (a fixed handle of under 1 KB aside), the least
 * recently used entries being evicted; an entry larger than the bound
 * is computed, used and dropped, so any bound, even 0, is valid.  An
 * entry takes at most 8 * n1 * n2 bytes with ties and 4 * n1 * n2
 * without (10 KB for 50 and 50), and a miss needs transient scratch of
 * at most 0.6 MB besides.  The default bound holds the tables for every pair
 * of sizes up to 50, or over a thousand 20 + 20 tie patterns.  A cache
 * is not safe to share between threads.
 */
#define CBS_UTEST_CACHE_DEFAULT_BYTES	((size_t)4 << 20)

struct cbs_utest_cache;

/* @return a cache bounded by CBS_UTEST_CACHE_DEFAULT_BYTES, or NULL. */
struct cbs_utest_cache *cbs_utest_cache_new(void);
/* @return a cache holding at most max_bytes, or NULL. */
struct cbs_utest_cache *cbs_utest_cache_new_bounded(size_t max_bytes);
void cbs_utest_cache_free(struct cbs_utest_cache *c);

struct cbs_utest_cache_stats {
	size_t bytes;		/* held now, <= max_bytes */
	size_t max_bytes;
	size_t entries;
	unsigned long hits;
	unsigned long misses;
	unsigned long evictions;
};

void cbs_utest_cache_stats(const struct cbs_utest_cache *c,
    struct cbs_utest_cache_stats *out);

/*
 * cbs_stats_utest through cache c, which may be NULL (no caching).
 * @return an enum cbs_utest_error, or CBS_ENOMEM.
 */
int cbs_stats_utest_cached(struct cbs_utest_cache *c, const double *x1,
    size_t n1, const double *x2, size_t n2, struct cbs_utest *out);

/* @return upstream's text for an enum cbs_utest_error. */
const char *cbs_stats_utest_strerror(int code);

/* @return the geometric mean of x, or NaN if some x[i] <= 0 or n == 0. */
double cbs_stats_geomean(const double *x, size_t n);

#endif /* CBS_STATS_H */
