/* mcu_io.h on the host: stdio. */
#include <stdio.h>

#include "mcu_io.h"

void io_puts(const char *s)
{
    fputs(s, stdout);
}

void io_hex32(uint32_t v)
{
    printf("0x%08lx", (unsigned long)v);
}

void io_float(float v)
{
    printf("%.9g", (double)v);
}
