/* Selftest (c): a load from an unmapped address must end the run with a
   FAULT report and a non-zero status instead of hanging.
   0x3F000000 is unmapped on mps2-an386, mps2-an500, microbit and mps3-an547
   (there the secure alias of 0x2F000000; 0x30000000 is its DTCM). (0xFFFFFFF0
   is not usable: on microbit QEMU maps 0xF0000000.. as an unimplemented
   device that reads as zero.) */
#include "board.h"

#define UNMAPPED_ADDRESS 0x3F000000u

int main(void)
{
    uint32_t v;

    board_puts("reading unmapped 0x3F000000\n");
    v = *(volatile uint32_t *)UNMAPPED_ADDRESS;
    board_puts("not reached: ");
    board_put_hex32(v);
    board_puts("\n");
    return 0;
}
