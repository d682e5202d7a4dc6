/* Baseline (b): the loops of baseline (a) with the SGD update fused into
 * backward: each row's input gradient is accumulated from the weight before
 * the weight is updated, and no gradient buffer exists. */
#include "base_common.h"

/* d (NO) at the layer's output; da = W^T d masked by relu'(a) when da != 0;
 * W -= lr d a^T, b -= lr d */
#define DENSE_BWD_SGD(W, B, a, d, da, HAS_DA, NI, NO)                               \
    do {                                                                      \
        int o_, i_;                                                           \
        if (HAS_DA) {                                                      \
            for (i_ = 0; i_ < (NI); i_++) {                                   \
                (da)[i_] = 0.0f;                                   \
            }                                                                 \
        }                                                                     \
        for (o_ = 0; o_ < (NO); o_++) {                                       \
            const float s_ = lr * (d)[o_];                                    \
            for (i_ = 0; i_ < (NI); i_++) {                                   \
                float *w_ = &params[(W) + o_ * (NI) + i_];                    \
                if (HAS_DA) {                                              \
                    (da)[i_] += *w_ * (d)[o_];                     \
                }                                                             \
                *w_ -= s_ * (a)[i_];                                          \
            }                                                                 \
            if (BIAS) {                                                       \
                params[(B) + o_] -= s_;                                       \
            }                                                                 \
        }                                                                     \
        if (HAS_DA) {                                                      \
            for (i_ = 0; i_ < (NI); i_++) {                                   \
                if (!((a)[i_] > 0.0f)) {                                      \
                    (da)[i_] = 0.0f;                               \
                }                                                             \
            }                                                                 \
        }                                                                     \
    } while (0)

float base_b_train_step(float *params, const float *x, const float *target, float lr)
{
    float L;
    FORWARD();
#if NL == 2
    {
        float d2[BD2], d1[BD1];
        LOSS(L, d2);
        DENSE_BWD_SGD(OFF_W2, OFF_B2, h1, d2, d1, 1, BD1, BD2);
        DENSE_BWD_SGD(OFF_W1, OFF_B1, x, d1, d1, 0, BD0, BD1);
    }
#else
    {
        float d3[BD3], d2[BD2], d1[BD1];
        LOSS(L, d3);
        DENSE_BWD_SGD(OFF_W3, OFF_B3, h2, d3, d2, 1, BD2, BD3);
        DENSE_BWD_SGD(OFF_W2, OFF_B2, h1, d2, d1, 1, BD1, BD2);
        DENSE_BWD_SGD(OFF_W1, OFF_B1, x, d1, d1, 0, BD0, BD1);
    }
#endif
    return L;
}
