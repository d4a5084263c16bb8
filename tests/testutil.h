/*
 * testutil.h: small helpers shared by the cmocka unit tests.  Include it
 * after <cmocka.h>.  The functions are static inline so that a test that
 * does not use one is not warned about it.
 */
#ifndef CBS_TESTUTIL_H
#define CBS_TESTUTIL_H

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cbenchstat.h"

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

/* The LOCPATH directory comma_locale made, removed by its undo. */
static inline char *
comma_locale_dir(void)
{
	static char dir[32];

	return dir;
}

/* Undo comma_locale, even after a failed test. */
static inline void
comma_locale_undo(void)
{
	char cmd[64], *locale_dir = comma_locale_dir();

	setlocale(LC_NUMERIC, "C");
	unsetenv("LOCPATH");
	if (locale_dir[0] != '\0') {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", locale_dir);
		(void)system(cmd);
		locale_dir[0] = '\0';
	}
}

/*
 * Switch LC_NUMERIC to a locale whose radix is a comma: de_DE.UTF-8 if
 * the system has it, else one made here with localedef (libc-bin; its
 * default charmap comes with Debian's locales package) in a temporary
 * LOCPATH directory.  @return 1 if strtod now misreads "0.5".
 */
static inline int
comma_locale(void)
{
	static const char src[] = "LC_NUMERIC\ndecimal_point \",\"\n"
	    "thousands_sep \".\"\ngrouping 3;3\nEND LC_NUMERIC\n";
	char dir[] = "/tmp/cbs-locale-XXXXXX", path[64], cmd[256];
	char *locale_dir = comma_locale_dir();
	FILE *fp;

	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") == NULL &&
	    setlocale(LC_NUMERIC, "de_DE.utf8") == NULL) {
		if (mkdtemp(dir) == NULL)
			return 0;
		snprintf(locale_dir, 32, "%s", dir);
		snprintf(path, sizeof(path), "%s/comma.src", dir);
		if ((fp = fopen(path, "w")) == NULL)
			return 0;
		fputs(src, fp);
		if (fclose(fp) != 0)
			return 0;
		/* -c: the other categories are missing on purpose. */
		snprintf(cmd, sizeof(cmd), "localedef -c -i %s %s/cbs_comma "
		    ">/dev/null 2>&1", path, dir);
		(void)system(cmd);
		if (setenv("LOCPATH", dir, 1) != 0 ||
		    setlocale(LC_NUMERIC, "cbs_comma") == NULL)
			return 0;
	}
	return !(strtod("0.5", NULL) > 0.25);
}

/*
 * The stages a test reads results into: an arena and its strings, a
 * reader, a group with default options, and the tables built from it.
 * test_pipe_add is the reader's on_result for ctx a struct test_pipe.
 */
struct test_pipe {
	struct cbs_arena *arena;
	struct cbs_intern *strings;
	struct cbs_reader *reader;
	struct cbs_group *group;
	struct cbs_tables *tables;
};

static inline int
test_pipe_add(const struct cbs_result *r, void *ctx)
{
	struct test_pipe *p = ctx;

	return cbs_group_add(p->group, r);
}

static inline void
test_pipe_init(struct test_pipe *p)
{
	struct cbs_group_opts o;
	char err[512] = "";

	memset(p, 0, sizeof(*p));
	memset(&o, 0, sizeof(o));
	assert_non_null(p->arena = cbs_arena_new());
	assert_non_null(p->strings = cbs_intern_new(p->arena));
	assert_non_null(p->reader = cbs_reader_new(p->arena, p->strings));
	if (cbs_group_new(p->arena, p->strings, &o, &p->group, err,
	    sizeof(err)) != 0) {
		print_error("cbs_group_new: %s\n", err);
		fail();
	}
}

static inline void
test_pipe_free(struct test_pipe *p)
{
	cbs_group_free(p->group);
	cbs_reader_free(p->reader);
	cbs_intern_free(p->strings);
	cbs_arena_free(p->arena);
}

#endif /* CBS_TESTUTIL_H */
