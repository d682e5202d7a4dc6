/* C3 as plain loops (bench/conv/nets/c3_separable.lua). */
#include "conv_base.h"
#include "layers.h"

#define W1 0
#define B1 (W1 + 8 * 1 * 9)
#define W2 (B1 + 8)
#define B2 (W2 + 16 * 8)
#define W3 (B2 + 16)
#define B3 (W3 + 4 * 16)

float base_train_step(float *p, const float *x, const float *t, float lr)
{
    float z1[8 * 144], z2[16 * 144], h2[16], y[4], dy[4];
    float d2[16], dz2[16 * 144], dz1[8 * 144];
    float L;
    conv_fwd(p + W1, p + B1, x, z1, 8, 12, 12, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 12, 12);
    relu_fwd(z1, 8 * 144);
    conv_fwd(p + W2, p + B2, z1, z2, 8, 12, 12, 16, 1, 1, 1, 1, 1, 1, 1, 0, 0, 12, 12);
    relu_fwd(z2, 16 * 144);
    gap_fwd(z2, h2, 16, 144);
    dense_fwd(p + W3, p + B3, h2, y, 16, 4);
    L = squared_error(y, t, dy, 4);
    dense_bwd_sgd(p + W3, p + B3, h2, dy, d2, 16, 4, lr);
    gap_bwd(d2, dz2, 16, 144);
    relu_bwd(z2, dz2, 16 * 144);
    conv_bwd_sgd(p + W2, p + B2, z1, dz2, dz1, 8, 12, 12, 16, 1, 1, 1, 1, 1, 1, 1, 0, 0, 12, 12, lr);
    relu_bwd(z1, dz1, 8 * 144);
    conv_bwd_sgd(p + W1, p + B1, x, dz1, 0, 8, 12, 12, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 12, 12, lr);
    return L;
}
