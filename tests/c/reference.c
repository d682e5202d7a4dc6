/*
 * An independent reference for the test networks: plain loops over the
 * architecture, in double. It shares nothing with the generator but the
 * architecture table; it is deliberately the obvious textbook code.
 */
#include <math.h>
#include <string.h>

#include "net_table.h"

int tn_n_params(const tn_net_t *net)
{
    int n = net->n_in, count = 0, l;
    for (l = 0; l < net->n_layers; l++) {
        if (net->layers[l].kind == TN_DENSE) {
            count += net->layers[l].out * n + (net->layers[l].bias ? net->layers[l].out : 0);
            n = net->layers[l].out;
        }
    }
    return count;
}

int tn_n_outputs(const tn_net_t *net)
{
    int n = net->n_in, l;
    for (l = 0; l < net->n_layers; l++) {
        if (net->layers[l].kind == TN_DENSE) {
            n = net->layers[l].out;
        }
    }
    return n;
}

/* Values at every layer boundary: v[0] = x, v[l + 1] = layer l's output. */
typedef struct {
    double v[TN_MAX_LAYERS + 1][TN_MAX_WIDTH];
    int width[TN_MAX_LAYERS + 1];
    int offset[TN_MAX_LAYERS]; /* dense: first parameter */
} trace_t;

static void run_forward(const tn_net_t *net, const double *p, const double *x, trace_t *tr,
                        double *min_margin)
{
    int l, o, i, n = net->n_in, off = 0;
    double margin = INFINITY;
    memcpy(tr->v[0], x, sizeof(double) * (size_t)n);
    tr->width[0] = n;
    for (l = 0; l < net->n_layers; l++) {
        const tn_layer_t *L = &net->layers[l];
        const double *in = tr->v[l];
        double *out = tr->v[l + 1];
        if (L->kind == TN_DENSE) {
            tr->offset[l] = off;
            for (o = 0; o < L->out; o++) {
                double z = 0;
                for (i = 0; i < n; i++) {
                    z += p[off + o * n + i] * in[i];
                }
                if (L->bias) {
                    z += p[off + L->out * n + o];
                }
                out[o] = z;
            }
            off += L->out * n + (L->bias ? L->out : 0);
            n = L->out;
        } else {
            for (i = 0; i < n; i++) {
                if (L->kind == TN_RELU || L->kind == TN_LEAKY_RELU) {
                    out[i] = in[i] > 0 ? in[i] : (L->kind == TN_RELU ? 0 : L->slope * in[i]);
                    if (fabs(in[i]) < margin) {
                        margin = fabs(in[i]);
                    }
                } else if (L->kind == TN_SIGMOID) {
                    out[i] = 1 / (1 + exp(-in[i]));
                } else if (L->kind == TN_TANH) {
                    out[i] = tanh(in[i]);
                } else {
                    out[i] = in[i];
                }
            }
        }
        tr->width[l + 1] = n;
    }
    if (min_margin != NULL) {
        *min_margin = margin;
    }
}

double tn_ref_forward(const tn_net_t *net, const double *p, const double *x, double *y,
                      double *min_margin)
{
    trace_t tr;
    run_forward(net, p, x, &tr, min_margin);
    memcpy(y, tr.v[net->n_layers], sizeof(double) * (size_t)tr.width[net->n_layers]);
    return 0;
}

/* Softmax cross-entropy the textbook way, in long double so that it needs
 * no max subtraction for the logits the tests use: L = -sum t log p. */
static double softmax_ce(int n, const double *y, const double *t, double *dy)
{
    long double S = 0, L = 0, T = 0;
    int i;
    for (i = 0; i < n; i++) {
        S += expl((long double)y[i]);
        T += t[i];
    }
    for (i = 0; i < n; i++) {
        const long double p = expl((long double)y[i]) / S;
        L -= t[i] * logl(p);
        if (dy != NULL) {
            dy[i] = (double)(T * p - t[i]);
        }
    }
    return (double)L;
}

double tn_ref_loss(const tn_net_t *net, const double *y, const double *t)
{
    int n = tn_n_outputs(net), i;
    double L = 0;
    if (net->loss == TN_SOFTMAX_CROSS_ENTROPY) {
        return softmax_ce(n, y, t, NULL);
    }
    for (i = 0; i < n; i++) {
        L += (y[i] - t[i]) * (y[i] - t[i]);
    }
    return net->loss == TN_MSE ? L / n : L;
}

/* Chain rule, layer by layer: g holds dL/d(layer output). */
static void run_backward(const tn_net_t *net, const double *p, const trace_t *tr,
                         const double *dy, double *grad, double *dx)
{
    double g[TN_MAX_WIDTH], gin[TN_MAX_WIDTH];
    int l, o, i;
    memcpy(g, dy, sizeof(double) * (size_t)tr->width[net->n_layers]);
    for (l = net->n_layers - 1; l >= 0; l--) {
        const tn_layer_t *L = &net->layers[l];
        const double *in = tr->v[l];
        int n_in = tr->width[l];
        if (L->kind == TN_DENSE) {
            int off = tr->offset[l];
            for (i = 0; i < n_in; i++) {
                gin[i] = 0;
            }
            for (o = 0; o < L->out; o++) {
                for (i = 0; i < n_in; i++) {
                    if (!L->frozen) {
                        grad[off + o * n_in + i] += g[o] * in[i];
                    }
                    gin[i] += p[off + o * n_in + i] * g[o];
                }
                if (L->bias && !L->frozen) {
                    grad[off + L->out * n_in + o] += g[o];
                }
            }
        } else {
            const double *out = tr->v[l + 1];
            for (i = 0; i < n_in; i++) {
                switch (L->kind) {
                case TN_RELU:
                    gin[i] = in[i] > 0 ? g[i] : 0;
                    break;
                case TN_LEAKY_RELU:
                    gin[i] = in[i] > 0 ? g[i] : L->slope * g[i];
                    break;
                case TN_SIGMOID:
                    gin[i] = g[i] * out[i] * (1 - out[i]);
                    break;
                case TN_TANH:
                    gin[i] = g[i] / (cosh(in[i]) * cosh(in[i]));
                    break;
                default:
                    gin[i] = g[i];
                    break;
                }
            }
        }
        memcpy(g, gin, sizeof(double) * (size_t)n_in);
    }
    if (dx != NULL) {
        memcpy(dx, g, sizeof(double) * (size_t)net->n_in);
    }
}

void tn_ref_backward(const tn_net_t *net, const double *p, const double *x, const double *dy,
                     double *grad, double *dx)
{
    trace_t tr;
    run_forward(net, p, x, &tr, NULL);
    run_backward(net, p, &tr, dy, grad, dx);
}

double tn_ref_gradient(const tn_net_t *net, const double *p, const double *x, const double *t,
                       double *grad)
{
    trace_t tr;
    double dy[TN_MAX_WIDTH];
    int n, i;
    run_forward(net, p, x, &tr, NULL);
    n = tr.width[net->n_layers];
    if (net->loss == TN_SOFTMAX_CROSS_ENTROPY) {
        softmax_ce(n, tr.v[net->n_layers], t, dy);
        run_backward(net, p, &tr, dy, grad, NULL);
        return tn_ref_loss(net, tr.v[net->n_layers], t);
    }
    for (i = 0; i < n; i++) {
        dy[i] = 2 * (tr.v[net->n_layers][i] - t[i]);
        if (net->loss == TN_MSE) {
            dy[i] /= n;
        }
    }
    run_backward(net, p, &tr, dy, grad, NULL);
    return tn_ref_loss(net, tr.v[net->n_layers], t);
}

/* A hash of every ReLU's on/off state, to spot a finite difference that
 * crossed a kink. */
unsigned long tn_ref_mask(const tn_net_t *net, const double *p, const double *x)
{
    trace_t tr;
    unsigned long h = 5381;
    int l, i;
    run_forward(net, p, x, &tr, NULL);
    for (l = 0; l < net->n_layers; l++) {
        if (net->layers[l].kind == TN_RELU || net->layers[l].kind == TN_LEAKY_RELU) {
            for (i = 0; i < tr.width[l]; i++) {
                h = h * 33u + (tr.v[l][i] > 0 ? 1u : 0u);
            }
        }
    }
    return h;
}
