// Catch2's runner, compiled once for every test executable: Catch2 v2 keeps its whole
// implementation in the header behind CATCH_CONFIG_MAIN, the slowest file of the build.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
