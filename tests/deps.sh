#!/bin/sh
# The library is a pipeline of stages, one folder of src/ each, and data
# flows one way (src/README.md):
#
#	cli -> history -> check -> report -> gate -> table -> query
#	    -> input -> stats -> base
#
# A stage may call, and include the headers of, its own folder and the
# folders after it in that list, never one before it.  Checked from the
# objects' symbol tables (object A calls a function object B defines)
# and from the #include lines of src/; within a folder, calls and header
# includes must still form no cycle (tsort reports one as a loop).
# src/cli/ is the program: it includes the public header and its own.
#
# usage: tests/deps.sh OBJDIR (run from the top of the tree)
set -u
dir=$1
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
LAYERS="base stats input query table gate report check history cli"

# level FOLDER: its place in LAYERS (0 for an unknown folder).
level() {
	n=0
	for l in $LAYERS; do
		n=$((n + 1))
		[ "$l" = "$1" ] && { echo $n; return; }
	done
	echo 0
}

status=0
for d in src/*/; do
	d=${d%/}; d=${d#src/}
	if [ "$(level "$d")" = 0 ]; then
		echo "not ok deps: src/$d is no stage of tests/deps.sh's LAYERS"
		status=1
	fi
done

# Objects are named folder/file (OBJDIR/folder/file.o).  One nm over
# every object (nm -A names the object on each line): an nm a file took
# a tenth of a second each, most of this test's time.
nm -A "$dir"/*/*.o >"$tmp/nm" || { echo "not ok deps: nm failed"; exit 1; }
awk -v skip="$dir/" '{	i = index($0, ":"); o = substr($0, 1, i - 1)
	o = substr(o, length(skip) + 1); sub(/\.o$/, "", o)
	$0 = substr($0, i + 1) }
    NF == 3 && $2 ~ /^[TDBR]$/ { print "DEF", o, $3 }
    NF == 2 && $1 == "U" { print "USE", o, $2 }' "$tmp/nm" >"$tmp/syms"
awk '$1 == "DEF" { def[$3] = $2 }
     $1 == "USE" { use[NR] = $2 " " $3 }
     END { for (i in use) { split(use[i], a, " ")
	if ((a[2] in def) && def[a[2]] != a[1]) print a[1], def[a[2]], a[2] } }' \
    "$tmp/syms" | sort -u >"$tmp/calls"
if ! [ -s "$tmp/calls" ]; then
	echo "not ok deps: no calls between objects found in $dir"
	exit 1
fi
cut -d' ' -f1,2 "$tmp/calls" | sort -u >"$tmp/edges"

# Every #include "..." of src/ as "file header".
for f in src/*/*.c src/*/*.cc src/*/*.h; do
	sed -n 's/^#include "\(.*\)".*/\1/p' "$f" |
	    while read -r inc; do
		case $inc in
		*/*) echo "${f#src/} $inc" ;;
		*) g=${f#src/}; echo "$g ${g%%/*}/$inc" ;;
		esac
	    done
done >"$tmp/includes"

# upward FILE: print the lines of FILE ("a b ...") where folder a may
# not reach folder b: b comes before a in LAYERS, or a is cli and b is
# no header of its own.
upward() {
	awk -v layers="$LAYERS" '
	BEGIN { n = split(layers, l, " "); for (i = 1; i <= n; i++) lv[l[i]] = i }
	{	fa = $1; sub(/\/.*/, "", fa); fb = $2; sub(/\/.*/, "", fb)
		if ($2 == "cbenchstat.h") next
		if (fa == "cli" ? fb != "cli" : fa != fb && lv[fa] <= lv[fb])
			print $1 " -> " $2 ($3 != "" ? " (" $3 ")" : "") }' "$1"
}

check_layers() {
	upward "$2" >"$tmp/bad"
	if [ -s "$tmp/bad" ]; then
		echo "not ok $1: against the stages' order ($LAYERS reversed):"
		sed 's/^/# /' "$tmp/bad"
		return 1
	fi
	echo "ok $1: $(wc -l <"$2") follow the stages' order"
}

# Calls from src/cli/ go through the public API, which any stage may
# define, so only the includes are held to "public header only".
grep -v '^cli/' "$tmp/calls" >"$tmp/libcalls"
check_layers "calls between stages" "$tmp/libcalls" || status=1
check_layers "includes between stages" "$tmp/includes" || status=1

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
acyclic deps "$tmp/edges" "calls between modules" || status=1
cut -d' ' -f1,2 "$tmp/includes" >"$tmp/inc2"
acyclic includes "$tmp/inc2" "header includes" || status=1
exit $status
