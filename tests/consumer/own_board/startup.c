/*
 * The user's own startup code for a Cortex-M4F: vector table, reset
 * handler (FPU on, .data copied, .bss zeroed), main()'s return value passed
 * to the host through semihosting, and the console. Written for QEMU's
 * mps2-an386; a real board would write a UART instead.
 */
#include <stdint.h>

#include "my_io.h"

extern uint32_t _my_data_load, _my_data_start, _my_data_end, _my_bss_start, _my_bss_end;
extern uint32_t _my_stack_top;
int main(void);
void my_reset(void);
static void my_fault(void);

static uint32_t semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static void my_exit(int code)
{
    uint32_t block[2];
    block[0] = 0x20026u; /* ADP_Stopped_ApplicationExit */
    block[1] = (uint32_t)code;
    semihost(0x20u, block); /* SYS_EXIT_EXTENDED */
    for (;;) {
    }
}

void my_puts(const char *s)
{
    semihost(0x04u, s); /* SYS_WRITE0 */
}

void my_put_hex(unsigned long v)
{
    char buf[11];
    int i;
    buf[0] = '0';
    buf[1] = 'x';
    for (i = 0; i < 8; i++) {
        buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xfu];
    }
    buf[10] = '\0';
    my_puts(buf);
}

static void my_fault(void)
{
    my_puts("fault\n");
    my_exit(1);
}

__attribute__((section(".my_vectors"), used))
static void (*const my_vectors[16])(void) = {
    (void (*)(void))&_my_stack_top, my_reset, my_fault, my_fault, my_fault, my_fault,
    my_fault, 0, 0, 0, 0, my_fault, my_fault, 0, my_fault, my_fault,
};

void my_reset(void)
{
    uint32_t *src = &_my_data_load;
    uint32_t *dst = &_my_data_start;
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20; /* CPACR: CP10, CP11 on */
    __asm__ volatile("dsb\n\tisb");
    while (dst < &_my_data_end) {
        *dst++ = *src++;
    }
    for (dst = &_my_bss_start; dst < &_my_bss_end;) {
        *dst++ = 0;
    }
    my_exit(main());
}
