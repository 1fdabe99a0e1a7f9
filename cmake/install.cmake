# What `cmake --install build/native` puts in the prefix, and the .deb CPack makes of it:
#   bin/crawlbench, bin/crawlbench-server           (native/cli, server/CMakeLists.txt)
#   share/crawlbench/web/ (CRAWLBENCH_INSTALL_WEBDIR) the web UI, when the web preset was built
#   share/doc/crawlbench/README.md, docs/
# Tests, benchmarks and fuzzers are not installed.
set(CRAWLBENCH_WEB_DIR ${PROJECT_SOURCE_DIR}/build/web/web-root CACHE PATH
    "The web preset's output, installed to share/crawlbench/web when it has been built")

configure_file(${CMAKE_CURRENT_LIST_DIR}/install_web.cmake.in ${CMAKE_BINARY_DIR}/install_web.cmake @ONLY)
install(SCRIPT ${CMAKE_BINARY_DIR}/install_web.cmake)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs DESTINATION ${CMAKE_INSTALL_DOCDIR})

# cpack --config build/native/CPackConfig.cmake, after building crawlbench and crawlbench-server
# (or cmake --build --preset native --target package, which builds everything first)
#   -> build/native/crawlbench_VERSION_ARCH.deb, with the web UI when the web preset was built first
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR})  # wherever cpack is run from
set(CPACK_PACKAGE_NAME crawlbench)
set(CPACK_PACKAGE_VENDOR crawlbench)
set(CPACK_PACKAGE_CONTACT "crawlbench developers <dev@crawlbench.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# The extended description under the summary; CPack indents each line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "crawlbench crawls a delay server with the strategies of the chapter
on asynchronous I/O of High Performance Python (serial, gevent, tornado, aiohttp, batched,
rate) and measures how asynchronous I/O hides latency. It holds crawlbench (run, gui, mixed,
report) and crawlbench-server, the Boost.Beast delay server, which also serves the WebAssembly
UI when it was built.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # crawlbench_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from dpkg-shlibdeps on the installed binaries
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "xvfb")  # crawlbench report draws its images under xvfb-run without a display
set(CPACK_STRIP_FILES ON)
include(CPack)
