/*
 * input_test2json.c: "go test -json" streams (cmd/test2json), read as
 * the Go text they carry.
 *
 * A stream is one JSON event per line.  The text is the Output of the
 * "output" events, in order; test2json cuts a line where the test
 * binary paused (a benchmark's name is printed before it runs, its
 * figures after, and it cuts long lines too), so a line may arrive
 * in several events.  The pieces are joined per Package: each package's
 * test binary writes one byte stream, whose lines these are, while the
 * events of packages may interleave.  The Test field is not part of the
 * key: it is test2json's guess of the test running, which may change
 * between the pieces of one line (a framing line seen mid-line, output
 * attributed to the test before, golang/go#49505), and joining by it
 * would then break the line the plain text has.  Each whole line goes
 * to reader.c numbered with the stream line of the event that ended
 * it, so messages point into the file the user has.  Lines never ended
 * are read at the end, in the order they began.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "input/input.h"
#include "input/input_formats.h"

/* The partial line of one Package. */
struct pending {
	char *key;		/* the Package, key_len bytes */
	size_t key_len;
	char *text;
	size_t len, cap;
	size_t lineno;		/* of the event that added to it last */
};

struct t2j {
	struct cbs_reader *r;
	const struct cbs_read_sink *sink;
	struct pending *open;	/* in the order they began */
	size_t nopen, capopen;
	char *line;		/* a whole line, with room for a NUL */
	size_t linecap;
};

static void
pending_free(struct pending *p)
{
	free(p->key);
	free(p->text);
}

/* @return the partial line of key, made if need be, or NULL (ENOMEM). */
static struct pending *
pending_get(struct t2j *t, const char *key, size_t key_len)
{
	struct pending *p;
	size_t i;

	for (i = 0; i < t->nopen; i++)
		if (t->open[i].key_len == key_len &&
		    memcmp(t->open[i].key, key, key_len) == 0)
			return &t->open[i];
	if (cbs_grow(&t->open, &t->capopen, t->nopen + 1,
	    sizeof(*t->open)) != 0)
		return NULL;
	p = &t->open[t->nopen];
	memset(p, 0, sizeof(*p));
	if ((p->key = malloc(key_len + 1)) == NULL)
		return NULL;
	memcpy(p->key, key, key_len);
	p->key_len = key_len;
	t->nopen++;
	return p;
}

static int
pending_add(struct pending *p, const char *s, size_t len, size_t lineno)
{
	if (len == 0)
		return 0;
	if (len > SIZE_MAX / 2 - p->len ||
	    cbs_grow(&p->text, &p->cap, p->len + len, 1) != 0)
		return CBS_ENOMEM;
	memcpy(p->text + p->len, s, len);
	p->len += len;
	p->lineno = lineno;
	return 0;
}

/* Read the partial line of p and then s[0..len) as one line. */
static int
feed(struct t2j *t, struct pending *p, const char *s, size_t len,
    size_t lineno)
{
	size_t n = p->len + len;

	if (len > SIZE_MAX / 2 - p->len ||
	    cbs_grow(&t->line, &t->linecap, n + 1, 1) != 0)
		return CBS_ENOMEM;
	if (p->len > 0)
		memcpy(t->line, p->text, p->len);
	memcpy(t->line + p->len, s, len);
	p->len = 0;
	return cbs_reader_feed_line(t->r, t->sink, t->line, n, lineno);
}

/* The Output of one event: whole lines read, the rest kept. */
static int
take_output(struct t2j *t, const json_t *ev, size_t lineno)
{
	const json_t *out = json_object_get(ev, "Output");
	const json_t *pkg = json_object_get(ev, "Package");
	const char *s = json_string_value(out), *nl;
	size_t len = json_string_length(out);
	struct pending *p;
	int rc;

	if (s == NULL || len == 0)
		return 0;
	p = pending_get(t, json_is_string(pkg) ? json_string_value(pkg) : "",
	    json_string_length(pkg));
	if (p == NULL)
		return CBS_ENOMEM;
	while ((nl = memchr(s, '\n', len)) != NULL) {
		if ((rc = feed(t, p, s, (size_t)(nl - s), lineno)) != 0)
			return rc;
		len -= (size_t)(nl - s) + 1;
		s = nl + 1;
	}
	return pending_add(p, s, len, lineno);
}

/* One line of the stream: an event, or blank. */
static int
take_event(struct t2j *t, const char *s, size_t len, size_t lineno,
    char *err, size_t errlen)
{
	const char *action;
	json_error_t e;
	json_t *ev;
	size_t i;
	int rc = 0, nomem;

	for (i = 0; i < len && strchr(" \t\r", s[i]) != NULL; i++)
		;
	if (i == len)
		return 0;
	ev = cbs_json_load(s, len, JSON_ALLOW_NUL, &e, &nomem);
	if (nomem)
		return CBS_ENOMEM;
	if (ev == NULL) {
		snprintf(err, errlen, "%s:%zu:%d: malformed JSON: %s",
		    t->sink->path, lineno, e.column, e.text);
		return CBS_EPARSE;
	}
	if (!json_is_object(ev)) {
		snprintf(err, errlen, "%s:%zu: not a test2json event (a JSON "
		    "object)", t->sink->path, lineno);
		rc = CBS_EPARSE;
	} else {
		action = json_string_value(json_object_get(ev, "Action"));
		if (action != NULL && strcmp(action, "output") == 0)
			rc = take_output(t, ev, lineno);
	}
	json_decref(ev);
	return rc;
}

/* @return the offset in buf[0..len) of the first line that starts with
 * '{' after blanks, or len if none does. */
static size_t
first_event(const char *buf, size_t len)
{
	const char *nl;
	size_t i = 0;

	while (i < len) {
		while (i < len && strchr(" \t\r", buf[i]) != NULL)
			i++;
		if (i < len && buf[i] == '{')
			break;
		if ((nl = memchr(buf + i, '\n', len - i)) == NULL)
			return len;
		i = (size_t)(nl - buf) + 1;
	}
	for (; i > 0 && buf[i - 1] != '\n'; i--)
		;
	return i;
}

/*
 * Warn about the lines of buf[0..len) that are not blank, the go
 * command's own lines before the events ("go: downloading ..." under
 * 2>&1), and skip them.  @return the number of lines in buf[0..len).
 */
static size_t
skip_stray(struct t2j *t, const char *buf, size_t len)
{
	const char *nl;
	size_t lineno = 0, i = 0, k;

	while (i < len) {
		lineno++;
		nl = memchr(buf + i, '\n', len - i);
		for (k = i; k < len && buf + k != nl &&
		    strchr(" \t\r", buf[k]) != NULL; k++)
			;
		if (k < len && buf + k != nl)
			cbs_read_report(t->sink, lineno, "not a go test -json "
			    "event; skipped");
		i = nl != NULL ? (size_t)(nl - buf) + 1 : len;
	}
	return lineno;
}

/* Read the lines never ended, in the order they began. */
static int
flush_open(struct t2j *t)
{
	size_t i;
	int rc;

	for (i = 0; i < t->nopen; i++)
		if (t->open[i].len > 0 && (rc = feed(t, &t->open[i], "", 0,
		    t->open[i].lineno)) != 0)
			return rc;
	return 0;
}

int
cbs_input_test2json(struct cbs_reader *r, char *buf, size_t len,
    const struct cbs_read_sink *sink, const char *label, char *err,
    size_t errlen)
{
	struct t2j t;
	size_t lineno = 0, i;
	char *nl;
	int rc;

	memset(&t, 0, sizeof(t));
	t.r = r;
	t.sink = sink;
	if ((i = first_event(buf, len)) == len) {
		snprintf(err, errlen, "%s: not a go test -json stream (no line "
		    "is a JSON event)", sink->path);
		return CBS_EPARSE;
	}
	lineno = skip_stray(&t, buf, i);
	buf += i;
	len -= i;
	rc = cbs_reader_begin(r, label);
	while (rc == 0 && len > 0) {
		nl = memchr(buf, '\n', len);
		lineno++;
		rc = take_event(&t, buf, nl ? (size_t)(nl - buf) : len, lineno,
		    err, errlen);
		if (nl == NULL)
			break;
		len -= (size_t)(nl - buf) + 1;
		buf = nl + 1;
	}
	if (rc == 0)
		rc = flush_open(&t);
	for (i = 0; i < t.nopen; i++)
		pending_free(&t.open[i]);
	free(t.open);
	free(t.line);
	return rc;
}
