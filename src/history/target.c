/*
 * target.c: what a -db target names (a SQLite file or a PostgreSQL
 * connection string), and the target as it may be shown, its password
 * starred (cbenchstat(1), HISTORY DATABASE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"

int
cbs_history_is_server(const char *target)
{
	const char *p = target;

	if (strncmp(p, "postgresql://", 13) == 0 ||
	    strncmp(p, "postgres://", 11) == 0)
		return 1;
	/* A libpq keyword string starts "keyword=" (or "keyword ="). */
	while (*p == ' ' || *p == '\t')
		p++;
	if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || *p == '_')
		p++;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p == '=';
}

/* Copy s[0..n) to the sbuf, "***" instead when hide. */
static void
add_shown(struct cbs_sbuf *b, const char *s, size_t n, int hide)
{
	if (hide)
		cbs_sbuf_str(b, "***");
	else
		cbs_sbuf_add(b, s, n);
}

/* A URI: the password of its user information and its "password="
 * parameter hidden. */
static void
redact_uri(const char *t, struct cbs_sbuf *b)
{
	const char *host = strstr(t, "://") + 3;
	const char *end = host + strcspn(host, "/?"), *at = NULL, *p, *colon;

	for (p = host; p < end; p++)
		if (*p == '@')
			at = p;
	if (at != NULL && (colon = memchr(host, ':', (size_t)(at - host))) !=
	    NULL) {
		cbs_sbuf_add(b, t, (size_t)(colon + 1 - t));
		add_shown(b, NULL, 0, 1);
		t = at;
	}
	while (*t != '\0') {
		p = t + strcspn(t, "?&");
		cbs_sbuf_add(b, t, (size_t)(p - t) + (*p != '\0'));
		if (*p == '\0')
			break;
		t = p + 1;
		if (strncmp(t, "password=", 9) == 0) {
			cbs_sbuf_str(b, "password=");
			add_shown(b, NULL, 0, 1);
			t += 9 + strcspn(t + 9, "&");
		}
	}
}

/* A keyword string: each "password = value" (quoted or not) hidden. */
static void
redact_keywords(const char *t, struct cbs_sbuf *b)
{
	const char *key, *v;
	size_t klen;

	while (*t != '\0') {
		key = t;
		while (*t != '\0' && *t != '=' && *t != ' ' && *t != '\t')
			t++;
		klen = (size_t)(t - key);
		t += strspn(t, " \t");
		if (*t != '=') {
			cbs_sbuf_add(b, key, (size_t)(t - key));
			continue;
		}
		t += 1 + strspn(t + 1, " \t");
		cbs_sbuf_add(b, key, (size_t)(t - key));
		v = t;
		if (*t == '\'') {
			for (t++; *t != '\0' && *t != '\''; t++)
				if (*t == '\\' && t[1] != '\0')
					t++;
			t += *t == '\'';
		} else
			t += strcspn(t, " \t");
		add_shown(b, v, (size_t)(t - v), klen == 8 &&
		    strncmp(key, "password", 8) == 0);
		v = t;
		t += strspn(t, " \t");
		cbs_sbuf_add(b, v, (size_t)(t - v));
	}
}

char *
cbs_history_redact(const char *target, char *buf, size_t len)
{
	struct cbs_sbuf b = { NULL, 0, 0, 0 };

	cbs_sbuf_str(&b, "");
	if (!cbs_history_is_server(target))
		cbs_sbuf_str(&b, target);
	else if (strstr(target, "://") != NULL &&
	    strncmp(target, "postgres", 8) == 0)
		redact_uri(target, &b);
	else
		redact_keywords(target, &b);
	snprintf(buf, len, "%s", b.nomem ? "(a database)" : b.p);
	free(b.p);
	return buf;
}
