cmake_minimum_required(VERSION 3.16)
# The README's first command, run for real: in a copy of the source tree
# (the files git tracks, or the tree without build folders), it must
# install nothing new, build, and print the worked example's verdict. The
# second command is what .ci/run runs, which this checks too.
#   cmake -DSOURCE=dir -DWORK=dir -P quickstart.cmake
file(STRINGS "${SOURCE}/tests/readme/quickstart.sh" lines)
list(GET lines 1 first)
list(GET lines 4 second)
file(STRINGS "${SOURCE}/.ci/run" run)
list(FIND run "${second}" found)
if(found LESS 0)
    message(FATAL_ERROR ".ci/run does not run the README's second command: ${second}")
endif()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND git -C "${SOURCE}" ls-files
    OUTPUT_VARIABLE tracked RESULT_VARIABLE rc ERROR_QUIET)
if(rc EQUAL 0 AND tracked)
    string(REPLACE "\n" ";" tracked "${tracked}")
    foreach(f IN LISTS tracked)
        if(f AND EXISTS "${SOURCE}/${f}")
            get_filename_component(d "${f}" DIRECTORY)
            file(COPY "${SOURCE}/${f}" DESTINATION "${WORK}/${d}")
        endif()
    endforeach()
else()
    file(COPY "${SOURCE}/" DESTINATION "${WORK}" PATTERN "build*" EXCLUDE PATTERN ".git" EXCLUDE)
endif()
execute_process(COMMAND bash -c "${first}" WORKING_DIRECTORY "${WORK}"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "all numbers agree with the article")
    message(FATAL_ERROR "the README's first command failed (${rc}):\n${out}\n${err}")
endif()
message(STATUS "the README's first command builds and runs the worked example")
