#include "agents/linear_query/lasso_etc.hpp"

#include <string>

namespace banditsim::linear_query {

namespace {
/// The most values the n x d design may hold (800 MB), as every component.
constexpr double kMaxValues = 1e8;
}  // namespace

ComponentInfo LassoEtc::info() {
  return {.name = "lasso_etc",
          .family = "linear_query",
          .role = ComponentRole::kAgent,
          .summary =
              "Lasso explore-then-commit: O(s epsilon)-optimal with poly(s/epsilon) log d "
              "queries under good features (the hypercube)",
          .reference =
              "Regime claimed by Dong, Yang (2023), ICML 2023 (abstract); the algorithm: "
              "../shared/specs/papers-causal-sparse.md B.4.4 [reconstructed], after Hao, "
              "Lattimore, Wang (2020), High-dimensional sparse linear bandits, NeurIPS",
          .fidelity = Fidelity::kReconstruction,
          .notes =
              "Reconstructed ('good' features read as a restricted-eigenvalue condition of "
              "the exploration covariance, B.4.4). Explores with n = budget pulls from the "
              "uniform distribution on the actions (a uniform row; on the hypercube "
              "i.i.d. fair signs), solves the Lasso (1/2n) sum (Y - <x, theta>)^2 + lambda "
              "||theta||_1 by cyclic coordinate descent (agents/linear_query/"
              "lasso_solver.hpp), lambda = 2 (epsilon + sigma sqrt(2 ln(2d/p)/n)) unless "
              "given, and recommends argmax_a <phi(a), theta_hat> (hypercube: "
              "sign(theta_hat), ties +1). Keeps the n x d design (n d <= 1e8).",
          .params = {
              real_param("failure_probability", 0.05, Range::open(0.0, 1.0),
                         "p in lambda's noise term"),
              with_origin(real_param("lambda", 0.0, Range::at_least(0.0),
                                     "the Lasso penalty; 0 = 2 (epsilon + sigma sqrt(2 ln(2d/p) / "
                                     "n)) (B.4.4)"),
                          ParamOrigin::kReconstruction),
              with_origin(real_param("tolerance", 1e-8, Range::greater_than(0.0),
                                     "coordinate descent stops when no coordinate moved more "
                                     "than tolerance x max(1, max_j |theta_j|) in a sweep"),
                          ParamOrigin::kOurs),
              with_origin(int_param("max_sweeps", 1000, Range::at_least(1),
                                    "coordinate descent stops after this many sweeps"),
                          ParamOrigin::kOurs)}};
}

void LassoEtc::reset(const QueryProblem& problem) {
  actions_ = problem.actions;
  const std::size_t d = problem.dim;
  samples_ = static_cast<std::size_t>(problem.budget);
  if (static_cast<double>(samples_) * static_cast<double>(d) > kMaxValues)
    throw ConfigError("lasso_etc", "budget",
                      "keeps the n x d design: budget x d = " + std::to_string(samples_) + " x " +
                          std::to_string(d) + " exceeds the 1e8 values (800 MB) an agent may hold");
  lambda_ = config_.lambda > 0.0
                ? config_.lambda
                : 2.0 * (problem.epsilon +
                         problem.noise_sd * std::sqrt(2.0 *
                                                      std::log(2.0 * static_cast<double>(d) /
                                                               config_.failure_probability) /
                                                      static_cast<double>(samples_)));
  if (design_.n_rows != samples_ || design_.n_cols != d) design_.set_size(samples_, d);
  if (rewards_.n_elem != samples_) rewards_.set_size(samples_);
  theta_.zeros(d);
  point_.assign(d, 0.0);
  scores_.assign(actions_->enumerable() ? actions_->size() : 0, 0.0);
  drawn_ = 0;
  finished_ = false;
  recommended_ = {};
}

Query LassoEtc::next_query(AgentStreams& streams) {
  if (drawn_ == samples_) {
    if (!finished_) finish();
    return {};
  }
  const Action action = actions_->sample_uniform(streams.sampling, point_);
  if (actions_->enumerable()) {
    const arma::mat& phi = actions_->features();
    for (std::size_t j = 0; j < phi.n_cols; ++j) design_(drawn_, j) = phi(action.index, j);
  } else {
    for (std::size_t j = 0; j < point_.size(); ++j) design_(drawn_, j) = point_[j];
  }
  return {.action = action, .count = 1};
}

void LassoEtc::observe(const Query& /*query*/, double sum) { rewards_(drawn_++) = sum; }

void LassoEtc::finish() {
  result_ = solver_.solve(design_, rewards_, lambda_, theta_);
  const Action best = actions_->argmax({theta_.memptr(), theta_.n_elem}, scores_, point_);
  recommended_ = best;
  finished_ = true;
}

}  // namespace banditsim::linear_query
