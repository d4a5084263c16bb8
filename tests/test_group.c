/*
 * test_group.c: the grouping stage through the public API: sort orders
 * of projections (first appearance, @alpha, @num, fixed lists), table
 * order by configuration, the "benchmarks vary in" residue warnings, and
 * how a built table holds on to its cells.
 * Expectations follow upstream benchproc (sort.go, projection.go) and
 * benchtab (builder.go); the cbenchstat man page documents them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cbenchstat.h"

struct fixture {
	struct cbs_arena *arena;
	struct cbs_intern *strings;
	struct cbs_group *group;
	struct cbs_tables *tables;
};

static int
setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	f.arena = cbs_arena_new();
	f.strings = cbs_intern_new(f.arena);
	assert_non_null(f.arena);
	assert_non_null(f.strings);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	cbs_group_free(f->group);
	cbs_intern_free(f->strings);
	cbs_arena_free(f->arena);
	return 0;
}

static void
make_group(struct fixture *f, const char *table, const char *row,
    const char *col, const char *ignore, const char *filter)
{
	struct cbs_group_opts o;
	char err[512];

	memset(&o, 0, sizeof(o));
	o.table = table;
	o.row = row;
	o.col = col;
	o.ignore = ignore;
	o.filter = filter;
	assert_int_equal(cbs_group_new(f->arena, f->strings, &o, &f->group,
	    err, sizeof(err)), 0);
}

/* Add one result: name, file label, pkg (or NULL) and a sec/op value. */
static void
add(struct fixture *f, const char *name, const char *file, const char *pkg,
    double v)
{
	struct cbs_config cfg[2];
	struct cbs_value val;
	struct cbs_result r;
	size_t n = 0;

	cfg[n].key = cbs_intern(f->strings, ".file", 5);
	cfg[n].value = cbs_intern(f->strings, file, strlen(file));
	cfg[n++].is_file = 0;
	if (pkg != NULL) {
		cfg[n].key = cbs_intern(f->strings, "pkg", 3);
		cfg[n].value = cbs_intern(f->strings, pkg, strlen(pkg));
		cfg[n++].is_file = 1;
	}
	val.value = v;
	val.unit = cbs_intern(f->strings, "sec/op", 6);
	val.orig_value = v;
	val.orig_unit = NULL;
	memset(&r, 0, sizeof(r));
	r.name = name;
	r.name_len = strlen(name);
	r.config = cfg;
	r.nconfig = n;
	r.values = &val;
	r.nvalues = 1;
	r.path = file;
	r.line = 1;
	assert_int_equal(cbs_group_add(f->group, &r), 0);
}

static const struct cbs_table *
build(struct fixture *f, size_t want_tables)
{
	struct cbs_table_opts o = { 0.95, 0.05, NULL, 0 };

	assert_int_equal(cbs_tables_build(f->group, &o, &f->tables), 0);
	assert_int_equal(f->tables->ntables, want_tables);
	return &f->tables->tables[0];
}

static void
assert_rows(const struct cbs_table *t, const char *const *want, size_t n)
{
	size_t i;

	assert_int_equal(t->nrows, n);
	for (i = 0; i < n; i++)
		assert_string_equal(t->row_labels[i], want[i]);
}

/* Default order: first appearance in the input, not alphabetical. */
static void
test_rows_first_appearance(void **state)
{
	static const char *const want[] = { "Beta", "Alpha", "Gamma" };
	struct fixture *f = *state;

	make_group(f, NULL, NULL, NULL, NULL, NULL);
	add(f, "Beta", "a.txt", "p", 1);
	add(f, "Alpha", "a.txt", "p", 2);
	add(f, "Beta", "a.txt", "p", 3);
	add(f, "Gamma", "a.txt", "p", 4);
	assert_rows(build(f, 1), want, 3);
}

static void
test_rows_alpha(void **state)
{
	static const char *const want[] = { "Alpha", "Beta", "Gamma" };
	struct fixture *f = *state;

	make_group(f, NULL, ".name@alpha", NULL, NULL, NULL);
	add(f, "Gamma", "a.txt", "p", 1);
	add(f, "Beta", "a.txt", "p", 2);
	add(f, "Alpha", "a.txt", "p", 3);
	assert_rows(build(f, 1), want, 3);
}

/* @num: 2k = 2000, 1M = 1e6 < 1Mi = 1048576; numbers before words. */
static void
test_rows_num(void **state)
{
	static const char *const want[] = { "16", "2k", "4k", "1M", "1Mi",
	    "big" };
	struct fixture *f = *state;

	make_group(f, NULL, "/size@num", NULL, NULL, NULL);
	add(f, "X/size=1Mi", "a.txt", "p", 1);
	add(f, "X/size=big", "a.txt", "p", 1);
	add(f, "X/size=4k", "a.txt", "p", 1);
	add(f, "X/size=1M", "a.txt", "p", 1);
	add(f, "X/size=16", "a.txt", "p", 1);
	add(f, "X/size=2k", "a.txt", "p", 1);
	assert_rows(build(f, 1), want, 6);
}

/* A fixed order sorts and filters: values not listed are dropped. */
static void
test_rows_fixed_filters(void **state)
{
	static const char *const want[] = { "4k", "16" };
	struct fixture *f = *state;

	make_group(f, NULL, "/size@(4k 16)", NULL, NULL, NULL);
	add(f, "X/size=16", "a.txt", "p", 1);
	add(f, "X/size=1M", "a.txt", "p", 1);
	add(f, "X/size=4k", "a.txt", "p", 1);
	assert_rows(build(f, 1), want, 2);
}

/* Columns keep first appearance, so the first file is the baseline. */
static void
test_cols_first_appearance(void **state)
{
	struct fixture *f = *state;
	const struct cbs_table *t;

	make_group(f, NULL, NULL, NULL, NULL, NULL);
	add(f, "A", "z-new.txt", "p", 1);
	add(f, "A", "a-old.txt", "p", 2);
	t = build(f, 1);
	assert_int_equal(t->ncols, 2);
	assert_string_equal(t->col_values[0], "z-new.txt");
	assert_string_equal(t->col_values[1], "a-old.txt");
}

/* Tables split by .config sort by the configuration values as strings,
 * not by appearance (upstream: the .config sub-fields have no order). */
static void
test_tables_sorted_by_config(void **state)
{
	struct fixture *f = *state;

	make_group(f, NULL, NULL, NULL, NULL, NULL);
	add(f, "A", "a.txt", "example.com/zeta", 1);
	add(f, "A", "a.txt", "example.com/alpha", 1);
	build(f, 2);
	assert_string_equal(cbs_table_key_value(&f->tables->tables[0], 0),
	    "example.com/alpha");
	assert_string_equal(cbs_table_key_value(&f->tables->tables[1], 0),
	    "example.com/zeta");
}

static const char *
first_warning(const struct cbs_table *t, size_t row, size_t col)
{
	const struct cbs_cell *c = &t->cells[row * t->ncols + col];

	return c->nwarnings > 0 ? c->warnings[0] : "";
}

/* -row .name merges sub-benchmarks: the hidden .fullname varies. */
static void
test_residue_fullname(void **state)
{
	struct fixture *f = *state;

	make_group(f, NULL, ".name", NULL, NULL, NULL);
	add(f, "X/size=1", "a.txt", "p", 1);
	add(f, "X/size=2", "a.txt", "p", 2);
	assert_string_equal(first_warning(build(f, 1), 0, 0),
	    "benchmarks vary in .fullname");
}

static int
has_vary_warning(const struct cbs_table *t, size_t row, size_t col)
{
	const struct cbs_cell *c = &t->cells[row * t->ncols + col];
	size_t i;

	for (i = 0; i < c->nwarnings; i++)
		if (strncmp(c->warnings[i], "benchmarks vary in", 18) == 0)
			return 1;
	return 0;
}

/* Projecting the varying key, or ignoring it, silences the warning. */
static void
test_residue_silenced_by_col(void **state)
{
	struct fixture *f = *state;

	make_group(f, NULL, ".name", "/size", NULL, NULL);
	add(f, "X/size=1", "a.txt", "p", 1);
	add(f, "X/size=2", "a.txt", "p", 2);
	assert_false(has_vary_warning(build(f, 1), 0, 0));
}

static void
test_residue_silenced_by_ignore(void **state)
{
	struct fixture *f = *state;

	make_group(f, NULL, ".name", NULL, ".fullname", NULL);
	add(f, "X/size=1", "a.txt", "p", 1);
	add(f, "X/size=2", "a.txt", "p", 2);
	assert_false(has_vary_warning(build(f, 1), 0, 0));
}

/* An empty -table merges packages: the file key pkg varies. */
static void
test_residue_config_key(void **state)
{
	struct fixture *f = *state;

	make_group(f, "", NULL, NULL, NULL, NULL);
	add(f, "X", "a.txt", "example.com/a", 1);
	add(f, "X", "a.txt", "example.com/b", 2);
	assert_string_equal(first_warning(build(f, 1), 0, 0),
	    "benchmarks vary in pkg");
}

/* The filter's .unit terms drop single values, not whole results. */
static void
test_filter_applies(void **state)
{
	static const char *const want[] = { "Hash" };
	struct fixture *f = *state;

	make_group(f, NULL, NULL, NULL, NULL, ".name:/^H/");
	add(f, "Encode", "a.txt", "p", 1);
	add(f, "Hash", "a.txt", "p", 1);
	assert_rows(build(f, 1), want, 1);
}

/* c shows exactly want[0 .. n), present. */
static void
assert_sample(const struct cbs_cell *c, const double *want, size_t n)
{
	assert_true(c->present);
	assert_int_equal(c->n, n);
	assert_memory_equal(c->values, want, n * sizeof(*want));
}

/*
 * A built table keeps the sample it was built from (the group lends it,
 * sorted); values added afterwards show in the next build only.
 */
static void
test_built_table_keeps_its_sample(void **state)
{
	static const double one_three[] = { 1, 3 };
	static const double one_to_three[] = { 1, 2, 3 }, five[] = { 5 };
	struct fixture *f = *state;
	const struct cbs_table *t1, *t2;

	make_group(f, NULL, NULL, NULL, NULL, NULL);
	add(f, "A", "a.txt", NULL, 3);
	add(f, "A", "a.txt", NULL, 1);
	t1 = build(f, 1);
	add(f, "A", "a.txt", NULL, 2);
	add(f, "A", "b.txt", NULL, 5);
	t2 = build(f, 1);
	assert_int_equal(t1->ncols, 1);
	assert_sample(&t1->cells[0], one_three, 2);
	assert_int_equal(t2->ncols, 2);
	assert_sample(&t2->cells[0], one_to_three, 3);
	assert_sample(&t2->cells[1], five, 1);
}

/* Tables share row and column keys but not their places: b.txt is the
 * second column of one table and the first of the other. */
static void
test_shared_keys_placed_per_table(void **state)
{
	static const double v[] = { 1, 2, 3, 4 };
	struct fixture *f = *state;
	const struct cbs_table *t;

	make_group(f, NULL, NULL, NULL, NULL, NULL);
	add(f, "A", "a.txt", "example.com/alpha", 1);
	add(f, "B", "b.txt", "example.com/alpha", 2);
	add(f, "B", "b.txt", "example.com/zeta", 3);
	add(f, "A", "b.txt", "example.com/zeta", 4);
	t = build(f, 2);
	assert_int_equal(t->nrows, 2);
	assert_int_equal(t->ncols, 2);
	assert_sample(&t->cells[0 * 2 + 0], &v[0], 1);
	assert_false(t->cells[0 * 2 + 1].present);
	assert_false(t->cells[1 * 2 + 0].present);
	assert_sample(&t->cells[1 * 2 + 1], &v[1], 1);
	t = &f->tables->tables[1];
	assert_int_equal(t->nrows, 2);
	assert_int_equal(t->ncols, 1);
	assert_string_equal(t->row_labels[0], "A");
	assert_sample(&t->cells[0], &v[3], 1);
	assert_sample(&t->cells[1], &v[2], 1);
}

static void
test_bad_projection_message(void **state)
{
	struct fixture *f = *state;
	struct cbs_group_opts o;
	char err[512];

	memset(&o, 0, sizeof(o));
	o.row = ".name@bogus";
	assert_int_equal(cbs_group_new(f->arena, f->strings, &o, &f->group,
	    err, sizeof(err)), CBS_EINVAL);
	assert_null(f->group);
	assert_string_equal(err, "parsing -row: syntax error: unknown order "
	    "\"bogus\"\n\t.name@bogus\n\t      ^");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_rows_first_appearance),
		T(test_rows_alpha),
		T(test_rows_num),
		T(test_rows_fixed_filters),
		T(test_cols_first_appearance),
		T(test_tables_sorted_by_config),
		T(test_residue_fullname),
		T(test_residue_silenced_by_col),
		T(test_residue_silenced_by_ignore),
		T(test_residue_config_key),
		T(test_filter_applies),
		T(test_built_table_keeps_its_sample),
		T(test_shared_keys_placed_per_table),
		T(test_bad_projection_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
