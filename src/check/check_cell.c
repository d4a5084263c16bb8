/*
 * check_cell.c: what every -check reader shares: the record of one
 * comparison read back, the file's configuration and strings, and the
 * gate's family-wise judgement once the file is read (check.h).
 *
 * The readers (check_text.c for upstream's text formats, check_csv.c,
 * check_md.c, check_json.c) fill struct cbs_check_cell and hand each to
 * cbs_check_gate; cbs_check_finish judges them all.  Nothing here calls
 * a reader, so the readers depend on this file and not the reverse.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "check/check.h"
#include "gate/gate.h"
#include "input/input.h"
#include "stats/shift.h"

/* ------------------------------------------------------ memory */

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
	if (cbs_grow(&c->cols, &c->capcols, n, sizeof(*c->cols)) != 0)
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
	if (f == NULL || cbs_grow(&c->fields, &c->capfields,
	    c->nfields + 1,
	    sizeof(*c->fields)) != 0)
		return c->rc = CBS_ENOMEM;
	c->fields[c->nfields++] = f;
	return 0;
}

const char *
cbs_check_field_at(const struct cbs_check *c, size_t i)
{
	return i < c->nfields ? c->fields[i] : "";
}

/* ------------------------------------------------------ tables */

void
cbs_check_fail(struct cbs_check *c, size_t line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->rc != 0)
		return;
	c->rc = CBS_EPARSE;
	if (c->errlen == 0)
		return;
	n = snprintf(c->err, c->errlen, "%s:%zu: ", c->path, line);
	if (n < 0 || (size_t)n >= c->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

void
cbs_check_pending(struct cbs_check *c)
{
	if (c->pending_line == 0)
		c->pending_line = c->lineno;
}

void
cbs_check_begin(struct cbs_check *c, enum cbs_check_kind kind)
{
	c->kind = kind;
	c->table_line = c->last_line = c->lineno;
	c->table_item = c->nitems;
	c->pending_line = 0;
	c->nrows = c->geomean_line = 0;
	c->max_note = c->nnotes = 0;
	c->ntables++;
}

/*
 * Every writer ends a table alike: upstream's text and cbenchstat's
 * Markdown write a geomean row under two rows or more, CSV under every
 * table, v1 only on request; the footnotes (text) or notes (Markdown)
 * follow, one for each number the rows cite.  A table without them was
 * cut, and a gate that passed it would pass on less than it was given.
 */
void
cbs_check_end(struct cbs_check *c)
{
	enum cbs_check_kind kind = c->kind;
	int want_geomean = kind == CBS_CHECK_CSV ? c->nrows > 0 :
	    kind != CBS_CHECK_V1 && c->nrows > 1;

	c->kind = CBS_CHECK_NONE;
	if (kind == CBS_CHECK_NONE)
		return;
	if (c->nrows == 0)
		cbs_check_fail(c, c->last_line, "table cut short: its header "
		    "(line %zu) is followed by no row", c->table_line);
	else if (want_geomean && c->geomean_line == 0)
		cbs_check_fail(c, c->last_line, "table cut short: %zu "
		    "row%s and no geomean row after %s", c->nrows,
		    c->nrows == 1 ? "" : "s", c->nrows == 1 ? "it" : "them");
	else if (c->nnotes < c->max_note)
		cbs_check_fail(c, c->last_line, "table cut short: its rows "
		    "cite note %zu, which does not follow them",
		    c->nnotes + 1);
}

int
cbs_check_is_test(const char *s, size_t len)
{
	size_t i = 0;

	if (len > 2 && strncmp(s, "p=", 2) == 0) {
		for (i = 2; i < len && s[i] != ' '; i++)
			;
		if (i == 2 || i + 1 >= len)
			return 0;
		i++;
	}
	if (len - i < 3 || strncmp(s + i, "n=", 2) != 0)
		return 0;
	for (i += 2; i < len; i++)
		if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '+')
			return 0;
	return 1;
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
	if (cbs_grow(&c->keys, &c->capkeys, c->nkeys + 1, sizeof(*c->keys)) !=
	    0 || cbs_grow(&c->vals, &c->capvals, c->nkeys + 1,
	    sizeof(*c->vals)) != 0 ||
	    (c->keys[c->nkeys] = cbs_check_keep(c, key, klen)) == NULL)
		return c->rc = CBS_ENOMEM;
	c->vals[c->nkeys++] = v;
	return 0;
}

/*
 * A whole gate line ("regression: benchmark=B unit=U column=C ...",
 * cbs_regression_line) as the command writes it to standard error: a
 * report saved with 2>&1 starts with them, where they would read as
 * configuration.
 */
int
cbs_check_gate_line(const char *line)
{
	static const char *const kinds[] = { "regression: ",
	    "inconclusive: ", "drift: ", "leak: " };
	size_t i, n;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		n = strlen(kinds[i]);
		if (strncmp(line, kinds[i], n) == 0)
			return strncmp(line + n, "benchmark=", 10) == 0 &&
			    strstr(line, " unit=") != NULL &&
			    strstr(line, " column=") != NULL &&
			    strstr(line, " threshold=") != NULL;
	}
	return 0;
}

/* A hint for an error at a line cbs_check_gate_line knows. */
const char *
cbs_check_gate_line_hint(const char *line)
{
	return cbs_check_gate_line(line) ? CBS_CHECK_GATE_LINE_HINT : "";
}

/* "key: value" as upstream prints a table's configuration; the CSV
 * form is the same text in one quoted field. */
int
cbs_check_config_line(struct cbs_check *c, const char *line)
{
	const char *colon = strstr(line, ": ");
	const char *p;
	unsigned rune;
	size_t n;

	if (colon == NULL || colon == line)
		return 0;
	/* Go's rule (reader.c): a key starts lower-case and has no blank
	 * or upper-case letter; so "**Gate: pass**" above a Markdown
	 * report is not one. */
	for (p = line; p < colon; p += n) {
		n = cbs_utf8_decode(p, (size_t)(colon - p), &rune);
		if ((p == line && !cbs_rune_is_lower(rune)) ||
		    cbs_rune_is_space(rune) || cbs_rune_is_upper(rune))
			return 0;
	}
	cbs_check_config_set(c, line, (size_t)(colon - line), colon + 2,
	    strlen(colon + 2));
	return 1;
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

/* The better direction of cell's unit, or CBS_BETTER_UNKNOWN. */
static int
better_of(const struct cbs_check_cell *cell)
{
	return cell->better != CBS_BETTER_UNKNOWN ? cell->better :
	    unit_better(cell->unit);
}

/*
 * The change as the live gate measures it against a run-wide shift: a
 * log ratio, positive when worse; NaN when the file does not tell (no
 * direction, "~", "?").
 */
static double
worse_log(const struct cbs_check_cell *cell)
{
	int better = better_of(cell);
	double pct, r;

	if (better != CBS_BETTER_LOWER && better != CBS_BETTER_HIGHER)
		return NAN;
	if (!isnan(cell->base_center) && !isnan(cell->new_center))
		r = cell->new_center / cell->base_center;
	else if (cell->delta != NULL &&
	    cbs_check_parse_delta(cell->delta, &pct) == 0)
		r = 1 + pct / 100;
	else
		return NAN;
	return better == CBS_BETTER_HIGHER ? -log(r) : log(r);
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

	if (cbs_grow(&c->items, &c->capitems, c->nitems + 1,
	    sizeof(*c->items)) != 0) {
		c->rc = CBS_ENOMEM;
		return NULL;
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
	r->estimate = keep(c, cell->estimate);
	r->interval = keep(c, cell->interval);
	r->noise = keep(c, cell->noise);
	r->runs = keep(c, cell->runs);
	r->doubt = keep(c, cell->doubt);
	r->run_shift = keep(c, cell->run_shift);
	r->cells = keep(c, cell->cells);
	r->threshold = c->threshold;
	if (cell->run_wide)
		return;
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
	it->past = !cell->run_wide &&
	    verdict(c, &past) == CBS_VERDICT_REGRESSION;
	it->geomean = cell->geomean;
	it->run_wide = cell->run_wide;
	it->col = cell->col;
	it->worse = worse_log(cell);
	it->p = family_p(cell);
	it->stored = keep(c, cell->verdict);
	if (it->past || it->stored != NULL)
		item_line(c, cell, &it->r);
}

/* @return whether item i of the current table is a comparison of
 * column col. */
static int
in_column(const struct cbs_check *c, size_t i, size_t col)
{
	const struct cbs_check_item *it = &c->items[i];

	return i >= c->table_item && !it->geomean && !it->run_wide &&
	    it->col == col;
}

/*
 * As the live gate does (gate.c, adjust_to_run): a cell judged relative
 * to the shift is past the threshold only when it is past it both
 * relative to the shift and as measured (which it->past says already).
 * A change the file does not tell keeps its verdict: the gate fails
 * closed.
 */
static void
judge_relative(struct cbs_check *c, size_t col, double shift,
    const char *text)
{
	struct cbs_check_item *it;
	size_t i;

	for (i = c->table_item; i < c->nitems; i++) {
		if (!in_column(c, i, col))
			continue;
		it = &c->items[i];
		if (!isnan(it->worse) &&
		    !(it->worse - shift > log1p(c->threshold / 100)))
			it->past = 0;
		if (it->past || it->stored != NULL)
			it->r.run_shift = keep(c, text);
	}
}

void
cbs_check_run_wide(struct cbs_check *c, const struct cbs_check_cell *cell,
    double pct, size_t ncells)
{
	struct cbs_check_item *it;
	size_t i, n = 0;
	int better = better_of(cell);
	double shift = log1p(pct / 100);

	for (i = c->table_item; i < c->nitems; i++)
		n += in_column(c, i, cell->col);
	if (n < ncells) {
		cbs_check_fail(c, cell->line, "run-wide shift of column \"%s\" "
		    "is the median of %zu benchmarks, but the table compares "
		    "%zu in it", cell->column, ncells, n);
		return;
	}
	if (better != CBS_BETTER_LOWER && better != CBS_BETTER_HIGHER)
		return;
	if (better == CBS_BETTER_HIGHER)
		shift = -shift;
	/* Within the threshold it is taken out of every cell; past it,
	 * the run fails on it, and the cells are judged as measured. */
	if (fabs(shift) <= log1p(c->threshold / 100)) {
		judge_relative(c, cell->col, shift, cell->estimate);
		return;
	}
	if ((it = new_item(c)) == NULL)
		return;
	it->run_wide = 1;
	it->col = cell->col;
	it->worse = shift;
	it->p = NAN;
	it->past = shift > 0;
	if (it->past)
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
			c->items[i].r.noise = c->items[i].r.runs =
			    c->items[i].r.doubt = NULL;
		if (c->items[i].r.config == NULL || (!c->items[i].run_wide &&
		    (c->items[i].r.base == NULL ||
		    c->items[i].r.value == NULL))) {
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
 * judged by their ratio (with -gate-geomean); a run-wide shift that a
 * Markdown report prints has none in the file either, and is judged by
 * its estimate (cbs_check_run_wide).
 */
void
cbs_check_finish(struct cbs_check *c)
{
	unsigned char *kind = calloc(c->nitems + 1, 1), *rej = NULL;
	double *p = NULL, *level = NULL;
	size_t i, m = 0, *idx = NULL, nreg = 0, ninc = 0;

	if (kind == NULL || (p = calloc(c->nitems + 1, sizeof(*p))) ==
	    NULL || (level = malloc((c->nitems + 1) * sizeof(*level))) ==
	    NULL || (idx = malloc((c->nitems + 1) * sizeof(*idx))) == NULL ||
	    (rej = calloc(c->nitems + 1, 1)) == NULL)
		goto oom;
	for (i = 0; i < c->nitems; i++)
		if (!c->items[i].geomean && !c->items[i].run_wide) {
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
		else if (c->items[i].geomean || c->items[i].run_wide)
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

