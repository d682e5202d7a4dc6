# The check programs' text: byte-identical from every Lua installed, and
# warning-free with every C compiler installed under the strictest flags.
#   cmake -DGENERATOR=flatprop.lua -DDESCRIPTIONS=a.lua|b.lua -DSOURCE=<repo>
#         -DWORK=<dir> -P generated.cmake
string(REPLACE "|" ";" DESCRIPTIONS "${DESCRIPTIONS}")
file(REMOVE_RECURSE "${WORK}")
set(luas)
foreach(lua lua5.1 lua5.2 lua5.3 lua5.4 luajit)
    find_program(LUA_${lua} ${lua})
    if(LUA_${lua})
        list(APPEND luas ${lua})
    endif()
endforeach()
list(GET luas 0 first)
set(names)
foreach(type float double)
    foreach(desc IN LISTS DESCRIPTIONS)
        foreach(lua IN LISTS luas)
            file(MAKE_DIRECTORY "${WORK}/${lua}/${type}")
            execute_process(COMMAND ${LUA_${lua}} ${GENERATOR} --check --type ${type}
                    -o ${WORK}/${lua}/${type} ${desc}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
            if(NOT rc EQUAL 0)
                message(FATAL_ERROR "${lua} failed on ${desc}: ${err}")
            endif()
        endforeach()
    endforeach()
    file(GLOB checks RELATIVE "${WORK}/${first}/${type}" "${WORK}/${first}/${type}/*_check.c")
    foreach(f IN LISTS checks)
        foreach(lua IN LISTS luas)
            file(SHA256 "${WORK}/${lua}/${type}/${f}" h)
            file(SHA256 "${WORK}/${first}/${type}/${f}" h0)
            if(NOT h STREQUAL h0)
                message(FATAL_ERROR "${type}/${f} from ${lua} differs from ${first}'s")
            endif()
        endforeach()
        message("${type}/${f}: identical from ${luas}")
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
