#!/bin/sh
# Tests of scripts/bench-interleave.sh on a tiny Go module in a temporary
# git repository: the base is built from the named (or default) revision,
# the head from the working tree, each side gets one result line and one
# set of configuration lines per round, and cbenchstat reads the files.
# Skipped when go is not installed (Debian: golang-go). Go stays offline:
# the module has no dependencies and no proxy is allowed.
#
# usage: tests/interleave.sh CBENCHSTAT
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
script="$here/scripts/bench-interleave.sh"
if ! command -v go >/dev/null 2>&1; then
	echo "interleave.sh: SKIP: go not found (Debian package golang-go)"
	exit 0
fi
. "$(dirname "$0")/tap.sh"
export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local GOWORK=off \
	GO111MODULE=on GOSUMDB=off GOTELEMETRY=off
# go needs a build cache; without a home directory, use a private one.
case $(go env GOCACHE 2>/dev/null) in
''|off) export GOCACHE="$tmp/gocache" ;;
esac

# The module: package calc, whose benchmark reports the revision it was
# built from as a metric, so each file shows which tree it came from.
set_rev() {	# rev
	cat >"$tmp/repo/calc/calc.go" <<EOF
package calc

// Rev tells which revision of the package was built.
const Rev = $1

// Sum adds the integers below n.
func Sum(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i
	}
	return s
}
EOF
}
commit() {	# message
	git -C "$tmp/repo" add -A &&
	git -C "$tmp/repo" -c user.name=test -c user.email=test@example.com \
		commit -q -m "$1"
}
mkdir -p "$tmp/repo/calc" "$tmp/out1" "$tmp/out2" || exit 2
git init -q "$tmp/repo" || exit 2
(cd "$tmp/repo" && go mod init example.com/ilv >/dev/null 2>&1) || exit 2
cat >"$tmp/repo/calc/calc_test.go" <<'EOF'
package calc

import "testing"

func BenchmarkSum(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Sum(100)
	}
	b.ReportMetric(Rev, "rev")
}
EOF
set_rev 1
commit base || exit 2
set_rev 2

goos=$(go env GOOS) goarch=$(go env GOARCH)

# count FILE REGEXP: the number of lines matching.
count() { grep -c -E "$2" "$1" 2>/dev/null; }

# check_pair NAME DIR BASE-REV HEAD-REV ROUNDS
check_pair() {
	o="$2/old.txt" n="$2/new.txt" res='^BenchmarkSum(-[0-9]+)?[[:space:]]'
	why=
	for f in "$o" "$n"; do
		[ "$(count "$f" "$res")" = "$5" ] || why="$why $f: result lines;"
		[ "$(count "$f" '^pkg: example.com/ilv/calc$')" = "$5" ] ||
			why="$why $f: pkg lines;"
		[ "$(count "$f" "^goos: $goos\$")" = "$5" ] ||
			why="$why $f: goos lines;"
		[ "$(count "$f" "^goarch: $goarch\$")" = "$5" ] ||
			why="$why $f: goarch lines;"
	done
	[ "$(count "$o" "$res.* $3(\\.0+)? rev")" = "$5" ] ||
		why="$why old.txt is not revision $3;"
	[ "$(count "$n" "$res.* $4(\\.0+)? rev")" = "$5" ] ||
		why="$why new.txt is not revision $4;"
	if [ -z "$why" ]; then ok "$1"; else not_ok "$1" "$why"; fi
}

# Base HEAD, head the working tree, three rounds, with -m and -t.
(cd "$tmp/repo" && sh "$script" -b HEAD -n 3 -m -t 100x -o "$tmp/out1" \
	./calc) >"$tmp/stdout" 2>"$tmp/stderr"
st=$?
if [ $st = 0 ]; then ok explicit-base-runs
else not_ok explicit-base-runs "exit $st: $(tail -n 3 "$tmp/stderr")"; fi
check_pair explicit-base-files "$tmp/out1" 1 2 3
if [ "$(count "$tmp/out1/new.txt" '[0-9] B/op[[:space:]].* allocs/op')" = 3 ]
then ok benchmem-passed; else not_ok benchmem-passed; fi
if [ ! -s "$tmp/stdout" ] && ! git -C "$tmp/repo" status --porcelain |
    grep -q -v '^ M calc/calc.go$'
then ok leaves-repository-alone; else not_ok leaves-repository-alone; fi

"$bin" "$tmp/out1/old.txt" "$tmp/out1/new.txt" >"$tmp/table" 2>"$tmp/err"
st=$?
if { [ $st = 0 ] || [ $st = 2 ]; } && grep -q 'BenchmarkSum\|^Sum' "$tmp/table"
then ok cbenchstat-reads-files
else not_ok cbenchstat-reads-files "exit $st: $(head -n 3 "$tmp/err")"; fi

# The default base is HEAD~1 without origin/main; run from the package
# directory with the default package; -a appends to what is there.
commit head || exit 2
set_rev 3
cp "$tmp/out1/old.txt" "$tmp/out1/new.txt" "$tmp/out2/" || exit 2
(cd "$tmp/repo/calc" && sh "$script" -a -n 1 -t 10x -p 'Sum$' \
	-o "$tmp/out2") >/dev/null 2>"$tmp/stderr"
st=$?
if [ $st = 0 ] && tail -n 2 "$tmp/out2/old.txt" | grep -q -E ' 1(\.0+)? rev' &&
    tail -n 2 "$tmp/out2/new.txt" | grep -q -E ' 3(\.0+)? rev' &&
    [ "$(count "$tmp/out2/old.txt" '^BenchmarkSum')" = 4 ]
then ok default-base-head-minus-one
else not_ok default-base-head-minus-one "exit $st: $(tail -n 3 "$tmp/stderr")"
fi

# Usage and errors.
sh "$script" -h >"$tmp/stdout" 2>&1
st=$?
if [ $st = 0 ] &&
    head -n 1 "$tmp/stdout" | grep -q '^usage: bench-interleave.sh'
then ok help-exits-0; else not_ok help-exits-0 "exit $st"; fi
for bad in "-n 0" "-n x" "-z" "-b no-such-rev" "-o $tmp/missing" \
    "./nosuchpkg" "a b"; do
	# shellcheck disable=SC2086
	(cd "$tmp/repo" && sh "$script" -n 1 $bad) >"$tmp/stdout" 2>"$tmp/err"
	st=$?
	if [ $st = 1 ] && [ -s "$tmp/err" ]
	then ok "error-exits-1 ($bad)"
	else not_ok "error-exits-1 ($bad)" "exit $st"; fi
done
(cd "$tmp" && sh "$script" -n 1) >/dev/null 2>"$tmp/err"
st=$?
if [ $st = 1 ] && grep -q 'not inside a git working tree' "$tmp/err"
then ok outside-git-exits-1; else not_ok outside-git-exits-1 "exit $st"; fi

echo "interleave.sh: $pass passed, $fail failed"
test "$fail" = 0
