/* Benchmark markers for the instruction-count plugin (bench/qemu/insncount.c).
 *
 * Kept in their own translation unit and noinline so that calls to them stay
 * real calls at every optimisation level, and given different bodies so that
 * identical-code folding cannot merge them into one address. */
#include "board.h"

volatile uint32_t board_bench_marker;

__attribute__((noinline)) void board_bench_begin(void)
{
    board_bench_marker = 1u;
}

__attribute__((noinline)) void board_bench_end(void)
{
    board_bench_marker = 2u;
}
