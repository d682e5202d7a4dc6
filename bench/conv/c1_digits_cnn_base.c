/* C1 as plain loops (bench/conv/nets/c1_digits_cnn.lua). */
#include "conv_base.h"
#include "layers.h"

#define W1 0
#define B1 (W1 + 8 * 1 * 9)
#define W2 (B1 + 8)
#define B2 (W2 + 16 * 8 * 9)
#define W3 (B2 + 16)
#define B3 (W3 + 10 * 64)

float base_train_step(float *p, const float *x, const float *t, float lr)
{
    float z1[8 * 64], h1[8 * 16], z2[16 * 16], h2[64], y[10], dy[10];
    float d2[64], dz2[16 * 16], d1[8 * 16], dz1[8 * 64];
    int a1[8 * 16], a2[64];
    float L;
    conv_fwd(p + W1, p + B1, x, z1, 1, 8, 8, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1, 8, 8);
    relu_fwd(z1, 8 * 64);
    maxpool_fwd(z1, h1, a1, 8, 8, 8, 2, 2, 4, 4);
    conv_fwd(p + W2, p + B2, h1, z2, 8, 4, 4, 16, 1, 3, 3, 1, 1, 1, 1, 1, 1, 4, 4);
    relu_fwd(z2, 16 * 16);
    maxpool_fwd(z2, h2, a2, 16, 4, 4, 2, 2, 2, 2);
    dense_fwd(p + W3, p + B3, h2, y, 64, 10);
    L = softmax_ce(y, t, dy, 10);
    dense_bwd_sgd(p + W3, p + B3, h2, dy, d2, 64, 10, lr);
    maxpool_bwd(d2, a2, dz2, 16 * 16, 64);
    relu_bwd(z2, dz2, 16 * 16);
    conv_bwd_sgd(p + W2, p + B2, h1, dz2, d1, 8, 4, 4, 16, 1, 3, 3, 1, 1, 1, 1, 1, 1, 4, 4, lr);
    maxpool_bwd(d1, a1, dz1, 8 * 64, 8 * 16);
    relu_bwd(z1, dz1, 8 * 64);
    conv_bwd_sgd(p + W1, p + B1, x, dz1, 0, 1, 8, 8, 8, 1, 3, 3, 1, 1, 1, 1, 1, 1, 8, 8, lr);
    return L;
}
