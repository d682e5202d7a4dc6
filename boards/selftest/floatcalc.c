/* Selftest (d): only + - * / and int->float conversions, so every IEEE-754
   implementation must give the same bits (with -ffp-contract=off). */
#include "floatcalc.h"

void floatcalc(float out[FLOATCALC_N])
{
    float w[3][4];
    float b[3];
    float x[4];
    float y[3];
    float loss = 0.0f;
    unsigned s = 12345u;
    int i;
    int j;

    for (i = 0; i < 3; i++) {
        for (j = 0; j < 4; j++) {
            s = s * 1103515245u + 12345u;
            w[i][j] = (float)(int)((s >> 16) % 2001u - 600u) / 997.0f;
        }
        b[i] = (float)(i - 1) * 0.1f;
    }
    for (j = 0; j < 4; j++) {
        x[j] = (float)(j + 1) / 3.0f;
    }
    for (i = 0; i < 3; i++) {
        float a = b[i];
        for (j = 0; j < 4; j++) {
            a += w[i][j] * x[j];
        }
        y[i] = a > 0.0f ? a : 0.0f;
        out[i] = y[i];
        loss += (y[i] - 0.5f) * (y[i] - 0.5f);
    }
    out[3] = loss / 3.0f;
    /* one SGD step on w[0] (ReLU gradient where active) */
    for (j = 0; j < 4; j++) {
        float g = y[0] > 0.0f ? 2.0f * (y[0] - 0.5f) * x[j] / 3.0f : 0.0f;
        w[0][j] -= 0.01f * g;
    }
    out[4] = w[0][0];
    out[5] = w[0][3];
    out[6] = (out[0] - out[1]) / (out[2] + 1.0f);
    out[7] = out[3] * 1.0e-40f; /* a subnormal operand and result */
}
