#!/bin/sh
# bench/run.sh: `make bench`.  Generates the S and L input pairs (cached
# in build/bench), then times cbenchstat and a single awk pass over the
# same files in the same run, and prints medians, the cbenchstat/awk
# ratio, throughput and peak memory against the targets:
#   S = 3,000 benchmarks x 20 runs x 3 units per file:
#       time <= 4x awk, peak RSS <= 1x the total input size
#   L = 30,000 x 20 x 3: time(L)/time(S) <= 12, peak RSS <= 0.75x input
# and the HTML report of S against the text format of S (issue 12):
#   time(-format html) <= 2x time(-format text), with and without the
#   gate, and the page's size in MB.
#
# usage: bench/run.sh BUILD_DIR [RUNS]
set -eu
build=$1
runs=${2:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
out="$build/bench"
mkdir -p "$out"
gen="$out/genbench" stat="$out/runstat" bin="$build/cbenchstat"

gen_pair() {	# name benchmarks
	[ -s "$out/$1-old.txt" ] && [ -s "$out/$1-new.txt" ] && return 0
	"$gen" -b "$2" -r 20 >"$out/$1-old.txt"
	"$gen" -b "$2" -r 20 -new >"$out/$1-new.txt"
}

measure() {	# name -> sets t_cbs rss_cbs t_awk bytes
	old="$out/$1-old.txt" new="$out/$1-new.txt"
	bytes=$(( $(wc -c <"$old") + $(wc -c <"$new") ))
	set -- $("$stat" "$runs" awk '{ s += $3 } END { print s }' "$old" "$new")
	t_awk=$1
	set -- $("$stat" "$runs" "$bin" "$old" "$new")
	t_cbs=$1 rss_cbs=$2
}

verdict() { if [ "$1" = 1 ]; then echo "ok"; else echo "MISSED"; fi; }

gen_pair S 3000
gen_pair L 30000
echo "cbenchstat make bench ($(date -u +%Y-%m-%dT%H:%MZ), $runs runs each, medians)"
printf '%-4s %10s %10s %10s %8s %10s %10s %8s\n' size input_MB awk_s \
	cbench_s ratio MB/s rss_MiB rss/in
for size in S L; do
	measure $size
	eval "t_$size=$t_cbs rss_$size=$rss_cbs bytes_$size=$bytes"
	awk -v s=$size -v b="$bytes" -v ta="$t_awk" -v tc="$t_cbs" \
	    -v r="$rss_cbs" 'BEGIN {
		printf "%-4s %10.1f %10.4f %10.4f %8.2f %10.1f %10.1f %8.3f\n",
		    s, b / 1e6, ta, tc, tc / ta, b / 1e6 / tc, r / 1024,
		    r * 1024 / b }'
	eval "ratio_$size=\$(awk -v a=$t_awk -v c=$t_cbs 'BEGIN { print c / a }')"
done
awk -v rs="$ratio_S" -v tS="$t_S" -v tL="$t_L" -v rssS="$rss_S" \
    -v rssL="$rss_L" -v bS="$bytes_S" -v bL="$bytes_L" 'BEGIN {
	printf "target S time <= 4x awk:        %.2fx  %s\n", rs, rs <= 4 ? "ok" : "MISSED"
	printf "target S RSS <= 1x input:       %.3fx  %s\n", rssS * 1024 / bS, rssS * 1024 <= bS ? "ok" : "MISSED"
	printf "target L/S time <= 12x:         %.2fx  %s\n", tL / tS, tL / tS <= 12 ? "ok" : "MISSED"
	printf "target L RSS <= 0.75x input:    %.3fx  %s\n", rssL * 1024 / bL, rssL * 1024 <= 0.75 * bL ? "ok" : "MISSED"
}'

# The HTML report of S against the text tables of the same run (the
# gate's report lines, on the standard error, are not wanted here).
time_format() {	# format flags... -> median seconds
	f=$1; shift
	"$stat" "$runs" "$bin" -format "$f" "$@" "$out/S-old.txt" \
	    "$out/S-new.txt" 2>/dev/null | cut -d' ' -f1
}
html_ratio() {	# label flags...
	label=$1; shift
	t_text=$(time_format text "$@")
	t_html=$(time_format html "$@")
	awk -v l="$label" -v a="$t_text" -v b="$t_html" 'BEGIN {
		if (a <= 0 || b <= 0) {
			printf "html (%s): runstat failed\n", l
			exit 1
		}
		printf "target S html <= 2x text (%s): %.2fx  %s\n", l, b / a,
		    b <= 2 * a ? "ok" : "MISSED" }'
}
html_ratio "no gate"
html_ratio "gate" -threshold 5
bytes=$("$bin" -format html "$out/S-old.txt" "$out/S-new.txt" | wc -c)
awk -v b="$bytes" 'BEGIN { printf "S html page:                    %.1f MB\n",
    b / 1e6 }'

# Exact U-tests at their limits (25 + 25 runs, heavily tied, and 50 + 50
# with no ties): timed here rather than asserted in tests/test_stats.c.
if [ ! -s "$out/U-old.txt" ] || [ ! -s "$out/U-new.txt" ]; then
	for f in old new; do
		awk -v f=$f 'BEGIN { s = f == "old" ? 7 : 11
		for (r = 0; r < 50; r++) for (b = 0; b < 40; b++) {
			s = (s * 1103515245 + 12345) % 2147483648
			if (b < 20 && r >= 25) continue
			v = b < 20 ? int(s / 65536) % 12 : r * 2 + (f == "new") + b
			printf "BenchmarkU%d 1 %d ns/op\n", b, v + 1 } }' \
		    >"$out/U-$f.txt"
	done
fi
set -- $("$stat" "$runs" "$bin" "$out/U-old.txt" "$out/U-new.txt")
awk -v t="$1" 'BEGIN {
	printf "target exact U-tests <= 2 s:    %.3fs  %s\n", t, t <= 2 ? "ok" : "MISSED" }'
