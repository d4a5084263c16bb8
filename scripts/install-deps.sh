#!/bin/sh
# Install the Debian packages cbenchstat needs to build and test, if any
# is missing: GSL, RE2 (the -filter regexps), jansson (JSON for -check),
# cmocka, pkg-config, mandoc (man page lint), locales (a charmap for the
# comma-decimal locale test_reader builds), time (GNU time: peak memory in
# tests/hostile.sh), libpq and libcrypto (the history: PostgreSQL and
# SHA-256).
set -eu
pkgs="build-essential pkg-config libgsl-dev libre2-dev libjansson-dev libsqlite3-dev
    libpq-dev libssl-dev libcmocka-dev mandoc locales time"
# CI adds its own tools (valgrind, clang) through CBS_EXTRA_PKGS.
pkgs="$pkgs ${CBS_EXTRA_PKGS:-}"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
		echo "install-deps: not root and no sudo; install:$missing" >&2
		exit 1
	fi
else
	SUDO=
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
