/*
 * goparse.c: number syntax as Go's strconv.ParseFloat accepts it, shared
 * by the reader (measurements), the "num" sort order and the float flags.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"


static int
lower_eq(const char *s, size_t len, const char *word)
{
	size_t i;

	if (len != strlen(word))
		return 0;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != word[i])
			return 0;
	}
	return 1;
}

static int
is_digit_in(char c, int hex)
{
	if (c >= '0' && c <= '9')
		return 1;
	return hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

/*
 * Go's underscoreOK: an underscore may only stand between two digits, or
 * between a base prefix and a digit.
 */
static int
underscores_ok(const char *s, size_t len)
{
	size_t i = 0;
	char saw = '^';
	int hex = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	if (len - i >= 2 && s[i] == '0' && s[i + 1] != '\0' &&
	    strchr("bBoOxX", s[i + 1]) != NULL) {
		hex = s[i + 1] == 'x' || s[i + 1] == 'X';
		i += 2;
		saw = '0';
	}
	for (; i < len; i++) {
		if (is_digit_in(s[i], hex))
			saw = '0';
		else if (s[i] == '_') {
			if (saw != '0')
				return 0;
			saw = '_';
		} else {
			if (saw == '_')
				return 0;
			saw = '!';
		}
	}
	return saw != '_';
}

/* Skip a run of digits and underscores; @return the digits seen. */
static size_t
skip_digits(const char *s, size_t len, size_t *i, int hex, int *unders)
{
	size_t n = 0;

	for (; *i < len && (is_digit_in(s[*i], hex) || s[*i] == '_'); (*i)++) {
		if (s[*i] == '_')
			*unders = 1;
		else
			n++;
	}
	return n;
}

/*
 * Check the syntax strconv.ParseFloat accepts: a decimal or hexadecimal
 * (with a mandatory binary exponent) mantissa, or inf/infinity/nan;
 * digits may be separated by underscores as in Go literals.
 */
static int
float_syntax_ok(const char *s, size_t len)
{
	size_t i = 0, digits = 0;
	int hex = 0, unders = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	if (lower_eq(s + i, len - i, "inf") ||
	    lower_eq(s + i, len - i, "infinity"))
		return 1;
	if (lower_eq(s, len, "nan"))
		return 1;
	if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		hex = 1;
		i += 2;
	}
	digits += skip_digits(s, len, &i, hex, &unders);
	if (i < len && s[i] == '.') {
		i++;
		digits += skip_digits(s, len, &i, hex, &unders);
	}
	if (digits == 0)
		return 0;
	if (i < len && (hex ? (s[i] == 'p' || s[i] == 'P') :
	    (s[i] == 'e' || s[i] == 'E'))) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (skip_digits(s, len, &i, 0, &unders) == 0)
			return 0;
	} else if (hex)
		return 0;
	return i == len && (!unders || underscores_ok(s, len));
}

/* Room for the exponent cbs_parse_go_float writes: "p", a sign, 19
 * digits and the NUL. */
#define EXP_ROOM	24

/* Saturation of an exponent: far beyond any number a double holds,
 * and far below LLONG_MAX less any string's length. */
#define EXP_MAX		1000000000000000LL

/* Write exp in decimal, NUL-terminated, into buf (EXP_ROOM - 1 bytes);
 * by hand, as this runs once per measurement. */
static void
write_exp(char *buf, long long exp)
{
	char tmp[24];
	size_t n = 0, o = 0;
	unsigned long long u = exp < 0 ? 0ULL - (unsigned long long)exp :
	    (unsigned long long)exp;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (exp < 0)
		buf[o++] = '-';
	while (n > 0)
		buf[o++] = tmp[--n];
	buf[o] = '\0';
}

/*
 * Copy the syntactically valid number s[0..len) to buf as strtod should
 * see it: underscores dropped and no radix character, the fraction's
 * digits moved into the exponent ("1.25e3" becomes "125e1", "0x1.8p3"
 * "0x18p-1").  strtod takes its radix from the caller's LC_NUMERIC (a
 * comma in de_DE), so none must reach it; the number denoted, and so
 * the rounding, is unchanged.
 */
static void
radix_free_copy(const char *s, size_t len, char *buf)
{
	size_t i = 0, n = 0, nfrac = 0;
	long long exp = 0;
	int hex = 0, frac = 0, eneg = 0;

	if (s[i] == '+' || s[i] == '-')
		buf[n++] = s[i++];
	if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		hex = 1;
		buf[n++] = '0';
		buf[n++] = 'x';
		i += 2;
	}
	for (; i < len && s[i] != 'e' && s[i] != 'E' && s[i] != 'p' &&
	    s[i] != 'P'; i++) {
		if (s[i] == '.')
			frac = 1;
		else if (s[i] != '_') {
			buf[n++] = s[i];
			nfrac += (size_t)frac;
		}
	}
	if (i < len) {
		i++;
		if (s[i] == '+' || s[i] == '-')
			eneg = s[i++] == '-';
		for (; i < len; i++)
			if (s[i] != '_' && exp < EXP_MAX)
				exp = exp * 10 + (s[i] - '0');
		if (eneg)
			exp = -exp;
	}
	exp -= (long long)nfrac * (hex ? 4 : 1);
	buf[n++] = hex ? 'p' : 'e';
	write_exp(buf + n, exp);
}

int
cbs_parse_go_float(const char *s, size_t len, double *out)
{
	char buf[128], *copy = buf, *end;
	size_t i = 0;
	double v;

	if (!float_syntax_ok(s, len))
		return 1;
	/* inf, infinity and nan, the only forms with letters there. */
	if (s[i] == '+' || s[i] == '-')
		i++;
	if (s[i] == 'i' || s[i] == 'I') {
		*out = s[0] == '-' ? -INFINITY : INFINITY;
		return 0;
	}
	if (s[i] == 'n' || s[i] == 'N') {
		*out = NAN;
		return 0;
	}
	if (len + EXP_ROOM > sizeof(buf) &&
	    (copy = malloc(len + EXP_ROOM)) == NULL)
		return CBS_ENOMEM;
	radix_free_copy(s, len, copy);
	errno = 0;
	v = strtod(copy, &end);
	if (copy != buf)
		free(copy);
	/* Go reports only overflow; underflow to zero is not an error. */
	if (errno == ERANGE && isinf(v))
		return 2;
	*out = v;
	return 0;
}
