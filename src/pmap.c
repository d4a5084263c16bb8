/*
 * pmap.c: a hash map from a pair of pointers to a pointer.
 *
 * Every string the grouping stage compares is interned, so pointer
 * identity is string equality, and one map type serves the observation
 * orders (string -> rank), the tables (key -> table) and the cells
 * ((row key, column key) -> cell).
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

void
cbs_pmap_init(struct cbs_pmap *m)
{
	m->slots = NULL;
	m->cap = 0;
	m->count = 0;
}

void
cbs_pmap_free(struct cbs_pmap *m)
{
	free(m->slots);
	cbs_pmap_init(m);
}

void *
cbs_pmap_get(const struct cbs_pmap *m, const void *a, const void *b)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = pmap_hash(a, b) & (m->cap - 1); m->slots[i].val != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (m->slots[i].a == a && m->slots[i].b == b)
			return m->slots[i].val;
	return NULL;
}

static void
pmap_place(struct cbs_pmap_slot *slots, size_t cap,
    const struct cbs_pmap_slot *s)
{
	size_t i;

	for (i = pmap_hash(s->a, s->b) & (cap - 1); slots[i].val != NULL;
	    i = (i + 1) & (cap - 1))
		;
	slots[i] = *s;
}

static int
pmap_grow(struct cbs_pmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 16, i;
	struct cbs_pmap_slot *ns = calloc(ncap, sizeof(*ns));

	if (ns == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < m->cap; i++)
		if (m->slots[i].val != NULL)
			pmap_place(ns, ncap, &m->slots[i]);
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
	return 0;
}

int
cbs_pmap_put(struct cbs_pmap *m, const void *a, const void *b, void *val)
{
	struct cbs_pmap_slot s;
	size_t i;

	/* Up to 3/4 full: probes stay short, and the slots are most of the
	 * memory of the large maps (one rank per benchmark name). */
	if ((m->count + 1) * 4 > m->cap * 3 && pmap_grow(m) != 0)
		return CBS_ENOMEM;
	for (i = pmap_hash(a, b) & (m->cap - 1); m->slots[i].val != NULL;
	    i = (i + 1) & (m->cap - 1)) {
		if (m->slots[i].a == a && m->slots[i].b == b) {
			m->slots[i].val = val;
			return 0;
		}
	}
	s.a = a;
	s.b = b;
	s.val = val;
	m->slots[i] = s;
	m->count++;
	return 0;
}
