#!/bin/sh
# bench/history.sh: `make bench-history`.  Builds (once, cached in
# BUILD/bench/history.db) a history of COMMITS commits, each one S-sized
# run (bench/genbench: 3,000 benchmarks x 10 runs x 3 units, 90,000
# values), recorded by `cbenchstat record` as CI would; then times, with
# the database at full size:
#   record of one more S-sized run (a new commit), median of RUNS;
#   history of one benchmark (one unit) over every commit;
#   the gate of an S-sized run against the last 20 commits.
# It prints the database's size (after a checkpoint of the WAL).
#
# Then the same on PostgreSQL, when a server is installed: a cluster of
# its own in BUILD/bench/pg-COMMITS (tests/pgtmp.sh; kept, like the file,
# and stopped at the end), filled once from the SQLite file by
# `history -copy-to` (timed), then the same three measurements.
#
# usage: bench/history.sh BUILD_DIR [COMMITS] [RUNS]
set -eu
build=$1
commits=${2:-1000}
runs=${3:-3}
out="$build/bench"
gen="$out/genbench" bin="$build/cbenchstat" sqlq="$build/tests/sqlq"
db="$out/history-$commits.db"
mkdir -p "$out"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

have=0
[ -s "$db" ] && have=$("$sqlq" "$db" 'SELECT count(*) FROM commits')
if [ "$have" -lt "$commits" ]; then
	echo "building $db: $commits commits x 90,000 values (once)"
	t0=$(now)
	i=$((have + 1))
	while [ $i -le "$commits" ]; do
		"$gen" -b 3000 -r 10 -s $i >"$out/hist-run.txt"
		"$bin" record -db "$db" -commit "c$i" -branch main \
			-commit-time $((1700000000 + i * 600)) \
			"$out/hist-run.txt" >/dev/null
		[ $((i % 100)) = 0 ] && echo "  $i commits, $(elapsed "$t0" "$(now)") s"
		i=$((i + 1))
	done
	echo "built in $(elapsed "$t0" "$(now)") s"
fi
"$sqlq" "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
rows=$("$sqlq" "$db" 'SELECT count(*) FROM samples')
size=$(wc -c <"$db")
echo "cbenchstat make bench-history ($(date -u +%Y-%m-%dT%H:%MZ))"
awk -v c="$commits" -v r="$rows" -v s="$size" 'BEGIN {
	printf "database: %d commits, %d samples, %.1f MB (%.1f bytes a sample)\n",
	    c, r, s / 1e6, s / r }'

"$gen" -b 3000 -r 10 -s 999999 >"$out/hist-new.txt"
k=1
while [ $k -le "$runs" ]; do
	cp "$db" "$out/hist-scratch.db"
	t0=$(now)
	"$bin" record -db "$out/hist-scratch.db" -commit "new$k" -branch pr \
		"$out/hist-new.txt" >/dev/null
	elapsed "$t0" "$(now)"; echo
	k=$((k + 1))
done | median | awk '{ printf "record of one S run (90,000 values):      %s s\n", $1 }'
rm -f "$out/hist-scratch.db" "$out/hist-scratch.db-wal" "$out/hist-scratch.db-shm"

k=1
while [ $k -le "$runs" ]; do
	t0=$(now)
	"$bin" history -db "$db" -filter '.fullname:Compress/format=gob/size=16/case=0-8 .unit:sec/op' \
		>"$out/hist-one.txt"
	elapsed "$t0" "$(now)"; echo
	k=$((k + 1))
done | median | awk '{ printf "history of one benchmark, every commit:   %s s\n", $1 }'
echo "  ($(grep -c '^  c[0-9]' "$out/hist-one.txt") commit lines; $(grep -c '^  \(step\|creep\)' "$out/hist-one.txt" || true) changes)"

t0=$(now)
"$bin" -db "$db" -threshold 5 -base-commits 20 "$out/hist-new.txt" \
	>/dev/null 2>&1 || true
echo "gate of one S run against 20 commits:     $(elapsed "$t0" "$(now)") s"

# ------------------------------------------------------------ PostgreSQL
. "$(dirname "$0")/../tests/pgtmp.sh"
if [ -z "$(pgtmp_bindir)" ]; then
	echo "PostgreSQL: skipped (no server installed)"
	exit 0
fi
pg="$(cd "$out" && pwd)/pg-$commits"
if [ -d "$pg/data" ]; then
	pgtmp_bin=$(pgtmp_bindir)
	pgtmp_users
	pgtmp_as "$pgtmp_bin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w \
	    -t 60 -o "-c listen_addresses='' -c unix_socket_directories='$pg'" \
	    start >/dev/null
	PGTMP_URI="postgresql:///cbs?host=$pg&user=cbs_writer"
else
	mkdir -p "$pg"
	pgtmp_start "$pg" >/dev/null
fi
trap 'pgtmp_as "$pgtmp_bin/pg_ctl" -D "$pg/data" stop -m fast >/dev/null 2>&1' EXIT
pgdb=$PGTMP_URI
psql() { "$pgtmp_bin/psql" -X -q -At -h "$pg" -U postgres -d cbs -c "$1"; }
have=$(psql 'SELECT count(*) FROM commits' 2>/dev/null || echo 0)
if [ "$have" -lt "$commits" ]; then
	echo "filling PostgreSQL from $db with history -copy-to (once)"
	t0=$(now)
	"$bin" history -db "$db" -copy-to "$pgdb"
	echo "copied in $(elapsed "$t0" "$(now)") s"
fi
psql 'VACUUM ANALYZE' >/dev/null
rows=$(psql 'SELECT count(*) FROM samples')
size=$(psql "SELECT pg_database_size('cbs')")
awk -v c="$commits" -v r="$rows" -v s="$size" 'BEGIN {
	printf "PostgreSQL: %d commits, %d samples, %.1f MB (%.1f bytes a sample)\n",
	    c, r, s / 1e6, s / r }'

k=1
while [ $k -le "$runs" ]; do
	t0=$(now)
	"$bin" record -db "$pgdb" -commit "new$k-$$" -branch pr \
		"$out/hist-new.txt" >/dev/null
	elapsed "$t0" "$(now)"; echo
	k=$((k + 1))
done | median | awk '{ printf "PostgreSQL record of one S run:           %s s\n", $1 }'
# The measured runs are taken out again, so the next bench sees the
# same database.
psql "DELETE FROM samples WHERE run_id IN (SELECT r.id FROM runs r JOIN commits c ON c.id = r.commit_id WHERE c.branch = 'pr'); DELETE FROM run_units WHERE run_id IN (SELECT r.id FROM runs r JOIN commits c ON c.id = r.commit_id WHERE c.branch = 'pr'); DELETE FROM runs WHERE commit_id IN (SELECT id FROM commits WHERE branch = 'pr'); DELETE FROM commits WHERE branch = 'pr'" >/dev/null

k=1
while [ $k -le "$runs" ]; do
	t0=$(now)
	"$bin" history -db "$pgdb" -filter '.fullname:Compress/format=gob/size=16/case=0-8 .unit:sec/op' \
		>"$out/hist-one-pg.txt"
	elapsed "$t0" "$(now)"; echo
	k=$((k + 1))
done | median | awk '{ printf "PostgreSQL history of one benchmark:      %s s\n", $1 }'
cmp -s "$out/hist-one.txt" "$out/hist-one-pg.txt" ||
	echo "  (differs from SQLite's: a bug)"

t0=$(now)
"$bin" -db "$pgdb" -threshold 5 -base-commits 20 "$out/hist-new.txt" \
	>/dev/null 2>&1 || true
echo "PostgreSQL gate of one S run, 20 commits: $(elapsed "$t0" "$(now)") s"
