/*
 * check_md.c: -check over cbenchstat's Markdown (-format markdown,
 * fmt_markdown.c).
 *
 * A table is "**unit**", a header row "| | base | new | vs base |", the
 * delimiter row "|:---|---:|...", then one row per benchmark and
 * "**geomean**" under two rows or more; after a blank line, the gate's
 * run-wide lines and the notes the rows cite ("1. all samples are
 * equal").  A run-wide line is read whole or the file fails: it is the
 * shift the live gate judged the column's comparisons against, and a
 * gate that skipped it would name benchmarks the live gate did not.
 * Configuration lines are "- **key**: value".  Texts from the input are
 * backslash-escaped and are unescaped here; the marks and bold of a
 * verdict the writer drew are dropped, since -check applies its own
 * threshold to the printed delta.
 *
 * Every row has the header's cells and ends with a bar; a value has its
 * range, and so has a comparison (when the row has a base value) its
 * test; a header of any other shape ("vs. base") is an error, not a
 * table without comparisons.
 */
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "check/check.h"

/* Remove the backslash before ASCII punctuation (CommonMark escapes). */
static char *
unescape(struct cbs_check *c, const char *s, size_t len, int keep)
{
	char *out = keep ? cbs_check_keep(c, NULL, len) :
	    cbs_check_strndup(c, NULL, len);
	size_t i, o = 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len && s[i + 1] != '\0' &&
		    strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i + 1]) !=
		    NULL)
			i++;
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

static char *
trim_cell(struct cbs_check *c, const char *s, size_t n)
{
	while (n > 0 && *s == ' ') {
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return cbs_check_strndup(c, s, n);
}

/* Split "| a | b \| c |" at the unescaped bars into c->fields, still
 * escaped.  @return 0, CBS_ENOMEM, or 1 when text follows the last bar
 * (a row cut short). */
static int
split_row(struct cbs_check *c, const char *line)
{
	const char *p = line + 1, *start = p;

	c->nfields = 0;
	for (; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p != '|')
			continue;
		if (cbs_check_field(c, trim_cell(c, start,
		    (size_t)(p - start))) != 0)
			return CBS_ENOMEM;
		start = p + 1;
	}
	return *start != '\0';
}

/* "|:---|---:|---:|---:|" for ncells cells. */
static int
delimiter_row(const char *line, size_t ncells)
{
	size_t k;

	if (strncmp(line, "|:---|", 6) != 0)
		return 0;
	for (line += 6, k = 1; k < ncells; k++, line += 5)
		if (strncmp(line, "---:|", 5) != 0)
			return 0;
	return *line == '\0';
}

/* The header row and the delimiter row under it: after the empty
 * row-label cell, each column's label, and after each but the first
 * its "vs base" cell. */
static void
header(struct cbs_check *c, const char *delim)
{
	struct cbs_check_col *col;
	size_t j, k, ncols;

	if (split_row(c, c->md_header) != 0 || c->nfields < 2 ||
	    c->nfields % 2 != 0 || c->fields[0][0] != '\0' ||
	    !delimiter_row(delim, c->nfields))
		goto bad;
	for (k = 3; k < c->nfields; k += 2)
		if (strcmp(c->fields[k], "vs base") != 0)
			goto bad;
	ncols = c->nfields / 2;
	c->ncols = 0;
	if (cbs_check_cols(c, ncols) != 0)
		return;
	for (j = 0; j < ncols; j++) {
		col = &c->cols[j];
		col->cell = j == 0 ? 1 : 2 * j;
		col->dcell = j == 0 ? 0 : 2 * j + 1;
		col->label = unescape(c, c->fields[col->cell],
		    strlen(c->fields[col->cell]), 1);
		col->unit = c->unit ? c->unit : "";
	}
	c->md_cells = c->nfields;
	cbs_check_begin(c, CBS_CHECK_MD);
	return;
bad:
	if (c->rc == 0)
		cbs_check_fail(c, c->head_line, "Markdown table header not as "
		    "cbenchstat writes it: want \"| | base | column | vs base "
		    "|\", a \"vs base\" cell after every column but the first, "
		    "and the delimiter row \"|:---|---:|...\" under it");
}

/* "2.889µ ± 1% <sup>1</sup>": the centre, or NULL for an empty cell. */
static const char *
centre(struct cbs_check *c, const char *cell)
{
	size_t n = strcspn(cell, " ");

	if (n == 0 || strncmp(cell, "<sup>", 5) == 0)
		return NULL;
	return cbs_check_strndup(c, cell, n);
}

/* A value cell: 1 for "value ± range", 0 when empty, -1 otherwise. */
static int
value_cell(const char *cell)
{
	if (cell[0] == '\0')
		return 0;
	return strstr(cell, " \xc2\xb1 ") != NULL ? 1 : -1;
}

/* "🔴 **+19.89%** ...": the delta, without the writer's mark and bold. */
static const char *
delta(struct cbs_check *c, const char *cell)
{
	while ((unsigned char)*cell >= 0x80 || *cell == ' ')
		cell++;
	if (strncmp(cell, "**", 2) == 0)
		cell += 2;
	if (*cell == '\0' || strncmp(cell, "<sup>", 5) == 0)
		return NULL;
	return cbs_check_strndup(c, cell, strcspn(cell, "* "));
}

/* "🔴 **+19.89%** (p=0.000 n=10) <sup>1</sup>": the delta, and p in *p.
 * @return NULL when the cell is not a whole comparison. */
static const char *
comparison(struct cbs_check *c, const char *cell, const char **p)
{
	const char *q = strstr(cell, " ("), *close;

	*p = NULL;
	if (q == NULL || (close = strchr(q, ')')) == NULL ||
	    !cbs_check_is_test(q + 2, (size_t)(close - q - 2)))
		return NULL;
	if (strncmp(q + 2, "p=", 2) == 0)
		*p = cbs_check_strndup(c, q + 4, strcspn(q + 4, " )"));
	return delta(c, cell);
}

/* "<sup>1,2</sup>": note the highest number a cell cites. */
static void
note_marks(struct cbs_check *c, const char *cell)
{
	const char *p = cell;
	size_t n;

	while ((p = strstr(p, "<sup>")) != NULL) {
		for (p += 5; *p >= '0' && *p <= '9'; p += *p == ',') {
			for (n = 0; *p >= '0' && *p <= '9'; p++)
				if (n < 1000000000)
					n = n * 10 + (size_t)(*p - '0');
			if (n > c->max_note)
				c->max_note = n;
			if (*p != ',')
				break;
		}
	}
}

static void
body_row(struct cbs_check *c, const char *name)
{
	struct cbs_check_cell cell;
	const char *vcell;
	size_t j, nvalues;
	int v, has_base;

	cbs_check_cell_init(&cell);
	cell.line = c->lineno;
	if ((cell.benchmark = unescape(c, name, strlen(name), 0)) == NULL)
		return;
	if ((has_base = value_cell(cbs_check_field_at(c,
	    c->cols[0].cell))) < 0)
		goto cut;
	cell.base = centre(c, cbs_check_field_at(c, c->cols[0].cell));
	for (nvalues = (size_t)has_base, j = 1; j < c->ncols; j++) {
		vcell = cbs_check_field_at(c, c->cols[j].cell);
		if ((v = value_cell(vcell)) < 0)
			goto cut;
		nvalues += (size_t)v;
		if (v == 0 || !has_base) {
			if (cbs_check_field_at(c, c->cols[j].dcell)[0] != '\0')
				goto cut;
			continue;
		}
		if ((cell.delta = comparison(c, cbs_check_field_at(c,
		    c->cols[j].dcell), &cell.p)) == NULL)
			goto cut;
		cell.unit = c->cols[j].unit;
		cell.column = c->cols[j].label;
		cell.col = j;
		cell.value = centre(c, vcell);
		cbs_check_gate(c, &cell);
	}
	if (nvalues == 0)
		goto cut;
	c->nrows++;
	return;
cut:
	cbs_check_fail(c, c->lineno, "row cut short: a value without its "
	    "range, a comparison without its test \"(p=... n=...)\", or no "
	    "value at all");
}

/* "| **geomean** | 2.377µ | 2.373µ | -0.14% |": a ratio ("?" without
 * one) in every column but the base's. */
static void
geomean_row(struct cbs_check *c)
{
	struct cbs_check_cell cell;
	size_t j;

	if (c->nrows < 2) {
		cbs_check_fail(c, c->lineno, "a geomean row under fewer than "
		    "two rows");
		return;
	}
	c->geomean_line = c->lineno;
	cbs_check_cell_init(&cell);
	cell.line = c->lineno;
	cell.geomean = 1;
	cell.benchmark = "geomean";
	cell.base = cell.value = "?";
	for (j = 1; j < c->ncols && c->rc == 0; j++) {
		if ((cell.delta = delta(c, cbs_check_field_at(c,
		    c->cols[j].dcell))) == NULL) {
			cbs_check_fail(c, c->lineno, "geomean row cut short: "
			    "column \"%s\" has no change", c->cols[j].label);
			return;
		}
		cell.unit = c->cols[j].unit;
		cell.column = c->cols[j].label;
		cbs_check_gate(c, &cell);
	}
}

static void
row(struct cbs_check *c, const char *line)
{
	size_t i;
	int rc = split_row(c, line);

	if (rc < 0)
		return;
	if (rc > 0 || c->nfields != c->md_cells) {
		cbs_check_fail(c, c->lineno, "row cut short: %zu cells, the "
		    "header has %zu", c->nfields, c->md_cells);
		return;
	}
	if (c->geomean_line != 0) {
		cbs_check_fail(c, c->lineno, "a row after the table's geomean "
		    "row");
		return;
	}
	for (i = 0; i < c->nfields; i++)
		note_marks(c, c->fields[i]);
	if (strcmp(c->fields[0], "**geomean**") == 0)
		geomean_row(c);
	else
		body_row(c, c->fields[0]);
}

#define RUN_WIDE	"Run-wide shift of "

/* The suffix of s[0..*n) removed when it is tail. @return 1 if it was. */
static int
cut_suffix(const char *s, size_t *n, const char *tail)
{
	size_t k = strlen(tail);

	if (*n < k || memcmp(s + *n - k, tail, k) != 0)
		return 0;
	*n -= k;
	return 1;
}

/* The last "sep" in s[0..n), or NULL. */
static const char *
last_of(const char *s, size_t n, const char *sep)
{
	size_t k = strlen(sep), i;

	for (i = n; i >= k; i--)
		if (memcmp(s + i - k, sep, k) == 0)
			return s + i - k;
	return NULL;
}

/* "+2.97%" at s[0..n) into *pct and its text. @return 0 or -1. */
static int
percent(struct cbs_check *c, const char *s, size_t n, double *pct,
    const char **text)
{
	if ((*text = cbs_check_strndup(c, s, n)) == NULL)
		return -1;
	return cbs_check_parse_delta(*text, pct);
}

/* "🔴 **+9.14%**" (the writer's verdict) or "+2.97%": the change. */
static int
run_estimate(struct cbs_check *c, const char *s, size_t n, double *pct,
    const char **text)
{
	size_t k = 0;

	if (n > 0 && (unsigned char)s[0] >= 0x80) {
		while (k < n && (unsigned char)s[k] >= 0x80)
			k++;
		if (k > 4 || n < k + 5 || memcmp(s + k, " **", 3) != 0 ||
		    memcmp(s + n - 2, "**", 2) != 0)
			return -1;
		s += k + 3;
		n -= k + 5;
	}
	return percent(c, s, n, pct, text);
}

/* The count that s[0..*n) ends with, removed: 1 to 999999999 digits
 * without a leading zero.  @return 0 or -1. */
static int
cut_count(struct cbs_check *c, const char *s, size_t *n, size_t *count,
    const char **text)
{
	size_t k = 0;

	while (k < *n && k < 10 && s[*n - k - 1] >= '0' &&
	    s[*n - k - 1] <= '9')
		k++;
	if (k == 0 || k > 9 || s[*n - k] == '0')
		return -1;
	*n -= k;
	if ((*text = cbs_check_strndup(c, s + *n, k)) == NULL)
		return -1;
	*count = (size_t)strtoul(*text, NULL, 10);
	return 0;
}

/* "+2.18%..+3.75%" at s[0..n): the interval, which holds est. */
static int
run_interval(struct cbs_check *c, const char *s, size_t n, double est,
    const char **text)
{
	const char *dots = last_of(s, n, ".."), *t;
	double lo, hi;

	if (dots == NULL || percent(c, s, (size_t)(dots - s), &lo, &t) != 0 ||
	    percent(c, dots + 2, n - (size_t)(dots + 2 - s), &hi, &t) != 0 ||
	    !(lo <= est && est <= hi))
		return -1;
	*text = cbs_check_strndup(c, s, n);
	return *text == NULL ? -1 : 0;
}

/* The compared column labelled label, or 0. */
static size_t
column_of(const struct cbs_check *c, const char *label)
{
	size_t j;

	for (j = 1; j < c->ncols; j++)
		if (strcmp(c->cols[j].label, label) == 0)
			return j;
	return 0;
}

/*
 * "Run-wide shift of new.txt: +2.97% (+2.18%..+3.75%, the median of 12
 * benchmarks); each benchmark is judged against it" (md_run_wide in
 * fmt_markdown.c; "as measured" past the threshold, the change then
 * marked and bold), read from its end, since the label may hold any
 * text.  @return 0, or -1 when the line is not whole.
 */
static int
run_wide_parse(struct cbs_check *c, const char *line,
    struct cbs_check_cell *cell, double *pct, size_t *ncells)
{
	size_t n = strlen(line), skip = strlen(RUN_WIDE);
	const char *open, *colon, *label;

	if ((!cut_suffix(line, &n, "; each benchmark is judged against it") &&
	    !cut_suffix(line, &n, "; each benchmark is judged as measured")) ||
	    !cut_suffix(line, &n, " benchmarks)") ||
	    cut_count(c, line, &n, ncells, &cell->cells) != 0 ||
	    !cut_suffix(line, &n, ", the median of ") ||
	    (open = last_of(line, n, " (")) == NULL ||
	    (colon = last_of(line, (size_t)(open - line), ": ")) == NULL ||
	    colon < line + skip)
		return -1;
	if (run_estimate(c, colon + 2, (size_t)(open - colon - 2), pct,
	    &cell->estimate) != 0 || run_interval(c, open + 2,
	    n - (size_t)(open + 2 - line), *pct, &cell->interval) != 0 ||
	    (label = unescape(c, line + skip, (size_t)(colon - line) - skip,
	    0)) == NULL)
		return -1;
	cell->col = column_of(c, label);
	cell->column = label;
	return 0;
}

/* A run-wide line of the table just read, for the gate. */
static void
run_wide_line(struct cbs_check *c, const char *line)
{
	struct cbs_check_cell cell;
	size_t ncells;
	double pct;

	cbs_check_cell_init(&cell);
	cell.line = c->lineno;
	cell.run_wide = 1;
	cell.benchmark = CBS_RUN_WIDE;
	if (run_wide_parse(c, line, &cell, &pct, &ncells) != 0) {
		cbs_check_fail(c, c->lineno, "run-wide line not as cbenchstat "
		    "writes it (cut short?): want \"" RUN_WIDE "COLUMN: CHANGE "
		    "(LOW..HIGH, the median of N benchmarks); each benchmark "
		    "is judged against it\" or \"... as measured\"");
		return;
	}
	if (cell.col == 0) {
		cbs_check_fail(c, c->lineno, "run-wide line of column \"%s\", "
		    "which the table above does not compare", cell.column);
		return;
	}
	if (c->cols[cell.col].run_line != 0) {
		cbs_check_fail(c, c->lineno, "a second run-wide line of column "
		    "\"%s\" (the first is line %zu)", cell.column,
		    c->cols[cell.col].run_line);
		return;
	}
	c->cols[cell.col].run_line = c->lineno;
	cell.unit = c->cols[cell.col].unit;
	cell.column = c->cols[cell.col].label;
	cbs_check_run_wide(c, &cell, pct, ncells);
}

/* After the rows: blank lines, the gate's run-wide lines, and the next
 * note the rows cite ("1. all samples are equal"). */
static int
tail_line(struct cbs_check *c, const char *line)
{
	size_t len = strlen(line), k = strlen(RUN_WIDE);
	char *end;
	unsigned long n;

	if (line[0] == '\0')
		return 1;
	/* Its first bytes alone are a run-wide line cut short. */
	if (strncmp(line, RUN_WIDE, len < k ? len : k) == 0) {
		run_wide_line(c, line);
		return 1;
	}
	if (!(line[0] >= '1' && line[0] <= '9'))
		return 0;
	n = strtoul(line, &end, 10);
	if (n != c->nnotes + 1 || n > c->max_note ||
	    strncmp(end, ". ", 2) != 0)
		return 0;
	c->nnotes++;
	return 1;
}

/* "- **key**: value", or "- **key**:" for an empty value. */
static int
config(struct cbs_check *c, const char *line)
{
	const char *end;
	char *key, *val;

	if (strncmp(line, "- **", 4) != 0 ||
	    (end = strstr(line + 4, "**:")) == NULL ||
	    (end[3] != '\0' && end[3] != ' '))
		return 0;
	key = unescape(c, line + 4, (size_t)(end - line - 4), 0);
	end += end[3] == ' ' ? 4 : 3;
	val = unescape(c, end, strlen(end), 0);
	if (key != NULL && val != NULL)
		cbs_check_config_set(c, key, strlen(key), val, strlen(val));
	cbs_check_pending(c);
	return 1;
}

int
cbs_check_md_line(struct cbs_check *c, const char *line)
{
	size_t n = strlen(line);

	if (c->kind == CBS_CHECK_MD) {
		if (line[0] == '|') {
			row(c, line);
			return 1;
		}
		c->kind = CBS_CHECK_MD_TAIL;
	}
	if (c->kind == CBS_CHECK_MD_TAIL) {
		if (tail_line(c, line))
			return 1;
		cbs_check_end(c);
		return 0;
	}
	if (strncmp(line, "|:---|", 6) == 0 && c->md_header != NULL &&
	    c->head_line + 1 == c->lineno) {
		header(c, line);
		return 1;
	}
	if (strncmp(line, "| ", 2) == 0) {
		c->md_header = cbs_check_keep(c, line, n);
		c->head_line = c->lineno;
		cbs_check_pending(c);
		return 1;
	}
	if (n > 4 && strncmp(line, "**", 2) == 0 &&
	    strcmp(line + n - 2, "**") == 0) {
		c->unit = unescape(c, line + 2, n - 4, 1);
		cbs_check_pending(c);
		return 1;
	}
	return config(c, line);
}
