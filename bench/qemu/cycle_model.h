/* cycle_model: an approximate cycle count for a stream of executed Thumb
 * instructions on a Cortex-M4 (with FPv4-SP), a Cortex-M0 or a Cortex-M55
 * (FPU and Helium: register dependencies, the two beats of a vector
 * instruction in its pipe, 16-bit dual issue), with instruction
 * fetch either from zero-wait memory or from flash with wait states behind an
 * STM32F4-style ART accelerator (prefetch of the next line, an instruction
 * cache and a data cache for literal loads). Takes: each executed
 * instruction, in order, in two steps (cm_issue when it starts, cm_complete
 * once its memory accesses and the next PC are known). Gives: the cycle at
 * which each instruction issues, so the cycles of a region are the difference
 * of two issue times. See bench/README.md "Cycle model" for the timings and
 * what the model leaves out. */
#ifndef FLATPROP_CYCLE_MODEL_H
#define FLATPROP_CYCLE_MODEL_H

#include <stdint.h>

#include "thumb_decode.h"

enum cm_core { CM_M4, CM_M0, CM_M55 };

/* Cortex-M55 execution pipes that a vector instruction holds for its beats */
enum cm_pipe { CM_PIPE_NONE, CM_PIPE_LS, CM_PIPE_INT, CM_PIPE_FP, CM_PIPE_CTRL, CM_PIPES };

/* Single load/store timing: "pipelined" follows the TRM's load/store timing
 * notes (back-to-back loads pipeline, an immediate-offset store is one
 * cycle); "table" charges every single load/store 1 + words, no pipelining
 * (the bare instruction table, a pessimistic bound for load-heavy code). */
enum cm_ldst { CM_LDST_PIPELINED, CM_LDST_TABLE };

#define CM_MAX_CACHE_LINES 256u
#define CM_MAX_FLASH_LINES 16u /* distinct flash lines one instruction's data may touch */

struct cm_params {
    char name[24];
    unsigned core;           /* enum cm_core */
    unsigned ws;             /* flash wait states; 0: zero-wait instruction memory */
    unsigned prefetch;       /* 1: the next flash line is read while the current one is used */
    unsigned icache_lines;   /* instruction cache lines (0: none) */
    unsigned icache_ways;    /* associativity; = icache_lines for fully associative */
    unsigned dcache_lines;   /* data cache lines for data read from flash (fully associative) */
    unsigned line_bytes;     /* flash line (and cache line) size, a power of two */
    uint32_t flash_lo;       /* [flash_lo, flash_hi]: addresses that are flash when ws > 0 */
    uint32_t flash_hi;
    unsigned refill;         /* fetch + decode cycles before a fetched word executes (P) */
    unsigned ldst;           /* enum cm_ldst */
    unsigned div_cycles;     /* SDIV, UDIV (data-dependent 2-12 on the M4; fixed here) */
    unsigned mul_cycles;     /* MULS on the M0: 1 (fast multiplier) or 32 (small) */
    unsigned it_cycles;      /* IT (0 if folded) */
    unsigned beats;          /* M55: cycles a vector instruction holds its pipe (2: dual beat) */
    unsigned le_refill;      /* M55: refill after a taken LE (0: the loop is cached) */
    unsigned dual;           /* M55: 1 pairs 16-bit instructions (see cycle_model.c) */
};

struct cm_stats {
    uint64_t insns;
    uint64_t core;        /* cycles the instructions take with every fetch ready */
    uint64_t refill;      /* pipeline refill after taken branches (zero-wait part) */
    uint64_t fetch_stall; /* waiting for flash beyond that */
    uint64_t data_stall;  /* waiting for data read from flash (literal pools, const data) */
    uint64_t dep_stall;   /* M55: waiting for an FP/vector result or a busy pipe */
    uint64_t paired;      /* M55: instructions issued with the one before */
    uint64_t taken;       /* taken branches and other PC writes */
    uint64_t iline_hit;   /* new instruction lines found in the cache */
    uint64_t iline_pf;    /* ... in the prefetch buffer */
    uint64_t iline_miss;  /* ... read from flash on demand */
    uint64_t dline_hit;
    uint64_t dline_miss;
};

struct cm_cache {
    unsigned lines, ways;
    uint32_t tag[CM_MAX_CACHE_LINES];
    uint64_t stamp[CM_MAX_CACHE_LINES]; /* 0: empty; otherwise last use (LRU) */
    uint64_t clock;
};

struct cm_model {
    struct cm_params p;
    uint64_t t;      /* issue cycle of the last issued instruction */
    uint64_t ready;  /* the core could issue the next instruction at this cycle */
    /* the last completed instruction, for load pipelining */
    unsigned prev_load;
    uint8_t prev_rt, prev_rt2;
    /* the next instruction is a branch target, fetched from redirect_req */
    unsigned redirect;
    uint64_t redirect_req;
    unsigned redirect_refill;
    /* Cortex-M55: when each FP register slot's value is ready (thumb_decode.h
       slots), when each pipe is free, and the last instruction for pairing */
    uint64_t freg_ready[TR_FLAGS + 1];
    uint64_t pipe_free[CM_PIPES];
    unsigned prev_pairable, prev_paired;
    unsigned target; /* the instruction last issued was a branch target */
    /* flash and ART state */
    uint64_t busy; /* the flash array is reading until this cycle */
    unsigned cur_valid, pf_valid;
    uint32_t cur_line, pf_line;
    uint64_t pf_ready;
    struct cm_cache icache, dcache;
    struct cm_stats s;
};

/* Parameters of a named configuration: "m4-ram" (zero-wait), "m4-flash"
 * (STM32F4 at 168 MHz: 5 wait states, prefetch, 64 x 128-bit I-cache, 8-line
 * D-cache), "m0-ram", "m55-ram" (code in the ITCM). Returns 0, or -1 for an
 * unknown name. */
int cm_preset(const char *name, struct cm_params *p);

/* Set one parameter from "key=value" (keys as in struct cm_params, ldst=
 * pipelined|table, core=m4|m0|m55, flash=LO-HI, beats=, le=, dual=). Returns 0, or -1 with a bad key or value. */
int cm_set(struct cm_params *p, const char *key, const char *value);

/* A cold model (empty caches, time 0). */
void cm_init(struct cm_model *m, const struct cm_params *p);

/* The instruction at pc starts: fetches it and sets m->t to its issue cycle. */
void cm_issue(struct cm_model *m, uint32_t pc, const struct thumb_insn *d);

/* The instruction last issued (at pc) has executed: nmem is the number of
 * memory accesses it made (0 for a load or store means its IT condition
 * failed), flash_lines[0..nflash) the distinct flash lines its data came
 * from, next_pc the next instruction executed. */
void cm_complete(struct cm_model *m, uint32_t pc, const struct thumb_insn *d, unsigned nmem,
                 const uint32_t *flash_lines, unsigned nflash, uint32_t next_pc);

/* A line of text describing the parameters ("core=m4 ws=5 ..."). */
void cm_describe(const struct cm_params *p, char *buf, unsigned size);

#endif
