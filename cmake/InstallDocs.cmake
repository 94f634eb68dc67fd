# Installs the man page and the bash completion (included by the top
# CMakeLists.txt, after the binary's install rules).
include(GNUInstallDirs)

# Installed gzipped, as Debian policy (12.1) wants manual pages and man(1)
# reads them; -n keeps the name and time out of the header, so the same page
# gives the same bytes (and the same .deb) on every build. gzip is essential
# on Debian; elsewhere, without it, the page goes in as it is.
find_program(ADTRAIN_GZIP gzip)
mark_as_advanced(ADTRAIN_GZIP)
if(ADTRAIN_GZIP)
  set(adtrain_man_page ${PROJECT_BINARY_DIR}/docs/adtrain.1.gz)
  add_custom_command(OUTPUT ${adtrain_man_page}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/docs
    COMMAND ${ADTRAIN_GZIP} -9 -n -c ${PROJECT_SOURCE_DIR}/docs/adtrain.1 > ${adtrain_man_page}
    DEPENDS ${PROJECT_SOURCE_DIR}/docs/adtrain.1
    COMMENT "Compressing the man page"
    VERBATIM)
  add_custom_target(adtrain_man_page ALL DEPENDS ${adtrain_man_page})
else()
  set(adtrain_man_page ${PROJECT_SOURCE_DIR}/docs/adtrain.1)
endif()
# What tests/install expects to find under the prefix.
get_filename_component(adtrain_man_page_name ${adtrain_man_page} NAME)
set(ADTRAIN_INSTALLED_MAN_PAGE ${CMAKE_INSTALL_MANDIR}/man1/${adtrain_man_page_name})
install(FILES ${adtrain_man_page}
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
set(ADTRAIN_INSTALLED_COMPLETION ${adtrain_completion_dir}/adtrain)
