#!/bin/sh
# make install into a staging folder (DESTDIR), then what an embedder and
# a user do with the installed copy: build examples/compare.c with
# `pkg-config --cflags --libs cbenchstat` alone and run it (tests/example.sh),
# and run the installed binary on the shipped example.
#
# usage: tests/install.sh     (from the top of the tree; CI runs it)
set -u
. "$(dirname "$0")/tap.sh"
dest="$tmp/root"
make -s install DESTDIR="$dest" PREFIX=/usr >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; not_ok install "make install failed"; }
for f in bin/cbenchstat lib/libcbenchstat.a include/cbenchstat.h \
    lib/pkgconfig/cbenchstat.pc share/man/man1/cbenchstat.1; do
	[ -f "$dest/usr/$f" ] || missing="${missing:-} $f"
done
if [ -z "${missing:-}" ]; then ok install-files
else not_ok install-files "not installed:$missing"; fi
ver=$(sed -n 's/^#define CBS_VERSION "\(.*\)"$/\1/p' include/cbenchstat.h)
export PKG_CONFIG_PATH="$dest/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest"
if [ "$(pkg-config --modversion cbenchstat)" = "$ver" ]; then ok pc-version
else not_ok pc-version "pkg-config says $(pkg-config --modversion cbenchstat)"; fi
# shellcheck disable=SC2046
if ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
    -o "$tmp/compare" examples/compare.c \
    $(pkg-config --cflags --libs cbenchstat) 2>"$tmp/cc.err"; then
	ok pc-link
else
	cat "$tmp/cc.err"; not_ok pc-link "examples/compare.c does not build"
fi
if sh tests/example.sh "$tmp/compare" >/dev/null; then ok pc-example
else not_ok pc-example "the installed library's compare differs"; fi
"$dest/usr/bin/cbenchstat" testdata/example-old.txt testdata/example-new.txt \
    >"$tmp/out" 2>&1
st=$?
if [ $st = 0 ] && grep -q '^geomean' "$tmp/out"; then ok installed-binary
else not_ok installed-binary "exit $st"; fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
