/**
 * \file flatprop.h
 * \brief The flatprop runtime: what generated networks and their callers need.
 *
 * A small C99 library with no heap and no stdio: the deterministic
 * pseudo-random generator behind NAME_init(), array helpers and optimizers
 * over flat parameter arrays, and a central finite-difference gradient check.
 * Every function comes in a float flavour (suffix _f) and a double flavour
 * (suffix _d); generated code calls the one that matches its scalar type.
 *
 * All memory is owned by the caller. Functions that can fail return a
 * flatprop_status_t (FLATPROP_OK = 0, errors negative) and check their
 * arguments; the rest are documented as total.
 */
#ifndef FLATPROP_H
#define FLATPROP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** \brief Version of this runtime; generated files check it with #error. */
#define FLATPROP_VERSION_MAJOR 0
#define FLATPROP_VERSION_MINOR 1
#define FLATPROP_VERSION_PATCH 0
#define FLATPROP_VERSION_STRING "0.1.0"

/** \brief Status codes: FLATPROP_OK is zero, every error is negative. */
typedef enum {
    FLATPROP_OK = 0,                 /**< success */
    FLATPROP_ERR_ARG = -1,           /**< a NULL pointer, zero size or bad value */
    FLATPROP_ERR_MISMATCH = -2,      /**< a gradient check found a disagreement */
    FLATPROP_ERR_BUFFER_SMALL = -3,  /**< the caller's buffer cannot hold the result */
    FLATPROP_ERR_TRUNCATED = -4,     /**< a parameter blob is shorter than it says */
    FLATPROP_ERR_MAGIC = -5,         /**< not a flatprop parameter blob */
    FLATPROP_ERR_VERSION = -6,       /**< a blob format version this runtime cannot read */
    FLATPROP_ERR_CHECKSUM = -7,      /**< the blob's CRC-32 does not match its contents */
    FLATPROP_ERR_IDENTITY = -8,      /**< the blob belongs to another network */
    FLATPROP_ERR_COUNT = -9,         /**< the blob holds another number of parameters */
    FLATPROP_ERR_TYPE = -10,         /**< the blob holds another scalar type */
    FLATPROP_ERR_NONFINITE = -11     /**< a value is NaN or infinite */
} flatprop_status_t;

/** \brief A short English name of a status code ("ok", "bad argument", ...). */
const char *flatprop_status_name(int status);

/* ------------------------------------------------------------------------ */
/* Deterministic pseudo-random numbers                                       */
/* ------------------------------------------------------------------------ */

/**
 * \brief State of the pseudo-random generator (xoshiro128**, 32-bit only).
 *
 * Integer arithmetic only, so the same seed gives the same numbers on every
 * platform, with or without an FPU.
 */
typedef struct {
    uint32_t s[4];
} flatprop_rng_t;

/**
 * \brief Seed a generator.
 * \param[out] rng     the generator to seed
 * \param[in]  seed    the user's seed
 * \param[in]  stream  an independent stream number (generated code uses the
 *                     layer's index, so each layer's values do not depend on
 *                     the others)
 */
void flatprop_rng_seed(flatprop_rng_t *rng, uint32_t seed, uint32_t stream);

/** \brief The next 32 random bits. */
uint32_t flatprop_rng_next(flatprop_rng_t *rng);

/** \brief A float uniform in [0, 1), a multiple of 2^-24 (exact). */
float flatprop_rng_float(flatprop_rng_t *rng);

/** \brief A double uniform in [0, 1), a multiple of 2^-53 (exact). */
double flatprop_rng_double(flatprop_rng_t *rng);

/* ------------------------------------------------------------------------ */
/* Arrays and optimizers (float: _f, double: _d)                            */
/* ------------------------------------------------------------------------ */

/**
 * \brief Fill dst[0..n) with values uniform in [-limit, limit).
 *
 * Each value is (2u - 1) * limit with u from flatprop_rng_float(); the
 * only rounding is the final multiplication, so results are identical on
 * every IEEE-754 platform.
 */
void flatprop_uniform_f(flatprop_rng_t *rng, float *dst, size_t n, float limit);
/** \brief Double flavour of flatprop_uniform_f(). */
void flatprop_uniform_d(flatprop_rng_t *rng, double *dst, size_t n, double limit);

/** \brief dst[i] = src[i] for i in [0, n). */
void flatprop_copy_f(float *dst, const float *src, size_t n);
/** \brief Double flavour of flatprop_copy_f(). */
void flatprop_copy_d(double *dst, const double *src, size_t n);

/** \brief dst[i] = 0 for i in [0, n). */
void flatprop_zero_f(float *dst, size_t n);
/** \brief Double flavour of flatprop_zero_f(). */
void flatprop_zero_d(double *dst, size_t n);

/** \brief dst[i] *= factor for i in [0, n). */
void flatprop_scale_f(float *dst, size_t n, float factor);
/** \brief Double flavour of flatprop_scale_f(). */
void flatprop_scale_d(double *dst, size_t n, double factor);

/**
 * \brief Plain gradient descent: params[i] -= lr * grad[i].
 * \param[in,out] params  the parameters
 * \param[in]     grad    the gradient (may not alias params)
 * \param[in]     n       number of parameters
 * \param[in]     lr      learning rate
 * \return FLATPROP_OK, or FLATPROP_ERR_ARG for a NULL pointer
 */
int flatprop_sgd_f(float *params, const float *grad, size_t n, float lr);
/** \brief Double flavour of flatprop_sgd_f(). */
int flatprop_sgd_d(double *params, const double *grad, size_t n, double lr);

/* ------------------------------------------------------------------------ */
/* Finite-difference gradient check                                          */
/* ------------------------------------------------------------------------ */

/** \brief A loss as a function of the parameters (float networks). */
typedef float (*flatprop_loss_fn_f)(void *ctx, const float *params);
/** \brief A loss as a function of the parameters (double networks). */
typedef double (*flatprop_loss_fn_d)(void *ctx, const double *params);

/** \brief What a gradient check found; all differences in double. */
typedef struct {
    size_t checked;       /**< parameters compared */
    size_t worst;         /**< index of the largest scaled error */
    double numeric;       /**< finite-difference value at `worst` */
    double analytic;      /**< caller's value at `worst` */
    double max_error;     /**< largest |numeric - analytic| / (atol + rtol*|numeric|) */
} flatprop_gradcheck_t;

/**
 * \brief Compare a gradient with central finite differences of a loss.
 *
 * For each i, params[i] is moved to params[i] + step and params[i] - step,
 * the loss evaluated at both, and the difference quotient formed in double
 * from the step actually taken; params[i] is then restored bit for bit.
 * A parameter passes when |numeric - analytic| <= atol + rtol * |numeric|.
 *
 * \param[in]     loss      the loss as a function of the parameters
 * \param[in]     ctx       passed to loss unchanged
 * \param[in,out] params    the point (restored before return)
 * \param[in]     grad      the analytic gradient to check
 * \param[in]     n         number of parameters
 * \param[in]     step      the finite-difference step (> 0)
 * \param[in]     rtol      relative tolerance (>= 0)
 * \param[in]     atol      absolute tolerance (>= 0)
 * \param[out]    result    what was found (may be NULL)
 * \return FLATPROP_OK when every parameter passes, FLATPROP_ERR_MISMATCH
 *         when one does not, FLATPROP_ERR_ARG for bad arguments
 */
int flatprop_gradcheck_f(flatprop_loss_fn_f loss, void *ctx, float *params,
                         const float *grad, size_t n, float step, double rtol,
                         double atol, flatprop_gradcheck_t *result);
/** \brief Double flavour of flatprop_gradcheck_f(). */
int flatprop_gradcheck_d(flatprop_loss_fn_d loss, void *ctx, double *params,
                         const double *grad, size_t n, double step, double rtol,
                         double atol, flatprop_gradcheck_t *result);

#ifdef __cplusplus
}
#endif

#endif /* FLATPROP_H */
