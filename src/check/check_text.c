/*
 * check_text.c: -check, the regression gate over tables already written.
 *
 * CI pipelines keep benchstat's output as bench_*.diff artifacts and used
 * to grep them for "+N%".  This reads those tables back and applies the
 * gate's rule to each comparison.  The format is told by the content:
 * a JSON report (check_json.c) when the file starts with "{", else lines
 * that may hold upstream's current text format (box-drawing headers,
 * "vs base" columns), its v1 format ("name  old time/op  new time/op
 * delta"), cbenchstat's CSV (check_csv.c) or Markdown (check_md.c).
 *
 * The gate fails closed: a file in which no table is found is an error,
 * since an empty artifact or raw "go test" output must not pass as "no
 * regression"; so is a table that is not whole (cbs_check_end), a row
 * cut short, and a last line without its line end, since a gate that
 * passed a cut artifact would pass on less than it was given.  Nothing
 * is cut: columns, names and numbers of any length are read in full.
 *
 * Upstream's text tables are laid out on a grid (fmt_text.c): the
 * header's column rules give each column's place, the first rule the
 * width of the label column.  A row is read by those places, not by its
 * look: a label may hold blanks, "│" or any first byte, and a benchmark
 * named "geomean" has values with "±", which the geomean row has not.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "check/check.h"

#define BAR "\xe2\x94\x82"	/* the column rule, U+2502 */
#define BAR_LEN 3
#define PLUS_MINUS "\xc2\xb1"
#define VS_BASE "vs base"

/* ------------------------------------------------------ runes */

/* The bytes of the rune at s, an invalid byte being one rune, as
 * cbs_utf8_count and so the writer's layout count them. */
static size_t
rune_len(const char *s)
{
	unsigned r;

	if ((unsigned char)*s < 0x80)
		return 1;
	return cbs_utf8_decode(s, strnlen(s, 4), &r);
}


/*
 * The number that a run of superscript digits at s[0..len) writes ("¹²"
 * is 12), as upstream numbers footnotes, or 0; *used gets its bytes.
 * Nine digits at most, so the number cannot overflow.
 */
static size_t
superscript(const char *s, size_t len, size_t *used)
{
	static const char *const digits[] = { "\xe2\x81\xb0", "\xc2\xb9",
	    "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4", "\xe2\x81\xb5",
	    "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9" };
	size_t n = 0, i = 0, d, k = 0, ndigits;

	for (ndigits = 0; ndigits < 9; ndigits++) {
		for (d = 0; d < 10; d++) {
			k = strlen(digits[d]);
			if (i + k <= len && memcmp(s + i, digits[d], k) == 0)
				break;
		}
		if (d == 10)
			break;
		n = n * 10 + d;
		i += k;
	}
	*used = i;
	return n;
}

/* s[0..n) without blanks around it, kept for the file or the line. */
static char *
trimmed(struct cbs_check *c, const char *s, size_t n, int keep)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return keep ? cbs_check_keep(c, s, n) : cbs_check_strndup(c, s, n);
}

/* line[0..end) without the blanks after it: a row's label. */
static char *
label_of(struct cbs_check *c, const char *line, const char *end)
{
	while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return cbs_check_strndup(c, line, (size_t)(end - line));
}

/* ------------------------------------------------------ text headers */

/* A header row: blanks, then cells between column rules, a rule ending
 * the line (upstream's KeyHeader rows and its unit row). */
static int
is_header_row(const char *line)
{
	size_t lead = strspn(line, " "), len = strlen(line);

	return lead > 0 && strncmp(line + lead, BAR, BAR_LEN) == 0 &&
	    len >= lead + 2 * BAR_LEN &&
	    strcmp(line + len - BAR_LEN, BAR) == 0;
}

static int
add_seg(struct cbs_check *c, size_t at, const char *text)
{
	struct cbs_check_seg *s;

	if (cbs_grow(&c->segs, &c->capsegs, c->nsegs + 1,
	    sizeof(*c->segs)) != 0) {
		c->rc = CBS_ENOMEM;
		return -1;
	}
	s = &c->segs[c->nsegs++];
	s->row = c->nhrows;
	s->at = at;
	s->text = text;
	return 0;
}

/* A header row's cells, each with the rune offset of the rule on its
 * left; the row's last rule closes it (text NULL). */
static void
text_header_row(struct cbs_check *c, const char *line)
{
	const char *p = line, *cell = NULL;
	size_t at = 0, left = 0;

	if (c->kind != CBS_CHECK_TEXT_HEAD) {
		cbs_check_begin(c, CBS_CHECK_TEXT_HEAD);
		c->nsegs = c->nhrows = 0;
	}
	for (; *p != '\0'; at++) {
		if (strncmp(p, BAR, BAR_LEN) != 0) {
			p += rune_len(p);
			continue;
		}
		if (cell != NULL && add_seg(c, left, trimmed(c, cell,
		    (size_t)(p - cell), 1)) != 0)
			return;
		left = at;
		p += BAR_LEN;
		cell = p;
	}
	if (add_seg(c, left, NULL) == 0)
		c->nhrows++;
}

/* "sec/op" over the base column, "sec/op     vs base" over the others:
 * the unit.  @return 0, or -1 when the cell is not that. */
static int
unit_cell(struct cbs_check *c, size_t col, const char *text)
{
	size_t len = strlen(text), vs = strlen(VS_BASE);

	if (col > 0) {
		if (len < vs || strcmp(text + len - vs, VS_BASE) != 0)
			return -1;
		len -= vs;
	}
	c->cols[col].unit = trimmed(c, text, len, 1);
	return c->cols[col].unit == NULL || c->cols[col].unit[0] == '\0' ?
	    -1 : 0;
}

/* Add a header cell's text to the label of col, as cbs_table_col_label
 * joins the values of several fields. */
static void
add_label(struct cbs_check *c, size_t col, const char *text)
{
	struct cbs_check_col *k = &c->cols[col];
	size_t n;
	char *s;

	if (text[0] == '\0')
		return;
	if (k->label == NULL) {
		k->label = text;
		return;
	}
	n = strlen(k->label) + strlen(text) + 2;
	if ((s = cbs_check_keep(c, NULL, n)) == NULL)
		return;
	snprintf(s, n, "%s %s", k->label, text);
	k->label = s;
}

/*
 * The rows above the unit row name the columns: a cell spans the
 * columns whose rules lie from its left rule to the next one.  Every
 * row starts and ends on the column rules.  @return 0, or -1 when a row
 * does not.
 */
static int
header_labels(struct cbs_check *c, size_t nlabel_segs)
{
	const struct cbs_check_seg *s;
	size_t i, col = 0;

	for (i = 0; i < nlabel_segs; i++) {
		s = &c->segs[i];
		if (i == 0 || s[-1].text == NULL) {
			if (s->at != c->bars[0])
				return -1;
			col = 0;
		}
		if (s->text == NULL) {
			if (s->at != c->bars[c->ncols])
				return -1;
			continue;
		}
		for (; col < c->ncols && c->bars[col] < s[1].at; col++)
			add_label(c, col, s->text);
	}
	return 0;
}

/* The index of the first cell of header row `row`. */
static size_t
row_start(const struct cbs_check *c, size_t row)
{
	size_t i = 0;

	while (i < c->nsegs && c->segs[i].row < row)
		i++;
	return i;
}

/*
 * The header is read: the rules that bound the columns are those of
 * the row above the unit row, which has one cell per column (columns
 * differ in their last key).  The unit row's own rules are pushed right
 * after a "vs base" wider than the columns under it (upstream pads a
 * negative width), which the rows below are not; it has a cell per
 * column all the same, naming the unit.
 */
static void
text_header_end(struct cbs_check *c)
{
	size_t unit_row = c->nhrows - 1, grid, g, u, n, j;

	grid = unit_row > 0 ? unit_row - 1 : unit_row;
	g = row_start(c, grid);
	u = row_start(c, unit_row);
	n = (grid == unit_row ? c->nsegs : u) - g;
	c->ncols = 0;
	if (n < 2 || c->nsegs - u != n || cbs_check_cols(c, n - 1) != 0)
		goto bad;
	if (cbs_grow(&c->bars, &c->capbars, n, sizeof(*c->bars)) != 0) {
		c->rc = CBS_ENOMEM;
		return;
	}
	for (j = 0; j < n; j++)
		c->bars[j] = c->segs[g + j].at;
	if (c->segs[u].at != c->bars[0])
		goto bad;
	for (j = 0; j + 1 < n; j++)
		if (unit_cell(c, j, c->segs[u + j].text) != 0)
			goto bad;
	if (header_labels(c, u) != 0)
		goto bad;
	c->label_runes = c->bars[0] - 1;
	c->kind = CBS_CHECK_TEXT;
	return;
bad:
	if (c->rc == 0)
		cbs_check_fail(c, c->last_line, "table header not as benchstat "
		    "writes it: want column rules aligned over the rows, the "
		    "unit over every column and \"" VS_BASE "\" after it over "
		    "every column but the first");
}

/* ------------------------------------------------------ text rows */

/* The end of the token at p: a test "(p=0.000 n=10)" is one token. */
static const char *
token_end(const char *p)
{
	const char *q;

	if (*p == '(') {
		for (q = p + 1; *q != '\0' && *q != ')' && *q != '('; q++)
			;
		if (*q == ')')
			return q + 1;
	}
	return p + strcspn(p, " ");
}

/* The tokens of a row from p on, p being rune at of the line. */
static int
tokenize(struct cbs_check *c, const char *p, size_t at)
{
	struct cbs_check_tok *t;
	const char *end;

	c->ntoks = 0;
	while (*p != '\0') {
		if (*p == ' ') {
			p++;
			at++;
			continue;
		}
		end = token_end(p);
		if (cbs_grow(&c->toks, &c->captoks, c->ntoks + 1,
		    sizeof(*c->toks)) != 0)
			return c->rc = CBS_ENOMEM;
		t = &c->toks[c->ntoks++];
		t->s = p;
		t->len = (size_t)(end - p);
		t->at = at;
		at += cbs_utf8_count_n(p, t->len);
		p = end;
	}
	return 0;
}

static int
tok_is(const struct cbs_check_tok *t, const char *s)
{
	return t->len == strlen(s) && memcmp(t->s, s, t->len) == 0;
}

/* "(p=0.000 n=10)", "(n=4+5)". */
static int
tok_is_test(const struct cbs_check_tok *t)
{
	return t->len > 2 && t->s[0] == '(' && t->s[t->len - 1] == ')' &&
	    cbs_check_is_test(t->s + 1, t->len - 2);
}

/* "~", "?", "+19.89%": a change, as the writers print it. */
static int
tok_is_change(const struct cbs_check_tok *t)
{
	return tok_is(t, "~") || tok_is(t, "?") || t->s[t->len - 1] == '%';
}

/* Footnote marks from token i on: note the highest number they cite.
 * @return the token after them. */
static size_t
skip_marks(struct cbs_check *c, size_t i)
{
	size_t n, used;

	for (; i < c->ntoks; i++) {
		n = superscript(c->toks[i].s, c->toks[i].len, &used);
		if (n == 0 || used != c->toks[i].len)
			break;
		if (n > c->max_note)
			c->max_note = n;
	}
	return i;
}

/* The column from col on whose rules enclose rune at, or c->ncols:
 * cells come left to right, so a row is searched once. */
static size_t
column_at(const struct cbs_check *c, size_t at, size_t col)
{
	for (; col < c->ncols; col++)
		if (c->bars[col] < at && at < c->bars[col + 1])
			return col;
	return c->ncols;
}

static char *
tok_text(struct cbs_check *c, const struct cbs_check_tok *t)
{
	return cbs_check_strndup(c, t->s, t->len);
}

/* The comparison of token i (the change) and i + 1 (the test) with the
 * base value, in column col. */
static void
text_compare(struct cbs_check *c, struct cbs_check_cell *cell, size_t i,
    size_t col)
{
	const struct cbs_check_tok *t = &c->toks[i + 1];

	if (!tok_is_change(&c->toks[i])) {
		cbs_check_fail(c, c->lineno, "row malformed: \"%.*s\" is not "
		    "a change", (int)c->toks[i].len, c->toks[i].s);
		return;
	}
	cell->delta = tok_text(c, &c->toks[i]);
	cell->p = strncmp(t->s, "(p=", 3) != 0 ? NULL :
	    cbs_check_strndup(c, t->s + 3, strcspn(t->s + 3, " )"));
	cell->unit = c->cols[col].unit;
	cell->column = c->cols[col].label;
	if (c->rc == 0)
		cbs_check_gate(c, cell);
}

/*
 * One cell of a row from token i: "value ± range", its footnote marks,
 * then, in every column but the base's when the row has a base value,
 * "change (test)" and their marks.  *col is the column searched from;
 * @return the token after the cell, or c->ntoks + 1 after an error.
 */
static size_t
text_cell(struct cbs_check *c, struct cbs_check_cell *cell, size_t i,
    size_t *col)
{
	const struct cbs_check_tok *t = c->toks;
	const char *value;
	int cmp;

	if (i + 2 >= c->ntoks || !tok_is(&t[i + 1], PLUS_MINUS)) {
		cbs_check_fail(c, c->lineno, "row cut short: \"%.*s\" is not "
		    "followed by \"" PLUS_MINUS " range\"", (int)t[i].len,
		    t[i].s);
		return c->ntoks + 1;
	}
	if ((*col = column_at(c, t[i + 1].at, *col)) >= c->ncols) {
		cbs_check_fail(c, c->lineno, "row not aligned with the "
		    "header's columns at \"%.*s\"", (int)t[i].len, t[i].s);
		return c->ntoks + 1;
	}
	value = tok_text(c, &t[i]);
	if (*col == 0)
		cell->base = value;
	i = skip_marks(c, i + 3);
	cmp = i + 1 < c->ntoks && tok_is_test(&t[i + 1]);
	if (!cmp && i < c->ntoks &&
	    !(i + 1 < c->ntoks && tok_is(&t[i + 1], PLUS_MINUS))) {
		cbs_check_fail(c, c->lineno, "row cut short: \"%.*s\" is not "
		    "followed by a test \"(p=... n=...)\"", (int)t[i].len,
		    t[i].s);
		return c->ntoks + 1;
	}
	if (cmp != (*col > 0 && cell->base != NULL)) {
		cbs_check_fail(c, c->lineno, cmp ? "row malformed: a "
		    "comparison without a base value" : "row cut short: "
		    "column \"%s\" has no comparison with the base",
		    c->cols[*col].label ? c->cols[*col].label : "");
		return c->ntoks + 1;
	}
	if (!cmp)
		return i;
	cell->value = value;
	text_compare(c, cell, i, *col);
	return skip_marks(c, i + 2);
}

static void
text_benchmark_row(struct cbs_check *c, const char *label)
{
	struct cbs_check_cell cell;
	size_t i = 0, col = 0;

	cbs_check_cell_init(&cell);
	cell.line = c->lineno;
	cell.benchmark = label;
	if (c->ntoks == 0) {
		cbs_check_fail(c, c->lineno, "row cut short: no values after "
		    "the label \"%s\"", label);
		return;
	}
	while (i < c->ntoks && c->rc == 0) {
		i = text_cell(c, &cell, i, &col);
		col++;
	}
	c->nrows++;
}

/* "geomean  2.377µ  2.373µ  -0.14%": a centre where there is one, and
 * a ratio ("?" without one) in every column but the base's. */
static void
text_geomean_row(struct cbs_check *c)
{
	struct cbs_check_cell cell;
	const struct cbs_check_tok *t;
	size_t i, col = 1, nratios = 0, used, n;

	if (c->nrows < 2) {
		cbs_check_fail(c, c->lineno, "a geomean row under fewer than "
		    "two rows");
		return;
	}
	cbs_check_cell_init(&cell);
	cell.line = c->lineno;
	cell.benchmark = "geomean";
	cell.geomean = 1;
	cell.base = cell.value = "?";
	for (i = 0; i < c->ntoks && c->rc == 0; i++) {
		t = &c->toks[i];
		n = superscript(t->s, t->len, &used);
		if (n > 0 && used == t->len) {
			if (n > c->max_note)
				c->max_note = n;
			continue;
		}
		if (!tok_is(t, "?") && t->s[t->len - 1] != '%')
			continue;
		if ((col = column_at(c, t->at, col)) >= c->ncols) {
			cbs_check_fail(c, c->lineno, "geomean row not aligned "
			    "with the header's columns at \"%.*s\"",
			    (int)t->len, t->s);
			return;
		}
		cell.delta = tok_text(c, t);
		cell.unit = c->cols[col].unit;
		cell.column = c->cols[col].label;
		cbs_check_gate(c, &cell);
		col++;
		nratios++;
	}
	if (c->rc == 0 && nratios + 1 != c->ncols)
		cbs_check_fail(c, c->lineno, "geomean row cut short: %zu "
		    "changes for %zu compared columns", nratios, c->ncols - 1);
	c->geomean_line = c->lineno;
}

/* A row: the label is what the label column holds. */
static void
text_row(struct cbs_check *c, const char *line)
{
	const char *p = line;
	size_t at, i;
	char *label;
	int values = 0;

	for (at = 0; at < c->label_runes && *p != '\0'; at++)
		p += rune_len(p);
	if (*p != '\0' && *p != ' ') {
		cbs_check_fail(c, c->lineno, "row not aligned with the header: "
		    "its label is wider than the label column");
		return;
	}
	if ((label = label_of(c, line, p)) == NULL ||
	    tokenize(c, p, at) != 0)
		return;
	if (c->nrows == 0)
		c->short_label = cbs_utf8_count_n(label, strlen(label)) <
		    c->label_runes;
	for (i = 0; i < c->ntoks; i++)
		values |= tok_is(&c->toks[i], PLUS_MINUS);
	if (strcmp(label, "geomean") == 0 && !values)
		text_geomean_row(c);
	else
		text_benchmark_row(c, label);
}

/* "¹ all samples are equal": the next footnote, if the rows cite it. */
static int
text_footnote(struct cbs_check *c, const char *line)
{
	size_t used, n = superscript(line, strlen(line), &used);

	if (n == 0 || n != c->nnotes + 1 || n > c->max_note ||
	    line[used] != ' ')
		return 0;
	c->nnotes++;
	return 1;
}

/* A table of one row has no geomean row, and its label column is as
 * wide as that row's label: a wider one was laid out for more rows. */
static void
text_end(struct cbs_check *c)
{
	int cut = c->kind == CBS_CHECK_TEXT && c->nrows == 1 &&
	    c->short_label;

	cbs_check_end(c);
	if (cut)
		cbs_check_fail(c, c->last_line, "table cut short after its "
		    "first row: the label column is wider than that row's "
		    "label");
}

/* Rows, then the geomean row, then the footnotes, up to a blank line. */
static void
text_line(struct cbs_check *c, const char *line)
{
	if (line[0] == '\0')
		text_end(c);
	else if (text_footnote(c, line))
		return;
	else if (c->nnotes > 0)
		cbs_check_fail(c, c->lineno, "a line after the table's "
		    "footnotes%s", cbs_check_gate_line_hint(line));
	else if (c->geomean_line != 0)
		cbs_check_fail(c, c->lineno, "a row after the table's geomean "
		    "row%s", cbs_check_gate_line_hint(line));
	else
		text_row(c, line);
}

/* ------------------------------------------------------ v1 */

/* v1: "name  old time/op  new time/op  delta". */
static int
v1_header(struct cbs_check *c, const char *line)
{
	const char *old, *unit;

	if (strncmp(line, "name ", 5) != 0 ||
	    (old = strstr(line, " old ")) == NULL ||
	    strstr(line, " new ") == NULL || strstr(line, "delta") == NULL)
		return 0;
	cbs_check_begin(c, CBS_CHECK_V1);
	c->ncols = 0;
	if (cbs_check_cols(c, 2) != 0)
		return 1;
	unit = cbs_check_keep(c, old + 5, strcspn(old + 5, " \t"));
	c->cols[0].unit = c->cols[1].unit = unit;
	c->cols[0].label = "old";
	c->cols[1].label = "new";
	return 1;
}

/* The token that ends just before p (after skipping blanks). */
static const char *
token_before(struct cbs_check *c, const char *line, const char *p,
    const char **start)
{
	const char *end = p;

	while (end > line && end[-1] == ' ')
		end--;
	p = end;
	while (p > line && p[-1] != ' ')
		p--;
	*start = p;
	return cbs_check_strndup(c, p, (size_t)(end - p));
}

static void
v1_cell(struct cbs_check *c, struct cbs_check_cell *cell)
{
	cell->unit = c->cols[1].unit;
	cell->column = c->cols[1].label;
	cbs_check_gate(c, cell);
}

/*
 * The last " ± " that ends before end, or NULL: searched backwards, as
 * strstr from each match would read the rest of the row each time
 * (sanitizers' strstr does), which makes a long row quadratic.
 */
static const char *
last_pm_before(const char *line, const char *end)
{
	static const char pm[] = " " PLUS_MINUS " ";
	const char *p = end;

	while (p > line) {
		p--;
		if ((size_t)(end - p) >= sizeof(pm) - 1 &&
		    memcmp(p, pm, sizeof(pm) - 1) == 0)
			return p;
	}
	return NULL;
}

/* "[Geo mean]  2.38µs  2.37µs  -0.14%": no "±". */
static void
v1_geomean_row(struct cbs_check *c, const char *line,
    struct cbs_check_cell *cell)
{
	const char *q = strrchr(line, '%'), *start;

	cell->benchmark = "geomean";
	cell->geomean = 1;
	cell->base = cell->value = "?";
	if (q == NULL)
		return;
	cell->delta = token_before(c, line, q + 1, &start);
	v1_cell(c, cell);
}

/* "Decode-48  2.41µs ± 1%  2.89µs ± 1%  +19.89%  (p=0.000 n=10+10)":
 * v1 compares two columns, old and new. */
static void
v1_row(struct cbs_check *c, const char *line)
{
	struct cbs_check_cell cell;
	const char *dbl = strstr(line, "  "), *pm, *q, *start, *last;
	char *label;

	cbs_check_cell_init(&cell);
	cell.line = c->lineno;
	label = label_of(c, line, dbl != NULL ? dbl : line + strlen(line));
	if (label == NULL)
		return;
	pm = strstr(line, " " PLUS_MINUS " ");
	if (pm == NULL && (strcmp(label, "[Geo mean]") == 0 ||
	    strcmp(label, "geomean") == 0)) {
		v1_geomean_row(c, line, &cell);
		return;
	}
	c->nrows++;
	cell.benchmark = label;
	if (pm == NULL || ((q = strstr(line, " (p=")) == NULL &&
	    (q = strstr(line, " (n=")) == NULL))
		return;
	cell.base = token_before(c, line, pm, &start);
	cell.p = strncmp(q + 2, "p=", 2) != 0 ? NULL :
	    cbs_check_strndup(c, q + 4, strcspn(q + 4, " )"));
	cell.delta = token_before(c, line, q, &start);
	/* The new value is the one before the last "±" before the change. */
	last = last_pm_before(line, start);
	cell.value = last == NULL || last == pm ? "?" :
	    token_before(c, line, last, &q);
	v1_cell(c, &cell);
}

static void
v1_line(struct cbs_check *c, const char *line)
{
	if (line[0] == '\0')
		cbs_check_end(c);
	else
		v1_row(c, line);
}

/* ------------------------------------------------------ lines */

/* Between tables: a header of any line format, or configuration. */
static void
between_tables(struct cbs_check *c, const char *line)
{
	if (line[0] == '\0')
		return;
	if (is_header_row(line)) {
		text_header_row(c, line);
		return;
	}
	if (v1_header(c, line) || cbs_check_csv_line(c, line) ||
	    cbs_check_md_line(c, line))
		return;
	/* The command writes them before the report, never between its
	 * tables: there such a line is configuration, and a file that
	 * ends on it is cut. */
	if (c->ntables == 0 && cbs_check_gate_line(line))
		return;
	if (cbs_check_config_line(c, line)) {
		if (c->pending_line == 0)
			c->pending_gate = cbs_check_gate_line(line);
		cbs_check_pending(c);
	}
}

static void
check_line(struct cbs_check *c, const char *line)
{
	switch (c->kind) {
	case CBS_CHECK_MD:
	case CBS_CHECK_MD_TAIL:
		if (cbs_check_md_line(c, line) || c->rc != 0)
			return;
		break;
	case CBS_CHECK_CSV:
		if (line[0] == '\0')
			cbs_check_end(c);
		else
			cbs_check_csv_line(c, line);
		return;
	case CBS_CHECK_TEXT_HEAD:
		if (is_header_row(line)) {
			text_header_row(c, line);
			return;
		}
		text_header_end(c);
		if (c->rc == 0)
			text_line(c, line);
		return;
	case CBS_CHECK_TEXT:
		text_line(c, line);
		return;
	case CBS_CHECK_V1:
		v1_line(c, line);
		return;
	case CBS_CHECK_NONE:
		break;
	}
	between_tables(c, line);
}

/*
 * The end of the file ends the table being read.  Every writer ends its
 * lines with a line end, so a last line without one was cut: a row, a
 * footnote, the blanks that start a text header, alike.
 */
static void
end_of_file(struct cbs_check *c, int ended)
{
	if (c->ntables == 0 && c->kind == CBS_CHECK_NONE)
		return;
	if (!ended)
		cbs_check_fail(c, c->lineno, "file cut short: its last line "
		    "has no line end");
	if (c->kind == CBS_CHECK_TEXT_HEAD)
		text_header_end(c);
	if (c->kind == CBS_CHECK_TEXT)
		text_end(c);
	else
		cbs_check_end(c);
	if (c->pending_line != 0)
		cbs_check_fail(c, c->pending_line, "table cut short: the file "
		    "ends before the table that this line begins%s",
		    c->pending_gate ? CBS_CHECK_GATE_LINE_HINT : "");
}

/* @return 1 if line holds nothing but blanks. */
static int
blank(const char *line)
{
	return line[strspn(line, " \t")] == '\0';
}

static int
read_lines(struct cbs_check *c, FILE *fp)
{
	char *line = NULL;
	size_t cap = 0, blanks = 0;
	ssize_t n;
	int rc = 0, content = 0, ended = 1, json = 0;

	while (c->rc == 0 && (n = getline(&line, &cap, fp)) >= 0) {
		c->lineno++;
		ended = n > 0 && line[n - 1] == '\n';
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!content && blank(line)) {
			blanks++;
			continue;
		}
		/* A JSON report is told by its first character. */
		if (!content++ && cbs_check_json_start(line)) {
			json = 1;
			rc = cbs_check_json(c, fp, blanks, line, (size_t)n,
			    ended, c->err, c->errlen);
			break;
		}
		check_line(c, line);
		if (c->kind != CBS_CHECK_NONE)
			c->last_line = c->lineno;
		cbs_arena_free(c->scratch);
		c->scratch = NULL;
		c->nfields = 0;
	}
	free(line);
	if (rc != 0)
		return rc;
	if (c->rc == 0 && ferror(fp)) {
		snprintf(c->err, c->errlen, "%s: %s", c->path, strerror(errno));
		return CBS_EIO;
	}
	if (!json && c->rc == 0)
		end_of_file(c, ended);
	return c->rc;
}

/* @return the comparisons read: the cells that the gate judges, not
 * geomeans or run-wide shifts.  None, as live, is an error: the file's
 * tables would pass on nothing. */
static size_t
compared(const struct cbs_check *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->nitems; i++)
		n += !c->items[i].geomean && !c->items[i].run_wide;
	return n;
}

static void
check_free(struct cbs_check *c)
{
	cbs_arena_free(c->scratch);
	cbs_arena_free(c->arena);
	free(c->keys);
	free(c->vals);
	free(c->cols);
	free(c->segs);
	free(c->bars);
	free(c->toks);
	free(c->fields);
	free(c->items);
}

static long
check_read_in_c_locale(FILE *fp, const char *path,
    const struct cbs_gate_opts *o, cbs_regression_fn fn, void *ctx,
    char *err, size_t errlen)
{
	struct cbs_check c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.path = path;
	c.err = err;
	c.errlen = errlen;
	c.threshold = o->threshold;
	c.gate_geomean = o->gate_geomean;
	c.gate_alpha = o->alpha;
	c.strict = o->strict;
	c.fn = fn;
	c.ctx = ctx;
	rc = read_lines(&c, fp);
	if (rc == 0 && c.ntables > 0 && compared(&c) == 0) {
		snprintf(err, errlen, "%s: the gate judged nothing: its tables "
		    "compare no benchmark with a base column", path);
		rc = CBS_EPARSE;
	}
	if (rc == 0 && c.ntables > 0) {
		cbs_check_finish(&c);
		rc = c.rc;
	}
	if (rc == 0 && c.ntables == 0) {
		snprintf(err, errlen, "%s: no benchmark table found (want the "
		    "output of cbenchstat or benchstat: text, CSV, Markdown or "
		    "JSON)", path);
		rc = CBS_EPARSE;
	}
	if (rc == CBS_ENOMEM)
		snprintf(err, errlen, "%s: %s", path, cbs_strerror(rc));
	check_free(&c);
	return rc != 0 ? rc : c.hits;
}

/* The body above, in the C locale's numbers (c_numeric.c). */
long
cbs_check_read(FILE *fp, const char *path, const struct cbs_gate_opts *o,
    cbs_regression_fn fn, void *ctx, char *err, size_t errlen)
{
	locale_t saved;
	long rc;

	if (cbs_c_numeric_enter(&saved) != 0)
		return CBS_ENOMEM;
	rc = check_read_in_c_locale(fp, path, o, fn, ctx, err, errlen);
	cbs_c_numeric_leave(saved);
	return rc;
}
