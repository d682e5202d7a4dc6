/*
 * Gradient checks on the device: for the worked example (seed) and XOR
 * (2-8-1, after 50 epochs of training so that biases are non-zero), at
 * three XOR samples and one point inside the square ((0,0) is left out: there
 * the neurons whose bias stayed exactly 0 sit on the ReLU kink, where finite
 * differences do not measure the one-sided gradient):
 *   - gradient() against central finite differences of forward()+loss()
 *     (flatprop_gradcheck_f, step 1e-3, rtol 1e-2, atol 1e-3);
 *   - backward() with dy = dL/dy against gradient() (to 1e-6 relative);
 *   - train_step() against params - lr * gradient() (to 1e-6 relative).
 * Prints one line per check and returns the number of failures. The same
 * source runs on the host (tests/mcu, host build) and under QEMU.
 */
#include <stddef.h>
#include <stdint.h>

#include "flatprop.h"
#include "mcu_io.h"
#include "seed.h"
#include "xor.h"

#define MAX_PARAMS 64

typedef struct {
    int which; /* 0 seed, 1 xor */
    const float *x;
    const float *t;
} sample_t;

static float loss_at(void *ctx, const float *params)
{
    const sample_t *s = (const sample_t *)ctx;
    float y[1];
    if (s->which == 0) {
        seed_forward(params, s->x, y);
        return seed_loss(y, s->t);
    }
    xor_forward(params, s->x, y);
    return xor_loss(y, s->t);
}

/* Not fabsf: avr-libc defines it as fabs, whose double is float there, but
   -Wdouble-promotion still sees a double. */
static float abs_f(float v)
{
    return v < 0.0f ? -v : v;
}

static int close_to(float got, float want)
{
    return abs_f(got - want) <= 1e-6f * (1.0f + abs_f(want));
}

static int check_sample(const char *label, sample_t *s, float *p, size_t n)
{
    float g[MAX_PARAMS], gb[MAX_PARAMS], q[MAX_PARAMS], y[1], dy[1], loss;
    flatprop_gradcheck_t r;
    int status, failures = 0;
    size_t i;

    flatprop_zero_f(g, n);
    flatprop_zero_f(gb, n);
    if (s->which == 0) {
        loss = seed_gradient(p, s->x, s->t, g);
        seed_forward(p, s->x, y);
        dy[0] = 2.0f * (y[0] - s->t[0]); /* squared error */
        seed_backward(p, s->x, dy, gb, NULL);
        flatprop_copy_f(q, p, n);
        (void)seed_train_step(q, s->x, s->t, 0.05f);
    } else {
        loss = xor_gradient(p, s->x, s->t, g);
        xor_forward(p, s->x, y);
        dy[0] = 2.0f * (y[0] - s->t[0]) / (float)XOR_N_OUTPUTS; /* mse */
        xor_backward(p, s->x, dy, gb, NULL);
        flatprop_copy_f(q, p, n);
        (void)xor_train_step(q, s->x, s->t, 0.05f);
    }
    status = flatprop_gradcheck_f(loss_at, s, p, g, n, 1e-3f, 1e-2, 1e-3, &r);
    io_puts(label);
    io_puts(": L ");
    io_float(loss);
    io_puts(", finite differences ");
    io_puts(status == FLATPROP_OK ? "ok" : "MISMATCH");
    io_puts(" (worst scaled error ");
    io_float((float)r.max_error);
    io_puts(")");
    failures += status != FLATPROP_OK;
    for (i = 0; i < n; i++) {
        if (!close_to(gb[i], g[i])) {
            break;
        }
    }
    io_puts(i == n ? ", backward ok" : ", backward MISMATCH");
    failures += i != n;
    for (i = 0; i < n; i++) {
        if (!close_to(q[i], p[i] - 0.05f * g[i])) {
            break;
        }
    }
    io_puts(i == n ? ", train_step ok\n" : ", train_step MISMATCH\n");
    failures += i != n;
    return failures;
}

int main(void)
{
    static const float seed_x[2] = { 2.0f, 1.0f }, seed_t[1] = { 1.0f };
    static const float xor_x[4][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
    static const float xor_t[4][1] = { { 0 }, { 1 }, { 1 }, { 0 } };
    static const float check_x[4][2] = { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0.3f, 0.6f } };
    static const float check_t[4][1] = { { 1 }, { 1 }, { 0 }, { 1 } };
    static const char *const xor_labels[4] = { "xor (0,1)", "xor (1,0)", "xor (1,1)",
                                               "xor (0.3,0.6)" };
    float p[MAX_PARAMS];
    sample_t s;
    int failures = 0, epoch, i;

    seed_init(p, 0U);
    s.which = 0;
    s.x = seed_x;
    s.t = seed_t;
    failures += check_sample("seed (2,1)", &s, p, SEED_N_PARAMS);

    xor_init(p, 1U);
    for (epoch = 0; epoch < 50; epoch++) {
        for (i = 0; i < 4; i++) {
            (void)xor_train_step(p, xor_x[i], xor_t[i], 0.05f);
        }
    }
    s.which = 1;
    for (i = 0; i < 4; i++) {
        s.x = check_x[i];
        s.t = check_t[i];
        failures += check_sample(xor_labels[i], &s, p, XOR_N_PARAMS);
    }
    io_puts(failures ? "gradient checks FAILED\n" : "gradient checks passed\n");
    return failures;
}
