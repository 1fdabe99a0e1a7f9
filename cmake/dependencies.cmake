# Third-party libraries, all from Debian packages (scripts/bootstrap.sh installs them).
# Emscripten compiles against its own sysroot and must never see /usr/include, so the header-only
# libraries it needs are exposed through a directory of links to just those headers.

if(EMSCRIPTEN)
  set(host_headers ${CMAKE_BINARY_DIR}/host-headers)
  file(MAKE_DIRECTORY ${host_headers})
  foreach(dir nlohmann catch2)
    if(NOT EXISTS /usr/include/${dir})
      message(FATAL_ERROR "/usr/include/${dir} is missing: run scripts/bootstrap.sh")
    endif()
    file(CREATE_LINK /usr/include/${dir} ${host_headers}/${dir} SYMBOLIC)
  endforeach()
  add_library(crawlbench_json INTERFACE)
  target_include_directories(crawlbench_json SYSTEM INTERFACE ${host_headers})
  add_library(crawlbench::json ALIAS crawlbench_json)
  add_library(crawlbench_catch2 INTERFACE)
  target_include_directories(crawlbench_catch2 SYSTEM INTERFACE ${host_headers})
  add_library(crawlbench::catch2 ALIAS crawlbench_catch2)

  # ImGui for WebAssembly: Debian's source package, unpacked into the build tree by
  # scripts/bootstrap.sh (never committed), with its GLFW and OpenGL ES 3 (WebGL2) backends.
  # GLFW is Emscripten's JavaScript library (-sUSE_GLFW=3): nothing is downloaded.
  set(CRAWLBENCH_IMGUI_SOURCES ${PROJECT_SOURCE_DIR}/build/_deps/imgui CACHE PATH "ImGui's sources (scripts/fetch-imgui-sources.sh)")
  if(NOT EXISTS ${CRAWLBENCH_IMGUI_SOURCES}/imgui.cpp)
    message(FATAL_ERROR "ImGui's sources are missing from ${CRAWLBENCH_IMGUI_SOURCES}: run scripts/bootstrap.sh")
  endif()
  set(imgui ${CRAWLBENCH_IMGUI_SOURCES})
  add_library(crawlbench_imgui STATIC
    ${imgui}/imgui.cpp ${imgui}/imgui_draw.cpp ${imgui}/imgui_tables.cpp ${imgui}/imgui_widgets.cpp
    ${imgui}/misc/cpp/imgui_stdlib.cpp ${imgui}/backends/imgui_impl_glfw.cpp ${imgui}/backends/imgui_impl_opengl3.cpp)
  target_include_directories(crawlbench_imgui SYSTEM PUBLIC ${imgui} ${imgui}/misc/cpp)
  target_compile_definitions(crawlbench_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3)
  target_compile_options(crawlbench_imgui PRIVATE -w)
  target_link_options(crawlbench_imgui PUBLIC -sUSE_GLFW=3 -sMAX_WEBGL_VERSION=2 -sMIN_WEBGL_VERSION=2)
  add_library(crawlbench::imgui ALIAS crawlbench_imgui)
  add_library(crawlbench_gl INTERFACE)  # WebGL2 through Emscripten's GLES3 headers
  add_library(crawlbench::gl ALIAS crawlbench_gl)
else()
  find_package(nlohmann_json 3 REQUIRED)
  add_library(crawlbench::json ALIAS nlohmann_json::nlohmann_json)
  find_package(Catch2 2 REQUIRED)
  add_library(crawlbench::catch2 ALIAS Catch2::Catch2)
  find_package(Boost 1.81 REQUIRED)  # Beast and Asio, header-only
  find_package(Threads REQUIRED)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)

  # The GUI: Debian's ImGui 1.86 (libimgui.a holds the GLFW and OpenGL 3 backends and
  # imgui_stdlib), GLFW, libGL (glvnd exports every GL entry point), stb_image_write for PNGs.
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(IMGUI REQUIRED imgui)
  pkg_check_modules(GLFW REQUIRED glfw3)
  find_package(OpenGL REQUIRED)
  add_library(crawlbench_imgui INTERFACE)
  target_include_directories(crawlbench_imgui SYSTEM INTERFACE ${IMGUI_INCLUDE_DIRS})
  target_link_libraries(crawlbench_imgui INTERFACE ${IMGUI_LINK_LIBRARIES})
  add_library(crawlbench::imgui ALIAS crawlbench_imgui)
  add_library(crawlbench_glfw INTERFACE)
  target_include_directories(crawlbench_glfw SYSTEM INTERFACE ${GLFW_INCLUDE_DIRS})
  target_link_libraries(crawlbench_glfw INTERFACE ${GLFW_LINK_LIBRARIES})
  add_library(crawlbench::glfw ALIAS crawlbench_glfw)
  add_library(crawlbench::gl ALIAS OpenGL::GL)
endif()
