/*
 * The runtime: the pseudo-random generator (against the xoshiro128**
 * reference sequence, computed independently in Python), uniform
 * initialisation, array helpers, SGD, and the finite-difference check
 * (it passes a right gradient, names the wrong entry of a wrong one, and
 * restores the parameters bit for bit).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "flatprop.h"

static void test_rng_reference_sequence(void **state)
{
    flatprop_rng_t rng;
    (void)state;
    rng.s[0] = 1;
    rng.s[1] = 2;
    rng.s[2] = 3;
    rng.s[3] = 4;
    /* xoshiro128** from state {1, 2, 3, 4}, by the published algorithm */
    assert_int_equal(flatprop_rng_next(&rng), 0x2d00u);
    assert_int_equal(flatprop_rng_next(&rng), 0x0u);
    assert_int_equal(flatprop_rng_next(&rng), 0x5a7080u);
    assert_int_equal(flatprop_rng_next(&rng), 0x4389d80u);
}

static void test_rng_seeding(void **state)
{
    flatprop_rng_t a, b, c;
    int i, same_stream = 1, other_stream = 1;
    (void)state;
    flatprop_rng_seed(&a, 42, 1);
    flatprop_rng_seed(&b, 42, 1);
    flatprop_rng_seed(&c, 42, 2);
    for (i = 0; i < 100; i++) {
        uint32_t va = flatprop_rng_next(&a), vb = flatprop_rng_next(&b);
        uint32_t vc = flatprop_rng_next(&c);
        same_stream &= va == vb;
        other_stream &= va == vc;
    }
    assert_true(same_stream);
    assert_false(other_stream);
    flatprop_rng_seed(&a, 0, 0);
    assert_true((a.s[0] | a.s[1] | a.s[2] | a.s[3]) != 0);
}

static void test_uniform(void **state)
{
    flatprop_rng_t rng;
    float f[1000];
    double d[1000];
    double sum = 0;
    int i;
    (void)state;
    flatprop_rng_seed(&rng, 7, 3);
    flatprop_uniform_f(&rng, f, 1000, 0.5f);
    for (i = 0; i < 1000; i++) {
        assert_true(f[i] >= -0.5f && f[i] < 0.5f);
        sum += (double)f[i];
    }
    assert_true(sum > -30 && sum < 30); /* mean 0, sd of the sum about 9 */
    flatprop_rng_seed(&rng, 7, 3);
    flatprop_uniform_d(&rng, d, 1000, 2.0);
    for (i = 0; i < 1000; i++) {
        assert_true(d[i] >= -2.0 && d[i] < 2.0);
    }
    /* the float stream is reproducible */
    {
        float g[1000];
        flatprop_rng_seed(&rng, 7, 3);
        flatprop_uniform_f(&rng, g, 1000, 0.5f);
        assert_memory_equal(f, g, sizeof f);
    }
}

static void test_arrays_and_sgd(void **state)
{
    float p[4] = { 1, 2, 3, 4 }, g[4] = { 10, 20, 30, 40 }, c[4];
    double pd[2] = { 1, 1 }, gd[2] = { 0.5, -0.5 };
    (void)state;
    assert_int_equal(flatprop_sgd_f(p, g, 4, 0.5f), FLATPROP_OK);
    assert_true(p[0] == -4 && p[1] == -8 && p[2] == -12 && p[3] == -16);
    assert_int_equal(flatprop_sgd_d(pd, gd, 2, 2.0), FLATPROP_OK);
    assert_true(pd[0] == 0 && pd[1] == 2);
    assert_int_equal(flatprop_sgd_f(NULL, g, 4, 0.5f), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_sgd_f(p, NULL, 4, 0.5f), FLATPROP_ERR_ARG);
    flatprop_copy_f(c, g, 4);
    assert_memory_equal(c, g, sizeof c);
    flatprop_scale_f(c, 4, 0.5f);
    assert_true(c[0] == 5 && c[3] == 20);
    flatprop_zero_f(c, 3);
    assert_true(c[0] == 0 && c[2] == 0 && c[3] == 20);
    flatprop_zero_f(NULL, 3); /* NULL is ignored, not a crash */
}

/* L(p) = sum_i (i + 1) p_i^2, gradient 2 (i + 1) p_i */
static float quad_f(void *ctx, const float *p)
{
    float L = 0.0f;
    int i;
    (void)ctx;
    for (i = 0; i < 4; i++) {
        L += (float)(i + 1) * p[i] * p[i];
    }
    return L;
}

static double quad_d(void *ctx, const double *p)
{
    double L = 0.0;
    int i;
    (void)ctx;
    for (i = 0; i < 4; i++) {
        L += (double)(i + 1) * p[i] * p[i];
    }
    return L;
}

static void test_gradcheck(void **state)
{
    float p[4] = { 0.5f, -1.0f, 0.25f, 2.0f }, saved[4];
    float g[4] = { 1.0f, -4.0f, 1.5f, 16.0f };
    double pd[4] = { 0.5, -1.0, 0.25, 2.0 }, gd[4] = { 1.0, -4.0, 1.5, 16.0 };
    flatprop_gradcheck_t r;
    (void)state;
    memcpy(saved, p, sizeof p);
    assert_int_equal(flatprop_gradcheck_f(quad_f, NULL, p, g, 4, 1e-2f, 1e-3, 1e-4, &r),
                     FLATPROP_OK);
    assert_memory_equal(p, saved, sizeof p);
    assert_int_equal((int)r.checked, 4);
    assert_int_equal(flatprop_gradcheck_d(quad_d, NULL, pd, gd, 4, 1e-6, 1e-7, 1e-9, &r),
                     FLATPROP_OK);
    g[2] = -1.5f; /* a sign error in one entry */
    assert_int_equal(flatprop_gradcheck_f(quad_f, NULL, p, g, 4, 1e-2f, 1e-3, 1e-4, &r),
                     FLATPROP_ERR_MISMATCH);
    assert_int_equal((int)r.worst, 2);
    assert_true(r.analytic == -1.5 && r.numeric > 1.49 && r.numeric < 1.51);
    assert_memory_equal(p, saved, sizeof p);
    assert_int_equal(flatprop_gradcheck_f(NULL, NULL, p, g, 4, 1e-2f, 1e-3, 1e-4, &r),
                     FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_gradcheck_f(quad_f, NULL, p, g, 4, 0.0f, 1e-3, 1e-4, &r),
                     FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_gradcheck_f(quad_f, NULL, p, g, 0, 1e-2f, 1e-3, 1e-4, &r),
                     FLATPROP_ERR_ARG);
}

static void test_numerical_guards(void **state)
{
    float v[5] = { 1.0f, -2.0f, 0.0f, 3.0f, 4.0f };
    double d[3] = { 3.0, 4.0, 0.0 };
    float norm = 0.0f;
    double dnorm = 0.0;
    size_t bad = 99;
    volatile float zero = 0.0f;
    (void)state;
    assert_int_equal(flatprop_check_finite_f(v, 5, &bad), FLATPROP_OK);
    assert_int_equal((int)bad, 5);
    v[3] = zero / zero; /* NaN */
    assert_int_equal(flatprop_check_finite_f(v, 5, &bad), FLATPROP_ERR_NONFINITE);
    assert_int_equal((int)bad, 3);
    assert_int_equal(flatprop_clip_norm_f(v, 5, 1.0f, &norm), FLATPROP_ERR_NONFINITE);
    v[3] = 1.0f / zero; /* infinity */
    assert_int_equal(flatprop_check_finite_f(v, 5, &bad), FLATPROP_ERR_NONFINITE);
    assert_int_equal(flatprop_check_finite_f(NULL, 5, &bad), FLATPROP_ERR_ARG);
    /* clip: (3, 4, 0) has norm 5; clipped to norm 1 it is (0.6, 0.8, 0) */
    assert_int_equal(flatprop_clip_norm_d(d, 3, 1.0, &dnorm), FLATPROP_OK);
    assert_true(dnorm == 5.0);
    assert_true(fabs(d[0] - 0.6) < 1e-15 && fabs(d[1] - 0.8) < 1e-15 && d[2] == 0.0);
    /* under the limit: unchanged */
    v[3] = 2.0f;
    assert_int_equal(flatprop_clip_norm_f(v, 5, 100.0f, &norm), FLATPROP_OK);
    assert_true(v[0] == 1.0f && v[1] == -2.0f && v[3] == 2.0f);
    assert_true(fabsf(norm - 5.0f) < 1e-6f);
    /* huge but finite values do not overflow the norm */
    v[0] = 3e38f;
    v[1] = 3e38f;
    assert_int_equal(flatprop_clip_norm_f(v, 2, 1.0f, &norm), FLATPROP_OK);
    assert_true(norm > 3.4e38f); /* 3e38 * sqrt(2) exceeds FLT_MAX: reported as inf */
    assert_true(fabsf(v[0] - 0.70710678f) < 1e-6f);
    assert_int_equal(flatprop_clip_norm_f(v, 2, 0.0f, &norm), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_clip_norm_f(NULL, 2, 1.0f, &norm), FLATPROP_ERR_ARG);
}

static void test_status_names(void **state)
{
    (void)state;
    assert_string_equal(flatprop_status_name(FLATPROP_OK), "ok");
    assert_string_equal(flatprop_status_name(FLATPROP_ERR_CHECKSUM), "checksum mismatch");
    assert_string_equal(flatprop_status_name(12345), "unknown status");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_reference_sequence),
        cmocka_unit_test(test_rng_seeding),
        cmocka_unit_test(test_uniform),
        cmocka_unit_test(test_arrays_and_sgd),
        cmocka_unit_test(test_gradcheck),
        cmocka_unit_test(test_numerical_guards),
        cmocka_unit_test(test_status_names),
    };
    return cmocka_run_group_tests_name("runtime", tests, NULL, NULL);
}
