/// @file sim/output/build_info.hpp
/// Version and build provenance, generated at build time (cmake/build_info.cmake).
#pragma once

#include <string>

namespace banditsim {

struct BuildInfo {
  std::string version;     ///< Project version ("0.1.0").
  std::string git;         ///< `git describe --always --dirty` at build time.
  std::string compiler;    ///< "GNU 12.2.0".
  std::string build_type;  ///< "Release", "Debug", ...
  std::string sanitize;    ///< Sanitizers compiled in, or empty.
};

const BuildInfo& build_info();

}  // namespace banditsim
