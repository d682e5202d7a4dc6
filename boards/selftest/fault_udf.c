/* Selftest (c): an undefined instruction must end the run with a FAULT report
   and a non-zero status instead of hanging. */
#include "board.h"

int main(void)
{
    board_puts("executing udf\n");
    __asm__ volatile("udf #0");
    board_puts("not reached\n");
    return 0;
}
