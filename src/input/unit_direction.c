/*
 * unit_direction.c: which way is better for a unit: its "Unit ...
 * better=higher|lower" metadata when the reader has one, else its name
 * (a rate, anything per second, is better higher; time, bytes and
 * allocations per op, sizes, lower).  The gate, the change points and
 * -check take a unit's direction from here alone.
 */
#include <string.h>

#include "cbenchstat.h"
#include "input/input.h"

/* A rate is anything per second: "B/s", "MB/s", "ops/s", "x/sec". */
static int
unit_is_rate(const char *unit)
{
	const char *slash = strrchr(unit, '/');

	if (slash == NULL)
		return 0;
	slash++;
	return strcmp(slash, "s") == 0 || strcmp(slash, "sec") == 0 ||
	    strcmp(slash, "second") == 0 || strcmp(slash, "ns") == 0;
}

int
cbs_unit_better_by_name(const char *unit)
{
	return unit_is_rate(unit) ? CBS_BETTER_HIGHER : CBS_BETTER_LOWER;
}

int
cbs_unit_is_memory(const struct cbs_reader *units, const char *unit)
{
	const char *meta = units ? cbs_reader_unit_meta(units, unit,
	    "memory") : NULL;

	if (meta != NULL && (strcmp(meta, "yes") == 0 ||
	    strcmp(meta, "no") == 0))
		return strcmp(meta, "yes") == 0;
	return strcmp(unit, "B/op") == 0 || strcmp(unit, "allocs/op") == 0;
}

/* The direction of a unit: its "better=" metadata, else its name. */
int
cbs_unit_better(const struct cbs_reader *units, const char *unit)
{
	const char *meta = units ? cbs_reader_unit_meta(units, unit,
	    "better") : NULL;

	if (meta != NULL && strcmp(meta, "higher") == 0)
		return CBS_BETTER_HIGHER;
	if (meta != NULL && strcmp(meta, "lower") == 0)
		return CBS_BETTER_LOWER;
	return cbs_unit_better_by_name(unit);
}
