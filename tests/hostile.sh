#!/bin/sh
# Hostile inputs too large to keep in testdata/, generated here: each has
# a documented outcome (cbenchstat(1), section LIMITS) and must never
# crash, hang or exit with anything but that outcome.
#
# usage: tests/hostile.sh BINARY
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
. "$(dirname "$0")/tap.sh"

# Run with a time limit; a hang is a failure.  Sets $st.
run() {
	timeout 120 "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	st=$?
}

# A 2 MiB benchmark name and a 3 MiB line of noise: read in full.
name=$(head -c 2097152 /dev/zero | tr '\0' x)
{
	head -c 3145728 /dev/zero | tr '\0' y; echo
	for i in 5 6 7; do echo "BenchmarkLong$name-8 10 $i ns/op"; done
} >"$tmp/long.txt"
name=
run "$tmp/long.txt"
len=$(awk '/^Long/ { print length($1) }' "$tmp/out")
if [ $st = 0 ] && [ "$len" = 2097158 ]; then ok long-lines
else not_ok long-lines "exit $st, label length $len"; fi

# A million distinct benchmark names: one row each, in input order.
awk 'BEGIN { for (i = 0; i < 1000000; i++)
	printf "BenchmarkN%d 1 %d ns/op\n", i, i % 97 + 1 }' >"$tmp/names.txt"
run "$tmp/names.txt"
rows=$(grep -c '^N[0-9]' "$tmp/out")
first=$(grep -m1 '^N[0-9]' "$tmp/out" | cut -d' ' -f1)
if [ $st = 0 ] && [ "$rows" = 1000000 ] && [ "$first" = N0 ]
then ok million-names; else not_ok million-names "exit $st, $rows rows"; fi

# Thousands of configuration changes: a table per package, sorted.
awk 'BEGIN { for (i = 0; i < 5000; i++) {
	printf "pkg: example.com/p%04d\n", 4999 - i
	printf "BenchmarkX-8 1 %d ns/op\nBenchmarkX-8 1 %d ns/op\n", i + 1, i + 2 } }' \
	>"$tmp/configs.txt"
run "$tmp/configs.txt"
tables=$(grep -c '^pkg: ' "$tmp/out")
first=$(grep -m1 '^pkg: ' "$tmp/out")
if [ $st = 0 ] && [ "$tables" = 5000 ] && [ "$first" = "pkg: example.com/p0000" ]
then ok config-changes; else not_ok config-changes "exit $st, $tables tables"; fi

# Iteration counts and values at and beyond the limits.
printf 'BenchmarkA 9223372036854775807 1 ns/op\nBenchmarkA 9223372036854775808 1 ns/op\nBenchmarkA -9223372036854775808 1 ns/op\nBenchmarkA 1 1e309 ns/op\nBenchmarkA 1 -1e309 ns/op\n' \
	>"$tmp/limits.txt"
run "$tmp/limits.txt"
if [ $st = 0 ] && [ "$(grep -c 'value out of range' "$tmp/err")" = 3 ] &&
   grep -q ':2: parsing iteration count: value out of range' "$tmp/err"
then ok numeric-limits; else not_ok numeric-limits "exit $st"; fi

# A read error after a successful open (EIO from /proc/self/mem).
if [ -r /proc/self/mem ]; then
	run /proc/self/mem
	if [ $st = 1 ] && [ ! -s "$tmp/out" ] && grep -q 'cbenchstat: ' "$tmp/err"
	then ok read-error; else not_ok read-error "exit $st"; fi
fi

# A file that cannot be opened for reading (meaningless as root).
if [ "$(id -u)" != 0 ]; then
	echo "BenchmarkA 1 1 ns/op" >"$tmp/secret.txt"
	chmod 000 "$tmp/secret.txt"
	run "$tmp/secret.txt"
	if [ $st = 1 ] && grep -q 'Permission denied' "$tmp/err"
	then ok unreadable; else not_ok unreadable "exit $st"; fi
else
	echo "ok unreadable # SKIP running as root"
fi

# A full disk on standard output.
if [ -w /dev/full ]; then
	timeout 60 "$bin" "$tmp/configs.txt" >/dev/full 2>"$tmp/err"
	st=$?
	if [ $st = 1 ] && grep -q 'write error' "$tmp/err"
	then ok dev-full; else not_ok dev-full "exit $st"; fi
fi

# Regexps that make a backtracking matcher take exponential or high
# polynomial time; Go's matcher, and RE2's, are linear in the name.  Each
# file holds a hostile name that does not match and a short one that
# does; `timeout 5` bounds what took PCRE2, the engine before RE2, over
# a minute.
filter_hostile() {
	timeout 5 "$bin" -filter "$2" "$tmp/$1.txt" >"$tmp/out" 2>"$tmp/err"
	st=$?
	rows=$(grep -c '^X' "$tmp/out")
	if [ $st = 0 ] && [ "$rows" = 1 ] && ! grep -q '^a' "$tmp/out"
	then ok "$1"; else not_ok "$1" "exit $st, $rows rows"; fi
}
a=$(head -c 100000 /dev/zero | tr '\0' a)
printf 'Benchmark%s! 1 5 ns/op\nBenchmarkXaaa 1 6 ns/op\n' "$a" \
	>"$tmp/regexp-nested-plus.txt"
filter_hostile regexp-nested-plus '.name:/(a+)+$/'
printf 'Benchmark%s! 1 5 ns/op\nBenchmarkXaaab 1 6 ns/op\n' "$a" \
	>"$tmp/regexp-unanchored.txt"
filter_hostile regexp-unanchored '.name:/(a|aa)*b/'
a=$(head -c 5000 /dev/zero | tr '\0' a)
printf 'Benchmark%s! 1 5 ns/op\nBenchmarkX%s 1 6 ns/op\n' "$a" \
	aaaaaaaaaaaaaaaaaaaa >"$tmp/regexp-dot-star.txt"
filter_hostile regexp-dot-star '.name:/(.*a){20}$/'
a=
# Each of n results changes one of n configuration keys, in two files:
# n tables with n key values each.  Memory must grow linearly: it was
# 1.5 GB for n = 8000 (730 KB of input), is 27 MB now and 165 MB under
# AddressSanitizer, and the bound is 300 MB.
if [ -x /usr/bin/time ]; then
	for f in a b; do
		awk -v n=8000 -v d=$f 'BEGIN {
			for (k = 0; k < n; k++) printf "key%d: v\n", k
			for (i = 0; i < n; i++) {
				printf "key%d: x\n", i
				printf "BenchmarkA 1 %d ns/op\n", i + 1 + (d == "b")
			} }' >"$tmp/cfg-$f.txt"
	done
	timeout 300 /usr/bin/time -f %M -o "$tmp/rss" "$bin" "$tmp/cfg-a.txt" \
	    "$tmp/cfg-b.txt" >"$tmp/out" 2>"$tmp/err" </dev/null
	st=$?
	rss=$(tail -n 1 "$tmp/rss")
	tables=$(grep -c '^A ' "$tmp/out")
	if [ $st = 0 ] && [ "$rss" -lt 307200 ] && [ "$tables" = 8000 ]
	then ok config-per-result-memory
	else not_ok config-per-result-memory \
	    "exit $st, peak RSS $rss KiB, $tables tables"
	fi
else
	echo "ok config-per-result-memory # SKIP no /usr/bin/time"
fi

# Out of memory while a JSON input is parsed (issue 20, F14) is "out of
# memory", exit 1, in seconds.  jansson kept asking for memory byte after
# byte of a long string once an allocation had failed (minutes: the
# 36 MiB name below hung), then decoded the string past its end (a
# crash), and memory it lacked for a value looked like malformed JSON
# (the 30 MB report below).  A binary that cannot start under the limit
# (AddressSanitizer reserves terabytes of address space) skips; the probe
# waits in its own subshell, whose report of the abort goes nowhere.
json_oom() {	# name argument...
	name=$1; shift
	(ulimit -v 160000 && exec timeout 60 "$bin" "$@") >"$tmp/out" \
	    2>"$tmp/err" </dev/null
	st=$?
	if [ $st = 1 ] && [ "$(wc -l <"$tmp/err")" = 1 ] &&
	    grep -q '^cbenchstat: \(.*: \)\{0,1\}out of memory$' "$tmp/err"
	then ok "$name"; else not_ok "$name" "exit $st: $(head -c 200 "$tmp/err")"; fi
}
if (ulimit -v 160000 && "$bin" -h && :) >/dev/null 2>&1; then
	{
		printf '{"context": {}, "benchmarks": [{"name": "'
		head -c 37748736 /dev/zero | tr '\0' x
		printf '", "real_time": 1, "time_unit": "ns"}]}\n'
	} >"$tmp/long-name.json"
	json_oom json-oom-long-string "$tmp/long-name.json"
	rm -f "$tmp/long-name.json"
	awk 'BEGIN { printf "{\"context\": {}, \"benchmarks\": ["
		for (i = 0; i < 200000; i++)
			printf "%s{\"name\": \"BM_a/%d\", \"run_type\": \"iteration\", \"iterations\": 3, \"real_time\": %d, \"cpu_time\": 5, \"time_unit\": \"ns\"}",
			    i ? ", " : "", i % 50, 5 + i % 7
		print "]}" }' >"$tmp/many.json"
	json_oom json-oom-many-entries "$tmp/many.json"
	rm -f "$tmp/many.json"
	# -check's JSON reader has the same guard (it spun for minutes).
	{
		printf '{"schema": 2, "note": "'
		head -c 62914560 /dev/zero | tr '\0' x
		printf '"}\n'
	} >"$tmp/long-report.json"
	json_oom json-oom-check -check -threshold 5 "$tmp/long-report.json"
	rm -f "$tmp/long-report.json"
else
	echo "ok json-oom-long-string # SKIP cannot run under ulimit -v 160000 (refused, or ASan)"
	echo "ok json-oom-many-entries # SKIP cannot run under ulimit -v 160000 (refused, or ASan)"
	echo "ok json-oom-check # SKIP cannot run under ulimit -v 160000 (refused, or ASan)"
fi

# 10,000 runs a side: the U-test's p-value underflows to 0.  The
# regression line prints it as the table rounds it (p=0.000), never as
# "none", which means that there is no test; the gate's estimate still
# comes from a bounded number of pairs.
awk 'BEGIN { for (i = 0; i < 10000; i++)
	printf "BenchmarkBig 1 %d ns/op\n", 1000 + i % 17 }' >"$tmp/big-old.txt"
awk 'BEGIN { for (i = 0; i < 10000; i++)
	printf "BenchmarkBig 1 %d ns/op\n", 1100 + i % 17 }' >"$tmp/big-new.txt"
timeout 60 "$bin" -threshold 5 "$tmp/big-old.txt" "$tmp/big-new.txt" \
	>/dev/null 2>"$tmp/err"
st=$?
if [ $st = 2 ] && grep -q '^regression: .* p=0\.000 estimate=+9\.9' "$tmp/err"
then ok p-underflow; else not_ok p-underflow "exit $st: $(head -c 300 "$tmp/err")"; fi

# A 5,000-character benchmark name, and a 1,400-byte column label (700
# times "é") on a short one: the gate's regression lines, live and from
# -check, are whole, their last field the configuration (issue 20, F19:
# lines stopped at 4,095 bytes, labels at 511).
long=$(awk 'BEGIN { for (i = 0; i < 4990; i++) printf "x" }')
e700=$(awk 'BEGIN { for (i = 0; i < 700; i++) printf "\303\251" }')
for f in long:old:100 long:new:130 S:old:100 S:new:130; do
	n=${f%%:*} lvl=${f##*:} side=${f#*:}
	[ "$n" = long ] && n=L$long
	awk -v n="$n" -v lvl="$lvl" 'BEGIN { srand(7)
		print "goos: linux"; print "pkg: example.com/long"
		for (r = 0; r < 10; r++)
			printf "Benchmark%s-8 1000 %.3f ns/op\n", n, lvl * (1 + 0.01 * rand()) }' \
		>"$tmp/${f%%:*}-${side%:*}.txt"
done
tail='unit=sec/op column=%s base=.* threshold=5%% config="goos=linux pkg=example.com/long"$'
# whole_line FILE NAME COLUMN: one regression line, name and column whole.
whole_line() {
	[ "$(grep -c '^regression: ' "$1")" = 1 ] &&
	grep -q "^regression: .*benchmark=$2-8 $(printf "$tail" "$3")" "$1"
}
(cd "$tmp" && "$bin" -threshold 5 long-old.txt long-new.txt \
	>long-table.txt 2>err)
st=$?
if [ $st = 2 ] && whole_line "$tmp/err" "L$long" long-new.txt
then ok gate-line-long-name
else not_ok gate-line-long-name "exit $st, $(awk '{ print length($0) }' "$tmp/err") bytes"; fi
(cd "$tmp" && "$bin" -threshold 5 S-old.txt "$e700=S-new.txt" \
	>/dev/null 2>err)
st=$?
if [ $st = 2 ] && whole_line "$tmp/err" S "$e700"
then ok gate-line-long-column
else not_ok gate-line-long-column "exit $st, $(awk '{ print length($0) }' "$tmp/err") bytes"; fi
# A 4,200-byte configuration value: the line's config= is whole (it was
# cut at 1,023 bytes).
v=$(awk 'BEGIN { for (i = 0; i < 4200; i++) printf "v" }')
for side in old:100 new:130; do
	awk -v v="$v" -v lvl="${side#*:}" 'BEGIN { print "long: " v
		for (r = 0; r < 10; r++)
			printf "BenchmarkA-8 1000 %d ns/op\n", lvl + r % 3 }' \
		>"$tmp/cfg-${side%:*}.txt"
done
(cd "$tmp" && "$bin" -threshold 5 cfg-old.txt cfg-new.txt >/dev/null 2>err)
st=$?
if [ $st = 2 ] && [ "$(grep -c '^regression: ' "$tmp/err")" = 1 ] &&
   grep -q "^regression: benchmark=A-8 .* threshold=5% config=\"long=$v\"\$" "$tmp/err"
then ok gate-line-long-config
else not_ok gate-line-long-config "exit $st, $(awk '{ print length($0) }' "$tmp/err") bytes"; fi
# A 1,400-byte column label (700 two-byte runes), from a label=file and
# from a config key with -col: every format shows it whole, once per
# place it names the column (JSON, Markdown and HTML cut it at 511 or
# 1,023 bytes, mid-rune).
lbl_count() {	# format args...: the lines holding the whole label
	f=$1; shift
	(cd "$tmp" && "$bin" -format "$f" "$@" 2>/dev/null) |
	    grep -c "$e700"
}
printf 'commit: %s\n' "$e700" | cat - "$tmp/S-new.txt" >"$tmp/S-cfg.txt"
lbl=
for f in text csv markdown html json; do
	lbl="$lbl $f:$(lbl_count $f S-old.txt "$e700=S-new.txt")"
	lbl="$lbl $f-col:$(lbl_count $f -col commit S-old.txt S-cfg.txt)"
done
if [ "$lbl" = " text:1 text-col:1 csv:1 csv-col:1 markdown:1 markdown-col:1 html:3 html-col:2 json:2 json-col:2" ] &&
   (cd "$tmp" && "$bin" -format json S-old.txt "$e700=S-new.txt") |
   grep -q "^ *\"label\": \"$e700\",\$"
then ok long-column-label-every-format
else not_ok long-column-label-every-format "lines with the whole label:$lbl"; fi
# A unit of 1,023 bytes that tidying lengthens ("ns/" to "sec/") keeps
# its "Unit ... better=higher": a drop is a regression (exit 2).  Its
# tidied form was cut to 1,023 bytes and the metadata lost: exit 0.
u="ns/$(awk 'BEGIN { for (i = 0; i < 1020; i++) printf "x" }')"
for side in old:200 new:100; do
	awk -v u="$u" -v lvl="${side#*:}" 'BEGIN { print "Unit " u " better=higher"
		for (r = 0; r < 10; r++)
			printf "BenchmarkA 1 %d %s\n", lvl + r % 3, u }' \
		>"$tmp/unit-${side%:*}.txt"
done
run -threshold 5 "$tmp/unit-old.txt" "$tmp/unit-new.txt"
if [ $st = 2 ] && grep -q '^regression: benchmark=A unit=sec/x' "$tmp/err"
then ok long-unit-metadata
else not_ok long-unit-metadata "exit $st"; fi
# A 1,400-byte configuration key that varies within a cell: the note
# names it whole (it was cut at 1,023 bytes, mid-rune).
printf '%s: a\nBenchmarkX 1 5 ns/op\n%s: b\nBenchmarkX 1 6 ns/op\n' \
	"$e700" "$e700" >"$tmp/vary.txt"
run -table '' -row .name "$tmp/vary.txt"
if [ $st = 0 ] && grep -q " benchmarks vary in $e700\$" "$tmp/out"
then ok long-key-vary-note
else not_ok long-key-vary-note "exit $st"; fi
"$bin" -check -threshold 5 "$tmp/long-table.txt" >"$tmp/out" 2>"$tmp/err"
st=$?
if [ $st = 2 ] && whole_line "$tmp/out" "L$long" long-new.txt
then ok check-line-long-name
else not_ok check-line-long-name "exit $st, $(awk '{ print length($0) }' "$tmp/out") bytes"; fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
