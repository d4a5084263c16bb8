/*
 * check.c: -check, the regression gate over tables already written.
 *
 * CI pipelines keep benchstat's output as bench_*.diff artifacts and used
 * to grep them for "+N%".  This reads those tables back -- upstream's
 * current text format (box-drawing headers, "vs base" columns), its v1
 * format ("name  old time/op  new time/op  delta"), or cbenchstat's,
 * which is upstream's -- and applies the gate's rule to each printed
 * delta: a delta is printed only when the change is significant ("~"
 * otherwise), so it is a regression when it exceeds the threshold in the
 * worse direction for the unit.  Centres and deltas are kept as printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "internal.h"

#define MAX_COLS 64
#define BAR "\xe2\x94\x82"	/* the column rule, U+2502 */

enum check_state { IN_TEXT, IN_HEADER, IN_BODY };

struct check {
	const char *path;
	size_t lineno;
	double threshold;
	int gate_geomean;
	cbs_regression_fn fn;
	void *ctx;
	long hits;
	enum check_state state;
	int v1;				/* the table is in v1 format */
	char config[2048];		/* "key=value ..." */
	char units[MAX_COLS][128];	/* per column */
	char labels[MAX_COLS][256];
	size_t vs_base[MAX_COLS];	/* rune offset of "vs base" */
	size_t nvs;
	size_t ncols;
};

static size_t
rune_offset(const char *line, const char *p)
{
	size_t n = 0;

	for (; line < p; line++)
		if (((unsigned char)*line & 0xC0) != 0x80)
			n++;
	return n;
}

static void
trim_copy(char *dst, size_t len, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	snprintf(dst, len, "%.*s", (int)n, s);
}

/* ------------------------------------------------------ configuration */

/* Set key in the "key=value ..." list, keeping the order of first
 * appearance as upstream's table headers do. */
static void
config_set(struct check *c, const char *key, size_t klen, const char *val)
{
	char next[sizeof(c->config)], *p = c->config, *end;
	size_t o = 0;
	int done = 0;

	next[0] = '\0';
	while (*p != '\0') {
		end = strstr(p, " \x1f");
		if (end == NULL)
			end = p + strlen(p);
		if (strncmp(p, key, klen) == 0 && p[klen] == '=') {
			o += (size_t)snprintf(next + o, o < sizeof(next) ?
			    sizeof(next) - o : 0, "%s%.*s=%s", o ? " \x1f" : "",
			    (int)klen, key, val);
			done = 1;
		} else
			o += (size_t)snprintf(next + o, o < sizeof(next) ?
			    sizeof(next) - o : 0, "%s%.*s", o ? " \x1f" : "",
			    (int)(end - p), p);
		p = *end ? end + 2 : end;
	}
	if (!done)
		snprintf(next + o, o < sizeof(next) ? sizeof(next) - o : 0,
		    "%s%.*s=%s", o ? " \x1f" : "", (int)klen, key, val);
	memcpy(c->config, next, sizeof(next));
}

/* The configuration as one string; \x1f separates entries internally so
 * that values may hold spaces. */
static void
config_text(const struct check *c, char *buf, size_t len)
{
	size_t o = 0;
	const char *p;

	for (p = c->config; *p != '\0' && o + 1 < len; p++)
		if (*p != '\x1f')
			buf[o++] = *p;
	buf[o] = '\0';
}

/* "key: value" as upstream prints a table's configuration. */
static int
is_config_line(const char *line, size_t *klen)
{
	const char *colon = strstr(line, ": ");
	const char *p;

	if (colon == NULL || colon == line)
		return 0;
	for (p = line; p < colon; p++)
		if (*p == ' ' || *p == '\t')
			return 0;
	*klen = (size_t)(colon - line);
	return 1;
}

/* ------------------------------------------------------ headers */

/* Split a header row at the column rules; segment 0 is the label area. */
static size_t
split_bars(const char *line, const char **seg, size_t *seglen, size_t max)
{
	const char *p = line, *bar;
	size_t n = 0;

	while (n < max) {
		bar = strstr(p, BAR);
		seg[n] = p;
		seglen[n] = bar ? (size_t)(bar - p) : strlen(p);
		n++;
		if (bar == NULL)
			break;
		p = bar + strlen(BAR);
	}
	return n;
}

static void
header_row(struct check *c, const char *line)
{
	const char *seg[MAX_COLS + 2], *vs;
	size_t seglen[MAX_COLS + 2], n, i;
	char cell[256];

	n = split_bars(line, seg, seglen, MAX_COLS + 2);
	if (c->state != IN_HEADER) {
		c->state = IN_HEADER;
		c->ncols = 0;
		c->nvs = 0;
		c->v1 = 0;
	}
	/* The unit row is the last header row; earlier rows name columns. */
	for (i = 1; i + 1 < n && i - 1 < MAX_COLS; i++) {
		trim_copy(cell, sizeof(cell), seg[i], seglen[i]);
		snprintf(c->units[i - 1], sizeof(c->units[i - 1]), "%.*s",
		    (int)strcspn(cell, " "), cell);
		if (strstr(cell, "vs base") == NULL)
			snprintf(c->labels[i - 1], sizeof(c->labels[i - 1]),
			    "%s", cell);
	}
	c->ncols = n > 2 ? n - 2 : 0;
	c->nvs = 0;
	for (vs = strstr(line, "vs base"); vs != NULL && c->nvs < MAX_COLS;
	    vs = strstr(vs + 1, "vs base"))
		c->vs_base[c->nvs++] = rune_offset(line, vs);
}

/* v1: "name  old time/op  new time/op  delta". */
static int
v1_header(struct check *c, const char *line)
{
	const char *old;

	if (strncmp(line, "name ", 5) != 0 ||
	    (old = strstr(line, " old ")) == NULL ||
	    strstr(line, " new ") == NULL ||
	    strstr(line, "delta") == NULL)
		return 0;
	c->v1 = 1;
	c->ncols = 2;
	c->nvs = 0;
	snprintf(c->units[1], sizeof(c->units[1]), "%.*s",
	    (int)strcspn(old + 5, " \t"), old + 5);
	snprintf(c->labels[1], sizeof(c->labels[1]), "new");
	c->state = IN_BODY;
	return 1;
}

/* ------------------------------------------------------ body rows */

static int
unit_better(const char *unit)
{
	/* benchstat v1 named throughput "speed". */
	if (strcmp(unit, "speed") == 0)
		return CBS_BETTER_HIGHER;
	return cbs_unit_better_by_name(unit);
}

/* Parse "+19.89%" into 19.89. @return 0, or -1 for "~", "?" and such. */
static int
parse_delta(const char *s, double *pct)
{
	char *end;

	if (*s != '+' && *s != '-' && !(*s >= '0' && *s <= '9'))
		return -1;
	errno = 0;
	*pct = strtod(s, &end);
	return (end == s || *end != '%' || errno != 0) ? -1 : 0;
}

/* The token that ends just before p (after skipping blanks). */
static void
token_before(const char *line, const char *p, char *buf, size_t len,
    const char **start)
{
	const char *end = p;

	while (end > line && end[-1] == ' ')
		end--;
	p = end;
	while (p > line && p[-1] != ' ')
		p--;
	snprintf(buf, len, "%.*s", (int)(end - p), p);
	*start = p;
}

/* The centre printed before " ± " nearest to the left of limit; the
 * first one when first is set. */
static void
centre_before(const char *line, const char *limit, int first, char *buf,
    size_t len)
{
	const char *pm, *found = NULL, *start;

	for (pm = strstr(line, " \xc2\xb1 "); pm != NULL && pm < limit;
	    pm = strstr(pm + 1, " \xc2\xb1 ")) {
		found = pm;
		if (first)
			break;
	}
	if (found == NULL) {
		snprintf(buf, len, "?");
		return;
	}
	token_before(line, found, buf, len, &start);
}

static size_t
column_at(const struct check *c, size_t rune)
{
	size_t k, col = 1;

	for (k = 0; k < c->nvs; k++)
		if (c->vs_base[k] <= rune + 1)
			col = k + 1;
	return col;
}

static void
emit(struct check *c, const char *label, size_t col, const char *base,
    const char *value, const char *delta, const char *p)
{
	char config[2048];
	struct cbs_regression r;
	const char *unit = c->units[col < MAX_COLS ? col : 0];
	double pct;

	if (parse_delta(delta, &pct) != 0)
		return;
	if (cbs_gate_classify(unit_better(unit), 1, 100, 100 + pct,
	    c->threshold) != CBS_VERDICT_REGRESSION)
		return;
	config_text(c, config, sizeof(config));
	memset(&r, 0, sizeof(r));
	r.file = c->path;
	r.line = c->lineno;
	r.config = config;
	r.benchmark = label;
	r.unit = unit;
	r.column = c->labels[col < MAX_COLS ? col : 0];
	r.base = base;
	r.value = value;
	r.delta = delta;
	r.p = p;
	r.threshold = c->threshold;
	c->hits++;
	c->fn(&r, c->ctx);
}

/* Each "(p=0.000 n=10)" or "(n=1)" closes one comparison. */
static void
body_row(struct check *c, const char *line)
{
	char label[512], delta[64], p[32], base[64], value[64];
	const char *q, *start;
	size_t col;

	trim_copy(label, sizeof(label), line, strstr(line, "  ") ?
	    (size_t)(strstr(line, "  ") - line) : strlen(line));
	if (strcmp(label, "geomean") == 0 || strcmp(label, "[Geo mean]") == 0) {
		if (!c->gate_geomean)
			return;
		snprintf(label, sizeof(label), "geomean");
		for (q = strchr(line, '%'); q != NULL; q = strchr(q + 1, '%')) {
			token_before(line, q + 1, delta, sizeof(delta), &start);
			col = c->v1 ? 1 : column_at(c, rune_offset(line, start));
			centre_before(line, start, 0, value, sizeof(value));
			emit(c, label, col, "?", "?", delta, NULL);
		}
		return;
	}
	for (q = strstr(line, " ("); q != NULL; q = strstr(q + 1, " (")) {
		if (strncmp(q + 2, "p=", 2) != 0 && strncmp(q + 2, "n=", 2) != 0)
			continue;
		p[0] = '\0';
		if (strncmp(q + 2, "p=", 2) == 0)
			snprintf(p, sizeof(p), "%.*s", (int)strcspn(q + 4, " )"),
			    q + 4);
		token_before(line, q, delta, sizeof(delta), &start);
		col = c->v1 ? 1 : column_at(c, rune_offset(line, start));
		centre_before(line, line + strlen(line), 1, base, sizeof(base));
		centre_before(line, start, 0, value, sizeof(value));
		emit(c, label, col, base, value, delta, p[0] ? p : NULL);
	}
}

static void
check_line(struct check *c, char *line)
{
	size_t klen;

	if (strstr(line, BAR) != NULL) {
		header_row(c, line);
		return;
	}
	if (v1_header(c, line))
		return;
	if (line[0] == '\0') {
		c->state = IN_TEXT;
		return;
	}
	if (c->state == IN_HEADER)
		c->state = IN_BODY;
	if (c->state == IN_BODY) {
		/* Footnotes start with a superscript digit. */
		if ((unsigned char)line[0] >= 0x80)
			return;
		body_row(c, line);
		return;
	}
	if (is_config_line(line, &klen))
		config_set(c, line, klen, line + klen + 2);
}

long
cbs_check_read(FILE *fp, const char *path, double threshold,
    int gate_geomean, cbs_regression_fn fn, void *ctx, char *err,
    size_t errlen)
{
	struct check *c = calloc(1, sizeof(*c));
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long hits;

	if (c == NULL)
		return CBS_ENOMEM;
	c->path = path;
	c->threshold = threshold;
	c->gate_geomean = gate_geomean;
	c->fn = fn;
	c->ctx = ctx;
	while ((n = getline(&line, &cap, fp)) >= 0) {
		c->lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		check_line(c, line);
	}
	free(line);
	hits = c->hits;
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		hits = CBS_EIO;
	}
	free(c);
	return hits;
}
