#!/bin/sh
# Golden tests: run cbenchstat over every testdata/NAME.args and compare
# standard output, standard error and exit status with NAME.stdout,
# NAME.stderr and NAME.exit (a missing file means empty output, exit 0).
#
# usage: tests/golden.sh BINARY [NAME...]
#        UPDATE=1 tests/golden.sh BINARY    rewrite the expected files
#
# Each case runs in testdata/ with LC_ALL=C, THRESHOLD_PERCENT unset,
# the variables of NAME.env (KEY=VALUE lines) when that exists, and
# standard input from NAME.stdin when that exists (else /dev/null).  The last line printed is
# "N passed, N failed".
set -u
bin=$1; shift
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
data="$here/testdata"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

if [ $# -gt 0 ]; then names="$*"; else
	names=$(cd "$data" && ls *.args | sed 's/\.args$//')
fi

check() {	# name what expected-file got-file
	if [ "${UPDATE:-}" = 1 ]; then
		if [ -s "$4" ]; then cp "$4" "$3"; else rm -f "$3"; fi
		return 0
	fi
	if [ -f "$3" ]; then
		cmp -s "$3" "$4" && return 0
		want=$3
	else
		# No expected file, no output: a test, where a cmp with
		# /dev/null was one more program started per case.
		[ -s "$4" ] || return 0
		want=/dev/null
	fi
	echo "# $1: $2 differs"
	diff -u "$want" "$4" | head -40 | sed 's/^/# /'
	return 1
}

for name in $names; do
	# One line (read, a builtin: cat was a program per case).
	args=
	IFS= read -r args <"$data/$name.args"
	stdin=/dev/null
	[ -f "$data/$name.stdin" ] && stdin="$data/$name.stdin"
	envs=
	[ -f "$data/$name.env" ] && envs=$(cat "$data/$name.env")
	# Word splitting of $args and $envs is intended.
	( cd "$data" && unset THRESHOLD_PERCENT && export LC_ALL=C $envs &&
	  eval "exec \"\$bin\" $args" ) >"$tmp/out" 2>"$tmp/err" <"$stdin"
	got=$?
	ok=1
	check "$name" stdout "$data/$name.stdout" "$tmp/out" || ok=0
	check "$name" stderr "$data/$name.stderr" "$tmp/err" || ok=0
	if [ "${UPDATE:-}" = 1 ]; then
		if [ $got = 0 ]; then rm -f "$data/$name.exit"
		else echo $got >"$data/$name.exit"; fi
	else
		want=0
		[ -f "$data/$name.exit" ] && read -r want <"$data/$name.exit"
		[ "$want" = "$got" ] || { echo "# $name: exit $got, want $want"; ok=0; }
	fi
	if [ $ok = 1 ]; then echo "ok $name"; pass=$((pass+1))
	else echo "not ok $name"; fail=$((fail+1)); fi
done

# A full disk must not pass silently: writing to /dev/full fails the run.
if [ -w /dev/full ] && [ $# -eq 0 ]; then
	( cd "$data" && "$bin" example-old.txt example-new.txt ) >/dev/full 2>"$tmp/err"
	st=$?
	if [ $st = 1 ] && grep -q "write error" "$tmp/err"; then
		echo "ok write-error-dev-full"; pass=$((pass+1))
	else
		echo "not ok write-error-dev-full (exit $st)"; fail=$((fail+1))
	fi
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
