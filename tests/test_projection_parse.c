/*
 * test_projection_parse.c: the syntax of -table, -row, -col and -ignore
 * expressions and the field checks upstream makes before projecting.
 * Cases come from benchproc/internal/parse/projection_test.go, from the
 * conformance cases (err-unknown-sort-order, err-row-unit,
 * err-col-config-fixed-order, err-projection-unterminated-list) and from
 * reading upstream's parser and makeProjection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "cbenchstat.h"
#include "query/query.h"

/*
 * The fields of an expression in upstream's Field.String() form, one
 * per line: key, key@order, or key@(v v ...), plus "#KEYOFF,ORDEROFF".
 */
static void
render(const char *expr, char *buf, size_t len)
{
	struct cbs_proj_field *f = NULL;
	char err[512] = "";
	size_t n = 99, i, j, w = 0;

	if (cbs_projection_parse(expr, &f, &n, err, sizeof(err)) != 0)
		fail_msg("[%s]: %s", expr, err);
	buf[0] = '\0';
	for (i = 0; i < n && w < len; i++) {
		w += (size_t)snprintf(buf + w, len - w, "%s", f[i].key);
		if (strcmp(f[i].order, "fixed") == 0 && f[i].nfixed > 0) {
			for (j = 0; j < f[i].nfixed && w < len; j++)
				w += (size_t)snprintf(buf + w, len - w, "%s%s",
				    j == 0 ? "@(" : " ", f[i].fixed[j]);
			w += (size_t)snprintf(buf + w, len - w, ")");
		} else if (strcmp(f[i].order, "first") != 0)
			w += (size_t)snprintf(buf + w, len - w, "@%s",
			    f[i].order);
		if (w < len)
			w += (size_t)snprintf(buf + w, len - w, "#%zu,%zu\n",
			    f[i].key_off, f[i].order_off);
	}
	cbs_projection_fields_free(f, n);
}

static void
check(const char *expr, const char *want)
{
	char got[1024];

	render(expr, got, sizeof(got));
	if (strcmp(got, want) != 0)
		fail_msg("[%s]:\ngot:\n%swant:\n%s", expr, got, want);
}

/* Fail, naming what (a row of a table), unless expr gives the syntax
 * error msg with its caret at col and no fields. */
static void
check_error_as(const char *what, const char *expr, size_t col,
    const char *msg)
{
	static struct cbs_proj_field junk;
	struct cbs_proj_field *f = &junk;
	char got[1024] = "", want[1024];
	size_t n = 99;
	int rc;

	syntax_error_text(want, sizeof(want), expr, col, msg);
	rc = cbs_projection_parse(expr, &f, &n, got, sizeof(got));
	if (rc != CBS_EINVAL || strcmp(got, want) != 0)
		fail_msg("%s [%s]: rc %d\ngot:\n%s\nwant:\n%s", what, expr, rc,
		    got, want);
	if (f != NULL)
		fail_msg("%s [%s]: fields despite the error", what, expr);
	if (n != 0)
		fail_msg("%s [%s]: %zu fields, want 0", what, expr, n);
}

/* TestParseProjection's good cases. */
static void
test_upstream_fields(void **state)
{
	(void)state;
	check("", "");
	check("a,b", "a#0,1\nb#2,3\n");
	check("a, b", "a#0,1\nb#3,4\n");
	check("a b", "a#0,1\nb#2,3\n");
	check("a,.name", "a#0,1\n.name#2,7\n");
	check("a,/b", "a#0,1\n/b#2,4\n");
	check("a@alpha, b@num", "a@alpha#0,2\nb@num#9,11\n");
	check("a@(1 2), b@(3 4)", "a@(1 2)#0,2\nb@(3 4)#9,11\n");
}

static void
test_fields(void **state)
{
	(void)state;
	check("   ", "");
	check(".name /size", ".name#0,5\n/size#6,11\n");
	check(".name,/size", ".name#0,5\n/size#6,11\n");
	check("goos , goarch", "goos#0,4\ngoarch#7,13\n");
	check(".fullname@alpha", ".fullname@alpha#0,10\n");
	check("/size@num", "/size@num#0,6\n");
	check("/gomaxprocs@(8 4 2 1)", "/gomaxprocs@(8 4 2 1)#0,12\n");
	check(".name@(Hash Lookup Checksum)",
	    ".name@(Hash Lookup Checksum)#0,6\n");
	check("/size@(1M 16 4k)", "/size@(1M 16 4k)#0,6\n");
	check("a@(b \"c d\" \"\")", "a@(b c d )#0,2\n");
	check("a @ ( b ) c", "a@(b)#0,4\nc#10,11\n");
	check("a@first b@\"alpha\"", "a#0,2\nb@alpha#8,10\n");
	check(".config .fullname .file", ".config#0,7\n.fullname#8,17\n"
	    ".file#18,23\n");
	/* Upstream places a missing order after the unescaped key. */
	check("\"a b\" \"\\u00e9\"", "a b#0,3\n\xc3\xa9#6,8\n");
	/* '-' and '*' are word characters after the first. */
	check("a-b,c*d", "a-b#0,3\nc*d#4,7\n");
	check("x\xc2\xa0y", "x#0,1\ny#3,4\n");
	/* "@fixed" is the fixed order with no values. */
	check("a@fixed", "a@fixed#0,2\n");
}

/* TestParseProjection's errors, and more of the parser's. */
static void
test_syntax_errors(void **state)
{
	static const struct syntax_case c[] = {
		{ "a,,b", 2, "expected key" },
		{ "a@", 2, "expected named sort order or parenthesized list" },
		{ "a@,b", 2,
		    "expected named sort order or parenthesized list" },
		{ "a@(", 3, "missing )" },
		{ "a@(,", 3, "missing )" },
		{ "a@()", 3, "nothing to match" },
		{ "/size@(16 1k", 12, "missing )" },
		{ ",a", 0, "expected key" },
		{ "a,", 2, "expected key" },
		{ "AND", 0, "expected key" },
		{ "a OR", 2, "expected key" },
		{ "-a", 0, "expected key" },
		{ "*", 0, "expected key" },
		{ "a:b", 1, "expected key" },
		{ "(a)", 0, "expected key" },
		{ "a@@", 2, "expected named sort order or parenthesized list" },
		{ "a@AND", 2,
		    "expected named sort order or parenthesized list" },
		{ "a@(b OR c)", 5, "missing )" },
		{ "a@(b c", 6, "missing )" },
		{ "a@(b c ", 7, "missing )" },
		{ "a \"b", 2, "missing end quote" },
		{ "a@\"\\q\"", 2, "bad escape sequence" },
		{ "a@(b \"c)", 5, "missing end quote" },
	};

	(void)state;
	check_syntax_cases(check_error_as, "syntax_errors", c, LEN(c));
}

/* The checks of upstream's makeProjection. */
static void
test_field_errors(void **state)
{
	static const struct syntax_case c[] = {
		{ ".name@bogus", 6, "unknown order \"bogus\"" },
		{ "a b@\"x y\"", 4, "unknown order \"x y\"" },
		{ "a@\"q\\\"\\n\"", 2, "unknown order \"q\\\"\\n\"" },
		{ "a@ALPHA", 2, "unknown order \"ALPHA\"" },
		/*
		 * Go's %q: escapes, \x for bad bytes, \u for unprintable
		 * runes.
		 */
		{ "a@\"\\a\\x01\\x7f\\u2007\\u00e9\\xff\"", 2,
		    "unknown order \"\\a\\x01\\x7f\\u2007\xc3\xa9\\xff\"" },
		{ ".unit", 0, ".unit is only allowed in filters" },
		{ "a .unit@alpha", 2, ".unit is only allowed in filters" },
		{ ".config@(a b)", 8, "fixed order not allowed for .config" },
		{ ".config@fixed", 8, "fixed order not allowed for .config" },
		{ "\"\"", 0, "key must not be empty" },
		{ "a \"\"@num", 2, "key must not be empty" },
		/* The order is checked before the key. */
		{ ".config@bogus", 8, "unknown order \"bogus\"" },
		{ ".unit@bogus", 6, "unknown order \"bogus\"" },
		/* Fields are checked in order, all syntax first. */
		{ "a@bogus .unit", 2, "unknown order \"bogus\"" },
		{ ".unit a@bogus", 0, ".unit is only allowed in filters" },
		{ ".unit a@(", 9, "missing )" },
	};

	(void)state;
	check_syntax_cases(check_error_as, "field_errors", c, LEN(c));
	/* Allowed: .config and .fullname with orders, any other key. */
	check(".config@alpha .fullname@(a)", ".config@alpha#0,8\n"
	    ".fullname@(a)#14,24\n");
	check(".units \".unit \"", ".units#0,6\n.unit #7,13\n");
}

/* A failed parse leaves nothing behind. */
static void
test_outputs(void **state)
{
	struct cbs_proj_field *f = NULL;
	char err[64];
	size_t n = 7;

	(void)state;
	assert_int_equal(cbs_projection_parse("", &f, &n, err, sizeof(err)),
	    0);
	assert_null(f);
	assert_int_equal(n, 0);
	cbs_projection_fields_free(NULL, 0);
	assert_int_equal(cbs_projection_parse("a@(x y) b@num", &f, &n, NULL,
	    0), 0);
	assert_int_equal(n, 2);
	assert_string_equal(f[0].key, "a");
	assert_string_equal(f[0].order, "fixed");
	assert_int_equal(f[0].nfixed, 2);
	assert_string_equal(f[0].fixed[1], "y");
	assert_string_equal(f[1].order, "num");
	assert_int_equal(f[1].nfixed, 0);
	assert_null(f[1].fixed);
	cbs_projection_fields_free(f, n);
	/* A small buffer gets a truncated, terminated message. */
	assert_int_equal(cbs_projection_parse(".unit", &f, &n, err, 10),
	    CBS_EINVAL);
	assert_string_equal(err, "syntax er");
	assert_int_equal(cbs_projection_parse(".unit", &f, &n, NULL, 0),
	    CBS_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upstream_fields),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_field_errors),
		cmocka_unit_test(test_outputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
