/*
 * fuzz_check.c: libFuzzer harness for -check.
 *
 * cbs_check_read over the bytes as a .diff file written by benchstat
 * or cbenchstat.
 * The body is fuzz_check_one in fuzz_targets.h, which
 * tests/test_fuzz_regressions.c replays too.  See README.md.
 */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fuzz_check_one(data, size) != 0)
		fuzz_broken("fuzz_check");
	return 0;
}
