#include "agents/dp_bai/od_linbai.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <string>

#include "agents/design/g_optimal_design.hpp"
#include "agents/dp_bai/arm_span.hpp"
#include "agents/dp_bai/top_arms.hpp"
#include "agents/privacy/noise_multiplier.hpp"
#include "agents/privacy/private_mean.hpp"
#include "sim/core/check.hpp"

namespace banditsim::dp_bai {
namespace {

std::size_t ceil_div_pow2(std::size_t d, std::size_t r) {
  const std::size_t block = std::size_t{1} << r;
  return (d + block - 1) / block;
}

ParamSpec design_tolerance_param() {
  return with_origin(real_param("design_tolerance", 1e-3, Range::open(0.0, 1.0),
                                "Frank-Wolfe stops when max_a ||a||^2_{V(pi)^-1} <= d (1 + "
                                "tolerance); the design, and so the results, depend on it "
                                "(spec P14)"),
                     ParamOrigin::kOurs);
}

ParamSpec rank_tolerance_param() {
  return with_origin(real_param("rank_tolerance", 1e-10, Range::open(0.0, 1.0),
                                "singular values below this times the largest count as zero "
                                "when finding the active arms' span (spec P3)"),
                     ParamOrigin::kOurs);
}

}  // namespace

std::size_t DesignElimination::survivors(std::size_t phase) const {
  return std::min(active_.size(), ceil_div_pow2(rank_, phase + 1));
}

void DesignElimination::reset(const BaiProblem& problem) {
  budget_ = problem.budget;
  reward_range_ = problem.reward_range();
  dim_ = problem.dim;
  features_ = problem.features;
  const std::size_t arms = problem.num_arms;
  active_.resize(arms);
  std::iota(active_.begin(), active_.end(), std::size_t{0});
  const bool same_features = !first_plan_features_.changed(problem.features);
  if (!same_features) {
    gather_feature_rows(features_, dim_, active_, scratch_arms_);
    rank_ = project_to_span(scratch_arms_, config_.rank_tolerance).rank;
    BANDITSIM_CHECK(rank_ >= 1, "od_linbai: all arm features are zero");
    phases_ = std::max<std::size_t>(1, static_cast<std::size_t>(std::bit_width(rank_ - 1)));
  }
  // m: the per-phase budget (see the file comment).
  const auto R = static_cast<double>(phases_);
  if (config_.variant == Variant::kOdLinBai) {
    double slack = static_cast<double>(std::min(arms, rank_ * (rank_ + 1) / 2));
    for (std::size_t r = 1; r < phases_; ++r) slack += static_cast<double>(ceil_div_pow2(rank_, r));
    phase_budget_ = (static_cast<double>(budget_) - slack) / R;
    if (phase_budget_ < 1.0)
      throw ConfigError("od_linbai", "budget",
                        "needs a budget of at least " + std::to_string(slack + R) +
                            " (the rounding slack of " + std::to_string(phases_) +
                            " phases plus one pull per phase), got " + std::to_string(budget_));
  } else {
    phase_budget_ = std::floor(static_cast<double>(budget_) / R);
    if (phase_budget_ < static_cast<double>(arms))
      throw ConfigError("dp_od", "budget",
                        "needs a budget of at least " + std::to_string(phases_ * arms) + " (" +
                            std::to_string(phases_) + " phases x " + std::to_string(arms) +
                            " arms, so that the design's floors leave a pull), got " +
                            std::to_string(budget_));
  }
  if (!same_features) {
    compute_plan(scratch_arms_, first_plan_);
  } else {
    // m may differ between cells of the same features: recompute the counts only.
    compute_counts(first_plan_);
  }
  releases_.clear();
  releases_.reserve(arms * phases_);
  phase_ = 0;
  plan_.pulled = first_plan_.pulled;
  plan_.counts = first_plan_.counts;
  plan_.coordinates = first_plan_.coordinates;
  start_phase();
}

void DesignElimination::compute_plan(const arma::mat& arms, PhasePlan& plan) const {
  const ArmSpan span = project_to_span(arms, config_.rank_tolerance);
  BANDITSIM_CHECK(span.rank >= 1, "od_linbai: active arms with zero features");
  const design::Design design =
      design::g_optimal_design(span.coordinates, {.tolerance = config_.design_tolerance});
  plan.coordinates = span.coordinates;
  plan.weights.assign(design.weights.begin(), design.weights.end());
  if (config_.variant == Variant::kOdLinBai) {
    // Yang & Tan pull a design of support <= d_r(d_r+1)/2 (Caratheodory); Frank-Wolfe
    // from the uniform design leaves every arm a positive weight, so we keep the
    // d_r(d_r+1)/2 largest weights and renormalise [OURS], which keeps the pulls within
    // the rounding slack of m.
    const std::size_t support = std::min(plan.weights.size(), span.rank * (span.rank + 1) / 2);
    std::vector<std::size_t> order(plan.weights.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return plan.weights[a] > plan.weights[b];
    });
    double kept = 0.0;
    for (std::size_t k = 0; k < support; ++k) kept += plan.weights[order[k]];
    for (std::size_t k = support; k < order.size(); ++k) plan.weights[order[k]] = 0.0;
    for (double& w : plan.weights) w /= kept;
  }
  compute_counts(plan);
}

void DesignElimination::compute_counts(PhasePlan& plan) const {
  plan.pulled.clear();
  plan.counts.clear();
  for (std::size_t i = 0; i < plan.weights.size(); ++i) {
    const double target = plan.weights[i] * phase_budget_;
    const auto count = static_cast<std::int64_t>(
        config_.variant == Variant::kOdLinBai ? std::ceil(target) : std::floor(target));
    if (plan.weights[i] > 0.0 && count >= 1) {
      plan.pulled.push_back(i);
      plan.counts.push_back(count);
    }
  }
  BANDITSIM_CHECK(!plan.pulled.empty(), "od_linbai: a phase without pulls (checked at reset)");
}

void DesignElimination::start_phase() {
  cursor_ = 0;
  sums_.assign(plan_.pulled.size(), 0.0);
}

PullRequest DesignElimination::next_pulls() {
  if (phase_ >= phases_) return {};
  return {.arm = active_[plan_.pulled[cursor_]], .count = plan_.counts[cursor_]};
}

void DesignElimination::observe(std::size_t arm, std::int64_t count, double sum,
                                AgentStreams& streams) {
  BANDITSIM_CHECK(
      phase_ < phases_ && arm == active_[plan_.pulled[cursor_]] && count == plan_.counts[cursor_],
      "od_linbai: a batch it did not ask for");
  sums_[cursor_] = sum;
  if (++cursor_ == plan_.pulled.size()) end_phase(streams);
}

void DesignElimination::end_phase(AgentStreams& streams) {
  const std::size_t rank = plan_.coordinates.n_cols;
  arma::mat gram(rank, rank, arma::fill::zeros);
  arma::vec moment(rank, arma::fill::zeros);
  for (std::size_t k = 0; k < plan_.pulled.size(); ++k) {
    const arma::rowvec y = plan_.coordinates.row(plan_.pulled[k]);
    const auto n = static_cast<double>(plan_.counts[k]);
    double weighted_sum = sums_[k];  // OD-LinBAI: sum_t a_t X_t over this arm's pulls
    if (config_.variant == Variant::kPrivate) {
      const double noisy =
          privacy::private_mean(sums_[k], plan_.counts[k],
                                privacy::noise_epsilon(config_.epsilon, config_.noise_multiplier),
                                reward_range_, streams.noise);
      releases_.push_back({.phase = phase_,
                           .arm = active_[plan_.pulled[k]],
                           .count = plan_.counts[k],
                           .sum = sums_[k],
                           .value = noisy});
      weighted_sum = n * noisy;  // T_r(a) mu~_a
    }
    gram += n * (y.t() * y);
    moment += weighted_sum * y.t();
  }
  // Least squares on this phase's data only; V^+ when the pulled arms do not span.
  const arma::vec theta = arma::pinv(gram) * moment;
  const arma::vec estimate = plan_.coordinates * theta;
  estimates_.assign(estimate.begin(), estimate.end());
  previous_active_.assign(active_.begin(), active_.end());
  keep_top_arms(active_, estimates_, survivors(phase_), streams.ties, order_, keys_);
  const auto kept = std::lower_bound(previous_active_.begin(), previous_active_.end(), active_[0]);
  recommended_estimate_ = estimates_[static_cast<std::size_t>(kept - previous_active_.begin())];
  ++phase_;
  if (phase_ == phases_) return;
  gather_feature_rows(features_, dim_, active_, scratch_arms_);
  compute_plan(scratch_arms_, plan_);
  start_phase();
}

OdLinBai::Config OdLinBai::Config::from(const ParamMap& params) {
  return {.settings = {.variant = DesignElimination::Variant::kOdLinBai,
                       .design_tolerance = params.real("design_tolerance"),
                       .rank_tolerance = params.real("rank_tolerance")}};
}

ComponentInfo OdLinBai::info() {
  return {.name = "od_linbai",
          .family = "dp_bai",
          .role = ComponentRole::kAgent,
          .summary =
              "OD-LinBAI: fixed-budget linear best-arm identification by G-optimal "
              "designs and halving (non-private)",
          .reference =
              "Yang & Tan (2022), Minimax Optimal Fixed-Budget Best Arm Identification "
              "in Linear Bandits, NeurIPS 2022, arXiv 2105.13017, Algorithm 1",
          .fidelity = Fidelity::kReconstruction,
          .notes =
              "From the spec's recollection of the paper (§1.4.1 [RECALL]): R = "
              "ceil(log2 D) phases (at least 1), m = (T - min(K, D(D+1)/2) - sum_{r<R} "
              "ceil(D/2^r)) / R, phase r pulls each arm a of a G-optimal design pi_r of "
              "the active arms (in their span) ceil(pi_r(a) m) times, estimates theta by "
              "the phase's own least squares and keeps the ceil(D/2^r) best arms. Ours: "
              "the design is Frank-Wolfe from uniform (tolerance design_tolerance), its "
              "d_r(d_r+1)/2 largest weights kept and renormalised so that the pulls stay "
              "within T; ties at the cut uniformly at random.",
          .params = {design_tolerance_param(), rank_tolerance_param()}};
}

DpOd::Config DpOd::Config::from(const ParamMap& params) {
  return {.settings = {.variant = DesignElimination::Variant::kPrivate,
                       .epsilon = params.real("epsilon"),
                       .noise_multiplier = params.real("noise_multiplier"),
                       .design_tolerance = params.real("design_tolerance"),
                       .rank_tolerance = params.real("rank_tolerance")}};
}

ComponentInfo DpOd::info() {
  return {.name = "dp_od",
          .family = "dp_bai",
          .role = ComponentRole::kAgent,
          .summary =
              "DP-OD: OD-LinBAI with each pulled arm's phase mean privatised (Laplace); "
              "DP-BAI's baseline, reconstructed",
          .reference =
              "Baseline of Chen, Karthik, Chee, Tan (2024), ICLR 2024 (\"a naive approach "
              "that directly incorporates a DP mechanism into\" OD-LinBAI, [REV]); "
              "reconstruction: ../shared/specs/papers-dp.md §1.4.2 (DP-OD-R)",
          .fidelity = Fidelity::kReconstruction,
          .notes =
              "The paper's definition of its DP extension of OD-LinBAI was not retrieved; this "
              "is the spec's DP-OD-R [OURS]: R = max(1, ceil(log2 D)), m = floor(T/R), T_r(a) "
              "= floor(pi_r(a) m) pulls of each arm with T_r(a) >= 1, mu~_a = mean + Lap((hi - "
              "lo)/(epsilon T_r(a))), theta^ = V^+ sum T_r(a) mu~_a a, keep the "
              "ceil(D/2^r) best. One noisy mean per pulled arm and phase on disjoint samples: "
              "epsilon-DP. If the paper privatised rewards or theta^ instead (spec 1.4.2), "
              "its baseline would be weaker than this one.",
          .params = {
              with_origin(allowing_infinity(real_param(
                              "epsilon", std::numeric_limits<double>::infinity(),
                              Range::greater_than(0.0), "privacy level epsilon (inf: no noise)")),
                          ParamOrigin::kPaper),
              design_tolerance_param(), rank_tolerance_param(), privacy::noise_multiplier_param()}};
}

}  // namespace banditsim::dp_bai
