#!/bin/sh
# The HTML report (-format html) in a real browser and an HTML5 checker.
#
#  - self-contained: no script, no reference to another resource;
#  - hostile names (markup, quotes, ampersands, invalid UTF-8, control
#    characters) come out escaped, and the page still checks;
#  - tidy (HTML5 mode) reports neither error nor warning: the page is
#    ours, so a warning is a bug too;
#  - headless chromium, launched once, loads the shipped example and a
#    three-column comparison with no console message at all (chromium
#    logs each one, and each uncaught exception, as an ":CONSOLE" line
#    with --enable-logging=stderr; a page that throws is loaded beside
#    them, so a chromium that stops logging them fails here instead of
#    passing silently), the DOM it built holds one plot row per
#    benchmark and geomean, the dark scheme restyles the page, and a
#    screenshot is taken of them.
#
# Parts whose tool is missing print "skip"; CI installs both.
#
# usage: tests/html.sh BINARY
#        UPDATE=1 tests/html.sh BINARY   also refresh doc/report.png
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/tap.sh"
data="$here/testdata"

render() {	# out.html args...
	out=$1; shift
	(cd "$data" && "$bin" -format html "$@") >"$out" 2>"$tmp/stderr"
	st=$?
}

render "$tmp/example.html" -threshold 5 -sort change example-old.txt \
    example-new.txt
[ $st = 2 ] && ok html-example-gate || not_ok html-example-gate "exit $st"
render "$tmp/three.html" three-a.txt three-b.txt three-c.txt
[ $st = 0 ] && ok html-three || not_ok html-three "exit $st"

# Runs that trend with their order, and one beyond Tukey's fences.
render "$tmp/drift.html" -threshold 5 html-drift-old.txt html-drift-new.txt
if [ $st = 0 ] &&
    grep -q 'Drift: the runs of <code>html-drift-old.txt</code> trend' \
    "$tmp/drift.html" &&
    grep -q 'Outliers: 1 run of <code>html-drift-old.txt</code>' \
    "$tmp/drift.html" &&
    ! grep -q 'Outliers: [0-9]* runs\{0,1\} of <code>html-drift-new' \
    "$tmp/drift.html"
then ok html-drift-outliers; else not_ok html-drift-outliers "exit $st"; fi

# A leaking memory cell: the gate's leak line in words under its strip,
# not a drift note (its trend is the leak).
render "$tmp/leak.html" -threshold 100 leak-both.txt leak-new.txt
if [ $st = 0 ] &&
    grep -q 'Leak: the memory of <code>leak-new.txt</code> grows run after run, +512 B/run (+512..+512) over 10 runs; the base column.s grows too.</p>' \
    "$tmp/leak.html" &&
    grep -q 'Leak: the memory of <code>leak-both.txt</code> grows run after run, +1 allocs/run' \
    "$tmp/leak.html" && ! grep -q 'Drift:' "$tmp/leak.html"
then ok html-leak-note; else not_ok html-leak-note "exit $st"; fi

# A run-wide shift: one note below the table, its verdict's colour.
render "$tmp/runwide.html" -threshold 5 runwide-old.txt runwide-drift.txt
if [ $st = 2 ] &&
    grep -q 'Run-wide shift of <code>runwide-drift.txt</code>, the median of 10 benchmarks: <span class="unc">+2.97% (+2.09% to +3.85%) unchanged</span>; each benchmark is judged against it.' \
    "$tmp/runwide.html"
then ok html-run-wide; else not_ok html-run-wide "exit $st"; fi

# Nothing to run and nothing to fetch: no script, no src or href, no
# url() in the CSS, no @import.
for f in example three; do
	if grep -Eqi '<script|src=|href=|url\(|@import' "$tmp/$f.html"
	then not_ok "self-contained-$f"; else ok "self-contained-$f"; fi
done

# Stable: the same inputs give the same bytes (no date, no address).
render "$tmp/again.html" -threshold 5 -sort change example-old.txt \
    example-new.txt
cmp -s "$tmp/example.html" "$tmp/again.html" && ok html-stable ||
    not_ok html-stable

# Hostile names and configuration values.
{
	printf 'pkg: a&b "q" <i>\n'
	for i in 1 2 3 4 5; do
		printf 'BenchmarkX<script>alert(1)</script>-8 1 %d ns/op\n' \
		    $((100 + i))
		printf 'Benchmark"quo'"'"'te"&amp;-8 1 %d ns/op\n' $((200 + i))
		printf 'Benchmark\377bad\001ctl-8 1 %d ns/op\n' $((300 + i))
	done
} >"$tmp/hostile-old.txt"
sed 's/ns\/op/ns\/op/; s/ 1 \([0-9]*\) / 1 \19 /' "$tmp/hostile-old.txt" \
    >"$tmp/hostile-new.txt"
(cd "$tmp" && "$bin" -format html -threshold 5 hostile-old.txt \
    hostile-new.txt) >"$tmp/hostile.html" 2>/dev/null
st=$?
if [ $st = 0 ] || [ $st = 2 ]; then ok hostile-runs; else
	not_ok hostile-runs "exit $st"; fi
if grep -q '<script' "$tmp/hostile.html" ||
    grep -q '<i>' "$tmp/hostile.html" ||
    ! grep -q 'X&lt;script&gt;alert(1)&lt;/script&gt;-8' "$tmp/hostile.html" ||
    ! grep -q '&quot;quo&#39;te&quot;&amp;amp;-8' "$tmp/hostile.html" ||
    ! grep -q 'a&amp;b &quot;q&quot; &lt;i&gt;' "$tmp/hostile.html" ||
    LC_ALL=C grep -q "$(printf '\377')" "$tmp/hostile.html" ||
    LC_ALL=C grep -q "$(printf '\001')" "$tmp/hostile.html" ||
    ! grep -q "$(printf '\357\277\275')bad$(printf '\357\277\275')ctl" \
    "$tmp/hostile.html"
then not_ok hostile-escaped; else ok hostile-escaped; fi

if command -v tidy >/dev/null 2>&1; then
	for f in example three hostile drift runwide; do
		if tidy -q -e "$tmp/$f.html" >"$tmp/tidy" 2>&1; then
			ok "tidy-$f"
		else
			not_ok "tidy-$f" "$(head -3 "$tmp/tidy")"
		fi
	done
else
	echo "ok tidy # SKIP tidy not installed"
fi

. "$(dirname "$0")/chromium.sh"
if [ -z "$chromium" ]; then
	echo "ok chromium # SKIP chromium not installed"
	echo "$pass passed, $fail failed"
	test $fail = 0
	exit
fi

# One chromium launch loads every page (a launch takes seconds, and one
# per page and picture made this the slowest script of make check): a
# driver page holds them as frames side by side, the example, the three
# columns and the example again in a frame whose color-scheme is dark (a
# frame's prefers-color-scheme follows its element's), and a page that
# throws.  Once they are loaded, the driver copies each frame's DOM and
# styles into a hidden <pre> of its own, which --dump-dom prints
# (escaped as text), and --screenshot takes the three pages in one
# picture.  --allow-file-access-from-files lets it read file:// frames.
cat >"$tmp/throws.html" <<'EOF'
<!DOCTYPE html><html lang="en"><head><title>t</title></head>
<body><script>undefinedFn();</script></body></html>
EOF
cat >"$tmp/driver.html" <<'EOF'
<!DOCTYPE html><html lang="en"><head><title>pages</title><style>
body { margin: 0; width: 3300px }
iframe { border: 0; width: 1100px; height: 1400px; float: left }
</style></head><body>
<iframe id="example" src="example.html"></iframe>
<iframe id="three" src="three.html"></iframe>
<iframe id="dark" src="example.html" style="color-scheme: dark"></iframe>
<iframe id="throws" src="throws.html" style="width: 8px; height: 8px"></iframe>
<pre id="dump" hidden></pre>
<script>
onload = function () {
	var doms = "\n", facts = "";
	["example", "three", "dark"].forEach(function (id) {
		var f = document.getElementById(id), d = f.contentDocument,
		    r = f.getBoundingClientRect(), s = getComputedStyle(d.body);
		doms += "==== " + id + "\n" + d.documentElement.outerHTML + "\n";
		facts += ["rect", id, r.left, r.top, r.width, r.height].join(" ") +
		    "\n" + ["style", id, s.backgroundColor, s.color].join(" ") +
		    "\n";
	});
	document.getElementById("dump").textContent = doms + "==== end\n" +
	    facts;
};
</script></body></html>
EOF
chrome "$tmp/driver.html" --allow-file-access-from-files --dump-dom \
    --window-size=3300,1400 --hide-scrollbars --screenshot="$tmp/pages.png"
# Each frame's DOM into NAME.dom, and the rest of the dump into facts,
# the text's escapes undone.
awk -v d="$tmp" '
	/^==== [a-z]+$/ { f = $2 == "end" ? d "/facts" : d "/" $2 ".dom"; next }
	f == "" { next }
	{ gsub(/&lt;/, "<"); gsub(/&gt;/, ">"); gsub(/&nbsp;/, "\302\240")
	  gsub(/&amp;/, "\\&"); print >f }' "$tmp/dom"

# Chromium logs a console message as a ":CONSOLE" line naming its
# source; the throwing page's must be there.  Any other one fails each
# page it may come from: the page it names, or every page when it names
# none of them.
grep ':CONSOLE' "$tmp/log" >"$tmp/console.all"
if grep -qF "source: file://$tmp/throws.html (" "$tmp/console.all"
then ok console-detected
else not_ok console-detected "no console line for a page that throws"; fi
grep -vF "source: file://$tmp/throws.html (" "$tmp/console.all" \
    >"$tmp/console.other"
# png_size FILE: "WIDTH HEIGHT" from the PNG header, or nothing.
png_size() {
	[ "$(head -c 4 "$1" 2>/dev/null | tail -c 3)" = PNG ] || return
	od -An -tu1 -j16 -N8 "$1" | awk '{
	    print (($1 * 256 + $2) * 256 + $3) * 256 + $4,
		(($5 * 256 + $6) * 256 + $7) * 256 + $8 }'
}
shot=$(png_size "$tmp/pages.png")

# page NAME OTHER ROWS: no console message from NAME (naming OTHER is
# not from it), ROWS plot rows in its DOM, and its frame wholly inside
# the screenshot.
page() {
	if grep -vF "file://$tmp/$2.html" "$tmp/console.other" \
	    >"$tmp/console"; then
		not_ok "console-$1" "$(head -3 "$tmp/console")"
	else ok "console-$1"; fi
	rows=$(grep -o '<g class="fr[ "]' "$tmp/$1.dom" 2>/dev/null | wc -l)
	if [ "$rows" = "$3" ]; then ok "plot-rows-$1"; else
		not_ok "plot-rows-$1" "$rows rows in the DOM, want $3"; fi
	rect=$(sed -n "s/^rect $1 //p" "$tmp/facts" 2>/dev/null)
	if [ -n "$shot" ] && echo "$rect $shot" | awk '{ exit !($3 > 0 &&
	    $4 > 0 && $1 >= 0 && $2 >= 0 && $1 + $3 <= $5 && $2 + $4 <= $6) }'
	then ok "screenshot-$1"
	else not_ok "screenshot-$1" "picture ${shot:-none}, frame at ${rect:-none}"; fi
}

# The example: 5 + 5 + 5 + 2 benchmarks, a geomean each.
page example three 21
# Three columns: 2 benchmarks and the geomean, two marks each.
page three example 3
# The dark scheme restyles the page (prefers-color-scheme).
light=$(sed -n 's/^style example //p' "$tmp/facts" 2>/dev/null)
dark=$(sed -n 's/^style dark //p' "$tmp/facts" 2>/dev/null)
if [ -n "$dark" ] && [ -n "$light" ] && [ "$dark" != "$light" ]
then ok dark-scheme; else not_ok dark-scheme "light [$light], dark [$dark]"; fi
marks=$(grep -o '<path class="mk"' "$tmp/three.dom" 2>/dev/null | wc -l)
# 3 rows x 2 columns, and the legend's two markers.
[ "$marks" = 8 ] && ok three-marks || not_ok three-marks "$marks marks"
# doc/report.png is the example alone: a launch of its own, only then.
if [ "${UPDATE:-}" = 1 ]; then
	chrome "$tmp/example.html" --window-size=1100,1400 --hide-scrollbars \
	    --screenshot="$tmp/example.png"
	if [ -s "$tmp/example.png" ]; then
		mkdir -p "$here/doc"
		cp "$tmp/example.png" "$here/doc/report.png"
		echo "# doc/report.png updated"
	fi
fi
echo "$pass passed, $fail failed"
test $fail = 0
