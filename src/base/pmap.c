/*
 * pmap.c: a hash map from a pair of pointers to a pointer.
 *
 * Every string the grouping stage compares is interned, so pointer
 * identity is string equality, and one map type serves the observation
 * orders (string -> rank), the tables (key -> table) and the cells
 * ((row key, column key) -> cell).  The pairs and values are the slots
 * of a hash index (htab.c).
 */
#include <stdint.h>
#include <stdlib.h>

#include "base/base.h"

/*
 * Pointers are aligned, so their low bits carry no information and a
 * plain multiply keeps them zero; a full 64-bit finaliser (murmur3's
 * fmix64) spreads every input bit over the bits the table uses.
 */
static uint64_t
pmap_hash(const void *a, const void *b)
{
	return cbs_hash_mix((uint64_t)(uintptr_t)a * 0x9E3779B97F4A7C15ULL +
	    (uint64_t)(uintptr_t)b);
}

/* The hash of a slot's pair, for the index to grow. */
static uint64_t
pmap_rehash(const void *ctx, const void *slot)
{
	const struct cbs_pmap_slot *s = slot;

	(void)ctx;
	return pmap_hash(s->a, s->b);
}

void
cbs_pmap_init(struct cbs_pmap *m)
{
	cbs_htab_init(&m->index);
}

void
cbs_pmap_free(struct cbs_pmap *m)
{
	cbs_htab_free(&m->index);
}

/* @return the slot of (a, b), or the empty slot (or CBS_HTAB_NONE)
 * where it would go. */
static inline size_t
pmap_find(const struct cbs_pmap *m, const void *a, const void *b,
    uint64_t h)
{
	const struct cbs_pmap_slot *slots = m->index.slots;
	size_t i;

	for (i = cbs_htab_first(&m->index, h);
	    i != CBS_HTAB_NONE && slots[i].val != NULL;
	    i = cbs_htab_next(&m->index, i))
		if (slots[i].a == a && slots[i].b == b)
			break;
	return i;
}

void *
cbs_pmap_get(const struct cbs_pmap *m, const void *a, const void *b)
{
	const struct cbs_pmap_slot *slots = m->index.slots;
	size_t i = pmap_find(m, a, b, pmap_hash(a, b));

	return i != CBS_HTAB_NONE ? slots[i].val : NULL;
}

int
cbs_pmap_put(struct cbs_pmap *m, const void *a, const void *b, void *val)
{
	struct cbs_pmap_slot *slots = m->index.slots, s;
	uint64_t h = pmap_hash(a, b);
	size_t i = pmap_find(m, a, b, h);

	if (i != CBS_HTAB_NONE && slots[i].val != NULL) {
		slots[i].val = val;
		return 0;
	}
	s.val = val;
	s.a = a;
	s.b = b;
	return cbs_htab_put(&m->index, i, h, &s, sizeof(s), pmap_rehash,
	    NULL);
}
