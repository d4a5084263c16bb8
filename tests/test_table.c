/*
 * test_table.c: the cell texts of table.c against upstream
 * golang.org/x/perf benchmath/sample.go (Summary.PctRangeString,
 * Comparison.FormatDelta, Comparison.String) and the geomean row against
 * cmd/benchstat/internal/benchtab/builder.go (summarizeCol), driven end
 * to end through cbs_group_new, cbs_group_add and cbs_tables_build.
 *
 * Expected cell strings were printed by Go 1.19.8 (/usr/bin/go) running
 * verbatim copies of PctRangeString, FormatDelta and Comparison.String
 * (with go-moremath's mathx.Sign), and by fmt.Sprintf("%+.2f%%",
 * (ratio-1)*100) for the geomean ratio, as upstream's ToText and ToCSV
 * print it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "report/report.h"

/* The geometric mean the way go-moremath stats.GeoMean defines it,
 * computed independently with the C library. */
static double
ref_geomean(const double *x, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += log(x[i]);
	return exp(s / (double)n);
}

/* ------------------------------------------------------------ range */

struct range_case {
	double c, lo, hi;
	const char *want;
};

/*
 * PctRangeString: "∞" if a bound is infinite; "?" if a bound's sign
 * differs from the centre's (mathx.Sign, 0 for 0); "0%" if the centre is
 * 0; otherwise "%.0f%%" of 100*max(hi/c-1, 1-lo/c).
 */
static void
test_format_range(void **state)
{
	static const struct range_case c[] = {
		{ 100, 95, 102, "5%" },
		{ 100, 99, 110, "10%" },
		/* 12.5 rounds half to even, as Go's %.0f does. */
		{ 8, 7, 9, "12%" },
		{ 3, 2.985, 3, "1%" },
		{ 1, 0.995, 1.005, "1%" },
		{ 1, 0.5, 1.005, "50%" },
		{ 2, 2, 2, "0%" },
		/* A negative centre gives a negative percentage. */
		{ -10, -11, -9, "-10%" },
		{ 5, -1, 6, "?" },
		{ 5, 0, 6, "?" },
		{ 0, -1, 1, "?" },
		{ 0, 0, 0, "0%" },
		{ 1, -INFINITY, 2, "\xe2\x88\x9e" },
		{ 1, 0, INFINITY, "\xe2\x88\x9e" },
		/* Infinity wins over the sign test. */
		{ -1, -INFINITY, INFINITY, "\xe2\x88\x9e" },
		{ NAN, 1, 2, "?" },
	};
	struct cbs_summary s;
	char buf[64];
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < LEN(c); i++) {
		memset(&s, 0, sizeof(s));
		s.center = c[i].c;
		s.lo = c[i].lo;
		s.hi = c[i].hi;
		cbs_format_range(&s, buf, sizeof(buf));
		if (strcmp(buf, c[i].want) != 0) {
			print_error("range %g [%g, %g]: got %s, want %s\n",
			    c[i].c, c[i].lo, c[i].hi, buf, c[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/*
 * mathx.Sign(NaN) is NaN, which equals no sign: a NaN centre or bound
 * (a sample of NaNs, say) always reads "?", never "NaN%" (upstream
 * prints "NaNn ± ?").
 */
static void
test_format_range_nan(void **state)
{
	struct cbs_summary s;
	char buf[64];

	(void)state;
	memset(&s, 0, sizeof(s));
	s.center = s.lo = s.hi = NAN;
	assert_string_equal(cbs_format_range(&s, buf, sizeof(buf)), "?");
	s.lo = s.hi = 0;
	assert_string_equal(cbs_format_range(&s, buf, sizeof(buf)), "?");
	s.center = 0;
	s.lo = NAN;
	assert_string_equal(cbs_format_range(&s, buf, sizeof(buf)), "?");
	s.lo = 0;
	s.hi = NAN;
	assert_string_equal(cbs_format_range(&s, buf, sizeof(buf)), "?");
	/* Infinity still wins. */
	s.center = NAN;
	s.hi = INFINITY;
	assert_string_equal(cbs_format_range(&s, buf, sizeof(buf)),
	    "\xe2\x88\x9e");
}

/* ------------------------------------------------------------ delta */

struct delta_case {
	double p, alpha, old, new;
	const char *want;
};

/*
 * FormatDelta: "~" if P > Alpha; "0.00%" if old == new; "?" if old == 0;
 * otherwise "%+.2f%%" of (new/old - 1) * 100.
 */
static void
test_format_delta(void **state)
{
	static const struct delta_case c[] = {
		{ 0.5, 0.05, 1, 2, "~" },
		{ 0.01, 0.05, 5, 5, "0.00%" },
		{ 0.01, 0.05, 0, 5, "?" },
		{ 0.01, 0.05, 0, 0, "0.00%" },
		{ 0.01, 0.05, -0.0, 0, "0.00%" },
		{ 0.01, 0.05, 100, 126.78, "+26.78%" },
		{ 0.01, 0.05, 100, 50, "-50.00%" },
		{ 0.01, 0.05, 3, 1, "-66.67%" },
		{ 0.01, 0.05, 800, 801, "+0.12%" },
		{ 0.01, 0.05, -2, -3, "+50.00%" },
		/* P == Alpha is significant: only P > Alpha is "~". */
		{ 0.05, 0.05, 100, 150, "+50.00%" },
		/* assume=exact: P = Alpha = 0. */
		{ 0, 0, 4, 5, "+25.00%" },
		/* NaN > Alpha is false. */
		{ NAN, 0.05, 1, 2, "+100.00%" },
	};
	struct cbs_comparison cmp;
	char buf[64];
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < LEN(c); i++) {
		memset(&cmp, 0, sizeof(cmp));
		cmp.p = c[i].p;
		cmp.alpha = c[i].alpha;
		cmp.n1 = cmp.n2 = 10;
		cbs_format_delta(&cmp, c[i].old, c[i].new, buf, sizeof(buf));
		if (strcmp(buf, c[i].want) != 0) {
			print_error("delta p=%g %g -> %g: got %s, want %s\n",
			    c[i].p, c[i].old, c[i].new, buf, c[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/*
 * NaN centres: "old == new" and "old == 0" are both false in Go for NaN,
 * so the percentage is computed: fmt.Sprintf("%+.2f%%", NaN) is
 * "+NaN%".
 */
static void
test_format_delta_nan(void **state)
{
	struct cbs_comparison cmp;
	char buf[64];

	(void)state;
	memset(&cmp, 0, sizeof(cmp));
	cmp.p = 0.01;
	cmp.alpha = 0.05;
	assert_string_equal(cbs_format_delta(&cmp, NAN, NAN, buf,
	    sizeof(buf)), "+NaN%");
	assert_string_equal(cbs_format_delta(&cmp, NAN, 1, buf,
	    sizeof(buf)), "+NaN%");
}

/* ------------------------------------------------------------ test */

/*
 * Comparison.String: "p=%0.3f " unless P == 0, then "n=%d" if the sizes
 * agree, else "n=%d+%d".
 */
static void
test_format_comparison(void **state)
{
	static const struct {
		double p;
		size_t n1, n2;
		const char *want;
	} c[] = {
		{ 0.000123, 8, 8, "p=0.000 n=8" },
		{ 0.5, 8, 10, "p=0.500 n=8+10" },
		{ 0, 8, 8, "n=8" },
		{ 0, 1, 2, "n=1+2" },
		{ 1, 5, 5, "p=1.000 n=5" },
		{ 0.0005, 6, 6, "p=0.001 n=6" },
		{ 0.0015, 6, 6, "p=0.002 n=6" },
		{ 0.9995, 4, 4, "p=1.000 n=4" },
		{ NAN, 3, 3, "p=NaN n=3" },
		{ 0.02, 10, 1, "p=0.020 n=10+1" },
	};
	struct cbs_comparison cmp;
	char buf[64];
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < LEN(c); i++) {
		memset(&cmp, 0, sizeof(cmp));
		cmp.p = c[i].p;
		cmp.n1 = c[i].n1;
		cmp.n2 = c[i].n2;
		cmp.alpha = 0.05;
		cbs_format_comparison(&cmp, buf, sizeof(buf));
		if (strcmp(buf, c[i].want) != 0) {
			print_error("comparison p=%g: got %s, want %s\n",
			    c[i].p, buf, c[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* The geomean ratio: fmt.Sprintf("%+.2f%%", (tsum.Ratio-1)*100). */
static void
test_format_ratio(void **state)
{
	static const struct {
		double r;
		const char *want;
	} c[] = {
		{ 1.0221, "+2.21%" },
		{ 1, "+0.00%" },
		{ 0.5, "-50.00%" },
		{ 2.5, "+150.00%" },
		{ 0, "-100.00%" },
		{ 0.99999, "-0.00%" },
		{ 1.000049999, "+0.00%" },
		{ NAN, "+NaN%" },
		{ INFINITY, "+Inf%" },
	};
	char buf[64];
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < LEN(c); i++) {
		cbs_format_ratio(c[i].r, buf, sizeof(buf));
		if (strcmp(buf, c[i].want) != 0) {
			print_error("ratio %g: got %s, want %s\n", c[i].r, buf,
			    c[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------ tables */

struct fix {
	struct cbs_arena *arena;
	struct cbs_intern *strings;
	struct cbs_group *group;
	struct cbs_reader *units;
	struct cbs_tables *tables;
	const char *name;	/* of the case in a table of cases */
};

/* The fixture in use, freed by teardown if a test fails midway. */
static struct fix *live;

static void
fix_init(struct fix *f)
{
	struct cbs_group_opts o;
	char err[512];

	memset(f, 0, sizeof(*f));
	live = f;
	memset(&o, 0, sizeof(o));
	f->arena = cbs_arena_new();
	assert_non_null(f->arena);
	f->strings = cbs_intern_new(f->arena);
	assert_non_null(f->strings);
	err[0] = '\0';
	if (cbs_group_new(f->arena, f->strings, &o, &f->group, err,
	    sizeof(err)) != 0) {
		print_error("cbs_group_new: %s\n", err);
		fail();
	}
}

static void
fix_free(struct fix *f)
{
	live = NULL;
	cbs_group_free(f->group);
	cbs_reader_free(f->units);
	cbs_intern_free(f->strings);
	cbs_arena_free(f->arena);
}

static const char *
intern(struct fix *f, const char *s)
{
	const char *p = cbs_intern(f->strings, s, strlen(s));

	assert_non_null(p);
	return p;
}

/* Add one result per value: benchmark name in file (column) file. */
static void
add(struct fix *f, const char *file, const char *name, const char *unit,
    const double *vals, size_t n)
{
	struct cbs_config cfg;
	struct cbs_value v;
	struct cbs_result r;
	size_t i;

	cfg.key = intern(f, ".file");
	cfg.value = intern(f, file);
	cfg.is_file = 0;
	for (i = 0; i < n; i++) {
		memset(&v, 0, sizeof(v));
		v.value = v.orig_value = vals[i];
		v.unit = intern(f, unit);
		memset(&r, 0, sizeof(r));
		r.name = intern(f, name);
		r.name_len = strlen(name);
		r.iters = 1;
		r.config = &cfg;
		r.nconfig = 1;
		r.values = &v;
		r.nvalues = 1;
		r.path = file;
		r.line = i + 1;
		assert_int_equal(cbs_group_add(f->group, &r), 0);
	}
}

static const struct cbs_table *
build(struct fix *f)
{
	struct cbs_table_opts o;

	memset(&o, 0, sizeof(o));
	o.confidence = 0.95;
	o.alpha = 0.05;
	o.units = f->units;
	assert_int_equal(cbs_tables_build(f->group, &o, &f->tables), 0);
	assert_non_null(f->tables);
	assert_int_equal(f->tables->ntables, 1);
	return &f->tables->tables[0];
}

static size_t
col_of(const struct cbs_table *t, const char *file)
{
	size_t j;

	assert_int_equal(t->ncol_fields, 1);
	for (j = 0; j < t->ncols; j++)
		if (strcmp(t->col_values[j], file) == 0)
			return j;
	print_error("no column %s\n", file);
	fail();
	return 0;
}

static size_t
row_of(const struct cbs_table *t, const char *label)
{
	size_t i;

	for (i = 0; i < t->nrows; i++)
		if (strcmp(t->row_labels[i], label) == 0)
			return i;
	print_error("no row %s\n", label);
	fail();
	return 0;
}

static const struct cbs_cell *
cell(const struct cbs_table *t, const char *row, const char *file)
{
	return &t->cells[row_of(t, row) * t->ncols + col_of(t, file)];
}

static int
has_warning(const char **w, size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(w[i], want) == 0)
			return 1;
	return 0;
}

static void
check_warnings(const char **w, size_t n, const char *const *want,
    size_t nwant, const char *what)
{
	size_t i;

	if (n != nwant)
		goto bad;
	for (i = 0; i < n; i++)
		if (strcmp(w[i], want[i]) != 0)
			goto bad;
	return;
bad:
	print_error("%s: %zu warnings, want %zu:\n", what, n, nwant);
	for (i = 0; i < n; i++)
		print_error("  got: %s\n", w[i]);
	for (i = 0; i < nwant; i++)
		print_error("  want: %s\n", want[i]);
	fail();
}

#define W_SET	"benchmark set differs from baseline; geomeans may not " \
		"be comparable"
#define W_SUM	"summaries must be >0 to compute geomean"
#define W_RATIO	"ratios must be >0 to compute geomean"

/* Six spread values around c: median c, finite interval at 0.95. */
static void
six(double c, double *v)
{
	v[0] = c * 0.97;
	v[1] = c * 0.98;
	v[2] = c * 0.99;
	v[3] = c * 1.01;
	v[4] = c * 1.02;
	v[5] = c * 1.03;
}

/* ------------------------------------------------------------ geomean */

/* Whether a case checks a flag, and what it wants. */
enum want {
	ANY,	/* not checked */
	NO,
	YES,
};

/* Six spread values (six()) around centre, for benchmark bench in
 * column file. */
struct geo_series {
	const char *file, *bench;
	double centre;
};

/*
 * What a column's summary must be.  summary and ratio are the geomean
 * (ref_geomean) of their nsummary or nratio values, a single value taken
 * as it is, or not checked if there are none; warned YES wants exactly
 * the warnings in warn, NO none at all.
 */
struct geo_col {
	enum want has_summary;
	double summary[2];
	size_t nsummary;
	enum want has_ratio;
	double ratio[2];
	size_t nratio;
	enum want warned;
	const char *warn[2];
};

struct geo_case {
	const char *name;
	const char *unit;
	struct geo_series in[4];
	size_t nin;
	struct geo_col col[2];	/* "old", then "new" */
	/* Checks only this case makes, or NULL. */
	void (*extra)(const struct cbs_table *, const char *);
};

/* "name: what" in buf, to name a case's check. */
static const char *
named(char *buf, size_t len, const char *name, const char *what)
{
	snprintf(buf, len, "%s: %s", name, what);
	return buf;
}

static void
check_want(int got, enum want want, const char *what)
{
	if (want != ANY && got != (want == YES)) {
		print_error("%s: got %d, want %d\n", what, got, want == YES);
		fail();
	}
}

static void
check_int(long got, long want, const char *what)
{
	if (got != want) {
		print_error("%s: got %ld, want %ld\n", what, got, want);
		fail();
	}
}

static void
check_geomean(double got, const double *v, size_t n, const char *what)
{
	if (n > 0)
		check_rel(got, n == 1 ? v[0] : ref_geomean(v, n), 1e-14, what);
}

static void
check_geo_col(const struct cbs_col_summary *s, const struct geo_col *w,
    const char *name, const char *col)
{
	char what[128];
	size_t nwarn;

	snprintf(what, sizeof(what), "%s: %s has_summary", name, col);
	check_want(s->has_summary, w->has_summary, what);
	snprintf(what, sizeof(what), "%s: %s geomean", name, col);
	check_geomean(s->summary, w->summary, w->nsummary, what);
	snprintf(what, sizeof(what), "%s: %s has_ratio", name, col);
	check_want(s->has_ratio, w->has_ratio, what);
	snprintf(what, sizeof(what), "%s: %s ratio", name, col);
	check_geomean(s->ratio, w->ratio, w->nratio, what);
	if (w->warned == ANY)
		return;
	for (nwarn = 0; nwarn < LEN(w->warn) && w->warn[nwarn] != NULL;
	    nwarn++)
		continue;
	snprintf(what, sizeof(what), "%s: %s summary", name, col);
	check_warnings(s->warnings, s->nwarnings, w->warn,
	    w->warned == YES ? nwarn : 0, what);
}

/* The median of six(c) is the mean of its two middle values
 * (go-moremath Sample.Quantile). */
#define MID6(c)	(((c) * 0.99 + (c) * 1.01) / 2)

/* Both columns complete: the layout, centres, ratios and baselines. */
static void
geo_basic(const struct cbs_table *t, const char *name)
{
	char what[128];

	if (strcmp(t->unit, "sec/op") != 0) {
		print_error("%s: unit %s, want sec/op\n", name, t->unit);
		fail();
	}
	check_int((long)t->nrows, 2, named(what, sizeof(what), name, "rows"));
	check_int((long)t->ncols, 2, named(what, sizeof(what), name,
	    "columns"));
	check_int((long)col_of(t, "old"), 0, named(what, sizeof(what), name,
	    "column of old"));
	check_int((long)col_of(t, "new"), 1, named(what, sizeof(what), name,
	    "column of new"));
	check_rel(cell(t, "X", "old")->summary.center, MID6(2), 1e-14,
	    named(what, sizeof(what), name, "X old centre"));
	check_rel(cell(t, "X", "new")->summary.center / MID6(2), 1.5, 1e-14,
	    named(what, sizeof(what), name, "X ratio"));
	check_rel(cell(t, "Y", "new")->summary.center / MID6(8), 0.75, 1e-14,
	    named(what, sizeof(what), name, "Y ratio"));
	/* Baselines: only later columns are compared. */
	check_int(cell(t, "X", "old")->has_baseline, 0, named(what,
	    sizeof(what), name, "X old has_baseline"));
	check_int(cell(t, "X", "new")->has_baseline, 1, named(what,
	    sizeof(what), name, "X new has_baseline"));
}

static void
geo_set_differs(const struct cbs_table *t, const char *name)
{
	char what[128];

	check_int((long)t->ncols, 2, named(what, sizeof(what), name,
	    "columns"));
	check_int(cell(t, "Y", "new")->present, 0, named(what, sizeof(what),
	    name, "Y new present"));
}

static void
geo_extra_row(const struct cbs_table *t, const char *name)
{
	char what[128];

	check_int(cell(t, "Z", "new")->has_baseline, 0, named(what,
	    sizeof(what), name, "Z new has_baseline"));
}

static void
geo_single_row(const struct cbs_table *t, const char *name)
{
	char what[128];

	check_int((long)t->nrows, 1, named(what, sizeof(what), name, "rows"));
}

/*
 * The geomean row, against summarizeCol, one case a row: the inputs in
 * the order they are added, then what each column's summary must be.
 */
static const struct geo_case geo_cases[] = {
	/*
	 * The geomean of the column's centres and of the ratios of each
	 * centre to its row's baseline centre; both columns complete, so
	 * no warnings.
	 */
	{ "basic", "sec/op",
	    { { "old", "X", 2 }, { "new", "X", 3 }, { "old", "Y", 8 },
	    { "new", "Y", 6 } }, 4,
	    { { .has_summary = YES, .summary = { MID6(2), MID6(8) },
	    .nsummary = 2, .has_ratio = NO, .warned = NO },
	    { .has_summary = YES, .summary = { 3, 6 }, .nsummary = 2,
	    .has_ratio = YES, .ratio = { 1.5, 0.75 }, .nratio = 2,
	    .warned = NO } },
	    geo_basic },
	/*
	 * "if !isBase && nBase != len(ratios)" warns that the benchmark
	 * set differs.  Here the base column has X and Y, the second
	 * column only X; the geomeans are still computed over what is
	 * there: of one centre, and the ratio of one row.
	 */
	{ "set_differs", "sec/op",
	    { { "old", "X", 2 }, { "old", "Y", 8 }, { "new", "X", 4 } }, 3,
	    { { .warned = NO },
	    { .has_summary = YES, .summary = { 4 }, .nsummary = 1,
	    .has_ratio = YES, .ratio = { 2 }, .nratio = 1, .warned = YES,
	    .warn = { W_SET } } },
	    geo_set_differs },
	/*
	 * A row only in a later column has no baseline, so it adds a centre
	 * but no ratio: len(ratios) == nBase and no warning is due, while
	 * the summary covers both centres and the ratio only X.
	 */
	{ "extra_row_in_later_column", "sec/op",
	    { { "old", "X", 2 }, { "new", "X", 4 }, { "new", "Z", 9 } }, 3,
	    { { .warned = ANY },
	    { .summary = { 4, 9 }, .nsummary = 2, .ratio = { 2 },
	    .nratio = 1, .warned = NO } },
	    geo_extra_row },
	/*
	 * stats.GeoMean is NaN when a value is <= 0; summarizeCol then
	 * warns "summaries must be >0 to compute geomean" and leaves
	 * HasSummary false.  A 0/0 ratio counts as 1 ("if a == b { ratio =
	 * 1 }"), so the ratio geomean is still defined: geomean(1, 2) =
	 * sqrt(2).  (Centre 0: six(0) is six zeros.)
	 */
	{ "zero_centres", "B/op",
	    { { "old", "X", 0 }, { "new", "X", 0 }, { "old", "Y", 2 },
	    { "new", "Y", 4 } }, 4,
	    { { .has_summary = NO, .warned = YES, .warn = { W_SUM } },
	    { .has_summary = NO, .has_ratio = YES, .ratio = { M_SQRT2 },
	    .nratio = 1, .warned = YES, .warn = { W_SUM } } },
	    NULL },
	/*
	 * A zero baseline under a non-zero centre sets badRatio: no ratio
	 * geomean and no ratio warning at all ("if !isBase &&
	 * !badRatio").
	 */
	{ "zero_baseline", "B/op",
	    { { "old", "X", 0 }, { "new", "X", 5 } }, 2,
	    { { .warned = YES, .warn = { W_SUM } },
	    { .has_summary = YES, .summary = { 5 }, .nsummary = 1,
	    .has_ratio = NO, .warned = NO } },
	    NULL },
	/*
	 * A negative ratio makes GeoMean(ratios) NaN: "ratios must be >0
	 * to compute geomean", after the summary warning for the negative
	 * centre.
	 */
	{ "negative_ratio", "x/op",
	    { { "old", "X", 2 }, { "new", "X", -2 } }, 2,
	    { { .warned = ANY },
	    { .has_summary = NO, .has_ratio = NO, .warned = YES,
	    .warn = { W_SUM, W_RATIO } } },
	    NULL },
	/*
	 * The summary row is computed for every table; only ToText leaves
	 * it out when len(t.Rows) == 1.  One row, two columns.
	 */
	{ "single_row_summary", "sec/op",
	    { { "old", "X", 10 }, { "new", "X", 11 } }, 2,
	    { { .has_summary = YES, .summary = { 10 }, .nsummary = 1 },
	    { .has_summary = YES, .summary = { 11 }, .nsummary = 1,
	    .has_ratio = YES, .ratio = { 1.1 }, .nratio = 1 } },
	    geo_single_row },
};

static void
test_geomean(void **state)
{
	static struct fix f;	/* outlives a failed test */
	const struct geo_case *c;
	const struct cbs_table *t;
	double v[6];
	size_t i, j;

	(void)state;
	for (i = 0; i < LEN(geo_cases); i++) {
		c = &geo_cases[i];
		fix_init(&f);
		f.name = c->name;
		for (j = 0; j < c->nin; j++) {
			six(c->in[j].centre, v);
			add(&f, c->in[j].file, c->in[j].bench, c->unit, v,
			    LEN(v));
		}
		t = build(&f);
		check_geo_col(&t->summary[0], &c->col[0], c->name, "old");
		check_geo_col(&t->summary[1], &c->col[1], c->name, "new");
		if (c->extra != NULL)
			c->extra(t, c->name);
		fix_free(&f);
	}
}

/*
 * go-moremath MannWhitneyUTest fails with ErrSamplesEqual ("all samples
 * are equal") when every value of both samples is the same; upstream's
 * assumeNothing.Compare then reports P = 1 with that warning, so the
 * delta is "~".
 */
static void
test_utest_all_equal(void **state)
{
	static const char *const want[] = { "all samples are equal" };
	static const double v[6] = { 5, 5, 5, 5, 5, 5 };
	static struct fix f;	/* outlives a failed test */
	const struct cbs_table *t;
	const struct cbs_cell *c;
	char buf[64];

	(void)state;
	fix_init(&f);
	add(&f, "old", "X", "allocs/op", v, 6);
	add(&f, "new", "X", "allocs/op", v, 6);
	t = build(&f);
	c = cell(t, "X", "new");
	assert_int_equal(c->has_baseline, 1);
	check_warnings(c->cmp_warnings, c->ncmp_warnings, want, LEN(want),
	    "comparison");
	check_rel(c->cmp.p, 1, 0, "p");
	assert_string_equal(cbs_format_comparison(&c->cmp, buf, sizeof(buf)),
	    "p=1.000 n=6");
	assert_string_equal(cbs_format_delta(&c->cmp,
	    cell(t, "X", "old")->summary.center, c->summary.center, buf,
	    sizeof(buf)), "~");
	assert_string_equal(cbs_format_range(&c->summary, buf, sizeof(buf)),
	    "0%");
	fix_free(&f);
}

/*
 * assumeNothing.Summary: the median's interval is infinite when no pair
 * of order statistics reaches the confidence, and medianSamples names
 * the smallest n that does.  The widest interval [x(1), x(n)] covers the
 * median with probability 1 - 2 * 0.5^n: 0.9375 for n = 5 and 0.96875
 * for n = 6, so at 0.95 the text is "need >= 6 samples for confidence
 * interval at level 0.95" (level printed with %v).
 */
static void
test_need_samples_for_ci(void **state)
{
	static const char *const want[] = {
		"need >= 6 samples for confidence interval at level 0.95"
	};
	static const double five[] = { 1, 2, 3, 4, 5 };
	static const double sixv[] = { 1, 2, 3, 4, 5, 6 };
	static struct fix f;	/* outlives a failed test */
	const struct cbs_table *t;
	const struct cbs_cell *c;
	char buf[64];

	(void)state;
	fix_init(&f);
	add(&f, "old", "Five", "sec/op", five, LEN(five));
	add(&f, "old", "Six", "sec/op", sixv, LEN(sixv));
	t = build(&f);
	c = cell(t, "Five", "old");
	check_warnings(c->warnings, c->nwarnings, want, LEN(want), "n=5");
	check_rel(c->summary.center, 3, 1e-14, "median of 5");
	assert_string_equal(cbs_format_range(&c->summary, buf, sizeof(buf)),
	    "\xe2\x88\x9e");
	c = cell(t, "Six", "old");
	check_warnings(c->warnings, c->nwarnings, NULL, 0, "n=6");
	check_rel(c->summary.center, 3.5, 1e-14, "median of 6");
	check_rel(c->summary.lo, 1, 0, "lo of 6");
	check_rel(c->summary.hi, 6, 0, "hi of 6");
	/* max(6/3.5 - 1, 1 - 1/3.5) = 0.714...: "71%". */
	assert_string_equal(cbs_format_range(&c->summary, buf, sizeof(buf)),
	    "71%");
	fix_free(&f);
}

/*
 * assumeNothing.Compare: with P > Alpha and both sizes below the
 * smallest n whose uTestMinP[n] <= Alpha (uTestMinP[3] = 0.1,
 * uTestMinP[4] = 0.0286 for alpha 0.05), warn "need >= 4 samples to
 * detect a difference at alpha level 0.05".  Two separated samples of 3
 * reach exactly that minimum, p = 2/C(6,3) = 0.1; of 8, p = 2/C(16,8).
 */
static void
test_utest_small_and_exact(void **state)
{
	static const char *const want[] = {
		"need >= 4 samples to detect a difference at alpha level 0.05"
	};
	static const double a3[] = { 1, 2, 3 }, b3[] = { 4, 5, 6 };
	static const double a8[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const double b8[] = { 11, 12, 13, 14, 15, 16, 17, 18 };
	static struct fix f;	/* outlives a failed test */
	const struct cbs_table *t;
	const struct cbs_cell *c;
	char buf[64];

	(void)state;
	fix_init(&f);
	add(&f, "old", "Small", "sec/op", a3, 3);
	add(&f, "new", "Small", "sec/op", b3, 3);
	add(&f, "old", "Big", "sec/op", a8, 8);
	add(&f, "new", "Big", "sec/op", b8, 8);
	t = build(&f);

	c = cell(t, "Small", "new");
	check_rel(c->cmp.p, 0.1, 1e-12, "p of 3+3");
	check_warnings(c->cmp_warnings, c->ncmp_warnings, want, LEN(want),
	    "3+3");
	assert_string_equal(cbs_format_comparison(&c->cmp, buf, sizeof(buf)),
	    "p=0.100 n=3");
	assert_string_equal(cbs_format_delta(&c->cmp, 2, 5, buf,
	    sizeof(buf)), "~");

	c = cell(t, "Big", "new");
	check_rel(c->cmp.p, 2.0 / 12870, 1e-12, "p of 8+8");
	check_warnings(c->cmp_warnings, c->ncmp_warnings, NULL, 0, "8+8");
	assert_string_equal(cbs_format_comparison(&c->cmp, buf, sizeof(buf)),
	    "p=0.000 n=8");
	/* Medians 4.5 and 14.5. */
	assert_string_equal(cbs_format_delta(&c->cmp,
	    cell(t, "Big", "old")->summary.center, c->summary.center, buf,
	    sizeof(buf)), "+222.22%");
	fix_free(&f);
}

/*
 * benchmath/aexact.go with "Unit widgets/op assume=exact": the centre is
 * the mode, Lo and Hi the extremes, a spread is warned about ("exact
 * distribution expected, but values range from %v to %v"), and Compare
 * returns P = 0, Alpha = 0: "n=1+3" and a delta even from one value.
 */
static void
test_assume_exact(void **state)
{
	static const char unitline[] = "Unit widgets/op assume=exact\n";
	static const char *const want[] = {
		"exact distribution expected, but values range from 12 to "
		    "13.5"
	};
	static const double a[] = { 10 }, b[] = { 13.5, 12, 12 };
	static struct fix f;	/* outlives a failed test */
	const struct cbs_table *t;
	const struct cbs_cell *c;
	char buf[64], err[256];
	FILE *fp;

	(void)state;
	fix_init(&f);
	f.units = cbs_reader_new(f.arena, f.strings);
	assert_non_null(f.units);
	fp = fmemopen((void *)(uintptr_t)unitline, strlen(unitline), "r");
	assert_non_null(fp);
	assert_int_equal(cbs_reader_read(f.units, fp, "units", "units",
	    NULL, NULL, NULL, err, sizeof(err)), 0);
	fclose(fp);
	add(&f, "old", "X", "widgets/op", a, 1);
	add(&f, "new", "X", "widgets/op", b, 3);
	t = build(&f);
	assert_int_equal(t->assume_exact, 1);
	c = cell(t, "X", "new");
	check_rel(c->summary.center, 12, 0, "mode");
	check_rel(c->summary.lo, 12, 0, "lo");
	check_rel(c->summary.hi, 13.5, 0, "hi");
	check_warnings(c->warnings, c->nwarnings, want, LEN(want), "spread");
	assert_string_equal(cbs_format_comparison(&c->cmp, buf, sizeof(buf)),
	    "n=1+3");
	assert_string_equal(cbs_format_delta(&c->cmp, 10, c->summary.center,
	    buf, sizeof(buf)), "+20.00%");
	/* max(13.5/12 - 1, 1 - 12/12) = 0.125: "%.0f" rounds to even. */
	assert_string_equal(cbs_format_range(&c->summary, buf, sizeof(buf)),
	    "12%");
	c = cell(t, "X", "old");
	check_warnings(c->warnings, c->nwarnings, NULL, 0, "single value");
	assert_int_equal(has_warning(c->warnings, c->nwarnings,
	    want[0]), 0);
	fix_free(&f);
}

/* Free what a failed test left behind (cmocka's fail() longjmps). */
static int
teardown(void **state)
{
	(void)state;
	if (live != NULL && live->name != NULL)
		print_error("(in case %s)\n", live->name);
	if (live != NULL)
		fix_free(live);
	return 0;
}

#define T(f)	cmocka_unit_test_teardown(f, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_format_range),
		T(test_format_range_nan),
		T(test_format_delta),
		T(test_format_delta_nan),
		T(test_format_comparison),
		T(test_format_ratio),
		T(test_geomean),
		T(test_utest_all_equal),
		T(test_need_samples_for_ci),
		T(test_utest_small_and_exact),
		T(test_assume_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
