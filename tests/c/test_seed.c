/*
 * The worked example (SPEC section 6) exactly. Every value of the forward
 * and backward pass is a dyadic rational, so float computes it exactly and
 * the test compares with ==. The two checks of the article (every parameter
 * + 0.01, one SGD step) involve roundings and are compared with the
 * article's 8-digit values to 1e-6.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "seed.h"

static const float x[2] = { 2.0f, 1.0f };
static const float t[1] = { 1.0f };
static const float described[9] = { 0.5f, 0.25f, -1.0f, 0.5f, 0.25f, 1.0f, 1.0f, 0.5f, -0.5f };
static const float gradient[9] = { -2.0f, -1.0f, 0.0f, 0.0f, 1.0f, 0.5f, -1.25f, 0.0f, -1.5f };

static void test_layout_and_init(void **state)
{
    float p[SEED_N_PARAMS];
    (void)state;
    assert_int_equal(SEED_N_INPUTS, 2);
    assert_int_equal(SEED_N_OUTPUTS, 1);
    assert_int_equal(SEED_N_PARAMS, 9);
    assert_int_equal(SEED_DENSE1_WEIGHTS, 0);
    assert_int_equal(SEED_DENSE2_WEIGHTS, 6);
    seed_init(p, 12345u);
    assert_memory_equal(p, described, sizeof p);
}

static void test_forward_and_loss(void **state)
{
    float y[1];
    (void)state;
    seed_forward(described, x, y);
    assert_true(y[0] == 0.5f);
    assert_true(seed_loss(y, t) == 0.25f);
}

static void test_gradient(void **state)
{
    float g[SEED_N_PARAMS] = { 0 };
    float sum = 0.0f;
    int i;
    (void)state;
    assert_true(seed_gradient(described, x, t, g) == 0.25f);
    for (i = 0; i < SEED_N_PARAMS; i++) {
        assert_true(g[i] == gradient[i]);
        sum += g[i];
    }
    assert_true(sum == -4.25f);
    /* the second row of dL/dW1 is zero: neuron 2 is dead (z = -1.5) */
    assert_true(g[2] == 0.0f && g[3] == 0.0f);
}

static void test_backward(void **state)
{
    const float dy[1] = { -1.0f }; /* dL/dy = 2 (0.5 - 1) */
    float g[SEED_N_PARAMS] = { 0 }, dx[2] = { 99.0f, 99.0f };
    int i;
    (void)state;
    seed_backward(described, x, dy, g, dx);
    for (i = 0; i < SEED_N_PARAMS; i++) {
        assert_true(g[i] == gradient[i]);
    }
    /* dx = W1^T dL/dz = W1^T (-1, 0, 0.5) */
    assert_true(dx[0] == -0.375f);
    assert_true(dx[1] == 0.25f);
}

static void test_nudge_check(void **state)
{
    float p[SEED_N_PARAMS], y[1];
    int i;
    (void)state;
    for (i = 0; i < SEED_N_PARAMS; i++) {
        p[i] = described[i] + 0.01f;
    }
    seed_forward(p, x, y);
    assert_true(fabs((double)(seed_loss(y, t) - 0.25f) - -0.04124239) < 1e-6);
}

/* The generated blob API: NAME_IDENTITY is the runtime's hash of
 * NAME_IDENTITY_TEXT, save/load round-trip exactly, and a blob of another
 * identity (another network) is refused with params untouched. */
static void test_blob_api(void **state)
{
    seed_real p[SEED_N_PARAMS], q[SEED_N_PARAMS], keep[SEED_N_PARAMS];
    uint8_t buf[SEED_BLOB_SIZE];
    size_t written = 0;
    int i;
    (void)state;
    assert_string_equal(SEED_IDENTITY_TEXT, "flatprop1:f32:3x2,1x3");
    assert_int_equal(flatprop_identity_hash(SEED_IDENTITY_TEXT), SEED_IDENTITY);
    assert_int_equal(SEED_IDENTITY, 0xD461ECE0u);
    seed_init(p, 7u);
    assert_int_equal(seed_save(p, buf, sizeof buf, &written), FLATPROP_OK);
    assert_int_equal(written, SEED_BLOB_SIZE);
    assert_int_equal(seed_load(q, buf, written), FLATPROP_OK);
    assert_memory_equal(p, q, sizeof p);
    assert_int_equal(flatprop_save_f(p, SEED_N_PARAMS, SEED_IDENTITY ^ 1u, buf, sizeof buf,
                                     &written), FLATPROP_OK);
    for (i = 0; i < SEED_N_PARAMS; i++) {
        q[i] = keep[i] = (seed_real)i;
    }
    assert_int_equal(seed_load(q, buf, written), FLATPROP_ERR_IDENTITY);
    assert_memory_equal(q, keep, sizeof q);
}

static void test_sgd_check(void **state)
{
    float p[SEED_N_PARAMS], y[1];
    int i;
    (void)state;
    for (i = 0; i < SEED_N_PARAMS; i++) {
        p[i] = described[i];
    }
    assert_true(seed_train_step(p, x, t, 0.01f) == 0.25f);
    for (i = 0; i < SEED_N_PARAMS; i++) {
        assert_true(fabsf(p[i] - (described[i] - 0.01f * gradient[i])) <= 1e-7f);
    }
    /* the dead neuron's weights did not move */
    assert_true(p[2] == described[2] && p[3] == described[3]);
    seed_forward(p, x, y);
    assert_true(fabs((double)seed_loss(y, t) - 0.15930077) < 1e-6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_and_init),
        cmocka_unit_test(test_forward_and_loss),
        cmocka_unit_test(test_gradient),
        cmocka_unit_test(test_backward),
        cmocka_unit_test(test_nudge_check),
        cmocka_unit_test(test_sgd_check),
        cmocka_unit_test(test_blob_api),
    };
    return cmocka_run_group_tests_name("worked example", tests, NULL, NULL);
}
