# Each bad input of issue 6 gives one FILE:LINE: error, exit status 1 and no
# output; and a frozen first layer leaves no gradient code for it.
# Run with -DGENERATOR=... (the generator's command, ;-list) -DWORK=dir.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(n 0)
function(expect_error body message)
    math(EXPR i "${n} + 1")
    set(n ${i} PARENT_SCOPE)
    set(file "${WORK}/bad${i}.lua")
    file(WRITE "${file}" "return {\n  name = \"bad\",\n  input = 2,\n${body}\n}\n")
    execute_process(COMMAND ${GENERATOR} -o "${WORK}" "${file}"
        RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
    string(STRIP "${err}" err)
    if(NOT rc EQUAL 1 OR NOT err MATCHES "(^|/)bad${i}\\.lua:[0-9]+: .*${message}" OR EXISTS "${WORK}/bad.c")
        message(FATAL_ERROR "bad${i}.lua: expected status 1 and '${message}', got ${rc}: ${err}")
    endif()
    message(STATUS "ok: ${err}")
endfunction()

expect_error("  layers = { { op = \"dense\", out = 2 },\n    { op = \"softmax\" } },\n  loss = \"mse\","
    "layer 2: unknown op .softmax.")
expect_error("  layers = { { op = \"dense\", out = 2 } },\n  loss = \"cross_entropy\","
    "unknown loss 'cross_entropy'")
expect_error("  layers = { { op = \"dense\", out = 2 },\n    { op = \"leaky_relu\", slope = 0/0 } },\n  loss = \"mse\","
    "layer 2 \\(leaky_relu\\): slope must be a finite number")
expect_error("  layers = { { op = \"dense\", out = 2 },\n    { op = \"leaky_relu\", slope = \"0.1\" } },\n  loss = \"mse\","
    "slope must be a finite number, got \"0.1\"")
expect_error("  layers = { { op = \"dense\", out = 2 },\n    { op = \"leaky_relu\", slope = 1/0 } },\n  loss = \"mse\","
    "slope must be a finite number")
expect_error("  layers = { { op = \"dense\", out = 2,\n    trainable = \"no\" } },\n  loss = \"mse\","
    "layer 1 \\(dense\\): trainable must be true or false")
expect_error("  layers = { { op = \"dense\", out = 1 } },\n  loss = \"softmax_cross_entropy\","
    "loss 'softmax_cross_entropy' needs at least 2 outputs")

# A frozen first layer: the gradient writes only dense2's entries and never
# forms the input gradient of dense2 (nothing below needs it).
file(WRITE "${WORK}/frozen.lua" "return { name = \"frozen\", input = 3, layers = {
  { op = \"dense\", out = 4, trainable = false }, { op = \"tanh\" },
  { op = \"dense\", out = 2 } }, loss = \"mse\" }\n")
execute_process(COMMAND ${GENERATOR} -o "${WORK}" "${WORK}/frozen.lua" RESULT_VARIABLE rc)
file(READ "${WORK}/frozen.c" c)
string(REGEX MATCH "frozen_real frozen_gradient\\(.*\nvoid frozen_backward" grad_fn "${c}")
if(NOT rc EQUAL 0 OR grad_fn STREQUAL "")
    message(FATAL_ERROR "frozen.lua did not generate")
endif()
# dense1 is params[0..15]; dense2's weights start at 16. The gradient is
# written through base pointers ("real *gw2_1 = grad + 16;"): none may
# point into the frozen layer, and dense2's must exist.
string(REGEX MATCHALL "= grad \\+ [0-9]+;" bases "${grad_fn}")
foreach(b IN LISTS bases)
    string(REGEX REPLACE "[^0-9]" "" k "${b}")
    if(k LESS 16)
        message(FATAL_ERROR "frozen.c: gradient writes grad[${k}] of the frozen layer")
    endif()
endforeach()
if(grad_fn MATCHES "gh1_" OR grad_fn MATCHES "d1_")
    message(FATAL_ERROR "frozen.c: gradient computes backward work for the frozen layer")
endif()
if(NOT grad_fn MATCHES "= grad \\+ 16;")
    message(FATAL_ERROR "frozen.c: gradient does not update the trainable layer")
endif()
message(STATUS "ok: frozen first layer has no gradient code")
