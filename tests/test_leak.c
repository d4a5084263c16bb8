/*
 * test_leak.c: leak lines (gate/leak.c, issue 23): the Theil-Sen slope
 * and Sen's interval, and the gate's leak verdicts on tables read and
 * built as a program builds them.
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

/* Timing noise without a trend, so that only memory can leak. */
static const double spread[] = { 3, -2, 5, 0, -4, 1, 2, -1, 4, -3 };

static const struct cbs_gate_opts leak_opts = {
	.threshold = 100, .alpha = 0.01, .confidence = 0.95,
};

/* Ten runs of BenchmarkCache, run k using bytes[k] B/op. */
static void
read_file(struct test_gate *f, const char *label, const double *bytes)
{
	char text[2048];
	size_t o = 0, k;

	for (k = 0; k < LEN(spread); k++)
		o += (size_t)snprintf(text + o, sizeof(text) - o,
		    "BenchmarkCache 1000 %g ns/op %g B/op\n",
		    1000 + spread[k], bytes[k]);
	test_pipe_read(&f->p, label, text, o);
}

/* Gate old against new at -threshold 100 (no regression line). */
static void
fix_build(struct test_gate *f, const double *old, const double *new,
    int gate_leaks)
{
	struct cbs_gate_opts o = leak_opts;

	o.gate_leaks = gate_leaks;
	test_gate_init(f);
	read_file(f, "old", old);
	read_file(f, "new", new);
	test_pipe_build(&f->p);
	test_gate_new(f, &o);
	test_gate_report(f);
}

/* The table of B/op. */
static size_t
bytes_table(const struct test_gate *f)
{
	const struct cbs_tables *t = f->p.tables;
	size_t i;

	for (i = 0; i < t->ntables; i++)
		if (strcmp(t->tables[i].unit, "B/op") == 0)
			return i;
	fail();
	return 0;
}

static void
ramp(double *x, double from, double step)
{
	size_t k;

	for (k = 0; k < LEN(spread); k++)
		x[k] = from + step * (double)k;
}

/* 4096, 4608, ..., 8704 B/op: every pairwise slope is 512. */
static void
test_theil_sen_exact(void **state)
{
	double x[10], slope, lo, hi;

	(void)state;
	ramp(x, 4096, 512);
	assert_int_equal(cbs_leak_theil_sen(x, 10, 0.95, &slope, &lo, &hi),
	    0);
	check_bits(slope, 512, "slope");
	check_bits(lo, 512, "lo");
	check_bits(hi, 512, "hi");
}

/*
 * Sen's interval by hand (python3: the 45 pairwise slopes sorted; var S
 * = 10 * 9 * 25 / 18 = 125, M1 = (45 - 1.95996 sqrt(125)) / 2 = 11.54,
 * M2 = 33.46: the 11th and 35th smallest slopes, 6/7 and 1.8; the
 * median, the 23rd, 1.25).
 */
static void
test_theil_sen_interval(void **state)
{
	static const double x[] = { 100, 103, 101, 106, 104, 108, 107, 111,
	    109, 113 };
	double slope, lo, hi;

	(void)state;
	assert_int_equal(cbs_leak_theil_sen(x, LEN(x), 0.95, &slope, &lo,
	    &hi), 0);
	check_rel(slope, 1.25, 1e-15, "slope");
	check_rel(lo, 6.0 / 7, 1e-15, "lo");
	check_rel(hi, 1.8, 1e-15, "hi");
	/* Too few slopes for the ranks: the interval stays open. */
	assert_int_equal(cbs_leak_theil_sen(x, 3, 0.95, &slope, &lo, &hi),
	    0);
	assert_true(isnan(lo) && isnan(hi));
}

static void
test_new_leak(void **state)
{
	struct test_gate f;
	double old[10], new[10];
	const struct cbs_leak *l;
	size_t i;

	(void)state;
	ramp(old, 4096, 0);
	ramp(new, 4096, 512);
	fix_build(&f, old, new, 0);
	i = bytes_table(&f);
	assert_null(cbs_gate_leak_at(f.gate, i, 0, 0));
	assert_non_null(l = cbs_gate_leak_at(f.gate, i, 0, 1));
	check_bits(l->growth, 512, "growth");
	assert_int_equal(l->runs, 10);
	assert_false(l->also_in_base);
	/* A leak line, and no drift line for the same cell. */
	assert_int_equal(f.nlines, 1);
	assert_non_null(strstr(f.lines[0], "leak: benchmark=Cache unit=B/op "
	    "column=new growth=\"+512 B/run\" interval=+512..+512 runs=10 "
	    "also_in_base=no threshold=100%"));
	assert_int_equal(f.failing, 0);
	test_gate_free(&f);
	fix_build(&f, old, new, 1);
	assert_int_equal(f.failing, 1);
	test_gate_free(&f);
}

static void
test_also_in_base(void **state)
{
	struct test_gate f;
	double x[10];
	const struct cbs_leak *l;
	size_t i;

	(void)state;
	ramp(x, 4096, 512);
	fix_build(&f, x, x, 1);
	i = bytes_table(&f);
	assert_non_null(cbs_gate_leak_at(f.gate, i, 0, 0));
	assert_non_null(l = cbs_gate_leak_at(f.gate, i, 0, 1));
	assert_true(l->also_in_base);
	assert_int_equal(f.nlines, 2);
	assert_non_null(strstr(f.lines[1], " also_in_base=yes "));
	assert_null(strstr(f.lines[0], "also_in_base"));
	/* A leak the base has too does not fail the gate. */
	assert_int_equal(f.failing, 0);
	test_gate_free(&f);
}

/* Constant memory, memory that shrinks, memory that varies without a
 * trend: no leak. */
static void
test_no_leak(void **state)
{
	static const double noisy[] = { 4100, 4090, 4104, 4096, 4088, 4099,
	    4101, 4093, 4103, 4091 };
	struct test_gate f;
	double flat[10], down[10];

	(void)state;
	ramp(flat, 4096, 0);
	ramp(down, 8704, -512);
	fix_build(&f, flat, down, 1);
	assert_null(cbs_gate_leak_at(f.gate, bytes_table(&f), 0, 1));
	assert_int_equal(f.failing, 0);
	test_gate_free(&f);
	fix_build(&f, flat, noisy, 1);
	assert_null(cbs_gate_leak_at(f.gate, bytes_table(&f), 0, 1));
	assert_int_equal(f.nlines, 0);
	test_gate_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_theil_sen_exact),
		cmocka_unit_test(test_theil_sen_interval),
		cmocka_unit_test(test_new_leak),
		cmocka_unit_test(test_also_in_base),
		cmocka_unit_test(test_no_leak),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
