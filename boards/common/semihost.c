/* Console output and exit through ARM semihosting (QEMU -semihosting-config). */
#include "board.h"
#include "semihost.h"

void board_puts(const char *s)
{
    if (s != NULL && *s != '\0') {
        (void)semihost_call(SEMIHOST_SYS_WRITE0, s);
    }
}

void board_write(const char *buf, size_t n)
{
    /* SYS_WRITE needs a handle opened with SYS_OPEN(":tt"), whose output QEMU
       sends elsewhere than the console calls; so copy into NUL-terminated
       chunks for SYS_WRITE0 and send NUL bytes one by one with SYS_WRITEC. */
    char chunk[33];
    size_t fill = 0;
    size_t i;

    if (buf == NULL) {
        return;
    }
    for (i = 0; i < n; i++) {
        if (buf[i] == '\0') {
            chunk[fill] = '\0';
            board_puts(chunk);
            fill = 0;
            (void)semihost_call(SEMIHOST_SYS_WRITEC, &buf[i]);
            continue;
        }
        chunk[fill++] = buf[i];
        if (fill == sizeof chunk - 1) {
            chunk[fill] = '\0';
            board_puts(chunk);
            fill = 0;
        }
    }
    chunk[fill] = '\0';
    board_puts(chunk);
}

void board_exit(int code)
{
    /* SYS_EXIT_EXTENDED {reason, status}: QEMU exits with the status. Plain
       SYS_EXIT on T32 can only say success or failure. */
    uint32_t block[2];

    block[0] = SEMIHOST_ADP_STOPPED_APPLICATION_EXIT;
    block[1] = (uint32_t)code;
    (void)semihost_call(SEMIHOST_SYS_EXIT_EXTENDED, block);
    for (;;) {
        /* not reached under QEMU; a debugger without semihosting stops here */
    }
}
