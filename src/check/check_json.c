/*
 * check_json.c: -check over cbenchstat's JSON report (-format json,
 * fmt_json.c; schema in the man page, section JSON).
 *
 * The document is parsed by jansson and checked whole: it must end with
 * the writer's final newline (a report cut short is never whole), have
 * the members read below with their types, and agree with itself
 * (check_json_valid.c).  Then each comparison and geomean is copied
 * into a struct cbs_check_cell and gated like the cells of the other
 * formats.  A schema 2 report written by the gate with -check's
 * settings gives its own verdicts (json_gate); otherwise the gate
 * recomputes every verdict from the exact centres, the "better"
 * direction and the significance, under -check's threshold.  A new
 * schema version adds a case in json_schema and in check_json_valid.c,
 * and fills the new members in the *_cell functions below.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "check/check.h"
#include "input/input_formats.h"

/* The schema versions this reader knows. */
#define SCHEMA_MIN 1
#define SCHEMA_MAX 2

/* A UTF-8 byte-order mark, which some editors and shells put first. */
#define BOM "\xef\xbb\xbf"

/*
 * Feeds jansson what was read already, then the rest of the stream.
 * Streamed on purpose, not read whole with cbs_read_all: the first line
 * is check_text.c's, already out of the stream, and jansson's callback
 * joins it to the rest without a copy of the report's text beside the
 * parsed document, while feed_note watches for the final newline.
 */
struct feed {
	size_t blanks;		/* blank lines before the first */
	const char *first;	/* the first line, without its end */
	size_t len;		/* its length */
	int ended;		/* it ended with a newline */
	size_t off;		/* bytes of first given so far */
	int first_done;
	FILE *fp;
	int ioerr;
	int eof;		/* the stream was read to its end */
	int newline;		/* a newline after the last non-blank byte */
};

/* Note whether the bytes so far end in blanks holding a newline. */
static void
feed_note(struct feed *f, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '\n')
			f->newline = 1;
		else if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			f->newline = 0;
}

static size_t
feed_first(struct feed *f, char *out, size_t len)
{
	size_t n = 0, rest;

	while (f->blanks > 0 && n < len) {
		out[n++] = '\n';
		f->blanks--;
	}
	if (!f->first_done && n < len) {
		rest = f->len - f->off;
		if (rest > len - n)
			rest = len - n;
		memcpy(out + n, f->first + f->off, rest);
		f->off += rest;
		n += rest;
		if (f->off == f->len && n < len) {
			if (f->ended)
				out[n++] = '\n';
			f->first_done = 1;
		}
	}
	return n;
}

static size_t
feed_cb(void *buf, size_t len, void *data)
{
	struct feed *f = data;
	size_t n;

	if ((n = feed_first(f, buf, len)) == 0) {
		n = fread(buf, 1, len, f->fp);
		if (n == 0 && ferror(f->fp)) {
			f->ioerr = 1;
			return (size_t)-1;
		}
		f->eof = n == 0;
	}
	feed_note(f, buf, n);
	return n;
}

int
cbs_check_json_start(const char *line)
{
	if (strncmp(line, BOM, strlen(BOM)) == 0)
		line += strlen(BOM);
	return line[strspn(line, " \t")] == '{';
}

/* ------------------------------------------------------ members */

static const char *
str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* A number, NaN for null or a missing member (JSON has no NaN). */
static double
num(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static size_t
count(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_integer(v) && json_integer_value(v) > 0 ?
	    (size_t)json_integer_value(v) : 0;
}

/* "0.000", as the text format prints a p-value; NULL without one. */
static const char *
p_text(struct cbs_check *c, double p)
{
	char buf[64];

	if (isnan(p))
		return NULL;
	cbs_fmt_go_fixed(p, 3, 0, buf, sizeof(buf));
	return cbs_check_strndup(c, buf, strlen(buf));
}

/* The table's "config" object is its whole configuration. */
static void
json_config(struct cbs_check *c, const json_t *table)
{
	const char *key;
	json_t *v;

	cbs_check_config_clear(c);
	json_object_foreach(json_object_get(table, "config"), key, v) {
		if (json_is_string(v))
			cbs_check_config_set(c, key, strlen(key),
			    json_string_value(v), json_string_length(v));
	}
}

static int
json_better(const json_t *table)
{
	const char *b = str(table, "better");

	if (b != NULL && strcmp(b, "higher") == 0)
		return CBS_BETTER_HIGHER;
	if (b != NULL && strcmp(b, "lower") == 0)
		return CBS_BETTER_LOWER;
	return CBS_BETTER_UNKNOWN;
}

/* ------------------------------------------------------ cells */

/* What every comparison of a table shares. */
static void
table_cell(struct cbs_check_cell *cell, const json_t *table,
    const json_t *columns, size_t j)
{
	cbs_check_cell_init(cell);
	cell->unit = str(table, "unit");
	if (cell->unit == NULL)
		cell->unit = "";
	cell->better = json_better(table);
	cell->column = str(json_array_get(columns, j), "label");
}

/* rows[].cells[j] against rows[].cells[0]. */
/* A copy of buf for the line, or NULL when v is unknown. */
static const char *
gate_text(struct cbs_check *c, double v, const char *buf)
{
	return isnan(v) ? NULL : cbs_check_strndup(c, buf, strlen(buf));
}

/* Schema 2: the gate's estimate, interval, noise and advice. */
static void
gate_figures(struct cbs_check *c, struct cbs_check_cell *cell,
    const json_t *g)
{
	const json_t *iv = json_object_get(g, "interval_percent");
	double lo = NAN, hi = NAN;
	char buf[160];
	const char *d;
	double v;

	if (!json_is_object(g))
		return;
	/* The formats the live gate's lines use (report/gate_lines.c). */
	v = num(g, "estimate_percent");
	snprintf(buf, sizeof(buf), "%+.2f%%", v);
	cell->estimate = gate_text(c, v, buf);
	if (json_is_number(json_array_get(iv, 0)) &&
	    json_is_number(json_array_get(iv, 1))) {
		lo = json_number_value(json_array_get(iv, 0));
		hi = json_number_value(json_array_get(iv, 1));
		snprintf(buf, sizeof(buf), "%+.2f%%..%+.2f%%", lo, hi);
		cell->interval = cbs_check_strndup(c, buf, strlen(buf));
	}
	v = num(g, "noise_percent");
	snprintf(buf, sizeof(buf), "%.2f%%", v);
	cell->noise = gate_text(c, v, buf);
	v = num(g, "runs_needed");
	snprintf(buf, sizeof(buf), "%.0f", v);
	cell->runs = gate_text(c, v, buf);
	/* No count, and why: the line's "runs_needed=- doubt=...". */
	if (cell->runs == NULL && (d = str(g, "doubt")) != NULL) {
		cell->runs = "-";
		cell->doubt = cbs_check_strndup(c, d, strlen(d));
	}
	v = num(g, "run_shift_percent");
	snprintf(buf, sizeof(buf), "%+.2f%%", v);
	cell->run_shift = gate_text(c, v, buf);
}

static void
comparison_cell(struct cbs_check *c, struct cbs_check_cell *cell,
    const json_t *base, const json_t *new)
{
	const json_t *cmp = json_object_get(new, "comparison");
	const json_t *sig = json_object_get(cmp, "significant");

	if (!json_is_object(base) || !json_is_object(cmp) ||
	    (cell->delta = str(cmp, "delta")) == NULL)
		return;
	cell->base_center = num(base, "center");
	cell->base_lo = num(base, "lo");
	cell->base_hi = num(base, "hi");
	cell->base_range = str(base, "range");
	cell->new_center = num(new, "center");
	cell->new_lo = num(new, "lo");
	cell->new_hi = num(new, "hi");
	cell->new_range = str(new, "range");
	cell->delta_percent = num(cmp, "delta_percent");
	cell->p_value = num(cmp, "p");
	cell->p = p_text(c, cell->p_value);
	cell->alpha = num(cmp, "alpha");
	cell->n1 = count(cmp, "n1");
	cell->n2 = count(cmp, "n2");
	cell->significant = json_is_boolean(sig) ? json_is_true(sig) : -1;
	cell->verdict = str(cmp, "verdict");
	gate_figures(c, cell, json_object_get(cmp, "gate"));
	cbs_check_gate(c, cell);
}

static void
json_rows(struct cbs_check *c, const json_t *table, const json_t *columns)
{
	struct cbs_check_cell cell;
	const json_t *row, *cells;
	size_t r, j;

	json_array_foreach(json_object_get(table, "rows"), r, row) {
		cells = json_object_get(row, "cells");
		for (j = 1; j < json_array_size(cells); j++) {
			table_cell(&cell, table, columns, j);
			cell.benchmark = str(row, "name");
			if (cell.benchmark == NULL)
				continue;
			comparison_cell(c, &cell, json_array_get(cells, 0),
			    json_array_get(cells, j));
		}
		cbs_arena_free(c->scratch);
		c->scratch = NULL;
	}
}

/* geomean[j]: the ratio has no test; a table of one row has no geomean
 * row in the other formats, so it is not gated. */
static void
json_geomeans(struct cbs_check *c, const json_t *table,
    const json_t *columns)
{
	const json_t *g = json_object_get(table, "geomean");
	struct cbs_check_cell cell;
	size_t j;

	if (json_array_size(json_object_get(table, "rows")) < 2)
		return;
	for (j = 1; j < json_array_size(g); j++) {
		table_cell(&cell, table, columns, j);
		cell.benchmark = "geomean";
		cell.geomean = 1;
		cell.base_center = num(json_array_get(g, 0), "center");
		cell.new_center = num(json_array_get(g, j), "center");
		cell.ratio = num(json_array_get(g, j), "ratio");
		cell.delta = str(json_array_get(g, j), "delta");
		cell.verdict = str(json_array_get(g, j), "verdict");
		gate_figures(c, &cell, json_object_get(json_array_get(g, j),
		    "gate"));
		if (cell.delta != NULL)
			cbs_check_gate(c, &cell);
	}
}

/* run_wide[j]: only written with the gate, whose verdict is used. */
static void
json_run_wide(struct cbs_check *c, const json_t *table,
    const json_t *columns)
{
	const json_t *rw;
	struct cbs_check_cell cell;
	char buf[32];
	size_t j;

	for (j = 1; c->stored &&
	    j < json_array_size(json_object_get(table, "run_wide")); j++) {
		rw = json_array_get(json_object_get(table, "run_wide"), j);
		if (!json_is_object(rw))
			continue;
		table_cell(&cell, table, columns, j);
		cell.benchmark = CBS_RUN_WIDE;
		cell.run_wide = 1;
		cell.verdict = str(rw, "verdict");
		gate_figures(c, &cell, json_object_get(rw, "gate"));
		snprintf(buf, sizeof(buf), "%.0f", num(rw, "cells"));
		cell.cells = gate_text(c, num(rw, "cells"), buf);
		cbs_check_gate(c, &cell);
	}
}

/* ------------------------------------------------------ document */

/* The same number, allowing for a decimal written and read back. */
static int
same_setting(double a, double b)
{
	return fabs(a - b) <= 1e-12 * fmax(1, fabs(a));
}

/*
 * Schema 2 carries the live gate's verdicts when a threshold was given.
 * They are used when -check asks the same question; other settings
 * would need the family's figures again, so they are an error rather
 * than a different answer under the same name.
 */
static int
json_gate(struct cbs_check *c, const json_t *doc, char *err, size_t errlen)
{
	const json_t *g = json_object_get(doc, "gate");
	const json_t *geo = json_object_get(doc, "gate_geomean");

	if (!json_is_object(g))
		return 0;
	/* A gate that failed on leaks cannot be checked again: -check
	 * reads comparisons, not runs, and must not pass it (issue 23). */
	if (json_is_true(json_object_get(g, "gate_leaks"))) {
		snprintf(err, errlen, "%s: written by the gate with "
		    "-gate-leaks, which -check cannot judge again (leaks are "
		    "found in the runs): gate the runs themselves", c->path);
		return CBS_EPARSE;
	}
	if (!same_setting(num(g, "threshold"), c->threshold) ||
	    !same_setting(num(g, "alpha"), c->gate_alpha) ||
	    json_is_true(geo) != (c->gate_geomean != 0)) {
		snprintf(err, errlen, "%s: written by the gate with -threshold "
		    "%g -gate-alpha %g%s; -check it with the same settings",
		    c->path, num(g, "threshold"), num(g, "alpha"),
		    json_is_true(geo) ? " -gate-geomean" : "");
		return CBS_EPARSE;
	}
	c->stored = 1;
	return 0;
}

static int
json_schema(struct cbs_check *c, const json_t *doc, char *err,
    size_t errlen)
{
	json_t *v = json_object_get(doc, "schema");
	json_int_t s;
	int rc;

	if (!json_is_object(doc) || !json_is_integer(v) ||
	    !json_is_array(json_object_get(doc, "tables"))) {
		snprintf(err, errlen, "%s: not a cbenchstat JSON report (want "
		    "an object with \"schema\" and \"tables\")", c->path);
		return CBS_EPARSE;
	}
	s = json_integer_value(v);
	if (s < SCHEMA_MIN || s > SCHEMA_MAX) {
		snprintf(err, errlen, "%s: JSON schema %lld is not supported "
		    "(this cbenchstat reads schemas %d to %d)", c->path,
		    (long long)s, SCHEMA_MIN, SCHEMA_MAX);
		return CBS_EPARSE;
	}
	if ((rc = cbs_check_json_valid(doc, (int)s, c->path, err,
	    errlen)) != 0)
		return rc;
	return s >= 2 ? json_gate(c, doc, err, errlen) : 0;
}

static void
json_tables(struct cbs_check *c, const json_t *doc)
{
	const json_t *table, *columns;
	size_t i;

	json_array_foreach(json_object_get(doc, "tables"), i, table) {
		if (!json_is_object(table))
			continue;
		c->ntables++;
		columns = json_object_get(table, "columns");
		json_config(c, table);
		json_rows(c, table, columns);
		json_geomeans(c, table, columns);
		json_run_wide(c, table, columns);
		cbs_arena_free(c->scratch);
		c->scratch = NULL;
	}
}

/*
 * jansson's error: a document that ends before it is complete is
 * truncated (an artifact cut short), anything else malformed.
 */
static int
load_error(struct cbs_check *c, const struct feed *f, const json_error_t *je,
    char *err, size_t errlen)
{
	enum json_error_code code = json_error_code(je);

	if (code == json_error_out_of_memory)
		return CBS_ENOMEM;
	snprintf(err, errlen, "%s:%d:%d: %s: %s", c->path, je->line,
	    je->column, f->eof && code != json_error_end_of_input_expected ?
	    "truncated JSON report" : "malformed JSON", je->text);
	return CBS_EPARSE;
}

int
cbs_check_json(struct cbs_check *c, FILE *fp, size_t blanks,
    const char *first, size_t len, int ended, char *err, size_t errlen)
{
	struct feed f;
	json_error_t je;
	json_t *doc;
	int nomem, rc;

	memset(&f, 0, sizeof(f));
	f.blanks = blanks;
	/* Skipped, as RFC 8259 lets a parser do. */
	if (len >= strlen(BOM) && memcmp(first, BOM, strlen(BOM)) == 0) {
		first += strlen(BOM);
		len -= strlen(BOM);
	}
	f.first = first;
	f.len = len;
	f.ended = ended;
	f.fp = fp;
	doc = cbs_json_load_callback(feed_cb, &f, JSON_REJECT_DUPLICATES,
	    &je, &nomem);
	if (nomem)	/* said by the caller, as for any reader */
		return CBS_ENOMEM;
	if (f.ioerr) {
		json_decref(doc);
		snprintf(err, errlen, "%s: %s", c->path,
		    cbs_strerror(CBS_EIO));
		return CBS_EIO;
	}
	if (doc == NULL)
		return load_error(c, &f, &je, err, errlen);
	/*
	 * The writer ends the document with a newline: without it, a file
	 * cut just after the last "}" would be read as whole, and a report
	 * cut short is never whole.
	 */
	if (!f.newline) {
		snprintf(err, errlen, "%s: truncated JSON report: no newline "
		    "after the closing \"}\" (cbenchstat ends each report "
		    "with one)", c->path);
		rc = CBS_EPARSE;
	} else if ((rc = json_schema(c, doc, err, errlen)) == 0) {
		json_tables(c, doc);
		rc = c->rc;
	}
	json_decref(doc);
	return rc;
}
