/*
 * check_md.c: -check over cbenchstat's Markdown (-format markdown,
 * fmt_markdown.c).
 *
 * A table is "**unit**", a header row "| | base | new | vs base |", the
 * delimiter row "|:---|---:|...", then one row per benchmark and
 * "**geomean**" under two rows or more; after a blank line, the gate's
 * run-wide lines and the notes the rows cite ("1. all samples are
 * equal").  Configuration lines are "- **key**: value".  Texts from the
 * input are backslash-escaped and are unescaped here; the marks and
 * bold of a verdict the writer drew are dropped, since -check applies
 * its own threshold to the printed delta.
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

/* After the rows: blank lines, the gate's run-wide lines, and the next
 * note the rows cite ("1. all samples are equal"). */
static int
tail_line(struct cbs_check *c, const char *line)
{
	char *end;
	unsigned long n;

	if (line[0] == '\0' || strncmp(line, "Run-wide shift of ", 18) == 0)
		return 1;
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
