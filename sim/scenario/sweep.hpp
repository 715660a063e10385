/// @file sim/scenario/sweep.hpp
/// [[sweep]] blocks: each block is one factor whose levels are sets of
/// overrides; blocks are crossed in file order (the first block varies slowest).
///   mode = "grid" (default)  cartesian product of the block's arrays, in file order
///   mode = "zip"             the i-th entries of equal-length arrays go together
///   mode = "list"            cases = [ {...}, {...} ]: explicit override tables
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/written_scenario.hpp"

namespace banditsim {

/// Upper limit on the number of cells of one scenario.
inline constexpr std::size_t kMaxCells = 1'000'000;

class SweepPlan {
 public:
  struct Factor {
    SourceLocation where;                       ///< The [[sweep]] header.
    std::vector<std::vector<Override>> levels;  ///< Each level: overrides applied together.
  };

  void add_factor(Factor factor) { factors_.push_back(std::move(factor)); }

  /// Product of the factors' level counts (saturates above kMaxCells).
  std::size_t num_cells() const;
  /// The overrides of cell `index` (mixed radix over factors, first factor slowest),
  /// with `kind` changes first within each factor so they apply before parameters.
  std::vector<Override> overrides_of(std::size_t index) const;
  /// Swept keys and their paths, in the order the file first sweeps them.
  std::vector<std::pair<std::string, ParamPath>> swept_keys() const;
  bool sweeps(const std::string& key) const;
  /// Where `key` is first swept (its key in the first block that sweeps it).
  SourceLocation where_swept(const std::string& key) const;
  SourceLocation first_location() const;

 private:
  std::vector<Factor> factors_;
};

/// Reads every [[sweep]] block of `doc`. Problems go to `issues`; a block with
/// problems contributes no factor.
SweepPlan read_sweeps(const toml::table& doc, const std::string& file, const Written& written,
                      const std::vector<std::string>& sweepable_run_keys, IssueList& issues);

}  // namespace banditsim
