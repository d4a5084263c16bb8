/*
 * goquote.c: Go's strconv.Quote, for the values syntax errors,
 * projection errors and the program's flag errors show as Go shows them
 * ("\x80" for an invalid byte, \u escapes for runes a terminal does not
 * print).  Public (include/cbenchstat.h): src/cli/ quotes with it too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"

/* strconv.IsPrint, with the Unicode tables this library has. */
static int
go_is_print(unsigned r)
{
	if (r < 0x80)
		return r >= 0x20 && r < 0x7F;
	return cbs_rune_is_graphic(r) && !cbs_rune_is_space(r);
}

static void
quote_rune(struct cbs_sbuf *b, unsigned r)
{
	static const char hex[] = "0123456789abcdef";
	static const char ctl[] = "\aa\bb\ff\nn\rr\tt\vv";
	const char *p;
	char t[16];

	if (r == '"' || r == '\\') {
		cbs_sbuf_byte(b, '\\');
		cbs_sbuf_byte(b, r);
	} else if (go_is_print(r)) {
		cbs_sbuf_rune(b, r);
	} else if (r != 0 && r < ' ' && (p = strchr(ctl, (int)r)) != NULL &&
	    (p - ctl) % 2 == 0) {
		cbs_sbuf_byte(b, '\\');
		cbs_sbuf_byte(b, (unsigned char)p[1]);
	} else if (r < ' ' || r == 0x7F) {
		cbs_sbuf_str(b, "\\x");
		cbs_sbuf_byte(b, (unsigned char)hex[r >> 4]);
		cbs_sbuf_byte(b, (unsigned char)hex[r & 0xF]);
	} else if (r < 0x10000) {
		snprintf(t, sizeof(t), "\\u%04x", r);
		cbs_sbuf_str(b, t);
	} else {
		snprintf(t, sizeof(t), "\\U%08x", r);
		cbs_sbuf_str(b, t);
	}
}

char *
cbs_go_quote(const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	struct cbs_sbuf b = { NULL, 0, 0, 0 };
	size_t i = 0, n;
	unsigned r, c;

	cbs_sbuf_byte(&b, '"');
	while (i < len) {
		n = cbs_utf8_decode(s + i, len - i, &r);
		if (r == 0xFFFD && n == 1) {
			/* Go shows an invalid byte as itself, in hex. */
			c = (unsigned char)s[i];
			cbs_sbuf_str(&b, "\\x");
			cbs_sbuf_byte(&b, (unsigned char)hex[c >> 4]);
			cbs_sbuf_byte(&b, (unsigned char)hex[c & 0xF]);
		} else
			quote_rune(&b, r);
		i += n;
	}
	cbs_sbuf_byte(&b, '"');
	if (b.nomem) {
		free(b.p);
		return NULL;
	}
	return b.p;
}
