/*
 * pmap.c: a hash map from a pair of pointers to a pointer.
 *
 * Every string the grouping stage compares is interned, so pointer
 * identity is string equality, and one map type serves the observation
 * orders (string -> rank), the tables (key -> table) and the cells
 * ((row key, column key) -> cell).  The entries are kept in insertion
 * order in an array, indexed by a hash index (htab.c) of their
 * positions.
 */
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

/*
 * Pointers are aligned, so their low bits carry no information and a
 * plain multiply keeps them zero; a full 64-bit finaliser (murmur3's
 * fmix64) spreads every input bit over the bits the table uses.
 */
static uint64_t
pmap_hash(const void *a, const void *b)
{
	uint64_t h = (uint64_t)(uintptr_t)a * 0x9E3779B97F4A7C15ULL +
	    (uint64_t)(uintptr_t)b;

	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 33;
	return h;
}

/* The index holds 1 + an entry's position, so that no slot is NULL. */
static struct cbs_pmap_entry *
pmap_entry(const struct cbs_pmap *m, const void *slot)
{
	return &m->ents[(uintptr_t)slot - 1];
}

static uint64_t
pmap_rehash(const void *m, const void *slot)
{
	const struct cbs_pmap_entry *e = pmap_entry(m, slot);

	return pmap_hash(e->a, e->b);
}

void
cbs_pmap_init(struct cbs_pmap *m)
{
	cbs_htab_init(&m->index);
	m->ents = NULL;
	m->nents = 0;
	m->capents = 0;
}

void
cbs_pmap_free(struct cbs_pmap *m)
{
	cbs_htab_free(&m->index);
	free(m->ents);
	cbs_pmap_init(m);
}

/* @return the slot of (a, b), or the empty slot (or NULL) where it
 * would go. */
static inline void **
pmap_find(const struct cbs_pmap *m, const void *a, const void *b,
    uint64_t h)
{
	const struct cbs_pmap_entry *e;
	void **s;

	for (s = cbs_htab_first(&m->index, h); s != NULL && *s != NULL;
	    s = cbs_htab_next(&m->index, s)) {
		e = pmap_entry(m, *s);
		if (e->a == a && e->b == b)
			break;
	}
	return s;
}

void *
cbs_pmap_get(const struct cbs_pmap *m, const void *a, const void *b)
{
	void **s = pmap_find(m, a, b, pmap_hash(a, b));

	return s != NULL && *s != NULL ? pmap_entry(m, *s)->val : NULL;
}

int
cbs_pmap_put(struct cbs_pmap *m, const void *a, const void *b, void *val)
{
	uint64_t h = pmap_hash(a, b);
	void **s = pmap_find(m, a, b, h);
	struct cbs_pmap_entry *e;

	if (s != NULL && *s != NULL) {
		pmap_entry(m, *s)->val = val;
		return 0;
	}
	if (cbs_grow(&m->ents, &m->capents, m->nents + 1, sizeof(*e)) != 0 ||
	    cbs_htab_put(&m->index, s, h, (void *)(uintptr_t)(m->nents + 1),
	    pmap_rehash, m) != 0)
		return CBS_ENOMEM;
	e = &m->ents[m->nents++];
	e->a = a;
	e->b = b;
	e->val = val;
	return 0;
}
