/*
 * The runtime's own exp, log, tanh, sigmoid and sqrt against the C
 * library's, evaluated one precision up (double for float, long double for
 * double): the largest error in ulps over a dense sweep of each function's
 * useful range, the saturation and special values, and a few exact values.
 * The measured maxima are printed; the README quotes them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>

#include "flatprop.h"

/* error of got in ulps of the float nearest to the exact value `want` */
static double ulps_f(float got, double want)
{
    float w = (float)want;
    double ulp;
    if (isinf(want) || fabs(want) > FLT_MAX) {
        return isinf(got) && (got > 0) == (want > 0) ? 0 : 1e9;
    }
    if (w == 0.0f) {
        ulp = ldexp(1.0, -149);
    } else {
        int e;
        frexp((double)w, &e);
        ulp = ldexp(1.0, e - 24 < -149 ? -149 : e - 24);
    }
    return fabs((double)got - want) / ulp;
}

static double ulps_d(double got, long double want)
{
    double w = (double)want, ulp;
    if (isinf(w)) {
        return isinf(got) && (got > 0) == (w > 0) ? 0 : 1e9;
    }
    if (w == 0.0) {
        ulp = ldexp(1.0, -1074);
    } else {
        int e;
        frexp(w, &e);
        ulp = ldexp(1.0, e - 53 < -1074 ? -1074 : e - 53);
    }
    return (double)(fabsl((long double)got - want) / ulp);
}

typedef struct {
    const char *name;
    float (*own_f)(float);
    double (*ref_f)(double);
    double (*own_d)(double);
    long double (*ref_d)(long double);
    double lo, hi;
    double max_f, max_d; /* the bound each must meet */
} fn_case_t;

static double sig_ref(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

static long double sig_refl(long double x)
{
    return 1.0L / (1.0L + expl(-x));
}

static double sqrt_ref(double x)
{
    return sqrt(x);
}

static long double sqrt_refl(long double x)
{
    return sqrtl(x);
}

static double libm_f_ulps(const char *name, float x, double want)
{
    if (name[0] == 'e') {
        return ulps_f(expf(x), want);
    }
    if (name[0] == 't') {
        return ulps_f(tanhf(x), want);
    }
    if (name[0] == 'l') {
        return ulps_f(logf(x), want);
    }
    return 0;
}

static void sweep(const fn_case_t *c)
{
    const long n = 4000000;
    double worst_f = 0, worst_d = 0, worst_libm = 0, at_f = 0, at_d = 0;
    long i;
    for (i = 0; i <= n; i++) {
        const double x = c->lo + (c->hi - c->lo) * (double)i / (double)n;
        const float xf = (float)x;
        const double ef = ulps_f(c->own_f(xf), c->ref_f((double)xf));
        const double ed = ulps_d(c->own_d(x), c->ref_d((long double)x));
        const double el = libm_f_ulps(c->name, xf, c->ref_f((double)xf));
        if (ef > worst_f) {
            worst_f = ef;
            at_f = (double)xf;
        }
        if (ed > worst_d) {
            worst_d = ed;
            at_d = x;
        }
        if (el > worst_libm) {
            worst_libm = el;
        }
    }
    printf("%-8s on [%g, %g], %ld points: float max %.3f ulp (at %.9g), double max %.3f ulp "
           "(at %.17g); libm float %.3f ulp\n",
           c->name, c->lo, c->hi, n + 1, worst_f, at_f, worst_d, at_d, worst_libm);
    if (!(worst_f <= c->max_f && worst_d <= c->max_d)) {
        fail_msg("%s: beyond the bound of %.1f (float) / %.1f (double) ulp", c->name,
                 c->max_f, c->max_d);
    }
}

static void test_sweeps(void **state)
{
    static const fn_case_t cases[] = {
        { "exp", flatprop_exp_f, exp, flatprop_exp_d, expl, -103.0, 88.7, 1.5, 1.5 },
        { "exp", flatprop_exp_f, exp, flatprop_exp_d, expl, -2.0, 2.0, 1.5, 1.5 },
        { "tanh", flatprop_tanh_f, tanh, flatprop_tanh_d, tanhl, -12.0, 12.0, 3.5, 3.5 },
        { "tanh", flatprop_tanh_f, tanh, flatprop_tanh_d, tanhl, -0.01, 0.01, 3.5, 3.5 },
        { "sigmoid", flatprop_sigmoid_f, sig_ref, flatprop_sigmoid_d, sig_refl, -100.0, 40.0,
          3.0, 3.0 },
        { "log", flatprop_log_f, log, flatprop_log_d, logl, 1e-30, 2.0, 2.5, 2.5 },
        { "log", flatprop_log_f, log, flatprop_log_d, logl, 0.5, 1000.0, 2.5, 2.5 },
        { "sqrt", flatprop_sqrt_f, sqrt_ref, flatprop_sqrt_d, sqrt_refl, 0.0, 100.0, 1.0, 1.0 },
        { "sqrt", flatprop_sqrt_f, sqrt_ref, flatprop_sqrt_d, sqrt_refl, 1e-30, 1e-20, 1.0,
          1.0 },
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sweep(&cases[i]);
    }
}

static void test_special_values(void **state)
{
    (void)state;
    /* exact values */
    assert_true(flatprop_exp_f(0.0f) == 1.0f);
    assert_true(flatprop_exp_d(0.0) == 1.0);
    assert_true(flatprop_log_f(1.0f) == 0.0f);
    assert_true(flatprop_log_d(1.0) == 0.0);
    assert_true(flatprop_sigmoid_f(0.0f) == 0.5f);
    assert_true(flatprop_sigmoid_d(0.0) == 0.5);
    assert_true(flatprop_tanh_f(0.0f) == 0.0f);
    assert_true(flatprop_sqrt_f(4.0f) == 2.0f);
    assert_true(flatprop_sqrt_d(2.25) == 1.5);
    /* saturation */
    assert_true(isinf(flatprop_exp_f(89.0f)) && flatprop_exp_f(89.0f) > 0);
    assert_true(isinf(flatprop_exp_f(1e30f)));
    assert_true(isinf(flatprop_exp_d(710.0)));
    assert_true(flatprop_exp_f(-104.0f) == 0.0f);
    assert_true(flatprop_exp_f(-1e30f) == 0.0f);
    assert_true(flatprop_exp_d(-746.0) == 0.0);
    assert_true(flatprop_exp_f(-100.0f) > 0.0f); /* subnormal, not flushed */
    assert_true(flatprop_exp_d(-740.0) > 0.0);
    assert_true(flatprop_tanh_f(10.0f) == 1.0f && flatprop_tanh_f(-10.0f) == -1.0f);
    assert_true(flatprop_tanh_f(1e30f) == 1.0f && flatprop_tanh_d(-1e300) == -1.0);
    assert_true(flatprop_tanh_d(30.0) == 1.0);
    assert_true(flatprop_sigmoid_f(200.0f) == 1.0f && flatprop_sigmoid_f(-200.0f) == 0.0f);
    assert_true(flatprop_sigmoid_d(1e300) == 1.0 && flatprop_sigmoid_d(-1e300) == 0.0);
    assert_true(flatprop_sigmoid_f(-90.0f) > 0.0f); /* e^-90: tiny but not zero */
    /* NaN and bad arguments */
    assert_true(isnan(flatprop_exp_f(NAN)) && isnan(flatprop_tanh_d((double)NAN)));
    assert_true(isnan(flatprop_sigmoid_f(NAN)) && isnan(flatprop_log_f(-1.0f)));
    assert_true(isinf(flatprop_log_d(0.0)) && flatprop_log_d(0.0) < 0);
    assert_true(isnan(flatprop_sqrt_d(-1.0)));
    /* odd symmetry exactly */
    assert_true(flatprop_tanh_f(-0.3f) == -flatprop_tanh_f(0.3f));
    assert_true(flatprop_tanh_d(-3.7) == -flatprop_tanh_d(3.7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweeps),
        cmocka_unit_test(test_special_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
