/*
 * group.c: the grouping stage (upstream benchtab.Builder).
 *
 * Each result that passes the filter (and the filters implied by fixed
 * sort orders) is projected into a table key per value (the -table
 * projection plus the value's unit), a row key and a column key; its
 * values join the sample of that cell.  The residue key, made of what no
 * projection covers, is kept per cell so the table stage can warn when a
 * cell mixes benchmarks that differ in a hidden dimension.
 *
 * The table stage then takes the tables in order, each laid out into
 * sorted rows and columns, and borrows each cell's sample (group.h says
 * why that is an interface and not one module).
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "query/projection.h"
#include "query/query.h"
#include "table/group.h"

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
	 * inline; more go to an array (cell_residue). */
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
	/* The distinct row and column keys (table_keys). */
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
	size_t nfixed, capfixed;
	struct cbs_pmap table_map;	/* key -> table */
	struct group_table **tables;
	size_t ntables, captables;
	/* Scratch for results the filter trims to some of their values,
	 * and for one result's table keys. */
	unsigned char *keep;
	struct cbs_value *kept;
	struct proj_key **tkeys;
	size_t capkeep;
	const char *filter_query;	/* a copy, for messages */
	char *err;			/* why cbs_group_add failed, or NULL */
};

/* Parse one projection flag into s; the message names the flag. */
static int
parse_flag(struct cbs_group *g, struct cbs_projection *s, const char *flag,
    const char *expr, char *err, size_t errlen)
{
	struct cbs_proj_field *fields = NULL;
	size_t nfields = 0;
	char msg[1024];
	int rc;

	msg[0] = '\0';
	rc = cbs_projection_parse(expr, &fields, &nfields, msg, sizeof(msg));
	if (rc == 0)
		rc = cbs_proj_add_fields(s, expr, fields, nfields, &g->fixed,
		    &g->nfixed, &g->capfixed, msg, sizeof(msg));
	cbs_projection_fields_free(fields, nfields);
	if (rc == CBS_EINVAL)
		snprintf(err, errlen, "parsing %s: %s", flag, msg);
	return rc;
}

static int
make_projections(struct cbs_group *g, const struct cbs_group_opts *o,
    char *err, size_t errlen)
{
	struct cbs_projection **p[] = { &g->table_by, &g->row_by, &g->col_by,
	    &g->ignore_by, &g->residue };
	size_t i;
	int rc;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++)
		if (cbs_proj_new(g->arena, g->strings, g->parser, p[i]) != 0)
			return CBS_ENOMEM;
	if ((rc = parse_flag(g, g->table_by, "-table",
	    o->table ? o->table : ".config", err, errlen)) != 0 ||
	    (rc = cbs_proj_add_unit(g->table_by)) != 0 ||
	    (rc = parse_flag(g, g->row_by, "-row",
	    o->row ? o->row : ".fullname", err, errlen)) != 0 ||
	    (rc = parse_flag(g, g->col_by, "-col",
	    o->col ? o->col : ".file", err, errlen)) != 0 ||
	    (rc = parse_flag(g, g->ignore_by, "-ignore",
	    o->ignore ? o->ignore : "", err, errlen)) != 0)
		return rc;
	return cbs_proj_residue(g->residue);
}

int
cbs_group_new(struct cbs_arena *a, struct cbs_intern *t,
    const struct cbs_group_opts *o, struct cbs_group **out, char *err,
    size_t errlen)
{
	struct cbs_group *g = calloc(1, sizeof(*g));
	const char *q;
	char msg[1024];
	int rc;

	*out = NULL;
	if (g == NULL || (g->parser = calloc(1, sizeof(*g->parser))) == NULL) {
		free(g);
		return CBS_ENOMEM;
	}
	g->arena = a;
	g->strings = t;
	q = o->filter ? o->filter : "*";
	if ((g->filter_query = cbs_arena_strndup(a, q, strlen(q))) == NULL) {
		cbs_group_free(g);
		return CBS_ENOMEM;
	}
	msg[0] = '\0';
	rc = cbs_filter_parse(q, &g->filter, msg, sizeof(msg));
	if (rc == CBS_EINVAL)
		snprintf(err, errlen, "parsing -filter: %s", msg);
	if (rc == 0)
		rc = make_projections(g, o, err, errlen);
	if (rc != 0) {
		cbs_group_free(g);
		return rc;
	}
	*out = g;
	return 0;
}

/* Free the lent samples of a table's cells when the arena goes. */
static void
free_lent(void *blocks)
{
	struct cell_block *b;
	size_t i;

	for (b = blocks; b != NULL; b = b->next)
		for (i = 0; i < b->n; i++)
			if (b->cells[i].lent)
				free(b->cells[i].values);
}

/*
 * Built tables point to the lent samples, and tables live as long as the
 * arena, so the arena frees those (the cells are in the arena too); if
 * even that cannot be arranged they are left, not freed.
 */
static void
table_free(struct cbs_arena *a, struct group_table *t)
{
	struct cell_block *b;
	struct group_cell *c;
	size_t i;
	int lent = 0;

	for (b = t->blocks; b != NULL; b = b->next)
		for (i = 0; i < b->n; i++) {
			c = &b->cells[i];
			if (c->nresidues > 1)
				free(c->residue.many);
			if (c->lent)
				lent = 1;
			else
				free(c->values);
		}
	if (lent)
		(void)cbs_arena_on_free(a, free_lent, t->blocks);
	cbs_pmap_free(&t->big_rows);
	free(t->rows);
	free(t->cols);
	free(t);
}

void
cbs_group_free(struct cbs_group *g)
{
	size_t i;

	if (g == NULL)
		return;
	cbs_filter_free(g->filter);
	cbs_proj_free(g->table_by);
	cbs_proj_free(g->row_by);
	cbs_proj_free(g->col_by);
	cbs_proj_free(g->ignore_by);
	cbs_proj_free(g->residue);
	cbs_proj_parser_free(g->parser);
	for (i = 0; i < g->nfixed; i++)
		cbs_pmap_free(&g->fixed[i].allowed);
	free(g->fixed);
	for (i = 0; i < g->ntables; i++)
		table_free(g->arena, g->tables[i]);
	free(g->tables);
	cbs_pmap_free(&g->table_map);
	free(g->keep);
	free(g->kept);
	free(g->tkeys);
	free(g->err);
	free(g);
}

/* ------------------------------------------------------ filtering */

/* @return 1 if r passes every fixed-order filter, 0 if not, or < 0. */
static int
fixed_filters_pass(struct cbs_group *g, const struct cbs_result *r)
{
	const char *v;
	size_t i, len;

	for (i = 0; i < g->nfixed; i++) {
		len = cbs_extract(r, g->fixed[i].key, &v);
		if ((v = cbs_intern(g->strings, v, len)) == NULL)
			return CBS_ENOMEM;
		if (cbs_pmap_get(&g->fixed[i].allowed, v, NULL) == NULL)
			return 0;
	}
	return 1;
}

/* Room for the per-value scratch arrays of a result with n values. */
static int
grow_scratch(struct cbs_group *g, size_t n)
{
	/* Three arrays of one capacity: each grows from g->capkeep alike,
	 * which moves only once all three have. */
	size_t ck = g->capkeep, cv = g->capkeep, ct = g->capkeep;

	if (cbs_grow(&g->keep, &ck, n, sizeof(*g->keep)) != 0 ||
	    cbs_grow(&g->kept, &cv, n, sizeof(*g->kept)) != 0 ||
	    cbs_grow(&g->tkeys, &ct, n, sizeof(*g->tkeys)) != 0)
		return CBS_ENOMEM;
	g->capkeep = ck;
	return 0;
}

/*
 * Apply the filters.  A .unit term may keep only some values; then *out
 * is a copy of r with just those.  @return 1 to keep, 0 to drop, < 0.
 */
static int
filter_result(struct cbs_group *g, const struct cbs_result *r,
    struct cbs_result *out)
{
	size_t i, n = 0;
	int rc;

	if ((rc = fixed_filters_pass(g, r)) <= 0)
		return rc;
	if (r->nvalues > g->capkeep && grow_scratch(g, r->nvalues) != 0)
		return CBS_ENOMEM;
	if ((rc = cbs_filter_apply(g->filter, r, g->keep)) <= 0) {
		if (rc < 0) {
			/* Whole: the query may be of any length. */
			free(g->err);
			g->err = cbs_filter_error_dup(g->filter_query, rc);
		}
		return rc;
	}
	*out = *r;
	for (i = 0; i < r->nvalues; i++)
		n += g->keep[i] != 0;
	if (n == r->nvalues)
		return 1;
	for (n = 0, i = 0; i < r->nvalues; i++)
		if (g->keep[i])
			g->kept[n++] = r->values[i];
	out->values = g->kept;
	out->nvalues = n;
	return 1;
}

/* ------------------------------------------------------ cells */

/* Rows with more cells than this find them in their tables' big_rows
 * maps instead of scanning their list. */
#define ROW_SCAN_MAX 16

static struct group_table *
table_for(struct cbs_group *g, struct proj_key *key)
{
	struct group_table *t = cbs_pmap_get(&g->table_map, key, NULL);

	if (t != NULL)
		return t;
	if (g->ntables >= UINT_MAX || (t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->key = key;
	t->idx = (unsigned)g->ntables;
	if (cbs_grow(&g->tables, &g->captables, g->ntables + 1,
	    sizeof(*g->tables)) != 0 ||
	    cbs_pmap_put(&g->table_map, key, NULL, t) != 0) {
		free(t);
		return NULL;
	}
	g->tables[g->ntables++] = t;
	return t;
}

/*
 * A row has a cell per table and column, a handful: scanning its list,
 * which was just reached through the row key, beats a lookup in a big
 * map of all cells.
 */
static struct group_cell *
cell_find(struct group_table *t, struct proj_key *row, struct proj_key *col)
{
	struct group_cell *c;

	if (row->ncells > ROW_SCAN_MAX)
		return cbs_pmap_get(&t->big_rows, row, col);
	for (c = row->cells; c != NULL; c = c->next_in_row)
		if (c->table == t->idx && c->col == col)
			return c;
	return NULL;
}

/* Put every cell of a row that outgrew scanning into its table's map. */
static int
row_to_maps(struct cbs_group *g, struct proj_key *row)
{
	struct group_cell *c;

	for (c = row->cells; c != NULL; c = c->next_in_row)
		if (cbs_pmap_put(&g->tables[c->table]->big_rows, row, c->col,
		    c) != 0)
			return CBS_ENOMEM;
	return 0;
}

/* @return room for one more cell of t, zeroed. */
static struct group_cell *
cell_alloc(struct cbs_group *g, struct group_table *t)
{
	struct cell_block *b = t->last_block;
	size_t cap;

	if (b == NULL || b->n == b->cap) {
		cap = b == NULL ? 4 : b->cap < 256 ? b->cap * 2 : 256;
		if ((b = cbs_arena_alloc(g->arena, sizeof(*b) + cap *
		    sizeof(b->cells[0]))) == NULL)
			return NULL;
		b->next = NULL;
		b->n = 0;
		b->cap = cap;
		if (t->last_block != NULL)
			t->last_block->next = b;
		else
			t->blocks = b;
		t->last_block = b;
	}
	memset(&b->cells[b->n], 0, sizeof(b->cells[0]));
	return &b->cells[b->n++];
}

static struct group_cell *
cell_new(struct cbs_group *g, struct group_table *t, struct proj_key *row,
    struct proj_key *col)
{
	struct group_cell *c;

	if ((c = cell_alloc(g, t)) == NULL)
		return NULL;
	c->row = row;
	c->col = col;
	c->table = t->idx;
	c->next_in_row = row->cells;
	row->cells = c;
	row->ncells++;
	t->ncells++;
	if (row->ncells == ROW_SCAN_MAX + 1 && row_to_maps(g, row) != 0)
		return NULL;
	if (row->ncells > ROW_SCAN_MAX + 1 &&
	    cbs_pmap_put(&t->big_rows, row, col, c) != 0)
		return NULL;
	return c;
}

static struct group_cell *
cell_for(struct cbs_group *g, struct group_table *t, struct proj_key *row,
    struct proj_key *col)
{
	struct group_cell *c = cell_find(t, row, col);

	return c != NULL ? c : cell_new(g, t, row, col);
}

/*
 * Samples grow by 4 values from 8 up to 32, then by half: a -count=20
 * sample wastes nothing, and as the samples of a file grow together,
 * each one takes up the memory that the ones before it gave up.
 * A benchmark usually has as many runs in every input, so a sample that
 * the same row and table has in another column already outgrew is
 * grown straight to that size when that is not too far off.
 */
static unsigned
values_cap(const struct group_cell *c)
{
	const struct group_cell *o;
	unsigned ncap, want = 0;

	ncap = c->cap < 8 ? 8 : c->cap < 32 ? c->cap + 4 : c->cap + c->cap / 2;
	if (c->row->ncells > ROW_SCAN_MAX)
		return ncap;
	for (o = c->row->cells; o != NULL; o = o->next_in_row)
		if (o->table == c->table && o->n > want)
			want = o->n;
	return want > c->cap && want / 2 <= ncap ? want : ncap;
}

static int
cell_add_value(struct cbs_group *g, struct group_cell *c, double v)
{
	unsigned ncap;
	size_t cap;
	double *nv;

	if (c->lent) {
		/* A built table shows the sample as it was. */
		ncap = c->n < c->cap ? c->cap : values_cap(c);
		if ((nv = malloc((size_t)ncap * sizeof(*nv))) == NULL)
			return CBS_ENOMEM;
		if (cbs_arena_adopt(g->arena, c->values) != 0) {
			free(nv);
			return CBS_ENOMEM;
		}
		memcpy(nv, c->values, (size_t)c->n * sizeof(*nv));
		c->values = nv;
		c->cap = ncap;
		c->lent = 0;
	} else if (c->n == c->cap) {
		/* values_cap's growth, not cbs_grow's doubling. */
		ncap = values_cap(c);
		cap = c->cap;
		if (ncap <= c->cap || cbs_resize(&c->values, &cap, ncap,
		    sizeof(*c->values)) != 0)
			return CBS_ENOMEM;
		c->cap = ncap;
	}
	c->values[c->n++] = v;
	return 0;
}

/* The residue array, from the second residue on, holds 4 and then the
 * power of two at or above nresidues. */
static int
cell_add_residue(struct group_cell *c, struct proj_key *residue)
{
	struct proj_key **nr;
	unsigned i, n = c->nresidues;
	size_t cap;

	if (n == 0) {
		c->residue.one = residue;
		c->nresidues = 1;
		return 0;
	}
	if (n == 1 && c->residue.one == residue)
		return 0;
	for (i = 0; n > 1 && i < n; i++)
		if (c->residue.many[i] == residue)
			return 0;
	if (n >= 1U << 30)
		return CBS_ENOMEM;
	if (n == 1) {
		if ((nr = malloc(4 * sizeof(*nr))) == NULL)
			return CBS_ENOMEM;
		nr[0] = c->residue.one;
		c->residue.many = nr;
	} else if (n >= 4 && (n & (n - 1)) == 0) {
		cap = n;	/* full: a power of two */
		if (cbs_grow(&c->residue.many, &cap, (size_t)n + 1,
		    sizeof(*c->residue.many)) != 0)
			return CBS_ENOMEM;
	}
	c->residue.many[n] = residue;
	c->nresidues = n + 1;
	return 0;
}

const char *
cbs_group_error(const struct cbs_group *g)
{
	return g->err != NULL ? g->err : "";
}

int
cbs_group_add(struct cbs_group *g, const struct cbs_result *in)
{
	struct proj_key *tk, *row, *col, *res;
	struct group_table *t;
	struct group_cell *c;
	struct cbs_result r;
	size_t i;
	int rc;

	if ((rc = filter_result(g, in, &r)) <= 0)
		return rc;
	/* Each projection keeps its own observation order, so the order
	 * in which they see the result does not matter. */
	if ((row = cbs_proj_key(g->row_by, &r, -1)) == NULL ||
	    (col = cbs_proj_key(g->col_by, &r, -1)) == NULL ||
	    (res = cbs_proj_key(g->residue, &r, -1)) == NULL)
		return CBS_ENOMEM;
	if (r.nvalues > g->capkeep && grow_scratch(g, r.nvalues) != 0)
		return CBS_ENOMEM;
	if (cbs_proj_keys_by_value(g->table_by, &r, g->tkeys) != 0)
		return CBS_ENOMEM;
	for (i = 0; i < r.nvalues; i++) {
		tk = g->tkeys[i];
		if ((t = table_for(g, tk)) == NULL ||
		    (c = cell_for(g, t, row, col)) == NULL)
			return CBS_ENOMEM;
		if ((rc = cell_add_value(g, c, r.values[i].value)) != 0 ||
		    (rc = cell_add_residue(c, res)) != 0)
			return rc;
	}
	return 0;
}

/* ------------------------------------------------------ the table stage */

struct cbs_arena *
cbs_group_arena(const struct cbs_group *g)
{
	return g->arena;
}

struct cbs_projection *
cbs_group_table_by(const struct cbs_group *g)
{
	return g->table_by;
}

struct cbs_projection *
cbs_group_row_by(const struct cbs_group *g)
{
	return g->row_by;
}

struct cbs_projection *
cbs_group_col_by(const struct cbs_group *g)
{
	return g->col_by;
}

size_t
cbs_group_ntables(const struct cbs_group *g)
{
	return g->ntables;
}

int
cbs_group_sorted_tables(struct cbs_group *g, struct group_table **tables)
{
	struct proj_key **keys;
	size_t i;
	int rc = CBS_ENOMEM;

	if ((keys = malloc((g->ntables + 1) * sizeof(*keys))) == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < g->ntables; i++)
		keys[i] = g->tables[i]->key;
	if (cbs_proj_sort(g->table_by, keys, g->ntables) == 0) {
		for (i = 0; i < g->ntables; i++)
			tables[i] = cbs_pmap_get(&g->table_map, keys[i], NULL);
		rc = 0;
	}
	free(keys);
	return rc;
}

/* A key's idx marks whether it is listed yet. */
static int
list_key(struct proj_key *k, struct proj_key ***list, size_t *n,
    size_t *cap)
{
	if (k->idx != SIZE_MAX)
		return 0;
	if (cbs_grow(list, cap, *n + 1, sizeof(**list)) != 0)
		return CBS_ENOMEM;
	k->idx = *n;
	(*list)[(*n)++] = k;
	return 0;
}

/*
 * Collect the distinct row and column keys of t's cells into t->rows and
 * t->cols, in no particular order.  @return 0 or CBS_ENOMEM.
 */
static int
table_keys(struct group_table *t)
{
	struct cell_block *b;
	struct group_cell *c;
	size_t i;

	for (b = t->blocks; b != NULL; b = b->next)
		for (i = 0; i < b->n; i++) {
			b->cells[i].row->idx = SIZE_MAX;
			b->cells[i].col->idx = SIZE_MAX;
		}
	t->nrows = t->ncols = 0;
	for (b = t->blocks; b != NULL; b = b->next)
		for (i = 0; i < b->n; i++) {
			c = &b->cells[i];
			if (list_key(c->row, &t->rows, &t->nrows,
			    &t->caprows) != 0 || list_key(c->col, &t->cols,
			    &t->ncols, &t->capcols) != 0)
				return CBS_ENOMEM;
		}
	return 0;
}

int
cbs_group_table_layout(struct cbs_group *g, struct group_table *t,
    struct group_layout *l)
{
	size_t i;

	if (table_keys(t) != 0 ||
	    cbs_proj_sort(g->row_by, t->rows, t->nrows) != 0 ||
	    cbs_proj_sort(g->col_by, t->cols, t->ncols) != 0)
		return CBS_ENOMEM;
	/* Cells find their place through their keys' positions. */
	for (i = 0; i < t->nrows; i++)
		t->rows[i]->idx = i;
	for (i = 0; i < t->ncols; i++)
		t->cols[i]->idx = i;
	l->key = t->key;
	l->rows = t->rows;
	l->cols = t->cols;
	l->nrows = t->nrows;
	l->ncols = t->ncols;
	return 0;
}

struct group_cell *
cbs_group_cells_first(struct group_table *t, struct group_cell_iter *it)
{
	it->block = t->blocks;
	it->i = 0;
	return cbs_group_cells_next(it);
}

struct group_cell *
cbs_group_cells_next(struct group_cell_iter *it)
{
	while (it->block != NULL && it->i == it->block->n) {
		it->block = it->block->next;
		it->i = 0;
	}
	return it->block != NULL ? &it->block->cells[it->i++] : NULL;
}

void
cbs_group_cell_place(const struct group_cell *c, size_t *row, size_t *col)
{
	*row = c->row->idx;
	*col = c->col->idx;
}

double *
cbs_group_cell_lend(struct group_cell *c, size_t *n)
{
	c->lent = 1;
	*n = c->n;
	return c->values;
}

/* @return residue key i (< c->nresidues) of cell c. */
static struct proj_key *
cell_residue(const struct group_cell *c, size_t i)
{
	return c->nresidues == 1 ? c->residue.one : c->residue.many[i];
}

const char *
cbs_group_cell_mixed(struct cbs_group *g, const struct group_cell *c)
{
	struct cbs_sbuf b = { NULL, 0, 0, 0 };
	struct proj_field **flat;
	size_t nflat, i, j, named = 0;
	const char *v, *w = "";

	if (c->nresidues < 2)
		return "";
	/* The names whole, however long (sbuf.c; issue 19). */
	cbs_sbuf_str(&b, "benchmarks vary in ");
	flat = cbs_proj_flat(g->residue, &nflat);
	for (i = 0; i < nflat; i++) {
		v = cbs_proj_get(cell_residue(c, 0), flat[i]);
		for (j = 1; j < c->nresidues; j++)
			if (cbs_proj_get(cell_residue(c, j), flat[i]) != v)
				break;
		if (j == c->nresidues)
			continue;
		if (named++ > 0)
			cbs_sbuf_str(&b, ", ");
		cbs_sbuf_str(&b, flat[i]->name);
	}
	if (b.nomem)
		w = NULL;
	else if (named > 0)
		w = cbs_arena_strndup(g->arena, b.p, b.len);
	free(b.p);
	return w;
}
