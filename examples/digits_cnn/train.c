/*
 * Train a small CNN on the 8x8 digits, the way firmware would (the same
 * source is the host program and the Cortex-M4F firmware): each sample is a
 * 1x8x8 image, pixels scaled to [0, 1]; digits_cnn_gradient() is summed over
 * a mini-batch into a caller-owned buffer, flatprop_batch_mean_f() takes its
 * mean and flatprop_adam_f() makes one step (state caller-owned), its
 * learning rate falling linearly over the epochs. The split is
 * examples/digits' (DIGITS_IS_TEST: every fifth sample, 359, held out; the
 * other 1438 train).
 *
 * One line per epoch (mean training loss, held-out loss and accuracy), then
 * the CRC-32 of the trained parameters' bytes and the bits of the final
 * held-out loss, so two runs can be compared bit for bit. Fails unless the
 * held-out accuracy reaches 97.5%.
 */
#include <string.h>

#include "digits_cnn.h"
#include "digits_data.h"
#include "digits_io.h"

/* 20 epochs, Adam with a learning rate falling linearly from 0.003 to
   0.00015: 98.89% held out with seed 42; over the seeds 1 to 8 it reaches
   97.77% to 98.61% (10 epochs: 96.66% to 98.33%). */
#define EPOCHS 20
#define BATCH 16
#define LR 0.003f
#define SEED 42

static digits_cnn_real params[DIGITS_CNN_N_PARAMS], grad[DIGITS_CNN_N_PARAMS];
static digits_cnn_real adam_m[DIGITS_CNN_N_PARAMS], adam_v[DIGITS_CNN_N_PARAMS];
static unsigned order[2000];

static void sample(unsigned i, digits_cnn_real *x, digits_cnn_real *t)
{
    unsigned k;
    for (k = 0; k < DIGITS_CNN_N_INPUTS; k++) {
        x[k] = (digits_cnn_real)digits_pixels[i * 64u + k] / (digits_cnn_real)16;
    }
    for (k = 0; k < DIGITS_CNN_N_OUTPUTS; k++) {
        t[k] = (digits_cnn_real)(k == digits_labels[i]);
    }
}

static unsigned argmax(const digits_cnn_real *y)
{
    unsigned k, best = 0;
    for (k = 1; k < DIGITS_CNN_N_OUTPUTS; k++) {
        if (y[k] > y[best]) {
            best = k;
        }
    }
    return best;
}

/* mean loss over the held-out split; *right, *n: correct and total */
static float evaluate(unsigned *right, unsigned *n)
{
    digits_cnn_real x[DIGITS_CNN_N_INPUTS], t[DIGITS_CNN_N_OUTPUTS], y[DIGITS_CNN_N_OUTPUTS];
    unsigned i;
    float loss = 0;
    *right = 0;
    *n = 0;
    for (i = 0; i < digits_count; i++) {
        if (!DIGITS_IS_TEST(i)) {
            continue;
        }
        sample(i, x, t);
        digits_cnn_forward(params, x, y);
        loss += digits_cnn_loss(y, t);
        *right += argmax(y) == digits_labels[i];
        (*n)++;
    }
    return loss / (float)*n;
}

static unsigned long float_bits(float v)
{
    uint32_t u;
    memcpy(&u, &v, sizeof u);
    return (unsigned long)u;
}

static void print_accuracy(unsigned right, unsigned n)
{
    io_float(100.0f * (float)right / (float)n, 4);
    io_puts("%");
}

int main(void)
{
    digits_cnn_real x[DIGITS_CNN_N_INPUTS], t[DIGITS_CNN_N_OUTPUTS];
    unsigned n_train = 0, i, epoch, right = 0, n_test = 1;
    uint32_t step = 0;
    float test_loss = 0;
    flatprop_rng_t rng;

    for (i = 0; i < digits_count; i++) {
        if (!DIGITS_IS_TEST(i)) {
            order[n_train++] = i;
        }
    }
    digits_cnn_init(params, SEED);
    flatprop_zero_f(adam_m, DIGITS_CNN_N_PARAMS);
    flatprop_zero_f(adam_v, DIGITS_CNN_N_PARAMS);
    flatprop_rng_seed(&rng, 42, 1000);
    io_puts("digits_cnn: ");
    io_uint(n_train);
    io_puts(" training samples, ");
    io_uint(digits_count - n_train);
    io_puts(" held out, ");
    io_uint(DIGITS_CNN_N_PARAMS);
    io_puts(" parameters, ");
    io_uint(EPOCHS);
    io_puts(" epochs\n");
    for (epoch = 1; epoch <= EPOCHS; epoch++) {
        float train_loss = 0;
        const float lr = LR * (float)(EPOCHS + 1 - epoch) / (float)EPOCHS;
        /* shuffle with the runtime's integer PRNG (Fisher-Yates) */
        for (i = n_train - 1; i > 0; i--) {
            const unsigned j = flatprop_rng_next(&rng) % (i + 1);
            const unsigned tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        for (i = 0; i < n_train; i += BATCH) {
            unsigned b, count = 0;
            io_step_begin(); /* one training step: a mini-batch and its Adam step */
            flatprop_zero_f(grad, DIGITS_CNN_N_PARAMS);
            for (b = i; b < i + BATCH && b < n_train; b++) {
                sample(order[b], x, t);
                train_loss += digits_cnn_gradient(params, x, t, grad);
                count++;
            }
            flatprop_batch_mean_f(grad, DIGITS_CNN_N_PARAMS, count);
            flatprop_adam_f(params, grad, adam_m, adam_v, DIGITS_CNN_N_PARAMS, lr, 0.9f,
                            0.999f, 1e-7f, ++step);
            io_step_end();
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
    io_puts("parameters crc32 ");
    io_hex(flatprop_crc32(params, sizeof params));
    io_puts("  held-out loss bits ");
    io_hex(float_bits(test_loss));
    io_puts("\nheld-out accuracy ");
    print_accuracy(right, n_test);
    io_puts(" (");
    io_uint(right);
    io_puts(" of ");
    io_uint(n_test);
    if (1000u * right >= 975u * n_test) {
        io_puts(") >= 97.5%: ok\n");
        return 0;
    }
    io_puts(") < 97.5%: FAILED\n");
    return 1;
}
