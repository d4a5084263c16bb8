/*
 * cbenchstat.h: the public API of libcbenchstat, a C implementation of Go's
 * benchstat (golang.org/x/perf/cmd/benchstat) with a regression gate.
 *
 * A program compares benchmark files in stages, one section each below:
 *
 *	read (cbs_reader_read, or cbs_reader_read_input for the JSON
 *	input formats too)  ->  group (cbs_group_add)  ->
 *	tables (cbs_tables_build)  ->  gate (cbs_gate_new, optional)  ->
 *	sort (cbs_tables_sort, optional)  ->
 *	format (cbs_format_text, _csv, _markdown, _json, _html)
 *
 * cbs_check_read gates tables that were written before (-check), and
 * cbs_outfile_* write an output file that is never left half-written (-o).
 *
 * Ownership, for every function here: each cbs_*_new has a cbs_*_free
 * that accepts NULL; free in the reverse order of creation, the arena
 * last.  Pointers that functions return or hand to callbacks are
 * borrowed and stay valid until the object that owns them is freed
 * (a result only until its callback returns).  The caller owns anything
 * it passes in; an object made from another (a reader from an arena, a
 * gate from tables) borrows it, which must outlive it.
 *
 * Errors: functions that can fail return 0 or a negative enum cbs_error
 * and, where a message helps, fill a caller-supplied buffer.  The library
 * never prints (except to a FILE the caller hands it), never exits and
 * never changes the program's locale.  Numbers are read and written as
 * Go writes them ("1.5") whatever the caller's LC_NUMERIC: the functions
 * that write them switch their own thread to the C locale (uselocale(3))
 * for the call, and a callback they call runs in it too.
 */
#ifndef CBENCHSTAT_H
#define CBENCHSTAT_H

#include <stddef.h>
#include <stdio.h>

#if defined(__GNUC__)
#define CBS_WUR __attribute__((warn_unused_result))
#else
#define CBS_WUR
#endif

#define CBS_VERSION "0.2.0"

enum cbs_error {
	CBS_OK = 0,
	CBS_ENOMEM = -1,	/* out of memory */
	CBS_EIO = -2,		/* read or write error */
	CBS_EPARSE = -3,	/* bad input data */
	CBS_EINVAL = -4,	/* bad argument (flag value, query) */
};

/* @return a static description of an enum cbs_error code. */
const char *cbs_strerror(int code);

/*
 * Go's strconv.Quote (the %q of Go's messages) of s[0..len): escapes for
 * quotes, backslashes and runes Go does not print, "\xe9" for a byte
 * that is not UTF-8.  Every value a message quotes goes through it, so
 * that the library and the program quote alike.
 * @return a new string the caller frees, or NULL when out of memory.
 */
char *cbs_go_quote(const char *s, size_t len);

/*
 * Grow the malloc'ed array *p (any T **, passed as void *) of *cap
 * elements of size bytes to hold at least need, doubling from at least
 * 8, with the overflow checks written once: the library and the program
 * grow their arrays through it (or through grow.c's cbs_resize, the same
 * checks without doubling, for the cells' samples).  *p and *cap are
 * unchanged on failure.
 * @return 0 or CBS_ENOMEM.
 */
int cbs_grow(void *p, size_t *cap, size_t need, size_t size) CBS_WUR;

/*
 * Arena: a bump allocator that owns everything allocated from it; freed
 * at once with cbs_arena_free.  One per run.
 */
struct cbs_arena;
struct cbs_arena *cbs_arena_new(void);
void cbs_arena_free(struct cbs_arena *a);
/* @return len bytes aligned for any type, or NULL when out of memory. */
void *cbs_arena_alloc(struct cbs_arena *a, size_t len);
/* @return a NUL-terminated copy of s[0..len), or NULL. */
char *cbs_arena_strndup(struct cbs_arena *a, const char *s, size_t len);

/*
 * Interned strings: equal strings get the same pointer, so later stages
 * compare by pointer.  Owned by the arena passed to cbs_intern_new.  A
 * result made by hand for cbs_group_add needs its strings interned in
 * the table the group was made with.
 */
struct cbs_intern;
struct cbs_intern *cbs_intern_new(struct cbs_arena *a);
void cbs_intern_free(struct cbs_intern *t);
/* @return the canonical copy of s[0..len), or NULL when out of memory. */
const char *cbs_intern(struct cbs_intern *t, const char *s, size_t len);

/* ---------------------------------------------------------------- parse */

/* One configuration pair.  ".file" is an internal key (is_file == 0). */
struct cbs_config {
	const char *key;	/* interned */
	const char *value;	/* interned, never "" */
	int is_file;		/* read from a "key: value" line */
};

/*
 * One measurement of a result, tidied to base units as upstream does:
 * "ns" becomes "sec" and "MB" becomes "B", the value scaled to match.
 */
struct cbs_value {
	double value;
	const char *unit;	/* interned */
	double orig_value;
	const char *orig_unit;	/* NULL when tidying changed nothing */
};

/* One benchmark result line, as the reader hands it to its callback. */
struct cbs_result {
	const char *name;	/* full name without "Benchmark", NUL-ended */
	size_t name_len;
	long long iters;
	const struct cbs_config *config;	/* in upstream's order */
	size_t nconfig;
	const struct cbs_value *values;
	size_t nvalues;
	const char *path;	/* file name used in messages */
	size_t line;		/* 1-based */
};

/* A non-fatal problem with one input line.  msg is whole, of any
 * length, and valid during the callback only: copy it to keep it. */
struct cbs_diag {
	const char *file;
	size_t line;
	const char *msg;
};

typedef void (*cbs_diag_fn)(const struct cbs_diag *d, void *ctx);
/* @return buf holding where d is: "file:line", or "file" for line 0 (an
 * entry of a JSON input, which has no line of its own). */
char *cbs_diag_where(const struct cbs_diag *d, char *buf, size_t len);
/* @return 0 to go on, or a negative enum cbs_error to stop reading. */
typedef int (*cbs_result_fn)(const struct cbs_result *r, void *ctx);

/*
 * A reader parses the Go benchmark format.  Unit metadata ("Unit x
 * key=value") accumulates across every stream it reads, as upstream's
 * benchfmt.Files does; file configuration starts afresh with each stream.
 */
struct cbs_reader;
struct cbs_reader *cbs_reader_new(struct cbs_arena *a, struct cbs_intern *t);
void cbs_reader_free(struct cbs_reader *r);

/*
 * Read one stream to its end.  path names the stream in messages, label
 * is its ".file" value.  Each result goes to on_result, each bad line to
 * on_diag (which may be NULL).
 * @return 0, CBS_EIO (message in err) or whatever on_result returned.
 */
int cbs_reader_read(struct cbs_reader *r, FILE *fp, const char *path,
    const char *label, cbs_result_fn on_result, cbs_diag_fn on_diag,
    void *ctx, char *err, size_t errlen) CBS_WUR;

/*
 * The input formats a reader reads besides Go's (cbenchstat(1), INPUT
 * FORMATS): a "go test -json" (test2json) stream, a Google Benchmark
 * JSON report and a hyperfine JSON export.  AUTO tells them apart by
 * content: anything that does not start with '{' (after white space) is
 * Go text, as is an empty stream.
 */
enum cbs_input_format {
	CBS_INPUT_AUTO,
	CBS_INPUT_GO,
	CBS_INPUT_TEST2JSON,
	CBS_INPUT_GBENCH,
	CBS_INPUT_HYPERFINE,
};

/* @return 0 and the format named name ("auto", "go", "test2json",
 * "gbench", "hyperfine") in *out, or CBS_EINVAL. */
int cbs_input_format_parse(const char *name, enum cbs_input_format *out)
    CBS_WUR;
/* @return the name of f, as cbs_input_format_parse takes it. */
const char *cbs_input_format_name(enum cbs_input_format f);

/*
 * Read one stream of format fmt (CBS_INPUT_AUTO: detect it) to its end,
 * as cbs_reader_read does.  JSON formats are read whole into memory.
 * The first call wraps jansson's allocation functions, process-wide, in
 * ones that call those found and, within this library's own parses
 * only, fail every later allocation of a parse once one has failed, so
 * that running out of memory is CBS_ENOMEM and not a crash.
 * A JSON entry that is no sample (an error entry, a missing field) goes
 * to on_diag with line 0 when the document has no line for it.
 * @return 0, CBS_EIO, CBS_EPARSE (malformed JSON: err names the file,
 * line and column; JSON of no known shape; or a JSON input that yields
 * no result), CBS_ENOMEM, or whatever on_result returned.
 */
int cbs_reader_read_input(struct cbs_reader *r, FILE *fp,
    enum cbs_input_format fmt, const char *path, const char *label,
    cbs_result_fn on_result, cbs_diag_fn on_diag, void *ctx, char *err,
    size_t errlen) CBS_WUR;

/* Numbers as the reader reads them, for flags that take numbers:
 * Go's strconv.ParseFloat(s, 64) of s[0..len): no blanks, underscores
 * between digits, hex with a 'p' exponent, inf and nan; whatever the
 * caller's locale.  @return 0, 1 (invalid syntax), 2 (value out of
 * range) or CBS_ENOMEM (no memory for a copy of a very long s). */
int cbs_parse_go_float(const char *s, size_t len, double *out);

/* ---------------------------------------------------------------- group */

/*
 * Grouping: every result that passes the filter is projected into a table
 * (by -table and unit), a row (-row) and a column (-col); the values that
 * land in the same cell form one sample.  The expressions use upstream's
 * projection syntax; NULL takes upstream's default.
 */
struct cbs_group_opts {
	const char *filter;	/* default "*" */
	const char *table;	/* default ".config" */
	const char *row;	/* default ".fullname" */
	const char *col;	/* default ".file" */
	const char *ignore;	/* default "" */
};

struct cbs_group;

/*
 * Parse the filter and projections.  On a bad expression, err gets
 * "parsing -FLAG: " and upstream's message, and CBS_EINVAL is returned.
 * Strings are interned in t; memory comes from a.
 */
int cbs_group_new(struct cbs_arena *a, struct cbs_intern *t,
    const struct cbs_group_opts *opts, struct cbs_group **out,
    char *err, size_t errlen) CBS_WUR;
void cbs_group_free(struct cbs_group *g);

/*
 * Filter r and add its values to their cells.  @return 0 or CBS_ENOMEM
 * (a -filter regexp that ran out of memory too: cbs_group_error says so).
 */
int cbs_group_add(struct cbs_group *g, const struct cbs_result *r) CBS_WUR;
/*
 * @return the message of the error cbs_group_add returned when it is
 * more than its code ("-filter ...: a regexp could not be matched"), or
 * "".  The text is g's: valid until the next cbs_group_add or
 * cbs_group_free.
 */
const char *cbs_group_error(const struct cbs_group *g);

/* ---------------------------------------------------------------- table */

/* A summary of a sample: centre, confidence interval and its level. */
struct cbs_summary {
	double center;
	double lo;
	double hi;
	double confidence;	/* actual level, >= the requested one */
};

/* A comparison of a cell with the cell of the first column. */
struct cbs_comparison {
	double p;		/* 0 for assume=exact: no test */
	size_t n1;
	size_t n2;
	double alpha;		/* 0 for assume=exact */
};

struct cbs_cell {
	int present;
	const double *values;	/* sorted, NaNs first */
	const double *runs;	/* the same in input order, or NULL */
	size_t n;
	struct cbs_summary summary;
	const char **warnings;	/* about the sample and its summary */
	size_t nwarnings;
	int has_baseline;	/* cmp is valid */
	struct cbs_comparison cmp;
	const char **cmp_warnings;
	size_t ncmp_warnings;
};

/* The geomean row: one per column. */
struct cbs_col_summary {
	int has_summary;
	double summary;
	int has_ratio;
	double ratio;
	const char **warnings;
	size_t nwarnings;
};

/*
 * The library's own parts of a built table, opaque to callers: where its
 * key values are looked up, and the changes cbs_tables_sort worked out.
 */
struct cbs_table_key;
struct cbs_change_cache;

struct cbs_table {
	const char *unit;
	int assume_exact;
	int better;		/* enum cbs_better for unit */
	int memory;		/* unit counts memory: its growth is a leak
				 * (B/op, allocs/op, "Unit ... memory=yes") */
	/*
	 * The table's key: name and value of each field but ".unit".  The
	 * names are shared by every table of a cbs_tables.  Read values
	 * with cbs_table_key_value: a built table leaves key_values NULL
	 * and looks them up in its key (the library's own), as n tables
	 * with a value per configuration key each would hold n * n of
	 * them.  A table made by hand sets key_values and leaves key NULL.
	 */
	size_t nkey;
	const char **key_names;
	const char **key_values;
	const struct cbs_table_key *key;
	size_t nrows;
	const char **row_labels;
	size_t ncols;
	size_t ncol_fields;
	const char **col_field_names;
	const char **col_values;	/* [col * ncol_fields + field] */
	struct cbs_cell *cells;		/* [row * ncols + col] */
	struct cbs_col_summary *summary;	/* [col] */
	/*
	 * The order the formats show the rows in (cbs_tables_sort): the
	 * k-th shown row is row order[k], and row r is shown at rank[r].
	 * NULL: the rows' own order (upstream's).  Read through
	 * cbs_table_row.
	 */
	const size_t *order;
	const size_t *rank;
	/* The library's own: the changes cbs_tables_sort worked out, kept
	 * for the formats that show them; NULL in a table made by hand. */
	const struct cbs_change_cache *changes;
};

struct cbs_tables {
	size_t ntables;
	struct cbs_table *tables;
};

/* @return the value of key field k (< t->nkey) of t, "" when unset. */
const char *cbs_table_key_value(const struct cbs_table *t, size_t k);

/* @return the label of column col: its key values joined by spaces,
 * cut to len - 1 bytes as snprintf cuts (the library's own reports
 * write every label whole). */
const char *cbs_table_col_label(const struct cbs_table *t, size_t col,
    char *buf, size_t len);

struct cbs_table_opts {
	double confidence;	/* e.g. 0.95 */
	double alpha;		/* e.g. 0.05 */
	/* Unit metadata source for assume=exact; may be NULL. */
	const struct cbs_reader *units;
	int keep_run_order;	/* fill cbs_cell.runs (the gate's drift check) */
};

/*
 * Compute every summary, comparison and geomean.  The tables live in the
 * group's arena. @return 0 or CBS_ENOMEM.
 */
int cbs_tables_build(struct cbs_group *g, const struct cbs_table_opts *o,
    struct cbs_tables **out) CBS_WUR;

/* ---------------------------------------------------------------- gate */

/*
 * The regression gate judges the comparisons of a run as one family: a
 * change is a regression when, at the family-wise level of
 * cbs_gate_opts.alpha, it is surely past the threshold in the worse
 * direction for its unit, an improvement likewise in the better
 * direction (cbenchstat(1), section STATISTICS).
 */
enum cbs_better {
	CBS_BETTER_LOWER = -1,
	CBS_BETTER_UNKNOWN = 0,
	CBS_BETTER_HIGHER = 1,
};

/* The gate's settings; see cbenchstat(1), section STATISTICS. */
struct cbs_gate_opts {
	double threshold;	/* percent, >= 0 */
	double alpha;		/* family-wise level (-gate-alpha), e.g. 0.01 */
	double confidence;	/* level of the shown intervals, e.g. 0.95 */
	int gate_geomean;	/* geomean rows belong to the family */
	int strict;		/* inconclusive cells fail the gate too */
	int gate_leaks;		/* a new leak (not in base) fails it too */
};

struct cbs_gate;

/*
 * Judge every compared cell of t (and each geomean with gate_geomean) as
 * one family, at family-wise level o->alpha.  t must have been built
 * with keep_run_order for the drift check.
 * @return 0, CBS_EINVAL (bad options) or CBS_ENOMEM.
 */
int cbs_gate_new(const struct cbs_tables *t, const struct cbs_gate_opts *o,
    struct cbs_gate **out) CBS_WUR;
void cbs_gate_free(struct cbs_gate *g);
/* @return how many compared cells (a benchmark with results in the base
 * column and in another) the gate judges: 0 means it judged nothing. */
size_t cbs_gate_compared(const struct cbs_gate *g);

/* One line of the gate's report; strings as printed. */
/* The benchmark name of a run-wide shift's line (cbenchstat(1), GATE). */
#define CBS_RUN_WIDE "(run-wide)"

struct cbs_regression {
	const char *kind;	/* "regression", "inconclusive", "drift",
				 * "leak" */
	const char *file;	/* the .diff file read by -check, or NULL */
	size_t line;		/* its line, or 0 */
	const char *config;	/* "goos=linux pkg=..." or "" */
	const char *benchmark;	/* row label, "geomean" or "(run-wide)" */
	const char *unit;
	const char *column;	/* the compared column's label */
	const char *base;	/* base centre, e.g. "2.410µ"; NULL for
				 * CBS_RUN_WIDE, as value and delta */
	const char *value;	/* new centre */
	const char *delta;	/* "+19.89%" */
	const char *p;		/* "0.000", or NULL when there is no test */
	const char *estimate;	/* the gate's estimate "+19.2%", or NULL */
	const char *interval;	/* "+15.1%..+23.4%", or NULL */
	const char *noise;	/* "2.1%", or NULL */
	const char *runs;	/* runs needed a side, "-" with doubt, or
				 * NULL */
	const char *doubt;	/* why runs is "-": "run_shift", or NULL */
	double threshold;	/* percent */
	const char *run_shift;	/* "+1.0%": the run-wide shift the cell was
				 * judged against, or NULL */
	const char *cells;	/* a run-wide line: the cells it spans */
	const char *growth;	/* a leak line: "+512 B/run", or NULL */
	const char *nruns;	/* a leak line: the cell's runs */
	const char *also_in_base;	/* a leak line of a compared column:
				 * "yes" or "no"; NULL for the base's */
};

typedef void (*cbs_regression_fn)(const struct cbs_regression *r, void *ctx);

/*
 * Call fn for each regression, then each inconclusive cell, then each
 * cell whose runs drift, then each memory cell that leaks (kind "leak"),
 * in table order.  @return the number of cells that fail the gate
 * (regressions, inconclusive ones when strict, leaks not also in the
 * base column when gate_leaks).
 */
long cbs_gate_report(const struct cbs_gate *g, const struct cbs_tables *t,
    cbs_regression_fn fn, void *ctx);

/*
 * Format r as one stable, grep-able line without newline:
 * "KIND: [file=F line=N ]benchmark=B unit=U column=C ..." with the
 * fields r has (values with spaces quoted), cut to fit len bytes with
 * its NUL: size buf with cbs_regression_line_size.  @return buf.
 */
char *cbs_regression_line(const struct cbs_regression *r, char *buf,
    size_t len);

/* @return the bytes cbs_regression_line needs for the whole line of r,
 * its NUL included. */
size_t cbs_regression_line_size(const struct cbs_regression *r);

/*
 * -check: read tables that cbenchstat (any -format: text, CSV, Markdown,
 * JSON) or benchstat (current or v1 text format) already wrote, telling
 * the format by the content, and judge the file's comparisons as one
 * family with o's threshold and level (o->confidence is not used).  A
 * JSON report (schema 2) written by the gate with the same settings
 * gives its own verdicts; the other formats have only rounded p-values,
 * so the guarantee is weaker (cbenchstat(1), STATISTICS).  fn gets each
 * regression, then each inconclusive comparison.  The direction comes
 * from the unit's name (v1's "speed" is better higher), or from JSON's
 * "better".  @return the number of comparisons that fail the gate, or
 * CBS_EPARSE (no table in the file, malformed JSON, other settings),
 * CBS_EIO or CBS_ENOMEM with a message in err.
 */
long cbs_check_read(FILE *fp, const char *path,
    const struct cbs_gate_opts *o, cbs_regression_fn fn, void *ctx,
    char *err, size_t errlen);

/* ---------------------------------------------------------------- sort */

/*
 * The order the formats show each table's rows in (-sort); the geomean
 * row stays last.
 *  - CBS_SORT_NONE: the rows' own order, upstream's (the default).
 *  - CBS_SORT_NAME: by row label, byte by byte (strcmp), ties in the
 *    rows' own order.
 *  - CBS_SORT_CHANGE: worst first.  A row's change in a compared column
 *    is the gate's estimate when g judged it, else the same estimate
 *    computed here (the Hodges-Lehmann shift, cbenchstat(1)); it counts
 *    as worse the more it goes in the unit's worse direction (either
 *    direction, by its size, when the unit's direction is unknown).  A
 *    row with several compared columns ranks by its worst one.  Rows
 *    with no change at all (a missing cell, an empty sample) come last;
 *    ties keep the rows' own order.
 */
enum cbs_sort {
	CBS_SORT_NONE = 0,
	CBS_SORT_CHANGE = 1,
	CBS_SORT_NAME = 2,
};

/*
 * Set the order and rank of every table of t (their arrays from a).
 * g may be NULL.
 * @return 0 or CBS_ENOMEM.
 */
int cbs_tables_sort(struct cbs_arena *a, struct cbs_tables *t,
    const struct cbs_gate *g, enum cbs_sort by) CBS_WUR;

/* @return the row shown k-th in t (k < t->nrows). */
size_t cbs_table_row(const struct cbs_table *t, size_t k);

/* ---------------------------------------------------------------- format */

/* Print tables as upstream's text format.  @return 0 or CBS_EIO. */
int cbs_format_text(const struct cbs_tables *t, FILE *out) CBS_WUR;
/* Print tables as CSV; warnings go to warn with cell references.
 * @return 0 or CBS_EIO. */
int cbs_format_csv(const struct cbs_tables *t, FILE *out, FILE *warn)
    CBS_WUR;

/* What the Markdown and JSON reports need beyond the tables. */
struct cbs_report_opts {
	double alpha;
	double confidence;
	int has_threshold;	/* -threshold or THRESHOLD_PERCENT given */
	double threshold;	/* percent; 0 when !has_threshold */
	int gate_geomean;	/* geomean rows gate too */
	const struct cbs_gate *gate;	/* the verdicts, or NULL: no gate */
	const struct cbs_diag *diags;	/* input warnings, in order */
	size_t ndiags;
	/* The HTML report's heading: the inputs' labels (may be none). */
	const char *const *inputs;
	size_t ninputs;
	int sort;		/* the enum cbs_sort the tables are in */
};

/*
 * GitHub-flavoured Markdown for pull-request comments and job summaries.
 * @return 0, CBS_EIO or CBS_ENOMEM.
 */
int cbs_format_markdown(const struct cbs_tables *t,
    const struct cbs_report_opts *o, FILE *out) CBS_WUR;

/*
 * One JSON document (schema 2, described in cbenchstat(1)) with every
 * table, row, cell, comparison and warning.  @return 0 or CBS_EIO.
 */
int cbs_format_json(const struct cbs_tables *t,
    const struct cbs_report_opts *o, FILE *out) CBS_WUR;

/*
 * One self-contained HTML5 page: inline CSS and SVG, no script, nothing
 * fetched.  Per table a forest plot of the changes with their intervals
 * (the gate's, or the same Hodges-Lehmann estimates computed here when
 * there is no gate), the table as text shows it, and per benchmark the
 * raw runs as dot strips (cbenchstat(1), HTML REPORT).  The tables
 * should keep their run order (cbs_table_opts.keep_run_order) for the
 * drift notes.  @return 0, CBS_EIO or CBS_ENOMEM.
 */
int cbs_format_html(const struct cbs_tables *t,
    const struct cbs_report_opts *o, FILE *out) CBS_WUR;

/* ---------------------------------------------------------------- output */

/*
 * An output file that is never left half-written and never destroys
 * what its path names.  A regular file or a new name is written to a
 * temporary file ".NAME.XXXXXXXXXX" in the same directory, synced, and
 * renamed over it only by cbs_outfile_commit, keeping the old file's
 * permissions (and owner, where allowed); a new file gets 0666 less the
 * umask.  A symbolic link is followed to its final target, which is
 * replaced that way (or created, when the link dangles) while the link
 * stays.  A FIFO or character device is written in place.  A name of
 * a descriptor the process has open (/dev/stdin, /dev/stdout,
 * /dev/stderr, /dev/fd/N, /proc/self/fd/N, or a link to one) is written
 * through a copy of that descriptor, at its offset or appended as it
 * was opened, whatever its file is.  A directory, socket or block device
 * is refused.  Messages in err do not repeat the path: the caller prints
 * it.  No signal handler is installed; see cbs_outfile_temp_path.
 */
struct cbs_outfile;

/*
 * Follow path to its target and decide how to write it.  A FIFO or
 * character device is opened here (a FIFO waits for its reader), and a
 * descriptor copied; nothing is created until cbs_outfile_begin.
 * @return 0, CBS_EINVAL (refused), CBS_EIO or CBS_ENOMEM, with the
 * reason in err.
 */
int cbs_outfile_prepare(const char *path, struct cbs_outfile **out,
    char *err, size_t errlen) CBS_WUR;
/*
 * Create the temporary file (nothing to do for a FIFO or device).  On
 * failure f stays valid for cbs_outfile_abort.
 * @return 0, CBS_EIO or CBS_ENOMEM, with the reason in err.
 */
int cbs_outfile_begin(struct cbs_outfile *f, char *err, size_t errlen)
    CBS_WUR;
/* cbs_outfile_prepare then cbs_outfile_begin.  @return as they do. */
int cbs_outfile_open(const char *path, struct cbs_outfile **out, char *err,
    size_t errlen) CBS_WUR;
/*
 * @return the temporary file's path, or NULL (before cbs_outfile_begin,
 * or when writing a FIFO, device or descriptor in place).  The string
 * stays valid until commit or abort, so a program's signal handler may
 * unlink() it; record it and forget it with the signals blocked.
 */
const char *cbs_outfile_temp_path(const struct cbs_outfile *f);
/* @return the stream to write to (NULL before cbs_outfile_begin). */
FILE *cbs_outfile_stream(struct cbs_outfile *f);
/* Flush, sync and rename into place (or flush and close a FIFO,
 * device or descriptor's copy); frees f.  @return 0 or CBS_EIO. */
int cbs_outfile_commit(struct cbs_outfile *f, char *err, size_t errlen)
    CBS_WUR;
/*
 * Give up f after a write to its stream failed (ferror): remove the
 * temporary file and free f.  The reason is learnt again by flushing
 * what is still buffered; saved, the errno the failed write left (0 if
 * unknown), stands in when that learns nothing.
 * @return CBS_EIO, with "write: REASON" in err.
 */
int cbs_outfile_fail(struct cbs_outfile *f, int saved, char *err,
    size_t errlen);
/* Remove the temporary file and free f (accepts NULL). */
void cbs_outfile_abort(struct cbs_outfile *f);

/* ---------------------------------------------------------------- history */

/*
 * History (cbenchstat(1), HISTORY DATABASE): raw samples of many runs
 * kept in one SQLite file, the series of a benchmark's medians along its
 * commits, the changes found in them, and a gate of a new run against a
 * baseline of recorded commits.  changepoint.c holds the statistics
 * (pure functions), history_db.c the database, history.c the series and
 * their reports.
 */

/* One commit of a series: its sample, any order, no NaNs. */
struct cbs_history_point {
	const double *values;
	size_t n;		/* > 0 */
};

/* How changes are searched for; cbs_history_change_defaults fills it. */
struct cbs_history_change_opts {
	double alpha;		/* family-wise level, e.g. 0.01 */
	size_t family;		/* series judged together (Bonferroni), >= 1 */
	double threshold;	/* percent: smaller changes are not reported */
	double confidence;	/* level of the reported intervals */
	size_t min_segment;	/* commits on each side of a step, >= 2 */
	size_t min_creep;	/* commits a creep spans at least, >= 4 */
};

void cbs_history_change_defaults(struct cbs_history_change_opts *o);

enum cbs_history_change_kind {
	CBS_HISTORY_STEP = 1,	/* a level shift between two commits */
	CBS_HISTORY_CREEP = 2,	/* a sustained trend over a window */
};

/*
 * A change along a series.  Sizes are relative: +0.10 is 10% higher (for
 * a series with a value <= 0, relative to the median before the change).
 * A step starts at commit start (the first commit on the new level); a
 * creep runs from start to end - 1 (end - 1 the first commit on the new
 * level), and its size is the level after it minus the level before.
 */
struct cbs_history_change {
	int kind;		/* enum cbs_history_change_kind */
	size_t start;		/* its first commit, 0-based in the series */
	size_t end;		/* one past its last commit */
	double estimate;	/* relative size */
	double lo, hi;		/* its interval at opts.confidence */
	double p;		/* adjusted p-value (Bonferroni), <= alpha */
};

/*
 * Find steps (binary segmentation with a Mann-Whitney test of the
 * commits' medians, Bonferroni over the split positions and the family;
 * a step must fit better than the segment's Theil-Sen line and than a
 * ramp through it, so creep is not cut into stairs) and creeps
 * (Mann-Kendall trend of the medians between steps, placed and sized by
 * a level-ramp-level fit, the level after minus the level before with a
 * bootstrap interval), keeping those at least threshold in size.  No two
 * changes share a commit.  *out (malloc'd, the caller frees it) gets the
 * changes in commit order.  See cbenchstat(1), HISTORY DATABASE.
 * @return 0, CBS_EINVAL (bad options) or CBS_ENOMEM.
 */
int cbs_history_changes(const struct cbs_history_point *pts, size_t n,
    const struct cbs_history_change_opts *o,
    struct cbs_history_change **out, size_t *nout) CBS_WUR;

/*
 * The gate against history for one benchmark and unit: the new run's
 * median against the medians of k baseline commits, as a prediction
 * interval (Student's t with k - 1 degrees of freedom): a new commit is
 * judged against the spread between commits, not within one, so
 * between-commit noise raises no false alarms (bench/history_sim.c
 * measures both).  p_worse (p_better) is the one-sided p-value that the
 * change is past threshold in the worse (better) direction for better
 * (enum cbs_better; unknown counts higher as worse).
 */
struct cbs_history_verdict {
	double base;		/* geometric mean of the baseline medians
				 * (mean when one is <= 0) */
	double value;		/* median of the new run */
	double estimate;	/* relative change */
	double lo, hi;		/* prediction interval of the change */
	double p_worse;
	double p_better;
};

/* @return 0, or CBS_EINVAL (k < 3, n == 0) or CBS_ENOMEM. */
int cbs_history_judge(const double *base_medians, size_t k,
    const double *values, size_t n, double threshold, int better,
    double confidence, struct cbs_history_verdict *out) CBS_WUR;

/*
 * The store (cbenchstat(1), HISTORY DATABASE): one SQLite file, or a
 * PostgreSQL database named by a connection string, with the same schema
 * and the same answers.
 */
struct cbs_history;

/* The schema version this library writes; older ones are migrated. */
#define CBS_HISTORY_SCHEMA 3

/*
 * @return whether target names a PostgreSQL database: a URI
 * ("postgresql://", "postgres://") or a libpq keyword string ("host=...
 * dbname=..."); anything else is a SQLite file's path.
 */
int cbs_history_is_server(const char *target);

/*
 * target as it may be shown, in buf: a SQLite path as it is; a
 * PostgreSQL connection string rebuilt as keywords from libpq's reading
 * of it, its "password" and "sslpassword" as "***" (one libpq cannot
 * read shows as "(a PostgreSQL connection string)").  @return buf.
 */
char *cbs_history_redact(const char *target, char *buf, size_t len);

/* How cbs_history_open opens the file. */
enum cbs_history_mode {
	CBS_HISTORY_READ = 0,	/* read only: never written, nothing left
				 * beside it */
	CBS_HISTORY_WRITE = 1	/* record: created when missing */
};

/*
 * Open the database at target in mode (enum cbs_history_mode): a
 * PostgreSQL database (cbs_history_is_server) is created at schema 3 by
 * its first writer, in one transaction, and read in one snapshot per
 * query; never a password in err.  A SQLite file at path, to write:
 * created when missing, write-ahead logging, a busy timeout for
 * concurrent writers, an older schema migrated in one transaction.  To
 * read: the file is never written nor its schema changed (an older one
 * is migrated in a copy in memory), and no -wal or -shm file this
 * process made is left beside it: a file this user may write is opened
 * as SQLite's writers are, which remove them on close; one it may not
 * write is opened read-only, through the -wal and -shm that a writer
 * left, else immutable (no locks) and checked not to change while read
 * (cbenchstat(1), HISTORY DATABASE).  A file that is not a cbenchstat
 * database, is corrupt, is empty (to read) or has a newer schema is
 * refused untouched.  @return 0, CBS_EIO or CBS_EPARSE (refused),
 * CBS_ENOMEM; message in err.
 */
int cbs_history_open(const char *target, int mode, struct cbs_history **out,
    char *err, size_t errlen) CBS_WUR;
void cbs_history_close(struct cbs_history *h);
/* @return the back end's name: "SQLite" or "PostgreSQL". */
const char *cbs_history_backend(const struct cbs_history *h);

/*
 * Copy every run of from, read in one snapshot, into to (opened to
 * write), each run in a transaction of its own, so a copy cut short is
 * finished by running it again: a run to already holds adds nothing.
 * *runs gets the runs read, *added those new in to.
 * @return 0 or an error as cbs_history_record.
 */
int cbs_history_copy(struct cbs_history *from, struct cbs_history *to,
    size_t *runs, size_t *added, char *err, size_t errlen) CBS_WUR;

/* The commit a run belongs to.  Times are Unix seconds, 0 when unknown. */
struct cbs_history_commit {
	const char *id;		/* required */
	const char *parent;	/* may be NULL */
	const char *branch;	/* may be NULL */
	long long commit_time;
	long long recorded_time;
};

/*
 * Record one run: the benchmark file fp (named source), read to its end,
 * for commit c, in one transaction.  A run with the same content already
 * recorded for the commit adds nothing (*added = 0).  Bad lines go to
 * on_diag as the reader reports them.  *nvalues gets the values stored.
 * @return 0, CBS_EIO (database error, message in err), CBS_EINVAL (h
 * opened to read) or CBS_ENOMEM.
 */
int cbs_history_record(struct cbs_history *h,
    const struct cbs_history_commit *c, const char *source, FILE *fp,
    cbs_diag_fn on_diag, void *ctx,
    int *added, size_t *nvalues, char *err, size_t errlen) CBS_WUR;

/* One series read back: a benchmark and unit along its commits. */
struct cbs_history_series {
	const char *benchmark;	/* full name, without "Benchmark" */
	const char *unit;	/* tidied, e.g. "sec/op" */
	const char *config;	/* "key=value ..." of its file, or "" */
	int better;		/* enum cbs_better: the unit's recorded
				 * "Unit" metadata, else its name */
	size_t ncommits;
	const char **commits;	/* commit ids, oldest first */
	const char **branches;	/* "" when unknown */
	const long long *times;	/* commit (else recorded) times */
	const struct cbs_history_point *points;	/* [ncommits] */
};

/* Which series and commits a query reads. */
struct cbs_history_query {
	const char *filter;	/* -filter query over name, keys and unit */
	const char *branch;	/* only commits on it, or NULL: all */
	size_t last;		/* only the last commits, 0: all */
	const char *exclude;	/* a commit id left out, or NULL */
};

/* @return 0 to go on, or a negative enum cbs_error to stop. */
typedef int (*cbs_history_series_fn)(const struct cbs_history_series *s,
    void *ctx);

/*
 * Call fn for each series the query selects that has a commit, ordered
 * by benchmark, unit and configuration; its pointers are valid during
 * the call.  @return 0, CBS_EINVAL (bad filter), CBS_EIO, CBS_ENOMEM or
 * what fn returned; message in err.
 */
int cbs_history_each(struct cbs_history *h, const struct cbs_history_query *q,
    cbs_history_series_fn fn, void *ctx, char *err, size_t errlen) CBS_WUR;

/* @return the number of series the query would select, or an error. */
long cbs_history_count(struct cbs_history *h,
    const struct cbs_history_query *q, char *err, size_t errlen);

/* The history report's settings. */
struct cbs_history_report_opts {
	const char *format;	/* "text", "csv", "markdown", "json" or
				 * "html" */
	struct cbs_history_change_opts changes;
};

/*
 * Print every series the query selects: per commit the median and its
 * interval, a sparkline (text, Markdown) or a chart (HTML), and the
 * changes found, the family being the selected series.  *regressions
 * gets the changes in the worse direction.  When the query selects no
 * series, text and CSV print nothing, JSON no series and HTML a page
 * that says so; the caller says which query matched nothing.
 * @return the number of series printed, or an error as cbs_history_each.
 */
long cbs_history_report(struct cbs_history *h,
    const struct cbs_history_query *q, const struct cbs_history_report_opts *o,
    FILE *out, long *regressions, char *err, size_t errlen) CBS_WUR;

/* What cbs_history_gate reads, judges against and calls back. */
struct cbs_history_gate_opts {
	const char *source;	/* the new run's name in messages */
	cbs_diag_fn on_diag;	/* each bad line of the run, or NULL */
	void *diag_ctx;
	const char *branch;	/* the baseline's branch, NULL: any */
	size_t base_commits;	/* its last commits */
	const char *exclude;	/* a commit id left out, or NULL */
	struct cbs_gate_opts gate;	/* threshold, alpha, confidence */
	cbs_regression_fn on_regression;	/* or NULL */
	void *regression_ctx;
};

/*
 * Gate the runs in fp (named o->source) against the last
 * o->base_commits commits on o->branch: each benchmark and unit found
 * in both is judged by cbs_history_judge, the family being all of them,
 * with Holm's procedure at o->gate.alpha.  A table goes to out;
 * o->on_regression gets each regression (column "history").  @return
 * the number of regressions, or a negative enum cbs_error with a
 * message in err (no baseline at all is CBS_EINVAL).
 */
long cbs_history_gate(struct cbs_history *h, FILE *fp,
    const struct cbs_history_gate_opts *o, FILE *out, char *err,
    size_t errlen) CBS_WUR;

/*
 * Alerts (cbenchstat(1), record -alert, history -since): the changes a
 * commit brings.  For each series the query selects that holds commit,
 * the changes found with the series cut after a point and not found
 * with it cut before (none in the same direction over a shared commit,
 * of either kind: a change refitted as the other kind is the same; a step's commits are the last before it and the first after):
 * with since 0, cut after commit against cut before it (what recording
 * commit brought: a step it confirms, a creep that now crosses the
 * threshold); with since 1, the whole series against it cut after
 * commit (what came after it).  The family is the series the query
 * selects, as cbs_history_report's: an alert is a change `history`
 * lists with the same query and opts.
 */
struct cbs_history_alert {
	const struct cbs_history_series *series;
	const struct cbs_history_change *change;
	int regression;		/* in the worse direction */
};

/*
 * The pure part: the changes of pts[0..with) (as cbs_history_changes
 * finds them with o) that match none of pts[0..without), in *out
 * (malloc'd, the caller frees it).  @return 0, CBS_EINVAL or CBS_ENOMEM.
 */
int cbs_history_changes_new(const struct cbs_history_point *pts,
    size_t with, size_t without, const struct cbs_history_change_opts *o,
    struct cbs_history_change **out, size_t *nout) CBS_WUR;

/* @return 0 to go on, or a negative enum cbs_error to stop. */
typedef int (*cbs_history_alert_fn)(const struct cbs_history_alert *a,
    void *ctx);

/*
 * Call fn with each new change (the pointers valid during the call).
 * @return their number, or an error as cbs_history_each (with since, a
 * commit in no selected series is CBS_EINVAL).
 */
long cbs_history_alerts(struct cbs_history *h,
    const struct cbs_history_query *q, const char *commit, int since,
    const struct cbs_history_change_opts *o, cbs_history_alert_fn fn,
    void *ctx, char *err, size_t errlen) CBS_WUR;

/*
 * a as one line to out, "WORD: benchmark=... unit=... kind=step
 * commit=... commits=FROM..TO change=+10.0% interval=+9.1%..+10.9%
 * p=... regression config=...", values quoted as the gate's lines.
 * @return 0, CBS_EIO or CBS_ENOMEM.
 */
int cbs_history_alert_print(FILE *out, const char *word,
    const struct cbs_history_alert *a) CBS_WUR;

/*
 * history -since: the changes cbs_history_alerts finds after commit
 * (since 1) in o->format: "text" (one "change:" line each, as
 * cbs_history_alert_print), "markdown" (a list) or "json".
 * *regressions gets those in the worse direction.  @return their
 * number, or CBS_EINVAL (another format, or the commit in no series)
 * or an error as cbs_history_each; message in err.
 */
long cbs_history_since(struct cbs_history *h,
    const struct cbs_history_query *q, const char *commit,
    const struct cbs_history_report_opts *o, FILE *out, long *regressions,
    char *err, size_t errlen) CBS_WUR;

#endif /* CBENCHSTAT_H */
