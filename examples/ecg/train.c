/*
 * Forecast a real electrocardiogram (examples/ecg/data: MIT-BIH record 208,
 * 360 Hz, five minutes) with a small 1-D CNN, trained the way firmware would
 * (the same source is the host program and the Cortex-M4F firmware).
 *
 * Task: from a window of WINDOW samples, predict the next HORIZON samples.
 * Inputs and targets are in mV relative to the window's last sample, so
 * predicting 0 is the last-value baseline. The model trains on windows whose
 * samples all lie in the first four minutes (every STRIDE-th window, shuffled
 * each epoch; ecg_gradient() summed over a mini-batch, its mean, one Adam
 * step, the learning rate falling linearly) and is measured on every window
 * of the last minute, against two baselines on the same windows:
 *   last value      every future sample equals the last one,
 *   moving average  every future sample equals the mean of the last MA ones.
 * Printed: the root-mean-square error in mV over every predicted sample
 * (and at the farthest horizon), for the model and the baselines; the CRC-32
 * of the trained parameters and the bits of the model's error, so that two
 * runs compare bit for bit. Fails unless the model beats both baselines.
 */
#include <string.h>

#include "ecg.h"
#include "ecg_data.h"
#include "digits_io.h"

#define WINDOW ECG_N_INPUTS   /* 48 samples, 133 ms */
#define HORIZON ECG_N_OUTPUTS /* 8 samples, 22 ms */
#define TRAIN_END (240u * ECG_RATE) /* the first four minutes: samples [0, 86400) */
#define STRIDE 8
#define MA 8
#define EPOCHS 4
#define BATCH 16
#define LR 0.003f
#define SEED 7

static ecg_real params[ECG_N_PARAMS], grad[ECG_N_PARAMS];
static ecg_real adam_m[ECG_N_PARAMS], adam_v[ECG_N_PARAMS];
/* the training windows by number (window k ends at sample WINDOW - 1 + k STRIDE) */
static uint16_t order[TRAIN_END / STRIDE];

static float mv(unsigned i)
{
    return (float)ecg_samples[i] / 200.0f;
}

/* window ending at sample t (inclusive) and the HORIZON samples after it */
static void window(unsigned t, ecg_real *x, ecg_real *y)
{
    const float last = mv(t);
    unsigned k;
    for (k = 0; k < WINDOW; k++) {
        x[k] = mv(t + 1u - WINDOW + k) - last;
    }
    for (k = 0; k < HORIZON; k++) {
        y[k] = mv(t + 1u + k) - last;
    }
}

static unsigned long float_bits(float v)
{
    uint32_t u;
    memcpy(&u, &v, sizeof u);
    return (unsigned long)u;
}

/* squared errors of one prediction: sum over the horizon, and at its end */
static void add_errors(const ecg_real *pred, const ecg_real *y, double *sum, double *far)
{
    unsigned k;
    for (k = 0; k < HORIZON; k++) {
        const double e = (double)pred[k] - (double)y[k];
        *sum += e * e;
    }
    *far += ((double)pred[HORIZON - 1] - (double)y[HORIZON - 1]) *
            ((double)pred[HORIZON - 1] - (double)y[HORIZON - 1]);
}

static float rms(double sum, unsigned n)
{
    return flatprop_sqrt_f((float)(sum / (double)n));
}

static void report(const char *what, double sum, double far, unsigned n)
{
    io_puts(what);
    io_float(rms(sum, n * HORIZON), 4);
    io_puts(" mV, at +");
    io_uint(HORIZON);
    io_puts(" samples ");
    io_float(rms(far, n), 4);
    io_puts(" mV\n");
}

int main(void)
{
    ecg_real x[WINDOW], y[HORIZON], pred[HORIZON];
    double model = 0, model_far = 0, last = 0, last_far = 0, avg = 0, avg_far = 0;
    unsigned n_train = 0, n_test = 0, i, epoch, t;
    uint32_t step = 0;
    float err;
    flatprop_rng_t rng;

    for (t = WINDOW - 1u; t + HORIZON < TRAIN_END; t += STRIDE) {
        order[n_train] = (uint16_t)n_train;
        n_train++;
    }
    ecg_init(params, SEED);
    flatprop_zero_f(adam_m, ECG_N_PARAMS);
    flatprop_zero_f(adam_v, ECG_N_PARAMS);
    flatprop_rng_seed(&rng, SEED, 1000);
    io_puts("ecg: ");
    io_uint(ecg_count);
    io_puts(" samples at 360 Hz; windows of ");
    io_uint(WINDOW);
    io_puts(" -> the next ");
    io_uint(HORIZON);
    io_puts("; ");
    io_uint(n_train);
    io_puts(" training windows (first 4 min), ");
    io_uint(ECG_N_PARAMS);
    io_puts(" parameters, ");
    io_uint(EPOCHS);
    io_puts(" epochs\n");
    for (epoch = 1; epoch <= EPOCHS; epoch++) {
        float train_loss = 0;
        const float lr = LR * (float)(EPOCHS + 1 - epoch) / (float)EPOCHS;
        /* shuffle with the runtime's integer PRNG (Fisher-Yates) */
        for (i = n_train - 1; i > 0; i--) {
            const unsigned j = flatprop_rng_next(&rng) % (i + 1);
            const uint16_t tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        for (i = 0; i < n_train; i += BATCH) {
            unsigned b, count = 0;
            io_step_begin(); /* one training step: a mini-batch and its Adam step */
            flatprop_zero_f(grad, ECG_N_PARAMS);
            for (b = i; b < i + BATCH && b < n_train; b++) {
                window(WINDOW - 1u + STRIDE * (unsigned)order[b], x, y);
                train_loss += ecg_gradient(params, x, y, grad);
                count++;
            }
            flatprop_batch_mean_f(grad, ECG_N_PARAMS, count);
            flatprop_adam_f(params, grad, adam_m, adam_v, ECG_N_PARAMS, lr, 0.9f, 0.999f,
                            1e-7f, ++step);
            io_step_end();
        }
        io_puts("epoch ");
        io_uint(epoch);
        io_puts("  train rms error ");
        io_float(flatprop_sqrt_f(train_loss / (float)n_train), 4);
        io_puts(" mV\n");
    }

    /* every window of the last minute */
    for (t = TRAIN_END + WINDOW - 1u; t + HORIZON < ecg_count; t++) {
        float ma = 0;
        unsigned k;
        window(t, x, y);
        ecg_forward(params, x, pred);
        add_errors(pred, y, &model, &model_far);
        for (k = 0; k < HORIZON; k++) {
            pred[k] = 0; /* the last value, relative to itself */
        }
        add_errors(pred, y, &last, &last_far);
        for (k = 0; k < MA; k++) {
            ma += x[WINDOW - 1u - k];
        }
        for (k = 0; k < HORIZON; k++) {
            pred[k] = ma / (float)MA;
        }
        add_errors(pred, y, &avg, &avg_far);
        n_test++;
    }
    io_puts("last minute, ");
    io_uint(n_test);
    io_puts(" windows, rms error over the next ");
    io_uint(HORIZON);
    io_puts(" samples:\n");
    report("  cnn              ", model, model_far, n_test);
    report("  last value       ", last, last_far, n_test);
    report("  moving average 8 ", avg, avg_far, n_test);
    err = rms(model, n_test * HORIZON);
    io_puts("parameters crc32 ");
    io_hex(flatprop_crc32(params, sizeof params));
    io_puts("  cnn error bits ");
    io_hex(float_bits(err));
    io_puts("\n");
    if (model < last && model < avg) {
        io_puts("the cnn beats both baselines: ok\n");
        return 0;
    }
    io_puts("the cnn does not beat the baselines: FAILED\n");
    return 1;
}
