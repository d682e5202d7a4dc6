/*
 * The test networks as the C tests see them: each network's architecture
 * (written by tests/nets/make_nets.lua from the same table as its
 * description) and its generated functions behind double-precision wrappers,
 * so one harness drives float and double networks alike.
 */
#ifndef NET_TABLE_H
#define NET_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define TN_MAX_LAYERS 12
#define TN_MAX_WIDTH 32
#define TN_MAX_PARAMS 8192

enum { TN_DENSE, TN_RELU, TN_IDENTITY, TN_LEAKY_RELU, TN_SIGMOID, TN_TANH };
enum { TN_SQUARED_ERROR, TN_MSE, TN_SOFTMAX_CROSS_ENTROPY };

typedef struct {
    int kind;     /* TN_DENSE, TN_RELU, TN_IDENTITY, TN_LEAKY_RELU, TN_SIGMOID, TN_TANH */
    int out;      /* dense: outputs */
    int bias;     /* dense: has biases */
    int frozen;   /* dense: trainable = false */
    double slope; /* leaky_relu: slope for z <= 0 */
} tn_layer_t;

typedef struct {
    void (*init)(double *params, uint32_t seed);
    void (*forward)(const double *params, const double *x, double *y);
    double (*loss)(const double *y, const double *target);
    double (*gradient)(const double *params, const double *x, const double *target,
                       double *grad);
    void (*backward)(const double *params, const double *x, const double *dy, double *grad,
                     double *dx);
    double (*train_step)(double *params, const double *x, const double *target, double lr);
    int n_in, n_out, n_params;
} tn_funcs_t;

typedef struct {
    const char *name;
    int is_double;
    int n_in;
    int loss; /* TN_SQUARED_ERROR, TN_MSE, TN_SOFTMAX_CROSS_ENTROPY */
    int n_layers;
    tn_layer_t layers[TN_MAX_LAYERS];
    tn_funcs_t f;
} tn_net_t;

/* Copy between double arrays and the network's own scalar type. */
#define TN_IN(dst, src, n) do { int i_; for (i_ = 0; i_ < (n); i_++) (dst)[i_] = (src)[i_]; } while (0)

/* Wrappers converting double <-> the network's scalar type. */
#define TN_WRAP(name, NAME)                                                                   \
    static void name##_w_init(double *p, uint32_t seed)                                      \
    {                                                                                         \
        name##_real q[NAME##_N_PARAMS];                                                       \
        name##_init(q, seed);                                                                 \
        TN_IN(p, q, NAME##_N_PARAMS);                                                         \
    }                                                                                         \
    static void name##_w_forward(const double *p, const double *x, double *y)                \
    {                                                                                         \
        name##_real q[NAME##_N_PARAMS], xx[NAME##_N_INPUTS], yy[NAME##_N_OUTPUTS];            \
        TN_IN(q, p, NAME##_N_PARAMS);                                                         \
        TN_IN(xx, x, NAME##_N_INPUTS);                                                        \
        name##_forward(q, xx, yy);                                                            \
        TN_IN(y, yy, NAME##_N_OUTPUTS);                                                       \
    }                                                                                         \
    static double name##_w_loss(const double *y, const double *t)                            \
    {                                                                                         \
        name##_real yy[NAME##_N_OUTPUTS], tt[NAME##_N_OUTPUTS];                               \
        TN_IN(yy, y, NAME##_N_OUTPUTS);                                                       \
        TN_IN(tt, t, NAME##_N_OUTPUTS);                                                       \
        return (double)name##_loss(yy, tt);                                                   \
    }                                                                                         \
    static double name##_w_gradient(const double *p, const double *x, const double *t,       \
                                    double *g)                                                \
    {                                                                                         \
        name##_real q[NAME##_N_PARAMS], xx[NAME##_N_INPUTS], tt[NAME##_N_OUTPUTS];            \
        name##_real gg[NAME##_N_PARAMS];                                                      \
        double L;                                                                             \
        TN_IN(q, p, NAME##_N_PARAMS);                                                         \
        TN_IN(xx, x, NAME##_N_INPUTS);                                                        \
        TN_IN(tt, t, NAME##_N_OUTPUTS);                                                       \
        TN_IN(gg, g, NAME##_N_PARAMS);                                                        \
        L = (double)name##_gradient(q, xx, tt, gg);                                           \
        TN_IN(g, gg, NAME##_N_PARAMS);                                                        \
        return L;                                                                             \
    }                                                                                         \
    static void name##_w_backward(const double *p, const double *x, const double *dy,       \
                                  double *g, double *dx)                                      \
    {                                                                                         \
        name##_real q[NAME##_N_PARAMS], xx[NAME##_N_INPUTS], dd[NAME##_N_OUTPUTS];            \
        name##_real gg[NAME##_N_PARAMS], dxx[NAME##_N_INPUTS];                                \
        TN_IN(q, p, NAME##_N_PARAMS);                                                         \
        TN_IN(xx, x, NAME##_N_INPUTS);                                                        \
        TN_IN(dd, dy, NAME##_N_OUTPUTS);                                                      \
        TN_IN(gg, g, NAME##_N_PARAMS);                                                        \
        if (dx != NULL) {                                                                     \
            TN_IN(dxx, dx, NAME##_N_INPUTS);                                                  \
        }                                                                                     \
        name##_backward(q, xx, dd, gg, dx != NULL ? dxx : NULL);                              \
        TN_IN(g, gg, NAME##_N_PARAMS);                                                        \
        if (dx != NULL) {                                                                     \
            TN_IN(dx, dxx, NAME##_N_INPUTS);                                                  \
        }                                                                                     \
    }                                                                                         \
    static double name##_w_train_step(double *p, const double *x, const double *t,          \
                                      double lr)                                              \
    {                                                                                         \
        name##_real q[NAME##_N_PARAMS], xx[NAME##_N_INPUTS], tt[NAME##_N_OUTPUTS];            \
        double L;                                                                             \
        TN_IN(q, p, NAME##_N_PARAMS);                                                         \
        TN_IN(xx, x, NAME##_N_INPUTS);                                                        \
        TN_IN(tt, t, NAME##_N_OUTPUTS);                                                       \
        L = (double)name##_train_step(q, xx, tt, (name##_real)lr);                            \
        TN_IN(p, q, NAME##_N_PARAMS);                                                         \
        return L;                                                                             \
    }

#define TN_FUNCS(name)                                                                       \
    { name##_w_init, name##_w_forward, name##_w_loss, name##_w_gradient, name##_w_backward,   \
      name##_w_train_step, 0, 0, 0 }

/* The independent reference (reference.c): plain loops over the
 * architecture, in double, sharing nothing with the generated code. */
int tn_n_params(const tn_net_t *net);
int tn_n_outputs(const tn_net_t *net);
double tn_ref_forward(const tn_net_t *net, const double *p, const double *x, double *y,
                      double *min_margin);
double tn_ref_loss(const tn_net_t *net, const double *y, const double *t);
void tn_ref_backward(const tn_net_t *net, const double *p, const double *x, const double *dy,
                     double *grad, double *dx);
double tn_ref_gradient(const tn_net_t *net, const double *p, const double *x, const double *t,
                       double *grad);
unsigned long tn_ref_mask(const tn_net_t *net, const double *p, const double *x);

#endif
