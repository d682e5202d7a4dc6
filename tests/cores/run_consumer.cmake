# Configure, build and test an outside cross project of tests/cores with the
# given toolchain file, in a fresh folder; for CTest.
#   cmake -DSOURCE=<flatprop> -DTOOLCHAIN=<toolchain file> -DWORK=<folder>
#         [-DGENERATOR=<cmake generator>] [-DPROJECT=consumer|double_project]
#         [-DEXPECT_FAIL=ON -DEXPECT_REGEX=<regex>] -P run_consumer.cmake
# With EXPECT_FAIL the configure must fail and its output (white space runs
# taken as one space) match EXPECT_REGEX.
foreach(var SOURCE TOOLCHAIN WORK)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "run_consumer.cmake: -D${var}= is required")
    endif()
endforeach()
if(NOT DEFINED PROJECT)
    set(PROJECT consumer)
endif()
set(gen_args)
if(DEFINED GENERATOR AND NOT GENERATOR STREQUAL "")
    set(gen_args -G "${GENERATOR}")
endif()
file(REMOVE_RECURSE "${WORK}")

execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE}/tests/cores/${PROJECT}" -B "${WORK}"
        ${gen_args} "-DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN}" "-DFLATPROP_SOURCE=${SOURCE}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(EXPECT_FAIL)
    if(rc EQUAL 0)
        message(FATAL_ERROR "the configure of ${PROJECT} succeeded, but should have failed:\n${out}")
    endif()
    # CMake wraps its messages: compare with runs of white space as one space
    string(REGEX REPLACE "[ \t\r\n]+" " " flat "${out}")
    if(NOT flat MATCHES "${EXPECT_REGEX}")
        message(FATAL_ERROR "the configure failed, but without '${EXPECT_REGEX}':\n${out}")
    endif()
    message("configure of ${PROJECT} failed as expected:\n${out}")
    return()
endif()
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring ${PROJECT} failed:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK}" -j 2
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building ${PROJECT} failed:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir "${WORK}" --output-on-failure
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
message("${out}")
if(NOT rc EQUAL 0 OR NOT out MATCHES "100% tests passed, 0 tests failed out of [1-9]")
    message(FATAL_ERROR "the tests of ${PROJECT} failed")
endif()
