/*
 * history/history.h: the history's change points as the history reports
 * and gate read them.  (history_db.h: the SQLite store; history_html.h:
 * the HTML page.) Private to the library and its tests: only
 * include/cbenchstat.h is installed.
 */
#ifndef CBS_HISTORY_H
#define CBS_HISTORY_H

#include "base/base.h"

/* @return whether a change of this sign is worse for the unit
 * (changepoint.c; higher is worse when the direction is unknown). */
int cbs_history_is_worse(const char *unit, double estimate);
/* @return "step" or "creep". */
const char *cbs_history_kind_name(const struct cbs_history_change *c);

#endif /* CBS_HISTORY_H */
