# Every third-party library comes from a Debian package. When one is missing,
# configuration stops and names the package to install, instead of failing
# later with an unrelated compiler error.

macro(adtrain_require package debian_package)
  find_package(${package} ${ARGN} QUIET)
  if(NOT ${package}_FOUND)
    message(FATAL_ERROR
      "adtrain needs ${package}, which was not found.\n"
      "On Debian/Ubuntu install it with:  apt-get install ${debian_package}\n"
      "(or run: bash .ci/install-deps)")
  endif()
endmacro()

adtrain_require(Armadillo libarmadillo-dev)
adtrain_require(CLI11 libcli11-dev CONFIG)
adtrain_require(nlohmann_json nlohmann-json3-dev CONFIG)
adtrain_require(fmt libfmt-dev CONFIG)
adtrain_require(tomlplusplus libtomlplusplus-dev CONFIG)
if(ADTRAIN_BUILD_TESTS)
  adtrain_require(GTest libgtest-dev)
endif()
adtrain_require(benchmark libbenchmark-dev CONFIG)

# OpenMP shares large element-wise kernels among cores. It comes with g++
# (libgomp); clang needs libomp-dev, which only the fuzz build uses clang
# for, so there the library is simply built single-threaded.
option(ADTRAIN_OPENMP "Run large kernels on several threads (OpenMP)" ON)
if(ADTRAIN_OPENMP)
  find_package(OpenMP COMPONENTS CXX QUIET)
  if(NOT OpenMP_CXX_FOUND)
    message(STATUS "OpenMP not found: the autodiff kernels run on one thread")
  endif()
endif()

# FindArmadillo only sets variables; wrap them in a target like the others.
if(NOT TARGET Armadillo::Armadillo)
  add_library(Armadillo::Armadillo INTERFACE IMPORTED)
  target_include_directories(Armadillo::Armadillo SYSTEM INTERFACE ${ARMADILLO_INCLUDE_DIRS})
  target_link_libraries(Armadillo::Armadillo INTERFACE ${ARMADILLO_LIBRARIES})
endif()
