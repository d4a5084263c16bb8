/*
 * test_reader.c: reader.c and extract.c against upstream
 * golang.org/x/perf benchfmt (reader.go, files.go, result.go, the
 * bytesconv fork of strconv, and the tables of reader_test.go) and
 * benchproc (extract.go, extract_test.go).
 *
 * Where the expectation is Go's own behaviour rather than a value copied
 * from an upstream test table, it was checked with the Debian Go 1.19.8
 * toolchain (/usr/bin/go): strconv.ParseFloat and strconv.Atoi, whose
 * syntax and range rules benchfmt/internal/bytesconv copies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "cli/cli_inputs.h"
#include "input/input.h"
#include "query/query.h"

#define MAXREC	64
#define MAXCFG	16
#define MAXVAL	16

/* ------------------------------------------------------------ harness */

struct rec {
	char name[256];
	size_t name_len;
	long long iters;
	struct cbs_config config[MAXCFG];
	size_t nconfig;
	struct cbs_value values[MAXVAL];
	size_t nvalues;
	const char *path;
	size_t line;
};

struct drec {
	const char *file;
	size_t line;
	char msg[256];
};

struct coll {
	struct rec r[MAXREC];
	size_t nr;
	struct drec d[MAXREC];
	size_t nd;
	size_t stop_after;	/* return stop_rc after this many; 0: never */
	int stop_rc;
};

struct fix {
	struct cbs_arena *arena;
	struct cbs_intern *strings;
	struct cbs_reader *reader;
	struct coll *c;
	char err[512];
};

static int
on_result(const struct cbs_result *r, void *ctx)
{
	struct coll *c = ctx;
	struct rec *o;

	assert_true(c->nr < MAXREC);
	assert_true(r->name_len < sizeof(o->name));
	assert_true(r->nconfig <= MAXCFG);
	assert_true(r->nvalues <= MAXVAL);
	o = &c->r[c->nr++];
	memcpy(o->name, r->name, r->name_len);
	o->name[r->name_len] = '\0';
	/* The name is documented as NUL-ended. */
	assert_int_equal(r->name[r->name_len], '\0');
	o->name_len = r->name_len;
	o->iters = r->iters;
	if (r->nconfig > 0)
		memcpy(o->config, r->config, r->nconfig * sizeof(*r->config));
	o->nconfig = r->nconfig;
	assert_true(r->nvalues > 0);
	memcpy(o->values, r->values, r->nvalues * sizeof(*r->values));
	o->nvalues = r->nvalues;
	o->path = r->path;
	o->line = r->line;
	if (c->stop_after != 0 && c->nr == c->stop_after)
		return c->stop_rc;
	return 0;
}

static void
on_diag(const struct cbs_diag *d, void *ctx)
{
	struct coll *c = ctx;
	struct drec *o;

	assert_true(c->nd < MAXREC);
	o = &c->d[c->nd++];
	o->file = d->file;
	o->line = d->line;
	snprintf(o->msg, sizeof(o->msg), "%s", d->msg);
}

/* The fixture in use, freed by teardown if a test fails midway. */
static struct fix *live;

static void
fix_init(struct fix *f)
{
	memset(f, 0, sizeof(*f));
	live = f;
	f->arena = cbs_arena_new();
	assert_non_null(f->arena);
	f->strings = cbs_intern_new(f->arena);
	assert_non_null(f->strings);
	f->reader = cbs_reader_new(f->arena, f->strings);
	assert_non_null(f->reader);
	f->c = calloc(1, sizeof(*f->c));
	assert_non_null(f->c);
}

static void
fix_free(struct fix *f)
{
	live = NULL;
	free(f->c);
	cbs_reader_free(f->reader);
	cbs_intern_free(f->strings);
	cbs_arena_free(f->arena);
}

/* Read len bytes of data (which may hold NULs) as one stream. */
static int
read_n(struct fix *f, const char *data, size_t len, const char *path,
    const char *label)
{
	FILE *fp;
	int rc;

	fp = fmemopen((void *)(uintptr_t)data, len, "r");
	assert_non_null(fp);
	f->err[0] = '\0';
	rc = cbs_reader_read(f->reader, fp, path, label, on_result, on_diag,
	    f->c, f->err, sizeof(f->err));
	fclose(fp);
	return rc;
}

static int
read_s(struct fix *f, const char *data, const char *path, const char *label)
{
	return read_n(f, data, strlen(data), path, label);
}

struct want_diag {
	size_t line;
	const char *msg;
};

static void
check_diags(const struct coll *c, const char *file,
    const struct want_diag *w, size_t n)
{
	size_t i;
	int bad = c->nd != n;

	for (i = 0; !bad && i < n; i++)
		bad = c->d[i].line != w[i].line ||
		    strcmp(c->d[i].msg, w[i].msg) != 0 ||
		    c->d[i].file == NULL || strcmp(c->d[i].file, file) != 0;
	if (!bad)
		return;
	for (i = 0; i < c->nd; i++)
		print_error("got  %s:%zu: %s\n", c->d[i].file ? c->d[i].file :
		    "(null)", c->d[i].line, c->d[i].msg);
	for (i = 0; i < n; i++)
		print_error("want %s:%zu: %s\n", file, w[i].line, w[i].msg);
	fail();
}

/*
 * A fresh fixture that read len bytes of data as path (and label)
 * without an error and reported just the diagnostics w[0..n).
 */
static void
fix_read_n(struct fix *f, const char *data, size_t len, const char *path,
    const char *label, const struct want_diag *w, size_t n)
{
	fix_init(f);
	assert_int_equal(read_n(f, data, len, path, label), 0);
	check_diags(f->c, path, w, n);
}

static void
fix_read(struct fix *f, const char *data, const char *path,
    const char *label, const struct want_diag *w, size_t n)
{
	fix_read_n(f, data, strlen(data), path, label, w, n);
}

static void
check_config(const struct rec *r, const char *const *kv, size_t npairs,
    const int *is_file)
{
	size_t i;

	if (r->nconfig != npairs) {
		for (i = 0; i < r->nconfig; i++)
			print_error("got %s=%s\n", r->config[i].key,
			    r->config[i].value);
		print_error("%s: %zu config keys, want %zu\n", r->name,
		    r->nconfig, npairs);
		fail();
	}
	for (i = 0; i < npairs; i++) {
		assert_string_equal(r->config[i].key, kv[2 * i]);
		assert_string_equal(r->config[i].value, kv[2 * i + 1]);
		assert_int_equal(r->config[i].is_file, is_file[i]);
	}
}

/* ------------------------------------------------------------ errors */

/*
 * reader_test.go TestReader "bad lines" (the revision with errSkip, which
 * ignores a line that is only a benchmark name), with every other
 * message reader.go and the man page list: line numbers are 1-based and
 * a bad line yields no result.
 */
static void
test_syntax_errors(void **state)
{
	static const char in[] =
	    "not a benchmark\n"				/* 1 */
	    "BenchmarkMissingIter\n"			/* 2 */
	    "BenchmarkBadIter abc\n"			/* 3 */
	    "BenchmarkHugeIter 9999999999999999999999999999999\n"
	    "BenchmarkMissingVal 100\n"			/* 5 */
	    "BenchmarkBadVal 100 abc\n"			/* 6 */
	    "BenchmarkMissingUnit 100 1\n"		/* 7 */
	    "BenchmarkMissingUnit2 100 1 ns/op 2\n"	/* 8 */
	    "also not a benchmark\n"			/* 9 */
	    "Unit\n"					/* 10 */
	    "Unit ns/op blah\n"				/* 11 */
	    "Unit ns/op a=1\n"				/* 12 */
	    "Unit ns/op a=2\n"				/* 13 */
	    "BenchmarkHugeVal 1 1e999 ns/op\n"		/* 14 */
	    "BenchmarkNegHuge 1 -1e999 ns/op\n"		/* 15 */
	    "Unit sec/op a=3 =x b=1\n"			/* 16 */
	    "Unit   \n"					/* 17 */
	    "BenchmarkGood 1 2 x/op\n";			/* 18 */
	static const struct want_diag w[] = {
		{ 3, "parsing iteration count: invalid syntax" },
		{ 4, "parsing iteration count: value out of range" },
		{ 5, "missing measurements" },
		{ 6, "parsing measurement: invalid syntax" },
		{ 7, "missing units" },
		{ 8, "missing units" },
		{ 10, "missing unit" },
		{ 11, "expected key=value" },
		{ 13, "metadata a of unit ns/op already set to 1" },
		{ 14, "parsing measurement: value out of range" },
		{ 15, "parsing measurement: value out of range" },
		/* The message names the unit as written on the line. */
		{ 16, "metadata a of unit sec/op already set to 1" },
		{ 16, "expected key=value" },
		{ 17, "missing unit" },
	};
	static struct fix f;	/* outlives a failed test */

	(void)state;
	fix_read(&f, in, "test", NULL, w, LEN(w));
	assert_int_equal(f.c->nr, 1);
	assert_string_equal(f.c->r[0].name, "Good");
	assert_int_equal(f.c->r[0].line, 18);
	assert_string_equal(f.c->r[0].path, "test");
	/* "b=1" after the bad pair on line 16 was still recorded. */
	assert_non_null(cbs_reader_unit_meta(f.reader, "sec/op", "b"));
	assert_string_equal(cbs_reader_unit_meta(f.reader, "ns/op", "b"), "1");
	fix_free(&f);
}

/*
 * reader.go parseBenchmarkLine skips a line only when "the name is the
 * entire line" (len(line) == 0 && len(Name) == lineLen); a name followed
 * by white space is "missing iteration count" (reader_test.go "bad
 * lines": "BenchmarkTailingSpaceNoIter ").
 */
static void
test_missing_iteration_count(void **state)
{
	static const char in[] =
	    "BenchmarkTailingSpaceNoIter \n"
	    "BenchmarkTab\t\n"
	    "BenchmarkOK 1 1 x\n";
	static const struct want_diag w[] = {
		{ 1, "missing iteration count" },
		{ 2, "missing iteration count" },
	};
	static struct fix f;	/* outlives a failed test */

	(void)state;
	fix_read(&f, in, "test", NULL, w, LEN(w));
	assert_int_equal(f.c->nr, 1);
	fix_free(&f);
}

/*
 * reader_test.go "verbose": "go test -v" prints a bare name when a
 * benchmark starts; it is ignored silently, also bare "Benchmark" and a
 * bare name ending in CRLF (bufio.ScanLines drops the "\r").
 */
static void
test_bare_name_ignored(void **state)
{
	static const char in[] =
	    "BenchmarkOne\n"
	    "BenchmarkOne 100 1 ns/op\n"
	    "Benchmark\n"
	    "BenchmarkTwo\r\n"
	    "BenchmarkTwo 5 2 ns/op\r\n";
	static struct fix f;	/* outlives a failed test */

	(void)state;
	fix_read(&f, in, "test", NULL, NULL, 0);
	assert_int_equal(f.c->nr, 2);
	assert_string_equal(f.c->r[0].name, "One");
	assert_int_equal(f.c->r[0].iters, 100);
	assert_int_equal(f.c->r[0].line, 2);
	assert_string_equal(f.c->r[1].name, "Two");
	assert_int_equal(f.c->r[1].line, 5);
	fix_free(&f);
}

/*
 * Units have no length limit (issue 19): a 1024-byte unit on a result
 * line or a unit line is read whole (it was refused as "unit longer than
 * 1023 bytes"), and a unit that tidying makes longer ("ns/" and 1,020
 * bytes: 1,024 bytes once "sec/") keeps its metadata (it was cut to
 * 1,023 bytes, and its "better" lost without a word).
 */
static void
test_unit_long(void **state)
{
	char *in, *p, *unit;
	static struct fix f;	/* outlives a failed test */

	(void)state;
	fix_init(&f);
	in = malloc(4 * 1100);
	unit = malloc(1100);
	assert_non_null(in);
	assert_non_null(unit);
	p = in;
	p += sprintf(p, "BenchmarkB 1 1 ");
	memset(p, 'u', 1024);
	p += 1024;
	p += sprintf(p, "\nUnit ");
	memset(p, 'u', 1024);
	p += 1024;
	p += sprintf(p, " a=b\nUnit ns/");
	memset(p, 'v', 1020);
	p += 1020;
	sprintf(p, " better=higher\n");
	assert_int_equal(read_s(&f, in, "long", NULL), 0);
	check_diags(f.c, "long", NULL, 0);
	assert_int_equal(f.c->nr, 1);
	assert_string_equal(f.c->r[0].name, "B");
	assert_int_equal(strlen(f.c->r[0].values[0].unit), 1024);
	memset(unit, 'u', 1024);
	unit[1024] = '\0';
	assert_string_equal(cbs_reader_unit_meta(f.reader, unit, "a"), "b");
	strcpy(unit, "sec/");
	memset(unit + 4, 'v', 1020);
	unit[1024] = '\0';
	assert_string_equal(cbs_reader_unit_meta(f.reader, unit, "better"),
	    "higher");
	unit[1] = 'n', unit[2] = 's', unit[3] = '/';
	assert_string_equal(cbs_reader_unit_meta(f.reader, unit + 1,
	    "better"), "higher");
	free(unit);
	free(in);
	fix_free(&f);
}

/* The man page: "line contains a NUL byte; ignored". */
static void
test_nul_line(void **state)
{
	static const char in[] =
	    "BenchmarkA 1 1 x\0y\n"
	    "goos: li\0nux\n"
	    "BenchmarkB 1 1 x\n";
	static const struct want_diag w[] = {
		{ 1, "line contains a NUL byte; ignored" },
		{ 2, "line contains a NUL byte; ignored" },
	};
	static struct fix f;	/* outlives a failed test */

	(void)state;
	fix_read_n(&f, in, sizeof(in) - 1, "nul", NULL, w, LEN(w));
	assert_int_equal(f.c->nr, 1);
	assert_string_equal(f.c->r[0].name, "B");
	assert_int_equal(f.c->r[0].line, 3);
	assert_int_equal(f.c->r[0].nconfig, 0);
	fix_free(&f);
}

/* A NULL diagnostic callback is allowed. */
static void
test_no_diag_callback(void **state)
{
	static const char in[] = "BenchmarkA x\nBenchmarkB 1 1 x\n";
	static struct fix f;	/* outlives a failed test */
	FILE *fp;

	(void)state;
	fix_init(&f);
	fp = fmemopen((void *)(uintptr_t)in, strlen(in), "r");
	assert_non_null(fp);
	assert_int_equal(cbs_reader_read(f.reader, fp, "t", NULL, on_result,
	    NULL, f.c, f.err, sizeof(f.err)), 0);
	fclose(fp);
	assert_int_equal(f.c->nr, 1);
	assert_int_equal(f.c->nd, 0);
	fix_free(&f);
}

/* on_result's non-zero return stops the stream and is returned. */
static void
test_callback_stops(void **state)
{
	static const char in[] = "BenchmarkA 1 1 x\nBenchmarkB 1 1 x\n";
	static struct fix f;	/* outlives a failed test */

	(void)state;
	fix_init(&f);
	f.c->stop_after = 1;
	f.c->stop_rc = CBS_ENOMEM;
	assert_int_equal(read_s(&f, in, "t", NULL), CBS_ENOMEM);
	assert_int_equal(f.c->nr, 1);
	fix_free(&f);
}

/*
 * Bytes that are not UTF-8 (a Latin-1 file, say) are read as upstream's
 * benchfmt reads them: no line is refused, names, keys, values and units
 * keep their bytes, and each invalid byte decodes as U+FFFD, which is
 * neither a space, a lower- nor an upper-case letter.  So Latin-1's NBSP
 * (0xA0) separates no fields while UTF-8's (C2 A0) does, and a key must
 * still start with a valid lower-case letter.
 */
static void
test_invalid_utf8(void **state)
{
	static const char *const ignored[] = {
		"BenchmarkA 1 1 x\n# \xed\xa0\x80 surrogate\n",
		"BenchmarkA 1 1 x\n# \xc0\xaf overlong\n",
		"BenchmarkA 1 1 x\n# \xf4\x90\x80\x80 above U+10FFFF\n",
		"BenchmarkA 1 1 x\n# truncated \xe2\x88\n",
		"BenchmarkA 1 1 x\n\xe9t\xe9: not a key\n",
	};
	static const struct want_diag bad_value[] = {
		{ 2, "parsing measurement: invalid syntax" },
	};
	static const struct want_diag nbsp[] = {
		{ 4, "parsing iteration count: invalid syntax" },
	};
	static struct fix f;	/* outlives a failed test */
	size_t i;

	(void)state;
	for (i = 0; i < LEN(ignored); i++) {
		fix_init(&f);
		assert_int_equal(read_s(&f, ignored[i], "l1.txt", NULL), 0);
		assert_int_equal(f.c->nr, 1);
		assert_int_equal(f.c->nd, 0);
		assert_int_equal(f.c->r[0].nconfig, 0);
		fix_free(&f);
	}

	fix_init(&f);
	assert_int_equal(read_s(&f, "BenchmarkA 1 1 x\nBenchmarkB 1 \xff x\n"
	    "BenchmarkC 1 1 x\n", "l1.txt", NULL), 0);
	assert_int_equal(f.c->nr, 2);
	check_diags(f.c, "l1.txt", bad_value, LEN(bad_value));
	fix_free(&f);

	fix_init(&f);
	assert_int_equal(read_s(&f, "caf\xe9: cr\xe8me br\xfbl\xe9" "e\n"
	    "BenchmarkCaf\xe9-8 10 5 caf\xe9s/op\n"
	    "BenchmarkA\xa0" "B 1 2 x\n"
	    "BenchmarkA\xc2\xa0" "B 1 2 x\n", "l1.txt", NULL), 0);
	/* UTF-8's NBSP ends the name "A": "B" is no iteration count. */
	assert_int_equal(f.c->nr, 2);
	check_diags(f.c, "l1.txt", nbsp, LEN(nbsp));
	assert_string_equal(f.c->r[0].name, "Caf\xe9-8");
	assert_int_equal(f.c->r[0].nconfig, 1);
	assert_string_equal(f.c->r[0].config[0].key, "caf\xe9");
	assert_string_equal(f.c->r[0].config[0].value,
	    "cr\xe8me br\xfbl\xe9" "e");
	assert_string_equal(f.c->r[0].values[0].unit, "caf\xe9s/op");
	assert_int_equal(f.c->r[0].iters, 10);
	assert_string_equal(f.c->r[1].name, "A\xa0" "B");
	assert_int_equal(f.c->r[1].iters, 1);
	fix_free(&f);

	/* Valid multi-byte text is fine too. */
	fix_init(&f);
	assert_int_equal(read_s(&f, "# \xc3\xa9\xe2\x88\x9e\xf0\x9f\x98\x80\n"
	    "BenchmarkA 1 1 x\n", "ok.txt", NULL), 0);
	assert_int_equal(f.c->nr, 1);
	fix_free(&f);
}

/*
 * CRLF: bufio.ScanLines drops "\r\n"; no value, unit, config value or
 * name keeps the "\r", and the line count is unchanged.
 */
static void
test_crlf(void **state)
{
	static const char in[] =
	    "key: value\r\n"
	    "BenchmarkA 10 5 ns/op\r\n"
	    "BenchmarkB 1\r\n"
	    "Unit x/op assume=exact\r\n"
	    "BenchmarkC-4 3 7 x/op\r\n";
	static const struct want_diag w[] = { { 3, "missing measurements" } };
	static const char *const kv[] = { "key", "value" };
	static const int isf[] = { 1 };
	static struct fix f;	/* outlives a failed test */

	(void)state;
	fix_read(&f, in, "crlf.txt", NULL, w, LEN(w));
	assert_int_equal(f.c->nr, 2);
	assert_string_equal(f.c->r[0].name, "A");
	assert_int_equal(f.c->r[0].line, 2);
	check_config(&f.c->r[0], kv, 1, isf);
	assert_string_equal(f.c->r[0].values[0].unit, "sec/op");
	assert_string_equal(f.c->r[1].name, "C-4");
	assert_string_equal(f.c->r[1].values[0].unit, "x/op");
	assert_int_equal(f.c->r[1].line, 5);
	assert_string_equal(cbs_reader_unit_meta(f.reader, "x/op", "assume"),
	    "exact");
	fix_free(&f);
}

/*
 * splitField: fields are separated by ASCII white space (\t \n \v \f \r
 * space) or any unicode.IsSpace rune (U+2003 EM SPACE, U+00A0 NO-BREAK
 * SPACE, U+0085); reader_test.go "weird" has runs of spaces and em
 * spaces.  An empty name is still a result.
 */
static void
test_field_separators(void **state)
{
	static const char in[] =
	    "BenchmarkSpaces    1   1   ns/op\n"
	    "BenchmarkEmSpace\xe2\x80\x83 1\xe2\x80\x83 2\xe2\x80\x83 ns/op\n"
	    "BenchmarkNbsp\xc2\xa0\x33\xc2\xa0\x34\xc2\x85ns/op\n"
	    "BenchmarkVt\v5\f6\tx/op\n"
	    "Benchmark 7 8 x/op\n";
	static struct fix f;	/* outlives a failed test */

	(void)state;
	fix_read(&f, in, "ws", NULL, NULL, 0);
	assert_int_equal(f.c->nr, 5);
	assert_string_equal(f.c->r[0].name, "Spaces");
	assert_string_equal(f.c->r[1].name, "EmSpace");
	assert_int_equal(f.c->r[1].iters, 1);
	check_bits(f.c->r[1].values[0].orig_value, 2, "em space value");
	assert_string_equal(f.c->r[2].name, "Nbsp");
	assert_int_equal(f.c->r[2].iters, 3);
	check_bits(f.c->r[2].values[0].orig_value, 4, "nbsp value");
	assert_string_equal(f.c->r[2].values[0].orig_unit, "ns/op");
	assert_string_equal(f.c->r[3].name, "Vt");
	assert_int_equal(f.c->r[3].iters, 5);
	assert_string_equal(f.c->r[3].values[0].unit, "x/op");
	assert_string_equal(f.c->r[4].name, "");
	assert_int_equal(f.c->r[4].name_len, 0);
	assert_int_equal(f.c->r[4].iters, 7);
	fix_free(&f);
}

/* ------------------------------------------------------------ numbers */

/*
 * Iteration counts: bytesconv.Atoi (strconv.Atoi): optional sign,
 * decimal digits only, int64 range.  ParseUint reports overflow as soon
 * as the digits so far exceed uint64, before it sees a later bad
 * character; digits that fit uint64 but not int64 and are followed by
 * junk are a syntax error (strconv.Atoi of Go 1.19 agrees).
 */
static void
test_iterations(void **state)
{
	static const struct {
		const char *s;
		long long want;
		const char *err;
	} c[] = {
		{ "-5", -5, NULL },
		{ "+7", 7, NULL },
		{ "007", 7, NULL },
		{ "0", 0, NULL },
		{ "9223372036854775807", LLONG_MAX, NULL },
		{ "-9223372036854775808", LLONG_MIN, NULL },
		{ "9223372036854775808", 0, "value out of range" },
		{ "-9223372036854775809", 0, "value out of range" },
		{ "18446744073709551616", 0, "value out of range" },
		{ "9223372036854775808x", 0, "invalid syntax" },
		{ "99999999999999999999x", 0, "value out of range" },
		{ "1_000", 0, "invalid syntax" },
		{ "0x10", 0, "invalid syntax" },
		{ "1e3", 0, "invalid syntax" },
		{ "+", 0, "invalid syntax" },
		{ "-", 0, "invalid syntax" },
		{ "--1", 0, "invalid syntax" },
		{ "1.0", 0, "invalid syntax" },
	};
	char line[128], msg[128];
	static struct fix f;	/* outlives a failed test */
	size_t i, nr, nd;
	int bad = 0;

	(void)state;
	for (i = 0; i < LEN(c); i++) {
		fix_init(&f);
		snprintf(line, sizeof(line), "BenchmarkI %s 1 x\n", c[i].s);
		assert_int_equal(read_s(&f, line, "it", NULL), 0);
		nr = f.c->nr;
		nd = f.c->nd;
		if (c[i].err == NULL) {
			if (nr != 1 || nd != 0 ||
			    f.c->r[0].iters != c[i].want) {
				print_error("iters %s: %zu results, %zu diags"
				    "%s%s\n", c[i].s, nr, nd, nd ? ": " : "",
				    nd ? f.c->d[0].msg : "");
				bad++;
			}
		} else {
			snprintf(msg, sizeof(msg),
			    "parsing iteration count: %s", c[i].err);
			if (nr != 0 || nd != 1 || strcmp(f.c->d[0].msg,
			    msg) != 0) {
				print_error("iters %s: %zu results, got "
				    "\"%s\", want \"%s\"\n", c[i].s, nr,
				    nd ? f.c->d[0].msg : "", msg);
				bad++;
			}
		}
		fix_free(&f);
	}
	assert_int_equal(bad, 0);
}

struct float_case {
	const char *s;
	double want;
	const char *err;	/* NULL: accepted */
};

static int
check_floats(const struct float_case *c, size_t n)
{
	char line[128], msg[128];
	static struct fix f;	/* outlives a failed test */
	size_t i;
	int bad = 0;

	for (i = 0; i < n; i++) {
		fix_init(&f);
		/* A unit tidying leaves alone, so value == orig_value. */
		snprintf(line, sizeof(line), "BenchmarkF 1 %s x\n", c[i].s);
		assert_int_equal(read_s(&f, line, "fl", NULL), 0);
		if (c[i].err == NULL) {
			if (f.c->nr != 1 || f.c->nd != 0) {
				print_error("value %s: rejected: %s\n", c[i].s,
				    f.c->nd ? f.c->d[0].msg : "");
				bad++;
			} else if (isnan(c[i].want) ?
			    !isnan(f.c->r[0].values[0].value) :
			    memcmp(&f.c->r[0].values[0].value, &c[i].want,
			    sizeof(double)) != 0) {
				print_error("value %s: got %.17g, want %.17g\n",
				    c[i].s, f.c->r[0].values[0].value,
				    c[i].want);
				bad++;
			}
		} else {
			snprintf(msg, sizeof(msg), "parsing measurement: %s",
			    c[i].err);
			if (f.c->nr != 0 || f.c->nd != 1 ||
			    strcmp(f.c->d[0].msg, msg) != 0) {
				print_error("value %s: got \"%s\", "
				    "want \"%s\"\n", c[i].s,
				    f.c->nd ? f.c->d[0].msg : "", msg);
				bad++;
			}
		}
		fix_free(&f);
	}
	return bad;
}

/*
 * Measurements: reader.go atof (an int64 fast path, then
 * bytesconv.ParseFloat): decimal and hexadecimal floats (a hex mantissa
 * needs a 'p' exponent), case-insensitive inf/infinity with an optional
 * sign and nan without one; overflow is "value out of range", underflow
 * is not an error.  Each verdict matches Go 1.19's strconv.ParseFloat.
 */
static void
test_measurement_syntax(void **state)
{
	static const struct float_case c[] = {
		{ "1e3", 1000, NULL },
		{ "1E3", 1000, NULL },
		{ "1e+3", 1000, NULL },
		{ "0x1p-2", 0.25, NULL },
		{ "0X1P-2", 0.25, NULL },
		{ "0x1.8p1", 3, NULL },
		{ "inf", INFINITY, NULL },
		{ "+Inf", INFINITY, NULL },
		{ "-infinity", -INFINITY, NULL },
		{ "Infinity", INFINITY, NULL },
		{ "NaN", NAN, NULL },
		{ "nan", NAN, NULL },
		{ "+5", 5, NULL },
		{ "-5", -5, NULL },
		{ ".5", 0.5, NULL },
		{ "5.", 5, NULL },
		{ "017", 17, NULL },
		{ "1e-400", 0, NULL },
		{ "4.5", 4.5, NULL },
		{ "9999999999999999999999999999999",
		    9999999999999999999999999999999.0, NULL },
		{ "0x10", 0, "invalid syntax" },
		{ "1.2.3", 0, "invalid syntax" },
		{ "+nan", 0, "invalid syntax" },
		{ "-nan", 0, "invalid syntax" },
		{ "1e", 0, "invalid syntax" },
		{ "1e+", 0, "invalid syntax" },
		{ ".", 0, "invalid syntax" },
		{ "0x", 0, "invalid syntax" },
		{ "0x1p", 0, "invalid syntax" },
		{ "12x", 0, "invalid syntax" },
		{ "0b101", 0, "invalid syntax" },
		{ "0o17", 0, "invalid syntax" },
		{ "infinit", 0, "invalid syntax" },
		{ "--5", 0, "invalid syntax" },
		{ "1__0", 0, "invalid syntax" },
		{ "_1", 0, "invalid syntax" },
		{ "1_", 0, "invalid syntax" },
		{ "abc", 0, "invalid syntax" },
		{ "1e999", 0, "value out of range" },
		{ "-1e999", 0, "value out of range" },
		{ "0x1p2000", 0, "value out of range" },
	};

	(void)state;
	assert_int_equal(check_floats(c, LEN(c)), 0);
}

/*
 * Underscores between digits: bytesconv.ParseFloat first checks
 * underscoreOK ("Underscore must appear only between digits or between
 * a base prefix and a digit"), which accepts "1_000", and readFloat then
 * skips '_'.  Go 1.19: strconv.ParseFloat("1_000", 64) = 1000 and
 * ("1_000.5") = 1000.5, ("0x1_0p0") = 16.
 */
static void
test_measurement_underscores(void **state)
{
	static const struct float_case c[] = {
		{ "1_000", 1000, NULL },
		{ "1_000.5", 1000.5, NULL },
		{ "0x1_0p0", 16, NULL },
	};

	(void)state;
	assert_int_equal(check_floats(c, LEN(c)), 0);
}

/*
 * Numbers are read the same whatever the caller's LC_NUMERIC: a library
 * user may have called setlocale, and strtod would then stop at the '.'
 * of "0.5".  Covers cbs_parse_go_float (also -alpha and -confidence) and
 * the reader's general path (more digits than its exact fast path).
 */
static void
test_numbers_ignore_locale(void **state)
{
	static const struct float_case c[] = {
		{ "0.5", 0.5, NULL },
		{ "1.5e3", 1500, NULL },
		{ "-2.5E-1", -0.25, NULL },
		{ "1_000.25", 1000.25, NULL },
		{ "0x1.8p1", 3, NULL },
		{ "0x.8p1", 1, NULL },
		{ "5.", 5, NULL },
		{ ".125", 0.125, NULL },
		{ "12345678901234567.5", 12345678901234567.5, NULL },
		{ "0.1e400", 0, "value out of range" },
		{ "1.5e-400", 0, NULL },
		{ "0,5", 0, "invalid syntax" },
	};
	double v;

	(void)state;
	if (!comma_locale()) {
		comma_locale_undo();
		skip();
	}
	assert_int_equal(cbs_parse_go_float("0.05", 4, &v), 0);
	check_bits(v, 0.05, "0.05");
	assert_int_equal(cbs_parse_go_float(" 0.05", 5, &v), 1);
	assert_int_equal(cbs_parse_go_float("0.05 ", 5, &v), 1);
	assert_int_equal(check_floats(c, LEN(c)), 0);
	comma_locale_undo();
}

/* ------------------------------------------------------------ tidying */

/*
 * parseBenchmarkLine: a value is stored tidied (benchunit.Tidy) with
 * OrigValue/OrigUnit only "if tidyVal != val": 0 ns/op and +Inf ns/op
 * keep their unit, NaN (NaN != NaN) is tidied.  reader_test.go's
 * builder: v(value, "ns/op") is {value * 1e-9, "sec/op", value, "ns/op"}.
 */
static void
test_value_tidying(void **state)
{
	static const char in[] =
	    "BenchmarkA 1 1 ns/op 2 B/op 3 MB/s 0 ns/op 5 x-ns/op "
	    "NaN ns/op inf ns/op 4.5 ns/op 0 MB/s\n";
	static struct fix f;	/* outlives a failed test */
	const struct cbs_value *v;

	(void)state;
	fix_init(&f);
	assert_int_equal(read_s(&f, in, "t", NULL), 0);
	assert_int_equal(f.c->nr, 1);
	assert_int_equal(f.c->r[0].nvalues, 9);
	v = f.c->r[0].values;

	check_bits(v[0].value, 1 * 1e-9, "1 ns/op");
	assert_string_equal(v[0].unit, "sec/op");
	check_bits(v[0].orig_value, 1, "1 ns/op orig");
	assert_string_equal(v[0].orig_unit, "ns/op");

	check_bits(v[1].value, 2, "2 B/op");
	assert_string_equal(v[1].unit, "B/op");
	assert_null(v[1].orig_unit);

	check_bits(v[2].value, 3 * 1e6, "3 MB/s");
	assert_string_equal(v[2].unit, "B/s");
	assert_string_equal(v[2].orig_unit, "MB/s");

	check_bits(v[3].value, 0, "0 ns/op");
	assert_string_equal(v[3].unit, "ns/op");
	assert_null(v[3].orig_unit);

	check_bits(v[4].value, 5 * 1e-9, "5 x-ns/op");
	assert_string_equal(v[4].unit, "x-sec/op");
	assert_string_equal(v[4].orig_unit, "x-ns/op");

	assert_true(isnan(v[5].value));
	assert_string_equal(v[5].unit, "sec/op");
	assert_string_equal(v[5].orig_unit, "ns/op");

	check_bits(v[6].value, INFINITY, "inf ns/op");
	assert_string_equal(v[6].unit, "ns/op");
	assert_null(v[6].orig_unit);

	check_bits(v[7].value, 4.5 * 1e-9, "4.5 ns/op");
	assert_string_equal(v[7].unit, "sec/op");

	assert_string_equal(v[8].unit, "MB/s");
	assert_null(v[8].orig_unit);
	fix_free(&f);
}

/* ------------------------------------------------------------ config */

/*
 * parseKeyValueLine: the key starts with a lower-case letter (any
 * unicode.IsLower rune) and holds no space and no upper-case rune; the
 * colon is followed by nothing (deletion) or by one or more spaces or
 * tabs, which are stripped; trailing white space stays in the value.
 * reader_test.go "basic file keys".
 */
static void
test_config_lines(void **state)
{
	static const char in[] =
	    "key1:    \t value\n"
	    ": not a key\n"
	    "ab:not a key\n"
	    "a b: also not a key\n"
	    "key2: value\n"
	    "Key3: upper first\n"
	    "kEy4: upper inside\n"
	    "k\xc3\x89y: upper E-acute inside\n"
	    "\xc3\xa9t\xc3\xa9: e-acute\n"
	    "1abc: digit first\n"
	    "key-5.x: v  \n"
	    "  key6: leading space\n"
	    "\n"
	    "BenchmarkOne 100 1 ns/op\n";
	static const char *const kv[] = {
		".file", "lbl",
		"key1", "value",
		"key2", "value",
		"\xc3\xa9t\xc3\xa9", "e-acute",
		"key-5.x", "v  ",
	};
	static const int isf[] = { 0, 1, 1, 1, 1 };
	static struct fix f;	/* outlives a failed test */

	(void)state;
	fix_read(&f, in, "t", "lbl", NULL, 0);
	assert_int_equal(f.c->nr, 1);
	check_config(&f.c->r[0], kv, LEN(isf), isf);
	fix_free(&f);
}

/*
 * result.go: SetConfig appends a new key and updates an existing one in
 * place; deleting a key swaps the last key into its place.  The ".file"
 * label (files.go: Reset(..., ".file", label)) is the first, internal
 * key.  reader_test.go "overwrite exiting label" and "remove existing
 * label".
 */
static void
test_config_order(void **state)
{
	static const char in[] =
	    "a: 1\n"
	    "b: 2\n"
	    "c: 3\n"
	    "BenchmarkX 1 1 x\n"
	    "a:\n"
	    "BenchmarkY 1 1 x\n"
	    "a: 4\n"
	    "b: 5\n"
	    "BenchmarkZ 1 1 x\n"
	    "zz:\n"
	    "c:\n"
	    "b:\n"
	    "a:\n"
	    "BenchmarkW 1 1 x\n";
	static const char *const x[] = {
		".file", "L", "a", "1", "b", "2", "c", "3"
	};
	static const char *const y[] = { ".file", "L", "c", "3", "b", "2" };
	static const char *const z[] = {
		".file", "L", "c", "3", "b", "5", "a", "4"
	};
	static const char *const w[] = { ".file", "L" };
	static const int isf[] = { 0, 1, 1, 1 };
	static struct fix f;	/* outlives a failed test */

	(void)state;
	fix_init(&f);
	assert_int_equal(read_s(&f, in, "t", "L"), 0);
	assert_int_equal(f.c->nr, 4);
	check_config(&f.c->r[0], x, 4, isf);
	check_config(&f.c->r[1], y, 3, isf);
	check_config(&f.c->r[2], z, 4, isf);
	check_config(&f.c->r[3], w, 1, isf);
	fix_free(&f);
}

/*
 * No label, or an empty one (SetConfig(".file", "") deletes), means no
 * ".file" key at all.
 */
static void
test_no_label(void **state)
{
	static const char in[] = "k: v\nBenchmarkX 1 1 x\n";
	static const char *const kv[] = { "k", "v" };
	static const int isf[] = { 1 };
	static struct fix f;	/* outlives a failed test */

	(void)state;
	fix_init(&f);
	assert_int_equal(read_s(&f, in, "t", NULL), 0);
	assert_int_equal(read_s(&f, in, "t", ""), 0);
	assert_int_equal(f.c->nr, 2);
	check_config(&f.c->r[0], kv, 1, isf);
	check_config(&f.c->r[1], kv, 1, isf);
	fix_free(&f);
}

/* ------------------------------------------------------------ units */

/*
 * reader_test.go "unit metadata": only the bad pair of line 2 is an
 * error, a repeated identical pair is not, "Unitx" is not a unit line.
 * Metadata is keyed by the tidied unit (parseUnitLine: "indexed by
 * tidied units ... lookups by tidy units"), so "ns/op" and "sec/op"
 * name the same entry, as do "MB/s" and "B/s".
 */
static void
test_unit_metadata(void **state)
{
	static const char in[] =
	    "Unit ns/op a=1 b=2\n"
	    "Unit ns/op c=3 error d=4\n"
	    "# Repeated unit should report nothing\n"
	    "Unit ns/op d=4\n"
	    "# Starts like a unit line but actually isn't\n"
	    "Unitx\n"
	    "Unit sec/op e=5\n"
	    "Unit MB/s better=higher\n"
	    "Unit x/op empty=\n"
	    "BenchmarkOne 100 1 ns/op\n";
	static const struct want_diag w[] = { { 2, "expected key=value" } };
	static struct fix f;	/* outlives a failed test */
	const struct cbs_reader *r;

	(void)state;
	fix_init(&f);
	r = f.reader;
	assert_int_equal(read_s(&f, in, "test", NULL), 0);
	check_diags(f.c, "test", w, LEN(w));
	assert_int_equal(f.c->nr, 1);
	assert_string_equal(cbs_reader_unit_meta(r, "sec/op", "a"), "1");
	assert_string_equal(cbs_reader_unit_meta(r, "ns/op", "a"), "1");
	assert_string_equal(cbs_reader_unit_meta(r, "ns/op", "b"), "2");
	assert_string_equal(cbs_reader_unit_meta(r, "ns/op", "c"), "3");
	assert_string_equal(cbs_reader_unit_meta(r, "sec/op", "d"), "4");
	assert_string_equal(cbs_reader_unit_meta(r, "ns/op", "e"), "5");
	assert_null(cbs_reader_unit_meta(r, "ns/op", "error"));
	assert_null(cbs_reader_unit_meta(r, "ns/op", "f"));
	assert_null(cbs_reader_unit_meta(r, "B/op", "a"));
	assert_string_equal(cbs_reader_unit_meta(r, "B/s", "better"),
	    "higher");
	assert_string_equal(cbs_reader_unit_meta(r, "MB/s", "better"),
	    "higher");
	assert_string_equal(cbs_reader_unit_meta(r, "x/op", "empty"), "");
	fix_free(&f);
}

/*
 * files.go/reader.go Reset: unit metadata carries across files, the
 * configuration does not.  A conflict in the second file is reported
 * there.
 */
static void
test_streams_share_metadata_only(void **state)
{
	static const char one[] =
	    "Unit ns/op assume=exact\n"
	    "goos: linux\n"
	    "BenchmarkA 1 1 ns/op\n";
	static const char two[] =
	    "BenchmarkB 1 2 ns/op\n"
	    "Unit sec/op assume=nothing\n"
	    "Unit ns/op assume=exact other=1\n";
	static const struct want_diag w[] = {
		{ 2, "metadata assume of unit sec/op already set to exact" },
	};
	static const char *const kv1[] = { ".file", "one", "goos", "linux" };
	static const char *const kv2[] = { ".file", "two" };
	static const int isf[] = { 0, 1 };
	static struct fix f;	/* outlives a failed test */

	(void)state;
	fix_init(&f);
	assert_int_equal(read_s(&f, one, "one.txt", "one"), 0);
	assert_int_equal(read_s(&f, two, "two.txt", "two"), 0);
	check_diags(f.c, "two.txt", w, LEN(w));
	assert_int_equal(f.c->nr, 2);
	check_config(&f.c->r[0], kv1, 2, isf);
	check_config(&f.c->r[1], kv2, 1, isf);
	assert_string_equal(f.c->r[1].path, "two.txt");
	assert_int_equal(f.c->r[1].line, 1);
	assert_string_equal(cbs_reader_unit_meta(f.reader, "ns/op", "assume"),
	    "exact");
	assert_string_equal(cbs_reader_unit_meta(f.reader, "ns/op", "other"),
	    "1");
	fix_free(&f);
}

/* ------------------------------------------------------------ inputs */

static struct cbs_input *
inputs(struct cbs_arena *a, char *const *args, size_t n, size_t *nout)
{
	struct cbs_input *in = NULL;

	assert_int_equal(cbs_inputs_from_args(a, args, n, &in, nout), 0);
	assert_non_null(in);
	return in;
}

/*
 * files.go Files.init: "label=path" splits at the first '='; "-" is
 * standard input; a path given more than once unlabelled becomes
 * "path#0", "path#1" ... (labelled duplicates are taken as written and
 * do not count).
 */
static void
test_inputs_from_args(void **state)
{
	char a0[] = "old=x.txt", a1[] = "y.txt", a2[] = "-", a3[] = "y.txt";
	char a4[] = "new=x.txt", a5[] = "a=b=c", a6[] = "=z", a7[] = "y.txt";
	char a8[] = "x.txt";
	char *args[] = { a0, a1, a2, a3, a4, a5, a6, a7, a8 };
	char d0[] = "-", d1[] = "-";
	char *dash[] = { d0, d1 };
	struct cbs_arena *a;
	struct cbs_input *in;
	size_t n;

	(void)state;
	a = cbs_arena_new();
	assert_non_null(a);

	in = inputs(a, args, LEN(args), &n);
	assert_int_equal(n, LEN(args));
	assert_string_equal(in[0].label, "old");
	assert_string_equal(in[0].path, "x.txt");
	assert_int_equal(in[0].is_stdin, 0);
	assert_string_equal(in[1].label, "y.txt#0");
	assert_string_equal(in[1].path, "y.txt");
	assert_string_equal(in[2].label, "-");
	assert_string_equal(in[2].path, "-");
	assert_int_equal(in[2].is_stdin, 1);
	assert_string_equal(in[3].label, "y.txt#1");
	assert_string_equal(in[4].label, "new");
	assert_string_equal(in[4].path, "x.txt");
	assert_string_equal(in[5].label, "a");
	assert_string_equal(in[5].path, "b=c");
	assert_string_equal(in[6].label, "");
	assert_string_equal(in[6].path, "z");
	assert_string_equal(in[7].label, "y.txt#2");
	/* x.txt appears once unlabelled: no suffix. */
	assert_string_equal(in[8].label, "x.txt");
	assert_string_equal(in[8].path, "x.txt");

	in = inputs(a, dash, LEN(dash), &n);
	assert_int_equal(n, 2);
	assert_string_equal(in[0].label, "-#0");
	assert_string_equal(in[1].label, "-#1");
	assert_int_equal(in[0].is_stdin, 1);
	assert_int_equal(in[1].is_stdin, 1);

	/* AllowStdin with no paths reads standard input. */
	in = inputs(a, NULL, 0, &n);
	assert_int_equal(n, 1);
	assert_string_equal(in[0].path, "-");
	assert_int_equal(in[0].is_stdin, 1);
	cbs_arena_free(a);
}

/* ------------------------------------------------------------ names */

/*
 * result.go Name.Base and splitGomaxprocs, with benchproc
 * extract_test.go TestExtractName's table: the base ends at the first
 * '/', or else before a "-N" suffix (digits after a '-', at least one).
 */
static void
test_name_parts(void **state)
{
	static const struct {
		const char *name;
		size_t base;
		size_t strip;
	} c[] = {
		{ "Test", 4, 4 },
		{ "Test/a", 4, 6 },
		{ "Test-4", 4, 4 },
		{ "Test/a-4", 4, 6 },
		{ "Test-", 5, 5 },
		{ "Test-x", 6, 6 },
		{ "Test-4/x", 6, 8 },
		{ "Te-st-12", 5, 5 },
		{ "-8", 0, 0 },
		{ "8", 1, 1 },
		{ "", 0, 0 },
		{ "Test/a=1-4-8", 4, 10 },
	};
	size_t i, len;
	int bad = 0;

	(void)state;
	for (i = 0; i < LEN(c); i++) {
		len = strlen(c[i].name);
		if (cbs_name_base_len(c[i].name, len) != c[i].base ||
		    cbs_name_strip_procs_len(c[i].name, len) != c[i].strip) {
			print_error("%s: base %zu strip %zu, want %zu %zu\n",
			    c[i].name, cbs_name_base_len(c[i].name, len),
			    cbs_name_strip_procs_len(c[i].name, len),
			    c[i].base, c[i].strip);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void
check_extract(const char *name, const struct cbs_config *cfg, size_t ncfg,
    const char *key, const char *want)
{
	struct cbs_result r;
	const char *v = NULL;
	size_t len;

	memset(&r, 0, sizeof(r));
	r.name = name;
	r.name_len = strlen(name);
	r.config = cfg;
	r.nconfig = ncfg;
	len = cbs_extract(&r, key, &v);
	assert_non_null(v);
	if (len != strlen(want) || memcmp(v, want, len) != 0) {
		print_error("extract %s from %s: got \"%.*s\", want \"%s\"\n",
		    key, name, (int)len, v, want);
		fail();
	}
}

/*
 * benchproc extract.go, tables from extract_test.go: TestExtractName,
 * TestExtractFullName "basic", TestExtractNameKey, TestExtractFileKey;
 * ".file" is an ordinary (internal) configuration key.
 */
static void
test_extract(void **state)
{
	static const struct cbs_config cfg[] = {
		{ ".file", "old.txt", 0 },
		{ "file-key", "123", 1 },
		{ "other-key", "456", 1 },
	};

	(void)state;
	check_extract("Test", NULL, 0, ".name", "Test");
	check_extract("Test/a", NULL, 0, ".name", "Test");
	check_extract("Test-4", NULL, 0, ".name", "Test");
	check_extract("Test/a-4", NULL, 0, ".name", "Test");

	check_extract("Test", NULL, 0, ".fullname", "Test");
	check_extract("Test/a=123", NULL, 0, ".fullname", "Test/a=123");
	check_extract("Test-2", NULL, 0, ".fullname", "Test-2");

	check_extract("Test", NULL, 0, "/a", "");
	check_extract("Test/a=1", NULL, 0, "/a", "1");
	check_extract("Test/aa=1", NULL, 0, "/a", "");
	check_extract("Test/a=1/b=2", NULL, 0, "/a", "1");
	check_extract("Test/b=1/a=2", NULL, 0, "/a", "2");
	check_extract("Test/b=1/a=2-4", NULL, 0, "/a", "2");
	/* Derived from extractNamePart: empty value, key in the base. */
	check_extract("Test/a=", NULL, 0, "/a", "");
	check_extract("a=1/b", NULL, 0, "/a", "");
	check_extract("Test/a", NULL, 0, "/a", "");

	check_extract("Test", NULL, 0, "/gomaxprocs", "");
	check_extract("Test/gomaxprocs=4", NULL, 0, "/gomaxprocs", "4");
	check_extract("Test-4", NULL, 0, "/gomaxprocs", "4");
	check_extract("Test/a-4", NULL, 0, "/gomaxprocs", "4");
	/* The "-N" suffix wins over a gomaxprocs= part. */
	check_extract("Test/gomaxprocs=2-8", NULL, 0, "/gomaxprocs", "8");

	check_extract("Name", cfg, LEN(cfg), "file-key", "123");
	check_extract("Name", cfg + 2, 1, "file-key", "");
	check_extract("Name", cfg, LEN(cfg), ".file", "old.txt");
	check_extract("Name", cfg, LEN(cfg), "missing", "");
}

/* Free what a failed test left behind (cmocka's fail() longjmps). */
static int
teardown(void **state)
{
	(void)state;
	if (live != NULL)
		fix_free(live);
	/* After a failed test_numbers_ignore_locale too. */
	comma_locale_undo();
	return 0;
}

#define T(f)	cmocka_unit_test_teardown(f, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_syntax_errors),
		T(test_missing_iteration_count),
		T(test_bare_name_ignored),
		T(test_unit_long),
		T(test_nul_line),
		T(test_no_diag_callback),
		T(test_callback_stops),
		T(test_invalid_utf8),
		T(test_crlf),
		T(test_field_separators),
		T(test_iterations),
		T(test_measurement_syntax),
		T(test_measurement_underscores),
		T(test_numbers_ignore_locale),
		T(test_value_tidying),
		T(test_config_lines),
		T(test_config_order),
		T(test_no_label),
		T(test_unit_metadata),
		T(test_streams_share_metadata_only),
		T(test_inputs_from_args),
		T(test_name_parts),
		T(test_extract),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
