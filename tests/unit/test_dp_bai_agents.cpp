// The dp_bai agents on fixed reward tables (spec §1.7 T4-T6, T1's structure):
// DP-BAI-R against an independent noiseless implementation written here from the
// spec's pseudo-code (brute-force Max-Det by determinants), the invariants of every
// agent (pulls within the budget, survivor counts, nested active sets, each
// released mean computed from its own phase's samples only), epsilon = inf drawing
// no noise, determinism, and too-small budgets refused.
#include <doctest/doctest.h>

#include <armadillo>
#include <cmath>
#include <functional>
#include <numeric>
#include <set>
#include <vector>

#include "agents/design/g_optimal_design.hpp"
#include "agents/dp_bai/all.hpp"
#include "agents/dp_bai/arm_span.hpp"
#include "envs/dp_bai/all.hpp"
#include "sim/core/check.hpp"
#include "sim/families/dp_bai/runner.hpp"
#include "tests/support/param_defaults.hpp"

using namespace banditsim;
using namespace banditsim::dp_bai;
using namespace banditsim::design;

namespace {

LinearInstance instance_named(const std::string& name) {
  InstanceConfig config;
  config.instance = name;
  return make_instance(config, "test");
}

/// A table of i.i.d. uniform rewards (continuous: no ties between estimates).
std::vector<std::vector<double>> random_table(std::size_t arms, std::size_t columns,
                                              std::uint64_t seed, const LinearInstance& inst) {
  Rng rng(seed);
  std::vector<std::vector<double>> table(arms, std::vector<double>(columns));
  for (std::size_t a = 0; a < arms; ++a)
    for (double& x : table[a])
      x = std::min(1.0, std::max(0.0, inst.means[a] + 0.3 * (uniform01(rng) - 0.5)));
  return table;
}

struct Run {
  std::size_t recommended = 0;
  std::int64_t pulls = 0;
  std::vector<std::vector<std::size_t>> active_after_phase;
  std::vector<PrivateRelease> releases;
  std::vector<std::pair<std::size_t, std::int64_t>> batches;
};

/// Drives `agent` on `table` (the n-th pull of arm a pays table[a][n]), recording
/// the active set after each phase.
template <class Agent>
Run drive(Agent& agent, const LinearInstance& inst, const std::vector<std::vector<double>>& table,
          std::int64_t budget, AgentStreams& streams) {
  BaiProblem problem{
      .num_arms = inst.num_arms, .dim = inst.dim, .features = inst.features, .budget = budget};
  agent.reset(problem);
  Run run;
  std::vector<std::size_t> next(inst.num_arms, 0);
  std::size_t releases_seen = 0;
  for (;;) {
    const PullRequest request = agent.next_pulls();
    if (request.count == 0) break;
    run.batches.emplace_back(request.arm, request.count);
    double sum = 0.0;
    for (std::int64_t i = 0; i < request.count; ++i)
      sum += table[request.arm].at(next[request.arm]++);
    run.pulls += request.count;
    const std::size_t before = agent.core().active().size();
    agent.observe(request.arm, request.count, sum, streams);
    const auto active = agent.core().active();
    if (active.size() != before || agent.next_pulls().count == 0 ||
        agent.core().releases().size() != releases_seen) {
      if (agent.core().releases().size() != releases_seen || active.size() != before)
        run.active_after_phase.emplace_back(active.begin(), active.end());
      releases_seen = agent.core().releases().size();
    }
  }
  run.recommended = agent.recommend();
  const auto releases = agent.core().releases();
  run.releases.assign(releases.begin(), releases.end());
  return run;
}

template <class Agent>
Agent make_agent(const ParamMap& values) {
  return Agent(Agent::Config::from(testing::with_defaults(Agent::info(), values)));
}

ParamMap params(std::initializer_list<std::pair<const char*, ParamValue>> values) {
  ParamMap map;
  for (const auto& [k, v] : values) map.set(k, v);
  return map;
}

/// Noiseless DP-BAI-R from the spec's pseudo-code (§1.3.3, rule CHEAPER), with a
/// brute-force Max-Det: the first subset in lexicographic order whose |det| (of the
/// arms' coordinates in the span) exceeds the best by the factor 1 + 1e-12.
std::size_t reference_dp_bai(const LinearInstance& inst,
                             const std::vector<std::vector<double>>& table, std::int64_t budget) {
  const std::size_t K = inst.num_arms, d = inst.dim;
  arma::mat all(K, d);
  for (std::size_t a = 0; a < K; ++a)
    for (std::size_t j = 0; j < d; ++j) all(a, j) = inst.features[a * d + j];
  const auto rank_of = [](const arma::mat& x) {
    const arma::vec s = arma::svd(x);
    std::size_t r = 0;
    for (double v : s) r += v > 1e-10 * s.max() ? 1 : 0;
    return r;
  };
  const std::size_t D = rank_of(all);
  const std::size_t cap =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(D * D / 4.0)));
  std::vector<std::size_t> s{K};
  while (s.back() > 1) s.push_back(std::max<std::size_t>(1, std::min((s.back() + 1) / 2, cap)));
  const std::size_t M = s.size() - 1;
  std::vector<std::size_t> active(K);
  std::iota(active.begin(), active.end(), std::size_t{0});
  std::vector<std::size_t> next(K, 0);
  auto pull = [&](std::size_t arm, std::int64_t n) {
    double sum = 0.0;
    for (std::int64_t i = 0; i < n; ++i) sum += table[arm][next[arm]++];
    return sum / static_cast<double>(n);
  };
  for (std::size_t p = 0; p < M; ++p) {
    arma::mat x(active.size(), d);
    for (std::size_t i = 0; i < active.size(); ++i) x.row(i) = all.row(active[i]);
    arma::mat u, v;
    arma::vec sv;
    arma::svd(u, sv, v, x);
    const std::size_t dp = rank_of(x);
    const arma::mat y = x * v.cols(0, dp - 1);
    std::vector<double> estimate(active.size());
    if (dp * dp < active.size()) {
      std::vector<std::size_t> best, subset;
      double best_det = 0.0;
      std::function<void(std::size_t)> enumerate = [&](std::size_t start) {
        if (subset.size() == dp) {
          arma::mat m(dp, dp);
          for (std::size_t k = 0; k < dp; ++k) m.row(k) = y.row(subset[k]);
          const double det = std::abs(arma::det(m));
          if (det > best_det * (1 + 1e-12)) {
            best_det = det;
            best = subset;
          }
          return;
        }
        for (std::size_t i = start; i < active.size(); ++i) {
          subset.push_back(i);
          enumerate(i + 1);
          subset.pop_back();
        }
      };
      enumerate(0);
      const auto n = static_cast<std::int64_t>(budget / static_cast<std::int64_t>(M * dp));
      arma::vec noisy(dp);
      arma::mat basis(dp, dp);
      for (std::size_t k = 0; k < dp; ++k) {
        noisy[k] = pull(active[best[k]], n);
        basis.row(k) = y.row(best[k]);
      }
      for (std::size_t i = 0; i < active.size(); ++i) {
        const arma::vec beta = arma::solve(basis.t(), y.row(i).t());
        estimate[i] = arma::dot(beta, noisy);
      }
    } else {
      const auto n =
          static_cast<std::int64_t>(budget / static_cast<std::int64_t>(M * active.size()));
      for (std::size_t i = 0; i < active.size(); ++i) estimate[i] = pull(active[i], n);
    }
    std::vector<std::size_t> order(active.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](auto a, auto b) { return estimate[a] > estimate[b]; });
    std::vector<std::size_t> kept;
    for (std::size_t k = 0; k < s[p + 1]; ++k) kept.push_back(active[order[k]]);
    std::sort(kept.begin(), kept.end());
    active = kept;
  }
  return active.front();
}

}  // namespace

TEST_CASE(
    "dp_bai agents: epsilon = inf matches the spec's pseudo-code, noiseless, on instances A, B, C "
    "(T4, T6)") {
  for (const char* name : {"A", "B", "C"}) {
    const LinearInstance inst = instance_named(name);
    for (const std::int64_t budget : {60, 200, 1000}) {
      for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        INFO(name << ", budget " << budget << ", table seed " << seed);
        const auto table =
            random_table(inst.num_arms, static_cast<std::size_t>(budget), seed, inst);
        DpBai agent = make_agent<DpBai>({});
        AgentStreams streams{.noise = Rng(3), .ties = Rng(4)};
        const Rng untouched = streams.noise;
        const Run run = drive(agent, inst, table, budget, streams);
        CHECK(run.recommended == reference_dp_bai(inst, table, budget));
        CHECK(streams.noise == untouched);  // epsilon = inf draws no noise (P12)
        for (const auto& r : run.releases) CHECK(r.value == r.sum / static_cast<double>(r.count));
      }
    }
  }
}

TEST_CASE("dp_bai agents: the phase structure of DP-BAI-R on instances A, B, C (T5)") {
  // (instance, whether phase 1 takes the Max-Det branch under CHEAPER and under
  // ARMS_EXCEED_DIM), spec 1.3.4. Later phases depend on the survivors (three
  // survivors of B may span a plane only), except that CHEAPER never uses Max-Det
  // once K <= D^2 (instance C).
  struct Row {
    std::string name;
    bool cheaper, arms_exceed_dim;
  };
  for (const Row& row : {Row{"A", true, true}, Row{"B", true, true}, Row{"C", false, true}}) {
    const LinearInstance inst = instance_named(row.name);
    const auto table = random_table(inst.num_arms, 3000, 11, inst);
    for (const std::string rule : {"cheaper", "arms_exceed_dim"}) {
      INFO(row.name << ", rule " << rule);
      DpBai agent = make_agent<DpBai>(params({{"rule", rule}, {"epsilon", 0.5}}));
      AgentStreams streams{.noise = Rng(1), .ties = Rng(2)};
      const Run run = drive(agent, inst, table, 3000, streams);
      CHECK(agent.core().phase_used_max_det(0) ==
            (rule == "cheaper" ? row.cheaper : row.arms_exceed_dim));
      if (row.name == "C" && rule == "cheaper") CHECK(agent.max_det_phases() == 0);
      if (row.name == "A") CHECK(agent.max_det_phases() == 1);  // one phase: 8 -> 1
      // A Max-Det phase pulls d_p arms floor(T / (M d_p)) times each: 3000 / (3 x 3) on B.
      if (row.name == "B") CHECK(agent.core().phase_pulls_per_arm(0) == 333);
      CHECK(run.pulls <= 3000);
      const SurvivorSchedule& s = agent.core().schedule();
      REQUIRE(run.active_after_phase.size() == s.size() - 1);
      std::set<std::size_t> previous;
      for (std::size_t a = 0; a < inst.num_arms; ++a) previous.insert(a);
      for (std::size_t p = 0; p + 1 < s.size(); ++p) {
        const auto& active = run.active_after_phase[p];
        CHECK(active.size() == s[p + 1]);
        for (std::size_t a : active) CHECK(previous.count(a) == 1);
        previous = std::set<std::size_t>(active.begin(), active.end());
      }
      CHECK(run.recommended == run.active_after_phase.back().front());
    }
  }
}

TEST_CASE("dp_bai agents: every released mean uses its own phase's samples, once (T1, P8)") {
  const LinearInstance inst = instance_named("B");
  const std::int64_t budget = 2400;
  const auto table = random_table(inst.num_arms, budget, 5, inst);
  auto check = [&](auto agent) {
    AgentStreams streams{.noise = Rng(8), .ties = Rng(9)};
    const Run run = drive(agent, inst, table, budget, streams);
    CHECK(run.pulls <= budget);
    // Replay the per-arm offsets: release r of arm a used the next `count` entries of
    // row a after every earlier batch of that arm, and only those.
    std::vector<std::size_t> offset(inst.num_arms, 0);
    std::size_t r = 0;
    for (const auto& [arm, count] : run.batches) {
      double sum = 0.0;
      for (std::int64_t i = 0; i < count; ++i)
        sum += table[arm][offset[arm] + static_cast<std::size_t>(i)];
      offset[arm] += static_cast<std::size_t>(count);
      REQUIRE(r < run.releases.size());
      CHECK(run.releases[r].arm == arm);
      CHECK(run.releases[r].count == count);
      CHECK(run.releases[r].sum == doctest::Approx(sum).epsilon(1e-14));
      ++r;
    }
    CHECK(r == run.releases.size());  // one release per batch: no sample unreleased or reused
  };
  check(make_agent<DpBai>(params({{"epsilon", 0.3}})));
  check(make_agent<DpBai>(params({{"epsilon", 0.3}, {"rule", std::string("arms_exceed_dim")}})));
  check(make_agent<DpSh>(params({{"epsilon", 0.3}})));
  check(make_agent<DpOd>(params({{"epsilon", 0.3}})));
}

TEST_CASE("dp_bai agents: the same streams give the same run, and pulls stay within the budget") {
  for (const char* name : {"A", "B", "C"}) {
    const LinearInstance inst = instance_named(name);
    const auto table = random_table(inst.num_arms, 5000, 2, inst);
    auto same = [&](auto a, auto b) {
      AgentStreams s1{.noise = Rng(1), .ties = Rng(2)}, s2{.noise = Rng(1), .ties = Rng(2)};
      const Run r1 = drive(a, inst, table, 5000, s1), r2 = drive(b, inst, table, 5000, s2);
      CHECK(r1.recommended == r2.recommended);
      CHECK(r1.batches == r2.batches);
      CHECK(r1.pulls <= 5000);
      CHECK(r1.pulls >= 5000 - 200);  // floors leave at most (phases x arms) unused
    };
    INFO(name);
    same(make_agent<DpBai>(params({{"epsilon", 0.2}})),
         make_agent<DpBai>(params({{"epsilon", 0.2}})));
    same(make_agent<OdLinBai>({}), make_agent<OdLinBai>({}));
    same(make_agent<DpOd>(params({{"epsilon", 0.2}})),
         make_agent<DpOd>(params({{"epsilon", 0.2}})));
    same(make_agent<DpSh>(params({{"epsilon", 0.2}})),
         make_agent<DpSh>(params({{"epsilon", 0.2}})));
  }
}

TEST_CASE("dp_bai agents: OD-LinBAI and DP-OD keep ceil(D / 2^r) arms and recommend the survivor") {
  const LinearInstance inst = instance_named("C");  // D = 4: R = 2 phases, 5 -> 2 -> 1
  const auto table = random_table(inst.num_arms, 4000, 3, inst);
  for (int variant = 0; variant < 2; ++variant) {
    AgentStreams streams{.noise = Rng(1), .ties = Rng(2)};
    Run run;
    std::size_t phases = 0;
    if (variant == 0) {
      OdLinBai agent = make_agent<OdLinBai>({});
      run = drive(agent, inst, table, 4000, streams);
      phases = agent.core().phases();
    } else {
      DpOd agent = make_agent<DpOd>(params({{"epsilon", 1.0}}));
      run = drive(agent, inst, table, 4000, streams);
      phases = agent.core().phases();
    }
    CHECK(phases == 2);
    REQUIRE(run.active_after_phase.size() == 2);
    CHECK(run.active_after_phase[0].size() == 2);
    CHECK(run.active_after_phase[1].size() == 1);
    CHECK(run.pulls <= 4000);
  }
}

TEST_CASE("dp_bai agents: budgets too small for one pull per arm and phase are refused (P6)") {
  const LinearInstance inst = instance_named("B");
  BaiProblem problem{
      .num_arms = inst.num_arms, .dim = inst.dim, .features = inst.features, .budget = 8};
  auto refused = [&](auto agent, const char* name) {
    try {
      agent.reset(problem);
      FAIL(name << " accepted budget 8");
    } catch (const ConfigError& error) {
      CHECK(error.key() == "budget");
      CHECK(std::string(error.what()).find("at least") != std::string::npos);
    }
  };
  refused(make_agent<DpBai>({}), "dp_bai");  // 3 phases x 3 Max-Det arms = 9 > 8
  refused(make_agent<DpSh>({}), "dp_sh");
  refused(make_agent<OdLinBai>({}), "od_linbai");
  refused(make_agent<DpOd>({}), "dp_od");
  problem.budget = 9;
  DpBai enough = make_agent<DpBai>({});
  CHECK_NOTHROW(enough.reset(problem));
}

TEST_CASE(
    "dp_bai agents: OD-LinBAI pulls ceil(pi(a) m) times, m = (T - min(K, D(D+1)/2) - slack) / R") {
  // Instance C: K = 5, D = 4, R = 2, m = (T - min(5, 10) - ceil(4/2)) / 2 (spec 1.4.1);
  // phase 1's design is Frank-Wolfe on all arms (support 5 <= 10: nothing truncated).
  const LinearInstance inst = instance_named("C");
  const std::int64_t budget = 4000;
  const auto table = random_table(inst.num_arms, budget, 4, inst);
  OdLinBai agent = make_agent<OdLinBai>({});
  AgentStreams streams{.noise = Rng(1), .ties = Rng(2)};
  const Run run = drive(agent, inst, table, budget, streams);
  arma::mat y(inst.num_arms, inst.dim);
  for (std::size_t a = 0; a < inst.num_arms; ++a)
    for (std::size_t j = 0; j < inst.dim; ++j) y(a, j) = inst.features[a * inst.dim + j];
  const Design design = g_optimal_design(project_to_span(y).coordinates);
  const double m = (static_cast<double>(budget) - 5.0 - 2.0) / 2.0;
  REQUIRE(run.batches.size() >= inst.num_arms);
  for (std::size_t a = 0; a < inst.num_arms; ++a) {
    CHECK(run.batches[a].first == a);
    CHECK(run.batches[a].second == static_cast<std::int64_t>(std::ceil(design.weights[a] * m)));
  }
}

TEST_CASE("dp_bai agents: the recommended arm's estimate is its last-phase estimate") {
  // epsilon = inf. dp_bai on instance B (its last phases are uniform): the survivor's
  // last released mean. dp_od: the last phase's least squares, a' V^+ sum_a sum_a a
  // over its batches on instance C (in feature space: the minimum-norm solution gives
  // the same predictions as the projected one).
  const LinearInstance inst = instance_named("C");
  const auto table = random_table(inst.num_arms, 4000, 6, inst);
  // dp_bai over several tables, some of which make the survivor the second of the
  // last phase's two arms (where "the first active arm's estimate" would be wrong).
  int survivor_second = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    // Instance B: its best arm has the last index, so it is often the second of two.
    const LinearInstance b = instance_named("B");
    const auto noisy_table = random_table(b.num_arms, 4000, seed, b);
    DpBai agent = make_agent<DpBai>({});
    AgentStreams streams{.noise = Rng(1), .ties = Rng(2)};
    const Run run = drive(agent, b, noisy_table, 4000, streams);
    const PrivateRelease* last = nullptr;
    std::size_t first_of_last_phase = b.num_arms;
    for (const auto& r : run.releases) {
      if (r.phase == run.releases.back().phase)
        first_of_last_phase = std::min(first_of_last_phase, r.arm);
      if (r.arm == run.recommended) last = &r;
    }
    REQUIRE(last != nullptr);
    CHECK(agent.recommended_estimate() == last->value);
    survivor_second += run.recommended != first_of_last_phase ? 1 : 0;
  }
  CHECK(survivor_second > 0);
  {
    DpOd agent = make_agent<DpOd>({});
    AgentStreams streams{.noise = Rng(1), .ties = Rng(2)};
    const Run run = drive(agent, inst, table, 4000, streams);
    const std::size_t last_phase = run.releases.back().phase;
    arma::mat gram(inst.dim, inst.dim, arma::fill::zeros);
    arma::vec moment(inst.dim, arma::fill::zeros);
    for (const auto& r : run.releases) {
      if (r.phase != last_phase) continue;
      const arma::vec a(inst.features.data() + r.arm * inst.dim, inst.dim);
      gram += static_cast<double>(r.count) * a * a.t();
      moment += r.sum * a;
    }
    const arma::vec best(inst.features.data() + run.recommended * inst.dim, inst.dim);
    const double expected = arma::dot(best, arma::pinv(gram) * moment);
    CHECK(agent.recommended_estimate() == doctest::Approx(expected).epsilon(1e-9));
  }
}
