/*
 * input_formats.h: the readers of the JSON input formats (input_*.c),
 * called by input_format.c's detection; the only header that brings
 * jansson's types into the reading stage.
 */
#ifndef CBS_INPUT_FORMATS_H
#define CBS_INPUT_FORMATS_H

#include <stddef.h>

#include <jansson.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "input/input.h"

/*
 * json_loadb(buf, len, flags, e), told apart from running out of memory
 * (input_json.c): jansson's allocations fail fast once one has failed.
 * @return the value, or NULL: *nomem is 1 if memory ran out, else 0
 * and e says what is malformed.
 */
json_t *cbs_json_load(const char *buf, size_t len, size_t flags,
    json_error_t *e, int *nomem);
/* The same for json_load_callback (a stream read piece by piece). */
json_t *cbs_json_load_callback(json_load_callback_t cb, void *data,
    size_t flags, json_error_t *e, int *nomem);

/*
 * Google Benchmark writes NaN, Infinity and -Infinity for doubles, as
 * Python's json module does; JSON has no such tokens and jansson refuses
 * them.  Replace each such token outside strings in s[0..len) by a mark
 * of the same length (positions in errors stay the file's) that
 * cbs_json_number tells apart.  @return the number replaced.
 */
size_t cbs_json_mark_nonfinite(char *s, size_t len);

/* What a JSON value is as a measurement. */
enum cbs_json_num {
	CBS_JSON_FINITE,	/* a JSON number */
	CBS_JSON_NAN,		/* NaN, marked */
	CBS_JSON_INF,		/* Infinity, marked */
	CBS_JSON_NEG_INF,	/* -Infinity, marked */
	CBS_JSON_NONE,		/* anything else */
};

/* @return what v is; *out is its value if it is FINITE. */
enum cbs_json_num cbs_json_number(const json_t *v, double *out);
/* @return "NaN", "Infinity", "-Infinity", "a number" or "not a
 * number", for messages. */
const char *cbs_json_num_name(enum cbs_json_num k);

/*
 * Read a test2json stream held in buf[0..len) (buf[len] writable): each
 * event's Output, lines rejoined per Package, read as Go text
 * whose line numbers are those of the events that end the lines.
 * @return 0, CBS_EPARSE (a line that is no JSON event; err names it),
 * CBS_ENOMEM or what on_result returned.
 */
int cbs_input_test2json(struct cbs_reader *r, char *buf, size_t len,
    const struct cbs_read_sink *sink, const char *label, char *err,
    size_t errlen);

/* @return 1 if doc has the shape of a Google Benchmark JSON report. */
int cbs_input_is_gbench(const json_t *doc);
/* Read a Google Benchmark report: every "iteration" run is a sample.
 * @return 0, CBS_ENOMEM or what on_result returned. */
int cbs_input_gbench(struct cbs_reader *r, json_t *doc,
    const struct cbs_read_sink *sink, const char *label);

/* @return 1 if doc has the shape of a hyperfine JSON export. */
int cbs_input_is_hyperfine(const json_t *doc);
/* Read a hyperfine export: each time of each command is a sample.
 * @return 0, CBS_ENOMEM or what on_result returned. */
int cbs_input_hyperfine(struct cbs_reader *r, json_t *doc,
    const struct cbs_read_sink *sink, const char *label);

/*
 * What both JSON readers build a result from: a name made of parts and
 * values, grown as needed and freed by cbs_input_result_free.
 */
struct cbs_input_result {
	char *name;
	size_t name_len, name_cap;
	struct cbs_value *values;
	size_t nvalues, cap_values;
	struct cbs_sbuf text;	/* scratch: a unit, a value as text */
};

/* Append s[0..len) to the name, control characters as blanks (names
 * are printed one to a table row).  @return 0 or CBS_ENOMEM. */
int cbs_input_name_add(struct cbs_input_result *b, const char *s,
    size_t len);
/* Append val in unit, tidied by the reader.  @return 0, CBS_EINVAL
 * (unit empty or too long) or CBS_ENOMEM. */
int cbs_input_value_add(struct cbs_input_result *b, struct cbs_reader *r,
    double val, const char *unit);
/* Hand b to the sink with the reader's configuration, then empty it.
 * @return what on_result returned. */
int cbs_input_emit(struct cbs_input_result *b, struct cbs_reader *r,
    const struct cbs_read_sink *sink, long long iters);
void cbs_input_result_free(struct cbs_input_result *b);

/* Turn control characters in s[0..len) into blanks: names, units and
 * configuration are printed one to a line or table cell. */
void cbs_input_blank_controls(char *s, size_t len);
/* Set out to a scalar JSON value (string, number, boolean) as text,
 * whole, control characters as blanks; other values are "".  @return 0
 * or CBS_ENOMEM. */
int cbs_input_scalar_text(const json_t *v, struct cbs_sbuf *out);

#endif /* CBS_INPUT_FORMATS_H */
