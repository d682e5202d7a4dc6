/*
 * Cost of one generated network on a Cortex-M core under QEMU, for the
 * report (bench/mcu/report.sh). Built once per network with
 * -DNET=<name> -DNET_UPPER=<NAME> -DNET_HEADER="<name>.h".
 *
 * Three regions between board_bench_begin() and board_bench_end(), counted
 * by the insncount QEMU plugin: an empty one (the marker overhead), one
 * forward() and one train_step(). The plugin reports min (empty), max
 * (train_step) and sum, so forward = sum - min - max. Before train_step the
 * stack is repainted; afterwards the deepest changed word, minus the
 * caller's own depth, is the stack train_step really used (including the
 * soft-float helpers of libgcc, which have no .su file). Every generated
 * function is called once, so --gc-sections keeps them all for nm -S.
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "flatprop.h"
#include NET_HEADER

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define FN(suffix) CAT(NET, suffix)
#define STR2(a) #a
#define STR(a) STR2(a)
#define N_PARAMS CAT(NET_UPPER, _N_PARAMS)
#define N_INPUTS CAT(NET_UPPER, _N_INPUTS)
#define N_OUTPUTS CAT(NET_UPPER, _N_OUTPUTS)

extern uint32_t __stack_limit[], __stack_top[];

static float params[N_PARAMS];
static float grad[N_PARAMS];
static float x[N_INPUTS], t[N_OUTPUTS], y[N_OUTPUTS], dx[N_INPUTS];

static inline uintptr_t current_sp(void)
{
    uintptr_t sp;
#if defined(__riscv) /* issue 15 */
    __asm__ volatile("mv %0, sp" : "=r"(sp));
#elif defined(__AVR__)
    /* SP is the next free byte: the lowest byte in use is SP + 1, and the
       painting below works in words, so round down to one. */
    __asm__ volatile("in %A0, __SP_L__\n\tin %B0, __SP_H__" : "=r"(sp));
    sp = (sp + 1u) & ~(uintptr_t)3u;
#else
    __asm__ volatile("mov %0, sp" : "=r"(sp));
#endif
    return sp;
}

int main(void)
{
    flatprop_rng_t rng;
    float loss;
    size_t used, depth;
    int i;

    /* A fixed sample and a fixed starting point, the same on every core. */
    FN(_init)(params, 1U);
    flatprop_rng_seed(&rng, 2024U, 99U);
    flatprop_uniform_f(&rng, x, N_INPUTS, 1.0f);
    flatprop_uniform_f(&rng, t, N_OUTPUTS, 1.0f);
    for (i = 0; i < 3; i++) { /* a few steps, so biases are not all zero */
        (void)FN(_train_step)(params, x, t, 0.01f);
    }
    flatprop_zero_f(grad, N_PARAMS);
    (void)FN(_gradient)(params, x, t, grad);
    FN(_backward)(params, x, t, grad, dx);

    board_bench_begin();
    board_bench_end();

    board_bench_begin();
    FN(_forward)(params, x, y);
    board_bench_end();
    loss = FN(_loss)(y, t);

    /* Paint right here, up to this frame's SP (AAPCS has no red zone and
       nothing interrupts us): board_stack_repaint() would leave its own
       frame and a margin unpainted, too coarse for the smallest networks. */
    {
        volatile uint32_t *p = __stack_limit;
        const uintptr_t sp = current_sp();
        while ((uintptr_t)p < sp) {
            *p++ = BOARD_STACK_PAINT;
        }
        depth = (size_t)((uintptr_t)__stack_top - sp);
    }
    board_bench_begin();
    loss = FN(_train_step)(params, x, t, 0.01f);
    board_bench_end();
    used = board_stack_used();

    board_puts("net=" STR(NET));
    board_puts(" loss_bits=");
    board_put_float_bits(loss);
    board_puts(" n_params=");
    board_put_u32((uint32_t)N_PARAMS);
    board_puts(" train_step_stack_painted=");
    board_put_u32((uint32_t)(used > depth ? used - depth : 0));
    board_puts(" stack_used_total=");
    board_put_u32((uint32_t)used);
    board_puts("\n");
    return 0;
}
