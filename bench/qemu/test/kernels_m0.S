/* Small Cortex-M0 kernels for the cycle model (ARMv6-M: Thumb-1 plus BL),
 * each between board_bench_begin and board_bench_end, as kernels_m4.S.
 * Regions 1 and 2 are empty; the check subtracts region 2. The cycles follow
 * by hand from the Cortex-M0 TRM timings; kernels_m0.expect has the sums. */
    .syntax unified
    .thumb
    .cpu cortex-m0

    .data
    .balign 4
buf:
    .space 64

    .text
    .balign 4
    .thumb_func
    .type leaf0, %function
leaf0:
    bx lr
    .size leaf0, . - leaf0

    .macro begin
    .balign 4
    bl board_bench_begin
    .endm
    .macro end
    bl board_bench_end
    .endm

    .global cyc_kernels_m0
    .thumb_func
    .type cyc_kernels_m0, %function
cyc_kernels_m0:
    push {r4-r7, lr}
    ldr r1, =buf
    mov r7, r1
    adds r7, #32
    movs r5, #3
    movs r6, #7

    begin                       @ region 1: empty (the markers' first run)
    end

    begin                       @ region 2: empty again: the overhead the check subtracts
    end

    begin                       @ region 3: 16 x adds
    .rept 16
    adds r4, #1
    .endr
    end

    begin                       @ region 4: four loads (no pipelining on the M0)
    ldr r2, [r1]
    ldr r3, [r1, #4]
    ldr r4, [r1, #8]
    ldr r0, [r1, #12]
    end

    begin                       @ region 5: four stores
    str r0, [r1, #16]
    str r0, [r1, #20]
    str r0, [r1, #24]
    str r0, [r1, #28]
    end

    begin                       @ region 6: sum of 8 words, one per pass
    mov r0, r1
    movs r3, #8
1:  ldm r0!, {r2}
    adds r4, r2
    subs r3, #1
    bne 1b
    end

    begin                       @ region 7: call and return
    bl leaf0
    end

    begin                       @ region 8: push and pop
    push {r4-r7}
    pop {r4-r7}
    end

    begin                       @ region 9: a multiply
    muls r5, r6, r5
    end

    begin                       @ region 10: branch not taken, branch taken
    cmp r0, r0
    bne 1f
    b 2f
1:  nop
2:  nop
    end

    begin                       @ region 11: load and store multiple
    mov r0, r1
    ldm r0!, {r2-r5}
    mov r0, r7
    stm r0!, {r2-r5}
    end

    pop {r4-r7, pc}
    .ltorg
    .size cyc_kernels_m0, . - cyc_kernels_m0
