# Configure, build and run the gradient-check property project
# (tests/checks/property, or PROJECT under tests/checks) in one go; for CTest.
#   cmake -DSOURCE=<repo> -DBINARY=<dir> [-DJOBS=2] [-DCOUNT=200] [-DGENERATOR=Ninja]
#         [-DPROJECT=property|mcu] [-DTOOLCHAIN=cortex-m0|cortex-m4f] -P run_property.cmake
foreach(var SOURCE BINARY)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "run_property.cmake: -D${var}= is required")
    endif()
endforeach()
if(NOT DEFINED JOBS)
    cmake_host_system_information(RESULT JOBS QUERY NUMBER_OF_LOGICAL_CORES)
endif()
if(NOT DEFINED COUNT)
    set(COUNT 200)
endif()
if(NOT DEFINED PROJECT)
    set(PROJECT property)
endif()
set(gen_args)
if(DEFINED TOOLCHAIN AND NOT TOOLCHAIN STREQUAL "")
    list(APPEND gen_args -DCMAKE_TOOLCHAIN_FILE=${SOURCE}/cmake/toolchains/${TOOLCHAIN}.cmake)
endif()
if(DEFINED GENERATOR AND NOT GENERATOR STREQUAL "")
    list(APPEND gen_args -G "${GENERATOR}")
endif()
string(TIMESTAMP t0 "%s")
execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE}/tests/checks/${PROJECT}" -B "${BINARY}"
        ${gen_args} -DFLATPROP_SOURCE=${SOURCE} -DRANDOM_NETS_COUNT=${COUNT}
        -DCMAKE_BUILD_TYPE= -DFLATPROP_OPTIMIZE_WITHOUT_BUILD_TYPE=OFF
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring the property project failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${BINARY}" -j ${JOBS}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message("${out}")
    message(FATAL_ERROR "building the property project failed")
endif()
string(TIMESTAMP t1 "%s")
execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir "${BINARY}" -j ${JOBS}
        --output-on-failure
    RESULT_VARIABLE rc)
string(TIMESTAMP t2 "%s")
math(EXPR build_s "${t1} - ${t0}")
math(EXPR run_s "${t2} - ${t1}")
message("${PROJECT}: configure + build ${build_s} s, checks ${run_s} s (${JOBS} jobs)")
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "some check programs failed")
endif()
