/*
 * The output of examples/digits: train.c is one source for the host and the
 * Cortex-M firmware; only these three functions differ (digits_io_host.c:
 * stdio, digits_io_board.c: the board's semihosting output).
 */
#ifndef DIGITS_IO_H
#define DIGITS_IO_H

/** \brief Write a string (no newline added). */
void io_puts(const char *s);

/** \brief Write an unsigned number in decimal, like printf("%u"). */
void io_uint(unsigned v);

/** \brief Write a float like printf("%.*g", digits, v). */
void io_float(float v, int digits);

#endif
