/*
 * input/input.h: what the readers of every input format share with the Go
 * text reader (reader.c): the read sink, configuration, tidied values, and
 * units (tidying, direction, scaling).  (input_formats.h: the JSON and
 * test2json readers.) Private to the library and its tests: only
 * include/cbenchstat.h is installed.
 */
#ifndef CBS_INPUT_H
#define CBS_INPUT_H

#include "base/base.h"

/*
 * @return the value of unit metadata key for unit (tidied before the
 * lookup), or NULL when it was never set.
 */
const char *cbs_reader_unit_meta(const struct cbs_reader *r,
    const char *unit, const char *key);

/*
 * reader.c's entry points for the readers of the other input formats
 * (input_*.c): they feed it Go text lines (test2json) or hand their
 * results to the sink themselves, with configuration and tidied values
 * from here, so every format's strings share the reader's intern table.
 */
struct cbs_read_sink {
	const char *path;	/* the stream's name in messages */
	cbs_result_fn on_result;
	cbs_diag_fn on_diag;	/* may be NULL */
	void *ctx;
};

/* cbs_reader_read, with n bytes already taken from fp given back first
 * (format detection reads ahead).  @return as cbs_reader_read. */
int cbs_reader_read_after(struct cbs_reader *r, FILE *fp,
    const char *prefix, size_t n, const struct cbs_read_sink *sink,
    const char *label, char *err, size_t errlen);
/* Start a stream: configuration afresh, ".file" set to label (if any).
 * @return 0 or CBS_ENOMEM. */
int cbs_reader_begin(struct cbs_reader *r, const char *label);
/* Read one Go text line (no newline) numbered lineno in messages;
 * line[len] must be writable.  @return 0 or what on_result returned. */
int cbs_reader_feed_line(struct cbs_reader *r,
    const struct cbs_read_sink *sink, char *line, size_t len,
    size_t lineno);
/* Set file configuration key (NUL-ended) to value[0..vlen), vlen > 0, as
 * a "key: value" line does.  @return 0 or CBS_ENOMEM. */
int cbs_reader_set_config(struct cbs_reader *r, const char *key,
    const char *value, size_t vlen);
/* @return the configuration in force, *n pairs (valid until changed). */
const struct cbs_config *cbs_reader_config(const struct cbs_reader *r,
    size_t *n);
/* A measurement of val in unit, interned and tidied as a result line's
 * ("ns/op" becomes "sec/op"), of any length (a result line's is at most
 * 1023 bytes).  @return 0, CBS_EINVAL (unit empty) or CBS_ENOMEM. */
int cbs_reader_value(struct cbs_reader *r, double val, const char *unit,
    struct cbs_value *out);
/* Hand a diagnostic about line (0: the stream as a whole) to the sink. */
void cbs_read_report(const struct cbs_read_sink *sink, size_t line,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

enum cbs_unit_class { CBS_UNIT_DECIMAL, CBS_UNIT_BINARY };

/*
 * Tidy a unit: "ns" becomes "sec" and "MB" becomes "B" in the numerator,
 * as upstream benchunit.Tidy.  Writes the tidied unit (NUL-ended) to out.
 * @return the factor a value in unit must be multiplied by.
 */
double cbs_unit_tidy(const char *unit, char *out, size_t outlen);

/* @return CBS_UNIT_BINARY if the numerator counts bytes, else decimal. */
enum cbs_unit_class cbs_unit_class_of(const char *unit);

/* A scaling for numbers: factor, digits after the point and prefix. */
struct cbs_scaler {
	int prec;
	double factor;
	const char *prefix;
};

/* The common scale that shows at least three significant digits of every
 * non-zero value in vals (upstream benchunit.CommonScale). */
struct cbs_scaler cbs_unit_common_scale(const double *vals, size_t n,
    enum cbs_unit_class cls);
/* Format val with scaler s into buf ("1.718µ"). @return buf. */
char *cbs_unit_format(struct cbs_scaler s, double val, char *buf, size_t len);

/*
 * Which direction is better for unit: "Unit <unit> better=higher|lower"
 * metadata when units has it, else higher for rates (a unit per second,
 * such as "B/s" or "ops/s") and lower for everything else (time, bytes
 * and allocations per op, sizes).  units may be NULL.
 * @return an enum cbs_better (never CBS_BETTER_UNKNOWN without metadata).
 */
int cbs_unit_better(const struct cbs_reader *units, const char *unit);

/* @return the direction for a unit from its name alone (no metadata). */
int cbs_unit_better_by_name(const char *unit);

/*
 * Whether unit counts memory, so that its growth from run to run is a
 * leak: "Unit <unit> memory=yes|no" metadata when units has it, else
 * Go's two memory units, B/op and allocs/op.  units may be NULL.
 */
int cbs_unit_is_memory(const struct cbs_reader *units, const char *unit);

#endif /* CBS_INPUT_H */
