/*
 * sbuf.c: growing NUL-ended strings (struct cbs_sbuf, query.h), for the
 * query lexer's messages and the regexp translation.  An allocation
 * failure sticks in nomem, so callers check once at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"

void
cbs_sbuf_add(struct cbs_sbuf *b, const char *s, size_t n)
{
	if (b->nomem)
		return;
	if (cbs_grow(&b->p, &b->cap, b->len + n + 1, 1) != 0) {
		b->nomem = 1;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
cbs_sbuf_str(struct cbs_sbuf *b, const char *s)
{
	cbs_sbuf_add(b, s, strlen(s));
}

void
cbs_sbuf_byte(struct cbs_sbuf *b, unsigned c)
{
	char ch = (char)c;

	cbs_sbuf_add(b, &ch, 1);
}

void
cbs_sbuf_rune(struct cbs_sbuf *b, unsigned r)
{
	char u[4];

	if (r < 0x80) {
		cbs_sbuf_byte(b, r);
	} else if (r < 0x800) {
		u[0] = (char)(0xC0 | (r >> 6));
		u[1] = (char)(0x80 | (r & 0x3F));
		cbs_sbuf_add(b, u, 2);
	} else if (r < 0x10000) {
		u[0] = (char)(0xE0 | (r >> 12));
		u[1] = (char)(0x80 | ((r >> 6) & 0x3F));
		u[2] = (char)(0x80 | (r & 0x3F));
		cbs_sbuf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (r >> 18));
		u[1] = (char)(0x80 | ((r >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((r >> 6) & 0x3F));
		u[3] = (char)(0x80 | (r & 0x3F));
		cbs_sbuf_add(b, u, 4);
	}
}
