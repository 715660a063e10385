/// @file agents/linear_query/g_optimal_ls.hpp
/// ODLS: G-optimal design plus least squares (Lattimore, Szepesvari, Weisz 2020; spec
/// B.4.2), the O(epsilon sqrt(d)) baseline. Frank-Wolfe finds pi with max_a
/// phi(a)^T V(pi)^{-1} phi(a) <= (1 + eta) d; the budget is spread over supp(pi), theta_hat =
/// V^{-1} sum_t phi(a_t) Y_t, and the action maximising <phi(a), theta_hat> is recommended.
/// Its misspecification bias |<phi(a), theta_hat - theta*>| <= epsilon sqrt(g(pi)) is tight:
/// on E1 the gap is epsilon sqrt(d)/2 + 1.5 epsilon exactly (spec B.6).
#pragma once

#include <armadillo>
#include <string>
#include <vector>

#include "agents/design/g_optimal_design.hpp"
#include "agents/design/spanning_rows.hpp"
#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/families/linear_query/concepts.hpp"

namespace banditsim::linear_query {

class GOptimalLs {
 public:
  struct Config {
    double design_tolerance = 0.1;
    bool spanning_start = true;
    static Config from(const ParamMap& params) {
      return {.design_tolerance = params.real("design_tolerance"),
              .spanning_start = params.string("design_start") == "spanning"};
    }
  };

  static ComponentInfo info();

  explicit GOptimalLs(const Config& config) : config_(config) {}

  void reset(const QueryProblem& problem);
  Query next_query(AgentStreams& /*streams*/) const {
    if (next_ == support_.size()) return {};
    return {.action = {.index = support_[next_]}, .count = pulls_[next_]};
  }
  void observe(const Query& query, double sum);
  Action recommend() const { return {.index = recommended_}; }
  std::span<const double> estimate() const { return {theta_.memptr(), theta_.n_elem}; }

  /// max_a g_a at the design (>= d; <= (1 + eta) d when Frank-Wolfe converged).
  double design_max_variance() const { return design_.max_variance; }
  const design::Design& design() const { return design_; }
  bool spanning_start() const { return config_.spanning_start; }
  /// The design's actions with at least one pull, and their pull counts n_a.
  std::span<const std::uint64_t> support() const { return support_; }
  std::span<const std::int64_t> pulls() const { return pulls_; }

 private:
  void finish();

  Config config_;
  const ActionSet* actions_ = nullptr;
  std::uint64_t generation_ = 0;
  design::Design design_;
  std::size_t rank_ = 0;                ///< r, the dimension of the features' span
  arma::mat basis_;                     ///< d x r orthonormal basis of the span (empty: r = d)
  arma::mat coordinates_;               ///< K x r coordinates phi Q (empty: r = d)
  std::vector<std::uint64_t> support_;  ///< supp(pi), increasing index
  std::vector<std::int64_t> pulls_;     ///< n_a per support point
  std::size_t next_ = 0;
  arma::mat gram_;     ///< V = sum_a n_a phi(a) phi(a)^T
  arma::vec moments_;  ///< sum_t phi(a_t) Y_t
  arma::vec theta_;
  std::vector<double> scores_;
  std::uint64_t recommended_ = 0;
};

}  // namespace banditsim::linear_query
