/*
 * fuzz_hyperfine.c: libFuzzer harness for the hyperfine input reader.
 *
 * cbs_reader_read_input over the bytes as hyperfine, then again with format
 * detection; the body is fuzz_hyperfine_one in fuzz_targets.h, which
 * tests/test_fuzz_regressions.c replays too.  See README.md.
 */
#include "fuzz_targets.h"

FUZZ_ENTRY(hyperfine)
