/*
 * readall.c: a stream read whole into memory, for the readers that need
 * all of it at once (a JSON document, a file hashed before it is
 * recorded).  The Go text reader (input/reader.c) streams instead, one
 * buffer of lines at a time, and so does -check's JSON reader
 * (check/check_json.c), which hands jansson the stream through a
 * callback.
 */
#include <stdint.h>
#include <stdio.h>

#include "cbenchstat.h"
#include "base/base.h"

/* What one read asks for at least: big reads, few of them. */
#define READ_ALL_CHUNK (64 * 1024)

int
cbs_read_all(FILE *fp, char **buf, size_t *len, size_t *cap)
{
	size_t want, n;

	for (;;) {
		if (*len > SIZE_MAX - READ_ALL_CHUNK - 1 ||
		    cbs_grow(buf, cap, *len + READ_ALL_CHUNK + 1, 1) != 0)
			return CBS_ENOMEM;
		/* A byte stays free after the data, for a NUL. */
		want = *cap - *len - 1;
		n = fread(*buf + *len, 1, want, fp);
		*len += n;
		/* fread stops short only at the end or on an error, whose
		 * errno nothing here touches after it. */
		if (n < want)
			return ferror(fp) ? CBS_EIO : 0;
	}
}
