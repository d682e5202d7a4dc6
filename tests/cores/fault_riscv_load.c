/* A load from an address where the virt machine has nothing (between the
   test finisher at 0x100000 and the CLINT at 0x2000000) is a load access
   fault: a report with mtval = the address, and BOARD_EXIT_FAULT (250). */
#include "board.h"

#define UNMAPPED_ADDRESS 0x00200000u

int main(void)
{
    uint32_t v;

    board_puts("reading unmapped 0x00200000\n");
    v = *(volatile uint32_t *)UNMAPPED_ADDRESS;
    board_puts("not reached: ");
    board_put_hex32(v);
    board_puts("\n");
    return 0;
}
