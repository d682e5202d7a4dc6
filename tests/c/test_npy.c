/* The runtime's .npy encoder: exact header bytes, alignment, values as
 * little-endian bit patterns, and every argument check. (The full round
 * trip through NumPy is the npy_roundtrip test.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "flatprop_npy.h"

static void header_is_numpy_v1_padded_to_a_multiple_of_64(void **state)
{
    const float data[6] = { 1.0f, -2.0f, 0.5f, 0.0f, -0.0f, 3.0f };
    uint8_t buf[256];
    size_t len = 0;
    const char *dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }";
    (void)state;
    memset(buf, 0xAA, sizeof buf);
    assert_int_equal(flatprop_npy_size_f(3u, 2u), 128u + 24u); /* numpy's own size */
    assert_int_equal(flatprop_npy_write_f(data, 3u, 2u, buf, sizeof buf, &len), FLATPROP_OK);
    assert_int_equal(len, 152u);
    assert_memory_equal(buf, "\x93NUMPY\x01\x00\x76\x00", 10);
    assert_memory_equal(buf + 10, dict, strlen(dict));
    assert_int_equal(buf[10 + strlen(dict)], ' ');
    assert_int_equal(buf[127], '\n');
    /* 1.0f = 0x3F800000, -2.0f = 0xC0000000, -0.0f = 0x80000000 */
    assert_memory_equal(buf + 128, "\x00\x00\x80\x3F\x00\x00\x00\xC0", 8);
    assert_memory_equal(buf + 144, "\x00\x00\x00\x80", 4);
    assert_int_equal(buf[152], 0xAA); /* nothing beyond len */
}

static void vector_and_double(void **state)
{
    const double data[2] = { 1.0, -0.25 };
    uint8_t buf[256];
    size_t len = 0;
    const char *dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
    (void)state;
    assert_int_equal(flatprop_npy_write_d(data, 2u, 0u, buf, sizeof buf, &len), FLATPROP_OK);
    assert_int_equal(len, 128u + 16u);
    assert_memory_equal(buf + 10, dict, strlen(dict));
    /* 1.0 = 0x3FF0000000000000, -0.25 = 0xBFD0000000000000 */
    assert_memory_equal(buf + 128, "\x00\x00\x00\x00\x00\x00\xF0\x3F", 8);
    assert_memory_equal(buf + 136, "\x00\x00\x00\x00\x00\x00\xD0\xBF", 8);
}

static void long_shapes_grow_the_header(void **state)
{
    (void)state;
    assert_int_equal(flatprop_npy_size_f(123456u, 0u) % 4u, 0u);
    assert_int_equal((flatprop_npy_size_f(123456u, 0u) - 123456u * 4u) % 64u, 0u);
}

static void argument_checks(void **state)
{
    const float f[4] = { 0 };
    uint8_t buf[256];
    size_t len = 7;
    (void)state;
    assert_int_equal(flatprop_npy_size_f(0u, 3u), 0u);
    assert_int_equal(flatprop_npy_write_f(NULL, 2u, 2u, buf, sizeof buf, &len),
                     FLATPROP_ERR_ARG);
    assert_int_equal(len, 0u);
    assert_int_equal(flatprop_npy_write_f(f, 2u, 2u, NULL, sizeof buf, &len), FLATPROP_ERR_ARG);
    assert_int_equal(flatprop_npy_write_f(f, 0u, 2u, buf, sizeof buf, &len), FLATPROP_ERR_ARG);
    memset(buf, 0x55, sizeof buf);
    assert_int_equal(flatprop_npy_write_f(f, 2u, 2u, buf, 143u, &len), FLATPROP_ERR_BUFFER_SMALL);
    assert_int_equal(len, 144u);
    assert_int_equal(buf[0], 0x55); /* nothing written */
    assert_int_equal(flatprop_npy_write_f(f, 2u, 2u, buf, 144u, NULL), FLATPROP_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_is_numpy_v1_padded_to_a_multiple_of_64),
        cmocka_unit_test(vector_and_double),
        cmocka_unit_test(long_shapes_grow_the_header),
        cmocka_unit_test(argument_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
