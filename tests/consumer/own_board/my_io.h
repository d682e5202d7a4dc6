/* The console of the user's board: ARM semihosting here (a UART on a real
 * part). */
#ifndef MY_IO_H
#define MY_IO_H
void my_puts(const char *s);
void my_put_hex(unsigned long v);
/* the output of flatprop's generated check program (NAME_check.c) */
#define FLATPROP_CHECK_PUTS(s) my_puts(s)
#endif
