# Run the fine-tuning (host program, or QEMU with the firmware), turn the
# blob it printed into a file and write it back as ONNX:
#
#   cmake -DCOMMAND=<cmd|arg|...> -DLUA=<lua> -DGENERATOR=<flatprop.lua>
#         -DDESC=<digits_onnx.lua> -DWORK=<dir> [-DRUN_TIMEOUT=<s>] -P run.cmake
#
# Leaves WORK/log.txt (the program's output), WORK/trained.blob and
# WORK/fine_tuned.onnx (`flatprop --write-onnx`) for eval.py. Fails on any
# exit status but 0 (the program's own checks, a fault, a stack overflow).
cmake_minimum_required(VERSION 3.20)
foreach(var COMMAND LUA GENERATOR DESC WORK)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "run.cmake: -D${var}= is required")
    endif()
endforeach()
if(NOT DEFINED RUN_TIMEOUT)
    set(RUN_TIMEOUT 60)
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
string(REPLACE "|" ";" cmd "${COMMAND}")
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
    TIMEOUT ${RUN_TIMEOUT})
file(WRITE "${WORK}/log.txt" "${out}")
string(REGEX REPLACE "(^|\n)blob [0-9a-f]*" "" shown "${out}")
string(REGEX REPLACE "\n+" "\n" shown "${shown}")
message("---- exit status ${rc}\n${shown}${err}")
if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "expected exit status 0, got ${rc}")
endif()
get_filename_component(here "${CMAKE_CURRENT_LIST_FILE}" DIRECTORY)
execute_process(COMMAND "${LUA}" "${here}/blob_from_log.lua" "${WORK}/log.txt" "${WORK}/trained.blob"
    RESULT_VARIABLE rc)
if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "no blob in the output")
endif()
file(SIZE "${WORK}/trained.blob" size)
execute_process(COMMAND "${LUA}" "${GENERATOR}" --write-onnx "${WORK}/trained.blob"
        "${WORK}/fine_tuned.onnx" "${DESC}"
    RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc STREQUAL "0" OR NOT EXISTS "${WORK}/fine_tuned.onnx")
    message(FATAL_ERROR "flatprop --write-onnx failed (${rc}): ${err}")
endif()
file(SIZE "${WORK}/fine_tuned.onnx" onnx_size)
message("blob: ${size} bytes; flatprop --write-onnx wrote ${WORK}/fine_tuned.onnx (${onnx_size} bytes)")
