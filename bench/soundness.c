/*
 * soundness.c: `make soundness`, a simulation of the regression gate as a
 * CI user lives with it (issue 9): how often a run in which nothing changed
 * goes red, and how often a real +10% regression of one benchmark in 50 is
 * caught.
 *
 * usage: soundness [-hLo] [-b benchmarks] [-c fraction] [-g gate-args]
 *            [-j jobs] [-m models] [-n counts] [-s seed] [-t trials]
 *            [-x shift] [cbenchstat]
 *
 * For every noise model and every run count n, each trial draws a fresh
 * set of benchmarks, writes an old and a new file of Go benchmark output
 * and runs `cbenchstat GATE-ARGS old new` on them twice:
 *   A/A  nothing changed: exit status 2 is a false alarm;
 *   A/B  one benchmark, chosen at random, is SHIFT percent slower: it is
 *        detected when the exit status is 2 and a "regression:" line names
 *        it, and flagged when an "inconclusive:" line names it instead.
 * With -c, a fraction of the benchmarks is slowed alike (a change to a
 * shared code path), the one named first among them; with -o every other
 * benchmark gets SHIFT percent faster (a trade-off), as the shared
 * harness's --changed and --opposite do; the "slowed" line of each row
 * gives what such a change is judged by: the share of A/B runs that exit
 * 2 and the share of the slowed benchmarks a regression: line names.
 * When that inconclusive line advises runs_needed=N, the advice is taken
 * (issue 21): a fresh A/B pair of N runs a side, the same benchmarks and
 * the same change, must detect it; the "advice" lines after the table
 * give the share of the advice that held (the goal is 80%, its power).
 * With -L (issue 23), the scenario is a leak instead: every benchmark
 * also reports B/op (1 KiB times its index plus one, with 0.5% noise,
 * rounded as Go's averages are); in A/A runs it is constant, in A/B runs
 * the chosen benchmark's new B/op grows by SHIFT percent of it per run
 * (-x 1: +1% a run).  A/A counts the runs with any leak: line, A/B the
 * runs whose leak: line names the benchmark, not also in base.
 * Each trial seeds its own generator from (seed, model, n, trial), so the
 * table depends on the seed and on the gate only, not on -j or on timing:
 * two gates run with the same seed see the very same files.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

extern char **environ;

#define NMODEL		3
#define MAXCOUNTS	8
#define MAXGATEARGS	32

static const char *const model_names[NMODEL] = {
	"mixed", "heavy", "bimodal"
};

/* Per-benchmark noise levels, as in the shared reference harness. */
static const double noise_levels[] = { 0.005, 0.02, 0.05 };

struct config {
	char *bin;
	char *gate_args[MAXGATEARGS];
	size_t ngate_args;
	int models[NMODEL];
	size_t nmodels;
	int counts[MAXCOUNTS];
	size_t ncounts;
	unsigned long long seed;
	long trials;
	int nbench;
	double shift;		/* percent */
	int nslow;		/* benchmarks slowed in A/B runs (-c) */
	int opposite;		/* the others get faster (-o) */
	int leak;		/* -L: the leak scenario */
	int jobs;
	char dir[1024];		/* leaves room for the file names */
};

/* The outcome of one trial, as a worker sends it to the parent. */
#define R_FALSE_ALARM	0x01	/* A/A exited 2 */
#define R_AA_INCONCL	0x02	/* A/A printed an inconclusive: line */
#define R_DETECTED	0x04	/* A/B exited 2 naming the slowed benchmark */
#define R_DET_OR_INC	0x08	/* ... or an inconclusive: line named it */
#define R_ADVISED	0x10	/* ... advising a number of runs */
#define R_ADVICE_HELD	0x20	/* ... which detected it */
#define R_RED		0x40	/* A/B exited 2, whatever it named */
/* Advice beyond this many runs a side is not taken: it counts as failed. */
#define MAX_ADVISED	1000

#define R_FAILED	UINT32_MAX	/* in cell: the worker gave up */

struct record {
	uint32_t cell;		/* model index * ncounts + count index */
	uint32_t flags;
	uint32_t named;		/* slowed benchmarks named regressions */
};

struct tally {
	long fa, aa_inc, det, det_inc, done;
	long advised, held;
	long red, named;	/* A/B runs that exit 2; sum of record.named */
};

/* Per-worker scratch: file names and the gate's argument vector. */
struct scratch {
	char old[PATH_MAX], new[PATH_MAX], err[PATH_MAX];
	char *argv[MAXGATEARGS + 4];
	double *sigma;
	unsigned char *named;	/* per benchmark: a regression: named it */
	gsl_rng *rng;
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: soundness [-hLo] [-b benchmarks] [-c fraction] "
	    "[-g gate-args]\n"
	    "           [-j jobs] [-m models] [-n counts] [-s seed] "
	    "[-t trials]\n"
	    "           [-x shift] [cbenchstat]\n"
	    "models: mixed,heavy,bimodal (default all); counts: default "
	    "5,10,20;\n"
	    "gate-args default \"-threshold 5\"; cbenchstat default "
	    "./cbenchstat\n");
}

/* ------------------------------------------------------ the noise models */

/* splitmix64's finaliser: spreads nearby inputs over the whole range. */
static uint64_t
mix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

static unsigned long
trial_seed(unsigned long long seed, int model, int count, long trial)
{
	uint64_t h = mix64(seed);

	h = mix64(h ^ (uint64_t)model);
	h = mix64(h ^ (uint64_t)count);
	h = mix64(h ^ (uint64_t)trial);
	/* MT19937 keeps 32 bits of its seed; 0 would select its default. */
	return (unsigned long)(h & 0xffffffffUL) | 1;
}

/*
 * One run's time relative to the benchmark's true time, whose log-scale
 * noise level is sigma.
 *   mixed:   log-normal, and 5% of runs are outliers up to 30% slower
 *            (the reference harness's model);
 *   heavy:   the log is sigma times a Student t with 3 degrees of freedom:
 *            the same scale in the bulk, far heavier tails, no separate
 *            outliers;
 *   bimodal: log-normal, and 30% of runs land in a mode 8% slower (a
 *            frequency step, a cache that sometimes misses).
 */
static double
draw(gsl_rng *r, int model, double sigma)
{
	double v;

	switch (model) {
	case 0:
		v = exp(gsl_ran_gaussian(r, sigma));
		if (gsl_rng_uniform(r) < 0.05)
			v *= 1 + 0.3 * gsl_rng_uniform(r);
		return v;
	case 1:
		return exp(sigma * gsl_ran_tdist(r, 3));
	default:
		v = exp(gsl_ran_gaussian(r, sigma));
		return gsl_rng_uniform(r) < 0.3 ? v * 1.08 : v;
	}
}

/*
 * The change of benchmark i when target is the first slowed one (-1:
 * none): the nslow benchmarks from target on, wrapping, are slowed.
 */
static int
is_slowed(const struct config *c, int i, int target)
{
	return target >= 0 && (i - target + c->nbench) % c->nbench < c->nslow;
}

static double
change_of(const struct config *c, int i, int target)
{
	if (target < 0)
		return 1;
	if (is_slowed(c, i, target))
		return 1 + c->shift / 100;
	return c->opposite ? 1 - c->shift / 100 : 1;
}

/* Write n runs of every benchmark, interleaved as `go test -count` does. */
static int
write_file(const char *path, const struct config *c, struct scratch *s,
    int model, int n, double drift, int target)
{
	FILE *f;
	double v, b;
	int run, i;

	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "soundness: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fputs("goos: linux\ngoarch: amd64\npkg: example.com/sound\n", f);
	for (run = 0; run < n; run++)
		for (i = 0; i < c->nbench; i++) {
			v = 100.0 * (1 + i) * drift *
			    draw(s->rng, model, s->sigma[i]);
			if (!c->leak)
				v *= change_of(c, i, target);
			fprintf(f, "BenchmarkOp%d-8\t100000\t%.3f ns/op", i,
			    v);
			if (c->leak) {
				b = 1024.0 * (1 + i) * (1 + (is_slowed(c, i,
				    target) ? c->shift / 100 * run : 0));
				fprintf(f, "\t%.0f B/op", b *
				    (1 + gsl_ran_gaussian(s->rng, 0.005)));
			}
			putc('\n', f);
		}
	if (ferror(f) | fclose(f)) {
		fprintf(stderr, "soundness: %s: write error\n", path);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------ running the gate */

/*
 * The benchmark index named by a gate line's benchmark= field ("Op7-8",
 * quoted or not, the -8 optional), or -1.
 */
static int
named_bench(const char *line)
{
	const char *p = strstr(line, " benchmark=");
	char name[128];
	size_t o = 0;
	char *end;
	long k;

	if (p == NULL)
		return -1;
	p += strlen(" benchmark=");
	if (*p == '"') {
		for (p++; *p != '\0' && *p != '"' && o + 1 < sizeof(name);
		    p++) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			name[o++] = *p;
		}
	} else {
		while (*p != '\0' && !isspace((unsigned char)*p) &&
		    o + 1 < sizeof(name))
			name[o++] = *p++;
	}
	name[o] = '\0';
	if (strncmp(name, "Op", 2) != 0 || !isdigit((unsigned char)name[2]))
		return -1;
	errno = 0;
	k = strtol(name + 2, &end, 10);
	if (errno != 0 || k > INT_MAX ||
	    (*end != '\0' && strcmp(end, "-8") != 0))
		return -1;
	return (int)k;
}

/*
 * What the gate's stderr says about benchmark `target` (-1: any), the
 * first slowed one, and about all the slowed ones.
 */
struct verdict {
	int status;
	int any_inconclusive;
	int target_regressed;
	int target_inconclusive;
	long target_runs;	/* its runs_needed=N; 0: none or "-" */
	int any_leak;		/* a leak: line */
	int target_leak;	/* ... naming target, not also in base */
	uint32_t slowed_named;	/* distinct slowed benchmarks named */
};

/* A line's runs_needed=N, or 0 without a count. */
static long
advised_runs(const char *line)
{
	const char *p = strstr(line, " runs_needed=");
	char *end;
	long n;

	if (p == NULL)
		return 0;
	p += strlen(" runs_needed=");
	if (!isdigit((unsigned char)*p))
		return 0;
	errno = 0;
	n = strtol(p, &end, 10);
	return errno == 0 && (*end == ' ' || *end == '\n') ? n : 0;
}

/*
 * A regression: line naming benchmark k: counted once per slowed
 * benchmark, however many lines (units) name it.
 */
static void
note_regression(const struct config *c, struct scratch *s, int k,
    int target, struct verdict *v)
{
	if (k < 0 || k >= c->nbench)
		return;
	if (k == target)
		v->target_regressed = 1;
	if (is_slowed(c, k, target) && !s->named[k]) {
		s->named[k] = 1;
		v->slowed_named++;
	}
}

static int
read_verdict(const struct config *c, struct scratch *s, int target,
    struct verdict *v)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;

	if ((f = fopen(s->err, "r")) == NULL) {
		fprintf(stderr, "soundness: %s: %s\n", s->err,
		    strerror(errno));
		return -1;
	}
	memset(s->named, 0, (size_t)c->nbench);
	while (getline(&line, &cap, f) != -1) {
		if (strncmp(line, "regression:", 11) == 0) {
			note_regression(c, s, named_bench(line), target, v);
		} else if (strncmp(line, "leak:", 5) == 0) {
			v->any_leak = 1;
			if (target >= 0 && named_bench(line) == target &&
			    strstr(line, " also_in_base=no ") != NULL)
				v->target_leak = 1;
		} else if (strncmp(line, "inconclusive:", 13) == 0) {
			v->any_inconclusive = 1;
			if (target >= 0 && named_bench(line) == target) {
				v->target_inconclusive = 1;
				v->target_runs = advised_runs(line);
			}
		}
	}
	free(line);
	fclose(f);
	return 0;
}

/* Show the start of the gate's stderr after it failed. */
static void
show_errors(const char *path)
{
	char buf[512];
	FILE *f;
	size_t n;

	if ((f = fopen(path, "r")) == NULL)
		return;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	fprintf(stderr, "%s%s", buf, n > 0 && buf[n - 1] != '\n' ? "\n" : "");
}

/* Run the gate on s->old and s->new: stdout discarded, stderr kept. */
static int
run_gate(const struct config *c, struct scratch *s, int target,
    struct verdict *v)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc, st;

	memset(v, 0, sizeof(*v));
	if ((rc = posix_spawn_file_actions_init(&fa)) != 0)
		goto fail;
	rc = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
	    0);
	if (rc == 0)
		rc = posix_spawn_file_actions_addopen(&fa, 2, s->err,
		    O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (rc == 0)
		rc = posix_spawnp(&pid, s->argv[0], &fa, NULL, s->argv,
		    environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		goto fail;
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR) {
			rc = errno;
			goto fail;
		}
	if (!WIFEXITED(st) ||
	    (WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 2)) {
		fprintf(stderr, "soundness: %s failed (%s %d) on %s %s:\n",
		    s->argv[0], WIFEXITED(st) ? "exit status" : "signal",
		    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st),
		    s->old, s->new);
		show_errors(s->err);
		return -1;
	}
	v->status = WEXITSTATUS(st);
	return read_verdict(c, s, target, v);
fail:
	fprintf(stderr, "soundness: cannot run %s: %s\n", s->argv[0],
	    strerror(rc));
	return -1;
}

/* ------------------------------------------------------ trials */

/*
 * Collect the runs an inconclusive line advised: a new A/B pair of the
 * same benchmarks with n runs a side and a fresh drift, as a user who
 * reran both batches would get.
 */
static int
take_advice(const struct config *c, struct scratch *s, int model, long n,
    int target, uint32_t *flags)
{
	struct verdict v;
	double drift;

	*flags |= R_ADVISED;
	if (n > MAX_ADVISED)
		return 0;
	drift = exp(gsl_ran_gaussian(s->rng, 0.01));
	if (write_file(s->old, c, s, model, (int)n, 1.0, -1) != 0 ||
	    write_file(s->new, c, s, model, (int)n, drift, target) != 0 ||
	    run_gate(c, s, target, &v) != 0)
		return -1;
	if (v.status == 2 && v.target_regressed)
		*flags |= R_ADVICE_HELD;
	return 0;
}

/* One A/A and one A/B comparison of a fresh set of benchmarks. */
static int
run_trial(const struct config *c, struct scratch *s, int model, int n,
    long trial, uint32_t *flags, uint32_t *named)
{
	struct verdict v;
	double drift;
	int i, target;

	gsl_rng_set(s->rng, trial_seed(c->seed, model, n, trial));
	for (i = 0; i < c->nbench; i++)
		s->sigma[i] = noise_levels[gsl_rng_uniform_int(s->rng, 3)];
	/* The machine drifts between the two batches, for every benchmark. */
	drift = exp(gsl_ran_gaussian(s->rng, 0.01));
	*flags = 0;
	*named = 0;
	if (write_file(s->old, c, s, model, n, 1.0, -1) != 0 ||
	    write_file(s->new, c, s, model, n, drift, -1) != 0 ||
	    run_gate(c, s, -1, &v) != 0)
		return -1;
	if (c->leak ? v.any_leak : v.status == 2)
		*flags |= R_FALSE_ALARM;
	if (v.any_inconclusive)
		*flags |= R_AA_INCONCL;
	target = (int)gsl_rng_uniform_int(s->rng, (unsigned long)c->nbench);
	if (write_file(s->new, c, s, model, n, drift, target) != 0 ||
	    run_gate(c, s, target, &v) != 0)
		return -1;
	if (c->leak) {
		*flags |= v.target_leak ? R_DETECTED | R_DET_OR_INC : 0;
		return 0;
	}
	if (v.status == 2)
		*flags |= R_RED;
	*named = v.slowed_named;
	if (v.status == 2 && v.target_regressed)
		*flags |= R_DETECTED | R_DET_OR_INC;
	if (v.target_inconclusive)
		*flags |= R_DET_OR_INC;
	if (v.target_runs > 0)
		return take_advice(c, s, model, v.target_runs, target, flags);
	return 0;
}

static int
scratch_init(const struct config *c, int w, struct scratch *s)
{
	size_t i, a = 0;

	snprintf(s->old, sizeof(s->old), "%s/old%d.txt", c->dir, w);
	snprintf(s->new, sizeof(s->new), "%s/new%d.txt", c->dir, w);
	snprintf(s->err, sizeof(s->err), "%s/err%d.txt", c->dir, w);
	s->argv[a++] = c->bin;
	for (i = 0; i < c->ngate_args; i++)
		s->argv[a++] = c->gate_args[i];
	s->argv[a++] = s->old;
	s->argv[a++] = s->new;
	s->argv[a] = NULL;
	s->sigma = calloc((size_t)c->nbench, sizeof(*s->sigma));
	s->named = calloc((size_t)c->nbench, 1);
	s->rng = gsl_rng_alloc(gsl_rng_mt19937);
	return s->sigma != NULL && s->named != NULL && s->rng != NULL ?
	    0 : -1;
}

/*
 * Worker w of c->jobs takes every jobs-th trial of the whole plan and
 * sends one record per trial down fd; records are far smaller than
 * PIPE_BUF, so the workers' writes never interleave.
 */
static int
worker(const struct config *c, int w, int fd)
{
	struct scratch s;
	struct record r;
	long total = (long)(c->nmodels * c->ncounts) * c->trials, j;
	int model, n, rc = 0;

	if (scratch_init(c, w, &s) != 0) {
		fprintf(stderr, "soundness: out of memory\n");
		return 1;
	}
	for (j = w; j < total && rc == 0; j += c->jobs) {
		r.cell = (uint32_t)(j / c->trials);
		model = c->models[r.cell / c->ncounts];
		n = c->counts[r.cell % c->ncounts];
		rc = run_trial(c, &s, model, n, j % c->trials, &r.flags,
		    &r.named);
		if (rc != 0)
			r.cell = R_FAILED;
		if (write(fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
			rc = -1;
	}
	gsl_rng_free(s.rng);
	free(s.named);
	free(s.sigma);
	return rc == 0 ? 0 : 1;
}

static void
remove_scratch(const struct config *c)
{
	char path[PATH_MAX];
	const char *const kinds[] = { "old", "new", "err" };
	size_t k;
	int w;

	for (w = 0; w < c->jobs; w++)
		for (k = 0; k < 3; k++) {
			snprintf(path, sizeof(path), "%s/%s%d.txt", c->dir,
			    kinds[k], w);
			unlink(path);
		}
	rmdir(c->dir);
}

/* Start the workers and add up their records; 0 when all of them ran. */
static int
run_all(const struct config *c, struct tally *t)
{
	struct record r;
	pid_t pids[64];
	int fds[2], w, k, st, ok = 1;
	size_t ncell = c->nmodels * c->ncounts;

	if (pipe(fds) != 0) {
		perror("soundness: pipe");
		return -1;
	}
	/* The gates must not hold the pipe open, or EOF would wait on them. */
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	fflush(NULL);
	for (w = 0; w < c->jobs; w++) {
		if ((pids[w] = fork()) == -1) {
			perror("soundness: fork");
			ok = 0;
			break;
		}
		if (pids[w] == 0) {
			close(fds[0]);
			_exit(worker(c, w, fds[1]));
		}
	}
	close(fds[1]);
	while (read(fds[0], &r, sizeof(r)) == (ssize_t)sizeof(r)) {
		if (r.cell == R_FAILED) {
			/* One failure spoils the table: stop the others. */
			for (k = 0; k < w; k++)
				kill(pids[k], SIGTERM);
			ok = 0;
		} else if (r.cell < ncell) {
			t[r.cell].done++;
			t[r.cell].fa += (r.flags & R_FALSE_ALARM) != 0;
			t[r.cell].aa_inc += (r.flags & R_AA_INCONCL) != 0;
			t[r.cell].det += (r.flags & R_DETECTED) != 0;
			t[r.cell].det_inc += (r.flags & R_DET_OR_INC) != 0;
			t[r.cell].advised += (r.flags & R_ADVISED) != 0;
			t[r.cell].held += (r.flags & R_ADVICE_HELD) != 0;
			t[r.cell].red += (r.flags & R_RED) != 0;
			t[r.cell].named += r.named;
		}
	}
	close(fds[0]);
	while (--w >= 0)
		if (waitpid(pids[w], &st, 0) == -1 || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0)
			ok = 0;
	return ok ? 0 : -1;
}

/* ------------------------------------------------------ the report */

static double
pct(long k, long n)
{
	return n > 0 ? 100.0 * (double)k / (double)n : 0;
}

/*
 * The figures of a change to many benchmarks (issue 21), one line a row:
 * the A/A false alarms beside them, so that a line is a verdict alone.
 */
static void
report_slowed(const struct config *c, size_t m, size_t k,
    const struct tally *x)
{
	printf("slowed %s %d: benchmarks=%d/%d others=%s false_alarms=%.1f%% "
	    "runs_exit_2=%.1f%% slowed_named=%.1f%%\n",
	    model_names[c->models[m]], c->counts[k], c->nslow, c->nbench,
	    c->opposite ? "faster" : "same", pct(x->fa, x->done),
	    pct(x->red, x->done), pct(x->named, x->done * c->nslow));
}

/* The leak scenario's figures (-L), one line a run count. */
static void
report_leak(const struct config *c, const struct tally *t)
{
	size_t m, k;

	for (m = 0; m < c->nmodels; m++)
		for (k = 0; k < c->ncounts; k++) {
			const struct tally *x = &t[m * c->ncounts + k];

			printf("leak %s %d: benchmarks=%d growth=+%g%%/run "
			    "aa_leak_lines=%.1f%% found=%.1f%%\n",
			    model_names[c->models[m]], c->counts[k],
			    c->nbench, c->shift, pct(x->fa, x->done),
			    pct(x->det, x->done));
		}
}

static void
report(const struct config *c, const struct tally *t)
{
	size_t m, k, i;
	double h1, h50;

	if (c->leak) {
		report_leak(c, t);
		return;
	}

	printf("soundness: seed=%llu trials=%ld benchmarks=%d shift=+%g%% ",
	    c->seed, c->trials, c->nbench, c->shift);
	if (c->nslow > 1 || c->opposite)
		printf("slowed=%d%s ", c->nslow, c->opposite ?
		    " others=faster" : "");
	printf("gate: %s", c->bin);
	for (i = 0; i < c->ngate_args; i++)
		printf(" %s", c->gate_args[i]);
	printf(" OLD NEW\n");
	printf("%-8s %3s %13s %10s %14s %16s\n", "model", "n",
	    "false_alarms", "detection", "det_or_inconc", "aa_inconclusive");
	for (m = 0; m < c->nmodels; m++)
		for (k = 0; k < c->ncounts; k++) {
			const struct tally *x = &t[m * c->ncounts + k];

			printf("%-8s %3d %12.1f%% %9.1f%% %13.1f%% %15.1f%%\n",
			    model_names[c->models[m]], c->counts[k],
			    pct(x->fa, x->done), pct(x->det, x->done),
			    pct(x->det_inc, x->done), pct(x->aa_inc, x->done));
		}
	for (m = 0; m < c->nmodels; m++)
		for (k = 0; k < c->ncounts; k++) {
			const struct tally *x = &t[m * c->ncounts + k];

			printf("advice %s %d: %ld advised, %ld held, %.1f%%\n",
			    model_names[c->models[m]], c->counts[k],
			    x->advised, x->held, pct(x->held, x->advised));
		}
	for (m = 0; m < c->nmodels; m++)
		for (k = 0; k < c->ncounts; k++)
			report_slowed(c, m, k, &t[m * c->ncounts + k]);
	/* Normal-approximation 95% half-widths, to read differences by. */
	h1 = 196 * sqrt(0.01 * 0.99 / (double)c->trials);
	h50 = 196 * sqrt(0.25 / (double)c->trials);
	printf("95%% margin with %ld trials: +-%.1f points near 1%%, "
	    "+-%.1f near 50%%\n", c->trials, h1, h50);
}

/* ------------------------------------------------------ options */

static int
parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* item(tok, c) on each comma-separated token of s.  @return 0, or -1
 * for a bad item or an empty list. */
static int
parse_list(char *s, struct config *c,
    int (*item)(const char *, struct config *))
{
	char *tok, *save = NULL;
	int any = 0;

	for (tok = strtok_r(s, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (item(tok, c) != 0)
			return -1;
		any = 1;
	}
	return any ? 0 : -1;
}

static int
model_item(const char *tok, struct config *c)
{
	int m;

	for (m = 0; m < NMODEL; m++)
		if (strcmp(tok, model_names[m]) == 0)
			break;
	if (m == NMODEL || c->nmodels == NMODEL)
		return -1;
	c->models[c->nmodels++] = m;
	return 0;
}

static int
parse_models(char *s, struct config *c)
{
	c->nmodels = 0;
	return parse_list(s, c, model_item);
}

static int
count_item(const char *tok, struct config *c)
{
	long v;

	if (parse_long(tok, 1, 1000, &v) != 0 || c->ncounts == MAXCOUNTS)
		return -1;
	c->counts[c->ncounts++] = (int)v;
	return 0;
}

static int
parse_counts(char *s, struct config *c)
{
	c->ncounts = 0;
	return parse_list(s, c, count_item);
}

static int
parse_gate(char *s, struct config *c)
{
	char *tok, *save = NULL;

	c->ngate_args = 0;
	for (tok = strtok_r(s, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		if (c->ngate_args == MAXGATEARGS)
			return -1;
		c->gate_args[c->ngate_args++] = tok;
	}
	return 0;
}

static int
parse_args(int argc, char **argv, struct config *c)
{
	static char defmodels[] = "mixed,heavy,bimodal";
	static char defcounts[] = "5,10,20";
	static char defgate[] = "-threshold 5";
	static char defbin[] = "./cbenchstat";
	char *end;
	double frac = 0;
	long v;
	int ch, bad = 0;

	memset(c, 0, sizeof(*c));
	c->bin = defbin;
	c->seed = 1;
	c->trials = 200;
	c->nbench = 50;
	c->shift = 10;
	c->jobs = 2;
	parse_models(defmodels, c);
	parse_counts(defcounts, c);
	parse_gate(defgate, c);
	while ((ch = getopt(argc, argv, "b:c:g:hj:Lm:n:os:t:x:")) != -1) {
		switch (ch) {
		case 'b':
			bad |= parse_long(optarg, 1, 100000, &v);
			c->nbench = (int)v;
			break;
		case 'c':
			errno = 0;
			frac = strtod(optarg, &end);
			bad |= end == optarg || *end != '\0' || errno != 0 ||
			    !(frac > 0 && frac <= 1);
			break;
		case 'g':
			bad |= parse_gate(optarg, c);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'j':
			bad |= parse_long(optarg, 1, 64, &v);
			c->jobs = (int)v;
			break;
		case 'L':
			c->leak = 1;
			break;
		case 'm':
			bad |= parse_models(optarg, c);
			break;
		case 'n':
			bad |= parse_counts(optarg, c);
			break;
		case 'o':
			c->opposite = 1;
			break;
		case 's':
			errno = 0;
			c->seed = strtoull(optarg, &end, 10);
			bad |= end == optarg || *end != '\0' || errno != 0 ||
			    *optarg == '-';
			break;
		case 't':
			bad |= parse_long(optarg, 1, 10000000, &c->trials);
			break;
		case 'x':
			errno = 0;
			c->shift = strtod(optarg, &end);
			bad |= end == optarg || *end != '\0' || errno != 0 ||
			    !(c->shift > 0 && c->shift < 1000);
			break;
		default:
			bad = 1;
			break;
		}
		if (bad) {
			if (ch != '?')
				fprintf(stderr, "soundness: bad -%c value "
				    "\"%s\"\n", ch, optarg);
			return -1;
		}
	}
	if (argc - optind > 1)
		return -1;
	/* A benchmark 100% faster would take no time at all. */
	if (c->opposite && !(c->shift < 100))
		return -1;
	/* One benchmark by default; at least one with -c. */
	c->nslow = frac > 0 ? (int)fmax(1, floor(frac * c->nbench + 0.5)) : 1;
	if (argc - optind == 1)
		c->bin = argv[optind];
	return 0;
}

static int
make_dir(struct config *c)
{
	const char *tmp = getenv("TMPDIR");

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	if ((size_t)snprintf(c->dir, sizeof(c->dir), "%s/soundness.XXXXXX",
	    tmp) >= sizeof(c->dir)) {
		fprintf(stderr, "soundness: TMPDIR too long\n");
		return -1;
	}
	if (mkdtemp(c->dir) == NULL) {
		fprintf(stderr, "soundness: %s: %s\n", c->dir,
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct config c;
	struct tally *t;
	int rc;

	if (parse_args(argc, argv, &c) != 0) {
		usage(stderr);
		return 1;
	}
	if (access(c.bin, X_OK) != 0 && strchr(c.bin, '/') != NULL) {
		fprintf(stderr, "soundness: %s: %s\n", c.bin, strerror(errno));
		return 1;
	}
	if ((t = calloc(c.nmodels * c.ncounts, sizeof(*t))) == NULL ||
	    make_dir(&c) != 0)
		return 1;
	rc = run_all(&c, t);
	remove_scratch(&c);
	if (rc == 0)
		report(&c, t);
	free(t);
	if (rc != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (rc == 0)
			fprintf(stderr, "soundness: write error\n");
		return 1;
	}
	return 0;
}
