# --dot: the generator's graph of docs/finetune.lua is docs/finetune.dot as
# checked in (the README's picture, docs/finetune.svg, is its rendering),
# and Graphviz renders it and the seed's graph without complaint.
#   cmake -DLUA= -DGENERATOR= -DDOT=<dot or empty> -DWORK= -DDOCS= -DSEED= -P dot_graph.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
foreach(desc "${DOCS}/finetune.lua" "${SEED}")
    get_filename_component(stem "${desc}" NAME_WE)
    execute_process(COMMAND "${LUA}" "${GENERATOR}" -o "${WORK}" --dot "${WORK}/${stem}.dot"
        "${desc}" RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "flatprop --dot failed on ${desc}: ${err}")
    endif()
    if(DOT)
        execute_process(COMMAND "${DOT}" -Tsvg "${WORK}/${stem}.dot" -o "${WORK}/${stem}.svg"
            RESULT_VARIABLE rc ERROR_VARIABLE err)
        if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
            message(FATAL_ERROR "dot -Tsvg ${stem}.dot: status ${rc}: ${err}")
        endif()
        file(READ "${WORK}/${stem}.svg" svg)
        if(NOT svg MATCHES "<svg" OR NOT svg MATCHES "loss")
            message(FATAL_ERROR "${stem}.svg does not look like the graph")
        endif()
        message(STATUS "${stem}.dot renders")
    else()
        message(STATUS "dot not found: ${stem}.dot not rendered")
    endif()
endforeach()
file(READ "${WORK}/finetune.dot" got)
file(READ "${DOCS}/finetune.dot" want)
if(NOT got STREQUAL want)
    message(FATAL_ERROR "docs/finetune.dot is out of date: regenerate it with\n"
        "  lua generator/flatprop.lua -o /tmp --dot docs/finetune.dot docs/finetune.lua")
endif()
