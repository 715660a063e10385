/// @file agents/causal/all_change_detector.hpp
/// DetChangeAll, GOLEM-MAB's change detector in Peng, Zhang, Mitra's code (spec
/// A.4.7): a Gaussian likelihood-ratio statistic of the last W samples against
/// the committed model.
///
/// With the committed weights B_a, C = (I - B_a)^{-1}, mu = C^T nu,
/// Cov = C^T Sigma C, and the last W samples x_1..x_W with sample mean mu^ and
/// sample covariance Cov^ (ddof = 1):
///   D = [ (W/2) ln(det Cov / det Cov^) + 1/2 sum_i (x_i - mu)^T Cov^{-1} (x_i - mu)
///         - 1/2 sum_i (x_i - mu^)^T Cov^^{-1} (x_i - mu^) ] / (W N),
/// change iff D > threshold (20 in the code). Sigma = diag(noise variances)
/// (spec P-A4: we store variances; with Sigma = I all readings coincide).
/// [my choice] If Cov^ is singular (W <= N, or collinear samples) D is not
/// defined: report no change (the analogue of P-A14's guard).
/// Memory: a ring of the last W samples.
#pragma once

#include <armadillo>
#include <cstddef>
#include <span>
#include <vector>

namespace banditsim::causal {

class AllChangeDetector {
 public:
  AllChangeDetector(std::size_t window, double threshold)
      : window_(window), threshold_(threshold) {}

  /// Forgets the samples and the model; N nodes with the known nu and variances.
  void reset(std::span<const double> noise_mean, std::span<const double> noise_variance);
  /// The committed weights B_a (N x N). Returns false if I - B_a is singular
  /// (then no change is ever reported until the next set_model).
  bool set_model(const arma::mat& mixed_weights);
  /// Forgets the samples (keeps the model).
  void clear();
  void push(std::span<const double> x);

  std::size_t window() const { return window_; }
  std::size_t held() const { return held_; }
  /// D over the last W samples; NaN if fewer than W are held, the model is
  /// unusable or Cov^ is singular.
  double statistic() const;
  bool change() const { return statistic() > threshold_; }  // false for NaN

 private:
  std::size_t window_;
  double threshold_;
  std::size_t nodes_ = 0;
  arma::vec noise_mean_, noise_variance_;
  bool model_ok_ = false;
  arma::vec mean_;       // mu
  arma::mat precision_;  // Cov^{-1}
  double log_det_cov_ = 0.0;
  arma::mat ring_;  // N x W, column (count mod W) is the next slot
  std::size_t held_ = 0;
  std::size_t next_ = 0;
};

}  // namespace banditsim::causal
