/*
 * check.c: -check, the regression gate over tables already written.
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
 * regression".  Nothing is cut: columns, names and numbers of any
 * length are read in full.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "internal.h"
#include "check.h"
#include "shift.h"

#define BAR "\xe2\x94\x82"	/* the column rule, U+2502 */
#define PLUS_MINUS " \xc2\xb1 "


/* ------------------------------------------------------ text headers */

/*
 * strstr that reads no further than the match.  A row of thousands of
 * comparisons is searched once per comparison; the C library's strstr
 * may look at the whole rest of the line each time (sanitizers' does),
 * which makes the row quadratic.
 */
static const char *
find(const char *p, const char *needle)
{
	size_t n = strlen(needle);

	for (; *p != '\0'; p++)
		if (*p == *needle && strncmp(p, needle, n) == 0)
			return p;
	return NULL;
}

static size_t
rune_offset(const char *line, const char *p)
{
	size_t n = 0;

	for (; line < p; line++)
		if (((unsigned char)*line & 0xC0) != 0x80)
			n++;
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

/* The header row before this one named columns: add its names to the
 * labels, as cbs_table_col_label joins the values of several fields. */
static void
fold_pending(struct cbs_check *c)
{
	struct cbs_check_col *col;
	const char *p;
	size_t i, n;
	char *s;

	if (cbs_check_cols(c, c->npending) != 0)
		return;
	for (i = 0; i < c->npending; i++) {
		col = &c->cols[i];
		if ((p = c->pending[i]) == NULL || p[0] == '\0')
			continue;
		if (col->label == NULL) {
			col->label = p;
			continue;
		}
		n = strlen(col->label) + strlen(p) + 2;
		if ((s = cbs_check_keep(c, NULL, n)) == NULL)
			return;
		snprintf(s, n, "%s %s", col->label, p);
		col->label = s;
	}
}

/* A row with column rules; segment 0 is the label area, and the text
 * after the last rule is not a column. */
static void
text_header_row(struct cbs_check *c, const char *line)
{
	const char *p = line, *bar, *vs;
	size_t seg = 0, runes = 0;

	if (c->kind != CBS_CHECK_TEXT_HEAD) {
		c->kind = CBS_CHECK_TEXT_HEAD;
		c->ncols = c->nvs = 0;
	} else
		fold_pending(c);
	c->npending = 0;
	while ((bar = find(p, BAR)) != NULL) {
		if (seg++ > 0) {
			if (cbs_grow(&c->pending, &c->cappending,
			    c->npending + 1, sizeof(*c->pending)) != 0) {
				c->rc = CBS_ENOMEM;
				return;
			}
			c->pending[c->npending++] = trimmed(c, p,
			    (size_t)(bar - p), 1);
		}
		p = bar + strlen(BAR);
	}
	/* Offsets in runes, counted on from the previous one. */
	p = line;
	for (vs = find(line, "vs base"); vs != NULL;
	    vs = find(vs + 1, "vs base")) {
		if (cbs_grow(&c->vs_base, &c->capvs, c->nvs + 1,
		    sizeof(*c->vs_base)) != 0) {
			c->rc = CBS_ENOMEM;
			return;
		}
		runes += rune_offset(p, vs);
		p = vs;
		c->vs_base[c->nvs++] = runes;
	}
}

/* The last header row names the units: "sec/op", "sec/op  vs base". */
static void
text_header_end(struct cbs_check *c)
{
	size_t i;
	const char *u;

	if (cbs_check_cols(c, c->npending) != 0)
		return;
	for (i = 0; i < c->npending; i++) {
		u = c->pending[i];
		if (u == NULL)
			return;
		c->cols[i].unit = cbs_check_keep(c, u, strcspn(u, " "));
	}
	c->kind = CBS_CHECK_TEXT;
	c->ntables++;
}

/* v1: "name  old time/op  new time/op  delta". */
static int
v1_header(struct cbs_check *c, const char *line)
{
	const char *old, *unit;

	if (strncmp(line, "name ", 5) != 0 ||
	    (old = strstr(line, " old ")) == NULL ||
	    strstr(line, " new ") == NULL || strstr(line, "delta") == NULL)
		return 0;
	c->ncols = 0;
	if (cbs_check_cols(c, 2) != 0)
		return 1;
	unit = cbs_check_keep(c, old + 5, strcspn(old + 5, " \t"));
	c->cols[0].unit = c->cols[1].unit = unit;
	c->cols[0].label = "old";
	c->cols[1].label = "new";
	c->kind = CBS_CHECK_V1;
	c->ntables++;
	return 1;
}

/* ------------------------------------------------------ text body rows */

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

/*
 * Where a row has been scanned to: comparisons are found left to right,
 * so runes, centres and columns are counted in one pass over the row,
 * however many comparisons it has.
 */
struct scan {
	const char *pos;	/* runes counted up to here */
	size_t runes;
	const char *pm;		/* searched for " ± " up to here */
	const char *last_pm;	/* the last one found */
	size_t vs;		/* "vs base" offsets passed */
};

/* The column whose "vs base" is nearest to the left of start. */
static size_t
scan_column(const struct cbs_check *c, struct scan *s, const char *start)
{
	for (; s->pos < start; s->pos++)
		if (((unsigned char)*s->pos & 0xC0) != 0x80)
			s->runes++;
	while (s->vs < c->nvs && c->vs_base[s->vs] <= s->runes + 1)
		s->vs++;
	return s->vs > 0 ? s->vs : 1;
}

/* The centre printed before the last " ± " to the left of start. */
static const char *
scan_centre(struct cbs_check *c, const char *line, struct scan *s,
    const char *start)
{
	const char *tok;

	for (; s->pm < start; s->pm++)
		if (strncmp(s->pm, PLUS_MINUS, strlen(PLUS_MINUS)) == 0)
			s->last_pm = s->pm;
	if (s->last_pm == NULL)
		return "?";
	return token_before(c, line, s->last_pm, &tok);
}

static void
text_cell(struct cbs_check *c, struct cbs_check_cell *cell, size_t col)
{
	if (col >= c->ncols || c->cols[col].unit == NULL)
		return;
	cell->unit = c->cols[col].unit;
	cell->column = c->cols[col].label;
	if (cell->delta != NULL && cell->base != NULL && cell->value != NULL)
		cbs_check_gate(c, cell);
}

static void
text_geomean_row(struct cbs_check *c, const char *line,
    struct cbs_check_cell *cell)
{
	struct scan s = { line, 0, line, NULL, 0 };
	const char *q, *start;

	cell->benchmark = "geomean";
	cell->geomean = 1;
	cell->base = cell->value = "?";
	for (q = find(line, "%"); q != NULL; q = find(q + 1, "%")) {
		cell->delta = token_before(c, line, q + 1, &start);
		text_cell(c, cell, c->kind == CBS_CHECK_V1 ? 1 :
		    scan_column(c, &s, start));
	}
}

/* Each "(p=0.000 n=10)" or "(n=1)" closes one comparison. */
static void
text_body_row(struct cbs_check *c, const char *line)
{
	struct scan s = { line, 0, line, NULL, 0 };
	struct cbs_check_cell cell;
	const char *q, *start, *dbl = strstr(line, "  "), *pm;
	char *label;

	cbs_check_cell_init(&cell);
	cell.line = c->lineno;
	label = trimmed(c, line, dbl ? (size_t)(dbl - line) : strlen(line),
	    0);
	if (label == NULL)
		return;
	if (strcmp(label, "geomean") == 0 || strcmp(label, "[Geo mean]") == 0) {
		text_geomean_row(c, line, &cell);
		return;
	}
	cell.benchmark = label;
	cell.base = (pm = strstr(line, PLUS_MINUS)) == NULL ? "?" :
	    token_before(c, line, pm, &start);
	for (q = find(line, " ("); q != NULL; q = find(q + 1, " (")) {
		if (strncmp(q + 2, "p=", 2) != 0 &&
		    strncmp(q + 2, "n=", 2) != 0)
			continue;
		cell.p = strncmp(q + 2, "p=", 2) != 0 ? NULL :
		    cbs_check_strndup(c, q + 4, strcspn(q + 4, " )"));
		cell.delta = token_before(c, line, q, &start);
		cell.value = scan_centre(c, line, &s, start);
		text_cell(c, &cell, c->kind == CBS_CHECK_V1 ? 1 :
		    scan_column(c, &s, start));
	}
}

/* ------------------------------------------------------ lines */

/* Between tables: a header of any line format, or configuration. */
static void
between_tables(struct cbs_check *c, const char *line)
{
	if (cbs_check_csv_line(c, line) || cbs_check_md_line(c, line))
		return;
	cbs_check_config_line(c, line);
}

static void
check_line(struct cbs_check *c, const char *line)
{
	if (c->kind == CBS_CHECK_MD) {
		if (cbs_check_md_line(c, line))
			return;
		c->kind = CBS_CHECK_NONE;
	}
	if (c->kind == CBS_CHECK_CSV) {
		if (line[0] == '\0')
			c->kind = CBS_CHECK_NONE;
		else
			cbs_check_csv_line(c, line);
		return;
	}
	if (strstr(line, BAR) != NULL) {
		text_header_row(c, line);
		return;
	}
	if (v1_header(c, line))
		return;
	if (c->kind == CBS_CHECK_TEXT_HEAD)
		text_header_end(c);
	if (line[0] == '\0') {
		c->kind = CBS_CHECK_NONE;
		return;
	}
	if (c->kind == CBS_CHECK_TEXT || c->kind == CBS_CHECK_V1) {
		/* Footnotes start with a superscript digit. */
		if ((unsigned char)line[0] < 0x80)
			text_body_row(c, line);
		return;
	}
	between_tables(c, line);
}

/* @return 1 if line holds nothing but blanks. */
static int
blank(const char *line)
{
	return line[strspn(line, " \t")] == '\0';
}

static int
read_lines(struct cbs_check *c, FILE *fp, char *err, size_t errlen)
{
	char *line = NULL;
	size_t cap = 0, blanks = 0;
	ssize_t n;
	int rc = 0, content = 0, ended;

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
			rc = cbs_check_json(c, fp, blanks, line, (size_t)n,
			    ended, err, errlen);
			break;
		}
		check_line(c, line);
		cbs_arena_free(c->scratch);
		c->scratch = NULL;
		c->nfields = 0;
	}
	free(line);
	if (rc != 0)
		return rc;
	/* A table whose header ends the file is still a table. */
	if (c->kind == CBS_CHECK_TEXT_HEAD)
		text_header_end(c);
	if (c->rc == 0 && ferror(fp)) {
		snprintf(err, errlen, "%s: %s", c->path, strerror(errno));
		return CBS_EIO;
	}
	return c->rc;
}

static void
check_free(struct cbs_check *c)
{
	cbs_arena_free(c->scratch);
	cbs_arena_free(c->arena);
	free(c->keys);
	free(c->vals);
	free(c->cols);
	free(c->pending);
	free(c->vs_base);
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
	c.threshold = o->threshold;
	c.gate_geomean = o->gate_geomean;
	c.gate_alpha = o->alpha;
	c.strict = o->strict;
	c.fn = fn;
	c.ctx = ctx;
	rc = read_lines(&c, fp, err, errlen);
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
