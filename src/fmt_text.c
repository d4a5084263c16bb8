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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "internal.h"

enum align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

struct tcell {
	size_t row, col, span;
	const char *value;
	const char *margin;
	enum align align;
};

struct layout {
	struct tcell *cells;
	size_t ncells, cap;
	size_t ncols;
	unsigned char *shrink;
	size_t nshrink;
	size_t cur_row, cur_col;
	/* Cell texts are built on the fly; they live in this arena. */
	struct cbs_arena *strs;
	int oom;
};

static const char *
keep_str(struct layout *l, const char *s)
{
	const char *p = cbs_arena_strndup(l->strs, s, strlen(s));

	if (p == NULL) {
		l->oom = 1;
		return "";
	}
	return p;
}

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

/* Add a cell spanning span columns; margin NULL takes the default: one
 * space, except in the first column or for an empty cell. */
static void
lay_span(struct layout *l, size_t span, const char *value, enum align a,
    const char *margin)
{
	struct tcell *c;

	if (l->ncells == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 64;

		c = realloc(l->cells, ncap * sizeof(*c));
		if (c == NULL) {
			l->oom = 1;
			return;
		}
		l->cells = c;
		l->cap = ncap;
	}
	c = &l->cells[l->ncells++];
	c->row = l->cur_row;
	c->col = l->cur_col;
	c->span = span;
	c->value = keep_str(l, value);
	c->align = a;
	if (margin == NULL)
		margin = (l->cur_col == 0 || value[0] == '\0') ? "" : " ";
	c->margin = margin;
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
	unsigned char *s;

	if (col >= l->nshrink) {
		if ((s = realloc(l->shrink, col + 1)) == NULL) {
			l->oom = 1;
			return;
		}
		memset(s + l->nshrink, 0, col + 1 - l->nshrink);
		l->shrink = s;
		l->nshrink = col + 1;
	}
	l->shrink[col] = 1;
}

static int
is_shrink(const struct layout *l, size_t col)
{
	return col < l->nshrink && l->shrink[col];
}

/* Stable insertion sorts: Go's sort.Slice is an insertion sort for the
 * short slices that matter here. */
static void
sort_cells_by_span(struct tcell *c, size_t n)
{
	struct tcell t;
	size_t i, j;

	for (i = 1; i < n; i++) {
		t = c[i];
		for (j = i; j > 0 && c[j - 1].span > t.span; j--)
			c[j] = c[j - 1];
		c[j] = t;
	}
}

static int
cell_pos_cmp(const void *pa, const void *pb)
{
	const struct tcell *a = pa, *b = pb;

	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
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

/* Widen the stretchable columns under a spanning cell to fit it. */
static void
fit_span(const struct layout *l, const struct tcell *c, size_t w,
    size_t *ws)
{
	size_t cols[256], n = 0, i, j, tw = 0, span, avg, t;

	for (i = c->col; i < c->col + c->span; i++)
		tw += ws[i];
	if (tw >= w)
		return;
	for (i = c->col; i < c->col + c->span; i++) {
		if (is_shrink(l, i))
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

static int
pad(FILE *out, size_t n)
{
	while (n-- > 0)
		if (putc(' ', out) == EOF)
			return CBS_EIO;
	return 0;
}

/*
 * Go's "%*s" pads to the absolute value of a negative width, so a cell
 * that overflows its columns pushes the rest of its row right instead of
 * being clipped; the layout keeps that.  @return the runes written.
 */
static long
print_cell(FILE *out, const struct tcell *c, long tw, int *err)
{
	long len = (long)cbs_utf8_count(c->value), left = 0;

	if (c->align == ALIGN_CENTER)
		left = labs((tw - len) / 2);
	else if (c->align == ALIGN_RIGHT && tw > len)
		left = tw - len;
	if (pad(out, (size_t)left) != 0 || fputs(c->value, out) == EOF)
		*err = 1;
	return left + len;
}

static int
lay_print(struct layout *l, FILE *out)
{
	size_t *lmargin, *ws, *offs, i, w, row = 0, m;
	long off = 0, spaces;
	int rc = CBS_ENOMEM, err = 0;

	lmargin = calloc(l->ncols + 1, sizeof(*lmargin));
	ws = calloc(l->ncols + 1, sizeof(*ws));
	offs = calloc(l->ncols + 2, sizeof(*offs));
	if (lmargin == NULL || ws == NULL || offs == NULL || l->oom)
		goto out;
	for (i = 0; i < l->ncells; i++) {
		m = cbs_utf8_count(l->cells[i].margin);
		if (m > lmargin[l->cells[i].col])
			lmargin[l->cells[i].col] = m;
	}
	sort_cells_by_span(l->cells, l->ncells);
	for (i = 0; i < l->ncells; i++) {
		const struct tcell *c = &l->cells[i];

		w = cbs_utf8_count(c->value) + lmargin[c->col];
		if (c->span == 1 && w > ws[c->col])
			ws[c->col] = w;
		else if (c->span > 1)
			fit_span(l, c, w, ws);
	}
	for (i = 0; i < l->ncols; i++)
		offs[i + 1] = offs[i] + ws[i];
	qsort(l->cells, l->ncells, sizeof(*l->cells), cell_pos_cmp);
	rc = CBS_EIO;
	for (i = 0; i < l->ncells; i++) {
		const struct tcell *c = &l->cells[i];

		if (is_blank(c->value) && is_blank(c->margin))
			continue;
		for (; c->row > row; row++, off = 0)
			if (putc('\n', out) == EOF)
				goto out;
		spaces = (long)offs[c->col] - off;
		m = cbs_utf8_count(c->margin);
		if (pad(out, (size_t)labs(spaces)) != 0 ||
		    pad(out, lmargin[c->col] > m ? lmargin[c->col] - m : 0) ||
		    fputs(c->margin, out) == EOF)
			goto out;
		off += spaces + (long)(lmargin[c->col] > m ? lmargin[c->col] : m);
		off += print_cell(out, c, (long)offs[c->col + c->span] -
		    (long)offs[c->col] - (long)lmargin[c->col], &err);
		if (err)
			goto out;
	}
	if (l->ncells > 0 && putc('\n', out) == EOF)
		goto out;
	rc = 0;
out:
	free(lmargin);
	free(ws);
	free(offs);
	return rc;
}

/* ------------------------------------------------------ footnotes */

struct notes {
	const char **msgs;
	size_t n, cap;
	int oom;
};

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

static size_t
note_number(struct notes *nt, const char *msg)
{
	const char **m;
	size_t i;

	for (i = 0; i < nt->n; i++)
		if (strcmp(nt->msgs[i], msg) == 0)
			return i + 1;
	if (nt->n == nt->cap) {
		nt->cap = nt->cap ? nt->cap * 2 : 8;
		if ((m = realloc(nt->msgs, nt->cap * sizeof(*m))) == NULL) {
			nt->oom = 1;
			return 1;
		}
		nt->msgs = m;
	}
	nt->msgs[nt->n++] = msg;
	return nt->n;
}

/* The footnote marks for up to two warning lists, as one cell. */
static void
lay_notes(struct layout *l, struct notes *nt, const char *const *a,
    size_t na, const char *const *b, size_t nb)
{
	char buf[512] = "", mark[64];
	size_t i;

	for (i = 0; i < na + nb; i++) {
		superscript(note_number(nt, i < na ? a[i] : b[i - na]), mark,
		    sizeof(mark));
		if (i > 0)
			strncat(buf, " ", sizeof(buf) - strlen(buf) - 1);
		strncat(buf, mark, sizeof(buf) - strlen(buf) - 1);
	}
	lay_cell(l, buf, ALIGN_LEFT, NULL);
}

/* ------------------------------------------------------ one table */

enum { LABEL_COLS = 1, CENTER_COLS = 3, DELTA_COLS = 3 };

static size_t
start_col(size_t exp)
{
	if (exp == 0)
		return LABEL_COLS;
	return LABEL_COLS + CENTER_COLS + (exp - 1) * (CENTER_COLS + DELTA_COLS);
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
lay_body_row(struct layout *l, struct notes *nt, const struct cbs_table *t,
    size_t r)
{
	enum cbs_unit_class cls = cbs_unit_class_of(t->unit);
	const struct cbs_cell *row = &t->cells[r * t->ncols], *c;
	struct cbs_scaler sc;
	char buf[512];
	double *vals;
	size_t j, n = 0;

	lay_row(l);
	lay_cell(l, t->row_labels[r], ALIGN_LEFT, NULL);
	if ((vals = malloc((t->ncols + 1) * sizeof(*vals))) == NULL) {
		l->oom = 1;
		return;
	}
	for (j = 0; j < t->ncols; j++)
		if (row[j].present)
			vals[n++] = row[j].summary.center;
	sc = cbs_unit_common_scale(vals, n, cls);
	free(vals);
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
lay_geomean_row(struct layout *l, struct notes *nt, const struct cbs_table *t)
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

static int
print_table(const struct cbs_table *t, FILE *out)
{
	struct layout l;
	struct notes nt;
	char mark[64];
	size_t r, i;
	int rc = CBS_ENOMEM;

	memset(&l, 0, sizeof(l));
	memset(&nt, 0, sizeof(nt));
	if ((l.strs = cbs_arena_new()) == NULL)
		return CBS_ENOMEM;
	lay_col_header(&l, t);
	lay_unit_row(&l, t);
	for (r = 0; r < t->nrows; r++)
		lay_body_row(&l, &nt, t, r);
	if (t->nrows > 1)
		lay_geomean_row(&l, &nt, t);
	if (l.oom || nt.oom)
		goto out;
	if ((rc = lay_print(&l, out)) != 0)
		goto out;
	for (i = 0; i < nt.n; i++) {
		superscript(i + 1, mark, sizeof(mark));
		if (fprintf(out, "%s %s\n", mark, nt.msgs[i]) < 0) {
			rc = CBS_EIO;
			goto out;
		}
	}
out:
	free(l.cells);
	free(l.shrink);
	free(nt.msgs);
	cbs_arena_free(l.strs);
	return rc;
}

int
cbs_format_text(const struct cbs_tables *ts, FILE *out)
{
	const struct cbs_table *t, *prev = NULL;
	size_t i, k;
	int rc;

	for (i = 0; i < ts->ntables; i++, prev = t) {
		t = &ts->tables[i];
		if (i > 0 && putc('\n', out) == EOF)
			return CBS_EIO;
		for (k = 0; k < t->nkey; k++) {
			if (prev != NULL && strcmp(prev->key_values[k],
			    t->key_values[k]) == 0)
				continue;
			if (fprintf(out, "%s: %s\n", t->key_names[k],
			    t->key_values[k]) < 0)
				return CBS_EIO;
		}
		if ((rc = print_table(t, out)) != 0)
			return rc;
	}
	return 0;
}
