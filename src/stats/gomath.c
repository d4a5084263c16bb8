/*
 * Go's math.Log and math.Exp, reproduced bit for bit.
 *
 * benchstat prints geometric means (exp of the mean of logs) in full
 * precision in its CSV output, so a one-ulp difference between glibc and
 * Go changes the printed digits.  On linux/amd64 Go does not use its
 * portable Go code for these two functions but hand-written assembly:
 *
 *   Log  - an fdlibm-style reduction and rational approximation whose
 *          frexp step is done with bit masks (so subnormal inputs are
 *          not normalised) and whose "f1 < sqrt(2)/2" test is a
 *          not-less-than compare with the operands the other way round,
 *          i.e. "f1 <= sqrt(2)/2".  No fused operations.
 *   Exp  - the SLEEF-derived method: reduce by k*ln2 (k rounded to
 *          nearest by CVTSD2SL), divide by 16, Taylor series, square
 *          four times through y*(y+2), scale by 2^k.  When the CPU has
 *          AVX and FMA (every amd64 CPU from the last decade) the
 *          reduction and the polynomial use fused multiply-adds.
 *
 * Every operation below corresponds to one IEEE operation of that
 * assembly, in the same order.  Fused steps use fma() explicitly; all
 * other steps are separate statements so that no contraction can
 * happen.  This assumes FLT_EVAL_METHOD == 0 (SSE2 arithmetic), which
 * holds on every 64-bit target.
 */

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/base.h"
#include "stats/stats.h"

/*
 * -std=c11 already turns contraction off in GCC, but a GNU-mode build
 * for an FMA-capable -march would fuse across statements, and fast-math
 * reassociates: either silently changes the last bits.
 */
#if defined(__FAST_MATH__)
#error "gomath.c must not be built with -ffast-math"
#endif
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#define SIGN_MASK	0x8000000000000000ULL
#define MANT_MASK	0x000fffffffffffffULL
#define POS_INF_BITS	0x7ff0000000000000ULL
#define NEG_INF_BITS	0xfff0000000000000ULL
#define HALF_BITS	0x3fe0000000000000ULL
/* The NaN Go's math.NaN() and the Log assembly return. */
#define GO_NAN_BITS	0x7ff8000000000001ULL

/* fdlibm's log constants, as Go's log_amd64.s spells them. */
static const double log_hsqrt2 = 7.07106781186547524401e-01;
static const double log_ln2hi = 6.93147180369123816490e-01;
static const double log_ln2lo = 1.90821492927058770002e-10;
static const double log_l1 = 6.666666666666735130e-01;
static const double log_l2 = 3.999999999940941908e-01;
static const double log_l3 = 2.857142874366239149e-01;
static const double log_l4 = 2.222219843214978396e-01;
static const double log_l5 = 1.818357216161805012e-01;
static const double log_l6 = 1.531383769920937332e-01;
static const double log_l7 = 1.479819860511658591e-01;

double
cbs_go_log(double x)
{
	uint64_t bits = cbs_to_bits(x);
	double f1, k, f, s, s2, s4, t1, t2, r, hfsq, a, b;
	int32_t ki;

	/* Special cases are decided on the bit pattern, like the asm. */
	if ((bits & ~SIGN_MASK) == 0)
		return cbs_from_bits(NEG_INF_BITS);
	if ((bits & SIGN_MASK) != 0)	/* negative, -Inf and -NaN */
		return cbs_from_bits(GO_NAN_BITS);
	if (bits >= POS_INF_BITS)	/* +Inf and +NaN come back as is */
		return x;

	/*
	 * frexp by masking: mantissa with a 0.5 exponent, biased exponent
	 * minus 1022.  A subnormal is deliberately left unnormalised: Go
	 * does the same, and we must give its (inaccurate) answer.
	 */
	f1 = cbs_from_bits((bits & MANT_MASK) | HALF_BITS);
	ki = (int32_t)((bits >> 52) & 0x7ff) - 0x3fe;
	k = (double)ki;
	/*
	 * The asm builds a 0/1 mask with CMPSD predicate NLT on
	 * (sqrt(2)/2, f1), which is true for f1 == sqrt(2)/2 as well;
	 * subtracting 0 and multiplying by 1 are exact, so a branch is
	 * equivalent.
	 */
	if (f1 <= log_hsqrt2) {
		k = k - 1.0;
		f1 = f1 * 2.0;
	}
	f = f1 - 1.0;

	a = 2.0 + f;
	s = f / a;
	s2 = s * s;
	s4 = s2 * s2;

	/* t1 = s2*(L1 + s4*(L3 + s4*(L5 + s4*L7))), Horner, unfused. */
	t1 = log_l7 * s4;
	t1 = t1 + log_l5;
	t1 = t1 * s4;
	t1 = t1 + log_l3;
	t1 = t1 * s4;
	t1 = t1 + log_l1;
	t1 = s2 * t1;

	/* t2 = s4*(L2 + s4*(L4 + s4*L6)) */
	t2 = log_l6 * s4;
	t2 = t2 + log_l4;
	t2 = t2 * s4;
	t2 = t2 + log_l2;
	t2 = s4 * t2;

	r = t1 + t2;
	hfsq = 0.5 * f;
	hfsq = hfsq * f;

	/* k*ln2hi - ((hfsq - (s*(hfsq + R) + k*ln2lo)) - f) */
	a = r + hfsq;
	a = s * a;
	b = k * log_ln2lo;
	a = a + b;
	a = hfsq - a;
	a = a - f;
	b = k * log_ln2hi;
	return b - a;
}

/* Constants of Go's exp_amd64.s (from SLEEF). */
static const double exp_overflow = 7.09782712893384e+02;
static const double exp_log2e = 1.4426950408889634073599246810018920;
static const double exp_ln2u = 0.69314718055966295651160180568695068359375;
static const double exp_ln2l =
    0.28235290563031577122588448175013436025525412068e-12;
/* 1/n! for n = 8 down to 3. */
static const double exp_c8 = 2.4801587301587301587e-5;
static const double exp_c7 = 1.9841269841269841270e-4;
static const double exp_c6 = 1.3888888888888888889e-3;
static const double exp_c5 = 8.3333333333333333333e-3;
static const double exp_c4 = 4.1666666666666666667e-2;
static const double exp_c3 = 1.6666666666666666667e-1;

/*
 * CVTSD2SL: round to nearest even (the MXCSR default, which Go never
 * changes); anything outside int32, e.g. x*log2(e) for x = -1e300, gives
 * the "integer indefinite" INT32_MIN.  Exp then flushes that to 0.
 */
static int32_t
cvtsd2sl(double v)
{
	double r = nearbyint(v);

	if (!(r >= -2147483648.0 && r < 2147483648.0))
		return INT32_MIN;
	return (int32_t)r;
}

double
cbs_go_exp(double x)
{
	uint64_t bits = cbs_to_bits(x);
	double kd, r, p, y, t;
	int32_t k;

	if ((bits & ~SIGN_MASK) >= POS_INF_BITS) {
		if (bits == NEG_INF_BITS)
			return 0.0;
		return x;		/* NaN or +Inf */
	}
	if (x > exp_overflow)
		return cbs_from_bits(POS_INF_BITS);

	t = exp_log2e * x;
	k = cvtsd2sl(t);
	kd = (double)k;

	/* r = (x - k*ln2) / 16, ln2 split in two, each step fused. */
	r = fma(-kd, exp_ln2u, x);
	r = fma(-kd, exp_ln2l, r);
	r = r * 0.0625;

	/* p = (e^r - 1)/r by Taylor series through 1/8!, fused Horner. */
	p = exp_c8;
	p = fma(r, p, exp_c7);
	p = fma(r, p, exp_c6);
	p = fma(r, p, exp_c5);
	p = fma(r, p, exp_c4);
	p = fma(r, p, exp_c3);
	p = fma(r, p, 0.5);
	p = fma(r, p, 1.0);
	y = r * p;

	/*
	 * Undo the division by 16: e^2r - 1 = y*(y + 2), four times; the
	 * last product is fused with the final + 1.
	 */
	t = y + 2.0;
	y = y * t;
	t = y + 2.0;
	y = y * t;
	t = y + 2.0;
	y = y * t;
	t = y + 2.0;
	y = fma(t, y, 1.0);

	/* Multiply by 2^k built from bits; k is at most 1024 here. */
	k += 0x3ff;
	if (k <= 0) {
		if (k < -52)
			return 0.0;
		/* Subnormal result: two scalings, the last by 2^-1022. */
		y = y * cbs_from_bits((uint64_t)(k + 0x3fe) << 52);
		k = 1;
	} else if (k >= 0x7ff)
		return cbs_from_bits(POS_INF_BITS);
	return y * cbs_from_bits((uint64_t)k << 52);
}

double
cbs_go_geomean(const double *x, size_t n)
{
	double m = 0.0, lx, d;
	size_t i;

	if (n == 0)
		return cbs_from_bits(GO_NAN_BITS);
	for (i = 0; i < n; i++) {
		if (x[i] <= 0.0)
			return cbs_from_bits(GO_NAN_BITS);
		/* Running mean, not sum/n: the rounding differs. */
		lx = cbs_go_log(x[i]);
		d = lx - m;
		d = d / (double)(i + 1);
		m = m + d;
	}
	return cbs_go_exp(m);
}
