/* insncount: a QEMU 7.2 TCG plugin that counts executed guest instructions,
 * in total and inside marked regions.
 *
 * Options (-plugin libinsncount.so,opt=val,...):
 *   start_sym=NAME  region starts at the entry of function NAME (inclusive)
 *   stop_sym=NAME   region ends at the entry of function NAME (exclusive)
 *   start=ADDR, stop=ADDR   the same by address (0x... accepted)
 *   out=FILE        write the results there (default: QEMU's plugin log, stderr)
 *   hist=FILE       also write "0xPC count" for every executed instruction address
 * Output:
 *   insns_total=N
 *   region_count=C region_min=A region_max=B region_sum=S
 * A symbol is resolved when its first instruction is translated: functions are
 * entered at their entry, so that is the entry address. A stop without a
 * preceding start is ignored, and so is a second start (the first one wins
 * until the next stop). Counts are exact and repeatable while the guest takes
 * no interrupts. Build: cc -O2 -shared -fPIC -fvisibility=hidden. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_plugin_api.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

static uint64_t insns;
static uint64_t start_pc = UINT64_MAX;
static uint64_t stop_pc = UINT64_MAX;
static char *start_sym;
static char *stop_sym;
static char *out_path;
static char *hist_path;

static int in_region;
static uint64_t region_t0;
static uint64_t region_count;
static uint64_t region_min = UINT64_MAX;
static uint64_t region_max;
static uint64_t region_sum;

/* hist=: one counter per instruction address. Entries are allocated one by
   one and never move, because the inline adds hold their addresses. */
struct pc_count {
    uint64_t pc;
    uint64_t count;
};
static struct pc_count **hist;
static size_t hist_cap;
static size_t hist_len;

static size_t hash_pc(uint64_t pc, size_t cap)
{
    return (size_t)((pc >> 1) * 0x9E3779B97F4A7C15ull) & (cap - 1);
}

static struct pc_count *hist_entry(uint64_t pc)
{
    size_t i;

    if (2 * (hist_len + 1) > hist_cap) {
        size_t new_cap = hist_cap ? 2 * hist_cap : 4096;
        struct pc_count **t = calloc(new_cap, sizeof *t);
        if (t == NULL) {
            return NULL;
        }
        for (i = 0; i < hist_cap; i++) {
            if (hist[i] != NULL) {
                size_t j = hash_pc(hist[i]->pc, new_cap);
                while (t[j] != NULL) {
                    j = (j + 1) & (new_cap - 1);
                }
                t[j] = hist[i];
            }
        }
        free(hist);
        hist = t;
        hist_cap = new_cap;
    }
    for (i = hash_pc(pc, hist_cap); hist[i] != NULL; i = (i + 1) & (hist_cap - 1)) {
        if (hist[i]->pc == pc) {
            return hist[i];
        }
    }
    hist[i] = calloc(1, sizeof **hist);
    if (hist[i] == NULL) {
        return NULL;
    }
    hist[i]->pc = pc;
    hist_len++;
    return hist[i];
}

static void on_start(unsigned int vcpu, void *userdata)
{
    (void)vcpu;
    (void)userdata;
    if (!in_region) {
        in_region = 1;
        region_t0 = insns; /* this instruction's own count is added after */
    }
}

static void on_stop(unsigned int vcpu, void *userdata)
{
    uint64_t d;

    (void)vcpu;
    (void)userdata;
    if (!in_region) {
        return;
    }
    in_region = 0;
    d = insns - region_t0;
    region_count++;
    region_sum += d;
    if (d < region_min) {
        region_min = d;
    }
    if (d > region_max) {
        region_max = d;
    }
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t i;
    size_t n = qemu_plugin_tb_n_insns(tb);

    (void)id;
    for (i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t pc = qemu_plugin_insn_vaddr(insn);

        if (start_sym != NULL || stop_sym != NULL) {
            const char *sym = qemu_plugin_insn_symbol(insn);
            if (sym != NULL) {
                if (start_sym != NULL && start_pc == UINT64_MAX && strcmp(sym, start_sym) == 0) {
                    start_pc = pc;
                }
                if (stop_sym != NULL && stop_pc == UINT64_MAX && strcmp(sym, stop_sym) == 0) {
                    stop_pc = pc;
                }
            }
        }
        /* Callbacks run before inline operations of the same instruction. */
        if (pc == start_pc) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_start, QEMU_PLUGIN_CB_NO_REGS, NULL);
        }
        if (pc == stop_pc) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_stop, QEMU_PLUGIN_CB_NO_REGS, NULL);
        }
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &insns, 1);
        if (hist_path != NULL) {
            struct pc_count *e = hist_entry(pc);
            if (e != NULL) {
                qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                           &e->count, 1);
            }
        }
    }
}

static int cmp_pc(const void *a, const void *b)
{
    const struct pc_count *x = *(const struct pc_count *const *)a;
    const struct pc_count *y = *(const struct pc_count *const *)b;
    return x->pc < y->pc ? -1 : x->pc > y->pc;
}

static void at_exit(qemu_plugin_id_t id, void *userdata)
{
    char buf[256];
    (void)id;
    (void)userdata;

    snprintf(buf, sizeof buf,
             "insns_total=%" PRIu64 "\nregion_count=%" PRIu64 " region_min=%" PRIu64
             " region_max=%" PRIu64 " region_sum=%" PRIu64 "\n",
             insns, region_count, region_count ? region_min : 0, region_max, region_sum);
    if (out_path != NULL) {
        FILE *f = fopen(out_path, "w");
        if (f != NULL) {
            fputs(buf, f);
            fclose(f);
        } else {
            qemu_plugin_outs("insncount: cannot write out= file\n");
            qemu_plugin_outs(buf);
        }
    } else {
        qemu_plugin_outs(buf);
    }
    if (hist_path != NULL) {
        FILE *f = fopen(hist_path, "w");
        struct pc_count **v = malloc((hist_len ? hist_len : 1) * sizeof *v);
        size_t i;
        size_t k = 0;
        if (f != NULL && v != NULL) {
            for (i = 0; i < hist_cap; i++) {
                if (hist[i] != NULL && hist[i]->count != 0) {
                    v[k++] = hist[i];
                }
            }
            qsort(v, k, sizeof *v, cmp_pc);
            for (i = 0; i < k; i++) {
                fprintf(f, "0x%08" PRIx64 " %" PRIu64 "\n", v[i]->pc, v[i]->count);
            }
        } else {
            qemu_plugin_outs("insncount: cannot write hist= file\n");
        }
        if (f != NULL) {
            fclose(f);
        }
        free(v);
    }
}

static char *option_value(const char *arg, const char *key)
{
    size_t n = strlen(key);
    if (strncmp(arg, key, n) == 0 && arg[n] == '=') {
        return strdup(arg + n + 1);
    }
    return NULL;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    int i;

    if (info->version.cur < 1) {
        return -1;
    }
    for (i = 0; i < argc; i++) {
        char *v;
        if ((v = option_value(argv[i], "start_sym")) != NULL) {
            start_sym = v;
        } else if ((v = option_value(argv[i], "stop_sym")) != NULL) {
            stop_sym = v;
        } else if ((v = option_value(argv[i], "start")) != NULL) {
            start_pc = strtoull(v, NULL, 0);
            free(v);
        } else if ((v = option_value(argv[i], "stop")) != NULL) {
            stop_pc = strtoull(v, NULL, 0);
            free(v);
        } else if ((v = option_value(argv[i], "out")) != NULL) {
            out_path = v;
        } else if ((v = option_value(argv[i], "hist")) != NULL) {
            hist_path = v;
        } else {
            fprintf(stderr, "insncount: unknown option '%s' (start_sym= stop_sym= start= "
                            "stop= out= hist=)\n", argv[i]);
            return -1;
        }
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
