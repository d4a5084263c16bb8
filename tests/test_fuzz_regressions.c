/*
 * test_fuzz_regressions.c: replay every libFuzzer seed
 * (tests/fuzz/corpus/<harness>/) and every saved crash or property
 * failure (tests/fuzz/regressions/<harness>/) through the harness bodies
 * of tests/fuzz/fuzz_targets.h, so that what fuzzing found stays fixed
 * under `make check` (and `make sanitize`) without clang or libFuzzer.
 *
 * The harness bodies check what must hold for any input (CSV output
 * parses back into the expected number of records, JSON output is valid,
 * numbers print as the shortest decimal that reads back, ...); a broken
 * property fails the test with the file's name.  The checkers themselves
 * are tested first on inputs with known answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_targets.h"

struct harness {
	const char *name;
	int (*one)(const uint8_t *, size_t);
};

static struct harness harnesses[] = {
	{ "filter", fuzz_filter_one },
	{ "projection", fuzz_projection_one },
	{ "reader", fuzz_reader_one },
	{ "units", fuzz_units_one },
	{ "pipeline", fuzz_pipeline_one },
	{ "check", fuzz_check_one },
	{ "test2json", fuzz_test2json_one },
	{ "gbench", fuzz_gbench_one },
	{ "hyperfine", fuzz_hyperfine_one },
};

/* tests/fuzz, found from this file's name as the compiler saw it. */
static void
fuzz_dir(char *buf, size_t len)
{
	const char *slash = strrchr(__FILE__, '/');

	if (slash == NULL)
		snprintf(buf, len, "fuzz");
	else
		snprintf(buf, len, "%.*s/fuzz", (int)(slash - __FILE__),
		    __FILE__);
}

/* @return the contents of path (malloc'd) and its size in *size. */
static uint8_t *
slurp(const char *path, size_t *size)
{
	uint8_t *buf = NULL, *nb;
	size_t cap = 0, n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		fail_msg("open %s: %s", path, strerror(errno));
	*size = 0;
	for (;;) {
		if (*size == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((nb = realloc(buf, cap)) == NULL)
				fail_msg("out of memory reading %s", path);
			buf = nb;
		}
		n = fread(buf + *size, 1, cap - *size, fp);
		*size += n;
		if (n == 0)
			break;
	}
	if (ferror(fp))
		fail_msg("read %s: %s", path, strerror(errno));
	fclose(fp);
	return buf;
}

static int
visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/*
 * Run every file of dir (but dot files) through one, in name order.
 * @return the number of files.
 */
static size_t
replay_dir(const char *dir, int (*one)(const uint8_t *, size_t))
{
	struct dirent **names;
	char path[4096];
	uint8_t *data;
	size_t size;
	int i, n;

	if ((n = scandir(dir, &names, visible, alphasort)) < 0)
		fail_msg("%s: %s (run the test from the source tree)", dir,
		    strerror(errno));
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		data = slurp(path, &size);
		fuzz_failure[0] = '\0';
		if (one(data, size) != 0)
			fail_msg("%s: %s", path, fuzz_failure);
		free(data);
		free(names[i]);
	}
	free(names);
	return (size_t)n;
}

static void
test_replay(void **state)
{
	const struct harness *h = *state;
	char base[2048], dir[4096];
	size_t n;

	fuzz_dir(base, sizeof(base));
	snprintf(dir, sizeof(dir), "%s/corpus/%s", base, h->name);
	n = replay_dir(dir, h->one);
	if (n == 0)
		fail_msg("%s: no seeds", dir);
	snprintf(dir, sizeof(dir), "%s/regressions/%s", base, h->name);
	n += replay_dir(dir, h->one);
	print_message("%s: %zu inputs\n", h->name, n);
}

/* An empty input and a lone NUL pass every harness. */
static void
test_trivial_inputs(void **state)
{
	static const uint8_t nul[1] = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < LEN(harnesses); i++) {
		if (harnesses[i].one(nul, 0) != 0 ||
		    harnesses[i].one(nul, 1) != 0)
			fail_msg("%s: %s", harnesses[i].name, fuzz_failure);
	}
}

/* ------------------------------------------------------------ checkers */

static long
csv_records(const char *s)
{
	return fuzz_csv_records(s, strlen(s));
}

static void
test_csv_checker(void **state)
{
	(void)state;
	assert_int_equal(csv_records(""), 0);
	assert_int_equal(csv_records("a,b\n\n,c\n"), 3);
	assert_int_equal(csv_records("\"a\nb\",\"c\"\"d\"\n"), 1);
	assert_int_equal(csv_records("\"\",x\n"), 1);
	assert_int_equal(csv_records("a\"b\n"), -1);
	assert_int_equal(csv_records("\"a\"b\n"), -1);
	assert_int_equal(csv_records("\"a\n"), -1);
	assert_int_equal(csv_records("a,b"), -1);
}

static int
json_ok(const char *s)
{
	return fuzz_check_json(s, strlen(s)) == 0;
}

static void
test_json_checker(void **state)
{
	(void)state;
	assert_true(json_ok("{\"a\": [1, -0.5e+3, true, null, \"\\u00e9\"]}"));
	assert_true(json_ok(" [ ] "));
	assert_true(json_ok("{}"));
	assert_false(json_ok(""));
	assert_false(json_ok("{\"a\": NaN}"));
	assert_false(json_ok("[1,]"));
	assert_false(json_ok("{\"a\" 1}"));
	assert_false(json_ok("[\"a\tb\"]"));
	assert_false(json_ok("[\"\\x\"]"));
	assert_false(json_ok("[01]"));
	assert_false(json_ok("[1.]"));
	assert_false(json_ok("{} {}"));
	/* What only a real parser catches: a duplicate key, a byte that is
	 * not UTF-8, a lone surrogate. */
	assert_false(json_ok("{\"a\": 1, \"a\": 2}"));
	assert_false(json_ok("[\"\xe9\"]"));
	assert_false(json_ok("[\"\\ud800\"]"));
	/* RFC 8259 allows \u0000, and a name may hold a NUL byte. */
	assert_true(json_ok("[\"a\\u0000b\", \"\xc3\xa9\"]"));
}

static void
test_markdown_checker(void **state)
{
	(void)state;
	static const char good[] = "| a | b |\n|---|---|\n| x \\| y | z |\n"
	    "\n| c |\n";
	static const char bad[] = "| a | b |\n| x | y | z |\n";

	assert_int_equal(fuzz_check_markdown(good, strlen(good)), 0);
	assert_int_equal(fuzz_check_markdown(bad, strlen(bad)), 1);
}

static void
test_go_float_checker(void **state)
{
	char d[40];
	int e;

	(void)state;
	assert_int_equal(fuzz_go_digits("-0.00123", d, sizeof(d), &e), 3);
	assert_string_equal(d, "123");
	assert_int_equal(e, -3);
	assert_int_equal(fuzz_go_digits("1.5e+07", d, sizeof(d), &e), 2);
	assert_int_equal(e, 7);
	assert_int_equal(fuzz_go_digits("100", d, sizeof(d), &e), 1);
	assert_string_equal(d, "1");
	assert_int_equal(e, 2);
	assert_int_equal(fuzz_check_go_float(0.1), 0);
	assert_int_equal(fuzz_check_go_float(5e-324), 0);
	assert_int_equal(fuzz_check_go_float(1.7976931348623157e308), 0);
	assert_int_equal(fuzz_check_go_float(-123456.789), 0);
}

int
main(void)
{
	struct CMUnitTest tests[LEN(harnesses) + 5];
	size_t i, n = 0;

	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_csv_checker);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_json_checker);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
	    test_markdown_checker);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
	    test_go_float_checker);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_trivial_inputs);
	for (i = 0; i < LEN(harnesses); i++) {
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(
		    test_replay, NULL);
		tests[n].name = harnesses[i].name;
		tests[n].initial_state = &harnesses[i];
		n++;
	}
	return _cmocka_run_group_tests("fuzz_regressions", tests, n, NULL,
	    NULL);
}
