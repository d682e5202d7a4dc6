# Cross toolchain: AVR ATmega2560 (an Arduino Mega: 256 KiB flash, 8 KiB
# RAM, no FPU), avr-gcc and avr-libc, run under simavr.
#
#   cmake -S <project> -B build-atmega2560 -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=<flatprop>/cmake/toolchains/avr-atmega2560.cmake
#
# Sets FLATPROP_BOARD_FAMILY (avr), FLATPROP_BOARD (atmega2560) and
# FLATPROP_BOARD_STACK_SIZE (0x800) for boards/CMakeLists.txt, and
# CMAKE_CROSSCOMPILING_EMULATOR (flatprop_simavr_run) so that
# add_test(NAME t COMMAND <firmware>) runs the ELF in simavr and the test
# gets the program's exit status and console output.
set(FLATPROP_AVR_MCU atmega2560)
set(FLATPROP_AVR_FLASH 256K)
set(FLATPROP_AVR_RAM_START 0x200)
set(FLATPROP_AVR_RAM_SIZE 0x2000)
set(FLATPROP_BOARD_STACK_SIZE 0x800 CACHE STRING "Stack bytes reserved at the top of RAM")
include(${CMAKE_CURRENT_LIST_DIR}/avr-common.cmake)
