// Unit tests of the binary tree counter (agents/privacy/binary_tree_counter.hpp), spec
// papers-dp.md §2.7: U1 structure and exactness, U2 sensitivity, U4 the exact privacy-loss
// audit (with a check that a halved scale, or ceil(log2 T) levels, would fail it), and the
// counter's contract (one Laplace draw per step, restart, parameter checks).
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

#include "agents/privacy/binary_tree_counter.hpp"
#include "agents/privacy/laplace.hpp"
#include "agents/privacy/privacy_loss.hpp"
#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"

using namespace banditsim;
using privacy::BinaryTreeCounter;
using privacy::StepBlock;

namespace {

const std::vector<std::int64_t> kHorizons = {1, 2, 3, 7, 8, 9, 63, 64, 65, 1000, 1024};

/// The block released at step s: the last of nodes_of(s), ending at s.
StepBlock block_ending_at(std::int64_t s) {
  const auto nodes = BinaryTreeCounter::nodes_of(s);
  return nodes[nodes.size() - 1];
}

/// Runs the counter on `stream` (stream[t - 1] = x_t) and returns S~_1..S~_T.
std::vector<double> run(BinaryTreeCounter& counter, const std::vector<double>& stream, Rng& noise) {
  counter.restart();
  std::vector<double> released;
  for (const double x : stream) released.push_back(counter.add(x, noise));
  return released;
}

/// The released node vector recovered from the prefix sums: the block ending at s has the
/// noisy sum S~_s - S~_{first - 1} (its prefix is the prefix of first - 1 plus itself, U1).
std::vector<double> released_nodes(const std::vector<double>& prefix) {
  std::vector<double> nodes;
  for (std::int64_t s = 1; s <= static_cast<std::int64_t>(prefix.size()); ++s) {
    const std::int64_t before = block_ending_at(s).first - 1;
    nodes.push_back(prefix[s - 1] - (before == 0 ? 0.0 : prefix[before - 1]));
  }
  return nodes;
}

/// The true sum of the block ending at s, for s = 1..T.
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

TEST_CASE("privacy: binary tree levels are floor of log2 T plus 1 and the scale L delta over eps") {
  const std::map<std::int64_t, int> expected = {{1, 1},  {2, 2},     {3, 2},    {7, 3},
                                                {8, 4},  {9, 4},     {63, 6},   {64, 7},
                                                {65, 7}, {1000, 10}, {1024, 11}};
  for (const auto& [horizon, levels] : expected) {
    const BinaryTreeCounter counter(horizon, 0.5, 2.0);
    CHECK(counter.levels() == levels);
    CHECK(counter.scale() == doctest::Approx(levels * 2.0 / 0.5).epsilon(1e-15));
  }
  CHECK(BinaryTreeCounter(64, privacy::kNoPrivacy, 1.0).scale() == 0.0);
}

TEST_CASE("privacy: binary tree U1 nodes are disjoint, cover 1 to t and number popcount of t") {
  for (const std::int64_t horizon : kHorizons) {
    const int levels = BinaryTreeCounter::levels_for(horizon);
    std::map<std::int64_t, std::int64_t> first_of_block_ending_at;
    for (std::int64_t t = 1; t <= horizon; ++t) {
      const auto nodes = BinaryTreeCounter::nodes_of(t);
      INFO("T = " << horizon << ", t = " << t);
      CHECK(static_cast<int>(nodes.size()) == std::popcount(static_cast<std::uint64_t>(t)));
      std::int64_t next = 1;  // consecutive blocks: disjoint and covering [1, t] exactly
      for (const StepBlock& block : nodes) {
        CHECK(block.first == next);
        // dyadic: a power-of-two length at a multiple of it, of a level below L
        CHECK(std::has_single_bit(static_cast<std::uint64_t>(block.length())));
        CHECK((block.first - 1) % block.length() == 0);
        CHECK(std::countr_zero(static_cast<std::uint64_t>(block.length())) < levels);
        next = block.last + 1;
        // frozen noise needs the block ending at a step to be one block, whatever t
        const auto [it, inserted] = first_of_block_ending_at.emplace(block.last, block.first);
        CHECK(it->second == block.first);
      }
      CHECK(next == t + 1);
      // the block ending at t completes at t, and the rest is the prefix of its first - 1
      const StepBlock own = nodes[nodes.size() - 1];
      CHECK(own.last == t);
      const auto before = BinaryTreeCounter::nodes_of(own.first - 1);
      REQUIRE(before.size() + 1 == nodes.size());
      for (std::size_t i = 0; i < before.size(); ++i) CHECK(before[i] == nodes[i]);
    }
  }
}

TEST_CASE(
    "privacy: binary tree U1 with eps = inf releases the exact running sum and draws nothing") {
  Rng data(77);
  for (const std::int64_t horizon : kHorizons) {
    BinaryTreeCounter counter(horizon, privacy::kNoPrivacy, 1.0);
    Rng noise(1);
    const Rng untouched = noise;
    double sum = 0.0;
    bool exact = true;
    for (std::int64_t t = 1; t <= horizon; ++t) {
      const double x = uniform01(data);
      sum += x;
      exact = exact && counter.add(x, noise) == sum && counter.released() == sum;
    }
    CHECK(exact);
    CHECK(noise == untouched);
    CHECK(counter.steps() == horizon);
  }
}

TEST_CASE("privacy: binary tree S~_t is S_t plus the frozen noises of nodes_of t") {
  // The noise of the block ending at s is drawn at step s: replaying the stream of draws
  // (one Lap(b) per step) and summing them over nodes_of(t) must give S~_t - S_t, for
  // integer inputs (so that S_t is exact).
  for (const std::int64_t horizon : kHorizons) {
    BinaryTreeCounter counter(horizon, 0.8, 1.0);
    Rng noise(300 + static_cast<std::uint64_t>(horizon));
    Rng replay = noise;
    Rng data(5);
    std::vector<double> block_noise(static_cast<std::size_t>(horizon) + 1, 0.0);
    for (std::int64_t s = 1; s <= horizon; ++s)
      block_noise[s] = privacy::laplace(replay, counter.scale());
    double sum = 0.0;
    double worst = 0.0;
    for (std::int64_t t = 1; t <= horizon; ++t) {
      const double x = static_cast<double>(uniform_index(data, 2));
      sum += x;
      const double released = counter.add(x, noise);
      double expected = sum;
      for (const StepBlock& block : BinaryTreeCounter::nodes_of(t))
        expected += block_noise[block.last];
      worst = std::max(worst, std::fabs(released - expected));
    }
    INFO("T = " << horizon << ", scale " << counter.scale());
    CHECK(worst < 1e-9 * counter.scale() * counter.levels());
    CHECK(noise == replay);  // exactly one Laplace draw per step
  }
}

TEST_CASE(
    "privacy: binary tree U2 every step is in at most L released nodes, step 1 in exactly L") {
  for (const std::int64_t horizon : kHorizons) {
    const int levels = BinaryTreeCounter::levels_for(horizon);
    // The released nodes up to T are the blocks ending at s = 1..T (U1).
    std::vector<int> nodes_containing(static_cast<std::size_t>(horizon) + 1, 0);
    for (std::int64_t s = 1; s <= horizon; ++s) {
      const StepBlock block = block_ending_at(s);
      for (std::int64_t t = block.first; t <= block.last; ++t) ++nodes_containing[t];
    }
    int most = 0;
    for (std::int64_t t = 1; t <= horizon; ++t) most = std::max(most, nodes_containing[t]);
    INFO("T = " << horizon);
    CHECK(most <= levels);
    CHECK(nodes_containing[1] == levels);  // so L = floor(log2 T) + 1 is needed, not fewer
  }
}

TEST_CASE(
    "privacy: binary tree U4 exact privacy loss is at most eps in every run and reaches eps") {
  // Neighbouring 0/1 streams differing at t* (x_t* flipped: a change of delta = 1). For
  // each run the released node vector z (recovered from S~) has the loss
  // sum over nodes of (|z - v'| - |z - v|)/b, which must be <= eps. For t* = 1 every one of
  // the L = 7 nodes containing it is in the tail favouring x with probability 2^-7, so some
  // of the 2000 runs reach eps up to rounding (all miss with probability (1 - 2^-7)^2000 =
  // 1.6e-7).
  const std::int64_t horizon = 64;
  const double epsilon = 0.9;
  BinaryTreeCounter counter(horizon, epsilon, 1.0);
  Rng data(11);
  Rng noise(12);
  for (const std::int64_t changed : {1, 2, 3, 17, 32, 63, 64}) {
    double largest = -1e300;
    for (int run_index = 0; run_index < 2000; ++run_index) {
      std::vector<double> stream(horizon);
      for (double& x : stream) x = static_cast<double>(uniform_index(data, 2));
      std::vector<double> neighbour = stream;
      neighbour[changed - 1] = 1.0 - neighbour[changed - 1];
      const std::vector<double> z = released_nodes(run(counter, stream, noise));
      const double loss = privacy::laplace_privacy_loss(z, true_nodes(stream),
                                                        true_nodes(neighbour), counter.scale());
      largest = std::max(largest, loss);
    }
    INFO("t* = " << changed << ": largest loss " << largest << ", eps " << epsilon);
    CHECK(largest <= epsilon + 1e-9);
    if (changed == 1) CHECK(largest >= epsilon - 1e-9);
  }
}

TEST_CASE(
    "privacy: binary tree U4 audit has teeth, a halved scale or ceil of log2 T levels fail it") {
  // The adversarial output: every node containing t* = 1 released one unit beyond the true
  // sum under x (the tail favouring x), the others at their true value. Its loss is
  // (number of nodes containing t*) delta / b = L delta / b: exactly eps with the counter's
  // scale, 2 eps with half of it, and (L / (L - 1)) eps with ceil(log2 T) = L - 1 levels at
  // T = 64 (spec §2.6).
  const std::int64_t horizon = 64;
  const double epsilon = 0.9;
  const BinaryTreeCounter counter(horizon, epsilon, 1.0);
  std::vector<double> stream(horizon, 0.0);
  stream[0] = 1.0;
  std::vector<double> neighbour(horizon, 0.0);
  const std::vector<double> v = true_nodes(stream);
  const std::vector<double> v_prime = true_nodes(neighbour);
  std::vector<double> z = v;
  for (std::size_t s = 0; s < z.size(); ++s)
    if (v[s] != v_prime[s]) z[s] = std::max(v[s], v_prime[s]) + 1.0;
  const auto loss = [&](double scale) {
    return privacy::laplace_privacy_loss(z, v, v_prime, scale);
  };
  CHECK(loss(counter.scale()) == doctest::Approx(epsilon).epsilon(1e-12));
  CHECK(loss(counter.scale() / 2) == doctest::Approx(2 * epsilon).epsilon(1e-12));
  const int ceil_log2 = std::bit_width(static_cast<std::uint64_t>(horizon - 1));  // 6
  CHECK(ceil_log2 == counter.levels() - 1);
  CHECK(loss(ceil_log2 * 1.0 / epsilon) > epsilon * 1.1);
}

TEST_CASE("privacy: binary tree restart and reset reuse the counter, same seeds same output") {
  BinaryTreeCounter counter(100, 1.0, 1.0);
  std::vector<double> stream(100, 1.0);
  Rng noise_a(4);
  const std::vector<double> first = run(counter, stream, noise_a);
  Rng noise_b(4);
  CHECK(run(counter, stream, noise_b) == first);
  counter.reset(10, 2.0, 0.5);
  CHECK(counter.steps() == 0);
  CHECK(counter.horizon() == 10);
  CHECK(counter.levels() == 4);
  CHECK(counter.epsilon() == 2.0);
  CHECK(counter.sensitivity() == 0.5);
  CHECK(counter.released() == 0.0);
}

TEST_CASE("privacy: binary tree rejects bad parameters, inputs past the horizon or above delta") {
  CHECK_THROWS_AS(BinaryTreeCounter(0, 1.0, 1.0), ConfigError);
  CHECK_THROWS_AS(BinaryTreeCounter(10, 0.0, 1.0), ConfigError);
  CHECK_THROWS_AS(BinaryTreeCounter(10, -1.0, 1.0), ConfigError);
  CHECK_THROWS_AS(BinaryTreeCounter(10, std::numeric_limits<double>::quiet_NaN(), 1.0),
                  ConfigError);
  CHECK_THROWS_AS(BinaryTreeCounter(10, 1.0, -1.0), ConfigError);
  CHECK_THROWS_AS(BinaryTreeCounter(10, 1.0, std::numeric_limits<double>::infinity()), ConfigError);
  BinaryTreeCounter counter(2, 1.0, 1.0);
  Rng noise(1);
  CHECK_THROWS_AS(counter.add(1.5, noise), InternalError);
  counter.add(1.0, noise);
  counter.add(0.0, noise);
  CHECK_THROWS_AS(counter.add(0.0, noise), InternalError);
  BinaryTreeCounter unset;
  CHECK_THROWS_AS(unset.add(0.0, noise), InternalError);
}
