/// @file sim/engine/reducer.hpp
/// The reducer: the only code that writes a results file. It reads the finished
/// blocks of every cell from one or more sources (the journal of a run, or the
/// shard files of a merge), folds them in block order (fold_blocks) and writes
/// the file as OUTPUT.tmp, renamed to OUTPUT when complete. The same blocks give
/// the same file bit for bit, whichever process, thread or shard computed them.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/work_plan.hpp"
#include "sim/output/results_file.hpp"

namespace banditsim {

class Journal;
struct Scenario;

/// The header of `scenario`'s results file (dimensions, coordinates, references).
ResultsHeader make_results_header(const Scenario& scenario);

class Reducer {
 public:
  /// Creates OUTPUT.tmp with the whole header at once, so that a problem with
  /// the output (an unwritable directory, a full disk) surfaces before any work.
  Reducer(const Scenario& scenario, const WorkPlan& plan, const std::filesystem::path& output);

  /// Folds each cell's blocks from `sources` and commits the file with the
  /// root `attributes` (provenance). Throws RuntimeFailure naming the cell and
  /// blocks if the sources do not hold every block exactly once.
  void write(std::span<const Journal* const> sources,
             std::vector<std::pair<std::string, AttributeValue>> attributes);

 private:
  const Scenario* scenario_;
  const WorkPlan* plan_;
  ResultsHeader header_;
  ResultsFileWriter writer_;
};

}  // namespace banditsim
