# Disassemble firmware ELFs and check the Thumb decoder against the
# mnemonics (test_cycles --objdump); for CTest via `cmake -P`.
#
#   cmake -DOBJDUMP=<arm-none-eabi-objdump> -DCHECKER=<test_cycles>
#         "-DELVES=<a.elf|b.elf>" -DWORK=<dir> [-DOBJDUMP_FLAGS=-marmv8.1-m.main]
#         -P check_decode.cmake
cmake_minimum_required(VERSION 3.20)

foreach(var OBJDUMP CHECKER ELVES WORK)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "check_decode.cmake: -D${var}= is required")
    endif()
endforeach()
string(REPLACE "|" ";" elves "${ELVES}")
file(MAKE_DIRECTORY "${WORK}")
foreach(elf IN LISTS elves)
    get_filename_component(name "${elf}" NAME_WE)
    set(listing "${WORK}/${name}.dis")
    set(flags "")
    if(DEFINED OBJDUMP_FLAGS AND NOT OBJDUMP_FLAGS STREQUAL "")
        set(flags "${OBJDUMP_FLAGS}")
    endif()
    execute_process(COMMAND "${OBJDUMP}" -d ${flags} "${elf}" OUTPUT_FILE "${listing}"
        RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${OBJDUMP} -d ${elf} failed: ${rc}")
    endif()
    execute_process(COMMAND "${CHECKER}" --objdump "${listing}" RESULT_VARIABLE rc
        OUTPUT_VARIABLE out ERROR_VARIABLE out)
    message("${out}")
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "the decoder disagrees with objdump on ${elf}")
    endif()
endforeach()
