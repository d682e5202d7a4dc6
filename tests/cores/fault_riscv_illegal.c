/* A fault on RISC-V ends the run with a report and BOARD_EXIT_FAULT (250)
   instead of hanging: 0x00000000 is an illegal instruction. */
#include "board.h"

int main(void)
{
    board_puts("executing 0x00000000\n");
    __asm__ volatile(".word 0");
    board_puts("not reached\n");
    return 0;
}
