/*
 * Every number of the worked example, the deterministic init, a short XOR
 * training run, the PRNG and a saved parameter blob, printed as IEEE-754 bits
 * (with %.9g text beside them for reading). The host build and the Cortex-M
 * firmware both print this and both are compared with golden/bits.txt, so
 * host and target are transitively bit-identical. Built with
 * -ffp-contract=off on both sides.
 */
#include <stddef.h>
#include <stdint.h>

#include "flatprop.h"
#include "mcu_io.h"
#include "seed.h"
#include "xor.h"

static const float xor_x[4][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
static const float xor_t[4][1] = { { 0 }, { 1 }, { 1 }, { 0 } };

static void prng(void)
{
    flatprop_rng_t rng;
    uint32_t words[8];
    float values[4];
    size_t i;

    flatprop_rng_seed(&rng, 42U, 7U);
    for (i = 0; i < 8; i++) {
        words[i] = flatprop_rng_next(&rng);
    }
    io_words("rng(42,7) next x8", words, 8);
    flatprop_rng_seed(&rng, 1U, 1U);
    for (i = 0; i < 4; i++) {
        values[i] = flatprop_rng_float(&rng);
    }
    io_floats("rng(1,1) float x4", values, 4);
    flatprop_rng_seed(&rng, 0xdeadbeefU, 3U);
    flatprop_uniform_f(&rng, values, 4, 1.7320508f);
    io_floats("uniform(0xdeadbeef,3) x4", values, 4);
}

static void seed_example(void)
{
    const float x[SEED_N_INPUTS] = { 2.0f, 1.0f };
    const float t[SEED_N_OUTPUTS] = { 1.0f };
    const float dy[SEED_N_OUTPUTS] = { -1.0f };
    float p[SEED_N_PARAMS], q[SEED_N_PARAMS], g[SEED_N_PARAMS];
    float y[SEED_N_OUTPUTS], dx[SEED_N_INPUTS], loss;
    size_t i;

    seed_init(p, 0U);
    io_floats("seed params", p, SEED_N_PARAMS);
    seed_forward(p, x, y);
    io_floats("seed forward y", y, SEED_N_OUTPUTS);
    loss = seed_loss(y, t);
    io_floats("seed loss", &loss, 1);
    flatprop_zero_f(g, SEED_N_PARAMS);
    loss = seed_gradient(p, x, t, g);
    io_floats("seed gradient L", &loss, 1);
    io_floats("seed gradient", g, SEED_N_PARAMS);
    flatprop_zero_f(g, SEED_N_PARAMS);
    seed_backward(p, x, dy, g, dx);
    io_floats("seed backward grad", g, SEED_N_PARAMS);
    io_floats("seed backward dx", dx, SEED_N_INPUTS);
    for (i = 0; i < SEED_N_PARAMS; i++) {
        q[i] = p[i] + 0.01f;
    }
    seed_forward(q, x, y);
    loss = seed_loss(y, t);
    io_floats("seed L(p + 0.01)", &loss, 1);
    flatprop_copy_f(q, p, SEED_N_PARAMS);
    loss = seed_train_step(q, x, t, 0.01f);
    io_floats("seed train_step L", &loss, 1);
    io_floats("seed train_step params", q, SEED_N_PARAMS);
    seed_forward(q, x, y);
    loss = seed_loss(y, t);
    io_floats("seed new L", &loss, 1);
}

static int xor_example(void)
{
    float p[XOR_N_PARAMS], loss = 0.0f;
    uint32_t blob[(44 + 4 * XOR_N_PARAMS + 3) / 4 + 8] = { 0 };
    size_t len = 0;
    int epoch, i, status;

    xor_init(p, 1U);
    io_floats("xor init(1)", p, XOR_N_PARAMS);
    for (epoch = 0; epoch < 10; epoch++) {
        loss = 0.0f;
        for (i = 0; i < 4; i++) {
            loss += xor_train_step(p, xor_x[i], xor_t[i], 0.05f);
        }
    }
    io_floats("xor 10 epochs: sum of L in epoch 10", &loss, 1);
    io_floats("xor 10 epochs: params", p, XOR_N_PARAMS);

    if (flatprop_blob_size_f(XOR_N_PARAMS) > sizeof blob) {
        io_puts("blob buffer too small\n");
        return 1;
    }
    status = flatprop_save_f(p, XOR_N_PARAMS, flatprop_identity_hash("xor"),
                             (uint8_t *)blob, sizeof blob, &len);
    if (status != FLATPROP_OK) {
        io_puts("save failed: ");
        io_puts(flatprop_status_name(status));
        io_puts("\n");
        return 1;
    }
    io_words("xor blob (little-endian words)", blob, (len + 3) / 4);
    return 0;
}

int main(void)
{
    int failures = 0;
    prng();
    seed_example();
    failures += xor_example();
    io_puts(failures ? "FAILED\n" : "done\n");
    return failures;
}
