#pragma once
// The one result type for expected failures (a bad flag, a malformed URL or file, a write that
// failed): a value or an error, after C++23's std::expected, which C++20 and Emscripten 3.1.6's
// libc++ lack; libcoro's coro::expected for C++20 is the model. Broken invariants still throw
// (docs/architecture.md, "Errors"). Reading the alternative that is not there throws
// bad_expected_access (a std::logic_error): a checked failure, never undefined behaviour.
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace crawlbench {

// What went wrong, in words for the user: "concurrency: must be a whole number from 1 to 1,000,000".
struct error {
  std::string message;
};

// The error alternative, spelled out where a function returns it: `return unexpected(error{...})`.
template <typename E>
class unexpected {
 public:
  explicit unexpected(E e) : error_(std::move(e)) {}

  [[nodiscard]] const E& error() const& noexcept { return error_; }
  [[nodiscard]] E& error() & noexcept { return error_; }
  [[nodiscard]] E&& error() && noexcept { return std::move(error_); }

 private:
  E error_;
};

template <typename E>
unexpected(E) -> unexpected<E>;

// The usual failure: unexpected(error{message}).
[[nodiscard]] inline unexpected<error> unexpected_error(std::string message) {
  return unexpected<error>(error{std::move(message)});
}

// Thrown by value()/error()/operator*/operator-> when the other alternative is held (a bug).
class bad_expected_access : public std::logic_error {
 public:
  explicit bad_expected_access(const char* what) : std::logic_error(what) {}
};

namespace detail {
[[noreturn]] inline void throw_no_value() { throw bad_expected_access("expected: read the value of an error"); }
[[noreturn]] inline void throw_no_error() { throw bad_expected_access("expected: read the error of a value"); }
}  // namespace detail

// A T or an E. T may be move-only; E is the error (crawlbench::error unless a caller branches on more).
template <typename T, typename E = error>
class expected {
 public:
  using value_type = T;
  using error_type = E;

  template <typename U = T, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                        !std::is_same_v<std::decay_t<U>, expected> &&
                                                        !std::is_same_v<std::decay_t<U>, unexpected<E>>>>
  expected(U&& value) : state_(std::in_place_index<0>, std::forward<U>(value)) {}  // NOLINT: implicit, as std's
  template <typename G>
  expected(const unexpected<G>& e) : state_(std::in_place_index<1>, e.error()) {}  // NOLINT
  template <typename G>
  expected(unexpected<G>&& e) : state_(std::in_place_index<1>, std::move(e).error()) {}  // NOLINT

  [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  [[nodiscard]] T& value() & { return checked_value(*this); }
  [[nodiscard]] const T& value() const& { return checked_value(*this); }
  [[nodiscard]] T&& value() && { return std::move(checked_value(*this)); }
  [[nodiscard]] T& operator*() & { return value(); }
  [[nodiscard]] const T& operator*() const& { return value(); }
  [[nodiscard]] T&& operator*() && { return std::move(*this).value(); }
  [[nodiscard]] T* operator->() { return &value(); }
  [[nodiscard]] const T* operator->() const { return &value(); }

  [[nodiscard]] E& error() & { return checked_error(*this); }
  [[nodiscard]] const E& error() const& { return checked_error(*this); }
  [[nodiscard]] E&& error() && { return std::move(checked_error(*this)); }

 private:
  template <typename Self>
  static auto& checked_value(Self& self) {
    if (!self.has_value()) detail::throw_no_value();
    return std::get<0>(self.state_);
  }
  template <typename Self>
  static auto& checked_error(Self& self) {
    if (self.has_value()) detail::throw_no_error();
    return std::get<1>(self.state_);
  }

  std::variant<T, E> state_;  // by index, so that T and E may be the same type
};

// Success with nothing to carry, or an E.
template <typename E>
class expected<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  expected() noexcept = default;
  template <typename G>
  expected(const unexpected<G>& e) : error_(e.error()) {}  // NOLINT: implicit, as std's
  template <typename G>
  expected(unexpected<G>&& e) : error_(std::move(e).error()) {}  // NOLINT

  [[nodiscard]] bool has_value() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }

  void value() const {
    if (!has_value()) detail::throw_no_value();
  }
  void operator*() const { value(); }

  [[nodiscard]] E& error() & { return checked_error(*this); }
  [[nodiscard]] const E& error() const& { return checked_error(*this); }
  [[nodiscard]] E&& error() && { return std::move(checked_error(*this)); }

 private:
  template <typename Self>
  static auto& checked_error(Self& self) {
    if (!self.error_) detail::throw_no_error();
    return *self.error_;
  }

  std::optional<E> error_;  // empty: success
};

}  // namespace crawlbench
