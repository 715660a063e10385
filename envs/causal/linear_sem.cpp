#include "envs/causal/linear_sem.hpp"

#include <algorithm>
#include <armadillo>
#include <cmath>
#include <set>

#include "sim/core/check.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/hash.hpp"

namespace banditsim::causal {
namespace {

constexpr const char* kName = "linear_sem";

/// N for graph = random when `nodes` is 0: the paper's experiments (A.6.1).
constexpr std::size_t kDefaultRandomNodes = 10;

/// Below this acceptance probability the generator would loop for too long.
constexpr double kMinAcceptanceProbability = 1e-6;

std::string str(std::size_t value) { return std::to_string(value); }

/// Checks that `matrix` is rows x rows and copies it into an arma::mat.
arma::mat square_matrix(const RealMatrix& matrix, std::size_t rows, const std::string& key,
                        const std::string& what) {
  if (matrix.size() != rows)
    throw ConfigError(kName, key,
                      what + " has " + str(matrix.size()) + " rows but must be " + str(rows) +
                          " x " + str(rows) + " (one row and one column per node)");
  arma::mat out(rows, rows);
  for (std::size_t r = 0; r < rows; ++r) {
    if (matrix[r].size() != rows)
      throw ConfigError(kName, key,
                        what + ": row " + str(r) + " has " + str(matrix[r].size()) +
                            " entries but must have " + str(rows) +
                            " (the matrix is N x N, N = " + str(rows) + ")");
    for (std::size_t c = 0; c < rows; ++c) out(r, c) = matrix[r][c];
  }
  return out;
}

}  // namespace

LinearSem::Config LinearSem::Config::from(const ParamMap& params) {
  return {.graph = params.string("graph") == "given" ? Graph::kGiven : Graph::kRandom,
          .nodes = params.integer("nodes"),
          .edge_probability = params.real("edge_probability"),
          .weight_min = params.real("weight_min"),
          .weight_max = params.real("weight_max"),
          .weights = params.real_matrix("weights"),
          .interventional_weights = params.real_matrix("interventional_weights"),
          .noise_mean = params.real_list("noise_mean"),
          .noise_covariance = params.real_matrix("noise_covariance"),
          .actions = params.real_matrix("actions"),
          .change_points = params.int_list("change_points"),
          .changed_columns = params.integer("changed_columns"),
          .segment_weights = params.real_tensor("segment_weights"),
          .segment_interventional_weights = params.real_tensor("segment_interventional_weights"),
          .optimal_tolerance = params.real("optimal_tolerance")};
}

ComponentInfo LinearSem::info() {
  return {
      .name = kName,
      .family = "causal",
      .role = ComponentRole::kEnvironment,
      .summary =
          "Linear SEM with soft interventions (X = B_a^T X + eps, reward = last node); the "
          "authors' random DAG generator or given weights, optionally piecewise stationary",
      .reference =
          "Peng, Zhang, Mitra (2025), Asymmetric Graph Error Control with Low Complexity in "
          "Causal Bandits, IEEE Trans. Signal Process. 73; the authors' code, utils.System "
          "(generator and change_graph)",
      .fidelity = Fidelity::kReconstruction,
      .notes =
          "Paper: the model X = B_a^T X + eps with column-wise soft interventions (eq. 2-7), "
          "all 2^N actions, the reward node last. Authors' code: the random instance (strictly "
          "upper-triangular B and B', edge probability 1/2, sign +-1, magnitude U(0.5, 2), "
          "redrawn until every node n >= 1 has B[:,n] != B'[:,n]), is_opt with absolute "
          "tolerance 0.01, action index = intervention vector read MSB first (P-A2), "
          "change_graph(n_col) for the segments after change points (A.4.6). Ours: the draw "
          "order of the generator (matches the authors' in distribution, not bit for bit); "
          "P-A15: change_graph stops after 10000 tries (or at once if no node has the same "
          "mode in every optimal action) and the whole instance is then redrawn from the same "
          "stream, at most 20 times (counted by instance_redraws()), else a ConfigError; "
          "correlated noise by Cholesky (the paper's Sigma is diagonal); action subsets; given "
          "graphs; nodes = 0 meaning 10 for random graphs; noise as covariance (P-A4: "
          "noise_covariance is a covariance, as in the code's sampling; agents are told nu "
          "and its diagonal, P-A5). The expected rewards are exact (forward recursion, P-A1's "
          "transpose included); a random graph's means are bounded a priori by "
          "|nu|max (1 + weight_max)^(N-1) and refused above 1e100.",
      .params = {
          string_param("graph", "random", {"random", "given"},
                       "random: the authors' generator, a new instance per replication; "
                       "given: weights and interventional_weights"),
          int_param("nodes", 0, Range::at_least(0),
                    "number of nodes N (reward node = N-1); 0 = 10 for random graphs, the "
                    "shape of weights for given graphs"),
          real_param("edge_probability", 0.5, Range::left_open(0.0, 1.0),
                     "random: probability of each edge p -> n, p < n, in B and in B'"),
          real_param("weight_min", 0.5, Range::greater_than(0.0),
                     "random: smallest edge magnitude (magnitudes are U(weight_min, weight_max))"),
          real_param("weight_max", 2.0, Range::greater_than(0.0), "random: largest edge magnitude"),
          real_matrix_param("weights", RealMatrix{}, Range::any(),
                            "given: observational weights B (N x N), B[p][n] = weight of p -> n"),
          real_matrix_param("interventional_weights", RealMatrix{}, Range::any(),
                            "given: interventional weights B' (N x N)"),
          real_list_param("noise_mean", RealList{1.0}, Range::any(), 1,
                          "noise mean nu: N values, or 1 value for every node"),
          real_matrix_param("noise_covariance", RealMatrix{{1.0}}, Range::any(),
                            "noise covariance Sigma: N x N symmetric positive definite, or 1 x 1 "
                            "[[s]] for s I"),
          real_matrix_param("actions", RealMatrix{}, Range::any(),
                            "allowed actions, one 0/1 intervention vector (N entries) per row; "
                            "empty = all 2^N, index k = code k (MSB = node 0)"),
          int_list_param("change_points", IntList{}, Range::at_least(1), 0,
                         "steps (0-based, increasing) at which a new segment starts; empty = "
                         "stationary"),
          int_param("changed_columns", 2, Range::at_least(1),
                    "random with change points: n_col of the authors' change_graph"),
          real_tensor_param("segment_weights", RealTensor{}, Range::any(), 0,
                            "given with change points: B of each later segment, one N x N "
                            "matrix per change point"),
          real_tensor_param("segment_interventional_weights", RealTensor{}, Range::any(), 0,
                            "given with change points: B' of each later segment"),
          real_param("optimal_tolerance", 0.01, Range::greater_than(0.0),
                     "an action is optimal if its expected reward is within this (absolute) "
                     "of the best")}};
}

LinearSem::LinearSem(const Config& config)
    : graph_(config.graph), optimal_tolerance_(config.optimal_tolerance) {
  read_graph(config);
  read_noise(config);
  read_actions(config);
  read_change_points(config);
  if (graph_ == Graph::kGiven) {
    build_given_segments(config);
  } else {
    check_random_mean_bound();
    // A first instance from a fixed stream, so segments() is valid before the
    // first draw_instance and an impossible change_graph fails here, before any run.
    Rng validation_rng(fnv1a64("causal/linear_sem/validation-instance"));
    draw_instance(validation_rng);
    instance_redraws_ = 0;
  }
  start_noise(0);
}

void LinearSem::read_graph(const Config& config) {
  if (config.optimal_tolerance <= 0.0)
    throw ConfigError(kName, "optimal_tolerance", "optimal_tolerance must be > 0");
  if (graph_ == Graph::kRandom) {
    for (const auto& [key, given] :
         {std::pair{"weights", !config.weights.empty()},
          std::pair{"interventional_weights", !config.interventional_weights.empty()},
          std::pair{"segment_weights", !config.segment_weights.empty()},
          std::pair{"segment_interventional_weights",
                    !config.segment_interventional_weights.empty()}})
      if (given)
        throw ConfigError(kName, key,
                          std::string(key) +
                              " is given but graph = \"random\" (the default) draws the "
                              "weights; set graph = \"given\" or drop " +
                              key);
    if (config.nodes < 0) throw ConfigError(kName, "nodes", "nodes must be >= 0");
    nodes_ = config.nodes == 0 ? kDefaultRandomNodes : static_cast<std::size_t>(config.nodes);
    if (nodes_ < 2)
      throw ConfigError(kName, "nodes",
                        "nodes = " + str(nodes_) +
                            ": a causal bandit needs N >= 2 (at least one node before the "
                            "reward node)");
    if (nodes_ > kMaxNodes)
      throw ConfigError(kName, "nodes",
                        "nodes = " + str(nodes_) + " exceeds the largest supported N, " +
                            str(kMaxNodes) + " (action codes are 64-bit words)");
    if (!(config.edge_probability > 0.0 && config.edge_probability <= 1.0))
      throw ConfigError(kName, "edge_probability", "edge_probability must be in (0, 1]");
    if (!(config.weight_min > 0.0) || !std::isfinite(config.weight_min))
      throw ConfigError(kName, "weight_min", "weight_min must be a finite number > 0");
    if (!(config.weight_max >= config.weight_min) || !std::isfinite(config.weight_max))
      throw ConfigError(
          kName, "weight_max",
          "weight_max = " + format_real(config.weight_max) +
              " must be finite and >= weight_min = " + format_real(config.weight_min));
    if (config.changed_columns < 1)
      throw ConfigError(kName, "changed_columns", "changed_columns must be >= 1");
    generator_ = {.nodes = nodes_,
                  .edge_probability = config.edge_probability,
                  .weight_min = config.weight_min,
                  .weight_max = config.weight_max};
    changed_columns_ = static_cast<std::size_t>(config.changed_columns);
    const double acceptance = acceptance_probability(generator_);
    if (acceptance < kMinAcceptanceProbability)
      throw ConfigError(kName, "edge_probability",
                        "edge_probability = " + format_real(config.edge_probability) +
                            " makes an instance pass the authors' acceptance rule (every node "
                            "n >= 1 has parents in B or B') with probability " +
                            format_real(acceptance) + " only; raise edge_probability");
    return;
  }
  if (config.weights.empty())
    throw ConfigError(kName, "weights",
                      "graph = \"given\" needs weights (B, N x N) and interventional_weights "
                      "(B'); or use graph = \"random\"");
  nodes_ = config.weights.size();
  if (nodes_ < 2)
    throw ConfigError(
        kName, "weights",
        "weights is " + str(nodes_) + " x " + str(nodes_) + ": a causal bandit needs N >= 2 nodes");
  if (nodes_ > kMaxNodes)
    throw ConfigError(kName, "weights",
                      "weights has " + str(nodes_) + " rows: more than the largest supported N, " +
                          str(kMaxNodes));
  if (config.nodes != 0 && static_cast<std::size_t>(config.nodes) != nodes_)
    throw ConfigError(kName, "nodes",
                      "nodes = " + std::to_string(config.nodes) + " but weights is " + str(nodes_) +
                          " x " + str(nodes_) + "; drop nodes or make them agree");
  if (config.interventional_weights.empty())
    throw ConfigError(kName, "interventional_weights",
                      "graph = \"given\" needs interventional_weights (B', N x N, the incoming "
                      "weights of an intervened node)");
}

void LinearSem::read_noise(const Config& config) {
  const std::size_t n_nodes = nodes_;
  if (config.noise_mean.size() != 1 && config.noise_mean.size() != n_nodes)
    throw ConfigError(kName, "noise_mean",
                      "noise_mean has " + str(config.noise_mean.size()) +
                          " values; give 1 (for every node) or N = " + str(n_nodes));
  noise_mean_.assign(n_nodes, config.noise_mean.front());
  if (config.noise_mean.size() == n_nodes) noise_mean_ = config.noise_mean;
  for (const double nu : noise_mean_)
    if (!std::isfinite(nu)) throw ConfigError(kName, "noise_mean", "noise_mean must be finite");

  const RealMatrix& cov = config.noise_covariance;
  const std::string shape_hint = " must be 1 x 1 ([[s]] for s I) or N x N with N = " + str(n_nodes);
  if (cov.size() == 1 && cov.front().size() == 1) {
    const double variance = cov.front().front();
    if (!(variance > 0.0) || !std::isfinite(variance))
      throw ConfigError(
          kName, "noise_covariance",
          "noise_covariance [[" + format_real(variance) + "]] must be a finite variance > 0");
    noise_variance_.assign(n_nodes, variance);
    diagonal_noise_ = true;
  } else {
    if (cov.size() != n_nodes)
      throw ConfigError(kName, "noise_covariance",
                        "noise_covariance has " + str(cov.size()) + " rows;" + shape_hint);
    const arma::mat sigma = square_matrix(cov, n_nodes, "noise_covariance", "noise_covariance");
    if (!sigma.is_finite())
      throw ConfigError(kName, "noise_covariance", "noise_covariance must be finite");
    for (std::size_t r = 0; r < n_nodes; ++r)
      for (std::size_t c = 0; c < r; ++c) {
        const double scale = std::max(std::abs(sigma(r, c)), std::abs(sigma(c, r)));
        if (std::abs(sigma(r, c) - sigma(c, r)) > 1e-12 * scale)
          throw ConfigError(kName, "noise_covariance",
                            "noise_covariance is not symmetric: entry [" + str(r) + "][" + str(c) +
                                "] = " + format_real(sigma(r, c)) + " but [" + str(c) + "][" +
                                str(r) + "] = " + format_real(sigma(c, r)));
      }
    arma::mat lower;
    if (!arma::chol(lower, arma::symmatl(sigma), "lower"))
      throw ConfigError(kName, "noise_covariance",
                        "noise_covariance is not positive definite (its Cholesky factorisation "
                        "fails): a covariance needs all eigenvalues > 0");
    noise_variance_.resize(n_nodes);
    for (std::size_t n = 0; n < n_nodes; ++n) noise_variance_[n] = sigma(n, n);
    diagonal_noise_ = arma::approx_equal(sigma, arma::diagmat(sigma), "absdiff", 0.0);
    if (!diagonal_noise_) {
      noise_chol_.assign(n_nodes * n_nodes, 0.0);
      for (std::size_t r = 0; r < n_nodes; ++r)
        for (std::size_t c = 0; c <= r; ++c) noise_chol_[r * n_nodes + c] = lower(r, c);
      z_.assign(n_nodes, 0.0);
    }
  }
  noise_sd_.resize(n_nodes);
  for (std::size_t n = 0; n < n_nodes; ++n) noise_sd_[n] = std::sqrt(noise_variance_[n]);
}

void LinearSem::read_actions(const Config& config) {
  const std::size_t n_nodes = nodes_;
  if (config.actions.empty()) {
    if (n_nodes > kMaxEnumeratedNodes)
      throw ConfigError(
          kName, graph_ == Graph::kGiven ? "weights" : "nodes",
          "N = " + str(n_nodes) + " nodes would mean 2^" + str(n_nodes) +
              " actions, more than the 2^" + str(kMaxEnumeratedNodes) +
              " that are enumerated without a subset; give `actions` (0/1 rows, one per "
              "allowed intervention vector)");
    codes_.resize(std::size_t{1} << n_nodes);
    for (std::size_t k = 0; k < codes_.size(); ++k) codes_[k] = k;
    return;
  }
  std::set<std::uint64_t> seen;
  for (std::size_t r = 0; r < config.actions.size(); ++r) {
    const auto& row = config.actions[r];
    if (row.size() != n_nodes)
      throw ConfigError(kName, "actions",
                        "action row " + str(r) + " has " + str(row.size()) +
                            " entries; each row is an intervention vector with one 0/1 entry "
                            "per node (N = " +
                            str(n_nodes) + ")");
    std::uint64_t code = 0;
    for (std::size_t n = 0; n < n_nodes; ++n) {
      if (row[n] != 0.0 && row[n] != 1.0)
        throw ConfigError(kName, "actions",
                          "action row " + str(r) + ", entry " + str(n) + " is " +
                              format_real(row[n]) +
                              "; entries are 0 (observational) or 1 (intervened)");
      if (row[n] == 1.0) code |= std::uint64_t{1} << (n_nodes - 1 - n);
    }
    if (!seen.insert(code).second)
      throw ConfigError(kName, "actions",
                        "action row " + str(r) +
                            " repeats an earlier row; list each "
                            "intervention vector once");
    codes_.push_back(code);
  }
}

void LinearSem::read_change_points(const Config& config) {
  change_points_ = config.change_points;
  for (std::size_t j = 0; j < change_points_.size(); ++j) {
    if (change_points_[j] <= 0)
      throw ConfigError(kName, "change_points",
                        "change point " + std::to_string(change_points_[j]) +
                            " must be > 0 (segment 0 starts at step 0; list only later starts)");
    if (j > 0 && change_points_[j] <= change_points_[j - 1])
      throw ConfigError(kName, "change_points",
                        "change_points must be strictly increasing, but " +
                            std::to_string(change_points_[j]) + " follows " +
                            std::to_string(change_points_[j - 1]));
  }
  segments_.assign(change_points_.size() + 1, SemSegment{});
  mechanisms_.assign(segments_.size(), Mechanisms{});
  for (std::size_t j = 1; j < segments_.size(); ++j) segments_[j].start = change_points_[j - 1];
  if (graph_ != Graph::kGiven) return;
  for (const auto& [key, tensor] :
       {std::pair{"segment_weights", &config.segment_weights},
        std::pair{"segment_interventional_weights", &config.segment_interventional_weights}}) {
    if (tensor->size() == change_points_.size()) continue;
    if (change_points_.empty())
      throw ConfigError(kName, key,
                        std::string(key) + " gives " + str(tensor->size()) +
                            " segments but change_points is empty; give the step at which "
                            "each segment starts in change_points");
    throw ConfigError(kName, key,
                      std::string(key) + " has " + str(tensor->size()) +
                          " matrices but there are " + str(change_points_.size()) +
                          " change points: give one N x N matrix per change point");
  }
}

void LinearSem::build_given_segments(const Config& config) {
  segments_[0].weights.observational = square_matrix(config.weights, nodes_, "weights", "weights");
  segments_[0].weights.interventional = square_matrix(
      config.interventional_weights, nodes_, "interventional_weights", "interventional_weights");
  for (std::size_t j = 1; j < segments_.size(); ++j) {
    const std::string which = " matrix " + str(j - 1) + " (the segment from step " +
                              std::to_string(segments_[j].start) + ")";
    segments_[j].weights.observational = square_matrix(
        config.segment_weights[j - 1], nodes_, "segment_weights", "segment_weights" + which);
    segments_[j].weights.interventional =
        square_matrix(config.segment_interventional_weights[j - 1], nodes_,
                      "segment_interventional_weights", "segment_interventional_weights" + which);
  }
  for (std::size_t j = 0; j < segments_.size(); ++j) {
    const SemWeights& w = segments_[j].weights;
    const std::string key = j == 0 ? "weights" : "segment_weights";
    if (!w.observational.is_finite() || !w.interventional.is_finite())
      throw ConfigError(kName, key, "weights must be finite");
    finish_segment(j, key);
  }
}

void LinearSem::check_random_mean_bound() const {
  // |mu_n| <= m_n with m_n = |nu|max + weight_max sum_{p < n} m_p (every edge present
  // at the largest magnitude), i.e. m_n = |nu|max (1 + weight_max)^n.
  double nu_max = 0.0;
  for (const double nu : noise_mean_) nu_max = std::max(nu_max, std::abs(nu));
  const double bound =
      nu_max * std::pow(1.0 + generator_.weight_max, static_cast<double>(nodes_ - 1));
  if (bound > kMaxMeanMagnitude)
    throw ConfigError(kName, "weight_max",
                      "with weight_max = " + format_real(generator_.weight_max) + ", N = " +
                          str(nodes_) + " and max |noise_mean| = " + format_real(nu_max) +
                          " the expected rewards can reach |nu|max (1 + weight_max)^(N-1) = " +
                          format_real(bound) +
                          " (the means grow along paths), above the 1e100 allowed; reduce "
                          "weight_max, nodes or noise_mean");
}

void LinearSem::finish_segment(std::size_t j, const std::string& key) {
  SemSegment& segment = segments_[j];
  const std::string which = j == 0 ? std::string("the initial graph")
                                   : "the segment from step " + std::to_string(segment.start);
  if (!segment.finish(codes_, noise_mean_, optimal_tolerance_))
    throw ConfigError(
        kName, key,
        "the union of B and B' in " + which + " has the cycle " +
            describe_cycle(segment.weights.observational, segment.weights.interventional) +
            "; the model needs a DAG (B and B' share a topological order)");
  for (std::size_t k = 0; k < segment.expected_reward.size(); ++k) {
    const double reward = segment.expected_reward[k];
    if (!(std::abs(reward) <= kMaxMeanMagnitude))
      throw ConfigError(kName, key,
                        "in " + which + " action " + str(k) + " has expected reward " +
                            format_real(reward) +
                            ", beyond the 1e100 allowed: the weights (or noise_mean) are too "
                            "large, so the means explode along paths");
  }
  build_mechanisms(j);
}

void LinearSem::build_mechanisms(std::size_t j) {
  const std::size_t n_nodes = nodes_;
  Mechanisms& mech = mechanisms_[j];
  mech.begin.assign(2 * n_nodes + 1, 0);
  mech.parent.clear();
  mech.weight.clear();
  for (std::size_t mode = 0; mode < 2; ++mode) {
    const arma::mat& b = segments_[j].weights.of_mode(mode);
    for (std::size_t n = 0; n < n_nodes; ++n) {
      mech.begin[mode * n_nodes + n] = mech.parent.size();
      for (std::size_t p = 0; p < n_nodes; ++p)
        if (b(p, n) != 0.0) {
          mech.parent.push_back(p);
          mech.weight.push_back(b(p, n));
        }
    }
  }
  mech.begin[2 * n_nodes] = mech.parent.size();
}

bool LinearSem::draw_random_segments(Rng& rng) {
  draw_accepted_instance(rng, generator_, segments_[0].weights);
  finish_segment(0, "weight_max");
  for (std::size_t j = 1; j < segments_.size(); ++j) {
    const GraphChange change =
        change_graph(rng, generator_, segments_[j - 1], codes_, noise_mean_, changed_columns_,
                     optimal_tolerance_, kMaxChangeTries, segments_[j].weights);
    if (!change.changed) return false;
    finish_segment(j, "weight_max");
  }
  return true;
}

void LinearSem::draw_instance(Rng& rng) {
  if (graph_ == Graph::kGiven) return;
  for (std::size_t attempt = 0; attempt <= kMaxInstanceRedraws; ++attempt) {
    if (draw_random_segments(rng)) return;
    if (attempt < kMaxInstanceRedraws) ++instance_redraws_;
  }
  throw ConfigError(
      kName, "change_points",
      "the authors' change_graph could not make the optimal action suboptimal: " +
          str(kMaxInstanceRedraws + 1) + " random instances each failed after " +
          str(kMaxChangeTries) +
          " tries (or had no node whose mode is the same in every optimal action). This "
          "happens when the action set is too small to change the optimum (check `actions`) "
          "or the tolerance too large (optimal_tolerance)");
}

void LinearSem::start_noise(std::uint64_t seed) {
  noise_rng_.seed(seed);
  step_ = 0;
  current_ = 0;
}

void LinearSem::step(std::size_t action, std::span<double> x) {
  BANDITSIM_CHECK(action < codes_.size(), "action index out of range");
  BANDITSIM_CHECK(x.size() == nodes_, "x must hold one value per node");
  const std::size_t n_nodes = nodes_;
  if (current_ + 1 < segments_.size() && step_ == segments_[current_ + 1].start) ++current_;
  ++step_;

  // eps = nu + L z, z drawn in node order whatever the action (common random numbers).
  if (diagonal_noise_) {
    for (std::size_t n = 0; n < n_nodes; ++n)
      x[n] = noise_mean_[n] + noise_sd_[n] * standard_normal(noise_rng_);
  } else {
    for (std::size_t n = 0; n < n_nodes; ++n) z_[n] = standard_normal(noise_rng_);
    for (std::size_t n = 0; n < n_nodes; ++n) {
      double eps = noise_mean_[n];
      const double* row = &noise_chol_[n * n_nodes];
      for (std::size_t c = 0; c <= n; ++c) eps += row[c] * z_[c];
      x[n] = eps;
    }
  }

  // X_n = eps_n + sum_p B_a(p, n) X_p in topological order (parents are final).
  const std::uint64_t code = codes_[action];
  const Mechanisms& mech = mechanisms_[current_];
  for (const std::size_t n : segments_[current_].order) {
    const std::size_t slot = mode_of(code, n_nodes, n) * n_nodes + n;
    double value = x[n];
    for (std::size_t e = mech.begin[slot]; e < mech.begin[slot + 1]; ++e)
      value += mech.weight[e] * x[mech.parent[e]];
    x[n] = value;
  }
}

CausalProblem LinearSem::problem() const {
  return {.nodes = nodes_,
          .actions = codes_,
          .noise_mean = noise_mean_,
          .noise_variance = noise_variance_,
          .horizon = 0,
          .stationary = change_points_.empty(),
          .true_parents = {std::span<const unsigned char>(segments_[0].parents[0]),
                           std::span<const unsigned char>(segments_[0].parents[1])}};
}

}  // namespace banditsim::causal
