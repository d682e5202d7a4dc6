# In a Cortex-M cross suite (issue 13): a user's firmware project built
# against an install made from this cross build (generator, CMake package,
# runtime and board sources; no compiled library), with this build's
# toolchain file, and its tests run in QEMU.
add_test(NAME consumer_firmware_installed_${FLATPROP_BOARD}
    COMMAND ${CMAKE_COMMAND} -DMODE=firmware_installed -DSOURCE=${PROJECT_SOURCE_DIR}
        -DBUILD=${PROJECT_BINARY_DIR}
        -DWORK=${PROJECT_BINARY_DIR}/tests/consumer_firmware_installed
        "-DGENERATOR=${CMAKE_GENERATOR}" -DTOOLCHAIN=${CMAKE_TOOLCHAIN_FILE}
        -P ${PROJECT_SOURCE_DIR}/tests/consumer/run.cmake)
set_tests_properties(consumer_firmware_installed_${FLATPROP_BOARD} PROPERTIES TIMEOUT 600)
# The same install used by a host project (tests/consumer/installed): with
# no host library in it, the runtime and the export helper are built from
# the installed sources with the host compiler.
add_test(NAME consumer_installed_from_${FLATPROP_BOARD}
    COMMAND ${CMAKE_COMMAND} -DMODE=installed -DSOURCE=${PROJECT_SOURCE_DIR}
        -DBUILD=${PROJECT_BINARY_DIR}
        -DWORK=${PROJECT_BINARY_DIR}/tests/consumer_installed_from_cross
        "-DGENERATOR=${CMAKE_GENERATOR}"
        -P ${PROJECT_SOURCE_DIR}/tests/consumer/run.cmake)
set_tests_properties(consumer_installed_from_${FLATPROP_BOARD} PROPERTIES TIMEOUT 600)
