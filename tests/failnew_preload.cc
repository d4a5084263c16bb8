/*
 * failnew_preload.cc: preloaded into cbenchstat by tests/hostile.sh.
 * Its operator new fails (std::bad_alloc) once CBS_TEST_NEW_BUDGET
 * allocations have succeeded, so RE2, which allocates through it, runs
 * out of memory at each point of a run in turn, in the program as it
 * is used.  Without the variable it never fails.
 */
#include <cstdlib>
#include <new>

static long budget = -2;	/* -2: not read yet; -1: no limit */

static bool
spend()
{
	const char *s;

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
