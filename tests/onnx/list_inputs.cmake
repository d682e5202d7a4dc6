# --list-inputs of a description naming an ONNX model prints the model's path.
execute_process(COMMAND ${LUA} ${GENERATOR} --list-inputs ${DESC}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
    OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "--list-inputs failed: ${err}")
endif()
get_filename_component(got "${out}" ABSOLUTE)
if(NOT got STREQUAL MODEL)
    message(FATAL_ERROR "--list-inputs printed '${out}', expected ${MODEL}")
endif()
# and the generation reads it: a broken model stops it
get_filename_component(dir "${DESC}" DIRECTORY)
set(work "${CMAKE_CURRENT_BINARY_DIR}/onnx_list_inputs")
file(MAKE_DIRECTORY "${work}")
file(WRITE "${work}/m.lua" "return { name = \"m\", onnx = \"m.onnx\", loss = \"mse\" }\n")
file(WRITE "${work}/m.onnx" "not a model")
execute_process(COMMAND ${LUA} ${GENERATOR} -o ${work} ${work}/m.lua
    RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "m.onnx: ")
    message(FATAL_ERROR "a broken model gave status ${rc}: ${err}")
endif()
