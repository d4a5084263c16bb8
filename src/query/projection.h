/*
 * projection.h: projections of results into keys (upstream benchproc
 * Projection, Field and Key), private to the grouping stage.
 *
 * A projection is a list of fields; ".config" is a group whose sub-fields
 * (one per file configuration key) appear as results are seen.  A key is
 * the tuple of values one result takes in every field; keys are interned,
 * so equal keys are the same pointer.  Keys sort field by field in each
 * field's order, falling back to byte order.
 */
#ifndef CBS_PROJECTION_H
#define CBS_PROJECTION_H

#include <stddef.h>
#include <stdint.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "query/query.h"

enum proj_order { ORDER_FIRST, ORDER_ALPHA, ORDER_NUM, ORDER_FIXED };
enum proj_kind { FIELD_CONFIG, FIELD_FULLNAME, FIELD_KEY, FIELD_UNIT };

struct proj_field {
	const char *name;
	enum proj_kind kind;
	int idx;			/* value slot; -1 for .config */
	enum proj_order order;
	int tracks_order;		/* top-level "first" field */
	struct cbs_pmap rank;		/* value -> 1 + rank */
	size_t nranks;
	const char *last;		/* value of the last result */
	/* .config only: its sub-fields, in order of appearance. */
	struct proj_field **sub;
	size_t nsub, capsub;
};

struct group_cell;

struct proj_key {
	/* The values, trailing "" trimmed: flat when there are at most
	 * KEY_FLAT_MAX, else in a trie shared with other keys (keyvals.c);
	 * read them with cbs_proj_get. */
	const char **vals;	/* flat, or NULL */
	const void *trie;	/* else the trie's root */
	unsigned depth;		/* its internal levels */
	size_t nvals;
	uint64_t hash;		/* of the values, for the intern table */
	struct cbs_projection *proj;
	const char *string_values;	/* cbs_proj_string_values, cached */
	/* For the grouping stage (group.c): as a row key, its cells,
	 * linked through group_cell.next_in_row, so a result finds its
	 * cells next to the key it was just projected to; as a row or
	 * column key, its index in the table being built. */
	struct group_cell *cells;
	size_t ncells;
	size_t idx;
	/* The key projected after this one last time: results come in
	 * the same order run after run. */
	struct proj_key *next;
};

/* The state shared by the projections parsed together (upstream's
 * ProjectionParser): keys named explicitly leave the group keys. */
struct proj_parser {
	struct cbs_pmap config_keys;	/* key -> non-NULL */
	const char **fullname_keys;
	size_t nfullname_keys, capfullname_keys;
	int have_config;
	int have_fullname;
	/* Built on the first result, once every projection is parsed. */
	int fullname_ready;
	const char **name_deletes;	/* "/key=" strings */
	size_t nname_deletes;
	int exclude_name;
	int exclude_procs;
};

struct cbs_projection {
	struct cbs_arena *arena;
	struct cbs_intern *strings;
	struct proj_parser *parser;
	struct proj_field **top;
	size_t ntop, captop;
	struct proj_field *config;	/* .config group or NULL */
	struct proj_field *unit;	/* .unit field or NULL */
	size_t nslots;
	struct cbs_pmap config_seen;	/* config key -> field */
	const char **row;		/* scratch: one key being built */
	size_t caprow;
	struct cbs_htab keys;		/* intern table of the keys */
	struct proj_key *last;		/* the key projected last */
	struct proj_field **flat;	/* flattened fields, cached */
	size_t nflat;
	int flat_valid;
	const char *empty;		/* interned "" */
};

/* One fixed-order filter: results whose key value is not listed fail. */
struct proj_fixed_filter {
	const char *key;		/* ".fullname", "/x", "goos", ... */
	struct cbs_pmap allowed;	/* value -> non-NULL */
};

int cbs_proj_new(struct cbs_arena *a, struct cbs_intern *t,
    struct proj_parser *p, struct cbs_projection **out);
void cbs_proj_free(struct cbs_projection *s);
/* Add the fields of a parsed expression; fixed orders add filters to
 * *filters (*nfilters of them, room for *capfilters, as cbs_grow).
 * @return 0, CBS_ENOMEM or CBS_EINVAL (upstream's message in err). */
int cbs_proj_add_fields(struct cbs_projection *s, const char *expr,
    const struct cbs_proj_field *f, size_t n,
    struct proj_fixed_filter **filters, size_t *nfilters,
    size_t *capfilters, char *err, size_t errlen);
int cbs_proj_add_unit(struct cbs_projection *s);
/* The fields no other projection of p covers (upstream Residue). */
int cbs_proj_residue(struct cbs_projection *s);
/* Project r; with unit_value >= 0, .unit takes that value's unit.
 * @return the key, or NULL when out of memory. */
struct proj_key *cbs_proj_key(struct cbs_projection *s,
    const struct cbs_result *r, long unit_value);
/* Project r once per value, .unit taking each value's unit in turn
 * (upstream ProjectValues).  keys has room for r->nvalues keys.
 * @return 0 or CBS_ENOMEM. */
int cbs_proj_keys_by_value(struct cbs_projection *s,
    const struct cbs_result *r, struct proj_key **keys);
/* The flattened fields (.config expanded), also the sort order. */
struct proj_field **cbs_proj_flat(struct cbs_projection *s, size_t *n);
/* @return the value of f in k ("" when absent). */
const char *cbs_proj_get(const struct proj_key *k,
    const struct proj_field *f);
/* Sort keys of one projection in its order. @return 0 or CBS_ENOMEM. */
int cbs_proj_sort(struct cbs_projection *s, struct proj_key **keys,
    size_t n);
/* upstream Key.StringValues: non-empty values joined by spaces. */
const char *cbs_proj_string_values(struct cbs_projection *s,
    struct proj_key *k);
void cbs_proj_parser_free(struct proj_parser *p);

/* Keys with more values than this keep them in a trie. */
#define KEY_FLAT_MAX 32

/* Store row[0..n) as k's values, sharing what it can with base (NULL
 * or the key projected before), in a. @return 0 or CBS_ENOMEM. */
int cbs_keyvals_set(struct cbs_arena *a, struct proj_key *k,
    const char *const *row, size_t n, const char *empty,
    const struct proj_key *base);
/* @return value i (< k->nvals) of a trie key k. */
const char *cbs_keyvals_get(const struct proj_key *k, size_t i);
/* @return 1 if k's values are row[0..n). */
int cbs_keyvals_equal(const struct proj_key *k, const char *const *row,
    size_t n);

#endif /* CBS_PROJECTION_H */
