/*
 * projection.c: the semantics of -table, -row, -col and -ignore (upstream
 * benchproc.ProjectionParser and Projection).
 *
 * The syntax is parsed by cbs_projection_parse; this file turns the
 * parsed fields into projections, projects results into interned keys
 * and sorts keys.  Keys named explicitly in any projection are taken out
 * of the group keys ".config" and ".fullname", so one dimension never
 * appears twice.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "query/projection.h"
#include "query/query.h"

/* Any non-NULL pointer marks membership in a pmap used as a set. */
static char set_member;

int
cbs_proj_new(struct cbs_arena *a, struct cbs_intern *t, struct proj_parser *p,
    struct cbs_projection **out)
{
	struct cbs_projection *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return CBS_ENOMEM;
	s->arena = a;
	s->strings = t;
	s->parser = p;
	cbs_htab_init(&s->keys);
	if ((s->empty = cbs_intern(t, "", 0)) == NULL) {
		free(s);
		return CBS_ENOMEM;
	}
	*out = s;
	return 0;
}

static void
field_free(struct proj_field *f)
{
	size_t i;

	for (i = 0; i < f->nsub; i++)
		field_free(f->sub[i]);
	free(f->sub);
	cbs_pmap_free(&f->rank);
	free(f);
}

void
cbs_proj_free(struct cbs_projection *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ntop; i++)
		field_free(s->top[i]);
	free(s->top);
	cbs_pmap_free(&s->config_seen);
	free(s->row);
	cbs_htab_free(&s->keys);
	free(s->flat);
	free(s);
}

void
cbs_proj_parser_free(struct proj_parser *p)
{
	if (p == NULL)
		return;
	cbs_pmap_free(&p->config_keys);
	free(p->fullname_keys);
	free(p->name_deletes);
	free(p);
}

static int
append_ptr(void *arrp, size_t *n, size_t *cap, void *item)
{
	void ***arr = arrp;

	if (cbs_grow(arr, cap, *n + 1, sizeof(**arr)) != 0)
		return CBS_ENOMEM;
	(*arr)[(*n)++] = item;
	return 0;
}

/* Make room for slot idx in the scratch row. */
static int
row_reserve(struct cbs_projection *s, size_t nslots)
{
	return cbs_grow(&s->row, &s->caprow, nslots, sizeof(*s->row));
}

static struct proj_field *
field_new(const char *name, enum proj_kind kind, enum proj_order order)
{
	struct proj_field *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->name = name;
	f->kind = kind;
	f->order = order;
	f->idx = -1;
	return f;
}

/* Add a field with a value slot under the root (top-level) or under the
 * .config group. */
static struct proj_field *
add_slot_field(struct cbs_projection *s, struct proj_field *group,
    const char *name, enum proj_kind kind, enum proj_order order)
{
	struct proj_field *f = field_new(name, kind, order);
	size_t capsub;
	int rc;

	if (f == NULL || row_reserve(s, s->nslots + 1) != 0)
		goto fail;
	f->idx = (int)s->nslots;
	if (group == NULL) {
		f->tracks_order = order == ORDER_FIRST;
		rc = append_ptr(&s->top, &s->ntop, &s->captop, f);
	} else {
		capsub = group->capsub;
		rc = append_ptr(&group->sub, &group->nsub, &capsub, f);
		group->capsub = capsub;
	}
	if (rc != 0)
		goto fail;
	s->row[s->nslots++] = s->empty;
	s->flat_valid = 0;
	return f;
fail:
	free(f);
	return NULL;
}

static int
parse_order(const char *expr, const struct cbs_proj_field *pf,
    enum proj_order *order, char *err, size_t errlen)
{
	char *q, *msg;
	size_t len;

	if (strcmp(pf->order, "first") == 0)
		*order = ORDER_FIRST;
	else if (strcmp(pf->order, "alpha") == 0)
		*order = ORDER_ALPHA;
	else if (strcmp(pf->order, "num") == 0)
		*order = ORDER_NUM;
	else if (strcmp(pf->order, "fixed") == 0)
		*order = ORDER_FIXED;
	else {
		/* The parser refuses these first (projection_parse.c); this
		 * stays for a cbs_proj_field made by hand. */
		if ((q = cbs_go_quote(pf->order, strlen(pf->order))) == NULL)
			return CBS_ENOMEM;
		len = strlen(q) + sizeof("unknown order ");
		if ((msg = malloc(len)) == NULL) {
			free(q);
			return CBS_ENOMEM;
		}
		snprintf(msg, len, "unknown order %s", q);
		cbs_syntax_error(err, errlen, expr, pf->order_off, msg);
		free(msg);
		free(q);
		return CBS_EINVAL;
	}
	return 0;
}

static int
add_fixed_filter(struct cbs_projection *s, const char *key,
    const struct cbs_proj_field *pf, struct proj_field *f,
    struct proj_fixed_filter **filters, size_t *nfilters, size_t *capfilters)
{
	struct proj_fixed_filter *nf;
	const char *v;
	size_t i;

	for (i = 0; i < pf->nfixed; i++) {
		v = cbs_intern(s->strings, pf->fixed[i], strlen(pf->fixed[i]));
		if (v == NULL || cbs_pmap_put(&f->rank, v, NULL,
		    (void *)(uintptr_t)(i + 1)) != 0)
			return CBS_ENOMEM;
	}
	if (cbs_grow(filters, capfilters, *nfilters + 1, sizeof(**filters)) !=
	    0)
		return CBS_ENOMEM;
	nf = &(*filters)[(*nfilters)++];
	nf->key = key;
	cbs_pmap_init(&nf->allowed);
	for (i = 0; i < pf->nfixed; i++) {
		v = cbs_intern(s->strings, pf->fixed[i], strlen(pf->fixed[i]));
		if (v == NULL || cbs_pmap_put(&nf->allowed, v, NULL,
		    &set_member) != 0)
			return CBS_ENOMEM;
	}
	return 0;
}

static int
note_specific_key(struct proj_parser *p, const char *key)
{
	if (strcmp(key, ".name") == 0 || key[0] == '/')
		return append_ptr(&p->fullname_keys, &p->nfullname_keys,
		    &p->capfullname_keys, (void *)(uintptr_t)key);
	return cbs_pmap_put(&p->config_keys, key, NULL, &set_member);
}

static int
add_one_field(struct cbs_projection *s, const char *expr,
    const struct cbs_proj_field *pf, struct proj_fixed_filter **filters,
    size_t *nfilters, size_t *capfilters, char *err, size_t errlen)
{
	struct proj_parser *p = s->parser;
	enum proj_order order;
	struct proj_field *f;
	const char *key;
	int rc;

	if ((rc = parse_order(expr, pf, &order, err, errlen)) != 0)
		return rc;
	if ((key = cbs_intern(s->strings, pf->key, strlen(pf->key))) == NULL)
		return CBS_ENOMEM;
	if (strcmp(key, ".config") == 0) {
		if (order == ORDER_FIXED) {
			cbs_syntax_error(err, errlen, expr, pf->order_off,
			    "fixed order not allowed for .config");
			return CBS_EINVAL;
		}
		p->have_config = 1;
		if ((f = field_new(key, FIELD_CONFIG, order)) == NULL)
			return CBS_ENOMEM;
		if (append_ptr(&s->top, &s->ntop, &s->captop, f) != 0) {
			field_free(f);
			return CBS_ENOMEM;
		}
		s->config = f;
		s->flat_valid = 0;
		return 0;
	}
	if (strcmp(key, ".unit") == 0) {
		cbs_syntax_error(err, errlen, expr, pf->key_off,
		    ".unit is only allowed in filters");
		return CBS_EINVAL;
	}
	if (key[0] == '\0') {
		cbs_syntax_error(err, errlen, expr, pf->key_off,
		    "key must not be empty");
		return CBS_EINVAL;
	}
	if (strcmp(key, ".fullname") == 0)
		p->have_fullname = 1;
	else if ((rc = note_specific_key(p, key)) != 0)
		return rc;
	f = add_slot_field(s, NULL, key, strcmp(key, ".fullname") == 0 ?
	    FIELD_FULLNAME : FIELD_KEY, order);
	if (f == NULL)
		return CBS_ENOMEM;
	if (order == ORDER_FIXED)
		return add_fixed_filter(s, key, pf, f, filters, nfilters,
		    capfilters);
	return 0;
}

int
cbs_proj_add_fields(struct cbs_projection *s, const char *expr,
    const struct cbs_proj_field *f, size_t n,
    struct proj_fixed_filter **filters, size_t *nfilters,
    size_t *capfilters, char *err, size_t errlen)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = add_one_field(s, expr, &f[i], filters, nfilters,
		    capfilters, err, errlen)) != 0)
			return rc;
	return 0;
}

int
cbs_proj_add_unit(struct cbs_projection *s)
{
	const char *name = cbs_intern(s->strings, ".unit", 5);

	if (name == NULL)
		return CBS_ENOMEM;
	s->unit = add_slot_field(s, NULL, name, FIELD_UNIT, ORDER_FIRST);
	return s->unit == NULL ? CBS_ENOMEM : 0;
}

int
cbs_proj_residue(struct cbs_projection *s)
{
	struct proj_parser *p = s->parser;
	struct proj_field *f;
	const char *name;

	if (!p->have_config) {
		name = cbs_intern(s->strings, ".config", 7);
		if (name == NULL ||
		    (f = field_new(name, FIELD_CONFIG, ORDER_FIRST)) == NULL)
			return CBS_ENOMEM;
		if (append_ptr(&s->top, &s->ntop, &s->captop, f) != 0) {
			field_free(f);
			return CBS_ENOMEM;
		}
		s->config = f;
	}
	if (!p->have_fullname) {
		name = cbs_intern(s->strings, ".fullname", 9);
		if (name == NULL || add_slot_field(s, NULL, name,
		    FIELD_FULLNAME, ORDER_FIRST) == NULL)
			return CBS_ENOMEM;
	}
	return 0;
}

/* ------------------------------------------------------ full names */

/* Decide, once every projection is known, what .fullname leaves out. */
static int
fullname_prepare(struct cbs_projection *s)
{
	struct proj_parser *p = s->parser;
	size_t i, cap = 0, len;
	char *del;

	p->fullname_ready = 1;
	for (i = 0; i < p->nfullname_keys; i++) {
		const char *k = p->fullname_keys[i];

		if (strcmp(k, ".name") == 0)
			p->exclude_name = 1;
		if (k[0] != '/')
			continue;
		if (strcmp(k, "/gomaxprocs") == 0)
			p->exclude_procs = 1;
		len = strlen(k);
		if ((del = cbs_arena_alloc(s->arena, len + 2)) == NULL)
			return CBS_ENOMEM;
		memcpy(del, k, len);
		memcpy(del + len, "=", 2);
		if (append_ptr(&p->name_deletes, &p->nname_deletes, &cap,
		    del) != 0)
			return CBS_ENOMEM;
	}
	return 0;
}

static int
has_prefix(const char *s, size_t len, const char *prefix)
{
	size_t plen = strlen(prefix);

	return len >= plen && memcmp(s, prefix, plen) == 0;
}

static int
part_is_deleted(const struct proj_parser *p, const char *part, size_t len)
{
	size_t i;

	for (i = 0; i < p->nname_deletes; i++)
		if (has_prefix(part, len, p->name_deletes[i]))
			return 1;
	return 0;
}

static int
fullname_needs_edit(const struct proj_parser *p, const struct cbs_result *r)
{
	size_t i;

	if (p->exclude_name)
		return 1;
	for (i = 0; i < p->nname_deletes; i++)
		if (strstr(r->name, p->name_deletes[i]) != NULL)
			return 1;
	return p->exclude_procs && memchr(r->name, '-', r->name_len) != NULL;
}

/* The full name without the sub-benchmark keys (and base name, "-N")
 * that other projections own. @return an interned string or NULL. */
static const char *
fullname_value(struct cbs_projection *s, struct proj_field *f,
    const struct cbs_result *r)
{
	const struct proj_parser *p = s->parser;
	size_t stripped = cbs_name_strip_procs_len(r->name, r->name_len);
	size_t i, start, end, o = 0;
	const char *v;
	char *buf;

	if (!fullname_needs_edit(p, r))
		return cbs_intern_next(s->strings, &f->last, r->name,
		    r->name_len);
	if ((buf = malloc(r->name_len + 2)) == NULL)
		return NULL;
	for (end = 0; end < stripped && r->name[end] != '/'; end++)
		;
	if (p->exclude_name)
		buf[o++] = '*';
	else {
		memcpy(buf, r->name, end);
		o = end;
	}
	for (i = end; i < stripped; i = end) {
		start = i;
		for (end = start + 1; end < stripped && r->name[end] != '/';
		    end++)
			;
		if (part_is_deleted(p, r->name + start, end - start))
			continue;
		memcpy(buf + o, r->name + start, end - start);
		o += end - start;
	}
	if (stripped < r->name_len && !p->exclude_procs) {
		memcpy(buf + o, r->name + stripped, r->name_len - stripped);
		o += r->name_len - stripped;
	}
	v = cbs_intern_next(s->strings, &f->last, buf, o);
	free(buf);
	return v;
}

/* ------------------------------------------------------ projecting */

/*
 * Each ".config" of a projection is a group of its own, as upstream's:
 * ".config,.config" gives every key two fields, so headers and labels
 * show it twice.  Sub-fields are found by (key, group).
 */
static int
project_config(struct cbs_projection *s, struct proj_field *group,
    const struct cbs_result *r)
{
	struct proj_field *f;
	size_t i;

	for (i = 0; i < r->nconfig; i++) {
		const struct cbs_config *c = &r->config[i];

		if (!c->is_file)
			continue;
		f = cbs_pmap_get(&s->config_seen, c->key, group);
		if (f == NULL) {
			if (cbs_pmap_get(&s->parser->config_keys, c->key,
			    NULL) != NULL)
				continue;
			f = add_slot_field(s, group, c->key, FIELD_KEY,
			    group->order);
			if (f == NULL || cbs_pmap_put(&s->config_seen, c->key,
			    group, f) != 0)
				return CBS_ENOMEM;
		}
		s->row[f->idx] = c->value;
	}
	return 0;
}

static int
project_field(struct cbs_projection *s, struct proj_field *f,
    const struct cbs_result *r, long unit_value)
{
	const char *v;
	size_t len;

	switch (f->kind) {
	case FIELD_CONFIG:
		return project_config(s, f, r);
	case FIELD_FULLNAME:
		if (!s->parser->fullname_ready && fullname_prepare(s) != 0)
			return CBS_ENOMEM;
		v = fullname_value(s, f, r);
		break;
	case FIELD_KEY:
		len = cbs_extract(r, f->name, &v);
		v = cbs_intern_next(s->strings, &f->last, v, len);
		break;
	case FIELD_UNIT:
		v = unit_value >= 0 ? r->values[unit_value].unit : s->empty;
		break;
	default:
		return CBS_EINVAL;
	}
	if (v == NULL)
		return CBS_ENOMEM;
	s->row[f->idx] = v;
	return 0;
}

/* Hash a row of interned pointers; the final mix matters because
 * aligned pointers have constant low bits. */
static uint64_t
row_hash(const char *const *row, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (uint64_t)(uintptr_t)row[i]) * 0x9E3779B97F4A7C15ULL;
	return cbs_hash_mix(h);
}

/* Rows are a few pointers: a loop beats a call to memcmp. */
static int
key_equal(const struct proj_key *k, const char *const *row, size_t n,
    uint64_t h)
{
	size_t i;

	if (k->hash != h || k->nvals != n)
		return 0;
	if (k->vals == NULL)
		return cbs_keyvals_equal(k, row, n);
	for (i = 0; i < n; i++)
		if (k->vals[i] != row[i])
			return 0;
	return 1;
}

/* A new key: record first observations of each top-level value. */
static int
note_observation(struct cbs_projection *s, const char *const *row, size_t n)
{
	struct proj_field *f;
	const char *v;
	size_t i;

	for (i = 0; i < s->ntop; i++) {
		f = s->top[i];
		if (!f->tracks_order)
			continue;
		v = (size_t)f->idx < n ? row[f->idx] : s->empty;
		if (cbs_pmap_get(&f->rank, v, NULL) != NULL)
			continue;
		if (cbs_pmap_put(&f->rank, v, NULL,
		    (void *)(uintptr_t)++f->nranks) != 0)
			return CBS_ENOMEM;
	}
	return 0;
}

/* A new key; long ones share values with base (see keyvals.c). */
static struct proj_key *
key_new(struct cbs_projection *s, const char *const *row, size_t n,
    uint64_t h, const struct proj_key *base)
{
	struct proj_key *k;

	if ((k = cbs_arena_alloc(s->arena, sizeof(*k))) == NULL ||
	    cbs_keyvals_set(s->arena, k, row, n, s->empty, base) != 0)
		return NULL;
	k->hash = h;
	k->proj = s;
	k->string_values = NULL;
	k->cells = NULL;
	k->ncells = 0;
	k->idx = 0;
	k->next = NULL;
	return k;
}

/* The hash of the key in a slot, for the table to grow. */
static uint64_t
key_rehash(const void *ctx, const void *slot)
{
	struct proj_key *const *k = slot;

	(void)ctx;
	return (*k)->hash;
}

static struct proj_key *
intern_row(struct cbs_projection *s)
{
	const char **row = s->row;
	size_t n = s->nslots, i;
	struct proj_key *k = s->last != NULL ? s->last->next : NULL;
	struct proj_key **keys = s->keys.slots;
	uint64_t h;

	while (n > 0 && row[n - 1] == s->empty)
		n--;
	h = row_hash(row, n);
	/* Most often the key that followed the last one last time. */
	if (k != NULL && key_equal(k, row, n, h))
		goto found;
	for (i = cbs_htab_first(&s->keys, h);
	    i != CBS_HTAB_NONE && keys[i] != NULL;
	    i = cbs_htab_next(&s->keys, i))
		if (key_equal(keys[i], row, n, h))
			break;
	if (i != CBS_HTAB_NONE && keys[i] != NULL)
		k = keys[i];
	else if (note_observation(s, row, n) != 0 ||
	    (k = key_new(s, row, n, h, s->last)) == NULL ||
	    cbs_htab_put(&s->keys, i, h, &k, sizeof(k), key_rehash,
	    NULL) != 0)
		return NULL;
	if (s->last != NULL)
		s->last->next = k;
found:
	s->last = k;
	return k;
}

static int
populate_row(struct cbs_projection *s, const struct cbs_result *r)
{
	size_t i;

	for (i = 0; i < s->nslots; i++)
		s->row[i] = s->empty;
	for (i = 0; i < s->ntop; i++)
		if (s->top[i] != s->unit && project_field(s, s->top[i], r,
		    -1) != 0)
			return CBS_ENOMEM;
	return 0;
}

struct proj_key *
cbs_proj_key(struct cbs_projection *s, const struct cbs_result *r,
    long unit_value)
{
	if (populate_row(s, r) != 0)
		return NULL;
	if (s->unit != NULL && project_field(s, s->unit, r, unit_value) != 0)
		return NULL;
	return intern_row(s);
}

int
cbs_proj_keys_by_value(struct cbs_projection *s, const struct cbs_result *r,
    struct proj_key **keys)
{
	size_t i;

	if (populate_row(s, r) != 0)
		return CBS_ENOMEM;
	for (i = 0; i < r->nvalues; i++) {
		if (s->unit != NULL)
			s->row[s->unit->idx] = r->values[i].unit;
		if ((keys[i] = intern_row(s)) == NULL)
			return CBS_ENOMEM;
	}
	return 0;
}

/* ------------------------------------------------------ reading keys */

struct proj_field **
cbs_proj_flat(struct cbs_projection *s, size_t *n)
{
	size_t i, j, total = 0;

	if (!s->flat_valid) {
		for (i = 0; i < s->ntop; i++)
			total += s->top[i]->kind == FIELD_CONFIG ?
			    s->top[i]->nsub : 1;
		free(s->flat);
		s->flat = malloc((total ? total : 1) * sizeof(*s->flat));
		if (s->flat == NULL) {
			*n = 0;
			return NULL;
		}
		s->nflat = 0;
		for (i = 0; i < s->ntop; i++) {
			if (s->top[i]->kind != FIELD_CONFIG) {
				s->flat[s->nflat++] = s->top[i];
				continue;
			}
			for (j = 0; j < s->top[i]->nsub; j++)
				s->flat[s->nflat++] = s->top[i]->sub[j];
		}
		s->flat_valid = 1;
	}
	*n = s->nflat;
	return s->flat;
}

const char *
cbs_proj_get(const struct proj_key *k, const struct proj_field *f)
{
	if (f->idx < 0 || (size_t)f->idx >= k->nvals)
		return k->proj->empty;
	if (k->vals == NULL)
		return cbs_keyvals_get(k, (size_t)f->idx);
	return k->vals[f->idx];
}

/* Every table a row key appears in labels it the same way, so the label
 * is made once per key (fields added later are "" in it). */
const char *
cbs_proj_string_values(struct cbs_projection *s, struct proj_key *k)
{
	struct proj_field **flat;
	size_t nflat, i, len = 0, o = 0, n = 0;
	const char *v;
	char *buf;

	if (k->string_values != NULL)
		return k->string_values;
	flat = cbs_proj_flat(s, &nflat);
	for (i = 0; i < nflat; i++)
		if ((v = cbs_proj_get(k, flat[i]))[0] != '\0') {
			len += strlen(v) + 1;
			n++;
		}
	/* One value, such as a benchmark name, is its own label. */
	if (n == 1) {
		for (i = 0; (v = cbs_proj_get(k, flat[i]))[0] == '\0'; i++)
			;
		return k->string_values = v;
	}
	if ((buf = cbs_arena_alloc(s->arena, len + 1)) == NULL)
		return NULL;
	for (i = 0; i < nflat; i++) {
		v = cbs_proj_get(k, flat[i]);
		if (*v == '\0')
			continue;
		if (o > 0)
			buf[o++] = ' ';
		memcpy(buf + o, v, strlen(v));
		o += strlen(v);
	}
	buf[o] = '\0';
	k->string_values = buf;
	return buf;
}

/* ------------------------------------------------------ sorting */

/*
 * upstream's fuzzy number parser for "@num": a Go float, or else the
 * first run of digits and dots with an optional SI or IEC prefix
 * ("2k", "1Mi", "64KiB").  @return 0 and *v, or -1.
 */
static int
parse_num(const char *x, double *v)
{
	static const char prefixes[] = "KMGTPEZY";
	const char *p = x, *end, *pre;
	double m;
	int exp = 0;

	if (cbs_parse_go_float(x, strlen(x), v) == 0)
		return 0;
	while (*p != '\0' && !((*p >= '0' && *p <= '9') || *p == '.'))
		p++;
	if (*p == '\0')
		return -1;
	for (end = p; (*end >= '0' && *end <= '9') || *end == '.'; end++)
		;
	if (cbs_parse_go_float(p, (size_t)(end - p), &m) != 0)
		return -1;
	if (*end == 'k')
		exp = 1;
	else if (*end != '\0' && (pre = strchr(prefixes, *end)) != NULL)
		exp = 1 + (int)(pre - prefixes);
	if (exp > 0 && end[1] == 'i')
		*v = m * pow(1024, exp);
	else
		*v = m * pow(1000, exp);
	return 0;
}

static int
cmp_num(const char *a, const char *b)
{
	double x, y;
	int ea = parse_num(a, &x), eb = parse_num(b, &y);

	if (ea == 0 && eb == 0) {
		if (x < y || (!isnan(x) && isnan(y)))
			return -1;
		if (x > y || (isnan(x) && !isnan(y)))
			return 1;
		return 0;
	}
	if (ea != 0 && eb != 0)
		return 0;
	return ea == 0 ? -1 : 1;
}

/* Go map lookups give 0 for absent values, and so does this. */
static long
rank_of(const struct proj_field *f, const char *v)
{
	void *r = cbs_pmap_get(&f->rank, v, NULL);

	return r == NULL ? 0 : (long)(uintptr_t)r - 1;
}

static int
field_cmp(const struct proj_field *f, const char *a, const char *b)
{
	long d;

	switch (f->order) {
	case ORDER_ALPHA:
		return strcmp(a, b);
	case ORDER_NUM:
		return cmp_num(a, b);
	case ORDER_FIRST:
		if (!f->tracks_order)
			return 0;
		/* FALLTHROUGH */
	case ORDER_FIXED:
		d = rank_of(f, a) - rank_of(f, b);
		return d < 0 ? -1 : d > 0;
	default:
		return 0;
	}
}

struct sort_ctx {
	struct proj_field **flat;
	size_t nflat;
};

static int
key_less(const struct sort_ctx *c, const struct proj_key *a,
    const struct proj_key *b)
{
	const char *x, *y;
	size_t i;
	int cmp;

	for (i = 0; i < c->nflat; i++) {
		x = cbs_proj_get(a, c->flat[i]);
		y = cbs_proj_get(b, c->flat[i]);
		if (x == y)
			continue;
		if ((cmp = field_cmp(c->flat[i], x, y)) != 0)
			return cmp < 0;
		return strcmp(x, y) < 0;
	}
	return 0;
}

static void
merge_sort(const struct sort_ctx *c, struct proj_key **k,
    struct proj_key **tmp, size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, o = 0;

	if (n < 2)
		return;
	merge_sort(c, k, tmp, mid);
	merge_sort(c, k + mid, tmp, n - mid);
	while (i < mid && j < n)
		tmp[o++] = key_less(c, k[j], k[i]) ? k[j++] : k[i++];
	while (i < mid)
		tmp[o++] = k[i++];
	while (j < n)
		tmp[o++] = k[j++];
	memcpy(k, tmp, n * sizeof(*k));
}

int
cbs_proj_sort(struct cbs_projection *s, struct proj_key **keys, size_t n)
{
	struct sort_ctx c;
	struct proj_key **tmp;

	c.flat = cbs_proj_flat(s, &c.nflat);
	if (c.flat == NULL || (tmp = malloc((n ? n : 1) *
	    sizeof(*tmp))) == NULL)
		return CBS_ENOMEM;
	merge_sort(&c, keys, tmp, n);
	free(tmp);
	return 0;
}
