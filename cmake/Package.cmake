# `cpack -G DEB` in the build directory makes adtrain_<version>_<arch>.deb with
# everything cmake/Install.cmake installs, under /usr. One package, the
# executable and the development files together: the libraries are static,
# so there is no shared library to split off.
set(CPACK_PACKAGE_NAME adtrain)
set(CPACK_PACKAGE_VENDOR "adtrain")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
# Lines of at most 80 columns, as Debian's control files want them; CPack
# indents each by one space.
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "adtrain trains logistic regression through its own reverse-mode automatic\n"
    "differentiation library (a dynamic graph over Armadillo matrices), with\n"
    "gradient descent, trust-region Newton-CG and L-BFGS.\n"
    "The package holds the adtrain command and the static libraries adtrain_ad,\n"
    "adtrain_ml and adtrain_data with their headers and a CMake package config\n"
    "(find_package(adtrain CONFIG)).")
set(ADTRAIN_PACKAGE_MAINTAINER "Seed 6742e085 maintainers <maintainers@users.noreply.r-seed-6742e085.example>"
    CACHE STRING "The .deb's Maintainer field")
set(CPACK_PACKAGE_CONTACT "${ADTRAIN_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${ADTRAIN_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends comes from dpkg-shlibdeps (dpkg-dev) on the executable: Armadillo,
# fmt, toml++, libgomp, Open MPI in an MPI build. The headers and the package
# config need Armadillo's headers too; that is for building against adtrain,
# not for running it, hence a recommendation only.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libarmadillo-dev")
# Debian packages ship stripped executables (the static libraries are left
# alone: CMake strips executables and shared libraries only).
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
include(CPack)
