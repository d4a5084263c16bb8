/*
 * history_db.c: the history store as the rest of the library sees it
 * (cbenchstat(1), HISTORY DATABASE): a run read into series and handed
 * to a back end whole; series read back, filtered and in one order;
 * copies between stores.  The back ends (store.h: store_sqlite.c,
 * store_pg.c) keep rows; nothing here knows SQL, and nothing there
 * knows benchmarks.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "history/history_db.h"
#include "history/store.h"
#include "input/input.h"
#include "query/query.h"

/* A series being read back; the arrays grow and are reused. */
struct loader {
	struct cbs_history_series s;
	double *values;
	size_t nvalues, capvalues;
	size_t *first;		/* [commit]: its first value */
	size_t *count;
	const char **commits;	/* malloc'd copies */
	const char **branches;
	long long *times;
	struct cbs_history_point *points;
	size_t ncommits, capcommits;
	size_t last;		/* stop after this many commits, 0: all */
};

/* A unit's direction, as a read found it. */
struct unit_dir {
	char *unit;
	int better;
};

struct cbs_history {
	struct cbs_store *st;
	int reading;		/* between begin_read and end_read */
	size_t last;		/* the read's query's */
	struct loader look;	/* the lookups' */
	/* The read's units: a few, asked of each of thousands of series. */
	struct unit_dir *units;
	size_t nunits, capunits;
};

int
cbs_history_open(const char *target, int mode, struct cbs_history **out,
    char *err, size_t errlen)
{
	struct cbs_history *h;
	int rc;

	*out = NULL;
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return CBS_ENOMEM;
	rc = cbs_history_is_server(target) ? cbs_store_pg_open(target, mode,
	    &h->st, err, errlen) : cbs_store_sqlite_open(target, mode, &h->st,
	    err, errlen);
	if (rc != 0) {
		free(h);
		return rc;
	}
	*out = h;
	return 0;
}

static void loader_free(struct loader *l);

void
cbs_history_close(struct cbs_history *h)
{
	if (h == NULL)
		return;
	if (h->reading)
		(void)cbs_history_end_read(h, NULL, 0);
	loader_free(&h->look);
	h->st->ops->close(h->st);
	free(h);
}

const char *
cbs_history_backend(const struct cbs_history *h)
{
	return h->st->ops->name;
}

/* ------------------------------------------------------ record */

/* A series of the run being recorded; its strings in the arena. */
struct rec_series {
	struct cbs_store_series s;
	double *values;
	size_t cap;
};

struct rec {
	struct cbs_arena *arena;
	struct cbs_intern *strings;
	struct cbs_pmap index;	/* (name+config key, unit) -> series + 1 */
	struct rec_series *series;
	size_t nseries, capseries;
	struct cbs_store_unit *units;
	size_t nunits, capunits;
	size_t nvalues;
	char *cfg;
	size_t capcfg;
	cbs_diag_fn on_diag;
	void *diag_ctx;
};

/* The file configuration pairs of r, in the arena. */
static int
rec_pairs(struct rec *c, const struct cbs_result *r,
    struct cbs_store_series *s)
{
	struct cbs_store_pair *p;
	size_t i, n = 0;

	for (i = 0; i < r->nconfig; i++)
		n += r->config[i].is_file != 0;
	if (n == 0)
		return 0;
	if ((p = cbs_arena_calloc(c->arena, n, sizeof(*p))) == NULL)
		return CBS_ENOMEM;
	for (i = 0, n = 0; i < r->nconfig; i++)
		if (r->config[i].is_file) {
			p[n].key = r->config[i].key;
			p[n++].value = r->config[i].value;
		}
	s->pairs = p;
	s->npairs = n;
	return 0;
}

/* A new series for (r's name and configuration, unit). */
static int
rec_new_series(struct rec *c, const struct cbs_result *r, const char *key,
    const char *unit, size_t *idx)
{
	struct rec_series *rs;

	if (cbs_grow(&c->series, &c->capseries, c->nseries + 1,
	    sizeof(*rs)) != 0)
		return CBS_ENOMEM;
	rs = &c->series[c->nseries];
	memset(rs, 0, sizeof(*rs));
	*idx = c->nseries++;
	rs->s.benchmark = cbs_arena_strndup(c->arena, r->name, r->name_len);
	rs->s.config = key + r->name_len + 1;
	rs->s.unit = unit;
	if (rs->s.benchmark == NULL || rec_pairs(c, r, &rs->s) != 0)
		return CBS_ENOMEM;
	return cbs_pmap_put(&c->index, key, unit, (void *)(uintptr_t)(*idx +
	    1));
}

static int
rec_value(struct rec *c, const struct cbs_result *r, const char *key,
    const struct cbs_value *v)
{
	void *got = cbs_pmap_get(&c->index, key, v->unit);
	struct rec_series *rs;
	size_t idx;
	int rc;

	if (got != NULL)
		idx = (size_t)(uintptr_t)got - 1;
	else if ((rc = rec_new_series(c, r, key, v->unit, &idx)) != 0)
		return rc;
	rs = &c->series[idx];
	if (cbs_grow(&rs->values, &rs->cap, rs->s.nvalues + 1,
	    sizeof(double)) != 0)
		return CBS_ENOMEM;
	rs->values[rs->s.nvalues++] = v->value;
	rs->s.values = rs->values;
	c->nvalues++;
	return 0;
}

/* Each value of a result into its series.  NaN has no SQL value. */
static int
on_record_result(const struct cbs_result *r, void *ctx)
{
	struct rec *c = ctx;
	const char *key;
	size_t i, clen;
	int rc;

	if ((key = cbs_history_series_key(c->strings, r, &c->cfg,
	    &c->capcfg, &clen)) == NULL)
		return CBS_ENOMEM;
	for (i = 0, rc = 0; i < r->nvalues && rc == 0; i++)
		if (!isnan(r->values[i].value))
			rc = rec_value(c, r, key, &r->values[i]);
	return rc;
}

/* The reader hands its one context to both callbacks. */
static void
relay_diag(const struct cbs_diag *d, void *ctx)
{
	struct rec *c = ctx;

	if (c->on_diag != NULL)
		c->on_diag(d, c->diag_ctx);
}

/* The "Unit" metadata the run declares for its series' units. */
static int
rec_units(struct rec *c, const struct cbs_reader *rd)
{
	static const char *const keys[] = { "better", "assume" };
	struct cbs_pmap seen;
	const char *unit, *v;
	size_t i, k;
	int rc = 0;

	cbs_pmap_init(&seen);
	for (i = 0; i < c->nseries && rc == 0; i++) {
		unit = c->series[i].s.unit;
		if (cbs_pmap_get(&seen, unit, NULL) != NULL ||
		    (rc = cbs_pmap_put(&seen, unit, NULL, (void *)1)) != 0)
			continue;
		for (k = 0; k < 2 && rc == 0; k++) {
			if ((v = cbs_reader_unit_meta(rd, unit, keys[k])) ==
			    NULL)
				continue;
			if (cbs_grow(&c->units, &c->capunits, c->nunits + 1,
			    sizeof(*c->units)) != 0) {
				rc = CBS_ENOMEM;
				break;
			}
			c->units[c->nunits].unit = unit;
			c->units[c->nunits].key = keys[k];
			if ((c->units[c->nunits++].value = cbs_arena_strndup(
			    c->arena, v, strlen(v))) == NULL)
				rc = CBS_ENOMEM;
		}
	}
	cbs_pmap_free(&seen);
	return rc;
}

/* Read data into the run's series with a reader of its own; the
 * reader's strings live in the arena. */
static int
read_run(struct rec *c, char *data, size_t len, const char *source,
    char *err, size_t errlen)
{
	struct cbs_reader *rd;
	FILE *mem;
	int rc;

	if (len == 0)
		return 0;
	if ((rd = cbs_reader_new(c->arena, c->strings)) == NULL)
		return CBS_ENOMEM;
	if ((mem = fmemopen(data, len, "r")) == NULL) {
		cbs_reader_free(rd);
		return CBS_ENOMEM;
	}
	/* Any input format: the runs are stored as samples alike. */
	rc = cbs_reader_read_input(rd, mem, CBS_INPUT_AUTO, source, source,
	    on_record_result, relay_diag, c, err, errlen);
	fclose(mem);
	if (rc == 0)
		rc = rec_units(c, rd);
	cbs_reader_free(rd);
	return rc;
}

static void
free_rec(struct rec *c)
{
	size_t i;

	for (i = 0; i < c->nseries; i++)
		free(c->series[i].values);
	free(c->series);
	free(c->units);
	free(c->cfg);
	cbs_pmap_free(&c->index);
	cbs_intern_free(c->strings);
	cbs_arena_free(c->arena);
}

/* The store's form of the run read into c. */
static int
rec_store_run(struct rec *c, const struct cbs_history_commit *cm,
    const char *source, const char *hash, const char *legacy,
    struct cbs_store_run *r)
{
	struct cbs_store_series *ss = NULL;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (c->nseries > 0 && (ss = cbs_arena_calloc(c->arena, c->nseries,
	    sizeof(*ss))) == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < c->nseries; i++)
		ss[i] = c->series[i].s;
	r->commit = cm->id;
	r->parent = cm->parent;
	r->branch = cm->branch;
	r->commit_time = cm->commit_time;
	r->recorded_time = cm->recorded_time ? cm->recorded_time :
	    (long long)time(NULL);
	r->commit_recorded = r->recorded_time;
	r->content_hash = hash;
	r->legacy_hash = legacy;
	r->source = source;
	r->series = c->nseries > 0 ? ss : NULL;
	r->nseries = c->nseries;
	r->units = c->units;
	r->nunits = c->nunits;
	return 0;
}

int
cbs_history_record(struct cbs_history *h,
    const struct cbs_history_commit *cm, const char *source, FILE *fp,
    cbs_diag_fn on_diag, void *ctx, int *added, size_t *nvalues, char *err,
    size_t errlen)
{
	struct cbs_store_run run;
	struct rec c;
	char *data = NULL, hash[65], legacy[33];
	size_t len = 0, cap = 0;
	int rc;

	*added = 0;
	*nvalues = 0;
	if (h->st->reader) {
		snprintf(err, errlen, "the database was opened to read");
		return CBS_EINVAL;
	}
	/* Whole in memory: hashed, then read. */
	if ((rc = cbs_read_all(fp, &data, &len, &cap)) != 0) {
		snprintf(err, errlen, "read %s: %s", source, rc == CBS_EIO ?
		    strerror(errno) : cbs_strerror(rc));
		free(data);
		return rc;
	}
	memset(&c, 0, sizeof(c));
	c.on_diag = on_diag;
	c.diag_ctx = ctx;
	cbs_pmap_init(&c.index);
	if ((c.arena = cbs_arena_new()) == NULL ||
	    (c.strings = cbs_intern_new(c.arena)) == NULL ||
	    cbs_store_sha256_hex(data, len, hash) != 0)
		rc = CBS_ENOMEM;
	cbs_store_legacy_hex(data, len, legacy);
	if (rc == 0 && (rc = read_run(&c, data, len, source, err,
	    errlen)) == 0 && (rc = rec_store_run(&c, cm, source, hash, legacy,
	    &run)) == 0)
		rc = h->st->ops->write_run(h->st, &run, added, err, errlen);
	*nvalues = rc == 0 && *added ? c.nvalues : 0;
	free_rec(&c);
	free(data);
	return rc;
}

/* ------------------------------------------------------ reading */

static void
loader_clear(struct loader *l)
{
	size_t i;

	for (i = 0; i < l->ncommits; i++) {
		free((void *)(uintptr_t)l->commits[i]);
		free((void *)(uintptr_t)l->branches[i]);
	}
	l->ncommits = 0;
	l->nvalues = 0;
}

static void
loader_free(struct loader *l)
{
	loader_clear(l);
	free(l->values);
	free(l->first);
	free(l->count);
	free(l->commits);
	free(l->branches);
	free(l->times);
	free(l->points);
	memset(l, 0, sizeof(*l));
}

/* Room for one more commit in each per-commit array, all of which have
 * capcommits elements. */
static int
grow_commits(struct loader *l)
{
	size_t need = l->ncommits + 1, cap = l->capcommits, c;

	if (need <= cap)
		return 0;
	if (cbs_grow(&l->first, &cap, need, sizeof(size_t)) != 0 ||
	    (c = l->capcommits, cbs_resize(&l->count, &c, cap,
	    sizeof(size_t))) != 0 ||
	    (c = l->capcommits, cbs_resize(&l->commits, &c, cap,
	    sizeof(char *))) != 0 ||
	    (c = l->capcommits, cbs_resize(&l->branches, &c, cap,
	    sizeof(char *))) != 0 ||
	    (c = l->capcommits, cbs_resize(&l->times, &c, cap,
	    sizeof(long long))) != 0 ||
	    (c = l->capcommits, cbs_resize(&l->points, &c, cap,
	    sizeof(struct cbs_history_point))) != 0)
		return CBS_ENOMEM;
	l->capcommits = cap;
	return 0;
}

/*
 * One row (newest commit first): a value of the current commit, or the
 * first of a new one.  @return 0, 1 when the query's last commits are
 * all read, or CBS_ENOMEM.
 */
static int
load_row(void *ctx, const char *commit, const char *branch, long long time,
    double value)
{
	struct loader *l = ctx;
	size_t c;

	if (l->ncommits == 0 || strcmp(l->commits[l->ncommits - 1],
	    commit) != 0) {
		if (l->last > 0 && l->ncommits == l->last)
			return 1;
		if (grow_commits(l) != 0)
			return CBS_ENOMEM;
		c = l->ncommits;
		l->commits[c] = strdup(commit);
		l->branches[c] = strdup(branch);
		l->ncommits++;
		if (l->commits[c] == NULL || l->branches[c] == NULL)
			return CBS_ENOMEM;
		l->times[c] = time;
		l->first[c] = l->nvalues;
		l->count[c] = 0;
	}
	if (cbs_grow(&l->values, &l->capvalues, l->nvalues + 1,
	    sizeof(double)) != 0)
		return CBS_ENOMEM;
	l->values[l->nvalues++] = value;
	l->count[l->ncommits - 1]++;
	return 0;
}

static void
swap_commits(struct loader *l, size_t i, size_t j)
{
	size_t f = l->first[i], c = l->count[i];
	const char *h = l->commits[i], *b = l->branches[i];
	long long t = l->times[i];

	l->first[i] = l->first[j];
	l->count[i] = l->count[j];
	l->commits[i] = l->commits[j];
	l->branches[i] = l->branches[j];
	l->times[i] = l->times[j];
	l->first[j] = f;
	l->count[j] = c;
	l->commits[j] = h;
	l->branches[j] = b;
	l->times[j] = t;
}

static void
units_clear(struct cbs_history *h)
{
	size_t i;

	for (i = 0; i < h->nunits; i++)
		free(h->units[i].unit);
	free(h->units);
	h->units = NULL;
	h->nunits = h->capunits = 0;
}

/*
 * The unit's direction: the store's "Unit" metadata, else its name;
 * asked of the store once a read.
 */
static int
unit_better(struct cbs_history *h, const char *unit, int *better,
    char *err, size_t errlen)
{
	struct unit_dir *u;
	char *v = NULL;
	size_t i;
	int rc;

	for (i = 0; i < h->nunits; i++)
		if (strcmp(h->units[i].unit, unit) == 0) {
			*better = h->units[i].better;
			return 0;
		}
	if ((rc = h->st->ops->unit_meta(h->st, unit, "better", &v, err,
	    errlen)) != 0)
		return rc;
	*better = v != NULL && strcmp(v, "higher") == 0 ? CBS_BETTER_HIGHER :
	    v != NULL && strcmp(v, "lower") == 0 ? CBS_BETTER_LOWER :
	    cbs_unit_better_by_name(unit);
	free(v);
	if (cbs_grow(&h->units, &h->capunits, h->nunits + 1,
	    sizeof(*u)) != 0)
		return CBS_ENOMEM;
	u = &h->units[h->nunits];
	if ((u->unit = strdup(unit)) == NULL)
		return CBS_ENOMEM;
	u->better = *better;
	h->nunits++;
	return 0;
}

/*
 * Read series id's rows, newest commit first so that -last stops early,
 * then put the commits oldest first.
 */
static int
load_series(struct cbs_history *h, long long id, size_t last,
    struct loader *l, char *err, size_t errlen)
{
	size_t i;
	int rc;

	loader_clear(l);
	l->last = last;
	if ((rc = h->st->ops->load_series(h->st, id, load_row, l, err,
	    errlen)) != 0)
		return rc;
	for (i = 0; i < l->ncommits / 2; i++)
		swap_commits(l, i, l->ncommits - 1 - i);
	for (i = 0; i < l->ncommits; i++) {
		l->points[i].values = l->values + l->first[i];
		l->points[i].n = l->count[i];
	}
	l->s.ncommits = l->ncommits;
	l->s.commits = l->commits;
	l->s.branches = l->branches;
	l->s.times = l->times;
	l->s.points = l->points;
	return 0;
}

/* A series of the store's list, kept for sorting and filtering. */
struct listed {
	long long id;
	const char *benchmark, *unit, *config;
	const struct cbs_store_pair *pairs;
	size_t npairs;
};

struct list {
	struct cbs_arena *arena;
	struct listed *items;
	size_t n, cap;
};

static const char *
list_str(struct list *li, const char *s)
{
	return cbs_arena_strndup(li->arena, s, strlen(s));
}

static int
on_listed(void *ctx, const struct cbs_store_series *s)
{
	struct list *li = ctx;
	struct listed *it;
	struct cbs_store_pair *p = NULL;
	size_t i;

	if (cbs_grow(&li->items, &li->cap, li->n + 1, sizeof(*it)) != 0 ||
	    (s->npairs > 0 && (p = cbs_arena_calloc(li->arena, s->npairs,
	    sizeof(*p))) == NULL))
		return CBS_ENOMEM;
	it = &li->items[li->n];
	it->id = s->id;
	it->benchmark = list_str(li, s->benchmark);
	it->unit = list_str(li, s->unit);
	it->config = list_str(li, s->config);
	if (it->benchmark == NULL || it->unit == NULL || it->config == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < s->npairs; i++)
		if ((p[i].key = list_str(li, s->pairs[i].key)) == NULL ||
		    (p[i].value = list_str(li, s->pairs[i].value)) == NULL)
			return CBS_ENOMEM;
	it->pairs = p;
	it->npairs = s->npairs;
	li->n++;
	return 0;
}

/* Benchmark, unit, then configuration key, bytewise: one order on
 * every back end, whatever its collation. */
static int
cmp_listed(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;
	int c;

	if ((c = strcmp(x->benchmark, y->benchmark)) != 0 ||
	    (c = strcmp(x->unit, y->unit)) != 0)
		return c;
	return strcmp(x->config, y->config);
}

/* Does the filter keep this series?  A result made of its name, pairs
 * and one value of its unit. */
static int
series_passes(const struct cbs_filter *f, const struct listed *it)
{
	struct cbs_config *pairs = NULL;
	struct cbs_result r;
	struct cbs_value v;
	unsigned char keep = 0;
	size_t i;
	int pass;

	if (f == NULL)
		return 1;
	if (it->npairs > 0 && (pairs = calloc(it->npairs,
	    sizeof(*pairs))) == NULL)
		return -1;
	for (i = 0; i < it->npairs; i++) {
		pairs[i].key = it->pairs[i].key;
		pairs[i].value = it->pairs[i].value;
		pairs[i].is_file = 1;
	}
	memset(&r, 0, sizeof(r));
	memset(&v, 0, sizeof(v));
	v.unit = it->unit;
	r.name = it->benchmark;
	r.name_len = strlen(it->benchmark);
	r.iters = 1;
	r.config = pairs;
	r.nconfig = it->npairs;
	r.values = &v;
	r.nvalues = 1;
	r.path = "";
	if ((pass = cbs_filter_apply(f, &r, &keep)) > 0)
		pass = keep;
	free(pairs);
	return pass;
}

/* Hand series it, loaded into l, to fn, with its direction and its
 * configuration shown. */
static int
visit(struct cbs_history *h, const struct listed *it, struct loader *l,
    cbs_history_series_fn fn, void *ctx, char *err, size_t errlen)
{
	char *shown;
	int rc;

	if ((rc = unit_better(h, it->unit, &l->s.better, err, errlen)) != 0)
		return rc;
	l->s.benchmark = it->benchmark;
	l->s.unit = it->unit;
	if ((l->s.config = shown = cbs_history_config_shown(it->config)) ==
	    NULL)
		return CBS_ENOMEM;
	rc = fn(&l->s, ctx);
	free(shown);
	return rc;
}

/* Visit each selected series inside a read; with fn NULL only count. */
static long
walk_read(struct cbs_history *h, const struct cbs_history_query *q,
    const struct cbs_filter *filter, cbs_history_series_fn fn, void *ctx,
    char *err, size_t errlen)
{
	struct loader l;
	struct list li;
	long n = 0;
	size_t i;
	int rc, pass;

	memset(&l, 0, sizeof(l));
	memset(&li, 0, sizeof(li));
	if ((li.arena = cbs_arena_new()) == NULL)
		return CBS_ENOMEM;
	rc = h->st->ops->list_series(h->st, on_listed, &li, err, errlen);
	if (rc == 0 && li.n > 1)
		qsort(li.items, li.n, sizeof(*li.items), cmp_listed);
	for (i = 0; rc == 0 && i < li.n; i++) {
		if ((pass = series_passes(filter, &li.items[i])) < 0) {
			rc = CBS_ENOMEM;
			cbs_filter_error(q->filter, rc, err, errlen);
		}
		if (pass <= 0 || (rc = load_series(h, li.items[i].id, q->last,
		    &l, err, errlen)) != 0 || l.ncommits == 0)
			continue;
		n++;
		if (fn != NULL)
			rc = visit(h, &li.items[i], &l, fn, ctx, err, errlen);
	}
	loader_free(&l);
	free(li.items);
	cbs_arena_free(li.arena);
	return rc != 0 ? rc : n;
}

static long
walk(struct cbs_history *h, const struct cbs_history_query *q,
    cbs_history_series_fn fn, void *ctx, char *err, size_t errlen)
{
	struct cbs_filter *filter = NULL;
	long n;
	int rc;

	if (q->filter != NULL && (rc = cbs_filter_parse(q->filter, &filter,
	    err, errlen)) != 0)
		return rc;
	if ((rc = cbs_history_begin_read(h, q, err, errlen)) != 0) {
		cbs_filter_free(filter);
		return rc;
	}
	n = walk_read(h, q, filter, fn, ctx, err, errlen);
	cbs_filter_free(filter);
	/* A read that failed keeps its message; the end's is lost. */
	rc = cbs_history_end_read(h, n < 0 ? NULL : err, n < 0 ? 0 : errlen);
	return n < 0 ? n : rc != 0 ? rc : n;
}

int
cbs_history_each(struct cbs_history *h, const struct cbs_history_query *q,
    cbs_history_series_fn fn, void *ctx, char *err, size_t errlen)
{
	long n = walk(h, q, fn, ctx, err, errlen);

	return n < 0 ? (int)n : 0;
}

long
cbs_history_count(struct cbs_history *h, const struct cbs_history_query *q,
    char *err, size_t errlen)
{
	return walk(h, q, NULL, NULL, err, errlen);
}

int
cbs_history_begin_read(struct cbs_history *h,
    const struct cbs_history_query *q, char *err, size_t errlen)
{
	int rc;

	if (h->reading)
		return CBS_EINVAL;
	if ((rc = h->st->ops->begin_read(h->st, q, err, errlen)) != 0)
		return rc;
	h->reading = 1;
	h->last = q->last;
	return 0;
}

int
cbs_history_end_read(struct cbs_history *h, char *err, size_t errlen)
{
	char ignored[1];

	if (!h->reading)
		return 0;
	h->reading = 0;
	loader_free(&h->look);
	units_clear(h);
	if (err == NULL)
		return h->st->ops->end_read(h->st, ignored, 0);
	return h->st->ops->end_read(h->st, err, errlen);
}

int
cbs_history_lookup(struct cbs_history *h, const char *benchmark,
    size_t blen, const char *unit, const char *config,
    cbs_history_series_fn fn, void *ctx, char *err, size_t errlen)
{
	struct listed it;
	char *name;
	long long id;
	int rc;

	if (!h->reading)
		return CBS_EINVAL;
	if ((name = strndup(benchmark, blen)) == NULL)
		return CBS_ENOMEM;
	rc = h->st->ops->find_series(h->st, name, unit, config, &id, err,
	    errlen);
	if (rc == 0 && id != 0)
		rc = load_series(h, id, h->last, &h->look, err, errlen);
	if (rc == 0 && id != 0 && h->look.ncommits > 0) {
		memset(&it, 0, sizeof(it));
		it.benchmark = name;
		it.unit = unit;
		it.config = config;
		rc = visit(h, &it, &h->look, fn, ctx, err, errlen);
	}
	free(name);
	return rc;
}

/* ------------------------------------------------------ copy */

struct copy {
	struct cbs_history *to;
	size_t runs, added;
	char *err;
	size_t errlen;
};

static int
copy_run(void *ctx, const struct cbs_store_run *r)
{
	struct copy *c = ctx;
	int added = 0, rc;

	if ((rc = c->to->st->ops->write_run(c->to->st, r, &added, c->err,
	    c->errlen)) != 0)
		return rc;
	c->runs++;
	c->added += added != 0;
	return 0;
}

int
cbs_history_copy(struct cbs_history *from, struct cbs_history *to,
    size_t *runs, size_t *added, char *err, size_t errlen)
{
	struct cbs_history_query q;
	struct copy c;
	int rc;

	*runs = *added = 0;
	if (to->st->reader) {
		snprintf(err, errlen, "the database copied to was opened to "
		    "read");
		return CBS_EINVAL;
	}
	memset(&q, 0, sizeof(q));
	memset(&c, 0, sizeof(c));
	c.to = to;
	c.err = err;
	c.errlen = errlen;
	if ((rc = cbs_history_begin_read(from, &q, err, errlen)) != 0)
		return rc;
	rc = from->st->ops->each_run(from->st, copy_run, &c, err, errlen);
	if (rc == 0)
		rc = cbs_history_end_read(from, err, errlen);
	else
		(void)cbs_history_end_read(from, NULL, 0);
	*runs = c.runs;
	*added = c.added;
	return rc;
}
