/* Loops shared by the two baselines (included by base_a.c and base_b.c). */
#include "baseline.h"

/* z = W a + b, then h = relu(z) when relu != 0 (h may be z) */
#define DENSE_FWD(W, B, a, z, NI, NO, relu)                                   \
    do {                                                                      \
        int o_, i_;                                                           \
        for (o_ = 0; o_ < (NO); o_++) {                                       \
            float s_ = (BIAS) ? params[(B) + o_] : 0.0f;                      \
            for (i_ = 0; i_ < (NI); i_++) {                                   \
                s_ += params[(W) + o_ * (NI) + i_] * (a)[i_];                 \
            }                                                                 \
            (z)[o_] = ((relu) && s_ <= 0.0f) ? 0.0f : s_;                     \
        }                                                                     \
    } while (0)

/* forward through every layer; h1, h2 (and y) hold the outputs */
#if NL == 2
#define FORWARD()                                                             \
    float h1[BD1], y[BD2];                                                      \
    DENSE_FWD(OFF_W1, OFF_B1, x, h1, BD0, BD1, 1);                              \
    DENSE_FWD(OFF_W2, OFF_B2, h1, y, BD1, BD2, 0)
#else
#define FORWARD()                                                             \
    float h1[BD1], h2[BD2], y[BD3];                                              \
    DENSE_FWD(OFF_W1, OFF_B1, x, h1, BD0, BD1, 1);                              \
    DENSE_FWD(OFF_W2, OFF_B2, h1, h2, BD1, BD2, 1);                             \
    DENSE_FWD(OFF_W3, OFF_B3, h2, y, BD2, BD3, 0)
#endif

/* L and dy = dL/dy for the squared error */
#define LOSS(L, dy)                                                           \
    do {                                                                      \
        int k_;                                                               \
        (L) = 0.0f;                                                           \
        for (k_ = 0; k_ < D_OUT; k_++) {                                      \
            float e_ = y[k_] - target[k_];                                    \
            (L) += e_ * e_;                                                   \
            (dy)[k_] = 2.0f * e_;                                             \
        }                                                                     \
    } while (0)
