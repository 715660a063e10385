#include "agents/causal/all_change_detector.hpp"

#include <cmath>
#include <limits>

namespace banditsim::causal {

void AllChangeDetector::reset(std::span<const double> noise_mean,
                              std::span<const double> noise_variance) {
  nodes_ = noise_mean.size();
  noise_mean_ = arma::vec(noise_mean.data(), nodes_);
  noise_variance_ = arma::vec(noise_variance.data(), nodes_);
  model_ok_ = false;
  ring_.zeros(nodes_, window_);
  clear();
}

bool AllChangeDetector::set_model(const arma::mat& mixed_weights) {
  const arma::mat system = arma::eye(nodes_, nodes_) - mixed_weights;
  arma::mat flow;  // C = (I - B_a)^{-1}
  model_ok_ = arma::rcond(system) >= 1e-12 && arma::inv(flow, system);
  if (!model_ok_) return false;
  mean_ = flow.t() * noise_mean_;
  const arma::mat cov = flow.t() * arma::diagmat(noise_variance_) * flow;
  double sign = 0.0;
  arma::log_det(log_det_cov_, sign, cov);
  model_ok_ = sign > 0.0 && arma::inv_sympd(precision_, cov);
  return model_ok_;
}

void AllChangeDetector::clear() {
  held_ = 0;
  next_ = 0;
}

void AllChangeDetector::push(std::span<const double> x) {
  for (std::size_t n = 0; n < nodes_; ++n) ring_(n, next_) = x[n];
  next_ = (next_ + 1) % window_;
  if (held_ < window_) ++held_;
}

double AllChangeDetector::statistic() const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!model_ok_ || held_ < window_) return nan;
  const double w = static_cast<double>(window_);
  const arma::vec sample_mean = arma::mean(ring_, 1);
  const arma::mat centred = ring_.each_col() - sample_mean;
  const arma::mat sample_cov = centred * centred.t() / (w - 1.0);  // ddof = 1
  double log_det_sample = 0.0, sign = 0.0;
  if (!arma::log_det(log_det_sample, sign, sample_cov) || !(sign > 0.0)) return nan;
  arma::mat sample_precision;
  if (!arma::inv_sympd(sample_precision, sample_cov)) return nan;
  const arma::mat deviation = ring_.each_col() - mean_;
  const double model_quadratic = arma::accu(deviation % (precision_ * deviation));
  const double sample_quadratic = arma::accu(centred % (sample_precision * centred));
  const double numerator =
      0.5 * w * (log_det_cov_ - log_det_sample) + 0.5 * model_quadratic - 0.5 * sample_quadratic;
  return numerator / (w * static_cast<double>(nodes_));
}

}  // namespace banditsim::causal
