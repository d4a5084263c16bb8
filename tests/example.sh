#!/bin/sh
# The public header is enough to embed the library: run examples/compare
# (built against include/cbenchstat.h alone) on the shipped example and
# compare its tables and regression lines with examples/compare.expected.
#
# usage: tests/example.sh COMPARE
bin=$1
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT
"$bin" 5 testdata/example-old.txt testdata/example-new.txt >"$tmp"
rc=$?
if [ "$rc" != 2 ]; then
	echo "not ok example: exit status $rc, want 2 (regressions found)"
	exit 1
fi
if ! diff -u examples/compare.expected "$tmp"; then
	echo "not ok example: output differs from examples/compare.expected"
	exit 1
fi
echo "ok example"
