#include "sim/engine/output_guard.hpp"

#include <system_error>

#include "sim/core/check.hpp"

namespace banditsim {

void refuse_unsafe_output(const std::filesystem::path& output,
                          std::span<const std::filesystem::path> inputs) {
  std::error_code error;
  const auto status = std::filesystem::status(output, error);
  if (!std::filesystem::exists(status)) return;
  if (!std::filesystem::is_regular_file(status))
    throw RuntimeFailure("refusing to write " + output.string() + ": it exists and is not a " +
                         "regular file");
  for (const auto& input : inputs)
    if (std::filesystem::equivalent(output, input, error))
      throw RuntimeFailure("refusing to write " + output.string() + ": it is an input of this " +
                           "run (" + input.string() + ")");
}

}  // namespace banditsim
