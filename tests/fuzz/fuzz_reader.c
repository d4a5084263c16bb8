/*
 * fuzz_reader.c: libFuzzer harness for the benchmark format reader.
 *
 * cbs_reader_read over the bytes (twice, as two files), with callbacks
 * that touch every field of every result and diagnostic.
 * The body is fuzz_reader_one in fuzz_targets.h, which
 * tests/test_fuzz_regressions.c replays too.  See README.md.
 */
#include "fuzz_targets.h"

FUZZ_ENTRY(reader)
