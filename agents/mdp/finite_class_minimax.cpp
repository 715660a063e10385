#include "agents/mdp/finite_class_minimax.hpp"

#include <algorithm>
#include <cmath>

namespace banditsim::mdp {

ComponentInfo FiniteClassMinimax::info() {
  return {.name = "finite_class_minimax",
          .family = "mdp",
          .role = ComponentRole::kAgent,
          .summary = "Minimax estimator over a finite grid class c + h Z^d (spec 3.1, E5)",
          .reference =
              "Zanette (2023), ICML, finite function classes and 'the minimax "
              "formulation' [P]; pseudo-code of spec 3.1; Chen & Jiang (2019), ICML",
          .fidelity = Fidelity::kReconstruction,
          .notes =
              "[R] objective of spec 3.1: obj(Q) = l(Q,Q) - min_Q' l(Q',Q) with the "
              "rho-weighted squared loss and the same sample in both terms (P18); argmin, "
              "ties to the lowest index in lexicographic z order. Class {c + h z : |z_i| "
              "<= floor(R/h)}, centre w_td (w* + h Z^d when realizable, E5) or "
              "initial_weights; K = (2 floor(R/h) + 1)^d <= max_class_size. Data kept as "
              "per-(row, next state) sufficient statistics: O(K rows S + K^2 rows) per "
              "refresh whatever n. Uses the exact module only for the centre (P19).",
          .params = {real_param("spacing", 0.1, Range::greater_than(0.0), "grid spacing h"),
                     real_param("radius", 0.5, Range::at_least(0.0),
                                "grid radius R (sup-norm around the centre)"),
                     string_param("center", "td_fixed_point", {"td_fixed_point", "initial_weights"},
                                  "grid centre: the population TD fixed point or initial_weights"),
                     int_param("max_class_size", 1000, Range::at_least(1),
                               "largest allowed K (refresh costs O(K^2 rows))"),
                     initial_weights_param()}};
}

FiniteClassMinimax::FiniteClassMinimax(const Config& config)
    : core_("finite_class_minimax", config.initial_weights),
      spacing_(config.spacing),
      radius_(config.radius),
      center_at_td_(config.center == "td_fixed_point"),
      max_class_size_(config.max_class_size) {
  const std::string name = "finite_class_minimax";
  if (!(spacing_ > 0.0)) throw ConfigError(name, "spacing", "must be > 0");
  if (!(radius_ >= 0.0)) throw ConfigError(name, "radius", "must be >= 0");
  if (config.center != "td_fixed_point" && config.center != "initial_weights")
    throw ConfigError(name, "center", "must be td_fixed_point or initial_weights");
  if (max_class_size_ < 1) throw ConfigError(name, "max_class_size", "must be at least 1");
}

std::int64_t FiniteClassMinimax::class_size(double spacing, double radius, std::size_t dim,
                                            std::int64_t max) {
  const double per_axis = 2.0 * std::floor(radius / spacing) + 1.0;
  double size = 1.0;
  for (std::size_t i = 0; i < dim; ++i) {
    size *= per_axis;
    if (size > static_cast<double>(max)) return max + 1;
  }
  return static_cast<std::int64_t>(size);
}

void FiniteClassMinimax::check(const EvaluationProblem& problem) const {
  core_.check(problem);
  const std::int64_t size = class_size(spacing_, radius_, problem.dim, max_class_size_);
  if (size > max_class_size_)
    throw ConfigError("finite_class_minimax", "max_class_size",
                      "the class (2 floor(radius / spacing) + 1)^d has more than " +
                          std::to_string(max_class_size_) +
                          " members; increase spacing, reduce radius or raise max_class_size");
  if (center_at_td_ && problem.exact == nullptr)
    throw ConfigError("finite_class_minimax", "center",
                      "td_fixed_point needs the exact solution of the problem");
}

void FiniteClassMinimax::reset(const EvaluationProblem& problem) {
  core_.reset(problem);
  const std::size_t d = problem.dim;
  const std::size_t rows = problem.features.size() / d;
  const std::size_t states = problem.states;
  const auto m = static_cast<std::int64_t>(std::floor(radius_ / spacing_));
  const auto per_axis = static_cast<std::size_t>(2 * m + 1);
  const auto size = static_cast<std::size_t>(class_size(spacing_, radius_, d, max_class_size_));

  arma::vec center(d, arma::fill::zeros);
  if (center_at_td_) {
    center = problem.exact->w_td;
  } else if (!core_.initial_weights().empty()) {
    center = arma::vec(core_.initial_weights());
  }
  // Member k in lexicographic z order: the mixed-radix digits of k, z_0 most significant.
  members_.set_size(size, d);
  for (std::size_t k = 0; k < size; ++k) {
    std::size_t rest = k;
    for (std::size_t i = d; i-- > 0;) {
      const auto digit = static_cast<std::int64_t>(rest % per_axis);
      rest /= per_axis;
      members_(k, i) = center(i) + spacing_ * static_cast<double>(digit - m);
    }
  }
  const arma::mat phi(problem.features.data(), d, rows);  // column = one row's features
  const arma::mat next(problem.next_features.data(), d, states);
  member_rows_ = phi.t() * members_.t();   // rows x K
  member_next_ = next.t() * members_.t();  // S x K

  row_weight_.assign(rows, 0.0);
  row_reward_.assign(rows, 0.0);
  next_weight_.zeros(rows, states);
  objective_.zeros(size);
  chosen_ = 0;
  if (center_at_td_) core_.w() = center;  // before the first data: the class's centre

  if (problem.data == DataMode::kExpected) {
    const EvaluationChain& chain = *problem.chain;
    const std::size_t actions = problem.kind == FeatureKind::kState ? 1 : problem.actions;
    for (std::size_t row = 0; row < rows; ++row) {
      row_weight_[row] = chain.mu(row);
      row_reward_[row] = chain.mu(row) * chain.r_target(row);
      // Target-chain probability of each next state: sum over its rows (its actions).
      for (std::size_t s = 0; s < states; ++s) {
        double p = 0.0;
        for (std::size_t a = 0; a < actions; ++a) p += chain.p_target(row, s * actions + a);
        next_weight_(row, s) = chain.mu(row) * p;
      }
    }
  }
}

void FiniteClassMinimax::refresh() {
  if (core_.stopped() || !core_.has_data()) return;
  const double gamma = core_.problem().gamma;
  const arma::vec weight(row_weight_);
  const arma::vec reward(row_reward_);
  // T_Q(row) = R(row) + gamma sum_s' C(row, s') V_Q(s'), one column per member Q.
  arma::mat targets = gamma * (next_weight_ * member_next_);
  targets.each_col() += reward;
  // loss(Q', Q) = sum_row N q'^2 - 2 q' T_Q: entry (Q', Q).
  const arma::rowvec squares = weight.t() * arma::square(member_rows_);
  arma::mat loss = -2.0 * (member_rows_.t() * targets);
  loss.each_col() += squares.t();
  const std::size_t size = members_.n_rows;
  for (std::size_t q = 0; q < size; ++q) objective_(q) = loss(q, q) - loss.col(q).min();
  // The magnitude of the terms whose differences obj is: its rounding scale.
  const double scale = std::max(arma::abs(loss).max(), squares.max());
  // Ties (obj equal up to the rounding of those differences) go to the lowest index:
  // obj(Q) = 0 for every Q that is its own best in-class fit, often several (P18).
  const double tie = kTieTolerance * scale;
  const double best = objective_.min();
  chosen_ = 0;
  while (objective_(chosen_) > best + tie) ++chosen_;
  core_.w() = members_.row(chosen_).t();
  core_.check_finite();
}

}  // namespace banditsim::mdp
