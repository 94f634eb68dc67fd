# ctest install.find_package (cmake -P): installs the build into a fresh
# prefix under the build directory, checks what landed where, then
# configures, builds and runs tests/install/consumer against that prefix with
# find_package(adtrain CONFIG REQUIRED), and checks that asking for a higher
# version than ours fails to configure. Nothing is written outside WORK_DIR
# (but the install manifest that cmake --install keeps in BUILD_DIR).
#
# Variables (-D): BUILD_DIR, SOURCE_DIR, WORK_DIR, CONSUMER_DIR, CONFIG,
# GENERATOR, CXX_COMPILER, CONSUMER_FLAGS, VERSION, BINDIR, LIBDIR,
# INCLUDEDIR, CMAKEDIR, LIBRARY_FILES (the libraries' file names, ':' between),
# MAN_PAGE, COMPLETION (relative to the prefix).
cmake_minimum_required(VERSION 3.25)

include("${CMAKE_CURRENT_LIST_DIR}/run_step.cmake")

function(expect_file path)
  if(NOT EXISTS "${prefix}/${path}")
    message(FATAL_ERROR "not installed: ${path}")
  endif()
endfunction()

function(expect_no_file path)
  if(EXISTS "${prefix}/${path}")
    message(FATAL_ERROR "installed but should not be: ${path}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

run("cmake --install" ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}" --config "${CONFIG}")

# What is installed, and what is not.
expect_file("${BINDIR}/adtrain")
string(REPLACE ":" ";" library_files "${LIBRARY_FILES}")
foreach(library IN LISTS library_files)
  expect_file("${LIBDIR}/${library}")
endforeach()
foreach(header ad.hpp ml.hpp data.hpp)
  expect_file("${INCLUDEDIR}/adtrain/${header}")
endforeach()
foreach(file adtrainConfig.cmake adtrainConfigVersion.cmake adtrainTargets.cmake ArmadilloTarget.cmake)
  expect_file("${CMAKEDIR}/${file}")
endforeach()
# The documentation, where man(1) and bash-completion look (see
# cmake/InstallDocs.cmake); a completion folder outside the prefix is the
# builder's own choice and not checked.
expect_file("${MAN_PAGE}")
if(NOT IS_ABSOLUTE "${COMPLETION}")
  expect_file("${COMPLETION}")
endif()
# One public header per library: no part headers beside them.
foreach(folder ad ml data)
  expect_no_file("${INCLUDEDIR}/adtrain/${folder}")
endforeach()
expect_no_file("${INCLUDEDIR}/adtrain/mpi.hpp")
expect_no_file("${INCLUDEDIR}/adtrain/plot.hpp")

# The package must be relocatable and self-contained: no path into adtrain's
# source or build tree may survive in it.
file(GLOB config_files "${prefix}/${CMAKEDIR}/*.cmake")
foreach(file IN LISTS config_files)
  file(READ "${file}" text)
  foreach(tree "${SOURCE_DIR}" "${BUILD_DIR}")
    string(FIND "${text}" "${tree}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${file} refers to ${tree}")
    endif()
  endforeach()
endforeach()

# The compile definitions a consumer inherits are those the archives were
# built with (lib/ad/CMakeLists.txt), never a function of the consumer's own
# build type: no $<CONFIG> may reach the exported targets.
file(READ "${prefix}/${CMAKEDIR}/adtrainTargets.cmake" targets_text)
string(FIND "${targets_text}" "$<CONFIG" at)
if(NOT at EQUAL -1)
  message(FATAL_ERROR "adtrainTargets.cmake depends on the consumer's build type")
endif()

# The installed executable runs.
run("installed adtrain --version" "${prefix}/${BINDIR}/adtrain" --version)
if(NOT run_output MATCHES "${VERSION}")
  message(FATAL_ERROR "adtrain --version does not say ${VERSION}:\n${run_output}")
endif()

# The consumer, asking for our major.minor: configure, build, run. The user
# package registry is off so that only the prefix can supply adtrain.
string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" major_minor "${VERSION}")
set(major "${CMAKE_MATCH_1}")
set(minor "${CMAKE_MATCH_2}")
set(consumer_args
  -G "${GENERATOR}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DCMAKE_BUILD_TYPE=${CONFIG}"
  "-DCMAKE_PREFIX_PATH=${prefix}"
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  "-DCMAKE_CXX_FLAGS=${CONSUMER_FLAGS}"
  "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_FLAGS}")
set(consumer_build "${WORK_DIR}/consumer")
run("configuring the consumer" ${CMAKE_COMMAND} -S "${CONSUMER_DIR}" -B "${consumer_build}" ${consumer_args}
    "-DADTRAIN_VERSION_WANTED=${major_minor}")
file(STRINGS "${consumer_build}/CMakeCache.txt" found_dir REGEX "^adtrain_DIR:")
string(REGEX REPLACE "^adtrain_DIR:[A-Z]+=" "" found_dir "${found_dir}")
# Compared as real paths: the prefix may lie under a symbolic link.
file(REAL_PATH "${found_dir}" found_dir)
file(REAL_PATH "${prefix}/${CMAKEDIR}" expected_dir)
if(NOT found_dir STREQUAL expected_dir)
  message(FATAL_ERROR "the consumer found adtrain in ${found_dir}, not in ${expected_dir}")
endif()
run("building the consumer" ${CMAKE_COMMAND} --build "${consumer_build}" --config "${CONFIG}")
run("running the consumer" "${consumer_build}/adtrain_consumer")
message("${run_output}")

# A request above our version fails at find_package, whether it is the next
# major or the next minor version (SameMajorVersion).
math(EXPR next_major "${major} + 1")
math(EXPR next_minor "${minor} + 1")
foreach(wanted "${next_major}.0" "${major}.${next_minor}")
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S "${CONSUMER_DIR}" -B "${WORK_DIR}/consumer-${wanted}" ${consumer_args}
            "-DADTRAIN_VERSION_WANTED=${wanted}"
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(status EQUAL 0)
    message(FATAL_ERROR "asking for adtrain ${wanted} configured against ${VERSION}:\n${out}")
  endif()
  if(NOT out MATCHES "compatible with requested version \"${wanted}\"")
    message(FATAL_ERROR "asking for adtrain ${wanted} failed, but not on the version:\n${out}")
  endif()
  message("asking for adtrain ${wanted}: refused, as it should be")
endforeach()
