/*
 * check_csv.c: -check over cbenchstat's CSV (-format csv, fmt_csv.c).
 *
 * A table is header records that start with an empty field -- one per
 * column key naming the columns, then ",unit,CI,unit,CI,vs base,P" --
 * then one record per benchmark and the geomean record, up to an empty
 * line.  The base column has two fields (centre, CI), every other four
 * (centre, CI, delta, test).  Centres are written in full, so the gate
 * uses them exactly, as the live gate does.
 *
 * A record ends a cell only after its last field: a benchmark's value
 * has its CI, and its comparison (when the row has a base value) both
 * the change and the test.  The geomean record is the last of every
 * table, even one of a single row; it is told from a benchmark named
 * "geomean" by its empty CI and test fields, which a benchmark's values
 * never have.
 */
#include <math.h>
#include <string.h>

#include "cbenchstat.h"
#include "check/check.h"
#include "report/report.h"

enum { CENTER_COLS = 2, DELTA_COLS = 2 };

static size_t
start_col(size_t col)
{
	return cbs_fmt_start_col(col, CENTER_COLS, DELTA_COLS);
}

/*
 * Split a record into c->fields: encoding/csv quoting, "" for a quote
 * inside quotes.  The fields go one after the other into one buffer: a
 * record of n bytes has at most n + 1 fields and n bytes of text.
 * @return 0, CBS_ENOMEM, or CBS_EPARSE for a quote left open: a record
 * cut short, or a name with a line end in it, which a reader of lines
 * cannot tell apart.
 */
static int
split(struct cbs_check *c, const char *line)
{
	size_t len = strlen(line);
	const char *p = line;
	char *f, *o;

	c->nfields = 0;
	if (len > ((size_t)-1 - 2) / 2 ||
	    (o = cbs_check_strndup(c, NULL, 2 * len + 1)) == NULL)
		return CBS_ENOMEM;
	for (;;) {
		f = o;
		if (*p == '"') {
			for (p++; *p != '\0'; p++) {
				if (*p == '"' && p[1] != '"')
					break;
				if (*p == '"')
					p++;
				*o++ = *p;
			}
			if (*p != '"') {
				cbs_check_fail(c, c->lineno, "record cut "
				    "short (or a field spans lines): a quoted "
				    "field is not closed");
				return CBS_EPARSE;
			}
			p++;
		}
		while (*p != '\0' && *p != ',')
			*o++ = *p++;
		*o++ = '\0';
		if (cbs_check_field(c, f) != 0)
			return CBS_ENOMEM;
		if (*p++ != ',')
			return 0;
	}
}

/* A centre as a number: NaN when empty or not a number. */
static double
number(const char *s)
{
	double v;

	if (*s == '\0' || cbs_parse_go_float(s, strlen(s), &v) != 0)
		return NAN;
	return v;
}

/* ",label,,label,,,": names of the columns, joined over several keys. */
static void
label_row(struct cbs_check *c)
{
	struct cbs_check_col *col;
	const char *v;
	size_t j, n;
	char *s;

	if (c->head_line + 1 != c->lineno)
		c->ncols = 0;
	cbs_check_pending(c);
	for (j = 0; start_col(j) < c->nfields; j++) {
		if (cbs_check_cols(c, j + 1) != 0)
			return;
		col = &c->cols[j];
		if ((v = cbs_check_field_at(c, start_col(j)))[0] == '\0')
			continue;
		n = (col->label ? strlen(col->label) + 1 : 0) + strlen(v) + 1;
		if ((s = cbs_check_keep(c, NULL, n)) == NULL)
			return;
		snprintf(s, n, "%s%s%s", col->label ? col->label : "",
		    col->label ? " " : "", v);
		col->label = s;
	}
	c->head_line = c->lineno;
}

/* ",unit,CI,unit,CI,vs base,P" and nothing else: what the columns
 * promise.  @return the number of columns, or 0. */
static size_t
unit_row_columns(const struct cbs_check *c)
{
	size_t j, s, ncols;

	if (c->nfields < start_col(1) || (c->nfields - start_col(1)) %
	    (CENTER_COLS + DELTA_COLS) != 0 || c->fields[0][0] != '\0')
		return 0;
	ncols = 1 + (c->nfields - start_col(1)) / (CENTER_COLS + DELTA_COLS);
	for (j = 0; j < ncols; j++) {
		s = start_col(j);
		if (c->fields[s][0] == '\0' || strcmp(c->fields[s + 1], "CI") !=
		    0 || (j > 0 && (strcmp(c->fields[s + 2], "vs base") != 0 ||
		    strcmp(c->fields[s + 3], "P") != 0)))
			return 0;
	}
	return ncols;
}

/* ",unit,CI,unit,CI,vs base,P": the last header record. */
static void
unit_row(struct cbs_check *c)
{
	size_t j, ncols = unit_row_columns(c);
	const char *u;

	if (ncols == 0) {
		cbs_check_fail(c, c->lineno, "CSV header not as benchstat "
		    "writes it: want \",unit,CI\" for the base column and "
		    "\",unit,CI,vs base,P\" for every other");
		return;
	}
	if (c->head_line + 1 != c->lineno)
		c->ncols = 0;
	if (cbs_check_cols(c, ncols) != 0)
		return;
	for (j = 0; j < ncols; j++) {
		u = cbs_check_field_at(c, start_col(j));
		if ((c->cols[j].unit = cbs_check_keep(c, u, strlen(u))) ==
		    NULL)
			return;
	}
	c->ncols = ncols;
	cbs_check_begin(c, CBS_CHECK_CSV);
}

/* "p=0.000 n=10" or "n=4+5": the p-value, NULL without a test. */
static const char *
p_text(struct cbs_check *c, const char *test)
{
	if (strncmp(test, "p=", 2) != 0)
		return NULL;
	return cbs_check_strndup(c, test + 2, strcspn(test + 2, " "));
}

/* The geomean record: empty CI and test fields in every column. */
static int
is_geomean(const struct cbs_check *c)
{
	size_t j;

	if (strcmp(cbs_check_field_at(c, 0), "geomean") != 0)
		return 0;
	for (j = 0; j < c->ncols; j++)
		if (cbs_check_field_at(c, start_col(j) + 1)[0] != '\0' ||
		    (j > 0 && cbs_check_field_at(c, start_col(j) +
		    CENTER_COLS + 1)[0] != '\0'))
			return 0;
	return 1;
}

/* "geomean,2.37e-06,,2.37e-06,,-0.14%,": a ratio ("?" without one) in
 * every column but the base's, the record padded to the last column. */
static void
geomean_row(struct cbs_check *c)
{
	struct cbs_check_cell cell;
	const char *base = cbs_check_field_at(c, start_col(0));
	size_t j, s;

	if (c->nfields != start_col(c->ncols)) {
		cbs_check_fail(c, c->lineno, "geomean record cut short: %zu "
		    "fields, the header has %zu", c->nfields,
		    start_col(c->ncols));
		return;
	}
	c->geomean_line = c->lineno;
	cbs_check_cell_init(&cell);
	cell.line = c->lineno;
	cell.benchmark = "geomean";
	cell.geomean = 1;
	cell.base_center = number(base);
	cell.base = base[0] ? NULL : "?";
	for (j = 1; j < c->ncols && c->rc == 0; j++) {
		s = start_col(j);
		cell.delta = cbs_check_field_at(c, s + CENTER_COLS);
		if (cell.delta[0] == '\0') {
			cbs_check_fail(c, c->lineno, "geomean record cut "
			    "short: column %zu has no change", j + 1);
			return;
		}
		/* CSV writes a geomean under a single row too; the other
		 * formats and the live gate have none there. */
		if (c->nrows < 2)
			continue;
		cell.unit = c->cols[j].unit;
		cell.column = c->cols[j].label;
		cell.new_center = number(cbs_check_field_at(c, s));
		/* A geomean has no test: its text is all there is. */
		cell.value = cbs_check_field_at(c, s)[0] ? NULL : "?";
		cbs_check_gate(c, &cell);
	}
}

/*
 * Column j of a benchmark record: nothing, or the value and its CI and,
 * when the row has a base value and j is not the base, the change and
 * the test.  @return 1 if it holds a value, 0 if not, -1 when cut.
 */
static int
body_cell(struct cbs_check *c, size_t j, int has_base)
{
	size_t s = start_col(j);
	const char *f[4];
	size_t k;
	int cmp = j > 0 && has_base;

	for (k = 0; k < 4; k++)
		f[k] = k >= 2 && j == 0 ? "" : cbs_check_field_at(c, s + k);
	if (f[0][0] == '\0')
		return f[1][0] != '\0' || f[2][0] != '\0' || f[3][0] != '\0' ?
		    -1 : 0;
	if (f[1][0] == '\0' || (cmp && (f[2][0] == '\0' ||
	    !cbs_check_is_test(f[3], strlen(f[3])))) ||
	    (!cmp && (f[2][0] != '\0' || f[3][0] != '\0')))
		return -1;
	return 1;
}

static void
benchmark_row(struct cbs_check *c)
{
	struct cbs_check_cell cell;
	const char *base = cbs_check_field_at(c, start_col(0));
	size_t j, s, nvalues = 0;
	int has_base = base[0] != '\0', r;

	for (j = 0; j < c->ncols; j++) {
		if ((r = body_cell(c, j, has_base)) < 0) {
			cbs_check_fail(c, c->lineno, "record cut short: column "
			    "%zu wants %s", j + 1, j > 0 && has_base ?
			    "a value, its CI, a change and a test" :
			    "a value and its CI, or nothing");
			return;
		}
		nvalues += (size_t)r;
	}
	if (nvalues == 0) {
		cbs_check_fail(c, c->lineno, "record cut short: no values");
		return;
	}
	c->nrows++;
	cbs_check_cell_init(&cell);
	cell.line = c->lineno;
	cell.benchmark = cbs_check_field_at(c, 0);
	cell.base_center = number(base);
	cell.base_range = cbs_check_field_at(c, start_col(0) + 1);
	for (j = 1; j < c->ncols && has_base; j++) {
		s = start_col(j);
		cell.delta = cbs_check_field_at(c, s + CENTER_COLS);
		if (cell.delta[0] == '\0')
			continue;
		cell.unit = c->cols[j].unit;
		cell.column = c->cols[j].label;
		cell.new_center = number(cbs_check_field_at(c, s));
		cell.new_range = cbs_check_field_at(c, s + 1);
		cell.p = p_text(c, cbs_check_field_at(c, s + CENTER_COLS + 1));
		cbs_check_gate(c, &cell);
	}
}

/* A record of the table: a benchmark's, then the geomean's, last. */
static void
body_row(struct cbs_check *c, const char *line)
{
	if (c->geomean_line != 0)
		cbs_check_fail(c, c->lineno, "a record after the table's "
		    "geomean record%s", cbs_check_gate_line_hint(line));
	else if (c->nfields > start_col(c->ncols))
		cbs_check_fail(c, c->lineno, "record malformed: %zu fields, "
		    "the header has %zu", c->nfields, start_col(c->ncols));
	else if (is_geomean(c))
		geomean_row(c);
	else
		benchmark_row(c);
}

/* A configuration record, "key: value", quoted when the value has a
 * comma or a quote. */
static int
config_record(struct cbs_check *c, const char *line)
{
	if (line[0] != '"' || split(c, line) != 0 || c->nfields != 1)
		return 0;
	if (!cbs_check_config_line(c, c->fields[0]))
		return 0;
	cbs_check_pending(c);
	return 1;
}

int
cbs_check_csv_line(struct cbs_check *c, const char *line)
{
	if (c->kind == CBS_CHECK_CSV) {
		if (split(c, line) == 0)
			body_row(c, line);
		return 1;
	}
	if (line[0] != ',')
		return config_record(c, line);
	if (split(c, line) != 0)
		return 1;
	if (c->nfields > start_col(0) + 1 &&
	    strcmp(c->fields[start_col(0) + 1], "CI") == 0)
		unit_row(c);
	else
		label_row(c);
	return 1;
}
