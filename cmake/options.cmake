# crawlbench_options: what every crawlbench target compiles and links with. Linked PRIVATE.
add_library(crawlbench_options INTERFACE)

if(EMSCRIPTEN)
  # libc++ 13 has only <experimental/coroutine> (core/include/crawlbench/coroutine.hpp picks it);
  # task<T> stores exception_ptr, so exceptions are on. No -mtail-call: clang 14 restores the
  # stack pointer after an indirect tail call, so every one leaked its frame; wasm builds resume
  # coroutines without symmetric transfer instead (CRAWLBENCH_SYMMETRIC_TRANSFER, coroutine.hpp).
  target_compile_options(crawlbench_options INTERFACE -Wno-deprecated-experimental-coroutine -fexceptions)
  target_link_options(crawlbench_options INTERFACE -fexceptions -sALLOW_MEMORY_GROWTH=1
                      -sEXIT_RUNTIME=1)
elseif(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # g++ performs symmetric transfer as a sibling call only when sibling-call optimisation is on;
  # at -O0/-O1/-Og a long chain of immediately completing awaits would overflow the stack.
  target_compile_options(crawlbench_options INTERFACE -foptimize-sibling-calls)
  if(CMAKE_INTERPROCEDURAL_OPTIMIZATION)
    # g++ 12 names the temporaries in a coroutine frame per translation unit, so LTO reports the
    # same template's frame as an ODR violation; the frames are never shared across units.
    target_link_options(crawlbench_options INTERFACE -Wno-odr)
    # The libraries' objects carry machine code beside the LTO bytecode, so the test executables
    # link them without LTO (crawlbench_test_executable): an LTO link per test executable was
    # most of the native build. crawlbench and crawlbench-server still link with LTO.
    target_compile_options(crawlbench_options INTERFACE
                           $<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,STATIC_LIBRARY>:-ffat-lto-objects>)
  endif()
endif()

if(CRAWLBENCH_SANITIZE)
  target_compile_options(crawlbench_options INTERFACE -fsanitize=${CRAWLBENCH_SANITIZE} -fno-omit-frame-pointer
                         -fno-sanitize-recover=all)
  target_link_options(crawlbench_options INTERFACE -fsanitize=${CRAWLBENCH_SANITIZE})
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND CRAWLBENCH_SANITIZE MATCHES "undefined")
    # clang 14's -fsanitize=function puts prologue data on coroutine ramp functions that the
    # assembler rejects ("Cannot represent a difference across sections").
    target_compile_options(crawlbench_options INTERFACE -fno-sanitize=function)
  endif()
  # Every coroutine frame a real allocation, so the sanitizer sees each one's lifetime; and no
  # test replaces the global operator new, which the sanitizer's runtime owns.
  target_compile_definitions(crawlbench_options INTERFACE CRAWLBENCH_NO_FRAME_POOL CRAWLBENCH_SANITIZED)
endif()
