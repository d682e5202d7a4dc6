/* Selftest (e): using more stack than __stack_size must not pass silently:
   the startup code sees the lowest stack word overwritten when main returns
   and exits with BOARD_EXIT_STACK_OVERFLOW. The array is 64 bytes larger than
   the whole stack; it runs into the free RAM below the stack (.bss is tiny). */
#include "board.h"

__attribute__((noinline)) static uint32_t too_deep(size_t n)
{
    volatile uint8_t buf[n];
    uint32_t sum = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        buf[i] = (uint8_t)i;
    }
    for (i = 0; i < n; i++) {
        sum += buf[i];
    }
    return sum;
}

int main(void)
{
    uint32_t sum = too_deep(board_stack_size() + 64u);

    board_puts("sum=");
    board_put_u32(sum);
    board_puts("\n");
    return 0;
}
