/*
 * changepoint.c: the statistics of history (cbenchstat(1), HISTORY DATABASE):
 * changes along a series of commits, and a new run judged against a
 * baseline of commits.  Pure functions of their arguments.
 *
 * A commit is summarised by the median of its runs: between commits the
 * machine, the build and the weather move a benchmark more than its runs
 * within one commit vary, so only commits are independent observations
 * (bench/history_sim.c shows the false alarms pooling runs would give).
 *
 * Steps: binary segmentation (Scott and Knott 1974) of the medians.  In a
 * segment, every split leaving min_segment commits a side is tested with
 * the two-sided Mann-Whitney U-test of the medians before against those
 * after; the smallest p times the number of splits tried (Bonferroni)
 * times the family size must be at most alpha.  A found split cuts the
 * segment in two and each part is searched again.  The size of a change
 * is the Hodges-Lehmann shift of the medians between its neighbouring
 * splits, with its Mann-Whitney interval (shift.c, as the gate).  A
 * split whose jump (min_segment commits a side) stays under the
 * threshold is no step but part of a ramp, and so is a run of such
 * splits close together going the same way (binary segmentation cuts a
 * ramp into stairs): it is reported as one creep over the commits that
 * lie between the two levels.  A split is only made
 * where a step fits the segment better than one Theil-Sen line, so a
 * steady creep is not cut into stairs.
 *
 * Creep with no step: the Mann-Kendall test of the medians of each
 * segment between splits, at the same Bonferroni level, its Theil-Sen
 * slope (Sen 1968) and Sen's interval for it, over the whole segment.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "history/history.h"
#include "stats/shift.h"
#include "stats/stats.h"

void
cbs_history_change_defaults(struct cbs_history_change_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->alpha = 0.01;
	o->family = 1;
	o->threshold = 5;
	o->confidence = 0.95;
	o->min_segment = 3;
	o->min_creep = 6;
}

struct cp {
	const struct cbs_history_change_opts *o;
	const double *med;	/* medians */
	const double *lm;	/* their logs, or the medians */
	size_t n;
	double level;		/* per series: alpha / family */
	struct cbs_utest_cache *cache;
	size_t *splits;
	size_t nsplits, capsplits;
	struct cbs_history_change *out;
	size_t nout, capout;
};

static double
median_of(const double *x, size_t n, double *tmp)
{
	memcpy(tmp, x, n * sizeof(*tmp));
	qsort(tmp, n, sizeof(*tmp), cbs_float64_qsort_cmp);
	return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

/* The U-test's p-value, 1 when it cannot tell (all equal). */
static int
utest_p(struct cp *c, const double *x, size_t n1, const double *y,
    size_t n2, double *p)
{
	struct cbs_utest u;
	int rc = cbs_stats_utest_cached(c->cache, x, n1, y, n2, &u);

	if (rc == CBS_ENOMEM)
		return rc;
	*p = rc == CBS_UTEST_OK && !isnan(u.p) ? u.p : 1;
	return 0;
}

/* The best split of [a, b): *k and its Bonferroni-adjusted p. */
static int
best_split(struct cp *c, size_t a, size_t b, size_t *k, double *padj)
{
	size_t ms = c->o->min_segment, i, npos = 0;
	double p, best = 2;
	int rc;

	*k = 0;
	for (i = a + ms; i + ms <= b; i++, npos++) {
		if ((rc = utest_p(c, c->med + a, i - a, c->med + i, b - i,
		    &p)) != 0)
			return rc;
		if (p < best) {
			best = p;
			*k = i;
		}
	}
	*padj = npos > 0 ? fmin(1, best * (double)npos) : 1;
	return 0;
}

static int
add_split(struct cp *c, size_t k)
{
	if (cbs_grow(&c->splits, &c->capsplits, c->nsplits + 1,
	    sizeof(*c->splits)) != 0)
		return CBS_ENOMEM;
	c->splits[c->nsplits++] = k;
	return 0;
}

static int theil_sen(const double *y, size_t n, double confidence,
    double *slope, double *lo, double *hi);

/* The sum of |y[i] - m| for the median m of y[0..n). */
static double
abs_dev(const double *y, size_t n, double *tmp)
{
	double m = median_of(y, n, tmp), sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += fabs(y[i] - m);
	return sum;
}

/*
 * Is the segment better told as a step at k than as a steady trend?
 * Each model's sum of absolute residuals: the medians of the two sides
 * for the step, the Theil-Sen line for the trend.  A step or a short
 * ramp between flat stretches fits the step; a creep over the whole
 * segment fits the line, and is left whole to creep_in.
 * @return 1, 0 or CBS_ENOMEM.
 */
static int
better_as_step(struct cp *c, size_t a, size_t k, size_t b)
{
	double slope, lo, hi, step_dev, line_dev;
	double *r = malloc((2 * (b - a) + 1) * sizeof(*r));
	size_t i;
	int rc;

	if (r == NULL)
		return CBS_ENOMEM;
	if ((rc = theil_sen(c->lm + a, b - a, 0.5, &slope, &lo, &hi)) == 0) {
		for (i = a; i < b; i++)
			r[i - a] = c->lm[i] - slope * (double)(i - a);
		line_dev = abs_dev(r, b - a, r + (b - a));
		step_dev = abs_dev(c->lm + a, k - a, r + (b - a)) +
		    abs_dev(c->lm + k, b - k, r + (b - a));
		rc = step_dev <= line_dev;
	}
	free(r);
	return rc;
}

/* Binary segmentation of [a, b). */
static int
segment(struct cp *c, size_t a, size_t b)
{
	size_t k;
	double p;
	int rc;

	if (b - a < 2 * c->o->min_segment)
		return 0;
	if ((rc = best_split(c, a, b, &k, &p)) != 0)
		return rc;
	if (k == 0 || p > c->level)
		return 0;
	if ((rc = better_as_step(c, a, k, b)) <= 0)
		return rc;
	if ((rc = add_split(c, k)) != 0 || (rc = segment(c, a, k)) != 0)
		return rc;
	return segment(c, k, b);
}

static int
size_cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	return (a > b) - (a < b);
}

/* A shift as a relative size: exp on the log scale, else against base. */
static double
relative(const struct cbs_shift *s, double d, double base)
{
	if (s->log_scale)
		return expm1(d);
	return fabs(base) > 0 ? d / fabs(base) : NAN;
}

static int
push(struct cp *c, const struct cbs_history_change *ch)
{
	if (!(fabs(ch->estimate) >= c->o->threshold / 100))
		return 0;
	if (cbs_grow(&c->out, &c->capout, c->nout + 1, sizeof(*c->out)) != 0)
		return CBS_ENOMEM;
	c->out[c->nout++] = *ch;
	return 0;
}

/*
 * The commits of a ramp around split k between levels l0 and l1: those
 * whose medians lie past a fifth of the way from one level to the other.
 */
static void
ramp(const struct cp *c, size_t lo, size_t k, size_t hi, double l0,
    double l1, size_t *start, size_t *end)
{
	double d = l1 - l0;
	size_t i;

	for (i = k; i > lo && (c->lm[i - 1] - l0) / d >= 0.2; i--)
		;
	*start = i;
	for (i = k; i < hi && (l1 - c->lm[i]) / d >= 0.2; i++)
		;
	*end = i > *start ? i : *start + 1;
}

/* The segment around split j: [*lo, splits[j]) and [splits[j], *hi). */
static void
around(const struct cp *c, size_t j, size_t *lo, size_t *hi)
{
	*lo = j > 0 ? c->splits[j - 1] : 0;
	*hi = j + 1 < c->nsplits ? c->splits[j + 1] : c->n;
}

/*
 * The jump at split k: the shift between the medians of min_segment
 * commits each side (within [lo, hi)), so that a split one commit off
 * still sees a whole step, as a relative size.
 */
static int
jump_at(struct cp *c, size_t lo, size_t k, size_t hi, double *tmp,
    double *rel)
{
	size_t w = c->o->min_segment;
	size_t jlo = k - lo > w ? k - w : lo, jhi = hi - k > w ? k + w : hi;
	struct cbs_shift s;
	int rc;

	if ((rc = cbs_shift_estimate(c->med + jlo, k - jlo, c->med + k,
	    jhi - k, c->o->confidence, NULL, &s)) != 0)
		return rc;
	*rel = relative(&s, s.estimate, median_of(c->med + jlo, k - jlo, tmp));
	return 0;
}

/*
 * The change made by splits first..last (one split, or a run of close
 * gradual ones): the shift between the commits before the first and
 * those after the last.  It is a step when it crosses the threshold in
 * one jump, else a creep over the commits between the two levels.
 */
static int
change_of(struct cp *c, size_t first, size_t last, int gradual,
    double *tmp)
{
	size_t lo, hi, dummy, k = c->splits[first], k2 = c->splits[last];
	struct cbs_history_change ch;
	struct cbs_shift s;
	double base, l0, l1;
	int rc;

	around(c, first, &lo, &dummy);
	around(c, last, &dummy, &hi);
	if ((rc = cbs_shift_estimate(c->med + lo, k - lo, c->med + k2,
	    hi - k2, c->o->confidence, NULL, &s)) != 0)
		return rc;
	base = median_of(c->med + lo, k - lo, tmp);
	memset(&ch, 0, sizeof(ch));
	ch.kind = CBS_HISTORY_STEP;
	ch.start = k;
	ch.end = k + 1;
	ch.estimate = relative(&s, s.estimate, base);
	ch.lo = relative(&s, s.lo, base);
	ch.hi = relative(&s, s.hi, base);
	ch.p = c->level;
	if (gradual) {
		l0 = median_of(c->lm + lo, k - lo, tmp);
		l1 = median_of(c->lm + k2, hi - k2, tmp);
		ch.kind = CBS_HISTORY_CREEP;
		ramp(c, lo, k, hi, l0, l1, &ch.start, &ch.end);
	}
	return push(c, &ch);
}

/*
 * Each split, or run of splits no more than two segments apart whose
 * jumps all stay under the threshold and go the same way (the stairs
 * binary segmentation cuts a ramp into), becomes one change.
 */
static int
changes_of_splits(struct cp *c, double *tmp)
{
	/* Zeroed: the static analyzer cannot tell that the first loop sets
	 * every jump the second one reads. */
	double *jump = calloc(c->nsplits + 1, sizeof(*jump));
	double t = c->o->threshold / 100;
	size_t j, g, lo, hi, gap = 2 * c->o->min_segment;
	int rc = 0;

	if (jump == NULL)
		return CBS_ENOMEM;
	for (j = 0; j < c->nsplits && rc == 0; j++) {
		around(c, j, &lo, &hi);
		rc = jump_at(c, lo, c->splits[j], hi, tmp, &jump[j]);
	}
	for (j = 0; j < c->nsplits && rc == 0; j = g + 1) {
		g = j;
		while (g + 1 < c->nsplits && c->splits[g + 1] -
		    c->splits[g] <= gap && fabs(jump[g]) < t &&
		    fabs(jump[g + 1]) < t && (jump[g] > 0) == (jump[g + 1] > 0))
			g++;
		rc = change_of(c, j, g, fabs(jump[j]) < t || g > j, tmp);
	}
	free(jump);
	return rc;
}

static int
dbl_cmp(const void *pa, const void *pb)
{
	return cbs_float64_qsort_cmp(pa, pb);
}

/*
 * Theil-Sen slope of y[0..n) against its index, and Sen's interval from
 * the normal approximation of Kendall's S (no tie correction: the
 * medians of real runs rarely tie).  @return 0 or CBS_ENOMEM.
 */
static int
theil_sen(const double *y, size_t n, double confidence, double *slope,
    double *lo, double *hi)
{
	size_t i, j, m = 0, npairs = n * (n - 1) / 2;
	double *s = malloc(npairs * sizeof(*s)), var, cz;
	long l, u;

	if (s == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			s[m++] = (y[j] - y[i]) / (double)(j - i);
	qsort(s, m, sizeof(*s), dbl_cmp);
	*slope = m % 2 ? s[m / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
	var = (double)n * (double)(n - 1) * (double)(2 * n + 5) / 18;
	cz = gsl_cdf_ugaussian_Pinv(0.5 + confidence / 2) * sqrt(var);
	l = (long)floor(((double)m - cz) / 2);
	u = (long)ceil(((double)m + cz) / 2);
	*lo = l >= 0 ? s[l] : -INFINITY;
	*hi = u < (long)m ? s[u] : INFINITY;
	free(s);
	return 0;
}

/* A creep over the whole segment [a, b) between steps, if any. */
/* Sums over commits i in [a, b) of 1, i, i*i, y, i*y and y*y. */
struct fit_sums {
	double n, i, ii, y, iy, yy;
};

/* f with commit i of y added. */
static struct fit_sums
fit_sums_add(struct fit_sums f, const double *y, size_t i)
{
	f.n += 1;
	f.i += (double)i;
	f.ii += (double)i * (double)i;
	f.y += y[i];
	f.iy += (double)i * y[i];
	f.yy += y[i] * y[i];
	return f;
}

/* The sums of all but those of lo and mid. */
static struct fit_sums
fit_sums_rest(const struct fit_sums *all, const struct fit_sums *lo,
    const struct fit_sums *mid)
{
	struct fit_sums f;

	f.n = all->n - lo->n - mid->n;
	f.i = all->i - lo->i - mid->i;
	f.ii = all->ii - lo->ii - mid->ii;
	f.y = all->y - lo->y - mid->y;
	f.iy = all->iy - lo->iy - mid->iy;
	f.yy = all->yy - lo->yy - mid->yy;
	return f;
}

/*
 * The residual sum of squares of the best fit of y over [a, b) by a
 * level, a straight ramp from commit s to commit e, and a level again:
 * y = c0 + c1 * x with x = 0 before s, i - s on the ramp and e - s
 * after it.  lo, mid and hi are the sums over [a, s), [s, e), [e, b).
 */
static double
ramp_fit_rss(const struct fit_sums *lo, const struct fit_sums *mid,
    const struct fit_sums *hi, double s, double e)
{
	double n = lo->n + mid->n + hi->n, w = e - s;
	double sx = mid->i - s * mid->n + w * hi->n;
	double sxx = mid->ii - 2 * s * mid->i + s * s * mid->n +
	    w * w * hi->n;
	double sy = lo->y + mid->y + hi->y;
	double sxy = mid->iy - s * mid->y + w * hi->y;
	double syy = lo->yy + mid->yy + hi->yy;
	double vxx = sxx - sx * sx / n, vxy = sxy - sx * sy / n;

	return syy - sy * sy / n - (vxx > 0 ? vxy * vxy / vxx : 0);
}

/*
 * Where a trend found in [a, b) really moves: the level-ramp-level fit
 * with the least squares (every pair of ends, O(n^2) with running
 * sums), so a creep that starts late in a flat segment, or stops before
 * its end, is placed where it is, not over the whole segment.  *foot
 * gets the ramp's last commit at the old level, *top its first at the
 * new one; without a ramp of min_creep commits, the segment's ends.
 */
static void
creep_extent(const struct cp *c, size_t a, size_t b, size_t *foot,
    size_t *top)
{
	static const struct fit_sums none;
	struct fit_sums lo = none, mid, hi, all = none;
	double best = INFINITY, rss;
	size_t s, e, min = c->o->min_creep;

	*foot = a;
	*top = b - 1;
	for (s = a; s < b; s++)
		all = fit_sums_add(all, c->lm, s);
	for (s = a; s + min <= b; s++) {
		mid = none;
		for (e = s + 1; e < b; e++) {
			mid = fit_sums_add(mid, c->lm, e - 1);
			if (e - s + 1 < min)
				continue;
			hi = fit_sums_rest(&all, &lo, &mid);
			rss = ramp_fit_rss(&lo, &mid, &hi, (double)s,
			    (double)e);
			if (rss < best) {
				best = rss;
				*foot = s;
				*top = e;
			}
		}
		lo = fit_sums_add(lo, c->lm, s);
	}
}

static int
creep_in(struct cp *c, size_t a, size_t b, size_t nseg, const int logs,
    double *tmp)
{
	struct cbs_history_change ch;
	double p, slope, lo, hi, span, base;
	size_t foot, top;
	int rc;

	if (b - a < c->o->min_creep)
		return 0;
	p = cbs_mann_kendall_p(c->lm + a, b - a);
	if (isnan(p) || fmin(1, p * (double)nseg) > c->level)
		return 0;
	/* The size is the segment's trend (Theil-Sen over all of it: a
	 * shorter window loses power, measured with bench/history_sim);
	 * the place is where the level moves, the commits after the foot
	 * of the ramp up to its top. */
	span = (double)(b - a - 1);
	if ((rc = theil_sen(c->lm + a, b - a, c->o->confidence, &slope, &lo,
	    &hi)) != 0)
		return rc;
	base = logs ? 0 : median_of(c->med + a, b - a, tmp);
	creep_extent(c, a, b, &foot, &top);
	memset(&ch, 0, sizeof(ch));
	ch.kind = CBS_HISTORY_CREEP;
	ch.start = foot + 1;
	ch.end = top + 1;
	ch.p = fmin(1, p * (double)nseg);
	ch.estimate = logs ? expm1(slope * span) : slope * span / fabs(base);
	ch.lo = logs ? expm1(lo * span) : lo * span / fabs(base);
	ch.hi = logs ? expm1(hi * span) : hi * span / fabs(base);
	return push(c, &ch);
}

static int
check_opts(const struct cbs_history_change_opts *o)
{
	if (!(o->alpha > 0 && o->alpha < 1) || o->family < 1 ||
	    !(o->threshold >= 0) || !(o->confidence > 0 &&
	    o->confidence < 1) || o->min_segment < 2 || o->min_creep < 4)
		return CBS_EINVAL;
	return 0;
}

/* The medians, and their logs when every one is positive. */
static int
medians(const struct cbs_history_point *pts, size_t n, double *med,
    double *lm, double *tmp, size_t maxn)
{
	int logs = 1;
	size_t i;

	for (i = 0; i < n; i++) {
		if (pts[i].n == 0 || pts[i].n > maxn)
			return -1;
		med[i] = median_of(pts[i].values, pts[i].n, tmp);
		logs = logs && med[i] > 0;
	}
	for (i = 0; i < n; i++)
		lm[i] = logs ? log(med[i]) : med[i];
	return logs;
}

static int
find_changes(struct cp *c, int logs, double *tmp)
{
	size_t j, a;
	int rc;

	if ((rc = segment(c, 0, c->n)) != 0)
		return rc;
	if (c->nsplits > 1)
		qsort(c->splits, c->nsplits, sizeof(*c->splits), size_cmp);
	if ((rc = changes_of_splits(c, tmp)) != 0)
		return rc;
	for (j = 0, a = 0; j <= c->nsplits; j++) {
		size_t b = j < c->nsplits ? c->splits[j] : c->n;

		if ((rc = creep_in(c, a, b, c->nsplits + 1, logs, tmp)) != 0)
			return rc;
		a = b;
	}
	return 0;
}

static int
change_cmp(const void *pa, const void *pb)
{
	const struct cbs_history_change *a = pa, *b = pb;

	return (a->start > b->start) - (a->start < b->start);
}

int
cbs_history_changes(const struct cbs_history_point *pts, size_t n,
    const struct cbs_history_change_opts *o,
    struct cbs_history_change **out, size_t *nout)
{
	struct cp c;
	double *med, *lm, *tmp;
	size_t i, maxn = n;
	int rc, logs;

	*out = NULL;
	*nout = 0;
	if (check_opts(o) != 0)
		return CBS_EINVAL;
	for (i = 0; i < n; i++)
		maxn = pts[i].n > maxn ? pts[i].n : maxn;
	memset(&c, 0, sizeof(c));
	c.o = o;
	c.n = n;
	c.level = o->alpha / (double)o->family;
	med = malloc((n + 1) * sizeof(*med));
	lm = malloc((n + 1) * sizeof(*lm));
	tmp = malloc((maxn + 1) * sizeof(*tmp));
	c.cache = cbs_utest_cache_new();
	rc = CBS_ENOMEM;
	if (med == NULL || lm == NULL || tmp == NULL || c.cache == NULL)
		goto done;
	rc = CBS_EINVAL;
	if ((logs = medians(pts, n, med, lm, tmp, maxn)) < 0)
		goto done;
	c.med = med;
	c.lm = lm;
	if ((rc = find_changes(&c, logs, tmp)) != 0)
		goto done;
	if (c.nout > 1)
		qsort(c.out, c.nout, sizeof(*c.out), change_cmp);
	*out = c.out;
	*nout = c.nout;
	c.out = NULL;
done:
	free(c.out);
	free(c.splits);
	cbs_utest_cache_free(c.cache);
	free(med);
	free(lm);
	free(tmp);
	return rc;
}

/* ------------------------------------------------------ the gate */

int
cbs_history_judge(const double *base_medians, size_t k,
    const double *values, size_t n, double threshold, int better,
    double confidence, struct cbs_history_verdict *out)
{
	double *tmp, mean = 0, ss = 0, x, d, se, t, lt;
	int logs = 1;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (k < 3 || n == 0 || !(threshold >= 0) ||
	    !(confidence > 0 && confidence < 1))
		return CBS_EINVAL;
	if ((tmp = malloc((n > k ? n : k) * sizeof(*tmp))) == NULL)
		return CBS_ENOMEM;
	out->value = median_of(values, n, tmp);
	free(tmp);
	for (i = 0; i < k; i++)
		logs = logs && base_medians[i] > 0;
	logs = logs && out->value > 0;
	for (i = 0; i < k; i++)
		mean += logs ? log(base_medians[i]) : base_medians[i];
	mean /= (double)k;
	for (i = 0; i < k; i++) {
		x = (logs ? log(base_medians[i]) : base_medians[i]) - mean;
		ss += x * x;
	}
	/*
	 * The prediction interval of one more commit's median: the spread
	 * of the baseline's medians, plus the uncertainty of their mean.
	 * A floor of 0.01% keeps identical medians from dividing by zero.
	 */
	se = sqrt(ss / (double)(k - 1) * (1 + 1 / (double)k));
	if (!logs && fabs(mean) > 0) {
		se /= fabs(mean);
	}
	se = fmax(se, 1e-4);
	/* The centre the change is measured from: the geometric mean of
	 * the medians on the log scale, else their mean. */
	out->base = logs ? exp(mean) : mean;
	d = logs ? log(out->value) - mean :
	    fabs(mean) > 0 ? (out->value - mean) / fabs(mean) : 0;
	lt = logs ? log1p(threshold / 100) : threshold / 100;
	t = gsl_cdf_tdist_Pinv(0.5 + confidence / 2, (double)(k - 1)) * se;
	out->estimate = logs ? expm1(d) : d;
	out->lo = logs ? expm1(d - t) : d - t;
	out->hi = logs ? expm1(d + t) : d + t;
	if (better == CBS_BETTER_HIGHER)
		d = -d;
	out->p_worse = gsl_cdf_tdist_Q((d - lt) / se, (double)(k - 1));
	out->p_better = gsl_cdf_tdist_Q((-d - lt) / se, (double)(k - 1));
	return 0;
}

/* The unit's direction decides; unknown counts higher as worse, as the
 * gate against history does. */
int
cbs_history_is_worse(int better, double estimate)
{
	return better == CBS_BETTER_HIGHER ? estimate < 0 : estimate > 0;
}

const char *
cbs_history_kind_name(const struct cbs_history_change *c)
{
	return c->kind == CBS_HISTORY_STEP ? "step" : "creep";
}
