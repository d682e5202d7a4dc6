/*
 * Train a 64-32-10 ReLU network on the 8x8 digits with softmax
 * cross-entropy, the way firmware would: the generated digits_gradient()
 * summed over a mini-batch of 16 into a caller-owned buffer, its mean, and
 * one Adam step from the runtime (state caller-owned, DIGITS_N_PARAMS each).
 * Split: every fifth sample (index % 5 == 4, 359 samples) is held out; the
 * other 1438 train. Pixels are scaled to [0, 1]. One progress line per epoch;
 * the program fails unless the held-out accuracy reaches 95%.
 */
#include <stdio.h>

#include "digits.h"
#include "digits_data.h"

#define EPOCHS 30
#define BATCH 16

static digits_real params[DIGITS_N_PARAMS], grad[DIGITS_N_PARAMS];
static digits_real adam_m[DIGITS_N_PARAMS], adam_v[DIGITS_N_PARAMS];

static void sample(unsigned i, digits_real *x, digits_real *t)
{
    unsigned k;
    for (k = 0; k < DIGITS_N_INPUTS; k++) {
        x[k] = (digits_real)digits_pixels[i * 64u + k] / (digits_real)16;
    }
    for (k = 0; k < DIGITS_N_OUTPUTS; k++) {
        t[k] = (digits_real)(k == digits_labels[i]);
    }
}

static unsigned argmax(const digits_real *y)
{
    unsigned k, best = 0;
    for (k = 1; k < DIGITS_N_OUTPUTS; k++) {
        if (y[k] > y[best]) {
            best = k;
        }
    }
    return best;
}

/* mean loss and accuracy over the held-out (test = 1) or training split */
static double evaluate(int test, double *accuracy)
{
    digits_real x[DIGITS_N_INPUTS], t[DIGITS_N_OUTPUTS], y[DIGITS_N_OUTPUTS];
    unsigned i, n = 0, right = 0;
    double loss = 0;
    for (i = 0; i < digits_count; i++) {
        if ((DIGITS_IS_TEST(i) != 0) != (test != 0)) {
            continue;
        }
        sample(i, x, t);
        digits_forward(params, x, y);
        loss += (double)digits_loss(y, t);
        right += argmax(y) == digits_labels[i];
        n++;
    }
    *accuracy = 100.0 * right / n;
    return loss / n;
}

int main(void)
{
    static unsigned order[2000];
    digits_real x[DIGITS_N_INPUTS], t[DIGITS_N_OUTPUTS];
    unsigned n_train = 0, i, epoch;
    uint32_t step = 0;
    flatprop_rng_t rng;
    double acc = 0, train_acc;

    for (i = 0; i < digits_count; i++) {
        if (!DIGITS_IS_TEST(i)) {
            order[n_train++] = i;
        }
    }
    digits_init(params, 42);
    flatprop_zero_f(adam_m, DIGITS_N_PARAMS);
    flatprop_zero_f(adam_v, DIGITS_N_PARAMS);
    flatprop_rng_seed(&rng, 42, 1000);
    printf("digits: %u training samples, %u held out, %d parameters\n", n_train,
           digits_count - n_train, DIGITS_N_PARAMS);
    for (epoch = 1; epoch <= EPOCHS; epoch++) {
        double train_loss, test_loss;
        /* shuffle with the runtime's integer PRNG (Fisher-Yates) */
        for (i = n_train - 1; i > 0; i--) {
            const unsigned j = flatprop_rng_next(&rng) % (i + 1);
            const unsigned tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        for (i = 0; i < n_train; i += BATCH) {
            unsigned b, count = 0;
            flatprop_zero_f(grad, DIGITS_N_PARAMS);
            for (b = i; b < i + BATCH && b < n_train; b++) {
                sample(order[b], x, t);
                (void)digits_gradient(params, x, t, grad);
                count++;
            }
            flatprop_batch_mean_f(grad, DIGITS_N_PARAMS, count);
            flatprop_adam_f(params, grad, adam_m, adam_v, DIGITS_N_PARAMS, 0.003f, 0.9f,
                            0.999f, 1e-7f, ++step);
        }
        train_loss = evaluate(0, &train_acc);
        test_loss = evaluate(1, &acc);
        printf("epoch %2u  train loss %.4f  acc %.2f%%   held-out loss %.4f  acc %.2f%%\n",
               epoch, train_loss, train_acc, test_loss, acc);
    }
    if (acc >= 95.0) {
        printf("held-out accuracy %.2f%% >= 95%%: ok\n", acc);
        return 0;
    }
    printf("held-out accuracy %.2f%% < 95%%: FAILED\n", acc);
    return 1;
}
