#!/bin/sh
# The input formats from the command line: a test2json stream reads as
# the plain text it carries, byte for byte; detection is per input and
# works on standard input; every format's regression fixture gates.
# The fixtures are testdata/inputs/ (scripts/make-input-fixtures.sh).
#
# usage: tests/inputs.sh BINARY
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
in="$here/testdata/inputs"
. "$(dirname "$0")/tap.sh"

# Same label, same run: the stream and its text give the same bytes, in
# every output format.
for f in text csv markdown json; do
	"$bin" -format $f run="$in/go-old.txt" >"$tmp/text.$f" 2>&1
	"$bin" -format $f run="$in/go-old.json" >"$tmp/t2j.$f" 2>&1
	if [ -s "$tmp/text.$f" ] && cmp -s "$tmp/text.$f" "$tmp/t2j.$f"
	then ok "t2j-identical-$f"; else not_ok "t2j-identical-$f"; fi
done

# The fixture does have lines cut across events, or the test above
# would prove less than it says.
if grep -q '"Output":"Benchmark[^"]*\\t"}' "$in/go-old.json"
then ok t2j-fixture-has-cut-lines; else not_ok t2j-fixture-has-cut-lines; fi

# Standard input is detected too, in both formats.
"$bin" x="$in/go-old.txt" >"$tmp/want"
"$bin" x=- <"$in/go-old.json" >"$tmp/got"
if cmp -s "$tmp/want" "$tmp/got"; then ok t2j-stdin; else not_ok t2j-stdin; fi
"$bin" x=- <"$in/go-old.txt" >"$tmp/got"
if cmp -s "$tmp/want" "$tmp/got"; then ok go-stdin; else not_ok go-stdin; fi

# Each format's regression fixture fails the gate with exit 2, and the
# regressions are the benchmark made slow, in the right direction.
gate() {	# name old new want-regressions
	"$bin" -threshold 5 "$in/$2" "$in/$3" >/dev/null 2>"$tmp/err"
	st=$?
	n=$(grep -c '^regression:' "$tmp/err")
	if [ $st = 2 ] && [ "$n" = "$4" ]; then ok "gate-$1"
	else not_ok "gate-$1" "exit $st, $n regressions"; fi
}
gate go go-old.json go-new.json 2
gate gbench gbench-old.json gbench-new.json 6
gate hyperfine hyperfine-old.json hyperfine-new.json 3
# B/s is a rate: the slow copy's drop in it is a regression.
"$bin" -threshold 5 "$in/gbench-old.json" "$in/gbench-new.json" \
	>/dev/null 2>"$tmp/err"
if grep -q '^regression: benchmark=BM_memcpy/64 unit=B/s .*change=-' \
    "$tmp/err"
then ok gate-gbench-rate-lower-is-worse; else not_ok gate-gbench-rate-lower-is-worse; fi

# "go test -json 2>&1" starts with the go command's own lines (issue 20,
# F13): still a test2json stream, the same tables, the same regressions,
# and the stray line warned about.  It was read as Go text: no output,
# exit 0.
for f in old new; do
	{ echo 'go: downloading example.com/x v1.0.0'; cat "$in/go-$f.json"; } \
	    >"$tmp/stray-$f.json"
done
"$bin" -threshold 5 x="$tmp/stray-old.json" y="$tmp/stray-new.json" \
	>"$tmp/got" 2>"$tmp/err"
st=$?
"$bin" -threshold 5 x="$in/go-old.json" y="$in/go-new.json" \
	>"$tmp/want" 2>/dev/null
if [ $st = 2 ] && [ -s "$tmp/want" ] && cmp -s "$tmp/want" "$tmp/got" &&
   [ "$(grep -c '^regression:' "$tmp/err")" = 2 ] &&
   grep -q "^$tmp/stray-old.json:1: not a go test -json event; skipped\$" \
    "$tmp/err"
then ok t2j-stray-first-line; else not_ok t2j-stray-first-line "exit $st"; fi

# A JSON input that yields no result is an error, gate or not (issue 20,
# F11): it exited 0 with no word, the gate passing on nothing.
printf '{"context": {}, "benchmarks": []}\n' >"$tmp/empty-gbench.json"
printf '{"results": []}\n' >"$tmp/empty-hyperfine.json"
printf '{"Action":"start","Package":"p"}\n' >"$tmp/empty-t2j.json"
for f in empty-gbench empty-hyperfine empty-t2j; do
	"$bin" -threshold 5 "$tmp/$f.json" "$tmp/$f.json" >"$tmp/out" \
	    2>"$tmp/err"
	st=$?
	if [ $st = 1 ] && [ ! -s "$tmp/out" ] && [ "$(cat "$tmp/err")" = \
	    "cbenchstat: $tmp/$f.json: no benchmark results in this JSON input" ]
	then ok "$f"; else not_ok "$f" "exit $st"; fi
done

# Google Benchmark counters with long names stay whole units (issue 20,
# F9): two of 601 bytes that differ in the last were cut to 511 and
# merged (n=2, centre 1.5); one of 2,000 bytes was kept cut.
a=$(head -c 600 /dev/zero | tr '\0' a)
b=$(head -c 2000 /dev/zero | tr '\0' b)
printf '{"context": {}, "benchmarks": [{"name": "BM_a", "real_time": 5, "%sX": 1, "%sY": 2, "%s": 3}]}\n' \
	"$a" "$a" "$b" >"$tmp/long-counters.json"
"$bin" -format csv "$tmp/long-counters.json" >"$tmp/out" 2>"$tmp/err"
st=$?
got=$(awk -F, '$3 == "CI" { u = $2 } $1 == "BM_a" { print length(u), substr(u, length(u)), $2 }' \
	"$tmp/out" | tr '\n' ' ')
if [ $st = 0 ] && [ "$got" = "6 p 5e-09 601 X 1 601 Y 2 2000 b 3 " ]
then ok gbench-long-counters; else not_ok gbench-long-counters "exit $st: $got"; fi
a= b=

# The same file against itself never gates.
"$bin" -threshold 5 "$in/gbench-old.json" "$in/gbench-old.json" \
	>/dev/null 2>&1
st=$?
if [ $st = 0 ]; then ok gate-gbench-aa; else not_ok gate-gbench-aa "exit $st"; fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
