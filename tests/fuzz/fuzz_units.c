/*
 * fuzz_units.c: libFuzzer harness for units and numbers.
 *
 * cbs_unit_tidy and cbs_unit_class_of on the bytes as a unit,
 * cbs_parse_go_float on them as a literal, and cbs_unit_common_scale,
 * cbs_unit_format and cbs_fmt_go_float on them as raw doubles.
 * The body is fuzz_units_one in fuzz_targets.h, which
 * tests/test_fuzz_regressions.c replays too.  See README.md.
 */
#include "fuzz_targets.h"

FUZZ_ENTRY(units)
