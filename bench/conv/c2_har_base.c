/* C2 as plain loops (bench/conv/nets/c2_har.lua). */
#include "conv_base.h"
#include "layers.h"

#define W1 0
#define B1 (W1 + 8 * 3 * 5)
#define W2 (B1 + 8)
#define B2 (W2 + 16 * 8 * 3)
#define W3 (B2 + 16)
#define B3 (W3 + 6 * 16)

float base_train_step(float *p, const float *x, const float *t, float lr)
{
    float z1[8 * 64], h1[8 * 32], z2[16 * 30], h2[16], y[6], dy[6];
    float d2[16], dz2[16 * 30], d1[8 * 32], dz1[8 * 64];
    int a1[8 * 32];
    float L;
    conv_fwd(p + W1, p + B1, x, z1, 3, 1, 64, 8, 1, 1, 5, 1, 1, 1, 1, 0, 2, 1, 64);
    relu_fwd(z1, 8 * 64);
    maxpool_fwd(z1, h1, a1, 8, 1, 64, 1, 2, 1, 32);
    conv_fwd(p + W2, p + B2, h1, z2, 8, 1, 32, 16, 1, 1, 3, 1, 1, 1, 1, 0, 0, 1, 30);
    relu_fwd(z2, 16 * 30);
    gap_fwd(z2, h2, 16, 30);
    dense_fwd(p + W3, p + B3, h2, y, 16, 6);
    L = softmax_ce(y, t, dy, 6);
    dense_bwd_sgd(p + W3, p + B3, h2, dy, d2, 16, 6, lr);
    gap_bwd(d2, dz2, 16, 30);
    relu_bwd(z2, dz2, 16 * 30);
    conv_bwd_sgd(p + W2, p + B2, h1, dz2, d1, 8, 1, 32, 16, 1, 1, 3, 1, 1, 1, 1, 0, 0, 1, 30, lr);
    maxpool_bwd(d1, a1, dz1, 8 * 64, 8 * 32);
    relu_bwd(z1, dz1, 8 * 64);
    conv_bwd_sgd(p + W1, p + B1, x, dz1, 0, 3, 1, 64, 8, 1, 1, 5, 1, 1, 1, 1, 0, 2, 1, 64, lr);
    return L;
}
