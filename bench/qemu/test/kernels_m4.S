/* Small Cortex-M4F kernels for the cycle model, each between
 * board_bench_begin and board_bench_end. Regions 1 and 2 are empty; the
 * check subtracts region 2, whose marker code is already cached. Every
 * kernel's cycle count follows by hand from the Cortex-M4 TRM timings the
 * model uses; kernels_m4.expect lists them with the sums. Each kernel starts word-aligned right after the call to
 * board_bench_begin (the .balign 4 before each call makes the return land
 * on a word, so no kernel pays the extra refill cycle of an unaligned
 * 32-bit branch target that the empty region does not pay). */
    .syntax unified
    .thumb
    .cpu cortex-m4
    .fpu fpv4-sp-d16

    .data
    .balign 16
buf:
    .space 256
self:
    .word 0

    .text
    .balign 16
.Llit1:                         @ region 17's literals, one flash line (before the code:
    .word 0x12345678            @ vldr reaches 1020 bytes, the kernels after it are longer)
.Llit2:
    .word 0x3f800000
    .thumb_func
    .type leaf, %function
leaf:
    bx lr
    .size leaf, . - leaf

    .macro begin
    .balign 4
    bl board_bench_begin
    .endm
    .macro end
    bl board_bench_end
    .endm

    .global cyc_kernels_m4
    .thumb_func
    .type cyc_kernels_m4, %function
cyc_kernels_m4:
    push {r4-r11, lr}
    vpush {d8-d9}
    ldr r1, =buf
    ldr r6, =self
    str r6, [r6]
    mov r0, r1
    movs r2, #3

    begin                       @ region 1: empty (the markers' first run: cold caches)
    end

    begin                       @ region 2: empty again: the overhead the check subtracts
    end

    begin                       @ region 3: 16 x adds (16-bit ALU)
    .rept 16
    adds r4, #1
    .endr
    end

    begin                       @ region 4: 16 x add.w (32-bit ALU)
    .rept 16
    add.w r4, r4, #1
    .endr
    end

    begin                       @ region 5: four independent loads pipeline
    ldr r2, [r1]
    ldr r3, [r1, #4]
    ldr r4, [r1, #8]
    ldr r5, [r1, #12]
    end

    begin                       @ region 6: a load whose address is the last load's result
    ldr r2, [r6]
    ldr r3, [r2]
    end

    begin                       @ region 7: four immediate-offset stores
    str r0, [r1, #16]
    str r0, [r1, #20]
    str r0, [r1, #24]
    str r0, [r1, #28]
    end

    begin                       @ region 8: load, store, load, store
    ldr r2, [r1]
    str r2, [r1, #16]
    ldr r3, [r1, #4]
    str r3, [r1, #20]
    end

    begin                       @ region 9: dot product of 16, one element per pass
    mov r0, r1
    add.w r7, r1, #64
    vsub.f32 s0, s0, s0
    movs r3, #16
1:  vldmia r0!, {s1}
    vldmia r7!, {s2}
    subs r3, #1
    vmla.f32 s0, s1, s2
    bne 1b
    end

    begin                       @ region 10: dot product of 16, four elements per pass
    mov r0, r1
    add.w r7, r1, #64
    vsub.f32 s0, s0, s0
    movs r3, #4
1:  vldmia r0!, {s4-s7}
    vldmia r7!, {s8-s11}
    vmla.f32 s0, s4, s8
    vmla.f32 s0, s5, s9
    vmla.f32 s0, s6, s10
    vmla.f32 s0, s7, s11
    subs r3, #1
    bne 1b
    end

    begin                       @ region 11: dot product of 8, straight-line (generated style)
    vldr s1, [r1]
    vldr s2, [r1, #64]
    vmul.f32 s0, s1, s2
    .irp k, 4, 8, 12, 16, 20, 24, 28
    vldr s1, [r1, #\k]
    vldr s2, [r1, #64 + \k]
    vmla.f32 s0, s1, s2
    .endr
    end

    begin                       @ region 12: branch not taken, branch taken
    cmp r0, r0
    bne 1f
    b 2f
1:  nop
2:  nop
    end

    begin                       @ region 13: call and return
    bl leaf
    end

    begin                       @ region 14: push, pop, vpush, vpop
    push {r4-r7}
    pop {r4-r7}
    vpush {d8-d9}
    vpop {d8-d9}
    end

    begin                       @ region 15: vdiv, vsqrt, sdiv
    vdiv.f32 s0, s1, s2
    vsqrt.f32 s0, s1
    sdiv r4, r5, r2
    end

    begin                       @ region 16: IT blocks: a load that is skipped, one that is not
    cmp r0, r0
    it ne
    ldrne r2, [r1]
    it eq
    ldreq r3, [r1]
    end

    begin                       @ region 17: literal loads (integer, then FP)
    ldr r4, .Llit1
    vldr s3, .Llit2
    end

    begin                       @ region 18: 256 x add.w straight-line (1 KiB, 64 flash lines)
    .rept 256
    add.w r4, r4, #1
    .endr
    end

    begin                       @ region 19: a loop of 32 x add.w (8 lines), 10 passes
    mov.w r3, #10
1:
    .rept 32
    add.w r4, r4, #1
    .endr
    subs r3, #1
    bne 1b
    end

    begin                       @ region 20: a loop of 320 x add.w (80 lines), 3 passes
    mov.w r3, #3
1:
    .rept 320
    add.w r4, r4, #1
    .endr
    subs r3, #1
    bne 1b
    end

    vpop {d8-d9}
    pop {r4-r11, pc}
    .ltorg
    .size cyc_kernels_m4, . - cyc_kernels_m4
