/*
 * Fine-tuning a PyTorch model on the device (the same source is the host
 * program and the Cortex-M4F firmware).
 *
 * digits_onnx.onnx (train.py) was trained in PyTorch on the samples i of the
 * 8x8 digits with i % 5 in {0, 1}, and only on the digits 0 to 5.
 * digits_onnx_init() loads its weights; the two convolutions are frozen
 * (digits_onnx.lua: train = { "fc" }), so digits_onnx_train_step() is plain
 * SGD on the dense head only, one sample at a time, no gradient buffer.
 * The device fine-tunes on samples it has never seen, i % 5 in {2, 3}, all
 * ten digits; the accuracy before and after is measured on i % 5 == 4
 * (DIGITS_IS_TEST), used by neither.
 *
 * Prints the held-out accuracy before and after, then the trained
 * parameters as a blob (digits_onnx_save(), the runtime's format) in hex,
 * "blob " lines, which run.cmake turns back into a file for
 * `flatprop --write-onnx`. Fails unless the frozen parameters kept their
 * bits and the accuracy rose by at least 25 points.
 */
#include <string.h>

#include "digits_data.h"
#include "digits_io.h"
#include "digits_onnx.h"

#define EPOCHS 6
#define LR 0.001f

static digits_onnx_real params[DIGITS_ONNX_N_PARAMS], pretrained[DIGITS_ONNX_N_PARAMS];
static uint8_t blob[DIGITS_ONNX_BLOB_SIZE];
static unsigned order[800];

static void sample(unsigned i, digits_onnx_real *x, digits_onnx_real *t)
{
    unsigned k;
    for (k = 0; k < DIGITS_ONNX_N_INPUTS; k++) {
        x[k] = (digits_onnx_real)digits_pixels[i * 64u + k] / (digits_onnx_real)16;
    }
    for (k = 0; k < DIGITS_ONNX_N_OUTPUTS; k++) {
        t[k] = (digits_onnx_real)(k == digits_labels[i]);
    }
}

/* held-out accuracy in percent, and the correct counts on 0-5 and 6-9 */
static float evaluate(const char *when)
{
    digits_onnx_real x[DIGITS_ONNX_N_INPUTS], t[DIGITS_ONNX_N_OUTPUTS];
    digits_onnx_real y[DIGITS_ONNX_N_OUTPUTS];
    unsigned i, k, right[2] = { 0, 0 }, n[2] = { 0, 0 };
    float acc;
    for (i = 0; i < digits_count; i++) {
        unsigned best = 0, seen = digits_labels[i] <= 5u ? 0u : 1u;
        if (!DIGITS_IS_TEST(i)) {
            continue;
        }
        sample(i, x, t);
        digits_onnx_forward(params, x, y);
        for (k = 1; k < DIGITS_ONNX_N_OUTPUTS; k++) {
            best = y[k] > y[best] ? k : best;
        }
        right[seen] += best == digits_labels[i];
        n[seen]++;
    }
    acc = 100.0f * (float)(right[0] + right[1]) / (float)(n[0] + n[1]);
    io_puts(when);
    io_puts(": held-out accuracy ");
    io_float(acc, 4);
    io_puts("% (");
    io_uint(right[0] + right[1]);
    io_puts("/");
    io_uint(n[0] + n[1]);
    io_puts("; digits 0-5: ");
    io_uint(right[0]);
    io_puts("/");
    io_uint(n[0]);
    io_puts(", digits 6-9: ");
    io_uint(right[1]);
    io_puts("/");
    io_uint(n[1]);
    io_puts(")\n");
    return acc;
}

int main(void)
{
    digits_onnx_real x[DIGITS_ONNX_N_INPUTS], t[DIGITS_ONNX_N_OUTPUTS];
    unsigned i, j, epoch, n = 0;
    uint32_t state = 12345u;
    size_t written = 0;
    float before, after;

    digits_onnx_init(params, 0); /* the weights of digits_onnx.onnx */
    memcpy(pretrained, params, sizeof params);
    before = evaluate("pretrained (PyTorch, digits 0-5)");

    for (i = 0; i < digits_count; i++) {
        if (i % 5u == 2u || i % 5u == 3u) {
            order[n++] = i;
        }
    }
    for (epoch = 1; epoch <= EPOCHS; epoch++) {
        float loss = 0.0f;
        for (i = n - 1; i > 0; i--) { /* Fisher-Yates with a fixed LCG */
            unsigned tmp;
            state = state * 1664525u + 1013904223u;
            j = (unsigned)(state >> 8) % (i + 1u);
            tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        for (i = 0; i < n; i++) {
            sample(order[i], x, t);
            if (epoch == 1 && i == 0) {
                io_step_begin(); /* one train_step, for an instruction counter */
            }
            loss += digits_onnx_train_step(params, x, t, LR);
            if (epoch == 1 && i == 0) {
                io_step_end();
            }
        }
        io_puts("fine-tune epoch ");
        io_uint(epoch);
        io_puts(": ");
        io_uint(n);
        io_puts(" samples, mean loss ");
        io_float(loss / (float)n, 4);
        io_puts("\n");
    }
    after = evaluate("fine-tuned on the device (all ten digits)");

    if (memcmp(params, pretrained, DIGITS_ONNX_FC_WEIGHTS * sizeof params[0]) != 0) {
        io_puts("FAILED: a frozen parameter changed\n");
        return 1;
    }
    io_puts("frozen conv1, conv2: ");
    io_uint(DIGITS_ONNX_FC_WEIGHTS);
    io_puts(" parameters bit-identical\n");
    if (digits_onnx_save(params, blob, sizeof blob, &written) != FLATPROP_OK) {
        io_puts("FAILED: digits_onnx_save\n");
        return 1;
    }
    for (i = 0; i < written; i += 64) {
        static const char hex[] = "0123456789abcdef";
        char line[2 * 64 + 7];
        unsigned k, m = 0;
        memcpy(line, "blob ", 5);
        m = 5;
        for (k = i; k < i + 64 && k < written; k++) {
            line[m++] = hex[blob[k] >> 4];
            line[m++] = hex[blob[k] & 15u];
        }
        line[m++] = '\n';
        line[m] = '\0';
        io_puts(line);
    }
    if (after < before + 25.0f) {
        io_puts("FAILED: fine-tuning gained less than 25 points\n");
        return 1;
    }
    io_puts("accuracy ");
    io_float(before, 4);
    io_puts("% -> ");
    io_float(after, 4);
    io_puts("%: ok\n");
    return 0;
}
