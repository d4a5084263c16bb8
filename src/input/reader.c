/*
 * reader.c: the Go benchmark format reader (upstream benchfmt.Reader and
 * benchfmt.Files), proposal 14313.
 *
 * Lines are read one at a time into one reused buffer.  A line is, in
 * order of precedence: a result line ("Benchmark..."), a unit metadata
 * line ("Unit <unit> key=value ..."), a configuration line ("key: value",
 * where key starts with a lower-case letter and has no space or upper
 * case letter), or anything else, which is ignored.  A malformed result
 * or unit line is reported through the diagnostic callback and skipped,
 * as upstream does.  Only what later stages keep (names, units,
 * configuration) is copied, into the run's arena through the intern
 * table.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "input/input.h"

/* Units this long are tidied on the stack, longer ones on the heap:
 * a unit's length has no limit (issue 19). */
#define UNIT_SMALL 1024

struct unit_meta {
	const char *unit;	/* tidied */
	const char *key;
	const char *value;
};

/* What tidy_value made of the unit last seen at one value position:
 * result lines repeat the units of the line before. */
struct unit_seen {
	const char *unit;	/* interned, as written; NULL: none yet */
	size_t len;
	const char *tidy;	/* interned, tidied; NULL until needed */
	double factor;
};

struct cbs_reader {
	struct cbs_arena *arena;
	struct cbs_intern *strings;

	struct unit_meta *meta;
	size_t nmeta, capmeta;

	struct cbs_config *config;
	size_t nconfig, capconfig;

	struct cbs_value *values;
	struct unit_seen *seen;		/* [capvalues] */
	size_t capvalues;

	/* Input, read in large chunks and split at newlines in place:
	 * [start, end) is unread, of which [start, start + scanned) has
	 * no newline. */
	char *buf;
	size_t bufcap, start, end, scanned;
	int eof;
};

struct cbs_reader *
cbs_reader_new(struct cbs_arena *a, struct cbs_intern *t)
{
	struct cbs_reader *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->arena = a;
	r->strings = t;
	return r;
}

void
cbs_reader_free(struct cbs_reader *r)
{
	if (r == NULL)
		return;
	free(r->meta);
	free(r->config);
	free(r->values);
	free(r->seen);
	free(r->buf);
	free(r);
}

/* -------------------------------------------------------- fields */

/* @return the byte length of the white-space rune at s, or 0. */
static size_t
space_len(const char *s, size_t len)
{
	unsigned char c = (unsigned char)s[0];
	unsigned rune;
	size_t n;

	if (c < 0x80)
		return (c == ' ' || (c >= '\t' && c <= '\r')) ? 1 : 0;
	n = cbs_utf8_decode(s, len, &rune);
	return cbs_rune_is_space(rune) ? n : 0;
}

/* A cursor over the rest of a line. */
struct span {
	char *s;
	size_t len;
};

/*
 * Split off the next field: the bytes up to the first white space.  The
 * white space after it is consumed too (upstream splitField).
 */
/*
 * @return nonzero if one of the 8 bytes of w is a control character, a
 * space or not ASCII (bit tricks from "Bit Twiddling Hacks": exact for
 * whether there is one, whatever the byte order).
 */
static uint64_t
word_has_special(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t high = 0x8080808080808080ULL;

	return ((w - ones * 0x21) & ~w & high) | (w & high);
}

static struct span
next_field(struct span *rest)
{
	struct span f = { rest->s, 0 };
	size_t i = 0, n = 0;
	unsigned char c;
	unsigned rune;
	uint64_t w;

	/* Printable ASCII, nearly every byte, is never white space:
	 * skip it 8 bytes at a time, then look at each byte. */
	while (rest->len - i >= 8) {
		memcpy(&w, rest->s + i, 8);
		if (word_has_special(w))
			break;
		i += 8;
	}
	while (i < rest->len) {
		c = (unsigned char)rest->s[i];
		if (c > ' ' && c < 0x80) {
			i++;
			continue;
		}
		if ((n = space_len(rest->s + i, rest->len - i)) > 0)
			break;
		i += c < 0x80 ? 1 :
		    cbs_utf8_decode(rest->s + i, rest->len - i, &rune);
	}
	f.len = i;
	if (i < rest->len)
		i += n;
	/* Columns are aligned with runs of blanks. */
	while (rest->len - i >= 8 && memcmp(rest->s + i, "        ", 8) == 0)
		i += 8;
	while (i < rest->len && (rest->s[i] == ' ' || (n = space_len(
	    rest->s + i, rest->len - i)) > 0))
		i += rest->s[i] == ' ' ? 1 : n;
	rest->s += i;
	rest->len -= i;
	return f;
}

static int
span_is(struct span f, const char *word)
{
	return f.len == strlen(word) && memcmp(f.s, word, f.len) == 0;
}

/* -------------------------------------------------------- numbers */

enum num_status { NUM_OK, NUM_SYNTAX, NUM_RANGE };

static const char *
num_status_text(enum num_status st)
{
	return st == NUM_RANGE ? "value out of range" : "invalid syntax";
}

/*
 * strconv.Atoi for a 64-bit int: an optional sign, then digits read as an
 * unsigned 64-bit number, left to right, so whichever of a bad character
 * or an unsigned overflow comes first decides the error; the signed range
 * is checked at the end.
 */
static enum num_status
parse_iters(struct span f, long long *out)
{
	size_t i = 0;
	int neg = 0;
	unsigned long long v = 0;

	if (f.len > 0 && (f.s[0] == '+' || f.s[0] == '-')) {
		neg = f.s[0] == '-';
		i++;
	}
	if (i == f.len)
		return NUM_SYNTAX;
	for (; i < f.len; i++) {
		unsigned d = (unsigned char)f.s[i] - '0';

		if (d > 9)
			return NUM_SYNTAX;
		if (v > (UINT64_MAX - d) / 10)
			return NUM_RANGE;
		v = v * 10 + d;
	}
	if ((!neg && v > (unsigned long long)INT64_MAX) ||
	    (neg && v > (unsigned long long)INT64_MAX + 1))
		return NUM_RANGE;
	*out = neg ? (long long)(0 - v) : (long long)v;
	return NUM_OK;
}

/*
 * "ddd.ddd" with at most 15 digits: the digits as an integer and the
 * power of ten are both exact doubles, so one division rounds correctly,
 * which is Go's own fast path (atof64exact).  @return 1 with *out set,
 * or 0 to take the general path.
 */
static int
parse_short_decimal(struct span f, double *out)
{
	static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
	    1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
	size_t i, ndig = 0, nfrac = 0;
	int64_t m = 0;
	int dot = 0;

	for (i = 0; i < f.len; i++) {
		unsigned d = (unsigned char)f.s[i] - '0';

		if (f.s[i] == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (d > 9 || ++ndig > 15)
			return 0;
		m = m * 10 + d;
		nfrac += (size_t)dot;
	}
	if (!dot || ndig == 0)
		return 0;
	*out = (double)m / pow10[nfrac];
	return 1;
}

/* strconv.ParseFloat(s, 64), with upstream's integer fast path.
 * @return an enum num_status or CBS_ENOMEM. */
static int
parse_value(struct span f, double *out)
{
	size_t i;
	int64_t iv = 0;

	for (i = 0; i < f.len; i++) {
		unsigned d = (unsigned char)f.s[i] - '0';

		if (d > 9 || iv > (INT64_MAX - 10) / 10)
			break;
		iv = iv * 10 + d;
	}
	if (i == f.len) {
		*out = (double)iv;
		return NUM_OK;
	}
	if (parse_short_decimal(f, out))
		return NUM_OK;
	return cbs_parse_go_float(f.s, f.len, out);
}

/* -------------------------------------------------------- config */

static long
config_index(const struct cbs_reader *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nconfig; i++)
		if (r->config[i].key == key)
			return (long)i;
	return -1;
}

/* Deleting swaps the last key into the hole, as upstream does, which
 * decides the order later stages see keys in. */
static void
config_delete(struct cbs_reader *r, const char *key)
{
	long i = config_index(r, key);

	if (i < 0)
		return;
	r->config[i] = r->config[r->nconfig - 1];
	r->nconfig--;
}

static int
config_set(struct cbs_reader *r, const char *key, const char *value,
    int is_file)
{
	long i = config_index(r, key);

	if (i < 0) {
		if (cbs_grow(&r->config, &r->capconfig, r->nconfig + 1,
		    sizeof(*r->config)) != 0)
			return CBS_ENOMEM;
		i = (long)r->nconfig++;
		r->config[i].key = key;
	}
	r->config[i].value = value;
	r->config[i].is_file = is_file;
	return 0;
}

/*
 * "key: value": key begins with a lower-case letter and has neither
 * white space nor upper-case letters; one or more blanks follow the colon
 * unless the value is empty.  @return 1 if the line is one.
 */
static int
split_config_line(struct span line, struct span *key, struct span *val)
{
	size_t i = 0, n;
	unsigned rune;

	while (i < line.len) {
		n = cbs_utf8_decode(line.s + i, line.len - i, &rune);
		if (i == 0 && !cbs_rune_is_lower(rune))
			return 0;
		if (cbs_rune_is_space(rune) || cbs_rune_is_upper(rune))
			return 0;
		if (i > 0 && rune == ':')
			break;
		i += n;
	}
	if (i == 0 || i >= line.len)
		return 0;
	key->s = line.s;
	key->len = i;
	val->s = line.s + i + 1;
	val->len = line.len - i - 1;
	if (val->len == 0)
		return 1;
	if (val->s[0] != ' ' && val->s[0] != '\t')
		return 0;
	while (val->len > 0 && (val->s[0] == ' ' || val->s[0] == '\t')) {
		val->s++;
		val->len--;
	}
	return 1;
}

/* -------------------------------------------------------- one stream */

struct read_state {
	struct cbs_reader *r;
	const char *path;
	size_t lineno;
	cbs_result_fn on_result;
	cbs_diag_fn on_diag;
	void *ctx;
};

static void
report(struct read_state *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Hand fn one diagnostic, whole: a message longer than the stack buffer
 * (a benchmark name has no limit) is formatted on the heap, so the
 * reason after a long name is never cut off.
 */
static void
emit_diag(cbs_diag_fn fn, void *ctx, const char *file, size_t line,
    const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

static void
emit_diag(cbs_diag_fn fn, void *ctx, const char *file, size_t line,
    const char *fmt, va_list ap)
{
	static const char nomem[] = " ... (message cut: out of memory)";
	char small[256], *big = NULL;
	struct cbs_diag d;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	d.msg = small;
	if (n < 0)
		d.msg = "(a message that could not be formatted)";
	else if ((size_t)n >= sizeof(small)) {
		if ((big = malloc((size_t)n + 1)) != NULL) {
			vsnprintf(big, (size_t)n + 1, fmt, again);
			d.msg = big;
		} else
			memcpy(small + sizeof(small) - sizeof(nomem), nomem,
			    sizeof(nomem));
	}
	va_end(again);
	d.file = file;
	d.line = line;
	fn(&d, ctx);
	free(big);
}

static void
report(struct read_state *st, const char *fmt, ...)
{
	va_list ap;

	if (st->on_diag == NULL)
		return;
	va_start(ap, fmt);
	emit_diag(st->on_diag, st->ctx, st->path, st->lineno, fmt, ap);
	va_end(ap);
}

static int
ensure_values(struct cbs_reader *r, size_t n)
{
	/* Two arrays of one capacity: each grows from r->capvalues alike,
	 * which moves only once both have. */
	size_t cv = r->capvalues, cs = r->capvalues;

	if (n <= r->capvalues)
		return 0;
	if (cbs_grow(&r->values, &cv, n, sizeof(*r->values)) != 0 ||
	    cbs_grow(&r->seen, &cs, n, sizeof(*r->seen)) != 0)
		return CBS_ENOMEM;
	memset(r->seen + r->capvalues, 0, (cs - r->capvalues) *
	    sizeof(*r->seen));
	r->capvalues = cs;
	return 0;
}

/*
 * Unit u[0..len) and its tidied form, whole: in small (3 * UNIT_SMALL
 * bytes) when they fit, else malloc'd.  @return the unit, its tidied
 * form after its NUL, or NULL out of memory; *factor the tidying's.
 */
static char *
unit_tidied(const char *u, size_t len, char *small, double *factor)
{
	/* Tidying turns "ns" into "sec": at most half as long again. */
	size_t cap;
	char *raw = small;

	if (len > SIZE_MAX / 3)
		return NULL;
	cap = len + len / 2 + 2;
	if (len + 1 + cap > 3 * UNIT_SMALL &&
	    (raw = malloc(len + 1 + cap)) == NULL)
		return NULL;
	memcpy(raw, u, len);
	raw[len] = '\0';
	*factor = cbs_unit_tidy(raw, raw + len + 1, cap);
	return raw;
}

/* Intern unit u[0..len) and work out its tidied form, unless it is the
 * one seen last at this position. */
static int
see_unit(struct cbs_reader *r, const char *u, size_t len,
    struct unit_seen *seen)
{
	char small[3 * UNIT_SMALL], *raw, *tidy;
	double factor;
	int rc = 0;

	if (seen->unit != NULL && seen->len == len &&
	    memcmp(seen->unit, u, len) == 0)
		return 0;
	if ((raw = unit_tidied(u, len, small, &factor)) == NULL)
		return CBS_ENOMEM;
	tidy = raw + len + 1;
	seen->unit = NULL;
	seen->factor = factor;
	if ((seen->tidy = cbs_intern(r->strings, tidy, strlen(tidy))) == NULL ||
	    (seen->unit = cbs_intern(r->strings, u, len)) == NULL)
		rc = CBS_ENOMEM;
	else
		seen->len = len;
	if (raw != small)
		free(raw);
	return rc;
}

/* Tidy one measurement in unit u[0..len); the unit changes only if the
 * number does. */
static int
tidy_value(struct cbs_reader *r, double val, const char *u, size_t len,
    struct unit_seen *seen, struct cbs_value *out)
{
	double tv;
	int rc;

	if ((rc = see_unit(r, u, len, seen)) != 0)
		return rc;
	tv = val * seen->factor;
	out->orig_value = val;
	out->orig_unit = NULL;
	out->value = val;
	out->unit = seen->unit;
	/* Upstream keeps the unit when tidying leaves the number equal
	 * (0 ns/op stays ns/op); NaN never compares equal. */
	if (tv < val || tv > val || isnan(tv)) {
		out->unit = seen->tidy;
		out->value = tv;
		out->orig_unit = seen->unit;
	}
	return 0;
}

static int
parse_result_line(struct read_state *st, struct span line)
{
	struct cbs_reader *r = st->r;
	struct cbs_result res;
	struct span rest = { line.s + 9, line.len - 9 }, name, f;
	enum num_status ns;
	size_t nv = 0;
	double val;
	int rc;

	name = next_field(&rest);
	f = next_field(&rest);
	if (f.len == 0) {
		/* A bare name is what "go test -v" prints before a
		 * benchmark's own output; upstream passes over it silently,
		 * but not a name followed by blanks. */
		if (name.s + name.len != line.s + line.len)
			report(st, "missing iteration count");
		return 0;
	}
	if ((ns = parse_iters(f, &res.iters)) != NUM_OK) {
		report(st, "parsing iteration count: %s", num_status_text(ns));
		return 0;
	}
	for (;;) {
		f = next_field(&rest);
		if (f.len == 0) {
			if (nv > 0)
				break;
			report(st, "missing measurements");
			return 0;
		}
		if ((rc = parse_value(f, &val)) == CBS_ENOMEM)
			return rc;
		if (rc != NUM_OK) {
			report(st, "parsing measurement: %s",
			    num_status_text((enum num_status)rc));
			return 0;
		}
		f = next_field(&rest);
		if (f.len == 0) {
			report(st, "missing units");
			return 0;
		}
		if ((rc = ensure_values(r, nv + 1)) != 0 ||
		    (rc = tidy_value(r, val, f.s, f.len, &r->seen[nv],
		    &r->values[nv])) != 0)
			return rc;
		nv++;
	}
	name.s[name.len] = '\0';
	res.name = name.s;
	res.name_len = name.len;
	res.config = r->config;
	res.nconfig = r->nconfig;
	res.values = r->values;
	res.nvalues = nv;
	res.path = st->path;
	res.line = st->lineno;
	return st->on_result(&res, st->ctx);
}

static const struct unit_meta *
meta_find(const struct cbs_reader *r, const char *unit, const char *key)
{
	size_t i;

	for (i = 0; i < r->nmeta; i++)
		if (r->meta[i].unit == unit && r->meta[i].key == key)
			return &r->meta[i];
	return NULL;
}

static int
meta_add(struct cbs_reader *r, const char *unit, const char *key,
    const char *value)
{
	struct unit_meta *m;

	if (cbs_grow(&r->meta, &r->capmeta, r->nmeta + 1,
	    sizeof(*r->meta)) != 0)
		return CBS_ENOMEM;
	m = &r->meta[r->nmeta++];
	m->unit = unit;
	m->key = key;
	m->value = value;
	return 0;
}

/* "Unit <unit> key=value ...": rest starts after "Unit". */
static int
parse_unit_line(struct read_state *st, struct span rest)
{
	struct cbs_reader *r = st->r;
	const struct unit_meta *have;
	struct span unit = next_field(&rest), f;
	struct unit_seen us;
	const char *tu, *key, *value;
	char *eq;
	int rc;

	if (unit.len == 0) {
		report(st, "missing unit");
		return 0;
	}
	memset(&us, 0, sizeof(us));
	if ((rc = see_unit(r, unit.s, unit.len, &us)) != 0)
		return rc;
	tu = us.tidy;
	while ((f = next_field(&rest)).len > 0) {
		eq = memchr(f.s, '=', f.len);
		if (eq == NULL || eq == f.s) {
			report(st, "expected key=value");
			continue;
		}
		key = cbs_intern(r->strings, f.s, (size_t)(eq - f.s));
		value = cbs_intern(r->strings, eq + 1,
		    f.len - (size_t)(eq - f.s) - 1);
		if (key == NULL || value == NULL)
			return CBS_ENOMEM;
		if ((have = meta_find(r, tu, key)) != NULL) {
			if (have->value != value)
				report(st, "metadata %s of unit %s already "
				    "set to %s", key, us.unit, have->value);
			continue;
		}
		if ((rc = meta_add(r, tu, key, value)) != 0)
			return rc;
	}
	return 0;
}

static int
parse_config_line(struct read_state *st, struct span key, struct span val)
{
	struct cbs_reader *r = st->r;
	const char *k = cbs_intern(r->strings, key.s, key.len), *v;

	if (k == NULL)
		return CBS_ENOMEM;
	if (val.len == 0) {
		config_delete(r, k);
		return 0;
	}
	if ((v = cbs_intern(r->strings, val.s, val.len)) == NULL)
		return CBS_ENOMEM;
	return config_set(r, k, v, 1);
}

static int
parse_line(struct read_state *st, struct span line)
{
	struct span rest, key, val;

	if (line.len >= 9 && memcmp(line.s, "Benchmark", 9) == 0)
		return parse_result_line(st, line);
	if (line.len > 0 && line.s[0] == 'U') {
		rest = line;
		if (span_is(next_field(&rest), "Unit"))
			return parse_unit_line(st, rest);
	}
	if (split_config_line(line, &key, &val))
		return parse_config_line(st, key, val);
	return 0;
}

static int
start_stream(struct cbs_reader *r, const char *label)
{
	const char *k, *v;

	r->nconfig = 0;
	if (label == NULL || label[0] == '\0')
		return 0;
	k = cbs_intern(r->strings, ".file", 5);
	v = cbs_intern(r->strings, label, strlen(label));
	if (k == NULL || v == NULL)
		return CBS_ENOMEM;
	return config_set(r, k, v, 0);
}

#define READ_CHUNK (64 * 1024)

/* Keep the partial line at the start of the buffer and read a chunk
 * after it, leaving a byte for the NUL after a last line. */
static int
fill(struct cbs_reader *r, FILE *fp)
{
	size_t have = r->end - r->start, n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, have);
		r->start = 0;
		r->end = have;
	}
	if (have > SIZE_MAX - READ_CHUNK - 1 ||
	    cbs_grow(&r->buf, &r->bufcap, have + READ_CHUNK + 1, 1) != 0)
		return CBS_ENOMEM;
	n = fread(r->buf + have, 1, READ_CHUNK, fp);
	r->end += n;
	if (n < READ_CHUNK) {
		if (ferror(fp))
			return CBS_EIO;
		r->eof = 1;
	}
	return 0;
}

/*
 * The next line, without its newline, in the buffer, with room for a
 * NUL after it.  @return 1, 0 at the end, or CBS_ENOMEM or CBS_EIO.
 */
static int
next_line(struct cbs_reader *r, FILE *fp, struct span *line)
{
	char *nl;
	int rc;

	for (;;) {
		nl = NULL;
		if (r->end - r->start > r->scanned)
			nl = memchr(r->buf + r->start + r->scanned, '\n',
			    r->end - r->start - r->scanned);
		if (nl != NULL) {
			line->s = r->buf + r->start;
			line->len = (size_t)(nl - line->s);
			r->start += line->len + 1;
			r->scanned = 0;
			return 1;
		}
		r->scanned = r->end - r->start;
		if (r->eof) {
			if (r->start == r->end)
				return 0;
			line->s = r->buf + r->start;
			line->len = r->end - r->start;
			r->start = r->end;
			r->scanned = 0;
			return 1;
		}
		if ((rc = fill(r, fp)) != 0)
			return rc;
	}
}

/* Seed the buffer with bytes already taken from the stream. */
static int
seed(struct cbs_reader *r, const char *prefix, size_t n)
{
	r->start = r->end = r->scanned = 0;
	r->eof = 0;
	if (n == 0)
		return 0;
	if (n == SIZE_MAX || cbs_grow(&r->buf, &r->bufcap, n + 1, 1) != 0)
		return CBS_ENOMEM;
	memcpy(r->buf, prefix, n);
	r->end = n;
	return 0;
}

/* One line of the Go format, without its newline; line[len] must be
 * writable. */
static int
read_line(struct read_state *st, char *s, size_t len)
{
	struct span line = { s, len };

	/* bufio.ScanLines drops "\n" and one "\r" before it. */
	if (line.len > 0 && line.s[line.len - 1] == '\r')
		line.len--;
	if (memchr(line.s, '\0', line.len) != NULL) {
		report(st, "line contains a NUL byte; ignored");
		return 0;
	}
	line.s[line.len] = '\0';
	return parse_line(st, line);
}

int
cbs_reader_read_after(struct cbs_reader *r, FILE *fp, const char *prefix,
    size_t n, const struct cbs_read_sink *sink, const char *label,
    char *err, size_t errlen)
{
	struct read_state st = { r, sink->path, 0, sink->on_result,
	    sink->on_diag, sink->ctx };
	struct span line;
	int rc;

	if ((rc = start_stream(r, label)) != 0 ||
	    (rc = seed(r, prefix, n)) != 0)
		return rc;
	while ((rc = next_line(r, fp, &line)) == 1) {
		st.lineno++;
		if ((rc = read_line(&st, line.s, line.len)) != 0)
			return rc;
	}
	if (rc == CBS_EIO)
		snprintf(err, errlen, "%s: %s", sink->path, strerror(errno));
	return rc;
}

int
cbs_reader_read(struct cbs_reader *r, FILE *fp, const char *path,
    const char *label, cbs_result_fn on_result, cbs_diag_fn on_diag,
    void *ctx, char *err, size_t errlen)
{
	struct cbs_read_sink sink = { path, on_result, on_diag, ctx };

	return cbs_reader_read_after(r, fp, NULL, 0, &sink, label, err,
	    errlen);
}

/* ------------------------------------------ for the other formats */

int
cbs_reader_begin(struct cbs_reader *r, const char *label)
{
	return start_stream(r, label);
}

int
cbs_reader_feed_line(struct cbs_reader *r, const struct cbs_read_sink *sink,
    char *line, size_t len, size_t lineno)
{
	struct read_state st = { r, sink->path, lineno, sink->on_result,
	    sink->on_diag, sink->ctx };

	return read_line(&st, line, len);
}

int
cbs_reader_set_config(struct cbs_reader *r, const char *key,
    const char *value, size_t vlen)
{
	const char *k = cbs_intern(r->strings, key, strlen(key)), *v;

	if (k == NULL || (v = cbs_intern(r->strings, value, vlen)) == NULL)
		return CBS_ENOMEM;
	return config_set(r, k, v, 1);
}

const struct cbs_config *
cbs_reader_config(const struct cbs_reader *r, size_t *n)
{
	*n = r->nconfig;
	return r->config;
}

int
cbs_reader_value(struct cbs_reader *r, double val, const char *unit,
    struct cbs_value *out)
{
	struct unit_seen seen = { NULL, 0, NULL, 1 };
	size_t len = strlen(unit);

	/* A result line cannot have an empty unit; a JSON key can be "".
	 * A JSON key has no length limit (issue 20, F9): counters of
	 * thousands of bytes stay units of their own. */
	if (len == 0)
		return CBS_EINVAL;
	return tidy_value(r, val, unit, len, &seen, out);
}

void
cbs_read_report(const struct cbs_read_sink *sink, size_t line,
    const char *fmt, ...)
{
	va_list ap;

	if (sink->on_diag == NULL)
		return;
	va_start(ap, fmt);
	emit_diag(sink->on_diag, sink->ctx, sink->path, line, fmt, ap);
	va_end(ap);
}

const char *
cbs_reader_unit_meta(const struct cbs_reader *r, const char *unit,
    const char *key)
{
	char small[3 * UNIT_SMALL], *raw;
	const char *v = NULL;
	size_t len = strlen(unit), i;
	double factor;

	/* Out of memory only for a unit of kilobytes: no metadata then. */
	if ((raw = unit_tidied(unit, len, small, &factor)) == NULL)
		return NULL;
	for (i = 0; i < r->nmeta && v == NULL; i++)
		if (strcmp(r->meta[i].unit, raw + len + 1) == 0 &&
		    strcmp(r->meta[i].key, key) == 0)
			v = r->meta[i].value;
	if (raw != small)
		free(raw);
	return v;
}
