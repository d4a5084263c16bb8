#!/bin/sh
# goab.sh: a real A/B on this machine, for `make soundness` (issue 21).
# The Go module testdata/goab has ten benchmarks (Work/0 ... Work/9), each
# a fixed amount of CPU work; its revision B (revision_b.go) does 10% more
# work in Work/2, Work/5 and Work/8.  Both revisions are collected by
# scripts/bench-interleave.sh (revision A committed in a temporary git
# repository, revision B its working tree), then gated by cbenchstat, and
# each benchmark's verdict is printed:
#   named         a regression line for a slowed benchmark
#   inconclusive  an inconclusive line (slowed or not)
#   missed        a slowed benchmark with neither
#   false         a regression line for a benchmark that was not slowed
#   quiet         an unslowed benchmark with neither
# The figures are the machine's noise as much as the gate's: they are
# reported, never asserted (not in make check).  Skipped, with a message,
# without go or git.  Offline: no dependencies, no proxy.
#
# usage: bench/goab.sh CBENCHSTAT [count [benchtime]]
#   defaults: 10 rounds of -benchtime 10000x (a minute or so); GOAB_KEEP=1
#   keeps the temporary directory (the files, the table, the gate lines)
set -u
bin=$1 count=${2:-10} benchtime=${3:-10000x}
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
slowed=' 2 5 8 '
for tool in go git; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "goab: SKIP: $tool not found (Debian package" \
		    "$([ $tool = go ] && echo golang-go || echo git))"
		exit 0
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/goab.XXXXXX") || exit 1
[ -n "${GOAB_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local GOWORK=off \
	GO111MODULE=on GOSUMDB=off GOTELEMETRY=off
# go needs a build cache; without a home directory, use a private one.
case $(go env GOCACHE 2>/dev/null) in
''|off) export GOCACHE="$tmp/gocache" ;;
esac

# Revision A committed, revision B in the working tree.
repo=$tmp/repo
mkdir "$repo" && git init -q "$repo" &&
    cp "$here"/testdata/goab/go.mod "$here"/testdata/goab/*.go "$repo" &&
    rm "$repo/revision_b.go" &&
    git -C "$repo" add -A &&
    git -C "$repo" -c user.name=goab -c user.email=goab@example.com \
	commit -q -m "revision A" &&
    sed '/^\/\/go:build ignore$/d' "$here/testdata/goab/revision_b.go" \
	>"$repo/revision.go" || {
	echo "goab: cannot set up the module in $repo" >&2
	exit 1
}

load=$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)
echo "goab: $(date -u '+%Y-%m-%d %H:%M UTC'), load ${load:-unknown}," \
    "$count rounds, -benchtime $benchtime, $(go version | cut -d ' ' -f 3)"
(cd "$repo" && sh "$here/scripts/bench-interleave.sh" -b HEAD \
    -n "$count" -t "$benchtime" -o "$tmp" .) 2>"$tmp/collect.err" || {
	cat "$tmp/collect.err" >&2
	exit 1
}
"$bin" -threshold 5 "$tmp/old.txt" "$tmp/new.txt" >"$tmp/table" \
    2>"$tmp/gate"
st=$?
if [ $st != 0 ] && [ $st != 2 ]; then
	cat "$tmp/gate" >&2
	echo "goab: cbenchstat failed (exit $st)" >&2
	exit 1
fi

# A benchmark missing from the table would read as quiet or missed.
if [ "$(grep -c '^Work/[0-9]-' "$tmp/table")" != 10 ]; then
	cat "$tmp/table" >&2
	echo "goab: the table does not have the ten benchmarks" >&2
	exit 1
fi

# The gate's word on each benchmark: its regression: or inconclusive:
# line, the benchmark= value without quotes or the -GOMAXPROCS suffix.
verdicts() {
	awk '/^(regression|inconclusive): / &&
	    match($0, / benchmark="?Work\/[0-9]+/) {
		k = substr($0, RSTART, RLENGTH)
		sub(/.*\//, "", k)
		print k, substr($1, 1, length($1) - 1)
	    }' "$tmp/gate"
}
verdicts >"$tmp/said"
i=0 named=0 inconc=0 missed=0 false=0
while [ $i -lt 10 ]; do
	said=$(awk -v i=$i '$1 == i { print $2; exit }' "$tmp/said")
	case "$slowed" in *" $i "*) s=1 ;; *) s=0 ;; esac
	case $s$said in
	1regression) v=named named=$((named + 1)) ;;
	1inconclusive|0inconclusive) v=inconclusive inconc=$((inconc + 1)) ;;
	1) v=missed missed=$((missed + 1)) ;;
	0regression) v=false false=$((false + 1)) ;;
	*) v=quiet ;;
	esac
	printf 'goab: Work/%d %-7s %s\n' $i \
	    "$([ $s = 1 ] && echo +10% || echo same)" $v
	i=$((i + 1))
done
echo "goab: exit $st; named $named of 3, inconclusive $inconc," \
    "missed $missed, false $false"
# The table's rows (median ± spread, change) show the noise behind the
# verdicts; then the gate's own lines, cut short.
sed -n 's/^Work/goab: | Work/p' "$tmp/table"
grep -E '^(regression|inconclusive):' "$tmp/gate" | cut -c 1-160 |
    sed 's/^/goab: | /'
