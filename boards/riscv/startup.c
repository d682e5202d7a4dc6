/* Reset and trap handling for the RISC-V boards (QEMU virt, rv32imac and
 * rv32imafc, machine mode, no OpenSBI).
 *
 * _start: set gp, sp and the trap vector, enable the FPU if the build has one,
 * then board_reset(): copy .data, zero .bss, paint the stack for
 * board_stack_used(), run the init arrays, call main() and exit through
 * semihosting with its return value (or BOARD_EXIT_STACK_OVERFLOW if the
 * stack grew past its limit). Every trap (illegal instruction, access fault,
 * misaligned access, ecall, any interrupt) prints "FAULT ..." and exits with
 * BOARD_EXIT_FAULT, so a crash fails a test instead of hanging. Symbols come
 * from ld/virt.ld. */
#include "board.h"

extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];
extern uint32_t __stack_limit[], __stack_top[];
typedef void (*board_init_fn)(void);
extern board_init_fn __preinit_array_start[], __preinit_array_end[];
extern board_init_fn __init_array_start[], __init_array_end[];

int main(void);
void _start(void) __attribute__((naked, noreturn, section(".text.start")));
void board_reset(void) __attribute__((noreturn, used));
void board_trap(void) __attribute__((naked, noreturn, aligned(4)));
void board_trap_report(uint32_t mcause, uint32_t mepc, uint32_t mtval)
    __attribute__((noreturn, used));

/* Bytes left unpainted below the SP at reset. The RISC-V psABI has no red
   zone, so this is only a safety margin; it shows up in board_stack_used(). */
#define PAINT_MARGIN 16u

/* The virt machine's test finisher (sifive,test1): QEMU exits with
   status (value >> 16) for the low half 0x3333. Used only when a trap
   happens while a trap is being reported, e.g. without semihosting. */
#define VIRT_TEST_FINISHER 0x00100000u
#define VIRT_TEST_FAIL 0x3333u

/* zicsr is part of rv32imac/rv32imafc, but the multilib names (which
   -march must match) leave it out, so the assembler gets it here. */
void _start(void)
{
    __asm__ volatile(
        ".option push\n\t"
        ".option norelax\n\t"
        "la gp, __global_pointer$\n\t"
        ".option pop\n\t"
        "la sp, __stack_top\n\t"
        ".option push\n\t"
        ".option arch, +zicsr\n\t"
        "la t0, board_trap\n\t"
        "csrw mtvec, t0\n\t"
#if defined(__riscv_flen)
        /* mstatus.FS = Initial: without it every F instruction is illegal */
        "li t0, 0x2000\n\t"
        "csrs mstatus, t0\n\t"
        "csrw fcsr, zero\n\t" /* round to nearest even, no flags */
#endif
        ".option pop\n\t"
        "j board_reset\n\t");
}

void board_reset(void)
{
    uint32_t *src;
    uint32_t *dst;
    board_init_fn *fn;
    uintptr_t sp;

    for (src = __data_load, dst = __data_start; dst < __data_end;) {
        *dst++ = *src++;
    }
    for (dst = __bss_start; dst < __bss_end;) {
        *dst++ = 0u;
    }

    /* Paint from the stack limit up to a margin below our own frame. The
       volatile pointer stops GCC from turning the loop into a memset call. */
    __asm__ volatile("mv %0, sp" : "=r"(sp));
    {
        volatile uint32_t *p = __stack_limit;
        uint32_t *end = (uint32_t *)((sp - PAINT_MARGIN) & ~(uintptr_t)3u);
        while (p < end) {
            *p++ = BOARD_STACK_PAINT;
        }
    }

    for (fn = __preinit_array_start; fn < __preinit_array_end; fn++) {
        (*fn)();
    }
    for (fn = __init_array_start; fn < __init_array_end; fn++) {
        (*fn)();
    }
    {
        int status = main();
        /* The lowest stack word still painted means the stack stayed within
           __stack_size; otherwise it ran past its limit into the RAM below
           (the free gap, then .bss), which nothing traps without a PMP. */
        if (*(volatile uint32_t *)__stack_limit != BOARD_STACK_PAINT) {
            board_puts("\nSTACK OVERFLOW: more than __stack_size = ");
            board_put_u32((uint32_t)board_stack_size());
            board_puts(" bytes of stack used; raise FLATPROP_BOARD_STACK_SIZE\n");
            board_exit(BOARD_EXIT_STACK_OVERFLOW);
        }
        board_exit(status);
    }
}

/* Direct-mode trap vector (4-byte aligned). The report gets a fresh stack at
   the top of RAM: the program ends anyway, and the trap may come from a
   stack pointer that left RAM. */
void board_trap(void)
{
    __asm__ volatile(
        ".option push\n\t"
        ".option arch, +zicsr\n\t"
        "csrr a0, mcause\n\t"
        "csrr a1, mepc\n\t"
        "csrr a2, mtval\n\t"
        ".option pop\n\t"
        "la sp, __stack_top\n\t"
        "j board_trap_report\n\t");
}

static const char *trap_name(uint32_t mcause)
{
    if ((mcause & 0x80000000u) != 0u) {
        return "interrupt";
    }
    switch (mcause) {
    case 0: return "instruction address misaligned";
    case 1: return "instruction access fault";
    case 2: return "illegal instruction";
    case 3: return "breakpoint";
    case 4: return "load address misaligned";
    case 5: return "load access fault";
    case 6: return "store address misaligned";
    case 7: return "store access fault";
    case 8: case 9: case 11: return "ecall";
    default: return "exception";
    }
}

void board_trap_report(uint32_t mcause, uint32_t mepc, uint32_t mtval)
{
    static volatile int reporting;

    if (reporting) {
        /* A trap inside the report (semihosting switched off: its ebreak
           traps too): exit without a word. */
        *(volatile uint32_t *)VIRT_TEST_FINISHER = ((uint32_t)BOARD_EXIT_FAULT << 16) | VIRT_TEST_FAIL;
        for (;;) {
        }
    }
    reporting = 1;
    board_puts("\nFAULT: ");
    board_puts(trap_name(mcause));
    board_puts(" (mcause ");
    board_put_hex32(mcause);
    board_puts(") pc=");
    board_put_hex32(mepc);
    board_puts(" mtval=");
    board_put_hex32(mtval);
    board_puts("\n");
    board_exit(BOARD_EXIT_FAULT);
}
