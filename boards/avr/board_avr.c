/* Console, exit and start-up hooks for the AVR boards (ATmega328P and
 * ATmega2560 under simavr, through flatprop_simavr_run: simavr_run.c).
 *
 * avr-libc's start-up code sets the stack pointer to RAMEND, copies .data,
 * clears .bss, calls main() and then exit() with its return value. This file
 * adds:
 *   - board_paint_stack() in .init3 (after the stack pointer is set, before
 *     main): paints the stack for board_stack_used();
 *   - exit(): checks the lowest stack word (BOARD_EXIT_STACK_OVERFLOW when
 *     it lost its paint) and ends the run with the status (board_exit());
 *   - the console and the exit status: bytes written to GPIOR1 and GPIOR2,
 *     which the runner turns into stdout and its exit status (on a real part
 *     they are plain registers and nothing happens);
 *   - __vector_default: any interrupt (none is ever enabled) is a FAULT.
 * A jump to address 0 (a NULL function pointer, a return through a damaged
 * stack) would restart the program silently on an AVR; the runner reports
 * it as a FAULT.
 *
 * The stack limits come from the link (boards/avr/board.cmake):
 * __stack_top = RAMEND + 1 and __stack_limit = __stack_top - __stack_size. */
#include "board.h"

/* Data-space addresses of GPIOR1 and GPIOR2 on the ATmega328P and 2560. */
#define BOARD_CONSOLE (*(volatile uint8_t *)0x4Au)
#define BOARD_EXIT_STATUS (*(volatile uint8_t *)0x4Bu)

extern uint32_t __stack_limit[], __stack_top[];

void exit(int status) __attribute__((noreturn));
void __vector_default(void) __attribute__((signal, used, externally_visible));

void board_puts(const char *s)
{
    if (s == NULL) {
        return;
    }
    while (*s != '\0') {
        BOARD_CONSOLE = (uint8_t)*s++;
    }
}

void board_write(const char *buf, size_t n)
{
    size_t i;

    if (buf == NULL) {
        return;
    }
    for (i = 0; i < n; i++) {
        BOARD_CONSOLE = (uint8_t)buf[i];
    }
}

void board_exit(int code)
{
    BOARD_EXIT_STATUS = (uint8_t)code;
    /* not reached under the runner; on a real part, stop here */
    __asm__ volatile("cli");
    for (;;) {
        __asm__ volatile("sleep");
    }
}

/* Called by avr-libc's start-up code with main()'s return value (and by any
   call of exit()). */
void exit(int status)
{
    if (*(volatile uint32_t *)__stack_limit != BOARD_STACK_PAINT) {
        board_puts("\nSTACK OVERFLOW: more than __stack_size = ");
        board_put_u32((uint32_t)board_stack_size());
        board_puts(" bytes of stack used; raise FLATPROP_BOARD_STACK_SIZE\n");
        board_exit(BOARD_EXIT_STACK_OVERFLOW);
    }
    board_exit(status);
}

/* Paint from __stack_limit up to 16 bytes below the stack pointer, byte by
   byte (0xA5 bytes make BOARD_STACK_PAINT words). In .init3 nothing may use
   the stack or the zero register's neighbours, so it is all assembly. */
static void board_paint_stack(void) __attribute__((naked, used, section(".init3")));
static void board_paint_stack(void)
{
    __asm__ volatile(
        "ldi r30, lo8(__stack_limit)\n\t"
        "ldi r31, hi8(__stack_limit)\n\t"
        "in r26, __SP_L__\n\t"
        "in r27, __SP_H__\n\t"
        "sbiw r26, 16\n\t"
        "ldi r24, 0xA5\n\t"
        "1:\n\t"
        "cp r30, r26\n\t"
        "cpc r31, r27\n\t"
        "brsh 2f\n\t"
        "st Z+, r24\n\t"
        "rjmp 1b\n\t"
        "2:\n\t");
}

void __vector_default(void)
{
    board_puts("\nFAULT: unexpected interrupt\n");
    board_exit(BOARD_EXIT_FAULT);
}
