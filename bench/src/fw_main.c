/* Cortex-M firmware: one train_step between the benchmark markers (after an
 * empty marked region, whose cost the runner subtracts), then L and a
 * checksum of the updated parameters for the cross-implementation check.
 * TRAIN names the train_step under test; HEADER its header (optional). */
#include "board.h"
#ifdef HEADER
#include HEADER
#endif
#include "harness.h"

static float params[N_PARAMS];

int main(void)
{
    float x[BD0], target[D_OUT], L, sum = 0.0f, sumsq = 0.0f;
    int i;
    size_t floor;

    bench_setup(params, x, target);
    board_bench_begin();
    board_bench_end();
    floor = board_stack_repaint();
    board_bench_begin();
    L = TRAIN(params, x, target, 0.01f);
    board_bench_end();
    board_puts("stack=");
    {
        size_t used = board_stack_used();
        board_put_u32((uint32_t)(used > floor ? used - floor : 0u));
    }
    for (i = 0; i < N_PARAMS; i++) {
        sum += params[i];
        sumsq += params[i] * params[i];
    }
    board_puts(" L=");
    board_put_float(L, 9);
    board_puts(" sum=");
    board_put_float(sum, 9);
    board_puts(" sumsq=");
    board_put_float(sumsq, 9);
    board_puts("\n");
    return 0;
}
