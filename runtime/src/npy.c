/* NumPy .npy encoding of one tensor (see flatprop_npy.h). Values move as
 * bit patterns through memcpy into uint32_t/uint64_t and are split into
 * little-endian bytes with shifts, so host and target write the same bytes. */
#include "flatprop_npy.h"

#include <string.h>

enum { NPY_ALIGN = 64, NPY_MAX_DICT = 96 };

/* Append the decimal digits of v at p; returns the new end. */
static char *put_dec(char *p, uint32_t v)
{
    char tmp[10];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0u);
    while (n > 0) {
        *p++ = tmp[--n];
    }
    return p;
}

static char *put_str(char *p, const char *s)
{
    while (*s != '\0') {
        *p++ = *s++;
    }
    return p;
}

/* The header dict; returns its length (without the padding and newline). */
static size_t header_dict(char *dict, const char *descr, uint32_t rows, uint32_t cols)
{
    char *p = dict;
    p = put_str(p, "{'descr': '");
    p = put_str(p, descr);
    p = put_str(p, "', 'fortran_order': False, 'shape': (");
    p = put_dec(p, rows);
    if (cols == 0u) {
        p = put_str(p, ",), }");
    } else {
        p = put_str(p, ", ");
        p = put_dec(p, cols);
        p = put_str(p, "), }");
    }
    return (size_t)(p - dict);
}

/* Total header bytes (magic to newline), a multiple of NPY_ALIGN. */
static size_t header_size(size_t dict_len)
{
    const size_t raw = 10u + dict_len + 1u;
    return (raw + NPY_ALIGN - 1u) / NPY_ALIGN * NPY_ALIGN;
}

static size_t npy_size(uint32_t rows, uint32_t cols, size_t width, const char *descr)
{
    char dict[NPY_MAX_DICT];
    const size_t count_max = ((size_t)-1 - 256u) / width;
    size_t count;
    if (rows == 0u) {
        return 0u;
    }
    count = (size_t)rows;
    if (cols != 0u) {
        if ((size_t)cols > count_max / count) {
            return 0u;
        }
        count *= (size_t)cols;
    }
    if (count > count_max) {
        return 0u;
    }
    return header_size(header_dict(dict, descr, rows, cols)) + count * width;
}

size_t flatprop_npy_size_f(uint32_t rows, uint32_t cols)
{
    return npy_size(rows, cols, 4u, "<f4");
}

size_t flatprop_npy_size_d(uint32_t rows, uint32_t cols)
{
    return npy_size(rows, cols, 8u, "<f8");
}

/* Header into buf (which has room); returns its size. */
static size_t write_header(uint8_t *buf, const char *descr, uint32_t rows, uint32_t cols)
{
    char dict[NPY_MAX_DICT];
    const size_t dict_len = header_dict(dict, descr, rows, cols);
    const size_t total = header_size(dict_len);
    const size_t hlen = total - 10u;
    size_t i;
    memcpy(buf, "\x93NUMPY", 6);
    buf[6] = 1u;
    buf[7] = 0u;
    buf[8] = (uint8_t)(hlen & 0xFFu);
    buf[9] = (uint8_t)((hlen >> 8) & 0xFFu);
    memcpy(buf + 10, dict, dict_len);
    for (i = 10u + dict_len; i < total - 1u; i++) {
        buf[i] = (uint8_t)' ';
    }
    buf[total - 1u] = (uint8_t)'\n';
    return total;
}

/* Encode one tensor of `width`-byte IEEE values (4 or 8): the shared body
 * of the float and double writers. Bytes go out little-endian by shifts,
 * the same on every host. */
static int npy_write(const void *data, size_t width, const char *descr, size_t need,
                     uint32_t rows, uint32_t cols, uint8_t *buf, size_t cap, size_t *len)
{
    const uint8_t *src = (const uint8_t *)data;
    size_t count, i, b, p;
    if (len != NULL) {
        *len = 0u;
    }
    if (data == NULL || buf == NULL || need == 0u) {
        return FLATPROP_ERR_ARG;
    }
    if (cap < need) {
        if (len != NULL) {
            *len = need;
        }
        return FLATPROP_ERR_BUFFER_SMALL;
    }
    count = (size_t)rows * (cols == 0u ? 1u : (size_t)cols);
    p = write_header(buf, descr, rows, cols);
    for (i = 0; i < count; i++) {
        uint64_t bits;
        if (width == 4u) {
            uint32_t b32;
            memcpy(&b32, src + 4u * i, sizeof b32);
            bits = b32;
        } else {
            memcpy(&bits, src + 8u * i, sizeof bits);
        }
        for (b = 0; b < width; b++) {
            buf[p++] = (uint8_t)((bits >> (8u * b)) & 0xFFu);
        }
    }
    if (len != NULL) {
        *len = p;
    }
    return FLATPROP_OK;
}

int flatprop_npy_write_f(const float *data, uint32_t rows, uint32_t cols, uint8_t *buf,
                         size_t cap, size_t *len)
{
    return npy_write(data, 4u, "<f4", flatprop_npy_size_f(rows, cols), rows, cols, buf, cap,
                     len);
}

#if FLATPROP_HAS_DOUBLE /* 8-byte values need a 64-bit double (not on avr-gcc) */
int flatprop_npy_write_d(const double *data, uint32_t rows, uint32_t cols, uint8_t *buf,
                         size_t cap, size_t *len)
{
    return npy_write(data, 8u, "<f8", flatprop_npy_size_d(rows, cols), rows, cols, buf, cap,
                     len);
}
#endif
