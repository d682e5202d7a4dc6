# Run a firmware under QEMU with the cyclecount plugin and compare region
# cycles against an expectations file; for CTest via `cmake -P`.
#
#   cmake "-DEMULATOR=<CMAKE_CROSSCOMPILING_EMULATOR, ; as |>" -DELF=<fw.elf>
#         -DPLUGIN=<libcyclecount.so> "-DMODELS=<model=...|model=...>"
#         -DEXPECT=<file.expect> [-DBASE=2] [-DOUT=<plugin output file>]
#         -P check_cycles.cmake
#
# Each line of EXPECT is "REGION MODEL LOW HIGH what" ('#' starts a comment):
# the region's cycles under MODEL (the plugin's label) minus region BASE's
# must lie in [LOW, HIGH]. Prints every comparison; fails naming each miss.
cmake_minimum_required(VERSION 3.20)

foreach(var EMULATOR ELF PLUGIN MODELS EXPECT)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "check_cycles.cmake: -D${var}= is required")
    endif()
endforeach()
if(NOT DEFINED BASE)
    set(BASE 2)
endif()
if(NOT DEFINED OUT)
    set(OUT "${ELF}.cycles.txt")
endif()

string(REPLACE "|" ";" emulator "${EMULATOR}")
list(POP_BACK emulator last)
if(NOT last STREQUAL "-kernel")
    message(FATAL_ERROR "check_cycles.cmake: EMULATOR must end in -kernel, got '${EMULATOR}'")
endif()
string(REPLACE "|" "," models "${MODELS}")
list(APPEND emulator -plugin
    "${PLUGIN},start_sym=board_bench_begin,stop_sym=board_bench_end,${models},out=${OUT}"
    -kernel "${ELF}")
file(REMOVE "${OUT}")
execute_process(COMMAND ${emulator} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
    TIMEOUT 30)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "QEMU failed (${rc}):\n${out}${err}")
endif()
if(NOT EXISTS "${OUT}")
    message(FATAL_ERROR "the plugin wrote no ${OUT}:\n${out}${err}")
endif()
file(STRINGS "${OUT}" regions REGEX "^region [0-9]+ ")

# cycles(REGION MODEL) -> var, or "" when absent
function(region_cycles region model var)
    set(${var} "" PARENT_SCOPE)
    foreach(line IN LISTS regions)
        if(line MATCHES "^region ${region} " AND line MATCHES " ${model}=([0-9]+)")
            set(${var} ${CMAKE_MATCH_1} PARENT_SCOPE)
        endif()
    endforeach()
endfunction()

file(STRINGS "${EXPECT}" expectations)
set(failed "")
set(checked 0)
foreach(line IN LISTS expectations)
    if(line MATCHES "^[ \t]*(#|$)")
        continue()
    endif()
    if(NOT line MATCHES "^([0-9]+)[ \t]+([^ \t]+)[ \t]+([0-9]+)[ \t]+([0-9]+)[ \t]*(.*)$")
        message(FATAL_ERROR "${EXPECT}: cannot read '${line}'")
    endif()
    set(region ${CMAKE_MATCH_1})
    set(model ${CMAKE_MATCH_2})
    set(low ${CMAKE_MATCH_3})
    set(high ${CMAKE_MATCH_4})
    set(what "${CMAKE_MATCH_5}")
    region_cycles(${region} ${model} c)
    region_cycles(${BASE} ${model} c0)
    if(c STREQUAL "" OR c0 STREQUAL "")
        string(APPEND failed "\n  region ${region} ${model}: not in the plugin output")
        continue()
    endif()
    math(EXPR v "${c} - ${c0}")
    math(EXPR checked "${checked} + 1")
    if(v LESS low OR v GREATER high)
        set(verdict "MISS")
        string(APPEND failed "\n  region ${region} ${model}: ${v} cycles, expected ${low}..${high} (${what})")
    else()
        set(verdict "ok")
    endif()
    message("region ${region} ${model}: ${v} (expected ${low}..${high}) ${verdict}")
endforeach()
if(checked EQUAL 0)
    message(FATAL_ERROR "no expectation was checked")
endif()
if(failed)
    message(FATAL_ERROR "cycle model check failed:${failed}")
endif()
message("${checked} expectations met")
