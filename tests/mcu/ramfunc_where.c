/*
 * Linked into the .ramfunc firmware (mcu_bits_ramfunc, mcu_training_ramfunc):
 * before main() runs, check that every generated function of the two
 * networks was linked into section .ramfunc, i.e. runs from RAM where
 * Reset_Handler copied it, and that .ramfunc lies in RAM. Prints nothing when
 * all is well, so the output stays the golden file's; otherwise names the
 * function and exits 1.
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "seed.h"
#include "xor.h"

extern uint32_t __ramfunc_start[], __ramfunc_end[], __ram_start[], __stack_top[];

struct where {
    const char *name;
    uintptr_t addr; /* Thumb: the address | 1 */
};

static void fail(const char *name, uintptr_t addr, const char *what)
{
    board_puts("ramfunc: ");
    board_puts(name);
    board_puts(" at ");
    board_put_hex32((uint32_t)addr);
    board_puts(what);
    board_exit(1);
}

__attribute__((constructor)) static void ramfunc_where(void)
{
    const uintptr_t lo = (uintptr_t)__ramfunc_start;
    const uintptr_t hi = (uintptr_t)__ramfunc_end;
    const struct where fns[] = {
        { "seed_init", (uintptr_t)&seed_init },
        { "seed_forward", (uintptr_t)&seed_forward },
        { "seed_loss", (uintptr_t)&seed_loss },
        { "seed_gradient", (uintptr_t)&seed_gradient },
        { "seed_backward", (uintptr_t)&seed_backward },
        { "seed_train_step", (uintptr_t)&seed_train_step },
        { "seed_save", (uintptr_t)&seed_save },
        { "xor_init", (uintptr_t)&xor_init },
        { "xor_forward", (uintptr_t)&xor_forward },
        { "xor_gradient", (uintptr_t)&xor_gradient },
        { "xor_train_step", (uintptr_t)&xor_train_step },
        { "xor_save", (uintptr_t)&xor_save },
        { "xor_load", (uintptr_t)&xor_load },
    };
    size_t i;

    if (lo < (uintptr_t)__ram_start || hi > (uintptr_t)__stack_top || hi <= lo) {
        fail(".ramfunc", lo, " is empty or not in RAM\n");
    }
    for (i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        uintptr_t a = fns[i].addr & ~(uintptr_t)1u;
        if (a < lo || a >= hi) {
            fail(fns[i].name, fns[i].addr, " is not in .ramfunc\n");
        }
    }
}
