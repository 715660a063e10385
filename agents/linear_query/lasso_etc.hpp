/// @file agents/linear_query/lasso_etc.hpp
/// Lasso explore-then-commit (spec B.4.4, [reconstructed]: our reading of the paper's
/// "good features" regime, with the restricted-eigenvalue condition of Hao, Lattimore, Wang
/// 2020): draw a_1..a_n i.i.d. from mu (uniform on the action set: the hypercube's
/// covariance is I, kappa = 1), fit theta_hat by the Lasso with
///   lambda = 2 (epsilon + sigma sqrt(2 ln(2d/p) / n)),
/// and recommend argmax_a <phi(a), theta_hat> (on the hypercube sign(theta_hat), ties +1).
/// Rate: suboptimality O(s epsilon / kappa + s sigma sqrt(ln(d/p)/n) / kappa), with poly(s /
/// epsilon) log d queries. lambda must include epsilon (spec B.8), else the rate fails.
#pragma once

#include <armadillo>
#include <cmath>
#include <string>
#include <vector>

#include "agents/linear_query/lasso_solver.hpp"
#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/families/linear_query/concepts.hpp"

namespace banditsim::linear_query {

class LassoEtc {
 public:
  struct Config {
    double failure_probability = 0.05;
    double lambda = 0.0;  ///< 0: the formula above
    double tolerance = 1e-8;
    std::int64_t max_sweeps = 1000;
    static Config from(const ParamMap& params) {
      return {.failure_probability = params.real("failure_probability"),
              .lambda = params.real("lambda"),
              .tolerance = params.real("tolerance"),
              .max_sweeps = params.integer("max_sweeps")};
    }
  };

  static ComponentInfo info();

  explicit LassoEtc(const Config& config)
      : config_(config),
        solver_(LassoOptions{.tolerance = config.tolerance,
                             .max_sweeps = static_cast<std::size_t>(config.max_sweeps)}) {}

  void reset(const QueryProblem& problem);
  Query next_query(AgentStreams& streams);
  void observe(const Query& query, double sum);
  Action recommend() const { return recommended_; }
  std::span<const double> estimate() const { return {theta_.memptr(), theta_.n_elem}; }

  double lambda() const { return lambda_; }
  const LassoResult& solver_result() const { return result_; }

 private:
  void finish();

  Config config_;
  const ActionSet* actions_ = nullptr;
  std::size_t samples_ = 0;  ///< n
  std::size_t drawn_ = 0;
  double lambda_ = 0.0;
  arma::mat design_;  ///< n x d, row t = phi(a_t)
  arma::vec rewards_;
  arma::vec theta_;
  std::vector<double> point_, scores_;
  LassoSolver solver_;
  LassoResult result_;
  Action recommended_;
  bool finished_ = false;
};

}  // namespace banditsim::linear_query
