/*
 * fmt_markdown.c: GitHub-flavoured Markdown for pull-request comments and
 * job summaries (-format markdown).
 *
 * Each table becomes a pipe table whose cells carry the same texts as the
 * text format (scaled centres, ranges, deltas and tests), so that a reader
 * can move between the two without surprises.  Marks come from the gate
 * (gate.c), so a red mark and the gate's exit status cannot disagree.
 * Notes are numbered per table in order of first use, as in the text
 * format, but written as <sup>N</sup> because Markdown has no footnotes
 * that GitHub renders inside tables.
 *
 * Everything that comes from the input (names, configuration, units,
 * messages) is escaped: a "|" would split a cell, and names such as
 * "Sort/format=*" or "a_b_c" would otherwise turn into emphasis.  The
 * numeric texts are ours and are written as they are; a lone "~" in a
 * cell is not strikethrough.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "gate/gate.h"
#include "input/input.h"
#include "report/report.h"
#include "table/table.h"

/* U+1F534 and U+1F7E2: a red and a green circle. */
#define MARK_REGRESSION		"\xf0\x9f\x94\xb4"
#define MARK_IMPROVEMENT	"\xf0\x9f\x9f\xa2"
/* U+1F7E1: a yellow circle. */
#define MARK_INCONCLUSIVE	"\xf0\x9f\x9f\xa1"


struct md {
	FILE *out;
	const struct cbs_report_opts *o;
	size_t ti;		/* index of the table being written */
	struct cbs_notes nt;	/* of the table being written */
	int marked;		/* a verdict was marked: print the legend */
};

/*
 * Backslash-escape the ASCII punctuation that means something inline in
 * GFM: emphasis, code, HTML and entities, links, strikethrough, math and
 * the cell separator.  CommonMark allows a backslash before any ASCII
 * punctuation, so over-escaping is harmless.  Input need not be UTF-8
 * (upstream reads Latin-1 files too), but a comment posted to GitHub
 * must be: each invalid byte becomes U+FFFD, as in the JSON format.  A
 * line break would end a table row or a heading: CR and LF are shown as
 * "\r" and "\n" (a backslash before a letter is itself): a file name
 * used as a label or a commit id given to record can hold one.  The
 * history's Markdown (history.c) escapes its texts here too.
 */
void
cbs_md_escape(FILE *out, const char *s)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		if ((unsigned char)s[i] >= 0x80) {
			i += cbs_utf8_put(out, s + i, len - i, 0);
			continue;
		}
		if (s[i] == '\n' || s[i] == '\r') {
			fputs(s[i++] == '\n' ? "\\n" : "\\r", out);
			continue;
		}
		if (strchr("\\`*_<>[]~&|$", s[i]) != NULL)
			putc('\\', out);
		putc(s[i++], out);
	}
}

/* " <sup>1,2</sup>" for the warnings w[0..n). */
static void
md_note_marks(struct md *m, const char **w, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	fputs(" <sup>", m->out);
	for (i = 0; i < n; i++)
		fprintf(m->out, "%s%zu", i > 0 ? "," : "",
		    cbs_notes_number(&m->nt, w[i]));
	fputs("</sup>", m->out);
}

/* The delta, bold and marked when the gate has a verdict on it. */
static void
md_delta(struct md *m, const struct cbs_gate_cell *gc, const char *delta)
{
	const char *mark = NULL;

	switch (gc == NULL ? CBS_VERDICT_NONE : gc->verdict) {
	case CBS_VERDICT_REGRESSION:
		mark = MARK_REGRESSION;
		break;
	case CBS_VERDICT_IMPROVEMENT:
		mark = MARK_IMPROVEMENT;
		break;
	case CBS_VERDICT_INCONCLUSIVE:
		mark = MARK_INCONCLUSIVE;
		break;
	case CBS_VERDICT_NONE:
	case CBS_VERDICT_NOISE:
	case CBS_VERDICT_WITHIN:
	case CBS_VERDICT_UNCHANGED:
		break;
	}
	if (mark == NULL) {
		fputs(delta, m->out);
		return;
	}
	fprintf(m->out, "%s **%s**", mark, delta);
	m->marked = 1;
}

static void
md_config(struct md *m, const struct cbs_table *t,
    const struct cbs_table *prev)
{
	size_t k;
	int any = 0;

	for (k = 0; k < t->nkey; k++) {
		if (prev != NULL && strcmp(cbs_table_key_value(prev, k),
		    cbs_table_key_value(t, k)) == 0)
			continue;
		fputs("- **", m->out);
		cbs_md_escape(m->out, t->key_names[k]);
		fputs("**:", m->out);
		/* No trailing blank for a key this table does not have. */
		if (cbs_table_key_value(t, k)[0] != '\0') {
			putc(' ', m->out);
			cbs_md_escape(m->out, cbs_table_key_value(t, k));
		}
		putc('\n', m->out);
		any = 1;
	}
	/* Without the blank line the heading would continue the list. */
	if (any)
		putc('\n', m->out);
}

/* Column col's label, whole (table.c); out of memory the report fails
 * (CBS_ENOMEM) rather than show it cut short. */
static void
md_col_label(struct md *m, const struct cbs_table *t, size_t col)
{
	char *s = cbs_table_col_label_dup(t, col);

	if (s == NULL)
		m->nt.oom = 1;
	else
		cbs_md_escape(m->out, s);
	free(s);
}

static void
md_header(struct md *m, const struct cbs_table *t)
{
	size_t j;

	fputs("| |", m->out);
	for (j = 0; j < t->ncols; j++) {
		putc(' ', m->out);
		md_col_label(m, t, j);
		fputs(" |", m->out);
		if (j > 0)
			fputs(" vs base |", m->out);
	}
	fputs("\n|:---|", m->out);
	for (j = 0; j < t->ncols; j++)
		fputs(j > 0 ? "---:|---:|" : "---:|", m->out);
	putc('\n', m->out);
}

static void
md_body_row(struct md *m, const struct cbs_table *t, size_t r)
{
	const struct cbs_cell *row = &t->cells[r * t->ncols], *c;
	struct cbs_scaler sc;
	char buf[512];
	size_t j;

	if (cbs_fmt_row_scale(t, r, &sc) != 0) {
		m->nt.oom = 1;
		return;
	}
	fputs("| ", m->out);
	cbs_md_escape(m->out, t->row_labels[r]);
	fputs(" |", m->out);
	for (j = 0; j < t->ncols; j++) {
		c = &row[j];
		if (c->present) {
			fprintf(m->out, " %s", cbs_unit_format(sc,
			    c->summary.center, buf, sizeof(buf)));
			fprintf(m->out, " \xc2\xb1 %s", cbs_format_range(
			    &c->summary, buf, sizeof(buf)));
			md_note_marks(m, c->warnings, c->nwarnings);
		}
		fputs(" |", m->out);
		if (j == 0)
			continue;
		if (c->present && c->has_baseline) {
			putc(' ', m->out);
			md_delta(m, cbs_gate_cell_at(m->o->gate, m->ti, r, j),
			    cbs_format_delta(&c->cmp, row[0].summary.center,
			    c->summary.center, buf, sizeof(buf)));
			fprintf(m->out, " (%s)", cbs_format_comparison(&c->cmp,
			    buf, sizeof(buf)));
			md_note_marks(m, c->cmp_warnings, c->ncmp_warnings);
		}
		fputs(" |", m->out);
	}
	putc('\n', m->out);
}

/* Notes go in the column's last cell, where the text format puts them. */
static void
md_geomean_row(struct md *m, const struct cbs_table *t)
{
	enum cbs_unit_class cls = cbs_unit_class_of(t->unit);
	const struct cbs_col_summary *s;
	struct cbs_scaler sc;
	char buf[512];
	size_t j;

	fputs("| **geomean** |", m->out);
	for (j = 0; j < t->ncols; j++) {
		s = &t->summary[j];
		if (s->has_summary) {
			sc = cbs_unit_common_scale(&s->summary, 1, cls);
			fprintf(m->out, " %s", cbs_unit_format(sc, s->summary,
			    buf, sizeof(buf)));
		}
		if (j == 0) {
			md_note_marks(m, s->warnings, s->nwarnings);
			fputs(" |", m->out);
			continue;
		}
		fputs(" | ", m->out);
		md_delta(m, cbs_gate_geomean_at(m->o->gate, m->ti, j),
		    s->has_ratio ? cbs_format_ratio(s->ratio, buf,
		    sizeof(buf)) : "?");
		md_note_marks(m, s->warnings, s->nwarnings);
		fputs(" |", m->out);
	}
	putc('\n', m->out);
}

/*
 * The run-wide shifts, one line each below the table: not a row of it,
 * which -check would read as a benchmark.
 */
static void
md_run_wide(struct md *m, const struct cbs_table *t)
{
	const struct cbs_gate_cell *gc;
	char est[64], lo[64], hi[64];
	size_t j;

	for (j = 1; j < t->ncols; j++) {
		if ((gc = cbs_gate_run_at(m->o->gate, m->ti, j)) == NULL)
			continue;
		fputs("\nRun-wide shift of ", m->out);
		md_col_label(m, t, j);
		fputs(": ", m->out);
		snprintf(est, sizeof(est), "%+.2f%%", gc->estimate);
		md_delta(m, gc, est);
		snprintf(lo, sizeof(lo), "%+.2f%%", gc->lo);
		snprintf(hi, sizeof(hi), "%+.2f%%", gc->hi);
		fprintf(m->out, " (%s..%s, the median of %zu benchmarks); "
		    "each benchmark is judged %s\n", lo, hi, gc->cells,
		    gc->applied ? "against it" : "as measured");
	}
}

static int
md_table(struct md *m, const struct cbs_table *t)
{
	size_t r, i;

	m->nt.n = 0;
	fputs("**", m->out);
	cbs_md_escape(m->out, t->unit);
	fputs("**\n\n", m->out);
	md_header(m, t);
	for (r = 0; r < t->nrows; r++)
		md_body_row(m, t, cbs_table_row(t, r));
	/* Upstream prints no geomean for a single row; neither do we. */
	if (t->nrows > 1)
		md_geomean_row(m, t);
	md_run_wide(m, t);
	if (m->nt.oom)
		return CBS_ENOMEM;
	if (m->nt.n > 0)
		putc('\n', m->out);
	for (i = 0; i < m->nt.n; i++) {
		fprintf(m->out, "%zu. ", i + 1);
		cbs_md_escape(m->out, m->nt.msgs[i]);
		putc('\n', m->out);
	}
	return 0;
}

static void
md_legend(struct md *m)
{
	fputs("\n" MARK_REGRESSION " regression, " MARK_IMPROVEMENT
	    " improvement, " MARK_INCONCLUSIVE " inconclusive\n", m->out);
}

/* The gate's verdict in one line above the tables. */
static void
md_verdict(struct md *m)
{
	const struct cbs_gate_opts *o = cbs_gate_options(m->o->gate);
	struct cbs_gate_counts n;
	char thr[64], alpha[64];
	int fails;

	cbs_gate_count(m->o->gate, &n);
	fails = n.regression > 0 || (o->strict && n.inconclusive > 0) ||
	    (o->gate_leaks && n.new_leaks > 0);
	fprintf(m->out, "**Gate: %s** \xe2\x80\x94 %zu regression%s, "
	    "%zu improvement%s, %zu inconclusive, %zu unchanged "
	    "(threshold %s%%, family-wise level %s)\n\n",
	    fails ? MARK_REGRESSION " fail" : MARK_IMPROVEMENT " pass",
	    n.regression, n.regression == 1 ? "" : "s", n.improvement,
	    n.improvement == 1 ? "" : "s", n.inconclusive, n.unchanged,
	    cbs_fmt_go_float(o->threshold, thr, sizeof(thr)),
	    cbs_fmt_go_float(o->alpha, alpha, sizeof(alpha)));
	if (n.drift > 0)
		fprintf(m->out, "**Warning:** the runs of %zu cell%s trend "
		    "with their order (drift); their verdicts are unreliable."
		    "\n\n", n.drift, n.drift == 1 ? "" : "s");
	if (n.leaks > 0)
		fprintf(m->out, "**Leak:** the memory of %zu cell%s grows "
		    "run after run, %zu not in the base column%s (the leak "
		    "lines give the growth per run).\n\n", n.leaks,
		    n.leaks == 1 ? "" : "s", n.new_leaks,
		    o->gate_leaks ? ", which fail the gate" : "");
}

static void
md_diags(struct md *m)
{
	char where[4096 + 32];
	size_t i;

	fprintf(m->out, "\n<details>\n<summary>%zu input warning%s"
	    "</summary>\n\n", m->o->ndiags, m->o->ndiags == 1 ? "" : "s");
	for (i = 0; i < m->o->ndiags; i++) {
		fputs("- ", m->out);
		cbs_md_escape(m->out, cbs_diag_where(&m->o->diags[i], where,
		    sizeof(where)));
		fputs(": ", m->out);
		cbs_md_escape(m->out, m->o->diags[i].msg);
		putc('\n', m->out);
	}
	fputs("\n</details>\n", m->out);
}

static int
format_markdown_in_c_locale(const struct cbs_tables *ts,
    const struct cbs_report_opts *o, FILE *out)
{
	const struct cbs_table *t, *prev = NULL;
	struct md m;
	size_t i;
	int rc = 0;

	memset(&m, 0, sizeof(m));
	m.out = out;
	m.o = o;
	if (o->gate != NULL)
		md_verdict(&m);
	for (i = 0; i < ts->ntables; i++, prev = t) {
		t = &ts->tables[i];
		m.ti = i;
		if (i > 0)
			putc('\n', out);
		md_config(&m, t, prev);
		if ((rc = md_table(&m, t)) != 0)
			goto out;
	}
	if (m.marked)
		md_legend(&m);
	if (o->ndiags > 0)
		md_diags(&m);
out:
	cbs_notes_free(&m.nt);
	if (rc == 0 && ferror(out))
		rc = CBS_EIO;
	return rc;
}

int
cbs_format_markdown(const struct cbs_tables *ts,
    const struct cbs_report_opts *o, FILE *out)
{
	return cbs_c_numeric_report(format_markdown_in_c_locale, ts, o, out);
}
