/*
 * Cost of one math function on a Cortex-M core under QEMU (bench/mathfn/run.sh).
 * Built once per function with -DFN=<function>. Three regions between
 * board_bench_begin() and board_bench_end(), counted by the insncount QEMU
 * plugin: an empty one, a loop of MATHFN_N calls of mathfn_ident() and the
 * same loop calling FN. The plugin reports min, max and sum, so the ident
 * loop is sum - min - max, and (max - ident loop) / MATHFN_N is the cost of
 * one call of FN with the call, the loop and the loads and stores taken out.
 * Then one line with the bits of FN's MATHFN_N results.
 */
#include <math.h>

#include "board.h"
#include "flatprop.h"
#include "mathfn_bench.h"
#include "mcu_io.h"

#define STR2(a) #a
#define STR(a) STR2(a)

static float in[MATHFN_N], out[MATHFN_N];

int main(void)
{
    int i;
    mathfn_inputs(in);

    board_bench_begin();
    board_bench_end();

    board_bench_begin();
    for (i = 0; i < MATHFN_N; i++) {
        out[i] = mathfn_ident(in[i]);
    }
    board_bench_end();

    board_bench_begin();
    for (i = 0; i < MATHFN_N; i++) {
        out[i] = FN(in[i]);
    }
    board_bench_end();

    io_floats(STR(FN), out, MATHFN_N);
    return 0;
}
