# Shared part of the RISC-V toolchain files; include it after setting
# FLATPROP_CPU_FLAGS, FLATPROP_QEMU_CPU, FLATPROP_BOARD and
# FLATPROP_BOARD_STACK_SIZE.
#
# Debian's riscv64-unknown-elf-gcc builds rv32 code too (multilibs
# rv32imac/ilp32 and rv32imafc/ilp32f); picolibc-riscv64-unknown-elf is the C
# library (-specs=picolibc.specs), libgcc the soft-float helpers. Firmware
# runs under qemu-system-riscv32 -M virt (Debian qemu-system-misc) with
# semihosting for the console and the exit status (boards/riscv/).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
# The compiler checks cannot link a program without startup code and a
# linker script, so let them build a static library instead.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Board support from boards/riscv/ (boards/CMakeLists.txt dispatches on this).
set(FLATPROP_BOARD_FAMILY riscv)

# -ffp-contract=off: the F extension has fused multiply-adds (fmadd.s), which
# GCC would use for a*b+c; two roundings keep the host's bits.
set(CMAKE_C_FLAGS_INIT
    "${FLATPROP_CPU_FLAGS} -specs=picolibc.specs -ffunction-sections -fdata-sections -ffp-contract=off")
set(CMAKE_ASM_FLAGS_INIT "${FLATPROP_CPU_FLAGS}")
# CMake links through the compiler driver with CMAKE_C_FLAGS, so the CPU
# flags and the picolibc specs reach the link already.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostartfiles -Wl,--gc-sections")
set(CMAKE_EXECUTABLE_SUFFIX_C .elf)
set(CMAKE_EXECUTABLE_SUFFIX .elf)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

find_program(CMAKE_SIZE riscv64-unknown-elf-size)
find_program(FLATPROP_QEMU_SYSTEM_RISCV32 qemu-system-riscv32)
if(FLATPROP_QEMU_SYSTEM_RISCV32)
    # -bios none: no OpenSBI, the CPU starts in M-mode at 0x80000000, where
    # the firmware is linked. -cpu switches off the extensions the core does
    # not have, so a stray FPU instruction traps. Semihosting console to
    # stdout (chardev=); -kernel must be last because CTest appends the ELF.
    set(CMAKE_CROSSCOMPILING_EMULATOR
        ${FLATPROP_QEMU_SYSTEM_RISCV32} -M virt -cpu ${FLATPROP_QEMU_CPU} -bios none -display none
        -chardev stdio,id=sh0 -semihosting-config enable=on,target=native,chardev=sh0
        -kernel)
endif()
