/* digits_io.h on the host: stdio. */
#include <stdio.h>

#include "digits_io.h"

void io_puts(const char *s)
{
    fputs(s, stdout);
}

void io_uint(unsigned v)
{
    printf("%u", v);
}

void io_float(float v, int digits)
{
    printf("%.*g", digits, (double)v);
}

void io_hex(unsigned long v)
{
    printf("0x%08lx", v & 0xFFFFFFFFul);
}

void io_step_begin(void)
{
}

void io_step_end(void)
{
}
