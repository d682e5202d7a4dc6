/* The export tool of the .npy round trip (tests/eco/npy_roundtrip.py):
 * init the network (which copies the weights the description read from
 * .npy files) and write every tensor back as DIR/NAME.npy.
 * Built with -DRT_DOUBLE=0 for network rt (float), 1 for rtd (double). */
#if RT_DOUBLE
#include "rtd.h"
#define T(x) RTD_##x
#define P(x) rtd_##x
#define EXPORT_NPY flatprop_export_npy_d
#else
#include "rt.h"
#define T(x) RT_##x
#define P(x) rt_##x
#define EXPORT_NPY flatprop_export_npy_f
#endif
#include "flatprop_export.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    static P(real) params[T(N_PARAMS)];
    int status = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    P(init)(params, 7u);
#define EXPORT(name, offset, rows, cols) \
    status |= EXPORT_NPY(argv[1], #name, params + (offset), rows, cols);
    T(TENSORS)(EXPORT)
#undef EXPORT
    if (status != 0) {
        fprintf(stderr, "export failed: %d\n", status);
        return 1;
    }
    return 0;
}
