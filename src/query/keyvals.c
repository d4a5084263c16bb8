/*
 * keyvals.c: the values of long projection keys.
 *
 * A key has a value per field of its projection, and ".config" adds a
 * field per configuration key ever seen.  When each of n results changes
 * one of n configuration keys, every result has a key of its own with n
 * values: n * n pointers stored flat.  Long keys therefore keep their
 * values in a trie of 16-way nodes over the value index, and a new key
 * shares every node whose values it has in common with the key projected
 * before it (path copying): a key that differs in one value costs one
 * node per level.  Short keys, nearly all of them, stay flat arrays.
 */
#include <string.h>

#include "base/base.h"
#include "query/projection.h"

#define FAN_BITS 4
#define FAN (1U << FAN_BITS)

/* An internal node's children, or a leaf's values. */
struct kv_node {
	const void *slot[FAN];
};

/* @return the number of internal levels a trie over n values needs. */
static unsigned
depth_for(size_t n)
{
	unsigned d = 0;
	size_t span = FAN;

	while (span < n) {
		span <<= FAN_BITS;
		d++;
	}
	return d;
}

struct kv_build {
	struct cbs_arena *arena;
	const char *const *row;
	size_t n;
	const char *empty;
	/* The key to share with: its root is the node at (base_depth, 0)
	 * of any deeper trie. */
	const struct kv_node *base_root;
	unsigned base_depth;
};

/* A leaf for values [off, off + FAN): b when it holds them already. */
static const struct kv_node *
build_leaf(const struct kv_build *kb, size_t off, const struct kv_node *b)
{
	struct kv_node *nd;
	const char *v;
	size_t i;

	if (b != NULL) {
		for (i = 0; i < FAN; i++) {
			v = off + i < kb->n ? kb->row[off + i] : kb->empty;
			if (b->slot[i] != v)
				break;
		}
		if (i == FAN)
			return b;
	}
	if ((nd = cbs_arena_alloc(kb->arena, sizeof(*nd))) == NULL)
		return NULL;
	for (i = 0; i < FAN; i++)
		nd->slot[i] = off + i < kb->n ? kb->row[off + i] : kb->empty;
	return nd;
}

/* The node at (level, off), sharing b or its children where they hold
 * the same values.  @return it, or NULL when out of memory. */
static const struct kv_node *
build_node(const struct kv_build *kb, unsigned level, size_t off,
    const struct kv_node *b)
{
	const struct kv_node *kid[FAN];
	struct kv_node *nd;
	size_t span = (size_t)1 << (level * FAN_BITS), i;
	int same;

	if (b == NULL && off == 0 && level == kb->base_depth)
		b = kb->base_root;
	same = b != NULL;
	if (level == 0)
		return build_leaf(kb, off, b);
	for (i = 0; i < FAN; i++) {
		kid[i] = NULL;
		if (off + i * span < kb->n && (kid[i] = build_node(kb,
		    level - 1, off + i * span, b != NULL ? b->slot[i] :
		    NULL)) == NULL)
			return NULL;
		if (b != NULL && b->slot[i] != kid[i])
			same = 0;
	}
	if (same)
		return b;
	if ((nd = cbs_arena_alloc(kb->arena, sizeof(*nd))) == NULL)
		return NULL;
	memcpy(nd->slot, kid, sizeof(kid));
	return nd;
}

int
cbs_keyvals_set(struct cbs_arena *a, struct proj_key *k,
    const char *const *row, size_t n, const char *empty,
    const struct proj_key *base)
{
	struct kv_build kb = { a, row, n, empty, NULL, 0 };
	const char **flat;

	k->nvals = n;
	k->trie = NULL;
	k->depth = 0;
	k->vals = NULL;
	if (n <= KEY_FLAT_MAX) {
		if ((flat = cbs_arena_alloc(a, (n ? n : 1) *
		    sizeof(*flat))) == NULL)
			return CBS_ENOMEM;
		if (n > 0)
			memcpy(flat, row, n * sizeof(*row));
		k->vals = flat;
		return 0;
	}
	k->depth = depth_for(n);
	if (base != NULL && base->trie != NULL) {
		/* A deeper base shares from its first subtree down. */
		kb.base_root = base->trie;
		for (kb.base_depth = base->depth; kb.base_depth > k->depth &&
		    kb.base_root != NULL; kb.base_depth--)
			kb.base_root = kb.base_root->slot[0];
	}
	k->trie = build_node(&kb, k->depth, 0, NULL);
	return k->trie == NULL ? CBS_ENOMEM : 0;
}

const char *
cbs_keyvals_get(const struct proj_key *k, size_t i)
{
	const struct kv_node *nd = k->trie;
	unsigned l;

	for (l = k->depth; l > 0; l--)
		nd = nd->slot[(i >> (l * FAN_BITS)) & (FAN - 1)];
	return nd->slot[i & (FAN - 1)];
}

/* @return 1 if the values under nd, at (level, off), are row's. */
static int
node_equal(const struct kv_node *nd, unsigned level, size_t off,
    const char *const *row, size_t n)
{
	size_t span = (size_t)1 << (level * FAN_BITS), i;

	for (i = 0; i < FAN && off + i * span < n; i++) {
		if (level == 0) {
			if (nd->slot[i] != row[off + i])
				return 0;
		} else if (!node_equal(nd->slot[i], level - 1, off + i * span,
		    row, n))
			return 0;
	}
	return 1;
}

int
cbs_keyvals_equal(const struct proj_key *k, const char *const *row,
    size_t n)
{
	size_t i;

	if (k->nvals != n)
		return 0;
	if (k->trie != NULL)
		return node_equal(k->trie, k->depth, 0, row, n);
	for (i = 0; i < n; i++)
		if (k->vals[i] != row[i])
			return 0;
	return 1;
}
