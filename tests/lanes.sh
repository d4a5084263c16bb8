#!/bin/sh
# tests/lanes.sh: make check's steps, side by side.  Each argument is one
# step, a command for sh -c; the steps run in the order given, one more at
# a time than there are processors ($CHECK_JOBS says otherwise; 1 runs
# them one after another).  The extra lane fills the time steps spend
# waiting (SQLite's fsync in the history tests, sleeps, chromium): on the
# 2-core machine, 3 lanes took 36 s where 2 took 41.  A free lane takes
# the next step not yet taken: mkdir of its claim is atomic, so no step
# runs twice.  Put the longest first, so no lane is left with one at the
# end.
#
# Each step's output (standard output and error, standard input
# /dev/null) goes to a log of its own; when all are done, the logs are
# printed in the order of the arguments, each after a "== COMMAND (N s)"
# line, then which steps failed.  Exit 0 only if every step exited 0.
#
# usage: tests/lanes.sh COMMAND...
set -u
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null)
case "$cpus" in ''|*[!0-9]*|0) cpus=1 ;; esac
lanes=${CHECK_JOBS:-$((cpus + 1))}
case "$lanes" in ''|*[!0-9]*|0) lanes=1 ;; esac
dir=$(mktemp -d) || exit 2
trap 'rm -rf "$dir"' EXIT
# A background job starts with SIGINT and SIGQUIT ignored: env gives the
# steps their defaults back, so that ^C stops them as it did when they
# ran in the foreground.
defsig=
env --default-signal=INT,QUIT true 2>/dev/null &&
    defsig=--default-signal=INT,QUIT

# stop: on a signal, end the lanes, then the steps they were running.
stop() {
	kill $pids 2>/dev/null
	for f in "$dir"/*.pid; do
		[ -f "$f" ] && read -r p <"$f" && kill "$p" 2>/dev/null
	done
	exit 130
}
trap stop INT TERM

# lane COMMAND...: run each step no other lane has claimed.
lane() {
	i=0
	for cmd in "$@"; do
		i=$((i + 1))
		mkdir "$dir/$i.claim" 2>/dev/null || continue
		start=$(date +%s)
		env $defsig sh -c "$cmd" >"$dir/$i.log" 2>&1 </dev/null &
		echo $! >"$dir/$i.pid"
		wait $!
		st=$?
		rm -f "$dir/$i.pid"
		echo "$st $(($(date +%s) - start))" >"$dir/$i.status"
	done
}

pids= l=0
while [ $l -lt "$lanes" ]; do
	lane "$@" &
	pids="$pids $!"
	l=$((l + 1))
done
for p in $pids; do
	wait "$p"
done

i=0 failed=
for cmd in "$@"; do
	i=$((i + 1))
	st=lost secs=?
	[ -f "$dir/$i.status" ] && read -r st secs <"$dir/$i.status"
	echo "== $cmd ($secs s)"
	[ -f "$dir/$i.log" ] && cat "$dir/$i.log"
	if [ "$st" != 0 ]; then
		echo "== failed: $cmd (exit $st)"
		failed="$failed
	$cmd (exit $st)"
	fi
done
if [ -n "$failed" ]; then
	echo "== make check: these steps failed:$failed"
	exit 1
fi
echo "== make check: all $# steps passed"
