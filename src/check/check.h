/*
 * check.h: what the -check readers share (check_text.c, check_csv.c,
 * check_md.c, check_json.c), defined in check_cell.c.
 *
 * Every reader turns the comparisons it finds into the same record,
 * struct cbs_check_cell, and hands each to cbs_check_gate, which applies
 * the gate's rule; so a new format, or a new version of one, only has to
 * fill the record.
 */
#ifndef CBS_CHECK_H
#define CBS_CHECK_H

#include <stddef.h>
#include <stdio.h>

#include "cbenchstat.h"

/*
 * One comparison of a column against the base column, as read back.
 * Texts are as the file printed them; numbers are NaN (sizes 0) when the
 * format does not carry them.  The gate uses the exact centres when both
 * are known (CSV, JSON), else the printed delta (text, Markdown).
 */
struct cbs_check_cell {
	size_t line;		/* line of the file; 0 for JSON */
	const char *benchmark;	/* row name, "geomean" or CBS_RUN_WIDE */
	int geomean;		/* a geomean: no test, gated on request */
	int run_wide;		/* a run-wide shift: no centres */
	const char *unit;
	int better;		/* enum cbs_better; UNKNOWN: from the unit */
	const char *column;	/* the compared column's label */
	size_t col;		/* Markdown: the column's index */
	const char *base;	/* base centre as printed, or NULL */
	const char *value;	/* new centre as printed, or NULL */
	const char *delta;	/* "+19.89%", "~", "?" */
	const char *p;		/* "0.000", or NULL without a test */
	int significant;	/* -1: from the delta text ("~" or not) */
	double base_center;
	double new_center;
	double base_lo, base_hi;	/* the intervals */
	double new_lo, new_hi;
	const char *base_range;	/* "1%" as printed, or NULL */
	const char *new_range;
	double ratio;		/* geomean ratio new/base */
	double delta_percent;
	double p_value;
	double alpha;
	size_t n1, n2;		/* runs in base and new; 0 when unknown */
	const char *verdict;	/* the writer's verdict, or NULL */
	/* JSON schema 2: the live gate's figures as its lines print them. */
	const char *estimate, *interval, *noise, *runs, *run_shift, *cells;
	const char *doubt;	/* why runs is "-", or NULL */
};

/* Which table a line-oriented reader is in the middle of. */
enum cbs_check_kind {
	CBS_CHECK_NONE,		/* between tables */
	CBS_CHECK_TEXT_HEAD,	/* box-drawing header rows */
	CBS_CHECK_TEXT,		/* upstream's current text format */
	CBS_CHECK_V1,		/* upstream's v1 text format */
	CBS_CHECK_CSV,
	CBS_CHECK_MD,
	CBS_CHECK_MD_TAIL,	/* Markdown: run-wide lines and notes */
};

struct cbs_check_col {
	const char *label;
	const char *unit;
	size_t cell;		/* Markdown: its centre's cell */
	size_t dcell;		/* Markdown: its "vs base" cell, or 0 */
	size_t run_line;	/* Markdown: its run-wide line, or 0 */
};

/*
 * A comparison kept until the whole file is read: the gate judges the
 * file's comparisons as one family.
 */
struct cbs_check_item {
	struct cbs_regression r;	/* strings kept in the file's arena */
	int past;		/* past the threshold in the worse direction */
	int geomean;
	int run_wide;
	size_t col;		/* Markdown: the column's index */
	double worse;		/* the change's log ratio, positive when
				 * worse; NaN when the file does not tell */
	double p;		/* an upper bound of the U-test's p, or NaN */
	const char *stored;	/* JSON schema 2: the live gate's verdict */
};

/* Text: one cell of a header row, between two column rules. */
struct cbs_check_seg {
	size_t row;		/* header row, from 0 */
	size_t at;		/* rune offset of its left rule */
	const char *text;	/* trimmed; NULL for a row's last rule */
};

/* Text: one blank-separated token of a row, and the rune it starts at. */
struct cbs_check_tok {
	const char *s;
	size_t len, at;
};

/* A reader's state over one file. */
struct cbs_check {
	const char *path;
	size_t lineno;
	char *err;		/* the caller's message buffer */
	size_t errlen;
	double threshold;
	int gate_geomean;
	double gate_alpha;
	int strict;
	int stored;		/* JSON schema 2 carries the gate's verdicts */
	struct cbs_check_item *items;
	size_t nitems, capitems;
	cbs_regression_fn fn;
	void *ctx;
	long hits;
	size_t ntables;		/* tables found: none is an error */
	int rc;			/* first error (CBS_ENOMEM, CBS_EPARSE) */
	struct cbs_arena *arena;	/* strings kept for the file */
	struct cbs_arena *scratch;	/* strings of the current line */
	/* The configuration printed so far, in order of first appearance. */
	const char **keys;
	const char **vals;
	size_t nkeys, capkeys, capvals;
	/*
	 * Between tables: the first line of a table that has not begun
	 * (its configuration, a header row), or 0.
	 */
	size_t pending_line;
	int pending_gate;	/* that line is a whole gate line */
	/* The table being read, and what its end must hold. */
	enum cbs_check_kind kind;
	size_t table_line;		/* its first header line */
	size_t table_item;		/* its first item */
	size_t last_line;		/* its last line so far */
	size_t nrows;			/* benchmark rows so far */
	size_t geomean_line;		/* its geomean row, or 0 */
	size_t max_note;		/* the highest footnote a row cites */
	size_t nnotes;			/* footnotes read */
	struct cbs_check_col *cols;
	size_t ncols, capcols;
	/* Text: the header's cells, the unit row's rules, the label
	 * column's width, and the tokens of the current row. */
	struct cbs_check_seg *segs;
	size_t nsegs, capsegs, nhrows;
	size_t *bars;
	size_t nbars, capbars;
	size_t label_runes;
	int short_label;		/* the first row's label is shorter */
	struct cbs_check_tok *toks;
	size_t ntoks, captoks;
	/* CSV, Markdown. */
	const char *unit;		/* Markdown: the "**unit**" line */
	const char *md_header;		/* Markdown: a candidate header */
	size_t md_cells;		/* Markdown: cells of its rows */
	size_t head_line;		/* CSV, Markdown: last header line */
	char **fields;			/* CSV, Markdown: the cells */
	size_t nfields, capfields;
};

/* Fail the file with CBS_EPARSE (unless it failed already): the
 * message is "path:line: " and the rest, written into c->err. */
void cbs_check_fail(struct cbs_check *c, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Note a line of a table that has not begun yet (configuration, a
 * header row): the file must not end before the table does. */
void cbs_check_pending(struct cbs_check *c);
/* A table of kind begins at the current line. */
void cbs_check_begin(struct cbs_check *c, enum cbs_check_kind kind);
/* The table being read ends (a blank line, a line that is not part of
 * it, the end of the file): fail the file unless it holds what its
 * writer ends every table with -- rows, the geomean row where one is
 * written, every footnote its rows cite. */
void cbs_check_end(struct cbs_check *c);
/* "p=0.000 n=10", "n=4+5": a test as the formats print it.
 * @return 1 if s is one. */
int cbs_check_is_test(const char *s, size_t len);

/* Judge the file's comparisons as one family and report them through
 * c->fn; sets c->hits, or c->rc when out of memory. */
void cbs_check_finish(struct cbs_check *c);

/* Keep one comparison for the gate, which judges the file's family once
 * it is read (see check_text.c). */
void cbs_check_gate(struct cbs_check *c, const struct cbs_check_cell *cell);

/*
 * A run-wide shift that a Markdown report prints below a table: the
 * change pct (percent, new against base) of column cell->col, the median
 * of ncells of its comparisons, which the reader has handed to
 * cbs_check_gate already.  Within the threshold, those comparisons are
 * judged relative to it, as the live gate judges them; past it, it is
 * one more member of the family.  Fails the file when the table has
 * fewer comparisons in that column than ncells.
 */
void cbs_check_run_wide(struct cbs_check *c,
    const struct cbs_check_cell *cell, double pct, size_t ncells);

/* A cell record with every number unknown. */
void cbs_check_cell_init(struct cbs_check_cell *cell);

/* Set key to value in the configuration. @return 0 or CBS_ENOMEM. */
int cbs_check_config_set(struct cbs_check *c, const char *key, size_t klen,
    const char *val, size_t vlen);
/* @return 1 if line is a whole gate line (standard error's), not part
 * of a report. */
int cbs_check_gate_line(const char *line);
/* @return a hint to append to an error at such a line, or "". */
const char *cbs_check_gate_line_hint(const char *line);
#define CBS_CHECK_GATE_LINE_HINT	" (a gate line of the command's " \
	"standard error: save the report without 2>&1)"
/* A "key: value" line (the key without blanks) sets key to value.
 * @return 1 if it was one, else 0. */
int cbs_check_config_line(struct cbs_check *c, const char *line);
/* Forget the configuration (JSON tables carry theirs whole). */
void cbs_check_config_clear(struct cbs_check *c);

/* Make c->ncols at least n, new columns zeroed. @return 0 or
 * CBS_ENOMEM. */
int cbs_check_cols(struct cbs_check *c, size_t n);
/* Append a field to c->fields. @return 0 or CBS_ENOMEM. */
int cbs_check_field(struct cbs_check *c, char *f);
/* Field i of the row split last, or "" past its end. */
const char *cbs_check_field_at(const struct cbs_check *c, size_t i);

/* Copies into c->scratch (NULL and c->rc set when out of memory); with
 * s NULL, an empty string with room for len bytes and the NUL. */
char *cbs_check_strndup(struct cbs_check *c, const char *s, size_t len);
/* Copies into c->arena, kept for the whole file. */
char *cbs_check_keep(struct cbs_check *c, const char *s, size_t len);

/* Parse "+19.89%" into 19.89. @return 0, or -1 for "~", "?" and such. */
int cbs_check_parse_delta(const char *s, double *pct);

/* The line readers: @return 1 if the line was theirs. */
int cbs_check_csv_line(struct cbs_check *c, const char *line);
int cbs_check_md_line(struct cbs_check *c, const char *line);

/*
 * Read a JSON report (-format json): blanks blank lines, then the first
 * line first[0..len) (its line end removed; ended if that was a
 * newline), were read from fp already; the rest is still in fp.
 * @return 0, or CBS_EPARSE / CBS_EIO / CBS_ENOMEM with a message in err.
 */
int cbs_check_json(struct cbs_check *c, FILE *fp, size_t blanks,
    const char *first, size_t len, int ended, char *err, size_t errlen);
/* @return 1 if line, the file's first that is not blank, starts a JSON
 * report: "{" after blanks and perhaps a UTF-8 byte-order mark. */
int cbs_check_json_start(const char *line);

struct json_t;
/*
 * Check doc, a JSON report of schema version schema, before it is read
 * (check_json_valid.c): the members -check reads, their types, the
 * verdicts' spelling, and a gate summary that agrees with the tables.
 * @return 0, or CBS_EPARSE (CBS_ENOMEM) with a message naming the member
 * by a JSON pointer in err.
 */
int cbs_check_json_valid(const struct json_t *doc, int schema,
    const char *path, char *err, size_t errlen);

#endif
