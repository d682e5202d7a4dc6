/* cyclecount: a QEMU 7.2 TCG plugin that runs the cycle model of
 * cycle_model.c over every executed guest instruction, for one or more
 * configurations at once, and reports cycles (and instructions, as
 * insncount does) in total and inside marked regions.
 *
 * Options (-plugin libcyclecount.so,opt=val,...):
 *   start_sym=NAME, stop_sym=NAME, start=ADDR, stop=ADDR   regions, as insncount
 *   model=PRESET[:key=val...]   a configuration (repeatable; default: m4-flash and
 *                   m4-ram). PRESET is m4-flash, m4-ram, m0-ram or m55-ram; keys as
 *                   cm_set() takes them, plus name=LABEL for its label in the output.
 *   out=FILE        write the results there (default: QEMU's plugin log)
 * Output:
 *   insns_total=N
 *   region_count=C region_min=A region_max=B region_sum=S   (instructions)
 *   model LABEL core=m4 ws=5 ...                            (one line per model)
 *   cycles LABEL total=N region_min=A region_max=B region_sum=S
 *   region K insns=N LABEL=CYCLES ...                       (the first 64 regions)
 *   detail K LABEL core=.. refill=.. fetch_stall=.. data_stall=.. taken=.. ...
 * A region's cycles are the issue cycle of stop's first instruction minus
 * that of start's. The model needs the instruction after each one to know
 * whether a branch was taken, so each instruction is completed when the
 * next one starts. Build: cc -O2 -shared -fPIC -fvisibility=hidden
 * cyclecount.c cycle_model.c thumb_decode.c */
#define _POSIX_C_SOURCE 200809L /* strdup, strtok_r, open_memstream */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cycle_model.h"
#include "qemu_plugin_api.h"
#include "thumb_decode.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

#define MAX_MODELS 8
#define MAX_REGIONS 64
#define MAX_LOADS 32 /* load addresses kept per instruction (VLDM moves up to 32 words) */

struct insn_desc {
    uint32_t pc;
    struct thumb_insn d;
};

static struct cm_model models[MAX_MODELS];
static unsigned n_models;

static uint64_t insns;
static uint64_t start_pc = UINT64_MAX;
static uint64_t stop_pc = UINT64_MAX;
static char *start_sym;
static char *stop_sym;
static char *out_path;

/* the instruction issued last, completed when the next one starts */
static const struct insn_desc *pending;
static unsigned pending_nmem;
static unsigned pending_nloads;
static uint32_t pending_loads[MAX_LOADS];

static int in_region;
static uint64_t region_insns0;
static uint64_t region_cycles0[MAX_MODELS];
static struct cm_stats region_stats0[MAX_MODELS];
static uint64_t region_count;
static uint64_t region_min = UINT64_MAX, region_max, region_sum;
static uint64_t cyc_min[MAX_MODELS], cyc_max[MAX_MODELS], cyc_sum[MAX_MODELS];
static uint64_t reg_insns[MAX_REGIONS];
static uint64_t reg_cycles[MAX_REGIONS][MAX_MODELS];
static struct cm_stats reg_stats[MAX_REGIONS][MAX_MODELS];

static void complete_pending(uint32_t next_pc)
{
    unsigned k;
    for (k = 0; k < n_models; k++) {
        struct cm_model *m = &models[k];
        uint32_t lines[CM_MAX_FLASH_LINES];
        unsigned n = 0, i, j, shift = 0;
        while ((1u << shift) < m->p.line_bytes) {
            shift++;
        }
        for (i = 0; i < pending_nloads && m->p.ws > 0; i++) {
            uint32_t a = pending_loads[i];
            if (a >= m->p.flash_lo && a <= m->p.flash_hi) {
                uint32_t line = a >> shift;
                for (j = 0; j < n && lines[j] != line; j++) {
                }
                if (j == n && n < CM_MAX_FLASH_LINES) {
                    lines[n++] = line;
                }
            }
        }
        cm_complete(m, pending->pc, &pending->d, pending_nmem, lines, n, next_pc);
    }
}

static void stats_diff(struct cm_stats *out, const struct cm_stats *a, const struct cm_stats *b)
{
    out->insns = a->insns - b->insns;
    out->core = a->core - b->core;
    out->refill = a->refill - b->refill;
    out->fetch_stall = a->fetch_stall - b->fetch_stall;
    out->data_stall = a->data_stall - b->data_stall;
    out->taken = a->taken - b->taken;
    out->iline_hit = a->iline_hit - b->iline_hit;
    out->iline_pf = a->iline_pf - b->iline_pf;
    out->iline_miss = a->iline_miss - b->iline_miss;
    out->dline_hit = a->dline_hit - b->dline_hit;
    out->dline_miss = a->dline_miss - b->dline_miss;
    out->dep_stall = a->dep_stall - b->dep_stall;
    out->paired = a->paired - b->paired;
}

static void on_insn(unsigned int vcpu, void *userdata)
{
    const struct insn_desc *e = userdata;
    unsigned k;

    (void)vcpu;
    if (pending != NULL) {
        complete_pending(e->pc);
    }
    for (k = 0; k < n_models; k++) {
        cm_issue(&models[k], e->pc, &e->d);
    }
    /* region bounds: start inclusive, stop exclusive, as insncount */
    if (e->pc == stop_pc && in_region) {
        uint64_t d = insns - region_insns0;
        in_region = 0;
        if (region_count < MAX_REGIONS) {
            reg_insns[region_count] = d;
        }
        for (k = 0; k < n_models; k++) {
            uint64_t c = models[k].t - region_cycles0[k];
            if (region_count == 0 || c < cyc_min[k]) {
                cyc_min[k] = c;
            }
            if (c > cyc_max[k]) {
                cyc_max[k] = c;
            }
            cyc_sum[k] += c;
            if (region_count < MAX_REGIONS) {
                reg_cycles[region_count][k] = c;
                stats_diff(&reg_stats[region_count][k], &models[k].s, &region_stats0[k]);
            }
        }
        region_count++;
        region_sum += d;
        if (d < region_min) {
            region_min = d;
        }
        if (d > region_max) {
            region_max = d;
        }
    }
    if (e->pc == start_pc && !in_region) {
        in_region = 1;
        region_insns0 = insns;
        for (k = 0; k < n_models; k++) {
            region_cycles0[k] = models[k].t;
            region_stats0[k] = models[k].s;
        }
    }
    insns++;
    pending = e;
    pending_nmem = 0;
    pending_nloads = 0;
}

static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *userdata)
{
    (void)vcpu;
    (void)userdata;
    pending_nmem++;
    if (!qemu_plugin_mem_is_store(info) && pending_nloads < MAX_LOADS) {
        pending_loads[pending_nloads++] = (uint32_t)vaddr;
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
        const uint8_t *bytes = qemu_plugin_insn_data(insn);
        size_t size = qemu_plugin_insn_size(insn);
        /* one descriptor per translation, never freed: the callback holds it */
        struct insn_desc *e = calloc(1, sizeof *e);
        uint16_t hw1, hw2 = 0;

        if (e == NULL) {
            qemu_plugin_outs("cyclecount: out of memory\n");
            abort();
        }
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
        hw1 = (uint16_t)(bytes[0] | (bytes[1] << 8));
        if (size >= 4) {
            hw2 = (uint16_t)(bytes[2] | (bytes[3] << 8));
        }
        e->pc = (uint32_t)pc;
        thumb_decode(hw1, hw2, &e->d);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn, QEMU_PLUGIN_CB_NO_REGS, e);
        if (e->d.words != 0 || e->d.cls == TC_TABLE) {
            qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, NULL);
        }
    }
}

static void print_stats(FILE *f, unsigned region, const char *label, const struct cm_stats *s)
{
    fprintf(f,
            "detail %u %s core=%" PRIu64 " refill=%" PRIu64 " fetch_stall=%" PRIu64
            " data_stall=%" PRIu64 " taken=%" PRIu64 " iline_hit=%" PRIu64 " iline_pf=%" PRIu64
            " iline_miss=%" PRIu64 " dline_hit=%" PRIu64 " dline_miss=%" PRIu64
            " dep_stall=%" PRIu64 " paired=%" PRIu64 "\n",
            region, label, s->core, s->refill, s->fetch_stall, s->data_stall, s->taken,
            s->iline_hit, s->iline_pf, s->iline_miss, s->dline_hit, s->dline_miss, s->dep_stall,
            s->paired);
}

static void write_report(FILE *f)
{
    unsigned k;
    uint64_t r;
    char buf[256];

    fprintf(f,
            "insns_total=%" PRIu64 "\nregion_count=%" PRIu64 " region_min=%" PRIu64
            " region_max=%" PRIu64 " region_sum=%" PRIu64 "\n",
            insns, region_count, region_count ? region_min : 0, region_max, region_sum);
    for (k = 0; k < n_models; k++) {
        cm_describe(&models[k].p, buf, sizeof buf);
        fprintf(f, "model %s %s\n", models[k].p.name, buf);
    }
    for (k = 0; k < n_models; k++) {
        fprintf(f,
                "cycles %s total=%" PRIu64 " region_min=%" PRIu64 " region_max=%" PRIu64
                " region_sum=%" PRIu64 "\n",
                models[k].p.name, models[k].t, cyc_min[k], cyc_max[k], cyc_sum[k]);
    }
    for (r = 0; r < region_count && r < MAX_REGIONS; r++) {
        fprintf(f, "region %" PRIu64 " insns=%" PRIu64, r + 1, reg_insns[r]);
        for (k = 0; k < n_models; k++) {
            fprintf(f, " %s=%" PRIu64, models[k].p.name, reg_cycles[r][k]);
        }
        fputc('\n', f);
        for (k = 0; k < n_models; k++) {
            print_stats(f, (unsigned)(r + 1), models[k].p.name, &reg_stats[r][k]);
        }
    }
}

static void at_exit(qemu_plugin_id_t id, void *userdata)
{
    FILE *f = NULL;
    (void)id;
    (void)userdata;
    if (out_path != NULL) {
        f = fopen(out_path, "w");
        if (f == NULL) {
            qemu_plugin_outs("cyclecount: cannot write out= file\n");
        }
    }
    if (f != NULL) {
        write_report(f);
        fclose(f);
    } else {
        /* through a memory stream into QEMU's log */
        char *text = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&text, &len);
        if (m != NULL) {
            write_report(m);
            fclose(m);
            qemu_plugin_outs(text);
            free(text);
        }
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

/* model=PRESET[:key=val...][:name=LABEL] */
static int add_model(const char *spec)
{
    char buf[256];
    char *tok, *save = NULL;
    struct cm_params p;

    if (n_models == MAX_MODELS || strlen(spec) >= sizeof buf) {
        fprintf(stderr, "cyclecount: too many models, or model= too long\n");
        return -1;
    }
    strcpy(buf, spec);
    tok = strtok_r(buf, ":", &save);
    if (tok == NULL || cm_preset(tok, &p) != 0) {
        fprintf(stderr, "cyclecount: unknown model '%s' (m4-flash, m4-ram, m0-ram, m55-ram)\n",
                tok ? tok : "");
        return -1;
    }
    while ((tok = strtok_r(NULL, ":", &save)) != NULL) {
        char *eq = strchr(tok, '=');
        if (eq == NULL) {
            fprintf(stderr, "cyclecount: model %s: '%s' is not key=value\n", spec, tok);
            return -1;
        }
        *eq = '\0';
        if (strcmp(tok, "name") == 0) {
            snprintf(p.name, sizeof p.name, "%s", eq + 1);
        } else if (cm_set(&p, tok, eq + 1) != 0) {
            fprintf(stderr, "cyclecount: model %s: bad %s=%s\n", spec, tok, eq + 1);
            return -1;
        }
    }
    cm_init(&models[n_models++], &p);
    return 0;
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
        } else if ((v = option_value(argv[i], "model")) != NULL) {
            int rc = add_model(v);
            free(v);
            if (rc != 0) {
                return -1;
            }
        } else {
            fprintf(stderr, "cyclecount: unknown option '%s' (start_sym= stop_sym= start= "
                            "stop= model= out=)\n", argv[i]);
            return -1;
        }
    }
    if (n_models == 0 && (add_model("m4-flash") != 0 || add_model("m4-ram") != 0)) {
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
