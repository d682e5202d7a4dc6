# `cmake --install`: the generator, the templates, the runtime library and
# headers, the host export helper, a `flatprop` launcher on PATH and a CMake
# package, so an outside project needs only
#
#   find_package(flatprop REQUIRED)
#   flatprop_add_network(seed_net NETWORK seed.lua)
#
# The model (issue 13): the generator and the CMake package are host things;
# the compiled libraries are the host's. A cross build of a user's firmware
# finds the same package and builds the runtime (and, with one of the
# toolchain files, the board support) from the sources installed beside it,
# with the target's compiler. An install made from a cross build holds no
# compiled library: every consumer then builds the runtime from source.
#
# Layout under the prefix:
#   bin/flatprop                       launcher (runs the generator with a Lua it finds)
#   include/flatprop.h, flatprop_npy.h, flatprop_export.h
#   lib/libflatprop.a, libflatprop_export.a   (host build only)
#   lib/cmake/flatprop/                flatprop-config.cmake, -config-version, -targets
#   share/flatprop/generator/          the generator (flatprop.lua, flatprop/*.lua)
#   share/flatprop/templates/
#   share/flatprop/cmake/              flatprop.cmake, toolchains/
#   share/flatprop/runtime/, tools/    sources, for builds from source
#   share/flatprop/boards/             board support (board.h, startup, linker scripts,
#                                      flatprop_add_firmware)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FLATPROP_INSTALL_DATADIR "${CMAKE_INSTALL_DATADIR}/flatprop")
set(FLATPROP_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/flatprop")

if(NOT CMAKE_CROSSCOMPILING)
    set(_flatprop_install_targets flatprop_runtime)
    if(TARGET flatprop_export)
        list(APPEND _flatprop_install_targets flatprop_export)
    endif()
    install(TARGETS ${_flatprop_install_targets} EXPORT flatprop-targets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
endif()
install(DIRECTORY runtime/include/ DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
    FILES_MATCHING PATTERN "*.h")
install(FILES tools/flatprop_export.h DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
# Sources for a build from source (a cross build, or an install without
# host libraries) and the board support.
install(DIRECTORY runtime tools DESTINATION "${FLATPROP_INSTALL_DATADIR}"
    FILES_MATCHING PATTERN "*.c" PATTERN "*.h" PATTERN "CMakeLists.txt")
install(DIRECTORY boards/ DESTINATION "${FLATPROP_INSTALL_DATADIR}/boards"
    FILES_MATCHING PATTERN "*.c" PATTERN "*.h" PATTERN "*.ld" PATTERN "*.cmake"
    PATTERN "CMakeLists.txt" PATTERN "selftest" EXCLUDE)
install(DIRECTORY generator templates DESTINATION "${FLATPROP_INSTALL_DATADIR}"
    FILES_MATCHING PATTERN "*.lua" PATTERN "*.in")
install(FILES cmake/flatprop.cmake DESTINATION "${FLATPROP_INSTALL_DATADIR}/cmake")
install(DIRECTORY cmake/toolchains DESTINATION "${FLATPROP_INSTALL_DATADIR}/cmake")

if(NOT CMAKE_CROSSCOMPILING)
    install(EXPORT flatprop-targets NAMESPACE flatprop::
        DESTINATION "${FLATPROP_INSTALL_CMAKEDIR}")
endif()
configure_package_config_file(cmake/flatprop-config.cmake.in
    "${PROJECT_BINARY_DIR}/flatprop-config.cmake"
    INSTALL_DESTINATION "${FLATPROP_INSTALL_CMAKEDIR}"
    PATH_VARS FLATPROP_INSTALL_DATADIR)
# Not write_basic_package_version_file(): its pointer-size check would refuse
# a host install in a 32-bit cross build, which builds from source anyway.
if(CMAKE_CROSSCOMPILING)
    set(_flatprop_installs_host_libs OFF)
else()
    set(_flatprop_installs_host_libs ON)
endif()
configure_file(cmake/flatprop-config-version.cmake.in
    "${PROJECT_BINARY_DIR}/flatprop-config-version.cmake" @ONLY)
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
