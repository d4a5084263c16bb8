/*
 * test_changepoint.c: history's statistics (changepoint.c): steps and
 * creep found where they are and nowhere else, their sizes, the options
 * refused, and the gate's prediction test against SciPy.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "cbenchstat.h"

#define NC	40
#define NR	10

static double vals[NC * NR];
static struct cbs_history_point pts[NC];

/* A fixed noise in [-1, 1): the same series on every machine. */
static uint64_t seed;

static double
noise(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(seed >> 11) / 4503599627370496.0 - 1;
}

/* NC commits of NR runs around 100 * exp(level(i)), +-2% per run and
 * +-0.5% per commit. */
static void
make_series(double (*level)(size_t))
{
	size_t i, r;
	double c;

	seed = 42;
	for (i = 0; i < NC; i++) {
		c = level(i) + 0.005 * noise();
		for (r = 0; r < NR; r++)
			vals[i * NR + r] = 100 * exp(c + 0.02 * noise());
		pts[i].values = vals + i * NR;
		pts[i].n = NR;
	}
}

static double flat(size_t i) { (void)i; return 0; }
static double step(size_t i) { return i >= 20 ? log(1.10) : 0; }
static double small_step(size_t i) { return i >= 20 ? log(1.02) : 0; }
static double down(size_t i) { return i >= 25 ? log(0.85) : 0; }

static double
ramp(size_t i)
{
	return log(1.01) * (double)(i < 15 ? 0 : i < 25 ? i - 14 : 10);
}

static double trend(size_t i) { return 0.005 * (double)i; }

/* Flat, then +0.6% a commit from commit 20 to the end. */
static double
late_trend(size_t i)
{
	return i < 20 ? 0 : 0.006 * (double)(i - 19);
}

static void
changes(double (*level)(size_t), struct cbs_history_change **ch, size_t *n)
{
	struct cbs_history_change_opts o;

	make_series(level);
	cbs_history_change_defaults(&o);
	assert_int_equal(cbs_history_changes(pts, NC, &o, ch, n), 0);
}

static void
test_flat_has_no_change(void **state)
{
	struct cbs_history_change *ch;
	size_t n;

	(void)state;
	changes(flat, &ch, &n);
	assert_int_equal(n, 0);
	free(ch);
}

static void
test_step_found_at_its_commit(void **state)
{
	struct cbs_history_change *ch;
	size_t n;

	(void)state;
	changes(step, &ch, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ch[0].kind, CBS_HISTORY_STEP);
	assert_int_equal(ch[0].start, 20);
	assert_true(ch[0].estimate > 0.08 && ch[0].estimate < 0.12);
	assert_true(ch[0].lo <= ch[0].estimate && ch[0].estimate <= ch[0].hi);
	assert_true(ch[0].lo > 0.05);
	assert_true(ch[0].p <= 0.01);
	free(ch);
}

static void
test_step_down(void **state)
{
	struct cbs_history_change *ch;
	size_t n;

	(void)state;
	changes(down, &ch, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ch[0].start, 25);
	assert_true(ch[0].estimate < -0.12 && ch[0].estimate > -0.18);
	free(ch);
}

/* Under the threshold (5%): real, but not reported. */
static void
test_small_step_not_reported(void **state)
{
	struct cbs_history_change *ch;
	size_t n;

	(void)state;
	changes(small_step, &ch, &n);
	assert_int_equal(n, 0);
	free(ch);
}

/* +1% a commit for ten commits: a creep within the ramp, not a step. */
static void
test_ramp_is_creep(void **state)
{
	struct cbs_history_change *ch;
	size_t n;

	(void)state;
	changes(ramp, &ch, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ch[0].kind, CBS_HISTORY_CREEP);
	assert_true(ch[0].start >= 14 && ch[0].start <= 22);
	assert_true(ch[0].end > ch[0].start && ch[0].end <= 27);
	assert_true(ch[0].estimate > 0.06 && ch[0].estimate < 0.14);
	free(ch);
}

/* A creep that starts late in a flat series starts where it starts,
 * not at the series' first commit. */
static void
test_late_creep_starts_late(void **state)
{
	struct cbs_history_change *ch;
	size_t n;

	(void)state;
	changes(late_trend, &ch, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ch[0].kind, CBS_HISTORY_CREEP);
	assert_true(ch[0].start >= 17 && ch[0].start <= 23);
	assert_true(ch[0].end >= NC - 5 && ch[0].end <= NC);
	assert_true(ch[0].estimate > 0.05);
	free(ch);
}

/* +0.5% a commit over the whole series: one creep, start to end. */
static void
test_trend_is_creep(void **state)
{
	struct cbs_history_change *ch;
	size_t n;

	(void)state;
	changes(trend, &ch, &n);
	assert_true(n >= 1);
	assert_int_equal(ch[0].kind, CBS_HISTORY_CREEP);
	assert_true(ch[0].estimate > 0.10);
	free(ch);
}

/*
 * Long series for the ramps: up to MC commits of NR runs, +-2% per run
 * and +-1.5% per commit (uniform: about 0.9% standard deviation, as
 * bench/history_sim's 1% between commits), from a seed of their own.
 */
#define MC	300

static double lvals[MC * NR];
static struct cbs_history_point lpts[MC];
static size_t r_start, r_len;	/* the ramp's first commit, its length */
static double r_size;		/* and its relative size */

/* Commit r_start is the first raised, r_start + r_len - 1 the first at
 * the new level. */
static double
lramp(size_t i)
{
	double k = i < r_start ? 0 : i - r_start + 1 > r_len ? (double)r_len :
	    (double)(i - r_start + 1);

	return log1p(r_size) * k / (double)r_len;
}

static void
long_changes(size_t nc, uint64_t s, struct cbs_history_change **ch,
    size_t *n)
{
	struct cbs_history_change_opts o;
	size_t i, r;
	double c;

	seed = s;
	for (i = 0; i < nc; i++) {
		c = lramp(i) + 0.015 * noise();
		for (r = 0; r < NR; r++)
			lvals[i * NR + r] = 100 * exp(c + 0.02 * noise());
		lpts[i].values = lvals + i * NR;
		lpts[i].n = NR;
	}
	cbs_history_change_defaults(&o);
	assert_int_equal(cbs_history_changes(lpts, nc, &o, ch, n), 0);
}

/*
 * Issue 21: +12% over commits 100-111 of 300 was 2-3 overlapping creeps
 * adding up to 18%, one "over 1 commits".  One creep where the ramp is,
 * its interval holding the true size.
 */
static void
test_short_ramp_is_one_creep(void **state)
{
	struct cbs_history_change *ch;
	size_t n;
	uint64_t s;

	(void)state;
	r_start = 100;
	r_len = 12;
	r_size = 0.12;
	for (s = 1; s <= 3; s++) {
		long_changes(300, s, &ch, &n);
		assert_int_equal(n, 1);
		assert_int_equal(ch[0].kind, CBS_HISTORY_CREEP);
		assert_true(ch[0].start >= 98 && ch[0].start <= 102);
		assert_true(ch[0].end >= 110 && ch[0].end <= 114);
		assert_true(ch[0].lo <= 0.12 && 0.12 <= ch[0].hi);
		assert_true(ch[0].lo <= ch[0].estimate &&
		    ch[0].estimate <= ch[0].hi);
		free(ch);
	}
}

/*
 * Issue 21: +12% over 100 commits of 150 was one creep of +15.4%
 * (+14.7%..+16.2%), and in 300 commits not reported at all.
 */
static void
test_long_ramp_interval_covers(void **state)
{
	struct cbs_history_change *ch;
	size_t n;
	uint64_t s;

	(void)state;
	r_len = 100;
	r_size = 0.12;
	for (s = 1; s <= 3; s++) {
		r_start = 25;
		long_changes(150, s, &ch, &n);
		assert_int_equal(n, 1);
		assert_int_equal(ch[0].kind, CBS_HISTORY_CREEP);
		assert_true(ch[0].lo <= 0.12 && 0.12 <= ch[0].hi);
		assert_true(ch[0].start >= 15 && ch[0].end <= 135);
		free(ch);
		r_start = 100;
		long_changes(300, s, &ch, &n);
		assert_int_equal(n, 1);
		assert_true(ch[0].lo <= 0.12 && 0.12 <= ch[0].hi);
		assert_true(ch[0].start >= 90 && ch[0].end <= 210);
		free(ch);
	}
}

/* Ramps of several lengths, sizes and places, over many seeds: no two
 * changes reported share a commit, and a creep spans min_creep (6)
 * commits at least ("creep ... over 1 commits" was reported). */
static void
test_changes_never_overlap(void **state)
{
	static const size_t lens[] = { 3, 6, 12, 30, 100 };
	static const double sizes[] = { 0.06, 0.12, 0.30 };
	struct cbs_history_change *ch;
	size_t n, j, l, z;
	uint64_t s;

	(void)state;
	for (s = 1; s <= 8; s++)
		for (l = 0; l < sizeof(lens) / sizeof(*lens); l++)
			for (z = 0; z < sizeof(sizes) / sizeof(*sizes); z++) {
				r_start = 20 + 7 * (size_t)s;
				r_len = lens[l];
				r_size = sizes[z];
				long_changes(150, s * 31 + l * 7 + z, &ch, &n);
				for (j = 0; j < n; j++) {
					assert_true(j == 0 || ch[j].start >=
					    ch[j - 1].end);
					assert_true(ch[j].kind ==
					    CBS_HISTORY_STEP || ch[j].end -
					    ch[j].start >= 6);
				}
				free(ch);
			}
}

static void
test_bad_options(void **state)
{
	struct cbs_history_change_opts o;
	struct cbs_history_change *ch;
	struct cbs_history_point empty = { vals, 0 };
	size_t n;

	(void)state;
	make_series(flat);
	cbs_history_change_defaults(&o);
	o.alpha = 0;
	assert_int_equal(cbs_history_changes(pts, NC, &o, &ch, &n), CBS_EINVAL);
	cbs_history_change_defaults(&o);
	o.min_segment = 1;
	assert_int_equal(cbs_history_changes(pts, NC, &o, &ch, &n), CBS_EINVAL);
	cbs_history_change_defaults(&o);
	assert_int_equal(cbs_history_changes(&empty, 1, &o, &ch, &n),
	    CBS_EINVAL);
	assert_null(ch);
	/* Too short a series to split: nothing, no error. */
	assert_int_equal(cbs_history_changes(pts, 4, &o, &ch, &n), 0);
	assert_int_equal(n, 0);
	free(ch);
}

/*
 * The prediction test, against SciPy 1.10 (python3-scipy):
 *   b = np.log([100, 101, 99, 100, 102]); k = 5
 *   se = b.std(ddof=1) * np.sqrt(1 + 1/k); d = np.log(110) - b.mean()
 *   stats.t.sf((d - np.log1p(0.05)) / se, k - 1)   0.013302142764460087
 *   stats.t.sf((-d - np.log1p(0.05)) / se, k - 1)  0.9998240996805833
 *   np.expm1(d)                                    0.09567395214142181
 *   np.expm1(d -+ stats.t.ppf(0.975, k - 1) * se)  0.0585234355739974,
 *                                                  0.1341283235266454
 */
static void
test_judge_against_scipy(void **state)
{
	static const double base[] = { 100, 101, 99, 100, 102 };
	static const double nw[] = { 109, 110, 111 };
	struct cbs_history_verdict v;

	(void)state;
	assert_int_equal(cbs_history_judge(base, 5, nw, 3, 5,
	    CBS_BETTER_LOWER, 0.95, &v), 0);
	assert_float_equal(v.p_worse, 0.013302142764460087, 1e-9);
	assert_float_equal(v.p_better, 0.9998240996805833, 1e-9);
	assert_float_equal(v.estimate, 0.09567395214142181, 1e-12);
	assert_float_equal(v.lo, 0.0585234355739974, 1e-9);
	assert_float_equal(v.hi, 0.1341283235266454, 1e-9);
	/* np.exp(np.mean(b))                          100.39482985336318 */
	assert_float_equal(v.base, 100.39482985336318, 1e-9);
	assert_float_equal(v.value, 110, 0);
	/* Higher is better: the same change is an improvement. */
	assert_int_equal(cbs_history_judge(base, 5, nw, 3, 5,
	    CBS_BETTER_HIGHER, 0.95, &v), 0);
	assert_float_equal(v.p_better, 0.013302142764460087, 1e-9);
	assert_int_equal(cbs_history_judge(base, 2, nw, 3, 5,
	    CBS_BETTER_LOWER, 0.95, &v), CBS_EINVAL);
	assert_int_equal(cbs_history_judge(base, 5, nw, 0, 5,
	    CBS_BETTER_LOWER, 0.95, &v), CBS_EINVAL);
}

/* Each commit of a series recorded in turn: the changes it brings
 * (alert.c), counted into *n; *at gets the commit the last came with. */
static void
alerts(double (*level)(size_t), size_t *n, size_t *at,
    struct cbs_history_change *last)
{
	struct cbs_history_change_opts o;
	struct cbs_history_change *ch;
	size_t k, m;

	make_series(level);
	cbs_history_change_defaults(&o);
	*n = 0;
	for (k = 1; k < NC; k++) {
		assert_int_equal(cbs_history_changes_new(pts, k + 1, k, &o,
		    &ch, &m), 0);
		if (m > 0) {
			*at = k;
			*last = ch[m - 1];
		}
		*n += m;
		free(ch);
	}
}

static void
test_step_alerts_once(void **state)
{
	struct cbs_history_change c;
	size_t n, at = 0;

	(void)state;
	alerts(step, &n, &at, &c);
	/* Seen first as a creep on three commits of the new level, then
	 * as a step at commit 20: one change, one alert. */
	assert_int_equal(n, 1);
	assert_true(c.start <= 20 && c.end > 20);
	assert_true(at >= 22 && at < 30);
	alerts(flat, &n, &at, &c);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flat_has_no_change),
		cmocka_unit_test(test_step_found_at_its_commit),
		cmocka_unit_test(test_step_down),
		cmocka_unit_test(test_small_step_not_reported),
		cmocka_unit_test(test_ramp_is_creep),
		cmocka_unit_test(test_trend_is_creep),
		cmocka_unit_test(test_late_creep_starts_late),
		cmocka_unit_test(test_short_ramp_is_one_creep),
		cmocka_unit_test(test_long_ramp_interval_covers),
		cmocka_unit_test(test_changes_never_overlap),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_step_alerts_once),
		cmocka_unit_test(test_judge_against_scipy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
