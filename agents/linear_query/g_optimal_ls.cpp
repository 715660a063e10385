#include "agents/linear_query/g_optimal_ls.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace banditsim::linear_query {

ComponentInfo GOptimalLs::info() {
  return {
      .name = "g_optimal_ls",
      .family = "linear_query",
      .role = ComponentRole::kAgent,
      .summary = "G-optimal design + least squares (ODLS): the O(epsilon sqrt(d)) baseline",
      .reference =
          "Lattimore, Szepesvari, Weisz (2020), Learning with good feature "
          "representations in bandits and in RL with a generative model, ICML 2020; "
          "spec ../shared/specs/papers-causal-sparse.md B.4.2",
      .fidelity = Fidelity::kPaper,
      .notes =
          "Frank-Wolfe with the Fedorov-Wynn step (agents/design/g_optimal_design.hpp) "
          "from the uniform design on a spanning subset (the first rows, in index "
          "order, that raise the rank: B.4.2's 'spanning subset', which makes E1's "
          "design uniform on e_1..e_d, B.6) or on all actions; stops at max g <= (1 + "
          "eta) d. Ours: the budget T is spread as n_a = floor(pi(a) T) plus one more "
          "pull for the T - sum floor largest remainders (ties to the smallest index), "
          "so exactly T pulls (the spec's ceil(pi(a) n) may exceed T). theta_hat solves "
          "V theta = sum phi Y (a pseudo-inverse if a rounding left V singular). Needs "
          "an enumerable action set and budget >= d; features spanning r < d dimensions are "
          "handled in coordinates of their span (B.8). The design is kept "
          "across replications of a fixed action set.",
      .params = {with_origin(real_param("design_tolerance", 0.1, Range::greater_than(0.0),
                                        "eta: Frank-Wolfe stops at max_a g_a <= (1 + eta) d; the "
                                        "bias bound is epsilon sqrt((1 + eta) d)"),
                             ParamOrigin::kOurs),
                 with_origin(string_param("design_start", "spanning", {"spanning", "uniform"},
                                          "Frank-Wolfe's start: uniform on a spanning subset (rows "
                                          "in index order) or on all actions (B.4.2)"),
                             ParamOrigin::kOurs)}};
}

void GOptimalLs::reset(const QueryProblem& problem) {
  const ActionSet& actions = *problem.actions;
  if (!actions.enumerable())
    throw ConfigError("g_optimal_ls", "",
                      "computes a design over every action, and the action set (2^" +
                          std::to_string(actions.dim()) + " actions) cannot be listed");
  const std::size_t d = problem.dim;
  if (problem.budget < static_cast<std::int64_t>(d))
    throw ConfigError("g_optimal_ls", "budget",
                      "least squares needs at least d = " + std::to_string(d) +
                          " pulls, budget = " + std::to_string(problem.budget));
  const arma::mat& phi = actions.features();
  if (actions_ != &actions || generation_ != problem.action_set_generation) {
    const std::vector<std::size_t> spanning = design::spanning_rows(phi);
    rank_ = spanning.size();
    // Features that span only r < d dimensions: design and least squares in coordinates of an
    // orthonormal basis Q (d x r) of their span (spec B.8, "restrict to the span"); theta_hat =
    // Q theta_r is then the minimum-norm least-squares solution. Full rank keeps phi itself.
    if (rank_ < d) {
      arma::mat rows(spanning.size(), d);
      for (std::size_t i = 0; i < spanning.size(); ++i) rows.row(i) = phi.row(spanning[i]);
      basis_ = arma::orth(rows.t());
      rank_ = basis_.n_cols;
      coordinates_ = phi * basis_;
    } else {
      basis_.reset();
      coordinates_.reset();
    }
    design::DesignOptions options{.tolerance = config_.design_tolerance};
    if (config_.spanning_start) {
      options.initial.zeros(phi.n_rows);
      for (std::size_t a : spanning)
        options.initial(a) = 1.0 / static_cast<double>(spanning.size());
    }
    design_ = design::g_optimal_design(rank_ < d ? coordinates_ : phi, options);
    actions_ = &actions;
    generation_ = problem.action_set_generation;
  }
  // Pulls: floor(pi T), then the largest remainders (ties: smallest index), exactly T.
  const double budget = static_cast<double>(problem.budget);
  support_.clear();
  pulls_.clear();
  std::vector<double> remainder;
  std::int64_t spent = 0;
  for (std::size_t a = 0; a < phi.n_rows; ++a) {
    const double share = design_.weights(a) * budget;
    if (!(design_.weights(a) > 0.0)) continue;
    const double whole = std::floor(share);
    support_.push_back(a);
    pulls_.push_back(static_cast<std::int64_t>(whole));
    remainder.push_back(share - whole);
    spent += static_cast<std::int64_t>(whole);
  }
  std::vector<std::size_t> order(support_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t i, std::size_t j) { return remainder[i] > remainder[j]; });
  for (std::size_t i = 0; spent < problem.budget && i < order.size(); ++i, ++spent)
    ++pulls_[order[i]];
  // Drop support points left without a pull.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < support_.size(); ++i)
    if (pulls_[i] > 0) {
      support_[kept] = support_[i];
      pulls_[kept] = pulls_[i];
      ++kept;
    }
  support_.resize(kept);
  pulls_.resize(kept);
  next_ = 0;
  gram_.zeros(rank_, rank_);
  moments_.zeros(rank_);
  theta_.zeros(d);
  scores_.resize(phi.n_rows);
  recommended_ = 0;
}

void GOptimalLs::observe(const Query& query, double sum) {
  // V += n_a y y^T (lower triangle; zero coordinates skipped: E1's basis rows cost O(1)),
  // moments += y * sum, with y = phi(a) (or its coordinates in the span's basis). No
  // temporaries: nothing allocates per query.
  const arma::mat& y = coordinates_.n_elem > 0 ? coordinates_ : actions_->features();
  const std::size_t a = query.action.index, r = y.n_cols;
  const double count = static_cast<double>(query.count);
  for (std::size_t i = 0; i < r; ++i) {
    const double yi = y(a, i);
    if (yi == 0.0) continue;
    moments_(i) += sum * yi;
    for (std::size_t j = 0; j <= i; ++j) gram_(i, j) += count * yi * y(a, j);
  }
  if (++next_ == support_.size()) finish();
}

void GOptimalLs::finish() {
  arma::vec solution;
  if (!arma::solve(solution, arma::symmatl(gram_), moments_,
                   arma::solve_opts::likely_sympd + arma::solve_opts::no_approx))
    solution = arma::pinv(arma::symmatl(gram_)) * moments_;
  theta_ = basis_.n_elem > 0 ? arma::vec(basis_ * solution) : solution;
  std::vector<double> point;  // unused for tables
  recommended_ = actions_->argmax({theta_.memptr(), theta_.n_elem}, scores_, point).index;
}
}  // namespace banditsim::linear_query
