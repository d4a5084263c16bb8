/*
 * sort.c: the row order stage (-sort), between the gate and the
 * formats: it decides the order each table's rows are shown in and
 * stores it in the table (order, rank), which every format reads
 * through cbs_table_row.  The tables' own arrays stay in upstream's
 * order, so the gate's cell indices keep their meaning.
 *
 * "Worst first" ranks a row by its worst compared column: the change
 * (change.c: the gate's estimate, or the same estimate computed alike)
 * signed so that positive is worse for the unit.  Rows with no change
 * go last; ties keep upstream's order (the sort is stable).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "gate/gate.h"
#include "stats/shift.h"

/*
 * The level of the intervals worked out on the way: not needed for the
 * order, but kept for the formats (cbs_table.changes), whose default it
 * is.
 */
#define SORT_CONFIDENCE	0.95

struct sort_key {
	size_t row;
	double worse;		/* NaN: no change */
	const char *name;
};

static int
by_change(const void *pa, const void *pb)
{
	const struct sort_key *a = pa, *b = pb;

	if (isnan(a->worse) != isnan(b->worse))
		return isnan(a->worse) ? 1 : -1;
	if (a->worse > b->worse || a->worse < b->worse)
		return a->worse > b->worse ? -1 : 1;
	return (a->row > b->row) - (a->row < b->row);
}

static int
by_name(const void *pa, const void *pb)
{
	const struct sort_key *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	return c != 0 ? c : (a->row > b->row) - (a->row < b->row);
}

/* The worst change of row r over the compared columns, NaN if none;
 * the row's changes go to cells[0..ncols). */
static int
row_worse(const struct cbs_gate *g, const struct cbs_table *t, size_t ti,
    size_t r, struct cbs_mw_cache *mw, struct cbs_change *cells,
    double *worse)
{
	double w;
	size_t j;
	int rc;

	*worse = NAN;
	for (j = 0; j < t->ncols; j++) {
		if ((rc = cbs_change_of_cell(g, t, ti, r, j, SORT_CONFIDENCE,
		    mw, &cells[j])) != 0)
			return rc;
		w = cbs_change_badness(t, &cells[j]);
		if (!isnan(w) && (isnan(*worse) || w > *worse))
			*worse = w;
	}
	return 0;
}

static int
sort_table(struct cbs_arena *a, struct cbs_table *t, size_t ti,
    const struct cbs_gate *g, enum cbs_sort by, struct cbs_mw_cache *mw)
{
	struct sort_key *keys = malloc((t->nrows + 1) * sizeof(*keys));
	size_t *order = cbs_arena_alloc(a, (t->nrows + 1) * sizeof(*order));
	size_t *rank = cbs_arena_alloc(a, (t->nrows + 1) * sizeof(*rank));
	struct cbs_change_cache *cache = NULL;
	size_t r;
	int rc = CBS_ENOMEM;

	if (keys == NULL || order == NULL || rank == NULL)
		goto out;
	if (by == CBS_SORT_CHANGE) {
		cache = cbs_arena_alloc(a, sizeof(*cache));
		if (cache == NULL || (cache->cells = cbs_arena_alloc(a,
		    (t->nrows * t->ncols + 1) * sizeof(*cache->cells))) ==
		    NULL)
			goto out;
		cache->confidence = SORT_CONFIDENCE;
	}
	for (r = 0; r < t->nrows; r++) {
		keys[r].row = r;
		keys[r].name = t->row_labels[r];
		keys[r].worse = NAN;
		if (cache != NULL && (rc = row_worse(g, t, ti, r, mw,
		    &cache->cells[r * t->ncols], &keys[r].worse)) != 0)
			goto out;
	}
	qsort(keys, t->nrows, sizeof(*keys), by == CBS_SORT_NAME ? by_name :
	    by_change);
	for (r = 0; r < t->nrows; r++) {
		order[r] = keys[r].row;
		rank[keys[r].row] = r;
	}
	t->order = order;
	t->rank = rank;
	t->changes = cache;
	rc = 0;
out:
	free(keys);
	return rc;
}

int
cbs_tables_sort(struct cbs_arena *a, struct cbs_tables *ts,
    const struct cbs_gate *g, enum cbs_sort by)
{
	struct cbs_mw_cache mw;
	size_t i;
	int rc = 0;

	for (i = 0; i < ts->ntables; i++) {
		ts->tables[i].order = ts->tables[i].rank = NULL;
		ts->tables[i].changes = NULL;
	}
	if (by != CBS_SORT_CHANGE && by != CBS_SORT_NAME)
		return 0;
	memset(&mw, 0, sizeof(mw));
	for (i = 0; i < ts->ntables && rc == 0; i++)
		rc = sort_table(a, &ts->tables[i], i, g, by, &mw);
	cbs_mw_cache_free(&mw);
	return rc;
}
