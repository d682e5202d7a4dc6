# Board support for AVR firmware under simavr (issue 15). Included by
# boards/CMakeLists.txt when the toolchain file (cmake/toolchains/avr-*.cmake)
# sets FLATPROP_BOARD_FAMILY to avr; flatprop_add_firmware() there is shared.
#
# The same API as the Cortex-M boards (include/board.h): console, exit and
# start-up hooks in board_avr.c (over avr-libc's start-up code and linker
# script), formatting, stack painting and markers from common/. The
# runner, flatprop_simavr_run (simavr_run.c), is a host program built here
# with the host compiler against libsimavr; the toolchain file names it as
# CMAKE_CROSSCOMPILING_EMULATOR.
set(_flatprop_board_common ${CMAKE_CURRENT_LIST_DIR}/../common)
foreach(var FLATPROP_AVR_MCU FLATPROP_AVR_FLASH FLATPROP_AVR_RAM_START FLATPROP_AVR_RAM_SIZE)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "boards/avr: ${var} is not set; configure with "
            "-DCMAKE_TOOLCHAIN_FILE=<flatprop>/cmake/toolchains/avr-atmega2560.cmake "
            "(or avr-atmega328p.cmake)")
    endif()
endforeach()

add_library(flatprop_board OBJECT
    ${CMAKE_CURRENT_LIST_DIR}/board_avr.c
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
# avr-libc's linker script takes the sizes of its memory regions from these
# symbols: .text must fit the flash, .data + .bss the RAM below the stack
# ("region `data' overflowed" otherwise). The stack is the top __stack_size
# bytes of RAM; avr-libc sets SP to RAMEND = __stack_top - 1.
set(_flatprop_avr_stack
    "$<IF:$<BOOL:$<TARGET_PROPERTY:FLATPROP_STACK_SIZE>>,$<TARGET_PROPERTY:FLATPROP_STACK_SIZE>,${FLATPROP_BOARD_STACK_SIZE}>")
math(EXPR _flatprop_avr_ram_end "${FLATPROP_AVR_RAM_START} + ${FLATPROP_AVR_RAM_SIZE}" OUTPUT_FORMAT HEXADECIMAL)
target_link_options(flatprop_board INTERFACE
    "LINKER:--defsym=__stack_size=${_flatprop_avr_stack}"
    "LINKER:--defsym=__TEXT_REGION_LENGTH__=${FLATPROP_AVR_FLASH}"
    "LINKER:--defsym=__DATA_REGION_ORIGIN__=0x800000+${FLATPROP_AVR_RAM_START}"
    "LINKER:--defsym=__DATA_REGION_LENGTH__=${FLATPROP_AVR_RAM_SIZE}-__stack_size"
    "LINKER:--defsym=__stack_top=${_flatprop_avr_ram_end}"
    "LINKER:--defsym=__stack_limit=__stack_top-__stack_size"
)
# avr-libc's libm first: its float routines (__addsf3, __mulsf3, ...) are the
# ones to link, not libgcc's generic ones.
target_link_libraries(flatprop_board INTERFACE m c gcc)

set(FLATPROP_BOARD_LINKER_SCRIPTS ""
    CACHE INTERNAL "Linker scripts of the current board (avr-libc's own)")
set(FLATPROP_BOARD_RUN_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/../cmake/run_firmware.cmake
    CACHE INTERNAL "cmake -P script that runs a firmware in its emulator and checks the result")

# The runner, for CTest (CMAKE_CROSSCOMPILING_EMULATOR of the toolchain file).
find_program(FLATPROP_HOST_CC NAMES cc gcc clang)
if(FLATPROP_HOST_CC AND FLATPROP_SIMAVR_HEADER)
    get_filename_component(_flatprop_simavr_inc "${FLATPROP_SIMAVR_HEADER}" DIRECTORY)
    set(_flatprop_runner ${CMAKE_BINARY_DIR}/flatprop_simavr_run)
    add_custom_command(OUTPUT ${_flatprop_runner}
        COMMAND ${FLATPROP_HOST_CC} -O2 -std=c99 -Wall -Wextra -Werror
            -I${_flatprop_simavr_inc} -o ${_flatprop_runner}
            ${CMAKE_CURRENT_LIST_DIR}/simavr_run.c -lsimavr
        DEPENDS ${CMAKE_CURRENT_LIST_DIR}/simavr_run.c
        COMMENT "Building flatprop_simavr_run with the host compiler"
        VERBATIM)
    add_custom_target(flatprop_simavr_runner ALL DEPENDS ${_flatprop_runner})
else()
    message(WARNING "boards/avr: no host C compiler or no libsimavr-dev (sim_avr.h): "
        "the firmware is built but cannot run under simavr")
endif()
