/// @file agents/dp_bai/feature_rows.hpp
/// What both cores (dp_bai.hpp, od_linbai.hpp) do with the public features at the
/// start of a phase: copy the active arms' rows into a matrix, and reuse the first
/// phase's plan while the features stay the same. The first phase sees every arm,
/// so its plan (rank, Max-Det collection or G-optimal design, coordinates) depends on
/// the features only: computed once per instance, not once per replication.
#pragma once

#include <algorithm>
#include <armadillo>
#include <cstddef>
#include <span>
#include <vector>

namespace banditsim::dp_bai {

/// Rows `arms` of the row-major K x dim `features`, into `out` (its memory reused).
inline void gather_feature_rows(std::span<const double> features, std::size_t dim,
                                std::span<const std::size_t> arms, arma::mat& out) {
  out.set_size(arms.size(), dim);
  for (std::size_t i = 0; i < arms.size(); ++i)
    for (std::size_t j = 0; j < dim; ++j) out(i, j) = features[arms[i] * dim + j];
}

/// The features the first phase's plan was made for.
class PlannedFeatures {
 public:
  /// True if `features` differ from the last ones given (which are then remembered):
  /// the first phase's plan must be made again.
  bool changed(std::span<const double> features) {
    if (!features_.empty() && std::ranges::equal(features_, features)) return false;
    features_.assign(features.begin(), features.end());
    return true;
  }

 private:
  std::vector<double> features_;
};

}  // namespace banditsim::dp_bai
