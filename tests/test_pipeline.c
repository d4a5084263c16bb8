/*
 * test_pipeline.c: the whole library pipeline (read, group, tables,
 * text) and the history report (every format) under allocation
 * failure, and the order of equal values in a sorted sample.
 *
 * The binary is linked with -Wl,--wrap for malloc, calloc, realloc,
 * strdup, strndup, open_memstream and free (see the Makefile), so the
 * library's allocations go through the wrappers below; allocations
 * inside the C library (stdio) and SQLite do not.  The wrappers can
 * fail the Nth allocation and count the blocks still live, so a leak on
 * an error path fails the test even without LeakSanitizer.
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
#include <unistd.h>

#include "cbenchstat.h"

void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
char *__real_strdup(const char *);
char *__real_strndup(const char *, size_t);
FILE *__real_open_memstream(char **, size_t *);
void __real_free(void *);
void *__wrap_malloc(size_t);
void *__wrap_calloc(size_t, size_t);
void *__wrap_realloc(void *, size_t);
char *__wrap_strdup(const char *);
char *__wrap_strndup(const char *, size_t);
FILE *__wrap_open_memstream(char **, size_t *);
void __wrap_free(void *);

static long fail_at;		/* fail allocation number fail_at; 0: none */
static long nallocs;		/* allocations attempted since reset */
static long live;		/* blocks allocated and not yet freed */

/* @return 1 if this allocation is the one to fail. */
static int
should_fail(void)
{
	return ++nallocs == fail_at;
}

void *
__wrap_malloc(size_t n)
{
	void *p;

	if (should_fail())
		return NULL;
	if ((p = __real_malloc(n)) != NULL)
		live++;
	return p;
}

void *
__wrap_calloc(size_t n, size_t size)
{
	void *p;

	if (should_fail())
		return NULL;
	if ((p = __real_calloc(n, size)) != NULL)
		live++;
	return p;
}

void *
__wrap_realloc(void *old, size_t n)
{
	void *p;

	if (should_fail())
		return NULL;
	if ((p = __real_realloc(old, n)) != NULL && old == NULL)
		live++;
	return p;
}

/* The history frees strings it copied with strdup: counted too, or
 * their frees would make live negative. */
char *
__wrap_strdup(const char *s)
{
	char *p;

	if (should_fail())
		return NULL;
	if ((p = __real_strdup(s)) != NULL)
		live++;
	return p;
}

char *
__wrap_strndup(const char *s, size_t n)
{
	char *p;

	if (should_fail())
		return NULL;
	if ((p = __real_strndup(s, n)) != NULL)
		live++;
	return p;
}

/* The buffer a memory stream leaves, which the caller frees: one block
 * (the history's HTML page is written in such parts). */
FILE *
__wrap_open_memstream(char **buf, size_t *len)
{
	FILE *f;

	if (should_fail())
		return NULL;
	if ((f = __real_open_memstream(buf, len)) != NULL)
		live++;
	return f;
}

void
__wrap_free(void *p)
{
	if (p != NULL)
		live--;
	__real_free(p);
}

static void
alloc_reset(long n)
{
	fail_at = n;
	nallocs = 0;
	live = 0;
}

/* Two inputs with configuration, unit metadata, several units, a
 * residue mix, a bad line and a number long enough to be copied. */
static const char old_txt[] =
    "goos: linux\n"
    "pkg: example.com/a\n"
    "Unit B/op assume=exact\n"
    "BenchmarkEncode/size=1-8 100 10.5 ns/op 64 B/op 1 allocs/op\n"
    "BenchmarkEncode/size=1-8 100 10.7 ns/op 64 B/op 1 allocs/op\n"
    "BenchmarkEncode/size=1-8 100 10.6 ns/op 64 B/op 1 allocs/op\n"
    "BenchmarkDecode-8 100 20 ns/op\n"
    "BenchmarkDecode-8 100 "
    "21.000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000"
    " ns/op\n"
    "BenchmarkBad-8 100 x ns/op\n"
    "pkg: example.com/b\n"
    "BenchmarkHash-4 1000 3 ns/op\n"
    "BenchmarkHash-4 1000 3.1 ns/op\n";

static const char new_txt[] =
    "goos: linux\n"
    "pkg: example.com/a\n"
    "BenchmarkEncode/size=1-8 100 9.5 ns/op 64 B/op 1 allocs/op\n"
    "BenchmarkEncode/size=1-8 100 9.7 ns/op 80 B/op 2 allocs/op\n"
    "BenchmarkEncode/size=1-8 100 9.6 ns/op 64 B/op 1 allocs/op\n"
    "BenchmarkDecode-8 100 22 ns/op\n"
    "BenchmarkDecode-8 100 23 ns/op\n"
    "pkg: example.com/b\n"
    "BenchmarkHash-4 1000 3.2 ns/op\n"
    "BenchmarkHash-8 1000 3.3 ns/op\n";

/* A third input whose 40 configuration keys change one per result:
 * table keys long enough to be kept in shared tries. */
static char wide_txt[4096];

static void
make_wide(void)
{
	size_t o = 0, i;

	for (i = 0; i < 40; i++)
		o += (size_t)snprintf(wide_txt + o, sizeof(wide_txt) - o,
		    "k%zu: v\n", i);
	for (i = 0; i < 6; i++)
		o += (size_t)snprintf(wide_txt + o, sizeof(wide_txt) - o,
		    "k%zu: w\nBenchmarkHash-4 1000 %zu ns/op\n", i * 7, i + 3);
	assert_true(o < sizeof(wide_txt) - 1);
}

struct pipe {
	struct cbs_arena *arena;
	struct cbs_intern *strings;
	struct cbs_reader *reader;
	struct cbs_group *group;
	struct cbs_tables *tables;
};

static int
on_result(const struct cbs_result *r, void *ctx)
{
	struct pipe *p = ctx;

	return cbs_group_add(p->group, r);
}

static int
read_one(struct pipe *p, const char *text, const char *label)
{
	char err[256];
	FILE *fp;
	int rc;

	fp = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	assert_non_null(fp);
	rc = cbs_reader_read(p->reader, fp, label, label, on_result, NULL, p,
	    err, sizeof(err));
	fclose(fp);
	return rc;
}

/* Run the pipeline on the two inputs; out gets the text tables.
 * @return 0 or the first error. */
static int
run_pipeline(struct pipe *p, FILE *out)
{
	struct cbs_group_opts go;
	struct cbs_table_opts to;
	char err[256];
	int rc;

	memset(p, 0, sizeof(*p));
	memset(&go, 0, sizeof(go));
	if ((p->arena = cbs_arena_new()) == NULL ||
	    (p->strings = cbs_intern_new(p->arena)) == NULL ||
	    (p->reader = cbs_reader_new(p->arena, p->strings)) == NULL)
		return CBS_ENOMEM;
	if ((rc = cbs_group_new(p->arena, p->strings, &go, &p->group, err,
	    sizeof(err))) != 0)
		return rc;
	if ((rc = read_one(p, old_txt, "old")) != 0 ||
	    (rc = read_one(p, new_txt, "new")) != 0 ||
	    (rc = read_one(p, wide_txt, "wide")) != 0)
		return rc;
	memset(&to, 0, sizeof(to));
	to.confidence = 0.95;
	to.alpha = 0.05;
	to.units = p->reader;
	if ((rc = cbs_tables_build(p->group, &to, &p->tables)) != 0)
		return rc;
	return cbs_format_text(p->tables, out);
}

static void
pipe_free(struct pipe *p)
{
	cbs_group_free(p->group);
	cbs_reader_free(p->reader);
	cbs_intern_free(p->strings);
	cbs_arena_free(p->arena);
}

/*
 * Fail each allocation in turn: every run must report CBS_ENOMEM (never
 * another error, never a crash) and free everything; the run in which no
 * allocation fails must print what an unhindered run prints.
 */
static void
test_every_allocation_fails_cleanly(void **state)
{
	char want[16384], got[16384];
	struct pipe p;
	long n, total;
	FILE *out;
	int rc;

	(void)state;
	make_wide();
	out = fmemopen(want, sizeof(want), "w");
	assert_non_null(out);
	alloc_reset(0);
	assert_int_equal(run_pipeline(&p, out), 0);
	pipe_free(&p);
	fclose(out);
	total = nallocs;
	assert_int_equal(live, 0);
	assert_true(total > 50);
	assert_non_null(strstr(want, "pkg: example.com/b"));
	assert_non_null(strstr(want, "k35: w"));
	for (n = 1; n <= total + 1; n++) {
		memset(got, 0, sizeof(got));
		out = fmemopen(got, sizeof(got), "w");
		assert_non_null(out);
		alloc_reset(n);
		rc = run_pipeline(&p, out);
		pipe_free(&p);
		fclose(out);
		if (n <= total && rc != CBS_ENOMEM) {
			print_error("allocation %ld of %ld failed: got %d\n",
			    n, total, rc);
			fail();
		}
		if (live != 0) {
			print_error("allocation %ld failed: %ld blocks "
			    "leaked\n", n, live);
			fail();
		}
		if (n > total) {
			assert_int_equal(rc, 0);
			assert_string_equal(got, want);
		}
	}
	alloc_reset(0);
}

/*
 * Values that compare equal but differ keep their input order in a
 * sorted sample (-0 and +0 here; the C library's qsort is not stable in
 * every version), for short samples and for long ones alike.
 */
static void
check_zero_order(size_t n)
{
	struct cbs_group_opts go;
	struct cbs_table_opts to;
	const struct cbs_table *t;
	struct cbs_config cfg;
	struct cbs_value v;
	struct cbs_result r;
	struct pipe p;
	char err[256], want[1024], got[1024];
	size_t i, nz = 0, ng = 0;
	int rc;

	assert_true(n < sizeof(want));
	alloc_reset(0);
	memset(&p, 0, sizeof(p));
	memset(&go, 0, sizeof(go));
	p.arena = cbs_arena_new();
	assert_non_null(p.arena);
	p.strings = cbs_intern_new(p.arena);
	assert_non_null(p.strings);
	rc = cbs_group_new(p.arena, p.strings, &go, &p.group, err,
	    sizeof(err));
	assert_int_equal(rc, 0);
	cfg.key = cbs_intern(p.strings, ".file", 5);
	cfg.value = cbs_intern(p.strings, "a", 1);
	cfg.is_file = 0;
	memset(&r, 0, sizeof(r));
	r.name = "Z";
	r.name_len = 1;
	r.iters = 1;
	r.config = &cfg;
	r.nconfig = 1;
	r.values = &v;
	r.nvalues = 1;
	r.path = "a";
	for (i = 0; i < n; i++) {
		memset(&v, 0, sizeof(v));
		/* Zeros of a pseudo-random sign among other values. */
		if (i % 3 == 0)
			v.value = (double)(i % 7) - 3.5;
		else {
			v.value = ((i * 2654435761u) >> 7) & 1 ? -0.0 : 0.0;
			want[nz++] = signbit(v.value) ? '-' : '+';
		}
		v.orig_value = v.value;
		v.unit = cbs_intern(p.strings, "sec/op", 6);
		r.line = i + 1;
		assert_int_equal(cbs_group_add(p.group, &r), 0);
	}
	memset(&to, 0, sizeof(to));
	to.confidence = 0.95;
	to.alpha = 0.05;
	assert_int_equal(cbs_tables_build(p.group, &to, &p.tables), 0);
	assert_int_equal(p.tables->ntables, 1);
	t = &p.tables->tables[0];
	assert_int_equal(t->cells[0].n, n);
	for (i = 0; i < n; i++) {
		if (i > 0)
			assert_false(t->cells[0].values[i - 1] >
			    t->cells[0].values[i]);
		if (fpclassify(t->cells[0].values[i]) == FP_ZERO)
			got[ng++] = signbit(t->cells[0].values[i]) ? '-' : '+';
	}
	want[nz] = got[ng] = '\0';
	assert_string_equal(got, want);
	pipe_free(&p);
}

static void
test_sort_is_stable(void **state)
{
	(void)state;
	check_zero_order(20);
	check_zero_order(33);
	check_zero_order(500);
}

/* ------------------------------------------------------ the history */

/* Six commits of two benchmarks, a +20% step at the fourth, recorded
 * into a new database at path. */
static void
make_history(const char *path)
{
	struct cbs_history_commit c;
	struct cbs_history *h;
	char err[256], id[16], run[1024];
	size_t i, r, o, nv;
	int added;
	FILE *fp;

	assert_int_equal(cbs_history_open(path, CBS_HISTORY_WRITE, &h, err,
	    sizeof(err)), 0);
	for (i = 0; i < 6; i++) {
		o = (size_t)snprintf(run, sizeof(run), "pkg: example.com/h\n");
		for (r = 0; r < 6; r++)
			o += (size_t)snprintf(run + o, sizeof(run) - o,
			    "BenchmarkA-8 1 %zu ns/op\nBenchmarkB-8 1 %zu "
			    "B/op\n", (i < 3 ? 100 : 120) + r, 50 + r);
		assert_true(o < sizeof(run) - 1);
		snprintf(id, sizeof(id), "c%zu", i + 1);
		memset(&c, 0, sizeof(c));
		c.id = id;
		c.branch = "main";
		c.commit_time = 1700000000 + (long long)i;
		fp = fmemopen(run, o, "r");
		assert_non_null(fp);
		assert_int_equal(cbs_history_record(h, &c, "run.txt", fp, NULL,
		    NULL, &added, &nv, err, sizeof(err)), 0);
		fclose(fp);
	}
	cbs_history_close(h);
}

/* The history report of h in format to out.
 * @return what cbs_history_report returns. */
static long
run_history(struct cbs_history *h, const char *format, FILE *out)
{
	struct cbs_history_report_opts o;
	struct cbs_history_query q;
	char err[256];
	long regressions;

	memset(&q, 0, sizeof(q));
	memset(&o, 0, sizeof(o));
	o.format = format;
	cbs_history_change_defaults(&o.changes);
	return cbs_history_report(h, &q, &o, out, &regressions, err,
	    sizeof(err));
}

/*
 * The history report in a format, each of its allocations failed in
 * turn: an error every time (issue 19: the text format left a series
 * out and reported success), nothing leaked, and the unhindered run's
 * bytes.  The database is opened unhindered: the report is under test.
 */
static void
check_history_fails_cleanly(struct cbs_history *h, const char *format)
{
	static char want[32768], got[32768];
	long n, total, rc;
	FILE *out;

	out = fmemopen(want, sizeof(want), "w");
	assert_non_null(out);
	alloc_reset(0);
	assert_int_equal(run_history(h, format, out), 2);
	fclose(out);
	total = nallocs;
	assert_int_equal(live, 0);
	assert_true(total > 10);
	for (n = 1; n <= total + 1; n++) {
		memset(got, 0, sizeof(got));
		out = fmemopen(got, sizeof(got), "w");
		assert_non_null(out);
		alloc_reset(n);
		rc = run_history(h, format, out);
		fclose(out);
		if (n <= total && rc >= 0) {
			print_error("%s: allocation %ld of %ld failed: got "
			    "%ld series, no error\n", format, n, total, rc);
			fail();
		}
		if (live != 0) {
			print_error("%s: allocation %ld failed: %ld blocks "
			    "leaked\n", format, n, live);
			fail();
		}
		if (n > total) {
			assert_int_equal(rc, 2);
			assert_string_equal(got, want);
		}
	}
	alloc_reset(0);
}

static void
test_history_allocation_fails_cleanly(void **state)
{
	static const char *const formats[] = { "text", "csv", "markdown",
	    "json", "html" };
	char dir[] = "/tmp/cbs-history-XXXXXX", path[64], err[256];
	struct cbs_history *h;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/h.db", dir);
	alloc_reset(0);
	make_history(path);
	assert_int_equal(cbs_history_open(path, CBS_HISTORY_READ, &h, err,
	    sizeof(err)), 0);
	for (i = 0; i < LEN(formats); i++)
		check_history_fails_cleanly(h, formats[i]);
	cbs_history_close(h);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/*
 * Opening the database to read, each allocation failed in turn: an
 * error, never another way of reading it (issue 19: without memory to
 * ask whether its directory may be written, the reader took "no" and
 * opened the file another way, and a -wal file it could not look for
 * was taken for none), and nothing leaked.
 */
static void
test_history_open_fails_cleanly(void **state)
{
	char dir[] = "/tmp/cbs-history-XXXXXX", path[64], err[256];
	struct cbs_history *h;
	long n, total;
	int rc;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/h.db", dir);
	alloc_reset(0);
	make_history(path);
	alloc_reset(0);
	assert_int_equal(cbs_history_open(path, CBS_HISTORY_READ, &h, err,
	    sizeof(err)), 0);
	cbs_history_close(h);
	total = nallocs;
	assert_int_equal(live, 0);
	assert_true(total >= 3);
	for (n = 1; n <= total + 1; n++) {
		alloc_reset(n);
		rc = cbs_history_open(path, CBS_HISTORY_READ, &h, err,
		    sizeof(err));
		cbs_history_close(h);
		if (n <= total && rc != CBS_ENOMEM) {
			print_error("allocation %ld of %ld failed: got %d\n",
			    n, total, rc);
			fail();
		}
		if (live != 0) {
			print_error("allocation %ld failed: %ld blocks "
			    "leaked\n", n, live);
			fail();
		}
	}
	alloc_reset(0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_allocation_fails_cleanly),
		cmocka_unit_test(test_sort_is_stable),
		cmocka_unit_test(test_history_allocation_fails_cleanly),
		cmocka_unit_test(test_history_open_fails_cleanly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
