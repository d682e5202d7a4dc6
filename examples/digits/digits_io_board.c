/* digits_io.h on a Cortex-M board under QEMU: semihosting (boards/include/board.h). */
#include "board.h"
#include "digits_io.h"

void io_puts(const char *s)
{
    board_puts(s);
}

void io_uint(unsigned v)
{
    board_put_u32((uint32_t)v);
}

void io_float(float v, int digits)
{
    board_put_float(v, digits);
}

void io_hex(unsigned long v)
{
    board_put_hex32((uint32_t)v);
}

void io_step_begin(void)
{
    board_bench_begin();
}

void io_step_end(void)
{
    board_bench_end();
}
