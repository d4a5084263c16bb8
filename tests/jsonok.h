/*
 * jsonok.h: the tests' one JSON validator, by jansson (which the library
 * links already), for the cmocka tests, the fuzz harnesses' checkers and
 * tests/jsonok.c.  Strict: one object or array and nothing after it,
 * UTF-8 throughout, no duplicate key in an object, no NaN, Infinity,
 * comment or trailing comma, no number out of a double's range.  A
 * \u0000 escape is allowed, as RFC 8259 allows it: a benchmark name may
 * hold a NUL byte.  The functions are static inline so that a test that
 * does not use one is not warned about it.
 */
#ifndef CBS_JSONOK_H
#define CBS_JSONOK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define JSONOK_FLAGS	(JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)

/*
 * Parse s[0..len) strictly.  @return the document (the caller
 * json_decrefs it), or NULL with msg saying where and why it is not
 * JSON.
 */
static inline json_t *
jsonok_load(const char *s, size_t len, char *msg, size_t msglen)
{
	json_error_t e;
	json_t *doc;

	if ((doc = json_loadb(s, len, JSONOK_FLAGS, &e)) == NULL)
		snprintf(msg, msglen, "line %d, column %d (byte %d): %s",
		    e.line, e.column, e.position, e.text);
	return doc;
}

/* @return 1 if s[0..len) is strict JSON, else 0 with msg set. */
static inline int
jsonok_valid(const char *s, size_t len, char *msg, size_t msglen)
{
	json_t *doc = jsonok_load(s, len, msg, msglen);

	json_decref(doc);
	return doc != NULL;
}

/*
 * The value at the JSON Pointer ptr (RFC 6901: "/tables/0/unit", ~1 for
 * a '/' in a key, ~0 for a '~'; "" is the whole document), or NULL.
 */
static inline json_t *
jsonok_at(json_t *doc, const char *ptr)
{
	char key[1024], *end;
	size_t n;
	unsigned long i;

	while (doc != NULL && *ptr == '/') {
		for (ptr++, n = 0; *ptr != '\0' && *ptr != '/'; ptr++) {
			if (n + 1 >= sizeof(key))
				return NULL;
			if (*ptr == '~' && (ptr[1] == '0' || ptr[1] == '1'))
				key[n++] = *++ptr == '0' ? '~' : '/';
			else
				key[n++] = *ptr;
		}
		key[n] = '\0';
		if (json_is_object(doc))
			doc = json_object_get(doc, key);
		else if (json_is_array(doc) && key[0] >= '0' &&
		    key[0] <= '9' && (key[0] != '0' || n == 1)) {
			i = strtoul(key, &end, 10);
			doc = *end == '\0' ? json_array_get(doc, i) : NULL;
		} else
			doc = NULL;
	}
	return *ptr == '\0' ? doc : NULL;
}

/* The value at ptr as compact JSON, keys sorted, in a new string, or
 * NULL when nothing is there. */
static inline char *
jsonok_text(json_t *doc, const char *ptr)
{
	json_t *v = jsonok_at(doc, ptr);

	return v == NULL ? NULL : json_dumps(v, JSON_ENCODE_ANY |
	    JSON_COMPACT | JSON_SORT_KEYS);
}

#endif /* CBS_JSONOK_H */
