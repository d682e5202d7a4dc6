# Build an outside project against flatprop, in a fresh folder, and run it.
#   cmake -DMODE=installed|subdir -DSOURCE=<flatprop source> -DBUILD=<flatprop build>
#         -DWORK=<scratch folder> -DGENERATOR=<cmake generator> -P run.cmake
# installed: `cmake --install BUILD --prefix WORK/prefix`, the launcher on
#            PATH, then find_package(flatprop) from tests/consumer/installed.
# subdir:    add_subdirectory(SOURCE) from tests/consumer/subdir.
foreach(v MODE SOURCE BUILD WORK GENERATOR)
    if(NOT DEFINED ${v})
        message(FATAL_ERROR "run.cmake: -D${v}=... is required")
    endif()
endforeach()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

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
if(MODE STREQUAL "installed")
    set(prefix "${WORK}/prefix")
    run("${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${prefix}")
    foreach(f bin/flatprop include/flatprop.h include/flatprop_npy.h include/flatprop_export.h
            lib/cmake/flatprop/flatprop-config.cmake
            lib/cmake/flatprop/flatprop-config-version.cmake
            share/flatprop/generator/flatprop.lua share/flatprop/generator/flatprop/driver.lua
            share/flatprop/templates/network.c.in share/flatprop/cmake/flatprop.cmake)
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
    run("${prefix}/bin/flatprop" -o "${WORK}/gen" "${SOURCE}/tests/consumer/common/consumer.lua")
    if(NOT EXISTS "${WORK}/gen/consumer.c" OR NOT EXISTS "${WORK}/gen/consumer.h")
        message(FATAL_ERROR "bin/flatprop wrote no consumer.c/consumer.h")
    endif()
    set(args "-DCMAKE_PREFIX_PATH=${prefix}" "-DEXPECTED_PREFIX=${prefix}")
elseif(MODE STREQUAL "subdir")
    set(args "-DFLATPROP_SOURCE=${SOURCE}")
else()
    message(FATAL_ERROR "run.cmake: MODE must be installed or subdir")
endif()

run("${CMAKE_COMMAND}" -S "${SOURCE}/tests/consumer/${MODE}" -B "${WORK}/build"
    -G "${GENERATOR}" ${args})
run("${CMAKE_COMMAND}" --build "${WORK}/build")
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
message(STATUS "consumer (${MODE}) built and ran")
