/// @file sim/engine/output_guard.hpp
/// Refuses outputs that must not be written: ones that are not regular files
/// (a device such as /dev/null, a directory) and ones that are an input of the run.
#pragma once

#include <filesystem>
#include <span>

namespace banditsim {

/// Throws RuntimeFailure if `output` exists and is not a regular file, or is the
/// same file as one of `inputs`.
void refuse_unsafe_output(const std::filesystem::path& output,
                          std::span<const std::filesystem::path> inputs);

}  // namespace banditsim
