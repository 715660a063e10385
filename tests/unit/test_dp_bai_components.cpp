// The pieces of the dp_bai family around its agents: the survivor schedules
// (spec §1.3.4's worked examples), elimination with random tie-breaking, the
// complexity terms and bound (spec §1.5's table), and the environments (the test
// instances of §1.8.3, reward sums, errors that name the arm and key, P10).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "agents/dp_bai/phase_schedule.hpp"
#include "agents/dp_bai/top_arms.hpp"
#include "envs/dp_bai/all.hpp"
#include "sim/core/check.hpp"
#include "sim/families/dp_bai/theory.hpp"
#include "tests/support/param_defaults.hpp"

using namespace banditsim;
using namespace banditsim::dp_bai;

namespace {

/// Checks that `build` throws a ConfigError naming `key` whose message contains `text`.
template <class Build>
void check_config_error_key(Build&& build, const std::string& key, const std::string& text) {
  try {
    build();
    FAIL("no ConfigError (expected key " << key << ")");
  } catch (const ConfigError& error) {
    CHECK(error.key() == key);
    CHECK_MESSAGE(std::string(error.what()).find(text) != std::string::npos, error.what());
  }
}

ParamMap env_params(const ComponentInfo& info, const ParamMap& values) {
  return testing::with_defaults(info, values);
}

BaiLinear linear_env(const std::string& instance) {
  ParamMap values;
  values.set("instance", instance);
  return BaiLinear(BaiLinear::Config::from(env_params(BaiLinear::info(), values)));
}

}  // namespace

TEST_CASE("dp_bai schedule: the worked examples of spec 1.3.4") {
  // K, D -> s_1, s_2, ... (cap = ceil(D^2 / 4)).
  CHECK(dp_bai_schedule(8, 2, 0.25) == SurvivorSchedule{8, 1});
  CHECK(dp_bai_schedule(27, 3, 0.25) == SurvivorSchedule{27, 3, 2, 1});
  CHECK(dp_bai_schedule(5, 4, 0.25) == SurvivorSchedule{5, 3, 2, 1});
  CHECK(dp_bai_schedule(100, 10, 0.25) == SurvivorSchedule{100, 25, 13, 7, 4, 2, 1});
  CHECK(dp_bai_schedule(1, 1, 0.25) == SurvivorSchedule{1});
  // A larger cap factor lets more arms survive phase 1 (cap = ceil(0.5 * 9) = 5).
  CHECK(dp_bai_schedule(27, 3, 0.5) == SurvivorSchedule{27, 5, 3, 2, 1});
  CHECK(halving_schedule(27) == SurvivorSchedule{27, 14, 7, 4, 2, 1});
  CHECK(halving_schedule(8).size() - 1 == 3);  // ceil(log2 8)
  CHECK(halving_schedule(9).size() - 1 == 4);  // ceil(log2 9)
}

TEST_CASE("dp_bai schedule: the branch rules of spec 1.3.4") {
  // Instance A, phase 1: 8 arms in 2 dimensions: 4 < 8, Max-Det under both rules.
  CHECK(uses_max_det(BranchRule::kCheaper, 8, 2));
  CHECK(uses_max_det(BranchRule::kArmsExceedDim, 8, 2));
  // Instance C, phase 1: 5 arms in 4 dimensions: 16 < 5 is false; 5 > 4 is true.
  CHECK_FALSE(uses_max_det(BranchRule::kCheaper, 5, 4));
  CHECK(uses_max_det(BranchRule::kArmsExceedDim, 5, 4));
  // 100 arms in 10 dimensions: "100 < 100 is false" (spec's table).
  CHECK_FALSE(uses_max_det(BranchRule::kCheaper, 100, 10));
  // As many arms as dimensions: never Max-Det.
  CHECK_FALSE(uses_max_det(BranchRule::kArmsExceedDim, 3, 3));
}

TEST_CASE("dp_bai elimination: keeps the largest estimates, in index order") {
  std::vector<std::size_t> active{2, 5, 7, 9};
  const std::vector<double> estimate{0.1, 0.9, 0.5, 0.7};
  std::vector<std::size_t> order;
  std::vector<std::uint64_t> keys;
  Rng ties(1);
  keep_top_arms(active, estimate, 2, ties, order, keys);
  CHECK(active == std::vector<std::size_t>{5, 9});
}

TEST_CASE("dp_bai elimination: ties at the cut are broken uniformly at random") {
  // Three arms tie for two places: each is dropped with probability 1/3. 30000
  // draws: each count ~ Binomial(30000, 1/3), sd 81.6; a 4.5-sd band fails with
  // probability about 2e-5 over the three counts.
  std::map<std::size_t, int> dropped;
  std::vector<std::size_t> order;
  std::vector<std::uint64_t> keys;
  Rng ties(7);
  const int draws = 30000;
  for (int i = 0; i < draws; ++i) {
    std::vector<std::size_t> active{0, 1, 2, 3};
    const std::vector<double> estimate{0.5, 0.5, 0.2, 0.5};
    keep_top_arms(active, estimate, 2, ties, order, keys);
    REQUIRE(active.size() == 2);
    for (std::size_t arm : {0u, 1u, 3u})
      if (std::find(active.begin(), active.end(), arm) == active.end()) ++dropped[arm];
    CHECK(std::find(active.begin(), active.end(), 2u) == active.end());
  }
  for (std::size_t arm : {0u, 1u, 3u}) {
    // Each of the three tied arms is the one left out with probability 1/3.
    CHECK(std::abs(dropped[arm] - draws / 3.0) < 4.5 * std::sqrt(draws * 2.0 / 9.0));
  }
}

TEST_CASE("dp_bai theory: H_BAI, epsilon H_pri and the bound of spec 1.5's table") {
  // Spec §1.5: A 833.3 / 50.0, bound at epsilon = 1 and M = 1: 0.84 (T = 1e4), 0.18 (1e5);
  // B 555.6 / 34.6, M = 3: 0.92, 0.42; C 1237.8 / 49.75, M = 3: 0.96, 0.67, 0.019 (1e6).
  struct Row {
    const char* instance;
    double h_bai, h_pri;
    std::size_t phases;
    double bound_1e4, bound_1e5;
  };
  for (const Row& row : {Row{"A", 833.3, 50.0, 1, 0.84, 0.18}, Row{"B", 555.6, 34.6, 3, 0.92, 0.42},
                         Row{"C", 1237.8, 49.75, 3, 0.96, 0.67}}) {
    INFO("instance " << row.instance);
    const BaiLinear env = linear_env(row.instance);
    const LinearInstance& instance = env.instance();
    std::size_t rank = instance.dim;  // A, B, C have full-rank features
    const BaiComplexity c = bai_complexity(instance.means, rank);
    CHECK(c.h_bai == doctest::Approx(row.h_bai).epsilon(1e-3));
    CHECK(c.h_pri_epsilon == doctest::Approx(row.h_pri).epsilon(2e-3));
    CHECK(dp_bai_error_bound(1e4, row.phases, c, 1.0) ==
          doctest::Approx(row.bound_1e4).epsilon(0.01));
    CHECK(dp_bai_error_bound(1e5, row.phases, c, 1.0) ==
          doctest::Approx(row.bound_1e5).epsilon(0.02));
  }
  const BaiComplexity c = bai_complexity(linear_env("C").instance().means, 4);
  CHECK(dp_bai_error_bound(1e6, 3, c, 1.0) == doctest::Approx(0.019).epsilon(0.05));
  // Smaller epsilon, larger H, weaker bound; epsilon = inf drops H_pri.
  CHECK(dp_bai_error_bound(1e5, 3, c, 0.1) > dp_bai_error_bound(1e5, 3, c, 1.0));
  CHECK(dp_bai_error_bound(1e5, 3, c, INFINITY) ==
        doctest::Approx(std::exp(-1e5 / (65.0 * 3 * c.h_bai))));
  // A tie for the best arm: infinite hardness, a vacuous bound.
  const std::vector<double> tied{0.5, 0.5, 0.1};
  CHECK(std::isinf(bai_complexity(tied, 2).h_bai));
  CHECK(dp_bai_error_bound(1e9, 2, bai_complexity(tied, 2), 1.0) == 1.0);
}

TEST_CASE("dp_bai environments: the instances of spec 1.8.3") {
  const LinearInstance a = linear_env("A").instance();
  CHECK(a.num_arms == 8);
  const double mu_a[] = {0.70, 0.40, 0.64, 0.62, 0.59, 0.65, 0.57, 0.26};
  for (std::size_t i = 0; i < 8; ++i) CHECK(a.means[i] == doctest::Approx(mu_a[i]));
  const LinearInstance b = linear_env("B").instance();
  CHECK(b.num_arms == 27);
  CHECK(b.means[26] == doctest::Approx(0.95));           // arm 27 = (1, 1, 1), best
  CHECK(b.features[8 * 3 + 0] == doctest::Approx(0.2));  // arm 9 = (0.2, 1, 1)
  CHECK(b.features[8 * 3 + 2] == doctest::Approx(1.0));
  double second = 0.0;
  for (std::size_t i = 0; i < 26; ++i) second = std::max(second, b.means[i]);
  CHECK(second == doctest::Approx(0.89));
  const LinearInstance c = linear_env("C").instance();
  CHECK(c.num_arms == 5);
  CHECK(c.means[0] == doctest::Approx(0.9));
  CHECK(c.means[4] == doctest::Approx(0.8598).epsilon(1e-4));
  for (std::size_t i = 1; i < 4; ++i) CHECK(c.means[i] == 0.0);
}

TEST_CASE("dp_bai environments: means outside 0 to 1 are refused, naming the arm and key") {
  ParamMap values;
  values.set("arms", RealMatrix{{1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}});
  values.set("theta", RealList{0.6, 0.5});
  check_config_error_key(
      [&] { BaiLinear(BaiLinear::Config::from(env_params(BaiLinear::info(), values))); }, "theta",
      "arm 2");
  values.set("theta", RealList{0.6, -0.1});
  check_config_error_key(
      [&] { BaiLinear(BaiLinear::Config::from(env_params(BaiLinear::info(), values))); }, "theta",
      "arm 1");
  values.set("theta", RealList{0.6, 0.2, 0.1});
  check_config_error_key(
      [&] { BaiLinear(BaiLinear::Config::from(env_params(BaiLinear::info(), values))); }, "theta",
      "3 values");
  // Bounded noise that would leave [0, 1].
  values.set("theta", RealList{0.6, 0.05});
  values.set("rewards", std::string("uniform"));
  values.set("noise_width", 0.1);
  check_config_error_key(
      [&] { BaiLinear(BaiLinear::Config::from(env_params(BaiLinear::info(), values))); },
      "noise_width", "arm 1");
  // A preset instance does not take arms or theta.
  ParamMap preset;
  preset.set("instance", std::string("B"));
  preset.set("theta", RealList{0.1, 0.1, 0.1});
  check_config_error_key(
      [&] { BaiLinear(BaiLinear::Config::from(env_params(BaiLinear::info(), preset))); }, "theta",
      "fixed by instance");
}

TEST_CASE("dp_bai environments: a batch of Bernoulli pulls sums to Binomial(n, mu)") {
  BaiLinear env = linear_env("A");
  env.start_rewards(99);
  // Arm 0, mu = 0.7: 4000 batches of 50: mean sum 35, variance 10.5. The sample mean
  // has sd sqrt(10.5 / 4000) = 0.0512; the sample variance sd about
  // 10.5 sqrt(2 / 4000) = 0.235: 4.5-sd bands fail with probability about 1e-5.
  const int batches = 4000;
  double total = 0.0, total_sq = 0.0;
  for (int i = 0; i < batches; ++i) {
    const double s = env.pull_sum(0, 50);
    CHECK(s == std::floor(s));
    CHECK((s >= 0 && s <= 50));
    total += s;
    total_sq += s * s;
  }
  const double mean = total / batches;
  const double variance = total_sq / batches - mean * mean;
  CHECK(std::abs(mean - 35.0) < 4.5 * 0.0512);
  CHECK(std::abs(variance - 10.5) < 4.5 * 0.235);
  // Restarting the streams repeats the sums (common random numbers).
  env.start_rewards(5);
  const double first = env.pull_sum(3, 17);
  env.start_rewards(5);
  CHECK(env.pull_sum(3, 17) == first);
}

TEST_CASE("dp_bai environments: a reward table pays its rows in order") {
  ParamMap values;
  values.set("arms", RealMatrix{{1.0, 0.0}, {0.0, 1.0}});
  values.set("theta", RealList{0.5, 0.3});
  values.set("table", RealMatrix{{1, 0, 1, 1}, {0.25, 0.5, 0, 1}});
  RewardTable env(RewardTable::Config::from(env_params(RewardTable::info(), values)));
  env.start_rewards(0);
  CHECK(env.pull_sum(0, 2) == 1.0);
  CHECK(env.pull_sum(1, 3) == 0.75);
  CHECK(env.pull_sum(0, 2) == 2.0);
  env.start_rewards(0);
  CHECK(env.pull_sum(1, 4) == 1.75);
  CHECK(env.columns() == 4);
  // A row per arm (ragged rows are refused by the parameter check itself).
  values.set("table", RealMatrix{{1, 0}, {0.25, 0.5}, {0, 0}});
  check_config_error_key(
      [&] { RewardTable(RewardTable::Config::from(env_params(RewardTable::info(), values))); },
      "table", "3 rows");
}
