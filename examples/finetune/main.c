/*
 * Fine-tuning on a device: the first layer frozen, the last one trained.
 *
 * 1. "Host": train the whole 64-32-10 digits network (digits.lua) for a few
 *    epochs with mini-batch Adam, as examples/digits does.
 * 2. "Device": the task changes (each digit now maps to class (d + 3) % 10,
 *    standing in for a recalibration the device must learn). finetune.lua is
 *    the same network with `trainable = false` on its first layer; same
 *    parameter layout, so the host's parameters load as they are. Only
 *    finetune_train_step() runs: plain SGD, one sample at a time, no
 *    gradient buffer, and the generated code contains no gradient work for
 *    the frozen layer at all (its backward pass stops at the last layer).
 *
 * Checks: the frozen parameters keep their exact bits, finetune_gradient()
 * leaves the frozen layer's grad entries as they were, and the held-out
 * accuracy on the new task (every fifth sample) reaches 90%.
 */
#include <stdio.h>
#include <string.h>

#include "digits.h"
#include "digits_data.h"
#include "finetune.h"

#define SHIFT 3u

static digits_real params[DIGITS_N_PARAMS], frozen_copy[DIGITS_N_PARAMS];
static digits_real grad[DIGITS_N_PARAMS], adam_m[DIGITS_N_PARAMS], adam_v[DIGITS_N_PARAMS];

static void sample(unsigned i, unsigned shift, float *x, float *t)
{
    unsigned k;
    for (k = 0; k < 64; k++) {
        x[k] = (float)digits_pixels[i * 64u + k] / 16.0f;
    }
    for (k = 0; k < 10; k++) {
        t[k] = (float)(k == (digits_labels[i] + shift) % 10u);
    }
}

static double accuracy(unsigned shift)
{
    float x[64], t[10], y[10];
    unsigned i, k, n = 0, right = 0;
    for (i = 0; i < digits_count; i++) {
        unsigned best = 0;
        if (!DIGITS_IS_TEST(i)) {
            continue;
        }
        sample(i, shift, x, t);
        finetune_forward(params, x, y);
        for (k = 1; k < 10; k++) {
            best = y[k] > y[best] ? k : best;
        }
        right += t[best] == 1.0f;
        n++;
    }
    return 100.0 * right / n;
}

int main(void)
{
    float x[64], t[10];
    unsigned i, epoch, step = 0;
    const size_t frozen_n = FINETUNE_DENSE2_WEIGHTS; /* dense1's weights and biases */
    double acc;

    /* 1. host: train everything */
    digits_init(params, 7);
    flatprop_zero_f(adam_m, DIGITS_N_PARAMS);
    flatprop_zero_f(adam_v, DIGITS_N_PARAMS);
    for (epoch = 0; epoch < 10; epoch++) {
        for (i = 0; i < digits_count; i += 16) {
            unsigned b, count = 0;
            flatprop_zero_f(grad, DIGITS_N_PARAMS);
            for (b = i; b < i + 16 && b < digits_count; b++) {
                if (!DIGITS_IS_TEST(b)) {
                    sample(b, 0, x, t);
                    (void)digits_gradient(params, x, t, grad);
                    count++;
                }
            }
            flatprop_batch_mean_f(grad, DIGITS_N_PARAMS, count);
            flatprop_adam_f(params, grad, adam_m, adam_v, DIGITS_N_PARAMS, 0.003f, 0.9f,
                            0.999f, 1e-7f, ++step);
        }
    }
    printf("host: pretrained, held-out accuracy %.2f%% on the original task, %.2f%% on the "
           "shifted one\n", accuracy(0), accuracy(SHIFT));

    /* 2. device: only the last layer learns the shifted task */
    memcpy(frozen_copy, params, sizeof params);
    for (epoch = 1; epoch <= 5; epoch++) {
        double loss = 0;
        unsigned n = 0;
        for (i = 0; i < digits_count; i++) {
            if (!DIGITS_IS_TEST(i)) {
                sample(i, SHIFT, x, t);
                loss += (double)finetune_train_step(params, x, t, 0.02f);
                n++;
            }
        }
        acc = accuracy(SHIFT);
        printf("device epoch %u: mean loss %.4f, held-out accuracy %.2f%% (shifted task)\n",
               epoch, loss / n, acc);
    }
    if (memcmp(params, frozen_copy, frozen_n * sizeof params[0]) != 0) {
        printf("FAILED: a frozen parameter changed\n");
        return 1;
    }
    /* gradient leaves the frozen layer's entries as they were */
    for (i = 0; i < DIGITS_N_PARAMS; i++) {
        grad[i] = 12345.0f;
    }
    sample(0, SHIFT, x, t);
    (void)finetune_gradient(params, x, t, grad);
    for (i = 0; i < frozen_n; i++) {
        if (grad[i] != 12345.0f) {
            printf("FAILED: gradient wrote the frozen entry %u\n", i);
            return 1;
        }
    }
    printf("frozen layer: %u parameters bit-identical, grad entries untouched\n",
           (unsigned)frozen_n);
    if (acc >= 90.0) {
        printf("fine-tuned held-out accuracy %.2f%% >= 90%%: ok\n", acc);
        return 0;
    }
    printf("fine-tuned held-out accuracy %.2f%% < 90%%: FAILED\n", acc);
    return 1;
}
