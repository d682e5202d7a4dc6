# cmake -DSOURCE=<flatprop> -DWORK=<folder> -DGENERATOR=<generator> -P run_no_testing.cmake
# Configure no_testing/ (CHECK without enable_testing()): the configure says
# that flatprop enabled testing, and CTest then finds and passes seed_net_check;
# with no build type the generated code is compiled with -O2, as the configure says.
file(REMOVE_RECURSE "${WORK}")
execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE}/tests/cmake_misuse/no_testing"
        -B "${WORK}" -G "${GENERATOR}" "-DFLATPROP_SOURCE=${SOURCE}" -DCMAKE_BUILD_TYPE=
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
string(REGEX REPLACE "[ \t\r\n]+" " " flat "${out}")
if(NOT rc EQUAL 0 OR NOT flat MATCHES "flatprop_add_network\\(seed_net \\.\\.\\. CHECK\\): enable_testing\\(\\) was not called, so flatprop enables testing")
    message(FATAL_ERROR "configure (${rc}) did not say that it enabled testing:\n${out}")
endif()
# No build type either (issue 13): the generated code is compiled with -O2, and it says so.
if(NOT flat MATCHES "flatprop: CMAKE_BUILD_TYPE is not set: the generated code \\(seed_net\\) is compiled with -O2")
    message(FATAL_ERROR "configure did not say that it compiles the generated code with -O2:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK}" -v RESULT_VARIABLE rc
    OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "build failed:\n${out}")
endif()
if(NOT out MATCHES "[^\n]* -O2 [^\n]*seed[.]c[.]o")
    message(FATAL_ERROR "seed.c was not compiled with -O2:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir "${WORK}" --output-on-failure
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "seed_net_check [.]+ +Passed"
        OR NOT out MATCHES "100% tests passed, 0 tests failed out of 1\n")
    message(FATAL_ERROR "ctest did not run seed_net_check:\n${out}")
endif()
message(STATUS "CHECK without enable_testing(): enabled, and seed_net_check ran")
