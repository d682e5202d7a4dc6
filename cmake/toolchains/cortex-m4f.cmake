# Cross toolchain: Cortex-M4F (single-precision FPU), run under QEMU -M mps2-an386.
#
#   cmake -S <project> -B build-m4f -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=<flatprop>/cmake/toolchains/cortex-m4f.cmake
#
# Sets FLATPROP_BOARD (mps2-an386) and FLATPROP_BOARD_STACK_SIZE (0x4000) for
# boards/CMakeLists.txt, and CMAKE_CROSSCOMPILING_EMULATOR so that
# add_test(NAME t COMMAND <firmware target>) runs the ELF in QEMU and the test
# gets the program's exit status (semihosting console output goes to stdout).
set(FLATPROP_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
set(FLATPROP_BOARD mps2-an386 CACHE STRING "QEMU machine and linker script (boards/ld/<board>.ld)")
set(FLATPROP_BOARD_STACK_SIZE 0x4000 CACHE STRING "Stack bytes reserved at the top of RAM")
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)
