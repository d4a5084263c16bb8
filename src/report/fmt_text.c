/*
 * fmt_text.c: upstream benchstat's text tables.
 *
 * The layout engine places cells on a grid of columns, some spanning
 * several columns, each with a left margin; column widths grow to fit
 * single cells first and then spanning cells, whose extra width goes to
 * the columns that may stretch.  Widths count runes, as Go's fmt does.
 * Each logical column of a table takes three grid columns (centre, "±
 * range", footnotes), and every column after the first three more
 * (delta, "(p=... n=...)", footnotes).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "input/input.h"
#include "report/report.h"

/*
 * A table is laid out twice: the first pass only measures (margins and
 * widths per grid column, and the few cells that span columns), the
 * second prints each cell as it is made.  Cells come in row order and,
 * within a row, in column order, which is the order they are printed
 * in, so no cell has to be kept: memory stays in proportion to the
 * number of grid columns, not to the size of the table.
 */
enum align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

/* A cell over several grid columns, as the measuring pass saw it. */
struct span_cell {
	size_t col, span, width;
};

struct layout {
	int printing;		/* 0: measuring pass, 1: printing pass */
	size_t ncells;		/* laid in this pass */
	size_t cur_row, cur_col;
	/* Per grid column, from the measuring pass. */
	size_t ncols, cap;
	size_t *lmargin;	/* widest margin, in runes */
	size_t *width1;		/* 1 + widest one-column cell, or 0 */
	unsigned char *shrink;
	struct span_cell *spans;
	size_t nspans, capspans;
	/* Column offsets for the printing pass. */
	size_t *offs;
	FILE *out;
	size_t row;		/* row the output is on */
	long off;		/* runes printed on it */
	double *vals;		/* scratch: one row's centres */
	int oom, err;
};

static void
lay_row(struct layout *l)
{
	if (l->ncells > 0)
		l->cur_row++;
	l->cur_col = 0;
}

static void
lay_col(struct layout *l, size_t col)
{
	l->cur_col = col;
}

/* Room for grid columns [0, n). @return 0, or -1 (oom set). */
static int
lay_cols(struct layout *l, size_t n)
{
	/* Three arrays of one capacity: each grows from l->cap alike, and
	 * l->cap moves only once all three have. */
	size_t clm = l->cap, cw1 = l->cap, csh = l->cap;

	if (n <= l->cap)
		return 0;
	if (cbs_grow(&l->lmargin, &clm, n, sizeof(*l->lmargin)) != 0 ||
	    cbs_grow(&l->width1, &cw1, n, sizeof(*l->width1)) != 0 ||
	    cbs_grow(&l->shrink, &csh, n, sizeof(*l->shrink)) != 0) {
		l->oom = 1;
		return -1;
	}
	memset(l->lmargin + l->cap, 0, (clm - l->cap) * sizeof(*l->lmargin));
	memset(l->width1 + l->cap, 0, (clm - l->cap) * sizeof(*l->width1));
	memset(l->shrink + l->cap, 0, (clm - l->cap) * sizeof(*l->shrink));
	l->cap = clm;
	return 0;
}

static void
measure_cell(struct layout *l, size_t span, const char *value,
    const char *margin)
{
	size_t col = l->cur_col, m, w;
	struct span_cell *sc;

	if (lay_cols(l, col + span) != 0)
		return;
	m = cbs_utf8_count(margin);
	if (m > l->lmargin[col])
		l->lmargin[col] = m;
	w = cbs_utf8_count(value);
	if (span == 1) {
		if (w + 1 > l->width1[col])
			l->width1[col] = w + 1;
		return;
	}
	if (cbs_grow(&l->spans, &l->capspans, l->nspans + 1,
	    sizeof(*l->spans)) != 0) {
		l->oom = 1;
		return;
	}
	sc = &l->spans[l->nspans++];
	sc->col = col;
	sc->span = span;
	sc->width = w;
}

static int
pad(FILE *out, size_t n)
{
	while (n-- > 0)
		if (putc(' ', out) == EOF)
			return CBS_EIO;
	return 0;
}

static int
is_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

/*
 * Go's "%*s" pads to the absolute value of a negative width, so a cell
 * that overflows its columns pushes the rest of its row right instead of
 * being clipped; the layout keeps that.  @return the runes written.
 */
static long
print_value(FILE *out, const char *value, enum align a, long tw, int *err)
{
	long len = (long)cbs_utf8_count(value), left = 0;

	if (a == ALIGN_CENTER)
		left = labs((tw - len) / 2);
	else if (a == ALIGN_RIGHT && tw > len)
		left = tw - len;
	if (pad(out, (size_t)left) != 0 || fputs(value, out) == EOF)
		*err = 1;
	return left + len;
}

static void
print_span_cell(struct layout *l, size_t span, const char *value,
    enum align a, const char *margin)
{
	size_t col = l->cur_col, lm, m;
	long spaces;

	if (is_blank(value) && is_blank(margin))
		return;
	if (col + span > l->ncols) {	/* not as measured */
		l->err = 1;
		return;
	}
	for (; l->cur_row > l->row; l->row++, l->off = 0)
		if (putc('\n', l->out) == EOF)
			l->err = 1;
	spaces = (long)l->offs[col] - l->off;
	lm = l->lmargin[col];
	m = cbs_utf8_count(margin);
	if (pad(l->out, (size_t)labs(spaces)) != 0 ||
	    pad(l->out, lm > m ? lm - m : 0) != 0 ||
	    fputs(margin, l->out) == EOF)
		l->err = 1;
	l->off += spaces + (long)(lm > m ? lm : m);
	l->off += print_value(l->out, value, a, (long)l->offs[col + span] -
	    (long)l->offs[col] - (long)lm, &l->err);
}

/* Add a cell spanning span columns; margin NULL takes the default: one
 * space, except in the first column or for an empty cell. */
static void
lay_span(struct layout *l, size_t span, const char *value, enum align a,
    const char *margin)
{
	if (margin == NULL)
		margin = (l->cur_col == 0 || value[0] == '\0') ? "" : " ";
	if (l->printing)
		print_span_cell(l, span, value, a, margin);
	else
		measure_cell(l, span, value, margin);
	l->ncells++;
	l->cur_col += span;
	if (l->cur_col > l->ncols)
		l->ncols = l->cur_col;
}

static void
lay_cell(struct layout *l, const char *value, enum align a,
    const char *margin)
{
	lay_span(l, 1, value, a, margin);
}

static void
lay_set_shrink(struct layout *l, size_t col)
{
	if (lay_cols(l, col + 1) == 0)
		l->shrink[col] = 1;
}

/* Widen the stretchable columns under a spanning cell to fit it. */
static void
fit_span(const struct layout *l, const struct span_cell *c, size_t w,
    size_t *ws)
{
	size_t cols[256], n = 0, i, j, tw = 0, span, avg, t;

	for (i = c->col; i < c->col + c->span; i++)
		tw += ws[i];
	if (tw >= w)
		return;
	for (i = c->col; i < c->col + c->span; i++) {
		if (l->shrink[i])
			w = w > ws[i] ? w - ws[i] : 0;
		else if (n < sizeof(cols) / sizeof(cols[0]))
			cols[n++] = i;
	}
	for (i = 1; i < n; i++) {
		t = cols[i];
		for (j = i; j > 0 && ws[cols[j - 1]] < ws[t]; j--)
			cols[j] = cols[j - 1];
		cols[j] = t;
	}
	for (span = n, i = 0; i < n; i++, span--) {
		avg = (w + span - 1) / span;
		if (ws[cols[i]] < avg)
			ws[cols[i]] = avg;
		w = w > ws[cols[i]] ? w - ws[cols[i]] : 0;
	}
}

/*
 * Column widths, as upstream computes them: one-column cells first, then
 * spanning cells by increasing span (a stable sort: Go's sort.Slice is
 * an insertion sort for the short slices that matter here), each
 * stretching the columns under it.  Then the offsets for printing.
 */
static int
lay_widths(struct layout *l)
{
	struct span_cell t, *c = l->spans;
	size_t *ws, i, j;

	if (l->oom || l->ncols > SIZE_MAX / 2 ||
	    lay_cols(l, l->ncols + 1) != 0)
		return CBS_ENOMEM;
	ws = calloc(l->ncols + 1, sizeof(*ws));
	l->offs = calloc(l->ncols + 2, sizeof(*l->offs));
	if (ws == NULL || l->offs == NULL) {
		free(ws);
		return CBS_ENOMEM;
	}
	for (i = 0; i < l->ncols; i++)
		if (l->width1[i] > 0)
			ws[i] = l->width1[i] - 1 + l->lmargin[i];
	for (i = 1; i < l->nspans; i++) {
		t = c[i];
		for (j = i; j > 0 && c[j - 1].span > t.span; j--)
			c[j] = c[j - 1];
		c[j] = t;
	}
	for (i = 0; i < l->nspans; i++)
		fit_span(l, &c[i], c[i].width + l->lmargin[c[i].col], ws);
	for (i = 0; i < l->ncols; i++)
		l->offs[i + 1] = l->offs[i] + ws[i];
	free(ws);
	return 0;
}

/* ------------------------------------------------------ footnotes */


static void
superscript(size_t i, char *buf, size_t len)
{
	static const char *const digits[] = { "\xe2\x81\xb0", "\xc2\xb9",
	    "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb4", "\xe2\x81\xb5",
	    "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9" };
	char tmp[64];

	buf[0] = '\0';
	if (i == 0) {
		snprintf(buf, len, "%s", digits[0]);
		return;
	}
	for (; i > 0; i /= 10) {
		snprintf(tmp, sizeof(tmp), "%s%s", digits[i % 10], buf);
		snprintf(buf, len, "%s", tmp);
	}
}

/* The footnote marks for up to two warning lists, as one cell. */
static void
lay_notes(struct layout *l, struct cbs_notes *nt, const char *const *a,
    size_t na, const char *const *b, size_t nb)
{
	char buf[512] = "", mark[64];
	size_t i;

	for (i = 0; i < na + nb; i++) {
		superscript(cbs_notes_number(nt, i < na ? a[i] : b[i - na]), mark,
		    sizeof(mark));
		if (i > 0)
			strncat(buf, " ", sizeof(buf) - strlen(buf) - 1);
		strncat(buf, mark, sizeof(buf) - strlen(buf) - 1);
	}
	lay_cell(l, buf, ALIGN_LEFT, NULL);
}

/* ------------------------------------------------------ one table */

enum { CENTER_COLS = 3, DELTA_COLS = 3 };

static size_t
start_col(size_t exp)
{
	return cbs_fmt_start_col(exp, CENTER_COLS, DELTA_COLS);
}

/* Column header rows: one per column field, runs of equal values (under
 * equal parents) merged into one spanning cell (upstream KeyHeader). */
static void
lay_col_header(struct layout *l, const struct cbs_table *t)
{
	size_t level, j, start, k, redge = start_col(t->ncols + 1);
	const char *v;

	for (level = 0; level < t->ncol_fields; level++) {
		lay_row(l);
		for (start = 0; start < t->ncols; start = j) {
			v = t->col_values[start * t->ncol_fields + level];
			for (j = start + 1; j < t->ncols; j++) {
				for (k = 0; k <= level; k++)
					if (strcmp(t->col_values[j *
					    t->ncol_fields + k], t->col_values[
					    start * t->ncol_fields + k]) != 0)
						break;
				if (k <= level)
					break;
			}
			lay_col(l, start_col(start));
			lay_span(l, start_col(j) - start_col(start), v,
			    ALIGN_CENTER, " \xe2\x94\x82 ");
		}
		lay_col(l, redge);
		lay_cell(l, "", ALIGN_LEFT, " \xe2\x94\x82");
	}
}

static void
lay_unit_row(struct layout *l, const struct cbs_table *t)
{
	size_t i, j, left;

	lay_row(l);
	for (i = 0; i < t->ncols; i++) {
		left = start_col(i);
		lay_col(l, left);
		lay_span(l, CENTER_COLS, t->unit, ALIGN_CENTER,
		    " \xe2\x94\x82 ");
		if (i > 0)
			lay_span(l, DELTA_COLS, "vs base", ALIGN_LEFT, "  ");
		for (j = left + 1; j < l->cur_col; j++)
			lay_set_shrink(l, j);
	}
	lay_col(l, start_col(t->ncols + 1));
	lay_cell(l, "", ALIGN_LEFT, " \xe2\x94\x82");
}

static void
lay_body_row(struct layout *l, struct cbs_notes *nt, const struct cbs_table *t,
    size_t r)
{
	enum cbs_unit_class cls = cbs_unit_class_of(t->unit);
	const struct cbs_cell *row = &t->cells[r * t->ncols], *c;
	struct cbs_scaler sc;
	char buf[512];
	size_t j, n = 0;

	lay_row(l);
	lay_cell(l, t->row_labels[r], ALIGN_LEFT, NULL);
	for (j = 0; j < t->ncols; j++)
		if (row[j].present)
			l->vals[n++] = row[j].summary.center;
	sc = cbs_unit_common_scale(l->vals, n, cls);
	for (j = 0; j < t->ncols; j++) {
		c = &row[j];
		if (!c->present)
			continue;
		lay_col(l, start_col(j));
		lay_cell(l, cbs_unit_format(sc, c->summary.center, buf,
		    sizeof(buf)), ALIGN_RIGHT, NULL);
		lay_cell(l, cbs_format_range(&c->summary, buf, sizeof(buf)),
		    ALIGN_RIGHT, " \xc2\xb1 ");
		lay_notes(l, nt, c->warnings, c->nwarnings, NULL, 0);
		if (j == 0 || !c->has_baseline)
			continue;
		lay_cell(l, cbs_format_delta(&c->cmp, row[0].summary.center,
		    c->summary.center, buf, sizeof(buf)), ALIGN_RIGHT, NULL);
		snprintf(buf, sizeof(buf), "(");
		cbs_format_comparison(&c->cmp, buf + 1, sizeof(buf) - 2);
		strcat(buf, ")");
		lay_cell(l, buf, ALIGN_LEFT, NULL);
		lay_notes(l, nt, c->cmp_warnings, c->ncmp_warnings, NULL, 0);
	}
}

static void
lay_geomean_row(struct layout *l, struct cbs_notes *nt,
    const struct cbs_table *t)
{
	enum cbs_unit_class cls = cbs_unit_class_of(t->unit);
	const struct cbs_col_summary *s;
	struct cbs_scaler sc;
	char buf[512];
	size_t j;

	lay_row(l);
	lay_cell(l, "geomean", ALIGN_LEFT, NULL);
	for (j = 0; j < t->ncols; j++) {
		s = &t->summary[j];
		if (s->has_summary) {
			lay_col(l, start_col(j));
			sc = cbs_unit_common_scale(&s->summary, 1, cls);
			lay_cell(l, cbs_unit_format(sc, s->summary, buf,
			    sizeof(buf)), ALIGN_RIGHT, NULL);
		}
		if (j > 0) {
			lay_col(l, start_col(j) + CENTER_COLS);
			if (s->has_ratio)
				lay_cell(l, cbs_format_ratio(s->ratio, buf,
				    sizeof(buf)), ALIGN_RIGHT, NULL);
			else
				lay_cell(l, "?", ALIGN_LEFT, NULL);
		}
		lay_col(l, start_col(j + 1) - 1);
		lay_notes(l, nt, s->warnings, s->nwarnings, NULL, 0);
	}
}

static void
lay_table(struct layout *l, struct cbs_notes *nt, const struct cbs_table *t)
{
	size_t r;

	l->ncells = 0;
	l->cur_row = l->cur_col = 0;
	lay_col_header(l, t);
	lay_unit_row(l, t);
	for (r = 0; r < t->nrows; r++)
		lay_body_row(l, nt, t, cbs_table_row(t, r));
	if (t->nrows > 1)
		lay_geomean_row(l, nt, t);
}

static int
print_table(const struct cbs_table *t, FILE *out)
{
	struct layout l;
	struct cbs_notes nt;
	char mark[64];
	size_t i;
	int rc = CBS_ENOMEM;

	memset(&l, 0, sizeof(l));
	memset(&nt, 0, sizeof(nt));
	if ((l.vals = malloc((t->ncols + 1) * sizeof(*l.vals))) == NULL)
		return CBS_ENOMEM;
	lay_table(&l, &nt, t);
	if (nt.oom || (rc = lay_widths(&l)) != 0)
		goto out;
	/* The notes are numbered again in the same order. */
	l.printing = 1;
	l.out = out;
	lay_table(&l, &nt, t);
	rc = CBS_EIO;
	if (nt.oom) {
		rc = CBS_ENOMEM;
		goto out;
	}
	if (l.err || (l.ncells > 0 && putc('\n', out) == EOF))
		goto out;
	for (i = 0; i < nt.n; i++) {
		superscript(i + 1, mark, sizeof(mark));
		if (fprintf(out, "%s %s\n", mark, nt.msgs[i]) < 0)
			goto out;
	}
	rc = 0;
out:
	free(l.lmargin);
	free(l.width1);
	free(l.shrink);
	free(l.spans);
	free(l.offs);
	free(l.vals);
	cbs_notes_free(&nt);
	return rc;
}

static int
format_text_in_c_locale(const struct cbs_tables *ts, FILE *out)
{
	const struct cbs_table *t, *prev = NULL;
	size_t i, k;
	int rc;

	for (i = 0; i < ts->ntables; i++, prev = t) {
		t = &ts->tables[i];
		if (i > 0 && putc('\n', out) == EOF)
			return CBS_EIO;
		for (k = 0; k < t->nkey; k++) {
			if (prev != NULL && strcmp(cbs_table_key_value(prev, k),
			    cbs_table_key_value(t, k)) == 0)
				continue;
			if (fprintf(out, "%s: %s\n", t->key_names[k],
			    cbs_table_key_value(t, k)) < 0)
				return CBS_EIO;
		}
		if ((rc = print_table(t, out)) != 0)
			return rc;
	}
	return 0;
}

/* The body above, in the C locale's numbers (c_numeric.c). */
int
cbs_format_text(const struct cbs_tables *ts, FILE *out)
{
	locale_t saved;
	int rc;

	if (cbs_c_numeric_enter(&saved) != 0)
		return CBS_ENOMEM;
	rc = format_text_in_c_locale(ts, out);
	cbs_c_numeric_leave(saved);
	return rc;
}
