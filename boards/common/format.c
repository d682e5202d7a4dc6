/* Number formatting without printf: decimal, hex and %g-like floats.
 *
 * Only integer arithmetic, so the output is the same on the M0 (soft float)
 * and the M4F, and the file also builds on the host for a check against
 * printf (boards/selftest/format_check.c). Everything goes to board_write(). */
#include <string.h>

#include "board.h"

void board_put_u32(uint32_t v)
{
    char buf[10];
    size_t i = sizeof buf;

    do {
        buf[--i] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0u);
    board_write(buf + i, sizeof buf - i);
}

void board_put_i32(int32_t v)
{
    if (v < 0) {
        board_write("-", 1);
        board_put_u32(0u - (uint32_t)v); /* well defined for INT32_MIN too */
    } else {
        board_put_u32((uint32_t)v);
    }
}

void board_put_hex32(uint32_t v)
{
    static const char hex[] = "0123456789abcdef";
    char buf[10];
    int i;

    buf[0] = '0';
    buf[1] = 'x';
    for (i = 0; i < 8; i++) {
        buf[2 + i] = hex[(v >> (28 - 4 * i)) & 0xFu];
    }
    board_write(buf, sizeof buf);
}

void board_put_float_bits(float v)
{
    uint32_t bits;

    memcpy(&bits, &v, sizeof bits);
    board_put_hex32(bits);
}

/* Decimal digits of a finite non-zero float: on return dig[0..19] holds the
   significand digits of |v| (dig[0] != 0) and the value is 0.dig * 10^(*exp10 + 1),
   i.e. *exp10 is the decimal exponent of the leading digit. The returned count
   is the number of digits (at most 20). The value m * 2^b * 10^d is kept with
   m near 2^63 while b is driven to 0, so the relative error stays below 1e-16. */
static int float_digits(uint32_t bits, char dig[20], int *exp10)
{
    const uint64_t top = (uint64_t)1 << 63;
    uint32_t bexp = (bits >> 23) & 0xFFu;
    uint64_t m = bits & 0x7FFFFFu;
    int b;
    int d = 0;
    int n = 0;
    int i;
    char rev[20];

    if (bexp == 0u) {
        b = -149; /* subnormal */
    } else {
        m |= 0x800000u;
        b = (int)bexp - 150;
    }
    while (b > 0) {
        if ((m & top) != 0u) {
            m /= 10u;
            d++;
        } else {
            m <<= 1;
            b--;
        }
    }
    while (b < 0) {
        if (m <= UINT64_MAX / 10u) {
            m *= 10u;
            d--;
        } else {
            m >>= 1;
            b++;
        }
    }
    while (m != 0u) {
        rev[n++] = (char)('0' + (int)(m % 10u));
        m /= 10u;
    }
    for (i = 0; i < n; i++) {
        dig[i] = rev[n - 1 - i];
    }
    *exp10 = d + n - 1;
    return n;
}

void board_put_float(float v, int digits)
{
    char out[24];
    char dig[20];
    size_t len = 0;
    uint32_t bits;
    int nd;
    int x;
    int i;
    int last;

    memcpy(&bits, &v, sizeof bits);
    if (digits < 1) {
        digits = 1;
    } else if (digits > 9) {
        digits = 9;
    }
    if ((bits >> 31) != 0u) {
        out[len++] = '-';
    }
    if (((bits >> 23) & 0xFFu) == 0xFFu) {
        const char *word = (bits & 0x7FFFFFu) != 0u ? "nan" : "inf";
        for (i = 0; i < 3; i++) {
            out[len++] = word[i];
        }
        board_write(out, len);
        return;
    }
    if ((bits & 0x7FFFFFFFu) == 0u) {
        out[len++] = '0';
        board_write(out, len);
        return;
    }

    nd = float_digits(bits, dig, &x);
    if (nd > digits) {
        /* Round to `digits` significant digits, ties to even as glibc does
           for values that are exact decimal ties. */
        int up = 0;
        if (dig[digits] > '5') {
            up = 1;
        } else if (dig[digits] == '5') {
            int rest = 0;
            for (i = digits + 1; i < nd; i++) {
                rest |= dig[i] != '0';
            }
            up = rest || ((dig[digits - 1] - '0') & 1);
        }
        nd = digits;
        if (up) {
            i = nd - 1;
            while (i >= 0 && dig[i] == '9') {
                dig[i--] = '0';
            }
            if (i < 0) {
                dig[0] = '1'; /* 99.9 -> 100: one more decimal place */
                x++;
            } else {
                dig[i]++;
            }
        }
    }
    while (nd < digits) {
        dig[nd++] = '0';
    }
    /* %g drops trailing zeros of the fraction; find the last digit to keep. */
    last = nd - 1;
    while (last > 0 && dig[last] == '0') {
        last--;
    }

    if (x < -4 || x >= digits) {
        uint32_t ax = (uint32_t)(x < 0 ? -x : x);
        out[len++] = dig[0];
        if (last > 0) {
            out[len++] = '.';
            for (i = 1; i <= last; i++) {
                out[len++] = dig[i];
            }
        }
        out[len++] = 'e';
        out[len++] = x < 0 ? '-' : '+';
        if (ax >= 100u) {
            out[len++] = (char)('0' + (int)(ax / 100u));
        }
        out[len++] = (char)('0' + (int)(ax / 10u % 10u));
        out[len++] = (char)('0' + (int)(ax % 10u));
    } else if (x >= 0) {
        for (i = 0; i <= x; i++) {
            out[len++] = dig[i];
        }
        if (last > x) {
            out[len++] = '.';
            for (i = x + 1; i <= last; i++) {
                out[len++] = dig[i];
            }
        }
    } else {
        out[len++] = '0';
        out[len++] = '.';
        for (i = x + 1; i < 0; i++) {
            out[len++] = '0';
        }
        for (i = 0; i <= last; i++) {
            out[len++] = dig[i];
        }
    }
    board_write(out, len);
}
