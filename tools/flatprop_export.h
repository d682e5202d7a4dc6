/**
 * \file flatprop_export.h
 * \brief Host-side: write trained parameters as one NumPy .npy file per
 *        tensor (uses stdio, so it is not part of the device runtime).
 *
 * With the generated NAME_TENSORS(X) list, all of a network's tensors go
 * out in one line:
 * \code
 * #define EXPORT(name, offset, rows, cols) \
 *     status |= flatprop_export_npy_f("out", #name, params + (offset), rows, cols);
 * SEED_TENSORS(EXPORT)   // out/dense1_weights.npy, out/dense2_weights.npy
 * \endcode
 */
#ifndef FLATPROP_EXPORT_H
#define FLATPROP_EXPORT_H

#include "flatprop_npy.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * \brief Write dir/name.npy holding rows x cols floats ('<f4').
 * \param[in] dir   an existing folder
 * \param[in] name  the file name without .npy (e.g. "dense1_weights")
 * \param[in] data  rows * max(cols, 1) values, C order
 * \param[in] rows  first dimension
 * \param[in] cols  second dimension, or 0 for a vector
 * \return 0 on success, a negative flatprop_status_t, or 1 when the file
 *         cannot be written
 */
int flatprop_export_npy_f(const char *dir, const char *name, const float *data,
                          uint32_t rows, uint32_t cols);
/** \brief Double flavour of flatprop_export_npy_f() ('<f8'). */
int flatprop_export_npy_d(const char *dir, const char *name, const double *data,
                          uint32_t rows, uint32_t cols);

#ifdef __cplusplus
}
#endif

#endif /* FLATPROP_EXPORT_H */
