#!/bin/sh
# action.sh: everything the GitHub Action (action.yml) does after cbenchstat
# is built, so that it runs, and is tested, without GitHub: benchmark the Go
# package(s) at the base revision and in the working tree, interleaved
# (bench-interleave.sh), compare and gate with cbenchstat, write the
# Markdown report to $GITHUB_STEP_SUMMARY, the reports to a folder, the
# outputs to $GITHUB_OUTPUT, optionally record the head's runs in a history
# database, and exit with the gate's status.
#
# Its inputs are environment variables (action.yml maps the action's inputs
# onto them; unset means the default):
#   CBS_PACKAGES    Go packages, separated by blanks (.)
#   CBS_BASE        base revision (a pull request's origin/$GITHUB_BASE_REF,
#                   else HEAD~1)
#   CBS_COUNT       rounds (10)
#   CBS_BENCHTIME   go's -benchtime (go's default)
#   CBS_BENCH       benchmark regexp (.)
#   CBS_BENCHMEM    true: report allocations too (false)
#   CBS_THRESHOLD   the gate's threshold in percent (5)
#   CBS_GATE_ALPHA  the gate's family-wise level (0.01)
#   CBS_STRICT      true: inconclusive cells fail too (false)
#   CBS_DB          history database (none)
#   CBS_RECORD      true: record the head's runs in CBS_DB on a push to
#                   the default branch, CBS_DEFAULT_BRANCH (false)
#   CBS_COMMENT     true: also write comment.md, a pull-request comment
#   CBS_OUTDIR      the artifact folder ($RUNNER_TEMP/cbenchstat, else
#                   ./cbenchstat-report)
#   CBENCHSTAT      the cbenchstat binary (cbenchstat from $PATH)
# and GitHub's GITHUB_EVENT_NAME, GITHUB_BASE_REF, GITHUB_REF,
# GITHUB_REF_NAME, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT.
#
# The folder gets old.txt and new.txt (the runs), report.md, report.html,
# bench_all.json (the gate's verdicts; `cbenchstat -check` reads it),
# bench_all.diff (the text tables), gate.txt (the gate's lines) and
# html.err, json.err and text.err (the other runs' stderr).
# Outputs: dir, verdict (pass, fail or error), regressions, inconclusive.
#
# Exit status: the gate's: 0 pass, 1 error, 2 regression (or, with strict,
# an inconclusive cell).
set -u

prog=cbenchstat-action
here=$(cd "$(dirname "$0")" && pwd)
bin=${CBENCHSTAT:-cbenchstat}
outdir=${CBS_OUTDIR:-}
[ -n "$outdir" ] || outdir=${RUNNER_TEMP:+$RUNNER_TEMP/cbenchstat}
[ -n "$outdir" ] || outdir=cbenchstat-report

# Outputs are written however the script ends, so a failed step still
# says where its files are and that it failed.
verdict=error nreg=0 ninc=0
output() {
	[ -n "${GITHUB_OUTPUT:-}" ] || return 0
	printf 'dir=%s\nverdict=%s\nregressions=%s\ninconclusive=%s\n' \
	    "$outdir" "$verdict" "$nreg" "$ninc" >>"$GITHUB_OUTPUT"
}
die() {
	echo "$prog: $*" >&2
	output
	exit 1
}

boolean() {	# name value -> 0 true, 1 false; anything else is an error
	case $2 in
	true) return 0 ;;
	false|'') return 1 ;;
	*) die "$1: want true or false, not '$2'" ;;
	esac
}

# The base: a pull request is compared with the branch it goes into.
base_rev() {
	if [ -n "${CBS_BASE:-}" ]; then echo "$CBS_BASE"; return; fi
	case ${GITHUB_EVENT_NAME:-} in
	pull_request|pull_request_target) ;;
	*) echo HEAD~1; return ;;
	esac
	[ -n "${GITHUB_BASE_REF:-}" ] ||
		die "pull request without GITHUB_BASE_REF: set the base input"
	ref=origin/$GITHUB_BASE_REF
	# A shallow checkout lacks the base: fetch it.
	git rev-parse --verify --quiet "$ref^{commit}" >/dev/null ||
		git fetch -q --no-tags origin \
		    "+refs/heads/$GITHUB_BASE_REF:refs/remotes/$ref" >&2 ||
		die "$ref: cannot fetch the pull request's base"
	echo "$ref"
}

collect() {	# base: run bench-interleave.sh on every package
	append=
	set -f
	# shellcheck disable=SC2086
	set -- ${CBS_PACKAGES:-.}
	set +f
	[ $# -gt 0 ] || set -- .
	for pkg; do
		set -- -b "$base" -n "${CBS_COUNT:-10}" -p "${CBS_BENCH:-.}" \
		    -o "$outdir"
		[ -z "$append" ] || set -- -a "$@"
		[ -z "${CBS_BENCHTIME:-}" ] || set -- -t "$CBS_BENCHTIME" "$@"
		boolean benchmem "${CBS_BENCHMEM:-}" && set -- -m "$@"
		sh "$here/bench-interleave.sh" "$@" "$pkg" ||
			die "$pkg: benchmarks failed"
		append=1
	done
}

# gate: one run of cbenchstat per format; the gate's status is the
# Markdown run's, and an error in any run is an error.
gate() {
	set -- -threshold "${CBS_THRESHOLD:-5}" \
	    -gate-alpha "${CBS_GATE_ALPHA:-0.01}"
	boolean strict "${CBS_STRICT:-}" && set -- "$@" -gate-strict
	in1="base=$outdir/old.txt" in2="head=$outdir/new.txt"
	"$bin" -format markdown -o "$outdir/report.md" "$@" "$in1" "$in2" \
	    2>"$outdir/gate.txt"
	status=$?
	# Each run's stderr (the gate's lines again, or why it failed) stays in
	# FORMAT.err; a run that fails says so in the log.
	for f in html:report.html json:bench_all.json text:bench_all.diff; do
		"$bin" -format "${f%%:*}" -o "$outdir/${f#*:}" "$@" \
		    "$in1" "$in2" 2>"$outdir/${f%%:*}.err"
		[ $? = 1 ] || continue
		status=1
		echo "cbenchstat -format ${f%%:*} failed:" >&2
		cat "$outdir/${f%%:*}.err" >&2
	done
	cat "$outdir/gate.txt" >&2
	nreg=$(grep -c '^regression:' "$outdir/gate.txt")
	ninc=$(grep -c '^inconclusive:' "$outdir/gate.txt")
	case $status in
	0) verdict=pass ;;
	2) verdict=fail ;;
	*) verdict=error status=1 ;;
	esac
}

summary() {	# file: the report, under a heading naming both sides
	{
		echo "### Benchmarks: $base ($(git rev-parse --short "$base")) vs" \
		    "head ($(git rev-parse --short HEAD))"
		echo
		if [ -s "$outdir/report.md" ]; then cat "$outdir/report.md"
		else echo "cbenchstat failed; see the step's log."; fi
		if grep -q . "$outdir/gate.txt"; then
			printf '\n<details><summary>Gate lines</summary>\n\n'
			printf '```\n'
			cat "$outdir/gate.txt"
			printf '```\n\n</details>\n'
		fi
	} >"$1"
}

# record: the head's runs into the history, on pushes to the default
# branch only (a pull request's runs are not history).
record() {
	boolean record "${CBS_RECORD:-}" || return 0
	[ -n "${CBS_DB:-}" ] || die "record: no db given"
	[ "${GITHUB_EVENT_NAME:-}" = push ] || return 0
	[ "${GITHUB_REF:-}" = "refs/heads/${CBS_DEFAULT_BRANCH:-main}" ] ||
		return 0
	"$bin" record -db "$CBS_DB" -branch "${GITHUB_REF_NAME:-main}" \
	    "$outdir/new.txt" || die "record: cannot record in the history" \
	    "(db; cbenchstat's message above)"
}

command -v "$bin" >/dev/null 2>&1 || die "$bin: command not found"
boolean benchmem "${CBS_BENCHMEM:-}"
boolean strict "${CBS_STRICT:-}"
boolean record "${CBS_RECORD:-}"
boolean comment "${CBS_COMMENT:-}"
mkdir -p "$outdir" || die "$outdir: cannot create"
outdir=$(cd "$outdir" && pwd)
base=$(base_rev) || exit 1
collect
gate
summary "$outdir/summary.md"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	cat "$outdir/summary.md" >>"$GITHUB_STEP_SUMMARY" ||
		die "$GITHUB_STEP_SUMMARY: cannot write"
fi
if boolean comment "${CBS_COMMENT:-}"; then
	{ echo "<!-- cbenchstat -->"; cat "$outdir/summary.md"; } \
	    >"$outdir/comment.md" || die "$outdir/comment.md: cannot write"
fi
[ $status = 1 ] || record
output
exit "$status"
