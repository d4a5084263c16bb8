/*
 * group.h: what the table stage (table.c) may ask of the grouping stage
 * (group.c); together they are upstream's benchtab.Builder.
 *
 * The two stages stay two modules with this interface between them
 * rather than one: group.c decides the shape of the tables (which table,
 * row and column each value goes to, and the order the projections give
 * them), table.c does the statistics on the samples of that shape.  Each
 * reads on its own, where one module would be some 1,100 lines with two
 * jobs; the structs behind the shape (cell blocks, a row's cell list, the
 * residue union) are defined in group.c alone, so that group.c can change
 * how it stores cells without table.c noticing.
 *
 * The table stage walks a group this way:
 *
 *	cbs_group_sorted_tables(g, tables)	tables in -table order
 *	for each table t:
 *	    cbs_group_table_layout(g, t, &l)	key, sorted rows, cols
 *	    for each cell c of t (cbs_group_cells_first, _next):
 *		cbs_group_cell_place(c, &row, &col)
 *		cbs_group_cell_lend(c, &n)	sample, sorted in place
 *		cbs_group_cell_mixed(g, c)	"benchmarks vary in"
 *
 * cbs_group_new, cbs_group_add and cbs_group_free are public
 * (cbenchstat.h).
 */
#ifndef CBS_GROUP_H
#define CBS_GROUP_H

#include "query/projection.h"

/* One table of a group (a -table key and unit), one of its cells (the
 * sample of a row and column), and the blocks the cells live in. */
struct group_table;
struct group_cell;
struct cell_block;

/* The arena that the group's keys, cells and lent samples live in; built
 * tables live there too. */
struct cbs_arena *cbs_group_arena(const struct cbs_group *g);

/* The -table projection (its last field is .unit), -row and -col. */
struct cbs_projection *cbs_group_table_by(const struct cbs_group *g);
struct cbs_projection *cbs_group_row_by(const struct cbs_group *g);
struct cbs_projection *cbs_group_col_by(const struct cbs_group *g);

/* @return how many tables g has so far. */
size_t cbs_group_ntables(const struct cbs_group *g);

/*
 * Fill tables[0 .. cbs_group_ntables(g)) with g's tables in the order of
 * the -table projection.  @return 0 or CBS_ENOMEM.
 */
int cbs_group_sorted_tables(struct cbs_group *g, struct group_table **tables);

/* A table's key and its distinct row and column keys, sorted by the -row
 * and -col projections.  The arrays belong to the table. */
struct group_layout {
	struct proj_key *key;
	struct proj_key *const *rows;
	struct proj_key *const *cols;
	size_t nrows, ncols;
};

/*
 * Lay t out into *l.  Until the next layout of any table (tables share
 * row and column keys), cbs_group_cell_place gives each cell of t its
 * place in *l.  @return 0 or CBS_ENOMEM.
 */
int cbs_group_table_layout(struct cbs_group *g, struct group_table *t,
    struct group_layout *l);

/* A walk over a table's cells: its members are group.c's. */
struct group_cell_iter {
	struct cell_block *block;
	size_t i;
};

/* @return t's first cell (NULL if none) and start *it after it. */
struct group_cell *cbs_group_cells_first(struct group_table *t,
    struct group_cell_iter *it);

/* @return the next cell of the walk, or NULL at its end. */
struct group_cell *cbs_group_cells_next(struct group_cell_iter *it);

/* Where c goes in the layout of its table: *row in l.rows, *col in
 * l.cols. */
void cbs_group_cell_place(const struct group_cell *c, size_t *row,
    size_t *col);

/*
 * Lend c's sample to a table being built.  @return its values, *n of
 * them, which the caller may reorder in place and point to for as
 * long as the arena lives.  The group leaves them as they are from then
 * on: a value added to c later goes to a copy.
 */
double *cbs_group_cell_lend(struct group_cell *c, size_t *n);

/*
 * @return "benchmarks vary in F1, F2" naming the fields that no
 * projection covers and that differ between c's results, in the arena;
 * "" if none do; NULL when out of memory.
 */
const char *cbs_group_cell_mixed(struct cbs_group *g,
    const struct group_cell *c);

#endif /* CBS_GROUP_H */
