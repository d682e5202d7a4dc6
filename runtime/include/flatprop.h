/**
 * \file flatprop.h
 * \brief The flatprop runtime: what generated networks and their callers need.
 *
 * A small C99 library with no heap and no stdio: the deterministic
 * pseudo-random generator behind NAME_init(), array helpers and optimizers
 * over flat parameter arrays, a central finite-difference gradient check,
 * and a checked binary format for saving and loading parameters.
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

/** \brief The next 32 random bits (0 for a NULL generator). */
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
 * \return FLATPROP_OK, or FLATPROP_ERR_ARG for a NULL pointer or an lr that is
 *         NaN or infinite
 */
int flatprop_sgd_f(float *params, const float *grad, size_t n, float lr);
/** \brief Double flavour of flatprop_sgd_f(). */
int flatprop_sgd_d(double *params, const double *grad, size_t n, double lr);

/* ------------------------------------------------------------------------ */
/* Numerical guards                                                          */
/* ------------------------------------------------------------------------ */

/**
 * \brief Check that every value of an array is finite (no NaN, no infinity).
 * \param[in]  v          the values
 * \param[in]  n          how many
 * \param[out] first_bad  index of the first non-finite value (may be NULL;
 *                        set to n when all are finite)
 * \return FLATPROP_OK, FLATPROP_ERR_NONFINITE, or FLATPROP_ERR_ARG for NULL v
 */
int flatprop_check_finite_f(const float *v, size_t n, size_t *first_bad);
/** \brief Double flavour of flatprop_check_finite_f(). */
int flatprop_check_finite_d(const double *v, size_t n, size_t *first_bad);

/**
 * \brief Clip a gradient by its Euclidean norm: when ||g|| > max_norm, scale
 *        g by max_norm / ||g||; otherwise leave it unchanged.
 * \param[in,out] g         the gradient
 * \param[in]     n         how many values
 * \param[in]     max_norm  the largest norm allowed (> 0)
 * \param[out]    norm      the norm before clipping, infinite when it
 *                          exceeds the type's range (may be NULL)
 * \return FLATPROP_OK, FLATPROP_ERR_NONFINITE when g holds a NaN or an
 *         infinity (g is then left unchanged), FLATPROP_ERR_ARG for bad
 *         arguments
 */
int flatprop_clip_norm_f(float *g, size_t n, float max_norm, float *norm);
/** \brief Double flavour of flatprop_clip_norm_f(). */
int flatprop_clip_norm_d(double *g, size_t n, double max_norm, double *norm);

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

/* ======================================================================== */
/* BEGIN parameter blobs: safe save/load of flat parameter arrays (params_io.c) */
/* ======================================================================== */

/*
 * Byte format, version 1. Every integer is little-endian; every value is the
 * little-endian IEEE-754 bit pattern of the scalar (no text, no padding):
 *
 *   offset      size  field
 *   ----------  ----  ---------------------------------------------------
 *   0           4     magic: the bytes 'F' 'L' 'P' 'B' (46 4C 50 42)
 *   4           2     format version, u16 = 1
 *   6           1     scalar type, u8: 1 = float32, 2 = float64
 *   7           1     reserved, u8 = 0
 *   8           4     network identity hash, u32 (flatprop_identity_hash())
 *   12          4     parameter count N, u32 (>= 1)
 *   16          N*W   the values; W = 4 (float32) or 8 (float64)
 *   16 + N*W    4     CRC-32 of bytes [0, 16 + N*W), u32
 *
 * Total size: 20 + N*W bytes (FLATPROP_BLOB_OVERHEAD + N*W). The CRC is
 * CRC-32/IEEE 802.3 as in zlib, PNG and Ethernet (reflected, polynomial
 * 0xEDB88320, initial value and final xor 0xFFFFFFFF).
 *
 * A blob names the network it belongs to (identity hash), its scalar type
 * and its parameter count, so a blob of another network, another precision
 * or another shape is rejected with a specific status code, not loaded.
 *
 * Loading checks, in this order, and stops at the first failure:
 *   1. arguments: NULL pointers, n_params == 0 or too large  -> FLATPROP_ERR_ARG
 *   2. len < 16 (no complete header)                         -> FLATPROP_ERR_TRUNCATED
 *   3. magic != "FLPB"                                       -> FLATPROP_ERR_MAGIC
 *   4. version != 1, or reserved byte != 0                   -> FLATPROP_ERR_VERSION
 *   5. scalar type is not the loader's (1 for _f, 2 for _d)  -> FLATPROP_ERR_TYPE
 *   6. identity hash != the caller's identity                -> FLATPROP_ERR_IDENTITY
 *   7. parameter count != the caller's n_params              -> FLATPROP_ERR_COUNT
 *   8. len < 20 + N*W                                        -> FLATPROP_ERR_TRUNCATED
 *      len > 20 + N*W (trailing bytes; len must be exact)    -> FLATPROP_ERR_ARG
 *   9. stored CRC != CRC of bytes [0, 16 + N*W)              -> FLATPROP_ERR_CHECKSUM
 *  10. a value is NaN or +-infinity                          -> FLATPROP_ERR_NONFINITE
 * Only then are the values copied to the destination: on any error the
 * destination is not written at all. Because the header fields are checked
 * before the CRC, a damaged header is reported by the field it damaged
 * (MAGIC, VERSION, ...) rather than by FLATPROP_ERR_CHECKSUM; either way it
 * is rejected.
 *
 * Values are moved as bit patterns (memcpy between the scalar and a
 * uint32_t/uint64_t, bytes assembled with shifts), never through
 * floating-point arithmetic, so a blob saved on any host loads bit for bit
 * on any target and vice versa. This requires float to be IEEE binary32 and
 * double IEEE binary64 with the same byte order as integers of the same
 * size (true of every platform flatprop targets; params_io.c checks the
 * sizes at compile time).
 */

/** \brief Format version written by this runtime and the only one it reads. */
#define FLATPROP_BLOB_VERSION 1u
/** \brief Scalar type code of float32 blobs. */
#define FLATPROP_BLOB_FLOAT32 1u
/** \brief Scalar type code of float64 blobs. */
#define FLATPROP_BLOB_FLOAT64 2u
/** \brief Size in bytes of the header (magic .. parameter count). */
#define FLATPROP_BLOB_HEADER_SIZE 16u
/** \brief Bytes in a blob besides the values: header plus CRC-32. */
#define FLATPROP_BLOB_OVERHEAD 20u

/** \brief What flatprop_blob_info() found in a valid blob. */
typedef struct {
    uint16_t version;     /**< format version (always FLATPROP_BLOB_VERSION) */
    uint8_t scalar_type;  /**< FLATPROP_BLOB_FLOAT32 or FLATPROP_BLOB_FLOAT64 */
    uint8_t scalar_size;  /**< bytes per value: 4 or 8 */
    uint32_t identity;    /**< network identity hash */
    uint32_t count;       /**< number of parameters (>= 1) */
    uint32_t crc;         /**< the stored (and verified) CRC-32 */
    size_t size;          /**< total blob size in bytes */
} flatprop_blob_info_t;

/**
 * \brief FNV-1a (32-bit) hash of a NUL-terminated identity string.
 *
 * A generated network's NAME_IDENTITY is this hash of its
 * NAME_IDENTITY_TEXT (scalar type and every parameter tensor's shape, e.g.
 * "flatprop1:f32:3x2,1x3" for the worked example); NAME_save() and
 * NAME_load() put it into and check it against the blob header, so a blob
 * of an incompatible network is refused.
 *
 * \param[in] text  the identity string; NULL is treated as the empty string
 * \return the hash (offset basis 0x811C9DC5, prime 0x01000193);
 *         0x811C9DC5 for the empty string
 */
uint32_t flatprop_identity_hash(const char *text);

/**
 * \brief CRC-32/IEEE 802.3 (the zlib crc32()) of a byte array.
 *
 * Reflected, polynomial 0xEDB88320, initial value and final xor 0xFFFFFFFF;
 * crc32("123456789") = 0xCBF43926. Uses a 16-entry (64-byte) table.
 *
 * \param[in] data  the bytes; may be NULL only when n is 0
 * \param[in] n     number of bytes
 * \return the CRC; 0 (the CRC of no bytes) when n is 0 or data is NULL
 */
uint32_t flatprop_crc32(const void *data, size_t n);

/**
 * \brief Size in bytes of a float32 blob of n_params values.
 * \param[in] n_params  number of parameters
 * \return 20 + 4 * n_params, or 0 when n_params is 0, exceeds UINT32_MAX or
 *         the size would not fit in a size_t
 */
size_t flatprop_blob_size_f(size_t n_params);
/**
 * \brief Size in bytes of a float64 blob of n_params values.
 * \param[in] n_params  number of parameters
 * \return 20 + 8 * n_params, or 0 when n_params is 0, exceeds UINT32_MAX or
 *         the size would not fit in a size_t
 */
size_t flatprop_blob_size_d(size_t n_params);

/**
 * \brief Write float parameters as a blob.
 *
 * Checks, in order: NULL pointers or a count flatprop_blob_size_f() refuses
 * (FLATPROP_ERR_ARG); cap too small (FLATPROP_ERR_BUFFER_SMALL); a NaN or
 * infinite value (FLATPROP_ERR_NONFINITE: such a blob could never be loaded).
 * On any error buf is not written at all. On success exactly
 * flatprop_blob_size_f(n_params) bytes are written; bytes of buf beyond them
 * are not touched.
 *
 * \param[in]  params    the parameters (must not overlap buf)
 * \param[in]  n_params  number of parameters (>= 1)
 * \param[in]  identity  the network's identity hash
 * \param[out] buf       where the blob goes
 * \param[in]  cap       bytes available at buf
 * \param[out] written   bytes written on success; the size needed on
 *                       FLATPROP_ERR_BUFFER_SMALL; 0 on other errors
 *                       (must not be NULL)
 * \return FLATPROP_OK, FLATPROP_ERR_ARG, FLATPROP_ERR_BUFFER_SMALL or
 *         FLATPROP_ERR_NONFINITE
 */
int flatprop_save_f(const float *params, size_t n_params, uint32_t identity,
                    uint8_t *buf, size_t cap, size_t *written);
/**
 * \brief Write double parameters as a blob; see flatprop_save_f().
 * \param[in]  params    the parameters (must not overlap buf)
 * \param[in]  n_params  number of parameters (>= 1)
 * \param[in]  identity  the network's identity hash
 * \param[out] buf       where the blob goes
 * \param[in]  cap       bytes available at buf
 * \param[out] written   bytes written on success; the size needed on
 *                       FLATPROP_ERR_BUFFER_SMALL; 0 on other errors
 *                       (must not be NULL)
 * \return FLATPROP_OK, FLATPROP_ERR_ARG, FLATPROP_ERR_BUFFER_SMALL or
 *         FLATPROP_ERR_NONFINITE
 */
int flatprop_save_d(const double *params, size_t n_params, uint32_t identity,
                    uint8_t *buf, size_t cap, size_t *written);

/**
 * \brief Load float parameters from a blob, all or nothing.
 *
 * Validates the whole blob (checks 1-10 in the format description above)
 * before writing the first byte of params; on any error params is left
 * exactly as it was.
 *
 * \param[out] params    where the values go (must not overlap buf)
 * \param[in]  n_params  number of parameters the network has (>= 1)
 * \param[in]  identity  the network's identity hash
 * \param[in]  buf       the blob (must not change during the call)
 * \param[in]  len       the blob's exact length in bytes
 * \return FLATPROP_OK, or the status of the first failed check:
 *         FLATPROP_ERR_ARG, FLATPROP_ERR_TRUNCATED, FLATPROP_ERR_MAGIC,
 *         FLATPROP_ERR_VERSION, FLATPROP_ERR_TYPE, FLATPROP_ERR_IDENTITY,
 *         FLATPROP_ERR_COUNT, FLATPROP_ERR_CHECKSUM, FLATPROP_ERR_NONFINITE
 */
int flatprop_load_f(float *params, size_t n_params, uint32_t identity,
                    const uint8_t *buf, size_t len);
/**
 * \brief Load double parameters from a blob, all or nothing; see
 *        flatprop_load_f().
 * \param[out] params    where the values go (must not overlap buf)
 * \param[in]  n_params  number of parameters the network has (>= 1)
 * \param[in]  identity  the network's identity hash
 * \param[in]  buf       the blob (must not change during the call)
 * \param[in]  len       the blob's exact length in bytes
 * \return FLATPROP_OK, or the status of the first failed check (as
 *         flatprop_load_f())
 */
int flatprop_load_d(double *params, size_t n_params, uint32_t identity,
                    const uint8_t *buf, size_t len);

/**
 * \brief Validate a blob without loading it, and describe it (for tools).
 *
 * Runs the checks of flatprop_load_f() that need no network: arguments,
 * length >= 16, magic, version and reserved byte, a known scalar type
 * (else FLATPROP_ERR_TYPE), count >= 1 (else FLATPROP_ERR_COUNT), exact
 * length (TRUNCATED when short, ARG when long), CRC, finite values. A blob
 * it accepts is loaded by the load function of its scalar type given the
 * identity and count it reports.
 *
 * \param[in]  buf   the blob
 * \param[in]  len   the blob's exact length in bytes
 * \param[out] info  the header fields and size; written only on success
 * \return FLATPROP_OK, or the status of the first failed check
 */
int flatprop_blob_info(const uint8_t *buf, size_t len, flatprop_blob_info_t *info);

/* ======================================================================== */
/* END parameter blobs                                                        */
/* ======================================================================== */

/* ======================================================================== */
/* BEGIN math and optimizers (mathfn.c, optim.c)                            */
/* ======================================================================== */

/*
 * The elementary functions generated code calls for sigmoid, tanh and
 * softmax_cross_entropy. They use only IEEE +, -, *, / and integer bit
 * operations, so (built with -ffp-contract=off) they give the same bits on
 * every platform, with or without an FPU; libm does not (C libraries differ
 * in the last bit). Accuracy against double libm is in the README.
 * All are total: NaN in gives NaN out; exp saturates to +inf and to 0.
 */

/** \brief e^x (float); within 1.2 ulp of the exact value (tests/c/test_mathfn.c). */
float flatprop_exp_f(float x);
/** \brief e^x (double). */
double flatprop_exp_d(double x);
/** \brief Natural logarithm (float); NaN for x < 0, -inf for 0. */
float flatprop_log_f(float x);
/** \brief Natural logarithm (double). */
double flatprop_log_d(double x);
/** \brief Hyperbolic tangent (float); exactly +-1 beyond |x| > 9.5. */
float flatprop_tanh_f(float x);
/** \brief Hyperbolic tangent (double); exactly +-1 beyond |x| > 19.5. */
double flatprop_tanh_d(double x);
/** \brief The logistic function 1 / (1 + e^-x) (float), without overflow. */
float flatprop_sigmoid_f(float x);
/** \brief The logistic function (double). */
double flatprop_sigmoid_d(double x);
/** \brief Square root (float), Newton's iteration; NaN for x < 0. */
float flatprop_sqrt_f(float x);
/** \brief Square root (double). */
double flatprop_sqrt_d(double x);

/*
 * Optimizers over flat arrays. The state (velocity, Adam's moments) is owned
 * by the caller, one scalar per parameter (NAME_N_PARAMS each), and must
 * start zeroed. A mini-batch is: flatprop_zero_f(grad, n); NAME_gradient()
 * for each sample (it adds into grad); flatprop_batch_mean_f(grad, n, count);
 * then one optimizer step.
 */

/**
 * \brief grad[i] /= count: turn a summed mini-batch gradient into its mean.
 * \param[in,out] grad   the summed gradient
 * \param[in]     n      number of parameters
 * \param[in]     count  number of samples summed (>= 1)
 * \return FLATPROP_OK, or FLATPROP_ERR_ARG for NULL or count == 0
 */
int flatprop_batch_mean_f(float *grad, size_t n, uint32_t count);
/** \brief Double flavour of flatprop_batch_mean_f(). */
int flatprop_batch_mean_d(double *grad, size_t n, uint32_t count);

/**
 * \brief SGD with momentum: v = momentum v + grad; params -= lr v.
 * \param[in,out] params    the parameters
 * \param[in]     grad      the gradient (or mini-batch mean)
 * \param[in,out] velocity  caller-owned state, n scalars, zero at the start
 * \param[in]     n         number of parameters
 * \param[in]     lr        learning rate
 * \param[in]     momentum  momentum coefficient in [0, 1)
 * \return FLATPROP_OK, or FLATPROP_ERR_ARG for NULL pointers or a bad value
 */
int flatprop_momentum_f(float *params, const float *grad, float *velocity, size_t n,
                        float lr, float momentum);
/** \brief Double flavour of flatprop_momentum_f(). */
int flatprop_momentum_d(double *params, const double *grad, double *velocity, size_t n,
                        double lr, double momentum);

/**
 * \brief One Adam step (Kingma and Ba), bias-corrected:
 * m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * params -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
 * \param[in,out] params  the parameters
 * \param[in]     grad    the gradient (or mini-batch mean)
 * \param[in,out] m       caller-owned first moments, n scalars, zero at the start
 * \param[in,out] v       caller-owned second moments, n scalars, zero at the start
 * \param[in]     n       number of parameters
 * \param[in]     lr      learning rate (0.001 is usual)
 * \param[in]     beta1   first-moment decay in [0, 1) (0.9 is usual)
 * \param[in]     beta2   second-moment decay in [0, 1) (0.999 is usual)
 * \param[in]     eps     added to the denominator (1e-8 is usual), finite and > 0
 *                        (with 0 a zero gradient would make the parameter NaN)
 * \param[in]     t       this step's number, counting from 1
 * \return FLATPROP_OK, or FLATPROP_ERR_ARG for NULL pointers, t == 0 or a bad value
 */
int flatprop_adam_f(float *params, const float *grad, float *m, float *v, size_t n, float lr,
                    float beta1, float beta2, float eps, uint32_t t);
/** \brief Double flavour of flatprop_adam_f(). */
int flatprop_adam_d(double *params, const double *grad, double *m, double *v, size_t n,
                    double lr, double beta1, double beta2, double eps, uint32_t t);

/* ======================================================================== */
/* END math and optimizers                                                  */
/* ======================================================================== */

/* ======================================================================== */
/* BEGIN targets without a 64-bit double (issue 15)                         */
/* ======================================================================== */

#include <float.h>

/**
 * \brief 1 where double is IEEE-754 binary64 (53-bit significand), else 0.
 *
 * avr-gcc makes double the same 32-bit type as float. There the runtime
 * leaves out every function that computes with double (the _d flavours and
 * flatprop_rng_double()), and a call to one, for example from a network
 * generated with --type double, stops the compile (GCC, Clang) with the
 * message below instead of giving numbers of the wrong precision.
 * flatprop_add_network(... TYPE double) fails at configure time there too.
 */
#if DBL_MANT_DIG >= 53
#define FLATPROP_HAS_DOUBLE 1
#else
#define FLATPROP_HAS_DOUBLE 0
#if defined(__GNUC__) || defined(__clang__)
#define FLATPROP_NO_DOUBLE_                                                           \
    __attribute__((__error__("flatprop: double is not 64 bits on this target "       \
                             "(DBL_MANT_DIG < 53), so the runtime has no double "    \
                             "functions here: generate the network with --type float " \
                             "(flatprop_add_network TYPE float)")))
#else
#define FLATPROP_NO_DOUBLE_
#endif
/* Redeclarations: the same prototypes as above, with the error attribute. */
FLATPROP_NO_DOUBLE_ double flatprop_rng_double(flatprop_rng_t *rng);
FLATPROP_NO_DOUBLE_ void flatprop_uniform_d(flatprop_rng_t *rng, double *dst, size_t n,
                                            double limit);
FLATPROP_NO_DOUBLE_ void flatprop_copy_d(double *dst, const double *src, size_t n);
FLATPROP_NO_DOUBLE_ void flatprop_zero_d(double *dst, size_t n);
FLATPROP_NO_DOUBLE_ void flatprop_scale_d(double *dst, size_t n, double factor);
FLATPROP_NO_DOUBLE_ int flatprop_sgd_d(double *params, const double *grad, size_t n, double lr);
FLATPROP_NO_DOUBLE_ int flatprop_check_finite_d(const double *v, size_t n, size_t *first_bad);
FLATPROP_NO_DOUBLE_ int flatprop_clip_norm_d(double *g, size_t n, double max_norm,
                                             double *norm);
FLATPROP_NO_DOUBLE_ int flatprop_gradcheck_d(flatprop_loss_fn_d loss, void *ctx,
                                             double *params, const double *grad, size_t n,
                                             double step, double rtol, double atol,
                                             flatprop_gradcheck_t *result);
FLATPROP_NO_DOUBLE_ int flatprop_save_d(const double *params, size_t n_params,
                                        uint32_t identity, uint8_t *buf, size_t cap,
                                        size_t *len);
FLATPROP_NO_DOUBLE_ int flatprop_load_d(double *params, size_t n_params, uint32_t identity,
                                        const uint8_t *buf, size_t len);
FLATPROP_NO_DOUBLE_ double flatprop_exp_d(double x);
FLATPROP_NO_DOUBLE_ double flatprop_log_d(double x);
FLATPROP_NO_DOUBLE_ double flatprop_tanh_d(double x);
FLATPROP_NO_DOUBLE_ double flatprop_sigmoid_d(double x);
FLATPROP_NO_DOUBLE_ double flatprop_sqrt_d(double x);
FLATPROP_NO_DOUBLE_ int flatprop_batch_mean_d(double *grad, size_t n, uint32_t count);
FLATPROP_NO_DOUBLE_ int flatprop_momentum_d(double *params, const double *grad,
                                            double *velocity, size_t n, double lr,
                                            double momentum);
FLATPROP_NO_DOUBLE_ int flatprop_adam_d(double *params, const double *grad, double *m,
                                        double *v, size_t n, double lr, double beta1,
                                        double beta2, double eps, uint32_t t);
#endif

/* ======================================================================== */
/* END targets without a 64-bit double                                      */
/* ======================================================================== */

#ifdef __cplusplus
}
#endif

#endif /* FLATPROP_H */
