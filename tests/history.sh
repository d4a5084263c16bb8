#!/bin/sh
# History (cbenchstat(1), HISTORY): record and history round trip, an
# idempotent record, concurrent writers, a record killed mid-write, the
# migration from schema 1, refused files, and the gate against history.
#
# usage: tests/history.sh CBENCHSTAT SQLQ [JSONOK]
# (JSONOK, tests/jsonok.c: build/tests/jsonok beside SQLQ)
#
# On SQLite files by default.  On PostgreSQL when HISTORY_PG_URI (the
# writer's "postgresql:///cbs?...&user=ROLE", tests/pgtmp.sh's
# PGTMP_URI) and HISTORY_PG_ADMIN_URI (the superuser's, PGTMP_ADMIN_URI)
# are set, with HISTORY_PG_PSQL naming psql: each database of a check is
# then a new one the writer owns (tests/history_pg.sh runs it so).  The
# checks of SQLite files alone (migrations, refused files, readers'
# -wal and -shm) print "# skipped on PostgreSQL: NAME (why)" there.
set -u
bin=$1 sqlq=$2
jsonok=${3:-$(dirname "$sqlq")/jsonok}
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
case "$sqlq" in /*) ;; *) sqlq="$(pwd)/$sqlq" ;; esac
case "$jsonok" in /*) ;; *) jsonok="$(pwd)/$jsonok" ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/tap.sh"
unset CBENCHSTAT_DB
pgw=${HISTORY_PG_URI:-} pga=${HISTORY_PG_ADMIN_URI:-}
psql=${HISTORY_PG_PSQL:-psql}
cd "$tmp" || exit 2
# Every check's database is named in the URI's path (///cbs?...): a URI
# of another form would give every check the same one.
for _u in "$pgw" "$pga"; do
	case "$_u" in
	''|*///cbs\?*) ;;
	*) echo "history.sh: HISTORY_PG_*URI has no ///cbs? path: $_u" >&2
	   exit 2 ;;
	esac
done

# pguri URI NAME: URI (of database cbs) for the database of check NAME.
pguri() { echo "$1" | sed "s|///cbs?|///t_$2?|"; }

# db NAME: the -db target of NAME: the file NAME.db, or on PostgreSQL
# database t_NAME, made on first use (not in a background job: two
# would race), owned by the writer's role.
db() {
	if [ -z "$pgw" ]; then
		echo "$1.db"
		return 0
	fi
	if [ ! -e "pgdb.$1" ]; then
		_u=$(echo "$pgw" | sed -n 's/.*[?&]user=\([^&]*\).*/\1/p')
		"$psql" -X -q -d "$pga" -c "CREATE DATABASE t_$1 OWNER $_u" \
		    >&2 || return 1
		: >"pgdb.$1"
	fi
	pguri "$pgw" "$1"
}

# q NAME SQL [PGSQL]: the answer of database NAME to SQL, a row a line,
# columns joined by "|"; PGSQL is PostgreSQL's form where it differs
# (every string a bytea there: convert_from(COLUMN, 'UTF8') reads it).
q() {
	if [ -z "$pgw" ]; then
		"$sqlq" "$1.db" "$2"
	else
		"$psql" -X -q -At -d "$(pguri "$pga" "$1")" -c "${3:-$2}"
	fi
}

# sqlite_only WHY NAME...: true on SQLite; on PostgreSQL false, after a
# line for each check NAME saying it is skipped and WHY.
sqlite_only() {
	[ -z "$pgw" ] && return 0
	_why=$1
	shift
	for _t; do echo "# skipped on PostgreSQL: $_t ($_why)"; done
	return 1
}

# gen LEVEL SEED BENCHMARKS: 10 runs of each benchmark around LEVEL ns/op
# (2% noise), with B/op and allocs/op; the same arguments, the same file.
gen() {
	awk -v lvl="$1" -v seed="$2" -v nb="$3" 'BEGIN {
		srand(seed)
		print "goos: linux"; print "pkg: example.com/h"
		for (r = 0; r < 10; r++)
			for (b = 0; b < nb; b++) {
				u = rand() + rand() + rand() - 1.5
				printf "BenchmarkH%d/n=%d-8 \t 1000 \t %.3f ns/op \t 64 B/op \t 2 allocs/op\n", b, b * 10, lvl * (1 + b / 10) * (1 + 0.02 * u)
			}
	}'
}

# A series of 30 commits, +10% from commit 21 on.
H=$(db h)
i=1
while [ $i -le 30 ]; do
	lvl=100
	[ $i -gt 20 ] && lvl=110
	gen $lvl $i 2 >run$i.txt
	"$bin" record -db "$H" -commit c$i -branch main \
		-commit-time $((1700000000 + i * 60)) run$i.txt >/dev/null ||
		echo "record $i failed"
	i=$((i + 1))
done
n=$(q h 'SELECT count(*) FROM samples')
if [ "$n" = 1800 ]; then ok record-stores-every-value
else not_ok record-stores-every-value "$n samples, want 30 x 2 x 3 x 10"; fi

"$bin" history -db "$H" -filter '.name:H0 .unit:sec/op' >hist.txt
st=$?
if [ $st = 0 ] && grep -q '^H0/n=0-8: sec/op  goos=linux pkg=example.com/h$' hist.txt &&
   [ "$(grep -c '^  c[0-9]' hist.txt)" = 30 ] &&
   grep -q '^  step at c21 (commit 21 of 30): +[0-9]' hist.txt &&
   grep -q 'regression$' hist.txt && grep -q '^  trend ' hist.txt
then ok history-round-trip-finds-step
else not_ok history-round-trip-finds-step "exit $st"; sed 's/^/# /' hist.txt | tail -5; fi

"$bin" history -db "$H" -last 5 -filter '.name:H1 .unit:sec/op' \
	-format json >hist.json
# Strict JSON (jsonok), one series of the last 5 commits, from c26.
if [ "$("$jsonok" hist.json '#/series' '#/series/0/commits' \
    /series/0/commits/0/commit /series/0/changes 2>&1)" = '1
5
"c26"
[]' ]
then ok history-json-last; else not_ok history-json-last; fi

for f in csv markdown; do
	if "$bin" history -db "$H" -format $f >hist.$f 2>err &&
	   [ -s hist.$f ] && [ ! -s err ]
	then ok history-format-$f; else not_ok history-format-$f; fi
done

# -branch: a commit recorded on another branch stays out of main's series.
gen 500 200 2 >feature.txt
"$bin" record -db "$H" -commit f1 -branch feature \
	-commit-time 1700009999 feature.txt >/dev/null
"$bin" history -db "$H" -branch main -filter '.name:H0 .unit:sec/op' >main.txt
"$bin" history -db "$H" -branch feature -filter '.name:H0 .unit:sec/op' \
	>feat.txt
if ! grep -q '^  f1 ' main.txt && [ "$(grep -c '^  c[0-9]' main.txt)" = 30 ] &&
   grep -q '^  f1  ' feat.txt && [ "$(grep -c '^  [cf][0-9]' feat.txt)" = 1 ]
then ok history-branch; else not_ok history-branch; fi

# Two 300-byte branch names that differ only in their last byte, and a
# 300-byte commit: stored whole, two branches (the flags were cut to 255
# and 127 bytes, and the two branches merged into one).
b299=$(awk 'BEGIN { for (i = 0; i < 299; i++) printf "b" }')
c299=$(awk 'BEGIN { for (i = 0; i < 299; i++) printf "c" }')
"$bin" record -db "$(db lb)" -commit "${c299}1" -branch "${b299}1" \
	feature.txt >lb.out 2>&1 &&
"$bin" record -db "$(db lb)" -commit l2 -branch "${b299}2" run1.txt \
	>/dev/null &&
"$bin" history -db "$(db lb)" -branch "${b299}2" \
	-filter '.name:H0 .unit:sec/op' \
	>lb2.txt 2>&1
st=$?
got=$(q lb 'SELECT length(hash), length(branch) FROM commits ORDER BY id' |
    tr '\n' ' ')
if [ $st = 0 ] && [ "$got" = "300|300 2|300 " ] &&
   grep -q "for commit ${c299}1\$" lb.out &&
   [ "$(grep -c '^  [cl][0-9]' lb2.txt)" = 1 ] && grep -q '^  l2  ' lb2.txt
then ok record-long-branch-commit
else not_ok record-long-branch-commit "exit $st, lengths $got"; fi
# Without the flags, record asks git: a 401-byte branch (two 200-byte
# folders of refs/heads) is stored whole (git's answer was read into 256
# bytes: 255 of it), and the commit and its parent are git's.
a200=$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "a" }')
if command -v git >/dev/null 2>&1; then
	mkdir g && (cd g && git init -q &&
	    for m in one two; do git -c user.name=test \
		-c user.email=test@example.com commit -q --allow-empty -m $m
	    done && git checkout -q -b "$a200/$a200") &&
	gdb=$(db g)
	[ "$gdb" = g.db ] && gdb=../g.db
	(cd g && "$bin" record -db "$gdb" ../feature.txt >/dev/null)
	st=$?
	got=$(q g 'SELECT length(hash), length(branch), length(parent)
	    FROM commits' 2>&1)
	if [ $st = 0 ] && [ "$got" = "40|401|40" ]
	then ok record-git-long-branch
	else not_ok record-git-long-branch "exit $st, lengths $got"; fi
fi

# The same input for the same commit adds nothing; for another commit it does.
before=$(q h 'SELECT count(*) FROM samples')
"$bin" record -db "$H" -commit c30 run30.txt >out
after=$(q h 'SELECT count(*) FROM samples')
if [ "$before" = "$after" ] && grep -q 'already recorded' out
then ok record-idempotent; else not_ok record-idempotent "$before -> $after"; fi

# The gate: a seeded +25% regression exits 2, an A/A run 0.
gen 137 77 2 >slow.txt
"$bin" -db "$H" -threshold 5 -commit new slow.txt >gate.out 2>gate.err
st=$?
if [ $st = 2 ] && grep -q '^regression: benchmark="H0/n=0-8" unit=sec/op column=history' gate.err
then ok gate-history-regression; else not_ok gate-history-regression "exit $st"; cat gate.err; fi
gen 110 78 2 >same.txt
"$bin" -db "$H" -threshold 5 -commit new same.txt >gate.out 2>gate.err
st=$?
if [ $st = 0 ] && [ ! -s gate.err ]
then ok gate-history-aa; else not_ok gate-history-aa "exit $st"; cat gate.err; fi
# A unit better higher by its "Unit" line, not by its name: a 20% drop
# is a regression, a 20% rise is not.
score() {	# LEVEL SEED
	awk -v lvl="$1" -v seed="$2" 'BEGIN {
		srand(seed)
		print "Unit score better=higher"
		for (r = 0; r < 10; r++)
			printf "BenchmarkScore-8 \t 1 \t %.3f score\n", lvl * (1 + 0.02 * (rand() - 0.5))
	}'
}
for i in 1 2 3 4 5; do
	score 100 $((300 + i)) >score$i.txt
	"$bin" record -db "$(db s)" -commit s$i -branch main \
	    -commit-time $((1700000000 + i)) \
	    score$i.txt >/dev/null || echo "record score $i failed"
done
score 80 400 >score-low.txt
score 120 401 >score-high.txt
"$bin" -db "$(db s)" -threshold 5 score-low.txt >/dev/null 2>gate.err
st=$?
"$bin" -db "$(db s)" -threshold 5 score-high.txt >/dev/null 2>gate2.err
st2=$?
if [ $st = 2 ] && grep -q '^regression: benchmark=Score-8 unit=score ' gate.err &&
   [ $st2 = 0 ] && ! grep -q '^regression' gate2.err
then ok gate-history-unit-metadata
else not_ok gate-history-unit-metadata "exit $st and $st2"; cat gate.err gate2.err; fi

# A 5,000-character benchmark name: the history gate's regression line
# is whole, its last field the configuration (issue 20, F19: it stopped
# at 4,095 bytes).
long=$(awk 'BEGIN { for (i = 0; i < 4990; i++) printf "x" }')
longrun() {	# LEVEL SEED
	awk -v n="$long" -v lvl="$1" -v seed="$2" 'BEGIN { srand(seed)
		print "goos: linux"; print "pkg: example.com/long"
		for (r = 0; r < 10; r++)
			printf "BenchmarkL%s-8 1000 %.3f ns/op\n", n, lvl * (1 + 0.01 * rand()) }'
}
for i in 1 2 3 4 5; do
	longrun 100 $((500 + i)) >long$i.txt
	"$bin" record -db "$(db long)" -commit l$i -branch main \
	    -commit-time $((1700000000 + i)) long$i.txt >/dev/null ||
	    echo "record long $i failed"
done
longrun 130 600 >long-new.txt
"$bin" -db "$(db long)" -threshold 5 -commit new long-new.txt \
	>/dev/null 2>gate.err
st=$?
if [ $st = 2 ] && [ "$(grep -c '^regression: ' gate.err)" = 1 ] &&
   grep -q "^regression: benchmark=L$long-8 unit=sec/op column=history .* threshold=5% config=\"goos=linux pkg=example.com/long\"\$" gate.err
then ok gate-history-line-long-name
else not_ok gate-history-line-long-name "exit $st, $(awk '{ print length($0) }' gate.err) bytes"; fi

# A query that matches nothing is an empty answer (exit 0), and says
# what matched nothing (issue 20, F15: "no series recorded").
"$bin" history -db "$H" -filter '.name:Nope' >none.out 2>none.err
st=$?
"$bin" history -db "$H" -branch nope -last 3 -format json >none.json 2>none2.err
st2=$?
"$bin" history -db "$H" -branch nope -format html >none.html 2>/dev/null
if [ $st = 0 ] && [ ! -s none.out ] &&
   [ "$(cat none.err)" = "cbenchstat: history: no series matches -filter '.name:Nope'" ] &&
   [ $st2 = 0 ] && grep -q '"series":\[\]}$' none.json &&
   [ "$(cat none2.err)" = "cbenchstat: history: no series on branch nope in the last 3 commits" ] &&
   grep -q '<p>No series matches the query above.</p>' none.html
then ok history-says-what-matched-nothing
else not_ok history-says-what-matched-nothing "exit $st and $st2: $(cat none.out none.err none2.err)"; fi
# The gate: an input without results is an error, not "no baseline"; a
# benchmark without a baseline passes unjudged, and the table says so.
: >empty.txt
"$bin" -db "$H" -threshold 5 empty.txt >gate.out 2>gate.err
st=$?
{ cat same.txt; echo "BenchmarkFresh-8 1000 5 ns/op"; } >fresh.txt
"$bin" -db "$H" -threshold 5 -commit new fresh.txt >gate2.out 2>gate2.err
st2=$?
if [ $st = 1 ] && [ ! -s gate.out ] &&
   grep -q '^cbenchstat: empty.txt: no benchmark results in it$' gate.err &&
   [ $st2 = 0 ] && grep -q '^Fresh-8 .* no baseline$' gate2.out &&
   grep -q '^not judged: 1 of 7, with fewer than 3 baseline commits on branch main$' gate2.out
then ok gate-history-says-unjudged
else not_ok gate-history-says-unjudged "exit $st and $st2"; fi

"$bin" -db "$H" -threshold 5 -base-branch nope same.txt >/dev/null 2>gate.err
if [ $? = 1 ] && grep -q 'no benchmark has 3 baseline commits on branch nope' gate.err
then ok gate-history-no-baseline; else not_ok gate-history-no-baseline; fi
"$bin" -db "$H" same.txt >/dev/null 2>gate.err
if [ $? = 1 ] && grep -q 'needs -threshold' gate.err
then ok gate-history-needs-threshold; else not_ok gate-history-needs-threshold; fi
"$bin" record -db "$H" -format json run1.txt >/dev/null 2>err
if [ $? = 1 ] && grep -q 'record does not take -format' err
then ok record-refuses-stray-flag; else not_ok record-refuses-stray-flag; fi
CBENCHSTAT_DB=$H "$bin" history -last 1 -filter '.name:H0' >/dev/null
if [ $? = 0 ]; then ok db-from-env; else not_ok db-from-env; fi

# Four concurrent writers lose nothing, five times, each time on a new
# file: they race to create the schema and switch to WAL, too.
for w in 1 2 3 4; do gen 100 $((100 + w)) 20 >w$w.txt; done
lost=
for r in 1 2 3 4 5; do
	cdb=$(db c$r)
	for w in 1 2 3 4; do
		"$bin" record -db "$cdb" -commit w$w -branch main w$w.txt \
			>/dev/null 2>>w.err &
	done
	wait
	runs=$(q c$r 'SELECT count(*) FROM runs')
	n=$(q c$r 'SELECT count(*) FROM samples')
	[ "$runs" = 4 ] && [ "$n" = 2400 ] || lost="$lost round $r: $runs runs, $n samples;"
done
if [ -z "$lost" ] && ! [ -s w.err ]
then ok concurrent-records; else not_ok concurrent-records "$lost $(head -1 w.err)"; fi

# A record killed at any point leaves a consistent database: each run
# whole or absent.
gen 100 5 3000 >big.txt
kdb=$(db k)
k=1
while [ $k -le 6 ]; do
	"$bin" record -db "$kdb" -commit k$k big.txt >/dev/null 2>&1 &
	pid=$!
	sleep 0.0$((k * 3 + 2))
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	k=$((k + 1))
done
# (PostgreSQL checks its own files: no integrity_check there.)
ic=ok
[ -z "$pgw" ] && ic=$("$sqlq" k.db 'PRAGMA integrity_check' 2>&1)
partial=0 whole=0
# Killed before the schema was made (a slow machine): nothing, whole.
if [ "$(q k "SELECT count(*) FROM sqlite_master WHERE name = 'runs'" \
    "SELECT count(*) FROM pg_tables WHERE tablename = 'runs'")" = 1 ]
then
	partial=$(q k 'SELECT count(*) FROM runs r WHERE (SELECT count(*)
		FROM samples s WHERE s.run_id = r.id) <> 90000' 2>&1)
	whole=$(q k 'SELECT count(*) FROM runs')
fi
if [ "$ic" = ok ] && [ "$partial" = 0 ]
then ok record-killed-leaves-consistent-db
	echo "# $whole of 6 killed records whole, the rest absent"
else not_ok record-killed-leaves-consistent-db "integrity $ic, partial runs $partial"; fi
"$bin" record -db "$(db k)" -commit k9 run1.txt >/dev/null
if [ $? = 0 ]; then ok record-after-kill; else not_ok record-after-kill; fi

# Schema 1 is read as is by history (migrated in a copy in memory, the
# file untouched: issue 20, F15), and migrated by record, its samples
# kept.
if sqlite_only "a SQLite file of schema 1: PostgreSQL began at 3" \
    history-reads-schema-1-untouched record-migrates-schema-1; then
	"$sqlq" v1.db -f "$here/tests/history_v1.sql"
	cp v1.db v1.orig
	"$bin" history -db v1.db -filter '.unit:sec/op' >v1.out 2>v1.err
	st=$?
	if [ $st = 0 ] && cmp -s v1.db v1.orig && [ ! -s v1.err ] &&
	   [ "$(grep -c '^  v1[abc]' v1.out)" = 3 ] &&
	   [ "$("$sqlq" v1.db 'PRAGMA user_version')" = 1 ]
	then ok history-reads-schema-1-untouched
	else not_ok history-reads-schema-1-untouched "exit $st"; fi
	"$bin" record -db v1.db -commit v1d run1.txt >/dev/null
	st=$?
	ver=$("$sqlq" v1.db 'PRAGMA user_version')
	n=$("$sqlq" v1.db "SELECT count(*) FROM samples s JOIN series x
	    ON x.id = s.series_id WHERE x.benchmark = 'Old-8'")
	if [ $st = 0 ] && [ "$ver" = 3 ] && [ "$n" = 10 ]
	then ok record-migrates-schema-1
	else not_ok record-migrates-schema-1 \
	    "exit $st, version $ver, $n samples"; fi
fi

# A corrupt file, another program's database, a newer schema: exit 1,
# the file untouched.
if sqlite_only "a SQLite file's bytes; test_store_pg refuses other schemas" \
    refuses-corrupt-file refuses-foreign-db refuses-newer-schema \
    history-missing-db history-empty-file-untouched; then
	head -c 8192 /dev/urandom >junk.db
	cp junk.db junk.orig
	"$bin" record -db junk.db -commit x run1.txt >/dev/null 2>err
	st=$?
	if [ $st = 1 ] && cmp -s junk.db junk.orig && grep -q 'junk.db: ' err
	then ok refuses-corrupt-file; else not_ok refuses-corrupt-file "exit $st"; fi
	"$sqlq" other.db 'CREATE TABLE t (x); INSERT INTO t VALUES (1)'
	cp other.db other.orig
	"$bin" record -db other.db -commit x run1.txt >/dev/null 2>err
	if [ $? = 1 ] && cmp -s other.db other.orig &&
	   grep -q 'not a cbenchstat history database' err
	then ok refuses-foreign-db; else not_ok refuses-foreign-db; fi
	cp h.db new.db
	"$sqlq" new.db 'PRAGMA user_version = 4'
	cp new.db new.orig
	"$bin" history -db new.db >/dev/null 2>err
	if [ $? = 1 ] && cmp -s new.db new.orig &&
	   grep -q 'schema version 4 is newer' err
	then ok refuses-newer-schema; else not_ok refuses-newer-schema; fi
	"$bin" history -db missing.db >/dev/null 2>err
	if [ $? = 1 ] && [ ! -e missing.db ]
	then ok history-missing-db; else not_ok history-missing-db; fi
	# An empty file is no history: refused, and not made one by a reader.
	: >zero.db
	"$bin" history -db zero.db >/dev/null 2>err
	st=$?
	if [ $st = 1 ] && [ ! -s zero.db ] &&
	   grep -q '^cbenchstat: zero.db: an empty database: nothing recorded' err
	then ok history-empty-file-untouched
	else not_ok history-empty-file-untouched \
	    "exit $st, $(wc -c <zero.db) bytes"; fi
fi

# Reading (history, the gate) never writes the file nor leaves a file
# beside it, in a read-only directory (a pull request's restored cache)
# or on a read-only file in a writable one (issue 20, F15: "attempt to
# write a readonly database"; -wal and -shm left owned by the reader).
# Permissions do not stop root, whom the tests may run as: the readers
# run as nobody then, and the cases are skipped, visibly, without a way.
if sqlite_only "a SQLite file's modes, -wal, -shm; see pg-read-only-role" \
    reader-rodir reader-rwdir reader-through-wal \
    reader-refuses-wal-without-shm reader-owner-leaves-nothing; then
	reader=
	if [ "$(id -u)" != 0 ]; then
		reader=env
	elif setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" -h \
	    >/dev/null 2>&1; then
		reader="setpriv --reuid=65534 --regid=65534 --clear-groups"
	elif runuser -u nobody -- "$bin" -h >/dev/null 2>&1; then
		reader="runuser -u nobody --"
	fi
	# only DIR FILE...: DIR holds exactly the FILEs.
	only() {
		[ "$(cd "$1" && ls -A | tr '\n' ' ')" = "$(shift; echo "$*") " ]
	}
	if [ -n "$reader" ]; then
		chmod 755 "$tmp"
		mkdir rodir rwdir
		cp h.db rodir/
		cp h.db rwdir/
		chmod 555 rodir
		chmod 444 rwdir/h.db
		chmod 777 rwdir
		for d in rodir rwdir; do
			$reader "$bin" history -db $d/h.db -last 3 -branch main \
				-filter '.name:H0 .unit:sec/op' >ro.out 2>ro.err
			st=$?
			$reader "$bin" -db $d/h.db -threshold 5 -commit new slow.txt \
				>/dev/null 2>ro-gate.err
			st2=$?
			if [ $st = 0 ] && [ "$(grep -c '^  c[0-9]' ro.out)" = 3 ] &&
			   [ ! -s ro.err ] && [ $st2 = 2 ] &&
			   grep -q '^regression: benchmark="H0/n=0-8"' ro-gate.err &&
			   only $d h.db
			then ok reader-$d
			else not_ok reader-$d "exit $st and $st2, $(ls $d |
			    tr '\n' ' ')$(head -1 ro.err)"; fi
		done
		# A writer's log, not yet in the file: read through its -wal and
		# -shm; without the -shm, refused rather than read without it.
		mkdir waldir nosdir
		cp h.db waldir/
		SQLQ_KEEP_WAL=1 "$sqlq" waldir/h.db \
			"UPDATE commits SET branch = 'logged' WHERE hash = 'c30'"
		cp waldir/h.db waldir/h.db-wal nosdir/
		chmod 555 waldir nosdir
		$reader "$bin" history -db waldir/h.db -branch logged \
			-filter '.name:H0 .unit:sec/op' >ro.out 2>ro.err
		st=$?
		if [ $st = 0 ] && [ "$(grep -c '^  c30 ' ro.out)" = 1 ] &&
		   only waldir h.db h.db-shm h.db-wal
		then ok reader-through-wal; else not_ok reader-through-wal "exit $st"; fi
		$reader "$bin" history -db nosdir/h.db >ro.out 2>ro.err
		st=$?
		if [ $st = 1 ] && [ ! -s ro.out ] &&
		   grep -q 'nosdir/h.db: its -wal file holds commits not yet in it' ro.err &&
		   only nosdir h.db h.db-wal
		then ok reader-refuses-wal-without-shm
		else not_ok reader-refuses-wal-without-shm "exit $st: $(cat ro.err)"; fi
		chmod 755 rodir waldir nosdir
	else
		for t in reader-rodir reader-rwdir reader-through-wal \
		    reader-refuses-wal-without-shm; do
			echo "ok $t # SKIP running as root, and no setpriv or runuser to nobody"
		done
	fi
	# The owner reading leaves no -wal or -shm either: SQLite's last
	# connection removes them.
	mkdir owndir
	cp h.db owndir/
	"$bin" history -db owndir/h.db -last 1 >/dev/null 2>&1
	st=$?
	if [ $st = 0 ] && only owndir h.db; then ok reader-owner-leaves-nothing
	else not_ok reader-owner-leaves-nothing \
	    "exit $st, $(ls owndir | tr '\n' ' ')"; fi
fi

# A creep (+1% a commit from c11 to c20) is reported with its span.
i=1
while [ $i -le 30 ]; do
	awk -v i=$i 'BEGIN { srand(i)
		l = i <= 10 ? 100 : i <= 20 ? 100 + (i - 10) : 110
		for (r = 0; r < 10; r++)
			printf "BenchmarkC-8 1000 %.3f ns/op\n", l * (1 + 0.01 * (rand() - 0.5)) }' >creep.txt
	"$bin" record -db "$(db creep)" -commit c$i -branch main \
		-commit-time $((1700000000 + i * 60)) creep.txt >/dev/null
	i=$((i + 1))
done
"$bin" history -db "$(db creep)" >creep.out
if grep -Eq '^  creep at c1[0-9] \(commit 1[0-9] of 30, over [0-9]+ commits\): \+' creep.out
then ok history-creep-span
else not_ok history-creep-span; sed 's/^/# /' creep.out | tail -2; fi

# A commit of 5 runs has no lower bound at 95% (the widest order
# statistics cover 94%): every output shows it as the tables show an
# unbounded interval, "∞", JSON as null (issue 20, F18: "-Infn", "-inf").
for i in 1 2 3; do
	awk -v i=$i 'BEGIN { for (r = 0; r < 5; r++)
		printf "BenchmarkFive-8 1000 %d ns/op\n", 100 + i + r }' >five.txt
	"$bin" record -db "$(db five)" -commit n5c$i -branch main \
		-commit-time $((1700000000 + i)) five.txt >/dev/null
done
inf='\342\210\236'
bad=
for f in text csv markdown json html; do
	"$bin" history -db "$(db five)" -format $f >five.$f 2>err || bad="$bad $f:exit"
	grep -qi 'inf' five.$f && bad="$bad $f:inf"
done
grep -q "^  n5c1 .*  $(printf -- "-$inf") \.\. 105\.0n  *5\$" five.text || bad="$bad text"
grep -q "^Five-8,sec/op,,n5c1,main,[^,]*,5,1\.03e-07,$(printf -- "-$inf"),1\.05e-07," five.csv || bad="$bad csv"
grep -q "^| n5c1 | 1\.03e-07 | $(printf -- "-$inf") \.\. 1\.05e-07 | 5 |\$" five.markdown || bad="$bad markdown"
grep -q '"commit":"n5c1",.*"n":5,.*"lo":null,"hi":1\.05' five.json || bad="$bad json"
grep -q "<td>$(printf -- "-$inf") to 105\.0n</td>" five.html || bad="$bad html"
if [ -z "$bad" ]; then ok history-unbounded-interval
else not_ok history-unbounded-interval "$bad"; fi

# Every input format records alike; a JSON entry's warning has no line.
"$bin" record -db "$(db fmt)" -commit j1 \
	"$here/testdata/inputs/gbench-old.json" \
	"$here/testdata/inputs/hyperfine-old.json" >out 2>err
st=$? n=$(q fmt 'SELECT count(*) FROM samples')
if [ $st = 0 ] && [ "$n" = "$(($(grep -o '[0-9]* values' out |
    awk '{s += $1} END {print s}')))" ] && [ "$n" -gt 60 ] &&
   grep -q 'gbench-old.json: benchmark BM_fails: error' err &&
   ! grep -q 'json:0:' err
then ok record-json-inputs
else not_ok record-json-inputs "exit $st, $n samples"; fi

# Hostile names (issue 19): the history reports escape what the input
# and the flags hold with the comparison reports' own functions.  A
# Latin-1 name with Markdown's punctuation, a unit with a comma, a
# configuration with a quote, a commit id with a "|", a branch that
# starts with a blank.
i=1
while [ $i -le 3 ]; do
	{ echo 'note: a, "b"'
	  printf 'BenchmarkCaf\351|x*y_z<b>-8 1 %d a,b\n' $((10 + i)) \
	      $((11 + i))
	} >hostile$i.txt
	"$bin" record -db "$(db hostile)" -commit "c|$i" -branch ' m' \
		-commit-time $((1700000000 + i)) hostile$i.txt >/dev/null ||
		echo "# record hostile$i.txt failed"
	i=$((i + 1))
done
fffd=$(printf '\357\277\275')

# JSON: invalid UTF-8 as U+FFFD, as -format json writes it; the document
# passes a strict parser (jansson).
"$bin" history -db "$(db hostile)" -format json >hostile.json 2>err
st=$?
if [ $st = 0 ] && "$jsonok" hostile.json 2>jerr &&
   grep -qF "\"benchmark\":\"Caf$fffd|x*y_z<b>-8\"" hostile.json &&
   grep -qF '"commit":"c|1","branch":" m"' hostile.json
then ok history-json-hostile-names
else not_ok history-json-hostile-names "exit $st: $(cat jerr)"; fi

# CSV: each field quoted as -format csv quotes it (encoding/csv: a comma,
# quote or line break, or a leading blank), the unit too.
"$bin" history -db "$(db hostile)" -format csv >hostile.csv 2>err
st=$?
"$bin" -format csv hostile1.txt hostile2.txt >cmp.csv 2>/dev/null
want=$(printf 'Caf\351|x*y_z<b>-8,"a,b","note=a, ""b""",c|1," m",')
if [ $st = 0 ] && grep -qF ',"a,b",CI,' cmp.csv &&
   grep -qF "$want" hostile.csv && [ "$(grep -c '^Caf' hostile.csv)" = 3 ]
then ok history-csv-quoting
else not_ok history-csv-quoting "exit $st"; sed 's/^/# /' hostile.csv; fi

# Markdown: names, units and commit ids escaped as -format markdown
# escapes them: a "|" does not split a table row, "*", "_" and "<" make
# no markup, invalid UTF-8 is U+FFFD.
"$bin" history -db "$(db hostile)" -format markdown >hostile.md 2>err
st=$?
"$bin" -format markdown hostile1.txt hostile2.txt >cmp.md 2>/dev/null
name="Caf$fffd\\|x\\*y\\_z\\<b\\>-8"
cells=$(grep '^| c' hostile.md | sed 's/\\|//g' | awk -F'|' '{print NF}' |
    sort -u)
if [ $st = 0 ] && grep -qF "| $name |" cmp.md &&
   grep -qxF "### $name (a,b) note=a, \"b\"" hostile.md &&
   [ "$(grep -c '^| c\\|[123] | ' hostile.md)" = 3 ] && [ "$cells" = 6 ]
then ok history-markdown-escapes
else not_ok history-markdown-escapes "exit $st"; sed 's/^/# /' hostile.md; fi

# A line break in a commit id and a branch (record takes any -commit):
# CSV quotes the field, Markdown shows it as "\n" and keeps its row whole,
# as the comparison's Markdown does with a file name's.
printf 'BenchmarkNL-8 1 5 ns/op\n' >nl.txt
cp nl.txt "$(printf 'o\nld.txt')"
"$bin" -format markdown "$(printf 'o\nld.txt')" nl.txt >nlcmp.md 2>/dev/null
"$bin" record -db "$(db nl)" -commit "$(printf 'n\nl')" \
	-branch "$(printf 'b\nr')" \
	-commit-time 1700000000 nl.txt >/dev/null
"$bin" history -db "$(db nl)" -format csv >nl.csv 2>err
st=$?
"$bin" history -db "$(db nl)" -format markdown >nl.md 2>>err || st=$?
if [ $st = 0 ] && tr '\n' '~' <nl.csv | grep -qF '~NL-8,sec/op,,"n~l","b~r",' &&
   grep -qF '| n\nl | ' nl.md && [ "$(grep -c '^|' nl.md)" = 3 ] &&
   grep -qF ' 1 commits, n\nl to n\nl' nl.md &&
   grep -qxF '| | o\nld.txt | nl.txt | vs base |' nlcmp.md
then ok history-line-break-in-commit
else
	not_ok history-line-break-in-commit "exit $st"
	sed 's/^/# /' nl.csv nl.md
fi

# Schema 2 (tests/history_v2.sql): read untouched; a record migrates it
# to schema 3, its configuration text split into rows (at each line's
# first "=", as schema 2 wrote them), with the same answers.
if sqlite_only "a SQLite file of schema 2: PostgreSQL began at 3" \
    history-reads-schema-2-untouched record-migrates-schema-2 \
    schema-2-run-recorded-again-adds-nothing; then
	"$sqlq" v2.db -f "$here/tests/history_v2.sql"
	cp v2.db v2.orig
	"$bin" history -db v2.db -format json >v2.json 2>v2.err
	st=$?
	if [ $st = 0 ] && cmp -s v2.db v2.orig && [ ! -s v2.err ] &&
	   [ "$("$jsonok" v2.json '#/series')" = 2 ]
	then ok history-reads-schema-2-untouched
	else not_ok history-reads-schema-2-untouched "exit $st"; fi
	"$bin" record -db v2.db -commit v2c run1.txt >/dev/null
	st=$?
	"$bin" history -db v2.db -format json -filter '.name:Two' >v2m.json
	if [ $st = 0 ] && [ "$("$sqlq" v2.db 'PRAGMA user_version')" = 3 ] &&
	   [ "$("$sqlq" v2.db "SELECT key || '|' || value FROM series_config
	       WHERE series_id = 1 ORDER BY seq" | tr '\n' '~')" = \
	       'goos|linux~note|a=b c\d~' ] &&
	   cmp -s v2.json v2m.json
	then ok record-migrates-schema-2
	else not_ok record-migrates-schema-2 "exit $st"; fi
	# The bytes of run 2, recorded again for its commit after the migration:
	# already recorded (schema 2's hash still recognised); other bytes are
	# a new run.
	printf 'goos: linux\nnote: a=b c\\d\nBenchmarkTwo-8 1 2.5 ns/op\n' >legacy.txt
	printf 'goos: linux\nnote: a=b c\\d\nBenchmarkTwo-8 1 2.6 ns/op\n' >legacy2.txt
	"$bin" record -db v2.db -commit v2b legacy.txt >legacy.out 2>&1
	"$bin" record -db v2.db -commit v2b legacy2.txt >>legacy.out 2>&1
	if grep -q '^recorded legacy.txt: already recorded for commit v2b$' \
	    legacy.out &&
	   grep -q '^recorded legacy2.txt: 1 values for commit v2b$' legacy.out
	then ok schema-2-run-recorded-again-adds-nothing
	else not_ok schema-2-run-recorded-again-adds-nothing
		sed 's/^/# /' legacy.out; fi
fi

# Schema 3 keeps a configuration as rows, exactly as read: keys and
# values holding "=", ":" and spaces, and any number of keys (the filter
# once saw only 64).
{
	echo 'k=1: v=2 w:3'
	i=1
	while [ $i -le 70 ]; do echo "key$i: value $i"; i=$((i + 1)); done
	echo 'BenchmarkCfg-8 1 5 ns/op'
} >cfg.txt
"$bin" record -db "$(db cfg)" -commit c1 cfg.txt >/dev/null
"$bin" history -db "$(db cfg)" -filter 'k=1:"v=2 w:3" key70:"value 70"' \
	>cfg.out 2>&1
st=$?
"$bin" history -db "$(db cfg)" -filter 'key70:"value 7"' >cfg.none 2>&1
if [ $st = 0 ] && grep -q '^Cfg-8: sec/op  k=1=v=2 w:3 key1=value 1 ' cfg.out &&
   [ "$(q cfg 'SELECT count(*) FROM series_config')" = 71 ] &&
   [ "$(q cfg "SELECT value FROM series_config WHERE key = 'k=1'" \
       "SELECT convert_from(value, 'UTF8') FROM series_config
        WHERE key = 'k=1'::bytea")" = 'v=2 w:3' ] &&
   grep -q 'no series matches' cfg.none
then ok config-stored-as-rows
else not_ok config-stored-as-rows "exit $st"; sed 's/^/# /' cfg.out | head -3; fi

# A run's content hash is the SHA-256 of its bytes, so two runs that
# differ anywhere are two runs.
sum=$(sha256sum run1.txt | cut -d' ' -f1)
cp run1.txt run1b.txt
printf '\n' >>run1b.txt
"$bin" record -db "$(db sha)" -commit s1 run1.txt >/dev/null
"$bin" record -db "$(db sha)" -commit s1 run1b.txt >sha.out
if [ "$(q sha "SELECT content_hash FROM runs WHERE source = 'run1.txt'" \
    "SELECT convert_from(content_hash, 'UTF8') FROM runs
     WHERE source = 'run1.txt'::bytea")" = "$sum" ] &&
   grep -q 'run1b.txt: 60 values' sha.out
then ok content-hash-is-sha256; else not_ok content-hash-is-sha256; fi

# "Unit score better=higher" in the recorded runs: a 10% drop of score is
# a regression in history and for the gate against history, which judge
# score lower-better by its name alone without it.
units() {
	awk -v lvl="$1" -v seed="$2" -v meta="$3" 'BEGIN {
		srand(seed)
		if (meta) print "Unit score better=higher"
		for (r = 0; r < 10; r++)
			printf "BenchmarkScore-8 1 %.3f score\n", lvl * (1 + 0.01 * (rand() - 0.5))
	}'
}
for m in 0 1; do
	i=1
	while [ $i -le 30 ]; do
		lvl=100
		[ $i -gt 20 ] && lvl=90
		units $lvl $i $m >score$i.txt
		"$bin" record -db "$(db score$m)" -commit c$i -branch main \
			-commit-time $((1700000000 + i * 60)) score$i.txt >/dev/null
		i=$((i + 1))
	done
	"$bin" history -db "$(db score$m)" >score$m.out
	units 80 99 0 >scorenew.txt
	"$bin" -db "$(db score$m)" -threshold 5 -base-commits 8 -commit n1 \
		scorenew.txt >gate$m.out 2>&1
	echo $? >gate$m.exit
done
if grep -q '^  step at c21 .*regression$' score1.out &&
   ! grep -q 'regression$' score0.out &&
   [ "$(cat gate1.exit)" = 2 ] && [ "$(cat gate0.exit)" = 0 ] &&
   [ "$(q score1 "SELECT DISTINCT key || '=' || value FROM run_units" \
       "SELECT DISTINCT convert_from(key, 'UTF8') || '=' ||
        convert_from(value, 'UTF8') FROM run_units")" = better=higher ]
then ok unit-metadata-recorded-and-used
else
	not_ok unit-metadata-recorded-and-used "gate exits $(cat gate0.exit) $(cat gate1.exit)"
	sed 's/^/# /' score1.out | tail -3
fi

# history -copy-to: every run into another store of the same back end
# and into a SQLite file, the same answers there; again, nothing new; a
# selection is refused (a copy is whole), and so is an empty target
# (SQLite's "" is a database in memory, thrown away).
"$bin" history -db "$H" -copy-to "$(db copy)" >copy.out 2>&1
st=$?
"$bin" history -db "$H" -copy-to file.db >>copy.out 2>&1 || st=$?
"$bin" history -db "$H" -format json >orig.json
"$bin" history -db "$(db copy)" -format json >copy.json
"$bin" history -db file.db -format json >file.json
shown=copy.db
[ -n "$pgw" ] && shown='.*'
"$bin" history -db "$H" -copy-to "$(db copy)" >copy2.out 2>&1
"$bin" history -db "$H" -copy-to copy3.db -last 3 >copy3.out 2>&1
st3=$?
"$bin" history -db "$H" -copy-to '' >copy4.out 2>&1
st4=$?
if [ $st = 0 ] &&
   grep -q "^copied [0-9]* runs to $shown: [0-9]* new, 0 already there\$" \
   copy.out &&
   grep -q '^copied [0-9]* runs to file.db: [0-9]* new, 0 ' copy.out &&
   cmp -s orig.json copy.json && cmp -s orig.json file.json &&
   grep -q ': 0 new, ' copy2.out &&
   [ $st3 = 1 ] && grep -q 'copies every run; it does not take -last' copy3.out &&
   [ ! -e copy3.db ] && [ $st4 = 1 ] && grep -q 'empty value' copy4.out
then ok history-copy-to
else not_ok history-copy-to "exit $st, $st3"; cat copy.out copy3.out | sed 's/^/# /'; fi

# Commits of one commit time are ordered as first recorded, and a copy
# (to the same back end and to a SQLite file) keeps that order even when
# the recording machines' clocks disagree: the same -last and gate on
# every side.
i=1
while [ $i -le 6 ]; do
	lvl=100
	[ $i -gt 3 ] && lvl=124
	gen $lvl $i 1 >tie$i.txt
	"$bin" record -db "$(db tie)" -commit t$i -branch main -commit-time 5000 \
		tie$i.txt >/dev/null
	i=$((i + 1))
done
q tie 'UPDATE runs SET recorded_time = 2000000000 - id;
    UPDATE commits SET recorded_time = 2000000000 - id'
"$bin" history -db "$(db tie)" -copy-to "$(db tie2)" >/dev/null
"$bin" history -db "$(db tie)" -copy-to tief.db >/dev/null
gen 125 77 1 >tienew.txt
for d in tie tie2 tief; do
	t=tief.db
	[ $d = tief ] || t=$(db $d)
	"$bin" history -db "$t" -last 2 -format json >$d.json
	"$bin" -db "$t" -base-commits 3 -commit new -threshold 5 tienew.txt \
		>/dev/null 2>&1
	echo $? >$d.exit
done
if cmp -s tie.json tie2.json && cmp -s tie.json tief.json &&
   [ "$(cat tie.exit tie2.exit tief.exit | tr -d '\n')" = 000 ]
then ok copy-keeps-order-of-tied-commits
else not_ok copy-keeps-order-of-tied-commits \
	"gate exits $(cat tie.exit tie2.exit tief.exit | tr '\n' ' ')"; fi

# An empty -branch, -base-branch or -commit (a variable left unset) is an
# error, not "any branch" on one back end and "no branch" on the other.
"$bin" history -db "$H" -branch '' >eb.out 2>&1; a=$?
"$bin" -db "$H" -base-branch '' -threshold 5 run1.txt >>eb.out 2>&1; b=$?
"$bin" record -db "$H" -commit '' run1.txt >>eb.out 2>&1; c=$?
if [ $a = 1 ] && [ $b = 1 ] && [ $c = 1 ] &&
   [ "$(grep -c 'an empty value' eb.out)" = 3 ]
then ok empty-branch-or-commit-refused
else not_ok empty-branch-or-commit-refused "exits $a $b $c"; fi

# A server's password is never shown, however libpq reads it: in a URI
# (its user information, a "?" in it, a percent-encoded parameter name),
# in a keyword string (escaped or quoted blanks, any blank between
# pairs), sslpassword too, and a string libpq cannot read.
nl='
'
for db in 'postgresql://u:s3cr3t@/nodb?host=/nonexistent/dir' \
    'postgres://u:s3?cr3t@127.0.0.1:1/db' \
    'postgres://h/db?pass%77ord=s3cr3t&host=/nonexistent' \
    'host=/nonexistent/dir dbname=nodb password=s3cr3t' \
    'password=s3\ cr3t host=/nonexistent' \
    "host=/nonexistent password='s3 cr3t'" \
    "host=/nonexistent${nl}password=s3cr3t" \
    'host=/nonexistent sslpassword=s3cr3t' \
    '  postgresql://u:s3cr3t@/db?host=/nonexistent' \
    'host=/nonexistent password=s3cr3t port=notanumber'; do
	"$bin" history -db "$db" >pw.out 2>pw.err
	st=$?
	"$bin" history -db "$H" -copy-to "$db" >>pw.out 2>>pw.err
	st2=$?
	if [ $st = 1 ] && [ $st2 = 1 ] && ! grep -q 'cr3t' pw.out pw.err
	then ok password-not-shown
	else not_ok password-not-shown "exits $st $st2: $(cat pw.err)"; fi
done

# Alerts (issue 23): 20 flat commits then +10% from c21.  The step
# alerts once, on the record that confirms it: exit 2 with -alert, 0
# without; the records after it do not alert again; a flat series never
# alerts; history -since lists it in text, Markdown and JSON.
galert() {
	awk -v lvl="$1" -v seed="$2" 'BEGIN {
		srand(seed); print "pkg: example.com/alert"
		for (r = 0; r < 10; r++)
			printf "BenchmarkAlert-8 1000 %.3f ns/op\n", lvl * (1 + 0.02 * (rand() + rand() + rand() - 1.5))
	}'
}
i=1 exits= aexits= flat=0
while [ $i -le 28 ]; do
	lvl=100
	[ $i -gt 20 ] && lvl=110
	galert $lvl $i >al$i.txt
	galert 100 $((i + 100)) >fl$i.txt
	"$bin" record -alert -db "$(db al)" -commit c$i -branch main \
		-commit-time $((1700000000 + i * 60)) al$i.txt >/dev/null 2>>al.err
	exits="$exits$?"
	"$bin" record -db "$(db al2)" -commit c$i -branch main \
		-commit-time $((1700000000 + i * 60)) al$i.txt >/dev/null 2>>al2.err
	aexits="$aexits$?"
	"$bin" record -alert -db "$(db fl)" -commit c$i -branch main \
		-commit-time $((1700000000 + i * 60)) fl$i.txt >/dev/null 2>>fl.err
	flat=$((flat + $?))
	i=$((i + 1))
done
"$bin" record -alert -db "$(db al)" -commit c28 -branch main al28.txt \
	>/dev/null 2>>al.err
again=$?
if [ "$(grep -c . al.err)" = 1 ] &&
   grep -Eq '^alert: benchmark=Alert-8 unit=sec/op kind=step commit=c21 commits=c20\.\.c21 change=\+(9|10|11)\.[0-9]% interval=\+[0-9.]+%\.\.\+[0-9.]+% p=[0-9.e-]+ regression config="pkg=example.com/alert"$' al.err &&
   [ "$(echo "$exits" | tr -d 0)" = 2 ] && [ $again = 0 ]
then ok record-alerts-a-step-once
else not_ok record-alerts-a-step-once "exits $exits, again $again"; sed 's/^/# /' al.err; fi
if cmp -s al.err al2.err && [ "$(echo "$aexits" | tr -d 0)" = "" ]
then ok record-alert-exit-0-without-flag
else not_ok record-alert-exit-0-without-flag "exits $aexits"; fi
if [ $flat = 0 ] && [ ! -s fl.err ]
then ok record-flat-series-no-alert
else not_ok record-flat-series-no-alert "exits sum $flat"; sed 's/^/# /' fl.err; fi

"$bin" history -db "$(db al)" -since c20 >since.txt; a=$?
"$bin" history -db "$(db al)" -since c20 -format markdown >since.md; b=$?
"$bin" history -db "$(db al)" -since c20 -format json >since.json; c=$?
"$bin" history -db "$(db al)" -since c28 >since0.txt; d=$?
if [ "$a$b$c$d" = 0000 ] && [ "$(grep -c . since.txt)" = 1 ] &&
   grep -q '^change: benchmark=Alert-8 unit=sec/op kind=step commit=c21 commits=c20\.\.c21 change=+' since.txt &&
   grep -q '^- :warning: \*\*step\*\* in Alert-8 (sec/op) pkg=example.com/alert at c21: +' since.md &&
   "$jsonok" since.json >/dev/null &&
   grep -q '"since":"c20",.*"changes":\[' since.json &&
   grep -q '{"benchmark":"Alert-8","unit":"sec/op","config":"pkg=example.com/alert","kind":"step","commit":"c21","from":"c20","to":"c21",.*"regression":true}' since.json &&
   [ ! -s since0.txt ]
then ok history-since-formats
else not_ok history-since-formats "exits $a$b$c$d"; cat since.txt since.md since.json | sed 's/^/# /'; fi

# -since a commit no series holds, or in a format it does not write: an
# error, stdout empty.
"$bin" history -db "$(db al)" -since nosuch >sx.out 2>sx.err; a=$?
"$bin" history -db "$(db al)" -since c20 -format csv >>sx.out 2>>sx.err; b=$?
if [ $a = 1 ] && [ $b = 1 ] && [ ! -s sx.out ] &&
   grep -q 'commit nosuch is in no series' sx.err &&
   grep -q 'format must be text, markdown or json' sx.err
then ok history-since-refused
else not_ok history-since-refused "exits $a $b"; sed 's/^/# /' sx.err; fi

# The back end in the summary: tests/history_pg.sh counts a run on
# PostgreSQL only.
echo "# history${pgw:+ (PostgreSQL)}: $pass passed, $fail failed"
[ $fail = 0 ]
