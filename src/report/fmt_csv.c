/*
 * fmt_csv.c: upstream benchstat's CSV output (-format csv).
 *
 * Numbers are printed in full (Go's %v), not scaled.  Warnings cannot go
 * into the table, so they go to a separate stream, each prefixed with the
 * spreadsheet-style reference of the cell it concerns ("F16: ...").
 * Upstream's column letters are its own: the index written in base 26
 * with A as 0, so the 27th column is "BA"; they are kept for fidelity.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "report/report.h"

enum { CENTER_COLS = 2, DELTA_COLS = 2 };

/*
 * Numbers are written in full, so a cell text can be long: a change of
 * +1e62% is 63 digits before the point.  The longest finite double in
 * fixed notation has 309 digits, so NUM_LEN holds any change, range or
 * test this file writes; a text that still fills the buffer is an error
 * (CBS_EINVAL), never a cut number.
 */
#define NUM_LEN 512

/* A row grows to any number of fields: there is no column limit. */
struct csv_row {
	char **fields;
	size_t n;
	size_t cap;
	struct cbs_arena *strs;
	int oom;
	int cut;		/* a number did not fit NUM_LEN */
};

struct csv_out {
	FILE *out;
	FILE *warn;
	size_t line;		/* 1-based number of the next line */
	int err;
};

static size_t
start_col(size_t exp)
{
	return cbs_fmt_start_col(exp, CENTER_COLS, DELTA_COLS);
}

static int
row_grow(struct csv_row *r)
{
	if (cbs_grow(&r->fields, &r->cap, r->cap + 1,
	    sizeof(*r->fields)) != 0) {
		r->oom = 1;
		return -1;
	}
	return 0;
}

static void
row_push(struct csv_row *r, const char *s)
{
	char *p;

	if (r->n == r->cap && row_grow(r) != 0)
		return;
	if ((p = cbs_arena_strndup(r->strs, s, strlen(s))) == NULL) {
		static char empty[1];

		r->oom = 1;
		p = empty;
	}
	r->fields[r->n++] = p;
}

/* Push a number formatted into buf[NUM_LEN], unless it may be cut. */
static void
row_push_num(struct csv_row *r, const char *buf)
{
	if (strlen(buf) + 1 >= NUM_LEN) {
		r->cut = 1;
		return;
	}
	row_push(r, buf);
}

static void
row_clear_to(struct csv_row *r, size_t col)
{
	while (r->n < col && !r->oom)
		row_push(r, "");
}

/* encoding/csv: quote a field with a comma, quote, CR or LF, or that
 * starts with white space, and double the quotes inside. */
static int
field_needs_quotes(const char *f)
{
	unsigned r;

	if (*f == '\0')
		return 0;
	if (strcmp(f, "\\.") == 0 || strpbrk(f, ",\"\r\n") != NULL)
		return 1;
	cbs_utf8_decode(f, strlen(f), &r);
	return cbs_rune_is_space(r);
}

/* The history's CSV (history.c) quotes its fields here too. */
void
cbs_csv_field(FILE *out, const char *f)
{
	if (!field_needs_quotes(f)) {
		fputs(f, out);
		return;
	}
	putc('"', out);
	for (; *f != '\0'; f++) {
		if (*f == '"')
			putc('"', out);
		putc(*f, out);
	}
	putc('"', out);
}

static void
emit(struct csv_out *o, struct csv_row *r)
{
	size_t i;

	/* A row that lost a field is not written: the run fails instead. */
	if (r->oom || r->cut) {
		r->n = 0;
		return;
	}
	for (i = 0; i < r->n; i++) {
		if (i > 0)
			putc(',', o->out);
		cbs_csv_field(o->out, r->fields[i]);
	}
	if (putc('\n', o->out) == EOF)
		o->err = 1;
	r->n = 0;
	o->line++;
}

static void
warn_cells(struct csv_out *o, const struct csv_row *r, const char *const *w,
    size_t n)
{
	char name[16];
	size_t pos = sizeof(name) - 1, x, i;

	name[pos] = '\0';
	for (x = r->n; x > 0; x /= 26)
		name[--pos] = (char)('A' + x % 26);
	if (pos == sizeof(name) - 1)
		name[--pos] = 'A';
	for (i = 0; i < n; i++)
		if (fprintf(o->warn, "%s%zu: %s\n", name + pos, o->line,
		    w[i]) < 0)
			o->err = 1;
}

static void
push_float(struct csv_row *r, double v)
{
	char buf[NUM_LEN];

	row_push_num(r, cbs_fmt_go_float(v, buf, sizeof(buf)));
}

static void
csv_header(struct csv_out *o, struct csv_row *r, const struct cbs_table *t)
{
	size_t f, j;

	for (f = 0; f < t->ncol_fields; f++) {
		for (j = 0; j < t->ncols; j++) {
			row_clear_to(r, start_col(j));
			row_push(r, t->col_values[j * t->ncol_fields + f]);
		}
		row_clear_to(r, start_col(t->ncols));
		emit(o, r);
	}
	for (j = 0; j < t->ncols; j++) {
		row_clear_to(r, start_col(j));
		row_push(r, t->unit);
		row_push(r, "CI");
		if (j > 0) {
			row_push(r, "vs base");
			row_push(r, "P");
		}
	}
	emit(o, r);
}

static void
csv_body_row(struct csv_out *o, struct csv_row *r, const struct cbs_table *t,
    size_t i)
{
	const struct cbs_cell *row = &t->cells[i * t->ncols], *c;
	char buf[NUM_LEN];
	size_t j;

	row_push(r, t->row_labels[i]);
	for (j = 0; j < t->ncols; j++) {
		c = &row[j];
		if (!c->present)
			continue;
		row_clear_to(r, start_col(j));
		warn_cells(o, r, c->warnings, c->nwarnings);
		push_float(r, c->summary.center);
		row_push_num(r, cbs_format_range(&c->summary, buf,
		    sizeof(buf)));
		if (j == 0 || !c->has_baseline)
			continue;
		warn_cells(o, r, c->cmp_warnings, c->ncmp_warnings);
		row_push_num(r, cbs_format_delta(&c->cmp,
		    row[0].summary.center, c->summary.center, buf,
		    sizeof(buf)));
		row_push_num(r, cbs_format_comparison(&c->cmp, buf,
		    sizeof(buf)));
	}
	emit(o, r);
}

static void
csv_geomean_row(struct csv_out *o, struct csv_row *r,
    const struct cbs_table *t)
{
	const struct cbs_col_summary *s;
	char buf[NUM_LEN];
	size_t j;

	row_push(r, "geomean");
	for (j = 0; j < t->ncols; j++) {
		s = &t->summary[j];
		row_clear_to(r, start_col(j));
		warn_cells(o, r, s->warnings, s->nwarnings);
		if (s->has_summary)
			push_float(r, s->summary);
		if (j == 0)
			continue;
		row_clear_to(r, start_col(j) + CENTER_COLS);
		row_push_num(r, s->has_ratio ? cbs_format_ratio(s->ratio, buf,
		    sizeof(buf)) : "?");
	}
	row_clear_to(r, start_col(t->ncols));
	emit(o, r);
}

/* A configuration line is a record of one field, quoted if need be. */
static void
csv_config_line(struct csv_out *o, struct csv_row *r, const char *name,
    const char *value)
{
	char *line;
	size_t len = strlen(name) + strlen(value) + 3;

	if ((line = cbs_arena_alloc(r->strs, len)) == NULL) {
		r->oom = 1;
		return;
	}
	snprintf(line, len, "%s: %s", name, value);
	row_push(r, line);
	emit(o, r);
}

static int
format_csv_in_c_locale(const struct cbs_tables *ts, FILE *out, FILE *warn)
{
	struct csv_out o = { out, warn, 1, 0 };
	struct csv_row r;
	const struct cbs_table *t, *prev = NULL;
	size_t i, k;

	memset(&r, 0, sizeof(r));
	if ((r.strs = cbs_arena_new()) == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < ts->ntables; i++, prev = t) {
		t = &ts->tables[i];
		if (i > 0)
			emit(&o, &r);
		for (k = 0; k < t->nkey; k++) {
			if (prev != NULL && strcmp(cbs_table_key_value(prev, k),
			    cbs_table_key_value(t, k)) == 0)
				continue;
			csv_config_line(&o, &r, t->key_names[k],
			    cbs_table_key_value(t, k));
		}
		csv_header(&o, &r, t);
		for (k = 0; k < t->nrows; k++)
			csv_body_row(&o, &r, t, cbs_table_row(t, k));
		csv_geomean_row(&o, &r, t);
	}
	cbs_arena_free(r.strs);
	free(r.fields);
	if (r.oom)
		return CBS_ENOMEM;
	if (r.cut)
		return CBS_EINVAL;
	return o.err || ferror(out) ? CBS_EIO : 0;
}

/* The body above, in the C locale's numbers (c_numeric.c). */
int
cbs_format_csv(const struct cbs_tables *ts, FILE *out, FILE *warn)
{
	locale_t saved;
	int rc;

	if (cbs_c_numeric_enter(&saved) != 0)
		return CBS_ENOMEM;
	rc = format_csv_in_c_locale(ts, out, warn);
	cbs_c_numeric_leave(saved);
	return rc;
}
