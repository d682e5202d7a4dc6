/* Array helpers, SGD and the finite-difference gradient check, for float
 * and double: real_impl.h is instantiated once per scalar type. */
#include <math.h>

#include "flatprop.h"

static float rng_uniform_f(flatprop_rng_t *rng)
{
    return flatprop_rng_float(rng);
}

static double rng_uniform_d(flatprop_rng_t *rng)
{
    return flatprop_rng_double(rng);
}

/* sqrt is correctly rounded by IEEE 754 in every C library */
static float real_sqrt_f(float x)
{
    return sqrtf(x);
}

static double real_sqrt_d(double x)
{
    return sqrt(x);
}

#define REAL float
#define SFX f
#include "real_impl.h"
#undef REAL
#undef SFX

#define REAL double
#define SFX d
#include "real_impl.h"
#undef REAL
#undef SFX
