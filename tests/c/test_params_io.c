/* Tests of the parameter blob format (runtime/src/params_io.c).
 *
 * Build and run standalone: see tests/c/README-params_io.txt.
 *
 * The test itself may use the heap: every blob handed to a load function is
 * first copied into a malloc'd buffer of exactly `len` bytes, so that
 * AddressSanitizer or valgrind catch any read past the end. Destinations
 * are surrounded by canary bytes and pre-filled with a canary pattern, and
 * compared with memcmp after every rejected call. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "flatprop.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

#define MAXN 64
#define GUARD 16           /* canary bytes on each side of a buffer */
#define CANARY 0xA5u

/* A deterministic xorshift32 generator, independent of the runtime's. */
static uint32_t xs_state;

static void xs_seed(uint32_t seed)
{
    xs_state = seed != 0u ? seed : 0x9E3779B9u;
}

static uint32_t xs_next(void)
{
    uint32_t x = xs_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    xs_state = x;
    return x;
}

static uint32_t xs_below(uint32_t bound)
{
    return xs_next() % bound;
}

static float f_of_bits(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static double d_of_bits(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

/* Random finite values by bit pattern: all exponents but all-ones, both
 * signs, zeros, subnormals and extremes included. */
static void random_values(void *dst, size_t n, size_t width)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (width == 4) {
            uint32_t u = xs_next();
            if ((u & 0x7F800000u) == 0x7F800000u) {
                u &= ~0x00800000u;
            }
            memcpy((unsigned char *)dst + i * 4, &u, 4);
        } else {
            uint64_t u = ((uint64_t)xs_next() << 32) | xs_next();
            if ((u & UINT64_C(0x7FF0000000000000)) == UINT64_C(0x7FF0000000000000)) {
                u &= ~UINT64_C(0x0010000000000000);
            }
            memcpy((unsigned char *)dst + i * 8, &u, 8);
        }
    }
}

/* A destination of n values of `width` bytes between two canary guards.
 * Declared as doubles so the values are aligned for float and double. */
typedef struct {
    double storage[(GUARD + MAXN * 8 + GUARD) / sizeof(double)];
} dest_t;

static unsigned char *dest_bytes(dest_t *d)
{
    return (unsigned char *)d->storage;
}

static void *dest_values(dest_t *d)
{
    return dest_bytes(d) + GUARD;
}

static void dest_fill(dest_t *d)
{
    memset(d->storage, (int)CANARY, sizeof d->storage);
}

static int dest_untouched(dest_t *d)
{
    unsigned char ref[sizeof d->storage];
    memset(ref, (int)CANARY, sizeof ref);
    return memcmp(ref, d->storage, sizeof ref) == 0;
}

/* Guards around the values must be intact after a successful load too. */
static int dest_guards_intact(dest_t *d, size_t n, size_t width)
{
    const unsigned char *b = dest_bytes(d);
    size_t i;
    for (i = 0; i < GUARD; i++) {
        if (b[i] != CANARY) {
            return 0;
        }
    }
    for (i = GUARD + n * width; i < sizeof d->storage; i++) {
        if (b[i] != CANARY) {
            return 0;
        }
    }
    return 1;
}

/* Copy of a blob in a heap buffer of exactly len bytes (1 when len is 0,
 * still never read by a correct implementation). */
static uint8_t *exact_copy(const uint8_t *src, size_t len)
{
    uint8_t *p = (uint8_t *)malloc(len != 0 ? len : 1);
    assert_non_null(p);
    if (len != 0) {
        memcpy(p, src, len);
    }
    return p;
}

static int load_any(void *dst, size_t n, size_t width, uint32_t identity,
                    const uint8_t *buf, size_t len)
{
    if (width == 4) {
        return flatprop_load_f((float *)dst, n, identity, buf, len);
    }
    return flatprop_load_d((double *)dst, n, identity, buf, len);
}

static int save_any(const void *src, size_t n, size_t width, uint32_t identity,
                    uint8_t *buf, size_t cap, size_t *written)
{
    if (width == 4) {
        return flatprop_save_f((const float *)src, n, identity, buf, cap, written);
    }
    return flatprop_save_d((const double *)src, n, identity, buf, cap, written);
}

static size_t size_any(size_t n, size_t width)
{
    return width == 4 ? flatprop_blob_size_f(n) : flatprop_blob_size_d(n);
}

/* Load an exact heap copy of buf[0..len) into a canary-filled destination
 * and require status `want` with the destination untouched. */
static void expect_rejected(const uint8_t *buf, size_t len, size_t n, size_t width,
                            uint32_t identity, int want)
{
    dest_t d;
    uint8_t *copy = exact_copy(buf, len);
    dest_fill(&d);
    assert_int_equal(load_any(dest_values(&d), n, width, identity, copy, len), want);
    assert_true(dest_untouched(&d));
    free(copy);
}

/* Recompute the CRC of a blob after the test edited it on purpose. */
static void fix_crc(uint8_t *blob, size_t len)
{
    const uint32_t crc = flatprop_crc32(blob, len - 4);
    blob[len - 4] = (uint8_t)(crc & 0xFFu);
    blob[len - 3] = (uint8_t)((crc >> 8) & 0xFFu);
    blob[len - 2] = (uint8_t)((crc >> 16) & 0xFFu);
    blob[len - 1] = (uint8_t)((crc >> 24) & 0xFFu);
}

/* Bit-by-bit reference CRC-32, to cross-check the nibble-table version. */
static uint32_t crc32_reference(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        crc ^= p[i];
        for (k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ ((crc & 1u) != 0u ? 0xEDB88320u : 0u);
        }
    }
    return crc ^ 0xFFFFFFFFu;
}

/* ------------------------------------------------------------------------ */
/* Known answers, written out independently                                  */
/* ------------------------------------------------------------------------ */

/* These bytes were computed independently of the C code, in Python 3:
 *   import struct, zlib
 *   body = b'FLPB' + struct.pack('<HBBII', 1, 1, 0, 0x01020304, 2) \
 *          + struct.pack('<ff', 1.0, -2.5)
 *   blob = body + struct.pack('<I', zlib.crc32(body))   # crc 0xEF084939
 * and likewise with type 2 and '<dd' for doubles (crc 0xD09FCB40). */
static const uint8_t known_f[28] = {
    0x46, 0x4C, 0x50, 0x42, 0x01, 0x00, 0x01, 0x00, /* "FLPB", v1, f32, 0 */
    0x04, 0x03, 0x02, 0x01, 0x02, 0x00, 0x00, 0x00, /* identity, count 2 */
    0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0, /* 1.0f, -2.5f */
    0x39, 0x49, 0x08, 0xEF                          /* CRC-32 */
};

static const uint8_t known_d[36] = {
    0x46, 0x4C, 0x50, 0x42, 0x01, 0x00, 0x02, 0x00, /* "FLPB", v1, f64, 0 */
    0x04, 0x03, 0x02, 0x01, 0x02, 0x00, 0x00, 0x00, /* identity, count 2 */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F, /* 1.0 */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xC0, /* -2.5 */
    0x40, 0xCB, 0x9F, 0xD0                          /* CRC-32 */
};

#define KNOWN_ID 0x01020304u

static void test_crc32(void **state)
{
    static const char check[] = "123456789";
    uint8_t data[300];
    size_t n;
    (void)state;
    assert_int_equal(flatprop_crc32(check, 9), 0xCBF43926u);
    assert_int_equal(flatprop_crc32(check, 0), 0u);
    assert_int_equal(flatprop_crc32(NULL, 0), 0u);
    assert_int_equal(flatprop_crc32(NULL, 5), 0u);
    /* zlib.crc32(b'\x00') == 0xD202EF8D, zlib.crc32(b'\xff'*4) == 0xFFFFFFFF */
    data[0] = 0;
    assert_int_equal(flatprop_crc32(data, 1), 0xD202EF8Du);
    memset(data, 0xFF, 4);
    assert_int_equal(flatprop_crc32(data, 4), 0xFFFFFFFFu);
    xs_seed(12345u);
    for (n = 0; n < sizeof data; n++) {
        data[n] = (uint8_t)xs_next();
    }
    for (n = 0; n <= sizeof data; n++) {
        assert_int_equal(flatprop_crc32(data, n), crc32_reference(data, n));
    }
}

static void test_identity_hash(void **state)
{
    (void)state;
    /* FNV-1a 32 reference values (computed in Python) */
    assert_int_equal(flatprop_identity_hash(""), 0x811C9DC5u);
    assert_int_equal(flatprop_identity_hash(NULL), 0x811C9DC5u);
    assert_int_equal(flatprop_identity_hash("a"), 0xE40C292Cu);
    assert_int_equal(flatprop_identity_hash("foobar"), 0xBF9CF968u);
    assert_int_equal(flatprop_identity_hash("seed:f32:2x3:relu:3x1"), 0xB3F2CEB8u);
}

static void test_blob_size(void **state)
{
    (void)state;
    assert_int_equal(flatprop_blob_size_f(2), 28);
    assert_int_equal(flatprop_blob_size_d(2), 36);
    assert_int_equal(flatprop_blob_size_f(1), 24);
    assert_int_equal(flatprop_blob_size_d(1), 28);
    assert_int_equal(flatprop_blob_size_f(0), 0);
    assert_int_equal(flatprop_blob_size_d(0), 0);
    assert_int_equal(flatprop_blob_size_f(SIZE_MAX), 0);
    assert_int_equal(flatprop_blob_size_d(SIZE_MAX), 0);
    assert_int_equal(flatprop_blob_size_d(SIZE_MAX / 8), 0);
#if SIZE_MAX > 0xFFFFFFFFu
    /* the count field is a u32 */
    assert_int_equal(flatprop_blob_size_f((size_t)0xFFFFFFFFu), 20 + (size_t)0xFFFFFFFFu * 4);
    assert_int_equal(flatprop_blob_size_f((size_t)0xFFFFFFFFu + 1), 0);
#endif
}

static void known_blob_case(size_t width, const uint8_t *known, size_t known_len)
{
    const float vf[2] = {1.0f, -2.5f};
    const double vd[2] = {1.0, -2.5};
    const void *src = width == 4 ? (const void *)vf : (const void *)vd;
    uint8_t out[GUARD + 64 + GUARD];
    uint8_t ref[sizeof out];
    size_t written = 12345;
    dest_t d;
    uint8_t *copy;
    flatprop_blob_info_t info;

    assert_int_equal(size_any(2, width), known_len);

    /* save with an exact cap: bytes as computed by Python, guards intact */
    memset(out, (int)CANARY, sizeof out);
    assert_int_equal(save_any(src, 2, width, KNOWN_ID, out + GUARD, known_len, &written),
                     FLATPROP_OK);
    assert_int_equal(written, known_len);
    assert_memory_equal(out + GUARD, known, known_len);
    memset(ref, (int)CANARY, sizeof ref);
    memcpy(ref + GUARD, known, known_len);
    assert_memory_equal(out, ref, sizeof out);

    /* save with room to spare: nothing beyond the blob is written */
    memset(out, (int)CANARY, sizeof out);
    assert_int_equal(save_any(src, 2, width, KNOWN_ID, out + GUARD, sizeof out - GUARD,
                              &written),
                     FLATPROP_OK);
    assert_int_equal(written, known_len);
    assert_memory_equal(out, ref, sizeof out);

    /* load the literal bytes */
    copy = exact_copy(known, known_len);
    dest_fill(&d);
    assert_int_equal(load_any(dest_values(&d), 2, width, KNOWN_ID, copy, known_len),
                     FLATPROP_OK);
    assert_memory_equal(dest_values(&d), src, 2 * width);
    assert_true(dest_guards_intact(&d, 2, width));

    memset(&info, 0, sizeof info);
    assert_int_equal(flatprop_blob_info(copy, known_len, &info), FLATPROP_OK);
    assert_int_equal(info.version, 1);
    assert_int_equal(info.scalar_type, width == 4 ? 1 : 2);
    assert_int_equal(info.scalar_size, width);
    assert_int_equal(info.identity, KNOWN_ID);
    assert_int_equal(info.count, 2);
    assert_int_equal(info.crc, width == 4 ? 0xEF084939u : 0xD09FCB40u);
    assert_int_equal(info.size, known_len);
    free(copy);
}

static void test_known_blob_f(void **state)
{
    (void)state;
    known_blob_case(4, known_f, sizeof known_f);
}

static void test_known_blob_d(void **state)
{
    (void)state;
    known_blob_case(8, known_d, sizeof known_d);
}

/* ------------------------------------------------------------------------ */
/* Round trips                                                               */
/* ------------------------------------------------------------------------ */

static void roundtrip_case(size_t width)
{
    unsigned char src[MAXN * 8];
    uint8_t buf[20 + MAXN * 8];
    size_t n, written;
    int rep;
    dest_t d;
    xs_seed(width == 4 ? 1001u : 1002u);
    for (n = 1; n <= MAXN; n++) {
        for (rep = 0; rep < 20; rep++) {
            const uint32_t id = xs_next();
            uint8_t *copy;
            random_values(src, n, width);
            assert_int_equal(save_any(src, n, width, id, buf, sizeof buf, &written),
                             FLATPROP_OK);
            assert_int_equal(written, size_any(n, width));
            copy = exact_copy(buf, written);
            dest_fill(&d);
            assert_int_equal(load_any(dest_values(&d), n, width, id, copy, written),
                             FLATPROP_OK);
            assert_memory_equal(dest_values(&d), src, n * width);
            assert_true(dest_guards_intact(&d, n, width));
            free(copy);
        }
    }
}

static void test_roundtrip_f(void **state)
{
    (void)state;
    roundtrip_case(4);
}

static void test_roundtrip_d(void **state)
{
    (void)state;
    roundtrip_case(8);
}

/* Special finite values survive bit for bit: signed zeros, subnormals,
 * the extremes. */
static void test_roundtrip_special(void **state)
{
    const uint32_t fb[] = {0x00000000u, 0x80000000u, 0x00000001u, 0x807FFFFFu,
                           0x00800000u, 0x7F7FFFFFu, 0xFF7FFFFFu, 0x3F800000u};
    const uint64_t db[] = {0u, UINT64_C(0x8000000000000000), 1u,
                           UINT64_C(0x800FFFFFFFFFFFFF), UINT64_C(0x0010000000000000),
                           UINT64_C(0x7FEFFFFFFFFFFFFF), UINT64_C(0xFFEFFFFFFFFFFFFF)};
    float f[8], fo[8];
    double dd[7], dout[7];
    uint8_t buf[100];
    size_t i, w;
    (void)state;
    for (i = 0; i < 8; i++) {
        f[i] = f_of_bits(fb[i]);
    }
    for (i = 0; i < 7; i++) {
        dd[i] = d_of_bits(db[i]);
    }
    assert_int_equal(flatprop_save_f(f, 8, 7u, buf, sizeof buf, &w), FLATPROP_OK);
    assert_int_equal(flatprop_load_f(fo, 8, 7u, buf, w), FLATPROP_OK);
    assert_memory_equal(fo, f, sizeof f);
    assert_memory_equal(fo, fb, sizeof fb); /* and the bits are the ones we set */
    assert_int_equal(flatprop_save_d(dd, 7, 7u, buf, sizeof buf, &w), FLATPROP_OK);
    assert_int_equal(flatprop_load_d(dout, 7, 7u, buf, w), FLATPROP_OK);
    assert_memory_equal(dout, db, sizeof db);
}

/* ------------------------------------------------------------------------ */
/* Save: errors                                                              */
/* ------------------------------------------------------------------------ */

static void test_save_buffer_small(void **state)
{
    const float f[3] = {1.0f, 2.0f, 3.0f};
    const double dv[3] = {1.0, 2.0, 3.0};
    uint8_t out[GUARD + 64 + GUARD];
    uint8_t ref[sizeof out];
    size_t cap, written;
    (void)state;
    memset(ref, (int)CANARY, sizeof ref);
    for (cap = 0; cap < 32; cap++) {
        memset(out, (int)CANARY, sizeof out);
        written = 999;
        assert_int_equal(flatprop_save_f(f, 3, 1u, out + GUARD, cap, &written),
                         FLATPROP_ERR_BUFFER_SMALL);
        assert_int_equal(written, 32); /* the size needed */
        assert_memory_equal(out, ref, sizeof out);
    }
    for (cap = 0; cap < 44; cap++) {
        memset(out, (int)CANARY, sizeof out);
        written = 999;
        assert_int_equal(flatprop_save_d(dv, 3, 1u, out + GUARD, cap, &written),
                         FLATPROP_ERR_BUFFER_SMALL);
        assert_int_equal(written, 44);
        assert_memory_equal(out, ref, sizeof out);
    }
    assert_int_equal(flatprop_save_f(f, 3, 1u, out + GUARD, 32, &written), FLATPROP_OK);
    assert_int_equal(flatprop_save_d(dv, 3, 1u, out + GUARD, 44, &written), FLATPROP_OK);
}

static void test_save_args(void **state)
{
    const float f[2] = {1.0f, 2.0f};
    const double dv[2] = {1.0, 2.0};
    uint8_t out[64], ref[64];
    size_t written;
    (void)state;
    memset(ref, (int)CANARY, sizeof ref);
    memset(out, (int)CANARY, sizeof out);

    written = 7;
    assert_int_equal(flatprop_save_f(NULL, 2, 1u, out, sizeof out, &written), FLATPROP_ERR_ARG);
    assert_int_equal(written, 0);
    assert_int_equal(flatprop_save_f(f, 2, 1u, NULL, sizeof out, &written), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_save_f(f, 2, 1u, out, sizeof out, NULL), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_save_f(f, 0, 1u, out, sizeof out, &written), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_save_f(f, SIZE_MAX, 1u, out, sizeof out, &written),
                     FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_save_d(NULL, 2, 1u, out, sizeof out, &written), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_save_d(dv, 2, 1u, NULL, sizeof out, &written), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_save_d(dv, 2, 1u, out, sizeof out, NULL), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_save_d(dv, 0, 1u, out, sizeof out, &written), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_save_d(dv, SIZE_MAX / 4, 1u, out, sizeof out, &written),
                     FLATPROP_ERR_ARG);
    assert_int_equal(written, 0);
    assert_memory_equal(out, ref, sizeof out);
}

static void test_save_nonfinite(void **state)
{
    const uint32_t bad_f[] = {0x7FC00000u, 0x7F800001u, 0xFFC00000u, 0x7F800000u, 0xFF800000u};
    const uint64_t bad_d[] = {UINT64_C(0x7FF8000000000000), UINT64_C(0x7FF0000000000001),
                              UINT64_C(0x7FF0000000000000), UINT64_C(0xFFF0000000000000)};
    uint8_t out[64], ref[64];
    size_t i, pos, written;
    (void)state;
    memset(ref, (int)CANARY, sizeof ref);
    for (i = 0; i < sizeof bad_f / sizeof bad_f[0]; i++) {
        for (pos = 0; pos < 3; pos++) {
            float f[3] = {1.0f, 2.0f, 3.0f};
            f[pos] = f_of_bits(bad_f[i]);
            memset(out, (int)CANARY, sizeof out);
            assert_int_equal(flatprop_save_f(f, 3, 1u, out, sizeof out, &written),
                             FLATPROP_ERR_NONFINITE);
            assert_int_equal(written, 0);
            assert_memory_equal(out, ref, sizeof out);
        }
    }
    for (i = 0; i < sizeof bad_d / sizeof bad_d[0]; i++) {
        for (pos = 0; pos < 3; pos++) {
            double dv[3] = {1.0, 2.0, 3.0};
            dv[pos] = d_of_bits(bad_d[i]);
            memset(out, (int)CANARY, sizeof out);
            assert_int_equal(flatprop_save_d(dv, 3, 1u, out, sizeof out, &written),
                             FLATPROP_ERR_NONFINITE);
            assert_memory_equal(out, ref, sizeof out);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Load: errors                                                              */
/* ------------------------------------------------------------------------ */

static void test_load_args(void **state)
{
    dest_t d;
    flatprop_blob_info_t info, info_ref;
    (void)state;
    dest_fill(&d);
    assert_int_equal(flatprop_load_f(NULL, 2, KNOWN_ID, known_f, sizeof known_f), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_load_f((float *)dest_values(&d), 2, KNOWN_ID, NULL, sizeof known_f),
                     FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_load_f((float *)dest_values(&d), 0, KNOWN_ID, known_f, sizeof known_f),
                     FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_load_f((float *)dest_values(&d), SIZE_MAX, KNOWN_ID, known_f,
                                     sizeof known_f),
                     FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_load_d(NULL, 2, KNOWN_ID, known_d, sizeof known_d), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_load_d((double *)dest_values(&d), 2, KNOWN_ID, NULL, sizeof known_d),
                     FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_load_d((double *)dest_values(&d), 0, KNOWN_ID, known_d, sizeof known_d),
                     FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_load_d((double *)dest_values(&d), SIZE_MAX / 2, KNOWN_ID, known_d,
                                     sizeof known_d),
                     FLATPROP_ERR_ARG);
    assert_true(dest_untouched(&d));

    memset(&info, 0x5A, sizeof info);
    memcpy(&info_ref, &info, sizeof info);
    assert_int_equal(flatprop_blob_info(NULL, sizeof known_f, &info), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_blob_info(known_f, sizeof known_f, NULL), FLATPROP_ERR_ARG);
    assert_memory_equal(&info, &info_ref, sizeof info);
}

/* Wrong scalar type: a float blob is not a double blob and vice versa. */
static void test_load_wrong_type(void **state)
{
    (void)state;
    expect_rejected(known_f, sizeof known_f, 2, 8, KNOWN_ID, FLATPROP_ERR_TYPE);
    expect_rejected(known_d, sizeof known_d, 2, 4, KNOWN_ID, FLATPROP_ERR_TYPE);
}

/* Every length short of the full blob is TRUNCATED; every longer one ARG. */
static void truncation_case(const uint8_t *known, size_t known_len, size_t width)
{
    uint8_t longer[64];
    size_t len;
    flatprop_blob_info_t info;
    for (len = 0; len < known_len; len++) {
        uint8_t *copy = exact_copy(known, len);
        expect_rejected(known, len, 2, width, KNOWN_ID, FLATPROP_ERR_TRUNCATED);
        assert_int_equal(flatprop_blob_info(copy, len, &info), FLATPROP_ERR_TRUNCATED);
        free(copy);
    }
    memcpy(longer, known, known_len);
    memset(longer + known_len, 0, sizeof longer - known_len);
    for (len = known_len + 1; len <= sizeof longer; len++) {
        uint8_t *copy = exact_copy(longer, len);
        expect_rejected(longer, len, 2, width, KNOWN_ID, FLATPROP_ERR_ARG);
        assert_int_equal(flatprop_blob_info(copy, len, &info), FLATPROP_ERR_ARG);
        free(copy);
    }
}

static void test_load_truncated_and_long(void **state)
{
    (void)state;
    truncation_case(known_f, sizeof known_f, 4);
    truncation_case(known_d, sizeof known_d, 8);
}

/* Blobs damaged on purpose and then given a correct CRC, so that each
 * header check (and the NaN check) is reached with a consistent blob. */
static void forged_case(const uint8_t *known, size_t len, size_t width)
{
    const uint8_t my_type = width == 4 ? 1u : 2u;
    uint8_t b[64];
    flatprop_blob_info_t info;
    size_t i;
    int v;

#define FORGE(stmt, want_load, want_info)                                   \
    do {                                                                    \
        memcpy(b, known, len);                                              \
        stmt;                                                               \
        fix_crc(b, len);                                                    \
        expect_rejected(b, len, 2, width, KNOWN_ID, (want_load));           \
        assert_int_equal(flatprop_blob_info(b, len, &info), (want_info));   \
    } while (0)

    for (i = 0; i < 4; i++) {
        FORGE(b[i] ^= 0x20u, FLATPROP_ERR_MAGIC, FLATPROP_ERR_MAGIC);
    }
    FORGE(b[4] = 0u, FLATPROP_ERR_VERSION, FLATPROP_ERR_VERSION);
    FORGE(b[4] = 2u, FLATPROP_ERR_VERSION, FLATPROP_ERR_VERSION);
    FORGE(b[5] = 1u, FLATPROP_ERR_VERSION, FLATPROP_ERR_VERSION);
    FORGE(b[7] = 1u, FLATPROP_ERR_VERSION, FLATPROP_ERR_VERSION);
    FORGE(b[7] = 0x80u, FLATPROP_ERR_VERSION, FLATPROP_ERR_VERSION);
    for (v = 0; v < 256; v++) {
        if (v != 1 && v != 2) {
            FORGE(b[6] = (uint8_t)v, FLATPROP_ERR_TYPE, FLATPROP_ERR_TYPE);
        }
    }
    /* the other known type with this length: wrong type for the loader;
     * for blob_info a consistent header with a wrong length */
    FORGE(b[6] = (uint8_t)(3u - my_type), FLATPROP_ERR_TYPE,
          width == 4 ? FLATPROP_ERR_TRUNCATED : FLATPROP_ERR_ARG);
    for (i = 8; i < 12; i++) {
        FORGE(b[i] ^= 0x01u, FLATPROP_ERR_IDENTITY, FLATPROP_OK);
    }
    FORGE(b[12] = 1u, FLATPROP_ERR_COUNT, FLATPROP_ERR_ARG);       /* says 1, has 2 */
    FORGE(b[12] = 3u, FLATPROP_ERR_COUNT, FLATPROP_ERR_TRUNCATED); /* says 3, has 2 */
    FORGE(b[12] = 0u, FLATPROP_ERR_COUNT, FLATPROP_ERR_COUNT);
    FORGE(b[15] = 0x80u, FLATPROP_ERR_COUNT, FLATPROP_ERR_TRUNCATED);
    FORGE((b[12] = 0xFFu, b[13] = 0xFFu, b[14] = 0xFFu, b[15] = 0xFFu),
          FLATPROP_ERR_COUNT, FLATPROP_ERR_TRUNCATED);

    /* NaN and infinities with a valid CRC, in either value */
    for (i = 0; i < 2; i++) {
        const size_t at = 16 + i * width;
        if (width == 4) {
            FORGE((b[at + 2] = 0xC0u, b[at + 3] = 0x7Fu), FLATPROP_ERR_NONFINITE,
                  FLATPROP_ERR_NONFINITE); /* quiet NaN */
            FORGE((b[at] = 1u, b[at + 1] = 0u, b[at + 2] = 0x80u, b[at + 3] = 0x7Fu),
                  FLATPROP_ERR_NONFINITE, FLATPROP_ERR_NONFINITE); /* signalling NaN */
            FORGE((b[at] = 0u, b[at + 1] = 0u, b[at + 2] = 0x80u, b[at + 3] = 0x7Fu),
                  FLATPROP_ERR_NONFINITE, FLATPROP_ERR_NONFINITE); /* +inf */
            FORGE((b[at] = 0u, b[at + 1] = 0u, b[at + 2] = 0x80u, b[at + 3] = 0xFFu),
                  FLATPROP_ERR_NONFINITE, FLATPROP_ERR_NONFINITE); /* -inf */
        } else {
            FORGE((memset(b + at, 0, 8), b[at + 6] = 0xF8u, b[at + 7] = 0x7Fu),
                  FLATPROP_ERR_NONFINITE, FLATPROP_ERR_NONFINITE); /* quiet NaN */
            FORGE((memset(b + at, 0, 8), b[at] = 1u, b[at + 6] = 0xF0u, b[at + 7] = 0x7Fu),
                  FLATPROP_ERR_NONFINITE, FLATPROP_ERR_NONFINITE); /* signalling NaN */
            FORGE((memset(b + at, 0, 8), b[at + 6] = 0xF0u, b[at + 7] = 0x7Fu),
                  FLATPROP_ERR_NONFINITE, FLATPROP_ERR_NONFINITE); /* +inf */
            FORGE((memset(b + at, 0, 8), b[at + 6] = 0xF0u, b[at + 7] = 0xFFu),
                  FLATPROP_ERR_NONFINITE, FLATPROP_ERR_NONFINITE); /* -inf */
        }
    }
    /* largest finite value: accepted */
    memcpy(b, known, len);
    if (width == 4) {
        b[16] = 0xFFu; b[17] = 0xFFu; b[18] = 0x7Fu; b[19] = 0x7Fu;
    } else {
        memset(b + 16, 0xFF, 6); b[22] = 0xEFu; b[23] = 0x7Fu;
    }
    fix_crc(b, len);
    assert_int_equal(flatprop_blob_info(b, len, &info), FLATPROP_OK);
#undef FORGE
}

static void test_load_forged(void **state)
{
    (void)state;
    forged_case(known_f, sizeof known_f, 4);
    forged_case(known_d, sizeof known_d, 8);
}

/* The documented order: with two faults, the earlier check reports. */
static void test_check_order(void **state)
{
    uint8_t b[28];
    (void)state;
    /* short and bad magic: the length of the header comes first */
    memcpy(b, known_f, 28); b[0] = 'X';
    expect_rejected(b, 15, 2, 4, KNOWN_ID, FLATPROP_ERR_TRUNCATED);
    /* magic before version */
    memcpy(b, known_f, 28); b[0] = 'X'; b[4] = 9;
    expect_rejected(b, 28, 2, 4, KNOWN_ID, FLATPROP_ERR_MAGIC);
    /* version before type */
    memcpy(b, known_f, 28); b[4] = 9; b[6] = 9;
    expect_rejected(b, 28, 2, 4, KNOWN_ID, FLATPROP_ERR_VERSION);
    /* type before identity */
    memcpy(b, known_f, 28); b[6] = 2;
    expect_rejected(b, 28, 2, 4, 0xDEADBEEFu, FLATPROP_ERR_TYPE);
    /* identity before count */
    expect_rejected(known_f, 28, 3, 4, 0xDEADBEEFu, FLATPROP_ERR_IDENTITY);
    /* count before length */
    expect_rejected(known_f, 20, 3, 4, KNOWN_ID, FLATPROP_ERR_COUNT);
    /* header fields before the CRC: identity damaged, CRC not fixed */
    memcpy(b, known_f, 28); b[8] ^= 1u;
    expect_rejected(b, 28, 2, 4, KNOWN_ID, FLATPROP_ERR_IDENTITY);
    /* length before CRC */
    memcpy(b, known_f, 28); b[20] ^= 1u;
    expect_rejected(b, 27, 2, 4, KNOWN_ID, FLATPROP_ERR_TRUNCATED);
    /* CRC before the NaN check: a NaN without a fixed CRC is a checksum error */
    memcpy(b, known_f, 28); b[18] = 0xC0u; b[19] = 0x7Fu;
    expect_rejected(b, 28, 2, 4, KNOWN_ID, FLATPROP_ERR_CHECKSUM);
}

/* Every single-bit flip of a valid blob is rejected, destination untouched. */
static void bit_flip_case(size_t n, size_t width)
{
    unsigned char src[MAXN * 8];
    uint8_t blob[20 + MAXN * 8];
    size_t len, bit;
    flatprop_blob_info_t info;
    xs_seed((uint32_t)(n * 31u + width));
    random_values(src, n, width);
    assert_int_equal(save_any(src, n, width, 0xC0FFEE11u, blob, sizeof blob, &len), FLATPROP_OK);
    for (bit = 0; bit < len * 8; bit++) {
        dest_t d;
        uint8_t *copy = exact_copy(blob, len);
        int rc;
        copy[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        dest_fill(&d);
        rc = load_any(dest_values(&d), n, width, 0xC0FFEE11u, copy, len);
        assert_true(rc < 0);
        assert_true(dest_untouched(&d));
        assert_true(flatprop_blob_info(copy, len, &info) < 0);
        if (bit >= 16 * 8 && bit < (len - 4) * 8) {
            /* values and CRC are not checked before the CRC */
            assert_int_equal(rc, FLATPROP_ERR_CHECKSUM);
        }
        if (bit >= (len - 4) * 8) {
            assert_int_equal(rc, FLATPROP_ERR_CHECKSUM);
        }
        free(copy);
    }
}

static void test_single_bit_flips(void **state)
{
    (void)state;
    bit_flip_case(2, 4);  /* 28 bytes, 224 flips */
    bit_flip_case(2, 8);  /* 36 bytes, 288 flips */
    bit_flip_case(1, 4);
    bit_flip_case(7, 4);
    bit_flip_case(5, 8);
}

/* ------------------------------------------------------------------------ */
/* Deterministic mutation test                                               */
/* ------------------------------------------------------------------------ */

#define MUTATIONS 100000L
#define MUT_MAXN 8
#define MUT_CAP (20 + MUT_MAXN * 8 + 32)

static int known_status(int rc)
{
    return rc == FLATPROP_ERR_ARG || rc == FLATPROP_ERR_TRUNCATED ||
           rc == FLATPROP_ERR_MAGIC || rc == FLATPROP_ERR_VERSION ||
           rc == FLATPROP_ERR_CHECKSUM || rc == FLATPROP_ERR_IDENTITY ||
           rc == FLATPROP_ERR_COUNT || rc == FLATPROP_ERR_TYPE ||
           rc == FLATPROP_ERR_NONFINITE;
}

static void test_mutations(void **state)
{
    long iter;
    long accepted = 0;
    long by_status[12] = {0};
    (void)state;
    xs_seed(0x5EEDF00Du);
    for (iter = 0; iter < MUTATIONS; iter++) {
        const size_t width = (xs_next() & 1u) != 0u ? 4 : 8;
        const size_t n = 1 + xs_below(MUT_MAXN);
        const uint32_t id = xs_next();
        unsigned char src[MUT_MAXN * 8];
        uint8_t orig[MUT_CAP];
        uint8_t mut[MUT_CAP];
        size_t olen, mlen, k;
        int ops, op, rc, rc_info, rc_other;
        uint8_t *copy;
        dest_t d;
        flatprop_blob_info_t info;

        random_values(src, n, width);
        assert_int_equal(save_any(src, n, width, id, orig, sizeof orig, &olen), FLATPROP_OK);
        memcpy(mut, orig, olen);
        for (k = olen; k < MUT_CAP; k++) {
            mut[k] = (uint8_t)xs_next();
        }
        mlen = olen;

        ops = 1 + (int)xs_below(3);
        while (ops-- > 0) {
            op = (int)xs_below(7);
            switch (op) {
            case 0: /* flip one bit */
                if (mlen > 0) {
                    const uint32_t bit = xs_below((uint32_t)(mlen * 8));
                    mut[bit / 8] ^= (uint8_t)(1u << (bit % 8));
                }
                break;
            case 1: /* replace a byte with a random one (may be a no-op) */
                if (mlen > 0) {
                    mut[xs_below((uint32_t)mlen)] = (uint8_t)xs_next();
                }
                break;
            case 2: /* truncate to a random length (may be a no-op) */
                mlen = xs_below((uint32_t)mlen + 1);
                break;
            case 3: /* append random bytes */
                mlen += 1 + xs_below(8);
                if (mlen > MUT_CAP) {
                    mlen = MUT_CAP;
                }
                break;
            case 4: /* change the length by -4..+4 (may be a no-op) */
            {
                const long delta = (long)xs_below(9) - 4;
                long nl = (long)mlen + delta;
                if (nl < 0) {
                    nl = 0;
                }
                if (nl > MUT_CAP) {
                    nl = MUT_CAP;
                }
                mlen = (size_t)nl;
                break;
            }
            case 5: /* overwrite a header byte with a plausible value */
            {
                static const uint8_t plausible[] = {0, 1, 2, 3, 0xFF, 0x80, 'F', 'L', 'P', 'B'};
                mut[xs_below(16)] = plausible[xs_below(sizeof plausible)];
                break;
            }
            default: /* swap two bytes (may be a no-op) */
                if (mlen > 1) {
                    const uint32_t a = xs_below((uint32_t)mlen);
                    const uint32_t b = xs_below((uint32_t)mlen);
                    const uint8_t t = mut[a];
                    mut[a] = mut[b];
                    mut[b] = t;
                }
                break;
            }
        }

        copy = exact_copy(mut, mlen);
        dest_fill(&d);
        rc = load_any(dest_values(&d), n, width, id, copy, mlen);
        rc_info = flatprop_blob_info(copy, mlen, &info);
        if (rc == FLATPROP_OK) {
            /* only a mutation that changed nothing may load */
            accepted++;
            assert_int_equal(mlen, olen);
            assert_memory_equal(copy, orig, olen);
            assert_memory_equal(dest_values(&d), src, n * width);
            assert_true(dest_guards_intact(&d, n, width));
            assert_int_equal(rc_info, FLATPROP_OK);
            assert_int_equal(info.count, n);
            assert_int_equal(info.identity, id);
        } else {
            assert_true(known_status(rc));
            assert_true(dest_untouched(&d));
            by_status[-rc]++;
            if (rc_info == FLATPROP_OK) {
                /* blob_info needs no network: it may accept only the
                 * unchanged blob, which load rejected for no reason */
                fail_msg("blob_info accepted a blob load_%s rejected (%d) at iteration %ld",
                         width == 4 ? "f" : "d", rc, iter);
            }
            assert_true(known_status(rc_info));
        }
        /* the loader of the other scalar type never accepts it */
        dest_fill(&d);
        rc_other = load_any(dest_values(&d), n, width == 4 ? 8 : 4, id, copy, mlen);
        assert_true(known_status(rc_other));
        assert_true(dest_untouched(&d));
        free(copy);
    }
    print_message("mutations: %ld, loaded (no-op mutations): %ld\n", MUTATIONS, accepted);
    for (iter = 1; iter < 12; iter++) {
        if (by_status[iter] != 0) {
            print_message("  %-26s %ld\n", flatprop_status_name((int)-iter), by_status[iter]);
        }
    }
    assert_true(accepted > 0);              /* some mutations were no-ops */
    assert_true(accepted < MUTATIONS / 10); /* and most were not */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32),
        cmocka_unit_test(test_identity_hash),
        cmocka_unit_test(test_blob_size),
        cmocka_unit_test(test_known_blob_f),
        cmocka_unit_test(test_known_blob_d),
        cmocka_unit_test(test_roundtrip_f),
        cmocka_unit_test(test_roundtrip_d),
        cmocka_unit_test(test_roundtrip_special),
        cmocka_unit_test(test_save_buffer_small),
        cmocka_unit_test(test_save_args),
        cmocka_unit_test(test_save_nonfinite),
        cmocka_unit_test(test_load_args),
        cmocka_unit_test(test_load_wrong_type),
        cmocka_unit_test(test_load_truncated_and_long),
        cmocka_unit_test(test_load_forged),
        cmocka_unit_test(test_check_order),
        cmocka_unit_test(test_single_bit_flips),
        cmocka_unit_test(test_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
