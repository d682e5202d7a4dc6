/* Reset and fault handling for the Cortex-M boards (M0, M4F, M7 and M55).
 *
 * Reset_Handler: enable the FPU (if the build uses one), copy .ramfunc (code
 * that runs from RAM) and .data, zero .bss, run the init arrays, paint the
 * stack for board_stack_used(), call main() and exit through semihosting with
 * its return value (or with BOARD_EXIT_STACK_OVERFLOW if the stack grew past
 * its limit). Every fault and unexpected interrupt prints "FAULT ..." and
 * exits with BOARD_EXIT_FAULT, so a crash fails a test instead of hanging.
 * Symbols come from ld/sections.ld. */
#include "board.h"

extern uint32_t __ramfunc_load[], __ramfunc_start[], __ramfunc_end[];
extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];
extern uint32_t __stack_limit[], __stack_top[];
extern uint32_t __ram_start[];
typedef void (*board_init_fn)(void);
extern board_init_fn __preinit_array_start[], __preinit_array_end[];
extern board_init_fn __init_array_start[], __init_array_end[];

int main(void);
void Reset_Handler(void) __attribute__((noreturn));
void Fault_Handler(void) __attribute__((naked, noreturn));
void board_fault_report(const uint32_t *frame, uint32_t exc_return) __attribute__((noreturn));

/* Bytes left unpainted below the SP at reset. AAPCS has no red zone, so this
   is only a safety margin; it shows up in board_stack_used(). */
#define PAINT_MARGIN 16u

/* The vector table: the initial MSP, then the handlers for exception numbers
   1..15 and 32 external interrupts. Nothing here enables interrupts; the IRQ
   slots only make a stray one report instead of jumping through whatever
   follows the table. A struct keeps the data pointer and the function
   pointers apart without casts that ISO C forbids. */
#define BOARD_N_IRQ 32
#define F4 Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler
struct board_vectors {
    uint32_t *initial_sp;
    void (*handler[15 + BOARD_N_IRQ])(void);
};
__attribute__((section(".vectors"), used))
const struct board_vectors board_vector_table = {
    __stack_top,
    {
        Reset_Handler, /* 1 */
        Fault_Handler, /* 2 NMI */
        Fault_Handler, /* 3 HardFault */
        Fault_Handler, /* 4 MemManage (v7-M) */
        Fault_Handler, /* 5 BusFault (v7-M) */
        Fault_Handler, /* 6 UsageFault (v7-M) */
        0, 0, 0, 0,    /* 7-10 reserved */
        Fault_Handler, /* 11 SVCall */
        Fault_Handler, /* 12 DebugMonitor (v7-M) */
        0,             /* 13 reserved */
        Fault_Handler, /* 14 PendSV */
        Fault_Handler, /* 15 SysTick */
        F4, F4, F4, F4, F4, F4, F4, F4, /* IRQ 0-31 */
    },
};
#undef F4

void Reset_Handler(void)
{
    uint32_t *src;
    uint32_t *dst;
    board_init_fn *fn;
    uintptr_t sp;

#if defined(__ARM_FP)
    /* CPACR: full access to CP10 and CP11. Without it the first VFP
       instruction raises a NOCP UsageFault. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    /* Code of section .ramfunc to RAM, then the barriers that make the
       instruction side see what the data side wrote. */
    for (src = __ramfunc_load, dst = __ramfunc_start; dst < __ramfunc_end;) {
        *dst++ = *src++;
    }
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    for (src = __data_load, dst = __data_start; dst < __data_end;) {
        *dst++ = *src++;
    }
    for (dst = __bss_start; dst < __bss_end;) {
        *dst++ = 0u;
    }

    /* Paint from the stack limit up to a margin below our own frame. The
       volatile pointer stops GCC from turning the loop into a memset call. */
    __asm__ volatile("mov %0, sp" : "=r"(sp));
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
           (the free gap, then .bss), which nothing traps on a Cortex-M0. */
        if (*(volatile uint32_t *)__stack_limit != BOARD_STACK_PAINT) {
            board_puts("\nSTACK OVERFLOW: more than __stack_size = ");
            board_put_u32((uint32_t)board_stack_size());
            board_puts(" bytes of stack used; raise FLATPROP_BOARD_STACK_SIZE\n");
            board_exit(BOARD_EXIT_STACK_OVERFLOW);
        }
        board_exit(status);
    }
}

/* Pass the exception stack frame and EXC_RETURN to C. Naked, so that nothing
   is pushed first: MSP still points at the hardware-stacked frame. Only MSP is
   ever used (no RTOS), so the frame is always there. */
void Fault_Handler(void)
{
    __asm__ volatile(
        "mrs r0, msp\n\t"
        "mov r1, lr\n\t"
        "bl board_fault_report\n\t");
}

static const char *exception_name(uint32_t n)
{
    switch (n) {
    case 2: return "NMI";
    case 3: return "HardFault";
    case 4: return "MemManage";
    case 5: return "BusFault";
    case 6: return "UsageFault";
    case 11: return "SVCall";
    case 12: return "DebugMonitor";
    case 14: return "PendSV";
    case 15: return "SysTick";
    default: return n >= 16u ? "IRQ" : "reserved";
    }
}

void board_fault_report(const uint32_t *frame, uint32_t exc_return)
{
    uint32_t ipsr;
    uintptr_t f = (uintptr_t)frame;

    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    ipsr &= 0x1FFu;
    board_puts("\nFAULT: ");
    board_puts(exception_name(ipsr));
    board_puts(" (exception ");
    board_put_u32(ipsr);
    board_puts(")");
    /* Read the stacked PC only if the frame lies in RAM; a fault while
       stacking (stack overflow off the bottom of RAM) leaves MSP elsewhere. */
    if (f >= (uintptr_t)__ram_start && f + 32u <= (uintptr_t)__stack_top && (f & 3u) == 0u) {
        board_puts(" pc=");
        board_put_hex32(frame[6]);
        board_puts(" lr=");
        board_put_hex32(frame[5]);
    }
    board_puts(" exc_return=");
    board_put_hex32(exc_return);
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__)
    board_puts(" cfsr=");
    board_put_hex32(*(volatile uint32_t *)0xE000ED28u);
    board_puts(" hfsr=");
    board_put_hex32(*(volatile uint32_t *)0xE000ED2Cu);
#endif
    board_puts("\n");
    board_exit(BOARD_EXIT_FAULT);
}
