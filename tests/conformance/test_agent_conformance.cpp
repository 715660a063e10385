// The battery every registered bandit agent passes. It iterates over
// BanditAgentFactory::infos(), so an agent added to AnyBanditAgent is covered
// the day it is registered, with its default parameters and with every finite
// boundary value of its parameter ranges.
//
// Heap allocations are counted by tests/support/allocation_counter.hpp, so the
// test can assert that select/observe/recommend never allocate.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <span>
#include <string>
#include <vector>

#include "agents/bandit/all.hpp"
#include "envs/bandit/arm_reward_streams.hpp"
#include "sim/core/check.hpp"
#include "sim/families/bandit/concepts.hpp"
#include "sim/families/bandit/metrics.hpp"
#include "sim/families/bandit/runner.hpp"
#include "tests/support/allocation_counter.hpp"

// ---------------------------------------------------------------------------
using namespace banditsim;
using namespace banditsim::bandit;

namespace {

/// A small Bernoulli bandit whose arms also carry features, so that every agent
/// (K-armed or linear) can run on it: rewards in {0, 1}, K = 5, d = 3.
class FeatureBernoulliArms {
 public:
  FeatureBernoulliArms() {
    for (std::size_t a = 0; a < kArms; ++a) {
      const double s = static_cast<double>(a) / kArms;
      features_.insert(features_.end(), {1.0, s, s * s - 0.3});
    }
    streams_.resize(kArms);
  }
  void draw_instance(Rng& /*rng*/) {}
  void start_rewards(std::uint64_t seed) { streams_.start(seed); }
  double pull(std::size_t arm) { return uniform01(streams_[arm]) < kMeans[arm] ? 1.0 : 0.0; }
  std::size_t num_arms() const { return kArms; }
  double mean(std::size_t arm) const { return kMeans[arm]; }
  BanditProblem problem() const {
    return {.num_arms = kArms,
            .dim = 3,
            .features = features_,
            .horizon = kHorizon,
            .reward_min = 0.0,
            .reward_max = 1.0};
  }

  static constexpr std::size_t kArms = 5;
  static constexpr std::int64_t kHorizon = 3000;
  static constexpr double kMeans[kArms] = {0.3, 0.5, 0.45, 0.7, 0.2};

 private:
  std::vector<double> features_;
  ArmRewardStreams streams_;
};
static_assert(BanditEnvironment<FeatureBernoulliArms>);

struct Trajectory {
  std::vector<std::size_t> actions;
  std::vector<std::size_t> recommendations;
  long allocations = 0;        ///< During select/observe/recommend, after reset().
  long reset_allocations = 0;  ///< During a second reset() on the same problem.
  friend bool operator==(const Trajectory& a, const Trajectory& b) {
    return a.actions == b.actions && a.recommendations == b.recommendations;
  }
};

/// Resets `agent` and runs it for the horizon; seeds fix the rewards and the agent's stream.
Trajectory run(AnyBanditAgent& any, std::uint64_t reward_seed, std::uint64_t agent_seed) {
  FeatureBernoulliArms env;
  const BanditProblem problem = env.problem();
  const auto steps = static_cast<std::size_t>(problem.horizon);
  Trajectory out;
  out.actions.resize(steps);
  out.recommendations.resize(steps);
  std::visit(
      [&](auto& agent) {
        agent.reset(problem);
        long before = static_cast<long>(banditsim::testing::allocation_count());
        agent.reset(problem);  // a second reset reuses the storage of the first
        out.reset_allocations = static_cast<long>(banditsim::testing::allocation_count()) - before;
        env.start_rewards(reward_seed);
        Rng rng(agent_seed);
        before = static_cast<long>(banditsim::testing::allocation_count());
        for (std::size_t t = 0; t < steps; ++t) {
          const std::size_t arm = agent.select(rng);
          out.actions[t] = arm;
          agent.observe(arm < problem.num_arms ? arm : 0,
                        env.pull(arm < problem.num_arms ? arm : 0));
          out.recommendations[t] = agent.recommend();
        }
        out.allocations = static_cast<long>(banditsim::testing::allocation_count()) - before;
      },
      any);
  return out;
}

ParamMap default_params(const ComponentInfo& info) {
  ParamMap params;
  for (const auto& spec : info.params)
    if (spec.default_value) params.set(spec.name, *spec.default_value);
  return params;
}

/// Values just outside a numeric range (none for an unbounded closed range).
std::vector<double> outside(const Range& range) {
  std::vector<double> bad = {std::numeric_limits<double>::quiet_NaN()};
  const double inf = std::numeric_limits<double>::infinity();
  if (std::isinf(range.lo)) {
    if (range.lo_open) bad.push_back(-inf);
  } else {
    bad.push_back(range.lo_open ? range.lo : std::nextafter(range.lo, -inf));
  }
  if (std::isinf(range.hi)) {
    if (range.hi_open) bad.push_back(inf);
  } else {
    bad.push_back(range.hi_open ? range.hi : std::nextafter(range.hi, inf));
  }
  return bad;
}

/// Values of the wrong side of each limit of `spec`, of its own type.
std::vector<ParamValue> bad_values(const ParamSpec& spec) {
  std::vector<ParamValue> bad;
  switch (spec.type) {
    case ParamType::kReal:
      for (double v : outside(spec.range)) bad.emplace_back(v);
      break;
    case ParamType::kInt:
      if (!std::isinf(spec.range.lo))
        bad.emplace_back(static_cast<std::int64_t>(spec.range.lo) - (spec.range.lo_open ? 0 : 1));
      if (!std::isinf(spec.range.hi))
        bad.emplace_back(static_cast<std::int64_t>(spec.range.hi) + (spec.range.hi_open ? 0 : 1));
      break;
    case ParamType::kString:
      if (!spec.choices.empty()) bad.emplace_back(std::string("no such choice"));
      break;
    case ParamType::kRealList:
      for (double v : outside(spec.range)) bad.emplace_back(RealList{v});
      break;
    case ParamType::kRealMatrix:
      for (double v : outside(spec.range)) bad.emplace_back(RealMatrix{{v}});
      break;
    case ParamType::kIntList:
      for (double v : outside(spec.range))
        if (std::isfinite(v)) bad.emplace_back(IntList{static_cast<std::int64_t>(std::floor(v))});
      break;
    case ParamType::kRealTensor:
      for (double v : outside(spec.range)) bad.emplace_back(RealTensor{RealMatrix{{v}}});
      break;
    case ParamType::kBool:
      break;
  }
  return bad;
}

/// Valid extreme values: the finite closed ends of a real or integer range.
std::vector<ParamValue> boundary_values(const ParamSpec& spec) {
  std::vector<ParamValue> values;
  const Range& r = spec.range;
  if (spec.type == ParamType::kReal) {
    if (!std::isinf(r.lo) && !r.lo_open) values.emplace_back(r.lo);
    if (!std::isinf(r.hi) && !r.hi_open) values.emplace_back(r.hi);
  } else if (spec.type == ParamType::kInt) {
    if (!std::isinf(r.lo) && !r.lo_open) values.emplace_back(static_cast<std::int64_t>(r.lo));
    if (!std::isinf(r.hi) && !r.hi_open) values.emplace_back(static_cast<std::int64_t>(r.hi));
  } else if (spec.type == ParamType::kString) {
    for (const auto& choice : spec.choices) values.emplace_back(choice);
  }
  return values;
}

void check_in_range(const Trajectory& trajectory) {
  const std::size_t arms = FeatureBernoulliArms::kArms;
  std::size_t bad_actions = 0, bad_recommendations = 0;
  for (std::size_t a : trajectory.actions) bad_actions += a >= arms ? 1 : 0;
  for (std::size_t a : trajectory.recommendations) bad_recommendations += a >= arms ? 1 : 0;
  CHECK(bad_actions == 0);
  CHECK(bad_recommendations == 0);
}

}  // namespace

TEST_CASE("every bandit agent publishes a complete description") {
  const auto infos = BanditAgentFactory::infos();
  REQUIRE(infos.size() >= 9);
  for (std::size_t i = 0; i < infos.size(); ++i) {
    const ComponentInfo& info = infos[i];
    CAPTURE(info.name);
    CHECK(info.family == "bandit");
    CHECK(info.role == ComponentRole::kAgent);
    CHECK_FALSE(info.summary.empty());
    CHECK_FALSE(info.reference.empty());
    CHECK_FALSE(info.notes.empty());
    for (std::size_t j = 0; j < i; ++j) CHECK(infos[j].name != info.name);
    for (const auto& spec : info.params) {
      CAPTURE(spec.name);
      CHECK_FALSE(spec.help.empty());
      REQUIRE_FALSE(spec.required());  // every bandit agent runs with its defaults
      CHECK(type_of(*spec.default_value) == spec.type);
      const auto problem = spec.check(*spec.default_value);
      CHECK_MESSAGE(!problem.has_value(), "default rejected: ", problem.value_or(""));
    }
  }
}

TEST_CASE("every bandit agent rejects out-of-range parameter values") {
  for (const ComponentInfo& info : BanditAgentFactory::infos()) {
    CAPTURE(info.name);
    for (const auto& spec : info.params) {
      CAPTURE(spec.name);
      for (const ParamValue& value : bad_values(spec)) {
        CAPTURE(format_value(value));
        CHECK(spec.check(value).has_value());
      }
    }
  }
}

TEST_CASE("every bandit agent stays in range, is reproducible, and resets to its start") {
  for (const ComponentInfo& info : BanditAgentFactory::infos()) {
    CAPTURE(info.name);
    AnyBanditAgent agent = BanditAgentFactory::make(info.name, default_params(info));
    const Trajectory first = run(agent, 11, 12);
    check_in_range(first);
    // Same seeds, fresh agent: the same trajectory.
    AnyBanditAgent twin = BanditAgentFactory::make(info.name, default_params(info));
    CHECK(run(twin, 11, 12) == first);
    // Same agent object again: reset() must restore the initial behaviour.
    CHECK(run(agent, 11, 12) == first);
    // Other rewards: still in range (and, for adaptive agents, usually different).
    check_in_range(run(agent, 99, 12));
  }
}

TEST_CASE("the allocation counter sees allocations") {
  const long before = static_cast<long>(banditsim::testing::allocation_count());
  auto* volatile block = new std::vector<int>(10);
  CHECK(static_cast<long>(banditsim::testing::allocation_count()) - before ==
        2);  // the vector object and its buffer
  delete block;
}

TEST_CASE("no bandit agent allocates in select, observe or recommend") {
  for (const ComponentInfo& info : BanditAgentFactory::infos()) {
    CAPTURE(info.name);
    AnyBanditAgent agent = BanditAgentFactory::make(info.name, default_params(info));
    const Trajectory trajectory = run(agent, 3, 4);
    CHECK(trajectory.allocations == 0);
    CHECK(trajectory.reset_allocations == 0);
  }
}

TEST_CASE("every bandit agent runs at the finite ends of its parameter ranges") {
  for (const ComponentInfo& info : BanditAgentFactory::infos()) {
    CAPTURE(info.name);
    for (const auto& spec : info.params) {
      for (const ParamValue& value : boundary_values(spec)) {
        CAPTURE(spec.name);
        CAPTURE(format_value(value));
        ParamMap params = default_params(info);
        params.set(spec.name, value);
        AnyBanditAgent agent = BanditAgentFactory::make(info.name, params);
        check_in_range(run(agent, 5, 6));
      }
    }
  }
}

TEST_CASE("every bandit agent gives finite metrics through the engine's loop") {
  const std::vector<std::int64_t> record_steps = {1, 10, 100, 1000, FeatureBernoulliArms::kHorizon};
  std::vector<double> gaps(FeatureBernoulliArms::kArms);
  std::vector<unsigned char> optimal(FeatureBernoulliArms::kArms, 0);
  for (std::size_t a = 0; a < gaps.size(); ++a) gaps[a] = 0.7 - FeatureBernoulliArms::kMeans[a];
  optimal[3] = 1;
  for (const ComponentInfo& info : BanditAgentFactory::infos()) {
    CAPTURE(info.name);
    AnyBanditAgent any = BanditAgentFactory::make(info.name, default_params(info));
    std::vector<double> curves(kNumBanditMetrics * record_steps.size());
    std::visit(
        [&](auto& agent) {
          FeatureBernoulliArms env;
          env.start_rewards(21);
          agent.reset(env.problem());
          Rng rng(22);
          run_replication(agent, env, ArmGaps{gaps, optimal}, record_steps, rng, curves);
        },
        any);
    for (double value : curves) CHECK(std::isfinite(value));
    // Cumulative regret never exceeds the worst case T * max gap.
    CHECK(curves[kRegret * record_steps.size() + record_steps.size() - 1] <=
          0.5 * FeatureBernoulliArms::kHorizon);
  }
}
