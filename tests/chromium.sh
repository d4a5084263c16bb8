# tests/chromium.sh: what the tests that load a page in headless chromium
# share (html.sh, history_html.sh), sourced after tap.sh: $chromium, the
# first browser found (empty: none), and `chrome FILE [flags]`, which
# loads FILE with logging on: its stdout goes to $tmp/dom, its log (each
# console message, and each uncaught exception, a ":CONSOLE" line) to
# $tmp/log.
chromium=
for c in chromium chromium-browser google-chrome; do
	command -v $c >/dev/null 2>&1 && { chromium=$c; break; }
done

chrome() {
	f=$1; shift
	HOME="$tmp" timeout 120 "$chromium" --headless --disable-gpu \
	    --no-sandbox --no-first-run --disable-extensions \
	    --user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 \
	    "$@" "file://$f" >"$tmp/dom" 2>"$tmp/log"
}
