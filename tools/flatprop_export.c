/* Host-side .npy export: encode with the runtime, write with stdio. */
#include "flatprop_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_file(const char *dir, const char *name, const uint8_t *buf, size_t len)
{
    const size_t n = strlen(dir) + strlen(name) + 6u;
    char *path = (char *)malloc(n);
    FILE *f;
    int ok;
    if (path == NULL) {
        return 1;
    }
    strcpy(path, dir);
    strcat(path, "/");
    strcat(path, name);
    strcat(path, ".npy");
    f = fopen(path, "wb");
    free(path);
    if (f == NULL) {
        return 1;
    }
    ok = fwrite(buf, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    return ok ? 0 : 1;
}

/* The shared body of the float and double exports. */
static int export_npy(const char *dir, const char *name, const void *data, int is_double,
                      uint32_t rows, uint32_t cols)
{
    size_t need, len;
    uint8_t *buf;
    int status;
    if (dir == NULL || name == NULL || data == NULL) {
        return FLATPROP_ERR_ARG;
    }
    need = is_double ? flatprop_npy_size_d(rows, cols) : flatprop_npy_size_f(rows, cols);
    if (need == 0u) {
        return FLATPROP_ERR_ARG;
    }
    buf = (uint8_t *)malloc(need);
    if (buf == NULL) {
        return 1;
    }
    status = is_double
        ? flatprop_npy_write_d((const double *)data, rows, cols, buf, need, &len)
        : flatprop_npy_write_f((const float *)data, rows, cols, buf, need, &len);
    if (status == FLATPROP_OK) {
        status = write_file(dir, name, buf, len);
    }
    free(buf);
    return status;
}

int flatprop_export_npy_f(const char *dir, const char *name, const float *data,
                          uint32_t rows, uint32_t cols)
{
    return export_npy(dir, name, data, 0, rows, cols);
}

int flatprop_export_npy_d(const char *dir, const char *name, const double *data,
                          uint32_t rows, uint32_t cols)
{
    return export_npy(dir, name, data, 1, rows, cols);
}
