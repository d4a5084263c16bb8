/*
 * store_pg.c: the history on a PostgreSQL server (placeholder until the
 * libpq back end lands).
 */
#include <stdio.h>

#include "history/store.h"

int
cbs_store_pg_open(const char *conninfo, int mode, struct cbs_store **out,
    char *err, size_t errlen)
{
	(void)conninfo;
	(void)mode;
	*out = NULL;
	snprintf(err, errlen, "this cbenchstat has no PostgreSQL back end");
	return CBS_EIO;
}
