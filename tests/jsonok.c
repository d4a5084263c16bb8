/*
 * jsonok.c: strict JSON validity and values for the shell tests
 * (tests/cli.sh, tests/history.sh), by jansson through tests/jsonok.h,
 * so that they need no Python or jq.
 *
 * usage: jsonok FILE [POINTER | #POINTER] ...
 *
 * Exit 0 when FILE is strict JSON (jsonok.h), printing for each POINTER
 * (RFC 6901, "/tables/0/unit") the value there as compact JSON, keys
 * sorted, one a line; "#POINTER" prints the number of members of the
 * array or object there.  Exit 1 with a message on the standard error
 * naming the file and where it goes wrong, or the pointer that leads
 * nowhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonok.h"

/* Print what arg asks for. @return 0, or 1 when nothing is there. */
static int
show(json_t *doc, const char *arg)
{
	json_t *v;
	char *s;

	if (arg[0] == '#') {
		v = jsonok_at(doc, arg + 1);
		if (!json_is_array(v) && !json_is_object(v))
			return 1;
		printf("%zu\n", json_is_array(v) ? json_array_size(v) :
		    json_object_size(v));
		return 0;
	}
	if ((s = jsonok_text(doc, arg)) == NULL)
		return 1;
	printf("%s\n", s);
	free(s);
	return 0;
}

int
main(int argc, char **argv)
{
	json_error_t e;
	json_t *doc;
	int i, rc = 0;

	if (argc < 2) {
		fputs("usage: jsonok FILE [POINTER | #POINTER] ...\n", stderr);
		return 2;
	}
	/* jsonok_load's flags, on the file itself. */
	if ((doc = json_load_file(argv[1], JSONOK_FLAGS, &e)) == NULL) {
		fprintf(stderr, "jsonok: %s: not strict JSON: line %d, column "
		    "%d: %s\n", argv[1], e.line, e.column, e.text);
		return 1;
	}
	for (i = 2; i < argc && rc == 0; i++)
		if ((rc = show(doc, argv[i])) != 0)
			fprintf(stderr, "jsonok: %s: nothing at %s\n", argv[1],
			    argv[i]);
	json_decref(doc);
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = 1;
	return rc;
}
