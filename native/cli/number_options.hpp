#pragma once
// CLI11 checks for crawlbench's numeric options, with core's ranges (crawlbench/limits.hpp): each
// refuses a value with the option's name and its range in words ("--num: must be a whole number
// from 1 to 10,000,000"), before CLI11 converts it, so that "-1" never wraps around in an unsigned
// option and "inf" or "nan" never reach a double.
#include <CLI/CLI.hpp>

#include <string>

#include "crawlbench/limits.hpp"

namespace crawlbench::cli {

// Plain decimal digits within `range` (parse_whole: no sign, hex, exponent or spaces).
[[nodiscard]] CLI::Validator whole_number(whole_range range);
// A finite decimal number from `low` to `high`, in `unit` (ms, frames/s).
[[nodiscard]] CLI::Validator number_from(double low, double high, std::string unit);
// --rate: 0 (concurrency / delay) or from min_rate_rps to max_rate_rps.
[[nodiscard]] CLI::Validator rate_number();

}  // namespace crawlbench::cli
