/*
 * config_key.c: a series' file configuration as the store keys it and as
 * reports show it.  The key is one line per pair, "key=value", with "\"
 * written "\\", a line feed "\n", and an "=" in a key "\=", so that any
 * keys and values (holding "=", ":" or spaces) give one key each, and
 * ordinary configurations the same text schema 2 stored.
 */
#include <stdlib.h>
#include <string.h>

#include "history/history_db.h"

static void
add_escaped(struct cbs_sbuf *b, const char *s, int is_key)
{
	for (; *s != '\0'; s++)
		if (*s == '\\')
			cbs_sbuf_str(b, "\\\\");
		else if (*s == '\n')
			cbs_sbuf_str(b, "\\n");
		else if (*s == '=' && is_key)
			cbs_sbuf_str(b, "\\=");
		else
			cbs_sbuf_byte(b, (unsigned char)*s);
}

void
cbs_history_config_add(struct cbs_sbuf *b, const char *key,
    const char *value)
{
	if (b->len > 0)
		cbs_sbuf_byte(b, '\n');
	add_escaped(b, key, 1);
	cbs_sbuf_byte(b, '=');
	add_escaped(b, value, 0);
}

int
cbs_history_config_text(const struct cbs_result *r, char **buf,
    size_t *cap, size_t *len)
{
	struct cbs_sbuf b = { *buf, 0, *cap, 0 };
	size_t i;

	if (cbs_grow(&b.p, &b.cap, 1, 1) != 0)
		return CBS_ENOMEM;
	b.p[0] = '\0';
	for (i = 0; i < r->nconfig; i++)
		if (r->config[i].is_file)
			cbs_history_config_add(&b, r->config[i].key,
			    r->config[i].value);
	*buf = b.p;
	*cap = b.cap;
	*len = b.len;
	return b.nomem ? CBS_ENOMEM : 0;
}

const char *
cbs_history_series_key(struct cbs_intern *strings,
    const struct cbs_result *r, char **cfg, size_t *capcfg, size_t *clen)
{
	const char *key;
	char *buf;

	if (cbs_history_config_text(r, cfg, capcfg, clen) != 0 ||
	    (buf = malloc(r->name_len + *clen + 2)) == NULL)
		return NULL;
	memcpy(buf, r->name, r->name_len);
	buf[r->name_len] = '\n';
	memcpy(buf + r->name_len + 1, *cfg, *clen + 1);
	key = cbs_intern(strings, buf, r->name_len + 1 + *clen);
	free(buf);
	return key;
}

/* Read one escaped field of a key up to stop (or the line's end). */
static const char *
read_field(const char *p, int stop, struct cbs_sbuf *out)
{
	for (; *p != '\0' && *p != '\n' && *p != stop; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			cbs_sbuf_byte(out, *p == 'n' ? '\n' : (unsigned char)*p);
		} else
			cbs_sbuf_byte(out, (unsigned char)*p);
	}
	return p;
}

char *
cbs_history_config_shown(const char *key)
{
	struct cbs_sbuf b = { NULL, 0, 0, 0 };
	const char *p = key;

	cbs_sbuf_str(&b, "");
	while (*p != '\0') {
		if (b.len > 0)
			cbs_sbuf_byte(&b, ' ');
		p = read_field(p, '=', &b);
		if (*p == '=') {
			cbs_sbuf_byte(&b, '=');
			p = read_field(p + 1, -1, &b);
		}
		if (*p == '\n')
			p++;
	}
	if (b.nomem) {
		free(b.p);
		return NULL;
	}
	return b.p;
}
