/* cycle_model: Cortex-M4 / M0 / M55 cycles of an executed instruction stream.
 * Takes: instructions in execution order (cm_issue, cm_complete). Gives:
 * issue cycles and a breakdown (struct cm_stats).
 *
 * Timings: Cortex-M4 TRM (ARM DDI 0439B) "Cortex-M4 instruction set summary",
 * its "Load/store timings" notes and the FPU chapter's instruction table;
 * Cortex-M0 TRM (ARM DDI 0432C) instruction set summary. Flash: STM32F4
 * reference manual (RM0090), "Embedded Flash memory interface" (wait states
 * per clock, the ART accelerator's prefetch buffer, 64 x 128-bit instruction
 * cache and 8 x 128-bit data cache). Cortex-M55: LLVM's scheduling model
 * for it (llvm/lib/Target/ARM/ARMScheduleM55.td: the pipes, the two beats of
 * a vector instruction and their overlap, result latencies, the 16-bit
 * pairs it dual-issues), which Arm contributed from the Cortex-M55 Software
 * Optimization Guide. How the pieces are put together is this file's own
 * simplification; bench/README.md lists what it leaves out. */
#include "cycle_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t max64(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

int cm_preset(const char *name, struct cm_params *p)
{
    memset(p, 0, sizeof *p);
    p->core = CM_M4;
    p->line_bytes = 16;
    p->flash_lo = 0x00000000u; /* the Cortex-M code region */
    p->flash_hi = 0x1fffffffu;
    p->refill = 2;
    p->ldst = CM_LDST_PIPELINED;
    p->div_cycles = 7;
    p->mul_cycles = 1;
    p->it_cycles = 1;
    p->beats = 2;
    p->le_refill = 0;
    p->dual = 1;
    if (strcmp(name, "m4-ram") == 0) {
        /* zero-wait code memory */
    } else if (strcmp(name, "m4-flash") == 0) {
        p->ws = 5;
        p->prefetch = 1;
        p->icache_lines = 64;
        p->icache_ways = 64;
        p->dcache_lines = 8;
    } else if (strcmp(name, "m0-ram") == 0) {
        p->core = CM_M0;
        p->it_cycles = 0; /* no IT on ARMv6-M */
    } else if (strcmp(name, "m55-ram") == 0) {
        p->core = CM_M55; /* code in the ITCM: zero wait states */
    } else {
        return -1;
    }
    snprintf(p->name, sizeof p->name, "%s", name);
    return 0;
}

static int parse_uint(const char *s, unsigned long *v)
{
    char *end;
    if (*s == '\0') {
        return -1;
    }
    *v = strtoul(s, &end, 0);
    return *end == '\0' ? 0 : -1;
}

int cm_set(struct cm_params *p, const char *key, const char *value)
{
    unsigned long v = 0;
    if (strcmp(key, "core") == 0) {
        if (strcmp(value, "m4") == 0) {
            p->core = CM_M4;
        } else if (strcmp(value, "m0") == 0) {
            p->core = CM_M0;
        } else if (strcmp(value, "m55") == 0) {
            p->core = CM_M55;
        } else {
            return -1;
        }
        return 0;
    }
    if (strcmp(key, "ldst") == 0) {
        if (strcmp(value, "pipelined") == 0) {
            p->ldst = CM_LDST_PIPELINED;
        } else if (strcmp(value, "table") == 0) {
            p->ldst = CM_LDST_TABLE;
        } else {
            return -1;
        }
        return 0;
    }
    if (strcmp(key, "flash") == 0) {
        const char *dash = strchr(value, '-');
        char lo[32];
        unsigned long hi;
        if (dash == NULL || (size_t)(dash - value) >= sizeof lo) {
            return -1;
        }
        memcpy(lo, value, (size_t)(dash - value));
        lo[dash - value] = '\0';
        if (parse_uint(lo, &v) != 0 || parse_uint(dash + 1, &hi) != 0 || hi < v
            || hi > 0xffffffffu) {
            return -1;
        }
        p->flash_lo = (uint32_t)v;
        p->flash_hi = (uint32_t)hi;
        return 0;
    }
    if (parse_uint(value, &v) != 0 || v > 0xffffu) {
        return -1;
    }
    if (strcmp(key, "ws") == 0) {
        p->ws = (unsigned)v;
    } else if (strcmp(key, "prefetch") == 0 && v <= 1) {
        p->prefetch = (unsigned)v;
    } else if (strcmp(key, "icache") == 0 && v <= CM_MAX_CACHE_LINES) {
        p->icache_lines = (unsigned)v;
        p->icache_ways = (unsigned)v; /* fully associative unless ways= follows */
    } else if (strcmp(key, "ways") == 0 && v >= 1) {
        p->icache_ways = (unsigned)v;
    } else if (strcmp(key, "dcache") == 0 && v <= CM_MAX_CACHE_LINES) {
        p->dcache_lines = (unsigned)v;
    } else if (strcmp(key, "line") == 0 && v >= 4 && (v & (v - 1)) == 0) {
        p->line_bytes = (unsigned)v;
    } else if (strcmp(key, "refill") == 0 && v >= 1) {
        p->refill = (unsigned)v;
    } else if (strcmp(key, "div") == 0) {
        p->div_cycles = (unsigned)v;
    } else if (strcmp(key, "mul") == 0) {
        p->mul_cycles = (unsigned)v;
    } else if (strcmp(key, "it") == 0) {
        p->it_cycles = (unsigned)v;
    } else if (strcmp(key, "beats") == 0 && v >= 1 && v <= 4) {
        p->beats = (unsigned)v;
    } else if (strcmp(key, "le") == 0) {
        p->le_refill = (unsigned)v;
    } else if (strcmp(key, "dual") == 0 && v <= 1) {
        p->dual = (unsigned)v;
    } else {
        return -1;
    }
    if (p->icache_lines != 0 && (p->icache_ways == 0 || p->icache_lines % p->icache_ways != 0)) {
        return -1;
    }
    return 0;
}

void cm_describe(const struct cm_params *p, char *buf, unsigned size)
{
    snprintf(buf, size,
             "core=%s ws=%u prefetch=%u icache=%u ways=%u dcache=%u line=%u "
             "flash=0x%08lx-0x%08lx refill=%u ldst=%s div=%u mul=%u it=%u%s",
             p->core == CM_M0 ? "m0" : p->core == CM_M55 ? "m55" : "m4", p->ws, p->prefetch,
             p->icache_lines, p->icache_ways, p->dcache_lines, p->line_bytes,
             (unsigned long)p->flash_lo, (unsigned long)p->flash_hi, p->refill,
             p->ldst == CM_LDST_TABLE ? "table" : "pipelined", p->div_cycles, p->mul_cycles,
             p->it_cycles, "");
    if (p->core == CM_M55) {
        size_t n = strlen(buf);
        snprintf(buf + n, size > n ? size - n : 0, " beats=%u le=%u dual=%u", p->beats,
                 p->le_refill, p->dual);
    }
}

/* --- caches: set associative (sets = lines / ways), LRU ---------------- */

static void cache_init(struct cm_cache *c, unsigned lines, unsigned ways)
{
    memset(c, 0, sizeof *c);
    c->lines = lines;
    c->ways = ways ? ways : lines;
}

/* 1 if line is cached; touch = 1 also makes it the most recently used */
static int cache_find(struct cm_cache *c, uint32_t line, int touch)
{
    unsigned sets, set, i;
    if (c->lines == 0) {
        return 0;
    }
    sets = c->lines / c->ways;
    set = (unsigned)(line % sets) * c->ways;
    for (i = set; i < set + c->ways; i++) {
        if (c->stamp[i] != 0 && c->tag[i] == line) {
            if (touch) {
                c->stamp[i] = ++c->clock;
            }
            return 1;
        }
    }
    return 0;
}

static void cache_insert(struct cm_cache *c, uint32_t line)
{
    unsigned sets, set, i, victim;
    if (c->lines == 0 || cache_find(c, line, 1)) {
        return;
    }
    sets = c->lines / c->ways;
    set = (unsigned)(line % sets) * c->ways;
    victim = set;
    for (i = set; i < set + c->ways; i++) {
        if (c->stamp[i] < c->stamp[victim]) {
            victim = i;
        }
    }
    c->tag[victim] = line;
    c->stamp[victim] = ++c->clock;
}

/* --- instruction fetch ------------------------------------------------- */

void cm_init(struct cm_model *m, const struct cm_params *p)
{
    memset(m, 0, sizeof *m);
    m->p = *p;
    m->prev_rt = m->prev_rt2 = TR_NONE;
    cache_init(&m->icache, p->icache_lines, p->icache_ways);
    cache_init(&m->dcache, p->dcache_lines, p->dcache_lines);
}

static int in_flash(const struct cm_model *m, uint32_t addr)
{
    return m->p.ws > 0 && addr >= m->p.flash_lo && addr <= m->p.flash_hi;
}

/* One flash line read, requested at req: returns when its data is ready. */
static uint64_t flash_read(struct cm_model *m, uint64_t req)
{
    uint64_t start = max64(req, m->busy);
    m->busy = start + m->p.ws + 1;
    return start + m->p.ws;
}

/* The core wants instruction line `line` from cycle req on: returns the
 * cycle from which its words can be fetched (req itself when it is at
 * hand). A line the core moves into becomes the current line (the ART's line
 * buffer), and the next line is prefetched unless it is cached. */
static uint64_t fetch_line(struct cm_model *m, uint32_t line, uint64_t req)
{
    uint64_t r;
    if (m->cur_valid && line == m->cur_line) {
        return req;
    }
    if (cache_find(&m->icache, line, 1)) {
        r = req;
        m->s.iline_hit++;
    } else if (m->pf_valid && line == m->pf_line) {
        r = max64(req, m->pf_ready);
        m->pf_valid = 0;
        cache_insert(&m->icache, line);
        m->s.iline_pf++;
    } else {
        r = flash_read(m, req);
        cache_insert(&m->icache, line);
        m->s.iline_miss++;
    }
    m->cur_line = line;
    m->cur_valid = 1;
    if (m->p.prefetch && !cache_find(&m->icache, line + 1u, 0)
        && !(m->pf_valid && m->pf_line == line + 1u)) {
        m->pf_line = line + 1u;
        m->pf_valid = 1;
        m->pf_ready = flash_read(m, r);
    }
    return r;
}

static uint64_t m55_operands_ready(const struct cm_model *m, const struct thumb_insn *d,
                                   uint64_t t);

void cm_issue(struct cm_model *m, uint32_t pc, const struct thumb_insn *d)
{
    uint64_t cand = m->ready, base = cand, t;
    /* a 32-bit branch target that straddles two words takes a second fetch */
    unsigned extra = (m->redirect && d->size == 4 && (pc & 2u)) ? 1u : 0u;

    if (m->redirect) {
        base = max64(cand, m->redirect_req + m->redirect_refill + extra);
    }
    t = base;
    if (in_flash(m, pc)) {
        unsigned shift = 0;
        uint32_t first, last;
        uint64_t req, r;
        while ((1u << shift) < m->p.line_bytes) {
            shift++;
        }
        first = pc >> shift;
        last = (pc + d->size - 1u) >> shift;
        /* Sequential code: the core asks for the word just in time (the
           refill cycles ahead of issue). Its own 3-word prefetch buffer
           would ask earlier; the ART's prefetch of the next line is what
           keeps straight-line code going, and it is modelled. */
        req = m->redirect ? m->redirect_req : (cand > m->p.refill ? cand - m->p.refill : 0);
        r = fetch_line(m, first, req);
        if (last != first) {
            r = max64(r, fetch_line(m, last, r));
        }
        t = max64(t, r + m->p.refill + extra);
    }
    m->s.refill += base - cand;
    m->s.fetch_stall += t - base;
    if (m->p.core == CM_M55) {
        uint64_t r = m55_operands_ready(m, d, t);
        m->s.dep_stall += r - t;
        t = r;
    }
    m->s.insns++;
    m->t = t;
    m->target = m->redirect;
    m->redirect = 0;
}

/* --- Cortex-M55 ----------------------------------------------------------
 * From LLVM's Cortex-M55 scheduling model (ARMScheduleM55.td):
 * - one instruction issues per cycle; two 16-bit ones issue together when
 *   one of them is ADDS/SUBS/MOVS immediate, MOV register, SXT/UXT, IT, NOP
 *   or B (thumb_insn.dual);
 * - the FPU and Helium share four pipes (load/store, integer, float/multiply,
 *   control); a vector instruction holds its pipe for two beats, so the next
 *   vector instruction of another pipe starts one cycle later, one of the
 *   same pipe two cycles later; scalar FP instructions hold theirs one cycle;
 * - results are ready, for an instruction that reads them, after: scalar
 *   VADD/VSUB/VMUL/VFMA/VCVT/VSEL/VLDR 2, VMLA/VMLS/VNMLA/VNMLS (chained) 4,
 *   VDIV/VSQRT 16, VMOV and VCMP 1; vector VLDR 1, VADD/VSUB.F32 and the
 *   integer pipe 1, VMUL/VFMA and the other float/multiply-pipe ops and the
 *   reductions 2; a store reads its data one cycle later than other readers.
 * Integer loads take one cycle (two for LDRD/STRD, 1 + N/2 for LDM/STM of N
 * words: 64-bit data path); integer register dependencies are not tracked
 * (the decoder does not know the integer operands). */

static unsigned m55_pipe(const struct thumb_insn *d)
{
    switch (d->cls) {
    case TC_VLD:
    case TC_VST:
        return CM_PIPE_LS;
    case TC_LOAD:
    case TC_STORE:
    case TC_LDM:
    case TC_STM:
        return (d->flags & TF_FP) ? CM_PIPE_LS : CM_PIPE_NONE;
    case TC_VINT:
        return CM_PIPE_INT;
    case TC_VFP:
    case TC_VRED:
    case TC_FALU:
    case TC_FMAC:
    case TC_FDIV:
    case TC_FMOV:
    case TC_FMOV2:
        return CM_PIPE_FP;
    case TC_VPRED:
        return CM_PIPE_CTRL;
    default:
        return CM_PIPE_NONE;
    }
}

static int m55_vector(const struct thumb_insn *d)
{
    return d->cls >= TC_VLD && d->cls <= TC_VRED;
}

/* cycles from issue until the FP/vector result can be read */
static unsigned m55_latency(const struct thumb_insn *d)
{
    switch (d->cls) {
    case TC_LOAD:
        return 2;
    case TC_LDM:
        return 2u + d->words / 2u;
    case TC_FALU:
        return d->fsimple ? 1u : 2u;
    case TC_FMAC:
        return (d->flags & TF_CHAINED) ? 4u : 2u;
    case TC_FDIV:
        return 16;
    case TC_FMOV:
    case TC_FMOV2:
        return 2;
    case TC_VLD:
    case TC_VINT:
        return 1;
    case TC_VFP:
        return d->fsimple ? 1u : 2u;
    default:
        return 2;
    }
}

/* the cycle from which d, which could issue at t, has its FP/vector
   operands and its pipe */
static uint64_t m55_operands_ready(const struct cm_model *m, const struct thumb_insn *d,
                                   uint64_t t)
{
    unsigned i, k, pipe = m55_pipe(d);
    int store = d->cls == TC_STORE || d->cls == TC_STM || d->cls == TC_VST;
    if (pipe != CM_PIPE_NONE) {
        t = max64(t, m->pipe_free[pipe]);
    }
    for (i = 0; i < 3; i++) {
        unsigned s = d->src[i], n = d->srcn[i];
        for (k = 0; s != TR_NONE && k < n && s + k <= TR_FLAGS; k++) {
            uint64_t r = m->freg_ready[s + k];
            if (store && i == 0 && r > 0) {
                r--; /* stores take their data a cycle late */
            }
            t = max64(t, r);
        }
    }
    return t;
}

static unsigned m55_exec(const struct cm_model *m, const struct thumb_insn *d, unsigned nmem)
{
    switch (d->cls) {
    case TC_DIV:
        return m->p.div_cycles;
    case TC_LOAD:
    case TC_STORE:
        return (nmem > 0 && d->words == 2 && !(d->flags & TF_FP)) ? 2u : 1u;
    case TC_LDM:
    case TC_STM:
        return nmem == 0 ? 1u : 1u + (d->words + 1u) / 2u;
    case TC_TABLE:
    case TC_BARRIER:
        return 2;
    case TC_IT:
        return m->p.it_cycles;
    default: /* everything else issues in one cycle; vector beats hold the pipe */
        return 1;
    }
}

/* d completes after issuing at m->t: results, pipes, pairing; returns the
   cycles until the next instruction may issue */
static unsigned m55_complete(struct cm_model *m, const struct thumb_insn *d, unsigned nmem)
{
    unsigned e = m55_exec(m, d, nmem), pipe = m55_pipe(d), k;
    int simple = (d->cls == TC_ALU || d->cls == TC_NOP || d->cls == TC_IT
                  || d->cls == TC_BRANCH || d->cls == TC_LOAD || d->cls == TC_STORE
                  || d->cls == TC_MUL)
                 && d->size == 2 && e == 1u && !(d->flags & TF_FP);
    if (pipe != CM_PIPE_NONE) {
        m->pipe_free[pipe] = m->t + (m55_vector(d) ? m->p.beats : 1u);
    }
    if (d->fdst != TR_NONE) {
        uint64_t r = m->t + m55_latency(d);
        for (k = 0; k < d->fdstn && d->fdst + k <= TR_FLAGS; k++) {
            m->freg_ready[d->fdst + k] = r;
        }
    }
    /* issued together with the instruction before: no cycle of its own */
    if (m->p.dual && simple && m->prev_pairable && !m->prev_paired && !m->target
        && (d->dual || m->prev_pairable == 2u) && m->t + 0u == m->ready) {
        m->prev_paired = 1;
        m->s.paired++;
        e = 0;
    } else {
        m->prev_paired = 0;
    }
    m->prev_pairable = simple ? (d->dual ? 2u : 1u) : 0u;
    return e;
}

/* --- execution --------------------------------------------------------- */

static unsigned depends(const struct cm_model *m, const struct thumb_insn *d)
{
    return (m->prev_rt != TR_NONE && (m->prev_rt == d->rn || m->prev_rt == d->rm))
           || (m->prev_rt2 != TR_NONE && (m->prev_rt2 == d->rn || m->prev_rt2 == d->rm));
}

/* cycles of a single load or store that executed */
static unsigned single_m4(const struct cm_model *m, const struct thumb_insn *d)
{
    unsigned c = 1u + d->words;
    if (m->p.ldst == CM_LDST_TABLE) {
        return c;
    }
    /* "LDR [any] are pipelined when possible": after a single load, the
       next load or non-writeback store with no address dependency on it
       overlaps its address phase with that load's data phase. */
    if (m->prev_load && d->words == 1 && (d->cls == TC_LOAD || !(d->flags & TF_WBACK))
        && !depends(m, d)) {
        return c - 1u;
    }
    /* "STR Rx,[Ry,#imm] is always one cycle": the data phase overlaps the
       next instruction (register offsets do not). */
    if (d->cls == TC_STORE && d->words == 1 && !(d->flags & TF_REGOFF)) {
        return 1;
    }
    return c;
}

static unsigned exec_cycles(const struct cm_model *m, const struct thumb_insn *d, unsigned nmem)
{
    int m0 = m->p.core == CM_M0;
    switch (d->cls) {
    case TC_ALU:
    case TC_NOP:
    case TC_FALU:
    case TC_FMOV:
        return 1;
    case TC_MUL:
        return m0 ? m->p.mul_cycles : 1;
    case TC_DIV:
        return m->p.div_cycles;
    case TC_LOAD:
    case TC_STORE:
        if (nmem == 0) {
            return 1; /* condition failed in an IT block */
        }
        return m0 ? 2u : single_m4(m, d);
    case TC_LDM:
    case TC_STM:
        return nmem == 0 ? 1u : 1u + d->words;
    case TC_BRANCH:
        return (m0 && (d->flags & TF_LINK) && d->size == 4) ? 2u : 1u; /* M0: BL is 4 = 2 + P */
    case TC_TABLE:
        return 2;
    case TC_IT:
        return m->p.it_cycles;
    case TC_BARRIER:
        return m0 ? 3u : 2u;
    case TC_FMAC:
        return 3;
    case TC_FDIV:
        return 14;
    case TC_FMOV2:
        return 2;
    default: /* TC_SYS: MRS, MSR, CPS, SVC; never in a measured region here */
        return m0 ? 3u : 1u;
    }
}

void cm_complete(struct cm_model *m, uint32_t pc, const struct thumb_insn *d, unsigned nmem,
                 const uint32_t *flash_lines, unsigned nflash, uint32_t next_pc)
{
    uint64_t e = m->p.core == CM_M55 ? m55_complete(m, d, nmem) : exec_cycles(m, d, nmem);
    uint64_t core = e;
    unsigned i;

    /* data from flash (literal pools, const data) through the data cache */
    for (i = 0; i < nflash && m->p.ws > 0; i++) {
        if (cache_find(&m->dcache, flash_lines[i], 1)) {
            m->s.dline_hit++;
        } else {
            uint64_t done = flash_read(m, m->t + (e > 0 ? e - 1 : 0)) + 1;
            if (done > m->t + e) {
                m->s.data_stall += done - (m->t + e);
                e = done - m->t;
            }
            cache_insert(&m->dcache, flash_lines[i]);
            m->s.dline_miss++;
        }
    }
    m->s.core += core;
    m->ready = m->t + e;
    if (next_pc != pc + d->size) {
        /* a taken branch or another write of the PC: the target is fetched
           once the instruction has its address (end of its execution) */
        m->redirect = 1;
        m->redirect_req = m->ready;
        m->redirect_refill = (m->p.core == CM_M55 && (d->flags & TF_LOOPEND)
                              && d->cls == TC_BRANCH) ? m->p.le_refill : m->p.refill;
        m->s.taken++;
    }
    m->prev_load = d->cls == TC_LOAD && nmem > 0 && d->words == 1;
    m->prev_rt = m->prev_load ? d->rt : TR_NONE;
    m->prev_rt2 = m->prev_load ? d->rt2 : TR_NONE;
}
