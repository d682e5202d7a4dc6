/* mcu_io.h on a Cortex-M board under QEMU: semihosting (boards/include/board.h). */
#include "board.h"
#include "mcu_io.h"

void io_puts(const char *s)
{
    board_puts(s);
}

void io_hex32(uint32_t v)
{
    board_put_hex32(v);
}

void io_float(float v)
{
    board_put_float(v, 9);
}
