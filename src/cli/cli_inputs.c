/*
 * cli_inputs.c: the command line's input arguments ("path", "label=path",
 * "-") as the inputs the CLI opens and labels (upstream benchfmt.Files'
 * argument handling).  Part of the program, not of libcbenchstat.a: the
 * library reads streams it is given and never sees argv.
 */
#include <stdio.h>
#include <string.h>

#include "cbenchstat.h"
#include "cli_inputs.h"

static const char *
label_disambiguated(struct cbs_arena *a, const char *path, size_t n)
{
	char buf[32];
	size_t plen = strlen(path), blen;
	char *s;

	blen = (size_t)snprintf(buf, sizeof(buf), "#%zu", n);
	if ((s = cbs_arena_alloc(a, plen + blen + 1)) == NULL)
		return NULL;
	memcpy(s, path, plen);
	memcpy(s + plen, buf, blen + 1);
	return s;
}

int
cbs_inputs_from_args(struct cbs_arena *a, char *const *args, size_t n,
    struct cbs_input **out, size_t *nout)
{
	struct cbs_input *in;
	size_t i, j, count, seen;
	const char *eq;

	if ((in = cbs_arena_alloc(a, (n ? n : 1) * sizeof(*in))) == NULL)
		return CBS_ENOMEM;
	if (n == 0) {
		in[0].path = in[0].label = "-";
		in[0].is_stdin = 1;
		*out = in;
		*nout = 1;
		return 0;
	}
	for (i = 0; i < n; i++) {
		eq = strchr(args[i], '=');
		in[i].path = eq ? eq + 1 : args[i];
		in[i].label = eq ? cbs_arena_strndup(a, args[i],
		    (size_t)(eq - args[i])) : args[i];
		if (in[i].label == NULL)
			return CBS_ENOMEM;
		in[i].is_stdin = strcmp(in[i].path, "-") == 0;
	}
	/* The same unlabelled path twice becomes "path#0", "path#1". */
	for (i = 0; i < n; i++) {
		if (strchr(args[i], '=') != NULL)
			continue;
		for (count = 0, j = 0; j < n; j++)
			if (strchr(args[j], '=') == NULL &&
			    strcmp(args[j], args[i]) == 0)
				count++;
		if (count < 2)
			continue;
		for (seen = 0, j = 0; j < i; j++)
			if (strchr(args[j], '=') == NULL &&
			    strcmp(args[j], args[i]) == 0)
				seen++;
		if ((in[i].label = label_disambiguated(a, args[i],
		    seen)) == NULL)
			return CBS_ENOMEM;
	}
	*out = in;
	*nout = n;
	return 0;
}
