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
 * Check the syntax strconv.ParseFloat accepts: a decimal or hexadecimal
 * (with a mandatory binary exponent) mantissa, or inf/infinity/nan.
 * Underscores, which Go allows only after a base prefix, are rejected.
 */
static int
float_syntax_ok(const char *s, size_t len)
{
	size_t i = 0, digits = 0;
	int hex = 0;

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
	for (; i < len && is_digit_in(s[i], hex); i++)
		digits++;
	if (i < len && s[i] == '.')
		for (i++; i < len && is_digit_in(s[i], hex); i++)
			digits++;
	if (digits == 0)
		return 0;
	if (i < len && (hex ? (s[i] == 'p' || s[i] == 'P') :
	    (s[i] == 'e' || s[i] == 'E'))) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i == len || !is_digit_in(s[i], 0))
			return 0;
		while (i < len && is_digit_in(s[i], 0))
			i++;
	} else if (hex)
		return 0;
	return i == len;
}

int
cbs_parse_go_float(const char *s, size_t len, double *out)
{
	char buf[128], *copy = buf, *end;
	double v;

	if (!float_syntax_ok(s, len))
		return 1;
	if (len >= sizeof(buf) && (copy = malloc(len + 1)) == NULL)
		return 2;
	memcpy(copy, s, len);
	copy[len] = '\0';
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
