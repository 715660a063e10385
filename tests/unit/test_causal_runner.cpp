// The causal family's time loop (sim/families/causal/runner.hpp) on a scripted
// environment and agent: every metric against a hand count.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <vector>

#include "sim/families/causal/runner.hpp"

using namespace banditsim;
using namespace banditsim::causal;

namespace {

/// Two nodes, two actions (codes 0 and 1: intervene on the reward node or not).
/// Segment 0: action 1 is optimal (expected rewards 1 and 3); from step 6 on
/// (segment 1), action 0 is (5 and 2). The observed reward is the expected one
/// plus a noise of +0.5 on even steps and -0.25 on odd ones.
class ScriptedEnvironment {
 public:
  ScriptedEnvironment() {
    segments_.resize(2);
    const std::array<std::array<double, 2>, 2> rewards = {{{1.0, 3.0}, {5.0, 2.0}}};
    for (std::size_t j = 0; j < 2; ++j) {
      SemSegment& s = segments_[j];
      s.start = j == 0 ? 0 : 6;
      s.weights.observational = arma::mat(2, 2, arma::fill::zeros);
      s.weights.interventional = arma::mat(2, 2, arma::fill::zeros);
      s.expected_reward = {rewards[j][0], rewards[j][1]};
      s.best_reward = std::max(rewards[j][0], rewards[j][1]);
      s.optimal = {rewards[j][0] == s.best_reward, rewards[j][1] == s.best_reward};
      // Truth: segment 0 has the edge 0 -> 1 in mode 0; segment 1 in mode 1.
      s.parents[0] = {0, static_cast<unsigned char>(j == 0), 0, 0};
      s.parents[1] = {0, static_cast<unsigned char>(j == 1), 0, 0};
    }
  }
  void draw_instance(Rng&) {}
  void start_noise(std::uint64_t) { t_ = 0; }
  void step(std::size_t action, std::span<double> x) {
    const SemSegment& s = segments_[t_ >= 6 ? 1 : 0];
    x[0] = 0.0;
    x[1] = s.expected_reward[action] + (t_ % 2 == 0 ? 0.5 : -0.25);
    ++t_;
  }
  CausalProblem problem() const { return {}; }
  std::span<const SemSegment> segments() const { return segments_; }

 private:
  std::vector<SemSegment> segments_;
  std::int64_t t_ = 0;
};

/// Plays a script of actions; learns the graph {0 -> 1 in mode 0} after step 2
/// (observe call 3), and detects changes at the steps in `detect_at`.
class ScriptedAgent {
 public:
  static constexpr bool kLearnsGraph = true;
  static constexpr bool kDetectsChanges = true;
  static constexpr bool kEstimatesMeans = true;

  std::vector<std::size_t> script;
  std::vector<std::int64_t> detect_at;

  void reset(const CausalProblem&) { t_ = 0; }
  std::size_t select(Rng&) { return script[static_cast<std::size_t>(t_)]; }
  void observe(std::size_t, std::span<const double>) {
    if (t_ == 2) {
      graph_[0] = {0, 1, 0, 0};
      status_.graph = {graph_[0], graph_[1]};
      ++status_.graph_version;
    }
    for (const std::int64_t d : detect_at)
      if (d == t_) ++status_.detections;
    status_.ill_conditioned = 7;
    ++t_;
  }
  const AgentStatus& status() const { return status_; }

 private:
  std::int64_t t_ = 0;
  std::array<std::vector<unsigned char>, 2> graph_ = {{{0, 0, 0, 0}, {0, 0, 0, 0}}};
  AgentStatus status_;
};

struct Run {
  std::vector<double> buffer;
  OutputLayout layout;
};

Run run(ScriptedAgent& agent, std::vector<std::int64_t> record_steps, LoopSettings settings) {
  ScriptedEnvironment env;
  Run result{{}, OutputLayout(causal_metrics(), 1, record_steps.size())};
  result.buffer.assign(result.layout.size(), -99.0);
  ReplicationOutput output(result.layout, result.buffer);
  Rng rng(1);
  LoopBuffers buffers;
  env.start_noise(0);
  agent.reset(env.problem());
  run_replication(agent, env, record_steps, settings, rng, buffers, output, 0);
  return result;
}

}  // namespace

TEST_CASE("causal runner: regrets, rewards, window rate and normalisation against a hand count") {
  ScriptedAgent agent;
  //              t: 0  1  2  3  4  5 | 6  7  8  9
  agent.script = {0, 1, 1, 1, 0, 1, 0, 0, 1, 0};
  const Run r = run(agent, {4, 10}, {.optimal_window = 3, .alarm_window = 2});
  const ReplicationOutput out(
      r.layout, std::span<double>(const_cast<double*>(r.buffer.data()), r.buffer.size()));
  // Pseudo-regret: segment 0 best 3: gaps 2,0,0,0 (t<4) then 2,0; segment 1 best 5:
  // gaps 0,0,3,0. At t = 4: 2; at t = 10: 2 + 2 + 3 = 7.
  CHECK(out.curve(0, kPseudoRegret)[0] == doctest::Approx(2.0));
  CHECK(out.curve(0, kPseudoRegret)[1] == doctest::Approx(7.0));
  // Realised: minus the noise, +0.5 - 0.25 per pair of steps: 0.5 by t = 4, 1.25 by 10.
  CHECK(out.curve(0, kRegret)[0] == doctest::Approx(2.0 - 0.5));
  CHECK(out.curve(0, kRegret)[1] == doctest::Approx(7.0 - 1.25));
  // Rewards: 1+3+3+3 = 10 by t = 4; then 1+3 + 5+5+2+5 = 21; total 31; plus the noise.
  CHECK(out.curve(0, kCumulativeReward)[0] == doctest::Approx(10.0 + 0.5));
  CHECK(out.curve(0, kCumulativeReward)[1] == doctest::Approx(31.0 + 1.25));
  // Normaliser: 6 steps of best 3 + 4 steps of best 5 = 38.
  CHECK(out.curve(0, kNormalizedRegret)[1] == doctest::Approx(5.75 / 38.0));
  // Optimal flags: t=1,2,3 optimal (window 3 ending at t=4: 3/3); at t = 10 the last
  // three steps 7, 8, 9: optimal, not, optimal = 2/3.
  CHECK(out.curve(0, kOptimalRate)[0] == doctest::Approx(1.0));
  CHECK(out.curve(0, kOptimalRate)[1] == doctest::Approx(2.0 / 3.0));
}

TEST_CASE("causal runner: edge errors follow the graph estimate and the truth in force") {
  ScriptedAgent agent;
  agent.script.assign(10, 0);
  const Run r = run(agent, {2, 4, 10}, {.optimal_window = 3, .alarm_window = 2});
  const ReplicationOutput out(
      r.layout, std::span<double>(const_cast<double*>(r.buffer.data()), r.buffer.size()));
  // Before the estimate (t <= 2): the empty graph misses segment 0's one edge.
  CHECK(out.curve(0, kFalseNegativeEdges)[0] == 0.0 + 1.0);
  CHECK(out.curve(0, kFalsePositiveEdges)[0] == 0.0);
  // Learned at step index 2 (3 steps taken): exact for segment 0.
  CHECK(out.curve(0, kFalseNegativeEdges)[1] == 0.0);
  CHECK(out.value(0, kStepsToStructure) == 3.0);
  CHECK(out.value(0, kStructureLearned) == 1.0);
  // Segment 1 moved the edge to mode 1: one false positive, one false negative.
  CHECK(out.curve(0, kFalsePositiveEdges)[2] == 1.0);
  CHECK(out.curve(0, kFalseNegativeEdges)[2] == 1.0);
  CHECK(out.value(0, kIllConditioned) == 7.0);
}

TEST_CASE("causal runner: detections become delays, misses and false alarms") {
  ScriptedAgent agent;
  agent.script.assign(10, 0);
  SUBCASE("a detection one step after the change, one before it") {
    agent.detect_at = {3, 7};
    const Run r = run(agent, {10}, {.optimal_window = 3, .alarm_window = 2});
    const ReplicationOutput out(
        r.layout, std::span<double>(const_cast<double*>(r.buffer.data()), r.buffer.size()));
    CHECK(out.value(0, kDetectionDelay) == 1.0);
    CHECK(out.value(0, kMissedChanges) == 0.0);
    CHECK(out.value(0, kFalseAlarms) == 1.0);
  }
  SUBCASE("a detection after the alarm window is a false alarm, and the change is missed") {
    agent.detect_at = {8};
    const Run r = run(agent, {10}, {.optimal_window = 3, .alarm_window = 2});
    const ReplicationOutput out(
        r.layout, std::span<double>(const_cast<double*>(r.buffer.data()), r.buffer.size()));
    CHECK(out.value(0, kMissedChanges) == 1.0);
    CHECK(out.value(0, kFalseAlarms) == 1.0);
    CHECK(out.value(0, kDetectionDelay) == 2.0);  // censored at the window
  }
}
