# Cross toolchain: RISC-V rv32imac (no FPU, soft float; the class of the
# ESP32-C3 and the GD32VF103), run under QEMU -M virt.
#
#   cmake -S <project> -B build-rv32imac -G Ninja \
#         -DCMAKE_TOOLCHAIN_FILE=<flatprop>/cmake/toolchains/riscv-rv32imac.cmake
#
# Sets FLATPROP_BOARD_FAMILY (riscv), FLATPROP_BOARD (virt-rv32imac) and
# FLATPROP_BOARD_STACK_SIZE (0x4000) for boards/CMakeLists.txt, and
# CMAKE_CROSSCOMPILING_EMULATOR so that add_test(NAME t COMMAND <firmware>)
# runs the ELF in QEMU and the test gets the program's exit status
# (semihosting console output goes to stdout).
set(FLATPROP_CPU_FLAGS "-march=rv32imac -mabi=ilp32")
set(FLATPROP_QEMU_CPU "rv32,f=off,d=off")
set(FLATPROP_BOARD virt-rv32imac CACHE STRING "Board name (test suffix); QEMU -M virt")
set(FLATPROP_BOARD_STACK_SIZE 0x4000 CACHE STRING "Stack bytes reserved at the top of RAM")
include(${CMAKE_CURRENT_LIST_DIR}/riscv-common.cmake)
