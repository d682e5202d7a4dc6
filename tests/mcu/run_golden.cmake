# Run a program (host executable, or QEMU with a firmware ELF) and check that
# it exits 0 and that its stdout equals a golden file byte for byte.
#
#   cmake -DCOMMAND=<cmd|arg|...> -DGOLDEN=<file> [-DRUN_TIMEOUT=<s>] -P run_golden.cmake
#
# A fault in firmware exits 250 (boards/), a stack overflow 251: both fail here.
cmake_minimum_required(VERSION 3.20)
foreach(var COMMAND GOLDEN)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "run_golden.cmake: -D${var}= is required")
    endif()
endforeach()
if(NOT DEFINED RUN_TIMEOUT)
    set(RUN_TIMEOUT 60)
endif()
string(REPLACE "|" ";" cmd "${COMMAND}")
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
    TIMEOUT ${RUN_TIMEOUT})
message("---- exit status ${rc}\n${out}${err}")
if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "expected exit status 0, got ${rc}")
endif()
file(READ "${GOLDEN}" want)
if(NOT out STREQUAL want)
    file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/golden_actual.txt" "${out}")
    message(FATAL_ERROR "output differs from ${GOLDEN}\n--- golden\n${want}--- got\n${out}")
endif()
message("output identical to ${GOLDEN}")
