/* Array helpers, SGD and the finite-difference gradient check, for float
 * and double: real_impl.h is instantiated once per scalar type. */
#include <math.h>

#include "flatprop.h"

static float rng_uniform_f(flatprop_rng_t *rng)
{
    return flatprop_rng_float(rng);
}

#if FLATPROP_HAS_DOUBLE
static double rng_uniform_d(flatprop_rng_t *rng)
{
    return flatprop_rng_double(rng);
}
#endif

/* sqrt is correctly rounded by IEEE 754 in every C library */
static float real_sqrt_f(float x)
{
    return sqrtf(x);
}

#if FLATPROP_HAS_DOUBLE
static double real_sqrt_d(double x)
{
    return sqrt(x);
}
#endif

#define REAL float
#define SFX f
#include "real_impl.h"
#undef REAL
#undef SFX

#if FLATPROP_HAS_DOUBLE /* no double flavour where double has 32 bits (avr-gcc) */
#define REAL double
#define SFX d
#include "real_impl.h"
#undef REAL
#undef SFX
#endif
