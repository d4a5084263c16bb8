# tests/pkgconfig.sh: what an embedder does with an installed cbenchstat,
# shared by tests/install.sh and tests/debian.sh; sourced after tap.sh
# (it uses $tmp, ok and not_ok).
#
# pc_compare WHAT VERSION: pkg-config, as the caller has set it up, finds
# cbenchstat at VERSION (pc-version); examples/compare.c builds with
# `pkg-config --cflags --libs cbenchstat` alone (pc-link); and the program
# passes tests/example.sh (pc-example).  WHAT names the library in the
# failure messages ("installed", "packaged").
pc_compare() {
	pc_got=$(pkg-config --modversion cbenchstat 2>&1)
	if [ "$pc_got" = "$2" ]; then ok pc-version
	else not_ok pc-version "pkg-config says $pc_got"; fi
	# shellcheck disable=SC2046
	if ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	    -o "$tmp/compare" examples/compare.c \
	    $(pkg-config --cflags --libs cbenchstat) 2>"$tmp/cc.err"; then
		ok pc-link
	else
		cat "$tmp/cc.err"
		not_ok pc-link "examples/compare.c does not build"
	fi
	if sh tests/example.sh "$tmp/compare" >/dev/null; then ok pc-example
	else not_ok pc-example "the $1 library's compare differs"; fi
}
