/* thumb_decode: the instruction classes of Thumb-2 (ARMv7E-M with the FPv4
 * or FPv5 FPU, ARMv8.1-M with Helium/MVE and the low-overhead loops) and
 * Thumb-1 (ARMv6-M) that the cycle model needs, from an executed
 * instruction's bytes. Takes: the first and (for 32-bit encodings) second
 * halfword. Gives: a class, the size, the words a load or store moves, and
 * the registers that decide whether a load pipelines with the one before,
 * and the floating-point and vector registers an instruction reads and
 * writes (for the Cortex-M55 model's register dependencies).
 * It classifies; it does not validate: an encoding that is UNDEFINED or
 * UNPREDICTABLE on the core still gets the class of its encoding group. */
#ifndef FLATPROP_THUMB_DECODE_H
#define FLATPROP_THUMB_DECODE_H

#include <stdint.h>

enum thumb_class {
    TC_ALU,     /* data processing, shifts, moves, compares, extends, bit fields */
    TC_MUL,     /* MUL, MLA, MLS, long multiplies, DSP multiplies */
    TC_DIV,     /* SDIV, UDIV */
    TC_LOAD,    /* one load: LDR*, LDRD, LDREX*, VLDR (words: 1 or 2) */
    TC_STORE,   /* one store: STR*, STRD, STREX*, VSTR */
    TC_LDM,     /* LDM, POP, VLDM, VPOP (words: registers moved) */
    TC_STM,     /* STM, PUSH, VSTM, VPUSH */
    TC_BRANCH,  /* B, B<cc>, BL, BX, BLX, CBZ, CBNZ */
    TC_TABLE,   /* TBB, TBH (a load, then always a branch) */
    TC_IT,
    TC_NOP,     /* NOP and the other hints (YIELD, WFE, WFI, SEV), PLD, PLI */
    TC_BARRIER, /* DMB, DSB, ISB */
    TC_SYS,     /* MRS, MSR, CPS, SVC, BKPT, UDF, anything else */
    TC_FALU,    /* 1-cycle FP ops: VADD VSUB VMUL VNMUL VABS VNEG VCMP VCVT VMOV */
    TC_FMAC,    /* VMLA VMLS VNMLA VNMLS VFMA VFMS VFNMA VFNMS */
    TC_FDIV,    /* VDIV, VSQRT */
    TC_FMOV,    /* VMOV between a core register and an FP register, VMRS, VMSR */
    TC_FMOV2,   /* VMOV between two core registers and two singles or a double */
    /* ARMv8.1-M Helium (MVE): two beats each on the Cortex-M55 */
    TC_VLD,     /* VLDRB/H/W, VLD2x/VLD4x, gathers */
    TC_VST,     /* VSTRB/H/W, VST2x/VST4x, scatters */
    TC_VINT,    /* integer-pipe vector ops: VADD.I, VAND, VORR (VMOV q), VDUP, VSHL ... */
    TC_VFP,     /* float/multiply-pipe vector ops: VADD.F, VMUL, VFMA, VCMP, VMLAV ... */
    TC_VRED,    /* across-lane sums into core registers: VADDV, VADDLV, VMAXNMV ... */
    TC_VPRED,   /* VCTP, VPST, VPNOT (predication, one cycle) */
    TC_COUNT
};

/* flags */
#define TF_WRITES_PC 0x01u /* the instruction may write the PC (a branch of its own kind) */
#define TF_COND 0x02u      /* a conditional branch (B<cc>, CBZ, CBNZ) */
#define TF_LINK 0x04u      /* BL, BLX */
#define TF_WBACK 0x08u     /* a load or store that writes its base register back */
#define TF_REGOFF 0x10u    /* a load or store with a register offset */
#define TF_PCREL 0x20u     /* a PC-relative (literal) load */
#define TF_FP 0x40u        /* a VFP load or store */
#define TF_CHAINED 0x80u   /* VMLA VMLS VNMLA VNMLS (multiply, round, add: not fused);
                              on a branch: LE/LETP, the end of a low-overhead loop */
#define TF_LOOPEND TF_CHAINED

/* floating-point register slots: S0..S31 are 0..31 (D<n> is 2n, 2n+1 and
   Q<n> 4n..4n+3), 32 the FPSCR flags VCMP sets and VMRS reads */
#define TR_FLAGS 32u

#define TR_NONE 0xffu

struct thumb_insn {
    uint8_t cls;   /* enum thumb_class */
    uint8_t size;  /* 2 or 4 bytes */
    uint8_t words; /* words moved by a load or store (0 otherwise) */
    uint8_t flags;
    uint8_t rt;    /* first core register an integer load writes, TR_NONE otherwise */
    uint8_t rt2;   /* second one (LDRD), TR_NONE otherwise */
    uint8_t rn;    /* base register of a load or store (15 for literals) */
    uint8_t rm;    /* offset register, TR_NONE without one */
    uint8_t dual;    /* a 16-bit instruction the Cortex-M55 may issue with its neighbour */
    uint8_t fsimple; /* an FP op with a one-cycle result on the M55 (VMOV S, VCMP) */
    /* FP/vector registers: fdst[0..fdstn) written, src[i] .. src[i] + srcn[i] - 1
       read (TR_NONE: unused); a store's data is src[0] */
    uint8_t fdst, fdstn;
    uint8_t src[3], srcn[3];
};

/* 2 when hw1 starts a 16-bit instruction, 4 when it starts a 32-bit one. */
unsigned thumb_size(uint16_t hw1);

/* Classify the instruction hw1 (and hw2 when thumb_size(hw1) == 4; ignored
 * otherwise) into *d. */
void thumb_decode(uint16_t hw1, uint16_t hw2, struct thumb_insn *d);

/* "alu", "load", ...: the class's name, for reports and tests. */
const char *thumb_class_name(unsigned cls);

#endif
