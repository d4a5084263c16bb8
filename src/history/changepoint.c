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
 * segment in two and each part is searched again; a split is only made
 * where a step fits the segment better than one Theil-Sen line, so a
 * steady creep is not cut into stairs.  A split is a step when its jump
 * (min_segment commits a side) crosses the threshold and no ramp of
 * min_creep commits or more through it fits the stretch between the
 * steps either side better (Schwarz's criterion): binary segmentation
 * cuts a ramp into stairs, and a steep one's stair may cross the
 * threshold.  The size of a step is the Hodges-Lehmann shift of the
 * medians between its neighbouring splits, with its Mann-Whitney
 * interval (shift.c, as the gate).
 *
 * Creeps: in each stretch between steps, the Mann-Kendall test of the
 * medians (Bonferroni over the stretches); a trend is a creep where the
 * least-squares fit of a level, a straight ramp and a level again puts
 * its ramp, sized as the level after minus the level before with an
 * interval from a bootstrap of that fit; what lies before the ramp's
 * foot and after its top is searched again.  So changes never overlap
 * (issue 21: a ramp was 2-3 overlapping creeps, and a long one's size
 * the trend of its whole segment, biased).
 */
#include <math.h>
#include <stdint.h>
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

/* f with commit i of y taken out. */
static struct fit_sums
fit_sums_sub(struct fit_sums f, const double *y, size_t i)
{
	f.n -= 1;
	f.i -= (double)i;
	f.ii -= (double)i * (double)i;
	f.y -= y[i];
	f.iy -= (double)i * y[i];
	f.yy -= y[i] * y[i];
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
 * after it.  lo, mid and hi are the sums over [a, s), [s, e), [e, b);
 * *c1 gets the slope.
 */
static double
ramp_fit_rss(const struct fit_sums *lo, const struct fit_sums *mid,
    const struct fit_sums *hi, double s, double e, double *c1)
{
	double n = lo->n + mid->n + hi->n, w = e - s;
	double sx = mid->i - s * mid->n + w * hi->n;
	double sxx = mid->ii - 2 * s * mid->i + s * s * mid->n +
	    w * w * hi->n;
	double sy = lo->y + mid->y + hi->y;
	double sxy = mid->iy - s * mid->y + w * hi->y;
	double syy = lo->yy + mid->yy + hi->yy;
	double vxx = sxx - sx * sx / n, vxy = sxy - sx * sy / n;

	*c1 = vxx > 0 ? vxy / vxx : 0;
	return syy - sy * sy / n - (vxx > 0 ? vxy * vxy / vxx : 0);
}

/*
 * The level-ramp-level fit of the medians over [a, b) with the least
 * squares among ramps over min_creep commits or more (those after the
 * foot up to the top: a creep's commits; every pair of ends, O(n^2) with
 * running sums), so a creep that starts late in a flat segment, or stops
 * before its end, is placed where it is.  With k > 0, only ramps with the
 * jump between commits k - 1 and k on them.  *foot gets the ramp's last
 * commit at the old level, *top its first at the new one.  @return the
 * fit's residual sum of squares, INFINITY when no ramp fits in [a, b).
 */
static double
best_ramp(const struct cp *c, size_t a, size_t b, size_t k, size_t *foot,
    size_t *top)
{
	static const struct fit_sums none;
	struct fit_sums lo = none, mid, hi, all = none;
	double best = INFINITY, rss, c1;
	size_t s, e, min = c->o->min_creep;

	*foot = a;
	*top = b - 1;
	for (s = a; s < b; s++)
		all = fit_sums_add(all, c->lm, s);
	for (s = a; s + min < b; s++) {
		mid = none;
		for (e = s + 1; e < b; e++) {
			mid = fit_sums_add(mid, c->lm, e - 1);
			if (e - s < min || (k > 0 && (s >= k || e < k)))
				continue;
			hi = fit_sums_rest(&all, &lo, &mid);
			rss = ramp_fit_rss(&lo, &mid, &hi, (double)s,
			    (double)e, &c1);
			if (rss < best) {
				best = rss;
				*foot = s;
				*top = e;
			}
		}
		lo = fit_sums_add(lo, c->lm, s);
	}
	return best;
}

/*
 * Is the jump at split k, within [a, b), a ramp rather than a step: does
 * a level-ramp-level fit over it (min_creep commits at least) leave less
 * squared error than the two levels of the step?  A short steep ramp
 * crosses the threshold in min_segment commits, yet is one creep.
 */
static int
ramp_not_step(const struct cp *c, size_t a, size_t k, size_t b)
{
	static const struct fit_sums none;
	struct fit_sums lo = none, hi = none, mid = none;
	size_t i, foot, top, ms = c->o->min_segment;
	double step = INFINITY, n, c1;

	/* The step's best place near k: the U-test's split may be a
	 * commit off, and a ramp would then fit better. */
	for (i = a; i < b; i++)
		hi = fit_sums_add(hi, c->lm, i);
	for (i = a; i + 1 < b; i++) {
		lo = fit_sums_add(lo, c->lm, i);
		hi = fit_sums_sub(hi, c->lm, i);
		if (i + 1 + ms >= k && i + 1 <= k + ms)
			step = fmin(step, ramp_fit_rss(&lo, &mid, &hi,
			    (double)i, (double)i + 1, &c1));
	}
	/* The ramp's second end is one more parameter: it must earn it
	 * (Schwarz's criterion, log(n) for a parameter). */
	n = (double)(b - a);
	return best_ramp(c, a, b, k, &foot, &top) < step * exp(-log(n) / n);
}

/*
 * The level-ramp-level least-squares fit of y over [a, b) with its ramp
 * from foot to top: *c0 the level before, *c1 the slope; *fit (or NULL)
 * gets the fitted values, fit[i - a].  @return the residual sum of
 * squares.
 */
static double
ramp_fit(const double *y, size_t a, size_t b, size_t foot, size_t top,
    double *c0, double *c1, double *fit)
{
	double n = (double)(b - a), w = (double)(top - foot), x, sx = 0;
	double sy = 0, sxx = 0, sxy = 0, syy = 0, vxx;
	size_t i;

	for (i = a; i < b; i++) {
		x = i <= foot ? 0 : i >= top ? w : (double)(i - foot);
		sx += x;
		sy += y[i];
		sxx += x * x;
		sxy += x * y[i];
		syy += y[i] * y[i];
	}
	vxx = sxx - sx * sx / n;
	*c1 = (sxy - sx * sy / n) / vxx;
	*c0 = (sy - *c1 * sx) / n;
	for (i = a; i < b && fit != NULL; i++) {
		x = i <= foot ? 0 : i >= top ? w : (double)(i - foot);
		fit[i - a] = *c0 + *c1 * x;
	}
	return fmax(0, syy - sy * sy / n - *c1 * *c1 * vxx);
}

/* SplitMix64 (Steele, Lea and Flood 2014): the bootstrap's draws, the
 * same on every machine. */
static uint64_t
splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#define RAMP_BOOT	200	/* bootstrap fits of a creep's size */

#define RAMP_GRID	16	/* a refit's ends: this many places a side */

/*
 * The slope of the least-squares level-ramp-level fit of y over [a, b)
 * with ends on a grid around foot and top: RAMP_GRID places either side
 * of each, stride apart.  p holds y's running sums, p[i - a] those over
 * [a, i).  *f2 and *t2 get the ends.
 */
static double
grid_ramp(const struct cp *c, const struct fit_sums *p, size_t a,
    size_t b, size_t foot, size_t top, size_t stride, size_t *f2,
    size_t *t2)
{
	static const struct fit_sums none;
	struct fit_sums mid, hi;
	double best = INFINITY, rss, c1, slope = 0;
	long js, je, g = RAMP_GRID;
	size_t s, e;

	*f2 = foot;
	*t2 = top;
	for (js = -g; js <= g; js++) {
		if ((long)foot + js * (long)stride < (long)a)
			continue;
		s = (size_t)((long)foot + js * (long)stride);
		for (je = -g; je <= g; je++) {
			if ((long)top + je * (long)stride < (long)(s +
			    c->o->min_creep))
				continue;
			e = (size_t)((long)top + je * (long)stride);
			if (e >= b)
				break;
			mid = fit_sums_rest(&p[e - a], &p[s - a], &none);
			hi = fit_sums_rest(&p[b - a], &p[e - a], &none);
			rss = ramp_fit_rss(&p[s - a], &mid, &hi, (double)s,
			    (double)e, &c1);
			if (rss < best) {
				best = rss;
				slope = c1;
				*f2 = s;
				*t2 = e;
			}
		}
	}
	return slope;
}

/*
 * The standard error of the size of the ramp from foot to top over
 * [a, b): a residual bootstrap of the whole fit, ends included (the fit
 * chose them, and a size with them held fixed covers the truth only
 * about 86% of the time at 95%, bench/history_sim -ramp): the fitted
 * values plus residuals drawn again (inflated for the 4 parameters
 * fitted), the ramp refitted with its ends free within half its length
 * (min_segment at least) of the found ones, on a grid of RAMP_GRID
 * places a side, so a refit costs O(n) however long the ramp.  fit and
 * res hold b - a values, yb b, p b - a + 1.  @return the standard
 * deviation of the refitted sizes.
 */
static double
ramp_boot_se(const struct cp *c, size_t a, size_t b, size_t foot,
    size_t top, double *fit, double *res, double *yb, struct fit_sums *p)
{
	static const struct fit_sums none;
	size_t n = b - a, r = (top - foot) / 2, i, f2, t2, k, stride;
	uint64_t state = 0x5eed ^ ((uint64_t)a << 32) ^ b;
	double c0, c1, d, sum = 0, sum2 = 0, infl;

	r = r > c->o->min_segment ? r : c->o->min_segment;
	stride = (r + RAMP_GRID - 1) / RAMP_GRID;
	(void)ramp_fit(c->lm, a, b, foot, top, &c0, &c1, fit);
	infl = n > 4 ? sqrt((double)n / (double)(n - 4)) : 1;
	for (i = a; i < b; i++)
		res[i - a] = (c->lm[i] - fit[i - a]) * infl;
	for (k = 0; k < RAMP_BOOT; k++) {
		p[0] = none;
		for (i = a; i < b; i++) {
			yb[i] = fit[i - a] + res[splitmix64(&state) % n];
			p[i - a + 1] = fit_sums_add(p[i - a], yb, i);
		}
		c1 = grid_ramp(c, p, a, b, foot, top, stride, &f2, &t2);
		d = c1 * (double)(t2 - f2);
		sum += d;
		sum2 += d * d;
	}
	d = sum / RAMP_BOOT;
	return sqrt(fmax(0, (sum2 - RAMP_BOOT * d * d) / (RAMP_BOOT - 1)));
}

/*
 * The size of the ramp from foot to top fitted over [a, b): the level
 * after minus the level before, c1 * (top - foot), with the interval of
 * Student's t (n - 4 degrees of freedom) over its bootstrap standard
 * error; on the log scale, or relative to the level before.
 * @return 0 or CBS_ENOMEM.
 */
static int
ramp_size(const struct cp *c, size_t a, size_t b, size_t foot, size_t top,
    int logs, struct cbs_history_change *ch)
{
	size_t n = b - a;
	double *fit = malloc((2 * n + b) * sizeof(*fit)), c0, c1, t, df;
	struct fit_sums *p = malloc((n + 1) * sizeof(*p));

	if (fit == NULL || p == NULL) {
		free(fit);
		free(p);
		return CBS_ENOMEM;
	}
	(void)ramp_fit(c->lm, a, b, foot, top, &c0, &c1, NULL);
	c1 *= (double)(top - foot);
	df = n > 5 ? (double)n - 4 : 1;
	t = gsl_cdf_tdist_Pinv(0.5 + c->o->confidence / 2, df) *
	    ramp_boot_se(c, a, b, foot, top, fit, fit + n, fit + 2 * n, p);
	free(fit);
	free(p);
	if (logs) {
		ch->estimate = expm1(c1);
		ch->lo = expm1(c1 - t);
		ch->hi = expm1(c1 + t);
		return 0;
	}
	c0 = fabs(c0) > 0 ? fabs(c0) : NAN;
	ch->estimate = c1 / c0;
	ch->lo = (c1 - t) / c0;
	ch->hi = (c1 + t) / c0;
	return 0;
}

/*
 * Creeps within [a, b), a stretch between steps: a Mann-Kendall trend
 * (Bonferroni over the nseg stretches) is a creep where the
 * level-ramp-level fit puts its ramp; what lies before its foot and
 * after its top is searched again, so creeps never overlap.
 */
static int
creeps_in(struct cp *c, size_t a, size_t b, size_t nseg, int logs)
{
	struct cbs_history_change ch;
	size_t foot, top, had = c->nout;
	double p;
	int rc;

	if (b - a <= c->o->min_creep)
		return 0;
	p = cbs_mann_kendall_p(c->lm + a, b - a);
	if (isnan(p) || fmin(1, p * (double)nseg) > c->level)
		return 0;
	if (isinf(best_ramp(c, a, b, 0, &foot, &top)))
		return 0;
	memset(&ch, 0, sizeof(ch));
	ch.kind = CBS_HISTORY_CREEP;
	ch.start = foot + 1;
	ch.end = top + 1;
	ch.p = fmin(1, p * (double)nseg);
	if ((rc = ramp_size(c, a, b, foot, top, logs, &ch)) != 0 ||
	    (rc = push(c, &ch)) != 0 || c->nout == had)
		return rc;
	if ((rc = creeps_in(c, a, foot + 1, nseg, logs)) != 0)
		return rc;
	return creeps_in(c, top, b, nseg, logs);
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

/*
 * The splits that are steps: a jump (min_segment commits a side) past
 * the threshold that a ramp does not fit better, between the steps
 * either side (a split judged a ramp widens its neighbours' stretches,
 * so they are judged again).
 */
static int
steps_of_splits(struct cp *c, int *is_step, double *tmp)
{
	double jump, t = c->o->threshold / 100;
	size_t j, i, lo, hi;
	int rc, again = 1;

	for (j = 0; j < c->nsplits; j++) {
		around(c, j, &lo, &hi);
		if ((rc = jump_at(c, lo, c->splits[j], hi, tmp, &jump)) != 0)
			return rc;
		is_step[j] = fabs(jump) >= t;
	}
	while (again) {
		again = 0;
		for (j = 0; j < c->nsplits; j++) {
			if (!is_step[j])
				continue;
			for (i = j, lo = 0; i-- > 0;)
				if (is_step[i]) {
					lo = c->splits[i];
					break;
				}
			for (i = j + 1, hi = c->n; i < c->nsplits; i++)
				if (is_step[i]) {
					hi = c->splits[i];
					break;
				}
			if (ramp_not_step(c, lo, c->splits[j], hi)) {
				is_step[j] = 0;
				again = 1;
			}
		}
	}
	return 0;
}

/* The step at split j: the shift between the neighbouring splits. */
static int
step_at(struct cp *c, size_t j, double *tmp)
{
	size_t lo, hi, k = c->splits[j];
	struct cbs_history_change ch;
	struct cbs_shift s;
	double base;
	int rc;

	around(c, j, &lo, &hi);
	if ((rc = cbs_shift_estimate(c->med + lo, k - lo, c->med + k,
	    hi - k, c->o->confidence, NULL, &s)) != 0)
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
	return push(c, &ch);
}

/* Steps at the splits that are steps, creeps in the stretches between. */
static int
find_changes(struct cp *c, int logs, double *tmp)
{
	size_t j, a, nseg = 1;
	int *is_step, rc;

	if ((rc = segment(c, 0, c->n)) != 0)
		return rc;
	if (c->nsplits > 1)
		qsort(c->splits, c->nsplits, sizeof(*c->splits), size_cmp);
	if ((is_step = calloc(c->nsplits + 1, sizeof(*is_step))) == NULL)
		return CBS_ENOMEM;
	if ((rc = steps_of_splits(c, is_step, tmp)) != 0)
		goto done;
	for (j = 0; j < c->nsplits; j++)
		nseg += is_step[j] != 0;
	for (j = 0, a = 0; j <= c->nsplits && rc == 0; j++) {
		size_t b = j < c->nsplits ? c->splits[j] : c->n;

		if (j < c->nsplits && !is_step[j])
			continue;
		if ((rc = creeps_in(c, a, b, nseg, logs)) == 0 &&
		    j < c->nsplits)
			rc = step_at(c, j, tmp);
		a = b;
	}
done:
	free(is_step);
	return rc;
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
