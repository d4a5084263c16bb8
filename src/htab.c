/*
 * htab.c: the library's one hash index.
 *
 * Open addressing with linear probing over slots of one non-NULL
 * pointer (or index, cast), a power-of-two capacity and at most 3/4 of
 * the slots used.  The index knows nothing of keys: a caller walks the
 * probe sequence of a hash itself (cbs_htab_first, cbs_htab_next),
 * compares its own keys, and inserts at the empty slot the walk ended on
 * (cbs_htab_put).  So one table serves interned strings, projected rows
 * and pointer pairs, each comparing keys in a loop the compiler inlines.
 *
 * Slots hold no hash: a slot is 8 bytes instead of 16, and the largest
 * tables (30,000 names, rows and ranks in `make bench` L) are most of a
 * run's memory that is not input.  The caller's hash function is asked
 * again only when the table doubles.
 *
 * The U-test cache (stats.c) keeps its own chained buckets: it deletes
 * (evictions, tables outgrown), which here would need tombstones, and
 * under a tight memory bound it stops adding buckets and lets chains
 * lengthen, where this index must double at 3/4 full or refuse items.
 */
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

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

/* @return the first empty slot on the probe sequence of h. */
static void **
htab_vacant(const struct cbs_htab *t, uint64_t h)
{
	void **s;

	for (s = cbs_htab_first(t, h); *s != NULL; s = cbs_htab_next(t, s))
		;
	return s;
}

/* Double the slots, placing each item by hash(ctx, item). */
static int
htab_grow(struct cbs_htab *t, uint64_t (*hash)(const void *, const void *),
    const void *ctx)
{
	struct cbs_htab old = *t;
	size_t ncap = old.cap ? old.cap * 2 : HTAB_FIRST_CAP, i;

	if (ncap < old.cap || ncap > SIZE_MAX / sizeof(*t->slots))
		return CBS_ENOMEM;
	if ((t->slots = calloc(ncap, sizeof(*t->slots))) == NULL) {
		t->slots = old.slots;
		return CBS_ENOMEM;
	}
	t->cap = ncap;
	for (i = 0; i < old.cap; i++)
		if (old.slots[i] != NULL)
			*htab_vacant(t, hash(ctx, old.slots[i])) =
			    old.slots[i];
	free(old.slots);
	return 0;
}

int
cbs_htab_put(struct cbs_htab *t, void **s, uint64_t h, void *p,
    uint64_t (*hash)(const void *, const void *), const void *ctx)
{
	/* Growing moves every item, so the new one's slot is found again. */
	if ((t->count + 1) * 4 > t->cap * 3) {
		if (htab_grow(t, hash, ctx) != 0)
			return CBS_ENOMEM;
		s = htab_vacant(t, h);
	}
	*s = p;
	t->count++;
	return 0;
}
