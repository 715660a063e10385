#include "agents/causal/confidence_bound.hpp"

#include <cmath>
#include <limits>

namespace banditsim::causal {

void ConfidenceBound::prepare(const NodeModeSamples& samples, const SemWeights& estimate,
                              std::span<const double> noise_mean,
                              std::span<const double> noise_variance) {
  nodes_ = estimate.nodes();
  const double n = static_cast<double>(nodes_);
  prefactor_ = 4.0 * std::log(2.0 * n / options_.delta);
  if (options_.form == BoundForm::kPaper) prefactor_ *= std::sqrt(n * (n + 2.0));
  terms_.assign(2 * nodes_, 0.0);
  for (std::size_t mode = 0; mode < 2; ++mode) {
    const arma::mat& weights = estimate.of_mode(mode);
    for (std::size_t node = 0; node < nodes_; ++node) {
      parent_list_.clear();
      for (std::size_t p = 0; p < nodes_; ++p)
        if (weights(p, node) != 0.0) parent_list_.push_back(p);
      if (parent_list_.empty()) continue;
      b_.resize(parent_list_.size());
      const auto fit = regressor_.fit(samples, node, mode, noise_mean[node], parent_list_, b_, {});
      const double v = noise_variance[node];
      const double scale = options_.variance == VarianceConvention::kVariance ? v : v * v;
      const double lambda = fit.rank < parent_list_.size()
                                ? std::numeric_limits<double>::infinity()
                                : scale / (fit.smallest_singular * fit.smallest_singular);
      double term = lambda;
      if (options_.form == BoundForm::kCode) {
        const double np = static_cast<double>(parent_list_.size());
        term *= std::sqrt(np * (np + 2.0));
      }
      terms_[mode * nodes_ + node] = term;
    }
  }
}

double ConfidenceBound::bound(std::uint64_t code, std::span<const double> means,
                              std::span<const double> reward_column) const {
  double sum = 0.0, mean_norm2 = 0.0, column_norm2 = 0.0;
  for (std::size_t node = 0; node < nodes_; ++node) {
    sum += terms_[mode_of(code, nodes_, node) * nodes_ + node];
    mean_norm2 += means[node] * means[node];
    column_norm2 += reward_column[node] * reward_column[node];
  }
  const double norms = std::sqrt(mean_norm2 * column_norm2);
  if (norms == 0.0) return 0.0;  // also when sum is inf: no error to bound
  return norms * std::sqrt(prefactor_ * sum);
}

}  // namespace banditsim::causal
