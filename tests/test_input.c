/*
 * test_input.c: input_format.c and the readers of the JSON input formats
 * (input_test2json.c, input_gbench.c, input_hyperfine.c): detection,
 * what each format's fields become, and the errors.  The documents are
 * small hand-made ones in the shapes the real tools write (see
 * testdata/inputs/, made by scripts/make-input-fixtures.sh, for whole
 * files, which the golden tests read).
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
#include "input/input.h"
#include "query/query.h"

#define MAXREC	32
#define MAXVAL	8

struct rec {
	char name[128];
	size_t name_len;
	long long iters;
	size_t line;
	size_t nconfig;
	char config[256];	/* "k=v k=v" */
	size_t config_bytes;	/* of the values, whole */
	size_t nvalues;
	double value[MAXVAL];
	const char *unit[MAXVAL];	/* interned */
};

struct coll {
	struct rec r[MAXREC];
	size_t nr;
	char diag[MAXREC][4096];
	size_t diag_line[MAXREC];
	size_t nd;
};

static int
on_result(const struct cbs_result *res, void *ctx)
{
	struct coll *c = ctx;
	struct rec *o;
	size_t i, n = 0;

	assert_true(c->nr < MAXREC);
	o = &c->r[c->nr++];
	assert_int_equal(strlen(res->name), res->name_len);
	snprintf(o->name, sizeof(o->name), "%s", res->name);
	o->name_len = res->name_len;
	o->iters = res->iters;
	o->line = res->line;
	o->nconfig = res->nconfig;
	o->config[0] = '\0';
	o->config_bytes = 0;
	for (i = 0; i < res->nconfig; i++) {
		n += (size_t)snprintf(o->config + n, n < sizeof(o->config) ?
		    sizeof(o->config) - n : 0, "%s%s=%s", i ? " " : "",
		    res->config[i].key, res->config[i].value);
		o->config_bytes += strlen(res->config[i].value);
	}
	assert_true(res->nvalues <= MAXVAL);
	o->nvalues = res->nvalues;
	for (i = 0; i < res->nvalues; i++) {
		o->value[i] = res->values[i].value;
		o->unit[i] = res->values[i].unit;
	}
	return 0;
}

static void
on_diag(const struct cbs_diag *d, void *ctx)
{
	struct coll *c = ctx;

	assert_true(c->nd < MAXREC);
	assert_true(strlen(d->msg) < sizeof(c->diag[0]));
	strcpy(c->diag[c->nd], d->msg);
	c->diag_line[c->nd++] = d->line;
}

struct fix {
	struct cbs_arena *a;
	struct cbs_intern *t;
	struct cbs_reader *r;
	struct coll c;
	char err[512];
};

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_non_null(f->a = cbs_arena_new());
	assert_non_null(f->t = cbs_intern_new(f->a));
	assert_non_null(f->r = cbs_reader_new(f->a, f->t));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	cbs_reader_free(f->r);
	cbs_intern_free(f->t);
	cbs_arena_free(f->a);
	free(f);
	return 0;
}

/* Read text as fmt.  @return what cbs_reader_read_input returned. */
static int
read_text(struct fix *f, const char *text, enum cbs_input_format fmt)
{
	FILE *fp = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	int rc;

	assert_non_null(fp);
	f->err[0] = '\0';
	rc = cbs_reader_read_input(f->r, fp, fmt, "in", "lbl", on_result,
	    on_diag, &f->c, f->err, sizeof(f->err));
	fclose(fp);
	return rc;
}

static const char *
unit(struct fix *f, const char *u)
{
	return cbs_intern(f->t, u, strlen(u));
}

/* ------------------------------------------------------------ names */

static void
test_format_names(void **state)
{
	static const char *const names[] = { "auto", "go", "test2json",
	    "gbench", "hyperfine" };
	enum cbs_input_format fmt;
	size_t i;

	(void)state;
	for (i = 0; i < LEN(names); i++) {
		assert_int_equal(cbs_input_format_parse(names[i], &fmt), 0);
		assert_int_equal(fmt, (enum cbs_input_format)i);
		assert_string_equal(cbs_input_format_name(fmt), names[i]);
	}
	assert_int_equal(cbs_input_format_parse("json", &fmt), CBS_EINVAL);
	assert_int_equal(cbs_input_format_parse("", &fmt), CBS_EINVAL);
}

/* ------------------------------------------------------------ go text */

/* Leading blank lines are read ahead by detection and handed back:
 * the line numbers are the file's. */
static void
test_go_text_line_numbers(void **state)
{
	struct fix *f = *state;

	assert_int_equal(read_text(f, "\n\n  \nBenchmarkA 1 2 ns/op\n"
	    "BenchmarkB x 2 ns/op\n", CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nr, 1);
	assert_int_equal(f->c.r[0].line, 4);
	assert_int_equal(f->c.nd, 1);
	assert_int_equal(f->c.diag_line[0], 5);
}

/* Past the first chunk of white space, detection still hands it all
 * back. */
static void
test_go_text_long_blank_prefix(void **state)
{
	struct fix *f = *state;
	size_t n = 200000;
	char *text = malloc(n + 64);

	assert_non_null(text);
	memset(text, '\n', n);
	strcpy(text + n, "BenchmarkA 1 2 ns/op\n");
	assert_int_equal(read_text(f, text, CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nr, 1);
	assert_int_equal(f->c.r[0].line, n + 1);
	free(text);
}

/* "-input-format go" reads a file that starts with '{' as Go text. */
static void
test_go_forced(void **state)
{
	struct fix *f = *state;

	assert_int_equal(read_text(f, "{\nBenchmarkA 1 2 ns/op\n",
	    CBS_INPUT_GO), 0);
	assert_int_equal(f->c.nr, 1);
	assert_int_equal(read_text(f, "{\nBenchmarkA 1 2 ns/op\n",
	    CBS_INPUT_AUTO), CBS_EPARSE);
	/* jansson points at the end of the token it stopped at. */
	assert_string_equal(f->err, "in:2:10: malformed JSON: string or '}' "
	    "expected near 'BenchmarkA'");
}

/* ------------------------------------------------------------ test2json */

/* A line cut across events is read whole, numbered by the event that
 * ended it; packages keep interleaved lines apart, and a change of Test
 * in the middle of a line does not cut it (golang/go#49505). */
static void
test_t2j_rejoin(void **state)
{
	struct fix *f = *state;
	const char *s =
	    "{\"Action\":\"start\",\"Package\":\"p\"}\n"
	    "{\"Action\":\"output\",\"Package\":\"p\",\"Output\":\"pkg: p\\n\"}\n"
	    "{\"Action\":\"output\",\"Package\":\"p\",\"Output\":\"BenchmarkA-2 \\t\"}\n"
	    "{\"Action\":\"output\",\"Package\":\"q\",\"Output\":\"Benchm\"}\n"
	    "{\"Action\":\"output\",\"Package\":\"p\",\"Test\":\"T\",\"Output\":\"  10\\t\"}\n"
	    "\n"
	    "{\"Action\":\"output\",\"Package\":\"p\",\"Output\":\" 5.0 ns/op\\n\"}\n"
	    "{\"Action\":\"output\",\"Package\":\"q\",\"Output\":\"arkB 1 x ns/op\"}\n";

	assert_int_equal(read_text(f, s, CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nr, 1);
	assert_string_equal(f->c.r[0].name, "A-2");
	assert_int_equal(f->c.r[0].iters, 10);
	assert_int_equal(f->c.r[0].line, 7);
	assert_string_equal(f->c.r[0].config, ".file=lbl pkg=p");
	check_bits(f->c.r[0].value[0], 5e-9, "A");
	assert_ptr_equal(f->c.r[0].unit[0], unit(f, "sec/op"));
	/* The line never ended is read at the end, with its event's line. */
	assert_int_equal(f->c.nd, 1);
	assert_int_equal(f->c.diag_line[0], 8);
	assert_string_equal(f->c.diag[0], "parsing measurement: invalid "
	    "syntax");
}

static void
test_t2j_errors(void **state)
{
	struct fix *f = *state;

	assert_int_equal(read_text(f, "{\"Action\":\"output\"}\n[1]\n",
	    CBS_INPUT_AUTO), CBS_EPARSE);
	assert_string_equal(f->err, "in:2: not a test2json event (a JSON "
	    "object)");
	assert_int_equal(read_text(f, "{\"Action\":\"output\"}\n{\"a\":\n",
	    CBS_INPUT_AUTO), CBS_EPARSE);
	assert_string_equal(f->err, "in:2:5: malformed JSON: unexpected "
	    "token near end of file");
	/* A NUL in Output is the Go reader's business: a warning (and
	 * then, with no result left, an error). */
	assert_int_equal(read_text(f, "{\"Action\":\"output\",\"Output\":"
	    "\"BenchmarkA\\u0000 1 2 ns/op\\n\"}\n", CBS_INPUT_TEST2JSON),
	    CBS_EPARSE);
	assert_int_equal(f->c.nr, 0);
	assert_string_equal(f->c.diag[0], "line contains a NUL byte; "
	    "ignored");
}

/*
 * "go test -json 2>&1" puts the go command's own lines before the events
 * (issue 20, F13): the stream is still told by its first line that
 * starts with '{', and the lines before it are warned about and skipped.
 */
static void
test_t2j_stray_lines(void **state)
{
	struct fix *f = *state;
	const char *s =
	    "go: downloading example.com/x v1.0.0\n"
	    "\n"
	    "  go: extracting example.com/x v1.0.0\n"
	    "{\"Action\":\"output\",\"Package\":\"p\",\"Output\":"
	    "\"BenchmarkA 1 2 ns/op\\n\"}\n";

	assert_int_equal(read_text(f, s, CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nr, 1);
	assert_string_equal(f->c.r[0].name, "A");
	assert_int_equal(f->c.r[0].line, 4);
	assert_int_equal(f->c.nd, 2);
	assert_int_equal(f->c.diag_line[0], 1);
	assert_string_equal(f->c.diag[0], "not a go test -json event; "
	    "skipped");
	assert_int_equal(f->c.diag_line[1], 3);
}

/* A Go text file whose '{' line is no event stays Go text; so does one
 * whose first event comes past what detection looks at. */
static void
test_t2j_stray_go_text(void **state)
{
	struct fix *f = *state;
	size_t n = 70000;
	char *text = malloc(n + 256);

	assert_int_equal(read_text(f, "BenchmarkA 1 2 ns/op\n{\"a\": 1}\n"
	    "BenchmarkB 1 2 ns/op\n", CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nr, 2);
	assert_non_null(text);
	memset(text, 'x', n);
	text[n - 1] = '\n';
	strcpy(text + n, "{\"Action\":\"output\",\"Output\":"
	    "\"BenchmarkC 1 2 ns/op\\n\"}\nBenchmarkD 1 2 ns/op\n");
	f->c.nr = 0;
	assert_int_equal(read_text(f, text, CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nr, 1);
	assert_string_equal(f->c.r[0].name, "D");
	free(text);
	/* Forced, a stream without a single event is an error. */
	assert_int_equal(read_text(f, "BenchmarkA 1 2 ns/op\n",
	    CBS_INPUT_TEST2JSON), CBS_EPARSE);
	assert_string_equal(f->err, "in: not a go test -json stream (no "
	    "line is a JSON event)");
}

/* ------------------------------------------------------------ gbench */

static const char gbench_doc[] =
    "{\"context\": {\"date\": \"today\", \"host_name\": \"h\", "
    "\"executable\": \"./b\", \"num_cpus\": 4, \"mhz_per_cpu\": 2400.5, "
    "\"load_avg\": [1], \"library_build_type\": \"release\"},\n"
    "\"benchmarks\": [\n"
    "{\"name\": \"BM_a/size:8/threads:2\", \"run_type\": \"iteration\", "
    "\"iterations\": 100, \"real_time\": 2.5, \"cpu_time\": 3, "
    "\"time_unit\": \"us\", \"threads\": 2, \"bytes_per_second\": 1e9, "
    "\"items_per_second\": 5, \"hits_per_second\": 7, \"misses\": 2, "
    "\"label\": \"x\"},\n"
    "{\"name\": \"BM_a/size:8/threads:2_mean\", \"run_type\": "
    "\"aggregate\", \"aggregate_name\": \"mean\", \"real_time\": 1, "
    "\"time_unit\": \"ns\"},\n"
    "{\"name\": \"BM_b_BigO\", \"run_type\": \"aggregate\", "
    "\"aggregate_name\": \"BigO\", \"real_time\": 1},\n"
    "{\"name\": \"BM_e\", \"run_type\": \"iteration\", "
    "\"error_occurred\": true, \"error_message\": \"boom\"},\n"
    "{\"name\": \"BM_e\", \"run_type\": \"iteration\", "
    "\"error_occurred\": true, \"error_message\": \"boom\"},\n"
    "{\"name\": \"BM_t\", \"run_type\": \"iteration\", \"real_time\": 1, "
    "\"time_unit\": \"fortnights\"},\n"
    "{\"name\": \"BM_ns\", \"run_type\": \"iteration\", \"iterations\": 7, "
    "\"real_time\": 12, \"cpu_time\": 11, \"time_unit\": \"ns\"}\n"
    "]}\n";

static void
test_gbench(void **state)
{
	struct fix *f = *state;
	struct rec *a, *ns;

	assert_int_equal(read_text(f, gbench_doc, CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nr, 2);
	a = &f->c.r[0];
	assert_string_equal(a->name, "BM_a/size=8/threads=2");
	assert_int_equal(a->iters, 100);
	assert_int_equal(a->line, 0);
	/* Not the date, executable or load: they change run to run. */
	assert_string_equal(a->config, ".file=lbl host_name=h num_cpus=4 "
	    "mhz_per_cpu=2400.5 library_build_type=release");
	assert_int_equal(a->nvalues, 6);
	check_bits(a->value[0], 2.5 * 1e-6, "real_time");
	assert_ptr_equal(a->unit[0], unit(f, "sec/op"));
	check_bits(a->value[1], 3 * 1e-6, "cpu_time");
	assert_ptr_equal(a->unit[1], unit(f, "cpu-sec/op"));
	assert_ptr_equal(a->unit[2], unit(f, "B/s"));
	assert_ptr_equal(a->unit[3], unit(f, "items/s"));
	assert_ptr_equal(a->unit[4], unit(f, "hits/s"));
	assert_ptr_equal(a->unit[5], unit(f, "misses"));
	assert_int_equal(cbs_unit_better_by_name("B/s"), CBS_BETTER_HIGHER);
	assert_int_equal(cbs_unit_better_by_name("items/s"),
	    CBS_BETTER_HIGHER);
	assert_int_equal(cbs_unit_better_by_name("cpu-sec/op"),
	    CBS_BETTER_LOWER);
	/* ns compare with Go's ns/op, which is tidied the same way. */
	ns = &f->c.r[1];
	assert_string_equal(ns->name, "BM_ns");
	check_bits(ns->value[0], 12 * 1e-9, "ns");
	assert_ptr_equal(ns->unit[0], unit(f, "sec/op"));
	assert_int_equal(f->c.nd, 2);
	assert_string_equal(f->c.diag[0], "benchmark BM_e: error: boom "
	    "(2 runs)");
	assert_string_equal(f->c.diag[1], "benchmark BM_t: unknown "
	    "time_unit");
}

/* A warning about a long benchmark name keeps its reason, after the
 * name: the message has no length limit (it was cut at 255 bytes). */
static void
test_gbench_long_name_warning(void **state)
{
	struct fix *f = *state;
	char name[1501], doc[2048];
	const char *want_tail = ": error: the disk is full";

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_true((size_t)snprintf(doc, sizeof(doc), "{\"context\": {}, "
	    "\"benchmarks\": [{\"name\": \"BM_%s\", "
	    "\"run_type\": \"iteration\", \"error_occurred\": true, "
	    "\"error_message\": \"the disk is full\"}, {\"name\": \"BM_ok\", "
	    "\"run_type\": \"iteration\", \"iterations\": 1, \"real_time\": 1, "
	    "\"time_unit\": \"ns\"}]}\n", name) < sizeof(doc));
	assert_int_equal(read_text(f, doc, CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nd, 1);
	assert_int_equal(strlen(f->c.diag[0]), strlen("benchmark BM_") +
	    strlen(name) + strlen(want_tail));
	assert_string_equal(f->c.diag[0] + strlen(f->c.diag[0]) -
	    strlen(want_tail), want_tail);
}

/*
 * A benchmark with aggregates and no repetitions
 * (--benchmark_report_aggregates_only, or ReportAggregatesOnly() on one
 * benchmark) has no samples: one warning, whether or not the aggregates
 * carry a run_name.  Aggregates after their repetitions, and BigO and
 * RMS after a family's, are no news (issue 20, F11).
 */
static void
test_gbench_aggregates_only(void **state)
{
	struct fix *f = *state;
	const char *doc = "{\"context\": {}, \"benchmarks\": [\n"
	    "{\"name\": \"BM_r/8\", \"run_name\": \"BM_r/8\", \"run_type\": "
	    "\"iteration\", \"real_time\": 2, \"time_unit\": \"ns\"},\n"
	    "{\"name\": \"BM_r/8_mean\", \"run_name\": \"BM_r/8\", "
	    "\"run_type\": \"aggregate\", \"aggregate_name\": "
	    "\"mean\", \"real_time\": 2, \"time_unit\": \"ns\"},\n"
	    "{\"name\": \"BM_r_BigO\", \"run_name\": \"BM_r\", \"run_type\": "
	    "\"aggregate\", \"aggregate_name\": \"BigO\", "
	    "\"real_coefficient\": 1},\n"
	    "{\"name\": \"BM_r_RMS\", \"run_name\": \"BM_r\", \"run_type\": "
	    "\"aggregate\", \"aggregate_name\": \"RMS\", \"rms\": 0.1},\n"
	    "{\"name\": \"BM_a_mean\", \"run_name\": \"BM_a\", \"run_type\": "
	    "\"aggregate\", \"aggregate_name\": \"mean\", \"real_time\": 5, "
	    "\"time_unit\": \"ns\"},\n"
	    "{\"name\": \"BM_a_cv\", \"run_name\": \"BM_a\", \"run_type\": "
	    "\"aggregate\", \"aggregate_name\": \"cv\", \"real_time\": 0.1, "
	    "\"time_unit\": \"ns\"},\n"
	    "{\"name\": \"BM_b_median\", \"run_type\": \"aggregate\", "
	    "\"aggregate_name\": \"median\", \"real_time\": 5},\n"
	    "{\"name\": \"BM_b_stddev\", \"run_type\": \"aggregate\", "
	    "\"aggregate_name\": \"stddev\", \"real_time\": 5}\n"
	    "]}\n";

	assert_int_equal(read_text(f, doc, CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nr, 1);
	assert_int_equal(f->c.nd, 2);
	assert_string_equal(f->c.diag[0], "benchmark BM_a: aggregates only, "
	    "no repetitions to sample");
	assert_string_equal(f->c.diag[1], "benchmark BM_b: aggregates only, "
	    "no repetitions to sample");
}

/*
 * Google Benchmark writes NaN, Infinity and -Infinity, which jansson
 * refuses (issue 20, F12).  They are read, outside strings only, and
 * are no measurement: a warning, once for a benchmark's repetitions in a
 * row; a real_time that is one leaves no sample.  Errors keep the file's
 * columns; a token that only starts like one is still malformed.
 */
static void
test_gbench_nonfinite(void **state)
{
	struct fix *f = *state;
	const char *doc = "{\"context\": {\"host_name\": \"NaN\"}, "
	    "\"benchmarks\": [\n"
	    "{\"name\": \"BM_a\", \"real_time\": 2, \"cpu_time\": NaN, "
	    "\"time_unit\": \"ns\", \"r\": Infinity, \"Infinity\": -1},\n"
	    "{\"name\": \"BM_a\", \"real_time\": 3, \"cpu_time\": 1,"
	    "\"time_unit\": \"ns\", \"r\": Infinity, "
	    "\"Infinity\": -Infinity},\n"
	    "{\"name\": \"BM_n\", \"real_time\": NaN, \"time_unit\": \"ns\"},\n"
	    "{\"name\": \"BM_n\", \"real_time\":NaN,\"time_unit\": \"ns\"},\n"
	    "{\"name\": \"NaN Infinity\", \"real_time\": 4, "
	    "\"label\": \"-Infinity \\\\\\\" NaN\"}\n"
	    "]}\n";

	assert_int_equal(read_text(f, doc, CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nr, 3);
	assert_string_equal(f->c.r[0].config, ".file=lbl host_name=NaN");
	/* real_time, then the counter "Infinity" */
	assert_int_equal(f->c.r[0].nvalues, 2);
	check_bits(f->c.r[0].value[1], -1, "counter");
	assert_ptr_equal(f->c.r[0].unit[1], unit(f, "Infinity"));
	assert_int_equal(f->c.r[1].nvalues, 2);
	assert_string_equal(f->c.r[2].name, "NaN Infinity");
	assert_int_equal(f->c.nd, 4);
	assert_string_equal(f->c.diag[0], "benchmark BM_a: cpu_time is NaN; "
	    "skipped");
	assert_string_equal(f->c.diag[1], "benchmark BM_a: counter \"r\" is "
	    "Infinity; skipped (2 runs)");
	assert_string_equal(f->c.diag[2], "benchmark BM_a: counter "
	    "\"Infinity\" is -Infinity; skipped");
	assert_string_equal(f->c.diag[3], "benchmark BM_n: real_time is NaN; "
	    "no sample (2 runs)");

	assert_int_equal(read_text(f, "{\"context\": {}, \"benchmarks\": "
	    "[NaN, NaNa]}", CBS_INPUT_AUTO), CBS_EPARSE);
	assert_string_equal(f->err, "in:1:40: malformed JSON: invalid token "
	    "near 'NaNa'");
	assert_int_equal(read_text(f, "{\"results\": [{\"command\": \"c\", "
	    "\"times\": [-Infinity, 1, NaN], \"memory_usage_byte\": "
	    "[1, Infinity, 3]}]}", CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nd, 7);
	assert_string_equal(f->c.diag[4], "results[0] (\"c\"): times[0] is "
	    "-Infinity; skipped");
	assert_string_equal(f->c.diag[5], "results[0] (\"c\"): "
	    "memory_usage_byte[1] is Infinity; skipped");
	assert_string_equal(f->c.diag[6], "results[0] (\"c\"): times[2] is "
	    "NaN; skipped");
}

/* A JSON input that yields no result is an error: nothing to compare
 * must not pass a gate (issue 20, F11).  Empty Go text is none. */
static void
test_json_no_results(void **state)
{
	struct fix *f = *state;
	static const char *const docs[] = {
		"{\"context\": {}, \"benchmarks\": []}",
		"{\"context\": {}, \"benchmarks\": [{\"name\": \"BM_a_mean\", "
		    "\"run_type\": \"aggregate\", \"aggregate_name\": "
		    "\"mean\", \"real_time\": 1}]}",
		"{\"context\": {}, \"benchmarks\": [{\"name\": \"BM_a\", "
		    "\"skipped\": true, \"real_time\": 0}]}",
		"{\"results\": []}",
		"{\"results\": [{\"command\": \"x\", \"times\": []}]}",
		"{\"Action\":\"start\",\"Package\":\"p\"}\n"
		    "{\"Action\":\"output\",\"Package\":\"p\",\"Output\":"
		    "\"PASS\\n\"}\n",
	};
	size_t i;

	for (i = 0; i < LEN(docs); i++) {
		assert_int_equal(read_text(f, docs[i], CBS_INPUT_AUTO),
		    CBS_EPARSE);
		assert_string_equal(f->err, "in: no benchmark results in this "
		    "JSON input");
	}
	assert_int_equal(read_text(f, "\n", CBS_INPUT_AUTO), 0);
}

/* -col /size works on the name parts. */
static void
test_gbench_extract(void **state)
{
	struct fix *f = *state;
	struct cbs_result res;
	const char *val;
	size_t n;

	assert_int_equal(read_text(f, gbench_doc, CBS_INPUT_GBENCH), 0);
	memset(&res, 0, sizeof(res));
	res.name = f->c.r[0].name;
	res.name_len = strlen(res.name);
	n = cbs_extract(&res, "/size", &val);
	assert_int_equal(n, 1);
	assert_memory_equal(val, "8", 1);
	n = cbs_extract(&res, "/threads", &val);
	assert_memory_equal(val, "2", n);
	n = cbs_extract(&res, ".name", &val);
	assert_int_equal(n, 4);
}

/* ------------------------------------------------------------ hyperfine */

static void
test_hyperfine(void **state)
{
	struct fix *f = *state;
	const char *doc = "{\"results\": [\n"
	    "{\"command\": \"sort -n\", \"mean\": 1, \"times\": [0.5, 0.25], "
	    "\"exit_codes\": [0, 1], \"parameters\": {\"n\": \"1\", "
	    "\"m\": 2}},\n"
	    "{\"command\": \"./x\\ty\", \"times\": [1], \"exit_codes\": [null],"
	    " \"memory_usage_byte\": [4096]},\n"
	    "{\"command\": \"z\", \"times\": \"no\"}\n"
	    "]}\n";

	assert_int_equal(read_text(f, doc, CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nr, 3);
	assert_string_equal(f->c.r[0].name, "sort -n/n=1/m=2");
	assert_string_equal(f->c.r[1].name, "sort -n/n=1/m=2");
	assert_int_equal(f->c.r[0].iters, 1);
	assert_string_equal(f->c.r[0].config, ".file=lbl");
	check_bits(f->c.r[0].value[0], 0.5, "t0");
	check_bits(f->c.r[1].value[0], 0.25, "t1");
	assert_ptr_equal(f->c.r[0].unit[0], unit(f, "sec/op"));
	/* A tab would break the table's row: a blank instead. */
	assert_string_equal(f->c.r[2].name, "./x y");
	assert_int_equal(f->c.r[2].nvalues, 2);
	check_bits(f->c.r[2].value[1], 4096, "mem");
	assert_ptr_equal(f->c.r[2].unit[1], unit(f, "max-RSS-B"));
	assert_int_equal(f->c.nd, 3);
	assert_string_equal(f->c.diag[0], "command \"sort -n\": 1 of 2 runs "
	    "exited with a non-zero status");
	assert_string_equal(f->c.diag[1], "command \"./x y\": 1 of 1 runs "
	    "exited with a non-zero status");
	assert_string_equal(f->c.diag[2], "results[2] (\"z\"): no \"times\"");
}

/* Nothing is cut short (issue 20, F9): a context value was cut at 255
 * bytes, a parameter value at 511; a long unit is whole too. */
static void
test_long_values(void **state)
{
	struct fix *f = *state;
	size_t n = 3000, len;
	char *v = malloc(n + 1), *doc = malloc(3 * n + 512);
	const char *cfg;

	assert_non_null(v);
	assert_non_null(doc);
	memset(v, 'v', n);
	v[n] = '\0';
	snprintf(doc, 3 * n + 512, "{\"context\": {\"host_name\": \"%s\"}, "
	    "\"benchmarks\": [{\"name\": \"BM_a\", \"real_time\": 1, "
	    "\"%s_per_second\": 2}]}", v, v);
	assert_int_equal(read_text(f, doc, CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nr, 1);
	cfg = strstr(f->c.r[0].config, "host_name=vvv");
	assert_non_null(cfg);
	assert_int_equal(f->c.r[0].config_bytes, strlen("lbl") + n);
	assert_int_equal(strlen(f->c.r[0].unit[1]), n + 2);
	assert_string_equal(f->c.r[0].unit[1] + n, "/s");
	snprintf(doc, 3 * n + 512, "{\"results\": [{\"command\": \"c\", "
	    "\"times\": [1], \"parameters\": {\"p\": \"%s\"}}]}", v);
	f->c.nr = 0;
	assert_int_equal(read_text(f, doc, CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nr, 1);
	len = strlen("c/p=");
	assert_memory_equal(f->c.r[0].name, "c/p=vvv", len + 3);
	assert_int_equal(f->c.r[0].name_len, len + n);
	free(doc);
	free(v);
}

/* ------------------------------------------------------------ errors */

static void
test_json_errors(void **state)
{
	struct fix *f = *state;

	assert_int_equal(read_text(f, "{\"results\": [1,]}",
	    CBS_INPUT_AUTO), CBS_EPARSE);
	assert_string_equal(f->err, "in:1:16: malformed JSON: unexpected "
	    "token near ']'");
	assert_int_equal(read_text(f, "{\"a\": 1}", CBS_INPUT_AUTO),
	    CBS_EPARSE);
	assert_string_equal(f->err, "in: JSON of no known input format (a "
	    "test2json stream, a Google Benchmark report, a hyperfine "
	    "export)");
	assert_int_equal(read_text(f, "{\"results\": []}", CBS_INPUT_GBENCH),
	    CBS_EPARSE);
	assert_int_equal(read_text(f, "", CBS_INPUT_HYPERFINE), CBS_EPARSE);
	assert_int_equal(read_text(f, "", CBS_INPUT_AUTO), 0);
	assert_int_equal(f->c.nr, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_names),
		cmocka_unit_test_setup_teardown(test_go_text_line_numbers,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_go_text_long_blank_prefix,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_go_forced, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_t2j_rejoin, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_t2j_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_t2j_stray_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_t2j_stray_go_text, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gbench, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gbench_long_name_warning,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gbench_aggregates_only,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_no_results, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gbench_nonfinite, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gbench_extract, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hyperfine, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_long_values, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_json_errors, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
