/* Parameter blobs: save and load flat parameter arrays in the checked
 * binary format documented in flatprop.h (section "parameter blobs").
 *
 * Host and target run the same code: every multi-byte integer is assembled
 * or split with shifts, and values move as bit patterns through memcpy
 * between the scalar's bytes and a uint32_t/uint64_t, never through
 * floating-point arithmetic. Loading validates the whole blob before it
 * writes the first byte of the destination. */
#include "flatprop.h"

#include <string.h>

/* The format stores IEEE binary32/binary64 bit patterns: refuse to build
 * where float or double has another size. Where double is not binary64
 * (avr-gcc) the double flavour is left out (FLATPROP_HAS_DOUBLE). */
typedef char flatprop_float_is_4_bytes[(sizeof(float) == 4) ? 1 : -1];
#if FLATPROP_HAS_DOUBLE
typedef char flatprop_double_is_8_bytes[(sizeof(double) == 8) ? 1 : -1];
#endif

enum {
    OFF_MAGIC = 0,
    OFF_VERSION = 4,
    OFF_TYPE = 6,
    OFF_RESERVED = 7,
    OFF_IDENTITY = 8,
    OFF_COUNT = 12,
    OFF_VALUES = 16
};

/* ---- little-endian byte helpers ---------------------------------------- */

static uint32_t get_u16(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static void put_u16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    p[2] = (uint8_t)((v >> 16) & 0xFFu);
    p[3] = (uint8_t)((v >> 24) & 0xFFu);
}

/* ---- hashes ------------------------------------------------------------ */

uint32_t flatprop_identity_hash(const char *text)
{
    uint32_t h = 0x811C9DC5u;
    const unsigned char *p = (const unsigned char *)text;
    if (p == NULL) {
        return h;
    }
    while (*p != 0u) {
        h ^= (uint32_t)*p++;
        h *= 0x01000193u;
    }
    return h;
}

/* CRC-32/IEEE, reflected, four bits at a time: crc_nibble[i] is the CRC
 * register after shifting the 4-bit value i through the polynomial
 * 0xEDB88320. 64 bytes of table instead of 1 KiB. */
static const uint32_t crc_nibble[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu,
    0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
    0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
    0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu
};

static uint32_t crc_update(uint32_t crc, const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        crc ^= (uint32_t)p[i];
        crc = (crc >> 4) ^ crc_nibble[crc & 0x0Fu];
        crc = (crc >> 4) ^ crc_nibble[crc & 0x0Fu];
    }
    return crc;
}

uint32_t flatprop_crc32(const void *data, size_t n)
{
    if (data == NULL || n == 0) {
        return 0u;
    }
    return crc_update(0xFFFFFFFFu, (const uint8_t *)data, n) ^ 0xFFFFFFFFu;
}

/* ---- sizes ------------------------------------------------------------- */

/* Bytes of a blob of n values of `width` bytes, or 0 when n is 0, does not
 * fit the u32 count field, or the size overflows size_t. */
static size_t blob_size(size_t n, size_t width)
{
    if (n == 0) {
        return 0;
    }
#if SIZE_MAX > 0xFFFFFFFFu /* the count field is a u32 (size_t has 16 bits on AVR) */
    if (n > 0xFFFFFFFFu) {
        return 0;
    }
#endif
    /* constant divisors: no run-time division (none in hardware on M0) */
    if (width == 4 ? n > (SIZE_MAX - FLATPROP_BLOB_OVERHEAD) / 4u
                   : n > (SIZE_MAX - FLATPROP_BLOB_OVERHEAD) / 8u) {
        return 0;
    }
    return FLATPROP_BLOB_OVERHEAD + n * width;
}

size_t flatprop_blob_size_f(size_t n_params)
{
    return blob_size(n_params, 4);
}

size_t flatprop_blob_size_d(size_t n_params)
{
    return blob_size(n_params, 8);
}

/* ---- values as bit patterns -------------------------------------------- */

/* Bit pattern of value i of a scalar array of `width` bytes per value.
 * memcpy from the array's bytes: never loaded into a floating-point
 * register, so even NaN payloads come through unchanged. */
static uint64_t value_bits(const void *values, size_t i, size_t width)
{
    const unsigned char *src = (const unsigned char *)values + i * width;
    if (width == 4) {
        uint32_t u;
        memcpy(&u, src, sizeof u);
        return (uint64_t)u;
    } else {
        uint64_t u;
        memcpy(&u, src, sizeof u);
        return u;
    }
}

static void store_bits(void *values, size_t i, size_t width, uint64_t bits)
{
    unsigned char *dst = (unsigned char *)values + i * width;
    if (width == 4) {
        const uint32_t u = (uint32_t)bits;
        memcpy(dst, &u, sizeof u);
    } else {
        memcpy(dst, &bits, sizeof bits);
    }
}

/* NaN and the infinities have an all-ones exponent. */
static int bits_nonfinite(uint64_t bits, size_t width)
{
    if (width == 4) {
        return (bits & 0x7F800000u) == 0x7F800000u;
    }
    return (bits & UINT64_C(0x7FF0000000000000)) == UINT64_C(0x7FF0000000000000);
}

static uint64_t get_value(const uint8_t *p, size_t width)
{
    uint64_t v = 0;
    size_t k = width;
    while (k > 0) {
        k--;
        v = (v << 8) | (uint64_t)p[k];
    }
    return v;
}

static void put_value(uint8_t *p, uint64_t v, size_t width)
{
    size_t k;
    for (k = 0; k < width; k++) {
        p[k] = (uint8_t)(v & 0xFFu);
        v >>= 8;
    }
}

/* ---- save -------------------------------------------------------------- */

static int save(const void *params, size_t n, size_t width, uint32_t type,
                uint32_t identity, uint8_t *buf, size_t cap, size_t *written)
{
    const size_t need = blob_size(n, width);
    size_t i;
    uint8_t *p;
    if (written == NULL) {
        return FLATPROP_ERR_ARG;
    }
    *written = 0;
    if (params == NULL || buf == NULL || need == 0) {
        return FLATPROP_ERR_ARG;
    }
    if (cap < need) {
        *written = need;
        return FLATPROP_ERR_BUFFER_SMALL;
    }
    for (i = 0; i < n; i++) {
        if (bits_nonfinite(value_bits(params, i, width), width)) {
            return FLATPROP_ERR_NONFINITE;
        }
    }

    buf[OFF_MAGIC + 0] = (uint8_t)'F';
    buf[OFF_MAGIC + 1] = (uint8_t)'L';
    buf[OFF_MAGIC + 2] = (uint8_t)'P';
    buf[OFF_MAGIC + 3] = (uint8_t)'B';
    put_u16(buf + OFF_VERSION, FLATPROP_BLOB_VERSION);
    buf[OFF_TYPE] = (uint8_t)type;
    buf[OFF_RESERVED] = 0;
    put_u32(buf + OFF_IDENTITY, identity);
    put_u32(buf + OFF_COUNT, (uint32_t)n);
    p = buf + OFF_VALUES;
    for (i = 0; i < n; i++) {
        put_value(p, value_bits(params, i, width), width);
        p += width;
    }
    put_u32(p, flatprop_crc32(buf, need - 4));
    *written = need;
    return FLATPROP_OK;
}

int flatprop_save_f(const float *params, size_t n_params, uint32_t identity,
                    uint8_t *buf, size_t cap, size_t *written)
{
    return save(params, n_params, 4, FLATPROP_BLOB_FLOAT32, identity, buf, cap,
                written);
}

#if FLATPROP_HAS_DOUBLE /* not where double has 32 bits (avr-gcc) */
int flatprop_save_d(const double *params, size_t n_params, uint32_t identity,
                    uint8_t *buf, size_t cap, size_t *written)
{
    return save(params, n_params, 8, FLATPROP_BLOB_FLOAT64, identity, buf, cap,
                written);
}
#endif

/* ---- validation -------------------------------------------------------- */

/* Checks 2-4 of the documented order: a complete header, the magic, the
 * version and the reserved byte. */
static int check_header(const uint8_t *buf, size_t len)
{
    if (len < FLATPROP_BLOB_HEADER_SIZE) {
        return FLATPROP_ERR_TRUNCATED;
    }
    if (buf[OFF_MAGIC + 0] != (uint8_t)'F' || buf[OFF_MAGIC + 1] != (uint8_t)'L' ||
        buf[OFF_MAGIC + 2] != (uint8_t)'P' || buf[OFF_MAGIC + 3] != (uint8_t)'B') {
        return FLATPROP_ERR_MAGIC;
    }
    if (get_u16(buf + OFF_VERSION) != FLATPROP_BLOB_VERSION ||
        buf[OFF_RESERVED] != 0u) {
        return FLATPROP_ERR_VERSION;
    }
    return FLATPROP_OK;
}

/* Checks 8-10: exact length, CRC, finite values. `need` is the size the
 * (already validated) header implies. */
static int check_body(const uint8_t *buf, size_t len, size_t need, size_t n,
                      size_t width)
{
    const uint8_t *p = buf + OFF_VALUES;
    size_t i;
    if (len < need) {
        return FLATPROP_ERR_TRUNCATED;
    }
    if (len > need) {
        return FLATPROP_ERR_ARG;
    }
    if (flatprop_crc32(buf, need - 4) != get_u32(buf + need - 4)) {
        return FLATPROP_ERR_CHECKSUM;
    }
    for (i = 0; i < n; i++) {
        if (bits_nonfinite(get_value(p, width), width)) {
            return FLATPROP_ERR_NONFINITE;
        }
        p += width;
    }
    return FLATPROP_OK;
}

static int load(void *params, size_t n, size_t width, uint32_t type,
                uint32_t identity, const uint8_t *buf, size_t len)
{
    const size_t need = blob_size(n, width);
    const uint8_t *p;
    size_t i;
    int rc;
    if (params == NULL || buf == NULL || need == 0) {
        return FLATPROP_ERR_ARG;
    }
    rc = check_header(buf, len);
    if (rc != FLATPROP_OK) {
        return rc;
    }
    if ((uint32_t)buf[OFF_TYPE] != type) {
        return FLATPROP_ERR_TYPE;
    }
    if (get_u32(buf + OFF_IDENTITY) != identity) {
        return FLATPROP_ERR_IDENTITY;
    }
    if (get_u32(buf + OFF_COUNT) != (uint32_t)n) {
        return FLATPROP_ERR_COUNT;
    }
    rc = check_body(buf, len, need, n, width);
    if (rc != FLATPROP_OK) {
        return rc;
    }
    /* Everything checked: only now touch the destination. */
    p = buf + OFF_VALUES;
    for (i = 0; i < n; i++) {
        store_bits(params, i, width, get_value(p, width));
        p += width;
    }
    return FLATPROP_OK;
}

int flatprop_load_f(float *params, size_t n_params, uint32_t identity,
                    const uint8_t *buf, size_t len)
{
    return load(params, n_params, 4, FLATPROP_BLOB_FLOAT32, identity, buf, len);
}

#if FLATPROP_HAS_DOUBLE /* not where double has 32 bits (avr-gcc) */
int flatprop_load_d(double *params, size_t n_params, uint32_t identity,
                    const uint8_t *buf, size_t len)
{
    return load(params, n_params, 8, FLATPROP_BLOB_FLOAT64, identity, buf, len);
}
#endif

int flatprop_blob_info(const uint8_t *buf, size_t len, flatprop_blob_info_t *info)
{
    uint32_t type;
    uint32_t count;
    size_t width;
    size_t need;
    int rc;
    if (buf == NULL || info == NULL) {
        return FLATPROP_ERR_ARG;
    }
    rc = check_header(buf, len);
    if (rc != FLATPROP_OK) {
        return rc;
    }
    type = (uint32_t)buf[OFF_TYPE];
    if (type == FLATPROP_BLOB_FLOAT32) {
        width = 4;
    } else if (type == FLATPROP_BLOB_FLOAT64) {
        width = 8;
    } else {
        return FLATPROP_ERR_TYPE;
    }
    count = get_u32(buf + OFF_COUNT);
    if (count == 0u) {
        return FLATPROP_ERR_COUNT;
    }
    need = blob_size((size_t)count, width);
    if (need == 0) {
        /* the size does not fit in a size_t: len cannot be that long */
        return FLATPROP_ERR_TRUNCATED;
    }
    rc = check_body(buf, len, need, (size_t)count, width);
    if (rc != FLATPROP_OK) {
        return rc;
    }
    info->version = (uint16_t)get_u16(buf + OFF_VERSION);
    info->scalar_type = (uint8_t)type;
    info->scalar_size = (uint8_t)width;
    info->identity = get_u32(buf + OFF_IDENTITY);
    info->count = count;
    info->crc = get_u32(buf + need - 4);
    info->size = need;
    return FLATPROP_OK;
}
