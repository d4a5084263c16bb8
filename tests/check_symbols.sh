#!/bin/sh
# Every global symbol the library defines must carry the cbs_ prefix, so
# that linking libcbenchstat.a into a program cannot clash with it.
lib=$1
bad=$(nm -g --defined-only "$lib" | awk 'NF == 3 { print $3 }' | grep -v '^cbs_')
if [ -n "$bad" ]; then
	echo "not ok symbols: global symbols without the cbs_ prefix:"
	echo "$bad" | sed 's/^/#   /'
	exit 1
fi
echo "ok symbols"
