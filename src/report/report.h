/*
 * report/report.h: the writers of every output format: cell texts, the
 * table layout, footnotes, the SVG drawing and HTML page pieces, and
 * formats written in the C locale's numbers. Private to the library and
 * its tests: only include/cbenchstat.h is installed.
 */
#ifndef CBS_REPORT_H
#define CBS_REPORT_H

#include "base/base.h"
#include "input/input.h"

/* The table outputs (fmt_text.c, fmt_csv.c) and the CSV reader
 * (check_csv.c) lay a table out as one label column, the base column's
 * center_cols, then center_cols + delta_cols per further column.
 * @return the first column of table column col (fmt_cell.c). */
size_t cbs_fmt_start_col(size_t col, size_t center_cols,
    size_t delta_cols);

/* A table's footnotes, numbered from 1 in order of first use (notes.c). */
struct cbs_notes {
	const char **msgs;
	size_t n, cap;
	int oom;		/* a number could not be recorded */
};

/* @return the number of msg, adding it when new. */
size_t cbs_notes_number(struct cbs_notes *nt, const char *msg);
/* Free the list and reset nt to empty. */
void cbs_notes_free(struct cbs_notes *nt);

/* The scale of row r's centres in the Markdown and HTML tables: one
 * over the row's present centres, as upstream's text has (fmt_cell.c).
 * @return 0 or CBS_ENOMEM. */
int cbs_fmt_row_scale(const struct cbs_table *t, size_t r,
    struct cbs_scaler *out);

/* The confidence interval as upstream prints it: "5%", "∞", "?". */
char *cbs_format_range(const struct cbs_summary *s, char *buf, size_t len);
/* How every text output shows an interval without that end (too few
 * runs for the confidence level); JSON has null instead. */
#define CBS_INFINITY	"\xe2\x88\x9e"
/* @return "∞" or "-∞" for an infinite v, as CBS_INFINITY; NULL for any
 * other, which the caller formats its own way. */
const char *cbs_format_unbounded(double v);
/* An interval's end v in the scale sc, or unbounded as above. */
char *cbs_format_bound(struct cbs_scaler sc, double v, char *buf,
    size_t len);
/* The change from old to new: "+26.78%", "~" (not significant), "?". */
char *cbs_format_delta(const struct cbs_comparison *c, double old_center,
    double new_center, char *buf, size_t len);
/* The test: "p=0.000 n=8", "n=1+2", ... */
char *cbs_format_comparison(const struct cbs_comparison *c, char *buf,
    size_t len);
/* The geomean ratio as a change: "+2.21%". */
char *cbs_format_ratio(double ratio, char *buf, size_t len);

struct cbs_leak;
/* A leak's growth as its gate line shows it: "+64 B/run" (gate_lines.c). */
char *cbs_format_leak_growth(const struct cbs_table *t,
    const struct cbs_leak *l, char *buf, size_t len);
/* Its interval, "+60..+68", or NULL when an end is open. */
char *cbs_format_leak_interval(const struct cbs_leak *l, char *buf,
    size_t len);

/*
 * The escaping of every report, one function a format, so that the
 * history's reports (history/) write input as the comparisons do.
 */
/* s as a JSON string with its quotes: quote, backslash and control
 * characters escaped, each byte of invalid UTF-8 as U+FFFD (fmt_json.c). */
void cbs_json_string(FILE *out, const char *s);
/* s as one CSV field, quoted as Go's encoding/csv quotes it: with a
 * comma, quote, CR or LF, or a leading blank (fmt_csv.c). */
void cbs_csv_field(FILE *out, const char *s);
/* s as Markdown text on one line: GFM's inline punctuation (emphasis,
 * code, HTML, links, the cell separator "|") backslash-escaped, CR and
 * LF as "\r" and "\n", each byte of invalid UTF-8 as U+FFFD
 * (fmt_markdown.c). */
void cbs_md_escape(FILE *out, const char *s);

/* s escaped for HTML text and attributes, invalid UTF-8 and control
 * characters as U+FFFD (html_page.c). */
void cbs_html_escape(FILE *out, const char *s);
/* v with at most one decimal, '.' whatever the locale (NaN, inf: 0). */
void cbs_svg_num(FILE *out, double v);

/* A linear map of [lo, hi] onto [x0, x1], clamped. */
struct cbs_svg_scale {
	double lo, hi;
	double x0, x1;
};

/* @return the coordinate of v on s (x0 for NaN). */
double cbs_svg_scale(const struct cbs_svg_scale *s, double v);
/* @return the smallest 1, 2 or 5 times a power of ten >= v (1 if v is
 * not positive and finite). */
double cbs_svg_nice(double v);

enum cbs_svg_mark {
	CBS_MARK_UP,		/* regression */
	CBS_MARK_DOWN,		/* improvement */
	CBS_MARK_DIAMOND,	/* inconclusive */
	CBS_MARK_CIRCLE,	/* unchanged, not judged */
	CBS_MARK_CROSS,		/* not comparable */
};

/* A <path class="mk"> of the marker's shape centred on (x, y). */
void cbs_svg_marker(FILE *out, enum cbs_svg_mark k, double x, double y);
/* ` name="v"`, v as cbs_svg_num writes it. */
void cbs_svg_attr(FILE *out, const char *name, double v);
/* A <line class=cls> from (x1, y1) to (x2, y2). */
void cbs_svg_line(FILE *out, const char *cls, double x1, double y1,
    double x2, double y2);
/* <text class=cls x y> without its content and end tag; anchor is
 * "end" or "middle", or NULL for the start. */
void cbs_svg_text(FILE *out, const char *cls, double x, double y,
    const char *anchor);
/* The first max characters of s, escaped, and "..." (one character)
 * if cut. */
void cbs_html_short(FILE *out, size_t max, const char *s);
/* @return v as "+1.25%" (Go's fixed form, two decimals), "+inf%"-like
 * for infinities, "?" for NaN; buf holds it. */
const char *cbs_html_pct(double v, char *buf, size_t len);

/* The HTML pages' start: doctype, head with the shared style sheet
 * (light and dark, print), <body>, <header> and <h1>title</h1>
 * (html_page.c).  title is escaped; extra_css (or NULL) follows the
 * shared sheet. */
void cbs_html_page_head(FILE *out, const char *title,
    const char *extra_css);
/* The footer and the end of the page. */
void cbs_html_page_foot(FILE *out);

/* A format that takes report options (Markdown, JSON, HTML). */
typedef int (*cbs_report_writer_fn)(const struct cbs_tables *ts,
    const struct cbs_report_opts *o, FILE *out);

/* fn(ts, o, out) in the C locale's numbers; CBS_ENOMEM without it. */
int cbs_c_numeric_report(cbs_report_writer_fn fn,
    const struct cbs_tables *ts, const struct cbs_report_opts *o,
    FILE *out);

#endif /* CBS_REPORT_H */
