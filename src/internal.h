/*
 * internal.h: declarations shared between library modules but not part
 * of the public API (style(9)'s "extern.h").
 */
#ifndef CBS_INTERNAL_H
#define CBS_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cbenchstat.h"

/* Decode one UTF-8 sequence at s[0..len); *rune gets the code point
 * (U+FFFD for an invalid byte). @return bytes consumed (>= 1). */
size_t cbs_utf8_decode(const char *s, size_t len, unsigned *rune);
/* @return 1 if s[0..len) is valid UTF-8. */
int cbs_utf8_valid(const char *s, size_t len);
/* @return the number of code points in s (as Go's RuneCountInString). */
size_t cbs_utf8_count(const char *s);
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

/* The table outputs (fmt_text.c, fmt_csv.c) and the CSV reader
 * (check_csv.c) lay a table out as one label column, the base column's
 * center_cols, then center_cols + delta_cols per further column.
 * @return the first column of table column col (fmt_cell.c). */
size_t cbs_fmt_start_col(size_t col, size_t center_cols,
    size_t delta_cols);

/*
 * Grow the malloc'ed array *p (any T **, passed as void *) of *cap
 * elements of size bytes to hold at least need, doubling from at least
 * 8; *p and *cap are unchanged on failure (grow.c).
 * @return 0 or CBS_ENOMEM.
 */
int cbs_grow(void *p, size_t *cap, size_t need, size_t size);

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

/* A map from a pair of pointers to a non-NULL pointer (pmap.c). */
struct cbs_pmap_slot {
	const void *a;
	const void *b;
	void *val;
};

struct cbs_pmap {
	struct cbs_pmap_slot *slots;
	size_t cap;
	size_t count;
};

void cbs_pmap_init(struct cbs_pmap *m);
void cbs_pmap_free(struct cbs_pmap *m);
/* @return the value stored for (a, b), or NULL. */
void *cbs_pmap_get(const struct cbs_pmap *m, const void *a, const void *b);
/* Store val (not NULL) for (a, b). @return 0 or CBS_ENOMEM. */
int cbs_pmap_put(struct cbs_pmap *m, const void *a, const void *b,
    void *val);

/*
 * Go's math.Log and math.Exp, bit for bit as the Go toolchain computes
 * them on amd64 (gomath.c): geomeans are printed in full in CSV output,
 * and the C library's log and exp differ from Go's in the last bit.
 */
double cbs_go_log(double x);
double cbs_go_exp(double x);
/* go-moremath stats.GeoMean: exp of the running mean of logs; NaN when
 * n == 0 or some x[i] <= 0. */
double cbs_go_geomean(const double *x, size_t n);

/* A table's footnotes, numbered from 1 in order of first use (notes.c). */
struct cbs_notes {
	const char **msgs;
	size_t n, cap;
	int oom;		/* a number could not be recorded */
};

/* @return the number of msg, adding it when new. */
size_t cbs_notes_number(struct cbs_notes *nt, const char *msg);
/* Free the list and reset nt to empty. */
void cbs_notes_free(struct cbs_notes *nt);

#endif /* CBS_INTERNAL_H */
