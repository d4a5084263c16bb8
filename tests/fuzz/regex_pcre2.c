/*
 * regex_pcre2.c: a Go regexp rewritten for PCRE2 as the library's parser
 * walks it (struct cbs_goregexp_visitor), for the regex harness to check
 * RE2's answers against.  The pattern no longer leans on syntax the two
 * dialects share: literals as \x{...}, flags resolved item by item (no
 * inline flag group can leak its scope), \d \s \w and the POSIX classes
 * spelt out as Go's ASCII sets, groups as plain "(", which PCRE2 lets
 * nest far deeper than "(?:".  Only the fuzz harness needs this: the
 * library builds no PCRE2 pattern.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex_pcre2.h"

/*
 * PCRE2 knows Go's Unicode class names, but for two scripts newer than
 * its tables (10.42: Unicode 14), given as ranges.
 */
static const unsigned kawi_ranges[] = {
	0x11F00, 0x11F10, 0x11F12, 0x11F3A, 0x11F3E, 0x11F59,
};
static const unsigned nag_mundari_ranges[] = { 0x1E4D0, 0x1E4F9 };

/* Insert s at byte at (at <= b->len). */
static void
sbuf_insert(struct cbs_sbuf *b, size_t at, const char *s)
{
	size_t n = strlen(s), old = b->len;

	cbs_sbuf_add(b, s, n);
	if (b->nomem)
		return;
	memmove(b->p + at + n, b->p + at, old - at);
	memcpy(b->p + at, s, n);
}

/* A new item starts here. */
static void
item(struct pcre2_pattern *p)
{
	p->atom_start = p->out.len;
	p->atom_group = 0;
}

static void
on_op(void *ctx, enum cbs_rx_op op)
{
	static const char *const text[] = {
		[CBS_RX_BEGIN_TEXT] = "\\A",
		[CBS_RX_END_TEXT] = "\\z",
		/* (?m:^) also after a final newline (ALT_CIRCUMFLEX). */
		[CBS_RX_BEGIN_LINE] = "(?m:^)",
		[CBS_RX_END_LINE] = "(?m:$)",
		[CBS_RX_WORD_BOUNDARY] = "\\b",
		[CBS_RX_NO_WORD_BOUNDARY] = "\\B",
		[CBS_RX_ANY_CHAR] = "(?s:.)",
		[CBS_RX_ANY_CHAR_NOT_NL] = "[^\\n]",
	};
	struct pcre2_pattern *p = ctx;

	item(p);
	cbs_sbuf_str(&p->out, text[op]);
}

static void
on_literal(void *ctx, unsigned r, int fold)
{
	struct pcre2_pattern *p = ctx;
	char t[40];

	item(p);
	if (r >= 0xD800 && r <= 0xDFFF) {
		/* A surrogate never occurs in a Go string. */
		cbs_sbuf_str(&p->out, "(?!)");
		return;
	}
	snprintf(t, sizeof(t), fold ? "(?i:\\x{%x})" : "\\x{%x}", r);
	cbs_sbuf_str(&p->out, t);
}

static void
on_class_begin(void *ctx, int negate)
{
	struct pcre2_pattern *p = ctx;

	item(p);
	p->cls.len = 0;
	p->cls_neg = negate;
	p->cls_caseless = 0;
	p->cls_items = 0;
}

static void
cls_one(struct pcre2_pattern *p, unsigned lo, unsigned hi)
{
	char t[40];

	if (lo == hi)
		snprintf(t, sizeof(t), "\\x{%x}", lo);
	else
		snprintf(t, sizeof(t), "\\x{%x}-\\x{%x}", lo, hi);
	cbs_sbuf_str(&p->cls, t);
	p->cls_items++;
}

/* Surrogates are runes in Go but no UTF-8 string holds one, and PCRE2
 * refuses them: leave them out. */
static void
on_class_range(void *ctx, unsigned lo, unsigned hi, int fold)
{
	struct pcre2_pattern *p = ctx;

	if (fold)
		p->cls_caseless = 1;
	if (lo < 0xD800 && hi >= 0xD800) {
		cls_one(p, lo, 0xD7FF);
		lo = 0xE000;
	} else if (lo >= 0xD800 && lo <= 0xDFFF)
		lo = 0xE000;
	if (lo <= hi)
		cls_one(p, lo, hi);
}

/* Add the sorted, disjoint ranges pr[0..n) or their complement. */
static void
cls_pairs(struct pcre2_pattern *p, const unsigned *pr, size_t n, int negate)
{
	unsigned next = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		if (!negate)
			on_class_range(p, pr[i], pr[i + 1], 0);
		else if (pr[i] > next)
			on_class_range(p, next, pr[i] - 1, 0);
		next = pr[i + 1] + 1;
	}
	if (negate && next <= 0x10FFFF)
		on_class_range(p, next, 0x10FFFF, 0);
}

static void
on_class_unicode(void *ctx, const char *name, int negate)
{
	struct pcre2_pattern *p = ctx;

	if (strcmp(name, "Kawi") == 0)
		cls_pairs(p, kawi_ranges,
		    sizeof(kawi_ranges) / sizeof(kawi_ranges[0]), negate);
	else if (strcmp(name, "Nag_Mundari") == 0)
		cls_pairs(p, nag_mundari_ranges, 2, negate);
	else {
		cbs_sbuf_str(&p->cls, negate ? "\\P{" : "\\p{");
		cbs_sbuf_str(&p->cls, name);
		cbs_sbuf_str(&p->cls, "}");
		p->cls_items++;
	}
}

static void
on_class_end(void *ctx)
{
	struct pcre2_pattern *p = ctx;

	if (p->cls.nomem)
		p->nomem = 1;
	if (p->cls_items == 0) {
		cbs_sbuf_str(&p->out, p->cls_neg ? "(?s:.)" : "(?!)");
		return;
	}
	if (p->cls_caseless)
		cbs_sbuf_str(&p->out, "(?i:");
	cbs_sbuf_str(&p->out, p->cls_neg ? "[^" : "[");
	cbs_sbuf_add(&p->out, p->cls.p, p->cls.len);
	cbs_sbuf_str(&p->out, p->cls_caseless ? "])" : "]");
}

static void
on_group_open(void *ctx)
{
	struct pcre2_pattern *p = ctx;

	if (cbs_grow(&p->opens, &p->capopens, p->nopens + 1,
	    sizeof(*p->opens)) != 0) {
		p->nomem = 1;
		return;
	}
	p->opens[p->nopens++] = p->out.len;
	cbs_sbuf_str(&p->out, "(");
}

static void
on_group_close(void *ctx)
{
	struct pcre2_pattern *p = ctx;

	if (p->nopens == 0) {	/* only after running out of memory */
		p->nomem = 1;
		return;
	}
	cbs_sbuf_str(&p->out, ")");
	p->atom_start = p->opens[--p->nopens];
	p->atom_group = 1;
}

static void
on_alternate(void *ctx)
{
	struct pcre2_pattern *p = ctx;

	cbs_sbuf_str(&p->out, "|");
}

static void
on_repeat(void *ctx, int op, int min, int max, int lazy)
{
	struct pcre2_pattern *p = ctx;
	char q[48];

	q[0] = (char)op;
	q[1] = '\0';
	if (op == '{' && max == min)
		snprintf(q, sizeof(q), "{%d}", min);
	else if (op == '{' && max == -1)
		snprintf(q, sizeof(q), "{%d,}", min);
	else if (op == '{')
		snprintf(q, sizeof(q), "{%d,%d}", min, max);
	/* PCRE2 takes a repetition only after some items; a group takes
	 * any, and a group adds no nesting. */
	if (!p->atom_group) {
		sbuf_insert(&p->out, p->atom_start, "(");
		cbs_sbuf_str(&p->out, ")");
	}
	p->atom_group = 0;
	cbs_sbuf_str(&p->out, q);
	if (lazy)
		cbs_sbuf_str(&p->out, "?");
}

void
pcre2_pattern_init(struct pcre2_pattern *p, struct cbs_goregexp_visitor *v)
{
	memset(p, 0, sizeof(*p));
	cbs_sbuf_str(&p->out, "");
	cbs_sbuf_str(&p->cls, "");
	v->ctx = p;
	v->op = on_op;
	v->literal = on_literal;
	v->class_begin = on_class_begin;
	v->class_range = on_class_range;
	v->class_unicode = on_class_unicode;
	v->class_end = on_class_end;
	v->group_open = on_group_open;
	v->group_close = on_group_close;
	v->alternate = on_alternate;
	v->repeat = on_repeat;
}

const char *
pcre2_pattern_text(const struct pcre2_pattern *p, size_t *len)
{
	if (p->nomem || p->out.nomem)
		return NULL;
	*len = p->out.len;
	return p->out.p;
}

void
pcre2_pattern_fini(struct pcre2_pattern *p)
{
	free(p->out.p);
	free(p->cls.p);
	free(p->opens);
	memset(p, 0, sizeof(*p));
}
