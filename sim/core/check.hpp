/// @file sim/core/check.hpp
/// Error types and the always-on invariant check used across banditsim.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace banditsim {

/// A user's configuration is wrong (bad parameter value, incompatible components).
/// The message reads "component: what is wrong"; `key` names the offending parameter
/// when there is one, so the scenario loader can point at its line in the file.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string component, std::string key, const std::string& message)
      : std::runtime_error(component.empty() ? message : component + ": " + message),
        component_(std::move(component)),
        key_(std::move(key)),
        bare_message_(message) {}
  ConfigError(std::string component, const std::string& message)
      : ConfigError(std::move(component), "", message) {}

  const std::string& component() const { return component_; }
  const std::string& key() const { return key_; }
  /// The message without the "component: " prefix.
  const std::string& bare_message() const { return bare_message_; }

 private:
  std::string component_;
  std::string key_;
  std::string bare_message_;
};

/// Something that should never happen did: a bug in banditsim, not in the input.
class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

/// A failure while running (I/O, a corrupt file): exit code 1 rather than 2.
class RuntimeFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
[[noreturn]] inline void check_failed(const char* expr, const char* file, int line,
                                      const std::string& message) {
  std::ostringstream out;
  out << "internal check failed: " << expr << " at " << file << ":" << line;
  if (!message.empty()) out << " (" << message << ")";
  throw InternalError(out.str());
}
}  // namespace detail

}  // namespace banditsim

/// Always-on invariant check (also in Release): throws InternalError with location.
#define BANDITSIM_CHECK(cond, message)                                                  \
  do {                                                                                  \
    if (!(cond)) ::banditsim::detail::check_failed(#cond, __FILE__, __LINE__, message); \
  } while (0)
