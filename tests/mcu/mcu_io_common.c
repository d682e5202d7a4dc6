/* The shared part of mcu_io.h: lines of values built on io_puts/io_hex32. */
#include <string.h>

#include "mcu_io.h"

uint32_t io_bits(float v)
{
    uint32_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}

void io_floats(const char *label, const float *v, size_t n)
{
    size_t i;
    io_puts(label);
    io_puts(":");
    for (i = 0; i < n; i++) {
        io_puts(" ");
        io_hex32(io_bits(v[i]));
        io_puts("(");
        io_float(v[i]);
        io_puts(")");
    }
    io_puts("\n");
}

void io_words(const char *label, const uint32_t *v, size_t n)
{
    size_t i;
    io_puts(label);
    io_puts(":");
    for (i = 0; i < n; i++) {
        io_puts(" ");
        io_hex32(v[i]);
    }
    io_puts("\n");
}
