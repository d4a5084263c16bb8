#!/bin/sh
# The history page (cbenchstat history -format html) on a seeded
# database of 30 commits: a +10% step at c21, a +1%-per-commit creep
# from c11, a flat series and hostile names.
#
#  - one chart per series, those with a change first; one dashed step
#    line and one shaded creep, as many change markers as the text
#    report lists changes;
#  - the same database gives the same bytes; nothing to run or fetch;
#  - hostile benchmark names, commit ids and branches come out escaped;
#  - tidy (HTML5) reports neither error nor warning;
#  - more than 100 series: 100 charts and a note saying so;
#  - headless chromium loads the page with no console message, builds
#    every chart, and takes a screenshot (UPDATE=1: doc/history.png).
# Parts whose tool is missing print "skip".
#
# usage: tests/history_html.sh CBENCHSTAT
# HISTORY_DB_S and HISTORY_DB_M name the two databases it fills (default
# the files s.db and m.db; tests/history_pg.sh gives two empty PostgreSQL
# databases, so the same checks run on both back ends).
set -u
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/tap.sh"
unset CBENCHSTAT_DB
sdb=${HISTORY_DB_S:-s.db} mdb=${HISTORY_DB_M:-m.db}
cd "$tmp" || exit 2

# Commit c of the seeded series: 10 runs of each benchmark, 1% noise.
awk 'BEGIN {
	for (c = 1; c <= 30; c++) {
		f = "s" c ".txt"
		srand(c)
		print "pkg: example.com/s" >f
		for (r = 0; r < 10; r++) {
			u = (rand() + rand() + rand() - 1.5) * 0.01
			printf "BenchmarkStep-8 1 %.3f ns/op\n",
			    (c > 20 ? 110 : 100) * (1 + u) >f
			printf "BenchmarkCreep-8 1 %.3f ns/op\n",
			    (c > 10 ? 100 + c - 10 : 100) * (1 + u) >f
			printf "BenchmarkA_flat-8 1 %.3f ns/op\n",
			    50 * (1 + u) >f
			printf "BenchmarkX<script>alert(1)</script>-8 1 %.3f ns/op\n",
			    70 * (1 + u) >f
			printf "Benchmark\"quo'"'"'te\"&amp;\377bad\001ctl-8 1 %.3f ns/op\n",
			    80 * (1 + u) >f
		}
		close(f)
	}
}'
c=1
while [ $c -le 30 ]; do
	id=c$c
	[ $c = 7 ] && id='c7<i>'
	"$bin" record -db "$sdb" -commit "$id" -branch 'main&"x"' \
	    -commit-time $((1700000000 + c * 60)) s$c.txt >/dev/null ||
	    echo "# record $c failed"
	c=$((c + 1))
done

"$bin" history -db "$sdb" -format html >s.html 2>err
st=$?
if [ $st = 0 ] && [ ! -s err ]; then ok history-html-runs
else not_ok history-html-runs "exit $st: $(head -1 err)"; fi

count() {	# PATTERN FILE: occurrences of PATTERN
	grep -o "$1" "$2" | wc -l | tr -d ' '
}
figs=$(count '<figure>' s.html)
steps=$(count '<line class="cp"' s.html)
creeps=$(count '<rect class="creep"' s.html)
marks=$(count '<g class="\(reg\|imp\)"><[lr]' s.html)
"$bin" history -db "$sdb" >s.txt
want=$(grep -c '^  \(step\|creep\) at ' s.txt)
if [ "$figs" = 5 ] && [ "$steps" = 1 ] && [ "$creeps" = 1 ] &&
    [ "$marks" = "$want" ] && [ "$want" = 2 ]
then ok history-html-charts-and-marks
else not_ok history-html-charts-and-marks \
    "$figs charts, $steps steps, $creeps creeps, $marks marks, text $want"
fi
# The step's line and label sit at c21; its table row says regression.
if grep -q 'step at c21: +[0-9.]*% (+[0-9.]*% to +[0-9.]*%) regression</text>' s.html &&
    grep -q '<td>step</td><td><code>c21</code></td><td>21 to 21 of 30</td>' s.html
then ok history-html-step-labelled; else not_ok history-html-step-labelled; fi
# Series with a change come first, though A_flat and the quoted name
# sort before them.
first=$(sed -n 's/^<h3 id="s[0-9]*">\([^ ]*\) .*/\1/p' s.html | head -2 | tr '\n' ' ')
if [ "$first" = "Creep-8 Step-8 " ]; then ok history-html-changed-first
else not_ok history-html-changed-first "first charts: $first"; fi
# Text alternatives: each chart is an image with a label, a title and a
# description it points to.
if [ "$(count 'role="img" aria-label="Medians of ' s.html)" = 5 ] &&
    [ "$(count '<desc id="s[0-9]*-d">' s.html)" = 5 ] &&
    [ "$(count 'aria-describedby="s[0-9]*-d"' s.html)" = 5 ]
then ok history-html-text-alternatives
else not_ok history-html-text-alternatives; fi

"$bin" history -db "$sdb" -format html >again.html
cmp -s s.html again.html && ok history-html-stable ||
    not_ok history-html-stable
if grep -Eqi '<script|src=|href=|url\(|@import' s.html
then not_ok history-html-self-contained; else ok history-html-self-contained; fi

if grep -q '<i>' s.html ||
    ! grep -q 'X&lt;script&gt;alert(1)&lt;/script&gt;-8' s.html ||
    ! grep -q '&quot;quo&#39;te&quot;&amp;amp;' s.html ||
    ! grep -q "$(printf '\357\277\275')bad$(printf '\357\277\275')ctl" s.html ||
    ! grep -q '<code>c7&lt;i&gt;</code>' s.html ||
    ! grep -q 'main&amp;&quot;x&quot;' s.html ||
    LC_ALL=C grep -q "$(printf '\377')" s.html ||
    LC_ALL=C grep -q "$(printf '\001')" s.html
then not_ok history-html-escaped; else ok history-html-escaped; fi

"$bin" history -db "$sdb" -format html -filter '.name:Nope' >none.html 2>err
if [ $? = 0 ] && grep -q '<p>No series matches the query above.</p>' none.html &&
   grep -q "no series matches -filter '.name:Nope'" err
then ok history-html-empty; else not_ok history-html-empty; fi
"$bin" history -db "$sdb" -format html >/dev/full 2>err
if [ $? = 1 ] && [ -s err ]; then ok history-html-full-disk
else not_ok history-html-full-disk; fi

# 120 series: 100 charts, and the page says so.
awk 'BEGIN { for (c = 1; c <= 3; c++) { f = "m" c ".txt"; srand(c)
	for (b = 0; b < 120; b++) for (r = 0; r < 5; r++)
		printf "BenchmarkM%03d-8 1 %.3f ns/op\n", b, 100 + rand() >f
	close(f) } }'
for c in 1 2 3; do
	"$bin" record -db "$mdb" -commit m$c m$c.txt >/dev/null
done
"$bin" history -db "$mdb" -format html >m.html
if [ "$(count '<figure>' m.html)" = 100 ] &&
    grep -q 'Charts of 100 of 120 series: those with a change first' m.html
then ok history-html-cap; else not_ok history-html-cap; fi

if command -v tidy >/dev/null 2>&1; then
	for f in s none m; do
		if tidy -q -e $f.html >tidy.out 2>&1; then ok "history-tidy-$f"
		else not_ok "history-tidy-$f" "$(head -3 tidy.out)"; fi
	done
else
	echo "ok history-tidy # SKIP tidy not installed"
fi

. "$here/tests/chromium.sh"
if [ -z "$chromium" ]; then
	echo "ok history-chromium # SKIP chromium not installed"
else
	# As tests/html.sh: any ":CONSOLE" line is a message from the page.
	# One launch both prints the DOM and takes the picture.
	chrome "$tmp/s.html" --dump-dom --window-size=1100,1300 \
	    --hide-scrollbars --screenshot="$tmp/s.png"
	if grep ':CONSOLE' log >console; then
		not_ok history-chromium-console "$(head -3 console)"
	elif [ "$(count '<svg viewBox="0 0 1000' dom)" != 5 ]; then
		not_ok history-chromium-console "$(count '<svg' dom) charts in the DOM"
	else ok history-chromium-console; fi
	if [ -s s.png ] && [ "$(head -c 4 s.png | tail -c 3)" = PNG ]; then
		ok history-chromium-screenshot
	else not_ok history-chromium-screenshot; fi
	if [ "${UPDATE:-}" = 1 ] && [ -s s.png ]; then
		mkdir -p "$here/doc"
		cp s.png "$here/doc/history.png"
		echo "# doc/history.png updated"
	fi
fi
echo "# history html: $pass passed, $fail failed"
[ $fail = 0 ]
