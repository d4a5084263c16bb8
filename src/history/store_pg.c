/*
 * history/store_pg.c: the history kept on a PostgreSQL server, through
 * libpq (history/store.h has the interface and schema 3).
 *
 * Every user string (commit ids, branches, sources, names, units,
 * configurations) is bytea: it may be any bytes, and bytea compares
 * bytewise, as SQLite's BINARY collation does, so both back ends agree
 * on equality and order.  Strings go to the server as binary bound
 * parameters and come back as binary results; integers go as text
 * (locale-free), doubles only in binary, so that they round-trip
 * exactly.  No SQL text is ever built from data.
 *
 * The unique keys over user strings are on their SHA-256 (sha256() is
 * built in since PostgreSQL 11), not the strings: a B-tree entry holds
 * at most about 2,700 bytes, and a benchmark name or configuration may be
 * longer.  Lookups compare the strings themselves too.
 *
 * samples has no FOREIGN KEY constraints, unlike the SQLite schema: their
 * checks, a trigger per row, were three quarters of a 90,000-value
 * record.  Its references hold by construction: samples are written only
 * by write_run, in the transaction that made the run and found or made
 * every series it names, and nothing deletes a run or a series.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "history/store.h"

#define PG_SCHEMA 3

/* The type OIDs of the columns read back (pg_type.h, stable). */
#define OID_BYTEA 17
#define OID_INT4 23
#define OID_INT8 20
#define OID_FLOAT8 701

/* Serialises schema creation between writers: "cbst". */
#define PG_LOCK_SQL "SELECT pg_advisory_xact_lock(1667396468)"

#define MAXPARAMS 8

struct read_cache;

struct pg_store {
	struct cbs_store base;	/* first: the interface's view */
	PGconn *conn;
	char *password;		/* scrubbed from messages, or NULL */
	int reading;		/* between begin_read and end_read */
	char *branch;		/* the read's query, copied */
	char *exclude;
	char *runs;		/* with last: the chosen runs, "{1,2}" */
	struct read_cache *cache;	/* the read's, made on first use */
};

/* A statement's bound parameters. */
struct params {
	const char *v[MAXPARAMS];
	int len[MAXPARAMS];
	int fmt[MAXPARAMS];
	char num[MAXPARAMS][24];
	int n;
	int toolong;
};

static const char schema_sql[] =
"CREATE TABLE cbs_meta (key text PRIMARY KEY, value text NOT NULL);\n"
"CREATE TABLE commits (\n"
"  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
"  hash bytea NOT NULL, branch bytea, commit_time bigint,\n"
"  recorded_time bigint NOT NULL, parent bytea);\n"
"CREATE UNIQUE INDEX commits_hash ON commits (sha256(hash));\n"
"CREATE TABLE runs (\n"
"  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
"  commit_id bigint NOT NULL REFERENCES commits (id),\n"
"  content_hash bytea NOT NULL, source bytea NOT NULL,\n"
"  recorded_time bigint NOT NULL);\n"
"CREATE UNIQUE INDEX runs_content ON runs (commit_id, sha256(content_hash));\n"
"CREATE TABLE series (\n"
"  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
"  benchmark bytea NOT NULL, unit bytea NOT NULL, config bytea NOT NULL);\n"
"CREATE UNIQUE INDEX series_key ON series\n"
"  (sha256(benchmark), sha256(unit), sha256(config));\n"
"CREATE TABLE series_config (\n"
"  series_id bigint NOT NULL REFERENCES series (id), seq integer NOT NULL,\n"
"  key bytea NOT NULL, value bytea NOT NULL,\n"
"  PRIMARY KEY (series_id, seq));\n"
"CREATE TABLE samples (\n"
"  series_id bigint NOT NULL, run_id bigint NOT NULL, seq integer NOT NULL,\n"
"  value double precision NOT NULL,\n"
"  PRIMARY KEY (series_id, run_id, seq));\n"
"CREATE INDEX samples_run ON samples (run_id);\n"
"CREATE TABLE run_units (\n"
"  run_id bigint NOT NULL REFERENCES runs (id),\n"
"  unit bytea NOT NULL, key bytea NOT NULL, value bytea NOT NULL);\n"
"CREATE UNIQUE INDEX run_units_key ON run_units\n"
"  (run_id, sha256(unit), sha256(key));\n"
"INSERT INTO cbs_meta VALUES ('application', 'cbenchstat'),\n"
"  ('schema_version', '3');\n";

static const char commit_sql[] =
"INSERT INTO commits (hash, branch, commit_time, recorded_time, parent) "
"VALUES ($1::bytea, $2::bytea, $3::bigint, $4::bigint, $5::bytea) "
"ON CONFLICT ((sha256(hash))) DO UPDATE SET "
"  branch = coalesce(commits.branch, excluded.branch), "
"  commit_time = coalesce(commits.commit_time, excluded.commit_time), "
"  parent = coalesce(commits.parent, excluded.parent) "
"RETURNING id";

/* A run of the commit with schema 2's hash of the same bytes (copied
 * from an older SQLite file) is this run too. */
static const char run_sql[] =
"INSERT INTO runs (commit_id, content_hash, source, recorded_time) "
"SELECT $1::bigint, $2::bytea, $3::bytea, $4::bigint "
"WHERE NOT EXISTS (SELECT 1 FROM runs WHERE commit_id = $1::bigint "
"  AND content_hash = $5::bytea) "
"ON CONFLICT DO NOTHING RETURNING id";

static const char find_sql[] =
"SELECT id FROM series WHERE sha256(benchmark) = sha256($1::bytea) "
"  AND sha256(unit) = sha256($2::bytea) "
"  AND sha256(config) = sha256($3::bytea) "
"  AND benchmark = $1::bytea AND unit = $2::bytea AND config = $3::bytea";

static const char unit_sql[] =
"INSERT INTO run_units (run_id, unit, key, value) "
"VALUES ($1::bigint, $2::bytea, $3::bytea, $4::bytea)";

static const char base_sql[] =
"SELECT r.id FROM runs r WHERE r.commit_id IN "
"  (SELECT c.id FROM commits c "
"   WHERE ($1::bytea IS NULL OR c.branch = $1::bytea) "
"   AND ($2::bytea IS NULL OR c.hash <> $2::bytea) "
"   ORDER BY coalesce(c.commit_time, c.recorded_time) DESC, c.id DESC "
"   LIMIT $3::bigint) "
"ORDER BY r.id";

static const char series_sql[] =
"SELECT c.hash, coalesce(c.branch, '\\x'::bytea), "
"  coalesce(c.commit_time, c.recorded_time), s.value "
"FROM samples s JOIN runs r ON r.id = s.run_id "
"JOIN commits c ON c.id = r.commit_id "
"WHERE s.series_id = $1::bigint "
"  AND ($2::bytea IS NULL OR c.branch = $2::bytea) "
"  AND ($3::bytea IS NULL OR c.hash <> $3::bytea) "
"ORDER BY coalesce(c.commit_time, c.recorded_time) DESC, c.id DESC, "
"  s.run_id, s.seq";

static const char list_sql[] =
"SELECT s.id, s.benchmark, s.unit, s.config, sc.key, sc.value "
"FROM series s LEFT JOIN series_config sc ON sc.series_id = s.id "
"ORDER BY s.id, sc.seq";

static const char unit_meta_sql[] =
"SELECT u.value FROM run_units u JOIN runs r ON r.id = u.run_id "
"WHERE sha256(u.unit) = sha256($1::bytea) AND u.unit = $1::bytea "
"  AND u.key = $2::bytea "
"ORDER BY r.recorded_time DESC, r.id DESC LIMIT 1";

static const char runs_sql[] =
"SELECT r.id, c.hash, c.parent, c.branch, coalesce(c.commit_time, 0), "
"  c.recorded_time, r.content_hash, r.source, r.recorded_time "
"FROM runs r JOIN commits c ON c.id = r.commit_id "
"ORDER BY c.id, r.id";

static const char run_samples_sql[] =
"SELECT s.series_id, se.benchmark, se.unit, se.config, s.value "
"FROM samples s JOIN series se ON se.id = s.series_id "
"WHERE s.run_id = $1::bigint ORDER BY s.series_id, s.seq";

static const char run_pairs_sql[] =
"SELECT sc.series_id, sc.key, sc.value FROM series_config sc "
"WHERE sc.series_id IN "
"  (SELECT DISTINCT series_id FROM samples WHERE run_id = $1::bigint) "
"ORDER BY sc.series_id, sc.seq";

static const char run_units_sql[] =
"SELECT unit, key, value FROM run_units WHERE run_id = $1::bigint "
"ORDER BY unit, key";

/* The library never prints: libpq's NOTICEs are dropped. */
static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Whitespace runs (libpq's messages span lines) as one space. */
static void
tidy(char *s)
{
	char *w = s, *start = s;
	int space = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\n' || *s == '\t' || *s == '\r' || *s == ' ') {
			space = 1;
			continue;
		}
		if (space && w != start)
			*w++ = ' ';
		space = 0;
		*w++ = *s;
	}
	*w = '\0';
}

/*
 * Put "what: msg" in err, tidied, with any copy of a long password
 * starred: libpq's messages are not known to hold it, and must never.
 */
static void
message(const struct pg_store *p, const char *what, const char *msg,
    char *err, size_t errlen)
{
	const char *pw = p != NULL ? p->password : NULL;
	char *at;

	if (errlen == 0)
		return;
	while (*msg == ' ' || *msg == '\n')
		msg++;
	snprintf(err, errlen, "%s: %s", what, *msg != '\0' ? msg :
	    "unknown error");
	tidy(err);
	/* A short password's stars would tell it: "/none*istent" says
	 * "x".  libpq never echoes one; this is a second line only. */
	if (pw == NULL || strlen(pw) < 8)
		return;
	while ((at = strstr(err, pw)) != NULL)
		memset(at, '*', strlen(pw));
}

/* An error of res (or, without one, of the connection). */
static int
fail(const struct pg_store *p, const PGresult *res, const char *what,
    char *err, size_t errlen)
{
	const char *m = NULL;

	if (res != NULL)
		m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	if ((m == NULL || *m == '\0') && res != NULL)
		m = PQresultErrorMessage(res);
	if ((m == NULL || *m == '\0') && p->conn != NULL)
		m = PQerrorMessage(p->conn);
	message(p, what, m != NULL ? m : "", err, errlen);
	return CBS_EIO;
}

static void
p_bytes(struct params *ps, const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0;

	if (len > INT_MAX)
		ps->toolong = 1;
	ps->v[ps->n] = s;
	ps->len[ps->n] = (int)(len > INT_MAX ? 0 : len);
	ps->fmt[ps->n] = 1;
	ps->n++;
}

/* "" is unknown, as NULL. */
static void
p_opt(struct params *ps, const char *s)
{
	p_bytes(ps, s != NULL && *s != '\0' ? s : NULL);
}

static void
p_int(struct params *ps, long long x)
{
	snprintf(ps->num[ps->n], sizeof(ps->num[ps->n]), "%lld", x);
	ps->v[ps->n] = ps->num[ps->n];
	ps->len[ps->n] = 0;
	ps->fmt[ps->n] = 0;
	ps->n++;
}

/* 0 is unknown, as NULL. */
static void
p_opt_int(struct params *ps, long long x)
{
	p_int(ps, x);
	if (x == 0)
		ps->v[ps->n - 1] = NULL;
}

static void
p_text(struct params *ps, const char *s)
{
	ps->v[ps->n] = s;
	ps->len[ps->n] = 0;
	ps->fmt[ps->n] = 0;
	ps->n++;
}

/*
 * Run sql with ps, results in binary, and check that they are as the
 * letters of shape say (i bigint, d double, s bytea; "*" any; NULL: a
 * command, no rows).  @return 0 with *out (when out is not NULL), or an
 * error with a message.
 */
static int
query(struct pg_store *p, const char *sql, const struct params *ps,
    const char *shape, PGresult **out, const char *what, char *err,
    size_t errlen)
{
	PGresult *res;
	ExecStatusType st;
	Oid want;
	int i;

	if (out != NULL)
		*out = NULL;
	if (ps != NULL && ps->toolong) {
		message(p, what, "a string longer than 2 GiB", err, errlen);
		return CBS_EINVAL;
	}
	res = PQexecParams(p->conn, sql, ps != NULL ? ps->n : 0, NULL,
	    ps != NULL ? ps->v : NULL, ps != NULL ? ps->len : NULL,
	    ps != NULL ? ps->fmt : NULL, 1);
	if (res == NULL) {
		message(p, what, cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	st = PQresultStatus(res);
	if (st != (shape != NULL ? PGRES_TUPLES_OK : PGRES_COMMAND_OK)) {
		i = fail(p, res, what, err, errlen);
		PQclear(res);
		return i;
	}
	if (shape != NULL && strcmp(shape, "*") == 0)
		shape = NULL;
	else if (shape != NULL && PQnfields(res) != (int)strlen(shape))
		goto bad;
	for (i = 0; shape != NULL && shape[i] != '\0'; i++) {
		want = shape[i] == 'i' ? OID_INT8 : shape[i] == 'd' ?
		    OID_FLOAT8 : OID_BYTEA;
		if (PQftype(res, i) != want || PQfformat(res, i) != 1)
			goto bad;
	}
	if (out != NULL)
		*out = res;
	else
		PQclear(res);
	return 0;
bad:
	PQclear(res);
	message(p, what, "the server's answer has unexpected columns", err,
	    errlen);
	return CBS_EIO;
}

/*
 * Statements that return nothing, without parameters (PQexec: the schema
 * is several in one string, which PQexecParams refuses).
 */
static int
exec(struct pg_store *p, const char *sql, const char *what, char *err,
    size_t errlen)
{
	PGresult *res = PQexec(p->conn, sql);
	int rc = 0;

	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = fail(p, res, what, err, errlen);
	PQclear(res);
	return rc;
}

static uint64_t
be64(const char *b)
{
	const unsigned char *u = (const unsigned char *)b;
	uint64_t x = 0;
	int i;

	for (i = 0; i < 8; i++)
		x = x << 8 | u[i];
	return x;
}

/* A bigint or double column (query checked the type: 8 bytes). */
static long long
get_int(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return 0;
	return (long long)be64(PQgetvalue(res, row, col));
}

static double
get_double(const PGresult *res, int row, int col)
{
	uint64_t bits = be64(PQgetvalue(res, row, col));
	double d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

/*
 * A bytea column as a NUL-terminated copy in a (NULL for SQL NULL).  A
 * string holding a NUL is refused, not cut: no cbenchstat wrote it.
 */
static int
get_str(struct pg_store *p, struct cbs_arena *a, const PGresult *res,
    int row, int col, const char **out, const char *what, char *err,
    size_t errlen)
{
	const char *v = PQgetvalue(res, row, col);
	size_t len = (size_t)PQgetlength(res, row, col);

	*out = NULL;
	if (PQgetisnull(res, row, col))
		return 0;
	if (memchr(v, '\0', len) != NULL) {
		message(p, what, "a string in the database holds a NUL byte",
		    err, errlen);
		return CBS_EPARSE;
	}
	if ((*out = cbs_arena_strndup(a, v, len)) == NULL) {
		message(p, what, cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	return 0;
}

/* get_str for a column that may not be NULL: a NULL is an error. */
static int
get_nonnull(struct pg_store *p, struct cbs_arena *a, const PGresult *res,
    int row, int col, const char **out, char *err, size_t errlen)
{
	int rc = get_str(p, a, res, row, col, out, "read", err, errlen);

	if (rc == 0 && *out == NULL) {
		message(p, "read", "a NULL in the database where none may be",
		    err, errlen);
		return CBS_EPARSE;
	}
	return rc;
}

/* A callback's error, with what message it can have. */
static int
stopped(int rc, char *err, size_t errlen)
{
	if (rc < 0)
		snprintf(err, errlen, "%s", cbs_strerror(rc));
	return rc < 0 ? rc : 0;
}

static void
rollback(struct pg_store *p)
{
	PGresult *res = PQexec(p->conn, "ROLLBACK");

	PQclear(res);
}

/* COMMIT, which the server answers ROLLBACK when it could not. */
static int
commit(struct pg_store *p, const char *what, char *err, size_t errlen)
{
	PGresult *res = PQexec(p->conn, "COMMIT");
	int rc = 0;

	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = fail(p, res, what, err, errlen);
	else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		message(p, what, "the transaction was rolled back", err,
		    errlen);
		rc = CBS_EIO;
	}
	PQclear(res);
	return rc;
}

/* ---- opening ---- */

/*
 * The database's schema version: 0 when it has no history, else the
 * version, or a negative error (another application, a newer schema).
 */
static int
schema_version(struct pg_store *p, const char *what, char *err,
    size_t errlen)
{
	PGresult *res;
	const char *app, *ver;
	char *end;
	long v;
	int rc;

	if ((rc = query(p, "SELECT (to_regclass('cbs_meta') IS NOT NULL)::int"
	    "::int8", NULL, "i", &res, what, err, errlen)) != 0)
		return rc;
	v = get_int(res, 0, 0);
	PQclear(res);
	if (v == 0)
		return 0;
	if ((rc = query(p, "SELECT convert_to((SELECT value FROM cbs_meta "
	    "WHERE key = 'application'), 'UTF8'), convert_to((SELECT value "
	    "FROM cbs_meta WHERE key = 'schema_version'), 'UTF8')", NULL,
	    "ss", &res, what, err, errlen)) != 0)
		return rc;
	app = PQgetisnull(res, 0, 0) ? "" : PQgetvalue(res, 0, 0);
	ver = PQgetisnull(res, 0, 1) ? "" : PQgetvalue(res, 0, 1);
	if (strcmp(app, "cbenchstat") != 0) {
		message(p, what, "not a cbenchstat history database (its "
		    "cbs_meta names another application)", err, errlen);
		PQclear(res);
		return CBS_EPARSE;
	}
	v = strtol(ver, &end, 10);
	rc = (int)v;
	if (end == ver || *end != '\0' || v < 1 || v > 1000000) {
		message(p, what, "unknown schema version", err, errlen);
		rc = CBS_EPARSE;
	} else if (v > PG_SCHEMA) {
		snprintf(err, errlen, "%s: schema version %ld is newer than "
		    "this cbenchstat's (%d); not touching it", what, v,
		    PG_SCHEMA);
		rc = CBS_EPARSE;
	} else if (v < PG_SCHEMA) {
		snprintf(err, errlen, "%s: unknown schema version %ld", what,
		    v);
		rc = CBS_EPARSE;
	}
	PQclear(res);
	return rc;
}

/*
 * A writer creates the schema when there is none, under a lock that
 * makes concurrent first records wait for one another, in one
 * transaction: a half-made schema is never seen.
 */
static int
settle_schema(struct pg_store *p, char *err, size_t errlen)
{
	int rc;

	if ((rc = exec(p, "BEGIN", "open", err, errlen)) != 0)
		return rc;
	if ((rc = query(p, PG_LOCK_SQL, NULL, "*", NULL, "open", err,
	    errlen)) != 0)
		goto out;
	if ((rc = schema_version(p, "open", err, errlen)) < 0)
		goto out;
	if (rc == 0 && (rc = exec(p, schema_sql, "create the history", err,
	    errlen)) != 0)
		goto out;
	return commit(p, "open", err, errlen);
out:
	rollback(p);
	return rc;
}

static int
check_schema(struct pg_store *p, char *err, size_t errlen)
{
	int rc = schema_version(p, "open", err, errlen);

	if (rc == 0) {
		message(p, "open", "no cbenchstat history in this database "
		    "(nothing recorded yet)", err, errlen);
		return CBS_EPARSE;
	}
	return rc < 0 ? rc : 0;
}

/*
 * A statement that runs away (a lock never released, a server in
 * trouble) must not hang a CI job for ever: unless someone set a
 * statement_timeout (PGOPTIONS, options=-c statement_timeout=... in the
 * connection string, ALTER ROLE or DATABASE ... SET, the server's
 * configuration), each statement gets 300 seconds.
 */
static int
set_timeout(struct pg_store *p, char *err, size_t errlen)
{
	PGresult *res;
	long long unset;
	int rc;

	/* Set by no one (an explicit 0 is the user's choice: no timeout). */
	if ((rc = query(p, "SELECT (source = 'default' AND setting = '0')"
	    "::int::int8 FROM pg_settings WHERE name = 'statement_timeout'",
	    NULL, "i", &res, "connect", err, errlen)) != 0)
		return rc;
	unset = PQntuples(res) > 0 && get_int(res, 0, 0);
	PQclear(res);
	if (unset)
		return exec(p, "SET statement_timeout = '300s'", "connect",
		    err, errlen);
	return 0;
}

/* The connection string's password, to keep it out of messages. */
static int
find_password(struct pg_store *p, const char *conninfo, char *err,
    size_t errlen)
{
	PQconninfoOption *opts, *o;
	char *perr = NULL;

	if ((opts = PQconninfoParse(conninfo, &perr)) == NULL) {
		/* libpq's reason quotes the string, password and all. */
		PQfreemem(perr);
		message(p, "connect", "the connection string is not valid",
		    err, errlen);
		return CBS_EINVAL;
	}
	for (o = opts; o->keyword != NULL; o++) {
		if (strcmp(o->keyword, "password") == 0 && o->val != NULL &&
		    (p->password = strdup(o->val)) == NULL) {
			PQconninfoFree(opts);
			message(p, "connect", cbs_strerror(CBS_ENOMEM), err,
			    errlen);
			return CBS_ENOMEM;
		}
	}
	PQconninfoFree(opts);
	return 0;
}

/* Append v to b as a keyword string's value: quoted when it must be. */
static void
add_value(struct cbs_sbuf *b, const char *v)
{
	const char *c;

	if (*v != '\0' && strpbrk(v, " \t\n\r\f\v'\\") == NULL) {
		cbs_sbuf_str(b, v);
		return;
	}
	cbs_sbuf_byte(b, '\'');
	for (c = v; *c != '\0'; c++) {
		if (*c == '\'' || *c == '\\')
			cbs_sbuf_byte(b, '\\');
		cbs_sbuf_byte(b, (unsigned char)*c);
	}
	cbs_sbuf_byte(b, '\'');
}

int
cbs_store_pg_shown(const char *conninfo, char *buf, size_t len)
{
	struct cbs_sbuf b = { NULL, 0, 0, 0 };
	PQconninfoOption *opts, *o;
	char *perr = NULL;

	/* libpq's own reading: what it would use is what is starred. */
	if ((opts = PQconninfoParse(conninfo, &perr)) == NULL) {
		PQfreemem(perr);
		snprintf(buf, len, "(a PostgreSQL connection string)");
		return 0;
	}
	cbs_sbuf_str(&b, "");
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL)
			continue;
		if (b.len > 0)
			cbs_sbuf_byte(&b, ' ');
		cbs_sbuf_str(&b, o->keyword);
		cbs_sbuf_byte(&b, '=');
		if (strcmp(o->keyword, "password") == 0 ||
		    strcmp(o->keyword, "sslpassword") == 0)
			cbs_sbuf_str(&b, "***");
		else
			add_value(&b, o->val);
	}
	PQconninfoFree(opts);
	snprintf(buf, len, "%s", b.nomem ? "(a PostgreSQL connection string)" :
	    b.p);
	free(b.p);
	return b.nomem ? CBS_ENOMEM : 0;
}

/* ---- writing ---- */

/* The commit's id, created or with its missing fields filled. */
static int
put_commit(struct pg_store *p, const struct cbs_store_run *r,
    long long *id, char *err, size_t errlen)
{
	struct params ps = { .n = 0 };
	PGresult *res;
	int rc;

	p_bytes(&ps, r->commit);
	p_opt(&ps, r->branch);
	p_opt_int(&ps, r->commit_time);
	p_int(&ps, r->commit_recorded);
	p_opt(&ps, r->parent);
	if ((rc = query(p, commit_sql, &ps, "i", &res, "record", err,
	    errlen)) != 0)
		return rc;
	*id = get_int(res, 0, 0);
	PQclear(res);
	return 0;
}

/* The run's id, or 0 when the commit has a run of its content. */
static int
put_run(struct pg_store *p, const struct cbs_store_run *r, long long cid,
    long long *id, char *err, size_t errlen)
{
	struct params ps = { .n = 0 };
	PGresult *res;
	int rc;

	p_int(&ps, cid);
	p_bytes(&ps, r->content_hash);
	p_bytes(&ps, r->source != NULL ? r->source : "");
	p_int(&ps, r->recorded_time);
	p_bytes(&ps, r->legacy_hash);
	if ((rc = query(p, run_sql, &ps, "i", &res, "record", err,
	    errlen)) != 0)
		return rc;
	*id = PQntuples(res) > 0 ? get_int(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

static int
lookup_series(struct pg_store *p, const char *sql, const char *benchmark,
    const char *unit, const char *config, long long *id, const char *what,
    char *err, size_t errlen)
{
	struct params ps = { .n = 0 };
	PGresult *res;
	int rc;

	p_bytes(&ps, benchmark);
	p_bytes(&ps, unit);
	p_bytes(&ps, config);
	if ((rc = query(p, sql, &ps, "i", &res, what, err, errlen)) != 0)
		return rc;
	*id = PQntuples(res) > 0 ? get_int(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

static unsigned char *
put_be(unsigned char *b, uint64_t x, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		b[i] = (unsigned char)(x & 0xff);
		x >>= 8;
	}
	return b + n;
}

/*
 * A one-dimensional array parameter in PostgreSQL's binary form
 * (array_send): dimensions, no NULLs, element type, length, lower bound,
 * then each element's length and bytes.
 */
static void
arr_u32(struct cbs_sbuf *b, uint32_t x)
{
	unsigned char c[4];

	put_be(c, x, 4);
	cbs_sbuf_add(b, (const char *)c, 4);
}

static void
arr_begin(struct cbs_sbuf *b, uint32_t oid, size_t n)
{
	arr_u32(b, 1);
	arr_u32(b, 0);
	arr_u32(b, oid);
	arr_u32(b, (uint32_t)n);
	arr_u32(b, 1);
	if (n > INT_MAX)
		b->nomem = 1;
}

static void
arr_str(struct cbs_sbuf *b, const char *s)
{
	size_t n = strlen(s);

	if (n > INT_MAX)
		b->nomem = 1;
	arr_u32(b, (uint32_t)n);
	cbs_sbuf_add(b, s, n);
}

static void
arr_int(struct cbs_sbuf *b, long long x, int size)
{
	unsigned char c[8];

	arr_u32(b, (uint32_t)size);
	put_be(c, (uint64_t)x, size);
	cbs_sbuf_add(b, (const char *)c, (size_t)size);
}

/* The arrays as parameters; an error when one could not be made. */
static int
p_arrays(struct pg_store *p, struct params *ps, struct cbs_sbuf *a, int n,
    char *err, size_t errlen)
{
	int i;

	for (i = 0; i < n; i++) {
		if (a[i].nomem || a[i].len > INT_MAX) {
			message(p, "record", cbs_strerror(CBS_ENOMEM), err,
			    errlen);
			return CBS_ENOMEM;
		}
		ps->v[ps->n] = a[i].p;
		ps->len[ps->n] = (int)a[i].len;
		ps->fmt[ps->n] = 1;
		ps->n++;
	}
	return 0;
}

static void
free_arrays(struct cbs_sbuf *a, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(a[i].p);
}

/* The names of sel[0..n) as three bytea[] parameters. */
static int
name_params(struct pg_store *p, const struct cbs_store_series **sel,
    size_t n, struct cbs_sbuf a[3], struct params *ps, char *err,
    size_t errlen)
{
	size_t i;
	int k;

	for (k = 0; k < 3; k++)
		arr_begin(&a[k], OID_BYTEA, n);
	for (i = 0; i < n; i++) {
		arr_str(&a[0], sel[i]->benchmark);
		arr_str(&a[1], sel[i]->unit);
		arr_str(&a[2], sel[i]->config);
	}
	return p_arrays(p, ps, a, 3, err, errlen);
}

static const char bulk_find_sql[] =
"SELECT t.ord, s.id FROM unnest($1::bytea[], $2::bytea[], $3::bytea[]) "
"  WITH ORDINALITY AS t(b, u, c, ord) "
"JOIN series s ON sha256(s.benchmark) = sha256(t.b) "
"  AND sha256(s.unit) = sha256(t.u) AND sha256(s.config) = sha256(t.c) "
"  AND s.benchmark = t.b AND s.unit = t.u AND s.config = t.c";

/*
 * Insertion in the order given (sorted), so that writers creating the
 * same series at once wait for one another in one order, never in a
 * cycle.  A series another writer is creating makes this one wait for
 * its transaction, then skip it (DO NOTHING): the SELECT after it, a new
 * snapshot in READ COMMITTED, finds it.
 */
static const char bulk_create_sql[] =
"INSERT INTO series (benchmark, unit, config) "
"SELECT t.b, t.u, t.c FROM unnest($1::bytea[], $2::bytea[], $3::bytea[]) "
"  WITH ORDINALITY AS t(b, u, c, ord) ORDER BY t.ord "
"ON CONFLICT DO NOTHING RETURNING id";

static const char bulk_pairs_sql[] =
"INSERT INTO series_config (series_id, seq, key, value) "
"SELECT * FROM unnest($1::bigint[], $2::integer[], $3::bytea[], "
"  $4::bytea[])";

/* ids[i]: the id of series sel[i], or 0 when there is none. */
static int
bulk_find(struct pg_store *p, const struct cbs_store_series **sel,
    size_t n, long long *ids, char *err, size_t errlen)
{
	struct cbs_sbuf a[3] = { { NULL, 0, 0, 0 } };
	struct params ps = { .n = 0 };
	PGresult *res = NULL;
	long long ord;
	int i, rc;

	memset(ids, 0, n * sizeof(*ids));
	if ((rc = name_params(p, sel, n, a, &ps, err, errlen)) == 0)
		rc = query(p, bulk_find_sql, &ps, "ii", &res, "record", err,
		    errlen);
	free_arrays(a, 3);
	if (rc != 0)
		return rc;
	for (i = 0; i < PQntuples(res); i++) {
		ord = get_int(res, i, 0);
		if (ord >= 1 && (size_t)ord <= n)
			ids[ord - 1] = get_int(res, i, 1);
	}
	PQclear(res);
	return 0;
}

static int
id_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Create the series sel[0..n); *made gets the new ones' ids, sorted. */
static int
bulk_create(struct pg_store *p, const struct cbs_store_series **sel,
    size_t n, long long **made, size_t *nmade, char *err, size_t errlen)
{
	struct cbs_sbuf a[3] = { { NULL, 0, 0, 0 } };
	struct params ps = { .n = 0 };
	PGresult *res = NULL;
	int i, rc;

	*made = NULL;
	*nmade = 0;
	if ((rc = name_params(p, sel, n, a, &ps, err, errlen)) == 0)
		rc = query(p, bulk_create_sql, &ps, "i", &res, "record", err,
		    errlen);
	free_arrays(a, 3);
	if (rc != 0)
		return rc;
	if ((*made = calloc((size_t)PQntuples(res) + 1,
	    sizeof(**made))) == NULL) {
		PQclear(res);
		message(p, "record", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	for (i = 0; i < PQntuples(res); i++)
		(*made)[i] = get_int(res, i, 0);
	*nmade = (size_t)PQntuples(res);
	PQclear(res);
	qsort(*made, *nmade, sizeof(**made), id_cmp);
	return 0;
}

/* The pairs of the series this record created, in one statement. */
static int
bulk_pairs(struct pg_store *p, const struct cbs_store_series **sel,
    const long long *ids, size_t n, const long long *made, size_t nmade,
    char *err, size_t errlen)
{
	struct cbs_sbuf a[4] = { { NULL, 0, 0, 0 } };
	struct params ps = { .n = 0 };
	size_t i, j, np = 0;
	int k, rc;

	for (i = 0; i < n; i++)
		if (bsearch(&ids[i], made, nmade, sizeof(*made), id_cmp))
			np += sel[i]->npairs;
	if (np == 0)
		return 0;
	arr_begin(&a[0], OID_INT8, np);
	arr_begin(&a[1], OID_INT4, np);
	for (k = 2; k < 4; k++)
		arr_begin(&a[k], OID_BYTEA, np);
	for (i = 0; i < n; i++) {
		if (!bsearch(&ids[i], made, nmade, sizeof(*made), id_cmp))
			continue;
		for (j = 0; j < sel[i]->npairs; j++) {
			arr_int(&a[0], ids[i], 8);
			arr_int(&a[1], (long long)j, 4);
			arr_str(&a[2], sel[i]->pairs[j].key);
			arr_str(&a[3], sel[i]->pairs[j].value);
		}
	}
	if ((rc = p_arrays(p, &ps, a, 4, err, errlen)) == 0)
		rc = query(p, bulk_pairs_sql, &ps, NULL, NULL, "record", err,
		    errlen);
	free_arrays(a, 4);
	return rc;
}

/* Create the series sel[0..n) that ids says are missing, and find them. */
static int
create_missing(struct pg_store *p, const struct cbs_store_series **sel,
    long long *ids, size_t n, char *err, size_t errlen)
{
	const struct cbs_store_series **miss;
	long long *mids, *made = NULL;
	size_t i, m = 0, nmade = 0;
	int rc;

	miss = calloc(n, sizeof(*miss));
	mids = calloc(n, sizeof(*mids));
	if (miss == NULL || mids == NULL) {
		rc = CBS_ENOMEM;
		message(p, "record", cbs_strerror(rc), err, errlen);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (ids[i] == 0)
			miss[m++] = sel[i];
	if ((rc = bulk_create(p, miss, m, &made, &nmade, err, errlen)) != 0 ||
	    (rc = bulk_find(p, miss, m, mids, err, errlen)) != 0)
		goto out;
	for (i = 0; i < m; i++) {
		if (mids[i] == 0) {
			rc = CBS_EIO;
			message(p, "record", "a series was neither created nor "
			    "found", err, errlen);
			goto out;
		}
	}
	rc = bulk_pairs(p, miss, mids, m, made, nmade, err, errlen);
	for (i = 0, m = 0; rc == 0 && i < n; i++)
		if (ids[i] == 0)
			ids[i] = mids[m++];
out:
	free(made);
	free(mids);
	free(miss);
	return rc;
}

static int
series_cmp(const void *a, const void *b)
{
	const struct cbs_store_series *x =
	    *(const struct cbs_store_series *const *)a;
	const struct cbs_store_series *y =
	    *(const struct cbs_store_series *const *)b;
	int c;

	if ((c = strcmp(x->benchmark, y->benchmark)) != 0)
		return c;
	if ((c = strcmp(x->unit, y->unit)) != 0)
		return c;
	return strcmp(x->config, y->config);
}

/*
 * Each series' id into ids (by the run's order), the missing created
 * with their pairs: a few statements for the whole run, however many
 * series it has.
 */
static int
put_all_series(struct pg_store *p, const struct cbs_store_run *r,
    long long *ids, char *err, size_t errlen)
{
	const struct cbs_store_series **sorted;
	long long *sids;
	size_t i, n = r->nseries, missing = 0;
	int rc;

	if (n == 0)
		return 0;
	sorted = calloc(n, sizeof(*sorted));
	sids = calloc(n, sizeof(*sids));
	if (sorted == NULL || sids == NULL) {
		free(sorted);
		free(sids);
		message(p, "record", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	for (i = 0; i < n; i++)
		sorted[i] = &r->series[i];
	qsort(sorted, n, sizeof(*sorted), series_cmp);
	if ((rc = bulk_find(p, sorted, n, sids, err, errlen)) == 0) {
		for (i = 0; i < n; i++)
			missing += sids[i] == 0;
		if (missing > 0)
			rc = create_missing(p, sorted, sids, n, err, errlen);
	}
	for (i = 0; rc == 0 && i < n; i++)
		ids[sorted[i] - r->series] = sids[i];
	free(sorted);
	free(sids);
	return rc;
}

/* One COPY row: series_id, run_id, seq, value, in binary. */
static unsigned char *
copy_row(unsigned char *b, long long sid, long long rid, int seq, double v)
{
	uint64_t bits;

	memcpy(&bits, &v, sizeof(bits));
	b = put_be(b, 4, 2);
	b = put_be(b, 8, 4);
	b = put_be(b, (uint64_t)sid, 8);
	b = put_be(b, 8, 4);
	b = put_be(b, (uint64_t)rid, 8);
	b = put_be(b, 4, 4);
	b = put_be(b, (uint32_t)seq, 4);
	b = put_be(b, 8, 4);
	return put_be(b, bits, 8);
}

#define COPY_ROW 46
#define COPY_BUF 65536

/*
 * End a COPY (with errmsg: abort it) and read its outcome; err is left
 * alone when the COPY is aborted, to keep the first error's message.
 */
static int
copy_end(struct pg_store *p, const char *errmsg, char *err, size_t errlen)
{
	char scratch[256];
	PGresult *res;
	int rc = 0;

	if (errmsg != NULL) {
		err = scratch;
		errlen = sizeof(scratch);
	}

	if (PQputCopyEnd(p->conn, errmsg) != 1)
		rc = fail(p, NULL, "record", err, errlen);
	while ((res = PQgetResult(p->conn)) != NULL) {
		if (rc == 0 && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = fail(p, res, "record", err, errlen);
		PQclear(res);
	}
	return rc;
}

/*
 * Every value of the run in one binary COPY: 90,000 values are one
 * round trip of a few megabytes, not 90,000 statements.
 */
static int
put_samples(struct pg_store *p, const struct cbs_store_run *r,
    long long rid, const long long *ids, char *err, size_t errlen)
{
	static const unsigned char head[19] = "PGCOPY\n\377\r\n";
	unsigned char *buf, *b;
	PGresult *res;
	size_t i, j;
	int rc, ok = 1;

	res = PQexec(p->conn, "COPY samples (series_id, run_id, seq, value) "
	    "FROM STDIN (FORMAT binary)");
	if (res == NULL || PQresultStatus(res) != PGRES_COPY_IN) {
		rc = fail(p, res, "record", err, errlen);
		PQclear(res);
		return rc;
	}
	PQclear(res);
	if ((buf = malloc(COPY_BUF)) == NULL) {
		copy_end(p, "out of memory", err, errlen);
		message(p, "record", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	memcpy(buf, head, sizeof(head));
	b = buf + sizeof(head);
	for (i = 0; ok && i < r->nseries; i++) {
		for (j = 0; ok && j < r->series[i].nvalues; j++) {
			if (j > INT_MAX) {
				free(buf);
				copy_end(p, "too many values", err, errlen);
				message(p, "record", "more than 2^31 values "
				    "in a series", err, errlen);
				return CBS_EINVAL;
			}
			if ((size_t)(b - buf) + COPY_ROW + 2 > COPY_BUF) {
				ok = PQputCopyData(p->conn, (char *)buf,
				    (int)(b - buf)) == 1;
				b = buf;
			}
			b = copy_row(b, ids[i], rid, (int)j,
			    r->series[i].values[j]);
		}
	}
	b = put_be(b, 0xffff, 2);
	if (ok)
		ok = PQputCopyData(p->conn, (char *)buf, (int)(b - buf)) == 1;
	free(buf);
	if (!ok) {
		rc = fail(p, NULL, "record", err, errlen);
		copy_end(p, "cancelled", err, errlen);
		return rc;
	}
	return copy_end(p, NULL, err, errlen);
}

static int
put_units(struct pg_store *p, const struct cbs_store_run *r, long long rid,
    char *err, size_t errlen)
{
	struct params ps;
	size_t i;
	int rc;

	for (i = 0; i < r->nunits; i++) {
		ps.n = 0;
		ps.toolong = 0;
		p_int(&ps, rid);
		p_bytes(&ps, r->units[i].unit);
		p_bytes(&ps, r->units[i].key);
		p_bytes(&ps, r->units[i].value);
		if ((rc = query(p, unit_sql, &ps, NULL, NULL, "record", err,
		    errlen)) != 0)
			return rc;
	}
	return 0;
}

static int
write_body(struct pg_store *p, const struct cbs_store_run *r, int *added,
    char *err, size_t errlen)
{
	long long cid, rid, *ids;
	int rc;

	if ((rc = put_commit(p, r, &cid, err, errlen)) != 0 ||
	    (rc = put_run(p, r, cid, &rid, err, errlen)) != 0)
		return rc;
	if (rid == 0)
		return 0;
	if ((ids = calloc(r->nseries + 1, sizeof(*ids))) == NULL) {
		message(p, "record", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	if ((rc = put_all_series(p, r, ids, err, errlen)) == 0 &&
	    (rc = put_samples(p, r, rid, ids, err, errlen)) == 0)
		rc = put_units(p, r, rid, err, errlen);
	free(ids);
	if (rc == 0)
		*added = 1;
	return rc;
}

static int
pg_write_run(struct cbs_store *s, const struct cbs_store_run *r,
    int *added, char *err, size_t errlen)
{
	struct pg_store *p = (struct pg_store *)s;
	int rc;

	*added = 0;
	if (s->reader || p->reading) {
		message(p, "record", "the database was opened to read", err,
		    errlen);
		return CBS_EINVAL;
	}
	if (r->commit == NULL || *r->commit == '\0' ||
	    r->content_hash == NULL) {
		message(p, "record", "a run without a commit id or content "
		    "hash", err, errlen);
		return CBS_EINVAL;
	}
	if ((rc = exec(p, "BEGIN", "record", err, errlen)) != 0)
		return rc;
	if ((rc = write_body(p, r, added, err, errlen)) == 0 &&
	    (rc = commit(p, "record", err, errlen)) == 0)
		return 0;
	*added = 0;
	rollback(p);
	return rc;
}

/* ---- reading ---- */

static char *
dup_opt(const char *s, int *nomem)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*nomem = 1;
	return d;
}

static void cache_free(struct read_cache *c);

static void
read_clear(struct pg_store *p)
{
	cache_free(p->cache);
	p->cache = NULL;
	free(p->branch);
	free(p->exclude);
	free(p->runs);
	p->branch = p->exclude = p->runs = NULL;
	p->reading = 0;
}

/*
 * The runs of the last q->last commits, as a bigint[] literal: a READ
 * ONLY transaction cannot keep them in a temporary table.
 */
static int
choose_runs(struct pg_store *p, size_t last, char *err, size_t errlen)
{
	struct params ps = { .n = 0 };
	struct cbs_sbuf b = { 0 };
	PGresult *res;
	char num[24];
	int i, n, rc;

	p_opt(&ps, p->branch);
	p_opt(&ps, p->exclude);
	p_int(&ps, last > LLONG_MAX ? LLONG_MAX : (long long)last);
	if ((rc = query(p, base_sql, &ps, "i", &res, "read", err,
	    errlen)) != 0)
		return rc;
	cbs_sbuf_byte(&b, '{');
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "%s%lld", i > 0 ? "," : "",
		    get_int(res, i, 0));
		cbs_sbuf_str(&b, num);
	}
	cbs_sbuf_byte(&b, '}');
	cbs_sbuf_byte(&b, '\0');
	PQclear(res);
	if (b.nomem || b.p == NULL) {
		free(b.p);
		message(p, "read", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	p->runs = b.p;
	return 0;
}

static int
pg_begin_read(struct cbs_store *s, const struct cbs_history_query *q,
    char *err, size_t errlen)
{
	struct pg_store *p = (struct pg_store *)s;
	int nomem = 0, rc;

	if (p->reading) {
		message(p, "read", "a read is already open", err, errlen);
		return CBS_EINVAL;
	}
	p->branch = dup_opt(q->branch, &nomem);
	p->exclude = dup_opt(q->exclude, &nomem);
	if (nomem) {
		read_clear(p);
		message(p, "read", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	if ((rc = exec(p, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	    "read", err, errlen)) != 0) {
		read_clear(p);
		return rc;
	}
	if (q->last > 0 && (rc = choose_runs(p, q->last, err, errlen)) != 0) {
		rollback(p);
		read_clear(p);
		return rc;
	}
	p->reading = 1;
	return 0;
}

static int
pg_end_read(struct cbs_store *s, char *err, size_t errlen)
{
	struct pg_store *p = (struct pg_store *)s;
	int rc;

	if (!p->reading) {
		message(p, "read", "no read is open", err, errlen);
		return CBS_EINVAL;
	}
	rc = commit(p, "read", err, errlen);
	read_clear(p);
	return rc;
}

/* Call fn with the series of list_sql's rows [from, to). */
static int
list_one(struct pg_store *p, PGresult *res, int from, int to,
    cbs_store_series_fn fn, void *ctx, char *err, size_t errlen)
{
	struct cbs_store_series s = { .id = get_int(res, from, 0) };
	struct cbs_store_pair *pairs = NULL;
	struct cbs_arena *a;
	const char *bench, *unit, *config;
	int i, rc;

	if ((a = cbs_arena_new()) == NULL ||
	    (to > from && !PQgetisnull(res, from, 4) &&
	    (pairs = cbs_arena_alloc(a, (size_t)(to - from) *
	    sizeof(*pairs))) == NULL)) {
		cbs_arena_free(a);
		message(p, "read", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	if ((rc = get_str(p, a, res, from, 1, &bench, "read", err,
	    errlen)) != 0 || (rc = get_str(p, a, res, from, 2, &unit, "read",
	    err, errlen)) != 0 || (rc = get_str(p, a, res, from, 3, &config,
	    "read", err, errlen)) != 0)
		goto out;
	for (i = from; pairs != NULL && i < to; i++) {
		if ((rc = get_str(p, a, res, i, 4, &pairs[i - from].key,
		    "read", err, errlen)) != 0 || (rc = get_str(p, a, res, i, 5,
		    &pairs[i - from].value, "read", err, errlen)) != 0)
			goto out;
	}
	s.benchmark = bench;
	s.unit = unit;
	s.config = config;
	s.pairs = pairs;
	s.npairs = pairs != NULL ? (size_t)(to - from) : 0;
	if ((rc = fn(ctx, &s)) < 0)
		stopped(rc, err, errlen);
out:
	cbs_arena_free(a);
	return rc;
}

static int
pg_list_series(struct cbs_store *s, cbs_store_series_fn fn, void *ctx,
    char *err, size_t errlen)
{
	struct pg_store *p = (struct pg_store *)s;
	PGresult *res;
	int from, to, n, rc;

	if ((rc = query(p, list_sql, NULL, "isssss", &res, "read", err,
	    errlen)) != 0)
		return rc;
	n = PQntuples(res);
	for (from = 0; from < n && rc == 0; from = to) {
		for (to = from + 1; to < n &&
		    get_int(res, to, 0) == get_int(res, from, 0); to++)
			;
		rc = list_one(p, res, from, to, fn, ctx, err, errlen);
	}
	PQclear(res);
	return rc > 0 ? 0 : rc;
}

/* ---- the read's caches ---- */

/*
 * The gate looks up thousands of series in one read (a run of 3,000
 * benchmarks in 3 units is 9,000), each a round trip to the server: so a
 * read keeps every series' key, and with last, every sample of the
 * chosen runs, each fetched by one query on first use.
 */
struct cached_key {
	const char *benchmark, *unit, *config;
	long long id;
};

struct cached_run {
	long long id, commit, time;
	const char *hash, *branch;
	size_t rank;		/* newest commit first, as series_sql */
};

struct cached_row {
	long long series, seq;
	size_t run;		/* in runs, ordered by id */
	double value;
};

struct read_cache {
	struct cbs_arena *arena;
	struct cached_key *keys;
	size_t nkeys;
	int have_keys;
	struct cached_run *runs;
	size_t nruns;
	struct cached_row *rows;
	size_t nrows;
	int have_rows;
};

static void
cache_free(struct read_cache *c)
{
	if (c == NULL)
		return;
	free(c->keys);
	free(c->runs);
	free(c->rows);
	cbs_arena_free(c->arena);
	free(c);
}

static int
cache_of(struct pg_store *p, struct read_cache **out, char *err,
    size_t errlen)
{
	if (p->cache == NULL && ((p->cache = calloc(1,
	    sizeof(*p->cache))) == NULL || (p->cache->arena =
	    cbs_arena_new()) == NULL)) {
		cache_free(p->cache);
		p->cache = NULL;
		message(p, "read", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	*out = p->cache;
	return 0;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct cached_key *x = a, *y = b;
	int c;

	if ((c = strcmp(x->benchmark, y->benchmark)) != 0 ||
	    (c = strcmp(x->unit, y->unit)) != 0)
		return c;
	return strcmp(x->config, y->config);
}

static const char keys_sql[] =
"SELECT id, benchmark, unit, config FROM series";

/* Every series' key and id, sorted for bsearch. */
static int
load_keys(struct pg_store *p, struct read_cache *c, char *err,
    size_t errlen)
{
	struct cached_key *k;
	PGresult *res;
	int i, n, rc;

	if ((rc = query(p, keys_sql, NULL, "isss", &res, "read", err,
	    errlen)) != 0)
		return rc;
	n = PQntuples(res);
	if (n > 0 && (c->keys = calloc((size_t)n, sizeof(*k))) == NULL) {
		PQclear(res);
		message(p, "read", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	for (i = 0; i < n && rc == 0; i++) {
		k = &c->keys[i];
		k->id = get_int(res, i, 0);
		if ((rc = get_nonnull(p, c->arena, res, i, 1, &k->benchmark,
		    err, errlen)) == 0 && (rc = get_nonnull(p, c->arena, res, i,
		    2, &k->unit, err, errlen)) == 0)
			rc = get_nonnull(p, c->arena, res, i, 3, &k->config,
			    err, errlen);
	}
	PQclear(res);
	if (rc != 0) {
		free(c->keys);
		c->keys = NULL;
		return rc;
	}
	c->nkeys = (size_t)n;
	if (n > 1)
		qsort(c->keys, c->nkeys, sizeof(*c->keys), key_cmp);
	c->have_keys = 1;
	return 0;
}

static int
pg_find_series(struct cbs_store *s, const char *benchmark,
    const char *unit, const char *config, long long *id, char *err,
    size_t errlen)
{
	struct pg_store *p = (struct pg_store *)s;
	struct cached_key want = { benchmark, unit, config, 0 }, *got;
	struct read_cache *c = NULL;
	int rc;

	*id = 0;
	if (!p->reading)
		return lookup_series(p, find_sql, benchmark, unit, config, id,
		    "read", err, errlen);
	if ((rc = cache_of(p, &c, err, errlen)) != 0 ||
	    (!c->have_keys && (rc = load_keys(p, c, err, errlen)) != 0))
		return rc;
	got = c->nkeys > 0 ? bsearch(&want, c->keys, c->nkeys,
	    sizeof(*c->keys), key_cmp) : NULL;
	*id = got != NULL ? got->id : 0;
	return 0;
}

static const char base_runs_sql[] =
"SELECT r.id, c.id, coalesce(c.commit_time, c.recorded_time), c.hash, "
"  coalesce(c.branch, '\\x'::bytea) "
"FROM runs r JOIN commits c ON c.id = r.commit_id "
"WHERE r.id = ANY ($1::bigint[])";

/*
 * Every sample of the chosen runs, one index probe per series and run:
 * the runs' ids are few, the samples table is the whole history.
 */
static const char base_rows_sql[] =
"SELECT s.series_id, s.run_id, s.seq::bigint, s.value "
"FROM series x CROSS JOIN unnest ($1::bigint[]) AS r (id) "
"JOIN samples s ON s.series_id = x.id AND s.run_id = r.id";

static int
run_newest_first(const void *a, const void *b)
{
	const struct cached_run *x = a, *y = b;

	if (x->time != y->time)
		return x->time > y->time ? -1 : 1;
	if (x->commit != y->commit)
		return x->commit > y->commit ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int
run_by_id(const void *a, const void *b)
{
	const struct cached_run *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int
load_runs(struct pg_store *p, struct read_cache *c, char *err,
    size_t errlen)
{
	struct params ps = { .n = 0 };
	struct cached_run *r;
	PGresult *res;
	size_t i;
	int n, rc;

	p_text(&ps, p->runs);
	if ((rc = query(p, base_runs_sql, &ps, "iiiss", &res, "read", err,
	    errlen)) != 0)
		return rc;
	n = PQntuples(res);
	if (n > 0 && (c->runs = calloc((size_t)n, sizeof(*r))) == NULL) {
		PQclear(res);
		message(p, "read", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	for (i = 0; i < (size_t)n && rc == 0; i++) {
		r = &c->runs[i];
		r->id = get_int(res, (int)i, 0);
		r->commit = get_int(res, (int)i, 1);
		r->time = get_int(res, (int)i, 2);
		if ((rc = get_nonnull(p, c->arena, res, (int)i, 3, &r->hash,
		    err, errlen)) == 0)
			rc = get_nonnull(p, c->arena, res, (int)i, 4,
			    &r->branch, err, errlen);
	}
	PQclear(res);
	if (rc != 0) {
		free(c->runs);
		c->runs = NULL;
		return rc;
	}
	c->nruns = (size_t)n;
	if (n > 1)
		qsort(c->runs, c->nruns, sizeof(*c->runs), run_newest_first);
	for (i = 0; i < c->nruns; i++)
		c->runs[i].rank = i;
	if (n > 1)
		qsort(c->runs, c->nruns, sizeof(*c->runs), run_by_id);
	return 0;
}

/* Series, then newest commit first, then run and seq: series_sql's
 * order within each series. */
static const struct read_cache *sort_cache;

static int
row_cmp(const void *a, const void *b)
{
	const struct cached_row *x = a, *y = b;
	size_t rx = sort_cache->runs[x->run].rank;
	size_t ry = sort_cache->runs[y->run].rank;

	if (x->series != y->series)
		return x->series < y->series ? -1 : 1;
	if (rx != ry)
		return rx < ry ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static int
load_rows(struct pg_store *p, struct read_cache *c, char *err,
    size_t errlen)
{
	struct params ps = { .n = 0 };
	struct cached_run want, *run;
	PGresult *res;
	size_t i;
	int n, rc;

	free(c->runs);
	c->runs = NULL;
	if ((rc = load_runs(p, c, err, errlen)) != 0)
		return rc;
	p_text(&ps, p->runs);
	if ((rc = query(p, base_rows_sql, &ps, "iiid", &res, "read", err,
	    errlen)) != 0)
		return rc;
	n = PQntuples(res);
	if (n > 0 && (c->rows = calloc((size_t)n, sizeof(*c->rows))) == NULL) {
		PQclear(res);
		message(p, "read", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	for (i = 0; i < (size_t)n; i++) {
		want.id = get_int(res, (int)i, 1);
		if (c->runs == NULL || (run = bsearch(&want, c->runs, c->nruns,
		    sizeof(*c->runs), run_by_id)) == NULL) {
			PQclear(res);
			free(c->rows);
			c->rows = NULL;
			message(p, "read", "a sample of a run not chosen", err,
			    errlen);
			return CBS_EIO;
		}
		c->rows[i].series = get_int(res, (int)i, 0);
		c->rows[i].run = (size_t)(run - c->runs);
		c->rows[i].seq = get_int(res, (int)i, 2);
		c->rows[i].value = get_double(res, (int)i, 3);
	}
	PQclear(res);
	c->nrows = (size_t)n;
	/* qsort has no context argument: one sort at a time, and the
	 * library is used by one thread per store. */
	sort_cache = c;
	if (n > 1)
		qsort(c->rows, c->nrows, sizeof(*c->rows), row_cmp);
	sort_cache = NULL;
	c->have_rows = 1;
	return 0;
}

/* The rows of series id from the cache, in series_sql's order. */
static int
load_cached(struct pg_store *p, long long id, cbs_store_row_fn fn,
    void *ctx, char *err, size_t errlen)
{
	struct read_cache *c = NULL;
	const struct cached_run *r;
	size_t lo = 0, hi, i;
	int rc;

	if ((rc = cache_of(p, &c, err, errlen)) != 0 ||
	    (!c->have_rows && (rc = load_rows(p, c, err, errlen)) != 0))
		return rc;
	hi = c->nrows;
	while (lo < hi) {
		i = lo + (hi - lo) / 2;
		if (c->rows[i].series < id)
			lo = i + 1;
		else
			hi = i;
	}
	for (i = lo; i < c->nrows && c->rows[i].series == id; i++) {
		r = &c->runs[c->rows[i].run];
		if ((rc = fn(ctx, r->hash, r->branch, r->time,
		    c->rows[i].value)) != 0)
			break;
	}
	if (rc < 0)
		stopped(rc, err, errlen);
	return rc > 0 ? 0 : rc;
}

/* A row's string, copied again only when it differs from the last. */
static int
same_or_copy(struct pg_store *p, struct cbs_arena *a, const PGresult *res,
    int row, int col, const char **cur, char *err, size_t errlen)
{
	size_t len = (size_t)PQgetlength(res, row, col);

	if (*cur != NULL && strlen(*cur) == len &&
	    memcmp(*cur, PQgetvalue(res, row, col), len) == 0)
		return 0;
	return get_str(p, a, res, row, col, cur, "read", err, errlen);
}

static int
pg_load_series(struct cbs_store *s, long long id, cbs_store_row_fn fn,
    void *ctx, char *err, size_t errlen)
{
	struct pg_store *p = (struct pg_store *)s;
	struct params ps = { .n = 0 };
	struct cbs_arena *a;
	PGresult *res;
	const char *hash = NULL, *branch = NULL;
	int i, n, rc;

	if (p->runs != NULL)
		return load_cached(p, id, fn, ctx, err, errlen);
	p_int(&ps, id);
	p_opt(&ps, p->branch);
	p_opt(&ps, p->exclude);
	if ((rc = query(p, series_sql, &ps, "ssid", &res, "read", err,
	    errlen)) != 0)
		return rc;
	if ((a = cbs_arena_new()) == NULL) {
		PQclear(res);
		message(p, "read", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	n = PQntuples(res);
	for (i = 0; i < n && rc == 0; i++) {
		if ((rc = same_or_copy(p, a, res, i, 0, &hash, err,
		    errlen)) != 0 || (rc = same_or_copy(p, a, res, i, 1,
		    &branch, err, errlen)) != 0)
			break;
		if ((rc = fn(ctx, hash, branch, get_int(res, i, 2),
		    get_double(res, i, 3))) < 0)
			stopped(rc, err, errlen);
	}
	cbs_arena_free(a);
	PQclear(res);
	return rc > 0 ? 0 : rc;
}

static int
pg_unit_meta(struct cbs_store *s, const char *unit, const char *key,
    char **value, char *err, size_t errlen)
{
	struct pg_store *p = (struct pg_store *)s;
	struct params ps = { .n = 0 };
	struct cbs_arena *a;
	PGresult *res;
	const char *v;
	int rc;

	*value = NULL;
	p_bytes(&ps, unit);
	p_bytes(&ps, key);
	if ((rc = query(p, unit_meta_sql, &ps, "s", &res, "read", err,
	    errlen)) != 0)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	if ((a = cbs_arena_new()) == NULL) {
		rc = CBS_ENOMEM;
		message(p, "read", cbs_strerror(rc), err, errlen);
	} else if ((rc = get_nonnull(p, a, res, 0, 0, &v, err, errlen)) == 0 &&
	    (*value = strdup(v)) == NULL) {
		rc = CBS_ENOMEM;
		message(p, "read", cbs_strerror(rc), err, errlen);
	}
	cbs_arena_free(a);
	PQclear(res);
	return rc;
}

/* ---- each_run ---- */

/* A run's parts, read back, in an arena. */
struct run_parts {
	struct cbs_store_series *series;
	size_t nseries;
	struct cbs_store_unit *units;
	size_t nunits;
};

static int
run_query(struct pg_store *p, const char *sql, long long rid,
    const char *shape, PGresult **res, char *err, size_t errlen)
{
	struct params ps = { .n = 0 };

	p_int(&ps, rid);
	return query(p, sql, &ps, shape, res, "read", err, errlen);
}

static void *
arena_array(struct cbs_arena *a, size_t n, size_t size)
{
	return cbs_arena_calloc(a, n > 0 ? n : 1, size);
}

/* The run's series and values from run_samples_sql's rows. */
static int
run_series(struct pg_store *p, struct cbs_arena *a, const PGresult *res,
    struct run_parts *rp, char *err, size_t errlen)
{
	struct cbs_store_series *s = NULL;
	double *values;
	const char *str[3];
	int i, n = PQntuples(res), rc;

	rp->nseries = 0;
	if ((rp->series = arena_array(a, (size_t)n, sizeof(*s))) == NULL ||
	    (values = arena_array(a, (size_t)n, sizeof(*values))) == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		values[i] = get_double(res, i, 4);
		if (s != NULL && s->id == get_int(res, i, 0)) {
			s->nvalues++;
			continue;
		}
		if ((rc = get_str(p, a, res, i, 1, &str[0], "read", err,
		    errlen)) != 0 || (rc = get_str(p, a, res, i, 2, &str[1],
		    "read", err, errlen)) != 0 || (rc = get_str(p, a, res, i,
		    3, &str[2], "read", err, errlen)) != 0)
			return rc;
		s = &rp->series[rp->nseries++];
		s->id = get_int(res, i, 0);
		s->benchmark = str[0];
		s->unit = str[1];
		s->config = str[2];
		s->values = values + i;
		s->nvalues = 1;
	}
	return 0;
nomem:
	message(p, "read", cbs_strerror(CBS_ENOMEM), err, errlen);
	return CBS_ENOMEM;
}

/* The series' pairs from run_pairs_sql's rows (both by series id). */
static int
run_pairs(struct pg_store *p, struct cbs_arena *a, const PGresult *res,
    struct run_parts *rp, char *err, size_t errlen)
{
	struct cbs_store_pair *pairs;
	struct cbs_store_series *s;
	size_t k = 0;
	int i, n = PQntuples(res), rc;

	if ((pairs = arena_array(a, (size_t)n, sizeof(*pairs))) == NULL) {
		message(p, "read", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		while (k < rp->nseries &&
		    rp->series[k].id < get_int(res, i, 0))
			k++;
		if (k == rp->nseries || rp->series[k].id != get_int(res, i, 0))
			continue;
		s = &rp->series[k];
		if (s->npairs == 0)
			s->pairs = pairs + i;
		if ((rc = get_str(p, a, res, i, 1, &pairs[i].key,
		    "read", err, errlen)) != 0 || (rc = get_str(p, a, res, i,
		    2, &pairs[i].value, "read", err, errlen)) != 0)
			return rc;
		s->npairs++;
	}
	return 0;
}

static int
run_units(struct pg_store *p, struct cbs_arena *a, const PGresult *res,
    struct run_parts *rp, char *err, size_t errlen)
{
	struct cbs_store_unit *u;
	int i, n = PQntuples(res), rc;

	if ((rp->units = arena_array(a, (size_t)n, sizeof(*u))) == NULL) {
		message(p, "read", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		u = &rp->units[i];
		if ((rc = get_str(p, a, res, i, 0, &u->unit, "read",
		    err, errlen)) != 0 || (rc = get_str(p, a, res, i, 1,
		    &u->key, "read", err, errlen)) != 0 ||
		    (rc = get_str(p, a, res, i, 2, &u->value, "read",
		    err, errlen)) != 0)
			return rc;
	}
	rp->nunits = (size_t)n;
	return 0;
}

/* Read run rid's series, pairs and units into rp. */
static int
run_read(struct pg_store *p, struct cbs_arena *a, long long rid,
    struct run_parts *rp, char *err, size_t errlen)
{
	PGresult *res;
	int rc;

	if ((rc = run_query(p, run_samples_sql, rid, "isssd", &res, err,
	    errlen)) != 0)
		return rc;
	rc = run_series(p, a, res, rp, err, errlen);
	PQclear(res);
	if (rc != 0 || (rc = run_query(p, run_pairs_sql, rid, "iss", &res,
	    err, errlen)) != 0)
		return rc;
	rc = run_pairs(p, a, res, rp, err, errlen);
	PQclear(res);
	if (rc != 0 || (rc = run_query(p, run_units_sql, rid, "sss", &res,
	    err, errlen)) != 0)
		return rc;
	rc = run_units(p, a, res, rp, err, errlen);
	PQclear(res);
	return rc;
}

/* Call fn with run row i of runs_sql, whole. */
static int
each_one(struct pg_store *p, const PGresult *res, int i,
    cbs_store_run_fn fn, void *ctx, char *err, size_t errlen)
{
	struct cbs_store_run r = { .commit = NULL };
	struct run_parts rp = { .series = NULL };
	struct cbs_arena *a;
	const char *str[5];
	int rc;

	if ((a = cbs_arena_new()) == NULL) {
		message(p, "read", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	if ((rc = get_str(p, a, res, i, 1, &str[0], "read", err, errlen)) ||
	    (rc = get_str(p, a, res, i, 2, &str[1], "read", err, errlen)) ||
	    (rc = get_str(p, a, res, i, 3, &str[2], "read", err, errlen)) ||
	    (rc = get_str(p, a, res, i, 6, &str[3], "read", err, errlen)) ||
	    (rc = get_str(p, a, res, i, 7, &str[4], "read", err, errlen)) ||
	    (rc = run_read(p, a, get_int(res, i, 0), &rp, err, errlen)))
		goto out;
	r.commit = str[0];
	r.parent = str[1];
	r.branch = str[2];
	r.commit_time = get_int(res, i, 4);
	r.commit_recorded = get_int(res, i, 5);
	r.content_hash = str[3];
	r.source = str[4];
	r.recorded_time = get_int(res, i, 8);
	r.series = rp.series;
	r.nseries = rp.nseries;
	r.units = rp.units;
	r.nunits = rp.nunits;
	rc = fn(ctx, &r);
	if (rc < 0)
		stopped(rc, err, errlen);
out:
	cbs_arena_free(a);
	return rc;
}

static int
pg_each_run(struct cbs_store *s, cbs_store_run_fn fn, void *ctx,
    char *err, size_t errlen)
{
	struct pg_store *p = (struct pg_store *)s;
	PGresult *res;
	int i, n, rc;

	if (!p->reading) {
		message(p, "read", "each_run outside a read", err, errlen);
		return CBS_EINVAL;
	}
	if ((rc = query(p, runs_sql, NULL, "isssiissi", &res, "read", err,
	    errlen)) != 0)
		return rc;
	n = PQntuples(res);
	for (i = 0; i < n && rc == 0; i++)
		rc = each_one(p, res, i, fn, ctx, err, errlen);
	PQclear(res);
	return rc > 0 ? 0 : rc;
}

static void
pg_close(struct cbs_store *s)
{
	struct pg_store *p = (struct pg_store *)s;

	if (p == NULL)
		return;
	read_clear(p);
	PQfinish(p->conn);
	if (p->password != NULL) {
		memset(p->password, 0, strlen(p->password));
		free(p->password);
	}
	free(p);
}

static const struct cbs_store_ops pg_ops = {
	.name = "PostgreSQL",
	.close = pg_close,
	.write_run = pg_write_run,
	.begin_read = pg_begin_read,
	.list_series = pg_list_series,
	.find_series = pg_find_series,
	.load_series = pg_load_series,
	.unit_meta = pg_unit_meta,
	.end_read = pg_end_read,
	.each_run = pg_each_run,
};

static int
pg_connect(struct pg_store *p, const char *conninfo, int mode, char *err,
    size_t errlen)
{
	const char *const keys[] = { "dbname", "fallback_application_name",
	    NULL };
	const char *const vals[] = { conninfo, "cbenchstat", NULL };
	int rc;

	if ((rc = find_password(p, conninfo, err, errlen)) != 0)
		return rc;
	/* dbname with expand_dbname 1: the string is a whole URI or
	 * keyword string, as PQconnectdb takes it. */
	if ((p->conn = PQconnectdbParams(keys, vals, 1)) == NULL) {
		message(p, "connect", cbs_strerror(CBS_ENOMEM), err, errlen);
		return CBS_ENOMEM;
	}
	if (PQstatus(p->conn) != CONNECTION_OK)
		return fail(p, NULL, "connect", err, errlen);
	PQsetNoticeProcessor(p->conn, quiet, NULL);
	if ((rc = set_timeout(p, err, errlen)) != 0)
		return rc;
	return mode == CBS_HISTORY_WRITE ? settle_schema(p, err, errlen) :
	    check_schema(p, err, errlen);
}

int
cbs_store_pg_open(const char *conninfo, int mode, struct cbs_store **out,
    char *err, size_t errlen)
{
	struct pg_store *p;
	int rc;

	*out = NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		snprintf(err, errlen, "connect: %s", cbs_strerror(CBS_ENOMEM));
		return CBS_ENOMEM;
	}
	p->base.ops = &pg_ops;
	p->base.reader = mode == CBS_HISTORY_READ;
	if ((rc = pg_connect(p, conninfo, mode, err, errlen)) != 0) {
		pg_close(&p->base);
		return rc;
	}
	*out = &p->base;
	return 0;
}
