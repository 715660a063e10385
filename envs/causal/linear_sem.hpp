/// @file envs/causal/linear_sem.hpp
/// The linear-SEM causal bandit of Peng, Zhang, Mitra, "Asymmetric Graph Error
/// Control with Low Complexity in Causal Bandits", IEEE TSP 73 (2025), as the
/// authors' code `utils.System` builds it (spec Part A: A.2, A.3, A.4.6, A.8).
///
/// Model (sim/families/causal/sem_model.hpp): X = B_a^T X + eps, eps ~ N(nu, Sigma),
/// reward X_{N-1}; action a in {0,1}^N swaps node n's incoming weights from B[:,n]
/// to B'[:,n] when a_n = 1 (soft intervention, eq. 2).
///
/// Graphs (`graph`):
///   random  the authors' generator (envs/causal/sem_generator.hpp; A.3), a new
///           instance per draw_instance(rng), so every agent of a cell meets the
///           same graphs. Segments after change points are the previous one
///           modified by the authors' change_graph(changed_columns) (A.4.6), with
///           our cap of P-A15 (10 000 tries; then the whole instance is redrawn
///           from the same stream, at most 20 times, counted in instance_redraws()).
///   given   `weights` (B) and `interventional_weights` (B'), and one matrix pair
///           per change point in `segment_weights` / `segment_interventional_weights`.
/// The union of B and B' must be a DAG in every segment.
///
/// Noise: eps^t = nu + L z^t with z^t standard normal, drawn in node order from one
/// stream whatever the action, so all agents of a cell see the same eps at the same
/// step (common random numbers); L is the Cholesky factor of Sigma (a diagonal Sigma
/// takes a fast path). Agents are told nu and diag(Sigma) (spec P-A5).
///
/// step() costs O(N + edges): X by the forward recursion over the segment's
/// topological order, each node's parents read from a compact per-(mode, node)
/// list; no heap allocation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "envs/causal/sem_generator.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/causal/problem.hpp"
#include "sim/families/causal/sem_model.hpp"

namespace banditsim::causal {

class LinearSem {
 public:
  enum class Graph { kRandom, kGiven };

  /// The largest |expected reward| accepted (weights too large make the means
  /// explode along paths; regret sums must stay finite).
  static constexpr double kMaxMeanMagnitude = 1e100;
  /// change_graph tries per change before the instance is redrawn (P-A15, ours).
  static constexpr std::size_t kMaxChangeTries = 10000;
  /// Whole-instance redraws per draw_instance before giving up with a ConfigError.
  static constexpr std::size_t kMaxInstanceRedraws = 20;

  struct Config {
    Graph graph = Graph::kRandom;
    std::int64_t nodes = 0;  ///< N; 0 = 10 for random (A.6.1), the shape of weights for given.
    double edge_probability = 0.5;
    double weight_min = 0.5;
    double weight_max = 2.0;
    RealMatrix weights;                  ///< given: B, B[p][n] = weight of p -> n.
    RealMatrix interventional_weights;   ///< given: B'.
    RealList noise_mean{1.0};            ///< nu; length 1 broadcasts.
    RealMatrix noise_covariance{{1.0}};  ///< Sigma; 1 x 1 = sigma^2 I.
    RealMatrix actions;                  ///< Rows of 0/1 intervention vectors; empty = all 2^N.
    IntList change_points;               ///< Steps at which a new segment starts.
    std::int64_t changed_columns = 2;    ///< random: n_col of change_graph.
    RealTensor segment_weights;          ///< given: B of each segment after a change point.
    RealTensor segment_interventional_weights;
    double optimal_tolerance = 0.01;  ///< is_opt, absolute (A.3).

    static Config from(const ParamMap& params);
  };

  static ComponentInfo info();

  explicit LinearSem(const Config& config);

  /// random: draws a new instance (all segments) from `rng`; given: no-op.
  void draw_instance(Rng& rng);
  /// Restarts the noise stream and the step counter (back to segment 0).
  void start_noise(std::uint64_t seed);
  /// Plays action index `action` at the next step; writes the N node values to x.
  void step(std::size_t action, std::span<double> x);

  /// What the agents are told. Its spans point into this environment and stay
  /// valid (showing the current instance) across draw_instance calls.
  CausalProblem problem() const;
  std::span<const SemSegment> segments() const { return segments_; }
  std::span<const std::int64_t> change_points() const { return change_points_; }

  std::size_t nodes() const { return nodes_; }
  std::size_t num_actions() const { return codes_.size(); }
  std::span<const std::uint64_t> action_codes() const { return codes_; }
  /// The segment in force at the last step (0 before the first).
  std::size_t current_segment() const { return current_; }
  /// Whole-instance redraws because change_graph failed (P-A15), since construction.
  std::uint64_t instance_redraws() const { return instance_redraws_; }

 private:
  /// One segment's weights as parent lists: entries [begin[m*N+n], begin[m*N+n+1])
  /// of parent/weight are node n's incoming edges in mode m.
  struct Mechanisms {
    std::vector<std::size_t> begin;
    std::vector<std::size_t> parent;
    std::vector<double> weight;
  };

  void read_graph(const Config& config);
  void read_noise(const Config& config);
  void read_actions(const Config& config);
  void read_change_points(const Config& config);
  void build_given_segments(const Config& config);
  void check_random_mean_bound() const;
  /// Finishes segment j and builds its mechanisms; throws ConfigError on a cycle
  /// or exploding means (given graphs).
  void finish_segment(std::size_t j, const std::string& key);
  void build_mechanisms(std::size_t j);
  /// One attempt at a full random instance; false if a change_graph failed.
  bool draw_random_segments(Rng& rng);

  Graph graph_;
  std::size_t nodes_ = 0;
  SemGeneratorSettings generator_;
  std::size_t changed_columns_ = 2;
  double optimal_tolerance_ = 0.01;

  std::vector<double> noise_mean_;
  std::vector<double> noise_variance_;
  std::vector<double> noise_sd_;    ///< Diagonal fast path.
  std::vector<double> noise_chol_;  ///< Lower Cholesky factor, row-major (non-diagonal Sigma).
  bool diagonal_noise_ = true;
  std::vector<double> z_;  ///< Standard normals of one step (non-diagonal Sigma).

  std::vector<std::uint64_t> codes_;
  std::vector<std::int64_t> change_points_;
  std::vector<SemSegment> segments_;
  std::vector<Mechanisms> mechanisms_;

  Rng noise_rng_;
  std::int64_t step_ = 0;
  std::size_t current_ = 0;
  std::uint64_t instance_redraws_ = 0;
};

}  // namespace banditsim::causal
