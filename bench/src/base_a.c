/* Baseline (a): plain C loops with compile-time dimensions, the way a
 * competent engineer writes a training step by hand: forward keeping every
 * activation, backward writing the whole gradient into a buffer, then one
 * SGD loop over all parameters. */
#include "base_common.h"

static float grad[N_PARAMS];

/* grad of layer (W, B) from d (NO) and its input a (NI); da = W^T d masked by
 * relu'(a) (a > 0) when da != 0 */
#define DENSE_BWD(W, B, a, d, da, HAS_DA, NI, NO)                                   \
    do {                                                                      \
        int o_, i_;                                                           \
        for (o_ = 0; o_ < (NO); o_++) {                                       \
            for (i_ = 0; i_ < (NI); i_++) {                                   \
                grad[(W) + o_ * (NI) + i_] = (d)[o_] * (a)[i_];               \
            }                                                                 \
            if (BIAS) {                                                       \
                grad[(B) + o_] = (d)[o_];                                     \
            }                                                                 \
        }                                                                     \
        if (HAS_DA) {                                                      \
            for (i_ = 0; i_ < (NI); i_++) {                                   \
                float s_ = 0.0f;                                              \
                for (o_ = 0; o_ < (NO); o_++) {                               \
                    s_ += params[(W) + o_ * (NI) + i_] * (d)[o_];             \
                }                                                             \
                (da)[i_] = (a)[i_] > 0.0f ? s_ : 0.0f;             \
            }                                                                 \
        }                                                                     \
    } while (0)

float base_a_train_step(float *params, const float *x, const float *target, float lr)
{
    float L;
    int k;
    FORWARD();
#if NL == 2
    {
        float d2[BD2], d1[BD1];
        LOSS(L, d2);
        DENSE_BWD(OFF_W2, OFF_B2, h1, d2, d1, 1, BD1, BD2);
        DENSE_BWD(OFF_W1, OFF_B1, x, d1, d1, 0, BD0, BD1);
    }
#else
    {
        float d3[BD3], d2[BD2], d1[BD1];
        LOSS(L, d3);
        DENSE_BWD(OFF_W3, OFF_B3, h2, d3, d2, 1, BD2, BD3);
        DENSE_BWD(OFF_W2, OFF_B2, h1, d2, d1, 1, BD1, BD2);
        DENSE_BWD(OFF_W1, OFF_B1, x, d1, d1, 0, BD0, BD1);
    }
#endif
    for (k = 0; k < N_PARAMS; k++) {
        params[k] -= lr * grad[k];
    }
    return L;
}
