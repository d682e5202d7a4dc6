# --reference with `params:` (the values xor_init wrote), `seed: 42` (the
# runtime's generator reproduced in Lua) and `blob:` (xor_save's blob) must
# print the same report, byte for byte, on every Lua given.
# cmake -DWRITER=exe -DGENERATOR=flatprop.lua -DLUAS=a|b -DDESC=xor.lua -DTYPE=t -DWORK=dir -P
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${WRITER}" "${WORK}/p.txt" "${WORK}/p.blob" "${WORK}/bad.blob"
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the writer failed: ${rc}")
endif()
file(STRINGS "${WORK}/p.txt" lines)
list(GET lines 0 params)
list(SUBLIST lines 1 -1 point)
string(REPLACE ";" "\n" point "${point}")
file(WRITE "${WORK}/a.txt" "${params}\n${point}\n")
file(WRITE "${WORK}/b.txt" "seed: 42\n${point}\n")
file(WRITE "${WORK}/c.txt" "blob: p.blob\n${point}\n")
string(REPLACE "|" ";" LUAS "${LUAS}")
foreach(lua IN LISTS LUAS)
    set(first)
    foreach(src a b c)
        execute_process(COMMAND "${lua}" "${GENERATOR}" --type ${TYPE} --reference
                "${WORK}/${src}.txt" "${DESC}"
            RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "${lua} --reference ${src}.txt: ${err}")
        endif()
        if(NOT first)
            set(first "${out}")
        elseif(NOT out STREQUAL first)
            message(FATAL_ERROR "${lua}: --reference ${src}.txt differs from params:")
        endif()
    endforeach()
    message(STATUS "${lua}: params:, seed: and blob: give the same reference")
endforeach()

# A damaged blob and one of another type are refused with one line.
list(GET LUAS 0 lua)
file(WRITE "${WORK}/d.txt" "blob: bad.blob\n${point}\n")
execute_process(COMMAND "${lua}" "${GENERATOR}" --type ${TYPE} --reference "${WORK}/d.txt" "${DESC}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "^blob 'bad.blob' fails its CRC-32 check \\(damaged\\)\n$")
    message(FATAL_ERROR "a damaged blob: exit ${rc}, stderr '${err}'")
endif()
set(other float)
if(TYPE STREQUAL "float")
    set(other double)
endif()
execute_process(COMMAND "${lua}" "${GENERATOR}" --type ${other} --reference "${WORK}/c.txt" "${DESC}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "^blob 'p.blob' holds float")
    message(FATAL_ERROR "a blob of the other type: exit ${rc}, stderr '${err}'")
endif()
message(STATUS "damaged and mistyped blobs refused")
