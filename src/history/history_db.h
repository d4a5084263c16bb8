/*
 * history_db.h: what history.c uses of the history store (history_db.c)
 * beyond the public API: one series by its exact key, and the key of a
 * configuration (config_key.c).  The back ends are behind store.h.
 */
#ifndef CBS_HISTORY_DB_H
#define CBS_HISTORY_DB_H

#include <stddef.h>

#include "base/base.h"

/*
 * The key of r's file configuration (config_key.c): "key=value" lines
 * in file order, escaped, in *buf (grown with cbs_grow, the caller frees
 * it).  @return 0 or CBS_ENOMEM.
 */
int cbs_history_config_text(const struct cbs_result *r, char **buf,
    size_t *cap, size_t *len);
/*
 * The key of r's series: its name, a line feed, its configuration's key,
 * interned in strings; *cfg is scratch (grown with cbs_grow, the caller
 * frees it), *clen the configuration key's length.  @return the key, or
 * NULL when out of memory.
 */
const char *cbs_history_series_key(struct cbs_intern *strings,
    const struct cbs_result *r, char **cfg, size_t *capcfg, size_t *clen);
/* Append the pair key=value to the configuration key in b. */
void cbs_history_config_add(struct cbs_sbuf *b, const char *key,
    const char *value);
/* A configuration key shown as "key=value key=value" (malloc'd), or
 * NULL when out of memory. */
char *cbs_history_config_shown(const char *key);

/*
 * A read transaction around many lookups, one snapshot for all, with
 * the query q (its filter ignored; with q->last, the last commits of
 * the branch are chosen once).  @return 0, CBS_EIO or CBS_ENOMEM.  The
 * end @return 0, or CBS_EIO when the snapshot was not kept (a SQLite
 * file read without locks changed meanwhile), with a message in err.
 */
int cbs_history_begin_read(struct cbs_history *h,
    const struct cbs_history_query *q, char *err, size_t errlen);
int cbs_history_end_read(struct cbs_history *h, char *err, size_t errlen);

/*
 * Between begin and end: call fn once with the series
 * benchmark[0..blen), unit, config (as cbs_history_config_text makes
 * it), if it is stored and the query leaves it a commit.
 * @return 0, CBS_EINVAL (no read begun), CBS_EIO, CBS_ENOMEM or what fn
 * returned.
 */
int cbs_history_lookup(struct cbs_history *h, const char *benchmark,
    size_t blen, const char *unit, const char *config,
    cbs_history_series_fn fn, void *ctx, char *err, size_t errlen);

#endif /* CBS_HISTORY_DB_H */
