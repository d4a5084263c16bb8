/*
 * regex.h: the parts behind the -filter regexps of query_lex.h, private to
 * regex.c, regex_go.c and regex_re2.cc (and the regex fuzz harness, which
 * walks the parse with a cbs_goregexp_visitor):
 * Go's regexp syntax (regex_go.c) and the RE2 engine (regex_re2.cc, the
 * library's one C++ file, hence the C linkage).
 */
#ifndef CBS_REGEX_H
#define CBS_REGEX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A Go regexp as RE2 reads it. */
struct cbs_goregexp {
	char *re2;		/* the expression, barely rewritten; NUL-ended */
	size_t re2_len;
	/*
	 * It holds \B, which RE2 (searching bytes) also finds between the
	 * bytes of one character, where Go never looks: match it anchored
	 * behind "(?s:.)*?", which steps whole characters.
	 */
	int no_word_boundary;
};

/* The items without content a visitor meets, flags resolved. */
enum cbs_rx_op {
	CBS_RX_BEGIN_TEXT,	/* \A, or ^ without (?m) */
	CBS_RX_END_TEXT,	/* \z, or $ without (?m) */
	CBS_RX_BEGIN_LINE,	/* ^ under (?m) */
	CBS_RX_END_LINE,	/* $ under (?m) */
	CBS_RX_WORD_BOUNDARY,	/* \b */
	CBS_RX_NO_WORD_BOUNDARY,	/* \B */
	CBS_RX_ANY_CHAR,	/* . under (?s) */
	CBS_RX_ANY_CHAR_NOT_NL	/* . */
};

/*
 * What the parser meets, in the expression's order, for a caller that
 * writes it for another engine: the fuzz harness's PCRE2 reference
 * (tests/fuzz/regex_pcre2.c).  The library itself passes none.  Flags
 * are resolved item by item, so no callback sees "(?i)" itself; a
 * "(?flags:" group is a plain group.  Every member is set.
 */
struct cbs_goregexp_visitor {
	void *ctx;
	void (*op)(void *ctx, enum cbs_rx_op op);
	/* A literal rune (maybe a surrogate, which no string holds); fold:
	 * under (?i). */
	void (*literal)(void *ctx, unsigned r, int fold);
	/*
	 * A class: class_begin, its items, class_end.  An item is a range
	 * of runes, with fold for a literal range under (?i) whose other
	 * cases belong too, or one of Go's Unicode classes by name; \d and
	 * [[:alpha:]] and their negations come as Go's ranges, already
	 * case-folded under (?i).
	 */
	void (*class_begin)(void *ctx, int negate);
	void (*class_range)(void *ctx, unsigned lo, unsigned hi, int fold);
	void (*class_unicode)(void *ctx, const char *name, int negate);
	void (*class_end)(void *ctx);
	void (*group_open)(void *ctx);
	void (*group_close)(void *ctx);
	void (*alternate)(void *ctx);
	/* A repetition of the item before it: op is '*', '+', '?', or '{'
	 * with max -1 for "{min,}"; lazy counts (?U) in. */
	void (*repeat)(void *ctx, int op, int min, int max, int lazy);
};

/*
 * Check the Go regexp expr[0..len) as Go's regexp/syntax does and fill
 * out, walking it with v (or NULL) as it goes.  @return 0, CBS_ENOMEM,
 * or CBS_EINVAL with Go's message in *msg, which the caller frees.
 */
int cbs_goregexp_translate(const char *expr, size_t len,
    const struct cbs_goregexp_visitor *v, struct cbs_goregexp *out,
    char **msg);
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
 * leftmost-first, Perl classes, "." without "\n"); anchored: match it
 * at the start of the subject only.  @return 0, CBS_RE2_NOMEM, or
 * CBS_RE2_REFUSED (too large for RE2, say).
 */
int cbs_re2_compile(const char *pat, size_t len, int anchored,
    struct cbs_re2 **out);
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
