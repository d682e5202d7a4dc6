/* The runtime's own exp, log, tanh, sigmoid and sqrt, float and double.
 *
 * Why not libm: on a Cortex-M0 newlib's expf costs thousands of
 * instructions, and C libraries disagree in the last bit (glibc and the
 * newlib multilibs round differently), so a network trained on the host and
 * on the device would drift apart. These use only +, -, *, / and integer bit
 * operations, each rounded by IEEE 754, so with -ffp-contract=off they give
 * the same bits on every platform, FPU or soft float. Accuracy (measured by
 * tests/c/test_mathfn.c against double libm): see the README.
 *
 * exp: x = n ln2 + r with |r| <= ln2/2 (Cody-Waite: ln2 split in a high part
 * whose products with n are exact and a low part), exp(r) by its Taylor
 * polynomial (degree 7 for float, 13 for double: truncation below 0.1 ulp),
 * then scaled by 2^n built from its bits. Saturates to +inf and to 0 past the
 * range of the type; NaN passes through.
 *
 * log (x > 0, used by softmax_cross_entropy on sums >= 1): x = 2^e m with
 * m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s), s = (m - 1) / (m + 1).
 *
 * tanh: -expm1(-2|x|) / (2 + expm1(-2|x|)), with expm1 by the same
 * polynomial without its leading 1 near 0, so small arguments keep their
 * relative accuracy. sigmoid: 1 / (1 + exp(-x)) for x >= 0, e / (1 + e) with
 * e = exp(x) otherwise, so neither side overflows.
 *
 * sqrt (for Adam): Newton's iteration from a bit-trick first guess.
 */
#include <string.h>

#include "flatprop.h"

/* ---- bit access ------------------------------------------------------- */

static uint32_t bits_f(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static float from_bits_f(uint32_t u)
{
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

#if FLATPROP_HAS_DOUBLE /* see the double section */
static uint64_t bits_d(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static double from_bits_d(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}
#endif

/* 2^n for a normal exponent n */
static float pow2_f(int n)
{
    return from_bits_f((uint32_t)(n + 127) << 23);
}

#if FLATPROP_HAS_DOUBLE
static double pow2_d(int n)
{
    return from_bits_d((uint64_t)(n + 1023) << 52);
}
#endif

/* ---- float ------------------------------------------------------------ */

#define LOG2E_F 1.44269502162933349609375f
#define LN2_HI_F 0.693145751953125f         /* 0x3f317200: 15 significant bits */
#define LN2_LO_F 1.428606765330187045e-06f  /* ln 2 - LN2_HI_F */

/* exp(r) - 1 for |r| <= ln2/2: Taylor to degree 7 without the constant term */
static float expm1_poly_f(float r)
{
    float p = 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    return p * r;
}

/* x = n ln2 + r; returns r and sets n (x within the finite range) */
static float reduce_f(float x, int *n)
{
    const float fn = x * LOG2E_F;
    const int k = (int)(fn + (fn >= 0.0f ? 0.5f : -0.5f));
    const float kf = (float)k;
    *n = k;
    return (x - kf * LN2_HI_F) - kf * LN2_LO_F;
}

float flatprop_exp_f(float x)
{
    int n;
    float r, p;
    if (x != x) {
        return x;
    }
    if (x > 88.72283935546875f) {
        return from_bits_f(0x7f800000u); /* +inf */
    }
    if (x < -103.97283935546875f) {
        return 0.0f;
    }
    r = reduce_f(x, &n);
    p = 1.0f + expm1_poly_f(r);
    if (n > 127) {
        return p * 2.0f * pow2_f(n - 1);
    }
    if (n < -126) {
        /* exact scaling first, then the one rounding into the subnormals */
        return p * pow2_f(n + 64) * pow2_f(-64);
    }
    return p * pow2_f(n);
}

static float expm1_f(float x)
{
    if (x <= 0.34657359f && x >= -0.34657359f) {
        return expm1_poly_f(x);
    }
    return flatprop_exp_f(x) - 1.0f;
}

float flatprop_tanh_f(float x)
{
    float a, em, t;
    if (x != x || x == 0.0f) {
        return x;
    }
    a = x < 0.0f ? -x : x;
    if (a > 9.5f) {
        t = 1.0f; /* 1 - tanh(9.5) < 2^-26: rounds to 1 */
    } else {
        em = expm1_f(-2.0f * a);
        t = -em / (2.0f + em);
    }
    return x < 0.0f ? -t : t;
}

float flatprop_sigmoid_f(float x)
{
    float e;
    if (x != x) {
        return x;
    }
    if (x >= 0.0f) {
        return 1.0f / (1.0f + flatprop_exp_f(-x));
    }
    e = flatprop_exp_f(x);
    return e / (1.0f + e);
}

float flatprop_log_f(float x)
{
    uint32_t u;
    int e = 0;
    float m, s, s2, p;
    if (x != x || x < 0.0f) {
        return from_bits_f(0x7fc00000u); /* NaN */
    }
    if (x == 0.0f) {
        return from_bits_f(0xff800000u); /* -inf */
    }
    u = bits_f(x);
    if (u >= 0x7f800000u) {
        return x; /* +inf */
    }
    if (u < 0x00800000u) { /* subnormal: make it normal */
        x *= 16777216.0f;
        e = -24;
        u = bits_f(x);
    }
    e += (int)(u >> 23) - 127;
    m = from_bits_f((u & 0x007fffffu) | 0x3f800000u); /* [1, 2) */
    if (m > 1.41421356f) {
        m *= 0.5f;
        e += 1;
    }
    s = (m - 1.0f) / (m + 1.0f);
    s2 = s * s;
    p = 1.0f / 9.0f;
    p = p * s2 + 1.0f / 7.0f;
    p = p * s2 + 1.0f / 5.0f;
    p = p * s2 + 1.0f / 3.0f;
    p = p * s2;
    /* log m = 2s + 2s p; n ln2 added in two parts */
    return (float)e * LN2_HI_F + ((float)e * LN2_LO_F + (2.0f * s + 2.0f * s * p));
}

float flatprop_sqrt_f(float x)
{
    float y;
    int i;
    if (x != x || x < 0.0f) {
        return from_bits_f(0x7fc00000u);
    }
    if (x == 0.0f || bits_f(x) >= 0x7f800000u) {
        return x;
    }
    if (bits_f(x) < 0x00800000u) {
        return flatprop_sqrt_f(x * 16777216.0f) * (1.0f / 4096.0f);
    }
    y = from_bits_f(0x1fbd1df5u + (bits_f(x) >> 1)); /* within 4% */
    for (i = 0; i < 4; i++) {
        y = 0.5f * (y + x / y);
    }
    return y;
}

/* ---- double ----------------------------------------------------------- */
/* Only where double is binary64: avr-gcc's double is the 32-bit float. */
#if FLATPROP_HAS_DOUBLE


#define LOG2E_D 1.44269504088896338700e+00
#define LN2_HI_D 6.93147180369123816490e-01 /* fdlibm: 32 trailing zero bits */
#define LN2_LO_D 1.90821492927058770002e-10

static double expm1_poly_d(double r)
{
    static const double c[13] = {
        1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0,
        1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0,
        1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0
    };
    double p = c[0];
    int i;
    for (i = 1; i < 13; i++) {
        p = p * r + c[i];
    }
    return p * r;
}

static double reduce_d(double x, int *n)
{
    const double fn = x * LOG2E_D;
    const int k = (int)(fn + (fn >= 0.0 ? 0.5 : -0.5));
    const double kd = (double)k;
    *n = k;
    return (x - kd * LN2_HI_D) - kd * LN2_LO_D;
}

double flatprop_exp_d(double x)
{
    int n;
    double r, p;
    if (x != x) {
        return x;
    }
    if (x > 709.782712893384) {
        return from_bits_d(0x7ff0000000000000u);
    }
    if (x < -745.1332191019412) {
        return 0.0;
    }
    r = reduce_d(x, &n);
    p = 1.0 + expm1_poly_d(r);
    if (n > 1023) {
        return p * 2.0 * pow2_d(n - 1);
    }
    if (n < -1022) {
        return p * pow2_d(n + 512) * pow2_d(-512);
    }
    return p * pow2_d(n);
}

static double expm1_d(double x)
{
    if (x <= 0.34657359027997264 && x >= -0.34657359027997264) {
        return expm1_poly_d(x);
    }
    return flatprop_exp_d(x) - 1.0;
}

double flatprop_tanh_d(double x)
{
    double a, em, t;
    if (x != x || x == 0.0) {
        return x;
    }
    a = x < 0.0 ? -x : x;
    if (a > 19.5) {
        t = 1.0; /* 1 - tanh(19.5) < 2^-55 */
    } else {
        em = expm1_d(-2.0 * a);
        t = -em / (2.0 + em);
    }
    return x < 0.0 ? -t : t;
}

double flatprop_sigmoid_d(double x)
{
    double e;
    if (x != x) {
        return x;
    }
    if (x >= 0.0) {
        return 1.0 / (1.0 + flatprop_exp_d(-x));
    }
    e = flatprop_exp_d(x);
    return e / (1.0 + e);
}

double flatprop_log_d(double x)
{
    static const double c[11] = {
        1.0 / 23.0, 1.0 / 21.0, 1.0 / 19.0, 1.0 / 17.0, 1.0 / 15.0, 1.0 / 13.0,
        1.0 / 11.0, 1.0 / 9.0, 1.0 / 7.0, 1.0 / 5.0, 1.0 / 3.0
    };
    uint64_t u;
    int e = 0, i;
    double m, s, s2, p;
    if (x != x || x < 0.0) {
        return from_bits_d(0x7ff8000000000000u);
    }
    if (x == 0.0) {
        return from_bits_d(0xfff0000000000000u);
    }
    u = bits_d(x);
    if (u >= 0x7ff0000000000000u) {
        return x;
    }
    if (u < 0x0010000000000000u) {
        x *= 9007199254740992.0; /* 2^53 */
        e = -53;
        u = bits_d(x);
    }
    e += (int)(u >> 52) - 1023;
    m = from_bits_d((u & 0x000fffffffffffffu) | 0x3ff0000000000000u);
    if (m > 1.4142135623730951) {
        m *= 0.5;
        e += 1;
    }
    s = (m - 1.0) / (m + 1.0);
    s2 = s * s;
    p = c[0];
    for (i = 1; i < 11; i++) {
        p = p * s2 + c[i];
    }
    p = p * s2;
    return (double)e * LN2_HI_D + ((double)e * LN2_LO_D + (2.0 * s + 2.0 * s * p));
}

double flatprop_sqrt_d(double x)
{
    double y;
    int i;
    if (x != x || x < 0.0) {
        return from_bits_d(0x7ff8000000000000u);
    }
    if (x == 0.0 || bits_d(x) >= 0x7ff0000000000000u) {
        return x;
    }
    if (bits_d(x) < 0x0010000000000000u) {
        return flatprop_sqrt_d(x * 9007199254740992.0 * 2.0) * (1.0 / 134217728.0);
    }
    y = from_bits_d(0x1ff7a3bea91d9b1bu + (bits_d(x) >> 1));
    for (i = 0; i < 6; i++) {
        y = 0.5 * (y + x / y);
    }
    return y;
}

#endif /* FLATPROP_HAS_DOUBLE */
