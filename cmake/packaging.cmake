# Installation layout, man page, shell completions and the Debian package (issue 5, packaging;
# docs/installing.md).
#
#   bin/connplan
#   share/connplan/rules/CPnnn-name.md            (CONNPLAN_INSTALLED_RULES_DIR in CMakeLists.txt)
#   share/man/man1/connplan.1
#   share/bash-completion/completions/connplan
#   share/zsh/vendor-completions/_connplan        (Debian's zsh searches it: zsh-common's fpath)
install(TARGETS connplan RUNTIME DESTINATION bin)
install(DIRECTORY rules/ DESTINATION share/connplan/rules FILES_MATCHING PATTERN "*.md")

# The man page and the completions are generated from the built binary's own `--help` (and
# `connplan rules` for the codes), so they can never disagree with the command line. Python is
# only needed for this step; without it the build still makes and installs the binary.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  set(CONNPLAN_GENERATED_DOCS_DIR ${PROJECT_BINARY_DIR}/generated/cli)
  set(CONNPLAN_MAN_PAGE ${CONNPLAN_GENERATED_DOCS_DIR}/connplan.1)
  set(CONNPLAN_BASH_COMPLETION ${CONNPLAN_GENERATED_DOCS_DIR}/connplan)
  set(CONNPLAN_ZSH_COMPLETION ${CONNPLAN_GENERATED_DOCS_DIR}/_connplan)
  add_custom_command(
    OUTPUT ${CONNPLAN_MAN_PAGE} ${CONNPLAN_BASH_COMPLETION} ${CONNPLAN_ZSH_COMPLETION}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CONNPLAN_GENERATED_DOCS_DIR}
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/gen_cli_docs.py
            --connplan $<TARGET_FILE:connplan> --man ${CONNPLAN_MAN_PAGE}
            --bash ${CONNPLAN_BASH_COMPLETION} --zsh ${CONNPLAN_ZSH_COMPLETION}
    DEPENDS connplan ${PROJECT_SOURCE_DIR}/scripts/gen_cli_docs.py
    COMMENT "Generating connplan.1 and the bash and zsh completions from connplan --help")
  add_custom_target(connplan_cli_docs ALL
    DEPENDS ${CONNPLAN_MAN_PAGE} ${CONNPLAN_BASH_COMPLETION} ${CONNPLAN_ZSH_COMPLETION})
  install(FILES ${CONNPLAN_MAN_PAGE} DESTINATION share/man/man1)
  install(FILES ${CONNPLAN_BASH_COMPLETION} DESTINATION share/bash-completion/completions)
  install(FILES ${CONNPLAN_ZSH_COMPLETION} DESTINATION share/zsh/vendor-completions)
else()
  message(WARNING "python3 not found: the man page and shell completions are not generated")
endif()

# `cpack -G DEB` in the build directory makes connplan_<version>_<arch>.deb.
set(CPACK_PACKAGE_NAME connplan)
set(CPACK_PACKAGE_VENDOR "connplan")
set(CPACK_PACKAGE_CONTACT "connplan maintainers <connplan@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "worst-case PostgreSQL connections of a Django deployment, from its configuration")
set(CPACK_PACKAGE_DESCRIPTION
    "connplan reads the configuration of a Django + Gunicorn/ASGI + Celery + PgBouncer + \
PostgreSQL deployment and computes, without running anything, how many PostgreSQL connections \
it can open in the worst case, and what in the configuration is wrong.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/connplan")
# Depends: from the libraries the binary really links (fmt, toml++, yaml-cpp, libstdc++,
# libc), as dpkg-shlibdeps reads them from the ELF file; without dpkg-shlibdeps, the Debian 12
# packages those libraries come from (`ldd build/connplan`).
find_program(CONNPLAN_DPKG_SHLIBDEPS dpkg-shlibdeps)
# libpq is loaded with dlopen by `observe` (src/observe/libpq_api.hpp), so dpkg-shlibdeps cannot
# see it: it is named here.
if(CONNPLAN_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libpq5")
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libc6, libstdc++6, libgcc-s1, libfmt9, libtomlplusplus3, libyaml-cpp0.7, libpq5")
endif()
set(CPACK_GENERATOR DEB)
include(CPack)
