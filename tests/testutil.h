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

/*
 * Read len bytes of Go benchmark text as the file label, its column
 * labelled label too.  fmemopen wants a writable buffer.
 */
static inline void
test_pipe_read(struct test_pipe *p, const char *label, char *text,
    size_t len)
{
	char err[512] = "";
	FILE *fp;

	assert_non_null(fp = fmemopen(text, len, "r"));
	if (cbs_reader_read(p->reader, fp, label, label, test_pipe_add, NULL,
	    p, err, sizeof(err)) != 0) {
		print_error("read %s: %s\n", label, err);
		fail();
	}
	fclose(fp);
}

/* Build the tables as the command does, runs kept in their order. */
static inline void
test_pipe_build(struct test_pipe *p)
{
	struct cbs_table_opts o;

	memset(&o, 0, sizeof(o));
	o.confidence = 0.95;
	o.alpha = 0.05;
	o.units = p->reader;
	o.keep_run_order = 1;
	assert_int_equal(cbs_tables_build(p->group, &o, &p->tables), 0);
}

/*
 * A gate over a test_pipe's tables (test_gate.c, test_leak.c,
 * test_sort.c): the gate, and what its report gave, the count of
 * failing cells and the first lines.  The steps, each its own call:
 * test_gate_init, test_pipe_read on .p for each file, test_pipe_build,
 * test_gate_new, test_gate_report, test_gate_free.
 */
struct test_gate {
	struct test_pipe p;
	struct cbs_gate *gate;
	long failing;
	char lines[16][1024];
	size_t nlines;
};

static inline void
test_gate_init(struct test_gate *f)
{
	memset(f, 0, sizeof(*f));
	test_pipe_init(&f->p);
}

static inline void
test_gate_new(struct test_gate *f, const struct cbs_gate_opts *o)
{
	assert_int_equal(cbs_gate_new(f->p.tables, o, &f->gate), 0);
}

/* Keep the first LEN(lines) lines: nlines stops counting there. */
static inline void
test_gate_on_line(const struct cbs_regression *r, void *ctx)
{
	struct test_gate *f = ctx;

	if (f->nlines < LEN(f->lines))
		cbs_regression_line(r, f->lines[f->nlines++],
		    sizeof(f->lines[0]));
}

static inline void
test_gate_report(struct test_gate *f)
{
	f->failing = cbs_gate_report(f->gate, f->p.tables, test_gate_on_line,
	    f);
}

static inline void
test_gate_free(struct test_gate *f)
{
	cbs_gate_free(f->gate);
	test_pipe_free(&f->p);
}

#endif /* CBS_TESTUTIL_H */
