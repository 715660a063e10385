/// @file sim/output/provenance.hpp
/// What a results file records about how it was made (root attributes).
#pragma once

#include <string>

#include "sim/output/results_model.hpp"
#include "sim/scenario/scenario.hpp"

namespace banditsim {

struct RunContext {
  std::string command_line;
  int threads = 0;
  std::string started_utc;
  bool resumed = false;
};

/// Current time as ISO 8601 UTC ("2026-11-29T02:55:00Z").
std::string utc_now();

/// "banditsim 0.1.0 (git abc123, GNU 12.2.0, Release)".
std::string program_description();

/// The scenario fingerprint as written in results files (16 hex digits).
std::string fingerprint_text(std::uint64_t fingerprint);

/// Library versions: "boost 1.74.0; tbb 2021.8; hdf5 1.10.8; ...".
std::string library_versions();

/// The root attributes of a results file, in the order they are written.
std::vector<std::pair<std::string, AttributeValue>> provenance_attributes(const Scenario& scenario,
                                                                          const RunContext& context,
                                                                          double wall_seconds,
                                                                          double steps_per_second);

}  // namespace banditsim
