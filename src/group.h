/*
 * group.h: the grouping stage's state, shared with the table stage
 * (upstream benchtab.Builder).
 */
#ifndef CBS_GROUP_H
#define CBS_GROUP_H

#include "projection.h"

/*
 * The sample of one (table, row, column).  Cells live in the arena; each
 * is on its table's list and on its row key's list (proj_key.cells).
 */
struct group_cell {
	struct group_cell *next_in_row;
	struct proj_key *row;
	struct proj_key *col;
	double *values;
	/* Distinct residue keys seen in this cell: nearly always one, kept
	 * inline; more go to an array (cbs_group_cell_residue). */
	union {
		struct proj_key *one;		/* nresidues == 1 */
		struct proj_key **many;		/* nresidues > 1 */
	} residue;
	unsigned table;			/* index in cbs_group.tables */
	unsigned n, cap;
	unsigned nresidues : 31;
	/* values is sorted and a built table points to it: a new value
	 * goes to a copy, and the arena frees this one. */
	unsigned lent : 1;
};

/* A table's cells, in blocks that never move: 4 cells, then twice as
 * many as the block before, up to 256. */
struct cell_block {
	struct cell_block *next;
	size_t n, cap;
	struct group_cell cells[];
};

struct group_table {
	struct proj_key *key;
	unsigned idx;			/* in cbs_group.tables */
	struct cell_block *blocks, *last_block;
	size_t ncells;
	/* (row, col) -> cell for rows with too many cells to scan. */
	struct cbs_pmap big_rows;
	/* The distinct row and column keys (cbs_group_table_keys). */
	struct proj_key **rows, **cols;
	size_t nrows, caprows, ncols, capcols;
};

struct cbs_group {
	struct cbs_arena *arena;
	struct cbs_intern *strings;
	struct cbs_filter *filter;
	struct proj_parser *parser;
	struct cbs_projection *table_by, *row_by, *col_by, *ignore_by;
	struct cbs_projection *residue;
	struct proj_fixed_filter *fixed;
	size_t nfixed;
	struct cbs_pmap table_map;	/* key -> table */
	struct group_table **tables;
	size_t ntables, captables;
	/* Scratch for results the filter trims to some of their values,
	 * and for one result's table keys. */
	unsigned char *keep;
	struct cbs_value *kept;
	struct proj_key **tkeys;
	size_t capkeep;
};

/*
 * Collect the distinct row and column keys of t's cells into t->rows and
 * t->cols, in no particular order (the table stage sorts them).  Uses the
 * keys' idx. @return 0 or CBS_ENOMEM.
 */
int cbs_group_table_keys(struct group_table *t);

/* @return residue key i (< c->nresidues) of cell c. */
struct proj_key *cbs_group_cell_residue(const struct group_cell *c,
    size_t i);

#endif /* CBS_GROUP_H */
