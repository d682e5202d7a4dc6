/* Stack high-water mark from the paint that startup.c lays down. */
#include "board.h"

extern uint32_t __stack_limit[];
extern uint32_t __stack_top[];

/* Bytes below the current SP that board_stack_repaint() leaves alone. AAPCS
   has no red zone, so this is only a safety margin for the painting loop. */
#define REPAINT_MARGIN 16u

size_t board_stack_used(void)
{
    const volatile uint32_t *p = __stack_limit;

    while (p < __stack_top && *p == BOARD_STACK_PAINT) {
        p++;
    }
    return (size_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

size_t board_stack_size(void)
{
    return (size_t)((uintptr_t)__stack_top - (uintptr_t)__stack_limit);
}

size_t board_stack_repaint(void)
{
    uintptr_t sp;
    volatile uint32_t *p = __stack_limit;
    uint32_t *end;

#if defined(__riscv) /* issue 15: boards/riscv, boards/avr */
    __asm__ volatile("mv %0, sp" : "=r"(sp));
#elif defined(__AVR__)
    __asm__ volatile("in %A0, __SP_L__\n\tin %B0, __SP_H__" : "=r"(sp));
#else
    __asm__ volatile("mov %0, sp" : "=r"(sp));
#endif
    end = (uint32_t *)((sp - REPAINT_MARGIN) & ~(uintptr_t)3u);
    while (p < end) {
        *p++ = BOARD_STACK_PAINT;
    }
    return (size_t)((uintptr_t)__stack_top - (uintptr_t)end);
}
