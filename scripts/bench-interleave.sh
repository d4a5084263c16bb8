#!/bin/sh
# bench-interleave.sh: benchmark a Go package at a base revision and in the
# working tree alternately, one run of each at a time, so that whatever the
# machine does meanwhile (a frequency step, a noisy neighbour, a warming
# room) lands on both sides alike instead of on one batch; then compare the
# two files with cbenchstat.
#
# usage: bench-interleave.sh [-ahm] [-b rev] [-n count] [-o dir]
#            [-p regexp] [-t benchtime] [package]
set -eu

prog=bench-interleave

usage() {
	cat <<'EOF'
usage: bench-interleave.sh [-ahm] [-b rev] [-n count] [-o dir]
           [-p regexp] [-t benchtime] [package]

Builds the test binary of the Go package (default .) twice with
`go test -c`: at git revision rev (the base) and from the working tree
(the head). Then runs them alternately count times, each run with
-test.run='^$' -test.bench=regexp -test.count=1, the base's output going
to dir/old.txt and the head's to dir/new.txt. Odd rounds run the base
first, even rounds the head first. Compare with:
    cbenchstat -threshold 5 dir/old.txt dir/new.txt

  -a            append to dir/old.txt and dir/new.txt (default: empty them)
  -b rev        base revision (default origin/main if it exists, else HEAD~1)
  -h            print this help and exit
  -m            pass -test.benchmem too
  -n count      number of rounds (default 10)
  -o dir        output directory (default .)
  -p regexp     benchmarks to run, as -test.bench (default .)
  -t benchtime  pass -test.benchtime=benchtime (default: go's 1s)

Exit status: 0 on success, 1 on any error.
EOF
}

die() {
	echo "$prog: $*" >&2
	exit 1
}

bad_usage() {
	echo "$prog: $*" >&2
	usage >&2
	exit 1
}

append=0 base='' benchmem='' count=10 outdir=. pattern=. benchtime=''
while getopts ab:hmn:o:p:t: opt; do
	case $opt in
	a) append=1 ;;
	b) base=$OPTARG ;;
	h) usage; exit 0 ;;
	m) benchmem=-test.benchmem ;;
	n) count=$OPTARG ;;
	o) outdir=$OPTARG ;;
	p) pattern=$OPTARG ;;
	t) benchtime=$OPTARG ;;
	*) usage >&2; exit 1 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || bad_usage "one package at most"
pkg=${1:-.}
case $count in
''|*[!0-9]*) bad_usage "-n: not a positive integer: $count" ;;
esac
[ "$count" -gt 0 ] 2>/dev/null || bad_usage "-n: not a positive integer: $count"
[ -n "$pattern" ] || bad_usage "-p: empty pattern"

command -v go >/dev/null 2>&1 || die "go: command not found"
command -v git >/dev/null 2>&1 || die "git: command not found"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
	die "$(pwd): not inside a git working tree"
# Where we are inside the repository, to find the same place in the base.
top=$(git rev-parse --show-toplevel)
prefix=$(git rev-parse --show-prefix)

if [ -z "$base" ]; then
	if git rev-parse --verify --quiet 'origin/main^{commit}' >/dev/null
	then base=origin/main; else base=HEAD~1; fi
fi
sha=$(git rev-parse --verify --quiet "$base^{commit}") ||
	die "$base: not a revision of this repository"

[ -d "$outdir" ] || die "$outdir: no such directory"
old=$outdir/old.txt new=$outdir/new.txt

tmp=$(mktemp -d "${TMPDIR:-/tmp}/$prog.XXXXXX") ||
	die "cannot create a temporary directory"
tmp=$(cd "$tmp" && pwd)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# The base is exported, not checked out: the repository is left as it is.
mkdir "$tmp/base"
git -C "$top" archive --format=tar "$sha" | (cd "$tmp/base" && tar -xf -) ||
	die "$base: cannot export the revision"
[ -d "$tmp/base/$prefix" ] ||
	die "$base: has no directory ${prefix:-.}"

build() {	# side dir binary -> the package's directory on stdout
	(cd "$2" && go test -c -o "$3" "$pkg" >&2) ||
		die "$1: go test -c $pkg failed"
	[ -x "$3" ] || die "$1: $pkg has no test binary (no test files?)"
	(cd "$2" && go list -f '{{.Dir}}' "$pkg") ||
		die "$1: go list $pkg failed"
}

echo "$prog: building $pkg at $base ($(git rev-parse --short "$sha"))" >&2
base_dir=$(build base "$tmp/base/$prefix" "$tmp/old.test")
echo "$prog: building $pkg from the working tree" >&2
head_dir=$(build head . "$tmp/new.test")
case $base_dir$head_dir in
*'
'*) die "$pkg: names more than one package" ;;
esac

if [ "$append" = 0 ]; then
	: >"$old" || die "$old: cannot write"
	: >"$new" || die "$new: cannot write"
fi

# A test binary runs in its package's directory, as `go test` runs it.
run() {	# side binary dir output round
	set -- "$1" "$2" "$3" "$4" "$5" -test.run='^$' -test.bench="$pattern" \
	    -test.count=1
	[ -z "$benchmem" ] || set -- "$@" "$benchmem"
	[ -z "$benchtime" ] || set -- "$@" -test.benchtime="$benchtime"
	side=$1 bin=$2 dir=$3 out=$4 round=$5
	shift 5
	(cd "$dir" && "$bin" "$@") >>"$out" ||
		die "$side: run $round of $count failed"
}

i=1
while [ "$i" -le "$count" ]; do
	echo "$prog: round $i of $count" >&2
	if [ $((i % 2)) = 1 ]; then
		run base "$tmp/old.test" "$base_dir" "$old" "$i"
		run head "$tmp/new.test" "$head_dir" "$new" "$i"
	else
		run head "$tmp/new.test" "$head_dir" "$new" "$i"
		run base "$tmp/old.test" "$base_dir" "$old" "$i"
	fi
	i=$((i + 1))
done
echo "$prog: wrote $old and $new" >&2
