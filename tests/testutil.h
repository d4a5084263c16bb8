/*
 * testutil.h: small helpers shared by the cmocka unit tests.  Include it
 * after <cmocka.h>.  The functions are static inline so that a test that
 * does not use one is not warned about it.
 */
#ifndef CBS_TESTUTIL_H
#define CBS_TESTUTIL_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* Fail unless |got - want| <= rel * |want|. */
static inline void
check_rel(double got, double want, double rel, const char *what)
{
	if (!(fabs(got - want) <= rel * fabs(want))) {
		print_error("%s: got %.17g, want %.17g\n", what, got, want);
		fail();
	}
}

/* Fail unless got and want are the same double, bit for bit. */
static inline void
check_bits(double got, double want, const char *what)
{
	if (memcmp(&got, &want, sizeof(got)) != 0) {
		print_error("%s: got %.17g, want %.17g\n", what, got, want);
		fail();
	}
}

/*
 * One case of a query that must not parse: the query, the column of the
 * caret under it and the message (test_filter.c, test_projection_parse.c).
 */
struct syntax_case {
	const char *query;
	size_t col;
	const char *msg;
};

/* Upstream's SyntaxError text for an ASCII query, caret at col. */
static inline void
syntax_error_text(char *buf, size_t len, const char *query, size_t col,
    const char *msg)
{
	size_t n;

	n = (size_t)snprintf(buf, len, "syntax error: %s\n\t%s\n\t", msg,
	    query);
	for (; col > 0 && n + 1 < len; col--)
		buf[n++] = ' ';
	snprintf(buf + n, len - n, "^");
}

/*
 * Check each row of a table of syntax errors with check, which fails
 * naming its first argument: here "table[i]", the row.
 */
static inline void
check_syntax_cases(void (*check)(const char *, const char *, size_t,
    const char *), const char *table, const struct syntax_case *c, size_t n)
{
	char what[64];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(what, sizeof(what), "%s[%zu]", table, i);
		check(what, c[i].query, c[i].col, c[i].msg);
	}
}

#endif /* CBS_TESTUTIL_H */
