/*
 * gate/gate.h: the regression gate's verdicts and figures for each
 * compared cell, geomean and run-wide shift, and each cell's change in
 * percent (change.c) as the report orders and prints it. Private to the
 * library and its tests: only include/cbenchstat.h is installed.
 */
#ifndef CBS_GATE_H
#define CBS_GATE_H

#include "base/base.h"
#include "stats/shift.h"

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
	size_t runs_needed;	/* runs a side to resolve it; 0: unknown,
				 * or run_doubt; inconclusive: more than
				 * the runs it has */
	int run_doubt;		/* inconclusive only through the run-wide
				 * shift: no number of its runs resolves it */
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
	size_t leaks, new_leaks;	/* leaking memory cells; compared
					 * ones whose base does not leak */
};

/* Count the verdicts; drift counts cells whose runs trend. */
void cbs_gate_count(const struct cbs_gate *g, struct cbs_gate_counts *c);
/* @return the options the gate was made with. */
const struct cbs_gate_opts *cbs_gate_options(const struct cbs_gate *g);

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

/*
 * A cell of a memory unit in run order (leak.c): its growth per run and
 * whether it leaks.  Every such cell is one, the base column's too.
 */
struct cbs_leak {
	size_t table, row, col;
	double growth;		/* Theil-Sen slope, the unit per run */
	double lo, hi;		/* Sen's interval (NaN: open) */
	double p;		/* Mann-Kendall, two-sided (NaN: none) */
	double level;		/* the Holm level p was held to (NaN:
				 * no test, constant runs) */
	size_t runs;
	int leaks;		/* a trend at the family's level, growing */
	int also_in_base;	/* compared: the row's base cell leaks too */
};

/*
 * The Theil-Sen slope of x against the run index (the median of the
 * pairwise slopes) and Sen's (1968) distribution-free interval at
 * confidence, its ranks from the variance of Kendall's S (normal
 * approximation, tie-corrected).  NaN when n < 2; lo, hi NaN when the
 * ranks fall off the ends.  @return 0 or CBS_ENOMEM.
 */
int cbs_leak_theil_sen(const double *x, size_t n, double confidence,
    double *slope, double *lo, double *hi);

/*
 * The memory cells of ts with their runs in order (built with
 * keep_run_order), and which ones leak under Holm's procedure at
 * family-wise level alpha over those with a test (not constant); *out
 * is malloc'd, in table, row, column order.  @return 0 or CBS_ENOMEM.
 */
int cbs_leaks_find(const struct cbs_tables *ts, double alpha,
    double confidence, struct cbs_leak **out, size_t *n);

/* @return the leak of cell (row, col) of table i when it leaks, or NULL
 * (also for a NULL gate). */
const struct cbs_leak *cbs_gate_leak_at(const struct cbs_gate *g, size_t i,
    size_t row, size_t col);
/* @return the gate's memory cells (cbs_leaks_find), *n of them. */
const struct cbs_leak *cbs_gate_leaks(const struct cbs_gate *g, size_t *n);

#endif /* CBS_GATE_H */
