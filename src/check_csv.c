/*
 * check_csv.c: -check over cbenchstat's CSV (-format csv, fmt_csv.c).
 *
 * A table is header records that start with an empty field -- one per
 * column key naming the columns, then ",unit,CI,unit,CI,vs base,P" --
 * then one record per benchmark and "geomean", up to an empty line.
 * The base column has two fields (centre, CI), every other four (centre,
 * CI, delta, test).  Centres are written in full, so the gate uses them
 * exactly, as the live gate does.
 */
#include <math.h>
#include <string.h>

#include "cbenchstat.h"
#include "internal.h"
#include "check.h"

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
 * @return 0 or CBS_ENOMEM.
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
			if (*p == '"')
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

/* ",unit,CI,unit,CI,vs base,P": the last header record. */
static void
unit_row(struct cbs_check *c)
{
	size_t j, ncols = 1 + (c->nfields - start_col(1)) /
	    (CENTER_COLS + DELTA_COLS);
	const char *u;

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
	c->nrows = 0;
	c->kind = CBS_CHECK_CSV;
	c->ntables++;
}

/* "p=0.000 n=10" or "n=4+5": the p-value, NULL without a test. */
static const char *
p_text(struct cbs_check *c, const char *test)
{
	if (strncmp(test, "p=", 2) != 0)
		return NULL;
	return cbs_check_strndup(c, test + 2, strcspn(test + 2, " "));
}

static void
body_row(struct cbs_check *c)
{
	struct cbs_check_cell cell;
	const char *base = cbs_check_field_at(c, start_col(0));
	size_t j, s;

	cbs_check_cell_init(&cell);
	cell.line = c->lineno;
	cell.benchmark = cbs_check_field_at(c, 0);
	cell.geomean = strcmp(cell.benchmark, "geomean") == 0;
	/* CSV writes a geomean under a single row too; the other formats
	 * and the live gate have none there. */
	if (!cell.geomean)
		c->nrows++;
	else if (c->nrows < 2)
		return;
	cell.base_center = number(base);
	cell.base_range = cbs_check_field_at(c, start_col(0) + 1);
	for (j = 1; j < c->ncols; j++) {
		s = start_col(j);
		cell.delta = cbs_check_field_at(c, s + CENTER_COLS);
		if (cell.delta[0] == '\0')
			continue;
		cell.unit = c->cols[j].unit;
		cell.column = c->cols[j].label;
		cell.new_center = number(cbs_check_field_at(c, s));
		cell.new_range = cbs_check_field_at(c, s + 1);
		cell.p = p_text(c, cbs_check_field_at(c, s + CENTER_COLS + 1));
		/* A geomean has no test: its text is all there is. */
		if (cell.geomean) {
			cell.base = base[0] ? NULL : "?";
			cell.value = cbs_check_field_at(c, s)[0] ? NULL : "?";
		}
		cbs_check_gate(c, &cell);
	}
}

/* A configuration record, "key: value", quoted when the value has a
 * comma or a quote. */
static int
config_record(struct cbs_check *c, const char *line)
{
	if (line[0] != '"' || split(c, line) != 0 || c->nfields != 1)
		return 0;
	return cbs_check_config_line(c, c->fields[0]);
}

int
cbs_check_csv_line(struct cbs_check *c, const char *line)
{
	if (c->kind == CBS_CHECK_CSV) {
		if (split(c, line) == 0)
			body_row(c);
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
