# Where double has 32 bits (avr-gcc), C generated with --type double and a
# call of a runtime double function must not compile, and the compiler must
# say why (the error attribute of flatprop.h). For CTest (tests/cores):
#   cmake -DLUA=<lua> -DGENERATOR=<flatprop.lua> -DSOURCE=<flatprop> -DCC=<avr-gcc>
#         -DCFLAGS=<flags> -DWORK=<folder> -P double_compile.cmake
foreach(var LUA GENERATOR SOURCE CC WORK)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "double_compile.cmake: -D${var}= is required")
    endif()
endforeach()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${LUA}" "${GENERATOR}" -o "${WORK}" --type double
        "${SOURCE}/tests/c/xor.lua"
    RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the generator failed: ${err}")
endif()
file(WRITE "${WORK}/call_exp_d.c" "#include \"flatprop.h\"\n\nfloat call(float x)\n{\n"
    "    return (float)flatprop_exp_d((double)x);\n}\n")
separate_arguments(cflags UNIX_COMMAND "${CFLAGS}")
set(message "double is not 64 bits on this target \\(DBL_MANT_DIG < 53\\), so the runtime has no double functions here: generate the network with --type float")
foreach(src xor.c call_exp_d.c)
    foreach(opt -O0 -O2)
        execute_process(COMMAND "${CC}" ${cflags} ${opt} -std=c99 -Wall -Wextra -Wpedantic
                -I${SOURCE}/runtime/include -I${WORK} -c "${WORK}/${src}" -o "${WORK}/${src}.o"
            RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
        if(rc EQUAL 0)
            message(FATAL_ERROR "${src} (${opt}) compiled, but double has 32 bits here")
        endif()
        if(NOT out MATCHES "${message}")
            message(FATAL_ERROR "${src} (${opt}) failed to compile, but without the message:\n${out}")
        endif()
        message("${src} (${opt}): refused as expected")
    endforeach()
endforeach()
