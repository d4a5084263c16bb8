/*
 * test_readall.c: base/readall.c, the one whole-stream reader, and what
 * its callers make of a failed read (the history's record names the
 * errno, not just "I/O error").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cbenchstat.h"
#include "base/base.h"

/* More than one read's worth, and not a multiple of any. */
#define BIG (3 * 64 * 1024 + 12345)

static FILE *
stream_of(const char *s, size_t len)
{
	FILE *fp = tmpfile();

	assert_non_null(fp);
	assert_int_equal(fwrite(s, 1, len, fp), len);
	rewind(fp);
	return fp;
}

/* A stream is appended whole after what the buffer held, with room for
 * a NUL after it. */
static void
test_appends_whole_stream(void **state)
{
	char *want = malloc(BIG), *buf = NULL;
	size_t i, len = 0, cap = 0;
	FILE *fp;

	(void)state;
	assert_non_null(want);
	for (i = 0; i < BIG; i++)
		want[i] = (char)('a' + i % 23);
	fp = stream_of(want, BIG);
	assert_int_equal(cbs_grow(&buf, &cap, 3, 1), 0);
	memcpy(buf, "xyz", 3);
	len = 3;
	assert_int_equal(cbs_read_all(fp, &buf, &len, &cap), 0);
	assert_int_equal(len, 3 + BIG);
	assert_true(cap > len);
	assert_memory_equal(buf, "xyz", 3);
	assert_memory_equal(buf + 3, want, BIG);
	buf[len] = '\0';
	fclose(fp);
	free(buf);
	free(want);
}

static void
test_empty_stream(void **state)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	FILE *fp = stream_of("", 0);

	(void)state;
	assert_int_equal(cbs_read_all(fp, &buf, &len, &cap), 0);
	assert_int_equal(len, 0);
	assert_non_null(buf);
	assert_true(cap > 0);
	fclose(fp);
	free(buf);
}

/* A read error is CBS_EIO with the read's errno left for the message. */
static void
test_read_error_keeps_errno(void **state)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	FILE *fp = fopen(".", "r");	/* a folder: read(2) fails */

	(void)state;
	assert_non_null(fp);
	errno = 0;
	assert_int_equal(cbs_read_all(fp, &buf, &len, &cap), CBS_EIO);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(len, 0);
	fclose(fp);
	free(buf);
}

/* A length that cannot grow by a read is out of memory, not a wrap. */
static void
test_length_overflow(void **state)
{
	char *buf = NULL;
	size_t len = SIZE_MAX - 10, cap = SIZE_MAX - 5;
	FILE *fp = stream_of("abc", 3);

	(void)state;
	assert_int_equal(cbs_read_all(fp, &buf, &len, &cap), CBS_ENOMEM);
	assert_null(buf);
	assert_int_equal(len, SIZE_MAX - 10);
	fclose(fp);
}

/* record's message names the failed read's errno. */
static void
test_record_names_errno(void **state)
{
	char path[] = "/tmp/cbs-readall-XXXXXX", db[64], err[512];
	struct cbs_history_commit cm = { "c1", NULL, NULL, 0, 0 };
	struct cbs_history *h = NULL;
	size_t nvalues;
	int added, fd;
	FILE *fp;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	unlink(path);
	snprintf(db, sizeof(db), "%s", path);
	assert_int_equal(cbs_history_open(db, CBS_HISTORY_WRITE, &h, err,
	    sizeof(err)), 0);
	assert_non_null(fp = fopen(".", "r"));
	err[0] = '\0';
	assert_int_equal(cbs_history_record(h, &cm, "folder", fp, NULL, NULL,
	    &added, &nvalues, err, sizeof(err)), CBS_EIO);
	if (strcmp(err, "read folder: Is a directory") != 0) {
		print_error("message: %s\n", err);
		fail();
	}
	assert_int_equal(added, 0);
	fclose(fp);
	cbs_history_close(h);
	unlink(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_appends_whole_stream),
		cmocka_unit_test(test_empty_stream),
		cmocka_unit_test(test_read_error_keeps_errno),
		cmocka_unit_test(test_length_overflow),
		cmocka_unit_test(test_record_names_errno),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
