/*
 * The runtime's float exp, tanh, sigmoid and log on the bench inputs, as
 * IEEE-754 bits: built for the host and as firmware, and a cross-build test
 * requires the firmware to print exactly what the host prints. With
 * -DWITH_LIBM=1 (host only, bench/mathfn/run.sh) it also prints the C
 * library's expf and tanhf, for the comparison with newlib.
 */
#include <math.h>

#include "flatprop.h"
#include "mathfn_bench.h"
#include "mcu_io.h"

#ifndef WITH_LIBM
#define WITH_LIBM 0
#endif

static float in[MATHFN_N], out[MATHFN_N];

static void line(const char *label, float (*fn)(float), int absolute)
{
    int i;
    for (i = 0; i < MATHFN_N; i++) {
        out[i] = fn(absolute && in[i] < 0.0f ? -in[i] : in[i]);
    }
    io_floats(label, out, MATHFN_N);
}

int main(void)
{
    mathfn_inputs(in);
    io_floats("inputs", in, MATHFN_N);
    line("flatprop_exp_f", flatprop_exp_f, 0);
    line("flatprop_tanh_f", flatprop_tanh_f, 0);
    line("flatprop_sigmoid_f", flatprop_sigmoid_f, 0);
    line("flatprop_log_f(|x|)", flatprop_log_f, 1);
#if WITH_LIBM /* not compiled at all otherwise: avr-libc's expf is a double function */
    line("expf", expf, 0);
    line("tanhf", tanhf, 0);
#endif
    return 0;
}
