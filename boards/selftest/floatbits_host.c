/* Selftest (d), host side: the reference output for floatbits.c. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "floatcalc.h"

int main(void)
{
    float out[FLOATCALC_N];
    int i;

    floatcalc(out);
    for (i = 0; i < FLOATCALC_N; i++) {
        uint32_t bits;
        memcpy(&bits, &out[i], sizeof bits);
        printf("out[%d] = 0x%08" PRIx32 " %.9g\n", i, bits, (double)out[i]);
    }
    return 0;
}
