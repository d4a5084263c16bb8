/*
 * history/history.h: the history's change points as the history reports
 * and gate read them.  (history_db.h: the store; store.h: its back
 * ends; history_html.h: the HTML page.) Private to the library and its
 * tests: only include/cbenchstat.h is installed.
 */
#ifndef CBS_HISTORY_H
#define CBS_HISTORY_H

#include "base/base.h"

/* @return whether a change of this sign is worse for a unit whose
 * better direction is better (enum cbs_better; changepoint.c; higher is
 * worse when the direction is unknown). */
int cbs_history_is_worse(int better, double estimate);
/* @return "step" or "creep". */
const char *cbs_history_kind_name(const struct cbs_history_change *c);

#endif /* CBS_HISTORY_H */
