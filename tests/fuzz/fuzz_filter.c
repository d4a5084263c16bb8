/*
 * fuzz_filter.c: libFuzzer harness for -filter queries.
 *
 * cbs_filter_parse on the bytes as a query; a query that
 * parses is applied (twice) to a few fixed results, then freed.
 * The body is fuzz_filter_one in fuzz_targets.h, which
 * tests/test_fuzz_regressions.c replays too.  See README.md.
 */
#include "fuzz_targets.h"

FUZZ_ENTRY(filter)
