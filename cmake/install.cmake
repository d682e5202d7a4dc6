# `cmake --install`: the generator, the templates, the runtime library and
# headers, the host export helper, a `flatprop` launcher on PATH and a CMake
# package, so an outside project needs only
#
#   find_package(flatprop REQUIRED)
#   flatprop_add_network(seed_net NETWORK seed.lua)
#
# Layout under the prefix:
#   bin/flatprop                       launcher (runs the generator with a Lua it finds)
#   include/flatprop.h, flatprop_npy.h, flatprop_export.h
#   lib/libflatprop.a, libflatprop_export.a
#   lib/cmake/flatprop/                flatprop-config.cmake, -config-version, -targets
#   share/flatprop/generator/          the generator (flatprop.lua, flatprop/*.lua)
#   share/flatprop/templates/
#   share/flatprop/cmake/flatprop.cmake
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FLATPROP_INSTALL_DATADIR "${CMAKE_INSTALL_DATADIR}/flatprop")
set(FLATPROP_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/flatprop")

set(_flatprop_install_targets flatprop_runtime)
if(TARGET flatprop_export)
    list(APPEND _flatprop_install_targets flatprop_export)
endif()
install(TARGETS ${_flatprop_install_targets} EXPORT flatprop-targets
    ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(DIRECTORY runtime/include/ DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
    FILES_MATCHING PATTERN "*.h")
if(TARGET flatprop_export)
    install(FILES tools/flatprop_export.h DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
endif()
install(DIRECTORY generator templates DESTINATION "${FLATPROP_INSTALL_DATADIR}"
    FILES_MATCHING PATTERN "*.lua" PATTERN "*.in")
install(FILES cmake/flatprop.cmake DESTINATION "${FLATPROP_INSTALL_DATADIR}/cmake")
install(DIRECTORY cmake/toolchains DESTINATION "${FLATPROP_INSTALL_DATADIR}/cmake")

install(EXPORT flatprop-targets NAMESPACE flatprop::
    DESTINATION "${FLATPROP_INSTALL_CMAKEDIR}")
configure_package_config_file(cmake/flatprop-config.cmake.in
    "${PROJECT_BINARY_DIR}/flatprop-config.cmake"
    INSTALL_DESTINATION "${FLATPROP_INSTALL_CMAKEDIR}"
    PATH_VARS FLATPROP_INSTALL_DATADIR)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/flatprop-config-version.cmake"
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/flatprop-config.cmake"
    "${PROJECT_BINARY_DIR}/flatprop-config-version.cmake"
    DESTINATION "${FLATPROP_INSTALL_CMAKEDIR}")

# The launcher finds the generator relative to itself, so the installed tree
# can be moved.
file(RELATIVE_PATH FLATPROP_LAUNCHER_TO_GENERATOR
    "/prefix/${CMAKE_INSTALL_BINDIR}" "/prefix/${FLATPROP_INSTALL_DATADIR}/generator/flatprop.lua")
configure_file(cmake/flatprop.sh.in "${PROJECT_BINARY_DIR}/flatprop.sh" @ONLY)
install(PROGRAMS "${PROJECT_BINARY_DIR}/flatprop.sh" DESTINATION "${CMAKE_INSTALL_BINDIR}"
    RENAME flatprop)
