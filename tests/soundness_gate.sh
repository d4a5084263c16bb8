#!/bin/sh
# The gate's soundness, checked in make check (issue 21): a change to the
# rule that breaks it fails CI, not only `make soundness` when someone runs
# it.  bench/soundness runs the real binary at n = 10 on the mixed noise
# model with fixed seeds, so the figures are the same on every machine and
# every run (they depend on the seed and the gate only, not on -j or load):
#   one benchmark of 50 +10%:  A/A false alarms <= 2%, detection >= 70%;
#   each change to many benchmarks (default: half of them +10%, and half
#   +10% with the other half -10%, a trade-off): runs that exit 2 >= 90%
#   and slowed benchmarks named as regressions >= 70%.
# Stub gates that always exit 0 and always exit 2 must fail the same
# checks, so the checks can fail.  220 trials in all.
#
# usage: tests/soundness_gate.sh SOUNDNESS CBENCHSTAT
#   CHANGES="0.2 1.0-o ..." replaces the many-benchmark scenarios
#   (a fraction, -o appended for the trade-off).
set -u
sim=$1 bin=$2
. "$(dirname "$0")/tap.sh"
export TMPDIR="$tmp"
changes=${CHANGES:-0.5 0.5-o}

# The figures and the bounds, as "fa det" and "red named" pairs.
single() {	# gate
	"$sim" -t 120 -m mixed -n 10 -s 1 -j 2 "$1" >"$tmp/out" 2>"$tmp/err" ||
	    { cat "$tmp/err"; return 1; }
	awk '$1 == "mixed" && $2 == 10 { gsub(/%/, ""); print $3, $4 }' \
	    "$tmp/out"
}

many() {	# gate fraction[-o]
	o=
	case $2 in *-o) o=-o ;; esac
	"$sim" -t 50 -m mixed -n 10 -s 2 -j 2 -c "${2%-o}" $o "$1" \
	    >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; return 1; }
	awk '$1 == "slowed" && $2 == "mixed" && $3 == "10:" {
		for (i = 4; i <= NF; i++)
			if (split($i, kv, "=") == 2) {
				sub(/%$/, "", kv[2])
				f[kv[1]] = kv[2]
			}
		print f["runs_exit_2"], f["slowed_named"]
	    }' "$tmp/out"
}

# within "X Y" XOP BOUND YOP BOUND: both figures are numbers in bounds.
within() {
	echo "$1" | awk -v xo="$2" -v xb="$3" -v yo="$4" -v yb="$5" '
	    function fits(v, op, b) {
		return v ~ /^[0-9]+\.[0-9]$/ &&
		    (op == "<=" ? v + 0 <= b : v + 0 >= b)
	    }
	    NF != 2 || !fits($1, xo, xb) || !fits($2, yo, yb) { exit 1 }
	    END { if (NR != 1) exit 1 }'
}

# sound GATE TAG [stop]: every check on one gate, its figures printed;
# 0 when all of them hold (with stop, 1 at the first that does not).
sound() {
	good=0
	r=$(single "$1")
	if within "$r" '<=' 2 '>=' 70; then s=ok; else s=FAIL; good=1; fi
	echo "# $2 one benchmark +10%: false_alarms% detection% = $r ($s)"
	for c in $changes; do
		[ $good = 1 ] && [ $# -gt 2 ] && return 1
		r=$(many "$1" "$c")
		if within "$r" '>=' 90 '>=' 70; then s=ok
		else s=FAIL good=1; fi
		echo "# $2 -c $c: runs_exit_2% slowed_named% = $r ($s)"
	done
	return $good
}

if sound "$bin" cbenchstat; then ok gate-is-sound
else not_ok gate-is-sound "see the figures above"; fi

# The checks can fail: a gate that never goes red misses every change,
# one that always does raises a false alarm on every A/A pair.
printf '#!/bin/sh\nexit 0\n' >"$tmp/never"
printf '#!/bin/sh\nexit 2\n' >"$tmp/always"
chmod +x "$tmp/never" "$tmp/always"
for g in never always; do
	if sound "$tmp/$g" "$g" stop >"$tmp/log"; then
		cat "$tmp/log"
		not_ok "stub-$g-fails" "a gate that exits $g passed"
	else
		ok "stub-$g-fails"
	fi
done

echo "soundness_gate.sh: $pass passed, $fail failed"
test "$fail" = 0
