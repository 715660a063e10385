// Unit tests of the hybrid counter for an unknown horizon (agents/privacy/hybrid_counter.hpp),
// spec papers-dp.md §2.7 U6: structure and exactness with noise off at t = 1..2^12, the
// released value against the frozen noises of its nodes, and the exact privacy-loss audit
// (with a check that halved scales would fail it). Its variance is checked in
// tests/statistical/test_privacy_statistical.cpp.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

#include "agents/privacy/hybrid_counter.hpp"
#include "agents/privacy/laplace.hpp"
#include "agents/privacy/privacy_loss.hpp"
#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"

using namespace banditsim;
using privacy::HybridCounter;
using privacy::StepBlock;

namespace {

constexpr std::int64_t kSteps = 4096;  // 2^12

StepBlock block_ending_at(std::int64_t s) {
  const auto nodes = HybridCounter::nodes_of(s);
  return nodes[nodes.size() - 1];
}

/// floor(log2 s), the epoch of step s.
int epoch_of(std::int64_t s) { return std::bit_width(static_cast<std::uint64_t>(s)) - 1; }

/// The Laplace scale of the block ending at s: delta/eps' for a logarithmic increment
/// (s a power of two), k delta/eps' for a tree block of epoch k; eps' = eps/2.
double block_scale(std::int64_t s, double epsilon, double sensitivity) {
  const double base = sensitivity / (epsilon / 2);
  return std::has_single_bit(static_cast<std::uint64_t>(s)) ? base : epoch_of(s) * base;
}

std::vector<double> released_nodes(const std::vector<double>& prefix) {
  std::vector<double> nodes;
  for (std::int64_t s = 1; s <= static_cast<std::int64_t>(prefix.size()); ++s) {
    const std::int64_t before = block_ending_at(s).first - 1;
    nodes.push_back(prefix[s - 1] - (before == 0 ? 0.0 : prefix[before - 1]));
  }
  return nodes;
}

std::vector<double> true_nodes(const std::vector<double>& stream) {
  std::vector<double> nodes;
  for (std::int64_t s = 1; s <= static_cast<std::int64_t>(stream.size()); ++s) {
    const StepBlock block = block_ending_at(s);
    double sum = 0.0;
    for (std::int64_t t = block.first; t <= block.last; ++t) sum += stream[t - 1];
    nodes.push_back(sum);
  }
  return nodes;
}

}  // namespace

TEST_CASE("privacy: hybrid U6 nodes are disjoint, cover 1 to t, logarithmic then tree blocks") {
  std::map<std::int64_t, std::int64_t> first_of_block_ending_at;
  std::vector<int> nodes_containing(kSteps + 1, 0);
  for (std::int64_t t = 1; t <= kSteps; ++t) {
    const auto nodes = HybridCounter::nodes_of(t);
    const int k = epoch_of(t);
    const std::int64_t tau = t - (std::int64_t{1} << k);
    INFO("t = " << t);
    CHECK(static_cast<int>(nodes.size()) == k + 1 + std::popcount(static_cast<std::uint64_t>(tau)));
    std::int64_t next = 1;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const StepBlock& block = nodes[i];
      CHECK(block.first == next);
      next = block.last + 1;
      if (i <= static_cast<std::size_t>(k)) {  // logarithmic increments [1, 1], (2^{i-1}, 2^i]
        CHECK(block.last == std::int64_t{1} << i);
      } else {  // a dyadic block of the epoch's local steps, of a level below k
        const std::int64_t local_first = block.first - (std::int64_t{1} << k);
        CHECK(std::has_single_bit(static_cast<std::uint64_t>(block.length())));
        CHECK((local_first - 1) % block.length() == 0);
        CHECK(std::countr_zero(static_cast<std::uint64_t>(block.length())) < k);
      }
      const auto [it, inserted] = first_of_block_ending_at.emplace(block.last, block.first);
      CHECK(it->second == block.first);
    }
    CHECK(next == t + 1);
    const StepBlock own = nodes[nodes.size() - 1];
    CHECK(own.last == t);
    const auto before = HybridCounter::nodes_of(own.first - 1);
    REQUIRE(before.size() + 1 == nodes.size());
    for (std::size_t i = 0; i < before.size(); ++i) CHECK(before[i] == nodes[i]);
    for (std::int64_t s = own.first; s <= own.last; ++s) ++nodes_containing[s];
  }
  // Sensitivity: a step of epoch k (not a power of two) is in one logarithmic increment
  // and at most k tree blocks; a power of two in its increment only.
  for (std::int64_t s = 1; s <= kSteps; ++s) {
    const bool power = std::has_single_bit(static_cast<std::uint64_t>(s));
    CHECK(nodes_containing[s] <= (power ? 1 : 1 + epoch_of(s)));
  }
  CHECK(nodes_containing[kSteps / 2 + 1] == 1 + 11);  // 2^11 + 1: the bound is attained
}

TEST_CASE("privacy: hybrid U6 with eps = inf releases the exact running sum for t up to 2^12") {
  HybridCounter counter(privacy::kNoPrivacy, 1.0);
  Rng noise(1);
  const Rng untouched = noise;
  Rng data(8);
  double sum = 0.0;
  bool exact = true;
  for (std::int64_t t = 1; t <= kSteps; ++t) {
    const double x = uniform01(data);
    sum += x;
    exact = exact && counter.add(x, noise) == sum;
  }
  CHECK(exact);
  CHECK(noise == untouched);
  CHECK(counter.steps() == kSteps);
}

TEST_CASE("privacy: hybrid S~_t is S_t plus the frozen noises of nodes_of t") {
  const double epsilon = 1.3;
  const double sensitivity = 1.0;
  HybridCounter counter(epsilon, sensitivity);
  Rng noise(21);
  Rng replay = noise;
  std::vector<double> block_noise(kSteps + 1, 0.0);
  for (std::int64_t s = 1; s <= kSteps; ++s)
    block_noise[s] = privacy::laplace(replay, block_scale(s, epsilon, sensitivity));
  Rng data(22);
  double sum = 0.0;
  double worst = 0.0;
  for (std::int64_t t = 1; t <= kSteps; ++t) {
    const double x = static_cast<double>(uniform_index(data, 2));
    sum += x;
    const double released = counter.add(x, noise);
    double expected = sum;
    for (const StepBlock& block : HybridCounter::nodes_of(t)) expected += block_noise[block.last];
    worst = std::max(worst, std::fabs(released - expected));
    CHECK(counter.epoch() == epoch_of(t));
  }
  CHECK(worst < 1e-9 * block_scale(kSteps - 1, epsilon, sensitivity) * 24);
  CHECK(noise == replay);  // exactly one Laplace draw per step
  CHECK(counter.logarithmic_scale() == doctest::Approx(2 * sensitivity / epsilon));
  CHECK(counter.tree_scale(5) == doctest::Approx(5 * 2 * sensitivity / epsilon));
}

TEST_CASE("privacy: hybrid U6 exact privacy loss is at most eps in every run") {
  // Neighbouring 0/1 streams of 256 steps differing at t*; the loss of the released node
  // vector (recovered from S~) must be <= eps in each of 500 runs per t*.
  const std::int64_t steps = 256;
  const double epsilon = 0.6;
  HybridCounter counter(epsilon, 1.0);
  Rng data(31);
  Rng noise(32);
  std::vector<double> scales;
  for (std::int64_t s = 1; s <= steps; ++s) scales.push_back(block_scale(s, epsilon, 1.0));
  for (const std::int64_t changed : {1, 2, 3, 64, 65, 129, 200, 256}) {
    double largest = -1e300;
    for (int run = 0; run < 500; ++run) {
      std::vector<double> stream(steps);
      for (double& x : stream) x = static_cast<double>(uniform_index(data, 2));
      std::vector<double> neighbour = stream;
      neighbour[changed - 1] = 1.0 - neighbour[changed - 1];
      counter.restart();
      std::vector<double> prefix;
      for (const double x : stream) prefix.push_back(counter.add(x, noise));
      const double loss = privacy::laplace_privacy_loss(released_nodes(prefix), true_nodes(stream),
                                                        true_nodes(neighbour), scales);
      largest = std::max(largest, loss);
    }
    INFO("t* = " << changed << ": largest loss " << largest);
    CHECK(largest <= epsilon + 1e-9);
  }
}

TEST_CASE("privacy: hybrid audit has teeth, the worst output reaches eps and halved scales fail") {
  // t* = 2^7 + 1 = 129 lies in the increment (128, 256] and in 7 blocks of epoch 7's tree:
  // with every one of them released one unit beyond its true sum on x's side, the loss is
  // delta/(delta/eps') + 7 delta/(7 delta/eps') = 2 eps' = eps; with half the scales, 2 eps.
  const std::int64_t steps = 256;
  const double epsilon = 0.6;
  std::vector<double> stream(steps, 0.0);
  stream[128] = 1.0;
  const std::vector<double> neighbour(steps, 0.0);
  const std::vector<double> v = true_nodes(stream);
  const std::vector<double> v_prime = true_nodes(neighbour);
  std::vector<double> z = v;
  int touched = 0;
  for (std::size_t s = 0; s < z.size(); ++s) {
    if (v[s] == v_prime[s]) continue;
    z[s] = v[s] + 1.0;
    ++touched;
  }
  CHECK(touched == 8);
  std::vector<double> scales;
  std::vector<double> halved;
  for (std::int64_t s = 1; s <= steps; ++s) {
    scales.push_back(block_scale(s, epsilon, 1.0));
    halved.push_back(scales.back() / 2);
  }
  CHECK(privacy::laplace_privacy_loss(z, v, v_prime, scales) ==
        doctest::Approx(epsilon).epsilon(1e-12));
  CHECK(privacy::laplace_privacy_loss(z, v, v_prime, halved) ==
        doctest::Approx(2 * epsilon).epsilon(1e-12));
}

TEST_CASE("privacy: hybrid restart reuses the counter and bad parameters are rejected") {
  HybridCounter counter(1.0, 1.0);
  Rng a(3);
  std::vector<double> first;
  for (int t = 0; t < 100; ++t) first.push_back(counter.add(0.5, a));
  counter.restart();
  Rng b(3);
  std::vector<double> second;
  for (int t = 0; t < 100; ++t) second.push_back(counter.add(0.5, b));
  CHECK(first == second);
  CHECK_THROWS_AS(HybridCounter(0.0, 1.0), ConfigError);
  CHECK_THROWS_AS(HybridCounter(std::numeric_limits<double>::quiet_NaN(), 1.0), ConfigError);
  CHECK_THROWS_AS(HybridCounter(1.0, -0.5), ConfigError);
  CHECK_THROWS_AS(counter.add(2.0, a), InternalError);
}
