# What `cmake --install` (and the .deb, cmake/Package.cmake) puts where:
#   bin/adtrain                              the executable
#   lib/libadtrain_{ad,ml,data}.a            the libraries (static, as built)
#   include/adtrain/...                      their public headers
#   lib/cmake/adtrain/                       the package config for
#                                            find_package(adtrain CONFIG)
# (bin, lib and include as GNUInstallDirs names them for the prefix.) The MPI
# and plot libraries are not installed: they serve the executable only, are
# linked into it, and lib/mpi exists only in MPI builds.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(ADTRAIN_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/adtrain" CACHE STRING
    "Where the package config goes, relative to the install prefix")
mark_as_advanced(ADTRAIN_INSTALL_CMAKEDIR)

install(TARGETS adtrain RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Exported as adtrain::ad, adtrain::ml and adtrain::data: the names of the
# build's own aliases, so code moves between the two unchanged.
set_target_properties(adtrain_ad PROPERTIES EXPORT_NAME ad)
set_target_properties(adtrain_ml PROPERTIES EXPORT_NAME ml)
set_target_properties(adtrain_data PROPERTIES EXPORT_NAME data)
# Position-independent, so that a consumer may link them into a shared
# library or a plugin, not only into an executable.
set_target_properties(adtrain_ad adtrain_ml adtrain_data PROPERTIES POSITION_INDEPENDENT_CODE ON)
install(TARGETS adtrain_ad adtrain_ml adtrain_data EXPORT adtrainTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The trailing slashes copy each include/ tree's contents, so the three
# merge into one include/adtrain/.
install(DIRECTORY
    ${PROJECT_SOURCE_DIR}/lib/ad/include/
    ${PROJECT_SOURCE_DIR}/lib/ml/include/
    ${PROJECT_SOURCE_DIR}/lib/data/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT adtrainTargets NAMESPACE adtrain:: FILE adtrainTargets.cmake
        DESTINATION ${ADTRAIN_INSTALL_CMAKEDIR})

# The static adtrain_ad carries its private OpenMP link into consumers, so the
# config must find OpenMP exactly when this build used it.
if(OpenMP_CXX_FOUND)
  set(ADTRAIN_CONFIG_NEEDS_OPENMP ON)
else()
  set(ADTRAIN_CONFIG_NEEDS_OPENMP OFF)
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/adtrainConfig.cmake.in
  ${PROJECT_BINARY_DIR}/adtrainConfig.cmake
  INSTALL_DESTINATION ${ADTRAIN_INSTALL_CMAKEDIR})
# A request is met by this version when it has the same major number and is
# not above it: find_package(adtrain 0.1) accepts 0.1.0 and later 0.x, while
# 0.2 or 1.0 fail to configure instead of building against an older API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/adtrainConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES
    ${PROJECT_BINARY_DIR}/adtrainConfig.cmake
    ${PROJECT_BINARY_DIR}/adtrainConfigVersion.cmake
    ${PROJECT_SOURCE_DIR}/cmake/ArmadilloTarget.cmake
  DESTINATION ${ADTRAIN_INSTALL_CMAKEDIR})
