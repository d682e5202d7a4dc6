/* Plain-loop layers for the convolution baselines: the direct convolution
 * loops a careful hand-written trainer uses, with every dimension a
 * compile-time constant once inlined, and the SGD update fused into
 * backward (no gradient buffer: each weight's input-gradient share is taken
 * before the weight is updated). The parameter layout is the generated
 * code's: conv weights [out][in/groups][kh][kw] then biases, dense weights
 * [out][in] then biases. A 1-D layer is a 2-D one of height 1. */
#ifndef BENCH_CONV_LAYERS_H
#define BENCH_CONV_LAYERS_H

#include "flatprop.h"

/* z = W * in + b, taps outside the input skipped. */
static inline void conv_fwd(const float *W, const float *B, const float *in, float *z, int C,
                            int H, int Wd, int O, int G, int kh, int kw, int sh, int sw, int dh,
                            int dw, int pt, int pl, int Ho, int Wo)
{
    const int Cg = C / G, Og = O / G;
    int o, y, x, ci, ky, kx;
    for (o = 0; o < O; o++) {
        const int g = o / Og;
        for (y = 0; y < Ho; y++) {
            for (x = 0; x < Wo; x++) {
                float s = 0.0f;
                for (ci = 0; ci < Cg; ci++) {
                    const int c = g * Cg + ci;
                    for (ky = 0; ky < kh; ky++) {
                        const int iy = y * sh + ky * dh - pt;
                        if (iy < 0 || iy >= H) {
                            continue;
                        }
                        for (kx = 0; kx < kw; kx++) {
                            const int ix = x * sw + kx * dw - pl;
                            if (ix < 0 || ix >= Wd) {
                                continue;
                            }
                            s += W[((o * Cg + ci) * kh + ky) * kw + kx] * in[(c * H + iy) * Wd + ix];
                        }
                    }
                }
                z[(o * Ho + y) * Wo + x] = s + B[o];
            }
        }
    }
}

/* din = W^T * d (when din != NULL, set), then W -= lr d * in, b -= lr sum d. */
static inline void conv_bwd_sgd(float *W, float *B, const float *in, const float *d, float *din,
                                int C, int H, int Wd, int O, int G, int kh, int kw, int sh,
                                int sw, int dh, int dw, int pt, int pl, int Ho, int Wo, float lr)
{
    const int Cg = C / G, Og = O / G;
    int o, y, x, ci, ky, kx, i;
    if (din) {
        for (i = 0; i < C * H * Wd; i++) {
            din[i] = 0.0f;
        }
    }
    for (o = 0; o < O; o++) {
        const int g = o / Og;
        float sb = 0.0f;
        for (ci = 0; ci < Cg; ci++) {
            const int c = g * Cg + ci;
            for (ky = 0; ky < kh; ky++) {
                for (kx = 0; kx < kw; kx++) {
                    float *w = &W[((o * Cg + ci) * kh + ky) * kw + kx];
                    const float wv = *w;
                    float acc = 0.0f;
                    for (y = 0; y < Ho; y++) {
                        const int iy = y * sh + ky * dh - pt;
                        if (iy < 0 || iy >= H) {
                            continue;
                        }
                        for (x = 0; x < Wo; x++) {
                            const int ix = x * sw + kx * dw - pl;
                            const float dd = d[(o * Ho + y) * Wo + x];
                            if (ix < 0 || ix >= Wd) {
                                continue;
                            }
                            acc += dd * in[(c * H + iy) * Wd + ix];
                            if (din) {
                                din[(c * H + iy) * Wd + ix] += wv * dd;
                            }
                        }
                    }
                    *w = wv - lr * acc;
                }
            }
        }
        for (i = 0; i < Ho * Wo; i++) {
            sb += d[o * Ho * Wo + i];
        }
        B[o] -= lr * sb;
    }
}

static inline void relu_fwd(float *z, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        if (!(z[i] > 0.0f)) {
            z[i] = 0.0f;
        }
    }
}

/* d *= relu'(h) (h the ReLU's output) */
static inline void relu_bwd(const float *h, float *d, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        if (!(h[i] > 0.0f)) {
            d[i] = 0.0f;
        }
    }
}

/* k x k max pooling, stride k, no padding; arg[o] = the first maximum. */
static inline void maxpool_fwd(const float *in, float *out, int *arg, int C, int H, int Wd,
                               int kh, int kw, int Ho, int Wo)
{
    int c, y, x, ky, kx;
    for (c = 0; c < C; c++) {
        for (y = 0; y < Ho; y++) {
            for (x = 0; x < Wo; x++) {
                int best = (c * H + y * kh) * Wd + x * kw;
                for (ky = 0; ky < kh; ky++) {
                    for (kx = 0; kx < kw; kx++) {
                        const int i = (c * H + y * kh + ky) * Wd + x * kw + kx;
                        if (in[i] > in[best]) {
                            best = i;
                        }
                    }
                }
                out[(c * Ho + y) * Wo + x] = in[best];
                arg[(c * Ho + y) * Wo + x] = best;
            }
        }
    }
}

static inline void maxpool_bwd(const float *d, const int *arg, float *din, int n_in, int n_out)
{
    int i;
    for (i = 0; i < n_in; i++) {
        din[i] = 0.0f;
    }
    for (i = 0; i < n_out; i++) {
        din[arg[i]] += d[i];
    }
}

static inline void gap_fwd(const float *in, float *out, int C, int P)
{
    int c, p;
    for (c = 0; c < C; c++) {
        float s = 0.0f;
        for (p = 0; p < P; p++) {
            s += in[c * P + p];
        }
        out[c] = s * (1.0f / (float)P);
    }
}

static inline void gap_bwd(const float *d, float *din, int C, int P)
{
    int c, p;
    for (c = 0; c < C; c++) {
        const float t = d[c] * (1.0f / (float)P);
        for (p = 0; p < P; p++) {
            din[c * P + p] = t;
        }
    }
}

static inline void dense_fwd(const float *W, const float *B, const float *in, float *z, int NI,
                             int NO)
{
    int o, i;
    for (o = 0; o < NO; o++) {
        float s = 0.0f;
        for (i = 0; i < NI; i++) {
            s += W[o * NI + i] * in[i];
        }
        z[o] = s + B[o];
    }
}

/* din = W^T d (set, when din != NULL), W -= lr d in^T, b -= lr d */
static inline void dense_bwd_sgd(float *W, float *B, const float *in, const float *d, float *din,
                                 int NI, int NO, float lr)
{
    int o, i;
    if (din) {
        for (i = 0; i < NI; i++) {
            din[i] = 0.0f;
        }
    }
    for (o = 0; o < NO; o++) {
        const float s = lr * d[o];
        for (i = 0; i < NI; i++) {
            if (din) {
                din[i] += W[o * NI + i] * d[o];
            }
            W[o * NI + i] -= s * in[i];
        }
        B[o] -= s;
    }
}

/* L = -sum t log softmax(y) (maximum subtracted), dy = sum(t) softmax(y) - t */
static inline float softmax_ce(const float *y, const float *t, float *dy, int n)
{
    float m = y[0], S = 0.0f, L = 0.0f, T = 0.0f, logS, k;
    float e[16];
    int i;
    for (i = 1; i < n; i++) {
        m = y[i] > m ? y[i] : m;
    }
    for (i = 0; i < n; i++) {
        e[i] = flatprop_exp_f(y[i] - m);
        S += e[i];
    }
    logS = flatprop_log_f(S);
    for (i = 0; i < n; i++) {
        L += t[i] * ((m - y[i]) + logS);
        T += t[i];
    }
    k = T / S;
    for (i = 0; i < n; i++) {
        dy[i] = e[i] * k - t[i];
    }
    return L;
}

static inline float squared_error(const float *y, const float *t, float *dy, int n)
{
    float L = 0.0f;
    int i;
    for (i = 0; i < n; i++) {
        const float e = y[i] - t[i];
        L += e * e;
        dy[i] = 2.0f * e;
    }
    return L;
}

#endif
