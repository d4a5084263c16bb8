/*
 * failnew.cc: the global operator new of a test program, made to fail on
 * demand.  RE2 allocates through it (the library's C code does not), so
 * a test can make RE2 run out of memory inside a match: the only way RE2
 * fails once a pattern compiled, and one no pattern can be chosen for.
 */
#include <cstdlib>
#include <new>

#include "failnew.h"

static int failing;

extern "C" void
test_failnew(int on)
{
	failing = on;
}

void *
operator new(std::size_t n)
{
	void *p;

	if (failing || (p = std::malloc(n != 0 ? n : 1)) == nullptr)
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
