#!/bin/sh
# Memcheck over a representative subset of the golden cases: every stage
# (reader, filter with regexps, projections, statistics, each format, the
# gate, -check, -o) must run with no memory error and no leak of any kind.
#
# usage: tests/valgrind.sh BINARY
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
if ! command -v valgrind >/dev/null 2>&1; then
	echo "ok valgrind # SKIP valgrind not installed"
	exit 0
fi
cases="example example-csv markdown json malformed configs exact
	gate-regression gate-better-metadata check-v1 check-upstream-three-columns
	check-csv check-markdown check-json check-json-malformed check-empty-second
	same-file-twice err-missing-file input-go-t2j-three input-gbench-gate
	input-hyperfine-col input-t2j-interleaved input-json-truncated
	input-json-unknown"
pass=0 fail=0
for name in $cases; do
	args=$(cat "$here/testdata/$name.args")
	# Word splitting of $args is intended.
	( cd "$here/testdata" && unset THRESHOLD_PERCENT && eval "exec valgrind \
		-q --error-exitcode=99 --leak-check=full --show-leak-kinds=all \
		--errors-for-leak-kinds=all \"\$bin\" $args" ) \
		>/dev/null 2>"$tmp/err" </dev/null
	if [ $? = 99 ]; then
		echo "not ok valgrind $name"; sed 's/^/# /' "$tmp/err" | head -30
		fail=$((fail+1))
	else
		echo "ok valgrind $name"; pass=$((pass+1))
	fi
done
( cd "$here/testdata" && valgrind -q --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=all --errors-for-leak-kinds=all "$bin" \
	-o "$tmp/out.diff" example-old.txt example-new.txt ) 2>"$tmp/err"
if [ $? = 99 ]; then echo "not ok valgrind -o"; fail=$((fail+1))
else echo "ok valgrind -o"; pass=$((pass+1)); fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
