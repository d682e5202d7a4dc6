/*
 * Training works: XOR on a 2-8-1 ReLU network (xor.lua) with per-sample
 * train_step (lr 0.05, 2000 epochs) from the deterministic init with five
 * seeds, and with mini-batches through gradient + flatprop_sgd_f. The mean
 * loss must fall below 0.01 (from about 0.5 at the start) for every seed;
 * seeds and epochs are fixed, so the run is the same on every platform.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "xor.h"

static const float xs[4][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
static const float ts[4][1] = { { 0 }, { 1 }, { 1 }, { 0 } };

static float mean_loss(const float *p)
{
    float sum = 0.0f, y[1];
    int i;
    for (i = 0; i < 4; i++) {
        xor_forward(p, xs[i], y);
        sum += xor_loss(y, ts[i]);
    }
    return sum / 4.0f;
}

static void test_train_step(void **state)
{
    float p[XOR_N_PARAMS], start;
    int epoch, i;
    uint32_t seed;
    (void)state;
    for (seed = 1; seed <= 5; seed++) {
        xor_init(p, seed);
        start = mean_loss(p);
        for (epoch = 0; epoch < 2000; epoch++) {
            for (i = 0; i < 4; i++) {
                xor_train_step(p, xs[i], ts[i], 0.05f);
            }
        }
        print_message("train_step, seed %u: mean loss %.4g -> %.4g\n", (unsigned)seed,
                      (double)start, (double)mean_loss(p));
        assert_true(mean_loss(p) < 0.01f);
        assert_true(mean_loss(p) < start / 10.0f);
    }
}

static void test_mini_batch(void **state)
{
    float p[XOR_N_PARAMS], g[XOR_N_PARAMS], start;
    int epoch, i;
    (void)state;
    xor_init(p, 1);
    start = mean_loss(p);
    for (epoch = 0; epoch < 4000; epoch++) {
        flatprop_zero_f(g, XOR_N_PARAMS);
        for (i = 0; i < 4; i++) {
            xor_gradient(p, xs[i], ts[i], g);
        }
        assert_int_equal(flatprop_sgd_f(p, g, XOR_N_PARAMS, 0.1f / 4.0f), FLATPROP_OK);
    }
    print_message("mini-batch: mean loss %.4g -> %.4g\n", (double)start, (double)mean_loss(p));
    assert_true(mean_loss(p) < 0.01f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_train_step),
        cmocka_unit_test(test_mini_batch),
    };
    return cmocka_run_group_tests_name("training", tests, NULL, NULL);
}
