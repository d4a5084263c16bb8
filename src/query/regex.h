/*
 * regex.h: the parts behind the -filter regexps of query_lex.h, private to
 * regex.c, regex_go.c and regex_re2.cc (and the regex fuzz harness):
 * Go's regexp syntax (regex_go.c) and the RE2 engine (regex_re2.cc, the
 * library's one C++ file, hence the C linkage).
 */
#ifndef CBS_REGEX_H
#define CBS_REGEX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A Go regexp as the two engines read it; each pattern is NUL-ended. */
struct cbs_goregexp {
	char *re2;		/* for RE2: the expression, barely rewritten */
	size_t re2_len;
	char *pcre2;		/* for PCRE2 (UTF, NEWLINE_LF, ALT_CIRCUMFLEX):
				 * the fuzz harness's reference */
	size_t pcre2_len;
};

/*
 * Check the Go regexp expr[0..len) as Go's regexp/syntax does and fill
 * out.  @return 0, CBS_ENOMEM, or CBS_EINVAL with Go's message in *msg,
 * which the caller frees.
 */
int cbs_goregexp_translate(const char *expr, size_t len,
    struct cbs_goregexp *out, char **msg);
void cbs_goregexp_fini(struct cbs_goregexp *g);
/* Go's message for an internal error on expr[0..len), or NULL. */
char *cbs_goregexp_internal_error(const char *expr, size_t len);

struct cbs_re2;

/* The C++ side does not see cbenchstat.h: its own error values. */
enum {
	CBS_RE2_NOMEM = -1,	/* out of memory */
	CBS_RE2_REFUSED = -2	/* RE2 cannot compile the pattern */
};

/*
 * Compile the RE2 pattern pat[0..len) with Go's semantics (UTF-8,
 * leftmost-first, Perl classes, "." without "\n").  @return 0,
 * CBS_RE2_NOMEM, or CBS_RE2_REFUSED (too large for RE2, say).
 */
int cbs_re2_compile(const char *pat, size_t len, struct cbs_re2 **out);
/*
 * @return 1 if re matches somewhere in the valid UTF-8 s[0..len), 0 if
 * not, CBS_RE2_NOMEM if it ran out of memory.  Time is linear in len.
 */
int cbs_re2_match(const struct cbs_re2 *re, const char *s, size_t len);
void cbs_re2_free(struct cbs_re2 *re);

#ifdef __cplusplus
}
#endif

#endif /* CBS_REGEX_H */
