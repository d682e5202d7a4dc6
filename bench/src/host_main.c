/* Host program for callgrind: STEPS train_steps of TRAIN (count the
 * instructions inside TRAIN with --toggle-collect), then L and a checksum. */
#include <stdio.h>

#ifdef HEADER
#include HEADER
#endif
#include "harness.h"

#ifndef STEPS
#define STEPS 20
#endif

static float params[N_PARAMS];

int main(void)
{
    float x[BD0], target[D_OUT], L = 0.0f;
    double sum = 0.0;
    int i;

    bench_setup(params, x, target);
    for (i = 0; i < STEPS; i++) {
        L = TRAIN(params, x, target, 0.01f);
    }
    for (i = 0; i < N_PARAMS; i++) {
        sum += params[i];
    }
    printf("L=%.9g sum=%.9g\n", (double)L, sum);
    return 0;
}
