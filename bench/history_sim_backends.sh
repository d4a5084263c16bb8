#!/bin/sh
# bench/history_sim_backends.sh: `make soundness`'s history part through
# each back end: bench/history_sim with no database, with a SQLite file
# and with a PostgreSQL database (a throwaway cluster, tests/pgtmp.sh;
# skipped without a server) must print the same figures, every simulated
# commit having been recorded and read back.
#
# usage: bench/history_sim_backends.sh BUILD_DIR [TRIALS] [COMMITS]
set -u
build=$1 trials=${2:-200} commits=${3:-60}
sim="$build/bench/history_sim"
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$sim" -t "$trials" -n "$commits" >"$tmp/none.txt" || exit 1
"$sim" -t "$trials" -n "$commits" -db "$tmp/sim.db" >"$tmp/sqlite.txt" ||
	exit 1
if ! cmp -s "$tmp/none.txt" "$tmp/sqlite.txt"; then
	echo "history_sim: SQLite gives other figures:" >&2
	diff "$tmp/none.txt" "$tmp/sqlite.txt" >&2
	exit 1
fi
pg=$(sh "$here/tests/pgtmp.sh" run sh -c \
    '"$1" -t "$2" -n "$3" -db "$PGTMP_URI" >"$4"; echo "exit $?"' \
    sh "$sim" "$trials" "$commits" "$tmp/pg.txt" 2>&1 | tail -1)
case "$pg" in
SKIP*)
	echo "history part, $commits commits: the same figures with no" \
	    "database and SQLite (PostgreSQL: no server, skipped)"
	exit 0 ;;
"exit 0") ;;
*) echo "history_sim on PostgreSQL failed: $pg" >&2; exit 1 ;;
esac
if ! cmp -s "$tmp/none.txt" "$tmp/pg.txt"; then
	echo "history_sim: PostgreSQL gives other figures:" >&2
	diff "$tmp/none.txt" "$tmp/pg.txt" >&2
	exit 1
fi
echo "history part, $commits commits: the same figures with no database," \
    "SQLite and PostgreSQL"
