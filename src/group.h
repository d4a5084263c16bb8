/*
 * group.h: the grouping stage's state, shared with the table stage
 * (upstream benchtab.Builder).
 */
#ifndef CBS_GROUP_H
#define CBS_GROUP_H

#include "projection.h"

struct group_cell {
	struct proj_key *row;
	struct proj_key *col;
	double *values;
	unsigned n, cap;
	/* Distinct residue keys seen in this cell: nearly always one, kept
	 * inline; more spill to a separate array. */
	unsigned nresidues, capresidues;
	struct proj_key *residue0;
	struct proj_key **residues;	/* residues[1..] when nresidues > 1 */
};

struct group_table {
	struct proj_key *key;
	struct cbs_pmap cells;		/* (row, col) -> cell */
	struct group_cell **cell_list;
	size_t ncells, capcells;
	struct cbs_pmap row_set, col_set;
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

/* @return residue key i (< c->nresidues) of cell c. */
struct proj_key *cbs_group_cell_residue(const struct group_cell *c,
    size_t i);

#endif /* CBS_GROUP_H */
