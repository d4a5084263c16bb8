#!/bin/sh
# Every global symbol the library defines must carry the cbs_ prefix, so
# that linking libcbenchstat.a into a program cannot clash with it.  The
# C++ compiler's weak DW.ref.* references (exception handling in
# src/query/regex_re2.cc) are merged by the linker, never clash, and are skipped.
#
# And the library never ends the program (cbenchstat.h): it references
# none of the functions that do, assert()'s __assert_fail included.
lib=$1
fail=0
bad=$(nm -g --defined-only "$lib" | awk 'NF == 3 { print $3 }' |
	grep -v -e '^cbs_' -e '^DW\.ref\.')
if [ -n "$bad" ]; then
	echo "not ok symbols: global symbols without the cbs_ prefix:"
	echo "$bad" | sed 's/^/#   /'
	fail=1
else
	echo "ok symbols"
fi
ends=$(nm -u "$lib" | awk '{ print $NF }' | sort -u |
	grep -x -e __assert_fail -e abort -e exit -e _exit -e _Exit \
	    -e quick_exit)
if [ -n "$ends" ]; then
	echo "not ok symbols-no-exit: the library references what ends the" \
	    "program:"
	echo "$ends" | sed 's/^/#   /'
	fail=1
else
	echo "ok symbols-no-exit"
fi
exit $fail
