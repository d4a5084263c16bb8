/*
 * gofmt.c: numbers as Go's fmt and strconv print them: %.*f with Go's
 * "NaN", "+Inf", "-Inf" (C prints "nan", "inf"), and %v, the shortest
 * representation that reads back as the same float64.  Every output and
 * the gate's lines share them, so a number looks the same everywhere.
 */
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

/*
 * Go prints non-finite values as "NaN", "+Inf" and "-Inf" in every
 * float verb; C would print "nan" or "inf".
 * @return 1 if v was non-finite and written to buf.
 */
static int
fmt_nonfinite(double v, int plus, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "%s", plus ? "+NaN" : "NaN");
	else if (isinf(v))
		snprintf(buf, len, "%s", v > 0 ? "+Inf" : "-Inf");
	else
		return 0;
	return 1;
}

char *
cbs_fmt_go_fixed(double v, int prec, int plus, char *buf, size_t len)
{
	if (!fmt_nonfinite(v, plus, buf, len))
		snprintf(buf, len, plus ? "%+.*f" : "%.*f", prec, v);
	return buf;
}

/* Exact equality of two finite doubles, for the round-trip test. */
static int
same_double(double a, double b)
{
	return !(a < b) && !(a > b);
}

/*
 * "%.*e" of v rounded in the given direction.  glibc's printf honours the
 * rounding mode; the caller's mode is restored before returning.
 */
static void
format_e_rounded(double v, int prec, int mode, char *buf, size_t len)
{
	int saved = fegetround();

	fesetround(mode);
	snprintf(buf, len, "%.*e", prec, v);
	fesetround(saved);
}

/*
 * Go's shortest representation: the fewest digits that read back as v.
 * The digit string nearest to v wins; when it does not read back (near a
 * power of two the gap below v is half the gap above) the other
 * neighbouring string of the same length may.
 */
static int
shortest_digits(double v, char *digits, int *exp10)
{
	char tmp[64], alt[64], *e, *p;
	int prec, nd = 0;

	for (prec = 0; prec < 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec, v);
		if (same_double(strtod(tmp, NULL), v))
			break;
		format_e_rounded(v, prec, strtod(tmp, NULL) > v ?
		    FE_DOWNWARD : FE_UPWARD, alt, sizeof(alt));
		if (same_double(strtod(alt, NULL), v)) {
			memcpy(tmp, alt, sizeof(tmp));
			break;
		}
	}
	e = strchr(tmp, 'e');
	*exp10 = atoi(e + 1);
	for (p = tmp; p < e; p++) {
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	}
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	return nd;
}

char *
cbs_fmt_go_float(double v, char *buf, size_t len)
{
	char digits[32];
	int exp10, nd, i;
	size_t o = 0;

	if (fmt_nonfinite(v, 0, buf, len))
		return buf;
	if (!(v < 0 || v > 0)) {
		snprintf(buf, len, "%s", signbit(v) ? "-0" : "0");
		return buf;
	}
	nd = shortest_digits(fabs(v), digits, &exp10);
	if (len < 40) {
		snprintf(buf, len, "?");
		return buf;
	}
	if (v < 0)
		buf[o++] = '-';
	if (exp10 < -4 || exp10 >= 6) {
		/* %e form with at least two exponent digits, as Go. */
		buf[o++] = digits[0];
		if (nd > 1) {
			buf[o++] = '.';
			for (i = 1; i < nd; i++)
				buf[o++] = digits[i];
		}
		snprintf(buf + o, len - o, "e%c%02d", exp10 < 0 ? '-' : '+',
		    abs(exp10));
		return buf;
	}
	if (exp10 < 0) {
		buf[o++] = '0';
		buf[o++] = '.';
		for (i = -1; i > exp10; i--)
			buf[o++] = '0';
		for (i = 0; i < nd; i++)
			buf[o++] = digits[i];
	} else {
		for (i = 0; i <= exp10; i++)
			buf[o++] = i < nd ? digits[i] : '0';
		if (nd > exp10 + 1) {
			buf[o++] = '.';
			for (i = exp10 + 1; i < nd; i++)
				buf[o++] = digits[i];
		}
	}
	buf[o] = '\0';
	return buf;
}
