/*
 * history/store.h: the history's storage interface, and its two back
 * ends: store_sqlite.c (one file) and store_pg.c (a PostgreSQL server,
 * through libpq).  Everything else in history/ (history_db.c: runs read
 * into series, series read back and filtered; history.c: reports and
 * the gate) is written once against this interface, so the same records
 * give the same answers on both.
 *
 * Schema 3 (both back ends; cbenchstat(1), HISTORY DATABASE):
 *
 *	commits(id, hash UNIQUE, branch, commit_time, recorded_time, parent)
 *	runs(id, commit_id -> commits, content_hash, source, recorded_time,
 *	     UNIQUE(commit_id, content_hash))
 *	series(id, benchmark, unit, config UNIQUE(benchmark, unit, config))
 *	series_config(series_id -> series, seq, key, value,
 *	     PRIMARY KEY(series_id, seq))
 *	samples(series_id -> series, run_id -> runs, seq, value,
 *	     PRIMARY KEY(series_id, run_id, seq))
 *	run_units(run_id -> runs, unit, key, value,
 *	     PRIMARY KEY(run_id, unit, key))
 *
 * series.config is the configuration's key (cbs_history_config_text:
 * one "key=value" line per pair, escaped), series_config its pairs
 * exactly as read; run_units the run's "Unit" metadata (better=,
 * assume=).  content_hash is the SHA-256 of the run's bytes in hex
 * (runs recorded by schema 2 keep their older hash, recognised through
 * legacy_hash).
 *
 * Strings are bytes: a back end stores and returns them unchanged,
 * whatever their encoding, and compares them bytewise.  Every value
 * reaches the database as a bound parameter, never as SQL text.
 */
#ifndef CBS_HISTORY_STORE_H
#define CBS_HISTORY_STORE_H

#include <stddef.h>

#include "cbenchstat.h"

/* A configuration pair of a series. */
struct cbs_store_pair {
	const char *key;
	const char *value;
};

/* A series of a run to store, or of the store to read. */
struct cbs_store_series {
	long long id;		/* the store's id (reading), else 0 */
	const char *benchmark;
	const char *unit;
	const char *config;	/* its key: cbs_history_config_text */
	const struct cbs_store_pair *pairs;
	size_t npairs;
	const double *values;	/* writing: the run's values, in order */
	size_t nvalues;
};

/* A "Unit" metadata line of a run: unit, key (better, assume), value. */
struct cbs_store_unit {
	const char *unit;
	const char *key;
	const char *value;
};

/* A run to store, whole, in one transaction. */
struct cbs_store_run {
	const char *commit;	/* commit id, required */
	const char *parent;	/* NULL or "": unknown */
	const char *branch;	/* NULL or "": unknown */
	long long commit_time;	/* 0: unknown */
	long long commit_recorded;	/* when the commit was first recorded */
	const char *content_hash;
	const char *legacy_hash;	/* schema 2's hash of the same bytes, or
					 * NULL: a run of the commit with it is
					 * this run too */
	const char *source;
	long long recorded_time;	/* of the run */
	const struct cbs_store_series *series;
	size_t nseries;
	const struct cbs_store_unit *units;
	size_t nunits;
};

/*
 * One sample row of a series read back, newest commit first (commit or
 * else recorded time, then the commit's insertion order, descending),
 * then by run and seq.  @return 0 to go on, 1 to stop (no error), or a
 * negative enum cbs_error.
 */
typedef int (*cbs_store_row_fn)(void *ctx, const char *commit,
    const char *branch, long long time, double value);

/* A series of the store (its values NULL), for the read's list. */
typedef int (*cbs_store_series_fn)(void *ctx,
    const struct cbs_store_series *s);

/* A run of the store, whole (for copying). */
typedef int (*cbs_store_run_fn)(void *ctx, const struct cbs_store_run *r);

struct cbs_store;

/*
 * A back end's operations; each error @returns a negative enum cbs_error
 * with a message in err (never holding a password).
 */
struct cbs_store_ops {
	const char *name;	/* "SQLite", "PostgreSQL" */
	void (*close)(struct cbs_store *s);
	/*
	 * Store r in one transaction: all of it, or (on any error) none.
	 * *added = 0 when the commit already has a run of this content
	 * (content_hash, or legacy_hash) (then nothing is written but a
	 * commit's missing fields).
	 */
	int (*write_run)(struct cbs_store *s, const struct cbs_store_run *r,
	    int *added, char *err, size_t errlen);
	/*
	 * Begin a read: one snapshot until end_read, the query's branch,
	 * exclude and last applied to every load_series (with last, the
	 * last commits are chosen once, here).  q's strings are the
	 * caller's, valid until end_read.
	 */
	int (*begin_read)(struct cbs_store *s,
	    const struct cbs_history_query *q, char *err, size_t errlen);
	/* Each series with its pairs (in seq order), in any order. */
	int (*list_series)(struct cbs_store *s, cbs_store_series_fn fn,
	    void *ctx, char *err, size_t errlen);
	/* The id of series (benchmark, unit, config), or 0 when none. */
	int (*find_series)(struct cbs_store *s, const char *benchmark,
	    const char *unit, const char *config, long long *id, char *err,
	    size_t errlen);
	/* The rows of series id the read's query selects. */
	int (*load_series)(struct cbs_store *s, long long id,
	    cbs_store_row_fn fn, void *ctx, char *err, size_t errlen);
	/*
	 * The value of unit's metadata key ("better", "assume") from the
	 * newest recorded run (by recorded time, then insertion) that
	 * declares it, into *value (malloc'd, the caller frees it), or NULL
	 * when none does.
	 */
	int (*unit_meta)(struct cbs_store *s, const char *unit,
	    const char *key, char **value, char *err, size_t errlen);
	/* End the read; an error when its snapshot was not kept. */
	int (*end_read)(struct cbs_store *s, char *err, size_t errlen);
	/*
	 * Each run, inside a read, in the order of its commit's insertion,
	 * then its own: a copy made in this order keeps the order of
	 * commits that share a time (the series' tie-break), whatever the
	 * clocks of the machines that recorded them said.
	 */
	int (*each_run)(struct cbs_store *s, cbs_store_run_fn fn, void *ctx,
	    char *err, size_t errlen);
};

/* A back end's connection: its operations first, its own state after. */
struct cbs_store {
	const struct cbs_store_ops *ops;
	int reader;		/* opened to read: never written */
};

/*
 * Open target as the back end it names (cbs_history_is_server): mode as
 * cbs_history_open.  @return 0 with *out, or an error with a message.
 */
int cbs_store_sqlite_open(const char *path, int mode, struct cbs_store **out,
    char *err, size_t errlen);
int cbs_store_pg_open(const char *conninfo, int mode, struct cbs_store **out,
    char *err, size_t errlen);

/*
 * conninfo as it may be shown: rebuilt as a keyword string from libpq's
 * own reading of it, "password" and "sslpassword" as "***"; one libpq
 * cannot read is "(a PostgreSQL connection string)".  @return 0 or
 * CBS_ENOMEM (buf then says only that).
 */
int cbs_store_pg_shown(const char *conninfo, char *buf, size_t len);

/* The SHA-256 of data[0..len) in lowercase hex.  @return 0 or
 * CBS_ENOMEM. */
int cbs_store_sha256_hex(const void *data, size_t len, char out[65]);
/* Schema 2's content hash of data[0..len), in hex. */
void cbs_store_legacy_hex(const void *data, size_t len, char out[33]);

#endif /* CBS_HISTORY_STORE_H */
