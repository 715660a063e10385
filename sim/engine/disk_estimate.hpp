/// @file sim/engine/disk_estimate.hpp
/// The disk a run needs, said before it starts (`banditsim validate`).
#pragma once

#include "sim/engine/work_plan.hpp"

namespace banditsim {

struct Scenario;

struct DiskEstimate {
  /// The results file before compression (deflate usually makes it several times smaller).
  double results_bytes = 0;
  /// The journal at its largest while the run goes on: one folded record per
  /// cell (moments and every replication's finals), up to as many dead bytes
  /// before they are reclaimed, and the copy made while reclaiming them.
  double journal_bytes = 0;
};

DiskEstimate estimate_disk(const Scenario& scenario, const WorkPlan& plan);

}  // namespace banditsim
