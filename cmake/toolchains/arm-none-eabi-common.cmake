# Shared part of the Cortex-M toolchain files; include it after setting
# FLATPROP_CPU_FLAGS, FLATPROP_BOARD and FLATPROP_BOARD_STACK_SIZE.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
# The compiler checks cannot link a program without startup code and a
# linker script, so let them build a static library instead.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# newlib-nano (smaller memcpy & co; libm is the same). -ffp-contract=off keeps
# a*b+c as two roundings, so results match the host bit for bit.
set(CMAKE_C_FLAGS_INIT
    "${FLATPROP_CPU_FLAGS} -specs=nano.specs -ffunction-sections -fdata-sections -ffp-contract=off")
set(CMAKE_ASM_FLAGS_INIT "${FLATPROP_CPU_FLAGS}")
# CMake links through the compiler driver with CMAKE_C_FLAGS on the command
# line, so the CPU flags and -specs reach the link already (and a second
# -specs=nano.specs is an error).
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostartfiles -Wl,--gc-sections")
set(CMAKE_EXECUTABLE_SUFFIX_C .elf)
set(CMAKE_EXECUTABLE_SUFFIX .elf)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

find_program(CMAKE_SIZE arm-none-eabi-size)
find_program(FLATPROP_QEMU_SYSTEM_ARM qemu-system-arm)
if(FLATPROP_QEMU_SYSTEM_ARM)
    # Semihosting console to stdout (chardev=), no display; -kernel must be
    # last because CTest appends the ELF path right after the emulator.
    set(CMAKE_CROSSCOMPILING_EMULATOR
        ${FLATPROP_QEMU_SYSTEM_ARM} -M ${FLATPROP_BOARD} -display none
        -chardev stdio,id=sh0 -semihosting-config enable=on,target=native,chardev=sh0
        -kernel)
endif()
