/*
 * test_htab.c: the hash index (htab.c) and the two tables built on it
 * that take their keys from outside, the intern table (arena.c) and the
 * pointer-pair map (pmap.c): every item inserted is found again, through
 * growth, colliding hashes and probe sequences that wrap around the end
 * of the slots, and a failed allocation leaves the table as it was.
 * (The projection's row table is exercised by test_keyvals and the
 * golden tests.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"

/* Allocation failure on demand: the next calloc, which the index grows
 * with, fails once fail_next is set. */
void *__real_calloc(size_t, size_t);
void *__wrap_calloc(size_t, size_t);

static int fail_next;

void *
__wrap_calloc(size_t n, size_t size)
{
	if (fail_next) {
		fail_next = 0;
		return NULL;
	}
	return __real_calloc(n, size);
}

/* Items are the integers 1..n cast to pointers in slots of one
 * pointer; their hash is chosen by the test through `spread'. */
static unsigned spread;

static uint64_t
hash_of(uintptr_t item)
{
	return item % spread;
}

static uint64_t
item_hash(const void *ctx, const void *slot)
{
	void *const *p = slot;

	(void)ctx;
	return hash_of((uintptr_t)*p);
}

/* @return the slot holding item, or the empty slot (or CBS_HTAB_NONE)
 * where it would go. */
static size_t
find(const struct cbs_htab *t, uintptr_t item)
{
	void **slots = t->slots;
	size_t i;

	for (i = cbs_htab_first(t, hash_of(item));
	    i != CBS_HTAB_NONE && slots[i] != NULL; i = cbs_htab_next(t, i))
		if ((uintptr_t)slots[i] == item)
			break;
	return i;
}

static int
found(const struct cbs_htab *t, uintptr_t item)
{
	size_t i = find(t, item);

	return i != CBS_HTAB_NONE && ((void **)t->slots)[i] != NULL;
}

static int
put(struct cbs_htab *t, uintptr_t item)
{
	void *p = (void *)item;

	assert_false(found(t, item));
	return cbs_htab_put(t, find(t, item), hash_of(item), &p, sizeof(p),
	    item_hash, NULL);
}

static void
check_all(const struct cbs_htab *t, uintptr_t n)
{
	uintptr_t i;

	assert_int_equal(t->count, n);
	assert_true(t->cap == 0 || (t->cap & (t->cap - 1)) == 0);
	assert_true(t->count * 4 <= t->cap * 3);
	for (i = 1; i <= n; i++)
		assert_true(found(t, i));
	assert_false(found(t, n + 1));
}

/* Slots larger than a pointer move whole when the table grows. */
struct wide_slot {
	void *p;
	uintptr_t twice;
	char tag[5];
};

static uint64_t
wide_hash(const void *ctx, const void *slot)
{
	const struct wide_slot *w = slot;

	(void)ctx;
	return (uintptr_t)w->p * 0x9E3779B97F4A7C15ULL;
}

static void
test_wide(void **state)
{
	struct cbs_htab t;
	struct wide_slot *slots, w;
	uintptr_t k;
	size_t i;

	(void)state;
	cbs_htab_init(&t);
	for (k = 1; k <= 1000; k++) {
		w.p = (void *)k;
		w.twice = 2 * k;
		snprintf(w.tag, sizeof(w.tag), "%u", (unsigned)(k % 10000));
		for (i = cbs_htab_first(&t, wide_hash(NULL, &w)), slots =
		    t.slots; i != CBS_HTAB_NONE && slots[i].p != NULL;
		    i = cbs_htab_next(&t, i))
			assert_ptr_not_equal(slots[i].p, w.p);
		assert_int_equal(cbs_htab_put(&t, i, wide_hash(NULL, &w), &w,
		    sizeof(w), wide_hash, NULL), 0);
	}
	assert_int_equal(t.count, 1000);
	slots = t.slots;
	for (i = 0, k = 0; i < t.cap; i++) {
		if (slots[i].p == NULL)
			continue;
		k++;
		assert_int_equal(slots[i].twice, 2 * (uintptr_t)slots[i].p);
		assert_int_equal(strtoul(slots[i].tag, NULL, 10),
		    (uintptr_t)slots[i].p);
	}
	assert_int_equal(k, 1000);
	cbs_htab_free(&t);
}

/* Many items with distinct hashes: the table doubles from empty. */
static void
test_grow(void **state)
{
	struct cbs_htab t;
	uintptr_t i;

	(void)state;
	spread = UINT32_MAX;
	cbs_htab_init(&t);
	check_all(&t, 0);
	for (i = 1; i <= 5000; i++) {
		assert_int_equal(put(&t, i), 0);
		if (i % 997 == 0)
			check_all(&t, i);
	}
	check_all(&t, 5000);
	assert_int_equal(t.cap, 8192);
	cbs_htab_free(&t);
	assert_null(t.slots);
	assert_false(found(&t, 1));
	assert_int_equal(t.count, 0);
}

/* Few distinct hashes, so long runs of colliding items; hashes near
 * the top of the slots make probes wrap around to slot 0. */
static void
test_collisions(void **state)
{
	static const unsigned spreads[] = { 1, 3, 16, 31, 1024 };
	struct cbs_htab t;
	uintptr_t i;
	size_t k;

	(void)state;
	for (k = 0; k < LEN(spreads); k++) {
		spread = spreads[k];
		cbs_htab_init(&t);
		for (i = 1; i <= 600; i++)
			assert_int_equal(put(&t, i), 0);
		check_all(&t, 600);
		cbs_htab_free(&t);
	}
}

/* A failed growth returns CBS_ENOMEM and changes nothing. */
static void
test_oom(void **state)
{
	struct cbs_htab t;
	uintptr_t i;

	(void)state;
	spread = 7;
	cbs_htab_init(&t);
	fail_next = 1;
	assert_int_equal(put(&t, 1), CBS_ENOMEM);
	check_all(&t, 0);
	for (i = 1; i <= 12; i++)	/* 16 slots, 12 used: full */
		assert_int_equal(put(&t, i), 0);
	assert_int_equal(t.cap, 16);
	fail_next = 1;
	assert_int_equal(put(&t, 13), CBS_ENOMEM);
	assert_int_equal(t.cap, 16);
	check_all(&t, 12);
	assert_int_equal(put(&t, 13), 0);
	assert_int_equal(t.cap, 32);
	check_all(&t, 13);
	cbs_htab_free(&t);
}

/* Equal strings intern to one pointer; strings differing in length,
 * in one byte or after a NUL do not. */
static void
test_intern(void **state)
{
	struct cbs_arena *a = cbs_arena_new();
	struct cbs_intern *t;
	const char *p[3000], *q;
	char buf[32];
	size_t i;
	int len;

	(void)state;
	assert_non_null(a);
	assert_non_null(t = cbs_intern_new(a));
	for (i = 0; i < LEN(p); i++) {
		len = snprintf(buf, sizeof(buf), "BenchmarkX/n=%zu", i);
		assert_non_null(p[i] = cbs_intern(t, buf, (size_t)len));
		assert_string_equal(p[i], buf);
	}
	for (i = 0; i < LEN(p); i++) {
		len = snprintf(buf, sizeof(buf), "BenchmarkX/n=%zu", i);
		assert_ptr_equal(cbs_intern(t, buf, (size_t)len), p[i]);
		assert_ptr_not_equal(cbs_intern(t, buf, (size_t)len - 1),
		    p[i]);
	}
	q = cbs_intern(t, "", 0);
	assert_non_null(q);
	assert_ptr_equal(cbs_intern(t, "x", 0), q);
	assert_ptr_not_equal(cbs_intern(t, "a\0b", 3), cbs_intern(t, "a", 1));
	assert_ptr_equal(cbs_intern(t, "a\0b", 3), cbs_intern(t, "a\0b", 3));
	/* Out of memory while growing: NULL, and the table still works. */
	for (i = 0;; i++) {
		len = snprintf(buf, sizeof(buf), "more%zu", i);
		fail_next = 1;
		if (cbs_intern(t, buf, (size_t)len) == NULL)
			break;
		fail_next = 0;
	}
	fail_next = 0;
	assert_non_null(cbs_intern(t, buf, (size_t)len));
	for (i = 0; i < LEN(p); i++) {
		len = snprintf(buf, sizeof(buf), "BenchmarkX/n=%zu", i);
		assert_ptr_equal(cbs_intern(t, buf, (size_t)len), p[i]);
	}
	cbs_intern_free(t);
	cbs_arena_free(a);
}

/* (a, b) and (b, a) are different keys; a second put replaces. */
static void
test_pmap(void **state)
{
	static char k[2000];
	struct cbs_pmap m;
	size_t i, j;

	(void)state;
	cbs_pmap_init(&m);
	assert_null(cbs_pmap_get(&m, &k[0], NULL));
	for (i = 0; i < 40; i++)
		for (j = 0; j < 50; j++)
			assert_int_equal(cbs_pmap_put(&m, &k[i], &k[j],
			    &k[i * 50 + j]), 0);
	assert_int_equal(cbs_pmap_put(&m, &k[3], &k[4], &k[1]), 0);
	for (i = 0; i < 40; i++)
		for (j = 0; j < 50; j++)
			assert_ptr_equal(cbs_pmap_get(&m, &k[i], &k[j]),
			    i == 3 && j == 4 ? &k[1] : &k[i * 50 + j]);
	assert_null(cbs_pmap_get(&m, &k[45], &k[0]));
	assert_null(cbs_pmap_get(&m, &k[0], NULL));
	assert_int_equal(m.index.count, 2000);
	/* Out of memory when the index must grow: the new entry is not
	 * there, the others are. */
	for (i = 0;; i++) {
		fail_next = 1;
		if (cbs_pmap_put(&m, &k[i], NULL, &k[i]) != 0)
			break;
		fail_next = 0;
	}
	fail_next = 0;
	assert_int_equal(m.index.count, 2000 + i);
	assert_null(cbs_pmap_get(&m, &k[i], NULL));
	for (j = 0; j < i; j++)
		assert_ptr_equal(cbs_pmap_get(&m, &k[j], NULL), &k[j]);
	assert_ptr_equal(cbs_pmap_get(&m, &k[39], &k[49]), &k[1999]);
	assert_int_equal(cbs_pmap_put(&m, &k[i], NULL, &k[i]), 0);
	assert_ptr_equal(cbs_pmap_get(&m, &k[i], NULL), &k[i]);
	cbs_pmap_free(&m);
	assert_null(cbs_pmap_get(&m, &k[0], &k[0]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_collisions),
		cmocka_unit_test(test_oom),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_intern),
		cmocka_unit_test(test_pmap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
