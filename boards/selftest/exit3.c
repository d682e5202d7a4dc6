/* Selftest (b): main's return value becomes QEMU's exit status. */
#include "board.h"

int main(void)
{
    board_puts("returning 3\n");
    return 3;
}
