/*
 * goparse.c: number syntax as Go's strconv.ParseFloat accepts it, shared
 * by the reader (measurements) and the "num" sort order.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

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

int
cbs_parse_go_float(const char *s, size_t len, double *out)
{
	char buf[128], *copy = buf, *end;
	size_t i, n = 0;
	double v;

	if (!float_syntax_ok(s, len))
		return 1;
	if (len >= sizeof(buf) && (copy = malloc(len + 1)) == NULL)
		return CBS_ENOMEM;
	for (i = 0; i < len; i++)
		if (s[i] != '_')
			copy[n++] = s[i];
	copy[n] = '\0';
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
