/* test_cycles: the Thumb decoder and the cycle model, without QEMU.
 *   test_cycles                 decoder table, model rules (exact cycle counts)
 *   test_cycles --objdump FILE  every instruction of an `arm-none-eabi-objdump -d`
 *                               listing: the decoder's class (and word count)
 *                               against one derived from the mnemonic text
 * Exit status 0 when every check passes; each failure prints one line. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cycle_model.h"
#include "../thumb_decode.h"

static int failures;

#define CHECK(cond, ...)                                                                    \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            failures++;                                                                     \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                                     \
            printf(__VA_ARGS__);                                                            \
            printf("\n");                                                                   \
        }                                                                                   \
    } while (0)

/* Encodings from arm-none-eabi-as (binutils 2.40, -mcpu=cortex-m7 -mfpu=fpv5-d16
   -mimplicit-it=always), each assembled alone; the class, word count and
   flags are what the cycle model needs of each. */
static const struct {
    uint16_t hw1, hw2;
    unsigned cls, words, flags;
    const char *text;
} table[] = {
    { 0x2001, 0x0000, TC_ALU, 0, 0, "movs r0, #1" },
    { 0x18d1, 0x0000, TC_ALU, 0, 0, "adds r1, r2, r3" },
    { 0x00c8, 0x0000, TC_ALU, 0, 0, "lsls r0, r1, #3" },
    { 0x4008, 0x0000, TC_ALU, 0, 0, "ands r0, r1" },
    { 0x4348, 0x0000, TC_MUL, 0, 0, "muls r0, r1, r0" },
    { 0x44c8, 0x0000, TC_ALU, 0, 0, "add r8, r9" },
    { 0x46f7, 0x0000, TC_ALU, 0, TF_WRITES_PC, "mov pc, lr" },
    { 0x448f, 0x0000, TC_ALU, 0, TF_WRITES_PC, "add pc, r1" },
    { 0x45c8, 0x0000, TC_ALU, 0, 0, "cmp r8, r9" },
    { 0x4770, 0x0000, TC_BRANCH, 0, 0, "bx lr" },
    { 0x4798, 0x0000, TC_BRANCH, 0, TF_LINK, "blx r3" },
    { 0x4802, 0x0000, TC_LOAD, 1, TF_PCREL, "ldr r0, [pc, #8]" },
    { 0x5888, 0x0000, TC_LOAD, 1, TF_REGOFF, "ldr r0, [r1, r2]" },
    { 0x5488, 0x0000, TC_STORE, 1, TF_REGOFF, "strb r0, [r1, r2]" },
    { 0x5e88, 0x0000, TC_LOAD, 1, TF_REGOFF, "ldrsh r0, [r1, r2]" },
    { 0x6848, 0x0000, TC_LOAD, 1, 0, "ldr r0, [r1, #4]" },
    { 0x6048, 0x0000, TC_STORE, 1, 0, "str r0, [r1, #4]" },
    { 0x7908, 0x0000, TC_LOAD, 1, 0, "ldrb r0, [r1, #4]" },
    { 0x8088, 0x0000, TC_STORE, 1, 0, "strh r0, [r1, #4]" },
    { 0x9802, 0x0000, TC_LOAD, 1, 0, "ldr r0, [sp, #8]" },
    { 0x9002, 0x0000, TC_STORE, 1, 0, "str r0, [sp, #8]" },
    { 0xa802, 0x0000, TC_ALU, 0, 0, "add r0, sp, #8" },
    { 0xf20f, 0x0004, TC_ALU, 0, 0, "adr r0, lbl" },
    { 0xb084, 0x0000, TC_ALU, 0, 0, "sub sp, #16" },
    { 0xb108, 0x0000, TC_BRANCH, 0, TF_COND, "cbz r0, lbl" },
    { 0xb908, 0x0000, TC_BRANCH, 0, TF_COND, "cbnz r0, lbl" },
    { 0xb530, 0x0000, TC_STM, 3, TF_WBACK, "push {r4, r5, lr}" },
    { 0xbd30, 0x0000, TC_LDM, 3, TF_WBACK | TF_WRITES_PC, "pop {r4, r5, pc}" },
    { 0xbc10, 0x0000, TC_LDM, 1, TF_WBACK, "pop {r4}" },
    { 0xb2c8, 0x0000, TC_ALU, 0, 0, "uxtb r0, r1" },
    { 0xba08, 0x0000, TC_ALU, 0, 0, "rev r0, r1" },
    { 0xbf08, 0x0000, TC_IT, 0, 0, "it eq" },
    { 0xbf1c, 0x0000, TC_IT, 0, 0, "itt ne" },
    { 0xbf00, 0x0000, TC_NOP, 0, 0, "nop" },
    { 0xbf30, 0x0000, TC_NOP, 0, 0, "wfi" },
    { 0xbeab, 0x0000, TC_SYS, 0, 0, "bkpt 0xab" },
    { 0xb672, 0x0000, TC_SYS, 0, 0, "cpsid i" },
    { 0xc006, 0x0000, TC_STM, 2, TF_WBACK, "stmia r0!, {r1, r2}" },
    { 0xc806, 0x0000, TC_LDM, 2, TF_WBACK, "ldmia r0!, {r1, r2}" },
    { 0xc803, 0x0000, TC_LDM, 2, 0, "ldmia r0, {r0, r1}" },
    { 0xd001, 0x0000, TC_BRANCH, 0, TF_COND, "beq lbl" },
    { 0xdf00, 0x0000, TC_SYS, 0, 0, "svc 0" },
    { 0xde00, 0x0000, TC_SYS, 0, 0, "udf 0" },
    { 0xe001, 0x0000, TC_BRANCH, 0, 0, "b lbl" },
    { 0xe92d, 0x41f0, TC_STM, 6, TF_WBACK, "stmdb sp!, {r4, r5, r6, r7, r8, lr}" },
    { 0xe8bd, 0x81f0, TC_LDM, 6, TF_WBACK | TF_WRITES_PC, "ldmia.w sp!, {r4, r5, r6, r7, r8, pc}" },
    { 0xe890, 0x000e, TC_LDM, 3, 0, "ldm.w r0, {r1, r2, r3}" },
    { 0xe842, 0x1000, TC_STORE, 1, 0, "strex r0, r1, [r2]" },
    { 0xe852, 0x0f00, TC_LOAD, 1, 0, "ldrex r0, [r2]" },
    { 0xe8df, 0xf000, TC_TABLE, 1, TF_WRITES_PC | TF_REGOFF, "tbb [pc, r0]" },
    { 0xe8d1, 0xf010, TC_TABLE, 1, TF_WRITES_PC | TF_REGOFF, "tbh [r1, r0, lsl #1]" },
    { 0xe9d2, 0x0102, TC_LOAD, 2, 0, "ldrd r0, r1, [r2, #8]" },
    { 0xe962, 0x0102, TC_STORE, 2, TF_WBACK, "strd r0, r1, [r2, #-8]!" },
    { 0xe9df, 0x0102, TC_LOAD, 2, TF_PCREL, "ldrd r0, r1, [pc, #8]" },
    { 0xeb01, 0x0082, TC_ALU, 0, 0, "add.w r0, r1, r2, lsl #2" },
    { 0xf041, 0x00ff, TC_ALU, 0, 0, "orr.w r0, r1, #255" },
    { 0xf601, 0x70ff, TC_ALU, 0, 0, "addw r0, r1, #4095" },
    { 0xf241, 0x2034, TC_ALU, 0, 0, "movw r0, #0x1234" },
    { 0xf2c1, 0x2034, TC_ALU, 0, 0, "movt r0, #0x1234" },
    { 0xf3c1, 0x00c4, TC_ALU, 0, 0, "ubfx r0, r1, #3, #5" },
    { 0xf361, 0x00c7, TC_ALU, 0, 0, "bfi r0, r1, #3, #5" },
    { 0xf000, 0xb802, TC_BRANCH, 0, 0, "b.w lbl" },
    { 0xf040, 0x8002, TC_BRANCH, 0, TF_COND, "bne.w lbl" },
    { 0xf000, 0xf802, TC_BRANCH, 0, TF_LINK, "bl lbl" },
    { 0xf3bf, 0x8f5f, TC_BARRIER, 0, 0, "dmb sy" },
    { 0xf3bf, 0x8f4f, TC_BARRIER, 0, 0, "dsb sy" },
    { 0xf3bf, 0x8f6f, TC_BARRIER, 0, 0, "isb sy" },
    { 0xf3af, 0x8000, TC_NOP, 0, 0, "nop.w" },
    { 0xf3ef, 0x8010, TC_SYS, 0, 0, "mrs r0, primask" },
    { 0xf380, 0x8811, TC_SYS, 0, 0, "msr basepri, r0" },
    { 0xf8c1, 0x0800, TC_STORE, 1, 0, "str.w r0, [r1, #2048]" },
    { 0xf801, 0x0d04, TC_STORE, 1, TF_WBACK, "strb.w r0, [r1, #-4]!" },
    { 0xf841, 0x0022, TC_STORE, 1, TF_REGOFF, "str.w r0, [r1, r2, lsl #2]" },
    { 0xf821, 0x0b02, TC_STORE, 1, TF_WBACK, "strh.w r0, [r1], #2" },
    { 0xf8d1, 0x0800, TC_LOAD, 1, 0, "ldr.w r0, [r1, #2048]" },
    { 0xf85f, 0x0800, TC_LOAD, 1, TF_PCREL, "ldr.w r0, [pc, #-2048]" },
    { 0xf851, 0x0c04, TC_LOAD, 1, 0, "ldr.w r0, [r1, #-4]" },
    { 0xf851, 0x0f04, TC_LOAD, 1, TF_WBACK, "ldr r0, [r1, #4]!" },
    { 0xf851, 0x0012, TC_LOAD, 1, TF_REGOFF, "ldr.w r0, [r1, r2, lsl #1]" },
    { 0xf991, 0x0001, TC_LOAD, 1, 0, "ldrsb.w r0, [r1, #1]" },
    { 0xf8b1, 0x0002, TC_LOAD, 1, 0, "ldrh.w r0, [r1, #2]" },
    { 0xf8d1, 0xf004, TC_LOAD, 1, TF_WRITES_PC, "ldr.w pc, [r1, #4]" },
    { 0xf890, 0xf010, TC_NOP, 0, 0, "pld [r0, #16]" },
    { 0xfa01, 0xf002, TC_ALU, 0, 0, "lsl.w r0, r1, r2" },
    { 0xfa0f, 0xf081, TC_ALU, 0, 0, "sxth.w r0, r1" },
    { 0xfab1, 0xf081, TC_ALU, 0, 0, "clz r0, r1" },
    { 0xfa81, 0xf042, TC_ALU, 0, 0, "uadd8 r0, r1, r2" },
    { 0xfb01, 0xf002, TC_MUL, 0, 0, "mul.w r0, r1, r2" },
    { 0xfb01, 0x3002, TC_MUL, 0, 0, "mla r0, r1, r2, r3" },
    { 0xfb01, 0x3012, TC_MUL, 0, 0, "mls r0, r1, r2, r3" },
    { 0xfb11, 0xf002, TC_MUL, 0, 0, "smulbb r0, r1, r2" },
    { 0xfb82, 0x0103, TC_MUL, 0, 0, "smull r0, r1, r2, r3" },
    { 0xfbe2, 0x0103, TC_MUL, 0, 0, "umlal r0, r1, r2, r3" },
    { 0xfb91, 0xf0f2, TC_DIV, 0, 0, "sdiv r0, r1, r2" },
    { 0xfbb1, 0xf0f2, TC_DIV, 0, 0, "udiv r0, r1, r2" },
    { 0xee30, 0x0a81, TC_FALU, 0, 0, "vadd.f32 s0, s1, s2" },
    { 0xee30, 0x0ac1, TC_FALU, 0, 0, "vsub.f32 s0, s1, s2" },
    { 0xee20, 0x0a81, TC_FALU, 0, 0, "vmul.f32 s0, s1, s2" },
    { 0xee20, 0x0ac1, TC_FALU, 0, 0, "vnmul.f32 s0, s1, s2" },
    { 0xee00, 0x0a81, TC_FMAC, 0, TF_CHAINED, "vmla.f32 s0, s1, s2" },
    { 0xee00, 0x0ac1, TC_FMAC, 0, TF_CHAINED, "vmls.f32 s0, s1, s2" },
    { 0xee10, 0x0ac1, TC_FMAC, 0, TF_CHAINED, "vnmla.f32 s0, s1, s2" },
    { 0xee10, 0x0a81, TC_FMAC, 0, TF_CHAINED, "vnmls.f32 s0, s1, s2" },
    { 0xeea0, 0x0a81, TC_FMAC, 0, 0, "vfma.f32 s0, s1, s2" },
    { 0xeea0, 0x0ac1, TC_FMAC, 0, 0, "vfms.f32 s0, s1, s2" },
    { 0xee90, 0x0ac1, TC_FMAC, 0, 0, "vfnma.f32 s0, s1, s2" },
    { 0xee90, 0x0a81, TC_FMAC, 0, 0, "vfnms.f32 s0, s1, s2" },
    { 0xee80, 0x0a81, TC_FDIV, 0, 0, "vdiv.f32 s0, s1, s2" },
    { 0xeeb1, 0x0ae0, TC_FDIV, 0, 0, "vsqrt.f32 s0, s1" },
    { 0xeeb0, 0x0ae0, TC_FALU, 0, 0, "vabs.f32 s0, s1" },
    { 0xeeb1, 0x0a60, TC_FALU, 0, 0, "vneg.f32 s0, s1" },
    { 0xeeb0, 0x0a60, TC_FALU, 0, 0, "vmov.f32 s0, s1" },
    { 0xeeb7, 0x0a00, TC_FALU, 0, 0, "vmov.f32 s0, #1.0" },
    { 0xeeb4, 0x0a60, TC_FALU, 0, 0, "vcmp.f32 s0, s1" },
    { 0xeeb5, 0x0ac0, TC_FALU, 0, 0, "vcmpe.f32 s0, #0.0" },
    { 0xeebd, 0x0ae0, TC_FALU, 0, 0, "vcvt.s32.f32 s0, s1" },
    { 0xeeb8, 0x0a60, TC_FALU, 0, 0, "vcvt.f32.u32 s0, s1" },
    { 0xeeb7, 0x0ae0, TC_FALU, 0, 0, "vcvt.f64.f32 d0, s1" },
    { 0xee81, 0x0b02, TC_FDIV, 0, 0, "vdiv.f64 d0, d1, d2" },
    { 0xee00, 0x1a10, TC_FMOV, 0, 0, "vmov s0, r1" },
    { 0xee10, 0x1a10, TC_FMOV, 0, 0, "vmov r1, s0" },
    { 0xeef1, 0xfa10, TC_FMOV, 0, 0, "vmrs APSR_nzcv, fpscr" },
    { 0xeee1, 0x0a10, TC_FMOV, 0, 0, "vmsr fpscr, r0" },
    { 0xec51, 0x0b10, TC_FMOV2, 0, 0, "vmov r0, r1, d0" },
    { 0xec41, 0x0a10, TC_FMOV2, 0, 0, "vmov s0, s1, r0, r1" },
    { 0xed91, 0x0a01, TC_LOAD, 1, TF_FP, "vldr s0, [r1, #4]" },
    { 0xed9f, 0x0a01, TC_LOAD, 1, TF_FP | TF_PCREL, "vldr s0, [pc, #4]" },
    { 0xed11, 0x0b02, TC_LOAD, 2, TF_FP, "vldr d0, [r1, #-8]" },
    { 0xed81, 0x0a01, TC_STORE, 1, TF_FP, "vstr s0, [r1, #4]" },
    { 0xed8d, 0x0b00, TC_STORE, 2, TF_FP, "vstr d0, [sp]" },
    { 0xecb0, 0x0a01, TC_LDM, 1, TF_FP | TF_WBACK, "vldmia r0!, {s0}" },
    { 0xec90, 0x0a04, TC_LDM, 4, TF_FP, "vldmia r0, {s0-s3}" },
    { 0xeca0, 0x2a04, TC_STM, 4, TF_FP | TF_WBACK, "vstmia r0!, {s4-s7}" },
    { 0xed20, 0x0b04, TC_STM, 4, TF_FP | TF_WBACK, "vstmdb r0!, {d0-d1}" },
    { 0xed2d, 0x8b10, TC_STM, 16, TF_FP | TF_WBACK, "vpush {d8-d15}" },
    { 0xecbd, 0x8a02, TC_LDM, 2, TF_FP | TF_WBACK, "vpop {s16-s17}" },
    { 0xecbd, 0x8b02, TC_LDM, 2, TF_FP | TF_WBACK, "vpop {d8}" },
    /* FPv5 (-mcpu=cortex-m7 -mfpu=fpv5-d16) */
    { 0xfe30, 0x0a81, TC_FALU, 0, 0, "vselgt.f32 s0, s1, s2" },
    { 0xfe01, 0x0b02, TC_FALU, 0, 0, "vseleq.f64 d0, d1, d2" },
    { 0xfe80, 0x0a81, TC_FALU, 0, 0, "vmaxnm.f32 s0, s1, s2" },
    { 0xfe80, 0x0ac1, TC_FALU, 0, 0, "vminnm.f32 s0, s1, s2" },
    { 0xfeb8, 0x0a60, TC_FALU, 0, 0, "vrinta.f32 s0, s1" },
    { 0xfebc, 0x0ae0, TC_FALU, 0, 0, "vcvta.s32.f32 s0, s1" },
    /* ARMv8.1-M and Helium (-mcpu=cortex-m55) */
    { 0xed91, 0x1f00, TC_VLD, 4, TF_FP, "vldrw.u32 q0, [r1]" },
    { 0xecb2, 0x3f04, TC_VLD, 4, TF_FP | TF_WBACK, "vldrw.u32 q1, [r2], #16" },
    { 0xed81, 0x1f00, TC_VST, 4, TF_FP, "vstrw.32 q0, [r1]" },
    { 0xef02, 0x0d44, TC_VFP, 0, 0, "vadd.f32 q0, q1, q2" },
    { 0xff02, 0x0d54, TC_VFP, 0, 0, "vmul.f32 q0, q1, q2" },
    { 0xef02, 0x0c54, TC_VFP, 0, 0, "vfma.f32 q0, q1, q2" },
    { 0xee33, 0x0e62, TC_VFP, 0, 0, "vmul.f32 q0, q1, r2" },
    { 0xef22, 0x0844, TC_VINT, 0, 0, "vadd.i32 q0, q1, q2" },
    { 0xef22, 0x0152, TC_VINT, 0, 0, "vmov q0, q1" },
    { 0xeea0, 0x1b10, TC_VINT, 0, 0, "vdup.32 q0, r1" },
    { 0xee20, 0x0b10, TC_FMOV, 0, 0, "vmov.32 d0[1], r0" },
    { 0xeef9, 0x0f02, TC_VRED, 0, 0, "vaddv.s32 r0, q1" },
    { 0xee89, 0x0f02, TC_VRED, 0, 0, "vaddlv.s32 r0, r1, q1" },
    { 0xf021, 0xe801, TC_VPRED, 0, 0, "vctp.32 r1" },
    { 0xfe71, 0x0f4d, TC_VPRED, 0, 0, "vpst" },
    { 0xfe33, 0x0f05, TC_VINT, 0, 0, "vpsel q0, q1, q2" },
    { 0xf042, 0xe001, TC_ALU, 0, 0, "dls lr, r2" },
    { 0xf042, 0xc003, TC_BRANCH, 0, TF_COND, "wls lr, r2, lbl" },
    { 0xf00f, 0xc803, TC_BRANCH, 0, TF_COND | TF_LOOPEND, "le lr, lbl" },
    { 0xf01f, 0xc803, TC_BRANCH, 0, TF_COND | TF_LOOPEND, "letp lr, lbl" },
};

static void test_table(void)
{
    size_t i;
    for (i = 0; i < sizeof table / sizeof table[0]; i++) {
        struct thumb_insn d;
        unsigned want_size = (table[i].hw1 >> 11) >= 0x1d ? 4u : 2u;
        thumb_decode(table[i].hw1, table[i].hw2, &d);
        CHECK(d.size == want_size, "%s: size %u", table[i].text, d.size);
        CHECK(d.cls == table[i].cls, "%s: class %s, want %s", table[i].text,
              thumb_class_name(d.cls), thumb_class_name(table[i].cls));
        CHECK(d.words == table[i].words, "%s: words %u, want %u", table[i].text, d.words,
              table[i].words);
        CHECK(d.flags == table[i].flags, "%s: flags 0x%x, want 0x%x", table[i].text, d.flags,
              table[i].flags);
    }
}

static void test_registers(void)
{
    struct thumb_insn d;
    thumb_decode(0x6848, 0, &d); /* ldr r0, [r1, #4] */
    CHECK(d.rt == 0 && d.rn == 1 && d.rm == TR_NONE, "ldr r0, [r1, #4]: rt %u rn %u rm %u",
          d.rt, d.rn, d.rm);
    thumb_decode(0x5888, 0, &d); /* ldr r0, [r1, r2] */
    CHECK(d.rt == 0 && d.rn == 1 && d.rm == 2, "ldr r0, [r1, r2]: rt %u rn %u rm %u", d.rt,
          d.rn, d.rm);
    thumb_decode(0xe9d2, 0x0102, &d); /* ldrd r0, r1, [r2, #8] */
    CHECK(d.rt == 0 && d.rt2 == 1 && d.rn == 2, "ldrd: rt %u rt2 %u rn %u", d.rt, d.rt2, d.rn);
    thumb_decode(0xf851, 0x0012, &d); /* ldr.w r0, [r1, r2, lsl #1] */
    CHECK(d.rt == 0 && d.rn == 1 && d.rm == 2, "ldr.w reg: rt %u rn %u rm %u", d.rt, d.rn,
          d.rm);
    thumb_decode(0x9802, 0, &d); /* ldr r0, [sp, #8] */
    CHECK(d.rt == 0 && d.rn == 13, "ldr sp: rt %u rn %u", d.rt, d.rn);
    thumb_decode(0xed91, 0x0a01, &d); /* vldr s0, [r1, #4]: no core destination */
    CHECK(d.rt == TR_NONE && d.rn == 1, "vldr: rt %u rn %u", d.rt, d.rn);
    CHECK(d.fdst == 0 && d.fdstn == 1, "vldr s0: fdst %u/%u", d.fdst, d.fdstn);
    thumb_decode(0xee47, 0x7aa6, &d); /* vmla.f32 s15, s15, s13 */
    CHECK(d.fdst == 15 && d.src[0] == 15 && d.src[1] == 13 && d.src[2] == 15,
          "vmla s15, s15, s13: dst %u src %u %u %u", d.fdst, d.src[0], d.src[1], d.src[2]);
    thumb_decode(0xef02, 0x0c54, &d); /* vfma.f32 q0, q1, q2 */
    CHECK(d.fdst == 0 && d.fdstn == 4 && d.src[0] == 4 && d.src[1] == 8 && d.src[2] == 0,
          "vfma q0, q1, q2: dst %u/%u src %u %u %u", d.fdst, d.fdstn, d.src[0], d.src[1],
          d.src[2]);
    thumb_decode(0xed81, 0x5f00, &d); /* vstrw.32 q2, [r1]: stores read Qd */
    CHECK(d.src[0] == 8 && d.srcn[0] == 4 && d.fdst == TR_NONE, "vstrw q2: src %u/%u",
          d.src[0], d.srcn[0]);
    thumb_decode(0xeeb4, 0x0a60, &d); /* vcmp.f32 s0, s1: the flags */
    CHECK(d.fdst == TR_FLAGS && d.fsimple, "vcmp: fdst %u", d.fdst);
    thumb_decode(0xeef1, 0xfa10, &d); /* vmrs APSR_nzcv, fpscr */
    CHECK(d.src[0] == TR_FLAGS, "vmrs: src %u", d.src[0]);
    thumb_decode(0x3001, 0, &d); /* adds r0, #1 pairs on the M55 */
    CHECK(d.dual == 1, "adds imm8: dual %u", d.dual);
    thumb_decode(0x6848, 0, &d); /* ldr r0, [r1, #4] does not */
    CHECK(d.dual == 0, "ldr: dual %u", d.dual);
}

/* --- the model on synthetic streams --------------------------------------- */

struct step {
    uint32_t pc;
    uint16_t hw1, hw2;
    unsigned nmem;     /* memory accesses; default 1 for loads and stores */
    uint32_t data;     /* a load's address (0: none) */
};

#define ALU16 0x2001, 0, 0, 0      /* movs r0, #1 */
#define ALU32 0xf041, 0x00ff, 0, 0 /* orr.w r0, r1, #255 */
#define B16 0xe001, 0, 0, 0        /* b */

/* Issue cycles of steps[0..n) (the next pc of each is the next step's). */
static void run(const char *preset, const char *set, const struct step *s, size_t n,
                uint64_t *t)
{
    struct cm_params p;
    struct cm_model m;
    size_t i;
    if (cm_preset(preset, &p) != 0) {
        printf("FAIL: no preset %s\n", preset);
        failures++;
        return;
    }
    if (set != NULL) {
        char key[32], *eq;
        snprintf(key, sizeof key, "%s", set);
        eq = strchr(key, '=');
        *eq = '\0';
        CHECK(cm_set(&p, key, eq + 1) == 0, "cm_set %s", set);
    }
    cm_init(&m, &p);
    for (i = 0; i < n; i++) {
        struct thumb_insn d;
        unsigned nmem;
        uint32_t line;
        thumb_decode(s[i].hw1, s[i].hw2, &d);
        cm_issue(&m, s[i].pc, &d);
        t[i] = m.t;
        nmem = s[i].nmem ? s[i].nmem - 1u : (d.words ? 1u : 0u); /* nmem is stored + 1 */
        line = s[i].data >> 4;
        cm_complete(&m, s[i].pc, &d, nmem, &line,
                    (s[i].data != 0 && s[i].data <= p.flash_hi) ? 1u : 0u,
                    i + 1 < n ? s[i + 1].pc : s[i].pc + d.size);
    }
}

static void expect(const char *what, const uint64_t *t, const uint64_t *want, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        CHECK(t[i] == want[i], "%s: instruction %u issues at %llu, want %llu", what,
              (unsigned)i, (unsigned long long)t[i], (unsigned long long)want[i]);
    }
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_model(void)
{
    uint64_t t[32];
    {   /* zero-wait: one cycle each */
        static const struct step s[] = { { 0, ALU16 }, { 2, ALU32 }, { 6, ALU16 }, { 8, ALU16 } };
        static const uint64_t w[] = { 0, 1, 2, 3 };
        run("m4-ram", NULL, s, N(s), t);
        expect("alu", t, w, N(s));
    }
    {   /* taken branch: 1 + P (P = 2), +1 for a 32-bit target across two words */
        static const struct step s[] = { { 0, B16 }, { 0x40, ALU16 }, { 0x42, B16 },
                                         { 0x82, ALU32 }, { 0x86, ALU16 } };
        static const uint64_t w[] = { 0, 3, 4, 8, 9 };
        run("m4-ram", NULL, s, N(s), t);
        expect("branch", t, w, N(s));
    }
    {   /* a not-taken conditional branch is one cycle */
        static const struct step s[] = { { 0, 0xd001, 0, 0, 0 }, { 2, ALU16 } };
        static const uint64_t w[] = { 0, 1 };
        run("m4-ram", NULL, s, N(s), t);
        expect("bne not taken", t, w, N(s));
    }
    {   /* ldr r2,[r1]; ldr r3,[r1,#4] pipeline: 2 + 1 */
        static const struct step s[] = { { 0, 0x680a, 0, 0, 0 }, { 2, 0x684b, 0, 0, 0 }, { 4, ALU16 } };
        static const uint64_t w[] = { 0, 2, 3 };
        run("m4-ram", NULL, s, N(s), t);
        expect("ldr pipelined", t, w, N(s));
        run("m4-ram", "ldst=table", s, N(s), t);
        {
            static const uint64_t wt[] = { 0, 2, 4 };
            expect("ldr, ldst=table", t, wt, N(s));
        }
    }
    {   /* ldr r1,[r1]; ldr r2,[r1]: the address depends on the first load */
        static const struct step s[] = { { 0, 0x6809, 0, 0, 0 }, { 2, 0x680a, 0, 0, 0 }, { 4, ALU16 } };
        static const uint64_t w[] = { 0, 2, 4 };
        run("m4-ram", NULL, s, N(s), t);
        expect("ldr dependent", t, w, N(s));
    }
    {   /* str r0,[r1,#4] is one cycle; ldst=table: two */
        static const struct step s[] = { { 0, 0x6048, 0, 0, 0 }, { 2, 0x6048, 0, 0, 0 }, { 4, ALU16 } };
        static const uint64_t w[] = { 0, 1, 2 }, wt[] = { 0, 2, 4 };
        run("m4-ram", NULL, s, N(s), t);
        expect("str", t, w, N(s));
        run("m4-ram", "ldst=table", s, N(s), t);
        expect("str, ldst=table", t, wt, N(s));
    }
    {   /* vldr, vldr (pipelined), vmla 3, vldr after vmla 2 */
        static const struct step s[] = { { 0, 0xed91, 0x0a01, 0, 0 }, { 4, 0xed91, 0x0a01, 0, 0 },
                                         { 8, 0xee00, 0x0a81, 0, 0 }, { 12, 0xed91, 0x0a01, 0, 0 },
                                         { 16, ALU16 } };
        static const uint64_t w[] = { 0, 2, 3, 6, 8 };
        run("m4-ram", NULL, s, N(s), t);
        expect("vldr vmla", t, w, N(s));
    }
    {   /* a load whose IT condition failed (no memory access) is one cycle */
        static const struct step s[] = { { 0, 0x680a, 0, 1, 0 }, { 2, ALU16 } };
        static const uint64_t w[] = { 0, 1 };
        run("m4-ram", NULL, s, N(s), t);
        expect("ldr skipped", t, w, N(s));
    }
    {   /* pop {r4, r5, pc}: 1 + N, then the refill */
        static const struct step s[] = { { 0, 0xbd30, 0, 4, 0 }, { 0x40, ALU16 } };
        static const uint64_t w[] = { 0, 6 };
        run("m4-ram", NULL, s, N(s), t);
        expect("pop pc", t, w, N(s));
    }
    {   /* Flash, 5 wait states, cold: a 16-byte line takes 6 cycles to read;
           line 0x10 on demand (ready at 5, issue 5 + P), line 0x11
           prefetched from cycle 6 (ready 11), line 0x12 from 12 (ready 17). */
        static const struct step s[] = {
            { 0x100, ALU32 }, { 0x104, ALU32 }, { 0x108, ALU32 }, { 0x10c, ALU32 },
            { 0x110, ALU32 }, { 0x114, ALU32 }, { 0x118, ALU32 }, { 0x11c, ALU32 },
            { 0x120, ALU16 } };
        static const uint64_t w[] = { 7, 8, 9, 10, 13, 14, 15, 16, 19 };
        run("m4-flash", NULL, s, N(s), t);
        expect("flash stream", t, w, N(s));
    }
    {   /* Flash: a two-line loop runs three times. The first pass reads
           both lines (as above); the later passes hit the cache and take the
           10 cycles of the zero-wait loop (8 instructions, the branch's P). */
        struct step s[25];
        static const uint64_t w[] = { 7, 8, 9, 10, 13, 14, 15, 16, 19, 20, 21, 22, 23, 24, 25,
                                      26, 29, 30, 31, 32, 33, 34, 35, 36, 37 };
        static const uint64_t wr[] = { 0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16,
                                       17, 20, 21, 22, 23, 24, 25, 26, 27, 28 };
        unsigned it, k;
        for (it = 0; it < 3; it++) {
            for (k = 0; k < 8; k++) {
                struct step e = { 0x100u + 4u * k, ALU32 };
                if (k == 7) {
                    e.hw1 = 0xf000;
                    e.hw2 = 0xb802;
                }
                s[8 * it + k] = e;
            }
        }
        s[24].pc = 0x120;
        s[24].hw1 = 0x2001;
        s[24].hw2 = 0;
        s[24].nmem = 0;
        s[24].data = 0;
        run("m4-flash", NULL, s, 25, t);
        expect("flash loop", t, w, 25);
        run("m4-ram", NULL, s, 25, t);
        expect("ram loop", t, wr, 25);
    }
    {   /* a literal from flash: a data-cache miss waits for the flash read
           (issue 0, data phase from 1, ready 1 + 5 + 1 = 7), a hit does not */
        static const struct step s[] = { { 0x20000000, 0xed9f, 0x0a01, 0, 0x1000 },
                                         { 0x20000004, 0xed9f, 0x0a01, 0, 0x1000 },
                                         { 0x20000008, ALU16 } };
        static const uint64_t w[] = { 0, 7, 8 };
        run("m4-flash", NULL, s, N(s), t);
        expect("flash literal", t, w, N(s));
    }
    {   /* Cortex-M0: loads 2 (no pipelining), taken branch 3, BL 4 */
        static const struct step s[] = { { 0, 0x680a, 0, 0, 0 }, { 2, 0x684b, 0, 0, 0 }, { 4, B16 },
                                         { 0x40, 0xf000, 0xf802, 0, 0 }, { 0x80, ALU16 },
                                         { 0x82, ALU16 } };
        static const uint64_t w[] = { 0, 2, 4, 7, 11, 12 };
        run("m0-ram", NULL, s, N(s), t);
        expect("m0", t, w, N(s));
    }
}

/* The Cortex-M55 rules (m55-ram), on the sequences of LLVM's Cortex-M55
   scheduling model's comment and on latencies of its tables. */
static void test_m55(void)
{
    uint64_t t[16];
    {   /* VLDR; VADD; VMUL; VSTR, each on the one before: the beats overlap
           across pipes (load/store, integer, float, load/store): 1 cycle each */
        static const struct step s[] = { { 0, 0xed91, 0x1f00, 0, 0 }, { 4, 0xef20, 0x2840, 0, 0 },
                                         { 8, 0xff02, 0x4d52, 0, 0 }, { 12, 0xed82, 0x5f00, 0, 0 } };
        static const uint64_t w[] = { 0, 1, 2, 3 };
        run("m55-ram", NULL, s, N(s), t);
        expect("m55 vldr vadd vmul vstr", t, w, N(s));
    }
    {   /* VLDR; VLDRB; VADD; VSTR: two loads cannot overlap (same pipe) */
        static const struct step s[] = { { 0, 0xed91, 0x1f00, 0, 0 }, { 4, 0xed91, 0x3e00, 0, 0 },
                                         { 8, 0xef22, 0x4842, 0, 0 }, { 12, 0xed82, 0x5f00, 0, 0 } };
        static const uint64_t w[] = { 0, 2, 3, 4 };
        run("m55-ram", NULL, s, N(s), t);
        expect("m55 vldr vldrb vadd vstr", t, w, N(s));
        run("m55-ram", "beats=1", s, N(s), t);
        {
            static const uint64_t w1[] = { 0, 1, 2, 3 };
            expect("m55 beats=1", t, w1, N(s));
        }
    }
    {   /* independent VMULs share the float pipe (2 cycles each); a VLDR after
           one overlaps its second beat */
        static const struct step s[] = { { 0, 0xff02, 0x0d54, 0, 0 }, { 4, 0xff08, 0x6d5a, 0, 0 },
                                         { 8, 0xed91, 0xdf00, 0, 0 }, { 12, ALU16 } };
        static const uint64_t w[] = { 0, 2, 3, 4 };
        run("m55-ram", NULL, s, N(s), t);
        expect("m55 vmul vmul vldr", t, w, N(s));
    }
    {   /* scalar: chained VMLA on its accumulator every 4 cycles, VFMA every 2 */
        static const struct step s[] = { { 0, 0xee00, 0x0a81, 0, 0 }, { 4, 0xee00, 0x0a81, 0, 0 },
                                         { 8, 0xeea0, 0x0a81, 0, 0 }, { 12, 0xeea0, 0x0a81, 0, 0 },
                                         { 16, ALU16 } };
        static const uint64_t w[] = { 0, 4, 8, 10, 11 };
        run("m55-ram", NULL, s, N(s), t);
        expect("m55 vmla vfma chain", t, w, N(s));
    }
    {   /* 16-bit pairs: movs, movs issue together (the second shows the next
           cycle and costs none), then ldr alone */
        static const struct step s[] = { { 0, ALU16 }, { 2, ALU16 }, { 4, ALU16 }, { 6, ALU16 },
                                         { 8, 0x6848, 0, 0, 0 }, { 10, 0x6848, 0, 0, 0 },
                                         { 12, ALU16 } };
        static const uint64_t w[] = { 0, 1, 1, 2, 2, 3, 4 };
        static const uint64_t w0[] = { 0, 1, 2, 3, 4, 5, 6 };
        run("m55-ram", NULL, s, N(s), t);
        expect("m55 pairs", t, w, N(s));
        run("m55-ram", "dual=0", s, N(s), t);
        expect("m55 dual=0", t, w0, N(s));
    }
    {   /* a low-overhead loop: DLS, body, LE back without refill (le=0) */
        static const struct step s[] = { { 0, 0xf042, 0xe001, 0, 0 }, { 4, 0x6848, 0, 0, 0 },
                                         { 6, 0xf00f, 0xc803, 0, 0 }, { 4, 0x6848, 0, 0, 0 },
                                         { 6, 0xf00f, 0xc803, 0, 0 }, { 10, 0x6848, 0, 0, 0 } };
        static const uint64_t w[] = { 0, 1, 2, 3, 4, 5 };
        static const uint64_t w2[] = { 0, 1, 2, 5, 6, 7 };
        run("m55-ram", NULL, s, N(s), t);
        expect("m55 le", t, w, N(s));
        run("m55-ram", "le=2", s, N(s), t);
        expect("m55 le=2", t, w2, N(s));
    }
}

static void test_params(void)
{
    struct cm_params p;
    CHECK(cm_preset("m4-flash", &p) == 0 && p.ws == 5 && p.icache_lines == 64
              && p.dcache_lines == 8 && p.line_bytes == 16 && p.prefetch == 1,
          "m4-flash preset");
    CHECK(cm_preset("m7", &p) == -1, "unknown preset accepted");
    cm_preset("m4-ram", &p);
    CHECK(cm_set(&p, "ws", "3") == 0 && p.ws == 3, "ws=3");
    CHECK(cm_set(&p, "ws", "x") == -1, "ws=x accepted");
    CHECK(cm_set(&p, "line", "12") == -1, "line=12 accepted");
    CHECK(cm_set(&p, "icache", "32") == 0 && cm_set(&p, "ways", "3") == -1, "ways=3 of 32");
    CHECK(cm_set(&p, "flash", "0x08000000-0x080fffff") == 0 && p.flash_lo == 0x08000000u
              && p.flash_hi == 0x080fffffu,
          "flash=");
    CHECK(cm_set(&p, "colour", "1") == -1, "unknown key accepted");
}

/* --- objdump cross-check ---------------------------------------------------- */

static const char *const conds[] = { "eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs",
                                     "vc", "hi", "ls", "ge", "lt", "gt", "le", "al" };

struct mn {
    const char *name;
    unsigned cls;
};

static const struct mn mnemonics[] = {
    { "mov", TC_ALU }, { "mvn", TC_ALU }, { "add", TC_ALU }, { "adc", TC_ALU },
    { "sub", TC_ALU }, { "sbc", TC_ALU }, { "rsb", TC_ALU }, { "and", TC_ALU },
    { "orr", TC_ALU }, { "orn", TC_ALU }, { "eor", TC_ALU }, { "bic", TC_ALU },
    { "cmp", TC_ALU }, { "cmn", TC_ALU }, { "tst", TC_ALU }, { "teq", TC_ALU },
    { "lsl", TC_ALU }, { "lsr", TC_ALU }, { "asr", TC_ALU }, { "ror", TC_ALU },
    { "rrx", TC_ALU }, { "adr", TC_ALU }, { "addw", TC_ALU }, { "subw", TC_ALU },
    { "movw", TC_ALU }, { "movt", TC_ALU }, { "ubfx", TC_ALU }, { "sbfx", TC_ALU },
    { "bfi", TC_ALU }, { "bfc", TC_ALU }, { "sxtb", TC_ALU }, { "sxth", TC_ALU },
    { "uxtb", TC_ALU }, { "uxth", TC_ALU }, { "sxtab", TC_ALU }, { "uxtab", TC_ALU },
    { "sxtah", TC_ALU }, { "uxtah", TC_ALU }, { "clz", TC_ALU }, { "rbit", TC_ALU },
    { "rev", TC_ALU }, { "rev16", TC_ALU }, { "revsh", TC_ALU }, { "ssat", TC_ALU },
    { "usat", TC_ALU }, { "neg", TC_ALU }, { "sel", TC_ALU }, { "uadd8", TC_ALU },
    { "qadd", TC_ALU }, { "qsub", TC_ALU },
    { "mul", TC_MUL }, { "mla", TC_MUL }, { "mls", TC_MUL }, { "smull", TC_MUL },
    { "umull", TC_MUL }, { "smlal", TC_MUL }, { "umlal", TC_MUL }, { "smulbb", TC_MUL },
    { "smmul", TC_MUL }, { "smlad", TC_MUL },
    { "sdiv", TC_DIV }, { "udiv", TC_DIV },
    { "ldr", TC_LOAD }, { "ldrb", TC_LOAD }, { "ldrh", TC_LOAD }, { "ldrsb", TC_LOAD },
    { "ldrsh", TC_LOAD }, { "ldrd", TC_LOAD }, { "ldrex", TC_LOAD }, { "vldr", TC_LOAD },
    { "str", TC_STORE }, { "strb", TC_STORE }, { "strh", TC_STORE }, { "strd", TC_STORE },
    { "strex", TC_STORE }, { "vstr", TC_STORE },
    { "ldm", TC_LDM }, { "ldmia", TC_LDM }, { "ldmdb", TC_LDM }, { "pop", TC_LDM },
    { "vldm", TC_LDM }, { "vldmia", TC_LDM }, { "vldmdb", TC_LDM }, { "vpop", TC_LDM },
    { "stm", TC_STM }, { "stmia", TC_STM }, { "stmdb", TC_STM }, { "push", TC_STM },
    { "vstm", TC_STM }, { "vstmia", TC_STM }, { "vstmdb", TC_STM }, { "vpush", TC_STM },
    { "b", TC_BRANCH }, { "bl", TC_BRANCH }, { "bx", TC_BRANCH }, { "blx", TC_BRANCH },
    { "cbz", TC_BRANCH }, { "cbnz", TC_BRANCH },
    { "tbb", TC_TABLE }, { "tbh", TC_TABLE },
    { "nop", TC_NOP }, { "yield", TC_NOP }, { "wfe", TC_NOP }, { "wfi", TC_NOP },
    { "sev", TC_NOP }, { "pld", TC_NOP }, { "pli", TC_NOP },
    { "dmb", TC_BARRIER }, { "dsb", TC_BARRIER }, { "isb", TC_BARRIER },
    { "mrs", TC_SYS }, { "msr", TC_SYS }, { "cpsie", TC_SYS }, { "cpsid", TC_SYS },
    { "svc", TC_SYS }, { "bkpt", TC_SYS }, { "udf", TC_SYS },
    { "vadd", TC_FALU }, { "vsub", TC_FALU }, { "vmul", TC_FALU }, { "vnmul", TC_FALU },
    { "vabs", TC_FALU }, { "vneg", TC_FALU }, { "vcmp", TC_FALU }, { "vcmpe", TC_FALU },
    { "vcvt", TC_FALU }, { "vcvtb", TC_FALU }, { "vcvtt", TC_FALU }, { "vcvtr", TC_FALU },
    { "vmla", TC_FMAC }, { "vmls", TC_FMAC }, { "vnmla", TC_FMAC }, { "vnmls", TC_FMAC },
    { "vfma", TC_FMAC }, { "vfms", TC_FMAC }, { "vfnma", TC_FMAC }, { "vfnms", TC_FMAC },
    { "vdiv", TC_FDIV }, { "vsqrt", TC_FDIV },
    { "vmrs", TC_FMOV }, { "vmsr", TC_FMOV },
    /* FPv5 (Cortex-M7, M55) */
    { "vsel", TC_FALU }, { "vmaxnm", TC_FALU }, { "vminnm", TC_FALU }, { "vrinta", TC_FALU },
    { "vrintn", TC_FALU }, { "vrintp", TC_FALU }, { "vrintm", TC_FALU }, { "vrintz", TC_FALU },
    { "vrintr", TC_FALU }, { "vrintx", TC_FALU }, { "vcvta", TC_FALU }, { "vcvtn", TC_FALU },
    { "vcvtp", TC_FALU }, { "vcvtm", TC_FALU }, { "vmovx", TC_FALU }, { "vins", TC_FALU },
    /* ARMv8.1-M: low-overhead loops, conditional selects, long shifts, predication */
    { "dls", TC_ALU }, { "dlstp", TC_ALU }, { "lctp", TC_ALU }, { "le", TC_BRANCH },
    { "letp", TC_BRANCH }, { "wls", TC_BRANCH }, { "wlstp", TC_BRANCH },
    { "csel", TC_ALU }, { "csinc", TC_ALU }, { "csinv", TC_ALU }, { "csneg", TC_ALU },
    { "cinc", TC_ALU }, { "cinv", TC_ALU }, { "cneg", TC_ALU }, { "cset", TC_ALU },
    { "csetm", TC_ALU }, { "lsll", TC_ALU }, { "lsrl", TC_ALU }, { "asrl", TC_ALU },
    { "uqshl", TC_ALU }, { "sqshl", TC_ALU }, { "urshr", TC_ALU }, { "srshr", TC_ALU },
    { "uqshll", TC_ALU }, { "sqshll", TC_ALU }, { "urshrl", TC_ALU }, { "srshrl", TC_ALU },
    { "vctp", TC_VPRED }, { "vpnot", TC_VPRED },
};

/* 1 if the operands name a Helium Q register */
static int has_q(const char *operands)
{
    const char *p;
    for (p = operands; *p; p++) {
        if (p[0] == 'q' && isdigit((unsigned char)p[1]) && (p == operands || !isalnum((unsigned char)p[-1]))) {
            return 1;
        }
    }
    return 0;
}

/* 1 if the first operand is a core register */
static int first_is_core(const char *o)
{
    return (o[0] == 'r' && isdigit((unsigned char)o[1])) || strncmp(o, "lr", 2) == 0
           || strncmp(o, "ip", 2) == 0 || strncmp(o, "sl", 2) == 0 || strncmp(o, "fp", 2) == 0;
}

/* the class of a Helium instruction (operands with a Q register) */
static unsigned mve_class(const char *base, const char *mnemonic, const char *operands)
{
    static const char *const fp_pipe[] = { "vmul", "vmla", "vmlas", "vfma", "vfms", "vfmas",
                                           "vqdmulh", "vqrdmulh", "vmulh", "vrmulh", "vcmp",
                                           "vmullb", "vmullt", "vqdmullb", "vqdmullt" };
    size_t i;
    if (strncmp(base, "vldr", 4) == 0 || strncmp(base, "vld2", 4) == 0
        || strncmp(base, "vld4", 4) == 0) {
        return TC_VLD;
    }
    if (strncmp(base, "vstr", 4) == 0 || strncmp(base, "vst2", 4) == 0
        || strncmp(base, "vst4", 4) == 0) {
        return TC_VST;
    }
    if (strcmp(base, "vmov") == 0 || strcmp(base, "vmvn") == 0 || strcmp(base, "vorr") == 0) {
        return strchr(operands, '#') != NULL ? TC_VFP : TC_VINT;
    }
    if (first_is_core(operands)) {
        return TC_VRED;
    }
    if (strncmp(base, "vpt", 3) == 0) {
        return TC_VFP;
    }
    if (strstr(mnemonic, ".f16") != NULL || strstr(mnemonic, ".f32") != NULL) {
        return TC_VFP;
    }
    for (i = 0; i < N(fp_pipe); i++) {
        if (strcmp(base, fp_pipe[i]) == 0) {
            return TC_VFP;
        }
    }
    return TC_VINT;
}

static int lookup(const char *name, unsigned *cls)
{
    size_t i;
    for (i = 0; i < N(mnemonics); i++) {
        if (strcmp(mnemonics[i].name, name) == 0) {
            *cls = mnemonics[i].cls;
            return 1;
        }
    }
    return 0;
}

/* the class of a mnemonic: as it is, without a flag-setting s, without a
   condition, without both (UAL puts the s before the condition) */
static int classify(const char *mnemonic, const char *operands, unsigned *cls)
{
    char base[32];
    size_t n, c;
    char *dot;
    snprintf(base, sizeof base, "%s", mnemonic);
    dot = strchr(base, '.');
    if (dot != NULL) {
        *dot = '\0';
    }
    if (strncmp(base, "it", 2) == 0 && strspn(base + 2, "te") == strlen(base + 2)) {
        *cls = TC_IT;
        return 1;
    }
    if (strncmp(base, "vpst", 4) == 0 && strspn(base + 4, "te") == strlen(base + 4)) {
        *cls = TC_VPRED;
        return 1;
    }
    if (base[0] == 'v' && has_q(operands)) {
        char b[32];
        size_t n = strlen(base);
        /* a predicated Helium instruction ends in t or e (vaddt, vstrwe) */
        snprintf(b, sizeof b, "%s", base);
        if (n > 3 && (b[n - 1] == 't' || b[n - 1] == 'e') && strncmp(b, "vpt", 3) != 0
            && strcmp(b, "vpsel") != 0) {
            b[n - 1] = '\0';
        }
        *cls = mve_class(b, mnemonic, operands);
        return 1;
    }
    if (strcmp(base, "vmov") == 0 || strncmp(base, "vmov", 4) == 0) {
        /* by the core registers among the operands: 0 FP move, 1 transfer, 2 pair */
        unsigned core = 0;
        const char *p = operands;
        while (*p) {
            if ((p == operands || !isalnum((unsigned char)p[-1]))
                && ((p[0] == 'r' && isdigit((unsigned char)p[1])) || strncmp(p, "ip", 2) == 0
                    || strncmp(p, "lr", 2) == 0 || strncmp(p, "sl", 2) == 0
                    || strncmp(p, "fp", 2) == 0)
                && !isalnum((unsigned char)p[p[0] == 'r' && isdigit((unsigned char)p[2]) ? 3 : 2])) {
                core++;
            }
            p++;
        }
        *cls = core == 0 ? TC_FALU : core == 1 ? TC_FMOV : TC_FMOV2;
        return 1;
    }
    if (strcmp(base, "nop") == 0 && strstr(operands, "(mov r8, r8)") != NULL) {
        *cls = TC_ALU; /* the ARMv6-M nop, an ALU instruction */
        return 1;
    }
    if (lookup(base, cls)) {
        return 1;
    }
    n = strlen(base);
    if (n > 1 && base[n - 1] == 's') {
        base[n - 1] = '\0';
        if (lookup(base, cls)) {
            return 1;
        }
        base[n - 1] = 's';
    }
    for (c = 0; c < N(conds); c++) {
        if (n > 2 && strcmp(base + n - 2, conds[c]) == 0) {
            base[n - 2] = '\0';
            if (lookup(base, cls)) {
                return 1;
            }
            if (n > 3 && base[n - 3] == 's') {
                base[n - 3] = '\0';
                if (lookup(base, cls)) {
                    return 1;
                }
            }
            return 0;
        }
    }
    return 0;
}

/* registers in a {...} list: r4-r7 counts 4, d8-d15 counts 16 words */
static int list_words(const char *operands)
{
    const char *p = strchr(operands, '{');
    int words = 0;
    if (p == NULL) {
        return -1;
    }
    p++;
    while (*p && *p != '}') {
        char k1 = 0, k2 = 0;
        int a = -1, b = -1, per;
        while (*p == ' ' || *p == ',') {
            p++;
        }
        if (sscanf(p, "%c%d-%c%d", &k1, &a, &k2, &b) == 4 && k1 == k2) {
            per = k1 == 'd' ? 2 : 1;
            words += per * (b - a + 1);
        } else {
            per = (*p == 'd') ? 2 : 1;
            words += per;
        }
        while (*p && *p != ',' && *p != '}') {
            p++;
        }
    }
    return words;
}

static int objdump_check(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[512];
    unsigned long checked = 0, bad = 0;
    if (f == NULL) {
        printf("FAIL: cannot read %s\n", path);
        return 1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        /* "   3cc:\ted9f 7aed \tvldrle\ts15, [pc, #948]\t@ ..." */
        char *tab1 = strchr(line, '\t'), *tab2, *tab3, *nl;
        unsigned h1 = 0, h2 = 0, cls = 0;
        int nhex;
        char mnemonic[32] = "", operands[256] = "";
        struct thumb_insn d;
        if (tab1 == NULL || tab1 == line || tab1[-1] != ':') {
            continue;
        }
        tab2 = strchr(tab1 + 1, '\t');
        if (tab2 == NULL) {
            continue;
        }
        nhex = sscanf(tab1 + 1, "%x %x", &h1, &h2);
        if (nhex < 1 || strspn(tab1 + 1, "0123456789abcdef ") != (size_t)(tab2 - tab1 - 1)) {
            continue;
        }
        tab3 = strchr(tab2 + 1, '\t');
        nl = strchr(tab2 + 1, '\n');
        if (nl) {
            *nl = '\0';
        }
        if (tab3) {
            *tab3 = '\0';
            snprintf(operands, sizeof operands, "%s", tab3 + 1);
        }
        snprintf(mnemonic, sizeof mnemonic, "%s", tab2 + 1);
        if (mnemonic[0] == '.' || strcmp(mnemonic, "<UNDEFINED>") == 0) {
            continue; /* data in a literal pool */
        }
        /* objdump prints a 32-bit Thumb instruction as two halfwords */
        if (thumb_size((uint16_t)h1) == 4 && nhex < 2) {
            continue; /* a .word that happens to look like one */
        }
        thumb_decode((uint16_t)h1, (uint16_t)h2, &d);
        checked++;
        if (!classify(mnemonic, operands, &cls)) {
            printf("FAIL: unknown mnemonic '%s' in: %s\n", mnemonic, line);
            bad++;
            continue;
        }
        if (cls != d.cls) {
            printf("FAIL: %04x %04x %s %s: decoder says %s, the mnemonic %s\n", h1, h2, mnemonic,
                   operands, thumb_class_name(d.cls), thumb_class_name(cls));
            bad++;
        } else if (cls == TC_LDM || cls == TC_STM) {
            int w = list_words(operands);
            if (w != (int)d.words) {
                printf("FAIL: %s %s: %u words decoded, %d listed\n", mnemonic, operands,
                       d.words, w);
                bad++;
            }
        } else if ((cls == TC_LOAD || cls == TC_STORE) && strncmp(mnemonic, "v", 1) == 0) {
            unsigned w = operands[0] == 'd' ? 2u : 1u;
            if (w != d.words) {
                printf("FAIL: %s %s: %u words decoded\n", mnemonic, operands, d.words);
                bad++;
            }
        }
    }
    fclose(f);
    printf("%s: %lu instructions checked, %lu disagree\n", path, checked, bad);
    return bad != 0 || checked == 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--objdump") == 0) {
        return objdump_check(argv[2]);
    }
    if (argc != 1) {
        fprintf(stderr, "usage: test_cycles [--objdump FILE]\n");
        return 2;
    }
    test_table();
    test_registers();
    test_model();
    test_m55();
    test_params();
    printf("%s: %d failures\n", argv[0], failures);
    return failures != 0;
}
