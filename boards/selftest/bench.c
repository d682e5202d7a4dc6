/* Selftest (f): three identical measured regions for the insncount plugin. */
#include "board.h"

#define REGIONS 3
#define LOOPS 100

volatile uint32_t bench_sink;

int main(void)
{
    int r;
    int i;

    for (r = 0; r < REGIONS; r++) {
        board_bench_begin();
        for (i = 0; i < LOOPS; i++) {
            bench_sink += (uint32_t)i;
        }
        board_bench_end();
    }
    board_puts("bench done\n");
    return 0;
}
