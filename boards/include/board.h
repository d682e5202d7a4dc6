/**
 * \file board.h
 * \brief Board support for running flatprop programs bare-metal under QEMU
 *        (Cortex-M4F on mps2-an386, Cortex-M0 on microbit, Cortex-M7 on
 *        mps2-an500, Cortex-M55 on mps3-an547).
 *
 * Board code only: generated networks never include this header. Output goes
 * through ARM semihosting (QEMU must run with -semihosting-config enable=on),
 * so no UART driver and no C library stdio are needed. Every function here
 * works on every core and uses no heap.
 *
 * The startup code (startup.c) enables the FPU when the build has one,
 * copies the code of section .ramfunc to RAM, initialises .data and .bss, paints the stack, runs main() and passes its
 * return value to board_exit(). A fault prints "FAULT ..." and exits with
 * BOARD_EXIT_FAULT; a stack that outgrew its size is reported when main()
 * returns ("STACK OVERFLOW", BOARD_EXIT_STACK_OVERFLOW).
 */
#ifndef FLATPROP_BOARD_H
#define FLATPROP_BOARD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** \brief Host exit status after a fault or an unexpected interrupt. */
#define BOARD_EXIT_FAULT 250

/**
 * \brief Host exit status when main() returned but the stack had grown past
 *        __stack_size (the lowest stack word lost its paint).
 */
#define BOARD_EXIT_STACK_OVERFLOW 251

/** \brief Word the startup code paints the unused stack with. */
#define BOARD_STACK_PAINT 0xA5A5A5A5u

/* ------------------------------------------------------------------------ */
/* Output and exit (semihosting)                                             */
/* ------------------------------------------------------------------------ */

/**
 * \brief Write a NUL-terminated string to the host console (SYS_WRITE0).
 * \param[in] s string to write; NULL writes nothing. No newline is added.
 */
void board_puts(const char *s);

/**
 * \brief Write \p n bytes to the host console; NUL bytes are written too.
 * \param[in] buf bytes to write; NULL writes nothing.
 * \param[in] n   number of bytes.
 */
void board_write(const char *buf, size_t n);

/**
 * \brief End the program: QEMU exits with host status \p code (SYS_EXIT_EXTENDED).
 *
 * The host sees code & 0xFF, as with exit(3). Never returns.
 * \param[in] code exit status; 0 means success.
 */
void board_exit(int code) __attribute__((noreturn));

/* ------------------------------------------------------------------------ */
/* Number formatting without printf                                          */
/* ------------------------------------------------------------------------ */

/** \brief Print \p v in decimal, like printf("%lu"). */
void board_put_u32(uint32_t v);

/** \brief Print \p v in signed decimal, like printf("%ld"). */
void board_put_i32(int32_t v);

/** \brief Print \p v as "0x" and exactly 8 lowercase hex digits, like printf("0x%08lx"). */
void board_put_hex32(uint32_t v);

/**
 * \brief Print the bits of a float as board_put_hex32() does (for exact comparisons).
 * \param[in] v value whose IEEE-754 single-precision bits are printed.
 */
void board_put_float_bits(float v);

/**
 * \brief Print \p v like printf("%.*g", digits, v), for human reading.
 *
 * Uses only integer arithmetic; the digits are those of the exact binary value
 * rounded to \p digits significant digits (correct except, rarely, for exact
 * decimal ties). Prints "nan", "inf", "-inf", "-0" like glibc.
 * \param[in] v      value to print.
 * \param[in] digits significant digits, clamped to 1..9 (0 means 1, like %g).
 */
void board_put_float(float v, int digits);

/* ------------------------------------------------------------------------ */
/* Stack measurement                                                         */
/* ------------------------------------------------------------------------ */

/**
 * \brief High-water mark of the stack in bytes, from its top to the deepest
 *        word that no longer holds BOARD_STACK_PAINT.
 *
 * The startup code paints from the stack limit to just below its own frame,
 * so the value includes the startup frame and a margin of 16 bytes.
 * \return bytes of stack used so far (at most board_stack_size()).
 */
size_t board_stack_used(void);

/** \brief Size of the stack region in bytes (the linker's __stack_size). */
size_t board_stack_size(void);

/**
 * \brief Repaint the stack below the caller's frame, so that a later
 *        board_stack_used() measures only what runs after this call.
 * \return the stack in use at the call, in bytes (the new floor of board_stack_used()).
 */
size_t board_stack_repaint(void);

/* ------------------------------------------------------------------------ */
/* Benchmark markers (bench/qemu/insncount plugin)                           */
/* ------------------------------------------------------------------------ */

/**
 * \brief Start of a measured region. The instruction-count plugin
 *        (start_sym=board_bench_begin) counts from the entry of this function.
 */
void board_bench_begin(void);

/**
 * \brief End of a measured region (stop_sym=board_bench_end). The entry of this
 *        function is not counted; an empty region costs a few instructions
 *        (measure it and subtract).
 */
void board_bench_end(void);

#ifdef __cplusplus
}
#endif

#endif /* FLATPROP_BOARD_H */
