#!/bin/sh
# Smoke test of bench/history_sim (`make soundness`): a few trials run and
# print the tables, the same for the same seed and through each back end
# (bench/history_sim_backends.sh), and a plain step is found.
#
# usage: tests/history_sim.sh HISTORY_SIM
set -u
sim=$1
. "$(dirname "$0")/tap.sh"

"$sim" -t 20 -n 40 >"$tmp/a" 2>"$tmp/err"
st=$?
"$sim" -t 20 -n 40 >"$tmp/b" 2>&1
if [ $st = 0 ] && [ ! -s "$tmp/err" ] && cmp -s "$tmp/a" "$tmp/b" &&
    grep -q '^none  *-  *-  *[0-9.]*%  *-  *-  *-  *[0-9.]*%$' "$tmp/a" &&
    grep -q 'commit medians (t)' "$tmp/a"
then ok history-sim-runs; else not_ok history-sim-runs "exit $st"; fi
det=$(awk '$1 == "step" { sub(/%/, "", $3); print $3 }' "$tmp/a")
if [ -n "$det" ] && awk -v d="$det" 'BEGIN { exit !(d >= 90) }'
then ok history-sim-finds-steps; else not_ok history-sim-finds-steps "$det%"; fi
# A ramp (issue 21): found, one change, never overlapping another, its
# size interval holding the truth (95% stated; at least 85% of 20).
"$sim" -t 20 -n 100 -ramp 40:12:12 >"$tmp/r" 2>&1
set -- $(tail -1 "$tmp/r")
if [ "$1 $3" = "ramp x12" ] && [ "$5" = 100.0% ] && [ "${10}" = 0.0% ] &&
    [ "${11}" = 0.0% ] && awk -v c="${9%\%}" 'BEGIN { exit !(c >= 85) }'
then ok history-sim-ramp; else not_ok history-sim-ramp "$(cat "$tmp/r")"; fi
# Through a SQLite file and a PostgreSQL database (skipped without a
# server), every commit recorded and read back: the same figures.
out=$(sh "$(dirname "$0")/../bench/history_sim_backends.sh" \
    "$(dirname "$(dirname "$sim")")" 20 40 2>&1)
st=$?
if [ $st = 0 ] && echo "$out" | grep -q 'the same figures'
then ok history-sim-same-on-each-backend; echo "# $out"
else not_ok history-sim-same-on-each-backend "$out"; fi
# Alerts (record, issue 23): over flat series, alerts per recorded
# commit at most alpha (1%); a +10% step alerts in >= 90% of series.
"$sim" -a -t 20 -n 40 >"$tmp/al" 2>&1
fa=$(awk '$1 == "none" && NF == 5 { sub(/%/, "", $2); print $2 }' "$tmp/al")
det=$(awk '$1 == "step" && $2 == "+10%" && NF == 6 { sub(/%/, "", $5); print $5 }' "$tmp/al")
if [ -n "$fa" ] && [ -n "$det" ] &&
    awk -v f="$fa" -v d="$det" 'BEGIN { exit !(f <= 1 && d >= 90) }'
then ok history-sim-alerts
else not_ok history-sim-alerts "$(tail -3 "$tmp/al")"; fi
"$sim" -n 10 >/dev/null 2>&1
if [ $? = 1 ]; then ok history-sim-usage; else not_ok history-sim-usage; fi
[ $fail = 0 ]
