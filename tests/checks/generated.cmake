# The check programs compile without a warning with every C compiler
# installed, under the strictest flags, for the host and with the board's
# output hook.
#   cmake -DGENERATOR=flatprop.lua -DDESCRIPTIONS=a.lua|b.lua -DSOURCE=<repo>
#         -DWORK=<dir> -P generated.cmake
string(REPLACE "|" ";" DESCRIPTIONS "${DESCRIPTIONS}")
file(REMOVE_RECURSE "${WORK}")
# (Byte-identity across Luas is the identical_output test's: it generates
# with --check.)
find_program(LUA NAMES lua5.4 lua5.3 luajit lua lua5.2 lua5.1)
set(first gen)
foreach(type float double)
    file(MAKE_DIRECTORY "${WORK}/${first}/${type}")
    foreach(desc IN LISTS DESCRIPTIONS)
        execute_process(COMMAND ${LUA} ${GENERATOR} --check --type ${type}
                -o ${WORK}/${first}/${type} ${desc}
            RESULT_VARIABLE rc ERROR_VARIABLE err)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "generating ${desc} failed: ${err}")
        endif()
    endforeach()
endforeach()

set(flags -std=c99 -Wall -Wextra -Wpedantic -Werror -Wdouble-promotion -Wshadow -Wconversion
    -ffp-contract=off -c)
foreach(cc gcc clang)
    find_program(CC_${cc} ${cc})
    if(NOT CC_${cc})
        continue()
    endif()
    foreach(type float double)
        file(GLOB checks "${WORK}/${first}/${type}/*_check.c")
        foreach(f IN LISTS checks)
            execute_process(COMMAND ${CC_${cc}} ${flags} -I${SOURCE}/runtime/include
                    -I${WORK}/${first}/${type} ${f} -o ${f}.${cc}.o
                RESULT_VARIABLE rc ERROR_VARIABLE err)
            if(NOT rc EQUAL 0)
                message(FATAL_ERROR "${cc} ${f}: ${err}")
            endif()
            # and with the board's output hook, as on a microcontroller
            execute_process(COMMAND ${CC_${cc}} ${flags} -DFLATPROP_CHECK_BOARD
                    -I${SOURCE}/runtime/include -I${SOURCE}/boards/include
                    -I${WORK}/${first}/${type} ${f} -o ${f}.${cc}.board.o
                RESULT_VARIABLE rc ERROR_VARIABLE err)
            if(NOT rc EQUAL 0)
                message(FATAL_ERROR "${cc} -DFLATPROP_CHECK_BOARD ${f}: ${err}")
            endif()
        endforeach()
    endforeach()
    message("${cc}: every check program compiles without a warning")
endforeach()
