/*
 * filter.c: -filter queries (upstream benchproc.Filter and the filter
 * grammar of benchproc/internal/parse), loosest binding first:
 *
 *	expr  = and {"OR" and}
 *	and   = match {["AND"] match}
 *	match = "(" expr ")" | "-" match | "*" | key ":" value
 *	      | key ":" "(" value {"OR" value} ")"
 *
 * ".unit" terms select single values of a result; every other term takes
 * or leaves the whole result.  Upstream combines per-value masks with
 * whole-result booleans; evaluating the tree once for each value keeps
 * the same values, and which of the two the root yields only matters
 * for a result without values.
 */
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "query/query.h"
#include "query/query_lex.h"

enum fkind { F_AND, F_OR, F_NOT, F_MATCH };

struct fnode {
	enum fkind kind;
	struct fnode **kids;	/* F_AND, F_OR (any number), F_NOT (one) */
	size_t nkids;
	size_t capkids;
	char *key;		/* F_MATCH: key and value */
	size_t keylen;
	char *lit;		/* the literal, or NULL for re */
	size_t litlen;
	struct cbs_qregexp *re;
	size_t off;		/* the key's offset in the query */
	int is_unit;
};

struct cbs_filter {
	struct fnode *root;
	struct fnode **all;	/* every node made, to free them */
	size_t nall;
	size_t capall;
};

/*
 * Nesting deeper than this is refused: the parser and the evaluation
 * recurse, and C stacks do not grow as Go's do.  Upstream has no limit.
 */
#define MAX_DEPTH 5000

struct fparse {
	struct cbs_qlex lx;
	struct cbs_filter *f;
	int depth;
};

static struct fnode *
fnode_new(struct fparse *p, enum fkind kind)
{
	struct cbs_filter *f = p->f;
	struct fnode *n;

	if (cbs_grow(&f->all, &f->capall, f->nall + 1, sizeof(*f->all)) != 0)
		goto nomem;
	if ((n = calloc(1, sizeof(*n))) == NULL)
		goto nomem;
	n->kind = kind;
	f->all[f->nall++] = n;
	return n;
nomem:
	cbs_qlex_nomem(&p->lx);
	return NULL;
}

/* Append kid to n; either is NULL only after an error. */
static void
fnode_add(struct fparse *p, struct fnode *n, struct fnode *kid)
{
	if (n == NULL || kid == NULL)
		return;
	if (cbs_grow(&n->kids, &n->capkids, n->nkids + 1,
	    sizeof(*n->kids)) != 0) {
		cbs_qlex_nomem(&p->lx);
		return;
	}
	n->kids[n->nkids++] = kid;
}

/* An operator of one operand stands for the operand itself. */
static struct fnode *
fnode_collapse(struct fnode *n)
{
	return n != NULL && n->nkids == 1 ? n->kids[0] : n;
}

static void
fnode_free(struct fnode *n)
{
	free(n->kids);
	free(n->key);
	free(n->lit);
	cbs_qregexp_free(n->re);
	free(n);
}

void
cbs_filter_free(struct cbs_filter *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nall; i++)
		fnode_free(f->all[i]);
	free(f->all);
	free(f);
}

/* The kind of the next token; it is consumed only into *rest. */
static int
peek(struct fparse *p, size_t *pos, int allow_re, size_t *rest)
{
	struct cbs_qtok tok;
	int kind;

	cbs_qlex_next(&p->lx, pos, allow_re, &tok, rest);
	kind = tok.kind;
	cbs_qtok_free(&tok);
	return kind;
}

/* Report msg at off; the parse goes on at the end, as upstream's. */
static struct fnode *
perr(struct fparse *p, size_t off, const char *msg, size_t *pos)
{
	cbs_qlex_error(&p->lx, off, msg);
	*pos = p->lx.len;
	return NULL;
}

/* A key:value term from the key token and a value token (taken). */
static struct fnode *
make_match(struct fparse *p, const struct cbs_qtok *key,
    struct cbs_qtok *val)
{
	struct fnode *n;

	if ((n = fnode_new(p, F_MATCH)) == NULL)
		return NULL;
	if ((n->key = malloc(key->len + 1)) == NULL) {
		cbs_qlex_nomem(&p->lx);
		return NULL;
	}
	memcpy(n->key, key->text, key->len + 1);
	n->keylen = key->len;
	n->off = key->off;
	n->is_unit = key->len == 5 && memcmp(key->text, ".unit", 5) == 0;
	if (val->kind == QT_REGEXP) {
		n->re = val->re;
		val->re = NULL;
	} else {
		n->lit = val->text;
		n->litlen = val->len;
		val->text = NULL;
	}
	return n;
}

static int
is_value(int kind)
{
	return kind == QT_WORD || kind == QT_QUOTED || kind == QT_REGEXP;
}

/* key:(v1 OR v2 ...) from just after the '(' at *pos. */
static struct fnode *
parse_list(struct fparse *p, const struct cbs_qtok *key, size_t *pos)
{
	struct cbs_qtok val;
	struct fnode *or;
	size_t rest;
	int kind;

	or = fnode_new(p, F_OR);
	for (;;) {
		cbs_qlex_next(&p->lx, pos, 1, &val, &rest);
		if (!is_value(val.kind)) {
			cbs_qtok_free(&val);
			return perr(p, *pos, "expected value", pos);
		}
		fnode_add(p, or, make_match(p, key, &val));
		cbs_qtok_free(&val);
		*pos = rest;
		if ((kind = peek(p, pos, 1, &rest)) == ')') {
			*pos = rest;
			return or;
		}
		if (kind != QT_OR)
			return perr(p, *pos, "value list must be separated by "
			    "OR", pos);
		*pos = rest;
	}
}

/* The rest of a term after its key token, which sits at start. */
static struct fnode *
parse_term(struct fparse *p, size_t start, const struct cbs_qtok *key,
    size_t *pos)
{
	struct cbs_qtok val;
	struct fnode *n = NULL;
	size_t rest;

	if (peek(p, pos, 0, &rest) != ':')
		return perr(p, start, "expected key:value", pos);
	*pos = rest;
	cbs_qlex_next(&p->lx, pos, 1, &val, &rest);
	if (is_value(val.kind)) {
		n = make_match(p, key, &val);
		*pos = rest;
	} else if (val.kind == '(') {
		*pos = rest;
		n = parse_list(p, key, pos);
	} else
		perr(p, start, "expected key:value", pos);
	cbs_qtok_free(&val);
	return n;
}

static struct fnode *parse_expr(struct fparse *, size_t *);

static struct fnode *
parse_match(struct fparse *p, size_t *pos)
{
	struct cbs_qtok tok;
	struct fnode *n = NULL;
	size_t start = *pos, rest;

	cbs_qlex_next(&p->lx, &start, 0, &tok, &rest);
	*pos = rest;
	if (++p->depth > MAX_DEPTH)
		tok.kind = QT_EOF;
	switch (tok.kind) {
	case '(':
		n = parse_expr(p, pos);
		if (peek(p, pos, 0, &rest) != ')')
			n = perr(p, *pos, "missing \")\"", pos);
		else
			*pos = rest;
		break;
	case '-':
		if ((n = fnode_new(p, F_NOT)) != NULL)
			fnode_add(p, n, parse_match(p, pos));
		break;
	case '*':
		n = fnode_new(p, F_AND);	/* matches everything */
		break;
	case QT_WORD:
	case QT_QUOTED:
		n = parse_term(p, start, &tok, pos);
		break;
	default:
		perr(p, start, p->depth > MAX_DEPTH ?
		    "expression nests too deeply" :
		    "expected key:value or subexpression", pos);
		break;
	}
	p->depth--;
	cbs_qtok_free(&tok);
	return n;
}

static struct fnode *
parse_and(struct fparse *p, size_t *pos)
{
	struct cbs_qtok op;
	struct fnode *and;
	size_t rest;

	and = fnode_new(p, F_AND);
	fnode_add(p, and, parse_match(p, pos));
	for (;;) {
		cbs_qlex_next(&p->lx, pos, 0, &op, &rest);
		switch (op.kind) {
		case QT_AND:
			*pos = rest;
			break;
		case '(':
		case '-':
		case '*':
		case QT_WORD:
		case QT_QUOTED:
			fnode_add(p, and, parse_match(p, pos));
			break;
		case ')':
		case QT_OR:
		case QT_EOF:
			cbs_qtok_free(&op);
			return fnode_collapse(and);
		default:
			cbs_qlex_unexpected(&p->lx, *pos, &op);
			cbs_qtok_free(&op);
			*pos = p->lx.len;
			return NULL;
		}
		cbs_qtok_free(&op);
	}
}

static struct fnode *
parse_expr(struct fparse *p, size_t *pos)
{
	struct fnode *or;
	size_t rest;

	or = fnode_new(p, F_OR);
	for (;;) {
		fnode_add(p, or, parse_and(p, pos));
		if (peek(p, pos, 0, &rest) != QT_OR)
			return fnode_collapse(or);
		*pos = rest;
	}
}

/* Keys a filter cannot use, in upstream's order of checking. */
static int
check_keys(struct fparse *p, const struct fnode *n)
{
	size_t i;

	if (n->kind != F_MATCH) {
		for (i = 0; i < n->nkids; i++)
			if (check_keys(p, n->kids[i]) < 0)
				return -1;
		return 0;
	}
	if (n->is_unit)
		return 0;
	if (n->keylen == 7 && memcmp(n->key, ".config", 7) == 0)
		cbs_qlex_error(&p->lx, n->off,
		    ".config is only allowed in projections");
	else if (n->keylen == 0)
		cbs_qlex_error(&p->lx, n->off, "key must not be empty");
	return p->lx.err != 0 ? -1 : 0;
}

int
cbs_filter_parse(const char *query, struct cbs_filter **out, char *err,
    size_t errlen)
{
	struct fparse p;
	struct cbs_qtok tok;
	size_t pos = 0, rest;
	int rc;

	*out = NULL;
	p.depth = 0;
	cbs_qlex_init(&p.lx, query);
	if ((p.f = calloc(1, sizeof(*p.f))) == NULL)
		cbs_qlex_nomem(&p.lx);
	else
		p.f->root = parse_expr(&p, &pos);
	/* The whole query must be one expression. */
	cbs_qlex_next(&p.lx, &pos, 0, &tok, &rest);
	if (tok.kind != QT_EOF)
		cbs_qlex_unexpected(&p.lx, pos, &tok);
	cbs_qtok_free(&tok);
	if (p.lx.err == 0)
		(void)check_keys(&p, p.f->root);
	rc = cbs_qlex_report(&p.lx, err, errlen);
	cbs_qlex_fini(&p.lx);
	if (rc != 0) {
		cbs_filter_free(p.f);
		return rc;
	}
	*out = p.f;
	return 0;
}

/* ------------------------------------------------------------ matching */

/*
 * A regexp that cannot answer (RE2 out of memory) records its error in
 * *err and counts as no match; the caller then discards the verdict.
 */
static int
match_value(const struct fnode *n, const char *s, size_t len, int *err)
{
	int m;

	if (n->re == NULL)
		return len == n->litlen && memcmp(s, n->lit, len) == 0;
	if ((m = cbs_qregexp_match(n->re, s, len)) < 0) {
		*err = m;
		return 0;
	}
	return m;
}

static int
match_result(const struct fnode *n, const struct cbs_result *r, int *err)
{
	const char *v = "";
	size_t len = 0;

	/* A key holding a NUL names nothing a result has. */
	if (strlen(n->key) == n->keylen)
		len = cbs_extract(r, n->key, &v);
	return match_value(n, v, len, err);
}

/* A unit term matches the tidied unit or the one the input gave. */
static int
match_unit(const struct fnode *n, const struct cbs_value *v, int *err)
{
	if (match_value(n, v->unit, strlen(v->unit), err))
		return 1;
	return v->orig_unit != NULL && v->orig_unit[0] != '\0' &&
	    match_value(n, v->orig_unit, strlen(v->orig_unit), err);
}

/*
 * Upstream's evaluation, short of the per-value detail.
 * @return 1 if n selects values (a mask), else 0 with its verdict in *x.
 */
static int
eval_kind(const struct fnode *n, const struct cbs_result *r, int *x,
    int *err)
{
	size_t i;
	int mask = 0, k, kx;

	switch (n->kind) {
	case F_MATCH:
		if (n->is_unit)
			return 1;
		*x = match_result(n, r, err);
		return 0;
	case F_NOT:
		if (eval_kind(n->kids[0], r, &kx, err))
			return 1;
		*x = !kx;
		return 0;
	case F_AND:
	case F_OR:
		for (i = 0; i < n->nkids; i++) {
			k = eval_kind(n->kids[i], r, &kx, err);
			/* A verdict that decides alone beats any mask. */
			if (!k && kx == (n->kind == F_OR)) {
				*x = kx;
				return 0;
			}
			mask |= k;
		}
		*x = n->kind == F_AND;
		return mask;
	}
	return 0;
}

/* Whether n keeps value i of r. */
static int
eval_at(const struct fnode *n, const struct cbs_result *r, size_t i,
    int *err)
{
	size_t k;

	switch (n->kind) {
	case F_MATCH:
		if (n->is_unit)
			return match_unit(n, &r->values[i], err);
		return match_result(n, r, err);
	case F_NOT:
		return !eval_at(n->kids[0], r, i, err);
	case F_AND:
		for (k = 0; k < n->nkids; k++)
			if (!eval_at(n->kids[k], r, i, err))
				return 0;
		return 1;
	case F_OR:
		for (k = 0; k < n->nkids; k++)
			if (eval_at(n->kids[k], r, i, err))
				return 1;
		return 0;
	}
	return 0;
}

/* The filter is only read: threads may apply one filter at once. */
int
cbs_filter_apply(const struct cbs_filter *f, const struct cbs_result *r,
    unsigned char *keep)
{
	size_t i;
	int x, any = 0, err = 0;

	if (!eval_kind(f->root, r, &x, &err)) {
		/* Upstream keeps a whole-result match even without values. */
		for (i = 0; i < r->nvalues && err == 0; i++)
			keep[i] = (unsigned char)x;
		return err != 0 ? err : x;
	}
	for (i = 0; i < r->nvalues && err == 0; i++) {
		keep[i] = (unsigned char)eval_at(f->root, r, i, &err);
		any |= keep[i];
	}
	return err != 0 ? err : any;
}

char *
cbs_filter_error_dup(const char *query, int rc)
{
	static const char fmt[] = "-filter %s: a regexp could not be "
	    "matched: %s";
	char *q = cbs_go_quote(query, strlen(query)), *msg = NULL;
	int n;

	if (q != NULL && (n = snprintf(NULL, 0, fmt, q, cbs_strerror(rc))) >=
	    0 && (msg = malloc((size_t)n + 1)) != NULL)
		snprintf(msg, (size_t)n + 1, fmt, q, cbs_strerror(rc));
	free(q);
	return msg;
}

void
cbs_filter_error(const char *query, int rc, char *err, size_t errlen)
{
	char *msg = cbs_filter_error_dup(query, rc);

	snprintf(err, errlen, "%s", msg != NULL ? msg : cbs_strerror(rc));
	free(msg);
}
