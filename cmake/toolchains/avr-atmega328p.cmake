# Cross toolchain: AVR ATmega328P (an Arduino Uno: 32 KiB flash, 2 KiB RAM,
# no FPU), avr-gcc and avr-libc, run under simavr.
#
#   cmake -S <project> -B build-atmega328p -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=<flatprop>/cmake/toolchains/avr-atmega328p.cmake
#
# Sets FLATPROP_BOARD_FAMILY (avr), FLATPROP_BOARD (atmega328p) and
# FLATPROP_BOARD_STACK_SIZE (0x300) for boards/CMakeLists.txt, and
# CMAKE_CROSSCOMPILING_EMULATOR (flatprop_simavr_run) so that
# add_test(NAME t COMMAND <firmware>) runs the ELF in simavr and the test
# gets the program's exit status and console output.
set(FLATPROP_AVR_MCU atmega328p)
set(FLATPROP_AVR_FLASH 32K)
set(FLATPROP_AVR_RAM_START 0x100)
set(FLATPROP_AVR_RAM_SIZE 0x800)
set(FLATPROP_BOARD_STACK_SIZE 0x300 CACHE STRING "Stack bytes reserved at the top of RAM")
include(${CMAKE_CURRENT_LIST_DIR}/avr-common.cmake)
