/*
 * The README's summary of the generated API, compiled against the header
 * generated from examples/seed/seed.lua: every macro, type and prototype
 * below must agree with it (redeclarations must match; C11 also allows the
 * repeated typedef).
 */
#include "seed.h"

#define SEED_N_INPUTS  2
#define SEED_N_OUTPUTS 1
#define SEED_N_PARAMS  9
#define SEED_REAL_IS_DOUBLE 0         /* 1 with --type double */
#define SEED_DENSE1_WEIGHTS 0         /* offset of each tensor in params */
#define SEED_DENSE2_WEIGHTS 6
typedef float seed_real;              /* double with --type double */

void      seed_init(seed_real *params, uint32_t seed);
void      seed_forward(const seed_real *params, const seed_real *x, seed_real *y);
seed_real seed_loss(const seed_real *y, const seed_real *target);
seed_real seed_gradient(const seed_real *params, const seed_real *x,
                        const seed_real *target, seed_real *grad);
void      seed_backward(const seed_real *params, const seed_real *x,
                        const seed_real *dy, seed_real *grad, seed_real *dx);
seed_real seed_train_step(seed_real *params, const seed_real *x,
                          const seed_real *target, seed_real lr);
