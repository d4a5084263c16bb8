/*
 * extract.c: benchmark-name anatomy and key extraction, shared by the
 * filter and the projections (upstream benchfmt.Name and benchproc's
 * extractors).
 *
 * A full name is "Base/key=value/positional-N": the base name, then
 * sub-benchmark parts each starting with '/', then an optional "-N"
 * GOMAXPROCS suffix, which only counts when it ends the name.
 */
#include <string.h>

#include "cbenchstat.h"
#include "query/query.h"

size_t
cbs_name_strip_procs_len(const char *name, size_t len)
{
	size_t i;

	for (i = len; i > 0; i--) {
		char c = name[i - 1];

		if (c == '-' && i < len)
			return i - 1;
		if (c < '0' || c > '9')
			break;
	}
	return len;
}

size_t
cbs_name_base_len(const char *name, size_t len)
{
	const char *slash = memchr(name, '/', len);

	if (slash != NULL)
		return (size_t)(slash - name);
	return cbs_name_strip_procs_len(name, len);
}

/*
 * Find sub-benchmark part "/key=" and return its value.  "/gomaxprocs"
 * also reads the "-N" suffix, which takes precedence.
 */
static size_t
extract_subkey(const struct cbs_result *r, const char *key, const char **val)
{
	size_t len = r->name_len, plen, keylen = strlen(key);
	size_t stripped = cbs_name_strip_procs_len(r->name, len);
	size_t i, start, end;

	if (strcmp(key, "/gomaxprocs") == 0 && stripped < len) {
		*val = r->name + stripped + 1;
		return len - stripped - 1;
	}
	/* Parts begin at each '/' of the name without its suffix. */
	for (i = 0; i < stripped; i = end) {
		start = i;
		end = start + 1;
		while (end < stripped && r->name[end] != '/')
			end++;
		if (r->name[start] != '/')
			continue;
		plen = end - start;
		if (plen > keylen && memcmp(r->name + start, key, keylen) == 0 &&
		    r->name[start + keylen] == '=') {
			*val = r->name + start + keylen + 1;
			return plen - keylen - 1;
		}
	}
	*val = "";
	return 0;
}

size_t
cbs_extract(const struct cbs_result *r, const char *key, const char **val)
{
	size_t i;

	if (strcmp(key, ".name") == 0) {
		*val = r->name;
		return cbs_name_base_len(r->name, r->name_len);
	}
	if (strcmp(key, ".fullname") == 0) {
		*val = r->name;
		return r->name_len;
	}
	if (key[0] == '/')
		return extract_subkey(r, key, val);
	for (i = 0; i < r->nconfig; i++) {
		if (strcmp(r->config[i].key, key) == 0) {
			*val = r->config[i].value;
			return strlen(*val);
		}
	}
	*val = "";
	return 0;
}
