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
for h in src/*.h include/*.h; do
	sed -n 's/^#include "\(.*\)".*/\1/p' "$h" |
	    while read -r inc; do echo "$(basename "$h") $inc"; done
done >"$tmp/includes"
status=0
if tsort "$tmp/edges" >/dev/null 2>"$tmp/err"; then
	echo "ok deps: $(wc -l <"$tmp/edges") calls between modules, no cycle"
else
	echo "not ok deps: a call cycle between modules:"
	sed 's/^/# /' "$tmp/err"
	status=1
fi
if tsort "$tmp/includes" >/dev/null 2>"$tmp/err"; then
	echo "ok includes: $(wc -l <"$tmp/includes") header includes, no cycle"
else
	echo "not ok includes: an include cycle between headers:"
	sed 's/^/# /' "$tmp/err"
	status=1
fi
exit $status
