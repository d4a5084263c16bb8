/*
 * errors.c: the text of the library's error codes (enum cbs_error), for
 * the messages callers print.
 */
#include "cbenchstat.h"

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
