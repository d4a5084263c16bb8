/*
 * test_gate.c: the gate's run-wide shift (gate.c), on tables read and
 * built as a program builds them.
 *
 * Each benchmark's new runs are its old runs times a factor, so the
 * Hodges-Lehmann estimate of its change is the factor exactly, and the
 * run-wide shift (the median of the log shifts of the largest group of
 * cells that agree within their errors) is that group's median factor
 * exactly.  The old runs spread by about 2% in an order without
 * a trend, so no drift warning interferes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "gate/gate.h"

/* A run's deviation from the benchmark's time, in units of 2%. */
static const double spread[] = { 0.2, -1, 1.1, -0.3, 1.6, -1.5, 0.5, 0,
    -0.6, 0.8 };

static const struct cbs_gate_opts gate_opts = {
	.threshold = 5, .alpha = 0.01, .confidence = 0.95,
};

/* Ten runs of Bench00, Bench01, ... each scaled by its factor. */
static void
read_file(struct test_gate *f, const char *label, const double *factor,
    size_t nbench)
{
	char *text = malloc(nbench * 10 * 64);
	size_t o = 0, b, k;

	assert_non_null(text);
	for (k = 0; k < LEN(spread); k++)
		for (b = 0; b < nbench; b++)
			o += (size_t)sprintf(text + o,
			    "BenchmarkBench%02zu 1 %.6f ns/op\n", b,
			    1000.0 * (double)(b + 1) * (1 + 0.02 *
			    spread[k]) * factor[b]);
	test_pipe_read(&f->p, label, text, o);
	free(text);
}

/* Every factor v. */
static void
fill(double *factor, size_t n, double v)
{
	size_t b;

	for (b = 0; b < n; b++)
		factor[b] = v;
}

/* Benchmark b's factor: odd for an odd b, even for an even one. */
static void
alternate(double *factor, size_t n, double even, double odd)
{
	size_t b;

	for (b = 0; b < n; b++)
		factor[b] = b % 2 ? odd : even;
}

/* Judge old (every factor 1) against new at -threshold 5. */
static void
fix_build(struct test_gate *f, const double *factor, size_t nbench)
{
	double ones[24];

	fill(ones, LEN(ones), 1);
	assert_true(nbench <= LEN(ones));
	test_gate_init(f);
	read_file(f, "old", ones, nbench);
	read_file(f, "new", factor, nbench);
	test_pipe_build(&f->p);
	assert_int_equal(f->p.tables->ntables, 1);
	test_gate_new(f, &gate_opts);
	test_gate_report(f);
}

/* The gate's cell of benchmark b (row labels are "BenchNN"). */
static const struct cbs_gate_cell *
cell_of(const struct test_gate *f, size_t b)
{
	const struct cbs_table *t = &f->p.tables->tables[0];
	char name[32];
	size_t r;

	snprintf(name, sizeof(name), "Bench%02zu", b);
	for (r = 0; r < t->nrows; r++)
		if (strcmp(t->row_labels[r], name) == 0)
			return cbs_gate_cell_at(f->gate, 0, r, 1);
	fail_msg("no row %s", name);
	return NULL;
}

/* Each cell's verdict: odd for an odd benchmark, even for an even one. */
static void
check_alternate(const struct test_gate *f, size_t n, enum cbs_verdict even,
    enum cbs_verdict odd)
{
	size_t b;

	for (b = 0; b < n; b++)
		assert_int_equal(cell_of(f, b)->verdict, b % 2 ? odd : even);
}

/*
 * The machine drifted by +3% between the batches: Bench03 (+6%) and
 * Bench09 (-3%) are within the threshold of the run, Bench07 (+14%) is
 * past it.  Judged as measured, Bench03's +6% with 2% noise would be a
 * regression (test_small_table_as_measured).
 */
static void
test_drift_subtracted(void **state)
{
	double factor[12];
	const struct cbs_gate_cell *run, *c;
	struct test_gate f;
	size_t b;

	(void)state;
	fill(factor, LEN(factor), 1.03);
	factor[3] = 1.06;
	factor[7] = 1.14;
	factor[9] = 0.97;
	fix_build(&f, factor, LEN(factor));
	assert_non_null(run = cbs_gate_run_at(f.gate, 0, 1));
	check_rel(run->estimate, 3, 1e-9, "run-wide estimate");
	/* Nine at +3%, and Bench03 within its errors (about 1%) of them;
	 * Bench07 and Bench09 do not agree with the shift. */
	assert_int_equal(run->cells, 10);
	assert_true(run->applied);
	assert_int_equal(run->verdict, CBS_VERDICT_UNCHANGED);
	/* Nine cells agree exactly; the interval still has a width. */
	assert_true(run->lo < 2.9 && run->hi > 3.1);
	for (b = 0; b < LEN(factor); b++) {
		c = cell_of(&f, b);
		check_rel(c->run_shift, 3, 1e-9, "run_shift");
		check_rel(c->estimate, (factor[b] - 1) * 100, 1e-9,
		    "estimate as measured");
		assert_int_equal(c->verdict, b == 7 ?
		    CBS_VERDICT_REGRESSION : CBS_VERDICT_UNCHANGED);
	}
	assert_int_equal(f.nlines, 1);
	assert_non_null(strstr(f.lines[0], "benchmark=Bench07 "));
	assert_non_null(strstr(f.lines[0], " estimate=+14.00% "));
	assert_non_null(strstr(f.lines[0], " run_shift=+3.00% "));
	test_gate_free(&f);
}

/*
 * Everything got 3% faster but Bench05: relative to the run it is 6%
 * slower, as measured unchanged.  A verdict needs both, so it is no
 * regression; nor is anything an improvement.
 */
static void
test_unchanged_in_a_faster_run(void **state)
{
	double factor[12];
	struct cbs_gate_counts n;
	struct test_gate f;

	(void)state;
	fill(factor, LEN(factor), 0.97);
	factor[5] = 1.0;
	fix_build(&f, factor, LEN(factor));
	check_rel(cbs_gate_run_at(f.gate, 0, 1)->estimate, -3, 1e-9,
	    "run-wide estimate");
	assert_int_equal(cell_of(&f, 5)->verdict, CBS_VERDICT_UNCHANGED);
	cbs_gate_count(f.gate, &n);
	assert_int_equal(n.regression, 0);
	assert_int_equal(n.improvement, 0);
	assert_int_equal(n.unchanged, 13);
	assert_int_equal(f.nlines, 0);
	test_gate_free(&f);
}

/*
 * Every benchmark 9% slower: the run-wide shift is a regression, is not
 * subtracted, and every cell is named as measured.
 */
static void
test_whole_run_slower(void **state)
{
	double factor[12];
	const struct cbs_gate_cell *run;
	struct cbs_gate_counts n;
	struct test_gate f;
	size_t b;

	(void)state;
	fill(factor, LEN(factor), 1.09);
	fix_build(&f, factor, LEN(factor));
	assert_non_null(run = cbs_gate_run_at(f.gate, 0, 1));
	assert_int_equal(run->verdict, CBS_VERDICT_REGRESSION);
	assert_false(run->applied);
	for (b = 0; b < LEN(factor); b++) {
		assert_int_equal(cell_of(&f, b)->verdict,
		    CBS_VERDICT_REGRESSION);
		assert_true(isnan(cell_of(&f, b)->run_shift));
	}
	cbs_gate_count(f.gate, &n);
	assert_int_equal(n.regression, 13);
	/*
	 * The cells' lines, then the run-wide one.  Its interval, worked
	 * in Python (scipy) from the rule: every cell's se is
	 * (d(72) - d(28)) / (2 * Phi^-1(0.5 + 0.91079 / 2)) = 0.0093955 of
	 * the sorted pairwise log differences (the exact U interval at
	 * 90%); all cells agree, so the MAD is 0 and the median's se is
	 * 1.2533 * 0.0093955 / sqrt(12); log(1.09) -+ t(0.975, 11) times
	 * that gives +8.19%..+9.82%.
	 */
	assert_int_equal(f.nlines, 13);
	assert_non_null(strstr(f.lines[0], "benchmark=Bench00 "));
	assert_null(strstr(f.lines[0], "run_shift="));
	assert_string_equal(f.lines[12], "regression: benchmark=(run-wide) "
	    "unit=sec/op column=new p=none estimate=+9.00% "
	    "interval=+8.19%..+9.82% cells=12 threshold=5% config=\"\"");
	test_gate_free(&f);
}

/*
 * Half the benchmarks 10% slower, half unchanged: the run-wide shift is
 * the unchanged group's, not the +4.9% median of all that would hide
 * the change (issue 21), and every slowed benchmark is named.
 */
static void
test_half_slower(void **state)
{
	double factor[24];
	const struct cbs_gate_cell *run;
	struct cbs_gate_counts n;
	struct test_gate f;

	(void)state;
	alternate(factor, LEN(factor), 1.0, 1.10);
	fix_build(&f, factor, LEN(factor));
	assert_non_null(run = cbs_gate_run_at(f.gate, 0, 1));
	assert_true(fabs(run->estimate) < 1e-9);
	assert_int_equal(run->cells, 12);
	assert_true(run->applied);
	check_alternate(&f, LEN(factor), CBS_VERDICT_UNCHANGED,
	    CBS_VERDICT_REGRESSION);
	cbs_gate_count(f.gate, &n);
	assert_int_equal(n.regression, 12);
	assert_int_equal(n.inconclusive, 0);
	test_gate_free(&f);
}

/*
 * Half 10% slower, half 10% faster (a trade-off): two groups of twelve.
 * The sweep meets the lower first, a shift past the threshold, which is
 * not subtracted: every cell is judged as measured and named.
 */
static void
test_half_slower_half_faster(void **state)
{
	double factor[24];
	const struct cbs_gate_cell *run;
	struct cbs_gate_counts n;
	struct test_gate f;

	(void)state;
	alternate(factor, LEN(factor), 0.90, 1.10);
	fix_build(&f, factor, LEN(factor));
	assert_non_null(run = cbs_gate_run_at(f.gate, 0, 1));
	check_rel(run->estimate, -10, 1e-9, "run-wide estimate");
	assert_false(run->applied);
	assert_int_equal(run->verdict, CBS_VERDICT_IMPROVEMENT);
	check_alternate(&f, LEN(factor), CBS_VERDICT_IMPROVEMENT,
	    CBS_VERDICT_REGRESSION);
	cbs_gate_count(f.gate, &n);
	assert_int_equal(n.regression, 12);
	test_gate_free(&f);
}

/*
 * Eight unchanged, eight 10% slower: no group of ten agrees, so there is
 * no run-wide shift (the median of all, +4.9%, would have hidden the
 * eight), and the cells are judged as measured.
 */
static void
test_no_common_shift(void **state)
{
	double factor[16];
	struct test_gate f;

	(void)state;
	alternate(factor, LEN(factor), 1.0, 1.10);
	fix_build(&f, factor, LEN(factor));
	assert_null(cbs_gate_run_at(f.gate, 0, 1));
	check_alternate(&f, LEN(factor), CBS_VERDICT_UNCHANGED,
	    CBS_VERDICT_REGRESSION);
	test_gate_free(&f);
}

/* Below ten cells the median is not subtracted: judged as measured. */
static void
test_small_table_as_measured(void **state)
{
	double factor[9];
	struct test_gate f;

	(void)state;
	fill(factor, LEN(factor), 1.03);
	factor[3] = 1.06;
	fix_build(&f, factor, LEN(factor));
	assert_null(cbs_gate_run_at(f.gate, 0, 1));
	assert_int_equal(cell_of(&f, 3)->verdict, CBS_VERDICT_REGRESSION);
	assert_true(isnan(cell_of(&f, 3)->run_shift));
	assert_int_equal(cell_of(&f, 0)->verdict, CBS_VERDICT_UNCHANGED);
	test_gate_free(&f);
}

/*
 * A regression line is as long as its fields, whatever they hold: the
 * size the library asks for is the whole line's, and a smaller buffer
 * gets its start, terminated (issue 20, F19: lines stopped at 4,095).
 */
static void
test_regression_line_size(void **state)
{
	struct cbs_regression r;
	char name[5001], cfg[3001], want[3016], small[16], *line;
	size_t len;

	(void)state;
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	memset(cfg, 'v', sizeof(cfg) - 1);
	memcpy(cfg, "k=", 2);
	cfg[sizeof(cfg) - 1] = '\0';
	memset(&r, 0, sizeof(r));
	r.kind = "regression";
	r.benchmark = name;
	r.unit = "sec/op";
	r.column = "a \"b\"";
	r.config = cfg;
	r.threshold = 5;
	len = cbs_regression_line_size(&r);
	assert_non_null(line = malloc(len));
	cbs_regression_line(&r, line, len);
	assert_int_equal(strlen(line) + 1, len);
	assert_true(len > 8000);
	assert_non_null(strstr(line, " column=\"a \\\"b\\\"\" "));
	snprintf(want, sizeof(want), " config=\"%s\"", cfg);
	assert_string_equal(line + strlen(line) - strlen(want), want);
	cbs_regression_line(&r, small, sizeof(small));
	assert_string_equal(small, "regression: ben");
	free(line);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drift_subtracted),
		cmocka_unit_test(test_unchanged_in_a_faster_run),
		cmocka_unit_test(test_whole_run_slower),
		cmocka_unit_test(test_half_slower),
		cmocka_unit_test(test_half_slower_half_faster),
		cmocka_unit_test(test_no_common_shift),
		cmocka_unit_test(test_small_table_as_measured),
		cmocka_unit_test(test_regression_line_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
