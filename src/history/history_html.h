/*
 * history_html.h: what history.c hands the history page (history_html.c):
 * each series with its per-commit summaries and its changes, in the
 * store's order; the page is written at the end, when the order of its
 * charts is known.
 */
#ifndef CBS_HISTORY_HTML_H
#define CBS_HISTORY_HTML_H

#include <stdio.h>

#include "cbenchstat.h"

/* One commit of a series summarised: its median and that's interval. */
struct cbs_history_summary {
	double median, lo, hi, conf;
	size_t n;
};

struct cbs_history_html;

/*
 * A page for out, with the change search's settings co (its family as
 * the report set it) and the query q (both shown on the page, q borrowed
 * until cbs_history_html_end).  @return 0 or CBS_ENOMEM.
 */
int cbs_history_html_new(FILE *out, const struct cbs_history_change_opts *co,
    const struct cbs_history_query *q, struct cbs_history_html **hh);
/* Add one series: sum[s->ncommits], ch[nch] in commit order.
 * @return 0 or CBS_ENOMEM. */
int cbs_history_html_series(struct cbs_history_html *hh,
    const struct cbs_history_series *s, const struct cbs_history_summary *sum,
    const struct cbs_history_change *ch, size_t nch);
/* Write the whole page to out.  @return 0, CBS_ENOMEM or CBS_EIO. */
int cbs_history_html_end(struct cbs_history_html *hh);
/* Accepts NULL. */
void cbs_history_html_free(struct cbs_history_html *hh);

#endif /* CBS_HISTORY_HTML_H */
