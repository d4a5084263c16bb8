#!/bin/sh
# parse_bench_regressions.sh: the CI gate over benchmark comparison
# artifacts.  Reads every bench_*.diff in DIR (default: the current
# folder) -- tables written by cbenchstat or by Go's benchstat, current or
# v1 format -- and lists each significant regression over the threshold.
#
# usage: [THRESHOLD_PERCENT=5] scripts/parse_bench_regressions.sh [DIR]
#
# Exit status: 0 no regression, 1 error (no bench_*.diff in DIR, an
# unreadable file, a bad threshold), 2 at least one regression.
# The cbenchstat binary is $CBENCHSTAT, else the one on PATH, else the one
# built beside this script.
set -u
dir=${1:-.}
threshold=${THRESHOLD_PERCENT:-5}
bin=${CBENCHSTAT:-}
if [ -z "$bin" ]; then
	if command -v cbenchstat >/dev/null 2>&1; then
		bin=cbenchstat
	else
		bin="$(cd "$(dirname "$0")/.." && pwd)/cbenchstat"
	fi
fi
set -- "$dir"/bench_*.diff
if [ ! -e "$1" ]; then
	echo "parse_bench_regressions: no bench_*.diff in $dir" >&2
	exit 1
fi
exec "$bin" -check -threshold "$threshold" "$@"
