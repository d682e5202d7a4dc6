/* bench/mathfn: inputs and the out-of-line helpers of mathfn_bench.h. */
#include <math.h>

#include "flatprop.h"
#include "mathfn_bench.h"

void mathfn_inputs(float *x)
{
    flatprop_rng_t rng;
    flatprop_rng_seed(&rng, 7U, 1U);
    flatprop_uniform_f(&rng, x, MATHFN_N, 8.0f);
}

float mathfn_ident(float x)
{
    return x;
}

#ifndef MATHFN_NO_LIBM /* issue 15: avr-libc's expf takes and gives double */
float mathfn_libm_sigmoid(float x)
{
    return 1.0f / (1.0f + expf(-x));
}
#endif
