/// @file agents/causal/golem_mab.hpp
/// GOLEM-MAB, the explore-then-commit baseline of Peng, Zhang, Mitra (IEEE TSP
/// 2025), as in the authors' code `algos.py` (spec A.4.7):
///
///   t_i = 0 (start of the current phase)
///   t <  t_i + n_learn:       play code 0         (observational samples, B)
///   t <  t_i + 2 n_learn:     play code 2^N - 1   (every node intervened, B')
///   t == t_i + 2 n_learn:     B^ = GOLEM-EV(first block), B^' = GOLEM-EV(second),
///                             commit to k = argmax_k [(I - B^_{a(k)}^T)^{-1} nu]_{N-1}
///   later:                    play k
///   change handling on, t >= t_i + 2 n_learn + W: if DetChangeAll(last W samples
///                             since the commit, B^_{a(k)}) then t_i = t (restart).
/// The means of the estimates go through SemEstimateEvaluator: acyclic union ->
/// recursion; otherwise LU, and an ill-conditioned I - B^_a scores -inf and is
/// counted (spec P-A8, our guard). Memory: the 2 n_learn exploration samples and
/// the detector's last W samples.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "agents/causal/all_change_detector.hpp"
#include "agents/causal/golem_ev.hpp"
#include "agents/causal/sem_estimate_evaluator.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/causal/concepts.hpp"
#include "sim/families/causal/problem.hpp"

namespace banditsim::causal {

class GolemMab {
 public:
  static constexpr bool kLearnsGraph = true;
  static constexpr bool kDetectsChanges = true;
  static constexpr bool kEstimatesMeans = true;

  struct Config {
    std::int64_t n_learn = 300;  ///< Exploration steps per block (N_learn).
    double lambda1 = 2e-2;
    double lambda2 = 5.0;
    std::int64_t iterations = 100000;
    double learning_rate = 1e-3;
    double weight_threshold = 0.3;
    std::int64_t detection_window = 20;     ///< W of DetChangeAll.
    double detection_threshold = 20.0;      ///< DetChangeAll's threshold on D.
    std::string change_detection = "auto";  ///< "auto" (on iff non-stationary), "on", "off".
    static Config from(const ParamMap& params);
  };

  static ComponentInfo info();
  explicit GolemMab(const Config& config);

  /// Throws ConfigError("golem_mab", ...) if the actions lack code 0 or 2^N - 1.
  void reset(const CausalProblem& problem);
  std::size_t select(Rng& rng);
  void observe(std::size_t action, std::span<const double> x);
  /// The graph spans are re-pointed at this object's buffers on every call, so a
  /// copied agent never exposes another object's memory.
  const AgentStatus& status() const {
    if (!graph_[0].empty())
      status_.graph = {std::span<const unsigned char>(graph_[0]),
                       std::span<const unsigned char>(graph_[1])};
    return status_;
  }

  /// The post-processed estimates of the last commit (empty before it).
  const SemWeights& estimate() const { return estimate_; }
  bool committed() const { return committed_; }
  std::size_t committed_action() const { return committed_action_; }
  bool change_detection() const { return detect_; }

 private:
  void commit();

  Config config_;
  GolemEv golem_;
  AllChangeDetector detector_;
  SemEstimateEvaluator evaluator_;
  std::size_t nodes_ = 0;
  std::vector<std::uint64_t> actions_;
  std::vector<double> noise_mean_;
  std::size_t observational_action_ = 0;   // index of code 0
  std::size_t interventional_action_ = 0;  // index of code 2^N - 1
  bool detect_ = false;
  std::uint64_t step_ = 0;
  std::uint64_t phase_start_ = 0;  // t_i
  bool committed_ = false;
  std::size_t committed_action_ = 0;
  std::vector<double> exploration_;  // 2 n_learn samples, row-major
  SemWeights estimate_;
  std::vector<double> means_;
  std::array<std::vector<unsigned char>, 2> graph_;
  mutable AgentStatus status_;  // mutable: status() refreshes the graph spans
};

}  // namespace banditsim::causal
