/*
 * cli_inputs.h: the CLI's input arguments (cli_inputs.c), shared by main.c and
 * tests/test_reader.c.  Not installed: argv is the program's business.
 */
#ifndef CBS_CLI_INPUTS_H
#define CBS_CLI_INPUTS_H

#include <stddef.h>

#include "cbenchstat.h"

/* One input argument: "path", "label=path" or "-" (standard input). */
struct cbs_input {
	const char *path;
	const char *label;
	int is_stdin;
};

/*
 * Turn command-line input arguments into inputs, as upstream does: a
 * path given more than once without a label becomes "path#0", "path#1".
 * No arguments at all means standard input.
 * @return 0 or CBS_ENOMEM; *out is allocated from a.
 */
int cbs_inputs_from_args(struct cbs_arena *a, char *const *args, size_t n,
    struct cbs_input **out, size_t *nout) CBS_WUR;

#endif /* CBS_CLI_INPUTS_H */
