#!/bin/sh
# The history on PostgreSQL (cbenchstat(1), HISTORY DATABASE), through
# the program, on a throwaway cluster this script starts (tests/pgtmp.sh)
# and stops even on failure: the same records give byte-identical history
# in every format and the same gate as SQLite; hostile names round-trip;
# SQLite -> PostgreSQL -> SQLite copies; a read-only role gates but does
# not record; 8 writers x 5 rounds lose nothing; a record SIGKILLed or
# cut by a server restart leaves the whole run or none of it, and the
# same command then succeeds; tests/history.sh and tests/history_html.sh,
# whole, on databases of their own (the checks of SQLite files alone
# say they are skipped).  Prints SKIP without a server.
#
# usage: tests/history_pg.sh CBENCHSTAT JSONOK
set -u
bin=$1 jsonok=$2
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
case "$jsonok" in /*) ;; *) jsonok="$(pwd)/$jsonok" ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/pgtmp.sh"
unset CBENCHSTAT_DB
pg=$(mktemp -d /tmp/pgtmp.XXXXXX) || exit 2
trap 'pgtmp_stop "$pg"; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pgtmp_start "$pg" >/dev/null
st=$?
if [ $st = 77 ]; then
	echo "SKIP: tests/history_pg.sh (no PostgreSQL server installed)"
	exit 0
fi
[ $st = 0 ] || { echo "not ok pgtmp-start"; exit 1; }
cd "$tmp" || exit 2
W=$PGTMP_URI R=$PGTMP_READER_URI
psql_admin() { "$pgtmp_bin/psql" -X -q -At -h "$pg" -U postgres "$@"; }
count() { psql_admin -d "$1" -c "$2"; }

# gen LEVEL SEED: 10 runs of two benchmarks around LEVEL ns/op, with a
# hostile name, configuration and unit metadata.
gen() {
	awk -v lvl="$1" -v seed="$2" 'BEGIN {
		srand(seed)
		print "goos: linux"
		print "k=1: v=2 w:3"
		printf "note: \x27); DROP TABLE runs; --\n"
		print "Unit score better=higher"
		for (r = 0; r < 10; r++) {
			u = rand() - 0.5
			printf "BenchmarkPlain-8 1 %.3f ns/op %.3f score\n", lvl * (1 + 0.02 * u), 1000 / lvl
			printf "BenchmarkCaf\351<b>\x27\"x\377-8 1 %.3f ns/op\n", 2 * lvl * (1 + 0.02 * u)
		}
	}'
}

# The same 25 records, on two branches, into SQLite and PostgreSQL.
i=1
while [ $i -le 25 ]; do
	lvl=100
	[ $i -gt 15 ] && lvl=112
	gen $lvl $i >run$i.txt
	br=main
	[ $((i % 5)) = 0 ] && br="feat'; --"
	for db in same.db "$W"; do
		"$bin" record -db "$db" -commit "c$i'\"<x>" -branch "$br" \
			-commit-time $((1700000000 + i * 60)) run$i.txt >/dev/null ||
			echo "record $i into $db failed"
	done
	i=$((i + 1))
done
gen 125 99 >new.txt
same=0 differ=""
for args in '-format text' '-format csv' '-format markdown' '-format json' \
    '-format html' '-last 5' '-branch main -format json' \
    "-filter 'k=1:\"v=2 w:3\"'" '-filter .unit:score -format csv'; do
	# shellcheck disable=SC2086
	eval "\"\$bin\" history -db same.db $args" >sq.out 2>sq.err
	a=$?
	eval "\"\$bin\" history -db \"\$R\" $args" >pg.out 2>pg.err
	b=$?
	if [ $a = 0 ] && [ $a = $b ] && [ -s sq.out ] && cmp -s sq.out pg.out &&
	    cmp -s sq.err pg.err
	then same=$((same + 1)); else differ="$differ [$args]"; fi
done
"$bin" -db same.db -threshold 5 -base-commits 8 -commit new new.txt \
	>sqg.out 2>sqg.err
a=$?
"$bin" -db "$R" -threshold 5 -base-commits 8 -commit new new.txt \
	>pgg.out 2>pgg.err
b=$?
if [ $same = 9 ] && [ $a = 2 ] && [ $b = 2 ] && cmp -s sqg.out pgg.out &&
   cmp -s sqg.err pgg.err && grep -q 'unit=score column=history' pgg.err
then ok pg-same-answers-as-sqlite
else not_ok pg-same-answers-as-sqlite "differ:$differ; gates $a $b"; fi

# Hostile strings came back byte for byte (invalid UTF-8 included), and
# the commit id with quotes is one commit.
"$bin" history -db "$R" -format csv -filter '.unit:sec/op' >h.csv
if grep -qF "$(printf 'Caf\351<b>')" h.csv && grep -qF "$(printf '\377-8')" h.csv &&
   grep -qF "DROP TABLE runs" h.csv &&
   [ "$(count cbs 'SELECT count(*) FROM commits')" = 25 ] &&
   [ "$(count cbs "SELECT count(*) FROM commits WHERE hash = convert_to('c7''\"<x>', 'UTF8')")" = 1 ]
then ok pg-hostile-names-round-trip; else not_ok pg-hostile-names-round-trip; fi

# Copies: SQLite -> a new PostgreSQL database -> a new SQLite file, the
# same history each time; copying again adds nothing.
psql_admin -d postgres -c 'CREATE DATABASE cbs2 OWNER cbs_writer'
W2=$(echo "$W" | sed 's|///cbs?|///cbs2?|')
"$bin" history -db same.db -copy-to "$W2" >copy1.out 2>&1
a=$?
"$bin" history -db "$W2" -copy-to back.db >copy2.out 2>&1
b=$?
"$bin" history -db same.db -copy-to "$W2" >copy3.out 2>&1
"$bin" history -db same.db -format json >c0.json
"$bin" history -db "$W2" -format json >c1.json
"$bin" history -db back.db -format json >c2.json
if [ $a = 0 ] && [ $b = 0 ] && "$jsonok" c1.json >/dev/null &&
   cmp -s c0.json c1.json && cmp -s c0.json c2.json &&
   grep -q '^copied 25 runs to .*: 25 new, 0 already there$' copy1.out &&
   grep -q ': 0 new, 25 already there$' copy3.out
then ok pg-copy-both-ways
else not_ok pg-copy-both-ways "exits $a $b"; cat copy1.out copy2.out | sed 's/^/# /'; fi

# The read-only role: history and the gate work, record is refused with
# the server's message and writes nothing.
runs=$(count cbs 'SELECT count(*) FROM runs')
"$bin" record -db "$R" -commit ro1 new.txt >ro.out 2>ro.err
a=$?
"$bin" history -db "$R" -last 2 >/dev/null 2>&1
b=$?
if [ $a = 1 ] && grep -q 'permission denied' ro.err && [ $b = 0 ] &&
   [ "$(count cbs 'SELECT count(*) FROM runs')" = "$runs" ] &&
   [ "$(count cbs "SELECT count(*) FROM commits WHERE hash = 'ro1'")" = 0 ]
then ok pg-read-only-role; else not_ok pg-read-only-role "exits $a $b: $(cat ro.err)"; fi

# A password in the target is never shown, even in the server's errors.
"$bin" history -db "postgresql://cbs_writer:s3cr3t@/nosuchdb?host=$pg" >pw.out 2>pw.err
a=$?
if [ $a = 1 ] && ! grep -q s3cr3t pw.out pw.err && grep -q nosuchdb pw.err
then ok pg-password-not-shown; else not_ok pg-password-not-shown "exit $a: $(cat pw.err)"; fi

# A statement timeout of 300 s unless someone set one, an explicit 0
# included (the server logs the superuser's statements).
A=$PGTMP_ADMIN_URI
PGOPTIONS='-c log_statement=all' "$bin" history -db "$A" -last 1 >/dev/null 2>&1
a=$(grep -c "statement_timeout = '300s'" "$pg/server.log")
PGOPTIONS='-c log_statement=all -c statement_timeout=0' \
	"$bin" history -db "$A" -last 1 >/dev/null 2>&1
b=$(grep -c "statement_timeout = '300s'" "$pg/server.log")
if [ "$a" = 1 ] && [ "$b" = 1 ]
then ok pg-statement-timeout; else not_ok pg-statement-timeout "$a, $b"; fi

# 8 writers x 5 rounds at once, each its own commit and two runs of one
# shared commit: nothing lost, nothing doubled.
psql_admin -d postgres -c 'CREATE DATABASE cbs3 OWNER cbs_writer'
W3=$(echo "$W" | sed 's|///cbs?|///cbs3?|')
r=1
while [ $r -le 5 ]; do
	w=1
	while [ $w -le 8 ]; do
		gen 100 $((r * 100 + w)) >w$w-$r.txt
		( "$bin" record -db "$W3" -commit "w$w-r$r" w$w-$r.txt &&
		  "$bin" record -db "$W3" -commit shared w$w-$r.txt ) \
			>/dev/null 2>>writers.err &
		w=$((w + 1))
	done
	wait
	r=$((r + 1))
done
if [ "$(count cbs3 'SELECT count(*) FROM runs')" = 80 ] &&
   [ "$(count cbs3 'SELECT count(*) FROM commits')" = 41 ] &&
   [ "$(count cbs3 'SELECT count(*) FROM samples')" = $((80 * 30)) ] &&
   [ ! -s writers.err ]
then ok pg-concurrent-writers-lose-nothing
else not_ok pg-concurrent-writers-lose-nothing "$(head -3 writers.err)"; fi

# A big run (20,000 values) SIGKILLed at random moments: each run is
# whole or absent; then the same command records it.
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "BenchmarkBig%d-8 1 %d ns/op\n", i % 50, 100 + i % 7 }' >big.txt
psql_admin -d postgres -c 'CREATE DATABASE cbs4 OWNER cbs_writer'
W4=$(echo "$W" | sed 's|///cbs?|///cbs4?|')
"$bin" record -db "$W4" -commit warm run1.txt >/dev/null
k=1
while [ $k -le 12 ]; do
	"$bin" record -db "$W4" -commit "kill$k" big.txt >/dev/null 2>&1 &
	p=$!
	sleep "0.$(awk -v s=$k 'BEGIN { srand(s); printf "%02d", rand() * 40 }')"
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
	k=$((k + 1))
done
partial=$(count cbs4 "SELECT count(*) FROM (SELECT r.id FROM runs r LEFT JOIN samples s ON s.run_id = r.id JOIN commits c ON c.id = r.commit_id WHERE c.hash <> 'warm' GROUP BY r.id HAVING count(s.value) <> 20000) x")
"$bin" record -db "$W4" -commit kill1 big.txt >kill.out 2>&1
a=$?
whole=$(count cbs4 "SELECT count(*) FROM samples s JOIN runs r ON r.id = s.run_id JOIN commits c ON c.id = r.commit_id WHERE c.hash = 'kill1'")
echo "# $(count cbs4 "SELECT count(*) FROM runs WHERE content_hash <> (SELECT content_hash FROM runs r JOIN commits c ON c.id = r.commit_id WHERE c.hash = 'warm')") of 12 killed records whole, the rest absent"
if [ "$partial" = 0 ] && [ $a = 0 ] && [ "$whole" = 20000 ]
then ok pg-sigkill-leaves-whole-or-nothing
else not_ok pg-sigkill-leaves-whole-or-nothing "$partial partial, exit $a, $whole values"; fi

# The server restarted (immediate: a crash) under a record: exit 1 with
# a clear message and nothing half-written; the same command then works.
awk 'BEGIN { for (i = 0; i < 400000; i++) printf "BenchmarkHuge%d-8 1 %d ns/op\n", i % 50, 100 + i % 7 }' >huge.txt
"$bin" record -db "$W4" -commit crash huge.txt >crash.out 2>crash.err &
p=$!
sleep 0.3
pgtmp_users
pgtmp_as "$pgtmp_bin/pg_ctl" -D "$pg/data" -w -t 60 restart -m immediate \
	>/dev/null 2>&1
wait $p
a=$?
n=$(count cbs4 "SELECT count(*) FROM samples s JOIN runs r ON r.id = s.run_id JOIN commits c ON c.id = r.commit_id WHERE c.hash = 'crash'")
"$bin" record -db "$W4" -commit crash huge.txt >crash2.out 2>&1
b=$?
m=$(count cbs4 "SELECT count(*) FROM samples s JOIN runs r ON r.id = s.run_id JOIN commits c ON c.id = r.commit_id WHERE c.hash = 'crash'")
if { { [ $a = 1 ] && [ "$n" = 0 ] && [ -s crash.err ]; } ||
     { [ $a = 0 ] && [ "$n" = 400000 ]; }; } &&
   [ $b = 0 ] && [ "$m" = 400000 ]
then ok pg-restart-mid-record
else not_ok pg-restart-mid-record "exits $a $b, $n then $m values: $(cat crash.err)"; fi
[ $a = 1 ] && echo "# the restart cut the record: $(cat crash.err)"

# The history page's checks (tests/history_html.sh) on two PostgreSQL
# databases of their own.
psql_admin -d postgres -c 'CREATE DATABASE cbs5 OWNER cbs_writer' \
	-c 'CREATE DATABASE cbs6 OWNER cbs_writer'
HISTORY_DB_S=$(echo "$W" | sed 's|///cbs?|///cbs5?|') \
HISTORY_DB_M=$(echo "$W" | sed 's|///cbs?|///cbs6?|') \
	sh "$here/tests/history_html.sh" "$bin" >html.out 2>&1
a=$?
grep -E '^(not ok|# history html)' html.out | sed 's/^/# pg: /'
if [ $a = 0 ] && grep -q '^# history html: [1-9][0-9]* passed, 0 failed' html.out
then ok pg-history-html-suite; else not_ok pg-history-html-suite "exit $a"; fi

# Alerts (issue 23) on a database of their own: the same records alert
# the same step once, with the same exits, as on SQLite; history -since
# answers the same in every format it writes.
psql_admin -d postgres -c 'CREATE DATABASE cbs7 OWNER cbs_writer'
W7=$(echo "$W" | sed 's|///cbs?|///cbs7?|')
i=1 ex1= ex2=
while [ $i -le 28 ]; do
	lvl=100
	[ $i -gt 20 ] && lvl=110
	awk -v lvl=$lvl -v seed=$i 'BEGIN { srand(seed)
		for (r = 0; r < 10; r++)
			printf "BenchmarkAlert-8 1000 %.3f ns/op\n", lvl * (1 + 0.02 * (rand() + rand() + rand() - 1.5)) }' >al$i.txt
	"$bin" record -alert -db al.db -commit c$i -branch main \
		-commit-time $((1700000000 + i * 60)) al$i.txt >/dev/null 2>>al1.err
	ex1="$ex1$?"
	"$bin" record -alert -db "$W7" -commit c$i -branch main \
		-commit-time $((1700000000 + i * 60)) al$i.txt >/dev/null 2>>al2.err
	ex2="$ex2$?"
	i=$((i + 1))
done
differ=
for f in text markdown json; do
	"$bin" history -db al.db -since c20 -format $f >s1.$f
	"$bin" history -db "$W7" -since c20 -format $f >s2.$f
	cmp -s s1.$f s2.$f || differ="$differ $f"
done
if [ "$ex1" = "$ex2" ] && [ "$(echo "$ex2" | tr -d 0)" = 2 ] &&
   cmp -s al1.err al2.err && [ "$(grep -c '^alert: .* kind=step commit=c21 .* regression' al2.err)" = 1 ] &&
   [ "$(grep -c . al2.err)" = 1 ] && [ -z "$differ" ] &&
   grep -q '^change: benchmark=Alert-8 .* kind=step commit=c21 ' s2.text
then ok pg-alerts-as-sqlite
else not_ok pg-alerts-as-sqlite "exits $ex1 / $ex2, differ:$differ"; cat al1.err al2.err | sed 's/^/# /'; fi

# The history suite (tests/history.sh) on databases of its own, made
# as it needs them: its 50 checks that are not about SQLite files run
# and pass on PostgreSQL, and exactly its 15 that are say so.
HISTORY_PG_URI=$W HISTORY_PG_ADMIN_URI=$PGTMP_ADMIN_URI \
HISTORY_PG_PSQL=$pgtmp_bin/psql \
	sh "$here/tests/history.sh" "$bin" "$(dirname "$jsonok")/sqlq" \
	"$jsonok" >suite.out 2>&1
a=$?
grep -E '^(not ok|# history|# skipped)' suite.out | sed 's/^/# pg: /'
n=$(sed -n 's/^# history (PostgreSQL): \([0-9]*\) passed, 0 failed$/\1/p' \
    suite.out)
skips=$(grep -c '^# skipped on PostgreSQL: ' suite.out)
if [ $a = 0 ] && [ "${n:-0}" -ge 50 ] && [ "$skips" = 15 ]
then ok pg-history-suite
else not_ok pg-history-suite "exit $a, ${n:-no} checks passed there, $skips skipped"; fi

echo "# history on PostgreSQL: $pass passed, $fail failed"
[ $fail = 0 ]
