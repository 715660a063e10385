/// @file agents/mdp/finite_class_minimax.hpp
/// The minimax estimator of spec 3.1 over a finite class [P-object, R-form; spec 7
/// E5, P18]: the grid
///   Q = { Phi w : w = c + h z, z in Z^d, |z_i| <= m },  m = floor(R / h),
/// of K = (2m + 1)^d functions, members indexed in lexicographic z order (z_0 slowest,
/// each z_i from -m to m). Centre c: the population TD fixed point w_td (problem.exact;
/// w* + h Z^d when realizable, as E5) or initial_weights. With the rho-weighted squared
/// loss l(Q', Q) = sum_i rho_i (Q'(x_i) - r_i - gamma Q(x'_i))^2 (the same sample in both
/// terms, P18):
///   obj(Q) = l(Q, Q) - min_{Q'} l(Q', Q) >= 0,   Q_hat = argmin obj (ties: lowest index).
/// The data are kept as sufficient statistics of the finite MDP (never the sample list):
/// per row N(row) = sum rho, R(row) = sum rho r, and per (row, next state) C = sum rho.
/// Then, dropping the y^2 terms that cancel in own - best,
///   l(Q', Q) = sum_row N q'(row)^2 - 2 q'(row) T_Q(row),  T_Q = R + gamma C V_Q,
/// with V_Q(s') = x'(s').w_Q, so a refresh costs O(K rows S + K^2 rows) whatever n is.
/// Memory: rows x S doubles for C and (rows + S) x K for the members' values.
/// Ties: obj(Q) = 0 for every Q that is its own best in-class fit (Sigma-nearest member to
/// its FQE image), which with gamma near 1 and a fine grid is often several members, so
/// the tie rule matters; values within kTieTolerance times the losses' magnitude count
/// as equal (rounding), and the lowest index wins.
/// Expected mode: N = mu, R = mu .* r, C(row, s') = mu(row) P(row -> s') (target chain).
#pragma once

#include <armadillo>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "agents/mdp/batch_core.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"

namespace banditsim::mdp {

class FiniteClassMinimax {
 public:
  static constexpr bool kBatch = true;
  /// Relative tolerance of ties between objective values (64 machine epsilons).
  static constexpr double kTieTolerance = 64.0 * 2.220446049250313e-16;

  struct Config {
    double spacing = 0.1;
    double radius = 0.5;
    std::string center = "td_fixed_point";
    std::int64_t max_class_size = 1000;
    std::vector<double> initial_weights{};
    static Config from(const ParamMap& params) {
      return {params.real("spacing"), params.real("radius"), params.string("center"),
              params.integer("max_class_size"), params.real_list("initial_weights")};
    }
  };

  static ComponentInfo info();

  explicit FiniteClassMinimax(const Config& config);

  /// Throws ConfigError for initial_weights of the wrong size, a class larger than
  /// max_class_size (key "max_class_size"), or centre td_fixed_point without an exact
  /// solution (key "center").
  void check(const EvaluationProblem& problem) const;
  void reset(const EvaluationProblem& problem);

  void observe(const Transition& t) {
    const std::size_t row = t.row;
    const double rho = t.update_ratio;
    row_weight_[row] += rho;
    row_reward_[row] += rho * t.reward;
    next_weight_(row, t.next_state) += rho;
    core_.count_update();
  }

  void expected_update() { core_.count_update(); }

  void refresh();

  std::span<const double> weights() const { return core_.weights(); }
  const AgentStatus& status() const { return core_.status(); }

  /// K, the class's members' weights (K x d, row k = member k), obj of the last
  /// refresh (size K) and the chosen index.
  std::size_t class_size() const { return members_.n_rows; }
  const arma::mat& members() const { return members_; }
  const arma::vec& objective() const { return objective_; }
  std::size_t chosen() const { return chosen_; }

  /// K = (2 floor(R/h) + 1)^d, or max + 1 if it exceeds `max` (no overflow).
  static std::int64_t class_size(double spacing, double radius, std::size_t dim, std::int64_t max);

 private:
  BatchCore core_;
  double spacing_;
  double radius_;
  bool center_at_td_;
  std::int64_t max_class_size_;
  arma::mat members_;               // K x d
  arma::mat member_rows_;           // rows x K: q_k(row) = x(row).w_k
  arma::mat member_next_;           // S x K: V_k(s') = x'(s').w_k
  std::vector<double> row_weight_;  // N(row)
  std::vector<double> row_reward_;  // R(row)
  arma::mat next_weight_;           // C, rows x S
  arma::vec objective_;
  std::size_t chosen_ = 0;
};

}  // namespace banditsim::mdp
