/* Cortex-M firmware for the convolution benchmarks: one train_step between
 * the benchmark markers (after an empty marked region, whose cost the
 * runner subtracts), then the stack it used, L and a checksum of the
 * updated parameters, so that the generated code and the baseline can be
 * compared. Built with -DNET=<name> -DNET_UPPER=<NAME> and -DTRAIN=<fn>.
 * Both start from the generated init's parameters and the same sample. */
#include <stdint.h>

#include "board.h"
#include "conv_base.h"
#include "flatprop.h"
#include NET_HEADER

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define N_PARAMS CAT(NET_UPPER, _N_PARAMS)
#define N_INPUTS CAT(NET_UPPER, _N_INPUTS)
#define N_OUTPUTS CAT(NET_UPPER, _N_OUTPUTS)

static float params[N_PARAMS];
static float x[N_INPUTS], t[N_OUTPUTS];

int main(void)
{
    flatprop_rng_t rng;
    float L, sum = 0.0f, sumsq = 0.0f;
    size_t floor, used;
    int i;

    CAT(NET, _init)(params, 1U);
    flatprop_rng_seed(&rng, 2024U, 99U);
    flatprop_uniform_f(&rng, x, N_INPUTS, 1.0f);
    for (i = 0; i < N_OUTPUTS; i++) {
        t[i] = (i == 1) ? 1.0f : 0.0f;
    }
    board_bench_begin();
    board_bench_end();
    floor = board_stack_repaint();
    board_bench_begin();
    L = TRAIN(params, x, t, 0.01f);
    board_bench_end();
    used = board_stack_used();
    for (i = 0; i < N_PARAMS; i++) {
        sum += params[i];
        sumsq += params[i] * params[i];
    }
    board_puts("stack=");
    board_put_u32((uint32_t)(used > floor ? used - floor : 0u));
    board_puts(" L=");
    board_put_float(L, 9);
    board_puts(" sum=");
    board_put_float(sum, 9);
    board_puts(" sumsq=");
    board_put_float(sumsq, 9);
    board_puts("\n");
    return 0;
}
