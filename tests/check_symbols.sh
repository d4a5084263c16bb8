#!/bin/sh
# Every global symbol the library defines must carry the cbs_ prefix, so
# that linking libcbenchstat.a into a program cannot clash with it.  The
# C++ compiler's weak DW.ref.* references (exception handling in
# src/query/regex_re2.cc) are merged by the linker, never clash, and are skipped.
lib=$1
bad=$(nm -g --defined-only "$lib" | awk 'NF == 3 { print $3 }' |
	grep -v -e '^cbs_' -e '^DW\.ref\.')
if [ -n "$bad" ]; then
	echo "not ok symbols: global symbols without the cbs_ prefix:"
	echo "$bad" | sed 's/^/#   /'
	exit 1
fi
echo "ok symbols"
