/*
 * The output of the portable test programs in tests/mcu: the same program
 * source runs on the host (mcu_io_host.c, stdio) and as Cortex-M firmware
 * under QEMU (mcu_io_board.c, semihosting), so both print the same bytes and
 * a test compares both against one golden file. Only the two functions below
 * differ between host and target; everything else is shared code.
 */
#ifndef FLATPROP_MCU_IO_H
#define FLATPROP_MCU_IO_H

#include <stddef.h>
#include <stdint.h>

/** \brief Write a string (no newline added). */
void io_puts(const char *s);

/** \brief Write "0x" and 8 lowercase hex digits. */
void io_hex32(uint32_t v);

/** \brief Write a float like printf("%.9g") (for human reading only). */
void io_float(float v);

/** \brief One line: label, then each value's IEEE-754 bits and its %.9g text. */
void io_floats(const char *label, const float *v, size_t n);

/** \brief One line: label, then each word in hex. */
void io_words(const char *label, const uint32_t *v, size_t n);

/** \brief The bits of a float. */
uint32_t io_bits(float v);

#endif
