/*
 * target.c: what a -db target names (a SQLite file or a PostgreSQL
 * connection string), and the target as it may be shown, its password
 * starred (cbenchstat(1), HISTORY DATABASE).
 */
#include <stdio.h>
#include <string.h>

#include "cbenchstat.h"
#include "history/store.h"

/* libpq skips blanks (isspace) before a keyword, as here. */
static const char *
skip_blanks(const char *p)
{
	while (*p != '\0' && strchr(" \t\n\r\f\v", *p) != NULL)
		p++;
	return p;
}

int
cbs_history_is_server(const char *target)
{
	const char *p = skip_blanks(target);

	if (strncmp(p, "postgresql://", 13) == 0 ||
	    strncmp(p, "postgres://", 11) == 0)
		return 1;
	/* A libpq keyword string starts "keyword=" (or "keyword ="). */
	if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || *p == '_')
		p++;
	return *skip_blanks(p) == '=';
}

char *
cbs_history_redact(const char *target, char *buf, size_t len)
{
	if (!cbs_history_is_server(target))
		snprintf(buf, len, "%s", target);
	else
		(void)cbs_store_pg_shown(target, buf, len);
	return buf;
}
