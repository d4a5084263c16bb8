/*
 * test_filter.c: -filter queries: the grammar and its precedence, quoted
 * words, every syntax error with its caret line, Go regexps (RE2 syntax
 * and Go's error texts) and the selection of values by ".unit" terms.
 *
 * Expected errors and verdicts come from upstream's own tests
 * (benchproc/internal/parse/filter_test.go, benchproc/filter_test.go,
 * Go's regexp tests) or from reading upstream's code; each is noted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "failnew.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "query/query.h"
#include "query/query_lex.h"
#include "query/regex.h"

#include "fuzz/regex_pcre2.h"

/* Fail, naming what (a row of a table, say), unless query gives the
 * syntax error msg with its caret at col. */
static void
check_error_as(const char *what, const char *query, size_t col,
    const char *msg)
{
	struct cbs_filter *f = NULL;
	char got[1024], want[1024];
	int rc;

	syntax_error_text(want, sizeof(want), query, col, msg);
	memset(got, 0, sizeof(got));
	rc = cbs_filter_parse(query, &f, got, sizeof(got));
	if (rc != CBS_EINVAL || strcmp(got, want) != 0)
		fail_msg("%s [%s]: rc %d\ngot:\n%s\nwant:\n%s", what, query,
		    rc, got, want);
	if (f != NULL)
		fail_msg("%s [%s]: a filter despite the error", what, query);
}

static void
check_error(const char *query, size_t col, const char *msg)
{
	check_error_as("query", query, col, msg);
}

static struct cbs_filter *
must_parse(const char *query)
{
	struct cbs_filter *f = NULL;
	char err[1024] = "";

	if (cbs_filter_parse(query, &f, err, sizeof(err)) != 0)
		fail_msg("query [%s]: %s", query, err);
	assert_non_null(f);
	return f;
}

/*
 * Apply query to r.  @return the kept values as bits (value i is bit i),
 * checking that the verdict says whether any value was kept.
 */
static unsigned
kept(const char *query, const struct cbs_result *r)
{
	struct cbs_filter *f = must_parse(query);
	unsigned char keep[128];
	unsigned bits = 0;
	size_t i;
	int any;

	assert_true(r->nvalues <= LEN(keep));
	memset(keep, 0xAA, sizeof(keep));
	any = cbs_filter_apply(f, r, keep);
	for (i = 0; i < r->nvalues && i < 32; i++) {
		assert_true(keep[i] == 0 || keep[i] == 1);
		bits |= (unsigned)keep[i] << i;
	}
	if (any != (bits != 0))
		fail_msg("query [%s]: verdict %d, kept %#x", query, any, bits);
	cbs_filter_free(f);
	return bits;
}

/*
 * Upstream's test result: "Name/n1=v3" with file keys f1 and f2, a
 * time in sec/op that the input gave in ns/op, and a B/op value.
 */
static const struct cbs_config base_config[] = {
	{ "f1", "v1", 1 },
	{ "f2", "v2", 1 },
	{ ".file", "old.txt", 0 },
};

static const struct cbs_value base_values[] = {
	{ 100e-9, "sec/op", 100, "ns/op" },
	{ 100, "B/op", 100, NULL },
};

static struct cbs_result
base_result(void)
{
	struct cbs_result r;

	memset(&r, 0, sizeof(r));
	r.name = "Name/n1=v3-8";
	r.name_len = strlen(r.name);
	r.iters = 1;
	r.config = base_config;
	r.nconfig = LEN(base_config);
	r.values = base_values;
	r.nvalues = LEN(base_values);
	r.path = "old.txt";
	r.line = 1;
	return r;
}

#define ALL	0x3u
#define NONE	0x0u

/* A query and the values of base_result() it keeps (value i: bit i). */
struct kept_case {
	const char *query;
	unsigned mask;
};

/* Check each row of a table of kept_cases; a failure names table[i]. */
static void
check_kept(const char *table, const struct kept_case *c, size_t n)
{
	struct cbs_result r = base_result();
	unsigned got;
	size_t i;

	for (i = 0; i < n; i++)
		if ((got = kept(c[i].query, &r)) != c[i].mask)
			fail_msg("%s[%zu] [%s]: kept %#x, want %#x", table, i,
			    c[i].query, got, c[i].mask);
}

/* ------------------------------------------------------------- syntax */

/* Each error of benchproc/internal/parse/filter_test.go, at its offset. */
static void
test_upstream_errors(void **state)
{
	static const struct syntax_case c[] = {
		{ "a", 0, "expected key:value" },
		{ "a :", 0, "expected key:value" },
		{ "a:", 0, "expected key:value" },
		{ "", 0, "expected key:value or subexpression" },
		{ "()", 1, "expected key:value or subexpression" },
		{ "AND", 0, "expected key:value or subexpression" },
		{ "\"a\\z\":\"b c\"", 0, "bad escape sequence" },
		{ "a \"b", 2, "missing end quote" },
		{ "(a:b", 4, "missing \")\"" },
		{ "(a:b))", 5, "unexpected \")\"" },
		{ "a:/b", 2, "missing close \"/\"" },
		{ "a:/[[:foo:]]/", 2, "error parsing regexp: invalid "
		    "character class range: `[:foo:]`" },
		{ "a:/b/c", 5, "regexp must be followed by space or an "
		    "operator (unescaped \"/\"?)" },
		{ "a:(b c)", 5, "value list must be separated by OR" },
		{ "a:(b AND c)", 5, "value list must be separated by OR" },
		{ "a:(b OR AND)", 8, "expected value" },
		{ "a:()", 3, "expected value" },
	};

	(void)state;
	check_syntax_cases(check_error_as, "upstream_errors", c, LEN(c));
}

/* The errors of the conformance cases and the checks of NewFilter. */
static void
test_more_errors(void **state)
{
	static const struct syntax_case c[] = {
		{ "name", 0, "expected key:value" },
		{ "(.name:Hash", 11, "missing \")\"" },
		{ ".name:/abc", 6, "missing close \"/\"" },
		/* The '[' hides the '/' from the delimiter scan. */
		{ ".name:/[/", 6, "missing close \"/\"" },
		{ ".config:x", 0, ".config is only allowed in projections" },
		{ "a:b .config:(x OR y)", 4,
		    ".config is only allowed in projections" },
		{ "\"\":x", 0, "key must not be empty" },
		/* Syntax errors come before key errors, wherever they are. */
		{ ".config:x a:", 10, "expected key:value" },
		{ "a:b :", 4, "unexpected \":\"" },
		{ "a:b @", 4, "unexpected \"@\"" },
		{ "a:b ,c", 4, "unexpected \",\"" },
		{ "a:b )", 4, "unexpected \")\"" },
		{ "a:b OR", 6, "expected key:value or subexpression" },
		{ "-", 1, "expected key:value or subexpression" },
		{ "a:b -", 5, "expected key:value or subexpression" },
		{ "a:(b OR", 7, "expected value" },
		{ "a:(b", 4, "value list must be separated by OR" },
		{ "a:@", 0, "expected key:value" },
		{ "a:)", 0, "expected key:value" },
		{ "a:/x/y/", 5, "regexp must be followed by space or an "
		    "operator (unescaped \"/\"?)" },
		/* A regexp where OR should be is still compiled first. */
		{ "a:(b /(/)", 5, "missing close \"/\"" },
		{ "a:(b /[/)", 5, "missing close \"/\"" },
		{ "a:(b /*/)", 5, "error parsing regexp: missing argument "
		    "to repetition operator: `*`" },
		/* A lexical error in a peeked token is the first error. */
		{ "a:b \"x", 4, "missing end quote" },
		{ "(a:b \"x)", 5, "missing end quote" },
		{ "(a:b", 4, "missing \")\"" },
		{ "(a:b  ", 6, "missing \")\"" },
		{ "a:\"\\q\"", 2, "bad escape sequence" },
	};

	(void)state;
	check_syntax_cases(check_error_as, "more_errors", c, LEN(c));
}

/* Nesting a C stack cannot take is an error, not a crash. */
static void
test_depth(void **state)
{
	static char q[2 * 70000 + 8];
	struct cbs_filter *f = NULL;
	char err[60];
	size_t i, n = 70000;

	(void)state;
	for (i = 0; i < n; i++) {
		q[i] = '(';
		q[n + 3 + i] = ')';
	}
	memcpy(q + n, "a:b", 3);
	q[2 * n + 3] = '\0';
	assert_int_equal(cbs_filter_parse(q, &f, err, sizeof(err)),
	    CBS_EINVAL);
	assert_string_equal(err, "syntax error: expression nests too deeply"
	    "\n\t((((((((((((((((");
	memset(q, '-', n);
	memcpy(q + n, "a:b", 4);
	assert_int_equal(cbs_filter_parse(q, &f, err, sizeof(err)),
	    CBS_EINVAL);
	assert_string_equal(err, "syntax error: expression nests too deeply"
	    "\n\t----------------");
	/* Well within the limit, all is as usual. */
	memset(q, '-', 4000);
	memcpy(q + 4000, "a:b", 4);
	f = must_parse(q);
	cbs_filter_free(f);
}

/* The caret counts runes a terminal shows, not bytes (tok.go). */
static void
test_caret(void **state)
{
	struct cbs_filter *f = NULL;
	char err[256];

	(void)state;
	cbs_syntax_error(err, sizeof(err), "\xce\xb1:b c", 4, "m");
	assert_string_equal(err, "syntax error: m\n\t\xce\xb1:b c\n\t   ^");
	/* A tab is not graphic, an invalid byte is (as U+FFFD). */
	cbs_syntax_error(err, sizeof(err), "\ta:\xff x", 5, "m");
	assert_string_equal(err, "syntax error: m\n\t\ta:\xff x\n\t    ^");
	cbs_syntax_error(err, sizeof(err), "q", 0, "m");
	assert_string_equal(err, "syntax error: m\n\tq\n\t^");
	/* Truncation keeps a terminated string. */
	cbs_syntax_error(err, 8, "query", 2, "message");
	assert_string_equal(err, "syntax ");

	memset(err, 0, sizeof(err));
	assert_int_equal(cbs_filter_parse("\xce\xb1:b c", &f, err,
	    sizeof(err)), CBS_EINVAL);
	assert_null(f);
	assert_string_equal(err, "syntax error: expected key:value\n\t"
	    "\xce\xb1:b c\n\t    ^");
}

/* Quoted words are Go string literals (strconv.Unquote). */
static void
test_quoted(void **state)
{
	static const struct {
		const char *query;
		const char *value;
		size_t len;
	} ok[] = {
		{ "k:\"b c\"", "b c", 3 },
		{ "k:\"a\\\"\"", "a\"", 2 },
		{ "k:\"\\u0048ash\"", "Hash", 4 },
		{ "k:\"a\\u2603\"", "a\xe2\x98\x83", 4 },
		{ "k:\"\\U0001F600\"", "\xf0\x9f\x98\x80", 4 },
		{ "k:\"\\\\\\x41\\101\\a\\b\\f\\n\\r\\t\\v\"",
		    "\\AA\a\b\f\n\r\t\v", 10 },
		/* \x and octal escapes give bytes, not runes. */
		{ "k:\"\\xff\\377\"", "\xff\xff", 2 },
		/* An invalid byte becomes U+FFFD. */
		{ "k:\"\\t\xff\"", "\t\xef\xbf\xbd", 4 },
		{ "k:\"\"", "", 0 },
		{ "k:\"AND\"", "AND", 3 },
		{ "k:\"(a:b) -*\"", "(a:b) -*", 8 },
	};
	static const char *const bad[] = {
		"k:\"\\'\"", "k:\"\\400\"", "k:\"\\12\"", "k:\"\\x4\"",
		"k:\"\\xg0\"", "k:\"\\uD800\"", "k:\"\\U00110000\"",
		"k:\"\\u12\"", "k:\"a\nb\"", "k:\"\\z\"",
		/* The value ends at its first '"', escaped or not. */
		"k:\"a\\\\\"b\"",
	};
	struct cbs_config cfg = { "k", NULL, 1 };
	struct cbs_result r = base_result();
	size_t i;

	(void)state;
	r.config = &cfg;
	r.nconfig = 1;
	for (i = 0; i < LEN(ok); i++) {
		cfg.value = ok[i].value;
		/* A value holding a NUL cannot be a C config value. */
		assert_int_equal(strlen(ok[i].value), ok[i].len);
		if (kept(ok[i].query, &r) != ALL)
			fail_msg("[%s] does not match its value", ok[i].query);
		cfg.value = "x";
		if (kept(ok[i].query, &r) != NONE)
			fail_msg("[%s] matches x", ok[i].query);
	}
	for (i = 0; i < LEN(bad); i++)
		check_error(bad[i], 2, "bad escape sequence");
	/* A '"' after a backslash never ends a word, even after "\\". */
	check_error("k:\"a\\\\\"", 2, "missing end quote");
	/* Keys may be quoted too, and then hold anything. */
	cfg.key = "a b:c";
	cfg.value = "v";
	assert_int_equal(kept("\"a b:c\":v", &r), ALL);
	assert_int_equal(kept("\"a b:c\":w", &r), NONE);
}

/* Bare words end at spaces and operators; '-' and '*' only lead. */
static void
test_words(void **state)
{
	struct cbs_config cfg[] = {
		{ "a-b", "c*d", 1 }, { "x", "ns/op", 1 }, { "y", "\"q\"", 1 },
	};
	struct cbs_result r = base_result();

	(void)state;
	r.config = cfg;
	r.nconfig = LEN(cfg);
	assert_int_equal(kept("a-b:c*d", &r), ALL);
	assert_int_equal(kept("x:ns/op", &r), ALL);
	assert_int_equal(kept("  x : ns/op  ", &r), ALL);
	/* Unicode spaces separate too. */
	assert_int_equal(kept("x:ns/op\xc2\xa0" "a-b:c*d", &r), ALL);
	/* A '"' inside a bare word is part of it. */
	assert_int_equal(kept("y:\"q\"", &r), NONE);
	cfg[2].value = "q";
	assert_int_equal(kept("y:\"q\"", &r), ALL);
	cfg[2].value = "q\"";
	assert_int_equal(kept("y:q\"", &r), ALL);
}

/* --------------------------------------------------------- evaluation */

/* The "basic" and "boolean" cases of benchproc/filter_test.go. */
static void
test_upstream_matches(void **state)
{
	static const struct kept_case c[] = {
		{ "f1:v1", ALL },
		{ "f1:v2", NONE },
		{ "/n1:v3", ALL },
		{ ".name:Name", ALL },
		{ ".fullname:Name/n1=v3-8", ALL },
		{ "*", ALL },
		{ "f1:v1 OR f1:v2", ALL },
		{ "f1:v1 AND f1:v2", NONE },
		{ "f1:v1 f1:v2", NONE },
		{ "f1:v1 f2:v2", ALL },
		{ "-f1:v1", NONE },
		{ "--f1:v1", ALL },
		{ "-*", NONE },
	};

	(void)state;
	check_kept("upstream_matches", c, LEN(c));
}

static void
test_keys(void **state)
{
	static const struct kept_case c[] = {
		{ ".name:Name/n1=v3-8", NONE },
		{ "/gomaxprocs:8", ALL },
		{ ".file:old.txt", ALL },
		{ ".file:new.txt", NONE },
		/* A key a result lacks has the empty value. */
		{ "nosuchkey:\"\"", ALL },
		{ "nosuchkey:/^$/", ALL },
		{ "/nosuch:\"\"", ALL },
		{ "nosuchkey:x", NONE },
		/* So does a key no result can have. */
		{ "\"f1\\x00\":\"\"", ALL },
		/* A regexp searches anywhere in the value. */
		{ ".fullname:/n1=v/", ALL },
		{ ".fullname:/^n1/", NONE },
	};

	(void)state;
	check_kept("keys", c, LEN(c));
}

/*
 * OR binds loosest: "a b OR c d" is "(a AND b) OR (c AND d)", whichever
 * way the terms come out.
 */
static void
test_precedence(void **state)
{
	static const struct {
		const char *query;
		unsigned mask;	/* bit k: matches f1=vK, f2=wK pairs below */
	} cases[] = {
		{ "f1:a AND f2:a OR f1:b AND f2:b", 0x9 },
		{ "f1:a f2:a OR f1:b f2:b", 0x9 },
		{ "f1:a OR f1:b f2:a", 0x7 },
		{ "f2:a f1:b OR f1:a", 0x7 },
		{ "-f1:a f2:a", 0x4 },
		{ "f1:a AND (f2:a OR f1:b) AND f2:b", 0x0 },
		{ "f1:a (f2:a OR f2:b)", 0x3 },
		{ "-f1:a OR f2:b", 0xE },
		{ "-(f1:a OR f2:b)", 0x4 },
		{ "f1:(a OR b)", 0xF },
		{ "f1:(a) f2:(b)", 0x2 },
		{ "f1:/^[ab]$/ -f2:a", 0xA },
		{ "* f1:a", 0x3 },
		{ "f1:a OR * ", 0xF },
		{ "-* OR f1:b", 0xC },
		{ "(((f1:a)))", 0x3 },
	};
	/* The (f1, f2) pairs: (a,a) (a,b) (b,a) (b,b). */
	static const char *const f1[] = { "a", "a", "b", "b" };
	static const char *const f2[] = { "a", "b", "a", "b" };
	struct cbs_config cfg[2] = { { "f1", NULL, 1 }, { "f2", NULL, 1 } };
	struct cbs_result r = base_result();
	unsigned got;
	size_t i, k;

	(void)state;
	r.config = cfg;
	r.nconfig = 2;
	for (i = 0; i < LEN(cases); i++) {
		got = 0;
		for (k = 0; k < 4; k++) {
			cfg[0].value = f1[k];
			cfg[1].value = f2[k];
			if (kept(cases[i].query, &r) == ALL)
				got |= 1u << k;
		}
		if (got != cases[i].mask)
			fail_msg("[%s]: got %#x, want %#x", cases[i].query,
			    got, cases[i].mask);
	}
}

/* The "units" cases of benchproc/filter_test.go, and more. */
static void
test_units(void **state)
{
	static const struct kept_case c[] = {
		{ ".unit:ns/op", 0x1 },	/* as input */
		{ ".unit:sec/op", 0x1 },	/* tidied */
		{ ".unit:B/op", 0x2 },
		{ ".unit:foo", 0x0 },
		{ ".unit:(ns/op OR B/op)", ALL },
		{ "-.unit:B/op", 0x1 },
		{ "-.unit:/op$/", NONE },
		{ ".unit:/^B/", 0x2 },
		/* Whole-result terms decide alone when they can. */
		{ ".unit:B/op OR .name:Name", ALL },
		{ ".unit:B/op OR .name:X", 0x2 },
		{ ".unit:B/op .name:Name", 0x2 },
		{ ".unit:B/op .name:X", NONE },
		{ ".name:X OR -.unit:B/op", 0x1 },
		{ "-(.unit:B/op .name:Name)", 0x1 },
		{ "-(.unit:B/op .name:X)", ALL },
		{ ".unit:B/op .unit:/op/", 0x2 },
		{ ".unit:B/op OR .unit:sec/op", ALL },
	};

	(void)state;
	check_kept("units", c, LEN(c));
}

/* "manyUnits" of benchproc/filter_test.go: masks through every op. */
static void
test_many_units(void **state)
{
	struct cbs_value v[100];
	char units[100][8];
	unsigned char keep[100];
	struct cbs_result r = base_result();
	struct cbs_filter *f;
	size_t i;

	(void)state;
	for (i = 0; i < LEN(v); i++) {
		snprintf(units[i], sizeof(units[i]), "u%zu", i);
		v[i].value = v[i].orig_value = 1;
		v[i].unit = units[i];
		v[i].orig_unit = NULL;
	}
	r.values = v;
	r.nvalues = LEN(v);
	f = must_parse("f1:v1 AND --(f1:v2 OR .unit:(u0 OR u99))");
	assert_int_equal(cbs_filter_apply(f, &r, keep), 1);
	for (i = 0; i < LEN(v); i++)
		assert_int_equal(keep[i], i == 0 || i == 99);
	cbs_filter_free(f);
}

/* cbs_filter_apply of query to r, asking for no per-value answer. */
static int
apply_whole(const char *query, const struct cbs_result *r)
{
	struct cbs_filter *f = must_parse(query);
	int rc = cbs_filter_apply(f, r, NULL);

	cbs_filter_free(f);
	return rc;
}

/* With no values, upstream keeps a result a whole-result term matches
 * but nothing a unit term decides. */
static void
test_no_values(void **state)
{
	struct cbs_result r = base_result();

	(void)state;
	r.values = NULL;
	r.nvalues = 0;
	assert_int_equal(apply_whole("*", &r), 1);
	assert_int_equal(apply_whole("-.unit:x", &r), 0);
	assert_int_equal(apply_whole(".unit:x OR f1:v1", &r), 1);
	assert_int_equal(apply_whole("f1:v2", &r), 0);
}

/* ------------------------------------------------------------ regexps */

static void
check_regexp_error(const char *expr, const char *want)
{
	struct cbs_qregexp *re = NULL;
	char *msg = NULL;
	int rc;

	rc = cbs_qregexp_compile(expr, strlen(expr), &re, &msg);
	if (rc != CBS_EINVAL || msg == NULL || strcmp(msg, want) != 0)
		fail_msg("regexp [%s]: rc %d, got [%s], want [%s]", expr, rc,
		    msg != NULL ? msg : "(null)", want);
	assert_null(re);
	free(msg);
}

/* Go's error texts: regexp's badRe table, then read off parse.go. */
static void
test_regexp_errors(void **state)
{
	static const char *const cases[][2] = {
		{ "*", "missing argument to repetition operator: `*`" },
		{ "+", "missing argument to repetition operator: `+`" },
		{ "?", "missing argument to repetition operator: `?`" },
		{ "(abc", "missing closing ): `(abc`" },
		{ "abc)", "unexpected ): `abc)`" },
		{ "x[a-z", "missing closing ]: `[a-z`" },
		{ "[z-a]", "invalid character class range: `z-a`" },
		{ "abc\\", "trailing backslash at end of expression: ``" },
		{ "a**", "invalid nested repetition operator: `**`" },
		{ "a*+", "invalid nested repetition operator: `*+`" },
		{ "\\x", "invalid escape sequence: `\\x`" },
		{ "[", "missing closing ]: `[`" },
		{ "[]", "missing closing ]: `[]`" },
		{ "[a-", "missing closing ]: `[a-`" },
		{ "[\\", "trailing backslash at end of expression: ``" },
		{ "x{2}{3}", "invalid nested repetition operator: `{2}{3}`" },
		{ "a*?+", "invalid nested repetition operator: `*?+`" },
		{ "a+??", "invalid nested repetition operator: `+??`" },
		{ "*a", "missing argument to repetition operator: `*`" },
		{ "(+?)", "missing argument to repetition operator: `+?`" },
		{ "a|*", "missing argument to repetition operator: `*`" },
		{ "{2}", "missing argument to repetition operator: `{2}`" },
		{ "(?i)*", "missing argument to repetition operator: `*`" },
		{ "(a))", "unexpected ): `(a))`" },
		{ "(a|(b)", "missing closing ): `(a|(b)`" },
		{ "\\8", "invalid escape sequence: `\\8`" },
		{ "(a)\\1", "invalid escape sequence: `\\1`" },
		{ "a\\Z", "invalid escape sequence: `\\Z`" },
		{ "\\C", "invalid escape sequence: `\\C`" },
		{ "\\xg1", "invalid escape sequence: `\\xg1`" },
		{ "\\xA", "invalid escape sequence: `\\xA`" },
		{ "\\x{}", "invalid escape sequence: `\\x{}`" },
		{ "\\x{12", "invalid escape sequence: `\\x{12`" },
		{ "\\x{110000}", "invalid escape sequence: `\\x{110000`" },
		{ "\\q", "invalid escape sequence: `\\q`" },
		{ "\\\xc3\xa9", "invalid escape sequence: `\\\xc3\xa9`" },
		{ "[\\b]", "invalid escape sequence: `\\b`" },
		{ "[a-\\d]", "invalid escape sequence: `\\d`" },
		{ "a{1001}", "invalid repeat count: `{1001}`" },
		{ "a{1001}?", "invalid repeat count: `{1001}`" },
		{ "a{2,1}", "invalid repeat count: `{2,1}`" },
		{ "a{99999999999}", "invalid repeat count: `{99999999999}`" },
		{ "(a{500}){3}", "invalid repeat count: `{3}`" },
		{ "(?:(a{10}){101})", "invalid repeat count: `{101}`" },
		{ "((a{1000}){1}){2}?", "invalid repeat count: `{2}?`" },
		{ "(a*{600}x){2}", "invalid nested repetition operator: "
		    "`*{600}`" },
		{ "((a{600})*){2}", "invalid repeat count: `{2}`" },
		{ "[[:foo:]]", "invalid character class range: `[:foo:]`" },
		{ "[[:a]:]", "invalid character class range: `[:a]:]`" },
		{ "[[:^:]]", "invalid character class range: `[:^:]`" },
		{ "\\p{Foo}", "invalid character class range: `\\p{Foo}`" },
		{ "\\pX", "invalid character class range: `\\pX`" },
		{ "\\p", "invalid character class range: `\\p`" },
		{ "\\p{Greek", "invalid character class range: `\\p{Greek`" },
		{ "[\\p{Foo}]", "invalid character class range: `\\p{Foo}`" },
		{ "(?P<n!>x)", "invalid named capture: `(?P<n!>`" },
		{ "(?P<>x)", "invalid named capture: `(?P<>`" },
		{ "(?P<name", "invalid named capture: `(?P<name`" },
		{ "(?<=x)", "invalid named capture: `(?<=x)`" },
		{ "(?=x)", "invalid or unsupported Perl syntax: `(?=`" },
		{ "(?!x)", "invalid or unsupported Perl syntax: `(?!`" },
		{ "(?P=n)", "invalid or unsupported Perl syntax: `(?P`" },
		{ "(?i-)", "invalid or unsupported Perl syntax: `(?i-)`" },
		{ "(?-:a)", "invalid or unsupported Perl syntax: `(?-:`" },
		{ "(?i--m)", "invalid or unsupported Perl syntax: `(?i--`" },
		{ "(?x)", "invalid or unsupported Perl syntax: `(?x`" },
		{ "(?i", "invalid or unsupported Perl syntax: `(?i`" },
		{ "a\xff" "b", "invalid UTF-8: `\xff" "b`" },
		{ "[\xff]", "invalid UTF-8: `\xff]`" },
		{ "\\Qa\xff\\E", "invalid UTF-8: `\xff`" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < LEN(cases); i++) {
		char want[256];

		snprintf(want, sizeof(want), "error parsing regexp: %s",
		    cases[i][1]);
		check_regexp_error(cases[i][0], want);
	}
}

static int
re_match(const char *expr, const char *s, size_t len)
{
	struct cbs_qregexp *re = NULL;
	char *msg = NULL;
	int m;

	if (cbs_qregexp_compile(expr, strlen(expr), &re, &msg) != 0)
		fail_msg("regexp [%s]: %s", expr, msg != NULL ? msg : "?");
	m = cbs_qregexp_match(re, s, len);
	cbs_qregexp_free(re);
	return m;
}

/* Go's semantics where other engines' defaults differ, and its syntax. */
static void
test_regexp_matching(void **state)
{
	static const struct {
		const char *expr;
		const char *subject;
		int match;
	} cases[] = {
		{ "", "", 1 },
		{ "^(Check|Hash)", "Hash", 1 },
		{ "^(Check|Hash)", "xHash", 0 },
		{ "size=[0-9]+k", "Checksum/size=4k-8", 1 },
		/* \d \s \w \b are ASCII; \s has no \v; [[:space:]] has. */
		{ "\\d", "\xd9\xa3", 0 },
		{ "\\d", "7", 1 },
		{ "\\D", "\xd9\xa3", 1 },
		{ "\\w", "\xc3\xa9", 0 },
		{ "\\s", "\v", 0 },
		{ "[[:space:]]", "\v", 1 },
		{ "\\S", "\v", 1 },
		{ "[\\s]", "\v", 0 },
		{ "[^\\S]", "\v", 0 },
		{ "\\b", "\xc3\xa9", 0 },
		{ "\\ba\\b", "a", 1 },
		{ "\\B", "a", 0 },
		/* Go tries \B only where a character starts: never between
		 * the bytes of \xc5\xbf, where both neighbours are not word
		 * bytes (found by fuzz_regex against PCRE2). */
		{ "\\B", "a\xc5\xbf" "a", 0 },
		{ "x|\\B\\B", "a\xc5\xbf" "a", 0 },
		{ "\\B", "a\xc3\xa9", 1 },
		{ "\\B", "\xc5\xbf", 1 },
		{ "\\B", "ab", 1 },
		{ "(?i)A\\B", "a\xc5\xbf" "a", 0 },
		{ "(?i)A\\Bb", "xab", 1 },
		{ "^a|b\\B", "xbc", 1 },
		{ "^a|b\\B", "xa", 0 },
		/* A quote to the end stays a quote inside the wrapping. */
		{ "\\B\\Q :", ". :", 1 },
		{ "\\B\\Q :", "a :", 0 },
		{ "\\B\\Q :)", ". :)", 1 },
		{ "\\B\\Qa\\", "aa\\", 1 },
		{ "\\B\\Qa\\", "\xc3\xa9" "a\\", 0 },
		{ "^\\B\\Q", "\xc3\xa9", 1 },
		{ "\\Q.*", ".*", 1 },
		{ "\\Q.*", "ab", 0 },
		{ "[[:alpha:]]+$", "abc", 1 },
		{ "^[[:alpha:]]$", "\xc3\xa9", 0 },
		{ "[[:^alpha:]]", "a", 0 },
		{ "[[:word:][:^digit:]]", "5", 1 },
		/* $ is the end of text only; (?m) adds line ends. */
		{ "a$", "a\n", 0 },
		{ "a\\z", "a\n", 0 },
		{ "(?m)a$", "a\nb", 1 },
		{ "(?m)^b", "a\nb", 1 },
		{ "^b", "a\nb", 0 },
		{ "(?m)\\n^", "a\n", 1 },
		{ "\\Aa", "ba", 0 },
		/* . and \n. */
		{ "a.b", "a\nb", 0 },
		{ "(?s)a.b", "a\nb", 1 },
		{ "(?s:a.)b.", "a\nb\n", 0 },
		{ "[^a]", "\n", 1 },
		/* Case folding, flag groups and their scope. */
		{ "(?i)^checksum/size=\\d+[[:alpha:]]", "Checksum/size=4k", 1 },
		{ "(?i:a)b", "AB", 0 },
		{ "(?i:a)b", "Ab", 1 },
		{ "a(?i)b|c", "C", 1 },
		{ "(a(?i)b)c", "aBC", 0 },
		{ "(?i)a(?-i)b", "Ab", 1 },
		{ "(?i)a(?-i)b", "AB", 0 },
		{ "(?i)k", "\xe2\x84\xaa", 1 },
		{ "(?i)[^k]", "\xe2\x84\xaa", 0 },
		{ "(?i)\\W", "\xc5\xbf", 0 },
		{ "(?i)[\\W]", "s", 0 },
		{ "(?i)[[:^lower:]]", "S", 0 },
		{ "(?i)[a-c]", "B", 1 },
		{ "(?i)\\x{3b4}", "\xce\x94", 1 },
		/* Repetitions, greedy or not, applied to the last item. */
		{ "^ab*$", "abbb", 1 },
		{ "^ab*$", "abab", 0 },
		{ "^x*?$", "xx", 1 },
		{ "(?U)^a+$", "aaa", 1 },
		{ "^a{2}$", "aa", 1 },
		{ "^a{2}$", "aaa", 0 },
		{ "^a{2,}$", "aaaa", 1 },
		{ "^a{2,3}$", "aaaa", 0 },
		{ "^a{0}b$", "b", 1 },
		{ "^a(?i)*$", "aaa", 1 },
		{ "^*$", "", 1 },
		{ "^(a*)*$", "aa", 1 },
		{ "\\Qa.b\\E+", "a.bb", 1 },
		{ "\\Qa.b", "axb", 0 },
		{ "^\\Q\\E*$", "", 1 },
		/* A '{' that starts no count is a literal. */
		{ "a{,3}", "a{,3}", 1 },
		{ "a{1", "a{1", 1 },
		{ "{", "{", 1 },
		{ "a{01}", "a{01}", 1 },
		/* Escapes. */
		{ "\\x41\\101\\x{1F600}", "AA\xf0\x9f\x98\x80", 1 },
		{ "\\0", "", 0 },
		{ "\\.\\-\\_", ".-_", 1 },
		{ "\\a\\f\\t\\n\\r\\v", "\a\f\t\n\r\v", 1 },
		{ "[\\x00-\\x{10FFFF}]", "\xf4\x8f\xbf\xbf", 1 },
		{ "\\x{D800}", "\xed\xa0\x80", 0 },
		{ "[\\x{D800}-\\x{E000}]", "\xee\x80\x80", 1 },
		{ "[^\\x{D800}]", "a", 1 },
		/* Classes. */
		{ "[]a]", "]", 1 },
		{ "[^]a]", "]", 0 },
		{ "[a-]", "-", 1 },
		{ "[a-b-c]", "-", 1 },
		{ "[\\d-z]", "-", 1 },
		{ "[[]", "[", 1 },
		{ "[a-abc-c\\-\\]\\[]", "]", 1 },
		{ "\\pL", "\xc3\xa9", 1 },
		{ "\\PL", "\xc3\xa9", 0 },
		{ "\\p{^L}", "1", 1 },
		{ "\\P{^L}", "1", 0 },
		{ "\\p{Greek}", "\xce\xb1", 1 },
		{ "[\\p{Greek}\\d]", "7", 1 },
		{ "[^\\p{Greek}\\d]", "7", 0 },
		{ "\\p{Han}", "\xe4\xb8\xad", 1 },
		{ "\\p{Kawi}", "\xf0\x91\xbc\x80", 1 },
		{ "\\p{Any}", "\n", 1 },
		/* Groups, named or not; alternation. */
		{ "^(?P<n>a)(?<m>b)$", "ab", 1 },
		{ "^(?P<n>a)(?P<n>b)$", "ab", 1 },
		{ "^(|a)$", "", 1 },
		{ "a||b", "c", 1 },
		{ "^()$", "", 1 },
		{ "^(?:a|b)*?$", "abba", 1 },
		{ "^(?)a$", "a", 1 },
		/* Invalid UTF-8 in a value reads as U+FFFD, byte by byte. */
		{ "^.$", "\xff", 1 },
		{ "^..$", "\xe2\x98", 1 },
		{ "\\x{FFFD}", "a\xff", 1 },
		{ "^a$", "a\xff", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < LEN(cases); i++)
		if (re_match(cases[i].expr, cases[i].subject,
		    strlen(cases[i].subject)) != cases[i].match)
			fail_msg("/%s/ on [%s]: want %d", cases[i].expr,
			    cases[i].subject, cases[i].match);
	/* A NUL in the value is just a byte. */
	assert_int_equal(re_match("^a\\x00b$", "a\0b", 3), 1);
}

/* pre, then open n times, inner, close n times, then post. */
static char *
nested(const char *pre, size_t n, const char *open, const char *inner,
    const char *close, const char *post)
{
	size_t len = strlen(pre) + n * (strlen(open) + strlen(close)) +
	    strlen(inner) + strlen(post) + 1, i;
	char *s = malloc(len), *w;

	assert_non_null(s);
	w = stpcpy(s, pre);
	for (i = 0; i < n; i++)
		w = stpcpy(w, open);
	w = stpcpy(w, inner);
	for (i = 0; i < n; i++)
		w = stpcpy(w, close);
	stpcpy(w, post);
	return s;
}

/*
 * Go refuses a parse tree higher than 1000 (regexp/syntax's maxHeight,
 * since Go 1.19.1), with the whole expression in the message.  Each
 * case is at Go's limit and one past it; Go 1.19.8's regexp.Compile
 * gave each verdict.  A capture and a repetition are a level each, a
 * non-capturing group none; a concatenation is one, literals joined,
 * "[.]" and "[Bb]" among them; "a|b" is one class.
 */
static void
test_regexp_nesting(void **state)
{
	static const struct {
		const char *pre, *open, *inner, *close, *post;
		size_t n;
		const char *err;	/* NULL: Go takes it */
	} cases[] = {
		{ "", "(", "a", ")", "", 999, NULL },
		{ "", "(", "a", ")", "", 1000, "expression nests too deeply" },
		{ "", "(?:", "a", ")*", "", 999, NULL },
		{ "", "(?:", "a", ")*", "", 1000,
		    "expression nests too deeply" },
		{ "", "(", "a.", ")", "", 998, NULL },
		{ "", "(", "a.", ")", "", 999, "expression nests too deeply" },
		{ "", "(?:", "a.", ")", "", 30000, NULL },
		{ "", "(", "a|b", ")", "", 999, NULL },
		{ "", "(", "a|b", ")", "", 1000,
		    "expression nests too deeply" },
		{ "", "(", "a|b.", ")", "", 997, NULL },
		{ "", "(", "a|b.", ")", "", 998,
		    "expression nests too deeply" },
		{ "", "(", "x[.]", ")", "", 999, NULL },
		{ "", "(", "x[.]", ")", "", 1000,
		    "expression nests too deeply" },
		{ "", "(", "[Bb]x", ")", "", 998, NULL },
		{ "", "(", "[Bb]x", ")", "", 999,
		    "expression nests too deeply" },
		{ "(?i)", "(", "[Bb]x", ")", "", 999, NULL },
		{ "(?i)", "(", "[Bb]x", ")", "", 1000,
		    "expression nests too deeply" },
		{ "", "(", "", ")", "", 999, NULL },
		{ "", "(", "|", ")", "", 1000,
		    "expression nests too deeply" },
		{ "", "(", "a", ")+", "", 499, NULL },
		{ "", "(", "a", ")+", "", 500, "expression nests too deeply" },
		/* Which error comes first. */
		{ "", "(", "a", ")", "**", 1000,
		    "expression nests too deeply" },
		{ "", "(", "a", "", "", 1000, "missing closing )" },
		{ "", "(", "a", ")", ")", 1000,
		    "expression nests too deeply" },
		{ "", "(", "a", ")", ")", 999, "unexpected )" },
	};
	struct cbs_qregexp *re;
	char *expr, *want, *msg;
	size_t i;

	(void)state;
	for (i = 0; i < LEN(cases); i++) {
		expr = nested(cases[i].pre, cases[i].n, cases[i].open,
		    cases[i].inner, cases[i].close, cases[i].post);
		if (cases[i].err == NULL) {
			re = NULL;
			msg = NULL;
			if (cbs_qregexp_compile(expr, strlen(expr), &re,
			    &msg) != 0)
				fail_msg("case %zu: %s", i, msg);
			cbs_qregexp_free(re);
		} else {
			assert_non_null(want = malloc(strlen(expr) + 128));
			sprintf(want, "error parsing regexp: %s: `%s`",
			    cases[i].err, expr);
			check_regexp_error(expr, want);
			free(want);
		}
		free(expr);
	}
}

/* Groups and repetitions as deep as Go takes them: RE2 matches them. */
static void
test_regexp_deep(void **state)
{
	static char expr[5 * 500 + 16];
	size_t i, n = 499, w = 0;

	(void)state;
	for (i = 0; i < n; i++)
		expr[w++] = '(';
	expr[w++] = 'a';
	for (i = 0; i < n; i++) {
		expr[w++] = ')';
		expr[w++] = '+';
		if (i % 2 == 0)
			expr[w++] = '?';
	}
	expr[w] = '\0';
	assert_int_equal(re_match(expr, "xax", 3), 1);
	assert_int_equal(re_match(expr, "x", 1), 0);
}

/* Where backtracking blows up, Go's matcher still answers. */
static void
test_regexp_backtracking(void **state)
{
	static const char expr[] = "^(\\w+\\s?)*$|!";
	char s[64];

	(void)state;
	memset(s, 'a', 48);
	s[48] = '!';
	assert_int_equal(re_match(expr, s, 49), 1);
	assert_int_equal(re_match(expr, s, 48), 1);
	s[0] = '?';
	assert_int_equal(re_match(expr, s, 48), 0);
	assert_int_equal(re_match("(a*)*b", s, 48), 0);
	s[47] = 'b';
	assert_int_equal(re_match("(a*)*b", s, 48), 1);
}

/*
 * Patterns Go takes that outgrow an engine's default limits: 2000
 * optional repetitions (past the pattern size of PCRE2, the engine
 * before RE2), and a thousand Unicode
 * classes, 1.2 million instructions of RE2's byte automaton (eight times
 * its default memory budget).
 */
static void
test_regexp_large(void **state)
{
	static const char twice[] = "(?:[a-z]?){1000}(?:[a-z]?){1000}";
	static char s[2 * 2001 + 1];
	char expr[64];
	size_t i;

	(void)state;
	assert_int_equal(re_match(twice, "", 0), 1);
	snprintf(expr, sizeof(expr), "^%s$", twice);
	memset(s, 'a', 2001);
	assert_int_equal(re_match(expr, s, 2000), 1);
	assert_int_equal(re_match(expr, s, 2001), 0);
	s[1999] = '7';
	assert_int_equal(re_match(expr, s, 2000), 0);
	/* 1000 letters of two bytes each, and 1001. */
	for (i = 0; i < 2001; i++)
		memcpy(s + 2 * i, "\xc3\xa9", 2);
	assert_int_equal(re_match("^\\pL{1000}$", s, 2000), 1);
	assert_int_equal(re_match("^\\pL{1000}$", s, 2002), 0);
}

/*
 * Named groups: "(?P<n>" always, "(?<n>" since Go 1.22, a name twice
 * too; RE2 gets a plain group.  The same bytes in a class or in \Q...\E
 * are literal text and stay so.
 */
static void
test_regexp_named_groups(void **state)
{
	static const struct {
		const char *expr;
		const char *subject;
		int match;
	} cases[] = {
		{ "^(?<first>a+)(?<first>b)$", "aab", 1 },
		{ "^(?<x>a|b)+$", "abba", 1 },
		{ "^(?<x>a|b)+$", "abc", 0 },
		{ "^(?<a1_>(?P<b>x)(?<c>y))z$", "xyz", 1 },
		{ "^[(?<n>]+$", "(?<n>", 1 },
		{ "^[(?<n>]+$", "(?<n>)", 0 },
		{ "^\\Q(?<n>a)\\E$", "(?<n>a)", 1 },
		{ "^\\Q(?<n>a)\\E$", "a", 0 },
		{ "^\\(?<n>$", "<n>", 1 },
		{ "^\\(?<n>$", "(<n>", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < LEN(cases); i++)
		if (re_match(cases[i].expr, cases[i].subject,
		    strlen(cases[i].subject)) != cases[i].match)
			fail_msg("/%s/ on [%s]: want %d", cases[i].expr,
			    cases[i].subject, cases[i].match);
	check_regexp_error("(?<n>a",
	    "error parsing regexp: missing closing ): `(?<n>a`");
	check_regexp_error("(?<n!>a)",
	    "error parsing regexp: invalid named capture: `(?<n!>`");
	check_regexp_error("(?<>a)",
	    "error parsing regexp: invalid named capture: `(?<>`");
}

/* Every name Go's \p knows must reach RE2. */
static void
test_regexp_unicode_names(void **state)
{
	static const char *const names[] = {
		"Any", "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo",
		"Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No", "P",
		"Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk",
		"Sm", "So", "Z", "Zl", "Zp", "Zs", "Adlam", "Cypro_Minoan",
		"Kawi", "Nag_Mundari", "Old_Uyghur", "SignWriting", "Toto",
		"Vithkuqi", "Zanabazar_Square", "Nko", "Phags_Pa",
	};
	char expr[64];
	size_t i;

	(void)state;
	for (i = 0; i < LEN(names); i++) {
		snprintf(expr, sizeof(expr), "[\\P{%s}\\p{^%s}]", names[i],
		    names[i]);
		(void)re_match(expr, "a", 1);
	}
	check_regexp_error("\\p{Letter}",
	    "error parsing regexp: invalid character class range: "
	    "`\\p{Letter}`");
	check_regexp_error("\\p{greek}",
	    "error parsing regexp: invalid character class range: "
	    "`\\p{greek}`");
}

/* Regexps in queries: the value ends at a '/' outside [] and (). */
static void
test_regexp_in_query(void **state)
{
	struct cbs_config cfg = { "a", "b///c", 1 };
	struct cbs_result r = base_result();

	(void)state;
	r.config = &cfg;
	r.nconfig = 1;
	assert_int_equal(kept("a:/b[/](/)\\/c/", &r), ALL);
	assert_int_equal(kept("a:/^b[/](/)\\/c$/", &r), ALL);
	assert_int_equal(kept("a:/^b[/](/)\\/d$/", &r), NONE);
	assert_int_equal(kept("a:/b/-a:x", &r), ALL);
	assert_int_equal(kept("a:/b/ OR a:/x/", &r), ALL);
	check_error("a:/b/)", 5, "unexpected \")\"");
}

/*
 * The message that names a -filter whose regexp ran out of memory holds
 * the query whole, however long (it went through a 512-byte buffer in
 * the grouping stage, which cut a long query and the reason after it).
 */
static void
test_filter_error_whole(void **state)
{
	char query[701], *msg, want[800];

	(void)state;
	memset(query, 'a', sizeof(query) - 1);
	query[0] = '/';
	query[sizeof(query) - 2] = '/';
	query[sizeof(query) - 1] = '\0';
	msg = cbs_filter_error_dup(query, CBS_ENOMEM);
	assert_non_null(msg);
	snprintf(want, sizeof(want), "-filter \"%s\": a regexp could not be "
	    "matched: %s", query, cbs_strerror(CBS_ENOMEM));
	assert_string_equal(msg, want);
	free(msg);
}

/*
 * RE2 out of memory in a match is an error, never "no match": the
 * regexp, the filter and the grouping stage say so, and the group's
 * message names -filter.  Before, the benchmark was silently dropped.
 */
static void
test_regexp_nomem(void **state)
{
	struct cbs_result r = base_result();
	struct cbs_group_opts o;
	struct cbs_qregexp *re = NULL;
	struct cbs_filter *f;
	struct cbs_arena *a;
	struct cbs_intern *t;
	struct cbs_group *g = NULL;
	unsigned char keep[8];
	char *msg = NULL, err[256] = "";
	int m;

	(void)state;
	assert_int_equal(cbs_qregexp_compile("a+b", 3, &re, &msg), 0);
	test_failnew(1);
	m = cbs_qregexp_match(re, "xaab", 4);
	test_failnew(0);
	assert_int_equal(m, CBS_ENOMEM);
	/* It answers again once memory is back. */
	assert_int_equal(cbs_qregexp_match(re, "xaab", 4), 1);
	cbs_qregexp_free(re);

	f = must_parse(".name:/Name/");
	test_failnew(1);
	m = cbs_filter_apply(f, &r, keep);
	test_failnew(0);
	assert_int_equal(m, CBS_ENOMEM);
	cbs_filter_free(f);

	assert_non_null(a = cbs_arena_new());
	assert_non_null(t = cbs_intern_new(a));
	memset(&o, 0, sizeof(o));
	o.filter = ".name:/Name/";
	assert_int_equal(cbs_group_new(a, t, &o, &g, err, sizeof(err)), 0);
	assert_string_equal(cbs_group_error(g), "");
	test_failnew(1);
	m = cbs_group_add(g, &r);
	test_failnew(0);
	assert_int_equal(m, CBS_ENOMEM);
	assert_string_equal(cbs_group_error(g), "-filter \".name:/Name/\": "
	    "a regexp could not be matched: out of memory");
	cbs_group_free(g);
	cbs_intern_free(t);
	cbs_arena_free(a);
}

/*
 * The parse as a visitor sees it (struct cbs_goregexp_visitor): the
 * PCRE2 patterns the fuzz harness writes from it are those the library
 * wrote itself before the writer moved to tests/fuzz/regex_pcre2.c,
 * flags resolved item by item, Go's ASCII sets spelt out, surrogates
 * left out, Kawi as ranges.
 */
static void
test_regexp_visitor(void **state)
{
	static const struct {
		const char *go;
		const char *pcre2;
	} cases[] = {
		{ "(?i)a[k-m]\\d+",
		    "(?i:\\x{61})(?i:[\\x{6b}-\\x{6d}])([\\x{30}-"
		    "\\x{39}])+" },
		{ "^x$|(?m:^y$)",
		    "\\A\\x{78}\\z|((?m:^)\\x{79}(?m:$))" },
		{ "[^\\W_]{2,5}?",
		    "([^\\x{0}-\\x{2f}\\x{3a}-\\x{40}\\x{5b}-\\x{5e}"
		    "\\x{60}\\x{7b}-\\x{d7ff}\\x{e000}-\\x{10ffff}"
		    "\\x{5f}]){2,5}?" },
		{ "(?s).(?U)b*",
		    "(?s:.)(\\x{62})*?" },
		{ "\\p{Kawi}\\P{Greek}[\\p{^L}]",
		    "[\\x{11f00}-\\x{11f10}\\x{11f12}-\\x{11f3a}"
		    "\\x{11f3e}-\\x{11f59}][\\P{Greek}][\\P{L}]" },
		{ "(?i:[^s])\\x{D800}[^\\x{D7FF}-\\x{E000}]",
		    "((?i:[^\\x{73}]))(?!)[^\\x{d7ff}\\x{e000}]" },
		{ "(?P<n>a)(?:b|c)+\\b\\B\\A\\z",
		    "(\\x{61})(\\x{62}|\\x{63})+\\b\\B\\A\\z" },
		{ "[[:^alpha:]](?i)[[:upper:]]",
		    "[\\x{0}-\\x{40}\\x{5b}-\\x{60}\\x{7b}-\\x{d7ff}"
		    "\\x{e000}-\\x{10ffff}][\\x{41}-\\x{5a}\\x{61}-"
		    "\\x{7a}\\x{17f}\\x{212a}]" },
		{ "(a{2}){3,}x{1,2}",
		    "((\\x{61}){2}){3,}(\\x{78}){1,2}" },
	};
	struct cbs_goregexp_visitor v;
	struct pcre2_pattern p;
	struct cbs_goregexp g;
	const char *text;
	char *msg = NULL;
	size_t i, len = 0;

	(void)state;
	for (i = 0; i < LEN(cases); i++) {
		pcre2_pattern_init(&p, &v);
		if (cbs_goregexp_translate(cases[i].go, strlen(cases[i].go),
		    &v, &g, &msg) != 0)
			fail_msg("[%s]: %s", cases[i].go, msg ? msg : "?");
		assert_non_null(text = pcre2_pattern_text(&p, &len));
		assert_int_equal(len, strlen(text));
		if (strcmp(text, cases[i].pcre2) != 0)
			fail_msg("[%s]: PCRE2 [%s], want [%s]", cases[i].go,
			    text, cases[i].pcre2);
		cbs_goregexp_fini(&g);
		pcre2_pattern_fini(&p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upstream_errors),
		cmocka_unit_test(test_more_errors),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_caret),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_upstream_matches),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_many_units),
		cmocka_unit_test(test_no_values),
		cmocka_unit_test(test_regexp_errors),
		cmocka_unit_test(test_regexp_matching),
		cmocka_unit_test(test_regexp_nesting),
		cmocka_unit_test(test_regexp_deep),
		cmocka_unit_test(test_regexp_backtracking),
		cmocka_unit_test(test_regexp_large),
		cmocka_unit_test(test_regexp_named_groups),
		cmocka_unit_test(test_regexp_unicode_names),
		cmocka_unit_test(test_regexp_in_query),
		cmocka_unit_test(test_regexp_nomem),
		cmocka_unit_test(test_filter_error_whole),
		cmocka_unit_test(test_regexp_visitor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
