/*
 * alert.c: the changes a commit brings (cbenchstat(1), record -alert,
 * history -since).  For each series that holds the commit, the changes
 * found with the series cut after one point are compared with those
 * found with it cut before: a change found now that matches none found
 * before (the same direction over a shared commit, whatever its kind: a
 * ramp seen as a creep on 3 commits of its new level is a step on 4, the
 * same change) is new.  So a step is told when the commit that makes it
 * sure is recorded, a creep when it crosses the threshold, and each
 * once: the next commit finds it in both cuts.  Back-end neutral: it
 * reads through cbs_history_each.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "history/history.h"
#include "report/report.h"

struct alerts {
	const char *commit;
	int since;
	struct cbs_history_change_opts co;
	cbs_history_alert_fn fn;
	void *ctx;
	size_t holding;		/* series that hold the commit */
	long n;
};

/* @return the index of commit id in s, or s->ncommits. */
static size_t
index_of(const struct cbs_history_series *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->ncommits; i++)
		if (strcmp(s->commits[i], id) == 0)
			break;
	return i;
}

/*
 * The commits a change involves: a step the last commit before it too,
 * so that a step placed one commit later once more runs are in is the
 * same step.
 */
static size_t
first_commit(const struct cbs_history_change *c)
{
	return c->kind == CBS_HISTORY_STEP && c->start > 0 ? c->start - 1 :
	    c->start;
}

static int
same_change(const struct cbs_history_change *a,
    const struct cbs_history_change *b)
{
	return (a->estimate > 0) == (b->estimate > 0) &&
	    first_commit(a) < b->end && first_commit(b) < a->end;
}

static int
found_before(const struct cbs_history_change *c,
    const struct cbs_history_change *old, size_t nold)
{
	size_t i;

	for (i = 0; i < nold; i++)
		if (same_change(c, &old[i]))
			return 1;
	return 0;
}

int
cbs_history_changes_new(const struct cbs_history_point *pts, size_t with,
    size_t without, const struct cbs_history_change_opts *o,
    struct cbs_history_change **out, size_t *nout)
{
	struct cbs_history_change *old = NULL;
	size_t i, k = 0, nold;
	int rc;

	*nout = 0;
	if ((rc = cbs_history_changes(pts, with, o, out, nout)) != 0 ||
	    (rc = cbs_history_changes(pts, without, o, &old, &nold)) != 0) {
		free(*out);
		*out = NULL;
		*nout = 0;
		return rc;
	}
	for (i = 0; i < *nout; i++)
		if (!found_before(&(*out)[i], old, nold))
			(*out)[k++] = (*out)[i];
	*nout = k;
	free(old);
	return 0;
}

/* Report the changes of s[0..with) that s[0..without) did not have. */
static int
new_changes(struct alerts *a, const struct cbs_history_series *s,
    size_t with, size_t without)
{
	struct cbs_history_change *ch;
	struct cbs_history_alert al;
	size_t i, n;
	int rc;

	if ((rc = cbs_history_changes_new(s->points, with, without, &a->co,
	    &ch, &n)) != 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		al.series = s;
		al.change = &ch[i];
		al.regression = cbs_history_is_worse(s->better, ch[i].estimate);
		a->n++;
		rc = a->fn(&al, a->ctx);
	}
	free(ch);
	return rc;
}

static int
on_series(const struct cbs_history_series *s, void *ctx)
{
	struct alerts *a = ctx;
	size_t i = index_of(s, a->commit);

	if (i == s->ncommits)
		return 0;
	a->holding++;
	if (a->since)
		return new_changes(a, s, s->ncommits, i + 1);
	return new_changes(a, s, i + 1, i);
}

/* The changes a's cut brings to each series q selects, the family
 * set.  @return their number or an error as cbs_history_each. */
static long
each_alert(struct cbs_history *h, const struct cbs_history_query *q,
    struct alerts *a, char *err, size_t errlen)
{
	int rc = cbs_history_each(h, q, on_series, a, err, errlen);

	if (rc == CBS_ENOMEM)
		snprintf(err, errlen, "%s", cbs_strerror(rc));
	if (rc == 0 && a->since && a->holding == 0) {
		snprintf(err, errlen, "-since: commit %s is in no series "
		    "selected", a->commit);
		rc = CBS_EINVAL;
	}
	return rc != 0 ? rc : a->n;
}

/* a for commit, the family being the series q selects, as the history
 * report's: what `history` lists with the same query is what alerts. */
static long
alerts_init(struct alerts *a, struct cbs_history *h,
    const struct cbs_history_query *q, const char *commit, int since,
    const struct cbs_history_change_opts *o, char *err, size_t errlen)
{
	long n;

	memset(a, 0, sizeof(*a));
	a->commit = commit;
	a->since = since;
	a->co = *o;
	if ((n = cbs_history_count(h, q, err, errlen)) < 0)
		return n;
	a->co.family = n > 0 ? (size_t)n : 1;
	return 0;
}

long
cbs_history_alerts(struct cbs_history *h, const struct cbs_history_query *q,
    const char *commit, int since, const struct cbs_history_change_opts *o,
    cbs_history_alert_fn fn, void *ctx, char *err, size_t errlen)
{
	struct alerts a;
	long rc;

	if ((rc = alerts_init(&a, h, q, commit, since, o, err, errlen)) < 0)
		return rc;
	a.fn = fn;
	a.ctx = ctx;
	return each_alert(h, q, &a, err, errlen);
}

/* ------------------------------------------------------ printing */

/* A change in percent, unbounded as the tables show it. */
static const char *
pct(double x, char *buf, size_t len)
{
	const char *u = cbs_format_unbounded(x);

	if (u != NULL)
		snprintf(buf, len, "%s%s%%", x > 0 ? "+" : "", u);
	else
		snprintf(buf, len, "%+.1f%%", 100 * x);
	return buf;
}

/* " key=value", the value quoted as the gate's lines quote it (when it
 * is empty or holds a space, a quote, a backslash or "="). */
static void
put_kv(FILE *out, const char *key, const char *v)
{
	int quote = *v == '\0' || strpbrk(v, " \t\"\\=") != NULL;

	fprintf(out, " %s=%s", key, quote ? "\"" : "");
	if (!quote) {
		fputs(v, out);
		return;
	}
	for (; *v != '\0'; v++) {
		if (*v == '"' || *v == '\\')
			fputc('\\', out);
		fputc(*v, out);
	}
	fputc('"', out);
}

static int
alert_line(FILE *out, const char *word, const struct cbs_history_alert *a)
{
	const struct cbs_history_series *s = a->series;
	const struct cbs_history_change *c = a->change;
	struct cbs_sbuf b = { NULL, 0, 0, 0 };
	char e[48], lo[48], hi[48];

	cbs_sbuf_str(&b, s->commits[first_commit(c)]);
	cbs_sbuf_str(&b, "..");
	cbs_sbuf_str(&b, s->commits[c->end - 1]);
	if (b.nomem) {
		free(b.p);
		return CBS_ENOMEM;
	}
	fprintf(out, "%s:", word);
	put_kv(out, "benchmark", s->benchmark);
	put_kv(out, "unit", s->unit);
	put_kv(out, "kind", cbs_history_kind_name(c));
	put_kv(out, "commit", s->commits[c->start]);
	put_kv(out, "commits", b.p);
	free(b.p);
	fprintf(out, " change=%s interval=%s..%s p=%.3g %s",
	    pct(c->estimate, e, sizeof(e)), pct(c->lo, lo, sizeof(lo)),
	    pct(c->hi, hi, sizeof(hi)), c->p, a->regression ? "regression" :
	    "improvement");
	if (*s->config != '\0')
		put_kv(out, "config", s->config);
	fputc('\n', out);
	return ferror(out) ? CBS_EIO : 0;
}

int
cbs_history_alert_print(FILE *out, const char *word,
    const struct cbs_history_alert *a)
{
	locale_t saved;
	int rc;

	if (cbs_c_numeric_enter(&saved) != 0)
		return CBS_ENOMEM;
	rc = alert_line(out, word, a);
	cbs_c_numeric_leave(saved);
	return rc;
}

/* ------------------------------------------------------ history -since */

struct since {
	const char *format;
	FILE *out;
	long regressions;
	long n;
};

/* A change as a Markdown list item, as the history report's. */
static void
md_change(FILE *out, const struct cbs_history_alert *a)
{
	const struct cbs_history_series *s = a->series;
	const struct cbs_history_change *c = a->change;
	char e[48], lo[48], hi[48];

	fprintf(out, "- %s**%s** in ", a->regression ? ":warning: " : "",
	    cbs_history_kind_name(c));
	cbs_md_escape(out, s->benchmark);
	fputs(" (", out);
	cbs_md_escape(out, s->unit);
	fputs(*s->config ? ") " : ")", out);
	cbs_md_escape(out, s->config);
	fputs(" at ", out);
	cbs_md_escape(out, s->commits[c->start]);
	fprintf(out, ": %s (%s .. %s)\n", pct(c->estimate, e, sizeof(e)),
	    pct(c->lo, lo, sizeof(lo)), pct(c->hi, hi, sizeof(hi)));
}

/* A number JSON can hold: non-finite values are null. */
static void
json_num(FILE *out, const char *key, double v)
{
	fprintf(out, ",\"%s\":", key);
	if (isfinite(v))
		fprintf(out, "%.17g", v);
	else
		fputs("null", out);
}

static void
json_change(FILE *out, const struct cbs_history_alert *a, int first)
{
	const struct cbs_history_series *s = a->series;
	const struct cbs_history_change *c = a->change;

	fputs(first ? "\n {\"benchmark\":" : ",\n {\"benchmark\":", out);
	cbs_json_string(out, s->benchmark);
	fputs(",\"unit\":", out);
	cbs_json_string(out, s->unit);
	fputs(",\"config\":", out);
	cbs_json_string(out, s->config);
	fprintf(out, ",\"kind\":\"%s\",\"commit\":",
	    cbs_history_kind_name(c));
	cbs_json_string(out, s->commits[c->start]);
	fputs(",\"from\":", out);
	cbs_json_string(out, s->commits[first_commit(c)]);
	fputs(",\"to\":", out);
	cbs_json_string(out, s->commits[c->end - 1]);
	json_num(out, "estimate", c->estimate);
	json_num(out, "lo", c->lo);
	json_num(out, "hi", c->hi);
	json_num(out, "p", c->p);
	fprintf(out, ",\"regression\":%s}", a->regression ? "true" :
	    "false");
}

static int
on_since(const struct cbs_history_alert *a, void *ctx)
{
	struct since *sn = ctx;

	sn->regressions += a->regression;
	if (strcmp(sn->format, "json") == 0)
		json_change(sn->out, a, sn->n++ == 0);
	else if (strcmp(sn->format, "markdown") == 0)
		md_change(sn->out, a);
	else
		return alert_line(sn->out, "change", a);
	return ferror(sn->out) ? CBS_EIO : 0;
}

static long
since_in_c_locale(struct cbs_history *h, const struct cbs_history_query *q,
    const char *commit, const struct cbs_history_report_opts *o, FILE *out,
    long *regressions, char *err, size_t errlen)
{
	struct since sn = { o->format, out, 0, 0 };
	struct alerts a;
	int json = strcmp(o->format, "json") == 0;
	long rc;

	*regressions = 0;
	if ((rc = alerts_init(&a, h, q, commit, 1, &o->changes, err,
	    errlen)) < 0)
		return rc;
	a.fn = on_since;
	a.ctx = &sn;
	if (json) {
		fputs("{\"schema\":1,\"since\":", out);
		cbs_json_string(out, commit);
		json_num(out, "alpha", a.co.alpha);
		fprintf(out, ",\"family\":%zu", a.co.family);
		json_num(out, "threshold", a.co.threshold);
		fputs(",\"changes\":[", out);
	}
	if ((rc = each_alert(h, q, &a, err, errlen)) < 0)
		return rc;
	if (json)
		fputs("]}\n", out);
	else if (rc == 0 && strcmp(o->format, "markdown") == 0)
		fputs("- no change\n", out);
	*regressions = sn.regressions;
	if (ferror(out)) {
		snprintf(err, errlen, "write error");
		return CBS_EIO;
	}
	return rc;
}

long
cbs_history_since(struct cbs_history *h, const struct cbs_history_query *q,
    const char *commit, const struct cbs_history_report_opts *o, FILE *out,
    long *regressions, char *err, size_t errlen)
{
	locale_t saved;
	long rc;

	if (strcmp(o->format, "text") != 0 &&
	    strcmp(o->format, "markdown") != 0 &&
	    strcmp(o->format, "json") != 0) {
		snprintf(err, errlen, "history -since: -format must be text, "
		    "markdown or json");
		return CBS_EINVAL;
	}
	if (cbs_c_numeric_enter(&saved) != 0)
		return CBS_ENOMEM;
	rc = since_in_c_locale(h, q, commit, o, out, regressions, err,
	    errlen);
	cbs_c_numeric_leave(saved);
	return rc;
}
