# Cross toolchain: Cortex-M55 (Armv8.1-M: Helium/MVE with floating point,
# FPU with single and double precision), run under QEMU -M mps3-an547.
#
#   cmake -S <project> -B build-m55 -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=<flatprop>/cmake/toolchains/cortex-m55.cmake
#
# Sets FLATPROP_BOARD (mps3-an547) and FLATPROP_BOARD_STACK_SIZE (0x4000) for
# boards/CMakeLists.txt, and CMAKE_CROSSCOMPILING_EMULATOR so that
# add_test(NAME t COMMAND <firmware target>) runs the ELF in QEMU and the test
# gets the program's exit status (semihosting console output goes to stdout).
# -mcpu=cortex-m55 alone (the FPU is -mfpu=auto) turns on MVE with floating
# point (__ARM_FEATURE_MVE 3) and the double-precision FPU; gcc 12 picks
# newlib's thumb/v8-m.main+dp/hard multilib for it (libc without MVE code).
set(FLATPROP_CPU_FLAGS "-mcpu=cortex-m55 -mthumb -mfloat-abi=hard")
set(FLATPROP_BOARD mps3-an547 CACHE STRING "QEMU machine and linker script (boards/ld/<board>.ld)")
set(FLATPROP_BOARD_STACK_SIZE 0x4000 CACHE STRING "Stack bytes reserved at the top of RAM")
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
