# ctest package.deb (cmake -P): runs cpack -G DEB on the build into WORK_DIR
# and inspects the .deb with dpkg-deb: its control fields (Package, Version,
# a Depends from dpkg-shlibdeps that names Armadillo) and that it holds the
# executable, the libraries, the headers and the CMake package config.
#
# Variables (-D): BUILD_DIR, WORK_DIR, CONFIG, VERSION, DPKG_DEB, BINDIR,
# LIBDIR, INCLUDEDIR, CMAKEDIR, LIBRARY_FILES (':' between), MAN_PAGE,
# COMPLETION.
cmake_minimum_required(VERSION 3.25)

include("${CMAKE_CURRENT_LIST_DIR}/run_step.cmake")

file(REMOVE_RECURSE "${WORK_DIR}")
get_filename_component(cmake_bin_dir "${CMAKE_COMMAND}" DIRECTORY)
find_program(CPACK cpack HINTS "${cmake_bin_dir}" NO_DEFAULT_PATH)
run("cpack -G DEB" "${CPACK}" -G DEB --config "${BUILD_DIR}/CPackConfig.cmake" -B "${WORK_DIR}" -C "${CONFIG}")
file(GLOB debs "${WORK_DIR}/*.deb")
list(LENGTH debs count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected one .deb in ${WORK_DIR}, found ${count}:\n${run_output}")
endif()
message("built ${debs}")

run("dpkg-deb --info" "${DPKG_DEB}" --info "${debs}")
set(info "${run_output}")
message("${info}")
string(REPLACE "." "\\." version_pattern "${VERSION}")
foreach(pattern
    "\n Package: adtrain\n"
    "\n Version: ${version_pattern}\n"
    "\n Section: science\n"
    "\n Maintainer: [^\n]+\n"
    "\n Description: [^\n]+\n"
    "\n Depends: [^\n]*libarmadillo[^\n]*\n")
  if(NOT info MATCHES "${pattern}")
    message(FATAL_ERROR "dpkg-deb --info has no line matching ${pattern}")
  endif()
endforeach()

run("dpkg-deb --contents" "${DPKG_DEB}" --contents "${debs}")
set(contents "${run_output}")
string(REPLACE ":" ";" library_files "${LIBRARY_FILES}")
set(expected "${BINDIR}/adtrain")
foreach(library IN LISTS library_files)
  list(APPEND expected "${LIBDIR}/${library}")
endforeach()
foreach(header ad.hpp ml.hpp data.hpp)
  list(APPEND expected "${INCLUDEDIR}/adtrain/${header}")
endforeach()
foreach(file adtrainConfig.cmake adtrainConfigVersion.cmake adtrainTargets.cmake ArmadilloTarget.cmake)
  list(APPEND expected "${CMAKEDIR}/${file}")
endforeach()
list(APPEND expected "${MAN_PAGE}")
if(NOT IS_ABSOLUTE "${COMPLETION}")
  list(APPEND expected "${COMPLETION}")
endif()
foreach(path IN LISTS expected)
  # dpkg-deb lists ./usr/<path> at the end of a line like ls -l.
  string(FIND "${contents}" " ./usr/${path}\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the .deb has no usr/${path}:\n${contents}")
  endif()
endforeach()
list(LENGTH expected checked)
message("the .deb holds all ${checked} files checked for")
