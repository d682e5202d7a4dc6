# Build an outside project against flatprop, in a fresh folder, and run it.
#   cmake -DMODE=<mode> -DSOURCE=<flatprop source> -DBUILD=<flatprop build>
#         -DWORK=<scratch folder> -DGENERATOR=<cmake generator>
#         [-DTOOLCHAIN=<toolchain file>] -P run.cmake
# The project is put together in WORK/src as a user has it: its
# CMakeLists.txt (tests/consumer/<project>/), its sources, and for the
# add_subdirectory modes flatprop itself in WORK/src/flatprop (a symbolic link).
#   subdir, installed        host: tests/consumer/{subdir,installed} with common/
#   firmware_subdir,         cross (TOOLCHAIN, one of flatprop's): firmware/ with
#   firmware_installed         examples/firmware's main.c and xor.lua; built, then
#                              its CTest run (trainer, xor_net_check in QEMU)
#   firmware_boards_after    firmware_subdir adding boards/ after the CHECK
#   own_board_subdir,        cross with own_board/'s own toolchain file, startup
#   own_board_installed        and linker script (no boards/); built and run
#   own_board_check          own_board_subdir with CHECK: the configure must stop
# installed modes: `cmake --install BUILD --prefix WORK/prefix` first.
foreach(v MODE SOURCE BUILD WORK GENERATOR)
    if(NOT DEFINED ${v})
        message(FATAL_ERROR "run.cmake: -D${v}=... is required")
    endif()
endforeach()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/src")
set(here "${SOURCE}/tests/consumer")

function(run)
    execute_process(COMMAND ${ARGN} WORKING_DIRECTORY "${WORK}"
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 0)
        string(REPLACE ";" " " cmd "${ARGN}")
        message(FATAL_ERROR "failed (${rc}): ${cmd}\n${out}")
    endif()
    set(out "${out}" PARENT_SCOPE)
endfunction()

set(args)
if(MODE MATCHES "installed$")
    set(prefix "${WORK}/prefix")
    run("${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${prefix}")
    foreach(f bin/flatprop include/flatprop.h include/flatprop_npy.h include/flatprop_export.h
            lib/cmake/flatprop/flatprop-config.cmake
            lib/cmake/flatprop/flatprop-config-version.cmake
            share/flatprop/generator/flatprop.lua share/flatprop/generator/flatprop/driver.lua
            share/flatprop/templates/network.c.in share/flatprop/cmake/flatprop.cmake
            share/flatprop/cmake/toolchains/cortex-m4f.cmake
            share/flatprop/runtime/CMakeLists.txt share/flatprop/runtime/src/mathfn.c
            share/flatprop/boards/CMakeLists.txt share/flatprop/boards/include/board.h
            share/flatprop/boards/common/startup.c share/flatprop/boards/ld/mps2-an386.ld)
        if(NOT EXISTS "${prefix}/${f}")
            message(FATAL_ERROR "not installed: ${f}")
        endif()
    endforeach()
    # The launcher runs the installed generator.
    run("${prefix}/bin/flatprop" --version)
    if(NOT out MATCHES "^flatprop [0-9]+\\.[0-9]+\\.[0-9]+")
        message(FATAL_ERROR "bin/flatprop --version printed: ${out}")
    endif()
    file(MAKE_DIRECTORY "${WORK}/gen")
    run("${prefix}/bin/flatprop" -o "${WORK}/gen" "${here}/common/consumer.lua")
    if(NOT EXISTS "${WORK}/gen/consumer.c" OR NOT EXISTS "${WORK}/gen/consumer.h")
        message(FATAL_ERROR "bin/flatprop wrote no consumer.c/consumer.h")
    endif()
    set(args "-DCMAKE_PREFIX_PATH=${prefix}" "-DEXPECTED_PREFIX=${prefix}")
else()
    file(CREATE_LINK "${SOURCE}" "${WORK}/src/flatprop" SYMBOLIC)
endif()

set(expect_fail "")
if(MODE MATCHES "^(subdir|installed)$")
    file(COPY "${here}/${MODE}/CMakeLists.txt" "${here}/common/consumer.lua"
        "${here}/common/main.c" DESTINATION "${WORK}/src")
elseif(MODE MATCHES "^firmware_")
    file(COPY "${here}/firmware/CMakeLists.txt" "${SOURCE}/examples/firmware/main.c"
        "${SOURCE}/examples/firmware/xor.lua" DESTINATION "${WORK}/src")
    list(APPEND args "-DCMAKE_TOOLCHAIN_FILE=${TOOLCHAIN}")
    if(MODE STREQUAL "firmware_boards_after")
        list(APPEND args -DADD_BOARDS_AFTER=ON)
    endif()
elseif(MODE MATCHES "^own_board_")
    file(GLOB own "${here}/own_board/*")
    file(COPY ${own} "${SOURCE}/examples/firmware/xor.lua" DESTINATION "${WORK}/src")
    list(APPEND args "-DCMAKE_TOOLCHAIN_FILE=${WORK}/src/toolchain-m4f.cmake")
    if(MODE STREQUAL "own_board_check")
        # the same project asking for CHECK: no board support, so an error
        file(READ "${WORK}/src/CMakeLists.txt" text)
        string(REPLACE "NETWORK xor.lua OPTIONS --check)" "NETWORK xor.lua CHECK)" text "${text}")
        file(WRITE "${WORK}/src/CMakeLists.txt" "${text}")
        set(expect_fail "flatprop_add_network\\(xor_net ... CHECK\\): in a cross build the check program is firmware, and flatprop's board support is not loaded")
    endif()
else()
    message(FATAL_ERROR "run.cmake: unknown MODE ${MODE}")
endif()

if(expect_fail)
    execute_process(COMMAND "${CMAKE_COMMAND}" -S "${WORK}/src" -B "${WORK}/build"
        -G "${GENERATOR}" ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    string(REGEX REPLACE "[ \t\r\n]+" " " flat "${out}")
    if(rc EQUAL 0 OR NOT flat MATCHES "${expect_fail}")
        message(FATAL_ERROR "the configure should have stopped with '${expect_fail}' (${rc}):\n${out}")
    endif()
    message(STATUS "consumer (${MODE}) stopped as it should:\n${out}")
    return()
endif()

run("${CMAKE_COMMAND}" -S "${WORK}/src" -B "${WORK}/build" -G "${GENERATOR}" ${args})
run("${CMAKE_COMMAND}" --build "${WORK}/build")
if(MODE MATCHES "^(subdir|installed)$")
    run("${WORK}/build/app")
    if(NOT out MATCHES "consumer ok")
        message(FATAL_ERROR "app printed: ${out}")
    endif()
    foreach(f dense1_weights dense2_weights)
        file(READ "${WORK}/${f}.npy" head LIMIT 6 HEX)
        if(NOT head STREQUAL "934e554d5059")
            message(FATAL_ERROR "${f}.npy is not an .npy file (${head})")
        endif()
    endforeach()
else()
    run("${CMAKE_CTEST_COMMAND}" --test-dir "${WORK}/build" --output-on-failure)
    if(NOT out MATCHES "100% tests passed, 0 tests failed out of 2")
        message(FATAL_ERROR "the firmware's tests did not all run and pass:\n${out}")
    endif()
    message("${out}")
endif()
message(STATUS "consumer (${MODE}) built and ran")
