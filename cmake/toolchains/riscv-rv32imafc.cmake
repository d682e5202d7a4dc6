# Cross toolchain: RISC-V rv32imafc (single-precision FPU, hard-float ABI
# ilp32f), run under QEMU -M virt.
#
#   cmake -S <project> -B build-rv32imafc -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=<flatprop>/cmake/toolchains/riscv-rv32imafc.cmake
#
# Sets FLATPROP_BOARD_FAMILY (riscv), FLATPROP_BOARD (virt-rv32imafc) and
# FLATPROP_BOARD_STACK_SIZE (0x4000) for boards/CMakeLists.txt, and
# CMAKE_CROSSCOMPILING_EMULATOR so that add_test(NAME t COMMAND <firmware>)
# runs the ELF in QEMU and the test gets the program's exit status
# (semihosting console output goes to stdout).
set(FLATPROP_CPU_FLAGS "-march=rv32imafc -mabi=ilp32f")
set(FLATPROP_QEMU_CPU "rv32,d=off")
set(FLATPROP_BOARD virt-rv32imafc CACHE STRING "Board name (test suffix); QEMU -M virt")
set(FLATPROP_BOARD_STACK_SIZE 0x4000 CACHE STRING "Stack bytes reserved at the top of RAM")
include(${CMAKE_CURRENT_LIST_DIR}/riscv-common.cmake)
