# Strict warnings for adtrain's own targets only; third-party headers are
# included as SYSTEM so their warnings do not break the build.
function(adtrain_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
endfunction()
