/*
 * grow.c: the one growable-array step the library's and the program's
 * append loops share (cbs_grow, in include/cbenchstat.h): double the
 * capacity until it holds what is needed, with the overflow checks
 * written once; and cbs_resize (base/base.h), the same resize for an
 * array with a growth policy of its own.  The only realloc of an array
 * in src/ is here.
 */
#include <stdlib.h>

#include "cbenchstat.h"
#include "base/base.h"

int
cbs_resize(void *p, size_t *cap, size_t ncap, size_t size)
{
	void **pp = p, *np;

	if (size == 0 || ncap > (size_t)-1 / size ||
	    (np = realloc(*pp, ncap * size)) == NULL)
		return CBS_ENOMEM;
	*pp = np;
	*cap = ncap;
	return 0;
}

int
cbs_grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 8;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > (size_t)-1 / 2)
			return CBS_ENOMEM;
		ncap *= 2;
	}
	return cbs_resize(p, cap, ncap, size);
}
