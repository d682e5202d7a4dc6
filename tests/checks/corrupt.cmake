# Prove that a check program fails: generate a network with --check, build
# and run its check (it must pass), then flip the first `grad[K] +=` of the
# generated gradient function to `-=`, rebuild, and require the check to
# fail and name parameter K.
#   cmake -DLUA=lua5.4 -DGENERATOR=flatprop.lua -DDESCRIPTION=xor.lua -DSOURCE=<repo>
#         -DCC=cc -DWORK=<dir> -P corrupt.cmake
foreach(var LUA GENERATOR DESCRIPTION SOURCE CC WORK)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "corrupt.cmake: -D${var}= is required")
    endif()
endforeach()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND ${LUA} ${GENERATOR} --print-name ${DESCRIPTION}
    OUTPUT_VARIABLE name OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cannot read the name of ${DESCRIPTION}")
endif()
execute_process(COMMAND ${LUA} ${GENERATOR} --check -o ${WORK} ${DESCRIPTION} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "generating ${DESCRIPTION} failed")
endif()
file(GLOB runtime "${SOURCE}/runtime/src/*.c")

function(build_and_run label out_rc out_text)
    execute_process(COMMAND ${CC} -std=c99 -ffp-contract=off -I${SOURCE}/runtime/include
            ${WORK}/${name}.c ${WORK}/${name}_check.c ${runtime} -o ${WORK}/${label} -lm
        RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "building the ${label} check failed: ${err}")
    endif()
    execute_process(COMMAND ${WORK}/${label} RESULT_VARIABLE rc OUTPUT_VARIABLE text
        TIMEOUT 60)
    message("---- ${label} check: exit status ${rc}\n${text}")
    set(${out_rc} ${rc} PARENT_SCOPE)
    set(${out_text} "${text}" PARENT_SCOPE)
endfunction()

build_and_run(intact rc text)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the check of the intact ${name}.c failed")
endif()

file(READ ${WORK}/${name}.c code)
string(FIND "${code}" "${name}_gradient(" at)
string(SUBSTRING "${code}" ${at} -1 tail)
# The gradient is written through base pointers: "real *gw2_1 = grad + 24;"
# then "gw2_1[i] += ...". Parameter K is the base offset plus i.
if(NOT tail MATCHES "\\*(g[A-Za-z0-9_]*) = grad \\+ ([0-9]+);")
    message(FATAL_ERROR "no 'real *P = grad + K;' base pointer in ${name}_gradient")
endif()
set(base ${CMAKE_MATCH_1})
set(offset ${CMAKE_MATCH_2})
string(FIND "${tail}" "${base}[" first)
string(SUBSTRING "${tail}" ${first} -1 from_first)
if(NOT from_first MATCHES "^${base}\\[([0-9]+)\\] \\+= ")
    message(FATAL_ERROR "no '${base}[i] +=' statement in ${name}_gradient")
endif()
set(i ${CMAKE_MATCH_1})
math(EXPR k "${offset} + ${i}")
set(stmt "${base}[${i}] += ")
math(EXPR pos "${at} + ${first}")
string(SUBSTRING "${code}" 0 ${pos} head)
string(LENGTH "${stmt}" len)
math(EXPR rest "${pos} + ${len}")
string(SUBSTRING "${code}" ${rest} -1 rest)
file(WRITE ${WORK}/${name}.c "${head}${base}[${i}] -= ${rest}")
message("flipped '${stmt}' (parameter ${k}) of ${name}_gradient to '-='")

build_and_run(corrupted rc text)
if(rc EQUAL 0)
    message(FATAL_ERROR "the check passed although gradient entry ${k} has the wrong sign")
endif()
if(NOT text MATCHES "FAIL point [0-9]+: gradient parameter ${k} \\(")
    message(FATAL_ERROR "the check failed but did not name parameter ${k}")
endif()
string(REGEX MATCHALL "parameter [0-9]+" named "${text}")
list(REMOVE_DUPLICATES named)
if(NOT named STREQUAL "parameter ${k}")
    message(FATAL_ERROR "the check blamed other parameters too: ${named}")
endif()
message("the check failed and named parameter ${k} only")
