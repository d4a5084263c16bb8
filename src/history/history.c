/*
 * history.c: series of commits as reports, and the gate against history
 * (cbenchstat(1), HISTORY DATABASE).  It turns what the store
 * (history_db.c) reads back into per-commit medians and intervals, asks
 * changepoint.c for the changes and verdicts, and prints them: text with
 * a sparkline, CSV, Markdown or JSON; HTML is history_html.c's.  What
 * comes from the input or the flags (names, units, configuration, commit
 * ids, branches) is quoted and escaped by the comparison reports' own
 * functions (report.h), so both kinds of report hold the same promises.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "history/history.h"
#include "history/history_db.h"
#include "history/history_html.h"
#include "input/input.h"
#include "report/report.h"
#include "stats/shift.h"
#include "stats/stats.h"

/* Commit ids are shown this long, as git's short ids. */
#define SHORT_ID	12
/* A sparkline longer than this shows the medians of groups of commits. */
#define SPARK_MAX	60

static int
dbl_cmp(const void *a, const void *b)
{
	return cbs_float64_qsort_cmp(a, b);
}

/* The median and its distribution-free interval, as the tables show. */
static int
summarise(const struct cbs_history_point *p, double confidence,
    struct cbs_history_summary *out)
{
	struct cbs_quantile_ci ci;
	struct cbs_summary s;
	double *v = malloc(p->n * sizeof(*v));

	if (v == NULL)
		return CBS_ENOMEM;
	memcpy(v, p->values, p->n * sizeof(*v));
	qsort(v, p->n, sizeof(*v), dbl_cmp);
	if (cbs_stats_quantile_ci(p->n, 0.5, confidence, &ci) != 0) {
		/* 2^31 values: more than memory holds in practice. */
		free(v);
		return CBS_ENOMEM;
	}
	cbs_stats_median_ci(v, p->n, &ci, &s);
	free(v);
	out->median = s.center;
	out->lo = s.lo;
	out->hi = s.hi;
	out->conf = s.confidence;
	out->n = p->n;
	return 0;
}

static const char *
short_id(const char *id, char *buf)
{
	snprintf(buf, SHORT_ID + 1, "%s", id);
	return buf;
}

static const char *
date_of(long long t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL)
		snprintf(buf, len, "-");
	else
		strftime(buf, len, "%Y-%m-%dT%H:%MZ", &tm);
	return buf;
}

/* A change in percent; unbounded as the tables show it (fmt_cell.c). */
static const char *
percent(double x, char *buf, size_t len)
{
	if (isinf(x))
		snprintf(buf, len, "%s%s%%", x > 0 ? "+" : "",
		    cbs_format_unbounded(x));
	else
		snprintf(buf, len, "%+.1f%%", 100 * x);
	return buf;
}

/* v with prec significant digits (fixed: decimals), or an unbounded
 * end as the tables show it: CSV and Markdown print what the text does
 * (issue 20, F18). */
static const char *
number(double v, int prec, int fixed, char *buf, size_t len)
{
	const char *u = cbs_format_unbounded(v);

	if (u != NULL)
		snprintf(buf, len, "%s", u);
	else
		snprintf(buf, len, fixed ? "%.*f" : "%.*g", prec, v);
	return buf;
}

/* ------------------------------------------------------ the report */

struct rep {
	const struct cbs_history_report_opts *o;
	struct cbs_history_change_opts co;
	FILE *out;
	struct cbs_history_html *html;	/* -format html, else NULL */
	long regressions;
	size_t nseries;
	int first;
};

/* The printf width that pads s to cols columns: "∞" is 3 bytes wide
 * in bytes, 1 on the screen. */
static int
width(const char *s, int cols)
{
	return cols + (int)(strlen(s) - cbs_utf8_count(s));
}

/* Eight levels of block, the medians scaled from min to max. */
static void
sparkline(FILE *out, const struct cbs_history_summary *s, size_t n)
{
	static const char *const bars[] = { "\u2581", "\u2582", "\u2583",
	    "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };
	double lo = INFINITY, hi = -INFINITY, v[SPARK_MAX];
	size_t i, j, m = n < SPARK_MAX ? n : SPARK_MAX, a, b;
	double tmp[SPARK_MAX * 4];
	int k;

	for (i = 0; i < m; i++) {
		a = i * n / m;
		b = (i + 1) * n / m;
		for (j = a; j < b && j - a < SPARK_MAX * 4; j++)
			tmp[j - a] = s[j].median;
		qsort(tmp, j - a, sizeof(*tmp), dbl_cmp);
		v[i] = tmp[(j - a) / 2];
		lo = fmin(lo, v[i]);
		hi = fmax(hi, v[i]);
	}
	for (i = 0; i < m; i++) {
		k = hi > lo ? (int)((v[i] - lo) / (hi - lo) * 7.999) : 3;
		fputs(bars[k < 0 ? 0 : k > 7 ? 7 : k], out);
	}
}

/* ", over N commits" for a creep, "" for a step. */
static const char *
span_text(const struct cbs_history_change *ch, char *buf, size_t len)
{
	if (ch->kind != CBS_HISTORY_CREEP)
		return "";
	snprintf(buf, len, ", over %zu commits", ch->end - ch->start);
	return buf;
}

static int
text_series(struct rep *r, const struct cbs_history_series *s,
    const struct cbs_history_summary *sum, const struct cbs_history_change *ch,
    size_t nch)
{
	struct cbs_scaler sc;
	double *med = malloc(s->ncommits * 3 * sizeof(*med));
	char id[SHORT_ID + 1], d[32], a[64], b[64], c[64], e[32], f[32];
	char g[48];
	size_t i;

	if (med == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < s->ncommits; i++) {
		med[3 * i] = sum[i].median;
		med[3 * i + 1] = sum[i].lo;
		med[3 * i + 2] = sum[i].hi;
	}
	sc = cbs_unit_common_scale(med, s->ncommits * 3,
	    cbs_unit_class_of(s->unit));
	fprintf(r->out, "%s%s: %s%s%s\n", r->first ? "" : "\n", s->benchmark,
	    s->unit, *s->config ? "  " : "", s->config);
	fprintf(r->out, "  %-12s  %-8s  %-17s  %10s  %23s  %s\n", "commit",
	    "branch", "date", "median", "interval", "n");
	for (i = 0; i < s->ncommits; i++) {
		cbs_format_bound(sc, sum[i].lo, b, sizeof(b));
		cbs_format_bound(sc, sum[i].hi, c, sizeof(c));
		fprintf(r->out, "  %-12s  %-8s  %-17s  %10s  %*s .. %-*s  %zu\n",
		    short_id(s->commits[i], id), s->branches[i],
		    date_of(s->times[i], d, sizeof(d)),
		    cbs_unit_format(sc, sum[i].median, a, sizeof(a)),
		    width(b, 10), b, width(c, 10), c, sum[i].n);
	}
	fputs("  trend ", r->out);
	sparkline(r->out, sum, s->ncommits);
	fputc('\n', r->out);
	for (i = 0; i < nch; i++)
		fprintf(r->out, "  %s at %s (commit %zu of %zu%s): %s "
		    "(%s .. %s)%s\n", cbs_history_kind_name(&ch[i]),
		    short_id(s->commits[ch[i].start], id), ch[i].start + 1,
		    s->ncommits, span_text(&ch[i], g, sizeof(g)),
		    percent(ch[i].estimate, e, sizeof(e)),
		    percent(ch[i].lo, a, sizeof(a)), percent(ch[i].hi, f,
		    sizeof(f)), cbs_history_is_worse(s->better, ch[i].estimate) ?
		    " regression" : " improvement");
	if (nch == 0)
		fputs("  no change\n", r->out);
	free(med);
	return 0;
}

/* The change that starts at commit i, if any. */
static const struct cbs_history_change *
change_at(const struct cbs_history_change *ch, size_t nch, size_t i)
{
	size_t k;

	for (k = 0; k < nch; k++)
		if (ch[k].start == i)
			return &ch[k];
	return NULL;
}

/* A change's columns: kind, estimate, interval, regression. */
static void
csv_change(FILE *out, const struct cbs_history_series *s,
    const struct cbs_history_change *c)
{
	char lo[32], hi[32];

	fprintf(out, ",%s,%.4f,%s,%s,%d\n", cbs_history_kind_name(c),
	    c->estimate, number(c->lo, 4, 1, lo, sizeof(lo)), number(c->hi,
	    4, 1, hi, sizeof(hi)), cbs_history_is_worse(s->better,
	    c->estimate));
}

static void
csv_series(struct rep *r, const struct cbs_history_series *s,
    const struct cbs_history_summary *sum, const struct cbs_history_change *ch,
    size_t nch)
{
	const struct cbs_history_change *c;
	char d[32], m[32], lo[32], hi[32];
	size_t i;

	if (r->first)
		fputs("benchmark,unit,config,commit,branch,time,n,median,lo,hi,"
		    "change,estimate,change_lo,change_hi,regression\n", r->out);
	for (i = 0; i < s->ncommits; i++) {
		cbs_csv_field(r->out, s->benchmark);
		fputc(',', r->out);
		cbs_csv_field(r->out, s->unit);
		fputc(',', r->out);
		cbs_csv_field(r->out, s->config);
		fputc(',', r->out);
		cbs_csv_field(r->out, s->commits[i]);
		fputc(',', r->out);
		cbs_csv_field(r->out, s->branches[i]);
		fprintf(r->out, ",%s,%zu,%s,%s,%s", date_of(s->times[i],
		    d, sizeof(d)), sum[i].n, number(sum[i].median, 6, 0, m,
		    sizeof(m)), number(sum[i].lo, 6, 0, lo, sizeof(lo)),
		    number(sum[i].hi, 6, 0, hi, sizeof(hi)));
		if ((c = change_at(ch, nch, i)) != NULL)
			csv_change(r->out, s, c);
		else
			fputs(",,,,,\n", r->out);
	}
}

/* A commit's short id as Markdown text: ids come from -commit too. */
static void
md_commit(FILE *out, const char *id)
{
	char buf[SHORT_ID + 1];

	cbs_md_escape(out, short_id(id, buf));
}

/* The table of a series' commits: id, median, interval, runs. */
static void
md_commits(FILE *out, const struct cbs_history_series *s,
    const struct cbs_history_summary *sum)
{
	char a[32], b[32], m[32];
	size_t i;

	fputs("| commit | median | interval | n |\n|---|--:|--:|--:|\n", out);
	for (i = 0; i < s->ncommits; i++) {
		fputs("| ", out);
		md_commit(out, s->commits[i]);
		fprintf(out, " | %s | %s .. %s | %zu |\n",
		    number(sum[i].median, 4, 0, m, sizeof(m)),
		    number(sum[i].lo, 4, 0, a, sizeof(a)),
		    number(sum[i].hi, 4, 0, b, sizeof(b)), sum[i].n);
	}
}

static void
md_series(struct rep *r, const struct cbs_history_series *s,
    const struct cbs_history_summary *sum, const struct cbs_history_change *ch,
    size_t nch)
{
	char e[32], a[32], b[32];
	size_t i;

	fputs(r->first ? "### " : "\n### ", r->out);
	cbs_md_escape(r->out, s->benchmark);
	fputs(" (", r->out);
	cbs_md_escape(r->out, s->unit);
	fputs(*s->config ? ") " : ")", r->out);
	cbs_md_escape(r->out, s->config);
	fputs("\n\n`", r->out);
	sparkline(r->out, sum, s->ncommits);
	fprintf(r->out, "` %zu commits, ", s->ncommits);
	md_commit(r->out, s->commits[0]);
	fputs(" to ", r->out);
	md_commit(r->out, s->commits[s->ncommits - 1]);
	fputs("\n\n", r->out);
	md_commits(r->out, s, sum);
	fputc('\n', r->out);
	for (i = 0; i < nch; i++) {
		fprintf(r->out, "- %s**%s** at ",
		    cbs_history_is_worse(s->better, ch[i].estimate) ?
		    ":warning: " : "", cbs_history_kind_name(&ch[i]));
		md_commit(r->out, s->commits[ch[i].start]);
		fprintf(r->out, ": %s (%s .. %s)\n",
		    percent(ch[i].estimate, e, sizeof(e)),
		    percent(ch[i].lo, a, sizeof(a)), percent(ch[i].hi, b,
		    sizeof(b)));
	}
	if (nch == 0)
		fputs("- no change\n", r->out);
}

/* A number JSON can hold: non-finite values are null. */
static void
json_num(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.17g", v);
	else
		fputs("null", out);
}

/* An interval's ends as the members "lo" and "hi". */
static void
json_interval(FILE *out, double lo, double hi)
{
	fputs(",\"lo\":", out);
	json_num(out, lo);
	fputs(",\"hi\":", out);
	json_num(out, hi);
}

static void
json_series(struct rep *r, const struct cbs_history_series *s,
    const struct cbs_history_summary *sum, const struct cbs_history_change *ch,
    size_t nch)
{
	size_t i;

	fputs(r->first ? "\n" : ",\n", r->out);
	fputs("{\"benchmark\":", r->out);
	cbs_json_string(r->out, s->benchmark);
	fputs(",\"unit\":", r->out);
	cbs_json_string(r->out, s->unit);
	fputs(",\"config\":", r->out);
	cbs_json_string(r->out, s->config);
	fputs(",\"commits\":[", r->out);
	for (i = 0; i < s->ncommits; i++) {
		fputs(i ? ",\n {\"commit\":" : "\n {\"commit\":", r->out);
		cbs_json_string(r->out, s->commits[i]);
		fputs(",\"branch\":", r->out);
		cbs_json_string(r->out, s->branches[i]);
		fprintf(r->out, ",\"time\":%lld,\"n\":%zu,\"median\":",
		    s->times[i], sum[i].n);
		json_num(r->out, sum[i].median);
		json_interval(r->out, sum[i].lo, sum[i].hi);
		fputs("}", r->out);
	}
	fputs("],\"changes\":[", r->out);
	for (i = 0; i < nch; i++) {
		fprintf(r->out, "%s\n {\"kind\":\"%s\",\"commit\":", i ? "," :
		    "", cbs_history_kind_name(&ch[i]));
		cbs_json_string(r->out, s->commits[ch[i].start]);
		fprintf(r->out, ",\"start\":%zu,\"end\":%zu,\"estimate\":",
		    ch[i].start, ch[i].end);
		json_num(r->out, ch[i].estimate);
		json_interval(r->out, ch[i].lo, ch[i].hi);
		fputs(",\"p\":", r->out);
		json_num(r->out, ch[i].p);
		fprintf(r->out, ",\"regression\":%s}",
		    cbs_history_is_worse(s->better, ch[i].estimate) ? "true" :
		    "false");
	}
	fputs("]}", r->out);
}

static int
on_series(const struct cbs_history_series *s, void *ctx)
{
	struct rep *r = ctx;
	struct cbs_history_change *ch = NULL;
	struct cbs_history_summary *sum = calloc(s->ncommits, sizeof(*sum));
	size_t i, nch = 0;
	int rc = CBS_ENOMEM;

	if (sum == NULL)
		return rc;
	for (i = 0; i < s->ncommits; i++)
		if ((rc = summarise(&s->points[i], r->co.confidence,
		    &sum[i])) != 0)
			goto done;
	if ((rc = cbs_history_changes(s->points, s->ncommits, &r->co, &ch,
	    &nch)) != 0)
		goto done;
	for (i = 0; i < nch; i++)
		r->regressions += cbs_history_is_worse(s->better,
		    ch[i].estimate);
	if (r->html != NULL)
		rc = cbs_history_html_series(r->html, s, sum, ch, nch);
	else if (strcmp(r->o->format, "csv") == 0)
		csv_series(r, s, sum, ch, nch);
	else if (strcmp(r->o->format, "markdown") == 0)
		md_series(r, s, sum, ch, nch);
	else if (strcmp(r->o->format, "json") == 0)
		json_series(r, s, sum, ch, nch);
	else
		rc = text_series(r, s, sum, ch, nch);
	if (rc != 0)
		goto done;
	r->first = 0;
	r->nseries++;
	rc = ferror(r->out) ? CBS_EIO : 0;
done:
	free(ch);
	free(sum);
	return rc;
}

static long
history_report_in_c_locale(struct cbs_history *h,
    const struct cbs_history_query *q,
    const struct cbs_history_report_opts *o, FILE *out, long *regressions,
    char *err, size_t errlen)
{
	struct rep r;
	long n;
	int rc;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.co = o->changes;
	r.out = out;
	r.first = 1;
	*regressions = 0;
	if ((n = cbs_history_count(h, q, err, errlen)) < 0)
		return (int)n;
	r.co.family = n > 0 ? (size_t)n : 1;
	if (strcmp(o->format, "json") == 0) {
		fprintf(out, "{\"schema\":1,\"alpha\":");
		json_num(out, r.co.alpha);
		fprintf(out, ",\"family\":%zu,\"threshold\":", r.co.family);
		json_num(out, r.co.threshold);
		fputs(",\"series\":[", out);
	}
	if (strcmp(o->format, "html") == 0 &&
	    cbs_history_html_new(out, &r.co, q, &r.html) != 0) {
		cbs_history_html_free(r.html);
		snprintf(err, errlen, "%s", cbs_strerror(CBS_ENOMEM));
		return CBS_ENOMEM;
	}
	rc = cbs_history_each(h, q, on_series, &r, err, errlen);
	if (rc == 0 && r.html != NULL && (rc = cbs_history_html_end(r.html)) ==
	    CBS_EIO)
		snprintf(err, errlen, "write error");
	cbs_history_html_free(r.html);
	if (rc == CBS_ENOMEM)
		snprintf(err, errlen, "%s", cbs_strerror(rc));
	if (rc == 0 && strcmp(o->format, "json") == 0)
		fputs("]}\n", out);
	*regressions = r.regressions;
	if (rc == 0 && ferror(out)) {
		snprintf(err, errlen, "write error");
		rc = CBS_EIO;
	}
	return rc != 0 ? rc : (long)r.nseries;
}

/* The body above, in the C locale's numbers (c_numeric.c). */
long
cbs_history_report(struct cbs_history *h, const struct cbs_history_query *q,
    const struct cbs_history_report_opts *o, FILE *out, long *regressions,
    char *err, size_t errlen)
{
	locale_t saved;
	long rc;

	if (cbs_c_numeric_enter(&saved) != 0)
		return CBS_ENOMEM;
	rc = history_report_in_c_locale(h, q, o, out, regressions, err, errlen);
	cbs_c_numeric_leave(saved);
	return rc;
}

/* ------------------------------------------------------ the gate */

/* A benchmark and unit of the new run, its values and its verdict. */
struct gslot {
	char *name;
	size_t nlen;
	char *config;
	const char *unit;
	int better;		/* enum cbs_better: the new run's metadata,
				 * else the history's, else the unit's name */
	int declared;		/* the new run has "Unit ... better=" */
	double *values;
	size_t n, cap;
	double *base;		/* the baseline's per-commit medians */
	size_t nbase;
	int judged;
	struct cbs_history_verdict v;
};

struct gate {
	struct cbs_arena *arena;
	struct cbs_intern *strings;
	struct cbs_pmap index;	/* (name+config, unit) -> slot number + 1 */
	struct gslot *slots;
	size_t nslots, capslots;
	char *cfg;
	size_t capcfg;
	cbs_diag_fn on_diag;
	void *diag_ctx;
};

static int
new_slot(struct gate *g, const struct cbs_result *r, const char *key,
    size_t clen, const char *unit, size_t *idx)
{
	struct gslot *s;

	if (cbs_grow(&g->slots, &g->capslots, g->nslots + 1,
	    sizeof(*g->slots)) != 0)
		return CBS_ENOMEM;
	s = &g->slots[g->nslots];
	memset(s, 0, sizeof(*s));
	s->name = strndup(r->name, r->name_len);
	s->nlen = r->name_len;
	s->config = strndup(key + r->name_len + 1, clen);
	s->unit = unit;
	*idx = g->nslots++;
	if (s->name == NULL || s->config == NULL)
		return CBS_ENOMEM;
	return cbs_pmap_put(&g->index, key, unit, (void *)(uintptr_t)(*idx +
	    1));
}

static int
gate_value(struct gate *g, const struct cbs_result *r, const char *key,
    size_t clen, const struct cbs_value *v)
{
	void *got = cbs_pmap_get(&g->index, key, v->unit);
	size_t idx;
	struct gslot *s;
	int rc;

	if (got != NULL)
		idx = (size_t)(uintptr_t)got - 1;
	else if ((rc = new_slot(g, r, key, clen, v->unit, &idx)) != 0)
		return rc;
	s = &g->slots[idx];
	if (cbs_grow(&s->values, &s->cap, s->n + 1, sizeof(double)) != 0)
		return CBS_ENOMEM;
	s->values[s->n++] = v->value;
	return 0;
}

static int
on_gate_result(const struct cbs_result *r, void *ctx)
{
	struct gate *g = ctx;
	const char *key;
	size_t clen, i;
	int rc;

	if ((key = cbs_history_series_key(g->strings, r, &g->cfg,
	    &g->capcfg, &clen)) == NULL)
		return CBS_ENOMEM;
	for (i = 0, rc = 0; i < r->nvalues && rc == 0; i++)
		if (!isnan(r->values[i].value))
			rc = gate_value(g, r, key, clen, &r->values[i]);
	return rc;
}

static void
gate_diag(const struct cbs_diag *d, void *ctx)
{
	struct gate *g = ctx;

	if (g->on_diag != NULL)
		g->on_diag(d, g->diag_ctx);
}

/* The baseline of one slot: a median per commit. */
static int
on_base_series(const struct cbs_history_series *s, void *ctx)
{
	struct gslot *g = ctx;
	struct cbs_history_summary sum;
	size_t i;
	int rc;

	if ((g->base = malloc(s->ncommits * sizeof(double))) == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < s->ncommits; i++) {
		if ((rc = summarise(&s->points[i], 0.95, &sum)) != 0)
			return rc;
		g->base[i] = sum.median;
	}
	g->nbase = s->ncommits;
	if (!g->declared)
		g->better = s->better;
	return 0;
}

static int
read_new_run(struct gate *g, FILE *fp, const char *source, char *err,
    size_t errlen)
{
	struct cbs_reader *rd;
	size_t i;
	int rc;

	if ((g->arena = cbs_arena_new()) == NULL ||
	    (g->strings = cbs_intern_new(g->arena)) == NULL ||
	    (rd = cbs_reader_new(g->arena, g->strings)) == NULL)
		return CBS_ENOMEM;
	cbs_pmap_init(&g->index);
	rc = cbs_reader_read_input(rd, fp, CBS_INPUT_AUTO, source, source,
	    on_gate_result, gate_diag, g, err, errlen);
	/* "Unit x better=higher" lines of the run being judged hold for
	 * its baseline too; without them, the history's (on_base_series). */
	for (i = 0; rc == 0 && i < g->nslots; i++) {
		g->slots[i].better = cbs_unit_better(rd, g->slots[i].unit);
		g->slots[i].declared = cbs_reader_unit_meta(rd,
		    g->slots[i].unit, "better") != NULL;
	}
	cbs_reader_free(rd);
	return rc;
}

static void
gate_free(struct gate *g)
{
	size_t i;

	for (i = 0; i < g->nslots; i++) {
		free(g->slots[i].name);
		free(g->slots[i].config);
		free(g->slots[i].values);
		free(g->slots[i].base);
	}
	free(g->slots);
	free(g->cfg);
	cbs_pmap_free(&g->index);
	cbs_intern_free(g->strings);
	cbs_arena_free(g->arena);
}

static int
read_baselines(struct cbs_history *h, struct gate *g, const char *branch,
    size_t k, const char *exclude, char *err, size_t errlen)
{
	struct cbs_history_query q;
	size_t i;
	int rc;

	memset(&q, 0, sizeof(q));
	q.branch = branch;
	q.last = k;
	q.exclude = exclude;
	if ((rc = cbs_history_begin_read(h, &q, err, errlen)) != 0)
		return rc;
	for (i = 0, rc = 0; i < g->nslots && rc == 0; i++)
		rc = cbs_history_lookup(h, g->slots[i].name, g->slots[i].nlen,
		    g->slots[i].unit, g->slots[i].config, on_base_series,
		    &g->slots[i], err, errlen);
	if (cbs_history_end_read(h, rc == 0 ? err : NULL, rc == 0 ? errlen :
	    0) != 0 && rc == 0)
		rc = CBS_EIO;
	return rc;
}

/* Judge every slot with a baseline; Holm over them, each direction. */
static int
judge_all(struct gate *g, const struct cbs_gate_opts *o,
    unsigned char *worse, unsigned char *better, size_t *nj)
{
	double *pw, *pb, *lv;
	size_t i, m = 0;
	int rc = 0;

	pw = calloc(g->nslots + 1, sizeof(*pw));
	pb = calloc(g->nslots + 1, sizeof(*pb));
	lv = calloc(g->nslots + 1, sizeof(*lv));
	if (pw == NULL || pb == NULL || lv == NULL)
		rc = CBS_ENOMEM;
	for (i = 0; rc == 0 && i < g->nslots; i++) {
		struct gslot *s = &g->slots[i];

		pw[i] = pb[i] = NAN;
		if (s->nbase < 3)
			continue;
		if ((rc = cbs_history_judge(s->base, s->nbase, s->values, s->n,
		    o->threshold, s->better,
		    o->confidence, &s->v)) != 0)
			break;
		s->judged = 1;
		pw[i] = s->v.p_worse;
		pb[i] = s->v.p_better;
		m++;
	}
	if (rc == 0 && m > 0)
		rc = cbs_holm(pw, g->nslots, o->alpha, worse, lv) != 0 ||
		    cbs_holm(pb, g->nslots, o->alpha, better, lv) != 0 ?
		    CBS_ENOMEM : 0;
	*nj = m;
	free(pw);
	free(pb);
	free(lv);
	return rc;
}

static void
gate_line(FILE *out, const struct gslot *s, const char *verdict)
{
	struct cbs_scaler sc;
	double v[2];
	char a[64], b[64], e[32], l[32], hi[32], p[32];

	v[0] = s->v.base;
	v[1] = s->v.value;
	sc = cbs_unit_common_scale(v, 2, cbs_unit_class_of(s->unit));
	snprintf(p, sizeof(p), "%.3f", s->v.p_worse);
	fprintf(out, "%-40s %-10s %3zu %10s %10s %8s %8s .. %-8s %s\n",
	    s->name, s->unit, s->nbase, cbs_unit_format(sc, s->v.base, a,
	    sizeof(a)), cbs_unit_format(sc, s->v.value, b, sizeof(b)),
	    percent(s->v.estimate, e, sizeof(e)), percent(s->v.lo, l,
	    sizeof(l)), percent(s->v.hi, hi, sizeof(hi)), verdict);
}

static void
report_regression(const struct gslot *s, const struct cbs_gate_opts *o,
    cbs_regression_fn fn, void *ctx)
{
	struct cbs_regression r;
	struct cbs_scaler sc;
	double v[2] = { s->v.base, s->v.value };
	char base[64], val[64], est[32], iv[80], lo[32], hi[32], p[32];
	char *shown = strdup(s->config), *c;

	/* The whole configuration, however long (issue 20, F19); out of
	 * memory "?", the line still reported and counted. */
	for (c = shown; c != NULL && *c != '\0'; c++)
		if (*c == '\n')
			*c = ' ';
	sc = cbs_unit_common_scale(v, 2, cbs_unit_class_of(s->unit));
	memset(&r, 0, sizeof(r));
	r.kind = "regression";
	r.config = shown != NULL ? shown : "?";
	r.benchmark = s->name;
	r.unit = s->unit;
	r.column = "history";
	r.base = cbs_unit_format(sc, s->v.base, base, sizeof(base));
	r.value = cbs_unit_format(sc, s->v.value, val, sizeof(val));
	r.delta = percent(s->v.estimate, est, sizeof(est));
	snprintf(p, sizeof(p), "%.3g", s->v.p_worse);
	r.p = p;
	snprintf(iv, sizeof(iv), "%s..%s", percent(s->v.lo, lo, sizeof(lo)),
	    percent(s->v.hi, hi, sizeof(hi)));
	r.interval = iv;
	r.threshold = o->threshold;
	if (fn != NULL)
		fn(&r, ctx);
	free(shown);
}

static long
print_gate(struct gate *g, const struct cbs_gate_opts *o,
    const unsigned char *worse, const unsigned char *better,
    const char *branch, FILE *out, cbs_regression_fn fn, void *ctx)
{
	long nreg = 0;
	size_t i, unjudged = 0;

	fprintf(out, "%-40s %-10s %3s %10s %10s %8s %20s %s\n", "benchmark",
	    "unit", "k", "baseline", "new", "change", "interval", "verdict");
	for (i = 0; i < g->nslots; i++) {
		const struct gslot *s = &g->slots[i];

		if (!s->judged) {
			fprintf(out, "%-40s %-10s %3zu %10s %10s %8s %20s %s\n",
			    s->name, s->unit, s->nbase, "-", "-", "-", "-",
			    "no baseline");
			unjudged++;
			continue;
		}
		gate_line(out, s, worse[i] ? "regression" : better[i] ?
		    "improvement" : "~");
		if (worse[i]) {
			nreg++;
			report_regression(s, o, fn, ctx);
		}
	}
	/* Said once more under the table: these passed without a test. */
	if (unjudged > 0)
		fprintf(out, "not judged: %zu of %zu, with fewer than 3 "
		    "baseline commits on branch %s\n", unjudged, g->nslots,
		    branch != NULL ? branch : "(any)");
	return nreg;
}

static long
history_gate_in_c_locale(struct cbs_history *h, FILE *fp,
    const struct cbs_history_gate_opts *ho, FILE *out, char *err,
    size_t errlen)
{
	const struct cbs_gate_opts *o = &ho->gate;
	const char *source = ho->source, *branch = ho->branch;
	unsigned char *worse = NULL, *better = NULL;
	struct gate g;
	size_t nj = 0;
	long rc;

	memset(&g, 0, sizeof(g));
	g.on_diag = ho->on_diag;
	g.diag_ctx = ho->diag_ctx;
	if ((rc = read_new_run(&g, fp, source, err, errlen)) != 0 ||
	    (rc = read_baselines(h, &g, branch, ho->base_commits,
	    ho->exclude, err, errlen)) != 0)
		goto done;
	worse = calloc(g.nslots + 1, 1);
	better = calloc(g.nslots + 1, 1);
	if (worse == NULL || better == NULL) {
		rc = CBS_ENOMEM;
		goto done;
	}
	if ((rc = judge_all(&g, o, worse, better, &nj)) != 0)
		goto done;
	if (g.nslots == 0) {
		snprintf(err, errlen, "%s: no benchmark results in it",
		    source);
		rc = CBS_EINVAL;
		goto done;
	}
	if (nj == 0) {
		snprintf(err, errlen, "%s: no benchmark has 3 baseline commits "
		    "on branch %s in the history", source, branch != NULL ?
		    branch : "(any)");
		rc = CBS_EINVAL;
		goto done;
	}
	rc = print_gate(&g, o, worse, better, branch, out, ho->on_regression,
	    ho->regression_ctx);
done:
	free(worse);
	free(better);
	gate_free(&g);
	return rc;
}

/* The body above, in the C locale's numbers (c_numeric.c). */
long
cbs_history_gate(struct cbs_history *h, FILE *fp,
    const struct cbs_history_gate_opts *o, FILE *out, char *err,
    size_t errlen)
{
	locale_t saved;
	long rc;

	if (cbs_c_numeric_enter(&saved) != 0)
		return CBS_ENOMEM;
	rc = history_gate_in_c_locale(h, fp, o, out, err, errlen);
	cbs_c_numeric_leave(saved);
	return rc;
}
