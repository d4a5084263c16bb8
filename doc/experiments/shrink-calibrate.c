/*
 * shrink-calibrate.c: issue 21's "more power at n = 10", built in C and
 * measured; NOT merged, because it breaks the false-alarm bound on the
 * bimodal noise model.  The gate is unchanged.
 *
 * What was tried (variance-shrinkage.patch, against e54c424; apply with
 * `git apply doc/experiments/variance-shrinkage.patch`): the empirical-
 * Bayes rule of variance-shrinkage.py in the gate.  Each table column of
 * ten or more cells on the log scale fits a prior on the cells' true
 * standard errors (a grid of 40 values, EM, 200 rounds, as "variance
 * adaptive shrinkage", Lu & Stephens 2016) to their observed errors,
 * with log(se / true) ~ N(0, sd(n)) calibrated by this program; each
 * cell is then tested (p-value and its water-filling reach) against the
 * posterior mixture over true errors instead of Student's t on its own,
 * the run-wide shift's error added with Satterthwaite's degrees of
 * freedom.  The printed noise= figures and the run-wide shift code are
 * as before.  Goldens it changes: gate-advice-run-shift and its -json
 * (a benchmark with 11.5% noise among quiet ones gets an inconclusive
 * line; exit status unchanged), gate-run-wide-json and
 * gate-run-wide-slow-json (p, level and runs_needed: the smaller reach
 * gives quiet cells smaller levels, so more runs advised).  A unit test (test_pooled_errors in the patch) shows a
 * verdict it changes: a benchmark spread 2.5 times as much as its 23
 * neighbours, 6% slower, goes from inconclusive (p 0.013 at level
 * 0.0086) to a regression (p 0.0070 at level 0.0100).
 *
 * This program's output (3000 draws per n, seed 1, normal noise, n1 = n2
 * = n): the mean of log(se / sd) is within 0.04 of zero for every n in
 * 5..50, its deviation 0.293 (n = 5), 0.200 (10), 0.139 (20), 0.113
 * (30), 0.097 (40), 0.088 (50), fitted by 0.605 / sqrt(n) + 0.112 / n
 * within 0.004.
 *
 * Measured 2026-12-07 on the 2-core development machine under load 9 to
 * 15 (other engineers' runs), `build/bench/soundness -t 400 -j 2 -s 1
 * GATE` (50 benchmarks, +10% on one, -threshold 5):
 *
 *   model    n   false alarms        detection
 *                before   after      before   after
 *   mixed    5   0.0%     0.5%       38.4%    42.0%
 *   mixed   10   0.2%     0.8%       75.6%    84.5%
 *   mixed   20   0.6%     0.8%       98.8%    99.0%
 *   heavy    5   0.0%     0.0%       44.2%    47.8%
 *   heavy   10   0.0%     0.5%       69.8%    74.0%
 *   heavy   20   0.2%     0.2%       94.6%    98.0%
 *   bimodal  5   1.6%     2.8%        9.4%    18.2%
 *   bimodal 10   0.6%     1.8%       54.0%    68.5%
 *   bimodal 20   0.4%     1.5%       92.0%    97.0%
 *
 * "before" is a measurement of the gate before e54c424's change to the
 * run-wide shift (seed 1, 500 trials: the same files for the first 400
 * trials), taken the same day; the README's 1000-trial figures
 * agree within their margins (mixed 10: 0.2%, 77.2%).  The margin with
 * 400 trials is about +-1.0 point near 1%.  The bimodal model rerun
 * with the gate at e54c424 itself (same seed and trials) gave false
 * alarms 2.0%, 0.8%, 0.8% and detection 10.8%, 54.0%, 92.2% at n = 5,
 * 10, 20: the shrinkage's rise to 2.8%, 1.8%, 1.5% is its own; the
 * mixed model at n = 10 with e54c424 gave 0.0% and 74.0%.
 *
 * The mixed model reaches the goal (84.5% >= 82% at n = 10, false alarms
 * 0.8%), but the bimodal model's false alarms rise to 1.5-2.8% at every
 * n, over the 1% bound, and its detection at n = 10 (68.5%) misses the
 * 75% goal.  Why: the likelihood of an observed error given the true one
 * is calibrated for normal noise; a bimodal benchmark's Mann-Whitney
 * error likely varies far more from batch to batch (whether the few
 * runs caught the slow mode), so the posterior is surer of a small
 * error than the data allow, where Student's t on the cell's own error
 * was honest for any continuous distribution (not measured apart).
 *
 * A more cautious variant (the likelihood's deviation times 1.5, and
 * Student's t with the cell's own n1 + n2 - 2 degrees of freedom, by
 * Satterthwaite, at each true error of the posterior) kept the bimodal
 * false alarms under the gate's own (1.5%, 0.5%, 0.5% against 2.0%,
 * 0.8%, 0.8% at n = 5, 10, 20; seed 1, 400 trials) but lost bimodal detection at n = 10 (44.0% against 54.0%), and mixed
 * detection at n = 10 too (71.5% against 74.0%, false alarms 0.0% both):
 * the caution takes back all the power the pooling gave.
 *
 * What it would take: a likelihood that does not assume the noise's
 * shape (e.g. the error's spread estimated from the column itself, or a
 * bootstrap of each cell's runs), measured on every model again.
 *
 * build: cc -O2 -Iinclude -Isrc doc/experiments/shrink-calibrate.c \
 *            build/libcbenchstat.a -lgsl -lgslcblas -lm
 * usage: a.out [draws]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "stats/shift.h"

int
main(int argc, char **argv)
{
	size_t draws = argc > 1 ? strtoul(argv[1], NULL, 10) : 4000;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	struct cbs_mw_cache mw = { 0 };
	struct cbs_shift s;
	double x[64], y[64], *est, *lse, m, v, lm, lv;
	size_t n, d, i;

	est = malloc(draws * sizeof(*est));
	lse = malloc(draws * sizeof(*lse));
	if (r == NULL || est == NULL || lse == NULL)
		return 1;
	gsl_rng_set(r, 1);
	for (n = 5; n <= 50; n++) {
		for (d = 0; d < draws; d++) {
			for (i = 0; i < n; i++) {
				x[i] = 1 + gsl_ran_gaussian(r, 0.01);
				y[i] = 1 + gsl_ran_gaussian(r, 0.01);
			}
			if (cbs_shift_estimate(x, n, y, n, 0.95, &mw, &s) != 0)
				return 1;
			est[d] = s.estimate;
			lse[d] = log(s.se);
		}
		m = v = lm = lv = 0;
		for (d = 0; d < draws; d++) {
			m += est[d];
			lm += lse[d];
		}
		m /= draws;
		lm /= draws;
		for (d = 0; d < draws; d++) {
			v += (est[d] - m) * (est[d] - m);
			lv += (lse[d] - lm) * (lse[d] - lm);
		}
		v /= draws - 1;
		lv /= draws - 1;
		printf("%zu %.4f %.4f\n", n, lm - 0.5 * log(v), sqrt(lv));
	}
	cbs_mw_cache_free(&mw);
	return 0;
}
