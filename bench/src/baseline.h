/* Hand-written baselines for the benchmarks: the same contract as a
 * generated NAME_train_step (flat params, layout [W1 b1 W2 b2 ...], ReLU on
 * every hidden layer, squared error, one SGD step, returns L before it).
 *
 * Dimensions are compile-time constants given with -D: NL (number of dense
 * layers, 2 or 3), BD0 (inputs), BD1..D<NL> (layer widths), BIAS (0 or 1). */
#ifndef BENCH_BASELINE_H
#define BENCH_BASELINE_H

#if !defined(NL) || !defined(BD0) || !defined(BD1) || !defined(BD2) || !defined(BIAS)
#error "compile with -DNL= -DBD0= -DBD1= -DBD2= [-DBD3=] -DBIAS="
#endif

#define NB(o) ((BIAS) ? (o) : 0)
#define OFF_W1 0
#define OFF_B1 (OFF_W1 + BD1 * BD0)
#define OFF_W2 (OFF_B1 + NB(BD1))
#define OFF_B2 (OFF_W2 + BD2 * BD1)
#if NL == 2
#define D_OUT BD2
#define N_PARAMS (OFF_B2 + NB(BD2))
#elif NL == 3
#define OFF_W3 (OFF_B2 + NB(BD2))
#define OFF_B3 (OFF_W3 + BD3 * BD2)
#define D_OUT BD3
#define N_PARAMS (OFF_B3 + NB(BD3))
#else
#error "NL must be 2 or 3"
#endif

float base_a_train_step(float *params, const float *x, const float *target, float lr);
float base_b_train_step(float *params, const float *x, const float *target, float lr);

#endif
