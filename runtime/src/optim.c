/* Optimizers over flat parameter arrays, float and double: SGD with
 * momentum, Adam (bias-corrected), and the mean of a summed mini-batch
 * gradient. Caller-owned state; no libm (sqrt is the runtime's own). */
#include "flatprop.h"

#define REAL float
#define SFX f
#define SQRT flatprop_sqrt_f
#include "optim_impl.h"
#undef REAL
#undef SFX
#undef SQRT

#if FLATPROP_HAS_DOUBLE /* no double flavour where double has 32 bits (avr-gcc) */
#define REAL double
#define SFX d
#define SQRT flatprop_sqrt_d
#include "optim_impl.h"
#undef REAL
#undef SFX
#undef SQRT
#endif
