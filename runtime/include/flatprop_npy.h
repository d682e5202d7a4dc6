/**
 * \file flatprop_npy.h
 * \brief Parameters as NumPy .npy data: encode one tensor into a byte buffer.
 *
 * The encoder writes NumPy format version 1.0 ("\x93NUMPY", a Python-dict
 * header padded to 64 bytes, then the values little-endian in C order), so
 * `numpy.load` reads what a device or a host program wrote. Like the rest
 * of the runtime it uses no heap and no stdio: the caller owns the buffer
 * and writes it wherever it likes (a file on a host with
 * tools/flatprop_export.h, a UART on a device).
 *
 * A tensor is `rows` x `cols` values in C order; `cols` = 0 means a vector
 * of `rows` values (shape (rows,)), the way generated NAME_TENSORS(X) lists
 * biases.
 */
#ifndef FLATPROP_NPY_H
#define FLATPROP_NPY_H

#include "flatprop.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * \brief Bytes of the .npy encoding of a float tensor.
 * \param[in] rows first dimension (at least 1)
 * \param[in] cols second dimension, or 0 for a vector
 * \return the size in bytes, or 0 when rows is 0 or the size overflows
 */
size_t flatprop_npy_size_f(uint32_t rows, uint32_t cols);
/** \brief Double flavour of flatprop_npy_size_f(). */
size_t flatprop_npy_size_d(uint32_t rows, uint32_t cols);

/**
 * \brief Encode a float tensor as .npy ('<f4') into buf.
 * \param[in]  data  rows * max(cols, 1) values, C order
 * \param[in]  rows  first dimension (at least 1)
 * \param[in]  cols  second dimension, or 0 for a vector
 * \param[out] buf   where the encoding goes
 * \param[in]  cap   bytes available at buf
 * \param[out] len   bytes written (may be NULL); on FLATPROP_ERR_BUFFER_SMALL,
 *                   the bytes needed
 * \return FLATPROP_OK, FLATPROP_ERR_ARG (NULL pointer, rows 0, size
 *         overflow) or FLATPROP_ERR_BUFFER_SMALL (nothing written)
 */
int flatprop_npy_write_f(const float *data, uint32_t rows, uint32_t cols, uint8_t *buf,
                         size_t cap, size_t *len);
/** \brief Double flavour of flatprop_npy_write_f() ('<f8'). */
int flatprop_npy_write_d(const double *data, uint32_t rows, uint32_t cols, uint8_t *buf,
                         size_t cap, size_t *len);

#if !FLATPROP_HAS_DOUBLE /* issue 15: no 64-bit double (see flatprop.h) */
FLATPROP_NO_DOUBLE_ int flatprop_npy_write_d(const double *data, uint32_t rows, uint32_t cols,
                                             uint8_t *buf, size_t cap, size_t *len);
#endif

#ifdef __cplusplus
}
#endif

#endif /* FLATPROP_NPY_H */
