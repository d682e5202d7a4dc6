/* On an AVR a call through a NULL function pointer jumps to the reset
   vector and would restart the program silently; the runner
   (boards/avr/simavr_run.c) reports it and exits with BOARD_EXIT_FAULT. */
#include "board.h"

typedef void (*action_fn)(void);

int main(void)
{
    action_fn volatile action = 0;

    board_puts("calling NULL\n");
    action();
    board_puts("not reached\n");
    return 0;
}
