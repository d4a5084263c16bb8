/*
 * check_json_valid.c: a JSON report checked whole before -check reads
 * it (check_json.c): every member the writer (fmt_json.c) always
 * writes, of its JSON type; verdicts spelt as its schema spells them;
 * and in a report written by the gate, a summary that agrees with the
 * verdicts of its tables and with its lists of them.
 *
 * The reader takes what it finds, so a document cut down by hand or by a
 * tool (tables without "rows", cells without "comparison", a verdict
 * "Regression") gave fewer comparisons than it said it held, and passed
 * (issue 20, F7).  A member the writer does not write is allowed, since
 * the schema grows by adding members, and so is the absence of one that
 * was added within schema 2 (a table's "run_wide", a gate's
 * "run_shift_percent").  Each problem is named by a JSON pointer (RFC
 * 6901) to the member.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "check/check.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The JSON types a member may have. */
enum {
	T_OBJECT = 1 << 0,
	T_ARRAY = 1 << 1,
	T_STRING = 1 << 2,
	T_NUMBER = 1 << 3,
	T_COUNT = 1 << 4,	/* an integer >= 0 */
	T_BOOL = 1 << 5,
	T_NULL = 1 << 6,
	T_STRINGS = 1 << 7,	/* an array of strings */
	T_OPTIONAL = 1 << 8	/* added within schema 2: may be missing */
};

static const char *const type_names[] = {
	"an object", "an array", "a string", "a number", "an integer >= 0",
	"a boolean", "null", "an array of strings",
};

struct member {
	const char *key;
	unsigned types;
};

#define NUM_OR_NULL (T_NUMBER | T_NULL)

static const struct member top_members[] = {
	{ "gate_geomean", T_BOOL }, { "regressions", T_ARRAY },
};
static const struct member top2_members[] = {
	{ "gate", T_OBJECT | T_NULL }, { "inconclusive", T_ARRAY },
	{ "leaks", T_ARRAY | T_OPTIONAL },
};
/* The counts, in the order of the verdicts below. */
static const char *const count_keys[] = {
	"regressions", "improvements", "inconclusive", "unchanged",
};
static const struct member gate_members[] = {
	{ "threshold", T_NUMBER }, { "alpha", T_NUMBER },
	{ "strict", T_BOOL }, { "fails", T_BOOL },
	{ "regressions", T_COUNT }, { "improvements", T_COUNT },
	{ "inconclusive", T_COUNT }, { "unchanged", T_COUNT },
	{ "drifting", T_COUNT }, { "gate_leaks", T_BOOL | T_OPTIONAL },
	{ "leaking", T_COUNT | T_OPTIONAL },
	{ "new_leaks", T_COUNT | T_OPTIONAL },
};
static const struct member table_members[] = {
	{ "config", T_OBJECT }, { "unit", T_STRING },
	{ "better", T_STRING | T_NULL }, { "assume", T_STRING },
	{ "columns", T_ARRAY }, { "rows", T_ARRAY }, { "geomean", T_ARRAY },
	{ "run_wide", T_ARRAY | T_OPTIONAL },
};
static const struct member column_members[] = {
	{ "label", T_STRING }, { "key", T_OBJECT },
};
static const struct member row_members[] = {
	{ "name", T_STRING }, { "cells", T_ARRAY },
};
static const struct member cell_members[] = {
	{ "center", NUM_OR_NULL }, { "lo", NUM_OR_NULL },
	{ "hi", NUM_OR_NULL }, { "confidence", NUM_OR_NULL },
	{ "n", T_COUNT }, { "range", T_STRING }, { "warnings", T_STRINGS },
};
static const struct member comparison_members[] = {
	{ "delta_percent", NUM_OR_NULL }, { "delta", T_STRING },
	{ "p", NUM_OR_NULL }, { "n1", T_COUNT }, { "n2", T_COUNT },
	{ "alpha", NUM_OR_NULL }, { "significant", T_BOOL },
	{ "verdict", T_STRING | T_NULL }, { "regression", T_BOOL },
	{ "warnings", T_STRINGS },
};
static const struct member geomean_members[] = {
	{ "center", NUM_OR_NULL }, { "ratio", NUM_OR_NULL },
	{ "delta", T_STRING | T_NULL }, { "verdict", T_STRING | T_NULL },
	{ "warnings", T_STRINGS },
};
static const struct member run_wide_members[] = {
	{ "cells", T_COUNT }, { "applied", T_BOOL },
	{ "verdict", T_STRING | T_NULL },
};
static const struct member figures_members[] = {
	{ "estimate_percent", NUM_OR_NULL }, { "interval_percent", T_ARRAY },
	{ "interval_confidence", NUM_OR_NULL },
	{ "noise_percent", NUM_OR_NULL }, { "p", NUM_OR_NULL },
	{ "level", NUM_OR_NULL },
	{ "run_shift_percent", NUM_OR_NULL | T_OPTIONAL },
	{ "runs_needed", NUM_OR_NULL },
	{ "doubt", T_STRING | T_OPTIONAL }, { "drift", T_BOOL },
};
static const struct member entry_members[] = {
	{ "table", T_COUNT }, { "row", T_COUNT | T_NULL },
	{ "column", T_COUNT }, { "benchmark", T_STRING },
};

/* The verdicts each schema writes; index 0 is a regression. */
#define NVERDICTS 4
#define V_REGRESSION 0
#define V_INCONCLUSIVE 2
static const char *const verdicts[][NVERDICTS] = {
	{ "regression", "improvement", "noise", "within" },
	{ "regression", "improvement", "inconclusive", "unchanged" },
};

/* The walk over one document. */
struct walk {
	const char *path;
	char *err;
	size_t errlen;
	int schema;
	int gated;		/* schema 2, written by the gate */
	int rc;			/* the first problem */
	char ptr[512];		/* the JSON pointer to where the walk is */
	size_t plen;
	size_t n[NVERDICTS];	/* the verdicts the tables hold */
	size_t drifting;	/* ... of them with drifting runs */
};

/* ------------------------------------------------------ pointer */

/* Add a reference token, '~' and '/' escaped. @return the old end. */
static size_t
down(struct walk *w, const char *token)
{
	size_t old = w->plen;

	if (w->plen + 1 < sizeof(w->ptr))
		w->ptr[w->plen++] = '/';
	for (; *token != '\0' && w->plen + 2 < sizeof(w->ptr); token++) {
		if (*token == '~' || *token == '/') {
			w->ptr[w->plen++] = '~';
			w->ptr[w->plen++] = *token == '~' ? '0' : '1';
		} else
			w->ptr[w->plen++] = *token;
	}
	w->ptr[w->plen] = '\0';
	return old;
}

static size_t
down_index(struct walk *w, size_t i)
{
	char t[32];

	snprintf(t, sizeof(t), "%zu", i);
	return down(w, t);
}

static void
up(struct walk *w, size_t old)
{
	w->plen = old;
	w->ptr[old] = '\0';
}

static void fail(struct walk *w, const char *token, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The first problem, at the member token below the walk (or at it). */
static void
fail(struct walk *w, const char *token, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	size_t old;

	if (w->rc != 0)
		return;
	w->rc = CBS_EPARSE;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	old = token != NULL ? down(w, token) : w->plen;
	snprintf(w->err, w->errlen, "%s: %s: %s", w->path, w->ptr, msg);
	up(w, old);
}

/* s in Go's quotes, cut to 64 bytes, for a message; "" without memory. */
static void
quoted(const char *s, char *buf, size_t len)
{
	size_t n = strlen(s);
	char *q = cbs_go_quote(s, n > 64 ? 64 : n);

	snprintf(buf, len, "%s%s", q != NULL ? q : "\"\"",
	    n > 64 ? "..." : "");
	free(q);
}

/* ------------------------------------------------------ types */

static int
strings(const json_t *v)
{
	const json_t *e;
	size_t i;

	json_array_foreach(v, i, e) {
		if (!json_is_string(e))
			return 0;
	}
	return 1;
}

static int
has_type(const json_t *v, unsigned types)
{
	return ((types & T_OBJECT) && json_is_object(v)) ||
	    ((types & T_ARRAY) && json_is_array(v)) ||
	    ((types & T_STRING) && json_is_string(v)) ||
	    ((types & T_NUMBER) && json_is_number(v)) ||
	    ((types & T_COUNT) && json_is_integer(v) &&
	    json_integer_value(v) >= 0) ||
	    ((types & T_BOOL) && json_is_boolean(v)) ||
	    ((types & T_NULL) && json_is_null(v)) ||
	    ((types & T_STRINGS) && json_is_array(v) && strings(v));
}

/* "a string or null", from the bits of types. */
static void
want_text(unsigned types, char *buf, size_t len)
{
	size_t i, o = 0, k = 0, n = 0;

	for (i = 0; i < NELEM(type_names); i++)
		n += (types >> i) & 1;
	buf[0] = '\0';
	for (i = 0; i < NELEM(type_names) && o < len; i++) {
		if (!((types >> i) & 1))
			continue;
		o += (size_t)snprintf(buf + o, len - o, "%s%s",
		    k == 0 ? "" : k + 1 == n ? " or " : ", ", type_names[i]);
		k++;
	}
}

static const char *
type_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return json_integer_value(v) < 0 ? "a negative integer" :
		    "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		break;
	}
	return "null";
}

/* v, named token below the walk, if it has one of types, else NULL. */
static const json_t *
typed(struct walk *w, const json_t *v, const char *token, unsigned types)
{
	char want[160];

	if (v == NULL && (types & T_OPTIONAL))
		return NULL;
	if (v != NULL && has_type(v, types))
		return v;
	want_text(types, want, sizeof(want));
	if (v == NULL)
		fail(w, token, "missing (want %s)", want);
	else
		fail(w, token, "%s (want %s)", type_of(v), want);
	return NULL;
}

static const json_t *
get(struct walk *w, const json_t *obj, const char *key, unsigned types)
{
	return typed(w, json_object_get(obj, key), key, types);
}

static const json_t *
at(struct walk *w, const json_t *arr, size_t i, unsigned types)
{
	char t[32];

	snprintf(t, sizeof(t), "%zu", i);
	return typed(w, json_array_get(arr, i), t, types);
}

static void
members(struct walk *w, const json_t *obj, const struct member *m,
    size_t n)
{
	size_t i;

	for (i = 0; i < n && w->rc == 0; i++)
		(void)get(w, obj, m[i].key, m[i].types);
}

/* An array member of exactly n elements. */
static const json_t *
sized(struct walk *w, const json_t *obj, const char *key, size_t n,
    const char *what)
{
	const json_t *a = json_object_get(obj, key);

	if (json_is_array(a) && json_array_size(a) != n)
		fail(w, key, "%zu element%s for %zu %s", json_array_size(a),
		    json_array_size(a) == 1 ? "" : "s", n, what);
	return a;
}

/* A string member, one of want[0..n) (the rest of the message). */
static void
one_of(struct walk *w, const json_t *obj, const char *key,
    const char *const *want, size_t n, const char *wanted)
{
	const char *s = json_string_value(json_object_get(obj, key));
	char q[96];
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < n; i++)
		if (strcmp(s, want[i]) == 0)
			return;
	quoted(s, q, sizeof(q));
	fail(w, key, "%s (want %s)", q, wanted);
}

/* ------------------------------------------------------ verdicts */

/* The gate's figures of a comparison, geomean or run-wide shift. */
static void
figures(struct walk *w, const json_t *g)
{
	size_t old, i;

	if (!json_is_object(g))
		return;
	old = down(w, "gate");
	members(w, g, figures_members, NELEM(figures_members));
	(void)sized(w, g, "interval_percent", 2, "ends");
	if (w->rc == 0) {
		size_t o2 = down(w, "interval_percent");

		for (i = 0; i < 2 && w->rc == 0; i++)
			(void)at(w, json_object_get(g, "interval_percent"), i,
			    NUM_OR_NULL);
		up(w, o2);
	}
	up(w, old);
}

/*
 * The verdict of obj, its spelling checked against the schema's and,
 * in schema 2, its "gate" figures checked and its count taken.
 * @return its index in verdicts[], or -1 for null.
 */
static int
verdict(struct walk *w, const json_t *obj)
{
	const char *s = json_string_value(json_object_get(obj, "verdict"));
	const char *const *set = verdicts[w->schema >= 2];
	const json_t *g = NULL;
	char q[96];
	int k;

	if (w->schema >= 2) {
		g = get(w, obj, "gate", T_OBJECT | T_NULL);
		figures(w, g);
	}
	if (s == NULL || w->rc != 0)
		return -1;
	for (k = 0; k < NVERDICTS && strcmp(s, set[k]) != 0; k++)
		continue;
	quoted(s, q, sizeof(q));
	if (k == NVERDICTS) {
		fail(w, "verdict", "%s is not a verdict of schema %d (want "
		    "\"%s\", \"%s\", \"%s\", \"%s\" or null)", q, w->schema,
		    set[0], set[1], set[2], set[3]);
		return -1;
	}
	if (w->schema < 2)
		return k;
	if (!w->gated)
		fail(w, "verdict", "%s, but /gate is null: a report written "
		    "without a threshold has no verdicts", q);
	else if (!json_is_object(g))
		fail(w, "gate", "null, but the verdict is %s (want the "
		    "gate's figures)", q);
	w->n[k]++;
	w->drifting += json_is_true(json_object_get(g, "drift"));
	return k;
}

/* ------------------------------------------------------ tables */

static void
comparison(struct walk *w, const json_t *cmp)
{
	const char *v;
	int k, reg;

	members(w, cmp, comparison_members, NELEM(comparison_members));
	if (w->rc != 0)
		return;
	k = verdict(w, cmp);
	reg = json_is_true(json_object_get(cmp, "regression"));
	if (w->rc == 0 && reg != (k == V_REGRESSION)) {
		v = json_string_value(json_object_get(cmp, "verdict"));
		fail(w, "regression", "%s, but the verdict is %s%s%s",
		    reg ? "true" : "false", v != NULL ? "\"" : "",
		    v != NULL ? v : "null", v != NULL ? "\"" : "");
	}
}

/* Cell j of a row: the base cell, or one compared with it when both
 * have a sample; a null cell has none. */
static void
cell(struct walk *w, const json_t *cells, size_t j)
{
	const json_t *c = at(w, cells, j, T_OBJECT | T_NULL);
	const json_t *base = json_array_get(cells, 0);
	size_t old;

	if (!json_is_object(c))
		return;
	old = down_index(w, j);
	members(w, c, cell_members, NELEM(cell_members));
	if (j > 0 && json_is_object(base)) {
		if (get(w, c, "comparison", T_OBJECT) != NULL) {
			size_t o2 = down(w, "comparison");

			comparison(w, json_object_get(c, "comparison"));
			up(w, o2);
		}
	} else if (json_object_get(c, "comparison") != NULL)
		fail(w, "comparison", j == 0 ? "in the base column" :
		    "without a base cell to compare with");
	up(w, old);
}

static void
rows(struct walk *w, const json_t *table, size_t ncols)
{
	const json_t *rs = json_object_get(table, "rows"), *row, *cells;
	size_t r, j, old, o2;

	old = down(w, "rows");
	for (r = 0; r < json_array_size(rs) && w->rc == 0; r++) {
		if ((row = at(w, rs, r, T_OBJECT)) == NULL)
			break;
		o2 = down_index(w, r);
		members(w, row, row_members, NELEM(row_members));
		cells = sized(w, row, "cells", ncols, "columns");
		if (w->rc == 0) {
			size_t o3 = down(w, "cells");

			for (j = 0; j < ncols && w->rc == 0; j++)
				cell(w, cells, j);
			up(w, o3);
		}
		up(w, o2);
	}
	up(w, old);
}

/*
 * geomean[j]: none for the base column; the gate judges one only with
 * -gate-geomean, and -check reads one only in a table of two rows or
 * more, as the other formats print it.
 */
static void
geomean(struct walk *w, const json_t *g, size_t j, size_t nrows,
    int gate_geomean)
{
	members(w, g, geomean_members, NELEM(geomean_members));
	if (w->rc != 0)
		return;
	if (j == 0) {
		if (!json_is_null(json_object_get(g, "verdict")))
			fail(w, "verdict", "a verdict of the base column");
		else if (!json_is_null(json_object_get(g, "delta")))
			fail(w, "delta", "a change of the base column");
		return;
	}
	(void)get(w, g, "delta", T_STRING);
	if (verdict(w, g) < 0 || w->schema < 2)
		return;
	if (nrows < 2)
		fail(w, "verdict", "a geomean verdict in a table of one row");
	else if (!gate_geomean)
		fail(w, "verdict", "a geomean verdict, but /gate_geomean is "
		    "false");
}

static void
geomeans(struct walk *w, const json_t *table, size_t ncols,
    int gate_geomean)
{
	const json_t *gs = sized(w, table, "geomean", ncols, "columns"), *g;
	size_t j, old, o2;

	old = down(w, "geomean");
	for (j = 0; j < ncols && w->rc == 0; j++) {
		if ((g = at(w, gs, j, T_OBJECT)) == NULL)
			break;
		o2 = down_index(w, j);
		geomean(w, g, j, json_array_size(json_object_get(table,
		    "rows")), gate_geomean);
		up(w, o2);
	}
	up(w, old);
}

static void
run_wide(struct walk *w, const json_t *table, size_t ncols)
{
	const json_t *rw, *e;
	size_t j, old, o2;

	if (json_object_get(table, "run_wide") == NULL)
		return;
	rw = sized(w, table, "run_wide", ncols, "columns");
	old = down(w, "run_wide");
	for (j = 0; j < ncols && w->rc == 0; j++) {
		e = at(w, rw, j, j == 0 ? T_NULL : T_OBJECT | T_NULL);
		if (!json_is_object(e))
			continue;
		o2 = down_index(w, j);
		members(w, e, run_wide_members, NELEM(run_wide_members));
		if (w->rc == 0)
			(void)verdict(w, e);
		up(w, o2);
	}
	up(w, old);
}

static void
columns(struct walk *w, const json_t *table)
{
	const json_t *cols = json_object_get(table, "columns"), *col;
	size_t j, old, o2;

	if (json_array_size(cols) == 0) {
		fail(w, "columns", "empty (want a column for each input)");
		return;
	}
	old = down(w, "columns");
	for (j = 0; j < json_array_size(cols) && w->rc == 0; j++) {
		if ((col = at(w, cols, j, T_OBJECT)) == NULL)
			break;
		o2 = down_index(w, j);
		members(w, col, column_members, NELEM(column_members));
		up(w, o2);
	}
	up(w, old);
}

static void
config(struct walk *w, const json_t *table)
{
	json_t *cfg = json_object_get(table, "config");
	const char *key;
	json_t *v;
	size_t old = down(w, "config");

	json_object_foreach(cfg, key, v) {
		if (w->rc != 0)
			break;
		(void)typed(w, v, key, T_STRING);
	}
	up(w, old);
}

static void
table(struct walk *w, const json_t *t, int gate_geomean)
{
	static const char *const better[] = { "lower", "higher" };
	static const char *const assume[] = { "nothing", "exact" };
	size_t ncols;

	members(w, t, table_members, NELEM(table_members));
	if (w->rc != 0)
		return;
	config(w, t);
	one_of(w, t, "better", better, NELEM(better),
	    "\"lower\", \"higher\" or null");
	one_of(w, t, "assume", assume, NELEM(assume),
	    "\"nothing\" or \"exact\"");
	columns(w, t);
	ncols = json_array_size(json_object_get(t, "columns"));
	if (w->rc == 0)
		rows(w, t, ncols);
	if (w->rc == 0)
		geomeans(w, t, ncols, gate_geomean);
	if (w->rc == 0)
		run_wide(w, t, ncols);
}

static void
tables(struct walk *w, const json_t *doc)
{
	const json_t *ts = json_object_get(doc, "tables"), *t;
	int gg = json_is_true(json_object_get(doc, "gate_geomean"));
	size_t i, old, o2;

	old = down(w, "tables");
	for (i = 0; i < json_array_size(ts) && w->rc == 0; i++) {
		if ((t = at(w, ts, i, T_OBJECT)) == NULL)
			break;
		o2 = down_index(w, i);
		table(w, t, gg);
		up(w, o2);
	}
	up(w, old);
}

/* ------------------------------------------------------ the gate */

/* The object whose verdict a regressions[] or inconclusive[] entry
 * names, or NULL after a problem. */
static const json_t *
entry_target(struct walk *w, const json_t *doc, const json_t *e)
{
	const json_t *t, *row;
	const char *b = json_string_value(json_object_get(e, "benchmark"));
	json_int_t ti = json_integer_value(json_object_get(e, "table"));
	json_int_t col = json_integer_value(json_object_get(e, "column"));
	const json_t *r = json_object_get(e, "row");

	t = json_array_get(json_object_get(doc, "tables"), (size_t)ti);
	if (t == NULL) {
		fail(w, "table", "%lld, but the report has %zu tables",
		    (long long)ti,
		    json_array_size(json_object_get(doc, "tables")));
		return NULL;
	}
	if (col < 1 || (size_t)col >=
	    json_array_size(json_object_get(t, "columns"))) {
		fail(w, "column", "%lld: not a compared column of table %lld",
		    (long long)col, (long long)ti);
		return NULL;
	}
	if (json_is_null(r) && strcmp(b, "geomean") == 0)
		return json_array_get(json_object_get(t, "geomean"),
		    (size_t)col);
	if (json_is_null(r) && strcmp(b, CBS_RUN_WIDE) == 0)
		return json_array_get(json_object_get(t, "run_wide"),
		    (size_t)col);
	row = json_array_get(json_object_get(t, "rows"),
	    (size_t)json_integer_value(r));
	if (json_is_null(r) || row == NULL ||
	    strcmp(b, json_string_value(json_object_get(row, "name"))) != 0) {
		fail(w, json_is_null(r) ? "benchmark" : "row", "not a "
		    "benchmark, geomean or run-wide shift of table %lld",
		    (long long)ti);
		return NULL;
	}
	return json_object_get(json_array_get(json_object_get(row, "cells"),
	    (size_t)col), "comparison");
}

/* regressions[] or inconclusive[]: each cell of verdict k once. */
static void
entries(struct walk *w, const json_t *doc, const char *key, int k)
{
	const json_t *list = json_object_get(doc, key), *e, *target;
	const char *want = verdicts[1][k];
	struct cbs_pmap seen;
	size_t i, old, o2;
	const char *v;

	if (json_array_size(list) != w->n[k]) {
		fail(w, key, "%zu entries, but the tables hold %zu \"%s\" "
		    "verdicts", json_array_size(list), w->n[k], want);
		return;
	}
	cbs_pmap_init(&seen);
	old = down(w, key);
	for (i = 0; i < json_array_size(list) && w->rc == 0; i++) {
		if ((e = at(w, list, i, T_OBJECT)) == NULL)
			break;
		o2 = down_index(w, i);
		members(w, e, entry_members, NELEM(entry_members));
		target = w->rc == 0 ? entry_target(w, doc, e) : NULL;
		if (w->rc == 0 && target == NULL)
			fail(w, NULL, "names no cell of the tables");
		else if (w->rc == 0) {
			v = json_string_value(json_object_get(target,
			    "verdict"));
			if (v == NULL || strcmp(v, want) != 0)
				fail(w, NULL, "names a cell whose verdict is "
				    "not \"%s\"", want);
			else if (cbs_pmap_get(&seen, target, NULL) != NULL)
				fail(w, NULL, "names a cell listed before");
			else if (cbs_pmap_put(&seen, target, NULL, w) != 0)
				w->rc = CBS_ENOMEM;
		}
		up(w, o2);
	}
	up(w, old);
	cbs_pmap_free(&seen);
}

/* The leak counts against the "leaks" entries (issue 23): a new leak
 * is a compared column's whose base does not leak. */
static void
leak_counts(struct walk *w, const json_t *doc, const json_t *g)
{
	const json_t *a = json_object_get(doc, "leaks"), *e;
	size_t i, fresh = 0;

	json_array_foreach(a, i, e) {
		fresh += json_is_false(json_object_get(e, "also_in_base"));
	}
	if (json_integer_value(json_object_get(g, "leaking")) !=
	    (json_int_t)json_array_size(a))
		fail(w, "leaking", "%lld, but \"leaks\" holds %zu",
		    (long long)json_integer_value(json_object_get(g,
		    "leaking")), json_array_size(a));
	else if (json_integer_value(json_object_get(g, "new_leaks")) !=
	    (json_int_t)fresh)
		fail(w, "new_leaks", "%lld, but \"leaks\" holds %zu not "
		    "also in base", (long long)json_integer_value(
		    json_object_get(g, "new_leaks")), fresh);
}

/* The gate's summary against the verdicts the tables hold. */
static void
summary(struct walk *w, const json_t *doc)
{
	const json_t *g = json_object_get(doc, "gate");
	json_int_t v;
	size_t k, old = down(w, "gate");
	int fails, strict = json_is_true(json_object_get(g, "strict"));

	for (k = 0; k < NVERDICTS && w->rc == 0; k++) {
		v = json_integer_value(json_object_get(g, count_keys[k]));
		if ((size_t)v != w->n[k])
			fail(w, count_keys[k], "%lld, but the tables hold %zu "
			    "\"%s\" verdicts", (long long)v, w->n[k],
			    verdicts[1][k]);
	}
	v = json_integer_value(json_object_get(g, "drifting"));
	if ((size_t)v != w->drifting)
		fail(w, "drifting", "%lld, but the tables hold %zu verdicts "
		    "with drifting runs", (long long)v, w->drifting);
	leak_counts(w, doc, g);
	fails = w->n[V_REGRESSION] > 0 ||
	    (strict && w->n[V_INCONCLUSIVE] > 0) ||
	    (json_is_true(json_object_get(g, "gate_leaks")) &&
	    json_integer_value(json_object_get(g, "new_leaks")) > 0);
	if (json_is_true(json_object_get(g, "fails")) != fails)
		fail(w, "fails", "%s, but the gate %s with %zu regressions "
		    "and %zu inconclusive (strict: %s)",
		    fails ? "false" : "true", fails ? "fails" : "passes",
		    w->n[V_REGRESSION], w->n[V_INCONCLUSIVE],
		    strict ? "true" : "false");
	up(w, old);
}

/* ------------------------------------------------------ document */

int
cbs_check_json_valid(const struct json_t *doc, int schema,
    const char *path, char *err, size_t errlen)
{
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.path = path;
	w.err = err;
	w.errlen = errlen;
	w.schema = schema;
	members(&w, doc, top_members, NELEM(top_members));
	if (schema >= 2)
		members(&w, doc, top2_members, NELEM(top2_members));
	if (w.rc == 0 && schema >= 2 &&
	    json_is_object(json_object_get(doc, "gate"))) {
		w.gated = 1;
		(void)down(&w, "gate");
		members(&w, json_object_get(doc, "gate"), gate_members,
		    NELEM(gate_members));
		up(&w, 0);
	}
	if (w.rc == 0)
		tables(&w, doc);
	if (w.rc == 0 && w.gated)
		summary(&w, doc);
	if (w.rc == 0 && w.gated)
		entries(&w, doc, "regressions", V_REGRESSION);
	if (w.rc == 0 && w.gated)
		entries(&w, doc, "inconclusive", V_INCONCLUSIVE);
	return w.rc;
}
