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
include(ArmadilloTarget)

# MPI (Debian's Open MPI: libopenmpi-dev, openmpi-bin) lets one training run
# span several processes (lib/mpi). Unlike the libraries above it is
# optional: without it adtrain is built as before, for one process, and the
# MPI tests report themselves skipped. ADTRAIN_HAVE_MPI says which build this
# is. The fuzz build leaves it out: the readers it fuzzes never call MPI, so
# its instrumented adtrain_app stays exactly what it was before MPI.
set(ADTRAIN_HAVE_MPI OFF)
if(NOT ADTRAIN_MPI)
  message(STATUS "MPI support: off (ADTRAIN_MPI=OFF)")
elseif(ADTRAIN_FUZZ)
  message(STATUS "MPI support is left out of the fuzz build (ADTRAIN_FUZZ)")
else()
  # adtrain calls MPI's C functions; the C++ bindings, deprecated since
  # MPI 2.2, would only add libmpi_cxx and warnings.
  set(MPI_CXX_SKIP_MPICXX ON)
  find_package(MPI COMPONENTS CXX QUIET)
  if(MPI_CXX_FOUND)
    set(ADTRAIN_HAVE_MPI ON)
    # What every test that starts mpirun adds to its command line. Open MPI's
    # mpirun refuses root unless told (CI runs as root) and more processes
    # than cores unless told (CI has 2); it forwards its stdin to rank 0, and
    # with stdin closed rather than /dev/null it was seen to hang after every
    # rank had exited, hence --stdin none. Other MPIs take none of these.
    execute_process(COMMAND ${MPIEXEC_EXECUTABLE} --version OUTPUT_VARIABLE adtrain_mpiexec_version
                    ERROR_QUIET INPUT_FILE /dev/null TIMEOUT 20)
    set(ADTRAIN_MPIEXEC_FLAGS "")
    if(adtrain_mpiexec_version MATCHES "Open MPI|OpenRTE")
      set(ADTRAIN_MPIEXEC_FLAGS --allow-run-as-root --oversubscribe --stdin none)
    endif()
    string(REGEX REPLACE "\n.*" "" adtrain_mpiexec_version "${adtrain_mpiexec_version}")
    message(STATUS "MPI support: on (${adtrain_mpiexec_version})")
  else()
    message(STATUS "MPI not found: adtrain is built for one process only "
                   "(apt-get install libopenmpi-dev openmpi-bin, or run: bash .ci/install-deps)")
  endif()
endif()
