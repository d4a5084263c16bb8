/*
 * input_gbench.c: Google Benchmark JSON reports (--benchmark_format=json,
 * --benchmark_out), read as benchmark results.
 *
 * Every run of run_type "iteration" is one sample; the aggregates that
 * --benchmark_repetitions adds (mean, median, stddev, cv, BigO, RMS) are
 * skipped, so the statistics come from the repetitions themselves.  A
 * run's real_time and cpu_time become "sec/op" and "cpu-sec/op" (from
 * time_unit); every other number on it is a user counter and a unit of
 * its own: "bytes_per_second" is "B/s", "items_per_second" "items/s",
 * any "X_per_second" "X/s", so rates are better higher as Go's "MB/s"
 * is.  Name parts "key:value" (ArgNames, threads, ...) become Go's
 * "key=value" so -col /key works.  The context keys that describe the
 * machine and build (not the date, load or executable path, which
 * differ from run to run and would split the tables) become
 * configuration.  A run with error_occurred or skipped (SkipWithError,
 * SkipWithMessage) is a warning, not a sample, and so is a NaN or
 * infinite value (input_json.c reads the tokens Google Benchmark writes
 * for them).
 */
#include <stdio.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "input/input.h"
#include "input/input_formats.h"

/* The context keys kept as configuration, in this order. */
static const char *const context_keys[] = {
	"host_name", "num_cpus", "mhz_per_cpu", "cpu_scaling_enabled",
	"library_build_type", "library_version",
};

/* The numbers of a run that are not user counters. */
static const char *const run_fields[] = {
	"family_index", "per_family_instance_index", "repetitions",
	"repetition_index", "threads", "iterations", "real_time",
	"cpu_time", "complexity_n",
};

/* Seconds per time_unit. */
static const struct {
	const char *name;
	double factor;
} time_units[] = {
	{ "ns", 1e-9 }, { "us", 1e-6 }, { "ms", 1e-3 }, { "s", 1 },
};

int
cbs_input_is_gbench(const json_t *doc)
{
	return json_is_object(doc) &&
	    json_is_array(json_object_get(doc, "benchmarks")) &&
	    json_is_object(json_object_get(doc, "context"));
}

static int
set_context(struct cbs_reader *r, const json_t *ctx, struct cbs_sbuf *val)
{
	size_t i;
	int rc;

	for (i = 0; i < sizeof(context_keys) / sizeof(context_keys[0]); i++) {
		if ((rc = cbs_input_scalar_text(json_object_get(ctx,
		    context_keys[i]), val)) != 0)
			return rc;
		if (val->len > 0 && (rc = cbs_reader_set_config(r,
		    context_keys[i], val->p, val->len)) != 0)
			return rc;
	}
	return 0;
}

static int
is_run_field(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(run_fields) / sizeof(run_fields[0]); i++)
		if (strcmp(key, run_fields[i]) == 0)
			return 1;
	return 0;
}

/* Set unit to that of user counter key, whole (issue 20, F9: two long
 * counters cut to one length merged): rates named "X_per_second" are
 * "X/s".  @return 0 or CBS_ENOMEM. */
static int
counter_unit(const char *key, struct cbs_sbuf *unit)
{
	static const char suffix[] = "_per_second";
	size_t klen = strlen(key), slen = sizeof(suffix) - 1;

	unit->len = 0;
	if (strcmp(key, "bytes_per_second") == 0)
		cbs_sbuf_str(unit, "B/s");
	else if (klen > slen && strcmp(key + klen - slen, suffix) == 0) {
		cbs_sbuf_add(unit, key, klen - slen);
		cbs_sbuf_str(unit, "/s");
	} else
		cbs_sbuf_add(unit, key, klen);
	if (unit->nomem)
		return CBS_ENOMEM;
	cbs_input_blank_controls(unit->p, unit->len);
	return 0;
}

/* The name with each part "key:value" written "key=value". */
static int
add_name(struct cbs_input_result *b, const char *name)
{
	const char *part = name, *end, *colon;
	int rc;

	for (;;) {
		end = strchr(part, '/');
		if (end == NULL)
			end = part + strlen(part);
		colon = memchr(part, ':', (size_t)(end - part));
		if (part > name && colon != NULL && colon > part) {
			if ((rc = cbs_input_name_add(b, part,
			    (size_t)(colon - part))) != 0 ||
			    (rc = cbs_input_name_add(b, "=", 1)) != 0 ||
			    (rc = cbs_input_name_add(b, colon + 1,
			    (size_t)(end - colon - 1))) != 0)
				return rc;
		} else if ((rc = cbs_input_name_add(b, part,
		    (size_t)(end - part))) != 0)
			return rc;
		if (*end == '\0')
			return 0;
		if ((rc = cbs_input_name_add(b, "/", 1)) != 0)
			return rc;
		part = end + 1;
	}
}

/* @return the seconds in one time_unit of run, or 0 if unknown. */
static double
time_factor(const json_t *run)
{
	const char *tu = json_string_value(json_object_get(run, "time_unit"));
	size_t i;

	if (tu == NULL)
		return 1e-9;	/* the default before time_unit was written */
	for (i = 0; i < sizeof(time_units) / sizeof(time_units[0]); i++)
		if (strcmp(tu, time_units[i].name) == 0)
			return time_units[i].factor;
	return 0;
}

/* A benchmark's name as a slice of a run's strings. */
struct key {
	const char *s;
	size_t len;
};

/* The reading of one report. */
struct gb {
	struct cbs_input_result b;
	struct cbs_reader *r;
	const struct cbs_read_sink *sink;
	const json_t *runs;
	struct key last_run;	/* of the last repetition */
	struct key last_warned;	/* of the last aggregates-only warning */
};

/* @return 1 if run is a repetition of name whose field key is k. */
static int
run_has(const json_t *run, const char *name, const char *key,
    enum cbs_json_num k)
{
	const char *n = json_string_value(json_object_get(run, "name"));
	double x;

	return n != NULL && strcmp(n, name) == 0 &&
	    cbs_json_number(json_object_get(run, key), &x) == k;
}

/*
 * Warn that field key of run idx (what, in messages) is k, NaN or an
 * infinity, once for the repetitions of a benchmark in a row that have
 * it too: Google Benchmark writes a counter that divides by zero so in
 * every repetition.  outcome is what becomes of the run.
 */
static void
warn_nonfinite(const struct gb *g, size_t idx, const char *name,
    const char *key, const char *what, enum cbs_json_num k,
    const char *outcome)
{
	size_t j = idx + 1;

	if (idx > 0 && run_has(json_array_get(g->runs, idx - 1), name, key, k))
		return;
	while (j < json_array_size(g->runs) &&
	    run_has(json_array_get(g->runs, j), name, key, k))
		j++;
	if (j - idx > 1)
		cbs_read_report(g->sink, 0, "benchmark %s: %s is %s; %s (%zu "
		    "runs)", name, what, cbs_json_num_name(k), outcome,
		    j - idx);
	else
		cbs_read_report(g->sink, 0, "benchmark %s: %s is %s; %s", name,
		    what, cbs_json_num_name(k), outcome);
}

/*
 * Add field key of run idx (what, in messages), if it is a finite
 * number, as a value in unit, scaled by factor.  NaN and the infinities
 * (a counter divided by zero) are no measurement: a warning.
 * @return 0, CBS_EINVAL (unit empty or too long) or CBS_ENOMEM.
 */
static int
add_field(struct gb *g, size_t idx, const char *name, const char *key,
    const char *what, double factor, const char *unit)
{
	json_t *run = json_array_get(g->runs, idx);
	enum cbs_json_num k;
	double x;

	k = cbs_json_number(json_object_get(run, key), &x);
	if (k == CBS_JSON_FINITE)
		return cbs_input_value_add(&g->b, g->r, x * factor, unit);
	if (k != CBS_JSON_NONE)
		warn_nonfinite(g, idx, name, key, what, k, "skipped");
	return 0;
}

/* The values of run idx: times, then counters in the run's order. */
static int
add_values(struct gb *g, size_t idx, const char *name, double factor)
{
	json_t *run = json_array_get(g->runs, idx), *v;
	struct cbs_sbuf *unit = &g->b.text;
	const char *key;
	char what[64];
	double x;
	int rc;

	if ((rc = add_field(g, idx, name, "real_time", "real_time", factor,
	    "sec/op")) != 0 ||
	    (rc = add_field(g, idx, name, "cpu_time", "cpu_time", factor,
	    "cpu-sec/op")) != 0)
		return rc;
	json_object_foreach(run, key, v) {
		if (is_run_field(key) || cbs_json_number(v, &x) ==
		    CBS_JSON_NONE)
			continue;
		if ((rc = counter_unit(key, unit)) != 0)
			return rc;
		snprintf(what, sizeof(what), "counter \"%.40s\"", key);
		rc = add_field(g, idx, name, key, what, 1, unit->p);
		if (rc == CBS_EINVAL)
			cbs_read_report(g->sink, 0, "benchmark %s: counter "
			    "\"\" skipped: its name is empty", name);
		else if (rc != 0)
			return rc;
	}
	return 0;
}

/* @return 1 if run is an iteration's sample, 0 for an aggregate. */
static int
is_iteration(const json_t *run)
{
	const char *type = json_string_value(json_object_get(run,
	    "run_type"));

	if (json_object_get(run, "aggregate_name") != NULL)
		return 0;
	return type == NULL || strcmp(type, "iteration") == 0;
}

/*
 * Why run is no sample: "error" (SkipWithError: error_occurred and
 * error_message) or "skipped" (SkipWithMessage, Google Benchmark 1.8:
 * skipped and skip_message), with the message in *msg; such a run has
 * real_time 0, which is no measurement.  @return NULL if it is a sample.
 */
static const char *
run_skip(const json_t *run, const char **msg)
{
	const char *kind, *key;

	if (json_is_true(json_object_get(run, "error_occurred"))) {
		kind = "error";
		key = "error_message";
	} else if (json_is_true(json_object_get(run, "skipped"))) {
		kind = "skipped";
		key = "skip_message";
	} else
		return NULL;
	if ((*msg = json_string_value(json_object_get(run, key))) == NULL)
		*msg = "(no message)";
	return kind;
}

/* @return how many runs from i on are skipped alike, with run i's name,
 * kind and message: the repetitions of one benchmark, warned about
 * once. */
static size_t
same_skips(const json_t *runs, size_t i, const char *name, const char *kind,
    const char *msg)
{
	const json_t *run;
	const char *n, *k, *m;
	size_t j = i + 1;

	for (; j < json_array_size(runs); j++) {
		run = json_array_get(runs, j);
		n = json_string_value(json_object_get(run, "name"));
		k = run_skip(run, &m);
		if (n == NULL || k == NULL || strcmp(n, name) != 0 ||
		    strcmp(k, kind) != 0 || strcmp(m, msg) != 0)
			break;
	}
	return j - i;
}

static int
key_eq(struct key a, struct key b)
{
	return a.s != NULL && b.s != NULL && a.len == b.len &&
	    memcmp(a.s, b.s, a.len) == 0;
}

/* The benchmark run belongs to: its run_name, or, for an aggregate
 * written without one, its name without "_" and the aggregate's. */
static struct key
run_key(const json_t *run, const char *name)
{
	const char *rn = json_string_value(json_object_get(run, "run_name"));
	const char *agg = json_string_value(json_object_get(run,
	    "aggregate_name"));
	struct key k = { rn != NULL ? rn : name, strlen(rn != NULL ? rn :
	    name) };
	size_t n;

	if (rn == NULL && agg != NULL && (n = strlen(agg)) < k.len &&
	    k.s[k.len - n - 1] == '_' && strcmp(k.s + k.len - n, agg) == 0)
		k.len -= n + 1;
	return k;
}

/*
 * An aggregate of repetitions (mean, median, stddev, cv, ...) whose
 * repetitions are not in the report, as --benchmark_report_aggregates_only
 * writes it, leaves its benchmark without samples: the aggregates are
 * one number each, which no test can compare.  Warn once per benchmark.
 * Google Benchmark writes a benchmark's aggregates right after its
 * repetitions; BigO and RMS, which fit a family, have no real_time.
 */
static void
check_aggregate(struct gb *g, const json_t *run, const char *name)
{
	const char *agg = json_string_value(json_object_get(run,
	    "aggregate_name"));
	struct key k;

	if (name == NULL || json_object_get(run, "real_time") == NULL ||
	    (agg != NULL && (strcmp(agg, "BigO") == 0 ||
	    strcmp(agg, "RMS") == 0)))
		return;
	k = run_key(run, name);
	if (key_eq(k, g->last_run) || key_eq(k, g->last_warned))
		return;
	g->last_warned = k;
	cbs_read_report(g->sink, 0, "benchmark %.*s: aggregates only, no "
	    "repetitions to sample", k.len > 200 ? 200 : (int)k.len, k.s);
}

/* Warn about the runs from idx on that are no samples, as one.
 * @return their number. */
static long
skip_runs(struct gb *g, size_t idx, const char *name, const char *kind,
    const char *msg)
{
	size_t n = same_skips(g->runs, idx, name, kind, msg);

	if (n > 1)
		cbs_read_report(g->sink, 0, "benchmark %s: %s: %s (%zu runs)",
		    name, kind, msg, n);
	else
		cbs_read_report(g->sink, 0, "benchmark %s: %s: %s", name, kind,
		    msg);
	return (long)n;
}

/* One entry of "benchmarks": a sample, nothing (an aggregate), or a
 * warning.  @return the number of entries taken, or an error. */
static long
read_run(struct gb *g, size_t idx)
{
	json_t *run = json_array_get(g->runs, idx);
	const char *name = json_string_value(json_object_get(run, "name"));
	const json_t *iters = json_object_get(run, "iterations");
	const char *kind, *msg;
	enum cbs_json_num k;
	double factor, rt;
	int rc;

	if (!json_is_object(run))
		return 1;
	if (!is_iteration(run)) {
		check_aggregate(g, run, name);
		return 1;
	}
	if (name == NULL) {
		cbs_read_report(g->sink, 0, "benchmarks[%zu]: no \"name\"",
		    idx);
		return 1;
	}
	g->last_run = run_key(run, name);
	if ((kind = run_skip(run, &msg)) != NULL)
		return skip_runs(g, idx, name, kind, msg);
	if ((k = cbs_json_number(json_object_get(run, "real_time"), &rt)) !=
	    CBS_JSON_FINITE) {
		if (k == CBS_JSON_NONE)
			cbs_read_report(g->sink, 0, "benchmark %s: no "
			    "\"real_time\"", name);
		else
			warn_nonfinite(g, idx, name, "real_time", "real_time",
			    k, "no sample");
		return 1;
	}
	if (!((factor = time_factor(run)) > 0)) {
		cbs_read_report(g->sink, 0, "benchmark %s: unknown time_unit",
		    name);
		return 1;
	}
	if ((rc = add_name(&g->b, name)) != 0 ||
	    (rc = add_values(g, idx, name, factor)) != 0 ||
	    (rc = cbs_input_emit(&g->b, g->r, g->sink, json_is_integer(iters) ?
	    (long long)json_integer_value(iters) : 0)) != 0)
		return rc;
	return 1;
}

int
cbs_input_gbench(struct cbs_reader *r, json_t *doc,
    const struct cbs_read_sink *sink, const char *label)
{
	struct gb g;
	size_t i;
	long n = 0;
	int rc;

	memset(&g, 0, sizeof(g));
	g.r = r;
	g.sink = sink;
	g.runs = json_object_get(doc, "benchmarks");
	if ((rc = cbs_reader_begin(r, label)) != 0 ||
	    (rc = set_context(r, json_object_get(doc, "context"),
	    &g.b.text)) != 0)
		return rc;
	for (i = 0; i < json_array_size(g.runs); i += (size_t)n)
		if ((n = read_run(&g, i)) <= 0)
			break;
	cbs_input_result_free(&g.b);
	return n < 0 ? (int)n : 0;
}
