# Shared part of the AVR toolchain files; include it after setting
# FLATPROP_AVR_MCU, FLATPROP_AVR_FLASH, FLATPROP_AVR_RAM_START,
# FLATPROP_AVR_RAM_SIZE and FLATPROP_BOARD_STACK_SIZE.
#
# Debian's gcc-avr (avr-gcc 5.4) with avr-libc: avr-libc's start-up code and
# default linker script, its float routines (libm) and libgcc. Firmware runs
# under simavr through flatprop_simavr_run (boards/avr/simavr_run.c, built
# with the host compiler against Debian's libsimavr-dev).
#
# avr-gcc's double is the 32-bit float: flatprop_add_network(... TYPE double)
# stops at configure time and the runtime has no double functions here
# (FLATPROP_HAS_DOUBLE in flatprop.h).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR avr)
set(CMAKE_C_COMPILER avr-gcc)
set(CMAKE_ASM_COMPILER avr-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Board support from boards/avr/ (boards/CMakeLists.txt dispatches on this).
set(FLATPROP_BOARD_FAMILY avr)
set(FLATPROP_BOARD ${FLATPROP_AVR_MCU} CACHE STRING "Board name (test suffix); simavr --mcu")

set(CMAKE_C_FLAGS_INIT "-mmcu=${FLATPROP_AVR_MCU} -ffunction-sections -fdata-sections -ffp-contract=off")
set(CMAKE_ASM_FLAGS_INIT "-mmcu=${FLATPROP_AVR_MCU}")
# The memory of the part: avr-libc's linker script checks .text against
# the flash and .data + .bss against the RAM below the stack (boards/avr).
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections")
set(CMAKE_EXECUTABLE_SUFFIX_C .elf)
set(CMAKE_EXECUTABLE_SUFFIX .elf)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

find_program(CMAKE_SIZE avr-size)
# The runner is built by boards/avr/board.cmake into the build folder; it
# needs libsimavr-dev (header sim_avr.h). CTest appends the ELF path.
find_file(FLATPROP_SIMAVR_HEADER sim_avr.h PATHS /usr/include/simavr /usr/local/include/simavr
    NO_CMAKE_FIND_ROOT_PATH)
if(FLATPROP_SIMAVR_HEADER)
    set(CMAKE_CROSSCOMPILING_EMULATOR
        ${CMAKE_BINARY_DIR}/flatprop_simavr_run --mcu ${FLATPROP_AVR_MCU} --freq 16000000)
endif()
