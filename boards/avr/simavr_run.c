/* flatprop_simavr_run: run an AVR firmware ELF under simavr (libsimavr) the
 * way QEMU runs the Arm and RISC-V firmware: console text on stdout, the
 * firmware's exit status as the process's, and exact counts between two
 * marker functions. A host program, built with the host compiler.
 *
 *   flatprop_simavr_run --mcu atmega2560 [--freq 16000000]
 *       [--count start_sym=board_bench_begin,stop_sym=board_bench_end,out=FILE]
 *       [--max-cycles N] [--report-stack] FIRMWARE.elf
 *
 * The firmware's side (boards/avr/board_avr.c):
 *   - a byte written to GPIOR1 (data address 0x4a) is a console byte;
 *   - a byte written to GPIOR2 (0x4b) ends the run with that exit status.
 * Both registers exist at these addresses on the ATmega328P and ATmega2560
 * and do nothing on real hardware.
 *
 * A run also ends, with status 250 (BOARD_EXIT_FAULT) and a "FAULT:" line,
 * when simavr reports a crash or an error (invalid opcode, a write outside
 * RAM), when the program jumps back to address 0 (on an AVR, a call
 * through a NULL function pointer or a return through a smashed stack
 * restarts the program silently), or when it stops in an endless loop or
 * sleeps with interrupts off without having written its status. After
 * --max-cycles (default 2^34, about 18 minutes of a 16 MHz part) it ends
 * with status 124, like timeout(1). --report-stack prints the deepest stack
 * the program used (RAMEND minus the lowest stack pointer seen after the
 * start-up code set it) on stderr when the run ends.
 *
 * --count writes, in the format of bench/qemu/insncount.c plus cycles:
 *   insns_total=N
 *   region_count=C region_min=A region_max=B region_sum=S
 *   cycles_total=N
 *   cycles_region_min=A cycles_region_max=B cycles_region_sum=S
 * A region runs from the entry of the start function (counted) to the entry
 * of the stop function (not counted). simavr executes one instruction per
 * avr_run() call and counts every cycle, so both counts are exact.
 */
#define _POSIX_C_SOURCE 200809L
#include <elf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sim_avr.h>
#include <sim_elf.h>

#define CONSOLE_ADDR 0x4a /* GPIOR1 */
#define EXIT_ADDR 0x4b    /* GPIOR2 */
#define EXIT_FAULT 250
#define EXIT_TIMEOUT 124

static int finished;
static int exit_status;
static int simavr_error;

static void console_write(avr_t *avr, avr_io_addr_t addr, uint8_t v, void *param)
{
    (void)param;
    avr->data[addr] = v;
    putchar(v);
}

static void exit_write(avr_t *avr, avr_io_addr_t addr, uint8_t v, void *param)
{
    (void)param;
    avr->data[addr] = v;
    if (!finished) {
        finished = 1;
        exit_status = v;
    }
}

/* simavr's messages go to stderr; an error or a crash fails the run. */
static void logger(avr_t *avr, const int level, const char *format, va_list ap)
{
    (void)avr;
    if (level > LOG_WARNING) {
        return;
    }
    if (level <= LOG_ERROR) {
        simavr_error = 1;
    }
    fputs("simavr: ", stderr);
    vfprintf(stderr, format, ap);
}

/* The value of a symbol in the ELF's .symtab, or -1. */
static long find_symbol(const char *path, const char *name)
{
    FILE *f = fopen(path, "rb");
    Elf32_Ehdr eh;
    Elf32_Shdr *sh = NULL;
    long result = -1;
    unsigned i;

    if (f == NULL) {
        return -1;
    }
    if (fread(&eh, sizeof eh, 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
        eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_shentsize != sizeof(Elf32_Shdr)) {
        goto done;
    }
    sh = calloc(eh.e_shnum, sizeof *sh);
    if (sh == NULL || fseek(f, (long)eh.e_shoff, SEEK_SET) != 0 ||
        fread(sh, sizeof *sh, eh.e_shnum, f) != eh.e_shnum) {
        goto done;
    }
    for (i = 0; i < eh.e_shnum && result < 0; i++) {
        const Elf32_Shdr *strtab;
        char *names;
        unsigned n, k;
        if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh.e_shnum) {
            continue;
        }
        strtab = &sh[sh[i].sh_link];
        names = malloc(strtab->sh_size + 1);
        if (names == NULL || fseek(f, (long)strtab->sh_offset, SEEK_SET) != 0 ||
            fread(names, 1, strtab->sh_size, f) != strtab->sh_size) {
            free(names);
            goto done;
        }
        names[strtab->sh_size] = '\0';
        n = sh[i].sh_size / sizeof(Elf32_Sym);
        for (k = 0; k < n; k++) {
            Elf32_Sym sym;
            if (fseek(f, (long)(sh[i].sh_offset + k * sizeof sym), SEEK_SET) != 0 ||
                fread(&sym, sizeof sym, 1, f) != 1) {
                break;
            }
            if (sym.st_name < strtab->sh_size && strcmp(names + sym.st_name, name) == 0 &&
                ELF32_ST_TYPE(sym.st_info) == STT_FUNC) {
                result = (long)sym.st_value;
                break;
            }
        }
        free(names);
    }
done:
    free(sh);
    fclose(f);
    return result;
}

/* "key=value" from a comma-separated list, copied into out (or NULL). */
static char *option_value(const char *list, const char *key)
{
    const size_t klen = strlen(key);
    const char *p = list;
    while (p != NULL && *p != '\0') {
        const char *end = strchr(p, ',');
        const size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
            char *v = malloc(len - klen);
            if (v == NULL) {
                return NULL;
            }
            memcpy(v, p + klen + 1, len - klen - 1);
            v[len - klen - 1] = '\0';
            return v;
        }
        p = end != NULL ? end + 1 : NULL;
    }
    return NULL;
}

static void usage(void)
{
    fputs("usage: flatprop_simavr_run --mcu NAME [--freq HZ] "
          "[--count start_sym=A,stop_sym=B,out=FILE] [--max-cycles N] [--report-stack] "
          "FIRMWARE.elf\n",
          stderr);
}

int main(int argc, char **argv)
{
    const char *mcu = NULL;
    const char *count = NULL;
    const char *elf = NULL;
    unsigned long freq = 16000000ul;
    uint64_t max_cycles = (uint64_t)1 << 34;
    static elf_firmware_t fw; /* static: zeroed, and off the host stack */
    avr_t *avr;
    char *start_sym = NULL, *stop_sym = NULL, *out_path = NULL;
    long start_pc = -2, stop_pc = -2;
    uint64_t insns = 0, insn_t0 = 0, cyc_t0 = 0;
    uint64_t regions = 0, rmin = UINT64_MAX, rmax = 0, rsum = 0;
    uint64_t cmin = UINT64_MAX, cmax = 0, csum = 0;
    int in_region = 0, report_stack = 0, status, i;
    unsigned sp_top = 0, sp_min = 0;
    avr_flashaddr_t last_pc;
    int saved_stdout;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--mcu") == 0 && i + 1 < argc) {
            mcu = argv[++i];
        } else if (strcmp(argv[i], "--freq") == 0 && i + 1 < argc) {
            freq = strtoul(argv[++i], NULL, 0);
        } else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc) {
            count = argv[++i];
        } else if (strcmp(argv[i], "--max-cycles") == 0 && i + 1 < argc) {
            max_cycles = strtoull(argv[++i], NULL, 0);
        } else if (strcmp(argv[i], "--report-stack") == 0) {
            report_stack = 1;
        } else if (argv[i][0] == '-') {
            usage();
            return 2;
        } else if (elf == NULL) {
            elf = argv[i];
        } else {
            usage();
            return 2;
        }
    }
    if (mcu == NULL || elf == NULL) {
        usage();
        return 2;
    }
    if (count != NULL) {
        start_sym = option_value(count, "start_sym");
        stop_sym = option_value(count, "stop_sym");
        out_path = option_value(count, "out");
        if (start_sym == NULL || stop_sym == NULL || out_path == NULL) {
            fprintf(stderr, "flatprop_simavr_run: --count needs start_sym=, stop_sym= and out=\n");
            return 2;
        }
        start_pc = find_symbol(elf, start_sym);
        stop_pc = find_symbol(elf, stop_sym);
        if (start_pc < 0 || stop_pc < 0) {
            fprintf(stderr, "flatprop_simavr_run: %s has no function %s or %s\n", elf, start_sym,
                    stop_sym);
            return 2;
        }
    }

    avr_global_logger_set(logger);
    /* The ELF loader prints "Loaded ..." on stdout: keep stdout for the
       firmware's own output. */
    fflush(stdout);
    saved_stdout = dup(STDOUT_FILENO);
    if (saved_stdout < 0 || freopen("/dev/null", "w", stdout) == NULL) {
        fprintf(stderr, "flatprop_simavr_run: cannot redirect stdout\n");
        return 2;
    }
    status = elf_read_firmware(elf, &fw);
    fflush(stdout);
    if (dup2(saved_stdout, STDOUT_FILENO) < 0) {
        return 2;
    }
    close(saved_stdout);
    if (status != 0) {
        fprintf(stderr, "flatprop_simavr_run: cannot read %s\n", elf);
        return 2;
    }
    avr = avr_make_mcu_by_name(mcu);
    if (avr == NULL) {
        fprintf(stderr, "flatprop_simavr_run: simavr does not know the MCU '%s'\n", mcu);
        return 2;
    }
    avr_init(avr);
    avr->frequency = (uint32_t)freq;
    fw.console_register_addr = 0; /* ours, below */
    fw.command_register_addr = 0;
    avr_load_firmware(avr, &fw);
    avr_register_io_write(avr, CONSOLE_ADDR, console_write, NULL);
    avr_register_io_write(avr, EXIT_ADDR, exit_write, NULL);

    last_pc = avr->pc;
    for (;;) {
        const avr_flashaddr_t pc = avr->pc;
        int state;
        if ((long)pc == start_pc && !in_region) {
            in_region = 1;
            insn_t0 = insns;
            cyc_t0 = avr->cycle;
        } else if ((long)pc == stop_pc && in_region) {
            const uint64_t d = insns - insn_t0, c = avr->cycle - cyc_t0;
            in_region = 0;
            regions++;
            rsum += d;
            csum += c;
            rmin = d < rmin ? d : rmin;
            rmax = d > rmax ? d : rmax;
            cmin = c < cmin ? c : cmin;
            cmax = c > cmax ? c : cmax;
        }
        if (pc == 0 && insns > 0) {
            printf("\nFAULT: jump to address 0 (a NULL function pointer, or a return "
                   "through a damaged stack) after pc=0x%05" PRIx32 "\n", (uint32_t)last_pc);
            exit_status = EXIT_FAULT;
            break;
        }
        last_pc = pc;
        state = avr_run(avr);
        insns++;
        if (report_stack) {
            const unsigned sp = avr->data[R_SPL] | (unsigned)avr->data[R_SPH] << 8;
            if (sp_top == 0) {
                if (sp == avr->ramend) { /* the start-up code has set SP */
                    sp_top = sp_min = sp;
                }
            } else if (sp < sp_min) {
                sp_min = sp;
            }
        }
        if (finished) {
            break;
        }
        if (simavr_error || state == cpu_Crashed || state == cpu_Done) {
            printf("\nFAULT: simavr stopped the program (%s) at pc=0x%05" PRIx32 "\n",
                   simavr_error ? "an error, see above" : state == cpu_Crashed ? "crashed"
                                                                                : "sleep with interrupts off",
                   (uint32_t)pc);
            exit_status = EXIT_FAULT;
            break;
        }
        if (avr->pc == pc && !avr->sreg[S_I]) {
            printf("\nFAULT: endless loop with interrupts off at pc=0x%05" PRIx32
                   " without an exit status\n", (uint32_t)pc);
            exit_status = EXIT_FAULT;
            break;
        }
        if (avr->cycle > max_cycles) {
            printf("\nTIMEOUT: more than %" PRIu64 " cycles\n", max_cycles);
            exit_status = EXIT_TIMEOUT;
            break;
        }
    }
    fflush(stdout);
    if (report_stack) {
        fprintf(stderr, "flatprop_simavr_run: deepest stack %u bytes (lowest SP 0x%04x)\n",
                sp_top - sp_min, sp_min);
    }
    if (out_path != NULL) {
        FILE *f = fopen(out_path, "w");
        if (f == NULL) {
            fprintf(stderr, "flatprop_simavr_run: cannot write %s\n", out_path);
            return 2;
        }
        if (regions == 0) {
            rmin = cmin = 0;
        }
        fprintf(f, "insns_total=%" PRIu64 "\nregion_count=%" PRIu64 " region_min=%" PRIu64
                   " region_max=%" PRIu64 " region_sum=%" PRIu64 "\n",
                insns, regions, rmin, rmax, rsum);
        fprintf(f, "cycles_total=%" PRIu64 "\ncycles_region_min=%" PRIu64
                   " cycles_region_max=%" PRIu64 " cycles_region_sum=%" PRIu64 "\n",
                (uint64_t)avr->cycle, cmin, cmax, csum);
        fclose(f);
    }
    avr_terminate(avr);
    free(start_sym);
    free(stop_sym);
    free(out_path);
    return exit_status;
}
