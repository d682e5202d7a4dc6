/* Selftest (e): the painted-stack high-water mark moves by at least the frame
   of a function with a 512-byte local array, and stays inside the stack. */
#include "board.h"

#define FRAME 512

__attribute__((noinline)) static uint32_t deep(uint32_t seed)
{
    volatile uint8_t buf[FRAME];
    uint32_t sum = 0;
    int i;

    for (i = 0; i < FRAME; i++) {
        buf[i] = (uint8_t)(seed + (uint32_t)i);
    }
    for (i = 0; i < FRAME; i++) {
        sum += buf[i];
    }
    return sum;
}

static void report(const char *what, size_t v)
{
    board_puts(what);
    board_put_u32((uint32_t)v);
    board_puts("\n");
}

int main(void)
{
    size_t size = board_stack_size();
    size_t before = board_stack_used();
    size_t after;
    size_t floor;
    size_t again;
    uint32_t sum = deep(7u);

    after = board_stack_used();
    floor = board_stack_repaint();
    again = board_stack_used();
    report("stack_size=", size);
    report("stack_used_before=", before);
    report("stack_used=", after);
    report("stack_floor_after_repaint=", floor);
    report("stack_used_after_repaint=", again);
    report("sum=", sum);
    /* before can include up to 16 bytes of the paint margin that main's own
       frame would have used anyway, hence FRAME - 16. */
    if (before == 0 || before > 256 || after < before + FRAME - 16 || after > size ||
        floor < 16 || again < floor || again >= after) {
        board_puts("stack numbers implausible\n");
        return 1;
    }
    board_puts("stack ok\n");
    return 0;
}
