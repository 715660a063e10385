/// @file agents/causal/confidence_bound.hpp
/// CSL-UCB's uncertainty bound U(a) on |mu^_a[N-1] - mu_a[N-1]| (spec A.4.3;
/// Peng, Zhang, Mitra, ICASSP-2024 supplement Theorem 1, and the authors' code
/// `conf_bound`, HEAD 2025-06-30).
///
/// Node n under mode m contributes lambda_{n,m} = lambda_max(Cov_{n,m}), the largest
/// eigenvalue of its least-squares error covariance Cov = s_n (Z Z^T)^{-1}, Z the
/// regressors of its learned parents L (those with nonzero weight in B^_m[:, n])
/// over the cell's segment samples; nodes with no such parent contribute 0.
/// lambda_max((Z Z^T)^{-1}) = 1 / s_min(Z)^2 from the SVD; a rank-deficient Z gives
/// lambda = +inf (P-A8: an infinite bonus).
///   s_n = sigma_n^2           (variance_convention "variance", ours, P-A4)
///   s_n = Sigma[n,n]^2        ("code": what the code computes, sigma^4)
/// The bound, with c_a = [(I - B^_a)^{-1}]_{:, N-1} and the plug-in ||mu^_a||:
///   "code":  U = ||c_a|| ||mu^_a|| sqrt(4 ln(2N/delta) sum_n sqrt(Np (Np+2)) lambda_{n,a_n})
///   "paper": U = 2 (N^2+2N)^{1/4} ||c_a|| ||mu^_a|| sqrt(ln(2N/delta) sum_n lambda_{n,a_n})
/// (Np = |L| of node n; the paper form is Theorem 1 as printed, with the plug-in
/// ||mu^_a|| of the code in place of the unknown ||mu_a||.)
/// The per-(node, mode) terms depend only on the cell, so prepare() computes the
/// 2N of them once per estimate and bound() is O(N) per action.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "agents/causal/node_mode_samples.hpp"
#include "agents/causal/subgraph_learning.hpp"
#include "sim/families/causal/sem_model.hpp"

namespace banditsim::causal {

enum class BoundForm { kCode, kPaper };
enum class VarianceConvention { kVariance, kCode };

class ConfidenceBound {
 public:
  struct Options {
    double delta = 0.05;
    BoundForm form = BoundForm::kCode;
    VarianceConvention variance = VarianceConvention::kVariance;
  };

  explicit ConfidenceBound(Options options) : options_(options) {}

  /// Computes the 2N per-cell terms for the estimates.
  void prepare(const NodeModeSamples& samples, const SemWeights& estimate,
               std::span<const double> noise_mean, std::span<const double> noise_variance);

  /// The term of node n under mode m (sqrt(Np(Np+2)) lambda for "code", lambda for "paper").
  double term(std::size_t node, std::size_t mode) const { return terms_[mode * nodes_ + node]; }

  /// U for action code `code`, given its estimated means mu^_a (N values) and
  /// reward column c_a (N values) from SemEstimateEvaluator.
  double bound(std::uint64_t code, std::span<const double> means,
               std::span<const double> reward_column) const;

 private:
  Options options_;
  std::size_t nodes_ = 0;
  double prefactor_ = 0.0;  // 4 ln(2N/delta) [* sqrt(N(N+2)) for the paper form]
  std::vector<double> terms_;
  CellRegressor regressor_;
  std::vector<std::size_t> parent_list_;
  std::vector<double> b_;
};

}  // namespace banditsim::causal
