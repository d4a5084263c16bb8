/*
 * test_sort.c: the row order stage (sort.c) and the changes it ranks by
 * (change.c), on tables read and built as a program builds them.
 *
 * Each benchmark's new runs are its old runs times a factor, so the
 * Hodges-Lehmann estimate of the change is the factor exactly (the log
 * differences of all pairs have the log of the factor as their median):
 * Alpha +30%, Mid +10%, Same 0, Zed -20%; Only has no new runs.  The
 * MB/s values change by the same factors, but MB/s is better higher, so
 * "worst first" reverses with it.
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

static const struct cbs_gate_opts gate_opts = {
	.threshold = 5, .alpha = 0.01, .confidence = 0.95,
};

static const char *const names[] = { "Mid", "Zed", "Alpha", "Only",
    "Same" };
static const double factors[] = { 1.1, 0.8, 1.3, 0, 1 };

/* Five runs of each benchmark, the new file's scaled by its factor. */
static void
read_file(struct test_gate *f, const char *label, int is_new)
{
	char text[4096];
	size_t o = 0, b, i;
	double v, s;

	for (i = 0; i < 5; i++)
		for (b = 0; b < LEN(names); b++) {
			if (is_new && factors[b] <= 0)
				continue;
			v = 100 + 3 * (double)i;
			s = is_new ? factors[b] : 1;
			o += (size_t)snprintf(text + o, sizeof(text) - o,
			    "Benchmark%s 1 %g ns/op %g MB/s\n", names[b], v * s,
			    v * s / 10);
		}
	test_pipe_read(&f->p, label, text, o);
}

static void
fix_build(struct test_gate *f, int gate)
{
	test_gate_init(f);
	read_file(f, "old", 0);
	read_file(f, "new", 1);
	test_pipe_build(&f->p);
	assert_int_equal(f->p.tables->ntables, 2);
	if (gate)
		test_gate_new(f, &gate_opts);
}

/* The table of unit, whose rows must show in the order want. */
static void
check_order(const struct cbs_tables *ts, const char *unit,
    const char *const *want, size_t n)
{
	const struct cbs_table *t = NULL;
	size_t i, k;

	for (i = 0; i < ts->ntables; i++)
		if (strcmp(ts->tables[i].unit, unit) == 0)
			t = &ts->tables[i];
	assert_non_null(t);
	assert_int_equal(t->nrows, n);
	for (k = 0; k < n; k++) {
		assert_string_equal(t->row_labels[cbs_table_row(t, k)],
		    want[k]);
		if (t->rank != NULL)
			assert_int_equal(t->rank[cbs_table_row(t, k)], k);
	}
}

static const char *const by_input[] = { "Mid", "Zed", "Alpha", "Only",
    "Same" };
static const char *const by_name[] = { "Alpha", "Mid", "Only", "Same",
    "Zed" };
/* sec/op: worse is higher; Only has no change and goes last. */
static const char *const worst_time[] = { "Alpha", "Mid", "Same", "Zed",
    "Only" };
/* B/s: worse is lower. */
static const char *const worst_rate[] = { "Zed", "Same", "Mid", "Alpha",
    "Only" };

static void
test_orders(void **state)
{
	struct test_gate f;
	struct cbs_tables *ts;

	(void)state;
	fix_build(&f, 0);
	ts = f.p.tables;
	check_order(ts, "sec/op", by_input, LEN(by_input));
	assert_int_equal(cbs_tables_sort(f.p.arena, ts, NULL,
	    CBS_SORT_NAME), 0);
	check_order(ts, "sec/op", by_name, LEN(by_name));
	check_order(ts, "B/s", by_name, LEN(by_name));
	assert_int_equal(cbs_tables_sort(f.p.arena, ts, NULL,
	    CBS_SORT_CHANGE), 0);
	check_order(ts, "sec/op", worst_time, LEN(worst_time));
	check_order(ts, "B/s", worst_rate, LEN(worst_rate));
	/* Back to the input's order, and nothing kept. */
	assert_int_equal(cbs_tables_sort(f.p.arena, ts, NULL,
	    CBS_SORT_NONE), 0);
	check_order(ts, "sec/op", by_input, LEN(by_input));
	assert_null(ts->tables[0].order);
	assert_null(ts->tables[0].changes);
	test_gate_free(&f);
}

/* With a gate, the order and the figures are the gate's. */
static void
test_gate_changes(void **state)
{
	const struct cbs_table *t;
	const struct cbs_gate_cell *gc;
	struct cbs_change c;
	struct test_gate f;
	struct cbs_tables *ts;
	size_t i, r;

	(void)state;
	fix_build(&f, 1);
	ts = f.p.tables;
	assert_int_equal(cbs_tables_sort(f.p.arena, ts, f.gate,
	    CBS_SORT_CHANGE), 0);
	check_order(ts, "sec/op", worst_time, LEN(worst_time));
	check_order(ts, "B/s", worst_rate, LEN(worst_rate));
	for (i = 0; i < ts->ntables; i++) {
		t = &ts->tables[i];
		for (r = 0; r < t->nrows; r++) {
			assert_int_equal(cbs_change_of_cell(f.gate, t, i, r, 1,
			    0.95, NULL, &c), 0);
			gc = cbs_gate_cell_at(f.gate, i, r, 1);
			if (gc == NULL) {
				assert_false(c.has);
				continue;
			}
			assert_true(c.judged);
			assert_int_equal(c.verdict, gc->verdict);
			check_bits(c.estimate, gc->estimate, "estimate");
			check_bits(c.lo, gc->lo, "lo");
		}
	}
	test_gate_free(&f);
}

/* Without a gate, the same estimate is computed: the factor. */
static void
test_computed_changes(void **state)
{
	const struct cbs_table *t;
	struct cbs_change c;
	struct test_gate f;
	size_t r, b;

	(void)state;
	fix_build(&f, 0);
	t = &f.p.tables->tables[0];
	assert_string_equal(t->unit, "sec/op");
	for (r = 0; r < t->nrows; r++) {
		assert_int_equal(cbs_change_of_cell(NULL, t, 0, r, 1, 0.95,
		    NULL, &c), 0);
		for (b = 0; strcmp(names[b], t->row_labels[r]) != 0; b++)
			;
		if (factors[b] <= 0) {
			assert_false(c.has);
			assert_true(isnan(cbs_change_badness(t, &c)));
			continue;
		}
		assert_true(c.has);
		assert_false(c.judged);
		check_rel(c.estimate + 100, factors[b] * 100, 1e-12,
		    "estimate");
		assert_true(c.lo <= c.estimate && c.estimate <= c.hi);
		check_rel(cbs_change_badness(t, &c) + 100, factors[b] * 100,
		    1e-12, "badness");
	}
	/* The base column has no change. */
	assert_int_equal(cbs_change_of_cell(NULL, t, 0, 0, 0, 0.95, NULL,
	    &c), 0);
	assert_false(c.has);
	test_gate_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orders),
		cmocka_unit_test(test_gate_changes),
		cmocka_unit_test(test_computed_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
