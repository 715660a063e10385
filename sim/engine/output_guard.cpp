#include "sim/engine/output_guard.hpp"

#include <string>
#include <system_error>

#include "sim/core/check.hpp"

namespace banditsim {

namespace {
namespace fs = std::filesystem;

std::string kind_of(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::fifo:
      return "a named pipe (FIFO)";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "of an unusual type";
  }
}

/// Refuses `path` (`role` names it in the message: "the results file", ...).
void check_one(const fs::path& path, const char* role, std::span<const fs::path> inputs) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (status.type() == fs::file_type::not_found) return;
  if (error)
    throw RuntimeFailure("cannot check " + std::string(role) + " " + path.string() + ": " +
                         error.message());
  if (status.type() != fs::file_type::regular) {
    throw RuntimeFailure("refusing to write " + std::string(role) + " " + path.string() +
                         ": it is " + kind_of(status.type()) +
                         ", not a regular file (--force replaces only regular files; choose "
                         "another -o)");
  }
  for (const auto& input : inputs) {
    std::error_code same_error;
    if (fs::equivalent(path, input, same_error))
      throw RuntimeFailure("refusing to write " + std::string(role) + " " + path.string() +
                           ": it is the input " + input.string() +
                           " (--force would overwrite it; choose another -o)");
  }
}
}  // namespace

void refuse_unsafe_output(const fs::path& output, std::span<const fs::path> inputs) {
  check_one(output, "the results file", inputs);
  check_one(fs::path(output.string() + ".tmp"), "the temporary results file", inputs);
  check_one(fs::path(output.string() + ".partial"), "the journal", inputs);
}

}  // namespace banditsim
