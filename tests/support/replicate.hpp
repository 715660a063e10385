/// @file tests/support/replicate.hpp
/// One replication of a cell through a family's runner, as the engine runs it
/// (sim/engine/experiment.cpp), returning the whole replication buffer.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/families/family.hpp"

namespace banditsim::testing {

inline std::vector<double> replicate(const Family& family, CellRunner& runner, const Cell& cell,
                                     std::uint64_t rep) {
  const OutputLayout layout(family.metrics(), cell.agents.size(), cell.record_steps.size());
  std::vector<double> buffer(layout.size());
  ReplicationOutput output(layout, buffer);
  runner.run_replication(rep, output);
  return buffer;
}

}  // namespace banditsim::testing
