# Cross toolchain: Cortex-M7 (FPU with single and double precision, FPv5),
# run under QEMU -M mps2-an500.
#
#   cmake -S <project> -B build-m7 -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=<flatprop>/cmake/toolchains/cortex-m7.cmake
#
# Sets FLATPROP_BOARD (mps2-an500) and FLATPROP_BOARD_STACK_SIZE (0x4000) for
# boards/CMakeLists.txt, and CMAKE_CROSSCOMPILING_EMULATOR so that
# add_test(NAME t COMMAND <firmware target>) runs the ELF in QEMU and the test
# gets the program's exit status (semihosting console output goes to stdout).
# newlib's multilib for these flags is thumb/v7e-m+dp/hard.
set(FLATPROP_CPU_FLAGS "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard")
set(FLATPROP_BOARD mps2-an500 CACHE STRING "QEMU machine and linker script (boards/ld/<board>.ld)")
set(FLATPROP_BOARD_STACK_SIZE 0x4000 CACHE STRING "Stack bytes reserved at the top of RAM")
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
