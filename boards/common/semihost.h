/* Internal: the ARM semihosting call, shared by the board's C files. */
#ifndef FLATPROP_BOARD_SEMIHOST_H
#define FLATPROP_BOARD_SEMIHOST_H

#include <stdint.h>

#define SEMIHOST_SYS_WRITEC 0x03u
#define SEMIHOST_SYS_WRITE0 0x04u
#define SEMIHOST_SYS_EXIT_EXTENDED 0x20u
#define SEMIHOST_ADP_STOPPED_APPLICATION_EXIT 0x20026u

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

#endif
