/*
 * htab.c: the library's one hash index.
 *
 * Open addressing with linear probing, a power-of-two capacity and at
 * most 3/4 of the slots used.  A slot holds one item of the caller's
 * type whose first member is a pointer, NULL in an empty slot: an
 * interned string, a projected key, a pointer pair and its value.  The
 * index knows nothing of keys: a caller walks the probe sequence of a
 * hash itself (cbs_htab_first, cbs_htab_next), compares its own keys on
 * its own slot type, and inserts at the empty slot the walk ended on
 * (cbs_htab_put).  So one table serves all three, each comparing keys
 * in a loop the compiler inlines, with the items in the slots rather
 * than behind them (a pmap lookup per result reads one slot, not a
 * slot and an entry).
 *
 * Slots hold no hash: an interned string's slot is 8 bytes, not 16, and
 * the largest tables (30,000 names, rows and ranks in `make bench` L)
 * are much of a run's memory that is not input.  The caller's hash
 * function is asked again only when the table doubles.
 *
 * The U-test cache (stats.c) keeps its own chained buckets: it deletes
 * (evictions, tables outgrown), which here would need tombstones, and
 * under a tight memory bound it stops adding buckets and lets chains
 * lengthen, where this index must double at 3/4 full or refuse items.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

#define HTAB_FIRST_CAP	16

void
cbs_htab_init(struct cbs_htab *t)
{
	t->slots = NULL;
	t->cap = 0;
	t->count = 0;
}

void
cbs_htab_free(struct cbs_htab *t)
{
	free(t->slots);
	cbs_htab_init(t);
}

static void *
htab_slot(const struct cbs_htab *t, size_t i, size_t size)
{
	return (char *)t->slots + i * size;
}

/* @return whether the item at s is there: its first pointer is set. */
static int
htab_used(const void *s)
{
	void *p;

	memcpy(&p, s, sizeof(p));
	return p != NULL;
}

/* @return the first empty slot on the probe sequence of h. */
static size_t
htab_vacant(const struct cbs_htab *t, uint64_t h, size_t size)
{
	size_t i;

	for (i = cbs_htab_first(t, h); htab_used(htab_slot(t, i, size));
	    i = cbs_htab_next(t, i))
		;
	return i;
}

/* Double the slots, placing each item by hash(ctx, item). */
static int
htab_grow(struct cbs_htab *t, size_t size,
    uint64_t (*hash)(const void *, const void *), const void *ctx)
{
	struct cbs_htab old = *t;
	size_t ncap = old.cap ? old.cap * 2 : HTAB_FIRST_CAP, i;
	const void *s;

	if (ncap < old.cap || ncap > SIZE_MAX / size)
		return CBS_ENOMEM;
	if ((t->slots = calloc(ncap, size)) == NULL) {
		t->slots = old.slots;
		return CBS_ENOMEM;
	}
	t->cap = ncap;
	for (i = 0; i < old.cap; i++) {
		s = htab_slot(&old, i, size);
		if (htab_used(s))
			memcpy(htab_slot(t, htab_vacant(t, hash(ctx, s), size),
			    size), s, size);
	}
	free(old.slots);
	return 0;
}

int
cbs_htab_put(struct cbs_htab *t, size_t i, uint64_t h, const void *item,
    size_t size, uint64_t (*hash)(const void *, const void *),
    const void *ctx)
{
	/* Growing moves every item, so the new one's slot is found again. */
	if ((t->count + 1) * 4 > t->cap * 3) {
		if (htab_grow(t, size, hash, ctx) != 0)
			return CBS_ENOMEM;
		i = htab_vacant(t, h, size);
	}
	memcpy(htab_slot(t, i, size), item, size);
	t->count++;
	return 0;
}

/* A multiply-xorshift hash over 8 bytes at a time, finished with
 * murmur3's fmix64 so that the low bits, which pick the slot, depend on
 * every byte. */
uint64_t
cbs_hash_bytes(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ len, w;
	size_t i;

	for (i = 0; len - i >= 8; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 32;
	}
	if (i < len) {
		w = 0;
		memcpy(&w, s + i, len - i);
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
	}
	return cbs_hash_mix(h);
}
