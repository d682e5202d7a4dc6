# flatprop_add_network(): generate a network's C at build time and make it a
# static library.
#
#   add_subdirectory(flatprop)                 # or find_package(flatprop)
#   flatprop_add_network(seed_net NETWORK seed.lua [TYPE float|double] [NAME seed] [CHECK]
#                        [OPTIONS --flash-budget 65536])
#   target_link_libraries(app PRIVATE seed_net)  # then: #include "seed.h"
#
# Arguments:
#   <target>        the library target to create
#   NETWORK <file>  the description (relative to the current source folder)
#   TYPE <t>        float (default) or double (not where double has 32 bits,
#                   as with avr-gcc: that stops the configure)
#   OPTIONS <opt>.. more generator options, e.g. OPTIONS --flash-budget 65536
#   NAME <name>     override the description's name (the C prefix); without
#                   it the name is read from the description at configure
#                   time, and editing the description re-runs the configure
#   OPTIONS --check generate NAME_check.c only: its path is the target property
#                   FLATPROP_CHECK_SOURCE (build it into a firmware of your own)
#   CHECK           also generate NAME_check.c (a self-contained gradient
#                   check), build it as executable <target>_check and register
#                   it as CTest test <target>_check. In a cross build with
#                   flatprop's board support (flatprop_add_firmware) it is built
#                   as firmware and CTest runs it through
#                   CMAKE_CROSSCOMPILING_EMULATOR; a cross build without the
#                   board support stops with an error that says what to do.
#
# The generator runs on the build machine's Lua (FLATPROP_LUA) also in a cross
# build, and re-runs when the description, any generator source or any
# template changes, and when a .npy file it reads changes. Files land in the
# target's own binary folder.
include_guard(GLOBAL)

# Cache variables, so the function works from any directory of the project
# that pulled flatprop in (plain variables would stay in flatprop's scope).
get_filename_component(_flatprop_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(FLATPROP_ROOT "${_flatprop_root}" CACHE INTERNAL "flatprop sources")
set(FLATPROP_GENERATOR "${FLATPROP_ROOT}/generator/flatprop.lua" CACHE INTERNAL
    "the flatprop generator's entry script")

find_program(FLATPROP_LUA NAMES lua5.4 lua5.3 luajit lua lua5.2 lua5.1
    DOC "the Lua interpreter that runs the flatprop generator")

file(GLOB_RECURSE _flatprop_generator_sources CONFIGURE_DEPENDS
    "${FLATPROP_ROOT}/generator/*.lua" "${FLATPROP_ROOT}/templates/*.in")
set(FLATPROP_GENERATOR_DEPENDS ${_flatprop_generator_sources}
    CACHE INTERNAL "files whose change re-runs the generator")

option(FLATPROP_OPTIMIZE_WITHOUT_BUILD_TYPE
    "Compile generated code with -O2 when CMAKE_BUILD_TYPE is empty (single-config generators)" ON)

function(flatprop_add_network target)
    cmake_parse_arguments(PARSE_ARGV 1 FP "CHECK" "NETWORK;TYPE;NAME" "OPTIONS")
    if(FP_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR
            "flatprop_add_network(${target}): unknown argument(s) ${FP_UNPARSED_ARGUMENTS}")
    endif()
    if(NOT FP_NETWORK)
        message(FATAL_ERROR "flatprop_add_network(${target}): NETWORK <file> is required")
    endif()
    get_filename_component(network "${FP_NETWORK}" ABSOLUTE
        BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${network}")
        message(FATAL_ERROR "flatprop_add_network(${target}): NETWORK ${network} does not exist")
    endif()
    if(NOT FLATPROP_LUA)
        message(FATAL_ERROR "flatprop_add_network(${target}): no Lua interpreter found; "
            "install lua5.4 (or lua5.1, luajit) or set FLATPROP_LUA")
    endif()
    _flatprop_scalar_types()
    get_property(types GLOBAL PROPERTY FLATPROP_SCALAR_TYPES)
    get_property(default GLOBAL PROPERTY FLATPROP_SCALAR_DEFAULT)
    if(NOT FP_TYPE)
        set(FP_TYPE ${default})
    endif()
    if(NOT FP_TYPE IN_LIST types)
        list(JOIN types " or " choices)
        message(FATAL_ERROR
            "flatprop_add_network(${target}): TYPE must be ${choices}, got '${FP_TYPE}'")
    endif()
    _flatprop_require_type(${target} ${FP_TYPE})

    # The files the description reads (weights = "w.npy") are dependencies of
    # the generation too: the generator lists them (--list-inputs) at
    # configure time, and editing the description re-runs the configure so
    # the list stays current.
    set(name_args)
    set(inputs)
    if(FP_NAME)
        set(name "${FP_NAME}")
        set(name_args --name "${FP_NAME}")
        execute_process(
            COMMAND "${FLATPROP_LUA}" "${FLATPROP_GENERATOR}" --list-inputs "${network}"
            RESULT_VARIABLE rc OUTPUT_VARIABLE inputs ERROR_QUIET
            OUTPUT_STRIP_TRAILING_WHITESPACE)
        if(NOT rc EQUAL 0)
            set(inputs) # the build step reports what is wrong with the description
        endif()
    else()
        execute_process(
            COMMAND "${FLATPROP_LUA}" "${FLATPROP_GENERATOR}" --print-name --list-inputs
                "${network}"
            RESULT_VARIABLE rc OUTPUT_VARIABLE inputs ERROR_VARIABLE err
            OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_STRIP_TRAILING_WHITESPACE)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "flatprop_add_network(${target}): ${err}")
        endif()
        string(REPLACE "\n" ";" inputs "${inputs}")
        list(POP_FRONT inputs name)
    endif()
    string(REPLACE "\n" ";" inputs "${inputs}")
    # Two different networks of one C name define the same symbols: a
    # program linking both would get one of them silently. The same
    # description (by content) with the same type and options may be added
    # more than once: every copy is the same code.
    file(SHA256 "${network}" _flatprop_sum)
    string(SHA256 _flatprop_sum "${_flatprop_sum}|${FP_TYPE}|${FP_OPTIONS}")
    get_property(_flatprop_names GLOBAL PROPERTY FLATPROP_NETWORK_NAMES)
    foreach(_entry IN LISTS _flatprop_names)
        string(REPLACE "=" ";" _entry "${_entry}")
        list(GET _entry 0 _other_name)
        list(GET _entry 1 _other_target)
        list(GET _entry 2 _other_sum)
        if(_other_name STREQUAL name AND NOT _other_sum STREQUAL _flatprop_sum)
            message(FATAL_ERROR "flatprop_add_network(${target}): the network name '${name}' "
                "is already used by target ${_other_target} for another network; give one of "
                "them another NAME (the C prefix of its symbols)")
        endif()
    endforeach()
    set_property(GLOBAL APPEND PROPERTY FLATPROP_NETWORK_NAMES
        "${name}=${target}=${_flatprop_sum}")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${network}")

    set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}.flatprop")
    file(MAKE_DIRECTORY "${out}")
    # gradient checks (issue 3) {
    set(check_args)
    set(check_outputs)
    if(FP_CHECK)
        set(check_args --check)
        set(check_outputs "${out}/${name}_check.c")
    elseif("--check" IN_LIST FP_OPTIONS)
        # OPTIONS --check: the check program's source only (target property
        # FLATPROP_CHECK_SOURCE), for a firmware with its own startup code
        set(check_outputs "${out}/${name}_check.c")
    endif()
    # }
    add_custom_command(
        OUTPUT "${out}/${name}.h" "${out}/${name}.c" ${check_outputs}
        COMMAND "${FLATPROP_LUA}" "${FLATPROP_GENERATOR}" -o "${out}" --type ${FP_TYPE}
                ${name_args} ${check_args} ${FP_OPTIONS} "${network}"
        DEPENDS "${network}" ${inputs} ${FLATPROP_GENERATOR_DEPENDS}
        COMMENT "flatprop: generating ${name}.c from ${FP_NETWORK} (${FP_TYPE})"
        VERBATIM)
    add_library(${target} STATIC "${out}/${name}.c" "${out}/${name}.h")
    target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${out}>")
    target_link_libraries(${target} PUBLIC flatprop::runtime)
    set_target_properties(${target} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON
        C_EXTENSIONS OFF)
    # Bit-identical results across compilers and targets need every multiply
    # and add rounded on its own: no fused multiply-add contraction.
    target_compile_options(${target} PRIVATE
        $<$<C_COMPILER_ID:GNU,Clang,AppleClang>:-ffp-contract=off>
        ${FLATPROP_GENERATED_C_FLAGS})
    # No build type means no optimisation (issue 13): fully unrolled code at
    # -O0 is several times slower and larger. Say it once per configure.
    if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES
            AND FLATPROP_OPTIMIZE_WITHOUT_BUILD_TYPE
            AND CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE -O2)
        get_property(said GLOBAL PROPERTY _FLATPROP_SAID_O2)
        if(NOT said)
            set_property(GLOBAL PROPERTY _FLATPROP_SAID_O2 ON)
            message(STATUS "flatprop: CMAKE_BUILD_TYPE is not set: the generated code "
                "(${target}) is compiled with -O2; set CMAKE_BUILD_TYPE, or "
                "FLATPROP_OPTIMIZE_WITHOUT_BUILD_TYPE=OFF for the compiler's default")
        endif()
    endif()
    set_target_properties(${target} PROPERTIES
        FLATPROP_NAME "${name}" FLATPROP_SOURCE "${out}/${name}.c"
        FLATPROP_HEADER "${out}/${name}.h" FLATPROP_TYPE "${FP_TYPE}"
        FLATPROP_CHECK_SOURCE "${check_outputs}")
    if(FP_CHECK) # gradient checks (issue 3)
        _flatprop_add_check(${target} "${out}/${name}_check.c")
    endif()
endfunction()

# TYPE double needs the target's double to be IEEE binary64; avr-gcc's is
# the 32-bit float, and the runtime has no double functions there. Checked
# once per build folder with the project's C compiler (compile only, so it
# works in a cross build).
# The scalar types the generator knows (flatprop/scalar.lua), read once:
# FLATPROP_SCALAR_TYPES the names, FLATPROP_SCALAR_DEFAULT the default and
# FLATPROP_SCALAR_NEEDS_<type> the C condition the compiler must meet (empty:
# none), its wording and what fails when it does not hold.
function(_flatprop_scalar_types)
    get_property(known GLOBAL PROPERTY FLATPROP_SCALAR_TYPES SET)
    if(known)
        return()
    endif()
    get_filename_component(dir "${FLATPROP_GENERATOR}" DIRECTORY)
    execute_process(
        COMMAND "${FLATPROP_LUA}" -e "package.path = [[${dir}/?.lua;]] .. package.path
local s = require('flatprop.scalar')
print(s.default)
for _, n in ipairs(s.names) do
    local d = s[n]
    print(n .. '|' .. (d.needs or '') .. '|' .. (d.needs_text or '') .. '|' .. (d.lacks_text or ''))
end"
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
        OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "flatprop: cannot read the scalar types from the generator "
            "(${FLATPROP_GENERATOR}): ${err}")
    endif()
    string(REPLACE "\n" ";" lines "${out}")
    list(POP_FRONT lines default)
    set(types)
    foreach(line IN LISTS lines)
        string(REPLACE "|" ";" fields "${line}")
        list(GET fields 0 name)
        list(APPEND types ${name})
        list(SUBLIST fields 1 3 needs)
        set_property(GLOBAL PROPERTY FLATPROP_SCALAR_NEEDS_${name} "${needs}")
    endforeach()
    set_property(GLOBAL PROPERTY FLATPROP_SCALAR_DEFAULT ${default})
    set_property(GLOBAL PROPERTY FLATPROP_SCALAR_TYPES ${types})
endfunction()

# Stop the configure when the C compiler cannot hold scalar type `type` the
# way the generated code needs (double with avr-gcc, where it has 32 bits).
function(_flatprop_require_type target type)
    get_property(needs GLOBAL PROPERTY FLATPROP_SCALAR_NEEDS_${type})
    list(GET needs 0 condition)
    if(condition STREQUAL "")
        return()
    endif()
    list(GET needs 1 needs_text)
    list(GET needs 2 lacks_text)
    string(MAKE_C_IDENTIFIER "FLATPROP_C_HAS_${type}" var)
    if(NOT DEFINED ${var})
        include(CheckCSourceCompiles)
        set(CMAKE_REQUIRED_QUIET ON)
        check_c_source_compiles("#include <float.h>
#if !(${condition})
#error the compiler does not meet ${condition}
#endif
int main(void) { return 0; }" ${var})
    endif()
    if(NOT ${var})
        get_property(default GLOBAL PROPERTY FLATPROP_SCALAR_DEFAULT)
        message(FATAL_ERROR "flatprop_add_network(${target}): TYPE ${type} needs "
            "${needs_text}, but ${lacks_text} with this compiler (${CMAKE_C_COMPILER}); "
            "use TYPE ${default}")
    endif()
endfunction()

# The check program of flatprop_add_network(... CHECK): a host program, or
# firmware when cross-compiling with flatprop's board support.
function(_flatprop_add_check target source)
    set(exe ${target}_check)
    if(CMAKE_CROSSCOMPILING AND COMMAND flatprop_add_firmware)
        flatprop_add_firmware(${exe} SOURCES "${source}" LIBS ${target})
        target_compile_definitions(${exe} PRIVATE FLATPROP_CHECK_BOARD)
    elseif(CMAKE_CROSSCOMPILING)
        # A plain executable would have no startup code or linker script.
        message(FATAL_ERROR "flatprop_add_network(${target} ... CHECK): in a cross build "
            "the check program is firmware, and flatprop's board support is not loaded "
            "(flatprop_add_firmware is unknown). Configure with one of flatprop's toolchain "
            "files (cmake/toolchains/*.cmake, which set FLATPROP_BOARD), or set FLATPROP_BOARD "
            "and FLATPROP_BOARD_STACK_SIZE before add_subdirectory(flatprop) or "
            "find_package(flatprop). With your own startup code and linker script, leave "
            "CHECK out and build the target property FLATPROP_CHECK_SOURCE of ${target} "
            "into your own firmware (OPTIONS --check writes it).")
    else()
        add_executable(${exe} "${source}")
        target_link_libraries(${exe} PRIVATE ${target})
    endif()
    set_target_properties(${exe} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON
        C_EXTENSIONS OFF)
    target_compile_options(${exe} PRIVATE
        $<$<C_COMPILER_ID:GNU,Clang,AppleClang>:-ffp-contract=off>
        ${FLATPROP_GENERATED_C_FLAGS})
    add_test(NAME ${exe} COMMAND ${exe})
    set_tests_properties(${exe} PROPERTIES TIMEOUT 120)
    _flatprop_enable_testing(${target})
endfunction()

# add_test() without enable_testing() registers nothing ("No tests were
# found"). When testing is off where a CHECK is added, enable it at the end
# of this folder and of every folder above it (CTest starts at the top), and
# say so. enable_testing() has no effect inside a function, hence DEFER.
function(_flatprop_enable_testing target)
    if(CMAKE_TESTING_ENABLED)
        return()
    endif()
    if(CMAKE_VERSION VERSION_LESS 3.19)
        message(WARNING "flatprop_add_network(${target} ... CHECK): testing is not enabled, "
            "so CTest will not see the test ${target}_check: call enable_testing() in the "
            "top-level CMakeLists.txt before this")
        return()
    endif()
    set(dir "${CMAKE_CURRENT_SOURCE_DIR}")
    while(dir)
        get_property(done DIRECTORY "${dir}" PROPERTY _FLATPROP_TESTING_DEFERRED)
        if(NOT done)
            set_property(DIRECTORY "${dir}" PROPERTY _FLATPROP_TESTING_DEFERRED ON)
            cmake_language(DEFER DIRECTORY "${dir}" CALL enable_testing)
        endif()
        get_property(dir DIRECTORY "${dir}" PROPERTY PARENT_DIRECTORY)
    endwhile()
    message(STATUS "flatprop_add_network(${target} ... CHECK): enable_testing() was not "
        "called, so flatprop enables testing for the test ${target}_check; call "
        "enable_testing() (or include(CTest)) in the top-level CMakeLists.txt to say so yourself")
endfunction()
