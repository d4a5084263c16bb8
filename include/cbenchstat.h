/*
 * cbenchstat.h: the public API of libcbenchstat, a C implementation of Go's
 * benchstat (golang.org/x/perf/cmd/benchstat).
 *
 * The data flows one way, one module per stage:
 *
 *	parse (reader.c, units.c)  ->  group (filter.c, projection.c,
 *	group.c)  ->  statistics (stats.c)  ->  table (table.c)  ->
 *	format (fmt_text.c, fmt_csv.c)
 *
 * Memory: every cbs_*_new has a cbs_*_free that accepts NULL.  Pointers
 * that functions return are borrowed and stay valid until the owning
 * object is freed.  The caller owns anything it passes in.
 *
 * Errors: functions that can fail return 0 or a negative enum cbs_error
 * and, where a message helps, fill a caller-supplied buffer.  The library
 * never prints (except to a FILE the caller hands it), never exits and
 * never touches the locale.
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

#define CBS_VERSION "0.1.0"

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
 * compare by pointer.  Owned by the arena passed to cbs_intern_new.
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

/* One measurement of a result, tidied to base units (see cbs_unit_tidy). */
struct cbs_value {
	double value;
	const char *unit;	/* interned */
	double orig_value;
	const char *orig_unit;	/* NULL when tidying changed nothing */
};

/*
 * One benchmark result line.  Borrowed from the reader: valid only until
 * the callback that receives it returns.
 */
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

/* A non-fatal problem with one input line. */
struct cbs_diag {
	const char *file;
	size_t line;
	char msg[256];
};

typedef void (*cbs_diag_fn)(const struct cbs_diag *d, void *ctx);
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
 * @return the value of unit metadata key for unit (tidied before the
 * lookup), or NULL when it was never set.
 */
const char *cbs_reader_unit_meta(const struct cbs_reader *r,
    const char *unit, const char *key);

/* Name parts (upstream benchfmt.Name). */
/* @return the length of the base name: up to the first '/', or without
 * the "-N" GOMAXPROCS suffix. */
size_t cbs_name_base_len(const char *name, size_t len);
/* @return the length of the name without a trailing "-N" suffix. */
size_t cbs_name_strip_procs_len(const char *name, size_t len);

/* ---------------------------------------------------------------- units */

enum cbs_unit_class { CBS_UNIT_DECIMAL, CBS_UNIT_BINARY };

/*
 * Tidy a unit: "ns" becomes "sec" and "MB" becomes "B" in the numerator,
 * as upstream benchunit.Tidy.  Writes the tidied unit (NUL-ended) to out.
 * @return the factor a value in unit must be multiplied by.
 */
double cbs_unit_tidy(const char *unit, char *out, size_t outlen);

/* @return CBS_UNIT_BINARY if the numerator counts bytes, else decimal. */
enum cbs_unit_class cbs_unit_class_of(const char *unit);

/* A scaling for numbers: factor, digits after the point and prefix. */
struct cbs_scaler {
	int prec;
	double factor;
	const char *prefix;
};

/* The common scale that shows at least three significant digits of every
 * non-zero value in vals (upstream benchunit.CommonScale). */
struct cbs_scaler cbs_unit_common_scale(const double *vals, size_t n,
    enum cbs_unit_class cls);
/* Format val with scaler s into buf ("1.718µ"). @return buf. */
char *cbs_unit_format(struct cbs_scaler s, double val, char *buf, size_t len);

/* Go's fmt %v of a float64 (shortest representation that round-trips,
 * exponent form outside [1e-4, 1e6)). @return buf. */
char *cbs_fmt_go_float(double v, char *buf, size_t len);

/* Go's strconv.ParseFloat(s, 64) of s[0..len): no blanks, underscores
 * between digits, hex with a 'p' exponent, inf and nan; whatever the
 * caller's locale.  @return 0, 1 (invalid syntax), 2 (value out of
 * range) or CBS_ENOMEM (no memory for a copy of a very long s). */
int cbs_parse_go_float(const char *s, size_t len, double *out);

/* ---------------------------------------------------------------- stats */

/* A summary of a sample: centre, confidence interval and its level. */
struct cbs_summary {
	double center;
	double lo;
	double hi;
	double confidence;	/* actual level, >= the requested one */
};

/*
 * A distribution-free confidence interval for a quantile, as order
 * statistics: the interval is [x(lo_order), x(hi_order)] (1-based), where
 * lo_order == 0 means -inf and hi_order == n + 1 means +inf.
 */
struct cbs_quantile_ci {
	double confidence;
	int lo_order;
	int hi_order;
};

/*
 * The confidence interval of quantile q of a sample of size n at the
 * requested confidence (go-moremath stats.QuantileCI).
 */
void cbs_stats_quantile_ci(size_t n, double q, double confidence,
    struct cbs_quantile_ci *out);

/* @return quantile q of sorted[0..n) (go-moremath Sample.Quantile). */
double cbs_stats_quantile(const double *sorted, size_t n, double q);

/*
 * Median and its interval from a precomputed ci (go-moremath
 * QuantileCIResult.SampleCI with q = 0.5).  sorted must be ascending.
 */
void cbs_stats_median_ci(const double *sorted, size_t n,
    const struct cbs_quantile_ci *ci, struct cbs_summary *out);

/* Result of a two-sided Mann-Whitney U-test. */
struct cbs_utest {
	double p;
	double u;
	size_t n1;
	size_t n2;
};

enum cbs_utest_error {
	CBS_UTEST_OK = 0,
	CBS_UTEST_SAMPLE_SIZE = 1,	/* "sample is too small" */
	CBS_UTEST_SAMPLES_EQUAL = 2,	/* "all samples are equal" */
};

/*
 * Two-sided Mann-Whitney U-test that the two samples differ in location
 * (go-moremath stats.MannWhitneyUTest with LocationDiffers): exact
 * p-values for small samples (with or without ties), the tie-corrected
 * normal approximation beyond.
 * @return an enum cbs_utest_error.
 */
int cbs_stats_utest(const double *x1, size_t n1, const double *x2,
    size_t n2, struct cbs_utest *out);

/*
 * A cache of exact U distributions, so that many U-tests share the work:
 * without ties the distribution depends only on (n1, n2), with ties only
 * on n1, n2 and the tie pattern (the sizes of the groups of equal values
 * in rank order).  The first test of a key tabulates the distribution
 * up to its U, the first to need more the whole lower half; later ones
 * read the p-value off in O(1), after O(n) to rank (O(n log n) if the
 * samples are not in ascending order).  Results are bit-identical to
 * cbs_stats_utest's.
 *
 * Memory is bounded: the entries and the growth of the hash table stay
 * within max_bytes (a fixed handle of under 1 KB aside), the least
 * recently used entries being evicted; an entry larger than the bound
 * is computed, used and dropped, so any bound, even 0, is valid.  An
 * entry takes at most 8 * n1 * n2 bytes with ties and 4 * n1 * n2
 * without (10 KB for 50 and 50), and a miss needs transient scratch of
 * at most 0.6 MB besides.  The default bound holds the tables for every pair
 * of sizes up to 50, or over a thousand 20 + 20 tie patterns.  A cache
 * is not safe to share between threads.
 */
#define CBS_UTEST_CACHE_DEFAULT_BYTES	((size_t)4 << 20)

struct cbs_utest_cache;

/* @return a cache bounded by CBS_UTEST_CACHE_DEFAULT_BYTES, or NULL. */
struct cbs_utest_cache *cbs_utest_cache_new(void);
/* @return a cache holding at most max_bytes, or NULL. */
struct cbs_utest_cache *cbs_utest_cache_new_bounded(size_t max_bytes);
void cbs_utest_cache_free(struct cbs_utest_cache *c);

struct cbs_utest_cache_stats {
	size_t bytes;		/* held now, <= max_bytes */
	size_t max_bytes;
	size_t entries;
	unsigned long hits;
	unsigned long misses;
	unsigned long evictions;
};

void cbs_utest_cache_stats(const struct cbs_utest_cache *c,
    struct cbs_utest_cache_stats *out);

/*
 * cbs_stats_utest through cache c, which may be NULL (no caching).
 * @return an enum cbs_utest_error, or CBS_ENOMEM.
 */
int cbs_stats_utest_cached(struct cbs_utest_cache *c, const double *x1,
    size_t n1, const double *x2, size_t n2, struct cbs_utest *out);

/* @return upstream's text for an enum cbs_utest_error. */
const char *cbs_stats_utest_strerror(int code);

/* @return the geometric mean of x, or NaN if some x[i] <= 0 or n == 0. */
double cbs_stats_geomean(const double *x, size_t n);

/* ------------------------------------------------------- filter, keys */

/*
 * Extract the value of key from a result (upstream benchproc extractors):
 * ".name", ".fullname", "/subkey" ("/gomaxprocs" reads the "-N" suffix)
 * or a file configuration key.  ".file" is a configuration key too.
 * @return the value's length; *val points into r or static storage
 * ("" when absent).
 */
size_t cbs_extract(const struct cbs_result *r, const char *key,
    const char **val);

/*
 * A parsed -filter query (upstream benchproc filter syntax).
 */
struct cbs_filter;

/*
 * Parse a -filter query.  On a syntax error, err gets upstream's message
 * (with the query and a caret line) and CBS_EINVAL is returned.
 * @return 0 or a negative enum cbs_error.
 */
int cbs_filter_parse(const char *query, struct cbs_filter **out,
    char *err, size_t errlen) CBS_WUR;
void cbs_filter_free(struct cbs_filter *f);

/*
 * Apply a filter to r.  keep[i] is set to 1 for each value of r that the
 * filter keeps (.unit terms select values) and 0 otherwise.
 * @return 1 if r passes: at least one value is kept (a result without
 * values passes when the filter matches it as a whole), else 0.
 * Not safe to call on one filter from two threads at once.
 */
int cbs_filter_apply(const struct cbs_filter *f, const struct cbs_result *r,
    unsigned char *keep);

/* One field of a projection expression such as "/size@num". */
struct cbs_proj_field {
	char *key;		/* ".name", "/size", "goos", ".config" ... */
	size_t key_off;		/* byte offset of key in the expression */
	char *order;		/* "first", "alpha", "num", "fixed", ... */
	size_t order_off;
	char **fixed;		/* values of a fixed order "@(a b)" */
	size_t nfixed;
};

/*
 * Parse a -table/-row/-col/-ignore expression into fields (syntax only).
 * @return 0, CBS_ENOMEM, or CBS_EINVAL with upstream's message in err.
 */
int cbs_projection_parse(const char *expr, struct cbs_proj_field **fields,
    size_t *nfields, char *err, size_t errlen) CBS_WUR;
void cbs_projection_fields_free(struct cbs_proj_field *fields, size_t n);

/*
 * Format upstream's syntax error: "syntax error at offset ..." style
 * message with the query and a caret line, into err.
 */
void cbs_syntax_error(char *err, size_t errlen, const char *query,
    size_t off, const char *msg);

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

/* Filter r and add its values to their cells. @return 0 or CBS_ENOMEM. */
int cbs_group_add(struct cbs_group *g, const struct cbs_result *r) CBS_WUR;

/* ---------------------------------------------------------------- table */

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

struct cbs_table {
	const char *unit;
	int assume_exact;
	int better;		/* enum cbs_better for unit */
	/*
	 * The table's key: name and value of each field but ".unit".  The
	 * names are shared by every table of a cbs_tables.  Read values
	 * with cbs_table_key_value: a built table leaves key_values NULL
	 * and looks them up in its key (key_src, key_fields: the library's
	 * own), as n tables with a value per configuration key each would
	 * hold n * n of them.  A table made by hand may set key_values.
	 */
	size_t nkey;
	const char **key_names;
	const char **key_values;
	const void *key_src;
	const void *const *key_fields;
	size_t nrows;
	const char **row_labels;
	size_t ncols;
	size_t ncol_fields;
	const char **col_field_names;
	const char **col_values;	/* [col * ncol_fields + field] */
	struct cbs_cell *cells;		/* [row * ncols + col] */
	struct cbs_col_summary *summary;	/* [col] */
};

struct cbs_tables {
	size_t ntables;
	struct cbs_table *tables;
};

/* @return the value of key field k (< t->nkey) of t, "" when unset. */
const char *cbs_table_key_value(const struct cbs_table *t, size_t k);

/* @return the label of column col: its key values joined by spaces. */
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

/* The confidence interval as upstream prints it: "5%", "∞", "?". */
char *cbs_format_range(const struct cbs_summary *s, char *buf, size_t len);
/* The change from old to new: "+26.78%", "~" (not significant), "?". */
char *cbs_format_delta(const struct cbs_comparison *c, double old_center,
    double new_center, char *buf, size_t len);
/* The test: "p=0.000 n=8", "n=1+2", ... */
char *cbs_format_comparison(const struct cbs_comparison *c, char *buf,
    size_t len);
/* The geomean ratio as a change: "+2.21%". */
char *cbs_format_ratio(double ratio, char *buf, size_t len);

/* ---------------------------------------------------------------- gate */

/*
 * The regression gate.  A change is a regression when it is significant
 * (not "~" at -alpha) and exceeds the threshold in the worse direction
 * for its unit; an improvement likewise in the better direction.
 */
enum cbs_better {
	CBS_BETTER_LOWER = -1,
	CBS_BETTER_UNKNOWN = 0,
	CBS_BETTER_HIGHER = 1,
};

/*
 * Which direction is better for unit: "Unit <unit> better=higher|lower"
 * metadata when units has it, else higher for rates (a unit per second,
 * such as "B/s" or "ops/s") and lower for everything else (time, bytes
 * and allocations per op, sizes).  units may be NULL.
 * @return an enum cbs_better (never CBS_BETTER_UNKNOWN without metadata).
 */
int cbs_unit_better(const struct cbs_reader *units, const char *unit);

/* @return the direction for a unit from its name alone (no metadata). */
int cbs_unit_better_by_name(const char *unit);

enum cbs_verdict {
	CBS_VERDICT_NONE,		/* no comparison */
	CBS_VERDICT_NOISE,		/* -check: not significant, "~" */
	CBS_VERDICT_WITHIN,		/* -check: within the threshold */
	CBS_VERDICT_IMPROVEMENT,	/* surely better by more than it */
	CBS_VERDICT_REGRESSION,		/* surely worse by more than it */
	CBS_VERDICT_UNCHANGED,		/* no change past the threshold */
	CBS_VERDICT_INCONCLUSIVE,	/* worse past it, but unconfirmed */
};

/*
 * Classify a change printed in a table (-check): significant is 0 for
 * "~"; threshold is a percentage >= 0.  A change from 0 counts as
 * infinite.  @return NOISE, WITHIN, IMPROVEMENT or REGRESSION.
 */
enum cbs_verdict cbs_gate_classify(int better, int significant,
    double old_center, double new_center, double threshold);

/* The gate's settings; see cbenchstat(1), section STATISTICS. */
struct cbs_gate_opts {
	double threshold;	/* percent, >= 0 */
	double alpha;		/* family-wise level (-gate-alpha), e.g. 0.01 */
	double confidence;	/* level of the shown intervals, e.g. 0.95 */
	int gate_geomean;	/* geomean rows belong to the family */
	int strict;		/* inconclusive cells fail the gate too */
};

/* The gate's figures for one compared cell or geomean. */
struct cbs_gate_cell {
	enum cbs_verdict verdict;	/* NONE when not compared */
	double estimate;	/* change of new against old, percent */
	double lo, hi;		/* its interval, percent (NaN: none) */
	double confidence;	/* the interval's achieved level */
	double noise;		/* one run's robust deviation, percent */
	double p;		/* one-sided p of the worse direction */
	double level;		/* the Holm level p was held to (NaN: none) */
	size_t runs_needed;	/* runs a side to resolve it; 0: unknown */
	int drift;		/* runs trend with their order */
};

struct cbs_gate;

/*
 * Judge every compared cell of t (and each geomean with gate_geomean) as
 * one family, at family-wise level o->alpha.  t must have been built
 * with keep_run_order for the drift check.  The gate borrows t.
 * @return 0, CBS_EINVAL (bad options) or CBS_ENOMEM.
 */
int cbs_gate_new(const struct cbs_tables *t, const struct cbs_gate_opts *o,
    struct cbs_gate **out) CBS_WUR;
void cbs_gate_free(struct cbs_gate *g);

/* @return the figures of cell (row, col) of table i, or NULL when it was
 * not compared (also for a NULL gate). */
const struct cbs_gate_cell *cbs_gate_cell_at(const struct cbs_gate *g,
    size_t i, size_t row, size_t col);
/* @return the figures of the geomean of column col of table i, or NULL. */
const struct cbs_gate_cell *cbs_gate_geomean_at(const struct cbs_gate *g,
    size_t i, size_t col);

struct cbs_gate_counts {
	size_t regression, improvement, inconclusive, unchanged, drift;
};

/* Count the verdicts; drift counts cells whose runs trend. */
void cbs_gate_count(const struct cbs_gate *g, struct cbs_gate_counts *c);
/* @return the options the gate was made with. */
const struct cbs_gate_opts *cbs_gate_options(const struct cbs_gate *g);

/* One line of the gate's report; strings as printed. */
struct cbs_regression {
	const char *kind;	/* "regression", "inconclusive", "drift" */
	const char *file;	/* the .diff file read by -check, or NULL */
	size_t line;		/* its line, or 0 */
	const char *config;	/* "goos=linux pkg=..." or "" */
	const char *benchmark;	/* row label, or "geomean" */
	const char *unit;
	const char *column;	/* the compared column's label */
	const char *base;	/* base centre, e.g. "2.410µ" */
	const char *value;	/* new centre */
	const char *delta;	/* "+19.89%" */
	const char *p;		/* "0.000", or NULL when there is no test */
	const char *estimate;	/* the gate's estimate "+19.2%", or NULL */
	const char *interval;	/* "+15.1%..+23.4%", or NULL */
	const char *noise;	/* "2.1%", or NULL */
	const char *runs;	/* runs needed a side, or NULL */
	double threshold;	/* percent */
};

typedef void (*cbs_regression_fn)(const struct cbs_regression *r, void *ctx);

/*
 * Call fn for each regression, then each inconclusive cell, then each
 * cell whose runs drift, in table order.  @return the number of cells
 * that fail the gate (regressions, and inconclusive ones when strict).
 */
long cbs_gate_report(const struct cbs_gate *g, const struct cbs_tables *t,
    cbs_regression_fn fn, void *ctx);

/*
 * Format r as one stable, grep-able line without newline:
 * "KIND: [file=F line=N ]benchmark=B unit=U column=C ..." with the
 * fields r has (values with spaces quoted).  @return buf.
 */
char *cbs_regression_line(const struct cbs_regression *r, char *buf,
    size_t len);

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
};

/*
 * GitHub-flavoured Markdown for pull-request comments and job summaries.
 * @return 0, CBS_EIO or CBS_ENOMEM.
 */
int cbs_format_markdown(const struct cbs_tables *t,
    const struct cbs_report_opts *o, FILE *out) CBS_WUR;

/*
 * One JSON document (schema 1, described in cbenchstat(1)) with every
 * table, row, cell, comparison and warning.  @return 0 or CBS_EIO.
 */
int cbs_format_json(const struct cbs_tables *t,
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
 * stays.  A FIFO or character device is written in place.  A directory,
 * socket or block device is refused.  Messages in err do not repeat the
 * path: the caller prints it.  No signal handler is installed; see
 * cbs_outfile_temp_path.
 */
struct cbs_outfile;

/*
 * Follow path to its target and decide how to write it.  A FIFO or
 * character device is opened here (a FIFO waits for its reader); nothing
 * is created until cbs_outfile_begin.
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
 * or when writing a FIFO or device in place).  The string stays valid
 * until commit or abort, so a program's signal handler may unlink() it;
 * record it and forget it with the signals blocked.
 */
const char *cbs_outfile_temp_path(const struct cbs_outfile *f);
/* @return the stream to write to (NULL before cbs_outfile_begin). */
FILE *cbs_outfile_stream(struct cbs_outfile *f);
/* Flush, sync and rename into place (or flush and close a FIFO or
 * device); frees f.  @return 0 or CBS_EIO. */
int cbs_outfile_commit(struct cbs_outfile *f, char *err, size_t errlen)
    CBS_WUR;
/* Remove the temporary file and free f (accepts NULL). */
void cbs_outfile_abort(struct cbs_outfile *f);

#endif /* CBENCHSTAT_H */
