#!/bin/sh
# Upstream truth in make check: the conformance corpus of tests/conformance/
# (expected outputs produced by the real upstream benchstat, vendored from
# the project's shared corpus; see tests/conformance/VENDORED) run against
# the binary.  A missing or empty corpus is a failure, never a skip.
#
# usage: tests/conformance.sh BINARY
set -u
here=$(cd "$(dirname "$0")" && pwd)
corpus="$here/conformance"
if [ ! -x "$corpus/run" ] && [ ! -f "$corpus/run" ] ||
    [ -z "$(ls "$corpus/cases" 2>/dev/null)" ]; then
	echo "not ok conformance: the upstream corpus is missing from $corpus"
	exit 1
fi
# The shared corpus beside the checkout, where there is one, may be newer:
# say so, so the vendored copy is refreshed (cp -r, never edited by hand).
shared="$here/../../shared/conformance"
if [ -d "$shared/cases" ] &&
    ! diff -rq "$shared/cases" "$corpus/cases" >/dev/null 2>&1; then
	echo "# conformance: tests/conformance/cases differs from ../shared/conformance/cases;" \
	    "refresh the vendored copy"
fi
sh "$corpus/run" "$1"
