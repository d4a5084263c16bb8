/*
 * c_numeric.c: the C locale's numbers for the library's output, whatever
 * the calling program chose.
 *
 * printf writes the radix character of LC_NUMERIC: a program that calls
 * setlocale(LC_ALL, "") in Germany would get "+19,51%" in the tables,
 * JSON that no parser reads, and lines that -check cannot parse back.
 * Each public function that writes numbers switches its own thread to
 * the C locale with uselocale(3) and back before it returns, so the
 * caller's setting is left alone (also for its other threads).
 */
#include <locale.h>
#include <pthread.h>

#include "cbenchstat.h"
#include "base/base.h"

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

/* Made once and kept for the life of the process. */
static void
make_c_locale(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

int
cbs_c_numeric_enter(locale_t *saved)
{
	*saved = (locale_t)0;
	if (pthread_once(&c_locale_once, make_c_locale) != 0 ||
	    c_locale == (locale_t)0)
		return CBS_ENOMEM;
	*saved = uselocale(c_locale);
	return 0;
}

void
cbs_c_numeric_leave(locale_t saved)
{
	if (saved != (locale_t)0)
		uselocale(saved);
}
