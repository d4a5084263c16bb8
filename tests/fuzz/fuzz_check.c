/*
 * fuzz_check.c: libFuzzer harness for -check.
 *
 * cbs_check_read over the bytes as a .diff file written by benchstat
 * or cbenchstat.
 * The body is fuzz_check_one in fuzz_targets.h, which
 * tests/test_fuzz_regressions.c replays too.  See README.md.
 */
#include "fuzz_targets.h"

FUZZ_ENTRY(check)
