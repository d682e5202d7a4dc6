/* The plain-loop baselines of C1-C3: the contract of a generated
 * NAME_train_step (flat params in the generated layout, one SGD step in
 * place, returns L before it). */
#ifndef BENCH_CONV_BASE_H
#define BENCH_CONV_BASE_H

float base_train_step(float *params, const float *x, const float *target, float lr);

#endif
