/*
 * store_sqlite.c: the history in one SQLite file (store.h's schema 3 in
 * SQLite), with PRAGMA application_id 0x63627368 ("cbsh") and
 * user_version 3.  Schema 1 (tests/history_v1.sql) kept samples by
 * commit with no runs, series or parent; schema 2 kept a series'
 * configuration as text only and no unit metadata.  A writer's open
 * migrates them in one transaction, a reader's a copy in memory.
 *
 * Safety: write-ahead logging and a busy timeout let concurrent CI jobs
 * on one machine share the file; a record is one IMMEDIATE transaction,
 * so a process killed at any point leaves either the whole run or none
 * of it.  A file that is not ours, or is newer, is refused before
 * anything is written.  A reader (history, the gate) never writes the
 * file nor leaves a file beside it (open_reader).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/base.h"
#include "history/history_db.h"
#include "history/store.h"

struct sq {
	struct cbs_store base;
	sqlite3 *db;
	int immutable;		/* read without locks: checked unchanged */
	char *path;
	struct stat st;		/* the file when an immutable read began */
	/* Between begin_read and end_read. */
	int last;		/* the query chose its last commits */
	const char *branch, *exclude;
	sqlite3_stmt *samples;
};

static int migrate_v2(sqlite3 *db, char *err, size_t errlen);

#define APP_ID		0x63627368	/* "cbsh" */
#define BUSY_MS		60000

/* The tables schema 2 added, made alike by a new file and by the
 * migration from schema 1. */
#define SCHEMA_V2_RUNS_SERIES_SAMPLES \
"CREATE TABLE runs (\n" \
"  id INTEGER PRIMARY KEY,\n" \
"  commit_id INTEGER NOT NULL REFERENCES commits(id),\n" \
"  content_hash TEXT NOT NULL,\n" \
"  source TEXT NOT NULL,\n" \
"  recorded_time INTEGER NOT NULL,\n" \
"  UNIQUE (commit_id, content_hash));\n" \
"CREATE TABLE series (\n" \
"  id INTEGER PRIMARY KEY,\n" \
"  benchmark TEXT NOT NULL,\n" \
"  unit TEXT NOT NULL,\n" \
"  config TEXT NOT NULL,\n" \
"  UNIQUE (benchmark, unit, config));\n" \
"CREATE TABLE samples (\n" \
"  series_id INTEGER NOT NULL REFERENCES series(id),\n" \
"  run_id INTEGER NOT NULL REFERENCES runs(id),\n" \
"  seq INTEGER NOT NULL,\n" \
"  value REAL NOT NULL,\n" \
"  PRIMARY KEY (series_id, run_id, seq)) WITHOUT ROWID;\n"

/* The tables schema 3 added: configuration pairs and unit metadata. */
#define SCHEMA_V3_CONFIG_UNITS \
"CREATE TABLE series_config (\n" \
"  series_id INTEGER NOT NULL REFERENCES series(id),\n" \
"  seq INTEGER NOT NULL,\n" \
"  key TEXT NOT NULL,\n" \
"  value TEXT NOT NULL,\n" \
"  PRIMARY KEY (series_id, seq)) WITHOUT ROWID;\n" \
"CREATE TABLE run_units (\n" \
"  run_id INTEGER NOT NULL REFERENCES runs(id),\n" \
"  unit TEXT NOT NULL,\n" \
"  key TEXT NOT NULL,\n" \
"  value TEXT NOT NULL,\n" \
"  PRIMARY KEY (run_id, unit, key)) WITHOUT ROWID;\n"

static const char schema_v3[] =
"CREATE TABLE commits (\n"
"  id INTEGER PRIMARY KEY,\n"
"  hash TEXT NOT NULL UNIQUE,\n"
"  branch TEXT,\n"
"  commit_time INTEGER,\n"
"  recorded_time INTEGER NOT NULL,\n"
"  parent TEXT);\n"
SCHEMA_V2_RUNS_SERIES_SAMPLES
SCHEMA_V3_CONFIG_UNITS;

/* Schema 1 to 2: runs, series and parents; every v1 commit is one run. */
static const char migrate_v1[] =
"ALTER TABLE commits ADD COLUMN parent TEXT;\n"
"ALTER TABLE samples RENAME TO samples_v1;\n"
SCHEMA_V2_RUNS_SERIES_SAMPLES
"INSERT INTO runs (commit_id, content_hash, source, recorded_time)\n"
"  SELECT id, 'schema-1', '(schema 1)', recorded_time FROM commits\n"
"  WHERE id IN (SELECT commit_id FROM samples_v1);\n"
"INSERT OR IGNORE INTO series (benchmark, unit, config)\n"
"  SELECT DISTINCT benchmark, unit, '' FROM samples_v1;\n"
"INSERT INTO samples (series_id, run_id, seq, value)\n"
"  SELECT s.id, r.id, v.rowid, v.value FROM samples_v1 v\n"
"  JOIN series s ON s.benchmark = v.benchmark AND s.unit = v.unit\n"
"    AND s.config = ''\n"
"  JOIN runs r ON r.commit_id = v.commit_id;\n"
"DROP TABLE samples_v1;\n";

static int
db_error(sqlite3 *db, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", what, db != NULL ? sqlite3_errmsg(db) :
	    "out of memory");
	return CBS_EIO;
}

static int
exec(sqlite3 *db, const char *sql, const char *what, char *err,
    size_t errlen)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, what, err, errlen);
	return 0;
}

/*
 * What the file is, read without writing: 0 empty (ours to create), 1 or
 * 2 our schema, or -1 refused with a message.
 */
static int
schema_of(sqlite3 *db, char *err, size_t errlen)
{
	long long app, ver, ntab;
	sqlite3_stmt *st;

	/* One statement, one snapshot: a process creating the schema
	 * meanwhile is seen before or after, never half-way. */
	if (sqlite3_prepare_v2(db, "SELECT (SELECT application_id FROM "
	    "pragma_application_id), (SELECT user_version FROM "
	    "pragma_user_version), (SELECT count(*) FROM sqlite_master)", -1,
	    &st, NULL) != SQLITE_OK) {
		db_error(db, "read", err, errlen);
		return -1;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_error(db, "read", err, errlen);
		sqlite3_finalize(st);
		return -1;
	}
	app = sqlite3_column_int64(st, 0);
	ver = sqlite3_column_int64(st, 1);
	ntab = sqlite3_column_int64(st, 2);
	sqlite3_finalize(st);
	if (app == 0 && ver == 0 && ntab == 0)
		return 0;
	if (app != APP_ID) {
		snprintf(err, errlen, "not a cbenchstat history database "
		    "(application_id %lld)", app);
		return -1;
	}
	if (ver > CBS_HISTORY_SCHEMA) {
		snprintf(err, errlen, "schema version %lld is newer than this "
		    "cbenchstat's (%d); not touching it", ver,
		    CBS_HISTORY_SCHEMA);
		return -1;
	}
	if (ver < 1) {
		snprintf(err, errlen, "unknown schema version %lld", ver);
		return -1;
	}
	return (int)ver;
}

/* Create or migrate, in one transaction that re-reads the version: a
 * concurrent process may have done it first. */
static int
settle_schema(sqlite3 *db, char *err, size_t errlen)
{
	char sql[64];
	int ver, rc;

	if ((rc = exec(db, "BEGIN IMMEDIATE", "begin", err, errlen)) != 0)
		return rc;
	if ((ver = schema_of(db, err, errlen)) < 0)
		rc = CBS_EPARSE;
	else if (ver == 0)
		rc = exec(db, schema_v3, "create schema", err, errlen);
	if (rc == 0 && ver == 1)
		rc = exec(db, migrate_v1, "migrate schema 1", err, errlen);
	if (rc == 0 && (ver == 1 || ver == 2))
		rc = migrate_v2(db, err, errlen);
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; "
	    "PRAGMA user_version = %d", APP_ID, CBS_HISTORY_SCHEMA);
	if (rc == 0 && ver < CBS_HISTORY_SCHEMA)
		rc = exec(db, sql, "set schema version", err, errlen);
	if (rc == 0)
		return exec(db, "COMMIT", "commit", err, errlen);
	(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/*
 * Write-ahead logging, set once per file.  Switching needs the file to
 * itself, and SQLite does not call the busy handler for it: processes
 * opening a new file together retry for up to the busy timeout.
 */
static int
set_wal(sqlite3 *db, char *err, size_t errlen)
{
	int waited, rc = SQLITE_BUSY;

	for (waited = 0; waited < BUSY_MS; waited += 10) {
		rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL,
		    NULL);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sqlite3_sleep(10);
	}
	return rc == SQLITE_OK ? 0 : db_error(db, "set journal mode", err,
	    errlen);
}

/* ------------------------------------------------------ open */

static int
open_writer(struct sq *h, const char *path, char *err,
    size_t errlen)
{
	int rc, ver;

	if (sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		return db_error(h->db, "open", err, errlen);
	sqlite3_busy_timeout(h->db, BUSY_MS);
	if ((ver = schema_of(h->db, err, errlen)) < 0)
		return CBS_EPARSE;
	if ((rc = set_wal(h->db, err, errlen)) != 0 ||
	    (rc = exec(h->db, "PRAGMA synchronous = NORMAL; "
	    "PRAGMA foreign_keys = ON", "set pragmas", err, errlen)) != 0)
		return rc;
	if (ver < CBS_HISTORY_SCHEMA)
		return settle_schema(h->db, err, errlen);
	return 0;
}

/* The ways a reader opens a file (reader_how). */
enum read_how { READ_AS_WRITER, READ_SHARED, READ_IMMUTABLE };

/* May this user write the directory of path (to make -wal and -shm)?
 * @return 1, 0, or CBS_ENOMEM: no answer is not a no, which would
 * choose another way to read. */
static int
dir_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int ok;

	if (slash == NULL)
		return faccessat(AT_FDCWD, ".", W_OK | X_OK, AT_EACCESS) == 0;
	if ((dir = strndup(path, slash == path ? 1 : (size_t)(slash -
	    path))) == NULL)
		return CBS_ENOMEM;
	ok = faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) == 0;
	free(dir);
	return ok;
}

/* Is path a SQLite file in write-ahead-log mode (header bytes 18, 19)? */
static int
is_wal_file(const char *path)
{
	unsigned char hdr[20];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, hdr, sizeof(hdr));
	close(fd);
	return n == (ssize_t)sizeof(hdr) &&
	    memcmp(hdr, "SQLite format 3", 16) == 0 && hdr[18] == 2 &&
	    hdr[19] == 2;
}

/* The size of path + suffix in *size, or -1 when there is no such
 * file.  @return 0 or CBS_ENOMEM (not "no such file": a -wal file
 * missed would be read past). */
static int
side_file(const char *path, const char *suffix, long long *size)
{
	struct stat st;
	char *p;

	if ((p = malloc(strlen(path) + strlen(suffix) + 1)) == NULL)
		return CBS_ENOMEM;
	strcpy(p, path);
	strcat(p, suffix);
	*size = stat(p, &st) == 0 ? (long long)st.st_size : -1;
	free(p);
	return 0;
}

/*
 * How a reader opens path so that it leaves no file beside it (issue
 * 20, F15).  A read-only SQLite connection to a write-ahead-logged file
 * creates its -wal and -shm and, unable to fold the log into the file,
 * leaves them behind, owned by the reader, where a later writer may not
 * open them; in a read-only directory it cannot create them and fails.
 * So, in order:
 *  - a file this user may write, in a directory it may write: opened as
 *    a writer opens it (this code never writes to it); the last
 *    connection to close folds the log in and removes both files;
 *  - a file in rollback-journal mode, or whose -wal and -shm are there (a
 *    writer's, or left by one): read-only, through them, making none;
 *  - a log with nothing in it or none: immutable, without locks or
 *    files, and checked after each read not to have changed meanwhile
 *    (a record folding its log in), an error if it did;
 *  - a -wal with commits and no -shm this user may make: refused, as
 *    reading the file alone would miss those commits.
 * @return an enum read_how, or CBS_EIO or CBS_ENOMEM with a message.
 */
static int
reader_how(const char *path, struct stat *st, char *err, size_t errlen)
{
	long long wal, shm;
	int w;

	if (stat(path, st) != 0) {
		snprintf(err, errlen, "open: %s", strerror(errno));
		return CBS_EIO;
	}
	if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0 &&
	    (w = dir_writable(path)) != 0) {
		if (w < 0)
			goto nomem;
		return READ_AS_WRITER;
	}
	if (!is_wal_file(path))
		return READ_SHARED;
	if (side_file(path, "-wal", &wal) != 0 ||
	    side_file(path, "-shm", &shm) != 0)
		goto nomem;
	if (wal >= 0 && shm >= 0)
		return READ_SHARED;
	if (wal <= 0)
		return READ_IMMUTABLE;
	snprintf(err, errlen, "its -wal file holds commits not yet in it, and "
	    "this user may neither write it nor make its -shm file to read "
	    "them: open it once where it may be written, or copy it with its "
	    "-shm file");
	return CBS_EIO;
nomem:
	snprintf(err, errlen, "%s", cbs_strerror(CBS_ENOMEM));
	return CBS_ENOMEM;
}

/* "file:PATH?immutable=1", PATH percent-encoded (SQLite's URIs). */
static char *
immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	char *uri = malloc(3 * strlen(path) + 32), *o;

	if (uri == NULL)
		return NULL;
	/* An empty authority, so that a path starting "//" is a path. */
	o = uri + sprintf(uri, "file:%s", *path == '/' ? "//" : "");
	for (p = (const unsigned char *)path; *p != '\0'; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p) != NULL)
			*o++ = (char)*p;
		else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	strcpy(o, "?immutable=1");
	return uri;
}

/* An immutable read is only as good as the file staying as it was. */
static int
check_unchanged(struct sq *h, char *err, size_t errlen)
{
	struct stat st;

	if (!h->immutable)
		return 0;
	if (stat(h->path, &st) == 0 && st.st_dev == h->st.st_dev &&
	    st.st_ino == h->st.st_ino && st.st_size == h->st.st_size &&
	    st.st_mtim.tv_sec == h->st.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == h->st.st_mtim.tv_nsec &&
	    st.st_ctim.tv_sec == h->st.st_ctim.tv_sec &&
	    st.st_ctim.tv_nsec == h->st.st_ctim.tv_nsec)
		return 0;
	snprintf(err, errlen, "%s changed while it was read without locks "
	    "(this user may not make its -shm file): read it again", h->path);
	return CBS_EIO;
}

/*
 * An older schema, for a reader: migrated in a copy in memory, never in
 * the file, which is then closed.
 */
static int
migrate_copy(struct sq *h, char *err, size_t errlen)
{
	sqlite3 *mem = NULL;
	sqlite3_backup *b;
	int rc;

	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		rc = db_error(mem, "copy", err, errlen);
		sqlite3_close(mem);
		return rc;
	}
	if ((b = sqlite3_backup_init(mem, "main", h->db, "main")) == NULL) {
		rc = db_error(mem, "copy", err, errlen);
		sqlite3_close(mem);
		return rc;
	}
	(void)sqlite3_backup_step(b, -1);
	rc = sqlite3_backup_finish(b) != SQLITE_OK ? db_error(mem, "copy", err,
	    errlen) : check_unchanged(h, err, errlen);
	if (rc != 0) {
		sqlite3_close(mem);
		return rc;
	}
	sqlite3_close(h->db);
	h->db = mem;
	h->immutable = 0;
	return settle_schema(mem, err, errlen);
}

static int
open_reader(struct sq *h, const char *path, char *err,
    size_t errlen)
{
	int how, ver, rc = 0;
	char *uri = NULL;

	if ((how = reader_how(path, &h->st, err, errlen)) < 0)
		return how;
	h->base.reader = 1;
	h->immutable = how == READ_IMMUTABLE;
	if (h->immutable && (uri = immutable_uri(path)) == NULL)
		return CBS_ENOMEM;
	/* Only the URI made here is one: a -db "file:x" is a file name. */
	if (sqlite3_open_v2(uri != NULL ? uri : path, &h->db,
	    how == READ_AS_WRITER ? SQLITE_OPEN_READWRITE :
	    SQLITE_OPEN_READONLY | (uri != NULL ? SQLITE_OPEN_URI : 0),
	    NULL) != SQLITE_OK)
		rc = db_error(h->db, "open", err, errlen);
	free(uri);
	if (rc != 0)
		return rc;
	sqlite3_busy_timeout(h->db, BUSY_MS);
	if ((ver = schema_of(h->db, err, errlen)) < 0)
		return CBS_EPARSE;
	if (ver == 0) {
		snprintf(err, errlen, "an empty database: nothing recorded in "
		    "it");
		return CBS_EPARSE;
	}
	if ((rc = check_unchanged(h, err, errlen)) != 0)
		return rc;
	return ver < CBS_HISTORY_SCHEMA ? migrate_copy(h, err, errlen) : 0;
}

/* ------------------------------------------------------ schema 2 to 3 */

/* A schema-2 series: its id and its configuration text. */
struct v2_series {
	sqlite3_int64 id;
	char *config;
};

static int
read_v2_series(sqlite3 *db, struct v2_series **out, size_t *n, char *err,
    size_t errlen)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	const unsigned char *t;
	int s, rc = 0;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db, "SELECT id, config FROM series", -1, &st,
	    NULL) != SQLITE_OK)
		return db_error(db, "migrate schema 2", err, errlen);
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
		if (cbs_grow(out, &cap, *n + 1, sizeof(**out)) != 0) {
			rc = CBS_ENOMEM;
			break;
		}
		t = sqlite3_column_text(st, 1);
		(*out)[*n].id = sqlite3_column_int64(st, 0);
		(*out)[*n].config = strdup(t != NULL ? (const char *)t : "");
		if ((*out)[(*n)++].config == NULL)
			rc = CBS_ENOMEM;
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = db_error(db, "migrate schema 2", err, errlen);
	sqlite3_finalize(st);
	return rc;
}

/*
 * One schema-2 series into schema 3: its "key=value" lines (split at the
 * first "=", as schema 2 wrote them) become rows, and its key is made
 * again as cbs_history_config_text makes it.
 */
static int
migrate_series(sqlite3_stmt *add, sqlite3_stmt *rekey, struct v2_series *s)
{
	struct cbs_sbuf key = { NULL, 0, 0, 0 };
	char *line, *eq, *save = NULL;
	int seq = 0, rc = 0;

	cbs_sbuf_str(&key, "");
	for (line = strtok_r(s->config, "\n", &save); line != NULL && rc == 0;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		cbs_history_config_add(&key, line, eq + 1);
		sqlite3_reset(add);
		sqlite3_bind_int64(add, 1, s->id);
		sqlite3_bind_int(add, 2, seq++);
		sqlite3_bind_text(add, 3, line, -1, SQLITE_STATIC);
		sqlite3_bind_text(add, 4, eq + 1, -1, SQLITE_STATIC);
		if (sqlite3_step(add) != SQLITE_DONE)
			rc = CBS_EIO;
	}
	if (rc == 0 && key.nomem)
		rc = CBS_ENOMEM;
	if (rc == 0) {
		sqlite3_reset(rekey);
		sqlite3_bind_text(rekey, 1, key.p, -1, SQLITE_STATIC);
		sqlite3_bind_int64(rekey, 2, s->id);
		if (sqlite3_step(rekey) != SQLITE_DONE)
			rc = CBS_EIO;
	}
	free(key.p);
	return rc;
}

/* Schema 2 to 3, inside settle_schema's transaction. */
static int
migrate_v2(sqlite3 *db, char *err, size_t errlen)
{
	struct v2_series *all = NULL;
	sqlite3_stmt *add = NULL, *rekey = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = exec(db, SCHEMA_V3_CONFIG_UNITS, "migrate schema 2", err,
	    errlen)) != 0 || (rc = read_v2_series(db, &all, &n, err,
	    errlen)) != 0)
		goto done;
	if (sqlite3_prepare_v2(db, "INSERT INTO series_config (series_id, "
	    "seq, key, value) VALUES (?1, ?2, ?3, ?4)", -1, &add, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(db, "UPDATE series SET config = "
	    "?1 WHERE id = ?2", -1, &rekey, NULL) != SQLITE_OK) {
		rc = db_error(db, "migrate schema 2", err, errlen);
		goto done;
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = migrate_series(add, rekey, &all[i]);
	if (rc == CBS_EIO)
		db_error(db, "migrate schema 2", err, errlen);
	else if (rc != 0)
		snprintf(err, errlen, "migrate schema 2: %s", cbs_strerror(rc));
done:
	sqlite3_finalize(add);
	sqlite3_finalize(rekey);
	for (i = 0; i < n; i++)
		free(all[i].config);
	free(all);
	return rc;
}

/* ------------------------------------------------------ record */

static void
bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL && *s != '\0')
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Prepare sql into *st, or an error naming what. */
static int
prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, const char *what,
    char *err, size_t errlen)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
		return db_error(db, what, err, errlen);
	return 0;
}

/* The commit's row id, added (or its missing fields filled) first. */
static int
commit_row(sqlite3 *db, const struct cbs_store_run *r, sqlite3_int64 *id,
    char *err, size_t errlen)
{
	static const char sql[] =
	    "INSERT INTO commits (hash, branch, commit_time, recorded_time, "
	    "parent) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (hash) DO UPDATE "
	    "SET branch = coalesce(branch, excluded.branch), "
	    "commit_time = coalesce(commit_time, excluded.commit_time), "
	    "parent = coalesce(parent, excluded.parent) RETURNING id";
	sqlite3_stmt *st;
	int rc = 0;

	if ((rc = prepare(db, sql, &st, "add commit", err, errlen)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, r->commit, -1, SQLITE_STATIC);
	bind_opt_text(st, 2, r->branch);
	if (r->commit_time != 0)
		sqlite3_bind_int64(st, 3, r->commit_time);
	sqlite3_bind_int64(st, 4, r->commit_recorded);
	bind_opt_text(st, 5, r->parent);
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = db_error(db, "add commit", err, errlen);
	else
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/* The run's row, or 0 in *run when this content is already recorded. */
static int
run_row(sqlite3 *db, sqlite3_int64 commit, const struct cbs_store_run *r,
    sqlite3_int64 *run, char *err, size_t errlen)
{
	static const char sql[] =
	    "INSERT INTO runs (commit_id, content_hash, source, recorded_time) "
	    "SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM runs "
	    "WHERE commit_id = ?1 AND content_hash = ?5) "
	    "ON CONFLICT DO NOTHING RETURNING id";
	sqlite3_stmt *st;
	int rc, s;

	if ((rc = prepare(db, sql, &st, "add run", err, errlen)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, commit);
	sqlite3_bind_text(st, 2, r->content_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->recorded_time);
	bind_opt_text(st, 5, r->legacy_hash);
	*run = 0;
	if ((s = sqlite3_step(st)) == SQLITE_ROW)
		*run = sqlite3_column_int64(st, 0);
	else if (s != SQLITE_DONE)
		rc = db_error(db, "add run", err, errlen);
	sqlite3_finalize(st);
	return rc;
}

/* The statements writing a run's series, samples and units. */
struct writer {
	sqlite3 *db;
	sqlite3_stmt *add_series, *find_series, *add_pair, *add_sample,
	    *add_unit;
	sqlite3_int64 run;
	char *err;
	size_t errlen;
};

static int
prepare_writer(struct writer *w)
{
	static const struct {
		size_t off;
		const char *sql;
	} st[] = {
		{ offsetof(struct writer, add_series), "INSERT INTO series "
		    "(benchmark, unit, config) VALUES (?1, ?2, ?3) ON CONFLICT "
		    "DO NOTHING RETURNING id" },
		{ offsetof(struct writer, find_series), "SELECT id FROM series "
		    "WHERE benchmark = ?1 AND unit = ?2 AND config = ?3" },
		{ offsetof(struct writer, add_pair), "INSERT INTO series_config "
		    "(series_id, seq, key, value) VALUES (?1, ?2, ?3, ?4)" },
		{ offsetof(struct writer, add_sample), "INSERT INTO samples "
		    "(series_id, run_id, seq, value) VALUES (?1, ?2, ?3, ?4)" },
		{ offsetof(struct writer, add_unit), "INSERT INTO run_units "
		    "(run_id, unit, key, value) VALUES (?1, ?2, ?3, ?4) "
		    "ON CONFLICT DO UPDATE SET value = excluded.value" },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++)
		if ((rc = prepare(w->db, st[i].sql, (sqlite3_stmt **)(void *)
		    ((char *)w + st[i].off), "prepare", w->err,
		    w->errlen)) != 0)
			return rc;
	return 0;
}

static void
free_writer(struct writer *w)
{
	sqlite3_finalize(w->add_series);
	sqlite3_finalize(w->find_series);
	sqlite3_finalize(w->add_pair);
	sqlite3_finalize(w->add_sample);
	sqlite3_finalize(w->add_unit);
}

static int
step_done(struct writer *w, sqlite3_stmt *st, const char *what)
{
	int s = sqlite3_step(st);

	sqlite3_reset(st);
	return s == SQLITE_DONE ? 0 : db_error(w->db, what, w->err,
	    w->errlen);
}

/* A new series' configuration rows. */
static int
add_pairs(struct writer *w, sqlite3_int64 id, const struct cbs_store_series *s)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < s->npairs && rc == 0; i++) {
		sqlite3_bind_int64(w->add_pair, 1, id);
		sqlite3_bind_int64(w->add_pair, 2, (sqlite3_int64)i);
		sqlite3_bind_text(w->add_pair, 3, s->pairs[i].key, -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(w->add_pair, 4, s->pairs[i].value, -1,
		    SQLITE_STATIC);
		rc = step_done(w, w->add_pair, "add series");
	}
	return rc;
}

/* The series' id, the series (and its pairs) added when new. */
static int
series_row(struct writer *w, const struct cbs_store_series *s,
    sqlite3_int64 *id)
{
	sqlite3_stmt *st[2] = { w->add_series, w->find_series };
	int i, rc;

	for (i = 0; i < 2; i++) {
		sqlite3_bind_text(st[i], 1, s->benchmark, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[i], 2, s->unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[i], 3, s->config, -1, SQLITE_STATIC);
		rc = sqlite3_step(st[i]);
		*id = rc == SQLITE_ROW ? sqlite3_column_int64(st[i], 0) : 0;
		if (rc == SQLITE_ROW)
			(void)sqlite3_step(st[i]);
		sqlite3_reset(st[i]);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			return db_error(w->db, "add series", w->err,
			    w->errlen);
		if (rc == SQLITE_ROW)
			return i == 0 ? add_pairs(w, *id, s) : 0;
	}
	return db_error(w->db, "add series", w->err, w->errlen);
}

static int
add_series(struct writer *w, const struct cbs_store_series *s)
{
	sqlite3_int64 id;
	size_t i;
	int rc;

	if ((rc = series_row(w, s, &id)) != 0)
		return rc;
	for (i = 0; i < s->nvalues && rc == 0; i++) {
		sqlite3_bind_int64(w->add_sample, 1, id);
		sqlite3_bind_int64(w->add_sample, 2, w->run);
		sqlite3_bind_int64(w->add_sample, 3, (sqlite3_int64)i);
		sqlite3_bind_double(w->add_sample, 4, s->values[i]);
		rc = step_done(w, w->add_sample, "add sample");
	}
	return rc;
}

static int
add_unit(struct writer *w, const struct cbs_store_unit *u)
{
	sqlite3_bind_int64(w->add_unit, 1, w->run);
	sqlite3_bind_text(w->add_unit, 2, u->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->add_unit, 3, u->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->add_unit, 4, u->value, -1, SQLITE_STATIC);
	return step_done(w, w->add_unit, "add unit");
}

static int
write_in_tx(struct writer *w, const struct cbs_store_run *r, int *added)
{
	sqlite3_int64 commit = 0;
	size_t i;
	int rc;

	if ((rc = commit_row(w->db, r, &commit, w->err, w->errlen)) != 0 ||
	    (rc = run_row(w->db, commit, r, &w->run, w->err, w->errlen)) != 0)
		return rc;
	if (w->run == 0)
		return 0;
	*added = 1;
	if ((rc = prepare_writer(w)) != 0)
		return rc;
	for (i = 0; i < r->nseries && rc == 0; i++)
		rc = add_series(w, &r->series[i]);
	for (i = 0; i < r->nunits && rc == 0; i++)
		rc = add_unit(w, &r->units[i]);
	return rc;
}

static int
sq_write_run(struct cbs_store *s, const struct cbs_store_run *r, int *added,
    char *err, size_t errlen)
{
	struct sq *h = (struct sq *)s;
	struct writer w;
	int rc;

	*added = 0;
	memset(&w, 0, sizeof(w));
	w.db = h->db;
	w.err = err;
	w.errlen = errlen;
	if ((rc = exec(h->db, "BEGIN IMMEDIATE", "begin", err, errlen)) != 0)
		return rc;
	rc = write_in_tx(&w, r, added);
	free_writer(&w);
	if (rc == 0)
		rc = exec(h->db, "COMMIT", "commit", err, errlen);
	if (rc != 0) {
		(void)sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
		*added = 0;
	}
	return rc;
}

/* ------------------------------------------------------ reading */

static const char series_sql[] =
"SELECT c.hash, coalesce(c.branch, ''), "
"  coalesce(c.commit_time, c.recorded_time), s.value "
"FROM samples s JOIN runs r ON r.id = s.run_id "
"JOIN commits c ON c.id = r.commit_id "
"WHERE s.series_id = ?1 AND (?2 IS NULL OR c.branch = ?2) "
"  AND (?3 IS NULL OR c.hash <> ?3) "
"ORDER BY coalesce(c.commit_time, c.recorded_time) DESC, c.id DESC, "
"  s.run_id, s.seq";

/*
 * With -last (and the gate's baseline): the runs of the last commits of
 * the branch, chosen once into a temporary table, then only their
 * samples through the primary key, so that a series of 1,000 commits
 * costs the last commits' reads, not 1,000.
 */
static const char series_base_sql[] =
"SELECT c.hash, coalesce(c.branch, ''), "
"  coalesce(c.commit_time, c.recorded_time), s.value "
"FROM samples s JOIN runs r ON r.id = s.run_id "
"JOIN commits c ON c.id = r.commit_id "
"WHERE s.series_id = ?1 AND s.run_id IN (SELECT run_id FROM temp.cbs_base) "
"ORDER BY coalesce(c.commit_time, c.recorded_time) DESC, c.id DESC, "
"  s.run_id, s.seq";

static const char select_base_sql[] =
"INSERT INTO temp.cbs_base SELECT r.id FROM runs r WHERE r.commit_id IN "
"  (SELECT c.id FROM commits c WHERE (?1 IS NULL OR c.branch = ?1) "
"   AND (?2 IS NULL OR c.hash <> ?2) "
"   ORDER BY coalesce(c.commit_time, c.recorded_time) DESC, c.id DESC "
"   LIMIT ?3)";

/* Fill temp.cbs_base with the runs of the last q->last commits. */
static int
select_base(sqlite3 *db, const struct cbs_history_query *q, char *err,
    size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = exec(db, "CREATE TEMP TABLE IF NOT EXISTS cbs_base "
	    "(run_id INTEGER PRIMARY KEY); DELETE FROM temp.cbs_base",
	    "select commits", err, errlen)) != 0)
		return rc;
	if ((rc = prepare(db, select_base_sql, &st, "select commits", err,
	    errlen)) != 0)
		return rc;
	bind_opt_text(st, 1, q->branch);
	bind_opt_text(st, 2, q->exclude);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)q->last);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 :
	    db_error(db, "select commits", err, errlen);
	sqlite3_finalize(st);
	return rc;
}

static int
sq_end_read(struct cbs_store *s, char *err, size_t errlen)
{
	struct sq *h = (struct sq *)s;

	sqlite3_finalize(h->samples);
	h->samples = NULL;
	(void)sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL);
	return check_unchanged(h, err, errlen);
}

/* One read transaction: every series from the same snapshot. */
static int
sq_begin_read(struct cbs_store *s, const struct cbs_history_query *q,
    char *err, size_t errlen)
{
	struct sq *h = (struct sq *)s;
	int rc;

	if ((rc = exec(h->db, "BEGIN", "begin", err, errlen)) != 0)
		return rc;
	h->last = q->last > 0;
	h->branch = q->branch;
	h->exclude = q->exclude;
	if ((h->last && (rc = select_base(h->db, q, err, errlen)) != 0) ||
	    (rc = prepare(h->db, h->last ? series_base_sql : series_sql,
	    &h->samples, "prepare", err, errlen)) != 0)
		(void)sq_end_read(s, NULL, 0);
	return rc;
}

static const char *
text_of(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t != NULL ? (const char *)t : "";
}

/* A column's text copied into the arena (SQLite's lives until the next
 * step). */
static const char *
keep_text(struct cbs_arena *a, sqlite3_stmt *st, int col)
{
	return cbs_arena_strndup(a, text_of(st, col),
	    (size_t)sqlite3_column_bytes(st, col));
}

/* Start series cur from the row at st. */
static int
start_series(struct cbs_arena *a, sqlite3_stmt *st,
    struct cbs_store_series *cur)
{
	memset(cur, 0, sizeof(*cur));
	cur->id = sqlite3_column_int64(st, 0);
	cur->benchmark = keep_text(a, st, 1);
	cur->unit = keep_text(a, st, 2);
	cur->config = keep_text(a, st, 3);
	return cur->benchmark == NULL || cur->unit == NULL ||
	    cur->config == NULL ? CBS_ENOMEM : 0;
}

/* Add the row's pair to cur. */
static int
add_row_pair(struct cbs_arena *a, sqlite3_stmt *st,
    struct cbs_store_series *cur, struct cbs_store_pair **pairs, size_t *cap)
{
	struct cbs_store_pair *p;

	if (sqlite3_column_type(st, 4) == SQLITE_NULL)
		return 0;
	if (cbs_grow(pairs, cap, cur->npairs + 1, sizeof(**pairs)) != 0)
		return CBS_ENOMEM;
	p = &(*pairs)[cur->npairs];
	p->key = keep_text(a, st, 4);
	p->value = keep_text(a, st, 5);
	if (p->key == NULL || p->value == NULL)
		return CBS_ENOMEM;
	cur->pairs = *pairs;
	cur->npairs++;
	return 0;
}

static int
sq_list_series(struct cbs_store *s, cbs_store_series_fn fn, void *ctx,
    char *err, size_t errlen)
{
	struct sq *h = (struct sq *)s;
	struct cbs_store_series cur;
	struct cbs_store_pair *pairs = NULL;
	struct cbs_arena *a;
	size_t cap = 0;
	sqlite3_stmt *st;
	int have = 0, rc, step = SQLITE_DONE;

	if ((a = cbs_arena_new()) == NULL)
		return CBS_ENOMEM;
	if ((rc = prepare(h->db, "SELECT s.id, s.benchmark, s.unit, s.config, "
	    "c.key, c.value FROM series s LEFT JOIN series_config c ON "
	    "c.series_id = s.id ORDER BY s.id, c.seq", &st, "read series",
	    err, errlen)) != 0) {
		cbs_arena_free(a);
		return rc;
	}
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (!have || sqlite3_column_int64(st, 0) != cur.id) {
			if ((have && (rc = fn(ctx, &cur)) != 0) ||
			    (rc = start_series(a, st, &cur)) != 0)
				break;
			have = 1;
		}
		rc = add_row_pair(a, st, &cur, &pairs, &cap);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_error(h->db, "read series", err, errlen);
	if (rc == 0 && have)
		rc = fn(ctx, &cur);
	sqlite3_finalize(st);
	free(pairs);
	cbs_arena_free(a);
	return rc;
}

static int
sq_find_series(struct cbs_store *s, const char *benchmark, const char *unit,
    const char *config, long long *id, char *err, size_t errlen)
{
	struct sq *h = (struct sq *)s;
	sqlite3_stmt *st;
	int rc, step;

	*id = 0;
	if ((rc = prepare(h->db, "SELECT id FROM series WHERE benchmark = ?1 "
	    "AND unit = ?2 AND config = ?3", &st, "find series", err,
	    errlen)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, benchmark, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, config, -1, SQLITE_STATIC);
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (step != SQLITE_DONE)
		rc = db_error(h->db, "find series", err, errlen);
	sqlite3_finalize(st);
	return rc;
}

static int
sq_load_series(struct cbs_store *s, long long id, cbs_store_row_fn fn,
    void *ctx, char *err, size_t errlen)
{
	struct sq *h = (struct sq *)s;
	sqlite3_stmt *st = h->samples;
	int rc = 0, step = SQLITE_DONE;

	if (st == NULL)
		return CBS_EINVAL;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	if (!h->last) {
		bind_opt_text(st, 2, h->branch);
		bind_opt_text(st, 3, h->exclude);
	}
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ctx, text_of(st, 0), text_of(st, 1),
		    sqlite3_column_int64(st, 2), sqlite3_column_double(st, 3));
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_error(h->db, "read samples", err, errlen);
	sqlite3_reset(st);
	return rc > 0 ? 0 : rc;
}

static int
sq_unit_meta(struct cbs_store *s, const char *unit, const char *key,
    char **value, char *err, size_t errlen)
{
	struct sq *h = (struct sq *)s;
	sqlite3_stmt *st;
	int rc, step;

	*value = NULL;
	if ((rc = prepare(h->db, "SELECT u.value FROM run_units u JOIN runs r "
	    "ON r.id = u.run_id WHERE u.unit = ?1 AND u.key = ?2 "
	    "ORDER BY r.recorded_time DESC, r.id DESC LIMIT 1", &st,
	    "read units", err, errlen)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((*value = strdup(text_of(st, 0))) == NULL)
			rc = CBS_ENOMEM;
	} else if (step != SQLITE_DONE)
		rc = db_error(h->db, "read units", err, errlen);
	sqlite3_finalize(st);
	return rc;
}

/* ------------------------------------------------------ runs, whole */

/*
 * What each_run gathers of one run: the strings in an arena, the arrays
 * malloc'd and handed to the arena, all freed once the run is handed on.
 */
struct run_reader {
	sqlite3 *db;
	sqlite3_stmt *runs, *samples, *pairs, *units;
	struct cbs_arena *arena;
	struct cbs_store_series *series;
	size_t nseries, capseries;
	double *values;		/* of the last series */
	size_t capvalues;
	struct cbs_store_unit *units_out;
	size_t capunits;
};

/* Give the arena p, malloc'd; freed here when it cannot take it. */
static int
adopt(struct cbs_arena *a, void *p)
{
	if (p == NULL || cbs_arena_adopt(a, p) == 0)
		return 0;
	free(p);
	return CBS_ENOMEM;
}

static int
read_pairs(struct run_reader *rr, struct cbs_store_series *s)
{
	struct cbs_store_pair *p = NULL;
	size_t cap = 0, n = 0;
	int step, rc = 0;

	sqlite3_bind_int64(rr->pairs, 1, s->id);
	while (rc == 0 && (step = sqlite3_step(rr->pairs)) == SQLITE_ROW) {
		if (cbs_grow(&p, &cap, n + 1, sizeof(*p)) != 0) {
			rc = CBS_ENOMEM;
			break;
		}
		p[n].key = keep_text(rr->arena, rr->pairs, 0);
		p[n].value = keep_text(rr->arena, rr->pairs, 1);
		if (p[n].key == NULL || p[n++].value == NULL)
			rc = CBS_ENOMEM;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = CBS_EIO;
	sqlite3_reset(rr->pairs);
	s->pairs = p;
	s->npairs = n;
	return rc != 0 ? (free(p), rc) : adopt(rr->arena, p);
}

/* Close the last series: its values to the arena. */
static int
end_values(struct run_reader *rr)
{
	int rc = adopt(rr->arena, rr->values);

	rr->values = NULL;
	rr->capvalues = 0;
	return rc;
}

/* A sample row: a value of the last series, or the first of a new one. */
static int
run_sample(struct run_reader *rr, sqlite3_stmt *st)
{
	struct cbs_store_series *s;
	int rc;

	if (rr->nseries == 0 || rr->series[rr->nseries - 1].id !=
	    sqlite3_column_int64(st, 0)) {
		if (end_values(rr) != 0 || cbs_grow(&rr->series,
		    &rr->capseries, rr->nseries + 1, sizeof(*s)) != 0)
			return CBS_ENOMEM;
		s = &rr->series[rr->nseries++];
		if ((rc = start_series(rr->arena, st, s)) != 0 ||
		    (rc = read_pairs(rr, s)) != 0)
			return rc;
	}
	s = &rr->series[rr->nseries - 1];
	if (cbs_grow(&rr->values, &rr->capvalues, s->nvalues + 1,
	    sizeof(double)) != 0)
		return CBS_ENOMEM;
	rr->values[s->nvalues++] = sqlite3_column_double(st, 4);
	s->values = rr->values;
	return 0;
}

static int
read_units(struct run_reader *rr, sqlite3_int64 run, struct cbs_store_run *r)
{
	struct cbs_store_unit *u;
	int step, rc = 0;

	sqlite3_bind_int64(rr->units, 1, run);
	while (rc == 0 && (step = sqlite3_step(rr->units)) == SQLITE_ROW) {
		if (cbs_grow(&rr->units_out, &rr->capunits, r->nunits + 1,
		    sizeof(*u)) != 0) {
			rc = CBS_ENOMEM;
			break;
		}
		u = &rr->units_out[r->nunits++];
		u->unit = keep_text(rr->arena, rr->units, 0);
		u->key = keep_text(rr->arena, rr->units, 1);
		u->value = keep_text(rr->arena, rr->units, 2);
		if (u->unit == NULL || u->key == NULL || u->value == NULL)
			rc = CBS_ENOMEM;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = CBS_EIO;
	sqlite3_reset(rr->units);
	r->units = rr->units_out;
	return rc;
}

/* The run at the runs statement's row, whole, into r. */
static int
read_run(struct run_reader *rr, struct cbs_store_run *r)
{
	sqlite3_stmt *st = rr->runs;
	sqlite3_int64 run = sqlite3_column_int64(st, 0);
	int step, rc = 0;

	memset(r, 0, sizeof(*r));
	r->content_hash = keep_text(rr->arena, st, 1);
	r->source = keep_text(rr->arena, st, 2);
	r->recorded_time = sqlite3_column_int64(st, 3);
	r->commit = keep_text(rr->arena, st, 4);
	r->parent = keep_text(rr->arena, st, 5);
	r->branch = keep_text(rr->arena, st, 6);
	r->commit_time = sqlite3_column_int64(st, 7);
	r->commit_recorded = sqlite3_column_int64(st, 8);
	if (r->content_hash == NULL || r->source == NULL || r->commit == NULL ||
	    r->parent == NULL || r->branch == NULL)
		return CBS_ENOMEM;
	rr->nseries = 0;
	sqlite3_bind_int64(rr->samples, 1, run);
	while (rc == 0 && (step = sqlite3_step(rr->samples)) == SQLITE_ROW)
		rc = run_sample(rr, rr->samples);
	if (rc == 0 && step != SQLITE_DONE)
		rc = CBS_EIO;
	sqlite3_reset(rr->samples);
	if (rc == 0)
		rc = end_values(rr);
	r->series = rr->series;
	r->nseries = rr->nseries;
	return rc != 0 ? rc : read_units(rr, run, r);
}

static int
prepare_run_reader(struct run_reader *rr, char *err, size_t errlen)
{
	int rc;

	if ((rc = prepare(rr->db, "SELECT r.id, r.content_hash, r.source, "
	    "r.recorded_time, c.hash, c.parent, c.branch, c.commit_time, "
	    "c.recorded_time FROM runs r JOIN commits c ON c.id = r.commit_id "
	    "ORDER BY c.id, r.id", &rr->runs, "read runs", err,
	    errlen)) != 0 ||
	    /* CROSS JOIN keeps series outside: one primary-key range a
	     * series, not a scan of every sample of the history a run. */
	    (rc = prepare(rr->db, "SELECT s.id, s.benchmark, s.unit, s.config, "
	    "x.value FROM series s CROSS JOIN samples x WHERE x.series_id = "
	    "s.id AND x.run_id = ?1 ORDER BY s.id, x.seq", &rr->samples,
	    "read runs", err, errlen)) != 0 ||
	    (rc = prepare(rr->db, "SELECT key, value FROM series_config WHERE "
	    "series_id = ?1 ORDER BY seq", &rr->pairs, "read runs", err,
	    errlen)) != 0)
		return rc;
	return prepare(rr->db, "SELECT unit, key, value FROM run_units WHERE "
	    "run_id = ?1 ORDER BY unit, key", &rr->units, "read runs", err,
	    errlen);
}

static void
free_run_reader(struct run_reader *rr)
{
	sqlite3_finalize(rr->runs);
	sqlite3_finalize(rr->samples);
	sqlite3_finalize(rr->pairs);
	sqlite3_finalize(rr->units);
	free(rr->series);
	free(rr->values);
	free(rr->units_out);
	cbs_arena_free(rr->arena);
}

static int
sq_each_run(struct cbs_store *s, cbs_store_run_fn fn, void *ctx, char *err,
    size_t errlen)
{
	struct sq *h = (struct sq *)s;
	struct run_reader rr;
	struct cbs_store_run r;
	int rc, step = SQLITE_DONE;

	memset(&rr, 0, sizeof(rr));
	rr.db = h->db;
	if ((rc = prepare_run_reader(&rr, err, errlen)) != 0) {
		free_run_reader(&rr);
		return rc;
	}
	while (rc == 0 && (step = sqlite3_step(rr.runs)) == SQLITE_ROW) {
		if ((rr.arena = cbs_arena_new()) == NULL) {
			rc = CBS_ENOMEM;
			break;
		}
		if ((rc = read_run(&rr, &r)) == CBS_EIO)
			db_error(h->db, "read runs", err, errlen);
		else if (rc == 0)
			rc = fn(ctx, &r);
		cbs_arena_free(rr.arena);
		rr.arena = NULL;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = db_error(h->db, "read runs", err, errlen);
	free_run_reader(&rr);
	return rc;
}

/* ------------------------------------------------------ open, close */

static void
sq_close(struct cbs_store *s)
{
	struct sq *h = (struct sq *)s;

	if (h == NULL)
		return;
	sqlite3_finalize(h->samples);
	sqlite3_close(h->db);
	free(h->path);
	free(h);
}

static const struct cbs_store_ops sqlite_ops = {
	.name = "SQLite",
	.close = sq_close,
	.write_run = sq_write_run,
	.begin_read = sq_begin_read,
	.list_series = sq_list_series,
	.find_series = sq_find_series,
	.load_series = sq_load_series,
	.unit_meta = sq_unit_meta,
	.end_read = sq_end_read,
	.each_run = sq_each_run,
};

int
cbs_store_sqlite_open(const char *path, int mode, struct cbs_store **out,
    char *err, size_t errlen)
{
	struct sq *h;
	int rc;

	*out = NULL;
	if ((h = calloc(1, sizeof(*h))) == NULL ||
	    (h->path = strdup(path)) == NULL) {
		free(h);
		return CBS_ENOMEM;
	}
	h->base.ops = &sqlite_ops;
	rc = mode == CBS_HISTORY_WRITE ? open_writer(h, path, err, errlen) :
	    open_reader(h, path, err, errlen);
	if (rc != 0) {
		sq_close(&h->base);
		return rc;
	}
	*out = &h->base;
	return 0;
}
