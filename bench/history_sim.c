/*
 * history_sim.c: `make soundness`, the history part.  Simulates series of
 * commits and measures what cbenchstat's history finds in them, through
 * the library's own functions (cbs_history_changes, cbs_history_judge):
 *
 *   series: N commits of R runs each; a run is log-normal around its
 *   commit's level with sd `within`, a commit's level log-normal around
 *   the true level with sd `between` (the build, the machine, the day).
 *   Scenarios: none; a +10% step at a random commit; a +1% per commit
 *   creep over 10 commits (+10.5% in all, never +5% in one commit); with
 *   -ramp, instead, a straight ramp (on the log scale) of the given size
 *   over the given commits, alone.  Prints per scenario the detection
 *   rate (a regression reported), the median location error (commits
 *   between the reported start and the true one), the false alarms
 *   (series with a change reported where there is none: anywhere for
 *   "none", elsewhere for the others), and of the detected: reported as
 *   a creep, the size interval holding the true size (covered), more
 *   than one change reported on the true one (split); and the series
 *   with two reported changes sharing a commit (overlaps).
 *
 *   gate: a new commit against K baseline commits, +10% or no change,
 *   judged two ways: the K commits' runs pooled as one sample against
 *   the new runs (the two-sample gate's Hodges-Lehmann interval), and
 *   the new median against the commits' medians (cbs_history_judge).
 *
 *   alerts (-a): each series recorded commit by commit, the changes
 *   each commit brings (cbs_history_changes_new: found with the series
 *   cut after it, not before, as `record` alerts): over flat series,
 *   alerts per recorded commit and series with any alert, to stay under
 *   alpha, the history's false-alarm level; with a +10% step, the
 *   series whose step alerts and how many commits after it does.
 *
 * With -db, every simulated commit goes through a history database
 * first: recorded with cbs_history_record (all trials' series in one
 * run per commit) and read back with cbs_history_each, an error unless
 * every value comes back bit for bit in its series and commit.  The same
 * seed then gives the same figures with no database, a SQLite file and a
 * PostgreSQL database (tests/history_sim.sh, `make soundness`).
 *
 * usage: history_sim [-t trials] [-n commits] [-r runs] [-w within%]
 *                    [-b between%] [-k baseline] [-s seed] [-db target]
 *                    [-ramp start:length:size%] [-a]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cbenchstat.h"
#include "stats/shift.h"

struct sim {
	int trials, commits, runs, k;
	int ramp_start, ramp_len;	/* -ramp, or ramp_len 0 */
	double ramp_size;		/* relative, +0.12 is +12% */
	double within, between, threshold, alpha;
	unsigned long seed;
	gsl_rng *rng;
	struct cbs_history *db;	/* -db, or NULL */
	long long clock;	/* commit times given so far */
};

enum scenario { NONE, STEP, CREEP, RAMP, NSCEN };

static const char *const scen_name[] = { "none", "step +10%",
    "creep +1%/commit x10", "ramp" };

/* The true log level of commit i of a change starting at start. */
static double
level(const struct sim *s, enum scenario sc, int i, int start)
{
	int k = i - start + 1;

	switch (sc) {
	case STEP:
		return i >= start ? log(1.10) : 0;
	case CREEP:
		if (i < start)
			return 0;
		return log(1.01) * (k < 10 ? k : 10);
	case RAMP:
		/* Commit start is the first one raised, start + len - 1 the
		 * first at the new level. */
		k = k < 0 ? 0 : k > s->ramp_len ? s->ramp_len : k;
		return log1p(s->ramp_size) * k / s->ramp_len;
	case NONE:
	case NSCEN:
		break;
	}
	return 0;
}

/* The true change's commits [start, start + *len) and its size. */
static double
truth(const struct sim *s, enum scenario sc, int *len)
{
	*len = sc == CREEP ? 10 : sc == RAMP ? s->ramp_len : 1;
	return sc == CREEP ? pow(1.01, 10) - 1 : sc == RAMP ? s->ramp_size :
	    0.10;
}

static void
draw_commit(struct sim *s, double lvl, double *v)
{
	double c = lvl + gsl_ran_gaussian(s->rng, s->between);
	int r;

	for (r = 0; r < s->runs; r++)
		v[r] = 100 * exp(c + gsl_ran_gaussian(s->rng, s->within));
}

static int
int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct tally {
	int detected, false_alarm, as_creep;
	int covered;	/* the size interval holds the true size */
	int split;	/* more than one change reported on the true one */
	int overlap;	/* two reported changes share a commit */
	int *errs;
	int nerr;
};

/* ------------------------------------------------------ -db */

/* What roundtrip reads back: values[trial][commit][run]. */
struct readback {
	const char *prefix;
	double *values;
	int trials, commits, runs;
	int *seen;
	int bad;
};

static int
on_series(const struct cbs_history_series *hs, void *ctx)
{
	struct readback *rb = ctx;
	size_t plen = strlen(rb->prefix), i;
	double *v;
	int t;

	if (strncmp(hs->benchmark, rb->prefix, plen) != 0)
		return 0;
	t = atoi(hs->benchmark + plen);
	if (t < 0 || t >= rb->trials || rb->seen[t]++ ||
	    hs->ncommits != (size_t)rb->commits) {
		rb->bad = 1;
		return 0;
	}
	for (i = 0; i < hs->ncommits; i++) {
		if (hs->points[i].n != (size_t)rb->runs) {
			rb->bad = 1;
			return 0;
		}
		/* Bit for bit what was recorded, or the store changed it. */
		v = rb->values + ((size_t)t * rb->commits + i) * rb->runs;
		if (memcmp(v, hs->points[i].values, (size_t)rb->runs *
		    sizeof(*v)) != 0)
			rb->bad = 1;
	}
	return 0;
}

/* Record commit i of every trial as one run (a custom unit: no scaling). */
static int
record_commit(struct sim *s, const char *prefix, const double *values,
    int trials, int commits, int i)
{
	struct cbs_history_commit c;
	char *text = NULL, id[160], err[512];
	size_t len = 0, nv;
	int t, r, added, rc;
	FILE *fp = open_memstream(&text, &len);

	if (fp == NULL)
		return -1;
	for (t = 0; t < trials; t++)
		for (r = 0; r < s->runs; r++)
			fprintf(fp, "Benchmark%s%d 1 %.17g x/op\n", prefix, t,
			    values[((size_t)t * commits + i) * s->runs + r]);
	if (fclose(fp) != 0 || (fp = fmemopen(text, len, "r")) == NULL) {
		free(text);
		return -1;
	}
	snprintf(id, sizeof(id), "%s-c%d", prefix, i);
	memset(&c, 0, sizeof(c));
	c.id = id;
	c.branch = "sim";
	c.commit_time = 1700000000 + ++s->clock;
	rc = cbs_history_record(s->db, &c, "sim", fp, NULL, NULL, &added, &nv,
	    err, sizeof(err));
	fclose(fp);
	free(text);
	if (rc != 0)
		fprintf(stderr, "history_sim: record: %s\n", err);
	return rc != 0 ? -1 : 0;
}

/*
 * values[trial][commit][run] through the database: recorded, then read
 * back and compared, bit for bit.  prefix names this batch's benchmarks (with the
 * parameters, so a database used before holds other names).
 */
static int
roundtrip(struct sim *s, const char *tag, double *values, int trials,
    int commits)
{
	struct cbs_history_query q;
	struct readback rb;
	char prefix[128], filter[160], err[512];
	int i, t, rc = 0;

	if (s->db == NULL)
		return 0;
	snprintf(prefix, sizeof(prefix), "%sN%dR%dS%luW%gB%gT", tag, commits,
	    s->runs, s->seed, s->within, s->between);
	for (i = 0; i < commits && rc == 0; i++)
		rc = record_commit(s, prefix, values, trials, commits, i);
	memset(&rb, 0, sizeof(rb));
	rb.prefix = prefix;
	rb.values = values;
	rb.trials = trials;
	rb.commits = commits;
	rb.runs = s->runs;
	if (rc != 0 || (rb.seen = calloc((size_t)trials, sizeof(int))) == NULL)
		return -1;
	memset(&q, 0, sizeof(q));
	snprintf(filter, sizeof(filter), ".name:/^%s[0-9]+$/", prefix);
	q.filter = filter;
	if (cbs_history_each(s->db, &q, on_series, &rb, err, sizeof(err)) !=
	    0) {
		fprintf(stderr, "history_sim: read: %s\n", err);
		rc = -1;
	}
	for (t = 0; t < trials && rc == 0; t++)
		if (rb.seen[t] != 1)
			rb.bad = 1;
	if (rc == 0 && rb.bad) {
		fprintf(stderr, "history_sim: %s: the database gave back "
		    "other series or values than were recorded\n", prefix);
		rc = -1;
	}
	free(rb.seen);
	return rc;
}

/* ------------------------------------------------------ series */

/* Draw scenario sc's trials: starts[t], values[t][commit][run]. */
static void
draw_series(struct sim *s, enum scenario sc, int *starts, double *values)
{
	int t, i;

	for (t = 0; t < s->trials; t++) {
		starts[t] = sc == RAMP ? s->ramp_start : 10 +
		    (int)gsl_rng_uniform_int(s->rng,
		    (unsigned long)(s->commits - 20));
		for (i = 0; i < s->commits; i++)
			draw_commit(s, level(s, sc, i, starts[t]), values +
			    ((size_t)t * s->commits + i) * s->runs);
	}
}

/* Series v as its commits' points (s->runs values each) and the
 * simulation's change options into *o.  @return the points, which the
 * caller frees, or NULL out of memory. */
static struct cbs_history_point *
trial_points(const struct sim *s, const double *v,
    struct cbs_history_change_opts *o)
{
	struct cbs_history_point *pts;
	int i;

	if ((pts = calloc((size_t)s->commits, sizeof(*pts))) == NULL)
		return NULL;
	for (i = 0; i < s->commits; i++) {
		pts[i].values = v + i * s->runs;
		pts[i].n = (size_t)s->runs;
	}
	cbs_history_change_defaults(o);
	o->alpha = s->alpha;
	o->threshold = s->threshold;
	return pts;
}

/* One series of scenario sc starting at start, its values v; counts
 * into t. */
static int
series_trial(struct sim *s, enum scenario sc, int start, const double *v,
    struct tally *t)
{
	struct cbs_history_change_opts o;
	struct cbs_history_change *ch;
	struct cbs_history_point *pts;
	size_t nch, j;
	int hit = 0, other = 0, best = -1, kind = 0, len, ontrue = 0;
	int lo, hi, covers = 0, overlap = 0;
	size_t maxend = 0;
	double size = truth(s, sc, &len);

	if ((pts = trial_points(s, v, &o)) == NULL)
		return -1;
	if (cbs_history_changes(pts, (size_t)s->commits, &o, &ch, &nch) != 0) {
		free(pts);
		return -1;
	}
	/* The true change spans [start, start + len): a change reported
	 * over commits that overlap it (give or take two) finds it; any
	 * other is a false alarm.  The one nearest its start is the one
	 * whose size interval is checked. */
	lo = start - 2;
	hi = start + len + 2;
	for (j = 0; j < nch; j++) {
		int at = (int)ch[j].start, end = (int)ch[j].end;

		overlap |= ch[j].start < maxend;
		maxend = ch[j].end > maxend ? ch[j].end : maxend;
		if (sc != NONE && ch[j].estimate > 0 && at < hi && end > lo) {
			if (!hit || abs(at - start) < abs(best - start)) {
				best = at;
				kind = ch[j].kind;
				covers = ch[j].lo <= size && size <= ch[j].hi;
			}
			hit = 1;
			ontrue++;
		} else
			other = 1;
	}
	if (hit) {
		t->detected++;
		t->as_creep += kind == CBS_HISTORY_CREEP;
		t->covered += covers;
		t->split += ontrue > 1;
		t->errs[t->nerr++] = abs(best - start);
	}
	t->false_alarm += other;
	t->overlap += overlap;
	free(ch);
	free(pts);
	return 0;
}

/* The two-sample gate on pooled runs: the interval's lower end past
 * the threshold, one-sided at alpha. */
static int
pooled_flags(struct sim *s, const double *base, size_t nb,
    const double *nw, size_t nn)
{
	struct cbs_shift sh;

	if (cbs_shift_estimate(base, nb, nw, nn, 1 - 2 * s->alpha, NULL,
	    &sh) != 0)
		return 0;
	return sh.lo > log1p(s->threshold / 100);
}

static int
median_flags(struct sim *s, const double *base, const double *nw)
{
	struct cbs_history_verdict v;
	double *med = malloc((size_t)s->k * sizeof(*med)), *tmp;
	int i, flag = 0;

	tmp = malloc((size_t)s->runs * sizeof(*tmp));
	if (med == NULL || tmp == NULL)
		goto done;
	for (i = 0; i < s->k; i++) {
		memcpy(tmp, base + i * s->runs, (size_t)s->runs *
		    sizeof(*tmp));
		qsort(tmp, (size_t)s->runs, sizeof(*tmp), dbl_cmp);
		med[i] = s->runs % 2 ? tmp[s->runs / 2] :
		    (tmp[s->runs / 2 - 1] + tmp[s->runs / 2]) / 2;
	}
	if (cbs_history_judge(med, (size_t)s->k, nw, (size_t)s->runs,
	    s->threshold, CBS_BETTER_LOWER, 0.95, &v) == 0)
		flag = v.p_worse <= s->alpha;
done:
	free(med);
	free(tmp);
	return flag;
}

/* One gate trial's draws: K baseline commits, then the new run. */
static void
draw_gate(struct sim *s, double shift, double *base, double *nw)
{
	int i;

	for (i = 0; i < s->k; i++)
		draw_commit(s, 0, base + i * s->runs);
	draw_commit(s, log(shift), nw);
}

/* One gate trial: counts[method] += flagged. */
static void
gate_trial(struct sim *s, const double *base, const double *nw,
    int counts[2])
{
	counts[0] += pooled_flags(s, base, (size_t)(s->k * s->runs), nw,
	    (size_t)s->runs);
	counts[1] += median_flags(s, base, nw);
}

static double
pct(int k, int n)
{
	return n > 0 ? 100.0 * k / n : 0;
}

/* Scenario sc's name: a ramp's size, length and first commit. */
static const char *
series_name(const struct sim *s, int sc, char *buf, size_t len)
{
	if (sc != RAMP)
		return scen_name[sc];
	snprintf(buf, len, "ramp %+g%% x%d @%d", 100 * s->ramp_size,
	    s->ramp_len, s->ramp_start);
	return buf;
}

/* One scenario's line of the table. */
static void
print_tally(const struct sim *s, int sc, struct tally *t)
{
	char buf[64];
	const char *name = series_name(s, sc, buf, sizeof(buf));

	qsort(t->errs, (size_t)t->nerr, sizeof(int), int_cmp);
	if (sc == NONE) {
		printf("%-22s %9s %14s %12.1f%% %9s %8s %6s %8.1f%%\n", name,
		    "-", "-", pct(t->false_alarm, s->trials), "-", "-", "-",
		    pct(t->overlap, s->trials));
		return;
	}
	printf("%-22s %8.1f%% %14d %12.1f%% %8.1f%% %7.1f%% %5.1f%% "
	    "%8.1f%%\n", name, pct(t->detected, s->trials), t->nerr ?
	    t->errs[t->nerr / 2] : -1, pct(t->false_alarm, s->trials),
	    pct(t->as_creep, t->detected), pct(t->covered, t->detected),
	    pct(t->split, t->detected), pct(t->overlap, s->trials));
}

/* ------------------------------------------------------ alerts */

/* The alerts of one series v recorded commit by commit: *alerts gets
 * their number, *first the commit the first regression at or after
 * start alerted on (-1: none). */
static int
alert_trial(struct sim *s, const double *v, int start, long *alerts,
    int *first)
{
	struct cbs_history_change_opts o;
	struct cbs_history_change *ch;
	struct cbs_history_point *pts;
	size_t nch, j;
	int i;

	if ((pts = trial_points(s, v, &o)) == NULL)
		return -1;
	*first = -1;
	for (i = 1; i < s->commits; i++) {
		if (cbs_history_changes_new(pts, (size_t)i + 1, (size_t)i, &o,
		    &ch, &nch) != 0) {
			free(pts);
			return -1;
		}
		*alerts += (long)nch;
		for (j = 0; j < nch; j++)
			if (*first < 0 && ch[j].estimate > 0 &&
			    ch[j].end + 1 >= (size_t)start)
				*first = i;
		free(ch);
	}
	free(pts);
	return 0;
}

/* Flat series and +10% steps, alerted commit by commit. */
static int
run_alerts(struct sim *s)
{
	int sc, t, first, *starts, *late, nlate, any;
	long alerts;
	double *v;

	printf("alerts: each commit recorded in turn, the changes it brings "
	    "(record)\n%-22s %17s %14s %10s %12s\n", "alerts", "per_commit",
	    "series_alerted", "detected", "commits_late");
	for (sc = NONE; sc <= STEP; sc++) {
		starts = calloc((size_t)s->trials, sizeof(int));
		late = calloc((size_t)s->trials, sizeof(int));
		v = calloc((size_t)s->trials * s->commits * s->runs,
		    sizeof(*v));
		if (starts == NULL || late == NULL || v == NULL)
			return -1;
		draw_series(s, (enum scenario)sc, starts, v);
		alerts = 0;
		nlate = any = 0;
		for (t = 0; t < s->trials; t++) {
			long before = alerts;

			if (alert_trial(s, v + (size_t)t * s->commits *
			    s->runs, sc == NONE ? 0 : starts[t], &alerts,
			    &first) != 0)
				return -1;
			any += alerts > before;
			if (sc == STEP && first >= 0)
				late[nlate++] = first - starts[t];
		}
		qsort(late, (size_t)nlate, sizeof(*late), int_cmp);
		printf("%-22s %16.3f%% %13.1f%% ", sc == NONE ? "none" :
		    "step +10%", 100.0 * (double)alerts /
		    ((double)s->trials * (s->commits - 1)), pct(any,
		    s->trials));
		if (sc == NONE)
			printf("%10s %12s\n", "-", "-");
		else
			printf("%9.1f%% %12d\n", pct(nlate, s->trials),
			    nlate > 0 ? late[nlate / 2] : -1);
		free(starts);
		free(late);
		free(v);
	}
	return 0;
}

/* Every scenario, or with -ramp that ramp alone. */
static int
run_series(struct sim *s)
{
	char tag[16];
	struct tally t;
	double *v;
	int *starts, sc, i;

	printf("%-22s %9s %14s %13s %9s %8s %6s %9s\n", "series", "detected",
	    "location_err", "false_alarms", "as_creep", "covered", "split",
	    "overlaps");
	for (sc = s->ramp_len > 0 ? RAMP : 0; sc < NSCEN; sc++) {
		if (sc == RAMP && s->ramp_len == 0)
			break;
		memset(&t, 0, sizeof(t));
		t.errs = calloc((size_t)s->trials, sizeof(int));
		starts = calloc((size_t)s->trials, sizeof(int));
		v = calloc((size_t)s->trials * s->commits * s->runs,
		    sizeof(*v));
		if (t.errs == NULL || starts == NULL || v == NULL)
			return -1;
		draw_series(s, (enum scenario)sc, starts, v);
		snprintf(tag, sizeof(tag), "S%d", sc);
		if (roundtrip(s, tag, v, s->trials, s->commits) != 0)
			return -1;
		for (i = 0; i < s->trials; i++)
			if (series_trial(s, (enum scenario)sc, starts[i], v +
			    (size_t)i * s->commits * s->runs, &t) != 0)
				return -1;
		free(starts);
		free(v);
		print_tally(s, sc, &t);
		free(t.errs);
	}
	return 0;
}

/*
 * A sound gate flags a change at the threshold itself (the edge of "no
 * regression") at most alpha of the time: false alarms are counted at
 * +5%, detection at +10%, for several between-commit noises.
 */
static int
run_gate(struct sim *s)
{
	static const double betweens[] = { 0, 0.01, 0.03 };
	double keep = s->between, *base[2], *nw[2];
	size_t kr = (size_t)s->k * s->runs;
	char tag[16];
	int fa[2], det[2], i, b, m;

	printf("gate against history: K=%d commits; false alarms at the "
	    "threshold (+%g%%), detection at +10%%\n", s->k, s->threshold);
	printf("%-9s %-20s %13s %10s\n", "between", "method", "false_alarms",
	    "detected");
	for (b = 0; b < 3; b++) {
		s->between = betweens[b];
		memset(fa, 0, sizeof(fa));
		memset(det, 0, sizeof(det));
		/* [0] at the threshold, [1] at +10%, drawn in turn. */
		for (m = 0; m < 2; m++) {
			base[m] = calloc(s->trials * kr, sizeof(double));
			nw[m] = calloc((size_t)s->trials * s->runs,
			    sizeof(double));
			if (base[m] == NULL || nw[m] == NULL)
				return -1;
		}
		for (i = 0; i < s->trials; i++)
			for (m = 0; m < 2; m++)
				draw_gate(s, m == 0 ? 1 + s->threshold / 100 :
				    1.10, base[m] + i * kr, nw[m] +
				    (size_t)i * s->runs);
		for (m = 0; m < 2; m++) {
			snprintf(tag, sizeof(tag), "G%d", m);
			if (roundtrip(s, tag, base[m], s->trials, s->k) != 0)
				return -1;
		}
		for (i = 0; i < s->trials; i++) {
			gate_trial(s, base[0] + i * kr, nw[0] +
			    (size_t)i * s->runs, fa);
			gate_trial(s, base[1] + i * kr, nw[1] +
			    (size_t)i * s->runs, det);
		}
		for (m = 0; m < 2; m++) {
			free(base[m]);
			free(nw[m]);
		}
		printf("%7.1f%%  %-20s %12.1f%% %9.1f%%\n", 100 * s->between,
		    "pooled runs (HL)", pct(fa[0], s->trials),
		    pct(det[0], s->trials));
		printf("%7.1f%%  %-20s %12.1f%% %9.1f%%\n", 100 * s->between,
		    "commit medians (t)", pct(fa[1], s->trials),
		    pct(det[1], s->trials));
	}
	s->between = keep;
	return 0;
}

static int
usage(void)
{
	fprintf(stderr, "usage: history_sim [-t trials] [-n commits] "
	    "[-r runs] [-w within%%] [-b between%%] [-k baseline] "
	    "[-s seed] [-db target] [-ramp start:length:size%%] [-a]\n");
	return 1;
}

/* A word flag (cbenchstat's style, before getopt's): its value, taken
 * out of argv, or NULL. */
static const char *
word_flag(int *argc, char **argv, const char *name)
{
	const char *v;
	int i;

	for (i = 1; i + 1 < *argc; i++)
		if (strcmp(argv[i], name) == 0) {
			v = argv[i + 1];
			memmove(argv + i, argv + i + 2, (size_t)(*argc - i - 1) *
			    sizeof(*argv));
			*argc -= 2;
			return v;
		}
	return NULL;
}

/* -ramp start:length:size%, within the series; @return 0 or -1. */
static int
parse_ramp(struct sim *s, const char *arg)
{
	char *end;
	double pc;

	s->ramp_start = (int)strtol(arg, &end, 10);
	if (*end != ':')
		return -1;
	s->ramp_len = (int)strtol(end + 1, &end, 10);
	if (*end != ':')
		return -1;
	pc = strtod(end + 1, &end);
	s->ramp_size = pc / 100;
	if (*end != '\0' || s->ramp_start < 0 || s->ramp_len < 1 ||
	    s->ramp_start + s->ramp_len > s->commits || !(pc > -100) ||
	    !(pc < 1e6))
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct sim s;
	const char *db, *ramp;
	char err[512], shown[512];
	int c, rc, alerts = 0;

	memset(&s, 0, sizeof(s));
	s.trials = 200;
	s.commits = 60;
	s.runs = 10;
	s.k = 20;
	s.within = 0.02;
	s.between = 0.01;
	s.threshold = 5;
	s.alpha = 0.01;
	s.seed = 1;
	db = word_flag(&argc, argv, "-db");
	ramp = word_flag(&argc, argv, "-ramp");
	while ((c = getopt(argc, argv, "at:n:r:w:b:k:s:")) != -1) {
		switch (c) {
		case 'a': alerts = 1; break;
		case 't': s.trials = atoi(optarg); break;
		case 'n': s.commits = atoi(optarg); break;
		case 'r': s.runs = atoi(optarg); break;
		case 'w': s.within = atof(optarg) / 100; break;
		case 'b': s.between = atof(optarg) / 100; break;
		case 'k': s.k = atoi(optarg); break;
		case 's': s.seed = strtoul(optarg, NULL, 10); break;
		default: return usage();
		}
	}
	if (s.trials < 1 || s.commits < 30 || s.runs < 1 || s.runs > 1024 ||
	    s.k < 3 || !(s.within >= 0) || !(s.between >= 0) ||
	    optind != argc || (ramp != NULL && parse_ramp(&s, ramp) != 0))
		return usage();
	if (db != NULL && cbs_history_open(db, CBS_HISTORY_WRITE, &s.db, err,
	    sizeof(err)) != 0) {
		fprintf(stderr, "history_sim: %s: %s\n", cbs_history_redact(db,
		    shown, sizeof(shown)), err);
		return 1;
	}
	gsl_rng_env_setup();
	s.rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(s.rng, s.seed);
	printf("history soundness: seed=%lu trials=%d commits=%d runs=%d "
	    "noise: within=%.1f%% between=%.1f%% alpha=%g threshold=%g%%\n",
	    s.seed, s.trials, s.commits, s.runs, 100 * s.within,
	    100 * s.between, s.alpha, s.threshold);
	/* A ramp's run is the ramp alone: the gate does not change with it. */
	rc = run_series(&s) != 0 || (ramp == NULL && run_gate(&s) != 0) ||
	    (alerts && run_alerts(&s) != 0);
	gsl_rng_free(s.rng);
	cbs_history_close(s.db);
	return rc;
}
