#!/bin/sh
# Every example of the manual page is a test: each ".Bd -literal" block of
# EXAMPLES that starts with "$ cbenchstat ARGS" must hold exactly what
# cbenchstat prints for ARGS in testdata/ (standard output, then standard
# error).  UPDATE=1 rewrites the blocks from the binary's output.
#
# usage: tests/man_examples.sh BINARY [MANPAGE]
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
man=${2:-$here/man/cbenchstat.1}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# Print the escaped output of one example, as mdoc literal text.
render() {
	( cd "$here/testdata" && LC_ALL=C eval "exec \"\$bin\" $1" ) \
		>"$tmp/o" 2>"$tmp/e" </dev/null
	cat "$tmp/o" "$tmp/e" | sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
}

pass=0 fail=0
: >"$tmp/new"
state=text
while IFS= read -r line; do
	case "$state" in
	text)
		printf '%s\n' "$line" >>"$tmp/new"
		[ "$line" = ".Bd -literal" ] && state=first
		;;
	first)
		printf '%s\n' "$line" >>"$tmp/new"
		case "$line" in
		'$ cbenchstat'*)
			args=${line#'$ cbenchstat'}
			render "$args" >"$tmp/want"
			: >"$tmp/got"
			state=body ;;
		*) state=text ;;
		esac
		;;
	body)
		if [ "$line" = ".Ed" ]; then
			if cmp -s "$tmp/want" "$tmp/got"; then
				pass=$((pass+1)); echo "ok man:$args"
			else
				fail=$((fail+1)); echo "not ok man:$args"
				[ "${UPDATE:-}" = 1 ] || diff -u "$tmp/got" "$tmp/want" | head -20 | sed 's/^/# /'
			fi
			cat "$tmp/want" >>"$tmp/new"
			printf '%s\n' "$line" >>"$tmp/new"
			state=text
		else
			printf '%s\n' "$line" >>"$tmp/got"
		fi
		;;
	esac
done <"$man"
if [ "${UPDATE:-}" = 1 ]; then
	cp "$tmp/new" "$man"
	echo "updated $man"
	exit 0
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
