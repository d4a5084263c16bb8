/*
 * testutil.h: small helpers shared by the cmocka unit tests.  Include it
 * after <cmocka.h>.  The functions are static inline so that a test that
 * does not use one is not warned about it.
 */
#ifndef CBS_TESTUTIL_H
#define CBS_TESTUTIL_H

#include <math.h>
#include <string.h>

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* Fail unless |got - want| <= rel * |want|. */
static inline void
check_rel(double got, double want, double rel, const char *what)
{
	if (!(fabs(got - want) <= rel * fabs(want))) {
		print_error("%s: got %.17g, want %.17g\n", what, got, want);
		fail();
	}
}

/* Fail unless got and want are the same double, bit for bit. */
static inline void
check_bits(double got, double want, const char *what)
{
	if (memcmp(&got, &want, sizeof(got)) != 0) {
		print_error("%s: got %.17g, want %.17g\n", what, got, want);
		fail();
	}
}

#endif /* CBS_TESTUTIL_H */
