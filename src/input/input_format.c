/*
 * input_format.c: the input formats, told apart by content (-input-format).
 *
 * Detection looks at the first SNIFF_MAX bytes after leading white
 * space, never parses a whole document.  If the first line there that
 * starts with '{' is a JSON object with an "Action" key, the stream is
 * test2json (input_test2json.c), even after lines that are not JSON,
 * which "go test -json 2>&1" writes first.  Otherwise a stream whose
 * first byte is not '{' is Go text, read by reader.c straight from the
 * stream with the bytes looked at handed back, so line numbers and
 * memory use are what they always were; no Go benchmark file starts
 * with '{' (a Go line that does is ignored as noise, and "-input-format
 * go" keeps it so).  A '{' stream is read whole and parsed with jansson,
 * and its shape picks the reader: "benchmarks"
 * and "context" for Google Benchmark (input_gbench.c), "results" of
 * objects with "command" for hyperfine (input_hyperfine.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "input/input.h"
#include "input/input_formats.h"

static const char *const format_names[] = {
	[CBS_INPUT_AUTO] = "auto",
	[CBS_INPUT_GO] = "go",
	[CBS_INPUT_TEST2JSON] = "test2json",
	[CBS_INPUT_GBENCH] = "gbench",
	[CBS_INPUT_HYPERFINE] = "hyperfine",
};

#define NFORMATS (sizeof(format_names) / sizeof(format_names[0]))

int
cbs_input_format_parse(const char *name, enum cbs_input_format *out)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*out = (enum cbs_input_format)i;
			return 0;
		}
	}
	return CBS_EINVAL;
}

const char *
cbs_input_format_name(enum cbs_input_format f)
{
	return (size_t)f < NFORMATS ? format_names[f] : "?";
}

/* A stream's bytes read so far; buf[len] is always writable. */
struct slurp {
	char *buf;
	size_t len, cap;
	int eof;
};

#define SLURP_CHUNK (64 * 1024)

/* Read one more chunk.  @return 0, CBS_ENOMEM or CBS_EIO. */
static int
slurp_more(struct slurp *s, FILE *fp)
{
	size_t n;

	if (cbs_grow(&s->buf, &s->cap, s->len + SLURP_CHUNK + 1, 1) != 0)
		return CBS_ENOMEM;
	n = fread(s->buf + s->len, 1, SLURP_CHUNK, fp);
	s->len += n;
	if (n < SLURP_CHUNK) {
		if (ferror(fp))
			return CBS_EIO;
		s->eof = 1;
	}
	return 0;
}

/* The rest of the stream: a JSON document is parsed whole. */
static int
slurp_all(struct slurp *s, FILE *fp)
{
	int rc;

	if (s->eof)
		return 0;
	if ((rc = cbs_read_all(fp, &s->buf, &s->len, &s->cap)) == 0)
		s->eof = 1;
	return rc;
}

static int
is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Read until the first byte that is not JSON white space.  @return 0
 * (*first is that byte's offset, or s->len at the end) or an error. */
static int
slurp_first(struct slurp *s, FILE *fp, size_t *first)
{
	size_t i = 0;
	int rc;

	for (;;) {
		while (i < s->len && is_json_space(s->buf[i]))
			i++;
		if (i < s->len || s->eof)
			break;
		if ((rc = slurp_more(s, fp)) != 0)
			return rc;
	}
	*first = i;
	return 0;
}

/* @return 1 if the line s[0..len) is a JSON object with an "Action"
 * key, 0 if not, or CBS_ENOMEM. */
static int
is_test2json_event(const char *s, size_t len)
{
	json_t *ev;
	int yes, nomem;

	ev = cbs_json_load(s, len, JSON_ALLOW_NUL, NULL, &nomem);
	if (nomem)
		return CBS_ENOMEM;
	yes = json_is_object(ev) && json_object_get(ev, "Action") != NULL;
	json_decref(ev);
	return yes;
}

/*
 * Read until SNIFF_MAX bytes from the first that is not white space are
 * in, or to the end: what detection looks at, so that it costs the same
 * whatever the size of the input.  A test2json event is far shorter
 * (test2json cuts Output at 4 KiB of text).
 */
#define SNIFF_MAX (64 * 1024)

static int
slurp_sniff(struct slurp *s, FILE *fp, size_t first)
{
	int rc;

	while (!s->eof && s->len - first < SNIFF_MAX)
		if ((rc = slurp_more(s, fp)) != 0)
			return rc;
	return 0;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * @return 1 if the first line from s->buf[first] on that starts with '{'
 * (after blanks) is a test2json event and ends within SNIFF_MAX bytes,
 * 0 if not, or CBS_ENOMEM.  Lines before it are passed over: "go test
 * -json 2>&1" writes the go command's own lines ("go: downloading ...")
 * before the events.
 */
static int
sniff_test2json(const struct slurp *s, size_t first)
{
	size_t end = s->len - first > SNIFF_MAX ? first + SNIFF_MAX : s->len;
	size_t i = first;
	const char *nl;

	for (;;) {
		while (i < end && is_blank(s->buf[i]))
			i++;
		if (i == end)
			return 0;
		nl = memchr(s->buf + i, '\n', end - i);
		if (s->buf[i] == '{')
			break;
		if (nl == NULL)
			return 0;
		i = (size_t)(nl - s->buf) + 1;
	}
	if (nl == NULL && end < s->len)
		return 0;
	return is_test2json_event(s->buf + i, nl != NULL ?
	    (size_t)(nl - (s->buf + i)) : end - i);
}

/* Tell an input's format from its first bytes: *fmt becomes GO,
 * TEST2JSON or stays AUTO (a JSON document).  @return 0 or an error. */
static int
detect(struct slurp *s, FILE *fp, size_t first, enum cbs_input_format *fmt)
{
	int rc;

	if (first == s->len) {
		*fmt = CBS_INPUT_GO;
		return 0;
	}
	if ((rc = slurp_sniff(s, fp, first)) != 0 ||
	    (rc = sniff_test2json(s, first)) < 0)
		return rc;
	if (rc == 1)
		*fmt = CBS_INPUT_TEST2JSON;
	else if (s->buf[first] != '{')
		*fmt = CBS_INPUT_GO;
	return 0;
}

/* Parse a whole JSON document into *doc, Google Benchmark's NaN and
 * Infinity too.  @return 0, CBS_EPARSE (err names where it goes wrong)
 * or CBS_ENOMEM. */
static int
load_document(struct slurp *s, const char *path, json_t **doc, char *err,
    size_t errlen)
{
	json_error_t e;
	int nomem;

	cbs_json_mark_nonfinite(s->buf, s->len);
	if ((*doc = cbs_json_load(s->buf, s->len, 0, &e, &nomem)) != NULL)
		return 0;
	if (nomem)
		return CBS_ENOMEM;
	snprintf(err, errlen, "%s:%d:%d: malformed JSON: %s", path, e.line,
	    e.column, e.text);
	return CBS_EPARSE;
}

/* Read a parsed document as fmt (AUTO: by its shape). */
static int
read_document(struct cbs_reader *r, json_t *doc,
    enum cbs_input_format fmt, const struct cbs_read_sink *sink,
    const char *label, char *err, size_t errlen)
{
	if ((fmt == CBS_INPUT_AUTO || fmt == CBS_INPUT_GBENCH) &&
	    cbs_input_is_gbench(doc))
		return cbs_input_gbench(r, doc, sink, label);
	if ((fmt == CBS_INPUT_AUTO || fmt == CBS_INPUT_HYPERFINE) &&
	    cbs_input_is_hyperfine(doc))
		return cbs_input_hyperfine(r, doc, sink, label);
	if (fmt == CBS_INPUT_GBENCH)
		snprintf(err, errlen, "%s: not a Google Benchmark JSON report "
		    "(no \"benchmarks\" array and \"context\" object)",
		    sink->path);
	else if (fmt == CBS_INPUT_HYPERFINE)
		snprintf(err, errlen, "%s: not a hyperfine JSON export (no "
		    "\"results\" array of objects with a \"command\")",
		    sink->path);
	else
		snprintf(err, errlen, "%s: JSON of no known input format (a "
		    "test2json stream, a Google Benchmark report, a hyperfine "
		    "export)", sink->path);
	return CBS_EPARSE;
}

/* A sink that counts the results handed on to another. */
struct counted {
	const struct cbs_read_sink *sink;
	size_t n;
};

static int
count_result(const struct cbs_result *res, void *ctx)
{
	struct counted *c = ctx;

	c->n++;
	return c->sink->on_result(res, c->sink->ctx);
}

static void
forward_diag(const struct cbs_diag *d, void *ctx)
{
	struct counted *c = ctx;

	if (c->sink->on_diag != NULL)
		c->sink->on_diag(d, c->sink->ctx);
}

/* Read a JSON input as fmt (AUTO: a document of any shape). */
static int
read_json_as(struct cbs_reader *r, struct slurp *s, enum cbs_input_format fmt,
    const struct cbs_read_sink *sink, const char *label, char *err,
    size_t errlen)
{
	json_t *doc;
	int rc;

	if (fmt == CBS_INPUT_TEST2JSON)
		return cbs_input_test2json(r, s->buf, s->len, sink, label,
		    err, errlen);
	if ((rc = load_document(s, sink->path, &doc, err, errlen)) != 0)
		return rc;
	rc = read_document(r, doc, fmt, sink, label, err, errlen);
	json_decref(doc);
	return rc;
}

/*
 * Read a JSON input, which must yield a result: a report whose every
 * entry was skipped, an aggregates-only report or an empty one gives
 * nothing to compare, and a gate must not pass on nothing (issue 20,
 * F11).  An empty Go text file stays no error, as upstream has it.
 */
static int
read_json(struct cbs_reader *r, struct slurp *s, enum cbs_input_format fmt,
    const struct cbs_read_sink *sink, const char *label, char *err,
    size_t errlen)
{
	struct counted c = { sink, 0 };
	struct cbs_read_sink counting = { sink->path, count_result,
	    forward_diag, &c };
	int rc;

	rc = read_json_as(r, s, fmt, &counting, label, err, errlen);
	if (rc == 0 && c.n == 0) {
		snprintf(err, errlen, "%s: no benchmark results in this JSON "
		    "input", sink->path);
		rc = CBS_EPARSE;
	}
	return rc;
}

int
cbs_reader_read_input(struct cbs_reader *r, FILE *fp,
    enum cbs_input_format fmt, const char *path, const char *label,
    cbs_result_fn on_result, cbs_diag_fn on_diag, void *ctx, char *err,
    size_t errlen)
{
	struct cbs_read_sink sink = { path, on_result, on_diag, ctx };
	struct slurp s = { NULL, 0, 0, 0 };
	size_t first = 0;
	int rc;

	if (fmt == CBS_INPUT_GO)
		return cbs_reader_read_after(r, fp, NULL, 0, &sink, label,
		    err, errlen);
	if ((size_t)fmt >= NFORMATS)
		return CBS_EINVAL;
	rc = slurp_first(&s, fp, &first);
	if (rc == 0 && fmt == CBS_INPUT_AUTO)
		rc = detect(&s, fp, first, &fmt);
	if (rc == 0 && fmt == CBS_INPUT_GO) {
		rc = cbs_reader_read_after(r, fp, s.buf, s.len, &sink, label,
		    err, errlen);
		free(s.buf);
		return rc;
	}
	if (rc == 0)
		rc = slurp_all(&s, fp);
	if (rc == 0)
		rc = read_json(r, &s, fmt, &sink, label, err, errlen);
	else if (rc == CBS_EIO)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	free(s.buf);
	return rc;
}
