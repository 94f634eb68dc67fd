# CMake's FindArmadillo sets variables only, and Debian's libarmadillo-dev
# ships no usable package config, so adtrain wraps the variables in a target.
# The build (cmake/Dependencies.cmake) and the installed package config
# (cmake/adtrainConfig.cmake.in) both include this file, after
# find_package(Armadillo), so the exported targets' Armadillo::Armadillo means
# the same in a consumer as in adtrain's own build.
if(NOT TARGET Armadillo::Armadillo)
  add_library(Armadillo::Armadillo INTERFACE IMPORTED)
  target_include_directories(Armadillo::Armadillo SYSTEM INTERFACE ${ARMADILLO_INCLUDE_DIRS})
  target_link_libraries(Armadillo::Armadillo INTERFACE ${ARMADILLO_LIBRARIES})
endif()
