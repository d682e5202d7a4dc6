# Board support for RISC-V firmware under QEMU virt (issue 15). Included by
# boards/CMakeLists.txt when the toolchain file (cmake/toolchains/riscv-*.cmake)
# sets FLATPROP_BOARD_FAMILY to riscv; flatprop_add_firmware() there is shared.
#
# The same API as the Cortex-M boards (include/board.h): output and exit
# through semihosting (common/semihost.c), formatting, stack painting and
# markers from common/, startup and traps from startup.c, the memory map in
# ld/virt.ld.
set(_flatprop_board_common ${CMAKE_CURRENT_LIST_DIR}/../common)
set(_flatprop_board_ld_dir ${CMAKE_CURRENT_LIST_DIR}/ld)

add_library(flatprop_board OBJECT
    ${CMAKE_CURRENT_LIST_DIR}/startup.c
    ${_flatprop_board_common}/semihost.c
    ${_flatprop_board_common}/format.c
    ${_flatprop_board_common}/stack.c
    ${_flatprop_board_common}/markers.c
)
add_library(flatprop::board ALIAS flatprop_board)
target_include_directories(flatprop_board PUBLIC ${CMAKE_CURRENT_LIST_DIR}/../include)
set_target_properties(flatprop_board PROPERTIES
    C_STANDARD 99
    C_STANDARD_REQUIRED ON
    C_EXTENSIONS OFF
)
target_compile_options(flatprop_board PRIVATE
    -Wall -Wextra -Wpedantic -Werror -Wdouble-promotion)
target_link_options(flatprop_board INTERFACE
    -L${_flatprop_board_ld_dir}
    -Tvirt.ld
    "LINKER:--defsym=__stack_size=$<IF:$<BOOL:$<TARGET_PROPERTY:FLATPROP_STACK_SIZE>>,$<TARGET_PROPERTY:FLATPROP_STACK_SIZE>,${FLATPROP_BOARD_STACK_SIZE}>"
)
# picolibc's libm and libc, libgcc for soft float and 64-bit division.
target_link_libraries(flatprop_board INTERFACE m c gcc)

set(FLATPROP_BOARD_LINKER_SCRIPTS ${_flatprop_board_ld_dir}/virt.ld
    CACHE INTERNAL "Linker scripts of the current board (link dependencies)")
set(FLATPROP_BOARD_RUN_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/../cmake/run_firmware.cmake
    CACHE INTERNAL "cmake -P script that runs a firmware in its emulator and checks the result")
