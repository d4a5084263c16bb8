/*
 * cli_out.h: output the program holds back until it is whole
 * (cli_out.c), shared by main.c (-check) and cmd_history.c (history).
 */
#ifndef CBS_CLI_OUT_H
#define CBS_CLI_OUT_H

#include <stdio.h>

/*
 * Run produce(out, ctx) on a stream in memory, then copy what it wrote
 * to stdout only if it succeeded (returned >= 0): an error found late
 * (a file cut short, a database changed while read) leaves stdout
 * empty, as every error does and as -o leaves its file untouched.
 * @return what produce returned, or CBS_ENOMEM.
 */
long cli_stdout_whole(long (*produce)(FILE *out, void *ctx), void *ctx);

#endif /* CBS_CLI_OUT_H */
