/*
 * regex_pcre2.h: a Go regexp rewritten for PCRE2, the fuzz harness's
 * reference engine (fuzz_regex.c), from the library's parse of it.
 */
#ifndef FUZZ_REGEX_PCRE2_H
#define FUZZ_REGEX_PCRE2_H

#include <stddef.h>

#include "base/base.h"
#include "query/regex.h"

/* The pattern being written (for PCRE2_UTF, NEWLINE_LF, ALT_CIRCUMFLEX). */
struct pcre2_pattern {
	struct cbs_sbuf out;
	size_t atom_start;	/* the start of the last item in out */
	int atom_group;		/* it is one group already */
	size_t *opens;		/* the start of each open group */
	size_t nopens, capopens;
	struct cbs_sbuf cls;	/* the items of the class being read */
	int cls_neg;
	int cls_caseless;	/* a literal range to fold: PCRE2 does it */
	size_t cls_items;
	int nomem;
};

/* Start p and set v to write into it. */
void pcre2_pattern_init(struct pcre2_pattern *p,
    struct cbs_goregexp_visitor *v);
/* @return the NUL-ended pattern, or NULL when out of memory. */
const char *pcre2_pattern_text(const struct pcre2_pattern *p, size_t *len);
void pcre2_pattern_fini(struct pcre2_pattern *p);

#endif /* FUZZ_REGEX_PCRE2_H */
