/*
 * test_shift.c: the gate's statistics (shift.c) against independent
 * references.  Each expected value names the command that produced it:
 * R 4.2.2 (Debian r-base-core) unless a comment says otherwise.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "cbenchstat.h"
#include "stats/shift.h"
#include "testutil.h"

static void
check_close(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol)) {
		print_error("got %.17g, want %.17g\n", got, want);
		fail();
	}
}

/* Holm's decisions: rej[i] is 1 where want[i] is '1', else 0. */
static void
check_rejected(const unsigned char *rej, const char *want)
{
	size_t i;

	for (i = 0; want[i] != '\0'; i++)
		assert_int_equal(rej[i], want[i] == '1');
}

/*
 * The Hodges-Lehmann estimate and its exact interval, on raw values:
 * the log scale is avoided by including a value <= 0.
 *   x <- c(1.1, 2.3, 3.7, 4.2, 5.9); y <- c(3.1, 4.8, 5.5, 6.9, 7.2, 8.4)
 *   wilcox.test(y, x, conf.int = TRUE, conf.level = 0.95)
 *     estimate 2.6, interval -0.6 .. 5.8
 *   ... conf.level = 0.90: interval 0.6 .. 4.7
 * (cbenchstat estimates new - old, which is wilcox.test(new, old).)
 */
static void
test_hl_exact_r(void **state)
{
	double x[] = { 1.1, 2.3, 3.7, 4.2, 5.9 };
	double y[] = { 3.1, 4.8, 5.5, 6.9, 7.2, 8.4 };
	double xm[5], ym[6];
	struct cbs_shift s;
	size_t i;

	(void)state;
	/* Below zero the raw values are used, differences unchanged. */
	for (i = 0; i < 5; i++)
		xm[i] = x[i] - 10;
	for (i = 0; i < 6; i++)
		ym[i] = y[i] - 10;
	assert_int_equal(cbs_shift_estimate(xm, 5, ym, 6, 0.95, NULL, &s), 0);
	assert_false(s.log_scale);
	assert_true(s.exact);
	check_close(s.estimate, 2.6, 1e-12);
	check_close(s.lo, -0.6, 1e-12);
	check_close(s.hi, 5.8, 1e-12);
	assert_int_equal(cbs_shift_estimate(xm, 5, ym, 6, 0.90, NULL, &s), 0);
	check_close(s.lo, 0.6, 1e-12);
	check_close(s.hi, 4.7, 1e-12);
	/* Positive values: the same shift of logarithms. */
	assert_int_equal(cbs_shift_estimate(x, 5, y, 6, 0.95, NULL, &s), 0);
	assert_true(s.log_scale);
}

/*
 *   a <- c(10.2, 9.8, 10.5, 10.1, 9.9, 10.4, 10.0, 10.3, 9.7, 10.6)
 *   b <- c(11.0, 10.7, 11.4, 10.9, 11.2, 10.8, 11.6, 11.1, 10.65, 11.3)
 *   wilcox.test(b - 20, a - 20, conf.int = TRUE)
 *     estimate 0.9, interval 0.6 .. 1.2
 * On the log scale the same samples give the median of log(b/a) pairs.
 */
static void
test_hl_exact_r_ten(void **state)
{
	double a[] = { 10.2, 9.8, 10.5, 10.1, 9.9, 10.4, 10.0, 10.3, 9.7,
	    10.6 };
	double b[] = { 11.0, 10.7, 11.4, 10.9, 11.2, 10.8, 11.6, 11.1, 10.65,
	    11.3 };
	double am[10], bm[10];
	struct cbs_shift s;
	size_t i;

	(void)state;
	for (i = 0; i < 10; i++) {
		am[i] = a[i] - 20;
		bm[i] = b[i] - 20;
	}
	assert_int_equal(cbs_shift_estimate(am, 10, bm, 10, 0.95, NULL, &s), 0);
	assert_true(s.exact);
	check_close(s.estimate, 0.9, 1e-12);
	check_close(s.lo, 0.6, 1e-12);
	check_close(s.hi, 1.2, 1e-12);
	/* The achieved level: 1 - 2 * pwilcox(23, 10, 10). */
	check_close(s.confidence, 1 - 2 * 0.021628526272489117, 1e-12);
	assert_true(s.se > 0 && s.df > 17.9 && s.df < 18.1);
}

/* qwilcox(0.025, 10, 10) = 24, qwilcox(0.05, 10, 10) = 28,
 * qwilcox(0.025, 5, 6) = 4, qwilcox(0.005, 20, 20) = 106. */
static void
test_mw_quantile_r(void **state)
{
	double tail;

	(void)state;
	assert_int_equal(cbs_mw_lower_quantile(10, 10, 0.025, NULL, &tail), 24);
	assert_int_equal(cbs_mw_lower_quantile(10, 10, 0.05, NULL, &tail), 28);
	assert_int_equal(cbs_mw_lower_quantile(5, 6, 0.025, NULL, &tail), 4);
	assert_int_equal(cbs_mw_lower_quantile(20, 20, 0.005, NULL, &tail), 106);
	/* One run a side: R's wilcox.test moves qu = 0 to 1. */
	assert_int_equal(cbs_mw_lower_quantile(1, 1, 0.025, NULL, &tail), 1);
}

/* Ties or n >= 50: the normal approximation, whose interval still
 * brackets the estimate and narrows as the samples grow. */
static void
test_hl_normal(void **state)
{
	double x[60], y[60];
	struct cbs_shift s, s2;
	size_t i;

	(void)state;
	for (i = 0; i < 60; i++) {
		x[i] = 100 + (double)(i % 7);
		y[i] = 110 + (double)(i % 7);
	}
	assert_int_equal(cbs_shift_estimate(x, 60, y, 60, 0.95, NULL, &s), 0);
	assert_false(s.exact);
	assert_true(s.log_scale);
	assert_true(s.lo <= s.estimate && s.estimate <= s.hi);
	assert_int_equal(cbs_shift_estimate(x, 20, y, 20, 0.95, NULL, &s2), 0);
	assert_true(s2.hi - s2.lo >= s.hi - s.lo);
}

/* Constant samples: the shift is exact and its error zero. */
static void
test_hl_constant(void **state)
{
	double x[] = { 512, 512, 512 }, y[] = { 896, 896, 896, 896 };
	struct cbs_shift s;

	(void)state;
	assert_int_equal(cbs_shift_estimate(x, 3, y, 4, 0.95, NULL, &s), 0);
	check_close(exp(s.estimate), 896.0 / 512, 1e-12);
	check_close(s.se, 0, 0);
	assert_int_equal(cbs_shift_estimate(x, 0, y, 4, 0.95, NULL, &s),
	    CBS_EINVAL);
}

/*
 * Holm by hand: p = 0.01, 0.04, 0.03, 0.005 at alpha 0.05.  Sorted:
 * 0.005 <= 0.05/4 rejects, 0.01 <= 0.05/3 rejects, 0.03 > 0.05/2 stops;
 * 0.04 is never reached.  R agrees: p.adjust(p, "holm") = 0.03 0.06
 * 0.06 0.02, below 0.05 for the first and the last only.
 */
static void
test_holm_by_hand(void **state)
{
	double p[] = { 0.01, 0.04, 0.03, 0.005 }, level[4];
	unsigned char rej[4];

	(void)state;
	assert_int_equal(cbs_holm(p, 4, 0.05, rej, level), 0);
	check_rejected(rej, "1001");
	check_close(level[3], 0.05 / 4, 1e-15);
	check_close(level[0], 0.05 / 3, 1e-15);
	check_close(level[2], 0.05 / 2, 1e-15);
	assert_true(isnan(level[1]));
}

/* NaN p-values (untestable cells) sort last and are never rejected;
 * ties keep index order. */
static void
test_holm_nan_and_ties(void **state)
{
	double p[] = { NAN, 0.001, 0.001, 0.2 }, level[4];
	unsigned char rej[4];

	(void)state;
	assert_int_equal(cbs_holm(p, 4, 0.01, rej, level), 0);
	check_rejected(rej, "0110");
	check_close(level[1], 0.01 / 4, 1e-15);
	check_close(level[2], 0.01 / 3, 1e-15);
	assert_int_equal(cbs_holm(p, 0, 0.01, rej, level), 0);
}

/*
 * Runs per side for 80% power, against R's power.t.test (non-central t,
 * so the approximation may differ by one run):
 *   power.t.test(delta = 0.5, sd = 1, sig.level = 0.05, power = 0.8,
 *       alternative = "one.sided")$n = 50.15
 *   ... delta = 1, sig.level = 0.001: 33.34
 * Cohen (1988), table 2.4.1, one-tailed 0.05, d = 0.5, power 0.8: 50.
 */
static void
test_runs_needed(void **state)
{
	size_t n;

	(void)state;
	n = cbs_shift_runs_needed(1, 0.5, 0.05, 0.8, 1);
	assert_true(n >= 50 && n <= 52);
	n = cbs_shift_runs_needed(1, 1, 0.001, 0.8, 1);
	assert_true(n >= 33 && n <= 35);
	/* Hodges-Lehmann needs pi/3 as many runs as the mean. */
	assert_true(cbs_shift_runs_needed(1, 0.5, 0.05, 0.8, M_PI / 3) >
	    cbs_shift_runs_needed(1, 0.5, 0.05, 0.8, 1));
	assert_int_equal(cbs_shift_runs_needed(0, 1, 0.05, 0.8, 1), 0);
	assert_int_equal(cbs_shift_runs_needed(1, 1e-9, 0.05, 0.8, 1), 0);
}

/*
 * With an error more runs do not reduce (issue 21): 1 / sqrt(0.2^2 +
 * 2 / n) >= t(0.95) + t(0.8) gives n = 16.4 with the normal's 2.487, a
 * run or two more with Student's t; an error of 0.5 leaves 1 / 0.5 = 2
 * below 2.487 for every n.
 */
static void
test_runs_needed_over(void **state)
{
	size_t n;

	(void)state;
	assert_int_equal(cbs_shift_runs_needed_over(1, 0, 1, 0.05, 0.8, 1),
	    cbs_shift_runs_needed(1, 1, 0.05, 0.8, 1));
	n = cbs_shift_runs_needed_over(1, 0.2, 1, 0.05, 0.8, 1);
	assert_true(n >= 17 && n <= 19);
	assert_int_equal(cbs_shift_runs_needed_over(1, 0.5, 1, 0.05, 0.8, 1),
	    0);
	assert_int_equal(cbs_shift_runs_needed_over(1, NAN, 1, 0.05, 0.8, 1),
	    0);
}

/*
 * Mann-Kendall against R's Kendall test of the values against their
 * index (normal approximation with continuity correction):
 *   z <- c(5, 3, 8, 9, 12, 11, 15, 14, 18, 20)
 *   cor.test(z, seq_along(z), method = "kendall", exact = FALSE,
 *       continuity = TRUE)$p.value = 0.0006767641801210465
 *   z2 <- c(4, 7, 2, 9, 1, 8, 3, 6, 5, 10): 0.47427435076732943
 */
static void
test_mann_kendall_r(void **state)
{
	double z[] = { 5, 3, 8, 9, 12, 11, 15, 14, 18, 20 };
	double z2[] = { 4, 7, 2, 9, 1, 8, 3, 6, 5, 10 };
	double c[] = { 7, 7, 7, 7 };

	(void)state;
	check_close(cbs_mann_kendall_p(z, 10), 0.0006767641801210465, 1e-12);
	check_close(cbs_mann_kendall_p(z2, 10), 0.47427435076732943, 1e-12);
	assert_true(isnan(cbs_mann_kendall_p(c, 4)));
	assert_true(isnan(cbs_mann_kendall_p(z, 2)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hl_exact_r),
		cmocka_unit_test(test_hl_exact_r_ten),
		cmocka_unit_test(test_mw_quantile_r),
		cmocka_unit_test(test_hl_normal),
		cmocka_unit_test(test_hl_constant),
		cmocka_unit_test(test_holm_by_hand),
		cmocka_unit_test(test_holm_nan_and_ties),
		cmocka_unit_test(test_runs_needed),
		cmocka_unit_test(test_runs_needed_over),
		cmocka_unit_test(test_mann_kendall_r),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
