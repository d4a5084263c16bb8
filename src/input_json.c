/*
 * input_json.c: jansson for the JSON input formats: loads that tell
 * running out of memory from malformed JSON.
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
#include "internal.h"
#include "input.h"

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

json_t *
cbs_json_load(const char *buf, size_t len, size_t flags, json_error_t *e,
    int *nomem)
{
	json_t *v;

	*nomem = 0;
	if (pthread_once(&wrap_once, wrap_alloc) != 0) {
		*nomem = 1;
		return NULL;
	}
	loading = 1;
	failed = 0;
	v = json_loadb(buf, len, flags, e);
	loading = 0;
	/* A value made after a failure may lack what was dropped. */
	if (failed) {
		json_decref(v);
		*nomem = 1;
		return NULL;
	}
	return v;
}
