/*
 * query/query.h: selecting and keying results: key extraction,
 * benchmark-name parts, -filter queries, and the syntax of projections.
 * (query_lex.h: the lexer; regex.h: Go regexps; projection.h: projections'
 * semantics.) Private to the library and its tests: only
 * include/cbenchstat.h is installed.
 */
#ifndef CBS_QUERY_H
#define CBS_QUERY_H

#include "base/base.h"

/* Name parts (upstream benchfmt.Name). */
/* @return the length of the base name: up to the first '/', or without
 * the "-N" GOMAXPROCS suffix. */
size_t cbs_name_base_len(const char *name, size_t len);
/* @return the length of the name without a trailing "-N" suffix. */
size_t cbs_name_strip_procs_len(const char *name, size_t len);

/*
 * Extract the value of key from a result (upstream benchproc extractors):
 * ".name", ".fullname", "/subkey" ("/gomaxprocs" reads the "-N" suffix)
 * or a file configuration key.  ".file" is a configuration key too.
 * @return the value's length; *val points into r or static storage
 * ("" when absent).
 */
size_t cbs_extract(const struct cbs_result *r, const char *key,
    const char **val);

/*
 * A parsed -filter query (upstream benchproc filter syntax).
 */
struct cbs_filter;

/*
 * Parse a -filter query.  On a syntax error, err gets upstream's message
 * (with the query and a caret line) and CBS_EINVAL is returned.
 * @return 0 or a negative enum cbs_error.
 */
int cbs_filter_parse(const char *query, struct cbs_filter **out,
    char *err, size_t errlen) CBS_WUR;
void cbs_filter_free(struct cbs_filter *f);

/*
 * Apply a filter to r.  keep[i] is set to 1 for each value of r that the
 * filter keeps (.unit terms select values) and 0 otherwise.
 * @return 1 if r passes: at least one value is kept (a result without
 * values passes when the filter matches it as a whole), 0 if not, or
 * CBS_ENOMEM when a regexp could not answer (keep is then undefined).
 * Safe to call on one filter from several threads at once.
 */
int cbs_filter_apply(const struct cbs_filter *f, const struct cbs_result *r,
    unsigned char *keep) CBS_WUR;
/*
 * The message for an error rc of cbs_filter_apply on the -filter query:
 * it names the flag and the query, so that a user can tell a benchmark
 * was not silently dropped.
 */
void cbs_filter_error(const char *query, int rc, char *err, size_t errlen);
/* The same, whole, malloc'd (NULL when out of memory). */
char *cbs_filter_error_dup(const char *query, int rc);

/* One field of a projection expression such as "/size@num". */
struct cbs_proj_field {
	char *key;		/* ".name", "/size", "goos", ".config" ... */
	size_t key_off;		/* byte offset of key in the expression */
	char *order;		/* "first", "alpha", "num", "fixed", ... */
	size_t order_off;
	char **fixed;		/* values of a fixed order "@(a b)" */
	size_t nfixed, capfixed;
};

/*
 * Parse a -table/-row/-col/-ignore expression into fields (syntax only).
 * @return 0, CBS_ENOMEM, or CBS_EINVAL with upstream's message in err.
 */
int cbs_projection_parse(const char *expr, struct cbs_proj_field **fields,
    size_t *nfields, char *err, size_t errlen) CBS_WUR;
void cbs_projection_fields_free(struct cbs_proj_field *fields, size_t n);

/*
 * Format upstream's syntax error: "syntax error at offset ..." style
 * message with the query and a caret line, into err.
 */
void cbs_syntax_error(char *err, size_t errlen, const char *query,
    size_t off, const char *msg);

#endif /* CBS_QUERY_H */
