/*
 * The runtime's optimizers against steps worked by hand (the numbers in the
 * comments), float and double, and the mini-batch helpers: zero, gradient
 * summed over samples, mean, step.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "flatprop.h"

/* momentum 0.9, lr 0.1, gradient 0.5 twice, from p = 1, v = 0:
 * v = 0.5, p = 1 - 0.1 * 0.5 = 0.95; v = 0.9 * 0.5 + 0.5 = 0.95,
 * p = 0.95 - 0.1 * 0.95 = 0.855. A second parameter with gradient -2:
 * v = -2, p = 0.2; v = -3.8, p = 0.58. */
static void test_momentum(void **state)
{
    double pd[2] = { 1, 0 }, vd[2] = { 0, 0 };
    float pf[2] = { 1, 0 }, vf[2] = { 0, 0 };
    const double gd[2] = { 0.5, -2 };
    const float gf[2] = { 0.5f, -2.0f };
    int s;
    (void)state;
    for (s = 0; s < 2; s++) {
        assert_int_equal(flatprop_momentum_d(pd, gd, vd, 2, 0.1, 0.9), FLATPROP_OK);
        assert_int_equal(flatprop_momentum_f(pf, gf, vf, 2, 0.1f, 0.9f), FLATPROP_OK);
        if (s == 0) {
            assert_true(fabs(pd[0] - 0.95) < 1e-15 && fabs(pd[1] - 0.2) < 1e-15);
            assert_true(vd[0] == 0.5 && vd[1] == -2);
        }
    }
    assert_true(fabs(vd[0] - 0.95) < 1e-15 && fabs(vd[1] + 3.8) < 1e-15);
    assert_true(fabs(pd[0] - 0.855) < 1e-15 && fabs(pd[1] - 0.58) < 1e-15);
    assert_true(fabsf(pf[0] - 0.855f) < 1e-6f && fabsf(pf[1] - 0.58f) < 1e-6f);
    /* momentum 0 is plain SGD */
    vd[0] = 123;
    assert_int_equal(flatprop_momentum_d(pd, gd, vd, 1, 0.5, 0.0), FLATPROP_OK);
    assert_true(vd[0] == 0.5 && pd[0] == 0.855 - 0.25);
    /* bad arguments */
    assert_int_equal(flatprop_momentum_d(NULL, gd, vd, 2, 0.1, 0.9), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_momentum_d(pd, gd, NULL, 2, 0.1, 0.9), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_momentum_d(pd, gd, vd, 2, 0.1, 1.0), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_momentum_f(pf, gf, vf, 2, 0.1f, -0.5f), FLATPROP_ERR_ARG);
}

/* Adam, lr 0.01, b1 0.9, b2 0.999, eps 1e-8, from p = 1, m = v = 0.
 * Step 1, g = 0.5: m = 0.05, v = 0.00025, mhat = 0.05 / 0.1 = 0.5,
 * vhat = 0.00025 / 0.001 = 0.25, p = 1 - 0.01 * 0.5 / (0.5 + 1e-8)
 * = 0.9900000002.
 * Step 2, g = -0.25: m = 0.045 - 0.025 = 0.02, v = 0.00024975 + 0.0000625
 * = 0.00031225, mhat = 0.02 / 0.19 = 0.105263157894737,
 * vhat = 0.00031225 / 0.001999 = 0.156203101550778,
 * p = 0.9900000002 - 0.01 * mhat / (sqrt(vhat) + 1e-8) = 0.987336629870785. */
static void test_adam(void **state)
{
    double p = 1, m = 0, v = 0, g = 0.5;
    float pf = 1, mf = 0, vf = 0, gf = 0.5f;
    (void)state;
    assert_int_equal(flatprop_adam_d(&p, &g, &m, &v, 1, 0.01, 0.9, 0.999, 1e-8, 1),
                     FLATPROP_OK);
    assert_true(fabs(m - 0.05) < 1e-16 && fabs(v - 0.00025) < 1e-18);
    assert_true(fabs(p - 0.9900000002) < 1e-15);
    g = -0.25;
    assert_int_equal(flatprop_adam_d(&p, &g, &m, &v, 1, 0.01, 0.9, 0.999, 1e-8, 2),
                     FLATPROP_OK);
    assert_true(fabs(m - 0.02) < 1e-16 && fabs(v - 0.00031225) < 1e-18);
    assert_true(fabs(p - 0.987336629870785) < 1e-14);

    assert_int_equal(flatprop_adam_f(&pf, &gf, &mf, &vf, 1, 0.01f, 0.9f, 0.999f, 1e-8f, 1),
                     FLATPROP_OK);
    gf = -0.25f;
    assert_int_equal(flatprop_adam_f(&pf, &gf, &mf, &vf, 1, 0.01f, 0.9f, 0.999f, 1e-8f, 2),
                     FLATPROP_OK);
    assert_true(fabsf(pf - 0.98733663f) < 2e-6f);

    /* the first step moves each parameter by about lr, whatever |g| */
    {
        double q[3] = { 0, 0, 0 }, mm[3] = { 0, 0, 0 }, vv[3] = { 0, 0, 0 };
        const double gg[3] = { 1e-3, -7, 250 };
        assert_int_equal(flatprop_adam_d(q, gg, mm, vv, 3, 0.001, 0.9, 0.999, 1e-300, 1),
                         FLATPROP_OK);
        assert_true(fabs(q[0] + 0.001) < 1e-15 && fabs(q[1] - 0.001) < 1e-15 &&
                    fabs(q[2] + 0.001) < 1e-15);
    }
    /* bad arguments: t = 0, beta out of range, NULL state */
    assert_int_equal(flatprop_adam_d(&p, &g, &m, &v, 1, 0.01, 0.9, 0.999, 1e-8, 0),
                     FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_adam_d(&p, &g, &m, &v, 1, 0.01, 1.0, 0.999, 1e-8, 1),
                     FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_adam_d(&p, &g, NULL, &v, 1, 0.01, 0.9, 0.999, 1e-8, 1),
                     FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_adam_f(&pf, &gf, &mf, &vf, 1, 0.01f, 0.9f, 0.999f, -1.0f, 1),
                     FLATPROP_ERR_ARG);
    /* eps = 0 with a zero gradient would be 0 / 0: refused at entry, nothing
     * changed; so are NaN and infinite eps and lr (issue 17) */
    {
        double q = 1, z = 0, mm = 0, vv = 0;
        float qf = 1, zf = 0, mf2 = 0, vf2 = 0;
        const double inf = 1.0 / z, nan = z / z;
        assert_int_equal(flatprop_adam_d(&q, &z, &mm, &vv, 1, 0.01, 0.9, 0.999, 0, 1),
                         FLATPROP_ERR_ARG);
        assert_int_equal(flatprop_adam_f(&qf, &zf, &mf2, &vf2, 1, 0.01f, 0.9f, 0.999f, 0, 1),
                         FLATPROP_ERR_ARG);
        assert_int_equal(flatprop_adam_d(&q, &z, &mm, &vv, 1, 0.01, 0.9, 0.999, inf, 1),
                         FLATPROP_ERR_ARG);
        assert_int_equal(flatprop_adam_d(&q, &z, &mm, &vv, 1, 0.01, 0.9, 0.999, nan, 1),
                         FLATPROP_ERR_ARG);
        assert_int_equal(flatprop_adam_d(&q, &z, &mm, &vv, 1, inf, 0.9, 0.999, 1e-8, 1),
                         FLATPROP_ERR_ARG);
        assert_int_equal(flatprop_momentum_d(&q, &z, &vv, 1, inf, 0.9), FLATPROP_ERR_ARG);
        assert_int_equal(flatprop_sgd_d(&q, &z, 1, nan), FLATPROP_ERR_ARG);
        assert_int_equal(flatprop_sgd_f(&qf, &zf, 1, (float)inf), FLATPROP_ERR_ARG);
        assert_true(q == 1 && mm == 0 && vv == 0 && qf == 1 && mf2 == 0 && vf2 == 0);
        /* a zero gradient with a valid eps leaves the parameter as it was */
        assert_int_equal(flatprop_adam_d(&q, &z, &mm, &vv, 1, 0.01, 0.9, 0.999, 1e-8, 1),
                         FLATPROP_OK);
        assert_true(q == 1);
    }
}

/* A mini-batch: zero, add three per-sample gradients, take the mean, step. */
static void test_batch(void **state)
{
    double grad[2] = { 9, 9 }, p[2] = { 1, 1 };
    const double samples[3][2] = { { 1, 2 }, { 2, 4 }, { 6, -3 } };
    float gf[2] = { 3, 6 };
    int s, i;
    (void)state;
    flatprop_zero_d(grad, 2);
    for (s = 0; s < 3; s++) {
        for (i = 0; i < 2; i++) {
            grad[i] += samples[s][i]; /* what NAME_gradient does */
        }
    }
    assert_int_equal(flatprop_batch_mean_d(grad, 2, 3), FLATPROP_OK);
    assert_true(grad[0] == 3 && grad[1] == 1);
    assert_int_equal(flatprop_sgd_d(p, grad, 2, 0.5), FLATPROP_OK);
    assert_true(p[0] == -0.5 && p[1] == 0.5);
    assert_int_equal(flatprop_batch_mean_f(gf, 2, 3), FLATPROP_OK);
    assert_true(gf[0] == 1.0f && gf[1] == 2.0f);
    assert_int_equal(flatprop_batch_mean_d(grad, 2, 0), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_batch_mean_f(NULL, 2, 3), FLATPROP_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_momentum),
        cmocka_unit_test(test_adam),
        cmocka_unit_test(test_batch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
