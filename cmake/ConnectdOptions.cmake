# Compiler warnings and sanitizers shared by every connectd target (through connectd_options).
add_library(connectd_options INTERFACE)
target_compile_options(connectd_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wimplicit-fallthrough -Wformat=2)
if(CONNECTD_WERROR)
  target_compile_options(connectd_options INTERFACE -Werror)
endif()
if(CONNECTD_SANITIZE)
  target_compile_options(connectd_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(connectd_options INTERFACE -fsanitize=address,undefined)
endif()
if(CONNECTD_FUZZ)
  # Coverage instrumentation for libFuzzer in every target, so the fuzzers see into the libraries.
  target_compile_options(connectd_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
