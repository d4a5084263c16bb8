#!/bin/sh
# The modules of libcbenchstat.a form a pipeline, not a tangle: read ->
# group -> tables -> verdicts -> formats.  Build the graph "object A
# calls a function object B defines" from the symbol tables and fail on
# any cycle (tsort reports one as a loop).
#
# usage: tests/deps.sh OBJDIR
set -u
dir=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
for o in "$dir"/*.o; do
	n=$(basename "$o" .o)
	[ "$n" = main ] && continue
	nm "$o" | awk -v n="$n" '
	    NF == 3 && $2 ~ /^[TDBR]$/ { print "DEF", n, $3 }
	    NF == 2 && $1 == "U" { print "USE", n, $2 }'
done >"$tmp/syms"
awk '$1 == "DEF" { def[$3] = $2 }
     $1 == "USE" { use[NR] = $2 " " $3 }
     END { for (i in use) { split(use[i], a, " ")
	if ((a[2] in def) && def[a[2]] != a[1]) print a[1], def[a[2]] } }' \
    "$tmp/syms" | sort -u >"$tmp/edges"
if ! [ -s "$tmp/edges" ]; then
	echo "not ok deps: no edges found in $dir"
	exit 1
fi
if tsort "$tmp/edges" >/dev/null 2>"$tmp/err"; then
	echo "ok deps: $(wc -l <"$tmp/edges") calls between modules, no cycle"
	exit 0
fi
echo "not ok deps: a call cycle between modules:"
sed 's/^/# /' "$tmp/err"
exit 1
