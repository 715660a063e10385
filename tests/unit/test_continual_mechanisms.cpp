// The continual family's mechanisms (agents/continual) and streams (envs/continual): privacy
// accounting (noise scales per spec papers-dp.md §2.4.1-2.4.3), epsilon = inf equals the
// exact maximum, structure (the batch release only at T, the sparse-vector rounds), and the
// family's output through its own runner.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "agents/continual/all.hpp"
#include "envs/continual/all.hpp"
#include "sim/families/continual/metrics.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"

using namespace banditsim;
using namespace banditsim::continual;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// A random 0/1 stream of T records in dimension d, row-major.
std::vector<double> random_stream(std::int64_t horizon, std::size_t dim, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<double> x(static_cast<std::size_t>(horizon) * dim);
  for (double& v : x) v = uniform01(rng) < 0.4 ? 1.0 : 0.0;
  return x;
}

/// The exact max_j S_t[j] for t = 1..T.
std::vector<double> exact_maxima(const std::vector<double>& x, std::int64_t horizon,
                                 std::size_t dim) {
  std::vector<double> sums(dim, 0.0), out;
  double best = 0.0;
  for (std::int64_t t = 0; t < horizon; ++t) {
    for (std::size_t j = 0; j < dim; ++j) {
      sums[j] += x[static_cast<std::size_t>(t) * dim + j];
      best = std::max(best, sums[j]);
    }
    out.push_back(best);
  }
  return out;
}

template <class Agent>
std::vector<double> releases(Agent& agent, const std::vector<double>& x, std::int64_t horizon,
                             std::size_t dim, std::uint64_t noise_seed) {
  agent.reset({.dim = dim, .horizon = horizon});
  Rng noise(noise_seed);
  std::vector<double> out;
  for (std::int64_t t = 0; t < horizon; ++t)
    out.push_back(agent.step(
        std::span<const double>(x).subspan(static_cast<std::size_t>(t) * dim, dim), noise));
  return out;
}

}  // namespace

TEST_CASE("continual composition: basic splits epsilon evenly, advanced solves Dwork-Roth 3.20") {
  CHECK(composed_epsilon(1.0, 8, Composition::kBasic, 1e-6) == doctest::Approx(0.125));
  CHECK(composed_epsilon(kInf, 8, Composition::kAdvanced, 1e-6) == kInf);
  // For many parts advanced beats basic and meets the theorem's epsilon exactly.
  const double k = 4000.0, delta = 1e-6;
  const double e0 = composed_epsilon(1.0, k, Composition::kAdvanced, delta);
  CHECK(e0 > 1.0 / k);
  CHECK(std::sqrt(2 * k * std::log(1 / delta)) * e0 + k * e0 * std::expm1(e0) ==
        doctest::Approx(1.0).epsilon(1e-9));
  // For few parts the basic split is larger, and advanced falls back on it.
  CHECK(composed_epsilon(1.0, 2, Composition::kAdvanced, delta) == doctest::Approx(0.5));
}

TEST_CASE("tree_max: d counters of epsilon/d, Laplace scale L d / epsilon per node (spec 2.4.2)") {
  for (const std::int64_t horizon : {1, 255, 256, 257, 4096}) {
    TreeMax tree(TreeMax::Config{.epsilon = 2.0});
    tree.reset({.dim = 8, .horizon = horizon});
    const int levels = privacy::BinaryTreeCounter::levels_for(horizon);
    CHECK(levels == static_cast<int>(std::floor(std::log2(static_cast<double>(horizon)))) + 1);
    CHECK(tree.counter_epsilon() == doctest::Approx(2.0 / 8));
    for (std::size_t j = 0; j < 8; ++j) {
      CHECK(tree.counter(j).scale() == doctest::Approx(levels * 8 / 2.0));
      CHECK(tree.counter(j).sensitivity() == 1.0);
      CHECK(tree.counter(j).horizon() == horizon);
    }
  }
  TreeMax advanced(
      TreeMax::Config{.epsilon = 1.0, .composition = Composition::kAdvanced, .delta = 1e-6});
  advanced.reset({.dim = 5000, .horizon = 100});
  CHECK(advanced.counter_epsilon() ==
        doctest::Approx(composed_epsilon(1.0, 5000, Composition::kAdvanced, 1e-6)));
  CHECK(advanced.counter_epsilon() > 1.0 / 5000);
}

TEST_CASE("continual: epsilon = inf releases the exact running maximum at every step") {
  const std::int64_t horizon = 777;
  const std::size_t dim = 5;
  const auto x = random_stream(horizon, dim, 11);
  const auto truth = exact_maxima(x, horizon, dim);
  TreeMax tree(TreeMax::Config{.epsilon = kInf});
  SvtMax svt(SvtMax::Config{.epsilon = kInf});
  ExactMax exact(ExactMax::Config{});
  CHECK(releases(tree, x, horizon, dim, 1) == truth);
  CHECK(releases(svt, x, horizon, dim, 1) == truth);
  CHECK(releases(exact, x, horizon, dim, 1) == truth);
  CHECK(svt.calibration().rounds == horizon);
  CHECK(svt.calibration().threshold == 1.0);
  BatchMax batch(BatchMax::Config{.epsilon = kInf});
  const auto once = releases(batch, x, horizon, dim, 1);
  CHECK(once.back() == truth.back());
}

TEST_CASE("batch_max: releases nothing before T, then max_j S_T[j] + Lap(1/epsilon)") {
  const std::int64_t horizon = 50;
  const auto x = random_stream(horizon, 3, 12);
  const auto truth = exact_maxima(x, horizon, 3);
  BatchMax batch(BatchMax::Config{.epsilon = 0.5});
  const auto out = releases(batch, x, horizon, 3, 99);
  for (std::int64_t t = 0; t + 1 < horizon; ++t) CHECK(std::isnan(out[t]));
  Rng replay(99);
  CHECK(out.back() == truth.back() + privacy::laplace(replay, 1.0 / 0.5));
}

TEST_CASE("svt_max: budget split per round and noise scales (spec 2.4.3, Dwork-Roth Alg. 1)") {
  SvtMax svt(SvtMax::Config{.epsilon = 1.0, .composition = Composition::kBasic, .rounds = 5});
  const auto x = random_stream(400, 2, 13);
  releases(svt, x, 400, 2, 3);
  const SvtCalibration& cal = svt.calibration();
  CHECK(cal.rounds == 5);
  CHECK(cal.round_epsilon == doctest::Approx(1.0 / 5));  // basic composition over c rounds
  CHECK(cal.threshold_epsilon == doctest::Approx(0.1));  // half to AboveThreshold
  CHECK(cal.release_epsilon == doctest::Approx(0.1));    // half to the Laplace release
  CHECK(svt.test().query_scale() == doctest::Approx(4.0 / 0.1));
  CHECK(svt.test().threshold_scale() == doctest::Approx(2.0 / 0.1));
  CHECK(cal.threshold == doctest::Approx(cal.query_accuracy + cal.release_accuracy + 400.0 / 5));
  CHECK(cal.query_accuracy == doctest::Approx(8 * (std::log(400.0) + std::log(4 * 5 / 0.1)) / 0.1));
  CHECK(cal.release_accuracy == doctest::Approx(std::log(2 * 5 / 0.1) / 0.1));
  CHECK(svt.updates() <= 5);
  // Advanced composition over the calibrated c (the default).
  SvtMax adv(SvtMax::Config{.epsilon = 1.0, .rounds = 3000});
  adv.reset({.dim = 2, .horizon = 1 << 20});
  CHECK(adv.calibration().round_epsilon ==
        doctest::Approx(composed_epsilon(1.0, 3000, Composition::kAdvanced, 1e-6)));
}

TEST_CASE("svt_max: the output changes only at releases, at most c of them, then freezes") {
  // A tiny threshold and one round: the first top answer releases, then the output freezes.
  SvtMax one(SvtMax::Config{
      .epsilon = 1.0, .composition = Composition::kBasic, .rounds = 1, .threshold = 1e-9});
  const auto x = random_stream(300, 2, 14);
  const auto out = releases(one, x, 300, 2, 5);
  CHECK(one.updates() == 1);
  CHECK(one.exhausted());
  std::size_t changes = 0;
  for (std::size_t t = 1; t < out.size(); ++t) changes += out[t] != out[t - 1];
  CHECK(changes <= 1);
  // Calibrated: releases counted, the output piecewise constant between them.
  SvtMax svt(SvtMax::Config{.epsilon = 4.0});
  const auto y = releases(svt, random_stream(20000, 2, 15), 20000, 2, 6);
  std::int64_t jumps = (y.front() != 0.0) ? 1 : 0;
  for (std::size_t t = 1; t < y.size(); ++t) jumps += y[t] != y[t - 1];
  CHECK(jumps == svt.updates());
  CHECK(svt.updates() >= 1);
  CHECK(svt.updates() <= svt.calibration().rounds);
}

TEST_CASE("svt_max calibration: the chosen c minimises the bound, which grows sublinearly") {
  for (const std::int64_t horizon : {1 << 10, 1 << 16}) {
    const SvtCalibration best = svt_calibration(horizon, 0, 1.0, Composition::kAdvanced, 1e-6, 0.1);
    for (std::int64_t c : {best.rounds - 1, best.rounds + 1, 2 * best.rounds, best.rounds / 2})
      if (c >= 1)
        CHECK(svt_calibration_for(horizon, c, 1.0, Composition::kAdvanced, 1e-6, 0.1).bound >=
              best.bound);
  }
  // The bound's slope in log-log over T = 2^20..2^24 is near 1/3 (plus log factors).
  const double b20 = svt_calibration(1 << 20, 0, 4.0, Composition::kAdvanced, 1e-6, 0.1).bound;
  const double b24 = svt_calibration(1 << 24, 0, 4.0, Composition::kAdvanced, 1e-6, 0.1).bound;
  const double slope = std::log(b24 / b20) / std::log(16.0);
  CHECK(slope > 1.0 / 3.0);
  CHECK(slope < 0.45);
}

TEST_CASE("continual streams: table rows are the records, switching moves the leader") {
  TableStreams table(TableStreams::Config{.table = {{1, 0}, {0, 1}, {1, 1}}});
  CHECK(table.dim() == 2);
  CHECK(table.max_horizon() == 3);
  table.start(0);
  std::vector<double> x(2);
  table.next(x);
  CHECK(x == std::vector<double>{1, 0});
  table.next(x);
  CHECK(x == std::vector<double>{0, 1});
  CHECK_THROWS_AS(TableStreams(TableStreams::Config{.table = {{1, 0.5}}}), ConfigError);
  CHECK_THROWS_AS(TableStreams(TableStreams::Config{.table = {{1, 0}, {1}}}), ConfigError);

  SwitchingStreams switching(
      SwitchingStreams::Config{.dim = 3, .high = 1.0, .low = 0.0, .period = 2});
  switching.start(7);
  std::vector<double> y(3);
  for (int t = 0; t < 12; ++t) {
    switching.next(y);
    const std::size_t leader = static_cast<std::size_t>((t / 2) % 3);
    for (std::size_t j = 0; j < 3; ++j) CHECK(y[j] == (j == leader ? 1.0 : 0.0));
  }
  BernoulliStreams bernoulli(BernoulliStreams::Config{.means = {0.0, 1.0}});
  bernoulli.start(3);
  bernoulli.next(x);
  CHECK(x == std::vector<double>{0, 1});
}

TEST_CASE("continual family: the runner's errors, the exact floor and the batch curve") {
  const std::string text = R"([run]
seed = 5
replications = 20
horizon = 500
record_every = 100
[env]
kind = "bernoulli_streams"
means = [0.3, 0.5, 0.45]
[[agents]]
kind = "tree_max"
[[agents]]
kind = "svt_max"
[[agents]]
kind = "batch_max"
[[agents]]
kind = "exact_max"
)";
  const Scenario scenario = parse_scenario(text, "continual.toml", {}, builtin_families());
  REQUIRE(scenario.family->name() == "continual");
  const Cell& cell = scenario.cells[0];
  const PreparedCell& prepared = *scenario.prepared[0];
  CHECK_FALSE(prepared.applies(2, kError));  // batch: no curve
  CHECK(prepared.applies(1, kUpdates));
  CHECK_FALSE(prepared.applies(0, kUpdates));
  const OutputLayout layout(scenario.metrics.metrics, 4, cell.record_steps.size());
  std::vector<double> buffer(layout.size());
  ReplicationOutput output(layout, buffer);
  const auto runner = prepared.make_runner();
  for (std::uint64_t rep = 0; rep < 20; ++rep) {
    runner->run_replication(rep, output);
    for (std::size_t a = 0; a < 4; ++a) {
      const auto curve = output.curve(a, kError);
      if (a != 2) {
        for (double e : curve) CHECK(e <= output.value(a, kMaxError));
        CHECK(curve.back() == output.value(a, kFinalError));
      }
      CHECK(output.value(a, kFinalError) <= output.value(a, kMaxError));
      CHECK(output.value(a, kTrueMax) >= 0.5 * 500 * 0.8);  // mean 0.5: 250, sd ~11
    }
    CHECK(output.value(3, kMaxError) == 0.0);
    CHECK(output.value(2, kMaxError) == output.value(2, kFinalError));
    CHECK(output.value(1, kUpdates) <= 500);
  }
  // Reference values: one per agent, the batch bound ln(10)/epsilon.
  const auto reference = prepared.reference();
  const auto bound = std::find_if(reference.begin(), reference.end(),
                                  [](const ReferenceValue& r) { return r.name == "error_bound"; });
  REQUIRE(bound != reference.end());
  REQUIRE(bound->values.size() == 4);
  CHECK(bound->values[2] == doctest::Approx(std::log(10.0)));
  CHECK(bound->values[3] == 0.0);
}

TEST_CASE("continual family: a table shorter than the horizon is refused at load time") {
  const std::string text = R"([run]
seed = 5
replications = 2
horizon = 4
[env]
kind = "table_streams"
table = [[1, 0], [0, 1]]
[[agents]]
kind = "exact_max"
)";
  CHECK_THROWS(parse_scenario(text, "continual.toml", {}, builtin_families()));
}
