/*
 * Train a 64-32-10 ReLU network on the 8x8 digits with softmax
 * cross-entropy, the way firmware would: the generated digits_gradient()
 * summed over a mini-batch of 16 into a caller-owned buffer, its mean, and
 * one Adam step from the runtime (state caller-owned, DIGITS_N_PARAMS each).
 * Split: every fifth sample (index % 5 == 4, 359 samples) is held out; the
 * other 1438 train. Pixels are scaled to [0, 1]. One progress line per epoch
 * (the mean training loss over the epoch's steps, the held-out loss and
 * accuracy); the program fails unless the held-out accuracy reaches 95%.
 *
 * One source for the host and the Cortex-M firmware (the data are const
 * arrays, so they stay in flash): only the output functions of digits_io.h
 * differ, and all arithmetic is float, so both print the same lines.
 */
#include "digits.h"
#include "digits_data.h"
#include "digits_io.h"

/* 10 epochs: 96.66% held out; 30 reach 96.94% (under QEMU each epoch is
   about a second of emulation on the Cortex-M4F) */
#define EPOCHS 10
#define BATCH 16

static digits_real params[DIGITS_N_PARAMS], grad[DIGITS_N_PARAMS];
static digits_real adam_m[DIGITS_N_PARAMS], adam_v[DIGITS_N_PARAMS];
static unsigned order[2000];

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

/* mean loss over the held-out split; *right, *n: correct and total */
static float evaluate(unsigned *right, unsigned *n)
{
    digits_real x[DIGITS_N_INPUTS], t[DIGITS_N_OUTPUTS], y[DIGITS_N_OUTPUTS];
    unsigned i;
    float loss = 0;
    *right = 0;
    *n = 0;
    for (i = 0; i < digits_count; i++) {
        if (!DIGITS_IS_TEST(i)) {
            continue;
        }
        sample(i, x, t);
        digits_forward(params, x, y);
        loss += digits_loss(y, t);
        *right += argmax(y) == digits_labels[i];
        (*n)++;
    }
    return loss / (float)*n;
}

static void print_accuracy(unsigned right, unsigned n)
{
    io_float(100.0f * (float)right / (float)n, 4);
    io_puts("%");
}

int main(void)
{
    digits_real x[DIGITS_N_INPUTS], t[DIGITS_N_OUTPUTS];
    unsigned n_train = 0, i, epoch, right = 0, n_test = 1;
    uint32_t step = 0;
    flatprop_rng_t rng;

    for (i = 0; i < digits_count; i++) {
        if (!DIGITS_IS_TEST(i)) {
            order[n_train++] = i;
        }
    }
    digits_init(params, 42);
    flatprop_zero_f(adam_m, DIGITS_N_PARAMS);
    flatprop_zero_f(adam_v, DIGITS_N_PARAMS);
    flatprop_rng_seed(&rng, 42, 1000);
    io_puts("digits: ");
    io_uint(n_train);
    io_puts(" training samples, ");
    io_uint(digits_count - n_train);
    io_puts(" held out, ");
    io_uint(DIGITS_N_PARAMS);
    io_puts(" parameters, ");
    io_uint(EPOCHS);
    io_puts(" epochs\n");
    for (epoch = 1; epoch <= EPOCHS; epoch++) {
        float train_loss = 0, test_loss;
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
                train_loss += digits_gradient(params, x, t, grad);
                count++;
            }
            flatprop_batch_mean_f(grad, DIGITS_N_PARAMS, count);
            flatprop_adam_f(params, grad, adam_m, adam_v, DIGITS_N_PARAMS, 0.003f, 0.9f,
                            0.999f, 1e-7f, ++step);
        }
        test_loss = evaluate(&right, &n_test);
        io_puts("epoch ");
        io_uint(epoch);
        io_puts("  train loss ");
        io_float(train_loss / (float)n_train, 4);
        io_puts("  held-out loss ");
        io_float(test_loss, 4);
        io_puts("  acc ");
        print_accuracy(right, n_test);
        io_puts("\n");
    }
    io_puts("held-out accuracy ");
    print_accuracy(right, n_test);
    if (100u * right >= 95u * n_test) {
        io_puts(" >= 95%: ok\n");
        return 0;
    }
    io_puts(" < 95%: FAILED\n");
    return 1;
}
