# Compile generated sources and the runtime with the strict flags, with
# every C compiler found (gcc, clang). Usage:
#   cmake -DSOURCES=a.c;b.c -DINCLUDES=dir -DRUNTIME=dir -P strict_compile.cmake
set(flags -std=c99 -Wall -Wextra -Wpedantic -Werror -Wdouble-promotion -Wshadow
    -Wconversion -Wcast-qual -Wstrict-prototypes -Wmissing-prototypes -ffp-contract=off -O1)
string(REPLACE "|" ";" SOURCES "${SOURCES}")
file(GLOB runtime_sources "${RUNTIME}/*.c")
set(found 0)
foreach(cc gcc clang)
    find_program(CC_${cc} ${cc})
    if(NOT CC_${cc})
        message(STATUS "${cc}: not installed, skipped")
        continue()
    endif()
    math(EXPR found "${found} + 1")
    set(count 0)
    foreach(src IN LISTS SOURCES runtime_sources)
        get_filename_component(dir "${src}" DIRECTORY)
        execute_process(
            COMMAND ${CC_${cc}} ${flags} -I${dir} -I${INCLUDES} -c ${src} -o /dev/null
            RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "${cc} rejects ${src}:\n${err}")
        endif()
        math(EXPR count "${count} + 1")
    endforeach()
    string(REPLACE ";" " " shown "${flags}")
    message(STATUS "${cc}: ${count} files compile cleanly with ${shown}")
endforeach()
if(found EQUAL 0)
    message(FATAL_ERROR "no C compiler found")
endif()
