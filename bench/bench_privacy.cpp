// Speed of the shared differential-privacy component agents/privacy (bench/README.md,
// "Private counters and the Laplace sampler (issue 10)"):
//   1. Laplace samplers, ns per draw, best of 7 trials of 1e7 draws, taking turns: the
//      inverse CDF from one 64-bit draw as sim/core/distributions.hpp writes it (log1p, a
//      branch on the sign) and with log and a branch-free copysign;
//      boost::random::laplace_distribution (an exponential ziggurat, then a second uniform
//      for the sign); b (E1 - E2) from two Boost exponential draws, the one
//      privacy::laplace uses (agents/privacy/laplace.hpp); the engine alone;
//   2. ns per add() of BinaryTreeCounter and HybridCounter (epsilon = 1 and inf), per query()
//      of AboveThreshold, per call of report_noisy_max over K = 10 scores, and heap
//      allocations in those loops (must be 0).
//
//   build/bench_privacy
#include <algorithm>
#include <boost/random/laplace_distribution.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "agents/privacy/above_threshold.hpp"
#include "agents/privacy/binary_tree_counter.hpp"
#include "agents/privacy/hybrid_counter.hpp"
#include "agents/privacy/laplace.hpp"
#include "agents/privacy/report_noisy_max.hpp"
#include "bench/thread_cpu_time.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"
#include "tests/support/allocation_counter.hpp"

namespace {

using namespace banditsim;
using bench::thread_cpu_seconds;

volatile double sink = 0.0;

/// Candidate: the inverse CDF -b sgn(u) ln(1 - 2|u|) from one 64-bit draw, with log (the
/// argument is exact, a multiple of 2^-52 in (0, 1)) and a branch-free sign.
double inverse_cdf_laplace(Rng& rng, double scale) {
  const double u = uniform01_open(rng) - 0.5;
  return std::copysign(-scale * std::log(1.0 - 2.0 * std::fabs(u)), u);
}

struct Timing {
  double ns = 1e300;         // ns per operation
  double allocations = 0.0;  // heap allocations per operation
};

/// One timed run of `body(rng)` repeated `n` times; `body` returns a double summed into the
/// sink so that nothing is optimised away.
template <class Body>
Timing time_once(long long n, std::uint64_t seed, Body&& body) {
  Rng rng(seed);
  double total = 0.0;
  const std::size_t allocations = testing::allocation_count();
  const double start = thread_cpu_seconds();
  for (long long i = 0; i < n; ++i) total += body(rng);
  const double ns = 1e9 * (thread_cpu_seconds() - start) / static_cast<double>(n);
  const double allocated =
      static_cast<double>(testing::allocation_count() - allocations) / static_cast<double>(n);
  sink = sink + total;
  return {ns, allocated};
}

Timing faster(const Timing& a, const Timing& b) { return a.ns <= b.ns ? a : b; }

/// Best of `trials` runs.
template <class Body>
Timing time_loop(long long n, int trials, Body&& body) {
  Timing best;
  for (int trial = 0; trial < trials; ++trial)
    best = faster(best, time_once(n, static_cast<std::uint64_t>(1000 + trial), body));
  return best;
}

void print_row(const char* what, const Timing& timing, double reference_ns) {
  std::printf("%-44s %9.2f %9.2f %9.3g\n", what, timing.ns, timing.ns / reference_ns,
              timing.allocations);
}

}  // namespace

int main() {
  constexpr long long kDraws = 10'000'000;
  constexpr int kTrials = 7;
  const double scale = 1.7;

  std::printf("1. Laplace draws (scale %.1f), ns per draw, best of %d x %lld\n", scale, kTrials,
              kDraws);
  std::printf("%-44s %9s %9s %9s\n", "sampler", "ns", "x Boost", "allocs");
  // The samplers take turns within each trial, so that a change of load on the shared
  // machine hits all of them alike.
  const boost::random::laplace_distribution<double> boost_laplace(0.0, scale);
  Timing core, inverse, boost, used, engine;
  for (int trial = 0; trial < kTrials; ++trial) {
    const auto seed = static_cast<std::uint64_t>(1000 + trial);
    core = faster(
        core, time_once(kDraws, seed, [&](Rng& rng) { return banditsim::laplace(rng, scale); }));
    inverse = faster(inverse, time_once(kDraws, seed,
                                        [&](Rng& rng) { return inverse_cdf_laplace(rng, scale); }));
    boost = faster(boost, time_once(kDraws, seed, [&](Rng& rng) { return boost_laplace(rng); }));
    used = faster(used,
                  time_once(kDraws, seed, [&](Rng& rng) { return privacy::laplace(rng, scale); }));
    engine = faster(
        engine, time_once(kDraws, seed, [](Rng& rng) { return static_cast<double>(rng() >> 11); }));
  }
  print_row("inverse CDF, log1p + branch (sim/core)", core, boost.ns);
  print_row("inverse CDF, log + copysign", inverse, boost.ns);
  print_row("boost::random::laplace_distribution", boost, boost.ns);
  print_row("b (E1 - E2), Boost exponentials (used)", used, boost.ns);
  print_row("(the engine alone: one xoshiro256** draw)", engine, boost.ns);
  std::printf(
      "ratios to Boost's laplace_distribution: sim/core %.2f, inverse CDF %.2f, "
      "b (E1 - E2) %.2f\n\n",
      core.ns / boost.ns, inverse.ns / boost.ns, used.ns / boost.ns);
  const double lap_ns = used.ns;

  std::printf("2. Mechanisms, ns per operation (best of %d), allocations per operation\n", kTrials);
  std::printf("%-44s %9s %9s %9s\n", "operation", "ns", "x Lap", "allocs");
  constexpr std::int64_t kHorizon = std::int64_t{1} << 20;
  for (const double epsilon : {1.0, privacy::kNoPrivacy}) {
    privacy::BinaryTreeCounter tree(kHorizon, epsilon, 1.0);
    privacy::HybridCounter hybrid(epsilon, 1.0);
    tree.restart();  // warm: nothing below allocates
    long long step = 0;
    const Timing tree_time = time_loop(kHorizon, kTrials, [&](Rng& rng) {
      if (tree.steps() == tree.horizon()) tree.restart();
      return tree.add(static_cast<double>(++step & 1), rng);
    });
    const Timing hybrid_time = time_loop(kHorizon, kTrials, [&](Rng& rng) {
      if (hybrid.steps() == kHorizon) hybrid.restart();
      return hybrid.add(static_cast<double>(++step & 1), rng);
    });
    const bool inf = !privacy::adds_noise(epsilon);
    print_row(inf ? "BinaryTreeCounter::add, T = 2^20, eps = inf"
                  : "BinaryTreeCounter::add, T = 2^20, eps = 1",
              tree_time, lap_ns);
    print_row(inf ? "HybridCounter::add, eps = inf" : "HybridCounter::add, eps = 1", hybrid_time,
              lap_ns);
  }
  privacy::AboveThreshold above;
  Rng reset_rng(5);
  const Timing query_time = time_loop(kDraws, kTrials, [&](Rng& rng) {
    if (above.halted()) above.reset(1e9, 1.0, reset_rng);  // a threshold never crossed
    return above.query(0.5, rng) ? 1.0 : 0.0;
  });
  print_row("AboveThreshold::query, eps0 = 1", query_time, lap_ns);
  std::vector<double> scores{0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45};
  const Timing noisy_max = time_loop(kDraws / 10, kTrials, [&](Rng& rng) {
    return static_cast<double>(
        privacy::report_noisy_max(scores, 1.0, 1.0, privacy::ScoreChange::kMonotone, rng));
  });
  print_row("report_noisy_max, K = 10, eps = 1", noisy_max, lap_ns);
  return 0;
}
