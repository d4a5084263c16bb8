# tests/tap.sh: the common start of the shell test scripts, sourced with
# `. "$(dirname "$0")/tap.sh"`.  It gives them a private $tmp removed on
# exit, the C locale, no THRESHOLD_PERCENT from the caller, the pass and
# fail counters, and ok/not_ok to print one TAP-like line and count it.
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
unset THRESHOLD_PERCENT
export LC_ALL=C
pass=0 fail=0

ok() { echo "ok $1"; pass=$((pass+1)); }
not_ok() { echo "not ok $1${2:+: $2}"; fail=$((fail+1)); }
