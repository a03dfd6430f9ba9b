# Puts the product version, the git commit and the Kafka Connect compatibility level into version.hpp.
execute_process(
  COMMAND git rev-parse --short=16 HEAD
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  OUTPUT_VARIABLE CONNECTD_GIT_COMMIT
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET)
if(NOT CONNECTD_GIT_COMMIT)
  set(CONNECTD_GIT_COMMIT "unknown")
endif()
configure_file(${CMAKE_SOURCE_DIR}/runtime/version.hpp.in ${CMAKE_BINARY_DIR}/generated/runtime/version.hpp @ONLY)
