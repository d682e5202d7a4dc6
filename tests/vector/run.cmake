# --vector mve: the generated check programs of a few networks, built with
# the Helium shape, pass against the reference (with its tolerances) on the
# host (the scalar fallback, gcc and clang, strict warnings) and, where
# arm-none-eabi-gcc and qemu-system-arm are found, as Cortex-M55 firmware
# under qemu-system-arm -M mps3-an547 built with MVE. The M55 build must
# contain MVE floating-point instructions, and its report must equal the
# host's (the fallback does the lanes' operations in the same order).
# -DLUA -DGENERATOR -DSOURCE -DWORK -DDESCRIPTIONS (|-separated)
string(REPLACE "|" ";" DESCRIPTIONS "${DESCRIPTIONS}")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/gen")
set(flags -std=c99 -Wall -Wextra -Wpedantic -Werror -Wdouble-promotion -Wshadow -Wconversion
    -ffp-contract=off -O2)
file(GLOB runtime "${SOURCE}/runtime/src/*.c")
find_program(ARM_GCC arm-none-eabi-gcc)
find_program(ARM_OBJDUMP arm-none-eabi-objdump)
find_program(QEMU qemu-system-arm)
set(m55 -mcpu=cortex-m55 -mthumb -mfloat-abi=hard)
if(ARM_GCC AND QEMU)
    file(MAKE_DIRECTORY "${WORK}/board")
    set(board_objs)
    foreach(f startup semihost format stack markers)
        execute_process(COMMAND ${ARM_GCC} ${m55} -O2 -ffp-contract=off -std=c99
                -I${SOURCE}/boards/include -c ${SOURCE}/boards/common/${f}.c
                -o ${WORK}/board/${f}.o RESULT_VARIABLE rc ERROR_VARIABLE err)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "board ${f}.c: ${err}")
        endif()
        list(APPEND board_objs ${WORK}/board/${f}.o)
    endforeach()
endif()
foreach(desc IN LISTS DESCRIPTIONS)
    get_filename_component(name ${desc} NAME_WE)
    execute_process(COMMAND ${LUA} ${GENERATOR} --vector mve --check -o ${WORK}/gen ${desc}
        RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "generating ${desc} with --vector mve failed: ${err}")
    endif()
    file(READ ${WORK}/gen/${name}.c text)
    if(NOT text MATCHES "${name}_vdot\\(fw")
        message(FATAL_ERROR "${name}.c: no dense layer calls the vector dot product")
    endif()
    set(host_out)
    foreach(cc gcc clang)
        find_program(CC_${cc} ${cc})
        if(NOT CC_${cc})
            continue()
        endif()
        execute_process(COMMAND ${CC_${cc}} ${flags} -I${SOURCE}/runtime/include
                ${WORK}/gen/${name}.c ${WORK}/gen/${name}_check.c ${runtime} -lm
                -o ${WORK}/${name}.${cc}
            RESULT_VARIABLE rc ERROR_VARIABLE err)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "${cc} ${name} --vector mve: ${err}")
        endif()
        execute_process(COMMAND ${WORK}/${name}.${cc} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
        if(NOT rc EQUAL 0 OR NOT out MATCHES "PASS ")
            message(FATAL_ERROR "${name} --vector mve on the host (${cc}) failed:\n${out}")
        endif()
        string(REGEX MATCH "PASS [^\n]*" host_out "${out}")
        message("${cc}: ${host_out}")
    endforeach()
    if(ARM_GCC AND QEMU)
        execute_process(COMMAND ${ARM_GCC} ${m55} ${flags} -DFLATPROP_CHECK_BOARD
                -I${SOURCE}/runtime/include -I${SOURCE}/boards/include
                ${WORK}/gen/${name}.c ${WORK}/gen/${name}_check.c ${runtime} ${board_objs}
                -specs=nano.specs -nostartfiles -Wl,--gc-sections -L${SOURCE}/boards/ld
                -L${SOURCE}/bench/mve -Tmps3-an547.ld -Wl,--defsym=__stack_size=0x10000
                -lm -lc -lgcc -o ${WORK}/${name}.elf
            RESULT_VARIABLE rc ERROR_VARIABLE err)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "cortex-m55 ${name} --vector mve: ${err}")
        endif()
        execute_process(COMMAND ${ARM_OBJDUMP} -d ${WORK}/${name}.elf OUTPUT_VARIABLE dis)
        string(REGEX MATCHALL "vmul\\.f32[ \t]+q" vmuls "${dis}")
        list(LENGTH vmuls n_vmul)
        if(n_vmul EQUAL 0)
            message(FATAL_ERROR "${name}.elf: no MVE vmul.f32 on q registers")
        endif()
        execute_process(COMMAND ${QEMU} -M mps3-an547 -display none -chardev stdio,id=sh0
                -semihosting-config enable=on,target=native,chardev=sh0
                -kernel ${WORK}/${name}.elf
            RESULT_VARIABLE rc OUTPUT_VARIABLE out TIMEOUT 120)
        string(REGEX MATCH "PASS [^\n]*" m55_out "${out}")
        if(NOT rc EQUAL 0 OR NOT m55_out)
            message(FATAL_ERROR "${name} --vector mve on the Cortex-M55 failed:\n${out}")
        endif()
        if(host_out AND NOT m55_out STREQUAL host_out)
            message(FATAL_ERROR "${name}: the M55's report differs from the host's:\n"
                "${m55_out}\n${host_out}")
        endif()
        message("cortex-m55 (${n_vmul} vmul.f32 q): ${m55_out}")
    endif()
endforeach()
