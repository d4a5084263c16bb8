/*
 * test_check_json.c: -check over JSON reports (check_json.c,
 * check_json_valid.c) through cbs_check_read, on a real report: the one
 * the built cbenchstat writes for "-format json -threshold 5" over
 * testdata/example-old.txt and example-new.txt (three regressions), run
 * at test time from the binary next to this one (build/cbenchstat for
 * build/tests/test_check_json).
 *
 * - Every strict prefix of the report is an error, the report itself
 *   gives its three regressions (issue 20, F5: "a JSON prefix is always
 *   an error"; the prefix that lacks only the final newline is the one
 *   that is valid JSON).
 * - A byte-order mark before the report is skipped (F20).
 * - The report with one member edited: each edit the schema forbids, or
 *   that makes the document contradict itself, is an error naming the
 *   member (F7); edits the schema allows are read as before.
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
#include <sys/wait.h>

#include <jansson.h>

#include "cbenchstat.h"

#define REGRESSIONS 3	/* in the report */

static const char *argv0;
static char *report;
static size_t report_len;

struct seen {
	long regressions;
	long others;
};

static void
on_line(const struct cbs_regression *r, void *ctx)
{
	struct seen *s = ctx;

	if (strcmp(r->kind, "regression") == 0)
		s->regressions++;
	else
		s->others++;
}

/* cbs_check_read over buf[0..len) as the file "report.json". */
static long
check(const char *buf, size_t len, struct seen *s, char *err, size_t errlen)
{
	struct cbs_gate_opts o = { 5, 0.01, 0.95, 0, 0, 0 };
	FILE *fp;
	long rc;

	memset(s, 0, sizeof(*s));
	err[0] = '\0';
	/* fmemopen of 0 bytes is allowed since glibc 2.22. */
	assert_non_null(fp = fmemopen((void *)(uintptr_t)buf, len, "r"));
	rc = cbs_check_read(fp, "report.json", &o, on_line, s, err, errlen);
	fclose(fp);
	return rc;
}

/* The report, from the cbenchstat built next to this test. */
static int
setup_report(void **state)
{
	char bin[4096], cmd[8192], buf[65536];
	const char *slash;
	size_t n, dir;
	FILE *p;
	int st;

	(void)state;
	/* argv0 is B/tests/test_check_json: the binary is B/cbenchstat. */
	if ((slash = strrchr(argv0, '/')) == NULL)
		return -1;
	dir = (size_t)(slash - argv0);
	snprintf(bin, sizeof(bin), "%.*s/../cbenchstat", (int)dir, argv0);
	snprintf(cmd, sizeof(cmd), "'%s' -format json -threshold 5 "
	    "testdata/example-old.txt testdata/example-new.txt 2>/dev/null", bin);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0) {
		if ((report = realloc(report, report_len + n + 1)) == NULL)
			return -1;
		memcpy(report + report_len, buf, n);
		report_len += n;
	}
	st = pclose(p);
	/* Exit 2: the gate found the regressions. */
	if (report == NULL || !WIFEXITED(st) || WEXITSTATUS(st) != 2) {
		print_error("%s did not write the report (status %d)\n", cmd,
		    st);
		return -1;
	}
	report[report_len] = '\0';
	return 0;
}

static int
teardown_report(void **state)
{
	(void)state;
	free(report);
	return 0;
}

/* ------------------------------------------------------------ prefixes */

static void
test_whole(void **state)
{
	struct seen s;
	char err[1024];

	(void)state;
	assert_int_equal(check(report, report_len, &s, err, sizeof(err)),
	    REGRESSIONS);
	assert_int_equal(s.regressions, REGRESSIONS);
	assert_int_equal(s.others, 0);
}

/*
 * Each strict prefix: an error (CBS_EPARSE) that says the report is
 * truncated, with the line and column where jansson saw the end; the
 * empty prefix has no table at all.  The report is 30 kB, so this
 * parses some 500 MB: a few seconds.
 */
static void
test_prefixes(void **state)
{
	struct seen s;
	char err[1024];
	size_t k;
	long rc;

	(void)state;
	for (k = 0; k < report_len; k++) {
		rc = check(report, k, &s, err, sizeof(err));
		if (rc != CBS_EPARSE || s.regressions + s.others != 0 ||
		    strncmp(err, "report.json", 11) != 0 ||
		    strstr(err, k == 0 ? "no benchmark table found" :
		    "truncated JSON report") == NULL)
			fail_msg("prefix of %zu of %zu bytes: rc %ld, %ld "
			    "lines, [%s]", k, report_len, rc,
			    s.regressions + s.others, err);
	}
	/* The last one cannot be told from a whole report but by this. */
	check(report, report_len - 1, &s, err, sizeof(err));
	assert_string_equal(err, "report.json: truncated JSON report: no "
	    "newline after the closing \"}\" (cbenchstat ends each report "
	    "with one)");
}

/* The first line is read apart from the rest: all of it is JSON. */
static void
test_first_line(void **state)
{
	char *one, *buf, err[1024];
	struct seen s;
	json_t *doc;
	size_t n;

	(void)state;
	assert_non_null(doc = json_loadb(report, report_len, 0, NULL));
	assert_non_null(one = json_dumps(doc, JSON_COMPACT |
	    JSON_PRESERVE_ORDER));
	json_decref(doc);
	n = strlen(one);
	assert_non_null(buf = malloc(n + 4));
	/* One line: whole with its newline, truncated without. */
	memcpy(buf, one, n);
	memcpy(buf + n, "\n", 2);
	assert_int_equal(check(buf, n + 1, &s, err, sizeof(err)),
	    REGRESSIONS);
	assert_int_equal(check(buf, n, &s, err, sizeof(err)), CBS_EPARSE);
	assert_non_null(strstr(err, "truncated JSON report: no newline"));
	free(buf);
	free(one);
	/* A NUL byte on the first line is not JSON: the rest of that line
	 * was once dropped, and "{\0}" then read as "{". */
	assert_non_null(buf = malloc(report_len + 2));
	memcpy(buf, "{\0}", 3);
	memcpy(buf + 3, report + 1, report_len - 1);
	assert_int_equal(check(buf, report_len + 2, &s, err, sizeof(err)),
	    CBS_EPARSE);
	assert_non_null(strstr(err, "report.json:1:"));
	free(buf);
}

/* A byte-order mark before the report is skipped, as before a prefix. */
static void
test_bom(void **state)
{
	char *buf, err[1024];
	struct seen s;

	(void)state;
	assert_non_null(buf = malloc(report_len + 3));
	memcpy(buf, "\xef\xbb\xbf", 3);
	memcpy(buf + 3, report, report_len);
	assert_int_equal(check(buf, report_len + 3, &s, err, sizeof(err)),
	    REGRESSIONS);
	assert_int_equal(s.regressions, REGRESSIONS);
	assert_int_equal(check(buf, 4, &s, err, sizeof(err)), CBS_EPARSE);
	assert_non_null(strstr(err, "truncated JSON report"));
	free(buf);
}

/* ------------------------------------------------------------ edits */

/* One change: the member at ptr set to the JSON value, or removed
 * (NULL), or set to a copy of the member at value + 1 ("@/..."). */
struct edit {
	const char *ptr;
	const char *value;
};

struct edited {
	struct edit e[3];
	const char *want;	/* in the message; NULL: read as before */
};

/* The reference token p[0..n), "~1" and "~0" undone. */
static void
token(const char *p, size_t n, char *tok, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < len; i++) {
		if (p[i] == '~' && i + 1 < n) {
			tok[o++] = p[++i] == '1' ? '/' : '~';
			continue;
		}
		tok[o++] = p[i];
	}
	tok[o] = '\0';
}

/* The parent of the member at ptr, and its last reference token. */
static json_t *
parent(json_t *doc, const char *ptr, char *last, size_t lastlen)
{
	char tok[256];
	const char *p = ptr + 1, *slash;
	json_t *v = doc;

	while ((slash = strchr(p, '/')) != NULL) {
		token(p, (size_t)(slash - p), tok, sizeof(tok));
		v = json_is_array(v) ? json_array_get(v, strtoul(tok, NULL,
		    10)) : json_object_get(v, tok);
		p = slash + 1;
	}
	token(p, strlen(p), last, lastlen);
	return v;
}

static void
apply(json_t *doc, const struct edit *e)
{
	json_t *to, *v = NULL;
	char last[256];

	assert_non_null(to = parent(doc, e->ptr, last, sizeof(last)));
	if (e->value != NULL && e->value[0] == '@') {
		json_t *from = parent(doc, e->value + 1, last, sizeof(last));

		v = json_deep_copy(json_is_array(from) ?
		    json_array_get(from, strtoul(last, NULL, 10)) :
		    json_object_get(from, last));
		to = parent(doc, e->ptr, last, sizeof(last));
	} else if (e->value != NULL)
		v = json_loads(e->value, JSON_DECODE_ANY, NULL);
	if (e->value != NULL)
		assert_non_null(v);
	if (json_is_array(to) && v != NULL)
		assert_int_equal(json_array_set_new(to, strtoul(last, NULL,
		    10), v), 0);
	else if (json_is_array(to))
		assert_int_equal(json_array_remove(to, strtoul(last, NULL,
		    10)), 0);
	else if (v != NULL)
		assert_int_equal(json_object_set_new(to, last, v), 0);
	else
		assert_int_equal(json_object_del(to, last), 0);
}

#define CMP(r) "/tables/0/rows/" #r "/cells/1/comparison"

static const struct edited edits[] = {
	/* Allowed: as written, an unknown member, run_wide (added within
	 * schema 2), a verdict-less cell's gate figures. */
	{ { { NULL, NULL } }, NULL },
	{ { { "/tables/0/future", "1" }, { CMP(2) "/future", "[]" } },
	    NULL },
	{ { { "/tables/0/run_wide", NULL } }, NULL },
	{ { { CMP(1) "/gate/run_shift_percent", NULL } }, NULL },
	/* The members -check reads. */
	{ { { "/tables/0/rows", NULL } },
	    ": /tables/0/rows: missing (want an array)" },
	{ { { "/tables", "[{}]" } },
	    ": /tables/0/config: missing (want an object)" },
	{ { { "/tables/1", "[]" } },
	    ": /tables/1: an array (want an object)" },
	{ { { CMP(2), NULL } },
	    ": " CMP(2) ": missing (want an object)" },
	{ { { "/tables/0/rows/2/cells/1", "null" } },
	    ": /gate/regressions: 3, but the tables hold 2 \"regression\" "
	    "verdicts" },
	{ { { "/tables/0/rows/2/cells/0/comparison", "@" CMP(2) } },
	    ": /tables/0/rows/2/cells/0/comparison: in the base column" },
	{ { { "/tables/0/rows/2/cells/1", NULL } },
	    ": /tables/0/rows/2/cells: 1 element for 2 columns" },
	{ { { "/tables/0/geomean/1", NULL } },
	    ": /tables/0/geomean: 1 element for 2 columns" },
	{ { { "/tables/0/rows/2/cells/1/n", "\"10\"" } },
	    ": /tables/0/rows/2/cells/1/n: a string (want an integer >= 0)" },
	{ { { CMP(2) "/p", "\"0.000\"" } },
	    ": " CMP(2) "/p: a string (want a number or null)" },
	{ { { CMP(2) "/gate/drift", "0" } },
	    ": " CMP(2) "/gate/drift: an integer (want a boolean)" },
	{ { { CMP(2) "/gate/interval_percent/1", NULL } },
	    ": " CMP(2) "/gate/interval_percent: 1 element for 2 ends" },
	{ { { "/tables/0/config/a~0b~1c", "1" } },
	    ": /tables/0/config/a~0b~1c: an integer (want a string)" },
	{ { { "/tables/0/better", "\"down\"" } },
	    ": /tables/0/better: \"down\" (want \"lower\", \"higher\" or "
	    "null)" },
	{ { { "/tables/0/columns", "[]" } },
	    ": /tables/0/columns: empty (want a column for each input)" },
	{ { { "/gate/fails", NULL } },
	    ": /gate/fails: missing (want a boolean)" },
	{ { { "/inconclusive", NULL } },
	    ": /inconclusive: missing (want an array)" },
	/* Verdicts as the schema spells them. */
	{ { { CMP(2) "/verdict", "\"Regression\"" } },
	    ": " CMP(2) "/verdict: \"Regression\" is not a verdict of "
	    "schema 2 (want \"regression\", \"improvement\", "
	    "\"inconclusive\", \"unchanged\" or null)" },
	{ { { "/schema", "1" } },
	    ": /tables/0/rows/1/cells/1/comparison/verdict: \"unchanged\" "
	    "is not a verdict of schema 1" },
	{ { { CMP(2) "/regression", "false" } },
	    ": " CMP(2) "/regression: false, but the verdict is "
	    "\"regression\"" },
	{ { { CMP(0) "/regression", "true" } },
	    ": " CMP(0) "/regression: true, but the verdict is "
	    "\"improvement\"" },
	{ { { CMP(2) "/gate", "null" } },
	    ": " CMP(2) "/gate: null, but the verdict is \"regression\"" },
	{ { { "/gate", "null" } },
	    ": " CMP(0) "/verdict: \"improvement\", but /gate is null" },
	{ { { "/tables/0/geomean/0/verdict", "\"regression\"" } },
	    ": /tables/0/geomean/0/verdict: a verdict of the base column" },
	{ { { "/tables/0/geomean/1/verdict", "\"regression\"" },
	    { "/tables/0/geomean/1/gate", "@" CMP(2) "/gate" } },
	    ": /tables/0/geomean/1/verdict: a geomean verdict, but "
	    "/gate_geomean is false" },
	{ { { "/tables/0/run_wide/0", "{}" } },
	    ": /tables/0/run_wide/0: an object (want null)" },
	/* The gate's summary and lists against the tables. */
	{ { { CMP(2) "/verdict", "\"unchanged\"" },
	    { CMP(2) "/regression", "false" } },
	    ": /gate/regressions: 3, but the tables hold 2 \"regression\" "
	    "verdicts" },
	{ { { "/gate/regressions", "0" }, { "/gate/fails", "false" } },
	    ": /gate/regressions: 0, but the tables hold 3 \"regression\" "
	    "verdicts" },
	{ { { "/gate/fails", "false" } },
	    ": /gate/fails: false, but the gate fails with 3 regressions and "
	    "0 inconclusive (strict: false)" },
	{ { { "/gate/drifting", "1" } },
	    ": /gate/drifting: 1, but the tables hold 0 verdicts with "
	    "drifting runs" },
	{ { { CMP(1) "/verdict", "\"inconclusive\"" } },
	    ": /gate/inconclusive: 0, but the tables hold 1 \"inconclusive\" "
	    "verdicts" },
	{ { { "/regressions/2", NULL } },
	    ": /regressions: 2 entries, but the tables hold 3 \"regression\" "
	    "verdicts" },
	{ { { "/regressions/1", "@/regressions/0" } },
	    ": /regressions/1: names a cell listed before" },
	{ { { "/regressions/0/row", "0" } },
	    ": /regressions/0/row: not a benchmark, geomean or run-wide shift "
	    "of table 0" },
	{ { { "/regressions/0/benchmark", "\"geomean\"" },
	    { "/regressions/0/row", "null" } },
	    ": /regressions/0: names a cell whose verdict is not "
	    "\"regression\"" },
	{ { { "/regressions/0/table", "9" } },
	    ": /regressions/0/table: 9, but the report has 4 tables" },
	{ { { "/regressions/0/column", "0" } },
	    ": /regressions/0/column: 0: not a compared column of table 0" },
};

static void
test_edits(void **state)
{
	char err[1024], *text, *buf;
	struct seen s;
	json_t *doc;
	size_t i, k, n;
	long rc;

	(void)state;
	for (i = 0; i < LEN(edits); i++) {
		assert_non_null(doc = json_loadb(report, report_len, 0, NULL));
		for (k = 0; k < LEN(edits[i].e) && edits[i].e[k].ptr != NULL;
		    k++)
			apply(doc, &edits[i].e[k]);
		assert_non_null(text = json_dumps(doc, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER));
		n = strlen(text);
		assert_non_null(buf = malloc(n + 2));
		memcpy(buf, text, n);
		buf[n++] = '\n';
		rc = check(buf, n, &s, err, sizeof(err));
		if (edits[i].want == NULL ? rc != REGRESSIONS :
		    rc != CBS_EPARSE || strstr(err, edits[i].want) == NULL)
			fail_msg("edit %zu (%s): rc %ld, [%s], want [%s]", i,
			    edits[i].e[0].ptr != NULL ? edits[i].e[0].ptr :
			    "none", rc, err, edits[i].want != NULL ?
			    edits[i].want : "3 regressions");
		free(buf);
		free(text);
		json_decref(doc);
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_first_line),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_edits),
	};

	(void)argc;
	argv0 = argv[0];
	return cmocka_run_group_tests(tests, setup_report, teardown_report);
}
