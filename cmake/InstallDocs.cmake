# Installs the man page and the bash completion (included by the top
# CMakeLists.txt, after the binary's install rules).
include(GNUInstallDirs)

install(FILES ${PROJECT_SOURCE_DIR}/docs/adtrain.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
        COMPONENT docs)

# bash-completion loads completions/adtrain the first time adtrain is
# completed, from the folder its pkg-config file names
# (/usr/share/bash-completion/completions on Debian) and from
# bash-completion/completions under each of $XDG_DATA_DIRS (/usr/local/share
# among them). completionsdir is an absolute path under bash-completion's own
# prefix, so it is taken only when it lies within ours: installing to
# /usr/local or to a staging prefix must not write to /usr/share.
set(ADTRAIN_BASH_COMPLETION_DIR "" CACHE PATH
    "Where to install adtrain's bash completion (empty: bash-completion's completionsdir, or DATADIR/bash-completion/completions)")
set(adtrain_completion_dir "${ADTRAIN_BASH_COMPLETION_DIR}")
if(NOT adtrain_completion_dir)
  set(adtrain_completion_dir "${CMAKE_INSTALL_DATADIR}/bash-completion/completions")
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    pkg_get_variable(adtrain_pkg_completions bash-completion completionsdir)
    if(adtrain_pkg_completions)
      cmake_path(IS_PREFIX CMAKE_INSTALL_PREFIX "${adtrain_pkg_completions}" NORMALIZE
                 adtrain_completions_within_prefix)
      if(adtrain_completions_within_prefix)
        # Relative to the prefix, so that cmake --install --prefix and cpack's
        # staging put it under their own root, never straight into /usr.
        cmake_path(RELATIVE_PATH adtrain_pkg_completions BASE_DIRECTORY "${CMAKE_INSTALL_PREFIX}"
                   OUTPUT_VARIABLE adtrain_completion_dir)
      endif()
    endif()
  endif()
endif()

install(FILES ${PROJECT_SOURCE_DIR}/docs/adtrain.bash-completion
        DESTINATION ${adtrain_completion_dir}
        RENAME adtrain
        COMPONENT docs)
