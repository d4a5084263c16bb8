#!/bin/sh
# CI: make the input fixtures afresh with the installed tools
# (scripts/make-input-fixtures.sh) and check that cbenchstat still reads
# what they write today: the rows and units each fixture should give.
# A tool that is missing is skipped ("skip ..."), so this runs anywhere;
# .ci/run installs golang-go, libbenchmark-dev and hyperfine.
#
# usage: tests/inputs_fresh.sh BINARY
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/tap.sh"

sh "$here/scripts/make-input-fixtures.sh" "$tmp/fx" | sed 's/^/# /'

# rows FILE FORMAT: "rows units" that cbenchstat finds in FILE read as
# FORMAT, from the CSV output (one row per benchmark and unit).
rows() {
	"$bin" -input-format "$2" -format csv "$1" 2>/dev/null |
	awk -F, '$1 == "" && $3 == "CI" { unit++ }
	    $1 != "" && $1 != "geomean" && NF > 2 { n++ }
	    END { print n + 0, unit + 0 }'
}

check() {	# name file format want-rows want-units
	if [ ! -f "$2" ]; then
		echo "ok $1 # SKIP not made"
		return
	fi
	got=$(rows "$2" "$3")
	if [ "$got" = "$4 $5" ]; then ok "$1"
	else not_ok "$1" "got rows/units $got, want $4 $5"; fi
	# Detection finds the same format.
	"$bin" -format csv "$2" >"$tmp/auto" 2>/dev/null
	"$bin" -input-format "$3" -format csv "$2" >"$tmp/forced" 2>/dev/null
	if cmp -s "$tmp/auto" "$tmp/forced"; then ok "$1-detected"
	else not_ok "$1-detected"; fi
}

# Go: Sort/n=16, Sort/n=256, Append in sec/op; Append in B/op, allocs/op.
check go-test-json "$tmp/fx/go-old.json" test2json 5 3
# Google Benchmark: sec/op, cpu-sec/op for 3 benchmarks; B/s for 2;
# items/s and loads for 1.
check gbench "$tmp/fx/gbench-old.json" gbench 10 5
# hyperfine: sleep/n=1..3 in sec/op.
check hyperfine "$tmp/fx/hyperfine-old.json" hyperfine 3 1

# Google Benchmark with --benchmark_report_aggregates_only: each of the
# 3 benchmarks warned about, and no result: an error.
if [ -f "$tmp/fx/gbench-aggregates-old.json" ]; then
	"$bin" "$tmp/fx/gbench-aggregates-old.json" >/dev/null 2>"$tmp/err"
	st=$?
	n=$(grep -c 'aggregates only, no repetitions' "$tmp/err")
	if [ $st = 1 ] && [ "$n" = 3 ]; then ok gbench-aggregates-only
	else not_ok gbench-aggregates-only "exit $st, $n warnings"; fi
else
	echo "ok gbench-aggregates-only # SKIP not made"
fi

# Google Benchmark's NaN, Infinity and -Infinity counters: read, each
# warned about once, the rest of the report used.
if [ -f "$tmp/fx/gbench-nonfinite.json" ]; then
	got=$(rows "$tmp/fx/gbench-nonfinite.json" gbench)
	"$bin" "$tmp/fx/gbench-nonfinite.json" >/dev/null 2>"$tmp/err"
	st=$?
	n=$(grep -c 'is -*\(NaN\|Infinity\); skipped' "$tmp/err")
	if [ $st = 0 ] && [ "$n" = 3 ] && [ "$got" = "3 3" ]
	then ok gbench-nonfinite
	else not_ok gbench-nonfinite "exit $st, $n warnings, rows/units $got"; fi
else
	echo "ok gbench-nonfinite # SKIP not made"
fi

if [ -f "$tmp/fx/go-old.json" ]; then
	"$bin" x="$tmp/fx/go-old.txt" >"$tmp/want"
	"$bin" x="$tmp/fx/go-old.json" >"$tmp/got"
	if cmp -s "$tmp/want" "$tmp/got"; then ok go-test-json-identical
	else not_ok go-test-json-identical; fi
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
