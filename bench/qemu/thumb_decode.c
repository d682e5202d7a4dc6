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

/* --- floating-point and vector registers -------------------------------- */

static void fp_dst(struct thumb_insn *d, unsigned slot, unsigned n)
{
    if (slot < 32u) {
        d->fdst = (uint8_t)slot;
        d->fdstn = (uint8_t)(slot + n > 32u ? 32u - slot : n);
    } else if (slot == TR_FLAGS) {
        d->fdst = (uint8_t)slot;
        d->fdstn = 1;
    }
}

static void fp_src(struct thumb_insn *d, unsigned slot, unsigned n)
{
    unsigned i;
    if (slot > TR_FLAGS || (slot < 32u && n == 0)) {
        return;
    }
    for (i = 0; i < 3; i++) {
        if (d->src[i] == TR_NONE) {
            d->src[i] = (uint8_t)slot;
            d->srcn[i] = (uint8_t)(slot == TR_FLAGS ? 1u : (slot + n > 32u ? 32u - slot : n));
            return;
        }
    }
}

/* the slot of a VFP register: single S(v:b), double D(b:v) (D16-D31 have
   none: TR_NONE); *n gets its slot count */
static unsigned vfp_reg(unsigned v, unsigned b, int dbl, unsigned *n)
{
    unsigned r;
    if (!dbl) {
        *n = 1;
        return (v << 1) | b;
    }
    *n = 2;
    r = (b << 4) | v;
    return r < 16u ? 2u * r : TR_NONE;
}

/* Helium data processing in the Advanced SIMD space (h1 = 111x 1111): Qd in
   h2[15:13], Qn in h1[3:1], Qm in h2[3:1] */
static void decode_mve_dp(unsigned h1, unsigned h2, struct thumb_insn *d)
{
    unsigned qd = 4u * ((h2 >> 13) & 7u), qn = 4u * ((h1 >> 1) & 7u), qm = 4u * ((h2 >> 1) & 7u);
    if ((h1 & 0xffb0u) == 0xffb0u) { /* two registers, miscellaneous: F (bit 10) is float */
        d->cls = (h2 & 0x0400u) ? TC_VFP : TC_VINT;
        fp_src(d, qm, 4);
    } else if ((h1 & 0xefb8u) == 0xef80u && (h2 & 0x0090u) == 0x0010u) { /* VMOV, VMVN, VORR imm */
        d->cls = TC_VFP;
    } else { /* three registers: opc h2[11:8] */
        unsigned opc = (h2 >> 8) & 0xfu;
        d->cls = (opc == 9u || opc >= 0xbu) ? TC_VFP : TC_VINT;
        fp_src(d, qn, 4);
        fp_src(d, qm, 4);
        if (opc == 0xcu && (h2 & 0x10u)) { /* VFMA, VFMS accumulate into Qd */
            fp_src(d, qd, 4);
        }
    }
    fp_dst(d, qd, 4);
}

/* Helium in the coprocessor 14/15 space of 1110 1110 / 1111 1110: vector
   and scalar operands, reductions, compares, predication */
static void decode_mve_other(unsigned h1, unsigned h2, struct thumb_insn *d)
{
    unsigned qd = 4u * ((h2 >> 13) & 7u), qn = 4u * ((h1 >> 1) & 7u), qm = 4u * ((h2 >> 1) & 7u);
    if ((h1 & 0xffb1u) == 0xfe31u && (h2 & 0x0f4fu) == 0x0f4du) { /* VPST, VPNOT */
        d->cls = TC_VPRED;
    } else if ((h1 & 0xffb1u) == 0xfe31u && (h2 & 0x0f41u) == 0x0f01u) { /* VPSEL */
        d->cls = TC_VINT;
        fp_src(d, qn, 4);
        fp_src(d, qm, 4);
        fp_dst(d, qd, 4);
    } else if ((h1 & 0xef80u) == 0xee80u
               && ((h2 & 0x0fd1u) == 0x0f00u || (h2 & 0x0f01u) == 0x0e00u)) {
        /* VADDV, VADDLV, VMAXNMV ..., VMLAV, VMLADAV, VMLALDAV ...: into core registers */
        d->cls = TC_VRED;
        fp_src(d, qm, 4);
        if ((h2 & 0x0f00u) == 0x0e00u) {
            fp_src(d, qn, 4);
        }
    } else if ((h1 & 0xef81u) == 0xee01u && (h2 & 0x0f41u) == 0x0f00u) { /* VCMP, VPT */
        d->cls = TC_VFP;
        fp_src(d, qn, 4);
        fp_src(d, qm, 4);
    } else { /* a vector and a core register: VADD, VSUB, VMUL, VFMA, VFMAS ... */
        d->cls = TC_VFP;
        fp_src(d, qn, 4);
        if ((h2 & 0x0f20u) == 0x0e00u && (h1 & 1u)) { /* VFMA, VFMAS read Qd */
            fp_src(d, qd, 4);
        }
        fp_dst(d, qd, 4);
    }
}

/* VFP data processing (A6.4) and the FPv5 additions in 1111 1110 (VSEL,
   VMAXNM, VMINNM, VRINTA/N/P/M, VCVTA/N/P/M; VMOVX, VINS of ARMv8.1-M) */
static void decode_vfp_dp(unsigned h1, unsigned h2, unsigned cp, struct thumb_insn *d)
{
    int dbl = cp == 11u;
    unsigned nd, nn, nm;
    unsigned rd = vfp_reg((h2 >> 12) & 0xfu, (h1 >> 6) & 1u, dbl, &nd);
    unsigned rn = vfp_reg(h1 & 0xfu, (h2 >> 7) & 1u, dbl, &nn);
    unsigned rm = vfp_reg(h2 & 0xfu, (h2 >> 5) & 1u, dbl, &nm);
    d->cls = TC_FALU;
    if ((h1 & 0xff00u) == 0xfe00u) {
        if ((h1 & 0xffb0u) == 0xfeb0u) { /* one source: VRINT*, VCVT*, VMOVX, VINS */
            fp_src(d, rm, nm);
        } else { /* VSEL<cc>, VMAXNM, VMINNM */
            fp_src(d, rn, nn);
            fp_src(d, rm, nm);
        }
        fp_dst(d, rd, nd);
        return;
    }
    switch ((h1 >> 4) & 0xbu) { /* opc1 = h1 bits 7, 5, 4 */
    case 0x0: /* VMLA, VMLS */
    case 0x1: /* VNMLA, VNMLS */
        d->flags |= TF_CHAINED;
        /* fall through */
    case 0x9: /* VFNMA, VFNMS */
    case 0xa: /* VFMA, VFMS */
        d->cls = TC_FMAC;
        fp_src(d, rn, nn);
        fp_src(d, rm, nm);
        fp_src(d, rd, nd);
        fp_dst(d, rd, nd);
        break;
    case 0x8: /* VDIV */
        d->cls = TC_FDIV;
        fp_src(d, rn, nn);
        fp_src(d, rm, nm);
        fp_dst(d, rd, nd);
        break;
    case 0xb: { /* other: VMOV, VABS, VNEG, VSQRT, VCMP, VCVT, VRINT; opc2 h1[3:0], opc3 h2[7:6] */
        unsigned opc2 = h1 & 0xfu, opc3 = (h2 >> 6) & 3u;
        if (!(opc3 & 1u)) { /* VMOV immediate */
            d->fsimple = 1;
            fp_dst(d, rd, nd);
        } else if (opc2 == 4u || opc2 == 5u) { /* VCMP, VCMPE (5: with zero) */
            d->fsimple = 1;
            fp_src(d, rd, nd);
            if (opc2 == 4u) {
                fp_src(d, rm, nm);
            }
            fp_dst(d, TR_FLAGS, 1);
        } else {
            if (opc2 == 0u && opc3 == 1u) { /* VMOV register */
                d->fsimple = 1;
            } else if (opc2 == 1u && opc3 == 3u) { /* VSQRT */
                d->cls = TC_FDIV;
            }
            fp_src(d, rm, nm);
            fp_dst(d, rd, nd);
        }
        break;
    }
    default: /* VMUL, VNMUL, VADD, VSUB */
        fp_src(d, rn, nn);
        fp_src(d, rm, nm);
        fp_dst(d, rd, nd);
        break;
    }
}

/* Coprocessor space (A5.3.18): the FP extension uses coprocessors 10 and 11
   (and 9 for half precision in ARMv8.1-M); Helium uses the Advanced SIMD
   space (111x 1111) and coprocessors 14 and 15. */
static void decode_coproc(unsigned h1, unsigned h2, struct thumb_insn *d)
{
    unsigned cp = (h2 >> 8) & 0xfu;
    int fp = (cp & 0xeu) == 0xau || cp == 9u;
    if ((h1 & 0xef00u) == 0xef00u) {
        decode_mve_dp(h1, h2, d);
    } else if ((h1 & 0xee00u) == 0xec00u && (cp & 0xeu) == 0xeu) {
        /* Helium loads and stores: VLDR/VSTR B/H/W, VLD2x/VLD4x/VST2x/VST4x, gathers */
        unsigned q = 4u * ((h2 >> 13) & 7u);
        int load = (h1 & 0x10u) != 0;
        mem(d, load ? TC_VLD : TC_VST, 4, h1 & 0xfu);
        d->flags |= TF_FP | (((h1 & 0x1000u) == 0u && (h1 & 0x20u)) ? TF_WBACK : 0u);
        if (load) {
            fp_dst(d, q, 4);
        } else {
            fp_src(d, q, 4);
        }
    } else if ((h1 & 0xef00u) == 0xee00u && (cp & 0xeu) == 0xeu) {
        decode_mve_other(h1, h2, d);
    } else if (!fp) {
        d->cls = TC_SYS;
    } else if ((h1 & 0xef00u) == 0xee00u) {
        if (h2 & 0x10u) { /* 8, 16 and 32-bit transfers: VMOV core <-> S / lane, VMRS, VMSR, VDUP */
            unsigned n;
            int to_core = (h1 & 0x10u) != 0;
            d->cls = TC_FMOV;
            if ((h1 & 0xff90u) == 0xee80u && (h2 & 0x0f5fu) == 0x0b10u) { /* VDUP (Helium) */
                d->cls = TC_VINT;
                fp_dst(d, 4u * (((h1 & 0xfu) | ((h2 >> 3) & 0x10u)) >> 1), 4);
            } else if ((h1 & 0xffe0u) == 0xeee0u) { /* VMRS, VMSR */
                if ((h1 & 0x10u) && (h2 >> 12) == 15u) { /* VMRS APSR_nzcv, FPSCR */
                    fp_src(d, TR_FLAGS, 1);
                }
            } else if (cp == 11u) { /* VMOV between a core register and a lane of D */
                unsigned r = vfp_reg(h1 & 0xfu, (h2 >> 7) & 1u, 1, &n);
                if (to_core) {
                    fp_src(d, r, n);
                } else {
                    fp_dst(d, r, n);
                }
            } else { /* VMOV between a core register and S(Vn:N) */
                unsigned r = vfp_reg(h1 & 0xfu, (h2 >> 7) & 1u, 0, &n);
                if (to_core) {
                    fp_src(d, r, n);
                } else {
                    fp_dst(d, r, n);
                }
            }
        } else {
            decode_vfp_dp(h1, h2, cp, d);
        }
    } else if ((h1 & 0xffe0u) == 0xec40u) { /* 64-bit transfers: VMOV two core registers */
        unsigned n, r = vfp_reg(h2 & 0xfu, (h2 >> 5) & 1u, cp == 11u, &n);
        d->cls = TC_FMOV2;
        if (h1 & 0x10u) {
            fp_src(d, r, 2);
        } else {
            fp_dst(d, r, 2);
        }
        (void)n;
    } else if ((h1 & 0xfe00u) == 0xec00u) { /* extension register load/store (A6.5) */
        unsigned p = h1 & 0x100u, u = h1 & 0x80u, w = h1 & 0x20u, l = h1 & 0x10u;
        int dbl = cp == 11u;
        unsigned n, r = vfp_reg((h2 >> 12) & 0xfu, (h1 >> 6) & 1u, dbl, &n);
        d->flags |= TF_FP;
        if (p && !w) { /* VLDR, VSTR */
            mem(d, l ? TC_LOAD : TC_STORE, dbl ? 2u : 1u, h1 & 0xfu);
            if (l) {
                fp_dst(d, r, n);
            } else {
                fp_src(d, r, n);
            }
        } else if (!p && !u && !w) { /* 64-bit transfers (above) or UNDEFINED */
            d->cls = TC_SYS;
            d->flags = 0;
        } else { /* VLDM, VSTM, VPUSH, VPOP; the word count is imm8 (odd for FLDMX) */
            unsigned imm8 = h2 & 0xffu;
            mem(d, l ? TC_LDM : TC_STM, dbl ? (imm8 & 0xfeu) : imm8, h1 & 0xfu);
            d->flags |= w ? TF_WBACK : 0u;
            if (r != TR_NONE) {
                if (l) {
                    fp_dst(d, r, d->words);
                } else {
                    fp_src(d, r, d->words);
                }
            }
        }
    } else if ((h1 & 0xff00u) == 0xfe00u && !(h2 & 0x10u)) { /* FPv5: VSEL, VMAXNM, VRINT ... */
        decode_vfp_dp(h1, h2, cp, d);
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
        } else if ((h2 & 0xd000u) == 0xc000u) {
            /* ARMv8.1-M low-overhead loops (where ARMv7-M has no BLX imm) */
            if (h2 & 0x2000u) { /* VCTP; DLS, DLSTP, LCTP set LR (and LTPSIZE) */
                d->cls = (h2 & 0x0800u) ? TC_VPRED : TC_ALU;
            } else { /* LE, LETP (Rn = 1111) branch back; WLS, WLSTP skip a loop */
                d->cls = TC_BRANCH;
                d->flags |= TF_COND | ((h1 & 0xfu) == 0xfu ? TF_LOOPEND : 0u);
            }
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
    d->dual = d->fsimple = 0;
    d->fdst = TR_NONE;
    d->fdstn = 0;
    d->src[0] = d->src[1] = d->src[2] = TR_NONE;
    d->srcn[0] = d->srcn[1] = d->srcn[2] = 0;
    if (thumb_size(hw1) == 2u) {
        d->size = 2;
        decode16(hw1, d);
        /* the Cortex-M55 pairs a 16-bit instruction with one of these (LLVM's
           Cortex-M55 scheduling model): ADDS/SUBS/MOVS immediate, MOV
           register, SXT/UXT, IT, NOP, B and B<cc> */
        d->dual = (uint8_t)((hw1 & 0xfc00u) == 0x1c00u
                            || ((hw1 & 0xe000u) == 0x2000u && (hw1 & 0xf800u) != 0x2800u)
                            || ((hw1 & 0xff00u) == 0x4600u && !(d->flags & TF_WRITES_PC))
                            || (hw1 & 0xff00u) == 0xb200u || (hw1 & 0xff00u) == 0xbf00u
                            || ((hw1 & 0xf000u) == 0xd000u && d->cls == TC_BRANCH)
                            || (hw1 & 0xf800u) == 0xe000u);
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
        "vld", "vst", "vint", "vfp", "vred", "vpred",
    };
    return cls < TC_COUNT ? names[cls] : "?";
}
