/*
 * cli_out.c: output held back until it is whole (cli_out.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cbenchstat.h"
#include "cli_out.h"

long
cli_stdout_whole(long (*produce)(FILE *out, void *ctx), void *ctx)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	long n;

	if (mem == NULL)
		return CBS_ENOMEM;
	n = produce(mem, ctx);
	if (fclose(mem) != 0 && n >= 0)
		n = CBS_ENOMEM;
	/* A failed write to stdout is close_stdout's to report. */
	if (n >= 0 && len > 0)
		fwrite(buf, 1, len, stdout);
	free(buf);
	return n;
}
