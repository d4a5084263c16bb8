/*
 * fuzz_pipeline.c: libFuzzer harness for the whole pipeline.
 *
 * Two files split at the first NUL byte -> reader -> group (default
 * options) -> tables -> text, CSV, Markdown, JSON and HTML output ->
 * gate -> worst first -> HTML again, with -check reading the text output
 * back.
 * The body is fuzz_pipeline_one in fuzz_targets.h, which
 * tests/test_fuzz_regressions.c replays too.  See README.md.
 */
#include "fuzz_targets.h"

FUZZ_ENTRY(pipeline)
