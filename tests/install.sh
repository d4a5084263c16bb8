#!/bin/sh
# make install into a staging folder (DESTDIR), then what an embedder and
# a user do with the installed copy: build examples/compare.c with
# `pkg-config --cflags --libs cbenchstat` alone and run it (tests/example.sh),
# and run the installed binary on the shipped example.
#
# usage: tests/install.sh     (from the top of the tree; CI runs it)
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/pkgconfig.sh"
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
pc_compare installed "$ver"
"$dest/usr/bin/cbenchstat" testdata/example-old.txt testdata/example-new.txt \
    >"$tmp/out" 2>&1
st=$?
if [ $st = 0 ] && grep -q '^geomean' "$tmp/out"; then ok installed-binary
else not_ok installed-binary "exit $st"; fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
