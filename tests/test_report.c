/*
 * test_report.c: the Markdown and JSON reports (fmt_markdown.c,
 * fmt_json.c), driven as a user of the library drives them: benchmark
 * texts are read from memory streams with cbs_reader_read, grouped with
 * the default projections, built into tables and rendered into memory.
 *
 * The expected documents below were written by hand from the inputs:
 * medians and ranges by arithmetic, p-values of fully separated samples
 * of six as 2/C(12,6) = 0.0021645... (the library's double is one ulp
 * from Python's 2/924), other p-values, percentages and the geomeans
 * (exp of the mean of logs, as go-moremath) checked with Python.  JSON
 * validity is checked by Python's json module (with NaN and Infinity
 * rejected, which it accepts by default) or, failing that, by jq.
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
#include <unistd.h>

#include "cbenchstat.h"
#include "jsonok.h"

#define RED	"\xf0\x9f\x94\xb4"
#define GREEN	"\xf0\x9f\x9f\xa2"
#define YELLOW	"\xf0\x9f\x9f\xa1"
#define LEGEND	RED " regression, " GREEN " improvement, " YELLOW " inconclusive\n"

/* ------------------------------------------------------------ fixture */

struct fix {
	struct test_pipe p;	/* first: the ctx of test_pipe_add too */
	struct cbs_diag diags[16];
	char msgs[16][512];	/* the diags' messages, kept */
	size_t ndiags;
	struct cbs_report_opts opts;
};

/* Diagnostics are borrowed for the call only; keep copies, as the
 * command must for the report. */
static void
on_diag(const struct cbs_diag *d, void *ctx)
{
	struct fix *f = ctx;

	if (f->ndiags < LEN(f->diags)) {
		assert_true(strlen(d->msg) < sizeof(f->msgs[0]));
		strcpy(f->msgs[f->ndiags], d->msg);
		f->diags[f->ndiags] = *d;
		f->diags[f->ndiags].msg = f->msgs[f->ndiags];
		f->ndiags++;
	}
}

static void
fix_init(struct fix *f)
{
	memset(f, 0, sizeof(*f));
	test_pipe_init(&f->p);
	f->opts.alpha = 0.05;
	f->opts.confidence = 0.95;
	f->opts.has_threshold = 1;
	f->opts.threshold = 5;
}

static void
fix_free(struct fix *f)
{
	test_pipe_free(&f->p);
}

/* Read text as the file path, its column labelled label. */
static void
fix_read_as(struct fix *f, const char *path, const char *label,
    const char *text)
{
	char err[512] = "", *copy;
	FILE *fp;

	/* fmemopen wants a writable buffer. */
	assert_non_null(copy = strdup(text));
	assert_non_null(fp = fmemopen(copy, strlen(copy), "r"));
	if (cbs_reader_read(f->p.reader, fp, path, label, test_pipe_add,
	    on_diag, f, err, sizeof(err)) != 0) {
		print_error("read %s: %s\n", path, err);
		fail();
	}
	fclose(fp);
	free(copy);
}

static void
fix_read(struct fix *f, const char *path, const char *text)
{
	fix_read_as(f, path, path, text);
}

static void
fix_build(struct fix *f)
{
	struct cbs_table_opts o;

	memset(&o, 0, sizeof(o));
	o.confidence = f->opts.confidence;
	o.alpha = f->opts.alpha;
	o.units = f->p.reader;
	o.keep_run_order = 1;
	assert_int_equal(cbs_tables_build(f->p.group, &o, &f->p.tables), 0);
	assert_non_null(f->p.tables);
	f->opts.diags = f->diags;
	f->opts.ndiags = f->ndiags;
}

/* Render tables into a string the caller frees. */
/*
 * Render tables into a string the caller frees.  With a threshold the
 * gate judges the tables first, as the command does.
 */
static char *
render(const struct cbs_tables *ts, const struct cbs_report_opts *o,
    int json)
{
	struct cbs_report_opts ro = *o;
	struct cbs_gate_opts go;
	struct cbs_gate *gate = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	memset(&go, 0, sizeof(go));
	go.threshold = o->threshold;
	go.alpha = 0.01;
	go.confidence = 0.95;
	go.gate_geomean = o->gate_geomean;
	if (o->has_threshold)
		assert_int_equal(cbs_gate_new(ts, &go, &gate), 0);
	ro.gate = gate;
	assert_non_null(fp = open_memstream(&buf, &len));
	if (json)
		assert_int_equal(cbs_format_json(ts, &ro, fp), 0);
	else
		assert_int_equal(cbs_format_markdown(ts, &ro, fp), 0);
	assert_int_equal(fclose(fp), 0);
	assert_non_null(buf);
	cbs_gate_free(gate);
	return buf;
}

static char *
fix_markdown(struct fix *f)
{
	return render(f->p.tables, &f->opts, 0);
}

static char *
fix_json(struct fix *f)
{
	return render(f->p.tables, &f->opts, 1);
}

/* Compare whole documents; on a difference, name what is compared and
 * show the first differing line, then both documents. */
static void
check_doc_as(const char *what, const char *got, const char *want)
{
	size_t i, line = 1, bol = 0;

	for (i = 0; got[i] != '\0' && got[i] == want[i]; i++)
		if (got[i] == '\n') {
			line++;
			bol = i + 1;
		}
	if (got[i] == want[i])
		return;
	print_error("%s: documents differ at line %zu:\n  got:  %.*s\n"
	    "  want: %.*s\n", what, line, (int)strcspn(got + bol, "\n"),
	    got + bol, (int)strcspn(want + bol, "\n"), want + bol);
	print_error("---- got:\n%s---- want:\n%s----\n", got, want);
	fail();
}

static void
check_contains_as(const char *what, const char *doc, const char *want)
{
	if (strstr(doc, want) == NULL) {
		print_error("%s: missing: %s\nin:\n%s\n", what, want, doc);
		fail();
	}
}

static void
check_lacks_as(const char *what, const char *doc, const char *bad)
{
	if (strstr(doc, bad) != NULL) {
		print_error("%s: unexpected: %s\nin:\n%s\n", what, bad, doc);
		fail();
	}
}

/* The JSON tests' checks, named "report". */
static void
check_doc(const char *got, const char *want)
{
	check_doc_as("report", got, want);
}

static void
check_contains(const char *doc, const char *want)
{
	check_contains_as("report", doc, want);
}

/*
 * Append "Benchmark<name> 1 <v> <unit>" lines for n values first,
 * first+step, ...: six runs give a finite 95% interval, and two series
 * of six that do not overlap differ with p = 0.002.
 */
static void
runs(char *buf, size_t len, const char *name, const char *unit,
    double first, double step, size_t n)
{
	size_t i, o;

	for (i = 0; i < n; i++) {
		o = strlen(buf);
		assert_true((size_t)snprintf(buf + o, len - o,
		    "Benchmark%s 1 %.10g %s\n", name, first + step * (double)i,
		    unit) < len - o);
	}
}

/* ------------------------------------------------------------ markdown */

/*
 * One series of runs, as runs() writes them: "Benchmark<name> 1 <v>
 * <unit>" for n values first, first+step, ...
 */
struct series {
	const char *name, *unit;
	double first, step;
	size_t n;
};

/* An input file: its path, its column label (NULL: the path), the text
 * before the runs, then the series up to the first without a name. */
struct input {
	const char *path, *label, *head;
	struct series runs[5];
};

/* Read in[0] (the old file) and in[1] (the new one) into a new fixture. */
static void
fix_load(struct fix *f, const struct input *in)
{
	char text[4096];
	const struct series *s;
	size_t i;

	fix_init(f);
	for (i = 0; i < 2; i++) {
		assert_true((size_t)snprintf(text, sizeof(text), "%s",
		    in[i].head) < sizeof(text));
		for (s = in[i].runs; s < in[i].runs + LEN(in[i].runs) &&
		    s->name != NULL; s++)
			runs(text, sizeof(text), s->name, s->unit, s->first,
			    s->step, s->n);
		fix_read_as(f, in[i].path, in[i].label != NULL ?
		    in[i].label : in[i].path, text);
	}
}

/*
 * Two files, two units: a slowdown (A), a speed-up (B), noise (C), a
 * benchmark missing from the new file (D), a throughput drop (A, B/s),
 * and a malformed line.
 */
static const struct input two_files_in[] = {
	{ "old.txt", NULL, "goos: linux\npkg: example.com/p\n",
	    { { "A-8", "ns/op", 100, 1, 6 }, { "B-8", "ns/op", 200, 1, 6 },
	    { "C-8", "ns/op", 300, 1, 6 }, { "D-8", "ns/op", 400, 1, 6 },
	    { "A-8", "MB/s", 50, 1, 6 } } },
	{ "new.txt", NULL, "goos: linux\npkg: example.com/p\n"
	    "BenchmarkBad-8 1000\n",
	    { { "A-8", "ns/op", 120, 1, 6 }, { "B-8", "ns/op", 150, 1, 6 },
	    { "C-8", "ns/op", 300.5, 1, 6 }, { "A-8", "MB/s", 40, 1, 6 } } },
};

static void
two_files(struct fix *f)
{
	fix_load(f, two_files_in);
	fix_build(f);
}

/*
 * A: 102.5 -> 122.5 ns, +19.51%, ranges 2.5/102.5 and 2.5/122.5 (2%).
 * B: 202.5 -> 152.5 ns, -24.69%.  C: p = 0.699.  Geomeans: (102.5 202.5
 * 302.5 402.5)^(1/4) = 224.2 and (122.5 152.5 303)^(1/3) = 178.2, ratio
 * (1.1951 0.75309 1.0017)^(1/3) = 0.96603.  A in B/s: 52.5e6 B/s is
 * 50.07 MiB/s, 42.5e6 is 40.53, -19.05%, a regression for a rate.
 */
static const char want_two_files_md[] =
"**Gate: " RED " fail** \xe2\x80\x94 2 regressions, 1 improvement, "
    "0 inconclusive, 1 unchanged (threshold 5%, family-wise level 0.01)\n"
"\n"
"- **goos**: linux\n"
"- **pkg**: example.com/p\n"
"\n"
"**sec/op**\n"
"\n"
"| | old.txt | new.txt | vs base |\n"
"|:---|---:|---:|---:|\n"
"| A-8 | 102.5n \xc2\xb1 2% | 122.5n \xc2\xb1 2% | "
    RED " **+19.51%** (p=0.002 n=6) |\n"
"| B-8 | 202.5n \xc2\xb1 1% | 152.5n \xc2\xb1 2% | "
    GREEN " **-24.69%** (p=0.002 n=6) |\n"
"| C-8 | 302.5n \xc2\xb1 1% | 303.0n \xc2\xb1 1% | ~ (p=0.699 n=6) |\n"
"| D-8 | 402.5n \xc2\xb1 1% | | |\n"
"| **geomean** | 224.2n | 178.2n | -3.40% <sup>1</sup> |\n"
"\n"
"1. benchmark set differs from baseline; geomeans may not be comparable\n"
"\n"
"**B/s**\n"
"\n"
"| | old.txt | new.txt | vs base |\n"
"|:---|---:|---:|---:|\n"
"| A-8 | 50.07Mi \xc2\xb1 5% | 40.53Mi \xc2\xb1 6% | "
    RED " **-19.05%** (p=0.002 n=6) |\n"
"\n"
LEGEND
"\n"
"<details>\n"
"<summary>1 input warning</summary>\n"
"\n"
"- new.txt:3: missing measurements\n"
"\n"
"</details>\n";

/*
 * A Markdown case: the inputs, the report's options, then the whole
 * document expected, or texts it must contain and texts it must not.
 */
struct md_case {
	const char *name;
	const struct input *in;		/* old, then new */
	int has_threshold;
	double threshold;
	int gate_geomean;
	const char *doc;
	const char *has[3];
	const char *lacks[3];
};

/* A significant +2% change, marked or not by the threshold. */
static const struct input two_percent_in[] = {
	{ "old", NULL, "", { { "T", "ns/op", 100, 0.01, 6 } } },
	{ "new", NULL, "", { { "T", "ns/op", 102, 0.0102, 6 } } },
};

/* Two rows for a geomean of +19.51%. */
static const struct input geomean_in[] = {
	{ "old", NULL, "", { { "X", "B/op", 100, 1, 6 },
	    { "Y", "B/op", 200, 2, 6 } } },
	{ "new", NULL, "", { { "X", "B/op", 120, 1, 6 },
	    { "Y", "B/op", 240, 2, 6 } } },
};

static const struct md_case md_cases[] = {
	{ .name = "two_files", .in = two_files_in,
	    .has_threshold = 1, .threshold = 5,
	    .doc = want_two_files_md },
	/* A higher-is-better unit by name: a drop in B/s regresses, a
	 * rise improves. */
	{ .name = "rate", .in = (const struct input[]){
		{ "old", NULL, "", { { "Down", "MB/s", 100, 1, 6 },
		    { "Up", "MB/s", 100, 1, 6 } } },
		{ "new", NULL, "", { { "Down", "MB/s", 80, 1, 6 },
		    { "Up", "MB/s", 120, 1, 6 } } } },
	    .has_threshold = 1, .threshold = 5,
	    .has = { "| Down | 97.75Mi \xc2\xb1 2% | 78.68Mi \xc2\xb1 3% | "
	    RED " **-19.51%** (p=0.002 n=6) |\n",
	    "| Up | 97.75Mi \xc2\xb1 2% | 116.83Mi \xc2\xb1 2% | "
	    GREEN " **+19.51%** (p=0.002 n=6) |\n" } },
	/* "Unit score better=higher" turns the same drop from an
	 * improvement (the default for a unit that is not a rate) into a
	 * regression. */
	{ .name = "better_default", .in = (const struct input[]){
		{ "old", NULL, "", { { "S", "score", 100, 1, 6 } } },
		{ "new", NULL, "", { { "S", "score", 80, 1, 6 } } } },
	    .has_threshold = 1, .threshold = 5,
	    .has = { "| S | 102.50 \xc2\xb1 2% | 82.50 \xc2\xb1 3% | " GREEN
	    " **-19.51%** (p=0.002 n=6) |\n" } },
	{ .name = "better_higher", .in = (const struct input[]){
		{ "old", NULL, "Unit score better=higher\n",
		    { { "S", "score", 100, 1, 6 } } },
		{ "new", NULL, "", { { "S", "score", 80, 1, 6 } } } },
	    .has_threshold = 1, .threshold = 5,
	    .has = { "| S | 102.50 \xc2\xb1 2% | 82.50 \xc2\xb1 3% | " RED
	    " **-19.51%** (p=0.002 n=6) |\n" } },
	/* A significant +2% change: unmarked at a 5% threshold, marked at
	 * 1%. */
	{ .name = "threshold_5", .in = two_percent_in,
	    .has_threshold = 1, .threshold = 5,
	    .has = { "| +2.00% (p=0.002 n=6) |\n",
	    "0 regressions, 0 improvements, 0 inconclusive, 1 unchanged "
	    "(threshold 5%" },
	    .lacks = { RED, LEGEND } },
	{ .name = "threshold_1", .in = two_percent_in,
	    .has_threshold = 1, .threshold = 1,
	    .has = { "| " RED " **+2.00%** (p=0.002 n=6) |\n", "\n" LEGEND,
	    "(threshold 1%, family-wise level 0.01)\n" } },
	/*
	 * Without a threshold there is no gate: a significant change is
	 * shown as upstream shows it, unmarked, and there is no verdict
	 * line or legend.
	 */
	{ .name = "noise", .in = (const struct input[]){
		{ "old", NULL, "", { { "Noise", "ns/op", 300, 1, 6 },
		    { "Tiny", "ns/op", 100, 0.01, 6 } } },
		{ "new", NULL, "", { { "Noise", "ns/op", 300.5, 1, 6 },
		    { "Tiny", "ns/op", 100.5, 0.01, 6 } } } },
	    .has_threshold = 0, .threshold = 0,
	    .has = { "| Noise | 302.5n \xc2\xb1 1% | 303.0n \xc2\xb1 1% | "
	    "~ (p=0.699 n=6) |\n", "| +0.50% (p=0.002 n=6) |\n" },
	    .lacks = { RED, "**Gate", "regression, " } },
	/* The geomean row is marked only when the geomean gates too. */
	{ .name = "geomean_ungated", .in = geomean_in,
	    .has_threshold = 1, .threshold = 5, .gate_geomean = 0,
	    .has = { "| **geomean** | 145.0 | 173.2 | +19.51% |\n" } },
	{ .name = "geomean_gated", .in = geomean_in,
	    .has_threshold = 1, .threshold = 5, .gate_geomean = 1,
	    .has = { "| **geomean** | 145.0 | 173.2 | " RED
	    " **+19.51%** |\n" } },
	/* Names, labels and configuration render literally. */
	{ .name = "escape", .in = (const struct input[]){
		{ "old.txt", "x|y", "os_name: a*b\n",
		    { { "Sort/format=*|a_b`c<d>-8", "ns/op", 100, 1, 6 } } },
		{ "new.txt", "[z]", "os_name: a*b\n",
		    { { "Sort/format=*|a_b`c<d>-8", "ns/op", 100, 1, 6 } } } },
	    .has_threshold = 0, .threshold = 5,
	    .doc = "- **os\\_name**: a\\*b\n"
	    "\n"
	    "**sec/op**\n"
	    "\n"
	    "| | x\\|y | \\[z\\] | vs base |\n"
	    "|:---|---:|---:|---:|\n"
	    "| Sort/format=\\*\\|a\\_b\\`c\\<d\\>-8 | 102.5n \xc2\xb1 2% | "
	    "102.5n \xc2\xb1 2% | ~ (p=1.000 n=6) |\n" },
};

/* Each Markdown case: load, build, render, compare; failures name it. */
static void
test_markdown(void **state)
{
	const struct md_case *c;
	struct fix f;
	size_t j;
	char *md;

	(void)state;
	for (c = md_cases; c < md_cases + LEN(md_cases); c++) {
		fix_load(&f, c->in);
		f.opts.has_threshold = c->has_threshold;
		f.opts.threshold = c->threshold;
		f.opts.gate_geomean = c->gate_geomean;
		fix_build(&f);
		md = fix_markdown(&f);
		if (c->doc != NULL)
			check_doc_as(c->name, md, c->doc);
		for (j = 0; j < LEN(c->has) && c->has[j] != NULL; j++)
			check_contains_as(c->name, md, c->has[j]);
		for (j = 0; j < LEN(c->lacks) && c->lacks[j] != NULL; j++)
			check_lacks_as(c->name, md, c->lacks[j]);
		free(md);
		fix_free(&f);
	}
}

/* A diagnostic with line 0 (an entry of a JSON input, which has no line
 * of its own) is listed as "file: message", not "file:0: message". */
static void
test_markdown_diag_line0(void **state)
{
	struct cbs_diag d;
	struct fix f;
	char *md;

	(void)state;
	fix_load(&f, two_files_in);
	memset(&d, 0, sizeof(d));
	d.file = "g.json";
	d.line = 0;
	d.msg = "benchmark BM_x: error: boom";
	assert_true(f.ndiags < LEN(f.diags));
	f.diags[f.ndiags++] = d;
	fix_build(&f);
	md = fix_markdown(&f);
	check_contains_as("line0", md, "- new.txt:3: missing measurements\n"
	    "- g.json: benchmark BM\\_x: error: boom\n");
	check_lacks_as("line0", md, "g.json:0");
	free(md);
	fix_free(&f);
}

/* A table built by hand: no rows still gives the header; an empty key
 * value gets no trailing blank.  o gets the default alpha and
 * confidence. */
static void
empty_table(struct cbs_tables *ts, struct cbs_table *t,
    struct cbs_report_opts *o)
{
	static const char *key_names[] = { "goos", "note" };
	static const char *key_values[] = { "", "tab\there \"q\" \\ \x01"
	    "\xff" };
	static const char *col_names[] = { ".file" };
	static const char *col_values[] = { "old", "new" };
	static struct cbs_col_summary summary[2];

	memset(t, 0, sizeof(*t));
	t->unit = "sec/op";
	t->better = CBS_BETTER_LOWER;
	t->nkey = LEN(key_names);
	t->key_names = key_names;
	t->key_values = key_values;
	t->ncols = 2;
	t->ncol_fields = 1;
	t->col_field_names = col_names;
	t->col_values = col_values;
	t->summary = summary;
	ts->ntables = 1;
	ts->tables = t;
	memset(o, 0, sizeof(*o));
	o->alpha = 0.05;
	o->confidence = 0.95;
}

static void
test_markdown_empty_table(void **state)
{
	struct cbs_report_opts o;
	struct cbs_tables ts;
	struct cbs_table t;
	char *md;

	(void)state;
	empty_table(&ts, &t, &o);
	md = render(&ts, &o, 0);
	check_doc(md,
	    "- **goos**:\n"
	    /* An invalid byte becomes U+FFFD: a comment must be UTF-8. */
	    "- **note**: tab\there \"q\" \\\\ \x01\xef\xbf\xbd\n"
	    "\n"
	    "**sec/op**\n"
	    "\n"
	    "| | old | new | vs base |\n"
	    "|:---|---:|---:|---:|\n");
	free(md);
}

/* ------------------------------------------------------------ JSON */

/* Fail unless doc is strict JSON (jsonok.h: jansson, no duplicate key,
 * UTF-8 only, no NaN or Infinity). */
static void
check_valid_json(const char *doc)
{
	char msg[512];

	if (!jsonok_valid(doc, strlen(doc), msg, sizeof(msg))) {
		print_error("not strict JSON: %s\n%s\n", msg, doc);
		fail();
	}
}

/* Fail unless the value at JSON Pointer ptr is want, as compact JSON. */
static void
check_at(json_t *doc, const char *ptr, const char *want)
{
	char *got = jsonok_text(doc, ptr);

	if (got == NULL || strcmp(got, want) != 0) {
		print_error("%s: got %s, want %s\n", ptr, got != NULL ? got :
		    "nothing", want);
		free(got);
		fail();
	}
	free(got);
}

/* Fail unless the number at ptr is want to within tol. */
static void
check_num_at(json_t *doc, const char *ptr, double want, double tol)
{
	json_t *v = jsonok_at(doc, ptr);

	if (!json_is_number(v) || !(fabs(json_number_value(v) - want) <=
	    tol)) {
		print_error("%s: got %.17g, want %.17g\n", ptr,
		    json_is_number(v) ? json_number_value(v) : NAN, want);
		fail();
	}
}

/*
 * Two files, one table of whole numbers (B/op, so no unit scaling
 * disturbs the digits): A regresses 102.5 -> 122.5 (+19.51%, p =
 * 2/924); Q, whose name needs escaping, has one run each: no interval
 * (lo and hi infinite, written null), too few runs for a test.
 */
/* The expected document is long: it lives in tests/report_small.json. */
static char *
want_json(void)
{
	char *buf = NULL;
	size_t cap = 0;
	FILE *fp;
	ssize_t n;

	assert_non_null(fp = fopen("tests/report_small.json", "r"));
	n = getdelim(&buf, &cap, '\0', fp);
	assert_true(n > 0);
	fclose(fp);
	return buf;
}

static void
small_json(struct fix *f)
{
	char old[2048] = "goos: linux\n";
	char new[2048] = "goos: linux\nBenchmarkBad 1\n";

	runs(old, sizeof(old), "A", "B/op", 100, 1, 6);
	runs(old, sizeof(old), "Q/s=\"\\\"", "B/op", 7, 0, 1);
	runs(new, sizeof(new), "A", "B/op", 120, 1, 6);
	runs(new, sizeof(new), "Q/s=\"\\\"", "B/op", 9, 0, 1);
	fix_init(f);
	fix_read(f, "old.txt", old);
	fix_read(f, "new.txt", new);
	fix_build(f);
}

static void
test_json_golden(void **state)
{
	struct fix f;
	char *js, *want;

	(void)state;
	small_json(&f);
	js = fix_json(&f);
	want = want_json();
	check_doc(js, want);
	free(want);
	check_valid_json(js);
	free(js);
	fix_free(&f);
}

/*
 * The documents do not depend on the caller's LC_NUMERIC: a program that
 * calls setlocale(LC_ALL, "") in Germany still gets "1.5", not "1,5",
 * in JSON, Markdown and the gate's lines.
 */
static void
test_reports_ignore_locale(void **state)
{
	struct fix f;
	char *js, *md, *js2, *md2;
	int comma;

	(void)state;
	small_json(&f);
	js = fix_json(&f);
	md = fix_markdown(&f);
	comma = comma_locale();
	js2 = fix_json(&f);
	md2 = fix_markdown(&f);
	comma_locale_undo();
	if (!comma)
		print_message("no comma-decimal locale: not checked\n");
	check_doc_as("JSON under a comma locale", js2, js);
	check_doc_as("Markdown under a comma locale", md2, md);
	free(js);
	free(md);
	free(js2);
	free(md2);
	fix_free(&f);
}

/*
 * Validity where JSON is easy to get wrong: infinite bounds, a change
 * from zero ("?"), no change (0, not null), assume=exact (no p-value
 * and no level), several
 * tables, a missing cell, geomean gating, diagnostics, and the
 * two-file case.
 */
static void
test_json_valid(void **state)
{
	char old[4096] = "Unit widgets/op assume=exact\ngoos: linux\n";
	char new[4096] = "goos: linux\nBenchmarkBad 1 12x ns/op\n";
	struct fix f;
	char *js;

	(void)state;
	runs(old, sizeof(old), "Zero", "B/op", 0, 0, 6);
	runs(new, sizeof(new), "Zero", "B/op", 5, 0, 6);
	runs(old, sizeof(old), "Few", "B/op", 1, 1, 2);
	runs(old, sizeof(old), "Same", "B/op", 5, 0, 6);
	runs(new, sizeof(new), "Same", "B/op", 5, 0, 6);
	runs(new, sizeof(new), "Few", "B/op", 1, 1, 2);
	runs(old, sizeof(old), "W", "widgets/op", 10, 0, 3);
	runs(new, sizeof(new), "W", "widgets/op", 12, 0, 2);
	runs(new, sizeof(new), "W", "widgets/op", 13, 0, 1);
	runs(old, sizeof(old), "Gone", "ns/op", 10, 1, 6);
	fix_init(&f);
	fix_read(&f, "old", old);
	fix_read(&f, "new", new);
	f.opts.gate_geomean = 1;
	fix_build(&f);
	js = fix_json(&f);
	check_contains(js, "\"lo\": null,");
	check_contains(js, "\"delta_percent\": null,\n"
	    "                \"delta\": \"?\",");
	check_contains(js, "\"delta_percent\": 0,\n"
	    "                \"delta\": \"~\",");
	check_contains(js, "\"assume\": \"exact\"");
	check_contains(js, "\"p\": null,\n                \"n1\": 3,");
	check_contains(js, "\"alpha\": null,\n"
	    "                \"significant\": true,");
	check_valid_json(js);
	free(js);
	fix_free(&f);
	two_files(&f);
	js = fix_json(&f);
	check_valid_json(js);
	free(js);
	fix_free(&f);
}

/* The values a CI job would read, through a strict JSON parser. */
static void
test_json_values(void **state)
{
	char msg[512];
	struct fix f;
	json_t *d;
	char *js;

	(void)state;
	two_files(&f);
	f.opts.gate_geomean = 1;
	js = fix_json(&f);
	if ((d = jsonok_load(js, strlen(js), msg, sizeof(msg))) == NULL)
		fail_msg("not strict JSON: %s", msg);
	check_at(d, "/schema", "2");
	check_at(d, "/threshold", "5");
	check_at(d, "/gate_geomean", "true");
	assert_null(jsonok_at(d, "/tables/2"));
	check_at(d, "/tables/0/unit", "\"sec/op\"");
	check_at(d, "/tables/0/better", "\"lower\"");
	check_at(d, "/tables/1/unit", "\"B/s\"");
	check_at(d, "/tables/1/better", "\"higher\"");
	check_at(d, "/tables/0/columns/0/label", "\"old.txt\"");
	check_at(d, "/tables/0/columns/1/label", "\"new.txt\"");
	assert_null(jsonok_at(d, "/tables/0/columns/2"));
	check_at(d, "/tables/0/rows/0/name", "\"A-8\"");
	check_at(d, "/tables/0/rows/0/cells/1/comparison/verdict",
	    "\"regression\"");
	check_at(d, "/tables/0/rows/0/cells/1/comparison/significant", "true");
	check_at(d, "/tables/0/rows/1/name", "\"B-8\"");
	check_at(d, "/tables/0/rows/1/cells/1/comparison/verdict",
	    "\"improvement\"");
	check_at(d, "/tables/0/rows/1/cells/1/comparison/significant", "true");
	check_at(d, "/tables/0/rows/2/name", "\"C-8\"");
	check_at(d, "/tables/0/rows/2/cells/1/comparison/verdict",
	    "\"unchanged\"");
	check_at(d, "/tables/0/rows/2/cells/1/comparison/significant",
	    "false");
	check_at(d, "/tables/0/rows/3/name", "\"D-8\"");
	check_at(d, "/tables/0/rows/3/cells/1", "null");
	assert_null(jsonok_at(d, "/tables/0/rows/4"));
	check_num_at(d, "/tables/0/geomean/1/ratio", 0.96603, 5e-6);
	check_at(d, "/tables/0/geomean/1/delta", "\"-3.40%\"");
	check_at(d, "/tables/0/geomean/1/verdict", "\"unchanged\"");
	check_at(d, "/tables/0/geomean/1/warnings", "[\"benchmark set "
	    "differs from baseline; geomeans may not be comparable\"]");
	check_at(d, "/regressions/0/table", "0");
	check_at(d, "/regressions/0/row", "0");
	check_at(d, "/regressions/0/benchmark", "\"A-8\"");
	check_at(d, "/regressions/0/unit", "\"sec/op\"");
	check_at(d, "/regressions/0/delta", "\"+19.51%\"");
	check_num_at(d, "/regressions/0/delta_percent", 19.5122, 5e-5);
	check_at(d, "/regressions/1/table", "1");
	check_at(d, "/regressions/1/row", "0");
	check_at(d, "/regressions/1/benchmark", "\"A-8\"");
	check_at(d, "/regressions/1/unit", "\"B/s\"");
	check_at(d, "/regressions/1/delta", "\"-19.05%\"");
	check_num_at(d, "/regressions/1/delta_percent", -19.0476, 5e-5);
	assert_null(jsonok_at(d, "/regressions/2"));
	check_at(d, "/diagnostics", "[{\"file\":\"new.txt\",\"line\":3,"
	    "\"message\":\"missing measurements\"}]");
	json_decref(d);
	free(js);
	fix_free(&f);
}

/* Control characters, quotes, backslashes and an invalid byte in
 * strings; an empty table. */
static void
test_json_strings(void **state)
{
	struct cbs_report_opts o;
	struct cbs_tables ts;
	struct cbs_table t;
	char *js;

	(void)state;
	empty_table(&ts, &t, &o);
	js = render(&ts, &o, 1);
	check_contains(js, "\"threshold\": null,");
	check_contains(js, "\"config\": {\n"
	    "        \"goos\": \"\",\n"
	    "        \"note\": \"tab\\there \\\"q\\\" \\\\ \\u0001"
	    "\xef\xbf\xbd\"\n"
	    "      },");
	check_contains(js, "\"rows\": [],");
	check_contains(js, "\"regressions\": [],\n  \"inconclusive\": [],\n"
	    "  \"diagnostics\": []\n}\n");
	check_valid_json(js);
	free(js);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_markdown_diag_line0),
		cmocka_unit_test(test_markdown_empty_table),
		cmocka_unit_test(test_json_golden),
		cmocka_unit_test(test_reports_ignore_locale),
		cmocka_unit_test(test_json_valid),
		cmocka_unit_test(test_json_values),
		cmocka_unit_test(test_json_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
