/*
 * test_svg.c: the HTML pages' drawing primitives (svg.c): escaping of
 * hostile text, names cut by characters, numbers and percentages
 * whatever the locale, scales and nice bounds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "report/report.h"

static char *
escaped(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	cbs_html_escape(fp, s);
	fclose(fp);
	return buf;
}

static void
check_escape(const char *in, const char *want)
{
	char *got = escaped(in);

	assert_string_equal(got, want);
	free(got);
}

static void
test_escape(void **state)
{
	(void)state;
	check_escape("<script>alert(1)</script>",
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
	check_escape("a&b \"q\" 'r'", "a&amp;b &quot;q&quot; &#39;r&#39;");
	check_escape("&amp;", "&amp;amp;");
	/* Valid UTF-8 stays; an invalid byte, a control character, DEL and
	 * a C1 control become U+FFFD. */
	check_escape("\xc2\xb5s", "\xc2\xb5s");
	check_escape("a\xff" "b", "a\xef\xbf\xbd" "b");
	check_escape("a\x01\x7f" "b", "a\xef\xbf\xbd\xef\xbf\xbd" "b");
	check_escape("\xc2\x85", "\xef\xbf\xbd");
	/* A sequence cut short at the end. */
	check_escape("x\xe2\x88", "x\xef\xbf\xbd\xef\xbf\xbd");
}

static char *
num(double v)
{
	static char buf[64];
	FILE *fp = fmemopen(buf, sizeof(buf), "w");

	assert_non_null(fp);
	cbs_svg_num(fp, v);
	fclose(fp);
	return buf;
}

static void
test_num(void **state)
{
	(void)state;
	assert_string_equal(num(12.34), "12.3");
	assert_string_equal(num(12), "12");
	assert_string_equal(num(-3.26), "-3.3");
	assert_string_equal(num(0.04), "0");
	assert_string_equal(num(NAN), "0");
	assert_string_equal(num(INFINITY), "0");
	assert_string_equal(num(1e300), "1000000000");
}

static void
test_scale(void **state)
{
	struct cbs_svg_scale s = { -10, 10, 100, 300 };

	(void)state;
	check_rel(cbs_svg_scale(&s, 0), 200, 0, "middle");
	check_rel(cbs_svg_scale(&s, 5), 250, 0, "inside");
	check_rel(cbs_svg_scale(&s, 50), 300, 0, "clamped high");
	check_rel(cbs_svg_scale(&s, -INFINITY), 100, 0, "clamped low");
	check_rel(cbs_svg_scale(&s, NAN), 100, 0, "NaN");
	check_rel(cbs_svg_nice(0.3), 0.5, 1e-15, "0.3");
	check_rel(cbs_svg_nice(7), 10, 1e-15, "7");
	check_rel(cbs_svg_nice(20), 20, 1e-15, "20");
	check_rel(cbs_svg_nice(150), 200, 1e-15, "150");
	check_rel(cbs_svg_nice(0), 1, 0, "0");
	check_rel(cbs_svg_nice(NAN), 1, 0, "NaN");
}

/* Names are cut by characters, not bytes, and escaped after the cut. */
static void
test_short(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(fp);
	cbs_html_short(fp, 3, "ab");
	putc('|', fp);
	cbs_html_short(fp, 3, "\xc3\xa9<\xc3\xa9" "xyz");
	putc('|', fp);
	cbs_html_short(fp, 3, "a&c");
	fclose(fp);
	assert_string_equal(buf, "ab|\xc3\xa9&lt;\xc3\xa9\xe2\x80\xa6|a&amp;c");
	free(buf);
}

static void
test_pct(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(cbs_html_pct(10.104, buf, sizeof(buf)), "+10.10%");
	assert_string_equal(cbs_html_pct(-0.5, buf, sizeof(buf)), "-0.50%");
	assert_string_equal(cbs_html_pct(NAN, buf, sizeof(buf)), "?");
	assert_string_equal(cbs_html_pct(INFINITY, buf, sizeof(buf)),
	    "+\xe2\x88\x9e%");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_num),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_short),
		cmocka_unit_test(test_pct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
