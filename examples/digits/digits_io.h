/*
 * The output of examples/digits (also used by examples/digits_cnn and
 * examples/ecg): each train.c is one source for the host and the Cortex-M
 * firmware; only these functions differ (digits_io_host.c: stdio,
 * digits_io_board.c: the board's semihosting output).
 */
#ifndef DIGITS_IO_H
#define DIGITS_IO_H

/** \brief Write a string (no newline added). */
void io_puts(const char *s);

/** \brief Write an unsigned number in decimal, like printf("%u"). */
void io_uint(unsigned v);

/** \brief Write a float like printf("%.*g", digits, v). */
void io_float(float v, int digits);

/** \brief Write a 32-bit value as "0x" and 8 lowercase hex digits, like printf("0x%08x"). */
void io_hex(unsigned long v);

/**
 * \brief Mark the start and the end of one training step for an instruction
 *        counter: board_bench_begin() and board_bench_end() on the board
 *        (bench/qemu's insncount plugin counts between them), nothing on the host.
 */
void io_step_begin(void);
/** \brief See io_step_begin(). */
void io_step_end(void);

#endif
