// The conformance battery every bandit environment passes. It runs over every
// alternative of AnyBanditEnvironment (BanditEnvironmentFactory::infos()), built
// by name from the example configurations below, so a new environment is tested
// the day it is registered, and the battery fails until it has an example.
//
// Heap allocations are counted by tests/support/allocation_counter.hpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "envs/bandit/all.hpp"
#include "sim/core/hash.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/bandit/concepts.hpp"
#include "tests/support/allocation_counter.hpp"
#include "tests/support/param_defaults.hpp"

using namespace banditsim;
using namespace banditsim::bandit;
using banditsim::testing::with_defaults;

namespace {

struct Example {
  std::string kind;
  std::string label;
  ParamMap values;  ///< Only what differs from the defaults.
};

ParamMap params(std::initializer_list<std::pair<const char*, ParamValue>> entries) {
  ParamMap map;
  for (const auto& [name, value] : entries) map.set(name, value);
  return map;
}

/// THE table of example configurations: every registered environment needs at
/// least one (the first test case fails otherwise). Keep them small and valid;
/// cover each mode that changes the code path (arm sets, noise, redraw).
/// A K x n table of 0/1 rewards (a fixed pattern), for the deterministic reward table.
RealMatrix pattern_table(std::size_t arms, std::size_t columns) {
  RealMatrix table(arms, RealList(columns));
  for (std::size_t a = 0; a < arms; ++a)
    for (std::size_t n = 0; n < columns; ++n) table[a][n] = (n * (a + 2) + a) % 3 == 0 ? 1.0 : 0.0;
  return table;
}

std::vector<Example> examples() {
  using std::string;
  return {
      // Deterministic: the seed is ignored (see the reward-stream check in run_battery).
      {"bandit_reward_table", "row means", params({{"table", pattern_table(3, 2000)}})},
      {"bandit_reward_table", "given means",
       params({{"table", pattern_table(2, 2000)}, {"means", RealList{0.4, 0.6}}})},
      {"bernoulli", "three arms", params({{"means", RealList{0.2, 0.5, 0.9}}})},
      {"gaussian", "common sd", params({{"means", RealList{0.0, 1.0}}, {"sd", 2.0}})},
      {"gaussian", "per-arm sds",
       params({{"means", RealList{0.0, -1.0, 3.0}}, {"sds", RealList{0.5, 1.0, 4.0}}})},
      {"beta", "default concentration", params({{"means", RealList{0.1, 0.5, 0.95}}})},
      {"beta", "small concentration",
       params({{"means", RealList{0.3, 0.6}}, {"concentration", 0.5}})},
      {"linear", "given features, gaussian",
       params({{"features", RealMatrix{{1.0, 0.0}, {0.0, 1.0}, {0.8, 0.2}}},
               {"theta", RealList{0.7, 0.4}}})},
      {"linear", "basis_confusers, bernoulli",
       params({{"arm_set", string("basis_confusers")},
               {"dim", std::int64_t{4}},
               {"confusers", std::int64_t{2}},
               {"theta_scale", 0.9},
               {"noise", string("bernoulli")}})},
      {"linear", "sphere, fixed",
       params({{"arm_set", string("sphere")},
               {"dim", std::int64_t{3}},
               {"num_arms", std::int64_t{5}},
               {"instance_seed", std::int64_t{12}}})},
      {"linear", "sphere, redraw",
       params({{"arm_set", string("sphere")},
               {"dim", std::int64_t{2}},
               {"num_arms", std::int64_t{4}},
               {"redraw", true}})},
  };
}

constexpr std::uint64_t kMasterSeed = 20240601;

std::uint64_t config_hash(const Example& example) {
  return fnv1a64(example.kind + "/" + example.label);
}

AnyBanditEnvironment build(const Example& example) {
  const auto& info = banditsim::testing::find_info(BanditEnvironmentFactory::infos(), example.kind);
  return BanditEnvironmentFactory::make(example.kind, with_defaults(info, example.values));
}

template <class Env>
void draw(Env& env, const Example& example, std::uint64_t rep) {
  Rng rng(stream_seed(kMasterSeed, StreamPurpose::kInstance, config_hash(example), rep));
  env.draw_instance(rng);
}

/// Arm count, finite means within the reward bounds, consistent problem().
template <class Env>
void check_instance(const Env& env) {
  const std::size_t arms = env.num_arms();
  CHECK(arms >= 1);
  const BanditProblem problem = env.problem();
  CHECK(problem.num_arms == arms);
  CHECK_FALSE(std::isnan(problem.reward_min));
  CHECK_FALSE(std::isnan(problem.reward_max));
  CHECK(problem.reward_min < problem.reward_max);
  CHECK(problem.features.size() == arms * problem.dim);
  bool finite_features = true;
  for (const double x : problem.features) finite_features = finite_features && std::isfinite(x);
  CHECK(finite_features);
  for (std::size_t a = 0; a < arms; ++a) {
    const double m = env.mean(a);
    CHECK(std::isfinite(m));
    CHECK(m >= problem.reward_min);
    CHECK(m <= problem.reward_max);
  }
}

/// Pulls every arm `pulls` times, round robin, into `out` (preallocated).
template <class Env>
void pull_round_robin(Env& env, std::size_t pulls, std::vector<double>& out) {
  const std::size_t arms = env.num_arms();
  for (std::size_t i = 0; i < pulls * arms; ++i) out[i] = env.pull(i % arms);
}

template <class Env>
void run_battery(Env& env, const Example& example) {
  static_assert(BanditEnvironment<Env>);
  check_instance(env);
  for (std::uint64_t rep = 0; rep < 5; ++rep) {
    draw(env, example, rep);
    check_instance(env);
  }

  // Rewards: not NaN, within [reward_min, reward_max].
  constexpr std::size_t kPulls = 2000;
  const std::size_t arms = env.num_arms();
  std::vector<double> rewards(kPulls * arms);
  env.start_rewards(stream_seed(kMasterSeed, StreamPurpose::kReward, config_hash(example), 0));
  pull_round_robin(env, kPulls, rewards);
  const BanditProblem problem = env.problem();
  bool in_bounds = true;
  for (const double r : rewards)
    in_bounds = in_bounds && !std::isnan(r) && r >= problem.reward_min && r <= problem.reward_max;
  CHECK(in_bounds);

  // Same seeds => same instance and same rewards, also in a second object.
  AnyBanditEnvironment twin_variant = build(example);
  Env& twin = std::get<Env>(twin_variant);
  draw(env, example, 3);
  draw(twin, example, 3);
  for (std::size_t a = 0; a < arms; ++a) CHECK(twin.mean(a) == env.mean(a));
  const auto features = env.problem().features;
  const auto twin_features = twin.problem().features;
  CHECK(std::equal(features.begin(), features.end(), twin_features.begin(), twin_features.end()));
  std::vector<double> first(kPulls * arms), second(kPulls * arms), other_seed(kPulls * arms);
  env.start_rewards(99);
  pull_round_robin(env, kPulls, first);
  twin.start_rewards(99);
  pull_round_robin(twin, kPulls, second);
  CHECK(first == second);
  env.start_rewards(99);  // restarting replays the stream
  pull_round_robin(env, kPulls, second);
  CHECK(first == second);
  env.start_rewards(100);
  pull_round_robin(env, kPulls, other_seed);
  if (example.kind == "bandit_reward_table")
    CHECK(first == other_seed);  // a fixed table: the seed is ignored by design
  else
    CHECK(first != other_seed);

  // No heap allocation per step (pull) nor per replication (draw_instance, start_rewards).
  Rng instance_rng(7);
  const std::size_t before = banditsim::testing::allocation_count();
  env.draw_instance(instance_rng);
  env.start_rewards(5);
  pull_round_robin(env, kPulls, first);
  const std::size_t allocations = banditsim::testing::allocation_count() - before;
  CHECK(allocations == 0);
}

/// A value just outside `range` on each finite side, and NaN (never in range).
std::vector<double> outside(const Range& range) {
  std::vector<double> values = {std::numeric_limits<double>::quiet_NaN()};
  const double inf = std::numeric_limits<double>::infinity();
  if (std::isfinite(range.lo))
    values.push_back(range.lo_open ? range.lo : std::nextafter(range.lo, -inf));
  if (std::isfinite(range.hi))
    values.push_back(range.hi_open ? range.hi : std::nextafter(range.hi, inf));
  return values;
}

/// A value inside `range`.
double inside(const Range& range) {
  if (std::isfinite(range.lo) && std::isfinite(range.hi)) return 0.5 * (range.lo + range.hi);
  if (std::isfinite(range.lo)) return range.lo + 1.0;
  if (std::isfinite(range.hi)) return range.hi - 1.0;
  return 0.0;
}

/// Values of the right type that the spec must reject (empty if it accepts any value).
std::vector<ParamValue> invalid_values(const ParamSpec& spec) {
  std::vector<ParamValue> values;
  switch (spec.type) {
    case ParamType::kBool:
      break;
    case ParamType::kInt:
      if (std::isfinite(spec.range.lo))
        values.emplace_back(static_cast<std::int64_t>(std::ceil(spec.range.lo)) -
                            (spec.range.lo_open ? 0 : 1));
      if (std::isfinite(spec.range.hi))
        values.emplace_back(static_cast<std::int64_t>(std::floor(spec.range.hi)) +
                            (spec.range.hi_open ? 0 : 1));
      break;
    case ParamType::kReal:
      for (const double x : outside(spec.range)) values.emplace_back(x);
      break;
    case ParamType::kString:
      if (!spec.choices.empty()) values.emplace_back(std::string("no-such-choice"));
      break;
    case ParamType::kRealList: {
      const std::size_t size = std::max<std::size_t>(spec.min_size, 1);
      for (const double x : outside(spec.range)) {
        RealList list(size, inside(spec.range));
        list.back() = x;
        values.emplace_back(std::move(list));
      }
      if (spec.min_size > 0) values.emplace_back(RealList(spec.min_size - 1, inside(spec.range)));
      break;
    }
    case ParamType::kRealMatrix:
      for (const double x : outside(spec.range))
        values.emplace_back(RealMatrix{{inside(spec.range), x}});
      values.emplace_back(
          RealMatrix{{inside(spec.range)}, {inside(spec.range), inside(spec.range)}});
      break;
    case ParamType::kIntList:
      for (const double x : outside(spec.range))
        if (std::isfinite(x))
          values.emplace_back(IntList{static_cast<std::int64_t>(std::floor(x))});
      break;
    case ParamType::kRealTensor:
      for (const double x : outside(spec.range))
        values.emplace_back(RealTensor{RealMatrix{{inside(spec.range), x}}});
      // Ragged: the second matrix has another shape.
      values.emplace_back(RealTensor{RealMatrix{{inside(spec.range)}},
                                     RealMatrix{{inside(spec.range), inside(spec.range)}}});
      break;
  }
  return values;
}

}  // namespace

TEST_CASE("every registered bandit environment has an example configuration") {
  const auto table = examples();
  for (const ComponentInfo& info : BanditEnvironmentFactory::infos()) {
    bool found = false;
    for (const auto& example : table) found = found || example.kind == info.name;
    CHECK_MESSAGE(found, "environment '" << info.name
                                         << "' has no example: add one to examples() in "
                                            "tests/conformance/test_environment_conformance.cpp");
  }
  for (const auto& example : table) CHECK(BanditEnvironmentFactory::has(example.kind));
}

TEST_CASE("every environment's description is complete") {
  for (const ComponentInfo& info : BanditEnvironmentFactory::infos()) {
    INFO("environment " << info.name);
    CHECK(info.family == "bandit");
    CHECK(info.role == ComponentRole::kEnvironment);
    CHECK_FALSE(info.summary.empty());
    CHECK_FALSE(info.reference.empty());
    CHECK_FALSE(info.notes.empty());
    for (const ParamSpec& spec : info.params) {
      INFO("parameter " << spec.name);
      CHECK_FALSE(spec.help.empty());
      if (spec.default_value) {
        CHECK(type_of(*spec.default_value) == spec.type);
        CHECK_FALSE(spec.check(*spec.default_value).has_value());
      }
    }
  }
}

TEST_CASE("every parameter rejects out-of-range values") {
  for (const ComponentInfo& info : BanditEnvironmentFactory::infos())
    for (const ParamSpec& spec : info.params)
      for (const ParamValue& value : invalid_values(spec)) {
        INFO(info.name << "." << spec.name << " = " << format_value(value));
        CHECK(spec.check(value).has_value());
      }
}

TEST_CASE("conformance battery over every example of every environment") {
  for (const Example& example : examples()) {
    INFO("environment " << example.kind << " (" << example.label << ")");
    AnyBanditEnvironment env = build(example);
    std::visit([&](auto& e) { run_battery(e, example); }, env);
  }
}
