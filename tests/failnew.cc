/*
 * failnew.cc: a global operator new made to fail, for RE2, which
 * allocates through it (the library's C code does not).  Running out of
 * memory inside a match is the only way RE2 fails once a pattern
 * compiled, and one no pattern can be chosen for.  Two uses, one source:
 *  - linked into a test program (test_filter), which calls
 *    test_failnew(1) to make it throw and test_failnew(0) to stop;
 *  - built as failnew_preload.so and preloaded into cbenchstat by
 *    tests/filter_nomem.sh: it throws once CBS_TEST_NEW_BUDGET
 *    allocations have succeeded, so RE2 runs out of memory at each point
 *    of a run in turn.  Without the variable it never fails.
 */
#include <cstdlib>
#include <new>

#include "failnew.h"

static int failing;
static long budget = -2;	/* -2: not read yet; -1: no limit */

extern "C" void
test_failnew(int on)
{
	failing = on;
}

/* @return whether one more allocation may succeed. */
static bool
spend()
{
	const char *s;

	if (failing)
		return false;
	if (budget == -2) {
		s = std::getenv("CBS_TEST_NEW_BUDGET");
		budget = s != nullptr ? std::atol(s) : -1;
	}
	if (budget == 0)
		return false;
	if (budget > 0)
		budget--;
	return true;
}

void *
operator new(std::size_t n)
{
	void *p;

	if (!spend() || (p = std::malloc(n != 0 ? n : 1)) == nullptr)
		throw std::bad_alloc();
	return p;
}

void
operator delete(void *p) noexcept
{
	std::free(p);
}

void
operator delete(void *p, std::size_t) noexcept
{
	std::free(p);
}
