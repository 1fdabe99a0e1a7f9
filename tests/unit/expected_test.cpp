// The one result type for expected failures (crawlbench/expected.hpp): a value or an error, void
// too, move-only values, and reading the alternative that is not there as a checked failure.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "crawlbench/expected.hpp"

using namespace crawlbench;

namespace {
expected<int> halve(int n) {
  if (n % 2 != 0) return unexpected_error(std::to_string(n) + " is odd");
  return n / 2;
}

expected<void> even(int n) {
  if (auto half = halve(n); !half) return unexpected(std::move(half).error());
  return {};
}
}  // namespace

TEST_CASE("expected holds a value, read by value(), operator* and operator->") {
  const auto four = halve(8);
  REQUIRE(four.has_value());
  CHECK(static_cast<bool>(four));
  CHECK(four.value() == 4);
  CHECK(*four == 4);
  expected<std::string> text = std::string("abc");
  CHECK(text->size() == 3);
  text->push_back('d');
  CHECK(*text == "abcd");
  expected<std::vector<int>> list = std::vector<int>{1, 2};
  CHECK(std::move(list).value() == std::vector<int>{1, 2});
}

TEST_CASE("expected holds an error with its message") {
  const auto odd = halve(7);
  REQUIRE_FALSE(odd.has_value());
  CHECK_FALSE(static_cast<bool>(odd));
  CHECK(odd.error().message == "7 is odd");
}

TEST_CASE("expected whose value is a string keeps a value and an error apart") {
  const expected<std::string> value = std::string("not an error");
  const expected<std::string> failed = unexpected_error("an error");
  CHECK(value.has_value());
  CHECK(*value == "not an error");
  CHECK_FALSE(failed.has_value());
  CHECK(failed.error().message == "an error");
}

TEST_CASE("expected<void> is success or an error, and an error passes from one expected to another") {
  CHECK(even(4).has_value());
  CHECK_NOTHROW(even(4).value());
  const auto odd = even(3);
  REQUIRE_FALSE(odd.has_value());
  CHECK(odd.error().message == "3 is odd");
  const expected<void> fine;
  CHECK(fine.has_value());
}

TEST_CASE("expected carries a move-only value out") {
  const auto make = [](bool ok) -> expected<std::unique_ptr<int>> {
    if (!ok) return unexpected_error("refused");
    return std::make_unique<int>(42);
  };
  auto made = make(true);
  REQUIRE(made);
  const std::unique_ptr<int> owned = *std::move(made);
  REQUIRE(owned);
  CHECK(*owned == 42);
  auto refused = make(false);
  CHECK(std::move(refused).error().message == "refused");
}

TEST_CASE("expected: reading the alternative that is not there throws bad_expected_access") {
  auto odd = halve(7);
  CHECK_THROWS_AS(odd.value(), bad_expected_access);
  CHECK_THROWS_AS(*odd, bad_expected_access);
  CHECK_THROWS_AS(std::move(odd).value(), bad_expected_access);
  const auto four = halve(8);
  CHECK_THROWS_AS(four.error(), bad_expected_access);
  expected<std::string> failed = unexpected_error("an error");
  CHECK_THROWS_AS(failed->size(), bad_expected_access);
  const expected<void> fine;
  CHECK_THROWS_AS(fine.error(), bad_expected_access);
  CHECK_THROWS_AS(even(3).value(), bad_expected_access);
  CHECK_THROWS_WITH(halve(7).value(), "expected: read the value of an error");
  // A programming error, so a std::logic_error: the boundaries that catch those report it.
  CHECK_THROWS_AS(halve(8).error(), std::logic_error);
}
