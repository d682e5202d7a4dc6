/* thumb_decode: Thumb-2 / Thumb-1 instruction classes for the cycle model.
 * Takes: halfwords. Gives: struct thumb_insn (see thumb_decode.h). The
 * encoding groups follow the ARMv7-M Architecture Reference Manual (ARM DDI
 * 0403), chapter A5 "The Thumb Instruction Set Encoding" and A6 for the
 * floating-point extension registers. */
#include "thumb_decode.h"

static unsigned popcount16(unsigned v)
{
    unsigned n = 0;
    for (v &= 0xffffu; v != 0; v &= v - 1u) {
        n++;
    }
    return n;
}

unsigned thumb_size(uint16_t hw1)
{
    unsigned top = hw1 >> 11;
    return (top == 0x1d || top == 0x1e || top == 0x1f) ? 4u : 2u;
}

static void mem(struct thumb_insn *d, unsigned cls, unsigned words, unsigned rn)
{
    d->cls = (uint8_t)cls;
    d->words = (uint8_t)words;
    d->rn = (uint8_t)rn;
    if (rn == 15 && cls == TC_LOAD) {
        d->flags |= TF_PCREL;
    }
}

/* 16-bit encodings (A5.2) */
static void decode16(unsigned h, struct thumb_insn *d)
{
    if ((h & 0xc000u) == 0x0000u) { /* shift (imm), add, subtract, move, compare */
        d->cls = TC_ALU;
    } else if ((h & 0xfc00u) == 0x4000u) { /* data processing; opcode 1101 is MULS */
        d->cls = (((h >> 6) & 0xfu) == 0xdu) ? TC_MUL : TC_ALU;
    } else if ((h & 0xfc00u) == 0x4400u) { /* special data processing, BX, BLX */
        unsigned op = (h >> 8) & 3u;
        if (op == 3u) {
            d->cls = TC_BRANCH;
            d->flags |= (h & 0x80u) ? TF_LINK : 0u;
        } else {
            unsigned rd = ((h >> 4) & 8u) | (h & 7u);
            d->cls = TC_ALU;
            if (op != 1u && rd == 15u) { /* ADD PC, Rm / MOV PC, Rm */
                d->flags |= TF_WRITES_PC;
            }
        }
    } else if ((h & 0xf800u) == 0x4800u) { /* LDR (literal) */
        mem(d, TC_LOAD, 1, 15);
        d->rt = (uint8_t)((h >> 8) & 7u);
    } else if ((h & 0xf000u) == 0x5000u) { /* load/store, register offset */
        unsigned opb = (h >> 9) & 7u; /* 0-2 stores, 3-7 loads */
        mem(d, opb >= 3u ? TC_LOAD : TC_STORE, 1, (h >> 3) & 7u);
        d->rm = (uint8_t)((h >> 6) & 7u);
        d->flags |= TF_REGOFF;
        if (opb >= 3u) {
            d->rt = (uint8_t)(h & 7u);
        }
    } else if ((h & 0xe000u) == 0x6000u || (h & 0xf000u) == 0x8000u) {
        /* LDR/STR(B) and LDRH/STRH, immediate offset */
        int load = (h & 0x800u) != 0;
        mem(d, load ? TC_LOAD : TC_STORE, 1, (h >> 3) & 7u);
        if (load) {
            d->rt = (uint8_t)(h & 7u);
        }
    } else if ((h & 0xf000u) == 0x9000u) { /* LDR/STR SP-relative */
        int load = (h & 0x800u) != 0;
        mem(d, load ? TC_LOAD : TC_STORE, 1, 13);
        if (load) {
            d->rt = (uint8_t)((h >> 8) & 7u);
        }
    } else if ((h & 0xf000u) == 0xa000u) { /* ADR, ADD Rd, SP, #imm */
        d->cls = TC_ALU;
    } else if ((h & 0xf000u) == 0xb000u) { /* miscellaneous (A5.2.5) */
        if ((h & 0xf500u) == 0xb100u) { /* CBZ, CBNZ */
            d->cls = TC_BRANCH;
            d->flags |= TF_COND;
        } else if ((h & 0xfe00u) == 0xb400u) { /* PUSH */
            mem(d, TC_STM, popcount16(h & 0x1ffu), 13);
            d->flags |= TF_WBACK;
        } else if ((h & 0xfe00u) == 0xbc00u) { /* POP */
            mem(d, TC_LDM, popcount16(h & 0x1ffu), 13);
            d->flags |= TF_WBACK | ((h & 0x100u) ? TF_WRITES_PC : 0u);
        } else if ((h & 0xff00u) == 0xbf00u) { /* IT, or a hint when the mask is 0 */
            d->cls = (h & 0xfu) ? TC_IT : TC_NOP;
        } else if ((h & 0xff00u) == 0xbe00u || (h & 0xffe0u) == 0xb660u) { /* BKPT, CPS */
            d->cls = TC_SYS;
        } else { /* ADD/SUB SP, SXTH/SXTB/UXTH/UXTB, REV* */
            d->cls = TC_ALU;
        }
    } else if ((h & 0xf000u) == 0xc000u) { /* STM, LDM */
        unsigned rn = (h >> 8) & 7u;
        int load = (h & 0x800u) != 0;
        mem(d, load ? TC_LDM : TC_STM, popcount16(h & 0xffu), rn);
        if (!load || !(h & (1u << rn))) {
            d->flags |= TF_WBACK;
        }
    } else if ((h & 0xf000u) == 0xd000u) { /* B<cc>; cond 1110 is UDF, 1111 SVC */
        unsigned cond = (h >> 8) & 0xfu;
        if (cond >= 0xeu) {
            d->cls = TC_SYS;
        } else {
            d->cls = TC_BRANCH;
            d->flags |= TF_COND;
        }
    } else { /* 11100: B */
        d->cls = TC_BRANCH;
    }
}

/* Coprocessor space (A5.3.18): the FP extension uses coprocessors 10, 11. */
static void decode_coproc(unsigned h1, unsigned h2, struct thumb_insn *d)
{
    unsigned cp = (h2 >> 8) & 0xfu;
    if ((cp & 0xeu) != 0xau) {
        d->cls = TC_SYS;
    } else if ((h1 & 0xff00u) == 0xee00u) {
        if (h2 & 0x10u) { /* 8, 16 and 32-bit transfers: VMOV core <-> S, VMRS, VMSR */
            d->cls = TC_FMOV;
        } else { /* data processing (A6.4): opc1 = h1 bits 7, 5, 4 */
            switch ((h1 >> 4) & 0xbu) {
            case 0x0: /* VMLA, VMLS */
            case 0x1: /* VNMLA, VNMLS */
            case 0x9: /* VFNMA, VFNMS */
            case 0xa: /* VFMA, VFMS */
                d->cls = TC_FMAC;
                break;
            case 0x8: /* VDIV */
                d->cls = TC_FDIV;
                break;
            case 0xb: /* other: VMOV, VABS, VNEG, VSQRT, VCMP, VCVT; opc2 0001, opc3 11 is VSQRT */
                d->cls = ((h1 & 0xfu) == 1u && (h2 & 0xc0u) == 0xc0u) ? TC_FDIV : TC_FALU;
                break;
            default: /* VMUL, VNMUL, VADD, VSUB */
                d->cls = TC_FALU;
                break;
            }
        }
    } else if ((h1 & 0xffe0u) == 0xec40u) { /* 64-bit transfers: VMOV two core registers */
        d->cls = TC_FMOV2;
    } else if ((h1 & 0xfe00u) == 0xec00u) { /* extension register load/store (A6.5) */
        unsigned p = h1 & 0x100u, u = h1 & 0x80u, w = h1 & 0x20u, l = h1 & 0x10u;
        unsigned dbl = cp & 1u;
        d->flags |= TF_FP;
        if (p && !w) { /* VLDR, VSTR */
            mem(d, l ? TC_LOAD : TC_STORE, dbl ? 2u : 1u, h1 & 0xfu);
        } else if (!p && !u && !w) { /* 64-bit transfers (above) or UNDEFINED */
            d->cls = TC_SYS;
            d->flags = 0;
        } else { /* VLDM, VSTM, VPUSH, VPOP; the word count is imm8 (odd for FLDMX) */
            unsigned imm8 = h2 & 0xffu;
            mem(d, l ? TC_LDM : TC_STM, dbl ? (imm8 & 0xfeu) : imm8, h1 & 0xfu);
            d->flags |= w ? TF_WBACK : 0u;
        }
    } else {
        d->cls = TC_SYS;
    }
}

/* Load/store single data item, 32-bit (A5.3.10, A5.3.7-9): the addressing
 * form decides writeback and register offsets. */
static void single_addressing(unsigned h1, unsigned h2, struct thumb_insn *d)
{
    if ((h1 & 0xfu) == 15u || (h1 & 0x80u)) {
        return; /* literal, or Rn + imm12 */
    }
    if (h2 & 0x800u) { /* Rn +/- imm8, P U W in bits 10:8; W writes back */
        d->flags |= (h2 & 0x100u) ? TF_WBACK : 0u;
    } else { /* Rn + Rm, LSL #imm2 */
        d->rm = (uint8_t)(h2 & 0xfu);
        d->flags |= TF_REGOFF;
    }
}

/* 32-bit encodings (A5.3) */
static void decode32(unsigned h1, unsigned h2, struct thumb_insn *d)
{
    if ((h1 & 0xfe40u) == 0xe800u) { /* LDM, STM (PUSH, POP) */
        int load = (h1 & 0x10u) != 0;
        mem(d, load ? TC_LDM : TC_STM, popcount16(h2), h1 & 0xfu);
        d->flags |= (h1 & 0x20u) ? TF_WBACK : 0u;
        if (load && (h2 & 0x8000u)) {
            d->flags |= TF_WRITES_PC;
        }
    } else if ((h1 & 0xfe40u) == 0xe840u) { /* dual, exclusive, table branch */
        unsigned op1 = (h1 >> 7) & 3u, op2 = (h1 >> 4) & 3u, rn = h1 & 0xfu;
        if (op1 == 0u && op2 == 0u) { /* STREX */
            mem(d, TC_STORE, 1, rn);
        } else if (op1 == 0u && op2 == 1u) { /* LDREX */
            mem(d, TC_LOAD, 1, rn);
            d->rt = (uint8_t)(h2 >> 12);
        } else if (op1 == 1u && op2 == 0u) { /* STREXB, STREXH */
            mem(d, TC_STORE, 1, rn);
        } else if (op1 == 1u && op2 == 1u) {
            unsigned op3 = (h2 >> 4) & 0xfu;
            if (op3 <= 1u) { /* TBB, TBH */
                mem(d, TC_TABLE, 1, rn);
                d->rm = (uint8_t)(h2 & 0xfu);
                d->flags = TF_WRITES_PC | TF_REGOFF;
            } else { /* LDREXB, LDREXH */
                mem(d, TC_LOAD, 1, rn);
                d->rt = (uint8_t)(h2 >> 12);
            }
        } else { /* LDRD, STRD */
            int load = (h1 & 0x10u) != 0;
            mem(d, load ? TC_LOAD : TC_STORE, 2, rn);
            d->flags |= (h1 & 0x20u) ? TF_WBACK : 0u;
            if (load) {
                d->rt = (uint8_t)(h2 >> 12);
                d->rt2 = (uint8_t)((h2 >> 8) & 0xfu);
            }
        }
    } else if ((h1 & 0xfe00u) == 0xea00u) { /* data processing (shifted register) */
        d->cls = TC_ALU;
    } else if ((h1 & 0xec00u) == 0xec00u) {
        decode_coproc(h1, h2, d);
    } else if ((h1 & 0xf800u) == 0xf000u) {
        if (!(h2 & 0x8000u)) { /* data processing, modified or plain immediate */
            d->cls = TC_ALU;
        } else if (h2 & 0x4000u) { /* BL (BLX imm is not in ARMv7-M) */
            d->cls = TC_BRANCH;
            d->flags |= TF_LINK;
        } else if (h2 & 0x1000u) { /* B.W */
            d->cls = TC_BRANCH;
        } else if (((h1 >> 7) & 7u) != 7u) { /* B<cc>.W */
            d->cls = TC_BRANCH;
            d->flags |= TF_COND;
        } else { /* miscellaneous control (A5.3.4) */
            unsigned op = (h1 >> 4) & 0x7fu;
            d->cls = op == 0x3bu ? TC_BARRIER : op == 0x3au ? TC_NOP : TC_SYS;
        }
    } else if ((h1 & 0xff10u) == 0xf800u) { /* store single data item */
        mem(d, TC_STORE, 1, h1 & 0xfu);
        single_addressing(h1, h2, d);
    } else if ((h1 & 0xfe10u) == 0xf810u) { /* load byte, halfword, word; memory hints */
        unsigned size = (h1 >> 5) & 3u, rt = h2 >> 12;
        if (size == 3u) {
            d->cls = TC_SYS;
        } else if (rt == 15u && size != 2u) { /* PLD, PLI */
            d->cls = TC_NOP;
        } else {
            mem(d, TC_LOAD, 1, h1 & 0xfu);
            d->rt = (uint8_t)rt;
            single_addressing(h1, h2, d);
            if (rt == 15u) {
                d->flags |= TF_WRITES_PC;
            }
        }
    } else if ((h1 & 0xff00u) == 0xfa00u) { /* data processing (register) */
        d->cls = TC_ALU;
    } else if ((h1 & 0xff80u) == 0xfb00u) { /* multiply, multiply accumulate */
        d->cls = TC_MUL;
    } else if ((h1 & 0xff80u) == 0xfb80u) { /* long multiply, divide */
        unsigned op1 = (h1 >> 4) & 7u;
        d->cls = ((op1 == 1u || op1 == 3u) && ((h2 >> 4) & 0xfu) == 0xfu) ? TC_DIV : TC_MUL;
    } else {
        d->cls = TC_SYS;
    }
}

void thumb_decode(uint16_t hw1, uint16_t hw2, struct thumb_insn *d)
{
    d->cls = TC_SYS;
    d->words = 0;
    d->flags = 0;
    d->rt = d->rt2 = d->rn = d->rm = TR_NONE;
    if (thumb_size(hw1) == 2u) {
        d->size = 2;
        decode16(hw1, d);
    } else {
        d->size = 4;
        decode32(hw1, hw2, d);
    }
}

const char *thumb_class_name(unsigned cls)
{
    static const char *const names[TC_COUNT] = {
        "alu", "mul", "div", "load", "store", "ldm", "stm", "branch", "table", "it",
        "nop", "barrier", "sys", "falu", "fmac", "fdiv", "fmov", "fmov2",
    };
    return cls < TC_COUNT ? names[cls] : "?";
}
