/*
 * Edge cases of each activation and of softmax_cross_entropy, in float and
 * double (tests/cov/edge_*.lua): a pre-activation exactly 0 (where the
 * masks decide), saturated sigmoid and tanh (pre-activations +-50), and
 * logits of 1000 (exp would overflow without the max subtracted).
 * Expected values are worked by hand in the comments; where they are exact
 * in both types the test compares with ==.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "edge_leaky_relu_f.h"
#include "edge_leaky_relu_d.h"
#include "edge_sigmoid_f.h"
#include "edge_sigmoid_d.h"
#include "edge_tanh_f.h"
#include "edge_tanh_d.h"
#include "edge_softmax_f.h"
#include "edge_softmax_d.h"

/* Runs one 2-3-1 edge network at x = (1, 1), t = 0; gives y, L, the
 * gradient of W1 (6) and W2 (3), and dx from backward with dy = 1. */
#define RUN_EDGE(name, NAME)                                                              \
    static void run_##name(double *y, double *L, double *g, double *dx)                  \
    {                                                                                     \
        name##_real p[NAME##_N_PARAMS], gg[NAME##_N_PARAMS], yy[1], ddx[2];               \
        const name##_real x[2] = { 1, 1 }, t[1] = { 0 }, dy[1] = { 1 };                   \
        int i;                                                                            \
        name##_init(p, 1);                                                                \
        name##_forward(p, x, yy);                                                         \
        *y = (double)yy[0];                                                               \
        for (i = 0; i < NAME##_N_PARAMS; i++) {                                           \
            gg[i] = 0;                                                                    \
        }                                                                                 \
        *L = (double)name##_gradient(p, x, t, gg);                                        \
        for (i = 0; i < NAME##_N_PARAMS; i++) {                                           \
            g[i] = (double)gg[i];                                                         \
            gg[i] = 0;                                                                    \
        }                                                                                 \
        name##_backward(p, x, dy, gg, ddx);                                               \
        dx[0] = (double)ddx[0];                                                           \
        dx[1] = (double)ddx[1];                                                           \
    }

RUN_EDGE(edge_leaky_relu_f, EDGE_LEAKY_RELU_F)
RUN_EDGE(edge_leaky_relu_d, EDGE_LEAKY_RELU_D)
RUN_EDGE(edge_sigmoid_f, EDGE_SIGMOID_F)
RUN_EDGE(edge_sigmoid_d, EDGE_SIGMOID_D)
RUN_EDGE(edge_tanh_f, EDGE_TANH_F)
RUN_EDGE(edge_tanh_d, EDGE_TANH_D)

typedef void (*run_fn)(double *, double *, double *, double *);

/* z = (0, 50, -50); leaky_relu slope 0.25: h = (0, 50, -12.5), y = 37.5,
 * L = y^2 = 1406.25, dL/dy = 75; at z = 0 the derivative is the slope (the
 * left one, as for relu), so dL/dz = (18.75, 75, 18.75);
 * dL/dW1 rows = dL/dz_o * (1, 1); dL/dW2 = 75 h; dx (dy = 1) =
 * W1^T (0.25, 1, 0.25) = (0.25 + 50 - 12.5, -0.25) = (37.75, -0.25). */
static void test_leaky_relu(void **state)
{
    static const run_fn runs[2] = { run_edge_leaky_relu_f, run_edge_leaky_relu_d };
    const double want_g[9] = { 18.75, 18.75, 75, 75, 18.75, 18.75, 0, 3750, -937.5 };
    int k, i;
    (void)state;
    for (k = 0; k < 2; k++) {
        double y, L, g[9], dx[2];
        runs[k](&y, &L, g, dx);
        assert_true(y == 37.5);
        assert_true(L == 1406.25);
        for (i = 0; i < 9; i++) {
            assert_true(g[i] == want_g[i]);
        }
        assert_true(dx[0] == 37.75 && dx[1] == -0.25);
    }
}

/* z = (0, 50, -50); tanh: h = (0, 1, -1) (saturated exactly), y = 0, L = 0,
 * dL/dy = 0, so the whole gradient is 0; backward with dy = 1: dL/dz =
 * (1 - h^2) = (1, 0, 0), dx = W1^T (1, 0, 0) = (1, -1), and the saturated
 * rows have exactly zero gradient. */
static void test_tanh(void **state)
{
    static const run_fn runs[2] = { run_edge_tanh_f, run_edge_tanh_d };
    int k, i;
    (void)state;
    for (k = 0; k < 2; k++) {
        double y, L, g[9], dx[2];
        runs[k](&y, &L, g, dx);
        assert_true(y == 0 && L == 0);
        for (i = 0; i < 9; i++) {
            assert_true(g[i] == 0);
        }
        assert_true(dx[0] == 1 && dx[1] == -1);
    }
}

/* z = (0, 50, -50); sigmoid: h = (0.5, 1, e^-50 / (1 + e^-50)) (1 in both
 * types: 1 - sigmoid(50) < 2^-54), y = 1.5 + e^-50, L = y^2, dL/dy = 2y;
 * dL/dz = 2y h (1 - h) = (0.5 y, 0, ~2y e^-50): the saturated top is exactly
 * 0, the saturated bottom tiny but finite. */
static void test_sigmoid(void **state)
{
    static const run_fn runs[2] = { run_edge_sigmoid_f, run_edge_sigmoid_d };
    const double e50 = exp(-50.0), s = e50 / (1 + e50);
    const double y_want = 1.5 + s, dz2 = 2 * y_want * s * (1 - s);
    int k;
    (void)state;
    for (k = 0; k < 2; k++) {
        const double tol = k == 0 ? 1e-6 : 1e-14;
        double y, L, g[9], dx[2];
        runs[k](&y, &L, g, dx);
        assert_true(fabs(y - y_want) <= tol);
        assert_true(fabs(L - y_want * y_want) <= tol * 3);
        assert_true(fabs(g[0] - 0.5 * y_want) <= tol && fabs(g[1] - 0.5 * y_want) <= tol);
        assert_true(g[2] == 0 && g[3] == 0);                  /* saturated at +50 */
        assert_true(isfinite(g[4]) && fabs(g[4] - dz2) <= 1e-5 * dz2); /* at -50 */
        assert_true(g[6] == 2 * y * 0.5 && g[7] == 2 * y);    /* dL/dW2 = 2y h */
        assert_true(fabs(dx[0] - (0.25 - 50 * s * (1 - s))) <= tol && dx[1] == -0.25);
    }
}

/* logits (1000, 999, -1000), one-hot target on the second: with
 * q = e^-1, p = (1, q, e^-2000) / (1 + q), L = -log p_2 = 1 + log(1 + q),
 * dL/dy = p - t = (1 / (1 + q), q / (1 + q) - 1, 0). */
#define RUN_SOFTMAX(name)                                                                 \
    static void run_##name(double *L, double *Lfwd, double *g)                            \
    {                                                                                     \
        name##_real p[3], gg[3] = { 0, 0, 0 }, y[3];                                      \
        const name##_real x[1] = { 1 }, t[3] = { 0, 1, 0 };                               \
        int i;                                                                            \
        name##_init(p, 1);                                                                \
        *L = (double)name##_gradient(p, x, t, gg);                                        \
        name##_forward(p, x, y);                                                          \
        *Lfwd = (double)name##_loss(y, t);                                                \
        for (i = 0; i < 3; i++) {                                                         \
            g[i] = (double)gg[i];                                                         \
        }                                                                                 \
    }
RUN_SOFTMAX(edge_softmax_f)
RUN_SOFTMAX(edge_softmax_d)

static void test_softmax_large_logits(void **state)
{
    const double q = exp(-1.0), L_want = 1 + log1p(q);
    const double g_want[3] = { 1 / (1 + q), q / (1 + q) - 1, 0 };
    int k, i;
    (void)state;
    for (k = 0; k < 2; k++) {
        const double tol = k == 0 ? 2e-6 : 1e-14;
        double L, Lfwd, g[3];
        if (k == 0) {
            run_edge_softmax_f(&L, &Lfwd, g);
        } else {
            run_edge_softmax_d(&L, &Lfwd, g);
        }
        assert_true(isfinite(L) && fabs(L - L_want) <= tol);
        assert_true(L == Lfwd);
        for (i = 0; i < 3; i++) {
            /* dL/dW = dL/dy * x with x = 1 */
            assert_true(isfinite(g[i]) && fabs(g[i] - g_want[i]) <= tol);
        }
        assert_true(g[2] == 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leaky_relu),
        cmocka_unit_test(test_tanh),
        cmocka_unit_test(test_sigmoid),
        cmocka_unit_test(test_softmax_large_logits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
