#!/bin/sh
# Make the input-format fixtures of testdata/inputs/ with the real tools:
# Go's test2json ("go test -json", golang-go), Google Benchmark
# (libbenchmark-dev, a small C++ benchmark built with g++) and hyperfine.
# Each tool makes an "old" run and a "new" run in which one benchmark
# does twice the work (CBS_FIXTURE_SLOW=1), for the gate's tests.
#
# usage: scripts/make-input-fixtures.sh [OUTDIR [TOOL...]]
#   OUTDIR  where to write (default testdata/inputs)
#   TOOL    go, gbench, hyperfine (default: all three)
# A tool that is missing is skipped with a "skip" line; exit 0 unless a
# tool that is there fails.  tests/inputs_fresh.sh runs this afresh in CI.
#
# Files written:
#   go-old.json go-new.json    go test -json -bench . -count 6
#   go-old.txt                 the text go-old.json carries (its Output
#                              fields in order, decoded by python3's json)
#   gbench-old.json gbench-new.json
#                              --benchmark_format=json --benchmark_repetitions=6
#   gbench-aggregates-old.json gbench-aggregates-new.json
#                              the same, --benchmark_report_aggregates_only=true
#   gbench-nonfinite.json      counters of 0/0, 1/0, -1/0 (NaN, Infinity,
#                              -Infinity), repetitions and aggregates
#   hyperfine-old.json hyperfine-new.json
#                              hyperfine -N --runs 6 -P n 1 3 -n sleep
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/testdata/inputs}
[ $# -gt 0 ] && shift
tools=${*:-go gbench hyperfine}
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

have() { command -v "$1" >/dev/null 2>&1; }

make_go() {
	mkdir -p "$tmp/go"
	cat >"$tmp/go/go.mod" <<'GO'
module example.com/cbsfix

go 1.19
GO
	cat >"$tmp/go/fix_test.go" <<'GO'
package cbsfix

import (
	"os"
	"sort"
	"strconv"
	"testing"
)

// CBS_FIXTURE_SLOW=1 makes Sort do its work twice: the "new" run.
var slow = os.Getenv("CBS_FIXTURE_SLOW") != ""

func BenchmarkSort(b *testing.B) {
	for _, n := range []int{16, 256} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			x := make([]int, n)
			reps := 1
			if slow {
				reps = 2
			}
			for i := 0; i < b.N; i++ {
				for r := 0; r < reps; r++ {
					for j := range x {
						x[j] = (j * 7919) % n
					}
					sort.Ints(x)
				}
			}
		})
	}
}

func BenchmarkAppend(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s := make([]int, 0, 4)
		for j := 0; j < 32; j++ {
			s = append(s, j)
		}
		_ = s
	}
}
GO
	export GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$tmp/gocache" \
	    GOPATH="$tmp/gopath" HOME="$tmp"
	# "go test -json" runs the test binary under test2json, which cuts
	# the line of a benchmark's first run where the binary paused.
	(cd "$tmp/go" && go test -json -run '^$' -bench . -benchtime 20000x \
	    -count 6 .) >"$out/go-old.json"
	(cd "$tmp/go" && CBS_FIXTURE_SLOW=1 go test -json -run '^$' \
	    -bench . -benchtime 20000x -count 6 .) >"$out/go-new.json"
	python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    ev = json.loads(line)
    if ev.get("Action") == "output":
        sys.stdout.write(ev.get("Output", ""))
' "$out/go-old.json" >"$out/go-old.txt"
}

make_gbench() {
	cat >"$tmp/bm.cc" <<'CC'
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <vector>

// CBS_FIXTURE_SLOW=1 makes BM_memcpy copy twice: the "new" run.
static const bool slow = std::getenv("CBS_FIXTURE_SLOW") != nullptr;

static void BM_memcpy(benchmark::State& state) {
	std::vector<char> src(state.range(0)), dst(state.range(0));
	for (auto _ : state) {
		for (int r = 0; r < (slow ? 2 : 1); r++) {
			std::memcpy(dst.data(), src.data(), src.size());
			benchmark::ClobberMemory();
		}
	}
	state.SetBytesProcessed(int64_t(state.iterations()) *
	    state.range(0));
}
BENCHMARK(BM_memcpy)->Arg(64)->Arg(4096);

static void BM_sum(benchmark::State& state) {
	long s = 0;
	for (auto _ : state) {
		for (long i = 0; i < state.range(0); i++)
			s += i;
		benchmark::DoNotOptimize(s);
	}
	state.SetItemsProcessed(state.iterations() * state.range(0));
	state.counters["loads"] = double(state.range(0));
}
BENCHMARK(BM_sum)->ArgNames({"size"})->Arg(1024);

static void BM_fails(benchmark::State& state) {
	for (auto _ : state) {
		state.SkipWithError("no device");
		break;
	}
}
BENCHMARK(BM_fails);

BENCHMARK_MAIN();
CC
	g++ -O2 -o "$tmp/bm" "$tmp/bm.cc" -lbenchmark -lpthread
	set -- --benchmark_format=json --benchmark_repetitions=6 \
	    --benchmark_min_time=0.02
	"$tmp/bm" "$@" >"$out/gbench-old.json" 2>/dev/null
	CBS_FIXTURE_SLOW=1 "$tmp/bm" "$@" >"$out/gbench-new.json" 2>/dev/null
	# Counters that divide by zero: NaN, Infinity, -Infinity in the JSON.
	cat >"$tmp/nonfinite.cc" <<'CC'
#include <benchmark/benchmark.h>

static void BM_lookup(benchmark::State& state) {
	long n = 0;
	for (auto _ : state)
		benchmark::DoNotOptimize(n += 1);
	double hits = 0, lookups = 0;
	state.counters["hit_ratio"] = hits / lookups;
	state.counters["speedup"] = 1 / lookups;
	state.counters["gain"] = -1 / lookups;
	state.counters["lookups"] = lookups;
}
BENCHMARK(BM_lookup);

BENCHMARK_MAIN();
CC
	g++ -O2 -o "$tmp/nonfinite" "$tmp/nonfinite.cc" -lbenchmark -lpthread
	"$tmp/nonfinite" "$@" >"$out/gbench-nonfinite.json" 2>/dev/null
	# Aggregates only: no repetitions, nothing to compare (an error).
	set -- "$@" --benchmark_report_aggregates_only=true
	"$tmp/bm" "$@" >"$out/gbench-aggregates-old.json" 2>/dev/null
	CBS_FIXTURE_SLOW=1 "$tmp/bm" "$@" >"$out/gbench-aggregates-new.json" \
	    2>/dev/null
}

make_hyperfine() {
	# One name ("sleep") for every value of n, so -col /n makes columns.
	hyperfine -N --runs 6 --warmup 1 -P n 1 3 -n sleep 'sleep 0.0{n}' \
	    --export-json "$out/hyperfine-old.json" >/dev/null
	hyperfine -N --runs 6 --warmup 1 -P n 1 3 -n sleep 'sleep 0.0{n}5' \
	    --export-json "$out/hyperfine-new.json" >/dev/null
}

for t in $tools; do
	case $t in
	go)	if have go && have python3; then make_go
		else echo "skip go: no go or python3"; fi ;;
	gbench)	if have g++ && [ -f /usr/include/benchmark/benchmark.h ]; then
			make_gbench
		else echo "skip gbench: no g++ or libbenchmark-dev"; fi ;;
	hyperfine)
		if have hyperfine; then make_hyperfine
		else echo "skip hyperfine: not installed"; fi ;;
	*)	echo "unknown tool $t" >&2; exit 1 ;;
	esac
done
