/*
 * input_json.c: jansson for the JSON input formats: loads that tell
 * running out of memory from malformed JSON, and the non-numbers
 * Google Benchmark writes (NaN, Infinity, -Infinity), which JSON and
 * jansson do not have.
 *
 * jansson 2.14 carries on after an allocation fails: a byte it could
 * not keep is dropped and the next one asks again, so a long string
 * near the memory limit costs a failing allocation per byte (minutes
 * for 300 MB), and a string whose closing quote was dropped is then
 * decoded past the end of its buffer (a crash; issue 20, F14).  Its
 * allocation functions are therefore wrapped, once per process, in one
 * that fails every later request of the same load once one has failed:
 * the load stops at its next allocation, before that decoding, and the
 * failure is known for what it is.  The wrapper calls the functions it
 * found, and does so unchanged outside these loads and in other
 * threads.
 */
#include <pthread.h>
#include <string.h>

#include "cbenchstat.h"
#include "input/input_formats.h"

static pthread_once_t wrap_once = PTHREAD_ONCE_INIT;
static json_malloc_t next_malloc;
static json_free_t next_free;
/* Set while this thread loads; failed sticks until the load ends. */
static _Thread_local int loading, failed;

static void *
wrap_malloc(size_t n)
{
	void *p;

	if (loading && failed)
		return NULL;
	if ((p = next_malloc(n)) == NULL && loading)
		failed = 1;
	return p;
}

static void
wrap_free(void *p)
{
	next_free(p);
}

static void
wrap_alloc(void)
{
	json_get_alloc_funcs(&next_malloc, &next_free);
	json_set_alloc_funcs(wrap_malloc, wrap_free);
}

/* Start a guarded load on this thread.  @return 0, or -1 when the
 * wrapper could not be installed. */
static int
guard_begin(void)
{
	if (pthread_once(&wrap_once, wrap_alloc) != 0)
		return -1;
	loading = 1;
	failed = 0;
	return 0;
}

/* End it.  @return v, or NULL with *nomem set (v freed) when one of its
 * allocations failed: a value made after a failure may lack what was
 * dropped. */
static json_t *
guard_end(json_t *v, int *nomem)
{
	loading = 0;
	if (failed) {
		json_decref(v);
		*nomem = 1;
		return NULL;
	}
	return v;
}

json_t *
cbs_json_load(const char *buf, size_t len, size_t flags, json_error_t *e,
    int *nomem)
{
	*nomem = 0;
	if (guard_begin() != 0) {
		*nomem = 1;
		return NULL;
	}
	return guard_end(json_loadb(buf, len, flags, e), nomem);
}

json_t *
cbs_json_load_callback(json_load_callback_t cb, void *data, size_t flags,
    json_error_t *e, int *nomem)
{
	*nomem = 0;
	if (guard_begin() != 0) {
		*nomem = 1;
		return NULL;
	}
	return guard_end(json_load_callback(cb, data, flags, e), nomem);
}

/* The non-numbers and what stands for each: as long as the token, so
 * that jansson's line and column of an error are the file's, and an
 * array, which no reader takes for a number or a name. */
static const struct {
	const char *token, *mark;
	enum cbs_json_num kind;
} nonfinite[] = {
	{ "NaN", "[] ", CBS_JSON_NAN },
	{ "Infinity", "[1]     ", CBS_JSON_INF },
	{ "-Infinity", "[-1]     ", CBS_JSON_NEG_INF },
};

#define NNONFINITE (sizeof(nonfinite) / sizeof(nonfinite[0]))

/* @return 1 if c may end a bare token (a literal or a number). */
static int
ends_token(const char *s, size_t len, size_t i)
{
	return i == len || strchr(" \t\r\n,]}", s[i]) != NULL;
}

/* Replace the token at s[i] if it is a non-number.  @return its
 * length, or 0. */
static size_t
mark_token(char *s, size_t len, size_t i)
{
	size_t k, n;

	if (i > 0 && strchr(" \t\r\n,:[", s[i - 1]) == NULL)
		return 0;
	for (k = 0; k < NNONFINITE; k++) {
		n = strlen(nonfinite[k].token);
		if (len - i >= n && memcmp(s + i, nonfinite[k].token, n) == 0 &&
		    ends_token(s, len, i + n)) {
			memcpy(s + i, nonfinite[k].mark, n);
			return n;
		}
	}
	return 0;
}

size_t
cbs_json_mark_nonfinite(char *s, size_t len)
{
	size_t i = 0, n, count = 0;
	int in_string = 0;

	while (i < len) {
		if (in_string) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_string = 0;
			i++;
		} else if (s[i] == '"') {
			in_string = 1;
			i++;
		} else if ((s[i] == 'N' || s[i] == 'I' || s[i] == '-') &&
		    (n = mark_token(s, len, i)) > 0) {
			count++;
			i += n;
		} else
			i++;
	}
	return count;
}

/* @return 1 if v is the array [n] (n = 0: the empty array). */
static int
is_mark(const json_t *v, int n)
{
	if (!json_is_array(v))
		return 0;
	if (n == 0)
		return json_array_size(v) == 0;
	return json_array_size(v) == 1 &&
	    json_is_integer(json_array_get(v, 0)) &&
	    json_integer_value(json_array_get(v, 0)) == n;
}

enum cbs_json_num
cbs_json_number(const json_t *v, double *out)
{
	if (json_is_number(v)) {
		*out = json_number_value(v);
		return CBS_JSON_FINITE;
	}
	if (is_mark(v, 0))
		return CBS_JSON_NAN;
	if (is_mark(v, 1))
		return CBS_JSON_INF;
	if (is_mark(v, -1))
		return CBS_JSON_NEG_INF;
	return CBS_JSON_NONE;
}

const char *
cbs_json_num_name(enum cbs_json_num k)
{
	switch (k) {
	case CBS_JSON_NAN:
		return "NaN";
	case CBS_JSON_INF:
		return "Infinity";
	case CBS_JSON_NEG_INF:
		return "-Infinity";
	case CBS_JSON_FINITE:
		return "a number";
	case CBS_JSON_NONE:
		break;
	}
	return "not a number";
}
