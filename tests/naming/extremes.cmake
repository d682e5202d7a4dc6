# Generated identifiers at their extremes (issue 17, point 8): generate each
# description and compile NAME.c with the strict flags; every name must be
# valid C and none may collide. Usage:
#   cmake -DLUA=lua -DROOT=source -DWORK=dir -P extremes.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
# 300 activations after one dense layer: stems h1 .. h1z .. h1z275
set(acts "")
foreach(i RANGE 1 300)
    if(i EQUAL 150)
        string(APPEND acts "tanh(), ")
    else()
        string(APPEND acts "relu(), ")
    endif()
endforeach()
file(WRITE "${WORK}/acts.lua" "return { name = \"acts\", input = 2, layers = { dense { out = 3 }, ${acts}dense { out = 1 }, ${acts}dense { out = 1 } }, loss = \"mse\" }\n")
# layer names that look like the generator's own stems and macros, a name
# of the longest length allowed, and the longest network name
file(WRITE "${WORK}/names.lua" "return { name = \"n01234567890123456789012345678901234567890123456\", input = 2, layers = { dense { out = 2, name = \"h1\" }, relu(), dense { out = 2, name = \"z1\" }, sigmoid(), dense { out = 2, name = \"g\" }, dense { out = 1, name = \"WEIGHTS\" } }, loss = \"mse\" }\n")
set(flags -std=c99 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion -O0)
foreach(net acts names)
    file(MAKE_DIRECTORY "${WORK}/${net}")
    execute_process(COMMAND ${LUA} "${ROOT}/generator/flatprop.lua" -o "${WORK}/${net}"
            "${WORK}/${net}.lua"
        RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${net}: the generator failed (${rc}): ${err}")
    endif()
    file(GLOB sources "${WORK}/${net}/*.c")
    foreach(src IN LISTS sources)
        execute_process(COMMAND gcc ${flags} -I${WORK}/${net} -I${ROOT}/runtime/include
                -c "${src}" -o "${src}.o"
            RESULT_VARIABLE rc ERROR_VARIABLE err)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "${src} does not compile: ${err}")
        endif()
    endforeach()
    message(STATUS "${net}: generated and compiled")
endforeach()
