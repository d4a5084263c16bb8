/*
 * table.c: the statistics stage (upstream benchtab.Builder.ToTables and
 * benchmath's assumptions).
 *
 * The grouping stage hands over its tables, rows and columns sorted in
 * their projections' orders, and each cell's sample (group.h).  Each
 * cell's sample is summarised by its median and order-statistic
 * confidence interval ("assume=nothing") or by its mode ("assume=exact"),
 * compared with the first column's cell of the same row by the
 * Mann-Whitney U-test, and each column gets a geomean of its centres and
 * of its ratios to the baseline.  Warnings are kept as text; the
 * formatters number them.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "input/input.h"
#include "query/projection.h"
#include "stats/stats.h"
#include "table/group.h"
#include "table/table.h"

/* Medians need an interval per sample size; sizes repeat a lot. */
struct ci_cache {
	struct cbs_quantile_ci *ci;
	unsigned char *have;
	size_t cap;
	double confidence;
};

static const struct cbs_quantile_ci *
median_ci(struct ci_cache *c, size_t n)
{
	/* Two arrays of one capacity: each grows from c->cap alike, which
	 * moves only once both have. */
	size_t cci = c->cap, chave = c->cap;

	if (n >= c->cap) {
		if (n == SIZE_MAX || cbs_grow(&c->ci, &cci, n + 1,
		    sizeof(*c->ci)) != 0 || cbs_grow(&c->have, &chave, n + 1,
		    sizeof(*c->have)) != 0)
			return NULL;
		memset(c->have + c->cap, 0, chave - c->cap);
		c->cap = chave;
	}
	if (!c->have[n]) {
		/* A sample of 2^31 values, which this cache's arrays of its
		 * size can hardly hold, is counted as out of memory. */
		if (cbs_stats_quantile_ci(n, 0.5, c->confidence,
		    &c->ci[n]) != 0)
			return NULL;
		c->have[n] = 1;
	}
	return &c->ci[n];
}

struct build {
	struct cbs_group *g;
	struct cbs_arena *arena;	/* the group's: tables live there */
	const struct cbs_table_opts *opts;
	/* The table key's fields but .unit, and their names: the same for
	 * every table. */
	struct proj_field **key_fields;
	const char **key_names;
	size_t nkey;
	struct ci_cache ci;
	/* U-test distributions: most comparisons share sizes and ties. */
	struct cbs_utest_cache *utest;
};

static const char *
arena_printf(struct cbs_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *
arena_printf(struct cbs_arena *a, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return cbs_arena_strndup(a, buf, strlen(buf));
}

/* Append a warning to a list that lives in the arena. */
static int
warn_add(struct cbs_arena *a, const char ***list, size_t *n, const char *w)
{
	const char **nl;

	if (w == NULL || (nl = cbs_arena_alloc(a, (*n + 1) *
	    sizeof(*nl))) == NULL)
		return CBS_ENOMEM;
	if (*n > 0)
		memcpy(nl, *list, *n * sizeof(*nl));
	nl[(*n)++] = w;
	*list = nl;
	return 0;
}

/* ------------------------------------------------------ one cell */

/* upstream medianSamples: the sample size a finite interval needs. */
static const char *
need_samples_warning(struct build *b)
{
	const struct cbs_quantile_ci *ci;
	char conf[64];
	size_t n;

	cbs_fmt_go_float(b->opts->confidence, conf, sizeof(conf));
	for (n = 2; n <= 50; n++) {
		if ((ci = median_ci(&b->ci, n)) == NULL)
			return NULL;
		if (ci->lo_order > 0 && (size_t)ci->hi_order <= n)
			return arena_printf(b->arena, "need >= %zu samples "
			    "for confidence interval at level %s", n, conf);
	}
	return arena_printf(b->arena, "need > 50 samples for confidence "
	    "interval at level %s", conf);
}

static int
summarize_nothing(struct build *b, struct cbs_cell *c)
{
	const struct cbs_quantile_ci *ci = median_ci(&b->ci, c->n);

	if (ci == NULL)
		return CBS_ENOMEM;
	cbs_stats_median_ci(c->values, c->n, ci, &c->summary);
	if (isinf(c->summary.lo) || isinf(c->summary.hi))
		return warn_add(b->arena, &c->warnings, &c->nwarnings,
		    need_samples_warning(b));
	return 0;
}

/* assume=exact: the mode is the value; any spread is a warning. */
static int
summarize_exact(struct build *b, struct cbs_cell *c)
{
	double val = c->values[0], mode = val;
	size_t i, count = 1, best = 1;
	char lo[64], hi[64];

	for (i = 1; i < c->n; i++) {
		if (cbs_go_equal(c->values[i], val)) {
			if (++count > best) {
				best = count;
				mode = val;
			}
		} else {
			val = c->values[i];
			count = 1;
		}
	}
	c->summary.center = mode;
	c->summary.lo = c->values[0];
	c->summary.hi = c->values[c->n - 1];
	c->summary.confidence = 1;
	if (best == c->n)
		return 0;
	cbs_fmt_go_float(c->values[0], lo, sizeof(lo));
	cbs_fmt_go_float(c->values[c->n - 1], hi, sizeof(hi));
	return warn_add(b->arena, &c->warnings, &c->nwarnings,
	    arena_printf(b->arena, "exact distribution expected, but "
	    "values range from %s to %s", lo, hi));
}

/* The smallest p-value two samples of size n can reach: 2/C(2n, n). */
static double
utest_min_p(size_t n)
{
	double c = 1;
	size_t i;

	for (i = 1; i <= n; i++)
		c = c * (double)(n + i) / (double)i;
	return 2 / c;
}

static int
compare_nothing(struct build *b, const struct cbs_cell *base,
    struct cbs_cell *c)
{
	struct cbs_utest u;
	char alpha[64];
	size_t n;
	int rc;

	c->cmp.alpha = b->opts->alpha;
	c->cmp.n1 = base->n;
	c->cmp.n2 = c->n;
	rc = cbs_stats_utest_cached(b->utest, base->values, base->n,
	    c->values, c->n, &u);
	if (rc < 0)
		return rc;	/* out of memory, not a property of the data */
	if (rc != CBS_UTEST_OK) {
		c->cmp.p = 1;
		return warn_add(b->arena, &c->cmp_warnings,
		    &c->ncmp_warnings, cbs_stats_utest_strerror(rc));
	}
	c->cmp.p = u.p;
	if (!(c->cmp.p > c->cmp.alpha))
		return 0;
	for (n = 1; n <= 9 && utest_min_p(n) > c->cmp.alpha; n++)
		;
	if (c->cmp.n1 >= (n <= 9 ? n : 10) || c->cmp.n2 >= (n <= 9 ? n : 10))
		return 0;
	cbs_fmt_go_float(c->cmp.alpha, alpha, sizeof(alpha));
	return warn_add(b->arena, &c->cmp_warnings, &c->ncmp_warnings,
	    n <= 9 ? arena_printf(b->arena, "need >= %zu samples to "
	    "detect a difference at alpha level %s", n, alpha) :
	    arena_printf(b->arena, "need > 10 samples to detect a "
	    "difference at alpha level %s", alpha));
}

/* Insertion sort of x[0..n) by cbs_float64_cmp: stable, and fastest for the
 * short samples nearly every cell has. */
static void
insertion_sort(double *x, size_t n)
{
	size_t i, j;
	double t;

	for (i = 1; i < n; i++) {
		t = x[i];
		for (j = i; j > 0 && cbs_float64_cmp(x[j - 1], t) > 0; j--)
			x[j] = x[j - 1];
		x[j] = t;
	}
}

/* Merge sort of x[0..n) through tmp[0..n): stable, runs of 32 first. */
static void
merge_sort(double *x, double *tmp, size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, o = 0;

	if (n <= 32) {
		insertion_sort(x, n);
		return;
	}
	merge_sort(x, tmp, mid);
	merge_sort(x + mid, tmp, n - mid);
	while (i < mid && j < n)
		tmp[o++] = cbs_float64_cmp(x[j], x[i]) < 0 ? x[j++] : x[i++];
	while (i < mid)
		tmp[o++] = x[i++];
	while (j < n)
		tmp[o++] = x[j++];
	memcpy(x, tmp, n * sizeof(*x));
}

/*
 * sort.Float64s: ascending, NaNs first.  The sort is stable, so values
 * that compare equal but print differently (-0 and +0) keep their input
 * order whatever the C library's qsort does (glibc's is not stable
 * since 2.37).  @return 0 or CBS_ENOMEM.
 */
static int
sort_values(double *x, size_t n)
{
	double *tmp;

	if (n <= 32) {
		insertion_sort(x, n);
		return 0;
	}
	if ((tmp = malloc(n * sizeof(*tmp))) == NULL)
		return CBS_ENOMEM;
	merge_sort(x, tmp, n);
	free(tmp);
	return 0;
}

/* The cell shows the group's sample, sorted in place rather than copied
 * (cbs_group_cell_lend). */
static int
fill_cell(struct build *b, struct group_cell *gc, int exact,
    struct cbs_cell *c)
{
	double *values, *runs;
	const char *w;
	size_t n;
	int rc;

	values = cbs_group_cell_lend(gc, &n);
	/* The gate's drift check needs the runs in the order they ran. */
	if (b->opts->keep_run_order) {
		if ((runs = cbs_arena_alloc(b->arena, (n + 1) *
		    sizeof(*runs))) == NULL)
			return CBS_ENOMEM;
		memcpy(runs, values, n * sizeof(*runs));
		c->runs = runs;
	}
	if ((rc = sort_values(values, n)) != 0)
		return rc;
	c->present = 1;
	c->values = values;
	c->n = n;
	if ((w = cbs_group_cell_mixed(b->g, gc)) == NULL)
		return CBS_ENOMEM;
	if (*w != '\0' && (rc = warn_add(b->arena, &c->warnings,
	    &c->nwarnings, w)) != 0)
		return rc;
	return exact ? summarize_exact(b, c) : summarize_nothing(b, c);
}

/* ------------------------------------------------------ geomeans */

static int
summarize_col(struct build *b, struct cbs_table *t, size_t col,
    size_t nbase)
{
	struct cbs_col_summary *s = &t->summary[col];
	struct cbs_arena *a = b->arena;
	double *centers, *ratios, x, y;
	size_t r, nc = 0, nr = 0;
	int bad_ratio = 0, rc = 0;

	centers = malloc((t->nrows + 1) * sizeof(*centers));
	ratios = malloc((t->nrows + 1) * sizeof(*ratios));
	if (centers == NULL || ratios == NULL) {
		rc = CBS_ENOMEM;
		goto out;
	}
	for (r = 0; r < t->nrows; r++) {
		const struct cbs_cell *c = &t->cells[r * t->ncols + col];

		if (!c->present)
			continue;
		centers[nc++] = c->summary.center;
		if (!c->has_baseline)
			continue;
		x = c->summary.center;
		y = t->cells[r * t->ncols].summary.center;
		if (cbs_go_equal(x, y))
			ratios[nr++] = 1;	/* 0/0 counts as no change */
		else if (cbs_go_is_zero(y)) {
			bad_ratio = 1;
			ratios[nr++] = 0;
		} else
			ratios[nr++] = x / y;
	}
	if (col > 0 && nbase != nr && (rc = warn_add(a, &s->warnings,
	    &s->nwarnings, "benchmark set differs from baseline; geomeans "
	    "may not be comparable")) != 0)
		goto out;
	s->summary = cbs_go_geomean(centers, nc);
	s->has_summary = !isnan(s->summary);
	if (!s->has_summary && (rc = warn_add(a, &s->warnings, &s->nwarnings,
	    "summaries must be >0 to compute geomean")) != 0)
		goto out;
	if (col > 0 && !bad_ratio) {
		s->ratio = cbs_go_geomean(ratios, nr);
		s->has_ratio = !isnan(s->ratio);
		if (!s->has_ratio)
			rc = warn_add(a, &s->warnings, &s->nwarnings,
			    "ratios must be >0 to compute geomean");
	}
out:
	free(centers);
	free(ratios);
	return rc;
}

/* ------------------------------------------------------ one table */

static int
key_strings(struct cbs_arena *a, struct cbs_projection *p,
    const struct proj_key *k, const char ***names, const char ***values,
    size_t *n)
{
	struct proj_field **flat;
	size_t nflat, i;

	flat = cbs_proj_flat(p, &nflat);
	*names = cbs_arena_alloc(a, (nflat + 1) * sizeof(**names));
	*values = cbs_arena_alloc(a, (nflat + 1) * sizeof(**values));
	if (flat == NULL || *names == NULL || *values == NULL)
		return CBS_ENOMEM;
	*n = 0;
	for (i = 0; i < nflat; i++) {
		(*names)[*n] = flat[i]->name;
		(*values)[(*n)++] = cbs_proj_get(k, flat[i]);
	}
	return 0;
}

/* The fields of the table keys, once for all tables (see struct
 * cbs_table on why their values are not copied). */
static int
table_key_fields(struct build *b)
{
	struct cbs_arena *a = b->arena;
	struct proj_field **flat;
	size_t nflat, i;

	if ((flat = cbs_proj_flat(cbs_group_table_by(b->g), &nflat)) == NULL)
		return CBS_ENOMEM;
	b->key_fields = cbs_arena_alloc(a, (nflat + 1) * sizeof(*flat));
	b->key_names = cbs_arena_alloc(a, (nflat + 1) * sizeof(char *));
	if (b->key_fields == NULL || b->key_names == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < nflat; i++) {
		if (flat[i]->kind == FIELD_UNIT)
			continue;
		b->key_names[b->nkey] = flat[i]->name;
		b->key_fields[b->nkey++] = flat[i];
	}
	return 0;
}

/* A built table's key: its values are read in place (struct cbs_table). */
struct cbs_table_key {
	const struct proj_key *src;
	struct proj_field *const *fields;	/* the build's, shared */
};

const char *
cbs_table_key_value(const struct cbs_table *t, size_t k)
{
	if (t->key_values != NULL)
		return t->key_values[k];
	return cbs_proj_get(t->key->src, t->key->fields[k]);
}

static int
layout_table(struct build *b, struct group_table *gt,
    struct group_layout *l, struct cbs_table *t)
{
	struct cbs_arena *a = b->arena;
	struct cbs_projection *col_by = cbs_group_col_by(b->g);
	struct cbs_table_key *key;
	const char **names;
	size_t i, j, n;

	if (cbs_group_table_layout(b->g, gt, l) != 0)
		return CBS_ENOMEM;
	t->unit = cbs_proj_get(l->key, cbs_group_table_by(b->g)->unit);
	t->nkey = b->nkey;
	t->key_names = b->key_names;
	t->key_values = NULL;
	if ((key = cbs_arena_alloc(a, sizeof(*key))) == NULL)
		return CBS_ENOMEM;
	key->src = l->key;
	key->fields = b->key_fields;
	t->key = key;
	t->nrows = l->nrows;
	t->ncols = l->ncols;
	t->row_labels = cbs_arena_alloc(a, (t->nrows + 1) * sizeof(char *));
	t->cells = cbs_arena_calloc(a, t->nrows * t->ncols + 1,
	    sizeof(*t->cells));
	t->summary = cbs_arena_alloc(a, (t->ncols + 1) * sizeof(*t->summary));
	if (t->row_labels == NULL || t->cells == NULL || t->summary == NULL)
		return CBS_ENOMEM;
	memset(t->summary, 0, t->ncols * sizeof(*t->summary));
	for (i = 0; i < t->nrows; i++)
		if ((t->row_labels[i] = cbs_proj_string_values(
		    cbs_group_row_by(b->g), l->rows[i])) == NULL)
			return CBS_ENOMEM;
	for (j = 0; j < t->ncols; j++) {
		const char **vals;

		if (key_strings(a, col_by, l->cols[j], &names, &vals, &n) != 0)
			return CBS_ENOMEM;
		if (j == 0) {
			t->ncol_fields = n;
			t->col_field_names = names;
			t->col_values = cbs_arena_alloc(a, (t->ncols * n + 1) *
			    sizeof(char *));
			if (t->col_values == NULL)
				return CBS_ENOMEM;
		}
		memcpy(t->col_values + j * n, vals, n * sizeof(char *));
	}
	return 0;
}

static int
build_table(struct build *b, struct group_table *gt, struct cbs_table *t)
{
	struct group_layout l;
	struct group_cell_iter it;
	struct group_cell *gc;
	struct cbs_cell *c;
	const char *assume;
	size_t r, col, nbase = 0;
	int rc;

	if ((rc = layout_table(b, gt, &l, t)) != 0)
		return rc;
	assume = b->opts->units ? cbs_reader_unit_meta(b->opts->units,
	    t->unit, "assume") : NULL;
	t->assume_exact = assume != NULL && strcmp(assume, "exact") == 0;
	t->better = cbs_unit_better(b->opts->units, t->unit);
	t->memory = cbs_unit_is_memory(b->opts->units, t->unit);
	for (gc = cbs_group_cells_first(gt, &it); gc != NULL;
	    gc = cbs_group_cells_next(&it)) {
		cbs_group_cell_place(gc, &r, &col);
		if ((rc = fill_cell(b, gc, t->assume_exact,
		    &t->cells[r * t->ncols + col])) != 0)
			return rc;
	}
	for (r = 0; r < t->nrows; r++) {
		const struct cbs_cell *base = &t->cells[r * t->ncols];

		nbase += base->present;
		for (col = 1; col < t->ncols; col++) {
			c = &t->cells[r * t->ncols + col];
			if (!c->present || !base->present)
				continue;
			c->has_baseline = 1;
			if (t->assume_exact) {
				c->cmp.n1 = base->n;
				c->cmp.n2 = c->n;
			} else if ((rc = compare_nothing(b, base, c)) != 0)
				return rc;
		}
	}
	for (col = 0; col < t->ncols; col++)
		if ((rc = summarize_col(b, t, col, nbase)) != 0)
			return rc;
	return 0;
}

int
cbs_tables_build(struct cbs_group *g, const struct cbs_table_opts *o,
    struct cbs_tables **out)
{
	struct build b;
	struct cbs_tables *ts;
	struct group_table **gts;
	size_t i, n = cbs_group_ntables(g);
	int rc = CBS_ENOMEM;

	memset(&b, 0, sizeof(b));
	b.g = g;
	b.arena = cbs_group_arena(g);
	b.opts = o;
	b.ci.confidence = o->confidence;
	/* 1 MiB holds the no-ties tables of the few sample sizes a run
	 * has and its recent tie patterns; more buys little time (measured
	 * by make bench) and costs peak memory. */
	b.utest = cbs_utest_cache_new_bounded(1 << 20);
	ts = cbs_arena_alloc(b.arena, sizeof(*ts));
	gts = malloc((n + 1) * sizeof(*gts));
	if (b.utest == NULL || ts == NULL || gts == NULL ||
	    table_key_fields(&b) != 0 || cbs_group_sorted_tables(g, gts) != 0)
		goto out;
	ts->ntables = n;
	ts->tables = cbs_arena_alloc(b.arena, (n + 1) * sizeof(*ts->tables));
	if (ts->tables == NULL)
		goto out;
	memset(ts->tables, 0, (n + 1) * sizeof(*ts->tables));
	for (i = 0; i < n; i++)
		if ((rc = build_table(&b, gts[i], &ts->tables[i])) != 0)
			goto out;
	*out = ts;
	rc = 0;
out:
	free(gts);
	free(b.ci.ci);
	free(b.ci.have);
	cbs_utest_cache_free(b.utest);
	return rc;
}

size_t
cbs_table_row(const struct cbs_table *t, size_t k)
{
	return t->order != NULL ? t->order[k] : k;
}

const char *
cbs_table_col_label(const struct cbs_table *t, size_t col, char *buf,
    size_t len)
{
	size_t f, o = 0;
	const char *v;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (f = 0; f < t->ncol_fields; f++) {
		v = t->col_values[col * t->ncol_fields + f];
		if (*v == '\0')
			continue;
		o += (size_t)snprintf(buf + o, o < len ? len - o : 0, "%s%s",
		    o > 0 ? " " : "", v);
	}
	return buf;
}

char *
cbs_table_col_label_dup(const struct cbs_table *t, size_t col)
{
	struct cbs_sbuf b = { NULL, 0, 0, 0 };
	size_t f;
	const char *v;

	cbs_sbuf_add(&b, "", 0);
	for (f = 0; f < t->ncol_fields; f++) {
		v = t->col_values[col * t->ncol_fields + f];
		if (*v == '\0')
			continue;
		if (b.len > 0)
			cbs_sbuf_byte(&b, ' ');
		cbs_sbuf_str(&b, v);
	}
	if (b.nomem) {
		free(b.p);
		return NULL;
	}
	return b.p;
}
