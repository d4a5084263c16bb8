/*
 * query_lex.h: the lexer shared by the -filter and projection parsers
 * (upstream benchproc/internal/parse) and its regexps, private to
 * filter.c, projection_parse.c, query_lex.c and the regex*.c files.
 *
 * Upstream's tokenizer is a value that parsers copy to backtrack; here
 * that value is a byte position into the query, passed by pointer where
 * upstream calls a method that skips leading spaces in place (which
 * decides the offsets that errors report).  The first error wins: once
 * one is recorded, every later token is the end of input.
 */
#ifndef CBS_QUERY_LEX_H
#define CBS_QUERY_LEX_H

#include <stddef.h>

/* Token kinds: upstream's, so the parsers read like the grammar. */
enum {
	QT_EOF = 0,
	QT_WORD = 'w',		/* bare word */
	QT_QUOTED = 'q',	/* double-quoted word, unescaped */
	QT_REGEXP = 'r',	/* /regexp/ (only where values go) */
	QT_AND = 'A',
	QT_OR = 'O'
	/* Operators are themselves: ( ) : @ , - * */
};

struct cbs_qregexp;

struct cbs_qtok {
	int kind;
	size_t off;		/* byte offset in the query */
	char *text;		/* owned, NUL-ended; words may hold NULs */
	size_t len;
	struct cbs_qregexp *re;	/* owned; QT_REGEXP only */
};

struct cbs_qlex {
	const char *q;
	size_t len;
	int err;		/* 0, CBS_EINVAL or CBS_ENOMEM */
	size_t err_off;
	char *err_msg;		/* owned */
};

void cbs_qlex_init(struct cbs_qlex *lx, const char *query);
void cbs_qlex_fini(struct cbs_qlex *lx);

/*
 * The token at *pos, after skipping spaces (which updates *pos); *rest
 * gets the position after it.  Regexps are lexed only if allow_re.
 */
void cbs_qlex_next(struct cbs_qlex *lx, size_t *pos, int allow_re,
    struct cbs_qtok *tok, size_t *rest);
void cbs_qtok_free(struct cbs_qtok *tok);

/* Record error msg at byte offset off unless one is recorded already. */
void cbs_qlex_error(struct cbs_qlex *lx, size_t off, const char *msg);
void cbs_qlex_nomem(struct cbs_qlex *lx);
/* Record "unexpected " + Go's strconv.Quote(tok->text) at off. */
void cbs_qlex_unexpected(struct cbs_qlex *lx, size_t off,
    const struct cbs_qtok *tok);
/* Copy the recorded error, formatted as upstream's SyntaxError, to err.
 * @return lx->err. */
int cbs_qlex_report(const struct cbs_qlex *lx, char *err, size_t errlen);

/*
 * Compile the Go regexp expr[0..len) (regex.c: Go's syntax and messages,
 * matched by RE2 in linear time).
 * @return 0, CBS_ENOMEM, or CBS_EINVAL with Go's message in *msg, which
 * the caller frees.
 */
int cbs_qregexp_compile(const char *expr, size_t len,
    struct cbs_qregexp **out, char **msg);
/*
 * @return 1 if the compiled Go regexp matches somewhere in s[0..len), 0
 * if not, CBS_ENOMEM if RE2 ran out of memory (no answer).
 */
int cbs_qregexp_match(struct cbs_qregexp *re, const char *s, size_t len);
void cbs_qregexp_free(struct cbs_qregexp *re);

#endif /* CBS_QUERY_LEX_H */
