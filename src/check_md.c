/*
 * check_md.c: -check over cbenchstat's Markdown (-format markdown,
 * fmt_markdown.c).
 *
 * A table is "**unit**", a header row "| | base | new | vs base |", the
 * delimiter row "|:---|---:|...", then one row per benchmark and
 * "**geomean**".  Configuration lines are "- **key**: value".  Texts from
 * the input are backslash-escaped and are unescaped here; the marks and
 * bold of a verdict the writer drew are dropped, since -check applies
 * its own threshold to the printed delta.
 */
#include <string.h>

#include "cbenchstat.h"
#include "internal.h"
#include "check.h"

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
 * escaped.  @return 0 or CBS_ENOMEM. */
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
	return 0;
}

/* The header row: after the row-label cell, each column's label, and
 * after each but the first its "vs base" cell. */
static void
header(struct cbs_check *c)
{
	struct cbs_check_col *col = NULL;
	const char *f;
	size_t k;

	c->ncols = 0;
	if (split_row(c, c->md_header) != 0)
		return;
	for (k = 1; k < c->nfields; k++) {
		f = c->fields[k];
		if (strcmp(f, "vs base") == 0 && col != NULL) {
			col->dcell = k;
			continue;
		}
		if (cbs_check_cols(c, c->ncols + 1) != 0)
			return;
		col = &c->cols[c->ncols - 1];
		col->label = unescape(c, f, strlen(f), 1);
		col->unit = c->unit ? c->unit : "";
		col->cell = k;
	}
	c->kind = CBS_CHECK_MD;
	c->ntables++;
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

/* "🔴 **+19.89%** (p=0.000 n=10) <sup>1</sup>": the delta and p. */
static const char *
delta(struct cbs_check *c, const char *cell, const char **p)
{
	const char *q;

	*p = NULL;
	if ((q = strstr(cell, "(p=")) != NULL)
		*p = cbs_check_strndup(c, q + 3, strcspn(q + 3, " )"));
	while ((unsigned char)*cell >= 0x80 || *cell == ' ')
		cell++;
	if (strncmp(cell, "**", 2) == 0)
		cell += 2;
	if (*cell == '\0' || strncmp(cell, "<sup>", 5) == 0)
		return NULL;
	return cbs_check_strndup(c, cell, strcspn(cell, "* "));
}

static void
body_row(struct cbs_check *c)
{
	struct cbs_check_cell cell;
	const char *name = cbs_check_field_at(c, 0);
	size_t j;

	cbs_check_cell_init(&cell);
	cell.line = c->lineno;
	cell.geomean = strcmp(name, "**geomean**") == 0;
	cell.benchmark = cell.geomean ? "geomean" :
	    unescape(c, name, strlen(name), 0);
	if (cell.benchmark == NULL || c->ncols == 0)
		return;
	cell.base = centre(c, cbs_check_field_at(c, c->cols[0].cell));
	for (j = 1; j < c->ncols; j++) {
		if (c->cols[j].dcell == 0 || (cell.delta = delta(c,
		    cbs_check_field_at(c, c->cols[j].dcell), &cell.p)) == NULL)
			continue;
		cell.unit = c->cols[j].unit;
		cell.column = c->cols[j].label;
		cell.value = centre(c, cbs_check_field_at(c, c->cols[j].cell));
		if (cell.base == NULL)
			cell.base = "?";
		if (cell.value == NULL)
			cell.value = "?";
		cbs_check_gate(c, &cell);
	}
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
	return 1;
}

int
cbs_check_md_line(struct cbs_check *c, const char *line)
{
	size_t n = strlen(line);

	if (c->kind == CBS_CHECK_MD) {
		if (line[0] != '|')
			return 0;
		if (split_row(c, line) == 0)
			body_row(c);
		return 1;
	}
	if (strncmp(line, "|:---|", 6) == 0 && c->md_header != NULL &&
	    c->head_line + 1 == c->lineno) {
		header(c);
		return 1;
	}
	if (strncmp(line, "| ", 2) == 0) {
		c->md_header = cbs_check_keep(c, line, n);
		c->head_line = c->lineno;
		return 1;
	}
	if (n > 4 && strncmp(line, "**", 2) == 0 &&
	    strcmp(line + n - 2, "**") == 0) {
		c->unit = unescape(c, line + 2, n - 4, 1);
		return 1;
	}
	return config(c, line);
}
