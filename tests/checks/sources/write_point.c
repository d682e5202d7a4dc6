/* Writes what --reference's parameter sources must reproduce: the
 * parameters xor_init(params, 42) makes, as a `params:` line (p.txt) and as
 * a blob saved by xor_save (p.blob), and that blob with one value's byte
 * flipped (bad.blob) (tests/checks/sources/compare.cmake). */
#include <stdio.h>

#include NET_HEADER

/* NET (xor or xor_d) names the generated functions and macros */
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define FN(suffix) CAT(NET, suffix)
#define M(suffix) CAT(NET_UPPER, suffix)

int main(int argc, char **argv)
{
    FN(_real) p[M(_N_PARAMS)];
    uint8_t buf[M(_BLOB_SIZE)];
    size_t written = 0;
    FILE *f;
    int i;
    if (argc != 4) {
        return 2;
    }
    FN(_init)(p, 42u);
    if (FN(_save)(p, buf, sizeof buf, &written) != FLATPROP_OK) {
        return 1;
    }
    f = fopen(argv[2], "wb");
    if (f == NULL || fwrite(buf, 1, written, f) != written || fclose(f) != 0) {
        return 1;
    }
    buf[20] ^= 0xFFu;
    f = fopen(argv[3], "wb");
    if (f == NULL || fwrite(buf, 1, written, f) != written || fclose(f) != 0) {
        return 1;
    }
    f = fopen(argv[1], "w");
    if (f == NULL) {
        return 1;
    }
    fputs("params:", f);
    for (i = 0; i < M(_N_PARAMS); i++) {
        fprintf(f, " %.17g", (double)p[i]);
    }
    fputs("\nx: 1 0\ntarget: 1\ndy: 0.5\n", f);
    return fclose(f) == 0 ? 0 : 1;
}
