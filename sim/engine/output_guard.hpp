/// @file sim/engine/output_guard.hpp
/// The check made before a results file is written: the output path and the
/// two files written next to it (OUTPUT.tmp, renamed over OUTPUT at the end, and
/// OUTPUT.partial) must be regular files or absent, and none may be one of the
/// run's inputs. Without it, `-o /dev/null --force` run as root replaced the
/// device with a regular file, and `-o scenario.toml --force` overwrote the
/// scenario being run.
#pragma once

#include <filesystem>
#include <span>

namespace banditsim {

/// Throws RuntimeFailure (one line naming the path and why) when `output`,
/// `output + ".tmp"` or `output + ".partial"` exists and is not a regular file
/// (a directory, a device, a FIFO, a socket; a symbolic link is judged by what
/// it points to), or is the same file as one of `inputs` (the scenario file;
/// std::filesystem::equivalent, so hard links, symbolic links and other
/// spellings of a path count). Inputs that do not exist are ignored. Does
/// nothing when every path is absent or a regular file of its own.
void refuse_unsafe_output(const std::filesystem::path& output,
                          std::span<const std::filesystem::path> inputs);

}  // namespace banditsim
