/* Selftest (a): console output through semihosting and the number formatting. */
#include "board.h"

int main(void)
{
    board_puts("hello from the flatprop board\n");
    board_puts("u32=");
    board_put_u32(4294967295u);
    board_puts(" i32=");
    board_put_i32(-2147483647 - 1);
    board_puts(" hex=");
    board_put_hex32(0xdeadbeefu);
    board_puts(" float=");
    board_put_float(3.14159274f, 6);
    board_puts(" small=");
    board_put_float(-1.5e-7f, 4);
    board_puts(" bits=");
    board_put_float_bits(1.0f);
    board_write(" end\n", 5);
    return 0;
}
