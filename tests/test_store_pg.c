/*
 * test_store_pg.c: the history's PostgreSQL back end (history/store_pg.c)
 * through its operations, against the throwaway cluster tests/pgtmp.sh
 * starts (`sh tests/pgtmp.sh run build/tests/test_store_pg`): strings of
 * any bytes and doubles back exactly, a run recorded twice, a read-only
 * role, a newer schema, a dropped connection, writers at once, one
 * snapshot a read (on a SQLite file too, which runs without a server).
 * Without PGTMP_URI the PostgreSQL tests print SKIP.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <sys/wait.h>

#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cbenchstat.h"
#include "history/store.h"

static const char *writer_uri, *reader_uri;

/* The bytes a hostile benchmark run may hold. */
#define EVIL "'); DROP TABLE runs; --"
#define BAD_UTF8 "\xff\xfe"

static const struct cbs_store_pair evil_pairs[] = {
	{ "key with space", "value with space" },
	{ "a=b", "c:d" },
	{ BAD_UTF8 "k", "'" EVIL "<script>" },
};

static const double evil_values[] = {
	1.0, 0.1, 4.9406564584124654e-324, -0.0, 1.7976931348623157e308,
	3.141592653589793, 1e-300, 123456789.123456789,
};

static const double plain_values[] = { 10, 11, 12, -1e-10 };

static const struct cbs_store_series evil_series[] = {
	{ 0, "BenchmarkX/" EVIL "/<script>alert(1)</script>" BAD_UTF8,
	    "sec/op", "key with space=value with space\na=b=c:d\n",
	    evil_pairs, LEN(evil_pairs), evil_values, LEN(evil_values) },
	{ 0, "Benchmark\"q\"", "B/op " BAD_UTF8, "", NULL, 0,
	    plain_values, LEN(plain_values) },
};

static const struct cbs_store_unit evil_units[] = {
	{ "sec/op", "better", "lower" },
	{ "B/op " BAD_UTF8, "assume", "exact" },
};

static struct cbs_store_run
evil_run(void)
{
	struct cbs_store_run r = {
		.commit = "c0ffee" EVIL,
		.parent = "p\"arent" BAD_UTF8,
		.branch = "feat/<script>" BAD_UTF8,
		.commit_time = 1700000000,
		.commit_recorded = 1700000100,
		.content_hash = "0123abcd",
		.source = "old 'file'.txt",
		.recorded_time = 1700000100,
		.series = evil_series,
		.nseries = LEN(evil_series),
		.units = evil_units,
		.nunits = LEN(evil_units),
	};

	return r;
}

static PGconn *
raw(const char *uri)
{
	PGconn *c = PQconnectdb(uri);

	if (PQstatus(c) != CONNECTION_OK) {
		print_error("connect: %s\n", PQerrorMessage(c));
		fail();
	}
	return c;
}

static void
sql(PGconn *c, const char *q)
{
	PGresult *res = PQexec(c, q);
	ExecStatusType st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		print_error("%s: %s\n", q, PQresultErrorMessage(res));
		fail();
	}
	PQclear(res);
}

static long long
count(const char *uri, const char *q)
{
	PGconn *c = raw(uri);
	PGresult *res = PQexec(c, q);
	long long n;

	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	n = atoll(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(c);
	return n;
}

/* Every test starts from a database without a history. */
static int
drop_all(void **state)
{
	PGconn *c = raw(writer_uri);

	(void)state;
	sql(c, "SET client_min_messages = warning; DROP TABLE IF EXISTS "
	    "cbs_meta, commits, runs, series, series_config, samples, "
	    "run_units CASCADE");
	PQfinish(c);
	return 0;
}

static struct cbs_store *
open_ok(const char *uri, int mode)
{
	struct cbs_store *s = NULL;
	char err[512] = "";

	if (cbs_store_pg_open(uri, mode, &s, err, sizeof(err)) != 0) {
		print_error("open: %s\n", err);
		fail();
	}
	assert_non_null(s);
	assert_string_equal(s->ops->name, "PostgreSQL");
	assert_int_equal(s->reader, mode == CBS_HISTORY_READ);
	return s;
}

static void
write_ok(struct cbs_store *s, const struct cbs_store_run *r, int want)
{
	char err[512] = "";
	int added = -1;

	if (s->ops->write_run(s, r, &added, err, sizeof(err)) != 0) {
		print_error("write_run: %s\n", err);
		fail();
	}
	assert_int_equal(added, want);
}

static void
record_evil(void)
{
	struct cbs_store *s = open_ok(writer_uri, CBS_HISTORY_WRITE);
	struct cbs_store_run r = evil_run();

	write_ok(s, &r, 1);
	s->ops->close(s);
}

static const struct cbs_store_series *
evil_by_name(const char *benchmark)
{
	size_t i;

	for (i = 0; i < LEN(evil_series); i++)
		if (strcmp(evil_series[i].benchmark, benchmark) == 0)
			return &evil_series[i];
	print_error("unexpected series %s\n", benchmark);
	fail();
	return NULL;
}

static void
same_pairs(const struct cbs_store_series *got,
    const struct cbs_store_series *want)
{
	size_t i;

	assert_int_equal(got->npairs, want->npairs);
	for (i = 0; i < want->npairs; i++) {
		assert_string_equal(got->pairs[i].key, want->pairs[i].key);
		assert_string_equal(got->pairs[i].value,
		    want->pairs[i].value);
	}
}

static int
on_series(void *ctx, const struct cbs_store_series *s)
{
	const struct cbs_store_series *want = evil_by_name(s->benchmark);

	assert_string_equal(s->unit, want->unit);
	assert_string_equal(s->config, want->config);
	assert_true(s->id > 0);
	same_pairs(s, want);
	(*(int *)ctx)++;
	return 0;
}

struct rows {
	size_t n;
	double v[64];
	char commit[8][128];
	char branch[8][128];
	long long time[8];
};

static int
on_row(void *ctx, const char *commit, const char *branch, long long t,
    double value)
{
	struct rows *r = ctx;

	assert_true(r->n < LEN(r->v));
	if (r->n < 8) {
		snprintf(r->commit[r->n], sizeof(r->commit[0]), "%s", commit);
		snprintf(r->branch[r->n], sizeof(r->branch[0]), "%s", branch);
		r->time[r->n] = t;
	}
	r->v[r->n++] = value;
	return 0;
}

static int
on_run(void *ctx, const struct cbs_store_run *r)
{
	struct cbs_store_run want = evil_run();
	const struct cbs_store_series *ws;
	size_t i, j;

	assert_string_equal(r->commit, want.commit);
	assert_string_equal(r->parent, want.parent);
	assert_string_equal(r->branch, want.branch);
	assert_int_equal(r->commit_time, want.commit_time);
	assert_int_equal(r->commit_recorded, want.commit_recorded);
	assert_string_equal(r->content_hash, want.content_hash);
	assert_string_equal(r->source, want.source);
	assert_int_equal(r->recorded_time, want.recorded_time);
	assert_int_equal(r->nseries, LEN(evil_series));
	for (i = 0; i < r->nseries; i++) {
		ws = evil_by_name(r->series[i].benchmark);
		assert_string_equal(r->series[i].unit, ws->unit);
		assert_string_equal(r->series[i].config, ws->config);
		same_pairs(&r->series[i], ws);
		assert_int_equal(r->series[i].nvalues, ws->nvalues);
		for (j = 0; j < ws->nvalues; j++)
			check_bits(r->series[i].values[j], ws->values[j],
			    "each_run value");
	}
	assert_int_equal(r->nunits, LEN(evil_units));
	for (i = 0; i < r->nunits; i++) {
		/* By unit, then key: "B/op" sorts before "sec/op". */
		j = r->nunits - 1 - i;
		assert_string_equal(r->units[i].unit, evil_units[j].unit);
		assert_string_equal(r->units[i].key, evil_units[j].key);
		assert_string_equal(r->units[i].value, evil_units[j].value);
	}
	(*(int *)ctx)++;
	return 0;
}

/* Hostile strings and exact doubles, back through every read. */
static void
test_round_trip(void **state)
{
	struct cbs_history_query q = { .filter = NULL };
	struct cbs_store *s;
	struct rows rows = { .n = 0 };
	char err[512] = "", *v = NULL;
	long long id = -1;
	size_t i;
	int n = 0;

	(void)state;
	record_evil();
	s = open_ok(reader_uri, CBS_HISTORY_READ);
	assert_int_equal(s->ops->begin_read(s, &q, err, sizeof(err)), 0);
	assert_int_equal(s->ops->list_series(s, on_series, &n, err,
	    sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_int_equal(s->ops->find_series(s, evil_series[0].benchmark,
	    evil_series[0].unit, evil_series[0].config, &id, err,
	    sizeof(err)), 0);
	assert_true(id > 0);
	assert_int_equal(s->ops->load_series(s, id, on_row, &rows, err,
	    sizeof(err)), 0);
	assert_int_equal(rows.n, LEN(evil_values));
	for (i = 0; i < rows.n; i++)
		check_bits(rows.v[i], evil_values[i], "load_series value");
	assert_string_equal(rows.commit[0], "c0ffee" EVIL);
	assert_string_equal(rows.branch[0], "feat/<script>" BAD_UTF8);
	assert_int_equal(rows.time[0], 1700000000);
	/* A near miss is no series. */
	assert_int_equal(s->ops->find_series(s, evil_series[0].benchmark,
	    evil_series[0].unit, "key with space=value with space\n", &id,
	    err, sizeof(err)), 0);
	assert_int_equal(id, 0);
	assert_int_equal(s->ops->unit_meta(s, "B/op " BAD_UTF8, "assume", &v,
	    err, sizeof(err)), 0);
	assert_non_null(v);
	assert_string_equal(v, "exact");
	free(v);
	assert_int_equal(s->ops->unit_meta(s, "B/op", "assume", &v, err,
	    sizeof(err)), 0);
	assert_null(v);
	n = 0;
	assert_int_equal(s->ops->each_run(s, on_run, &n, err, sizeof(err)),
	    0);
	assert_int_equal(n, 1);
	assert_int_equal(s->ops->end_read(s, err, sizeof(err)), 0);
	s->ops->close(s);
	/* Every table is still there. */
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM runs"), 1);
}

/* The same run again adds nothing, but fills the commit's blanks. */
static void
test_twice(void **state)
{
	struct cbs_store *s;
	struct cbs_store_run r = evil_run();

	(void)state;
	r.branch = NULL;
	r.commit_time = 0;
	s = open_ok(writer_uri, CBS_HISTORY_WRITE);
	write_ok(s, &r, 1);
	r = evil_run();
	write_ok(s, &r, 0);
	s->ops->close(s);
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM samples"),
	    LEN(evil_values) + LEN(plain_values));
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM commits "
	    "WHERE branch IS NOT NULL AND commit_time = 1700000000"), 1);
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM "
	    "series_config"), LEN(evil_pairs));
}

/* A run of one series, benchmark name, at commit c, time t, on
 * branch b. */
static void
record_named(struct cbs_store *s, const char *name, const char *c,
    const char *b, long long t, double v)
{
	static const struct cbs_store_pair none[1];
	struct cbs_store_series se = { 0, name, "sec/op", "", none, 0, &v,
	    1 };
	struct cbs_store_run r = { .commit = c, .branch = b,
	    .commit_time = t, .commit_recorded = t, .content_hash = c,
	    .source = "f", .recorded_time = t, .series = &se, .nseries = 1 };

	write_ok(s, &r, 1);
}

/* A run of BenchmarkT at commit c, time t, on branch b. */
static void
record_at(struct cbs_store *s, const char *c, const char *b, long long t,
    double v)
{
	record_named(s, "BenchmarkT", c, b, t, v);
}

static size_t
read_query(const struct cbs_history_query *q, struct rows *rows)
{
	struct cbs_store *s = open_ok(reader_uri, CBS_HISTORY_READ);
	char err[512] = "";
	long long id = 0;

	memset(rows, 0, sizeof(*rows));
	assert_int_equal(s->ops->begin_read(s, q, err, sizeof(err)), 0);
	assert_int_equal(s->ops->find_series(s, "BenchmarkT", "sec/op", "",
	    &id, err, sizeof(err)), 0);
	assert_true(id > 0);
	assert_int_equal(s->ops->load_series(s, id, on_row, rows, err,
	    sizeof(err)), 0);
	assert_int_equal(s->ops->end_read(s, err, sizeof(err)), 0);
	s->ops->close(s);
	return rows->n;
}

#define ORDER_LEN 64

/* each_run's order (commits as first recorded, whatever their recorded
 * times): the commits of the runs (ctx, ORDER_LEN bytes). */
static int
on_run_order(void *ctx, const struct cbs_store_run *r)
{
	char *order = ctx;

	strncat(order, r->commit, ORDER_LEN - strlen(order) - 1);
	assert_int_equal(r->nseries, 1);
	assert_int_equal(r->series[0].nvalues, 1);
	return 0;
}

/* Branch, exclude and last select the commits the SQLite store does. */
static void
test_query(void **state)
{
	struct cbs_history_query q = { .filter = NULL };
	struct cbs_store *s = open_ok(writer_uri, CBS_HISTORY_WRITE);
	struct rows rows;
	char err[512] = "", order[ORDER_LEN] = "";

	(void)state;
	record_at(s, "a1", "main", 100, 1);
	record_at(s, "a2", "main", 300, 2);
	record_at(s, "b1", "dev", 200, 3);
	record_at(s, "a3", "main", 250, 4);
	s->ops->close(s);
	assert_int_equal(read_query(&q, &rows), 4);
	assert_string_equal(rows.commit[0], "a2");
	assert_string_equal(rows.commit[1], "a3");
	assert_string_equal(rows.commit[2], "b1");
	assert_string_equal(rows.commit[3], "a1");
	q.branch = "main";
	assert_int_equal(read_query(&q, &rows), 3);
	q.exclude = "a2";
	assert_int_equal(read_query(&q, &rows), 2);
	assert_string_equal(rows.commit[0], "a3");
	q.last = 1;
	assert_int_equal(read_query(&q, &rows), 1);
	assert_string_equal(rows.commit[0], "a3");
	q.branch = NULL;
	q.exclude = NULL;
	q.last = 2;
	assert_int_equal(read_query(&q, &rows), 2);
	assert_string_equal(rows.commit[0], "a2");
	assert_string_equal(rows.commit[1], "a3");
	assert_string_equal(rows.branch[1], "main");
	assert_int_equal(rows.time[1], 250);
	s = open_ok(reader_uri, CBS_HISTORY_READ);
	assert_int_equal(s->ops->begin_read(s, &q, err, sizeof(err)), 0);
	assert_int_equal(s->ops->each_run(s, on_run_order, order, err,
	    sizeof(err)), 0);
	assert_int_equal(s->ops->end_read(s, err, sizeof(err)), 0);
	s->ops->close(s);
	assert_string_equal(order, "a1a2b1a3");
}

/* A role that may only read: its record fails whole, its reads work. */
static void
test_reader_role(void **state)
{
	struct cbs_history_query q = { .filter = NULL };
	struct cbs_store *s;
	struct cbs_store_run r = evil_run();
	char err[512] = "";
	int added = -1, n = 0;

	(void)state;
	record_evil();
	s = open_ok(reader_uri, CBS_HISTORY_WRITE);
	r.commit = "another";
	assert_int_equal(s->ops->write_run(s, &r, &added, err, sizeof(err)),
	    CBS_EIO);
	assert_int_equal(added, 0);
	assert_string_equal(err, "record: permission denied for table "
	    "commits");
	assert_int_equal(s->ops->begin_read(s, &q, err, sizeof(err)), 0);
	assert_int_equal(s->ops->list_series(s, on_series, &n, err,
	    sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_int_equal(s->ops->end_read(s, err, sizeof(err)), 0);
	s->ops->close(s);
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM commits"),
	    1);
	/* Opened to read, it does not even try. */
	s = open_ok(reader_uri, CBS_HISTORY_READ);
	assert_int_not_equal(s->ops->write_run(s, &r, &added, err,
	    sizeof(err)), 0);
	s->ops->close(s);
}

static void
open_fails(const char *uri, int mode, const char *want)
{
	struct cbs_store *s = NULL;
	char err[512] = "";

	assert_int_not_equal(cbs_store_pg_open(uri, mode, &s, err,
	    sizeof(err)), 0);
	assert_null(s);
	if (strstr(err, want) == NULL) {
		print_error("got \"%s\", want \"%s\"\n", err, want);
		fail();
	}
}

/* No history, a newer one, another application's: refused. */
static void
test_refused(void **state)
{
	PGconn *c;

	(void)state;
	open_fails(reader_uri, CBS_HISTORY_READ, "open: no cbenchstat "
	    "history in this database (nothing recorded yet)");
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM "
	    "pg_tables WHERE tablename = 'cbs_meta'"), 0);
	record_evil();
	c = raw(writer_uri);
	sql(c, "UPDATE cbs_meta SET value = '4' WHERE key = "
	    "'schema_version'");
	open_fails(writer_uri, CBS_HISTORY_WRITE, "schema version 4 is "
	    "newer than this cbenchstat's (3); not touching it");
	open_fails(reader_uri, CBS_HISTORY_READ, "schema version 4 is "
	    "newer than this cbenchstat's (3); not touching it");
	sql(c, "UPDATE cbs_meta SET value = '3' WHERE key = "
	    "'schema_version'; UPDATE cbs_meta SET value = 'other' WHERE "
	    "key = 'application'");
	open_fails(writer_uri, CBS_HISTORY_WRITE, "not a cbenchstat history");
	PQfinish(c);
	open_fails("postgresql:///nodb?host=/nonexistent/dir&user=x"
	    "&password=sekrit99", CBS_HISTORY_READ, "connect: ");
}

/* Messages never hold the password, whatever libpq says. */
static void
test_no_password(void **state)
{
	char uri[1024], err[512] = "";
	struct cbs_store *s = NULL;

	(void)state;
	snprintf(uri, sizeof(uri), "%s&password=sekrit99&dbname=no_such_db",
	    writer_uri);
	assert_int_equal(cbs_store_pg_open(uri, CBS_HISTORY_READ, &s, err,
	    sizeof(err)), CBS_EIO);
	assert_non_null(strstr(err, "connect: "));
	assert_non_null(strstr(err, "no_such_db"));
	assert_null(strstr(err, "sekrit99"));
	/* libpq's parse error quotes the text after the space: "rit99". */
	assert_int_not_equal(cbs_store_pg_open("host=/tmp password=sek "
	    "rit99 dbname=x", CBS_HISTORY_READ, &s, err, sizeof(err)), 0);
	assert_null(strstr(err, "rit99"));
	assert_non_null(strstr(err, "connect: "));
}

/* A string with a NUL, which no cbenchstat wrote, is an error. */
static void
test_nul(void **state)
{
	struct cbs_history_query q = { .filter = NULL };
	struct cbs_store *s;
	char err[512] = "";
	PGconn *c;
	int n = 0;

	(void)state;
	record_evil();
	c = raw(writer_uri);
	sql(c, "INSERT INTO series (benchmark, unit, config) VALUES "
	    "('\\x610062'::bytea, 'x', '')");
	PQfinish(c);
	s = open_ok(reader_uri, CBS_HISTORY_READ);
	assert_int_equal(s->ops->begin_read(s, &q, err, sizeof(err)), 0);
	assert_int_equal(s->ops->list_series(s, on_series, &n, err,
	    sizeof(err)), CBS_EPARSE);
	assert_non_null(strstr(err, "NUL"));
	assert_int_equal(s->ops->end_read(s, err, sizeof(err)), 0);
	s->ops->close(s);
}

/* The server drops the connection: an error, nothing half written. */
static void
test_dropped(void **state)
{
	struct cbs_store *s;
	struct cbs_store_run r = evil_run();
	char err[512] = "";
	PGconn *c;
	int added = -1;

	(void)state;
	s = open_ok(writer_uri, CBS_HISTORY_WRITE);
	c = raw(getenv("PGTMP_ADMIN_URI"));
	sql(c, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
	    "WHERE application_name = 'cbenchstat'");
	PQfinish(c);
	assert_int_equal(s->ops->write_run(s, &r, &added, err, sizeof(err)),
	    CBS_EIO);
	assert_int_equal(added, 0);
	assert_non_null(strstr(err, "record: "));
	assert_null(strchr(err, '\n'));
	s->ops->close(s);
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM commits"),
	    0);
}

enum { BIG_NS = 900, BIG_NV = 100 };

/* A run of 90,000 values: 900 series of 100, value (i * 100 + j) / 7. */
static struct cbs_store_run
big_run(void)
{
	static struct cbs_store_series se[BIG_NS];
	static double v[BIG_NS][BIG_NV];
	static char names[BIG_NS][32];
	struct cbs_store_run r = evil_run();
	size_t i, j;

	for (i = 0; i < BIG_NS; i++) {
		snprintf(names[i], sizeof(names[i]), "BenchmarkBig%zu", i);
		for (j = 0; j < BIG_NV; j++)
			v[i][j] = (double)(i * BIG_NV + j) / 7.0;
		se[i] = (struct cbs_store_series){ 0, names[i], "sec/op", "",
		    NULL, 0, v[i], BIG_NV };
	}
	r.series = se;
	r.nseries = BIG_NS;
	return r;
}

/*
 * The user's statement_timeout is kept, not raised to the 300 s given
 * when there is none: a record waiting for a lock is cancelled at 0.2 s.
 */
static void
test_user_timeout(void **state)
{
	struct cbs_store *s;
	struct cbs_store_run r = evil_run();
	char uri[1024], err[512] = "";
	PGconn *c;
	int added = -1;

	(void)state;
	record_evil();
	snprintf(uri, sizeof(uri), "%s&options=-c%%20statement_timeout%%3D200",
	    writer_uri);
	s = open_ok(uri, CBS_HISTORY_WRITE);
	c = raw(writer_uri);
	sql(c, "BEGIN; LOCK TABLE commits IN EXCLUSIVE MODE");
	r.commit = "slow";
	/* Should the 300 s replace it, fail in 20 s, not wait for them. */
	alarm(20);
	assert_int_equal(s->ops->write_run(s, &r, &added, err, sizeof(err)),
	    CBS_EIO);
	alarm(0);
	assert_string_equal(err, "record: canceling statement due to "
	    "statement timeout");
	sql(c, "ROLLBACK");
	PQfinish(c);
	s->ops->close(s);
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM commits"),
	    1);
}

/* 90,000 values in one record, quickly. */
static void
test_big(void **state)
{
	struct cbs_store_run r = big_run();
	struct cbs_store *s;
	struct timespec t0, t1;
	double secs;

	(void)state;
	s = open_ok(writer_uri, CBS_HISTORY_WRITE);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	write_ok(s, &r, 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s->ops->close(s);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("90,000 values recorded in %.3f s\n", secs);
	/* About 0.4 s on the loaded 2-core machine; slack for worse. */
	assert_true(secs < 5.0);
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM samples"),
	    BIG_NS * BIG_NV);
	/* Each value where it belongs, exactly: (i * 100 + j) / 7. */
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM samples s "
	    "JOIN series se ON se.id = s.series_id WHERE s.value = "
	    "(substr(convert_from(se.benchmark, 'UTF8'), 13)::int * 100 + "
	    "s.seq)::float8 / 7"), BIG_NS * BIG_NV);
}

/* Child i of test_concurrent: connect, wait at the gate, record. */
static void
writer_child(int i, int gate, int ns)
{
	struct cbs_store_series se[200];
	struct cbs_store_run r = evil_run();
	struct cbs_store *s = NULL;
	char names[200][32], commit[32], hash[32], err[512], c;
	double v[3] = { 1, 2, 3 };
	int k, n, added = 0;

	for (k = 0; k < ns; k++) {
		/* Half of them name the series in the reverse order. */
		n = i % 2 ? ns - 1 - k : k;
		snprintf(names[k], sizeof(names[k]), "BenchmarkC%03d", n);
		se[k] = (struct cbs_store_series){ 0, names[k], "sec/op", "",
		    evil_pairs, LEN(evil_pairs), v, 3 };
	}
	snprintf(commit, sizeof(commit), "commit%d", i % 3);
	snprintf(hash, sizeof(hash), "%d", i);
	r.commit = commit;
	r.source = commit;
	r.content_hash = hash;
	r.series = se;
	r.nseries = (size_t)ns;
	r.nunits = 0;
	if (cbs_store_pg_open(writer_uri, CBS_HISTORY_WRITE, &s, err,
	    sizeof(err)) != 0) {
		fprintf(stderr, "process %d: %s\n", i, err);
		_exit(1);
	}
	if (read(gate, &c, 1) != 1)
		_exit(1);
	if (s->ops->write_run(s, &r, &added, err, sizeof(err)) != 0 ||
	    added != 1) {
		fprintf(stderr, "process %d: %s\n", i, err);
		_exit(1);
	}
	s->ops->close(s);
	_exit(0);
}

/*
 * Eight processes record distinct runs of the same new series (half in
 * the reverse order) at the same moment: none fails (no deadlock, no
 * duplicate key), nothing is lost, no series is made twice.
 */
static void
test_concurrent(void **state)
{
	enum { NP = 8, NS = 200 };
	pid_t pid[NP];
	int gate[2], i, st;

	(void)state;
	record_evil();	/* the schema; the series race below */
	assert_int_equal(pipe(gate), 0);
	for (i = 0; i < NP; i++) {
		assert_true((pid[i] = fork()) >= 0);
		if (pid[i] == 0) {
			close(gate[1]);
			writer_child(i, gate[0], NS);
		}
	}
	close(gate[0]);
	usleep(300000);
	for (i = 0; i < NP; i++)
		assert_int_equal(write(gate[1], "x", 1), 1);
	close(gate[1]);
	for (i = 0; i < NP; i++) {
		assert_int_equal(waitpid(pid[i], &st, 0), pid[i]);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM runs"),
	    NP + 1);
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM series "
	    "WHERE benchmark LIKE 'BenchmarkC%'::bytea"), NS);
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM "
	    "series_config"), (NS + 1) * LEN(evil_pairs));
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM samples"),
	    NP * NS * 3 + LEN(evil_values) + LEN(plain_values));
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM commits"),
	    4);
}

/* Eight first records at once into a database with no schema yet. */
static void
test_concurrent_schema(void **state)
{
	enum { NP = 8 };
	pid_t pid[NP];
	int i, st;

	(void)state;
	for (i = 0; i < NP; i++) {
		assert_true((pid[i] = fork()) >= 0);
		if (pid[i] == 0) {
			struct cbs_store *s = NULL;
			struct cbs_store_run r = evil_run();
			char hash[32], err[512];
			int added = 0;

			snprintf(hash, sizeof(hash), "%d", i);
			r.content_hash = hash;
			if (cbs_store_pg_open(writer_uri, CBS_HISTORY_WRITE,
			    &s, err, sizeof(err)) != 0 ||
			    s->ops->write_run(s, &r, &added, err,
			    sizeof(err)) != 0 || added != 1) {
				fprintf(stderr, "process %d: %s\n", i, err);
				_exit(1);
			}
			s->ops->close(s);
			_exit(0);
		}
	}
	for (i = 0; i < NP; i++) {
		assert_int_equal(waitpid(pid[i], &st, 0), pid[i]);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM runs"), NP);
	assert_int_equal(count(writer_uri, "SELECT count(*) FROM series"),
	    LEN(evil_series));
}

/* Open target on the back end pg says (1: PostgreSQL, 0: SQLite). */
static struct cbs_store *
open_on(int pg, const char *target, int mode)
{
	struct cbs_store *s = NULL;
	char err[512] = "";
	int rc;

	rc = pg ? cbs_store_pg_open(target, mode, &s, err, sizeof(err)) :
	    cbs_store_sqlite_open(target, mode, &s, err, sizeof(err));
	if (rc != 0) {
		print_error("open %s: %s\n", target, err);
		fail();
	}
	return s;
}

/* How many rows of series name the read of s gives (0: no series). */
static size_t
rows_of(struct cbs_store *s, const char *name)
{
	struct rows rows = { .n = 0 };
	char err[512] = "";
	long long id = -1;

	assert_int_equal(s->ops->find_series(s, name, "sec/op", "", &id, err,
	    sizeof(err)), 0);
	if (id == 0)
		return 0;
	assert_int_equal(s->ops->load_series(s, id, on_row, &rows, err,
	    sizeof(err)), 0);
	return rows.n;
}

static int
count_run(void *ctx, const struct cbs_store_run *r)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

/*
 * One read, one snapshot (store.h, begin_read; the gate reads its
 * baseline in one): runs another connection records after the read's
 * first query are in none of its answers, on either back end; the next
 * read has them.
 */
static void
snapshot_on(int pg, const char *wtarget, const char *rtarget)
{
	struct cbs_history_query q = { .filter = NULL };
	struct cbs_store *w = open_on(pg, wtarget, CBS_HISTORY_WRITE);
	struct cbs_store *r;
	char err[512] = "";
	int runs = 0;

	record_at(w, "a1", "main", 100, 1);
	r = open_on(pg, rtarget, CBS_HISTORY_READ);
	assert_int_equal(r->ops->begin_read(r, &q, err, sizeof(err)), 0);
	assert_int_equal(rows_of(r, "BenchmarkT"), 1);
	record_at(w, "a2", "main", 200, 2);
	record_named(w, "BenchmarkU", "a3", "main", 300, 3);
	assert_int_equal(rows_of(r, "BenchmarkT"), 1);
	assert_int_equal(rows_of(r, "BenchmarkU"), 0);
	assert_int_equal(r->ops->each_run(r, count_run, &runs, err,
	    sizeof(err)), 0);
	assert_int_equal(runs, 1);
	assert_int_equal(r->ops->end_read(r, err, sizeof(err)), 0);
	assert_int_equal(r->ops->begin_read(r, &q, err, sizeof(err)), 0);
	assert_int_equal(rows_of(r, "BenchmarkT"), 2);
	assert_int_equal(rows_of(r, "BenchmarkU"), 1);
	assert_int_equal(r->ops->end_read(r, err, sizeof(err)), 0);
	r->ops->close(r);
	w->ops->close(w);
}

static void
test_snapshot_pg(void **state)
{
	(void)state;
	snapshot_on(1, writer_uri, reader_uri);
}

/* The same on a SQLite file (a writer beside a reader's snapshot). */
static void
test_snapshot_sqlite(void **state)
{
	char dir[] = "/tmp/test_store_snapshot.XXXXXX", path[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/h.db", dir);
	snapshot_on(0, path, path);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_round_trip, drop_all),
		cmocka_unit_test_setup(test_twice, drop_all),
		cmocka_unit_test_setup(test_query, drop_all),
		cmocka_unit_test_setup(test_reader_role, drop_all),
		cmocka_unit_test_setup(test_refused, drop_all),
		cmocka_unit_test_setup(test_no_password, drop_all),
		cmocka_unit_test_setup(test_nul, drop_all),
		cmocka_unit_test_setup(test_dropped, drop_all),
		cmocka_unit_test_setup(test_big, drop_all),
		cmocka_unit_test_setup(test_user_timeout, drop_all),
		cmocka_unit_test_setup(test_concurrent, drop_all),
		cmocka_unit_test_setup(test_concurrent_schema, drop_all),
		cmocka_unit_test_setup(test_snapshot_pg, drop_all),
	};
	/* The SQLite side of the back ends' shared promises: no server. */
	const struct CMUnitTest sqlite_tests[] = {
		cmocka_unit_test(test_snapshot_sqlite),
	};
	int rc;

	rc = cmocka_run_group_tests_name("sqlite", sqlite_tests, NULL, NULL);
	writer_uri = getenv("PGTMP_URI");
	reader_uri = getenv("PGTMP_READER_URI");
	if (writer_uri == NULL || reader_uri == NULL ||
	    getenv("PGTMP_ADMIN_URI") == NULL) {
		printf("SKIP: test_store_pg needs a server: "
		    "sh tests/pgtmp.sh run %s\n", "build/tests/test_store_pg");
		return rc;
	}
	return rc | cmocka_run_group_tests_name("postgresql", tests, NULL,
	    NULL);
}
