/*
 * projection_parse.c: the syntax of -table, -row, -col and -ignore
 * (upstream benchproc/internal/parse ParseProjection), plus the checks
 * upstream's makeProjection makes of each field before using it:
 *
 *	expr  = field {[","] field}
 *	field = key | key "@" order | key "@" "(" word {word} ")"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "query/query.h"
#include "query/query_lex.h"

/* A field being parsed; the lengths keep words that hold a NUL whole. */
struct pfield {
	struct cbs_proj_field f;
	size_t keylen;
	size_t orderlen;
};

struct pparse {
	struct cbs_qlex lx;
	struct pfield *v;
	size_t n;
	size_t cap;
};

static void
field_free(struct cbs_proj_field *f)
{
	size_t i;

	free(f->key);
	free(f->order);
	for (i = 0; i < f->nfixed; i++)
		free(f->fixed[i]);
	free(f->fixed);
}

void
cbs_projection_fields_free(struct cbs_proj_field *fields, size_t n)
{
	size_t i;

	if (fields == NULL)
		return;
	for (i = 0; i < n; i++)
		field_free(&fields[i]);
	free(fields);
}

static char *
copy_str(struct pparse *p, const char *s, size_t len)
{
	char *c;

	if ((c = malloc(len + 1)) == NULL) {
		cbs_qlex_nomem(&p->lx);
		return NULL;
	}
	memcpy(c, s, len);
	c[len] = '\0';
	return c;
}

/* A new, empty field at the end. @return it or NULL. */
static struct pfield *
field_new(struct pparse *p)
{
	if (cbs_grow(&p->v, &p->cap, p->n + 1, sizeof(*p->v)) != 0) {
		cbs_qlex_nomem(&p->lx);
		return NULL;
	}
	memset(&p->v[p->n], 0, sizeof(p->v[p->n]));
	return &p->v[p->n++];
}

static void
set_order(struct pparse *p, struct pfield *pf, const char *s, size_t len)
{
	free(pf->f.order);
	pf->f.order = copy_str(p, s, len);
	pf->orderlen = len;
}

static void
add_fixed(struct pparse *p, struct cbs_proj_field *f,
    const struct cbs_qtok *t)
{
	char *s;

	if ((s = copy_str(p, t->text, t->len)) == NULL)
		return;
	if (cbs_grow(&f->fixed, &f->capfixed, f->nfixed + 1,
	    sizeof(*f->fixed)) != 0) {
		free(s);
		cbs_qlex_nomem(&p->lx);
		return;
	}
	f->fixed[f->nfixed++] = s;
}

static int
is_word(int kind)
{
	return kind == QT_WORD || kind == QT_QUOTED;
}

/* "@(a b ...)": the words up to ')', from just after the '('. */
static void
parse_fixed(struct pparse *p, struct pfield *pf, size_t *pos)
{
	struct cbs_qtok t;
	size_t rest;

	set_order(p, pf, "fixed", 5);
	for (;;) {
		cbs_qlex_next(&p->lx, pos, 0, &t, &rest);
		if (is_word(t.kind)) {
			add_fixed(p, &pf->f, &t);
			*pos = rest;
		} else if (t.kind == ')') {
			if (pf->f.nfixed == 0)
				cbs_qlex_error(&p->lx, *pos,
				    "nothing to match");
			*pos = rest;
			cbs_qtok_free(&t);
			return;
		} else {
			cbs_qlex_error(&p->lx, *pos, "missing )");
			cbs_qtok_free(&t);
			return;
		}
		cbs_qtok_free(&t);
	}
}

/* The optional "@order" after a field's key. */
static void
parse_order(struct pparse *p, struct pfield *pf, size_t *pos)
{
	struct cbs_qtok t;
	size_t rest;

	cbs_qlex_next(&p->lx, pos, 0, &t, &rest);
	if (t.kind != '@') {
		cbs_qtok_free(&t);
		return;
	}
	cbs_qtok_free(&t);
	*pos = rest;
	cbs_qlex_next(&p->lx, pos, 0, &t, &rest);
	pf->f.order_off = t.off;
	if (is_word(t.kind)) {
		set_order(p, pf, t.text, t.len);
		*pos = rest;
	} else if (t.kind == '(') {
		*pos = rest;
		parse_fixed(p, pf, pos);
	} else
		cbs_qlex_error(&p->lx, *pos,
		    "expected named sort order or parenthesized list");
	cbs_qtok_free(&t);
}

static void
parse_field(struct pparse *p, size_t *pos)
{
	struct cbs_qtok key;
	struct pfield *pf;
	size_t rest;

	cbs_qlex_next(&p->lx, pos, 0, &key, &rest);
	if (!is_word(key.kind)) {
		cbs_qlex_error(&p->lx, *pos, "expected key");
		cbs_qtok_free(&key);
		return;
	}
	*pos = rest;
	if ((pf = field_new(p)) != NULL) {
		pf->f.key = key.text;
		pf->keylen = key.len;
		key.text = NULL;
		pf->f.key_off = key.off;
		/* Upstream counts the unescaped key's bytes here. */
		pf->f.order_off = key.off + key.len;
		set_order(p, pf, "first", 5);
		parse_order(p, pf, pos);
	}
	cbs_qtok_free(&key);
}

static int
word_is(const char *s, size_t len, const char *w)
{
	return len == strlen(w) && memcmp(s, w, len) == 0;
}

/* The checks of upstream's makeProjection, in its order. */
static int
check_field(struct pparse *p, const struct pfield *pf)
{
	const struct cbs_proj_field *f = &pf->f;
	char *q, *msg;
	size_t len;
	int fixed = word_is(f->order, pf->orderlen, "fixed");

	if (!fixed && !word_is(f->order, pf->orderlen, "first") &&
	    !word_is(f->order, pf->orderlen, "alpha") &&
	    !word_is(f->order, pf->orderlen, "num")) {
		q = cbs_go_quote(f->order, pf->orderlen);
		len = q != NULL ? strlen(q) + sizeof("unknown order ") : 0;
		if (q == NULL || (msg = malloc(len)) == NULL)
			cbs_qlex_nomem(&p->lx);
		else {
			snprintf(msg, len, "unknown order %s", q);
			cbs_qlex_error(&p->lx, f->order_off, msg);
			free(msg);
		}
		free(q);
	} else if (fixed && word_is(f->key, pf->keylen, ".config"))
		cbs_qlex_error(&p->lx, f->order_off,
		    "fixed order not allowed for .config");
	else if (word_is(f->key, pf->keylen, ".unit"))
		cbs_qlex_error(&p->lx, f->key_off,
		    ".unit is only allowed in filters");
	else if (pf->keylen == 0)
		cbs_qlex_error(&p->lx, f->key_off, "key must not be empty");
	return p->lx.err != 0 ? -1 : 0;
}

static void
parse_all(struct pparse *p)
{
	struct cbs_qtok t;
	size_t pos = 0, rest, i;
	int kind;

	for (;;) {
		cbs_qlex_next(&p->lx, &pos, 0, &t, &rest);
		kind = t.kind;
		cbs_qtok_free(&t);
		if (kind == QT_EOF)
			break;
		/* A comma may separate fields, not lead them. */
		if (kind == ',' && p->n > 0)
			pos = rest;
		parse_field(p, &pos);
	}
	for (i = 0; i < p->n && p->lx.err == 0; i++)
		(void)check_field(p, &p->v[i]);
}

int
cbs_projection_parse(const char *expr, struct cbs_proj_field **fields,
    size_t *nfields, char *err, size_t errlen)
{
	struct pparse p;
	size_t i;
	int rc;

	*fields = NULL;
	*nfields = 0;
	memset(&p, 0, sizeof(p));
	cbs_qlex_init(&p.lx, expr);
	parse_all(&p);
	if (p.lx.err == 0 && p.n > 0 &&
	    (*fields = calloc(p.n, sizeof(**fields))) == NULL)
		cbs_qlex_nomem(&p.lx);
	rc = cbs_qlex_report(&p.lx, err, errlen);
	cbs_qlex_fini(&p.lx);
	for (i = 0; i < p.n; i++) {
		if (rc == 0 && *fields != NULL)
			(*fields)[i] = p.v[i].f;
		else
			field_free(&p.v[i].f);
	}
	free(p.v);
	if (rc == 0)
		*nfields = p.n;
	return rc;
}
