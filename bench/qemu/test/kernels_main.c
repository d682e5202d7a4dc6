/* Runs the assembly kernels of the cycle-model check (kernels_m4.S or
 * kernels_m0.S) once; the plugin measures each marked region. */
#include "board.h"

void CYC_KERNELS(void);

int main(void)
{
    CYC_KERNELS();
    board_puts("kernels done\n");
    return 0;
}
