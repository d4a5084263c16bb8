/*
 * group.c: the grouping stage (upstream benchtab.Builder).
 *
 * Each result that passes the filter (and the filters implied by fixed
 * sort orders) is projected into a table key per value (the -table
 * projection plus the value's unit), a row key and a column key; its
 * values join the sample of that cell.  The residue key, made of what no
 * projection covers, is kept per cell so the table stage can warn when a
 * cell mixes benchmarks that differ in a hidden dimension.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "group.h"

static char set_member;

static int
grow_array(void *arrp, size_t *cap, size_t need, size_t size)
{
	void **arr = arrp, *na;
	size_t ncap;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 4;
	while (ncap < need)
		ncap *= 2;
	if ((na = realloc(*arr, ncap * size)) == NULL)
		return CBS_ENOMEM;
	*arr = na;
	*cap = ncap;
	return 0;
}

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
		    &g->nfixed, msg, sizeof(msg));
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
	char msg[1024];
	int rc;

	*out = NULL;
	if (g == NULL || (g->parser = calloc(1, sizeof(*g->parser))) == NULL) {
		free(g);
		return CBS_ENOMEM;
	}
	g->arena = a;
	g->strings = t;
	msg[0] = '\0';
	rc = cbs_filter_parse(o->filter ? o->filter : "*", &g->filter, msg,
	    sizeof(msg));
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

static void
table_free(struct group_table *t)
{
	size_t i;

	for (i = 0; i < t->ncells; i++) {
		free(t->cell_list[i]->values);
		free(t->cell_list[i]->residues);
		free(t->cell_list[i]);
	}
	free(t->cell_list);
	cbs_pmap_free(&t->cells);
	cbs_pmap_free(&t->row_set);
	cbs_pmap_free(&t->col_set);
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
		table_free(g->tables[i]);
	free(g->tables);
	cbs_pmap_free(&g->table_map);
	free(g->keep);
	free(g->kept);
	free(g->tkeys);
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
	size_t cap = g->capkeep ? g->capkeep : 8;
	void *k, *v, *t;

	while (cap < n)
		cap *= 2;
	k = realloc(g->keep, cap);
	if (k != NULL)
		g->keep = k;
	v = realloc(g->kept, cap * sizeof(*g->kept));
	if (v != NULL)
		g->kept = v;
	t = realloc(g->tkeys, cap * sizeof(*g->tkeys));
	if (t != NULL)
		g->tkeys = t;
	if (k == NULL || v == NULL || t == NULL)
		return CBS_ENOMEM;
	g->capkeep = cap;
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
	if (!cbs_filter_apply(g->filter, r, g->keep))
		return 0;
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

static struct group_table *
table_for(struct cbs_group *g, struct proj_key *key)
{
	struct group_table *t = cbs_pmap_get(&g->table_map, key, NULL);

	if (t != NULL)
		return t;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->key = key;
	if (grow_array(&g->tables, &g->captables, g->ntables + 1,
	    sizeof(*g->tables)) != 0 ||
	    cbs_pmap_put(&g->table_map, key, NULL, t) != 0) {
		free(t);
		return NULL;
	}
	g->tables[g->ntables++] = t;
	return t;
}

static int
note_member(struct cbs_pmap *set, struct proj_key ***list, size_t *n,
    size_t *cap, struct proj_key *k)
{
	if (cbs_pmap_get(set, k, NULL) != NULL)
		return 0;
	if (grow_array(list, cap, *n + 1, sizeof(**list)) != 0 ||
	    cbs_pmap_put(set, k, NULL, &set_member) != 0)
		return CBS_ENOMEM;
	(*list)[(*n)++] = k;
	return 0;
}

static struct group_cell *
cell_for(struct group_table *t, struct proj_key *row, struct proj_key *col)
{
	struct group_cell *c = cbs_pmap_get(&t->cells, row, col);

	if (c != NULL)
		return c;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->row = row;
	c->col = col;
	if (grow_array(&t->cell_list, &t->capcells, t->ncells + 1,
	    sizeof(*t->cell_list)) != 0 ||
	    cbs_pmap_put(&t->cells, row, col, c) != 0) {
		free(c);
		return NULL;
	}
	t->cell_list[t->ncells++] = c;
	if (note_member(&t->row_set, &t->rows, &t->nrows, &t->caprows,
	    row) != 0 || note_member(&t->col_set, &t->cols, &t->ncols,
	    &t->capcols, col) != 0)
		return NULL;
	return c;
}

/* Samples grow by half, from 8: a -count=20 sample wastes 7 slots, not
 * the 12 of doubling. */
static int
cell_add_value(struct group_cell *c, double v)
{
	unsigned ncap;
	double *nv;

	if (c->n == c->cap) {
		ncap = c->cap < 8 ? 8 : c->cap + c->cap / 2;
		if (ncap <= c->cap || (nv = realloc(c->values, (size_t)ncap *
		    sizeof(*nv))) == NULL)
			return CBS_ENOMEM;
		c->values = nv;
		c->cap = ncap;
	}
	c->values[c->n++] = v;
	return 0;
}

static int
cell_add_residue(struct group_cell *c, struct proj_key *residue)
{
	struct proj_key **nr;
	unsigned i, ncap;

	if (c->nresidues == 0) {
		c->residue0 = residue;
		c->nresidues = 1;
		return 0;
	}
	if (c->residue0 == residue)
		return 0;
	for (i = 1; i < c->nresidues; i++)
		if (c->residues[i] == residue)
			return 0;
	if (c->nresidues >= c->capresidues) {
		ncap = c->capresidues ? c->capresidues * 2 : 4;
		/* residues[0] stays unused: residue0 holds it. */
		if ((nr = realloc(c->residues, ncap * sizeof(*nr))) == NULL)
			return CBS_ENOMEM;
		c->residues = nr;
		c->capresidues = ncap;
	}
	c->residues[c->nresidues++] = residue;
	return 0;
}

struct proj_key *
cbs_group_cell_residue(const struct group_cell *c, size_t i)
{
	return i == 0 ? c->residue0 : c->residues[i];
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
		    (c = cell_for(t, row, col)) == NULL)
			return CBS_ENOMEM;
		if ((rc = cell_add_value(c, r.values[i].value)) != 0 ||
		    (rc = cell_add_residue(c, res)) != 0)
			return rc;
	}
	return 0;
}
