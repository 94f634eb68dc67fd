# run(WHAT COMMAND...): runs a command in a cmake -P script, keeping its output
# in run_output, and stops the script with WHAT and that output when it fails.
# Shared by install_test.cmake and package_test.cmake.
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${what} failed (${status}):\n${out}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()
