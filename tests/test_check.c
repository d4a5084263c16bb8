/*
 * test_check.c: -check over the reports the library writes (check_text.c,
 * check_csv.c, check_md.c and, through cbs_check_read, check_json.c).
 *
 * The reports are made here as the command makes them: benchmark files
 * read with cbs_reader_read, grouped with the default projections, built
 * into tables, judged by the gate and written into memory.
 *
 * The prefix sweep reads every strict prefix of a report, as a CI
 * artifact cut short by a full disk or a killed job would be, and
 * classifies it by the writer's layout of tables: a prefix that ends
 * inside a line (every writer ends its lines) or inside a table must be
 * an error; one that ends between tables must give exactly the verdicts
 * of the tables it holds, those that -check gives on the whole report
 * for its lines (-gate-strict, so that both the regression and the
 * inconclusive lines count, whatever the size of the family).  One
 * place inside a text or Markdown table is neither: right after its
 * first row, which a table of one row looks like (it has no geomean
 * row), so that prefix may give the verdicts of what it holds.  A JSON
 * report is one document: every strict prefix is an error (swept at
 * every line's ends and every byte of its first and last 256).
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

static const struct cbs_gate_opts gate_opts = {
	.threshold = 5, .alpha = 0.01, .confidence = 0.95, .gate_geomean = 1,
};

/* ------------------------------------------------------------ fixture */

/* The pipeline the tables are read into (testutil.h). */
struct fix {
	struct test_pipe p;
};

static void
on_diag(const struct cbs_diag *d, void *ctx)
{
	(void)d;
	(void)ctx;
}

static void
fix_init(struct fix *f)
{
	test_pipe_init(&f->p);
}

static void
fix_free(struct fix *f)
{
	test_pipe_free(&f->p);
}

/* Read fp as the file path (its column label), in any input format. */
static void
fix_read_fp(struct fix *f, FILE *fp, const char *path)
{
	char err[512] = "";

	assert_non_null(fp);
	if (cbs_reader_read_input(f->p.reader, fp, CBS_INPUT_AUTO, path, path,
	    test_pipe_add, on_diag, &f->p, err, sizeof(err)) != 0) {
		print_error("read %s: %s\n", path, err);
		fail();
	}
	fclose(fp);
}

/* The files in paths (relative to the top of the tree, where make check
 * runs the tests), built into tables. */
static void
fix_files(struct fix *f, const char *const *paths, size_t n)
{
	size_t i;

	fix_init(f);
	for (i = 0; i < n; i++)
		fix_read_fp(f, fopen(paths[i], "r"), paths[i]);
	test_pipe_build(&f->p);
}

/* Two benchmark files given as texts. */
static void
fix_texts(struct fix *f, const char *old_text, const char *new_text)
{
	char *copy[2];
	size_t i;

	fix_init(f);
	for (i = 0; i < 2; i++) {
		/* fmemopen wants a writable buffer. */
		assert_non_null(copy[i] = strdup(i == 0 ? old_text :
		    new_text));
		fix_read_fp(f, fmemopen(copy[i], strlen(copy[i]), "r"),
		    i == 0 ? "old.txt" : "new.txt");
		free(copy[i]);
	}
	test_pipe_build(&f->p);
}

enum fmt { FMT_TEXT, FMT_CSV, FMT_MD, FMT_MD_GATE, FMT_JSON, NFMT };

static const char *const fmt_names[] = { "text", "csv", "markdown",
    "markdown with the gate", "json" };

/* The tables in format k into *doc, as -format writes them; Markdown
 * and JSON with the gate where its settings go are named (go). */
static void
render(const struct fix *f, enum fmt k, const struct cbs_gate_opts *go,
    char **doc, size_t *len)
{
	struct cbs_report_opts ro;
	struct cbs_gate *gate = NULL;
	FILE *out, *warn;
	char *wbuf = NULL;
	size_t wlen = 0;
	int rc = -1;

	memset(&ro, 0, sizeof(ro));
	ro.alpha = 0.05;
	ro.confidence = 0.95;
	if (k == FMT_MD_GATE || k == FMT_JSON) {
		ro.has_threshold = 1;
		ro.threshold = go->threshold;
		ro.gate_geomean = go->gate_geomean;
		assert_int_equal(cbs_gate_new(f->p.tables, go, &gate), 0);
		ro.gate = gate;
	}
	*doc = NULL;
	assert_non_null(out = open_memstream(doc, len));
	assert_non_null(warn = open_memstream(&wbuf, &wlen));
	switch (k) {
	case FMT_TEXT:
		rc = cbs_format_text(f->p.tables, out);
		break;
	case FMT_CSV:
		rc = cbs_format_csv(f->p.tables, out, warn);
		break;
	case FMT_MD:
	case FMT_MD_GATE:
		rc = cbs_format_markdown(f->p.tables, &ro, out);
		break;
	case FMT_JSON:
	case NFMT:
		rc = cbs_format_json(f->p.tables, &ro, out);
		break;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(fclose(warn), 0);
	free(wbuf);
	cbs_gate_free(gate);
}

/* ------------------------------------------------------------ -check */

/* What -check reported: one line per comparison, with its line. */
struct rec {
	size_t line;
	char *text;
};

struct recs {
	struct rec *v;
	size_t n;
	const char *kind;	/* keep only these; NULL: every kind */
};

static void
recs_free(struct recs *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].text);
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

static void
recs_add(struct recs *r, size_t line, const char *text)
{
	assert_non_null(r->v = realloc(r->v, (r->n + 1) * sizeof(*r->v)));
	r->v[r->n].line = line;
	assert_non_null(r->v[r->n].text = strdup(text));
	r->n++;
}

static void
on_regression(const struct cbs_regression *r, void *ctx)
{
	struct recs *out = ctx;
	char text[4096];

	if (out->kind != NULL && strcmp(r->kind, out->kind) != 0)
		return;
	snprintf(text, sizeof(text), "benchmark=%s unit=%s column=%s "
	    "change=%s", r->benchmark, r->unit, r->column,
	    r->delta != NULL ? r->delta : "-");
	recs_add(out, r->line, text);
}

static int
rec_cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->text, y->text);
}

/* -check over doc[0..len) with the gate's settings go. */
static long
check_with(char *doc, size_t len, const struct cbs_gate_opts *go,
    struct recs *out, char *err, size_t errlen)
{
	FILE *fp;
	long rc;

	/* glibc's fmemopen takes no empty buffer. */
	fp = len > 0 ? fmemopen(doc, len, "r") : fopen("/dev/null", "r");
	assert_non_null(fp);
	err[0] = '\0';
	rc = cbs_check_read(fp, "report", go, on_regression, out, err,
	    errlen);
	fclose(fp);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), rec_cmp);
	return rc;
}

/* -check with the sweep's settings, strict or not. */
static long
check_doc(char *doc, size_t len, int strict, struct recs *out, char *err,
    size_t errlen)
{
	struct cbs_gate_opts o = gate_opts;

	o.strict = strict;
	return check_with(doc, len, &o, out, err, errlen);
}

/* ------------------------------------------------------------ sweep */

/* Where each table of a report lies, in bytes, and where its first row
 * ends (0 where that is not ambiguous). */
struct spans {
	size_t n;
	size_t start[32], end[32], first_row_end[32];
};

/* @return 1 if s[0..n) holds the column rule "│". */
static int
has_rule(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 3 <= n; i++)
		if (memcmp(s + i, "\xe2\x94\x82", 3) == 0)
			return 1;
	return 0;
}

static size_t
line_end(const char *s, size_t len, size_t at)
{
	const char *nl = memchr(s + at, '\n', len - at);

	return nl != NULL ? (size_t)(nl - s) + 1 : len;
}

/*
 * Text and CSV: tables are separated by one empty line, and each is
 * its configuration lines, header, rows and geomean (and footnotes).
 * A text table's first row is the first line after its "│" rows.
 */
static void
block_spans(const char *s, size_t len, int text, struct spans *sp)
{
	size_t at, next, t = 0;
	int in = 0, head = 0;

	memset(sp, 0, sizeof(*sp));
	for (at = 0; at < len; at = next) {
		next = line_end(s, len, at);
		if (s[at] == '\n') {
			in = 0;
			continue;
		}
		if (!in) {
			assert_true(sp->n < LEN(sp->start));
			t = sp->n++;
			sp->start[t] = at;
			in = 1;
			head = 0;
		}
		sp->end[t] = next;
		if (!text)
			continue;
		if (has_rule(s + at, next - at))
			head = 1;
		else if (head && sp->first_row_end[t] == 0)
			sp->first_row_end[t] = next;
	}
}

/*
 * Markdown: a table begins at its first configuration line ("- **")
 * or its "**unit**" line, and ends after the last of its rows, its
 * run-wide lines and its notes ("1. ...").  The gate's verdict line
 * above the tables, and the legend under them, belong to none.
 */
static void
md_spans(const char *s, size_t len, struct spans *sp)
{
	size_t at, next, t = 0, n;
	int content = 1, delim = 0;
	const char *l;

	memset(sp, 0, sizeof(*sp));
	for (at = 0; at < len; at = next) {
		next = line_end(s, len, at);
		l = s + at;
		n = next - at;
		if ((n > 4 && strncmp(l, "- **", 4) == 0) || (n > 2 &&
		    strncmp(l, "**", 2) == 0 && strncmp(l, "**Gate", 6) != 0 &&
		    strncmp(l, "**Warning", 9) != 0)) {
			if (content) {
				assert_true(sp->n < LEN(sp->start));
				t = sp->n++;
				sp->start[t] = at;
				content = delim = 0;
			}
			continue;
		}
		if (sp->n == 0 || !(l[0] == '|' ||
		    strncmp(l, "Run-wide shift of ", 18) == 0 ||
		    (l[0] >= '1' && l[0] <= '9' && memchr(l, '.', n) != NULL &&
		    l[strspn(l, "0123456789")] == '.')))
			continue;
		if (l[0] == '|' && delim && sp->first_row_end[t] == 0)
			sp->first_row_end[t] = next;
		delim = strncmp(l, "|:---|", 6) == 0 || (delim && l[0] == '|');
		sp->end[t] = next;
		content = 1;
	}
}

/* The table that p lies strictly inside, or -1. */
static int
inside(const struct spans *sp, size_t p)
{
	size_t k;

	for (k = 0; k < sp->n; k++)
		if (sp->start[k] < p && p < sp->end[k])
			return (int)k;
	return -1;
}

static size_t
tables_held(const struct spans *sp, size_t p)
{
	size_t k, n = 0;

	for (k = 0; k < sp->n; k++)
		n += sp->end[k] <= p;
	return n;
}

/* Lines of doc[0..p), a cut one included. */
static size_t
lines_in(const char *doc, size_t p)
{
	size_t i, n = 0;

	for (i = 0; i < p; i++)
		n += doc[i] == '\n';
	return n + (p > 0 && doc[p - 1] != '\n');
}

/* got must be exactly the records of full on lines up to last. */
static int
same_records(const struct recs *got, const struct recs *full, size_t last)
{
	size_t i, n = 0;

	for (i = 0; i < full->n && full->v[i].line <= last; i++, n++)
		if (n >= got->n || got->v[n].line != full->v[i].line ||
		    strcmp(got->v[n].text, full->v[i].text) != 0)
			return 0;
	return n == got->n;
}

struct tally {
	size_t errors, complete, ambiguous_ok, json_passed, json_last;
};

/* One prefix of a line-oriented report, against the spans. */
static int
sweep_one(const char *what, char *doc, size_t p, const struct spans *sp,
    const struct recs *full, struct tally *t)
{
	struct recs got = { NULL, 0, NULL };
	char err[1024];
	long rc = check_doc(doc, p, 1, &got, err, sizeof(err));
	int k = inside(sp, p), ok;
	size_t last = lines_in(doc, p);

	if (rc < 0 && err[0] == '\0') {
		print_error("%s: prefix of %zu bytes: error %ld without a "
		    "message\n", what, p, rc);
		ok = 0;
	} else if (p > 0 && doc[p - 1] != '\n') {
		/* Every writer ends its lines: this one was cut. */
		ok = rc < 0;
		if (!ok)
			print_error("%s: prefix of %zu bytes ends inside line "
			    "%zu but passes with %ld\n", what, p, last, rc);
	} else if (k < 0 && tables_held(sp, p) == 0) {
		ok = rc < 0;
		if (!ok)
			print_error("%s: prefix of %zu bytes holds no table "
			    "but passes with %ld\n", what, p, rc);
	} else if (k >= 0 && p != sp->first_row_end[k]) {
		ok = rc < 0;
		if (!ok)
			print_error("%s: prefix of %zu bytes ends inside table "
			    "%d (line %zu) but passes with %ld\n", what, p,
			    k + 1, last, rc);
	} else if (rc < 0 && k >= 0) {
		/* Cut right after a first row: an error is right too. */
		ok = 1;
	} else {
		ok = rc >= 0 && (size_t)rc == got.n &&
		    same_records(&got, full, last);
		if (!ok)
			print_error("%s: prefix of %zu bytes holds %zu tables "
			    "(to line %zu): got %ld (%s), %zu lines\n", what,
			    p, tables_held(sp, p), last, rc, err, got.n);
		else if (k >= 0)
			t->ambiguous_ok++;
		else
			t->complete++;
	}
	t->errors += rc < 0;
	recs_free(&got);
	return ok;
}

/*
 * The JSON prefixes swept: the reader parses the document whole, so a
 * cut inside a line is one more place to stop; every line's ends and
 * every byte of the first and last 256 keep the sweep to a second.
 */
static int
json_cut(const char *doc, size_t len, size_t p)
{
	return p < 256 || len - p <= 256 || doc[p] == '\n' ||
	    (p > 0 && doc[p - 1] == '\n');
}

/* Every strict prefix of the report of f in format k (JSON: those of
 * json_cut). */
static void
sweep(const struct fix *f, enum fmt k, const char *name)
{
	struct recs full = { NULL, 0, NULL }, got = { NULL, 0, NULL };
	struct tally t = { 0, 0, 0, 0, 0 };
	struct spans sp;
	char err[1024], what[128];
	size_t len, p, bad = 0;
	char *doc;
	long rc;

	render(f, k, &gate_opts, &doc, &len);
	snprintf(what, sizeof(what), "%s, %s", name, fmt_names[k]);
	rc = check_doc(doc, len, 1, &full, err, sizeof(err));
	if (rc < 0 || (size_t)rc != full.n || full.n == 0) {
		print_error("%s: the whole report: %ld (%s), %zu lines\n",
		    what, rc, err, full.n);
		fail();
	}
	if (k == FMT_MD || k == FMT_MD_GATE)
		md_spans(doc, len, &sp);
	else
		block_spans(doc, len, k == FMT_TEXT, &sp);
	for (p = 0; p < len; p++) {
		if (k == FMT_JSON && json_cut(doc, len, p)) {
			rc = check_doc(doc, p, 1, &got, err, sizeof(err));
			if (rc >= 0) {
				t.json_passed++;
				t.json_last = p;
			}
			t.errors += rc < 0;
			recs_free(&got);
		} else if (k != FMT_JSON &&
		    !sweep_one(what, doc, p, &sp, &full, &t) && ++bad >= 10)
			break;
	}
	if (k == FMT_JSON)
		print_message("# %s: %zu bytes: %zu prefixes swept, %zu are "
		    "errors\n", what, len, t.errors + t.json_passed,
		    t.errors);
	else
		print_message("# %s: %zu bytes, %zu tables: %zu prefixes are "
		    "errors, %zu hold whole tables, %zu end after a first row "
		    "and pass\n", what, len, sp.n, t.errors, t.complete,
		    t.ambiguous_ok);
	recs_free(&full);
	free(doc);
	if (k == FMT_JSON && t.json_passed > 0) {
		print_message("# %s: %zu prefixes pass, the last of %zu bytes"
		    "\n", what, t.json_passed, t.json_last);
		fail();
	}
	if (bad > 0)
		fail();
}

static const char *const example_files[] = { "testdata/example-old.txt",
    "testdata/example-new.txt" };

static const char *const three_files[] = { "testdata/three-a.txt",
    "testdata/three-b.txt", "testdata/three-c.txt" };

/*
 * Cells missing from rows (D is only in the old file, E only in the
 * new one), a table of one row (B/s), and a slowdown past the
 * threshold (A, +20%).
 */
static const char sparse_old[] =
"goos: linux\n"
"BenchmarkA 1 100 ns/op\nBenchmarkA 1 101 ns/op\nBenchmarkA 1 102 ns/op\n"
"BenchmarkA 1 103 ns/op\nBenchmarkA 1 104 ns/op\nBenchmarkA 1 105 ns/op\n"
"BenchmarkB 1 200 ns/op\nBenchmarkB 1 201 ns/op\nBenchmarkB 1 202 ns/op\n"
"BenchmarkB 1 203 ns/op\nBenchmarkB 1 204 ns/op\nBenchmarkB 1 205 ns/op\n"
"BenchmarkD 1 300 ns/op\nBenchmarkD 1 301 ns/op\nBenchmarkD 1 302 ns/op\n"
"BenchmarkD 1 303 ns/op\nBenchmarkD 1 304 ns/op\nBenchmarkD 1 305 ns/op\n"
"BenchmarkA 1 100 ns/op 50 MB/s\n";

static const char sparse_new[] =
"goos: linux\n"
"BenchmarkA 1 120 ns/op\nBenchmarkA 1 121 ns/op\nBenchmarkA 1 122 ns/op\n"
"BenchmarkA 1 123 ns/op\nBenchmarkA 1 124 ns/op\nBenchmarkA 1 125 ns/op\n"
"BenchmarkB 1 200 ns/op\nBenchmarkB 1 201 ns/op\nBenchmarkB 1 202 ns/op\n"
"BenchmarkB 1 203 ns/op\nBenchmarkB 1 204 ns/op\nBenchmarkB 1 205 ns/op\n"
"BenchmarkE 1 400 ns/op\nBenchmarkE 1 401 ns/op\nBenchmarkE 1 402 ns/op\n"
"BenchmarkE 1 403 ns/op\nBenchmarkE 1 404 ns/op\nBenchmarkE 1 405 ns/op\n"
"BenchmarkA 1 100 ns/op 40 MB/s\n";

static void
sweep_all(struct fix *f, const char *name)
{
	enum fmt k;

	for (k = 0; k < NFMT; k++)
		sweep(f, k, name);
	fix_free(f);
}

/* F5: the example's four tables, with footnotes and regressions. */
static void
test_sweep_example(void **state)
{
	struct fix f;

	(void)state;
	fix_files(&f, example_files, LEN(example_files));
	sweep_all(&f, "example");
}

/* F5: three columns compared with the first. */
static void
test_sweep_three(void **state)
{
	struct fix f;

	(void)state;
	fix_files(&f, three_files, LEN(three_files));
	sweep_all(&f, "three");
}

/* F5: rows with missing cells, and a table of one row. */
static void
test_sweep_sparse(void **state)
{
	struct fix f;

	(void)state;
	fix_texts(&f, sparse_old, sparse_new);
	sweep_all(&f, "sparse");
}

/* ------------------------------------------------------------ names */

/*
 * The live gate's regressions on f's tables (-threshold 5, no
 * -gate-geomean), and -check's on the report in every format: the same
 * cells, however the benchmarks are named.
 */
static void
same_as_live(struct fix *f, const char *name)
{
	struct cbs_gate_opts go = gate_opts;
	struct recs live = { NULL, 0, "regression" };
	struct recs got = { NULL, 0, "regression" };
	struct cbs_gate *g;
	char err[1024], *doc;
	size_t len, i;
	enum fmt k;
	long rc;

	go.gate_geomean = 0;
	assert_int_equal(cbs_gate_new(f->p.tables, &go, &g), 0);
	rc = cbs_gate_report(g, f->p.tables, on_regression, &live);
	cbs_gate_free(g);
	assert_int_equal(rc, (long)live.n);
	assert_true(live.n > 0);
	qsort(live.v, live.n, sizeof(*live.v), rec_cmp);
	for (k = 0; k < NFMT; k++) {
		render(f, k, &go, &doc, &len);
		rc = check_with(doc, len, &go, &got, err, sizeof(err));
		/* -check's lines have lines; the live gate's have none. */
		for (i = 0; i < got.n; i++)
			got.v[i].line = 0;
		if (got.n > 1)
			qsort(got.v, got.n, sizeof(*got.v), rec_cmp);
		if (rc != (long)live.n || !same_records(&got, &live, 0)) {
			print_error("%s, %s: -check gives %ld (%s), the live "
			    "gate %zu regressions\n%s", name, fmt_names[k], rc,
			    err, live.n, doc);
			for (i = 0; i < got.n; i++)
				print_error("  -check: %s\n", got.v[i].text);
			for (i = 0; i < live.n; i++)
				print_error("  live:   %s\n", live.v[i].text);
			fail();
		}
		recs_free(&got);
		free(doc);
	}
	recs_free(&live);
	fix_free(f);
}

/* Ten runs of name at about base, then ten of other at 100, shuffled
 * so that the runs do not trend. */
static void
two_benchmarks(char *buf, size_t len, const char *name, int base)
{
	static const int order[] = { 3, 7, 0, 9, 4, 1, 8, 5, 2, 6 };
	size_t i, o = 0;

	for (i = 0; i < LEN(order); i++)
		o += (size_t)snprintf(buf + o, len - o, "Benchmark%s 1 %d "
		    "ns/op\nBenchmarkOther-8 1 %d ns/op\n", name,
		    base + order[i], 100 + order[i]);
	assert_true(o < len);
}

/* A benchmark named name slows by half. */
static void
slower(const char *name)
{
	char old_text[2048], new_text[2048];
	struct fix f;

	two_benchmarks(old_text, sizeof(old_text), name, 100);
	two_benchmarks(new_text, sizeof(new_text), name, 150);
	fix_texts(&f, old_text, new_text);
	same_as_live(&f, name);
}

/* F3: a label whose first byte is not ASCII is no footnote. */
static void
test_name_non_ascii(void **state)
{
	(void)state;
	slower("\xc3\x9c" "ber-8");
	slower("\xc2\xb9-8");
}

/* F4: a label with the column rule "│" is no header row. */
static void
test_name_rule(void **state)
{
	(void)state;
	slower("A\xe2\x94\x82" "B-8");
	slower("\xe2\x94\x82");
}

/* hyperfine's export, a command of ten runs at about base ms. */
static void
hyperfine(char *buf, size_t len, const char *command, int base)
{
	static const int order[] = { 3, 7, 0, 9, 4, 1, 8, 5, 2, 6 };
	size_t i, o;

	o = (size_t)snprintf(buf, len, "{\"results\": [{\"command\": "
	    "\"%s\", \"times\": [", command);
	for (i = 0; i < LEN(order); i++)
		o += (size_t)snprintf(buf + o, len - o, "%s0.%03d", i ? ", " :
		    "", base + order[i]);
	o += (size_t)snprintf(buf + o, len - o, "]}, {\"command\": "
	    "\"other\", \"times\": [");
	for (i = 0; i < LEN(order); i++)
		o += (size_t)snprintf(buf + o, len - o, "%s0.%03d", i ? ", " :
		    "", 100 + order[i]);
	o += (size_t)snprintf(buf + o, len - o, "]}]}\n");
	assert_true(o < len);
}

/*
 * F8: benchmarks named like the geomean row -- a Go benchmark
 * "geomean", hyperfine commands "geomean" and "[Geo mean]" (v1's label)
 * -- are benchmarks, gated as the live gate gates them.
 */
static void
test_name_geomean(void **state)
{
	static const char *const names[] = { "geomean", "[Geo mean]" };
	char old_text[2048], new_text[2048];
	struct fix f;
	size_t i;

	(void)state;
	slower("geomean");
	for (i = 0; i < LEN(names); i++) {
		hyperfine(old_text, sizeof(old_text), names[i], 100);
		hyperfine(new_text, sizeof(new_text), names[i], 150);
		fix_texts(&f, old_text, new_text);
		same_as_live(&f, names[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sweep_example),
		cmocka_unit_test(test_sweep_three),
		cmocka_unit_test(test_sweep_sparse),
		cmocka_unit_test(test_name_non_ascii),
		cmocka_unit_test(test_name_rule),
		cmocka_unit_test(test_name_geomean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
