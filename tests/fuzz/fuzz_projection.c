/*
 * fuzz_projection.c: libFuzzer harness for projections (-table, -row,
 * -col, -ignore).
 *
 * cbs_projection_parse on the bytes, then cbs_group_new with the bytes
 * split at newlines into -table, -row, -col, -ignore and -filter, over
 * fixed results whose tables are built and printed.
 * The body is fuzz_projection_one in fuzz_targets.h, which
 * tests/test_fuzz_regressions.c replays too.  See README.md.
 */
#include "fuzz_targets.h"

FUZZ_ENTRY(projection)
