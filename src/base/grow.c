/*
 * grow.c: the one growable-array step the library's append loops share
 * (declared in internal.h): double the capacity until it holds what is
 * needed, with the overflow checks written once.
 */
#include <stdlib.h>

#include "cbenchstat.h"
#include "base/base.h"

int
cbs_grow(void *p, size_t *cap, size_t need, size_t size)
{
	void **pp = p, *np;
	size_t ncap = *cap ? *cap : 8;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > (size_t)-1 / 2)
			return CBS_ENOMEM;
		ncap *= 2;
	}
	if (ncap > (size_t)-1 / size || (np = realloc(*pp, ncap * size)) ==
	    NULL)
		return CBS_ENOMEM;
	*pp = np;
	*cap = ncap;
	return 0;
}
