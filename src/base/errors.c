/*
 * errors.c: the text of the library's error codes (enum cbs_error) and
 * of a diagnostic's place, for the messages callers print.
 */
#include <stdio.h>

#include "cbenchstat.h"

char *
cbs_diag_where(const struct cbs_diag *d, char *buf, size_t len)
{
	/* Line 0: an entry of a JSON input, which has no line of its own. */
	if (d->line > 0)
		snprintf(buf, len, "%s:%zu", d->file, d->line);
	else
		snprintf(buf, len, "%s", d->file);
	return buf;
}

const char *
cbs_strerror(int code)
{
	switch (code) {
	case CBS_OK:
		return "success";
	case CBS_ENOMEM:
		return "out of memory";
	case CBS_EIO:
		return "input/output error";
	case CBS_EPARSE:
		return "bad input";
	case CBS_EINVAL:
		return "invalid argument";
	default:
		return "unknown error";
	}
}
