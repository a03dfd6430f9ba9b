# Writes version.hpp with the product version, the git commit and the Kafka Connect compatibility level.
# Runs at build time (as a script) so the commit is current after every commit, and rewrites the file
# only when its content changes, so an unchanged commit rebuilds nothing.
if(CMAKE_SCRIPT_MODE_FILE)
  execute_process(
    COMMAND git rev-parse --short=16 HEAD
    WORKING_DIRECTORY ${SOURCE_DIR}
    OUTPUT_VARIABLE CONNECTD_GIT_COMMIT
    OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_QUIET)
  if(NOT CONNECTD_GIT_COMMIT)
    set(CONNECTD_GIT_COMMIT "unknown")
  endif()
  configure_file(${SOURCE_DIR}/runtime/version.hpp.in ${OUTPUT} @ONLY)
else()
  set(CONNECTD_VERSION_HEADER ${CMAKE_BINARY_DIR}/generated/runtime/version.hpp)
  add_custom_target(connectd_version
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -DOUTPUT=${CONNECTD_VERSION_HEADER}
            -DPROJECT_VERSION=${PROJECT_VERSION} -DCONNECTD_KAFKA_COMPAT_VERSION=${CONNECTD_KAFKA_COMPAT_VERSION}
            -P ${CMAKE_CURRENT_LIST_FILE}
    BYPRODUCTS ${CONNECTD_VERSION_HEADER}
    COMMENT "Stamping the git commit into version.hpp")
endif()
