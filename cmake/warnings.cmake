# crawlbench_warnings: the project's warning set. Linked PRIVATE so it never leaks to users.
add_library(crawlbench_warnings INTERFACE)
target_compile_options(crawlbench_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wold-style-cast
  -Wcast-align -Wimplicit-fallthrough)
option(CRAWLBENCH_WERROR "Treat warnings as errors" OFF)
if(CRAWLBENCH_WERROR)
  target_compile_options(crawlbench_warnings INTERFACE -Werror)
endif()
