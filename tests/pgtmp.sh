# tests/pgtmp.sh: a throwaway PostgreSQL cluster for the tests of the
# history's PostgreSQL back end (src/history/store_pg.c).
#
# Sourced (`. tests/pgtmp.sh`), it defines:
#   pgtmp_start DIR  make a cluster in DIR (which must exist and be empty),
#                    start it on a Unix socket in DIR with no TCP, create
#                    database cbs, the roles cbs_writer (owns the database,
#                    so it can create the history's tables) and cbs_reader
#                    (SELECT only, on the writer's future tables too), and
#                    export PGTMP_URI (the writer), PGTMP_READER_URI and
#                    PGTMP_ADMIN_URI (the superuser).  Returns 77 when no
#                    server binaries are installed, 1 on any other failure
#                    (with the server's log on stderr).
#   pgtmp_stop DIR   stop the cluster at once and remove DIR; callers trap
#                    it so it runs on failure too.
# Run (`sh tests/pgtmp.sh run COMMAND [ARG...]`), it starts a cluster in a
# temporary directory, runs the command with the variables above and
# stops the cluster; with no server it prints a visible SKIP and exits 0.
#
# As root, the server (which refuses to run as root) runs as the user
# postgres, or else nobody, through setpriv; DIR is given to that user.

# pgtmp_bindir: the directory of initdb and pg_ctl, or nothing.
# $PGTMP_BINDIR, when set, is the only one tried (PGTMP_BINDIR=/none
# shows the SKIP).
pgtmp_bindir() {
	if [ -n "${PGTMP_BINDIR:-}" ]; then
		_d=$PGTMP_BINDIR
		[ -x "$_d/initdb" ] && [ -x "$_d/pg_ctl" ] && echo "$_d"
		return 0
	fi
	_d=$(pg_config --bindir 2>/dev/null)
	if [ -n "$_d" ] && [ -x "$_d/initdb" ] && [ -x "$_d/pg_ctl" ]; then
		echo "$_d"
		return 0
	fi
	for _d in /usr/lib/postgresql/*/bin; do
		[ -x "$_d/initdb" ] && [ -x "$_d/pg_ctl" ] && _found=$_d
	done
	[ -n "${_found:-}" ] && echo "$_found"
}

# pgtmp_as COMMAND...: run it as the server's user.
pgtmp_as() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid="$pgtmp_user" --regid="$pgtmp_group" \
		    --clear-groups -- "$@"
	else
		"$@"
	fi
}

pgtmp_users() {
	pgtmp_user=nobody pgtmp_group=nogroup
	if id postgres >/dev/null 2>&1; then
		pgtmp_user=postgres
		pgtmp_group=$(id -g postgres)
	fi
}

pgtmp_start() {
	pgtmp_bin=$(pgtmp_bindir)
	if [ -z "$pgtmp_bin" ]; then
		echo "pgtmp: no PostgreSQL server (initdb, pg_ctl)" >&2
		return 77
	fi
	# The socket's path must fit in sun_path, and libpq's URI takes
	# the directory unquoted: keep it short and plain.
	case "$1" in
	/*) ;;
	*) echo "pgtmp: $1: not an absolute path" >&2; return 1 ;;
	esac
	case "$1" in
	*[!A-Za-z0-9/._-]*)
		echo "pgtmp: $1: only letters, digits, '/._-' please" >&2
		return 1 ;;
	esac
	pgtmp_users
	[ "$(id -u)" = 0 ] && chown "$pgtmp_user:$pgtmp_group" "$1"
	if ! pgtmp_as "$pgtmp_bin/initdb" -D "$1/data" -A trust -U postgres \
	    -E UTF8 --locale=C --no-sync >"$1/initdb.log" 2>&1; then
		cat "$1/initdb.log" >&2
		return 1
	fi
	if ! pgtmp_as "$pgtmp_bin/pg_ctl" -D "$1/data" -l "$1/server.log" \
	    -w -t 60 -o "-c listen_addresses='' \
	    -c unix_socket_directories='$1' -c fsync=off \
	    -c full_page_writes=off -c synchronous_commit=off" \
	    start >/dev/null 2>&1; then
		cat "$1/server.log" >&2
		return 1
	fi
	if ! "$pgtmp_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$1" -U postgres \
	    -d postgres >"$1/psql.log" 2>&1 <<-'EOF'
		CREATE ROLE cbs_writer LOGIN;
		CREATE ROLE cbs_reader LOGIN;
		CREATE DATABASE cbs OWNER cbs_writer;
		\connect cbs
		GRANT USAGE ON SCHEMA public TO cbs_reader;
		ALTER DEFAULT PRIVILEGES FOR ROLE cbs_writer IN SCHEMA public
		    GRANT SELECT ON TABLES TO cbs_reader;
	EOF
	then
		cat "$1/psql.log" "$1/server.log" >&2
		return 1
	fi
	PGTMP_URI="postgresql:///cbs?host=$1&user=cbs_writer"
	PGTMP_READER_URI="postgresql:///cbs?host=$1&user=cbs_reader"
	PGTMP_ADMIN_URI="postgresql:///cbs?host=$1&user=postgres"
	PGTMP_DIR=$1
	export PGTMP_URI PGTMP_READER_URI PGTMP_ADMIN_URI PGTMP_DIR
	echo "pgtmp: $PGTMP_URI"
}

pgtmp_stop() {
	[ -n "$1" ] || return 0
	pgtmp_bin=$(pgtmp_bindir)
	pgtmp_users
	if [ -n "$pgtmp_bin" ] && [ -f "$1/data/postmaster.pid" ]; then
		pgtmp_as "$pgtmp_bin/pg_ctl" -D "$1/data" stop -m immediate \
		    >/dev/null 2>&1
	fi
	rm -rf "$1"
}

if [ "${0##*/}" = pgtmp.sh ] && [ "${1:-}" = run ]; then
	shift
	pgtmp_dir=$(mktemp -d /tmp/pgtmp.XXXXXX) || exit 1
	trap 'pgtmp_stop "$pgtmp_dir"' EXIT
	trap 'exit 130' INT TERM
	pgtmp_start "$pgtmp_dir"
	st=$?
	if [ $st = 77 ]; then
		echo "SKIP: $* (no PostgreSQL server installed)"
		exit 0
	fi
	[ $st = 0 ] || exit 1
	"$@"
	exit $?
fi
