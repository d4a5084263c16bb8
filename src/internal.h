/*
 * internal.h: declarations shared between library modules, and with the
 * tests that exercise them, but not part of the public API (style(9)'s
 * "extern.h").  Only include/cbenchstat.h is installed: what a program
 * embedding the library needs.  Everything here may change freely.
 */
#ifndef CBS_INTERNAL_H
#define CBS_INTERNAL_H

#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cbenchstat.h"

/* Decode one UTF-8 sequence at s[0..len); *rune gets the code point
 * (U+FFFD for an invalid byte). @return bytes consumed (>= 1). */
size_t cbs_utf8_decode(const char *s, size_t len, unsigned *rune);
/* @return 1 if s[0..len) is valid UTF-8. */
int cbs_utf8_valid(const char *s, size_t len);
/* @return the number of code points in s (as Go's RuneCountInString). */
size_t cbs_utf8_count(const char *s);
/* The same over s[0..len), which may hold NUL bytes. */
size_t cbs_utf8_count_n(const char *s, size_t len);
/* Go's unicode.IsSpace, IsUpper, IsLower and IsGraphic, for the runes
 * benchmark files contain (ASCII and Latin-1 exact; others approximate
 * through the C library is avoided, so tables cover what Go covers). */
int cbs_rune_is_space(unsigned r);
int cbs_rune_is_upper(unsigned r);
int cbs_rune_is_lower(unsigned r);
int cbs_rune_is_graphic(unsigned r);

/* Go's %.*f (with plus: %+.*f), including "NaN", "+Inf", "-Inf".
 * @return buf. */
char *cbs_fmt_go_fixed(double v, int prec, int plus, char *buf, size_t len);

/* Go's float64 order for sort.Float64s: ascending, NaNs first.
 * Inline: the samples' sorts call it in their inner loops. */
static inline int
cbs_float64_cmp(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(b) - isnan(a);
	return (a > b) - (a < b);
}

/* cbs_float64_cmp for qsort on an array of doubles: NaNs first, as one
 * tie group (upstream's sort loops forever on NaN). */
static inline int
cbs_float64_qsort_cmp(const void *pa, const void *pb)
{
	return cbs_float64_cmp(*(const double *)pa, *(const double *)pb);
}

/* Go's math.Float64frombits and math.Float64bits (gomath.c and its
 * test spell doubles by their bits). */
static inline double
cbs_from_bits(uint64_t u)
{
	double d;

	memcpy(&d, &u, sizeof(d));
	return d;
}

static inline uint64_t
cbs_to_bits(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return u;
}

/* Go's x == 0: false for NaN. */
static inline int
cbs_go_is_zero(double x)
{
	return !(x < 0 || x > 0) && !isnan(x);
}

/* Go's a == b: false when either is NaN. */
static inline int
cbs_go_equal(double a, double b)
{
	return !(a < b) && !(a > b) && !isnan(a) && !isnan(b);
}

/* The table outputs (fmt_text.c, fmt_csv.c) and the CSV reader
 * (check_csv.c) lay a table out as one label column, the base column's
 * center_cols, then center_cols + delta_cols per further column.
 * @return the first column of table column col (fmt_cell.c). */
size_t cbs_fmt_start_col(size_t col, size_t center_cols,
    size_t delta_cols);

/*
 * Grow the malloc'ed array *p (any T **, passed as void *) of *cap
 * elements of size bytes to hold at least need, doubling from at least
 * 8; *p and *cap are unchanged on failure (grow.c).
 * @return 0 or CBS_ENOMEM.
 */
int cbs_grow(void *p, size_t *cap, size_t need, size_t size);

/* @return len bytes aligned for any type, or NULL when out of memory. */
void *cbs_arena_alloc(struct cbs_arena *a, size_t len);
/* @return a NUL-terminated copy of s[0..len), or NULL. */
char *cbs_arena_strndup(struct cbs_arena *a, const char *s, size_t len);
/* cbs_arena_alloc of n zeroed objects of size bytes. @return them, or
 * NULL when out of memory. */
void *cbs_arena_calloc(struct cbs_arena *a, size_t n, size_t size);

/* Have fn(p) called when the arena is freed, before its memory goes.
 * @return 0 or CBS_ENOMEM. */
int cbs_arena_on_free(struct cbs_arena *a, void (*fn)(void *), void *p);
/* Make p, from malloc, the arena's: freed with it. @return 0 or
 * CBS_ENOMEM (p is then still the caller's). */
int cbs_arena_adopt(struct cbs_arena *a, void *p);

/*
 * cbs_intern for a stream of strings that tends to repeat in the same
 * order: *last is the string this stream interned before (NULL at
 * first), and the string that followed it last time is tried before the
 * table.  *last becomes the result. @return as cbs_intern.
 */
const char *cbs_intern_next(struct cbs_intern *t, const char **last,
    const char *s, size_t len);

/*
 * The hash index (htab.c): open addressing, at most 3/4 full, over
 * slots of the caller's type, whose first member is a pointer, NULL in
 * an empty slot.  All zeros is an empty table.  The caller walks the
 * probe sequence of its key's hash h on its own slot type:
 *
 *	struct my_slot *slots = t->slots;
 *
 *	for (i = cbs_htab_first(t, h); i != CBS_HTAB_NONE &&
 *	    slots[i].p != NULL; i = cbs_htab_next(t, i))
 *		if (my_equal(&slots[i], key))
 *			return &slots[i];
 *	if (cbs_htab_put(t, i, h, &new_item, sizeof(new_item), my_hash,
 *	    ctx) != 0) ...
 */
struct cbs_htab {
	void *slots;
	size_t cap;		/* 0 or a power of two */
	size_t count;
};

#define CBS_HTAB_NONE	SIZE_MAX

void cbs_htab_init(struct cbs_htab *t);
void cbs_htab_free(struct cbs_htab *t);

/* @return the first slot to look at for hash h, CBS_HTAB_NONE in an
 * empty table. */
static inline size_t
cbs_htab_first(const struct cbs_htab *t, uint64_t h)
{
	return t->cap == 0 ? CBS_HTAB_NONE : (size_t)(h & (t->cap - 1));
}

/* @return the slot after i on its probe sequence. */
static inline size_t
cbs_htab_next(const struct cbs_htab *t, size_t i)
{
	return (i + 1) & (t->cap - 1);
}

/*
 * Copy item (a slot of size bytes, its first pointer set) with hash h
 * into slot i, the empty slot (or CBS_HTAB_NONE) a probe for a key not
 * in t ended on; if t must grow, hash(ctx, s) gives the hash of the item
 * at each slot s again.  Moves the items when it grows.
 * @return 0, or CBS_ENOMEM with t unchanged.
 */
int cbs_htab_put(struct cbs_htab *t, size_t i, uint64_t h, const void *item,
    size_t size, uint64_t (*hash)(const void *, const void *),
    const void *ctx);

/* A map from a pair of pointers to a non-NULL pointer (pmap.c). */
struct cbs_pmap_slot {
	void *val;		/* NULL: empty */
	const void *a;
	const void *b;
};

struct cbs_pmap {
	struct cbs_htab index;	/* of cbs_pmap_slot */
};

void cbs_pmap_init(struct cbs_pmap *m);
void cbs_pmap_free(struct cbs_pmap *m);
/* @return the value stored for (a, b), or NULL. */
void *cbs_pmap_get(const struct cbs_pmap *m, const void *a, const void *b);
/* Store val (not NULL) for (a, b). @return 0 or CBS_ENOMEM. */
int cbs_pmap_put(struct cbs_pmap *m, const void *a, const void *b,
    void *val);

/*
 * Go's math.Log and math.Exp, bit for bit as the Go toolchain computes
 * them on amd64 (gomath.c): geomeans are printed in full in CSV output,
 * and the C library's log and exp differ from Go's in the last bit.
 */
double cbs_go_log(double x);
double cbs_go_exp(double x);
/* go-moremath stats.GeoMean: exp of the running mean of logs; NaN when
 * n == 0 or some x[i] <= 0. */
double cbs_go_geomean(const double *x, size_t n);

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

/* ---------------------------------------------------------------- parse */

/*
 * @return the value of unit metadata key for unit (tidied before the
 * lookup), or NULL when it was never set.
 */
const char *cbs_reader_unit_meta(const struct cbs_reader *r,
    const char *unit, const char *key);

/*
 * reader.c's entry points for the readers of the other input formats
 * (input_*.c): they feed it Go text lines (test2json) or hand their
 * results to the sink themselves, with configuration and tidied values
 * from here, so every format's strings share the reader's intern table.
 */
struct cbs_read_sink {
	const char *path;	/* the stream's name in messages */
	cbs_result_fn on_result;
	cbs_diag_fn on_diag;	/* may be NULL */
	void *ctx;
};

/* cbs_reader_read, with n bytes already taken from fp given back first
 * (format detection reads ahead).  @return as cbs_reader_read. */
int cbs_reader_read_after(struct cbs_reader *r, FILE *fp,
    const char *prefix, size_t n, const struct cbs_read_sink *sink,
    const char *label, char *err, size_t errlen);
/* Start a stream: configuration afresh, ".file" set to label (if any).
 * @return 0 or CBS_ENOMEM. */
int cbs_reader_begin(struct cbs_reader *r, const char *label);
/* Read one Go text line (no newline) numbered lineno in messages;
 * line[len] must be writable.  @return 0 or what on_result returned. */
int cbs_reader_feed_line(struct cbs_reader *r,
    const struct cbs_read_sink *sink, char *line, size_t len,
    size_t lineno);
/* Set file configuration key (NUL-ended) to value[0..vlen), vlen > 0, as
 * a "key: value" line does.  @return 0 or CBS_ENOMEM. */
int cbs_reader_set_config(struct cbs_reader *r, const char *key,
    const char *value, size_t vlen);
/* @return the configuration in force, *n pairs (valid until changed). */
const struct cbs_config *cbs_reader_config(const struct cbs_reader *r,
    size_t *n);
/* A measurement of val in unit, interned and tidied as a result line's
 * ("ns/op" becomes "sec/op"), of any length (a result line's is at most
 * 1023 bytes).  @return 0, CBS_EINVAL (unit empty) or CBS_ENOMEM. */
int cbs_reader_value(struct cbs_reader *r, double val, const char *unit,
    struct cbs_value *out);
/* Hand a diagnostic about line (0: the stream as a whole) to the sink. */
void cbs_read_report(const struct cbs_read_sink *sink, size_t line,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

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

/* The scale of row r's centres in the Markdown and HTML tables: one
 * over the row's present centres, as upstream's text has (fmt_cell.c).
 * @return 0 or CBS_ENOMEM. */
int cbs_fmt_row_scale(const struct cbs_table *t, size_t r,
    struct cbs_scaler *out);

/* Go's fmt %v of a float64 (shortest representation that round-trips,
 * exponent form outside [1e-4, 1e6)). @return buf. */
char *cbs_fmt_go_float(double v, char *buf, size_t len);

/* ---------------------------------------------------------------- stats */

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

/* ---------------------------------------------------------------- table */

/* The label of column col as cbs_table_col_label joins it, whole.
 * @return it, malloc'd, or NULL (fmt_cell.c). */
char *cbs_table_col_label_dup(const struct cbs_table *t, size_t col);
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

/* ---------------------------------------------------------------- gate */

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
	double run_shift;	/* judged relative to this run-wide shift,
				 * percent (NaN: as measured) */
	size_t cells;		/* a run-wide shift: the cells it spans */
	int applied;		/* a run-wide shift: its cells were judged
				 * against it (not past the threshold) */
};

/* @return the figures of cell (row, col) of table i, or NULL when it was
 * not compared (also for a NULL gate). */
const struct cbs_gate_cell *cbs_gate_cell_at(const struct cbs_gate *g,
    size_t i, size_t row, size_t col);
/* @return the figures of the geomean of column col of table i, or NULL. */
const struct cbs_gate_cell *cbs_gate_geomean_at(const struct cbs_gate *g,
    size_t i, size_t col);

/* @return the run-wide shift of column col of table i, or NULL when the
 * column has too few cells for one. */
const struct cbs_gate_cell *cbs_gate_run_at(const struct cbs_gate *g,
    size_t i, size_t col);

struct cbs_gate_counts {
	size_t regression, improvement, inconclusive, unchanged, drift;
};

/* Count the verdicts; drift counts cells whose runs trend. */
void cbs_gate_count(const struct cbs_gate *g, struct cbs_gate_counts *c);
/* @return the options the gate was made with. */
const struct cbs_gate_opts *cbs_gate_options(const struct cbs_gate *g);

/* ---------------------------------------------------------------- change */

/*
 * The change of a compared cell in percent (change.c): the gate's
 * figures when it judged the cell, else the gate's estimate computed
 * alike, with no verdict.
 */
struct cbs_change {
	int has;		/* estimate is known */
	int judged;		/* the gate judged it: verdict, drift */
	enum cbs_verdict verdict;	/* NONE when not judged */
	double estimate;	/* percent, new against base */
	double lo, hi;		/* its interval, percent (NaN: none) */
	double confidence;	/* the interval's achieved level */
	int drift;		/* the gate saw the runs trend */
};

struct cbs_mw_cache;

/* The changes of a table's cells, as cbs_tables_sort keeps them
 * (cbs_table.changes), at the level their intervals have. */
struct cbs_change_cache {
	double confidence;
	struct cbs_change *cells;	/* [row * ncols + col] */
};

/*
 * The change of cell (row, col) of t, from t's cache when it has one at
 * this confidence, table ti of what g judged (g may
 * be NULL); intervals at confidence when computed here; mw may be NULL.
 * A cell without a comparison gets has == 0.  @return 0 or CBS_ENOMEM.
 */
int cbs_change_of_cell(const struct cbs_gate *g, const struct cbs_table *t,
    size_t ti, size_t row, size_t col, double confidence,
    struct cbs_mw_cache *mw, struct cbs_change *out);
/* The change of the geomean of column col: the ratio's, no interval
 * unless judged. */
void cbs_change_of_geomean(const struct cbs_gate *g,
    const struct cbs_table *t, size_t ti, size_t col,
    struct cbs_change *out);
/* @return how much worse c is, in percent (positive: worse; the size of
 * the change when the unit's direction is unknown), NaN without one. */
double cbs_change_badness(const struct cbs_table *t,
    const struct cbs_change *c);

/* ---------------------------------------------------------------- history */

/* @return whether a change of this sign is worse for the unit
 * (changepoint.c; higher is worse when the direction is unknown). */
int cbs_history_is_worse(const char *unit, double estimate);
/* @return "step" or "creep". */
const char *cbs_history_kind_name(const struct cbs_history_change *c);

/* ---------------------------------------------------------------- svg */

/* s escaped for HTML text and attributes, invalid UTF-8 and control
 * characters as U+FFFD (svg.c). */
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

/*
 * c_numeric.c: switch the calling thread to the C locale, so that printf
 * writes "1.5" whatever the program's LC_NUMERIC; *saved gets what to
 * restore with cbs_c_numeric_leave (which ignores (locale_t)0).
 * @return 0, or CBS_ENOMEM when the C locale could not be made (then
 * nothing changed).
 */
int cbs_c_numeric_enter(locale_t *saved);
void cbs_c_numeric_leave(locale_t saved);

/* A format that takes report options (Markdown, JSON, HTML). */
typedef int (*cbs_report_writer_fn)(const struct cbs_tables *ts,
    const struct cbs_report_opts *o, FILE *out);

/* fn(ts, o, out) in the C locale's numbers; CBS_ENOMEM without it. */
int cbs_c_numeric_report(cbs_report_writer_fn fn,
    const struct cbs_tables *ts, const struct cbs_report_opts *o,
    FILE *out);

#endif /* CBS_INTERNAL_H */
