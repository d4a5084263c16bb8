/*
 * query_lex.c: the lexer of -filter and projection expressions (upstream
 * benchproc/internal/parse) and the syntax-error text they share.  The
 * "/.../" values it lexes are compiled by regex.c; both build text in
 * sbuf.c's growing strings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "query/query.h"
#include "query/query_lex.h"

/* ------------------------------------------------------ errors */

void
cbs_syntax_error(char *err, size_t errlen, const char *query, size_t off,
    const char *msg)
{
	size_t len = strlen(query), i = 0, pos = 0;
	unsigned r;

	if (err == NULL || errlen == 0)
		return;
	/* The caret sits under the rune at off, counting only the runes
	 * a terminal shows (Go's unicode.IsGraphic). */
	while (i < len && i < off) {
		i += cbs_utf8_decode(query + i, len - i, &r);
		if (cbs_rune_is_graphic(r))
			pos++;
	}
	snprintf(err, errlen, "syntax error: %s\n\t%s\n\t%*s^", msg, query,
	    (int)pos, "");
}

/* ------------------------------------------------------------- lexer */

void
cbs_qlex_init(struct cbs_qlex *lx, const char *query)
{
	memset(lx, 0, sizeof(*lx));
	lx->q = query;
	lx->len = strlen(query);
}

void
cbs_qlex_fini(struct cbs_qlex *lx)
{
	free(lx->err_msg);
	lx->err_msg = NULL;
}

void
cbs_qtok_free(struct cbs_qtok *tok)
{
	free(tok->text);
	cbs_qregexp_free(tok->re);
	tok->text = NULL;
	tok->re = NULL;
}

void
cbs_qlex_nomem(struct cbs_qlex *lx)
{
	if (lx->err == 0)
		lx->err = CBS_ENOMEM;
}

void
cbs_qlex_error(struct cbs_qlex *lx, size_t off, const char *msg)
{
	if (lx->err != 0)
		return;
	if ((lx->err_msg = strdup(msg)) == NULL) {
		lx->err = CBS_ENOMEM;
		return;
	}
	lx->err = CBS_EINVAL;
	lx->err_off = off;
}

void
cbs_qlex_unexpected(struct cbs_qlex *lx, size_t off,
    const struct cbs_qtok *tok)
{
	struct cbs_sbuf b = { NULL, 0, 0, 0 };
	char *q;

	if ((q = cbs_go_quote(tok->text, tok->len)) == NULL) {
		cbs_qlex_nomem(lx);
		return;
	}
	cbs_sbuf_str(&b, "unexpected ");
	cbs_sbuf_str(&b, q);
	free(q);
	if (b.nomem)
		cbs_qlex_nomem(lx);
	else
		cbs_qlex_error(lx, off, b.p);
	free(b.p);
}

int
cbs_qlex_report(const struct cbs_qlex *lx, char *err, size_t errlen)
{
	if (lx->err == CBS_EINVAL)
		cbs_syntax_error(err, errlen, lx->q, lx->err_off, lx->err_msg);
	else if (lx->err != 0 && err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", cbs_strerror(lx->err));
	return lx->err;
}

static int
is_op(unsigned c)
{
	return c == '(' || c == ')' || c == ':' || c == '@' || c == ',';
}

/* '-' and '*' are operators only where a word would start. */
static int
is_start_op(unsigned c)
{
	return is_op(c) || c == '-' || c == '*';
}

/* The length of the space at s[0..len), 0 if none. */
static size_t
space_len(const char *s, size_t len)
{
	unsigned r;
	size_t n;

	if (s[0] == ' ')
		return 1;
	n = cbs_utf8_decode(s, len, &r);
	return cbs_rune_is_space(r) ? n : 0;
}

/* Fill tok with a copy of text; on failure, the end of input. */
static void
tok_set(struct cbs_qlex *lx, struct cbs_qtok *tok, int kind, size_t off,
    const char *text, size_t len)
{
	tok->kind = kind;
	tok->off = off;
	if ((tok->text = malloc(len + 1)) == NULL) {
		cbs_qlex_nomem(lx);
		tok->kind = QT_EOF;
		return;
	}
	memcpy(tok->text, text, len);
	tok->text[len] = '\0';
	tok->len = len;
}

/* A lexical error: the token is the end of input. */
static void
tok_error(struct cbs_qlex *lx, struct cbs_qtok *tok, size_t *rest,
    size_t off, const char *msg)
{
	cbs_qlex_error(lx, off, msg);
	tok->kind = QT_EOF;
	tok->off = lx->len;
	*rest = lx->len;
}

/*
 * Go's strconv.Unquote of a double-quoted word whose content is
 * s[0..len), into out.  @return 0 or -1 on bad syntax.
 */
static int
unquote(const char *s, size_t len, struct cbs_sbuf *out)
{
	static const char ctl[] = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\"";
	const char *p;
	size_t i = 0, j, n, nhex;
	unsigned r, v;
	int d;

	while (i < len) {
		if (s[i] == '"' || s[i] == '\n')
			return -1;
		if ((unsigned char)s[i] >= 0x80) {
			/* An invalid byte becomes U+FFFD. */
			n = cbs_utf8_decode(s + i, len - i, &r);
			cbs_sbuf_rune(out, r);
			i += n;
			continue;
		}
		if (s[i] != '\\') {
			cbs_sbuf_byte(out, (unsigned char)s[i++]);
			continue;
		}
		if (i + 1 >= len)
			return -1;
		v = (unsigned char)s[i + 1];
		i += 2;
		if (v != 0 && (p = strchr(ctl, (int)v)) != NULL &&
		    (p - ctl) % 2 == 0) {
			cbs_sbuf_byte(out, (unsigned char)p[1]);
			continue;
		}
		if (v == 'x' || v == 'u' || v == 'U') {
			nhex = v == 'x' ? 2 : v == 'u' ? 4 : 8;
			if (len - i < nhex)
				return -1;
			for (r = 0, j = 0; j < nhex; j++) {
				if ((d = cbs_unhex((unsigned char)s[i + j])) < 0)
					return -1;
				r = r << 4 | (unsigned)d;
			}
			i += nhex;
			if (v == 'x') {
				cbs_sbuf_byte(out, r);	/* a byte, not a rune */
				continue;
			}
			if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
				return -1;
			cbs_sbuf_rune(out, r);
			continue;
		}
		if (v < '0' || v > '7' || len - i < 2)
			return -1;
		for (r = v - '0', j = 0; j < 2; j++) {
			if (s[i + j] < '0' || s[i + j] > '7')
				return -1;
			r = r << 3 | (unsigned)(s[i + j] - '0');
		}
		i += 2;
		if (r > 255)
			return -1;
		cbs_sbuf_byte(out, r);
	}
	return 0;
}

static void
lex_quoted(struct cbs_qlex *lx, size_t start, struct cbs_qtok *tok,
    size_t *rest)
{
	struct cbs_sbuf b = { NULL, 0, 0, 0 };
	const char *q = lx->q;
	size_t end = start + 1;

	/* Upstream takes the first '"' not after a backslash as the end,
	 * even when that backslash is itself escaped. */
	while (end < lx->len && (q[end] != '"' || q[end - 1] == '\\'))
		end++;
	if (end == lx->len) {
		tok_error(lx, tok, rest, start, "missing end quote");
		return;
	}
	cbs_sbuf_str(&b, "");
	if (unquote(q + start + 1, end - start - 1, &b) < 0) {
		free(b.p);
		tok_error(lx, tok, rest, start, "bad escape sequence");
		return;
	}
	if (b.nomem) {
		free(b.p);
		cbs_qlex_nomem(lx);
		tok_error(lx, tok, rest, start, "");
		return;
	}
	tok->kind = QT_QUOTED;
	tok->off = start;
	tok->text = b.p;
	tok->len = b.len;
	*rest = end + 1;
}

static void
lex_bare(struct cbs_qlex *lx, size_t start, struct cbs_qtok *tok,
    size_t *rest)
{
	size_t end = start, n, len;
	unsigned r;
	int kind = QT_WORD;

	for (; end < lx->len; end += n) {
		n = cbs_utf8_decode(lx->q + end, lx->len - end, &r);
		if (cbs_rune_is_space(r) || is_op(r))
			break;
	}
	len = end - start;
	if (len == 3 && memcmp(lx->q + start, "AND", 3) == 0)
		kind = QT_AND;
	else if (len == 2 && memcmp(lx->q + start, "OR", 2) == 0)
		kind = QT_OR;
	tok_set(lx, tok, kind, start, lx->q + start, len);
	*rest = end;
}

/*
 * Upstream's regexpParseUntil: the length of the regexp at s[0..len)
 * before a '/' outside brackets and parentheses, or -1 if none.
 */
static long
regexp_length(const char *s, size_t len)
{
	size_t i;
	int cs = 0, cp = 0;

	for (i = 0; i < len; i++) {
		if (cs == 0 && cp == 0 && s[i] == '/')
			return (long)i;
		switch (s[i]) {
		case '[':
			cs++;
			break;
		case ']':
			if (--cs < 0)	/* an unmatched ']' is a literal */
				cs = 0;
			break;
		case '(':
			cp += cs == 0;
			break;
		case ')':
			cp -= cs == 0;
			break;
		case '\\':
			i++;
			break;
		default:
			break;
		}
	}
	return -1;
}

static void
lex_regexp(struct cbs_qlex *lx, size_t start, struct cbs_qtok *tok,
    size_t *rest)
{
	struct cbs_qregexp *re;
	const char *body = lx->q + start + 1;
	char *msg;
	size_t after;
	long n;
	int rc;

	if ((n = regexp_length(body, lx->len - start - 1)) < 0) {
		tok_error(lx, tok, rest, start, "missing close \"/\"");
		return;
	}
	if ((rc = cbs_qregexp_compile(body, (size_t)n, &re, &msg)) != 0) {
		if (rc == CBS_ENOMEM)
			cbs_qlex_nomem(lx);
		tok_error(lx, tok, rest, start, msg != NULL ? msg : "");
		free(msg);
		return;
	}
	/* A '/' inside the regexp must not pass for its end, so something
	 * that cannot continue a regexp must follow.  Upstream checks one
	 * byte as if it were a rune. */
	after = start + 2 + (size_t)n;
	if (after < lx->len &&
	    !cbs_rune_is_space((unsigned char)lx->q[after]) &&
	    !is_start_op((unsigned char)lx->q[after])) {
		cbs_qregexp_free(re);
		tok_error(lx, tok, rest, after, "regexp must be followed by "
		    "space or an operator (unescaped \"/\"?)");
		return;
	}
	tok_set(lx, tok, QT_REGEXP, start, body, (size_t)n);
	if (tok->kind == QT_EOF) {
		cbs_qregexp_free(re);
		*rest = lx->len;
		return;
	}
	tok->re = re;
	*rest = after;
}

void
cbs_qlex_next(struct cbs_qlex *lx, size_t *pos, int allow_re,
    struct cbs_qtok *tok, size_t *rest)
{
	size_t n;
	char c;

	memset(tok, 0, sizeof(*tok));
	while (lx->err == 0 && *pos < lx->len) {
		c = lx->q[*pos];
		if (is_start_op((unsigned char)c)) {
			tok_set(lx, tok, (unsigned char)c, *pos, &c, 1);
			*rest = *pos + 1;
			return;
		}
		if ((n = space_len(lx->q + *pos, lx->len - *pos)) > 0) {
			*pos += n;
			continue;
		}
		if (allow_re && c == '/')
			lex_regexp(lx, *pos, tok, rest);
		else if (c == '"')
			lex_quoted(lx, *pos, tok, rest);
		else
			lex_bare(lx, *pos, tok, rest);
		return;
	}
	/* The end, or anything after an error. */
	tok->kind = QT_EOF;
	tok->off = *pos;
	*rest = *pos;
}
