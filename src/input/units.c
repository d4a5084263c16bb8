/*
 * units.c: benchmark units (upstream benchunit): tidying and scaling.
 * Go's number forms themselves are base/gofmt.c's; which way is better,
 * unit_direction.c's.
 *
 * Tidying rewrites pre-scaled units to base units ("ns" -> "sec", "MB" ->
 * "B") so that scaling never produces nonsense such as "µns".  Scaling
 * picks one SI or IEC prefix per table row that shows at least three
 * significant digits of its smallest non-zero value.  The thresholds are
 * the decimal strings upstream parses, so a value is printed with the
 * precision its rounded form needs (99.995 rounds to "100.0").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "input/input.h"

/* Unit tokens are separated by '*' (numerator), '/' (denominator from
 * here on), '-' and white space. */
struct unit_tok {
	const char *s;
	size_t len;
	int denom;
};

static int
unit_is_sep(unsigned r)
{
	return r == '*' || r == '/' || r == '-' || cbs_rune_is_space(r);
}

/* @return 1 and the next token in *t, or 0 at the end of the unit. */
static int
unit_next_tok(const char **p, int *denom, struct unit_tok *t)
{
	const char *s = *p;
	size_t len = strlen(s), n;
	unsigned r;

	while (len > 0) {
		n = cbs_utf8_decode(s, len, &r);
		if (!unit_is_sep(r))
			break;
		if (r == '*')
			*denom = 0;
		else if (r == '/')
			*denom = 1;
		s += n;
		len -= n;
	}
	if (len == 0)
		return 0;
	t->s = s;
	t->denom = *denom;
	while (len > 0) {
		n = cbs_utf8_decode(s, len, &r);
		if (unit_is_sep(r))
			break;
		s += n;
		len -= n;
	}
	t->len = (size_t)(s - t->s);
	*p = s;
	return 1;
}

static int
tok_is(const struct unit_tok *t, const char *word)
{
	return t->len == strlen(word) && memcmp(t->s, word, t->len) == 0;
}

static void
copy_unit(char *out, size_t outlen, const char *unit)
{
	snprintf(out, outlen, "%s", unit);
}

double
cbs_unit_tidy(const char *unit, char *out, size_t outlen)
{
	struct unit_tok t;
	const char *p = unit, *from = unit;
	double factor = 1;
	int denom = 0;
	size_t used = 0;

	if (strcmp(unit, "ns/op") == 0) {
		copy_unit(out, outlen, "sec/op");
		return 1e-9;
	}
	if (strcmp(unit, "MB/s") == 0) {
		copy_unit(out, outlen, "B/s");
		return 1e6;
	}
	if (strstr(unit, "ns") == NULL && strstr(unit, "MB") == NULL) {
		copy_unit(out, outlen, unit);
		return 1;
	}
	out[0] = '\0';
	while (unit_next_tok(&p, &denom, &t)) {
		const char *rep = NULL;

		if (t.denom)
			continue;
		if (tok_is(&t, "ns")) {
			rep = "sec";
			factor /= 1e9;
		} else if (tok_is(&t, "MB")) {
			rep = "B";
			factor *= 1e6;
		}
		if (rep == NULL)
			continue;
		used += (size_t)snprintf(out + used, used < outlen ?
		    outlen - used : 0, "%.*s%s", (int)(t.s - from), from, rep);
		from = t.s + t.len;
	}
	snprintf(out + used, used < outlen ? outlen - used : 0, "%s", from);
	return factor;
}

enum cbs_unit_class
cbs_unit_class_of(const char *unit)
{
	struct unit_tok t;
	const char *p = unit;
	int denom = 0;

	while (unit_next_tok(&p, &denom, &t)) {
		if (!t.denom && (tok_is(&t, "B") || tok_is(&t, "MB") ||
		    tok_is(&t, "bytes")))
			return CBS_UNIT_BINARY;
	}
	return CBS_UNIT_DECIMAL;
}

/* One prefix and the values at which printing switches from 3 to 2 to 1
 * digits after the point. */
struct scale_factor {
	double factor;
	const char *prefix;
	/* Literals as upstream writes them: the compiler rounds them as
	 * strconv.ParseFloat does (correctly). */
	double t100, t10, t1;
};

static const struct scale_factor si_factors[] = {
	{ 1e12, "T", 99.995e12, 9.9995e12, .99995e12 },
	{ 1e9, "G", 99.995e9, 9.9995e9, .99995e9 },
	{ 1e6, "M", 99.995e6, 9.9995e6, .99995e6 },
	{ 1e3, "k", 99.995e3, 9.9995e3, .99995e3 },
	{ 1, "", 99.995e0, 9.9995e0, .99995e0 },
	{ 1e-3, "m", 99.995e-3, 9.9995e-3, .99995e-3 },
	{ 1e-6, "\xc2\xb5", 99.995e-6, 9.9995e-6, .99995e-6 },
	{ 1e-9, "n", 99.995e-9, 9.9995e-9, .99995e-9 },
};

/* IEC thresholds are 99.995, 9.9995 and .99995 times 2^(10k); the hex
 * mantissas are those decimals, so only the binary exponent varies. */
static const struct scale_factor iec_factors[] = {
	{ 1099511627776.0, "Ti", 0x1.8ffae147ae148p46, 0x1.3ffbe76c8b439p43,
	    0x1.fff972474538fp39 },
	{ 1073741824.0, "Gi", 0x1.8ffae147ae148p36, 0x1.3ffbe76c8b439p33,
	    0x1.fff972474538fp29 },
	{ 1048576.0, "Mi", 0x1.8ffae147ae148p26, 0x1.3ffbe76c8b439p23,
	    0x1.fff972474538fp19 },
	{ 1024.0, "Ki", 0x1.8ffae147ae148p16, 0x1.3ffbe76c8b439p13,
	    0x1.fff972474538fp9 },
	{ 1.0, "", 0x1.8ffae147ae148p6, 0x1.3ffbe76c8b439p3,
	    0x1.fff972474538fp-1 },
};

/* Below the smallest prefix, digits after the point grow from 3 to 10
 * as the value drops below 9.9995e-1 ... 9.9995e-8. */
static const double small_sigfigs[] = {
	9.9995e-1, 9.9995e-2, 9.9995e-3, 9.9995e-4, 9.9995e-5,
	9.9995e-6, 9.9995e-7, 9.9995e-8,
};

static struct cbs_scaler
scaler_make(int prec, double factor, const char *prefix)
{
	struct cbs_scaler s;

	s.prec = prec;
	s.factor = factor;
	s.prefix = prefix;
	return s;
}

/* Go's min == 0 (false for NaN). */
static int
min_is_zero(double x)
{
	return !(x < 0 || x > 0) && !isnan(x);
}

struct cbs_scaler
cbs_unit_common_scale(const double *vals, size_t n, enum cbs_unit_class cls)
{
	const struct scale_factor *f;
	size_t nf, i;
	double min = 0, v;

	/* As upstream: the smallest non-zero magnitude, where a NaN
	 * taken first sticks (no comparison with NaN is true). */
	for (i = 0; i < n; i++) {
		v = fabs(vals[i]);
		if ((v > 0 || isnan(v)) && (min_is_zero(min) || v < min))
			min = v;
	}
	if (min_is_zero(min))
		return scaler_make(3, 1, "");
	if (cls == CBS_UNIT_BINARY) {
		f = iec_factors;
		nf = sizeof(iec_factors) / sizeof(iec_factors[0]);
	} else {
		f = si_factors;
		nf = sizeof(si_factors) / sizeof(si_factors[0]);
	}
	for (i = 0; i < nf; i++) {
		if (min >= f[i].t100)
			return scaler_make(1, f[i].factor, f[i].prefix);
		if (min >= f[i].t10)
			return scaler_make(2, f[i].factor, f[i].prefix);
		if (min >= f[i].t1)
			return scaler_make(3, f[i].factor, f[i].prefix);
	}
	v = min / f[nf - 1].factor;
	n = sizeof(small_sigfigs) / sizeof(small_sigfigs[0]);
	for (i = 0; i + 1 < n && !(v >= small_sigfigs[i]); i++)
		;
	return scaler_make((int)i + 3, f[nf - 1].factor, f[nf - 1].prefix);
}

char *
cbs_unit_format(struct cbs_scaler s, double val, char *buf, size_t len)
{
	char num[512];

	/* strconv.AppendFloat prints infinities without "+" when the
	 * value is positive ("+Inf" is fmt's, not strconv's). */
	if (isinf(val / s.factor))
		snprintf(num, sizeof(num), "%s", val > 0 ? "+Inf" : "-Inf");
	else
		cbs_fmt_go_fixed(val / s.factor, s.prec, 0, num, sizeof(num));
	snprintf(buf, len, "%s%s", num, s.prefix);
	return buf;
}
