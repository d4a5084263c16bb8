/*
 * fmt_json.c: one JSON document per run (-format json), schema 2, for
 * programs: CI gates, dashboards, bots.
 *
 * The document carries both the numbers in full (shortest round-trip
 * form) and the texts the text format prints ("-17.54%", "~", "1%"), so
 * a consumer can compute with the former and quote the latter.  Verdicts
 * come from the gate (gate.c), the one definition of a regression.
 *
 * The layout is fixed: two-space indentation, one member or element per
 * line, members in a stable order, "[]" and "{}" for empty containers
 * (the layout of Python's json.dumps(indent=2)), so that diffs of two
 * reports are readable.  JSON has no NaN or infinity: such numbers are
 * written as null.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "gate/gate.h"
#include "report/report.h"
#include "table/table.h"

struct jw {
	FILE *out;
	int depth;
	int first;		/* nothing written yet in this container */
	int oom;		/* a text could not be had whole */
};

/* Start a member or element: comma after a previous one, new line. */
static void
jw_next(struct jw *w)
{
	int i;

	if (!w->first)
		putc(',', w->out);
	putc('\n', w->out);
	for (i = 0; i < w->depth; i++)
		fputs("  ", w->out);
	w->first = 0;
}

static void
jw_open(struct jw *w, int c)
{
	putc(c, w->out);
	w->depth++;
	w->first = 1;
}

static void
jw_close(struct jw *w, int c)
{
	int i;

	w->depth--;
	if (!w->first) {
		putc('\n', w->out);
		for (i = 0; i < w->depth; i++)
			fputs("  ", w->out);
	}
	putc(c, w->out);
	w->first = 0;
}

/*
 * A string: quote, backslash and control characters escaped, valid UTF-8
 * passed through and each invalid byte replaced by U+FFFD, so that the
 * document stays valid whatever a label holds.  The history's JSON
 * (history.c) writes its strings here too.
 */
void
cbs_json_string(FILE *out, const char *s)
{
	/* The characters with a short escape, and the letter after '\\'. */
	static const char short_from[] = "\"\\\b\f\n\r\t";
	static const char short_to[] = "\"\\bfnrt";
	size_t len = strlen(s), i = 0;
	const char *e;
	unsigned char c;

	putc('"', out);
	while (i < len) {
		c = (unsigned char)s[i];
		if (c >= 0x80) {
			i += cbs_utf8_put(out, s + i, len - i, 0);
			continue;
		}
		i++;
		if (c != '\0' && (e = strchr(short_from, c)) != NULL) {
			putc('\\', out);
			putc(short_to[e - short_from], out);
		} else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			putc(c, out);
	}
	putc('"', out);
}

static void
jw_str(struct jw *w, const char *s)
{
	cbs_json_string(w->out, s);
}

static void
jw_key(struct jw *w, const char *key)
{
	jw_next(w);
	jw_str(w, key);
	fputs(": ", w->out);
}

static void
jw_null(struct jw *w)
{
	fputs("null", w->out);
}

/* Go's %v is valid JSON for every finite number, "-0" included. */
static void
jw_num(struct jw *w, double v)
{
	char buf[64];

	if (!isfinite(v))
		jw_null(w);
	else
		fputs(cbs_fmt_go_float(v, buf, sizeof(buf)), w->out);
}

static void
jw_size(struct jw *w, size_t v)
{
	fprintf(w->out, "%zu", v);
}

static void
jw_bool(struct jw *w, int v)
{
	fputs(v ? "true" : "false", w->out);
}

static void
key_str(struct jw *w, const char *key, const char *v)
{
	jw_key(w, key);
	if (v == NULL)
		jw_null(w);
	else
		jw_str(w, v);
}

static void
key_num(struct jw *w, const char *key, double v)
{
	jw_key(w, key);
	jw_num(w, v);
}

/* An interval as a two-number array: [lo, hi]. */
static void
key_interval(struct jw *w, const char *key, double lo, double hi)
{
	jw_key(w, key);
	jw_open(w, '[');
	jw_next(w);
	jw_num(w, lo);
	jw_next(w);
	jw_num(w, hi);
	jw_close(w, ']');
}

static void
key_size(struct jw *w, const char *key, size_t v)
{
	jw_key(w, key);
	jw_size(w, v);
}

static void
key_strings(struct jw *w, const char *key, const char **v, size_t n)
{
	size_t i;

	jw_key(w, key);
	jw_open(w, '[');
	for (i = 0; i < n; i++) {
		jw_next(w);
		jw_str(w, v[i]);
	}
	jw_close(w, ']');
}

/* ------------------------------------------------------ values */

static const char *
verdict_name(const struct cbs_gate_cell *gc)
{
	switch (gc == NULL ? CBS_VERDICT_NONE : gc->verdict) {
	case CBS_VERDICT_UNCHANGED:
		return "unchanged";
	case CBS_VERDICT_INCONCLUSIVE:
		return "inconclusive";
	case CBS_VERDICT_IMPROVEMENT:
		return "improvement";
	case CBS_VERDICT_REGRESSION:
		return "regression";
	case CBS_VERDICT_NONE:
	case CBS_VERDICT_NOISE:
	case CBS_VERDICT_WITHIN:
		break;
	}
	return NULL;
}

/* The gate's figures for a cell (schema 2), or null without a gate. */
static void
gate_object(struct jw *w, const struct cbs_gate_cell *gc)
{
	jw_key(w, "gate");
	if (gc == NULL) {
		jw_null(w);
		return;
	}
	jw_open(w, '{');
	key_num(w, "estimate_percent", gc->estimate);
	key_interval(w, "interval_percent", gc->lo, gc->hi);
	key_num(w, "interval_confidence", gc->confidence);
	key_num(w, "noise_percent", gc->noise);
	key_num(w, "p", gc->p);
	key_num(w, "level", gc->level);
	key_num(w, "run_shift_percent", gc->run_shift);
	if (gc->runs_needed > 0)
		key_size(w, "runs_needed", gc->runs_needed);
	else
		key_num(w, "runs_needed", NAN);
	if (gc->run_doubt) {
		jw_key(w, "doubt");
		jw_str(w, "run_shift");
	}
	jw_key(w, "drift");
	jw_bool(w, gc->drift);
	jw_close(w, '}');
}

/*
 * The change in percent as a number: 0 for equal centres (the text says
 * "0.00%"), NaN (written null) from a zero baseline (the text says "?").
 */
static double
delta_percent(double old_center, double new_center)
{
	if (!(old_center < new_center || old_center > new_center))
		return isnan(old_center) || isnan(new_center) ? NAN : 0;
	if (!(old_center < 0 || old_center > 0))
		return NAN;
	return (new_center / old_center - 1) * 100;
}

/*
 * The names an object has written, as JSON shows them: a name that is
 * not UTF-8 is shown with U+FFFD for each bad byte (cbs_utf8_put), so
 * two names that differ only in their bad bytes would show alike and
 * one would hide the other (a strict parser refuses the object).  Such
 * a repeat is shown with " (2)", " (3)", ... until it is new.
 */
struct shown_slot {
	char *name;		/* NULL: empty */
	uint64_t hash;
};

static uint64_t
shown_rehash(const void *ctx, const void *slot)
{
	(void)ctx;
	return ((const struct shown_slot *)slot)->hash;
}

/* Take name into the set.  @return 0 (taken, now the set's), 1 (there
 * already, still the caller's) or CBS_ENOMEM. */
static int
shown_take(struct cbs_htab *set, char *name)
{
	struct shown_slot *slots = set->slots, s;
	uint64_t h = cbs_hash_bytes(name, strlen(name));
	size_t i;

	for (i = cbs_htab_first(set, h); i != CBS_HTAB_NONE &&
	    slots[i].name != NULL; i = cbs_htab_next(set, i))
		if (slots[i].hash == h && strcmp(slots[i].name, name) == 0)
			return 1;
	s.name = name;
	s.hash = h;
	return cbs_htab_put(set, i, h, &s, sizeof(s), shown_rehash, NULL);
}

static void
shown_free(struct cbs_htab *set)
{
	struct shown_slot *slots = set->slots;
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(slots[i].name);
	cbs_htab_free(set);
}

/* name as JSON shows it (U+FFFD for bad bytes), malloc'd, or NULL. */
static char *
shown_name(const char *name)
{
	char *s = NULL;
	size_t len = 0;
	FILE *m;
	size_t i, n = strlen(name);

	if ((m = open_memstream(&s, &len)) == NULL)
		return NULL;
	for (i = 0; i < n; )
		if ((unsigned char)name[i] < 0x80)
			putc(name[i++], m);
		else
			i += cbs_utf8_put(m, name + i, n - i, 0);
	if (fclose(m) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

/* The member name for name in an object whose shown names are set. */
static void
unique_key(struct jw *w, struct cbs_htab *set, const char *name)
{
	char *shown = shown_name(name), *cand;
	size_t k = 1;
	int rc;

	if (shown == NULL || (cand = strdup(shown)) == NULL)
		goto oom;
	while ((rc = shown_take(set, cand)) == 1) {
		free(cand);
		/* " (" and ")" around at most 20 digits, and the NUL. */
		if ((cand = malloc(strlen(shown) + 24)) == NULL)
			goto oom;
		snprintf(cand, strlen(shown) + 24, "%s (%zu)", shown, ++k);
	}
	if (rc != 0) {
		free(cand);
		goto oom;
	}
	free(shown);
	jw_key(w, cand);
	return;
oom:
	free(shown);
	w->oom = 1;
	jw_key(w, name);
}

/*
 * An object of names[i]: values[i].  A projection naming a key twice
 * (".config,.config", as upstream allows) repeats names, with the same
 * value each time; JSON names should be unique, so only the first is
 * written.  Names are interned by the pipeline, so pointers identify
 * them; out of memory, the report fails (w->oom).
 */
static void
key_object(struct jw *w, const char *const *names,
    const char *const *values, size_t n)
{
	struct cbs_pmap seen;
	struct cbs_htab shown;
	size_t i;

	cbs_pmap_init(&seen);
	cbs_htab_init(&shown);
	jw_open(w, '{');
	for (i = 0; i < n; i++) {
		if (cbs_pmap_get(&seen, names[i], NULL) != NULL)
			continue;
		if (cbs_pmap_put(&seen, names[i], NULL, (void *)w) != 0)
			w->oom = 1;
		unique_key(w, &shown, names[i]);
		if (values[i] == NULL)
			jw_null(w);
		else
			jw_str(w, values[i]);
	}
	jw_close(w, '}');
	shown_free(&shown);
	cbs_pmap_free(&seen);
}

static void
config_object(struct jw *w, const struct cbs_table *t)
{
	const char **values;
	size_t k;

	if ((values = malloc((t->nkey ? t->nkey : 1) * sizeof(*values))) ==
	    NULL) {
		w->oom = 1;
		return;
	}
	for (k = 0; k < t->nkey; k++)
		values[k] = cbs_table_key_value(t, k);
	key_object(w, (const char *const *)t->key_names, values, t->nkey);
	free(values);
}

static void
columns(struct jw *w, const struct cbs_table *t)
{
	char *label;
	size_t j;

	jw_key(w, "columns");
	jw_open(w, '[');
	for (j = 0; j < t->ncols; j++) {
		jw_next(w);
		jw_open(w, '{');
		/* Whole (table.c), or the report fails: never cut short. */
		if ((label = cbs_table_col_label_dup(t, j)) == NULL)
			w->oom = 1;
		key_str(w, "label", label != NULL ? label : "");
		free(label);
		jw_key(w, "key");
		key_object(w, t->col_field_names,
		    t->col_values + j * t->ncol_fields, t->ncol_fields);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void
comparison(struct jw *w, const struct cbs_table *t, size_t r, size_t j,
    const struct cbs_gate_cell *gc)
{
	const struct cbs_cell *c = &t->cells[r * t->ncols + j];
	double old = t->cells[r * t->ncols].summary.center;
	char buf[128];

	cbs_format_delta(&c->cmp, old, c->summary.center, buf, sizeof(buf));
	jw_key(w, "comparison");
	jw_open(w, '{');
	key_num(w, "delta_percent", strcmp(buf, "?") == 0 ? NAN :
	    delta_percent(old, c->summary.center));
	key_str(w, "delta", buf);
	/* assume=exact runs no test: no p-value and no level. */
	key_num(w, "p", t->assume_exact ? NAN : c->cmp.p);
	key_size(w, "n1", c->cmp.n1);
	key_size(w, "n2", c->cmp.n2);
	key_num(w, "alpha", t->assume_exact ? NAN : c->cmp.alpha);
	jw_key(w, "significant");
	jw_bool(w, !(c->cmp.p > c->cmp.alpha));
	key_str(w, "verdict", verdict_name(gc));
	jw_key(w, "regression");
	jw_bool(w, gc != NULL && gc->verdict == CBS_VERDICT_REGRESSION);
	gate_object(w, gc);
	key_strings(w, "warnings", c->cmp_warnings, c->ncmp_warnings);
	jw_close(w, '}');
}

static void
rows(struct jw *w, const struct cbs_table *t, const struct cbs_gate *g,
    size_t ti)
{
	const struct cbs_cell *c;
	char buf[128];
	size_t k, r, j;

	jw_key(w, "rows");
	jw_open(w, '[');
	for (k = 0; k < t->nrows; k++) {
		r = cbs_table_row(t, k);
		jw_next(w);
		jw_open(w, '{');
		key_str(w, "name", t->row_labels[r]);
		jw_key(w, "cells");
		jw_open(w, '[');
		for (j = 0; j < t->ncols; j++) {
			c = &t->cells[r * t->ncols + j];
			jw_next(w);
			if (!c->present) {
				jw_null(w);
				continue;
			}
			jw_open(w, '{');
			key_num(w, "center", c->summary.center);
			key_num(w, "lo", c->summary.lo);
			key_num(w, "hi", c->summary.hi);
			key_num(w, "confidence", c->summary.confidence);
			key_size(w, "n", c->n);
			key_str(w, "range", cbs_format_range(&c->summary, buf,
			    sizeof(buf)));
			key_strings(w, "warnings", c->warnings, c->nwarnings);
			if (j > 0 && c->has_baseline)
				comparison(w, t, r, j,
				    cbs_gate_cell_at(g, ti, r, j));
			jw_close(w, '}');
		}
		jw_close(w, ']');
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void
geomeans(struct jw *w, const struct cbs_table *t, const struct cbs_gate *g,
    size_t ti)
{
	const struct cbs_col_summary *s;
	char buf[128];
	size_t j;

	jw_key(w, "geomean");
	jw_open(w, '[');
	for (j = 0; j < t->ncols; j++) {
		s = &t->summary[j];
		jw_next(w);
		jw_open(w, '{');
		key_num(w, "center", s->has_summary ? s->summary : NAN);
		key_num(w, "ratio", j > 0 && s->has_ratio ? s->ratio : NAN);
		key_str(w, "delta", j == 0 ? NULL : s->has_ratio ?
		    cbs_format_ratio(s->ratio, buf, sizeof(buf)) : "?");
		key_str(w, "verdict", verdict_name(cbs_gate_geomean_at(g, ti,
		    j)));
		if (j > 0)
			gate_object(w, cbs_gate_geomean_at(g, ti, j));
		key_strings(w, "warnings", s->warnings, s->nwarnings);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* The run-wide shift of each column (null: none, or the first). */
static void
run_wide(struct jw *w, const struct cbs_table *t, const struct cbs_gate *g,
    size_t ti)
{
	const struct cbs_gate_cell *gc;
	size_t j;

	jw_key(w, "run_wide");
	jw_open(w, '[');
	for (j = 0; j < t->ncols; j++) {
		jw_next(w);
		if ((gc = j > 0 ? cbs_gate_run_at(g, ti, j) : NULL) == NULL) {
			jw_null(w);
			continue;
		}
		jw_open(w, '{');
		key_size(w, "cells", gc->cells);
		jw_key(w, "applied");
		jw_bool(w, gc->applied);
		key_str(w, "verdict", verdict_name(gc));
		gate_object(w, gc);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void
table(struct jw *w, const struct cbs_table *t, const struct cbs_gate *g,
    size_t ti)
{
	jw_open(w, '{');
	jw_key(w, "config");
	config_object(w, t);
	key_str(w, "unit", t->unit);
	key_str(w, "better", t->better == CBS_BETTER_HIGHER ? "higher" :
	    t->better == CBS_BETTER_LOWER ? "lower" : NULL);
	key_str(w, "assume", t->assume_exact ? "exact" : "nothing");
	columns(w, t);
	rows(w, t, g, ti);
	geomeans(w, t, g, ti);
	if (g != NULL)
		run_wide(w, t, g, ti);
	jw_close(w, '}');
}

/* ------------------------------------------------------ gate list */

static void
regression(struct jw *w, size_t ti, const struct cbs_table *t, size_t r,
    size_t j, const struct cbs_gate_cell *gc)
{
	const struct cbs_cell *c = &t->cells[r * t->ncols + j];
	double old = t->cells[r * t->ncols].summary.center;
	char buf[128];

	cbs_format_delta(&c->cmp, old, c->summary.center, buf, sizeof(buf));
	jw_next(w);
	jw_open(w, '{');
	key_size(w, "table", ti);
	/* The index into "rows", which -sort may have reordered. */
	key_size(w, "row", t->rank != NULL ? t->rank[r] : r);
	key_size(w, "column", j);
	key_str(w, "benchmark", t->row_labels[r]);
	key_str(w, "unit", t->unit);
	jw_key(w, "config");
	config_object(w, t);
	key_num(w, "base", old);
	key_num(w, "new", c->summary.center);
	key_str(w, "delta", buf);
	key_num(w, "delta_percent", strcmp(buf, "?") == 0 ? NAN :
	    delta_percent(old, c->summary.center));
	key_num(w, "p", t->assume_exact ? NAN : c->cmp.p);
	gate_object(w, gc);
	jw_close(w, '}');
}

/* The members an entry of a row-less cell (geomean, run-wide) starts
 * with, its object opened. */
static void
rowless_entry(struct jw *w, size_t ti, const struct cbs_table *t, size_t j,
    const char *benchmark)
{
	jw_next(w);
	jw_open(w, '{');
	key_size(w, "table", ti);
	jw_key(w, "row");
	jw_null(w);
	key_size(w, "column", j);
	key_str(w, "benchmark", benchmark);
	key_str(w, "unit", t->unit);
	jw_key(w, "config");
	config_object(w, t);
}

static void
geomean_regression(struct jw *w, size_t ti, const struct cbs_table *t,
    size_t j, const struct cbs_gate_cell *gc)
{
	const struct cbs_col_summary *s = &t->summary[j];
	char buf[128];

	rowless_entry(w, ti, t, j, "geomean");
	key_num(w, "base", t->summary[0].has_summary ? t->summary[0].summary :
	    NAN);
	key_num(w, "new", s->has_summary ? s->summary : NAN);
	key_str(w, "delta", cbs_format_ratio(s->ratio, buf, sizeof(buf)));
	key_num(w, "delta_percent", (s->ratio - 1) * 100);
	jw_key(w, "p");
	jw_null(w);
	gate_object(w, gc);
	jw_close(w, '}');
}

static void
run_regression(struct jw *w, size_t ti, const struct cbs_table *t,
    size_t j, const struct cbs_gate_cell *gc)
{
	rowless_entry(w, ti, t, j, CBS_RUN_WIDE);
	key_num(w, "base", NAN);
	key_num(w, "new", NAN);
	key_str(w, "delta", NULL);
	key_num(w, "delta_percent", NAN);
	key_num(w, "p", NAN);
	gate_object(w, gc);
	jw_close(w, '}');
}

static int
has_verdict(const struct cbs_gate_cell *gc, enum cbs_verdict v)
{
	return gc != NULL && gc->verdict == v;
}

/* Every cell with verdict v, table by table, row-major, then geomeans
 * and run-wide shifts. */
static void
cells_with(struct jw *w, const struct cbs_tables *ts,
    const struct cbs_gate *g, const char *key, enum cbs_verdict v)
{
	const struct cbs_table *t;
	size_t i, r, j;

	jw_key(w, key);
	jw_open(w, '[');
	for (i = 0; i < ts->ntables; i++) {
		t = &ts->tables[i];
		for (r = 0; r < t->nrows; r++)
			for (j = 1; j < t->ncols; j++)
				if (has_verdict(cbs_gate_cell_at(g, i, r, j),
				    v))
					regression(w, i, t, r, j,
					    cbs_gate_cell_at(g, i, r, j));
		for (j = 1; j < t->ncols; j++)
			if (has_verdict(cbs_gate_geomean_at(g, i, j), v))
				geomean_regression(w, i, t, j,
				    cbs_gate_geomean_at(g, i, j));
		for (j = 1; j < t->ncols; j++)
			if (has_verdict(cbs_gate_run_at(g, i, j), v))
				run_regression(w, i, t, j,
				    cbs_gate_run_at(g, i, j));
	}
	jw_close(w, ']');
}

/* The gate's settings and verdict counts, or null without a gate. */
static void
gate_summary(struct jw *w, const struct cbs_gate *g)
{
	const struct cbs_gate_opts *o;
	struct cbs_gate_counts n;

	jw_key(w, "gate");
	if (g == NULL) {
		jw_null(w);
		return;
	}
	o = cbs_gate_options(g);
	cbs_gate_count(g, &n);
	jw_open(w, '{');
	key_num(w, "threshold", o->threshold);
	key_num(w, "alpha", o->alpha);
	jw_key(w, "strict");
	jw_bool(w, o->strict);
	jw_key(w, "gate_leaks");
	jw_bool(w, o->gate_leaks);
	jw_key(w, "fails");
	jw_bool(w, n.regression > 0 || (o->strict && n.inconclusive > 0) ||
	    (o->gate_leaks && n.new_leaks > 0));
	key_size(w, "regressions", n.regression);
	key_size(w, "improvements", n.improvement);
	key_size(w, "inconclusive", n.inconclusive);
	key_size(w, "unchanged", n.unchanged);
	key_size(w, "drifting", n.drift);
	key_size(w, "leaking", n.leaks);
	key_size(w, "new_leaks", n.new_leaks);
	jw_close(w, '}');
}

/* One leaking memory cell (issue 23): the base column's has no
 * also_in_base (null). */
static void
leak_entry(struct jw *w, const struct cbs_table *t, const struct cbs_leak *l)
{
	jw_next(w);
	jw_open(w, '{');
	key_size(w, "table", l->table);
	key_size(w, "row", t->rank != NULL ? t->rank[l->row] : l->row);
	key_size(w, "column", l->col);
	key_str(w, "benchmark", t->row_labels[l->row]);
	key_str(w, "unit", t->unit);
	jw_key(w, "config");
	config_object(w, t);
	key_num(w, "growth_per_run", l->growth);
	key_interval(w, "interval", l->lo, l->hi);
	key_num(w, "p", l->p);
	key_num(w, "level", l->level);
	key_size(w, "runs", l->runs);
	jw_key(w, "also_in_base");
	if (l->col > 0)
		jw_bool(w, l->also_in_base);
	else
		jw_null(w);
	jw_close(w, '}');
}

/* The leaking memory cells, with a gate only. */
static void
leaks(struct jw *w, const struct cbs_tables *ts, const struct cbs_gate *g)
{
	const struct cbs_leak *l;
	size_t k, n;

	if (g == NULL)
		return;
	l = cbs_gate_leaks(g, &n);
	jw_key(w, "leaks");
	jw_open(w, '[');
	for (k = 0; k < n; k++)
		if (l[k].leaks)
			leak_entry(w, &ts->tables[l[k].table], &l[k]);
	jw_close(w, ']');
}

static void
diagnostics(struct jw *w, const struct cbs_report_opts *o)
{
	size_t i;

	jw_key(w, "diagnostics");
	jw_open(w, '[');
	for (i = 0; i < o->ndiags; i++) {
		jw_next(w);
		jw_open(w, '{');
		key_str(w, "file", o->diags[i].file);
		key_size(w, "line", o->diags[i].line);
		key_str(w, "message", o->diags[i].msg);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static int
format_json_in_c_locale(const struct cbs_tables *ts,
    const struct cbs_report_opts *o, FILE *out)
{
	struct jw w;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.out = out;
	jw_open(&w, '{');
	key_size(&w, "schema", 2);
	key_str(&w, "tool", "cbenchstat");
	key_str(&w, "version", CBS_VERSION);
	key_num(&w, "alpha", o->alpha);
	key_num(&w, "confidence", o->confidence);
	key_num(&w, "threshold", o->has_threshold ? o->threshold : NAN);
	jw_key(&w, "gate_geomean");
	jw_bool(&w, o->gate_geomean);
	gate_summary(&w, o->gate);
	jw_key(&w, "tables");
	jw_open(&w, '[');
	for (i = 0; i < ts->ntables; i++) {
		jw_next(&w);
		table(&w, &ts->tables[i], o->gate, i);
	}
	jw_close(&w, ']');
	cells_with(&w, ts, o->gate, "regressions", CBS_VERDICT_REGRESSION);
	cells_with(&w, ts, o->gate, "inconclusive", CBS_VERDICT_INCONCLUSIVE);
	leaks(&w, ts, o->gate);
	diagnostics(&w, o);
	jw_close(&w, '}');
	putc('\n', out);
	if (w.oom)
		return CBS_ENOMEM;
	return ferror(out) ? CBS_EIO : 0;
}

int
cbs_format_json(const struct cbs_tables *ts,
    const struct cbs_report_opts *o, FILE *out)
{
	return cbs_c_numeric_report(format_json_in_c_locale, ts, o, out);
}
