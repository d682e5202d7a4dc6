# Run a firmware ELF in QEMU and check the outcome; for CTest via `cmake -P`.
#
#   add_test(NAME t COMMAND ${CMAKE_COMMAND}
#       "-DEMULATOR=${emulator_with_pipes}" -DELF=$<TARGET_FILE:fw>
#       [-DEXPECT_EXIT=0|<n>|nonzero] [-DEXPECT_REGEX=<regex>]
#       [-DCOMPARE_WITH=<host command, | separated>]
#       [-DPLUGIN=<libinsncount.so> [-DPLUGIN_ARGS=<opts>] [-DPLUGIN_OUT=<file>]
#        [-DEXPECT_REGIONS=<n>] [-DMAX_REGION_INSNS=<n>] [-DREGIONS_IDENTICAL=ON]]
#       [-DRUNS=<n>] [-DRUN_TIMEOUT=<s>]
#       -P ${FLATPROP_BOARD_RUN_SCRIPT})
#
# EMULATOR is CMAKE_CROSSCOMPILING_EMULATOR with ";" replaced by "|" (QEMU's
# ends in -kernel; boards/avr's runner takes the ELF last and PLUGIN_ARGS as
# its --count option). EXPECT_EXIT defaults to 0. EXPECT_REGEX must match the
# output. COMPARE_WITH runs a host program whose stdout must equal the
# firmware's stdout byte for byte. PLUGIN inserts
# -plugin <so>,<PLUGIN_ARGS>,out=<PLUGIN_OUT> before -kernel (PLUGIN_ARGS default:
# start_sym=board_bench_begin,stop_sym=board_bench_end) and checks the region
# count, the budget on region_max and (REGIONS_IDENTICAL) region_min ==
# region_max. RUNS > 1 runs again and requires the same output and counts
# every time. Fails with a message naming what differed.
cmake_minimum_required(VERSION 3.20)

foreach(var EMULATOR ELF)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "run_firmware.cmake: -D${var}= is required")
    endif()
endforeach()
if(NOT DEFINED EXPECT_EXIT)
    set(EXPECT_EXIT 0)
endif()
if(NOT DEFINED RUNS)
    set(RUNS 1)
endif()
if(NOT DEFINED RUN_TIMEOUT)
    set(RUN_TIMEOUT 20)
endif()

string(REPLACE "|" ";" emulator "${EMULATOR}")
list(POP_BACK emulator last)
# BEGIN issue 15: an emulator list that does not end in -kernel is not QEMU
# but flatprop_simavr_run (boards/avr), which takes the ELF last and counts
# with --count <the plugin's options> instead of a plugin.
set(kernel -kernel)
if(NOT last STREQUAL "-kernel")
    list(APPEND emulator "${last}")
    set(kernel)
endif()
# END issue 15
if(DEFINED PLUGIN AND NOT PLUGIN STREQUAL "")
    if(NOT DEFINED PLUGIN_ARGS OR PLUGIN_ARGS STREQUAL "")
        set(PLUGIN_ARGS "start_sym=board_bench_begin,stop_sym=board_bench_end")
    endif()
    if(NOT DEFINED PLUGIN_OUT OR PLUGIN_OUT STREQUAL "")
        set(PLUGIN_OUT "${ELF}.insns.txt")
    endif()
    if(kernel) # issue 15
        list(APPEND emulator -plugin "${PLUGIN},${PLUGIN_ARGS},out=${PLUGIN_OUT}")
    else()
        list(APPEND emulator --count "${PLUGIN_ARGS},out=${PLUGIN_OUT}")
    endif()
endif()
list(APPEND emulator ${kernel} "${ELF}")

set(first_out "")
set(first_counts "")
foreach(run RANGE 1 ${RUNS})
    if(DEFINED PLUGIN_OUT)
        file(REMOVE "${PLUGIN_OUT}")
    endif()
    execute_process(COMMAND ${emulator}
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT ${RUN_TIMEOUT})
    message("---- run ${run}: exit status ${rc}\n${out}${err}")
    if(NOT rc MATCHES "^[0-9]+$")
        message(FATAL_ERROR "QEMU did not finish: ${rc}")
    endif()
    if(EXPECT_EXIT STREQUAL "nonzero")
        if(rc EQUAL 0)
            message(FATAL_ERROR "expected a non-zero exit status, got 0")
        endif()
    elseif(NOT rc EQUAL EXPECT_EXIT)
        message(FATAL_ERROR "expected exit status ${EXPECT_EXIT}, got ${rc}")
    endif()
    if(DEFINED EXPECT_REGEX AND NOT "${out}${err}" MATCHES "${EXPECT_REGEX}")
        message(FATAL_ERROR "output does not match '${EXPECT_REGEX}'")
    endif()
    if(DEFINED PLUGIN_OUT)
        if(NOT EXISTS "${PLUGIN_OUT}")
            message(FATAL_ERROR "the plugin wrote no ${PLUGIN_OUT}")
        endif()
        file(READ "${PLUGIN_OUT}" counts)
        message("insncount: ${counts}")
        if(NOT counts MATCHES "insns_total=([0-9]+)\nregion_count=([0-9]+) region_min=([0-9]+) region_max=([0-9]+) region_sum=([0-9]+)")
            message(FATAL_ERROR "cannot parse the plugin output: ${counts}")
        endif()
        set(total ${CMAKE_MATCH_1})
        set(regions ${CMAKE_MATCH_2})
        set(rmin ${CMAKE_MATCH_3})
        set(rmax ${CMAKE_MATCH_4})
        if(total EQUAL 0)
            message(FATAL_ERROR "the plugin counted no instructions")
        endif()
        if(DEFINED EXPECT_REGIONS AND NOT regions EQUAL EXPECT_REGIONS)
            message(FATAL_ERROR "expected ${EXPECT_REGIONS} marked regions, the plugin saw ${regions}")
        endif()
        if(REGIONS_IDENTICAL AND NOT rmin EQUAL rmax)
            message(FATAL_ERROR "regions differ: region_min=${rmin} region_max=${rmax}")
        endif()
        if(DEFINED MAX_REGION_INSNS AND rmax GREATER MAX_REGION_INSNS)
            message(FATAL_ERROR "region_max=${rmax} instructions is over the budget of ${MAX_REGION_INSNS}")
        endif()
    endif()
    if(run EQUAL 1)
        set(first_out "${out}")
        set(first_counts "${counts}")
    else()
        if(NOT out STREQUAL first_out)
            message(FATAL_ERROR "run ${run} printed something else than run 1")
        endif()
        if(NOT "${counts}" STREQUAL "${first_counts}")
            message(FATAL_ERROR "run ${run} counted differently from run 1:\n${first_counts}${counts}")
        endif()
    endif()
endforeach()

if(DEFINED COMPARE_WITH AND NOT COMPARE_WITH STREQUAL "")
    string(REPLACE "|" ";" host_cmd "${COMPARE_WITH}")
    execute_process(COMMAND ${host_cmd} RESULT_VARIABLE hrc OUTPUT_VARIABLE hout TIMEOUT ${RUN_TIMEOUT})
    if(NOT hrc EQUAL 0)
        message(FATAL_ERROR "host program ${COMPARE_WITH} failed: ${hrc}")
    endif()
    if(NOT hout STREQUAL first_out)
        message(FATAL_ERROR "target output differs from the host's:\n--- host\n${hout}--- target\n${first_out}")
    endif()
    message("output identical to host program ${COMPARE_WITH}")
endif()
