/* Deterministic inputs for the benchmark programs: parameters, input and
 * target from a small LCG, the same for every implementation. */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H

#include <stdint.h>

/* With the baselines' dimensions (-DNL=...) the sizes come from them; a
 * network without hand-written baselines gives -DN_PARAMS= -DBD0= -DD_OUT=
 * (bench/run.sh passes its generated NAME_N_PARAMS, NAME_N_INPUTS,
 * NAME_N_OUTPUTS, so HEADER must be included first). */
#ifdef NL
#include "baseline.h"
#elif !defined(N_PARAMS) || !defined(BD0) || !defined(D_OUT)
#error "compile with the baselines' -DNL= ... dimensions, or -DN_PARAMS= -DBD0= -DD_OUT="
#endif

typedef float (*bench_train_fn)(float *params, const float *x, const float *target, float lr);

/* Fill v[0..n) with values in [-scale, scale). */
static void bench_fill(float *v, int n, uint32_t *state, float scale)
{
    int i;
    for (i = 0; i < n; i++) {
        *state = *state * 1664525u + 1013904223u;
        v[i] = scale * ((float)(*state >> 8) * (1.0f / 8388608.0f) - 1.0f);
    }
}

/* params, x and target as every benchmark program starts them */
static void bench_setup(float *params, float *x, float *target)
{
    uint32_t s = 12345u;
    bench_fill(params, N_PARAMS, &s, 0.3f);
    bench_fill(x, BD0, &s, 1.0f);
    bench_fill(target, D_OUT, &s, 1.0f);
}

#endif
