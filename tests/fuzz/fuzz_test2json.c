/*
 * fuzz_test2json.c: libFuzzer harness for the test2json input reader.
 *
 * cbs_reader_read_input over the bytes as test2json, then again with format
 * detection; the body is fuzz_test2json_one in fuzz_targets.h, which
 * tests/test_fuzz_regressions.c replays too.  See README.md.
 */
#include "fuzz_targets.h"

FUZZ_ENTRY(test2json)
