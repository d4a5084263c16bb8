#!/bin/sh
# -filter when RE2 runs out of memory: a run fails at each of RE2's
# allocations in turn (its own step of make check, beside hostile.sh:
# about a hundred runs of the program).
#
# usage: tests/filter_nomem.sh BINARY
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
. "$(dirname "$0")/tap.sh"

# RE2 out of memory at each of its allocations in turn, in a run with a
# -filter regexp (tests/failnew.cc, built as failnew_preload.so, fails
# operator new after CBS_TEST_NEW_BUDGET allocations): every run prints
# the whole table or fails with "out of memory" (exit 1), and running out
# while matching names -filter.  A benchmark was dropped as "no match"
# (exit 0) before.
# Where the preload cannot replace operator new (a runtime linked into
# the program defines it), no run fails, and the test skips.
so=$(dirname "$bin")/tests/failnew_preload.so
printf 'BenchmarkAlpha 1 10 ns/op\nBenchmarkBeta 1 20 ns/op\nBenchmarkGamma 1 30 ns/op\n' \
    >"$tmp/re.txt"
re_run() {	# budget (ASan lets a preload come before its runtime)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
	CBS_TEST_NEW_BUDGET=$1 LD_PRELOAD=$so timeout 20 "$bin" \
	    -filter '.name:/Alpha|Beta/' "$tmp/re.txt" >"$tmp/out" \
	    2>"$tmp/err" </dev/null
	st=$?
}
"$bin" -filter '.name:/Alpha|Beta/' "$tmp/re.txt" >"$tmp/re.want"
re_run 0
if [ ! -f "$so" ]; then
	not_ok filter-re2-nomem "no $so"
elif [ $st = 0 ]; then
	echo "ok filter-re2-nomem # SKIP operator new cannot be replaced here"
else
	n=0 bad= named=0
	while [ $n -lt 5000 ]; do
		re_run $n
		if [ $st = 0 ]; then
			cmp -s "$tmp/out" "$tmp/re.want" ||
			    bad="budget $n: exit 0, another table"
			break
		fi
		# (RE2 may have begun a log line of its own: not "^".)
		if [ $st != 1 ] || ! grep -q 'cbenchstat: out of memory$' \
		    "$tmp/err"; then
			bad="budget $n: exit $st: $(head -c 200 "$tmp/err")"
			break
		fi
		grep -q '^cbenchstat: -filter ".name:/Alpha|Beta/": a regexp could not be matched: out of memory$' \
		    "$tmp/err" && named=1
		n=$((n + 1))
	done
	if [ -z "$bad" ] && [ $st = 0 ] && [ $named = 1 ]
	then ok filter-re2-nomem
	else not_ok filter-re2-nomem "${bad:-exit $st after $n, -filter named: $named}"; fi
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
