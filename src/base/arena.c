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

#include "base/base.h"

#define ARENA_BLOCK (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used;
	size_t size;
	max_align_t data[];
};

/* Something the arena cleans up before its blocks go (cbs_arena_on_free). */
struct arena_owned {
	struct arena_owned *next;
	void (*fn)(void *);
	void *p;
};

struct cbs_arena {
	struct arena_block *head;
	struct arena_owned *owned;
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
	struct arena_owned *o;

	if (a == NULL)
		return;
	for (o = a->owned; o != NULL; o = o->next)
		o->fn(o->p);
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

/*
 * A big block comes zeroed from calloc, which knows that fresh pages
 * from the system are zero already and leaves them untouched until they
 * are used, instead of writing every byte once more.
 */
void *
cbs_arena_calloc(struct cbs_arena *a, size_t n, size_t size)
{
	const size_t align = sizeof(max_align_t);
	struct arena_block *b;
	size_t len, need;
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	len = n * size;
	need = (len + align - 1) / align * align;
	if (need < len || need <= ARENA_BLOCK / 4 || a->head == NULL) {
		if ((p = cbs_arena_alloc(a, len)) != NULL)
			memset(p, 0, len);
		return p;
	}
	if (need > SIZE_MAX - sizeof(*b) ||
	    (b = calloc(1, sizeof(*b) + need)) == NULL)
		return NULL;
	b->used = need;
	b->size = need;
	b->next = a->head->next;
	a->head->next = b;
	return b->data;
}

int
cbs_arena_on_free(struct cbs_arena *a, void (*fn)(void *), void *p)
{
	struct arena_owned *o = cbs_arena_alloc(a, sizeof(*o));

	if (o == NULL)
		return CBS_ENOMEM;
	o->fn = fn;
	o->p = p;
	o->next = a->owned;
	a->owned = o;
	return 0;
}

int
cbs_arena_adopt(struct cbs_arena *a, void *p)
{
	return cbs_arena_on_free(a, free, p);
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
 * Intern table: a hash index (htab.c) of the strings.  Each string is
 * stored behind a header that links it to the string interned after it
 * (cbs_intern_next), so a stream that repeats a sequence of strings, as
 * the runs of a benchmark file repeat its names, finds each one next to
 * the last in the arena instead of at a random slot of a large table.
 */
struct intern_head {
	const char *next;	/* the string interned after this one */
	size_t len;
};

struct cbs_intern {
	struct cbs_arena *arena;
	struct cbs_htab index;	/* of const char *, by cbs_hash_bytes */
};

/* The arena's memory is writable; only the interface hands out const. */
static struct intern_head *
head_of(const char *str)
{
	return (struct intern_head *)(uintptr_t)(str -
	    sizeof(struct intern_head));
}

struct cbs_intern *
cbs_intern_new(struct cbs_arena *a)
{
	struct cbs_intern *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->arena = a;
	cbs_htab_init(&t->index);
	return t;
}

void
cbs_intern_free(struct cbs_intern *t)
{
	if (t == NULL)
		return;
	cbs_htab_free(&t->index);
	free(t);
}

static const char *
intern_copy(struct cbs_intern *t, const char *s, size_t len)
{
	struct intern_head *h;
	char *copy;

	if (len > SIZE_MAX - sizeof(*h) - 1 ||
	    (h = cbs_arena_alloc(t->arena, sizeof(*h) + len + 1)) == NULL)
		return NULL;
	h->next = NULL;
	h->len = len;
	copy = (char *)(h + 1);
	if (len > 0)
		memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

/* The hash of the string in a slot, for the index to grow. */
static uint64_t
intern_rehash(const void *ctx, const void *slot)
{
	const char *const *str = slot;

	(void)ctx;
	return cbs_hash_bytes(*str, head_of(*str)->len);
}

const char *
cbs_intern(struct cbs_intern *t, const char *s, size_t len)
{
	uint64_t h = cbs_hash_bytes(s, len);
	const char **slots = t->index.slots, *copy;
	size_t i;

	for (i = cbs_htab_first(&t->index, h);
	    i != CBS_HTAB_NONE && slots[i] != NULL;
	    i = cbs_htab_next(&t->index, i))
		if (head_of(slots[i])->len == len &&
		    (len == 0 || memcmp(slots[i], s, len) == 0))
			return slots[i];
	if ((copy = intern_copy(t, s, len)) == NULL ||
	    cbs_htab_put(&t->index, i, h, &copy, sizeof(copy), intern_rehash,
	    NULL) != 0)
		return NULL;
	return copy;
}

const char *
cbs_intern_next(struct cbs_intern *t, const char **last, const char *s,
    size_t len)
{
	const struct intern_head *h;
	const char *next, *v;

	if (*last != NULL && (next = head_of(*last)->next) != NULL) {
		h = head_of(next);
		if (h->len == len && (len == 0 || memcmp(next, s, len) == 0)) {
			*last = next;
			return next;
		}
	}
	if ((v = cbs_intern(t, s, len)) == NULL)
		return NULL;
	if (*last != NULL)
		head_of(*last)->next = v;
	*last = v;
	return v;
}
