# Cross toolchain: Cortex-M0 (no FPU, soft float), run under QEMU -M microbit
# (nRF51: 256 KiB flash, 16 KiB RAM).
#
#   cmake -S <project> -B build-m0 -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=<flatprop>/cmake/toolchains/cortex-m0.cmake
#
# Sets FLATPROP_BOARD (microbit) and FLATPROP_BOARD_STACK_SIZE (0x800) for
# boards/CMakeLists.txt, and CMAKE_CROSSCOMPILING_EMULATOR so that
# add_test(NAME t COMMAND <firmware target>) runs the ELF in QEMU and the test
# gets the program's exit status (semihosting console output goes to stdout).
set(FLATPROP_CPU_FLAGS "-mcpu=cortex-m0 -mthumb -mfloat-abi=soft")
set(FLATPROP_BOARD microbit CACHE STRING "QEMU machine and linker script (boards/ld/<board>.ld)")
set(FLATPROP_BOARD_STACK_SIZE 0x800 CACHE STRING "Stack bytes reserved at the top of RAM")
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
