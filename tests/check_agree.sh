#!/bin/sh
# -check on a saved Markdown report agrees with the live gate that wrote
# it: the same exit status and the same regressions (benchmark and
# unit), over generated runs whose columns have a run-wide shift within
# the threshold (judged against it) and past it (judged as measured),
# slower and faster, in a unit where lower is better (sec/op) and one
# where higher is (B/s), one table or two (issue 21); and a run-wide
# line cut at any byte fails the file at its line.
#
# The families stay under 20 comparisons: the Markdown prints p to three
# decimals, so -check's Holm bound (0.0005 for "0.000") confirms nothing
# in a larger family at -gate-alpha 0.01 (cbenchstat(1), Checking saved
# tables); the runs with two tables are gated at 0.02.  Changes stay
# clear of the threshold, relative to the shift and as measured: the
# table prints the change of the medians, the live gate judges its own
# estimate.
#
# usage: tests/check_agree.sh BINARY
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
. "$(dirname "$0")/tap.sh"

# gen SEED BYTES FACTOR...: ten runs of one benchmark per factor, the
# new side (FACTOR 1: the base), noise about 1% (Park-Miller, so that
# any awk gives the same runs); BYTES 1 adds a B/s metric.
gen() {
	awk -v seed="$1" -v bytes="$2" -v f="$3" 'BEGIN {
		x = seed
		n = split(f, F, " ")
		print "pkg: example.com/agree"
		for (run = 0; run < 10; run++)
			for (i = 1; i <= n; i++) {
				u = 0
				for (k = 0; k < 3; k++) {
					x = (x * 16807) % 2147483647
					u += x / 2147483647
				}
				t = 1000 * i * F[i] * (1 + 0.02 * (u - 1.5))
				printf "BenchmarkB%02d-8\t100000\t%.2f ns/op",
				    i, t
				if (bytes)
					printf "\t%.2f B/s", 1e12 / t
				printf "\n"
			}
	}'
}

# The regressions a gate printed, one "benchmark unit" a line, sorted.
names() {
	re='^regression:.* benchmark=\([^ ]*\) unit=\([^ ]*\) .*'
	sed -n "s/$re/\\1 \\2/p" "$1" | sort
}

# agree NAME BYTES NEW-FACTORS [ALPHA]: live gate, then -check on its
# Markdown, both at -gate-alpha ALPHA (0.01).
agree() {
	name=$1 bytes=$2 new=$3 alpha=${4:-0.01}
	base=$(echo "$new" | sed 's/[^ ][^ ]*/1/g')
	gen 7 "$bytes" "$base" >"$tmp/old.txt"
	gen 11 "$bytes" "$new" >"$tmp/new.txt"
	(cd "$tmp" && "$bin" -format markdown -threshold 5 \
	    -gate-alpha "$alpha" old.txt new.txt \
	    >report.md 2>live.err)
	live=$?
	(cd "$tmp" && "$bin" -check -threshold 5 -gate-alpha "$alpha" \
	    report.md >check.out 2>check.err)
	check=$?
	names "$tmp/live.err" >"$tmp/live.names"
	names "$tmp/check.out" >"$tmp/check.names"
	if [ "$live" = "$check" ] && [ "$live" != 1 ] &&
	    cmp -s "$tmp/live.names" "$tmp/check.names" &&
	    grep -q '^Run-wide shift of ' "$tmp/report.md"; then
		ok "agree-$name"
	else
		not_ok "agree-$name" "live exit $live, -check exit $check"
		diff "$tmp/live.names" "$tmp/check.names" | sed 's/^/# /'
		sed 's/^/# /' "$tmp/check.err"
	fi
	# The scenario says what it is about: exit 2 when it names some.
	case "$name" in
	*-fails) [ "$live" = 2 ] && [ -s "$tmp/live.names" ] ||
		not_ok "agree-$name-live" "exit $live, no names" ;;
	*-passes) [ "$live" = 0 ] || not_ok "agree-$name-live" "exit $live" ;;
	esac
}

# A run-wide line cut at any byte (a line end after the cut, the rest of
# the report after it) fails the file at that line, never passes it:
# within the threshold and past it (marked and bold).
cut_every_byte() {
	name=$1 report=$2
	rm -rf "$tmp/cut" && mkdir "$tmp/cut" || exit 2
	# One file per cut, written by one awk (a process per cut is slow on
	# a loaded machine); byte counts, whatever awk's idea of characters.
	LC_ALL=C awk -v dir="$tmp/cut" '
	    { line[NR] = $0 }
	    /^Run-wide shift of / { at = NR }
	    END {
		len = length(line[at])
		for (k = 1; k < len; k++) {
			f = dir "/" k ".md"
			for (i = 1; i <= NR; i++) {
				s = line[i]
				if (i == at)
					s = substr(s, 1, k)
				print s >f
			}
			close(f)
		}
		print at, len >(dir "/at")
	    }' "$report"
	read -r line len <"$tmp/cut/at"
	bad=0 k=1
	while [ "$k" -lt "$len" ]; do
		"$bin" -check -threshold 5 "$tmp/cut/$k.md" >/dev/null \
		    2>"$tmp/cut.err"
		st=$? msg=
		read -r msg <"$tmp/cut.err"
		case "$st $msg" in
		"1 cbenchstat: $tmp/cut/$k.md:$line: "*) ;;
		*)	bad=$((bad + 1))
			echo "# cut after $k bytes: exit $st: $msg" ;;
		esac
		k=$((k + 1))
	done
	if [ "$bad" = 0 ] && [ "$len" -gt 100 ]
	then ok "run-wide-cut-$name"
	else not_ok "run-wide-cut-$name" "$bad of $((len - 1)) cuts"; fi
}

r3="1.03 1.03 1.03 1.03 1.03 1.03 1.03 1.03 1.03 1.03 1.03"
d4="0.96 0.96 0.96 0.96 0.96 0.96 0.96 0.96 0.96 0.96 0.96"
# Drift +3% and one benchmark +10%: past the threshold both ways.
agree drift-one-slower-fails 0 "$r3 1.10"
# Drift +3% and one +6.5%: +3.4% relative to the run, not a regression.
agree drift-relative-passes 0 "$r3 1.065"
cut_every_byte within "$tmp/report.md"
# Both at once, with throughput: two tables, each with its shift.
agree drift-two-tables-fails 1 "$r3 1.065 1.10 1.03 1.03" 0.02
# Every benchmark +9%: the shift is past the threshold, the run fails on
# it, and every benchmark is judged as measured.
agree run-slower-fails 0 "1.09 1.09 1.09 1.09 1.09 1.09 1.09 1.09 1.09 \
1.09 1.09 1.09"
cut_every_byte past "$tmp/report.md"
agree run-slower-bytes-fails 1 "1.09 1.09 1.09 1.09 1.09 1.09 1.09 1.09 \
1.09 1.09 1.09 1.09" 0.02
# Drift -4% and one +3.5%: +7.8% relative, but not +5% as measured.
agree faster-drift-passes 1 "$d4 1.035" 0.02
# Drift -4% and one +7%: past both ways.
agree faster-drift-fails 0 "$d4 1.07 1.0"
# Every benchmark -9%: faster as a whole; nothing regressed.
agree run-faster-passes 1 "0.91 0.91 0.91 0.91 0.91 0.91 0.91 0.91 0.91 \
0.91 0.91 0.91" 0.02

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
