#!/bin/sh
# Smoke test of bench/soundness (`make soundness`): a few trials against
# the real binary must run and print a table that parses, the same with
# one worker or two; stub gates check how regression: and inconclusive:
# lines are counted, and that a failing gate fails the simulation; the
# runs an inconclusive line advises detect the change (issue 21); the
# slowed line of a change to many benchmarks counts what it should.
#
# usage: tests/soundness.sh SOUNDNESS CBENCHSTAT
set -u
sim=$1 bin=$2
. "$(dirname "$0")/tap.sh"
export TMPDIR="$tmp"

# The table row for MODEL N, as "fa det det_inc aa_inc" without the %.
row() {	# file model n
	awk -v m="$2" -v n="$3" '$1 == m && $2 == n {
		gsub(/%/, ""); print $3, $4, $5, $6 }' "$1"
}

# Every rate of a row is a number from 0 to 100.
rates_ok() {
	echo "$1" | awk 'NF != 4 { exit 1 }
	    { for (i = 1; i <= 4; i++)
		if ($i !~ /^[0-9]+\.[0-9]$/ || $i + 0 > 100) exit 1 }'
}

"$sim" -t 3 -m mixed -n 5 -j 2 "$bin" >"$tmp/out2" 2>"$tmp/err"
st=$?
r=$(row "$tmp/out2" mixed 5)
head='soundness: seed=1 trials=3 benchmarks=50 shift=+10% gate:'
if [ $st = 0 ] && [ ! -s "$tmp/err" ] &&
    head -n 1 "$tmp/out2" | grep -q "^$head .* -threshold 5 OLD NEW\$" &&
    rates_ok "$r"
then ok runs-and-parses; else not_ok runs-and-parses "exit $st, row '$r'"; fi

"$sim" -t 3 -m mixed -n 5 -j 1 "$bin" >"$tmp/out1" 2>&1
if cmp -s "$tmp/out1" "$tmp/out2"
then ok same-table-with-one-worker; else not_ok same-table-with-one-worker; fi

# Stub gates: one flags every benchmark as a regression (quoted names,
# then bare ones), one calls every benchmark inconclusive, one fails.
cat >"$tmp/all-red" <<'EOF'
#!/bin/sh
i=0
while [ $i -lt 50 ]; do
	if [ $((i % 2)) = 0 ]; then q='"'; else q=; fi
	echo "regression: benchmark=${q}Op$i-8${q} unit=sec/op" >&2
	i=$((i + 1))
done
exit 2
EOF
cat >"$tmp/all-unsure" <<'EOF'
#!/bin/sh
i=0
while [ $i -lt 50 ]; do
	echo "inconclusive: benchmark=Op$i unit=sec/op" >&2
	i=$((i + 1))
done
EOF
printf '#!/bin/sh\necho "cbenchstat: broken" >&2\nexit 1\n' >"$tmp/broken"
chmod +x "$tmp/all-red" "$tmp/all-unsure" "$tmp/broken"

"$sim" -t 2 -m heavy -n 5 "$tmp/all-red" >"$tmp/out" 2>&1
r=$(row "$tmp/out" heavy 5)
if [ "$r" = "100.0 100.0 100.0 0.0" ]
then ok counts-regression-lines; else not_ok counts-regression-lines "$r"; fi

"$sim" -t 2 -m bimodal -n 5 "$tmp/all-unsure" >"$tmp/out" 2>&1
r=$(row "$tmp/out" bimodal 5)
if [ "$r" = "0.0 0.0 100.0 100.0" ]
then ok counts-inconclusive-lines
else not_ok counts-inconclusive-lines "$r"; fi

"$sim" -t 2 -m mixed -n 5 "$tmp/broken" >"$tmp/out" 2>"$tmp/err"
st=$?
if [ $st = 1 ] && [ ! -s "$tmp/out" ] &&
    grep -q 'cbenchstat: broken' "$tmp/err"
then ok failing-gate-fails; else not_ok failing-gate-fails "exit $st"; fi

"$sim" -t 0 "$bin" >/dev/null 2>&1
st=$?
if [ $st = 1 ]; then ok bad-flag-exits-1
else not_ok bad-flag-exits-1 "exit $st"; fi

# Issue 21: an inconclusive line's runs_needed=N is advice that holds:
# the gate given N runs a side of the same benchmarks detects the change
# in 80% of the trials or more (seeded: the same files every time).
# advice NAME MIN SIM-FLAGS: at least MIN cases advised, 80% held.
advice() {
	name=$1 min=$2
	shift 2
	"$sim" "$@" -n 10 -j 2 "$bin" >"$tmp/out" 2>"$tmp/err"
	st=$?
	a=$(awk '$1 == "advice" { print $4, $6 + 0 }' "$tmp/out")
	if [ $st = 0 ] && [ ! -s "$tmp/err" ] && echo "$a" |
	    awk -v min="$min" 'NF != 2 || $1 < min || $2 < 0.8 * $1 { exit 1 }'
	then ok "$name"; else not_ok "$name" "exit $st, advised/held '$a'"; fi
}
advice advice-holds 5 -t 20 -m bimodal -b 20 -s 1
# A trade-off (half the benchmarks 10% slower, half faster): the run-wide
# shift's doubt gave runs_needed=3 and 4 at n = 10, which held in 1 of 9.
advice advice-holds-trade-off 0 -t 10 -m mixed -c 0.5 -o -s 1

# A gate whose advice never holds: every trial advised, none held.
sed 's/sec\/op"/sec\/op runs_needed=3"/' "$tmp/all-unsure" >"$tmp/bad-advice"
chmod +x "$tmp/bad-advice"
"$sim" -t 2 -m mixed -n 5 "$tmp/bad-advice" >"$tmp/out" 2>&1
if grep -q '^advice mixed 5: 2 advised, 0 held, 0.0%$' "$tmp/out"
then ok counts-advice-that-fails
else not_ok counts-advice-that-fails "$(grep '^advice' "$tmp/out")"; fi

# The slowed line of a change to many benchmarks: a slowed benchmark is
# counted once however many lines name it, and only the slowed ones are.
printf '#!/bin/sh\n"%s"\nexec "%s"\n' "$tmp/all-red" "$tmp/all-red" \
    >"$tmp/twice-red"
chmod +x "$tmp/twice-red"
slowed() {	# name gate want-after-colon
	"$sim" -t 2 -m mixed -n 5 -c 0.2 -o "$2" >"$tmp/out" 2>&1
	if grep -q "^slowed mixed 5: $3\$" "$tmp/out"
	then ok "$1"; else not_ok "$1" "$(grep "^slowed" "$tmp/out")"; fi
}
w='benchmarks=10/50 others=faster false_alarms'
slowed counts-slowed-named "$tmp/twice-red" \
    "$w=100.0% runs_exit_2=100.0% slowed_named=100.0%"
slowed counts-slowed-not-inconclusive "$tmp/all-unsure" \
    "$w=0.0% runs_exit_2=0.0% slowed_named=0.0%"

# The leak scenario (-L, issue 23): leak: lines count only when they
# name the benchmark not also in base; the real gate runs and parses.
for also in no yes; do
	cat >"$tmp/leak-$also" <<EOF
#!/bin/sh
i=0
while [ \$i -lt 50 ]; do
	echo "leak: benchmark=Op\$i-8 unit=B/op column=new also_in_base=$also threshold=5%" >&2
	i=\$((i + 1))
done
EOF
	chmod +x "$tmp/leak-$also"
done
leak_line() {	# name gate want-after-colon
	"$sim" -L -t 2 -m mixed -n 10 -x 1 "$2" >"$tmp/out" 2>&1
	if grep -q "^leak mixed 10: $3\$" "$tmp/out"
	then ok "$1"; else not_ok "$1" "$(cat "$tmp/out")"; fi
}
w='benchmarks=50 growth=+1%/run'
leak_line leak-counts-new "$tmp/leak-no" \
    "$w aa_leak_lines=100.0% found=100.0%"
leak_line leak-not-also-in-base "$tmp/leak-yes" \
    "$w aa_leak_lines=100.0% found=0.0%"
"$sim" -L -b 10 -t 4 -m mixed -n 10 -x 1 "$bin" >"$tmp/out" 2>&1
if grep -Eq '^leak mixed 10: benchmarks=10 growth=\+1%/run aa_leak_lines=[0-9.]+% found=[0-9.]+%$' "$tmp/out"
then ok leak-runs-and-parses; else not_ok leak-runs-and-parses "$(cat "$tmp/out")"; fi

left=0
for f in "$tmp"/soundness.*; do [ -e "$f" ] && left=1; done
if [ $left = 0 ]
then ok no-temporary-files-left; else not_ok no-temporary-files-left; fi

echo "soundness.sh: $pass passed, $fail failed"
test "$fail" = 0
