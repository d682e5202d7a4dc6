/*
 * Shared by the exp/tanh/sigmoid benchmarks of bench/mathfn: the inputs and
 * the functions called through a separate translation unit (fns.c), so that
 * nothing is inlined into the measured loops.
 */
#ifndef FLATPROP_MATHFN_BENCH_H
#define FLATPROP_MATHFN_BENCH_H

#define MATHFN_N 64

/** \brief MATHFN_N inputs uniform in [-8, 8) from the runtime's PRNG (seed 7, stream 1). */
void mathfn_inputs(float *x);

/** \brief Returns x: the baseline call whose cost is subtracted. */
float mathfn_ident(float x);

/** \brief Sigmoid through the C library: 1 / (1 + expf(-x)). */
float mathfn_libm_sigmoid(float x);

#endif
