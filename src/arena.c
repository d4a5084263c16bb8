/*
 * arena.c: the per-run bump allocator and the string intern table.
 *
 * Everything a run keeps (benchmark names, units, configuration values,
 * sample arrays) lives in one arena and is released with it, so no stage
 * has to track the lifetime of individual strings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"

#define ARENA_BLOCK (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used;
	size_t size;
	max_align_t data[];
};

struct cbs_arena {
	struct arena_block *head;
};

struct cbs_arena *
cbs_arena_new(void)
{
	return calloc(1, sizeof(struct cbs_arena));
}

void
cbs_arena_free(struct cbs_arena *a)
{
	struct arena_block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void *
cbs_arena_alloc(struct cbs_arena *a, size_t len)
{
	const size_t align = sizeof(max_align_t);
	struct arena_block *b = a->head;
	size_t need = (len + align - 1) / align * align;
	size_t size;
	void *p;

	if (need < len)
		return NULL;
	if (b == NULL || b->size - b->used < need) {
		/* Big requests get a block of their own behind the head, so
		 * the head's free space is not wasted. */
		size = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;
		if (size > SIZE_MAX - sizeof(*b))
			return NULL;
		b = malloc(sizeof(*b) + size);
		if (b == NULL)
			return NULL;
		b->used = 0;
		b->size = size;
		if (size != ARENA_BLOCK && a->head != NULL) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += need;
	return p;
}

char *
cbs_arena_strndup(struct cbs_arena *a, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX || (p = cbs_arena_alloc(a, len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/*
 * Intern table: open addressing with linear probing, FNV-1a hashes.
 */
struct intern_slot {
	uint64_t hash;
	const char *str;
	size_t len;
};

struct cbs_intern {
	struct cbs_arena *arena;
	struct intern_slot *slots;
	size_t cap;		/* power of two */
	size_t count;
};

static uint64_t
intern_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

struct cbs_intern *
cbs_intern_new(struct cbs_arena *a)
{
	struct cbs_intern *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->arena = a;
	t->cap = 256;
	t->slots = calloc(t->cap, sizeof(*t->slots));
	if (t->slots == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

void
cbs_intern_free(struct cbs_intern *t)
{
	if (t == NULL)
		return;
	free(t->slots);
	free(t);
}

static int
intern_grow(struct cbs_intern *t)
{
	size_t ncap = t->cap * 2, i, j;
	struct intern_slot *ns = calloc(ncap, sizeof(*ns));

	if (ns == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < t->cap; i++) {
		if (t->slots[i].str == NULL)
			continue;
		for (j = t->slots[i].hash & (ncap - 1); ns[j].str != NULL;
		    j = (j + 1) & (ncap - 1))
			;
		ns[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = ns;
	t->cap = ncap;
	return 0;
}

const char *
cbs_intern(struct cbs_intern *t, const char *s, size_t len)
{
	uint64_t h = intern_hash(s, len);
	size_t i;
	struct intern_slot *slot;
	char *copy;

	for (i = h & (t->cap - 1); t->slots[i].str != NULL;
	    i = (i + 1) & (t->cap - 1)) {
		slot = &t->slots[i];
		if (slot->hash == h && slot->len == len &&
		    memcmp(slot->str, s, len) == 0)
			return slot->str;
	}
	if ((copy = cbs_arena_strndup(t->arena, s, len)) == NULL)
		return NULL;
	slot = &t->slots[i];
	slot->hash = h;
	slot->str = copy;
	slot->len = len;
	if (++t->count * 2 > t->cap && intern_grow(t) != 0)
		return NULL;
	return copy;
}

const char *
cbs_strerror(int code)
{
	switch (code) {
	case CBS_OK:
		return "success";
	case CBS_ENOMEM:
		return "out of memory";
	case CBS_EIO:
		return "input/output error";
	case CBS_EPARSE:
		return "bad input";
	case CBS_EINVAL:
		return "invalid argument";
	default:
		return "unknown error";
	}
}
