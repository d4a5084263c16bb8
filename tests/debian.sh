#!/bin/sh
# The release paths end to end: `make dist` twice gives the same bytes;
# the tarball unpacks into cbenchstat-VERSION/ and builds the Debian
# packages with dpkg-buildpackage -us -uc -b (that build is the proof that
# the tarball builds); lintian finds no error; both .debs install; the
# installed /usr/bin/cbenchstat prints the README example's tables and its
# version; examples/compare.c builds with `pkg-config --cflags --libs
# cbenchstat` against the installed library and passes tests/example.sh;
# then the packages are removed again (also on failure), so later CI steps
# use the tree's own binary.
#
# The packages are built from HEAD (what `make dist` ships), not from
# uncommitted changes.  Installing needs root or sudo; without them, or
# without dpkg-buildpackage (Debian: dpkg-dev debhelper fakeroot lintian),
# those steps are skipped and the tarball is built with make instead.
#
# usage: tests/debian.sh     (from the top of the tree; CI runs it)
set -u
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/pkgconfig.sh"
ver=$(sed -n 's/^#define CBS_VERSION "\(.*\)"$/\1/p' include/cbenchstat.h)
name=cbenchstat-$ver
pkgs="cbenchstat libcbenchstat-dev"

if [ "$(id -u)" = 0 ]; then SUDO=
elif command -v sudo >/dev/null 2>&1; then SUDO=sudo
else SUDO=none; fi

# --- make dist: reproducible, complete --------------------------------
if make -s dist DISTDIR="$tmp/d1" >/dev/null 2>"$tmp/dist.err" &&
    make -s dist DISTDIR="$tmp/d2" >/dev/null 2>>"$tmp/dist.err"; then
	ok dist
else
	cat "$tmp/dist.err"; not_ok dist "make dist failed"
fi
tgz=$tmp/d1/$name.tar.gz
if cmp -s "$tgz" "$tmp/d2/$name.tar.gz"; then ok dist-reproducible
else not_ok dist-reproducible "two runs of make dist differ"; fi
# Every file of HEAD, under $name/, and nothing else.
tar -tzf "$tgz" 2>/dev/null | grep -v '/$' | sort >"$tmp/list"
git ls-tree -r --name-only HEAD | sed "s|^|$name/|" | sort >"$tmp/want"
if [ -s "$tmp/want" ] && cmp -s "$tmp/want" "$tmp/list" &&
    grep -qx "$name/debian/control" "$tmp/list" &&
    grep -qx "$name/LICENSE" "$tmp/list"; then
	ok dist-contents
else
	diff "$tmp/want" "$tmp/list" | head -10
	not_ok dist-contents "not HEAD's files, or no debian/control or LICENSE"
fi
mkdir "$tmp/src" && tar -xzf "$tgz" -C "$tmp/src" ||
	not_ok dist-unpack "cannot unpack $tgz"

# --- the Debian packages ----------------------------------------------
if ! command -v dpkg-buildpackage >/dev/null 2>&1 ||
    ! command -v lintian >/dev/null 2>&1 || [ "$SUDO" = none ]; then
	echo "ok debian # SKIP no dpkg-buildpackage, lintian or root"
	if (cd "$tmp/src/$name" && make -s -j2 all) >"$tmp/make.log" 2>&1 &&
	    "$tmp/src/$name/build/cbenchstat" -version >/dev/null; then
		ok dist-builds
	else
		tail -20 "$tmp/make.log"; not_ok dist-builds "make failed"
	fi
	echo "$pass passed, $fail failed"
	[ $fail -eq 0 ]
	exit
fi

chver=$(cd "$tmp/src/$name" && dpkg-parsechangelog -S Version)
if [ "$chver" = "$ver" ]; then ok changelog-version
else not_ok changelog-version "debian/changelog $chver, cbenchstat.h $ver"; fi

if (cd "$tmp/src/$name" && DEB_BUILD_OPTIONS=parallel=2 \
    dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then
	ok dist-builds
else
	tail -40 "$tmp/build.log"
	not_ok dist-builds "dpkg-buildpackage failed"
	echo "$pass passed, $fail failed"
	exit 1
fi
arch=$(dpkg --print-architecture)
deb=$tmp/src/cbenchstat_${ver}_$arch.deb
devdeb=$tmp/src/libcbenchstat-dev_${ver}_$arch.deb
changes=$tmp/src/cbenchstat_${ver}_$arch.changes
if [ -f "$deb" ] && [ -f "$devdeb" ] && [ -f "$changes" ]; then ok debs
else not_ok debs "no $deb, $devdeb or $changes"; fi

# lintian: no error (warnings are printed, not counted).
lintian --allow-root "$changes" >"$tmp/lintian" 2>&1
sed 's/^/# /' "$tmp/lintian"
if grep -q '^E:' "$tmp/lintian"; then not_ok lintian "errors above"
else ok lintian; fi

# Install; remove again however the script ends.
remove() {
	$SUDO dpkg -r $pkgs >/dev/null 2>&1
	rm -rf "$tmp"
}
trap remove EXIT
if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    "$deb" "$devdeb" >"$tmp/apt.log" 2>&1; then
	ok install
else
	tail -20 "$tmp/apt.log"; not_ok install "apt-get install failed"
fi

dpkg -L cbenchstat >"$tmp/files" 2>/dev/null
dpkg -L libcbenchstat-dev >>"$tmp/files" 2>/dev/null
multi=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
missing=
for f in /usr/bin/cbenchstat /usr/share/man/man1/cbenchstat.1.gz \
    /usr/share/doc/cbenchstat/copyright /usr/include/cbenchstat.h \
    "/usr/lib/$multi/libcbenchstat.a" \
    "/usr/lib/$multi/pkgconfig/cbenchstat.pc"; do
	grep -qx "$f" "$tmp/files" || missing="$missing $f"
done
if [ -z "$missing" ]; then ok package-files
else not_ok package-files "not in the packages:$missing"; fi

got=$(/usr/bin/cbenchstat -version 2>&1)
if [ "$got" = "cbenchstat $ver" ]; then ok installed-version
else not_ok installed-version "got '$got'"; fi

# The README example, compared with its golden output (run, as
# tests/golden.sh runs it, in testdata/).
(cd testdata && /usr/bin/cbenchstat example-old.txt example-new.txt) \
    >"$tmp/out" 2>"$tmp/err"
st=$?
if [ $st = 0 ] && cmp -s testdata/example.stdout "$tmp/out" &&
    [ ! -s "$tmp/err" ]; then
	ok installed-example
else
	diff -u testdata/example.stdout "$tmp/out" | head -20
	not_ok installed-example "exit $st"
fi

# An embedder: pkg-config alone finds the installed library.
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
pc_compare packaged "$ver"

$SUDO dpkg -r $pkgs >"$tmp/rm.log" 2>&1
if [ ! -e /usr/bin/cbenchstat ] && [ ! -e /usr/include/cbenchstat.h ]; then
	ok remove
else
	cat "$tmp/rm.log"; not_ok remove "files left after dpkg -r"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
