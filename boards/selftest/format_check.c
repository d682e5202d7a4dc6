/* Host program: compares boards/common/format.c with the host's printf.
 *
 * Built with the host compiler by the selftest project. board_write() here
 * appends to a buffer; each value is formatted both ways and compared.
 * Checks special values, integers and a few million pseudo-random float bit
 * patterns for every precision 1..9. Exit status 0 when all agree. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "board.h"

static char got[64];
static size_t got_len;

void board_write(const char *buf, size_t n)
{
    if (got_len + n < sizeof got) {
        memcpy(got + got_len, buf, n);
        got_len += n;
        got[got_len] = '\0';
    }
}

static unsigned long failures;

static void expect(const char *want, const char *what, uint32_t arg, int digits)
{
    if (strcmp(got, want) != 0) {
        if (failures < 20) {
            printf("MISMATCH %s(0x%08" PRIx32 ", %d): got \"%s\" want \"%s\"\n", what, arg,
                   digits, got, want);
        }
        failures++;
    }
    got_len = 0;
    got[0] = '\0';
}

static void check_float(uint32_t bits, int digits)
{
    char want[64];
    float f;

    memcpy(&f, &bits, sizeof f);
    snprintf(want, sizeof want, "%.*g", digits, (double)f);
    board_put_float(f, digits);
    expect(want, "board_put_float", bits, digits);
}

int main(void)
{
    static const uint32_t special[] = {
        0x00000000u, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x7f800000u, 0xff800000u,
        0x7fc00000u, 0x00000001u, 0x007fffffu, 0x00800000u, 0x7f7fffffu, 0x40200000u,
        0x3f000000u, 0x3dcccccdu, 0x461c4000u, 0x4479fff0u, 0x3c23d70au, 0x38d1b717u,
        0x4b189680u, 0x4e6e6b28u,
    };
    static const int32_t ints[] = { 0, 1, -1, 9, 10, 2147483647, -2147483647 - 1, 123456789 };
    uint32_t x = 0x12345678u;
    unsigned long i;
    int d;
    char want[64];

    for (i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        snprintf(want, sizeof want, "%" PRId32, ints[i]);
        board_put_i32(ints[i]);
        expect(want, "board_put_i32", (uint32_t)ints[i], 0);
        snprintf(want, sizeof want, "%" PRIu32, (uint32_t)ints[i]);
        board_put_u32((uint32_t)ints[i]);
        expect(want, "board_put_u32", (uint32_t)ints[i], 0);
        snprintf(want, sizeof want, "0x%08" PRIx32, (uint32_t)ints[i]);
        board_put_hex32((uint32_t)ints[i]);
        expect(want, "board_put_hex32", (uint32_t)ints[i], 0);
    }
    for (d = 0; d <= 9; d++) {
        for (i = 0; i < sizeof special / sizeof special[0]; i++) {
            check_float(special[i], d);
        }
    }
    for (i = 0; i < 3000000ul; i++) {
        x ^= x << 13; /* xorshift32 */
        x ^= x >> 17;
        x ^= x << 5;
        if (((x >> 23) & 0xFFu) != 0xFFu) { /* NaN payload signs vary by libc */
            check_float(x, (int)(i % 9u) + 1);
        }
    }
    printf("format_check: %lu mismatches\n", failures);
    return failures == 0 ? 0 : 1;
}
