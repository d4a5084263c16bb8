/*
 * base/base.h: the utilities every stage shares: UTF-8, Go's float order
 * and number forms, the growth step, the arena and intern table, the hash
 * index and pointer-pair map, growing strings, the C-locale switch
 * (Go quoting, which the program uses too, is in include/cbenchstat.h).
 * Private to the library and its tests: only include/cbenchstat.h is
 * installed.
 */
#ifndef CBS_BASE_H
#define CBS_BASE_H

#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cbenchstat.h"

/* Decode one UTF-8 sequence at s[0..len); *rune gets the code point
 * (U+FFFD for an invalid byte). @return bytes consumed (>= 1). */
size_t cbs_utf8_decode(const char *s, size_t len, unsigned *rune);
/* @return 1 if s[0..len) is valid UTF-8. */
int cbs_utf8_valid(const char *s, size_t len);
/* @return the number of code points in s (as Go's RuneCountInString). */
size_t cbs_utf8_count(const char *s);
/* The same over s[0..len), which may hold NUL bytes. */
size_t cbs_utf8_count_n(const char *s, size_t len);
/* Write the non-ASCII UTF-8 sequence at s[0..len) to out, as it is when
 * valid, as U+FFFD when it is an invalid byte (or, with no_c1, a C1
 * control, U+0080..U+009F, which HTML forbids): every writer of text
 * for other programs shows what is not UTF-8 alike.
 * @return the bytes consumed (>= 1). */
size_t cbs_utf8_put(FILE *out, const char *s, size_t len, int no_c1);
/* Go's unicode.IsSpace, IsUpper, IsLower and IsGraphic, for the runes
 * benchmark files contain (ASCII and Latin-1 exact; others approximate
 * through the C library is avoided, so tables cover what Go covers). */
int cbs_rune_is_space(unsigned r);
int cbs_rune_is_upper(unsigned r);
int cbs_rune_is_lower(unsigned r);
int cbs_rune_is_graphic(unsigned r);

/* Go's %.*f (with plus: %+.*f), including "NaN", "+Inf", "-Inf".
 * @return buf. */
char *cbs_fmt_go_fixed(double v, int prec, int plus, char *buf, size_t len);

/* Go's float64 order for sort.Float64s: ascending, NaNs first.
 * Inline: the samples' sorts call it in their inner loops. */
static inline int
cbs_float64_cmp(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(b) - isnan(a);
	return (a > b) - (a < b);
}

/* cbs_float64_cmp for qsort on an array of doubles: NaNs first, as one
 * tie group (upstream's sort loops forever on NaN). */
static inline int
cbs_float64_qsort_cmp(const void *pa, const void *pb)
{
	return cbs_float64_cmp(*(const double *)pa, *(const double *)pb);
}

/* Go's math.Float64frombits and math.Float64bits (gomath.c and its
 * test spell doubles by their bits). */
static inline double
cbs_from_bits(uint64_t u)
{
	double d;

	memcpy(&d, &u, sizeof(d));
	return d;
}

static inline uint64_t
cbs_to_bits(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return u;
}

/* Go's x == 0: false for NaN. */
static inline int
cbs_go_is_zero(double x)
{
	return !(x < 0 || x > 0) && !isnan(x);
}

/* Go's a == b: false when either is NaN. */
static inline int
cbs_go_equal(double a, double b)
{
	return !(a < b) && !(a > b) && !isnan(a) && !isnan(b);
}

/*
 * cbs_grow (include/cbenchstat.h) without its doubling: resize the
 * malloc'ed array *p to exactly ncap elements of size bytes, for an
 * array whose own growth policy picks ncap (grow.c).  *p and *cap are
 * unchanged on failure.
 * @return 0 or CBS_ENOMEM.
 */
int cbs_resize(void *p, size_t *cap, size_t ncap, size_t size) CBS_WUR;

/*
 * Read fp to its end (readall.c), appending to the malloc'ed buffer
 * *buf, which holds *len bytes in room for *cap (all zero to start): on
 * return buf[*len] is still room for a NUL.  On failure *buf stays the
 * caller's to free, with what was read.
 * @return 0, CBS_ENOMEM, or CBS_EIO with errno as the failed read set
 * it, for the caller's message.
 */
int cbs_read_all(FILE *fp, char **buf, size_t *len, size_t *cap) CBS_WUR;

/* cbs_arena_alloc of n zeroed objects of size bytes. @return them, or
 * NULL when out of memory. */
void *cbs_arena_calloc(struct cbs_arena *a, size_t n, size_t size);

/* Have fn(p) called when the arena is freed, before its memory goes.
 * @return 0 or CBS_ENOMEM. */
int cbs_arena_on_free(struct cbs_arena *a, void (*fn)(void *), void *p);
/* Make p, from malloc, the arena's: freed with it. @return 0 or
 * CBS_ENOMEM (p is then still the caller's). */
int cbs_arena_adopt(struct cbs_arena *a, void *p);

/*
 * cbs_intern for a stream of strings that tends to repeat in the same
 * order: *last is the string this stream interned before (NULL at
 * first), and the string that followed it last time is tried before the
 * table.  *last becomes the result. @return as cbs_intern.
 */
const char *cbs_intern_next(struct cbs_intern *t, const char **last,
    const char *s, size_t len);

/*
 * The hash index (htab.c): open addressing, at most 3/4 full, over
 * slots of the caller's type, whose first member is a pointer, NULL in
 * an empty slot.  All zeros is an empty table.  The caller walks the
 * probe sequence of its key's hash h on its own slot type:
 *
 *	struct my_slot *slots = t->slots;
 *
 *	for (i = cbs_htab_first(t, h); i != CBS_HTAB_NONE &&
 *	    slots[i].p != NULL; i = cbs_htab_next(t, i))
 *		if (my_equal(&slots[i], key))
 *			return &slots[i];
 *	if (cbs_htab_put(t, i, h, &new_item, sizeof(new_item), my_hash,
 *	    ctx) != 0) ...
 */
struct cbs_htab {
	void *slots;
	size_t cap;		/* 0 or a power of two */
	size_t count;
};

#define CBS_HTAB_NONE	SIZE_MAX

/* The one hash of the hash tables (htab.c): len bytes at p, mixed so
 * that the low bits, which pick the slot, depend on every byte. */
uint64_t cbs_hash_bytes(const void *p, size_t len);
/* Mix h (a sum or product of pointers or sizes, whose low bits may be
 * constant) so that every bit of it reaches the low bits (murmur3's
 * fmix64). */
static inline uint64_t
cbs_hash_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ULL;
	h ^= h >> 33;
	return h;
}

void cbs_htab_init(struct cbs_htab *t);
void cbs_htab_free(struct cbs_htab *t);

/* @return the first slot to look at for hash h, CBS_HTAB_NONE in an
 * empty table. */
static inline size_t
cbs_htab_first(const struct cbs_htab *t, uint64_t h)
{
	return t->cap == 0 ? CBS_HTAB_NONE : (size_t)(h & (t->cap - 1));
}

/* @return the slot after i on its probe sequence. */
static inline size_t
cbs_htab_next(const struct cbs_htab *t, size_t i)
{
	return (i + 1) & (t->cap - 1);
}

/*
 * Copy item (a slot of size bytes, its first pointer set) with hash h
 * into slot i, the empty slot (or CBS_HTAB_NONE) a probe for a key not
 * in t ended on; if t must grow, hash(ctx, s) gives the hash of the item
 * at each slot s again.  Moves the items when it grows.
 * @return 0, or CBS_ENOMEM with t unchanged.
 */
int cbs_htab_put(struct cbs_htab *t, size_t i, uint64_t h, const void *item,
    size_t size, uint64_t (*hash)(const void *, const void *),
    const void *ctx);

/* A map from a pair of pointers to a non-NULL pointer (pmap.c). */
struct cbs_pmap_slot {
	void *val;		/* NULL: empty */
	const void *a;
	const void *b;
};

struct cbs_pmap {
	struct cbs_htab index;	/* of cbs_pmap_slot */
};

void cbs_pmap_init(struct cbs_pmap *m);
void cbs_pmap_free(struct cbs_pmap *m);
/* @return the value stored for (a, b), or NULL. */
void *cbs_pmap_get(const struct cbs_pmap *m, const void *a, const void *b);
/* Store val (not NULL) for (a, b). @return 0 or CBS_ENOMEM. */
int cbs_pmap_put(struct cbs_pmap *m, const void *a, const void *b,
    void *val);

/* Go's fmt %v of a float64 (shortest representation that round-trips,
 * exponent form outside [1e-4, 1e6)). @return buf. */
char *cbs_fmt_go_float(double v, char *buf, size_t len);

/*
 * c_numeric.c: switch the calling thread to the C locale, so that printf
 * writes "1.5" whatever the program's LC_NUMERIC; *saved gets what to
 * restore with cbs_c_numeric_leave (which ignores (locale_t)0).
 * @return 0, or CBS_ENOMEM when the C locale could not be made (then
 * nothing changed).
 */
int cbs_c_numeric_enter(locale_t *saved);
void cbs_c_numeric_leave(locale_t saved);

/* The value of hexadecimal digit c, or -1. */
static inline int
cbs_unhex(unsigned c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (int)(c - 'A' + 10);
	return -1;
}

/* A growing NUL-ended string; nomem sticks once an allocation fails. */
struct cbs_sbuf {
	char *p;
	size_t len;
	size_t cap;
	int nomem;
};

void cbs_sbuf_add(struct cbs_sbuf *b, const char *s, size_t n);
void cbs_sbuf_str(struct cbs_sbuf *b, const char *s);
void cbs_sbuf_byte(struct cbs_sbuf *b, unsigned c);
/* Append the UTF-8 encoding of r. */
void cbs_sbuf_rune(struct cbs_sbuf *b, unsigned r);

#endif /* CBS_BASE_H */
