/*
 * check.c: -check, the regression gate over tables already written.
 *
 * CI pipelines keep benchstat's output as bench_*.diff artifacts and used
 * to grep them for "+N%".  This reads those tables back and applies the
 * gate's rule to each comparison.  The format is told by the content:
 * a JSON report (check_json.c) when the file starts with "{", else lines
 * that may hold upstream's current text format (box-drawing headers,
 * "vs base" columns), its v1 format ("name  old time/op  new time/op
 * delta"), cbenchstat's CSV (check_csv.c) or Markdown (check_md.c).
 *
 * The gate fails closed: a file in which no table is found is an error,
 * since an empty artifact or raw "go test" output must not pass as "no
 * regression".  Nothing is cut: columns, names and numbers of any
 * length are read in full.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "internal.h"
#include "check.h"
#include "shift.h"

#define BAR "\xe2\x94\x82"	/* the column rule, U+2502 */
#define PLUS_MINUS " \xc2\xb1 "

/* ------------------------------------------------------ memory */

/* Grow *p to hold at least need elements of size bytes. */
static int
grow(void *p, size_t *cap, size_t need, size_t size)
{
	void **pp = p, *np;
	size_t ncap = *cap ? *cap : 8;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > (size_t)-1 / 2)
			return CBS_ENOMEM;
		ncap *= 2;
	}
	if (ncap > (size_t)-1 / size || (np = realloc(*pp, ncap * size)) ==
	    NULL)
		return CBS_ENOMEM;
	*pp = np;
	*cap = ncap;
	return 0;
}

static char *
strndup_in(struct cbs_check *c, struct cbs_arena **a, const char *s,
    size_t len)
{
	char *p = NULL;

	if (*a == NULL)
		*a = cbs_arena_new();
	if (*a != NULL && s != NULL)
		p = cbs_arena_strndup(*a, s, len);
	else if (*a != NULL && len < (size_t)-1 &&
	    (p = cbs_arena_alloc(*a, len + 1)) != NULL)
		p[0] = '\0';
	if (p == NULL)
		c->rc = CBS_ENOMEM;
	return p;
}

char *
cbs_check_strndup(struct cbs_check *c, const char *s, size_t len)
{
	return strndup_in(c, &c->scratch, s, len);
}

char *
cbs_check_keep(struct cbs_check *c, const char *s, size_t len)
{
	return strndup_in(c, &c->arena, s, len);
}

int
cbs_check_cols(struct cbs_check *c, size_t n)
{
	if (grow(&c->cols, &c->capcols, n, sizeof(*c->cols)) != 0)
		return c->rc = CBS_ENOMEM;
	if (n > c->ncols) {
		memset(c->cols + c->ncols, 0, (n - c->ncols) *
		    sizeof(*c->cols));
		c->ncols = n;
	}
	return 0;
}

int
cbs_check_field(struct cbs_check *c, char *f)
{
	if (f == NULL || grow(&c->fields, &c->capfields, c->nfields + 1,
	    sizeof(*c->fields)) != 0)
		return c->rc = CBS_ENOMEM;
	c->fields[c->nfields++] = f;
	return 0;
}

/* ------------------------------------------------------ configuration */

/* Set key in the list, keeping the order of first appearance as
 * upstream's table headers do. */
int
cbs_check_config_set(struct cbs_check *c, const char *key, size_t klen,
    const char *val, size_t vlen)
{
	size_t i;
	char *v;

	if ((v = cbs_check_keep(c, val, vlen)) == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < c->nkeys; i++)
		if (strlen(c->keys[i]) == klen &&
		    memcmp(c->keys[i], key, klen) == 0) {
			c->vals[i] = v;
			return 0;
		}
	if (grow(&c->keys, &c->capkeys, c->nkeys + 1, sizeof(*c->keys)) !=
	    0 || grow(&c->vals, &c->capvals, c->nkeys + 1,
	    sizeof(*c->vals)) != 0 ||
	    (c->keys[c->nkeys] = cbs_check_keep(c, key, klen)) == NULL)
		return c->rc = CBS_ENOMEM;
	c->vals[c->nkeys++] = v;
	return 0;
}

void
cbs_check_config_clear(struct cbs_check *c)
{
	c->nkeys = 0;
}

/* "key=value ..." as the live gate prints a table's configuration. */
static const char *
config_text(struct cbs_check *c)
{
	size_t i, len = 1, o = 0;
	char *buf;

	for (i = 0; i < c->nkeys; i++)
		len += strlen(c->keys[i]) + strlen(c->vals[i]) + 2;
	if ((buf = cbs_check_strndup(c, NULL, len)) == NULL)
		return "";
	for (i = 0; i < c->nkeys; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s=%s",
		    o > 0 ? " " : "", c->keys[i], c->vals[i]);
	return buf;
}

/* "key: value" as upstream prints a table's configuration. */
static int
config_line(struct cbs_check *c, const char *line)
{
	const char *colon = strstr(line, ": ");
	const char *p;

	if (colon == NULL || colon == line)
		return 0;
	for (p = line; p < colon; p++)
		if (*p == ' ' || *p == '\t')
			return 0;
	cbs_check_config_set(c, line, (size_t)(colon - line), colon + 2,
	    strlen(colon + 2));
	return 1;
}

/* ------------------------------------------------------ the gate */

static int
unit_better(const char *unit)
{
	/* benchstat v1 named throughput "speed". */
	if (strcmp(unit, "speed") == 0)
		return CBS_BETTER_HIGHER;
	return cbs_unit_better_by_name(unit);
}

int
cbs_check_parse_delta(const char *s, double *pct)
{
	size_t len = strlen(s);

	if (*s != '+' && *s != '-' && !(*s >= '0' && *s <= '9'))
		return -1;
	if (len < 2 || s[len - 1] != '%')
		return -1;
	return cbs_parse_go_float(s, len - 1, pct) == 0 ? 0 : -1;
}

void
cbs_check_cell_init(struct cbs_check_cell *cell)
{
	memset(cell, 0, sizeof(*cell));
	cell->significant = -1;
	cell->better = CBS_BETTER_UNKNOWN;
	cell->base_center = cell->new_center = NAN;
	cell->base_lo = cell->base_hi = cell->new_lo = cell->new_hi = NAN;
	cell->ratio = cell->delta_percent = cell->p_value = NAN;
	cell->alpha = NAN;
}

/*
 * The live gate's rule on what the file holds: the exact centres when
 * it has them (CSV, JSON), else the printed delta, which is printed
 * only when the change is significant ("~" otherwise).
 */
static enum cbs_verdict
verdict(const struct cbs_check *c, const struct cbs_check_cell *cell)
{
	int better = cell->better != CBS_BETTER_UNKNOWN ? cell->better :
	    unit_better(cell->unit);
	int sig = cell->significant >= 0 ? cell->significant :
	    strcmp(cell->delta, "~") != 0;
	double pct;

	if (cell->geomean && !c->gate_geomean)
		return CBS_VERDICT_NONE;
	if (cell->geomean && !isnan(cell->ratio))
		return cbs_gate_classify(better, 1, 1, cell->ratio,
		    c->threshold);
	if (!cell->geomean && !isnan(cell->base_center) &&
	    !isnan(cell->new_center))
		return cbs_gate_classify(better, sig, cell->base_center,
		    cell->new_center, c->threshold);
	if (!sig)
		return CBS_VERDICT_NOISE;
	if (cbs_check_parse_delta(cell->delta, &pct) != 0)
		return CBS_VERDICT_NONE;
	return cbs_gate_classify(better, 1, 100, 100 + pct, c->threshold);
}

/* A centre the file gave as a number, scaled as the live gate prints
 * it; n is 2 to share the scale with the other centre. */
static const char *
scaled(struct cbs_check *c, const char *unit, const double *v, size_t n)
{
	char buf[1024];
	struct cbs_scaler sc;
	double vals[2];
	size_t k = 0, i;

	if (isnan(v[0]))
		return "?";
	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			vals[k++] = v[i];
	sc = cbs_unit_common_scale(vals, k, cbs_unit_class_of(unit));
	cbs_unit_format(sc, v[0], buf, sizeof(buf));
	return cbs_check_strndup(c, buf, strlen(buf));
}

/* A copy of s kept for the whole file, or NULL for NULL. */
static const char *
keep(struct cbs_check *c, const char *s)
{
	return s == NULL ? NULL : cbs_check_keep(c, s, strlen(s));
}

/*
 * An upper bound of the U-test's p-value from what the file holds: the
 * exact value (JSON), the printed one plus its rounding (0.000 may be
 * anything below 0.0005), 1 for "~" without a p, or NaN (no test).
 */
static double
family_p(const struct cbs_check_cell *cell)
{
	double p;

	if (cell->geomean)
		return NAN;
	if (!isnan(cell->p_value))
		return cell->p_value;
	if (cell->p != NULL) {
		return cbs_parse_go_float(cell->p, strlen(cell->p), &p) != 0 ?
		    NAN : p + 0.0005;
	}
	return cell->delta != NULL && strcmp(cell->delta, "~") == 0 ? 1 :
	    NAN;
}

static struct cbs_check_item *
new_item(struct cbs_check *c)
{
	struct cbs_check_item *p;
	size_t cap;

	if (c->nitems == c->capitems) {
		cap = c->capitems ? 2 * c->capitems : 64;
		if ((p = realloc(c->items, cap * sizeof(*p))) == NULL) {
			c->rc = CBS_ENOMEM;
			return NULL;
		}
		c->items = p;
		c->capitems = cap;
	}
	p = &c->items[c->nitems++];
	memset(p, 0, sizeof(*p));
	return p;
}

/* The line the gate would print for cell, its strings kept. */
static void
item_line(struct cbs_check *c, const struct cbs_check_cell *cell,
    struct cbs_regression *r)
{
	double pair[2];
	size_t n = cell->geomean ? 1 : 2;

	r->file = c->path;
	r->line = cell->line;
	r->config = keep(c, config_text(c));
	r->benchmark = keep(c, cell->benchmark);
	r->unit = keep(c, cell->unit);
	r->column = keep(c, cell->column ? cell->column : "");
	pair[0] = cell->base_center;
	pair[1] = cell->new_center;
	r->base = keep(c, cell->base ? cell->base : scaled(c, cell->unit,
	    pair, n));
	pair[0] = cell->new_center;
	pair[1] = cell->base_center;
	r->value = keep(c, cell->value ? cell->value : scaled(c, cell->unit,
	    pair, n));
	r->delta = keep(c, cell->delta);
	r->p = keep(c, cell->p);
	r->estimate = keep(c, cell->estimate);
	r->interval = keep(c, cell->interval);
	r->noise = keep(c, cell->noise);
	r->runs = keep(c, cell->runs);
	r->threshold = c->threshold;
}

void
cbs_check_gate(struct cbs_check *c, const struct cbs_check_cell *cell)
{
	struct cbs_check_item *it;
	struct cbs_check_cell past = *cell;

	/* Whether the change is past the threshold, whatever its test. */
	past.significant = 1;
	if ((it = new_item(c)) == NULL)
		return;
	it->past = verdict(c, &past) == CBS_VERDICT_REGRESSION;
	it->geomean = cell->geomean;
	it->p = family_p(cell);
	it->stored = keep(c, cell->verdict);
	if (it->past || it->stored != NULL)
		item_line(c, cell, &it->r);
}

/* Report every item of kind ("regression" or "inconclusive"). */
static void
report_items(struct cbs_check *c, const unsigned char *kind_of,
    int kind, const char *name)
{
	size_t i;

	for (i = 0; i < c->nitems; i++) {
		if (kind_of[i] != kind)
			continue;
		c->items[i].r.kind = name;
		/* Only an inconclusive line gives the noise and the advice. */
		if (kind == 1)
			c->items[i].r.noise = c->items[i].r.runs = NULL;
		if (c->items[i].r.config == NULL ||
		    c->items[i].r.base == NULL || c->items[i].r.value == NULL) {
			c->rc = CBS_ENOMEM;
			return;
		}
		c->fn(&c->items[i].r, c->ctx);
	}
}

/*
 * Judge the file's comparisons.  A JSON report written with the same
 * gate settings carries the live gate's verdicts, which are used as
 * they are.  Otherwise the gate has only rounded p-values: Holm's
 * procedure over every comparison of the file, at -gate-alpha, on
 * their upper bounds; a change past the threshold is a regression when
 * its test holds, else inconclusive.  Geomeans have no test and are
 * judged by their ratio (with -gate-geomean).
 */
static void
check_finish(struct cbs_check *c)
{
	unsigned char *kind = calloc(c->nitems + 1, 1), *rej = NULL;
	double *p = NULL, *level = NULL;
	size_t i, m = 0, *idx = NULL, nreg = 0, ninc = 0;

	if (kind == NULL || (p = malloc((c->nitems + 1) * sizeof(*p))) ==
	    NULL || (level = malloc((c->nitems + 1) * sizeof(*level))) ==
	    NULL || (idx = malloc((c->nitems + 1) * sizeof(*idx))) == NULL ||
	    (rej = calloc(c->nitems + 1, 1)) == NULL)
		goto oom;
	for (i = 0; i < c->nitems; i++)
		if (!c->items[i].geomean) {
			idx[m] = i;
			p[m++] = c->items[i].p;
		}
	if (!c->stored && cbs_holm(p, m, c->gate_alpha, rej, level) != 0)
		goto oom;
	for (i = 0; i < m; i++)
		kind[idx[i]] = rej[i] ? 1 : 2;
	for (i = 0; i < c->nitems; i++) {
		if (c->stored)
			kind[i] = c->items[i].stored == NULL ? 0 :
			    strcmp(c->items[i].stored, "regression") == 0 ? 1 :
			    strcmp(c->items[i].stored, "inconclusive") == 0 ?
			    2 : 0;
		else if (!c->items[i].past)
			kind[i] = 0;
		else if (c->items[i].geomean)
			kind[i] = 1;
		nreg += kind[i] == 1;
		ninc += kind[i] == 2;
	}
	report_items(c, kind, 1, "regression");
	report_items(c, kind, 2, "inconclusive");
	c->hits = (long)nreg + (c->strict ? (long)ninc : 0);
	goto out;
oom:
	c->rc = CBS_ENOMEM;
out:
	free(kind);
	free(p);
	free(level);
	free(idx);
	free(rej);
}

/* ------------------------------------------------------ text headers */

/*
 * strstr that reads no further than the match.  A row of thousands of
 * comparisons is searched once per comparison; the C library's strstr
 * may look at the whole rest of the line each time (sanitizers' does),
 * which makes the row quadratic.
 */
static const char *
find(const char *p, const char *needle)
{
	size_t n = strlen(needle);

	for (; *p != '\0'; p++)
		if (*p == *needle && strncmp(p, needle, n) == 0)
			return p;
	return NULL;
}

static size_t
rune_offset(const char *line, const char *p)
{
	size_t n = 0;

	for (; line < p; line++)
		if (((unsigned char)*line & 0xC0) != 0x80)
			n++;
	return n;
}

/* s[0..n) without blanks around it, kept for the file or the line. */
static char *
trimmed(struct cbs_check *c, const char *s, size_t n, int keep)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return keep ? cbs_check_keep(c, s, n) : cbs_check_strndup(c, s, n);
}

/* The header row before this one named columns: add its names to the
 * labels, as cbs_table_col_label joins the values of several fields. */
static void
fold_pending(struct cbs_check *c)
{
	struct cbs_check_col *col;
	const char *p;
	size_t i, n;
	char *s;

	if (cbs_check_cols(c, c->npending) != 0)
		return;
	for (i = 0; i < c->npending; i++) {
		col = &c->cols[i];
		if ((p = c->pending[i]) == NULL || p[0] == '\0')
			continue;
		if (col->label == NULL) {
			col->label = p;
			continue;
		}
		n = strlen(col->label) + strlen(p) + 2;
		if ((s = cbs_check_keep(c, NULL, n)) == NULL)
			return;
		snprintf(s, n, "%s %s", col->label, p);
		col->label = s;
	}
}

/* A row with column rules; segment 0 is the label area, and the text
 * after the last rule is not a column. */
static void
text_header_row(struct cbs_check *c, const char *line)
{
	const char *p = line, *bar, *vs;
	size_t seg = 0, runes = 0;

	if (c->kind != CBS_CHECK_TEXT_HEAD) {
		c->kind = CBS_CHECK_TEXT_HEAD;
		c->ncols = c->nvs = 0;
	} else
		fold_pending(c);
	c->npending = 0;
	while ((bar = find(p, BAR)) != NULL) {
		if (seg++ > 0) {
			if (grow(&c->pending, &c->cappending, c->npending + 1,
			    sizeof(*c->pending)) != 0) {
				c->rc = CBS_ENOMEM;
				return;
			}
			c->pending[c->npending++] = trimmed(c, p,
			    (size_t)(bar - p), 1);
		}
		p = bar + strlen(BAR);
	}
	/* Offsets in runes, counted on from the previous one. */
	p = line;
	for (vs = find(line, "vs base"); vs != NULL;
	    vs = find(vs + 1, "vs base")) {
		if (grow(&c->vs_base, &c->capvs, c->nvs + 1,
		    sizeof(*c->vs_base)) != 0) {
			c->rc = CBS_ENOMEM;
			return;
		}
		runes += rune_offset(p, vs);
		p = vs;
		c->vs_base[c->nvs++] = runes;
	}
}

/* The last header row names the units: "sec/op", "sec/op  vs base". */
static void
text_header_end(struct cbs_check *c)
{
	size_t i;
	const char *u;

	if (cbs_check_cols(c, c->npending) != 0)
		return;
	for (i = 0; i < c->npending; i++) {
		u = c->pending[i];
		if (u == NULL)
			return;
		c->cols[i].unit = cbs_check_keep(c, u, strcspn(u, " "));
	}
	c->kind = CBS_CHECK_TEXT;
	c->ntables++;
}

/* v1: "name  old time/op  new time/op  delta". */
static int
v1_header(struct cbs_check *c, const char *line)
{
	const char *old, *unit;

	if (strncmp(line, "name ", 5) != 0 ||
	    (old = strstr(line, " old ")) == NULL ||
	    strstr(line, " new ") == NULL || strstr(line, "delta") == NULL)
		return 0;
	c->ncols = 0;
	if (cbs_check_cols(c, 2) != 0)
		return 1;
	unit = cbs_check_keep(c, old + 5, strcspn(old + 5, " \t"));
	c->cols[0].unit = c->cols[1].unit = unit;
	c->cols[0].label = "old";
	c->cols[1].label = "new";
	c->kind = CBS_CHECK_V1;
	c->ntables++;
	return 1;
}

/* ------------------------------------------------------ text body rows */

/* The token that ends just before p (after skipping blanks). */
static const char *
token_before(struct cbs_check *c, const char *line, const char *p,
    const char **start)
{
	const char *end = p;

	while (end > line && end[-1] == ' ')
		end--;
	p = end;
	while (p > line && p[-1] != ' ')
		p--;
	*start = p;
	return cbs_check_strndup(c, p, (size_t)(end - p));
}

/*
 * Where a row has been scanned to: comparisons are found left to right,
 * so runes, centres and columns are counted in one pass over the row,
 * however many comparisons it has.
 */
struct scan {
	const char *pos;	/* runes counted up to here */
	size_t runes;
	const char *pm;		/* searched for " ± " up to here */
	const char *last_pm;	/* the last one found */
	size_t vs;		/* "vs base" offsets passed */
};

/* The column whose "vs base" is nearest to the left of start. */
static size_t
scan_column(const struct cbs_check *c, struct scan *s, const char *start)
{
	for (; s->pos < start; s->pos++)
		if (((unsigned char)*s->pos & 0xC0) != 0x80)
			s->runes++;
	while (s->vs < c->nvs && c->vs_base[s->vs] <= s->runes + 1)
		s->vs++;
	return s->vs > 0 ? s->vs : 1;
}

/* The centre printed before the last " ± " to the left of start. */
static const char *
scan_centre(struct cbs_check *c, const char *line, struct scan *s,
    const char *start)
{
	const char *tok;

	for (; s->pm < start; s->pm++)
		if (strncmp(s->pm, PLUS_MINUS, strlen(PLUS_MINUS)) == 0)
			s->last_pm = s->pm;
	if (s->last_pm == NULL)
		return "?";
	return token_before(c, line, s->last_pm, &tok);
}

static void
text_cell(struct cbs_check *c, struct cbs_check_cell *cell, size_t col)
{
	if (col >= c->ncols || c->cols[col].unit == NULL)
		return;
	cell->unit = c->cols[col].unit;
	cell->column = c->cols[col].label;
	if (cell->delta != NULL && cell->base != NULL && cell->value != NULL)
		cbs_check_gate(c, cell);
}

static void
text_geomean_row(struct cbs_check *c, const char *line,
    struct cbs_check_cell *cell)
{
	struct scan s = { line, 0, line, NULL, 0 };
	const char *q, *start;

	cell->benchmark = "geomean";
	cell->geomean = 1;
	cell->base = cell->value = "?";
	for (q = find(line, "%"); q != NULL; q = find(q + 1, "%")) {
		cell->delta = token_before(c, line, q + 1, &start);
		text_cell(c, cell, c->kind == CBS_CHECK_V1 ? 1 :
		    scan_column(c, &s, start));
	}
}

/* Each "(p=0.000 n=10)" or "(n=1)" closes one comparison. */
static void
text_body_row(struct cbs_check *c, const char *line)
{
	struct scan s = { line, 0, line, NULL, 0 };
	struct cbs_check_cell cell;
	const char *q, *start, *dbl = strstr(line, "  "), *pm;
	char *label;

	cbs_check_cell_init(&cell);
	cell.line = c->lineno;
	label = trimmed(c, line, dbl ? (size_t)(dbl - line) : strlen(line),
	    0);
	if (label == NULL)
		return;
	if (strcmp(label, "geomean") == 0 || strcmp(label, "[Geo mean]") == 0) {
		text_geomean_row(c, line, &cell);
		return;
	}
	cell.benchmark = label;
	cell.base = (pm = strstr(line, PLUS_MINUS)) == NULL ? "?" :
	    token_before(c, line, pm, &start);
	for (q = find(line, " ("); q != NULL; q = find(q + 1, " (")) {
		if (strncmp(q + 2, "p=", 2) != 0 &&
		    strncmp(q + 2, "n=", 2) != 0)
			continue;
		cell.p = strncmp(q + 2, "p=", 2) != 0 ? NULL :
		    cbs_check_strndup(c, q + 4, strcspn(q + 4, " )"));
		cell.delta = token_before(c, line, q, &start);
		cell.value = scan_centre(c, line, &s, start);
		text_cell(c, &cell, c->kind == CBS_CHECK_V1 ? 1 :
		    scan_column(c, &s, start));
	}
}

/* ------------------------------------------------------ lines */

/* Between tables: a header of any line format, or configuration. */
static void
between_tables(struct cbs_check *c, const char *line)
{
	if (cbs_check_csv_line(c, line) || cbs_check_md_line(c, line))
		return;
	config_line(c, line);
}

static void
check_line(struct cbs_check *c, const char *line)
{
	if (c->kind == CBS_CHECK_MD) {
		if (cbs_check_md_line(c, line))
			return;
		c->kind = CBS_CHECK_NONE;
	}
	if (c->kind == CBS_CHECK_CSV) {
		if (line[0] == '\0')
			c->kind = CBS_CHECK_NONE;
		else
			cbs_check_csv_line(c, line);
		return;
	}
	if (strstr(line, BAR) != NULL) {
		text_header_row(c, line);
		return;
	}
	if (v1_header(c, line))
		return;
	if (c->kind == CBS_CHECK_TEXT_HEAD)
		text_header_end(c);
	if (line[0] == '\0') {
		c->kind = CBS_CHECK_NONE;
		return;
	}
	if (c->kind == CBS_CHECK_TEXT || c->kind == CBS_CHECK_V1) {
		/* Footnotes start with a superscript digit. */
		if ((unsigned char)line[0] < 0x80)
			text_body_row(c, line);
		return;
	}
	between_tables(c, line);
}

/* @return 1 if line holds nothing but blanks. */
static int
blank(const char *line)
{
	return line[strspn(line, " \t")] == '\0';
}

static int
read_lines(struct cbs_check *c, FILE *fp, char *err, size_t errlen)
{
	char *line = NULL;
	size_t cap = 0, blanks = 0;
	ssize_t n;
	int rc = 0, content = 0;

	while (c->rc == 0 && (n = getline(&line, &cap, fp)) >= 0) {
		c->lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!content && blank(line)) {
			blanks++;
			continue;
		}
		/* A JSON report is told by its first character. */
		if (!content++ && line[strspn(line, " \t")] == '{') {
			rc = cbs_check_json(c, fp, blanks, line, err, errlen);
			break;
		}
		check_line(c, line);
		cbs_arena_free(c->scratch);
		c->scratch = NULL;
		c->nfields = 0;
	}
	free(line);
	if (rc != 0)
		return rc;
	/* A table whose header ends the file is still a table. */
	if (c->kind == CBS_CHECK_TEXT_HEAD)
		text_header_end(c);
	if (c->rc == 0 && ferror(fp)) {
		snprintf(err, errlen, "%s: %s", c->path, strerror(errno));
		return CBS_EIO;
	}
	return c->rc;
}

static void
check_free(struct cbs_check *c)
{
	cbs_arena_free(c->scratch);
	cbs_arena_free(c->arena);
	free(c->keys);
	free(c->vals);
	free(c->cols);
	free(c->pending);
	free(c->vs_base);
	free(c->fields);
	free(c->items);
}

long
cbs_check_read(FILE *fp, const char *path, const struct cbs_gate_opts *o,
    cbs_regression_fn fn, void *ctx, char *err, size_t errlen)
{
	struct cbs_check c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.path = path;
	c.threshold = o->threshold;
	c.gate_geomean = o->gate_geomean;
	c.gate_alpha = o->alpha;
	c.strict = o->strict;
	c.fn = fn;
	c.ctx = ctx;
	rc = read_lines(&c, fp, err, errlen);
	if (rc == 0 && c.ntables > 0) {
		check_finish(&c);
		rc = c.rc;
	}
	if (rc == 0 && c.ntables == 0) {
		snprintf(err, errlen, "%s: no benchmark table found (want the "
		    "output of cbenchstat or benchstat: text, CSV, Markdown or "
		    "JSON)", path);
		rc = CBS_EPARSE;
	}
	if (rc == CBS_ENOMEM)
		snprintf(err, errlen, "%s: %s", path, cbs_strerror(rc));
	check_free(&c);
	return rc != 0 ? rc : c.hits;
}
