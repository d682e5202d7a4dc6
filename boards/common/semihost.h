/* Internal: the ARM semihosting call, shared by the board's C files. */
#ifndef FLATPROP_BOARD_SEMIHOST_H
#define FLATPROP_BOARD_SEMIHOST_H

#include <stdint.h>

#define SEMIHOST_SYS_WRITEC 0x03u
#define SEMIHOST_SYS_WRITE0 0x04u
#define SEMIHOST_SYS_EXIT_EXTENDED 0x20u
#define SEMIHOST_ADP_STOPPED_APPLICATION_EXIT 0x20026u

#if defined(__riscv) /* issue 15: boards/riscv (QEMU virt) */
/* RISC-V semihosting: the operation in a0, the block in a1, and the three
   uncompressed instructions slli x0,x0,0x1f / ebreak / srai x0,x0,7, which
   must not straddle a page (hence the 16-byte alignment). */
static inline uint32_t semihost_call(uint32_t op, const void *arg)
{
    register uint32_t a0 __asm__("a0") = op;
    register const void *a1 __asm__("a1") = arg;
    __asm__ volatile(".option push\n\t"
                     ".balign 16\n\t" /* before norvc: the padding may need a c.nop */
                     ".option norvc\n\t"
                     "slli x0, x0, 0x1f\n\t"
                     "ebreak\n\t"
                     "srai x0, x0, 7\n\t"
                     ".option pop"
                     : "+r"(a0)
                     : "r"(a1)
                     : "memory");
    return a0;
}
#else
/* M-profile semihosting: bkpt 0xab with the operation in r0 and the argument
   block in r1; the result comes back in r0. "memory" because the host reads
   (and for some calls writes) the block behind r1. */
static inline uint32_t semihost_call(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}
#endif /* __riscv */

#endif
