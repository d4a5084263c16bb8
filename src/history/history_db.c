/*
 * history_db.c: the history store, one SQLite database (cbenchstat(1),
 * HISTORY): its schema and migrations, recording runs, reading series
 * back.  Nothing else in the library knows SQL.
 *
 * Schema 2 (PRAGMA user_version = 2, application_id 0x63627368 "cbsh"):
 *
 *	commits(id, hash UNIQUE, branch, commit_time, recorded_time, parent)
 *	runs(id, commit_id -> commits, content_hash, source, recorded_time,
 *	     UNIQUE(commit_id, content_hash))
 *	series(id, benchmark, unit, config, UNIQUE(benchmark, unit, config))
 *	samples(series_id -> series, run_id -> runs, seq, value,
 *	        PRIMARY KEY(series_id, run_id, seq)) WITHOUT ROWID
 *
 * Every value of a run is a row of samples, clustered by series, so the
 * history of one benchmark is one range of the primary key.  Schema 1
 * (tests/history_v1.sql) kept samples by commit with no runs, series or
 * parent; a writer's open migrates it in one transaction, a reader's a
 * copy of it in memory.
 *
 * Safety: write-ahead logging and a busy timeout let concurrent CI jobs
 * share the file; a record is one IMMEDIATE transaction, so a process
 * killed at any point leaves either the whole run or none of it.  A file
 * that is not ours, or is newer, is refused before anything is written.
 * A reader (history, the gate) never writes the file nor leaves a file
 * beside it (open_reader).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "history/history_db.h"
#include "query/query.h"

#define APP_ID		0x63627368	/* "cbsh" */
#define BUSY_MS		60000

/* A series being read back; the arrays grow and are reused. */
struct loader {
	struct cbs_history_series s;
	double *values;
	size_t nvalues, capvalues;
	size_t *first;		/* [commit]: its first value */
	size_t *count;
	const char **commits;	/* malloc'd copies */
	const char **branches;
	long long *times;
	struct cbs_history_point *points;
	size_t ncommits, capcommits;
};

struct cbs_history {
	sqlite3 *db;
	int reader;		/* opened to read: never written */
	int immutable;		/* read without locks: checked unchanged */
	char *path;
	struct stat st;		/* the file when an immutable read began */
	/* Between cbs_history_begin_read and _end_read: the lookups'. */
	struct cbs_history_query q;
	sqlite3_stmt *find, *samples;
	struct loader look;
};

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

static const char schema_v2[] =
"CREATE TABLE commits (\n"
"  id INTEGER PRIMARY KEY,\n"
"  hash TEXT NOT NULL UNIQUE,\n"
"  branch TEXT,\n"
"  commit_time INTEGER,\n"
"  recorded_time INTEGER NOT NULL,\n"
"  parent TEXT);\n"
SCHEMA_V2_RUNS_SERIES_SAMPLES;

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
		rc = exec(db, schema_v2, "create schema", err, errlen);
	else if (ver == 1)
		rc = exec(db, migrate_v1, "migrate schema 1", err, errlen);
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
open_writer(struct cbs_history *h, const char *path, char *err,
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
check_unchanged(struct cbs_history *h, char *err, size_t errlen)
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
migrate_copy(struct cbs_history *h, char *err, size_t errlen)
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
open_reader(struct cbs_history *h, const char *path, char *err,
    size_t errlen)
{
	int how, ver, rc = 0;
	char *uri = NULL;

	if ((how = reader_how(path, &h->st, err, errlen)) < 0)
		return how;
	h->reader = 1;
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

int
cbs_history_open(const char *path, int mode, struct cbs_history **out,
    char *err, size_t errlen)
{
	struct cbs_history *h;
	int rc;

	*out = NULL;
	if ((h = calloc(1, sizeof(*h))) == NULL ||
	    (h->path = strdup(path)) == NULL) {
		free(h);
		return CBS_ENOMEM;
	}
	rc = mode == CBS_HISTORY_WRITE ? open_writer(h, path, err, errlen) :
	    open_reader(h, path, err, errlen);
	if (rc != 0) {
		cbs_history_close(h);
		return rc;
	}
	*out = h;
	return 0;
}

static void end_lookups(struct cbs_history *h);

void
cbs_history_close(struct cbs_history *h)
{
	if (h == NULL)
		return;
	end_lookups(h);
	sqlite3_close(h->db);
	free(h->path);
	free(h);
}

/* ------------------------------------------------------ record */

/* The samples of a series within the run being recorded. */
struct series_slot {
	sqlite3_int64 id;
	sqlite3_int64 seq;
};

struct rec {
	sqlite3 *db;
	sqlite3_stmt *add_series, *find_series, *add_sample;
	struct cbs_arena *arena;
	struct cbs_intern *strings;
	struct cbs_pmap slots;	/* (name+config, unit) -> series_slot */
	sqlite3_int64 run;
	size_t nvalues;
	char *cfg;
	size_t capcfg;
	cbs_diag_fn on_diag;
	void *diag_ctx;
	char *err;
	size_t errlen;
};

/* The file configuration of r as "key=value" lines, in file order. */
int
cbs_history_config_text(const struct cbs_result *r, char **buf,
    size_t *cap, size_t *len)
{
	size_t i, need = 1;

	for (i = 0; i < r->nconfig; i++)
		if (r->config[i].is_file)
			need += strlen(r->config[i].key) +
			    strlen(r->config[i].value) + 2;
	if (cbs_grow(buf, cap, need, 1) != 0)
		return CBS_ENOMEM;
	*len = 0;
	(*buf)[0] = '\0';
	for (i = 0; i < r->nconfig; i++)
		if (r->config[i].is_file)
			*len += (size_t)sprintf(*buf + *len, "%s%s=%s",
			    *len ? "\n" : "", r->config[i].key,
			    r->config[i].value);
	return 0;
}

static int
series_id(struct rec *c, const char *name, size_t nlen, const char *cfg,
    size_t clen, const char *unit, sqlite3_int64 *id)
{
	sqlite3_stmt *st[2] = { c->add_series, c->find_series };
	int i, rc = SQLITE_OK;

	for (i = 0; i < 2 && rc != SQLITE_ROW; i++) {
		sqlite3_reset(st[i]);
		sqlite3_bind_text(st[i], 1, name, (int)nlen, SQLITE_STATIC);
		sqlite3_bind_text(st[i], 2, unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(st[i], 3, cfg, (int)clen, SQLITE_STATIC);
		rc = sqlite3_step(st[i]);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			return db_error(c->db, "add series", c->err, c->errlen);
	}
	*id = sqlite3_column_int64(c->find_series, 0);
	sqlite3_reset(c->find_series);
	return 0;
}

/* The slot of (name, config, unit), made on first use. */
static int
slot_of(struct rec *c, const struct cbs_result *r, const char *key,
    size_t klen, size_t nlen, const char *unit, struct series_slot **out)
{
	const char *ik = cbs_intern(c->strings, key, klen);
	struct series_slot *s;
	int rc;

	if (ik == NULL)
		return CBS_ENOMEM;
	if ((*out = cbs_pmap_get(&c->slots, ik, unit)) != NULL)
		return 0;
	if ((s = cbs_arena_calloc(c->arena, 1, sizeof(*s))) == NULL)
		return CBS_ENOMEM;
	if ((rc = series_id(c, r->name, nlen, key + nlen + 1,
	    klen - nlen - 1, unit, &s->id)) != 0)
		return rc;
	*out = s;
	return cbs_pmap_put(&c->slots, ik, unit, s);
}

static int
add_sample(struct rec *c, struct series_slot *s, double v)
{
	sqlite3_reset(c->add_sample);
	sqlite3_bind_int64(c->add_sample, 1, s->id);
	sqlite3_bind_int64(c->add_sample, 2, c->run);
	sqlite3_bind_int64(c->add_sample, 3, s->seq++);
	sqlite3_bind_double(c->add_sample, 4, v);
	if (sqlite3_step(c->add_sample) != SQLITE_DONE)
		return db_error(c->db, "add sample", c->err, c->errlen);
	c->nvalues++;
	return 0;
}

/* Each value of a result into its series.  NaN has no SQL value. */
static int
on_record_result(const struct cbs_result *r, void *ctx)
{
	struct rec *c = ctx;
	struct series_slot *s;
	size_t i, clen, klen;
	char *key;
	int rc;

	if ((rc = cbs_history_config_text(r, &c->cfg, &c->capcfg,
	    &clen)) != 0)
		return rc;
	klen = r->name_len + 1 + clen;
	if ((key = malloc(klen + 1)) == NULL)
		return CBS_ENOMEM;
	memcpy(key, r->name, r->name_len);
	key[r->name_len] = '\n';
	memcpy(key + r->name_len + 1, c->cfg, clen + 1);
	for (i = 0, rc = 0; i < r->nvalues && rc == 0; i++) {
		if (isnan(r->values[i].value))
			continue;
		if ((rc = slot_of(c, r, key, klen, r->name_len,
		    r->values[i].unit, &s)) == 0)
			rc = add_sample(c, s, r->values[i].value);
	}
	free(key);
	return rc;
}

/* FNV-1a in two lanes of 64 bits: a content hash, not a secret. */
static void
content_hash(const char *data, size_t len, char out[33])
{
	uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		a = (a ^ (unsigned char)data[i]) * 0x100000001b3ULL;
		b = (b ^ (unsigned char)data[i] ^ (i & 0xff)) *
		    0x100000001b3ULL;
	}
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)a,
	    (unsigned long long)b);
}

static void
bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL && *s != '\0')
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* The commit's row id, added (or its missing fields filled) first. */
static int
commit_row(sqlite3 *db, const struct cbs_history_commit *cm, long long now,
    sqlite3_int64 *id, char *err, size_t errlen)
{
	static const char sql[] =
	    "INSERT INTO commits (hash, branch, commit_time, recorded_time, "
	    "parent) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (hash) DO UPDATE "
	    "SET branch = coalesce(branch, excluded.branch), "
	    "commit_time = coalesce(commit_time, excluded.commit_time), "
	    "parent = coalesce(parent, excluded.parent) RETURNING id";
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "add commit", err, errlen);
	sqlite3_bind_text(st, 1, cm->id, -1, SQLITE_STATIC);
	bind_opt_text(st, 2, cm->branch);
	if (cm->commit_time != 0)
		sqlite3_bind_int64(st, 3, cm->commit_time);
	sqlite3_bind_int64(st, 4, now);
	bind_opt_text(st, 5, cm->parent);
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = db_error(db, "add commit", err, errlen);
	else
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/* The run's row, or 0 in *run when this content is already recorded. */
static int
run_row(sqlite3 *db, sqlite3_int64 commit, const char *hash,
    const char *source, long long now, sqlite3_int64 *run, char *err,
    size_t errlen)
{
	static const char sql[] =
	    "INSERT INTO runs (commit_id, content_hash, source, recorded_time) "
	    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING RETURNING id";
	sqlite3_stmt *st;
	int rc = 0, s;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "add run", err, errlen);
	sqlite3_bind_int64(st, 1, commit);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	*run = 0;
	if ((s = sqlite3_step(st)) == SQLITE_ROW)
		*run = sqlite3_column_int64(st, 0);
	else if (s != SQLITE_DONE)
		rc = db_error(db, "add run", err, errlen);
	sqlite3_finalize(st);
	return rc;
}

static int
prepare_rec(struct rec *c)
{
	if (sqlite3_prepare_v2(c->db, "INSERT INTO series (benchmark, unit, "
	    "config) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", -1,
	    &c->add_series, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "SELECT id FROM series WHERE "
	    "benchmark = ?1 AND unit = ?2 AND config = ?3", -1,
	    &c->find_series, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "INSERT INTO samples (series_id, run_id, "
	    "seq, value) VALUES (?1, ?2, ?3, ?4)", -1, &c->add_sample,
	    NULL) != SQLITE_OK)
		return db_error(c->db, "prepare", c->err, c->errlen);
	if ((c->arena = cbs_arena_new()) == NULL ||
	    (c->strings = cbs_intern_new(c->arena)) == NULL)
		return CBS_ENOMEM;
	cbs_pmap_init(&c->slots);
	return 0;
}

static void
free_rec(struct rec *c)
{
	sqlite3_finalize(c->add_series);
	sqlite3_finalize(c->find_series);
	sqlite3_finalize(c->add_sample);
	cbs_pmap_free(&c->slots);
	cbs_intern_free(c->strings);
	cbs_arena_free(c->arena);
	free(c->cfg);
}

/* The reader hands its one context to both callbacks. */
static void
relay_diag(const struct cbs_diag *d, void *ctx)
{
	struct rec *c = ctx;

	if (c->on_diag != NULL)
		c->on_diag(d, c->diag_ctx);
}

/* Read data into the run's samples, with a reader of its own. */
static int
read_run(struct rec *c, char *data, size_t len, const char *source,
    cbs_diag_fn on_diag, void *ctx)
{
	struct cbs_reader *rd;
	FILE *mem;
	int rc;

	if ((rd = cbs_reader_new(c->arena, c->strings)) == NULL)
		return CBS_ENOMEM;
	if (len == 0) {
		cbs_reader_free(rd);
		return 0;
	}
	if ((mem = fmemopen(data, len, "r")) == NULL) {
		cbs_reader_free(rd);
		return CBS_ENOMEM;
	}
	c->on_diag = on_diag;
	c->diag_ctx = ctx;
	/* Any input format: the runs are stored as samples alike. */
	rc = cbs_reader_read_input(rd, mem, CBS_INPUT_AUTO, source, source,
	    on_record_result, relay_diag, c, c->err, c->errlen);
	fclose(mem);
	cbs_reader_free(rd);
	return rc;
}

static int
record_in_tx(struct rec *c, const struct cbs_history_commit *cm,
    const char *source, char *data, size_t len, cbs_diag_fn on_diag,
    void *ctx, int *added)
{
	sqlite3_int64 commit;
	long long now = cm->recorded_time ? cm->recorded_time :
	    (long long)time(NULL);
	char hash[33];
	int rc;

	content_hash(data, len, hash);
	if ((rc = commit_row(c->db, cm, now, &commit, c->err,
	    c->errlen)) != 0 || (rc = run_row(c->db, commit, hash, source,
	    now, &c->run, c->err, c->errlen)) != 0)
		return rc;
	if (c->run == 0)
		return 0;
	*added = 1;
	return read_run(c, data, len, source, on_diag, ctx);
}

int
cbs_history_record(struct cbs_history *h,
    const struct cbs_history_commit *cm, const char *source, FILE *fp,
    cbs_diag_fn on_diag, void *ctx, int *added, size_t *nvalues, char *err,
    size_t errlen)
{
	struct rec c;
	char *data = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*added = 0;
	*nvalues = 0;
	if (h->reader) {
		snprintf(err, errlen, "the database was opened to read");
		return CBS_EINVAL;
	}
	/* Whole in memory: hashed, then read. */
	if ((rc = cbs_read_all(fp, &data, &len, &cap)) != 0) {
		snprintf(err, errlen, "read %s: %s", source, rc == CBS_EIO ?
		    strerror(errno) : cbs_strerror(rc));
		free(data);
		return rc;
	}
	memset(&c, 0, sizeof(c));
	c.db = h->db;
	c.err = err;
	c.errlen = errlen;
	if ((rc = prepare_rec(&c)) == 0 &&
	    (rc = exec(h->db, "BEGIN IMMEDIATE", "begin", err, errlen)) == 0) {
		rc = record_in_tx(&c, cm, source, data, len, on_diag, ctx,
		    added);
		if (rc == 0)
			rc = exec(h->db, "COMMIT", "commit", err, errlen);
		if (rc != 0) {
			(void)sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
			*added = 0;
		}
	}
	*nvalues = rc == 0 ? c.nvalues : 0;
	free_rec(&c);
	free(data);
	return rc;
}

/* ------------------------------------------------------ queries */

static void
loader_clear(struct loader *l)
{
	size_t i;

	for (i = 0; i < l->ncommits; i++) {
		free((void *)(uintptr_t)l->commits[i]);
		free((void *)(uintptr_t)l->branches[i]);
	}
	l->ncommits = 0;
	l->nvalues = 0;
}

static void
loader_free(struct loader *l)
{
	loader_clear(l);
	free(l->values);
	free(l->first);
	free(l->count);
	free(l->commits);
	free(l->branches);
	free(l->times);
	free(l->points);
}

static int
grow_commits(struct loader *l)
{
	size_t cap = l->capcommits, need = l->ncommits + 1;

	if (need <= cap)
		return 0;
	cap = cap ? cap * 2 : 64;
	if (cbs_grow(&l->first, &l->capcommits, need, sizeof(size_t)) != 0)
		return CBS_ENOMEM;
	l->capcommits = 0;
	if (cbs_grow(&l->count, &l->capcommits, need, sizeof(size_t)) != 0)
		return CBS_ENOMEM;
	l->capcommits = 0;
	if (cbs_grow(&l->commits, &l->capcommits, need, sizeof(char *)) != 0)
		return CBS_ENOMEM;
	l->capcommits = 0;
	if (cbs_grow(&l->branches, &l->capcommits, need, sizeof(char *)) != 0)
		return CBS_ENOMEM;
	l->capcommits = 0;
	if (cbs_grow(&l->times, &l->capcommits, need, sizeof(long long)) != 0)
		return CBS_ENOMEM;
	l->capcommits = 0;
	if (cbs_grow(&l->points, &l->capcommits, need,
	    sizeof(struct cbs_history_point)) != 0)
		return CBS_ENOMEM;
	(void)cap;
	return 0;
}

static char *
dup_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return strdup(t != NULL ? (const char *)t : "");
}

/* One row: a value of the current commit, or the first of a new one. */
static int
load_row(struct loader *l, sqlite3_stmt *st)
{
	const unsigned char *hash = sqlite3_column_text(st, 0);
	size_t c;

	if (hash == NULL)
		return CBS_EIO;
	if (l->ncommits == 0 || strcmp(l->commits[l->ncommits - 1],
	    (const char *)hash) != 0) {
		if (grow_commits(l) != 0)
			return CBS_ENOMEM;
		c = l->ncommits;
		l->commits[c] = dup_text(st, 0);
		l->branches[c] = dup_text(st, 1);
		l->ncommits++;
		if (l->commits[c] == NULL || l->branches[c] == NULL)
			return CBS_ENOMEM;
		l->times[c] = sqlite3_column_int64(st, 2);
		l->first[c] = l->nvalues;
		l->count[c] = 0;
	}
	if (cbs_grow(&l->values, &l->capvalues, l->nvalues + 1,
	    sizeof(double)) != 0)
		return CBS_ENOMEM;
	l->values[l->nvalues++] = sqlite3_column_double(st, 3);
	l->count[l->ncommits - 1]++;
	return 0;
}

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
	if (sqlite3_prepare_v2(db, select_base_sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "select commits", err, errlen);
	bind_opt_text(st, 1, q->branch);
	bind_opt_text(st, 2, q->exclude);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)q->last);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 :
	    db_error(db, "select commits", err, errlen);
	sqlite3_finalize(st);
	return rc;
}

/* The samples statement of q; with q->last, after select_base. */
static int
prepare_series(sqlite3 *db, const struct cbs_history_query *q,
    sqlite3_stmt **st, char *err, size_t errlen)
{
	int rc;

	if (q->last > 0 && (rc = select_base(db, q, err, errlen)) != 0)
		return rc;
	if (sqlite3_prepare_v2(db, q->last > 0 ? series_base_sql :
	    series_sql, -1, st, NULL) != SQLITE_OK)
		return db_error(db, "prepare", err, errlen);
	return 0;
}

static void
swap_commits(struct loader *l, size_t i, size_t j)
{
	size_t f = l->first[i], c = l->count[i];
	const char *h = l->commits[i], *b = l->branches[i];
	long long t = l->times[i];

	l->first[i] = l->first[j];
	l->count[i] = l->count[j];
	l->commits[i] = l->commits[j];
	l->branches[i] = l->branches[j];
	l->times[i] = l->times[j];
	l->first[j] = f;
	l->count[j] = c;
	l->commits[j] = h;
	l->branches[j] = b;
	l->times[j] = t;
}

/*
 * Read series id's samples, newest commit first so that -last stops
 * early, then put the commits oldest first.
 */
static int
load_series(sqlite3 *db, sqlite3_stmt *st, sqlite3_int64 id,
    const struct cbs_history_query *q, struct loader *l, char *err,
    size_t errlen)
{
	const unsigned char *hash;
	size_t i;
	int s = SQLITE_DONE, rc = 0;

	loader_clear(l);
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	if (q->last == 0) {
		bind_opt_text(st, 2, q->branch);
		bind_opt_text(st, 3, q->exclude);
	}
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW) {
		hash = sqlite3_column_text(st, 0);
		if (q->last > 0 && l->ncommits == q->last && hash != NULL &&
		    strcmp(l->commits[l->ncommits - 1],
		    (const char *)hash) != 0) {
			s = SQLITE_DONE;
			break;
		}
		rc = load_row(l, st);
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = db_error(db, "read samples", err, errlen);
	sqlite3_reset(st);
	if (rc != 0)
		return rc;
	for (i = 0; i < l->ncommits / 2; i++)
		swap_commits(l, i, l->ncommits - 1 - i);
	for (i = 0; i < l->ncommits; i++) {
		l->points[i].values = l->values + l->first[i];
		l->points[i].n = l->count[i];
	}
	l->s.ncommits = l->ncommits;
	l->s.commits = l->commits;
	l->s.branches = l->branches;
	l->s.times = l->times;
	l->s.points = l->points;
	return 0;
}

/* Split "k=v\nk=v" into configuration pairs for the filter. */
static size_t
split_config(char *cfg, struct cbs_config *pairs, size_t max)
{
	size_t n = 0;
	char *line, *eq, *save = NULL;

	for (line = strtok_r(cfg, "\n", &save); line != NULL && n < max;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		pairs[n].key = line;
		pairs[n].value = eq + 1;
		pairs[n].is_file = 1;
		n++;
	}
	return n;
}

/* Does the filter keep this series?  A result made of its name, keys
 * and one value of its unit. */
static int
series_passes(const struct cbs_filter *f, const char *name,
    const char *unit, const char *config)
{
	struct cbs_config pairs[64];
	struct cbs_result r;
	struct cbs_value v;
	unsigned char keep = 0;
	char *cfg;
	int pass;

	if (f == NULL)
		return 1;
	if ((cfg = strdup(config)) == NULL)
		return -1;
	memset(&r, 0, sizeof(r));
	memset(&v, 0, sizeof(v));
	v.unit = unit;
	r.name = name;
	r.name_len = strlen(name);
	r.iters = 1;
	r.config = pairs;
	r.nconfig = split_config(cfg, pairs, 64);
	r.values = &v;
	r.nvalues = 1;
	r.path = "";
	if ((pass = cbs_filter_apply(f, &r, &keep)) > 0)
		pass = keep;
	free(cfg);
	return pass;
}

/* A series' configuration shown as "k=v k=v". */
static char *
config_shown(const char *config)
{
	char *s = strdup(config), *p;

	for (p = s; p != NULL && *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
	return s;
}

struct walk {
	int began;
	sqlite3_stmt *list, *samples;
	struct cbs_filter *filter;
	struct loader l;
};

static int
walk_begin(struct cbs_history *h, const struct cbs_history_query *q,
    struct walk *w, char *err, size_t errlen)
{
	int rc;

	memset(w, 0, sizeof(*w));
	if (q->filter != NULL && (rc = cbs_filter_parse(q->filter, &w->filter,
	    err, errlen)) != 0)
		return rc;
	/* One read transaction: every series from the same snapshot. */
	if ((rc = exec(h->db, "BEGIN", "begin", err, errlen)) != 0)
		return rc;
	w->began = 1;
	if (sqlite3_prepare_v2(h->db, "SELECT id, benchmark, unit, config "
	    "FROM series ORDER BY benchmark, unit, config", -1, &w->list,
	    NULL) != SQLITE_OK)
		return db_error(h->db, "prepare", err, errlen);
	return prepare_series(h->db, q, &w->samples, err, errlen);
}

static void
walk_end(struct cbs_history *h, struct walk *w)
{
	sqlite3_finalize(w->list);
	sqlite3_finalize(w->samples);
	cbs_filter_free(w->filter);
	loader_free(&w->l);
	if (w->began)
		(void)sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL);
}

/* Visit each selected series; with fn NULL only count them. */
static long
walk(struct cbs_history *h, const struct cbs_history_query *q,
    cbs_history_series_fn fn, void *ctx, char *err, size_t errlen)
{
	struct walk w;
	const char *name, *unit, *cfg;
	char *shown;
	long n = 0;
	int rc, s = SQLITE_DONE, pass;

	if ((rc = walk_begin(h, q, &w, err, errlen)) != 0)
		goto done;
	while (rc == 0 && (s = sqlite3_step(w.list)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(w.list, 1);
		unit = (const char *)sqlite3_column_text(w.list, 2);
		cfg = (const char *)sqlite3_column_text(w.list, 3);
		if (name == NULL || unit == NULL || cfg == NULL)
			continue;
		if ((pass = series_passes(w.filter, name, unit, cfg)) < 0) {
			rc = CBS_ENOMEM;
			cbs_filter_error(q->filter, rc, err, errlen);
		}
		if (pass <= 0)
			continue;
		if ((rc = load_series(h->db, w.samples,
		    sqlite3_column_int64(w.list, 0), q, &w.l, err,
		    errlen)) != 0 || w.l.s.ncommits == 0)
			continue;
		n++;
		if (fn == NULL)
			continue;
		w.l.s.benchmark = name;
		w.l.s.unit = unit;
		if ((w.l.s.config = shown = config_shown(cfg)) == NULL)
			rc = CBS_ENOMEM;
		else
			rc = fn(&w.l.s, ctx);
		free(shown);
	}
	if (rc == 0 && s != SQLITE_DONE)
		rc = db_error(h->db, "read series", err, errlen);
done:
	walk_end(h, &w);
	if (rc == 0)
		rc = check_unchanged(h, err, errlen);
	return rc != 0 ? rc : n;
}

int
cbs_history_each(struct cbs_history *h, const struct cbs_history_query *q,
    cbs_history_series_fn fn, void *ctx, char *err, size_t errlen)
{
	long n = walk(h, q, fn, ctx, err, errlen);

	return n < 0 ? (int)n : 0;
}

long
cbs_history_count(struct cbs_history *h, const struct cbs_history_query *q,
    char *err, size_t errlen)
{
	return walk(h, q, NULL, NULL, err, errlen);
}

int
cbs_history_lookup(struct cbs_history *h, const char *benchmark,
    size_t blen, const char *unit, const char *config,
    cbs_history_series_fn fn, void *ctx, char *err, size_t errlen)
{
	sqlite3_stmt *find = h->find;
	struct loader *l = &h->look;
	char *shown = NULL;
	int rc = 0, s;

	if (find == NULL || h->samples == NULL)
		return CBS_EINVAL;
	sqlite3_reset(find);
	sqlite3_bind_text(find, 1, benchmark, (int)blen, SQLITE_STATIC);
	sqlite3_bind_text(find, 2, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(find, 3, config, -1, SQLITE_STATIC);
	if ((s = sqlite3_step(find)) != SQLITE_ROW) {
		sqlite3_reset(find);
		return s == SQLITE_DONE ? 0 :
		    db_error(h->db, "find series", err, errlen);
	}
	rc = load_series(h->db, h->samples, sqlite3_column_int64(find, 0),
	    &h->q, l, err, errlen);
	sqlite3_reset(find);
	if (rc != 0 || l->s.ncommits == 0)
		return rc;
	l->s.benchmark = benchmark;
	l->s.unit = unit;
	if ((l->s.config = shown = config_shown(config)) == NULL)
		return CBS_ENOMEM;
	rc = fn(&l->s, ctx);
	free(shown);
	return rc;
}

static void
end_lookups(struct cbs_history *h)
{
	sqlite3_finalize(h->find);
	sqlite3_finalize(h->samples);
	h->find = h->samples = NULL;
	loader_free(&h->look);
	memset(&h->look, 0, sizeof(h->look));
}

int
cbs_history_begin_read(struct cbs_history *h,
    const struct cbs_history_query *q, char *err, size_t errlen)
{
	int rc;

	if ((rc = exec(h->db, "BEGIN", "begin", err, errlen)) != 0)
		return rc;
	h->q = *q;
	h->q.filter = NULL;
	if (sqlite3_prepare_v2(h->db, "SELECT id FROM series WHERE "
	    "benchmark = ?1 AND unit = ?2 AND config = ?3", -1, &h->find,
	    NULL) != SQLITE_OK)
		rc = db_error(h->db, "prepare", err, errlen);
	else
		rc = prepare_series(h->db, &h->q, &h->samples, err, errlen);
	if (rc != 0)
		(void)cbs_history_end_read(h, NULL, 0);
	return rc;
}

int
cbs_history_end_read(struct cbs_history *h, char *err, size_t errlen)
{
	end_lookups(h);
	(void)sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL);
	return check_unchanged(h, err, errlen);
}
