/*
 * jsonok.c: a strict JSON check for the shell tests, so that they need
 * no Python: jansson loads the file whole (valid UTF-8 only, no
 * duplicate member, nothing after the document) and the program says
 * where it failed.
 *
 * usage: jsonok FILE (exit 0: valid; 1: not, the reason on stderr)
 */
#include <stdio.h>

#include <jansson.h>

int
main(int argc, char **argv)
{
	json_error_t e;
	json_t *doc;

	if (argc != 2) {
		fprintf(stderr, "usage: jsonok FILE\n");
		return 2;
	}
	if ((doc = json_load_file(argv[1], JSON_REJECT_DUPLICATES, &e)) ==
	    NULL) {
		fprintf(stderr, "%s:%d:%d: %s\n", argv[1], e.line, e.column,
		    e.text);
		return 1;
	}
	json_decref(doc);
	return 0;
}
