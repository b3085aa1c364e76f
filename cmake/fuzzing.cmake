# Sanitizer builds and libFuzzer targets (issue 7, "Robustness"; docs/robustness.md).
#
#   -DCONNPLAN_SANITIZE=address,undefined   every connplan target, tests included, is built and
#                                           linked with -fsanitize=... (clang or gcc)
#   -DCONNPLAN_FUZZ=ON                      clang only: libFuzzer targets in fuzz/ (one per front end);
#                                           implies ASan + UBSan unless CONNPLAN_SANITIZE says otherwise
#
# This file is included after the modules are declared (CMakeLists.txt), so the flags are added to
# the targets that already exist in this directory, and through add_compile_options() to the ones
# declared afterwards (tests/, fuzz/, bench/).

option(CONNPLAN_FUZZ "Build the libFuzzer targets in fuzz/ (clang)" OFF)
set(CONNPLAN_SANITIZE "" CACHE STRING "Sanitizers for every target, e.g. address,undefined")

if(CONNPLAN_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "CONNPLAN_FUZZ needs clang (libFuzzer): CXX=clang++ cmake ...")
endif()
if(CONNPLAN_FUZZ AND CONNPLAN_SANITIZE STREQUAL "")
  set(CONNPLAN_SANITIZE "address,undefined")
endif()

set(connplan_sanitizer_compile "")
set(connplan_sanitizer_link "")
if(NOT CONNPLAN_SANITIZE STREQUAL "")
  # Every UB report is fatal: a fuzzer or a test must stop at the first one, not log and go on.
  list(APPEND connplan_sanitizer_compile -fsanitize=${CONNPLAN_SANITIZE} -fno-sanitize-recover=all
       -fno-omit-frame-pointer -g)
  list(APPEND connplan_sanitizer_link -fsanitize=${CONNPLAN_SANITIZE} -fno-sanitize-recover=all)
endif()
if(CONNPLAN_FUZZ)
  # Coverage instrumentation for every library the targets link; -fsanitize=fuzzer (the driver's
  # main) only for the targets themselves, so the connplan binary and the tests keep their main.
  list(APPEND connplan_sanitizer_compile -fsanitize=fuzzer-no-link)
endif()

if(connplan_sanitizer_compile)
  get_property(connplan_existing DIRECTORY ${PROJECT_SOURCE_DIR} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target ${connplan_existing})
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "STATIC_LIBRARY" OR type STREQUAL "EXECUTABLE")
      target_compile_options(${target} PRIVATE ${connplan_sanitizer_compile})
      target_link_options(${target} PRIVATE ${connplan_sanitizer_link})
    endif()
  endforeach()
  add_compile_options(${connplan_sanitizer_compile})
  add_link_options(${connplan_sanitizer_link})
endif()

if(CONNPLAN_FUZZ)
  # One executable per fuzz/fuzz_<name>.cpp, linked with only the layers it reads (so a fuzz build
  # does not wait for the rules, the planner or the reporters), all sharing fuzz/support/*.cpp.
  file(GLOB connplan_fuzz_support CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fuzz/support/*.cpp)
  set(connplan_fuzz_targets "")
  function(connplan_fuzz_target name)
    add_executable(${name} ${PROJECT_SOURCE_DIR}/fuzz/${name}.cpp ${connplan_fuzz_support})
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/fuzz)
    target_compile_options(${name} PRIVATE ${CONNPLAN_WARNINGS})
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE ${ARGN})
    set(connplan_fuzz_targets ${connplan_fuzz_targets} ${name} PARENT_SCOPE)
  endfunction()
  connplan_fuzz_target(fuzz_postgres connplan_postgres)
  connplan_fuzz_target(fuzz_pgbouncer connplan_pgbouncer)
  connplan_fuzz_target(fuzz_python_parse connplan_python)
  connplan_fuzz_target(fuzz_python_models connplan_django connplan_gunicorn connplan_celery)
  connplan_fuzz_target(fuzz_command_line connplan_launch)
  connplan_fuzz_target(fuzz_project_config connplan_project)
  connplan_fuzz_target(fuzz_launch_files connplan_launchfiles)
  add_custom_target(fuzz_targets DEPENDS ${connplan_fuzz_targets})
endif()
