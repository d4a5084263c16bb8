/*
 * input_hyperfine.c: hyperfine JSON exports (--export-json), read as
 * benchmark results.
 *
 * Each of a command's "times" is one sample in "sec/op".  The name is
 * the "command" string as hyperfine wrote it (the command line, or its
 * --command-name), unchanged, blanks and slashes included, so rows read
 * as hyperfine's own output does; then one "/key=value" part per
 * parameter (-P, -L), so -col /key works.  For that, the rest of the
 * name must be the same for every value: name the commands with
 * --command-name.  A '/' in a command makes its first part the base
 * name (.name), a cosmetic matter: the default rows are full names.
 * "memory_usage_byte", where hyperfine writes it (one per time), is the
 * unit "max-RSS-B"; runs that exit non-zero (or by a signal) are a
 * warning, their times still samples, as hyperfine -i keeps them.
 */
#include <stdio.h>
#include <string.h>

#include "cbenchstat.h"
#include "input/input.h"
#include "input/input_formats.h"

int
cbs_input_is_hyperfine(const json_t *doc)
{
	const json_t *results = json_object_get(doc, "results");
	size_t i;

	if (!json_is_object(doc) || !json_is_array(results))
		return 0;
	for (i = 0; i < json_array_size(results); i++)
		if (!json_is_string(json_object_get(json_array_get(results, i),
		    "command")))
			return 0;
	return 1;
}

/* The command, then "/key=value" for each parameter, values whole. */
static int
add_name(struct cbs_input_result *b, const char *command, json_t *params)
{
	const char *key;
	json_t *v;
	int rc;

	if ((rc = cbs_input_name_add(b, command, strlen(command))) != 0)
		return rc;
	if (!json_is_object(params))
		return 0;
	json_object_foreach(params, key, v) {
		if ((rc = cbs_input_scalar_text(v, &b->text)) != 0 ||
		    (rc = cbs_input_name_add(b, "/", 1)) != 0 ||
		    (rc = cbs_input_name_add(b, key, strlen(key))) != 0 ||
		    (rc = cbs_input_name_add(b, "=", 1)) != 0 ||
		    (rc = cbs_input_name_add(b, b->text.p, b->text.len)) != 0)
			return rc;
	}
	return 0;
}

/* Warn about runs that did not exit 0 (null: killed by a signal). */
static void
check_exit_codes(const json_t *codes, const char *command, size_t nruns,
    const struct cbs_read_sink *sink)
{
	size_t i, bad = 0;
	const json_t *c;

	for (i = 0; i < json_array_size(codes); i++) {
		c = json_array_get(codes, i);
		if (!json_is_integer(c) || json_integer_value(c) != 0)
			bad++;
	}
	if (bad > 0)
		cbs_read_report(sink, 0, "command \"%s\": %zu of %zu runs "
		    "exited with a non-zero status", command, bad, nruns);
}

/* Warn that times[i] (or another array's element) of results[idx] is
 * no measurement: not a number, or NaN or infinite. */
static void
bad_time(const struct cbs_read_sink *sink, size_t idx, const char *shown,
    const char *array, size_t i, enum cbs_json_num k)
{
	cbs_read_report(sink, 0, "results[%zu] (\"%s\"): %s[%zu] is %s; "
	    "skipped", idx, shown, array, i, cbs_json_num_name(k));
}

/* The samples of one command, one result per time. */
static int
read_command(struct cbs_input_result *b, struct cbs_reader *r,
    json_t *res, size_t idx, const struct cbs_read_sink *sink)
{
	const char *command = json_string_value(json_object_get(res,
	    "command"));
	const json_t *times = json_object_get(res, "times");
	const json_t *mem = json_object_get(res, "memory_usage_byte");
	size_t i, n = json_array_size(times);
	int rc, has_mem = json_array_size(mem) == n;
	char shown[128];	/* the command in messages, one line */
	enum cbs_json_num k;
	double t, m;

	snprintf(shown, sizeof(shown), "%s", command);
	cbs_input_blank_controls(shown, strlen(shown));

	if (!json_is_array(times) || n == 0) {
		cbs_read_report(sink, 0, "results[%zu] (\"%s\"): no \"times\"",
		    idx, shown);
		return 0;
	}
	check_exit_codes(json_object_get(res, "exit_codes"), shown, n, sink);
	for (i = 0; i < n; i++) {
		if ((k = cbs_json_number(json_array_get(times, i), &t)) !=
		    CBS_JSON_FINITE) {
			bad_time(sink, idx, shown, "times", i, k);
			continue;
		}
		if ((rc = add_name(b, command, json_object_get(res,
		    "parameters"))) != 0 ||
		    (rc = cbs_input_value_add(b, r, t, "sec/op")) != 0)
			return rc;
		if (has_mem && (k = cbs_json_number(json_array_get(mem, i),
		    &m)) == CBS_JSON_FINITE &&
		    (rc = cbs_input_value_add(b, r, m, "max-RSS-B")) != 0)
			return rc;
		if (has_mem && k != CBS_JSON_FINITE && k != CBS_JSON_NONE)
			bad_time(sink, idx, shown, "memory_usage_byte", i, k);
		if ((rc = cbs_input_emit(b, r, sink, 1)) != 0)
			return rc;
	}
	return 0;
}

int
cbs_input_hyperfine(struct cbs_reader *r, json_t *doc,
    const struct cbs_read_sink *sink, const char *label)
{
	struct cbs_input_result b;
	json_t *results = json_object_get(doc, "results");
	size_t i;
	int rc;

	memset(&b, 0, sizeof(b));
	if ((rc = cbs_reader_begin(r, label)) != 0)
		return rc;
	for (i = 0; i < json_array_size(results) && rc == 0; i++)
		rc = read_command(&b, r, json_array_get(results, i), i, sink);
	cbs_input_result_free(&b);
	return rc;
}
