/*
 * Training on the device: XOR on the 2-8-1 ReLU network (tests/c/xor.lua),
 * per-sample train_step, lr 0.05, 2000 epochs, from init seeds 1 and 2.
 * The mean loss must fall below 0.01 (it starts near 0.5). The final losses
 * are printed as bits too, and the host build prints the same bytes
 * (golden/training.txt): 16 000 SGD steps bit-identical on host and target.
 */
#include <stdint.h>

#include "mcu_io.h"
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

int main(void)
{
    float p[XOR_N_PARAMS], loss[2];
    int failures = 0, epoch, i;
    uint32_t seed;

    for (seed = 1; seed <= 2; seed++) {
        xor_init(p, seed);
        loss[0] = mean_loss(p);
        for (epoch = 0; epoch < 2000; epoch++) {
            for (i = 0; i < 4; i++) {
                (void)xor_train_step(p, xs[i], ts[i], 0.05f);
            }
        }
        loss[1] = mean_loss(p);
        io_puts(seed == 1 ? "seed 1" : "seed 2");
        io_floats(": mean loss before, after 2000 epochs", loss, 2);
        if (!(loss[1] < 0.01f)) {
            io_puts("  loss did not fall below 0.01\n");
            failures++;
        }
    }
    io_puts(failures ? "training FAILED\n" : "training: loss below 0.01\n");
    return failures;
}
