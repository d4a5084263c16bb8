#!/bin/sh
# The modules of libcbenchstat.a form a pipeline, not a tangle: read ->
# group -> tables -> verdicts -> formats.  Build the graph "object A
# calls a function object B defines" from the symbol tables, and the
# graph "header A includes header B", and fail on any cycle in either
# (tsort reports one as a loop).
#
# usage: tests/deps.sh OBJDIR (run from the top of the tree)
set -u
dir=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# One nm over every object (nm -A names the object on each line): an nm
# a file took a tenth of a second each, most of this test's time.
nm -A "$dir"/*.o >"$tmp/nm" || { echo "not ok deps: nm failed"; exit 1; }
awk '{	i = index($0, ":"); o = substr($0, 1, i - 1)
	sub(/.*\//, "", o); sub(/\.o$/, "", o)
	$0 = substr($0, i + 1) }
    o == "main" { next }
    NF == 3 && $2 ~ /^[TDBR]$/ { print "DEF", o, $3 }
    NF == 2 && $1 == "U" { print "USE", o, $2 }' "$tmp/nm" >"$tmp/syms"
awk '$1 == "DEF" { def[$3] = $2 }
     $1 == "USE" { use[NR] = $2 " " $3 }
     END { for (i in use) { split(use[i], a, " ")
	if ((a[2] in def) && def[a[2]] != a[1]) print a[1], def[a[2]] } }' \
    "$tmp/syms" | sort -u >"$tmp/edges"
if ! [ -s "$tmp/edges" ]; then
	echo "not ok deps: no edges found in $dir"
	exit 1
fi
for h in src/*.h include/*.h; do
	sed -n 's/^#include "\(.*\)".*/\1/p' "$h" |
	    while read -r inc; do echo "$(basename "$h") $inc"; done
done >"$tmp/includes"
# acyclic NAME GRAPH WHAT: report whether the edges in GRAPH loop.
acyclic() {
	if tsort "$2" >/dev/null 2>"$tmp/err"; then
		echo "ok $1: $(wc -l <"$2") $3, no cycle"
		return 0
	fi
	echo "not ok $1: a cycle among the $3:"
	sed 's/^/# /' "$tmp/err"
	return 1
}
status=0
acyclic deps "$tmp/edges" "calls between modules" || status=1
acyclic includes "$tmp/includes" "header includes" || status=1
exit $status
