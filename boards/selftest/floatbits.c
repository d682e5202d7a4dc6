/* Selftest (d), target side: prints the same lines as floatbits_host.c. */
#include "board.h"
#include "floatcalc.h"

int main(void)
{
    float out[FLOATCALC_N];
    int i;

    floatcalc(out);
    for (i = 0; i < FLOATCALC_N; i++) {
        board_puts("out[");
        board_put_i32(i);
        board_puts("] = ");
        board_put_float_bits(out[i]);
        board_puts(" ");
        board_put_float(out[i], 9);
        board_puts("\n");
    }
    return 0;
}
